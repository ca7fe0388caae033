"""Lists: runs of labelled bullets ("- **Label**: …") → which points does the part on H list?

The one decision this module owns: what a list of points is — at least two short labels at one indent,
the part named by the line ending in a colon just before the run, else by the heading, and only when that
name is unique in the document (else it is ambiguous); timelines and "Question 1, Question 2" are not.
"""

from __future__ import annotations

import re
from collections import Counter

from evals.templates.draft import (
    GENERIC_LABELS,
    Draft,
    label_span,
    short,
)
from evals.templates.lines import Line
from evals.templates.names import YEAR, Names
from rag.corpus import clean_heading
from rag.spans import BULLET


def find(text: str, lines: list[Line], names: Names) -> list[Draft]:
    """Runs of labelled bullets at one indent → which points does the part on H list? The part is named
    by the line ending in a colon just before the run, else by the heading; runs whose name is not
    unique in the document are left out as ambiguous."""
    runs: list[tuple[str, list[Line]]] = []
    previous: Line | None = None
    for line in lines:
        run = runs[-1][1] if runs else []
        inside = bool(run) and run[0].heading == line.heading and line.indent > run[0].indent
        if line.bullet and line.label is not None and not inside:
            if run and run[0].heading == line.heading and line.indent == run[0].indent:
                run.append(line)
            else:
                lead = line.heading
                if previous is not None and previous.heading == line.heading:
                    before = re.split(r"(?<=[.!?])\s+", text[previous.start : previous.end].strip())[-1]
                    if before.endswith(":") and 4 <= len(before.split()) <= 8:
                        lead = clean_heading(BULLET.sub("", before))
                runs.append((lead, [line]))
        elif not inside and run:
            runs.append(("", []))
        previous = line
    leads = Counter(lead.lower() for lead, items in runs if lead and items)
    out = []
    for lead, items in runs:
        labels = [label_span(text, i) for i in items]
        spans = [s for s in labels if s and text[s[0] : s[1]].lower() not in GENERIC_LABELS]
        spans = [s for s in spans if short(text[s[0] : s[1]])]
        chosen = spans[:3]
        firsts = {text[s:e].split()[0] for s, e in chosen}
        if not lead or leads[lead.lower()] > 1 or len(spans) < 2 or len(spans) < len(items) - 1:
            continue
        if len(firsts) < len(chosen) or any(YEAR.fullmatch(text[s:e]) for s, e in spans):
            continue  # "Question 1, Question 2", a timeline: not a list of points
        facts = tuple((text[s:e],) for s, e in chosen)
        what = "names" if all(names.is_name(f[0]) for f in facts) else "points"
        questions = (
            f"Which {what} does the part on “{lead}” go through?",
            f"Name the {what} the document gives under “{lead}”.",
            f"Under “{lead}”, what {what} are set out?",
        )
        out.append(Draft(questions, facts, chosen[0][0], chosen[-1][1], "list", "bullets"))
    return out
