"""Spans: sentences, list items and table cells with exact offsets, read cleanly."""

from __future__ import annotations

from rag.spans import clean, split

WRAPPED = """Permission is granted to use, copy and modify the software, subject to the
following conditions, provided that the copyright notice is kept in all
copies of the software. Redistribution is allowed.
"""
NESTED = """### **6. Popular Closed-source LLMs**
   - **Claude (Anthropic)**:
     - Emphasizes safety and ethical AI; designed to be aligned with human intentions.
     - Example: Suitable for applications requiring a highly controlled model.
"""
TABLE = """| **Aspect** | **Open-source LLMs** | **Closed-source LLMs** |
|---|---|---|
| **Cost** | Low or free | Typically requires paid API |
"""


def test_every_span_is_an_exact_slice_of_its_passage() -> None:
    for text in (WRAPPED, NESTED, TABLE):
        for s in split(text):
            assert text[s.start : s.end].strip() == text[s.start : s.end]
            assert s.text == clean(text[s.start : s.end])


def test_a_hard_wrapped_sentence_is_joined_and_never_cut_mid_sentence() -> None:
    texts = [s.text for s in split(WRAPPED)]
    assert texts[0].startswith("Permission is granted")
    assert texts[0].endswith("copies of the software.")
    assert texts[1] == "Redistribution is allowed."


def test_a_list_item_keeps_the_label_it_hangs_under_and_a_heading_is_not_a_statement() -> None:
    spans = split(NESTED)
    assert spans[0].kind == "heading"
    emphasis = next(s for s in spans if s.text.startswith("Emphasizes"))
    assert emphasis.context == "Claude (Anthropic)"
    assert "**" not in emphasis.text
    assert "- " not in emphasis.text


def test_a_table_cell_is_read_with_its_column_and_row_names() -> None:
    cells = [s for s in split(TABLE) if s.kind == "row"]
    assert [(s.context, s.text) for s in cells] == [
        ("Open-source LLMs, Cost", "Low or free"),
        ("Closed-source LLMs, Cost", "Typically requires paid API"),
    ]


def test_cleaning_keeps_the_words_of_links_and_drops_markup() -> None:
    assert clean("- **GPT-4** by [OpenAI](https://openai.com)[4]") == "GPT-4 by OpenAI"
