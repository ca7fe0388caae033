"""Concepts: a text → its concepts with their signs, its clauses, negations and figures; the one decision
this module owns: when two wordings say the same thing (one concept) or opposite things (one concept,
two signs).

Words fold to concepts through `rag.lexicon` (stems, with synonyms folded together and opposites signed:
"closed" is "open" with sign -1); negations are counted apart, outside conditions ("if not monitored").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache, lru_cache

from rag.lexicon import EXTRA_STOP, IRREGULAR, OPPOSITES, PHRASAL_VERBS, SYNONYMS, WORD_CONCEPTS, WORD_NUMBERS
from rag.words import STOP_WORDS, american, stem

# Negative prefixes on words whose stem is a known concept: "unavailable" = not "available".
_NEG_PREFIX = re.compile(r"^(un|in|im|non)(?=[a-z]{4,})")
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|can't|won't|isn't|aren't|wasn't|"
    r"weren't|doesn't|don't|didn't|hasn't|haven't|hadn't|shouldn't|wouldn't|couldn't|lacks?|lacking|"
    r"fails? to|failed to|unable|absence of|exclude[sd]?)\b|n['’]t\b",
    re.I,
)
# A contrast phrase names the other side ("unlike closed models, …"): its words do not carry the claim.
CONTRAST = re.compile(
    r"\b(unlike|compared (to|with)|in contrast to|as opposed to|versus|vs\.?|than|rather than|instead of|"
    r"rivall?ing|rivals|on par with)"
    r"(\s+(?!(?:is|are|was|were|has|have|had|can|will|do|does)\b)[\w-]+){1,3}",
    re.I,
)
_CLAUSES = re.compile(
    r"\s*;\s+|\.\s+|,\s+which\s+|,?\s+(?:but|whereas|yet|however|although|though|because|as a result)\s+|,\s+(?:so|since)\s+|,\s+while\s+|\s+while\s+(?=(?:still\s+)?\w+ing\b)|\s+while\s+(?=\w+\s+(?:is|are|was|were|can|may|might|do|does|have|has|lack|lacks|offer|offers|focus|focuses|provide|provides)\b)"
)
LEADING_SUBORDINATE = re.compile(r"^\W*(while|although|though|whereas|even though)\b[^,]*,\s*", re.I)


def clauses(text: str) -> list[str]:
    """Statements of a sentence that can differ in polarity: split at ";", at contrasts ("but",
    "whereas", ", while"), and after a leading "While X, …" (not at every comma: a list of predicates
    "proprietary, controlled by corporations" is one statement about one subject)."""
    out = []
    for piece in [c for part in _CLAUSES.split(text) if part for c in _at_colon(part)]:
        if not piece or not piece.strip():
            continue
        if m := LEADING_SUBORDINATE.match(piece):
            out += [piece[: m.end()].rstrip(", "), piece[m.end() :]]
        else:
            out.append(piece)
    return [c for c in out if c.strip()]


def _at_colon(piece: str) -> list[str]:
    """A statement after a colon is one of its own when a statement leads into it: "open-weight does not
    mean transparent: Tarnwell has never released the data" (not a label's "Open weights: No")."""
    head, colon, rest = piece.partition(": ")
    # (the lead-in a statement: it has a verb of its own, which a label, "You must, A developer of an
    # open-weight model", or a cell's column and row, has not)
    stated = _STATES.search(head) and len(head.split()) >= COLON_WORDS
    if colon and stated and len(rest.split()) >= COLON_WORDS:
        return [head, *_at_colon(rest)]
    return [piece]


_STATES = re.compile(r"\b(?:is|are|was|were|does|do|did|has|have|had)\b", re.I)

COLON_WORDS = 4  # words on each side of a colon that make both statements


_NUMBER = re.compile(
    r"(?<![\w.-])(\d[\d,]*(?:\.\d+)?)\s*(%|per\s?cent|[kmb]\b|bn\b|million|billion|thousand)?(?![\w-])", re.I
)


@cache
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    # The same stemmer the word-overlap measures use (`rag.words`).
    synonyms: dict[str, str] = {}
    for group in SYNONYMS:
        # (spelt as `tokens` spells a text's words: "enterprise" is read as "enterprize")
        words = [american(w) for w in group.split()]
        head = stem([words[0]])[0]
        for w in stem(words):
            synonyms.setdefault(w, head)
    opposites: dict[str, tuple[str, int]] = {}
    for word, concept, sign in OPPOSITES:
        # Forms made from the listed word, not stems: the stem of "costly" is "cost", which says
        # nothing about high or low.
        opposites[american(word)] = (concept, sign)
    for word, concept, sign in OPPOSITES:
        for form in _inflections(american(word)):
            opposites.setdefault(form, (concept, sign))
    return synonyms, opposites


_WORD_CONCEPTS = {american(w): c for w, c in WORD_CONCEPTS.items()}  # (spelt as `tokens` reads words)


def _inflections(word: str) -> set[str]:
    """Regular forms of a word: reduce → reduces, reduced, reducing; hinder → hinders, hindered."""
    if " " in word or "-" in word or len(word) < 4:
        return set()
    root = word[:-1] if word.endswith("e") else word
    forms = {word + "s", root + "ed", root + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


# A verb of two words read as the one the documents write (`PHRASAL_VERBS`).
_PHRASAL = [
    (re.compile(rf"\b(?:{'|'.join(forms.split())})\s+{particle}\b", re.I), word)
    for forms, particle, word in PHRASAL_VERBS
]


_HEDGE = r"(?:(?:on average|roughly|about|around|nearly|almost|some|only|just)\s+)*"
_TIMES_AS_MUCH = re.compile(
    rf"\b(costs?|cost|paid|pays?|spends?|spent)\s+{_HEDGE}(?:\d+(?:\.\d+)?\s*(?:x|times)|twice|double"
    r"|(?:three|four|five|ten|several|many)\s+times)\s+(?:as much as|more than|what)\b",
    re.I,
)
_SHARE_AS_MUCH = re.compile(
    rf"\b(costs?|cost|paid|pays?|spends?|spent)\s+{_HEDGE}(?:half|a (?:third|quarter|fifth|tenth|fraction))"
    r"\s+(?:as much as|of)\b",
    re.I,
)


def _one_word(text: str) -> str:
    """The text with each verb of two words written as its one word ("turned down" → "reject")."""
    for phrase, word in _PHRASAL:
        text = phrase.sub(word, text)
    return text


def tokens(text: str) -> list[str]:
    """Lower-case words in one spelling ("open-source" as "open source"), apostrophes kept."""
    text = re.sub(r"\b(open|closed)[- ]source\b", r"\1 source", text, flags=re.I)
    text = _one_word(text)
    # (a thing made publicly available is published: "are its weights publicly available?" — "the weights
    # are not published and never will be")
    # (…as is a notice issued: "First issued: 12 February 2026" for "when did the office publish its warning?";
    # the verb alone, not "known issues")
    text = re.sub(
        r"\b(?:publicly\s+available|made\s+public|public(?:ly)?\s+released|issued)\b",
        "published",
        text,
        flags=re.I,
    )
    # (work done from home is done remotely: "could the job be done entirely from home?")
    text = re.sub(r"\bfrom home\b", "remotely", text, flags=re.I)
    # (a multiple of a cost is more of it: "costs on average 2.1 times as much as an API" costs more)
    text = _TIMES_AS_MUCH.sub(r"\1 more than", text)
    text = _SHARE_AS_MUCH.sub(r"\1 less than", text)
    # ("R&D" would be two single letters, dropped: the words it stands for are what documents write)
    text = re.sub(r"\bR&D\b", "research and development", text)
    return [american(w.lower().replace("’", "'")) for w in re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?", text)]


def concepts(text: str) -> dict[str, set[int]]:
    """See `_concepts`; a fresh copy each time, since callers may add to it."""
    return {k: set(v) for k, v in _concepts(text).items()}


@lru_cache(maxsize=4096)
def _concepts(text: str) -> dict[str, frozenset[int]]:
    """Concept → the signs it appears with in `text` (+1, or -1 for an opposite such as "closed" of
    "open"); negation words and stop words are left out (negation is counted separately)."""
    synonyms, opposites = _tables()
    out: dict[str, set[int]] = {}
    for word in tokens(text):
        if _NEGATION.fullmatch(word) or word in EXTRA_STOP:
            continue
        # (an adverb says what its adjective does, where that is the concept itself: "commercially",
        # "openly", "securely"; not "closely", "highly")
        adjective = (
            word[:-2] if word.endswith("ly") and opposites.get(word[:-2], ("",))[0] == word[:-2] else word
        )
        if adjective in opposites:
            concept, sign = opposites[adjective]
            out.setdefault(concept, set()).add(sign)
            continue
        if word in _WORD_CONCEPTS:  # stems that collide: "customer" and "customize" both stem to "custom"
            out.setdefault(_WORD_CONCEPTS[word], set()).add(1)
            continue
        word = IRREGULAR.get(word, word)  # ("spoken" is "speak": the verb, however it is written)
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        stemmed = stem([word])[0]
        if (
            stemmed not in synonyms
            and (m := _NEG_PREFIX.match(word))
            and ((base := stem([word[m.end() :]])[0]) in synonyms or base in opposites)
        ):
            concept, sign = opposites.get(base, (synonyms.get(base, base), 1))
            sign = -sign
        else:
            concept, sign = synonyms.get(stemmed, stemmed), 1
        out.setdefault(concept, set()).add(sign)
    return {k: frozenset(v) for k, v in out.items()}


# A yes-or-no question states nothing: an FAQ's "So nobody outside Quillmark ever touches the weights?"
# over its answer ("Not quite. …"), a rhetorical "Isn't open source safer?". (A question asking why or how
# takes what it asks about as said: "Why doesn't Quillmark publish the weights?")
_ASKED = re.compile(r"(?:^|(?<=[.?!:;\n]))(?!\s*(?:why|how)\b)[^.?!:;\n]*\?", re.I)
_CONDITIONAL = re.compile(r"\b(if|unless|when|whenever|whether)\b[^,;.]*|^\W*without\b[^,;.]*", re.I)


# A negation that describes whom the statement is about, not what it says of them: "can a courier who
# does not want a model to read their interview still take part?"
_WHO_NOT = re.compile(
    r"\bwho\s+(?:does|do|did|is|are|was|were|has|have|had|can|could|will|would)(?:\s+not\b|n't\b)", re.I
)


# Negations that deny a thing, not the statement: "without authorisation", "lacks support" ("no" stays:
# "No company releases…" denies the statement).
# ("no strings attached" denies nothing of a passage that never speaks of strings; "exclude customer data
# from training" is "not train on it")
_OF_A_THING = frozenset(
    {"no", "without", "lack", "lacks", "lacking", "absence of", "exclude", "excludes", "excluded"}
)
# "At no point were the weights made downloadable" denies as "never" does, whatever "point" is.
_AT_NO_TIME = re.compile(r"\b(?:at no (?:point|time|stage)|on no occasion|not once)\b", re.I)
# …but no evidence of a thing denies the thing: "We are aware of no credible study showing that open-weight
# release has increased misuse"
_NO_EVIDENCE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:evidence|study|studies|proof|signs?|indication|research|data)\s+"
    r"(?:showing|shows?|that|of|suggesting|to suggest|proving)\b",
    re.I,
)
_NEXT_WORDS = 3  # how far after such a negation the thing it denies may be named


# A denial said again with its verb left out: "…and never will be", "…and never has", "and not now".
_ELLIPTIC_DENIAL = re.compile(
    r"(?:never|not)\s+(?:will|would|has|have|had|was|were|did|does|do|can|could|is|are)(?:\s+(?:be|been|have))?\s*(?:[.;,)]|$)",
    re.I,
)


def negations(text: str, about: Collection[str] | None = None) -> int:
    """Negations of the main statement: those inside a condition ("if not monitored", "without
    oversight, …", "whether or not conditions are attached") set when it holds, not whether it does;
    those of a yes-or-no question ("So nobody outside Quillmark touches the weights?") state nothing.
    With `about` (the concepts of what the text is compared with), a negation of a thing counts only when
    that thing is among them: "got out without authorisation" denies nothing of a passage that never
    speaks of authorisation."""
    plain = _WHO_NOT.sub(" who ", _CONDITIONAL.sub(" ", _ASKED.sub(" ", _AT_NO_TIME.sub(" never ", text))))
    found: list[str] = []
    for m in _NEGATION.finditer(plain):
        word = m.group(0).lower()
        if about is not None and word in _OF_A_THING and not _NO_EVIDENCE.match(plain, m.end()):
            thing = concepts(" ".join(re.split(r"[,;:.]", plain[m.end() :])[0].split()[:_NEXT_WORDS]))
            if not any(c in about for c in thing):
                continue
        if found and word == "not" and re.match(r"\s+even\b", plain[m.end() :], re.I):
            continue  # "never shared … with anyone, not even its partners" is one negation, stressed
        if (
            found
            and _ELLIPTIC_DENIAL.match(plain[m.start() :])
            and re.search(r"\band\s+(?:(?:it|they|he|she|this|that|we)\s+)?$", plain[: m.start()], re.I)
        ):
            continue  # "…are not published and never will be" says the one denial again, of the future
        found.append(word)
    if "neither" in found and "nor" in found:
        found.remove("nor")  # "neither X nor Y" is one negation
    return len(found)


# "one" as a pronoun, not a figure: "every one of its models", "no one", "one another".
_PRONOUN_ONE = re.compile(
    r"\b(?:every|each|no|any|some|which|this|that)\s+one\b|\bone\s+(?:of|another)\b", re.I
)


def numbers(text: str) -> set[str]:
    """The figures a text gives, digits or words, with their unit's first letter ("7b", "40%"); a
    fraction in words as a share, its numerator no figure of its own ("two thirds" is "2/3")."""
    # ("78 per cent" is "78%")
    found = {
        m.group(1).replace(",", "") + (m.group(2) or "").lower().replace("per", "%")[:1]
        for m in _NUMBER.finditer(text)
    }
    found |= {f"{_NUMERATORS[m[1].lower()]}/{_DENOMINATORS[m[2].lower()]}" for m in _FRACTION.finditer(text)}
    plain = _PRONOUN_ONE.sub(" ", _FRACTION.sub(" ", text))
    return found | {WORD_NUMBERS[w] for w in tokens(plain) if w in WORD_NUMBERS}


def fractions(text: str) -> list[tuple[int, int, float]]:
    """Each share a text gives as a fraction in words, with its place: "about a quarter of enterprises" →
    [(start, end, 25.0)]."""
    return [
        (m.start(), m.end(), 100 * _NUMERATORS[m[1].lower()] / _DENOMINATORS[m[2].lower()])
        for m in _FRACTION.finditer(text)
    ]


def share_of(figure: str) -> float | None:
    """A share `numbers` gives, in per cent: "40%" → 40, "2/3" → 66.7; None for any other figure."""
    if m := re.fullmatch(r"(\d+)/(\d+)", figure):
        return 100 * int(m[1]) / int(m[2])
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)%", figure):
        return float(m[1])
    return None


_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
}  # fmt: skip
_FRACTION = re.compile(rf"\b({'|'.join(_NUMERATORS)})[\s-]+({'|'.join(_DENOMINATORS)})\b", re.I)


def unprefixed(concept: str) -> str:
    """The concept without its negative prefix ("inefficient" → "efficient"), or "" when it has none."""
    m = _NEG_PREFIX.match(concept)
    return concept[m.end() :] if m else ""


@cache
def _head_words() -> dict[str, str]:
    """A word's stem → the first word of its synonym group ("weaknesses" → "challenge")."""
    heads: dict[str, str] = {}
    for group in SYNONYMS:
        words = group.split()
        for w in stem(words):
            heads.setdefault(w, words[0])
    return heads


def folded(text: str) -> str:
    """The text with each word of a synonym group replaced by the group's first word ("Which weaknesses
    of …" → "Which challenge of …"): a second search in the words documents head their lists with."""
    heads = _head_words()

    def head(m: re.Match[str]) -> str:
        word = m.group(0)
        if sum(c.isupper() for c in word) > 1:
            return word  # an acronym ("LLMs") is a name: the documents write it as it is
        return heads.get(stem([american(word.lower())])[0], word)

    return re.sub(r"[A-Za-z]+", head, _one_word(text))
