"""Release notes, a survey and a style memo read through the real retrieval and embedder, on documents of our
own: a changelog's entries are about the release and dated by the heading they stand under, a survey counts
who took part by their responses, and a line a sentence introduces is read with it."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

CHANGELOG = """# Tarnwick Release Notes

All notable changes to the Tarnwick model family and its reference server are documented here.

---

## [2.4.1] - 2026-03-02

### Fixed
- Chat template dropped the system prompt when the first user turn was empty.

---

## [2.4.0] - 2026-01-19

### Added
- **Tarnwick 2.4** in two sizes: 9B and 40B.
- Multilingual coverage expanded to 24 languages (from 12), including Welsh and Basque.

---

## [2.3.0] - 2025-10-07

### Added
- **Sentry-S**, a 600M safety classifier for prompts and responses, released under the same licence.
- Quantised builds for laptops.

---

Maintained by the Brellow Labs release team.
"""

SURVEY = """# Open models in small firms: 2026 member survey

Published by the Orrel Trade Guild, 4 May 2026.

## About the survey

The survey ran online in March 2026 and was sent to all 410 member firms. We received 173 complete
responses, a response rate of 42%. Results are unweighted.

## Findings

Most firms run a hosted model; 18% run an open-weights model in production.
"""

STYLE = """# Newsroom AI rules

## Telling readers

Yes, we disclose. Any published piece in which an AI tool wrote more than a headline suggestion must carry
this line at the foot:

> AI-assisted: [what the tool did]. Checked by [editor's name].

Spelling tools need no label.
"""


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "tarnwick-release-notes.md": CHANGELOG,
        "orrel-member-survey-2026.md": SURVEY,
        "newsroom-ai-rules.md": STYLE,
    }
    return indexed(tmp_path_factory.mktemp("releases"), embedder, files)


def test_a_changelog_entry_is_about_the_release_it_stands_under(releases: Settings, embedder: Any) -> None:
    # The entry opens with a capitalised word, not a name; its heading names the release, "[2.4.0]".
    answer = ask(releases, embedder, "How many languages does Tarnwick 2.4 support?")
    assert "24 languages" in lead(answer.text)


def test_a_changelog_entry_is_dated_by_its_release_heading(releases: Settings, embedder: Any) -> None:
    # "### Added" dates nothing; the release heading above it does. The maker the question names is named
    # once, at the document's foot.
    answer = ask(releases, embedder, "When did Brellow ship the Sentry-S safety classifier?")
    assert "2025-10-07" in lead(answer.text)


def test_who_took_part_in_a_survey_is_counted_by_its_responses(releases: Settings, embedder: Any) -> None:
    answer = ask(releases, embedder, "How many member firms took part in the Orrel guild's 2026 survey?")
    assert "173" in answer.text


def test_a_sentence_introducing_a_quoted_line_is_read_with_it(releases: Settings, embedder: Any) -> None:
    answer = ask(releases, embedder, "Must a newsroom piece say that AI helped write it?")
    assert "AI-assisted" in answer.text


def test_a_quoted_line_joins_the_sentence_ending_on_a_colon_above_it() -> None:
    pieces = [s.text for s in split(STYLE)]
    assert any(
        p.endswith("at the foot: AI-assisted: [what the tool did]. Checked by [editor's name].")
        for p in pieces
    )
    assert "Checked by [editor's name]." not in pieces  # read once, in the sentence that introduces it
    # (a sentence ending on a colon above a list or paragraph stays as it is)
    listed = split("The rules are these, in order of their weight:\n\n- one\n- two\n")
    assert listed[0].text.endswith(":")
