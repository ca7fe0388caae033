"""Stemming: English words → Snowball stems, one construction for the BM25 index and the support check.

The one decision this module owns: which stemmer both use (Snowball "english", PyStemmer), so a word the
index matches and a word the support check counts are reduced alike. An instance keeps internal state and
must not be called from two threads at once: a BM25 retriever gets its own.
"""

from __future__ import annotations

from typing import Any


def english_stemmer() -> Any:
    """A new Snowball English stemmer (`stemWords(list[str]) -> list[str]`)."""
    import Stemmer

    return Stemmer.Stemmer("english")
