"""A body set up is one founded or established: "In what year was the Collective set up?" is answered by
"was founded in 2019", and its other side is "was established in 2020", not a sentence that only names
the Collective beside a year of its own ("OpenWeights Jam 2025 was made possible by the Collective")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.concepts import concepts
from rag.config import Settings
from tests.test_compose import indexed
from tests.test_compose_documents import ask

ARTICLE = """# Marrow Collective

## History

The Marrow Collective was founded in 2019 by the linguist Ada Veerman and the engineer Piet Lohuis, who had
worked together on subtitling tools for Flemish public broadcasting.
"""

JUDGMENT = """JUDGMENT

1.  The Claimant, the Marrow Collective, was established in 2020 as a Dutch foundation and has its
    registered office in Rotterdam.
"""

THANKS = """# Hackweek 2025: results

## Thanks

Hackweek 2025 was made possible by the Marrow Collective, the University of Lier and the Flemish Compute
Alliance, which donated GPU time for the weekend.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("founding"),
        embedder,
        {"marrow_article.md": ARTICLE, "marrow_judgment.txt": JUDGMENT, "hackweek_results.md": THANKS},
    )


@pytest.mark.parametrize("said", ["set up", "established", "founded"])
def test_set_up_and_established_are_founded(said: str) -> None:
    assert concepts(said).keys() == concepts("found").keys()


def test_a_founding_year_differs_only_by_another_founding(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "In what year was the Marrow Collective set up?")
    assert "2019" in answer.text.split("\n\n", 1)[0]
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "2020" in stances
    assert "Hackweek" not in stances
