"""Valence: a statement → how it leans on its subject (good words +1, bad ones -1, each turned by the words
around it); the one decision this module owns: which way a statement leans, in the words this corpus
argues with ("lower costs" is good, "not immune" bad, "audit … for vulnerabilities" good).
"""

from __future__ import annotations

import re

from rag.concepts import LEADING_SUBORDINATE


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What a statement says for or against its subject, in the words this corpus argues with: a side that
# finds the subject cheaper, safer or more reliable, against one that finds it costly, risky or opaque.
_GOOD = _words(
    "benefit benefits advantage advantages reliable reliability consistent robust trustworthy trusted safe safer "
    "secure safeguard safeguards protect protects protection enhanced improve improves improved improvement "
    "better best effective efficient affordable cheap cheaper accessible accessibility flexible flexibility "
    "transparent transparency innovation innovative empower empowers democratize democratizes enable enables "
    "easy easier excel excels excellent competitive powerful strong thrive thrives faster privacy customization "
    "customize customizable viable remarkable superior outperform polished seamless support immune freedom "
    "supported help helps helped helpful improving save saves saving savings "
    # (whether a thing is good enough is a judgement too: "an 88% rate sufficient for launch" against "she
    # did not accept that 88% was good enough")
    "sufficient sufficiently adequate adequately satisfactory enough "
    # (and whether a measure can be trusted: "an objective and reproducible basis" against "a poor guide")
    "reproducible rigorous credible accurate"
)
_BAD = _words(
    "risk risks risky vulnerable vulnerability vulnerabilities misuse abuse expensive costly cost costs fee fees "
    "hidden lack lacks lacking limited limitation limitations difficult hard challenge challenges challenging "
    "problem problems issue issues concern concerns bias biases biased error errors harm harmful danger "
    "dangerous threat threats inaccessible restrict restricted restriction restrictions barrier barriers "
    "obstacle obstacles opaque unreliable inconsistent weak poor slow insecure exploit exploited malicious "
    "stifle stifles monopoly expense burden burdens inferior dependency lock skepticism distrust doubt doubts "
    "spend spending overspend insufficient inadequate unsatisfactory misleading flawed inaccurate invalid noisy "
    "worst"
)
# Words that turn what follows them around: "not immune", "reducing risks", "audit … for
# vulnerabilities", "hard to identify biases" (a negation of a turn: still bad).
_TURNS = _words(
    "not no never without cannot unable fail fails reduce reduces reducing reduced lower lowers lowering low "
    "lowest worst minimal minimize minimizes mitigate mitigates mitigating prevent prevents avoid avoids combat fix fixes "
    "correct correction address addresses detect detects detection identify identifies audit audits scrutiny "
    "scrutinize overcome overcomes remove removes removed eliminate eliminates shatter shatters solve solves "
    "tackle tackles protect protects against immune resolve resolves resolving troubleshoot troubleshoots "
    "troubleshooting cut cuts cutting slash slashes halve halves"
)
# Words that say a good thing is scarce, read on the words right after them: "limited support", "lack of
# transparency" (not further: "startups with limited budgets can innovate" is no bad innovation).
_SCARCE = _words("limited lack lacks lacking little poor")
SCARCE_REACH = 2
# "Unlike closed models, which come with support, users of open ones…": what the other side has is
# not what this statement says of its own.
_UNLIKE = re.compile(r"^\W*unlike\b[^,]*,(?:\s*(?:which|that|where|who)\b[^,]*,)?\s*")
_NEGATIONS = frozenset({"not", "no", "never", "without", "cannot", "unable", "fail", "fails"})
_HARD = re.compile(r"\b(hard|difficult|harder|impossible) to\b")
# What a clause dismisses, everything it named before: "Lock-in concerns are overstated", "the savings are
# exaggerated".
_DISMISSED = _words("overstated overblown exaggerated unfounded misplaced overdone overrated overhyped")
# A bad thing said to be small after it is named: "costs stay low", "risks are minimal".
_LOWERED = _words("low lower lowest reduced minimal minimized down fall falls drop drops nothing little less")
AFTER_REACH = 3  # words after a bad word that may lower it
# Where a turning word's reach ends: a clause, or a participle or relative clause after a comma
# ("lower costs …, making them accessible": "accessible" is not lowered).
_CLAUSE_ENDS = re.compile(
    r"[.;!?]|\b(?:but|however|whereas|yet|although|though)\b|,\s+(?=\w+ing\b|which\b|who\b)"
)
# Words a turning word governs: "audit the models for ethical concerns, security vulnerabilities".
TURN_REACH = 8


# How fast a vendor answers is a judgement of its support: "a named engineer within hours, not days",
# "replied in under two hours and fixed it the same day", against "a median of nine days to get a
# substantive reply", "open for 9 days with no human reply".
_QUICK = re.compile(
    r"\b(?:within|in under|under|in less than) (?:an?|one|two|three|a few|\d+) (?:minutes?|hours?)\b"
    r"|\bsame[- ]day\b|\bwithin the hour\b|\bhours, not days\b"
)
_DAYS = (
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) (?:working |business )?(?:days|weeks)"
)
_SLOW = re.compile(
    rf"\b{_DAYS}\b[^.;]{{0,40}}\b(?:to get|before (?:a|any|getting)|with no|without)\b[^.;]{{0,30}}"
    r"\b(?:reply|replies|response|answer)"
    rf"|\b(?:took|takes|take|taking)\b[^.;]{{0,30}}\b{_DAYS} to (?:resolve|fix|answer|respond|reply|close|get|provide|deliver|send|supply|produce|hand)\b"
    r"|\bunanswered\b|\bno (?:human |real |substantive )?(?:reply|replies|response|answer)\b"
    r"|\bclosed without (?:a |any )?(?:reply|response|answer|one)\b"
)
# Support named as a thing, not praised: "our support tickets" (a support desk shipped is praise).
_SUPPORT_THING = re.compile(r"\bsupport (?:tickets?|queues?|requests?)\b")


def timed(text: str) -> bool:
    """Whether `text` says how fast someone answered or delivered: what judges a vendor's support, whether
    or not it says "support" ("it took Meridia ten weeks to provide them")."""
    lowered = text.lower()
    return bool(_QUICK.search(lowered) or _SLOW.search(lowered))


def valence(text: str) -> int:
    """How a statement leans on its subject: good words count +1, bad ones -1, each turned by the
    nearest turning word before it in its clause ("lower costs" is good, "not immune" bad, "audit …
    for vulnerabilities" good) or a lowering word right after it ("costs stay low"), and turned back
    when a negation governs the turning word ("hard to identify biases" is bad). A leading "While …,"
    clause is the concession, not the statement."""
    text = _UNLIKE.sub("", LEADING_SUBORDINATE.sub("", _HARD.sub("not", text.lower())))
    total = len(_QUICK.findall(text)) - len(_SLOW.findall(text))
    text = _SUPPORT_THING.sub(
        " ", _SLOW.sub(" ", _QUICK.sub(" ", text))
    )  # (read once: "no reply" turns nothing)
    for clause in _CLAUSE_ENDS.split(text):
        words = re.findall(r"[a-z]+(?:n't)?", clause)
        total += sum(_lean(words, i) for i in range(len(words)))
    return total


def _lean(words: list[str], i: int) -> int:
    """+1, -1 or 0: how word `i` of a clause leans, once turned."""
    sign = 1 if words[i] in _GOOD else -1 if words[i] in _BAD else 0
    if not sign:
        return 0
    if sign > 0 and _SCARCE & set(words[max(0, i - SCARCE_REACH) : i]):
        return -1
    turn = next((j for j in range(i - 1, max(-1, i - TURN_REACH - 1), -1) if _turns(words[j])), None)
    if turn is not None:
        sign = -sign
        if words[turn] not in _NEGATIONS and any(_negates(x) for x in words[max(0, turn - 2) : turn]):
            sign = -sign
    elif sign < 0 and _LOWERED & set(words[i + 1 : i + 1 + AFTER_REACH]):
        sign = -sign
    if _DISMISSED & set(words[i + 1 :]):
        sign = -sign  # "lock-in concerns are overstated": the concern is dismissed, not raised
    return sign


def _negates(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")


def _turns(word: str) -> bool:
    return word in _TURNS or word.endswith("n't")
