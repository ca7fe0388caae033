"""Corpus: a folder → source files (id, content hash) → documents (title, text); unreadable files → `Skipped`.

A document's id is its path relative to the corpus folder (POSIX form), so it is stable across machines.
Its `text` is what citations index into: for `.md`/`.txt` the file's decoded text exactly (so
`text[start:end]` is the file's own characters), for `.html` and `.pdf` the text extracted from it.
The one decision this stage owns: what counts as readable. Nothing here is fatal: a bad file becomes a
one-line reason and the rest of the corpus goes on. PDFs are parsed in a subprocess with a time and memory
cap, because PDF parsers have had infinite-loop bugs (pypdf CVE-2023-36464).
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.errors import CorpusError

SUPPORTED = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class SourceFile:
    id: str
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    sha256: str
    kind: str  # "markdown", "text", "html" or "pdf"


@dataclass(frozen=True)
class Skipped:
    id: str
    reason: str


class Unreadable(Exception):
    """A file that cannot become a document; the message is the one-line reason."""


def scan(corpus_dir: Path, max_bytes: int) -> tuple[list[SourceFile], list[Skipped]]:
    """List the corpus's supported files with their content hashes, without parsing them.

    Hidden files and folders are ignored; links are followed only while they stay inside the corpus.
    """
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist; create it and add documents")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus path {corpus_dir} is not a folder")
    root = corpus_dir.resolve()
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    for path in sorted(_walk(corpus_dir)):
        doc_id = path.relative_to(corpus_dir).as_posix()
        if _CONTROL.search(doc_id):
            # A line break in a name would forge lines in every listing that shows it (and in the log).
            shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", doc_id)
            skipped.append(
                Skipped(shown, "file name holds a control character (a line break, a tab); rename it")
            )
            continue
        if path.suffix.lower() not in SUPPORTED:
            skipped.append(Skipped(doc_id, f"unsupported file type {path.suffix or '(none)'}"))
            continue
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            skipped.append(Skipped(doc_id, "broken link"))
            continue
        if not real.is_relative_to(root):
            skipped.append(Skipped(doc_id, "link points outside the corpus; not followed"))
            continue
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            # A link to a named pipe or a device would block the hash below forever.
            skipped.append(Skipped(doc_id, "not a regular file (a link to a folder, pipe or device)"))
            continue
        size = info.st_size
        if size > max_bytes:
            skipped.append(
                Skipped(doc_id, f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit")
            )
            continue
        try:
            sha = _sha256(real)
        except OSError as exc:
            skipped.append(Skipped(doc_id, f"cannot read: {exc.strerror or exc}"))
            continue
        files.append(SourceFile(doc_id, real, sha, size))
    return files, skipped


def _walk(folder: Path) -> Iterator[Path]:
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            yield from _walk(entry)
        elif entry.is_file() or entry.is_symlink():
            yield entry


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read(source: SourceFile, parse_timeout_s: float = 30.0, parse_memory_mb: int = 1024) -> Document:
    """Parse one file into a `Document`; raises `Unreadable` with the reason."""
    suffix = source.path.suffix.lower()
    if suffix == ".pdf":
        title, text = _read_pdf_caged(source.path, parse_timeout_s, parse_memory_mb)
        kind = "pdf"
    else:
        raw = source.path.read_bytes()
        decoded = decode_text(raw)
        if suffix in {".html", ".htm"}:
            title, text = html_to_text(decoded)
            kind = "html"
        else:
            text = decoded
            title = markdown_title(text)
            kind = "markdown" if suffix in {".md", ".markdown"} else "text"
    if not text.strip():
        raise Unreadable("no text in file" if source.size else "empty file")
    return Document(source.id, title or _title_from_name(source.id), text, source.sha256, kind)


def decode_text(raw: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything else is refused."""
    if not raw:
        raise Unreadable("empty file")
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise Unreadable(f"invalid {codec} text at byte {exc.start}") from None
    if b"\x00" in raw[:8192]:
        raise Unreadable("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None


_FRONT_MATTER_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?title:\s*[\"']?(.+?)[\"']?\s*\n(?:.*\n)*?---", re.M)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def markdown_title(text: str) -> str:
    """The front-matter title, else the first heading, else the first short line."""
    if m := _FRONT_MATTER_TITLE.match(text):
        return m.group(1).strip()
    if m := _HEADING.search(text):
        return clean_heading(m.group(1))
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 80 else ""


def clean_heading(heading: str) -> str:
    """Strip markdown emphasis and stray punctuation from a heading for display."""
    heading = re.sub(r"[*`]+|(?<!\w)_+|_+(?!\w)", "", heading).strip().rstrip(":").strip()
    return heading.replace("_", " ") if " " not in heading else heading


def _title_from_name(doc_id: str) -> str:
    stem = Path(doc_id).stem
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or doc_id


def html_to_text(html: str) -> tuple[str, str]:
    """Visible text of an HTML page, headings kept as markdown `#` lines so chunking stays heading-aware."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(["head", "script", "style", "noscript", "template", "iframe", "svg"]):
        tag.decompose()
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.replace_with(f"\n\n{'#' * level} {h.get_text(' ', strip=True)}\n\n")
    for block in soup.find_all(["p", "li", "div", "br", "tr", "section", "article"]):
        block.insert_after("\n")
    text = soup.get_text("")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not title and (m := _HEADING.search(text)):
        title = clean_heading(m.group(1))
    return title, text


def _read_pdf_caged(path: Path, timeout_s: float, memory_mb: int) -> tuple[str, str]:
    """Run `python -m rag.corpus PDF MB` with a time and address-space limit; it prints {title, text} as JSON.

    The child caps its own address space before it imports the parser (rather than through `preexec_fn`,
    which CPython documents as unsafe in a process with threads, like the page or a test runner).
    """
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "rag.corpus", str(path), str(memory_mb)],
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Unreadable(f"PDF parsing took over {timeout_s:g} s; stopped") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"parser exited with code {proc.returncode}"
        if "MemoryError" in reason:
            reason = f"PDF parsing needed over {memory_mb} MB; stopped"
        raise Unreadable(reason.removeprefix("rag.corpus.Unreadable: "))
    result = json.loads(proc.stdout)
    return str(result["title"]), str(result["text"])


def _limit_memory(memory_mb: int) -> None:
    import resource

    cap = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _pdf_main(path: str) -> None:
    """Child process: extract a PDF's text with pypdf, or fail with a one-line reason on stderr."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.disable(logging.WARNING)  # pypdf warns about every quirk of real-world PDFs
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("encrypted PDF; save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except Unreadable:
        raise
    except DependencyError:  # AES: pypdf needs the `cryptography` package to decrypt, even without a password
        raise Unreadable(
            "encrypted PDF (AES) that this installation cannot decrypt; save an unencrypted copy"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Unreadable(f"corrupt PDF: {exc}") from None
    except Exception as exc:  # pypdf raises many types on damaged files; all mean the same to a user
        if "encrypt" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise Unreadable("encrypted PDF; save an unencrypted copy") from None
        raise Unreadable(f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    print(json.dumps({"title": str(meta_title).strip(), "text": text}))


if __name__ == "__main__":
    try:
        if len(sys.argv) > 2:
            _limit_memory(int(sys.argv[2]))
        _pdf_main(sys.argv[1])
    except Unreadable as exc:
        print(f"rag.corpus.Unreadable: {exc}", file=sys.stderr)
        sys.exit(3)
