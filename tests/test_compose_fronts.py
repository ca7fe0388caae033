"""A document's front and furniture read for what they say: a hard-wrapped foreword whose next line
starts with capitals, "This draft" meaning the draft the front names, a convenor leading, a header block
under a title of two lines, an encyclopedia's "History" heading naming no thing, a table's unit in
brackets, and a statement after a colon read on its own."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

STANDARD = """========================================================================
NORDIC BOARD FOR SOFTWARE STANDARDS (NBSS)

NBSS-TS 207:2025                                    DRAFT FOR CONSULTATION
                                                    Date: 2025-05-02

    Release Categories for General-Purpose Language Models
========================================================================

FOREWORD

This draft was prepared by Technical Committee TC12, Machine Learning
Systems, Working Group 5 (WG 5), Release Practices. The
Working Group is convened by Halvard Ostby-Lien.

The draft answers requests from buyers for a shared vocabulary when
comparing how language models are released.

------------------------------------------------------------------------
1  SCOPE
------------------------------------------------------------------------

1.1  This document sorts language models into release categories
     according to what their providers publish.
"""

SYLLABUS = """# LMP 2210 — Language Models and Public Policy

**Haverleigh University · Department of Politics · Spring Term 2026**

| | |
|---|---|
| **Convenor** | Dr Saoirse Mbatha-Klein |
| **Teaching assistant** | Tomas Herrera |
| **Lectures** | Mondays 10:00–12:00, Room 4.02 |

## 1. About the module

This module compares open and closed language models as matters of public policy, from licences to
procurement rules.
"""

MINUTES = """TALLOWBRIDGE DISTRICT COUNCIL

MINUTES OF THE PUBLIC MEETING
"THE ASKTALLOW DIGITAL ASSISTANT"

Date:    Thursday 12 March 2026
Time:    18:30 - 20:10
Venue:   Marlowe Rooms, Cotter Lane, Tallowbridge

1. WELCOME

1.1 The Chair welcomed residents and explained that the meeting was held to hear views on the
    council's plans for an AI assistant before the Cabinet decides in April.
"""

ENCYCLOPEDIA = """<html><head><title>Kestrin (language model) - Openwiki</title></head><body>
<h1>Kestrin (language model)</h1>
<p>Kestrin is a family of open-weight language models built by the Dunmore Collective.</p>
<h2>History</h2>
<p>Kestrin-2 was released on 4 June 2024. It was trained on 3.6 trillion tokens over 58 days on a
cluster lent by a university consortium.</p>
<h3>Versions</h3>
<table>
<tr><th>Model</th><th>Released</th><th>Parameters</th><th>Context (tokens)</th></tr>
<tr><td>Kestrin-1</td><td>May 2023</td><td>7 billion</td><td>8,192</td></tr>
<tr><td>Kestrin-2</td><td>June 2024</td><td>30 billion</td><td>65,536</td></tr>
</table>
</body></html>
"""

INVOICES = """From: Pella Oduya <pella.oduya@brantham.gov.example>
Subject: Kestrin-2 pilot costs

Figures for the pilot so far:

- April invoice from our API vendor: GBP 61,400 for the helpdesk alone.
- A Kestrin-2 server in our own rack would cost about GBP 4,900 a month.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("fronts"),
        embedder,
        {
            "nbss_ts207_draft.txt": STANDARD,
            "lmp2210_syllabus.md": SYLLABUS,
            "tallowbridge_minutes.txt": MINUTES,
            "kestrin_encyclopedia.html": ENCYCLOPEDIA,
            "brantham_pilot_costs.txt": INVOICES,
        },
    )


def test_a_wrapped_foreword_names_its_group_and_its_convenor_leads(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which group wrote the NBSS-TS 207 draft and who leads it?")
    assert "Halvard Ostby-Lien" in lead(answer.text)
    assert "Working Group 5" in answer.text


def test_a_module_is_in_the_charge_of_its_convenor(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who is in charge of the Haverleigh University module on language models?")
    assert "Saoirse Mbatha-Klein" in lead(answer.text)


def test_a_venue_under_a_title_of_two_lines_is_the_header_s(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "Where did Tallowbridge's public meeting about the AskTallow assistant take place?"
    )
    assert "Marlowe Rooms" in lead(answer.text)


def test_a_history_heading_names_no_thing(corpus: Settings, embedder: Any) -> None:
    # (the paragraph under "History" is Kestrin-2's, not about a thing called History; and the table's
    # "Context (tokens)" column gives no training data's size)
    answer = ask(corpus, embedder, "How much training data, in tokens, went into Kestrin-2?")
    assert "3.6 trillion" in lead(answer.text)


def test_an_input_length_is_a_context_and_an_invoice_no_other_side(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What is the maximum input length Kestrin-2 can handle?")
    assert "65,536" in lead(answer.text)
    assert not answer.disagreements  # (the invoice's GBP 61,400 is no other count of tokens)


def test_a_line_ending_one_sentence_and_starting_the_next_is_no_title() -> None:
    from rag.spans import _continues

    assert _continues(
        "This draft was prepared by Technical Committee TC12, Machine Learning",
        "Systems, Working Group 5 (WG 5), Release Practices. The",
    )
    assert not _continues("Release Categories for General-Purpose Language Models", "FOREWORD")


def test_a_bare_cell_is_a_sum_only_under_a_column_of_sums() -> None:
    from rag.compose import _summed
    from rag.spans import Span

    def cell(column: str) -> Span:
        return Span(passage=0, start=0, end=6, text="65,536", context=f"{column}, Kestrin-2", kind="row")

    assert not _summed(cell("Context (tokens)"))
    assert _summed(cell("Price per 1M tokens"))


def test_a_statement_after_a_colon_is_judged_on_its_own() -> None:
    from rag import disagree, verify

    question = "Did the Dunmore Collective publish the training data behind Kestrin-2?"
    claim = disagree.claim_of(question, question.rstrip(" ?"))
    said = (
        "Open weights do not mean openness: the Dunmore Collective has never released the data used to "
        "train Kestrin-2, so nobody can audit it."
    )
    assert verify.judge(claim, said).verdict == "contradicted"
    # (a label is no statement: "Training data: not released" stays one)
    from rag.concepts import clauses

    assert clauses("Training data, Kestrin-2: not released to the public") == [
        "Training data, Kestrin-2: not released to the public"
    ]
