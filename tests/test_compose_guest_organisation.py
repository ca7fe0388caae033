"""A partnership, a cooperative or a federation is an organisation by its name's last word: a guest list's
"Teodora Vance, chief information security officer, Marrow Bay Health Partnership" answers which
organisation she works for, as "University of Strelby" does for another guest."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

EPISODE = """# Open Ledger - Episode 41: "Who Checks the Weights?"

*Transcript. Recorded 4 May 2026. Running time 39:10.*

**Host:** Amir Castell
**Guests:**
- Dr Lina Orcutt, lead developer of the Sieve auditing toolkit, University of Strelby
- Teodora Vance, chief information security officer, Marrow Bay Health Partnership

---

**[00:00] AMIR:** Welcome back to Open Ledger. Today: who checks the weights you download? Lina, Teodora, welcome.

**[00:21] LINA:** Thanks for having us. We build tools that compare a model's outputs against its reference release.

**[01:02] TEODORA:** And we run those tools before any model reaches a clinic.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("guest_organisation"), embedder, {"open_ledger_ep41.md": EPISODE})


def test_a_partnership_is_an_organisation(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which organisation does Teodora Vance work for?")
    assert not answer.refused
    assert "Marrow Bay Health Partnership" in lead(answer.text)
