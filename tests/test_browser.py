"""Specification of the chat page in a real browser: `streamlit run app.py` driven by Debian's Chromium.

The page answers from a temporary index with the embedded model, shows the cited passage when its source is
opened, and the browser never contacts anything but the page's own loopback address.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from rag.ingest import refresh
from tests.conftest import copy_corpus, make_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = ("rise-of-open-source-llms.md", "open-source-contribution-to-llms.md")
QUESTION = "Which institute developed the Falcon models?"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ANSWER_TIMEOUT_MS = 300_000  # a cold model load on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with code {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"streamlit was not healthy after {timeout_s:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port, over an index built from two corpus documents."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} does not exist: install Debian's chromium (`make browser`) to run this test")
    root = tmp_path_factory.mktemp("browser")
    corpus, index = copy_corpus(root / "corpus", DOCS), root / "index"
    refresh(make_settings(root), embedder=embedder)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_INDEX_DIR": str(index),
        "RAG_BACKEND": "embedded",
        "OLLAMA_HOST": "http://127.0.0.1:9",  # the sidebar probes Ollama: never a real one
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = root / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or parts.hostname in LOCAL_HOSTS


def corpus_text() -> str:
    return " ".join(" ".join((ROOT / "corpus" / name).read_text(encoding="utf-8").split()) for name in DOCS)


def test_question_gets_a_cited_answer_whose_passage_opens_and_nothing_leaves_the_machine(
    page_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_url)
            box = page.get_by_placeholder("Ask a question about the documents")
            expect(box).to_be_editable(timeout=60_000)
            box.fill(QUESTION)
            box.press("Enter")

            reply = page.get_by_test_id("stChatMessage").nth(1)
            sources = reply.locator('[class*="st-key-sources-"]').get_by_test_id("stExpander")
            expect(sources.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)  # only the checked answer has them
            expect(reply).to_contain_text("[1]")
            expect(sources.first).to_contain_text("[1]")

            sources.first.locator("summary").click()
            details = sources.first.get_by_test_id("stExpanderDetails")
            expect(details).to_be_visible()
            expect(details).to_contain_text(".md · line")
            passage = details.get_by_test_id("stMarkdownContainer").last
            expect(passage).to_be_visible()
            quoted = " ".join(passage.inner_text().replace("\u2060", "").split())
            assert len(quoted) > 40
            assert quoted[:60] in corpus_text(), "the passage shown is not the document's own text"
            assert not reply.locator("img, script, iframe").count()

            page.wait_for_timeout(500)
            shot = tmp_path / "browser.png"
            page.screenshot(path=str(shot), full_page=True)
            results = ROOT / "test-results"
            results.mkdir(exist_ok=True)
            shutil.copy(shot, results / "browser.png")
        finally:
            browser.close()

    outside = sorted({url for url in requests if not is_local(url)})
    assert not outside, f"the page contacted hosts beyond the loopback: {outside}"
    assert any(urlsplit(url).hostname == "127.0.0.1" for url in requests)
