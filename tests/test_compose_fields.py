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
from rag.formats import html_to_text
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
    # (a firm's name may be its web address's too: "Kellerman Institute", "civiq@kellerman.example")
    assert names_maker(question, "Maintained by the Kellerman Institute", frozenset({"kellerman"}))


def test_a_verb_of_two_words_is_read_as_the_one_the_documents_write() -> None:
    assert concepts("How many comments were turned down?").keys() >= concepts("Rejected").keys()
    assert concepts("When did it come out?").keys() >= concepts("released").keys()
    # (a ruling issued is no problem: "issue" there is a verb of its own)
    assert "problem" not in concepts("When did the ombudsman issue its ruling?")


def test_a_count_column_counts_what_its_caption_says(fields: Settings, embedder: Any) -> None:
    question = "How many of the LQS-4 Draft 0.3 ballot comments were turned down?"
    assert unit_of(question) == "comments"
    answer = ask(fields, embedder, question)
    assert "41" in lead(answer.text)
    assert "212" not in lead(answer.text)


# A mailing list's digest: a paragraph, then its figures lined up in columns with no header line.
DIGEST = """Message 3
From: Kasia Whitlow, Digital Lead, Brindle Vale District Council

Several people asked off-list, so here are Brindle Vale's figures from our 10-week Tarnlight 3 pilot
(ended 30 September). Caveats: one use case, 12,900 enquiries processed over the pilot.

  GPU rental (2 x L-class cards, Corvel)       GBP 2,750 / month
  Out-of-hours on-call rota (2 staff, share)   GBP 1,300 / month
  Evaluation & red-teaming (contractor)        GBP 8,400 one-off
  Our own staff time (approx. 0.5 FTE)         not charged, but real
"""

# An annual report's plain text, hard-wrapped short where a figure would not fit on the line.
FUND = """3.4 Small Languages Fund. The Fund made 23 grants totalling
GBP 388,000 to community groups working in nine languages and dialects.
"""


def test_a_headerless_list_lined_up_in_columns_is_read_line_by_line() -> None:
    read = [s.text for s in split(DIGEST)] + [s.text for s in split(FUND)]
    assert "GPU rental (2 x L-class cards, Corvel) GBP 2,750 / month" in read
    assert "Our own staff time (approx. 0.5 FTE) not charged, but real" in read
    # (a line of prose stopping on a word in lower case goes on, however short the wrap left it)
    assert any(
        text.endswith(
            "The Fund made 23 grants totalling GBP 388,000 to community groups working in nine languages and dialects."
        )
        for text in read
    )


def test_a_sum_by_the_month_is_read_from_the_list_its_paragraph_leads_into(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"digest-issue-19.txt": DIGEST})
    question = "How much a month did Brindle Vale spend renting GPUs for its Tarnlight 3 pilot?"
    assert unit_of(question) == ""
    assert unit_of("How much electricity a year does it use?") == "electricity"
    answer = ask(settings, embedder, question)
    assert "2,750" in lead(answer.text)


def test_how_far_asks_a_distance_from_a_place() -> None:
    question = analyse("How close is the objector's home to the proposed data centre site?")
    assert question.kind == "number"
    assert analyse("How close are open models to closed ones?").kind != "number"
    assert gives(
        "number", "My garden is approximately 380 metres from the eastern edge of the site.", question
    )
    assert not gives("number", "two data halls (up to 21.5 m in height) and 2.4 m security fencing", question)


# A status page's incident history: two incidents, each with its postmortem; the cause under a bold lead.
STATUS = """<html><head><title>Corvel Status - Incident History</title></head><body>
<h1>Incident History</h1>
<h2>February 2025</h2>
<h3>Elevated error rates on Tessel-4 API</h3>
<p><strong>Summary.</strong> Customer impact lasted 2 hours 14 minutes (13:02 to 15:16 UTC on 11 February). At
peak, 38% of Tessel-4 requests returned HTTP 503.</p>
<p><strong>Root cause.</strong> An automated configuration push to the load balancer pool in our Skarn region
marked healthy inference hosts as draining.</p>
<p><strong>What we are changing.</strong></p>
<ul><li>Load balancer configuration now rolls out to one zone at a time.</li></ul>
<p><em>Addendum, 28 March 2025:</em> Since the failover work completed, no single-region fault can take the
Tessel-4 API fully offline.</p>
<h2>April 2025</h2>
<h3>Increased latency on Tessel-4 API</h3>
<p>The cause was a cache node in our Varn region that failed health checks intermittently on 9 April.</p>
</body></html>
"""


def test_a_reason_is_read_under_its_run_in_heading_on_the_day_asked(tmp_path: Any, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"corvel-status.html": STATUS})
    answer = ask(settings, embedder, "Why did Corvel's Tessel-4 API fail on 11 February 2025?")
    assert "load balancer" in lead(answer.text)
    # ("since" of a time gives no reason; a bold lead's full stop ends no sentence)
    question = analyse("Why did the API fail?")
    assert not gives("reason", "Since the failover work completed, no fault can take it offline.", question)
    assert gives("reason", "Since safety tuning can be stripped, weights are risky.", question)
    read = [s.text for s in split(html_to_text(STATUS)[1])]
    assert any(text.startswith("Root cause. An automated configuration push") for text in read)


# A schedule's table in plain text: a value of five words, a value carried on under it, a page's footer.
SCHEDULE = """SCHEDULE A -- LIMITS AND RETENTIONS

  Item                                          Amount
  --------------------------------------------  -----------------------------
  AI Sublimit of Liability                      GBP 180,000 any one Claim
                                                and in the aggregate (part
                                                of, not in addition to, the
                                                Limit of Indemnity)
  Retention -- Hosted API Model                 GBP 7,500 each Claim
  Defence Costs                                 Within the AI Sublimit

1. DEFINITIONS

1.3  "Open-Weights Model" means a Generative AI System whose parameters
     are made available for download by the public.

                                             HM-AIX (05/25) p.1/3
2. EXCLUSIONS
"""


def test_a_plain_text_table_keeps_its_long_values_and_the_lines_carrying_them_on() -> None:
    from rag.sections import sections
    from tests.test_chunking import doc

    read = {s.context: s.text for s in split(SCHEDULE)}
    assert read["Amount, Retention -- Hosted API Model"] == "GBP 7,500 each Claim"
    assert "GBP 180,000 any one Claim" in read.values()
    # (a passage cut from the table keeps its header flush left, its rows indented)
    cut = SCHEDULE[SCHEDULE.index("Item") : SCHEDULE.index("1. DEFINITIONS")]
    assert "Amount, Defence Costs" in {s.context for s in split(cut)}
    titles = [s.path[-1] for s in sections(doc(SCHEDULE, "text")) if s.path]
    # (no heading in a row carried on, a numbered paragraph's first line, or a page's footer)
    assert "Limit of Indemnity)" not in titles
    assert not any(t.startswith("1.3") or "p.1/3" in t for t in titles)


def test_the_most_one_will_pay_asks_a_sum() -> None:
    assert analyse("What is the most Halden will pay on a single AI-related claim?").kind == "number"
    assert analyse("What is the most common licence?").kind != "number"


def test_a_unit_by_its_symbol_is_the_unit_its_name_says() -> None:
    from rag.compose_kinds import measures

    question = analyse("How much electrical power will the Larkfield data centre need?")
    assert measures("a maximum grid import capacity of 96 MW", question) == {"megawatts": {96.0}}
    assert measures("This is a 64-megawatt campus", question) == {"megawatts": {64.0}}


# A planning objection: the letter's front names the place; its figures are read from the documents it cites.
OBJECTION = """Ruth Ancell-Mori
3 Weir Lane
Larkfield

Objection to application 25/04417/FUL, Larkfield data centre

### 2. Power

The developer calls this a 60-megawatt campus. The Energy Statement gives a maximum grid import capacity
of 92 MW for the completed campus.
"""
PRESS = """# Larkfield data centre: a statement from Orrin Data Parks

"This is a 60-megawatt campus powered by renewable electricity," said Orrin's head of communications.
"""


def test_a_figures_other_side_given_in_symbols_is_found(tmp_path: Any, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"objection.md": OBJECTION, "orrin-statement.md": PRESS})
    answer = ask(settings, embedder, "How much electrical power will the Larkfield data centre need?")
    stances = " ".join(side["stance"] for d in answer.disagreements for side in d["sides"])
    assert "60-megawatt" in stances
    assert "92 MW" in stances


def test_a_header_wrapped_onto_the_next_line_names_its_column_whole() -> None:
    table = """  Ref    Model / version      Provider or        Deployment
                              maintainer
  -----  -------------------  -----------------  -----------------
  DM-1   Tessel-4             Corvel Systems     Hosted API Model
  DM-2   Halyard-13B          Brackwater         Self-hosted
"""
    read = {s.context: s.text for s in split(table)}
    assert read["Provider or maintainer, DM-1"] == "Corvel Systems"


# A standard's comment-resolution record: a "Field | Value" table, then who teaches a seminar on it.
RECORD = """# LQS-4 Draft 0.3: disposition of comments

| Field | Value |
|---|---|
| Document | LQS N0218 |
| Resolution meeting | 2–4 June 2025, Kelvingate (hybrid; hosted by the Kelvingate Institute) |
| Chair | Sunniva Haldorsen |

The next WG meeting is scheduled for 8–10 October 2025 at Brassmoor Quay.
"""
COURSE = """# INFO 5120: Open Weights, Closed Doors

| | |
|---|---|
| Teaching assistant | Emrys Gallacher-Vane |
| Instructor | Dr. Ottilie Marchbank (she/her), Associate Professor of Information Policy |
| Office hours | Tuesdays 14:00–16:00, Rowan Hall 210 |
"""


def test_the_field_of_the_asked_event_or_post_answers(tmp_path: Any, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"lqs-n0218.md": RECORD, "info-5120.md": COURSE})
    where = ask(settings, embedder, "Where did the LQS working group meet to resolve the Draft 0.3 comments?")
    assert "Kelvingate" in lead(where.text)
    who = ask(settings, embedder, "Who is teaching the Open Weights, Closed Doors course?")
    assert "Marchbank" in lead(who.text)


# A charity's annual report in plain text: numbered paragraphs with run-in headings, last year's figures in
# brackets, and a summary table of its parts.
ANNUAL = """5.1 Income. Total income rose by 28% to GBP 5,118,200 (2024:
GBP 3,998,640), driven mainly by restricted grants for Tarnlight 3.

5.2 Reserves policy. The Trustees aim to hold free reserves equal to four
months of core operating costs.

Income
  Donations and legacies         1,105,400
  Investment income                 71,900
"""


def test_a_total_asked_is_read_from_the_paragraph_not_its_parts(tmp_path: Any, embedder: Any) -> None:
    read = [s.text for s in split(ANNUAL)]
    # (a run-in heading stays with its paragraph; a bracket left open at a line's end goes on)
    assert read[0].startswith(
        "Income. Total income rose by 28% to GBP 5,118,200 (2024: GBP 3,998,640), driven"
    )
    assert read[1].startswith("Reserves policy. The Trustees")
    settings = indexed(tmp_path, embedder, {"brindle-trust-annual-report-2025.txt": ANNUAL})
    question = "What was the Brindle Trust's total income in the financial year ending March 2025?"
    assert analyse(question).kind == "number"
    assert "5,118,200" in lead(ask(settings, embedder, question).text)
    assert gives(
        "number", "The project cost £2m in total.", analyse("What was the total cost of the project?")
    )


# An environmental statement's alternatives, numbered under a hanging indent, and a letter about the site.
STATEMENT = """ENVIRONMENTAL STATEMENT: QUARRY BARN INFERENCE FACILITY

1.3  The Council's screening opinion (ref. LDC/25/0412/SCR, 2 May 2025)
     did not require a statutory EIA. The applicant provides this statement
     voluntarily.

3.2  Colocation. Rent rack space at a commercial data centre at Fenwick
     Cross, 35 km away. Rejected by the applicant on cost and because
     waste heat could not be recovered for the glasshouses.
"""
LETTER = """Dear Ms Harrow,

We understand the growers' federation is assessing a local facility at Quarry Barn and would welcome
the chance to share comparative figures with your consultants.

Yours sincerely,
Ivo Castellane
"""


def test_a_reason_is_read_with_what_it_is_the_reason_for(tmp_path: Any, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"quarry-barn-es.txt": STATEMENT, "letter.md": LETTER})
    why = ask(
        settings, embedder, "Why did the federation turn down renting rack space in a commercial data centre?"
    )
    assert "waste heat" in lead(why.text)
    # (a sentence does not end inside brackets; two spans sharing different words of a yes/no question
    # take no sides on it: "is assessing a local facility" against "did not require a statutory EIA")
    required = ask(
        settings,
        embedder,
        "Was the council legally requiring an environmental impact assessment for Quarry Barn?",
    )
    assert "(ref. LDC/25/0412/SCR, 2 May 2025) did not require" in lead(required.text)
    assert required.disagreements == []


def test_an_emails_header_with_its_values_set_apart_is_fields_not_a_table() -> None:
    header = """From:    Marit Olsen <m.olsen@haulage.example>
To:      Dov Kessling <d.kessling@haulage.example>;
         Ilse Brandt <i.brandt@haulage.example>
Date:    Fri, 2 May 2025 16:47
Subject: RE: quote for the dispatch assistant

All, a summary before the steering committee on Friday 9 May 2025.
"""
    read = [(s.context, s.text) for s in split(header)]
    assert ("", "Date: Fri, 2 May 2025 16:47") in read
    assert ("To", "Ilse Brandt") in read


# A comment-resolution matrix: each row's resolution a verdict, then its reason.
MATRIX = """# LQS-4 Draft 0.3: comment resolution matrix

| No. | Commenter | Proposed change | Resolution / notes |
|---|---|---|---|
| 007 | Fenmarsh Collective | Retain 4.2 as drafted. | Accepted in principle; Fenmarsh recorded a dissent. |
| 012 | Orrel Safety Institute | Add a normative requirement for staged release of weights. | Rejected. Release policy is outside the scope of LQS-4, which classifies but does not prescribe. |
"""


def test_a_verdicts_reason_answers_why_and_a_cut_rows_tail_keeps_the_header(
    tmp_path: Any, embedder: Any
) -> None:
    cut = MATRIX[MATRIX.index("Fenmarsh recorded") :]
    read = {s.context for s in split(cut, header_row=MATRIX.splitlines()[2])}
    assert "Resolution / notes, 012" in read
    settings = indexed(tmp_path, embedder, {"lqs-4-matrix.md": MATRIX})
    question = "Why did the working group turn down the Orrel Safety Institute's request for staged release?"
    answer = ask(settings, embedder, question)
    assert "outside the scope" in lead(answer.text)


# A press release's contact block, each line ended by a line break.
RELEASE = """<html><head><title>Tessel Labs releases Tarnlight 3</title></head><body>
<h1>Tessel Labs releases Tarnlight 3, an open model for councils</h1>
<p>Tessel Labs today released Tarnlight 3 under an open licence.</p>
<p>"With Tarnlight 3 the answer is: nowhere," said Jonah Vale, Pellbrook's technical director.</p>
<h2>Media contact</h2>
<address>
Marek Oduya-Brenn<br>
Communications Manager, Tessel Labs<br>
Tel: +44 (0)1632 960 418<br>
</address>
</body></html>
"""


def test_a_name_over_its_post_is_one_line_of_who_they_are(tmp_path: Any, embedder: Any) -> None:
    signature = (
        "Signed for and on behalf of Halden Mutual\nR. Thistlewood\nUnderwriting Manager, Technology Lines\n"
    )
    assert [s.text for s in split(signature)][-1] == "R. Thistlewood, Underwriting Manager, Technology Lines"
    settings = indexed(tmp_path, embedder, {"tarnlight-3-release.html": RELEASE})
    answer = ask(
        settings, embedder, "Which person should a journalist contact at Tessel Labs about the launch?"
    )
    assert "Marek Oduya-Brenn" in lead(answer.text)


def test_an_infoboxs_group_headings_leave_its_fields_a_record() -> None:
    page = """<html><body><table class="infobox"><caption>Tessel-34B</caption>
<tr><th colspan="2">Model</th></tr>
<tr><th>Developer</th><td>Orrel Labs</td></tr>
<tr><th colspan="2">Register</th></tr>
<tr><th>Hosting</th><td>Quarry Barn data centre, hall 2 (on-premises)</td></tr>
</table></body></html>"""
    read = {s.context: s.text for s in split(html_to_text(page)[1])}
    assert read[", Hosting"] == "Quarry Barn data centre, hall 2 (on-premises)"
    assert read[", Developer"] == "Orrel Labs"


def test_a_digests_sign_offs_and_signatures_are_no_headings() -> None:
    from rag.sections import sections
    from tests.test_chunking import doc

    digest = """Message: 2
From: Femi Aldergrove <femi@harrowmere.example>

Agreed on the licence. But before everyone rushes off to self-host, a word on quality.

Femi

--
Femi Aldergrove
Data & Automation Manager, Harrowmere City Council

Message: 3
From: Kasia Whitlow <kasia@oxleyvale.example>

Also, for those following Brennmoor: the cabinet report published on
Friday puts the Halvane option at GBP 1.9m over four years.

Bethan Ruddock-Hale | Digital Lead | Glynmawr County Borough Council
"""
    titles = {s.path[-1] for s in sections(doc(digest, "text")) if s.path}
    assert not titles & {
        "Femi",
        "Femi Aldergrove",
        "Data & Automation Manager, Harrowmere City Council",
        "Also, for those following Brennmoor: the cabinet report published on",
        "Bethan Ruddock-Hale | Digital Lead | Glynmawr County Borough Council",
    }


def test_a_reports_period_dates_no_entry_under_it(tmp_path: Any, embedder: Any) -> None:
    report = """TARNLIGHT TRUST
ANNUAL REPORT OF THE TRUSTEES
FOR THE YEAR ENDED 31 MARCH 2025

3.2 What we mean by "open". The Trustees wish to be precise. Tarnlight
1 was, and Tarnlight 2 will be, released as open weights: anyone may
download, run and fine-tune the model. The full training corpus is not
published, because parts of it are licensed from third parties.
"""
    release = """# Tessel Labs releases Tarnlight 2

| Specification | Tarnlight 2 |
|---|---|
| Weights available | From 16 September 2025 via the Tessel model hub |
"""
    settings = indexed(tmp_path, embedder, {"tarnlight-trust-report.txt": report, "release.md": release})
    answer = ask(settings, embedder, "From what date were the Tarnlight 2 weights downloadable?")
    assert "16 September 2025" in lead(answer.text)
    assert "31 MARCH" not in answer.text
