"""A glossary's entry defines the term on the line above it; a change asked "by how much" is answered in
percent; a recital's letter ("(B)") is where it stands, not what it says."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.compose_wording import as_sentence
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

GLOSSARY = """<html><head><title>Plain Terms for Model Buyers</title></head><body>
<h1>Plain Terms for Model Buyers</h1>
<p>Compiled by the Fenwick Procurement Forum. Terms are listed alphabetically.</p>
<h2>G to L</h2>
<dl>
  <dt>Gated release</dt>
  <dd>Publishing weights only to people who accept terms and register first. Access may be refused.</dd>
  <dt>Licence drift</dt>
  <dd>Tightening the conditions attached to a model in later versions while keeping its name. Buyers notice
  it only at renewal.</dd>
</dl>
<h2>M to O</h2>
<dl>
  <dt>Open-washing</dt>
  <dd>Advertising a system as "open" while shipping it under restrictive terms or without key parts. The
  word spread among procurement officers in 2024.</dd>
  <dt>Open-weight model</dt>
  <dd>A model whose trained parameters anyone may download and run, whatever the terms on its data.</dd>
</dl>
</body></html>
"""

RESOLUTION = """WRITTEN RESOLUTION OF THE BOARD OF DIRECTORS
OF TARNWICK FREIGHT HOLDINGS PLC

RECITALS

  (A) The Company processes customs declarations using the Veyra Prime
      service supplied by Oakhollow Intelligence under a master services
      agreement dated 1 March 2023 (the "Oakhollow MSA").

  (B) The Oakhollow MSA expires on 30 June 2025 and Oakhollow has
      notified the Company of a proposed price increase of 18% on
      renewal.

RESOLUTIONS

  1. APPROVAL. Project Beacon, as described in the Business Case, is
     approved.
"""


def test_a_term_asked_in_quotes_is_the_term() -> None:
    question = analyse('What is meant by "open-washing"?')
    text = 'Advertising a system as "open" while shipping it under restrictive terms or without key parts.'
    assert gives("definition", text, question, before="Open-washing:")
    # (under another term's line, it defines that one)
    assert not gives("definition", text, question, before="Licence drift:")


def test_a_change_by_how_much_is_answered_in_percent() -> None:
    question = analyse("By how much did Oakhollow propose to raise Tarnwick's price at renewal?")
    assert gives(
        "number",
        "Oakhollow has notified the Company of a proposed price increase of 18% on renewal.",
        question,
    )


def test_a_recitals_letter_is_no_part_of_the_sentence() -> None:
    assert (
        as_sentence("(B) The Oakhollow MSA expires on 30 June 2025.")
        == "The Oakhollow MSA expires on 30 June 2025."
    )


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("filed"),
        embedder,
        {"plain-terms.html": GLOSSARY, "tarnwick-resolution.txt": RESOLUTION},
    )


def test_a_glossary_entry_answers_what_its_term_means(filed: Settings, embedder: Any) -> None:
    answer = ask(filed, embedder, 'What is meant by "open-washing"?')
    assert not answer.refused
    assert "restrictive terms" in lead(answer.text)


def test_a_price_rise_asked_by_how_much(filed: Settings, embedder: Any) -> None:
    answer = ask(filed, embedder, "By how much did Oakhollow propose to raise Tarnwick's price at renewal?")
    assert not answer.refused
    assert "18%" in lead(answer.text)
    assert not lead(answer.text).startswith("(B)")
