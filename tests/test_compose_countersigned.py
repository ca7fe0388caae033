"""A memo's signing lines in Markdown ("**Margaret Ellery-Tan**, Board President" / "Countersigned:
**Daniel Psaros**, Board Secretary") are who signed it, no headings, and answer who countersigned it; a
column's sign-off after a dash ("*- Gregor Tallis, orchard grower*") is who wrote the column."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MEMO = """# Brackenford Unified School District
## Board of Education - Decision Memorandum

| | |
|---|---|
| **Memo No.** | BD-2026-07 |
| **Meeting date** | 12 February 2026 |

### 1. Decision

By a vote of **6 to 1**, the Board approved a pilot of Wrenline-8, an open-weight model, on district servers.

### 2. Next steps

The Superintendent will notify both tenderers of the outcome within ten working days.

---

Signed on behalf of the Board:

**Ottilie Marsh-Adeyemi**, Board President

Countersigned: **Jonas Pellworth**, Board Secretary

*This memorandum is a public record. Questions may be directed to the Board Secretary's office, 3 Mill Lane.*
"""


NEWSLETTER = """# THE FURROW
### Member newsletter of the Hollins Valley Growers' Cooperative

## What it costs - a note from the Treasurer

Running our self-hosted assistant, FieldMate, costs us about 6,200 crowns a year, counting electricity and backups.

*- Petra Lindgren, Treasurer*

---

## Another view

*Members are welcome to write for this column. Views expressed are the writer's own and not the board's.*

I voted for FieldMate and I use it. But we chose an open-weight model partly because we were told it is safer, and
anyone can download the same weights and strip out the safety training in an afternoon.

None of this means we should switch FieldMate off. It means we should not tell ourselves that open and safe are
the same word.

*- Anselm Varga, orchard grower, Upper Hollins*

---

## Notice of Annual General Meeting

The Annual General Meeting will be held on 14 June 2026 at the village hall.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("countersigned"),
        embedder,
        {"brackenford_memo.md": MEMO, "the_furrow_spring.md": NEWSLETTER},
    )


def test_signing_lines_in_bold_are_no_headings() -> None:
    kinds = {s.text: s.kind for s in split(MEMO[MEMO.index("Signed on") :], 0)}
    assert kinds["Ottilie Marsh-Adeyemi, Board President"] != "heading"
    assert kinds["Countersigned: Jonas Pellworth, Board Secretary"] != "heading"


def test_the_countersignature_answers_who_countersigned(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who countersigned the Brackenford board memo as secretary?")
    assert "Jonas Pellworth" in lead(answer.text)


def test_a_sign_off_is_no_heading() -> None:
    [span] = [s for s in split(NEWSLETTER, 0) if "Anselm Varga" in s.text]
    assert span.kind != "heading"


def test_a_columns_sign_off_answers_who_wrote_it(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "Who wrote the 'Another view' column in The Furrow worrying about open models?"
    )
    assert lead(answer.text).startswith("Anselm Varga, orchard grower")
