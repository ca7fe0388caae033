"""Roles: a text → who did what to which thing ("A developed B", "B, developed by A", "A's B", "B (A)");
the one decision this module owns: when a claim's maker disagrees with the passage's (roles swapped, or
another agent named for the same thing).
"""

from __future__ import annotations

import re

from rag.question import names

_ROLE_VERB = (
    r"(?i:developed|develops|built|builds|created|creates|made|makes|released|releases|launched|launches|trained|"
    r"trains|introduced|introduces|designed|designs|produced|produces|owned|owns|maintained|maintains)"
)


def _bases(phrase: str) -> frozenset[str]:
    return frozenset(n.base for n in names(phrase, lenient=True) if n.base)


Roles = dict[tuple[frozenset[str], frozenset[str]], str]  # (agent, thing) → the agent as written
# A name as written: capitalised words, versions and a bracketed aside ("Mistral 7B", "LLaMA (Meta)").
_NAME = r"((?:[A-Z][\w.-]*|[a-z]+[A-Z][\w-]*)(?:\s+(?:[A-Z][\w.-]*|\d[\w.]*|\(\w+\)))*)"
_KIND = r"(?:\s+(?:models?|series|family|library|project|platform))?"  # "The LLaMA models …"


def roles(text: str) -> Roles:
    """(agent names, thing names) of "A developed B", "B (was) developed by A", "B by A", "A's B",
    "B (A)" and "B: Developed by A"."""
    out: Roles = {}
    _thing_first(text, out)
    _agent_first(text, out)
    # "Google Bard, by Google": the maker's own name in the thing's does not make the thing
    return {(a, t - a): who.rstrip(". ") for (a, t), who in out.items() if a and t - a}


def _thing_first(text: str, out: Roles) -> None:
    """Roles where the thing comes first: "B (was) developed by A", "B is an A model"."""
    name, kind = _NAME, _KIND
    for m in re.finditer(
        rf"{name}\s*(?:,|\(and[^)]*\))?\s*:?\s*(?:(?:is|was|were|are|has been|have been)\s+)?{_ROLE_VERB}\s+by\s+(?:the\s+)?{name}",
        text,
    ):
        out[(_bases(m.group(2)), _bases(m.group(1)))] = m.group(2)
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


def _agent_first(text: str, out: Roles) -> None:
    """Roles where the agent comes first ("A released B, C and D", "A's B"), then "B by A" and "B (A)"."""
    name = _NAME
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


# "Introduction of transformer models by Google": a making named as a noun, its maker after "by".
_MAKING = rf"(?:{_ROLE_VERB}|(?i:introduction|development|creation|release|launch))"


def makers(text: str) -> dict[str, str]:
    """The names a text gives as makers of something ("A developed …", "… developed by A",
    "Introduction of … by A"): each name's base → the maker as written."""
    found = [m.group(1) for m in re.finditer(rf"{_NAME}\s+(?:has\s+|have\s+|later\s+)?{_ROLE_VERB}\b", text)]
    found += [m.group(1) for m in re.finditer(rf"{_MAKING}\b[^.;:]*?\bby\s+(?:the\s+)?{_NAME}", text)]
    return {b: who.rstrip(". ") for who in found for b in _bases(who)}


def role_clash(claim: str, evidence: str) -> str:
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
