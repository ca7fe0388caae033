"""Deferred package imports: LlamaIndex's answer-path modules without its 1–2 s package `__init__`.

In: nothing (`defer_llama_index()` is called once, by `rag/__init__.py`, before anything imports
LlamaIndex). Out: `llama_index.core` and two of its subpackages registered in `sys.modules` without their
`__init__` run; the `__init__` runs the first time a name is asked of the package (`from llama_index.core
import VectorStoreIndex`, or `from llama_index.core import schema`: a name, as Python sees it), so every
import still works and means what it meant. Only dotted imports (`import llama_index.core.schema`, `from
llama_index.core.schema import TextNode`) come without it.

Why: importing any `llama_index.core.*` module runs `llama_index/core/__init__.py`, which imports every
index, chat engine and memory class, and SQLAlchemy with them — about 1 s of a cold `rag ask` that
needs none of it (the answer path reads a Chroma store, nodes and an embedder). Python finds a
subpackage's modules through its parent's `__path__` alone, so a parent whose `__init__` has not run
serves them. The two subpackages are deferred for the same reason: `llama_index.core.indices`' `__init__`
imports every index type (the Chroma store imports one helper module from it), and
`llama_index.core.chat_engine`'s imports every chat engine.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from typing import Any

DEFERRED = ("llama_index.core", "llama_index.core.indices", "llama_index.core.chat_engine")
# Module-level globals of `llama_index.core` that its submodules read while its `__init__` has not run
# (`CallbackManager()` reads `global_handler` each time one is made); both start as None there too.
# A value set before the `__init__` runs is kept, where the `__init__` would reset it.
GLOBALS = ("global_handler", "global_tokenizer")


def defer_llama_index() -> None:
    """Register the heavy LlamaIndex packages without running their `__init__` (see the module's note)."""
    for name in DEFERRED:
        defer(name)


def defer(name: str) -> None:
    """Put package `name` in `sys.modules` with its `__init__` not yet run: submodule imports work at once,
    the first attribute asked of the package runs its `__init__`. No-op when it is imported already or
    not installed."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # its parent package is not installed
        return
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    module = importlib.util.module_from_spec(spec)
    lock = threading.RLock()
    ran = False

    def __getattr__(attr: str) -> Any:
        nonlocal ran
        with lock:
            if not ran:
                ran = True
                kept = {k: module.__dict__[k] for k in GLOBALS if module.__dict__.get(k) is not None}
                spec.loader.exec_module(module)  # type: ignore[union-attr]
                module.__dict__.update(kept)
                if attr in module.__dict__:
                    return module.__dict__[attr]
        raise AttributeError(f"module {name!r} has no attribute {attr!r}")

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    if name == "llama_index.core":
        module.__dict__.update(dict.fromkeys(GLOBALS))
    sys.modules[name] = module
    # The import system binds a subpackage to its parent when it loads it; this one it did not load.
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
