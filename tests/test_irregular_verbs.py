"""A verb's irregular past forms are the verb: "which languages can be spoken to it?" is answered by
"patients can speak English, Welsh…", and the verifier reads "Quenby sold the unit" as "sells"."""

from __future__ import annotations

from typing import Any

import pytest

from rag import verify
from rag.concepts import concepts
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

DATASHEET = """<html><body>
<h1>DictaCore 5: ambient clinical documentation</h1>
<p>DictaCore 5 listens to the consultation, drafts the clinic letter and files it to your electronic patient
record for clinician approval.</p>
<p>It runs entirely on an appliance in your own data centre, powered by an open-weight language model.</p>
<h2>Features</h2>
<ul>
 <li><strong>Ambient capture.</strong> No dictation step: the appliance drafts while you talk to the patient.</li>
 <li><strong>Multilingual dictation.</strong> Clinicians and patients can speak English, Welsh, Polish, Urdu or
 Punjabi; finished letters are produced in English or Welsh.</li>
 <li><strong>Clinician in the loop.</strong> No letter leaves the system without sign-off.</li>
</ul>
<h2>Evaluation</h2>
<p>Testing was carried out by an independent evaluation unit on 2,000 recorded outpatient consultations.</p>
</body></html>
"""


@pytest.mark.parametrize(
    ("form", "verb"), [("spoken", "speak"), ("chose", "choose"), ("sold", "sells"), ("held", "hold")]
)
def test_an_irregular_form_is_its_verb(form: str, verb: str) -> None:
    assert concepts(form).keys() == concepts(verb).keys()


def test_the_verifier_reads_a_past_form_as_its_verb() -> None:
    assert verify.judge("Quenby sells the unit", "Quenby sold the unit to the trust.").verdict == "supported"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("irregular"), embedder, {"dictacore5_datasheet.html": DATASHEET})


def test_a_past_participle_asks_what_its_verb_says(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which languages can be spoken to DictaCore 5 during a consultation?")
    assert "Welsh" in lead(answer.text)
