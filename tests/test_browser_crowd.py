"""Ten people at once, and fifty files at once.

One page process serves every browser session, and its one answer engine (the assistant, and the
llama.cpp model, which is not thread-safe) answers one question at a time: the others wait in a line
(`rag.queue.Line`), first come first served, each told its place ("2 questions ahead of yours").
Here ten real Chromium sessions ask ten questions at the same moment on the real page; fifty files
uploaded together through the page become one refresh and one new index version. The line itself is
specified first, with threads.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from rag import store
from rag.config import Settings
from rag.ingest import refresh
from rag.queue import Line, queue_notice
from rag.status import index_status
from tests.conftest import CORPUS, ROOT, copy_corpus, make_settings
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_healthy

CROWD = (
    "Which institute developed the Falcon models?",
    "Which models from Mistral AI are mentioned in the documents?",
    "In simple terms, what are the weights of a language model?",
    "What are the drawbacks of proprietary models for customers?",
    "Who makes Claude?",
    "Is LLaMA open source?",
    "What are the advantages of open-source LLMs?",
    "Who developed GPT-4?",
    "Which model did Meta release?",
    "What does Hugging Face provide?",
)
# Ten answers in turn on 2 shared cores: ~20 s quiet, minutes when another job loads the machine. A pass
# costs no more for a generous bound; speed is measured in `make bench` (crowd), not here.
ANSWER_TIMEOUT_MS = 900_000
PLACE = re.compile(r"(\d+) questions? ahead of yours")

# The line: threads standing in for browser sessions.


def test_askers_are_served_in_arrival_order_and_each_is_told_its_place() -> None:
    line = Line(poll_s=0.05)
    served: list[int] = []
    places: dict[int, list[int]] = {i: [] for i in range(9)}

    def ask(i: int) -> None:
        with line.turn(on_wait=places[i].append):
            served.append(i)

    with line.turn():  # the first question holds the engine while the others arrive one by one
        threads = []
        for i in range(9):
            t = threading.Thread(target=ask, args=(i,))
            t.start()
            threads.append(t)
            deadline = time.monotonic() + 5
            while line.waiting < i + 1 and time.monotonic() < deadline:
                time.sleep(0.005)
        assert line.waiting == 9
    for t in threads:
        t.join(10)
    assert served == list(range(9))
    for i in range(9):
        # Its place on arrival (the first question, then those before it), then fewer as the line moves
        # (a step may pass unseen when two turns end between two looks), never more.
        assert places[i][0] == i + 1, (i, places[i])
        assert places[i] == sorted(set(places[i]), reverse=True), (i, places[i])
        assert places[i][-1] >= 1
    assert line.waiting == 0


def test_a_waiter_that_gives_up_leaves_the_line_and_the_others_go_on() -> None:
    line = Line(poll_s=0.05)
    served: list[str] = []

    class Stopped(Exception):
        pass

    def impatient(ahead: int) -> None:
        raise Stopped  # what Streamlit does to a session stopped or rerun while it waits

    def patient() -> None:
        with line.turn():
            served.append("patient")

    with line:  # a model load holds the engine
        with pytest.raises(Stopped), line.turn(on_wait=impatient):
            served.append("impatient")
        t = threading.Thread(target=patient)
        t.start()
        time.sleep(0.1)
        assert line.waiting == 1  # only the patient one: the impatient one left
    t.join(5)
    assert served == ["patient"]
    assert line.waiting == 0


def test_a_model_load_is_not_counted_as_a_question_ahead() -> None:
    line = Line(poll_s=0.05)
    seen: list[int] = []
    served: list[bool] = []

    def ask() -> None:
        with line.turn(on_wait=seen.append):
            served.append(True)

    with line:  # the warm-up, or a refresh taking the embedder
        t = threading.Thread(target=ask)
        t.start()
        time.sleep(0.2)
        assert not served
    t.join(5)
    assert seen == [0]
    assert served == [True]
    assert queue_notice(0).startswith("Loading the models")
    assert queue_notice(1) == "1 question ahead of yours; answered in turn…"
    assert queue_notice(2).startswith("2 questions ahead of yours")


def test_the_line_holds_one_at_a_time_under_contention() -> None:
    line = Line(poll_s=0.01)
    inside = 0
    most = 0
    count = threading.Lock()

    def work(question: bool) -> None:
        nonlocal inside, most
        for _ in range(50):
            with line.turn(question=question):
                with count:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0005)
                with count:
                    inside -= 1

    threads = [threading.Thread(target=work, args=(i % 2 == 0,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert most == 1
    assert line.waiting == 0


# The real page, ten browser sessions.


@contextmanager
def serve_page(corpus: Path, index: Path, app: Path = ROOT / "app.py", **env_extra: str) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port over the given corpus and index; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_INDEX_DIR": str(index),
        "RAG_BACKEND": "embedded",
        "OLLAMA_HOST": "http://127.0.0.1:9",  # the sidebar probes Ollama: never a real one
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "PYTHONFAULTHANDLER": "1",  # stacks on SIGABRT, sent when a page hangs
        **env_extra,
    }
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = index.parent / f"streamlit-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(url, proc, log)
        yield url
    except BaseException as exc:
        # A page that failed or hung: every thread's stack (faulthandler, on SIGABRT) goes with the failure.
        if proc.poll() is None:
            proc.send_signal(signal.SIGABRT)
            proc.wait(timeout=15)
        exc.add_note(f"the page's log and its threads' stacks:\n{log.read_text(errors='replace')[-20_000:]}")
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Records every place a page shows, however briefly: a caption replaced within a second is still seen.
WATCH_PLACES = """
window.__places = [];
new MutationObserver(() => {
  for (const el of document.querySelectorAll('[data-testid="stCaptionContainer"]')) {
    const m = el.innerText.match(/(\\d+) questions? ahead of yours/);
    if (m && window.__places[window.__places.length - 1] !== Number(m[1])) window.__places.push(Number(m[1]));
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


FOOTER = re.compile(r" · \d+\.\d s(?: · waited \d+\.\d s in line)?\s*$")


@dataclass
class Asker:
    question: str
    seconds: float = 0.0  # from pressing Enter to the checked answer's sources on screen
    places: list[int] = field(default_factory=list)  # "N questions ahead of yours", as shown, in order
    reply: str = ""
    sources: int = 0
    errors: int = 0


async def ask_together(
    url: str, questions: tuple[str, ...], timeout_ms: int = ANSWER_TIMEOUT_MS
) -> list[Asker]:
    """One browser, one context (a separate session) per question: all pages open, then every question
    sent at the same moment; what each page showed, and how long its answer took."""
    from playwright.async_api import async_playwright, expect

    askers = [Asker(q) for q in questions]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pages, boxes = [], []
            for q in questions:  # people open the page one after another, then happen to ask at once
                context = await browser.new_context(viewport={"width": 1100, "height": 900})
                await context.add_init_script(WATCH_PLACES)
                page = await context.new_page()
                await page.goto(url, timeout=120_000)
                box = page.get_by_placeholder("Ask a question about the documents")
                await expect(box).to_be_editable(timeout=120_000)
                await box.fill(q)
                pages.append(page)
                boxes.append(box)

            async def ask(page: Any, box: Any, asker: Asker) -> None:
                t0 = time.perf_counter()
                await box.press("Enter")
                reply = page.get_by_test_id("stChatMessage").nth(1)
                sources = reply.locator('[class*="st-key-sources-"]').get_by_test_id("stExpander")
                await expect(sources.first).to_be_visible(timeout=timeout_ms)
                asker.seconds = time.perf_counter() - t0
                # The footer ("no model needed · 0.4 s · waited 2.1 s in line") comes after the sources.
                await expect(reply).to_contain_text(FOOTER, timeout=timeout_ms)
                asker.reply = await reply.inner_text()
                asker.sources = await sources.count()
                asker.places = await page.evaluate("window.__places")
                errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
                asker.errors = await errors.count()

            await asyncio.gather(*(ask(*x) for x in zip(pages, boxes, askers, strict=True)))
        finally:
            await browser.close()
    return askers


@pytest.fixture(scope="module")
def whole_index(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    tmp = tmp_path_factory.mktemp("crowd")
    shutil.copytree(CORPUS, tmp / "corpus")
    settings = make_settings(tmp)
    refresh(settings, embedder=embedder)
    return settings


@pytest.mark.browser
@pytest.mark.slow
def test_ten_sessions_asking_at_once_all_get_cited_answers_and_each_waiter_sees_its_place(
    whole_index: Settings,
) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} does not exist: install Debian's chromium (`make browser`) to run this test")
    with serve_page(whole_index.corpus_dir, whole_index.index_dir) as url:
        askers = asyncio.run(ask_together(url, CROWD))

    times = sorted(a.seconds for a in askers)
    print("answer seconds:", ", ".join(f"{s:.1f}" for s in times))
    print("places seen:", [a.places for a in askers])
    for a in askers:
        assert a.errors == 0, a
        assert a.sources >= 1, a
        assert "[1]" in a.reply, a
    waited = [a for a in askers if a.places]
    # All ten arrive while the first is answered: nine wait, each first told a place of its own, then
    # fewer ahead as the line moves, never more.
    assert len(waited) >= len(CROWD) - 1, [a.places for a in askers]
    assert sorted(a.places[0] for a in waited) == list(range(1, len(waited) + 1))
    # …and each answer that waited says so under it, how long it waited ("waited 2.1 s in line").
    for a in askers:
        waited_s = float(m.group(1)) if (m := re.search(r"waited (\d+\.\d) s in line", a.reply)) else 0.0
        assert waited_s > 0 or not a.places, a  # shown a place: it waited
        assert waited_s < 0.5 or a.places, a  # waited long enough to see one: it was shown one
    for a in waited:
        assert a.places == sorted(a.places, reverse=True), a.places
        assert a.places[-1] >= 1


# Fifty files at once, through the page's upload path.


@pytest.mark.slow
def test_fifty_files_uploaded_at_once_make_one_refresh_and_one_new_index_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder: Any
) -> None:
    import rag.ingest

    corpus = copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path)
    refresh(settings, embedder=embedder)
    before = store.current_version(settings.index_dir)
    versions_before = set(os.listdir(store.versions_dir(settings.index_dir)))
    calls: list[int] = []
    real_refresh = rag.ingest.refresh

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real_refresh(*args, **kwargs)

    monkeypatch.setattr(rag.ingest, "refresh", counting)  # page/refresh.py calls it through the module
    monkeypatch.setenv("RAG_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("RAG_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("RAG_BACKEND", "embedded")
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")

    files = [
        (f"tea note {i:02d}.md", f"# Tea estate {i}\n\nEstate {i} grows the oolong cultivar {i}.\n".encode(), "text/markdown")
        for i in range(50)
    ]  # fmt: skip
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    assert not at.exception
    at.sidebar.file_uploader[0].set_value(files).run()
    next(b for b in at.sidebar.button if b.label == "Add and index").click().run()
    assert not at.exception

    assert len(calls) == 1, f"{len(calls)} refreshes for one upload of 50 files"
    after = store.current_version(settings.index_dir)
    new_versions = set(os.listdir(store.versions_dir(settings.index_dir))) - versions_before
    assert after != before
    assert new_versions == {after}, new_versions
    assert len(list(corpus.glob("tea-note-*.md"))) == 50
    summary = at.sidebar.success[0].value
    assert "50 added" in summary
    assert index_status(settings).documents == 52
    assert {m.label: m.value for m in at.sidebar.metric}["Documents"] == "52"
