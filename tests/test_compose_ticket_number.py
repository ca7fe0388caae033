"""An identifier asked by its kind's number is answered by the identifier written after that kind's word
("[Ticket QF-20931]" in a support thread's subject), as by a field labelled with it ("Reference: …")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

THREAD = """From: Marta Lisle <marta@lisle-partners.example>
To: support@quillfern.example
Date: Mon, 2 Mar 2026 09:12
Subject: Price rise on our Quillfern Business plan

Dear Quillfern support,

We were told on Friday that the price of our plan goes up by 40% next month. Nobody asked us.

Marta Lisle, Lisle & Partners

----------------------------------------------------------------
From: Quillfern Support <support@quillfern.example>
To: Marta Lisle <marta@lisle-partners.example>
Date: Mon, 2 Mar 2026 15:40
Subject: RE: Price rise on our Quillfern Business plan
         [Ticket QF-20931]

Dear Ms Lisle,

Thank you for contacting us. Your complaint has been logged and passed to our billing team, who will
reply within five working days.

Kind regards,
Tamsin, Quillfern Support
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("ticket_number"), embedder, {"lisle_complaint_thread.txt": THREAD})


def test_the_identifier_after_its_kinds_word_answers(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What ticket number did Quillfern give to the Lisle & Partners complaint?")
    assert not answer.refused
    assert "QF-20931" in lead(answer.text)


def test_the_kinds_word_alone_gives_no_identifier() -> None:
    asked = analyse("What ticket number did Quillfern give to the complaint?")
    assert gives("number", "Ticket no. 4471 was closed on Friday.", asked)
    assert not gives("number", "We will reply to your ticket within 2 days.", asked)
    assert not gives("number", "Your ticket has been escalated.", asked)
