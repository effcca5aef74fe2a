"""Train the models beside the rules (``analysis.models``) on the hand-labelled corpus.

    python -m evaluation.train_model           train on the tune writers, write data/model/tagging-models.npz
    python -m evaluation.train_model --check   exit 1 when the shipped models were trained on other data

Three models: the general n-gram model (every message), the inside n-gram model (messages inside
incidents) and the context model, which weighs both with the rules and the conversation. The
context model learns from what the first pass does on writers it did not see: for every training
writer, the n-gram models are trained on writers outside its group (``writer_folds``: eight groups of
writers) and the first pass is run on that writer's chats; its threshold per label is chosen leaving one
writer out.

The shipped models learn from the tune writers of the primary split (``SHIPPED_SPLIT``), never from its
measure writers, so the figures measured on those describe exactly the tagger that ships; when a new
round of writers arrives, the old measure writers move to the tune side and the models are trained again.

Needs scikit-learn (requirements-dev.txt); running the models needs numpy only. The evaluation
(``evaluation.evaluate``) trains the same way on a split's tune writers only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

from analysis.context import CODE_FEATURES, CODES, SHARED_FEATURES, ContextModel, context_features, first_pass
from analysis.models import MODELS_FILE, TaggingModels, load_models, save_models
from analysis.ngram import NgramModel, corpus_digest, feature_occurrences, tokenise
from samples.corpus import Corpus, TrainingSet, load_corpus, training_set

MIN_DF = 2  # a feature seen in one message only is that message's, not the wording of a label
C_NGRAM = 4.0
C_CONTEXT = 1.0
MIN_POSITIVES = 3
#: The first pass (before the context is known) adds a model's label from these probabilities;
#: codes not listed are left to the rules until the context model decides.
FIRST_PASS_THRESHOLDS: dict[str, float] = {
    "signal": 0.6, "closure": 0.7, "reaction": 0.7, "update": 0.9, "offtopic": 0.9,
}  # fmt: skip
#: Probabilities tried for the context model's threshold per code (chosen leave one writer out).
CANDIDATES: tuple[float, ...] = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
#: ... and for keeping a label the rules gave (the rules' word carries weight: lower bars are tried).
KEEP_CANDIDATES: tuple[float, ...] = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
#: Bars whose held-out F1 is within this of the best count as tied; among them the lowest keep bar wins,
#: so that one more training writer cannot flip a near tie into dropping the rules' obvious labels.
TIE_TOLERANCE = 0.003
#: The context model learns from a first pass on every training writer with n-gram models that never saw
#: that writer. Leaving one writer out at a time trained two n-gram models per writer (over an hour for 64
#: writers); leaving out one of eight groups of writers trains sixteen, and gives the same kind of
#: unseen-writer rows from n-gram models trained on seven eighths of the writers instead of all but one
#: (27 minutes for 64 writers on the 2-core machine, most of it the first passes over every chat).
FIRST_PASS_FOLDS = 8
#: The split of sample_exports/corpus/writers.toml whose tune writers the shipped models learn from.
SHIPPED_SPLIT = "primary"


def shipped_writers(corpus: Corpus) -> tuple[str, ...]:
    """The writers the shipped models are trained on: the shipped split's tune writers."""
    return tuple(corpus.splits[SHIPPED_SPLIT].tune)


def normalised(texts: list[str]) -> pa.Array:
    from analysis.lexicon import load_lexicon
    from analysis.profile import default_profile
    from analysis.text_normalise import normalise

    lexicon = load_lexicon(tuple(default_profile().emergency_numbers))
    return normalise(pa.array(texts, type=pa.large_string()), lexicon)


def feature_matrix(norm: pa.Array, hashes: np.ndarray | None = None, idf: np.ndarray | None = None):
    """The scaled TF-IDF matrix of ``norm`` (scipy CSR), its vocabulary hashes and idf.

    Without ``hashes``, the vocabulary is every feature in at least MIN_DF texts of ``norm``.
    """
    from scipy.sparse import csr_matrix

    tokens = tokenise(norm)
    rows, features = feature_occurrences(tokens)
    n = tokens.n_texts
    if hashes is None:
        pairs = np.unique(np.stack([rows.astype(np.uint64), features]), axis=1)
        vocabulary, df = np.unique(pairs[1], return_counts=True)
        keep = df >= MIN_DF
        hashes, df = vocabulary[keep], df[keep]
        idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    column = np.minimum(np.searchsorted(hashes, features), max(len(hashes) - 1, 0))
    found = hashes[column] == features if len(hashes) else np.zeros(len(features), bool)
    rows, column = rows[found], column[found]
    values = idf[column].astype(np.float64)
    mass = np.bincount(rows, weights=values * values, minlength=n)
    values = values / np.sqrt(np.maximum(mass[rows], 1e-12))
    matrix = csr_matrix((values, (rows, column)), shape=(n, len(hashes)))
    matrix.sum_duplicates()
    return matrix, hashes, idf


def fit_ngram(data: TrainingSet) -> NgramModel:
    """One logistic regression per code over the n-gram features of ``data``'s messages."""
    from sklearn.linear_model import LogisticRegression

    matrix, hashes, idf = feature_matrix(normalised(data.texts))
    weights = np.zeros((len(hashes), len(CODES)), dtype=np.float32)
    bias = np.full(len(CODES), -20.0, dtype=np.float32)  # a code never seen is never predicted
    for k, _ in enumerate(CODES):
        y = data.targets[:, k]
        if y.sum() < MIN_POSITIVES or y.all():
            continue
        model = LogisticRegression(C=C_NGRAM, class_weight="balanced", max_iter=2000)
        model.fit(matrix, y)
        weights[:, k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    return NgramModel(CODES, hashes, idf, weights, bias, dict(FIRST_PASS_THRESHOLDS))


def first_pass_rows(corpus: Corpus, writer: str, general: NgramModel, inside: NgramModel):
    """Context features of every member message of ``writer``'s chats after a first pass with these
    n-gram models, and the hand labels of the same messages: (shared, own, targets, usable)."""
    from functools import partial

    from analysis.incidents import load_incident_rules
    from analysis.metrics import first_cut, groups_of, resolve_profiles, tag_chat
    from analysis.tagger import classify_incident_type, tag_messages
    from samples.corpus import align_source, parsed_source

    blocks = []
    bundle = TaggingModels(general, inside, _neutral_context(), "", ())
    for path in corpus.writers[writer].chats:
        sample, _, chat = parsed_source(path)
        profiles = resolve_profiles(groups_of(chat), None)
        tagged = tag_chat(chat, profiles, partial(tag_messages, models=bundle))
        tagged, walked, _ = first_cut(tagged, profiles, classify_incident_type, load_incident_rules())
        first = first_pass(tagged)
        shared, own = context_features(tagged, walked, first, inside)
        aligned = align_source(sample, walked.reset_index(drop=True))
        source_of = {parsed: source for source, parsed in aligned.items()}
        targets = np.zeros((len(first.rows), len(CODES)), dtype=bool)
        usable = np.zeros(len(first.rows), dtype=bool)
        for i, row in enumerate(first.rows.tolist()):
            source = source_of.get(row)
            if source is None:
                continue
            item = sample.labelled[source]
            codes = set(item.labels) | set(item.violations)
            targets[i] = [code in codes for code in CODES]
            usable[i] = True
        blocks.append((shared, own, targets, usable))
    shared = np.vstack([b[0] for b in blocks])
    own = {code: np.vstack([b[1][code] for b in blocks]) for code in CODES}
    return shared, own, np.vstack([b[2] for b in blocks]), np.concatenate([b[3] for b in blocks])


def _neutral_context() -> ContextModel:
    width = len(SHARED_FEATURES) + len(CODE_FEATURES)
    return ContextModel(CODES, np.zeros((len(CODES), width), np.float32), np.zeros(len(CODES), np.float32),
                        np.full((len(CODES), 2), 2.0, np.float32))  # fmt: skip


def fit_context(rows: list[tuple], writers: list[str]) -> ContextModel:
    """The context model from every writer's first-pass rows; thresholds chosen leave one writer out."""
    from sklearn.linear_model import LogisticRegression

    shared = np.vstack([r[0] for r in rows])
    targets = np.vstack([r[2] for r in rows])
    usable = np.concatenate([r[3] for r in rows])
    owner = np.concatenate([np.full(len(r[3]), k) for k, r in enumerate(rows)])
    width = len(SHARED_FEATURES) + len(CODE_FEATURES)
    weights = np.zeros((len(CODES), width), dtype=np.float32)
    bias = np.full(len(CODES), -20.0, dtype=np.float32)
    thresholds = np.full((len(CODES), 2), 0.5, dtype=np.float32)
    for k, code in enumerate(CODES):
        X = np.hstack([shared, np.vstack([r[1][code] for r in rows])])[usable]
        y = targets[usable, k]
        groups = owner[usable]
        if y.sum() < MIN_POSITIVES:
            continue
        model = LogisticRegression(C=C_CONTEXT, max_iter=5000).fit(X, y)
        weights[k], bias[k] = model.coef_[0], model.intercept_[0]
        held_out = np.zeros(len(y))
        for g in np.unique(groups):
            train = groups != g
            if y[train].sum() < MIN_POSITIVES or y[train].all():
                continue
            fold = LogisticRegression(C=C_CONTEXT, max_iter=5000).fit(X[train], y[train])
            held_out[~train] = fold.predict_proba(X[~train])[:, 1]
        rule = shared[usable, SHARED_FEATURES.index(f"rule_{code}")] > 0
        scores = {
            (keep, add): _f1(np.where(rule, held_out >= keep, held_out >= add), y)
            for keep in KEEP_CANDIDATES
            for add in CANDIDATES
        }
        keep, add = choose_bars(scores)
        thresholds[k] = keep, add
        if _f1(rule, y) >= _f1(np.where(rule, held_out >= keep, held_out >= add), y):
            thresholds[k] = np.nan  # the rules alone did better on writers the model did not see
    return ContextModel(CODES, weights, bias, thresholds)


def choose_bars(scores: dict[tuple[float, float], float]) -> tuple[float, float]:
    """The (keep, add) bars to ship from their held-out F1: the lowest keep bar among near ties with the best.

    Several bars often score within a message or two of each other; taking the bare maximum lets one more
    writer move the keep bar and drop labels the rules get right. Within the keep bar, the best add bar wins
    (nearest 0.5 on a tie).
    """
    best = max(scores.values())
    keep = min(k for (k, _), score in scores.items() if score >= best - TIE_TOLERANCE)
    return max(
        ((k, a) for (k, a) in scores if k == keep),
        key=lambda pair: (scores[pair], -abs(pair[1] - 0.5)),
    )


def _f1(predicted: np.ndarray, truth: np.ndarray) -> float:
    tp = int((predicted & truth).sum())
    wrong = int((predicted ^ truth).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def writer_folds(writers: list[str], folds: int = FIRST_PASS_FOLDS) -> list[list[str]]:
    """The writers dealt round-robin into ``folds`` groups (one writer each when there are fewer)."""
    count = min(folds, len(writers))
    return [writers[k::count] for k in range(count)]


def fit_models(corpus: Corpus, writers: tuple[str, ...] | list[str], progress=None) -> TaggingModels:
    """All three models trained on ``writers`` only."""
    writers = list(writers)
    rows_of: dict[str, tuple] = {}
    for fold in writer_folds(writers):
        others = [w for w in writers if w not in fold]
        general = fit_ngram(training_set(corpus, others))
        inside = fit_ngram(training_set(corpus, others, inside_only=True))
        for writer in fold:
            rows_of[writer] = first_pass_rows(corpus, writer, general, inside)
        if progress:
            progress(f"first pass on {', '.join(fold)} with models of the other writers")
    rows = [rows_of[writer] for writer in writers]
    data = training_set(corpus, writers)
    return TaggingModels(
        general=fit_ngram(data),
        inside=fit_ngram(training_set(corpus, writers, inside_only=True)),
        context=fit_context(rows, writers),
        corpus_digest=corpus_digest(data.texts, data.targets),
        trained_on=tuple(writers),
    )


def models_path() -> Path:
    """The shipped model file, inside the ``analysis`` package that reads it."""
    return Path(__file__).resolve().parent.parent / "analysis" / MODELS_FILE


def is_stale() -> bool:
    """Whether the shipped models were trained on other texts or labels than the corpus holds now."""
    corpus = load_corpus()
    data = training_set(corpus, shipped_writers(corpus))
    path = models_path()
    if not path.is_file():
        return True
    return load_models(path.read_bytes()).corpus_digest != corpus_digest(data.texts, data.targets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.train_model", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the shipped models are stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = is_stale()
        print(
            "the shipped models are stale: run python -m evaluation.train_model"
            if stale
            else "models up to date"
        )
        return 1 if stale else 0
    corpus = load_corpus()
    models = fit_models(corpus, shipped_writers(corpus), progress=print)
    path = models_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(save_models(models))
    thresholds = {
        code: tuple(pair)
        for code, pair in zip(CODES, np.round(models.context.thresholds, 2).tolist(), strict=True)
    }
    print(
        f"wrote {MODELS_FILE} ({path.stat().st_size // 1024} KiB): writers {', '.join(models.trained_on)}; "
        f"context thresholds {thresholds}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
