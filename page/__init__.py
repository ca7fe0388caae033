"""The chat page's parts, which `app.py` puts together: a layer built on `rag/`, like `evals/` and `bench/`.

One module per part of the page: `engine` (the models and settings shared by every browser session),
`session` (a browser session's state and the buttons' callbacks), `sidebar` and `corpus` (what the index and
the models are), `refresh` (uploads and re-scans), `watcher` (the corpus folder watched), `chat` (questions,
answers and their sources), `claim` ("Check a claim") and `evals` (the golden set grows with the corpus).
It lives outside `rag/` because its evals view builds on `evals/`, and `rag/` never imports the layers
built on it (tests/test_layers.py).
"""
