"""The normalisation rewrites run only on the texts one combined pattern finds: the result must be exactly
what every rewrite over every text gives, however the texts mix."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from analysis.lexicon import load_lexicon
from analysis.text_normalise import _rewrite

TEXTS = [
    "Ich bel nou 112!",
    "Plietsie het t kenteken, bie mie west",
    "Kerkstraat 112 is weer vrij",
    "Bel 1-1-2 of 0900 8844",
    "Mijn buurman zag het ook",
    "z\u2019n fiets staat er nog\u00a0 hoor",
    "een een twee gebeld",
    "Gewoon een rustige avond",
    "",
    "Ik ga slapen, welterusten",
    "politie belde terug, ze komen langs",
    "Café René: 12.50 euro",
]


def _every_rewrite_everywhere(texts: pa.Array, rewrites) -> pa.Array:
    out = pc.utf8_lower(pc.utf8_normalize(texts, form="NFKD"))
    out = pc.replace_substring_regex(out, pattern=r"\p{Mn}+", replacement="")
    for pattern, replacement in rewrites:
        out = pc.replace_substring_regex(out, pattern=pattern, replacement=replacement)
    return out


@pytest.mark.parametrize("rotation", range(0, len(TEXTS), 3))
def test_rewriting_only_the_texts_that_need_it_changes_nothing(rotation: int) -> None:
    lexicon = load_lexicon(("112", "0900-8844"))
    texts = pa.array(TEXTS[rotation:] + TEXTS[:rotation], type=pa.large_string())
    expected = _every_rewrite_everywhere(texts, (*lexicon.rewrites, *lexicon.number_rewrites))
    assert _rewrite(texts, lexicon).to_pylist() == expected.to_pylist()


def test_texts_without_anything_to_rewrite_come_back_lowered() -> None:
    lexicon = load_lexicon(("112", "0900-8844"))
    texts = pa.array(["Gewoon een rustige avond", "Welterusten"], type=pa.large_string())
    assert _rewrite(texts, lexicon).to_pylist() == ["gewoon een rustige avond", "welterusten"]
