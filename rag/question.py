"""Question analysis: a question → what it asks for (`Ask`): the answer kind, its parts, its named subjects.

Rules, not a model: the kind comes from the question's own words ("who built…" wants an organisation or
person, "when…" a date, "how many…" a number), the parts from a second question word joined by "and"
("who built Falcon and who built GPT-J"), the subjects from the names it holds with their versions
("Llama 2" is not "Llama 3", "7B" is not "70B"). The one decision this stage owns: what an answer must
give, and about what, for the composer to accept a span or refuse.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "entity", "place", "date", "number", "list", "yesno", "definition", "reason", "comparison", "description"
]
KINDS: tuple[Kind, ...] = (
    "entity", "place", "date", "number", "list", "yesno", "definition", "reason", "comparison", "description"
)  # fmt: skip
Facet = Literal["open", "closed"]

_WH = r"(?:who|whom|whose|what|which|where|when|why|how)"
_ORG_NOUN = r"(?:company|companies|organi[sz]ations?|institutes?|institutions?|labs?|laborator(?:y|ies)|teams?|firms?|groups?|developers?|vendors?|makers?|creators?|compan(?:y|ies)|universit(?:y|ies)|people|person)"
_KIND_RULES: list[tuple[Kind, re.Pattern[str]]] = [
    (
        "reason",
        re.compile(r"^\s*(and\s+)?why\b|\b(what (is|are) the reasons?|for what reasons?|what makes)\b", re.I),
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b|\b(what|which) (year|date|month|decade|day)\b|\bsince when\b|\bin what year\b"
            r"|\bhow long ago\b",
            re.I,
        ),
    ),
    (
        "place",
        re.compile(r"\bwhere\b|\b(in )?(what|which) (city|country|region|place|location|nation)\b", re.I),
    ),
    (
        "number",
        re.compile(
            r"\bhow (many|much|large|big|long|expensive|costly)\b"
            r"|\b(what|which)\s+(?:(?:is|are|was|were)\s+)?(?:the\s+)?(?:[\w-]+\s+)?(number|percentage|share|size|price|"
            r"fee|figure|amount|count|score|rate|total|cost)\b",
            re.I,
        ),
    ),
    (
        # "Who is given access…?", "who can use it?": a group of people answers, not a maker's name.
        "description",
        re.compile(
            r"^\s*(and\s+)?who\s+(is|are|was|were|gets?|can|may|might|could|should)\s+(given|allowed|granted|"
            r"permitted|able|eligible|invited|expected|supposed|use|access|benefit|download|run|fine-tune)\b",
            re.I,
        ),
    ),
    (
        "entity",
        re.compile(
            rf"^\s*(and\s+)?(who|whom|whose)\b|\b(who|whom|whose)\s+(built|builds|made|makes|developed|develops|"
            rf"created|creates|released|releases|trained|trains|owns|owned|maintains|is behind|was behind)\b"
            rf"|\b(what|which) {_ORG_NOUN}\b|\bby whom\b",
            re.I,
        ),
    ),
    (
        "comparison",
        re.compile(
            r"\b(differ|differs|difference|differences|compare|compared|comparison|versus|vs\.?|contrast|"
            r"distinguish(es)?)\b|\bhow do .+ and .+ (differ|compare)\b",
            re.I,
        ),
    ),
    # "What are LLMs?", "What does RAG stand for?": a term to define, though its name is a kind of model.
    ("definition", re.compile(r"^\s*what (is|are) (an? )?[\w-]+\s*\?*\s*$|\b(stands?|short) for\b", re.I)),
    (
        "list",
        re.compile(
            r"^\s*(please\s+)?(name|list|give|mention|enumerate|identify|cite)\b"
            r"|\b(what|which) (are )?(some|the)?\s*(\w+[- ])?(examples?|models?|llms?|projects?|systems?|"
            r"initiatives?|options?|alternatives?|ones)\b|\bexamples? of\b",
            re.I,
        ),
    ),
    (
        "list",
        re.compile(
            r"^\s*(which|what)\s+(\w+\s+){0,2}?(benefits|advantages|disadvantages|drawbacks|downsides|"
            r"weaknesses|strengths|issues|risks|challenges|features|characteristics|components|parts|kinds|types|"
            r"capabilities|uses|applications|tasks|factors|concerns|problems|principles|areas|groups|"
            r"sectors|industries|steps|ways|trends|benefits|jobs)\b"
            # "Which notable runtimes does the guide list?": the things a document lists.
            r"|^\s*(which|what)\s+(\w+\s+){0,3}?\w+s\s+(do|does|did)\b.*\b(list|mention|name|cite|highlight|give|include)s?\s*\?*\s*$",
            re.I,
        ),
    ),
    (
        "yesno",
        re.compile(
            r"^\s*(and\s+)?(is|are|was|were|does|do|did|can|could|has|have|had|will|would|should|may|must)\b",
            re.I,
        ),
    ),
    (
        "definition",
        re.compile(
            r"^\s*(and\s+)?what (is|are) (an? |the )?[\w' -]{1,40}\??\s*$|\bwhat does .{1,40} mean\b"
            r"|^\s*define\b|\bmeaning of\b|\bwhat is meant by\b|\b(stands?|short) for\b|\bhow does .{1,60} define\b"
            r"|^\s*what (sort|kind|type) of \w+ (is|are)\b",
            re.I,
        ),
    ),
]

# A model or organisation name, with a version or size when one follows: "Llama 2", "GPT-4", "GPT-3.5",
# "Mixtral 8x7B", "Mistral 7B", "LLaMA (and Llama 2/3)". Sizes and versions alone ("7B") count as names.
_NAME = re.compile(
    r"(?<![\w-])(?P<base>[A-Z][A-Za-z]*(?:[-.][A-Za-z]+)*|[A-Za-z]*[A-Z][A-Za-z]*)"
    r"(?:(?:[- ]?v?)(?P<version>\d+(?:\.\d+)?(?:x\d+)?[A-Za-z]?(?:/\d+(?:\.\d+)?)*)(?![\w-]))?"
    r"(?:[- ](?P<size>\d+(?:\.\d+)?(?:x\d+)?[BMK])(?![\w-]))?"
)
_SIZE = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?(?:x\d+)?)\s*([BMK])\b")
_PRONOUN = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|those|these|this one|that one|the former|the latter|he|she|his|her|"
    r"this model|that model|these models|those models|the model|the models|the company|the same)\b"
    r"|\bthat(?=\s*\?*\s*$)",  # "whose law is that?"; not the "that" of "models that…"
    re.I,
)
_ELLIPTICAL = re.compile(r"^\s*(and|but|also|so|or|what about|how about|then)\b", re.I)
# Words that are capitalised in questions without naming anything.
_NOT_NAMES = frozenset(
    """
    i a an the and or but if is are was were do does did can could has have had will would should may must
    what which who whom whose where when why how name list give tell describe explain compare according
    in on of for to by with from as at about into between does please yes no not llm llms ai api apis open
    closed source proprietary one two three some any all also both each other many much most more less
    """.split()  # noqa: SIM905
)
_FUNCTION = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "does",
        "do",
        "did",
        "can",
        "could",
        "has",
        "have",
        "had",
        "who",
        "what",
        "which",
        "where",
        "when",
        "why",
        "how",
        "the",
        "a",
        "an",
    ]
)
_OPEN = re.compile(r"\bopen[- ]?(source|weights?)?\b|\bopenly\b|\bcommunity[- ]driven\b", re.I)
_CLOSED = re.compile(r"\bclosed[- ]?(source)?\b|\bproprietary\b|\bcommercial\b", re.I)


@dataclass(frozen=True)
class Name:
    """A named subject: `base` lower-cased without punctuation ("llama", "gpt", "falcon"), its versions."""

    text: str
    base: str
    versions: frozenset[str]

    def key(self) -> str:
        return self.base + ("-" + "/".join(sorted(self.versions)) if self.versions else "")


@dataclass(frozen=True)
class Part:
    text: str
    kind: Kind
    facet: Facet | None  # "one closed-source and one open-source LLM": each part its own side


@dataclass(frozen=True)
class Ask:
    question: str
    kind: Kind
    parts: tuple[Part, ...]
    subjects: tuple[Name, ...]
    unit: str  # "how many parameters" → "parameters"
    facet: Facet | None = None  # the side the whole question is about, if one


def _base(token: str) -> str:
    return re.sub(r"[^a-z]", "", token.lower())


def _versions(raw: str | None, size: str | None) -> frozenset[str]:
    out: set[str] = set()
    if raw:
        out.update(v.lower() for v in raw.split("/") if v)
    if size:
        out.add(size.lower())
    return frozenset(out)


def names(text: str, lenient: bool = False) -> list[Name]:
    """Named things in `text` with their versions, in order; sentence-initial plain words are left out
    unless `lenient` (a one-sentence claim, where "Meta developed…" starts with a name)."""
    found: list[Name] = []
    text = text.replace("**", " ")
    for m in _NAME.finditer(text):
        token = m.group("base")
        base = _base(token)
        versions = _versions(m.group("version"), m.group("size"))
        if not base or base in _NOT_NAMES or (len(base) < 2 and not versions):
            continue  # "T5" is a name; "A" is not
        starts_sentence = m.start() == 0 or re.search(r"(^|[.!?:\n-]\s*)$", text[: m.start()]) is not None
        mixed = any(c.isupper() for c in token[1:])
        # "Developed by…" at a sentence start is a word, "Falcon" a name: keep only tokens that recur
        # capitalised later in the text or are all-caps/mixed-case.
        recurs = re.search(rf"(?<![.!?]\s)(?<!^)\b{re.escape(token)}\b", text[m.end() :])
        if starts_sentence and not mixed and not versions and not lenient and not recurs:
            continue
        found.append(Name(m.group(0).strip(), base, versions))
    for m in _SIZE.finditer(text):  # a size alone: "the 7B model"
        size = (m.group(1) + m.group(2)).lower()
        if not any(size in n.versions for n in found):
            found.append(Name(m.group(0), "", frozenset({size})))
    return found


def phrase(text: str, name: Name) -> str:
    """The whole name `name` is part of: "Technology Innovation Institute" for "Technology", "Hugging
    Face" for "Hugging" (names are found a capitalised word at a time)."""
    at = text.find(name.text)
    if at < 0:
        return name.text
    word = r"(?:[A-Z][\w.-]*|\d[\w.]*)"
    start, end = at, at + len(name.text)
    while m := re.search(rf"({word})\s+$", text[:start]):
        # An acronym leads a name ("AI Act"), though alone it names nothing.
        if (m.group(1).lower() in _NOT_NAMES and not m.group(1).isupper()) or m.group(1).lower() in _FUNCTION:
            break
        start = m.start()
    while m := re.match(rf"\s+({word})", text[end:]):
        if m.group(1).lower() in _NOT_NAMES or m.group(1).lower() in _FUNCTION:
            break
        end += m.end()
    return text[start:end].strip()


def facet(text: str) -> Facet | None:
    """Whether text speaks of the open or the closed side (None: neither or both)."""
    is_open, is_closed = bool(_OPEN.search(text)), bool(_CLOSED.search(text))
    if is_open == is_closed:
        return None
    return "open" if is_open else "closed"


def kind_of(text: str) -> Kind:
    main = _LEADING_CLAUSE.sub("", text, count=1)
    if re.match(rf"\s*({_WH}|is|are|was|were|does|do|did|can|could|has|have|name|list)\b", main, re.I):
        text = main
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return "description"


_PART_SPLIT = re.compile(
    rf"(?:\?\s+|[;,]\s*and\s+|;\s+|\s+and\s+|\s+also\s+)"
    rf"(?=(?:(?:on|in|at|for|to|from|by|with|of|under|about)\s+)?(?:{_WH}|say|name|list|give)\b)",
    re.I,
)
# A leading subordinate clause ("When a model is open source, which parts…", "According to the report,
# what…") does not say what is asked: the kind comes from the main clause after it.
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:put simply|simply put|in short|briefly|when|if|while|since|although|because|once|after|before|given|according to|in|for|as|from|"
    r"between|among|besides|apart from|other than|compared)\b(?!\s+(?:which|what|whom|whose)\b)[^,?]{0,120},\s*(?=\w)",
    re.I,
)
_PAIR = re.compile(
    r"\b(?:one|an?|two|three|some)\s+([\w-]+(?:\s+[\w-]+)?)\s+and\s+(?:one|an?|two|three|some)\s+([\w-]+)\s+(\w+)",
    re.I,
)


_PAIR_FULL = re.compile(
    r"^(.*?\b)(one|an?|two|three|some)\s+(.+?)\s*,?\s+and\s+(one|an?|two|three|some)\s+(.+?)\s*[.?!]*\s*$",
    re.I,
)


def parts_of(question: str) -> list[Part]:
    """The separate asks of a question: one per question word joined by "and"/";", or one per side of
    a "one X and one Y" list."""
    if (
        (m := _PAIR_FULL.match(question))
        and all(len(m.group(g).split()) >= 2 for g in (3, 5))
        and m.group(2).lower().rstrip("n") == m.group(4).lower().rstrip("n")  # parallel: "one … and one …"
        and kind_of(question) == "list"
    ):
        # "List one model from EleutherAI and one model from Mistral AI": each half a list of its own.
        sides = [f"{m.group(1)}{m.group(2)} {m.group(3)}", f"{m.group(1)}{m.group(4)} {m.group(5)}"]
        return [Part(s.strip(), "list", facet(s)) for s in sides]
    if m := _PAIR.search(question):
        head = question[: m.start()]
        noun = m.group(3)
        sides = [f"{head}{m.group(1)} {noun}", f"{head}{m.group(2)} {noun}"]
        return [Part(s.strip(), "list", facet(s)) for s in sides]
    pieces = [p.strip(" ,;?") for p in _PART_SPLIT.split(question) if p and p.strip(" ,;?")]
    if len(pieces) < 2 and kind_of(question) in ("entity", "place", "date", "number"):
        # "Which organisations are behind Falcon and behind GPT-J?": one ask about two coordinated names
        # is two asks, one about each.
        found = names(question)
        between = [
            question[question.find(a.text) + len(a.text) : question.find(b.text)]
            for a, b in itertools.pairwise(found)
        ]
        # "Falcon and GPT-J", "Falcon, and behind GPT-J" are two; "Anthropic, the company behind Claude" is one.
        if len(found) == 2 and re.fullmatch(
            r"\s*((\w+\s*){0,2},?\s*(and|or)\s+(\w+\s+){0,2}|,\s*)", between[0]
        ):
            kind = kind_of(question)
            return [
                Part(question.replace(found[1].text, ""), kind, None),
                Part(question.replace(found[0].text, ""), kind, None),
            ]
    if len(pieces) < 2:
        return [Part(question.strip(), kind_of(question), None)]
    return [Part(p, kind_of(p), None) for p in pieces]


def unit_of(question: str) -> str:
    m = re.search(r"\bhow (?:many|much)\s+([a-z-]+)", question, re.I)
    return m.group(1).lower() if m else ""


def analyse(question: str) -> Ask:
    parts = parts_of(question)
    if len(parts) > 1:
        # "Who makes Claude, and what does it emphasize?": a part without a subject of its own is
        # about the question's.
        parts = [
            p if has_own_subject(p.text) else Part(resolve(p.text, [question]), p.kind, p.facet)
            for p in parts
        ]
    kinds = {p.kind for p in parts}
    kind: Kind = parts[0].kind if len(kinds) == 1 else kind_of(question)
    subjects = tuple({n.key(): n for n in names(question)}.values())
    # "Meta's LLaMA" is about LLaMA: a passage need not repeat its owner to speak of it.
    owners = {
        a.key()
        for a in subjects
        for b in subjects
        if re.search(rf"{re.escape(a.text)}['’]s\s+{re.escape(b.text)}\b", question)
    }
    subjects = tuple(n for n in subjects if n.key() not in owners) or subjects
    if kind != "date":
        # "What does the timeline list for 2018?": the year is what the answer must be about.
        subjects += tuple(Name(y, y, frozenset()) for y in dict.fromkeys(_YEAR.findall(question)))
    return Ask(question, kind, tuple(parts), subjects, unit_of(question), facet(question))


def has_own_subject(question: str) -> bool:
    """Whether a question names what it is about (a model, an organisation, or an open/closed side with a
    noun), so that pronouns in it refer inside it rather than to the conversation."""
    if names(question) or _OWN_ANTECEDENT.match(question):
        return True
    content = re.sub(_PRONOUN, " ", question)
    # "which proprietary model…" asks for a model of that side; it does not name what the question is about.
    content = re.sub(r"^\s*(and\s+)?(which|what)\s+(\w+[- ]){0,2}(models?|llms?)\b", " ", content, flags=re.I)
    return bool(
        re.search(
            r"\b(open|closed)[- ]source (llms?|models?|ai)\b|\bproprietary (llms?|models?)\b", content, re.I
        )
    )


# "When a company releases only part of a model, what does it hold back?": the pronoun's antecedent is
# the noun the opening clause introduces, not anything said before.
_OWN_ANTECEDENT = re.compile(
    r"^\s*(when|if|once|after|before|although|though|since|while|because|whenever)\s+(a|an|the|your|one's)\s+\w+",
    re.I,
)
# "an example of one" after "what is a hybrid approach?": one of the thing just defined.
_ONE_OF = re.compile(r"\b(example|instance|kind|type|case)\s+of\s+(one|them)\b", re.I)
_DEFINED = re.compile(
    r"^\s*(?:what|who)\s+(?:is|are)\s+((?:an?|the)\s+[^?,]+?)(?:\s+(?:to|for|in|that|which)\b[^?]*)?\s*\?*\s*$",
    re.I,
)

_ABOUT = re.compile(
    rf"^\s*(?:and|but|also|so)?\s*(?:what|how)\s+about\s+(.+?)\s*\??\s*$"
    rf"|^\s*and\s+(?!(?:{_WH}|is|are|was|were|do|does|did|can|could|has|have|will|would|should)\b)(.{{1,40}}?)\s*\??\s*$",
    re.I,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PLURAL_NOUN = re.compile(
    r"\b((?:(?!(?:the|a|an|did|do|does|are|is|were|was|what|which|who|when|how|introduce|release|use)\b)[A-Za-z][\w-]*\s+)?"
    r"(?:models|LLMs|llms|transformers|systems|tools|approaches|projects|companies|licen[cs]es))\b"
)
_PLURAL = frozenset({"they", "them", "their", "theirs", "those", "these", "these models", "those models"})


def is_follow_up(question: str) -> bool:
    """A question that leans on the conversation: an elliptical "what about X?" / "and for 2018?", or a
    question with a pronoun (or an opening "and…") that names no subject of its own."""
    if _ABOUT.match(question):
        return True
    if has_own_subject(question):
        return False
    return bool(_PRONOUN.search(question) or _ELLIPTICAL.search(question) or _ONE_OF.search(question))


def _owned_last(text: str, found: list[Name]) -> list[Name]:
    """Names in the order a pronoun reaches them: an owner ("Meta's original LLaMA", "the EU's AI Act")
    after what it owns, which is what the sentence is about."""
    return sorted(found, key=lambda n: bool(re.match(r"['’]s\b", text[text.find(n.text) + len(n.text) :])))


def resolve(question: str, history: list[str], answers: list[str] | None = None) -> str:
    """The standalone question for a follow-up, from the conversation's earlier (resolved) questions and
    the leads of their answers.

    "who made it?" after "Is LLaMA open source?" → "who made LLaMA?" (the subject of the question);
    "what is it known for?" after "Which open model does the quiz use?" (answered "LLaMA 3") → "what is
    LLaMA 3 known for?" (the question named nothing, its answer did); "which proprietary model are they
    meant to replace?" after a question answered with a list → the list's names; "what about X?" / "and
    for 2018?" → the previous question with X (or 2018) in place of its subject (or year); otherwise the
    previous question joined to this one, for retrieval.
    """
    question = question.strip()
    if not history or not is_follow_up(question):
        return question
    previous = history[-1].strip()
    answer = (answers or [""])[-1] if answers else ""
    lead = answer.strip().split("\n\n", 1)[0] if answer else ""
    # "Meta's original LLaMA models": Meta owns what the question is about; LLaMA is it.
    asked = _owned_last(previous, names(previous))
    answered = [n for n in names(lead, lenient=True) if n.base not in {a.base for a in asked}] if lead else []
    answered = _owned_last(lead, answered)
    if about := _ABOUT.match(question):
        new = (about.group(1) or about.group(2)).strip()
        if (year := _YEAR.search(new)) and (old := _YEAR.search(previous)):
            return previous[: old.start()] + year.group(0) + previous[old.end() :]
        mine = names(new, lenient=True)
        if mine and asked:
            return previous.replace(phrase(previous, asked[0]), phrase(new, mine[0]), 1)
        return f"{previous} {question}"
    if (one := _ONE_OF.search(question)) and (defined := _DEFINED.match(previous)):
        return question[: one.start(2)] + defined.group(1) + question[one.end(2) :]
    m = _PRONOUN.search(question)
    if m is None:
        return f"{previous} {question}"
    word = m.group(0).lower()
    if re.search(r"\b(of|among|between)\s+$", question[: m.start()], re.I):
        return f"{previous} {question}"  # "which of those…" picks from the last answer: search both
    asks_names = kind_of(previous) in ("list", "entity")
    plural = [m.group(1) for m in _PLURAL_NOUN.finditer(previous)]
    if answered and (not asked or (asks_names and word in _PLURAL)):
        many = answered[:2] if word in _PLURAL else answered[:1]
        subject = " and ".join(dict.fromkeys(phrase(lead, n) for n in many))
    elif word in _PLURAL and plural:
        subject = plural[-1]  # "how do they process data?" after "…introduce transformer models?"
    elif asked:
        subject = phrase(previous, asked[0])
    else:
        return f"{previous} {question}"
    replacement = f"{subject}'s" if word in {"its", "their", "his", "her"} else subject
    return question[: m.start()] + replacement + question[m.end() :]
