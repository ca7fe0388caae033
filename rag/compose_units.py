"""Evidence units: passages → the spans that can be evidence, each read in place (its section, its label,
its paragraph's subject, its side); the one decision this module owns: which spans count as evidence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from rag import grounding, verify
from rag.concepts import tokens
from rag.injection import addressed_to_ai, hides_markup, is_instruction
from rag.question import Name, facet, names
from rag.sections import MD_HEADING
from rag.spans import RECIPIENTS, Span, cell_of, label_of
from rag.words import STOP_WORDS, stem
from rag.words import lower_words as written_lower

_TERMS = re.compile(r"(?i)^please\b.*\d")
# (but "Q3 2025" and "Q3 FY25" are quarters, not numbered questions)
_REQUEST = re.compile(
    r"(?i)^(please|question\s*\d+|q\d+(?!\s*[-/]?\s*(?:fy\s*)?'?\d\d(?:\d\d)?\b)|exercise|task|quiz)\b"
)
# A question reported and nothing more: "A listener asked why a model called Aldermere-70 is not simply 70
# billion parameters." (not "When asked whether it was open, Ines said no.", which goes on to answer)
_REPORTED_QUESTION = re.compile(
    r"(?i)^[^,;:]{0,60}\b(?:asked|asks|wondered|wonders|wanted\s+to\s+know|queried)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:why|whether|if|how|what|when|who)\b[^,;:]*$"
    # (…as is a parliamentary question, whatever follows: "Maeve Dunstan (Carrow South): To ask the Minister
    # for Digital Government whether …")
    r"|^[^:]{0,80}:\s*To ask\b|^To ask\b"
)


# A line set off by runs of dashes or equals signs on both sides: a boundary, not a statement.
_MARKER = re.compile(r"^\s*[-=*~#]{2,}.*[-=*~#]{2,}\s*$")
# A short "Label: value" line: a field (its label of one to three words).
_FIELD_LINE = re.compile(r"[A-Z][\w./-]*(?: [\w./()-]+){0,2}: \S.{0,60}")


def evidence_units(passages: Sequence[tuple[str, str]], split: Sequence[list[Span]]) -> list[Span]:
    """Every span of the passages (`split`: each passage's spans) that can be evidence: not a heading,
    fragment or instruction."""
    out = []
    for (text, _section), pieces in zip(passages, split, strict=True):
        for s in pieces:
            words = grounding.content_words(s.text)
            # The span as it reads (links kept as their words), and its raw text for what cleaning hides:
            # "Originally developed in the [Sky Computing Lab](https://…)" is evidence, an image is not.
            raw = text[s.start : s.end]
            if s.kind == "heading" or is_instruction(s.text) or addressed_to_ai(raw) or hides_markup(raw):
                continue
            if _MARKER.match(s.text):
                continue  # a document's boundary says nothing: "-- END OF ADVISORY VSA-2025-014 --"
            # A cell read with its column and row names says one whole thing in a word or two
            # ("Closed-source LLMs, Bias Management: Company-controlled").
            cell = cell_of(s) is not None
            # (a field of a header says one whole thing by its label: "Severity: High", "CVE: CVE-2025-31877")
            field = bool(_FIELD_LINE.fullmatch(s.text))
            enough = 1 if cell else 2 if s.context or field else 3
            # (A cell may hold a figure alone: "Parameters, Phi-2: 2.7B".)
            if len(words) < enough or not re.search(r"[A-Za-z0-9]" if cell else r"[A-Za-z]{3}", s.text):
                continue
            if s.text.rstrip().endswith(":") and len(words) < 6:
                continue  # a label introducing a list is read through its items
            if (
                # (a criterion's weight is said by its label, whatever it asks: "Reproducibility and hand-over
                # (25%): could council IT realistically run… it?")
                (s.text.rstrip().endswith("?") and not _WEIGHTED.search(label_of(s.text)))
                or (_REQUEST.match(s.text) and not _TERMS.search(s.text))
                or _REPORTED_QUESTION.match(s.text)
            ):
                # A question or a request in a document answers nothing — unless it sets its terms: "Please
                # write to … within 40 working days of the date of this letter".
                continue
            out.append(s)
    return out


_WEIGHTED = re.compile(r"\(\s*\d[\d.,]*\s*(?:%|per ?cent|points?|marks?)?\s*\)")


def readable(s: Span, section: str = "") -> str:
    """The span as it reads in place: under its section's last heading and its list label. A heading of
    one word ("Challenges") says whose only with the heading above it ("Closed Source LLMs — Challenges")."""
    path = [h.strip() for h in section.split(" > ")] if section else []
    head = " — ".join(path[-2:]) if len(path) > 2 and len(path[-1].split()) == 1 else (path or [""])[-1]
    lead = " — ".join(x for x in (head, s.context) if x)
    return f"{lead}: {s.text}" if lead else s.text


def side_of(s: Span, section: str, passage: str = "") -> str | None:
    """The side a span speaks of: its own words, else its label, else the heading above it in its
    passage, else its nearest section heading that names one, else its document's title when that names
    one side alone ("The Rise of Open Source LLMs"; not "Open vs Closed LLMs")."""
    above = [h] if (h := heading_over(s, passage)) else []
    for text in (s.text, s.context, *above, *reversed(section.split(" > "))):
        if side := facet(text):
            return side
    return None


def heading_over(s: Span, passage: str) -> str:
    """The heading nearest above the span inside its passage ("" when the passage opens under it)."""
    above = [m.group(2) for line in passage[: s.start].splitlines() if (m := MD_HEADING.match(line))]
    return above[-1] if above else ""


def own_heading(s: Span, passage: tuple[str, str]) -> str:
    """The heading the span stands under: the nearest one above it in its passage, else its section's last."""
    return heading_over(s, passage[0]) or passage[1].split(" > ")[-1].strip()


def naming_words(text: str) -> set[str]:
    """The stems that name what `text` names ("Runtime B": runtime; a letter or a stop word does not):
    a question names a column or row when it holds them all."""
    return {w for w in stem(tokens(text)) if len(w) > 1 and w not in STOP_WORDS}


def row_label(s: Span) -> str:
    """The name of a table row: its first cell."""
    return s.context.split(", ", 1)[1] if ", " in s.context else s.text.split("|")[0]


def row_name(s: Span) -> dict[str, set[int]]:
    """What a table row is about (its first cell), as concepts without the generic ones; {} when that is
    all it has."""
    return {c: v for c, v in verify.concepts(row_label(s)).items() if c not in _SIDE_CONCEPTS}


_SIDE_CONCEPTS = verify.GENERIC | {"open", "characterist", "aspect"}  # what every row of such a table says


def _own_words(item: Span) -> bool:
    """Whether a list item names something or has a label of its own ("Security: …")."""
    return bool(names(item.text) or label_of(item.text))


def same_paragraph(units: list[Span], passages: Sequence[tuple[str, str]]) -> dict[Span, Span]:
    """Each sentence → the sentence before it in the same paragraph, each list item → the line leading
    into its list: a paragraph keeps its subject, though its later sentences may not repeat the name."""
    out: dict[Span, Span] = {}
    for a, b in itertools.pairwise(units):
        if (
            a.passage == b.passage
            and {a.kind, b.kind} <= {"sentence", "item"}  # (a list item's sentences too)
            and not (gap := passages[a.passage][0][a.end : b.start]).strip()
            # (a message's recipients are not what its header's next field is about: "To: Ines Halloran" /
            # "Date: Tue 02/06/2026 10:12" is when Aled Marsh sent it)
            and not RECIPIENTS.match(a.text)
            # (a hard-wrapped paragraph's sentence may end a line: only a blank line ends the paragraph;
            # a list's items are a line each)
            and (
                "\n" not in gap
                or (
                    a.kind == b.kind == "sentence"
                    and (
                        not re.search(r"\n[ \t]*\n", gap)
                        # (a paragraph opening with "She" goes on about the person the one before named:
                        # "Professor Rannikko … argues…" / "She recommends a two-key rule…"; so does one
                        # naming nothing, under the same heading: "5.5.1 RQS-1 contains 1,250 questions…" /
                        # "5.5.2 A system shall not be deployed if it scores below 70 per cent…")
                        or _PERSON_OPENS.match(b.text) is not None
                        # (a line ending on no stop is an entry's title, no sentence going on: "Second
                        # prize — €2,500" after "Team Sedge for Ryegrass…")
                        or (
                            b.text.rstrip().endswith((".", "!", "?"))
                            and not (names(b.text) or label_of(b.text))
                        )
                    )
                )
            )
        ):
            out[b] = a
        elif (
            a.passage == b.passage
            and a.kind == b.kind == "row"
            and a.context == b.context
            and not passages[a.passage][0][a.end : b.start].strip()
        ):
            out[b] = a  # (a table cell's sentences too: "Rejected. Release policy is outside the scope…")
    # A list's items are each about what the line leading into it names ("6. Sundrava pilot: Tern-13B…" /
    # "- Pilot started 3 March; budget EUR 240,000"): read each after that line, not after one another.
    # (a blank line may stand between them when the line ends on a colon: "…when any of the following
    # apply:" / "" / "2. the model's confidence score for the code is below 0.80;" — each item naming nothing)
    lead: Span | None = None
    apart = False  # the lead-in stands a blank line above the list
    for a, b in itertools.pairwise(units):
        gap = passages[a.passage][0][a.end : b.start] if a.passage == b.passage else "\n\n"
        blank = re.search(r"\n[ \t]*\n", gap) is not None
        colon = a.kind == "sentence" and a.text.rstrip().endswith(":")
        if b.kind != "item" or b.context or gap.strip() or (blank and not colon) or "\n" not in gap:
            lead = None
            continue
        if a.kind != "item":
            lead, apart = (a, blank) if a.kind in ("sentence", "heading") else (None, False)
        if lead is not None and b not in out and not (apart and _own_words(b)):
            out[b] = lead
    # (and a lead-in set as a line of its own goes on from the line above it: "13:15  6. Sundrava pilot:
    # Tern-13B for crew-change scheduling" / "Paper NPDWG-14/06 (Sundrava, T. Harju)")
    leads = set(out.values())
    for a, b in itertools.pairwise(units):
        gap = passages[a.passage][0][a.end : b.start] if a.passage == b.passage else "\n\n"
        if (
            b.kind == "heading"
            and a.kind in ("sentence", "heading")
            and gap.strip(" \t") == "\n"
            and b in leads
        ):
            out.setdefault(b, a)
    return out


def opened_with(s: Span, previous: dict[Span, Span], asked: frozenset[str] = frozenset()) -> list[Name]:
    """The names of the nearest earlier sentence of the span's paragraph that has any — an asked name
    counting even as its first word ("Lantern is the University's chat service. It runs Llama 3.1…"); for
    a span opening with a pronoun, past names in passing to an asked one."""
    before = previous.get(s)
    nearest: list[Name] = []
    # A span opening with a pronoun speaks of its paragraph's subject, which a name in passing does not
    # replace ("Last year we trained Tern-13B… We used 384 A100 GPUs… We released it under Apache 2.0").
    # (so does one pointing back at it later on: "The team fine-tuned it on 3,200 hours…" after "The model
    # at the heart of Lantern is Lantern-Ceol… It starts from Corrie-34B…")
    pronoun = PRONOUN_OPENS.match(s.text) or _POINTS_BACK.search(s.text)
    for _ in range(4):
        if before is None:
            break
        if found := names(before.text) + [n for n in names(before.text, lenient=True) if n.base in asked]:
            # (a sentence itself opening with a pronoun names things in passing too)
            passing = not before.text.lstrip(" -*•").startswith(found[0].text) or bool(
                PRONOUN_OPENS.match(before.text)
            )
            if not (pronoun and passing) or asked & {n.base for n in found}:
                return found + _more_asked(before, previous, asked, found)
            nearest = nearest or found
        before = previous.get(before)
    return nearest


def _more_asked(s: Span, previous: dict[Span, Span], asked: frozenset[str], found: list[Name]) -> list[Name]:
    """The asked names the sentences before `s` give that `found` lacks, when it holds one: a chain of
    sentences about one thing ("…suggests Quillon-34B… Solvane says it scores 74.9 on ReasonBench-X. We
    re-ran the harness and got 69.3": Quillon-34B's score on ReasonBench-X)."""
    have = {n.base for n in found}
    if not asked & have or asked <= have:
        return []
    more: list[Name] = []
    before = previous.get(s)
    for _ in range(2):
        if before is None:
            break
        more += [n for n in names(before.text, lenient=True) if n.base in asked - have]
        have |= {n.base for n in more}
        before = previous.get(before)
    return more


PRONOUN_OPENS = re.compile(r"\W*(?:we|it|they|he|she|its|their|our)\b", re.I)
_POINTS_BACK = re.compile(r"\bit\b")
_PERSON_OPENS = re.compile(r"(?:He|She|His|Her)\s")


def lower_words(passages: Sequence[tuple[str, str]]) -> frozenset[str]:
    return frozenset(w for text, _ in passages for w in written_lower(text))


def goes_on(s: Span, units: list[Span], passages: Sequence[tuple[str, str]]) -> list[Span]:
    """The span right after `s` on the same line of its passage (the next sentence of its paragraph or
    list item), if any."""
    text = passages[s.passage][0]
    after = [u for u in units if u.passage == s.passage and u.start >= s.end]
    nxt = min(after, key=lambda u: u.start, default=None)
    return [nxt] if nxt is not None and "\n" not in text[s.end : nxt.start] else []


def leans_back(s: Span) -> bool:
    """Whether a sentence opens by pointing at the one before ("Their platform…", "This approach…")."""
    return bool(verify.LEANS_BACK.match(s.text))
