"""What makes a thing count as a term asks the term's definition: "what makes a model count as an adapted
model under the licence?" is answered by the licence's defined term ('2.4 "Adapted Model" means…'), not by
its grant of rights that names adapted models in passing."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_definitions import TERM
from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

LICENCE = """BRAMBLE COMMUNITY MODEL LICENCE
Version 3.0

2. DEFINITIONS

2.1  "Licensor" means the Bramble Foundation.

2.4  "Adapted Model" means any model whose weights result from further training, pruning,
     compressing or blending the Model, or any model taught to imitate the Model's outputs.

3. GRANT

3.1  Subject to this Licence, the Licensor grants You a free, worldwide licence to use, copy and change
     the Model and to create and share Adapted Models of Bramble-12.

3.2  You must keep this Licence with every copy of the Model you share.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("counts"), embedder, {"bramble_licence_v3.txt": LICENCE})


def test_what_makes_it_count_as_a_term_asks_its_definition(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Under the Bramble licence, what makes a model count as an adapted model?")
    assert not answer.refused
    assert "further training" in lead(answer.text)


def test_counts_as_is_a_definition_of_the_fewest_words() -> None:
    question = "Under the Bramble licence, what makes a model count as an adapted model of Bramble-12?"
    assert analyse(question).parts[0].kind == "definition"
    term = TERM.match(question)
    assert term
    assert term.group(1) == "adapted model"
    # (what makes a thing so is still its reason)
    assert analyse("What makes open models cheaper to run?").parts[0].kind == "reason"


def test_a_contracts_defined_term_in_quotes_is_defined() -> None:
    text = '2.4 "Adapted Model" means any model whose weights result from further training the Model.'
    assert gives("definition", text, analyse("What is an adapted model?"))
    assert not gives(
        "definition", '2.4 "Licensor" means the Bramble Foundation.', analyse("What is an adapted model?")
    )
