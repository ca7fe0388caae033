"""A turn under a heading of its own is about what that heading names: a minister's written answer under
"Model Register Act 2024: Commencement" answers when guidance under that Act is due, though the answer
itself never names the Act (its speaker introduced at the document's opening speaks for no party)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ANSWERS = """<!DOCTYPE html>
<html lang="en">
<head><title>Written Answers, 9 October 2025</title></head>
<body>
<h1>Written Answers</h1>
<p class="date">Thursday 9 October 2025</p>
<section>
  <h2>Ministry of Public Services</h2>
  <article>
    <h3>Public Sector: Hosted Language Models</h3>
    <p><strong>Odile Brask</strong> (Vennmoor South): To ask the Minister for Public Services how many
    agencies use hosted language models in live services.</p>
    <p><strong>Pieter Lunde</strong> (Minister for Public Services): The Registry Office surveyed agencies in
    the summer. It found that 23 agencies use a hosted language model in a live service and 9 more are
    piloting one. The survey relied on agencies reporting their own use.</p>
  </article>
  <article>
    <h3>Model Register Act 2024: Commencement</h3>
    <p><strong>Ansel Vigo</strong> (Harrowby): To ask the Minister for Public Services when the duties under
    the Model Register Act 2024 will apply, and what guidance will be published first.</p>
    <p><strong>Pieter Lunde</strong>: The duties on providers will apply from 1 July 2026. The Registry Office
    will publish draft rules for consultation by the end of November 2025, with final rules in the spring.
    A helpdesk for small providers opened on 1 September 2025.</p>
  </article>
  <article>
    <h3>Model Register Act 2024: Penalties</h3>
    <p><strong>Ansel Vigo</strong> (Harrowby): To ask the Minister for Public Services what the highest
    penalty under the Act is.</p>
    <p><strong>Pieter Lunde</strong>: The highest penalty is 3 per cent of annual turnover.</p>
  </article>
</section>
</body>
</html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("turn_heading"), embedder, {"written_answers.html": ANSWERS})


def test_a_turn_is_about_what_its_heading_names(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "By when is the Registry Office expected to put out its draft rules under the Model Register Act?",
    )
    assert not answer.refused
    assert "end of November 2025" in lead(answer.text)
