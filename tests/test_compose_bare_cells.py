"""A bare cell's figure ("Context: 200,000") is in the unit the other side gives it ("a 128,000-token
context window"), when the question names no unit: two sides of one figure."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

LISTING = """# Compare hosted models

| Model | Publisher | Access | Context |
|---|---|---|---|
| Orrin-3 Instruct | Halden Model Works | Open weights | 32,768 |
| Quillon Ultra | Meridian Systems | API only | 200,000 |
"""

MEMO = """# Options appraisal: a study assistant for pupils

Quillon Ultra's larger 128,000-token context window was attractive to teachers who wanted pupils to
work with whole novels. Orrin-3 would run on district servers.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("bare_cells"),
        embedder,
        {"listing.md": LISTING, "memo.md": MEMO},
    )


def test_a_bare_cell_is_in_the_unit_the_other_side_gives(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How large is Quillon Ultra's context window?")
    assert "200,000" in lead(answer.text) or "128,000" in lead(answer.text)
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "200,000" in stances
    assert "128,000" in stances
