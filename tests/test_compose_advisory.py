"""A plain-text advisory's header read through the real retrieval and embedder, on a document of our own: a
short field says one whole thing by its label ("Severity: High"); an identifier asked by its field's label
is that field ("What CVE identifier…?"); a boundary line ("-- END OF ADVISORY --") says nothing."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_units import evidence_units
from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ADVISORY = """======================================================================
 BRISKWATER LABS - PRODUCT SECURITY TEAM
 SECURITY ADVISORY
======================================================================

 Advisory ID ....... BSA-2026-007
 Title ............. Prompt injection through a malformed tool turn
                     in the Tarn-2 reference chat template
 CVE ............... CVE-2026-10452
 Severity .......... High
 Status ............ Final

----------------------------------------------------------------------
 1. SUMMARY
----------------------------------------------------------------------

 A flaw in the reference chat template shipped with the instruction-
 tuned Tarn-2 models lets an end user close the tool turn early and
 inject text that the model then treats as operator instructions.

----------------------------------------------------------------------
 2. DISCLAIMER
----------------------------------------------------------------------

 This advisory is provided as is, without warranty of any kind.

-- END OF ADVISORY BSA-2026-007 --
"""


@pytest.fixture(scope="module")
def advisory(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("advisory"), embedder, {"briskwater-bsa-2026-007.txt": ADVISORY})


def test_a_short_field_is_evidence_and_a_boundary_line_is_not() -> None:
    passages = [(ADVISORY, "")]
    units = [s.text for s in evidence_units(passages, [split(ADVISORY)])]
    assert "Severity: High" in units
    assert not any("END OF ADVISORY" in u for u in units)


def test_an_identifier_asked_by_its_label_is_that_field(advisory: Settings, embedder: Any) -> None:
    answer = ask(advisory, embedder, "What CVE identifier was assigned to the template flaw in Tarn-2?")
    assert lead(answer.text).startswith("CVE: CVE-2026-10452")


def test_a_line_a_rule_underlines_is_a_title_apart_from_the_header_under_it() -> None:
    archive = (
        "[4815] Re: Self-hosting Kite-13B at Brennfield: six months in\n"
        "----------------------------------------------------------------------\n"
        "From:    Rhys Penhallow <r.penhallow@brennfield.gov.example>\n"
        "\n"
        "Hi all,\n"
    )
    read = [(s.kind, s.text) for s in split(archive)]
    assert read[0] == ("heading", "[4815] Re: Self-hosting Kite-13B at Brennfield: six months in")
    assert ("sentence", "From: Rhys Penhallow") in read
