"""A programme's header gives its people by their roles, in a fixed-width block ("PRESENTER  : Bethan
Morcombe"): "who hosted the phone-in?" asks the presenter, however little else of the question the line
holds."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

TRANSCRIPT = """RADIO TALLOW 101.4 FM
========================================================================
PROGRAMME  : Night Lines (listener phone-in)
EPISODE    : "Whose model is it anyway?"
BROADCAST  : Thursday 9 October 2025, 22:00-23:00 (live)
PRESENTER  : Oriel Castellane
IN STUDIO  : Tomas Wrey, policy lead, Kestrel Labs
             Nadia Brook, organiser, Open Model Circle
PRODUCER   : Fen Achari
========================================================================

[22:00:10] ORIEL CASTELLANE: Good evening, this is Night Lines. Tonight we ask whether the AI models
that councils and schools rely on should be open for anyone to inspect. The lines are open.

[22:01:02] TOMAS WREY: Our view is simple. Closed models can be audited by regulators without handing
their weights to everyone.

[22:02:30] NADIA BROOK: And our view is that an audit nobody else can repeat is not much of an audit.
Open weights let any university check the claims.

[22:04:15] ORIEL CASTELLANE: Let's go to the phones. Jean in Harrowgate, you're on the air.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("roles"), embedder, {"radio_tallow_night_lines.txt": TRANSCRIPT})


def test_a_field_labelled_with_the_role_asked_names_its_holder(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who hosted the listener debate on whether AI models should be open?")
    assert not answer.refused
    assert "Oriel Castellane" in lead(answer.text)
