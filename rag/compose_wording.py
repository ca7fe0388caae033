"""Wording: a span that answers → the lead's words (the clause that carries the answer, trimmed and led
by its subject); the one decision this module owns: how much of a span the answer's first sentence says.
"""

from __future__ import annotations

import re

from rag import spans
from rag.compose_kinds import gives, match_subject, named_by_verb, strict
from rag.lexicon import MONTH
from rag.question import Ask, Kind, names, plain_word
from rag.sentences import NOT_AN_END
from rag.spans import Span

_CLAUSE = re.compile(r"(?<=[,;:])\s+|(?<=\s[—–])\s+")  # a dash stays with the clause before it
_DATE_COMMA = re.compile(rf"\b{MONTH}\.?\s+\d{{1,2}}(st|nd|rd|th)?,$", re.I)


# "millions, if not billions,": the second figure raises the first, and the answer is both.
_RAISES = re.compile(r"(if not|or even|and even|or more)\b", re.I)
# "by Arthur Mensch, Guillaume Lample and Timothée Lacroix": names listed after a comma go on the list.
_MORE_NAMES = re.compile(r"(?:[A-Z][\w'’.-]*\s*){1,4}(?:,|\band\b|[.;]?\s*$)")


_ARTICLE_ADJECTIVE = re.compile(r"\b(?:a|an)\s+[a-z]+,$")
_PREPOSITION_WORD = re.compile(r"\b(?:on|in|of|for|with|to|by|from|about|under)\s+[a-z]+,$")
_COMPOUND_THEN_NOUN = re.compile(r"\s*[\w]+-[a-z]+\s+[a-z]+")
_FIGURE_COMMA = re.compile(r"\d[\w.%]*,$")  # a clause that ends on a figure, a list of figures going on


def clauses(text: str) -> list[str]:
    """The clauses of a sentence, split at , ; : and dashes — but "April 18, 2024" stays one date, and
    "millions, if not billions" one figure."""
    out: list[str] = []
    for piece in _CLAUSE.split(text):
        if out and (
            (_DATE_COMMA.search(out[-1]) and re.match(r"\d{4}\b", piece))
            or (out[-1].endswith(",") and (_RAISES.match(piece) or _MORE_NAMES.match(piece)))
            or (_FIGURE_COMMA.search(out[-1]) and re.match(r"\$?\d", piece))  # "in 7B, 13B and 70B sizes"
            # "sign a separate, paid Kestrel Commercial Agreement": adjectives before one noun
            or (_ARTICLE_ADJECTIVE.search(out[-1]) and not _CONTINUES.match(piece))
            # ("relying on closed, API-only models": a word after a preposition, then a compound adjective)
            or (_PREPOSITION_WORD.search(out[-1]) and _COMPOUND_THEN_NOUN.match(piece))
            # (a bracket is not cut: "on Friday 9 May 2025 (10:00, Board Room 2 + Teams)")
            or out[-1].count("(") > out[-1].count(")")
        ):
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece)
    return out


LEAD_MAX_WORDS = 45  # a lead is one short statement: a longer span is cut at a clause boundary


def count_words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def as_sentence(text: str) -> str:
    # (a clause's number is where it stands in its document, not what it says: "(2) A fine shall not exceed…")
    text = _CLAUSE_NUMBER.sub("", text.strip()).rstrip(":;,—– ")
    # (nor is the dash a sign-off opens with: "- Gregor Tallis, orchard grower")
    text = re.sub(r"^(?:[-—–]{1,2}|―)\s+(?=[A-Z])", "", text)
    first = text.split(" ", 1)[0]
    if not text or any(c.isupper() for c in first[1:]):
        return text  # "vLLM", "iPhone": a name written in mixed case keeps its case
    return text[0].upper() + text[1:]


_CLAUSE_NUMBER = re.compile(r"^\((?:\d{1,3}|[a-zA-Z]|[ivx]{1,4}|[IVX]{1,4})\)\s+(?=[A-Z])")
# A person's name of two to four capitalised words ("Graham Oduya"), as a list's line is led by it.
_PERSON = re.compile(r"(?:[A-Z][a-z'’-]+\s+){1,3}[A-Z][a-z'’-]+")
FIELD_WORDS = 14  # a "Label: figure" line this short is a field, read whole
_FIGURE_FIELD = re.compile(r"[^:]{2,40}:\s*[\d£$€]")


def answer_clause(kind: Kind, s: Span, ask: Ask, common: frozenset[str]) -> str:
    """The shortest run of clauses of the span that carries the answer (the whole span when short)."""
    text = s.text
    if kind == "description" or not strict(kind, ask) or (kind == "entity" and named_by_verb(ask.question)):
        # (a decision asked is read whole: "The Committee concluded that sending interview material …, even
        # in pseudonymised form, is not compatible…" cut at its verb would lose what was decided)
        # ("What is the name of the assistant that runs Kestrel?": the name and what it is said to do come
        # in different clauses, "Quill, | our in-house assistant running Kestrel-70B")
        return trim(text)
    if not gives(kind, text, ask, common) and s.context and gives(kind, s.context, ask, common):
        # The answer is in the label the span hangs under ("Claude (Anthropic):" over "- Emphasizes…").
        return s.context.split(" > ")[-1]
    if count_words(text) <= FIELD_WORDS and _FIGURE_FIELD.match(text) and not names(spans.label_of(text)):
        # A header's figure reads whole: "Duration: 18 months (1 April 2027 – 30 September 2028)".
        return text
    label = spans.label_of(text).strip()
    if label and text.rstrip().endswith("?") and gives(kind, label, ask, common):
        # A criterion's label says its weight, the question after it what it judges: "Reproducibility and
        # hand-over (25%): could council IT realistically run…?"
        return label
    if (
        kind == "entity"
        and count_words(text) <= FIELD_WORDS
        and _PERSON.fullmatch(label)
        and not {n.base for n in names(label, lenient=True)} & {n.base for n in ask.subjects}
    ):
        # …and a list's line led by whom it names: "Graham Oduya: Non-Executive Director (Chair)" answers
        # who chaired by its name, not by its role alone.
        return text
    pieces = clauses(text)
    if len(pieces) <= 1:
        return trim(text)
    answers: list[str] = []
    for i, piece in enumerate(pieces):
        if gives(kind, piece, ask, common):
            # "…, or Licensee's affiliates, is greater than 500 million monthly active users": a clause that
            # opens with its verb has its subject in the clauses before; they come with it.
            first = i
            while first > 0 and (
                _CONTINUES.match(pieces[first])
                # ("The Tern Community Licence v2 is generous, | but it requires a separate licence…": what
                # "it" is comes before)
                or _PRONOUN_OPENS.match(pieces[first])
                or _ASIDE.fullmatch(pieces[first])
                or _ASIDE.fullmatch(pieces[first - 1])
            ):
                # ("Claude 3 models, | for example, | accept up to 200,000 tokens": an aside between a
                # subject and its verb is passed over to the subject)
                first -= 1
                if _PARTICIPLE.match(pieces[first + 1]):
                    break  # "…, and Google's Gemini, | announced in 2023": said of the name right before it
            while (
                0 < first < i
                and pieces[first][:1].islower()
                and count_words(pieces[first]) <= SHORT_ASIDE_WORDS
                and pieces[first - 1].rstrip().endswith(",")
            ):
                # "Developers of frontier models, | open or closed, | should report…": the short clause it
                # went back to is an aside too, its subject before it.
                first -= 1
            if first < i and (start := text.find(pieces[first])) >= 0 and (end := text.find(piece)) >= 0:
                piece = re.sub(r"^(?:and|or)\s+", "", text[start : end + len(piece)])
            # From the sentence that gives it: a list item's label set as a sentence before it is no part
            # of it ("Stage frontier weight releases. Frontier weights should be published only after…").
            sentences = re.split(NOT_AN_END + r"(?<=[a-z][.!?])\s+(?=[A-Z])", piece)
            piece = next(
                (
                    " ".join(sentences[k:])
                    for k in reversed(range(len(sentences)))
                    if gives(kind, " ".join(sentences[k:]), ask, common)
                ),
                piece,
            )
            chosen = piece
            j = i
            # (a lead-in says what follows its colon: "…depends heavily on one individual: Ivo Strand, …")
            while (count_words(chosen) < 5 or chosen.rstrip().endswith(":")) and j + 1 < len(pieces):
                j += 1
                chosen = f"{chosen} {pieces[j]}"
            # (…and a figure's share said after it goes with it: "1,250 questions…, of which 310 are
            # designated safety-critical")
            while j + 1 < len(pieces) and _OF_WHICH.match(pieces[j + 1]):
                j += 1
                chosen = f"{chosen} {pieces[j]}"
            # (…and who a person named is goes with them: "said Aurelio Banerjee-Stout, | head of public
            # policy at Quillon Labs")
            if kind == "entity" and j + 1 < len(pieces) and _ROLE_OPENS.match(pieces[j + 1]):
                j += 1
                chosen = f"{chosen} {pieces[j]}"
            answers.append(chosen)
    # "Claude 3, released in March 2024, and Gemini, announced in December 2023": the clause of the one asked.
    asked = {n.base for n in ask.subjects}
    return next((a for a in answers if asked & {n.base for n in names(a, lenient=True)}), None) or (
        answers[0] if answers else trim(text)
    )


_PRONOUN_OPENS = re.compile(r"\s*(?:(?:but|and|yet|so|though|although)\s+)?(?:it|they)\b", re.I)
_OF_WHICH = re.compile(r"\s*of (?:which|whom|these|them)\b", re.I)
SHORT_ASIDE_WORDS = 3  # "open or closed,": an aside between a subject and its verb, not a subject

_ASIDE = re.compile(
    r"\s*(?:for example|for instance|in fact|in particular|e\.g\.|i\.e\.|however|though|too|also|by contrast)\s*,?\s*",
    re.I,
)
# "OpenAI's GPT-4, | released in March 2023": a participle says it of what the clause before names.
_PARTICIPLE = re.compile(
    r"(?:[a-z]+ed|made|built|known|shown|given|written|led|held|run)\s+(?:in|on|by|under|as|at|with|from|to)\b"
)
# "Lena Marsh, | co-founder and CEO of Kestrel Labs": a role said of the name before it.
_ROLE_OPENS = re.compile(
    r"\s*(?i:co-?founder|founder|ceo|chief|head|director|author|creator|maker|developer|chair)\b"
)
# A clause that goes on from the one before: it opens with a verb or a joining word, not its subject.
_CONTINUES = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|shall|should|does|do|did|or|and|"
    # "The new licence, | published on 9 June, | says…": a report's verb, its subject before it
    r"says|said|states|stated|notes|noted|adds|added|argues|argued|warns|warned|reports|reported|"
    # "The Auditor-General's review, | published in December 2025, | found that 19 of 31…": a finding's verb
    r"found|finds|showed|shows|concluded|concludes|estimated|estimates|revealed|reveals|"
    r"such as|like|including|e\.g\.|"  # "…released several models, | such as Mistral 7B": an example of them
    # "…on our own server, | which sits in the office at the Millbrook packing shed": said of what it follows
    r"which|who|whose)\b"
    r"|" + _PARTICIPLE.pattern + r"|" + _ROLE_OPENS.pattern
)


def trim(text: str) -> str:
    """A long sentence cut at the last clause boundary before the lead's word limit."""
    if count_words(text) <= LEAD_MAX_WORDS:
        return text
    pieces = clauses(text)
    out = ""
    for p in pieces:
        if out and count_words(out + " " + p) > LEAD_MAX_WORDS:
            break
        out = f"{out} {p}".strip()
    return out


def with_subject(clause: str, s: Span, ask: Ask) -> str:
    """The clause led by its subject when it does not name it ("Falcon: developed by TII…")."""
    if not ask.subjects or match_subject(ask.subjects, names(clause, lenient=True))[0] >= 1.0:
        return clause
    own = spans.label_of(s.text)
    for label in (own, s.context.split(" > ")[-1] if s.context else ""):
        if label.endswith("?"):  # an FAQ's question: its answer is led by the names it asks of, not by it
            asked = dict.fromkeys(
                n.text for n in names(label, lenient=True) if match_subject(ask.subjects, [n])[0] > 0
            )
            # (a name of several words, written whole in the question, is one name: "Port Ellery")
            whole = " ".join(asked)
            label = whole if len(asked) > 1 and whole in label else ", ".join(asked)
        if label and match_subject(ask.subjects, names(label, lenient=True))[0] > 0 and label not in clause:
            return _led(label, clause)
    # An apposition cut from the name it follows ("…today released Rook, a 58-billion-parameter model"):
    # "Rook: a 58-billion-parameter model".
    before = s.text[: max(s.text.find(clause), 0)].rstrip()
    named = names(before, lenient=True)[-1:]
    if before.endswith(",") and named and before[:-1].endswith(named[0].text):
        return _led(named[0].text, clause) if match_subject(ask.subjects, named)[0] else clause
    return clause


def _led(label: str, clause: str) -> str:
    """ "Falcon: developed by…", but "LLaMA: Meta later released…" keeps its name's capital; a speaker's
    label gives way ("VEERHOFF: Because once…" under "Quillon-4" reads "Quillon-4: because once…")."""
    turn = spans.turn_at(clause)
    words = turn.group(1).split() if turn else []
    # (a speaker: a surname in capitals or a full name; not "Example:" or "Licence:", which say what follows)
    if turn and (words[0].isupper() or (len(words) > 1 and not any(plain_word(w) for w in words))):
        clause = clause[turn.end() :] or clause
    plain = plain_word(clause.split(" ", 1)[0])
    return f"{label}: {clause[0].lower() + clause[1:] if plain else clause}"
