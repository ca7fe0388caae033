"""Makers: "X by ORG", "X (ORG)", "ORG's X", "ORG released X", "X was developed by ORG" → who made X?
and, for "… by ORG in PLACE", where is the group behind X based?

The one decision this module owns: which sentence shapes name a maker (`ENTITY_PATTERNS`), and that an
acronym in brackets ("Technology Innovation Institute (TII)") is a short name, not a maker.
"""

from __future__ import annotations

import re

from evals.templates.draft import (
    Draft,
    first_in_body,
    label_span,
    short,
)
from evals.templates.lines import Line
from evals.templates.names import NAME_PATTERN, Names

_ORG = rf"(?:the\s+)?(?P<org>{NAME_PATTERN})(?:\s+\((?P<acr>[A-Z][A-Za-z]{{1,7}})\))?(?:\s+in\s+(?P<place>{NAME_PATTERN}))?"
_MADE = r"(?:developed|created|built|made|released|trained|produced|designed|launched|introduced|published)"
_ENTITY_PATTERNS = (
    ("by", re.compile(rf"(?P<x>{NAME_PATTERN}(?:,? and {NAME_PATTERN})?)\s+(?:{_MADE}\s+)?by\s+{_ORG}")),
    ("paren", re.compile(rf"(?P<x>{NAME_PATTERN}(?:,? and {NAME_PATTERN})?)\s+\((?P<org>{NAME_PATTERN})\)")),
    ("possessive", re.compile(rf"(?P<org>{NAME_PATTERN})(?:'|’)s\s+(?P<x>{NAME_PATTERN})")),
    (
        "active",
        re.compile(
            rf"(?P<org>{NAME_PATTERN})\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
            r"(?:released|releases|developed|develops|created|creates|built|builds|launched|launches|"
            r"introduced|introduces|unveiled|unveils|trained|trains|published|publishes|open-sourced)\s+"
            rf"(?:[^.;:]*?\b(?:such as|like|including|called|named)\s+)?(?P<x>{NAME_PATTERN})"
        ),
    ),
    (
        "passive",
        re.compile(
            rf"(?P<x>{NAME_PATTERN}|It)\s+(?:was|were|is|are|has been|have been)\s+(?:\w+ly\s+)?{_MADE}"
            # "released on April 18, 2024 by Borealis Labs": a date or place may come before the maker
            rf"(?:\s+(?:on|in|at|during)\s+[^.;]{{1,30}}?)?\s+by\s+{_ORG}"
        ),
    ),
    ("label", re.compile(rf"(?:(?:A|An|The)\s+)?[^.;:]{{0,40}}?\bby\s+{_ORG}")),
)


def find(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """Who made X (and where that organisation is), from the shapes in `_ENTITY_PATTERNS`."""
    out = []
    for shape, pattern in _ENTITY_PATTERNS:
        if shape == "label" and not first_in_body(text, line, start):
            continue
        if shape == "label":
            matches = [m] if (m := pattern.match(line.text, start - line.start, end - line.start)) else []
        else:
            matches = list(pattern.finditer(line.text, start - line.start, end - line.start))
        for m in matches:
            out += _from_match(text, line, start, end, names, shape, m)
    return out


def _from_match(
    text: str, line: Line, start: int, end: int, names: Names, shape: str, m: re.Match[str]
) -> list[Draft]:
    """The maker draft (and the place draft) one pattern match gives, if its X and maker are names."""
    if shape == "label":
        label = label_span(text, line)
        if label is None:
            return []
        x = text[label[0] : label[1]]
        span_start = label[0]
    else:
        x, span_start = m.group("x"), line.start + m.start()
        if x == "It":
            x = names.topic or ""
    org, span_end = m.group("org"), line.start + m.end()
    if not (names.is_name(x) and names.is_name(org)) or org in x or x in org:
        return []
    if shape == "paren" and "".join(w[0] for w in x.split()).upper() == org.upper():
        return []  # "Technology Innovation Institute (TII)": the short name, not a maker
    groups = m.groupdict()
    alternatives = (org, groups["acr"]) if groups.get("acr") else (org,)
    if not all(short(a) for a in alternatives):
        return []
    span = (min(span_start, start), max(span_end, end))
    out = [
        Draft(
            (
                f"Which organisation is behind {x}?",
                f"Who is credited with creating {x}?",
                f"Which company or research group produced {x}?",
            ),
            (alternatives,),
            *span,
            "entity",
            f"entity-{shape}",
        )
    ]
    if groups.get("place") and names.is_name(groups["place"]) and short(groups["place"]):
        questions = (
            f"Where is the organisation behind {x} based?",
            f"In which city or country does the group that made {x} work?",
        )
        out.append(Draft(questions, ((groups["place"],),), *span, "place", "place-by"))
    return out
