"""The composer, through the real retrieval and embedder: the direct answer first, from the right span."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from tests.conftest import make_settings
from tests.test_answer import assert_citations_resolve

# A model card of our own, so that dates in words, versions and lists are tested on text no eval holds.
CARD = """# Acme model family

Acme-2 was released on April 18, 2024 by Borealis Labs, a research group based in Oslo.
Acme-3 has 70 billion parameters and supports eight languages.

## Licence

The Acme-3 weights are published under the Apache 2.0 licence, which permits commercial use
without a fee, provided that the notice is kept in every copy of the
weights.

## Runtimes

Examples of compatible runtimes: llama.cpp, Ollama, vLLM.
"""


def indexed(tmp: Path, embedder: Any, files: dict[str, str]) -> Settings:
    """Settings for an index of `files` (name → text) built in `tmp`."""
    from rag.ingest import refresh

    (tmp / "corpus").mkdir()
    for name, text in files.items():
        (tmp / "corpus" / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp)
    refresh(settings, embedder=embedder)
    return settings


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("card"), embedder, {"acme-card.md": CARD})


def answered(tmp: Path, embedder: Any, files: dict[str, str], question: str) -> Any:
    """The answer to `question` from an index of `files` built in `tmp`, its citations checked."""
    settings = indexed(tmp, embedder, files)
    answer = Assistant(settings, embedder).ask(question)
    assert_citations_resolve(answer, settings.corpus_dir)
    return answer


def lead(text: str) -> str:
    return text.split("\n\n", 1)[0]


def test_a_date_written_in_words_answers_when(card: Settings, embedder: Any) -> None:
    answer = Assistant(card, embedder).ask("On what date was Acme-2 released?")
    assert not answer.refused
    assert "April 18, 2024" in lead(answer.text)
    assert_citations_resolve(answer, card.corpus_dir)


def test_who_and_where_lead_with_the_name_and_the_place(card: Settings, embedder: Any) -> None:
    assert "Borealis Labs" in lead(Assistant(card, embedder).ask("Who developed Acme-2?").text)
    assert "Oslo" in lead(Assistant(card, embedder).ask("Where is Borealis Labs based?").text)


def test_a_figure_given_only_for_another_version_is_refused_and_says_so(
    card: Settings, embedder: Any
) -> None:
    assistant = Assistant(card, embedder)
    answer = assistant.ask("How many parameters does Acme-2 have?")
    assert answer.refused
    assert "Acme-3, not Acme-2" in answer.text
    right = assistant.ask("How many parameters does Acme-3 have?")
    assert "70 billion" in lead(right.text)


def test_a_list_question_lists_each_item_found_with_its_citation(card: Settings, embedder: Any) -> None:
    answer = Assistant(card, embedder).ask("Which runtimes are compatible with the Acme models?")
    first = lead(answer.text)
    assert all(name in first for name in ("llama.cpp", "Ollama", "vLLM"))
    assert re.search(r"\[\d+\]", first)


def test_a_quote_from_hard_wrapped_lines_is_the_whole_sentence(card: Settings, embedder: Any) -> None:
    answer = Assistant(card, embedder).ask("Under which licence are the Acme-3 weights published?")
    assert "Apache 2.0" in answer.text
    # The sentence runs over three lines in the file; the answer reads it whole, without line breaks.
    assert "every copy of the weights" in answer.text
    assert_citations_resolve(answer, card.corpus_dir)


def test_when_the_kind_asked_is_absent_the_answer_is_a_refusal(card: Settings, embedder: Any) -> None:
    # The card is about Acme and gives no date for Acme-3: on topic, still unanswered.
    assert Assistant(card, embedder).ask("When was Acme-3 released?").refused


def test_the_falcon_question_leads_with_the_institute_and_its_city(built: Settings, embedder: Any) -> None:
    answer = Assistant(built, embedder).ask("Which institute developed the Falcon models?")
    first = lead(answer.text)
    assert "Technology Innovation Institute" in first
    assert "Abu Dhabi" in first
    assert len(first.split()) <= 45
    assert answer.mode == "quoted"
    assert answer.backend == "spans"
    assert_citations_resolve(answer, built.corpus_dir)
    (c,) = [c for c in answer.citations if c.source == "rise-of-open-source-llms.md"]
    source = (built.corpus_dir / c.source).read_text(encoding="utf-8")
    assert any("Technology Innovation Institute" in source[a:b] for a, b in c.highlights)


def test_each_part_of_a_two_part_question_gets_its_own_answer(built: Settings, embedder: Any) -> None:
    answer = Assistant(built, embedder).ask("Who developed Falcon, and which company is behind Bard?")
    first = lead(answer.text)
    assert "Technology Innovation Institute" in first
    assert "Google" in first


def test_no_answer_is_drawn_from_markup_or_headings(built: Settings, embedder: Any) -> None:
    answer = Assistant(built, embedder).ask("What are the benefits of open-source LLMs?")
    assert "**" not in answer.text
    assert "](" not in answer.text
    for line in answer.text.splitlines():
        assert not line.lstrip("- ").startswith("#")


def test_the_answer_path_does_not_load_a_model_for_the_embedded_backend(
    built: Settings, embedder: Any
) -> None:
    from rag import llm

    before = llm.embedded.cache_info().currsize
    Assistant(built, embedder).ask("Which institute developed the Falcon models?", backend="embedded")
    assert llm.embedded.cache_info().currsize == before


def test_a_question_that_names_a_document_is_answered_from_it(tmp_path: Any, embedder: Any) -> None:
    files = {
        "acme-faq.md": "# Questions people ask\n\nFine-tuning Acme-3 on your own data takes about two hours on one GPU.\n",
        "launch-blog.md": "# Launch\n\nFine-tuning Acme-3 on your own data is a popular way to adapt it to a domain.\n",
    }
    settings = indexed(tmp_path, embedder, files)
    answer = Assistant(settings, embedder).ask(
        "What does the FAQ say about fine-tuning Acme-3 on your own data?"
    )
    assert "two hours" in lead(answer.text)
    answer = Assistant(settings, embedder).ask(
        "What does the launch blog say about fine-tuning Acme-3 on your own data?"
    )
    assert "popular way" in lead(answer.text)


def test_a_span_holding_what_is_asked_answers_though_worded_otherwise() -> None:
    from rag.compose import Scored, accepted
    from rag.question import analyse
    from rag.spans import Span

    ask = analyse("What is a hybrid approach to releasing an LLM?")
    span = Span(0, 0, 10, "Companies release the architecture but keep the weights.", "", "sentence")
    covered = Scored(span, 1.2, sim=0.45, gives=True, subject=1.0, cov=0.9)
    loose = Scored(span, 1.0, sim=0.45, gives=True, subject=1.0, cov=0.2)
    assert accepted(ask, ask.parts[0], [covered, loose], min_sim=0.55) == [covered]


def test_the_documents_place_each_model_on_a_side() -> None:
    from rag.compose import name_sides

    passages = [
        ("- Answer 4: GPT-4 (closed-source) and LLaMA 3 (open-source).\n", "Course > Quiz"),
        ("Closed-source LLMs are developed by companies like OpenAI: GPT-4, Claude.\n", "Course > Closed"),
    ]
    sides = name_sides(passages)
    assert sides["gpt"] == "closed"
    assert sides["llama"] == "open"


TABLE_DOC = """# Plans

The two plans differ as follows.

| Aspect | Basic plan | Team plan |
|---|---|---|
| Storage | 10 GB per user | 2 TB shared |
| Support | Community forum | Phone support within 4 hours |
| Price | Free | 8 dollars per seat |
"""


def test_a_comparison_is_answered_by_the_row_it_names_with_each_column(tmp_path: Any, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"plans.md": TABLE_DOC})
    answer = Assistant(settings, embedder).ask("How do the basic and team plans compare on support?")
    first = lead(answer.text)
    assert "Community forum" in first
    assert "Phone support within 4 hours" in first
    assert "Basic plan" in first
    assert "Team plan" in first
    assert_citations_resolve(answer, settings.corpus_dir)


def test_a_count_is_said_by_the_noun_its_phrase_ends_on_and_a_time_frame_by_a_span_of_time() -> None:
    from rag.compose import gives
    from rag.question import analyse

    ask = analyse("How many items does TallyBench have?")
    assert gives("number", "TallyBench contains 1,200 multi-step arithmetic and word-problem items.", ask)
    # ("for": the figure counts the ledger, not its items)
    assert not gives(
        "number", "TallyBench reports 1,200 for the ledger of a warehouse's receipts and its items.", ask
    )
    within = analyse("Within what time frame must serious incidents be reported?")
    assert gives("number", "Developers should report serious incidents within 72 hours.", within)
    assert not gives("number", "The Office has 40 staff for serious incidents.", within)


def test_a_figures_clause_keeps_its_subject_past_an_aside_and_a_label_sentence() -> None:
    from rag.compose_wording import answer_clause
    from rag.question import analyse
    from rag.spans import Span

    text = (
        "Require rapid incident reporting. Developers of frontier models, open or closed, should report "
        "serious incidents within 72 hours of becoming aware of them."
    )
    ask = analyse("Within what time frame must serious incidents be reported?")
    said = answer_clause("number", Span(0, 0, len(text), text, "", "sentence"), ask, frozenset())
    assert said.startswith("Developers of frontier models, open or closed, should report")


def test_a_party_credited_with_a_test_or_a_proposal_is_the_source_not_the_subject() -> None:
    from rag.compose_scoring import attributed
    from rag.question import analyse

    assert attributed(
        analyse("What accuracy did Marlow-13B get on Quillfern's invoice extraction test?")
    ) == {"quillfern"}
    assert attributed(analyse("How long is the access period under the Osterfeld proposal?")) == {"osterfeld"}
    assert not attributed(analyse("What accuracy did Marlow-13B get?"))


def test_a_name_asked_for_is_one_the_span_does_the_asked_thing_with_not_its_speaker() -> None:
    from rag.compose import gives
    from rag.question import analyse

    ask = analyse("What is the name of the open-weight model Halcyon released?")
    assert gives("entity", "In April we published Aster Seedling, a small model.", ask)
    assert not gives("entity", "In April we discussed Aster Seedling, a small model.", ask)  # not released
    assert not gives(
        "entity", "REYNDAL: If a released model could not be turned to harm, I'd reconsider.", ask
    )


def test_a_figures_lead_starts_at_the_sentence_that_gives_it() -> None:
    from rag.compose_wording import answer_clause
    from rag.question import analyse
    from rag.spans import Span

    text = "Stage frontier weight releases. Frontier weights should wait a 90-day period, during which tests run."
    ask = analyse("How long should frontier weights wait?")
    said = answer_clause("number", Span(0, 0, len(text), text, "", "sentence"), ask, frozenset())
    assert said.startswith("Frontier weights should wait a 90-day period")


def test_a_date_or_founder_asked_of_an_event_is_one_said_of_that_event() -> None:
    from rag.compose import gives
    from rag.question import analyse

    founded = analyse("In what year was Halcyon Reasoning Labs founded?")
    assert not gives(
        "date", "Halcyon Reasoning Labs released the Aster Seedling model in April 2027.", founded
    )
    assert gives("date", "Halcyon Reasoning Labs was founded in 2019 in Port Ellery.", founded)
    who = analyse("Who founded Brindlewood AI?")
    assert not gives("entity", "Brindlewood AI's Marlow-13B is open source.", who)
    assert gives("entity", "Brindlewood AI was founded by Ilse Marrow.", who)
    # "When did … release …?" asks the release's date: not a talk page signature's, nor a launch that went live
    released = analyse("When did Saltmarsh AI release Vellamo-34B?")
    assert not gives("date", "— Mossbank_ed (talk) 19:47, 29 January 2025 (UTC)", released)
    assert gives("date", "Vellamo-34B, which Saltmarsh AI released in October 2023, runs the tool.", released)
    launched = analyse("When was Ask Ellery launched?")
    assert gives("date", "Ask Ellery went live on 14 October 2024.", launched)
    assert not gives("date", "Ask Ellery's contract was signed on 2 May 2024.", launched)


def test_a_want_question_reads_as_what_should_be_done() -> None:
    from rag.disagree import claim_of

    claim = claim_of("Does the Osterfeld Institute want open-weight models banned?", "")
    assert claim == "open-weight models should be banned"
    assert claim_of("Is LLaMA open source?", "") == "LLaMA open source"


def test_a_question_of_cost_is_answered_by_a_sum_not_by_any_figure() -> None:
    from rag.compose import gives
    from rag.question import analyse

    ask = analyse("Roughly how expensive is it to train a language model from the ground up?")
    assert not gives("number", "Translate languages: convert text from one language to another.", ask)
    assert not gives("number", "The model supports 40 languages.", ask)
    assert gives("number", "Training an LLM from scratch can cost millions of dollars.", ask)
    # A saving is a sum too: not the months a table's caption covers.
    saved = analyse("How much does the county council save per year by using Wren-40?")
    assert not gives("number", "County council: Wren-40 deployment, first 12 months (source: FOI)", saved)
    assert gives("number", "It has saved this council £1.9 million a year.", saved)


def test_an_organisations_name_answers_who_whatever_its_words() -> None:
    from rag.compose import gives
    from rag.question import analyse

    # "commons" and "alliance" are words the documents write in lower case; the name is one all the same.
    common = frozenset({"commons", "alliance", "model"})
    ask = analyse("Who published the Open Model Definition?")
    text = "It meets version 1.0 of the Open Model Definition published by the Commons Model Alliance."
    assert gives("entity", text, ask, common)
    assert not gives(
        "entity", "It meets version 1.0 of the Open Model Definition published by the commons.", ask, common
    )


def test_a_figure_answers_only_what_it_counts_or_measures() -> None:
    from rag.compose import gives
    from rag.question import analyse

    def answers(question: str, text: str) -> bool:
        return gives("number", text, analyse(question))

    # The counted noun is found past the words that qualify it; the figure must be of it.
    assert answers("How many H100 GPUs does it need?", "It needs 16 H100 GPUs to serve.")
    assert not answers("How many H100 GPUs does it need?", "It saw 2.3 trillion tokens.")
    assert not answers("How much electricity was used to train Tern?", "It saw 2.3 trillion tokens.")
    assert not answers("How many times has Tern been downloaded?", "Tern saw 2.3 trillion tokens.")
    assert answers("How many times has Tern been downloaded?", "Tern was downloaded 90,000 times.")
    # A mass is said in its units: data in tokens, memory in gigabytes; one not known to us, in any.
    assert answers("How much data was it trained on?", "It was trained on 14.8 trillion tokens.")
    assert answers("How much memory does it need at 4 bits?", "At 4 bits it fits on a single 48 GB GPU.")
    assert answers(
        "How much traffic do you need before self-hosting is cheaper?",
        "Once you're past about 40 million tokens a day.",
    )
    assert answers("How many people does it take to run?", "It takes two engineers to keep it running.")
    # A size asked in parameters is a count of parameters, written with hyphens or not.
    assert answers("How big is Rook in parameters?", "Corvid released Rook, a 58-billion-parameter model.")
    assert not answers("How big is Rook in parameters?", "Rook was trained on 11 trillion tokens.")
    # The measured noun comes after the words that qualify it: "public money" is money.
    assert answers("How much public money does it want for evaluation?", "Fund evaluation with £12 million.")
    assert not answers(
        "How much public money does it want for evaluation?", "It answers questions 3, 4 and 9."
    )
    # A sum when paying is asked; but a question measuring something else only mentions paying.
    assert answers("How much was the startup paying each month?", "The bill was $11,400 a month.")
    assert not answers("How much was the startup paying each month?", "It moved onto a 24B model.")
    assert answers(
        "How much traffic do you need before it is cheaper than paying an API?",
        "Past about 40 million tokens a day.",
    )
    # A count of anything answers "how many ways…".
    assert answers("How many ways of building a model are there?", "There are two approaches.")
    # Money raised is a sum; revenue is a sum earned, not one raised.
    assert answers("How much did Corvid raise?", "In November it raised €85 million in a Series A.")
    assert not answers("How much did Corvid raise?", "It now has 37 paying customers.")
    assert not answers("What was Corvid's revenue in 2025?", "In November it raised €85 million.")
    assert answers("What was Corvid's revenue in 2025?", "Its 2025 revenue was €12 million.")
    # A clipped word counts its whole one ("labs" are laboratories), a figure may be in words.
    assert answers("How many labs signed the accord?", "In April fourteen laboratories signed the accord.")
    assert not answers("How many labs signed the accord?", "In April fourteen ministers signed the accord.")
    # A date's day is no figure: "For the year ended 31 December 2027" says nothing of a headcount.
    assert not answers(
        "What was Halvor's headcount at the end of 2027?", "For the year ended 31 December 2027"
    )
    assert answers("What was Halvor's headcount at the end of 2027?", "Employees (year end), 2027: 2,450")
    # A column that names the unit counts its cell ("Training tokens: 9.5 trillion" is text in tokens).
    asked = "How much text, measured in tokens, was Tern pre-trained on?"
    assert answers(asked, "Value, Training tokens: 9.5 trillion")
    # A count in a word of the unit's concept ("businesses" are enterprises, however spelt).
    assert answers(
        "How many businesses were surveyed?", "A survey of 212 small and medium-sized enterprises."
    )
    assert not answers("How many businesses were surveyed?", "A survey ran for 212 days in Kestrel Bay.")
    # A sum is a sum though a version beside it holds the same number ("Quillon-3").
    price = "What is the price of Quillon-4 input tokens?"
    assert answers(price, "We set its price at $3 per million input tokens, 40% below the Quillon-3 tier.")
    assert not answers(price, "It is 40% cheaper than the Quillon-3 tier.")


ANNUAL_REPORT = """HALVOR LABS PLC
ANNUAL REPORT 2027

FINANCIAL HIGHLIGHTS

                                          2027          2026    Change
  Revenue                             $1,842m       $1,144m      +61%
  Research and development expense      $960m         $611m      +57%
  Employees (year end)                   2,450

Revenue reached $1.84 billion, 61% higher than in 2026. Our employees numbered 2,450 at the year end.
"""


def test_a_plain_text_table_answers_by_its_cell_and_abbreviations_find_their_words(
    tmp_path: Path, embedder: Any
) -> None:
    files = {"halvor-annual-report.txt": ANNUAL_REPORT}
    answer = answered(tmp_path, embedder, files, "How much did Halvor Labs spend on R&D in 2027?")
    assert "$960m" in lead(answer.text)
    assert "$611m" not in lead(answer.text)  # the 2027 column, not 2026's


def test_a_model_of_another_size_is_a_neighbour_not_the_asked_one() -> None:
    from rag.compose_kinds import match_subject
    from rag.question import names

    asked = names("How much does it cost to run Llama 3 8B?")
    assert match_subject(asked, names("Llama 3 70B Instruct costs $0.79.", lenient=True)) == (
        0.0,
        "the documents give this for Llama 3 70B, not Llama 3 8B",
    )
    assert match_subject(asked, names("Llama 3 8B costs $0.10.", lenient=True))[0] == 1.0


def test_a_name_of_the_kind_asked_answers_which_one() -> None:
    from rag.compose import gives
    from rag.question import analyse

    ask = analyse("Which university is the Halvorsen lab part of?")
    assert gives("entity", "Halvorsen Language Systems Lab, Marrow University.", ask)
    assert not gives("entity", "The Halvorsen lab teaches at the university. Ask Priya.", ask)


def test_a_question_names_a_document_by_the_words_that_set_it_apart() -> None:
    from rag.compose import named_documents

    titles = {
        "open-vs-closed-source-debate.md": "Open vs closed source debate",
        "open-vs-closed-source-llms-course.md": "04 Open vs Closed Source LLMs",
        "rise-of-open-source-llms.md": "Rise of open source llms",
    }
    assert named_documents("Which weaknesses are raised in the debate article?", titles) == {
        "open-vs-closed-source-debate.md"
    }
    assert named_documents("According to the course's quiz, can open models be customised?", titles) == {
        "open-vs-closed-source-llms-course.md"
    }
    assert named_documents("Who makes Claude?", titles) == set()
    assert named_documents("What does the open source article say?", titles) == set()  # all say that


PARAGRAPH_DOC = """# Access

Zephyr-X is a language model made by Acme Labs. It is not freely available to the public. Instead,
access is granted to researchers and universities under specific conditions.

## Timeline

- **2019**: Acme Labs is founded.
- **2020**: Emergence of retrieval techniques at Acme Labs.
- **2022**: Zephyr-X is released.
"""


def test_a_paragraph_keeps_its_subject_and_an_entry_answers_for_its_label(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"zephyr.md": PARAGRAPH_DOC})
    assistant = Assistant(settings, embedder)
    # The paragraph's third sentence names no model, yet it is about Zephyr-X.
    assert "researchers" in assistant.ask("Who is given access to Zephyr-X?").text
    assert "retrieval techniques" in lead(assistant.ask("What does the timeline list for 2020?").text)


# A card of our own with an acronym, a gloss in brackets and a list introduced by a lead-in sentence.
GLOSSARY = """# The Orca toolkit

Orca uses Direct Preference Optimisation (DPO) after pre-training. Its adapters (small trainable
matrices added to a frozen model) keep fine-tuning cheap.

Merge kits, which combine several adapters into one file, are shipped with the spring release.
Each merge kit option is listed on the merge kit page, with every merge kit setting explained.

Teams adopt the toolkit for three reasons:
- Portability: it runs on laptops and on servers alike.
- Auditability: every training run is logged with its data.
- Thrift: adapters cost a fraction of full fine-tuning.
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("glossary"), embedder, {"orca-toolkit.md": GLOSSARY})


def test_what_an_acronym_stands_for_is_its_expansion(glossary: Settings, embedder: Any) -> None:
    answer = Assistant(glossary, embedder).ask("What does DPO stand for?")
    assert "Direct Preference Optimisation" in lead(answer.text)
    assert_citations_resolve(answer, glossary.corpus_dir)


def test_a_term_explained_in_brackets_is_defined_by_its_gloss(glossary: Settings, embedder: Any) -> None:
    answer = Assistant(glossary, embedder).ask("In plain words, what are adapters?")
    assert "small trainable matrices" in lead(answer.text)
    assert_citations_resolve(answer, glossary.corpus_dir)


@pytest.mark.parametrize(
    "question",
    ["What is a merge kit?", "How does the toolkit guide define a merge kit?", "Define merge kits."],
)
def test_a_span_saying_what_the_term_is_defines_it(glossary: Settings, embedder: Any, question: str) -> None:
    answer = Assistant(glossary, embedder).ask(question)
    assert "combine several adapters" in lead(answer.text), answer.text


def test_a_sentence_that_introduces_a_list_answers_with_its_items(glossary: Settings, embedder: Any) -> None:
    answer = Assistant(glossary, embedder).ask("For what reasons do teams adopt the Orca toolkit?")
    first = lead(answer.text)
    assert all(label in first for label in ("Portability", "Auditability", "Thrift")), first
    assert_citations_resolve(answer, glossary.corpus_dir)


# Prose that matches the question's words better than the table does, and the table the question names.
MATRIX = """# Runtime notes

Choosing a runtime depends on who may run it and on where the weights are kept, which is the question
most teams ask first when they pick between the two runtimes described in these notes.

Some teams keep every runtime on one shared server; others give each developer a local copy.

Aspect | Runtime A | Runtime B |
Licensing | Free for everyone | Paid seats for approved staff only |
Footprint | Runs on a laptop | Needs a GPU server |
"""


def test_a_question_naming_a_table_is_answered_from_the_table(tmp_path: Any, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"runtime-notes.md": MATRIX})
    answer = Assistant(settings, embedder).ask("What does the table say about who may use each runtime?")
    assert "approved staff" in lead(answer.text), answer.text
    assert_citations_resolve(answer, settings.corpus_dir)


RULE = "|" + "|".join("-" * 34 for _ in range(3)) + "|"
SPLIT_TABLE = f"""# Deployment notes

## Key differences

Teams comparing the two kinds of model usually start from this table, which the platform group keeps
up to date after every review of the vendors and of the community projects it tracks.

| **Characteristic** | **Open-source LLMs** | **Closed-source LLMs** |
{RULE}
| **Accessibility** | Freely accessible | Restricted access through an API |
| **Cost** | Low or free | Typically requires a paid subscription |
| **Innovation** | Driven by community collaboration | Proprietary advancements protected by intellectual property |
| **Security** | Relies on community patches | Enhanced security features for enterprises |
| **Bias Management** | Community-controlled | Company-controlled |
"""


def test_rows_of_a_table_split_from_its_header_are_answered_with_their_column_names(
    tmp_path: Any, embedder: Any
) -> None:
    from evals.citations import citation_support
    from rag.markdown import highlighted

    settings = indexed(tmp_path, embedder, {"deployment-notes.md": SPLIT_TABLE})
    assistant = Assistant(settings, embedder)
    answer = assistant.ask("Who is in charge of managing bias in open and closed models, per the table?")
    # A one-word cell read with its row and column is an answer; "charge" folds into cost, but the
    # question does not name the Cost row in its own words.
    assert (
        "Bias Management — Open-source LLMs: Community-controlled; Closed-source LLMs: Company-controlled"
        in (lead(answer.text))
    ), answer.text
    cited = next(c for c in answer.citations if "Company-controlled" in c.text)
    assert "| **Characteristic** |" not in cited.text, "the table should have been split from its header"
    assert cited.table_header.startswith("| **Characteristic** |")
    assert highlighted(cited).startswith("\\| Characteristic"), highlighted(cited)[:80]
    assert_citations_resolve(answer, settings.corpus_dir)
    # The column names are judged against the passage as the reader sees it: under its header.
    assert citation_support(lead(answer.text), answer.citations, settings.evidence_threshold).supported == 1
    # A synonym does not name a row: "safeguarded" folds into security, the advancements are innovation.
    safeguarded = assistant.ask("In the table, how are the advancements of closed-source LLMs safeguarded?")
    assert "intellectual property" in lead(safeguarded.text), safeguarded.text


MODELS_TABLE = """# Model landscape

A procurement note comparing a few language models, from vendor documentation and model cards.

| Model | Developer | Parameters | Licence | Release |
|-------------------|----------------------|-----------------|------------------------------------|--------------|
| Llama 2 | Meta | 7B to 70B | Llama 2 Community Licence | July 2023 |
| Mistral 7B | Mistral AI | 7.3B | Apache 2.0 | September 2023 |
| GPT-4 | OpenAI | not disclosed | Proprietary, API only | March 2023 |
| Claude 2 | Anthropic | not disclosed | Proprietary, API only | July 2023 |
| Gemma 7B | Google DeepMind | 8.5B | Gemma Terms of Use | February 2024 |
| Phi-2 | Microsoft | 2.7B | MIT | December 2023 |
"""


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What licence does Mistral 7B use?", "Mistral 7B — Licence: Apache 2.0"),
        ("How many parameters does Phi-2 have?", "Phi-2 — Parameters: 2.7B"),  # a figure alone is a cell
        ("Who developed Phi-2?", "Phi-2 — Developer: Microsoft"),  # a column named for the maker
        ("When was Gemma 7B released?", "Gemma 7B — Release: February 2024"),
        ("Which models are proprietary?", "GPT-4, Claude 2 — Licence: Proprietary, API only"),
        ("Which models were released in July 2023?", "Llama 2, Claude 2 — Release: July 2023"),
        # Two rows asked of together: no span names both, each row answers for itself.
        (
            "How does Llama 2 compare with Mistral 7B on licence?",
            "Llama 2 — Licence: Llama 2 Community Licence [1]. Mistral 7B — Licence: Apache 2.0 [1].",
        ),
        # The value given names the column, not the verb ("released" is also the Release column's word).
        ("Which models are released under Apache 2.0?", "Mistral 7B — Licence: Apache 2.0"),
        ("Is Mistral 7B released under Apache 2.0?", "Yes: Mistral 7B — Licence: Apache 2.0"),
        # The value asked about is another row's: no span holds both names, the column decides.
        ("Was Gemma 7B released in July 2023?", "No: Gemma 7B — Release: February 2024"),
    ],
)
def test_a_table_of_attributes_answers_with_the_cell_the_question_asks_for(
    models_table: tuple[Settings, Assistant], question: str, expected: str
) -> None:
    settings, assistant = models_table
    answer = assistant.ask(question)
    assert lead(answer.text).startswith(expected), answer.text
    assert_citations_resolve(answer, settings.corpus_dir)


def test_one_row_named_twice_answers_once(models_table: tuple[Settings, Assistant]) -> None:
    answer = models_table[1].ask("When did Mistral AI release Mistral 7B?")
    assert lead(answer.text).startswith("Mistral 7B — Release: September 2023"), answer.text
    assert lead(answer.text).count("September 2023") == 1, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "What does Mistral AI charge per million tokens for Mistral 7B?",  # the table has no price column
        "How much does Mistral AI charge for a commercial licence for Mistral 7B?",  # one row named twice
    ],
)
def test_a_table_without_the_asked_figure_does_not_answer_with_another_column(
    models_table: tuple[Settings, Assistant], question: str
) -> None:
    assert models_table[1].ask(question).refused


@pytest.fixture(scope="module")
def models_table(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> tuple[Settings, Assistant]:
    settings = indexed(tmp_path_factory.mktemp("models"), embedder, {"models.md": MODELS_TABLE})
    return settings, Assistant(settings, embedder)


FAQ = """# Borealis model FAQ

## Licensing

**Can I use Borealis-13B in a commercial product?**
Yes, provided your product has fewer than 50 million monthly users; above that you need a separate agreement with Northwind Labs.

## Running it

**What hardware does Borealis-13B need?**
A single GPU with 24 GB of memory runs the 4-bit version; the full-precision model needs two 80 GB GPUs.
"""


def test_an_faq_answer_is_read_with_its_question(tmp_path: Any, embedder: Any) -> None:
    # The answers never name Borealis-13B: their questions do, set in bold above them.
    settings = indexed(tmp_path, embedder, {"faq.md": FAQ})
    assistant = Assistant(settings, embedder)
    hardware = assistant.ask("What GPU does Borealis-13B need?")
    assert lead(hardware.text).startswith("Borealis-13B: a single GPU with 24 GB of memory"), hardware.text
    commercial = assistant.ask("Can Borealis-13B be used commercially?")
    assert lead(commercial.text).startswith("Yes: Provided your product has fewer than 50 million"), (
        commercial.text
    )
    assert_citations_resolve(commercial, settings.corpus_dir)


HEDGED_FAQ = """# Choosing a model

**Is Kestrel open source?**
Not quite. Kestrel's weights are free to download, but its licence restricts commercial use for the largest firms.
For most projects these terms cause no trouble, but the legal team must review them before launch.

**Do open models say what data they were trained on?**
Rarely in any useful detail. Kestrel's paper describes its training data only in general terms, such as the total
number of tokens.
"""


def test_an_faq_answer_gives_its_own_verdict_not_a_yes_read_off_the_sentence_after_it(
    tmp_path: Any, embedder: Any
) -> None:
    assistant = Assistant(indexed(tmp_path, embedder, {"choosing.md": HEDGED_FAQ}), embedder)
    licence = lead(assistant.ask("Is Kestrel open source?").text)
    assert licence.startswith("Not quite. Kestrel's weights are free to download"), licence
    data = lead(assistant.ask("Do open-weight models tell you what data they were trained on?").text)
    assert data.startswith("Rarely in any useful detail. Kestrel's paper describes"), data


def test_a_yes_or_no_about_one_side_is_decided_by_a_span_about_that_side() -> None:
    from rag.compose_lead import _yes_or_no
    from rag.compose_records import Scored
    from rag.spans import Span

    texts = [
        "Bias and Safety Concerns: LLMs learn from the data they are trained on, and if that data contains "
        "biases, the models will inherit them.",
        "Open source models are not immune to this.",
    ]
    found = [Span(i, 0, len(t), t, "", "sentence") for i, t in enumerate(texts)]
    good = [Scored(found[0], 1.6, 0.64, True, 1.0, None), Scored(found[1], 1.5, 0.45, True, 1.0, "open")]
    decided = _yes_or_no(
        "Does being open protect an LLM from bias?", good, [(t, "") for t in texts], [[f] for f in found]
    )
    assert decided is not None
    verdict, by = decided
    # The first span says nothing of open models: the second, about them, decides.
    assert (verdict, by.span.text) == ("No", texts[1])


def test_a_question_naming_a_document_is_answered_from_it_and_marked_names_keep_their_sides(
    tmp_path: Any, embedder: Any
) -> None:
    files = {
        "field-guide.md": "# Field guide\n\nNotable runtimes include Kestrel, Heron and Osprey, each tuned for edge devices.\n",
        "vendor-brochure.md": "# Vendor brochure\n\nNotable runtimes include Condor, Falconet and Harrier, each tuned for data "
        "centres.\n\nQuick answer: Condor (closed-source) and Kestrel (open-source).\n",
    }
    settings = indexed(tmp_path, embedder, files)
    assistant = Assistant(settings, embedder)
    first = lead(assistant.ask("Which notable runtimes does the field guide list?").text)
    assert "Kestrel" in first, first
    assert "Condor" not in first, first
    pair = lead(assistant.ask("Give one closed-source runtime and one open-source runtime.").text)
    assert re.search(r"Closed-source: Condor\b.*Open-source: Kestrel\b", pair, re.S), pair


def test_a_list_question_about_a_subject_is_not_answered_with_the_subject_itself(
    tmp_path: Any, embedder: Any
) -> None:
    catalogue = (
        "# Catalogue\n\n- Wren: A compact model used for tasks like tagging and routing.\n"
        "- Finch: A larger model used for drafting long reports.\n"
    )
    settings = indexed(tmp_path, embedder, {"catalogue.md": catalogue})
    first = lead(Assistant(settings, embedder).ask("What jobs is Wren used for?").text)
    assert "tagging and routing" in first, first


def test_a_yes_no_question_resting_on_a_clause_before_it_gets_no_verdict(
    card: Settings, embedder: Any
) -> None:
    # "If …, does that make…" is no statement to check: read whole as a claim it drew a wrong "No" here
    # (the card says commercial use needs no fee) and a wrong "Yes" to "is it closed?".
    assistant = Assistant(card, embedder)
    for question in (
        "If Acme-3 costs nothing, does that make it free to use commercially?",
        "If the weights are published, is Acme-3 closed?",
    ):
        first = lead(assistant.ask(question).text)
        assert not re.match(r"(Yes|No):", first), first
    plain = lead(assistant.ask("Is Acme-3 published under the Apache 2.0 licence?").text)
    assert plain.startswith("Yes:"), plain


def test_the_sentence_that_goes_on_about_the_answer_comes_with_it(tmp_path: Path, embedder: Any) -> None:
    notes = (
        "# Tools\n\n- Heron: Although not a scheduler in the usual sense, Heron is the hub small teams share. "
        "Its queue holds jobs, logs and alerts for every project.\n- Osprey: A command-line client.\n\n"
        "Heron was first released in 2019.\n\nHeron runs on Linux and macOS.\n\nHeron is written in Go.\n"
    )
    answer = answered(tmp_path, embedder, {"tools.md": notes}, "What role does Heron play for small teams?")
    assert "jobs, logs and alerts" in answer.text, answer.text


def test_a_city_and_country_in_brackets_after_a_name_answers_where(tmp_path: Path, embedder: Any) -> None:
    card = (
        "# Model Card: Quartz-3\n\nQuartz-3 is a 13B model released by Basalt Research in 2025.\n\n"
        "## Model details\n| Property | Value |\n|---|---|\n| Developer | Basalt Research (Oslo, Norway) |\n"
        "| Parameters | 13 billion |\n"
    )
    answer = answered(tmp_path, embedder, {"quartz-card.md": card}, "Where is Basalt Research based?")
    assert "Oslo" in lead(answer.text), answer.text


@pytest.mark.parametrize(
    ("answer", "clause", "lead"),
    [
        ("No", "No. Outputs may not train rival models", "No: Outputs may not train rival models"),
        ("No", "Yes, below 10 million users", "No: “Yes, below 10 million users”"),
        ("Yes", "Weights may be shared", "Yes: Weights may be shared"),
        # (a span cut before its "because …" ends on no comma)
        ("No", "It does not qualify under clause 3.1,", "No: It does not qualify under clause 3.1"),
    ],
)
def test_yes_or_no_is_said_once_before_the_span_that_decides_it(answer: str, clause: str, lead: str) -> None:
    from rag.compose_lead import _verdict

    assert _verdict(answer, clause) == lead


# Plain text with a list a web scrape flattened under a label-only item.
ABUSE = """Open assistants in practice
Why Teams Pick Open Assistants
- Savings: Open assistants carry no per-request bill for the team.
- Control: The team decides when to upgrade its open assistant.
- Reach: Open assistants run in countries the vendors do not serve.
Open Assistants and Abuse
- Risks of Misuse:
However, the same openness invites abuse by bad actors. Examples include:- Forged Voices: Cloned voices fool bank call centres.
- Spam Floods: Bots fill forums with adverts.
"""


def test_a_list_under_a_label_naming_what_is_asked_answers_for_it(tmp_path: Path, embedder: Any) -> None:
    """ "- Risks of Misuse:" heads the flattened list of risks; the list of reasons to pick open
    assistants, better ranked, is not what "what risks…?" asks for."""
    first = lead(
        answered(
            tmp_path, embedder, {"open-assistants.txt": ABUSE}, "What risks do open assistants bring?"
        ).text
    )
    assert "Forged Voices" in first, first
    assert "Spam Floods" in first
    assert "Savings" not in first


KILN = """## Strengths of the Kiln toolkit
- **Offline Use**:
  - Crews can run Kiln on their own laptops, keeping survey data off outside servers.
  - Example: A mining crew runs a tuned Kiln model in a tent to keep drilling logs secret.
- **Cheap Updates**:
  - Example: A school updates Kiln over a phone link.
"""


def test_an_example_comes_with_the_point_it_illustrates() -> None:
    from rag.compose import _illustrated
    from rag.spans import split

    units = split(KILN)
    by_text = {u.text.split(":")[-1].strip()[:12]: u for u in units}
    point = _illustrated(by_text["A mining cre"], units)
    assert point is not None
    assert point.text.startswith("Crews can run Kiln")
    # An example with no statement before it under its label, and a statement, illustrate nothing.
    assert _illustrated(by_text["A school upd"], units) is None
    assert _illustrated(point, units) is None


def test_the_next_sentence_about_what_is_asked_comes_with_the_answer(tmp_path: Path, embedder: Any) -> None:
    """The sentence after the answer speaks again of what is asked (permits), though it points back at
    nothing: it says what to do."""
    guide = (
        "# Running a food stall\n\n## Permits and inspections\nAlthough most towns grant stall permits "
        "readily, knowing the local permit rules is vital before the first market day. Some permits limit "
        "trading hours or the goods sold, so a visit to the town clerk pays off.\n\n## Suppliers\nFresh "
        "produce comes from two farms near the river. Bread is baked each morning by the co-op.\n"
    )
    question = "What should a new stall holder do about permit rules before trading?"
    answer = answered(tmp_path, embedder, {"stall.md": guide}, question)
    assert "town clerk" in answer.text, answer.text
    assert "co-op" not in answer.text


# A maker's catalogue of our own: a maker's models named after it, a figure raised by a second, two sides.
CATALOGUE = """# The Borealis catalogue

Borealis Labs has released several capable models, such as Borealis 7B and Aurora 8x7B, which run on laptops.

Training a model of this kind from scratch can cost millions, if not billions, of dollars in computing power.

## Closed-source models

Closed-source models are offered only through paid APIs. Examples: Zenith-4 by Corvid, Quasar 2 by Helix.

## Open-source models

Open-source models publish their weights. Examples: Beacon-7B by Lumen, Tidal 3 by Harbor.
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("catalogue"), embedder, {"borealis-catalogue.md": CATALOGUE})


def test_a_makers_models_named_after_it_are_its_models_not_the_maker(
    catalogue: Settings, embedder: Any
) -> None:
    first = lead(Assistant(catalogue, embedder).ask("Which models from Borealis Labs are mentioned?").text)
    assert "Borealis 7B" in first
    assert "Aurora 8x7B" in first


def test_a_size_stated_in_a_models_name_answers_but_not_the_size_the_question_holds(
    catalogue: Settings, embedder: Any
) -> None:
    assistant = Assistant(catalogue, embedder)
    answer = assistant.ask("What parameter size does the name of Borealis Labs' smaller model state?")
    assert "Borealis 7B" in lead(answer.text), answer.text
    assert lead(answer.text).startswith("Borealis Labs has released")  # not "Such as Borealis 7B…"
    assert_citations_resolve(answer, catalogue.corpus_dir)
    # "8x7B" is the name asked about, not a figure the documents give for it.
    assert assistant.ask("What is the total parameter count of Aurora 8x7B?").refused


SIZES = """# Model notes

## Which models run here?

Kite 3 8B and 70B, Wren 7B and Heron 8x7B run on the internal cluster. Wren 7B and Heron 8x7B are released under
Apache 2.0, as is Kite 40B. Be careful with Kite 180B: its licence restricts hosted use.

## Kite 2

Kite 2 (Lumen): Lumen released it in July 2023 in 7B, 13B and 70B sizes.
"""


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("sizes"), embedder, {"model-notes.md": SIZES})


def test_a_size_in_another_models_name_is_no_parameter_count(sizes: Settings, embedder: Any) -> None:
    assistant = Assistant(sizes, embedder)
    # The notes name Heron 8x7B beside other models' sizes, but never say how many it uses per token.
    assert assistant.ask("How many parameters does Heron 8x7B use for each token?").refused
    # "Kite 180B" is another model than the one asked about, not its size.
    assert assistant.ask("How many parameters does Kite 40B have?").refused
    # Sizes said as sizes answer, the whole list of them.
    assert "7B, 13B and 70B sizes" in lead(assistant.ask("How many parameters does Kite 2 have?").text)


def test_a_refusal_names_a_neighbouring_version_only_when_the_documents_give_it_the_answer(
    sizes: Settings, embedder: Any
) -> None:
    assistant = Assistant(sizes, embedder)
    dated = assistant.ask("When did Lumen release Kite 4?")
    assert dated.refused
    assert "Kite 2" in dated.text  # the notes date Kite 2, not Kite 4
    undated = assistant.ask("When was Wren 8B released?")
    assert undated.refused
    assert "give this for" not in undated.text  # Wren 7B is named, but dated nowhere


ROSTER = """# Closed models

Examples include Corvid's Zenith-4, released in March 2023; Helix's Quasar 3 family of Lark, Finch and Heron,
released in March 2024; and Harbor's Tidal, announced in December 2023 in Ultra, Pro and Nano sizes.
"""


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("roster"), embedder, {"closed-models.md": ROSTER})


def test_a_named_group_is_answered_by_its_own_members(roster: Settings, embedder: Any) -> None:
    first = lead(Assistant(roster, embedder).ask("Which models make up Helix's Quasar 3 family?").text)
    assert first.startswith("Lark, Finch, Heron"), first
    assert "Pro" not in first  # another model's sizes, listed in the same sentence


@pytest.mark.parametrize(
    ("question", "said", "not_said"),
    [
        ("When was Tidal announced?", "Harbor's Tidal, announced in December 2023", "Quasar"),
        ("When did Corvid release Zenith-4?", "Zenith-4, released in March 2023", "Quasar"),
    ],
)
def test_a_date_is_read_from_the_clause_of_the_name_asked_about(
    roster: Settings, embedder: Any, question: str, said: str, not_said: str
) -> None:
    first = lead(Assistant(roster, embedder).ask(question).text)
    assert said in first, first
    assert not_said not in first, first


def test_a_service_named_as_a_sentence_opens_is_what_it_runs_in_the_next(
    tmp_path: Any, embedder: Any
) -> None:
    doc = (
        "# Campus AI services\n\n- **Lantern** is the University's own chat service, launched in September 2024 "
        "and hosted on the Kestrel cluster. It runs Wren 70B Instruct and Finch 2 13B.\n"
        "- Staff may use it for free; Meta and Google offer other tools.\n"
    )
    assistant = Assistant(indexed(tmp_path, embedder, {"campus.md": doc}), embedder)
    first = lead(assistant.ask("Which models does the Lantern service run?").text)
    assert first.startswith("Wren 70B Instruct, Finch 2 13B"), first


def test_a_founder_named_in_an_apposition_answers_who_founded(tmp_path: Any, embedder: Any) -> None:
    doc = (
        "# An interview\n\nThe guest is Mara Voss, co-founder and CEO of Larkspur Labs. Lightly edited for "
        "length.\n\nQ: What do you do?\n\nA: We run open models inside hospitals.\n"
    )
    assistant = Assistant(indexed(tmp_path, embedder, {"interview.md": doc}), embedder)
    first = lead(assistant.ask("Who founded Larkspur Labs?").text)
    assert "Mara Voss, co-founder and CEO of Larkspur Labs" in first, first


def test_how_long_is_answered_by_a_span_of_time_not_by_another_figure(tmp_path: Any, embedder: Any) -> None:
    doc = (
        "# Pilot proposal\n\nThe pilot budget requested for Wren is £48,000.\n\n"
        "This memo asks the committee to approve a 90-day pilot in which Wren drafts customer letters.\n"
    )
    assistant = Assistant(indexed(tmp_path, embedder, {"memo.md": doc}), embedder)
    first = lead(assistant.ask("How long would the proposed Wren pilot run?").text)
    assert "90-day pilot" in first, first
    assert "48,000" not in first, first


def test_an_aside_between_a_subject_and_its_verb_keeps_the_subject(tmp_path: Any, embedder: Any) -> None:
    doc = "# Context windows\n\nLong inputs matter for contracts. Wren 3 models, for example, accept up to 200,000 tokens of context.\n"
    assistant = Assistant(indexed(tmp_path, embedder, {"context.md": doc}), embedder)
    first = lead(assistant.ask("How much context can a Wren 3 model take in?").text)
    assert first.startswith("Wren 3 models, for example, accept up to 200,000 tokens"), first


def test_a_figure_raised_by_a_second_keeps_both(catalogue: Settings, embedder: Any) -> None:
    first = lead(
        Assistant(catalogue, embedder).ask("How much can it cost to train such a model from scratch?").text
    )
    assert "millions, if not billions" in first


def test_not_open_source_asks_for_the_closed_side(catalogue: Settings, embedder: Any) -> None:
    first = lead(Assistant(catalogue, embedder).ask("Which models are not open source?").text)
    assert "Zenith" in first or "Quasar" in first, first
    assert "Beacon" not in first, first
    assert "Tidal" not in first, first


def test_the_original_model_is_not_a_later_version(card: Settings, embedder: Any) -> None:
    # "the original Acme" is its first version: the card dates only Acme-2, and says so.
    answer = Assistant(card, embedder).ask("When was the original Acme model released?")
    assert answer.refused
    assert "Acme-2" in answer.text


# A model card of our own, written as real ones are: a hyphenated variant name, bullets of "Label: value",
# a bold line as a heading, and sections that say "the model" rather than its name.
MODEL_CARD = """# Model Card for Orion-2-mini

## Model Summary

Orion-2-mini is a 2.7B parameter open model from Vega Research, trained on filtered web data.

**Primary use cases**

The model is intended for research use in English and Norwegian.

## Training

* Context length: 8K tokens
* GPUs: 256 A100-80G
* Status: This is a static model trained on an offline dataset with cutoff date October 2023.
* Release dates: The model weights were released on March 3, 2025.

## License

The model is licensed under the Apache 2.0 license.
"""


@pytest.fixture(scope="module")
def model_card(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("model-card"), embedder, {"orion-card.md": MODEL_CARD})


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When was the Orion-2 mini model released?", "March 3, 2025"),
        ("What license is Orion-2-mini released under?", "Apache 2.0"),
        ("What is the knowledge cutoff date of Orion-2-mini?", "October 2023"),
        ("How many GPUs were used to train Orion-2-mini?", "256"),
    ],
)
def test_a_model_card_answers_for_the_model_it_is_titled_after(
    model_card: Settings, embedder: Any, question: str, expected: str
) -> None:
    # The card's sections say "the model": its title names the subject for every span of it.
    answer = Assistant(model_card, embedder).ask(question)
    assert not answer.refused, answer.text
    assert expected in lead(answer.text), answer.text


def test_a_bold_line_is_a_heading_never_an_answer(model_card: Settings, embedder: Any) -> None:
    answer = Assistant(model_card, embedder).ask("What are the primary use cases of Orion-2-mini?")
    assert not lead(answer.text).startswith("Primary use cases"), answer.text
    assert "“Primary use cases”" not in answer.text


# A plain-text licence of our own: "Label: value" lines are not headings, however short.
TERMS = """Borealis Terms of Use

Last modified: May 2, 2025

By using Borealis you agree to be bound by these terms.

Section 2: DISTRIBUTION

You may distribute copies of Borealis if you include this notice in every copy.
"""


def test_a_short_label_and_value_line_answers(tmp_path: Path, embedder: Any) -> None:
    settings = indexed(tmp_path, embedder, {"borealis-terms.txt": TERMS})
    answer = Assistant(settings, embedder).ask("When were the Borealis terms last modified?")
    assert "May 2, 2025" in lead(answer.text), answer.text


# A project README of our own: a link inside the sentence that answers, a name in mixed case, a code fence.
README = """# tensorKit

Small, fast tensor serving for laptops.

tensorKit is a lightweight library for serving language models on a single machine. Originally built at
the [Harbor Systems Lab](https://example.org/harbor) in Lisbon, tensorKit is now maintained by its community.

tensorKit serves these kinds of models:
- Chat models (e.g., Orca)
- Embedding models (e.g., E5)
- Vision models (e.g., Iris)

## Install

```bash
pip install tensorkit
```

## License

tensorKit is released under the MIT license.
"""


@pytest.fixture(scope="module")
def readme(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("readme"), embedder, {"README.md": README})


def test_a_sentence_with_a_link_answers_in_its_words(readme: Settings, embedder: Any) -> None:
    answer = Assistant(readme, embedder).ask("Where was tensorKit originally built?")
    first = lead(answer.text)
    assert "Harbor Systems Lab" in first, answer.text
    assert "https://" not in answer.text.split("\n\n  [1]")[0]  # the link's words, never its address


def test_what_a_thing_is_is_not_what_was_done_to_it(readme: Settings, embedder: Any) -> None:
    first = lead(Assistant(readme, embedder).ask("What is tensorKit?").text)
    assert first.startswith("tensorKit is a lightweight library"), first  # its own case kept, too


def test_a_code_fence_says_nothing(readme: Settings, embedder: Any) -> None:
    from rag.spans import split

    assert "bash" not in [s.text for s in split(README, 0) if s.kind != "heading"]


def test_a_lead_in_answers_with_its_short_unlabelled_items(readme: Settings, embedder: Any) -> None:
    first = lead(Assistant(readme, embedder).ask("Which kinds of models does tensorKit serve?").text)
    for item in ("Chat models", "Embedding models", "Vision models"):
        assert item in first, first


# A news item of our own: a dateline, a maker's own sentence under a title naming its model, founders listed.
NEWS = """# Vega Labs releases Orion 2

Lisbon, 4 March 2025 — Vega Labs today released Orion 2, a compact model with open weights.

Vega Labs was founded in May 2022 by Ana Costa, Rui Matos and Inês Faria.
"""


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("news"), embedder, {"vega-news.md": NEWS})


def test_a_dateline_dates_the_release_its_sentence_reports(news: Settings, embedder: Any) -> None:
    # The founding sentence opens with its own subject: the title naming Orion 2 does not make it Orion's.
    first = lead(Assistant(news, embedder).ask("When was Orion 2 released?").text)
    assert "4 March 2025 — Vega Labs today released Orion 2" in first, first


def test_names_listed_after_a_comma_stay_in_the_answer(news: Settings, embedder: Any) -> None:
    first = lead(Assistant(news, embedder).ask("Who founded Vega Labs?").text)
    assert "Ana Costa, Rui Matos and Inês Faria" in first, first


# A plain-text review of our own: no Markdown, and both sides carry lists under the same two headings.
REVIEW = """Hosted or self-run assistants: a field guide
Teams choosing an assistant weigh two ways of getting one.
Self-Run Open Assistants: Yours to Keep
Open assistants ship their weights, so a team can run them on its own servers.
Advantages
- Ownership: The weights stay with the team, whatever happens to the vendor.
- Tinkering: Engineers can retrain the assistant on their own tickets.
Challenges
- Hardware Bills: Running the assistant needs graphics cards the team must buy.
- Patch Duty: Security fixes are the team's own job.
Hosted Closed Assistants: Rented Brains
Closed assistants are rented through an interface and never leave the vendor.
Advantages
- Zero Setup: A key and a credit card are all it takes to start.
- Vendor Support: A support desk answers within the hour.
Challenges
- Metered Pricing: Every request is billed, so heavy use grows the invoice.
- Lock-In: Moving prompts and data to another vendor is slow and costly.
Working Together
- Vendors and universities may team up with open communities to tackle shared problems, such as translating manuals or auditing datasets.
"""


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("review"), embedder, {"field-guide.txt": REVIEW})


@pytest.mark.parametrize(
    ("question", "items", "other_side"),
    [
        ("What are the weaknesses of closed assistants?", ["Metered Pricing", "Lock-In"], "Hardware Bills"),
        (
            "Which drawbacks of open assistants does the guide give?",
            ["Hardware Bills", "Patch Duty"],
            "Lock-In",
        ),
    ],
)
def test_a_list_asked_in_other_words_is_the_one_under_its_heading_on_the_side_asked(
    review: Settings, embedder: Any, question: str, items: list[str], other_side: str
) -> None:
    """'Weaknesses' are listed under 'Challenges' (the lexicon folds the two), and in plain text a
    heading the document repeats belongs to the one above it: the closed side's, not the open one's."""
    answer = Assistant(review, embedder).ask(question)
    first = lead(answer.text)
    assert all(item in first for item in items), first
    assert other_side not in first
    assert "Zero Setup" not in first
    # Its quotes are the listed items, not the next best spans of other lists.
    quoted = answer.text.split("\n\n")[1] if "\n\n" in answer.text else ""
    assert all(label not in quoted for label in ("Zero Setup", "Vendor Support", "Ownership", "Tinkering"))
    assert quoted.count("\n- ") >= 1, answer.text
    assert_citations_resolve(answer, review.corpus_dir)


def test_a_sentence_that_lists_what_is_asked_outranks_a_list_of_labels_below_it(
    review: Settings, embedder: Any
) -> None:
    answer = Assistant(review, embedder).ask(
        "What problems might vendors and universities tackle by teaming up with open communities?"
    )
    first = lead(answer.text)
    assert "translating manuals" in first
    assert "Hardware Bills" not in first


# Our own release notes: a labelled list about something else ranks far below the sentence that answers.
RELEASES = """Release practice at small labs
Shared Releases
Labs that release only part of a model publish its layer design but keep two components to themselves, the training recipe and the reply filters.
What Paying Customers Get
- Polished Apps: Customers of a lab get a tidy chat window for each model it releases.
- Priority Help: A named engineer of the lab answers questions about each released model within the hour.
- Uptime Credits: When a model the lab released is down, the hours are refunded as free usage.
"""


def test_a_list_of_labels_far_from_the_question_does_not_outrank_the_sentence_that_answers(
    tmp_path: Path, embedder: Any
) -> None:
    question = "When a lab releases only part of a model, which components does it keep to itself?"
    first = lead(answered(tmp_path, embedder, {"releases.txt": RELEASES}, question).text)
    assert "recipe" in first, first
    assert "Priority Help" not in first


GALLERY = """# Model gallery

The gallery shows what small models can do.

## Examples of models
- Quill: a writing model made by Nib Labs for letters and reports.
- Ledger: a bookkeeping model trained on scanned invoices.
- Atlas: a routing model that plans delivery rounds.
- Cedar: a gardening model that answers questions about soil.
"""


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("gallery"), embedder, {"gallery.md": GALLERY})


def test_a_list_asked_for_whole_is_answered_with_the_list_less_what_it_leaves_out(
    gallery: Settings, embedder: Any
) -> None:
    """'Apart from Quill' names what to leave out, not the subject; the other items of the list come
    with the best one, though they share fewer words with the question."""
    answer = Assistant(gallery, embedder).ask("Apart from Quill, which example models does the gallery show?")
    first = lead(answer.text)
    assert all(name in first for name in ("Ledger", "Atlas", "Cedar")), first
    assert "Quill" not in first
    assert_citations_resolve(answer, gallery.corpus_dir)


def test_a_list_about_one_maker_is_not_answered_with_its_neighbours(gallery: Settings, embedder: Any) -> None:
    first = lead(Assistant(gallery, embedder).ask("Which models has Nib Labs made?").text)
    assert "Quill" in first
    assert "Cedar" not in first


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Which weaknesses of proprietary LLMs are raised?", {"challeng"}),  # folded with "challenge"
        ("What kinds of harmful uses of open models are warned about?", {"use"}),
        ("Which sectors would find hybrid models appealing?", {"sector"}),  # not "hybrid", its subject
    ],
)
def test_a_list_question_asks_for_the_plural_noun_after_which(question: str, asked: set[str]) -> None:
    from rag.compose_lists import asked_of_lists

    assert asked_of_lists(question) == asked


def test_a_label_that_names_only_a_side_is_no_item_of_a_list() -> None:
    """ "Open-source" and "Closed Source LLMs" head the entries of a comparison; "which parts are made
    accessible?" is never answered "Open-source, Closed-source"."""
    from rag.compose_lists import only_sides

    assert only_sides("Open-source")
    assert only_sides("Closed Source LLMs")
    assert only_sides("From Open Source")
    assert not only_sides("Lock-In")
    assert not only_sides("Open Weights")


# Plain-text release notes of our own: every version repeats the headings "Added" and "Fixed".
NOTES = """Tern release notes
Tern is a small command-line tool that summarises folders of notes.
Tern 2.0
Released on March 3, 2025.
Added
- Streaming Output: long summaries appear as they are written.
- Windows Installer: one file installs Tern with its dependencies.
Fixed
- Empty Config Crash: Tern no longer stops when the config file is empty.
Tern 1.5
Released on May 9, 2024.
Added
- Plugin Support: third-party plugins can add new summary styles.
Fixed
- Slow Start: large folders no longer take a minute to open.
"""


# A project README of our own: its reasons are lists under "X is fast with:" lead-ins, some items long.
SKIFF = """# Skiff

Skiff is a small library for serving language models on one machine.

## About

Skiff was started in 2023 at a university lab in Lyon and is now maintained by its users.

Skiff is fast with:

- Batched scheduling of incoming requests
- A paged cache for attention keys and values that wastes almost no memory when many requests share a prompt
- Compiled kernels for the common consumer graphics cards
- Speculative decoding

Skiff is flexible and easy to use with:

- Drop-in replacement for the usual completion API
- Streaming output
- Support for adapters trained with low-rank methods

## Getting started

Install Skiff with pip and run `skiff serve MODEL`.
"""


@pytest.mark.parametrize(
    ("document", "question", "right", "wrong"),
    [
        # A heading the notes repeat belongs to the version above it; before, each of these three was
        # answered "Released on …".
        ("notes", "What was fixed in Tern 1.5?", "Slow Start", "Empty Config Crash"),
        ("notes", "What new features came with Tern 1.5?", "Plugin Support", "Streaming Output"),
        ("notes", "What was added in Tern 2.0?", "Streaming Output, Windows Installer", "Plugin Support"),
        # No item shares a word with "what makes Skiff fast?"; the lead-in "Skiff is fast with:" says all
        # of it, so its items answer (a long item by its head, before the clause that goes on about it).
        ("readme", "What makes Skiff fast?", "Speculative decoding", "Streaming output"),
        ("readme", "Why is Skiff fast?", "A paged cache for attention keys and values", "Lyon"),
        ("readme", "What makes Skiff easy to use?", "Streaming output", "Speculative decoding"),
    ],
)
def test_a_list_under_its_heading_or_lead_in_answers_for_it(
    tmp_path: Path, embedder: Any, document: str, question: str, right: str, wrong: str
) -> None:
    files = {"tern-changes.txt": NOTES} if document == "notes" else {"README.md": SKIFF}
    first = lead(Assistant(indexed(tmp_path, embedder, files), embedder).ask(question).text)
    assert right in first
    assert wrong not in first


# A hard-wrapped licence of our own, in the style of community model licences.
LICENCE = """ACME COMMUNITY LICENSE AGREEMENT
Version Release Date: March 1, 2025

1. License Rights and Redistribution.
a. Grant of Rights. You are granted a non-exclusive, worldwide, non-transferable and
royalty-free limited license under Acme's intellectual property to use, reproduce,
distribute, copy, create derivative works of, and make modifications to the Acme
Materials.
b. Redistribution and Use. If you distribute or make available the Acme Materials, you
shall provide a copy of this Agreement with any such Acme Materials.

2. Additional Commercial Terms. If, on the Acme version release date, the monthly active
users of the products or services made available by or for Licensee, or Licensee's
affiliates, is greater than 500 million monthly active users in the preceding calendar
month, you must request a license from Acme, which Acme may grant to you in its sole
discretion.

3. Governing Law. This Agreement will be governed by the laws of the State of Oregon.
"""


def test_a_clause_that_opens_with_its_verb_comes_with_its_subject(tmp_path: Path, embedder: Any) -> None:
    """The figure sits in "is greater than 500 million …": the lead must not start at "Is"."""
    settings = indexed(tmp_path, embedder, {"acme-license.txt": LICENCE})
    first = lead(
        Assistant(settings, embedder).ask("How many monthly active users require a separate license?").text
    )
    assert "500 million" in first
    assert first.startswith("The monthly active users"), first


QUIZ = {
    "model-quiz.md": "# Model quiz\n\n## Question 2\n\nName one closed and one open model.\n\n"
    "## Suggested answers\n\nAnswer 2: Zephyr (closed-source) and Tern (open-source).\n"
}


@pytest.fixture(scope="module")
def quiz(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("quiz"), embedder, QUIZ)


@pytest.mark.parametrize(
    ("question", "verdict"), [("Is Zephyr open source?", "No"), ("Is Tern open source?", "Yes")]
)
def test_a_yes_or_no_on_a_side_follows_the_mark_after_the_name(
    quiz: Settings, embedder: Any, question: str, verdict: str
) -> None:
    """ "Zephyr (closed-source) and Tern (open-source)" holds both "Zephyr" and "open-source": the mark
    right after each name decides."""
    answer = Assistant(quiz, embedder).ask(question)
    assert answer.text.startswith(f"{verdict}:"), answer.text


# An interview of our own: the company is named in the opening alone, and speaks as "we" after it.
INTERVIEW = """# "Small models, big hospitals": a conversation with Ada Quill

*Transcript of episode 7 of the Ward Round podcast. The guest is Ada Quill, founder and CEO of Brackwater
Systems.*

Q: What do you build?

A: Our product, Brackwater Vault, runs a language model inside a hospital's own data centre. Today we work
mostly with Mistral Small and Gemma 2 9B, depending on the hardware.

Q: You've just raised money.

A: Yes, we closed a $30 million Series A in March 2025, led by Fenwick Capital. We now have 19 paying
customers.

Q: What worries you about closed models?

A: That patient records leave the building. Nobody in our sector wants that.
"""


def test_a_document_speaking_as_we_answers_for_the_company_its_opening_names(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"ward-round-7.md": INTERVIEW})
    assistant = Assistant(settings, embedder)
    raised = lead(assistant.ask("How much did Brackwater Systems raise, and who led the round?").text)
    # Both parts from one sentence, said once, without the reply's "Yes,".
    assert "Fenwick Capital" in raised
    assert raised.count("$30 million") == 1
    assert not raised.startswith("Yes")
    # "Today we work…" opens with no name: its "we" is the company, not the product named before it.
    models = lead(assistant.ask("Which models does Brackwater Systems mostly work with?").text)
    assert "Mistral Small" in models
    assert "Gemma 2 9B" in models
    # What the company has not said stays unanswered: no customer count for a headcount.
    assert "19" not in lead(assistant.ask("How many employees does Brackwater Systems have?").text)


# A podcast of our own: its guests are introduced in the opening, and each speaks for their own party.
PODCAST = """SIGNAL BOX
Episode 12: "Weights on the Table"
Recorded 3 March 2027. Transcript lightly edited for readability. It ran for fifty minutes in the studio.

Host: Mara Lindqvist
Guests: Olin Varga, chief technology officer, Tarnwell Labs; Dr
Petra Osei, executive director, Fennmoor Collective

MARA LINDQVIST: Welcome back. I've got two people here who disagree about almost everything.

**VARGA:** Thanks. We're a company of about 900 people, and we sell access to our models.

OSEI: We're 41 staff. We are funded by individual donors and publish every weight we train.
"""


def test_a_transcripts_turn_speaks_for_the_party_its_speaker_is_introduced_with(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"signal-box-12.txt": PODCAST})
    assistant = Assistant(settings, embedder)
    fennmoor = lead(assistant.ask("How many people work at the Fennmoor Collective?").text)
    assert "41" in fennmoor
    assert "900" not in fennmoor
    # (a turn set in bold, as an HTML transcript's reads; the party credited by "according to")
    tarnwell = lead(assistant.ask("According to Tarnwell Labs' CTO, how many people work there?").text)
    assert "900" in tarnwell
    assert "41" not in tarnwell


# A model card whose evaluation table scores other models: "in Nordvik's own evaluation" credits the card.
EVALUATION_CARD = """# Tessa-34B: Model Card

*Nordvik Research Institute, Kallby. Last updated 19 September 2025.*

We are the Nordvik Research Institute, a publicly funded lab. This card describes Tessa-34B.

## Evaluation

All figures below come from our own runs, with the same prompts for every model.

| Benchmark | Tessa-34B | Corbel-70B | Wrenlet-7B |
|---|---|---|---|
| Reasoning Suite | 71.4 | 69.8 | 52.3 |
| CodeBench-Q | 58.3 | 60.1 | 33.9 |
"""


TRAINING_NOTE = """# Tessa-34B training

We trained Tessa-34B on 2,048 Halden H2 accelerators at our Kallby computing centre. The main training
run took 41 days, followed by nine days of instruction tuning.
"""


def test_each_part_is_asked_in_its_own_words(tmp_path: Any, embedder: Any) -> None:
    # The second part's "how long" asks the first for no span of time: a count of accelerators answers it.
    question = "How many accelerators was Tessa-34B trained on, and how long did the main training run last?"
    answer = answered(tmp_path, embedder, {"tessa-training.md": TRAINING_NOTE}, question)
    assert "2,048" in lead(answer.text)
    assert "41 days" in lead(answer.text)


SURVEY = """# Degrees of Openness

**Hana Ilves and Mateo Okonkwo**
Department of Computational Linguistics, University of Varnmoor

## 1. Introduction

We survey how model developers release their work.

## 3. The openness ladder

The ladder has six levels, numbered 0 to 5. Each level includes everything released at the levels below it.
"""


def test_a_thing_named_after_the_documents_author_is_the_documents(tmp_path: Any, embedder: Any) -> None:
    # "the Varnmoor openness ladder" is the ladder of the survey whose authors are at Varnmoor.
    question = "How many levels does the Varnmoor openness ladder have?"
    answer = answered(tmp_path, embedder, {"openness-survey.md": SURVEY}, question)
    assert "six levels" in lead(answer.text)


CARD_34B = "# Tessa-34B model card\n\n" + "\n\n".join(
    f"Tessa-34B note {i}: Tessa-34B was compared with Corbel-70B and Wrenlet-70B on task {i}; Tessa-34B "
    f"scored {50 + i} and Corbel-70B scored {40 + i}, so Tessa-34B leads Corbel-70B there."
    for i in range(12)
)
PANEL = "# Panel transcript\n\n" + "\n\n".join(
    [
        f"Speaker {i}: We talked about budgets, compute centres and hiring plans for topic {i}."
        for i in range(10)
    ]
    + ["Hanne Solberg: And some news: we will release Tessa-70B in the second quarter of 2026."]
    + [f"Speaker {i}: More on public funding, evaluations and licences, point {i}." for i in range(10, 20)]
)


def test_a_versioned_name_is_found_where_it_is_written_whole(tmp_path: Any, embedder: Any) -> None:
    # "Tessa" and "70B" are everywhere in the card; "Tessa-70B" is written once, in the transcript.
    files = {"tessa-34b-card.md": CARD_34B, "panel.md": PANEL}
    answer = answered(tmp_path, embedder, files, "When is Tessa-70B expected to come out?")
    assert "second quarter of 2026" in lead(answer.text)


def test_a_passage_writes_a_name_whole_or_not_at_all() -> None:
    from rag.chunking import Chunk
    from rag.gather import _writes
    from rag.retrieve import Passage

    def passage(text: str) -> Passage:
        return Passage(Chunk("id", "d.md", "T", "", text, 0, len(text), 1, 1), 0.0, 0.0, 0.0)

    assert _writes(passage("We will release Tessa-70B in 2026."), "Tessa-70B")
    assert _writes(passage("we will release tessa-70b soon"), "Tessa-70B")  # its letters, any case
    assert not _writes(passage("Tessa-34B beat Corbel-70B."), "Tessa-70B")
    assert not _writes(passage("Tessa-70B-Instruct is tuned."), "Tessa-70B")  # a longer name


def test_a_question_crediting_the_documents_author_is_answered_by_its_table(
    tmp_path: Any, embedder: Any
) -> None:
    question = "What did Corbel-70B score on CodeBench-Q in Nordvik's own evaluation?"
    answer = answered(tmp_path, embedder, {"tessa-34b-card.md": EVALUATION_CARD}, question)
    assert not answer.refused
    assert "60.1" in lead(answer.text)


# A press release of our own: the company is named in its dateline, then called "the company".
PRESS_RELEASE = """# Corvid launches Wren

ARDEN, 4 March 2026 — Corvid AI today released Wren, a 58-billion-parameter language model whose weights
are free to download.

Wren was trained on 11 trillion tokens of text and code. It supports a context window of 128,000 tokens.

The company employs 140 people. In November 2025 it raised €85 million in a Series A round led by Fjell
Partners.
"""


def test_each_part_counts_what_it_asks_and_the_company_is_the_one_the_dateline_names(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"wren-launch.md": PRESS_RELEASE})
    assistant = Assistant(settings, embedder)
    size = lead(assistant.ask("How big is Wren in parameters, and how much data was it trained on?").text)
    # The first part is a count of parameters, led by the name its apposition was cut from; the second,
    # tokens of data (not the parameters, nor the context window).
    assert size.startswith("Wren: a 58-billion-parameter language model")
    assert "11 trillion tokens" in size
    assert "140" in lead(assistant.ask("How many employees does Corvid AI have?").text)
    # A sum raised is no revenue.
    assert "do not answer" in lead(assistant.ask("What was Corvid AI's revenue in 2025?").text)


LECTURE = """Marlow Language Lab. Lecture 4: "Open and Closed Models". Transcript.

That conviction is why we built our own. Last year we trained Heron-9B from scratch. It saw 1.1 trillion
tokens of text. The run took 128 H100 GPUs for 19 days. It is released under the MIT licence, with its
training data under CC-BY.
"""


def test_a_name_in_passing_does_not_take_a_pronouns_paragraph_from_its_subject(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"lecture-4.txt": LECTURE})
    # "It is released…" is about Heron-9B, though "H100" was named in the sentence between.
    assert "MIT licence" in lead(Assistant(settings, embedder).ask("What licence is Heron-9B under?").text)


CONSULTATION = """# Response to the consultation on model releases

**Submitted by:** Calder Foundation for Technology Risk

## 2. Costs

2.1 In 2025 the Foundation surveyed 62 organisations that run language models in production.
"""


def test_the_foundation_a_response_speaks_of_is_the_one_its_opening_names(
    tmp_path: Any, embedder: Any
) -> None:
    settings = indexed(tmp_path, embedder, {"calder-response.md": CONSULTATION})
    answer = Assistant(settings, embedder).ask("How many organisations did the Calder Foundation survey?")
    assert "62 organisations" in lead(answer.text)


def test_a_short_part_after_an_unanswered_one_is_not_answered_from_elsewhere(
    tmp_path: Any, embedder: Any
) -> None:
    notes = "# Hardware notes\n\nThe L40S is a data-centre GPU with 48 GB of memory, sold by NVIDIA.\n"
    settings = indexed(tmp_path, embedder, {"notes.md": notes})
    answer = Assistant(settings, embedder).ask("Which model does Brackwater run, and on what hardware?")
    assert "L40S" not in lead(answer.text)


# A case study, a retrospective and a lab report that name people by their roles, in their own header
# blocks and by initials: the ways held-out documents wrote what a "who is the <role>" question asks.
ROLES = {
    "case-study.md": "# Case Study: Moving Parrot to an Open Model\n\n*Published by the City of Tarnby, Office of "
    "Digital Services.*\n\n## Summary\n\nParrot is the city's resident assistant. In 2024 the city's Chief "
    "Digital Officer, Ingrid Moss, asked for a study of open models. The City Council approved the budget "
    "by a vote of 27 to 4.\n\n## What we built\n\nThe model runs on two servers in the municipal data centre. "
    "The data protection officer, Annelie Rusk, signed off the arrangement in April.\n",
    "retro.txt": "WHY WE WENT BACK TO AN API\nWritten by the Quillbox engineering team\n\nQuillbox is a "
    "bookkeeping assistant for small businesses.\n\nOur CTO, Priya Lindqvist, set the goal in January: reach "
    "95 percent of the API's accuracy.\n",
    "report.md": "# Technical Report: Fine-Tuning Osprey-13B\n\n**Halden University Language Lab**\nAuthors: Dr. "
    "Helene Obi (principal investigator), Samir Castell\nDate: 30 April 2025\n\n## Abstract\n\nWe adapt "
    "Osprey-13B to invoices.\n",
}


@pytest.fixture(scope="module")
def roles(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("roles"), embedder, ROLES)


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        # "Chief", "Digital", "Officer" and "City" are written in lower case too: a role, not names.
        ("Who is the Chief Digital Officer of the City of Tarnby?", "Ingrid Moss"),
        # Named beside the role's last word, in a document about Tarnby that names it only in its opening.
        ("Who is the data protection officer who approved the Parrot arrangement?", "Annelie Rusk"),
        # Written by its initials: found by them, and not answered by the team that wrote the post.
        ("Who is Quillbox's chief technology officer?", "Priya Lindqvist"),
        # A field of the header block ("Authors: Dr. …"), about the lab its block names.
        ("Who was the principal investigator of the Halden lab's Osprey-13B study?", "Helene Obi"),
    ],
)
def test_who_holds_a_role_is_answered_by_the_name_beside_it(
    roles: Settings, embedder: Any, question: str, holder: str
) -> None:
    answer = Assistant(roles, embedder).ask(question)
    assert not answer.refused, answer.text
    assert holder in lead(answer.text), answer.text
    assert_citations_resolve(answer, roles.corpus_dir)


def test_the_city_council_is_the_city_its_document_opens_with(roles: Settings, embedder: Any) -> None:
    answer = Assistant(roles, embedder).ask("By what vote did the Tarnby City Council approve the budget?")
    assert "27 to 4" in lead(answer.text), answer.text


def test_a_role_nobody_is_named_for_is_not_answered_by_another_name(roles: Settings, embedder: Any) -> None:
    answer = Assistant(roles, embedder).ask("Who is Quillbox's chief financial officer?")
    assert "Lindqvist" not in lead(answer.text), answer.text
    assert "engineering team" not in lead(answer.text), answer.text


# A lab's blog (first person, a table of its models) and a news story: makers, places, licences and
# costs written the ways held-out documents wrote them.
LAB = {
    "blog.md": "# Why we keep Quill open\n\n*Corvane AI blog · Lyon, 20 March 2025*\n\nCorvane AI releases the "
    "Quill models under Apache 2.0, a permissive licence.\n\n## What it cost\n\nPeople assume training "
    "needs a war chest. We trained Quill-34B on 6 trillion tokens. The full training run cost us €3.1 "
    "million, including two failed starts.\n\n## Our models\n\n| Model | Parameters | Released | Licence |\n"
    "|---|---|---|---|\n| Quill-34B | 34 billion | 11 February 2025 | Apache 2.0 |\n",
    "news.md": "# Edinburgh lab's Heron passes two million downloads\n\nHeron-72B, published by the "
    "Edinburgh-based Marrow Foundation, has been downloaded 2.3 million times. It trails Aurel-4, the "
    "closed model from Veridan Labs of Austin, Texas. Aurel-4, released on 2 October 2024, is sold only "
    "through an API.\n",
}


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("lab"), embedder, LAB)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A release by a name says who made a family, and the family's maker makes each version; "released
        # under the Apache 2.0 licence" names no maker.
        ("Who develops Quill-34B?", "Corvane AI"),
        # The column the question asks for by its noun, not the one its verb shares a word with.
        ("Under which licence is Quill-34B released?", "Apache 2.0"),
        # "we" after the version its paragraph named: the cost is Quill-34B's.
        ("What was the price tag of the full training run for Quill-34B?", "3.1 million"),
        ("In which city is the foundation that makes Heron based?", "Edinburgh"),
        ("In which city is Veridan Labs headquartered?", "Austin"),
        # "come out" is written "released".
        ("When did Aurel-4 come out?", "2 October 2024"),
    ],
)
def test_makers_places_columns_and_costs_of_a_lab_and_a_news_story(
    lab: Settings, embedder: Any, question: str, expected: str
) -> None:
    answer = Assistant(lab, embedder).ask(question)
    assert expected in lead(answer.text), answer.text
    assert_citations_resolve(answer, lab.corpus_dir)


def test_a_table_cell_is_counted_by_its_column_in_the_year_its_caption_gives(
    tmp_path: Any, embedder: Any
) -> None:
    brief = (
        "<html><body><h1>Policy brief: the Model Safety Act</h1><p>Authors: Dr Kez Voss and Henrik Saal</p>"
        "<p>Published by the Aldmoor Institute for Technology Policy.</p><p>The draft Model Safety Act will "
        "shape how models are built.</p><h2>3. Security</h2><p>Open weights cannot be withdrawn.</p><table>"
        "<caption>Table 1. Documented misuse incidents, 2024</caption><thead><tr><th>Model category</th>"
        "<th>Documented incidents</th><th>Share</th></tr></thead><tbody><tr><td>Open-weight models</td>"
        "<td>212</td><td>64%</td></tr><tr><td>Closed API models</td><td>97</td><td>0%</td></tr></tbody></table>"
        "</body></html>"
    )
    settings = indexed(tmp_path, embedder, {"brief.html": brief})
    assistant = Assistant(settings, embedder)
    answer = assistant.ask(
        "How many documented misuse incidents involving open-weight models were recorded in 2024?"
    )
    assert "212" in lead(answer.text), answer.text
    # Which think tank: an organisation's name answers, not the people of an "Authors:" field.
    tank = lead(
        assistant.ask("Which think tank published the policy brief on the draft Model Safety Act?").text
    )
    assert "Aldmoor Institute" in tank, tank


# An FAQ whose prices sit in a table row that names the model and its developer in other cells, and whose
# prose gives the output price; a transcript whose header names its host.
PRICES = {
    "faq.md": "# FAQ\n\n### How much does Aurel-4 cost?\n\nVeridan Labs charges $15 per million output tokens for "
    "Aurel-4, plus a lower rate for input tokens (see the table).\n\n## Models at a glance\n\n| Model | "
    "Developer | Licence | API price (per million tokens) |\n|---|---|---|---|\n| Heron-72B | Marrow "
    "Foundation | Heron Licence | — |\n| Aurel-4 | Veridan Labs | Proprietary | $3 input / $15 output |\n",
    "episode.md": "# Transcript: Closed is a feature\n\n*Compute & Consequence, episode 57. Host: Priya Ramsey. "
    "Guest: Tomas Wirth, chief strategy officer, Veridan Labs.*\n\nPRIYA RAMSEY: Tomas, welcome to the show.\n",
}


@pytest.fixture(scope="module")
def prices(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("prices"), embedder, PRICES)


def test_the_input_price_is_read_from_the_row_that_names_the_model_and_its_maker(
    prices: Settings, embedder: Any
) -> None:
    answer = Assistant(prices, embedder).ask("What does Veridan charge per million input tokens for Aurel-4?")
    assert "$3 input" in lead(answer.text), answer.text


def test_a_price_per_token_does_not_answer_what_training_cost(prices: Settings, embedder: Any) -> None:
    answer = Assistant(prices, embedder).ask("How much did Veridan Labs spend to train Aurel-4?")
    assert "$15" not in lead(answer.text), answer.text


def test_who_hosts_is_answered_by_the_host_field(prices: Settings, embedder: Any) -> None:
    answer = Assistant(prices, embedder).ask("Who hosts the podcast on which Tomas Wirth was interviewed?")
    assert "Priya Ramsey" in lead(answer.text), answer.text


def test_a_sum_spent_on_an_activity_is_one_said_of_it(tmp_path: Any, embedder: Any) -> None:
    files = {
        "case.md": "# Case study\n\nThe support contract with Halvard Labs for Tarn-34B costs €7,000 a year.\n\n"
        "Halvard Labs spent €2.1 million on fine-tuning Tarn-34B for municipal use.\n"
    }
    settings = indexed(tmp_path, embedder, files)
    assistant = Assistant(settings, embedder)
    trained = assistant.ask("How much did Halvard Labs spend on training Tarn-34B?")
    assert "7,000" not in lead(trained.text), trained.text
    tuned = assistant.ask("How much did Halvard Labs spend on fine-tuning Tarn-34B?")
    assert "2.1 million" in lead(tuned.text), tuned.text


def test_a_role_is_read_after_an_organisation_of_several_words() -> None:
    from rag.compose_kinds import role_initials

    assert role_initials("Who is Solvane AI's chief technology officer?") == "CTO"
    assert role_initials("Who is the chief technology officer of Solvane AI?") == "CTO"
    assert role_initials("Who develops Solvane AI's models?") == ""


@pytest.mark.parametrize(
    ("text", "gives_it"),
    [("Median response time — Tarn-34B: 1.9 s", True), ("Wall-clock: 19 h", True), ("It costs $1.9", False)],
)
def test_a_time_written_in_its_units_letters_answers_how_long(text: str, gives_it: bool) -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    ask = analyse("How long do residents wait for a reply?")
    assert gives("number", text, ask) is gives_it


def test_dates_are_read_to_the_day_and_a_part_left_out_matches_any() -> None:
    from rag.compose_kinds import dates, same_date

    assert dates("It enters into force on 1 September 2028.") == {"date": {20280901.0}}
    assert dates("It comes into force in January 2028, and was agreed in 2026.") == {
        "date": {20280100.0, 20260000.0}
    }
    assert dates("March 4, 2027") == {"date": {20270304.0}}
    assert dates("On 3 February this year, the weights came out.") == {"date": {203.0}}
    assert dates("No date here, though it may rain.") == {}
    # A day left out, or a year, is any: only a part both give can differ.
    assert same_date(20280000.0, 20280901.0)
    assert same_date(20250200.0, 20250217.0)
    assert not same_date(203.0, 20250217.0)
    assert not same_date(20250301.0, 20250217.0)


def test_a_name_asked_by_what_it_does_keeps_the_clause_that_names_it() -> None:
    from rag.compose_wording import answer_clause
    from rag.question import analyse
    from rag.spans import Span

    text = "The desk supports two services: Quill, our in-house assistant running Kestrel-70B, and a tenant."
    ask = analyse("What is the name of Westbrook's in-house assistant that runs Kestrel?")
    said = answer_clause("entity", Span(0, 0, len(text), text, "", "sentence"), ask, frozenset())
    assert "Quill" in said


def test_a_span_of_time_a_contract_also_spells_out_is_a_duration() -> None:
    from rag.compose import gives
    from rag.question import analyse

    ask = analyse("How long does a licensee have to fix a breach?")
    assert gives(
        "number", "If You do not cure the breach within 30 (thirty) days, the Licence terminates.", ask
    )
    soon = analyse("How soon should I hear back after reporting a vulnerability?")
    assert gives("number", "Volunteers aim to acknowledge every report within 5 working days.", soon)
