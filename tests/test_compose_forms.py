"""Forms, letters and reports whose layout or wording hid the answer, through the real retrieval and
embedder on documents of our own: a plain-text statement with a title between rules and dotted-leader
fields, a results report with bold prize lines, a newsletter naming its publisher in full where the
question uses its initials, show notes naming the host, a manual's limits, a consultation's period."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

STATEMENT = """=========================================================================
                  ENVIRONMENTAL STATEMENT
      PROPOSED MODEL HOSTING ROOM, QUENBY MILL, LOWER FARNDALE
=========================================================================

Applicant ........... Farndale Growers' Union (FGU)
Planning authority .. Lower Farndale District Council
Lead author ......... Petra Holloway-Quist, CEnv
Status .............. Rev C (supersedes Rev B of 2 June 2025)


2  THE PROPOSAL

2.3  Equipment. Phase 1 comprises one equipment rack holding 12 GPU
     accelerators in total, with networking and a battery UPS.

4  ENERGY

4.1  Annual electricity demand. Assuming average utilisation of 65% and a
     power usage effectiveness (PUE) of 1.3, annual consumption is
     estimated at 210 MWh.
"""

REPORT = """# Farmhack Prizes 2025: results

## Awards

**First prize — €6,000**
**Team Sedge** for *Ryegrass*, a grazing planner built on Dunlin-7B.

**Second prize — €2,500**
**Team Bramble** for *Scout*, a pest identifier built on a rented API model.

## Next year

**Deadline: 17:00, Monday 30 November 2026.** Late entries cannot be considered.

## Judging

Panel:

- **Dr. Olwen Pryce** — chair; lecturer in soil science, Farndale College
- **Iker Bastida** — Lead Data Engineer, FGU

If the union refuses your claim, you may ask for a review. Please write to the review officer at the union's address within 30 working days of the refusal.

Because Marram Labs publishes Dunlin-7B, Iker Bastida abstained from scoring every entry built on a Dunlin model.

| Metric | Value |
|---|---|
| Teams registered | 14 |
| Participants in submitting teams | 53 |
"""

NEWSLETTER = """# The Farndale Furrow

**Issue 12 · Autumn 2025** · Members' newsletter of the Farndale Growers' Union

---

> **Q. What did the board decide about the chatbot, and when?**
> — *A member, Quenby*

At its meeting on 14 October 2025 the board voted 7–2 to run its own model for the advisory chatbot.
"""

NOTES = """<html><head><title>Episode 12 — Own or rent? | The Farndale Podcast</title></head><body>
<h1>Episode 12: Own or rent?</h1>
<p>This month we look at the union's decision on its advisory chatbot.</p>
<h2>Guests</h2>
<ul>
<li><strong>Marit Ellwood</strong> — host; FGU Communications</li>
<li><strong>Iker Bastida</strong> — Lead Data Engineer, FGU</li>
</ul>
</body></html>
"""

MANUAL = """<html><head><title>Advisor manual, chapter 5</title></head><body>
<h1>Chapter 5: Engines</h1>
<h2>5.4 Limits</h2>
<ul>
<li><strong>Rented:</strong> 120 questions per adviser per day. The counter resets at midnight.</li>
<li><strong>Own:</strong> no daily limit.</li>
</ul>
<h2>5.5 Price</h2>
<p>Marram Labs sells what a cooperative needs to put a model in front of members: an on-site licence at €36,000 per site per year, support included.</p>
<h2>Consultation</h2>
<dl><dt>Consultation period</dt><dd>3 February 2025 to 28 April 2025</dd></dl>
</body></html>
"""


LETTER = """QUENBY FREIGHT
People & Talent  |  2 Mill Lane  |  Lower Farndale LF1 2AB
Switchboard 0331 555 0100  |  careers@quenby-freight.example


PRIVATE AND CONFIDENTIAL -- ADDRESSEE ONLY

Our ref:   PT/OFF/2025/0101
Date:      4 September 2025


Mr Ansel Okafor-Lind
12 Weir Street
Lower Farndale LF3 9XY


Dear Ansel,

OFFER OF EMPLOYMENT -- DATA SCIENTIST,
MACHINE LEARNING OPERATIONS (MLO)

Following your interview with us on 1 September, I am delighted to offer
you the position of Data Scientist in the Machine Learning Operations team.


1.  START DATE

    Your employment will begin on Monday 3 November 2025.


2.  PAY

    Base salary ........ EUR 71,200 gross per annum, paid monthly.
    Signing bonus ...... EUR 3,000, paid with your first salary.
"""


HANDBOOK = """# Staff handbook, part 7

#### 7.4 When a person must check the model

A licensed adviser must review and confirm the model's suggested dose before sending when **any** of the following applies:

1. the holding has more than 500 animals;
2. the model's confidence score for the dose is below 0.85;
3. the product is on the restricted list.

#### 7.5 Who responded

| Respondent | Responses |
|---|---|
| Dairy farmers | 61 |
| Vets (practices and sole practitioners) | 27 |
"""


PRICING = """# Dunlin Hosting: questions and answers

## Pricing

### How much does Dunlin Hosting cost?

| Plan | Price | Includes |
|---|---|---|
| Dunlin Basic | €2,300 per month | One model deployment, usage dashboards |
| Dunlin Plus | Contact sales | Unlimited deployments, a dedicated engineer |

Annual billing is available on both plans.
"""

HEARING = """COMMITTEE ON RURAL SERVICES: ORAL EVIDENCE

Q12 Chair: How did the Growers' Union choose the supplier of its advice chatbot?

Marta Quell: We went out to tender in spring 2025 and received seven bids.
Two of them offered open models. The chatbot, Furrowline, went live on 2 June 2025.
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "statement.txt": STATEMENT,
        "farmhack.md": REPORT,
        "furrow.md": NEWSLETTER,
        "podcast.html": NOTES,
        "manual.html": MANUAL,
        "offer.txt": LETTER,
        "handbook.md": HANDBOOK,
        "pricing.md": PRICING,
        "hearing.txt": HEARING,
    }
    return indexed(tmp_path_factory.mktemp("forms"), embedder, files)


def test_a_plain_text_title_between_rules_is_its_lines() -> None:
    from rag.formats import markdown_title

    title = markdown_title(STATEMENT)
    assert title.startswith("ENVIRONMENTAL STATEMENT — PROPOSED MODEL HOSTING ROOM")
    assert "=" not in title


def test_a_dotted_leader_sets_a_field_apart_and_ends_no_sentence() -> None:
    from rag.spans import split

    texts = [s.text for s in split(STATEMENT)]
    assert "Lead author: Petra Holloway-Quist, CEnv" in texts
    assert "Status: Rev C (supersedes Rev B of 2 June 2025)" in texts
    assert all(s.kind != "heading" for s in split(STATEMENT) if "Holloway" in s.text)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the field under dotted leaders, in a document whose title is between rules
        ("Who is the lead author of the environmental statement for Quenby Mill?", "Holloway-Quist"),
        # "Phase 1" names no thing: the sentence is about what its document's title names
        ("How many GPUs will be installed in the first phase at Quenby Mill?", "12 GPU"),
        # a bold line giving a figure is no heading; "went" is no unit
        ("How much prize money went to the runner-up team at Farmhack?", "€2,500"),
        # "led" asks for the chair
        ("Who led the Farmhack judging panel?", "Olwen Pryce"),
        # a reason in words of its own ("abstained" for "sit out")
        ("Why did one of the Farmhack judges sit out scoring for some of the entries?", "Marram Labs"),
        # counted people are said by who they were
        ("How many people took part in the Farmhack teams that submitted something?", "53"),
        # the initials asked are the publisher's name the newsletter's front spells out
        ("When did the FGU board meet to vote on the chatbot?", "14 October 2025"),
        # who presents a show is its host
        ("Who presents episode 12 of the Farndale Podcast?", "Marit Ellwood"),
        # "Rented-engine" is the name Rented; a rate per adviser per day is per day
        ("How many Rented-engine questions can one adviser ask per day?", "120"),
        # a price said as a sum
        ("What is the annual price of the Marram Labs on-site licence for one site?", "€36,000"),
        # a period's second date closes it
        ("What was the closing date of the consultation?", "28 April 2025"),
        # a letter's header lines are chunks of their own: its opening reads on to the addressee and the
        # subject line, whose words spell the initials asked ("MLO"); a salary is a pay, said as a sum
        ("What yearly base pay has Quenby Freight offered Ansel Okafor-Lind for the MLO job?", "71,200"),
        ("On which day is the new MLO data scientist due to begin employment?", "3 November 2025"),
        # a numbered item naming nothing is about its lead-in, a blank line above, ending on a colon
        ("Under what confidence score must a suggested dose be checked by a licensed adviser?", "0.85"),
        # "how many of the responses…" counts responses
        ("How many of the responses came from vets?", "27"),
        # a name asked in the singular is the document's in the plural ("Farmhack Prizes")
        ("What is the closing date for Farmhack Prize entries next year?", "30 November 2026"),
        # a sum asked ("how much is…"), a price column's sum given
        ("How much is the Dunlin Basic plan per month?", "€2,300"),
        # a count said by another plural the question names ("bids")
        ("How many suppliers put in bids when the Growers' Union tendered for its chatbot?", "seven"),
        # a service launched is one that went live
        ("When was Furrowline launched?", "2 June 2025"),
        # a request setting its terms is evidence
        ("How long does a member have to ask for a review of a refused claim?", "30 working days"),
    ],
)
def test_forms_and_reports_are_answered_in_their_own_layout(
    forms: Settings, embedder: Any, question: str, expected: str
) -> None:
    assert expected in lead(ask(forms, embedder, question).text)


def test_a_debates_moderator_is_its_chair() -> None:
    from rag.compose_kinds import gives, names_role
    from rag.question import analyse

    question = "Who moderated the Ardley forum debate?"
    assert names_role(question, "CHAIR:     Professor Ilsa Markham, Farndale College")
    assert names_role(question, "CHAIR (Markham): Good evening, and welcome.")
    assert gives("entity", "Moderator: Ilsa Markham", analyse(question))
    assert not names_role(question, "RECORDER:  M. Dunstable (Forum Secretariat)")


def test_a_role_title_in_the_question_is_no_subject_unless_its_holder_is_asked() -> None:
    from rag.question import analyse

    said = analyse("Roughly how many users did the Head of Digital say were in the Quenby pilot?")
    assert [n.text for n in said.subjects] == ["Quenby"]
    holder = analyse("Who is the Chief Digital Officer of the City of Tarnby?")
    assert "Tarnby" in [n.text for n in holder.subjects]
    assert len(holder.subjects) > 1


def test_a_numbered_items_number_ends_no_sentence() -> None:
    from rag.spans import split

    texts = [s.text for s in split(HANDBOOK)]
    assert "the holding has more than 500 animals;" in texts
    assert "1." not in texts


FOI = """PART 1 - PAYMENTS TO THE VENDOR

  Financial year              Invoices paid
  --------------------------  -------------
  2022-23 (from Oct 2022)     EUR  86,410
  2023-24                     EUR 318,275
  2024-25 (final invoice,     EUR  12,980
           April 2024)
  --------------------------  -------------
  Total                       EUR 417,665

The contract with the vendor ended on 30 April 2024.
"""


def test_a_plain_text_tables_rule_and_wrapped_cell_end_neither_the_table_nor_make_headings() -> None:
    from rag.sections import _plain_headings
    from rag.spans import split

    rows = {s.context: s.text for s in split(FOI) if s.kind == "row"}
    assert rows["Invoices paid, 2023-24"] == "EUR 318,275"
    assert [title for _, _, title in _plain_headings(FOI)] == ["PART 1 - PAYMENTS TO THE VENDOR"]


COSTS = """PART 3 - COST OF THE REPLACEMENT

  Item                                              Amount
  ------------------------------------------------  -------------
  Compute cluster (purchased March 2024)            EUR 196,500
    capital; expected service life 6 years
  Adaptation ("fine-tuning") contract,              EUR  44,000
    Larchmere Data Services Ltd
  ------------------------------------------------  -------------

Please note that no figure for savings is held.
"""


def test_a_plain_text_rows_name_goes_on_over_its_indented_lines() -> None:
    from rag.sections import _plain_headings
    from rag.spans import split

    rows = {s.text: s.context for s in split(COSTS) if s.kind == "row"}
    assert rows["EUR 44,000"] == 'Amount, Adaptation ("fine-tuning") contract, Larchmere Data Services Ltd'
    assert "service life 6 years" in rows["EUR 196,500"]
    assert not any("Larchmere" in s.text for s in split(COSTS) if s.kind != "row")
    assert [title for _, _, title in _plain_headings(COSTS)] == ["PART 3 - COST OF THE REPLACEMENT"]


def test_a_passage_starting_inside_a_plain_text_table_reads_its_rows_under_the_header() -> None:
    from rag.spans import split, table_header

    at = FOI.index("2023-24")
    header = table_header(FOI, at)
    assert header.strip() == "Financial year              Invoices paid"
    rows = {s.context: s.text for s in split(FOI[at:], 0, header) if s.kind == "row"}
    assert rows["Invoices paid, 2023-24"] == "EUR 318,275"


def test_until_when_asks_a_date_and_going_verbs_end_a_measured_noun() -> None:
    from rag.question import analyse, unit_of

    assert analyse("Until when can FGU accept the offer?").kind == "date"
    assert unit_of("How much prize money went to the runner-up?") == "money"
    assert unit_of("How many of the written responses came from brokers?") == "responses"


def test_a_venue_asked_is_a_place_a_records_venue_field_gives() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    ask = analyse("In which room and building did the Quenby town hall take place?")
    assert ask.kind == "place"
    assert gives("place", "Venue: The Net Loft, Quenby Maritime Museum", ask)
    assert not gives("place", "Chair: Anneliese Dorrant, Head of Regional Engagement", ask)


def test_when_a_thing_starts_is_answered_by_a_date_said_of_its_start() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    ask = analyse("When do the Quenby fellowships start?")
    assert gives("date", "Start date: 13 April 2026", ask)
    assert gives("date", "The fellowships begin in spring 2026.", ask)
    assert not gives("date", "Fellowships 2026: Fellows will join the team for ten months.", ask)


def test_a_line_of_fields_set_apart_by_dots_is_a_record_field() -> None:
    from rag.compose_scoring import _record_field

    assert _record_field(
        "Proposal no. QF-0412 · Issued 14 August 2025 · Valid until 30 September 2025", frozenset()
    )
    assert not _record_field("Marram Labs builds Dunlin-7B in Quenby.", frozenset())


def test_two_lines_lined_up_in_fields_are_no_headings() -> None:
    from rag.spans import split

    paper = (
        "HSI 2010  MODELS IN PUBLIC HEALTH\n\n"
        "Thursday 5 June 2025                                   09:30 - 12:30\n"
        "Duration: 3 hours                                      Total: 100 marks\n\n"
        "Internal examiner:  Dr Keir Lennox\n"
    )
    dated = next(s for s in split(paper) if "5 June 2025" in s.text)
    assert dated.kind != "heading"


def test_an_answer_under_a_question_turn_is_led_by_the_name_it_asks_written_whole() -> None:
    # "How did the Port Ellery chatbot come about?" asks of one name of two words: the answer under it
    # is led by "Port Ellery", not by "Port, Ellery" nor by the name once for each time it is written.
    from rag.compose_wording import with_subject
    from rag.question import analyse
    from rag.spans import Span

    question_turn = "Ms Garrity, how did the Port Ellery chatbot come about, and why Port Ellery's own?"
    text = "Anwen Garrity: We went out to tender in early 2024 and received five bids."
    span = Span(0, 0, len(text), text, question_turn, "item")
    ask_ = analyse("How many suppliers put in bids when Port Ellery tendered for its chatbot?")
    clause = "We went out to tender in early 2024 and received five bids"
    assert with_subject(clause, span, ask_).startswith("Port Ellery: ")


def test_the_event_a_when_question_asks_is_its_verb_in_lower_case() -> None:
    # "When would OPEN-AUDIT kick off?" asks its start, not when something opens: a name's word in
    # capitals is no verb.
    from rag.compose_kinds import gives
    from rag.question import analyse

    ask_ = analyse("When would OPEN-AUDIT kick off?")
    assert gives("date", "Proposed start date: 1 October 2025", ask_)
    assert not gives("date", "Published: 3 March 2025", ask_)
