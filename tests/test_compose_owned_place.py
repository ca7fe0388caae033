"""Where a thing owned by a body is ("the Hollins Valley cooperative's FieldMate server"), read through the
real retrieval and embedder: the owner named by its kind is no subject a passage must repeat (the
cooperative's own newsletter says "our server"), a kind of place the question names ("on our own server")
is no answer to where, and the clause that says where keeps what it is said of ("…, which sits in…")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

NEWSLETTER = """# THE FURROW
### Member newsletter of the Hollins Valley Growers' Cooperative

## From the Chair

FieldMate is built on Orrin-13B, an open-weight model we have loaded with twelve years of trial results.
FieldMate runs entirely offline on our own server, which sits in the office at the Ashcombe packing shed. Nothing
you type goes to any outside company.

## Notice of Annual General Meeting

The Annual General Meeting of the Hollins Valley Growers' Cooperative will be held on 14 June 2026 at Ashcombe
Hall, starting at 7.00 pm.
"""

QUESTION = "Where is the Hollins Valley cooperative's FieldMate server physically located?"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("owned_place"), embedder, {"the_furrow.md": NEWSLETTER})


def test_an_owner_said_by_its_kind_is_no_subject() -> None:
    assert [n.text for n in analyse(QUESTION).subjects] == ["FieldMate"]
    assert [n.text for n in analyse("Is Meta's LLaMA open source?").subjects] == ["LLaMA"]


def test_the_kind_of_place_asked_is_no_answer_to_where() -> None:
    assert not gives("place", "FieldMate runs entirely offline on our own server,", analyse(QUESTION))
    assert gives("place", "which sits in the office at the Ashcombe packing shed.", analyse(QUESTION))


def test_where_the_owned_server_sits_answers(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, QUESTION)
    assert not answer.refused
    assert lead(answer.text).startswith(
        "FieldMate runs entirely offline on our own server, which sits in the office at the Ashcombe packing shed"
    )
