"""A linear word and character n-gram model beside the rules: wording the lexicon never listed.

The rules (``analysis.tagger``) know the words their authors thought of; on chats by other writers
they miss reports without a trigger noun, and reactions and closures told in other words. A logistic
regression per label over word uni- and bigrams and the character 3-5-grams of every word, trained
on the hand-labelled corpus by ``python -m evaluation.train_model``, reads that wording. It ships as one
small ``.npz`` file of feature hashes and weights, so scikit-learn is needed to train, not to run.

Features are hashed to 64 bits from each word's bytes with numpy. Every distinct word is scored
once (its unigram and character n-grams); a text adds up its words' scores and its bigrams'. The
text vector is scaled by its length (the square root of the summed squared idf weights of its
features), as TF-IDF does, so a long story does not outvote a short report. Training builds the
same features as an explicit sparse matrix (``feature_matrix``); a test checks both give one score.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MAX_WORD = 24  # longer words are cut: a 400 KB "word" costs no more than a long normal one
GRAM_SIZES = (3, 4, 5)
_EMOJI = r"[\x{1F000}-\x{1FAFF}\x{2600}-\x{27BF}\x{2B00}-\x{2BFF}\x{FE0F}]+"
_MARKS = ((_EMOJI, " _emoji_ "), (r"([?!])[?!]*", r" \1 "))
_SPLIT = r"[^a-z0-9_?!]+"
_MARK_BYTES = frozenset(b"_?!")  # tokens that are marks, not words: no character n-grams

_P = np.uint64(0x100000001B3)  # FNV prime: the rolling hash's base
_P2 = np.uint64(0x9E3779B97F4A7C15)
_SALT_WORD = np.uint64(0x5BD1E9955BD1E995)
_SALT_BIGRAM = np.uint64(0xC2B2AE3D27D4EB4F)
#: What a text's first word is paired with: "start + ja" is the bigram of a message opening with "ja".
_START = np.uint64(0x27D4EB2F165667C5)
_SALT_GRAM = {n: np.uint64(0x165667B19E3779F9 * (n + 1) % (1 << 64)) for n in GRAM_SIZES}


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the rolling hash over all 64 bits."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


@dataclass(frozen=True)
class Tokens:
    """The tokens of a batch of normalised texts: which text and which distinct word each one is."""

    n_texts: int
    parent: np.ndarray  # text number of every token, in text order
    word: np.ndarray  # number of every token's word in ``words``
    words: pa.Array  # the distinct words (ASCII: the tokeniser keeps [a-z0-9_])


def tokenise(norm: pa.Array) -> Tokens:
    """Words of normalised texts (``analysis.text_normalise.normalise``); "?", "!", "_emoji_" too."""
    marked = pc.cast(pc.fill_null(norm, ""), pa.large_string())
    for pattern, replacement in _MARKS:
        marked = pc.replace_substring_regex(marked, pattern=pattern, replacement=replacement)
    parts = pc.split_pattern_regex(marked, pattern=_SPLIT)
    flat = pc.list_flatten(parts)
    parent = pc.list_parent_indices(parts).to_numpy()
    keep = pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
    flat = pc.filter(flat, pa.array(keep))
    encoded = pc.dictionary_encode(flat).combine_chunks() if isinstance(flat, pa.ChunkedArray) else None
    encoded = encoded if encoded is not None else pc.dictionary_encode(flat)
    return Tokens(
        n_texts=len(norm),
        parent=parent[keep].astype(np.int64, copy=False),
        word=encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False),
        words=pc.cast(encoded.dictionary, pa.large_string()),
    )


def _padded_bytes(words: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Every word as "<word>" in a matrix of byte values (cut at MAX_WORD), and its padded length."""
    words = pc.cast(words, pa.large_string())
    n = len(words)
    buffers = words.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64, count=n + 1, offset=8 * words.offset)
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    lengths = np.minimum(np.diff(offsets), MAX_WORD)
    matrix = np.zeros((n, MAX_WORD + 2), dtype=np.uint64)
    matrix[:, 0] = ord("<")
    columns = np.arange(MAX_WORD)
    inside = columns[None, :] < lengths[:, None]
    matrix[:, 1 : MAX_WORD + 1][inside] = data[(offsets[:-1, None] + columns[None, :])[inside]]
    matrix[np.arange(n), lengths + 1] = ord(">")
    return matrix, lengths + 2


def _prefix_hashes(matrix: np.ndarray) -> np.ndarray:
    prefix = np.zeros((matrix.shape[0], matrix.shape[1] + 1), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(matrix.shape[1]):
            prefix[:, k + 1] = prefix[:, k] * _P + matrix[:, k]
    return prefix


def word_features(words: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word number, feature hash) of every feature of every distinct word, grouped by word, and
    the unigram hash of every word (for the bigrams).

    A word's features are its unigram and, unless it is a mark ("?", "!", "_emoji_"), the character
    3-5-grams of "<word>".
    """
    n = len(words)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    matrix, padded = _padded_bytes(words)
    prefix = _prefix_hashes(matrix)
    rows = np.arange(n)
    unigram = _mix(prefix[rows, padded] ^ _SALT_WORD)
    owners = [rows]
    hashes = [unigram]
    grams = ~np.isin(matrix[:, 1], np.array(sorted(_MARK_BYTES), dtype=np.uint64))
    with np.errstate(over="ignore"):
        for size in GRAM_SIZES:
            power = _P ** np.uint64(size)
            for start in range(MAX_WORD + 2 - size + 1):
                valid = grams & (start + size <= padded)
                if not valid.any():
                    break
                which = rows[valid]
                value = prefix[which, start + size] - prefix[which, start] * power
                owners.append(which)
                hashes.append(_mix(value ^ _SALT_GRAM[size]))
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    return owner[order], np.concatenate(hashes)[order], unigram


def bigram_features(tokens: Tokens, unigram: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(text number, feature hash) of every pair of neighbouring words in a text, the first word
    paired with the start of the text."""
    if len(tokens.parent) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    opens = np.r_[True, tokens.parent[1:] != tokens.parent[:-1]]
    first = np.where(opens, _START, np.r_[_START, unigram[tokens.word[:-1]]])
    second = unigram[tokens.word]
    with np.errstate(over="ignore"):
        return tokens.parent, _mix(first * _P2 + (second ^ _SALT_BIGRAM))


def feature_occurrences(tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
    """(text number, feature hash) of every feature occurrence: for training and for tests.

    Scoring (``NgramModel.decision``) adds the same occurrences up word by word instead.
    """
    owner, hashes, unigram = word_features(tokens.words)
    counts = np.bincount(owner, minlength=len(tokens.words))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    per_token = counts[tokens.word]
    rows = np.repeat(tokens.parent, per_token)
    base = np.repeat(starts[tokens.word] - np.concatenate(([0], np.cumsum(per_token)[:-1])), per_token)
    positions = base + np.arange(len(rows))
    bigram_rows, bigram_hashes = bigram_features(tokens, unigram)
    return np.concatenate((rows, bigram_rows)), np.concatenate((hashes[positions], bigram_hashes))


@dataclass(frozen=True)
class TextFeatures:
    """The features of a batch of texts, extracted once for any number of models."""

    tokens: Tokens
    word_owner: np.ndarray  # word number of every word feature
    word_hashes: np.ndarray  # hash of every word feature
    bigram_rows: np.ndarray  # text number of every bigram
    bigram_hashes: np.ndarray


def text_features(norm: pa.Array) -> TextFeatures:
    tokens = tokenise(norm)
    owner, hashes, unigram = word_features(tokens.words)
    rows, bigrams = bigram_features(tokens, unigram)
    return TextFeatures(tokens, owner, hashes, rows, bigrams)


def decisions(models: list[NgramModel], norm: pa.Array) -> list[np.ndarray]:
    """Each model's log odds for the same texts, from one tokenisation and feature extraction."""
    features = text_features(norm)
    return [model.decide_features(features) for model in models]


@dataclass(frozen=True, eq=False)
class NgramModel:
    """Weights of one logistic regression per label over hashed n-gram features."""

    labels: tuple[str, ...]
    hashes: np.ndarray  # sorted feature hashes (uint64)
    idf: np.ndarray  # float32 per feature
    weights: np.ndarray  # float32, features x labels
    bias: np.ndarray  # float32 per label
    thresholds: dict[str, float]  # probability from which the first pass counts a label

    def lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row of every hash in the vocabulary, and whether it is there at all."""
        return _hash_table(self).find(hashes)

    @property
    def _scaled(self) -> np.ndarray:
        return _scaled_weights(self)

    def decision(self, norm: pa.Array) -> np.ndarray:
        """Decision value (log odds) per text and label: texts x labels, float64."""
        return decisions([self], norm)[0]

    def decide_features(self, features: TextFeatures) -> np.ndarray:
        """``decision`` from features already extracted (several models share one extraction)."""
        n, labels = features.tokens.n_texts, len(self.labels)
        if n == 0:
            return np.zeros((0, labels))
        tokens = features.tokens
        scaled, idf2 = self._scaled
        where, found = self.lookup(features.word_hashes)
        owner, where = features.word_owner[found], where[found]
        u = len(tokens.words)
        word_mass = np.bincount(owner, weights=idf2[where], minlength=u)
        numerator = np.empty((n, labels))
        for k in range(labels):
            word_score = np.bincount(owner, weights=scaled[where, k], minlength=u)
            numerator[:, k] = np.bincount(tokens.parent, weights=word_score[tokens.word], minlength=n)
        mass = np.bincount(tokens.parent, weights=word_mass[tokens.word], minlength=n)
        where, found = self.lookup(features.bigram_hashes)
        rows, where = features.bigram_rows[found], where[found]
        for k in range(labels):
            numerator[:, k] += np.bincount(rows, weights=scaled[where, k], minlength=n)
        mass += np.bincount(rows, weights=idf2[where], minlength=n)
        return numerator / np.sqrt(np.maximum(mass, 1e-12))[:, None] + self.bias[None, :]

    def _word_scores(
        self, words: pa.Array, scaled: np.ndarray, idf2: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        owner, hashes, unigram = word_features(words)
        where, found = self.lookup(hashes)
        owner, where = owner[found], where[found]
        u = len(words)
        score = np.empty((u, len(self.labels)))
        for k in range(len(self.labels)):
            score[:, k] = np.bincount(owner, weights=scaled[where, k], minlength=u)
        mass = np.bincount(owner, weights=idf2[where], minlength=u)
        return score, mass, unigram

    def probabilities(self, norm: pa.Array) -> np.ndarray:
        """Probability per text and label (texts x labels)."""
        return 1.0 / (1.0 + np.exp(-self.decision(norm)))

    def strongest_words(self, norm: list[str], label: str, top: int = 2) -> list[list[str]]:
        """For each text, the words that pushed it most towards ``label`` (for the reasons shown)."""
        k = self.labels.index(label)
        tokens = tokenise(pa.array(norm, type=pa.large_string()))
        scaled, idf2 = self._scaled
        word_score, _, _ = self._word_scores(tokens.words, scaled, idf2)
        words = tokens.words.to_pylist()
        result: list[list[str]] = [[] for _ in norm]
        contribution = word_score[tokens.word, k]
        marks = pc.starts_with(tokens.words, "_").to_numpy(zero_copy_only=False)  # the normaliser's marks
        candidates = np.flatnonzero((contribution > 0) & ~marks[tokens.word])
        # per text, its distinct words by falling contribution (ties in text order), the first ``top`` of them
        order = candidates[np.lexsort((-contribution[candidates], tokens.parent[candidates]))]
        text, word = tokens.parent[order].astype(np.int64), tokens.word[order].astype(np.int64)
        _, first = np.unique(text * max(len(words), 1) + word, return_index=True)
        first.sort()
        text, word = text[first], word[first]
        starts = np.flatnonzero(np.r_[True, text[1:] != text[:-1]])
        rank = np.arange(len(text)) - np.repeat(starts, np.diff(np.r_[starts, len(text)]))
        for position in np.flatnonzero(rank < top).tolist():
            result[text[position]].append(words[word[position]])
        return result


class _HashTable:
    """Open addressing over the vocabulary: a lookup costs one or two probes of a small table."""

    def __init__(self, hashes: np.ndarray) -> None:
        size = 1 << max(4, int(np.ceil(np.log2(max(len(hashes), 1) * 4))))
        self.mask = np.uint64(size - 1)
        self.keys = np.zeros(size, dtype=np.uint64)
        self.rows = np.full(size, -1, dtype=np.int64)
        self.longest = 0
        mask = size - 1
        for row, key in enumerate(hashes.tolist()):
            slot, probes = key & mask, 0
            while self.rows[slot] >= 0:
                slot, probes = (slot + 1) & mask, probes + 1
            self.keys[slot], self.rows[slot] = key, row
            self.longest = max(self.longest, probes)

    def find(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        row = np.full(len(hashes), -1, dtype=np.int64)
        slot = (hashes & self.mask).astype(np.int64)
        active = np.arange(len(hashes))
        for _ in range(self.longest + 1):
            if len(active) == 0:
                break
            at = slot[active]
            candidate = self.rows[at]
            hit = (candidate >= 0) & (self.keys[at] == hashes[active])
            row[active[hit]] = candidate[hit]
            active = active[~hit & (candidate >= 0)]
            slot[active] = (slot[active] + 1) & int(self.mask)
        found = row >= 0
        return np.where(found, row, 0), found


@lru_cache(maxsize=4)
def _hash_table(model: NgramModel) -> _HashTable:
    return _HashTable(model.hashes)


@lru_cache(maxsize=4)
def _scaled_weights(model: NgramModel) -> tuple[np.ndarray, np.ndarray]:
    idf = model.idf.astype(np.float64)
    return model.weights.astype(np.float64) * idf[:, None], idf * idf


def corpus_digest(texts: list[str], targets: np.ndarray) -> str:
    """A fingerprint of the training data: a model trained on other data is stale."""
    h = hashlib.sha256()
    for text in texts:
        h.update(text.encode("utf-8"))
        h.update(b"\x00")
    h.update(np.ascontiguousarray(targets, dtype=np.uint8).tobytes())
    return h.hexdigest()


def to_arrays(model: NgramModel, prefix: str) -> tuple[dict[str, np.ndarray], dict]:
    """The model as named arrays (weights as float16: small file, scores barely move) and metadata."""
    arrays = {
        f"{prefix}.hashes": model.hashes,
        f"{prefix}.idf": model.idf.astype(np.float16),
        f"{prefix}.weights": model.weights.astype(np.float16),
        f"{prefix}.bias": model.bias.astype(np.float32),
    }
    meta = {"labels": list(model.labels), "thresholds": model.thresholds}
    return arrays, meta


def from_arrays(arrays, prefix: str, meta: dict) -> NgramModel:
    return NgramModel(
        labels=tuple(meta["labels"]),
        hashes=np.asarray(arrays[f"{prefix}.hashes"]).astype(np.uint64),
        idf=np.asarray(arrays[f"{prefix}.idf"]).astype(np.float32),
        weights=np.asarray(arrays[f"{prefix}.weights"]).astype(np.float32),
        bias=np.asarray(arrays[f"{prefix}.bias"]).astype(np.float32),
        thresholds={k: float(v) for k, v in meta.get("thresholds", {}).items()},
    )
