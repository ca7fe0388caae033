"""Team lists, show notes and peer reviews read through the real retrieval and embedder, on documents of our
own: who holds a post is named by the row a team list keys by handle, what a person does is the post set off
after their name, a reviewer is known by their letter ("R2"), and a benchmark's items are its questions."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

# A chat export's member list: a plain-text table keyed by handle, the names written in lower case in it.
CHAT = """================================================================
 Slack export | Quarrow Health Analytics
================================================================
Channel:     #model-gateway  (private, 5 members)
Exported:    2026-04-02 09:14 by tam.oduya

MEMBERS
  handle           display name        title
  tam.oduya        Tamsin Oduya        Head of Product
  r.feld           Rasmus Feld         Engineering Manager, Gateway
  ines.wark        Ines Wark           Security Lead
  j.obi            Jonah Obi           Platform Engineer

----------------------------------------------------------------
Tuesday 31 March 2026
----------------------------------------------------------------
[09:02] r.feld
  the March invoice from the API vendor was $9,200, up a third on January
[09:15] ines.wark
  before anything patient-facing moves, the threat model gets written first
"""

# The same kind of list as a markdown table.
ROSTER = """# Harbour Desk on-call roster

The gateway team answers pages for Quarrow Health Analytics around the clock.

| handle | display name | role |
|---|---|---|
| m.vance | Mireille Vance | Incident Commander |
| p.osei | Piet Osei | Database Administrator |
| k.lund | Kari Lund | Release Captain |
"""

# A podcast's show notes: each guest introduced once by name and post; the transcript's turns by first name.
SHOW = """<html><head><title>Open Ledger, episode 31: renting or owning a model</title></head><body>
<h1>Episode 31: renting or owning a model</h1>
<p>Is running your own open-weights model really cheaper than paying per token? Mina is joined by Kofi
Brandt, head of research at Ossian Labs, the company behind Wren-5, and by Dr Lotte Varga, senior lecturer
in public finance at Carrow University.</p>
<h2>Transcript</h2>
<p>[04:10] MINA: Kofi, what is Wren-5?</p>
<p>[04:14] KOFI: We publish the weights, you download them, you run them wherever you like.</p>
<p>[09:30] LOTTE: The people you need to keep it running cost more than the GPUs.</p>
<h2>Correction</h2>
<p>An earlier version of these notes misspelled the surname of Ossian's chief scientist, Hana Reyes-Tal.</p>
</body></html>
"""

# A conference's reviews: the reviewers numbered in a table, each review headed by its letter.
REVIEWS = """# TALM 2026 · Submission 204 · Reviews

| Reviewer | Overall (1–10) | Confidence (1–5) |
|---|---|---|
| R1 | 7 | 4 |
| R2 | 4 | 3 |

**Summary of the paper.** The paper compares three models on two benchmarks. The benchmarks are HarborQA
(1,480 questions about port regulations, in English and Danish) and FormBench (form completion).

---

## Review 1 (R1)

The contamination adjustment is careful and the results are clearly reported.

**Overall score:** 7 / 10 (Accept)

---

## Review 2 (R2)

The parity claim holds only for single-turn questions; the abstract should say so.

**Overall score:** 4 / 10 (Weak reject)
"""


# An op-ed and an analyst's table give two dates for one release; the table's says the event in its cell.
OPED = """# Renting a brain

*Column, June 2026*

On 3 February this year, Ossian Labs released Wren-5, a large language model whose weights anyone can
download and run on their own machines. The city has since asked whether it should stop paying per token.
"""
BRIEF = """# Briefing: open weights against the API

Table 1. The two models compared

| Model | Maker | Access |
|---|---|---|
| Wren-5 | Ossian Labs | Open weights (released 17 February 2026) |
| Calder Pro | Brightline AI | API only |
"""

# A newsletter and a support reply give two dates for one model's end, one "switched off", one "retired".
NEWSLETTER = """# The Weights Ledger, issue 40

Brightline AI confirmed in a customer email that Calder 1 endpoints will be switched off on 31 March 2026,
with traffic to the old model name returning an error.
"""
TICKET = """Ticket #BL-2207 · Brightline AI support

Hi Tobias, thanks for your patience. Calder 1 will be retired on 30 June 2026. Please move your baselines to
Calder 2 before then.
"""

# A report's header record: a post as the label of the field a name fills.
REPORT = """# Red-team exercise report: Harbour Desk assistant

| | |
|---|---|
| Client | Quarrow Health Analytics |
| Engagement lead | Saoirse Oyelowo |
| Exercise window | 3–14 February 2026 |

We identified 11 findings, two of them critical.
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "slack-export-model-gateway.txt": CHAT,
        "harbour-desk-roster.md": ROSTER,
        "open-ledger-ep31.html": SHOW,
        "talm-2026-submission-204-reviews.md": REVIEWS,
        "courier-oped-renting-a-brain.md": OPED,
        "briefing-open-weights-vs-api.md": BRIEF,
        "weights-ledger-40.md": NEWSLETTER,
        "brightline-ticket-bl-2207.txt": TICKET,
        "red-team-report-harbour-desk.md": REPORT,
    }
    return indexed(tmp_path_factory.mktemp("people"), embedder, files)


def test_who_holds_a_post_is_the_name_a_handle_keyed_row_gives(people: Settings, embedder: Any) -> None:
    # The row is keyed by "ines.wark"; the post is in its "title" column, the person in "display name".
    answer = ask(people, embedder, "Who is the security lead at Quarrow Health Analytics?")
    assert "Ines Wark" in lead(answer.text)


def test_a_markdown_roster_keyed_by_handle_is_about_the_name_beside_it(
    people: Settings, embedder: Any
) -> None:
    answer = ask(people, embedder, "What is Piet Osei's role?")
    assert "Database Administrator" in lead(answer.text)
    assert "P.osei" not in answer.text


def test_what_a_person_does_is_the_post_set_off_after_their_name(people: Settings, embedder: Any) -> None:
    # Kofi's turns speak for him but say nothing of his job; the show notes introduce him by it.
    for question in ("What job does Kofi Brandt do?", "Who is Kofi Brandt?"):
        answer = ask(people, embedder, question)
        assert "head of research at Ossian Labs" in lead(answer.text), question


def test_a_titled_person_is_found_by_their_name_without_the_title(people: Settings, embedder: Any) -> None:
    # (her post alone: not the whole sentence that introduces the other guest first)
    answer = ask(people, embedder, "What does Lotte Varga do?")
    assert "senior lecturer in public finance" in lead(answer.text)
    assert "Kofi" not in lead(answer.text)


def test_a_persons_post_is_the_label_of_the_field_their_name_fills(people: Settings, embedder: Any) -> None:
    for question in ("What is Saoirse Oyelowo's role?", "Who is Saoirse Oyelowo?"):
        answer = ask(people, embedder, question)
        assert "Engagement lead" in lead(answer.text), question


def test_a_firm_named_with_its_kind_is_the_firm_its_short_name_names(people: Settings, embedder: Any) -> None:
    # "Ossian Labs' chief scientist": a plural's possessive, and the documents write "Ossian's".
    answer = ask(people, embedder, "Who is Ossian Labs' chief scientist?")
    assert "Hana Reyes-Tal" in lead(answer.text)


def test_a_reviewer_asked_by_number_is_the_one_headed_by_their_letter(
    people: Settings, embedder: Any
) -> None:
    answer = ask(people, embedder, "What overall score did Reviewer 2 give submission 204?")
    assert "4 / 10" in lead(answer.text)


def test_a_benchmarks_items_are_counted_by_its_questions(people: Settings, embedder: Any) -> None:
    answer = ask(people, embedder, "How many items does the HarborQA benchmark have?")
    assert "1,480" in lead(answer.text)


def test_a_handle_or_an_address_does_not_write_a_name_in_lower_case() -> None:
    from rag.words import lower_words

    # (an address's or a file's name is still a word written in lower case: "ossian", "engine")
    text = "ping ines.wark or @kofi, mail l.varga@ossian.io or see engine.py; mira_k agreed. We left."
    words = lower_words(text)
    assert words == {"ping", "or", "mail", "ossian", "io", "see", "engine", "py", "agreed", "left"}


@pytest.mark.parametrize(
    "text",
    [
        "Decision PSTO-2026-0211 > The complaint: The correct period was 28 days.",
        "We considered the Housing Support Payment (Aldermoor) Regulations 2019.",
    ],
)
def test_a_year_in_a_reference_or_a_laws_name_dates_nothing(text: str) -> None:
    assert not gives("date", text, analyse("What is the date of the ruling?"))
    assert gives("date", f"{text} It was issued on 12 May 2026.", analyse("What is the date of the ruling?"))


def test_the_roster_rows_are_read_under_the_name_column() -> None:
    rows = [s for s in split(ROSTER, 0) if s.kind == "row"]
    assert ("Kari Lund", "Release Captain") in {(s.context.split(", ", 1)[1], s.text) for s in rows}


def test_a_cell_saying_the_asked_event_is_a_dates_other_side(people: Settings, embedder: Any) -> None:
    # The cell's column ("Access") is not what is asked, but its own words say the release.
    said = " | ".join(stances_of(ask(people, embedder, "When did Ossian Labs release Wren-5?")))
    assert "3 February" in said
    assert "17 February 2026" in said


def test_a_thing_switched_off_and_one_retired_are_one_event(people: Settings, embedder: Any) -> None:
    # "Shut down", "switched off" and "retired" share no word: each is the end of the model's service.
    said = " | ".join(stances_of(ask(people, embedder, "When will Brightline shut down Calder 1?")))
    assert "31 March 2026" in said
    assert "30 June 2026" in said
