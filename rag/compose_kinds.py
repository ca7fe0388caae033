"""Answer kinds: a span's text + the question (`Ask`) → whether the span gives the asked kind of answer
(a name, place, date, number, reason, definition) about the asked subject; the one decision this module
owns: what counts as giving each kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from rag import grounding
from rag.compose_definitions import TERM
from rag.compose_units import own_heading
from rag.concepts import concepts, fractions
from rag.lexicon import MONTH, WORD_NUMBERS
from rag.question import FIRST_VERSION, Ask, Kind, Name, names, unit_stem
from rag.question_follow import YEAR
from rag.question_kinds import ROLE_HOLDER, TIME_ASKED, VALUED, facet
from rag.question_names import LETTERED, LETTERS
from rag.sections import MD_HEADING
from rag.spans import BYLINE, FIELD, JUDGE_LINE, VALUE_COLUMN, Span, label_of, without_label

# "Who makes Claude?" needs a name; "who can now work with open models?" is answered by a description.
NAMED_KINDS: frozenset[Kind] = frozenset({"entity", "place"})
# A month asked alone: its name answers, though it names no day or year.
_MONTH_ASKED = re.compile(r"\b(?:which|what)\s+month\b", re.I)
_YEAR_ASKED = re.compile(r"\b(?:which|what)\s+year\b", re.I)
# A month said as when something happened: "in April", "since early March"
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_IN_MONTH = re.compile(
    rf"\b(?i:in|since|during|until|from)\s+(?:(?i:early|late|mid)[\s-]+)?({_MONTH_NAMES})\b(?!\s+\d)"
)
_MONTH_NAME = re.compile(rf"\b(?:{_MONTH_NAMES})\b")
# A year, not inside a reference: "PSTO-2025-0417", "VSA-2025-014", "FHREC/2023/0118"
_YEAR = r"(?<![A-Za-z][-/])\b(1[89]\d\d|20\d\d)"
_DATE = re.compile(
    # (a year, but not one inside a reference, nor a law's name, "Regulations 2019")
    rf"(?<!\bRegulations )(?<!\bAct ){_YEAR}s?\b(?![-/]\d{{3}})|\b{MONTH}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{MONTH}\b"
    rf"|\b\d{{4}}-\d\d-\d\d\b|\bQ[1-4]\s+\d{{4}}\b",
    re.I,
)
# An end date asked: a deadline, or the date a thing stops holding ("until when does the approval remain
# valid?", "when does it expire?")
_DEADLINE = re.compile(
    r"\b(?:deadline|closing date|cut-?off date|last day|final day|end date)\b|\b(?:until|till) when\b|\bexpir\w*",
    re.I,
)
# How a text says a date ends a period: "closes", "due", "no later than", "until"
# (or a period's second date: "Consultation period: 10 March 2025 to 30 May 2025")
_CLOSING = re.compile(
    r"\b(?:deadline|clos(?:es|ed|ing)|due|until|no later than|expir\w*|cut-?off|ends?|ended|last day)\b"
    r"|\b(?:19|20)\d\d\s*(?:to|–|-|—)\s*\d{1,2}\s+[A-Z][a-z]+\s+(?:19|20)\d\d\b"
    # ("wants a written recommendation from us by Friday 4 April": a date things are wanted by)
    r"|\bby\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2}\b)",
    re.I,
)
# A time of day: "05:26", "21h30", "10.30 am", "9pm" (not "2.45 million").
CLOCK = re.compile(
    r"(?<![\d:.])(?:(?:[01]?\d|2[0-3])[:h][0-5]\d(?![\d:])|(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s*[ap]\.?m\b\.?)",
    re.I,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A day, month and year in any of the orders documents write them; the day or the year may be left out
# ("On 3 February this year", "in May 2025"), not both (a bare "may" is no month).
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?({MONTH})\.?(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d:]))?"
    rf"(?:,?\s+(\d{{4}})\b)?",
    re.I,
)


_YEAR_SAID = re.compile(rf"{_YEAR}\b(?!-\d{{3}})")  # (a year said as one, whatever law it names)


def dates(text: str) -> dict[str, set[float]]:
    """The dates `text` gives, as year × 10,000 + month × 100 + day, a part not given 0 ("1 September
    2028" → 20280901; "in May 2025" → 20250500; "on 3 February" → 203; "in 2028" → 20280000), under
    the unit "date": what two documents' dates for one event are compared by (`same_date`)."""
    found: set[int] = set()
    # (a day said in words is its number: "on the sixteenth of April", "April the first")
    text = _DAY_IN_WORDS.sub(
        lambda m: ORDINALS[m[1].lower()] if m[1] else f"{m[2]} {ORDINALS[m[3].lower()]}", text
    )
    for m in _DAY_MONTH_YEAR.finditer(text):
        day, year = m.group(1) or m.group(3), m.group(4)
        if (day or year) and int(day or 1) <= 31:
            found.add(
                int(year or 0) * 10_000 + (_MONTHS.index(m.group(2)[:3].lower()) + 1) * 100 + int(day or 0)
            )
    years = {int(y) * 10_000 for y in _YEAR_SAID.findall(text)}
    found |= {y for y in years if not any(d // 10_000 == y // 10_000 for d in found)}
    return {"date": set(map(float, found))} if found else {}


_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS = {word: str(n) for n, word in enumerate(_ORDINAL_WORDS.split(" "), start=1)}
ORDINALS |= {f"twenty-{w}": str(20 + int(n)) for w, n in list(ORDINALS.items())[:9]}
ORDINALS |= {"thirtieth": "30", "thirty-first": "31"}
ORDINAL = "|".join(sorted(ORDINALS, key=len, reverse=True))
_DAY_IN_WORDS = re.compile(
    rf"\bthe\s+({ORDINAL})(?=\s+of\s+{MONTH}\b)|\b({MONTH})\s+the\s+({ORDINAL})\b", re.I
)


def same_date(a: float, b: float) -> bool:
    """Whether two dates of `dates` may be the same day: each part equal, or left out of one of them
    ("in 2028" is any day of it; "on 3 February" is not "17 February 2025")."""
    parts = [(int(x) // 10_000, int(x) // 100 % 100, int(x) % 100) for x in (a, b)]
    return all(x == y or not x or not y for x, y in zip(*parts, strict=True))


_NUMBER = re.compile(
    # ("a 58-billion-parameter model")
    r"(?<![\w.-])\$?\d[\d,]*(?:\.\d+)?-(?:thousand|million|billion|trillion)\b"
    # ("a 32,768-token context window", "a 16k-token window": the figure, its unit glued on)
    r"|(?<![\w.-])\$?\d[\d,]*(?:\.\d+)?[kKmM]?(?=-[a-z]{3,}\b)(?!-(?:thousand|million|billion|trillion)\b)"
    r"|(?<![\w.-])\$?\d[\d,]*(?:\.\d+)?\s*(%|per\s?cent|[kKmMbB]\b|bn\b|million|billion|trillion|thousand)?(?![\w-])"
    rf"|\b({'|'.join(WORD_NUMBERS)})\b",
    re.I,
)
_ENTITY_CUE = re.compile(
    r"\b(by|from|developed|created|built|launched|introduced|trained|made|makes|maintained|"
    r"maintains|owned|owns|behind|founded)\b|['’]s\b|\(\s*[A-Z]"
    # A release says who made it when a name releases ("Solvane AI releases the Quillon models"), not when
    # a model "is released under the Apache 2.0 licence".
    r"|\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+(?:(?:has|have|had|later|also|first|then|now)\s+)*"
    r"(?:releases|released|publishes|published)\b"
    # A column that names the maker: "Developer, Phi-2: Microsoft".
    r"|\b(?i:developers?|makers?|creators?|authors?|vendors?|owners?|(?:co-?)?founders?|co-?founded|ceo)\b",
)
_PLACE = re.compile(
    r"\b(?:in|based in|headquartered in|located in|from|at)\s+(?:the\s+)?"
    r"((?:[A-Z][a-z]+|[A-Z]{2,})(?:[\s-](?:[A-Z][a-z]+|[A-Z]{2,}))*)"
    # "Basalt Research (Oslo, Norway)": a city and its country in brackets after a name
    r"|\((?=[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)*,\s*[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)*\))([A-Z][a-z]+(?:[\s-][A-Z][a-z]+)*)"
    # "the Edinburgh-based Marrowick Foundation", "Veridian Labs of Austin, Texas"
    r"|\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)-based\b|\bof\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=,\s+[A-Z][a-z]+\b)"
    # "filled the main auditorium of Corrin Hall": a room of a named building
    r"|\b(?:auditorium|hall|room|theat(?:re|er)|ballroom|chamber|lecture theatre|atrium)\s+(?:of|at)\s+(?:the\s+)?"
    r"([A-Z][a-z]+(?:\s[A-Z][a-z]+)*)"
)
# A room or a building named in capitals is a place, though its words are common ones: "in the Council
# Chamber, Caldmoor Town Hall".
_BUILDING = re.compile(
    r"\s(?:Chamber|Hall|Room|Cent(?:re|er)|Building|House|Auditorium|Theat(?:re|er)|Library|Museum|Campus"
    r"|Tower|Pavilion|Arena)$"
)
# Where a thing is kept or run, said by the kind of place: "hosted in data centres located within
# Norvessa", "run on premises", "stored on servers in the EU".
PLACE_LABELS = r"venue|location|address|room|place"  # a field's label that says where
_PLACE_FIELD = re.compile(rf"\b(?:{PLACE_LABELS}|held at)\s*:", re.I)
_PLACE_NOUN = re.compile(
    r"\b(?:in|on|at|within|inside)\s+(?:the\s+|our\s+|its\s+|their\s+|your\s+)?(?:own\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:data[- ]?cent(?:re|er)s?|premises|on-prem(?:ises)?|servers?|facilit(?:y|ies)|jurisdictions?|territory)\b",
    re.I,
)
_REASON_CUE = re.compile(
    # ("since" of a time is none: "Since the failover work completed, …", "since 2023", "ever since")
    r"\b(because|due to|(?<!ever )since(?!\s+(?:\d|then\b|(?:(?!(?:can|could|is|are|has|have|will|may|must|would|should)\b)[\w'’-]+\s+){0,4}?"
    r"(?:was|were|began|\w+ed)\b))|as a result|so that|in order to|allows?|allowing|enables?|enabling|thanks to|"
    r"leads? to|reasons?|therefore|helps?|makes? (it|them)|which means|driven by|given|"
    # (a postmortem's "Root cause. An automated configuration push…")
    r"(?:root )?causes?|caused by|triggered by|owing to|stems? from|the result of"
    # (or a purpose: "That threshold … is there to stop free-riding", "exists to", "is designed to")
    r"|(?:is|are|was|were)\s+(?:there|designed|meant|intended)\s+to|exists?\s+to|so as to)\b",
    re.I,
)
# Units a figure must come with to answer "how many …": any number on the subject will not do.
_MEASURES = r"(parameters?|params|tokens?|languages?|layers?|gpus?|hours?|days?|weeks?|dollars?|users?|downloads?|employees?|epochs?|experts?|heads?|gigabytes?|gb|tb)"
# What any figure counts: "how many ways…" is answered by "two approaches".
_ANY_COUNT = frozenset(
    {"ways", "kinds", "types", "sorts", "examples", "things", "approaches", "options", "models", "money"}
)
_BYTES = r"[KMGT]B|(?:kilo|mega|giga|tera)bytes?"
# What a mass is measured in: "how much data" is answered by "14.8 trillion tokens".
_UNITS_OF = {
    # (a dataset is also counted in what it holds: "We took about 400 examples, fine-tuned…")
    "data": rf"(?:data|tokens?|words?|documents?|examples?|samples?|pairs?|records?|{_BYTES})",
    "text": r"(?:text|tokens?|words?|pages?|documents?)",
    "memory": rf"(?:memory|VRAM|{_BYTES})",
    "storage": rf"(?:storage|{_BYTES})",
    "energy": r"(?:energy|[kMG]Wh|(?:kilo|mega|giga)?watt[- ]hours?|joules?)",
    "electricity": r"(?:electricity|[kMG]Wh|(?:kilo|mega|giga)?watt[- ]hours?)",
    "compute": r"(?:compute|FLOPs?|FLOP/s|GPU[- ]hours?|petaflops?)",
    "effort": r"(?:effort|(?:GPU[- ])?hours?|days?|weeks?|months?|engineers?|people)",
    # (a benchmark's, a survey's or a form's items are what it asks: "CivicQA (2,150 questions…)")
    "items": r"(?:items?|questions?|prompts?|tasks?|examples?|samples?|test cases?|entries)",
    # (a count of people said by who they were: "Participants in submitting teams: 61", "212 attendees")
    "people": r"(?:people|persons?|individuals?|staff|employees?|workers?|engineers?|FTEs?|users?|members?"
    r"|researchers?|participants?|attendees?|delegates?|respondents?|volunteers?|students?|officers?)",
}
# "How far / how close is the site from the village?": a distance answers ("about 380 metres").
HOW_FAR = re.compile(r"\bhow (?:far|close|near)\b", re.I)  # (asked of places alone: `question_kinds`)
DISTANCE = re.compile(
    r"\b\d[\d,.]*\s*(?:metres?|meters?|m|km|kilomet(?:re|er)s?|miles?|yards?|feet|ft)\b"
    # (from somewhere: "about 380 metres from the site's edge", "2 km away"; not a size, "2.4 m fencing")
    r"\s+(?:[\w'’-]+\s+){0,2}?(?:from|away|off|of|to|beyond)\b",
    re.I,
)
# A span of time asked: "how long…?", "how soon…?", "within what time frame…?"
HOW_LONG = re.compile(
    r"\bhow (?:long\b(?! ago)|soon\b)|\bwithin what\b|\b(?:what|which)\s+(?:[\w-]+\s+)?(?:time ?frame|period|duration)\b"
    # (and how much time: "how much extra time do models already on the market get?")
    r"|\bhow much (?:(?:extra|more|additional|further|longer)\s+)?time\b",
    re.I,
)
DURATION = re.compile(
    rf"\b(?:\d[\d,.]*|a|an|several|a few|(?:{'|'.join(WORD_NUMBERS)})(?:-[a-z]+)?)\s*-?\s*"
    # (a figure a contract also spells out, either way round: "within 30 (thirty) days", "thirty (30)
    # days"; "5 working days")
    r"(?:\([a-z0-9 -]+\)\s*)?(?:(?:working|business|calendar|consecutive|full)\s+)?"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|tokens?|words?|characters?|pages?)\b"
    r"|\b\d[\d,.]*\s*[kKmM]\s*-?\s*tokens?\b"
    # ("1.9 s", "250 ms", "19 h": a time in its unit's letters)
    r"|\b\d[\d,.]*\s?(?:s|ms|sec|secs|min|mins|h|hrs?)\b(?![.\d])",
    re.I,
)
_SIZE_ASKED = re.compile(r"\b(parameters?|params|size|how (big|large))\b", re.I)
# The size of a body asked, and what it is counted in: people or users.
_BODY_SIZE_ASKED = re.compile(
    r"\b(?:what size|how (?:big|large|small))\b[^?]{0,30}?\b(?:organi[sz]ations?|compan(?:y|ies)|firms?"
    r"|business(?:es)?|employers?|enterprises?|customers?|bod(?:y|ies))\b",
    re.I,
)
_HEADCOUNT = re.compile(
    r"\s*(?:[a-z-]+\s+){0,2}?(?:employees|staff|workers|people|personnel|headcount|FTEs?|users|customers"
    r"|members|seats)\b",
    re.I,
)
_SIZE_WORD = re.compile(r"[^.;:]{0,30}?\b(sizes?|parameters?|params|variants?|versions?)\b", re.I)
_SIZE = re.compile(r"(?<![\w.])(?:\d+x)?\d+(?:\.\d+)?\s*[BbMm]\b")  # "7B", "8x7B", "1.5 B", "135M"
_MONEY_ASKED = re.compile(
    r"\b(expensive|costly|cost|costs|price|priced|fee|fees|money|spend|spending|spent|budget|charges?|charged|"
    r"save|saves|saved|saving|savings|pay|paying|paid|raise|raised|funding|revenues?|sales|income|turnover|"
    r"earn|earned|profits?|valuation|valued|unpaid|arrears|owed|owing|debts?|payments?|compensation|premiums?|"
    r"deductibles?|fines|fined|penalt(?:y|ies)|deposits?|invoices?|invoiced|billed)\b"
    # (a contract's or a grant's value is a sum: "what is the value of the trust's contract?")
    rf"|\bvalue\s+of\b[^?]{{0,60}}\b(?:{VALUED})s?\b"
    # (a bill paid, not a bill passed: "the June bill from Veridane", not "under the draft bill")
    rf"|\bbills?\s+from\b|\b(?:monthly|annual|quarterly|{MONTH})\s+bills?\b",
    re.I,
)
# "How big / many / old…" measures what it names, whatever money a later clause speaks of ("…before it
# needs a paid agreement"); "how large is the fee?" still asks a sum.
_NOT_A_SUM = re.compile(
    r"\bhow (?:big|large|small|many|old|fast|tall)\b(?=[^?]*\b(?:before|when|if|until|unless|once)\b)"
    # (a sum's change may be said in percent: "how much does Aldmoor load the premium…?" — "+15%")
    r"|\bhow much\b(?=[^?]*\b(?:loads?|loaded|loading|increases?|increased|cuts?|reduces?|reduced|discounts?|"
    r"discounted|lowers?|lowered)\b)"
    # (as may any change asked "by how much": "by how much did it propose to raise the price?" — "22%")
    r"|\bby how much\b"
    # (nor is a size: "what size of organisation had to move to a paid tier?" — "more than 500 employees")
    r"|\bwhat size\b",
    re.I,
)
_SHARE_OF = re.compile(r"\bhow much of\b", re.I)  # a share of a whole asked
_PERCENT_LABEL = re.compile(r"\((?:%|percentage points?|per ?cent|pp)\)|\bshare\b.*:\s*$", re.I)
_PERCENT_AFTER = re.compile(r"\s*(?:%|per ?cent\b|percent\b|percentage points?\b|pp\b)", re.I)
_VALUATION = re.compile(r"\bvalu(?:ation|ations|ed|ing)\b", re.I)
# Money raised from investors, asked or said: "how much venture capital…", "a $640 million Series D".
_RAISING = re.compile(
    r"\b(?:rais(?:e|es|ed|ing)|funding|funded|capital|investors?|invested|round|series [a-f])\b", re.I
)
# Money raised said, from investors or a funder: "a $640 million Series D", "Total requested: £486,250",
# "the grant awarded".
_RAISED = re.compile(rf"{_RAISING.pattern}|\b(?:request(?:s|ed|ing)?|grants?|award(?:s|ed)?)\b", re.I)
MONEY_REACH = 30  # characters from a figure within which a currency or a word of money makes it a sum
# What money is counted as ("how much venture capital has it raised?"): a sum, not any figure.
_MONEY_NOUN = re.compile(
    r"capital|funding|funds|money|cash|investment|financing|revenues?|income|profits?", re.I
)
# What a business takes in, not what it raised or spent: asked, it must be said.
_EARNINGS = re.compile(r"\b(revenues?|sales|income|turnover|earn\w*|profits?|ARR)\b", re.I)
# An amount as money is written, after a currency's code: with separators ("2,400,000", "0.05") or a scale
# ("3.1 million"), unlike a standard's number ("ISO 27001").
_CODE = re.compile(r"\b[A-Z]{2,3}")
_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d+)+|\d+(?:\.\d+)?(?=\s?(?:million|billion|bn)\b)")
_MONEY = re.compile(
    # ("paid plans" is a kind of plan, not a sum; a price quoted or charged is one: "quoted us 1.35 per million")
    r"[$€£]|\b(dollars?|euros?|pounds?|crowns?|francs?|yen|yuan|rupees?|usd|eur|gbp|chf|sek|nok|dkk|cad|aud|"
    # (a fine set as a share of turnover is a sum: "fines of up to 4% of worldwide annual turnover")
    r"fin(?:e|es|ed)|penalt(?:y|ies)|turnover|revenues?|premiums?|cost\w*|pric\w*|fees?|spend\w*|invest\w*|budget|"
    r"free|quot(?:e|es|ed)|"
    r"charg(?:e|es|ed|ing)|"
    r"paid(?! (?:plans?|tiers?|accounts?|versions?|users?|customers?|subscriptions?))|"
    r"millions|billions|thousands)\b"
    # (a currency's code before an amount, whatever the currency: "AK 3.1 million", "NC 2,400,000", "SEK 0.05";
    # not "ISO 27001" nor "SOC 2")
    rf"|(?-i:{_CODE.pattern})\s?(?={_AMOUNT.pattern})",
    re.I,
)
_CODE_BEFORE = re.compile(rf"{_CODE.pattern}\s?$")

# Words in capitals that name a kind of thing or a unit, never one thing: "GPU rental", "96 MW".
GENERIC_NAMES = frozenset(
    {"llm", "llms", "ai", "api", "apis", "gpu", "gpus", "faq", "url", "mw", "gw", "kw", "kwh", "mwh", "gwh", "gb", "tb"}
)  # fmt: skip


def match_subject(asked: Sequence[Name], found: list[Name], family: bool = False) -> tuple[float, str]:
    """How well the names in a span match the asked subjects, and a neighbouring version it gives instead.

    1 when every asked name is there (with its version, when the question gives one: "Llama 2" is not
    "Llama 3"); otherwise the share found, a family without the asked version counting half — or whole
    when the question asks what holds for the `family` ("who develops Quillon-34B?": "Solvane AI releases
    the Quillon models").
    """
    if not asked:
        return 1.0, ""
    total, neighbour = 0.0, ""
    for a in asked:
        # (a name in the plural is the same name: "Lantern Fellowship applications" — "Lantern Fellowships")
        same = [
            f
            for f in found
            if (a.base and a.base in (f.base, f.base + "s", f.base[:-1] if f.base.endswith("s") else ""))
            or (not a.base and a.versions & f.versions)
        ]
        if not same:
            continue
        # "the original LLaMA" is what the documents often call plain "LLaMA".
        first = a.versions == FIRST_VERSION and all(not f.versions for f in same)
        if (
            not a.versions
            or first
            or any(_same_version(a, f) for f in same)
            or (family and not all(f.versions for f in same))
        ):
            total += 1.0
        elif all(f.versions for f in same):
            other = next(f.text for f in same if f.versions)
            neighbour = neighbour or f"the documents give this for {other}, not {a.text}"
        else:
            total += 0.5
    return total / len(asked), neighbour


def _same_version(asked: Name, found: Name) -> bool:
    """Whether a name found is the asked version: one version shared, and the same size when both give
    one ("Llama 3 70B" is no "Llama 3 8B")."""
    sizes = [{v for v in n.versions if _SIZE.fullmatch(v)} for n in (asked, found)]
    return bool(asked.versions & found.versions) and (not all(sizes) or bool(sizes[0] & sizes[1]))


def strict(kind: Kind, ask: Ask) -> bool:
    """Whether only a span giving the kind answers: a date or number always, a name or place when the
    question names whose ("who makes Claude?", not "who can now use open models?"), a decision when one is
    asked ("what did the committee decide…?")."""
    return (
        kind in {"date", "number"}
        or (kind in NAMED_KINDS and bool(ask.subjects))
        or (kind == "description" and bool(_DECISION_ASKED.search(ask.question)))
    )


# (a "go-live" date too; and a release made available: "Larkspur 3 is generally available as of 17 September")
WENT_LIVE = re.compile(
    r"\b(?:go|goes|went|gone|going)[\s-]+live\b|\b(?:generally|publicly)\s+available\b"
    r"|\b(?:made|became|become|becomes)\s+available\b|\b(?:came|come|comes|coming)\s+out\b",
    re.I,
)
# A period said by its range, which gives its start and its end: "running from 1 September 2025 to 28
# February 2027".
_DATE_RANGE = re.compile(
    rf"\bfrom\s+[^.;]{{0,30}}?{MONTH}[^.;]{{0,20}}?\s(?:to|until|till)\s+[^.;]{{0,12}}?{MONTH}\b", re.I
)
_BOUNDS = concepts("start end open expire").keys()
# (…and a law that applies is one in force: "obligations apply" — "enters into force on 1 January 2026")
_LAUNCHED = concepts("launch start apply").keys()
_LAUNCH = re.compile(r"\blaunch(?:es|ed|ing)?\b", re.I)  # (not "published": a publication starts nothing)
# A law or a duty starting: "comes into force on 1 July 2026", "kicks in from January 2026", "obligations
# start to apply", "become mandatory" — one event, however each document words it.
TAKES_EFFECT = re.compile(
    r"\b(?:comes?|came|coming|enters?|entered|entering|brought|goes|went)\s+into\s+(?:force|effect)\b"
    r"|\b(?:takes?|took|taking)\s+effect\b|\bin force\b|\bkick(?:s|ed)?\s+in\b|\bcommenc(?:ement|es?|ed|ing)\b"
    r"|\beffective\s+(?:from|on|as\s+of)\b"
    r"|\bappl(?:y|ies)(?:\s+from\b|\s*\?)|\b(?:start|starts|begin|begins)\s+to\s+apply\b"
    r"|\b(?:become|becomes|became)\s+(?:mandatory|compulsory|binding|applicable)\b",
    re.I,
)


_UNIVERSITY = re.compile(r"\b(?:Universit(?:y|ies|ät|é|à)|College|Polytechnic|Institute of Technology)\b")


def gives(kind: Kind, text: str, ask: Ask, common: frozenset[str] = frozenset(), before: str = "") -> bool:
    """Whether `text` states the asked kind of thing (one the question does not already hold)."""
    q = ask.question
    text = grounding.MARKER.sub(" ", text)  # "[2]" is a citation, not a figure
    if kind == "date":
        if TIME_ASKED.search(q):
            # "At what time…?" is answered by a time of day: "05:26 Traffic returned to…"
            return any(m.group(0) not in q for m in CLOCK.finditer(text))
        if _DEADLINE.search(q) and not _CLOSING.search(text):
            return False  # "What is the deadline for comments?": "…period closes: 30 July 2025"
        known = {m.group(0).lower() for m in _DATE.finditer(q)}
        if (event := _EVENT_ASKED.search(q) or _EVENT_DONE.search(q)) and not (
            concepts(event.group(1)).keys() & concepts(text).keys()
            # (a service launched or started is one that went live: "Ask Ellery went live on 14 October")
            # (…as is one launched, when its start is asked: "In January 2024 Halvard launched Corvane Pro")
            or (
                (WENT_LIVE.search(text) or TAKES_EFFECT.search(text) or _LAUNCH.search(text))
                and concepts(event.group(1)).keys() & _LAUNCHED
            )
            # (…and a period's start or end is said by its range: "running from 1 September 2025 to 28
            # February 2027" for "on what date does the grant period finish?")
            or (_DATE_RANGE.search(text) and concepts(event.group(1)).keys() & _BOUNDS)
            # (and a law takes effect, comes into force or commences in any of those words)
            or (TAKES_EFFECT.search(event.group(1)) and TAKES_EFFECT.search(text))
        ):
            # "In what year was Halcyon founded?": not the date it released a model; "when do the
            # fellowships start?": not a heading's year above "Fellows will join the team for ten months"
            return False
        if _MONTH_ASKED.search(q) and (month := _MONTH_NAME.search(text)) and month.group(0) not in q:
            return True  # "In which month are elections held?": "Elections are held every November."
        if (
            not _YEAR_ASKED.search(q)
            and (month := _IN_MONTH.search(text))
            and month.group(1) not in q
            # (of what the question asks, in words besides its names: not "The Model Register Bill,
            # published in draft in May" for when the law applies)
            and concepts(re.sub(r"\b[A-Z][\w'’-]*", " ", q)).keys() & concepts(text).keys()
        ):
            return True  # "When did the board decide…?": "At a board meeting in April, the directors voted…"
        if _DATELINE.match(text) and not _DATELINE_ASKED.search(q):
            # A post's dateline says when it was posted: "Posted 30 September 2025 by Idris Calloway" is no
            # date of the licence change the post announces "from 14 October 2025".
            return False
        return any(m.group(0).lower() not in known for m in _DATE.finditer(text))
    if kind == "number":
        # "What is the number of the report?" asks for its identifier: "Report number: 2025/17", not a
        # figure the report gives.
        if ident := _ID_ASKED.search(q):
            # (…or the identifier written after the asked kind's word: "[Ticket AST-448213]", "Case no. 24/117")
            word = next(g for g in ident.groups() if g)
            return (bool(_IDENTIFIER.search(label_of(text))) and labelled_as_asked(q, text)) or bool(
                re.search(
                    rf"\b(?i:{word})\s*(?i:#|no\.?|number)?\s*(?=[\w/.-]*\d)[A-Z0-9][\w/.-]*[A-Z0-9]", text
                )
            )
        return _gives_number(text, ask, before)
    if kind == "place":
        asked = {n.base for n in ask.subjects}
        # (nor is a place the question names: "director of policy at Halden Labs" for "where is Halden Labs
        # based?")
        said = words_of(q)
        # (a record's "Venue: The Net Loft, Port Sellick Maritime Museum" says where, whatever its words)
        # (as does the asked event's field, where it names a place: "Resolution meeting: 19–21 August 2025,
        # Rendsholm (hybrid)")
        # (…read from where the question asks where: not "Option B" for "if it goes with the preferred option,
        # where will the model run?")
        where = re.search(r"\bwhere\b", q, re.I)
        if labelled_as_asked(q[where.start() :] if where else q, text, common) and any(
            n.base not in asked
            and n.base not in said
            and proper(n.text, common)
            and not re.fullmatch(MONTH, n.text)
            for n in names(without_label(text), lenient=True)
        ):
            return True
        # (a kind of place the question names is no answer to where it is: "on our own server" for "where
        # is the FieldHand server located?")
        unasked = any(not words_of(m.group(0).split()[-1]) <= said for m in _PLACE_NOUN.finditer(text))
        return bool(unasked or _PLACE_FIELD.search(text)) or any(
            re.sub(r"[^a-z]", "", place.lower()) not in asked
            and not words_of(place) <= said
            and not re.fullmatch(MONTH, place, re.I)
            and (proper(place, common) or _BUILDING.search(place) is not None)
            for m in _PLACE.finditer(text)
            if (place := next((g for g in m.groups() if g), ""))
        )
    if kind == "entity":
        if _FOUNDER_ASKED.search(q) and not _FOUNDING.search(text):
            return False  # not "Brindlewood AI's Marlow-13B is open source" for "who founded Brindlewood AI?"
        if PERSON_ASKED.search(q) and not person_named(text, common):
            return False  # "Which Ondara employee answered?": not "Licence: Ondara Community Licence 1.2"
        if (
            (of := _PERSON_OF.match(q))
            and BYLINE.match(text)
            and not re.search(rf"\b{re.escape(of.group(1))}\b", text)
        ):
            # "Which Quillon Labs executive argued…?": not the byline's "By Nadia Frost, Technology
            # Correspondent", who writes for the paper
            return False
        asked = {n.base for n in ask.subjects} | words_of(q)
        # "Which university…?": a name of one ("Halvorsen Language Systems Lab, Marrow University") is cue
        # enough.
        of_kind = re.search(r"\b(?:which|what)\s+(university|foundation|institute|company)\b", q, re.I)
        named = of_kind and re.search(rf"\b[A-Z][\w&-]*\s+{of_kind.group(1).capitalize()}\b", text)
        if of_kind and of_kind.group(1).lower() == "university" and not _UNIVERSITY.search(text):
            return False  # a university is named as one: not "Chief Scientist, Nordvik AI Collective"
        # A role other than the maker's ("who is its chief technology officer?") is answered only beside
        # the role: "Written by the Ledgerlark engineering team" names a maker, not the officer.
        role = " ".join(_role_words(q))
        if role and not _MAKER_ROLE.search(role):
            cue = names_role(q, text)
        elif organisation_asked(q) and FIELD.match(text):
            return False  # "Authors: Dr Keziah Oyelaran-Voss…" names people, not the think tank asked
        else:
            # (an organisation named is cue enough when one is asked: "Aldermoor Institute · Policy Brief")
            org = organisation_asked(q) and names_maker(ask, text, common)
            # (a name asked by what was done with it: "What is the name of the model Halcyon released?" —
            # "In April we published Aster Seedling")
            cue = bool(
                _ENTITY_CUE.search(text)
                # (who argued or warned is named by whom a quote is said by: '"…," said Aurelio Banerjee-Stout')
                or (_SPEECH.search(q) and _SPEECH.search(text))
                or named
                or names_role(q, text)
                or org
                or named_by_verb(q, text)
                or labelled_as_asked(q, text)
            )
        # (an organisation's name is a name whatever its words: "the Commons Model Alliance", though the
        # documents write "the commons")
        orgs = " ".join(m.group(0) for m in _ORGANISATION.finditer(text))
        return cue and any(
            n.base
            and n.base not in asked
            and not re.fullmatch(MONTH, n.base)
            and (proper(n.text, common) or re.search(rf"\b{re.escape(n.text)}\b", orgs) is not None)
            and not _licence_or_place(n, text)
            # (nor a term's initials in brackets after it: "A data protection impact assessment (DPIA)")
            and not _abbreviates(n.text, text)
            # (a transcript's speaker, "REYNDAL: If there were…", is who speaks, not what is named)
            for n in names(_without_speaker(text), lenient=True)
        )
    if kind == "reason":
        # (or after a verdict of a word or two that says what is asked, its reason: "Rejected. Release
        # policy is outside the scope of OMD-2…" for "why did the group turn the request down?")
        # (or answers a "why?" asked just before it: an interview's "…a special clause for very large
        # companies. Why?" over "That threshold … is there to stop free-riding.")
        return bool(_REASON_CUE.search(text)) or after_verdict(before, q) or answers_why(before)
    if kind == "definition" and (term := TERM.match(q)):
        # (or follows the term's own line: a glossary's "Open-washing:" above "Marketing a model as…")
        return _defines(text, term.group(1)) or term_line(before, term.group(1))
    if kind == "description" and _CONDITIONS_ASKED.search(q):
        # "What conditions must a pupil meet before using it?" is answered by a condition: "Pupils aged 13
        # and over may use the Study Helper once a parent … has returned signed consent form AUSD-F22", not
        # by the pilot the question's words are closest to.
        return bool(_CONDITION_SAID.search(text))
    if kind == "description" and _DECISION_ASKED.search(q):
        # "What did the ethics committee decide about the study?" is answered by what it decided ("DECISION.
        # …I am pleased to confirm a favourable opinion"), not by the study's description, closest in words.
        return bool((_VOTE_SAID if _VOTE_ASKED.search(q) else _DECISION_SAID).search(text))
    return True


# How a body voted, asked ("how did the committee vote on the call-in?") and said: by its tally or a vote
# ("RESOLVED (4 votes to 1; …)", "carried unanimously"), not by what it decided ("declines to refer…").
_VOTE_ASKED = re.compile(
    r"\bhow\s+(?:did|do|does|will|would)\b[^?,]*\bvote\b|\bwhat\s+was\s+the\s+(?:[\w'’-]+\s+){0,2}?vote\b",
    re.I,
)
# A document's dateline, and a question asking what it tells: when the thing was posted, written or put out.
_DATELINE = re.compile(
    r"\W*(?:posted|published|updated|last updated|written)\b(?:\s+on)?\s+[^.]{0,20}?\b(?:19|20)\d\d\b", re.I
)
_DATELINE_ASKED = re.compile(
    r"\b(?:post(?:ed)?|publish(?:ed)?|publication|writ(?:e|ten)|wrote|update[sd]?|dated|came out|come out"
    r"|article|piece|blog|story|report|letter|memo|newsletter|page)\b",
    re.I,
)
# A decision asked: "what did the committee decide…?", "what was the panel's ruling?"
_DECISION_ASKED = re.compile(
    r"\bwhat\s+(?:did|has|have|had|will|would)\b[^?]*\b(?:decide|rule|resolve|determine|agree)d?\b"
    # (…and how a body voted, `_VOTE_ASKED`)
    rf"|{_VOTE_ASKED.pattern}"
    r"|\bwhat\s+(?:was|is|were)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:decision|ruling|verdict|outcome|determination)\b",
    re.I,
)
# How a text says what was decided
_DECISION_SAID = re.compile(
    r"\b(?:decided|decides|decision|resolved|resolution|agreed|approved|concluded|ruled|ruling|voted|carried"
    # (not "the earlier approval FHREC/2023/0118" nor a funder's grant: the act, not its noun in passing)
    r"|rejected|refused|declined|confirm(?:s|ed)?|upheld|dismissed|granted|(?:un)?favourable|endorsed|adopted"
    r"|allowed|denied|awarded)\b",
    re.I,
)
_VOTE_SAID = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:votes?\s+)?to\s+(?:\d+|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|nil|none)\b|\bunanimous(?:ly)?\b|\bvot(?:ed|ing|es?)\b|\babstain\w*|\bin favour\b",
    re.I,
)


_CONDITIONS_ASKED = re.compile(
    r"\b(?:what|which)\s+(?:\w+\s+)?(?:conditions|requirements|criteria|prerequisites)\b|\bunder what conditions\b"
    # ("what must a pupil do before using it?"; not "what do closed models do to keep users from misusing
    # them?", which asks what is done)
    r"|\bwhat\s+(?:must|do|does)\b[^?]*\b(?:meet|satisfy)\b"
    r"|\bwhat\s+(?:must\b|(?:do|does)\b[^?]*\b(?:need|have)\s+to\b)[^?]*\bdo\s+before\b",
    re.I,
)
_CONDITION_SAID = re.compile(
    r"\b(?:once|if|only if|provided|as long as|unless|on condition|subject to|must|needs? to|has to|have to"
    r"|required|requires?|eligible|aged\s+\d+)\b|\b\d+\s+(?:and|or)\s+(?:over|above|older)\b",
    re.I,
)


def answers_why(before: str) -> bool:
    """Whether `before`, the text a span follows, asks why: the span is its reason."""
    return bool(_WHY_ASKED.search(before))


_WHY_ASKED = re.compile(r"\bwhy\b[^?]*\?\s*$", re.I)


def after_verdict(before: str, question: str) -> bool:
    """Whether the sentence before a span is a verdict of a word or two on what is asked ("Rejected." for
    "why did the group turn the request down?"): the span is its reason."""
    return 0 < len(before.split()) <= VERDICT_WORDS and bool(
        concepts(before).keys() & concepts(question).keys()
    )


VERDICT_WORDS = 3  # a verdict this short is followed by its reason

# "How many people signed…": what the counted did, its verb in the past ("signed", "attended", "voted").
_COUNTED_BY_VERB = re.compile(r"\bhow many\s+(?:[a-z-]+\s+){1,2}?([a-z]{3,}ed)\b", re.I)
# Those who took part in a survey, poll or consultation, counted by their answers: "how many member firms
# took part?" — "We received 214 complete responses".
_TOOK_PART = re.compile(
    r"\bhow many\b[^?]*\b(?:t[ao]ok(?:e|ing)? part|participat\w*|respond(?:ed)?|replied)\b", re.I
)
_ANSWERS = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:responses?|respondents?|participants?|replies|submissions?)\b", re.I
)
BARE_COUNT = re.compile(r"\s*(?:[-*•]\s*)?\d[\d,]*\s+(?:are|were|is|was|have|had)\b")
BARE_COUNT_WORDS = 12  # the words after a bare count searched for what the question counts
_COUNT_ASKED = re.compile(r"\bhow many\b[^?]*?\b(?:are|were|is|was|have|had)\b([^?]*)", re.I)
_ID_ASKED = re.compile(
    r"\b(reference|serial|case|report|document|file|ticket)\s+number\b"
    r"|\bnumber\s+of\s+(?:the|this|that|its)\s+(?:[\w'’-]+\s+){0,3}?(report|document|paper|memo|case|ticket|bill|act|file)\b",
    re.I,
)
_IDENTIFIER = re.compile(r"\b(?:number|no\.?|reference|ref\.?|id|code)$", re.I)


def field_label(text: str, common: frozenset[str] = frozenset()) -> str:
    """The label of a "Label: value" line (or a cell's ", Label: value") when it names a field: three
    words at most, naming nothing ("Mistral AI Models: …" is a list's entry), not a transcript's speaker
    in capitals ("CHAIR: Thank you") but a header's field in capitals that gives a name ("CONTACT: Henrik
    Alsgaard, Category Manager"); "" otherwise."""
    label = label_of(text).strip(" ,")
    # (a cell of a "Field | Value" table is read under its row's label: "Value, Resolution meeting: …")
    column, _, row = label.partition(", ")
    label = row if row and VALUE_COLUMN.fullmatch(column) else label
    if len(label.split()) > FIELD_LABEL_WORDS:
        return ""
    if label.isupper():
        # (names() takes a word in capitals for an acronym's name: a label in capitals is read by its value)
        return label if _NAME_LED.match(without_label(text)) else ""
    # (a form's label in capitals is a field's when the documents write each of its words in lower case:
    # "Additional Premium: GBP 3,840.00", not "Mistral AI Models: …")
    ordinary = bool(common) and all(w.lower() in common for w in re.findall(r"[A-Za-z]+", label))
    return "" if names(label) and not ordinary else label


# A value led by a name, a title before it allowed ("Henrik Alsgaard, Category Manager", "Professor Hedda
# Quarrie, …"), or by a figure ("27 October 2025"). Spoken words are not ("Thank you", "Good evening, and
# welcome…"), nor one word ("Well, …").
_NAME_LED = re.compile(
    r"\s*(?:\d|(?:(?:Prof(?:essor)?|Dr|Mr|Mrs|Ms|Mx|Cllr|Councillor|Sir|Dame|Lord|Lady)\.?\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*){1,3}\s*(?:[,(]|$))"
)


FIELD_LABEL_WORDS = 3


def _label_asked(question: str, text: str) -> str:
    """A form's label in capitals that the question writes in lower case ("Named Insured: Pellbright
    Legal Services LLP" for "which firm is the named insured?"): a field, though its words look like a
    name; "" otherwise."""
    label = label_of(text).strip(" ,")
    said = set(re.findall(r"\b[a-z][\w'’-]*", question))
    words = label.split()
    return label if 0 < len(words) <= FIELD_LABEL_WORDS and all(w.lower() in said for w in words) else ""


def field_asked(question: str, text: str) -> bool:
    """Whether `text` is a field the question asks for by every word of its label ("Named Insured:
    Pellbright Legal Services LLP" for "which firm is the named insured?")."""
    label = field_label(text) or _label_asked(question, text)
    held = concepts(label).keys()
    return bool(held) and held <= concepts(question).keys()


def labelled_as_asked(question: str, text: str, common: frozenset[str] = frozenset()) -> bool:
    """Whether a field's or a table row's label says what the question asks was done: "Signed: Tobias
    Wren" for "who signed the audit?"."""
    label = field_label(text, common) or _label_asked(question, text)
    if not label or facet(label):
        return False  # (a side, "Open Source LLMs: Transparent…", is what the entry is about)
    return bool(concepts(label).keys() & concepts(question).keys() - {"model"})


HEADING_DATE_WORDS = 8  # a heading this short can be an entry's date ("v2.5.0 · 27 Aug 2024"), not prose


def dated_heading(ask: Ask, s: Span, passage: tuple[str, str]) -> str:
    """The heading that dates a span saying no date of its own: a changelog's entry, a dated post or
    the minutes of one meeting ("v2.5.0 · 27 Aug 2024" over "Context window raised from 16K to 32K") —
    what the span tells happened then. "" when the span dates itself or its heading gives no date."""
    if gives("date", s.text, ask):
        return ""
    for head in _headings_up(s, passage):
        # (a report's period is no entry's date: "FOR THE YEAR ENDED 31 MARCH 2025")
        if len(head.split()) <= HEADING_DATE_WORDS and gives("date", head, ask) and not _PERIOD.search(head):
            return head
        if len(head.split()) > KIND_HEADING_WORDS or re.search(r"\d", head):
            break
    return ""


_PERIOD = re.compile(
    r"(?i)\b(?:year|period|quarter|months?|half[- ]year)\s+(?:ended|ending|to)\b|\bas (?:at|of)\b"
)
KIND_HEADING_WORDS = 2  # a heading this short names a kind of entry ("Added", "Bug fixes"): passed over


def _headings_up(s: Span, passage: tuple[str, str]) -> list[str]:
    """The headings over a span, nearest first: its own, then (a changelog's "### Added" under "## [3.1.0] -
    2024-11-12") those above it in its passage and its section."""
    inside = [m.group(2) for line in passage[0][: s.start].splitlines() if (m := MD_HEADING.match(line))]
    path = [h.strip() for h in passage[1].split(" > ") if h.strip()]
    ups = [h.strip() for h in reversed(inside)] + [h for h in reversed(path) if h not in inside]
    if not ups:
        return [own_heading(s, passage)]
    # (not up to its document's title: "Lantern Fellowships — 2026" dates no entry of the call)
    title = path[0] if path else ""
    return ups[:1] + [h for h in ups[1:] if h != title]


# "Who is the executive director of…?", "Who was Ledgerlark's chief technology officer?", "Who acted as
# incident commander…?" (no article needed after "as"): a role asked.
_ROLE_ASKED = re.compile(
    r"\bwho\s+(?:(?:acted|acts|served|serves)\s+as\s+(?:an?\s+)?|(?:is|was|are|were)\s+(?:in\s+(?=the\s+chair))?)(?:the\s+|its\s+|their\s+|(?<=as\s)|(?<=an\s)|(?<=a\s)|(?:[A-Z][\w&-]*\s+){0,3}[A-Z][\w&-]*(?:['’]s|(?<=s)['’])\s+)"
    r"((?:[a-z][\w-]*\s+){0,3}?(?:[a-z][\w-]*(?:or|er|ist|yst|ent|ant|ive|ary|ian|ee|ead|chair)|chair|ceo|cto|cfo|host"
    r"|[a-z][\w-]*\s+(?:person|individual)))"
    # (and the holders of a role, "who are the inventors listed on…")
    # (or at the end of its part: "who is the branch's secretary" of "…and how can members reach them?")
    r"s?(?=\s+(?:of|at|on|for|who|that|in|to|behind|listed|named)\b|\s*\?|\s*$)",
    re.I,
)


# "Who founded Brindlewood AI?" is answered by who founded it, not by who made its model.
_FOUNDER_ASKED = re.compile(r"\bwho\s+(?:co-?)?(?:founded|established|started|set up)\b", re.I)
_FOUNDING = re.compile(
    r"\bfound(?:ed|er|ers|ing)\b|\bco-?found|\bestablish|\bstart(?:ed|er)\b|\bset up\b", re.I
)
# The event a date is asked of, by the participle that ends the question: "When was Halcyon founded?"
# (or by what it does: "When do the fellowships start?")
_EVENT_DONE = re.compile(
    # ("when is it supposed to launch?": what is due to happen)
    # ("from what date do the obligations apply?" asks it too)
    r"\b(?:when|(?:from|on|by|as\s+of)\s+what\s+(?:date|day))\s+"
    r"(?:do|does|did|will|would|should|(?:is|are|was|were)\b[^?]*?\b(?:supposed|due|expected|set|scheduled"
    r"|planned|meant|going)\s+to)\b[^?]*"
    # (the verb in lower case, not a name's word: "When would OPEN-AUDIT kick off…?" asks of its start)
    # ("open" before what is open is a modifier: "applicants to the open foundation models call")
    r"\s((?-i:start|begin|kick|open(?!\s+(?:source|weights?|foundation|models?|language|LLMs?|AI)\b)|launch"
    r"|release|publish|announce|introduce|end|finish|close|expire|apply"
    # (or by a law's taking effect: "when did the Order take effect?")
    r"|applies|commence|take\s+effect|come\s+into\s+(?:force|effect)|enter\s+into\s+force))s?(?![\w-])",
    re.I,
)
_EVENT_ASKED = re.compile(r"\b(?:was|were|is|are)\b[^?]*\s([a-z]{3,}(?:ed|en))\s*\?*\s*$")
# A transcript's speaker label in capitals: "REYNDAL: ", "MODERATOR (Femi Achterberg): " keeps its name.
_SPEAKER_LABEL = re.compile(r"\b[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}:\s")
ROLE_LINE_WORDS = 5  # at most this many words after a name in capitals make a role, not a speech turn


def _without_speaker(text: str) -> str:
    """`text` without its transcript speakers' labels ("REYNDAL: If there were…" speaks, names no one),
    unless the label's line is a participant's role ("INES FARROW: Moderator" names the moderator)."""
    m = _SPEAKER_LABEL.match(text.strip())
    if m and len(text.strip()[m.end() :].split()) <= ROLE_LINE_WORDS:
        return text
    return _SPEAKER_LABEL.sub(" ", text)


_NAME_ASKED = re.compile(r"\bnames? of\b[^?]*?\b([a-z]+)\W*$", re.I)


def _abbreviates(short: str, text: str) -> bool:
    """Whether `short` stands in brackets for the words right before it ("data protection impact
    assessment (DPIA)")."""
    if not (at := re.search(rf"\(\s*{re.escape(short)}\s*\)", text)) or not short.isupper():
        return False
    words = [
        w for w in re.findall(r"[A-Za-z][\w-]*", text[: at.start()]) if w.lower() not in grounding.STOP_WORDS
    ]
    return "".join(w[0] for w in words[-len(short) :]).upper() == short


def named_by_verb(question: str, text: str = "") -> bool:
    """Whether `text` does what a question asking a thing's name says was done with it: "What is the name
    of the model Halcyon released?" — "In April we published Aster Seedling" (published: released); with
    no `text`, whether the question asks a thing's name so."""
    m = _NAME_ASKED.search(question)
    return m is not None and (not text or bool(concepts(m.group(1)).keys() & concepts(text).keys()))


# What someone said, asked or told: "which executive argued against the rules?" — '"…," said Aurelio…'.
_SPEECH = re.compile(
    r"\b(?:said|says|say|argued|argues|argue|warned|warns|claimed|claims|told|insisted|insists|critici[sz]ed"
    r"|objected|objects|complained|according to)\b",
    re.I,
)


# The maker's roles, answered by "X was developed by Y" as well as by "its developer, Y".
_MAKER_ROLE = re.compile(
    r"\b(?:developer|creator|maker|builder|publisher|owner|founder|author|vendor|provider|producer|designer"
    r"|manufacturer|maintainer|trainer)\b",
    re.I,
)


# "Who hosts the podcast…?" asks the holder of a role by its verb: "Host: Priya Ramaswell".
# ("Which person at Nordvall Mutual is handling the claim?" asks it too: "Senior Claims Handler")
_ROLE_VERB = re.compile(
    r"\b(?:who|which\s+(?:person|individual|officer|employee|body|committee|board|panel|team)"
    r"(?:\s+(?:at|in|from)\s+[^?]{1,40}?)?(?:\s+(?:is|was))?)"
    # (…or is charged with doing it: "which body is charged with supervising the project?")
    r"(?:\s+(?:charged|tasked)\s+with|\s+responsible\s+for)?"
    r"\s+(host|chair|direct|edit|present|moderat|handl|manag|coordinat|supervis|investigat|inspect|negotiat|organi[sz]|led|lead|enforc)"
    r"(?:s|ed|es|e|ing)?\b(?!\s+(?:by|to)\b)",
    re.I,
)
_ROLE_NOUN = {
    "direct": "director",
    "edit": "editor",
    "present": "presenter",
    "moderat": "moderator",
    "handl": "handler",
    "manag": "manager",
    "coordinat": "coordinator",
    "supervis": "supervisor",
    "investigat": "investigator",
    "inspect": "inspector",
    "negotiat": "negotiator",
    "organis": "organiser",
    "organiz": "organiser",
    "led": "leader",
    "lead": "leader",
    "enforc": "enforcer",
}
# How a role is written where its noun is rarely the verb's: who led a panel is its chair or its head.
# (a show's presenter is its host, and the other way round; a debate's host is its moderator)
_HOST = r"(?:host(?:ed by)?|present(?:er|ed by)|moderat(?:or|ed by))"
_CHAIR = r"chair(?:man|woman|person)?"
_IN_CHARGE = re.compile(
    r"\bwho(?:'s|\s+(?:is|was|are|were))\s+(?:in\s+charge\s+of|responsible\s+for)\s+(?:the\s+|its\s+)?([a-z][\w-]+)",
    re.I,
)
# (a panel's, a board's or a meeting's head is its chair: "Panel chair: Danuta Ferris"; an incident's, its
# commander; a project's or a risk's, its manager, coordinator or owner)
_HEAD = (
    rf"(?:head(?:ed)?|leads?|led|leader|director|chief|in charge|responsible|{_CHAIR}|chaired|command(?:er)?"
    r"|manager|coordinator|conven(?:or|er)|owner)"
)
_ORGANISED = r"(?:organi[sz]er|organi[sz]ed by|coordinat(?:or|ed by)|conven(?:or|er|ed by))"
_ROLE_SAID = {
    # (and by a field labelled with the role it leads: "lead analyst: Rafael Dunmore"; not a post, "Lead
    # Data Engineer"; a working group or a module is led by its convenor)
    "leader": rf"(?:leader|lead(?:\s+[a-z]+)?(?=\s*:)|led by|{_CHAIR}|head(?:ed)?|conven(?:or|er|ed by))",
    "presenter": _HOST,
    "host": _HOST,
    # (a debate's or a panel's moderator is its chair, and its chair moderates it)
    "moderator": rf"(?:moderat(?:or|ed by)|{_CHAIR}|chaired by)",
    "chair": rf"(?:{_CHAIR}|chaired by|moderat(?:or|ed|es|ing))",
    # (a masthead names its editor by the verb: "Issue #87 · Edited by Hana Okonkwo-Reid")
    "editor": r"(?:editor|edited by)",
    # (what is organised is coordinated or convened: "Coordinated by: Dr Ilse Varga")
    "organiser": _ORGANISED,
    "coordinator": _ORGANISED,
    # (a supervisor oversees: "The Technology Risk Committee shall oversee Project Lantern")
    "supervisor": r"(?:supervis(?:or|es|ed|ion)|overse(?:e|es|en|eing)|oversaw|oversight)",
    # (a law's enforcer is its regulator: "Regulator: Digital Standards Authority (DSA)")
    "enforcer": r"(?:enforc\w*|regulator|regulated by)",
    # (a case's judge is named by their judicial title: "THE HONOURABLE MRS JUSTICE HAVERFORD", "PELL J")
    "judge": r"(?:judges?|justice|(?-i:[A-Z]{2,}\s+L?J))",
    # (a grant's lead researcher is its principal investigator)
    "researcher": r"(?:researcher|investigator|scientist)",
    # (a named thing's owner is whoever is responsible for it, heads or leads it)
    "responsible": rf"(?:owned by|{_HEAD})",
    # (a contact is named by the asking: "please contact Rosalind Achebe", "write to the editor, Ana Lund")
    "contact": r"(?:contacts?|write to|e-?mail|get in touch with)",
}


@cache
def _role_words(question: str) -> tuple[str, ...]:
    """The words of the role the question asks the holder of ("chief technology officer"), or []."""
    # (cached: every span of a part is checked against the same question's role)
    if m := _ROLE_ASKED.search(question):
        return tuple(m.group(1).split())
    if m := _OFFICE_ASKED.match(question):
        # "Which judge heard the case…?": "THE HONOURABLE MRS JUSTICE HAVERFORD"; "which minister replied…?":
        # "Dr Piet Anselm (Minister of State for Health): …"
        return (m.group(1),)
    if m := _ROLE_VERB.search(question):
        verb = m.group(1).lower()
        return (_ROLE_NOUN.get(verb, verb),)
    if charge := _in_charge_of(question):
        # "who is in charge of safety?" asks its head: "Anneli Varga, Head of Model Safety"
        return ("head", charge)
    if _IN_CHARGE.search(question):
        # "who is responsible for the Kestrel entry?" asks its owner: "Register owner | Priya Castellane-Moore"
        return ("responsible",)
    if _CONTACT_ASKED.search(question):
        # "Who should readers write to if they find a mistake?" asks a contact: "…please contact Rosalind
        # Achebe, Head of Publications"
        return ("contact",)
    return ()


# A public office asked by which of its holders: "which judge…", "which minister…"
_OFFICE_ASKED = re.compile(
    r"\W*(?:which|what)\s+(judge|minister|senator|councill?or|mayor|commissioner|official|spokesperson|mp)s?\b",
    re.I,
)
_CONTACT_ASKED = re.compile(
    r"^\W*(?:and\s+)?(?:who|whom)\b[^?]{0,80}\b(?:write|writes|report|send|email|e-mail|contact|reach|turn)"
    r"(?:\s+\w+){0,2}?\s+to\b\s*(?:if|when|about|with|for|\?|$)"
    r"|^\W*(?:who|whom)\s+(?:should|can|do|does|may|must)\s+[^?]{1,40}\b(?:contact|email|e-mail)\b",
    re.I,
)


def _in_charge_of(question: str) -> str:
    """What the question asks who is in charge of ("who is responsible for safety?": "safety"); "" when it
    asks none, or names it ("…responsible for Brindlecombe Mutual's risk register?" asks a field's holder)."""
    m = _IN_CHARGE.search(question)
    return m.group(1).lower() if m and m.group(1).islower() else ""


def role_initials(question: str) -> str:
    """The initials of a role of several words the question asks the holder of ("chief technology
    officer": CTO), as documents often write it; "" when it asks none."""
    words = _role_words(question)
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


@cache
def phrase_initials(question: str) -> tuple[tuple[str, str], ...]:
    """The initials of each three or four words in a row of each run of lower-case words the question
    holds (small words left out), with those words: documents write such a term by its initials as often
    as whole ("monthly recurring revenue": MRR, "total cost of ownership": TCO, "…finish the data
    protection impact assessment for the pilot": DPIA)."""
    out: list[tuple[str, str]] = []
    for run in re.finditer(r"\b[a-z][a-z-]*(?:\s+[a-z][a-z-]*)+\b", question):
        tokens = run.group(0).split()
        held = [i for i, w in enumerate(tokens) if w not in grounding.STOP_WORDS]
        for n in range(MIN_INITIALS, MAX_SPELLED + 1):
            for start in range(len(held) - n + 1):
                words = held[start : start + n]
                initials = "".join(tokens[i][0] for i in words).upper()
                out.append((initials, " ".join(tokens[words[0] : words[-1] + 1])))
    return tuple(out)


MIN_INITIALS, MAX_SPELLED = 3, 4  # (two letters are any pair of words' initials)


def names_role(question: str, text: str) -> bool:
    """Whether `text` names the role the question asks the holder of (see `_role`)."""
    role = _role(question)
    return bool(role and role.search(text))


@cache
def _role(question: str) -> re.Pattern[str] | None:
    """The role the question asks the holder of, as a span may write it: its last word ("the data
    protection officer, Annelie Varga"), or its initials ("Our CTO, Priya Okonkwo-Lind")."""
    words = _role_words(question)
    if not words:
        return None
    if charge := _in_charge_of(question):
        # (the head of what is asked: "Head of Model Safety", "head of safety", not "head of public policy";
        # "Safety lead", "Panel chair")
        # (by the word's stem too: the science side's head is the "Chief Scientist", engineering's the
        # "Head Engineer")
        at = rf"{re.escape(charge[:STEM_LETTERS])}\w*" if len(charge) > STEM_LETTERS else re.escape(charge)
        return re.compile(rf"\b{_HEAD}s?\b(?:\s+of)?[^.;:]{{0,25}}?\b{at}|\b{at}\s+{_HEAD}\b", re.I)
    initials = f"|\\b{i}\\b" if (i := role_initials(question)) else ""
    # (a role whose last word is any person's is written by the word before it: "the contact person" —
    # "Contact point: Anneli Sarv")
    last = words[-2] if len(words) > 1 and words[-1].lower() in _ANY_PERSON else words[-1]
    return re.compile(rf"\b(?i:{_ROLE_SAID.get(last.lower(), re.escape(last))}s?)\b{initials}")


STEM_LETTERS = 5  # a charge's first letters, which its holder's title shares ("science": "Scientist")
_ANY_PERSON = frozenset({"person", "individual", "people", "official"})


# An organisation's name by its last word ("Solvane AI", "Veridian Labs", "Marrowick Foundation").
# (the last words of organisations' names: "Solvane AI", "Veridian Labs", "Marrowick Foundation")
_ORGANISATION_WORDS = """
    AI Labs Lab Inc Ltd Corp Corporation Foundation Institute University Systems Research Technologies Group
    Compute Partners Trust Fund Capital Ventures Consortium Society Association Alliance Agency Authority
    Collective Partnership Cooperative Co-operative Federation Holdings LLC plc PLC GmbH
""".split()  # noqa: SIM905
_ORGANISATION = re.compile(rf"\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+(?:{'|'.join(_ORGANISATION_WORDS)})\b")
# "Which think tank…?", "which company…?": only an organisation's name answers.
_ORGANISATION_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:company|organi[sz]ation|institute|institution|lab|laboratory|firm|university"
    r"|think[ -]tank|non-?profit|foundation|charity|agency|start-?up|publisher|consultancy|investor|backer"
    r"|trust|fund)\b",
    re.I,
)


def organisation_asked(question: str) -> bool:
    """Whether the question asks which organisation of a kind ("Which think tank published…?")."""
    return _ORGANISATION_ASKED.search(question) is not None


def names_maker(ask: Ask, text: str, common: frozenset[str] = frozenset()) -> bool:
    """Whether `text` names an organisation the question does not: who makes or holds, for a question
    asking who (the developer of a model is a lab or a company, rarely a benchmark or a place)."""
    asked = {n.base for n in ask.subjects}
    # (an organisation whose name leads with the asked one is the asked one, written in full: "Ashgrove
    # Mutual Insurance Society" for "Ashgrove"; one of AI led by a word the documents write in lower case
    # is a term in capitals, "Generative AI Systems", though a firm's name may be its web address's too:
    # "Kellerman Institute", "civiq@kellerman.example")
    return any(
        (found := names(m.group(0), lenient=True))
        and found[0].base not in asked
        and (proper(found[0].text, common) or not re.search(r"\bAI\b", m.group(0)))
        for m in _ORGANISATION.finditer(text)
    )


def _licence_or_place(name: Name, text: str) -> bool:
    """Whether the name is a licence's ("released under the Apache 2.0 licence") or a place's ("a small
    team in Lyon"): no maker or holder."""
    at = re.escape(name.text)
    return bool(
        re.search(rf"\bunder\s+(?:the\s+)?{at}\b|\b{at}(?:[\s-]v?\d[\w.]*)?\s+licen[cs]e\b", text, re.I)
        or re.search(rf"\b(?:in|based in|headquartered in|located in)\s+{at}\b", text)
    )


def words_of(text: str) -> set[str]:
    """The words of `text`, in lower case, letters only: what a question says, to tell an answer's words
    from those it repeats."""
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


# A time written with colons, a recording's "00:02:44" too: no figure. (Not `CLOCK`, which answers "at what
# time…?" and so takes "9am" but not a timestamp's seconds.)
_TIMESTAMP = re.compile(r"(?<![\d.,])\d{1,2}:\d{2}(?::\d{2})?(?![\d.,])")


_SOME_DAY = re.compile(r"\b(?:will|would|could|may|might|should|can|must)\s+$", re.I)


def _figures(text: str, ask: Ask) -> list[re.Match[str]]:
    """The figures `text` gives that the question does not hold: not a date, nor a size in a name."""
    known = {m.group(0).lower().strip("$,. ") for m in _NUMBER.finditer(ask.question)}
    # A size standing alone ("in 7B, 13B and 70B sizes") is a figure; one in a name ("Mistral 7B") is not.
    versions = {v for n in names(text, lenient=True) if n.base for v in n.versions}
    # (nor the day of a date: "For the year ended 31 December 2027" gives no figure)
    dates = [d.span() for d in _DATE.finditer(text)]
    # (nor a time of day or a recording's timestamp: "[00:02:44] CORMAC DEVERILL: Standard tier…")
    dates += [c.span() for c in _TIMESTAMP.finditer(text)]
    return [
        m
        for m in _NUMBER.finditer(text)
        if (n := m.group(0).lower().strip("$,. ")) not in known
        and text[m.start() - 1 : m.start()] != "^"  # (an exponent: "10^25" is one figure)
        # ("$3 per million input tokens" is a sum, though "Quillon-3" is named beside it)
        and (
            n not in versions
            or m.group(0).startswith("$")
            or re.search(r"[€£¥]\s?$", text[max(0, m.start() - 2) : m.start()])
            or _CURRENCY_BEFORE.search(text[: m.start()])  # ("GBP 520m": a sum, not GBP's size)
            # (nor "AK 0.05" AK's version: an amount after a currency's code)
            or (_CODE_BEFORE.search(text[: m.start()]) and _AMOUNT.match(text, m.start()))
        )
        and not _DATE.fullmatch(n)
        and not any(a <= m.start() and m.end() <= b for a, b in dates)
        and not (
            n == "one" and not re.match(rf"\s+{_MEASURES}", text[m.end() :], re.I)
        )  # "from one … to another"
        # ("its investors will one day expect a return": some day, no count of days)
        and not (
            n == "one" and _SOME_DAY.search(text[: m.start()]) and re.match(r"\s+day\b", text[m.end() :])
        )
        # ("$15 per million output tokens": a rate's unit, no figure of its own)
        and not (n in SCALE and re.search(r"\b(?:per|a)\s+$", text[: m.start()], re.I))
    ]


def first_figure(text: str, ask: Ask) -> int:
    """Where in `text` its first figure the question does not hold starts, one in digits first ("two
    engineers … cost €460,000": the sum); 0 when it gives none."""
    found = _figures(text, ask)
    return next((m.start() for m in found if re.search(r"\d", m.group(0))), found[0].start() if found else 0)


SCALE = {  # a figure's scale by its word or letter ("4.2m", "1.2bn", "600 million")
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
_SCALE_SAID = re.compile(rf"({'|'.join(sorted(SCALE, key=len, reverse=True))})\b")
_COUNTS = {w: float(n) for w, n in WORD_NUMBERS.items() if n.isdigit()}  # "four" → 4 ("million" is a scale)
# What a figure is of: its currency or per cent, else the plural noun after it ("16 H100 GPUs"), with the
# span it is counted over ("40 million tokens a day", "250 million tokens per day": tokens/day).
_COUNTED = re.compile(r"\W*(?:[\w.-]+\s+){0,3}?([a-z][\w-]*s)\b", re.I)
_EVERY = re.compile(r"\W*(?:\w+\s+)?(annually|yearly|monthly|weekly|daily|hourly)\b", re.I)
_PERIODS = {
    "annum": "year", "annually": "year", "yearly": "year", "monthly": "month", "weekly": "week",
    "daily": "day", "hourly": "hour",
}  # fmt: skip
_OVER = re.compile(
    r"\W*(?:per|a|an|each)\s+(day|week|month|year|annum|hour|minute|second|million|token|user|request)s?\b",
    re.I,
)


def measures(text: str, ask: Ask) -> dict[str, set[float]]:
    """The figures `text` gives (`_figures`), by what they are of: "$2.50 per million input tokens" is
    {"$/million": {2.5}}, "16 H100 GPUs" {"gpus": {16}}, "41% of enterprises" {"%": {41}}."""
    out: dict[str, set[float]] = {}
    # ("only about a quarter of enterprises" is 25%, and the "two" of "two thirds" no figure of its own)
    shares = fractions(text)
    for _, _, share in shares:
        out.setdefault("%", set()).add(round(share))  # ("two thirds" is 67%, as documents round it)
    for m in _figures(text, ask):
        if any(a <= m.start() < b for a, b, _ in shares):
            continue
        raw = m.group(0).lower()
        digits = re.search(r"\d[\d,]*(?:\.\d+)?", raw)
        value = float(digits.group(0).replace(",", "")) if digits else _COUNTS.get(raw.strip())
        if value is None:
            continue
        scale = _SCALE_SAID.search(raw[digits.end() :] if digits else "")
        value *= SCALE[scale.group(1)] if scale else 1
        after = text[m.end() :]
        if digits and (power := re.match(r"\^(\d{1,3})\b", after)):
            # ("10^25 floating-point operations": one figure)
            value, after = value ** int(power.group(1)), after[power.end() :]
        if not digits and (word := re.match(r"\s+(thousand|million|billion|trillion)\b", after, re.I)):
            value *= SCALE[word.group(1).lower()]  # "four million times"
            after = after[word.end() :]
        if glued := re.match(r"-([a-z]{3,})\b", after):
            # "a 32,768-token context window" counts tokens
            after = f" {glued.group(1)}{'' if glued.group(1).endswith('s') else 's'}{after[glued.end() :]}"
        currency = next((c for c in "$€£" if c in raw or text[max(0, m.start() - 1) : m.start()] == c), "")
        # A currency by its code or its name is its sign: "EUR 1,850,000" is "€1,850,000", as is "1.85
        # million euros".
        named = _CURRENCY_BEFORE.search(text[: m.start()]) or _CURRENCY_AFTER.match(after)
        currency = currency or (_CURRENCY_SIGNS[named.group(1).lower().rstrip("s")] if named else "")
        # (a figure right before "per …" is a rate, counting nothing: "quoted us 1.35 per million input tokens")
        counted = None if _OVER.match(after) else _COUNTED.match(after)
        if counted and re.search(
            r"\b(?:both|all|each|every|the|these|those|its|their)\b", after[: counted.start(1)]
        ):
            counted = None  # "got 69.3 both times": the noun after a determiner counts nothing of the figure
        if (
            counted
            and (unit := ask.unit.lower())
            and re.match(
                rf"\W*(?:(?!of\b)[\w.-]+['’]?\s+){{0,2}}?{re.escape(unit.rstrip('s'))}s?\b", after, re.I
            )
        ):
            # (the asked unit said before another plural, as a modifier: "a 34 billion parameter model whose
            # weights…" counts parameters, not weights; or after a possessive: "4,000 residents' records"
            # counts records; but "600 megawatt-hours of electricity" counts megawatt-hours)
            counted = None
        # (a figure that names no unit is of the one asked: a "Parameters" cell's "68.4B" and "a
        # 70-billion-parameter model" both count parameters when parameters are asked)
        unit = currency or (
            "%"
            if re.search(r"%|per\s?cent", raw)
            else counted.group(1).lower()
            if counted
            else ask.unit.lower()
        )
        if not currency and (symbol := _UNIT_SYMBOL.match(after)):
            unit = _UNIT_SYMBOLS[symbol.group(1).lower()]  # "96 MW" is "a 64-megawatt campus"'s unit
        if named and named.re is _CURRENCY_AFTER:
            after = after[named.end() :]  # ("fifteen dollars per million output tokens": a rate in dollars)
        if not currency and ask.unit and _counts_asked(unit, ask, text[: m.start()]):
            # (a count the question asks by its verb: "downloaded 4.2 million times" and "three million
            # downloads" both count downloads; or by what it says they are: "how many organisations are
            # customers…?" is answered by "18,400 paying enterprise customers")
            unit = ask.unit.lower()
        rest = after[counted.end() :] if counted and not currency else after
        over = _OVER.match(rest) or _EVERY.match(rest)
        # ("€840,000 per annum", "€840,000 annually", "billed monthly")
        period = _PERIODS.get(over.group(1).lower(), over.group(1).lower()) if over else ""
        out.setdefault(unit + (f"/{period}" if period else ""), set()).add(value)
    return out


def _counts_asked(unit: str, ask: Ask, before: str) -> bool:
    """Whether a figure counting `unit`, after the text `before`, counts what the question asks by the
    verb or noun `ask.unit` ("3 million downloads" or "downloaded 4.2 million times" for "downloaded"), or
    by another plural noun the question says they are ("customers" in "how many organisations are
    customers…?")."""
    asked = ask.unit.lower()
    stem = unit_stem(asked)
    if unit == "times":
        return bool(re.search(rf"\b{re.escape(stem)}\w*\s+(?:\w+\s+){{0,3}}$", before, re.I))
    return unit != asked and (
        _counts_by(f" {unit}", ask.question)
        or (len(stem) >= 4 and unit_stem(unit) == stem)
        or _persons(asked, f" {unit}")
    )


def _items_of(ask: Ask, after: str) -> bool:
    """Whether a figure followed by `after` counts, by a generic noun, what the question counts under the
    same modifier: "11,400 test items" for "how many test questions…?"."""
    counted = _COUNTED.match(after)
    modifier = re.search(rf"\b([a-z][\w-]+)\s+{re.escape(ask.unit)}\b", ask.question, re.I)
    return bool(
        counted
        and modifier
        and counted.group(1).lower() in _ITEMS
        and re.search(rf"\b{re.escape(modifier.group(1))}\b", after[: counted.start(1)], re.I)
    )


_ITEMS = frozenset({"items", "entries", "examples", "cases", "instances", "samples", "records"})


def _persons(asked: str, after: str) -> bool:
    """Whether a figure followed by `after` counts persons, as "how many people…?" asks: "Three reviewers
    scored every answer", "12 engineers"."""
    counted = _COUNTED.match(after)
    return (
        asked.lower() in _PEOPLE
        and counted is not None
        and bool(_PERSONS.fullmatch(noun := counted.group(1).lower()))
        and noun not in _NOT_PERSONS
    )


_PEOPLE = frozenset({"people", "persons", "individuals"})
# (the noun is a plural in s, as `_COUNTED` reads it)
_PERSONS = re.compile(r"[a-z-]+(?:ers|ors|ists|ians|ants|ents)|members|employees|judges|experts|adults")
_NOT_PERSONS = frozenset({
    "parameters", "layers", "servers", "containers", "computers", "numbers", "letters", "papers", "chapters",
    "characters", "headers", "centers", "centres", "meters", "metres", "quarters", "markers", "filters",
    "clusters", "vendors", "sensors", "factors", "errors", "monitors", "vectors", "documents", "agents",
    "components", "segments", "comments", "elements", "payments", "statements", "requirements",
    "assessments", "incidents", "contents",
})  # fmt: skip


# A unit written by its symbol is the unit its name says: "96 MW" counts megawatts, "48 GB" gigabytes.
_UNIT_SYMBOLS = {
    "kw": "kilowatts", "mw": "megawatts", "gw": "gigawatts", "kwh": "kilowatt-hours", "mwh": "megawatt-hours",
    "gwh": "gigawatt-hours", "gb": "gigabytes", "tb": "terabytes", "km": "kilometres",
    "flop": "operations", "flops": "operations",  # "10^26 FLOP" is "10^25 floating-point operations"'s unit
}  # fmt: skip
_UNIT_SYMBOL = re.compile(rf"\s?({'|'.join(_UNIT_SYMBOLS)})\b", re.I)
# The units a count of money is asked in: "how many crowns…?"
_CURRENCY_UNIT = re.compile(r"dollars?|euros?|pounds?|crowns?|francs?|yen|yuan|rupees?|cents?|pence", re.I)
_SIGN_BEFORE = re.compile(r"[$€£¥]\s?$")
_CURRENCY_WORD_AFTER = re.compile(
    rf"\s*(?:(?:thousand|million|billion|[mk]|bn)\b\s*)?(?:{_CURRENCY_UNIT.pattern}|EUR|GBP|USD)\b", re.I
)


def asks_sum(question: str) -> bool:
    """Whether the question asks a sum of money: what something costs, is worth, earned or was paid."""
    # (as is what a thing is worth: "how much is the council's contract worth?")
    money = _MONEY_ASKED.search(question) or re.search(r"\bworth\b", question, re.I)
    return bool(money) and not _NOT_A_SUM.search(question) and not _count_asked(question)


def _count_asked(question: str) -> bool:
    """Whether the question counts things, not money: "how many fines…?", not "how many crowns…?"."""
    return bool(re.match(r"\s*how many\b", question, re.I)) and not re.search(
        rf"\bhow many\s+(?:{_CURRENCY_UNIT.pattern})\b", question, re.I
    )


def sum_unit(unit: str) -> bool:
    """Whether a unit `measures` reads is money: "£", "€/year", "crowns"."""
    return unit[:1] in "$€£¥" or bool(_CURRENCY_UNIT.match(unit))


def _sum_at(text: str, m: re.Match[str]) -> bool:
    """Whether the figure `m` of `text` is a sum of money ("£1.2m", "20 million crowns", "EUR 40,000")."""
    return bool(
        _SIGN_BEFORE.search(text[: m.start()])
        or _CURRENCY_BEFORE.search(text[: m.start()])
        or _CURRENCY_WORD_AFTER.match(text, m.end())
    )


_CURRENCY_SIGNS = {"eur": "€", "euro": "€", "gbp": "£", "pound": "£", "usd": "$", "dollar": "$"}
_CURRENCY_BEFORE = re.compile(r"\b(EUR|GBP|USD)\s?$")
_SMALL_COUNT = re.compile(r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)")
_CURRENCY_AFTER = re.compile(
    r"\s*(?:(?:thousand|million|billion|[mk]|bn)\b\s*)?(EUR|GBP|USD|euros?|pounds?|dollars?)\b"
)


# A sum spent in all ("how much did Veridian spend to train it?", "how much was the June bill?"), unless a
# rate is asked too.
_TOTAL_ASKED = re.compile(
    r"\b(?:spend|spent|spending|raise|raised|invest(?:ed)?|budget|in total|total|bills?|invoices?|invoiced|billed)\b",
    re.I,
)
_RATE_ASKED = re.compile(
    r"\b(?:per|each|a|an|every)\s+(?:million|thousand|token|hour|month|year|day|user|seat)", re.I
)
# A sum asked by what it was paid as: "how much did Dunmore pay in damages?"
_SUM_NAMED = re.compile(
    r"\bin\s+(damages|compensation|fines|fees|taxes|tax|royalties|penalties|settlement|dividends)\b", re.I
)
# The activity a sum asked was spent on, as a span would name it (its stem).
_ACTIVITY = re.compile(r"\b(train|fine-tun|inferenc)(?:s|ed|ing|e|es)?\b", re.I)
# Qualifiers of one measure that exclude each other: the input price is not the output price.
_QUALIFIERS = (("input", "output"), ("output", "input"))
# A model's weights quantised, or at full precision.
_PRECISIONS = (
    re.compile(r"\b(?:quanti[sz]\w*|[2-8][- ]?bits?|int[48]|q[2-8](?:_\w+)?|gguf)\b|-q[2-8]\b", re.I),
    re.compile(r"\b(?:bfloat16|bf16|fp16|fp32|float16|16[- ]bits?|full[- ]precision)\b", re.I),
)
# A column that gives rates ("API price (per million tokens): $3 input"): its figures are no totals.
_PER_LABEL = re.compile(r"\bper\s[^:]*:[^:]*$")


# What a rate is per ("per million output tokens" → "output tokens"), past its count.
_SCALE_ONLY = re.compile(r"(?i)(?:thousand|million|billion|trillion)\b(?!\s+[a-z])")
_PER = re.compile(
    r"\bper\s+(?:(?:a|an|one|each|every|[\d,.]+\s*[kKmM]?|thousand|million|billion)\s+)*([a-z][\w-]*(?:\s+(?!per\b)[a-z][\w-]*)?)",
    re.I,
)
# A month with its year ("May 2025", "3 February 2026"); a quarter ("Q1 2025").
MONTH_YEAR = re.compile(rf"\b({MONTH})\.?\s+(?:19|20)\d\d\b", re.I)
_QUARTER = re.compile(r"\bQ[1-4]\b")


def _other_qualifier(text: str, figure: re.Match[str], question: str) -> bool:
    """Whether the figure is qualified the other way from the question ("$15 per million output tokens"
    for "what does it charge per million input tokens?")."""
    after = " ".join(text[figure.end() :].split()[:4]).lower()
    # (a gloss in brackets is read as one with the words around it: "per million generated (output) tokens")
    q = re.sub(r"[()]", " ", question.lower())
    # A model's precision qualifies every figure of its sentence: "In bfloat16 the model needs 145 GB"
    # is not what "the 4-bit quantised version" needs.
    asked = [bool(p.search(q)) for p in _PRECISIONS]
    said = [bool(p.search(text)) for p in _PRECISIONS]
    if sum(asked) == 1 and any(said) and not any(a and b for a, b in zip(asked, said, strict=True)):
        return True
    # A rate per one thing is not a rate per another: "cost per 1,000 NPC conversations" does not say what
    # is charged "per million output tokens".
    # (a rate may be per two things, "150 questions per officer per day": one of them the asked)
    # (a scale alone is a rate of what the sentence named before: "output tokens is $14.50 per million")
    per_q = set().union(
        *(concepts(m.group(1)).keys() for m in _PER.finditer(q) if not _SCALE_ONLY.match(m.group(1)))
    )
    per_t = set().union(
        *(concepts(m.group(1)).keys() for m in _PER.finditer(text) if not _SCALE_ONLY.match(m.group(1)))
    )
    if per_q and per_t and not per_q & per_t:
        return True
    # A total asked is no part's: a line led by "Investment income 86,420" is not the "total income".
    total = re.search(r"\btotal\s+([a-z]+)", q)
    if (
        total
        and not re.search(rf"\btotal\s+{total.group(1)}", text, re.I)
        and re.match(rf"\s*(?!(?:Total|The|A|An|Its|Our|Their)\b)[A-Z][a-z]+\s+{total.group(1)}\b", text)
    ):
        return True
    # A year qualifies them too: "in 2023, 9 per cent of its hours" is not the share "in May 2025".
    years = set(YEAR.findall(q))
    # (a year in brackets qualifies the brackets' figures alone: "rose to GBP 6,243,310 (2024: GBP
    # 4,662,225)", the last year's figure set beside this year's)
    bare = re.sub(r"\([^()]*\)", lambda m: m.group(0) if m.start() <= figure.start() < m.end() else " ", text)
    if years and (theirs := set(YEAR.findall(bare)) - {figure.group(0)}) and not years & theirs:
        return True
    # …and a month: "Q1 2025" or "in March 2025" is not "in May 2025".
    months = {m.lower()[:3] for m in MONTH_YEAR.findall(q)}
    named = {m.lower()[:3] for m in MONTH_YEAR.findall(text)}
    if months and (named or _QUARTER.search(text)) and not months & named:
        return True
    # …and a round by its letter: "a €60m Series B" is not what the Series A raised.
    rounds = {m.group(0) for m in _ROUND.finditer(q)}
    near = text[figure.end() : figure.end() + ROUND_REACH].lower()  # ("€12m of a €60m Series B")
    if rounds and (theirs := {m.group(0) for m in _ROUND.finditer(near)}) and not rounds & theirs:
        return True
    return any(
        re.search(rf"\b{a}\b", q) and not re.search(rf"\b{b}\b", q) and b in after and a not in after
        for a, b in _QUALIFIERS
    )


_ROUND = re.compile(rf"\b(?:{'|'.join(LETTERED)}) [{LETTERS.lower()}]\b")  # (the question read in lower case)
ROUND_REACH = 30  # characters after a figure in which a round's name qualifies it


def says_unit(unit: str, text: str) -> bool:
    """Whether `text` speaks of the unit a "how much/many" question counts, by its name or in its units
    ("how much memory" — "needs about 48 GB")."""
    return _said_in(unit, unit_stem(unit)).search(text) is not None


@cache
def _said_in(unit: str, stem: str) -> re.Pattern[str]:
    """How a text says a unit: in its units where it has them ("memory": VRAM, gigabytes), else by its stem."""
    return re.compile(rf"\b{_UNITS_OF[unit]}\b" if unit in _UNITS_OF else re.escape(stem), re.I)


_SOURCE = re.compile(r"\b(?:[Aa]ccording to|[Pp]er (?=the\b|[A-Z]))[^?,;]*")


def _gives_number(text: str, ask: Ask, before: str = "") -> bool:
    """Whether `text` gives a figure the question does not hold: a sum when it asks what something
    costs, a figure with the asked unit when it asks "how many <unit>"."""
    # Where the answer is to be read is no part of what is measured: "…revenue according to the investor's
    # memo" asks for revenue, not capital raised, and "per the memo" is no rate.
    ask = replace(ask, question=_SOURCE.sub("", ask.question))
    found = [m for m in _figures(text, ask) if not _other_qualifier(text, m, ask.question)]
    counted = _count_asked(ask.question)
    if re.match(r"\s*how many\b", ask.question, re.I) and ask.unit and ask.unit not in _ANY_COUNT:
        # "How many businesses answered the survey?" is a count of them, not a share ("All businesses: 34%");
        # "how many fines has the office issued?" counts fines, not a sum one may come to ("fines of up to 20
        # million crowns"), whatever money its noun is.
        found = [
            m
            for m in found
            if not (
                m.group(0).endswith("%")
                or _PERCENT_AFTER.match(text, m.end())
                or _PERCENT_LABEL.search(text[: m.start()])  # ("Change (percentage points): +15")
                or (counted and _sum_at(text, m))
            )
        ]
    if HOW_FAR.search(ask.question):
        return bool(DISTANCE.search(text))
    if HOW_LONG.search(ask.question):
        # "How long would the pilot run?" is answered by a span of time or a length ("a 90-day pilot",
        # "128K tokens"), not by the pilot's budget.
        return bool(DURATION.search(text))
    if _BODY_SIZE_ASKED.search(ask.question):
        # "What size of organisation had to move to a paid tier?" is answered by a headcount or a number
        # of users ("more than 500 employees"), not by any figure on the licence.
        return any(_HEADCOUNT.match(text, m.end()) for m in found)
    if _SIZE_ASKED.search(ask.question) and _named_size(text, ask):
        return True  # "what parameter size does its name state?": "Mistral 7B" gives it in the name
    if re.search(r"\bparam", ask.question, re.I) and not ask.unit:
        # "How big is Rook in parameters?" is answered by a count of parameters, not of training tokens.
        ask = replace(ask, unit="parameters")
    # (not when the question measures something else: "how much traffic … cheaper than paying an API?",
    # "how big does a company have to be before it needs a paid agreement?"; nor when it counts things:
    # "how many fines…?")
    if (
        not counted
        and _MONEY_ASKED.search(ask.question)
        and not _NOT_A_SUM.search(ask.question)
        and (
            not ask.unit
            or ask.unit in _ANY_COUNT
            or _MONEY.fullmatch(ask.unit)
            or _MONEY_NOUN.fullmatch(ask.unit)
        )
    ):
        # "How expensive is it…" is answered by a sum, not by any figure on the subject; "what was its
        # revenue?" by a sum it earned, not one it raised.
        earned = not _EARNINGS.search(ask.question) or _EARNINGS.search(text)
        # (and a valuation is one said to be: not the sum the round raised)
        earned = earned and (not _VALUATION.search(ask.question) or _VALUATION.search(f"{before} {text}"))
        if (act := _ACTIVITY.search(ask.question)) and not re.search(
            rf"\b{act.group(1)}", f"{before} {text}", re.I
        ):
            # "how much did they spend on training it?": not a support contract's cost; named here or in
            # the sentence before ("…£12 million for training Heron-72B… the real cost was £20 million")
            return False
        if (named := _SUM_NAMED.search(ask.question)) and not (
            concepts(named.group(1)).keys() & concepts(f"{before} {text}").keys()
        ):
            return False  # "how much did it pay in damages?": not "70% of Halvern's costs"
        if _RAISING.search(ask.question) and not _RAISED.search(f"{before} {text}"):
            return False  # "how much capital has it raised?": not what it charges
        # A total asked ("how much did they spend to train it?") is not a rate ("$15 per million tokens").
        rate = _RATE_ASKED.search(ask.question)
        total = _TOTAL_ASKED.search(ask.question) and not rate
        # (a sum's word is read whole where it stands, then found near the figure: "paid plans")
        # (what is free is no price asked when the question says it: "what do members pay once they go past
        # their free questions?" is not answered by "free for the first 200 questions")
        free = re.search(r"\bfree\b", ask.question, re.I)
        money = [w.span() for w in _MONEY.finditer(text) if not (free and w.group(0).lower() == "free")]
        return bool(earned) and any(
            any(start < m.end() + MONEY_REACH and end > m.start() - MONEY_REACH for start, end in money)
            and not (total and (_OVER.match(text[m.end() :]) or _PER_LABEL.search(text[: m.start()])))
            # (a small count in words is no sum unless its money is named: "priced two cards", not "fifteen
            # dollars" nor "millions, if not billions, of dollars")
            and not (_SMALL_COUNT.fullmatch(m.group(0)) and not _CURRENCY_AFTER.match(text, m.end()))
            # (nor is a share a price: "revenue grew 140%" for "what does it charge per million tokens?")
            and not (rate and (m.group(0).endswith("%") or _PERCENT_AFTER.match(text, m.end())))
            for m in found
        )
    if (bare := BARE_COUNT.match(text)) and (asked := _COUNT_ASKED.search(ask.question)):
        # "…contained 37 entries. Of these: / - 22 are open-weights models…": a bare count said of what
        # the question counts ("how many entries are open-weights models?") is of what its list divides.
        wanted = concepts(asked.group(1)).keys()
        if wanted and wanted <= concepts(" ".join(text[bare.end() :].split()[:BARE_COUNT_WORDS])).keys():
            return True
    if (did := _COUNTED_BY_VERB.search(ask.question)) and any(
        re.match(rf"\s*{re.escape(did.group(1)[:-2])}\w*\b", text[m.end() :], re.I) for m in found
    ):
        # "How many people signed the attendance sheet?" — "63 signed in on the sheet": a count said by
        # what the counted did, its noun left out.
        return True
    if _TOOK_PART.search(ask.question) and any(_ANSWERS.match(text, m.end()) for m in found):
        return True
    mass = ask.unit not in _UNITS_OF and re.search(
        rf"\bhow much (?:[\w-]+ ){{0,2}}{re.escape(ask.unit)}\b", ask.question, re.I
    )
    if not ask.unit or ask.unit in _ANY_COUNT or mass:
        # (a mass is said in its units, rarely by its name: "how much traffic" — "40 million tokens a day")
        return bool(found)
    if _SHARE_OF.search(ask.question) and any(
        m.group(0).endswith("%") or _PERCENT_AFTER.match(text, m.end()) for m in found
    ):
        return True  # "how much of the score was given to reproducibility?" asks a share: "(25%)"
    # "How many parameters…" is answered by a number of parameters, not by any number on the subject;
    # "how much electricity" by one of electricity, not the tokens it was trained on; "how many times has
    # it been downloaded" by one of downloads (`unit_of` reads the unit off its verb).
    unit = unit_stem(ask.unit)
    # ("how much data…" is answered in tokens, "how much memory…" in gigabytes)
    said_in = _said_in(ask.unit, unit)
    # (or in a word of the same concept: "how many businesses" — "212 small and medium-sized enterprises")
    kin = set(concepts(ask.unit))
    return (
        any(
            said_in.search(text[m.end() : m.end() + 40])
            # (the noun a long phrase ends on: "1,200 multi-step arithmetic and word-problem items")
            or said_in.search(_PHRASE_END.split(text[m.end() : m.end() + NOUN_PHRASE_REACH], 1)[0])
            or (kin and kin <= concepts(text[m.end() : m.end() + 40]).keys())
            or unit in text[max(0, m.start() - 25) : m.start()].lower()
            # (a cell's figure, counted by its column: "Documented incidents, Open-weight models: 212")
            or (not text[m.end() :].strip(" .%") and ": " in text and said_in.search(text[: m.start()]))
            # (or by another plural the question counts them by: "how many suppliers put in bids?" —
            # "received five bids")
            or _counts_by(text[m.end() :], ask.question)
            or _persons(ask.unit, text[m.end() :])
            or _items_of(ask, text[m.end() :])
            for m in found
        )
        or (unit in ("param", "weigh") and any(_sizes(text, m) for m in found))
    )


def _counts_by(after: str, question: str) -> bool:
    """Whether the plural right after a figure (`after` starts after it: " bids") is one the question
    names after its "how many" ("…suppliers put in bids"), up to a clause of its own."""
    # (after its modifiers: "18,400 paying enterprise customers" for "how many organisations are customers…?")
    plural = re.match(r"\s+(?:[a-z-]+\s+){0,2}?([a-z]{3,}s)\b", after)
    asked = _HOW_MANY_REST.search(question)
    return bool(plural and asked and re.search(rf"\b{plural.group(1)}\b", asked.group(1), re.I))


_HOW_MANY_REST = re.compile(r"\bhow many\s+([^,;?]*)", re.I)
NOUN_PHRASE_REACH = 80  # characters after a figure searched for the noun its phrase counts
# Where the noun phrase after a figure ends: a stop, a preposition, a verb.
_PHRASE_END = re.compile(
    r"[,.;:()]|\b(?:of|in|on|for|from|by|with|to|at|per|than|is|are|was|were|has|have|had)\b"
)


def _sizes(text: str, m: re.Match[str]) -> bool:
    """Whether the figure `m` is a size said as sizes ("in 7B, 13B and 70B sizes"), not one in a model's
    name ("Mistral 7B and Falcon 40B are released under Apache 2.0", "Llama 3 8B and 70B")."""
    return bool(_SIZE.fullmatch(m.group(0).strip()) and _SIZE_WORD.match(text, m.end()))


def _named_size(text: str, ask: Ask) -> bool:
    """Whether a name of the asked subject in `text` states a size the question does not ("Mistral 7B"
    for Mistral; not "8x7B" for "Mixtral 8x7B", whose size the question already holds)."""
    asked = {n.base: n.versions for n in ask.subjects}
    return any(
        n.base in asked
        and not any(_SIZE.fullmatch(v) for v in asked[n.base])  # "Falcon 180B" is no size of "Falcon 40B"
        and any(_SIZE.fullmatch(v) for v in n.versions - asked[n.base])
        for n in names(text, lenient=True)
    )


def term_line(line: str, term: str) -> bool:
    """Whether `line` is a glossary's entry line for `term` ("Open-washing:", "Weights (n.) —"): what
    follows it defines the term."""
    t = re.escape(term.rstrip("s"))
    return bool(re.fullmatch(rf"\W*{t}(?:e?s)?\b(?:\s*\([^)]*\))?\s*[:—–-]?\s*", line, re.I))


def glossary_entry(text: str, term: str) -> bool:
    """Whether `text` is a glossary's entry for `term`, the term in capitals before what it means on
    the same line: "LOCK-IN   When switching supplier becomes so costly…"."""
    return bool(re.match(rf"\W*{re.escape(term.upper())}\s+[A-Z][a-z]", text))


def _defines(text: str, term: str) -> bool:
    """Whether `text` says what `term` is."""
    # "LLMs are AI models trained to…", "Large Language Models, or LLMs, are…": the term said to be
    # something, near the start of the span, not merely named in it.
    t = re.escape(term.rstrip("s"))
    # (or a contract's defined term, in quotes and perhaps longer: '1.3 "Derivative Model" means any model…')
    if re.match(
        rf'^\W*(?:\d+(?:\.\d+)*\s+)?["“]{t}(?:e?s)?\b[^"”]{{0,40}}["”]\s+(?:means|includes)\b', text, re.I
    ):
        return True
    return glossary_entry(text, term) or bool(
        re.search(
            rf"^\W*(?:[\w'’,-]+\s+){{0,5}}?{t}(?:e?s)?\b(?:\s*\([^)]*\))?(?:,(?P<gloss>[^,]{{1,100}}),)?\s+"
            # (not "vLLM is released under…": a passive verb says what was done to it, not what it is —
            # unless a gloss between commas has said it: "Merge kits, which combine adapters, are shipped…")
            r"(?:(?:is|are)\b(?(gloss)|(?!\s+\w+ed\b))|refers? to\b|means?\b|describes?\b|denotes?\b)",
            text,
            re.I,
        )
    )


# A person asked by the organisation they work for: "Which Quillon Labs executive…?" (its first word).
_PERSON_OF = re.compile(rf"^\W*(?i:which|what)\s+([A-Z][\w&-]*)(?:\s+[A-Z][\w&-]*)*\s+(?:{ROLE_HOLDER})\b")
# One person asked by their role: "which journalist…?", "which Ondara employee…?" (not "which supplier").
PERSON_ASKED = re.compile(
    rf"^\W*(?:which|what)\s+(?:[A-Z][\w-]*\s+)?(?:[a-z-]+\s+)?(?:{ROLE_HOLDER}|person)\b"
    r"(?!\s+(?:states?|countries|organi[sz]ations?|bodies|body|firms?|companies))"
    # ("Who at Northmere has to finish the assessment?": someone there)
    r"|^\W*(?:and\s+)?who\s+(?:at|in|from)\s+(?:the\s+)?[A-Z]",
    re.I,
)
# A person's name: a title before a name, or two or three capitalised words none of them written in lower
# case, none a product's or an organisation's ("Ilse Brandvold"; not "Ondara Community Licence").
_TITLED = re.compile(r"\b(?:Dr|Prof(?:essor)?|Mr|Mrs|Ms|Mx|Cllr|Councillor|Sir|Dame|Lord|Lady)\.?\s+[A-Z]")
_NOT_A_PERSON = frozenset(w.lower() for w in _ORGANISATION_WORDS) | frozenset(
    """
    plc llc gmbh api pro lite licence license model council committee board analytics digital solutions
    services data health software cloud
    """.split()  # noqa: SIM905
)


_INITIALLED = re.compile(r"(?<![\w.])(?:[A-Z]\.\s){1,2}([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\b")


def person_named(text: str, common: frozenset[str]) -> bool:
    """Whether `text` names a person: a titled name, or two or three capitalised words that are no
    product's, organisation's or common words ("Ilse Brandvold")."""
    # (a judge by their judicial title too, in capitals: "THE HONOURABLE MRS JUSTICE HAVERFORD")
    if _TITLED.search(text) or JUDGE_LINE.match(text):
        return True
    # (or by initials before the surname, as an action log writes its owner: "P. Castellanos")
    if any(m.group(1).lower() not in common | _NOT_A_PERSON for m in _INITIALLED.finditer(text)):
        return True
    for m in re.finditer(
        r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?(?:\s+[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?){1,2}\b", text
    ):
        words = [re.sub(r"['’]s$", "", w.lower()) for w in re.split(r"[\s-]+", m.group(0))]
        if not any(w in common or w in _NOT_A_PERSON or w in grounding.STOP_WORDS for w in words):
            return True
    return False


def proper(phrase: str, common: frozenset[str]) -> bool:
    """Whether a phrase names something: a token with a digit or inner capitals (GPT-4, LLaMA), an owner
    in brackets ("Claude (Anthropic)"), or a single capitalised word the passages never write in lower
    case (Falcon, Bloom; not "Privacy", not "Future of LLM Accessibility")."""
    tokens = [t for t in re.findall(r"[A-Za-z0-9][\w.-]*", phrase) if t.lower() not in GENERIC_NAMES]
    if any(re.search(r"\d|[a-z][A-Z]|[A-Z]{2,}", t) for t in tokens):
        return True
    if re.search(r"\([A-Z][\w ]*\)", phrase):
        return True
    if len(tokens) > 1 and all(
        t[0].isupper() and t.lower() not in common and t.lower() not in grounding.STOP_WORDS for t in tokens
    ):
        return True  # "Abu Dhabi", "Borealis Labs": every word a capitalised word never written in lower case
    return (
        len(tokens) == 1
        and tokens[0][0].isupper()
        and tokens[0].lower() not in common
        and tokens[0].lower() not in grounding.STOP_WORDS
        and not re.search(r"(ity|ness|tion|ment|ance|ence|ing|ive|ship|al|ure)$", tokens[0])
    )
