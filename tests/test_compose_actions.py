"""Minutes' action log asked in words of its own: a term spelled out in the question ("data protection
impact assessment") is its initials in the log ("DPIA"), "who at Lindell…" asks a person, and "…, and by
what date?" asks the date of what the question says before it."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives, phrase_initials
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MINUTES = """# Lindell Valley Health Trust

## AI Governance Committee: minutes

Date: Tuesday 4 March 2025, 10:00-12:00

**5.2 Data protection.** A data protection impact assessment (DPIA) would be needed for either option.

**Decision.** The committee RESOLVED to recommend a 6-month extended trial of Option B in Cardiology, subject
to DPIA sign-off and a satisfactory answer from Quenby Systems on hardware sizing.

### Action log

| Ref | Action | Owner | Due |
|-----|--------|-------|-----|
| B1 | Complete DPIA for the Scribewell extended trial | Oksana Drummond | 11 April 2025 |
| B2 | Obtain revised hardware quotation from Quenby Systems | Farid Halloway | 21 March 2025 |
| B3 | Draft patient information leaflet on AI-drafted letters | Ruth Penhallow | 2 May 2025 |
"""


def test_a_term_anywhere_in_the_question_is_its_initials() -> None:
    question = "Who has to finish the data protection impact assessment for the extended trial?"
    assert ("DPIA", "data protection impact assessment") in phrase_initials(question)


def test_a_bracketed_abbreviation_names_no_one() -> None:
    question = analyse("Who has to finish the data protection impact assessment?")
    assert not gives(
        "entity", "A data protection impact assessment (DPIA) would be needed for either option.", question
    )
    # (a maker in brackets is still named: "Scribewell (Quenby Systems)")
    assert gives(
        "entity",
        "The trial runs Scribewell (Quenby Systems) on the Trust's servers.",
        analyse("Who makes Scribewell?"),
    )


def test_who_at_an_organisation_asks_a_person() -> None:
    question = analyse("Who at Lindell has to finish the assessment?")
    assert not gives("entity", "The trial needs an answer from Quenby Systems on hardware sizing.", question)
    assert gives("entity", "Owner: Oksana Drummond", question)


def test_by_what_date_asks_of_the_question_before_it() -> None:
    [who, when] = analyse("Who at Lindell has to finish the assessment, and by what date?").parts
    assert who.kind == "entity"
    assert when.kind == "date"
    assert "finish the assessment" in when.text


@pytest.fixture(scope="module")
def minuted(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("minuted"), embedder, {"aigc-minutes.md": MINUTES})


def test_the_action_logs_owner_answers_who(minuted: Settings, embedder: Any) -> None:
    answer = ask(
        minuted,
        embedder,
        "Who at Lindell has to finish the data protection impact assessment for the extended trial?",
    )
    assert "Oksana Drummond" in lead(answer.text)
