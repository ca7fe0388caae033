"""Plain-text tables: lines whose columns are lined up by spaces → their cells, with column and row names.

In: a passage's text and its lines (`spans.units` reads them). Out: each cell's offsets with its column's
and row's names, as written. An annual report sets its figures so ("  Revenue      $1,842m   $1,144m"
under "               2027      2026"); read as prose they run together into one sentence of figures
whose years nobody can tell apart. The one decision this module owns: which lines make such a table, and
which column a value lies under.
"""

from __future__ import annotations

import re

# A gap between a plain-text table's columns: three spaces or more (two may follow a full stop in prose).
_COLUMN_GAP = re.compile(r" {3,}|\t+")
_RULE = re.compile(r"[ \t]*[-=_]{3,}(?:[ \t]+[-=_]{3,})*[ \t]*")
MIN_LINES = 3  # a header and two rows at least: two lines with wide gaps are no table yet
VALUE_WORDS = 6  # a table's value is this short at most ("GBP 250,000 any one Claim")
# A column of people's or members' names by its header: "Name", "Display name", "Full name".
_NAME_COLUMN = re.compile(
    r"(?i)\s*(?:(?:full|display|real|person'?s?|member'?s?|staff|contact)\s+)?names?\s*"
)

# A ranking's column of places ("Rank", "Position"; not "#" or "No.", which number rows of any kind)
RANK_COLUMN = re.compile(r"(?i)\s*(?:rank(?:ing)?|position|place|pos\.?|standing)\s*")

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
    if len(out) < 2 or "|" in line or any(len(line[a:b].split()) > VALUE_WORDS for a, b in out[1:]):
        return []
    # (a record's field with its value set apart, "Date:    Fri, 2 May 2025 16:47", is no table's row)
    return [] if line[out[0][0] : out[0][1]].endswith(":") else out


def _goes_on(row: Fields, line: str) -> bool:
    """Whether `line` carries on the name of the table row whose fields are `row`, indented past it
    ("  2024-25 (final invoice,     EUR  22,980" / "           April 2024)")."""
    return bool(row) and _indent(line) > row[0][0] and len(fields(line)) < 2


def part_of_table(lines: list[str], i: int) -> bool:
    """Whether line `i` is a plain-text table's: a row (`in_table`) or a line carrying on the name of the
    row above it — no heading, however short."""
    # (past the lines carrying it on above it: "  AI Sublimit   GBP 250,000 any one Claim" / "    and in the
    # aggregate (part" / "    of, not in addition to, the" / "    Limit of Indemnity)")
    j = i - 1
    while j > 0 and not fields(lines[j]) and lines[j].strip() and _indent(lines[j]) == _indent(lines[i]):
        j -= 1
    return in_table(lines, i) or (j >= 0 and _goes_on(fields(lines[j]), lines[i]))


def in_table(lines: list[str], i: int) -> bool:
    """Whether line `i` is a line of a plain-text table: lined up in fields, as the line above or below it
    is, past any rule ("  2023-24          EUR 418,275"): a row, not a heading, however short."""
    if not fields(lines[i]):
        return False
    for step in (-1, 1):
        j = i + step
        # (past a rule, and past a line carrying a row's name on: "           April 2024)")
        while 0 <= j < len(lines) and (
            is_rule(lines[j]) or (_indent(lines[j]) > _indent(lines[i]) and len(fields(lines[j])) < 2)
        ):
            j += step
        if 0 <= j < len(lines) and fields(lines[j]):
            return True
    return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if line.strip() else -1


def is_rule(line: str) -> bool:
    """Whether the line is a plain-text table's rule ("------------  -------")."""
    return _RULE.fullmatch(line) is not None


def _data(line: str, found: Fields) -> bool:
    """Whether a table's first line is a row, not its header: a value past its label holds a figure that
    is no year ("GPU rental (4 x L-class cards)      GBP 3,100 / month"; a header may be "  2025   2024")."""
    return any(
        re.search(r"\d", cell) and not _YEAR_HEAD.fullmatch(cell)
        for a, b in found[1:]
        if (cell := line[a:b].strip())
    )


# A column's head that is a year or a period: "2025", "FY2024", "2023-24", "Q3 2025", "H1 2026*".
_YEAR_HEAD = re.compile(r"(?i)(?:FY\s?|[QH][1-4]\s+)?(?:19|20)\d\d(?:[-/–]\d{2,4})?\s*\*?|[QH][1-4]")


def value_heads(head: Fields, rows: list[Fields]) -> Fields:
    """The header's fields over the rows' values: all of them, or all but the first when it names the
    rows' own names too ("Model   Triage accuracy   Est. annual cost")."""
    if len(head) > 1 and rows and all(rows) and abs(head[0][0] - min(r[0][0] for r in rows)) <= 1:
        return head[1:]
    return head


def name_column(columns: list[str], named: int) -> int | None:
    """The column after the rows' names (`named`) that names whom each row is about, when the rows are
    known by something else: a team list keyed by handle ("handle | display name | title") is about
    "Oskar Vilde", not "oskar.vilde"; None when there is no such column or the rows' own is one."""
    if named < len(columns) and _NAME_COLUMN.fullmatch(columns[named]):
        return None
    if named + 1 < len(columns) and RANK_COLUMN.fullmatch(columns[named]):
        return named + 1  # a ranking's rows are about what is ranked: "| 2 | Corvid-X | Amberline |"
    return next((c for c in range(named + 1, len(columns)) if _NAME_COLUMN.fullmatch(columns[c])), None)


def _column(a: int, b: int, head: Fields) -> int:
    """The header field a value at (a, b) lies under: the one it overlaps most, or whose right edge is
    nearest (figures are set flush right)."""
    return max(
        range(len(head)), key=lambda c: (min(b, head[c][1]) - max(a, head[c][0]), -abs(b - head[c][1]))
    )


def heads(head: Fields, rows: list[Fields]) -> bool:
    """Whether the line of fields `head` heads the `rows` below it: it names the value columns only, so it
    starts right of every row's label."""
    # (every line of it lined up: a markdown row among them makes it no such table)
    return bool(head and rows and all(rows)) and head[0][0] > min(r[0][0] for r in rows) + 4


def read(text: str, lines: list[tuple[int, int]], i: int, head_line: str = "") -> tuple[int, list[Cell]]:
    """The table at line `i` of `text` (`lines`: each line's offsets): the index of its last line and its
    cells; `i` and none when no table starts there. `head_line`: the header of the table the passage
    starts inside (`spans.table_header`), which the passage lacks."""
    # (a rule under the header or above a total, "------------  -------", is no row but no end either; a
    # line indented past a row's name carries the name on: "  Compute cluster (purchased February 2024)
    # EUR 296,500" / "    capital; expected service life 5 years")
    numbered: list[tuple[int, Fields]] = []  # (line, fields) of the table's rows
    more: dict[int, list[str]] = {}  # a row's line → the lines carrying its name on
    end = i  # the table's last line: its last row's, or the last line carrying that row's name on
    ruled = False  # a rule since the last row (a rule ending the table is not its last line)
    for k in range(i, len(lines)):
        line = text[lines[k][0] : lines[k][1]]
        if found := fields(line):
            numbered.append((k, found))
            end, ruled = k, False
        elif is_rule(line):
            ruled = True
        elif numbered and not ruled and _goes_on(numbered[-1][1], line):
            more.setdefault(numbered[-1][0], []).append(line.strip())
            end = k
        else:
            break
    shift = 0
    if len(numbered) > 1 and numbered[0][0] == 0 and numbered[0][1][0][0] == 0:
        # A passage starting inside the table lost its first row's indent ("2022-23     EUR  96,410" under
        # "  2023-24     EUR 418,275"), or its header's ("Item      Amount" over "  AI Sublimit   GBP
        # 250,000"): that line is read as lined up with the others.
        shift = min(f[0][0] for _, f in numbered[1:])
        numbered[0] = (0, [(a + shift, b + shift) for a, b in numbered[0][1]])
    if head_line:
        head, title = fields(head_line), head_line
    elif (
        len(numbered) >= MIN_LINES
        and numbered[0][0] == i
        and not _data(top := " " * shift + text[lines[i][0] : lines[i][1]], numbered[0][1])
    ):
        head, title, numbered = numbered[0][1], top, numbered[1:]
    else:
        return i, []
    rows = [f for _, f in numbered]
    over = value_heads(head, rows)
    if not over or not heads(over, rows):
        return i, []
    # (the rows' own column's name, when the header names it: "handle" over "oskar.vilde")
    first = title[head[0][0] : head[0][1]] if len(over) < len(head) else ""
    names = [title[a:b] for a, b in over]
    if not head_line:
        # A header's names wrapped onto the lines under it ("Provider or" / "maintainer"): each word run goes
        # on the name of the column it lies under.
        for k in range(i + 1, numbered[0][0] if numbered else i + 1):
            below = text[lines[k][0] : lines[k][1]]
            for run in re.finditer(r"\S+(?: \S+)*", below if not is_rule(below) else ""):
                column = _column(run.start(), run.end(), over)
                names[column] = f"{names[column]} {run.group(0)}"
    cells: list[Cell] = []
    for k, found in numbered:
        s = lines[k][0] - (shift if k == 0 else 0)
        row = " ".join([text[s + found[0][0] : s + found[0][1]], *more.get(k, [])])
        under = [(a, b, names[_column(a, b, over)]) for a, b in found[1:]]
        if first and (own := name_column([first, *(n for _, _, n in under)], 0)):
            # A row keyed by a handle is about the name beside it; the handle becomes one of its cells.
            a, b, _ = under.pop(own - 1)
            under.insert(0, (found[0][0], found[0][1], first))
            row = text[s + a : s + b]
        cells += [(s + a, s + b, column, row) for a, b, column in under]
    return end, cells
