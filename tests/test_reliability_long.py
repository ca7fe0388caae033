"""A long conversation: fifty turns in one session keep memory bounded, and follow-ups still find their
subject.

The conversation runs the page's own path (`rag.turns`: `Turn`, `history`, `keep_recent`) through the real
`Assistant` (the embedded backend, answering from the documents' spans as the page does by default) over a
real index of the whole corpus, in a fresh process whose resident memory is read before and after.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from rag import turns as conversation
from rag.answer import Answer
from rag.config import Settings
from rag.ingest import refresh
from tests.conftest import CORPUS, ROOT, make_settings, run_driver

RSS_GROWTH_MB = 50
TURNS = 50

# Questions and follow-ups that lean on the turn before them ("it", "those"), asked round and round.
CYCLE = (
    "Which models from Mistral AI are mentioned in the documents?",
    "Which of those are open source?",
    "Who makes Claude?",
    "What does it emphasize?",
    "In simple terms, what are the weights of a language model?",
    "Is LLaMA open source?",
    "Who made it?",
    "What are the drawbacks of proprietary models for customers?",
    "What is the boiling point of water in Fahrenheit?",
)
LAST = ("Who developed Falcon?", "Where is it based?")

DRIVER = """
import ctypes, gc, json, sys, time
from pathlib import Path
from rag import turns as conversation
from rag.answer import Assistant
from rag.config import Settings

settings = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), backend="embedded",
                    ollama_host="http://127.0.0.1:9")
cycle, last, turns_wanted = json.loads(sys.argv[3]), json.loads(sys.argv[4]), int(sys.argv[5])
assistant = Assistant(settings)
libc = ctypes.CDLL("libc.so.6")

def rss_mb():
    gc.collect()
    libc.malloc_trim(0)  # freed memory back to the system, so RSS counts what is held
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def chat(questions, turns):
    # What the page does for each question: the recent history, ask, keep the turn, bound the list.
    seconds = []
    for q in questions:
        t0 = time.perf_counter()
        answer = assistant.ask(q, history=conversation.history(turns), backend="embedded")
        seconds.append(time.perf_counter() - t0)
        turns.append(conversation.Turn(q, "embedded", answer))
        conversation.keep_recent(turns)
    return seconds

# Warm-up: a conversation of its own (models loaded, every question's spans encoded once).
chat(list(cycle) * 2, [])
before = rss_mb()
turns = []
asked = (cycle * turns_wanted)[: turns_wanted - len(last)] + last
samples, seconds = [], []
for i in range(0, len(asked), 10):
    seconds += chat(asked[i : i + 10], turns)
    samples.append(rss_mb())
print(json.dumps({
    "before_mb": before, "after_mb": samples[-1], "samples_mb": samples, "turns": len(turns),
    "seconds": seconds, "answers": [t.answer.as_dict() for t in turns[-2:]],
    "history_pairs": len(conversation.history(turns)),
}))
"""


@pytest.fixture(scope="module")
def whole_corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    tmp = tmp_path_factory.mktemp("long")
    shutil.copytree(CORPUS, tmp / "corpus")
    settings = make_settings(tmp)
    refresh(settings, embedder=embedder)
    return settings


@pytest.mark.slow
def test_fifty_turns_keep_memory_bounded_and_the_last_follow_up_finds_its_subject(
    whole_corpus: Settings,
) -> None:
    import json

    out = run_driver(
        DRIVER,
        str(whole_corpus.corpus_dir),
        str(whole_corpus.index_dir),
        json.dumps(CYCLE),
        json.dumps(LAST),
        str(TURNS),
        cwd=ROOT,
    )
    growth = out["after_mb"] - out["before_mb"]
    trend = ", ".join(f"{mb:.0f}" for mb in out["samples_mb"])
    print(
        f"RSS {out['before_mb']:.0f} MB after warm-up → {trend} MB every 10 turns (growth {growth:+.1f} MB)"
    )
    assert out["turns"] == TURNS
    assert growth <= RSS_GROWTH_MB, f"RSS grew {growth:.1f} MB over {TURNS} turns ({trend} MB)"
    # Only the recent turns are sent along with a question, however long the chat.
    assert out["history_pairs"] == 2 * conversation.HISTORY_TURNS

    who, where = out["answers"]
    assert not who["refused"]
    assert "Technology Innovation Institute" in who["answer"] or "TII" in who["answer"]
    assert "Falcon" in where["standalone_question"], where["standalone_question"]
    assert not where["refused"], where
    assert "Abu Dhabi" in where["answer"].split("\n\n", 1)[0]
    for c in (*who["citations"], *where["citations"]):
        assert (whole_corpus.corpus_dir / c["source"]).read_text(encoding="utf-8")[
            c["start"] : c["end"]
        ] == c["text"]


# The page's side of the bound: its own conversation list, and what it hands the assistant.


def _turn(i: int, answered: bool = True) -> conversation.Turn:
    answer = Answer(f"q{i}", f"q{i}", f"a{i} [1].", False, [], "spans", "none", "quoted", {"total_s": 0.1})
    return conversation.Turn(f"q{i}", answer=answer if answered else None, error="" if answered else "failed")


def test_the_history_sent_with_a_question_is_the_last_answered_turns_only() -> None:
    turns = [_turn(i, answered=i % 5 != 4) for i in range(40)]
    pairs = conversation.history(turns)
    answered = [t for t in turns if t.answer is not None]
    assert len(pairs) == 2 * conversation.HISTORY_TURNS
    assert pairs[-2:] == [("user", answered[-1].question), ("assistant", "a38 [1].")]
    assert pairs[0] == ("user", answered[-conversation.HISTORY_TURNS].question)
    assert conversation.history(turns[:3]) == [("user", "q0"), ("assistant", "a0 [1]."), ("user", "q1"), ("assistant", "a1 [1]."), ("user", "q2"), ("assistant", "a2 [1].")]  # fmt: skip
    assert conversation.history(turns, limit=0) == []


def test_keep_recent_drops_the_oldest_turns_beyond_the_limit() -> None:
    turns = [_turn(i) for i in range(conversation.MAX_TURNS + 7)]
    assert conversation.keep_recent(turns) == 7
    assert len(turns) == conversation.MAX_TURNS
    assert turns[0].question == "q7"
    assert conversation.keep_recent(turns) == 0


@pytest.mark.slow
def test_the_page_keeps_a_bounded_conversation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, whole_corpus: Settings
) -> None:
    monkeypatch.setenv("RAG_CORPUS_DIR", str(whole_corpus.corpus_dir))
    monkeypatch.setenv("RAG_INDEX_DIR", str(whole_corpus.index_dir))
    monkeypatch.setenv("RAG_BACKEND", "embedded")
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["turns"] = [_turn(i) for i in range(conversation.MAX_TURNS)]
    at.run()
    assert not at.exception
    at.chat_input[0].set_value("Who developed Falcon?").run()
    assert not at.exception
    assert (
        len(at.session_state["turns"]) == conversation.MAX_TURNS + 1
    )  # the new turn, shown below the others
    at.chat_input[0].set_value("Where is it based?").run()
    assert not at.exception
    turns = at.session_state["turns"]
    assert len(turns) == conversation.MAX_TURNS + 1
    assert turns[0].question == "q1"  # the oldest dropped
    assert [t.question for t in turns[-2:]] == ["Who developed Falcon?", "Where is it based?"]
    assert turns[-1].answer is not None
    assert not turns[-1].answer.refused
    assert "Abu Dhabi" in turns[-1].answer.text
    assert len([m for m in at.chat_message if m.name == "assistant"]) == conversation.MAX_TURNS + 1
