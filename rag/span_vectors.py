"""Span vectors: spans' texts + the embedder → their cosines to a question, each text encoded once per process.

Spans recur from question to question (the same passages answer many), so a warm answer or a warm
`rag verify` encodes only the question. The one decision this module owns: how much is kept (a bound,
cleared whole when reached, rather than an eviction order that costs more than it saves here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

MAX_CACHED_VECTORS = 50_000  # ~75 MB of 384-dimension float32 vectors


class SpanVectors:
    def __init__(self, embedder: BaseEmbedding) -> None:
        self.embedder = embedder
        self._vectors: dict[str, Any] = {}  # span text → its embedding

    def similarity(self, question: str, texts: list[str]) -> list[float]:
        """Cosine of each text to the question (the vectors are unit length, so a dot product)."""
        import numpy as np

        q = np.asarray(self.embedder.get_query_embedding(question))
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            if len(self._vectors) + len(missing) > MAX_CACHED_VECTORS:
                self._vectors.clear()
            # float32: the bound (MAX_CACHED_VECTORS) is sized for 4-byte floats.
            encoded = np.asarray(self.embedder.get_text_embedding_batch(missing), dtype=np.float32)
            self._vectors.update(zip(missing, encoded, strict=True))
        vectors = np.asarray([self._vectors[t] for t in texts])
        return [float(x) for x in vectors @ q]
