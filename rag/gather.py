"""Gather: a question's analysis + the retriever → the candidate passages the composer reads, best first.

One search for the whole question, then one for each of its parts (a two-part question needs evidence for
each), for the names it asks about and the term it asks to define, for a table when it names one, and
from the document it names. The one decision this module owns: which passages the answer may draw on.
"""

from __future__ import annotations

import re

from rag import spans
from rag.compose import TABLE_ASKED, defined_term, judged, named_documents, side_asked
from rag.compose_kinds import role_initials
from rag.concepts import folded
from rag.disagree import aspect_names
from rag.question import Ask
from rag.question_kinds import SIGNED_ASKED
from rag.retrieve import Passage, Retriever


def gather(retriever: Retriever, ask: Ask, k: int) -> list[Passage]:
    """The passages for the question, and for each of its parts when it has several ("one closed
    and one open model", "who built X and who built Y"): each part needs its own evidence."""
    titles = {d: e.title for d, e in retriever.manifest.documents.items()}
    docs = named_documents(ask.question, titles)
    # One search for the question, read wide: a named document's own passages come from it, and so does
    # each other document's best passage naming the asked thing (below).
    wide = retriever.retrieve(ask.question, 4 * k)
    passages = wide[:k]
    queries: list[str] = []
    if len(ask.parts) > 1 or ask.kind == "list":
        # A list is found where the documents give examples: ask for those too.
        queries += [f"{part.text} (examples)" if part.kind == "list" else part.text for part in ask.parts]
    # The question in the words documents tend to use ("weaknesses" → "challenge", "expensive" → "cost"):
    # a list of weaknesses sits under "Challenges", which neither ranking links to "weaknesses".
    if (plain := folded(ask.question)) != ask.question:
        queries.append(plain)
    if judged(ask):
        # A judgement the documents argue both ways ("are open models the low-cost option?"): the case
        # for it sits under "Advantages", the case against under "Challenges", each named by its aspect.
        side = side_asked(ask)
        whose = f"{side}-source models" if side else "the models"
        aspect = aspect_names(ask.question)
        queries += [
            f"{kind} of {whose}{end}" for kind in ("Advantages", "Challenges") for end in ("", f": {aspect}")
        ]
    # The passages that name the subject ("Claude (Anthropic):" answers "who makes Claude?" in
    # words the question does not share).
    named = [n.text for n in ask.subjects if n.base]
    # A term asked to be defined is found by its name too ("weights (the learned parameters)").
    named += [t for part in ask.parts if (t := defined_term(part, ask)) and t not in named]
    seen = {p.chunk.id for p in passages}
    found = [retriever.retrieve(query, max(3, k // 3)) for query in [*queries, *named]]
    # One search by letters per name (`naming` returns at most `candidate_k` hits, best first): its best
    # few, then a table with a row for the subject ("| Heron-72B | … | 64,000 tokens |") among all of
    # them — a figure another document gives in prose may differ from it, and one mention of the name
    # ranks a long table low.
    by_name = {name: retriever.naming(name, 4 * k) for name in named}
    found += [hits[: max(3, k // 3)] for hits in by_name.values()]
    found += [[p for p in hits if _row_for(p, name)][:2] for name, hits in by_name.items()]
    # …and the passages that write the name whole ("Tessaly-70B", ranked below every "Tessaly" and "70B" of
    # its neighbours by its parts' letters).
    found += [[p for p in hits if _writes(p, name)][:2] for name, hits in by_name.items()]
    # The passages that share the question's rarest words, however far the dense ranking puts them: a
    # table row ("| Aurelian-4 | Veridian Labs | … | $3 input / $15 output |") embeds poorly.
    found.append(retriever.naming(ask.question, max(3, k // 3)))
    if initials := role_initials(ask.question):
        # "Who is Ledgerlark's chief technology officer?" is answered by "Our CTO, Priya Okonkwo-Lind": no
        # word in common, and initials are too short a text for the dense ranking: found by their letters.
        found.append(retriever.naming(" ".join([initials, *named]), max(3, k // 3)))
    own = [p for p in wide if not docs or p.chunk.doc_id in docs]
    if TABLE_ASKED.search(ask.question):
        # "…the debate article's table": the passages that hold a table, whatever words they share.
        found.append([p for p in own if any(s.kind == "row" for s in spans.split(p.chunk.text))][:2])
    if docs:
        # "…according to the debate article": its own passages, though others match the words better.
        found.append(own[: k // 2])
    if _HEADER_ASKED.search(ask.question):
        # "Who wrote the memo?": its header's "From:" answers, at the top of its document; "who signed the
        # audit report?", its signature, at the end.
        top = [p.chunk.doc_id for p in passages[: max(3, k // 3)]]
        found.append(retriever.heads(top))
        if SIGNED_ASKED.search(ask.question):
            found.append(retriever.heads(top, at=-1))
    for hits in found:
        for p in hits:
            if p.chunk.id not in seen:
                seen.add(p.chunk.id)
                passages.append(p)
    # A document that names the asked thing gives its own account of it, which may differ from the others':
    # its best passage for the question comes too, however far down the ranking ("Tessarine 5 offers a
    # 128,000-token context window" in a course page, against an investor's "200,000-token").
    have = {p.chunk.doc_id for p in passages}
    for p in wide[k:]:
        if p.chunk.doc_id not in have and any(_writes(p, name) for name in named):
            have.add(p.chunk.doc_id)
            seen.add(p.chunk.id)
            passages.append(p)
    # A table that names the asked thing in its first rows goes on in the next chunk: its later rows ("|
    # Proposed start date | 1 October 2025 |") are the thing's too.
    naming = [p for p in passages if any(_writes(p, name) for name in named)]
    passages += [p for p in retriever.following(naming) if p.chunk.id not in seen]
    return passages


# A question a document's header answers: who wrote, sent or gave it.
_HEADER_ASKED = re.compile(
    r"\bwho\s+(?:wrote|sent|signed|authored|gave|delivered|presented|issued|prepared)\b"
    r"|\bwho\s+(?:is|was|were|are)\s+the\s+(?:authors?|writers?|senders?|signator(?:y|ies))\b"
    # (a judgment's judge, under its "Before:" at the top)
    r"|\b(?:which|what)\s+judges?\b|\bwho\s+(?:heard|presided|judged)\b",
    re.I,
)


def _writes(p: Passage, name: str) -> bool:
    """Whether the passage writes the name whole, not as a part of a longer one."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", p.chunk.text, re.I) is not None


def _row_for(passage: Passage, name: str) -> bool:
    """Whether the passage holds a table row that names `name`."""
    wanted = name.lower()
    return any(
        s.kind == "row" and wanted in f"{s.context} {s.text}".lower() for s in spans.split(passage.chunk.text)
    )
