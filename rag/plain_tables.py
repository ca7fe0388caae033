"""Plain-text tables: lines whose columns are lined up by spaces → their cells, with column and row names.

In: a passage's text and its lines (`spans.units` reads them). Out: each cell's offsets with its column's
and row's names, as written. An annual report sets its figures so ("  Revenue      $1,842m   $1,144m"
under "               2027      2026"); read as prose they run together into one sentence of figures
whose years nobody can tell apart. The one decision this module owns: which lines make such a table, and
which column a value lies under.
"""

from __future__ import annotations

import itertools
import re

# A gap between a plain-text table's columns: three spaces or more (two may follow a full stop in prose).
_COLUMN_GAP = re.compile(r" {3,}|\t+")
MIN_LINES = 3  # a header and two rows at least: two lines with wide gaps are no table yet

Fields = list[tuple[int, int]]  # (start, end) of a line's fields
Cell = tuple[int, int, str, str]  # (start, end) in the passage, the column's name, the row's name


def fields(line: str) -> Fields:
    """(start, end) of the fields of a plain-text table's line, its columns lined up by spaces (a label,
    then short values: prose has no gap of three spaces in it); [] for any other line."""
    out, pos = [], len(line) - len(line.lstrip())
    for gap in _COLUMN_GAP.finditer(line, pos):
        if gap.start() > pos:
            out.append((pos, gap.start()))
        pos = gap.end()
    if line[pos:].strip():
        out.append((pos, len(line.rstrip())))
    if len(out) < 2 or "|" in line or any(len(line[a:b].split()) > 4 for a, b in out[1:]):
        return []
    return out


def heads(head: Fields, rows: list[Fields]) -> bool:
    """Whether the line of fields `head` heads the `rows` below it: it names the value columns only, so it
    starts right of every row's label."""
    # (every line of it lined up: a markdown row among them makes it no such table)
    return bool(head and rows and all(rows)) and head[0][0] > min(r[0][0] for r in rows) + 4


def read(text: str, lines: list[tuple[int, int]], i: int, head_line: str = "") -> tuple[int, list[Cell]]:
    """The table at line `i` of `text` (`lines`: each line's offsets): the index of its last line and its
    cells; `i` and none when no table starts there. `head_line`: the header of the table the passage
    starts inside (`spans.table_header`), which the passage lacks."""
    rows = list(itertools.takewhile(bool, (fields(text[s:e]) for s, e in lines[i:])))
    if head_line:
        head, title = fields(head_line), head_line
    elif len(rows) >= MIN_LINES:
        head, title, rows = rows[0], text[lines[i][0] : lines[i][1]], rows[1:]
    else:
        return i, []
    if len(head) > 1 and rows and all(rows) and abs(head[0][0] - min(r[0][0] for r in rows)) <= 1:
        # The first column named too ("Model   Triage accuracy   Est. annual cost"): its name is over the
        # rows' own names, the rest over their values.
        head = head[1:]
    if not head or not heads(head, rows):
        return i, []
    first = i + (0 if head_line else 1)
    cells: list[Cell] = []
    for (s, _), found in zip(lines[first:], rows, strict=False):
        row = text[s + found[0][0] : s + found[0][1]]
        for a, b in found[1:]:
            # The column the value lies under: the header field it overlaps most, or whose right edge is
            # nearest (figures are set flush right).
            column = max(
                range(len(head)),
                key=lambda c: (min(b, head[c][1]) - max(a, head[c][0]), -abs(b - head[c][1])),
            )
            cells.append((s + a, s + b, title[head[column][0] : head[column][1]], row))
    return first + len(rows) - 1, cells
