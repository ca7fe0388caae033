"""A word that names nothing joined to another ("AI-use", "API-only") is no name a span must hold; a
count asked ("how many businesses…?") is answered by a count, not a share ("All businesses: 34%"), and
"how many openness categories" counts categories, a scheme's classes."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.question import names
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BULLETIN = """<html><body>
<h1>Use of artificial intelligence in businesses, Varnland: 2025</h1>
<p>Statistical bulletin. Official statistics.</p>
<dl>
  <dt>Survey period</dt><dd>September to November 2025</dd>
  <dt>Responding businesses</dt><dd>7,420 (response rate 68%)</dd>
  <dt>Coverage</dt><dd>Businesses with 10 or more employees</dd>
</dl>
<h2>AI use by size of business</h2>
<table>
  <tr><th>Size band</th><th>2024</th><th>2025</th><th>Change (percentage points)</th></tr>
  <tr><td>All businesses</td><td>21%</td><td>33%</td><td>+12</td></tr>
  <tr><td>250 or more employees</td><td>48%</td><td>61%</td><td>+13</td></tr>
</table>
</body></html>
"""


@pytest.mark.parametrize("text", ["the Varnland AI-use bulletin", "an API-only model"])
def test_a_common_word_joined_to_another_names_nothing(text: str) -> None:
    assert all("-" not in n.text for n in names(text))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("counts"), embedder, {"varnland_ai_use_2025.html": BULLETIN})


def test_a_count_asked_is_no_share(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "How many businesses answered the survey behind the Varnland AI-use bulletin?"
    )
    assert "7,420" in lead(answer.text)


def test_a_word_ending_ss_is_no_plural_counted() -> None:
    from rag.question import unit_of

    assert unit_of("How many openness categories does the CDIS draft set out?") == "categories"
    assert unit_of("How many access requests were approved?") == "requests"


def test_a_scheme_s_categories_are_its_classes() -> None:
    from rag.concepts import concepts

    assert concepts("categories").keys() == concepts("classes").keys()
