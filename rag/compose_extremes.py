"""Extremes: a question asking which thing is best, cheapest or largest on a measure + the passages'
table cells → the lead naming the cell that holds the highest or lowest figure on that measure.

A table answers "which model was the strongest reasoner on QuarryEval?" only by comparing its cells:
no one cell says "best", so no span scores as the answer. The one decision this module owns: which
line of which table a superlative asks about, and which end of it answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rag.compose_kinds import ORDINAL, ORDINALS
from rag.compose_places import asked_concepts
from rag.compose_records import Lead
from rag.compose_units import naming_words
from rag.compose_wording import as_sentence
from rag.concepts import concepts, tokens
from rag.plain_tables import RANK_COLUMN
from rag.question import names
from rag.spans import Span, cell_of
from rag.words import stem

# A superlative the question asks by: of quality (the better end, which a measure where less is better
# turns: "the best price" is the lowest) or of size.
_BETTER = re.compile(
    r"\b(?:best|strongest|top|leading|won|outperformed|fastest|came (?:out )?(?:top|first))\b", re.I
)
_WORSE = re.compile(r"\b(?:worst|weakest|slowest)\b", re.I)
_MORE = re.compile(r"\b(?:highest|most|largest|biggest|longest|greatest)\b", re.I)
_FEWER = re.compile(r"\b(?:lowest|least|fewest|smallest|shortest|cheapest)\b", re.I)
_BOUND = re.compile(r"\b(?:at|not)\s+(?:the\s+)?(?:very\s+)?(?:least|most)\b", re.I)
_LESS_IS_BETTER = re.compile(r"\b(?:price|cost|fee|latency|error|time|seconds|loss|spend)", re.I)
_WHICH = re.compile(r"\b(?:which|what|who|why)\b", re.I)
# A table's caption: "Table 4: Reasons for choosing…", "Figure 2. Downloads by month"
CAPTION = re.compile(r"(?:Table|Figure|Chart|Exhibit)\s+\d+[A-Za-z]?\s*[:.–—-]\s", re.I)

# A line's cells each under a year or quarter ("2024 | 2025", "FY2023", "Q3 2025"), and a question asking a time
_PERIOD = re.compile(r"(?:FY\s?|Q[1-4]\s)?(?:19|20)\d\d(?:[/–-]\d\d(?:\d\d)?)?(?:\s?Q[1-4]|\s?H[12])?", re.I)
_WHEN = re.compile(r"\b(?:when|year|years|quarter|period|month)\b", re.I)
_FIGURE = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")
_QUALIFIER = re.compile(r"\([^)]*\)")  # "CodeRidge pass@1 (coding)": named as "CodeRidge pass@1"
MIN_FIGURES = 2  # a line of one figure compares nothing
MIN_SHARE = 0.5  # of a line's label's words the question must name


def _figure(text: str) -> float | None:
    """The one figure a cell gives ("$3.00", "86.1", "200,000 tokens"); None for words or several."""
    found = _FIGURE.findall(text)
    return float(found[0].replace(",", "")) if len(found) == 1 else None


def _as_named(text: str, loose: dict[str, set[str]]) -> set[str]:
    """A line label's naming words, less those that only stem like a word of an asked name (`loose`: its
    stem → the name's words) without being it."""
    surface = set(tokens(text))
    return {w for w in naming_words(text) if w not in loose or loose[w] & surface}


def _one_measure(cells: list[str]) -> bool:
    """Whether a line's cells give figures of one measure: written alike, or alike but for a note of a few
    words after the figure ("52 under review" among "78", "74", "81"), not a unit ("34 billion")."""
    shapes = [_FIGURE.sub("#", text).strip().casefold() for text in cells]
    usual = max(set(shapes), key=shapes.count)
    return (
        all(
            shape == usual
            or (
                shape.startswith(f"{usual} ")
                and len(shape[len(usual) :].split()) >= NOTE_WORDS
                and "#" not in shape[len(usual) :]
            )
            for shape in shapes
        )
        and shapes.count(usual) > len(shapes) / 2
    )


NOTE_WORDS = 2  # a note after a figure is words ("under review"); a unit is one ("tokens")


def _share(words: set[str], asked: set[str]) -> float:
    return len(words & asked) / len(words) if words else 0.0


def extreme(
    asked_part: str, question: str, split: Sequence[list[Span]], sections: Sequence[str] = ()
) -> Lead | None:
    """The cell with the highest (or lowest) figure on the table line the question names: "Vesper Ultra
    — QuarryEval (reasoning): 86.1". A line is a row or a column whose label the question names; the
    line naming most of its label's words answers. None when the question asks no superlative or no
    table has such a line of figures. (The superlative is the part's, `asked_part`; the measure may be
    named by the whole question: "which model did best on the coding benchmark, and what was its pass@1?")
    `sections`: each passage's section; a table split between two passages of one section is read whole."""
    bounded = _BOUND.sub(" ", asked_part)  # ("firms with at least 250 employees": a bound, no superlative)
    asks = [bool(x.search(bounded)) for x in (_BETTER, _WORSE, _MORE, _FEWER)]
    if not _WHICH.search(asked_part) or sum(asks) != 1:
        return None
    asked = set(stem(tokens(question)))
    # (a word of a name the question asks names a line only as itself: "…under the Access Code" names no
    # "Coding" column, though both stem to "code")
    loose: dict[str, set[str]] = {}
    for word in {t for n in names(question) for t in tokens(n.text)}:
        loose.setdefault(stem([word])[0], set()).add(word)
    best: tuple[float, str, list[tuple[float, Span]]] | None = None
    # Each line's cells by the other line they sit on: a table's rows split between two chunks are one
    # line (its passages share their section), and a row two overlapping chunks both hold is one cell.
    lines: dict[tuple[str, int, str], dict[str, tuple[float, Span]]] = {}
    captions: dict[tuple[str, int, str], str] = {}
    for i, passage in enumerate(split):
        section = sections[i] if i < len(sections) else str(i)
        caption = ""
        for s in passage:
            caption = s.text if CAPTION.match(s.text) else caption
            if (cell := cell_of(s)) and (value := _figure(s.text)) is not None:
                for axis, label in enumerate(cell):
                    lines.setdefault((section, axis, label), {}).setdefault(cell[1 - axis], (value, s))
                    captions.setdefault((section, axis, label), caption)
    for key, line in lines.items():
        label = key[2]
        cells = list(line.values())
        if not _one_measure([s.text for _, s in cells]):
            continue  # figures of different measures ("34 billion", "32,000 tokens", "74.8"): a thing's column
        if all(_PERIOD.fullmatch(other) for other in line) and not _WHEN.search(question):
            continue  # a line across years compares times: "which families are used most?" asks no year
        # (a line is named by its label, or by its table's caption: "Table 5: Reasons for choosing an
        # open-weight model, percentage of businesses…" over a "Percentage" column)
        caption = captions[key][m.end() :] if (m := CAPTION.match(captions[key])) else ""
        named = (label, _QUALIFIER.sub("", label), _QUALIFIER.sub("", caption))
        # (a key-value table's header row is often empty, "| | |", and its lines then have no label)
        share = max((_share(_as_named(text, loose), asked) for text in named if text), default=0.0)
        if share >= MIN_SHARE and len(cells) >= MIN_FIGURES and (best is None or share > best[0]):
            best = (share, label, cells)
    if best is None:
        return None
    _, label, cells = best
    better, worse, _, fewer = asks
    lowest = fewer or ((better or worse) and (worse != bool(_LESS_IS_BETTER.search(label))))
    value, winner = (min if lowest else max)(cells, key=lambda c: c[0])
    if sum(v == value for v, _ in cells) > 1:
        return None  # a tie names no one thing
    column, row = cell_of(winner) or ("", "")
    other = column if row == label else row
    return Lead(as_sentence(f"{other} — {label}: {winner.text}"), (winner,))


# A place in a ranking asked: "which model was ranked second?", "who came in third place?", "the
# fourth-placed team", "number 2 on the board"
_RANKED = re.compile(
    rf"\b(?:ranked|placed|came(?:\s+in)?|finished|number|no\.|#)\s*({ORDINAL}|\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b({ORDINAL}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+(?:place[ds]?|ranked|position)\b",
    re.I,
)
# (a ranking's column of places, or of numbers: "#", "No.")
_RANK_COLUMN = re.compile(rf"{RANK_COLUMN.pattern}|\s*(?:#|no\.?)\s*")


def at_rank(asked_part: str, question: str, split: Sequence[list[Span]]) -> Lead | None:
    """The cell a question asking for a place in a ranking names: "which model was ranked second?" — the
    "Model" cell of the row ranked 2 ("Rank 2 — Model: Corvid-X"), or that row's first cell when no
    column is named. A row is ranked by its label ("2") or by its rank column. None when no place is
    asked or no table row holds it."""
    if not ((m := _RANKED.search(asked_part)) and _WHICH.search(asked_part)):
        return None
    said = (m[1] or m[2]).lower()
    place = ORDINALS.get(said) or re.sub(r"\D", "", said)
    asked = set(stem(tokens(question)))
    for passage in split:
        rows: dict[str, list[tuple[str, Span]]] = {}
        for s in passage:
            if cell := cell_of(s):
                rows.setdefault(cell[1], []).append((cell[0], s))
        for label, cells in rows.items():
            ranks = [s for c, s in cells if _RANK_COLUMN.fullmatch(c) and s.text.strip(" .#") == place]
            # (a row numbered by a "#" column is named by its number and the name beside it: "2 Corvid-X")
            if label.split(" ")[0].strip(" .#") != place and not ranks:
                continue
            others = [(c, s) for c, s in cells if not _RANK_COLUMN.fullmatch(c)]
            named = [(c, s) for c, s in others if naming_words(c) & asked]
            if named or (not ranks and others):
                column, found = (named or others)[0]
                return Lead(as_sentence(f"Ranked {place} — {column}: {found.text}"), (found,))
            if ranks:
                # (a ranking's row is named by what it ranks: "Rank, Corvid-X: 2")
                return Lead(as_sentence(f"Ranked {place}: {label}"), (ranks[0],))
    return None


def row_mate(
    asked_part: str, given: Lead, split: Sequence[list[Span]], gives: Callable[[str], bool] | None = None
) -> Lead | None:
    """Another cell of the row a ranking or superlative lead answered from, the one whose column the later
    part asks for: "…ranked second, and which company built it?" — "Corvid-X — Developer: Amberline"
    (a company builds: "Developer"), or that `gives` what is asked (a date). None when no other cell of
    that row, or more than one, answers."""
    cell = cell_of(given.spans[0]) if len(given.spans) == 1 else None
    if cell is None:
        return None
    winner = given.spans[0]
    asked = set(asked_concepts(asked_part)) - set(concepts(cell[0]))
    mates = [
        (c, s)
        for s in split[winner.passage]
        if (c := cell_of(s)) and c[1] == cell[1] and s != winner and not _RANK_COLUMN.fullmatch(c[0])
    ]
    named = [(c, s) for c, s in mates if (gives(s.text) if gives else asked & set(concepts(c[0])))]
    if len(named) != 1:
        return None
    (column, row), mate = named[0]
    # (a row known by its place is named by what holds it: "2" by the winner, "2 Drey-70B" by "Drey-70B")
    place, _, rest = row.partition(" ")
    name = (rest or winner.text) if place.strip(" .#").isdigit() else row
    return Lead(as_sentence(f"{name} — {column}: {mate.text}"), (mate,))
