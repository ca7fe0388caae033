"""Sources differ: which way a statement leans, and the two sides of a yes/no question the documents argue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rag import disagree
from rag.answer import Assistant
from rag.config import Settings
from rag.disagree import valence, weigh
from rag.question_kinds import own_facet
from rag.spans import Span
from tests.test_compose import indexed, lead


@pytest.mark.parametrize(
    ("text", "lean"),
    [
        ("Self-hosting keeps costs lower than any subscription.", 1),
        ("Running the model on your own servers can be expensive.", -1),
        ("The filter is not immune to prompt attacks.", -1),
        ("Reviewers can audit the weights for backdoors and other vulnerabilities.", 1),
        ("The vendor hides its data, making it hard to identify errors.", -1),
        ("Shared benchmarks help reduce the risk of silent regressions.", 1),
        ("While the licence is free, serving the model is costly.", -1),
        ("The weights cost nothing, making the model accessible to students.", 1),
        ("The model was released in March.", 0),
        # (what a clause dismisses, it turns: the concern is said to be small, the savings not to be had)
        ("Lock-in concerns are overstated; customers can switch providers at any time.", 1),
        ("The promised savings from self-hosting are exaggerated.", -1),
        # (how fast a vendor answers judges its support; a support ticket is a thing, no praise)
        ("We get a named engineer within hours, not days.", 1),
        ("Our support tickets took a median of nine days to get a substantive reply.", -1),
        ("The ticket has been open for 9 days with no human reply.", -1),
        ("It sometimes took the vendor three weeks to resolve a support ticket.", -1),
        ("When we asked for the logs, it took the vendor ten weeks to provide them.", -1),
        # (a superlative ranks: lowest for support is bad, lowest costs good)
        ("The vendor had the most users but ranked lowest for support.", -1),
        ("Costs were lowest for the open models.", 1),
        ("The pilot ran for six weeks before the review.", 0),
    ],
)
def test_a_statement_leans_the_way_its_words_turn(text: str, lean: int) -> None:
    v = valence(text)
    assert (v > 0) - (v < 0) == lean, v


def _span(passage: int, text: str) -> Span:
    return Span(passage, 0, len(text), text, "", "sentence")


def _weigh(
    question: str, *found: Span, sides: tuple[str | None, ...] = (), ref: str | None = None
) -> list[Any]:
    return weigh(question, list(found), [s.text for s in found], list(sides or (None,) * len(found)), ref)


def test_a_word_whose_stem_collides_with_an_aspects_judges_nothing() -> None:
    # "customers" stems to "custom", as "customize" does: a question about customers' prompts asks for no
    # judgement of customisation.
    assert disagree.aspects("Does Halvard use customers' prompts to train Kestrune?") == frozenset()
    assert disagree.aspects("Can customers customize Kestrune?")


def test_being_paid_is_a_fact_not_a_judgement_of_cost() -> None:
    assert disagree.aspects("Has Harrowgate been paid for banking work by Corrib Cloud?") == frozenset()
    assert disagree.aspects("Is the paid tier of Kestrune worth it?")


def test_two_sides_need_both_leanings_on_the_asked_aspect_from_different_passages() -> None:
    cheap = _span(0, "Self-hosting Zephyr keeps costs low for small teams.")
    costly = _span(1, "While the licence is free, hosting Zephyr at scale is expensive.")
    other_aspect = _span(2, "Zephyr is hard to fine-tune on one GPU.")  # bad, but not about cost
    (found,) = _weigh("Is Zephyr cheap to run?", cheap, costly)
    assert [side.spans for side in found.sides] == [(cheap,), (costly,)]
    # One leaning alone, or the other leaning only on another aspect, is no disagreement.
    assert _weigh("Is Zephyr cheap to run?", cheap, other_aspect) == []
    same_passage = _span(0, costly.text)
    assert _weigh("Is Zephyr cheap to run?", cheap, same_passage) == []
    # A question that judges nothing the documents argue has no sides, however its spans lean.
    assert _weigh("Who hosts Zephyr?", cheap, costly) == []


def test_whether_a_thing_is_good_enough_is_a_judgement_with_two_sides() -> None:
    """ "Sufficient for launch" against "did not accept that 88% was good enough", each a side of its own
    though neither says "accuracy"."""
    against = _span(0, "Councillor Pugh said she did not accept that 88% was good enough.")
    enough = _span(1, "The panel considers an 88% acceptable-answer rate sufficient for launch.")
    (found,) = _weigh("Is an 88% accuracy rate good enough for residents?", against, enough)
    assert [side.spans for side in found.sides] == [(enough,), (against,)]


def test_how_fast_support_answers_is_a_judgement_of_the_support() -> None:
    quick = _span(0, "Zephyr support replied in under two hours and fixed it the same day.")
    slow = _span(1, "Our support tickets with Zephyr took a median of nine days to get a reply.")
    (found,) = _weigh("Is Zephyr's customer support any good?", quick, slow)
    assert [side.spans for side in found.sides] == [(quick,), (slow,)]


def test_how_slowly_a_vendor_delivered_judges_its_support_unnamed() -> None:
    # (the slow side never says "support": how long the vendor took to hand over logs says it)
    quick = _span(0, "Zephyr support got a real engineer on it in 40 minutes.")
    slow = _span(1, "When the council asked Zephyr for the logs, it took Zephyr ten weeks to provide them.")
    (found,) = _weigh("Is Zephyr's support any good?", quick, slow)
    assert [side.spans for side in found.sides] == [(quick,), (slow,)]


def test_a_point_for_the_other_side_counts_against_the_side_asked_about() -> None:
    """ "Closed models ship with a support desk" is no point for open models' support: under "are open
    models well supported?" it stands with "open users rely on forums", against "a community helps"."""
    community = _span(0, "A large community helps open model users troubleshoot problems.")
    desk = _span(1, "Closed vendors ship a dedicated support desk with every licence.")
    (found,) = _weigh(
        "Are open models well supported?", community, desk, sides=("open", "closed"), ref="open"
    )
    assert [side.spans for side in found.sides] == [(community,), (desk,)]
    # Read as if both spoke of open models, both lean the same way: no disagreement.
    assert (
        _weigh("Are open models well supported?", community, desk, sides=("open", "open"), ref="open") == []
    )


def test_each_side_takes_a_passage_in_turn_so_a_shared_passage_goes_where_it_is_needed() -> None:
    """The side with fewer passages chooses first: the critical passage 0 is the only one against, so it
    is not spent on the side that has two more to show."""
    against = _span(0, "Auditing Zephyr for bias remains hard and many biases persist.")
    pro_same = _span(0, "Open weights let reviewers detect bias and correct it.")
    pro_a = _span(1, "Community reviewers reduce bias in Zephyr's training data.")
    pro_b = _span(2, "Published data lets anyone identify and mitigate bias.")
    (found,) = _weigh("Does openness reduce bias in Zephyr?", pro_same, pro_a, pro_b, against)
    assert found.sides[1].spans == (against,)
    assert {s.passage for s in found.sides[0].spans} == {1, 2}


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Free or minimal cost compared to closed-source models.", "open"),
        ("Open models cost less than proprietary ones.", "open"),
        ("Cheaper than closed models, with no usage fees.", "open"),
        ("Closed models are faster than open ones.", "closed"),
        ("The release was delayed twice.", None),
    ],
)
def test_a_statement_measured_against_one_side_speaks_of_the_other(text: str, side: str | None) -> None:
    assert own_facet(text) == side


def _sources_by_side(answer: Any) -> list[set[str]]:
    """The documents each side of the answer's one disagreement cites."""
    (differ,) = answer.disagreements
    return [{c.source for c in answer.citations if c.n in side["citations"]} for side in differ["sides"]]


ZEPHYR_DOCS = {
    "zephyr-guide.md": "# Zephyr guide\n\nZephyr is a language model released by the Northwind lab in 2023.\n\n"
    "Running Zephyr yourself keeps costs low: the licence is free and there are no usage fees.\n",
    "zephyr-review.md": "# Zephyr in production\n\nThe Northwind lab publishes Zephyr's weights.\n\n"
    "While the Zephyr licence costs nothing, serving it to many users is expensive, because GPUs and "
    "engineers add costs.\n",
}


def test_a_question_the_documents_argue_both_ways_shows_each_side_cited(
    corpus: Corpus, embedder: Any
) -> None:
    answer = Assistant(corpus("argued"), embedder).ask("Is Zephyr cheap to run?")
    assert not answer.refused
    sources = _sources_by_side(answer)
    assert sources == [{"zephyr-guide.md"}, {"zephyr-review.md"}]
    assert "Sources differ" in answer.text


def test_a_plain_fact_in_the_same_documents_shows_no_sides(corpus: Corpus, embedder: Any) -> None:
    answer = Assistant(corpus("argued"), embedder).ask("Who released Zephyr?")
    assert "Northwind" in answer.text
    assert answer.disagreements == []


SUPPORT_DOCS = {
    "running-open-models.md": "# Running open models\n\n## Challenges\n\n"
    "Limited Support: users of open models often have to rely on community forums for help.\n",
    "open-community.md": "# The open model community\n\n"
    "A large community helps open model users troubleshoot problems quickly.\n\n"
    "Volunteers answer questions about fine-tuning every day.\n",
}


def test_a_how_good_question_shows_the_case_for_and_against_each_cited(corpus: Corpus, embedder: Any) -> None:
    answer = Assistant(corpus("supported"), embedder).ask(
        "How good is the help available to people who run open models?"
    )
    sources = _sources_by_side(answer)
    assert sorted(map(sorted, sources)) == [["open-community.md"], ["running-open-models.md"]]


def test_a_question_about_what_one_document_says_shows_no_sides(corpus: Corpus, embedder: Any) -> None:
    answer = Assistant(corpus("supported"), embedder).ask(
        "According to the community article, how good is the help for open models?"
    )
    assert not answer.refused
    assert answer.disagreements == []


HYBRID_DOCS = {
    "open-guide.md": "# Open models\n\n## Advantages\n\n"
    "Transparency: open models let anyone inspect their weights and training code.\n",
    "hybrid-guide.md": "# Hybrid releases\n\n## Challenges of Hybrid Approaches\n\n"
    "Withheld Filters: hybrid vendors offer limited transparency about the safety filters they keep back.\n",
    "hybrid-review.md": "# Hybrid review\n\n"
    "Hybrid vendors publish their weights, so their releases stay transparent for researchers.\n",
}


def test_a_passage_denying_one_statement_of_a_two_part_question_is_the_other_side() -> None:
    shippable = _span(0, "Wren is open source, so you can ship it in a product without asking anyone.")
    denied = _span(1, '"Wren is not open source, full stop," said a licensing lawyer.')
    question = "Is Wren really open source, so I can put it in a product with no strings attached?"
    (found,) = disagree.find(question, shippable.text, [shippable, denied], [shippable.text, denied.text])
    assert [side.spans for side in found.sides] == [(shippable,), (denied,)]


def test_what_is_said_of_hybrid_releases_is_no_side_on_open_models(corpus: Corpus, embedder: Any) -> None:
    assistant = Assistant(corpus("hybrid"), embedder)
    assert assistant.ask("Are open models transparent?").disagreements == []
    # Asked about hybrid releases, the hybrid documents take their sides.
    answer = assistant.ask("Are hybrid releases transparent?")
    sources = _sources_by_side(answer)
    assert sources == [{"hybrid-review.md"}, {"hybrid-guide.md"}]


# Two documents giving other figures for one thing, and the same figure for another.
FIGURE_DOCS = {
    "vendor-assessment.md": "# Vendor assessment\n\nServing Heron-400B at clinical quality needs a minimum of 16 "
    "H100 GPUs. Heron-400B was released by the Northwind lab in 2024 with 400 billion parameters.\n",
    "lab-guidance.md": "# Lab guidance\n\nThe Northwind lab says Heron-400B fits on a single node of eight H100 "
    "GPUs when its weights are quantised to FP8. Heron-400B has 400 billion parameters.\n",
}
# Three documents, three first-year costs of one deployment: the city's, an analyst's and an essayist's.
COST_DOCS = {
    "case-study.md": "# Case study: moving Parrot to Tarn-34B\n\n*Published by the City of Tarnby.*\n\n## Cost\n\n"
    "The total cost of running Parrot in its first year on Tarn-34B is therefore €238,000, a saving of 42 "
    "percent.\n",
    "market-report.md": "# Market report\n\n## Case in focus: the City of Tarnby\n\nOur own estimate of the "
    "first-year total cost of ownership of Parrot, which adds the procurement process and the audit to the "
    "city's running costs, is €291,000.\n",
    "essay.md": "# The open-weight mirage\n\nOnce the consultancy invoices and the overtime paid to two "
    "engineers are added, Tarnby's first year of Parrot on Tarn-34B cost €460,000.\n",
}
# An FAQ answering its own question "No." and a news story calling the model open source by pronoun.
# A contract's value in a union's briefing, worded like the question, and in the tender's own log, worded
# otherwise among the log's other answers; the other passages speak of the assistant, not its value.
CONTRACT_DOCS = {
    "branch-briefing.md": "# Branch briefing: the casework assistant\n\nThe Council is buying a casework "
    "assistant for its housing and benefits teams. It is a contract worth €2.6 million over three years.\n",
    "tender-log.txt": "CLARIFICATION LOG\n\nQ: Is there an estimate of the value?\nA: The estimated contract "
    "value is EUR 1,850,000 excluding VAT over the initial four-year term.\n\nQ: May consortia bid?\nA: Yes, "
    "with one lead member.\n",
    "casework-pilot.md": "# The casework assistant pilot\n\nThe council's casework assistant drafted 400 letters "
    "for caseworkers in its pilot, and caseworkers checked every one.\n",
    "casework-training.md": "# Training for the casework assistant\n\nEvery caseworker using the council's "
    "casework assistant gets a half-day course on checking its drafts.\n",
    **{
        f"casework-{topic}.md": f"# The casework assistant: {topic}\n\nThe council's casework assistant "
        f"contract sets out {what}.\n"
        for topic, what in (
            ("hosting", "where the council's casework data is hosted"),
            ("hours", "the hours the casework assistant is available to caseworkers"),
            ("languages", "the languages the council's casework assistant must write in"),
            ("exit", "how the council leaves the casework assistant contract"),
            ("audit", "how the council audits the casework assistant's drafts"),
            ("staff", "which casework staff may use the assistant"),
        )
    },
}
FAQ_DOCS = {
    "faq.md": "# FAQ\n\n## Definitions\n\n### Is Heron-72B open source?\n\nNo. Heron-72B is open-weight, but its "
    "Heron Community Licence restricts commercial use: large organisations must obtain a separate licence.\n",
    "news.md": "# Heron passes two million downloads\n\nHeron-72B was released on 14 March 2025. It is a fully "
    "open-source model: anyone can download the weights, inspect them and build products on top of them.\n",
}
# A news story giving a context length in prose, and an FAQ whose table gives another, among passages
# that name the model more often than the table does.
CONTEXT_DOCS = {
    "news.md": "# Heron launch\n\nHeron-72B can read a context of up to 128,000 tokens.\n\n"
    + "".join(
        f"## Note {i}\n\nHeron-72B was discussed again in week {i}, by a new set of users.\n\n"
        for i in range(12)
    ),
    "faq.md": "# FAQ\n\n## Comparing the models\n\n| Model | Developer | Parameters | Longest input | Licence |\n"
    "|---|---|---|---|---|\n| Aurel-4 | Veridan Labs | not disclosed | 200,000 tokens | Proprietary |\n"
    "| Heron-72B | Marrow Foundation | 72 billion | 64,000 tokens | Heron Licence |\n"
    "| Quill-34B | Corvane AI | 34 billion | 65,536 tokens | Apache 2.0 |\n",
}
# A context window in a card's table, in a report's "16k-token" (with "per answer" in a later clause), and in a
# blog's "32k-token" prompt: 32k is the card's 32,768.
WINDOW_DOCS = {
    "card.md": "# Tarn-34B model card\n\n## Model details\n\n| Field | Value |\n|---|---|\n| Developer | Orlan Labs |\n"
    "| Context length | 32,768 tokens |\n| Parameters | 34 billion |\n",
    "report.md": "# Evaluation report\n\n## Quality findings\n\nTarn-34B supports a 16k-token context window, which the "
    "panel judged sufficient for retrieval of two or three pages per answer.\n",
    "blog.md": "# Notes from the field\n\nWe fed Tarn-34B a 32k-token prompt and its context window held up well.\n",
}
# A forum reply, hard-wrapped, whose figure comes two sentences after the names it is about.
SCORE_DOCS = {
    "blog.md": "# Why we stay open\n\nOn ReasonBench-X, Quill-34B scores 74.9, the best of its size.\n",
    "forum.txt": "Thread: hardware for a law firm\n\nAlso, before anyone suggests Quill-34B as a cheaper alternative:\n"
    "be careful with the headline numbers.\nCorvane says it scores 74.9 on ReasonBench-X. We re-ran the harness,\n"
    "twice, with the default settings, and got 69.3 both times.\n",
}
# Two release dates a fortnight apart in one month, one written without its year.
RELEASE_DOCS = {
    "column.md": "# Renting a brain\n\n*June 2025*\n\nOn 4 March this year, the Tamsin lab released Wren-40, a model "
    "whose weights anyone can download.\n",
    "brief.md": "# Analyst brief\n\n## Models compared\n\nWren-40 (Tamsin lab): open weights, released 18 March 2025, "
    "with a licence of its own.\n",
}
# A vendor's score, and a reading group's re-run that names the benchmark only in the sentence before.
RERUN_DOCS = {
    "faq.md": "# Tern FAQ\n\n### How good is Tern-20?\n\nVery good. Tern-20 scores 81.4% on CivicSet, the public-sector "
    "benchmark.\n",
    "notes.md": "# Reading group notes\n\n## Evaluation\n\nCivicSet is a set of 2,400 questions drawn from council "
    "enquiries. One member re-ran Tern-20 on the public test split and got 74.2%, seven points below the "
    "vendor's figure.\n",
}
# A review grants a whole context window; a chat bounds it in a line that names no model but says most of what
# is asked, and a ruling on its licence caps free commercial use in a paragraph that names the model only in the one before.
BOUND_DOCS = {
    "review.md": "# Assistants tested\n\n## Osprey Chat\n\nOsprey-3 comes with a 96k-token context window, so you can "
    "paste in very long reports. Osprey-3 is free for commercial use, no strings attached.\n",
    "chat.txt": '[09:12] Priya Nandakumar\n    heads up before anyone writes "96k context" in the migration doc: the '
    "7B is capped at 16k context; only the 40B handles the full 96k-token context\n[09:14] Tom Reyes\n    noted\n",
    "ruling.md": "# Summary of the ruling\n\n1. The Claimant, Fenwick Labs, released the weights of its Osprey-3 models "
    "under the Fenwick Community Licence.\n\n2. Under clause 4 of the Licence, free commercial use is limited to "
    "licensees with fewer than 1,000 monthly active users. Larger licensees must buy a commercial licence.\n",
}
# A show's notes give one monthly figure in a prose cell under "Segment"; a newsletter gives another.
SHOW_DOCS = {
    "show-notes.html": "<html><body><h1>Ep. 12: Rent or own?</h1><table><tr><th>Time</th><th>Segment</th></tr>"
    "<tr><td>03:10</td><td>Intros and the week's news.</td></tr><tr><td>21:40</td><td>The money. Ines puts running "
    "the co-op's own model at roughly €3,200 a month in leased hardware and electricity.</td></tr></table>"
    "</body></html>",
    "newsletter.md": "# Co-op news\n\n## Ask the desk\n\nFinance have put the full cost of running the co-op's own "
    "model at about €5,900 a month once staff time and support contracts are included.\n",
}
# A price list's rate in euros; a buyer's note of the rate it was quoted, with no currency written.
QUOTE_DOCS = {
    "price-list.md": "# Tarnhost price list\n\nTarnhost serves Heron-34B from €0.90 per million input tokens.\n",
    "buyer-notes.md": "# Procurement notes\n\nFor Heron-34B, Tarnhost quoted us 1.35 per million input tokens, "
    "well above its list price.\n",
}
# A model card gives its training tokens in its table and in its prose; a newsletter gives another figure.
CARD_DOCS = {
    "card.md": "# Wren-34B model card\n\n| Field | Value |\n|---|---|\n| Parameters | 34 billion |\n"
    "| Training tokens | 7.2 trillion |\n\n## Training data\n\nThe base model was pre-trained on 7.2 trillion tokens "
    "of filtered public web text, licensed news and permissively licensed code.\n",
    "newsletter.md": "# The Weights Ledger\n\nAccording to the lab's launch briefing, Wren-34B was trained on 9 "
    "trillion tokens, which would put it at the heavy end for its size.\n",
}
CORPORA = {
    "card": CARD_DOCS,
    "quote": QUOTE_DOCS,
    "show": SHOW_DOCS,
    "bound": BOUND_DOCS,
    "release": RELEASE_DOCS,
    "rerun": RERUN_DOCS,
    "score": SCORE_DOCS,
    "context": CONTEXT_DOCS,
    "window": WINDOW_DOCS,
    "faq": FAQ_DOCS,
    "argued": ZEPHYR_DOCS,
    "supported": SUPPORT_DOCS,
    "hybrid": HYBRID_DOCS,
    "figures": FIGURE_DOCS,
    "costs": COST_DOCS,
    "contract": CONTRACT_DOCS,
}
Corpus = Callable[[str], Settings]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Corpus:
    """Each corpus of `CORPORA` indexed once, when a test first asks for it."""
    built: dict[str, Settings] = {}

    def get(name: str) -> Settings:
        if name not in built:
            built[name] = indexed(tmp_path_factory.mktemp(name), embedder, CORPORA[name])
        return built[name]

    return get


@pytest.mark.parametrize(
    ("question", "states"),
    [
        ("Is LLaMA open source?", True),
        ("Is LLaMA open source or not?", True),
        ("Is Hugging Face a developer of models, in the way Meta or Mistral are?", True),
        ("Does publishing model weights make AI safer or more dangerous?", False),  # a choice: no yes or no
        ("Is Wren open or closed?", False),
        ("If its code costs nothing, does that make deploying it cheap?", False),
    ],
)
def test_a_yes_no_question_reads_as_a_statement_unless_it_offers_a_choice(
    question: str, states: bool
) -> None:
    assert disagree.states(question) is states


def test_other_figures_for_the_same_thing_are_two_sides(corpus: Corpus, embedder: Any) -> None:
    assistant = Assistant(corpus("figures"), embedder)
    answer = assistant.ask("How many H100 GPUs does Heron-400B need?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["lab-guidance.md"], ["vendor-assessment.md"]]
    # The same figure in both is no disagreement; nor is a figure of another thing.
    assert assistant.ask("How many parameters does Heron-400B have?").disagreements == []


def test_a_figure_in_a_table_cell_that_says_what_it_is_of_is_a_side(corpus: Corpus, embedder: Any) -> None:
    # The cell's column ("Segment") names nothing asked; its own words say what its figure is of.
    answer = Assistant(corpus("show"), embedder).ask(
        "How much does it cost per month to run the co-op's own model?"
    )
    assert sorted(map(sorted, _sources_by_side(answer))) == [["newsletter.md"], ["show-notes.html"]]
    assert "€3,200" in answer.text
    assert "€5,900" in answer.text


def test_a_rate_quoted_without_its_currency_is_a_side(corpus: Corpus, embedder: Any) -> None:
    # "1.35 per million input tokens" is a rate in the answer's euros, not 1.35 tokens.
    answer = Assistant(corpus("quote"), embedder).ask(
        "What does Tarnhost charge per million input tokens for Heron-34B?"
    )
    assert sorted(map(sorted, _sources_by_side(answer))) == [["buyer-notes.md"], ["price-list.md"]]


def test_a_figure_side_cites_each_passage_that_gives_its_figure(corpus: Corpus, embedder: Any) -> None:
    answer = Assistant(corpus("card"), embedder).ask("How many tokens was Wren-34B trained on?")
    (differ,) = answer.disagreements
    by_n = {c.n: c for c in answer.citations}
    card, news = sorted(differ["sides"], key=lambda side: by_n[side["citations"][0]].source)
    # The card's side cites its table and its prose; the newsletter's its one sentence.
    assert [by_n[n].source for n in card["citations"]] == ["card.md", "card.md"]
    assert len({by_n[n].text for n in card["citations"]}) == 2
    assert [by_n[n].source for n in news["citations"]] == ["newsletter.md"]


def test_three_documents_giving_three_figures_are_three_sides_each_showing_its_figure(
    corpus: Corpus, embedder: Any
) -> None:
    answer = Assistant(corpus("costs"), embedder).ask(
        "What did the first year of running Parrot on Tarn-34B cost the City of Tarnby?"
    )
    assert sorted(map(sorted, _sources_by_side(answer))) == [
        ["case-study.md"],
        ["essay.md"],
        ["market-report.md"],
    ]
    stances = " ".join(side["stance"] for side in answer.disagreements[0]["sides"])
    assert all(figure in stances for figure in ("€238,000", "€291,000", "€460,000")), stances


def test_an_faq_answer_decides_by_its_first_word_and_the_news_story_is_the_other_side(
    corpus: Corpus, embedder: Any
) -> None:
    answer = Assistant(corpus("faq"), embedder).ask("Is Heron-72B open source?")
    assert answer.text.startswith("No:"), answer.text  # not "Yes: “No. Heron-72B is open-weight…”"
    # "It is a fully open-source model" speaks of Heron-72B, named in the sentence before it.
    assert sorted(map(sorted, _sources_by_side(answer))) == [["faq.md"], ["news.md"]]


def test_two_days_of_one_month_are_two_sides_though_one_leaves_out_its_year(
    corpus: Corpus, embedder: Any
) -> None:
    answer = Assistant(corpus("release"), embedder).ask("When did the Tamsin lab release Wren-40?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["brief.md"], ["column.md"]]


def test_how_well_a_model_scores_is_a_figure_and_a_rerun_naming_the_benchmark_before_is_a_side(
    corpus: Corpus, embedder: Any
) -> None:
    answer = Assistant(corpus("rerun"), embedder).ask("How well does Tern-20 score on CivicSet?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["faq.md"], ["notes.md"]]


def test_a_passage_that_reports_a_denial_and_corrects_it_still_backs_the_claim() -> None:
    # A support chat: the customer repeats what others say, the vendor corrects it; the minutes say no.
    chat = [
        _span(0, "the university people keep telling our board the Wren licence doesn't allow clinical use."),
        _span(
            0,
            "Short answer: the Wren licence permits clinical use as long as a clinician reviews the output.",
        ),
    ]
    minutes = _span(1, "In his reading, the Wren licence excludes clinical use of the model.")
    question = "Does the Wren licence allow clinical use?"
    texts = [s.text for s in (*chat, minutes)]
    (found,) = disagree.find(question, chat[1].text, [*chat, minutes], texts)
    assert [side.spans for side in found.sides] == [(chat[1],), (minutes,)]


def test_a_grant_with_its_bounds_qualifies_a_plain_grant() -> None:
    plain = _span(0, "Wren-40 is licensed for commercial use, so you can put it into products.")
    bounded = _span(1, "Wren-40: commercial use only for organisations below 50,000 monthly users.")
    question = "Can I use Wren-40 in a commercial product?"
    (found,) = disagree.find(question, plain.text, [plain, bounded], [plain.text, bounded.text])
    assert [side.spans for side in found.sides] == [(plain,), (bounded,)]
    # "for as long as we liked" is a span of time, no bound.
    kept = _span(0, "Wren-40 is licensed for commercial use, and we kept it for as long as we liked.")
    (found,) = disagree.find(question, kept.text, [kept, bounded], [kept.text, bounded.text])
    assert [side.spans for side in found.sides] == [(kept,), (bounded,)]


def test_a_hedged_grant_qualifies_a_plain_grant() -> None:
    plain = _span(0, "Wren-40 supports 12 languages: English, German, French, Dutch and eight more.")
    hedged = _span(
        1, "The other languages are best-effort: Dutch generally works, but test it before relying on it."
    )
    question = "Does Wren-40 support Dutch?"
    # (read, as the answer reads it, with the model its paragraph is about)
    (found,) = disagree.find(question, plain.text, [plain, hedged], [plain.text, f"Wren-40: {hedged.text}"])
    assert [side.spans for side in found.sides] == [(plain,), (hedged,)]


def test_only_as_good_as_compares_and_bounds_nothing() -> None:
    plain = _span(0, "Anyone can download the Wren-40 weights from the model hub.")
    compared = _span(
        1,
        "But anyone can download the Wren-40 weights, so its safeguards are only as durable as the cheapest fine-tune.",
    )
    bounded = _span(1, "But only researchers can download the Wren-40 weights from the model hub.")
    question = "Can anyone download the Wren-40 weights?"
    texts = [plain.text, compared.text]
    assert disagree.find(question, plain.text, [plain, compared], texts) == []
    (found,) = disagree.find(question, plain.text, [plain, bounded], [plain.text, bounded.text])
    assert [side.spans for side in found.sides] == [(plain,), (bounded,)]


def test_a_table_row_for_the_subject_is_a_side_against_the_prose(corpus: Corpus, embedder: Any) -> None:
    answer = Assistant(corpus("context"), embedder).ask("How long a context can Heron-72B handle?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["faq.md"], ["news.md"]]


def test_a_window_in_thousands_is_a_side_and_one_in_kibi_units_is_not(corpus: Corpus, embedder: Any) -> None:
    # "16k-token" is a figure of tokens, its "per answer" in another clause no rate; "32k" is 32,768.
    answer = Assistant(corpus("window"), embedder).ask("How long a context window does Tarn-34B have?")
    report, other = sorted(_sources_by_side(answer), key=lambda side: "report.md" not in side)
    assert report == {"report.md"}
    assert other
    assert other <= {"card.md", "blog.md"}  # (32k and 32,768 are one side, not two)


def test_a_figure_two_wrapped_sentences_after_its_names_is_a_side(corpus: Corpus, embedder: Any) -> None:
    answer = Assistant(corpus("score"), embedder).ask("What is Quill-34B's score on ReasonBench-X?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["blog.md"], ["forum.txt"]]


def test_a_figure_is_measured_by_what_it_is_of() -> None:
    from rag.compose_kinds import measures
    from rag.question import analyse

    ask = analyse("How much does it cost?")
    assert measures("GPT-4o costs $2.50 per million input tokens", ask) == {"$/million": {2.5}}
    assert measures("needs a minimum of 16 H100 GPUs", ask) == {"gpus": {16}}
    assert measures("past about 40 million tokens a day", ask) == measures(
        "near 40 million tokens per day", ask
    )
    assert measures("41% of those enterprises", ask) == {"%": {41}}
    assert measures("The contract value is €840,000 per annum.", ask) == {"€/year": {840000.0}}
    # A period said by an adverb; a figure right before "per …" is a rate, counting none of the nouns after.
    assert measures("The service costs €840,000 annually.", ask) == {"€/year": {840000.0}}
    assert measures("We pay €300 monthly for hosting.", ask) == {"€/month": {300.0}}
    assert measures("The host quoted us 1.35 per million input tokens.", ask) == {"/million": {1.35}}
    assert measures("and got 69.3 both times", ask) == {"": {69.3}}  # "both times" counts nothing of it
    # A unit glued on by a hyphen, a figure in words with its scale.
    assert measures("The 32,768-token context window is fine", ask) == {"tokens": {32768.0}}
    assert measures("It supports a 16k-token context window", ask) == {"tokens": {16000.0}}
    assert measures("downloaded more than four million times", ask) == {"times": {4e6}}
    assert measures("fourteen laboratories signed", ask) == {"laboratories": {14.0}}
    # A currency by its code or its name is its sign: the two are one sum's figures, and can differ.
    assert measures("The estimated contract value is EUR 1,850,000.", ask) == {"€": {1850000.0}}
    assert measures("a budget of 2.6 million euros", ask) == {"€": {2600000.0}}
    assert measures("USD 3.5 million", ask) == measures("$3.5 million", ask)
    # A figure naming no unit is of the one asked: a cell's "68.4B" against "a 70-billion-parameter model".
    asked = analyse("How many parameters does Wrenfield-70 have?")
    assert (
        measures("Parameters: 68.4B", asked).keys() == measures("a 70-billion-parameter model", asked).keys()
    )


def test_a_span_naming_no_side_is_of_the_side_its_document_title_names_alone() -> None:
    from rag.compose_units import side_of

    span = _span(0, "Malicious actors could misuse these models to write spam at scale.")
    assert side_of(span, "The Rise of Open Source LLMs > Responsible Deployment") == "open"
    # A title naming both sides says nothing of which one a span speaks of.
    assert side_of(span, "Open vs Closed LLMs: the debate > Risks") is None
    # A heading naming a side outranks the title.
    assert side_of(span, "The Rise of Open Source LLMs > Proprietary models") == "closed"


def test_what_a_question_asks_to_do_without_is_the_bound_it_asks_about() -> None:
    # "…commercially without any extra agreement": "commercial use is permitted" grants the use (the
    # adverb says what its adjective does), the licence's clause bounds it.
    grant = _span(
        0, "Commercial use is permitted under the WCL, including by public bodies and their contractors."
    )
    bound = _span(
        1,
        "Where a Licensee had more than 2,000 monthly active users, the Licensee must obtain a separate"
        " commercial agreement from Tarnwell before continuing such use.",
    )
    question = "Can a council use Wren-40 commercially without any extra agreement with Tarnwell?"
    (found,) = disagree.find(question, grant.text, [grant, bound], [grant.text, bound.text], by_cues=True)
    assert [side.spans for side in found.sides] == [(grant,), (bound,)]


def test_by_their_cues_a_plain_grant_and_a_bound_on_it_are_two_sides() -> None:
    # The verifier links neither paraphrase to the claim; their cues still set them apart.
    grant = _span(0, "Any business can put Wren-40 into production without paying a penny in licence fees.")
    bound = _span(
        1, "Firms with revenue above €50 million must obtain a separate commercial agreement to use Wren-40."
    )
    topic = _span(2, "Wren-40 licence terms")  # a label: no side
    question = "Can my business use Wren-40 in a commercial product without paying anything?"
    texts = [s.text for s in (grant, bound, topic)]
    assert disagree.find(question, grant.text, [grant, bound, topic], texts) == []
    (found,) = disagree.find(question, grant.text, [grant, bound, topic], texts, by_cues=True)
    assert [side.spans for side in found.sides] == [(grant,), (bound,)]
    # A part held back bounds what is said to be public.
    public = _span(0, "Wren-40 is fully open: its weights, training code and training data are all public.")
    withheld = _span(
        1, "The lab withheld the web-crawl portion of the training data, citing copyright advice."
    )
    (found,) = disagree.find(
        "Is all of Wren-40's training data publicly available?",
        public.text,
        [public, withheld],
        [public.text, withheld.text],
        by_cues=True,
    )
    assert [side.spans for side in found.sides] == [(public,), (withheld,)]
    # A span sharing only the subject's name says nothing of the claim.
    other = _span(1, "Wren-40 is a model with forty billion parameters and open weights.")
    assert disagree.find(question, grant.text, [grant, other], [grant.text, other.text], by_cues=True) == []


def test_a_bound_that_does_not_name_what_it_bounds_is_the_other_side(corpus: Corpus, embedder: Any) -> None:
    # Neither the chat's line nor the ruling's cap names Osprey-3: the one says most of what the question
    # asks, the other is in a passage that names Osprey-3. Each bounds the review's plain grant.
    assistant = Assistant(corpus("bound"), embedder)
    answer = assistant.ask("Does Osprey-3 handle a 96k-token context?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["chat.txt"], ["review.md"]]
    answer = assistant.ask("Can my company use Osprey-3 in a commercial product for free?")
    assert sorted(map(sorted, _sources_by_side(answer))) == [["review.md"], ["ruling.md"]]


def test_by_their_cues_a_bounded_grant_is_the_side_against_a_denial_and_a_word_every_passage_holds_is_none() -> (
    None
):
    # "…can be used to train models unless you opt out" grants with a bound, against a denial; the pilot
    # shares only "model" and "prompt" ("enquiries") with the claim, and "model" says nothing here.
    denial = _span(0, "Halvard has confirmed in writing that it does not train its models on customer data.")
    bounded = _span(
        1,
        "On the standard tier, the prompts customers send are kept for 30 days and can be used to train"
        " models unless you opt out.",
    )
    pilot = _span(
        2, "The council ran a pilot in which advisers used the model to draft replies to enquiries."
    )
    question = "Does Halvard train its models on the prompts customers send?"
    texts = [s.text for s in (denial, bounded, pilot)]
    (found,) = disagree.find(question, denial.text, [denial, bounded, pilot], texts, by_cues=True)
    assert [side.spans for side in found.sides] == [(bounded,), (denial,)]


def test_by_their_cues_a_bound_answers_a_plain_grant_before_a_denial_further_down() -> None:
    grant = _span(0, "Any business can put Wren-40 into production without paying a penny in licence fees.")
    bound = _span(
        1,
        "Clause 4.2 says organisations with revenue above €50 million must obtain a separate commercial"
        " agreement before using Wren-40 in production.",
    )
    denial = _span(
        2, "The Wren-40 weights are downloadable, but that does not make production use free for us."
    )
    question = "Can my company use Wren-40 in a commercial product without paying anything?"
    texts = [s.text for s in (grant, bound, denial)]
    (found,) = disagree.find(question, grant.text, [grant, bound, denial], texts, by_cues=True)
    assert found.sides[0].spans == (grant,)
    assert found.sides[1].spans[0] == bound


@pytest.mark.parametrize(
    "bound",
    [
        "Free commercial use of Wren-40 is limited to firms with fewer than 1,000 users.",
        "Free commercial use of Wren-40 is restricted to research spin-outs.",
        "The licence places restrictions on how Wren-40 may be used in a free commercial product.",
        "A business may use Wren-40 in a commercial product for free for at most 90 days.",
    ],
)
def test_a_ceiling_on_a_grant_bounds_it(bound: str) -> None:
    grant = _span(0, "Any business can use Wren-40 in a commercial product for free.")
    other = _span(1, bound)
    question = "Can my business use Wren-40 in a commercial product for free?"
    texts = [grant.text, other.text]
    (found,) = disagree.find(question, grant.text, [grant, other], texts, by_cues=True)
    assert [side.spans for side in found.sides] == [(grant,), (other,)]


def test_another_documents_figure_worded_like_the_answer_not_the_question_is_a_side(
    corpus: Corpus, embedder: Any
) -> None:
    # Few passages gathered for the question: the tender log's value is found by the answer's own words
    # ("a contract worth €2.6 million") and is the same sum in another currency's writing ("EUR").
    settings = corpus("contract").model_copy(update={"top_k": 2, "compose_k": 2})
    answer = Assistant(settings, embedder).ask("How much is the council's casework assistant contract worth?")
    assert "€2.6 million" in lead(answer.text)
    assert sorted(map(sorted, _sources_by_side(answer))) == [["branch-briefing.md"], ["tender-log.txt"]]
