"""Sources differing, read through the real retrieval and embedder, on documents of our own: a fine, a
threshold or a cap is a figure asked for; a fine set as a share of turnover is a sum; a power of ten is one
figure ("10^25"), so two thresholds a power apart differ; two holders named for one role differ; data
disclosed is data released."""

from __future__ import annotations

from typing import Any

import pytest

from rag import verify
from rag.compose import measures
from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse, names
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BILL = """# Model Accountability Bill 2026

**Republic of Varnmark: Exposure Draft**

## PART 4: ENFORCEMENT

### 14. Penalties

(1) The Board may impose an administrative fine on a provider that contravenes section 6 or 9.

(2) A fine shall not exceed 9 million florins or 3 per cent of the provider's worldwide annual turnover,
whichever is higher.

### 15. Systemic models

(1) A model trained with more than 10^24 floating-point operations is a systemic model.
"""

COLUMN = """# Varnmark's AI bill has teeth, minister says

By Oda Brekke, 14 May 2026

Defending the Bill in the Assembly, the Minister said the draft caps fines at 8 per cent of worldwide
annual turnover, among the highest penalties in the region. Critics answered that small providers could
not survive such a fine.

The Minister also said that only models trained with more than 10^26 floating-point operations would
count as systemic, a level few models reach today.
"""


@pytest.fixture(scope="module")
def bill(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("bill"),
        embedder,
        {"varnmark-bill-exposure-draft.md": BILL, "varnmark-column.md": COLUMN},
    )


@pytest.mark.parametrize(
    "question",
    [
        "What is the maximum fine under Varnmark's draft bill?",
        "What compute threshold makes a model systemic under the bill?",
        "What is the cap on penalties in the draft?",
    ],
)
def test_a_fine_a_threshold_or_a_cap_asks_for_a_figure(question: str) -> None:
    assert analyse(question).kind == "number"


def test_a_fine_tuned_model_asks_for_no_figure() -> None:
    assert analyse("What fine-tuned model does the council use?").kind != "number"


def test_a_fine_as_a_share_of_turnover_is_a_sum() -> None:
    question = analyse("What is the maximum fine under Varnmark's draft bill?")
    assert gives("number", "The draft caps fines at 8 per cent of worldwide annual turnover.", question)
    assert gives("number", "A fine shall not exceed 9 million florins or 3 per cent of turnover.", question)


def test_a_power_of_ten_is_one_figure() -> None:
    question = analyse("What compute threshold makes a model systemic?")
    assert measures("trained with more than 10^24 floating-point operations", question) == {
        "operations": {1e24}
    }
    assert measures("above 10^26 floating-point operations", question) == {"operations": {1e26}}


def test_two_documents_giving_other_maximum_fines_differ(bill: Settings, embedder: Any) -> None:
    answer = ask(bill, embedder, "What is the maximum fine under Varnmark's draft bill?")
    assert not answer.refused
    assert "per cent" in lead(answer.text)
    [differ] = answer.disagreements
    cited = [{c.source for c in answer.citations if c.n in side["citations"]} for side in differ["sides"]]
    assert {"varnmark-bill-exposure-draft.md"} in cited
    assert {"varnmark-column.md"} in cited


def test_two_thresholds_a_power_of_ten_apart_differ(bill: Settings, embedder: Any) -> None:
    answer = ask(bill, embedder, "What compute threshold makes a model systemic under the draft bill?")
    assert not answer.refused
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "10^24" in stances
    assert "10^26" in stances


def test_a_clause_number_is_no_part_of_the_answer(bill: Settings, embedder: Any) -> None:
    answer = ask(bill, embedder, "What compute threshold makes a model systemic under the draft bill?")
    assert lead(answer.text).startswith("A model trained with more than 10^24")


ENCYCLOPEDIA = """# Ostrava Labs

Ostrava Labs is a language-model developer based in Brno, known for publishing the weights of its smaller
models.

## Organisation

Kovacs has been chief executive since the company's founding; Lindqvist holds the title of president and
oversees engineering.
"""

INVESTOR_MEMO = """# Investment memo: Brightfen AI

## Competitive landscape

The closest comparable is Ostrava Labs. Ostrava was founded in 2019, has roughly 300 staff, and is run by
chief executive Petra Lindqvist.
"""

PROFILE = """# Profile: the people behind Ostrava Labs

Ostrava Labs' chief executive, Milan Kovacs, studied computational linguistics in Prague.
"""


@pytest.fixture(scope="module")
def holders(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("holders"),
        embedder,
        {"ostrava-labs.md": ENCYCLOPEDIA, "brightfen-memo.md": INVESTOR_MEMO},
    )


@pytest.fixture(scope="module")
def agreeing(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("agreeing"),
        embedder,
        {"ostrava-labs.md": ENCYCLOPEDIA, "profile.md": PROFILE},
    )


def test_two_documents_naming_other_holders_of_one_role_differ(holders: Settings, embedder: Any) -> None:
    answer = ask(holders, embedder, "Who is the chief executive of Ostrava Labs?")
    [differ] = answer.disagreements
    stances = [side["stance"] for side in differ["sides"]]
    assert any("Kovacs has been chief executive" in s for s in stances)
    assert any("chief executive Petra Lindqvist" in s for s in stances)


def test_two_documents_naming_one_holder_agree(agreeing: Settings, embedder: Any) -> None:
    answer = ask(agreeing, embedder, "Who is the chief executive of Ostrava Labs?")
    assert "Kovacs" in lead(answer.text)
    assert answer.disagreements == []


MEMO_DATA = """# Investment memo: Vantor

## Data transparency

Vantor publishes the full training data manifest for every Kite release, listing sources by domain and
token share.
"""

LECTURE = """[00:15:02] [SLIDE 5 -- Case study: Kite-13B]

AL: Second case: Kite-13B from Vantor. Weights are downloadable. Data: Vantor has never released its data
mixture, only a one-paragraph description of it.
"""


@pytest.fixture(scope="module")
def disclosed(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("disclosed"),
        embedder,
        {"vantor-memo.md": MEMO_DATA, "lecture-07.txt": LECTURE},
    )


def test_data_disclosed_is_data_released() -> None:
    assert verify.concepts("disclose").keys() == verify.concepts("release").keys()


def test_a_disclosure_and_a_denial_of_release_differ(disclosed: Settings, embedder: Any) -> None:
    answer = ask(disclosed, embedder, "Does Vantor disclose the training data behind its Kite models?")
    [differ] = answer.disagreements
    cited = [{c.source for c in answer.citations if c.n in side["citations"]} for side in differ["sides"]]
    assert {"vantor-memo.md"} in cited
    assert {"lecture-07.txt"} in cited


WIKI = """<html><body>
<h1>Brackwell Labs</h1>
<p>Brackwell Labs is a Dutch developer of language models, known for publishing the weights of some of its
models while selling access to its largest system through an API.</p>
<h2>History</h2>
<p>Brackwell Labs was founded in 2020 in Zwolle. In June 2021 the company released its first model, Tarn-1,
with 7 billion parameters. Tarn-2, a 34-billion-parameter model, was released on 12 September 2023. Unlike
its predecessor, its weights could be downloaded by anyone who accepted the Brackwell Open Weights
Licence.</p>
<h2>Models</h2>
<table>
<caption>Brackwell Labs model releases</caption>
<tr><th>Model</th><th>Released</th><th>Parameters</th><th>Access</th></tr>
<tr><td>Tarn-1</td><td>June 2021</td><td>7 billion</td><td>On request</td></tr>
<tr><td>Tarn-2</td><td>12 September 2023</td><td>34 billion</td><td>Downloadable weights</td></tr>
<tr><td>Tarn Pro</td><td>January 2024</td><td>Not disclosed</td><td>API only</td></tr>
</table>
<h2>Reception</h2>
<p>The Tarn-2 release was welcomed by researchers, who had few alternatives of comparable size with
downloadable weights. Critics noted that the training data remained undisclosed.</p>
<p>In March 2024 a university group reported that the safety tuning of Tarn-2 could be removed with fewer
than 200 training examples.</p>
<h2>Licensing</h2>
<p>The Tarn-2 release came with the Brackwell Open Weights Licence, which allows commercial use below one
million monthly users and requires attribution in any product built on Tarn-2.</p>
<h2>Deployment</h2>
<p>Since its release, Tarn-2 has been run by councils, hospitals and universities on their own servers,
most often on two 48 GB GPUs; Brackwell publishes quantised builds of every Tarn-2 release.</p>
<h2>Benchmarks</h2>
<p>At release Tarn-2 scored 71.4 on the CivicQA benchmark, against 78.4 for Tarn Pro; later Tarn-2
releases narrowed the gap to four points.</p>
<h2>References</h2>
<ol><li>Brackwell Labs (2023). Tarn-2 technical report.</li><li>"Brackwell prices Tarn Pro below rivals".
17 January 2024.</li></ol>
</body></html>
"""

THREAD_TARN = """From: Dev Okafor <dev.okafor@fenwick.gov.example>
Subject: Re: self-hosting write-up

Rhys, great write-up. Two questions, mostly for the archive since people will find this thread later.

Q1: does the 60% include staff time, or is it hardware plus power? In my experience the GPU line is the
easy part; the on-call rota is what bites.

Q2: did you look at Tarn-2 as well as Kite? It's the bigger model, it came out in November 2023 so it's
had time to mature, and some councils prefer having Brackwell as the upstream because they already have
a contract with them.

Dev
"""


# A buyer's notes on Tarn-2, section after section: passages like the question that give no date of it.
NOTES = "\n\n".join(
    f"## {topic}\n\nOur notes on Tarn-2 and its release for {topic.lower()}: the Tarn-2 release we tested "
    f"ran well for {topic.lower()}, and Tarn-2 was our first choice among the released models we compared."
    for topic in ("Casework", "Translation", "Summaries", "Search", "Drafting", "Triage", "Coding", "Forms")
)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("released"),
        embedder,
        {
            "brackwell-labs.html": WIKI,
            "fenwick-thread.txt": THREAD_TARN,
            "buyer-notes.md": f"# Notes\n\n{NOTES}",
        },
    )


def test_the_other_side_is_sought_beyond_the_answers_own_document(released: Settings, embedder: Any) -> None:
    # The page gives the date in its table and its prose and fills the search; the thread's date is found
    # by a search like the answer that leaves the page out.
    answer = ask(released, embedder, "When was Tarn-2 released?")
    assert "12 September 2023" in lead(answer.text)
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "November 2023" in stances


ROUND_MEMO = """# Investment memo: Quorra AI

## 1. Summary

The deal team recommends that the Committee approve a €12m investment in Quorra's Series B. We propose to
invest €12m of a €60m Series B, co-leading with Ardent Peak Partners, who led the Series A.

## 4. Funding history

- Seed of €6 million, closed in May 2022.
- Series A of €48 million, closed in March 2024 and led by Ardent Peak Partners.
"""

ROUND_LECTURE = """[00:15:02] [SLIDE 5 -- Case study: Kite-13B]

AL: Second case: Kite-13B from Quorra, the Lisbon start-up. Quorra, which raised roughly thirty million euros
in its Series A, so this is not a garage operation.
"""


def test_a_round_named_by_its_letter_is_no_other_round() -> None:
    [a] = [n for n in names("How much did Quorra raise in its Series A?") if n.base == "series"]
    [b] = [n for n in names("a €60m Series B") if n.base == "series"]
    assert a.versions != b.versions
    assert a.text == "Series A"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("rounds"),
        embedder,
        {"quorra-memo.md": ROUND_MEMO, "lecture-09.txt": ROUND_LECTURE},
    )


def test_two_documents_giving_other_sums_for_one_round_differ(rounds: Settings, embedder: Any) -> None:
    answer = ask(rounds, embedder, "How much did Quorra raise in its Series A?")
    assert "Series B" not in lead(answer.text)
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "€48 million" in stances
    assert "thirty million euros" in stances
    assert "Series B" not in stances


def test_a_letter_naming_a_round_ends_a_sentence_not_an_initial() -> None:
    read = split("The team recommends a €12m investment in Quorra's Series B. We propose to invest more.")
    assert [s.text for s in read] == [
        "The team recommends a €12m investment in Quorra's Series B.",
        "We propose to invest more.",
    ]
    assert len(split("Written by John B. Smith of Quorra.")) == 1
