"""ONNX embedder: texts → unit vectors through onnxruntime, as a LlamaIndex `BaseEmbedding`.

all-MiniLM-L6-v2 exported with its pooling and normalisation (rag/onnx_export.py) gives
sentence-transformers' vectors without importing torch. The one decision this module owns: texts are
batched by length, longest first, each batch padded to its own longest text, as sentence-transformers
does, so padding stays small and the vectors are the ones the torch backend gives.
Imported only when the onnx backend is loaded (`rag.embeddings.onnx_embedder`): LlamaIndex takes ~2 s
to import, and the tokenizer and the export need none of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr

from rag.embeddings import max_seq_length

# LlamaIndex hands the embedder this many texts at a time; it sorts them by length and runs sub-batches of
# `settings.embed_batch_size`, so padding is small (sentence-transformers does the same over its input).
HANDOFF_BATCH = 256
# A question is embedded for retrieval and again for grounding: the last few are kept, not every one.
RECENT_QUERIES = 64
SHORTER = 0.9  # a text under this share of its batch's longest starts a batch of its own (padding)


class OnnxEmbedding(BaseEmbedding):
    """all-MiniLM-L6-v2 through onnxruntime: sentence-transformers' vectors without importing torch."""

    _session: Any = PrivateAttr()
    _tokenizer: Any = PrivateAttr()
    _batch: int = PrivateAttr()
    _inputs: list[str] = PrivateAttr()
    _dim: int = PrivateAttr()
    _queries: dict[str, list[float]] = PrivateAttr(default_factory=dict)

    def __init__(self, model_dir: Path, onnx_file: Path, batch_size: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer as HFTokenizer

        super().__init__(model_name=str(model_dir), embed_batch_size=HANDOFF_BATCH)
        tokenizer = HFTokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_seq_length(model_dir))  # the file says 128; the model reads 256
        tokenizer.no_padding()  # each batch is padded to its own longest text
        options = ort.SessionOptions()
        options.log_severity_level = 3  # errors only: onnxruntime's warnings about the graph are noise here
        self._session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]
        self._dim = int(self._session.get_outputs()[0].shape[1])
        self._tokenizer = tokenizer
        self._batch = batch_size

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def encode(self, texts: list[str]) -> Any:
        """Unit vectors (a float32 array, one row per text), batched by length like sentence-transformers."""
        import numpy as np

        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        for rows in self._batches([len(e.ids) for e in encodings]):
            width = len(encodings[rows[0]].ids)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[rows] = self._session.run(None, {k: feed[k] for k in self._inputs})[0]
        return out

    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Rows longest first, `batch_size` at most to a batch, and a new batch where a text is
        shorter than the batch's first by a tenth: every row is padded to the first, and attention
        costs grow with the square of the width (one document's 26 chunks, 20 to 256 tokens, in one
        batch took 1.6 times as long per chunk as a whole corpus batched; at 0.9 rather than 0.7 a
        whole corpus embeds ~10 % faster, more small batches costing less than their padding)."""
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        batches: list[list[int]] = []
        for i in order:
            if (
                not batches
                or len(batches[-1]) == self._batch
                or lengths[i] < SHORTER * lengths[batches[-1][0]]
            ):
                batches.append([])
            batches[-1].append(i)
        return batches

    def _get_query_embedding(self, query: str) -> list[float]:
        if query not in self._queries:
            if len(self._queries) >= RECENT_QUERIES:
                self._queries.pop(next(iter(self._queries)))
            self._queries[query] = self.encode([query])[0].tolist()
        return self._queries[query]

    def _get_text_embedding(self, text: str) -> list[float]:
        return list(self.encode([text])[0].tolist())

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return list(self.encode(texts).tolist()) if texts else []

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)
