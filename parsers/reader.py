"""``read_export``: one WhatsApp export (txt or zip, Android or iOS, nl/en/de) into the schema frame."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa

from parsers import schema
from parsers.classify import classify
from parsers.errors import ParseError
from parsers.languages import all_languages, edited_markers
from parsers.layout import Layout, detect_layout, unpadded_dates
from parsers.limits import (
    FOREIGN_MIN_AUTHORED,
    FOREIGN_MIN_HEADERS,
    FOREIGN_MIN_SHARE,
    MAX_LAYOUTS_PER_FILE,
    MAX_NOTES_PER_KIND,
)
from parsers.names import group_from_file_name, language_from_file_name, useful_stem
from parsers.overlap import merge_exports
from parsers.records import line_array, split_records
from parsers.source import ChatText, Source, clean, unpack
from parsers.unzip import RawChat

UNKNOWN_GROUP = "Onbekende groep"
_SAMPLE_LINES = 2000
_LANGUAGE_SAMPLE = 500
_NAME_AFTER_HEADER = re.compile(r"^[^:\n]{1,80}: ")
_LINE_NOTE = re.compile(r"^regels? \d+(?:(?:, | en )\d+)*")
_PLATFORM_LABEL = {"android": "Android", "ios": "iPhone"}


@dataclass(frozen=True)
class ExportFormat:
    """What the parser recognised, for showing next to each uploaded file."""

    platform: str  # "android" or "ios"
    language: str | None  # "nl", "en", "de"; None when no system or placeholder text told
    date_order: str  # "dmy", "mdy" or "ymd"
    twelve_hour: bool
    seconds: bool
    year_digits: int
    description: str  # e.g. "Android, Nederlands, DD-MM-JJJJ 24 uur"


@dataclass(frozen=True)
class ParsedExport:
    frame: pd.DataFrame
    format: ExportFormat
    group: str
    period: tuple[pd.Timestamp, pd.Timestamp] | None  # first and last timestamp; None if no records
    notes: tuple[str, ...]  # line-numbered remarks: kept-as-text lines, decoding, preamble
    #: chats of the zip that could not be read beside the ones that could (member, why); the interfaces
    #: name them with the notes (``presentation.errors.unread_notes``)
    unread: tuple[tuple[str | None, ParseError], ...] = ()

    @property
    def messages(self) -> int:
        return int((self.frame["kind"] != "system").sum())

    @property
    def events(self) -> int:
        return int((self.frame["kind"] == "system").sum())


def read_export(source: Source, *, group: str | None = None, name: str | None = None) -> ParsedExport:
    """Parse one export. ``name`` is the original file name when ``source`` is bytes (uploads).

    A zip may hold several chats (someone zipped a year of monthly exports together): chats of the
    first chat's group are read and merged; chats of another group are named in the notes as not read,
    so nothing is skipped without a word.
    """
    unzipped = unpack(source, name)
    if len(unzipped.chats) == 1:
        return _with_notes(_parse_chat(clean(unzipped.chats[0]), group), unzipped.notes)
    first, *others = _parse_each(unzipped.chats, group)
    return _combine(first, others, unzipped.notes)


def _parse_each(chats: Sequence[RawChat], group: str | None) -> list[ParsedExport]:
    """Every chat of a zip; one that cannot be read becomes a note rather than losing the others."""
    parsed: list[ParsedExport] = []
    failures: list[tuple[str | None, ParseError]] = []
    for chat in chats:
        try:
            parsed.append(_parse_chat(clean(chat), group))
        except ParseError as error:
            failures.append((chat.member, error))
    if not parsed:
        raise failures[0][1]
    if failures:
        parsed[0] = replace(parsed[0], unread=tuple(failures))
    return parsed


def _combine(first: ParsedExport, others: list[ParsedExport], zip_notes) -> ParsedExport:
    """One export from several chats of one zip: those of the first chat's group merged, the rest noted."""
    same = [first, *[export for export in others if export.group == first.group]]
    other_groups = [export for export in others if export.group != first.group]
    frame = merge_exports(same)
    frame.attrs["format"] = first.format
    notes = list(zip_notes) + [note for export in same for note in export.notes]
    notes.append(
        f"het zip-bestand bevat {len(same) + len(other_groups)} chats; {len(same)} van groep "
        f"'{first.group}' gelezen en samengevoegd"
    )
    notes += [
        f"niet gelezen uit het zip-bestand: een chat van een andere groep ('{export.group}', "
        f"{export.messages} berichten); upload die los"
        for export in other_groups
    ]
    period = (frame["timestamp"].min(), frame["timestamp"].max()) if len(frame) else None
    return ParsedExport(frame, first.format, first.group, period, tuple(notes), first.unread)


def _with_notes(export: ParsedExport, notes) -> ParsedExport:
    if not notes:
        return export
    return replace(export, notes=(*notes, *export.notes))


def _parse_chat(chat: ChatText, group: str | None, layouts_left: int = MAX_LAYOUTS_PER_FILE) -> ParsedExport:
    lines, offsets = line_array(chat.data)
    sample = lines.slice(0, _SAMPLE_LINES).to_pylist()
    detected = detect_layout(sample)
    if detected is None:
        raise ParseError("no_headers", line=1)
    layout, _ = detected
    file_language = language_from_file_name(chat.name)
    header = re.compile(layout.header_regex())
    sample_language = _sample_language(sample, header) or file_language
    hint, hint_reason = _order_hint(sample, layout)
    raw = split_records(chat.data, lines, offsets, layout, hint, edited_markers())
    if len(raw.lines) == 0:
        raise ParseError("no_dates", line=raw.rejected[0] if raw.rejected else 1)
    named_group = group or group_from_file_name(chat.name)
    classified = classify(raw.authors, raw.bodies, raw.multi_line, raw.edited, named_group, sample_language)
    language = _language(classified.language_votes) or sample_language
    if group is None:
        group = named_group or (classified.subjects[-1].strip() if classified.subjects else None)
        group = group or useful_stem(chat.name) or UNKNOWN_GROUP
    frame = _frame(raw, classified, group)
    export_format = _format(layout, raw.date_order, language)
    frame.attrs["format"] = export_format
    notes = list(chat.notes)
    notes += [
        f"regel {line}: staat vóór het eerste bericht, niet als bericht gelezen: {text[:200]!r}"
        for line, text in raw.preamble
    ]
    notes += _kept_as_text_notes(raw.rejected, raw.reasons)
    notes += _order_notes(raw, layout, hint_reason)
    notes += _clock_notes(raw)
    period = (frame["timestamp"].min(), frame["timestamp"].max())
    export = ParsedExport(frame, export_format, group, period, tuple(notes))
    foreign = None
    if layouts_left > 1:
        foreign = _export_after_foreign_preamble(raw.preamble, layout, frame) or _foreign_export_start(
            frame, layout
        )
    if foreign is None:
        return export
    return _read_both_parts(chat, offsets, foreign, group, layouts_left)


def _export_after_foreign_preamble(preamble, layout: Layout, frame: pd.DataFrame) -> int | None:
    """The 0-based line where this layout's export begins, when the lines before it are an export of
    another layout (an Android export with an iPhone one pasted after it, the iPhone part longer)."""
    detected = detect_layout([text for _line, text in preamble])
    if detected is None or detected[0] == layout or detected[1] < FOREIGN_MIN_HEADERS:
        return None
    return int(frame["line"].iat[0]) - 1


def _foreign_export_start(frame: pd.DataFrame, layout: Layout) -> int | None:
    """The 0-based line where another export (another header layout) was pasted inside a message.

    Such a part would otherwise become one enormous message. It is recognised by what it is: at least
    ``FOREIGN_MIN_HEADERS`` lines of one other layout, most with a "Name: ", making up a good share of
    the lines from the first of them to the end of the message (a list of dated agenda lines is not).
    """
    texts = frame["text"].to_numpy(dtype=object)
    long = np.flatnonzero(frame["text"].str.count("\n").fillna(0).to_numpy() >= FOREIGN_MIN_HEADERS)
    for row in long:
        body = texts[row].split("\n")
        detected = detect_layout(body[1:])
        if detected is None or detected[0] == layout or detected[1] < FOREIGN_MIN_HEADERS:
            continue
        header = re.compile(detected[0].header_regex())
        hits = [index for index, line in enumerate(body) if index and header.match(line)]
        authored = sum(1 for index in hits if _NAME_AFTER_HEADER.search(header.sub("", body[index], 1)))
        tail = len(body) - hits[0]
        if len(hits) >= FOREIGN_MIN_SHARE * tail and authored >= FOREIGN_MIN_AUTHORED * len(hits):
            return int(frame["line"].iat[row]) - 1 + hits[0]
    return None


def _read_both_parts(
    chat: ChatText, offsets: np.ndarray, start: int, group: str | None, layouts_left: int
) -> ParsedExport:
    """The file read as two exports: the lines before ``start`` and those from it, each in its own layout."""
    cut = int(offsets[start])
    data = bytes(chat.data)
    first = _parse_chat(ChatText(data[:cut], chat.name, chat.notes, chat.member), group, 1)
    rest = ChatText(data[cut:], chat.name, (), chat.member)
    second = _parse_chat(rest, group or first.group, layouts_left - 1)
    second_frame = second.frame.assign(line=second.frame["line"] + start)
    second_notes = [_shift_line_note(note, start) for note in second.notes]
    frame = pd.concat([first.frame, second_frame], ignore_index=True)
    frame["group"] = first.group
    frame = frame.astype({name: schema.DTYPES[name] for name in schema.COLUMNS})[list(schema.COLUMNS)]
    frame.attrs["format"] = first.format
    notes = [
        *first.notes,
        f"regel {start + 1}: hier begint een tweede export met een andere datum- of tijdnotatie "
        f"({second.format.description}); die is apart gelezen en achter de eerste gezet",
        *second_notes,
    ]
    period = (frame["timestamp"].min(), frame["timestamp"].max())
    return ParsedExport(frame, first.format, first.group, period, tuple(notes))


def _shift_line_note(note: str, lines_before: int) -> str:
    """The note with the line numbers at its start ("regel 5: ", "regels 5, 9 en 12: ") moved on."""
    match = _LINE_NOTE.match(note)
    if not match:
        return note
    shifted = re.sub(r"\d+", lambda number: str(int(number[0]) + lines_before), match[0])
    return shifted + note[match.end() :]


def read_chat(source: Source, *, group: str | None = None, name: str | None = None) -> pd.DataFrame:
    """The parsed chat as a DataFrame with exactly ``parsers.schema.COLUMNS``."""
    return read_export(source, group=group, name=name).frame


def _frame(raw, classified, group: str) -> pd.DataFrame:
    n = len(raw.lines)
    columns = {
        "timestamp": pd.Series(raw.timestamps, dtype="datetime64[ns]"),
        "author": _strings(classified.authors),
        "text": _strings(classified.texts),
        "kind": pd.Categorical.from_codes(classified.kind, dtype=schema.KIND_DTYPE),
        "event": pd.Categorical.from_codes(classified.event, dtype=schema.EVENT_DTYPE),
        "member": _strings(classified.members),
        "media_type": pd.Categorical.from_codes(classified.media_type, dtype=schema.MEDIA_TYPE_DTYPE),
        "edited": classified.edited.astype(bool, copy=False),
        "line": raw.lines.astype(np.int64, copy=False),
        "group": _strings(pa.repeat(pa.scalar(group, pa.large_string()), n)),
    }
    # The columns are new and ours alone: the frame may keep them instead of copying them.
    return pd.DataFrame(
        {
            name: pd.Series(columns[name], copy=False)
            if not isinstance(columns[name], pd.Series)
            else columns[name]
            for name in schema.COLUMNS
        },
        copy=False,
    )


def _strings(array: pa.Array) -> pd.arrays.ArrowStringArray:
    return pd.array(pd.arrays.ArrowStringArray(pa.chunked_array([array])), dtype=schema.DTYPES["author"])


def _language(votes: Counter[str]) -> str | None:
    return votes.most_common(1)[0][0] if votes else None


def _sample_language(sample: list[str], header: re.Pattern[str]) -> str | None:
    """The language whose system and placeholder texts appear most in the first lines."""
    bodies = []
    for line in sample[:_LANGUAGE_SAMPLE]:
        match = header.match(line)
        if match:
            body = line[match.end() :].rstrip("\n")
            bodies.append(body.split(": ", 1)[1] if ": " in body else body)
    votes: Counter[str] = Counter()
    for language in all_languages():
        votes[language.code] = sum(
            1
            for body in bodies
            if len(body) < 500
            and (language.system_any.regex.fullmatch(body) or language.placeholder_any.regex.fullmatch(body))
        )
    best = votes.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


def _order_hint(sample: list[str], layout: Layout) -> tuple[str, str]:
    """The day/month order to take when no date and no time order in the file decides it.

    US-region exports write M/D/YY; the others (nl, de, en-GB with DD/MM/YYYY) day first. Slash dates
    with a 2-digit year, or with a day or month of one digit in a 12-hour file, are the US order. Only
    header lines count: a message line starting with "1." or "3 " says nothing about the order. A
    dotted time ("08/01/20 14.56") is never a US export: day first (seen in a public Indonesian export).
    """
    us_clock = layout.time_sep == ":"  # US phones write "14:56"; a dotted time ("14.56") is Indonesian & co
    if us_clock and layout.date_sep == "/" and (
        layout.year_digits == 2 or (layout.twelve_hour and unpadded_dates(sample, layout))
    ):
        return "mdy", "us"
    return "dmy", "day_first"


_HINT_TEXT = {
    "us": "de Amerikaanse volgorde van een export met schuine strepen en "
    "een jaar van twee cijfers of datums zonder voorloopnul bij een 12-uursklok",
    "day_first": "dag eerst, zoals in Nederlandse en Europese exports",
}

_KEPT_AS_TEXT = {
    "date": "lijkt een berichtkop maar de datum of tijd bestaat niet",
    "order": "lijkt een berichtkop, maar is anders geschreven dan de andere berichtkoppen en de tijd past "
    "niet tussen de berichten ervoor en erna (een geplakt of doorgestuurd bericht)",
    "repeat": "lijkt een berichtkop, maar is anders geschreven dan de andere berichtkoppen en herhaalt "
    "het bericht ervoor (geplakt)",
    "layout": "lijkt een berichtkop, maar in een andere notatie dan die van dit bestand "
    "(geplakt uit een andere chat)",
}


def _kept_as_text_notes(lines: Sequence[int], reasons: Sequence[str]) -> list[str]:
    """One note per line that looks like a header but stayed text, per reason; above
    ``MAX_NOTES_PER_KIND`` lines of one reason, the rest in one note that lists them all."""
    by_reason: dict[str, list[int]] = {reason: [] for reason in _KEPT_AS_TEXT}
    for line, reason in zip(lines, reasons, strict=True):
        by_reason[reason].append(line)
    one_by_one: list[tuple[int, str]] = []
    summaries = []
    for reason, these in by_reason.items():
        message = f"{_KEPT_AS_TEXT[reason]}; als tekst van het vorige bericht bewaard"
        cut = len(these) if len(these) <= MAX_NOTES_PER_KIND + 1 else MAX_NOTES_PER_KIND  # never "1 more"
        these, rest = these[:cut], these[cut:]
        one_by_one += [(line, f"regel {line}: {message}") for line in these]
        if rest:
            listed = ", ".join(map(str, rest[:-1])) + f" en {rest[-1]}"
            summaries.append(f"regels {listed}: nog {len(rest)} zulke regels: {message}")
    return [note for _, note in sorted(one_by_one)] + summaries


def _order_notes(raw, layout: Layout, hint_reason: str) -> list[str]:
    """Says how the day/month order was chosen when no date in a header decided it."""
    if raw.order_reason not in ("time", "hint"):
        return []
    pattern = layout.pattern_text(raw.date_order).split(" ")[0]
    undecided = f"datumvolgorde {pattern}: geen berichtkop heeft een dag boven 12"
    if raw.order_reason == "time":
        return [f"{undecided}; gekozen omdat de tijden in deze volgorde oplopen en in de andere niet"]
    if len(np.unique(raw.timestamps.astype("datetime64[D]"))) < 2:
        return []  # one date: both orders keep the messages in the same order
    return [
        f"{undecided} en de tijden lopen in beide volgordes even vaak op; "
        f"aangenomen: {_HINT_TEXT[hint_reason]}"
    ]


def _clock_notes(raw) -> list[str]:
    """Says that a file holds 12-hour and 24-hour headers (the phone's clock setting changed)."""
    twelve, twenty_four = raw.clocks
    if not twelve or not twenty_four:
        return []

    def messages(count: int) -> str:
        return f"{count} bericht" if count == 1 else f"{count} berichten"

    return [
        f"het bestand gebruikt de 12-uursklok ({messages(twelve)}) én de 24-uursklok "
        f"({messages(twenty_four)}), de minst gebruikte vanaf regel {raw.other_clock_line}; beide gelezen"
    ]


def _format(layout: Layout, date_order: str, language: str | None) -> ExportFormat:
    labels = {lang.code: lang.label for lang in all_languages()}
    parts = [
        _PLATFORM_LABEL[layout.platform],
        labels.get(language, "taal onbekend"),
        layout.pattern_text(date_order),
    ]
    return ExportFormat(
        platform=layout.platform,
        language=language,
        date_order=date_order,
        twelve_hour=layout.twelve_hour,
        seconds=layout.seconds,
        year_digits=layout.year_digits,
        description=", ".join(parts),
    )
