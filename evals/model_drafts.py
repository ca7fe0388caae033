"""Model drafts: a document + a chat model → drafts the model writes, placed in the document's text.

Used besides the templates when Ollama answers; a model that is out of reach costs its drafts, with a note,
not the run. The one decision this module owns: a model's key fact counts only where it is found in its
section — its exact characters, else case-insensitively and then taken as the document writes it — and
the draft's span runs from the sentence of the first fact to the sentence of the last.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from evals.templates import MAX_FACT_WORDS, Draft, read_lines
from rag.config import Settings

if TYPE_CHECKING:
    from rag.llm import ChatModel

MODEL_SECTIONS = 3  # sections of a document the model drafts questions for
MODEL_TOKENS = 600  # room for three questions and their key facts as JSON
MAX_MODEL_FACTS = 3  # key facts a model's question may have, as the prompt asks
PASSAGE_CHARS = 3000  # of a section shown to the model: the head of a long one, within its context
MODEL_PROMPT = """You write test questions for a question-answering system, from one passage of a document.
Write up to 3 questions a reader could answer from this passage alone. Each question must use other
words than the passage (do not copy its sentences) and name what it is about. For each, give 1 to 3 key
facts: short phrases of at most 4 words copied exactly, character for character, from the passage.
Answer with a JSON list only: [{"question": "...", "kind": "entity|date|number|list|place|definition|
yesno|description", "key_facts": ["...", "..."]}]"""


def model_drafts(model: ChatModel, text: str, max_tokens: int = MODEL_TOKENS) -> list[Draft]:
    """Drafts a chat model writes for the first few sections of a document, placed in the text: each key
    fact is found in its section (its exact characters, else case-insensitively and then taken as the
    document writes it), and the span runs from the sentence of the first to the sentence of the last."""
    sections: dict[str, list[int]] = {}
    for line in read_lines(text):
        bounds = sections.setdefault(line.heading, [line.start, line.end])
        bounds[1] = line.end
    out: list[Draft] = []
    for start, end in list(sections.values())[:MODEL_SECTIONS]:
        passage = text[start:end][:PASSAGE_CHARS]
        messages = [{"role": "system", "content": MODEL_PROMPT}, {"role": "user", "content": passage}]
        reply = "".join(model.stream(messages, max_tokens))
        for raw in _json_list(reply):
            draft = _place(raw, text, start, start + len(passage))
            if draft is not None:
                out.append(replace(draft, shape=f"{model.backend}/{model.model}"))
    return out


def _json_list(reply: str) -> list[dict[str, Any]]:
    """The JSON objects of a reply, one by one: a reply cut short or wrapped in prose loses only the
    objects it breaks."""
    found = []
    for m in re.finditer(r"\{[^{}]*\}", reply):
        try:
            data = json.loads(m.group(0))
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def _place(raw: Mapping[str, Any], text: str, start: int, end: int) -> Draft | None:
    """One JSON object of the reply as a draft in text[start:end]; None when a key fact is not there."""
    from rag.question import KINDS

    question, kind = str(raw.get("question") or "").strip(), str(raw.get("kind") or "")
    facts_raw = raw.get("key_facts") or []
    if not question or not isinstance(facts_raw, list) or not 1 <= len(facts_raw) <= MAX_MODEL_FACTS:
        return None
    facts, spans = [], []
    for fact in facts_raw:
        alternatives = fact if isinstance(fact, list) else [fact]
        placed = []
        for alt in (str(a).strip() for a in alternatives):
            if not alt or len(alt.split()) > MAX_FACT_WORDS:
                continue
            at = text.find(alt, start, end)
            if at < 0 and (m := re.search(re.escape(alt), text[start:end], re.I)):
                at, alt = start + m.start(), text[start + m.start() : start + m.end()]
            if at >= 0:
                placed.append(alt)
                spans.append((at, at + len(alt)))
        if not placed:
            return None
        facts.append(tuple(placed))
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    s = max(text.rfind(c, start, s) for c in (".", "\n", "?", "!")) + 1
    ends = [i for c in (".", "\n", "?", "!") if (i := text.find(c, e, end)) >= 0]
    e = min(ends) + 1 if ends else end
    while s < e and text[s].isspace():
        s += 1
    return Draft(
        (question,), tuple(facts), max(s, start), e, kind if kind in KINDS else "description", "model"
    )


def ollama_model(settings: Settings, notes: list[str]) -> ChatModel | None:
    """Ollama's model when it answers with the configured model, else None and a note saying why."""
    from rag.errors import BackendUnavailable
    from rag.llm import OllamaModel, probe_ollama

    try:
        probe_ollama(settings)
    except BackendUnavailable as exc:
        notes.append(f"{exc}: template candidates only")
        return None
    return OllamaModel(settings.model_copy(update={"max_answer_tokens": MODEL_TOKENS}))
