"""The tagger's literal prefilter changes no decision.

Every concept of the lexicon (Dutch, English and German files) must match exactly the rows that a
plain regular-expression pass of each of its patterns matches, on the corpus message texts and on
texts made of the lexicon's own words run together in awkward ways; and ``analysis.analyse`` must tag
the sample exports the same with and without the prefilter (both computed here, nothing stored).
"""

from __future__ import annotations

import random
from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from analysis import analyse, tagger
from analysis.lexicon import Concept, load_lexicon
from analysis.prefilter import TokenIndex, requirement
from analysis.text_normalise import normalise, split_sentences
from tests.conftest import SAMPLE_DIR


@pytest.fixture(autouse=True)
def _prefilter_on_small_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The prefilter only starts at a few thousand rows; here it runs on everything."""
    monkeypatch.setattr(tagger, "PREFILTER_MIN_ROWS", 0)
    monkeypatch.setattr(tagger, "PREFILTER_MIN_VALUES", 0)
    monkeypatch.setattr(tagger, "TRIGGER_PREFILTER_ROWS", 0)


def _plain(values: pa.Array, patterns: tuple[str, ...]) -> np.ndarray:
    """The reference: every pattern on its own over every value."""
    hit = np.zeros(len(values), dtype=bool)
    for pattern in patterns:
        hit |= pc.match_substring_regex(values, pattern=pattern).to_numpy(zero_copy_only=False)
    return hit


def _corpus_texts() -> list[str]:
    from exportgen.chat import SystemEvent
    from samples.corpus import load_corpus, training_set
    from samples.source import load_source, source_paths

    texts = list(training_set(corpus := load_corpus(), corpus.all_writers).texts)
    for path in source_paths():
        for item in load_source(path).labelled:
            record = item.record
            if not isinstance(record, SystemEvent):
                texts.append(record.poll.question if record.poll is not None else (record.text or ""))
    return texts


def _word_salad(lexicon, count: int = 3000, seed: int = 12) -> list[str]:
    """Texts of the lexicon's own words with separators that do and do not end a word."""
    words = sorted(
        {
            word
            for concept in lexicon.concepts.values()
            for pattern in concept.patterns
            for clause in requirement(pattern)
            for option in clause
            for _, word in option
        }
    )
    words += ["ik", "we", "de", "het", "nr_12", "112", "0900", "jaja", "hahaha", "xd", "??", "!!", "ß", "😀"]
    glue = [" ", " ", " ", "  ", ", ", ". ", "? ", "?", "!", "\n", "-", "'", "_", "", "é", "😀 ", " ... "]
    rng = random.Random(seed)
    texts = ["", " ", "?", "😀", "x" * 300, "a" + "_" * 20 + "b"]
    for _ in range(count):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 12))]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(glue) + part
        texts.append(
            rng.choice(["", "", " ", "- ", "? "]) + text + rng.choice(["", "", "?", "!", " :)", "\n"])
        )
    return texts


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module", params=["corpus", "salad"])
def arrays(request: pytest.FixtureRequest, lexicon) -> tuple[pa.Array, pa.Array]:
    texts = _corpus_texts() if request.param == "corpus" else _word_salad(lexicon)
    norm = normalise(pa.array(texts, type=pa.large_string()), lexicon)
    sentences, _ = split_sentences(norm)
    return sentences, norm


def test_every_concept_matches_exactly_what_its_patterns_match(lexicon, arrays) -> None:
    sentences, texts = arrays
    match = tagger._Matcher(lexicon, sentences, texts, prefilter=True)
    where = np.random.default_rng(3).random(len(sentences)) < 0.5
    checked = 0
    for name, concept in lexicon.concepts.items():
        values = match.values[concept.scope]
        expected = _plain(values, concept.patterns)
        assert np.array_equal(match(name), expected), name
        subset = where[: len(values)]
        assert np.array_equal(match(name, subset), expected & subset), f"{name} on a subset"
        checked += 1
    assert checked == len(lexicon.concepts) > 40


def test_the_prefilter_really_leaves_rows_out(lexicon, arrays) -> None:
    """Guards the test above against passing because every row is a candidate."""
    sentences, texts = arrays
    with_requirement = [p for c in lexicon.concepts.values() for p in c.patterns if requirement(p)]
    assert len(with_requirement) >= 0.95 * sum(len(c.patterns) for c in lexicon.concepts.values())
    match = tagger._Matcher(lexicon, sentences, texts, prefilter=True)
    plan = match._plan(lexicon.concept("alarm_report"))
    candidates = sum(len(rows) for _, rows in plan if rows is not None)
    assert candidates < 0.5 * len(plan) * len(sentences)


def test_another_emergency_number_profile_is_matched_the_same() -> None:
    lexicon = load_lexicon(("101", "070-1234567"))
    texts = [
        "ik heb 101 gebeld",
        "1 0 1 gebeld",
        "07012345 67",
        "politie 0701234567 gebeld",
        "heb 1010 gebeld",
    ]
    norm = normalise(pa.array(texts * 3, type=pa.large_string()), lexicon)
    sentences, _ = split_sentences(norm)
    match = tagger._Matcher(lexicon, sentences, norm, prefilter=True)
    for name, concept in lexicon.concepts.items():
        assert np.array_equal(match(name), _plain(match.values[concept.scope], concept.patterns)), name


# Patterns written to trip a literal reader: boundaries, runs of non-word characters, repetitions,
# classes, escapes, and syntax it must leave alone (no prefilter) rather than misread.
TRICKY = [
    r"\bbel",
    r"bel\b",
    r"\bbel\b",
    r"bel",
    r"^\W*heb(ben)?\W*$",
    r"\bwie\b.{0,20}\b(belt|bel|bellen|gaat bellen)\b",
    r"\b(ik|we) +(bel|bellen)( +(nu|al))* +(112|politie)\b",
    r"(^|\s)nr_\d+",
    r"ha(ha)+\b",
    r"\bh?a+h[ah]+\b",
    r"x{2,}",
    r"x{,3}y",
    r"[[:alpha:]]+ok",
    r"(?i)POLITIE",
    r"(?i:Bel)t",
    r"\x{200b}|\x41",
    r"\p{L}politie\b",
    r"[^a-z]gebeld",
    r"[a-c]{2}d",
    r"[\s,.]+klaar\b",
    r"\?\W*$",
    r"(?P<wie>wie) (?:belt)",
    r"\Bbel",
    r"\Abel|bel\z",
    r"a\.b|c\+|d\\e",
    r"(⚠|‼)",
    r"_\b",
    r"\b_x",
    r"\d+ ?jaar\b",
    r"( +[a-z]+){0,2} +ging\b",
]


def test_tricky_patterns_match_the_same_with_the_prefilter(lexicon) -> None:
    texts = _word_salad(lexicon, count=500, seed=5) + [
        "wie belt er", "wiebelt", "ik  bel nu politie", "heb!", "  hebben  ", "nr_12 gezien", "hahaha!",
        "aahhah", "xxx", "x{,3}y", "xxxy", "abcok", "politie", "POLITIE", "Belt", "belt", "\u200b", "A",
        "épolitie", "ßgebeld", " gebeld", "abd", "ccd", " ,klaar", "klaar", "wat?? ", "wie belt", "abel",
        "bel", "a.b", "c+", "d\\e", "⚠", "x_", "_x", "a_x", "12 jaar", "12jaar", "ging", "  a b ging",
    ]  # fmt: skip
    values = pa.array(texts, type=pa.large_string())
    concepts = {
        f"p{k}": Concept(f"p{k}", "test", "message", f"(?:{pattern})", (f"(?:{pattern})",), (pattern,))
        for k, pattern in enumerate(TRICKY)
    }
    tricky = replace(lexicon, concepts=MappingProxyType(concepts))
    match = tagger._Matcher(tricky, values, values, prefilter=True)
    for name, concept in concepts.items():
        assert np.array_equal(match(name), _plain(values, concept.patterns)), concept.patterns[0]
    for pattern in (r"x{,3}y", r"[[:alpha:]]+ok", r"(?i)POLITIE", r"(?i:Bel)t"):
        assert requirement(pattern) == (), pattern


def test_words_are_read_as_re2_reads_them() -> None:
    values = pa.array(["", "hallo wereld", "éa_b9 x", "...", "Zz?yy", "straße 12", "😀ok"], pa.large_string())
    sentences, texts = TokenIndex.build(values, values)
    assert sentences.vocabulary is texts.vocabulary
    words = set(sentences.vocabulary.words.to_pylist())
    assert words == {"hallo", "wereld", "a_b9", "x", "Zz", "yy", "stra", "e", "12", "ok"}


@pytest.fixture(scope="module")
def sample_chats() -> list[pd.DataFrame]:
    from exportgen.realistic import generate_export
    from parsers import read_chat

    paths = sorted(p for p in SAMPLE_DIR.glob("*") if p.suffix.lower() in (".txt", ".zip"))[:4]
    if not paths:
        pytest.skip("no sample exports")
    chats = [read_chat(path.read_bytes(), name=path.name) for path in paths]
    synthetic = generate_export(3000, "android-nl", seed=7, density="busy")  # many labels, texts distinct
    name = "WhatsApp-chat met Buurtpreventie Realistisch.txt"
    chats.append(read_chat(synthetic.encode("utf-8"), name=name))
    return chats


def test_analyse_tags_the_sample_exports_the_same(sample_chats, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    original = TokenIndex.build
    monkeypatch.setattr(TokenIndex, "build", lambda *a, **k: built.append(1) or original(*a, **k))
    for chat in sample_chats:
        monkeypatch.setattr(tagger, "PREFILTER", False)
        before = analyse(chat)
        monkeypatch.setattr(tagger, "PREFILTER", True)
        # small chats stay under the switch-over sizes: lower them so the prefilter really runs here
        monkeypatch.setattr(tagger, "PREFILTER_MIN_VALUES", 0)
        monkeypatch.setattr(tagger, "PREFILTER_MIN_ROWS", 0)
        monkeypatch.setattr(tagger, "TRIGGER_PREFILTER_ROWS", 0)
        built.clear()
        after = analyse(chat)
        assert built, "the prefilter ran"
        pd.testing.assert_frame_equal(after.messages, before.messages)
        pd.testing.assert_frame_equal(after.incidents, before.incidents)
