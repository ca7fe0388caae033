"""Clashes: a claim + a passage span → why they disagree, or whether the span holds each statement of the
claim; the one decision this module owns: what counts as the span saying otherwise (the opposite
polarity, clause by clause; another name, version or figure) or saying it all (every clause held, on the
same side).
"""

from __future__ import annotations

import re
from collections.abc import Set

from rag import spans
from rag.concepts import CONTRAST, clauses, concepts, negations, numbers, share_of, tokens, unprefixed
from rag.lexicon import MONTH, WORD_NUMBERS
from rag.question import Name, facet, names, plain_word
from rag.roles import makers
from rag.words import normalise, stem

HELD = 0.5  # share of what a claim's clause says that one clause of the span must hold to state it
GENERIC = frozenset({"model", "sourc", "llm", "ai", "languag", "larg"})  # words that place, not say
DEGREE = frozenset({"more"})  # the concept "high", "low", "more", "less" fold into: how much, not of what
SIDES = frozenset({"open", "public"})  # the concepts that name a side: open or closed, public or private


# A clause that sets one thing against another ("an edge over", "cheaper than", "compared with").
_AGAINST = re.compile(r"\b(?:than|over|versus|vs|compared|against|unlike|relative to)\b", re.I)


def coverage(claim: dict[str, set[int]], window: dict[str, set[int]]) -> float:
    """Share of the claim's concepts the window holds ("inefficient" holds "efficient", negated)."""
    if not claim:
        return 0.0
    return sum(1 for c in claim if c in window or unprefixed(c) in window) / len(claim)


def _prefix_negated(concept: str, window: dict[str, set[int]]) -> bool:
    """Whether the window holds the concept with a negative prefix added or taken away ("inefficient"
    against "efficient", either way round)."""
    return unprefixed(concept) in window or any(unprefixed(t) == concept for t in window)


def prefix_flipped(claim: dict[str, set[int]], window: dict[str, set[int]]) -> bool:
    """Whether the window holds a concept of the claim only in its negated form ("inefficiency" against
    "efficiency", "open" against "unopened"): never a statement of the claim, however much else matches."""
    return any(c not in window and _prefix_negated(c, window) for c in claim)


# The concepts of figures written as words ("three", "a few dozen", "thousands", "several").
FIGURES = frozenset(concepts(" ".join([*WORD_NUMBERS, "many", "few", "several", "numerous"])))


def coverage_besides(claim: dict[str, set[int]], window: dict[str, set[int]], named: Set[str]) -> float:
    """`coverage` of what the claim says besides its figures and the names in `named`: a window that
    gives another figure or maker for everything else the claim says ("two approaches to building…"
    against "three approaches to building…"; "introduced by Google" against "OpenAI introduced")
    contradicts it, however little that one word weighs among the claim's."""
    said = {c: v for c, v in claim.items() if c not in FIGURES and c not in named and not c.isdigit()}
    return coverage(said, window)


def _said(mine: dict[str, set[int]]) -> dict[str, set[int]]:
    """What a clause says, not what it is about: its concepts without the generic ones ("models") and
    the side ("closed-source"), unless those are all it has."""
    return {c: v for c, v in mine.items() if c not in GENERIC and c not in SIDES} or mine


def sides_agree(claim: dict[str, set[int]], window: dict[str, set[int]]) -> bool:
    """Whether the window speaks of the claim's side (open or closed) when both name one."""
    return all(not (signs := window.get(side)) or claim[side] & signs for side in SIDES if side in claim)


def clauses_held(claim: str, window: str, label: str = "") -> bool:
    """Whether every statement of the claim is made by one clause of the window, of the same side:
    "closed models are community-driven, while open ones are improved by private teams" is not
    stated by a window that says it of the other sides."""
    theirs = [concepts(CONTRAST.sub(" ", ev)) for ev in clauses(window)]
    side_of_window = concepts(label) if label else {}
    for clause in clauses(claim):
        mine = concepts(CONTRAST.sub(" ", clause))
        said = _said(mine)
        if not said:
            continue
        if not any(
            sum(c in ev or unprefixed(c) in ev for c in said) >= HELD * len(said)
            and sides_agree(mine, {side: ev.get(side) or side_of_window.get(side) or set() for side in SIDES})
            for ev in theirs
        ):
            return False
    return True


def polarity_clash(claim: str, evidence: str, label: str = "") -> str:
    """Why the claim's polarity differs from the evidence's, or "".

    Clause by clause: an evidence clause that shares what a claim clause says (not only the names it is
    about) must agree with it on negation ("cannot download" vs "can download") and on the sign of every
    shared concept ("less transparency" vs "greater transparency"); two flips cancel ("closed models cost
    more" says what "open models cost less" says).
    """
    ev_clauses = clauses(evidence) + ([label] if label else [])
    said_as_is = {normalise(c) for c in ev_clauses}
    for clause in clauses(claim):
        if normalise(clause) in said_as_is:
            continue  # the evidence makes this very statement: no other clause of it denies it
        mine = concepts(CONTRAST.sub(" ", clause))
        bases = {n.base for n in names(clause, lenient=True)}
        named = bases | {v for n in names(clause) for v in n.versions}
        said = [c for c in mine if c not in named]
        bases.discard("")
        if not said:
            continue
        signs = {sign for side in SIDES for sign in mine.get(side, ())}
        both_sides = bool(_AGAINST.search(clause)) and signs == {1, -1}  # "open models … over private teams"
        for ev in ev_clauses:
            theirs = concepts(CONTRAST.sub(" ", ev))
            side_flips, flips, why, shared = 0, 0, "", 0
            for concept in said:
                flipped = False
                if concept in theirs:
                    shared += 1
                    a, b = mine[concept], theirs[concept]
                    flipped = a != b and len(b) == 1 and -next(iter(b)) in a
                elif _prefix_negated(concept, theirs):
                    shared, flipped = shared + 1, True  # "inefficient" against "efficient"
                if flipped and concept in SIDES:
                    side_flips, why = side_flips + 1, concept
                elif flipped:
                    flips, why = 1, concept  # two opposite predicates are two denials, not one that cancels
            if not shared or (shared < 2 and shared < len(said) and shared < 0.6 * len(theirs)):
                continue  # this clause is about something else
            content = {c for c in said if c not in SIDES and c not in GENERIC}
            if content & theirs.keys() <= DEGREE < content:
                # Only a degree shared: "open LLMs are the low-cost option" against "Open-source LLMs,
                # Customization: High" flips how much, not what the claim says of cost.
                continue
            if (
                side_flips
                and shared - 1 - sum(c in GENERIC for c in said if c in theirs) < 2
                and not (bases and bases <= {n.base for n in names(f"{label}: {ev}", lenient=True)})
            ):
                # "…, while closed-source models are more controlled in bias management": the other side
                # is the subject of a different statement, not a denial of this one — unless the statement
                # names what the claim is about ("Claude and Cohere: … closed-source models").
                side_flips = 0
            if negations(CONTRAST.sub(" ", clause), theirs) % 2 != negations(CONTRAST.sub(" ", ev), mine) % 2:
                flips, why = flips + 1, why or "not"
            if side_flips and not flips and both_sides:
                # "Community work gives open models an edge over those built by private teams" against
                # "Closed-source LLMs: improvements from private teams": a claim that sets one side against
                # the other names both, so a statement of the other side alone denies nothing of it.
                side_flips = 0
            # The side (open/closed) flipped with the predicate says the same thing ("closed models cost
            # more" = "open models cost less"); either flipped alone denies it.
            if (flips + side_flips) % 2:
                return f"the passage says the opposite ({why!r}): “{ev.strip()}”"
    return ""


def salient_clash(
    claim: str, window: str, vocabulary: frozenset[str] = frozenset(), own: str = ""
) -> tuple[str, bool]:
    """(why, substituted): a name, number or version of the claim the window lacks, and whether the
    window gives another in its place (a different version, a different figure)."""
    have = names(window, lenient=True)
    words = {re.sub(r"[^a-z0-9]", "", t.lower()) for t in window.split()}
    words |= set(stem(tokens(window))) | {n.base for n in have}
    asserted = names(claim)
    first = names(claim, lenient=True)[:1]
    if (
        first
        and first[0] not in asserted
        and first[0].base not in vocabulary
        and not plain_word(first[0].text)
    ):
        asserted.insert(0, first[0])  # "Meta released…": a first word the documents never write in lower case
    missing = ""
    for n in asserted:
        if n.base in _SIDE_NAMES and facet(window):
            continue  # "Closed-source models …" against a span about a side: polarity decides which
        why, substituted = _name_clash(n, have, words, own)
        if substituted:
            return why, True  # "Llama 3, not Llama 2" decides, whatever else the window lacks
        if why and n.base in makers(claim):
            theirs = makers(window)
            if others := sorted({who for b, who in theirs.items() if b not in {a.base for a in asserted}}):
                return f"the passage names {' and '.join(others)} as the maker, not {n.text}", True
        missing = missing or why
    if missing:
        return missing, False
    wanted, there = numbers(claim), numbers(window)
    # (a share said as a fraction is its percentage, near enough: "67%" and "two thirds")
    pairs = [(a, b) for a in wanted for b in there if _same_share(a, b)]
    wanted -= {a for a, _ in pairs}
    there -= {b for _, b in pairs}
    if wanted - there:
        # (a date is given otherwise only by another date: "fixed in release 2.1.4" gives no other day than
        # "published on 19 May 2025")
        other = bool(there - wanted) and not (
            wanted - there <= _date_figures(claim) and not _MONTH.search(window)
        )
        return f"the passage does not give {', '.join(sorted(wanted - there))}", other
    return "", False


_MONTH = re.compile(rf"\b{MONTH}\b", re.I)
_DATE_FIGURES = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}\b\.?(?:\s+(\d{{4}}))?"
    rf"|\b{MONTH}\b\.?\s+(?:(\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(\d{{4}})?",
    re.I,
)


def _date_figures(text: str) -> set[str]:
    """The figures of the dates `text` gives: "19 May 2025" → {"19", "2025"}."""
    return {g for m in _DATE_FIGURES.finditer(text) for g in m.groups() if g}


def _same_share(a: str, b: str) -> bool:
    x, y = share_of(a), share_of(b)
    return x is not None and y is not None and "/" in a + b and abs(x - y) <= SHARE_SLACK


SHARE_SLACK = 2.0  # per cent between a percentage and the fraction that rounds it ("two thirds", "67%")
_SIDE_NAMES = frozenset({"open", "opensource", "closed", "closedsource", "proprietary", "public", "private"})


def _name_clash(n: Name, have: list[Name], words: set[str], own: str) -> tuple[str, bool]:
    """(why, substituted) for one name of the claim against the window's names and words."""
    if not n.base:
        if not any(n.versions & h.versions for h in have):
            return f"the passage does not give {n.text}", any(h.versions for h in have if not h.base)
        return "", False
    if n.base not in words and stem([n.base])[0] not in words:
        return f"the passage does not mention {n.text}", False
    # The statement itself, not the label it sits under, when it names the family: "LLaMA (and Llama
    # 2/3): … the original LLaMA models were leaked" says that of the original LLaMA.
    body = spans.without_label(own)
    mine = [h for h in names(body, lenient=True) if h.base == n.base] if body else []
    mine = mine or ([h for h in names(own, lenient=True) if h.base == n.base] if own else [])
    if n.versions and mine and not any(h.versions & n.versions for h in mine):
        # The span itself names the family, but not this version ("the original LLaMA models were
        # leaked" under a "Llama 2/3" label does not say Llama 2 leaked).
        other = next((h.text for h in mine if h.versions), "")
        return f"the passage gives {other or mine[0].text}, not {n.text}", bool(other)
    if n.versions and not any(h.base == n.base and (not h.versions or h.versions & n.versions) for h in have):
        other = next((h.text for h in have if h.base == n.base), "")
        return f"the passage gives {other or 'another version'}, not {n.text}", bool(other)
    return "", False
