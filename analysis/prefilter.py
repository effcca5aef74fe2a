"""Literal prefilter for the lexicon's RE2 patterns: which rows can match at all, found word by word.

A lexicon pattern such as ``\\b(ik|we)\\b (bel|bellen) .{0,20}\\b(112|politie)\\b`` can only match a text
that has the word "ik" or "we", the word "bel" or "bellen", and the word "112" or "politie". Those
*required literals* are derived from the pattern itself (``requirement``: a small reader of the RE2
syntax, each group read once, because the fragments repeat and Python's own ``re`` parser took 0.4 s
for the lexicon), so every lexicon change is covered without a declared list; a pattern with no
required literal, or with syntax the reader does not know, gets no prefilter and runs on every row.

``TokenIndex`` cuts the texts into words once (the runs of RE2's ASCII word characters ``[0-9A-Za-z_]``
that ``\\b`` sees), and answers every literal on the *distinct* words with a few vectorised passes:
a literal made of word characters lies inside one word, so "some word of the text equals / starts
with / ends with / contains it" is exactly "the text contains it (at that word boundary)". The rows
a pattern can match are then read from the words' occurrence lists, and the real RE2 pattern runs
on those rows only (``analysis.tagger._Matcher``): a necessary condition, so the result is the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: An atom is one literal test on a row: ("eq" | "prefix" | "suffix" | "contains", word) on its
#: words, or ("raw", text) on the row itself (a literal without any word character, such as "?").
Atom = tuple[str, str]
#: An option holds when all its atoms hold (the words of one alternative, strongest first); a clause
#: holds when one of its options holds; a requirement holds when all of its clauses hold. The matcher
#: checks the rarest atom of each option in the chat at hand.
Option = tuple[Atom, ...]
Clause = frozenset[Option]
Requirement = tuple[Clause, ...]

WORD_SPLIT = r"[^0-9A-Za-z_]+"  # RE2's \b and \w are ASCII: every other character ends a word
_RUN = re.compile(r"[0-9A-Za-z_]+")
_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_BOUNDARY = "\x00"  # a zero-width word boundary (\b, ^, $) inside a string of a reading
_GAP = "\x01"  # any text, possibly none (.{0,40}, \w+, [^ ] ...) inside a string of a reading
_NONWORD = "\x02"  # one character that is no word character (\W, \s, [\s,.]) inside a string
_SPACES = "\x03"  # any run of such characters, possibly none (\W*, " +" after its first space)
_MARKS = _BOUNDARY + _GAP + _NONWORD + _SPACES
_MAX_STRINGS = 256  # alternatives kept per node before they become clauses
_MAX_PRODUCT = 16  # strings a sequence or repetition spells out before it becomes clauses
_MAX_CLASS = 10  # a character class of at most this many characters is read as alternatives
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")  # RE2 reads "{,3}" as letters: no prefilter then
_PLAIN_PARTS = re.compile("[\x01\x02\x03]")
_TOKEN = re.compile(  # the pieces of RE2 syntax: letters, escapes, classes, groups, "|", repetitions
    r"(?P<plain>[^\\\[\]().|^$*+?{}]+)"
    r"|(?P<escape>\\(?:x\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{0,2}|[pP]\{[^}]*\}|[pP].|.))"
    r"|(?P<cls>\[\^?\]?(?:\\.|[^\]\\])*\])"
    r"|(?P<open>\((?:\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|:)?)?)"
    r"|(?P<close>\))"
    r"|(?P<bar>\|)"
    r"|(?P<repeat>(?:[*+?]|\{[0-9,]*\}?)\??)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_CLASS_MEMBER = re.compile(r"\\(?:x\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{0,2}|[pP]\{[^}]*\}|[pP].|.)|.", re.DOTALL)
_OPTION_ATOMS = 4  # words kept per alternative of a clause (its strongest)
_NARROWING = 16  # RE2 costs about as much per row as reading 16 word occurrences (see candidates)
_CLAUSES = 3  # a pattern's candidate rows are where its (up to) three rarest clauses hold
_KEY = 4  # prefixes and suffixes are looked up by this many characters, then checked in full
_KINDS = {(True, True): "eq", (True, False): "prefix", (False, True): "suffix", (False, False): "contains"}
_STRENGTH = {"eq": 4, "prefix": 2, "suffix": 2, "contains": 0, "raw": 0}


class _Unsupported(Exception):
    """Syntax this reader does not know (or RE2 would refuse): the pattern gets no prefilter."""


@lru_cache(maxsize=8192)
def requirement(pattern: str) -> Requirement:
    """The literals any match of the RE2 ``pattern`` must contain; () when there is no such literal."""
    if any(mark in pattern for mark in _MARKS):
        return ()
    try:
        strings, clauses = _reading(pattern)
    except (_Unsupported, RecursionError, ValueError, IndexError, OverflowError):
        return ()
    found = list(dict.fromkeys(c for c in (*clauses, *_clauses(strings)) if c))
    # a clause that holds wherever a smaller one holds adds nothing
    return tuple(c for c in found if not any(other < c for other in found))


# A node's reading: (strings, clauses). Every match of the node spells one of the strings, where _GAP
# stands for any text (empty included) and _BOUNDARY for a zero-width word boundary, and satisfies
# every clause. {_GAP} alone says nothing; a string without a gap says exactly what matches.
_Reading = tuple[frozenset[str], tuple[Clause, ...]]
_ANYTHING: _Reading = (frozenset({_GAP}), ())
_NOTHING: _Reading = (frozenset({""}), ())
_AT_BOUNDARY: _Reading = (frozenset({_BOUNDARY}), ())
_ONE_NONWORD: _Reading = (frozenset({_NONWORD}), ())


@lru_cache(maxsize=16384)
def _reading(text: str) -> _Reading:
    """The reading of an alternation (a pattern, or the inside of a group: fragments repeat, so cached)."""
    tokens = [(found.lastgroup, found.group(), found.start(), found.end()) for found in _TOKEN.finditer(text)]
    close: dict[int, int] = {}
    stack: list[int] = []
    for k, token in enumerate(tokens):
        if token[0] == "open":
            stack.append(k)
        elif token[0] == "close":
            if not stack:
                raise _Unsupported
            close[stack.pop()] = k
    if stack:
        raise _Unsupported
    alternatives: list[_Reading] = []
    items: list[_Reading] = []
    k = 0
    while k < len(tokens):
        kind, value, _start, end = tokens[k]
        if kind == "bar":
            alternatives.append(_sequence(items))
            items = []
            k += 1
            continue
        if kind == "plain":
            if k + 1 < len(tokens) and tokens[k + 1][0] == "repeat" and len(value) > 1:
                items.append((frozenset({value[:-1]}), ()))  # the repetition is the last letter's
                value = value[-1]
            node: _Reading = (frozenset({value}), ())
        elif kind == "open":
            if value == "(?":
                raise _Unsupported  # flags such as (?i) change what the letters match
            k, node = close[k], _reading(text[end : tokens[close[k]][2]])
        elif kind == "escape":
            node = _escape(value)
        elif kind == "cls":
            node = _char_class(value[1:-1])
        elif value == ".":
            node = _ANYTHING
        elif value in "^$":  # RE2 without (?m): the text's start or end, a word boundary for a word there
            node = _AT_BOUNDARY
        else:
            raise _Unsupported  # a repetition of nothing, a lone ")" or "{", ...
        k += 1
        if k < len(tokens) and tokens[k][0] == "repeat":
            node = _repeat(node, tokens[k][1])
            k += 1
            if k < len(tokens) and tokens[k][0] == "repeat":
                raise _Unsupported
        items.append(node)
    alternatives.append(_sequence(items))
    return alternatives[0] if len(alternatives) == 1 else _branch(alternatives)


def _escape(value: str) -> _Reading:
    ch = value[1]
    if ch in "bAz":
        return _AT_BOUNDARY
    if ch == "B":
        return _NOTHING
    if ch in "sW":
        return _ONE_NONWORD
    if ch in "dDSwpP":
        return _ANYTHING
    return (frozenset({_escaped_char(value)}), ())


def _escaped_char(value: str) -> str:
    """The character of an escape (``\\x41``, ``\\x{200b}``, ``\\n``, ``\\.``)."""
    ch = value[1]
    if ch == "x":
        digits = value[3:-1] if value.startswith("\\x{") else value[2:]
        if len(digits) < 2 and not value.startswith("\\x{"):
            raise _Unsupported
        return chr(int(digits, 16))
    if ch in _ESCAPED:
        return _ESCAPED[ch]
    if ch.isascii() and not ch.isalnum() and len(value) == 2:
        return ch
    raise _Unsupported  # \Q...\E, \C, octal, back-references ...


def _char_class(body: str) -> _Reading:
    """``[...]`` (without its brackets): its characters when few, else one (non-word) character."""
    if "[:" in body:
        raise _Unsupported  # POSIX classes
    negated = body.startswith("^")
    members = [found.group() for found in _CLASS_MEMBER.finditer(body[negated:])]
    chars: set[str] = set()
    known = nonword = not negated
    k = 0
    while k < len(members):
        member = members[k]
        if member.startswith("\\") and member[1] in "dDsSwWpP":
            known = False
            nonword &= member[1] in "sW"
            k += 1
            continue
        low = _escaped_char(member) if member.startswith("\\") else member
        if k + 2 < len(members) and members[k + 1] == "-":
            high_member = members[k + 2]
            if high_member.startswith("\\") and high_member[1] in "dDsSwWpP":
                raise _Unsupported
            high = _escaped_char(high_member) if high_member.startswith("\\") else high_member
            if ord(high) < ord(low):
                raise _Unsupported
            span = "".join(chr(code) for code in range(ord(low), min(ord(high), ord(low) + 256) + 1))
            nonword &= ord(high) - ord(low) < 256 and not _RUN.search(span)
            if ord(high) - ord(low) >= _MAX_CLASS:
                known = False
            else:
                chars.update(span)
            k += 3
            continue
        chars.add(low)
        nonword &= not _RUN.match(low)
        k += 1
    if known and chars and len(chars) <= _MAX_CLASS:
        return frozenset(chars), ()
    return _ONE_NONWORD if nonword else _ANYTHING


def _repeat(node: _Reading, token: str) -> _Reading:
    found = _REPEAT.fullmatch(token.rstrip("?")) if token[0] == "{" else None
    if token[0] == "{":
        if found is None:
            raise _Unsupported
        low = int(found.group(1))
        high = low if found.group(2) is None else (int(found.group(3)) if found.group(3) else None)
    else:
        low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[token[0]]
    if high is not None and high < low:
        raise _Unsupported
    return _repeated(node, low, high)


def _sequence(items: list[_Reading]) -> _Reading:
    if len(items) == 1:
        return items[0]
    strings = _START
    clauses: list[Clause] = []
    for part, more in items:
        clauses.extend(more)
        if part == _ANYTHING[0] and len(strings) > 1:
            # "(a|b).{0,40}": what comes before the gap and what comes after are required apart
            clauses.extend(_clauses(frozenset(text + _GAP for text in strings)))
            strings = part
        elif len(strings) * len(part) > 1 and strings != _START and _closed(strings, part):
            # "\\b(a|b)\\b (c|d)": no word runs on across the seam, so each side is required apart
            clauses.extend(_clauses(strings))
            strings = part
        elif len(strings) * len(part) > max(_MAX_PRODUCT, len(strings), len(part)):
            clauses.extend(_clauses(frozenset(text + _GAP for text in strings)))
            strings = frozenset(_join(_GAP, text) for text in part)
        elif len(strings) == 1 and len(part) == 1:
            strings = frozenset({_join(next(iter(strings)), next(iter(part)))})
        else:
            strings = _product(strings, part)
    return strings, tuple(clauses)


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str]:
    """Every left string followed by every right one (two gaps in a row read as one)."""
    if any(text.endswith(_GAP) for text in left) and any(text.startswith(_GAP) for text in right):
        return frozenset(_join(a, b) for a in left for b in right)
    return frozenset(a + b for a in left for b in right)


_START = frozenset({""})
_OPEN_EDGE = frozenset(_GAP + _SPACES) | _WORD


def _closed(left: frozenset[str], right: frozenset[str]) -> bool:
    """Does every left string end, and every right string start, with a non-word character or a
    word boundary (so no word of a match runs across where they meet)?"""
    return all(text and text[-1] not in _OPEN_EDGE for text in left) and all(
        text and text[0] not in _OPEN_EDGE for text in right
    )


def _branch(alternatives: list[_Reading]) -> _Reading:
    union = frozenset().union(*(strings for strings, _ in alternatives))
    if len(union) <= _MAX_STRINGS and not any(clauses for _, clauses in alternatives):
        return union, ()
    merged: set[Option] = set()
    for strings, clauses in alternatives:
        options = [c for c in (*clauses, *_clauses(strings)) if c]
        if not options:
            return _ANYTHING  # one alternative requires nothing: neither does the alternation
        merged |= max(options, key=_clause_strength)
    return frozenset({_GAP}), (frozenset(merged),)


def _repeated(node: _Reading, low: int, high: int | None) -> _Reading:
    strings, clauses = node
    if high is not None and high <= 4 and len(strings) ** max(high, 1) <= _MAX_PRODUCT:
        found: set[str] = set()
        for count in range(low, high + 1):
            found |= _power(strings, count)
        return frozenset(found), clauses if low >= 1 else ()
    if not any(_RUN.search(text) or _GAP in text for text in strings):  # " +", "\\W*", "[,.]+"
        if low == 0:
            return frozenset({_SPACES}), ()
        return frozenset(text + _SPACES for text in strings), clauses
    if low == 0:
        return _ANYTHING
    # x+ or x{2,}: one x, or a text that starts with one and ends with one
    more = {_join(_join(a, _GAP), b) for a in strings for b in strings}
    if len(strings) + len(more) <= _MAX_PRODUCT:
        return frozenset({*strings, *more}), clauses
    return frozenset({_GAP}), (*clauses, *_clauses(strings))


def _join(left: str, right: str) -> str:
    """``left + right``, two gaps in a row read as one."""
    if left.endswith(_GAP) and right.startswith(_GAP):
        return left + right[1:]
    return left + right


def _power(strings: frozenset[str], count: int) -> set[str]:
    result = {""}
    for _ in range(count):
        result = {_join(a, b) for a in result for b in strings}
    return result


@lru_cache(maxsize=65536)
def _atoms_of(piece: str) -> tuple[Atom, ...]:
    """The literal tests a piece (text between gaps) implies, strongest first: one per run of word
    characters, else its longest plain part. A run is bounded on a side where the piece has a non-word
    character or a word boundary next to it (past any run of non-word characters that may be empty):
    the word starts or ends there. It is open at the piece's edges (a gap, or the node's edge)."""
    if _SPACES not in piece:  # the usual piece: a run is bounded wherever it does not touch an edge
        size = len(piece)
        found = [(_KINDS[run.start() > 0, run.end() < size], run.group()) for run in _RUN.finditer(piece)]
        if found:
            return tuple(sorted(found, key=_atom_strength, reverse=True))
    atoms = []
    for run in _RUN.finditer(piece):
        before, after = run.start() - 1, run.end()
        while before >= 0 and piece[before] == _SPACES:
            before -= 1
        while after < len(piece) and piece[after] == _SPACES:
            after += 1
        starts = before >= 0 and piece[before] not in _WORD
        ends = after < len(piece) and piece[after] not in _WORD
        kind = "eq" if starts and ends else "prefix" if starts else "suffix" if ends else "contains"
        atoms.append((kind, run.group()))
    if not atoms:
        plain = max(_PLAIN_PARTS.split(piece.replace(_BOUNDARY, "")), key=len)
        if plain:
            atoms.append(("raw", plain))
    return tuple(sorted(atoms, key=_atom_strength, reverse=True))


def _atom_strength(atom: Atom) -> int:
    return len(atom[1]) + _STRENGTH[atom[0]]


def _clauses(strings: frozenset[str]) -> list[Clause]:
    """Clauses from alternative strings (a match spells one of them).

    Each string's pieces between gaps must all be there, so: one clause with the words of each string,
    one per piece position every string has (the first, the last, or each when all have as many), and
    every word all strings imply, alone. None when a string implies no word at all.
    """
    pieces = [[_atoms_of(piece) for piece in text.split(_GAP)] for text in strings]
    whole: set[Option] = set()
    for parts in pieces:
        atoms = sorted({atom for part in parts for atom in part}, key=_atom_strength, reverse=True)
        if not atoms:
            return []
        whole.add(tuple(atoms[:_OPTION_ATOMS]))
    common = {atom for part in pieces[0] for atom in part}
    for parts in pieces[1:]:
        common.intersection_update(atom for part in parts for atom in part)
    found: list[Clause] = [frozenset({(atom,)}) for atom in common]
    found.append(frozenset(whole))
    sizes = {len(parts) for parts in pieces}
    for k in range(sizes.pop()) if len(sizes) == 1 else (0, -1):
        if len(pieces) > 1 and all(parts[k] for parts in pieces):
            found.append(frozenset(parts[k][:_OPTION_ATOMS] for parts in pieces))
    return list(dict.fromkeys(found))


def _clause_strength(clause: Clause) -> tuple[int, int]:
    return (min(_atom_strength(option[0]) for option in clause), -len(clause))


def _lookup(keys: pa.Array, values: list[str]) -> list[np.ndarray]:
    """For each of ``values``, the positions of ``keys`` equal to it (one hash pass)."""
    position = pc.index_in(keys, value_set=pa.array(values, type=keys.type))
    found = np.flatnonzero(position.is_valid().to_numpy(zero_copy_only=False))
    which = pc.take(position, pa.array(found)).to_numpy(zero_copy_only=False)
    order = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[order], np.arange(len(values) + 1))
    return [found[order[bounds[k] : bounds[k + 1]]].astype(np.int64) for k in range(len(values))]


class Vocabulary:
    """The distinct words of some texts, with every atom answered on them once (cached)."""

    def __init__(self, words: pa.Array) -> None:
        self.words = words
        self._found: dict[Atom, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.words)

    def prepare(self, atoms: Iterable[Atom]) -> None:
        """Answer the not yet answered atoms on every distinct word, in a few vectorised passes.

        Equality is one hash lookup of every word. A prefix (suffix) is looked up by the word's first
        (last) ``_KEY`` characters, or all of them when shorter, then checked in full on the few words
        that share that key; "contains" is one search per literal among the words any of them is in.
        """
        todo = sorted({a for a in atoms if a[0] != "raw" and a not in self._found})
        if not todo:
            return
        groups: dict[tuple[str, int], list[str]] = {}
        for kind, word in todo:
            size = min(len(word), _KEY) if kind in ("prefix", "suffix") else 0
            groups.setdefault((kind, size), []).append(word)
        for (kind, size), words in groups.items():
            if kind == "contains":
                self._contains(words)
                continue
            if kind == "eq":
                keys, cut = self.words, (lambda word: word)
            elif kind == "prefix":
                keys = pc.utf8_slice_codeunits(self.words, start=0, stop=size)
                cut = lambda word, size=size: word[:size]  # noqa: E731
            else:
                keys = pc.utf8_slice_codeunits(self.words, start=-size)
                cut = lambda word, size=size: word[-size:]  # noqa: E731
            distinct = list(dict.fromkeys(map(cut, words)))
            by_key = dict(zip(distinct, _lookup(keys, distinct), strict=True))
            check = pc.starts_with if kind == "prefix" else pc.ends_with
            for word in words:
                found = by_key[cut(word)]
                if len(word) > size and kind != "eq" and len(found):  # the key was only its start (end)
                    found = found[check(self.words.take(pa.array(found)), pattern=word).to_numpy(False)]
                self._found[(kind, word)] = found

    def _contains(self, words: list[str]) -> None:
        subset = np.arange(len(self.words))
        if len(words) > 2:  # one pass finds the words that contain any of them
            anywhere = "|".join(re.escape(word) for word in words)
            hit = pc.match_substring_regex(self.words, pattern=anywhere).to_numpy(zero_copy_only=False)
            subset = np.flatnonzero(hit)
        values = self.words.take(pa.array(subset)) if len(subset) < len(self.words) else self.words
        for word in words:
            hit = pc.match_substring(values, pattern=word).to_numpy(zero_copy_only=False)
            self._found[("contains", word)] = subset[hit].astype(np.int64)

    def answered(self) -> list[tuple[Atom, np.ndarray]]:
        """Every atom answered so far, with its words."""
        return list(self._found.items())

    def words_of(self, atom: Atom) -> np.ndarray:
        if atom not in self._found:
            self.prepare([atom])
        return self._found[atom]


class TokenIndex:
    """Where every distinct word occurs in ``values`` (rows), to find a pattern's candidate rows."""

    def __init__(
        self,
        values: pa.Array,
        vocabulary: Vocabulary,
        rows: np.ndarray,
        counts: np.ndarray,
        starts: np.ndarray,
    ) -> None:
        self.values = values
        self.vocabulary = vocabulary
        self._rows = rows  # the row of every word occurrence, grouped by word (``starts``, ``counts``)
        self._counts = counts
        self._starts = starts
        self._raw: dict[str, np.ndarray] = {}
        self._cost: dict[Atom, int] = {}
        self._clause_cost: dict[Clause, int] = {}
        self._rarest_atom: dict[Option, Atom] = {}
        self._scratch: np.ndarray | None = None

    @classmethod
    def build(cls, *arrays: pa.Array) -> list[TokenIndex]:
        """One index per array, over one shared vocabulary.

        Arrays with the same words in the same order (the sentences of texts and the texts: splitting
        at punctuation never cuts a word) share one dictionary encoding and one sort.
        """
        found = [_words(values) for values in arrays]
        if all(_same_words(found[0][0], other) for other, _ in found[1:]):
            encoded = pc.dictionary_encode(found[0][0])
            vocabulary = Vocabulary(encoded.dictionary)
            codes = [encoded.indices.to_numpy(zero_copy_only=False)] * len(found)
        else:
            encoded = pc.dictionary_encode(pa.concat_arrays([words for words, _ in found]))
            vocabulary = Vocabulary(encoded.dictionary)
            flat = encoded.indices.to_numpy(zero_copy_only=False)
            bounds = np.cumsum([0, *(len(rows) for _, rows in found)])
            codes = [flat[bounds[k] : bounds[k + 1]] for k in range(len(found))]
        indexes: list[TokenIndex] = []
        grouping: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        for k, values in enumerate(arrays):
            if grouping is None or codes[k] is not codes[k - 1]:
                order = np.argsort(codes[k])
                counts = np.bincount(codes[k], minlength=len(vocabulary)).astype(np.int64)
                starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
                grouping = (order, counts, starts)
            order, counts, starts = grouping
            indexes.append(cls(values, vocabulary, found[k][1][order], counts, starts))
        return indexes

    def count(self, clause: Clause) -> int:
        """How many word occurrences (or rows, for a raw atom) satisfy the clause: its cost."""
        cost = self._clause_cost.get(clause)
        if cost is None:
            cost = self._clause_cost[clause] = sum(self._atom_cost(self._rarest(option)) for option in clause)
        return cost

    def _rarest(self, option: Option) -> Atom:
        if len(option) == 1:
            return option[0]
        atom = self._rarest_atom.get(option)
        if atom is None:
            atom = self._rarest_atom[option] = min(option, key=self._atom_cost)
        return atom

    def _atom_cost(self, atom: Atom) -> int:
        cost = self._cost.get(atom)
        if cost is None and not self._cost:
            self._count_answered()
            cost = self._cost.get(atom)
        if cost is None:
            if atom[0] == "raw":  # not worth a pass over the text just to know: assume every row
                cost = len(self.values)
            else:
                cost = int(self._counts[self.vocabulary.words_of(atom)].sum())
            self._cost[atom] = cost
        return cost

    def _count_answered(self) -> None:
        """The cost of every atom the vocabulary answered so far, in one vectorised sum."""
        answered = self.vocabulary.answered()
        sizes = [len(found) for _, found in answered]
        if sum(sizes):
            flat = np.concatenate([found for _, found in answered])
            owner = np.repeat(np.arange(len(answered)), sizes)
            totals = np.bincount(owner, weights=self._counts[flat], minlength=len(answered))
        else:
            totals = np.zeros(len(answered))
        self._cost.update(zip((atom for atom, _ in answered), totals.astype(np.int64).tolist(), strict=True))

    def rows(self, clause: Clause) -> np.ndarray:
        """Rows (with repeats) that satisfy the clause (each option by its rarest atom)."""
        parts: list[np.ndarray] = []
        words: list[np.ndarray] = []
        for option in clause:
            atom = self._rarest(option)
            if atom[0] == "raw":
                parts.append(self._raw_rows(atom[1]))
            else:
                words.append(self.vocabulary.words_of(atom))
        if words:
            chosen = np.unique(np.concatenate(words))
            counts = self._counts[chosen]
            total = int(counts.sum())
            if total:
                offsets = np.repeat(self._starts[chosen] - (np.cumsum(counts) - counts), counts)
                parts.append(self._rows[offsets + np.arange(total)])
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _raw_rows(self, text: str) -> np.ndarray:
        if text not in self._raw:
            hit = pc.match_substring(self.values, pattern=text).to_numpy(zero_copy_only=False)
            self._raw[text] = np.flatnonzero(hit)
        return self._raw[text]

    def candidates(self, requirement: Requirement) -> np.ndarray | None:
        """Rows that may match a pattern with this requirement; None: every row.

        The rows of its rarest clause, kept only where the next rarest clauses hold too, as long as
        reading a clause's occurrences costs less than running RE2 on the rows it could rule out.
        """
        if not requirement:
            return None
        ordered = sorted(requirement, key=self.count)
        rows = self.rows(ordered[0])  # (a row holding a word twice is there twice: harmless)
        for clause in ordered[1:_CLAUSES]:
            if self.count(clause) > _NARROWING * len(rows):
                break
            seen = self._seen()
            other = self.rows(clause)
            seen[other] = True
            rows = rows[seen[rows]]
            seen[other] = False
        return rows

    def _seen(self) -> np.ndarray:
        """A scratch mask over the rows, all False between uses."""
        if self._scratch is None:
            self._scratch = np.zeros(len(self.values), dtype=bool)
        return self._scratch


_WORD_BYTES = np.zeros(256, dtype=bool)
_WORD_BYTES[list(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")] = True


def _words(values: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Every word of every row (runs of ASCII word characters, as RE2's \\b sees them) and its row.

    Read straight from the UTF-8 bytes with numpy: a byte of a non-ASCII character is never a word
    byte, just as RE2 counts no such character as a word character. Much faster than a regex split.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    values = values.cast(pa.large_string()) if values.type != pa.large_string() else values
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64)[
        values.offset : values.offset + len(values) + 1
    ]
    data = values.buffers()[2]
    if len(values) == 0 or data is None or offsets[-1] == offsets[0]:
        return pa.array([], type=pa.large_string()), np.zeros(0, dtype=np.int64)
    text = np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
    relative = offsets - offsets[0]
    word = _WORD_BYTES[text]
    first = np.zeros(len(text) + 1, dtype=bool)  # the first byte of a row (and the end of the last)
    first[relative] = True
    starts = np.flatnonzero(word & (first[:-1] | ~np.concatenate(([False], word[:-1]))))
    ends = np.flatnonzero(word & (first[1:] | ~np.concatenate((word[1:], [False])))) + 1
    del word, first
    if len(starts) == 0:
        return pa.array([], type=pa.large_string()), np.zeros(0, dtype=np.int64)
    # the words and the gaps between them as one array over the same bytes; every other value a word
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2], bounds[1::2] = starts + offsets[0], ends + offsets[0]
    del ends
    both = pa.LargeStringArray.from_buffers(len(bounds) - 1, pa.py_buffer(bounds), data)
    words = both.take(pa.array(np.arange(0, len(bounds) - 1, 2)))
    del both, bounds
    rows = np.searchsorted(relative, starts, side="right") - 1
    return words, rows


def _same_words(words: pa.Array, other: pa.Array) -> bool:
    """Do two word lists hold the same words in the same order (compared byte for byte)?"""
    if len(words) != len(other):
        return False
    mine, theirs = (np.frombuffer(w.buffers()[1], dtype=np.int64) for w in (words, other))
    if not np.array_equal(mine, theirs):
        return False
    if len(words) == 0 or mine[-1] == 0:
        return True
    return words.buffers()[2].equals(other.buffers()[2])
