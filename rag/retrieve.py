"""Retrieve: a question → ranked `Passage`s, dense (Chroma, cosine) and lexical (BM25) fused by RRF.

A version's chunks lie in a few segments (`rag.vectors`): the dense ranking queries each segment's
`ChromaVectorStore` with a `VectorStoreQuery` (what LlamaIndex's `VectorIndexRetriever` does, without
importing the index classes it belongs to), asking for as many more as the segment holds chunks the
version no longer does, and keeps the live ones; the lexical ranking is BM25 over the
live chunks of all segments (`rag.bm25.WordIndex`). They are fused here by weighted reciprocal rank
fusion rather than by `QueryFusionRetriever`, because that one replaces each passage's scores with the
fused one, and the answer stage needs the dense cosine to tell "the corpus does not cover this" from
"it does".
The one decision this stage owns: a retriever is bound to one index version; `stale()` tells a
long-lived process (the page) when a refresh has made a newer one current.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag import bm25
from rag.chunking import Chunk
from rag.config import Settings
from rag.errors import IndexMissing
from rag.manifest import current_version, load_manifest
from rag.sections import OPENING_CHARS, opening, said_length
from rag.vectors import open_collections, store_of

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import BaseNode, NodeWithScore
    from llama_index.vector_stores.chroma import ChromaVectorStore


# A document's opening is read from its first chunks, and from the next ones only while it ends on a
# label whose entries they hold ("Moderator:", "Panellists:": a header's short sections are chunks of
# their own) or while too short to be an opening (`OPENING_CHARS`). (Five chunks always was tried and
# dropped: a newsletter's opening then named the models of its later items, and every sentence of it
# spoke for them.)
OPENING_CHUNKS = 2
MAX_OPENING_CHUNKS = 5
READ_CACHE = 20_000  # chunks a retriever keeps once read (~2 KB each): a bound at 100k-chunk indexes


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float  # fused reciprocal-rank score
    dense: float  # cosine similarity to the question (0 when only BM25 found it)
    bm25: float  # BM25 score (0 when only the dense retriever found it)


def node_to_chunk(node: BaseNode) -> Chunk:
    meta = node.metadata
    return Chunk(
        id=node.node_id,
        doc_id=str(meta["doc_id"]),
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        text=node.get_content(),
        start=int(meta["start"]),
        end=int(meta["end"]),
        line_start=int(meta.get("line_start", 0)),
        line_end=int(meta.get("line_end", 0)),
        table_header=str(meta.get("table_header", "")),
    )


class Retriever:
    """Hybrid retrieval over one index version."""

    def __init__(self, settings: Settings, embedder: BaseEmbedding, version: str | None = None) -> None:
        self.settings = settings
        self.index_dir = settings.index_dir
        self.manifest = load_manifest(self.index_dir, version)
        if self.manifest.embed_model != settings.embed_model:
            raise IndexMissing(
                f"the index was built with embedding model {self.manifest.embed_model!r} but "
                f"{settings.embed_model!r} is configured; run `rag ingest` to rebuild it"
            )
        self.version = self.manifest.version
        # Passages of documents that speak to AI assistants never reach a model (unless the user trusts
        # them): the first defence against injection; grounding still checks whatever gets through.
        self.withheld = (
            set()
            if settings.use_flagged_documents
            else {k for k, d in self.manifest.documents.items() if d.flagged}
        )
        self._embedder = embedder
        held = self.manifest.live()
        self._stores: dict[str, ChromaVectorStore] = {}
        self._dense: list[tuple[set[str], ChromaVectorStore, int]] = []
        for name, collection in open_collections(settings, self.index_dir, self.manifest).items():
            store = self._stores[name] = store_of(collection)
            live = held.get(name, set())
            # Chroma searches the whole segment: ask for enough that its replaced chunks cannot crowd out
            # the live ones.
            wanted = min(
                settings.candidate_k + self.manifest.segments[name].count - len(live), collection.count()
            )
            self._dense.append((live, store, max(wanted, 1)))
        self._words = bm25.load(self.index_dir, self.manifest, held)
        self._vocabulary: frozenset[str] | None = None
        self._openings: dict[str, str] = {}
        # Chunks read from the stores, by id: a version's chunks never change, and one answer's searches
        # (the question, its parts, its names) keep finding the same ones.
        self._read: dict[str, BaseNode] = {}

    def vocabulary(self) -> frozenset[str]:
        """Every word the indexed documents write in lower case (read once per version): a capitalised
        word never written so is a name ("Falcon"), one that is written so is not ("Privacy")."""
        if self._vocabulary is None:
            self._vocabulary = self._words.lowercase_words()
        return self._vocabulary

    def openings(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """Each document's opening (`sections.opening` of its first chunks), read once per version: where a
        transcript or press release names who its "we" are. Two chunks, the first may end mid-list ("Guests:
        Declan Veerhoff, …, Halvorsen Labs; Dr" / "Imogen Rask, executive director, Brightwater Collective"),
        and more while it ends on a label (see `OPENING_CHUNKS`)."""
        docs = self.manifest.documents
        wanted = {d for d in doc_ids if d not in self._openings and d in docs}
        self._load([(docs[d].segment, i) for d in wanted for i in docs[d].chunk_ids[:MAX_OPENING_CHUNKS]])
        read = {
            d: [self._read[i] for i in docs[d].chunk_ids[:MAX_OPENING_CHUNKS] if i in self._read]
            for d in wanted
        }
        for doc, nodes in read.items():
            text, end = "", 0
            for k, node in enumerate(sorted(nodes, key=lambda n: int(n.metadata["start"]))):
                # (and while they are too short to hold an opening: a letter's letterhead, reference and
                # address lines may each be a chunk of their own)
                if (
                    k >= OPENING_CHUNKS
                    and not text.rstrip().endswith(":")
                    and said_length(text) >= OPENING_CHARS
                ):
                    break
                start, body = int(node.metadata["start"]), node.get_content()
                # Chunks overlap, or leave the line breaks between them out: stitched by their offsets, a
                # blank line kept as one (a paragraph joined to the next chunk's would be one too long).
                gap = "\n" * min(max(start - end, 1), 2) if text else ""
                text += body[end - start :] if start < end else gap + body
                end = max(end, start + len(body))
            self._openings[doc] = opening(text)
        return {d: self._openings.get(d, "") for d in doc_ids}

    def heads(self, doc_ids: Sequence[str], at: int = 0) -> list[Passage]:
        """Each document's first chunk (`at=-1`: its last), as a passage: its header ("From: …", "Speaker:
        …") says who wrote or gave the whole, its signature who signed it, in words no search for the
        question need rank."""
        docs = self.manifest.documents
        kept = [
            d for d in dict.fromkeys(doc_ids) if d in docs and d not in self.withheld and docs[d].chunk_ids
        ]
        if at != 0:
            return self._passages([(docs[d].segment, docs[d].chunk_ids[at]) for d in kept])
        # A header cut into small chunks at its plain-text title lines goes on in the next ones, as an
        # opening does: a judgment's "Neutral Citation Number…" / "IN THE HIGH COURT…" / "THE HONOURABLE MRS
        # JUSTICE HAVERFORD". (Read in one call per segment, as `openings` reads them.)
        self._load([(docs[d].segment, i) for d in kept for i in docs[d].chunk_ids[:MAX_OPENING_CHUNKS]])
        more: list[tuple[str, str]] = []
        for d in kept:
            first, *rest = docs[d].chunk_ids[:MAX_OPENING_CHUNKS]
            size = self._length(first)
            for i in rest:
                if size >= OPENING_CHARS:
                    break
                more.append((docs[d].segment, i))
                size += self._length(i)
        return self._passages([(docs[d].segment, docs[d].chunk_ids[0]) for d in kept] + more)

    def _length(self, chunk_id: str) -> int:
        """The length of what a chunk read into the cache says (`said_length`; 0 when it could not be read)."""
        return said_length(node_to_chunk(self._read[chunk_id]).text) if chunk_id in self._read else 0

    def following(self, passages: Sequence[Passage]) -> list[Passage]:
        """The chunk after each passage that ends inside a table: a table split between two chunks goes
        on in the next ("| **Proposed start date** | 1 October 2025 |" after the rows that name the
        project), whose rows name nothing a search for the question would rank."""
        docs = self.manifest.documents
        wanted = []
        for p in passages:
            entry = docs.get(p.chunk.doc_id)
            lines = p.chunk.text.rstrip().splitlines()
            if (
                entry is None
                or p.chunk.doc_id in self.withheld
                or not lines
                or not lines[-1].lstrip().startswith("|")
            ):
                continue
            ids = entry.chunk_ids
            if p.chunk.id in ids and (k := ids.index(p.chunk.id)) + 1 < len(ids):
                wanted.append((entry.segment, ids[k + 1]))
        return self._passages(wanted)

    def _passages(self, wanted: list[tuple[str, str]]) -> list[Passage]:
        """The chunks `wanted` (segment, chunk id), read and in that order, as passages found by no search."""
        self._load(wanted)
        return [Passage(node_to_chunk(self._read[i]), 0.0, 0.0, 0.0) for _, i in wanted if i in self._read]

    def stale(self) -> bool:
        return current_version(self.index_dir) != self.version

    def embed_query(self, question: str) -> list[float]:
        return list(self._embedder.get_query_embedding(question))

    def retrieve(
        self, question: str, top_k: int | None = None, embedding: list[float] | None = None
    ) -> list[Passage]:
        """The `top_k` best passages for the question, best first."""
        if self.manifest.chunk_count == 0:
            return []
        vector = embedding or self.embed_query(question)
        if self.manifest.dim and len(vector) != self.manifest.dim:
            # The same model name can hold another model (a local folder replaced in place): Chroma would
            # fail deep inside with a dimension error, so say what happened and how to fix it.
            raise IndexMissing(
                f"the embedding model now gives {len(vector)}-dimension vectors but the index holds "
                f"{self.manifest.dim}; run `rag ingest` to rebuild it"
            )
        fused = fuse(self.nearest(vector), self._lexical(question), self.settings)
        return [p for p in fused if p.chunk.doc_id not in self.withheld][: top_k or self.settings.top_k]

    def nearest(self, vector: list[float]) -> list[NodeWithScore]:
        """The dense half: each segment's nearest live chunks to the vector, scored by cosine similarity,
        the best `candidate_k` of them, best first."""
        from llama_index.core.schema import NodeWithScore
        from llama_index.core.vector_stores.types import VectorStoreQuery

        dense: list[NodeWithScore] = []
        for live, store, k in self._dense:
            # The store's own query, as LlamaIndex's VectorIndexRetriever makes it: the retriever class
            # would import every index type and chat engine with it (~1 s of a cold `rag ask`).
            found = store.query(VectorStoreQuery(query_embedding=vector, similarity_top_k=k))
            dense += [
                NodeWithScore(node=node, score=score)
                for node, score in zip(found.nodes or [], found.similarities or [], strict=True)
                if node.node_id in live
            ]
        for hit in dense:
            # ChromaVectorStore reports exp(-distance); with cosine distance (1 - cos) that inverts exactly.
            hit.score = 1.0 + math.log(hit.score) if hit.score else 0.0
        return sorted(dense, key=lambda h: -(h.score or 0.0))[: self.settings.candidate_k]

    def naming(self, name: str, top_k: int) -> list[Passage]:
        """The passages that name `name` (BM25 alone, with its score): a rare name is found by its
        letters, where the dense ranking of a bare name is noise."""
        if self.manifest.chunk_count == 0:
            return []
        hits = self._lexical(name)
        found = [Passage(node_to_chunk(h.node), 0.0, 0.0, float(h.score or 0.0)) for h in hits]
        return [p for p in found if p.chunk.doc_id not in self.withheld][:top_k]

    def _lexical(self, query: str) -> list[NodeWithScore]:
        """BM25's hits: only passages sharing a word with the query (one of score 0, ranked, would earn
        fusion credit for nothing and bury the passage that holds a rare name), read from their segments."""
        from llama_index.core.schema import NodeWithScore

        hits = self._words.search(query, self.settings.candidate_k)
        self._load([(segment, i) for segment, i, _ in hits])
        return [NodeWithScore(node=self._read[i], score=score) for _, i, score in hits]

    def _load(self, wanted: Sequence[tuple[str, str]]) -> None:
        """Read the (segment, chunk id) chunks not yet read into the chunk cache, one call per segment."""
        if len(self._read) > READ_CACHE:
            self._read.clear()
        for name in {segment for segment, i in wanted if i not in self._read}:
            ids = [i for segment, i in wanted if segment == name and i not in self._read]
            self._read.update((n.node_id, n) for n in self._stores[name].get_nodes(node_ids=ids))


def fuse(dense: list[NodeWithScore], lexical: list[NodeWithScore], settings: Settings) -> list[Passage]:
    """Weighted reciprocal rank fusion: score = Σ weight / (k + rank), ranks from 1."""
    fused: dict[str, float] = {}
    nodes: dict[str, BaseNode] = {}
    dense_score: dict[str, float] = {}
    bm25_score: dict[str, float] = {}
    for weight, ranking, scores in (
        (settings.dense_weight, dense, dense_score),
        (settings.bm25_weight, lexical, bm25_score),
    ):
        for rank, hit in enumerate(ranking, start=1):
            key = hit.node.node_id
            nodes.setdefault(key, hit.node)
            scores[key] = float(hit.score or 0.0)
            fused[key] = fused.get(key, 0.0) + weight / (settings.rrf_k + rank)
    order = sorted(fused, key=lambda k: (-fused[k], -dense_score.get(k, 0.0), k))
    return [
        Passage(node_to_chunk(nodes[k]), fused[k], dense_score.get(k, 0.0), bm25_score.get(k, 0.0))
        for k in order
    ]
