"""A procedure asked ("How can I check…?") is answered with the steps its paragraph leads into: "Every
weight file is published with a checksum… Before deploying a new version:" / "1. Download the manifest…",
"2. Run the kestrel-verify tool…", "3. Confirm…"."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed
from tests.test_compose_documents import ask

NOTES = """# Kestrel model release notes

## Verifying your download

Every Kestrel weight file is published with a SHA-256 checksum and a detached signature from the release
key. Before deploying a new version:

1. Download the checksum manifest from the same page as the weights.
2. Run the kestrel-verify tool against the downloaded directory.
3. Confirm that the manifest signature matches the fingerprint on the security page.

If a checksum does not match, do not load the weights.

## Access

Kestrel weights are distributed through a gated download: you must create an account and accept the
licence first.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("steps"), embedder, {"kestrel_release_notes.md": NOTES})


def test_a_procedure_is_answered_with_its_steps(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How can I check that the Kestrel weight files I downloaded are genuine?")
    assert "kestrel-verify" in answer.text
    assert "fingerprint" in answer.text


def test_what_is_asked_is_no_procedure(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What is each Kestrel weight file published with?")
    assert "SHA-256" in answer.text
    assert "kestrel-verify" not in answer.text
