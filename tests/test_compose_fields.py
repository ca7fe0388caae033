"""Form fields and tallies read through the real retrieval and embedder, on documents of our own: a form's fields
set apart by dotted leaders are each a field of one record, about what the record's other fields name; the
field a question names by its label answers it; a table's count column counts what its caption says; and a
verb of two words ("turned down") is read as the one the documents write ("Rejected")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives, names_maker
from rag.concepts import concepts
from rag.config import Settings
from rag.question import analyse, unit_of
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

# A plain-text endorsement: its schedule is a run of fields, each label set apart from its value by dots.
ENDORSEMENT = """==============================================================
          HALDEN MUTUAL INSURANCE SOCIETY LIMITED
       Registered Office: 9 Quarry Lane, Brackwood BW4 1TT
==============================================================

        CYBER AND PROFESSIONAL LIABILITY POLICY

                     ENDORSEMENT No. 4
          GENERATIVE AI SYSTEMS -- EXTENSION OF COVER

  Policy Number ............ CPL-2290-7715
  Named Insured ............ Torvane Architects LLP
  Policy Period ............ 1 May 2025 to 30 April 2026
  Endorsement Effective .... 1 November 2025 at 00:01 local standard time
  Additional Premium ....... GBP 2,615.00 (pro rata, inclusive of tax)
  Broker ................... Ellery Wolfe Partners Ltd, ref EWP/TA/0193

In consideration of the Additional Premium shown above, the Policy is extended to Claims arising from the
Insured's use of Generative AI Systems, subject to the Exclusions of this Endorsement.

1. EXCLUSIONS

1.1 The Insurer shall not be liable for any Claim arising from the unavailability of a hosted model.

Signed for and on behalf of Halden Mutual Insurance Society Limited
"""

# A standards body's tally of ballot comments: the count column's caption says what it counts.
TALLY = """# Comment resolution, LQS-4 Draft 0.3

## 1. Summary

212 comments were received from 31 commenters during the Draft 0.3 ballot. Dispositions:

| Disposition | Code | Count |
|---|---|---:|
| Accepted | A | 97 |
| Accepted in principle | AP | 58 |
| Rejected | R | 41 |
| Deferred | D | 16 |

The editor resolved every editorial comment under delegated authority.
"""


@pytest.fixture(scope="module")
def fields(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("fields"),
        embedder,
        {"halden-endorsement-4.txt": ENDORSEMENT, "lqs-4-comment-resolution.md": TALLY},
    )


def test_a_forms_fields_set_apart_by_dots_are_each_a_field_of_their_own() -> None:
    schedule = ENDORSEMENT[ENDORSEMENT.index("  Policy Number") : ENDORSEMENT.index("In consideration")]
    # (a passage cut from the form keeps its first field flush left, the rest indented)
    read = split(schedule.lstrip())
    assert [s.text.split(":")[0] for s in read] == [
        "Policy Number",
        "Named Insured",
        "Policy Period",
        "Endorsement Effective",
        "Additional Premium",
        "Broker",
    ]
    assert all(not s.context for s in read)


def test_the_field_a_question_names_answers_it(fields: Settings, embedder: Any) -> None:
    answer = ask(fields, embedder, "Which firm is the named insured on the Halden AI endorsement?")
    assert "Torvane Architects" in lead(answer.text)


def test_a_premium_is_a_sum_about_whom_its_record_names(fields: Settings, embedder: Any) -> None:
    question = "What additional premium was charged for adding the AI endorsement to Torvane's policy?"
    assert analyse(question).kind == "number"
    assert gives("number", "Additional Premium: GBP 2,615.00 (pro rata)", analyse(question))
    answer = ask(fields, embedder, question)
    assert not answer.refused
    assert "2,615" in lead(answer.text)


def test_an_organisation_written_in_full_is_no_other_maker() -> None:
    # "Halden Mutual Insurance Society" is Halden itself, written in full; "Generative AI" a term in capitals
    question = analyse("Which firm is the named insured on the Halden AI endorsement?")
    assert not names_maker(question, "Signed for and on behalf of Halden Mutual Insurance Society Limited")
    assert not names_maker(question, "Claims from Generative AI Systems", frozenset({"generative"}))
    assert names_maker(question, "Brokered by Ellery Wolfe Partners Ltd")


def test_a_verb_of_two_words_is_read_as_the_one_the_documents_write() -> None:
    assert concepts("How many comments were turned down?").keys() >= concepts("Rejected").keys()
    assert concepts("When did it come out?").keys() >= concepts("released").keys()


def test_a_count_column_counts_what_its_caption_says(fields: Settings, embedder: Any) -> None:
    question = "How many of the LQS-4 Draft 0.3 ballot comments were turned down?"
    assert unit_of(question) == "comments"
    answer = ask(fields, embedder, question)
    assert "41" in lead(answer.text)
    assert "212" not in lead(answer.text)
