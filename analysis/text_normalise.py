"""Bring message texts into the one form the lexicon patterns are written for.

Lower case, no accents, emergency numbers as bare digits ("1-1-2" -> "112"), house numbers marked
("Kerkstraat 112" -> "kerkstraat nr_112", so they never read as a call), typos of key words
corrected, and the text cut into sentences, because "is it a question?" and "is it negated?" are
questions about one sentence, not the whole message. Everything runs vectorised in pyarrow (RE2),
which is what keeps a million messages within the time budget.

Only the first ``MAX_TEXT_CHARS`` characters of a text are read. The longest message in the labelled
chats has 1,400; a pasted log or a 5 MB line of letters would otherwise cost every later step (typo
correction, sentence split, every concept's pattern, the n-gram model) time and memory in proportion,
and the tagger's labels, reasons and models only ever see this normalised form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analysis.lexicon import Lexicon
from analysis.parallel import map_slices
from analysis.tagging_typos import TypoCorrector

#: What the tagger reads of a message; the rest of a longer text is ignored (see the module doc).
MAX_TEXT_CHARS = 5_000
SENTENCE_BREAK = r"[.!;\n]+"  # "?" stays at the end of its sentence (see split_sentences)
_TOKEN = r"[^a-z0-9_]+"
_PY_TOKEN = re.compile(r"[a-z0-9_]+")


@lru_cache(maxsize=16)
def corrector_for(lexicon: Lexicon) -> TypoCorrector:
    return TypoCorrector(lexicon.typo_targets, lexicon.typo_protected, lexicon.typo_variants)


def _fix_typos(texts: pa.Array, lexicon: Lexicon) -> pa.Array:
    """Replace misspelt key words; only texts that contain one are touched in Python."""
    if len(texts) == 0:
        return texts
    tokens = pc.unique(pc.list_flatten(pc.split_pattern_regex(texts, pattern=_TOKEN))).to_pylist()
    fixes = corrector_for(lexicon).corrections(t for t in tokens if t)
    if not fixes:
        return texts
    alternation = "|".join(sorted((re.escape(t) for t in fixes), key=len, reverse=True))
    hit = pc.match_substring_regex(texts, pattern=rf"\b(?:{alternation})\b").to_numpy(zero_copy_only=False)
    if not hit.any():
        return texts
    values = texts.to_pylist()
    rx = re.compile(rf"\b(?:{alternation})\b")
    for i in np.flatnonzero(hit):
        values[i] = rx.sub(lambda m: fixes[m.group(0)], values[i])
    return pa.array(values, type=pa.large_string())


def normalise(texts: pa.Array, lexicon: Lexicon) -> pa.Array:
    """The normalised form of every text (same length and order), read up to ``MAX_TEXT_CHARS``."""
    out = pc.cast(pc.fill_null(texts, ""), pa.large_string())
    out = pc.utf8_slice_codeunits(out, start=0, stop=MAX_TEXT_CHARS)  # code points, despite the name
    parts = map_slices(_rewrite, out, lexicon)
    return _fix_typos(pa.concat_arrays(parts) if len(parts) > 1 else parts[0], lexicon)


def _rewrite(out: pa.Array, lexicon: Lexicon) -> pa.Array:
    """Lower case, no accents, and the lexicon's rewrites in order.

    About one text in five has anything to rewrite, and each of the fifty-odd rewrites is a pass of its own,
    so the rewrites run only on the texts that their combined patterns (``Lexicon.rewrite_chunks``) find. That
    is exact: a text no rewrite matches is never changed, so no later rewrite can match it either.
    """
    out = pc.utf8_lower(pc.utf8_normalize(out, form="NFKD"))
    out = pc.replace_substring_regex(out, pattern=r"\p{Mn}+", replacement="")
    hit = np.zeros(len(out), dtype=bool)
    for chunk in lexicon.rewrite_chunks:
        hit |= pc.match_substring_regex(out, pattern=chunk).to_numpy(zero_copy_only=False)
    if not hit.any():
        return out
    part = pc.filter(out, pa.array(hit))
    for pattern, replacement in (*lexicon.rewrites, *lexicon.number_rewrites):
        part = pc.replace_substring_regex(part, pattern=pattern, replacement=replacement)
    return pc.replace_with_mask(out, pa.array(hit), part)


def split_sentences(texts: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Sentences of all texts, and for each sentence the index of its text.

    Every text yields at least one (possibly empty) sentence, so message-level "any" works
    without gaps. A sentence that ended in "?" keeps the "?" as its last character.
    """
    marked = pc.replace_substring_regex(texts, pattern=r"\?+", replacement="?\n")
    parts = pc.split_pattern_regex(marked, pattern=SENTENCE_BREAK)
    parent = pc.list_parent_indices(parts).to_numpy()
    sentences = pc.utf8_trim_whitespace(pc.list_flatten(parts))
    return sentences, parent


def normalise_one(text: str, lexicon: Lexicon) -> str:
    """A light Python version for a few texts (incident typing): case, accents, typos of key words."""
    lowered = unicodedata.normalize("NFKD", text[:MAX_TEXT_CHARS].lower())
    plain = (
        "".join(ch for ch in lowered if not unicodedata.combining(ch))
        .replace("'", " ")
        .replace("\u2019", " ")
    )
    corrector = corrector_for(lexicon)
    return _PY_TOKEN.sub(lambda m: corrector.correct(m.group(0)) or m.group(0), plain)
