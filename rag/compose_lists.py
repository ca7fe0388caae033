"""Lists: spans → the named items they list, the lists a lead-in introduces (`Block`) and the side each
named model is placed on; the one decision this module owns: what a list answer's items are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag import spans, verify
from rag.compose_kinds import proper
from rag.compose_places import asked_concepts
from rag.compose_records import Scored
from rag.compose_units import side_of
from rag.compose_wording import count_words
from rag.concepts import CONTRAST, concepts
from rag.question import Name, Part, facet, names
from rag.spans import Span

ENUMERATION = re.compile(r"\b(?:examples?|include[sd]?|including|such as|e\.g\.)\s*:?\s+(.+)$", re.I)
_GENERIC_LABEL = re.compile(
    r"(?i)^(examples?|observations?|notes?|key observations?|summary|why|how|what|use cases?|answers?|questions?|"
    r"suggested answers?|quiz|exercise|tips?|conclusion|overview|introduction|definition|advantages|challenges|"
    r"disadvantages|benefits|drawbacks)\b"
)

_MODELISH = re.compile(
    r"\b(models?|llms?|projects?|systems?|examples?|initiatives?|alternatives?|ones|chatbots?|libraries|library)\b",
    re.I,
)


_ASKS_FOR = re.compile(r"\b(which|what|name|list|give|mention)\b((?:\s+[\w-]+){1,5})", re.I)


def modelish(question: str) -> bool:
    """Whether a list question asks for named models (or projects), not for reasons or traits: the
    first noun after which/what/name decides ("which benefits of open models" asks for benefits)."""
    m = _ASKS_FOR.search(question)
    if not m:
        return bool(_MODELISH.search(question))
    for word in m.group(2).split():
        if _MODELISH.fullmatch(word):
            return True
        if _plural(word):
            return False
    return bool(_MODELISH.search(question))


def _plural(word: str) -> bool:
    """Whether a word reads as a plural noun ("benefits", not "access" or "Meta's")."""
    low = word.lower()
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "'s"))


_ITEM = r"[A-Z0-9][\w.-]*(?:\s+[A-Z0-9][\w.-]*)*"
_JOINER = r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+"  # between items: ", ", " and ", ", or "…
# The members a named group is said to be made of: "Anthropic's Claude 3 family of Haiku, Sonnet and Opus".
_MEMBERS = re.compile(
    rf"\s*(?:family|series|line|lineup|range|models?)?\s*(?:of|including|comprising|consisting of|:)\s+"
    rf"({_ITEM}(?:(?:{_JOINER}){_ITEM})+)"
)


def members(text: str, group: Name) -> list[str]:
    """The members `text` names for `group` right after naming it ("Claude 3 family of Haiku, Sonnet and
    Opus" → Haiku, Sonnet, Opus); none when it names none there."""
    for n in names(text, lenient=True):
        if (
            n.base == group.base
            and n.versions == group.versions
            and (at := text.find(n.text)) >= 0
            and (m := _MEMBERS.match(text, at + len(n.text)))
        ):
            return [p for p in re.split(_JOINER, m.group(1)) if p]
    return []


# What a service or product does with the things named after it: "It runs …", "the guide compares …".
_SERVES = re.compile(
    r"\b(?:runs?|uses?|offers?|serves?|supports?|hosts?|deploys?|provides?|covers?|features?|compares?|"
    r"ships?|evaluates?|tests?|tested|compared|evaluated"
    # ("Fine-tuning is available for Korrin-3 and Brindle-2 only": what it is offered for)
    r"|available\s+(?:for|to|on|with)|(?:limited|restricted|open)\s+to|supported\s+(?:for|on)|compatible\s+with)"
    r"\s+(?:(?:the|both|only|models?|either)\s+)*$",
    re.I,
)


def _joined_names(text: str) -> list[str]:
    """The longest run of two or more names joined by commas and "and"/"or" right after a verb of serving
    ("It runs Llama 3.1 70B Instruct and OLMo 2 13B"), each as written; none when no names are listed so
    ("Meta and Google compete" lists no models)."""
    best: list[str] = []
    run: list[str] = []
    first = start = end = -1  # where the run and its last name begin, where the last name ends
    for n in names(text, lenient=True):
        at = text.find(n.text, max(end, 0))
        if at < 0:
            continue
        if run and not text[end:at].strip():
            run[-1] = text[start : at + len(n.text)]  # "Llama 3.1 70B" + "Instruct": one name
        elif run and re.fullmatch(_JOINER, text[end:at]):
            run, start = [*run, n.text], at
        else:
            run, first, start = [n.text], at, at
        end = at + len(n.text)
        if len(run) >= max(2, len(best)) and _SERVES.search(text[:first]):
            best = list(run)
    return best


# A sentence opening with two or more names (a small word may join a name's words: "Web of Science"), then
# its verb.
_PROPER = r"(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w-]*){0,4}"
_OPENING_LIST = re.compile(
    rf"\s*({_PROPER}(?:\s*,\s*{_PROPER})*,?\s+and\s+{_PROPER})\s+(?:were|are|was|is|have|had|has)\b"
)


def items(s: Span, named_only: bool, common: frozenset[str] = frozenset()) -> list[str]:
    """Named items a span lists: an enumeration after "Examples:"/"include"/"such as", or its label."""
    found: list[str] = []
    if m := ENUMERATION.search(s.text):
        for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z])|;\s*", m.group(1)):
            piece = piece.strip(" .")
            if piece and piece[0].isupper() and count_words(piece) <= 6:
                found.append(piece)
    if not found:
        found = _joined_names(s.text)  # "It runs Llama 3.1 70B Instruct and OLMo 2 13B."
    if not found and (m := _OPENING_LIST.match(s.text)):
        # "Scopus, Web of Science and IEEE Xplore were searched…": the names a sentence opens with, its
        # verb's subjects.
        found = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)) if p.strip()]
    if not found:
        # "GPT-4 (closed-source) and LLaMA 3 (open-source)": each name marked with its side.
        for m in SIDE_MARK.finditer(s.text):
            before = names(s.text[: m.start()], lenient=True)
            if before and s.text[: m.start()].rstrip().endswith(before[-1].text):
                found.append(before[-1].text)
    if not found and s.kind == "item":
        label = spans.label_of(s.text)
        if label and not _GENERIC_LABEL.match(label):
            found.append(label)
        elif (
            s.context
            and (under := s.context.split(" > ")[-1])
            and not _GENERIC_LABEL.match(under)
            and proper(under, common)
        ):
            found.append(under)  # "- Example: …" under "GPT-4 (OpenAI):": the item is the label above
    if named_only:
        found = [f for f in found if proper(f, common)]
    return [f for f in found if not re.match(r"(?i)(others?|etc|more)\b", f) and not only_sides(f)]


SIDE_MARK = re.compile(r"\(\s*(open[- ]source|open|closed[- ]source|closed|proprietary)\s*\)", re.I)


def side_marks(text: str) -> dict[str, str]:
    """The side each name is marked with right after it ("GPT-4 (closed-source)"), by the name's base."""
    marked: dict[str, str] = {}
    for m in SIDE_MARK.finditer(text):
        before = names(text[: m.start()], lenient=True)
        if before and (mark := facet(m.group(1))):
            marked[before[-1].base] = mark
    return marked


def name_sides(passages: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The side the passages place each named model on, where they agree: a name in a span (or under a
    label or heading) that speaks of one side, or marked "(closed-source)" right after it."""
    votes: dict[str, dict[str, int]] = {}
    for i, (text, section) in enumerate(passages):
        for s in spans.split(text, i):
            marked = side_marks(s.text)
            # "…, often rivaling larger proprietary models": the side compared with is not the names' own.
            spoken = side_of(replace(s, text=CONTRAST.sub(" ", s.text)), section)
            for n in names(s.text, lenient=True):
                if chosen := marked.get(n.base) or (spoken if not marked else None):
                    votes.setdefault(n.base, {}).setdefault(chosen, 0)
                    votes[n.base][chosen] += 1
    return {
        b: max(v, key=lambda k: v[k]) for b, v in votes.items() if len(v) == 1 or len(set(v.values())) > 1
    }


@dataclass(frozen=True)
class Labelled:
    span: Span
    text_label: str


def label_group(
    good: list[Scored], passages: Sequence[tuple[str, str]] = (), question: str = "", side: str | None = None
) -> list[Labelled]:
    """The labels of the list the best fitting labelled item belongs to, in document order ("Cost",
    "Security and Privacy", "Innovation vs. Control"): a list of traits is answered by its own items.
    The best fitting: under a heading that names what is asked ("Challenges" for "which weaknesses…",
    the lexicon folding the two together), on the side asked; else the best ranked."""
    labelled = [
        (x, label)
        for x in good
        if x.span.kind == "item"
        and (label := spans.label_of(x.span.text))
        and not _GENERIC_LABEL.match(label)
        and not only_sides(label)
    ]
    if not labelled:
        return []
    asked = asked_of_lists(question)

    def fits(x: Scored) -> tuple[bool, bool]:
        section = passages[x.span.passage][1] if passages else ""
        # The side of a list is its heading's ("Closed Source LLMs > Challenges"), whatever an item
        # compares itself with ("Unlike closed-source models, … users of open-source LLMs …").
        return headed_as_asked(x.span, passages, asked), side is None or (facet(section) or x.side) == side

    head = max(labelled, key=lambda xl: fits(xl[0]))[0] if asked else labelled[0][0]
    group = sorted(
        {
            (x.span.start, label): x
            for x, label in labelled
            if x.span.passage == head.span.passage and x.span.context == head.span.context
        }.items()
    )
    out = [Labelled(x.span, label) for (_, label), x in group][:8]
    # A label the list repeats tags a kind of entry, not a trait: a changelog's "Fixed: memory leak…" and
    # "Fixed: system prompts were dropped…" are answered by what was fixed, not by "Fixed, Fixed".
    return out if len({g.text_label.casefold() for g in out}) == len(out) else []


EVERY_LIST = frozenset({"open", "model", "sourc"})  # what every list of this corpus's subject is about


_KIND_OF = frozenset({"kinds", "types", "sorts", "forms", "categories"})


def asked_of_lists(question: str) -> set[str]:
    """What a list question asks for: the plural noun after which/what ("which weaknesses of proprietary
    LLMs…" → challenge, "what kinds of harmful uses…" → use), else what it asks that not every list of
    the corpus is about."""
    if m := _ASKS_FOR.search(question):
        for word in m.group(2).split():
            if word.lower() not in _KIND_OF and _plural(word):
                return set(concepts(word)) - EVERY_LIST
    return set(asked_concepts(question)) - EVERY_LIST


def headed_as_asked(span: Span, passages: Sequence[tuple[str, str]], asked: set[str]) -> bool:
    """Whether the span's heading names what a list question asks (`asked`, from `asked_of_lists`:
    "Challenges" for "which weaknesses…", the lexicon folding the two together), or the label-only item
    that heads its part of the passage ("- Risks of Misuse:" above "…Examples include:- Deepfakes: …")."""
    if not passages or not asked:
        return False
    heading = passages[span.passage][1].split(" > ")[-1]
    return bool(asked & set(concepts(f"{heading} {_label_above(span, passages)}")))


def _label_above(span: Span, passages: Sequence[tuple[str, str]]) -> str:
    """The nearest item before the span that is a label and nothing else ("Risks of Misuse:"), unless a
    heading comes between."""
    found = ""
    for s in spans.split(passages[span.passage][0], span.passage):
        if s.start >= span.start:
            break
        if s.kind == "heading":
            found = ""
        elif (
            s.kind == "item" and s.text.endswith(":") and spans.label_of(s.text) == s.text.rstrip(":").strip()
        ):
            found = s.text
    return found


def only_sides(label: str) -> bool:
    """Whether a label names nothing but a side ("Open-source", "Closed Source LLMs"): the entries of a
    comparison, never an answer to "which parts…" or "what problems…"."""
    return set(concepts(label)) <= EVERY_LIST


def siblings(item: Span, passages: Sequence[tuple[str, str]]) -> list[Span]:
    """The items of the list `item` is on, in order: the run of items at its level in its passage that
    no other kind of span interrupts (`item` itself included)."""
    runs: list[list[Span]] = [[]]
    for s in spans.split(passages[item.passage][0], item.passage):
        if s.kind != "item":
            runs.append([])
        elif s.context == item.context:
            runs[-1].append(s)
    return next((r for r in runs if any(s.start == item.start for s in r)), [item])


@dataclass(frozen=True)
class Block:
    """A list as its document introduces it: a lead-in sentence ending in ":" ("…for several reasons:")
    and the labelled items under it ("Versatility: …", "Efficiency: …")."""

    lead_in: Span
    items: tuple[Span, ...]
    labels: tuple[str, ...]


MIN_BLOCK_ITEMS = 2  # one labelled item is an entry, not a list


def blocks(split: Sequence[list[Span]]) -> list[Block]:
    """Every run of labelled list items that a lead-in sentence introduces (`split`: each passage's spans)."""
    out: list[Block] = []
    for pieces in split:
        lead: Span | None = None
        run: list[Span] = []
        for s in [*pieces, None]:
            if s is not None and s.kind == "item":
                if not s.context:  # a later sentence of an item carries the item's label as context
                    run.append(s)
                continue
            # Each item by its label ("Portability: it runs…"), or whole when it is short and has none
            # ("Transformer-like LLMs (e.g., Llama)").
            labels = tuple(spans.label_of(x.text) or _short(x.text) for x in run)
            if lead is not None and len(run) >= MIN_BLOCK_ITEMS and all(labels):
                out.append(Block(lead, tuple(run), labels))
            run = []
            if s is None:
                break
            lead = s if s.kind == "sentence" and s.text.rstrip().endswith(":") else None
    return out


SHORT_ITEM_WORDS = 8  # an unlabelled item this short is named whole in a list's answer


def _short(text: str) -> str:
    """The item whole when short; else its head before a clause that goes on about it ("A paged cache
    for attention keys and values | that wastes almost no memory…"), when that head is short."""
    text = text.rstrip(" .;")
    if len(text.split()) <= SHORT_ITEM_WORDS:
        return text
    head = _GOES_ON.split(text, maxsplit=1)[0].strip()
    return head if head != text and len(head.split()) <= SHORT_ITEM_WORDS else ""


_GOES_ON = re.compile(r",\s|\s(?:that|which|who|so that|when|where|because)\s")


def says_what_is_asked(block: Block, part: Part, subject: frozenset[str]) -> bool:
    """Whether a block's lead-in says what a reason or description asks, all but one of its words and
    every word of its subject ("Skiff is fast with:" for "what makes Skiff fast?"): its items answer,
    though none of them shares a word with the question."""
    asked = set(asked_concepts(part.text))
    have = set(concepts(block.lead_in.text))
    return len(asked) >= 2 and subject <= have and len(asked - have) <= 1 and len(asked & have) >= 2


def introduces(block: Block, best: Span, part: Part) -> bool:
    """Whether the block's lead-in is the answer: it is the best span, or the best span is one of its
    items and the lead-in says most of what is asked ("Teams adopt the toolkit for three reasons:")."""
    if block.lead_in == best:
        return True
    if best not in block.items:
        return False
    asked = asked_concepts(part.text)
    have = verify.concepts(block.lead_in.text)
    return bool(asked) and sum(c in have for c in asked) / len(asked) >= CONSIDER_LEAD_IN


CONSIDER_LEAD_IN = 0.5  # share of the question's concepts a list's lead-in must say to answer for its items
