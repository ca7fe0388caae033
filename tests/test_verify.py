"""The verifier: a claim against a passage is supported, contradicted or not stated — by meaning."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rag import grounding
from rag.answer import Assistant
from rag.config import Settings
from rag.verify import Judgement, decide, judge
from tests.conftest import CORPUS, copy_corpus, make_settings

SUPPORT = Settings.model_fields["support_threshold"].default  # the configured support threshold

RISE = (CORPUS / "rise-of-open-source-llms.md").read_text(encoding="utf-8").splitlines()
DEBATE = (CORPUS / "open-vs-closed-source-debate.md").read_text(encoding="utf-8").splitlines()
COURSE = (CORPUS / "open-vs-closed-source-llms-course.md").read_text(encoding="utf-8").splitlines()
ALL_DOCS = tuple(p.name for p in sorted(CORPUS.glob("*.md")))

# The issue's table: six contradictions the word-overlap check kept, two paraphrases it dropped.
EIGHT = [
    (
        "Falcon was not developed by the Technology Innovation Institute (TII) in Abu Dhabi.",
        RISE[21],
        "contradicted",
    ),
    ("Meta did not release Llama 2 and Llama 3 under more permissive licenses.", RISE[19], "contradicted"),
    ("The original LLaMA models were never leaked.", RISE[19], "contradicted"),
    (
        "Open source LLMs are proprietary, controlled by corporations and designed for profitability.",
        DEBATE[33],
        "contradicted",
    ),
    ("Users can download and modify GPT-4 through OpenAI's API.", COURSE[54], "contradicted"),
    ("LLaMA is freely available to the public.", DEBATE[89], "contradicted"),
    ("TII, based in Abu Dhabi, built the Falcon series.", RISE[21], "supported"),
    (
        "Only OpenAI's API gives access to GPT-4, which cannot be downloaded or changed.",
        COURSE[54],
        "supported",
    ),
]


@pytest.mark.parametrize(("claim", "passage", "verdict"), EIGHT, ids=[c[:40] for c, _, _ in EIGHT])
def test_the_eight_sentences_of_the_issue_are_judged_by_meaning(
    claim: str, passage: str, verdict: str
) -> None:
    assert judge(claim, passage).verdict == verdict


FALCON = "- Falcon: Developed by the Technology Innovation Institute (TII) in Abu Dhabi, the Falcon series of models has been a notable contributor."


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Meta developed Falcon.", "contradicted"),  # another agent for the same thing
        ("Falcon was developed by Meta.", "contradicted"),
        ("The Falcon series was built by TII.", "supported"),  # voice and synonym
        ("Falcon has 180 billion parameters.", "not_stated"),  # on topic, never said
        ("Falcon was never developed by TII.", "contradicted"),
        ("Falcon is the only model TII ever developed.", "not_stated"),  # stronger than the passage
    ],
)
def test_roles_numbers_and_strength_are_checked(claim: str, verdict: str) -> None:
    assert judge(claim, FALCON).verdict == verdict


def test_versions_must_match_and_the_span_itself_must_name_the_version() -> None:
    llama = RISE[19]
    assert (
        judge("Llama 3 has shown remarkable performance across various benchmarks.", llama).verdict
        == "supported"
    )
    assert (
        judge("Llama 2 has shown remarkable performance across various benchmarks.", llama).verdict
        != "supported"
    )
    assert judge("It was the Llama 2 models that were leaked.", llama).verdict != "supported"
    # Also when "It" is known as an ordinary word: the label's "Llama 2/3" is not what was leaked.
    known = frozenset({"it", "was", "the"})
    assert (
        judge("It was the Llama 2 models that were leaked.", llama, vocabulary=known).verdict != "supported"
    )


def test_rows_split_from_their_table_header_are_judged_under_its_columns() -> None:
    rows = "**Accessibility** | Freely accessible | Restricted access (API-based) |\n| **Cost** | Low or free | Typically requires paid API |"
    header = "| **Characteristic** | **Open-source LLMs** | **Closed-source LLMs** |"
    # Without the header a row does not say which side pays; with it, each cell is one side's.
    assert judge("Closed-source LLMs typically require a paid API.", rows).verdict == "not_stated"
    assert (
        judge("Closed-source LLMs typically require a paid API.", rows, header_row=header).verdict
        == "supported"
    )
    assert (
        judge("Open-source LLMs typically require a paid API.", rows, header_row=header).verdict
        == "contradicted"
    )
    kept = grounding.check(
        "Closed-source LLMs typically require a paid API [1].", [rows], 0.0, headers=[header]
    )
    assert [s.action for s in kept.kept] == ["kept"]


MODELS = """| Model | Developer | Licence | Release |
|---|---|---|---|
| Mistral 7B | Mistral AI | Apache 2.0 | September 2023 |
| Phi-2 | Microsoft | MIT | December 2023 |
| Llama 2 | Meta | Llama 2 Community Licence | July 2023 |"""


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("Mistral 7B is released under Apache 2.0.", "supported"),
        ("Mistral 7B is released under the MIT licence.", "contradicted"),  # another row's value
        (
            "Phi-2 was developed by Microsoft and released in July 2023.",
            "contradicted",
        ),  # one wrong is enough
        ("Phi-2 was developed by Microsoft in December 2023.", "supported"),
        ("Mistral 7B has limited support.", "not_stated"),  # "MIT" is a word, not the "mit" of "limited"
    ],
)
def test_a_claim_about_a_tables_row_is_judged_by_the_values_it_gives_for_its_columns(
    claim: str, verdict: str
) -> None:
    assert judge(claim, MODELS).verdict == verdict


def test_a_row_is_named_as_written_and_a_one_letter_row_names_nothing() -> None:
    plans = "| Plan | Price |\n|---|---|\n| A | 10 dollars |\n| Team | 20 dollars |"
    assert judge("The Team plan costs 10 dollars.", plans).verdict == "contradicted"
    # "A" here is an article, not the row; nothing in the table says what a plan with phone support costs.
    assert judge("A plan with phone support costs 20 dollars.", plans).verdict == "not_stated"


def test_opposites_clash_and_two_flips_cancel() -> None:
    cost = "Open-source models generally offer lower costs compared to proprietary ones."
    assert (
        judge("Open-source models generally offer higher costs than proprietary ones.", cost).verdict
        == "contradicted"
    )
    assert (
        judge("Proprietary models generally cost more than open-source ones.", cost).verdict != "contradicted"
    )


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        (
            "Google Bard was developed by OpenAI.",
            "- Google Bard: A model developed by Google with proprietary advancements.",
        ),
        ("OpenAI built BERT.", "- BERT: A model by Google designed for understanding the context of words."),
        ("GPT-4 is a Google model.", "- GPT-4 (OpenAI): Known for high-quality text generation."),
        ("The LLaMA models were developed by Mistral AI.", RISE[19]),
    ],
)
def test_a_maker_named_in_a_label_or_definition_decides_who_did_what(claim: str, passage: str) -> None:
    assert judge(claim, passage).verdict == "contradicted"


@pytest.mark.parametrize(
    ("claim", "passage", "verdict"),
    [
        # Our own text: an enumeration after the maker's verb or possessive, a "library is a … project".
        ("Borealis shipped Wren and Finch.", "Kestrel Labs has released two small models, such as Wren and Finch.",
         "not_stated"),  # "shipped" is no role verb: nothing said about who
        ("Borealis released Wren and Finch.", "Kestrel Labs has released two small models, such as Wren and Finch.",
         "contradicted"),
        ("Borealis's family of models includes Wren.", "Kestrel Labs’s family of models, including Wren, runs offline.",
         "contradicted"),
        ("The Heron library is a Borealis project.", "Tools like Kestrel Labs’s Heron library make this easy.",
         "contradicted"),
        ("Kestrel Labs released Wren.", "Kestrel Labs has released two small models, such as Wren and Finch.",
         "supported"),
    ],
)  # fmt: skip
def test_an_enumerated_or_possessed_thing_has_its_maker(claim: str, passage: str, verdict: str) -> None:
    assert judge(claim, passage).verdict == verdict


def test_a_claim_opening_with_a_side_is_judged_against_the_side_the_span_names() -> None:
    passage = "Closed-source runtimes ship signed updates every month."
    assert judge("Open-source runtimes ship signed updates every month.", passage).verdict == "contradicted"
    assert judge("Closed-source runtimes ship signed updates every month.", passage).verdict == "supported"
    # A span that names no side does not state the claim's side, however close its words.
    bare = "Ships signed updates: every month, vendors can push fixes to all users."
    assert judge("Open-source runtimes ship signed updates every month.", bare).verdict != "supported"


def test_a_claim_setting_one_side_against_the_other_is_not_denied_by_a_statement_of_the_other() -> None:
    claim = "Volunteer review gives open runtimes an edge over those built by private vendors."
    other = "Closed-source runtimes: reviewed by private vendors."
    assert judge(claim, other).verdict != "contradicted"
    # A claim about one side alone is still denied by the same statement of the other side.
    assert judge("Open-source runtimes are reviewed by private vendors.", other).verdict == "contradicted"


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # "no" before a thing the passage never speaks of denies nothing of it
        ("Wren is open source, so I can ship it in a product with no strings attached.",
         "Wren is open source, so you can ship it in a product without asking anyone for permission."),
        # "exclude X from training" is "not train on X"
        ("Vendors do not train on customer data.", "Vendor contracts exclude customer data from training."),
        # "every one of its models" gives no figure
        ("Lumen releases every one of its models openly.", "Lumen releases all of its 7B and 13B models openly."),
    ],
)  # fmt: skip
def test_what_a_negation_or_a_figure_word_does_not_deny(claim: str, passage: str) -> None:
    assert judge(claim, passage).verdict != "contradicted"


def test_a_degree_alone_shared_is_no_denial() -> None:
    # "low" and "High" fold into one degree, but one speaks of cost and the other of customization
    row = "Open-source LLMs, Customization: High (modifiable by users)"
    assert judge("Open LLMs are the low-cost option.", row).verdict != "contradicted"
    assert judge("Open LLMs offer low customization.", row).verdict == "contradicted"


def test_no_before_a_thing_the_passage_names_denies_it() -> None:
    assert (
        judge("Wren has no licence fee.", "Wren has a licence fee for hosted use.").verdict == "contradicted"
    )


def test_a_neighbour_sentence_that_holds_the_claim_must_not_deny_it() -> None:
    passage = "Some labs are exploring hybrid releases. These hybrid models combine openness with safeguards."
    assert judge("No labs are exploring hybrid releases.", passage).verdict != "supported"


def test_a_label_or_a_question_states_nothing() -> None:
    passage = "- **Question 3**: Can open-source models offer customization?\n- **Closed-source LLMs in Practice**:\n"
    assert judge("Open-source models offer customization.", passage).verdict == "not_stated"
    assert judge("Closed-source LLMs offer high customization.", passage).verdict == "not_stated"


def test_each_statement_of_the_claim_must_be_made_of_its_own_side() -> None:
    row = "Open-source models enable community-driven bias detection and correction."
    assert judge("Closed-source models enable community-driven bias detection.", row).verdict != "supported"
    both = "Open-source models are transparent, while closed-source models are polished."
    assert judge(
        "Closed-source models are transparent, while open-source ones are polished.", both
    ).verdict != ("supported")
    assert judge("Open-source models are transparent.", both).verdict == "supported"


def test_a_reason_clause_keeps_its_own_negation() -> None:
    passage = "Open-source models can be fine-tuned and adapted to specific needs."
    claim = "Open-source models cannot be adapted, because they are not open for modification."
    assert judge(claim, passage).verdict == "contradicted"  # two negations in two clauses do not cancel


def test_a_near_verbatim_statement_outweighs_a_loosely_related_denial() -> None:
    found = [
        Judgement("supported", 0, 10, 1.0, "verbatim", 0.98),
        Judgement("contradicted", 20, 30, 0.5, "a 'not' elsewhere", 0.55),
    ]
    assert decide(found).verdict == "supported"
    found[1] = Judgement("contradicted", 20, 30, 1.0, "the same statement negated", 0.9)
    assert decide(found).verdict == "contradicted"


def test_grounding_drops_a_contradicted_draft_sentence_and_counts_it() -> None:
    draft = "Falcon was not developed by the Technology Innovation Institute in Abu Dhabi [1]. TII built Falcon [1]."
    out = grounding.check(draft, [FALCON], SUPPORT)
    assert [s.text for s in out.kept] == ["TII built Falcon."]
    assert [s.action for s in out.dropped] == ["contradicted"]


# --------------------------------------------------------------------------- `rag verify`


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    from rag.ingest import refresh

    tmp = tmp_path_factory.mktemp("verify")
    copy_corpus(tmp / "corpus", ALL_DOCS)
    settings = make_settings(tmp)
    refresh(settings, embedder=embedder)
    return settings


@pytest.mark.parametrize(("claim", "verdict"), [(c, v) for c, _, v in EIGHT])
def test_verify_checks_a_claim_against_the_whole_corpus(
    corpus_index: Settings, embedder: Any, claim: str, verdict: str
) -> None:
    result = Assistant(corpus_index, embedder).verify(claim)
    assert result.verdict == verdict
    (c,) = result.citations
    source = (corpus_index.corpus_dir / c.source).read_text(encoding="utf-8")
    assert source[c.start : c.end] == c.text
    ((start, end),) = c.highlights
    assert c.start <= start < end <= c.end


def _rag(*args: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args, "--index", str(settings.index_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1", "RAG_CORPUS_DIR": str(settings.corpus_dir)},
    )


def test_rag_verify_json_follows_the_contract(corpus_index: Settings) -> None:
    done = _rag("verify", "Falcon was developed by Meta.", "--json", settings=corpus_index)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"claim", "verdict", "citations", "explanation"}
    assert out["verdict"] == "contradicted"
    assert set(out["citations"][0]) >= {"n", "source", "title", "section", "text", "start", "end", "score"}
    unknown = json.loads(
        _rag(
            "verify", "Falcon was trained on a billion cat pictures.", "--json", settings=corpus_index
        ).stdout
    )
    assert unknown["verdict"] == "not_found"
    assert unknown["citations"] == []


@pytest.mark.parametrize("claim", ["", "   ", "x" * 5000])
def test_rag_verify_rejects_bad_input_with_one_line_and_exit_2(corpus_index: Settings, claim: str) -> None:
    done = _rag("verify", claim, settings=corpus_index)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error:")
    assert len(done.stderr.strip().splitlines()) == 1
    assert Path(corpus_index.index_dir).exists()


# --------------------------------------------------------------------------- sources that differ


def test_is_llama_open_source_shows_both_documents_each_cited(corpus_index: Settings, embedder: Any) -> None:
    answer = Assistant(corpus_index, embedder).ask("Is LLaMA open source?")
    (differ,) = answer.disagreements
    by_n = {c.n: c for c in answer.citations}
    sources = [{by_n[n].source for n in side["citations"]} for side in differ["sides"]]  # type: ignore[union-attr]
    assert any("rise-of-open-source-llms.md" in s for s in sources)
    assert any("open-vs-closed-source-debate.md" in s for s in sources)
    assert "Sources differ:" in answer.text


def test_a_plain_fact_has_no_sources_differ_part(corpus_index: Settings, embedder: Any) -> None:
    answer = Assistant(corpus_index, embedder).ask("Which institute developed the Falcon models?")
    assert answer.disagreements == []
    assert "Sources differ" not in answer.text


def test_a_rare_name_finds_the_passages_that_name_it(corpus_index: Settings, embedder: Any) -> None:
    assistant = Assistant(corpus_index, embedder)
    named = assistant.retriever.naming("Cohere", 5)
    assert any("Cohere" in p.chunk.text for p in named[:2])
    assert all("coher" in p.chunk.text.lower() for p in named)  # only passages that share the name
    answer = assistant.ask("Is Cohere an open-source model?")
    assert not answer.refused
    assert any("Cohere" in c.text for c in answer.citations)


def test_a_customer_is_a_user_not_a_customisation() -> None:
    from rag.verify import concepts

    # "customer" and "customize" share the stem "custom": a customer is not a change to a model.
    assert "modifi" not in concepts("secure customer support")
    assert concepts("customer support").keys() & concepts("users get support").keys() >= {"user"}


BOREALIS = (
    "- Borealis Models: Borealis has released several capable models, which have gained traction for their "
    "efficiency and performance, often rivaling larger proprietary models."
)
# What one word changes: a figure, a maker, a version, a negation's scope, a lead-in that states.
ONE_WORD = [
    # Another figure in place of the claim's, the rest of the sentence held: however little the figure
    # weighs among the claim's words, it decides.
    ("Three licences apply to the weights.", "Two licences apply to the weights.", "contradicted"),
    ("Their hub hosts only a few dozen datasets.", "Their hub hosts thousands of datasets.", "contradicted"),
    # Another maker named for the same making, written as a noun ("Release of … by X").
    ("Mozilla released the Servo engine in 2012.", "2012: Release of the Servo engine by Samsung.", "contradicted"),
    # …but a span about something else by another maker denies nothing of it.
    ("Mozilla released the Rhino engine in 2012.", "2012: Release of the Servo engine by Samsung.", "not_stated"),
    # A sentence that opens with a function word names nothing: its negation is judged.
    ("Neither Gemini nor Grok is a closed model.", "Gemini and Grok: two closed models offered through APIs.", "contradicted"),
    # The other side said of the very names the claim is about denies it.
    ("Gemini is an open model.", "- Gemini and Grok: Other examples of closed models that prioritize safety.", "contradicted"),
    # A concept held only in its negated form is never stated, however much else matches.
    ("Borealis models are known for their inefficiency.", BOREALIS, "not_stated"),
    ("Borealis models are known for their efficiency.", BOREALIS, "supported"),
    # A negation of a thing the passage never speaks of denies nothing of what it says.
    ("The first weights got out without permission, sparking interest.", "The first weights were leaked, sparking interest.", "not_stated"),
    # A lead-in with a verb of its own is a statement, not a label.
    ("Hybrid licences face no challenges.", "Hybrid licences are not without challenges:", "contradicted"),
    # "the original X" is the first version: not the claim's "X 2".
    ("It was the Orca 2 weights that were leaked.", "Orca (and Orca 2): the original Orca weights were leaked.", "contradicted"),
    # "…, while still fostering…" is a statement of its own: "limits" is not undone by "fostering".
    ("Gated access increases exposure to malicious actors.", "Gated access limits exposure to malicious actors while still fostering research.", "contradicted"),
]  # fmt: skip


@pytest.mark.parametrize(("claim", "passage", "verdict"), ONE_WORD, ids=[c[:40] for c, _, _ in ONE_WORD])
def test_one_changed_word_is_judged(claim: str, passage: str, verdict: str) -> None:
    assert judge(claim, passage).verdict == verdict


GRANT = (
    "You are granted a royalty-free limited license to use, reproduce, distribute, copy, create derivative "
    "works of, and make modifications to the Acme Materials."
)


def test_a_verb_and_its_noun_are_one_concept() -> None:
    """ "Modify" and "make modifications to" say the same (the stemmer leaves them apart: modifi, modif)."""
    assert judge("You may modify the Acme Materials.", GRANT).verdict == "supported"
    assert (
        judge(
            "You may modify the Acme Materials.",
            "You may not make modifications to the Acme Materials.",
        ).verdict
        == "contradicted"
    )


@pytest.mark.parametrize(
    "claim",
    [
        "An online shop uses Tern to answer customer questions.",
        "A web store answers customer inquiries with Tern.",
    ],
)
def test_everyday_words_for_the_same_thing_are_one_concept(claim: str) -> None:
    """A shop on the web and an e-commerce website, questions and queries: one concept each."""
    assert (
        judge(claim, "Example: an e-commerce website using Tern to answer customer queries.").verdict
        == "supported"
    )


def test_a_synonym_spelt_with_ise_is_the_concept_of_its_group() -> None:
    from rag.concepts import concepts

    # The text's words are read in American spelling ("enterprize"): the synonym table must be too.
    assert concepts("enterprises") == concepts("companies")
    # …and so must the opposites' words ("raises" was read "raizes", and never met its entry).
    assert "increase" in concepts("It raises costs")
    assert concepts("a centralised model") == concepts("a centralized model")


def test_a_claim_is_not_stated_by_a_span_sharing_only_its_subjects_words() -> None:
    # A definition of open-weight models shares "open", "weight", "model": it says nothing of banning them.
    definition = (
        "Open-source model: an open-weight model that is also published with its training code and "
        "documentation of its training data."
    )
    assert judge("open-weight models should be banned", definition).verdict == "not_stated"
    assert judge("open-weight models should be banned", "Do not ban open weights.").verdict == "contradicted"
    assert judge("open-weight models are published with training code", definition).verdict == "supported"
