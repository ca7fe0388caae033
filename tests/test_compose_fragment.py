"""A topic named alone says nothing of it: a host's "The Model Register Act." in a transcript is no answer
to whether open-weight models are exempt from the Act (`compose_scoring.accepted` passes over it)."""

from __future__ import annotations

from rag.spans import fragment


def test_a_title_said_alone_is_a_fragment() -> None:
    assert fragment("The Model Register Act.")
    assert fragment("AMIR: The Model Register Act.")
    assert not fragment("Yes.")
    assert not fragment("Open-weight models are exempt from the Act.")
