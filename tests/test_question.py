"""Question analysis: the kind of answer asked, its parts, its subjects with versions, follow-ups."""

from __future__ import annotations

import pytest

from rag.answer import standalone_question
from rag.question import analyse, has_own_subject, is_follow_up, names, resolve
from rag.question_kinds import first_side


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which institute developed the Falcon models?", "entity"),
        ("Who makes Claude?", "entity"),
        ("Where is TII based?", "place"),
        ("On what date was Acme-2 released?", "date"),
        ("On what exact date was Acme-2 released?", "date"),
        ("In which year did Meta release Llama 2?", "date"),
        ("How many parameters does Falcon have?", "number"),
        ("Name one closed-source and one open-source LLM.", "list"),
        ("Which three benefits of open models are highlighted?", "list"),
        ("Is LLaMA open source?", "yesno"),
        ("What is an LLM?", "definition"),
        ("Why do companies keep training data private?", "reason"),
        ("How do open and closed LLMs differ on cost?", "comparison"),
        ("What role does Hugging Face play in open-source AI?", "description"),
        ("Who is given access to LLaMA?", "description"),  # a group of people, not a maker's name
        ("Who developed Falcon?", "entity"),
        # A leading clause does not say what is asked: "When a model is open, which parts…" asks for a list.
        ("When a language model is described as open source, which parts of it are accessible?", "list"),
        # "when" joining two clauses asks no date; a property of a named thing is not a term to define.
        ("What must I include when I distribute Gemma?", "description"),
        ("Who built Falcon and when?", "date"),
        ("What is the context length of Phi-3 mini?", "number"),
        ("What is the knowledge cutoff date of Phi-3-mini?", "date"),
        ("What is the licence of Phi-3?", "description"),
        ("What are open-source LLMs?", "definition"),
        ("Which well-known models are not open?", "list"),
        ("What does Cohere charge per million tokens for Command R+?", "number"),  # a price
        # …but a cost in a clause of its own is a thing: "the on-call MLOps team", not a sum.
        ("What did the analyst say is the biggest hidden cost of self-hosting?", "description"),
        # A measure named after a possessive is a figure, not a term to define.
        ("What is Kestrel-70B's CodeTrial score?", "number"),
        ("How are price and quality weighted when the bids are scored?", "number"),  # each one's share
        ("What is Tallis-40B's attack success rate on HarmProbe?", "number"),
        # A span of time asked by its noun or by "within what": a figure.
        ("Within what time frame must serious incidents be reported?", "number"),
        ("How soon must the regulator be told?", "number"),
        ("What accuracy did Marlow-13B get on the invoice test?", "number"),
        # A thing's name asked for: a name answers.
        ("What is the name of the open-weight model Halcyon released?", "entity"),
        # A person asked by their employer's name and their kind: "Which Orrisford staff member…?"
        ("Which Orrisford staff member took over the ticket after it was escalated?", "entity"),
        # A time of day is a date's kind; a time frame is a figure.
        ("At what time on 14 March was traffic switched back to Skua?", "date"),
        ("What is the deadline for sending comments on the draft?", "date"),
    ],
)
def test_the_kind_of_answer_comes_from_the_question_words(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_a_question_with_two_question_words_has_two_parts() -> None:
    ask = analyse("Who built Falcon and who built GPT-J?")
    assert [p.text for p in ask.parts] == ["Who built Falcon", "who built GPT-J"]
    assert {p.kind for p in ask.parts} == {"entity"}


def test_a_part_without_a_subject_of_its_own_is_about_the_questions() -> None:
    ask = analyse("Who makes Claude, and what does it emphasize?")
    assert [p.text for p in ask.parts] == ["Who makes Claude", "what does Claude emphasize"]


def test_one_x_and_one_y_is_answered_side_by_side() -> None:
    ask = analyse("Name one closed-source and one open-source LLM.")
    assert [p.facet for p in ask.parts] == ["closed", "open"]


def test_coordinated_names_in_one_ask_become_one_part_each() -> None:
    ask = analyse("Which organisations are behind the Falcon models and behind GPT-J?")
    assert len(ask.parts) == 2


@pytest.mark.parametrize(
    ("text", "base", "versions"),
    [
        ("Llama 2", "llama", {"2"}),
        ("GPT-4", "gpt", {"4"}),
        ("Mixtral 8x7B", "mixtral", {"8x7b"}),
        ("Mistral 7B", "mistral", {"7b"}),
        ("LLaMA (and Llama 2/3)", "llama", {"2", "3"}),
        ("T5", "t", {"5"}),
        # A variant's words after the version, as model cards write them.
        ("Phi-3-mini", "phi", {"3"}),
        ("Qwen2-7B", "qwen", {"2", "7b"}),
        ("GPT-3.5-turbo", "gpt", {"3.5"}),
        ("Llama-3-8B-Instruct", "llama", {"3", "8b"}),
    ],
)
@pytest.mark.parametrize("where", ["About {} here", "It rivals {}."])
def test_names_keep_their_version_or_size(text: str, base: str, versions: set[str], where: str) -> None:
    # In the middle of a sentence and at its end: "…alternatives to GPT-4." names GPT-4, not GPT.
    found = [n for n in names(where.format(text), lenient=True) if n.base == base]
    assert found
    assert versions <= set().union(*(n.versions for n in found))


def test_a_sentence_initial_word_is_a_name_only_when_leniency_is_asked() -> None:
    assert not [n for n in names("Developed by Meta, the model…") if n.base == "developed"]
    assert [n.base for n in names("Meta developed Falcon.", lenient=True)][:1] == ["meta"]
    # A word saying how near a figure is, or a function word, is no name with the figure for its version:
    # the figure stays a figure ("Still 40 dispatchers…" gives 40 dispatchers).
    for text in (
        "Still 40 dispatchers at the depot.",
        "Some 3,000 firms use it.",
        "Roughly 300 users signed.",
    ):
        assert names(text, lenient=True) == [], text
    assert [n.text for n in names("Llama 3 is open.", lenient=True)] == ["Llama 3"]


def test_a_count_opening_a_sentence_answers_how_many() -> None:
    from rag.compose_kinds import gives

    ask = analyse("How many dispatchers will take part in the pilot?")
    assert gives("number", "Still 40 dispatchers at the Kessmar depot, 6 weeks.", ask)


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("Who made it?", True),
        ("And which of those are closed?", True),
        ("What about Falcon?", True),
        ("And for 2018?", True),
        ("Who makes Claude, and what does it emphasize?", False),  # names its own subject
        ("Is LLaMA open source?", False),
        ("What do closed-source LLMs do well?", False),
    ],
)
def test_a_follow_up_is_a_question_without_a_subject_of_its_own(question: str, follow_up: bool) -> None:
    assert is_follow_up(question) is follow_up


def test_a_category_asked_for_is_not_a_subject() -> None:
    assert not has_own_subject("Which proprietary model are they meant to replace?")


def test_follow_ups_resolve_against_the_conversation() -> None:
    llama = [("user", "Is LLaMA open source?"), ("assistant", "Yes: … [1].")]
    assert standalone_question("Who released it?", llama) == "Who released LLaMA?"
    assert standalone_question("Who makes Claude, and what does it emphasize?", llama) == (
        "Who makes Claude, and what does it emphasize?"
    )
    # The previous question named nothing; its answer did.
    quiz = [
        ("user", "Which open model does the quiz use?"),
        ("assistant", "LLaMA 3 [1].\n\nFrom the documents:"),
    ]
    assert standalone_question("What is it known for?", quiz) == "What is LLaMA 3 known for?"
    # Elliptical questions take the previous one's place: a name for a name, a year for a year.
    assert (
        standalone_question("What about Falcon?", [("user", "Who developed LLaMA?")])
        == "Who developed Falcon?"
    )
    years = [("user", "What does the timeline list for 2023?"), ("assistant", "x"), ("user", "And for 2018?")]
    assert standalone_question("What about 2020?", years) == "What does the timeline list for 2020?"
    # "Which of those" picks from the last answer: the previous question comes along for retrieval.
    names_asked = [("user", "Name some open-source LLMs"), ("assistant", "BLOOM [1].")]
    assert standalone_question("And which of those are closed?", names_asked) == (
        "Name some open-source LLMs And which of those are closed?"
    )


def test_a_pronoun_reaches_what_is_owned_before_its_owner() -> None:
    previous = ["What happened to Meta's original LLaMA models?"]
    assert resolve("How were its successors licensed?", previous, ["They were leaked [1]."]) == (
        "How were LLaMA's successors licensed?"
    )
    # An answer's name, with the acronym that leads it, for a closing "that".
    asked = ["Which AI regulation might other countries use as a benchmark?"]
    said = ["The EU's AI Act is expected to serve as a benchmark [1]."]
    assert resolve("Whose law is that?", asked, said) == "Whose law is AI Act?"


def test_an_example_of_one_is_one_of_the_thing_just_defined() -> None:
    previous = ["What is a hybrid approach to releasing an LLM?"]
    assert resolve("Which model is the best-known example of one?", previous, ["…"]) == (
        "Which model is the best-known example of a hybrid approach?"
    )


def test_a_pronoun_after_an_opening_clause_refers_inside_the_question() -> None:
    question = "When a company releases only part of a model, what does it hold back?"
    assert not is_follow_up(question)
    assert resolve(question, ["Under what conditions does Meta share LLaMA?"], ["…"]) == question


def test_one_x_from_a_and_one_y_from_b_are_two_lists_each_with_its_subject() -> None:
    ask = analyse("List one model from EleutherAI and one model from Mistral AI.")
    assert [p.text for p in ask.parts] == ["List one model from EleutherAI", "List one model from Mistral AI"]
    ask = analyse("Name one closed model made by OpenAI and one open model family that comes from Abu Dhabi.")
    assert [p.facet for p in ask.parts] == ["closed", "open"]
    assert len(analyse("Is LLaMA a model and a platform?").parts) == 1  # not a list: one ask


def test_an_appositive_is_one_subject_not_two_asks() -> None:
    ask = analyse("Where is Anthropic, the company behind Claude, headquartered?")
    assert len(ask.parts) == 1


def test_a_leading_wh_phrase_is_what_is_asked_not_a_clause_to_skip() -> None:
    ask = analyse("On which supercomputer, and in which country, was BLOOM trained?")
    assert [p.kind for p in ask.parts][-1] == "place"


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        ("Can anyone download Meta's LLaMA?", ["LLaMA"]),
        ("Is Google's Bard open?", ["Bard"]),
        ("Who makes Meta's Llama 2?", ["Llama 2"]),
        ("Is Meta's model open?", ["Meta"]),  # no owned name: the owner is the subject
    ],
)
def test_an_owner_is_not_a_subject_the_passage_must_repeat(question: str, subjects: list[str]) -> None:
    assert [n.text for n in analyse(question).subjects] == subjects


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("Which assistants that are not open source does the guide on open source and AI name?", "closed"),
        ("Which closed assistants does the article about open source tools list?", "closed"),
        ("According to the report on proprietary models, which open models are cheapest?", "open"),
    ],
)
def test_the_side_asked_is_not_read_from_the_document_the_question_names(question: str, side: str) -> None:
    assert analyse(question).facet == side


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("How do proprietary LLMs compare with open ones on what they cost to run?", "closed"),
        ("Are open models as good as closed ones?", "open"),
        ("Does publishing a model's code and weights make it safer?", "open"),
        ("Does releasing the weights help outside researchers?", "open"),
        ("Is sharing benchmark results good practice?", None),
        ("Should people trust firms that keep their models private?", "closed"),
        ("Do private teams ship steadier releases than volunteers?", "closed"),
    ],
)
def test_the_side_a_judgement_is_about_is_the_one_named_first(question: str, side: str | None) -> None:
    assert first_side(question) == side


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Licensing and Commercial Use", None),  # using a model commercially says nothing of its side
        ("Open models need a careful licence review before commercial applications.", "open"),
        ("Commercial models are rented by the token.", "closed"),
        ("Proprietary chat assistants are sold by the seat.", "closed"),
    ],
)
def test_commercial_use_is_no_side_but_a_commercial_model_is_closed(text: str, side: str | None) -> None:
    from rag.question import facet

    assert facet(text) == side


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Below a few million tokens a day, the API-only option was cheaper.", "closed"),
        ("Our bill fell once we moved off the paid API.", "closed"),
        ("API vendors can change a model without notice.", "closed"),
        ("The self-hosted option's advantage grows with volume.", "open"),
        ("A council that self-hosts inherits every hole in its own stack.", "open"),
        # An open model may be served through an API: the API alone names no side.
        ("Run the best open-weights models through one API.", "open"),
        ("Send each request to the API with your key.", None),
    ],
)
def test_an_api_model_is_closed_and_hosting_it_yourself_open(text: str, side: str | None) -> None:
    from rag.question import facet

    assert facet(text) == side


@pytest.mark.parametrize(
    "question",
    [
        "What was Corvid AI's revenue in 2025?",
        "What is the company's valuation?",
        "What was the startup spending each month on the closed API?",
    ],
)
def test_a_sum_a_business_is_measured_by_is_asked_as_a_number(question: str) -> None:
    assert analyse(question).kind == "number"


def test_a_comparison_page_named_in_a_yes_no_question_asks_no_comparison() -> None:
    assert analyse("Are the prices on Quillon's comparison page VAT-inclusive?").kind == "yesno"
    assert analyse("Give a comparison of Llama and Mistral.").kind == "comparison"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How many parameters does Falcon have?", "parameters"),
        # "How many times…" counts the event its verb names, as a text says it: "410,000 downloads".
        ("How many times was Pellucid downloaded in its first week?", "downloaded"),
        ("How many times has the licensed model been downloaded?", "downloaded"),
        ("How many times did they meet?", ""),
    ],
)
def test_how_many_counts_its_unit(question: str, unit: str) -> None:
    assert analyse(question).unit == unit


def test_a_plural_writes_the_same_version() -> None:
    # "a reserved commitment for T9s" is of the T9, "eight H100s" of the H100; "GPT-4o" keeps its letter.
    assert [sorted(n.versions) for n in names("quotes for T9s and eight H100s, not GPT-4o")] == [
        ["9"],
        ["100"],
        ["4o"],
    ]


def test_what_a_question_left_behind_is_not_its_subject() -> None:
    # "after leaving the Aster Pro API": the model it runs now is another; Aster Pro need not be named.
    ask = analyse("Which model did Quillfern end up running in production after leaving the Aster Pro API?")
    assert [n.text for n in ask.subjects] == ["Quillfern"]
    assert [n.text for n in analyse("Which model replaced Aster Pro at Quillfern?").subjects] == [
        "Aster",
        "Pro",
        "Quillfern",
    ]


def test_a_pair_asked_of_each_among_other_names_is_one_part_each() -> None:
    ask = analyse("What triage accuracy did Oriel-34 and Verity-4 each reach in Harbourline's pilot?")
    assert [p.text for p in ask.parts] == [
        "What triage accuracy did Oriel-34 each reach in Harbourline's pilot?",
        "What triage accuracy did Verity-4 each reach in Harbourline's pilot?",
    ]


def test_the_second_of_a_pair_may_be_a_name_of_several_words() -> None:
    ask = analyse("What routing accuracy did Tern-7 and Corran Pro each reach in the pilot?")
    assert [p.text for p in ask.parts][1] == "What routing accuracy did Corran Pro each reach in the pilot?"


def test_a_part_after_and_with_a_preposition_is_its_own_ask() -> None:
    ask = analyse("How much is Tarnwell requesting from the Larkspur Fund, and over what period?")
    assert [p.text for p in ask.parts] == [
        "How much is Tarnwell requesting from the Larkspur Fund",
        "over what period",
    ]


def test_how_much_of_a_whole_measures_the_whole() -> None:
    from rag.question import unit_of

    assert unit_of("How much of the Open Cairn grant budget is allocated to red-teaming?") == "budget"
    assert unit_of("How much electricity did the run use?") == "electricity"


def test_how_much_in_something_asks_a_sum() -> None:
    from rag.question import unit_of

    # (not "housing": "how much in" measures money, whatever it is owed for)
    assert unit_of("How much in unpaid Housing Support Payment built up?") == ""
    assert unit_of("How much in total did the pilot cost?") == ""


def test_what_is_owed_is_a_sum() -> None:
    from rag.compose_kinds import gives

    # (arrears, compensation and payments are sums: a span of time is no answer to how much built up)
    ask = analyse("How much in unpaid Housing Support Payment built up before payments were restored?")
    assert gives("number", "Arrears of €2,340 built up in the meantime.", ask)
    assert not gives("number", "Mr Reed went eleven weeks without his Housing Support Payment.", ask)


def test_a_kind_of_release_and_the_time_a_question_is_set_in_are_no_subjects() -> None:
    assert [n.text for n in analyse("How many models are API-only?").subjects] == []
    ask = analyse("During the Tallow pilot, how long did the provider keep Brindleford's letters?")
    assert [n.text for n in ask.subjects] == ["Brindleford"]


def test_months_weekdays_and_titles_are_no_subjects() -> None:
    ask = analyse("What did Professor Rannikko say on Tuesday 14 March about Skua-34B?")
    assert [n.text for n in ask.subjects] == ["Rannikko", "Skua-34B"]


def test_a_salary_asked_is_a_figure() -> None:
    assert [p.kind for p in analyse("Who got the job offer, and at what salary?").parts] == [
        "entity",
        "number",
    ]


def test_a_participle_joined_to_a_word_that_names_nothing_is_no_name() -> None:
    # "AI-drafted discharge summaries" names no AI-drafted thing a passage must hold; "Kestrel-tuned"
    # names Kestrel; "API-based" stays as it was (a name, as the corpus's "API-based models" are).
    from rag.question import names

    assert [
        n.text for n in names("Which wards will try out AI-drafted discharge summaries at Wexcombe?")
    ] == ["Wexcombe"]
    assert [n.text for n in names("Is the Kestrel-tuned model any good?")] == ["Kestrel"]
    assert [n.text for n in names("What do API-based closed models do?")] == ["API-based"]


def test_who_is_in_charge_of_a_thing_asks_its_head() -> None:
    from rag.compose_kinds import gives

    ask = analyse("Who is in charge of safety at Ondara Labs?")
    assert gives("entity", "Ondara's head of safety, Piet Dromgoole, was in the audience.", ask)
    assert gives("entity", "To report a safety issue, contact Anneli Varga, Head of Model Safety.", ask)
    assert not gives("entity", "Licence: Ondara Community Licence 1.2 (OCL-1.2)", ask)
    assert not gives("entity", "Rafael Quint-Adeyemi, head of public policy at Lumenfold AI, disagreed.", ask)
    # Responsible for a named thing asks no head of a word: "Register owner: Priya Feldhaus-Moore…" answers.
    owner = analyse("Who is responsible for Brindlecombe Mutual's risk register?")
    assert gives("entity", "Register owner: Priya Feldhaus-Moore, Head of Operational Risk", owner)
    # …and not whoever else a record names: its developer is no owner of the entry.
    entry = analyse("Who is responsible for the Kestrel entry in the model register?")
    assert gives("entity", "Register owner | Priya Feldhaus-Moore, Head of AI Platforms", entry)
    assert not gives("entity", "Developer | Veltrane Labs, Tessaly Quay", entry)


def test_a_place_the_question_names_is_no_answer_to_where() -> None:
    from rag.compose_kinds import gives

    ask = analyse("In which city is Halden Labs based?")
    assert not gives("place", "I am Mireille Ostrander, director of policy at Halden Labs.", ask)
    assert gives("place", "We are a non-profit research laboratory based in Korvasund.", ask)


def test_who_chaired_a_panel_is_answered_by_who_moderated_it() -> None:
    from rag.compose_kinds import gives

    ask = analyse("Who chaired the panel on open weights?")
    assert gives("entity", "Broadcaster Fenella Drury moderated.", ask)
    assert not gives("entity", "On stage were Jorun Ekwall and Rafael Quint.", ask)


def test_a_room_of_a_named_building_says_where() -> None:
    from rag.compose_kinds import gives

    ask = analyse("In which venue did the summit's open-weights panel take place?")
    assert gives("place", "The panel filled the main auditorium of Corrin Hall last Thursday.", ask)
    assert not gives("place", "A model-maker and a buyer walked on stage.", ask)


def test_an_editor_is_named_by_who_edited() -> None:
    from rag.compose_kinds import gives

    ask = analyse("Who is the editor of The Weights Ledger?")
    assert gives("entity", "Issue #87 · Thursday 6 March 2025 · Edited by Hana Okonkwo-Reid", ask)
    assert not gives("entity", "Tips: write to Jonas Petit at the usual address.", ask)
