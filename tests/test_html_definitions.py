"""A definition list read as fields however its source is laid out ("Chief executive: Marcus Delacroix-Vane",
though the page puts `<dt>` and `<dd>` on lines of their own), and a post asked for by its abbreviation
("Which MP chaired…?") asks for a person, no name of its own."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.formats import html_to_text
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """<html><head><title>Tarrow Dynamics plc - Annual report 2024 (extract)</title></head><body>
<h1>Tarrow Dynamics plc: Annual report 2024 (extract)</h1>
<h2>Company information</h2>
<dl>
    <dt>Registered office</dt>
    <dd>4 Gannet Wharf, Selbridge</dd>
    <dt>Chief Executive</dt>
    <dd>Oriel Fenwick-Stroud</dd>
    <dt>Listing</dt>
    <dd>Selbridge Stock Exchange (TRWD)</dd>
</dl>
<h2>Chief Executive's review</h2>
<p>2024 was the year our Quarry models found their market. Revenue rose by a third and we opened two new
offices.</p>
</body></html>
"""


def test_a_term_and_its_definition_are_one_line_whatever_the_layout() -> None:
    _, text = html_to_text(REPORT)
    assert "Registered office: 4 Gannet Wharf, Selbridge" in text
    assert "Chief Executive: Oriel Fenwick-Stroud" in text


@pytest.mark.parametrize(
    "question",
    ["Which MP chaired the evidence session on open models?", "Which CEO announced the Quarry models?"],
)
def test_a_post_asked_by_its_abbreviation_asks_for_a_person(question: str) -> None:
    asked = analyse(question)
    assert asked.kind == "entity"
    assert all(n.text not in ("MP", "CEO") for n in asked.subjects)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("report"), embedder, {"tarrow_annual_report_2024.html": REPORT})


def test_a_field_of_a_definition_list_answers(report: Settings, embedder: Any) -> None:
    answer = ask(
        report, embedder, "Who is Tarrow Dynamics' chief executive, and where is its registered office?"
    )
    assert "Oriel Fenwick-Stroud" in lead(answer.text)
    assert "Gannet Wharf" in lead(answer.text)
