"""A field labelled as a place says where, however few of the question's words it holds: a syllabus's
"Room: Halloran Hall 214" answers "where are the classes held?"; and a schedule's "Guest lecture: an
engineer from a hospital trust", which names no one, does not answer who teaches the course."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

SYLLABUS = """<html><body>
<h1>CS 4870: Open and Closed Language Models</h1>
<p>Spring 2026 · Syllabus version 1.2</p>
<aside class="infobox">
  <table>
    <caption>Course information</caption>
    <tr><th>Credits</th><td>4</td></tr>
    <tr><th>Meetings</th><td>Tuesdays and Thursdays, 10:30 to 11:50</td></tr>
    <tr><th>Room</th><td>Ferrier Building 118</td></tr>
    <tr><th>Instructor</th><td>Prof. Adaeze Whitcombe</td></tr>
    <tr><th>Teaching assistant</th><td>Jonas Perello</td></tr>
  </table>
</aside>
<h2>Course description</h2>
<p>Some developers publish their weights for anyone to download; others offer their models only through
an API. Students will run and fine-tune open-weight models and evaluate closed models through their APIs.</p>
<h2>Schedule</h2>
<table>
<tr><th>Week</th><th>Dates</th><th>Topic</th><th>Notes</th></tr>
<tr><td>5</td><td>10, 12 Feb</td><td>Licences</td><td>Reading: three model licences compared.</td></tr>
<tr><td>6</td><td>17, 19 Feb</td><td>Deployment and cost</td><td>Guest lecture: infrastructure engineer from a regional hospital trust on running models on premises.</td></tr>
<tr><td>7</td><td>24, 26 Feb</td><td>Midterm</td><td>No classes on 24 Feb.</td></tr>
</table>
</body></html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("places"), embedder, {"cs4870_syllabus.html": SYLLABUS})


def test_a_room_field_says_where_and_the_instructor_who(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Who teaches the course on open and closed language models, and where are the classes held?",
    )
    assert not answer.refused
    assert "Whitcombe" in lead(answer.text)
    assert "Ferrier Building 118" in lead(answer.text)
