"""Spans: sentences, list items and table cells with exact offsets, read cleanly."""

from __future__ import annotations

from rag.spans import cell_of, clean, field_meaning, split, table_header

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

# A list a web scrape glued to the sentences before it.
GLUED = """Closed vendors keep their training runs to themselves. This raises several issues:- Accountability: No one outside can check the data.
- Trust: Users must take the vendor at its word.
Open models publish their weights, inviting audits. - Shared Fixes:
Anyone may send a patch upstream; the example - a hotfix - shipped within days.
"""


def test_every_span_is_an_exact_slice_of_its_passage() -> None:
    for text in (WRAPPED, NESTED, TABLE, GLUED):
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


def test_a_numbered_item_right_after_an_open_one_and_numbered_next_is_its_sibling() -> None:
    # A passage cut from an email's list keeps its first item flush left and the rest indented: "2." is
    # no entry of "Two options on the table"; a nested list starts again at 1, and stays nested.
    cut = (
        "1. Two options on the table: (A) an API, or (B) self-hosting.\n"
        "  2. The cost model favours B.\n"
        "  4. Dispatch pilot: moved to 19 May.\n"
    )
    assert [s.context for s in split(cut)] == ["", "", ""]
    nested = "1. Risks:\n   1. Cost: high\n   2. Speed: slow\n2. Benefits:\n   1. Control\n"
    assert [s.context for s in split(nested)] == ["", "Risks", "Risks", "", "Benefits"]


def test_a_table_cell_is_read_with_its_column_and_row_names() -> None:
    cells = [s for s in split(TABLE) if s.kind == "row"]
    assert [(s.context, s.text) for s in cells] == [
        ("Open-source LLMs, Cost", "Low or free"),
        ("Closed-source LLMs, Cost", "Typically requires paid API"),
    ]


WIDE = (
    "Notes before the table.\n\n"
    "| Aspect | Runtime A | Runtime B |\n"
    "|--------|-----------|-----------|\n"
    "| **Licensing** | Free for everyone | Paid seats only |\n"
    "| **Footprint** | Runs on a laptop | Needs a GPU server |\n\n"
    "After the table.\n"
)


def test_a_passage_starting_inside_a_table_reads_its_rows_under_the_tables_header() -> None:
    at = WIDE.index("**Footprint**")  # a chunk may start mid-line, after the row's first pipe
    header = table_header(WIDE, at)
    assert header == "| Aspect | Runtime A | Runtime B |"
    rows = WIDE[at : WIDE.index("\n\nAfter")]
    assert [(s.context, s.text) for s in split(rows, 0, header)] == [
        ("Runtime A, Footprint", "Runs on a laptop"),
        ("Runtime B, Footprint", "Needs a GPU server"),
    ]
    # Without it the row is one span: its cells would not say which column they are in.
    assert [s.kind for s in split(rows)] == ["row"]
    assert table_header(WIDE, WIDE.index("| Aspect")) == ""  # the header's own line: nothing above it
    assert table_header(WIDE, WIDE.index("After")) == ""  # outside the table
    assert table_header(WIDE, WIDE.index("Notes")) == ""


def test_an_answer_under_a_question_set_in_bold_is_read_with_that_question() -> None:
    faq = "**What hardware does Borealis-13B need?**\nA single GPU with 24 GB runs it.\n\n## Other\n\nUnrelated text here."
    found = {s.text: s.context for s in split(faq) if s.kind != "heading"}
    assert found["A single GPU with 24 GB runs it."] == "What hardware does Borealis-13B need?"
    assert found["Unrelated text here."] == ""  # up to the next heading only


def test_cleaning_keeps_the_words_of_links_and_drops_markup() -> None:
    assert clean("- **GPT-4** by [OpenAI](https://openai.com)[4]") == "GPT-4 by OpenAI"


def test_a_bullet_glued_to_the_sentence_before_it_starts_a_list_item() -> None:
    spans = [(s.kind, s.text) for s in split(GLUED)]
    assert ("sentence", "This raises several issues:") in spans
    assert ("item", "Accountability: No one outside can check the data.") in spans
    assert ("item", "Trust: Users must take the vendor at its word.") in spans
    assert ("sentence", "Open models publish their weights, inviting audits.") in spans
    assert ("item", "Shared Fixes:") in spans
    # A dash between words is punctuation, not a bullet.
    assert any("the example - a hotfix - shipped" in text for _, text in spans)


def test_a_short_table_cell_is_one_value_whatever_its_full_stops() -> None:
    table = (
        "| Option | Data residency |\n|---|---|\n| B. Claude via Bedrock | AWS us-east-1 (N. Virginia) |\n"
    )
    cells = [s.text for s in split(table) if s.kind == "row"]
    assert "AWS us-east-1 (N. Virginia)" in cells


def test_an_interview_answer_reads_with_its_question_and_without_its_a() -> None:
    text = "Q: You have just raised money.\n\nA: Yes, we closed a Series B in 2024, led by Harrow Ventures.\n"
    found = split(text)
    assert [(f.text, f.context, f.kind) for f in found] == [
        ("Q: You have just raised money.", "", "heading"),  # a question states nothing
        (
            "Yes, we closed a Series B in 2024, led by Harrow Ventures.",
            "You have just raised money.",
            "sentence",
        ),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_a_short_wrapped_line_that_ends_the_sentence_is_no_heading() -> None:
    text = (
        "*Transcript of episode 7 of the Ward Round podcast. The guest is Ada Quill, founder and CEO of Brackwater\n"
        "Systems.*\n\nQ: What do you build?"
    )
    assert "The guest is Ada Quill, founder and CEO of Brackwater Systems." in [s.text for s in split(text)]


def test_a_paragraph_number_and_a_markdown_footnote_are_markup() -> None:
    text = "1.2 Our central recommendation is an assessment.\n\n[^2]: Batch jobs cost half[^1]."
    assert [s.text for s in split(text)] == [
        "Our central recommendation is an assessment.",
        "Batch jobs cost half.",
    ]
    assert [s.text for s in split("3.5 trillion tokens were seen.")] == ["3.5 trillion tokens were seen."]


def test_a_superscript_footnote_marker_is_markup_but_a_power_is_not() -> None:
    text = "Costs rose 42%² in a year.\n\n¹ Staff costs count 1.5 engineers. Training took 10²⁵ FLOP."
    assert [s.text for s in split(text)] == [
        "Costs rose 42% in a year.",
        "Staff costs count 1.5 engineers.",
        "Training took 10²⁵ FLOP.",
    ]


FIGURES = """FINANCIAL HIGHLIGHTS

                                       2027          2026    Change
  Revenue                          $1,842m       $1,144m      +61%
  Research and development          $960m         $611m      +57%
  Employees (year end)               2,450

Revenue reached $1.84 billion.  Losses narrowed for the second year running.
"""


def test_a_plain_text_table_lined_up_by_spaces_is_read_cell_by_cell_under_its_columns() -> None:
    cells = [(s.context, s.text) for s in split(FIGURES) if s.kind == "row"]
    assert cells == [
        ("2027, Revenue", "$1,842m"),
        ("2026, Revenue", "$1,144m"),
        ("Change, Revenue", "+61%"),
        ("2027, Research and development", "$960m"),
        ("2026, Research and development", "$611m"),
        ("Change, Research and development", "+57%"),
        ("2027, Employees (year end)", "2,450"),  # a row without the later columns: by its position
    ]
    for s in split(FIGURES):
        assert FIGURES[s.start : s.end].strip() == s.text or s.kind != "row"
    # Prose with two spaces after a full stop is no table.
    assert ("sentence", "Losses narrowed for the second year running.") in [
        (s.kind, s.text) for s in split(FIGURES)
    ]


def test_a_passage_starting_inside_a_plain_text_table_reads_it_under_the_header_line() -> None:
    at = FIGURES.index("  Research")
    header = table_header(FIGURES, at)
    assert header == FIGURES.splitlines()[2].rstrip()  # kept as written: its columns are positions
    rows = FIGURES[at : FIGURES.index("\n\nRevenue reached")]
    assert [(s.context, s.text) for s in split(rows, 0, header)][:2] == [
        ("2027, Research and development", "$960m"),
        ("2026, Research and development", "$611m"),
    ]
    assert table_header(FIGURES, FIGURES.index("Revenue reached")) == ""
    assert table_header(FIGURES, FIGURES.index("2027")) == ""  # the header's own line


def test_a_label_set_in_bold_gives_a_value_and_is_no_heading() -> None:
    card = "# Card\n\n**Model card version:** 1.2\n**Release date:** 9 September 2027  \n**Contact:** a@b.example\n"
    assert ("sentence", "Release date: 9 September 2027") in [(s.kind, s.text) for s in split(card)]


def test_a_transcripts_turn_answering_a_question_is_read_with_that_question() -> None:
    transcript = (
        "Host: Mara Lind\n\n"
        "LIND: Welcome back.\n\n"
        "LIND: Tarnwell has gone the other way.\nQuill-4 is only available through your API. Why not release the\nweights?\n\n"
        "VARGA: Because once weights are out, you can't patch them. We fix\nproblems for every customer overnight.\n\n"
        "OSEI: That cuts both ways.\n"
    )
    found = {s.text: s.context for s in split(transcript)}
    asked = found["VARGA: Because once weights are out, you can't patch them."]
    assert asked.endswith("Quill-4 is only available through your API. Why not release the weights?")
    assert found["We fix problems for every customer overnight."] == asked  # the turn goes on
    assert found["OSEI: That cuts both ways."] == ""  # a later turn answers no question
    assert found["Host: Mara Lind"] == ""  # a header's field is no turn


def test_a_committee_transcripts_numbered_question_is_a_turn_and_its_answer_reads_under_it_whole() -> None:
    transcript = (
        "Mara Lind: External red-teaming covered Quill-8. Quill-40 was checked by our own\nsafety team, and "
        "we said so plainly in the model card, which anyone can read on our\nwebsite. We intend to commission "
        "external testing for the next release,\nand we will publish what the testers find.\n\n"
        "Q125 Chair: Ms Varga, a final question. If you were tendering again\ntomorrow, would you choose "
        "differently?\n\nIrena Varga: I would write the tender differently.\n"
    )
    found = {s.text: s.context for s in split(transcript)}
    # The chair's turn is its own ("Q125" numbers it), so the answer is read under the chair's question
    # alone, never under the tail of the turn before it cut mid-word.
    assert found["Irena Varga: I would write the tender differently."] == (
        "Ms Varga, a final question. If you were tendering again tomorrow, would you choose differently?"
    )


def test_a_long_question_turn_is_kept_from_a_sentence_start() -> None:
    from rag.spans import QUESTION_CONTEXT, question_of

    turn = "We heard a great deal about the licence this morning. " * 8 + "Why not release the weights?"
    kept = question_of(turn)
    assert len(kept) <= QUESTION_CONTEXT
    assert kept.startswith("We heard")
    assert kept.endswith("Why not release the weights?")


def test_a_passage_starting_with_an_answer_reads_it_under_the_question_turn_before_it() -> None:
    transcript = (
        "LIND: Tarnwell has gone the other way.\nQuill-4 is only available through your API. Why not release the\nweights?\n\n"
        "VARGA: Because once weights are out, you can't patch them.\n\nOSEI: That cuts both ways.\n"
    )
    at = transcript.index("VARGA")
    header = table_header(transcript, at)
    assert header == (
        "LIND: Tarnwell has gone the other way. Quill-4 is only available through your API. Why not release "
        "the weights?"
    )
    first = split(transcript[at:], 0, header)[0]
    assert first.text == "VARGA: Because once weights are out, you can't patch them."
    assert first.context.endswith("Why not release the weights?")
    assert table_header(transcript, transcript.index("OSEI")) == ""  # the turn before asks nothing
    assert table_header(transcript, transcript.index("Because")) == ""  # not where a turn starts


def test_a_markdown_row_under_a_line_with_wide_gaps_makes_no_plain_text_table() -> None:
    # Found by the chunking property test: a pipe row below a spaced line once raised IndexError.
    text = "\x1b   0\n0|0\x1e|"
    assert table_header(text, len(text) - 1) == ""
    assert split(text)  # read without error


# A transcript's header: its participants listed under a label, indented (a guest list's second entry
# lined up under the first).
PARTICIPANTS = """LARCHMONT SYSTEMS -- Q2 2026 EARNINGS CALL

Participants:
  Odile Brandt — Chief Executive Officer
  Tomas Quell — Chief Financial Officer

Host: Wen Adair
Guests: Ravi Solberg, Fenwick Partners
        Ines Moraga, Larchmont Systems
"""


def test_an_indented_line_under_a_label_is_an_entry_of_its_list_not_a_heading() -> None:
    read = {s.text: (s.kind, s.context) for s in split(PARTICIPANTS)}
    assert read["Tomas Quell — Chief Financial Officer"] == ("item", "Participants")
    assert read["Ines Moraga, Larchmont Systems"] == ("item", "Guests")


def test_a_column_named_with_a_comma_in_brackets_stays_one_column() -> None:
    table = "| Benchmark | Quorra (API, May 2026) |\n|---|---|\n| LexiBench | 76.9 |\n"
    cell = next(s for s in split(table) if s.text == "76.9")
    assert cell_of(cell) == ("Quorra (API, May 2026)", "LexiBench")


def test_each_message_of_a_chat_export_is_its_own_unit() -> None:
    # (a message ending without a full stop is no hard wrap into the next one)
    chat = (
        "[2025-02-24 09:33] @rui.tanaka: could squeeze into fewer cards with 4-bit quant but accuracy matters more\n"
        "[2025-02-24 10:02] @meg.lindqvist: Cobaltline quoted $3.10 per GPU-hour for T9s.\n"
    )
    assert [s.text[:18] for s in split(chat)] == ["[2025-02-24 09:33]", "[2025-02-24 10:02]"]


def test_a_memos_header_fields_are_statements_and_say_who_wrote_it() -> None:
    memo = "MEMORANDUM\n\nTo:   Board\nFrom: Ada Brenner, Chief Officer\nSpeaker: Dr Ola Feld\n\nThis memo asks for $9.\n"
    kinds = {s.text: s.kind for s in split(memo)}
    assert kinds["MEMORANDUM"] == "heading"
    assert kinds["To: Board"] == kinds["From: Ada Brenner, Chief Officer"] == "sentence"
    assert kinds["Speaker: Dr Ola Feld"] == "sentence"
    assert "written" in field_meaning("From: Ada Brenner")
    assert "given" in field_meaning("Speaker: Dr Ola Feld")
    assert field_meaning("Fromage: brie") == field_meaning("This memo asks for $9.") == ""


def test_a_quoted_reply_is_read_without_its_quote_marks_and_its_table_under_a_named_first_column() -> None:
    text = (
        "> Pilot results are in. Short version:\n"
        ">\n"
        ">   Model                  Triage accuracy   Est. annual cost\n"
        ">   Oriel-34 (on-prem)          88.6%            $142,000\n"
        ">   Verity-4 (API)              90.1%            $386,000\n"
        ">\n"
        "> My recommendation is Oriel-34.\n"
    )
    found = split(text)
    assert [s.text for s in found if s.kind == "sentence"] == [
        "Pilot results are in.",
        "Short version:",
        "My recommendation is Oriel-34.",
    ]
    cells = {(cell_of(s) or ("", ""))[1] + " / " + (cell_of(s) or ("", ""))[0]: s.text for s in found}
    assert cells["Verity-4 (API) / Triage accuracy"] == "90.1%"
    assert cells["Oriel-34 (on-prem) / Est. annual cost"] == "$142,000"
    for s in found:  # every span is still a slice of the text, read with its quote marks out
        assert s.text == clean(text[s.start : s.end])


def test_a_headers_label_lines_are_fields_and_a_bold_field_starts_its_own_line() -> None:
    from tests.test_compose_records import DEBATE

    kinds = {s.text: s.kind for s in split(DEBATE)}
    # A short "Label: value" line among others like it is a field, not a heading (which would drop it
    # from the evidence); the entry indented under a field is that field's.
    assert kinds["Venue: The Old Ropeworks, Quay Street, Brindleford"] == "sentence"
    assert kinds["Chair: Dr Malin Ostrava-Quinn, Secretary of the Forum"] == "sentence"
    assert kinds["Opposition: Piers Lanyon (Partner, Hollin Capital)"] == "sentence"
    fields = "**Co-applicants:** Brindleford University Advice Clinic (Prof. Ada Venn, Director)\n**Amount requested:** £365,000\n"
    assert "Amount requested: £365,000" in [s.text for s in split(fields)]


def test_a_row_named_by_a_code_reads_with_its_short_title() -> None:
    plan = "| WP | Title | Budget |\n|---|---|---|\n| WP2 | Independent red-teaming | £121,000 |\n"
    cells = [cell_of(s) for s in split(plan) if s.kind == "row"]
    assert ("Budget", "WP2 Independent red-teaming") in cells


def test_a_wrapped_list_item_is_one_item_and_a_total_row_is_named_by_its_first_filled_cell() -> None:
    agenda = "  - Pilot started 3 March; 12 months; budget\n    EUR 240,000 including hardware.\n  - Scope: rosters.\n"
    assert [s.text for s in split(agenda)] == [
        "Pilot started 3 March; 12 months; budget EUR 240,000 including hardware.",
        "Scope: rosters.",
    ]
    claim = (
        "| # | Item | Amount |\n|---|---|---|\n| 1 | Towage | 5,100 |\n| | **Total claimed** | **26,500** |\n"
    )
    cells = [(s.context, s.text) for s in split(claim) if s.kind == "row"]
    assert ("Amount, Total claimed", "26,500") in cells


def test_a_byline_is_no_title_and_says_who_wrote_its_document() -> None:
    from rag.spans import field_meaning

    article = "# Savings and a free model: what the debate got wrong\n\nBy Oona Kettle, Fact Check Desk\n\nWe checked.\n"
    byline = next(s for s in split(article) if "Kettle" in s.text)
    assert byline.kind == "sentence"
    assert field_meaning(byline.text) == "written by"
    assert field_meaning("By March 2025, the council had moved.") == ""
    assert field_meaning("By the numbers") == ""
