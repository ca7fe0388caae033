"""BM25: the chunks one refresh writes → their word index on disk; the segments of a version → one ranking.

In: the nodes a version writes (its segment, `build`). Out: `versions/<name>/bm25/`, the segment's postings
(stem → the chunks holding it, with counts) and chunk lengths, its files' sizes and hashes in the manifest
(`record`), which `check_sizes` (cheap, for `rag status`) and `verify` (byte for byte, for readers) hold
them to. A version reads the segments it names (`WordIndex`), ranking only the chunks it still holds.
The one decision this module owns: BM25 over a version is the same wherever its chunks were written. The
statistics BM25 weighs words by (how many live chunks hold a word, their mean length) are summed over the
segments at query time from the query's words alone, so a refresh writes only its own chunks' postings
and never rebuilds the others': LlamaIndex's `BM25Retriever` (bm25s) bakes them into one index built
over every chunk, which a refresh of one document would rebuild whole. The tokens and the score are
bm25s's (its tokenizer, English stopwords, the one stemmer of `rag.stemming`, Lucene's BM25 with its k1
and b), so a version written at once ranks as `BM25Retriever` ranked it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.corpus import sha256_of
from rag.errors import damaged
from rag.manifest import Manifest, Segment, versions_dir
from rag.stemming import english_stemmer
from rag.words import lower_words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from llama_index.core.schema import BaseNode

DIR = "bm25"  # the word index's folder inside a version
TERMS = "terms.json"  # the segment's chunk ids, its stems, and the words its chunks write in lower case
POSTINGS = "postings.npz"  # per stem (in TERMS order) the rows holding it and how often; every row's length
K1, B = 1.5, 0.75  # bm25s's defaults, which `BM25Retriever` used


def folder(index_dir: Path, version: str) -> Path:
    return versions_dir(index_dir) / version / DIR


def tokens(texts: list[str]) -> list[list[str]]:
    """bm25s's tokens, as `BM25Retriever` made them: lower case, English stopwords out, stemmed."""
    import bm25s

    if not texts:
        return []
    tokenized = bm25s.tokenize(
        texts, stopwords="english", stemmer=english_stemmer(), return_ids=False, show_progress=False
    )
    return [list(t) for t in tokenized]


def build(index_dir: Path, version: str, nodes: list[BaseNode]) -> None:
    """The word index of the chunks a version writes itself, persisted beside their vectors."""
    from llama_index.core.schema import MetadataMode

    if not nodes:
        return
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]  # what BM25Retriever indexed
    rows: dict[str, list[tuple[int, int]]] = {}
    lengths = np.zeros(len(nodes), dtype=np.int32)
    for row, words in enumerate(tokens(texts)):
        lengths[row] = len(words)
        for stem, count in Counter(words).items():
            rows.setdefault(stem, []).append((row, count))
    terms = sorted(rows)
    postings = [rows[t] for t in terms]
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(p) for p in postings])
    flat = [pair for p in postings for pair in p]
    lower = sorted({w for n in nodes for w in lower_words(n.get_content())})
    path = folder(index_dir, version)
    path.mkdir(parents=True, exist_ok=True)
    (path / TERMS).write_text(json.dumps({"ids": [n.node_id for n in nodes], "terms": terms, "lower": lower}))
    with (path / POSTINGS).open("wb") as fh:
        np.savez(
            fh,
            indptr=indptr,
            rows=np.array([r for r, _ in flat], dtype=np.int32),
            counts=np.array([c for _, c in flat], dtype=np.int32),
            lengths=lengths,
        )


@dataclass(frozen=True)
class _Part:
    """One segment's postings, and which of its rows the version still holds."""

    name: str
    ids: list[str]
    terms: dict[str, int]
    indptr: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    lengths: np.ndarray
    live: np.ndarray  # bool per row
    lower: list[str]

    def postings(self, stem: str) -> tuple[np.ndarray, np.ndarray]:
        """The live rows holding `stem`, and how often each does."""
        t = self.terms.get(stem)
        if t is None:
            return self.rows[:0], self.counts[:0]
        rows, counts = (
            self.rows[self.indptr[t] : self.indptr[t + 1]],
            self.counts[self.indptr[t] : self.indptr[t + 1]],
        )
        keep = self.live[rows]
        return rows[keep], counts[keep]


class WordIndex:
    """BM25 over the live chunks of a version's segments."""

    def __init__(self, parts: list[_Part]) -> None:
        self.parts = parts
        self.count = sum(int(p.live.sum()) for p in parts)
        length = sum(int(p.lengths[p.live].sum()) for p in parts)
        self.mean_length = length / self.count if self.count else 0.0

    def search(self, query: str, top_k: int) -> list[tuple[str, str, float]]:
        """(segment, chunk id, score) of the `top_k` chunks sharing a stem with the query, best first."""
        if not self.count:
            return []
        words = tokens([query])[0]
        scores = [np.zeros(len(p.ids), dtype=np.float64) for p in self.parts]
        for stem in words:  # a repeated word counts each time, as in bm25s
            found = [p.postings(stem) for p in self.parts]
            df = sum(len(rows) for rows, _ in found)
            if not df:
                continue
            idf = math.log(1 + (self.count - df + 0.5) / (df + 0.5))
            for part, score, (rows, counts) in zip(self.parts, scores, found, strict=True):
                norm = K1 * (1 - B + B * part.lengths[rows] / self.mean_length)
                np.add.at(score, rows, idf * counts / (norm + counts))
        hits: list[tuple[float, int, int]] = []
        for i, score in enumerate(scores):
            rows = np.flatnonzero(score > 0)
            if len(rows) > top_k:  # only a segment's best can be among the best of all
                rows = rows[np.argpartition(-score[rows], top_k)[:top_k]]
            hits.extend((float(score[row]), i, int(row)) for row in rows)
        hits.sort(key=lambda h: (-h[0], h[1], h[2]))
        return [(self.parts[i].name, self.parts[i].ids[row], score) for score, i, row in hits[:top_k]]

    def live_ids(self) -> list[str]:
        """The ids of the chunks it ranks: the version's own, across its segments."""
        return [i for p in self.parts for i, live in zip(p.ids, p.live, strict=True) if live]

    def lowercase_words(self) -> frozenset[str]:
        """Every word the segments' chunks write in lower case (chunks replaced since included)."""
        return frozenset(w for p in self.parts for w in p.lower)


def load(index_dir: Path, manifest: Manifest, live: Mapping[str, set[str]]) -> WordIndex:
    """The word index of a version: its segments' postings, masked to the chunks it still holds (`live`,
    `manifest.live()` as its caller computed it: at 100k chunks that is a set of every id)."""
    parts = []
    for name in manifest.segments:
        path = folder(index_dir, name)
        listing = json.loads((path / TERMS).read_text())
        with np.load(path / POSTINGS) as arrays:
            ids = listing["ids"]
            holds = live.get(name, set())
            parts.append(
                _Part(
                    name=name,
                    ids=ids,
                    terms={t: i for i, t in enumerate(listing["terms"])},
                    indptr=arrays["indptr"],
                    rows=arrays["rows"],
                    counts=arrays["counts"],
                    lengths=arrays["lengths"],
                    live=np.array([i in holds for i in ids], dtype=bool),
                    lower=listing["lower"],
                )
            )
    return WordIndex(parts)


def _digest(path: Path) -> str:
    return f"{path.stat().st_size}:{sha256_of(path)}"


def record(index_dir: Path, version: str, count: int) -> Segment:
    """The segment a version wrote: its vector count, and the size and hash of every BM25 file."""
    words = folder(index_dir, version)
    files = sorted(p for p in words.iterdir() if p.is_file()) if words.is_dir() else []
    return Segment(count, {p.name: _digest(p) for p in files})


def _files(index_dir: Path, manifest: Manifest) -> Iterable[tuple[Path, str, str]]:
    for name, segment in manifest.segments.items():
        for file, digest in segment.words.items():
            yield folder(index_dir, name) / file, file, digest


def check_sizes(index_dir: Path, manifest: Manifest) -> None:
    """The BM25 files are all there, each of the size recorded at commit (no reading: cheap)."""
    for name, segment in manifest.segments.items():
        if segment.count and not folder(index_dir, name).is_dir():
            raise damaged(index_dir, f"the word index (BM25) of version {name} is gone")
    for path, file, digest in _files(index_dir, manifest):
        if not path.is_file():
            raise damaged(index_dir, f"the word index (BM25) file {file} is gone")
        if not digest.startswith(f"{path.stat().st_size}:"):
            raise damaged(index_dir, f"the word index (BM25) file {file} has changed size")


def verify(index_dir: Path, manifest: Manifest) -> None:
    """The BM25 files byte for byte as committed (readers, before loading them)."""
    for path, file, digest in _files(index_dir, manifest):
        if f"{digest.partition(':')[0]}:{sha256_of(path)}" != digest:
            raise damaged(index_dir, f"the word index (BM25) file {file} has changed since it was written")
