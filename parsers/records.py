"""Cutting the chat text into records, vectorised.

The whole file is one UTF-8 buffer. Lines become a zero-copy Arrow array; a numpy check against the
first header (zero-padded 24-hour layouts) or one RE2 pass (``pyarrow.compute.extract_regex``) finds
the header lines of the file's layout, and one more RE2 pass over the other lines finds those that
only look like a header (other field widths, the other clock, another layout). Candidates written
unlike most headers become records only in time order (``_pasted``); every header-like line left as
text is returned with its reason, for the notes. numpy parses the header digits and cuts headers,
author prefixes and record-separating newlines out of the buffer in one go, so every record's body
(with its continuation lines) is one contiguous slice. No Python object is made per record on this
path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.lib.stride_tricks import sliding_window_view

from parsers.layout import CLOCK_SUFFIX, LOOKS_LIKE_HEADER, Layout

#: Years a real WhatsApp export can contain; a "header" outside is text that only looks like one.
FIRST_YEAR, LAST_YEAR = 2009, 2099


@dataclass(frozen=True)
class RawRecords:
    """Records before classification: bodies still hold placeholders and system texts."""

    timestamps: np.ndarray  # datetime64[ns]
    authors: pa.Array  # large_string, null where the header line has no "Name: "
    bodies: pa.Array  # large_string, body with continuation lines, header and author removed
    lines: np.ndarray  # int64, 1-based line of each record
    date_order: str  # "dmy", "mdy" or "ymd"
    preamble: tuple[tuple[int, str], ...]  # (line, text) before the first header
    rejected: tuple[int, ...]  # lines that look like headers but are kept as text, ascending
    multi_line: np.ndarray  # bool: the record has continuation lines
    edited: np.ndarray  # bool: the body ended in an edit marker, now removed
    reasons: tuple[str, ...] = ()  # per rejected line: one of REASONS
    order_reason: str = "evidence"  # how date_order was decided: "year", "evidence", "time", "hint"
    clocks: tuple[int, int] = (0, 0)  # records with a 12-hour and with a 24-hour clock
    other_clock_line: int = 0  # first line (1-based) of the clock fewer records use; 0 if one clock


#: Why a line that looks like a header is kept as text of the message before it:
#: "date" - its date or time cannot exist (31-02, hour 25);
#: "order" - written unlike the file's other headers and its time falls outside the messages around
#: it (a pasted or forwarded message);
#: "repeat" - written unlike the file's other headers and a copy of the message before it;
#: "layout" - a date and time in another layout than the file's (a pasted line of another export).
REASONS = ("date", "order", "repeat", "layout")


def line_array(data: bytes) -> tuple[pa.Array, np.ndarray]:
    """All lines (each with its trailing newline) as a zero-copy Arrow array, and their start offsets."""
    ends = byte_positions(np.frombuffer(data, np.uint8), (10,)) + 1  # data always ends with "\n"
    offsets = np.empty(len(ends) + 1, np.int64)
    offsets[0] = 0
    offsets[1:] = ends
    values = data if isinstance(data, pa.Buffer) else pa.py_buffer(data)
    lines = pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), values)
    return lines, offsets


def byte_positions(buffer: np.ndarray, values: tuple[int, ...], chunk: int = 1 << 20) -> np.ndarray:
    """Positions of the bytes equal to any of ``values``, scanned in chunks that stay in the CPU
    cache: a whole-file boolean array would cost a page fault per 4 KB of a large export."""
    found = []
    mask = np.empty(min(chunk, len(buffer)), bool)
    scratch = np.empty_like(mask)
    for begin in range(0, len(buffer), chunk):
        part = buffer[begin : begin + chunk]
        hits, extra = mask[: len(part)], scratch[: len(part)]
        np.equal(part, values[0], out=hits)
        for value in values[1:]:
            np.equal(part, value, out=extra)
            hits |= extra
        found.append(np.flatnonzero(hits) + begin)
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def split_records(
    data: bytes,
    lines: pa.Array,
    offsets: np.ndarray,
    layout: Layout,
    order_hint: str,
    edit_markers: tuple[str, ...] = (),
) -> RawRecords:
    """Records of ``data`` for the given layout; the day/month order is decided over all headers.

    Every line that matches the layout is a candidate. A candidate written unlike the file's other
    headers (unpadded among zero-padded ones, the clock fewer headers use) is a record when it is in
    time order with the records around it and does not repeat the message before it; otherwise it is
    a pasted message and stays text. A body ending in one of ``edit_markers`` ("<Dit bericht is
    bewerkt>") loses it and is flagged.
    """
    count = 6 if layout.seconds else 5
    found = _fixed_width_headers(data, lines, offsets, layout, count) or _regex_headers(lines, layout, count)
    suspicious = _suspicious(found, layout)
    order, order_reason = _decide_order(found, suspicious, layout, order_hint)
    stamps, valid = _timestamps(found.numbers, order, layout, found.clock)
    out_of_order, repeats = _pasted(data, offsets, found, stamps, valid, suspicious)
    keep = valid & ~out_of_order & ~repeats
    kept_lines = found.lines[keep]
    first = int(kept_lines[0]) if len(kept_lines) else len(offsets)
    kept_as_text = [found.lines[~valid], found.lines[out_of_order], found.lines[repeats], found.lookalikes]
    rejected_lines = np.concatenate(kept_as_text)
    reason_codes = np.repeat(np.arange(len(REASONS)), [len(part) for part in kept_as_text])
    if len(kept_lines):  # before the first record a line is part of the preamble, noted as such
        after_first = rejected_lines > first
        rejected_lines, reason_codes = rejected_lines[after_first], reason_codes[after_first]
    by_line = np.argsort(rejected_lines, kind="stable")
    rejected = tuple((rejected_lines[by_line] + 1).tolist())
    reasons = tuple(REASONS[code] for code in reason_codes[by_line].tolist())
    clocks, other_clock_line = _clock_counts(found, keep)
    header_lines, head_length, stamps = kept_lines, found.head_length[keep], stamps[keep]
    if len(header_lines) == 0:
        empty = pa.array([], pa.large_string())
        nothing = np.zeros(0, bool)
        return RawRecords(
            stamps, empty, empty, np.array([], np.int64), order, (), rejected, nothing, nothing, reasons
        )
    name_start, name_length, prefix_length = _author_spans(
        data, lines, offsets, header_lines, head_length, layout
    )
    bodies, edited = _bodies(data, offsets, header_lines, head_length + prefix_length, edit_markers)
    authors = string_slices(data, name_start, name_start + name_length, present=name_start >= 0)
    preamble = tuple(
        (number + 1, text.rstrip("\n"))
        for number, text in enumerate(lines.slice(0, first).to_pylist())
        if text.strip()
    )
    multi_line = np.diff(np.append(header_lines, len(lines))) > 1
    return RawRecords(
        stamps,
        authors,
        bodies,
        header_lines.astype(np.int64) + 1,
        order,
        preamble,
        rejected,
        multi_line,
        edited,
        reasons,
        order_reason,
        clocks,
        other_clock_line,
    )


@dataclass
class _Headers:
    """The lines that match the layout, with what their headers say, in line order."""

    lines: np.ndarray  # 0-based line of each candidate header
    numbers: np.ndarray  # (n, 5 or 6): date fields as written, then hour, minute (, second)
    widths: np.ndarray  # (n, 5 or 6): digits of each field (may be a broadcast view)
    head_length: np.ndarray  # bytes of each header
    clock: np.ndarray | None  # int8 per header (CLOCK_*), None when every header is 24-hour
    lookalikes: np.ndarray  # 0-based lines that look like a header of another layout


#: Clock of one header: 24-hour, AM ("in the morning", "midnight"), PM ("in the afternoon",
#: "in the evening", "noon"), or "at night" (PM from 6 to 11, AM otherwise).
CLOCK_24, CLOCK_AM, CLOCK_PM, CLOCK_NIGHT = 0, 1, 2, 3
_PM_SUFFIX = "[Pp]\\.?[ \u00a0\u202f]?[Mm]|afternoon|evening|noon"


def _regex_headers(lines: pa.Array, layout: Layout, count: int) -> _Headers:
    """The candidate headers of all ``lines``: one RE2 pass for the file's own clock, then the lines
    that look like a header among the rest (the other clock, other field widths, other layouts)."""
    header_lines, numbers, widths, head_length, clock = _extract(lines, layout, count, both_clocks=False)
    others = np.ones(len(lines), bool)
    others[header_lines] = False
    others = np.flatnonzero(others)
    others_text = lines if len(others) == len(lines) else lines.take(pa.array(others))
    look = others[np.asarray(pc.match_substring_regex(others_text, LOOKS_LIKE_HEADER), bool)]
    headers = _Headers(header_lines, numbers, widths, head_length, clock, look)
    return _with_lookalikes(headers, lines, layout, count)


def _with_lookalikes(headers: _Headers, lines: pa.Array, layout: Layout, count: int) -> _Headers:
    """``headers`` with those of its ``lookalikes`` that match the layout (either clock) added in line
    order; the others stay lookalikes (another layout)."""
    look = headers.lookalikes
    if not len(look):
        return headers
    odd, odd_numbers, odd_widths, odd_length, odd_clock = _extract(
        lines.take(pa.array(look)), layout, count, both_clocks=True
    )
    if not len(odd):
        return headers
    lookalikes = np.delete(look, odd)
    odd = look[odd]
    at = np.searchsorted(headers.lines, odd) + np.arange(len(odd))
    is_odd = np.zeros(len(headers.lines) + len(odd), bool)
    is_odd[at] = True
    clock = None
    if headers.clock is not None or odd_clock is not None:
        clock = np.zeros(len(is_odd), np.int8)
        if headers.clock is not None:
            clock[~is_odd] = headers.clock
        if odd_clock is not None:
            clock[is_odd] = odd_clock
    return _Headers(
        _merged(headers.lines, odd, is_odd),
        _merged(headers.numbers, odd_numbers, is_odd),
        _merged(headers.widths, odd_widths, is_odd),
        _merged(headers.head_length, odd_length, is_odd),
        clock,
        lookalikes,
    )


def _merged(regular: np.ndarray, odd: np.ndarray, is_odd: np.ndarray) -> np.ndarray:
    """``regular`` and ``odd`` rows interleaved: the odd ones where ``is_odd`` is True."""
    out = np.empty((len(is_odd), *regular.shape[1:]), np.result_type(regular, odd))
    out[~is_odd] = regular
    out[is_odd] = odd
    return out


def _extract(lines: pa.Array, layout: Layout, count: int, both_clocks: bool):
    """Index, numbers, widths, byte length and clock of the headers of the layout among ``lines``."""
    found = pc.extract_regex(lines, "(?P<h>" + layout.header_regex(both_clocks) + ")")
    is_header = np.asarray(found.is_valid())
    header_lines = np.flatnonzero(is_header)
    heads = found.field("h").filter(pa.array(is_header))
    numbers, widths = _header_fields(heads, count)
    if layout.time_first:  # "14:56:01, 3/18/22": date fields first, as in every other layout
        order = [*range(count - 3, count), *range(count - 3)]
        numbers, widths = numbers[:, order], widths[:, order]
    head_length = np.asarray(pc.binary_length(heads), np.int64)
    if both_clocks:
        twelve = np.asarray(pc.match_substring_regex(heads, CLOCK_SUFFIX), bool)
        clock = _clock_codes(heads, twelve, day_periods=True)
    else:
        clock = _clock_codes(heads, None, layout.day_periods) if layout.twelve_hour else None
    return header_lines, numbers, widths, head_length, clock


def _clock_codes(heads: pa.Array, twelve: np.ndarray | None, day_periods: bool) -> np.ndarray | None:
    """CLOCK_* of each header; ``twelve`` says which have a 12-hour suffix (None: all have one), and
    ``day_periods`` whether any may be "at night". None when no header has a suffix."""
    if twelve is not None and not twelve.any():
        return None
    clock = np.ones(len(heads), np.int8) if twelve is None else twelve.astype(np.int8)
    clock[np.asarray(pc.match_substring_regex(heads, _PM_SUFFIX), bool)] = CLOCK_PM
    if day_periods:
        clock[np.asarray(pc.match_substring(heads, "at night"), bool)] = CLOCK_NIGHT
    return clock


def _clock_counts(found: _Headers, keep: np.ndarray) -> tuple[tuple[int, int], int]:
    """Records with a 12-hour and a 24-hour clock, and the first line of the clock fewer use."""
    if found.clock is None:
        return (0, int(keep.sum())), 0
    twelve = (found.clock > 0) & keep
    twelve_count, total = int(twelve.sum()), int(keep.sum())
    counts = (twelve_count, total - twelve_count)
    if not twelve_count or twelve_count == total:
        return counts, 0
    other = twelve if twelve_count <= total - twelve_count else (~twelve & keep)
    return counts, int(found.lines[np.argmax(other)]) + 1


def _suspicious(found: _Headers, layout: Layout) -> np.ndarray:
    """Candidates written unlike most headers of the file: a field unpadded where the file pads it
    ("2-5-2022" among "02-05-2022") or padded where it does not, or the clock fewer headers use.
    These are checked against the records around them before they become records."""
    numbers, widths, clock = found.numbers, found.widths, found.clock
    suspicious = np.zeros(len(numbers), bool)
    if len(numbers) == 0 or (widths.strides[0] == 0 and clock is None):
        return suspicious  # every header written alike (the fixed-width fast path without odd lines)
    date_fields = (1, 2) if layout.year_first else (0, 1)
    suspicious |= _against_padding(numbers, widths, date_fields, None)
    if clock is None:
        suspicious |= _against_padding(numbers, widths, (3,), None)
        return suspicious
    twelve = clock > 0
    for group in (twelve, ~twelve):
        suspicious |= _against_padding(numbers, widths, (3,), group)
    twelve_count = int(twelve.sum())
    if 0 < twelve_count < len(clock) and 2 * twelve_count != len(clock):
        suspicious |= twelve if 2 * twelve_count < len(clock) else ~twelve
    return suspicious


def _against_padding(
    numbers: np.ndarray, widths: np.ndarray, fields: tuple[int, ...], group: np.ndarray | None
) -> np.ndarray:
    """Headers (of ``group``) whose ``fields`` break the padding most of them follow: a value below 10
    written with one digit where most such values have two, or the other way round."""
    padded = unpadded = 0
    members = len(numbers) if group is None else int(group.sum())
    columns = []
    for column in fields:
        width = widths[:, column]
        small = numbers[:, column] < 10
        if group is not None:
            small &= group
        constant = int(width[0]) if width.strides == (0,) else None  # the fixed-width fast path
        if constant is not None:
            padded += int(small.sum()) if constant == 2 else 0
            unpadded += members if constant == 1 else 0
        else:
            padded += int((small & (width == 2)).sum())
            one = width == 1
            unpadded += int((one & group).sum() if group is not None else one.sum())
        columns.append((width, small, constant))
    against = np.zeros(len(numbers), bool)
    if padded == unpadded:
        return against
    for width, small, constant in columns:
        if padded > unpadded:  # a one-digit field is odd
            if constant is None:
                against |= (width == 1) & group if group is not None else width == 1
            elif constant == 1:
                against |= group if group is not None else True
        elif constant is None:  # a padded small value is odd
            against |= (width == 2) & small
        elif constant == 2:
            against |= small
    return against


def _pasted(
    data: bytes,
    offsets: np.ndarray,
    found: _Headers,
    stamps: np.ndarray,
    valid: np.ndarray,
    suspicious: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Which suspicious candidates are pasted messages: their time falls outside the records before and
    after them (a forwarded message is older than the one it sits in), or they repeat the message
    before them word for word. Returns (out of time order, repeats)."""
    out_of_order = np.zeros(len(valid), bool)
    repeats = np.zeros(len(valid), bool)
    check = np.flatnonzero(valid & suspicious)
    if not len(check):
        return out_of_order, repeats
    ok = np.flatnonzero(valid & ~suspicious)
    if not len(ok):
        return out_of_order, repeats
    seconds = stamps.view(np.int64)
    after_index = np.searchsorted(ok, check)
    has_before = after_index > 0
    before = np.where(has_before, seconds[ok[np.maximum(after_index - 1, 0)]], np.iinfo(np.int64).min)
    has_after = after_index < len(ok)
    after = np.where(has_after, seconds[ok[np.minimum(after_index, len(ok) - 1)]], np.iinfo(np.int64).max)
    outside = (seconds[check] < before) | (seconds[check] > after)
    out_of_order[check[outside]] = True
    rows = check[~outside & has_before]
    if len(rows):
        previous = ok[np.searchsorted(ok, rows) - 1]
        same = _same_rest(data, offsets, found, rows, previous)
        repeats[rows[same]] = True
    return out_of_order, repeats


def _same_rest(
    data: bytes, offsets: np.ndarray, found: _Headers, rows: np.ndarray, previous: np.ndarray
) -> np.ndarray:
    """Whether the rest of the header line of each candidate in ``rows`` (after the header) is the
    rest of the header line of the candidate in ``previous``."""

    def rests(which: np.ndarray) -> pa.Array:
        line = found.lines[which]
        start = offsets[line] + found.head_length[which]
        return string_slices(data, start, offsets[line + 1])

    unique, back = np.unique(previous, return_inverse=True)
    theirs = rests(unique).take(pa.array(back))
    return np.asarray(pc.equal(rests(rows), theirs), bool)


#: "Name:text" (no space after the colon, zh-style exports): a name is short (at most four words), and has
#: no slash, quote or digit at its end, so "https://...", 'changed the subject to "A:B"' or "Alice changed
#: the subject to A:B" stay system text.
_MAX_GLUED_NAME = 40
_GLUED_NAME = re.compile(r"[^/\"'\u201c\u201d\n:]*[^/\"'\u201c\u201d\n:\d\s]")


def _author_spans(
    data: bytes,
    lines: pa.Array,
    offsets: np.ndarray,
    header_lines: np.ndarray,
    head_length: np.ndarray,
    layout: Layout,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the "Name: " after each header is: name start, name length, and the prefix to cut.

    The name ends at the first ": " after the header. An iOS album header ("[...] ~ Femke:") ends
    the line with ":" instead; then the line's newline stays, so the album record's text is "".
    """
    after_head = offsets[header_lines] + head_length
    rest_length = offsets[header_lines + 1] - after_head  # the rest of the line, with its newline
    if layout.separator == ": ":  # old iOS: the header itself ends in ": "; look after it
        rest = pc.utf8_slice_codeunits(lines.take(pa.array(header_lines)), 0)  # copy, rare layout
        found = np.asarray(
            pc.find_substring_regex(
                pc.replace_substring_regex(rest, "^" + layout.header_regex(), "", max_replacements=1), ": "
            ),
            np.int64,
        )
    else:
        # Search only after each header and stop at the first ": ": a message line is done after
        # its author, and continuation lines are never scanned. Each searched span runs on to the
        # next header (Arrow needs adjacent spans); a hit past the line's newline is no hit.
        spans = np.append(after_head, offsets[-1])
        found = np.asarray(
            pc.find_substring(
                pa.LargeStringArray.from_buffers(len(after_head), pa.py_buffer(spans), lines.buffers()[2]),
                ": ",
            ),
            np.int64,
        )
    has_colon = (found >= 0) & (found + 2 < rest_length)
    name_length = np.where(has_colon, found, 0)
    prefix_length = np.where(has_colon, found + 2, 0)
    name_start = np.where(has_colon, after_head, -1)
    others = np.flatnonzero(~has_colon)  # system lines, and iOS album headers
    line_end = after_head[others] + rest_length[others]
    album = others[
        (np.frombuffer(data, np.uint8)[np.maximum(line_end - 2, 0)] == ord(":")) & (rest_length[others] > 1)
    ]
    name_length[album] = rest_length[album] - 2
    prefix_length[album] = name_length[album] + 1
    name_start[album] = after_head[album]
    if layout.year_first:  # zh-style exports also write "Bob:Hi", without a space after the colon
        for row in np.setdiff1d(others, album):
            start = int(after_head[row])
            rest = data[start : start + int(rest_length[row])]
            colon = rest.find(b":")
            name = rest[:colon].decode("utf-8", "replace")
            words_after = rest[colon + 1 :].strip()
            if (
                0 < colon <= _MAX_GLUED_NAME
                and name.count(" ") <= 3
                and words_after
                and not words_after.startswith(b"//")  # a link, "https://..."
                and _GLUED_NAME.fullmatch(name)
            ):
                name_start[row], name_length[row], prefix_length[row] = start, colon, colon + 1
    return name_start, name_length, prefix_length


def string_slices(
    data: bytes, starts: np.ndarray, ends: np.ndarray, present: np.ndarray | None = None
) -> pa.Array:
    """Slices ``[starts, ends)`` of ``data`` (ascending, not overlapping) as one string array.

    The slices and the gaps between them are laid out as one zero-copy Arrow array over ``data``;
    Arrow's ``take`` of the even elements then copies each slice once, at memcpy speed. Rows where
    ``present`` is False are null.
    """
    count = len(starts)
    if count == 0:
        return pa.array([], pa.large_string())
    if present is not None:  # a missing slice becomes empty, at a place that keeps the order
        ends = np.where(present, ends, np.maximum.accumulate(np.where(present, ends, 0)))
        starts = np.where(present, starts, ends)
    bounds = np.empty(2 * count, np.int64)
    bounds[0::2] = starts
    bounds[1::2] = ends
    values = data if isinstance(data, pa.Buffer) else pa.py_buffer(data)
    interleaved = pa.LargeStringArray.from_buffers(2 * count - 1, pa.py_buffer(bounds), values)
    even = np.arange(0, 2 * count, 2, dtype=np.int64)
    return pc.take(interleaved, pa.array(even, mask=None if present is None else ~present))


def string_buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (rebased to 0) and bytes of a large_string array without copying."""
    offsets = np.frombuffer(array.buffers()[1], np.int64)[array.offset : array.offset + len(array) + 1]
    data = (
        np.frombuffer(array.buffers()[2], np.uint8)
        if array.buffers()[2] is not None
        else np.zeros(0, np.uint8)
    )
    return offsets - offsets[0], data[offsets[0] : offsets[-1]]


def _header_fields(heads: pa.Array, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` digit runs of every header as an (n, count) int array, and how many digits each
    run has, without Python loops."""
    if len(heads) == 0:
        return np.zeros((0, count), np.int64), np.zeros((0, count), np.int8)
    offsets, data = string_buffers(heads)
    fixed = _fixed_width_numbers(offsets, data, count)
    if fixed is not None:
        return fixed
    digit = (data >= 48) & (data <= 57)
    previous = np.zeros_like(digit)
    previous[1:] = digit[:-1]
    previous[offsets[:-1]] = False  # a run never continues into the next header
    starts = digit & ~previous
    positions = np.flatnonzero(digit)
    run = np.cumsum(starts[positions]) - 1
    run_lengths = np.bincount(run)
    run_ends = np.cumsum(run_lengths)
    power = run_ends[run] - np.arange(len(positions)) - 1
    values = np.bincount(run, weights=(data[positions] - 48) * np.power(10.0, power))
    numbers = np.rint(values).astype(np.int64).reshape(-1, count)
    return numbers, run_lengths.astype(np.int8).reshape(-1, count)


def _fixed_width_headers(
    data: bytes, lines: pa.Array, offsets: np.ndarray, layout: Layout, count: int
) -> _Headers | None:
    """Fast path for zero-padded 24-hour layouts ("02-05-2022 16:08 - "), the common Dutch ones.

    The first header of the file is the template: a line is a header when its first ``width`` bytes
    have digits in the template's digit columns and the template's bytes elsewhere, checked for all
    lines at once in numpy. Only the lines that fail are given to RE2, to find the headers with other
    field widths or the other clock (they are candidates like any other) and the lines that look like
    a header of another layout. If the template fits fewer lines than the others, or the first header
    has a 12-hour clock, this returns None: the general path.
    """
    if layout.twelve_hour:
        return None
    pattern = layout.header_regex(both_clocks=False)  # 24-hour: no clock suffix
    first_line = _first_match(lines, pattern)
    if first_line is None:
        return None
    match = re.match(pattern, lines[first_line].as_py())
    if match is None:
        return None
    width = len(match.group(0).encode("utf-8"))
    buffer = np.frombuffer(data, np.uint8)
    template = buffer[offsets[first_line] : offsets[first_line] + width]
    digit_columns = (template >= 48) & (template <= 57)
    sample = lines.slice(0, _SAMPLE)
    in_sample = int(np.asarray(pc.match_substring_regex(sample, layout.header_regex()), bool).sum())
    sample_fits = _template_fits(buffer, offsets[: len(sample) + 1], template, digit_columns)[1]
    if 2 * int(sample_fits.sum()) < in_sample:
        return None  # the file itself varies its field widths: the general path
    long_enough, fits, digits = _template_fits(buffer, offsets, template, digit_columns)
    header_lines = long_enough[fits]
    others = np.ones(len(offsets) - 1, bool)
    others[header_lines] = False
    others = np.flatnonzero(others)
    others_text = lines.take(pa.array(others))
    look = others[np.asarray(pc.match_substring_regex(others_text, LOOKS_LIKE_HEADER), bool)]
    if len(look) > len(header_lines):
        return None  # the file itself varies its field widths: the general path
    numbers = _digit_numbers(digits[fits], digit_columns, count)
    if numbers is None:
        return None
    run_widths = np.array(_runs(digit_columns)[1], np.int8)
    if layout.time_first:  # "14:56:01, 3/18/22": date fields first, as in every other layout
        order = [*range(count - 3, count), *range(count - 3)]
        numbers, run_widths = numbers[:, order], run_widths[order]
    widths = np.broadcast_to(run_widths, numbers.shape)  # every header alike: one row, no copy
    head_length = np.full(len(header_lines), width, np.int64)
    headers = _Headers(header_lines, numbers, widths, head_length, None, look)
    return _with_lookalikes(headers, lines, layout, count)


def _template_fits(
    buffer: np.ndarray, offsets: np.ndarray, template: np.ndarray, digit_columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines long enough to hold the template, which of them start like it (digits in its digit
    columns, its bytes elsewhere), and their digit values."""
    width = len(template)
    long_enough = np.flatnonzero(np.diff(offsets) > width)  # a header line holds the header and more
    matrix = sliding_window_view(buffer, width)[offsets[long_enough]]
    fits = (matrix[:, ~digit_columns] == template[~digit_columns]).all(axis=1)
    digits = matrix[:, digit_columns] - np.uint8(48)  # a non-digit wraps around to 10 or more
    fits &= digits.max(axis=1) < 10
    return long_enough, fits, digits


#: Lines looked at first, to choose the fast path.
_SAMPLE = 2000


def _first_match(lines: pa.Array, pattern: str, sample: int = _SAMPLE) -> int | None:
    """The first line matching ``pattern`` (RE2), looking at a sample first."""
    for part in (lines.slice(0, sample), lines):
        hits = np.flatnonzero(np.asarray(pc.match_substring_regex(part, pattern), bool))
        if len(hits):
            return int(hits[0])
        if len(part) == len(lines):
            break
    return None


def _column_numbers(matrix: np.ndarray, digit_columns: np.ndarray, count: int) -> np.ndarray | None:
    """The numbers written in runs of digit columns of an (n, width) byte matrix."""
    return _digit_numbers(matrix[:, digit_columns] - np.uint8(48), digit_columns, count)


def _runs(digit_columns: np.ndarray) -> tuple[list[list[int]], list[int]]:
    """Runs of adjacent ``digit_columns`` and their lengths."""
    runs: list[list[int]] = []
    for column in np.flatnonzero(digit_columns).tolist():
        if runs and runs[-1][-1] == column - 1:
            runs[-1].append(column)
        else:
            runs.append([column])
    return runs, [len(run) for run in runs]


def _digit_numbers(digits: np.ndarray, digit_columns: np.ndarray, count: int) -> np.ndarray | None:
    """The numbers of an (n, digit columns) matrix of digit values, grouped by runs of adjacent
    ``digit_columns``; None if there are not ``count`` runs."""
    runs, _ = _runs(digit_columns)
    if len(runs) != count:
        return None
    values = np.empty((count, len(digits)), np.int32)  # returned transposed: each field contiguous
    position = 0
    for index, run in enumerate(runs):
        number = values[index]
        np.copyto(number, digits[:, position], casting="unsafe")
        for offset in range(1, len(run)):
            number *= 10
            number += digits[:, position + offset]
        position += len(run)
    return values.T


def _fixed_width_numbers(
    offsets: np.ndarray, data: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Extracted headers that all have the same width and digit columns, as numbers and widths; else
    None."""
    width = int(offsets[1] - offsets[0])
    if width == 0 or len(data) != width * (len(offsets) - 1) or not np.all(np.diff(offsets) == width):
        return None
    matrix = data.reshape(-1, width)
    digit = (matrix >= 48) & (matrix <= 57)
    columns = digit.all(axis=0)
    if not (columns | ~digit.any(axis=0)).all():
        return None
    numbers = _column_numbers(matrix, columns, count)
    if numbers is None:
        return None
    return numbers, np.broadcast_to(np.array(_runs(columns)[1], np.int8), numbers.shape)


def _decide_order(found: _Headers, suspicious: np.ndarray, layout: Layout, hint: str) -> tuple[str, str]:
    """Day-first or month-first, and how it was decided.

    Only headers are evidence (never message text), and only those written like most headers of the
    file. A first field above 12 says day-first, a second one month-first ("evidence"; the more
    frequent wins if both occur). When no date decides it, slash dates (written day-first in Europe,
    month-first in the US) take the order in which the timestamps go back fewer times ("time"); when
    both do equally well, and for dashes and dots (day-first in every locale seen), the ``hint``
    ("hint").
    """
    if layout.year_first:
        return "ymd", "year"
    numbers, clock = found.numbers, found.clock
    if suspicious.any():
        numbers = numbers[~suspicious]
        clock = clock[~suspicious] if clock is not None else None
    day_first_evidence = int((numbers[:, 0] > 12).sum())
    month_first_evidence = int((numbers[:, 1] > 12).sum())
    if day_first_evidence or month_first_evidence:
        return ("dmy" if day_first_evidence >= month_first_evidence else "mdy"), "evidence"
    if len(numbers) > 1 and layout.date_sep == "/":  # only slash dates are written both ways
        day_first, day_valid = _timestamps(numbers, "dmy", layout, clock)
        month_first, month_valid = _timestamps(numbers, "mdy", layout, clock)
        both = day_valid & month_valid
        backwards = [
            int((np.diff(stamps[both].view(np.int64)) < 0).sum()) for stamps in (day_first, month_first)
        ]
        if backwards[0] != backwards[1]:
            return ("dmy" if backwards[0] < backwards[1] else "mdy"), "time"
    return hint, "hint"


def _timestamps(
    numbers: np.ndarray, order: str, layout: Layout, clock: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """datetime64[ns] per header and whether the header's date and time can exist at all.

    A 12-hour header reads hours 0 to 12 (0 and 12 both mean the hour after midnight or noon:
    "0:24 PM" is 12:24); "at night" is PM from 6 to 11 and AM otherwise.
    """
    columns = {"dmy": (2, 1, 0), "mdy": (2, 0, 1), "ymd": (0, 1, 2)}[order]
    year, month, day = (numbers[:, i] for i in columns)
    if layout.year_digits == 2:
        year = year + 2000
    hour, minute = numbers[:, 3], numbers[:, 4]
    second = numbers[:, 5] if layout.seconds else np.zeros_like(minute)
    if clock is not None:
        twelve = clock > 0
        valid_hour = np.where(twelve, hour <= 12, hour <= 23)
        evening = (clock == CLOCK_PM) | ((clock == CLOCK_NIGHT) & (hour >= 6) & (hour <= 11))
        hour = np.where(twelve, hour % 12, hour) + np.where(evening, 12, 0)
    else:
        valid_hour = hour <= 23
    # Month starts and lengths from a small table: a few array operations per header.
    month_index = (year - FIRST_YEAR) * 12 + (month - 1)
    in_range = (month >= 1) & (month <= 12) & (year >= FIRST_YEAR) & (year <= LAST_YEAR)
    month_index = np.where(in_range, month_index, 0)
    month_starts, month_lengths = _month_table()
    valid = (
        in_range
        & (day >= 1)
        & (day <= month_lengths[month_index])
        & valid_hour
        & (minute <= 59)
        & (second <= 59)
    )
    days = month_starts[month_index] + day - 1
    seconds = ((days * 24 + hour) * 60 + minute) * 60 + second
    stamps = (seconds * 1_000_000_000).view("datetime64[ns]")
    return stamps, valid


@cache
def _month_table() -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970 at the start of every month from FIRST_YEAR to LAST_YEAR, and its length."""
    months = np.arange((LAST_YEAR - FIRST_YEAR + 1) * 12 + 1)
    starts = _days_from_civil(FIRST_YEAR + months // 12, months % 12 + 1, np.ones_like(months))
    return starts[:-1], np.diff(starts)


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates, in integer arithmetic (H. Hinnant)."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _bodies(
    data: bytes,
    offsets: np.ndarray,
    header_lines: np.ndarray,
    cut_length: np.ndarray,
    edit_markers: tuple[str, ...],
) -> tuple[pa.Array, np.ndarray]:
    """Each record's text: from after its header and author prefix up to the newline that ends it,
    and whether it was edited.

    Trailing blank lines are dropped (WhatsApp trims what people send, so a blank line before the
    next header is layout, not text): they are a record's last lines of length 1. Then an edit
    marker at the end goes, with the spaces before it. Both only move a record's end, so the bodies
    are copied once, at the end.
    """
    line_starts = offsets[header_lines]
    ends = np.empty(len(line_starts), np.int64)
    ends[:-1] = line_starts[1:] - 1
    ends[-1] = offsets[-1] - 1  # the file's final newline
    last_lines = np.append(header_lines[1:], len(offsets) - 1) - 1
    ends -= _trailing_blank_lines(offsets, header_lines, last_lines)
    starts = line_starts + cut_length
    edited = _strip_edit_markers(np.frombuffer(data, np.uint8), starts, ends, edit_markers)
    return string_slices(data, starts, ends), edited


def _strip_edit_markers(
    buffer: np.ndarray, starts: np.ndarray, ends: np.ndarray, markers: tuple[str, ...]
) -> np.ndarray:
    """Move ``ends`` before a final edit marker (the first of ``markers`` that fits) and the spaces
    and no-break spaces before it; the rows where that happened."""
    edited = np.zeros(len(starts), bool)
    lengths = ends - starts
    filled = np.flatnonzero(lengths > 0)
    last_bytes = buffer[ends[filled] - 1]
    for marker in markers:
        suffix = marker.encode("utf-8")
        rows = filled[last_bytes == suffix[-1]]  # compared from the end: the candidates shrink fast
        rows = rows[(lengths[rows] >= len(suffix)) & ~edited[rows]]
        for back, byte in enumerate(reversed(suffix[:-1]), 2):
            rows = rows[buffer[ends[rows] - back] == byte]
        edited[rows] = True
        ends[rows] -= len(suffix)
    pending = np.flatnonzero(edited)
    for _ in range(_MAX_VECTOR_STRIP):
        if not len(pending):
            return edited
        last = buffer[np.maximum(ends[pending] - 1, 0)]
        before = buffer[np.maximum(ends[pending] - 2, 0)]
        length = ends[pending] - starts[pending]
        space = (length >= 1) & (last == 0x20)
        no_break = (length >= 2) & (last == 0xA0) & (before == 0xC2)  # U+00A0 in UTF-8
        ends[pending] -= np.where(space, 1, np.where(no_break, 2, 0))
        pending = pending[space | no_break]
    for row in pending.tolist():  # a long run of spaces: finish in Python
        text = bytes(buffer[starts[row] : ends[row]]).decode("utf-8")
        ends[row] = starts[row] + len(text.rstrip(" \u00a0").encode("utf-8"))
    return edited


#: Trailing spaces stripped vector-wise before the rest is done per row.
_MAX_VECTOR_STRIP = 16


def _trailing_blank_lines(
    offsets: np.ndarray, header_lines: np.ndarray, last_lines: np.ndarray
) -> np.ndarray:
    """How many of each record's last continuation lines are empty (each is one newline byte).

    Walks back from the last line of only the records that end in a blank line; a long run of blank
    lines is counted for all lines at once instead.
    """
    blank = np.diff(offsets) == 1
    counts = np.zeros(len(header_lines), np.int64)
    rows = np.flatnonzero(blank[last_lines] & (last_lines > header_lines))
    line = last_lines[rows]
    for _ in range(_MAX_BLANK_WALK):
        if not len(rows):
            return counts
        counts[rows] += 1
        line = line - 1
        going_on = (line > header_lines[rows]) & blank[line]
        rows, line = rows[going_on], line[going_on]
    line_numbers = np.arange(len(blank))
    last_non_blank = np.maximum.accumulate(np.where(blank, -1, line_numbers))
    run = (line_numbers - last_non_blank)[last_lines]  # blank lines ending at each record's last line
    return np.minimum(run, last_lines - header_lines)


#: Trailing blank lines counted record by record before counting them for the whole file.
_MAX_BLANK_WALK = 8
