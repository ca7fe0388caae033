"""Manifest: an index folder → which version is current, and what each version holds (`Manifest`).

Layout of the index folder (`rag.store` tells the whole story):
    CURRENT                  name of the version readers use
    versions/<name>/         one version: its manifest.json, and the segment of chunks it wrote

The one decision this module owns: what a version's manifest records (documents with their hashes, chunk
ids and the segment holding them, how the index was built, the segments it reads with their BM25 files
as committed) and how it is read back: a missing index
is `IndexMissing`, a manifest that cannot be read (or a CURRENT naming nothing) is `IndexDamaged`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import IndexMissing, damaged, one_line

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
VERSION_NAME = re.compile(r"[\w.-]+")  # what a version name may hold: CURRENT must not lead outside versions/


def corpus_hash(sha256_by_doc: Mapping[str, str]) -> str:
    """The hash `rag status` shows (and the eval manifest records): sha256 over "doc id<TAB>file sha256"
    lines in doc id order."""
    listing = "\n".join(f"{doc_id}\t{sha}" for doc_id, sha in sorted(sha256_by_doc.items()))
    return hashlib.sha256(listing.encode()).hexdigest()


LAYOUT = 2  # 2: a version reads the segments of the versions before it; 1 (absent): one whole copy each


@dataclass(frozen=True)
class DocEntry:
    sha256: str
    title: str
    kind: str
    chunk_ids: list[str]
    flagged: str = ""  # words of the document that speak to an AI assistant; see injection.addressed_to_ai
    segment: str = ""  # the version whose vectors and word index hold its chunks (its segment)
    seen: tuple[int, ...] = ()  # the file's (size, mtime, ctime, inode) when hashed: `corpus.scan` trusts
    # the hash while the file shows the same four (ctime cannot be set back, so any write changes it)


@dataclass(frozen=True)
class Segment:
    """The vectors and word index one version wrote: read by every later version still holding its chunks."""

    count: int  # vectors it holds, live or not (the chunks of documents since changed or removed stay)
    words: dict[str, str] = field(default_factory=dict)  # its BM25 files: name → "size:sha256"


@dataclass
class Manifest:
    version: str
    embed_model: str
    dim: int
    chunk_size: int
    chunk_overlap: int
    created: float
    documents: dict[str, DocEntry] = field(default_factory=dict)
    previous: str | None = None
    chroma_host: str | None = None
    sectioning: int = 1  # `rag.sections.SECTIONING` of the build (absent from manifests before it: 1)
    segments: dict[str, Segment] = field(default_factory=dict)  # version → what it wrote, oldest first
    layout: int = 1  # `LAYOUT` of the build

    @property
    def chunk_count(self) -> int:
        return sum(len(d.chunk_ids) for d in self.documents.values())

    def live(self) -> dict[str, set[str]]:
        """Segment → the chunk ids of it this version still holds (the rest are replaced or removed)."""
        live: dict[str, set[str]] = {name: set() for name in self.segments}
        for entry in self.documents.values():
            live.setdefault(entry.segment, set()).update(entry.chunk_ids)
        return live

    @property
    def corpus_hash(self) -> str:
        return corpus_hash({doc_id: entry.sha256 for doc_id, entry in self.documents.items()})

    def to_json(self) -> str:
        # `asdict` deep-copies every chunk id list: at 100k chunks that alone took a second per refresh.
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["documents"] = {k: vars(v) for k, v in self.documents.items()}
        fields["segments"] = {k: vars(v) for k, v in self.segments.items()}
        # Not `sort_keys`: segments are oldest first (version names made in one second sort by chance).
        return json.dumps(fields, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        raw["documents"] = {
            k: DocEntry(**{**v, "seen": tuple(v.get("seen", ()))}) for k, v in raw["documents"].items()
        }
        raw["segments"] = {k: Segment(**v) for k, v in raw.get("segments", {}).items()}
        raw.pop("words", None)  # layout 1 kept its one BM25 listing here; such an index is rebuilt
        manifest = cls(**raw)
        if not isinstance(manifest.version, str) or not isinstance(manifest.dim, int):
            raise ValueError("fields of the wrong type")
        return manifest


def versions_dir(index_dir: Path) -> Path:
    return index_dir / "versions"


def current_version(index_dir: Path) -> str | None:
    try:
        name = (index_dir / CURRENT).read_text(errors="replace").strip()
    except FileNotFoundError:
        return None
    return name or None


def load_manifest(index_dir: Path, version: str | None = None) -> Manifest:
    """The manifest of the given (default: current) version; `IndexMissing` when there is none,
    `IndexDamaged` when CURRENT names a version that is gone or the manifest cannot be read."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(f"no index in {index_dir}; build it with `rag ingest`")
    if not VERSION_NAME.fullmatch(version) or version in (".", ".."):
        raise damaged(index_dir, "CURRENT does not hold a version name")
    path = versions_dir(index_dir) / version / MANIFEST
    try:
        return Manifest.from_json(path.read_text())
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise damaged(index_dir, f"CURRENT names version {version}, which is gone") from None
        raise damaged(index_dir, f"version {version} has no manifest") from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # JSONDecodeError is a ValueError
        raise damaged(
            index_dir, f"the manifest of version {version} is not valid ({one_line(exc)})"
        ) from None
