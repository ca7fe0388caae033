"""Specification of the words the page shows, apart from Streamlit: answer layout and source headings
(rag/answer_text.py), refresh news and summaries (rag/refresh_text.py), the way forward an error offers
(rag/turns.py) and the status JSON (rag/status.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from rag.answer import Citation
from rag.answer_text import answer_footer, answer_parts, citation_label, location, verdict_line
from rag.corpus import Skipped
from rag.errors import BackendUnavailable, IndexMissing, RagError, UsageError, damaged
from rag.records import Answer
from rag.refresh_text import age, news, refresh_outcome
from rag.report import RefreshReport
from rag.status import IndexStatus
from rag.turns import error_kind
from rag.uploads import SavedUpload


def cite(title: str = "Falcon", section: str = "History", lines: tuple[int, int] = (3, 4)) -> Citation:
    return Citation(1, "falcon.md", title, section, "Falcon was built by TII.", 10, 34, *lines, 0.5)


def test_an_answer_is_split_into_lead_quotes_sides_and_note() -> None:
    text = (
        "TII built Falcon [1].\n\nFrom the documents:\n- “Falcon was built by TII” [1]\n\n"
        "Sources differ:\n- Open [1]\n- Closed [2]\n\nOnly two documents say so."
    )
    parts = answer_parts(text)
    assert parts.lead == "TII built Falcon [1]."
    assert parts.quotes == ["“Falcon was built by TII” [1]"]
    assert parts.sides == ["Open [1]", "Closed [2]"]
    assert parts.note == "Only two documents say so."


def test_the_footer_says_who_answered_how_fast_and_how_long_the_question_waited_in_line() -> None:
    def footer(backend: str, **timings: float) -> str:
        return answer_footer(Answer("q", "q", "a [1].", False, [], backend, "SmolLM2", "generated", timings))

    assert (
        footer("embedded", first_token_s=1.23, total_s=3.41)
        == "embedded · SmolLM2 · first words 1.2 s · 3.4 s"
    )
    assert footer("spans", total_s=0.4) == "no model needed · 0.4 s"
    # Someone else's questions went first: the seconds the answer itself took do not explain the wait.
    assert footer("spans", total_s=0.4, waited_s=2.06) == "no model needed · 0.4 s · waited 2.1 s in line"


def test_a_source_heading_names_title_section_and_lines_and_stays_one_line() -> None:
    assert citation_label(cite()) == "[1] Falcon — History · lines 3–4"
    assert citation_label(cite(section="Falcon")) == "[1] Falcon · lines 3–4"
    assert location(cite(lines=(3, 3))) == "falcon.md · line 3"
    assert location(cite(lines=(0, 0))) == "falcon.md · characters 10–34"
    long = citation_label(cite(title="word " * 40))
    assert long.endswith("… · lines 3–4")
    assert len(long.split(" · ")[0]) == 90


def test_every_verdict_has_its_heading() -> None:
    assert verdict_line("contradicted")[1] == "Contradicted by the documents"
    assert verdict_line("something new") == (":material/help:", "something new")


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(5, "just now"), (300, "5 min ago"), (7200, "2 h ago"), (86400, "1 day ago"), (3 * 86400, "3 days ago")],
)
def test_the_index_age_is_said_in_the_largest_unit(seconds: int, said: str) -> None:
    assert age(1000.0, now=1000.0 + seconds) == said


def test_news_of_a_new_index_version_counts_documents_by_kind() -> None:
    at = datetime(2026, 1, 2, 10, 42)
    report = RefreshReport(added=["a.md", "b.md"], updated=["c.md"])
    headline, lines = news(report, at)
    assert headline == "2 documents added, 1 updated — 10:42"
    assert lines == ["Added (2): a.md, b.md", "Updated (1): c.md"]
    assert news(None, at) == ("The index was updated — 10:42", [])
    assert news(RefreshReport(), at) == ("The index was rebuilt — 10:42", [])


def test_a_refresh_outcome_warns_about_skipped_files_and_refused_uploads(tmp_path: Path) -> None:
    saved = SavedUpload("a b.md", "a-b.md", tmp_path / "a-b.md", "saved")
    report = RefreshReport(added=["a-b.md"], skipped=[Skipped("x.pdf", "no text")], seconds=1.25)
    outcome = refresh_outcome(report, [saved], ["bad.exe: unsupported file type"])
    assert outcome.level == "warning"
    assert outcome.headline == "Index refreshed in 1.2 s: 1 added, 0 updated, 0 removed, 1 skipped."
    assert outcome.lines[:3] == [
        "a b.md saved as a-b.md",
        "Not saved: bad.exe: unsupported file type",
        "Added (1): a-b.md",
    ]
    assert refresh_outcome(RefreshReport(added=["a.md"]), [], []).level == "success"
    assert refresh_outcome(None, [], ["x"]).headline.startswith("No file was saved")
    assert refresh_outcome(None, [], [], "busy").level == "error"


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (IndexMissing("no index"), "index"),
        (damaged(Path("idx"), "a file is missing"), "index"),
        (BackendUnavailable("no Ollama"), "backend"),
        (UsageError("empty"), "usage"),
        (RagError("other"), "retry"),
    ],
)
def test_each_error_offers_its_way_forward(exc: Exception, kind: str) -> None:
    assert error_kind(exc) == kind


def test_status_json_of_an_index_that_is_not_ready_keeps_only_where_and_why() -> None:
    assert IndexStatus("idx").as_dict() == {"index_dir": "idx", "ready": False}
    assert IndexStatus("idx", problem="damaged").as_dict() == {
        "index_dir": "idx",
        "ready": False,
        "problem": "damaged",
    }
