"""How the weights are had is a side: one document's "public download with no registration" against
another's "access is by application only"; and "at no point were the weights made downloadable" denies
as "never" does."""

from __future__ import annotations

from typing import Any

import pytest

from rag import verify
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MATRIX = """# Model comparison matrix, spring 2026

| Attribute | Lindqvist-30B | Sorrel 2 |
|---|---|---|
| Developer | Tamsin Labs | Orrel AI |
| Distribution | Open weights, public download from the Tamsin model hub with no registration | API only |
| Context window | 32,000 tokens | 128,000 tokens |
"""

TALK = """# What we learned shipping Lindqvist-30B

Speaker: Dr Maren Oyelowo, research director, Tamsin Labs

Lindqvist-30B weights: access is by application only; approval typically takes about ten working days.
We review every application by hand, because we want to know who runs the model.
"""

NOTICE = """# Fair Description Authority: findings on Brannock Open

Finding 1. Quenby Analytics marketed Brannock Open as fully open source.

Finding 2. At no point between launch and the date of this notice were the Brannock Open model weights
made publicly downloadable. They were supplied only to customers who had signed a commercial agreement.
"""


def stances_of(answer: Any) -> str:
    """The stances of the answer's one disagreement, as one text."""
    assert len(answer.disagreements) == 1
    return " ".join(side["stance"] for side in answer.disagreements[0]["sides"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("access"),
        embedder,
        {"matrix_spring_2026.md": MATRIX, "tamsin_talk.md": TALK, "fda_brannock_findings.md": NOTICE},
    )


def test_public_download_against_access_by_application(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Can anyone download the Lindqvist-30B weights?")
    assert len(answer.disagreements) == 1
    stances = stances_of(answer)
    assert "no registration" in stances
    assert "by application only" in stances


def test_at_no_point_denies() -> None:
    claim = "Brannock Open's weights are available for public download"
    said = "At no point were the Brannock Open model weights made publicly downloadable."
    assert verify.judge(claim, said).verdict == "contradicted"


def test_a_denial_at_no_point_answers_no(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Are the Brannock Open weights available for public download?")
    assert lead(answer.text).startswith("No")
