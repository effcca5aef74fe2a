"""The trained models beside the rules: scored the same way they were trained, stored without loss,
never stale, and trained only on the writers they are meant for."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from samples.corpus import load_corpus, training_set


@pytest.fixture(scope="module")
def small_model():
    from evaluation.train_model import fit_ngram

    corpus = load_corpus()
    return fit_ngram(training_set(corpus, ["A"])), training_set(corpus, ["w3"])


def test_fast_scoring_equals_the_training_matrix(small_model) -> None:
    """The word-by-word scoring at run time gives exactly the log odds of the training features."""
    from evaluation.train_model import feature_matrix, normalised

    model, other = small_model
    norm = normalised(other.texts)
    matrix, _, _ = feature_matrix(norm, model.hashes, model.idf)
    expected = matrix @ model.weights.astype(np.float64) + model.bias
    assert np.abs(model.decision(norm) - expected).max() < 1e-6


def test_scoring_has_bounded_cost_for_an_endless_word(small_model) -> None:
    model, _ = small_model
    norm = pa.array(["a" * 400_000, "ik bel 112", ""], type=pa.large_string())
    assert model.decision(norm).shape == (3, len(model.labels))


def test_models_survive_the_file_round_trip(small_model) -> None:
    from analysis.context import CODE_FEATURES, CODES, SHARED_FEATURES, ContextModel
    from analysis.models import TaggingModels, load_models, save_models
    from evaluation.train_model import normalised

    model, other = small_model
    width = len(SHARED_FEATURES) + len(CODE_FEATURES)
    rng = np.random.default_rng(1)
    weights = rng.normal(size=(len(CODES), width)).astype(np.float32)
    thresholds = np.full((len(CODES), 2), 0.5, np.float32)
    context = ContextModel(CODES, weights, np.zeros(len(CODES), np.float32), thresholds)
    bundle = load_models(save_models(TaggingModels(model, model, context, "digest", ("A",))))
    norm = normalised(other.texts[:50])
    assert np.abs(bundle.general.decision(norm) - model.decision(norm)).max() < 0.05  # float16 weights
    assert np.array_equal(bundle.context.weights, context.weights) and bundle.trained_on == ("A",)


def test_a_model_file_for_other_features_is_refused_with_a_clear_message() -> None:
    import json
    from io import BytesIO

    from analysis.models import ModelFileError, load_models, models_path_bytes

    data = models_path_bytes()
    with np.load(BytesIO(data)) as npz:
        arrays = {key: npz[key] for key in npz.files}
    meta = json.loads(arrays["meta"].tobytes())
    meta["context_features"] = meta["context_features"][:-1]
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    out = BytesIO()
    np.savez(out, **arrays)
    with pytest.raises(ModelFileError, match="train_model"):
        load_models(out.getvalue())


def test_the_shipped_models_are_trained_on_the_corpus_as_it_is() -> None:
    """Changing a label or a text of the corpus without retraining fails here."""
    from evaluation.train_model import is_stale

    assert not is_stale(), "run python -m evaluation.train_model"


def test_the_shipped_models_never_saw_the_measure_writers() -> None:
    """The measure writers' figures describe the tagger that ships: it learnt from the tune side only."""
    from analysis.models import shipped_models

    corpus = load_corpus()
    split = corpus.splits["primary"]
    assert set(shipped_models().trained_on) == set(split.tune)
    assert not set(shipped_models().trained_on) & set(split.measure)


def test_near_tied_bars_keep_the_rules_word() -> None:
    """A keep bar that scores a hair better does not win over a lower one: the rules' labels stay."""
    from evaluation.train_model import TIE_TOLERANCE, choose_bars

    scores = {(0.3, 0.5): 0.900, (0.3, 0.6): 0.890, (0.5, 0.5): 0.900 + TIE_TOLERANCE / 2, (0.5, 0.6): 0.80}
    assert choose_bars(scores) == (0.3, 0.5)


def test_a_clearly_better_keep_bar_still_wins() -> None:
    from evaluation.train_model import TIE_TOLERANCE, choose_bars

    scores = {(0.3, 0.5): 0.900, (0.5, 0.5): 0.900 + 3 * TIE_TOLERANCE, (0.5, 0.7): 0.90}
    assert choose_bars(scores) == (0.5, 0.5)
