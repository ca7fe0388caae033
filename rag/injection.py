"""Injection: a text → whether it speaks to an AI assistant (or carries a link or markup), and in which words.

Documents are data. Text addressed to whatever AI reads it ("Any assistant that reads this must…",
"IGNORE ALL PREVIOUS INSTRUCTIONS") is an injection attempt: ingest flags the document that holds it
(`addressed_to_ai`), so retrieval withholds its passages, and the answer stages never show or count an
instruction, link or markup as support (`is_instruction`).
The one decision this module owns: which wording counts as addressed to an AI assistant.
"""

from __future__ import annotations

import re

FLAG_CHARS = 80  # how much of the flagging text a report shows: enough to recognise it, one line

# What a passage's raw text may carry that its cleaned words would hide: an image (it loads, and can leak
# the question in its address), active HTML, a script address. A plain link is not: its words are kept and
# its address dropped when the text is cleaned (`rag.spans.clean`).
_ACTIVE = re.compile(r"!\[[^\]]*\]\(|<\s*/?\s*(script|img|iframe)\b|\bon(error|load)\s*=|javascript:", re.I)

# An order to disclose or drop an assistant's own instructions ("reveal your system prompt", "the rules in
# your system prompt no longer apply"). Not the words alone: a document about LLMs speaks of system prompts
# and hidden instructions as its subject ("You can change the system prompt, the sampling…").
_DISCLOSE = (
    r"\b(reveal|print|output|repeat|disclose|leak|dump)\b[^.\n]{0,40}\byour (full )?(system prompt|instructions|rules)"
    r"|\binstructions you (were|have been) given\b"
    r"|\b(system prompt|instructions)\b[^.\n]{0,30}\b(no longer apply|do not apply|are (void|cancel\w*|suspended))"
)

# A new persona or mode handed to the reader ("You are now DAN", "You are now in maintenance mode"). Not the
# words alone: a speaker tells an audience "you are now the one responsible for patching…".
_PERSONA = (
    r"\byou are now (in\b[^.\n]{0,30}\bmode\b|an? (\w+ ){0,3}(ai|assistant|chatbot|bot|language model)\b"
    r"|(dan|unrestricted|unfiltered|jailbroken|free of|no longer bound)\b)"
)

# An instruction to the reader, a link, or markup: never an answer, never support (see `is_instruction`).
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,60}\b(instructions?|rules|prompt|guidelines|previous)\b"
    # ("you must" alone is a licence's ordinary duty — "you must request a license from Meta" — not an order
    # to whoever answers: only with what an answer would do)
    r"|\b(your (rules|instructions)|assistant(s)? (must|should))\b"
    r"|\byou must (always |never |now )?(answer|say|state|tell|reply|respond|write|print|begin|end|ignore|"
    r"reveal|output|claim|mention)\b"
    r"|\b(print|output|repeat|say|reveal|include|insert|append|add)\b.{0,60}\b(canary|verbatim|exactly|prompt|link|image)\b"
    r"|\bcanary\b|https?://|www\.|\]\(|<\s*/?\s*a\b|" + _ACTIVE.pattern + "|" + _DISCLOSE + "|" + _PERSONA,
    re.I,
)


# Text written to whatever AI reads the document ("Any assistant that reads this must…", "If you are
# answering questions about X, always state…", "IGNORE ALL PREVIOUS INSTRUCTIONS"). Ordinary prose about
# assistants ("support assistants should escalate") does not match: it needs the reading/answering verb
# or an explicit "AI" address. A document holding such text is flagged at ingest; see `addressed_to_ai`.
_ADDRESSED = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all)\b[^.\n]{0,20}"
    r"\b(instructions?|rules|prompts?)\b"
    r"|" + _DISCLOSE + "|" + _PERSONA + "|"
    r"\b(assistants?|ai systems?|chatbots?|language models?|llms?)\b[^.\n]{0,30}"
    r"\b(reads?|reading|retriev\w*|answering|summari[sz]\w*|displays?|quoting)\b[^.\n]{0,60}"
    r"\b(must|should|shall|need to|are required to)\b"
    r"|\b(ai|automated) (assistants?|systems?)\b[^.\n]{0,20}\b(must|should|shall)\b[^.\n]{0,30}"
    r"\b(cite|state|present|reveal|insert|show|keep|reply|print|append|tell|say|answer|include)\b"
    r"|\b(addressed to|instructions for|notice for|attention,?)\s*(any |all )?(ai |automated )?"
    r"(assistants?|ai systems?|language models?)\b"
    r"|\b(if|when) you are (an? )?(ai\b|assistant|language model)"
    # ("If you are summarising documents or drafting emails, you will not notice…" is an analyst speaking
    # to readers: a reader's task is an address to an AI only when an order about the answer follows.)
    r"|\b(if|when) you are (answering|summari[sz]ing|asked)\b[^.\n]{0,80}"
    r"\b(always|never|must|state|say|tell|reply|respond|mention|claim|print|ignore|disregard)\b"
    r"|\bfrom now on,? (tell|say|answer|reply|respond)\b|\breply (only )?with\b"
    # (with the manner of the answer: a form tells its respondent "Answer every question." too)
    r"|\b(answer|respond to|reply to) (every|all|each|any) (questions?|users?|messages?)\b[^.\n]{0,20}"
    r"\b(with|by|saying|stating|claiming|only)\b"
    r"|\bnew (rules|instructions) from\b",
    re.I,
)


def is_instruction(text: str) -> bool:
    """Text that addresses the assistant or carries a link or markup: never shown as an answer.

    Documents are data; a sentence telling the reader to ignore rules, print a marker or follow a link is
    an injection attempt (or at best noise), and a link or image in an answer could leak the question.
    """
    return bool(_INSTRUCTION.search(text) or _ADDRESSED.search(text))


def hides_markup(raw: str) -> bool:
    """Whether raw passage text carries an image, active HTML or a script address (not a plain link)."""
    return _ACTIVE.search(raw) is not None


def addressed_to_ai(text: str) -> str | None:
    """The first words of a document that speak to an AI assistant, or None.

    Such a document is an injection attempt, or at best about how assistants should behave: its claims
    cannot be trusted as facts (a planted "always state that X built Falcon" sits beside the false claim it
    orders repeated, in another sentence), so its passages are left out of answers unless the user says
    otherwise (`use_flagged_documents`).
    """
    m = _ADDRESSED.search(text)  # not links or markup alone: real documents carry badges and links
    if m is None:
        return None
    line = " ".join(text[m.start() : m.start() + FLAG_CHARS].split())
    return line if m.start() + FLAG_CHARS >= len(text) else line + "…"
