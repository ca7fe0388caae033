"""A council's papers through the real retrieval and embedder, on documents of our own: an email thread
whose organisation is named only by its addresses, the minutes of the meeting that decided, and the
evaluation report with its field table."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

THREAD = """==========================================================================
 EXPORTED THREAD  |  Mailbox: digital-team@thornbury.gov.example
 Subject: RE: TBC-2026-017 - Wrenlow licence / revised figures
==========================================================================

Message 1 of 2
From:    Aled Marsh <aled.marsh@thornbury.gov.example>
To:      Ines Halloran <ines.halloran@thornbury.gov.example>
Date:    Tue 02/06/2026 10:12
Subject: TBC-2026-017 - Wrenlow licence

Ines,

I have read the full Wrenlow Community Licence rather than the summary on the
model card. Clause 4.2 needs a separate agreement above 2,000 monthly active
users. Our customer portal had about 31,000 monthly users last year, so we
would be over the threshold from the first month.

Message 2 of 2
From:    Ines Halloran <ines.halloran@thornbury.gov.example>
To:      Aled Marsh <aled.marsh@thornbury.gov.example>
Date:    Tue 02/06/2026 15:40

Thanks, Aled. Before the steering group on Thursday 11 June 2026 (10:00, Room 4 + Teams) I
will ask the supplier to confirm who owns the fine-tuned weights.
"""

MINUTES = """# THORNBURY BOROUGH COUNCIL

## Digital Services Committee

MINUTES of the meeting held on Wednesday 17 June 2026 at 7.00 pm in the Council Chamber, Thornbury Town Hall

Present: Councillors Rhian Pugh (Chair), Owain Baird, Leona Fisk.

### 12. Customer Enquiry Assistant - award of contract TBC-2026-017

The committee considered the report recommending award of the contract. The council's chief digital
officer answered questions from the chamber on accuracy and on where residents' messages are kept.

RESOLVED that the contract be awarded to Fenmarch Digital Ltd for three years.
"""

REPORT = """# Evaluation Report: Tender TBC-2026-017 - Customer Enquiry Assistant

| | |
|---|---|
| Reference | TBC-2026-017 |
| Report date | 20 May 2026 |
| Panel chair | Ines Halloran, Head of Procurement |
| Panel members | Aled Marsh (Legal); Petra Fenn (Contact Centre Manager) |

## 1. Tenders

Four tenders were received by the deadline of 12:00 on 30 April 2026. The panel scored quality, price
and social value, and the council will provide the servers.

## 7. Recommendation

The panel recommends award of contract TBC-2026-017 to Fenmarch Digital Ltd for an initial term of
three years. The standstill period will end at midnight on 9 June 2026.
"""


BRIEFING = """# Thornbury branch briefing to members: the casework assistant

Date: 30 October 2025

The council is buying a casework assistant to draft letters for housing and benefits staff.
"""


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "licence-thread.txt": THREAD,
        "minutes.md": MINUTES,
        "evaluation-report.md": REPORT,
        "briefing.md": BRIEFING,
    }
    return indexed(tmp_path_factory.mktemp("council"), embedder, files)


def test_an_email_threads_organisation_is_the_one_its_addresses_name(
    council: Settings, embedder: Any
) -> None:
    # "Our customer portal" in a thread among @thornbury.gov.example addresses is Thornbury's.
    answer = ask(council, embedder, "Roughly how many people use Thornbury's customer portal each month?")
    assert "31,000" in lead(answer.text)


def test_who_was_in_charge_of_a_panel_is_its_chair(council: Settings, embedder: Any) -> None:
    answer = ask(council, embedder, "Who was in charge of the panel that scored the bids?")
    assert "Ines Halloran" in lead(answer.text)


def test_a_room_named_in_common_words_says_where_a_meeting_was_held(council: Settings, embedder: Any) -> None:
    # "council" and "chamber" are written in lower case too: a room's name in capitals is still a place.
    answer = ask(council, embedder, "Where was the committee meeting that approved the contract held?")
    assert "Council Chamber" in lead(answer.text)


def test_when_a_period_finished_is_when_it_ends(council: Settings, embedder: Any) -> None:
    answer = ask(council, embedder, "When did the standstill period for the award finish?")
    assert "9 June 2026" in lead(answer.text)


def test_a_messages_date_says_when_it_was_sent_not_when_what_it_speaks_of_happens(
    council: Settings, embedder: Any
) -> None:
    # …and the lead is not cut inside the bracket after the date.
    answer = ask(council, embedder, "On what date does Thornbury's steering group meet?")
    assert "11 June 2026" in lead(answer.text)
    assert lead(answer.text).count("(") == lead(answer.text).count(")")
    assert "15:40" in lead(ask(council, embedder, "When did Ines Halloran send her reply?").text)


def test_a_headers_date_is_no_answer_to_who(council: Settings, embedder: Any) -> None:
    # The briefing names no signatory: its "Date: 30 October 2025" field, most like the question, says when.
    answer = Assistant(council, embedder).ask(
        "Who signed the branch's briefing to members about the casework assistant?"
    )
    assert "30 October" not in lead(answer.text)


NOTES = """# Model Governance Reading Group: Session 3 notes

**Thornbury University · School of Computing**
**Date:** Tuesday 10 March 2026, 16:00-17:30
**Room:** Halloran Building, seminar room 1.04 (+ three people on the call)
**Convenor:** Dr Petra Fenn

---

## Reading

Okafor, L. & Marsh, A. (2026). *Tokens and Trust: Who Answers for an Open Model?* Working paper, Thornbury Law School.

Optional: the Courier column of 2 March. Several people had read it instead of the paper.

## 1. Summary of the paper

- Core claim: releasing weights hands over capability without handing over accountability.
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("notes"), embedder, {"notes.md": NOTES})


def test_a_headers_date_is_no_answer_to_what_was_read(notes: Settings, embedder: Any) -> None:
    answer = Assistant(notes, embedder).ask("What did the reading group read for session 3?")
    assert "10 March" not in lead(answer.text)


def test_a_headers_field_answers_only_what_its_label_says() -> None:
    from rag.compose_scoring import _unasked_field

    room = "**Room:** Halloran Building, seminar room 1.04 (+ three people on the call)"
    assert _unasked_field(room.replace("**", ""), "Which paper did the reading group discuss?")
    assert not _unasked_field(room.replace("**", ""), "Which room did the group meet in?")
    assert not _unasked_field("The paper was read by all.", "Which paper did the reading group discuss?")


def test_a_date_field_holds_a_date() -> None:
    from rag.compose_scoring import _DATE_FIELD

    assert _DATE_FIELD.fullmatch("Sent: Thu, 24 Apr 2025 at 14:20")
    assert _DATE_FIELD.fullmatch("Date: Tue 02/06/2026 15:40")
    assert not _DATE_FIELD.fullmatch("Score: 8.7/10")  # a score, however many digits and slashes
    assert not _DATE_FIELD.fullmatch("Chair: Danuta Ferris")


def test_when_a_thing_is_due_to_launch_asks_when_it_goes_live() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    ask = analyse("When is the customer enquiry assistant supposed to launch?")
    assert gives("date", "The officer said the target go-live was 1 September 2026, with staff first.", ask)
    assert not gives("date", "A progress report will be brought to the Committee in November 2026.", ask)
