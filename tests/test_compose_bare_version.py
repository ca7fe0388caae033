"""A version written bare where its family is named is that family's version: "Security fixes for the
2.x series…" in Wren's release notes is of Wren 2, not a changelog entry that happens to name Wren."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

NOTES = """# Wren 2.4 release notes

Wren is Brackwater's open-weight model family, maintained by the Brackwater model team.

## Highlights

- Longer context: all variants now accept up to 64k tokens.
- Faster decoding on CPUs.

## Support and security

- Report vulnerabilities to security@brackwater.example.
- We aim to acknowledge reports within 48 hours.
- Security fixes for the 2.x series will be provided until 30 June 2027.

## Changelog

### 2.3.1 (2025-11-20)

- Fixed: a crash in the tokenizer on empty input. All Wren 2.3.0 users should upgrade.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("bare_version"), embedder, {"wren_2_4_release_notes.md": NOTES})


def test_a_bare_version_is_of_the_family_its_document_names(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Until what date will Brackwater ship security fixes for Wren 2.x?")
    assert not answer.refused
    assert "30 June 2027" in lead(answer.text)
