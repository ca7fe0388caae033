"""Verify: a claim + a passage → `Judgement`: supported, contradicted or not stated, with the deciding span.

Meaning, not shared words. Words are compared as concepts (stems, with this domain's synonyms folded
together: built = developed = created), and each concept carries a sign, so that opposites cancel or
clash (open ↔ closed/proprietary, public ↔ private, lower ↔ higher, permits ↔ prohibits, free ↔ paid).
The claim is aligned with the passage span (with its list label and the sentence before it, which
pronouns point back to) that holds most of its concepts; then, clause by clause, the polarity of the
claim — negations (not, no, never, without, n't, neither/nor, fails to, lacks…) times the signs of its
aligned concepts — must equal the span's. Names, numbers, dates, sizes and versions must match ("Llama
2" is not "Llama 3"; a different developer is a contradiction), and so must who did what to whom
("X developed Y" against "Y, developed by X").
The one decision this stage owns: a claim is *supported* only when the passage states it — anything it
does not state is *not stated*, anything it states otherwise is *contradicted*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from rag import grounding, spans
from rag.grounding import Similarity
from rag.question import Name, facet, names

Verdict = Literal["supported", "contradicted", "not_stated"]
SUPPORT_COVERAGE = 0.75  # share of the claim's concepts the span must hold to support it
CONSIDER_COVERAGE = 0.5  # below this the span is not about the claim at all
HELD = 0.5  # share of what a claim's clause says that one clause of the span must hold to state it

# Synonyms: each group folds to its first word. Opposites: (word, concept, sign).
_SYNONYMS = [
    "create develop build built make made produce design construct author train",
    "release launch publish introduce unveil ship debut put",
    "company corporation firm business enterprise vendor provider supplier",
    "model llm llms",
    "access available accessible obtainable reachable",
    "use utilize utilise leverage employ apply",
    "cost price fee expense spending charge",
    "modify alter change adapt customize customise tune adjust edit tailor",
    "allow permit enable let",
    "show demonstrate display exhibit",
    "help assist aid support backing",
    "improve enhance better boost strengthen",
    "fast quick rapid swift speedy",
    "big large huge massive vast immense enormous giant",
    "require need demand necessitate",
    "risk danger threat hazard",
    "secret confidential hidden guarded",
    "user customer client",
    "research study investigation",
    "developer engineer programmer coder",
    "innovation innovate invention",
    "famous known renowned notable prominent popular recognized",
    "offer provide give gave given supply deliver",
    "weight parameter",
    "community collective",
    "download obtain",
    "control govern manage restrict",
    "profit profitability revenue income earnings",
    "advantage benefit strength upside merit",
    "task job duty",
    "challenge weakness disadvantage drawback downside limitation shortcoming",
    # General thesaurus groups: paraphrase swaps these freely in writing about software and models.
    "write compose author draft",
    "summarize summarise condense abridge",
    "inspect examine audit review scrutinize scrutinise scrutiny auditor",
    "distribute redistribute share disseminate",
    "data dataset corpus corpora material",
    "text writing prose",
    "expertise expert specialist knowledge skill know-how",
    "compute computational computing",
    "researcher scientist academic",
    "understand comprehend grasp interpret",
    "problem issue concern flaw bug defect hole vulnerability",
    "fix repair correct resolve troubleshoot patch",
    "refine polish perfect",
    "traction popularity attention",
    "rival match equal rivaling",
    "find discover locate",
    "gpu graphic",
    "memory ram",
    "bias prejudice",
    "misinformation falsehood disinformation",
    "spam junk",
    "misuse abuse exploit",
    "alternative substitute replacement",
    "world worldwide globe global",
    "sensitive confidential",
    "dominate lead",
    "sector industry field domain market",
    "fund finance pay",
    "financial monetary",
    "organisation organization institution",
]
_OPPOSITES = [
    ("open", "open", 1), ("opensource", "open", 1), ("closed", "open", -1), ("close", "open", -1),
    ("proprietary", "open", -1), ("closedsource", "open", -1),
    ("public", "public", 1), ("publicly", "public", 1), ("private", "public", -1), ("privately", "public", -1),
    ("transparent", "transparent", 1), ("transparency", "transparent", 1), ("opaque", "transparent", -1),
    ("lower", "more", -1), ("low", "more", -1), ("higher", "more", 1), ("high", "more", 1),
    ("cheaper", "more", -1), ("cheap", "more", -1), ("expensive", "more", 1), ("costly", "more", 1),
    ("inexpensive", "more", -1), ("affordable", "more", -1), ("pricey", "more", 1), ("hefty", "more", 1),
    ("more", "more", 1), ("less", "more", -1), ("fewer", "more", -1), ("greater", "more", 1),
    ("increase", "increase", 1), ("increases", "increase", 1), ("reduce", "increase", -1), ("ensure", "increase", 1),
    ("ensures", "increase", 1), ("ensuring", "increase", 1), ("limit", "increase", -1), ("limits", "increase", -1),
    ("reduces", "increase", -1), ("decrease", "increase", -1), ("decreases", "increase", -1),
    ("lowers", "increase", -1), ("raises", "increase", 1),
    ("permit", "permit", 1), ("permits", "permit", 1), ("allow", "permit", 1), ("allows", "permit", 1),
    ("prohibit", "permit", -1), ("prohibits", "permit", -1), ("forbid", "permit", -1), ("forbids", "permit", -1),
    ("prevent", "permit", -1), ("prevents", "permit", -1), ("block", "permit", -1), ("blocks", "permit", -1),
    ("free", "free", 1), ("freely", "free", 1), ("paid", "free", -1), ("subscription", "free", -1),
    ("secure", "secure", 1), ("security", "secure", 1), ("insecure", "secure", -1),
    ("vulnerable", "secure", -1), ("unsafe", "secure", -1), ("safe", "secure", 1),
    ("easy", "easy", 1), ("easier", "easy", 1), ("easily", "easy", 1), ("hard", "easy", -1),
    ("harder", "easy", -1), ("difficult", "easy", -1), ("difficulty", "easy", -1),
    ("slow", "fast", -1), ("slower", "fast", -1), ("faster", "fast", 1), ("quickly", "fast", 1),
    ("small", "big", -1), ("smaller", "big", -1), ("larger", "big", 1), ("bigger", "big", 1),
    ("strong", "strong", 1), ("stronger", "strong", 1), ("weak", "strong", -1), ("weaker", "strong", -1),
    ("centralized", "central", 1), ("centralised", "central", 1), ("decentralized", "central", -1),
    ("same", "same", 1), ("different", "same", -1), ("identical", "same", 1),
    ("limited", "limited", 1), ("restricted", "limited", 1), ("unlimited", "limited", -1),
    ("full", "limited", -1), ("fully", "limited", -1), ("partial", "limited", 1),
    ("before", "before", 1), ("after", "before", -1), ("earlier", "before", 1), ("later", "before", -1),
    ("success", "success", 1), ("succeed", "success", 1), ("fail", "success", -1), ("failure", "success", -1),
    ("include", "include", 1), ("includes", "include", 1), ("exclude", "include", -1), ("excludes", "include", -1),
    ("accept", "accept", 1), ("reject", "accept", -1), ("rejects", "accept", -1),
    ("polished", "polished", 1), ("unpolished", "polished", -1), ("rough", "polished", -1),
    ("commercial", "commercial", 1), ("noncommercial", "commercial", -1),
    ("inclusive", "inclusive", 1), ("exclusive", "inclusive", -1),
    ("simple", "simple", 1), ("complex", "simple", -1), ("complicated", "simple", -1),
    ("gain", "gain", 1), ("gaining", "gain", 1), ("gains", "gain", 1), ("grow", "gain", 1), ("growing", "gain", 1),
    ("lose", "gain", -1), ("losing", "gain", -1), ("loses", "gain", -1), ("decline", "gain", -1),
    ("declining", "gain", -1), ("shrinking", "gain", -1), ("rise", "gain", 1), ("rising", "gain", 1),
    ("foster", "increase", 1), ("fosters", "increase", 1), ("fostering", "increase", 1), ("encourage", "increase", 1),
    ("encourages", "increase", 1), ("promote", "increase", 1), ("promotes", "increase", 1), ("accelerate", "increase", 1),
    ("accelerates", "increase", 1), ("drive", "increase", 1), ("drives", "increase", 1), ("empower", "increase", 1),
    ("hinder", "increase", -1), ("hinders", "increase", -1), ("hindered", "increase", -1), ("stifle", "increase", -1),
    ("stifles", "increase", -1), ("stifled", "increase", -1), ("discourage", "increase", -1), ("undermine", "increase", -1),
    ("undermines", "increase", -1), ("slows", "increase", -1), ("impede", "increase", -1), ("impedes", "increase", -1),
    ("hamper", "increase", -1), ("hampers", "increase", -1), ("obstruct", "increase", -1),
    ("reveal", "reveal", 1), ("reveals", "reveal", 1), ("disclose", "reveal", 1), ("expose", "reveal", 1),
    ("conceal", "reveal", -1), ("conceals", "reveal", -1), ("hide", "reveal", -1), ("hides", "reveal", -1),
    ("secrecy", "transparent", -1), ("openness", "open", 1), ("isolation", "collaboration", -1),
    ("collaboration", "collaboration", 1), ("cooperation", "collaboration", 1), ("competition", "competition", 1),
    ("tighten", "strict", 1), ("tightening", "strict", 1), ("strict", "strict", 1), ("stricter", "strict", 1),
    ("loosen", "strict", -1), ("loosening", "strict", -1), ("relax", "strict", -1), ("relaxing", "strict", -1),
    ("lenient", "strict", -1),
    ("intensify", "intensify", 1), ("intensified", "intensify", 1), ("fade", "intensify", -1),
    ("faded", "intensify", -1), ("diminish", "intensify", -1), ("diminished", "intensify", -1),
    ("weakened", "strong", -1), ("enhanced", "strong", 1), ("robust", "strong", 1),
    ("accept", "accept", 1), ("welcome", "accept", 1), ("welcomes", "accept", 1), ("embrace", "accept", 1),
    ("ignore", "accept", -1), ("ignores", "accept", -1), ("invite", "accept", 1), ("invites", "accept", 1),
    ("solicit", "accept", 1), ("dismiss", "accept", -1), ("dismisses", "accept", -1), ("resist", "accept", -1),
    ("many", "many", 1), ("numerous", "many", 1), ("few", "many", -1), ("handful", "many", -1),
    ("most", "many", 1), ("majority", "many", 1), ("minority", "many", -1),
    ("always", "always", 1), ("rarely", "always", -1), ("seldom", "always", -1), ("sometimes", "always", -1),
    ("first", "first", 1), ("last", "first", -1), ("original", "first", 1), ("latest", "first", -1),
    ("best", "good", 1), ("good", "good", 1), ("better", "good", 1), ("worse", "good", -1), ("worst", "good", -1),
    ("poor", "good", -1), ("bad", "good", -1), ("accurate", "accurate", 1), ("inaccurate", "accurate", -1),
    ("reliable", "reliable", 1), ("unreliable", "reliable", -1), ("stable", "stable", 1), ("unstable", "stable", -1),
    ("centralized", "central", 1), ("community-driven", "central", -1),
    ("broad", "broad", 1), ("broader", "broad", 1), ("wide", "broad", 1), ("wider", "broad", 1),
    ("narrow", "broad", -1), ("narrower", "broad", -1),
    ("internal", "internal", 1), ("external", "internal", -1), ("inside", "internal", 1), ("outside", "internal", -1),
    ("add", "add", 1), ("adds", "add", 1), ("remove", "add", -1), ("removes", "add", -1),
    ("increasingly", "increase", 1), ("minimal", "more", -1), ("stability", "stable", 1),
    ("instability", "stable", -1), ("opacity", "transparent", -1), ("suitable", "suitable", 1),
    ("unsuitable", "suitable", -1), ("ideal", "suitable", 1), ("poorly", "good", -1), ("well", "good", 1),
    ("seamless", "good", 1), ("seamlessly", "good", 1), ("exposure", "secure", -1), ("protect", "secure", 1),
    ("protection", "secure", 1), ("safeguard", "secure", 1), ("safeguards", "secure", 1),
    ("minimize", "increase", -1), ("minimizes", "increase", -1), ("maximize", "increase", 1),
    ("welcomes", "accept", 1), ("rejects", "accept", -1), ("refuse", "accept", -1), ("refuses", "accept", -1),
    ("diversity", "diverse", 1), ("diverse", "diverse", 1), ("monopoly", "diverse", -1),
    ("decentralized", "central", -1), ("decentralised", "central", -1),
    ("cut", "increase", -1), ("cuts", "increase", -1), ("slash", "increase", -1), ("lessen", "increase", -1),
    ("choke", "increase", -1), ("choked", "increase", -1), ("smother", "increase", -1),
    ("rivalry", "competition", 1), ("tough", "easy", -1), ("tricky", "easy", -1), ("protection", "secure", 1),
    ("safer", "secure", 1), ("safety", "secure", 1), ("safest", "secure", 1), ("trustworthy", "reliable", 1),
    ("dependable", "reliable", 1),
]  # fmt: skip
_WORD_CONCEPTS = {"customer": "user", "customers": "user"}
# Negative prefixes on words whose stem is a known concept: "unavailable" = not "available".
_NEG_PREFIX = re.compile(r"^(un|in|im|non)(?=[a-z]{4,})")
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|cannot|can't|won't|isn't|aren't|wasn't|"
    r"weren't|doesn't|don't|didn't|hasn't|haven't|hadn't|shouldn't|wouldn't|couldn't|lacks?|lacking|"
    r"fails? to|failed to|unable|absence of)\b|n['’]t\b",
    re.I,
)
# A contrast phrase names the other side ("unlike closed models, …"): its words do not carry the claim.
_CONTRAST = re.compile(
    r"\b(unlike|compared (to|with)|in contrast to|as opposed to|versus|vs\.?|than|rather than|instead of)"
    r"(\s+(?!(?:is|are|was|were|has|have|had|can|will|do|does)\b)[\w-]+){1,3}",
    re.I,
)
_CLAUSES = re.compile(
    r"\s*;\s+|\.\s+|,\s+which\s+|,?\s+(?:but|whereas|yet|however|although|though|because|as a result)\s+|,\s+(?:so|since)\s+|,\s+while\s+|\s+while\s+(?=\w+\s+(?:is|are|was|were|can|may|might|do|does|have|has|lack|lacks|offer|offers|focus|focuses|provide|provides)\b)"
)
LEADING_SUBORDINATE = re.compile(r"^\W*(while|although|though|whereas|even though)\b[^,]*,\s*", re.I)


def clauses(text: str) -> list[str]:
    """Statements of a sentence that can differ in polarity: split at ";", at contrasts ("but",
    "whereas", ", while"), and after a leading "While X, …" (not at every comma: a list of predicates
    "proprietary, controlled by corporations" is one statement about one subject)."""
    out = []
    for piece in _CLAUSES.split(text):
        if not piece or not piece.strip():
            continue
        if m := LEADING_SUBORDINATE.match(piece):
            out += [piece[: m.end()].rstrip(", "), piece[m.end() :]]
        else:
            out.append(piece)
    return [c for c in out if c.strip()]


_EXTRA_STOP = frozenset(
    [
        "often",
        "typically",
        "generally",
        "usually",
        "also",
        "only",
        "just",
        "really",
        "quite",
        "very",
        "can",
        "may",
        "might",
        "which",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "based",
        "technically",
        "particular",
        "particularly",
        "called",
        "known",
        "series",
    ]
)
_NUMBER = re.compile(
    r"(?<![\w.-])(\d[\d,]*(?:\.\d+)?)\s*(%|percent|[kmb]\b|million|billion|thousand)?(?![\w-])", re.I
)
_WORDNUM = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100",
    "dozen": "12", "dozens": "12", "thousand": "1k", "thousands": "1k", "million": "1m", "millions": "1m",
    "billion": "1b", "billions": "1b", "trillion": "1t", "trillions": "1t",
}  # fmt: skip
_ROLE_VERB = (
    r"(?i:developed|develops|built|builds|created|creates|made|makes|released|releases|launched|launches|trained|"
    r"trains|introduced|introduces|designed|designs|produced|produces|owned|owns|maintained|maintains)"
)


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    start: int  # the deciding span's offsets in the passage (0, 0 when nothing decided)
    end: int
    coverage: float
    reason: str
    similarity: float = 0.0  # the embedding cosine of claim and span (0 without the model)

    @property
    def strength(self) -> float:
        """How squarely the span is about the claim: its concepts held plus its cosine."""
        return self.coverage + self.similarity


# --------------------------------------------------------------------------- concepts


@cache
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    stem = grounding._stem  # the same stemmer the rest of grounding uses
    synonyms: dict[str, str] = {}
    for group in _SYNONYMS:
        words = group.split()
        head = stem([words[0]])[0]
        for w in stem(words):
            synonyms.setdefault(w, head)
    opposites: dict[str, tuple[str, int]] = {}
    for word, concept, sign in _OPPOSITES:
        # Forms made from the listed word, not stems: the stem of "costly" is "cost", which says
        # nothing about high or low.
        opposites[word] = (concept, sign)
    for word, concept, sign in _OPPOSITES:
        for form in _inflections(word):
            opposites.setdefault(form, (concept, sign))
    return synonyms, opposites


def _inflections(word: str) -> set[str]:
    """Regular forms of a word: reduce → reduces, reduced, reducing; hinder → hinders, hindered."""
    if " " in word or "-" in word or len(word) < 4:
        return set()
    stem = word[:-1] if word.endswith("e") else word
    forms = {word + "s", stem + "ed", stem + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


def _tokens(text: str) -> list[str]:
    text = re.sub(r"\b(open|closed)[- ]source\b", r"\1 source", text, flags=re.I)
    return [
        grounding.american(w.lower().replace("’", "'"))
        for w in re.findall(r"[A-Za-z0-9]+(?:['’][a-z]+)?", text)
    ]


def concepts(text: str) -> dict[str, set[int]]:
    """See `_concepts`; a fresh copy each time, since callers may add to it."""
    return {k: set(v) for k, v in _concepts(text).items()}


@lru_cache(maxsize=4096)
def _concepts(text: str) -> dict[str, frozenset[int]]:
    """Concept → the signs it appears with in `text` (+1, or -1 for an opposite such as "closed" of
    "open"); negation words and stop words are left out (negation is counted separately)."""
    synonyms, opposites = _tables()
    out: dict[str, set[int]] = {}
    for word in _tokens(text):
        if _NEGATION.fullmatch(word) or word in _EXTRA_STOP:
            continue
        if word in opposites:
            concept, sign = opposites[word]
            out.setdefault(concept, set()).add(sign)
            continue
        if word in _WORD_CONCEPTS:  # stems that collide: "customer" and "customize" both stem to "custom"
            out.setdefault(_WORD_CONCEPTS[word], set()).add(1)
            continue
        if word in grounding.STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        stemmed = grounding._stem([word])[0]
        if (m := _NEG_PREFIX.match(word)) and (
            (base := grounding._stem([word[m.end() :]])[0]) in synonyms or base in opposites
        ):
            concept, sign = opposites.get(base, (synonyms.get(base, base), 1))
            sign = -sign
        else:
            concept, sign = synonyms.get(stemmed, stemmed), 1
        out.setdefault(concept, set()).add(sign)
    return {k: frozenset(v) for k, v in out.items()}


_CONDITIONAL = re.compile(r"\b(if|unless|when|whenever)\b[^,;.]*|^\W*without\b[^,;.]*", re.I)


def negations(text: str) -> int:
    """Negations of the main statement: those inside a condition ("if not monitored", "without
    oversight, …") set when it holds, not whether it does."""
    found = [m.group(0).lower() for m in _NEGATION.finditer(_CONDITIONAL.sub(" ", text))]
    if "neither" in found and "nor" in found:
        found.remove("nor")  # "neither X nor Y" is one negation
    return len(found)


def _numbers(text: str) -> set[str]:
    found = {m.group(1).replace(",", "") + (m.group(2) or "").lower()[:1] for m in _NUMBER.finditer(text)}
    found |= {_WORDNUM[w] for w in _tokens(text) if w in _WORDNUM}
    return found


# --------------------------------------------------------------------------- roles


def _bases(phrase: str) -> frozenset[str]:
    return frozenset(n.base for n in names(phrase, lenient=True) if n.base)


def roles(text: str) -> dict[tuple[frozenset[str], frozenset[str]], str]:
    """(agent names, thing names) of "A developed B", "B (was) developed by A", "B by A", "A's B",
    "B (A)" and "B: Developed by A"."""
    out: dict[tuple[frozenset[str], frozenset[str]], str] = {}  # (agent, thing) → the agent as written
    name = r"((?:[A-Z][\w.-]*|[a-z]+[A-Z][\w-]*)(?:\s+(?:[A-Z][\w.-]*|\d[\w.]*|\(\w+\)))*)"
    for m in re.finditer(
        rf"{name}\s*(?:,|\(and[^)]*\))?\s*:?\s*(?:(?:is|was|were|are|has been|have been)\s+)?{_ROLE_VERB}\s+by\s+(?:the\s+)?{name}",
        text,
    ):
        out[(_bases(m.group(2)), _bases(m.group(1)))] = m.group(2)
    kind = r"(?:\s+(?:models?|series|family|library|project|platform))?"
    for m in re.finditer(
        # "The LLaMA models were developed by X", "Claude is a closed-source model developed by X",
        # "BERT: A model by X"
        rf"{name}{kind}\s*(?::|(?:is|are|was|were|has been|have been))\s+(?:(?i:an?|the)\s+(?:[\w-]+\s+){{0,3}}?)?"
        rf"(?:{_ROLE_VERB}\s+)?by\s+(?:the\s+)?{name}",
        text,
    ):
        out.setdefault((_bases(m.group(2)), _bases(m.group(1))), m.group(2))
    for m in re.finditer(
        # "GPT-4 is a Google model", "The Transformers library is a Meta project"
        rf"{name}{kind}\s+(?:is|was|are|were)\s+(?i:an?|the)\s+{name}\s+(?:models?|project|product|creation|system|library)\b",
        text,
    ):
        out.setdefault((_bases(m.group(2)), _bases(m.group(1))), m.group(2))
    for m in re.finditer(
        # "Mistral AI has released several models, such as Mistral 7B and Mixtral 8x7B"; "OpenAI's series of
        # models, including GPT-4": each name of the enumeration is the agent's.
        rf"{name}(?:\s+(?:has\s+|have\s+|later\s+)?{_ROLE_VERB}|['’]s)\s+(?:[\w-]+\s+){{0,5}}?"
        rf"(?i:models?|series|family|projects?|tools?|releases?|versions?)\b[^.;:]*?\b(?i:such as|including|includes?|like)\s+"
        rf"([^.;:]+)",
        text,
    ):
        for thing in re.finditer(name, m.group(2)):
            out.setdefault((_bases(m.group(1)), _bases(thing.group(1))), m.group(1))
    for m in re.finditer(
        rf"{name}\s+(?:has\s+|have\s+|later\s+)?{_ROLE_VERB}\s+(?:the\s+)?{name}((?:\s*,\s*(?:and\s+)?|\s+and\s+){name})*",
        text,
    ):
        out[(_bases(m.group(1)), _bases(m.group(2)))] = m.group(1)
        # "Meta released Mistral 7B and Mixtral 8x7B": every name of the enumeration.
        for thing in re.finditer(name, m.group(0)[m.end(2) - m.start(0) :]):
            out.setdefault((_bases(m.group(1)), _bases(thing.group(1))), m.group(1))
    for m in re.finditer(rf"{name}\s+by\s+{name}", text):
        out[(_bases(m.group(2)), _bases(m.group(1)))] = m.group(2)
    for m in re.finditer(rf"{name}['’]s\s+{name}", text):
        out[(_bases(m.group(1)), _bases(m.group(2)))] = m.group(1)
    for m in re.finditer(rf"{name}\s+\(([A-Z][\w ]+)\)", text):
        if not re.fullmatch(r"[A-Z]{2,6}", m.group(2)):  # "(TII)" is an acronym, not an owner
            out[(_bases(m.group(2)), _bases(m.group(1)))] = m.group(2)
    # "Google Bard, by Google": the maker's own name in the thing's does not make the thing
    return {(a, t - a): who.rstrip(". ") for (a, t), who in out.items() if a and t - a}


def _role_clash(claim: str, evidence: str) -> str:
    """Why the claim's who-did-what disagrees with the evidence's, or "": the roles swapped, or another
    agent named for the same thing (and the claim's agent not named for it)."""
    theirs = roles(evidence)
    mine = roles(claim)
    for agent, thing in mine:
        if any(agent & e_thing and thing & e_agent for e_agent, e_thing in theirs):
            return "the claim swaps who did what"
        agents = {e_agent: who for (e_agent, e_thing), who in theirs.items() if thing & e_thing}
        if agents and not any(agent & a for a in agents):
            return f"the passage names {' and '.join(agents.values())}, not {mine[(agent, thing)]}"
    return ""


# --------------------------------------------------------------------------- judging


def _coverage(claim: dict[str, set[int]], window: dict[str, set[int]]) -> float:
    """Share of the claim's concepts the window holds ("inefficient" holds "efficient", negated)."""
    if not claim:
        return 0.0
    return sum(1 for c in claim if c in window or _unprefixed(c) in window) / len(claim)


def _said(mine: dict[str, set[int]]) -> dict[str, set[int]]:
    """What a clause says, not what it is about: its concepts without the generic ones ("models") and
    the side ("closed-source"), unless those are all it has."""
    return {c: v for c, v in mine.items() if c not in GENERIC and c not in SIDES} or mine


def _sides_agree(claim: dict[str, set[int]], window: dict[str, set[int]]) -> bool:
    """Whether the window speaks of the claim's side (open or closed) when both name one."""
    return all(not (signs := window.get(side)) or claim[side] & signs for side in SIDES if side in claim)


def _clauses_held(claim: str, window: str, label: str = "") -> bool:
    """Whether every statement of the claim is made by one clause of the window, of the same side:
    "closed models are community-driven, while open ones are improved by private teams" is not
    stated by a window that says it of the other sides."""
    theirs = [concepts(_CONTRAST.sub(" ", ev)) for ev in clauses(window)]
    side_of_window = concepts(label) if label else {}
    for clause in clauses(claim):
        mine = concepts(_CONTRAST.sub(" ", clause))
        said = _said(mine)
        if not said:
            continue
        if not any(
            sum(c in ev or _unprefixed(c) in ev for c in said) >= HELD * len(said)
            and _sides_agree(
                mine, {side: ev.get(side) or side_of_window.get(side) or set() for side in SIDES}
            )
            for ev in theirs
        ):
            return False
    return True


def _unprefixed(concept: str) -> str:
    m = _NEG_PREFIX.match(concept)
    return concept[m.end() :] if m else ""


def _polarity_clash(claim: str, evidence: str, label: str = "") -> str:
    """Why the claim's polarity differs from the evidence's, or "".

    Clause by clause: an evidence clause that shares what a claim clause says (not only the names it is
    about) must agree with it on negation ("cannot download" vs "can download") and on the sign of every
    shared concept ("less transparency" vs "greater transparency"); two flips cancel ("closed models cost
    more" says what "open models cost less" says).
    """
    ev_clauses = clauses(evidence) + ([label] if label else [])
    said_as_is = {grounding.normalise(c) for c in ev_clauses}
    for clause in clauses(claim):
        if grounding.normalise(clause) in said_as_is:
            continue  # the evidence makes this very statement: no other clause of it denies it
        mine = concepts(_CONTRAST.sub(" ", clause))
        named = {n.base for n in names(clause, lenient=True)} | {v for n in names(clause) for v in n.versions}
        said = [c for c in mine if c not in named]
        if not said:
            continue
        for ev in ev_clauses:
            theirs = concepts(_CONTRAST.sub(" ", ev))
            side_flips, flips, why, shared = 0, 0, "", 0
            for concept in said:
                flipped = False
                if concept in theirs:
                    shared += 1
                    a, b = mine[concept], theirs[concept]
                    flipped = a != b and len(b) == 1 and -next(iter(b)) in a
                elif _unprefixed(concept) in theirs or any(_unprefixed(t) == concept for t in theirs):
                    shared, flipped = shared + 1, True  # "inefficient" against "efficient"
                if flipped and concept in SIDES:
                    side_flips, why = side_flips + 1, concept
                elif flipped:
                    flips, why = 1, concept  # two opposite predicates are two denials, not one that cancels
            if not shared or (shared < 2 and shared < len(said) and shared < 0.6 * len(theirs)):
                continue  # this clause is about something else
            if side_flips and shared - 1 - sum(c in GENERIC for c in said if c in theirs) < 2:
                # "…, while closed-source models are more controlled in bias management": the other side
                # is the subject of a different statement, not a denial of this one.
                side_flips = 0
            if negations(_CONTRAST.sub(" ", clause)) % 2 != negations(_CONTRAST.sub(" ", ev)) % 2:
                flips, why = flips + 1, why or "not"
            # The side (open/closed) flipped with the predicate says the same thing ("closed models cost
            # more" = "open models cost less"); either flipped alone denies it.
            if (flips + side_flips) % 2:
                return f"the passage says the opposite ({why!r}): “{ev.strip()}”"
    return ""


def _salient_clash(
    claim: str, window: str, vocabulary: frozenset[str] = frozenset(), own: str = ""
) -> tuple[str, bool]:
    """(why, substituted): a name, number or version of the claim the window lacks, and whether the
    window gives another in its place (a different version, a different figure)."""
    have = names(window, lenient=True)
    words = {re.sub(r"[^a-z0-9]", "", t.lower()) for t in window.split()}
    words |= set(grounding._stem(_tokens(window))) | {n.base for n in have}
    asserted = names(claim)
    first = names(claim, lenient=True)[:1]
    if first and first[0] not in asserted and first[0].base not in vocabulary:
        asserted.insert(0, first[0])  # "Meta released…": a first word the documents never write in lower case
    missing = ""
    for n in asserted:
        if n.base in _SIDE_NAMES and facet(window):
            continue  # "Closed-source models …" against a span about a side: polarity decides which
        why, substituted = _name_clash(n, have, words, own)
        if substituted:
            return why, True  # "Llama 3, not Llama 2" decides, whatever else the window lacks
        missing = missing or why
    if missing:
        return missing, False
    wanted, there = _numbers(claim), _numbers(window)
    if wanted - there:
        return f"the passage does not give {', '.join(sorted(wanted - there))}", bool(there - wanted)
    return "", False


_SIDE_NAMES = frozenset({"open", "opensource", "closed", "closedsource", "proprietary", "public", "private"})


def _name_clash(n: Name, have: list[Name], words: set[str], own: str) -> tuple[str, bool]:
    """(why, substituted) for one name of the claim against the window's names and words."""
    if not n.base:
        if not any(n.versions & h.versions for h in have):
            return f"the passage does not give {n.text}", any(h.versions for h in have if not h.base)
        return "", False
    if n.base not in words and grounding._stem([n.base])[0] not in words:
        return f"the passage does not mention {n.text}", False
    # The statement itself, not the label it sits under, when it names the family: "LLaMA (and Llama
    # 2/3): … the original LLaMA models were leaked" says that of the original LLaMA.
    body = own.split(": ", 1)[1] if own and spans.label_of(own) else own
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


_ABSOLUTE = re.compile(
    r"\b(fully|completely|entirely|totally|always|every|all|only|solely|exclusively|never|none|wholly|purely|"
    r"guarantees?|certainly|must)\b"
)
GENERIC = frozenset({"model", "sourc", "llm", "ai", "languag", "larg"})  # words that place, not say
SIDES = frozenset({"open", "public"})
LEANS_BACK = re.compile(r"^\W*(it|its|they|their|them|this|these|those|such|he|she|his|her)\b", re.I)


@lru_cache(maxsize=1024)
def _windows(passage: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """(start, end, text to judge, the span's own text, its label) for each span: its list label comes
    along, and
    the sentence before
    it when it opens with a pronoun that points back there ("It is not freely available…")."""
    units = [s for s in spans.split(passage) if s.kind != "heading"]
    out = []
    for i, s in enumerate(units):
        context = f"{s.context}: " if s.context else ""
        text = f"{context}{s.text}"
        if (i and LEANS_BACK.search(s.text)) or re.search(r",\s+(it|they)\s", s.text):
            text = f"{units[i - 1].text} {text}" if i else text
        if s.kind == "row":
            # A table cell says one thing of its column's side: "Open-source LLMs, Customization: High".
            out.append((s.start, s.end, text, f"{s.context}: {s.text}", ""))
        else:
            out.append((s.start, s.end, text, s.text, s.context.split(" > ")[-1]))
    return tuple(out)


ALIGN_SIMILARITY = (
    0.72  # cosine at which a span says the same thing in other words (with some shared concepts)
)
ALIGN_COVERAGE = 0.4
SAME_MEANING = 0.8  # cosine at which the span's words need not match clause by clause (its side must)


def judge(
    claim: str, passage: str, similarity: Similarity | None = None, vocabulary: frozenset[str] = frozenset()
) -> Judgement:
    """Whether `passage` supports, contradicts or does not state `claim` (one sentence).

    With `similarity` (the embedding model), a span that says the same thing in other words counts as
    stating it; without, only one that holds most of the claim's concepts does.
    """
    claim = grounding.MARKER.sub("", claim).strip()
    mine = concepts(claim)
    windows = _windows(passage)
    if not mine or not windows:
        return Judgement("not_stated", 0, 0, 0.0, "nothing checkable")
    sims = similarity(claim, [w[2] for w in windows]) if similarity else [0.0] * len(windows)
    scored = sorted(
        ((_coverage(mine, concepts(w[2])), sim, w) for sim, w in zip(sims, windows, strict=True)),
        key=lambda x: -(x[0] + x[1]),
    )
    found: list[Judgement] = []
    for cov, sim, (start, end, text, _own, _label) in scored:
        # Who did what is decided by any span that names the thing with its maker, however loosely
        # the rest of it matches ("Claude (Anthropic): …" against "Claude was built by OpenAI").
        if role := _role_clash(claim, text):
            found.append(Judgement("contradicted", start, end, cov, role, sim))
    for cov, sim, (start, end, text, own, label) in scored[:4]:
        if any(j.start == start for j in found):
            continue
        if own.rstrip().endswith((":", "?")):
            continue  # a label or a question states nothing
        about = cov >= SUPPORT_COVERAGE or (sim >= ALIGN_SIMILARITY and cov >= ALIGN_COVERAGE)
        near = about or cov >= CONSIDER_COVERAGE or sim >= ALIGN_SIMILARITY - 0.07
        if not near:
            continue
        why, substituted = _salient_clash(claim, text, vocabulary, own)
        if why:
            if substituted and about:
                found.append(Judgement("contradicted", start, end, cov, why, sim))
            continue
        flip = _polarity_clash(claim, own, label)  # what the span and its label say, not its neighbour
        if flip:
            found.append(Judgement("contradicted", start, end, cov, flip, sim))
        elif (
            about
            and (extra := _ABSOLUTE.findall(claim.lower()))
            and not set(extra) & set(_ABSOLUTE.findall(text.lower()))
        ):
            continue  # "fully open", "only through the API": a claim stronger than its passage is not stated
        elif about and (
            _clauses_held(claim, text, label) if sim < SAME_MEANING else _sides_agree(mine, concepts(text))
        ):
            found.append(
                Judgement(
                    "supported",
                    start,
                    end,
                    cov,
                    f"the passage states it ({cov:.0%} of its concepts, cosine {sim:.2f})",
                    sim,
                )
            )
    if found:
        return decide(found)
    cov, _, (start, end, *_) = scored[0]
    return Judgement("not_stated", start, end, cov, "no sentence of the passage states it")


OUTWEIGH = 0.25  # how much more squarely a support must be about the claim to outrank a contradiction


def decide(found: Sequence[Judgement]) -> Judgement:
    """The deciding judgement: a contradiction outranks support (a claim one span denies is not safe to
    state) unless the support is far more squarely about the claim — a near-verbatim statement is not
    undone by a loosely related sentence with a "not" in it."""
    against = max((j for j in found if j.verdict == "contradicted"), key=lambda j: j.strength, default=None)
    support = max((j for j in found if j.verdict == "supported"), key=lambda j: j.strength, default=None)
    if against is None or (support is not None and support.strength > against.strength + OUTWEIGH):
        assert support is not None
        return support
    return against


def judge_all(
    claim: str,
    passages: Sequence[str],
    similarity: Similarity | None = None,
    vocabulary: frozenset[str] = frozenset(),
) -> tuple[Judgement, int]:
    """The deciding judgement over several passages and its passage index: a contradiction outranks
    support (a claim one passage denies is not safe to state), then the best covered support."""
    # One embedding call for every window of every passage (the encoder is the cost here), then the
    # verifier on each passage with its share of the cosines.
    cosines: dict[str, float] = {}
    if similarity is not None:
        texts = list(dict.fromkeys(w[2] for p in passages for w in _windows(p)))
        cosines = dict(zip(texts, similarity(claim, texts), strict=True)) if texts else {}

    def known(_claim: str, texts: list[str]) -> list[float]:
        return [cosines.get(t, 0.0) for t in texts]

    lookup = known if similarity is not None else None
    results = [(judge(claim, p, lookup, vocabulary), i) for i, p in enumerate(passages)]
    if decided := [j for j, _ in results if j.verdict != "not_stated"]:
        best = decide(decided)
        return best, next(i for j, i in results if j is best)
    return (
        max(results, key=lambda x: (x[0].coverage, -x[1]))
        if results
        else (Judgement("not_stated", 0, 0, 0.0, "no passage"), -1)
    )
