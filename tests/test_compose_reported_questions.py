"""A question reported and nothing more answers nothing, as a question does: "A listener asked why a model
called Harrow-40 is not simply 40 billion parameters" gives no parameter count; the sentence after it
does. (Not a sentence that goes on to answer: "When asked whether it was open, Ines said no.")"""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_units import _REPORTED_QUESTION
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

SHOW_NOTES = """<html><body>
<h1>Weights &amp; Measures, episode 112: counting what matters</h1>
<p>Hosts Dana Whitlow and Ines Marrec talk through listener questions on open models.</p>
<h2>Counting parameters (22:40)</h2>
<p>A listener asked why a model called Harrow-40 is not simply 40 billion parameters.
According to Ines, the model actually has 41.6 billion parameters; the name was rounded down at launch.</p>
<h2>Downloads (31:05)</h2>
<p>Since its release Harrow-40 has passed 6 million downloads across the main model hubs.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("reported"), embedder, {"weights_and_measures_112.html": SHOW_NOTES}
    )


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("A listener asked why a model called Harrow-40 is not simply 40 billion parameters.", True),
        ("Hugo Pettifer asked the minister whether the contract was worth EUR 2 million.", True),
        (
            "Maeve Dunstan (Carrow South): To ask the Minister for Digital Government whether systems built on "
            "open-weight models are required to be entered on the National AI Register.",
            True,
        ),
        ("When asked whether it was open, Ines said no.", False),
        ("The council asked Kestrel to publish its weights.", False),
    ],
)
def test_a_reported_question_is_told_from_a_statement(text: str, reported: bool) -> None:
    assert bool(_REPORTED_QUESTION.match(text)) is reported


def test_a_reported_question_gives_no_figure(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How many parameters does Harrow-40 have?")
    assert not answer.refused
    assert "41.6 billion" in lead(answer.text)
    assert "asked why" not in answer.text  # (not even among the quotes)
