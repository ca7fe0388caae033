"""Templates: one document's text → draft golden items, built from its own sentences, deterministically.

What goes in: the text a document's citations index into (`rag.corpus.Document.text`). What comes out:
`Draft`s, each with a few phrasings of one question (best first), its key facts as exact slices of that
text (every alternative is `text[s:e]` for some s, e inside the draft's span), the span [start, end) of the
sentence or bullet list that states them, and the kind of answer asked for (`rag.question.KINDS`).
The one decision this stage owns: which sentence shapes become which question. Shapes read, by kind:
  list        a run of labelled bullets ("- **Label**: …") → which points does the part on H list?
  entity      "X by ORG", "X (ORG)", "ORG's X", "ORG released X", "X was developed by ORG" → who made X?
  place       "… by ORG in PLACE" → where is the group behind X based?
  date        a timeline bullet ("- **2023**: …") or "X was released in 2024" → in what year …?
  number      "N nouns" in a sentence naming X → how many nouns …?
  yesno       X beside exactly one of open-source / proprietary / closed-source → can anyone adapt X?
  definition  "X is a …", or a bullet "X: A model …" → what is X?
Nothing is checked here beyond construction; `evals.suggest` checks every draft before offering it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from rag.corpus import clean_heading
from rag.grounding import STOP_WORDS

MAX_FACT_WORDS = 4  # the golden set's limit on a key-fact alternative

Facts = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Draft:
    questions: tuple[str, ...]  # phrasings of one question, best first
    key_facts: Facts
    start: int
    end: int
    kind: str
    shape: str  # which template built it ("entity-by", "timeline", …)


@dataclass(frozen=True)
class Line:
    """A paragraph or a bullet, with the lines that continue it (a wrapped paragraph, an indented line)."""

    start: int
    end: int  # without the last line break
    text: str  # text[start:end] masked: markup blanked, every offset kept
    heading: str  # the heading it sits under, "" before the first one
    indent: int
    bullet: bool
    label: tuple[int, int] | None  # a bullet's label "**Label**:" as (start, end) in the document
    body: int  # where its prose starts (after bullet and label)


# --------------------------------------------------------------------------- reading the document

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BULLET = re.compile(r"^([ \t]*)(?:[-*•+]|\d{1,2}[.)])[ \t]+")
_LABEL = re.compile(
    r"(?:\*\*\s*(?P<bold>[^*\n]{1,80}?)\s*:?\s*\*\*\s*:|(?P<plain>[^:*\n]{1,60}?)\s*:)(?=\s|$)"
)
_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+")
_MASK = re.compile(r"[*`]|\[\d{1,3}\](?:\[\d{1,3}\])*|!?\[([^\]\n]*)\]\([^)\n]*\)")
_GENERIC_LABELS = {
    "example",
    "examples",
    "observation",
    "observations",
    "key observation",
    "note",
    "for example",
}
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?](?![\s\"'”’)]|$))+(?:[.!?]+[\"'”’)]*|$)")


def _mask(line: str) -> str:
    """Blank markdown emphasis, citation markers and links, keeping every offset."""

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    return _MASK.sub(blank, line)


def _plain_heading(s: str) -> bool:
    """A short capitalised line without closing punctuation (as `rag.chunking` reads plain-text headings)."""
    return bool(
        s
        and len(s) <= 80
        and len(s.split()) <= 12
        and (s[0].isupper() or s[0].isdigit())
        and s[-1] not in ".,;:!|"
        and not s.startswith(("-", "*", "•", "|", ">"))
    )


def read_lines(text: str) -> list[Line]:
    """The document's prose lines with their heading, bullet and label; headings, tables, rules, code
    fences and YAML front matter are left out."""
    raw: list[tuple[int, str]] = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        raw.append((pos, piece.rstrip("\r\n")))
        pos += len(piece)
    has_md_headings = any(_MD_HEADING.match(line) for _, line in raw)
    lines: list[Line] = []
    heading = ""
    in_fence = in_front = False
    joinable = False  # whether the line before was prose this one may continue
    for i, (start, line) in enumerate(raw):
        stripped = line.strip()
        if i == 0 and stripped == "---":
            in_front = True
            continue
        if in_front:
            in_front = stripped != "---"
            continue
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or not stripped or stripped.startswith(("|", "---", "![", ">", "<")):
            joinable = False
            continue
        if m := _MD_HEADING.match(line):
            heading, joinable = _NUMBERING.sub("", clean_heading(m.group(1))), False
            continue
        if not has_md_headings and _plain_heading(stripped):
            heading, joinable = clean_heading(stripped), False
            continue
        masked = _mask(line)
        indent = len(line) - len(line.lstrip())
        bullet = _BULLET.match(line)
        if joinable and not bullet and (not lines[-1].bullet or indent > lines[-1].indent):
            last = lines[-1]
            end = start + len(line)
            lines[-1] = Line(last.start, end, _mask(text[last.start : end]), *_rest(last))
            continue
        joinable = True
        label = None
        body = start + (bullet.end() if bullet else indent)
        if bullet and (lm := _LABEL.match(line, bullet.end())):
            group = "bold" if lm.group("bold") else "plain"
            s, e = lm.span(group)
            numbering = _NUMBERING.match(line[s:e])
            s += numbering.end() if numbering else 0
            if s < e and len(line[s:e].split()) <= 8:
                label, body = (start + s, start + e), start + lm.end()
        lines.append(Line(start, start + len(line), masked, heading, indent, bool(bullet), label, body))
    return lines


def _rest(line: Line) -> tuple[str, int, bool, tuple[int, int] | None, int]:
    return line.heading, line.indent, line.bullet, line.label, line.body


def sentences(line: Line) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a line's prose, end punctuation included."""
    body = line.text[line.body - line.start :]
    for m in _SENTENCE.finditer(body):
        piece = m.group(0)
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            yield line.body + m.start() + lead, line.body + m.start() + len(piece.rstrip())


# --------------------------------------------------------------------------- names

_TOKEN = r"(?:[A-Z][^\W_]*(?:[-.+/][^\W_]+)*|\d[\dA-Za-z.]*[A-Za-z][A-Za-z0-9]*|\d+(?:\.\d+)?)"
_NAME = rf"[A-Z][^\W_]*(?:[-.+/][^\W_]+)*(?:[ ]{_TOKEN}){{0,3}}"
NAME = re.compile(rf"(?<![\w-]){_NAME}(?![\w-])")
_GENERIC_NAMES = {"API", "APIs", "AI", "LLM", "LLMs", "GPU", "GPUs", "ML", "NLP", "URL", "FAQ"}
_YEAR = re.compile(r"(?<![\w.-])(?:19|20)\d\d(?![\w.-])")


class Names:
    """Tells a name ("Falcon", "GPT-4", "Hugging Face") from a capitalised word ("Transparency", "Instead"):
    a word is a name when it holds a digit or a capital inside ("LLaMA", "7B"), or when the document writes
    it capitalised in mid-sentence and never in lower case. Generic acronyms (AI, API, LLMs) are not."""

    def __init__(self, text: str) -> None:
        self.masked = _mask(text)
        self.lower = frozenset(re.findall(r"\b[a-z][a-z-]+\b", text))
        self._seen: dict[str, bool] = {}
        self.topic = self._topic()

    def _topic(self) -> str | None:
        """What the document is about when it names it in its title ("# Kestrel-3B model card")."""
        title = re.search(r"^(?:#{1,2}[ \t]+|title:[ \t]*)(.+)$", self.masked, re.M)
        for m in NAME.finditer(title.group(1) if title else ""):
            if self.is_name(m.group(0)):
                return m.group(0)
        return None

    def _mid_sentence(self, phrase: str) -> bool:
        """Whether the document writes the phrase after a lower-case word or a comma somewhere."""
        if phrase not in self._seen:
            pattern = rf"(?:\b[a-z]+[,;]?|,) {re.escape(phrase)}(?![\w-])"
            self._seen[phrase] = re.search(pattern, self.masked) is not None
        return self._seen[phrase]

    def is_name(self, phrase: str) -> bool:
        tokens = phrase.split()
        if (
            not tokens
            or tokens[0].lower() in STOP_WORDS
            or _YEAR.fullmatch(phrase)
            or phrase in _GENERIC_NAMES
        ):
            return False
        if any(re.fullmatch(r"[A-Z][a-z]+[-.]\d[\w.]*", t) for t in tokens):
            return True  # "Acme-3", "Llama-2", "Phi-3.5": a capitalised word with a version joined to it
        parts = [p for t in tokens for p in re.split(r"[-./+]", t) if p and p not in _GENERIC_NAMES]
        if any(
            (any(c.isdigit() for c in p) and not p.isdigit()) or any(c.isupper() for c in p[1:])
            for p in parts
        ):
            return True
        unknown = [p for p in parts if p[0].isupper() and p.lower() not in self.lower]
        return bool(unknown) and (self._mid_sentence(phrase) or any(self._mid_sentence(p) for p in unknown))

    def in_span(self, masked: str, start: int, end: int, base: int) -> list[tuple[int, int]]:
        """Names inside masked[start:end] (document offsets, `base` being masked's own offset), with
        leading words that are not names themselves ("Prominent", "Developed") left off."""
        found = []
        for m in NAME.finditer(masked, start - base, end - base):
            s, e = m.span()
            while len(masked[s:e].split()) > 1 and not self.is_name(masked[s:e].split()[0]):
                s += len(masked[s:e].split()[0]) + 1
            if self.is_name(masked[s:e]):
                found.append((base + s, base + e))
        return found


def _first(text: str, line: Line, start: int) -> bool:
    """Whether a sentence is the first of a bullet's body (right after its label)."""
    return line.label is not None and not text[line.body : start].strip()


def _short(fact: str) -> bool:
    return 1 <= len(fact.split()) <= MAX_FACT_WORDS and fact == fact.strip() and "\n" not in fact


# --------------------------------------------------------------------------- the templates


_PRONOUN = re.compile(r"^(?:It|This model|The model|This system|They)\b")


def drafts(text: str) -> list[Draft]:
    """Every draft the templates find in a document, in document order within each template."""
    lines = read_lines(text)
    names = Names(text)
    found: list[Draft] = []
    found += _lists(text, lines, names)
    for line in lines:
        for start, end in sentences(line):
            found += _entities(text, line, start, end, names)
            found += _dates(text, line, start, end, names)
            found += _numbers(text, line, start, end, names)
            found += _yesno(text, line, start, end, names)
            found += _definitions(text, line, start, end, names)
    return found


def _label_text(text: str, line: Line) -> tuple[int, int] | None:
    """A bullet's label without a trailing parenthesis ("LLaMA 3 (Meta AI)" → "LLaMA 3")."""
    if line.label is None:
        return None
    s, e = line.label
    label = text[s:e]
    if "(" in label:
        e = s + len(label[: label.index("(")].rstrip())
    return (s, e) if e > s else None


def _lists(text: str, lines: list[Line], names: Names) -> list[Draft]:
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
                        lead = clean_heading(_BULLET.sub("", before))
                runs.append((lead, [line]))
        elif not inside and run:
            runs.append(("", []))
        previous = line
    leads = Counter(lead.lower() for lead, items in runs if lead and items)
    out = []
    for lead, items in runs:
        labels = [_label_text(text, i) for i in items]
        spans = [s for s in labels if s and text[s[0] : s[1]].lower() not in _GENERIC_LABELS]
        spans = [s for s in spans if _short(text[s[0] : s[1]])]
        chosen = spans[:3]
        firsts = {text[s:e].split()[0] for s, e in chosen}
        if not lead or leads[lead.lower()] > 1 or len(spans) < 2 or len(spans) < len(items) - 1:
            continue
        if len(firsts) < len(chosen) or any(_YEAR.fullmatch(text[s:e]) for s, e in spans):
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


_ORG = rf"(?:the\s+)?(?P<org>{_NAME})(?:\s+\((?P<acr>[A-Z][A-Za-z]{{1,7}})\))?(?:\s+in\s+(?P<place>{_NAME}))?"
_MADE = r"(?:developed|created|built|made|released|trained|produced|designed|launched|introduced|published)"
_ENTITY_PATTERNS = (
    ("by", re.compile(rf"(?P<x>{_NAME}(?:,? and {_NAME})?)\s+(?:{_MADE}\s+)?by\s+{_ORG}")),
    ("paren", re.compile(rf"(?P<x>{_NAME}(?:,? and {_NAME})?)\s+\((?P<org>{_NAME})\)")),
    ("possessive", re.compile(rf"(?P<org>{_NAME})(?:'|’)s\s+(?P<x>{_NAME})")),
    (
        "active",
        re.compile(
            rf"(?P<org>{_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:\w+ly\s+)?"
            r"(?:released|releases|developed|develops|created|creates|built|builds|launched|launches|"
            r"introduced|introduces|unveiled|unveils|trained|trains|published|publishes|open-sourced)\s+"
            rf"(?:[^.;:]*?\b(?:such as|like|including|called|named)\s+)?(?P<x>{_NAME})"
        ),
    ),
    (
        "passive",
        re.compile(
            rf"(?P<x>{_NAME}|It)\s+(?:was|were|is|are|has been|have been)\s+(?:\w+ly\s+)?{_MADE}"
            # "released on April 18, 2024 by Borealis Labs": a date or place may come before the maker
            rf"(?:\s+(?:on|in|at|during)\s+[^.;]{{1,30}}?)?\s+by\s+{_ORG}"
        ),
    ),
    ("label", re.compile(rf"(?:(?:A|An|The)\s+)?[^.;:]{{0,40}}?\bby\s+{_ORG}")),
)


def _entities(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """Who made X (and where that organisation is), from the shapes in `_ENTITY_PATTERNS`."""
    out = []
    for shape, pattern in _ENTITY_PATTERNS:
        if shape == "label" and not _first(text, line, start):
            continue
        if shape == "label":
            matches = [m] if (m := pattern.match(line.text, start - line.start, end - line.start)) else []
        else:
            matches = list(pattern.finditer(line.text, start - line.start, end - line.start))
        for m in matches:
            if shape == "label":
                label = _label_text(text, line)
                if label is None:
                    continue
                x = text[label[0] : label[1]]
                span_start = label[0]
            else:
                x, span_start = m.group("x"), line.start + m.start()
                if x == "It":
                    x = names.topic or ""
            org, span_end = m.group("org"), line.start + m.end()
            if not (names.is_name(x) and names.is_name(org)) or org in x or x in org:
                continue
            if shape == "paren" and "".join(w[0] for w in x.split()).upper() == org.upper():
                continue  # "Technology Innovation Institute (TII)": the short name, not a maker
            groups = m.groupdict()
            alternatives = (org, groups["acr"]) if groups.get("acr") else (org,)
            if not all(_short(a) for a in alternatives):
                continue
            out.append(
                Draft(
                    (
                        f"Which organisation is behind {x}?",
                        f"Who is credited with creating {x}?",
                        f"Which company or research group produced {x}?",
                    ),
                    (alternatives,),
                    min(span_start, start),
                    max(span_end, end),
                    "entity",
                    f"entity-{shape}",
                )
            )
            if groups.get("place") and names.is_name(groups["place"]) and _short(groups["place"]):
                out.append(
                    Draft(
                        (
                            f"Where is the organisation behind {x} based?",
                            f"In which city or country does the group that made {x} work?",
                        ),
                        ((groups["place"],),),
                        min(span_start, start),
                        max(span_end, end),
                        "place",
                        "place-by",
                    )
                )
    return out


_RELEASE = re.compile(
    r"\b(?:released|launched|introduced|published|announced|unveiled|debuted|founded|open-sourced|came out)\b"
)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def _subject(
    text: str, line: Line, start: int, end: int, names: Names, avoid: tuple[int, int], before: bool = False
) -> str | None:
    """The topic when the sentence opens with "It" or "The model", else its first name outside `avoid`
    (before `avoid` only, when `before`), else the bullet's label when it is a name, else the topic."""
    if _PRONOUN.match(line.text[start - line.start : end - line.start]):
        return names.topic
    for s, e in names.in_span(line.text, start, end, line.start):
        if e <= avoid[0] or (s >= avoid[1] and not before):
            return text[s:e]
    label = _label_text(text, line)
    if label and names.is_name(text[label[0] : label[1]]):
        return text[label[0] : label[1]]
    return names.topic


def _dates(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """Timeline bullets ("- **2023**: Meta releases LLaMA 2") and "X was released in (Month) 2024"."""
    label = line.label
    if label and _YEAR.fullmatch(text[label[0] : label[1]]) and _first(text, line, start):
        found = [text[s:e] for s, e in names.in_span(line.text, start, end, line.start)]
        if not found:
            return []
        about = " and ".join(found[:2])
        return [
            Draft(
                (
                    f"According to the timeline, in what year did the {about} milestone happen?",
                    f"Which year does the timeline give for the entry about {about}?",
                ),
                ((text[label[0] : label[1]],),),
                label[0],
                end,
                "date",
                "timeline",
            )
        ]
    sentence = line.text[start - line.start : end - line.start]
    year = _YEAR.search(sentence)
    if not year or not _RELEASE.search(sentence):
        return []
    y0, y1 = start + year.start(), start + year.end()
    month = re.search(rf"{_MONTH}\s+$", sentence[: year.start()])
    verb = _RELEASE.search(sentence)
    assert verb is not None
    x = _subject(text, line, start, end, names, (start + verb.start(), y1), before=True)
    if x is None or x in _MONTH:
        return []
    alternatives = (text[y0 - len(month.group(0)) : y1], text[y0:y1]) if month else (text[y0:y1],)
    return [
        Draft(
            (
                f"When did {x} first come out?",
                f"In what year did {x} become available?",
                f"What year marks the arrival of {x}?",
            ),
            (alternatives,),
            start,
            end,
            "date",
            "release-year",
        )
    ]


# Numbers in digits, and the number words the golden set's own check of number items knows.
_QUANTITY = re.compile(
    r"(?<![\w.,-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|dozens|hundreds|thousands|millions|billions|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten)(?![\w-]))"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?\s+(?:of\s+)?"
    r"(?P<noun>[A-Za-z][A-Za-z-]+(?:\s+[A-Za-z][A-Za-z-]+){0,3})"
)


def _numbers(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """ "N nouns" in a sentence that names something → how many nouns …?"""
    out = []
    sentence = line.text[start - line.start : end - line.start]
    for m in _QUANTITY.finditer(sentence):
        if _YEAR.fullmatch(m.group("n")):
            continue
        before = sentence[: m.start()].rstrip()
        if before and re.search(r"[A-Z][\w-]*$", before) and before[-1].isalnum():
            continue  # part of a name: "Llama 3 models", "Mistral 7 …"
        words = m.group("noun").split()
        kept = []
        for w in words:
            if w.lower() in STOP_WORDS:
                break
            kept.append(w)
        plural = [w for w in kept if w.endswith("s") and not w.isupper()]
        if not plural:
            continue
        noun = plural[0].lower()
        n0 = start + m.start("n")
        n1 = start + (m.end("scale") if m.group("scale") else m.end("n"))
        x = _subject(text, line, start, end, names, (n0, start + m.end()))
        if x is None or not _short(text[n0:n1]):
            continue
        out.append(
            Draft(
                (
                    f"How many {noun} does the document give for {x}?",
                    f"Roughly how many {noun} does the document tie to {x}?",
                    f"What number of {noun} is given for {x}?",
                    f"How large is the count of {noun} reported for {x}?",
                ),
                ((text[n0:n1],),),
                start,
                end,
                "number",
                "quantity",
            )
        )
    return out


_OPEN = r"(?:open[- ]source|openly available|freely available|open-weights?)"
_CLOSED = r"(?:closed[- ]source|proprietary)"
_OPENNESS = re.compile(rf"(?<![\w-])(?:not\s+)?(?:{_OPEN}|{_CLOSED})(?![\w-])", re.I)
_MODELS = r"(?:models?|LLMs?|alternatives?|systems?|options?)"
_OPENNESS_SHAPES = (
    re.compile(rf"(?i:{_OPEN}|{_CLOSED})\s+{_MODELS}\s+(?:like|such as|including)\s+(?P<x>{_NAME})"),
    re.compile(
        rf"(?P<x>{_NAME})\s+(?:is|was|as|remains)\s+(?:\w+\s+)?(?:an?\s+)?(?:[\w-]+\s+)?"
        rf"(?i:{_OPEN}|{_CLOSED})\s+(?:[\w-]+\s+)?{_MODELS}"
    ),
)


def _yesno(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """A model said to be open-source or proprietary, in a sentence that says only one of the two (and
    no "not") → can anyone adapt X? Either the bullet's label is the model ("- X: An open-source model"),
    or the sentence says "open-source models like X" / "X as an open-source model"."""
    sentence = line.text[start - line.start : end - line.start]
    said = list(_OPENNESS.finditer(sentence))
    if len(said) != 1 or said[0].group(0).lower().startswith("not"):
        return []
    label = _label_text(text, line)
    early = len(sentence[: said[0].start()].split()) <= 8
    x = text[label[0] : label[1]].split(" and ")[0] if label and early and _first(text, line, start) else ""
    span_start = label[0] if label and x else start
    if not names.is_name(x) or x.lower() in _GENERIC_LABELS:
        shaped = [m for p in _OPENNESS_SHAPES if (m := p.search(sentence)) and names.is_name(m.group("x"))]
        if not shaped:
            return []
        x, span_start = shaped[0].group("x"), start
    w0, w1 = start + said[0].start(), start + said[0].end()
    return [
        Draft(
            (
                f"Is {x} something anyone can download, inspect and adapt?",
                f"Are the inner workings of {x} available for the public to adapt?",
            ),
            ((text[w0:w1],),),
            span_start,
            end,
            "yesno",
            "openness",
        )
    ]


_DEFINES = re.compile(
    r"^(?P<x>[A-Z][\w-]*(?: [\w-]+){0,3}?)(?:,[^,]{1,40},)? (?:is|are) (?:a|an|one of the)\s"
)
_ARTICLE = re.compile(r"^(?:A|An|The)\s+\w")
_INDEFINITE = re.compile(r"^(?:A|An)\s+(?!few\b|lot\b|number\b)\w")


def _definitions(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """ "X is a …" sentences and bullets "X: A model …" → what is X? Key facts: the names, numbers or
    rarest words of the definition that the question does not already hold."""
    sentence = line.text[start - line.start : end - line.start]
    label = _label_text(text, line)
    x = text[label[0] : label[1]] if label else ""
    if label and _first(text, line, start) and _ARTICLE.match(sentence) and x.lower() not in _GENERIC_LABELS:
        if not (names.is_name(x) or _INDEFINITE.match(sentence)):
            return []  # "Transparency: The open nature allows …" explains a point, defines nothing
        body, span_start = start, label[0]
    elif (m := _DEFINES.match(sentence)) and m.group("x").split()[0].lower() not in STOP_WORDS:
        x, body, span_start = m.group("x"), start + m.end(), start
    else:
        return []
    facts = definition_facts(text, line, body, end, x, names)
    if not facts:
        return []
    return [
        Draft(
            (
                f"What does the document mean by {x}?",
                f"In plain terms, how does the writer characterise {x}?",
                f"How would you sum up the idea of {x} in a phrase?",
            ),
            tuple((f,) for f in facts),
            span_start,
            end,
            "definition",
            "defines",
        )
    ]


def definition_facts(text: str, line: Line, start: int, end: int, subject: str, names: Names) -> list[str]:
    """Up to two short exact phrases of text[start:end]: names first, else runs of two or three words
    that are neither stop words nor words of the subject."""
    taken = {w.lower() for w in re.findall(r"[\w-]+", subject)}
    facts = [
        text[s:e]
        for s, e in names.in_span(line.text, start, end, line.start)
        if text[s:e].lower() not in taken and _short(text[s:e]) and text[s:e] not in subject
    ]
    if facts:
        return facts[:2]
    runs: list[list[tuple[int, int]]] = [[]]
    last = start
    for m in re.finditer(r"[A-Za-z][A-Za-z-]*", text[start:end]):
        s, e = start + m.start(), start + m.end()
        word = m.group(0).lower()
        if text[last:s].strip() or word in STOP_WORDS or word in taken or len(word) < 3:
            runs.append([])
        if word not in STOP_WORDS and word not in taken and len(word) >= 3:
            runs[-1].append((s, e))
        last = e
    phrases = []
    for run in runs:
        run = run[:MAX_FACT_WORDS]
        while run and re.search(r"(?:ed|ing)$", text[run[-1][0] : run[-1][1]]):
            run = run[:-1]  # "model developed", "intelligence trained": a noun phrase ends before the verb
        if len(run) >= 2:
            phrases.append(text[run[0][0] : run[-1][1]])
    phrases.sort(key=lambda p: -len(p))
    return [p for p in phrases if _short(p)][:2]
