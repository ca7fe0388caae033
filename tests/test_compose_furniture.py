"""What a document's furniture says: a guide's header line naming its lead analyst (after a quarter, "Q3
2025", which is no numbered question), a signature set in italics, a title page's candidate, a letter's
"Coordinated by:" field; a pair of parties' names ("the Pellow-Carrick contract"); a band of a service-credit
table; a matrix whose cell carries a note ("52 under review"); a procedure's numbered steps under "How to…";
and a headcount asked as the size of an organisation."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

GUIDE = """<html><body>
<header>
  <p>Tarrant Advisory / Research / Buyer Guides</p>
  <h1>Hosted Model Buyer's Matrix</h1>
  <p><strong>Q2 2026 edition</strong> - published 4 June 2026 - lead analyst: Odile Brackenbury</p>
</header>
<h2>The matrix</h2>
<table>
  <tr><th>Attribute</th><th>Fenlow-30B</th><th>Corrie 4</th><th>Mallow Open</th></tr>
  <tr><th>Weights</th><td>Downloadable</td><td>API only</td><td>Downloadable</td></tr>
  <tr><th>Tarrant overall score (out of 100)</th><td>71</td><td>84</td><td>49 under review</td></tr>
</table>
<h2>How we score</h2>
<p>Two analysts rate five categories independently and then reconcile their ratings.</p>
</body></html>
"""

NOTICE = """# FAIR DESCRIPTION AUTHORITY

**PENALTY NOTICE PN-2026-03**

## 1. Summary

1.1 The Authority has concluded that Quenby Analytics Ltd described its Lyra Open model as open source in a
misleading way.

## 2. Findings

2.1 The licence Quenby supplied with the Lyra Open weights prohibited use by any organisation with more than 250
employees unless it bought a commercial subscription.

2.2 Quenby Analytics Ltd earned about GBP 4.6 million from Lyra Open subscriptions in its first year.

## 3. Publication

3.1 This Notice is published in full.

---

Signed on behalf of the Authority

*Rosalind Achterberg*
Director of Enforcement
Fair Description Authority

---
"""

AGREEMENT = """SUPPLY AGREEMENT

BETWEEN
(1) PELLOW SYSTEMS PLC ("Supplier"); and
(2) CARRICK LOGISTICS PLC ("Customer").

SCHEDULE 2 - SERVICE LEVELS

S2.1  Supplier guarantees Monthly Availability of the API of 99.9%.

S2.2  If Monthly Availability falls below the guaranteed level, Customer is
      entitled to the following service credits:

      Monthly Availability          Service credit (% of monthly Fees)
      ----------------------------  ----------------------------------
      99.0% to below 99.9%          5%
      96.0% to below 99.0%          15%
      below 96.0%                   40%

18.  TERM

18.1 This Agreement has an initial term of 24 months from the Effective
     Date and renews automatically for successive 6-month periods unless
     either party gives 60 days' written notice.
"""

PORTAL = """# Getting started with Marram, the county's AI assistant

Marram is the county's internal AI assistant, run on the county's own servers.

## How to request access

1. Open the staff portal and choose Software requests.
2. Select form SR-41 "Assistant access" from the list.
3. Describe the tasks you expect to use Marram for in the form.
4. Your team leader receives an approval request by e-mail.
5. Once approved, access is normally switched on within three working days.

## Getting help

- Marram not answering: ring the service desk on extension 2210.
- Ideas for new features: post them in the Marram channel on the intranet.
"""

LETTER = """# An Open Letter on Public Compute

**To:** the members of the Assembly's Science Committee
**From:** researchers in machine learning and law
**Published:** 3 March 2026
**Coordinated by:** Dr Ines Falkenrath (Orme Institute) and Prof. Dario Quennell (Wexcombe University)

## What we ask

We ask the Committee to fund a shared compute facility for university researchers.
"""

THESIS = """UNIVERSITY OF HALLOWMERE
Department of Information Policy

    LICENCES AND LIMITS: OPEN LANGUAGE MODELS IN PUBLIC SERVICES

A thesis submitted for the degree of Doctor of Philosophy

Candidate:     Petronella Ashworth-Vane
Supervisors:   Prof. Ansel Marr (principal)
Submitted:     April 2026


1  OPEN RELEASES

  1.1    Smaller academic projects often disclose more than companies do.
         Brinley-9B, developed at the University of Oskarvik's
         Speech and Language Group, was released under the permissive
         MIT licence together with its evaluation code.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("records"),
        embedder,
        {
            "tarrant_matrix_q2_2026.html": GUIDE,
            "fda_penalty_notice.md": NOTICE,
            "pellow_carrick_agreement.txt": AGREEMENT,
            "marram_getting_started.md": PORTAL,
            "open_letter_public_compute.md": LETTER,
            "thesis_licences_and_limits.txt": THESIS,
        },
    )


def test_a_header_line_after_a_quarter_names_the_lead_analyst(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who led the analysis behind Tarrant's Q2 2026 buyer's matrix?")
    assert "Odile Brackenbury" in lead(answer.text)


def test_a_matrix_cell_with_a_note_still_counts_in_its_line(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which model came top in Tarrant's overall score, and with what score?")
    assert "Corrie 4" in lead(answer.text)
    assert "84" in lead(answer.text)
    assert "Fenlow-30B" not in lead(answer.text)  # the winner alone, not the whole line


def test_a_signature_set_in_italics_answers_who_signed(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which official signed the penalty notice against Quenby Analytics?")
    assert "Rosalind Achterberg" in lead(answer.text)


def test_the_size_of_an_organisation_is_a_headcount(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Under the licence Quenby shipped with Lyra Open, what size of organisation had to pay?",
    )
    assert "250 employees" in lead(answer.text)
    assert "4.6 million" not in lead(answer.text)


def test_a_pair_of_parties_names_their_agreement(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How long does the Pellow-Carrick agreement run initially?")
    assert "24 months" in lead(answer.text)


def test_a_figure_asked_with_its_bound_reads_the_band_that_holds_it(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What credit does Carrick get if Pellow's monthly availability drops under 96 per cent?",
    )
    assert "40%" in lead(answer.text)
    assert "15%" not in lead(answer.text)
    answer = ask(
        corpus,
        embedder,
        "What credit does Carrick get if Pellow's monthly availability falls to 97.5 per cent?",
    )
    assert "15%" in lead(answer.text)
    assert "5%" not in lead(answer.text).replace("15%", "")


def test_a_procedure_is_answered_with_the_steps_under_its_heading(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What do county staff have to do to get access to the Marram assistant?")
    for step in ("SR-41", "team leader", "three working days"):
        assert step in answer.text


def test_an_organiser_is_who_coordinated(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Who organised the researchers' open letter asking the Assembly to fund public compute?",
    )
    assert "Ines Falkenrath" in lead(answer.text)


def test_a_thesis_is_written_by_its_candidate(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who wrote the doctoral thesis on licences and limits?")
    assert "Petronella Ashworth-Vane" in lead(answer.text)


def test_a_line_ending_on_a_possessive_goes_on(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Under what licence was Brinley-9B released?")
    assert "MIT" in lead(answer.text)
    assert not lead(answer.text).startswith("Speech and Language Group")
