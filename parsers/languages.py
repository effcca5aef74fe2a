"""System and placeholder texts per language, loaded from ``parsers/data/<lang>.toml``.

Adding a language means adding a TOML file; nothing here names a language.

Many languages write the exporter without a pronoun ("Añadiste a Piet", "Hai aggiunto Piet",
"Piet kişisini eklediniz"). A pattern marks such a form with a group named ``you_actor``,
``you_member`` or ``you_both``: when it matches (even empty), the match reports ``actor``/``member``/
``both`` as the language's first ``self`` word, which the classifier reads as the exporter.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: Named groups a pattern may use; RE2 (pyarrow) and Python ``re`` both accept this syntax.
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
#: Prefix of a group that stands for the exporter written without a pronoun (see the module text).
YOU_PREFIX = "you_"


@dataclass(frozen=True)
class Pattern:
    """One compiled text pattern with what it means (an event or a placeholder kind)."""

    meaning: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Language:
    code: str
    label: str
    date_order: str
    self_words: frozenset[str]
    chat_file_prefixes: tuple[str, ...]
    edited_markers: tuple[str, ...]
    poll_headers: tuple[str, ...]
    poll_option: re.Pattern[str]
    placeholders: tuple[Pattern, ...]  # meaning: deleted / media / location
    system: tuple[Pattern, ...]  # meaning: an event of parsers.schema.EVENTS
    media_words: dict[str, str]
    placeholder_any: Combined
    system_any: Combined


@dataclass(frozen=True)
class Combined:
    """All patterns of one table as ONE alternation: one ``fullmatch`` per line instead of dozens.

    Alternative ``i`` is the group ``_i``; its inner groups are renamed ``name__i``. The first
    alternative that matches wins, as in the table's order.
    """

    regex: re.Pattern[str]
    meanings: tuple[str, ...]
    groups: tuple[tuple[tuple[str, str], ...], ...]  # per alternative: (renamed, original) names
    you: str = ""  # what a matched ``you_*`` group reports: the language's first self word

    def fullmatch(self, line: str) -> tuple[str, dict[str, str | None]] | None:
        match = self.regex.fullmatch(line)
        if match is None:
            return None
        index = int(match.lastgroup[1:])  # the outer group closes last
        found: dict[str, str | None] = {}
        for renamed, name in self.groups[index]:
            value = match.group(renamed)
            key = name.removeprefix(YOU_PREFIX)
            if key != name and value is not None:
                value = self.you
            if value is not None or key not in found:
                found[key] = value
        return self.meanings[index], found


def _combine(patterns: tuple[Pattern, ...], you: str = "") -> Combined:
    parts = []
    for index, pattern in enumerate(patterns):
        renamed = re.sub(r"\(\?P<(\w+)>", lambda m, i=index: f"(?P<{m[1]}__{i}>", pattern.regex.pattern)
        parts.append(f"(?P<_{index}>{renamed})")
    groups = tuple(
        tuple((f"{name}__{index}", name) for name in pattern.regex.groupindex)
        for index, pattern in enumerate(patterns)
    )
    return Combined(re.compile("|".join(parts)), tuple(p.meaning for p in patterns), groups, you)


def _compile(meaning: str, source: str) -> Pattern:
    return Pattern(meaning, re.compile(source))


def _load(code: str) -> Language:
    raw = tomllib.loads(resources.files("parsers.data").joinpath(f"{code}.toml").read_text("utf-8"))
    placeholders = tuple(
        _compile(kind, source) for kind, sources in raw["placeholders"].items() for source in sources
    )
    system = tuple(_compile(event, source) for event, sources in raw["system"].items() for source in sources)
    return Language(
        code=raw["language"],
        label=raw["label"],
        date_order=raw["date_order"],
        self_words=frozenset(raw["self"]),
        chat_file_prefixes=tuple(raw["chat_file_prefixes"]),
        edited_markers=tuple(raw["edited_markers"]),
        poll_headers=tuple(raw["poll_header"]),
        poll_option=re.compile(raw["poll_option"]),
        placeholders=placeholders,
        system=system,
        media_words=dict(raw["media_words"]),
        placeholder_any=_combine(placeholders),
        system_any=_combine(system, raw["self"][0]),
    )


@cache
def all_languages() -> tuple[Language, ...]:
    """Every language with a data file, in a stable order (nl first: the project's home language)."""
    codes = sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files("parsers.data").iterdir()
        if entry.name.endswith(".toml") and entry.name != "media.toml"
    )
    codes.sort(key=lambda code: (code != "nl", code))
    return tuple(_load(code) for code in codes)


def anonymous(source: str) -> str:
    """The pattern without group names, so many patterns can be joined into one alternation."""
    return _NAMED_GROUP.sub("(?:", source)


#: Characters of alternatives per candidate pattern. One pattern for all twelve languages (24,000
#: characters) outgrows RE2's DFA cache on varied text and falls back to a slow engine: 40,000 realistic
#: messages took 2 s instead of 0.1 s. Measured on this 2-core machine (200k realistic / 1M synthetic
#: records): 4,000 -> 0.27 / 0.54 s, 8,000 -> 0.14 / 0.38 s, 12,000 -> 0.13 / 0.45 s,
#: one pattern -> 19.8 / 0.16 s.
CANDIDATE_CHUNK_CHARS = 8_000


@cache
def candidate_regexes() -> tuple[str, ...]:
    """A few RE2 patterns that together match any first line some language could classify.

    pyarrow runs them over all records at C++ speed; only the matching rows go through the slower
    per-pattern Python matching. Several patterns of about CANDIDATE_CHUNK_CHARS rather than one: see there.
    """
    alternatives: list[str] = []
    for language in all_languages():
        alternatives += [anonymous(p.regex.pattern) for p in language.placeholders + language.system]
        alternatives += [re.escape(h) + "(?: [^\n]*)?" for h in language.poll_headers]
    pieces: list[list[str]] = [[]]
    for alternative in alternatives:
        if pieces[-1] and sum(map(len, pieces[-1])) + len(alternative) > CANDIDATE_CHUNK_CHARS:
            pieces.append([])
        pieces[-1].append(alternative)
    return tuple("^(?:" + "|".join(piece) + ")(?:\n|$)" for piece in pieces)


@cache
def edited_markers() -> tuple[str, ...]:
    return tuple(marker for language in all_languages() for marker in language.edited_markers)


@cache
def captioned_tail_regex() -> str:
    """RE2 pattern for a multi-line body whose LAST line ends in an iOS placeholder with a caption."""
    alternatives = [
        anonymous(p.regex.pattern)
        for language in all_languages()
        for p in language.placeholders
        if "(?P<caption>" in p.regex.pattern
    ]
    return "\n(?:" + "|".join(alternatives) + ")$"


_LITERAL = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\.)*")


@cache
def literal_placeholders() -> dict[str, tuple[str, str]]:
    """Placeholders that are plain text ("<Media weggelaten>", "Dit bericht is verwijderd." ...),
    expanded over their optional final period: body -> (kind, language). These are most placeholder
    rows and are recognised with one vectorised set lookup."""
    literals: dict[str, tuple[str, str]] = {}
    for language in all_languages():
        for pattern in language.placeholders:
            source = pattern.regex.pattern
            variants = (
                [source[: -len("\\.?")], source[: -len("\\.?")] + "\\."]
                if source.endswith("\\.?")
                else [source]
            )
            for variant in variants:
                if "(?" in variant or not _LITERAL.fullmatch(variant):
                    continue
                text = re.sub(r"\\(.)", r"\1", variant)
                if re.fullmatch(source, text):
                    literals.setdefault(text, (pattern.meaning, language.code))
    return literals


@cache
def system_words() -> frozenset[str]:
    """Words of the system texts ("heeft", "groep", "changed" ...), lower case.

    A "name" holding one of them may be the start of a system text that was cut at a colon.
    """
    words: set[str] = set()
    for language in all_languages():
        for pattern in language.system:
            literal = re.sub(r"\(\?P<\w+>|\[[^\]]*\]|\\.", " ", pattern.regex.pattern)
            words.update(word.lower() for word in re.findall(r"[^\W\d_]{4,}", literal))
    return frozenset(words)
