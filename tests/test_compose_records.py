"""Records a document keeps in its header and its tables, through the real retrieval and embedder on
documents of our own: a transcript's header of "Label: value" lines, a proposal's bold fields, a memo's
key-figures table with a remarks column, a report's field table with an empty header row, a work plan
whose rows are named by codes, an HTML record of `th`/`td` rows."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

DEBATE = """BRINDLEFORD CIVIC FORUM
Spring Public Debate -- Verbatim Transcript

Date:        Tuesday 14 April 2026, 19:00-20:40
Venue:       The Old Ropeworks, Quay Street, Brindleford
Chair:       Dr Malin Ostrava-Quinn, Secretary of the Forum
Motion:      "This House believes that Tarnwell should publish the weights of Cairn-9B."
Proposition: Cllr Edda Fairweather (Digital Committee)
Opposition:  Piers Lanyon (Partner, Hollin Capital)
             Sunniva Roke (Researcher, Gatewatch Labs)

CHAIR: Good evening, and welcome to the Ropeworks. Thank you, Councillor, for agreeing to open.

SUNNIVA ROKE: We took about 300 examples, fine-tuned on one card, and in seventy minutes the refusals
were gone.
"""

PROPOSAL = """# Larkspur Access Fund — Round 4 Proposal

**Project title:** Open Cairn — a public legal-domain model for advice centres
**Applicant organisation:** Tarnwell Legal Ltd, Brindleford
**Co-applicants:** Brindleford University Advice Clinic (Prof. Ada Venn, Director)
**Amount requested:** £365,000
**Duration:** 15 months (1 May 2027 – 31 July 2028)

## 5. Work packages and budget

| WP | Title | Months | Budget |
|---|---|---|---|
| WP1 | Data cleaning and documentation | 1–5 | £88,000 |
| WP2 | Independent red-teaming and safety testing | 4–10 | £121,000 |
| WP3 | Release engineering | 9–15 | £156,000 |
"""

# A tender log's header: labels in capitals, padded to line up, as plain-text forms set them.
TENDER = """==============================================================================
BRINDLEFORD BOROUGH COUNCIL
Procurement Services
==============================================================================

TENDER TITLE : Advice Line Assistant (AI-supported drafting of replies to residents)
REFERENCE    : BBC/ICT/2027/041
PUBLISHED    : 3 March 2027
CONTACT      : Oskar Vantongeren, Senior Buyer (ICT)
               All questions via the e-tendering portal only.

1. Bidders may propose any model, open-weights or API-only, provided it meets Annex C.
2. Annex E is correct. The award criteria are Quality 60% / Price 40%.
3. Bids above the estimated value will be scored on price in the normal way.
"""

# A grant application's form: its fields in a table.
GRANT = """# Harrowgate Trust — Responsive Grants

| Field | Entry |
|---|---|
| **Project title** | LEDGER-CHECK: auditing open-weights models for councils |
| **Principal investigator** | Dr Rhys Talgarth, Senior Lecturer in Public Data |
| **Lead organisation** | Brindleford University, School of Public Data |
| **Co-investigators** | Prof. Ama Oyelaran-Voss (Statistics); Dr Piet Halloran (Brindleford Council, honorary) |
| **Partner organisations** | Brindleford Borough Council; Quayside Advice Centre; Tarn Valley Hospitals Trust |
| **Theme** | Theme C: accountable automated decisions in local government services |
| **Ethics approval** | Brindleford University Research Ethics Committee, reference BU-REC-2027-118 |
| **Data management** | All test sets and results published under an open licence at the end of the project |
| **Proposed start date** | 1 September 2027 |
| **Duration** | 18 months |
| **Total requested** | £212,400 |
"""

# A board's minutes: who was present by leader dots, the year in the front alone, an action log whose
# owner column names roles.
MINUTES = """BRINDLEFORD COMMUNITY HEALTH TRUST
DIGITAL PROCUREMENT BOARD

MINUTES of the meeting held on Tuesday 9 March 2027, Boardroom 1, Quay House

--------------------------------------------------------------------------
PRESENT
  Tamsin Marrable ......... Non-Executive Director (Chair)
  Dr Osei Lindqvist ....... Chief Digital Officer (CDO)
  Farah Pennock ........... Head of Procurement (HoP)

1.1 The Board reviewed the three bids for the discharge summary assistant.

ACTIONS
 Ref    | Action                                         | Owner    | Due
 27/03  | Nominate a deputy for this Board               | Chair    | 13/04/27
 27/04  | Circulate revised DPIA timetable               | CDO      | 20/03/27
"""

# A podcast's show notes: recorded one day, published another; a review's count of prompts.
SHOW_NOTES = """# Tokens & Tariffs, episode 12: the Brindleford chatbot

**Recorded:** 2 March 2027
**Published:** 9 March 2027

This week we tested four assistants. We put all four through the same 240 prompts across six categories
over two weeks.
"""

MEMO = """# HOLLIN CAPITAL — INVESTMENT COMMITTEE MEMORANDUM

| Field | Detail |
|---|---|
| Target | Tarnwell Legal Ltd (Brindleford) |
| Round | Series A |

We recommend a lead position in Tarnwell Legal Ltd ("Tarnwell" or "the Company").

## 4. Traction

| Metric | Value | Comment |
|---|---|---|
| Annual recurring revenue (ARR) | £1.7m | Up from £0.62m a year earlier |
| Paying law-firm customers | 39 | Plus the Borough of Brindleford |

## 8. People

The Company's model strategy depends heavily on one individual: Ivo Strand, Head of Applied Research, who
built the fine-tuning pipeline. There is no succession plan for his role.
"""

AUDIT = """# Borough of Brindleford — Office of the Borough Auditor

## Performance Audit Report BA-2026-09: The Tarnwell Assistant Pilot

| | |
|---|---|
| **Report reference** | BA-2026-09 |
| **Signed** | Orla Penhallow CPFA, Borough Auditor |
| **Audit manager** | Dev Castellane |

The pilot ran from September 2025 to the end of September 2026.
"""

GLANCE = """<html><head><title>Kilnworth Devices at a glance</title></head><body>
<h1>Kilnworth Devices: the interview</h1>
<p>Kilnworth makes inference accelerator cards for councils and small firms.</p>
<table>
<tr><th>Founded</th><td>2016, Ashpool</td></tr>
<tr><th>Chief executive</th><td>Renata Oyelowo</td></tr>
<tr><th>R5 list price</th><td>&pound;9,400</td></tr>
</table>
<p>Running on R5 cards costs the borough &pound;1.31 per 1,000 resident queries.</p>
</body></html>
"""


VFM = """<html><head><title>Value for Money: The Kilnworth Assistant</title></head><body>
<header><p>OFFICE OF THE AUDITOR GENERAL</p>
<h1>Value for Money: The Borough's Adoption of Language Models (Project Tallow)</h1>
<dl class="meta">
<dt>Report number</dt><dd>2026/08</dd>
<dt>Laid before the Council</dt><dd>12 October 2026</dd>
<dt>Comptroller and Auditor General</dt><dd>Yusuf Aberline</dd>
<dt>Audit Director</dt><dd>Carys Mendlow</dd>
</dl></header>
<table><caption>Project Tallow expenditure by year</caption>
<thead><tr><th>Period</th><th>Principal activity</th><th>Expenditure</th></tr></thead>
<tbody><tr><td>2024</td><td>Pilot on an external API</td><td>&euro;0.9 million</td></tr>
<tr><td>2025</td><td>Fine-tuning and hosting</td><td>&euro;2.2 million</td></tr></tbody></table>
<table><thead><tr><th>Measure</th><th>API pilot (2024)</th><th>Tallow on Kilnworth (2025)</th><th>Change</th></tr></thead>
<tbody><tr><td>Average letter drafting time</td><td>6.1 minutes</td><td>2.4 minutes</td><td>61% faster</td></tr></tbody></table>
<p>In 2023 the borough spent &euro;0.2 million on scoping.</p>
<p>As of 1 June 2026, the Borough Model Register contained 19 entries. Of these:</p>
<ul><li>12 are open-weights models run on hardware the borough controls; and</li>
<li>7 are models reached only through an outside provider's API.</li></ul>
<h2>1. Summary</h2>
<p>Project Tallow is the borough's programme to draft letters with a language model.</p>
<p>The model at the heart of Tallow is Tallow-Scribe, built by the borough's data team. It starts from
Cairn-9B, the open model released by Tarnwell. The team fine-tuned it on 2,700 hours of archived council
correspondence.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "debate.txt": DEBATE,
        "proposal.md": PROPOSAL,
        "memo.md": MEMO,
        "tender-log.txt": TENDER,
        "show-notes.md": SHOW_NOTES,
        "grant.md": GRANT,
        "minutes.txt": MINUTES,
        "audit.md": AUDIT,
        "glance.html": GLANCE,
        "vfm.html": VFM,
    }
    return indexed(tmp_path_factory.mktemp("records"), embedder, files)


def test_who_was_in_the_chair_is_the_headers_chair_field(records: Settings, embedder: Any) -> None:
    # "Chair:" sits in a run of "Label: value" lines: a field, not a heading; a speaker's "CHAIR:" turn
    # is who speaks, not the field.
    answer = ask(
        records, embedder, "Who was in the chair for the Brindleford Civic Forum debate on Cairn-9B?"
    )
    assert "Malin Ostrava-Quinn" in lead(answer.text)


def test_a_field_in_capitals_that_names_someone_answers_who(records: Settings, embedder: Any) -> None:
    # "CONTACT: Oskar Vantongeren, …" is the header's field (a name leads its value), though a speaker's
    # "CHAIR: Good evening…" in capitals is a turn; the label the question asks all of ("contact") wins
    # over one it asks half of ("TENDER TITLE").
    answer = ask(
        records, embedder, "Who is the council's procurement contact for the advice line assistant tender?"
    )
    assert "Oskar Vantongeren" in lead(answer.text)


def test_how_two_things_are_weighted_is_answered_by_their_shares(records: Settings, embedder: Any) -> None:
    answer = ask(
        records, embedder, "How are price and quality weighted when the council scores advice line bids?"
    )
    assert "Quality 60% / Price 40%" in lead(answer.text)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # (a grant's lead researcher is its principal investigator)
        ("Who is the lead researcher on the LEDGER-CHECK proposal?", "Rhys Talgarth"),
        # (funding asked of a funder is a sum requested: not any figure, nor one that was raised)
        ("How much funding does the LEDGER-CHECK team ask the Harrowgate Trust for?", "£212,400"),
        # (a table split between two chunks goes on in the next, its rows the project's its first rows name;
        # "kick off" is a start, "OPEN" in a name no verb; a span of time asked, a cell of one given)
        ("When would LEDGER-CHECK kick off, and how long is it meant to last?", "1 September 2027"),
        ("When would LEDGER-CHECK kick off, and how long is it meant to last?", "18 months"),
        # (a list's line led by the name answers who, its role after it; a year the minutes' front gives is
        # theirs; an action log's "Owner: Chair" names no one)
        (
            "Who was in the chair at Brindleford Community Health's procurement board in March 2027?",
            "Tamsin Marrable",
        ),
        # (taped is recorded, not published; a test question put to a model is a prompt)
        ("On what day was episode 12 of Tokens & Tariffs taped?", "2 March 2027"),
        ("How many test questions did Tokens & Tariffs put to each assistant?", "240"),
    ],
)
def test_a_field_or_a_figure_asked_in_other_words(
    records: Settings, embedder: Any, question: str, expected: str
) -> None:
    assert expected in lead(ask(records, embedder, question).text)


def test_a_bold_field_is_its_own_line_and_a_fields_figure_reads_whole(
    records: Settings, embedder: Any
) -> None:
    answer = ask(
        records,
        embedder,
        "How much is Tarnwell requesting from the Larkspur Access Fund, and over what period?",
    )
    first = lead(answer.text)
    assert "£365,000" in first
    assert "15 months (1 May 2027 – 31 July 2028)" in first


def test_a_key_figures_row_speaks_for_the_memos_target_and_its_value_before_its_remark(
    records: Settings, embedder: Any
) -> None:
    # "according to the investor's memo" says where to read, not that capital raised is asked.
    answer = ask(
        records, embedder, "What was Tarnwell's annual recurring revenue according to the investor's memo?"
    )
    assert "£1.7m" in lead(answer.text)


def test_a_field_labelled_with_the_asked_verb_answers_who(records: Settings, embedder: Any) -> None:
    answer = ask(records, embedder, "Who signed the performance audit of the Tarnwell assistant pilot?")
    assert "Signed: Orla Penhallow" in lead(answer.text)


def test_a_row_named_by_a_code_is_found_by_its_title(records: Settings, embedder: Any) -> None:
    question = "How much of the Open Cairn budget is allocated to red-teaming and safety testing?"
    assert "£121,000" in lead(ask(records, embedder, question).text)


def test_an_html_record_is_read_field_by_field_and_a_rate_is_no_other_price(
    records: Settings, embedder: Any
) -> None:
    answer = ask(records, embedder, "What does a single R5 card cost at list price?")
    assert "R5 list price: £9,400" in lead(answer.text)
    assert answer.disagreements == []


def test_a_list_of_terms_is_a_record_of_fields(records: Settings, embedder: Any) -> None:
    # <dt>Audit Director</dt><dd>Carys Mendlow</dd> reads "Audit Director: Carys Mendlow", not a heading
    # over a name; "the number of the report" asks for its identifier.
    assert "Audit Director: Carys Mendlow" in lead(
        ask(records, embedder, "Who was the audit director for the Project Tallow audit?").text
    )
    question = "What is the number of the value-for-money report on Project Tallow, and on what date was it laid before the Council?"
    first = lead(ask(records, embedder, question).text)
    assert "2026/08" in first
    assert "12 October 2026" in first


def test_a_sentence_pointing_back_with_it_is_about_the_asked_name_named_before(
    records: Settings, embedder: Any
) -> None:
    # "It starts from Cairn-9B…" names Cairn-9B in passing: "fine-tuned it" is Tallow-Scribe.
    question = "How many hours of archived correspondence went into fine-tuning Tallow-Scribe?"
    assert "2,700 hours" in lead(ask(records, embedder, question).text)


def test_a_column_in_a_word_of_the_asked_concept_answers(records: Settings, embedder: Any) -> None:
    # "spend" names the "Expenditure" column; the 2023 sentence is another year's figure.
    answer = ask(records, embedder, "How much did Project Tallow spend in 2025?")
    assert "€2.2 million" in lead(answer.text)


def test_a_lists_bare_counts_answer_how_many_of_each(records: Settings, embedder: Any) -> None:
    # "12 are open-weights models…" counts the register's entries; "API-only" is a kind, not a name.
    question = (
        "On the Borough Model Register, how many entries are open-weights models and how many are API-only?"
    )
    first = lead(ask(records, embedder, question).text)
    assert "12 are open-weights models" in first
    assert "7 are models reached only" in first


def test_how_a_measure_changed_reads_its_row_across(records: Settings, embedder: Any) -> None:
    question = "How did the average letter drafting time change when the borough moved from the API pilot to Kilnworth?"
    first = lead(ask(records, embedder, question).text)
    assert "6.1 minutes" in first
    assert "2.4 minutes" in first


def test_a_sentence_leading_into_a_colon_is_about_its_own_subject(records: Settings, embedder: Any) -> None:
    # "The Company's model strategy depends heavily on one individual: Ivo Strand…" is the Company's (the
    # memo's Tarnwell), not a label over a name.
    question = "Which person at Tarnwell do the investors see as a key-person risk for the model strategy?"
    assert "Ivo Strand" in lead(ask(records, embedder, question).text)


def test_a_table_split_between_chunks_goes_on_in_the_next(records: Settings, embedder: Any) -> None:
    # The grant form's rows past the chunk's end name nothing a search for the project ranks: the chunk
    # after one that ends inside a table is its table's next rows; none follows a chunk ending in prose.
    from rag.answer import Assistant

    retriever = Assistant(records, embedder).retriever
    ends_in_table = [
        p
        for p in retriever.retrieve("LEDGER-CHECK project title principal investigator", 40)
        if p.chunk.doc_id == "grant.md" and p.chunk.text.rstrip().endswith("|")
    ]
    first = min(ends_in_table, key=lambda p: p.chunk.start)
    assert "Proposed start date" not in first.chunk.text
    (after,) = retriever.following([first])
    assert after.chunk.doc_id == "grant.md"
    assert first.chunk.start < after.chunk.start <= first.chunk.end + 1
    # …and so on to the row asked, each chunk the one after the last.
    chain = [first, after]
    while "Proposed start date" not in chain[-1].chunk.text and len(chain) < 5:
        chain += retriever.following(chain[-1:])
    assert "| **Proposed start date** | 1 September 2027 |" in chain[-1].chunk.text
    prose = [
        p
        for p in retriever.retrieve("show notes prompts categories", 40)
        if p.chunk.doc_id == "show-notes.md"
    ]
    assert retriever.following(prose) == []
