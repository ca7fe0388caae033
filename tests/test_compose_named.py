"""A thing or person named the way documents name them: a version after the kind's noun ("Embercrest Corpus
v3" is Embercrest v3), a transcript's participants list naming who hosted, a byline set apart by dots, a
contact named by "please contact"."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from rag.question_names import names
from rag.question_parts import parts_of
from rag.spans import field_meaning
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

DATASHEET = """# Datasheet: Embercrest Corpus v3

Maintained by the Tallow Reach Data Cooperative.

## 1. Motivation

Embercrest was assembled to pretrain a language model whose weights could be published, and to give
outside researchers an inspectable training corpus.

## 2. Composition

| Source | Share of tokens | Notes |
|---|---|---|
| Web text | 61.7% | Filtered crawl snapshots |
| Source code | 13.9% | Permissively licensed repositories only |
| Books | 8.2% | Public-domain works |

## 3. Distribution

The compilation is released under the Community Data Licence Permissive 2.0. Individual documents keep
their original licences.
"""

TRANSCRIPT = """==================================================================
 HARBOURVIEW RADIO                              THE OPEN QUESTION
==================================================================
 Episode 88    "Who should hold the weights?"
 Broadcast     Tuesday 4 March 2025

 PARTICIPANTS

   TOBIAS LINDQVIST ........ Moderator
   DR AMARA ODUYA .......... Head of Research, Quennell Labs
   MARCUS FEATHERSTONE ..... Policy Director, Braxholm AI

------------------------------------------------------------------

LINDQVIST: Good evening. Tonight Quennell Labs and Braxholm AI argue over whether model weights should be
published for anyone to download.

ODUYA: Thank you. We publish ours because outside scrutiny finds faults faster than we can.

FEATHERSTONE: And we keep ours behind an interface because a published model cannot be recalled.
"""


def test_a_version_after_the_kinds_noun_is_the_names() -> None:
    [title] = [n for n in names("Datasheet: Embercrest Corpus v3") if n.base == "embercrest"]
    assert title.versions == {"3"}
    [asked] = names("What licence covers the Embercrest v3 compilation?")
    assert asked.versions == title.versions


def test_a_relation_between_two_names_is_one_ask() -> None:
    question = "Who hosted the radio debate between the Quennell and Braxholm representatives?"
    assert len(parts_of(question)) == 1
    # (two names coordinated are still two asks)
    assert len(parts_of("Who founded Quennell Labs and Braxholm AI?")) == 2


def test_a_participants_line_names_the_host() -> None:
    question = analyse("Who hosted the radio debate?")
    assert gives("entity", "TOBIAS LINDQVIST: Moderator", question)
    # (a speech turn's speaker is who speaks, not who is named)
    assert not gives("entity", "LINDQVIST: Good evening, I moderate tonight's debate.", question)


def test_a_byline_set_apart_by_dots_says_who_wrote() -> None:
    assert field_meaning("By Marguerite Lindqvist · Monday 9 December 2024 · 7 min read") == "written by"
    # (a title is no byline)
    assert field_meaning("By the numbers · what open models cost") == ""


def test_a_contact_asked_is_named_by_the_asking() -> None:
    question = analyse("Who at the Tallow Reach cooperative should readers write to if they spot a mistake?")
    assert gives(
        "entity", "If you find an error, please contact Ingrid Halvorsen, Head of Publications.", question
    )
    assert not gives("entity", "We thank Ingrid Halvorsen for the tables in Section 2.", question)


def test_a_newspaper_asked_is_a_name() -> None:
    assert analyse("Which newspaper published the column?").kind == "entity"


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("sheets"),
        embedder,
        {"embercrest-datasheet.md": DATASHEET, "open-question-ep88.txt": TRANSCRIPT},
    )


def test_the_licence_of_a_thing_named_with_its_kind(sheets: Settings, embedder: Any) -> None:
    answer = ask(sheets, embedder, "What licence applies to the Embercrest v3 compilation as a whole?")
    assert not answer.refused
    assert "Community Data Licence Permissive 2.0" in lead(answer.text)


def test_a_proportion_asked_is_its_row(sheets: Settings, embedder: Any) -> None:
    answer = ask(sheets, embedder, "What proportion of the Embercrest v3 tokens comes from source code?")
    assert "13.9%" in lead(answer.text)


def test_a_university_is_named_as_one() -> None:
    question = analyse("At which university did Dr Amara Oduya earn her doctorate?")
    assert not gives("entity", "DR AMARA ODUYA: Head of Research, Quennell Labs", question)
    assert gives("entity", "Dr Amara Oduya took her doctorate at Marrow University in 2011.", question)
