"""Spans: a passage's text → its readable units (`Span`): sentences, list items, table rows.

A hard-wrapped line (a plain-text licence, an email) is joined to the line it continues, so a quote never
stops mid-sentence; a list item keeps the label of the item it hangs under ("Claude (Anthropic):" for
"- Emphasizes safety…") and a table row its header, so a span can be read, and matched, on its own.
Every span keeps its exact offsets in the passage, so its citation points at `file[start:end]` while the
reader sees it cleaned of markup (`**`, bullets, link syntax, line breaks, footnote markers).
The one decision this stage owns: where a unit of evidence begins and ends.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag import plain_tables
from rag.lexicon import MONTH
from rag.question_kinds import POST_WORD
from rag.sentences import NOT_AN_END

# A list item's bullet or number ("- ", "* ", "1. ", "2) "), with the indent before it.
BULLET = re.compile(r"^(\s*)([-*+•]|\d{1,2}[.)])\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A markdown heading, or a line that is bold and nothing else ("**Primary use cases**"): a heading too.
_HEADING = re.compile(r"^\s*#{1,6}\s|^\s*(\*\*|__)(?:(?!\1).)+\1\s*:?\s*$")
# A bold line giving a figure after a dash ("**Second prize — €3,000**"), or a sum ("**Raising £7.5m Series
# A**", a slide's headline), says something: no heading.
_BOLD_VALUE = re.compile(
    r"^\s*(\*\*|__)(?:[^*_\n]*?\S\s+[—–-]\s+[^*_\n]*\d|[^*_\n]*?[£$€¥]\s?\d)[^*_\n]*\1\s*$"
)
# A sentence ends at . ! ? (and a closing quote or bracket) before a space, unless the full stop ends an
# abbreviation, a title or an initial ("vs.", "e.g.", "Dr. Helene Marchetti-Obi", "U.S.").
# (a superscript footnote marker after the full stop ends the sentence with it: "…open source.² Marlow-13B…")
# (nor before a dotted leader: "Application ref. .... MSD/25/0893/FUL")
# (nor after a numbered item's number: "1. the declaration has a customs value over €10,000;")
# (a letter naming a round or an annex is no initial: "…invest in Quorra's Series B. We propose…")
_LETTER_NAMED = "|".join(
    rf"(?<=\b{word} [A-H]\.)" for word in ("Series", "Round", "Phase", "Annex", "Appendix", "Option", "Part")
)
_SENTENCE_END = re.compile(
    NOT_AN_END
    + r"(?:(?<![ .][A-Z]\.)(?<![\n\t][A-Z]\.)(?<!^[A-Z]\.)(?<!^\d\.)(?<!^\d\d\.)(?<=[.!?])"
    + rf"|{_LETTER_NAMED})"
    + r"[\"'”’)\]¹²³⁴⁵⁶⁷⁸⁹⁰]*\s+(?=[^\s.])"
)
# A bullet glued to the sentence before it: "…issues:- Accountability: …", "…misuse. - Selective Access…".
_GLUED_BULLET = re.compile(r"(?<=[.:!?])[ \t]*(?=-[ \t]+[A-Z])")
_LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]+)\]\([^)]*\)")
# "[3]", "[1, 4]", and markdown's "[^2]" (its definition "[^2]: …" too)
# (and a superscript one opening its note, "¹ Staff costs count…", or after a word's punctuation; not
# after a digit or letter, where it may be a power: "10²⁵", "km²")
_FOOTNOTE = re.compile(
    r"\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]|\[\^[\w-]{1,20}\](?::\s*)?"
    r"|(?:^|(?<=\n))[ \t]*[¹²³⁴⁵⁶⁷⁸⁹⁰]+[ \t]+|(?<=[%)”\"\].,;:])[¹²³⁴⁵⁶⁷⁸⁹⁰]+"
)
# A numbered paragraph's number ("1.2 Our central recommendation…"), not a figure ("3.5 trillion tokens")
_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\s+(?=[A-Z])")
_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")


@dataclass(frozen=True)
class Span:
    passage: int  # 0-based index of the passage it comes from
    start: int  # offsets in that passage's text
    end: int
    text: str  # cleaned for reading
    context: str  # label of the list item or table header it belongs to, cleaned; "" when none
    kind: str  # "sentence", "item", "row" or "heading"


# The quote marks before a line of a quoted reply or a blockquote: "> ", ">> ", "> > ".
_QUOTED = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)


# A form's dotted leader between a field's label and its value ("Application ref. .... MSD/25/0893/FUL").
_LEADER_DOTS = re.compile(r"(?<=\S)(?:\s+\.{2,}|\.{4,})\s+(?=\S)")


def clean(text: str) -> str:
    """Markup out, words kept: bullets, emphasis, links (their words stay), footnote markers, tags."""
    text = _LINK.sub(lambda m: m.group(1) or "", text)
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub(" ", text)
    lines = [_PARAGRAPH_NUMBER.sub("", BULLET.sub("", _QUOTED.sub("", line))) for line in text.splitlines()]
    # (a name over its post is read "Tomasz Everleigh-Bryce, Communications Manager, Quillon Labs")
    text = "".join(
        (", " if k and signed(lines[k - 1].strip().strip("*_"), line) else " " if k else "")
        + line.strip().lstrip("#").strip()
        for k, line in enumerate(lines)
    )
    text = re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`", "", text)
    text = _LEADER_DOTS.sub(": ", text)  # "Lead author ......... Hamish Oyelaran-Strand": a field
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip(" |")


def label_of(text: str) -> str:
    """The lead of "Label: rest" when it is short (a list item's subject), else ""."""
    m = re.match(r"^\s*(?:\d{1,2}[.)]\s+|\(\d{1,3}\)\s*)?((?:[^:.!?]|\bvs\.){2,80}?)\s*:(\s|$)", clean(text))
    return m.group(1).strip() if m and len(m.group(1).split()) <= 10 else ""


def without_label(text: str) -> str:
    """The statement of "Label: rest" (the rest), or the text itself when it has no short label."""
    return text.split(":", 1)[1].strip() if label_of(text) else text


# Every line boundary `str.splitlines` cuts at (NEL, LS, PS, form feed… as well as CR and LF).
_LINE_ENDS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip(_LINE_ENDS)
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


_STAMPED = re.compile(r"\[(?:\d{4}-\d\d-\d\d[ T])?\d\d?:\d\d(?::\d\d)?\]")


# (what a line ending mid-sentence ends on: a comma, a dash, a possessive or a small word)
_SMALL_WORDS = "and or of the to a at in for with by from on".split()  # noqa: SIM905
_GOES_ON = (",", "-", "—", "'s", "’s", *(f" {w}" for w in _SMALL_WORDS))


def _continues(prev: str, line: str) -> bool:
    """Whether `line` carries on the sentence of `prev` (a hard wrap), rather than starting a unit."""
    p, s = prev.rstrip(), line.strip()
    if not p or not s or BULLET.match(line) or _HEADING.match(line) or "|" in s or "|" in p:
        return False
    if plain_tables.is_rule(p) or plain_tables.is_rule(s):
        return False  # a rule under a message's title or over a section carries no sentence on
    if signed(p.strip("*_"), s):
        # "Tomasz Everleigh-Bryce" / "Communications Manager, Quillon Labs" (or a name set in italics,
        # "*Helena Crosthwaite*" / "Director of Enforcement")
        return True
    if _STAMPED.match(s):
        return False  # a chat export's or log's next message: "[2025-02-24 10:02] @meg.lindqvist: …"
    if _BOLD_LABEL.match(s):
        return False  # a header's next field: "**Amount requested:** £480,000"
    if plain_tables.fields(prev) and plain_tables.fields(line):
        return False  # a list's next line, its columns lined up: "GPU rental      GBP 3,100 / month"
    if _LABELLED.match(line) and (_LEADER_DOTS.search(s) or _LABELLED.match(prev)):
        # a form's next field: "Endorsement Effective .... 1 October 2025 at 00:01 local standard time" /
        # "Additional Premium ....... GBP 3,840.00" (a dotted leader never wraps prose)
        return False
    if p.count("(") > p.count(")") and not s.startswith("("):
        return True  # a bracket left open goes on: "…to GBP 6,243,310 (2024:" / "GBP 4,662,225), driven…"
    if p.endswith((".", "!", "?", ":", ";")) or (p.endswith(("**", "”", '"')) and p[-3:-2] in ".!?"):
        return False
    if len(p) < 40 and not p.endswith(","):  # a short line is a heading or a title, not a wrap
        return False
    # (nor does one end on a possessive or a preposition: "…developed at the University of Trondvik's" /
    # "Language Technology Lab, was released…")
    if s[0].islower() or p.endswith(_GOES_ON) or p.endswith(" The"):  # (no title ends on "The")
        return True
    if BULLET.match(prev):
        return goes_on_item(prev, line)  # (a line no deeper than the bullet starts something new)
    if stops_mid_sentence(p) and not _title_like(s):
        return True
    # (A short line that ends the sentence is no title: "…CEO of Brackwater" / "Systems.*" is a wrap; nor
    # is one that ends a sentence and starts the next: "…Artificial" / "Intelligence Systems, Working
    # Group 7 (WG 7), Model Transparency. The")
    ends = s.rstrip("*_ ").endswith(".") and not _titled(p)
    return (ends or not (_titled(p) or _titled(s))) and len(p) >= 60


def fragment(text: str) -> bool:
    """Whether a sentence names a topic and says nothing of it: a title said alone, "The Model Transparency
    Regulation." in a host's turn (its speaker's label aside), not "Yes." nor a sentence in lower case."""
    body = without_label(text).strip().rstrip(".!")
    words = re.findall(r"[A-Za-z]+", body)
    return len(words) >= FRAGMENT_WORDS and _title_like(body) and words[0].lower() not in ("yes", "no")


FRAGMENT_WORDS = 3


def _titled(line: str) -> bool:
    """Whether a line reads as a title: title-like, and ending no sentence inside it."""
    return _title_like(line) and not re.search(r"[a-z]{3,}\.\s+[A-Z]", line)


def stops_mid_sentence(line: str) -> bool:
    """Whether a line of prose stops on a word in lower case, to go on in the next however short the wrap
    left it: "The Fund made 17 grants totalling" / "GBP 412,000 to community groups…"."""
    return re.search(r"\b[a-z]+$", line.rstrip()) is not None and len(line.split()) >= WRAPPED_WORDS


WRAPPED_WORDS = 8  # a line of this many words is prose, not a title or a field


# A line that is a person's name and nothing else ("Tomasz Everleigh-Bryce", "Dr Ines Wark", "R. Thistlewood").
# (two words at least, or an initial or a title before one; no word in capitals, as a heading's "PRESENT")
_NAME_LINE = re.compile(
    r"\s*(?:(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx|Sir|Dame|Cllr)\.?\s+|[A-Z]\.\s*)+[A-Z][a-z][\w'’-]*"
    r"|[A-Z][a-z][\w'’-]*(?:\s+(?:[A-Z]\.|[A-Z][a-z][\w'’-]*)){1,3})\s*"
)
_POST_LINE = re.compile(rf"[^:]{{0,60}}{POST_WORD}[^:]{{0,60}}")  # ("ICT Service Manager | Oxley Vale DC")


def signed(line: str, after: str) -> bool:
    """Whether a line is a person's name over their post, as a letter, an email or a press release signs
    ("Tomasz Everleigh-Bryce" / "Communications Manager, Quillon Labs"): one line of who they are, not a
    heading over what follows."""
    return (
        bool(_NAME_LINE.fullmatch(line))
        and len(after.split()) <= SIGNED_POST_WORDS
        and bool(_POST_LINE.fullmatch(after.strip()))
        and not after.strip().endswith(".")
    )


def _signs(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line `i`, set in bold, is a signer's name over their post: "**Marguerite Osei-Lund**" /
    "Director of Programmes, The Hollin Foundation" signs a letter, no heading."""
    after = text[lines[i + 1][0] : lines[i + 1][1]] if i + 1 < len(lines) else ""
    return signed(text[lines[i][0] : lines[i][1]].strip().strip("*_"), after)


# What a signature line may open with: "Countersigned: **Daniel Psaros**, Board Secretary".
_SIGNING_LABEL = re.compile(r"\s*(?:(?:counter)?signed|approved|witnessed|attested)(?:\s+by)?\s*:\s*", re.I)


# A piece's sign-off after a dash, its writer's name and who they are in any words: "- Gregor Tallis,
# orchard grower, Upper Fenwick" ends a column.
SIGN_OFF = re.compile(rf"\s*(?:[-—–]{{1,2}}|―)\s*{_NAME_LINE.pattern}(?:,[^.:;!?]{{0,80}})?\s*$")


# A date alone on its line: "28 November 2025", "November 28, 2025", "28/11/2025".
_DATE_LINE = re.compile(
    rf"\s*(?:\d{{1,2}}\s+{MONTH}\.?,?\s+\d{{4}}|{MONTH}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})\s*",
    re.I,
)


def signing_date(line: str, above: Sequence[str]) -> bool:
    """Whether a line is a date under a signature, the day it was signed ("Margit Hollis-Crane" /
    "Auditor-General for Westerland" / "28 November 2025"), no heading; `above` the lines before it."""
    over = [a.strip().strip("*_") for a in above[-2:]]
    return bool(_DATE_LINE.fullmatch(line)) and bool(
        (over and signature(over[-1])) or (len(over) == 2 and signed(over[0], over[1]))
    )


def signature(line: str) -> bool:
    """Whether a line is a person's name and their post on one line ("Bethan Ruddock-Hale | Digital Lead
    | Glynmawr County Borough Council", "Dr Ines Wark, Head of Research", "Countersigned: **Daniel
    Psaros**, Board Secretary"), or a piece's sign-off ("- Gregor Tallis, orchard grower")."""
    body = line.replace("*", "").strip()
    if SIGN_OFF.fullmatch(body):
        return True
    body = body[m.end() :] if (m := _SIGNING_LABEL.match(body)) else body
    parts = re.split(r"\s*[|,]\s*", body, maxsplit=1)
    return len(parts) == 2 and signed(parts[0], parts[1])


SIGNED_POST_WORDS = 12


def _is_title(line: str, after: str) -> bool:
    """A plain-text heading: a short line of its own, not a sentence ("Why Does This Debate Matter?",
    "The Advantages of Going Open Source"), with text after it."""
    body = line.strip()
    words = body.split()
    if not after.strip() or not words or len(words) > 12 or body.endswith((".", ",", ";")):
        return False
    if gives_a_value(body) or BYLINE.match(body) or JUDGE_LINE.match(body) or _BOLD_VALUE.match(body):
        return False
    if signature(body):
        return False  # (who signs, "Margit Lindqvist-Howe, Chair of Trustees · Tomas Brennick, Executive Director")
    return _title_like(body) or (body.endswith("?") and len(words) <= 8)


# A judge named by their judicial title, under a judgment's "Before:" or signing it: "THE HONOURABLE MRS
# JUSTICE HAVERFORD", "Mr Justice Pell", "OKONKWO-HALE J" — who heard the case, no heading.
JUDGE_LINE = re.compile(
    r"(?i:(?:the\s+)?(?:(?:right\s+)?hon(?:ou?rable|\.)?\s+)?(?:mr|mrs|ms|miss|dame|sir|lord|lady)\.?\s+justice)"
    r"\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*$"
    r"|[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+)?\s+(?:J|LJ|JJ)\s*$"
)


# A header's field ("Authors: Dr. Helene Obi (principal investigator)", "Date: …", a memo's "From: …"): who
# wrote it, and when.
FIELD = re.compile(
    r"\s*(?:authors?|editors?|contributors?|date|published|contact|correspondence|(?:written|prepared) by|hosts?"
    r"|guests?|moderator|interviewer|speakers?|presenters?|panell?ists?|(?:presented|submitted|reported) by"
    # a memo's or an email's header: who sent it, to whom
    r"|from|to|cc|sent)\s*:",
    re.I,
)


# An article's byline: "By Oona Kettridge, Fact Check Desk", "By Marguerite Osei · Monday 9 December 2024"
# (not "By the numbers", "By March 2025").
BYLINE = re.compile(r"\s*(?:[Bb]y|BY)\s+[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+)+(?:,|\s*$|\s+[·•|—–]\s)")
# What a header's field says in words a question asks by: "Who wrote the memo?" is answered by its
# "From:", "Who gave the talk?" by its "Speaker:", "Who is the author?" by its byline.
RECIPIENTS = re.compile(r"\s*(?:to|cc|bcc)\s*:", re.I)  # a message's header's field of whom it went to
_FIELD_MEANING = (
    (re.compile(r"\s*from\s*:", re.I), "written and sent by"),
    (RECIPIENTS, "sent to"),
    (re.compile(r"\s*(?:speakers?|presenters?|presented by)\s*:", re.I), "talk given and presented by"),
    (re.compile(r"\s*(?:authors?|(?:written|prepared) by)\s*:", re.I), "written by"),
    (BYLINE, "written by"),
    (SIGN_OFF, "written by"),
    # (a thesis's title page names its author as the degree's candidate: "Candidate: Marisol Quenneville-Tran")
    (re.compile(r"\s*candidate\s*:", re.I), "thesis written by"),
)


def field_meaning(text: str) -> str:
    """What a header's field line says, in words ("From: Harriet Vance" → "written and sent by"); ""
    for any other text."""
    return next((words for field, words in _FIELD_MEANING if field.match(text)), "")


def gives_a_value(line: str) -> bool:
    """A "label: value" line ("Last modified: April 1, 2024", "Authors: Dr. Helene Obi"), never a heading
    however short; "Section 3: DISTRIBUTION" names a part of the text and is one."""
    line = re.sub(r"\*\*|__", "", line)  # ("**Release date:** 9 September 2027": the label set in bold)
    if _LABELLED.match(line) and _LEADER_DOTS.search(line):
        return True  # "Lead author ......... Hamish Oyelaran-Strand"
    return (bool(re.search(r":\s+.*\d", line)) or FIELD.match(line) is not None) and not re.match(
        r"(?i)\s*(section|chapter|part|article)\s", line
    )


_BOLD_LABEL = re.compile(r"\*\*[^*\n]{1,40}(?::\*\*|\*\*\s*:)")
# "Venue: The Corn Exchange": a label of one to five words, then its value on the same line.
# (a form's field may carry its code: "(72) Inventors: Lisbet Harrowby")
# (or its label and value set apart by a dotted leader: "Planning authority .. Marrowby & Sallow…")
_LABELLED = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?[A-Z][\w&'/-]*\.?(?: [\w&'/-]+\.?){0,4}\s*(?::|\s\.{2,})\s+\S")


def in_header(lines: Sequence[str], i: int) -> bool:
    """Whether line `i` of `lines` is one "label: value" line of a run of them (a transcript's or a memo's
    header: "Date: …" / "Venue: The Corn Exchange" / "Chair: Dr Oona Faraday-Reyes"): a field, not a
    heading, whatever its label. A field's entries indented under it ("Opposition: Rosalind Tey" /
    "    Gideon Marsh") sit between it and the next field."""
    if not _LABELLED.match(lines[i]):
        return False
    for step in (-1, 1):
        j = i + step
        # (a record's fields may stand a blank line apart, as an HTML list of terms renders)
        while 0 <= j < len(lines) and (indent_of(lines[j]) > indent_of(lines[i]) or not lines[j].strip()):
            j += step
        if 0 <= j < len(lines) and _LABELLED.match(lines[j]):
            return True
    return False


def _title_like(line: str) -> bool:
    words = re.findall(r"[A-Za-z]+", line)
    return bool(words) and len(words) <= 10 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def goes_on_item(item: str, line: str) -> bool:
    """Whether `line` carries on the list item `item` starts, indented past its bullet ("- Pilot
    started…; budget" / "    EUR 240,000 including hardware")."""
    return bool(BULLET.match(item)) and bool(line.strip()) and indent_of(line) > indent_of(item)


def indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


Block = tuple[int, int, str, str]  # (start, end, context, kind) of a block of a passage


def units(text: str, header_row: str = "") -> list[Block]:
    """(start, end, context, kind) of the blocks of a passage: list items, table rows, paragraphs
    (hard-wrapped lines joined). `header_row`: the header of the table the passage starts inside
    (`table_header`), which the passage itself lacks."""
    blocks: list[Block] = []
    # (indent, label, number, blocks read) of the open list items ending in a label
    parents: list[tuple[int, str, int, int]] = []
    # (a markdown table's header is read as its cells, a plain-text table's by its columns' positions; a
    # transcript's question turn is what the passage's first turn answers)
    asked = header_row if turn_at(header_row) and asks(header_row) else ""
    aligned_head = header_row if header_row and "|" not in header_row and not asked else ""
    header = _cells(header_row) if header_row and not aligned_head and not asked else []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if not line.strip():
            pass
        elif (
            _HEADING.match(line) and not _BOLD_VALUE.match(line) and not _signs(text, lines, i)
        ) or re.fullmatch(r"\s*([-*_=]{3,}|(```|~~~)[\w+-]*)\s*", line):
            # (a rule, or a code fence with its language — "```bash" — separates; it says nothing)
            blocks.append((s + indent_of(line), e, "", "heading"))
            parents.clear()
            header = []
        elif line.count("|") >= 2:
            header = _table_line(text, lines, i, header, blocks)
        elif (last := _aligned_table(text, lines, i, blocks, aligned_head if i == 0 else "")) > i:
            header = []
            i = last
        else:
            if not (i == 0 and header and line.rstrip().endswith("|")):
                # (the tail of a table's row the passage was cut inside, "…recorded a dissent. |", keeps
                # the table's header for the rows after it)
                header = []
            i = _paragraph(text, lines, i, parents, blocks)
        i += 1
    return _answering(text, blocks, asked)


def _answering(text: str, blocks: list[Block], turn_before: str = "") -> list[Block]:
    """Blocks under a question set in bold ("**What hardware does Borealis-13B need?**", an FAQ) or
    after an interview's "Q:" read with it as their context, up to the next heading or question: the
    answer rarely repeats what it is about."""
    out: list[Block] = []
    asked = ""
    # The words of a transcript's current turn so far ("" before its first; the question turn before the
    # passage, when it starts with the turn answering it)
    turn = clean(TURN.sub("", turn_before, count=1)) if turn_before else ""
    for start, end, context, kind in blocks:
        line = text[start:end]
        if m := _INTERVIEW.match(line):
            # An interview's "Q: …" is what the "A: …" after it answers, said or not as a question;
            # the answer reads without its "A:".
            if m.group(1).lower().startswith("q"):
                asked, kind = clean(line[m.end() :]), "heading"
            else:
                start, context = start + m.end(), context or asked
        elif t := turn_at(line):
            # A turn asking something ("ACHTERBERG: Quillon-4 is only available through your API. Why
            # not release the weights?") is what the turn after it answers ("VEERHOFF: Because once…").
            asked = question_of(turn) if asks(turn) else ""
            turn = clean(line[t.end() :])
            context = context or asked
        elif turn and kind != "heading":  # the turn goes on (hard-wrapped lines ending a sentence)
            turn = f"{turn} {clean(line)}"
            context = context or asked
        elif kind == "heading":
            asked = clean(line) if line.strip().startswith(("**", "__")) and clean(line).endswith("?") else ""
        elif asked and not context:
            context = asked
        out.append((start, end, context, kind))
    return out


_INTERVIEW = re.compile(r"\s*(Q|A|Question|Answer)\s*:\s+")
# A transcript's turn: the speaker's name, or surname in capitals, and a colon ("RASK: We're 38 staff."),
# set in bold too, as an HTML transcript's "<strong>Tomas Achterberg:</strong>" reads, after the number a
# committee's transcript gives each question ("Q125 Chair: Ms Garrity, a final question.").
TURN = re.compile(
    # (after its time, in a recording's transcript: "[00:02:44] CORMAC DEVERILL: Standard tier…")
    r"^[ \t]*(?:(?:\[\d{1,2}:\d{2}(?::\d{2})?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)|\d{1,2}:\d{2}:\d{2})[ \t]+)?"
    r"(?:\*\*)?(?:Q\d+\.?[ \t]+)?"
    r"((?:Dr\.? |Prof\.? )?[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){0,2}):(?:\*\*)?[ \t]+",
    re.M,
)
QUESTION_CONTEXT = 300  # characters of a question turn kept as the context of the answer after it


def question_of(turn: str) -> str:
    """The end of a question turn that the answer after it is read with: its last sentences within
    QUESTION_CONTEXT characters, or its last words when one sentence is longer (never a word cut)."""
    if len(turn) <= QUESTION_CONTEXT:
        return turn
    tail = turn[-QUESTION_CONTEXT:]
    cut = re.search(r"[.!?]\s+(?=[A-Z\"“])", tail) or re.search(r"\s", tail)
    return tail[cut.end() :] if cut else tail


QUESTION_WINDOW = 3000  # characters before a chunk searched for the question turn its first turn answers


def turn_at(text: str, pos: int = 0) -> re.Match[str] | None:
    """The speaker's label of a transcript's turn starting at `pos` (its group 1: the speaker), or None;
    a header's field ("Host: Rosalind Achterberg") is no turn."""
    m = TURN.match(text, pos)
    return m if m and not FIELD.match(f"{m.group(1)}:") else None


def turns_in(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """The labels of the transcript turns that start in `text[start:end]` (see `turn_at`)."""
    found = TURN.finditer(text, start, len(text) if end is None else end)
    return [m for m in found if not FIELD.match(f"{m.group(1)}:")]


CODE_TITLE_WORDS = 8  # a coded row's title this short reads with the code; a finding's text does not
# A first column of codes by its header: "WP", "No.", "#", "ID" (not "Model", whose "GPT-4" is a name).
_CODE_COLUMN = re.compile(
    r"(?i)\s*(?:no\.?|#|ids?|ref\.?|code|wp|item|step|task|phase|risk|finding|rec\.?|)\s*"
)
# A row's code: "WP2", "F4", "A.1", "3.2"; not "GPT-4", a name.
ROW_CODE = re.compile(r"(?:[A-Z]{1,4}\.?\d{1,3}[a-z]?|\d{1,2}(?:\.\d{1,2})?)")


def _table_line(
    text: str, lines: list[tuple[int, int]], i: int, header: list[str], blocks: list[Block]
) -> list[str]:
    """Line `i`, a table line, read into `blocks`; the header row in force after it."""
    s, e = lines[i]
    line = text[s:e]
    cells = _cells(line)
    after = text[lines[i + 1][0] : lines[i + 1][1]] if i + 1 < len(lines) else ""
    first = i == 0 or text[lines[i - 1][0] : lines[i - 1][1]].count("|") < 2
    if _TABLE_SEP.match(line):
        return header
    if _TABLE_SEP.match(after) or (
        first and all(len(c.split()) <= 4 for c in cells) and not _TABLE_SEP.match(after) and i > 0
    ):
        # A header row: the one above a |---| line, or (tables without one) a first row of short
        # names that is not the first line of the passage (which may start mid-table).
        return cells
    # One unit per cell: a row speaks of both sides ("Cost | Low or free | Paid API"), and a
    # cell read with its column and row names says one thing about one side.
    pos = s + line.index("|") + 1 if line.lstrip().startswith("|") else s
    bounds = []
    for raw in line[pos - s :].split("|"):
        lead = len(raw) - len(raw.lstrip())
        bounds.append((pos + lead, pos + len(raw.rstrip())))
        pos += len(raw) + 1
    if line.rstrip().endswith("|"):
        bounds = bounds[:-1]  # (what follows the closing "|" is no cell)
    if len(bounds) != len(header):
        bounds = [(a, b) for a, b in bounds if b > a]
    # A row is named by its first cell that says anything: a total row leaves the number column blank
    # ("| | **Total claimed** | | **80,900** |").
    named = next((col for col, (a, b) in enumerate(bounds) if b > a), len(bounds))
    if len(bounds) == len(header) and len(bounds) > named + 1:
        row_name = clean(text[bounds[named][0] : bounds[named][1]])
        beside = clean(text[bounds[named + 1][0] : bounds[named + 1][1]])
        if (
            _CODE_COLUMN.fullmatch(header[0])
            and ROW_CODE.fullmatch(row_name)
            and len(beside.split()) <= CODE_TITLE_WORDS
        ):
            # A row named by a code ("WP2", "F4") is known by the words beside it too: "WP2 Independent
            # safety evaluation and red-teaming".
            row_name = f"{row_name} {beside}"
        cols = list(range(named + 1, len(bounds)))
        if (own := plain_tables.name_column(header, named)) and bounds[own][1] > bounds[own][0]:
            # A row keyed by a handle or a number is about the name beside it ("| oskar.vilde | Oskar
            # Vilde | Security Lead |"); what keyed it becomes one of its cells.
            row_name = clean(text[bounds[own][0] : bounds[own][1]])
            cols = [named, *(c for c in cols if c != own)]
        for col in cols:
            a, b = bounds[col]
            if b > a:
                blocks.append((a, b, f"{header[col]}, {row_name}", "row"))
    else:
        blocks.append((s + indent_of(line), e, " | ".join(header), "row"))
    return header


def _aligned_table(
    text: str, lines: list[tuple[int, int]], i: int, blocks: list[Block], head_line: str = ""
) -> int:
    """A plain-text table at line `i` (`plain_tables.read`) into `blocks`, one unit per cell, each read
    with its column and row names as a markdown table's are; the index of its last line, or `i`."""
    last, cells = plain_tables.read(text, lines, i, head_line)
    blocks += [(a, b, f"{clean(column)}, {clean(row)}", "row") for a, b, column, row in cells]
    return last


def measured_by(cell: tuple[str, str]) -> str:
    """What a cell's value is (of `cell_of`'s column and row): its column, or its row's label under a
    column that says only that it holds values ("| Consultation closes | 31 March 2026 |" under "Field |
    Value")."""
    column, row = cell
    return row if VALUE_COLUMN.fullmatch(column) else column


VALUE_COLUMN = re.compile(r"(?i)\s*(?:values?|details?|information|info|entry|entries|particulars|data|)\s*")


def cell_of(s: Span) -> tuple[str, str] | None:
    """(column, row) of a table cell read under its header ("Licence, Mistral 7B"); None for any other
    span, a whole row whose header is unknown included."""
    if s.kind != "row" or ", " not in s.context:
        return None
    # (at the first comma outside brackets: "Corvane Atlas (API, Jan 2025), ReasonBench 2" is one column's)
    depth = 0
    for i, c in enumerate(s.context):
        depth += (c in "([") - (c in ")]")
        if depth <= 0 and s.context.startswith(", ", i):
            return s.context[:i], s.context[i + 2 :]
    return None


def _cells(line: str) -> list[str]:
    return [clean(c) for c in line.strip().strip("|").split("|")]


def table_header(text: str, at: int) -> str:
    """The line from before offset `at` of `text` that what starts there is read under: the header row of
    the table whose rows `at` falls among ("" in a table's first line), or, where a transcript's turn
    starts at `at`, the question turn it answers (`question_before`); "" for anything else. A chunk
    starting there carries it (`Chunk.table_header`), so its rows keep their columns ("Cost | Low or free |
    Paid API" is "Open-source: Low or free; …") and its answer its question."""
    if asked := question_before(text, at):
        return asked
    rows: list[str] = []  # the table's lines from the one holding `at` up to its first
    s = text.rfind("\n", 0, at) + 1
    while True:
        e = text.find("\n", s)
        line = text[s : e if e >= 0 else len(text)]
        if plain_tables.is_rule(line):
            pass  # (a plain-text table's rule under its header: no row, no end)
        elif line.count("|") < 2 and not plain_tables.fields(line):
            break
        else:
            rows.append(line)
        if s == 0:
            break
        s = text.rfind("\n", 0, s - 1) + 1
    if len(rows) < 2:
        return ""
    head = rows[-1]
    if "|" not in head:
        # A plain-text table's header, kept as written: its columns are read by their positions.
        fields = [plain_tables.fields(r) for r in rows]
        over = plain_tables.value_heads(fields[-1], fields[:-1])
        return head.rstrip() if plain_tables.heads(over, fields[:-1]) else ""
    # A header as `_table_line` reads one: above a |---| line, or a first row of short names.
    if _TABLE_SEP.match(rows[-2]) or all(len(c.split()) <= 4 for c in _cells(head)):
        return head.strip()
    return ""


def question_before(text: str, at: int) -> str:
    """Where a transcript's turn starts at offset `at`, the turn just before it, as one line, when that
    turn asks a question ("ACHTERBERG: … Why not release the weights?"); "" otherwise."""
    line_start = text.rfind("\n", 0, at) + 1
    if text[line_start:at].strip() or not turn_at(text, line_start):
        return ""
    # (looked for a few thousand characters back: a turn longer than that asks nothing of this one)
    before = turns_in(text, max(0, line_start - QUESTION_WINDOW), line_start)
    if not before:
        return ""
    turn = " ".join(text[before[-1].start() : line_start].split())
    return turn if asks(turn) else ""


def question_paragraph(text: str, at: int) -> str:
    """Where the paragraph starting at offset `at` follows one ending on a question, that question
    paragraph as one line (an interview's "Your licence has a special clause for very large companies.
    Why?" over "That threshold … is there to stop free-riding."); "" otherwise."""
    gap = re.search(r"\n[ \t]*\n\s*$", text[:at])
    if not gap:
        return ""
    # (a few hundred characters back at most: a longer paragraph is no interviewer's question)
    head = text[max(0, gap.start() - QUESTION_PARAGRAPH_CHARS) : gap.start()]
    paragraph = re.split(r"\n[ \t]*\n", head)[-1]
    return " ".join(paragraph.split()) if paragraph.rstrip().endswith("?") else ""


QUESTION_PARAGRAPH_CHARS = 400  # how far back a question paragraph is looked for


def asks(turn: str) -> bool:
    """Whether a turn ends on a question, its own or one it reads out ('From Tomasz: "What is the list
    price?"')."""
    return turn.rstrip("\"”’'» ").endswith("?")


def _field(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """`in_header` for line `i` of a passage, read from the lines around it."""
    near = range(max(0, i - 8), min(len(lines), i + 9))
    return in_header([text[lines[j][0] : lines[j][1]] for j in near], i - near.start)


def _paragraph(
    text: str,
    lines: list[tuple[int, int]],
    i: int,
    parents: list[tuple[int, str, int, int]],
    blocks: list[Block],
) -> int:
    """The paragraph or list item starting at line `i` (its hard-wrapped lines joined) read into
    `blocks`, updating the open list labels; the index of its last line."""
    s, e = lines[i]
    line = text[s:e]
    bullet = BULLET.match(line)
    end = e
    while i + 1 < len(lines) and _continues(
        text[lines[i][0] : lines[i][1]], text[lines[i + 1][0] : lines[i + 1][1]]
    ):
        i += 1
        end = lines[i][1]
    if not bullet and end == e and (label := listed_under(text, lines, i)):
        # An indented line under a short "Label:" line is one entry of its list ("Participants:" /
        # "  Raj Tandon — Chief Financial Officer"), however much it looks like a title.
        blocks.append((s + indent_of(line), e, label, "item"))
        return i
    underlined = i + 1 < len(lines) and plain_tables.is_rule(text[lines[i + 1][0] : lines[i + 1][1]])
    if (
        not bullet
        and end == e
        # (a line a rule underlines is a title, whatever its words: "[4815] Re: Self-hosting Brisa-13B…")
        and (underlined or _is_title(line, text[e:].lstrip("\r\n")))
        and not _field(text, lines, i)
        and not signing_date(line, [text[a:b] for a, b in lines[max(0, i - 2) : i]])
        # (nor a plain-text table's line: "Thursday 5 June 2025      09:30 - 12:30" over "Duration: 3 hours
        # Total: 100 marks", or "           April 2024)" carrying on the row above it)
        and not plain_tables.part_of_table([text[a:b] for a, b in lines[max(0, i - 3) : i + 4]], min(i, 3))
    ):
        blocks.append((s + indent_of(line), e, "", "heading"))
        parents.clear()
        return i
    indent = indent_of(line) if bullet else -1
    number = int(bullet.group(2)[:-1]) if bullet and bullet.group(2)[0].isdigit() else 0
    # (an item right after an open one and numbered next is its sibling, however indented: a passage cut
    # from a list keeps "1. Two options on the table: …" flush left and "  2. …" indented; a nested list
    # starts again at 1)
    while (
        parents
        and bullet
        and (
            parents[-1][0] >= max(indent, 0)
            or (number > 1 and parents[-1][2] == number - 1 and parents[-1][3] == len(blocks))
        )
    ):
        parents.pop()
    if not bullet:
        parents.clear()
    context = " > ".join(label for _, label, _, _ in parents)
    body = text[s:end]
    glued = [m.end() for m in _GLUED_BULLET.finditer(text, s, end)]
    # A list flattened into its paragraph by a web scrape ("…several ethical issues:- Accountability: …
    # - Bias Detection: …"): the lead-in, then each item a block of its own.
    for a, b in itertools.pairwise([s + indent_of(line), *glued, end]):
        glued_item = a in glued
        blocks.append(
            (
                a,
                a + len(text[a:b].rstrip()),
                "" if glued_item else context,
                "item" if bullet or glued_item else "sentence",
            )
        )
    label = label_of(body)
    if bullet and (clean(body).endswith(":") or label):
        parents.append((indent, label or clean(body).rstrip(":"), number, len(blocks)))
    return i


def listed_under(text: str, lines: Sequence[tuple[int, int]], i: int) -> str:
    """The label of the "Label:" (or "Label: first entry") line that line `i` is listed under: the line is
    indented, and every line between it and the label is indented as deep (no blank line between); ""
    otherwise."""
    line = text[lines[i][0] : lines[i][1]]
    indent = indent_of(line)
    if not indent or (_LABELLED.match(line) and _LEADER_DOTS.search(line)):
        # (a form's field, its value after a dotted leader, is one of its own: a passage cut from a form
        # keeps "Policy Number .... TEO-4471" flush left and "  Named Insured .... Pellbright…" indented)
        return ""
    for j in range(i - 1, -1, -1):
        above = text[lines[j][0] : lines[j][1]]
        if not above.strip() or (indent_of(above) and indent_of(above) != indent):
            return ""
        if not indent_of(above):
            # ("Guests: Priya Velasquez, Halvard Labs" / "        Jonah Whitcombe, Ostrow Research": the
            # label's first entry on its own line)
            head = clean(above)
            label = head[:-1] if head.endswith(":") else label_of(above)
            return label if 0 < len(label.split()) <= 4 else ""
    return ""


SHORT_CELL_WORDS = 12


def split(text: str, passage: int = 0, header_row: str = "") -> list[Span]:
    """Every span of a passage: each block cut at sentence ends, each piece with its block's context
    (`header_row`: the header of the table the passage starts inside, as `units` reads it)."""
    return list(_split(text, passage, header_row))


@lru_cache(maxsize=2048)
def _split(text: str, passage: int, header_row: str) -> tuple[Span, ...]:
    # Memoised: one answer splits the same passages in gathering, composing and checking, and a
    # conversation asks about the same passages again (spans are frozen; callers get their own list).
    out: list[Span] = []
    # (an email's quoted reply, "> Pilot results are in…", is read without its quote marks, which keep
    # their places: every offset is the text's own)
    plain = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for start, end, context, kind in units(plain, header_row):
        block = text[start:end]
        if kind == "heading":
            if re.search(r"[A-Za-z0-9]", block):
                block = block.rstrip()  # "# Title  ": the title, not the spaces after it
                out.append(Span(passage, start, start + len(block), clean(block), "", kind))
            continue
        label = label_of(block) if kind == "item" else ""
        pos = 0
        pieces = []
        # A short table cell is one value, whatever its full stops ("AWS us-east-1 (N. Virginia)").
        for m in (
            ()
            if kind == "row" and len(block.split()) <= SHORT_CELL_WORDS
            else _SENTENCE_END.finditer(plain[start:end])
        ):
            pieces.append((pos, m.start() + len(m.group(0).rstrip())))
            pos = m.end()
        pieces.append((pos, len(block)))
        if len(pieces) > 1 and _run_in(block[: pieces[0][1]], kind):
            pieces[:2] = [(0, pieces[1][1])]  # "5.1 Income. Total income rose by 34%…": one sentence
        # (nor does a sentence end inside brackets: "The screening opinion (ref. MSD/25/0611, 4 June) did…")
        k = 0
        while k < len(pieces) - 1:
            if (piece := block[pieces[k][0] : pieces[k][1]]).count("(") > piece.count(")"):
                pieces[k : k + 2] = [(pieces[k][0], pieces[k + 1][1])]
            else:
                k += 1
        for a, b in pieces:
            piece = block[a:b].rstrip()
            if not re.search(r"[A-Za-z0-9]", clean(piece)):
                continue
            # Later sentences of an item ("…leaked. Meta later released…") keep the item's own label.
            ctx = context if a == 0 or not label else " > ".join(x for x in (context, label) if x)
            out.append(Span(passage, start + a, start + a + len(piece), clean(piece), ctx, kind))
    return tuple(_with_quoted_line(text, out))


def _run_in(first: str, kind: str = "") -> bool:
    """Whether a block's first sentence is a numbered paragraph's run-in heading: "5.1 Income.", "3.4 Small
    Languages Fund.", "5.3 Reserves policy." (a few words at most), or a list item's in capitals: "3.
    DECISION. On behalf of the Committee…"."""
    if kind == "item" and first.strip().rstrip(".").isupper():
        return 0 < len(first.split()) <= RUN_IN_WORDS
    if not _PARAGRAPH_NUMBER.match(first):
        return False
    words = _PARAGRAPH_NUMBER.sub("", first).rstrip(".").split()
    return 0 < len(words) <= RUN_IN_WORDS and words[0][0].isupper()


RUN_IN_WORDS = 5  # a run-in heading is this short at most
QUOTED_LINE_WORDS = 40  # the longest quoted block a sentence introducing it is read with


def _with_quoted_line(text: str, out: list[Span]) -> list[Span]:
    """A sentence that introduces a short quoted block ("…must carry this line at the foot:" above
    "> AI-assisted: [what the tool did]. Edited and checked by [name].") is read with it: the block alone
    says nothing of what it is, the sentence alone ends on a colon."""
    merged: list[Span] = []
    i = 0
    while i < len(out):
        s = out[i]
        j = i + 1
        if s.kind == "sentence" and s.text.endswith(":") and len(s.text.split()) >= 6:
            block = re.match(r"[ \t]*\n(?:[ \t]*\n)?((?:[ \t]*>[^\n]*(?:\n|$))+)", text[s.end :])
            if block and len(block.group(1).split()) <= QUOTED_LINE_WORDS:
                end = s.end + block.end(1)
                while j < len(out) and out[j].end <= end:
                    j += 1
                if j > i + 1:
                    end = out[j - 1].end
                    s = Span(s.passage, s.start, end, clean(text[s.start : end]), s.context, s.kind)
        merged.append(s)
        i = j
    return merged
