"""Pseudonymise members and scrub personal data from message text.

Anything shown outside the group (the regiegroep's shared review, the municipality's report, a
screenshot of the dashboard) must not name members or carry phone numbers, e-mail addresses,
licence plates, postcodes or addresses. Members become "Lid 01", "Lid 02", ... in order of first
appearance, so the same input always gives the same pseudonyms in every table and every month.

A first name or surname written alone (two letters or more: "Mo") becomes the pseudonym of the one
member who has it. One shared by several members ("Tom" in both groups, two Annas in one) becomes the
neutral "[naam]" (``shared_name_placeholder`` in the data file), never one of their pseudonyms: a text
does not say which Tom is meant (often a neighbour outside the group), so a pseudonym could pin the
message on the wrong member, and choosing by group would still link a group's messages to one member
where it guessed wrong. "[naam]" leaks nothing: it is the same for everyone and says only that a name
stood there. Ordinary words among name parts follow the same rules as before (``first_name_stopwords``).

Texts are processed all at once: they are joined into one string with a separator no pattern can
cross, each compiled pattern runs once over it, and the result is split again. That keeps 40,000
messages well under a second.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from analysis.model import Analysis
from parsers.schema import EXPORTER

#: Joins texts for one-pass processing; patterns never match it (it is neither word nor space).
_SEPARATOR = "\x00"
#: Longest name also looked for inside message text. A longer "name" is a system line's list of members
#: added at once; nobody writes it in a message, and each listed member who writes is matched by name.
MAX_NAME_IN_TEXT = 200
#: Columns that hold a member name, per table of `Analysis`.
NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "messages": ("author", "member"),
    "incidents": ("opened_by",),
    "members": ("member",),
    "offtopic_leavers": ("member",),
}
#: Columns that hold free text written by members.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "messages": ("text",),
    "incidents": ("opening_text", "outcome"),
}
#: Columns that hold tuples of strings quoting message text ("label: rule -> 'words'").
TUPLE_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {"messages": ("reasons",)}


@dataclass(frozen=True)
class ScrubPattern:
    """One kind of personal data in text and what replaces it."""

    name: str
    placeholder: str
    regex: re.Pattern[str]
    before_names: bool = False  # must run before member names are replaced (e-mail addresses)


@dataclass(frozen=True)
class _Config:
    invisible_marks: re.Pattern[str]
    needs_scrub: re.Pattern[str]
    member_list_separator: re.Pattern[str]
    first_name_stopwords: frozenset[str]
    never_alone: frozenset[str]
    sentence_openers: frozenset[str]
    shared_name_placeholder: str
    patterns: tuple[ScrubPattern, ...]


@cache
def _config() -> _Config:
    """The patterns and word lists from ``data/anonymise.toml``, compiled once per process."""
    raw = resources.files("analysis").joinpath("data/anonymise.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    fragments: dict[str, str] = data.get("fragments", {})

    def expand(regex: str) -> str:  # "{{sep}}" -> the regex of fragment "sep"
        return re.sub(r"\{\{(\w+)\}\}", lambda m: fragments[m.group(1)], regex)

    patterns = tuple(
        ScrubPattern(
            p["name"], p["placeholder"], re.compile(expand(p["regex"])), p.get("before_names", False)
        )
        for p in data["pattern"]
    )
    return _Config(
        invisible_marks=re.compile(data["invisible_marks"]),
        needs_scrub=re.compile(data["needs_scrub"]),
        member_list_separator=re.compile(data["member_list_separator"]),
        first_name_stopwords=frozenset(w.casefold() for w in data["first_name_stopwords"]),
        never_alone=frozenset(w.casefold() for w in data["never_alone"]),
        sentence_openers=frozenset(w.casefold() for w in data["sentence_openers"]),
        shared_name_placeholder=data["shared_name_placeholder"],
        patterns=patterns,
    )


def scrub_patterns() -> tuple[ScrubPattern, ...]:
    """The scrub patterns in the order they run (for documentation and tests)."""
    return _config().patterns


def _apply_joined(
    texts: pd.Series, transform: Callable[[str], str], only: re.Pattern[str] | pd.Series | None = None
) -> pd.Series:
    """Run ``transform`` once over all texts joined together; missing values stay missing.

    With ``only`` (a regex, or a boolean mask aligned with ``texts``), texts without a match of it
    are passed through untouched (a cheap prefilter). A text that occurs several times is transformed
    once: no pattern crosses the separator, so a text's result never depends on its neighbours, and the
    tagger's reasons repeat a lot (the same rule and trigger words on many messages).
    """
    result = texts.astype("string")
    todo = result.notna()
    if isinstance(only, pd.Series):
        todo &= only.to_numpy(dtype=bool)
    elif only is not None:
        todo &= _matches(result, only)
    if not todo.any():
        return result.copy()
    codes, distinct = pd.factorize(result[todo])
    values = [str(value).replace(_SEPARATOR, " ") for value in distinct]
    out = transform(_SEPARATOR.join(values)).split(_SEPARATOR)
    if len(out) != len(values):  # a pattern swallowed a separator: never expected, but never silently wrong
        raise RuntimeError("anonymisation changed the number of texts")
    result = result.copy()
    result[todo.to_numpy()] = np.asarray(out, dtype=object)[codes]
    return result


def _matches(texts: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """Which texts contain a match of ``pattern`` (missing ones do not)."""
    return texts.astype("string").str.contains(pattern, regex=True).fillna(False).astype(bool)


def _scrub_joined(joined: str, *, stage: str = "all") -> str:
    """Apply the scrub patterns: ``stage`` "early" (before names), "late" (after names) or "all"."""
    config = _config()
    joined = config.invisible_marks.sub("", joined)
    for pattern in config.patterns:
        if stage == "all" or (stage == "early") == pattern.before_names:
            joined = pattern.regex.sub(pattern.placeholder, joined)
    return joined


def scrub_text(text: str) -> str:
    """Replace phone numbers, e-mail addresses, plates, postcodes, addresses and map links by placeholders."""
    return _scrub_joined(text.replace(_SEPARATOR, " "))


def scrub_series(texts: pd.Series) -> pd.Series:
    """`scrub_text` for a whole column at once."""
    return _apply_joined(texts, _scrub_joined, _config().needs_scrub)


def _clean_name(name: str) -> str:
    """A name as it should be matched: without invisible marks, iOS "~ " prefix and odd spaces."""
    name = _config().invisible_marks.sub("", name)
    name = name.replace("\u00a0", " ").replace("\u202f", " ").strip()
    return name.removeprefix("~").strip()


def _is_phone(name: str) -> bool:
    """Whether a member "name" is a phone number (members not in the exporter's contacts)."""
    return re.fullmatch(r"[+\d][\d\s().-]*", name) is not None


def _text_key(found: str) -> str:
    """How a name found in text is looked up: digits of a number, else lower case with single spaces."""
    return re.sub(r"\D", "", found) if _is_phone(found) else " ".join(found.lower().split())


def _name_atoms(name: str) -> tuple[str, ...]:
    """``name`` as regex pieces: single characters, and separators that tolerate any spacing
    (or, between the digits of a phone number, any of " ().-")."""
    if _is_phone(name):
        digits = re.sub(r"\D", "", name)
        atoms: list[str] = []
        for digit in digits:
            atoms.extend((digit, r"[\s().-]*"))
        return tuple(atoms[:-1])
    atoms = []
    for token in name.split():
        atoms.extend((*map(re.escape, token), r"\s+"))
    return tuple(atoms[:-1])


#: Characters that, as the last one before a word (spaces aside), put it in the middle of a sentence:
#: a letter does too. After anything else (start of text, newline, ". ", "? ", ": ", a digit, an emoji
#: or a quote) a capital may just start a sentence.
_MID_SENTENCE_MARKS = frozenset(",;&/(")
_SPACES = frozenset(" \t\u00a0\u202f")


def _listed_members(names: list[str]) -> list[str]:
    """The single names inside list-like names ("Anna, Bob en Carla" from one system line)."""
    separator = _config().member_list_separator
    return [
        piece.strip()
        for name in names
        if separator.search(name)
        for piece in separator.split(name)
        if piece.strip() and piece.strip() != name
    ]


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, so its capital says nothing about it being a name."""
    index = start - 1
    while index >= 0 and text[index] in _SPACES:
        index -= 1
    if index < 0:
        return True
    before = text[index]
    return not (before.isalpha() or before in _MID_SENTENCE_MARKS)


def _trie_regex(names: Iterable[tuple[str, ...]]) -> str:
    """One regex matching any of ``names`` (sequences of atoms), shaped as a trie.

    Python's regex engine tries the alternatives of a group one by one; a trie lets it reject a
    position after one character instead of after trying every name.
    """
    trie: dict[str, dict] = {}
    for atoms in names:
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}  # end of a name

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [chain(atom, child) for atom, child in node.items() if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        if ends:  # longer names first (greedy), then the name that ends here
            body = body + "?" if len(branches) == 1 and body.startswith("(?:") else f"(?:{body})?"
        return body

    def chain(atom: str, node: dict[str, dict]) -> str:
        """``atom`` and the atoms after it up to the next branch, in a loop: recursing once per
        character overflowed the stack for names of 500 characters or more."""
        atoms = [atom]
        while len(node) == 1 and "" not in node:
            ((atom, node),) = node.items()
            atoms.append(atom)
        return "".join(atoms) + emit(node)

    return emit(trie)


def _may_stand_alone(token: str) -> bool:
    """Whether a first name or surname (as written in the contact name) is looked for alone in text.

    Three letters or more always; two letters ("Mo", "Bo") when they are letters not written in
    capitals only: "JW Bakker" or "BP Henk" open with initials or an abbreviation, "J. de Vries" with
    an initial. One letter never.
    """
    if len(token) >= 3:
        return True
    return len(token) == 2 and token.isalpha() and not token.isupper()


class Pseudonymiser:
    """Stable pseudonyms for a set of members, and their replacement in tables and text.

    Build it from the whole input (``from_analysis``) so pseudonyms stay the same across tables and
    months; the order is first appearance in the chat (by time, then line), then any remaining name.
    """

    def __init__(self, names: Iterable[str], *, prefix: str = "Lid", same_for_all: str | None = None) -> None:
        """``same_for_all`` gives every member one label (e.g. "[lid]"), for texts where even a
        pseudonym would link messages of the same person."""
        ordered: list[str] = []
        seen: set[str] = set()
        for name in names:
            if name is None or pd.isna(name) or not str(name).strip():
                continue
            key = str(name)
            if key not in seen:
                seen.add(key)
                ordered.append(key)
        for listed in _listed_members(ordered):  # after everyone else: authors keep their numbers
            if listed not in seen:
                seen.add(listed)
                ordered.append(listed)
        width = max(2, len(str(len(ordered))))
        self.prefix = prefix
        self._pseudonyms: dict[str, str] = {}
        self._by_clean: dict[str, str] = {}
        for number, name in enumerate(ordered, start=1):
            pseudonym = same_for_all or f"{prefix} {number:0{width}d}"
            clean = _clean_name(name).casefold()
            # the same person written with and without marks or "~ " gets one pseudonym
            pseudonym = self._by_clean.setdefault(clean, pseudonym)
            self._pseudonyms[name] = pseudonym
        self._text_regex, self._text_lookup = self._build_text_matcher()

    @classmethod
    def from_messages(
        cls, messages: pd.DataFrame, *, extra: Iterable[str] = (), same_for_all: str | None = None
    ) -> Pseudonymiser:
        """Pseudonyms in order of first appearance (as author or as the member a system line is about)."""
        if messages.empty:
            return cls(extra, same_for_all=same_for_all)
        order = messages.sort_values(["timestamp", "line"], kind="stable") if "line" in messages else messages
        # author before member per row; unique() keeps the order of first appearance
        pairs = pd.Series(order[["author", "member"]].to_numpy().ravel()).dropna().unique()
        return cls([*pairs, *extra], same_for_all=same_for_all)

    @classmethod
    def from_analysis(cls, analysis: Analysis, *, same_for_all: str | None = None) -> Pseudonymiser:
        """Pseudonyms covering every name in every table of ``analysis``."""
        extra: list[str] = []
        for table, columns in NAME_COLUMNS.items():
            frame = getattr(analysis, table)
            for column in columns:
                if column in frame and table != "messages":
                    extra.extend(frame[column].dropna().astype(str).tolist())
        return cls.from_messages(analysis.messages, extra=sorted(set(extra)), same_for_all=same_for_all)

    @property
    def mapping(self) -> dict[str, str]:
        """Real name -> pseudonym (keep it inside the regiegroep: it undoes the pseudonymisation)."""
        return dict(self._pseudonyms)

    def pseudonym(self, name: str) -> str:
        """The pseudonym of ``name``; names not seen when building get a neutral "Onbekend lid"."""
        if name in self._pseudonyms:
            return self._pseudonyms[name]
        return self._by_clean.get(_clean_name(name).casefold(), f"Onbekend {self.prefix.lower()}")

    def names(self, values: pd.Series) -> pd.Series:
        """A column of names as pseudonyms; missing values stay missing."""
        lookup = {v: self.pseudonym(v) for v in values.dropna().unique()}
        return values.map(lookup).astype("string") if len(values) else values.astype("string")

    def _build_text_matcher(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """One regex over lower-cased text for full names, and first names and surnames alone.

        A part of one member maps to that member's pseudonym, a part of several to "[naam]".

        The regex is matched against a lower-cased copy instead of using ``re.IGNORECASE``, and the
        left word boundary is checked per match: both keep the regex engine's fast literal-prefix
        search, which makes the difference between 0.02 s and 0.9 s on 40,000 messages. Surnames
        alone count only when written with a capital ("mevrouw Jansen"), see ``_capital_only``; name
        parts that are also ordinary words only where they read as a name, see ``_reads_as_name``.
        """
        config = _config()
        stopwords = config.first_name_stopwords
        lookup: dict[str, str] = {}
        part_owners: dict[tuple[str, str], set[str]] = {}  # ("first"|"last", part) -> pseudonyms
        alternatives: list[tuple[str, ...]] = []  # each name as regex atoms
        for name, pseudonym in self._pseudonyms.items():
            clean = _clean_name(name)
            if not clean or clean == EXPORTER:  # "You" is an ordinary word in text
                continue
            key = _text_key(clean)
            if len(clean) > MAX_NAME_IN_TEXT:  # a system line's list of forty names: no one writes it
                continue
            if key not in lookup:
                lookup[key] = pseudonym
                alternatives.append(_name_atoms(clean.lower()))
            tokens = clean.split()
            if len(tokens) > 1 and not _is_phone(clean):
                for kind, token in (("first", tokens[0]), ("last", tokens[-1])):
                    if _may_stand_alone(token):
                        part_owners.setdefault((kind, token.lower()), set()).add(pseudonym)
        owners_of_part: dict[str, set[str]] = {}
        for (_, part), owners in part_owners.items():
            owners_of_part.setdefault(part, set()).update(owners)
        self._capital_only: set[str] = set()
        self._word_parts: dict[str, bool] = {}  # ordinary-word part -> may be replaced at a sentence start
        for (kind, part), owners in part_owners.items():
            if part in lookup or part in config.never_alone:
                continue
            # a part of several members ("Tom" in both groups) is still a name: a neutral placeholder
            shared = len(owners_of_part[part]) > 1
            lookup[part] = config.shared_name_placeholder if shared else next(iter(owners))
            alternatives.append(tuple(map(re.escape, part)))
            if part in stopwords:
                self._word_parts[part] = kind == "first" and part not in config.sentence_openers
            elif kind == "last" and ("first", part) not in part_owners:
                self._capital_only.add(part)
        if not alternatives:
            return None, lookup
        return re.compile(rf"(?:{_trie_regex(alternatives)})(?!\w)"), lookup

    def _reads_as_name(self, joined: str, start: int, end: int, part: str) -> bool:
        """Whether a name part that is also an ordinary word ("Bas", "Wil") is used as a name here.

        A mention ("@bas") always is; otherwise it needs a capital on a word not written in capitals
        only (shouting: "WIL IEMAND KIJKEN"). In the middle of a sentence that capital marks a name;
        at the start of a sentence only first names that are not common sentence openers count.
        """
        if start and joined[start - 1] == "@":
            return True
        word = joined[start:end]
        if not word[0].isupper() or (len(word) > 1 and word.isupper()):
            return False
        return not _starts_sentence(joined, start) or self._word_parts[part]

    def _replace_joined(self, joined: str) -> str:
        joined = _config().invisible_marks.sub("", joined)
        if self._text_regex is None:
            return joined
        lowered = joined.lower()
        if len(lowered) != len(joined):  # a few characters lower-case to two; keep positions aligned
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in joined)
        parts: list[str] = []
        found_cache: dict[str, str] = {}
        position = 0
        for match in self._text_regex.finditer(lowered):
            start, end = match.span()
            before = lowered[start - 1] if start else " "
            if before == "+":  # "+31 6 ...": the regex starts at the digits to keep its fast prefix search
                start -= 1
                before = lowered[start - 1] if start else " "
            if before.isalnum() or before == "_" or start < position:  # not a whole word: "Fatimaplein"
                continue
            found = match.group(0)
            if found in self._capital_only and not joined[match.start()].isupper():
                continue  # a surname alone only with a capital: "mevrouw Jansen", not "jansen" as a word
            if found in self._word_parts and not self._reads_as_name(joined, start, end, found):
                continue  # "de bas van de buren", "Wil iemand kijken?"
            pseudonym = found_cache.get(found)
            if pseudonym is None:
                pseudonym = found_cache[found] = self._text_lookup.get(_text_key(found), f"{self.prefix} ?")
            parts.append(joined[position:start])
            parts.append(pseudonym)
            position = end
        parts.append(joined[position:])
        return "".join(parts)

    def replace_names(self, texts: pd.Series) -> pd.Series:
        """Member names in text by their pseudonyms (a name part of several members by "[naam]")."""
        return _apply_joined(texts, self._replace_joined)

    def anonymise_text(self, texts: pd.Series, *, scrub: bool = True) -> pd.Series:
        """Names replaced, then (with ``scrub``) phone numbers, plates, addresses etc. removed.

        Only texts that needed scrubbing before names were replaced are scrubbed after: a pseudonym's
        digits alone are never personal data ("Van Lid 03" is no address), and skipping those texts
        keeps the second pass as cheap as the first.
        """
        if not scrub:
            return self.replace_names(texts)
        needs = _matches(texts, _config().needs_scrub)
        early = _apply_joined(texts, lambda joined: _scrub_joined(joined, stage="early"), needs)
        named = self.replace_names(early)
        return _apply_joined(named, lambda joined: _scrub_joined(joined, stage="late"), needs)

    def anonymise_str(self, text: str, *, scrub: bool = True) -> str:
        """`anonymise_text` for one string."""
        text = text.replace(_SEPARATOR, " ")
        if not scrub or not _config().needs_scrub.search(text):
            return self._replace_joined(text)
        return _scrub_joined(self._replace_joined(_scrub_joined(text, stage="early")), stage="late")


def _anonymise_tuples(values: pd.Series, pseudonymiser: Pseudonymiser, scrub: bool) -> pd.Series:
    """Tuples of strings (the tagger's reasons) anonymised element by element, in one pass."""
    if values.empty:
        return values.copy()
    lengths = [len(v) if isinstance(v, tuple | list) else 0 for v in values]
    flat = [str(x) for v in values if isinstance(v, tuple | list) for x in v]
    done = pseudonymiser.anonymise_text(pd.Series(flat, dtype="string"), scrub=scrub).tolist()
    out: list[object] = []
    position = 0
    for original, length in zip(values, lengths, strict=True):
        if isinstance(original, tuple | list):
            out.append(tuple(done[position : position + length]))
            position += length
        else:
            out.append(original)
    return pd.Series(out, index=values.index, dtype=object)


def is_pseudonymised(analysis: Analysis, *, prefix: str = "Lid") -> bool:
    """Whether every member name already is a pseudonym ("Lid 07"), e.g. from the dashboard's privacy switch.

    Reports use it so an already pseudonymised analysis is neither renumbered nor labelled as holding names.
    """
    names = pd.concat([analysis.messages["author"], analysis.messages["member"]]).dropna().unique()
    if len(names) == 0:
        return False
    pattern = re.compile(rf"{re.escape(prefix)} (?:\d+|\?)|Onbekend {re.escape(prefix.lower())}")
    return all(pattern.fullmatch(str(name)) for name in names)


def pseudonymise_analysis(
    analysis: Analysis, pseudonymiser: Pseudonymiser | None = None, *, scrub: bool = True
) -> Analysis:
    """A copy of ``analysis`` with every member name replaced, in tables and in text.

    With ``scrub`` (the default) phone numbers, e-mail addresses, plates, postcodes, addresses and
    map links in text are replaced by placeholders too. Pass a ``pseudonymiser`` built from a larger
    input to keep pseudonyms the same as elsewhere.
    """
    pseudonymiser = pseudonymiser or Pseudonymiser.from_analysis(analysis)
    changes = {
        table: pseudonymise_table(getattr(analysis, table), table, pseudonymiser, scrub=scrub)
        for table in ("messages", "incidents", "members", "offtopic_leavers")
    }
    return replace(analysis, **changes)


def without_text(analysis: Analysis, pseudonymiser: Pseudonymiser | None = None) -> Analysis:
    """A copy of ``analysis`` with member names replaced and every column of member-written text left out.

    For views that show figures only (the dashboard's Overzicht): the pseudonyms are those of
    ``pseudonymise_analysis``, so counts per member stay right, and text that was never scrubbed cannot
    be shown by mistake, because it is not there. Replacing names and scrubbing 40,000 texts takes about a
    second; this takes a small part of it.
    """
    pseudonymiser = pseudonymiser or Pseudonymiser.from_analysis(analysis)
    changes = {}
    for table in ("messages", "incidents", "members", "offtopic_leavers"):
        frame = getattr(analysis, table)
        written = (*TEXT_COLUMNS.get(table, ()), *TUPLE_TEXT_COLUMNS.get(table, ()))
        frame = frame.drop(columns=[column for column in written if column in frame])
        for column in NAME_COLUMNS.get(table, ()):
            if column in frame:
                frame[column] = pseudonymiser.names(frame[column])
        changes[table] = frame
    return replace(analysis, **changes)


def pseudonymise_table(
    frame: pd.DataFrame, table: str, pseudonymiser: Pseudonymiser, *, scrub: bool = True
) -> pd.DataFrame:
    """A copy of ``frame``, the `Analysis` table named ``table`` or any run of its rows, with names replaced
    and (with ``scrub``) text scrubbed: each row on its own, so a large table can be done a piece at a time
    with the pseudonymiser of the whole input (the analyst tables of a hundred groups)."""
    frame = frame.copy()
    for column in NAME_COLUMNS.get(table, ()):
        if column in frame:
            frame[column] = pseudonymiser.names(frame[column])
    for column in TEXT_COLUMNS.get(table, ()):
        if column in frame:
            frame[column] = pseudonymiser.anonymise_text(frame[column], scrub=scrub)
    for column in TUPLE_TEXT_COLUMNS.get(table, ()):
        if column in frame:
            frame[column] = _anonymise_tuples(frame[column], pseudonymiser, scrub)
    return frame
