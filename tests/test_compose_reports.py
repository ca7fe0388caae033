"""Reports read through the real retrieval and embedder, on documents of our own: a postmortem named by its
file, an investor update, a conference page, an interview with a correction, a consultation and the
licence a model is released under."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

POSTMORTEM = """# Postmortem: Intake API outage during the Corvane Atlas incident (INC-2026-0042)

| Field | Value |
|---|---|
| **Status** | Final (reviewed 2 April 2026) |
| **Severity** | SEV-1 |
| **Incident commander** | Mira Lundqvist (Platform) |
| **Authors** | Pavel Orde |

> **TL;DR** Atlas went down for most EU traffic and our fallback had nowhere to run. Customer impact: 3 hours
> 12 minutes of unavailable intake for all tenants.

## Summary

On 17 March 2026 the Atlas API returned errors for most requests to its EU endpoint. Harrowgate Claims uses
Atlas to sort new claims by urgency and to draft the first reply to the claimant.

## Impact

- 12,400 intake requests failed or timed out.
- 88 customer tenants affected.

## Root causes

1. **No drill.** The last failover drill was in August 2025.
"""

UPDATE = """From: Ola Brenner <ola@tidewell.example>
To: Tidewell investors <investors@tidewell.example>
Date: Tue, 13 Jan 2026 07:52:10 +0000
Subject: Tidewell | Q4 investor update

Hi all,

A long one this time, so the summary comes first.

TL;DR
  * MRR: $52,100 at 31 Dec (Q3: $38,400)
  * Customers: 19 housing associations live (Q3: 12)
  * Net burn: $96k/month
"""

PROGRAMME = """<!DOCTYPE html>
<html lang="en"><head><title>Programme - FOSSCON 2026: Open Models in Practice</title></head>
<body>
<header><p><a href="index.html">FOSSCON 2026</a> - Open Models in Practice</p></header>
<main>
<h1>Programme</h1>
<p class="dates"><strong>4-5 June 2026</strong> &middot; Marlow Hall, Estbury</p>
<p>Registration: Standard &euro;310 &middot; Public sector &euro;150 &middot; Student &euro;45 (includes lunch
both days). <a href="register.html">Register now</a>.</p>
<h2>Day 1</h2>
<table><tr><td>08:30</td><td>Registration and coffee</td></tr><tr><td>09:00</td><td>Opening keynote</td></tr><tr><td>10:30</td><td>Coffee</td></tr></table>
</main></body></html>
"""

INTERVIEW = """# "Open weights are infrastructure": Orlen Labs' research lead on Wrenfield-70

*By Tamsin Achebe | The Circuit | 20 January 2026*

*Joris Veldt has led research at Orlen Labs since 2022. We spoke at the lab's offices.*

**The Circuit:** How big was the training run?

**Joris Veldt:** Big enough that finance noticed. We ran it for about two months.

*Correction, 22 January 2026: An earlier version of this interview said Wrenfield-70 was trained on 2,048 GPUs.
Dr Veldt's figure was 3,072. We regret the error.*
"""

CONSULTATION = """# OSPB draft guidance G-7: buying language models

| Field | Value |
|---|---|
| Reference | G-7 |
| Status | Draft for consultation |
| Consultation closes | 31 March 2026, 17:00 |

The Open Standards and Procurement Board invites responses from public bodies and suppliers.
"""

CABINET = """# ESTBURY BOROUGH COUNCIL: report to Cabinet

## Recommendations

Cabinet is asked to:

2.1 note the options for a language model platform;

2.2 instruct officers to submit the Council's response to the OSPB consultation on draft guidance G-7 before
the consultation closes on 14 April 2026.
"""

PRICING = """# Pricing: Brannick models

## Notes

1. Brannick-Open weights are released under the Halvorsen Community Licence 1.1. The training data and
   training code are not published. The Halvorsen Community Licence is not an OSI-approved open-source licence.
2. Prices exclude VAT.
"""

PROGRAMME_ABSTRACT = """# Abstracts

Abstracts are printed as submitted. Speakers' affiliations are given as they asked; the programme committee
has not checked the figures quoted. Talks are 20 minutes with 10 minutes for questions, and slides will be
posted on the symposium site after the event where the speakers agree to it.

### 1.1 What "open" has to mean

Sunniva Harcastle, Director, Lisslemoor Institute

Our institute has spent a year asking buyers what they mean when a tender says "open". We found eleven
different answers, from published weights to a right to audit the training data, and we will argue that a
tender should name the rights it needs rather than the word.

### 2.1 Five hours without a model

Pavel Orde, Staff Engineer, Harrowgate Claims

In March, a five-hour Atlas outage took our intake offline. This talk walks through the incident.
"""

COMPARISON = """# Hosted model prices compared

Prices as published by each vendor on 1 March 2026.

| | Orrin API | Atlas Standard |
|---|---|---|
| Price per 1M input tokens | €2.75 | €3.10 |
| Price per 1M output tokens | €11.00 | Not listed |

## Bids received for the Estbury enquiry assistant

| Bidder | Three-year price |
|---|---|
| Tidewell Digital | £412,600 |
| Quarrow Analytics | [REDACTED – commercially confidential] |
"""

PROPOSAL = """# Research proposal: coding interviews with a language model

Work Package 1 will use the open-source Brannick-Open model, run on the University's own cluster, to produce
first-pass codes for each interview.
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "harrowgate-postmortem-inc-2026-0042.md": POSTMORTEM,
        "tidewell-investor-update-q4-2025.txt": UPDATE,
        "fosscon-2026-programme.html": PROGRAMME,
        "interview-joris-veldt.md": INTERVIEW,
        "ospb-g7-draft-guidance.md": CONSULTATION,
        "estbury-cabinet-report.md": CABINET,
        "brannick-pricing.md": PRICING,
        "coding-proposal.md": PROPOSAL,
        "conference-abstracts.md": PROGRAMME_ABSTRACT,
        "price-comparison.md": COMPARISON,
    }
    return indexed(tmp_path_factory.mktemp("reports"), embedder, files)


def stances_of(answer: Any) -> list[str]:
    """The stances of the answer's one disagreement."""
    assert len(answer.disagreements) == 1
    return [side["stance"] for side in answer.disagreements[0]["sides"]]


def test_a_document_is_about_whom_its_file_name_names(reports: Settings, embedder: Any) -> None:
    # The postmortem's title names only the outage; its file name says whose it is.
    answer = ask(reports, embedder, "How many intake requests failed during Harrowgate's outage?")
    assert "12,400" in lead(answer.text)


def test_who_was_in_charge_of_an_incident_is_its_commander(reports: Settings, embedder: Any) -> None:
    answer = ask(
        reports, embedder, "Who was in charge of the incident response when Harrowgate's intake went down?"
    )
    assert "Mira Lundqvist" in lead(answer.text)


def test_a_term_the_question_spells_out_is_read_in_its_initials(reports: Settings, embedder: Any) -> None:
    # "MRR" is the monthly recurring revenue; the year asked is the one the update's file name gives.
    answer = ask(reports, embedder, "What monthly recurring revenue did Tidewell report at the end of 2025?")
    assert "52,100" in lead(answer.text)


def test_a_year_in_a_name_is_the_names_and_a_fields_label_is_no_speaker(
    reports: Settings, embedder: Any
) -> None:
    # "FOSSCON 2026" is the conference, not it and a year apart; "Registration:" is no one's turn, though the
    # programme's "Registration and coffee" names it.
    answer = ask(reports, embedder, "How much does a student ticket for FOSSCON 2026 cost?")
    assert "45" in lead(answer.text)


def test_what_a_correction_says_was_wrong_is_no_answer(reports: Settings, embedder: Any) -> None:
    answer = Assistant(reports, embedder).ask("How many GPUs was Wrenfield-70 trained on?")
    assert "2,048" not in lead(answer.text)
    # …unless the error is what is asked.
    wrong = ask(reports, embedder, "How many GPUs did the interview wrongly say Wrenfield-70 was trained on?")
    assert "2,048" in wrong.text


def test_a_value_column_is_read_by_its_rows_label(reports: Settings, embedder: Any) -> None:
    # "Consultation closes | 31 March 2026" under "Field | Value" is the deadline the cabinet report puts at
    # 14 April: two sides, the table's shown by its row's label, not "Value".
    stances = stances_of(
        ask(reports, embedder, "What is the deadline for responding to the OSPB consultation on G-7?")
    )
    assert any("31 March 2026" in s for s in stances)
    assert any("14 April 2026" in s for s in stances)
    assert not any(s.startswith("Value") for s in stances)
    assert any(s.startswith("Consultation closes: 31 March") for s in stances)


def test_what_is_said_of_a_models_licence_is_said_of_the_model(reports: Settings, embedder: Any) -> None:
    # "Brannick-Open weights are released under the Halvorsen Community Licence 1.1. … The Halvorsen
    # Community Licence is not an OSI-approved open-source licence." against "the open-source Brannick-Open".
    stances = " ".join(stances_of(ask(reports, embedder, "Is Brannick-Open open source?")))
    assert "not an OSI-approved" in stances
    assert "open-source Brannick-Open" in stances


def test_a_figure_before_the_asked_units_modifier_counts_that_unit() -> None:
    from rag.compose_kinds import measures
    from rag.question import analyse

    ask_ = analyse("How many parameters does Brannick-Open have?")
    said = "Brannick-Open is a 34 billion parameter model whose weights were released in 2025."
    assert measures(said, ask_) == {"parameters": {34e9}}


def test_which_person_of_a_role_asks_for_a_name() -> None:
    from rag.question_kinds import kind_of

    assert kind_of("Which journalist conducted the interview with Orlen's research lead?") == "entity"
    assert kind_of("Which officer wrote the cabinet paper?") == "entity"
    assert kind_of("Which member states signed the declaration?") != "entity"


def test_initials_of_the_questions_terms() -> None:
    from rag.compose_kinds import phrase_initials

    assert ("MRR", "monthly recurring revenue") in phrase_initials(
        "What monthly recurring revenue did X report?"
    )
    assert ("TCO", "total cost of ownership") in phrase_initials("What is the total cost of ownership of X?")


def test_which_month_is_answered_by_a_month_named_alone() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    said = "Elections are held every November."
    assert gives("date", said, analyse("In which month are the steering committee elections held?"))
    assert not gives("date", said, analyse("When were the steering committee elections last held?"))


def test_a_verb_after_its_subject_names_no_document() -> None:
    from rag.compose_places import reference_concepts

    assert (
        reference_concepts("How many times is each model run, and which of the results does it report?")
        == set()
    )
    assert reference_concepts("What does the cabinet report say about costs?")


def test_we_in_a_talks_abstract_speaks_for_the_organisation_of_its_byline(
    reports: Settings, embedder: Any
) -> None:
    # The abstract's "our intake" is Harrowgate's, as the byline above it says: another account of the
    # outage's length than the postmortem's "3 hours 12 minutes".
    answer = ask(reports, embedder, "How long was Harrowgate's intake unavailable during the Atlas outage?")
    stances = " ".join(stances_of(answer))
    assert "3 hours" in stances
    assert "five-hour" in stances


def test_a_byline_is_the_nearest_short_line_above_under_the_same_heading() -> None:
    from rag.compose_scoring import _bylined
    from rag.question import names
    from rag.spans import Span

    passage = PROGRAMME_ABSTRACT
    asked = names("Ask Harrowgate and Lisslemoor")

    def span(text: str) -> Span:
        start = passage.index(text)
        return Span(0, start, start + len(text), text, "", "sentence")

    ours = span("In March, a five-hour Atlas outage took our intake offline.")
    assert [n.text for n in _bylined(ours, passage, asked)] == ["Harrowgate"]
    theirs = span('Our institute has spent a year asking buyers what they mean when a tender says "open".')
    assert [n.text for n in _bylined(theirs, passage, asked)] == ["Lisslemoor"]
    # (a sentence that speaks for no one has no byline)
    assert _bylined(span("This talk walks through the incident."), passage, asked) == []
    # (nor has a chat's turn: the line above is the other party's turn)
    chat = "[09:16:30] Ros (Harrowgate): ok, thanks\n\n[09:17:02] Anika (Lisslemoor): we recommend a cap."
    turn = Span(0, chat.index("we recommend"), len(chat), "we recommend a cap.", "", "sentence")
    assert _bylined(turn, chat, asked) == []


def test_a_part_counts_no_whole_and_a_rate_per_million_is_of_what_its_sentence_named() -> None:
    from rag.compose import _PARTITIVE
    from rag.compose_kinds import gives
    from rag.question import analyse

    assert _PARTITIVE.search("Two of the tenders received proposed API-only models.")
    assert not _PARTITIVE.search("Seven tenders were received.")
    ask_ = analyse("How much does Tidewell charge per million output tokens for Orrin 4?")
    assert gives("number", "Tidewell's list price for Orrin 4 output tokens is $14.50 per million.", ask_)
    assert not gives("number", "Orrin 4 costs $3 per thousand support conversations.", ask_)


@pytest.mark.parametrize(
    ("question", "told", "other", "figure"),
    [
        # a table's cell that says the value is not given
        (
            "What does Atlas Standard charge per million output tokens?",
            "Not listed",
            "What does the Orrin API charge per million output tokens?",
            "11.00",
        ),
        # …and one withheld, though another column of its table has a figure
        (
            "What was Quarrow Analytics' three-year bid price?",
            "REDACTED",
            "What was Tidewell Digital's three-year bid price?",
            "412,600",
        ),
    ],
)
def test_a_value_the_documents_say_they_do_not_give_is_refused_with_their_words(
    reports: Settings, embedder: Any, question: str, told: str, other: str, figure: str
) -> None:
    answer = Assistant(reports, embedder).ask(question)
    assert answer.refused
    assert told in answer.text
    assert figure in lead(ask(reports, embedder, other).text)


def test_which_was_chosen_is_not_answered_by_the_candidates(reports: Settings, embedder: Any) -> None:
    # The bids table names the bidders; nothing says which won.
    answer = Assistant(reports, embedder).ask("Which supplier won the Estbury enquiry assistant contract?")
    assert answer.refused


def test_only_a_value_says_it_is_not_given_and_only_a_choice_asked_needs_one() -> None:
    from rag.compose import _not_given
    from rag.compose_scoring import _CHOICE_ASKED
    from rag.spans import Span

    def span(text: str, kind: str = "sentence") -> Span:
        return Span(0, 0, len(text), text, "", kind)

    assert _not_given(span("Not listed", "row")) == "Not listed"
    assert _not_given(span("Price: Contact sales")) == "Contact sales"
    assert _not_given(span("Do not assume facts not published in the paper.")) == ""  # a sentence
    assert _not_given(span("Price: Not listed until the 2027 review", "row")) == ""  # a figure besides
    assert _CHOICE_ASKED.search("Which supplier won the contract?")
    assert _CHOICE_ASKED.search("Which option did the committee end up choosing?")
    assert not _CHOICE_ASKED.search("Who will chair the panel selecting the fellows?")


def test_a_negation_that_says_whom_a_statement_is_about_denies_nothing() -> None:
    from rag.concepts import negations

    assert negations("a courier who does not want a model to read their interview can still take part") == 0
    assert negations("a courier who wants it can not take part") == 1
    assert negations("the courier does not want a model to read the interview") == 1


def test_which_person_of_a_role_is_answered_by_a_persons_name() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    ask_ = analyse("Which Ondara employee answered the licensing question in the forum thread?")
    common = frozenset({"community", "licence", "forum", "question"})
    assert not gives("entity", "Licence: Ondara Community Licence 1.2 (OCL-1.2)", ask_, common)
    assert gives("entity", "Reply from Lio Tandberg (Ondara staff): yes, clause 4 covers it.", ask_, common)
    assert gives("entity", "Answered by Dr Tandberg for the licensing team.", ask_, common)
    # (an organisation's name is no person's: "Orrin Collective's Driftline-13B")
    assert not gives(
        "entity", "A fine-tuned version of Orrin Collective's Driftline model was tested.", ask_, common
    )
