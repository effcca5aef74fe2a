"""What each record is: a message, media, a deleted message, a poll, a location or a system event.

pyarrow's RE2 picks the few candidate rows whose first line could be a placeholder or a system text;
only those are matched in Python, once per distinct text (most placeholders are the same few
strings). Everything else is an ordinary message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parsers import schema
from parsers.languages import (
    Language,
    all_languages,
    candidate_regexes,
    captioned_tail_regex,
    system_words,
)
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


@dataclass
class _Columns:
    """The columns being filled in; changes are (rows, values) applied at the end in one go."""

    kind: np.ndarray
    event: np.ndarray
    media_type: np.ndarray
    votes: Counter[str] = field(default_factory=Counter)
    subjects: list[tuple[int, str]] = field(default_factory=list)
    texts: list[tuple[np.ndarray, pa.Array]] = field(default_factory=list)
    authors: list[tuple[np.ndarray, pa.Array]] = field(default_factory=list)
    members: list[tuple[np.ndarray, pa.Array]] = field(default_factory=list)


def classify(
    authors: pa.Array,
    bodies: pa.Array,
    multi_line: np.ndarray,
    edited: np.ndarray,
    group: str | None,
    preferred: str | None,
) -> Classified:
    """Kinds, events, media types, and the texts/authors/members they imply.

    ``bodies`` come without edit markers (``records.split_records`` removes them and sets ``edited``).
    """
    n = len(bodies)
    has_author = np.asarray(authors.is_valid())
    columns = _Columns(np.zeros(n, np.int8), np.full(n, -1, np.int8), np.full(n, -1, np.int8))
    columns.kind[~has_author] = _KIND_CODE["system"]
    columns.event[~has_author] = _EVENT_CODE["other"]
    languages = sorted(all_languages(), key=lambda lang: lang.code != preferred)

    candidate = ~has_author
    for pattern in candidate_regexes():
        candidate |= np.asarray(pc.match_substring_regex(bodies, pattern))
    multi_line = np.flatnonzero(multi_line & has_author & ~candidate)
    if len(multi_line):
        tails = np.asarray(
            pc.match_substring_regex(bodies.take(pa.array(multi_line)), captioned_tail_regex())
        )
        candidate[multi_line[tails]] = True
    placeholder_rows = _placeholders(bodies, np.flatnonzero(candidate & has_author), languages, columns)
    _authorless_events(bodies, np.flatnonzero(~has_author), languages, columns)
    author_codes = pc.dictionary_encode(authors)  # a chat has hundreds of names, not millions
    suspicious = has_author & _fake_author_rows(author_codes)
    rest = np.flatnonzero((candidate & has_author | suspicious) & ~placeholder_rows)
    _authored_events(authors, bodies, rest, candidate, suspicious, group, languages, columns)

    texts = _apply(bodies, columns.texts)
    names = _names(author_codes.dictionary.to_pylist(), author_codes.indices, columns.authors)
    members = _names([], pa.nulls(n, pa.int32()), columns.members)
    subjects = [subject for _, subject in sorted(columns.subjects)]
    return Classified(
        columns.kind,
        columns.event,
        columns.media_type,
        edited,
        names,
        texts,
        members,
        columns.votes,
        subjects,
    )


def _placeholders(
    bodies: pa.Array, rows: np.ndarray, languages: list[Language], columns: _Columns
) -> np.ndarray:
    """Media, deleted, poll and location rows among ``rows``, decided once per distinct body."""
    found_rows = np.zeros(len(bodies), bool)
    if not len(rows):
        return found_rows
    uniques, codes = _distinct(bodies, rows)
    found = [_body_placeholder(body, languages) for body in uniques]
    hit = np.array([f is not None for f in found], bool)[codes]
    rows, hit_codes = rows[hit], codes[hit]
    columns.kind[rows] = np.array([_KIND_CODE[f[0]] if f else 0 for f in found], np.int8)[hit_codes]
    media = np.array([_MEDIA_CODE.get(f[1], -1) if f else -1 for f in found], np.int8)
    columns.media_type[rows] = media[hit_codes]
    texts = pa.array([f[2] if f else "" for f in found], pa.large_string())
    columns.texts.append((rows, texts.take(pa.array(hit_codes))))
    for unique, count in enumerate(np.bincount(hit_codes, minlength=len(uniques)).tolist()):
        if count:
            columns.votes[found[unique][3]] += count
    found_rows[rows] = True
    return found_rows


def _authorless_events(
    bodies: pa.Array, rows: np.ndarray, languages: list[Language], columns: _Columns
) -> None:
    """Lines without "Name: " (Android, older iOS) are system events, decided once per distinct text."""
    if not len(rows):
        return
    uniques, codes = _distinct(bodies, rows)
    first_lines = [body.partition("\n")[0] for body in uniques]
    matches = [_system(line, languages) if len(line) <= MAX_SYSTEM_LINE else None for line in first_lines]
    people = [_people(m) if m else (None, None) for m in matches]
    event_codes = np.array([_EVENT_CODE[m.meaning] if m else _EVENT_CODE["other"] for m in matches], np.int8)
    columns.event[rows] = event_codes[codes]
    actors = [_author_of(m, p) if m else None for m, p in zip(matches, people, strict=True)]
    columns.authors.append((rows, pa.array(actors, pa.large_string()).take(pa.array(codes))))
    members = [
        p[1] if m and m.meaning in schema.MEMBERSHIP_EVENTS else None
        for m, p in zip(matches, people, strict=True)
    ]
    columns.members.append((rows, pa.array(members, pa.large_string()).take(pa.array(codes))))
    for unique, count in enumerate(np.bincount(codes, minlength=len(uniques)).tolist()):
        if count and matches[unique]:
            columns.votes[matches[unique].language.code] += count
    with_subject = np.array([bool(m and m.groups.get("subject")) for m in matches], bool)[codes]
    for row, code in zip(rows[with_subject].tolist(), codes[with_subject].tolist(), strict=True):
        columns.subjects.append((row, matches[code].groups["subject"]))


def _authored_events(
    authors: pa.Array,
    bodies: pa.Array,
    rows: np.ndarray,
    candidate: np.ndarray,
    suspicious: np.ndarray,
    group: str | None,
    languages: list[Language],
    columns: _Columns,
) -> None:
    """Row by row, the rare rest: iOS 2023+ system lines with an author, and fake authors."""
    pending = []
    for row, author, body in zip(
        rows.tolist(),
        authors.take(pa.array(rows)).to_pylist(),
        bodies.take(pa.array(rows)).to_pylist(),
        strict=True,
    ):
        first, _, rest = body.partition("\n")
        if len(first) <= MAX_SYSTEM_LINE:
            pending.append((row, author, first, rest, _system(first, languages) if candidate[row] else None))
    # iOS names the group as author of its system lines; the person-less ones (the encryption notice
    # on top of every export) tell us that name.
    system_authors = {
        normalise_name(author)
        for _, author, _, _, system in pending
        if system is not None and _people(system) == (None, None)
    }
    if group:
        system_authors.add(normalise_name(group))
    new_authors: dict[int, str | None] = {}
    new_texts: dict[int, str] = {}
    members: dict[int, str] = {}
    for row, author, first, rest, system in pending:
        if system is None or not _system_author_ok(author, system, system_authors):
            system = _system(f"{author}: {first}", languages) if suspicious[row] else None
            if system is None or ": " in "".join(filter(None, _people(system))):
                continue
            new_texts[row] = _join(f"{author}: {first}", rest)
        actor, member = _people(system)
        columns.kind[row] = _KIND_CODE["system"]
        columns.event[row] = _EVENT_CODE[system.meaning]
        new_authors[row] = _author_of(system, (actor, member))
        if system.meaning in schema.MEMBERSHIP_EVENTS and member is not None:
            members[row] = member
        if system.groups.get("subject"):
            columns.subjects.append((row, system.groups["subject"]))
        columns.votes[system.language.code] += 1
    columns.texts.append(_as_change(new_texts))
    columns.authors.append(_as_change(new_authors))
    columns.members.append(_as_change(members))


def _distinct(array: pa.Array, rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The distinct values among ``rows`` and, per row, the index of its value."""
    encoded = pc.dictionary_encode(array.take(pa.array(rows)))
    return encoded.dictionary.to_pylist(), np.asarray(encoded.indices, np.int64)


def _body_placeholder(body: str, languages: list[Language]) -> tuple[str, str | None, str, str] | None:
    first, _, rest = body.partition("\n")
    if len(first) > MAX_SYSTEM_LINE:
        return None
    return _placeholder(first, rest, languages) or _captioned_tail(body, languages)


def _author_of(match: _Match, people: tuple[str | None, str | None]) -> str | None:
    """The actor; "U bent nu beheerder" names only the person it is about, so that one."""
    actor, member = people
    return actor if actor is not None or match.meaning in schema.MEMBERSHIP_EVENTS else member


def _as_change(values: dict[int, str | None]) -> tuple[np.ndarray, pa.Array]:
    rows = np.array(sorted(values), np.int64)
    return rows, pa.array([values[r] for r in rows.tolist()], pa.large_string())


def _apply(array: pa.Array, changes: list[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """``array`` with the given rows replaced; later changes win over earlier ones.

    One ``take`` from the original and the new values together: the column is copied once.
    """
    changes = [(rows, values) for rows, values in changes if len(rows)]
    if not changes:
        return array
    source = np.arange(len(array), dtype=np.int64)
    position = len(array)
    for rows, values in changes:
        source[rows] = np.arange(position, position + len(values), dtype=np.int64)
        position += len(values)
    chunks = pa.chunked_array([array, *(values for _, values in changes)], pa.large_string())
    taken = pc.take(chunks, pa.array(source))
    return taken.chunk(0) if taken.num_chunks == 1 else taken.combine_chunks()


def _fake_author_rows(encoded: pa.DictionaryArray) -> np.ndarray:
    """Rows whose "author" looks like the start of a system text cut at a colon, not like a name.

    Subjects and descriptions may hold ": "; the text before it then poses as an author. Such a
    fake name carries a quote or a word of the system texts; those rows are re-checked as whole lines.
    """
    names = encoded.dictionary.to_pylist()
    words = system_words()
    odd = np.array(
        [any(q in name for q in "\"“”„'") or any(w.lower() in words for w in name.split()) for name in names],
        bool,
    )
    if not odd.any():
        return np.zeros(len(encoded), bool)
    return np.asarray(pc.fill_null(pc.take(pa.array(odd), encoded.indices), False))


def _placeholder(first: str, rest: str, languages: list[Language]) -> tuple[str, str | None, str, str] | None:
    """(kind, media type, text, language) when the body is a placeholder, a poll or a location."""
    for language in languages:
        for header in language.poll_headers:
            if first == header:  # phone apps: "POLL:" alone, the question on the next line
                return "poll", None, _poll_text(rest, language), language.code
            if first.startswith(header + " "):  # WhatsApp Web: "Poll: question"
                return (
                    "poll",
                    None,
                    _poll_text(_join(first[len(header) + 1 :], rest), language),
                    language.code,
                )
        found = language.placeholder_any.fullmatch(first)
        if found is not None:
            meaning, groups = found
            if meaning == "deleted":
                return "deleted", None, rest, language.code
            if meaning == "location":
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
    if not newline or len(last) > MAX_SYSTEM_LINE:
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
    key = (line, languages[0].code)
    if key in _SYSTEM_CACHE:
        return _SYSTEM_CACHE[key]
    result = None
    for language in languages:
        found = language.system_any.fullmatch(line)
        if found is not None:
            result = _Match(found[0], found[1], language)
            break
    if len(_SYSTEM_CACHE) > 100_000:
        _SYSTEM_CACHE.clear()
    _SYSTEM_CACHE[key] = result
    return result


_SYSTEM_CACHE: dict[tuple[str, str], _Match | None] = {}


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


def _system_author_ok(author: str, match: _Match, system_authors: set[str]) -> bool:
    """Whether an authored line is a system event: iOS 2023+ names the group, the actor or the
    person added as author. A member typing "Bob left" is none of those."""
    actor, member = _people(match)
    if actor is None and member is None:
        return True
    name = normalise_name(author)
    # The group is the author when the exporter acted or was the target ("Je hebt X verwijderd").
    return name in {actor, member} or name in system_authors or schema.EXPORTER in {actor, member}


def _names(dictionary: list[str], indices: pa.Array, changes: list[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """Names (distinct ``dictionary`` values, one index per row, null for none) with the given rows
    replaced, each distinct name normalised once: a chat has hundreds of names, not millions, so the
    work is done on codes and the strings are built once."""
    codes = np.asarray(pc.fill_null(indices, -1), np.int64)
    position = {name: index for index, name in enumerate(dictionary)}
    for rows, values in changes:
        if not len(rows):
            continue
        changed = pc.dictionary_encode(values)
        mapping = []
        for name in changed.dictionary.to_pylist():
            if name not in position:
                position[name] = len(dictionary)
                dictionary.append(name)
            mapping.append(position[name])
        mapping_array = np.array(mapping + [-1], np.int64)  # -1: a change to "no name"
        codes[rows] = mapping_array[np.asarray(pc.fill_null(changed.indices, -1), np.int64)]
    cleaned = [normalise_name(name) if name != schema.EXPORTER else name for name in dictionary]
    return pa.array(cleaned, pa.large_string()).take(pa.array(codes, mask=codes < 0))
