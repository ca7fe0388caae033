"""The disk says no: full during a refresh or an upload, or a folder that cannot be written.

A refresh on a full disk stops with one line saying so and that the previous index still answers; it does,
and once space is freed the next refresh sweeps the debris and converges. A read-only index folder is one
line naming the folder and the fix, with nothing written; a read-only corpus still ingests.

The full disk is real where the sandbox allows it: a small tmpfs mounted in a user and mount namespace of
its own (`unshare -rm`, no root needed), the whole scenario run inside it by the real `rag` command. Where
namespaces are not permitted that test is skipped with the reason, and the same promise is held by a
failure injected at the write layer of a child process (which always runs: it fails another step, the word
index written after the vectors). Read-only folders are real: as root, the child processes run without the
capabilities that let root write anywhere (`setpriv`); as anyone else, `chmod` is enough.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag import store, uploads
from rag.config import Settings
from rag.ingest import refresh
from tests.conftest import FALCON_DOC, ROOT, copy_corpus, make_settings

pytestmark = pytest.mark.slow
FALCON = "Which institute developed the Falcon models?"
NEW_DOC = "zephyrine.md"
DEBATE_DOC = "open-vs-closed-source-debate.md"
NEW_TEXT = (
    "# Zephyrine\n\nZephyrine is the codename of a small test model. It was trained by the Quillmark Lab "
    "in Tallinn on public domain books.\n"
)
RAG = str(Path(sys.executable).parent / "rag")


def env_for(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_INDEX_DIR=str(settings.index_dir),
        RAG_CORPUS_DIR=str(settings.corpus_dir),
        RAG_BACKEND="embedded",
        OLLAMA_HOST="http://127.0.0.1:9",
        HF_HUB_OFFLINE="1",
    )
    return env


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("error: ")
    return lines[0].removeprefix("error: ")


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `folder`, with its size and modification time: what a write changes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        out[str(path.relative_to(folder))] = (info.st_size if path.is_file() else 0, info.st_mtime_ns)
    return out


# A disk that fills up: a real tmpfs in a namespace of its own.


def tmpfs_refusal(tmp: Path) -> str | None:
    """Why a small tmpfs cannot be mounted here (None: it can)."""
    if shutil.which("unshare") is None:
        return "the unshare command is not installed"
    point = tmp / "probe"
    point.mkdir()
    try:
        done = subprocess.run(
            ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs '{point}'"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare failed: {exc}"
    if done.returncode:
        return f"user and mount namespaces are not permitted here: {done.stderr.strip()}"
    return None


FULL_DISK = r"""
set -u
mount -t tmpfs -o size=4m tmpfs "$DISK" || exit 99
step() { name=$1; shift; "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"; }
snapshot() {
  cat "$DISK/index/CURRENT" >"$OUT/$1.current"
  ls -A "$DISK/index/versions" >"$OUT/$1.versions"
  ls -A "$DISK/index" >"$OUT/$1.top"
}
fill() {  # leave $2 bytes free on the disk, plus what a copy of the current version takes if $3 is "copy"
  "$PY" -c 'import pathlib, shutil, sys
disk, index = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[1]) / "index"
chroma = index / "versions" / (index / "CURRENT").read_text().strip() / "chroma"
copy = sum(p.stat().st_blocks * 512 for p in chroma.rglob("*")) if sys.argv[4] == "copy" else 0
leave = int(sys.argv[3]) + copy
(disk / sys.argv[2]).write_bytes(b"\0" * max(0, shutil.disk_usage(disk).free - leave))' "$DISK" "$1" "$2" "$3"
}
step first "$RAG" ingest
cp "$NEW" "$RAG_CORPUS_DIR/"
fill filler-a 393216 copy  # room to copy the version, not to add the new vectors (Chroma hides the cause)
step chroma_full "$RAG" ingest
snapshot chroma_full
step status "$RAG" status --json
step ask "$RAG" ask "$QUESTION"
fill filler-b 65536 -      # no room even to copy the version
step copy_full "$RAG" ingest
snapshot copy_full
rm "$DISK/filler-a" "$DISK/filler-b"
step freed "$RAG" ingest --json
snapshot freed
step status_after "$RAG" status --json
"""


def test_a_full_disk_stops_the_refresh_with_one_line_the_previous_index_answers_and_the_next_converges(
    tmp_path: Path,
) -> None:
    reason = tmpfs_refusal(tmp_path)
    if reason:
        pytest.skip(f"no small filesystem can be made here ({reason}); the injected-fault test holds this")
    copy_corpus(tmp_path / "corpus")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    settings = make_settings(tmp_path, index_dir=disk / "index")
    env = {
        **env_for(settings),
        "DISK": str(disk),
        "OUT": str(out),
        "NEW": str(ROOT / "corpus" / DEBATE_DOC),  # 37 passages: Chroma needs room to write them
        "PY": sys.executable,
        "RAG": RAG,
        "QUESTION": FALCON,
    }
    done = subprocess.run(
        ["unshare", "-rm", "bash", "-c", FULL_DISK],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    def result(step: str) -> tuple[int, str, str]:
        return (
            int((out / f"{step}.rc").read_text()),
            (out / f"{step}.out").read_text(),
            (out / f"{step}.err").read_text(),
        )

    def versions(step: str) -> set[str]:
        return set((out / f"{step}.versions").read_text().split())

    rc, _, err = result("first")
    assert rc == 0, err
    first = (out / "chroma_full.current").read_text().strip()
    expected = (
        f"no space left on the disk holding {disk / 'index'}; the previous index still answers; "
        "free some space, then run `rag ingest` again"
    )
    for step in ("chroma_full", "copy_full"):  # the disk full while Chroma writes, or while copying
        rc, _, err = result(step)
        assert rc == 1, err
        assert one_line(err) == expected
        assert (out / f"{step}.current").read_text().strip() == first
        assert versions(step) == {first}, "the half-written version was not removed"
        assert set((out / f"{step}.top").read_text().split()) == {".lock", "CURRENT", "versions"}

    rc, status_out, err = result("status")  # while the disk is still full
    assert rc == 0, err
    status = json.loads(status_out)
    assert status["ready"]
    assert status["version"] == first
    assert status["documents"] == 2
    rc, answer, err = result("ask")
    assert rc == 0, err
    assert "Technology Innovation Institute" in answer
    assert f"({FALCON_DOC}:" in answer

    rc, report_out, err = result("freed")  # space freed: the next refresh converges
    assert rc == 0, err
    report = json.loads(report_out)
    assert report["files"]["added"] == [DEBATE_DOC]
    second = (out / "freed.current").read_text().strip()
    assert second == report["version"] != first
    assert versions("freed") == {first, second}
    assert set((out / "freed.top").read_text().split()) == {".lock", "CURRENT", "versions"}
    rc, status_out, err = result("status_after")
    assert rc == 0, err
    assert json.loads(status_out)["documents"] == 3


# The same promise with the fault injected: a child process whose writes into the new version fail.

INJECT_ENOSPC = """
import builtins, errno, io, os, sys
real_open = builtins.open
index = os.path.realpath(os.environ["RAG_INDEX_DIR"])
current = open(os.path.join(index, "CURRENT")).read().strip()
versions = os.path.join(index, "versions") + os.sep
def full_open(file, mode="r", *args, **kwargs):
    if isinstance(file, (str, os.PathLike)) and any(c in mode for c in "wax+"):
        path = os.path.realpath(os.fspath(file))
        if path.startswith(versions) and not path.startswith(versions + current + os.sep):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
    return real_open(file, mode, *args, **kwargs)
builtins.open = io.open = full_open
sys.argv = ["rag", "ingest"]
from rag.cli import main
main()
"""


def test_a_write_failing_for_space_in_a_child_process_is_one_line_and_the_next_refresh_converges(
    tmp_path: Path, embedder: Any
) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path)
    first = refresh(settings, embedder=embedder)
    (settings.corpus_dir / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", INJECT_ENOSPC],
        env=env_for(settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert one_line(done.stderr) == (
        f"no space left on the disk holding {settings.index_dir}; the previous index still answers; "
        "free some space, then run `rag ingest` again"
    )
    assert store.current_version(settings.index_dir) == first.version
    assert {p.name for p in store.versions_dir(settings.index_dir).iterdir()} == {first.version}
    assert not [p.name for p in settings.index_dir.iterdir() if p.name.endswith(".tmp")]

    second = refresh(settings, embedder=embedder)
    assert second.added == [NEW_DOC]
    assert {p.name for p in store.versions_dir(settings.index_dir).iterdir()} == {
        first.version,
        second.version,
    }


# An upload on a full disk.

UPLOAD_ON_FULL_DISK = r"""
set -u
mount -t tmpfs -o size=256k tmpfs "$DISK" || exit 99
exec "$PY" -c '
import json, os, sys
from pathlib import Path
from rag import uploads
corpus = Path(sys.argv[1]) / "corpus"
try:
    uploads.save_upload(corpus, "big.md", b"# Big\n" + b"words and more words\n" * 30000)
    failure = None
except OSError as exc:
    failure = exc.errno
print(json.dumps({"errno": failure, "left": sorted(os.listdir(corpus))}))
' "$DISK"
"""


def test_an_upload_that_fills_the_disk_leaves_no_partial_file_in_the_corpus(tmp_path: Path) -> None:
    reason = tmpfs_refusal(tmp_path)
    if reason:
        pytest.skip(f"no small filesystem can be made here ({reason}); the injected-fault test holds this")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["unshare", "-rm", "bash", "-c", UPLOAD_ON_FULL_DISK],
        env={**os.environ, "DISK": str(disk), "PY": sys.executable},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errno"] == errno.ENOSPC  # the page shows it as "could not be saved (No space left …)"
    assert result["left"] == [], "a partial upload was left in the corpus"


def test_an_upload_whose_write_fails_midway_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.write_bytes

    def half_then_full(self: Path, data: Any) -> int:
        real(self, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    with pytest.raises(OSError, match="No space left"):
        uploads.save_upload(tmp_path, "notes.md", b"# Notes\n\nSome words.\n")
    assert list(tmp_path.iterdir()) == []


# Folders that cannot be written.


def drop_write_privilege(tmp: Path) -> list[str]:
    """The command prefix under which a child cannot write where permissions say no; skips if none."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: root writes through read-only permissions")
    prefix = [
        "setpriv",
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
    ]
    probe = tmp / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    done = subprocess.run([*prefix, "touch", str(probe / "x")], capture_output=True, timeout=30, check=False)
    probe.chmod(0o755)
    if done.returncode == 0 or (probe / "x").exists():
        pytest.skip("cannot drop root's override of file permissions here (setpriv)")
    return prefix


def set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture
def indexed(tmp_path: Path, embedder: Any) -> Iterator[tuple[Settings, str]]:
    """A built index of two documents, and a third document waiting in the corpus; made writable again
    after the test, whatever it made read-only."""
    copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path)
    first = refresh(settings, embedder=embedder)
    assert first.version
    (settings.corpus_dir / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    try:
        yield settings, first.version
    finally:
        set_writable(settings.corpus_dir, True)
        set_writable(settings.index_dir, True)


def rag(prefix: list[str], settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, RAG, *args],
        env=env_for(settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_read_only_index_is_one_line_naming_the_folder_and_nothing_is_written(
    tmp_path: Path, indexed: tuple[Settings, str]
) -> None:
    settings, first = indexed
    prefix = drop_write_privilege(tmp_path)
    index = settings.index_dir
    set_writable(index, False)
    before = listing(index)

    refreshed = rag(prefix, settings, "ingest")
    assert refreshed.returncode == 1, refreshed.stderr
    assert one_line(refreshed.stderr) == (
        f"cannot write to {index / '.lock'} (read-only or not yours); nothing was changed; "
        f"make {index} writable, then run `rag ingest` again"
    )
    assert listing(index) == before

    # Chroma writes to its database even to read it: a question says so, with the command that fixes it.
    asked = rag(prefix, settings, "ask", FALCON)
    assert asked.returncode == 1, asked.stderr
    assert one_line(asked.stderr) == (
        f"the index in {index} is read-only, and Chroma writes to its database even to read it; "
        f"make it writable (`chmod -R u+w {index}`)"
    )
    assert listing(index) == before
    status = rag(prefix, settings, "status")  # it has Chroma read the vectors too: the same line
    assert status.returncode == 1, status.stderr
    assert one_line(status.stderr) == one_line(asked.stderr)
    assert listing(index) == before

    set_writable(index, True)  # the fix the line names: then the refresh goes through
    again = rag(prefix, settings, "ingest")
    assert again.returncode == 0, again.stderr
    assert store.current_version(index) != first
    assert NEW_DOC in store.load_manifest(index).documents


def test_a_read_only_versions_folder_stops_the_refresh_before_anything_is_half_written(
    tmp_path: Path, indexed: tuple[Settings, str]
) -> None:
    settings, first = indexed
    prefix = drop_write_privilege(tmp_path)
    versions = store.versions_dir(settings.index_dir)
    versions.chmod(0o555)  # the folder only: the current version inside it stays readable by Chroma
    before = sorted(versions.iterdir())

    refreshed = rag(prefix, settings, "ingest")
    assert refreshed.returncode == 1, refreshed.stderr
    line = one_line(refreshed.stderr)
    assert line.startswith(f"cannot write to {versions}{os.sep}v")
    assert line.endswith(
        f"(read-only or not yours); nothing was changed; make {settings.index_dir} writable, "
        "then run `rag ingest` again"
    )
    assert sorted(versions.iterdir()) == before  # no new version begun
    assert store.current_version(settings.index_dir) == first


def test_a_read_only_corpus_folder_still_ingests(tmp_path: Path, indexed: tuple[Settings, str]) -> None:
    settings, first = indexed
    prefix = drop_write_privilege(tmp_path)
    set_writable(settings.corpus_dir, False)
    before = listing(settings.corpus_dir)

    refreshed = rag(prefix, settings, "ingest", "--json")
    assert refreshed.returncode == 0, refreshed.stderr
    report = json.loads(refreshed.stdout)
    assert report["files"]["added"] == [NEW_DOC]
    assert report["unchanged"] == 2
    assert store.current_version(settings.index_dir) == report["version"] != first
    assert listing(settings.corpus_dir) == before
