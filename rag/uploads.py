"""Uploads: a file from the browser (name and bytes) → a file saved in the corpus folder, or why it is not.

Plain Python (no Streamlit), so every rule the page relies on is tested directly.
The one decision this module owns: what an uploaded name may become — a sanitised base name inside the
corpus folder, of a type the corpus reads, that never replaces a different file.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rag.corpus import SUPPORTED, Unreadable, decode_text, sha256_of

MAX_UPLOAD_MB = 10  # a long report as PDF; larger files belong in the corpus folder, copied by hand
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 2**20
UPLOAD_TYPES = sorted(ext.lstrip(".") for ext in SUPPORTED)
MAX_NAME_CHARS = 100  # a readable file name, well under every file system's limit
SHOWN_NAME_CHARS = 80  # an uploaded name quoted in a message stays on one line
_MAX_COPIES = 1000  # name-2 … name-1000: past that, a rename is the better way forward

Outcome = Literal["saved", "renamed", "identical"]


class UploadRejected(ValueError):
    """An upload that is not saved; the message says why and what to do."""


@dataclass(frozen=True)
class SavedUpload:
    original: str  # the name as the browser sent it
    name: str  # the name in the corpus folder
    path: Path
    outcome: Outcome

    def describe(self) -> str:
        if self.outcome == "renamed":
            return (
                f"{shown_name(self.original)} saved as {self.name} (a different file already has that name)"
            )
        if self.outcome == "identical":
            return f"{self.name} is already in the corpus with the same content"
        if self.name != self.original:
            return f"{shown_name(self.original)} saved as {self.name}"
        return f"{self.name} saved"


def shown_name(raw: str) -> str:
    """An uploaded name as it may be shown in a message: control characters visible, length bounded."""
    text = raw.encode("unicode_escape").decode("ascii") if any(not c.isprintable() for c in raw) else raw
    return text if len(text) <= SHOWN_NAME_CHARS else text[: SHOWN_NAME_CHARS - 3] + "…"


def safe_upload_name(raw: str) -> str:
    """The base name an upload is saved under; `UploadRejected` when nothing safe remains.

    Folders are dropped (`../../x.md` and `/etc/x.md` become `x.md`), characters other than letters,
    digits, `.`, `_` and `-` become `-`, leading dots go (hidden files are not indexed) and the
    extension must be one the corpus reads.
    """
    if "\x00" in raw:
        raise UploadRejected(f"{shown_name(raw)!r}: the file name contains a NUL byte; rename the file")
    base = unicodedata.normalize("NFKC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    ext = "." + ext.lower()
    if not dot or ext not in SUPPORTED:
        raise UploadRejected(
            f"{shown_name(raw)!r}: unsupported file type; upload {', '.join('.' + t for t in UPLOAD_TYPES)}"
        )
    stem = re.sub(r"[^\w.-]+", "-", stem)
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_")[:MAX_NAME_CHARS].rstrip(".-_")
    if not stem:
        raise UploadRejected(f"{shown_name(raw)!r}: the file name has no usable characters; rename the file")
    return stem + ext


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse an upload the corpus could not read: too large, empty, not text, not a PDF."""
    if len(data) > max_bytes:
        raise UploadRejected(
            f"{name}: {len(data) / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB upload limit; "
            "split the document or copy it into the corpus folder by hand"
        )
    if not data:
        raise UploadRejected(f"{name}: the file is empty")
    if name.lower().endswith(".pdf"):
        if b"%PDF-" not in data[:1024]:
            raise UploadRejected(f"{name}: this is not a PDF file (no %PDF header); export it as PDF again")
        return
    try:
        text = decode_text(data)
    except Unreadable as exc:
        raise UploadRejected(f"{name}: {exc}") from None
    if not text.strip():
        raise UploadRejected(f"{name}: the file holds no text")


def save_upload(
    corpus_dir: Path, raw_name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES
) -> SavedUpload:
    """Save an upload into the corpus folder under a safe name, never replacing a different file.

    Same name and same content: nothing is written. Same name, other content: saved as `name-2.md`
    (then `-3`, …). The file appears under its final name only once fully written.
    """
    name = safe_upload_name(raw_name)
    check_upload(name, data, max_bytes)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    stem, ext = name[: -len(Path(name).suffix)], Path(name).suffix
    tmp = corpus_dir / f".upload-{os.getpid()}-{time.monotonic_ns()}.tmp"  # hidden: never indexed
    try:
        tmp.write_bytes(data)  # inside the `try`: a disk filling mid-write leaves no partial file behind
        for copy in range(1, _MAX_COPIES + 1):
            candidate = name if copy == 1 else f"{stem}-{copy}{ext}"
            target = corpus_dir / candidate
            if target.exists() or target.is_symlink():
                if target.is_file() and sha256_of(target) == digest:
                    return SavedUpload(raw_name, candidate, target, "identical")
                continue
            try:
                os.link(tmp, target)  # fails if the name was taken meanwhile: no silent overwrite
            except FileExistsError:
                continue
            return SavedUpload(raw_name, candidate, target, "saved" if copy == 1 else "renamed")
    finally:
        tmp.unlink(missing_ok=True)
    raise UploadRejected(f"{name}: too many files with this name in the corpus; rename the file")
