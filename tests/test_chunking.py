"""Chunking: exact spans, full coverage, heading paths, sizes within the embedder's window."""

from __future__ import annotations

import itertools
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.chunking import Tokenizer, chunk_document, sections
from rag.config import Settings
from rag.corpus import Document
from rag.embeddings import load_tokenizer
from tests.conftest import CORPUS


@cache
def tokenizer() -> Tokenizer:
    return load_tokenizer(Settings())


def doc(text: str, kind: str = "markdown") -> Document:
    return Document("d.md", "Title", text, "sha", kind)


def assert_exact_and_covering(d: Document, chunk_size: int = 160, overlap: int = 24) -> None:
    chunks = chunk_document(d, tokenizer(), chunk_size, overlap)
    covered = [False] * len(d.text)
    for c in chunks:
        assert c.text == d.text[c.start : c.end]
        assert c.text.strip(), "no empty chunks"
        for i in range(c.start, c.end):
            covered[i] = True
    uncovered = "".join(ch for ch, hit in zip(d.text, covered, strict=True) if not hit)
    assert not uncovered.strip(), f"text outside every chunk: {uncovered[:80]!r}"


def test_every_corpus_document_is_covered_by_exact_chunks_within_the_window() -> None:
    from rag import corpus

    files, _ = corpus.scan(CORPUS, 2**30)
    for f in files:
        d = corpus.read(f)
        assert_exact_and_covering(d)
        for c in chunk_document(d, tokenizer(), 160, 24):
            assert len(tokenizer()(c.text)) <= 200  # well inside MiniLM's 256-token window


def test_chunks_carry_their_heading_path_and_line_range() -> None:
    text = "# Guide\n\nIntro line.\n\n## Open models\n\nBLOOM is open.\nFalcon too.\n\n## Closed\n\nGPT-4.\n"
    chunks = chunk_document(doc(text), tokenizer(), 160, 24)
    by_text = {c.text.splitlines()[-1]: c for c in chunks}
    falcon = next(c for c in chunks if "Falcon" in c.text)
    assert falcon.section == "Guide > Open models"
    assert falcon.line_start <= 7 <= falcon.line_end
    assert by_text["GPT-4."].section == "Guide > Closed"


def test_a_heading_without_body_joins_the_next_section() -> None:
    text = "# Output\n\n## Part one\n\nSome text here.\n"
    [only] = sections(doc(text))
    assert only.start == 0
    assert only.path == ("Output", "Part one")


def test_plain_text_titles_become_sections() -> None:
    text = (
        "Intro paragraph that is long enough to be a paragraph of prose.\nWhy It Matters\nBecause it does.\n"
    )
    paths = [s.path for s in sections(doc(text, "text"))]
    assert ("Why It Matters",) in paths


def test_an_indented_entry_under_a_label_is_no_plain_title() -> None:
    # ("Tomas Quell — Chief Financial Officer" looks like a title; under "Participants:" it is an entry)
    text = "Call Transcript\n\nParticipants:\n  Odile Brandt — Chief Executive Officer\n  Tomas Quell — Chief Financial Officer\n\nThe call began.\n"
    paths = [s.path for s in sections(doc(text, "text"))]
    assert paths == [("Call Transcript",)]


def test_a_line_indented_past_a_bullet_goes_on_with_its_item_and_is_no_plain_title() -> None:
    # ("EUR 240,000 including hardware (one workstation-class" is short and capitalised: a title, but for
    # the item it carries on)
    text = (
        "Working Group Agenda\n\n"
        "13:15  6. Sundrava pilot\n"
        "          - Pilot started 3 March 2025; 12 months; budget\n"
        "            EUR 240,000 including hardware (one workstation-class\n"
        "            GPU server) and Saltmere support.\n"
    )
    assert all("EUR 240,000" not in " ".join(s.path) for s in sections(doc(text, "text")))


def test_long_sections_are_split_with_overlap() -> None:
    sentences = " ".join(f"Sentence number {i} talks about open models and licences." for i in range(200))
    chunks = chunk_document(doc(sentences), tokenizer(), 64, 16)
    assert len(chunks) > 5
    assert all(a.start < b.start for a, b in itertools.pairwise(chunks))
    assert any(a.end > b.start for a, b in itertools.pairwise(chunks)), "consecutive chunks overlap"


_text = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=80),
        st.sampled_from(["\n", "\n\n", "# Heading\n", "## Sub\n", "- item\n", "```\n", ". ", "   ", "\r\n"]),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_text)
def test_chunk_spans_always_map_back_to_the_source_exactly(text: str) -> None:
    assert_exact_and_covering(doc(text), chunk_size=24, overlap=4)


def test_a_plain_heading_the_document_repeats_belongs_to_the_one_above_it() -> None:
    """Plain text has no heading levels; a repeated "Advantages" names its section only with its parent."""
    text = "Guide\nIntro.\nOpen Side\nAbout open.\nAdvantages\n- A: one.\nClosed Side\nAbout closed.\nAdvantages\n- B: two.\n"
    paths = [s.path for s in sections(Document("g.txt", "Guide", text, "sha", "text"))]
    assert ("Open Side", "Advantages") in paths
    assert ("Closed Side", "Advantages") in paths
    assert ("Closed Side",) in paths


def test_a_chunk_that_starts_inside_a_table_carries_the_tables_header_row() -> None:
    # A rule of dashes costs the embedder a token per dash: tables split across chunks in real documents.
    rows = "".join(
        f"| **Aspect {i}** | open value number {i} here | closed value number {i} there |\n"
        for i in range(40)
    )
    text = f"# Matrix\n\n| Aspect | Open models | Closed models |\n|{'-' * 60}|{'-' * 60}|{'-' * 60}|\n{rows}"
    chunks = chunk_document(doc(text), tokenizer(), 160, 24)
    inside = [c for c in chunks if "| Aspect |" not in c.text]
    assert len(inside) >= 2, "the table should span several chunks"
    assert {c.table_header for c in inside} == {"| Aspect | Open models | Closed models |"}
    assert all(c.table_header == "" for c in chunks if "| Aspect |" in c.text)


def test_a_table_splits_between_rows_never_inside_one() -> None:
    # The sentence tokenizer cut "| Mistral 7B | Mistral AI | 7.3B |" at "7." before rows were kept whole.
    rows = "".join(
        f"| Model {i} | Maker {i} | {i}.3B | Licence {i}, version 2.0 | 20{i:02d} |\n" for i in range(30)
    )
    text = (
        f"# Models\n\n| Model | Developer | Parameters | Licence | Release |\n|{'-' * 40}|{'-' * 40}|\n{rows}"
    )
    d = doc(text)
    chunks = chunk_document(d, tokenizer(), 160, 24)
    assert len(chunks) >= 3
    for c in chunks:
        assert c.start == 0 or d.text[c.start - 1] == "\n", f"a chunk starts mid-row: {c.text[:40]!r}"
        assert c.end == len(d.text.rstrip()) or d.text[c.end] == "\n", (
            f"a chunk ends mid-row: {c.text[-40:]!r}"
        )


def test_a_documents_opening_is_its_first_prose_without_headings() -> None:
    from rag.sections import opening

    text = (
        "# Launch\n\nARDEN, 4 March — Corvid AI today released Rook.\n\n## Details\n\nWe trained it.\n\n"
        + "x " * 400
    )
    assert opening(text).startswith(
        "ARDEN, 4 March — Corvid AI today released Rook.\n\nWe trained it.\n\nx x"
    )
    assert len(opening("word " * 1000)) <= 600
    # The paragraph that runs past the limit is read as far as it goes: who the interview is with.
    standfirst = "Tomasz Reyndal has run Halcyon Labs since 2019. " + "He spoke to us. " * 60
    assert "Tomasz Reyndal" in opening(
        "MAGAZINE | THE INTERVIEW\n\n" + "Header words. " * 20 + "\n\n" + standfirst
    )


def test_a_plain_text_table_splits_between_rows_and_its_later_chunks_carry_its_header_line() -> None:
    head = f"{' ' * 40}2027{' ' * 10}2026\n"
    rows = "".join(
        f"  Line item number {i} of the accounts{' ' * 8}${i},100m{' ' * 8}${i},000m\n" for i in range(40)
    )
    d = doc(f"ACCOUNTS\n\nThe figures for the year.\n\n{head}{rows}")
    chunks = chunk_document(d, tokenizer(), 160, 24)
    inside = [c for c in chunks if "Line item number 0 " not in c.text and "Line item" in c.text]
    assert len(inside) >= 2, "the table should span several chunks"
    assert {c.table_header for c in inside} == {head.rstrip()}
    for c in chunks:  # (a chunk starts after its first line's indent)
        line_start = d.text.rfind("\n", 0, c.start) + 1
        assert not d.text[line_start : c.start].strip(), f"a chunk starts mid-row: {c.text[:40]!r}"
