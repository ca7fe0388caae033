"""'Which literature databases did the reviewers search?' asks for the things of a kind, a list, however
the question says what was done with them; a named family's versions ("which Llama releases…") are not
asked so."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REVIEW = """# Open-weight and proprietary language models in public bodies: a systematic review

Ingrid Solberg, Tomas Weir and Anja Novak, Karlby University

## 2. Methods

### 2.1 Search strategy

Scopus, Web of Science and IEEE Xplore were searched on 2 December 2024. The search string combined
terms for language models with terms for public administration. Grey literature, including vendor case
studies, was deliberately not searched; we return to this choice in Section 4.

### 2.2 Screening

Database searches returned 388 records. Two reviewers screened titles and abstracts independently.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("which"), embedder, {"karlby_review.md": REVIEW})


def test_which_things_were_done_with_asks_a_list() -> None:
    assert analyse("Which literature databases did the reviewers search for studies?").parts[0].kind == "list"
    assert analyse("Which countries does the guidance cover?").parts[0].kind == "list"
    assert analyse("Which class did the regulator put it in?").parts[0].kind != "list"


def test_the_databases_searched_are_listed(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which literature databases did the reviewers search for studies?")
    assert not answer.refused
    first = lead(answer.text)
    assert "Scopus" in first
    assert "IEEE Xplore" in first
