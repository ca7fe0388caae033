"""A sum "per report" is a sum for one report: asked the most a bounty pays "for a single report", the
policy's "$25,000" for one report and an article's "$12,000 per report" are two sides of one figure."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

POLICY = """# Kestrel Labs security bounty

Kestrel Labs publishes the weights of its open models, so the software around them has to be
trustworthy. We reward researchers who report vulnerabilities in our download portal and hosted API.

## Rewards

Rewards depend on severity, from $500 for a low-severity issue upward. The largest single award we
will pay for one report is $25,000. Duplicate reports are rewarded only for the first valid submission.
"""

ARTICLE = """# Open weights, open doors?

Critics say bug bounty programmes cannot keep open models safe. The top reward in Kestrel's programme is
$12,000 per report, a fraction of what a serious flaw fetches on the grey market. Kestrel says its
bounty is among the better ones in the field.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("per_one"), embedder, {"kestrel_bounty.md": POLICY, "open_doors.md": ARTICLE}
    )


def test_a_sum_per_the_one_thing_asked_is_another_side(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What is the most Kestrel will pay for a single bug bounty report?")
    assert "$25,000" in lead(answer.text)
    [differ] = answer.disagreements
    assert "$12,000" in " ".join(side["stance"] for side in differ["sides"])
