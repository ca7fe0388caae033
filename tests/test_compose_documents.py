"""Whom a document speaks for and how it is laid out, through the real retrieval and embedder on documents
of our own: a call's participants listed under a label, a guest's turn, a government paper's "the review"
and its lists, a sentence under a dated heading, a superlative stated, a count of downloads, a column
named with a comma in brackets, a memo's header, a record's fields, a policy paper's recommendations."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_corpus import read_one

CALL = """LARCHMONT SYSTEMS
Second Quarter Fiscal 2026 Earnings Call

Participants:
  Odile Brandt — Chief Executive Officer
  Tomas Quell — Chief Financial Officer
  Mira Hale — Eastgate Capital (analyst)

ODILE BRANDT: Thank you all for joining. Sales came in at $218 million, up 12% on last year, and the
hosted catalogue now serves 640 business customers.

MIRA HALE: Can you say more about margins?

TOMAS QUELL: Gross margin was 61%, helped by cheaper inference hardware.

MIRA HALE: There is chatter that Larchmont is preparing to release the weights of Ferro Mini. Is that so?

ODILE BRANDT: We have no plans to release weights for any Ferro model, and that includes Ferro Mini.
"""

PODCAST = """THE WEIGHTS ROOM — Episode 9
Recorded 2 March 2026.

Host: Wen Adair
Guests: Ines Moraga, head of research, Pellucid Labs
        Ravi Solberg, senior analyst, Fenwick Partners

WEN ADAIR: Ines, Pellucid went out in January. How did it go?

INES MORAGA: Better than we hoped. We saw 410,000 downloads in the first week, and the forks came fast.

WEN ADAIR: Ravi, what does running one of these yourself really cost?

RAVI SOLBERG: The hardware is the easy part to price. The single biggest operational risk isn't the
GPUs failing at all — it's losing the two engineers who know how the serving stack is patched.
"""

PAPER = """<html><head><title>Government response: Review of Open Model Publication</title></head><body>
<header><p>Kingdom of Osterra &mdash; Office for Artificial Intelligence</p>
<h1>Review of Open Model Publication: Government Response</h1></header>
<h2>1. Summary</h2>
<p>The review ran for ten weeks and received 312 written submissions from industry and academia.</p>
<p>The revised Osterra Open Licence 2.0, published on 3 May, says that companies with more than 250
employees may not use the models commercially unless they sign a separate, paid Osterra Commercial Agreement.</p>
<h2>2. Decisions</h2>
<p>Public bodies may process restricted records with open-weight models only where the model is hosted
in data centres located within Osterra.</p>
<h2>3. Comparison</h2>
<table><thead><tr><th>Benchmark</th><th>Tallis-40B</th><th>Quorra (API, May 2026)</th></tr></thead>
<tbody><tr><td>LexiBench</td><td>71.3</td><td>76.9</td></tr>
<tr><td>CodeRung</td><td>58.6</td><td>64.0</td></tr></tbody></table>
</body></html>
"""


def ask(settings: Settings, embedder: Any, question: str) -> Any:
    """The answer, each citation checked against its document's text as read (an HTML page's, not its tags)."""
    answer = Assistant(settings, embedder).ask(question)
    assert answer.citations
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text
        assert read_one(settings.corpus_dir / c.source).text[c.start : c.end] == c.text
    return answer


RFP = """TOLLAND SYSTEMS LTD.
Response to Request for Proposal RFP-2027-114
Response date: 2 August 2027

1. REQUIREMENTS

REQ-04  Response time: 95th-percentile response start within 4 seconds
        for 25 concurrent users.
        Response: COMPLIANT (C).
        Measured in our reference environment at 2.7 seconds p95 with
        25 simulated concurrent users.
"""

MEMO = """HALLORAN FREIGHT PLC
OFFICE OF THE CHIEF INFORMATION OFFICER

MEMORANDUM

To:       Board Technology Committee
From:     Saoirse Lindqvist, Chief Information Officer
Date:     4 September 2027
Subject:  Recommendation - hosted language model for the customs desk

1. PURPOSE

This memo asks the committee to approve a hosted language model for the customs desk, and a budget of
$180,000 for its first year.
"""

INCIDENT = """# Incident review: routing assistant outage (INC-7731)

| Field | Value |
|---|---|
| Incident ID | INC-7731 |
| Date | 2 October 2027 |
| Severity | SEV-3 |
| Incident commander | Bruno Okonjo |
| Author | Lale Demir |

## Summary

The routing assistant returned errors for 47 minutes after a configuration change to its model server.
"""

POLICY = """# Measured Release: A Policy Framework for Frontier Weights

Published by the Tarnwick Institute, an independent think tank, in March 2027. This paper sets out two
recommendations for governments.

## Recommendations

**1. Require pre-release testing above the threshold.** Developers of frontier models should commission
an accredited evaluation before release.

**2. Do not ban open weights.** Blanket prohibitions on publishing weights would be disproportionate and
would push development offshore.

The Harlan Frontier Accord, which enters into force on 1 September 2028, is silent on open weights.

## The models we reviewed

Quernmoor-9B was trained on 2.4 trillion tokens and is published under the Quernmoor Open Licence.
"""

BRIEFING = """Compliance briefing for product teams, autumn 2027

The Harlan Frontier Accord comes into force in January 2028. Most of what it asks, pre-release testing
and incident reporting, our teams already do.
"""

LEDGER = """# Three months of self-hosting

We moved our extraction pipeline to open-weight models in May. Tern-7 was trained on 4.6 trillion tokens
of web and code data, its makers say.

| Model | Hosting | Cost per 1M tokens |
|---|---|---|
| Tern-7 | Self-hosted (rented GPUs) | $0.61 |
| Corran Pro | Corran API | $4.50 |
"""

STUDY = """# Serving costs of open and API models

Cost is US dollars per million tokens.

We classify Tern-7 as open weights under a restricted licence. Gorse-3 is published under the Gorse
Licence and was trained on 1.8 trillion tokens according to its model card.

| Model | Access | Cost per 1M tokens |
|---|---|---|
| Tern-7 | Open weights | 0.42 (self-hosted) |
| Corran Pro | API only | 6.00 (list price) |
"""

INTERVIEW = """FIELD NOTES | THE INTERVIEW

Ilsa Varga runs Coldwater Models, whose Brume models are sold only through an API.

KOVAC: Why not release the Brume weights?

VARGA: I can give you three reasons, and none of them is secrecy. The first is that a release cannot be
undone. Once weights are out, there is no recall. The second is that an API lets us watch for abuse
and cut off an account. The third is money: API revenue pays for our safety team.

KOVAC: Will that ever change?
"""

EMAIL = """From: Ada Brenner <ada@fenmoor.example>
Sent: Friday, 7 November 2027 16:52
To: Tom Reyes
Subject: RE: Tern-7 vs Corran Pro decision

Decision: we go ahead with Tern-7.

> -----Original Message-----
> From: Tom Reyes
> Sent: Wednesday, 5 November 2027 18:40
>
> Pilot results are in. Short version:
>
>   Model                 Routing accuracy   Est. annual cost
>   Tern-7 (on-prem)           86.2%            $120,000
>   Corran Pro (API)           91.4%            $390,000
>
> My recommendation is Tern-7.
"""

PANEL = """KESTON AI FORUM 2027
Hall B, Wednesday 20 October 2027

PANEL SESSION 2A: "WHO GETS THE WEIGHTS?"
Official transcript, lightly edited.

PARTICIPANTS

  Moderator:
    RUTH ALSAGER, senior editor, The Inference Review

  Panellists:
    MAREN TOLL, head of policy, Brackwell Corp
    JONAS EBBE, professor, University of Lund Vale

---------------------------------------------------------------------

ALSAGER: Maren, does Brackwell let anyone outside look inside Brackwell Vane?

TOLL: We do allow outside auditing. Our research programme gives ninety-five academic groups structured
access to Brackwell Vane today.

EBBE: The Northern Model Accountability Act matters more. The NMAA takes effect on 1 March 2029.
"""

REPORT = """# Safety evaluation of three models

## 5. Safety results

**Table 3. HarmGate refusal rate (higher is better)**

| Model | Refusal rate as released | Refusal rate after fine-tuning |
|---|---|---|
| Brackwell Vane | 97.1% | n/a |
| Tern-7 | 83.9% | 8.8% |
"""


def sides_cited(answer: Any) -> list[list[str]]:
    """The documents each side of the answer's one disagreement cites, sides sorted."""
    by_n = {c.n: c.source for c in answer.citations}
    return sorted(sorted({by_n[n] for n in side["citations"]}) for side in answer.disagreements[0]["sides"])


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {
        "call.txt": CALL,
        "podcast.txt": PODCAST,
        "review.html": PAPER,
        "rfp.txt": RFP,
        "memo.txt": MEMO,
        "incident.md": INCIDENT,
        "policy.md": POLICY,
        "briefing.txt": BRIEFING,
        "ledger.md": LEDGER,
        "study.md": STUDY,
        "interview.txt": INTERVIEW,
        "email.txt": EMAIL,
        "panel.txt": PANEL,
        "report.md": REPORT,
    }
    return indexed(tmp_path_factory.mktemp("documents"), embedder, files)


def test_a_participant_listed_under_a_label_answers_who_holds_a_role(
    documents: Settings, embedder: Any
) -> None:
    assert "Tomas Quell" in lead(ask(documents, embedder, "Who is Larchmont's chief financial officer?").text)


def test_a_figure_under_a_dated_heading_is_of_that_year(documents: Settings, embedder: Any) -> None:
    first = lead(
        ask(
            documents, embedder, "How much in sales did Larchmont report for fiscal 2026's second quarter?"
        ).text
    )
    assert "$218 million" in first


def test_a_guest_listed_on_a_line_of_their_own_speaks_for_their_firm(
    documents: Settings, embedder: Any
) -> None:
    question = "What did the Fenwick Partners analyst say is the single biggest operational risk?"
    assert "two engineers" in lead(ask(documents, embedder, question).text)


def test_how_many_times_counts_what_its_verb_names(documents: Settings, embedder: Any) -> None:
    answer = ask(documents, embedder, "How many times was Pellucid downloaded in its first week?")
    assert "410,000" in lead(answer.text)


def test_the_review_a_government_paper_speaks_of_is_its_issuers(documents: Settings, embedder: Any) -> None:
    # "The review ran for ten weeks…" names no one: the paper's header says whose review it is.
    answer = ask(
        documents, embedder, "How many submissions did Osterra's review of open model publication receive?"
    )
    assert "312" in lead(answer.text)


def test_where_a_model_must_be_hosted_is_answered_by_the_kind_of_place(
    documents: Settings, embedder: Any
) -> None:
    question = (
        "Where must an open-weight model be hosted if an Osterra public body uses it on restricted records?"
    )
    assert "data centres located within Osterra" in lead(ask(documents, embedder, question).text)


def test_a_cell_credited_to_the_papers_table_answers(documents: Settings, embedder: Any) -> None:
    answer = ask(documents, embedder, "What did Quorra score on LexiBench in Osterra's comparison table?")
    assert "76.9" in lead(answer.text)
    assert "(API, May 2026" in lead(answer.text)  # the column's name whole, not cut at its comma


def test_an_answer_denying_what_its_question_turn_rumoured_says_no(
    documents: Settings, embedder: Any
) -> None:
    # The analyst's question states the rumour; the answer's own words decide.
    answer = ask(documents, embedder, "Is Larchmont going to release the weights of Ferro Mini?")
    assert lead(answer.text).startswith("No")


def test_a_label_that_is_a_word_is_no_speaker(documents: Settings, embedder: Any) -> None:
    # "Response: COMPLIANT (C)." is no one's turn (though "Response date: …" opens the document): "our
    # reference environment" is Tolland's.
    answer = ask(
        documents, embedder, "What 95th-percentile response time did Tolland measure for 25 concurrent users?"
    )
    assert "2.7 seconds" in answer.text


def test_a_size_asked_before_a_paid_clause_is_a_count_and_the_lead_keeps_its_subject(
    documents: Settings, embedder: Any
) -> None:
    # "How big…" asks a size, whatever "paid" a later clause says; the lead keeps "The revised … Licence
    # 2.0, published on 3 May," before its "says", and "a separate, paid … Agreement" whole.
    question = (
        "Under the Osterra Open Licence 2.0, how big can a company be before it needs a paid agreement?"
    )
    first = lead(ask(documents, embedder, question).text)
    assert "250 employees" in first
    assert first.startswith("The revised Osterra Open Licence 2.0")
    assert "paid Osterra Commercial Agreement" in first


def test_who_wrote_a_memo_is_answered_by_its_from_field(documents: Settings, embedder: Any) -> None:
    # The header's "From:" says who wrote it; the memo's first sentence ("This memo asks…") names no one.
    answer = ask(documents, embedder, "Who wrote the memo recommending a hosted model for the customs desk?")
    assert "Saoirse Lindqvist" in lead(answer.text)


def test_a_record_answers_who_acted_in_a_role_and_a_second_field_asked_after_it(
    documents: Settings, embedder: Any
) -> None:
    # "acted as incident commander" asks a role's holder; "what severity…" asks another field of the
    # record, not more of the commander's line. A "Value" column names nothing, so the cell reads by its row.
    answer = ask(
        documents, embedder, "Who acted as incident commander for INC-7731, and what severity was it given?"
    )
    assert "Incident commander: Bruno Okonjo" in answer.text
    assert "Severity: SEV-3" in answer.text


def test_a_recommendation_set_as_a_command_is_the_papers_and_answers_what_it_wants(
    documents: Settings, embedder: Any
) -> None:
    # "Do not ban open weights." names no one: it is the Tarnwick paper's own recommendation.
    answer = ask(documents, embedder, "Does the Tarnwick Institute want open-weight models banned?")
    assert lead(answer.text).startswith("No")
    assert "Do not ban open weights" in lead(answer.text)


def test_a_measure_asked_by_its_noun_is_not_answered_by_a_figure_of_another(
    documents: Settings, embedder: Any
) -> None:
    # The paper gives Quernmoor-9B's training tokens, never its context length.
    answer = Assistant(documents, embedder).ask("What is the maximum context length of Quernmoor-9B?")
    assert answer.refused, answer.text


def test_two_documents_giving_different_dates_for_one_event_are_shown_as_sides(
    documents: Settings, embedder: Any
) -> None:
    answer = ask(documents, embedder, "When does the Harlan Frontier Accord come into force?")
    assert len(answer.disagreements) == 1
    assert sides_cited(answer) == [["briefing.txt"], ["policy.md"]]


def test_a_cost_is_answered_by_a_figure_and_a_tables_bare_figure_in_its_captions_dollars_differs(
    documents: Settings, embedder: Any
) -> None:
    # "self-host" names the Hosting column, but a cost is a figure; the study's "0.42 (self-hosted)" is
    # in dollars by its caption and differs from the ledger's "$0.61".
    answer = ask(documents, embedder, "What does it cost per million tokens to self-host Tern-7?")
    assert "$0.61" in lead(answer.text) or "0.42" in lead(answer.text)
    assert len(answer.disagreements) == 1
    assert sides_cited(answer) == [["ledger.md"], ["study.md"]]


def test_reasons_announced_and_then_told_in_order_are_the_answer(documents: Settings, embedder: Any) -> None:
    answer = ask(
        documents,
        embedder,
        "What three reasons does Coldwater's chief give for not releasing the Brume weights?",
    )
    first = lead(answer.text)
    assert first.startswith("The first is that a release cannot be undone")
    assert "The second is that an API lets us watch for abuse" in answer.text
    assert "The third is money" in answer.text


def test_a_sentence_opening_with_another_models_name_is_about_that_model(
    documents: Settings, embedder: Any
) -> None:
    # "Gorse-3 … was trained on 1.8 trillion tokens" follows a sentence on Tern-7: it is Gorse-3's figure,
    # no other side of Tern-7's.
    answer = ask(documents, embedder, "How many tokens was Tern-7 trained on?")
    assert "4.6 trillion" in lead(answer.text)
    assert answer.disagreements == []


def test_a_quoted_tables_cells_answer_each_of_two_models_asked(documents: Settings, embedder: Any) -> None:
    # The reply quotes the table ("> "); its header names the first column; each model's row is its own,
    # though the email's subject line names both.
    answer = ask(
        documents, embedder, "What routing accuracy did Tern-7 and Corran Pro each reach in the pilot?"
    )
    assert "Tern-7 (on-prem) — Routing accuracy: 86.2%" in answer.text
    assert "Corran Pro (API) — Routing accuracy: 91.4%" in answer.text


def test_a_panellist_listed_in_the_header_speaks_for_their_firm(documents: Settings, embedder: Any) -> None:
    # The participants list sits in the header's short sections ("Moderator:", "Panellists:"), past the
    # first two chunks: the opening reads on while it ends on such a label.
    question = "According to Brackwell's head of policy, how many academic groups get structured access?"
    assert "ninety-five" in lead(ask(documents, embedder, question).text)


def test_a_name_of_several_words_is_found_by_its_initials(documents: Settings, embedder: Any) -> None:
    answer = ask(documents, embedder, "When does the Northern Model Accountability Act come into force?")
    assert "1 March 2029" in lead(answer.text)


def test_a_tables_caption_names_what_its_cells_measure(documents: Settings, embedder: Any) -> None:
    answer = ask(documents, embedder, "What HarmGate refusal rate did Tern-7 reach as released?")
    assert "83.9%" in lead(answer.text)
