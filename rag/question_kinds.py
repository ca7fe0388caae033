"""Question kinds: a question's words → the kind of answer it asks for (`Kind`) and the side it is about.

Rules, not a model: "who built…" wants an organisation or person, "when…" a date, "how many…" a number;
a leading subordinate clause is read past to the main clause. The one decision this module owns: which
kind of answer a question (or one of its parts) asks for.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal[
    "entity", "place", "date", "number", "list", "yesno", "definition", "reason", "comparison", "description"
]
KINDS: tuple[Kind, ...] = (
    "entity", "place", "date", "number", "list", "yesno", "definition", "reason", "comparison", "description"
)  # fmt: skip
Facet = Literal["open", "closed"]

# A question word: what opens a question or a part of one.
WH = r"(?:who|whom|whose|what|which|where|when|why|how)"
_ORG_NOUN = (
    r"(?:company|companies|organi[sz]ations?|institutes?|institutions?|labs?|laborator(?:y|ies)|teams?|firms?"
    r"|groups?|developers?|vendors?|makers?|creators?|compan(?:y|ies)|universit(?:y|ies)|people|person"
    r"|think[ -]tanks?|non-?profits?|foundations?|charit(?:y|ies)|agenc(?:y|ies)|start-?ups?|publishers?"
    r"|providers?|consultanc(?:y|ies)|investors?|backers?|funds?|(?:news)?papers?|magazines?|outlets?|broadcasters?"
    r"|regulators?|watchdogs?|authorit(?:y|ies)|ministr(?:y|ies)|courts?|tribunals?|unions?|insurers?)"
)
# A person who holds a role (singular: "which reviewers…?" may ask for a list).
ROLE_HOLDER = (
    r"journalist|reporter|correspondent|officer|official|minister|member|councillor|author|writer|editor"
    r"|engineer|researcher|scientist|analyst|lawyer|judge|reviewer|presenter|spokes(?:person|man|woman)"
    r"|employee|executive|manager|director|individual|MPs?|MEPs?|senator|chair(?:person|woman|man)?|CEO|CTO|CFO"
)
# A post written by its initials: "CTO", "DPO", "MP".
POST_ABBREVIATIONS = r"C[A-Z]?[EOTFI]O|CISO|DPO|VP|MP|MEP"
# The words of a post: "chief technology officer", "senior lecturer", "Security Lead", "CTO".
_POST = (
    rf"(?i:{ROLE_HOLDER}|head|lead|chief|chair(?:person|woman|man)?|founder|co-founder|president|partner"
    r"|professor|lecturer|fellow|student|consultant|advis[eo]r|counsel|host|moderator|coordinator|secretary"
    r"|treasurer|architect|developer|designer|specialist|principal|ombudsman|auditor|inspector|commissioner)s?"
    rf"|\b(?:{POST_ABBREVIATIONS})\b"
)
POST_WORD = rf"\b(?:{_POST})\b"
# "Who signed the audit report?": a signature answers, at its document's end.
SIGNED_ASKED = re.compile(r"\b(?:counter)?sign(?:ed|s|ator(?:y|ies))\b", re.I)
# …or a party to a tender: either is asked by name.
_PERSON_NOUN = rf"(?:{ROLE_HOLDER}|supplier|contractor|bidder|tenderer)(?!\s+(?:states?|countries))"
# How far one place is from another: a place's noun after "how far / close / near".
_DISTANCE_ASKED = (
    r"\bhow (?:far|close|near)\b[^?]{0,60}\b(?:homes?|houses?|sites?|offices?|villages?|towns?|city|school|"
    r"station|river|building|cent(?:re|er)|plant|campus|boundary|property|facility|farm|airport|road|hospital)\b"
)
TIME_ASKED = re.compile(r"\b(?:at )?what time\b(?![ -]?frame)", re.I)
# What has a value in money: "the value of the trust's contract", "…of the grant"
VALUED = r"contract|deal|award|grant|tender|investment|order|agreement|framework|lot|bid|funding|round"
# What is asked to count as a term: "what counts as a derivative?", "what makes a model qualify as one?"
COUNTS_AS = r"what\s+(?:counts|qualifies)\s+as|what\s+makes\s+[^?]+?\s+(?:count|qualify)\s+as"
_KIND_RULES: list[tuple[Kind, re.Pattern[str]]] = [
    (
        "reason",
        # (and "what reason did Halvard give…?", "what was the main reason…?")
        re.compile(
            r"^\s*(and\s+)?why\b|\b(what (is|are|was|were) the (?:main |chief |stated )?reasons?|for what reasons?"
            # (not what makes a thing count as a term: its definition is asked, `COUNTS_AS`)
            rf"|what reasons? (?:did|does|do|was|were|has|have|had)|(?!(?:{COUNTS_AS})\b)what makes)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            # "When…?", "…and when?", "…when was it released?" — not "what must I include when I distribute it?"
            r"^\s*(and\s+)?when\b|\b(and|or)\s+when\b|\bwhen\s+(was|were|did|does|do|is|are|will|has|have|had)\b"
            r"|\bwhen\s*\?|\b(what|which) ([a-z]+ )?(year|date|month|decade|day)\b|\b(?:since|until|till|by|from) when\b|\bin what year\b"
            # "What is the knowledge cutoff date of Phi-3?"
            r"|\b(what|which) (is|was|are|were) the ([\w-]+ ){0,2}(date|year|day|deadline)\b"
            r"|\bhow long ago\b"
            # "At what time was traffic switched back?": a time of day ("05:26"), not a time frame
            rf"|{TIME_ASKED.pattern}",
            re.I,
        ),
    ),
    (
        "place",
        # ("in which room and building…": a venue is a place)
        re.compile(
            # (not where a thing comes from: "where does its revenue come from?" asks its source)
            r"\bwhere\b(?![^?]*\bcomes? from\b)"
            r"|\b(in |at )?(what|which) (city|country|region|place|location|nation|venue|room|building|site)\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhow (many|much|large|big|long|expensive|costly|soon)\b|\bwithin what\b"
            # ("how close is her home to the site?": a distance; not "how close are open models to GPT-4?")
            rf"|{_DISTANCE_ASKED}"
            # ("what is the maximum context length of…?", "what valuation did the round give…?")
            r"|\b(what|which)\s+(?:(?:is|are|was|were)\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}(number|percentage|share|size|"
            r"price|fee|salary|pay|wage|premium|deductible|penalty|deposit|figure|amount|count|score|rate|total|cost|length|window|limit|"
            r"valuation|revenue|profits?|turnover|earnings|discount|margin|budget|headcount|fines?(?![\w-])|threshold|cap|ceiling|"
            r"time ?frame|period|duration|accuracy|latency|throughput)\b"
            # "What does Cohere charge per million tokens…?": a price (not "what did the analyst say is the
            # biggest hidden cost?": a noun in a clause of its own)
            r"|\bwhat (?:does|do|did|will|would) (?:(?!\b(?:is|are|was|were)\b)[^?]){1,60}\b(?:charge|cost|spend|pay)\b"
            # "What is the value of the trust's contract with Cobaltline?": a sum (not "the value of open
            # models to researchers")
            rf"|\bwhat (?:is|was|are|were) the (?:[\w-]+ )?value of\b[^?]{{0,60}}\b(?:{VALUED})s?\b"
            # "What is the most Ashgrove will pay on a single claim?": a sum, its bound
            r"|\bwhat(?:['’]s| is| was| are)\s+the\s+(?:most|least|maximum|minimum|max|min)\b[^?]{0,60}\b"
            r"(?:pay|paid|cost|charge|spend|earn|raise|receive|get)\b"
            # "What was the startup spending each month on the API?": a sum
            r"|\bwhat (?:is|was|are|were) [^?]{1,60}\b(?:spending|paying|charging)\b"
            # "How are price and quality weighted?": each one's share, a figure ("Quality 60% / Price 40%")
            r"|\bhow (?:are|is|were|was|will|would) [^?]{1,60}\bweighted\b|\bwhat (?:are |is )?(?:the )?weightings?\b"
            # "What was Corvid AI's revenue in 2025?": a sum; "What is Kestrel-70B's CodeTrial score?", "…'s
            # attack success rate on HarmProbe?": a figure (the measure's own name before it)
            r"|\bwhat (?:is|was|are|were) [^?]{1,40}['’]s? (?:[\w-]+ ){0,2}(?:revenues?|turnover|income|expenditure|"
            r"surplus|deficit|profits?|losses|"
            r"valuation|headcount|budget|market share|scores?|accuracy|price|cost|rates?|context (?:length|window))\b",
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
            rf"|\b(what|which) (?:[\w-]+ )?{_ORG_NOUN}\b|\bby whom\b"
            # (a body charged with a duty: "which body at Northmere is charged with supervising the project?")
            r"|^\s*(?:what|which) (?:body|committee|board|panel)\b[^?]*\b(?:is|was|are|were) (?:charged|tasked|responsible)\b"
            # (…or doing it: "which body enforces the law?", "which body regulates foundation models?")
            r"|^\s*(?:what|which) (?:body|authority|regulator|agency)\s+(?:enforces|enforced|regulates|regulated|oversees"
            r"|oversaw|supervises|supervised|administers|administered|polices|policed|will (?:enforce|regulate|oversee))\b"
            # "Which journalist conducted the interview?", "which officer wrote the paper?": a person's name
            rf"|\b(what|which) (?:(?-i:[A-Z])[\w-]* )?(?:[\w-]+ )?{_PERSON_NOUN}\b"
            # "What is the name of the model Halcyon released?": a name (not "what is the key called now?",
            # whose answer is a word: "shard_plan")
            r"|\bwhat(?:['’]s| is| was| are| were) (?:the )?names? of\b",
            re.I,
        ),
    ),
    (
        "comparison",
        re.compile(
            r"\b(differ|differs|difference|differences|compare|compared|versus|vs\.?|contrast|distinguish(es)?)\b"
            # (not a "comparison page": a document's name)
            r"|\bcomparison\b(?!\s+(?:pages?|tables?|charts?|sites?|articles?|documents?|guides?|sheets?))"
            r"|\bhow do .+ and .+ (differ|compare)\b",
            re.I,
        ),
    ),
    # "What are LLMs?", "What does RAG stand for?": a term to define, though its name is a kind of model.
    # "What are open-source LLMs?" too: a term of up to three words, not "what are some examples?".
    (
        "definition",
        re.compile(
            r"^\s*what (is|are) (an? )?(?!(some|the|these|those|examples?)\b)[\w-]+(\s+[\w-]+){0,2}\s*\?*\s*$"
            r"|\b(stands?|short) for\b"
            # ("what counts as a derivative?": what the documents define it as)
            rf"|\b(?:{COUNTS_AS})\b",
            re.I,
        ),
    ),
    (
        "list",
        re.compile(
            r"^\s*(please\s+)?(name|list|give|mention|enumerate|identify|cite)\b"
            r"|\b(what|which) (are )?(some|the)?\s*([\w-]+\s+){0,2}?(examples?|models?|llms?|projects?|systems?|"
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
            r"|^\s*(which|what)\s+(\w+\s+){0,3}?\w+s\s+(do|does|did)\b.*\b(list|mention|name|cite|highlight|give|include)s?\s*\?*\s*$"
            # "Which literature databases did the reviewers search?": the things of a kind that were done
            # with, however it is said (not a class's or a status's one: "which class did it…"; nor a named
            # family's versions, "which Llama releases did Meta publish…?", said where the family is)
            r"|^\s*which\s+((?-i:[a-z])\w*\s+){0,2}?(?-i:[a-z])\w+[^siu\W]s\s+(do|does|did|were|have|has)\s",
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
            # (not "What is the licence of Phi-3?": a property of a named thing is described, not defined)
            r"^\s*(and\s+)?what (is|are) (an? |the )?(?![\w' -]*\bof\s+(?-i:[A-Z]))[\w' -]{1,40}\??\s*$"
            r"|\bwhat does .{1,40} mean\b"
            r"|^\s*define\b|\bmeaning of\b|\bwhat is meant by\b|\b(stands?|short) for\b|\bhow does .{1,60} define\b"
            r"|^\s*what (sort|kind|type) of \w+ (is|are)\b",
            re.I,
        ),
    ),
]


# A leading subordinate clause ("When a model is open source, which parts…", "According to the report,
# what…") does not say what is asked: the kind comes from the main clause after it.
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:put simply|simply put|in short|briefly|when|if|while|since|although|because|once|after|before|given|according to|in|for|as|from|"
    r"between|among|besides|apart from|other than|compared)\b(?!\s+(?:which|what|whom|whose)\b)[^,?]{0,120},\s*(?=\w)",
    re.I,
)


def kind_of(text: str) -> Kind:
    main = _LEADING_CLAUSE.sub("", text, count=1)
    if re.match(rf"\s*({WH}|is|are|was|were|does|do|did|can|could|has|have|name|list)\b", main, re.I):
        text = main
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return "description"


# Hosting a model yourself is what open weights allow ("the self-hosted option"); a model sold as an API is
# the closed side ("an API-only model", "the paid API", "API vendors"). Not any "API": an open model may be
# served through one too ("run open-weights models through one API").
_OPEN = re.compile(
    r"\bopen[- ]?(source|weights?)?\b|\bopenly\b|\bcommunity[- ]driven\b|\bself[- ]host\w*", re.I
)
_CLOSED = re.compile(
    r"\bclosed[- ]?(source)?\b|\bproprietary\b|\bprivate (?:models?|llms?|teams?)\b|\bmodels? private\b"
    # "commercial models" are sold; "commercial use" of a model says nothing of its side.
    r"|\bcommercial (?:models?|llms?|vendors?|offerings?|providers?|products?|systems?)\b"
    r"|\bAPI[- ](?:only|based)\b|\b(?:paid|hosted|controlled|commercial)\s+APIs?\b"
    r"|\bAPIs?\s+(?:models?|options?|providers?|vendors?|products?)\b",
    re.I,
)


# "not open source" is the closed side, "non-proprietary" the open one.
_NEGATED_SIDE = re.compile(
    r"\b(?:not|non|never|isn't|aren't|wasn't|weren't)[- ]+(?:fully\s+|truly\s+|really\s+)?"
    r"(?:(open)(?:[- ]?(?:source|weights?))?|closed(?:[- ]?source)?|proprietary)\b",
    re.I,
)


# What a list question leaves out ("apart from OpenAI's GPT family, which models…"): not its subject.
EXCEPT = re.compile(
    r"\b(?:apart from|other than|besides|except(?: for)?|excluding|aside from|not counting"
    # "…running in production after leaving the Aster Pro API?": what it left is not what it runs
    r"|after (?:leaving|dropping|replacing|abandoning|moving (?:away )?from|switching (?:away )?from)|instead of)"
    r"\s+([^,?]+)",
    re.I,
)
# A reference to a document or a part of one ("according to the course's quiz", "the report on open
# source and LLMs"): which document, not what is asked of it.
DOC_REFERENCE = re.compile(
    # (not a verb after its subject: "which of the results does it report?")
    r"\b(according to|in|from|does|do)?\s*the\s+((?!(?:does|do|did|is|are|was|were|it|they|we|you|can|will|would"
    r"|should|may|must)\b)[\w-]+\s+){0,4}?(article|report|course|outline|document|post|"
    r"piece|guide|text|discussion|section|table|matrix|blog|faq|readme|paper|manual|wiki|notes|card)\b('s)?"
    # "…on open source and LLMs give?": what the document is about, up to the verb that asks of it.
    r"(?:\s+(?:on|about)\s+(?:[\w'’-]+\s+){0,5}?[\w'’-]+(?=\s+(?:gives?|says?|lists?|mentions?|names?|"
    r"describes?|discuss(?:es)?|highlights?|points?|suggests?|proposes?|uses?|offers?|credits?|"
    r"presents?|expects?)\b|\s*[?,.]|$))?",
    re.I,
)


# What a statement measures its subject against: "free compared to closed-source models", "cheaper than
# proprietary ones", "unlike closed models" name the other side, not the one spoken of.
_BASELINE = re.compile(
    r"\b(?:compared (?:to|with)|in contrast to|than|unlike|versus|vs\.?)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:models?|ones|llms?|alternatives|offerings|counterparts)\b",
    re.I,
)


def own_facet(text: str) -> Facet | None:
    """The side a statement speaks of, leaving out the side it is measured against; a statement
    measured against one side alone speaks of the other ("free compared to closed-source models")."""
    if own := facet(_BASELINE.sub(" ", text)):
        return own
    against = facet(" ".join(m.group(0) for m in _BASELINE.finditer(text)))
    return None if against is None else "open" if against == "closed" else "closed"


# Making a model's code or weights public is what the open side does: "does publishing a model's code
# and weights make it safer?" asks about open models without naming them.
_PUBLISHED = re.compile(
    r"\b(?:publish\w*|releas\w*|shar\w*)\s+(?:(?:a|the|its|their|model'?s?|[\w-]+'s)\s+){0,3}(?:code|weights)\b",
    re.I,
)


def first_side(text: str) -> Facet | None:
    """The side text names first ("how do proprietary LLMs compare with open ones": closed), if any."""
    text = _NEGATED_SIDE.sub(lambda m: " closed " if m.group(1) else " open ", text)
    is_open, is_closed = _OPEN.search(text) or _PUBLISHED.search(text), _CLOSED.search(text)
    if is_open and is_closed:
        return "open" if is_open.start() < is_closed.start() else "closed"
    return "open" if is_open else "closed" if is_closed else None


def facet(text: str) -> Facet | None:
    """Whether text speaks of the open or the closed side (None: neither or both)."""
    text = _NEGATED_SIDE.sub(lambda m: " closed " if m.group(1) else " open ", text)
    is_open, is_closed = bool(_OPEN.search(text)), bool(_CLOSED.search(text))
    if is_open == is_closed:
        return None
    return "open" if is_open else "closed"
