"""A contract names its parties once, with a term of their own ('Marlow & Finch Ltd (the "Client")'), and
then only by that term: "Vantori shall notify the Client…" is about Marlow & Finch."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ANNEX = """VANTORI AI LIMITED
DATA PROCESSING AGREEMENT - SCHEDULE 2
PROCESSING DETAILS AND SECURITY INCIDENTS

Agreement reference : VAI-DPA-2025-0042
Schedule date       : 3 March 2025
Controller          : Marlow & Finch Ltd (the "Client")
Processor           : Vantori AI Limited ("Vantori")
Service             : Vantori Scribe hosted transcription and summarisation API

========================================================================

1.  SUBJECT MATTER

1.1 Vantori processes Client Personal Data solely to provide the Service to the Client.

1.2 Processing continues for the term of the Master Services Agreement.


2.  SECURITY INCIDENTS

2.1 Vantori shall notify the Client without undue delay, and in any event within 72 hours, after
    becoming aware of a Security Incident affecting Client Personal Data.

2.2 The notice shall describe the nature of the incident, the categories of data concerned and the
    measures taken or proposed.


3.  RETENTION

3.1 Audio files are deleted within 24 hours of transcription. Summaries are kept for the period the
    Client configures, up to a maximum of 180 days.
"""

STATUS = """# Scribe rollout: weekly status, week 14

Marlow & Finch's rollout of Vantori Scribe is on track. Twelve teams now use the service.

| Item | Status | Comment |
|---|---|---|
| Training | GREEN | 140 staff trained |
| Latency | AMBER | Summaries take 9 seconds on average |
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("defined"),
        embedder,
        {"vantori_dpa_schedule2.txt": ANNEX, "scribe_status_wk14.md": STATUS},
    )


def test_a_party_named_by_its_defined_term_is_that_party(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "How quickly does Vantori have to tell Marlow & Finch about a security incident?"
    )
    assert not answer.refused
    assert "72 hours" in lead(answer.text)


def test_a_defined_term_is_read_off_its_brackets() -> None:
    from rag.compose_scoring import _defined
    from rag.question import names

    asked = names("How quickly must Vantori tell Marlow & Finch?")
    found = {(term.pattern, n.base) for term, n in _defined(asked, ANNEX)}
    assert (r"\bClient\b", "marlow") in found
    assert (r"\bClient\b", "finch") in found
    assert not any(base == "vantori" for _, base in found)  # ("Vantori" defines itself by its own name)
