"""Lexicon: this domain's words → the concepts they fold to; the one decision this module owns: which
words mean the same (synonyms), which mean the opposite (signed concepts), and which say nothing.

Plain tables, read by `rag.concepts`: each synonym group folds to its first word; each opposite is
(word, concept, sign), so "closed" is the concept "open" with sign -1.
"""

from __future__ import annotations

# Synonyms: each group folds to its first word. Opposites: (word, concept, sign).
SYNONYMS = [
    "create develop build built make made produce design construct author train creation",
    # (a document's data or weights disclosed are released: "has never released its data mixture")
    "release launch publish introduce introduction unveil ship debut put disclose discloses disclosed disclosing",
    "company corporation firm business enterprise vendor provider supplier",
    "model llm llms",
    "access available accessible obtainable reachable",
    "use utilize utilise leverage employ apply",
    "cost price fee expense expenditure spending spend spent outlay charge",
    "modify alter change adapt customize customise tune adjust edit tailor modification",
    "allow permit enable let",
    "show demonstrate display exhibit",
    "help assist aid support backing",
    "improve enhance better boost strengthen",
    "fast quick rapid swift speedy",
    "big large huge massive vast immense enormous giant",
    "require need demand necessitate",
    "risk danger threat hazard",
    "secret confidential hidden guarded",
    "user customer client",
    "research study investigation",
    "developer engineer programmer coder",
    "innovation innovate invention",
    "famous known renowned notable prominent popular recognized",
    "offer provide give gave given supply deliver",
    "weight parameter",
    "community collective",
    # (a scheme's categories are its classes: "how many openness categories…?" — "the four classes")
    "category class",
    "download obtain",
    "control govern manage restrict",
    # (a body that oversees a project supervises it: "the Technology Risk Committee shall oversee Project
    # Lantern" for "which body is charged with supervising it?")
    "oversee oversees overseeing oversight supervise supervises supervised supervising supervision",
    "profit profitability revenue income earnings",
    "advantage benefit strength upside merit",
    "question query queries inquiry enquiry prompt",
    "shop retailer commerce marketplace",
    # (data kept is data retained or stored: "does Halcyon keep prompts?" — "Supplier retains Prompts for
    # 30 days", "we do not store their prompts"; a shop is no store of data)
    "retain retains retained retaining retention keep keeps kept keeping store stores stored storing",
    "online web website internet",
    "task job duty",
    "challenge weakness disadvantage drawback downside limitation shortcoming",
    # General thesaurus groups: paraphrase swaps these freely in writing about software and models.
    "write wrote written writer compose author draft",
    "memo memorandum",
    "summarize summarise condense abridge",
    "inspect examine audit review scrutinize scrutinise scrutiny auditor",
    "distribute redistribute share disseminate",
    "data dataset corpus corpora material",
    "text writing prose",
    "expertise expert specialist knowledge skill know-how",
    "compute computational computing",
    "researcher scientist academic investigator",
    "employee staff workforce headcount personnel",
    "understand comprehend grasp interpret",
    "problem issue concern flaw bug defect hole vulnerability",
    "fix repair correct resolve troubleshoot patch cure remedy",
    "refine polish perfect",
    "traction popularity attention",
    "rival match equal rivaling",
    "find discover locate",
    "gpu graphic",
    "memory ram",
    "bias prejudice",
    "misinformation falsehood disinformation",
    "spam junk",
    "misuse abuse exploit",
    "alternative substitute replacement",
    "world worldwide globe global",
    "sensitive confidential",
    "dominate lead",
    "sector industry field domain market",
    "fund finance pay",
    "financial monetary",
    "organisation organization institution",
    "start begin commence kick kickoff",
    # (a company incorporated in 2019 was founded then; not "in-" + "corporated")
    # (a body founded is one established: "was founded in 2019" — "was established in 2020")
    "found founded incorporate incorporated incorporation establish established",
    # (a board decides by a vote or a resolution)
    "decide decided decision vote voted resolve resolved",
    "end finish conclude",  # ("when did the standstill period finish?" — "will end at midnight on 2 May")
    "year annum",
    "request ask",
    "record tape",  # ("when was the episode taped?" — "Recorded: 6 February 2025")
    "second runner",  # (the runner-up is second: "Second prize — €2,500")
    "teach teacher instructor lecturer tutor",  # ("who is teaching the course?" — "Instructor: Dr …")
    "conduct conducts conducted conducting fieldwork",  # (a survey's fieldwork is when it was conducted)
]
# Verbs of two words that mean one the documents write: (the verb's forms, its particle — a pattern — and
# the word).
# ("When did Aurelian-4 come out?" — "released"; "how many comments were turned down?" — "Rejected")
PHRASAL_VERBS = [
    ("come comes came coming", "out", "release"),
    ("roll rolls rolled rolling", "out", "release"),
    ("turn turns turned turning", "down", "reject"),
    ("take takes took taken taking", "part", "participate"),
    ("call calls called calling", "off", "cancel"),
    ("put puts putting", "forward", "propose"),
    ("pull pulls pulled pulling", "out", "withdraw"),
    ("step steps stepped stepping", "down", "resign"),
    # ("when was the survey carried out?": when its fieldwork ran)
    ("carry carries carried carrying", "out", "conduct"),
    # ("in what year was the Collective set up?": when it was founded or established)
    ("set sets setting", "up", "found"),
    # ("what is the maximum input length Okapi-2 can handle?": its context window, "Context (tokens)")
    ("input", r"(?:length|size|limit)", "context"),
    # ("when did the ombudsman issue its ruling?": when it decided, not a problem's "issue")
    ("issue issues issued issuing", r"(?:its |a |the |their )?(?=ruling|decision|judge?ment|verdict)", ""),
]
OPPOSITES = [
    ("open", "open", 1), ("opensource", "open", 1), ("closed", "open", -1), ("close", "open", -1),
    ("proprietary", "open", -1), ("closedsource", "open", -1),
    ("public", "public", 1), ("publicly", "public", 1), ("private", "public", -1), ("privately", "public", -1),
    ("transparent", "transparent", 1), ("transparency", "transparent", 1), ("opaque", "transparent", -1),
    ("lower", "more", -1), ("low", "more", -1), ("higher", "more", 1), ("high", "more", 1),
    ("cheaper", "more", -1), ("cheap", "more", -1), ("expensive", "more", 1), ("costly", "more", 1),
    ("inexpensive", "more", -1), ("affordable", "more", -1), ("pricey", "more", 1), ("hefty", "more", 1),
    ("more", "more", 1), ("less", "more", -1), ("fewer", "more", -1), ("greater", "more", 1),
    ("increase", "increase", 1), ("increases", "increase", 1), ("reduce", "increase", -1), ("ensure", "increase", 1),
    ("ensures", "increase", 1), ("ensuring", "increase", 1), ("limit", "increase", -1), ("limits", "increase", -1),
    ("reduces", "increase", -1), ("decrease", "increase", -1), ("decreases", "increase", -1),
    ("lowers", "increase", -1), ("raises", "increase", 1),
    ("permit", "permit", 1), ("permits", "permit", 1), ("allow", "permit", 1), ("allows", "permit", 1),
    ("prohibit", "permit", -1), ("prohibits", "permit", -1), ("forbid", "permit", -1), ("forbids", "permit", -1),
    ("prevent", "permit", -1), ("prevents", "permit", -1), ("block", "permit", -1), ("blocks", "permit", -1),
    ("free", "free", 1), ("freely", "free", 1), ("paid", "free", -1), ("subscription", "free", -1),
    ("secure", "secure", 1), ("security", "secure", 1), ("insecure", "secure", -1),
    ("vulnerable", "secure", -1), ("unsafe", "secure", -1), ("safe", "secure", 1),
    ("easy", "easy", 1), ("easier", "easy", 1), ("easily", "easy", 1), ("hard", "easy", -1),
    ("harder", "easy", -1), ("difficult", "easy", -1), ("difficulty", "easy", -1),
    ("slow", "fast", -1), ("slower", "fast", -1), ("faster", "fast", 1), ("quickly", "fast", 1),
    ("small", "big", -1), ("smaller", "big", -1), ("larger", "big", 1), ("bigger", "big", 1),
    ("strong", "strong", 1), ("stronger", "strong", 1), ("weak", "strong", -1), ("weaker", "strong", -1),
    ("centralized", "central", 1), ("centralised", "central", 1), ("decentralized", "central", -1),
    ("same", "same", 1), ("different", "same", -1), ("identical", "same", 1),
    ("limited", "limited", 1), ("restricted", "limited", 1), ("unlimited", "limited", -1),
    ("full", "limited", -1), ("fully", "limited", -1), ("partial", "limited", 1),
    ("entirely", "limited", -1), ("completely", "limited", -1), ("wholly", "limited", -1),
    ("before", "before", 1), ("after", "before", -1), ("earlier", "before", 1), ("later", "before", -1),
    ("success", "success", 1), ("succeed", "success", 1), ("fail", "success", -1), ("failure", "success", -1),
    ("include", "include", 1), ("includes", "include", 1), ("exclude", "include", -1), ("excludes", "include", -1),
    ("accept", "accept", 1), ("reject", "accept", -1), ("rejects", "accept", -1),
    ("polished", "polished", 1), ("unpolished", "polished", -1), ("rough", "polished", -1),
    ("commercial", "commercial", 1), ("noncommercial", "commercial", -1),
    ("inclusive", "inclusive", 1), ("exclusive", "inclusive", -1),
    ("simple", "simple", 1), ("complex", "simple", -1), ("complicated", "simple", -1),
    ("gain", "gain", 1), ("gaining", "gain", 1), ("gains", "gain", 1), ("grow", "gain", 1), ("growing", "gain", 1),
    ("lose", "gain", -1), ("losing", "gain", -1), ("loses", "gain", -1), ("decline", "gain", -1),
    ("declining", "gain", -1), ("shrinking", "gain", -1), ("rise", "gain", 1), ("rising", "gain", 1),
    ("foster", "increase", 1), ("fosters", "increase", 1), ("fostering", "increase", 1), ("encourage", "increase", 1),
    ("encourages", "increase", 1), ("promote", "increase", 1), ("promotes", "increase", 1), ("accelerate", "increase", 1),
    ("accelerates", "increase", 1), ("drive", "increase", 1), ("drives", "increase", 1), ("empower", "increase", 1),
    ("hinder", "increase", -1), ("hinders", "increase", -1), ("hindered", "increase", -1), ("stifle", "increase", -1),
    ("stifles", "increase", -1), ("stifled", "increase", -1), ("discourage", "increase", -1), ("undermine", "increase", -1),
    ("undermines", "increase", -1), ("slows", "increase", -1), ("impede", "increase", -1), ("impedes", "increase", -1),
    ("hamper", "increase", -1), ("hampers", "increase", -1), ("obstruct", "increase", -1),
    ("reveal", "reveal", 1), ("reveals", "reveal", 1), ("expose", "reveal", 1),
    ("conceal", "reveal", -1), ("conceals", "reveal", -1), ("hide", "reveal", -1), ("hides", "reveal", -1),
    ("secrecy", "transparent", -1), ("openness", "open", 1), ("isolation", "collaboration", -1),
    ("collaboration", "collaboration", 1), ("cooperation", "collaboration", 1), ("competition", "competition", 1),
    ("tighten", "strict", 1), ("tightening", "strict", 1), ("strict", "strict", 1), ("stricter", "strict", 1),
    ("loosen", "strict", -1), ("loosening", "strict", -1), ("relax", "strict", -1), ("relaxing", "strict", -1),
    ("lenient", "strict", -1),
    ("intensify", "intensify", 1), ("intensified", "intensify", 1), ("fade", "intensify", -1),
    ("faded", "intensify", -1), ("diminish", "intensify", -1), ("diminished", "intensify", -1),
    ("weakened", "strong", -1), ("enhanced", "strong", 1), ("robust", "strong", 1),
    ("accept", "accept", 1), ("welcome", "accept", 1), ("welcomes", "accept", 1), ("embrace", "accept", 1),
    ("ignore", "accept", -1), ("ignores", "accept", -1), ("invite", "accept", 1), ("invites", "accept", 1),
    ("solicit", "accept", 1), ("dismiss", "accept", -1), ("dismisses", "accept", -1), ("resist", "accept", -1),
    ("many", "many", 1), ("numerous", "many", 1), ("few", "many", -1), ("handful", "many", -1), ("little", "many", -1),
    ("extensive", "many", 1), ("extensively", "many", 1), ("loose", "strict", -1), ("looser", "strict", -1),
    ("most", "many", 1), ("majority", "many", 1), ("minority", "many", -1),
    ("always", "always", 1), ("rarely", "always", -1), ("seldom", "always", -1), ("sometimes", "always", -1),
    ("first", "first", 1), ("last", "first", -1), ("original", "first", 1), ("latest", "first", -1),
    ("best", "good", 1), ("good", "good", 1), ("better", "good", 1), ("worse", "good", -1), ("worst", "good", -1),
    ("poor", "good", -1), ("bad", "good", -1), ("accurate", "accurate", 1), ("inaccurate", "accurate", -1),
    ("reliable", "reliable", 1), ("unreliable", "reliable", -1), ("stable", "stable", 1), ("unstable", "stable", -1),
    ("centralized", "central", 1), ("community-driven", "central", -1),
    ("broad", "broad", 1), ("broader", "broad", 1), ("wide", "broad", 1), ("wider", "broad", 1),
    ("narrow", "broad", -1), ("narrower", "broad", -1),
    ("internal", "internal", 1), ("external", "internal", -1), ("inside", "internal", 1), ("outside", "internal", -1),
    ("add", "add", 1), ("adds", "add", 1), ("remove", "add", -1), ("removes", "add", -1),
    ("increasingly", "increase", 1), ("minimal", "more", -1), ("stability", "stable", 1),
    ("instability", "stable", -1), ("opacity", "transparent", -1), ("suitable", "suitable", 1),
    ("unsuitable", "suitable", -1), ("ideal", "suitable", 1), ("poorly", "good", -1), ("well", "good", 1),
    ("seamless", "good", 1), ("seamlessly", "good", 1), ("exposure", "secure", -1), ("protect", "secure", 1),
    ("protection", "secure", 1), ("safeguard", "secure", 1), ("safeguards", "secure", 1),
    ("minimize", "increase", -1), ("minimizes", "increase", -1), ("maximize", "increase", 1),
    ("welcomes", "accept", 1), ("rejects", "accept", -1), ("refuse", "accept", -1), ("refuses", "accept", -1),
    ("diversity", "diverse", 1), ("diverse", "diverse", 1), ("monopoly", "diverse", -1),
    ("decentralized", "central", -1), ("decentralised", "central", -1),
    ("cut", "increase", -1), ("cuts", "increase", -1), ("slash", "increase", -1), ("lessen", "increase", -1),
    ("choke", "increase", -1), ("choked", "increase", -1), ("smother", "increase", -1),
    ("rivalry", "competition", 1), ("tough", "easy", -1), ("tricky", "easy", -1), ("protection", "secure", 1),
    ("safer", "secure", 1), ("safety", "secure", 1), ("safest", "secure", 1), ("trustworthy", "reliable", 1),
    ("dependable", "reliable", 1),
]  # fmt: skip
# Words whose stems collide with another concept's: "customer" and "customize" both stem to "custom".
WORD_CONCEPTS = {
    "customer": "user",
    "customers": "user",
    # "authorization" stems to "author" (a maker): it is a permission.
    **{
        f"{root}{end}": "allow" for root in ("authoriz", "authoris") for end in ("e", "ed", "ation", "ations")
    },
}
# Words that hedge, point back or place a claim: they say nothing the passage must hold.
EXTRA_STOP = frozenset(
    [
        "often",
        "typically",
        "generally",
        "usually",
        "also",
        "only",
        "just",
        "really",
        "quite",
        "very",
        "can",
        "may",
        "might",
        "which",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "based",
        "technically",
        "particular",
        "particularly",
        "called",
        "known",
        "series",
    ]
)
# A month's name, full or short (read case-insensitively): the verifier's dates and the answers' share it.
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# Numbers written as words, as the figures `rag.concepts.numbers` compares.
WORD_NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
    "ninety": "90", "hundred": "100", "hundreds": "100",
    "dozen": "12", "dozens": "12", "thousand": "1k", "thousands": "1k", "million": "1m", "millions": "1m",
    "billion": "1b", "billions": "1b", "trillion": "1t", "trillions": "1t",
}  # fmt: skip
# What a judgement of a model is about, whichever way it goes: "safer" and "misuse" both speak of
# security, "free" and "expensive" both of cost. A question that asks for a judgement on one of these
# is a question the documents may argue both ways (`rag.disagree.weigh`); a span takes a side on it
# only when it speaks of the same aspect.
ASPECTS = {
    "security": "safe safer safety secure security risk risks risky misuse abuse vulnerable harm harmful "
    "threat threats malicious exploit weaponize weaponized attack danger dangerous safeguard safeguards "
    "actor actors",
    "cost": "cost costs costly cheap cheaper expensive free fee fees price pricing afford affordable "
    "affordability financial budget money subscription paid spend spending",
    "reliability": "reliable reliability trustworthy trust dependable depend consistent consistency accurate "
    "accuracy error errors stable stability tested testing polished",
    "quality": "quality performance perform performs outperform rival rivaling competitive benchmark "
    "benchmarks capable capability powerful",
    "bias": "bias biases biased fairness unfair",
    "support": "support help troubleshoot troubleshooting documentation forum forums maintenance",
    "privacy": "privacy confidential confidentiality sensitive",
    "regulation": "regulation regulations regulated regulatory regulator regulators rule rules compliance "
    "compliant law laws legal",
    "licensing": "license licenses licensing licensed redistribute redistribution distribute distribution "
    "permissive restriction restrictions",
    "business": "commercial commercially viable viability enterprise enterprises business businesses monetize "
    "revenue profit profitability sustainability",
    "customization": "customization customizable adapt adaptation tailor tailored "
    "modify modification flexible flexibility",
    "speed": "fast faster speed quick quickly rapid rapidly pace edge",
    "transparency": "transparent transparency inspect inspection audit auditing visible visibility "
    "scrutiny opaque",
    "access": "access accessible accessibility barrier barriers obstacle obstacles democratize democratizing "
    "exclusive",
    "competition": "competition compete monopoly diversity lock dominate dominant",
    # (whether a thing is good enough for a use: "an 88% rate sufficient for launch")
    "adequacy": "enough sufficient sufficiently adequate adequately satisfactory insufficient inadequate "
    "unsatisfactory",
}

# A verb's irregular past forms, read as the verb: "can be spoken to" is what "can speak" says, "the
# company sold" what "sells" does. (Not forms that are words of their own here: "found" a company,
# "left", "saw", "won", "led" the market, "lost", "paid", "hid".)
_IRREGULAR_FORMS = """
    speak:spoke,spoken choose:chose,chosen sell:sold hold:held run:ran begin:began,begun draw:drew,drawn
    know:knew,known show:shown grow:grew,grown take:took,taken buy:bought bring:brought think:thought
    tell:told send:sent keep:kept meet:met stand:stood understand:understood withdraw:withdrew,withdrawn
    forget:forgot,forgotten seek:sought teach:taught catch:caught fight:fought deal:dealt break:broke,broken
    drive:drove,driven fly:flew,flown see:seen go:went,gone eat:ate,eaten fall:fallen rise:risen get:got,gotten
    feel:felt hear:heard lend:lent strike:struck become:became come:came undertake:undertook,undertaken
    undergo:underwent,undergone rebuild:rebuilt rewrite:rewrote,rewritten oversee:oversaw,overseen
    forbid:forbade,forbidden arise:arose,arisen freeze:froze,frozen steal:stole,stolen feed:fed flee:fled
    throw:threw,thrown uphold:upheld withhold:withheld mislead:misled foresee:foresaw,foreseen
"""
# …and a verb's noun whose stem is not the verb's: "Publication of OMTS v1.0 is targeted for 1 December"
# says when it is published ("publication" stems to "public"), "the expiry of the licence" when it expires.
_NOUN_FORMS = """
    publish:publication,publications submit:submission,submissions expire:expiry decide:decision,decisions
"""
IRREGULAR = {
    form: verb
    for entry in (_IRREGULAR_FORMS + _NOUN_FORMS).split()
    for verb, forms in [entry.split(":")]
    for form in forms.split(",")
}
