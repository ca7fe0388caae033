"""ONNX export: a sentence-transformers folder → `model.onnx` with pooling and normalisation built in.

Run as its own process (`python -m rag.onnx_export MODEL_DIR TARGET`, started by
`rag.embeddings.onnx_model`), so torch, which this module imports, never stays loaded in the caller.
The one decision this module owns: an export is kept only when it gives torch's vectors (cosine ≥
`MIN_COSINE`) on texts of different lengths padded into one batch.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import torch
from tokenizers import Tokenizer as HFTokenizer
from transformers import AutoModel

from rag.embeddings import ExportFailed, max_seq_length

MIN_COSINE = 1 - 1e-5  # float32 rounding between torch and onnxruntime stays well inside this
OPSET = 17  # an opset every onnxruntime since 1.14 runs, and the one the export was checked with
# Short, medium and past-the-window texts, padded together: what the check must see agree with torch.
CHECK_TEXTS = ["Who makes Claude?", "Open models can be run locally. " * 12, "word " * 400]
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]


class Pooled(torch.nn.Module):
    """The transformer, then sentence-transformers' mean pooling and L2 normalisation, as one module."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
        hidden = self.model(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # 1e-9: no division by zero
        return torch.nn.functional.normalize(mean, p=2, dim=1)


def export_onnx(model_dir: Path, target: Path) -> float:
    """Export the model with mean pooling and normalisation to ONNX; returns the worst cosine vs torch."""
    module = Pooled(AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")).eval()
    tokenizer = HFTokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_seq_length(model_dir))
    tokenizer.enable_padding()
    encodings = tokenizer.encode_batch(CHECK_TEXTS)
    ids = torch.tensor([e.ids for e in encodings])
    mask = torch.tensor([e.attention_mask for e in encodings])
    inputs = (ids, mask, torch.zeros_like(ids))
    axes = {n: {0: "batch", 1: "tokens"} for n in INPUT_NAMES}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            inputs,
            str(target),
            input_names=INPUT_NAMES,
            output_names=["sentence_embedding"],
            dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
        expected = module(*inputs).numpy()
    worst = _worst_cosine(target, [t.numpy() for t in inputs], expected)
    if worst < MIN_COSINE:
        target.unlink()
        raise ExportFailed(f"the ONNX export disagrees with torch (cosine {worst:.6f})")
    return worst


def _worst_cosine(onnx_file: Path, inputs: list[Any], expected: Any) -> float:
    """The lowest cosine between onnxruntime's vectors for `inputs` and the `expected` (torch's) ones."""
    session = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])
    feed = dict(zip(INPUT_NAMES, inputs, strict=True))
    got = session.run(None, {i.name: feed[i.name] for i in session.get_inputs()})[0]
    return float(np.min(np.sum(got * expected, axis=1)))


if __name__ == "__main__":
    print(f"exported; worst cosine vs torch {export_onnx(Path(sys.argv[1]), Path(sys.argv[2])):.7f}")
