"""The tagger's word lists and patterns, read from ``analysis/data/lexicon/*.toml``.

Words and patterns are data so a coordinator or developer can add a spelling or a language
without touching the rules in ``analysis.tagger``. Every language file adds patterns to the same
concept names; the emergency numbers come from the group's profile, so they are filled in here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

LEXICON_DIR = "data/lexicon"
LANGUAGE_ORDER = ("nl", "en", "de")  # Dutch first: its fragments come first in every alternation
SCOPES = ("sentence", "message")
_FRAGMENT_REF = re.compile(r"\{([a-z_]+)\}")
#: RE2 turns an alternation into one automaton; past a few thousand characters it outgrows its
#: memory budget and falls back to a slow matcher, so big concepts are run as several pieces.
CHUNK_CHARS = 2000


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Concept:
    """One thing the tagger looks for ("alarm_report", "question", ...), as one RE2 pattern."""

    name: str
    reason: str  # short Dutch text shown to coordinators
    scope: str  # "sentence" or "message"
    pattern: str  # alternation of the concept's patterns, fragments expanded
    chunks: tuple[str, ...]  # the same alternation cut into pieces RE2 runs fast (see CHUNK_CHARS)
    patterns: tuple[str, ...] = ()  # the patterns one by one (for the tagger's literal prefilter)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: load_lexicon caches one per profile
class Lexicon:
    concepts: Mapping[str, Concept]
    rewrites: tuple[tuple[str, str], ...]  # normalisation rewrites, in order (RE2 pattern, replacement)
    number_rewrites: tuple[tuple[str, str], ...]  # "1-1-2" -> "112", "0900 8844" -> "09008844"
    #: every rewrite's pattern (both kinds) as one alternation in pieces: where none matches, none rewrites
    rewrite_chunks: tuple[str, ...]
    typo_targets: frozenset[str]
    typo_protected: frozenset[str]
    typo_variants: Mapping[str, str]
    incident_order: tuple[str, ...]
    incident_patterns: Mapping[str, str]
    incident_fallback: str

    def concept(self, name: str) -> Concept:
        try:
            return self.concepts[name]
        except KeyError:
            raise LexiconError(f"concept {name!r} is missing from the lexicon files") from None


def available_languages() -> tuple[str, ...]:
    """Language codes with a lexicon file, Dutch first."""
    folder = resources.files("analysis").joinpath(LEXICON_DIR)
    found = {entry.name.removesuffix(".toml") for entry in folder.iterdir() if entry.name.endswith(".toml")}
    return tuple(
        sorted(found, key=lambda code: (LANGUAGE_ORDER.index(code) if code in LANGUAGE_ORDER else 99, code))
    )


def _read(language: str) -> dict:
    path = resources.files("analysis").joinpath(LEXICON_DIR, f"{language}.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{language}.toml is not valid TOML: {exc}") from exc


def number_digits(number: str) -> str:
    """'0900-8844' -> '09008844': numbers are matched as bare digits after normalisation."""
    return re.sub(r"\D", "", number)


def _expand(pattern: str, fragments: Mapping[str, str], where: str, depth: int = 0) -> str:
    if depth > 5:
        raise LexiconError(f"{where}: fragments refer to each other in a loop")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise LexiconError(f"{where}: unknown fragment {{{name}}}")
        return "(?:" + _expand(fragments[name], fragments, where, depth + 1) + ")"

    return _FRAGMENT_REF.sub(replace, pattern)


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _chunks(patterns: list[str]) -> tuple[str, ...]:
    pieces: list[list[str]] = [[]]
    for pattern in patterns:
        if pieces[-1] and sum(map(len, pieces[-1])) + len(pattern) > CHUNK_CHARS:
            pieces.append([])
        pieces[-1].append(pattern)
    return tuple(_alternation(piece) for piece in pieces)


@lru_cache(maxsize=16)
def load_lexicon(
    emergency_numbers: tuple[str, ...] = ("112", "0900-8844"), languages: tuple[str, ...] | None = None
) -> Lexicon:
    """Merge the language files and fill in the profile's emergency numbers (cached per profile)."""
    languages = languages or available_languages()
    raw = [(code, _read(code)) for code in languages]

    digits = [number_digits(n) for n in emergency_numbers if number_digits(n)]
    if not digits:
        raise LexiconError("no usable emergency number in the profile")
    fragments: dict[str, str] = {"numbers": "|".join(sorted(set(digits), key=len, reverse=True))}
    for _, data in raw:
        for name, value in data.get("fragments", {}).items():
            text = "|".join(value) if isinstance(value, list) else str(value)
            fragments[name] = f"{fragments[name]}|{text}" if name in fragments and name != "numbers" else text

    patterns: dict[str, list[str]] = {}
    reasons: dict[str, str] = {}
    scopes: dict[str, str] = {}
    for code, data in raw:
        for name, spec in data.get("concepts", {}).items():
            where = f"{code}.toml [concepts.{name}]"
            scope = spec.get("scope", scopes.get(name, "sentence"))
            if scope not in SCOPES:
                raise LexiconError(f"{where}: scope must be one of {SCOPES}")
            scopes[name] = scope
            reasons.setdefault(name, spec.get("reason", name))
            patterns.setdefault(name, []).extend(
                _expand(p, fragments, where) for p in spec.get("patterns", [])
            )
    concepts = {
        name: Concept(name, reasons[name], scopes[name], _alternation(pats), _chunks(pats), tuple(pats))
        for name, pats in patterns.items()
        if pats
    }

    rewrites = tuple((str(p), str(r)) for _, data in raw for p, r in data.get("normalise", []))
    number_rewrites = tuple(
        (r"\b" + "[ -]?".join(d) + r"\b", d) for d in sorted(set(digits), key=len, reverse=True) if len(d) > 1
    )

    typo_targets: set[str] = set()
    typo_protected: set[str] = set()
    typo_variants: dict[str, str] = {}
    for _, data in raw:
        typos = data.get("typos", {})
        typo_targets.update(typos.get("targets", []))
        typo_protected.update(typos.get("protected", []))
        typo_variants.update(typos.get("variants", {}))

    order: list[str] = []
    incident_patterns: dict[str, list[str]] = {}
    fallback = "overig"
    for _, data in raw:
        section = data.get("incident_types", {})
        order.extend(t for t in section.get("order", []) if t not in order)
        fallback = section.get("fallback", fallback)
        for kind, pattern in section.get("patterns", {}).items():
            incident_patterns.setdefault(kind, []).append(str(pattern))
    return Lexicon(
        concepts=MappingProxyType(concepts),
        rewrites=rewrites,
        number_rewrites=number_rewrites,
        rewrite_chunks=_chunks([pattern for pattern, _ in (*rewrites, *number_rewrites)]),
        typo_targets=frozenset(typo_targets),
        typo_protected=frozenset(typo_protected),
        typo_variants=MappingProxyType(typo_variants),
        incident_order=tuple(order),
        incident_patterns=MappingProxyType(
            {k: _alternation(v) for k, v in incident_patterns.items()}
        ),
        incident_fallback=fallback,
    )
