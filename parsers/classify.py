"""What each record is: a message, media, a deleted message, a poll, a location or a system event.

pyarrow's RE2 picks the few candidate rows whose first line could be a placeholder or a system text;
only those are matched pattern by pattern in Python. Everything else is an ordinary message.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parsers import schema
from parsers.languages import Language, all_languages, candidate_regex, captioned_tail_regex, edited_markers
from parsers.media import media_type_of_file
from parsers.names import normalise_name

#: System texts are short; longer first lines are never matched in Python (no slow backtracking).
MAX_SYSTEM_LINE = 2000
_KIND_CODE = {kind: code for code, kind in enumerate(schema.KINDS)}
_EVENT_CODE = {event: code for code, event in enumerate(schema.EVENTS)}
_MEDIA_CODE = {media: code for code, media in enumerate(schema.MEDIA_TYPES)}


@dataclass
class Classified:
    """Columns after classification (codes index schema.KINDS / EVENTS / MEDIA_TYPES; -1 = missing)."""

    kind: np.ndarray
    event: np.ndarray
    media_type: np.ndarray
    edited: np.ndarray
    authors: pa.Array
    texts: pa.Array
    members: pa.Array
    language_votes: Counter[str] = field(default_factory=Counter)
    subjects: list[str] = field(default_factory=list)  # group names seen in created/subject events


@dataclass(frozen=True)
class _Match:
    meaning: str
    groups: dict[str, str | None]
    language: Language


def classify(authors: pa.Array, bodies: pa.Array, group: str | None, preferred: str | None) -> Classified:
    n = len(bodies)
    kind = np.zeros(n, np.int8)  # message
    event = np.full(n, -1, np.int8)
    media_type = np.full(n, -1, np.int8)
    has_author = np.asarray(authors.is_valid())
    kind[~has_author] = _KIND_CODE["system"]
    event[~has_author] = _EVENT_CODE["other"]
    languages = sorted(all_languages(), key=lambda lang: lang.code != preferred)

    edited, bodies = _strip_edit_markers(bodies)
    candidate = np.asarray(pc.match_substring_regex(bodies, candidate_regex())) | ~has_author
    multi_line = np.flatnonzero(np.asarray(pc.match_substring(bodies, "\n")) & has_author & ~candidate)
    if len(multi_line):
        tails = np.asarray(pc.match_substring_regex(bodies.take(pa.array(multi_line)), captioned_tail_regex()))
        candidate[multi_line[tails]] = True
    regular = set(pc.unique(authors.filter(pa.array(has_author & ~candidate))).to_pylist())
    suspicious = has_author & _fake_author_rows(authors)
    rows = np.flatnonzero(candidate | suspicious)
    new_authors: dict[int, str | None] = {}
    new_texts: dict[int, str] = {}
    members: dict[int, str] = {}
    votes: Counter[str] = Counter()
    subjects: list[str] = []
    group_key = normalise_name(group) if group else None
    row_authors = authors.take(pa.array(rows)).to_pylist()
    row_bodies = bodies.take(pa.array(rows)).to_pylist()
    for row, author, body in zip(rows.tolist(), row_authors, row_bodies, strict=True):
        first, _, rest = body.partition("\n")
        if len(first) > MAX_SYSTEM_LINE:
            continue
        if author is not None and candidate[row]:
            found = _placeholder(first, rest, languages) or _captioned_tail(body, languages)
            if found is not None:
                votes[found[3]] += 1
                kind[row], media_type[row] = _KIND_CODE[found[0]], _MEDIA_CODE.get(found[1], -1)
                new_texts[row] = found[2]
                continue
            system = _system(first, languages)
            if system is not None and _system_author_ok(author, system, regular, group_key):
                _set_system(row, system, kind, event, new_authors, members, subjects, votes, rest, new_texts)
                continue
        if author is not None:
            system = _system(f"{author}: {first}", languages) if suspicious[row] else None
            if system is not None and ": " not in "".join(filter(None, _people(system))):
                _set_system(row, system, kind, event, new_authors, members, subjects, votes, rest, new_texts)
                new_texts[row] = _join(f"{author}: {first}", rest)
            continue
        system = _system(first, languages)
        if system is not None:
            _set_system(row, system, kind, event, new_authors, members, subjects, votes, rest, new_texts)
        else:
            found = _placeholder(first, rest, languages)
            if found is not None and found[0] == "deleted":
                kind[row], event[row] = _KIND_CODE["deleted"], -1
                new_texts[row] = ""
    texts = _replace(bodies, new_texts)
    authors = _normalise_authors(_replace(authors, new_authors))
    member_array = _sparse(n, members)
    return Classified(kind, event, media_type, edited, authors, texts, member_array, votes, subjects)


def _fake_author_rows(authors: pa.Array) -> np.ndarray:
    """Rows whose "author" looks like the start of a system text cut at a colon, not like a name.

    Subjects and descriptions may hold ": "; the text before it then poses as an author. Such a
    fake name carries a quote or is long; the rows are re-checked as whole lines.
    """
    encoded = pc.dictionary_encode(authors)
    names = encoded.dictionary.to_pylist()
    odd = np.array([any(q in name for q in '"“”„\'') or len(name.split()) >= 6 for name in names], bool)
    if not odd.any():
        return np.zeros(len(authors), bool)
    return np.asarray(pc.fill_null(pc.take(pa.array(odd), encoded.indices), False))


def _strip_edit_markers(bodies: pa.Array) -> tuple[np.ndarray, pa.Array]:
    edited = np.zeros(len(bodies), bool)
    for marker in edited_markers():
        edited |= np.asarray(pc.fill_null(pc.ends_with(bodies, marker), False))
    if not edited.any():
        return edited, bodies
    rows = np.flatnonzero(edited)
    changes = {}
    for row, body in zip(rows.tolist(), bodies.take(pa.array(rows)).to_pylist(), strict=True):
        for marker in edited_markers():
            if body.endswith(marker):
                changes[row] = body[: -len(marker)].rstrip(" \u00a0")
                break
    return edited, _replace(bodies, changes)


def _placeholder(first: str, rest: str, languages: list[Language]) -> tuple[str, str | None, str, str] | None:
    """(kind, media type, text, language) when the body is a placeholder, a poll or a location."""
    for language in languages:
        if first in language.poll_headers:
            return "poll", None, _poll_text(rest, language), language.code
        for pattern in language.placeholders:
            match = pattern.regex.fullmatch(first)
            if match is None:
                continue
            groups = match.groupdict()
            if pattern.meaning == "deleted":
                return "deleted", None, rest, language.code
            if pattern.meaning == "location":
                return "location", None, _join(groups.get("loc") or first, rest), language.code
            what, file = groups.get("what"), groups.get("file")
            if what:
                media = language.media_words.get(what) or language.media_words.get(what.lower(), "other")
            elif file:
                media = media_type_of_file(file)
            else:
                media = "other"
            return "media", media, _join(groups.get("caption") or "", rest), language.code
    return None


def _captioned_tail(body: str, languages: list[Language]) -> tuple[str, str | None, str, str] | None:
    """iOS puts a multi-line caption before the placeholder: "regel 1\nregel 2 afbeelding weggelaten"."""
    head, newline, last = body.rpartition("\n")
    if not newline:
        return None
    found = _placeholder(last, "", languages)
    if found is None or found[0] != "media":
        return None
    return found[0], found[1], _join(head, found[2]), found[3]


def _poll_text(rest: str, language: Language) -> str:
    lines = rest.split("\n")
    options = []
    for line in lines[1:]:
        match = language.poll_option.match(line)
        options.append(match["option"] if match else line)
    return "\n".join([lines[0], *options]) if rest else ""


def _join(first: str, rest: str) -> str:
    return f"{first}\n{rest}" if first and rest else first or rest


def _system(line: str, languages: list[Language]) -> _Match | None:
    for language in languages:
        for pattern in language.system:
            match = pattern.regex.fullmatch(line)
            if match is not None:
                return _Match(pattern.meaning, match.groupdict(), language)
    return None


def _person(raw: str | None, language: Language) -> str | None:
    if raw is None:
        return None
    name = normalise_name(raw)
    return schema.EXPORTER if name in language.self_words else name


def _people(match: _Match) -> tuple[str | None, str | None]:
    both = _person(match.groups.get("both"), match.language)
    actor = both or _person(match.groups.get("actor"), match.language)
    member = both or _person(match.groups.get("member"), match.language)
    return actor, member


def _system_author_ok(author: str, match: _Match, regular: set[str], group_key: str | None) -> bool:
    """Whether an authored line is a system event (iOS 2023+ names the group or a person as author)."""
    actor, member = _people(match)
    if actor is None and member is None:
        return True
    name = normalise_name(author)
    return name in {actor, member} or name == group_key or author not in regular


def _set_system(row, match, kind, event, new_authors, members, subjects, votes, rest, new_texts) -> None:
    actor, member = _people(match)
    kind[row] = _KIND_CODE["system"]
    event[row] = _EVENT_CODE[match.meaning]
    # The author is the actor; "U bent nu beheerder" names only the person it is about.
    new_authors[row] = actor if actor is not None or match.meaning in schema.MEMBERSHIP_EVENTS else member
    if match.meaning in schema.MEMBERSHIP_EVENTS and member is not None:
        members[row] = member
    if match.groups.get("subject"):
        subjects.append(match.groups["subject"])
    votes[match.language.code] += 1


def _replace(array: pa.Array, changes: dict[int, str | None]) -> pa.Array:
    if not changes:
        return array
    rows = np.fromiter(changes, np.int64, len(changes))
    order = np.argsort(rows)
    rows = rows[order]
    values = [changes[r] for r in rows.tolist()]
    mask = np.zeros(len(array), bool)
    mask[rows] = True
    return pc.replace_with_mask(array, pa.array(mask), pa.array(values, pa.large_string()))


def _sparse(n: int, values: dict[int, str]) -> pa.Array:
    empty = pa.nulls(n, pa.large_string())
    return _replace(empty, values) if values else empty


def _normalise_authors(authors: pa.Array) -> pa.Array:
    """Normalise each distinct name once (a chat has hundreds of names, not millions)."""
    encoded = pc.dictionary_encode(authors)
    names = encoded.dictionary.to_pylist()
    cleaned = [normalise_name(name) if name != schema.EXPORTER else name for name in names]
    if cleaned == names:
        return authors
    return pc.take(pa.array(cleaned, pa.large_string()), encoded.indices)
