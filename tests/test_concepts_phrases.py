"""Phrases read as what they mean: work "entirely from home" is work "fully remotely"."""

from __future__ import annotations

from rag.concepts import concepts


def test_entirely_from_home_is_fully_remotely() -> None:
    assert concepts("entirely from home") == concepts("fully remotely")
    assert "remot" not in concepts("a home for open models")
