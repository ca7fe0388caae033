"""A date asked of an event ("from what date do the obligations apply?", "on what date does the grant period
finish?") is the date of that event: the day the law applies or comes into force, or the end of the
period's range, not the date a press conference's header gives."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BRIEFING = """MINISTRY OF DIGITAL AFFAIRS -- REPUBLIC OF ORMSLAND
OFFICIAL TRANSCRIPT OF PRESS CONFERENCE

Subject: Implementation of the Ormsland Model Safety Act
Date: Tuesday, 11 February 2025
Venue: Ministry Press Room, Quayside 4, Brenhaven

MINISTER LUND: Good morning. Last year Parliament passed the Ormsland Model Safety Act. Today I can set
out how it will be put into practice. From 1 September 2025 the obligations in Part II of the Act apply
to every developer who offers a general-purpose model in Ormsland.

MINISTER LUND: The Model Safety Office opens in June with forty staff.
"""

GRANT = """# Grant award letter

Dear Dr Ilse Varga,

I am pleased to confirm the award of a grant of €240,000 for the project "Open Models for Town Halls".
The grant period is 18 months, running from 1 April 2025 to 30 September 2026. Payments are made
quarterly in arrears.

Yours sincerely,
Petra Holm, Director of Programmes, The Wendle Foundation
"""


NOTE = """<html><head><title>Guidance note GN-2025/04: exporting model weights</title></head><body>
<h1>Guidance note GN-2025/04: exporting model weights</h1>
<p>Reference: GN-2025/04<br>Published: 14 April 2025</p>
<h2>1. Purpose</h2>
<p>This note explains when transferring the weights of an AI model abroad needs an export licence under
the Strategic Technology Export Order 2025 (the Order). The Order comes into force on 1 June 2025.</p>
<h2>2. Published weights</h2>
<p>Weights published without restriction, so that anyone can download them, are not controlled.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("periods"),
        embedder,
        {
            "ormsland_press_conference.txt": BRIEFING,
            "wendle_grant_letter.md": GRANT,
            "export_guidance_note.html": NOTE,
        },
    )


def test_the_date_a_law_applies_from_is_not_its_briefing_s(corpus: Settings, embedder: Any) -> None:
    first = lead(
        ask(corpus, embedder, "From what date do the Ormsland Model Safety Act's obligations apply?").text
    )
    assert "1 September 2025" in first
    assert "11 February 2025" not in first


def test_a_period_s_end_is_the_end_of_its_range(corpus: Settings, embedder: Any) -> None:
    first = lead(ask(corpus, embedder, "On what date does the Town Halls grant period finish?").text)
    assert "30 September 2026" in first


def test_a_law_takes_effect_when_it_comes_into_force(corpus: Settings, embedder: Any) -> None:
    first = lead(ask(corpus, embedder, "When did the Strategic Technology Export Order take effect?").text)
    assert "1 June 2025" in first
    assert "14 April 2025" not in first
