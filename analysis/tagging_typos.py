"""Typo-tolerant reading of the few words the tagger depends on ("gebelt" -> "gebeld", "inbaak" -> "inbraak").

Members type fast and under stress, so exact keyword matching misses reports. Instead of fuzzy
matching every pattern, we correct the *tokens* once: a token one edit (insert, delete, replace,
swap) away from a target word in the lexicon is read as that word, unless it is a real word we
know (``protected``). Lookups use a delete-neighbourhood index (SymSpell style), so the cost is a
handful of dict lookups per distinct token, not a comparison with every target.

Hostile input (a 400 KB "word", a 5 MB message without spaces) costs no more than a normal word: a
token longer than the longest target plus one letter cannot be one edit away from any target, so it
is never split into its deletes (which would take time and memory quadratic in its length), and the
memory of answers is emptied when it grows past ``CACHE_LIMIT`` tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MIN_LENGTH = 5  # shorter words have too many real neighbours ("bel", "auto")
CACHE_LIMIT = 200_000  # remembered answers; a chat has a few thousand distinct words


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insert, delete, substitution or adjacent swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


class TypoCorrector:
    """Maps tokens to the lexicon word they misspell; remembers its answers between calls."""

    def __init__(self, targets: Iterable[str], protected: Iterable[str], variants: Mapping[str, str]) -> None:
        self.targets = frozenset(t for t in targets if len(t) >= MIN_LENGTH)
        self.protected = frozenset(protected) | self.targets
        self.variants = dict(variants)
        #: Longer tokens are no typo of a target (one insert makes a word one letter longer).
        self.max_length = max(map(len, self.targets), default=0) + 1
        self._index: dict[str, set[str]] = {}
        for target in self.targets:
            for key in _deletes(target) | {target}:
                self._index.setdefault(key, set()).add(target)
        self._cache: dict[str, str | None] = {}

    def correct(self, token: str) -> str | None:
        """The word ``token`` misspells, or None when it is fine or unknown."""
        if len(token) > self.max_length:  # checked first: hashing a 5 MB token for the cache costs too
            return self.variants.get(token)
        if token in self._cache:
            return self._cache[token]
        answer = self.variants.get(token)
        if answer is None and len(token) >= MIN_LENGTH and token not in self.protected and token.isalpha():
            candidates: set[str] = set()
            for key in _deletes(token) | {token}:
                candidates |= self._index.get(key, set())
            close = sorted(t for t in candidates if edit_distance_at_most_one(token, t))
            answer = close[0] if len(close) == 1 else None  # ambiguous: leave it
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = answer
        return answer

    def corrections(self, tokens: Iterable[str]) -> dict[str, str]:
        """Token -> corrected word, for the tokens that need one."""
        found = {}
        for token in tokens:
            fixed = self.correct(token)
            if fixed is not None and fixed != token:
                found[token] = fixed
        return found
