"""When asked is answered by a month ("at a board meeting in April"), a board decides by a vote, and a span
naming a month alone takes no place among the dates compared for a disagreement."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import dates, gives
from rag.concepts import concepts
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of


def test_a_month_said_answers_when() -> None:
    question = analyse("When did Tarnwick's board decide to replace the Oakhollow service?")
    assert gives(
        "date", "At a board meeting in April, Tarnwick's directors voted to leave Oakhollow.", question
    )
    # (not a year asked, nor "May" the verb)
    assert not gives(
        "date", "At a board meeting in April, the directors voted.", analyse("In what year did it vote?")
    )
    assert not gives("date", "Directors may vote to leave Oakhollow.", question)


def test_a_board_decides_by_a_vote() -> None:
    assert concepts("voted").keys() == concepts("decided").keys()


ADVISORY = """VELTRA LABS SECURITY ADVISORY VLA-2025-031

5. REMEDIATION

 5.1 Upgrade.
     The fixed releases were published on 12 June 2025.
"""

AUDIT = """# Audit of the Corrib Assist pilot

## Findings

F4. The councils were left exposed for weeks: Veltra only released its patched builds for VLA-2025-031 on
30 June 2025, and the councils installed them in July.
"""

COLUMN = """# Patching open models

In June, Veltra disclosed a template flaw in its Marrow-2 models (VLA-2025-031).

In fact Veltra published corrected template files for VLA-2025-031 in June, and the flaw was never in the
weights.
"""

NOTES = """# Release notes, Marrow-2

In June, Veltra shipped its fixed Marrow-2 releases for VLA-2025-031 to every mirror.

In June, Veltra published fixed releases for VLA-2025-031 on its own download site.

In June, Veltra published the fixed VLA-2025-031 releases to the Tallow Reach mirror.

In June, Veltra published its fixed releases for VLA-2025-031 in the community hub.
"""


@pytest.fixture(scope="module")
def patched(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("patched"),
        embedder,
        {"vla-2025-031.txt": ADVISORY, "corrib-audit.md": AUDIT, "column.md": COLUMN, "notes.md": NOTES},
    )


def test_months_alone_do_not_crowd_out_the_other_date(patched: Settings, embedder: Any) -> None:
    answer = ask(patched, embedder, "When did Veltra Labs publish the fixed releases for VLA-2025-031?")
    assert "12 June 2025" in lead(answer.text)
    stances = " ".join(stances_of(answer))
    assert "30 June 2025" in stances


def test_a_reference_holds_no_year() -> None:
    assert dates("In June, Veltra published fixed releases for VLA-2025-031.") == {}
    assert dates("Veltra published fixed releases on 12 June 2025 (VLA-2025-031).") == {"date": {20250612.0}}
