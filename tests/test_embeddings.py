"""Specification of the embedding stage: the onnx backend gives sentence-transformers' vectors, without torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.config import Settings
from rag.embeddings import load_embedder, model_path

ROOT = Path(__file__).resolve().parents[1]
LONG = (ROOT / "corpus" / "open-vs-closed-source-debate.md").read_text(encoding="utf-8")[:4000]
TEXTS = [
    "Which institute developed the Falcon models?",
    "title: Rise of open source llms\nsection: Prominent Open Source LLMs\n\n- Falcon: Developed by the "
    "Technology Innovation Institute (TII) in Abu Dhabi.",
    LONG,  # far past the 256 tokens the model reads: both must cut it at the same place
    "Ünïcödé, emoji 🙂 and CJK 模型 in one line",
    "weights",
    "",
]


@pytest.fixture(scope="module")
def onnx() -> Any:
    embedder = load_embedder(Settings(embed_backend="onnx"))
    assert embedder.class_name() == "OnnxEmbedding"
    return embedder


@pytest.fixture(scope="module")
def reference() -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_path("all-MiniLM-L6-v2")), device="cpu")


@pytest.mark.slow
def test_onnx_backend_gives_the_vectors_of_sentence_transformers(onnx: Any, reference: Any) -> None:
    ours = np.asarray(onnx.get_text_embedding_batch(TEXTS))
    theirs = reference.encode(TEXTS, normalize_embeddings=True)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.min(np.sum(ours * theirs, axis=1)) >= 1 - 1e-4
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_torch_backend_is_sentence_transformers(reference: Any) -> None:
    torch_embedder = load_embedder(Settings(embed_backend="torch"))
    ours = np.asarray(torch_embedder.get_text_embedding_batch(TEXTS[:3]))
    assert np.min(np.sum(ours * reference.encode(TEXTS[:3], normalize_embeddings=True), axis=1)) >= 1 - 1e-5


@pytest.mark.slow
def test_torch_backend_hands_sentence_transformers_a_whole_batch_to_sort(
    reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sentence-transformers sorts what one call gives it by length: given 32 texts at a time it pads each
    # batch to whatever long text falls in it; given them all, it pads little.
    settings = Settings(embed_backend="torch", embed_batch_size=4)
    torch_embedder: Any = load_embedder(settings)
    calls: list[tuple[int, int]] = []
    encode = torch_embedder._model.encode

    def spy(texts: list[str], **kw: Any) -> Any:
        calls.append((len(texts), kw["batch_size"]))
        return encode(texts, **kw)

    monkeypatch.setattr(torch_embedder._model, "encode", spy)
    texts = [f"{t} ({k})" for k in range(3) for t in TEXTS[:5]]
    ours = np.asarray(torch_embedder.get_text_embedding_batch(texts))
    assert calls == [(len(texts), 4)]
    assert np.min(np.sum(ours * reference.encode(texts, normalize_embeddings=True), axis=1)) >= 1 - 1e-5
    assert torch_embedder.get_query_embedding(texts[0]) == pytest.approx(list(ours[0]), abs=1e-4)


def test_a_text_gets_the_same_vector_alone_as_in_a_padded_batch(onnx: Any) -> None:
    batch = np.asarray(onnx.get_text_embedding_batch(TEXTS))
    alone = np.asarray([onnx.get_query_embedding(t) for t in TEXTS])
    assert np.min(np.sum(batch * alone, axis=1)) >= 1 - 1e-5


def test_a_batch_holds_texts_of_like_length_so_little_is_padding(onnx: Any) -> None:
    # Longest first; a text under 90 % of its batch's longest starts the next batch; 32 at most.
    assert onnx._batches([20, 256, 90, 250, 100]) == [[1, 3], [4, 2], [0]]
    assert onnx._batches([256, 240, 200]) == [[0, 1], [2]]
    assert [len(b) for b in onnx._batches([100] * 70)] == [32, 32, 6]


def test_onnx_backend_embeds_a_question_without_importing_torch(onnx: Any) -> None:
    # `onnx` has exported the model already, so this process only loads it.
    code = (
        "import sys; from rag.config import Settings; from rag.embeddings import load_embedder; "
        "e = load_embedder(Settings(embed_backend='onnx')); assert len(e.get_query_embedding('hi')) == 384; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_without_the_onnx_package_the_export_falls_back_to_torch_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "onnx" else real(name, *a)
    )
    with pytest.warns(UserWarning, match="`onnx` package"):
        embedder = load_embedder(Settings(embed_backend="onnx"), cache_dir=tmp_path)
    assert embedder.class_name() == "HuggingFaceEmbedding"
