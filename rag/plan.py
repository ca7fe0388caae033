"""Plan: the corpus files + the current index version → what a refresh must do (`Plan`).

In: the files `corpus.scan` found (and those it skipped), the settings, `rebuild`. Out: the version to
build on (or none: from scratch, and why), and the documents to remove, to leave alone and to read.
The one decision this module owns: what "deleted" means, and when the current version is not built upon.
A file that is still there but fails to parse keeps its previous chunks; only a file that is gone is
removed. A version built another way (embedding model, chunking, Chroma server), damaged, or holding
vectors of another dimension than the model now gives is not built upon: the corpus is embedded afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rag.config import Settings
from rag.corpus import Skipped, SourceFile
from rag.damage import check_files
from rag.errors import IndexDamaged
from rag.manifest import LAYOUT, DocEntry, Manifest, current_version, load_manifest
from rag.sections import SECTIONING
from rag.vectors import open_collections

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

DIMENSION_PROBE = "dimension check"  # any text: only the length of its vector is read


@dataclass(frozen=True)
class Plan:
    base: Manifest | None  # the version to build on; None: build from scratch
    note: str  # why the index is rebuilt from scratch ("" when it is not)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    todo: list[SourceFile] = field(default_factory=list)  # added or changed: to read, chunk and embed

    @property
    def old_docs(self) -> dict[str, DocEntry]:
        return self.base.documents if self.base else {}

    @property
    def base_version(self) -> str | None:
        return self.base.version if self.base else None


def diff(files: list[SourceFile], skipped: list[Skipped], base: Manifest | None, note: str = "") -> Plan:
    """What changed since `base`: a document is removed only when its file is gone."""
    old_docs = base.documents if base else {}
    present = {f.id for f in files} | {s.id for s in skipped}
    return Plan(
        base=base,
        note=note,
        removed=sorted(d for d in old_docs if d not in present),
        unchanged=sorted(f.id for f in files if f.id in old_docs and old_docs[f.id].sha256 == f.sha256),
        todo=[f for f in files if f.id not in old_docs or old_docs[f.id].sha256 != f.sha256],
    )


def make_plan(
    settings: Settings,
    files: list[SourceFile],
    skipped: list[Skipped],
    rebuild: bool,
    embedder: BaseEmbedding | None,
    read: Manifest | None = None,
) -> tuple[Plan, BaseEmbedding | None]:
    """The plan of a refresh, and the embedder if checking the base needed it loaded. `read`: the
    current version's manifest if the caller has read it (not read again)."""
    index_dir = settings.index_dir
    base, note = usable_base(settings, index_dir, current_version(index_dir), rebuild, read)
    plan = diff(files, skipped, base, note)
    if plan.base is not None and (plan.todo or plan.removed):
        # About to build on the current version: have Chroma read it first. A refresh with nothing to do
        # writes nothing, so its files' check (`usable_base`) is enough and it stays cheap.
        try:
            open_collections(settings, index_dir, plan.base)
        except IndexDamaged as exc:
            plan = diff(files, skipped, None, f"the index was damaged ({exc.what}); rebuilt from scratch")
    if plan.base is not None and plan.base.dim and plan.todo:
        # The same model name can hold another model (a local folder retrained in place): vectors of
        # another dimension cannot join the old ones, so the index is rebuilt rather than broken.
        if embedder is None:
            from rag.embeddings import load_embedder

            embedder = load_embedder(settings)
        dim = len(embedder.get_text_embedding(DIMENSION_PROBE))
        if dim != plan.base.dim:
            note = (
                f"the embedding model now gives {dim}-dimension vectors, the index holds {plan.base.dim}; "
                "rebuilt from scratch"
            )
            plan = diff(files, skipped, None, note)
    return plan, embedder


def usable_base(
    settings: Settings, index_dir: Path, base: str | None, rebuild: bool, read: Manifest | None = None
) -> tuple[Manifest | None, str]:
    """The manifest of version `base` (`read`, if that is the one the caller read: a committed version's
    manifest never changes), if the index was built the way the settings would build it now and is
    whole; else None and why it is rebuilt from scratch."""
    if base is None:
        return None, ""
    if rebuild:
        return None, "rebuilt from scratch, as asked"
    try:
        old = read if read is not None and read.version == base else load_manifest(index_dir, base)
        same = (
            old.embed_model == settings.embed_model
            and old.chunk_size == settings.chunk_size
            and old.chunk_overlap == settings.chunk_overlap
            and old.chroma_host == settings.chroma_host
            and old.sectioning == SECTIONING
        )
        if not same:
            return None, "index settings changed (embedding model or chunking); rebuilt from scratch"
        if old.layout != LAYOUT:
            return (
                None,
                "the index was built by an earlier version of rag, in another layout; rebuilt from scratch",
            )
        check_files(settings, index_dir, old)  # its files; Chroma reads it before it is built on
    except IndexDamaged as exc:
        return None, f"the index was damaged ({exc.what}); rebuilt from scratch"
    return old, ""
