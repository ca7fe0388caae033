"""A part of a law named with the law ("breaching Part 3 of the Model Register Act") says where in the law,
not a thing another document must repeat to speak of the law's penalties: the law is the subject."""

from __future__ import annotations

from rag.question import analyse


def test_a_part_of_a_law_is_no_subject_beside_the_law() -> None:
    asked = analyse("What is the maximum fine for breaching Part 3 of the Model Register Act?")
    bases = {n.base for n in asked.subjects}
    assert "part" not in bases
    assert "act" in bases


def test_a_part_named_alone_stays_the_subject() -> None:
    asked = analyse("Which duties does Part 3 impose on providers?")
    assert any(n.base == "part" for n in asked.subjects)
