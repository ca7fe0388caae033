"""Specification of the hand-written multi-turn conversation set in evals/conversations.yaml.

These tests only look at files on disk (conversations.yaml and corpus/); they never run the assistant. They
make sure the set is well formed and honest: every turn is answerable from the documents it cites, the
`about` strings a good answer must mention really occur there, and the set is balanced between true
follow-ups ("who made it?") and new questions that name their own subject while still using pronouns.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS_PATH = ROOT / "evals" / "conversations.yaml"
CORPUS_DIR = ROOT / "corpus"

CONVERSATION_KEYS = {"id", "turns"}
TURN_KEYS = {"question", "followup", "about", "sources"}
ID_PATTERN = re.compile(r"^conv-[a-z0-9]+(?:-[a-z0-9]+)*$")
TURNS_RANGE = (2, 3)
MIN_CONVERSATIONS = 30
MIN_WITH_FOLLOWUP = 15
MIN_WITH_NEW_SUBJECT = 15
MAX_WORDS_PER_ALTERNATIVE = 4
# A question sharing this many consecutive words with a corpus sentence counts as copied.
COPY_SHINGLE_WORDS = 8
# Words that refer back to something; a follow-up needs one (or an elliptical opener), and a new-subject
# later turn has one too (it names its own subject, then refers to it).
PRONOUNS = {"it", "its", "they", "them", "their", "those", "these", "that", "this", "one", "ones"}
ELLIPTICAL_OPENERS = ("and ", "what about ", "how about ", "so ")


def _load() -> list[dict[str, Any]]:
    with CONVERSATIONS_PATH.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, list) else []


CONVERSATIONS: list[dict[str, Any]] = _load()


def _conv_id(conv: Any) -> str:
    return str(conv.get("id", "?")) if isinstance(conv, dict) else "?"


def _parametrize_conversations() -> pytest.MarkDecorator:
    return pytest.mark.parametrize("conv", CONVERSATIONS, ids=[_conv_id(c) for c in CONVERSATIONS])


def _turns(conv: dict[str, Any]) -> list[dict[str, Any]]:
    turns = conv.get("turns")
    return [t for t in turns if isinstance(t, dict)] if isinstance(turns, list) else []


def _later_turns(conv: dict[str, Any]) -> list[dict[str, Any]]:
    return _turns(conv)[1:]


@cache
def _corpus_text(name: str) -> str:
    return (CORPUS_DIR / name).read_text(encoding="utf-8").lower()


def _corpus_files() -> list[str]:
    return sorted(path.name for path in CORPUS_DIR.glob("*.md"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _has_followup(conv: dict[str, Any]) -> bool:
    return any(turn.get("followup") is True for turn in _later_turns(conv))


def _has_new_subject(conv: dict[str, Any]) -> bool:
    return any(turn.get("followup") is False for turn in _later_turns(conv))


# --------------------------------------------------------------------------- file and schema


def test_conversation_file_is_a_non_empty_yaml_list_of_mappings() -> None:
    assert CONVERSATIONS_PATH.is_file(), f"missing {CONVERSATIONS_PATH}"
    with CONVERSATIONS_PATH.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, list), "conversations.yaml must be a YAML list"
    assert data, "conversations.yaml must not be empty"
    assert all(isinstance(conv, dict) for conv in data), "every conversation must be a mapping"


@_parametrize_conversations()
def test_every_conversation_has_an_id_and_two_or_three_turns(conv: dict[str, Any]) -> None:
    assert set(conv) == CONVERSATION_KEYS, f"keys must be exactly {sorted(CONVERSATION_KEYS)}"
    assert isinstance(conv["id"], str)
    turns = conv["turns"]
    assert isinstance(turns, list)
    low, high = TURNS_RANGE
    assert low <= len(turns) <= high, f"{len(turns)} turns, need {low} to {high}"
    assert all(isinstance(turn, dict) for turn in turns), "every turn must be a mapping"


@_parametrize_conversations()
def test_every_turn_has_the_required_keys_with_the_right_types(conv: dict[str, Any]) -> None:
    for n, turn in enumerate(_turns(conv), start=1):
        assert set(turn) == TURN_KEYS, f"turn {n}: keys must be exactly {sorted(TURN_KEYS)}"
        assert isinstance(turn["question"], str)
        assert turn["question"].strip(), f"turn {n}: blank question"
        assert isinstance(turn["followup"], bool), f"turn {n}: followup must be true or false"
        about = turn["about"]
        assert isinstance(about, list)
        assert about, f"turn {n}: about needs at least one group"
        for group in about:
            assert isinstance(group, list), f"turn {n}: each about group is a list of alternatives"
            assert group, f"turn {n}: an about group needs at least one alternative"
            for alternative in group:
                assert isinstance(alternative, str)
                assert alternative == alternative.strip(), f"turn {n}: stray whitespace in {alternative!r}"
                n_words = len(alternative.split())
                assert 1 <= n_words <= MAX_WORDS_PER_ALTERNATIVE, (
                    f"turn {n}: {alternative!r} has {n_words} words"
                )
        sources = turn["sources"]
        assert isinstance(sources, list)
        assert sources, f"turn {n}: every turn must be answerable, so it cites at least one document"
        assert all(isinstance(source, str) for source in sources)


def test_ids_are_unique_conv_slugs() -> None:
    ids = [_conv_id(conv) for conv in CONVERSATIONS]
    duplicates = sorted(name for name, count in Counter(ids).items() if count > 1)
    assert not duplicates, f"duplicate ids: {duplicates}"
    malformed = [name for name in ids if not ID_PATTERN.match(name)]
    assert not malformed, f"ids must be lowercase slugs starting with conv-: {malformed}"


def test_conversations_are_not_duplicated() -> None:
    keys = [tuple(" ".join(_words(str(t.get("question", "")))) for t in _turns(c)) for c in CONVERSATIONS]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert not duplicates, f"duplicate conversations: {duplicates}"


# --------------------------------------------------------------------------- counts and balance


def test_the_set_has_the_minimum_number_of_conversations() -> None:
    assert len(CONVERSATIONS) >= MIN_CONVERSATIONS


def test_enough_conversations_have_a_true_followup_turn() -> None:
    count = sum(1 for conv in CONVERSATIONS if _has_followup(conv))
    assert count >= MIN_WITH_FOLLOWUP, f"only {count} conversations with a follow-up turn"


def test_enough_conversations_have_a_later_turn_with_its_own_subject() -> None:
    count = sum(1 for conv in CONVERSATIONS if _has_new_subject(conv))
    assert count >= MIN_WITH_NEW_SUBJECT, f"only {count} conversations with a new-subject later turn"


@_parametrize_conversations()
def test_the_first_turn_is_never_a_followup(conv: dict[str, Any]) -> None:
    assert _turns(conv)[0]["followup"] is False


@_parametrize_conversations()
def test_the_id_prefix_matches_the_kind_of_later_turns(conv: dict[str, Any]) -> None:
    if conv["id"].startswith("conv-followup-"):
        assert all(turn["followup"] for turn in _later_turns(conv)), (
            "conv-followup-* later turns are follow-ups"
        )
    if conv["id"].startswith("conv-newsubject-"):
        assert not any(turn["followup"] for turn in _later_turns(conv)), (
            "conv-newsubject-* later turns name their own subject"
        )


# --------------------------------------------------------------------------- wording of later turns


@_parametrize_conversations()
def test_followup_turns_refer_back_to_the_conversation(conv: dict[str, Any]) -> None:
    for turn in _later_turns(conv):
        if not turn["followup"]:
            continue
        question = turn["question"].strip().lower()
        refers = bool(PRONOUNS & set(_words(question))) or question.startswith(ELLIPTICAL_OPENERS)
        assert refers, f"follow-up {turn['question']!r} has no pronoun or elliptical opener to resolve"


@_parametrize_conversations()
def test_new_subject_later_turns_still_contain_a_pronoun(conv: dict[str, Any]) -> None:
    for turn in _later_turns(conv):
        if turn["followup"]:
            continue
        assert PRONOUNS & set(_words(turn["question"])), (
            f"new-subject turn {turn['question']!r} should contain a pronoun (the case this set exercises)"
        )


@_parametrize_conversations()
def test_a_later_turn_about_is_not_given_away_by_the_previous_question(conv: dict[str, Any]) -> None:
    turns = _turns(conv)
    for previous, turn in pairwise(turns):
        asked = previous["question"].lower()
        fresh = [group for group in turn["about"] if not any(alt.lower() in asked for alt in group)]
        assert fresh, f"everything {turn['question']!r} must mention was already in {previous['question']!r}"


@_parametrize_conversations()
def test_a_new_subject_turn_is_about_something_else_than_the_previous_turn(conv: dict[str, Any]) -> None:
    turns = _turns(conv)
    for previous, turn in pairwise(turns):
        if turn["followup"]:
            continue
        before = {alt.lower() for group in previous["about"] for alt in group}
        shared = sorted(alt for group in turn["about"] for alt in group if alt.lower() in before)
        assert not shared, f"{turn['question']!r} shares about strings with the previous turn: {shared}"


# --------------------------------------------------------------------------- grounding in the corpus


@_parametrize_conversations()
def test_every_turn_cites_existing_corpus_documents_once(conv: dict[str, Any]) -> None:
    corpus = set(_corpus_files())
    for n, turn in enumerate(_turns(conv), start=1):
        unknown = [source for source in turn["sources"] if source not in corpus]
        assert not unknown, f"turn {n}: unknown corpus files {unknown}"
        assert len(set(turn["sources"])) == len(turn["sources"]), f"turn {n}: a source is listed twice"


@_parametrize_conversations()
def test_every_about_alternative_occurs_in_the_turns_sources(conv: dict[str, Any]) -> None:
    for n, turn in enumerate(_turns(conv), start=1):
        text = "\n".join(_corpus_text(name) for name in turn["sources"])
        absent = [alt for group in turn["about"] for alt in group if alt.lower() not in text]
        assert not absent, f"turn {n}: not found verbatim in {turn['sources']}: {absent}"


@_parametrize_conversations()
def test_every_source_of_a_turn_supports_one_of_its_about_groups(conv: dict[str, Any]) -> None:
    for n, turn in enumerate(_turns(conv), start=1):
        for source in turn["sources"]:
            text = _corpus_text(source)
            assert any(alt.lower() in text for group in turn["about"] for alt in group), (
                f"turn {n}: {source} contains none of the about strings, so it does not answer the turn"
            )


def test_questions_are_paraphrased_rather_than_copied_from_the_corpus() -> None:
    corpus_shingles: set[tuple[str, ...]] = set()
    for name in _corpus_files():
        words = _words(_corpus_text(name))
        corpus_shingles.update(
            tuple(words[i : i + COPY_SHINGLE_WORDS]) for i in range(len(words) - COPY_SHINGLE_WORDS + 1)
        )
    copied = []
    for conv in CONVERSATIONS:
        for turn in _turns(conv):
            words = _words(str(turn.get("question", "")))
            if any(
                tuple(words[i : i + COPY_SHINGLE_WORDS]) in corpus_shingles
                for i in range(len(words) - COPY_SHINGLE_WORDS + 1)
            ):
                copied.append(f"{_conv_id(conv)}: {turn.get('question')}")
    assert not copied, f"questions sharing {COPY_SHINGLE_WORDS}+ consecutive words with the corpus: {copied}"
