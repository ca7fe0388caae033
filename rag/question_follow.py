"""Follow-ups: a question and the conversation before it → the standalone question it stands for.

"who made it?" after "Is LLaMA open source?" is "who made LLaMA?"; "what about X?" is the previous
question about X. The one decision this module owns: whether a question leans on the conversation,
and what its pronoun (or ellipsis) stands for.
"""

from __future__ import annotations

import re

from rag.question_kinds import WH, kind_of
from rag.question_names import Name, names, phrase

_PRONOUN = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|those|these|this one|that one|the former|the latter|he|she|his|her|"
    r"this model|that model|these models|those models|the model|the models|the company|the same)\b"
    r"|\bthat(?=\s*\?*\s*$)",  # "whose law is that?"; not the "that" of "models that…"
    re.I,
)
_ELLIPTICAL = re.compile(r"^\s*(and|but|also|so|or|what about|how about|then)\b", re.I)


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
    rf"|^\s*and\s+(?!(?:{WH}|is|are|was|were|do|does|did|can|could|has|have|will|would|should)\b)(.{{1,40}}?)\s*\??\s*$",
    re.I,
)
# A year: "and for 2018?" swaps the year of the previous question.
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
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
        return _what_about(question, previous, (about.group(1) or about.group(2)).strip(), asked)
    if (one := _ONE_OF.search(question)) and (defined := _DEFINED.match(previous)):
        return question[: one.start(2)] + defined.group(1) + question[one.end(2) :]
    m = _PRONOUN.search(question)
    if m is None:
        return f"{previous} {question}"
    word = m.group(0).lower()
    if re.search(r"\b(of|among|between)\s+$", question[: m.start()], re.I):
        return f"{previous} {question}"  # "which of those…" picks from the last answer: search both
    subject = _antecedent(word, previous, lead, asked, answered)
    if subject is None:
        return f"{previous} {question}"
    replacement = f"{subject}'s" if word in {"its", "their", "his", "her"} else subject
    return question[: m.start()] + replacement + question[m.end() :]


def _what_about(question: str, previous: str, new: str, asked: list[Name]) -> str:
    """ "what about X?" / "and for 2018?": the previous question with X (or 2018) in place of its subject
    (or year); else both questions joined, for retrieval."""
    if (year := YEAR.search(new)) and (old := YEAR.search(previous)):
        return previous[: old.start()] + year.group(0) + previous[old.end() :]
    mine = names(new, lenient=True)
    if mine and asked:
        return previous.replace(phrase(previous, asked[0]), phrase(new, mine[0]), 1)
    return f"{previous} {question}"


def _antecedent(word: str, previous: str, lead: str, asked: list[Name], answered: list[Name]) -> str | None:
    """What the pronoun `word` stands for: the names the last answer gave (when the question named none,
    or asked for names and the pronoun is plural), the plural noun of the previous question, or its
    subject; None when there is nothing to point at."""
    asks_names = kind_of(previous) in ("list", "entity")
    plural = [m.group(1) for m in _PLURAL_NOUN.finditer(previous)]
    if answered and (not asked or (asks_names and word in _PLURAL)):
        many = answered[:2] if word in _PLURAL else answered[:1]
        return " and ".join(dict.fromkeys(phrase(lead, n) for n in many))
    if word in _PLURAL and plural:
        return plural[-1]  # "how do they process data?" after "…introduce transformer models?"
    if asked:
        name = phrase(previous, asked[0])
        # "it" after a name that qualifies a thing is the thing: "…the Calloway & Finch adoption survey, and
        # when was it carried out?" asks when the survey was, not Calloway.
        if word == "it" and (thing := _QUALIFIED.match(previous, previous.find(name) + len(name))):
            return f"{name}{thing.group(0)}"
        return name
    return None


# The thing a name qualifies, after it (and its partner's name): " & Finch adoption survey"
_QUALIFIED = re.compile(
    r"(?:\s*&\s*[A-Z][\w-]*)?(?:\s+[a-z][a-z-]*){0,2}?\s+(?:survey|report|study|poll|review|audit|pilot|trial"
    r"|consultation|contract|agreement|bill|programme|program|project|meeting|hearing|conference|summit|letter"
    r"|notice|investigation|evaluation|benchmark|leaderboard)\b"
)
