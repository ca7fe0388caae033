"""A later part's "it", after a name that qualifies a thing, is the thing: "…the Calloway & Finch adoption
survey, and when was it carried out?" asks when the survey was (its fieldwork), not when Calloway was."""

from __future__ import annotations

from rag.concepts import concepts
from rag.question import analyse


def test_it_is_the_thing_a_name_qualifies() -> None:
    parts = analyse(
        "How many decision-makers took part in the Calloway & Finch adoption survey, and when was it carried out?"
    ).parts
    assert parts[1].text == "when was Calloway & Finch adoption survey carried out"


def test_it_is_still_the_name_itself() -> None:
    assert (
        analyse("Who makes Claude, and what does it emphasize?").parts[1].text == "what does Claude emphasize"
    )


def test_carried_out_is_conducted_and_fieldwork() -> None:
    assert concepts("carried out").keys() == concepts("conducted").keys() <= concepts("Fieldwork ran").keys()
