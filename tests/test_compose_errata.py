"""A correction notice's table holds figures in sentences of their own ("Corrected text: Brennet-4 has 22
billion parameters."): each is a figure of what it says, and another document's figure differs from it."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import measures
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

ERRATA = """# Errata: Open Model Review 2025

Issued by the Corrin Institute, 4 April 2025.

## Table of corrections

| No. | Location | As printed | Corrected text | Reported by |
|---|---|---|---|---|
| 1 | p. 9, Table 1.2 | Brennet-4: 48 billion parameters | Brennet-4 has 22 billion parameters. | Ostwald Labs |
| 2 | p. 15, para. 2 | The Aldren corpus holds 3.4 trillion tokens | The deduplicated corpus holds 2.7 trillion tokens. | Institute staff |
"""

COLUMN = """# The open model hype is getting ahead of itself

By Hester Vale · 2 March 2025

## Big is not the same as open

Take Brennet-4, the favourite of every open-model panel. With its 48 billion parameters it is impressive,
and its makers deserve credit for publishing it.

## What went into it

Its makers say the deduplicated Aldren corpus holds 3.4 trillion tokens of web text, books and code.
"""


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("The whole training run used about 600 megawatt-hours of electricity.", "megawatt-hours", 600.0),
        ("Training consumed approximately 1,900 MWh in total.", "megawatt-hours", 1900.0),
    ],
)
def test_a_figure_of_an_asked_mass_is_counted_in_its_unit(text: str, unit: str, value: float) -> None:
    assert measures(text, analyse("How much electricity did training Brennet-4 use?")) == {unit: {value}}


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("corrected"),
        embedder,
        {"corrin-errata.md": ERRATA, "hype-column.md": COLUMN},
    )


def test_a_corrected_figure_answers_and_differs(corrected: Settings, embedder: Any) -> None:
    answer = ask(corrected, embedder, "How many parameters does Brennet-4 have?")
    assert "22 billion" in lead(answer.text)
    stances = " ".join(stances_of(answer))
    assert "22 billion" in stances
    assert "48 billion" in stances


def test_a_sentence_in_a_cell_is_a_side(corrected: Settings, embedder: Any) -> None:
    answer = ask(corrected, embedder, "How many tokens does the deduplicated Aldren corpus contain?")
    stances = " ".join(stances_of(answer))
    assert "2.7 trillion" in stances
    assert "3.4 trillion" in stances
