"""A charge asked by its field is held by the title its stem names: "who is in charge of the science side?"
is the "Chief Scientist"; data kept is data retained or stored; and the body that enforces a law is named."""

from __future__ import annotations

from typing import Any

import pytest

from rag.concepts import concepts
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

INFOBOX = """<html><body>
<h1>Tavish Labs</h1>
<table class="infobox">
<tr><th scope="row">Type</th><td>Private company</td></tr>
<tr><th scope="row">Founded</th><td>2019, Aarhus</td></tr>
<tr><th scope="row">Key people</th><td>Mira Jansen (CEO)<br>Oskar Lind (President)<br>Fenna Drost (Chief Scientist)</td></tr>
</table>
<p>Tavish Labs builds open-weight language models for European public bodies.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("roles"), embedder, {"tavish_labs.html": INFOBOX})


def test_the_head_of_a_field_is_titled_by_its_stem(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who is in charge of the science side at Tavish Labs?")
    assert "Fenna Drost" in lead(answer.text)


@pytest.mark.parametrize("word", ["keeps", "kept", "retains", "retention", "stored"])
def test_data_kept_is_data_retained(word: str) -> None:
    assert concepts(word).keys() == concepts("retain").keys()


def test_a_charge_is_named_by_its_holders_title() -> None:
    from rag.compose_kinds import names_role

    asked = "Who is in charge of the science side at Tavish Labs?"
    assert names_role(asked, "Key people: Mira Jansen (CEO) Fenna Drost (Chief Scientist)")
    assert not names_role(asked, "Key people: Mira Jansen (CEO) Oskar Lind (President)")


RESOLUTION = """WRITTEN RESOLUTION OF THE BOARD OF DIRECTORS OF TARRANT HOLDINGS PLC

  1. APPROVAL. Project Beacon, as described in the Business Case, is approved.

  2. BUDGET. A total budget not exceeding GBP 900,000 is approved for Project Beacon. Any expenditure
     above that amount requires prior Board approval.

  3. OVERSIGHT. The Digital Risk Committee shall oversee Project Beacon and shall receive a written
     progress report from the Chief Technology Officer at each of its meetings.
"""


def test_a_body_charged_with_supervising_is_the_one_that_oversees(
    tmp_path_factory: pytest.TempPathFactory, embedder: Any
) -> None:
    settings = indexed(tmp_path_factory.mktemp("body"), embedder, {"tarrant_resolution.txt": RESOLUTION})
    answer = ask(settings, embedder, "Which body at Tarrant is charged with supervising Project Beacon?")
    assert "Digital Risk Committee" in lead(answer.text)


FACT_SHEET = """# Model Disclosure Act 2025: fact sheet

The Act requires developers of foundation models to publish a model card and register each model.

## Who does what

The Office for Digital Standards is responsible for enforcing the Act, keeping the register and issuing
guidance. Developers must register before a model is offered to the public.
"""


def test_a_body_that_enforces_a_law_is_asked_by_name(
    tmp_path_factory: pytest.TempPathFactory, embedder: Any
) -> None:
    from rag.question_kinds import kind_of

    question = "Which body enforces the Model Disclosure Act?"
    assert kind_of(question) == "entity"
    settings = indexed(tmp_path_factory.mktemp("enforcer"), embedder, {"mda_fact_sheet.md": FACT_SHEET})
    assert "Office for Digital Standards" in lead(ask(settings, embedder, question).text)
