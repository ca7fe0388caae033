"""Release notes, a survey, a style memo and a webinar's transcript read through the real retrieval and embedder, on documents of our
own: a changelog's entries are about the release and dated by the heading they stand under, a survey counts
who took part by their responses, a line a sentence introduces is read with it, and a timestamped turn
answers the question the moderator read out before it."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

CHANGELOG = """# Tarnwick Release Notes

All notable changes to the Tarnwick model family and its reference server are documented here.

---

## [2.4.1] - 2026-03-02

### Fixed
- Chat template dropped the system prompt when the first user turn was empty.

---

## [2.4.0] - 2026-01-19

### Added
- **Tarnwick 2.4** in two sizes: 9B and 40B.
- Multilingual coverage expanded to 24 languages (from 12), including Welsh and Basque.

---

## [2.3.0] - 2025-10-07

### Added
- **Sentry-S**, a 600M safety classifier for prompts and responses, released under the same licence.
- Quantised builds for laptops.

---

## [2.0.0] - 2025-06-03

### Added
- Tarnwick 2 is generally available as of 3 June 2025.

---

Maintained by the Brellow Labs release team.
"""

MEMO = """# Staff report

| | |
|---|---|
| **To:** | Board |
| **Subject:** | Staff use of chat assistants; adoption of regulation 44 |

## Findings

Chat assistants saved pilot staff about two hours of time a week on drafting letters.

## Vendors

| Company | EV/NTM sales | Net cash |
|---|---|---|
| Brellow Labs | 9.1x | $2.2bn |

Brellow Labs indemnifies customers against copyright claims arising from its outputs, and Brellow Labs does not
train on customer API data, two points that routinely close deals in regulated industries.
"""

SURVEY = """# Open models in small firms: 2026 member survey

Published by the Orrel Trade Guild, 4 May 2026.

## About the survey

The survey ran online in March 2026 and was sent to all 410 member firms. We received 173 complete
responses, a response rate of 42%. Results are unweighted.

## Findings

Most firms run a hosted model; 18% run an open-weights model in production.
"""

STYLE = """# Newsroom AI rules

## Telling readers

Yes, we disclose. Any published piece in which an AI tool wrote more than a headline suggestion must carry
this line at the foot:

> AI-assisted: [what the tool did]. Checked by [editor's name].

Spelling tools need no label.
"""

WEBINAR = """BRELLOW LABS WEBINAR SERIES 2026
"Tarnwick for hospitals"

SPEAKERS
  JONAS REEF ........ Moderator
  ILSE MARR ......... Head of Sales

[00:00:04] JONAS REEF: Welcome back, we have ten minutes for your questions.

[00:01:10] JONAS REEF: On money. From Petra: "What is the list price for Tarnwick Cloud?"

[00:01:18] ILSE MARR: The standard tier is $1.80 per million input tokens. Enterprise is negotiated.

[00:01:40] JONAS REEF: Next, from a clinic: "Can we run it on our own servers?"

[00:01:47] ILSE MARR: Yes, the 9B weights run on one GPU.
"""

FORUM = """# Tarnwick 2 on a laptop?

7 replies · 1.3k views · last reply 14 Mar 2026

Has anyone run Tarnwick 2 on a laptop with 16 GB? The quantised build is slow for me.
"""

NEWS = """# Brellow ships Tarnwick 2

Tarnwick 2 was released on 10 June 2025, a week later than the team had planned.
"""

HACKATHON = """# Furrowhack 2026: results report

## 5. Judging

Panel:

- **Dr. Ilse Marrow** — chair; senior lecturer in crop science, Quillhaven College
- **Tomas Reef** — Head of Digital, Tarn Valley Farmers
- **Femi Hart** — community manager, Pellucid Commons
"""


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "tarnwick-release-notes.md": CHANGELOG,
        "orrel-member-survey-2026.md": SURVEY,
        "newsroom-ai-rules.md": STYLE,
        "brellow-webinar-transcript.txt": WEBINAR,
        "staff-report.md": MEMO,
        "forum-tarnwick-laptop.md": FORUM,
        "news-tarnwick-2.md": NEWS,
        "furrowhack-2026-results.md": HACKATHON,
    }
    return indexed(tmp_path_factory.mktemp("releases"), embedder, files)


def test_a_changelog_entry_is_about_the_release_it_stands_under(releases: Settings, embedder: Any) -> None:
    # The entry opens with a capitalised word, not a name; its heading names the release, "[2.4.0]".
    answer = ask(releases, embedder, "How many languages does Tarnwick 2.4 support?")
    assert "24 languages" in lead(answer.text)


def test_a_changelog_entry_is_dated_by_its_release_heading(releases: Settings, embedder: Any) -> None:
    # "### Added" dates nothing; the release heading above it does. The maker the question names is named
    # once, at the document's foot.
    answer = ask(releases, embedder, "When did Brellow ship the Sentry-S safety classifier?")
    assert "2025-10-07" in lead(answer.text)


def test_who_took_part_in_a_survey_is_counted_by_its_responses(releases: Settings, embedder: Any) -> None:
    answer = ask(releases, embedder, "How many member firms took part in the Orrel guild's 2026 survey?")
    assert "173" in answer.text


def test_a_sentence_introducing_a_quoted_line_is_read_with_it(releases: Settings, embedder: Any) -> None:
    answer = ask(releases, embedder, "Must a newsroom piece say that AI helped write it?")
    assert "AI-assisted" in answer.text


def test_a_quoted_line_joins_the_sentence_ending_on_a_colon_above_it() -> None:
    pieces = [s.text for s in split(STYLE)]
    assert any(
        p.endswith("at the foot: AI-assisted: [what the tool did]. Checked by [editor's name].")
        for p in pieces
    )
    assert "Checked by [editor's name]." not in pieces  # read once, in the sentence that introduces it
    # (a sentence ending on a colon above a list or paragraph stays as it is)
    listed = split("The rules are these, in order of their weight:\n\n- one\n- two\n")
    assert listed[0].text.endswith(":")


def test_a_timestamped_turn_answers_the_question_read_out_before_it(
    releases: Settings, embedder: Any
) -> None:
    answer = ask(releases, embedder, "How much does Tarnwick Cloud cost per million input tokens?")
    assert "$1.80" in lead(answer.text)


def test_a_turn_after_its_time_is_a_turn_and_a_question_read_out_is_asked() -> None:
    pieces = split(WEBINAR.split("SPEAKERS")[1])
    answer = next(p for p in pieces if "$1.80" in p.text)
    assert "What is the list price for Tarnwick Cloud?" in answer.context


def test_a_release_made_generally_available_answers_when_it_was_released(
    releases: Settings, embedder: Any
) -> None:
    # (the news gives another date: each is a side of its own)
    answer = ask(releases, embedder, "When was Tarnwick 2 released?")
    stances = [side["stance"] for d in answer.disagreements for side in d["sides"]]
    assert any("3 June 2025" in stance for stance in stances), answer.text


def test_a_records_subject_line_is_no_verdict(releases: Settings, embedder: Any) -> None:
    answer = ask(releases, embedder, "Do chat assistants save staff time?")
    assert "Subject" not in lead(answer.text)
    assert "Subject::" not in answer.text  # (its label is written with its colon: read once)


def test_a_field_of_a_table_with_no_header_row_is_quoted_under_its_label(
    releases: Settings, embedder: Any
) -> None:
    answer = ask(releases, embedder, "Who is the staff report addressed to?")
    assert "To: “Board”" in answer.text or "To: Board" in lead(answer.text)
    assert "To::" not in answer.text
    assert ", To" not in answer.text


def test_the_asked_subjects_table_row_is_no_answer_to_what_it_does(releases: Settings, embedder: Any) -> None:
    # "| Brellow Labs | 9.1x |" names the subject and says nothing of its training data.
    answer = ask(releases, embedder, "Does Brellow Labs use the data customers send to train its models?")
    assert "9.1x" not in lead(answer.text)
    assert "does not train" in lead(answer.text)


def test_a_turns_timestamp_is_no_figure(releases: Settings, embedder: Any) -> None:
    # Only the input price is given; "[00:01:18]" is when it was said, not a price of output tokens.
    answer = Assistant(releases, embedder).ask("What does Tarnwick Cloud charge per million output tokens?")
    assert answer.refused, answer.text


def test_another_date_is_a_side_only_when_said_of_the_same_event(releases: Settings, embedder: Any) -> None:
    # The news gives another release date; the forum's "last reply 14 Mar 2026" dates a reply, no release.
    answer = ask(releases, embedder, "When did Tarnwick 2 come out?")
    (differ,) = answer.disagreements
    cited = {c.source for side in differ["sides"] for c in answer.citations if c.n in side["citations"]}
    assert "news-tarnwick-2.md" in cited
    assert "forum-tarnwick-laptop.md" not in cited


def test_a_year_in_a_documents_title_makes_no_entry_a_release_note(releases: Settings, embedder: Any) -> None:
    # "Furrowhack 2026" is a name with its year, not a changelog's version heading: the panel's entries
    # keep their own people.
    assert "Ilse Marrow" in lead(ask(releases, embedder, "Who led the Furrowhack judging panel?").text)
