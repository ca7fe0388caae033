"""10. the page, warm: golden fact questions typed into the real page (`streamlit run`, Debian's Chromium) →
the seconds from pressing Enter to the direct answer on screen (its lead sentence, the `st-key-lead-N`
element, visible with its text). The one decision this module owns: what is timed, and between which two
moments — both read from the browser's own clock (the Enter key going down; the first frame painted after
the lead appears), in one warm session, after one untimed question has loaded the models, index and caches.
"""

from __future__ import annotations

import importlib
import os
import shutil
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench.common import QUESTIONS, ROOT, embedders, settings_for
from bench.context import Context
from bench.crowd import driver
from bench.pairs import Series
from bench.rows import Row, make_row
from evals.records import Item, load_suite
from rag.answer_text import PAGE_REFUSAL

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from rag.config import Settings

TARGET_S = 1.5
WARM_UP = QUESTIONS[0]  # not a golden fact item's wording: the timed questions are each asked once
ANSWER_TIMEOUT_MS = 300_000  # a loaded machine; the figure is the time, the timeout only a safety
PLACEHOLDER = "Ask a question about the documents"

# Both moments on the page's clock: the Enter that sends a question (keydown, capture phase, before the
# page's own handler) and the first animation frame after turn N's lead holds visible text.
WATCH = """
window.__enters = []; window.__leads = {};
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && e.target instanceof HTMLTextAreaElement)
    window.__enters.push(performance.now());
}, true);
new MutationObserver(() => {
  for (const el of document.querySelectorAll('[class*="st-key-lead-"]')) {
    const m = el.className.match(/st-key-lead-(\\d+)/);
    if (!m || m[1] in window.__leads) continue;
    if (el.innerText.trim() && el.getBoundingClientRect().height > 0) {
      const turn = m[1];
      window.__leads[turn] = null;
      requestAnimationFrame(() => { window.__leads[turn] = performance.now(); });
    }
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
# Turn N is over: its lead was painted, or its reply ended without one (a refusal, an error, a stop).
TURN_OVER = """([turn, refusal]) => {
  if (window.__leads[turn] != null) return true;
  const reply = document.querySelectorAll('[data-testid="stChatMessage"]')[2 * turn + 1];
  if (!reply || reply.querySelector('[class*="st-key-draft"]')) return false;
  const text = reply.innerText;
  return text.includes(refusal) || text.includes('Stopped before')
    || !!reply.querySelector('[data-testid="stException"], [data-testid="stAlertContentError"]');
}"""
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def fact_questions(items: list[Item], n: int) -> list[str]:
    """`n` golden fact questions spread evenly over the set (so over its documents), in file order."""
    facts = [i.question for i in items if i.type == "fact"]
    if len(facts) < n:
        raise ValueError(f"the golden set has {len(facts)} fact questions, fewer than {n}")
    step = len(facts) // n
    return facts[::step][:n]


@dataclass
class Session:
    """One browser page on the served app: its questions in turn, each turn's Enter-to-lead seconds."""

    page: Page
    turns: int = 0
    seconds: list[float] = field(default_factory=list)  # page clock, Enter to the lead painted
    wall: list[float] = field(default_factory=list)  # this process's clock, as a cross-check
    leads: list[str] = field(default_factory=list)  # the direct answers shown
    without_lead: list[str] = field(default_factory=list)

    def ask(self, question: str) -> float | None:
        """Type the question, press Enter, wait for the turn to end and the page to be idle again."""
        box = self.page.get_by_placeholder(PLACEHOLDER)
        box.fill(question)
        turn, self.turns = self.turns, self.turns + 1
        t0 = time.perf_counter()
        box.press("Enter")
        self.page.wait_for_function(
            TURN_OVER, arg=[turn, PAGE_REFUSAL], polling="raf", timeout=ANSWER_TIMEOUT_MS
        )
        wall = time.perf_counter() - t0
        self.page.wait_for_selector(IDLE, timeout=ANSWER_TIMEOUT_MS)
        enter, lead = self.page.evaluate(f"[window.__enters[{turn}], window.__leads[{turn}]]")
        if lead is None or enter is None:
            self.without_lead.append(question)
            return None
        self.seconds.append((float(lead) - float(enter)) / 1000)
        self.wall.append(wall)
        self.leads.append(self.page.locator(f'[class*="st-key-lead-{turn}"]').inner_text())
        return self.seconds[-1]

    def forget(self) -> None:
        """Drop what was recorded so far (the warm-up), keeping the conversation on the page."""
        self.seconds, self.wall, self.leads, self.without_lead = [], [], [], []


def page_index(ctx: Context) -> Settings:
    """The repository's own corpus, indexed (untimed) with the ONNX embedder in the run's folder."""
    settings = settings_for(ctx, "page", corpus_dir=ctx.work / "corpus-page")
    if not (settings.index_dir / "CURRENT").exists():
        from rag.ingest import refresh

        shutil.copytree(ROOT / "corpus", settings.corpus_dir, dirs_exist_ok=True)
        ctx.say("building an index of corpus/ (untimed)…")
        refresh(settings, embedder=embedders(ctx)[1])
    return settings


def measure(ctx: Context, url: str, questions: list[str], chromium: str, args: list[str]) -> Session:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.add_init_script(WATCH)
            page.goto(url, timeout=120_000)
            page.get_by_placeholder(PLACEHOLDER).wait_for(state="visible", timeout=120_000)
            session = Session(page)
            ctx.say("one question to warm up (untimed)…")
            session.ask(WARM_UP)
            session.forget()
            for k, q in enumerate(questions):
                s = session.ask(q)
                shown = "no direct answer" if s is None else f"{s:.2f} s (wall {session.wall[-1]:.2f} s)"
                ctx.say(f"question {k + 1}/{len(questions)}: {shown}")
        finally:
            browser.close()
    return session


def bench_page(ctx: Context) -> None:
    page = driver()
    if not page.chromium.exists():
        ctx.say(f"  {page.chromium} is missing (`make browser`): no page figures")
        return
    args: list[str] = list(importlib.import_module("tests.test_browser").CHROMIUM_ARGS)
    questions = fact_questions(load_suite(ROOT / "evals" / "golden.yaml"), ctx.options.page_questions)
    settings = page_index(ctx)
    with page.serve_page(
        settings.corpus_dir, settings.index_dir, RAG_EMBED_BACKEND=settings.embed_backend
    ) as url:
        session = measure(ctx, url, questions, str(page.chromium), args)
    load = os.getloadavg()[0]
    ctx.details["page"] = {
        "questions": questions,
        "seconds": session.seconds,
        "wall_s": session.wall,
        "leads": [lead[:200] for lead in session.leads],
        "without_lead": session.without_lead,
    }
    if not session.seconds:
        raise RuntimeError(f"no question of {len(questions)} got a direct answer")
    ctx.keep(page_row(session, len(questions), load))


def page_row(session: Session, asked: int, load: float) -> Row:
    """The median over the questions, p25–p75 beside it, against the 1.5 s target."""
    timed = len(session.seconds)
    missing = f"; {asked - timed} without a direct answer, left out" if timed < asked else ""
    note = (
        f"{timed} golden fact questions in one warm session, each timed once on the page's clock from the "
        f"Enter key to the lead painted; load average {load:.1f}{missing}"
    )
    series = Series("Enter to direct answer", session.seconds)
    return make_row(
        "page", "warm: Enter to the direct answer on screen (Chromium)", series, "s", TARGET_S, note=note
    )
