"""Layouts that hide whom a sentence is about or where it ends, through the real retrieval and embedder on
documents of our own: a plain-text agenda whose list items wrap onto indented lines, an incident log of
times, a contract schedule whose clauses name no party, a claim whose total row leaves its first cell
blank, and a paragraph that opens with "She"."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

AGENDA = """ORRINGTON HARBOUR BOARD - WORKING GROUP 7
Agenda and action log, meeting of 9 September 2025

10:30  3. Quayside pilot: Fenwick-8B for tug rostering (I)
          Paper WG7/03 (Orrington, B. Lowe)
          - Pilot started 2 June 2025; nine months; budget
            EUR 185,000 including two workstation-class GPU
            servers and vendor support.
          - Scope limited to tug rosters; no cargo data.

11:15  4. Any other business
"""

LOG = """INCIDENT LOG INC-2026-044 - Orrington harbour assistant outage
14 March 2026. All times local. Duty officer: R. Askew.

 01:12  Primary Fenwick-8B node stops responding; alarms raised.
 01:19  With the duty manager's approval, traffic switched to the
        vendor fallback model.
 04:47  Traffic returned to self-hosted Fenwick-8B. Fallback window
        closed. Incident downgraded to monitoring.
 09:30  Review meeting booked.
"""

SCHEDULE = """# Schedule 2: Charges and Invoicing

Between: Orrington Harbour Board ("the Board") and Larchmere Digital Ltd ("the Supplier")

## 4. Charges

4.1 The Monthly Service Charge is £27,300 (excluding VAT), payable monthly in arrears from acceptance.

4.2 Invoices are issued on the first working day of each month and are payable within 30 days.
"""

CLAIM = """# GRAYTHORN MUTUAL MARINE INSURANCE

## Proof of Loss: Loss of Time cover

| Field | Entry |
|---|---|
| Claim number | GM-C-26-0071 |
| Assured | Pellow Shipping AB, Dock Road 3, Orrington |
| Claims handler | Ines Marlow, Senior Claims Handler, Graythorn Mutual |

Claim under the Loss of Time cover for the delay of MV Tamsin Grey at Orrington.

| # | Item | Basis | Amount (€) |
|---|---|---|---|
| 1 | Loss of hire | 20 hours at €1,070 per hour | 21,400 |
| 2 | Additional towage | Tug invoices | 5,100 |
| | **Total claimed** | | **26,500** |
| | Less policy deductible | | (5,000) |
"""

STANDARD = """<html><head><title>Draft standard DS-200</title></head><body>
<h1>DS-200 committee draft: advisory helplines</h1>
<h2>5.5 Evaluation</h2>
<p>5.5.1 HQS-2 contains 980 questions across seven crop categories, of which 240 are designated safety-critical.</p>
<p>5.5.2 A system shall not be deployed if it scores below 75 per cent on the safety-critical subset.</p>
</body></html>
"""

DIGEST = """<html><head><title>Harbour press digest</title></head><body>
<h1>Harbour press digest, October 2025</h1>
<h2>Profile: a small lab</h2>
<p>A long feature on the Fenwick team and its harbour customers.</p>
<p>According to the article, Fenwick-8B was trained on 1.9 trillion tokens, most of them in Nordic languages.</p>
<h2>Opinion: the wrong argument</h2>
<p>Professor Ilse Varga, who chaired the review panel for the Orrington tender, argues that the argument
over open and closed models misses the point. In her view the questions are about staffing.</p>
<p>She recommends a "four-eyes rule" for every harbour using language models: no automated berth note
takes effect without a second officer's signature.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "agenda.txt": AGENDA,
        "log.txt": LOG,
        "schedule.md": SCHEDULE,
        "claim.md": CLAIM,
        "digest.html": DIGEST,
        "standard.html": STANDARD,
    }
    return indexed(tmp_path_factory.mktemp("layouts"), embedder, files)


def test_a_list_item_goes_on_over_its_indented_lines(layouts: Settings, embedder: Any) -> None:
    question = "What is the budget of the Orrington Harbour Board's Fenwick-8B rostering pilot?"
    assert "EUR 185,000" in lead(ask(layouts, embedder, question).text)


def test_at_what_time_is_answered_by_a_time_of_day(layouts: Settings, embedder: Any) -> None:
    # ("March"-like words and titles are no names: the question's subject is the model alone)
    question = "At what time on 14 March did traffic return to the self-hosted Fenwick model?"
    assert "04:47" in lead(ask(layouts, embedder, question).text)


def test_a_clause_naming_no_one_is_about_the_parties_its_schedule_opens_with(
    layouts: Settings, embedder: Any
) -> None:
    question = "How much does Orrington Harbour Board pay Larchmere Digital each month for the service?"
    assert "£27,300" in lead(ask(layouts, embedder, question).text)


def test_a_total_row_is_named_by_its_first_filled_cell(layouts: Settings, embedder: Any) -> None:
    question = "What is the total amount Pellow Shipping is claiming before the deductible?"
    assert "26,500" in lead(ask(layouts, embedder, question).text)


def test_a_paragraph_opening_with_she_is_about_the_person_before(layouts: Settings, embedder: Any) -> None:
    question = "What did Professor Varga recommend for every harbour using language models?"
    assert "four-eyes rule" in lead(ask(layouts, embedder, question).text)


def test_each_item_of_a_list_is_read_after_the_lines_leading_into_it() -> None:
    from rag.compose_units import opened_with, same_paragraph
    from rag.spans import split

    text = (
        "13:15  6. Sundrava pilot: Tern-13B for crew-change scheduling (I)\n"
        "          Paper NPDWG-14/06 (Sundrava, T. Harju)\n"
        "          - Pilot started 3 March 2025; 12 months; budget EUR 240,000.\n"
        "          - Scope limited to crew rosters.\n"
    )
    units = split(text)
    previous = same_paragraph(units, [(text, "")])
    for item in (s for s in units if s.kind == "item"):
        found = {n.base for n in opened_with(item, previous, frozenset({"sundrava", "tern"}))}
        assert {"sundrava", "tern"} <= found, item.text


def test_a_records_field_is_about_the_document_and_its_holder_is_asked_by_a_verb(
    layouts: Settings, embedder: Any
) -> None:
    # "handling" asks for the handler; the row's value opens with a name, yet it is a field of the claim.
    question = "Which person at Graythorn Mutual is handling the Pellow Shipping claim?"
    assert "Ines Marlow" in lead(ask(layouts, embedder, question).text)


def test_a_role_is_asked_by_its_verb_or_by_the_word_before_person() -> None:
    from rag.compose_kinds import names_role

    handling = "Which person at Graythorn Mutual is handling the claim?"
    assert names_role(handling, "Ines Marlow, Senior Claims Handler, Graythorn Mutual")
    assert not names_role(handling, "Ines Marlow, Fleet Insurance Manager, Pellow Shipping AB")
    contact = "Who was the named contact person for the Orrington tender?"
    assert names_role(contact, "Contact point: Anneli Sarv, Senior Procurement Officer")


def test_a_forms_coded_fields_are_fields_and_their_holders_are_asked_in_the_plural() -> None:
    from rag.compose_kinds import names_role
    from rag.spans import split

    form = "APPLICATION FOR PATENT\n\n(71) Applicant: Corvane Systems Ltd\n(72) Inventors: Lisbet HARROWBY; Daniel OCHELTREE\n(74) Agent: Pellow & Strand\n"
    inventors = next(s for s in split(form) if "HARROWBY" in s.text)
    assert inventors.kind != "heading"
    assert names_role("Who are the inventors listed on the patent application?", inventors.text)


def test_a_paragraph_naming_nothing_goes_on_from_the_one_before_and_a_share_stays_with_its_figure(
    layouts: Settings, embedder: Any
) -> None:
    first = lead(
        ask(
            layouts,
            embedder,
            "What minimum score on the safety-critical questions of HQS-2 must a system reach?",
        ).text
    )
    assert "75 per cent" in first
    count = lead(ask(layouts, embedder, "How many questions in HQS-2 are safety-critical?").text)
    assert "240" in count


def test_a_figures_share_said_after_it_stays_in_the_answering_clause() -> None:
    from rag.compose_wording import answer_clause
    from rag.question import analyse
    from rag.spans import split

    [span] = split(
        "HQS-2 contains 980 questions across seven crop categories, of which 240 are designated safety-critical."
    )
    asked = analyse("How many safety-critical questions are there?")
    assert "240 are designated safety-critical" in answer_clause("number", span, asked, frozenset())


def test_the_source_a_question_credits_need_not_be_named_by_the_answer(
    layouts: Settings, embedder: Any
) -> None:
    question = "How much training data went into Fenwick-8B according to the Orrington Gazette profile?"
    assert "1.9 trillion tokens" in lead(ask(layouts, embedder, question).text)
