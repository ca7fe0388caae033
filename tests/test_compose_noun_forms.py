"""A verb's noun whose stem is not the verb's says the same event: "Publication of OMTS v1.0 is targeted
for 1 December 2025" says when the specification is to be published ("publication" stems to "public")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.concepts import concepts
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

RECORD = """# Working Group 7 — ballot record: Open Model Reporting Standard (OMRS)

Meeting held online on 12 September 2025. Convenor: Petra Lindqvist-Amadi.

## 1. Ballot result

Draft 6 of the Open Model Reporting Standard was approved with 14 votes in favour, 2 against and
3 abstentions. The ballot closed on 5 September 2025.

## 2. Comment resolution

| Ref | Clause | Commenter | Resolution |
|---|---|---|---|
| C-04 | 3.1 Model identity | Harrow Labs | Accepted |
| C-09 | 5.2 Evaluation data | Open Weights Forum | Accepted in part |

## 3. Next steps

1. The editor will circulate Draft 7, with all resolutions, by 3 October 2025.
2. A two-week editorial review of Draft 7 follows; no technical changes will be accepted.
3. Publication of OMRS v1.0 is targeted for 1 December 2025.
4. A work item for OMRS v1.1 will be proposed at the next meeting.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("nouns"), embedder, {"wg7_ballot_record.md": RECORD})


@pytest.mark.parametrize(("noun", "verb"), [("publication", "published"), ("submission", "submitted")])
def test_a_verbs_noun_is_its_verb(noun: str, verb: str) -> None:
    assert concepts(noun).keys() == concepts(verb).keys()


def test_a_publication_date_answers_when_it_is_published(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "When is version 1.0 of the Open Model Reporting Standard expected to be published?"
    )
    assert not answer.refused
    assert "1 December 2025" in lead(answer.text)
