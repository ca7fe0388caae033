"""Reading the corpus: what becomes a document, what is skipped, and why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag import corpus
from rag.errors import CorpusError


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with the given text in Helvetica, written by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF file of the given objects (numbered from 1, the first the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def read_one(path: Path) -> corpus.Document:
    files, skipped = corpus.scan(path.parent, 2**30)
    assert not skipped, skipped
    return corpus.read(next(f for f in files if f.path == path.resolve()))


def test_markdown_text_is_the_file_text_exactly(tmp_path: Path) -> None:
    raw = '---\ntitle: "Front matter title"\n---\r\n# Heading\r\nBody text.\r\n'
    (tmp_path / "a.md").write_bytes(raw.encode())
    doc = read_one(tmp_path / "a.md")
    assert doc.text == raw
    assert doc.title == "Front matter title"
    assert doc.kind == "markdown"


def test_utf16_file_with_bom_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes("Falcon comes from Abu Dhabi.".encode("utf-16"))
    assert read_one(tmp_path / "u16.txt").text == "Falcon comes from Abu Dhabi."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x7fELF\x00\x00\x01\x02" * 20, "binary file"),
        ("latin1.md", "caf\xe9 au lait".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"", "empty file"),
        ("blank.md", b"  \n\n ", "no text"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "corrupt PDF"),
    ],
)
def test_unreadable_file_gets_a_one_line_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    files, _ = corpus.scan(tmp_path, 2**30)
    with pytest.raises(corpus.Unreadable) as err:
        corpus.read(files[0])
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


def test_pdf_text_is_extracted_in_a_subprocess(tmp_path: Path) -> None:
    (tmp_path / "paper.pdf").write_bytes(minimal_pdf("Falcon was developed by TII"))
    doc = read_one(tmp_path / "paper.pdf")
    assert "Falcon was developed by TII" in doc.text
    assert doc.kind == "pdf"


def test_html_keeps_visible_text_and_headings_and_drops_scripts(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Page title</title><style>p{color:red}</style></head><body>"
        "<h2>Open models</h2><p>BLOOM is open.</p><script>alert('x')</script></body></html>"
    )
    (tmp_path / "page.html").write_text(html)
    doc = read_one(tmp_path / "page.html")
    assert doc.title == "Page title"
    assert "## Open models" in doc.text
    assert "BLOOM is open." in doc.text
    assert "alert" not in doc.text
    assert "color" not in doc.text


def test_an_html_pages_menus_of_links_are_dropped_and_its_asides_text_kept(tmp_path: Path) -> None:
    html = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/d'>Decisions</a></li></ul></nav>"
        "<main><h1>Decision 17</h1><p>The council must pay <a href='/r'>Mr Reed</a> €750.</p></main>"
        "<aside><h2>Related</h2><ul><li><a href='/g'>Guidance: using AI tools (2024)</a></li>"
        "<li><a href='/a'>Annual report</a></li></ul></aside>"
        "<aside><h2>Correction</h2><p>An earlier version gave the sum as €570. See <a href='/c'>our policy</a>."
        "</p></aside><footer><p><a href='/p'>Privacy</a> · <a href='/c'>Contact</a></p>"
        "<p>Published by the Ombudsman, 4 Quayside Row.</p></footer></body></html>"
    )
    (tmp_path / "decision.html").write_text(html)
    text = read_one(tmp_path / "decision.html").text
    for menu in ("Home", "Decisions", "Related", "Guidance", "Annual report", "Privacy", "Contact"):
        assert menu not in text, menu
    # (a link inside a sentence, an aside that says something, a footer's line of text: all kept)
    for said in (
        "pay Mr Reed €750",
        "## Correction",
        "gave the sum as €570. See our policy",
        "4 Quayside Row",
    ):
        assert said in text, said


def test_an_html_list_is_read_as_one_list_of_items_under_its_lead_in(tmp_path: Path) -> None:
    from rag.spans import split

    html = (
        "<html><body><p>Developers must:</p>\n<ul>\n<li>notify the <b>office</b> 60 days ahead;</li>\n"
        "<li>publish a summary.</li>\n</ul>\n<ol><li>First step</li><li>Second step</li></ol></body></html>"
    )
    (tmp_path / "rules.html").write_text(html)
    text = read_one(tmp_path / "rules.html").text
    assert "Developers must:\n\n- notify the office 60 days ahead;\n- publish a summary.\n" in text
    assert "1. First step\n2. Second step" in text
    items = [s for s in split(text) if s.kind == "item"]
    assert [s.text for s in items][:2] == ["notify the office 60 days ahead;", "publish a summary."]


def test_an_html_table_is_read_as_rows_of_cells_under_their_columns(tmp_path: Path) -> None:
    from rag.spans import split

    html = (
        "<html><body><h2>Runtimes</h2><table><caption>Table 1. Runtimes compared, 2024</caption>"
        "<thead><tr><th>Aspect</th><th>Runtime A</th><th>Runtime B</th></tr>"
        "</thead><tbody><tr><td>Licensing</td><td>Free for <b>everyone</b></td><td>Paid seats</td></tr>"
        "<tr><td>Footprint</td><td>Runs on a laptop</td><td>Needs a GPU server</td></tr></tbody></table>"
        "<dl><dt>Seat</dt><dd>One named user.</dd></dl></body></html>"
    )
    (tmp_path / "page.html").write_text(html)
    doc = read_one(tmp_path / "page.html")
    # Cells used to run together ("LicensingFree for everyonePaid seats"), and a term into its meaning.
    assert "| Licensing | Free for everyone | Paid seats |" in doc.text
    assert "Seat: One named user." in doc.text
    # The caption, which says what the table counts and when, is kept above the rows.
    assert "Table 1. Runtimes compared, 2024\n\n| Aspect |" in doc.text
    cells = [(s.context, s.text) for s in split(doc.text) if s.kind == "row"]
    assert ("Runtime B, Footprint", "Needs a GPU server") in cells


def test_an_html_footnote_number_is_dropped_and_a_power_kept(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><body><p>The city paid €412,000 in 2024.<sup>2</sup> Training took 10<sup>25</sup> FLOP.</p>"
        "</body></html>"
    )
    text = read_one(tmp_path / "page.html").text
    assert "in 2024. Training" in text  # not "2024.2", a figure it never gave
    assert "10^25 FLOP" in text


def test_scan_skips_links_outside_the_corpus_and_unsupported_types(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("secret")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "ok.md").write_text("fine")
    (root / "notes.docx").write_bytes(b"PK")
    os.symlink(outside, root / "link.md")
    (root / ".hidden.md").write_text("ignored")
    files, skipped = corpus.scan(root, 2**30)
    assert [f.id for f in files] == ["ok.md"]
    reasons = {s.id: s.reason for s in skipped}
    assert "outside the corpus" in reasons["link.md"]
    assert "unsupported" in reasons["notes.docx"]
    assert ".hidden.md" not in reasons


def test_scan_lists_nested_files_by_their_paths_and_enters_no_linked_folder(tmp_path: Path) -> None:
    for name in ("a-c.md", "a/b.md", "a/x/y.md", "A.md", "a b.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    os.symlink(tmp_path / "a", tmp_path / "z.md")
    files, skipped = corpus.scan(tmp_path, 2**30)
    # By their paths' parts: a folder's files before a name that only extends the folder's ("a b.md").
    assert [f.id for f in files] == ["A.md", "a/b.md", "a/x/y.md", "a b.md", "a-c.md"]
    assert [f.path for f in files] == [tmp_path.resolve() / f.id for f in files]
    assert [(s.id, s.reason.split(" (")[0]) for s in skipped] == [("z.md", "not a regular file")]


def test_scan_skips_files_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("word " * 1000)
    files, skipped = corpus.scan(tmp_path, 1000)
    assert not files
    assert "over the" in skipped[0].reason


def test_missing_corpus_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        corpus.scan(tmp_path / "nope", 2**30)


def test_a_scan_reads_only_files_that_changed_since_they_were_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "RACY_NS", 0)  # the files below were all written a moment ago
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / f"{name}").write_text(f"# {name}\n\nThe first text of {name}.\n")
    files, _ = corpus.scan(tmp_path, 2**20)
    known = {f.id: (f.sha256, f.seen) for f in files}
    hashed: list[Path] = []
    real_sha = corpus.sha256_of
    monkeypatch.setattr(corpus, "sha256_of", lambda path: hashed.append(path) or real_sha(path))

    assert corpus.scan(tmp_path, 2**20, known)[0] == files
    assert hashed == []  # nothing changed: nothing read

    # Rewritten to the same size with its times set back, as `cp -p` or `rsync -t` of another version
    # would: the change of ctime (which no one can set back) still has it read again.
    b = tmp_path / "b.md"
    info = b.stat()
    b.write_text(b.read_text().replace("first", "other"))
    os.utime(b, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert b.stat().st_size == info.st_size
    assert b.stat().st_mtime_ns == info.st_mtime_ns
    after = {f.id: f.sha256 for f in corpus.scan(tmp_path, 2**20, known)[0]}
    assert hashed == [tmp_path / "b.md"]
    assert after["b.md"] != known["b.md"][0]
    assert after["a.md"] == known["a.md"][0]


def test_a_file_written_within_the_racy_window_is_hashed_again_next_time(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nJust written.\n")
    [found], _ = corpus.scan(tmp_path, 2**20)
    assert found.seen == ()  # not trusted: a second write within the clock's tick could look the same


def test_an_html_record_of_th_and_td_rows_gets_an_empty_header(tmp_path: Path) -> None:
    from rag.spans import cell_of, split

    html = (
        "<html><body><table><tr><th>Founded</th><td>2016, Ashpool</td></tr>"
        "<tr><th>R5 list price</th><td>£9,400</td></tr></table></body></html>"
    )
    (tmp_path / "glance.html").write_text(html)
    doc = read_one(tmp_path / "glance.html")
    # Its first row is a field like the others, not the columns' names ("2014, Ashpool" as a column).
    cells = [cell_of(s) for s in split(doc.text) if s.kind == "row"]
    assert ("", "Founded") in cells
    assert ("", "R5 list price") in cells
