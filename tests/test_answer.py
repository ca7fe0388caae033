"""Answering: checked citations that resolve to real text, refusals, budgets, follow-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.answer import (
    REFUSAL,
    SYSTEM_PROMPT,
    Answer,
    Assistant,
    Done,
    Token,
    build_messages,
    standalone_question,
)
from rag.config import Settings
from rag.errors import UsageError
from rag.mock_llm import MockModel


def assert_citations_resolve(answer: Answer, corpus_dir: Path) -> None:
    assert answer.citations
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text
        source = (corpus_dir / c.source).read_text(encoding="utf-8")
        assert source[c.start : c.end] == c.text


def test_supported_draft_sentence_is_kept_with_a_resolving_citation(built: Settings, embedder: Any) -> None:
    model = MockModel("The Falcon models come from the Technology Innovation Institute in Abu Dhabi [1].")
    answer = Assistant(built, embedder, model).ask("Which institute developed the Falcon models?")
    assert not answer.refused
    assert "Technology Innovation Institute" in answer.text
    assert answer.mode == "generated"
    assert_citations_resolve(answer, built.corpus_dir)
    assert "rise-of-open-source-llms.md" in {c.source for c in answer.citations}


def test_a_hallucinated_draft_is_dropped_and_the_sources_are_quoted(built: Settings, embedder: Any) -> None:
    model = MockModel("Falcon was built by Zentrix Labs in Reykjavik in 2011 [1].")
    answer = Assistant(built, embedder, model).ask("Which institute developed the Falcon models?")
    assert "Zentrix" not in answer.text
    assert answer.dropped
    assert answer.mode == "quoted"
    assert "Technology Innovation Institute" in answer.text
    assert_citations_resolve(answer, built.corpus_dir)


def test_off_topic_question_is_refused_without_asking_the_model(built: Settings, embedder: Any) -> None:
    model = MockModel("Water boils at 212 degrees Fahrenheit [1].")
    answer = Assistant(built, embedder, model).ask("What is the boiling point of water in Fahrenheit?")
    assert answer.refused
    assert answer.text == REFUSAL
    assert answer.citations == []
    assert model.prompts == []


def test_passages_reach_the_model_as_quoted_data_under_a_system_prompt(
    built: Settings, embedder: Any
) -> None:
    model = MockModel("x")
    Assistant(built, embedder, model).ask("Which institute developed the Falcon models?")
    system, user = model.prompts[0]
    assert system["role"] == "system"
    assert "not instructions" in system["content"]
    assert "<<<" in user["content"]
    assert user["content"].rstrip().endswith("like [1]:")


class SmallModel(MockModel):
    """A scripted model that answers as the embedded one: it is shown excerpts, not whole passages."""

    backend = "embedded"  # type: ignore[assignment]


def test_the_embedded_model_reads_only_the_chosen_sentences_and_its_numbers_are_the_answers(
    built: Settings, embedder: Any
) -> None:
    """A 135M model reads ~150 tokens/s here: it is shown the sentences the answer stands on, numbered
    from 1 in the order it sees them, whichever passages they come from; its [1] must then resolve to
    the passage that holds what it was shown as [1], not to the first retrieved passage."""
    question = "In simple terms, what are the weights of a language model?"
    whole = MockModel("x")
    Assistant(built, embedder, whole).ask(question)
    model = SmallModel("The weights are the learned parameters [1].")
    answer = Assistant(built, embedder, model).ask(question)
    shown = model.prompts[0][1]["content"]
    assert len(shown) < len(whole.prompts[0][1]["content"]) / 3
    first = shown.split("[1] ", 1)[1].split("<<<\n", 1)[1].split("\n>>>", 1)[0]
    assert "learned parameters" in first
    assert "[2] " not in shown or shown.index("[2] ") > shown.index("[1] ")
    assert answer.mode == "generated"
    assert_citations_resolve(answer, built.corpus_dir)
    cited = next(c for c in answer.citations if f"[{c.n}]" in answer.text.split("\n")[0])
    assert "learned parameters" in cited.text


def test_the_prompt_never_exceeds_the_context_window(built: Settings, embedder: Any) -> None:
    assistant = Assistant(built, embedder)
    passages = assistant.retriever.retrieve("open source models", top_k=10)
    model = MockModel(context_window=600)
    messages, used = build_messages("open source models", passages, model, built)
    total = sum(model.count_tokens(m["content"]) for m in messages)
    assert total + built.max_answer_tokens <= model.context_window
    assert 0 < len(used) < len(passages)


def test_a_served_model_reads_a_passage_that_starts_inside_a_table_under_its_header(built: Settings) -> None:
    from rag.chunking import Chunk
    from rag.retrieve import Passage

    rows = "| **Cost** | Low or free | Paid API |"
    chunk = Chunk("id", "doc.md", "Notes", "Matrix", rows, 0, len(rows), 1, 1, "| Aspect | Open | Closed |")
    messages, _ = build_messages("What do they cost?", [Passage(chunk, 1.0, 1.0, 1.0)], MockModel(), built)
    content = messages[1]["content"]
    assert "| Aspect | Open | Closed |\n| **Cost** | Low or free | Paid API |" in content


def test_stream_yields_tokens_before_the_checked_answer(built: Settings, embedder: Any) -> None:
    model = MockModel("The Technology Innovation Institute in Abu Dhabi developed Falcon [1].")
    events = list(
        Assistant(built, embedder, model).ask_stream("Which institute developed the Falcon models?")
    )
    kinds = [type(e) for e in events]
    assert Token in kinds
    assert kinds[-1] is Done
    assert kinds.index(Token) < kinds.index(Done)


@pytest.mark.parametrize("question", ["", "   ", "x" * 100_000])
def test_empty_or_huge_questions_are_rejected_with_a_message(
    built: Settings, embedder: Any, question: str
) -> None:
    with pytest.raises(UsageError):
        Assistant(built, embedder, MockModel()).ask(question)


def test_a_question_naming_its_own_subject_is_not_joined_to_the_one_before() -> None:
    history = [("user", "Name some open-source LLMs"), ("assistant", "BLOOM [1].")]
    assert standalone_question("Who developed Falcon?", history) == "Who developed Falcon?"


@pytest.mark.slow
def test_embedded_model_words_the_falcon_answer_when_asked_to(built: Settings, embedder: Any) -> None:
    wording = built.model_copy(update={"answer_with_model": "always"})
    answer = Assistant(wording, embedder).ask(
        "Which institute developed the Falcon models?", backend="embedded"
    )
    assert answer.backend == "embedded"
    assert "Technology Innovation Institute" in answer.text
    assert_citations_resolve(answer, built.corpus_dir)


@pytest.mark.slow
def test_the_embedded_model_reads_its_rules_once_and_answers_the_same_whatever_came_before(
    built: Settings,
) -> None:
    from rag.llm import EmbeddedModel

    def messages(question: str) -> list[dict[str, str]]:
        user = f"Sources:\n\n[1] Falcon\n<<<\nFalcon was developed by TII in Abu Dhabi.\n>>>\n\nQuestion: {question}"
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]

    alone = "".join(EmbeddedModel(built).stream(messages("Who developed Falcon?"), 24))
    model = EmbeddedModel(built)
    "".join(model.stream(messages("Where is the Falcon team based, and what did it build?"), 24))
    assert "".join(model.stream(messages("Who developed Falcon?"), 24)) == alone
    # The next answer starts with the rules already in llama.cpp's cache, and only them.
    model._start(messages("anything"))
    assert model._llm.n_tokens == len(model._system_tokens(SYSTEM_PROMPT)) > 50


def test_quoted_evidence_carries_no_footnote_markers_of_its_own(built: Settings, embedder: Any) -> None:
    (built.corpus_dir / "open-source-contribution-to-llms.md").read_text()  # holds "advancements[4]"
    answer = Assistant(built, embedder, MockModel("Nothing useful.")).ask(
        "Which company developed Google Bard?"
    )
    markers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer.text)}
    assert markers <= {c.n for c in answer.citations}


SEEDS = ("rise-of-open-source-llms.md", "open-vs-closed-source-llms-course.md")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    from tests.test_compose import indexed

    root = Path(__file__).resolve().parents[1] / "corpus"
    files = {name: (root / name).read_text(encoding="utf-8") for name in SEEDS}
    return indexed(tmp_path_factory.mktemp("seeded"), embedder, files)


def test_a_short_question_naming_its_subject_is_answered_from_the_passage_that_names_it(
    seeded: Settings, embedder: Any
) -> None:
    """ "Who built Falcon?" is three words, far in meaning from every passage (cosine 0.14, under the
    0.15 floor), yet the passage naming Falcon answers it."""
    answer = Assistant(seeded, embedder).ask("Who built Falcon?")
    assert not answer.refused
    assert "Technology Innovation Institute" in answer.text.split("\n")[0]


def test_a_subject_named_only_in_passing_does_not_open_the_gate(seeded: Settings, embedder: Any) -> None:
    """The course names Anthropic only as Claude's maker: who founded it, and when, it does not say."""
    assert Assistant(seeded, embedder).ask("Who founded Anthropic, and in what year?").refused
