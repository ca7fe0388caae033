"""A damaged index (a crash of the whole machine, a sync tool, a hand-deleted file): `rag ask`, `rag status`
and the page say what is wrong and that `rag ingest --rebuild` fixes it, never with a traceback or a crash;
`rag ingest --rebuild` (and a plain `rag ingest`, which will not build on a damaged version) rebuilds from
the corpus through the usual crash-safe versioned refresh.

Each damage is made to a copy of a real index; the commands run as processes, so a segfault would show as a
negative exit code. The HNSW cases need an index big enough for Chroma to have persisted its HNSW segment
(it keeps the first thousand vectors in its SQLite log and replays them, so a small index has no HNSW file
that matters): 1,050 one-chunk notes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rag import store
from rag.ingest import refresh
from rag.retrieve import Retriever
from rag.status import index_status
from tests.conftest import FALCON_DOC, ROOT, SMALL_DOC, copy_corpus, make_settings

pytestmark = pytest.mark.slow
FALCON = "Which institute developed the Falcon models?"
RAG = str(Path(sys.executable).parent / "rag")
FIX = "`rag ingest --rebuild` rebuilds it from the corpus"


def rag(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(HF_HUB_OFFLINE="1", OLLAMA_HOST="http://127.0.0.1:9")
    return subprocess.run([RAG, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)


# Runs `rag` commands in one process (the imports paid once): prints [exit code, stderr] per command.
DRIVER = """
import json, sys
from typer.testing import CliRunner
from rag.cli import app
out = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, args)
    out.append([result.exit_code, result.stderr])
print(json.dumps(out))
"""


def rag_many(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """`rag` commands run by CliRunner in one child process (a segfault would fail it, not the tests)."""
    import json

    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(HF_HUB_OFFLINE="1", OLLAMA_HOST="http://127.0.0.1:9")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    return [
        subprocess.CompletedProcess(c, code, "", err)
        for c, (code, err) in zip(commands, results, strict=True)
    ]


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """The failed command's stderr: exit code 1, one line, no traceback (a crash would exit negative)."""
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith("error: ")
    assert "Traceback" not in done.stderr
    return lines[0]


def version_dir(index: Path) -> Path:
    return store.versions_dir(index) / (store.current_version(index) or "")


def hnsw_dir(index: Path) -> Path:
    folders = [p for p in (version_dir(index) / "chroma").iterdir() if p.is_dir()]
    assert len(folders) == 1
    return folders[0]


def zero_start(path: Path, n: int = 4096) -> None:
    with path.open("r+b") as fh:
        fh.write(b"\0" * min(n, path.stat().st_size))


Damage = Callable[[Path], None]  # given the index folder

DAMAGES: dict[str, tuple[Damage, str]] = {
    "zeroed SQLite header": (
        lambda i: zero_start(version_dir(i) / "chroma" / "chroma.sqlite3"),
        "chroma.sqlite3 is not a SQLite file",
    ),
    "truncated SQLite file": (
        lambda i: os.truncate(version_dir(i) / "chroma" / "chroma.sqlite3", 8192),
        "chroma.sqlite3 is cut short",
    ),
    "deleted BM25 folder": (lambda i: shutil.rmtree(version_dir(i) / "bm25"), "word index (BM25)"),
    "deleted BM25 file": (
        lambda i: (version_dir(i) / "bm25" / "terms.json").unlink(),
        "terms.json",
    ),
    "CURRENT naming a version that is gone": (lambda i: shutil.rmtree(version_dir(i)), "which is gone"),
    "manifest of invalid JSON": (
        lambda i: (version_dir(i) / "manifest.json").write_text('{"version": "v1", "documents": {'),
        "manifest of version",
    ),
}
HNSW_DAMAGES: dict[str, tuple[Damage, str]] = {
    "missing HNSW header file": (lambda i: (hnsw_dir(i) / "header.bin").unlink(), "header.bin is gone"),
    "corrupt HNSW header file": (
        lambda i: (hnsw_dir(i) / "header.bin").write_bytes(os.urandom(100)),
        "header.bin is not valid",
    ),
    "zeroed HNSW vectors": (
        lambda i: zero_start(hnsw_dir(i) / "data_level0.bin", 2**30),
        "Chroma cannot read it",
    ),
    "truncated HNSW lengths": (
        lambda i: os.truncate(hnsw_dir(i) / "length.bin", 0),
        "length.bin has the wrong size",
    ),
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Path:
    """The folder of a corpus of two documents and its index."""
    root = tmp_path_factory.mktemp("small")
    copy_corpus(root / "corpus")
    refresh(make_settings(root), embedder=embedder)
    return root


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Path:
    """1,050 one-chunk notes: past Chroma's sync threshold (1,000), so its HNSW segment is on disk."""
    root = tmp_path_factory.mktemp("large")
    corpus = root / "corpus"
    corpus.mkdir()
    for i in range(1050):
        (corpus / f"note-{i:04d}.txt").write_text(f"Note {i} records that item{i} weighs {i % 97} grams.\n")
    report = refresh(make_settings(root), embedder=embedder)
    assert report.chunks_total == 1050
    assert (hnsw_dir(root / "index") / "index_metadata.pickle").exists(), "the HNSW segment was persisted"
    return root


def damaged_copy(source: Path, target: Path, damage: Damage) -> Path:
    shutil.copytree(source, target)
    damage(target / "index")
    return target


def assert_says_damaged_and_the_fix(line: str, index: Path, what: str) -> None:
    assert f"the index in {index} is damaged" in line
    assert what in line
    assert line.endswith(FIX)


@pytest.fixture(scope="module")
def damaged(
    small: Path, large: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, str, str]]:
    """Every damage made to its own copy, with what `rag status` and `rag ask` said: {case: (root, status,
    ask)}."""
    root = tmp_path_factory.mktemp("damaged")
    copies: dict[str, Path] = {}
    for n, (case, (damage, _)) in enumerate({**DAMAGES, **HNSW_DAMAGES}.items()):
        copies[case] = damaged_copy(large if case in HNSW_DAMAGES else small, root / str(n), damage)
    commands = []
    for case, copy in copies.items():
        question = "What does item7 weigh?" if case in HNSW_DAMAGES else FALCON
        commands.append(["status", "--index", str(copy / "index")])
        commands.append(["ask", question, "--index", str(copy / "index"), "--backend", "embedded"])
    said = rag_many(commands)
    return {
        case: (copy, one_line_error(said[2 * n]), one_line_error(said[2 * n + 1]))
        for n, (case, copy) in enumerate(copies.items())
    }


@pytest.mark.parametrize("case", [*DAMAGES, *HNSW_DAMAGES])
def test_a_damaged_index_is_one_line_from_ask_and_status_naming_rag_ingest_rebuild(
    damaged: dict[str, tuple[Path, str, str]], case: str
) -> None:
    root, status, asked = damaged[case]
    what = {**DAMAGES, **HNSW_DAMAGES}[case][1]
    assert_says_damaged_and_the_fix(status, root / "index", what)
    assert_says_damaged_and_the_fix(asked, root / "index", what)


@pytest.mark.parametrize("case", ["zeroed SQLite header", "CURRENT naming a version that is gone"])
def test_the_rebuild_makes_a_new_version_from_the_corpus_alone(
    damaged: dict[str, tuple[Path, str, str]], embedder: Any, case: str
) -> None:
    settings = make_settings(damaged[case][0])
    report = refresh(settings, embedder=embedder, rebuild=True)
    assert sorted(report.added) == sorted([FALCON_DOC, SMALL_DOC])
    assert {p.name for p in store.versions_dir(settings.index_dir).iterdir()} == {report.version}
    assert index_status(settings, deep=True).ready
    passages = Retriever(settings, embedder).retrieve(FALCON, 5)
    assert FALCON_DOC in {p.chunk.doc_id for p in passages}


def test_rag_ingest_rebuild_is_the_command_that_does_it(small: Path, tmp_path: Path) -> None:
    root = damaged_copy(small, tmp_path / "copy", DAMAGES["truncated SQLite file"][0])
    index = root / "index"
    done = rag("ingest", "--rebuild", "--corpus", str(root / "corpus"), "--index", str(index), "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"added": 2' in done.stdout
    assert rag("status", "--index", str(index)).returncode == 0
    assert len(list(store.versions_dir(index).iterdir())) == 1


def test_a_plain_refresh_does_not_build_on_a_damaged_version_but_rebuilds_and_says_why(
    damaged: dict[str, tuple[Path, str, str]], embedder: Any
) -> None:
    settings = make_settings(damaged["deleted BM25 file"][0])
    report = refresh(settings, embedder=embedder)
    assert report.note.startswith("the index was damaged (the word index (BM25) file terms.json is gone)")
    assert report.note.endswith("rebuilt from scratch")
    assert sorted(report.added) == sorted([FALCON_DOC, SMALL_DOC])
    assert index_status(settings, deep=True).ready


def test_status_json_of_a_damaged_index_says_what_is_wrong(small: Path, tmp_path: Path) -> None:
    import json

    root = damaged_copy(small, tmp_path / "copy", DAMAGES["manifest of invalid JSON"][0])
    done = rag("status", "--index", str(root / "index"), "--json")
    assert done.returncode == 1
    info = json.loads(done.stdout)
    assert info["ready"] is False
    assert info["problem"].endswith(FIX)


# The page: the sidebar and the answer say what is wrong; its button rebuilds, and the question is answered.


def test_the_page_names_a_damaged_index_and_its_rebuild_button_fixes_it(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_app import ask, last_reply, open_page, plain, use

    root = damaged_copy(small, tmp_path / "copy", DAMAGES["CURRENT naming a version that is gone"][0])
    use(monkeypatch, root / "corpus", root / "index")
    at = open_page()
    shown = plain(" ".join(e.value for e in at.error))
    assert "is damaged" in shown
    assert "which is gone" in shown
    assert "rag ingest --rebuild" in shown
    at = ask(at, FALCON)
    reply = last_reply(at)
    assert "is damaged" in " ".join(e.value for e in reply.error)
    fix = next(b for b in reply.button if b.label == "Build index and ask again")
    fix.click().run()
    assert not at.exception
    answer = at.session_state["turns"][-1].answer
    assert answer is not None
    assert not answer.refused
    assert any(c.source == FALCON_DOC for c in answer.citations)
    assert not any("is damaged" in e.value for e in at.error)


def test_the_page_names_damage_found_only_by_reading_the_vectors(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_app import ask, last_reply, open_page, plain, use

    root = damaged_copy(large, tmp_path / "copy", HNSW_DAMAGES["zeroed HNSW vectors"][0])
    use(monkeypatch, root / "corpus", root / "index")
    at = ask(open_page(), "What does item7 weigh?")
    errors = [e.value for e in last_reply(at).error]
    assert len(errors) == 1
    assert "is damaged: Chroma cannot read it" in plain(errors[0])
    assert "rag ingest --rebuild" in plain(errors[0])


def test_an_undamaged_index_passes_every_check(small: Path) -> None:
    settings = make_settings(small)
    manifest = store.load_manifest(settings.index_dir)
    store.check_files(settings, settings.index_dir, manifest)
    collections = store.open_collections(settings, settings.index_dir, manifest)
    assert sum(c.count() for c in collections.values()) == manifest.chunk_count
    assert manifest.segments[manifest.version].words, "the BM25 files were recorded at commit"
