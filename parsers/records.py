"""Cutting the chat text into records, vectorised.

The whole file is one UTF-8 buffer. Lines become a zero-copy Arrow array; one RE2 pass
(``pyarrow.compute.extract_regex``) finds the header lines of the file's layout and the author prefix;
numpy parses the header digits and cuts headers, author prefixes and record-separating newlines out of
the buffer in one go, so every record's body (with its continuation lines) is one contiguous slice.
No Python object is made per record on this path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.lib.stride_tricks import sliding_window_view

from parsers.layout import Layout

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
    rejected: tuple[int, ...]  # lines that looked like headers but hold an impossible date
    multi_line: np.ndarray  # bool: the record has continuation lines
    edited: np.ndarray  # bool: the body ended in an edit marker, now removed


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

    A body ending in one of ``edit_markers`` ("<Dit bericht is bewerkt>") loses it and is flagged.
    """
    count = 6 if layout.seconds else 5
    fixed = _fixed_width_headers(data, lines, offsets, layout, count)
    odd_lines = np.zeros(0, np.int64)
    if fixed is not None:
        header_lines, numbers, head_length, pm, odd_lines = fixed
    else:
        found = pc.extract_regex(lines, "(?P<h>" + layout.header_regex() + ")")
        is_header = np.asarray(found.is_valid())
        header_lines = np.flatnonzero(is_header)
        heads = found.field("h").filter(pa.array(is_header))
        numbers = _header_numbers(heads, count)
        head_length = np.asarray(pc.binary_length(heads), np.int64)
        pm = (
            np.asarray(pc.match_substring_regex(heads, "[Pp]\\.?[ \u00a0\u202f]?[Mm]"))
            if layout.twelve_hour
            else None
        )
    order = _decide_order(numbers, layout, order_hint)
    stamps, valid = _timestamps(numbers, order, layout, pm)
    rejected = tuple(sorted(int(line) + 1 for line in np.concatenate([header_lines[~valid], odd_lines])))
    if not valid.all():
        header_lines, head_length, stamps = header_lines[valid], head_length[valid], stamps[valid]
    if len(header_lines) == 0:
        empty = pa.array([], pa.large_string())
        nothing = np.zeros(0, bool)
        return RawRecords(stamps, empty, empty, np.array([], np.int64), order, (), rejected, nothing, nothing)
    name_start, name_length, prefix_length = _author_spans(
        data, lines, offsets, header_lines, head_length, layout
    )
    bodies, edited = _bodies(data, offsets, header_lines, head_length + prefix_length, edit_markers)
    authors = string_slices(data, name_start, name_start + name_length, present=name_start >= 0)
    first = int(header_lines[0])
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
    )


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


def _header_numbers(heads: pa.Array, count: int) -> np.ndarray:
    """The ``count`` digit runs of every header as an (n, count) int array, without Python loops."""
    if len(heads) == 0:
        return np.zeros((0, count), np.int64)
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
    run_ends = np.cumsum(np.bincount(run))
    power = run_ends[run] - np.arange(len(positions)) - 1
    values = np.bincount(run, weights=(data[positions] - 48) * np.power(10.0, power))
    return np.rint(values).astype(np.int64).reshape(-1, count)


def _fixed_width_headers(data: bytes, lines: pa.Array, offsets: np.ndarray, layout: Layout, count: int):
    """Fast path for zero-padded 24-hour layouts ("02-05-2022 16:08 - "), the common Dutch ones.

    The first header of the file is the template: a line is a header when its first ``width`` bytes
    have digits in the template's digit columns and the template's bytes elsewhere, checked for all
    lines at once in numpy. Only the lines that fail are given to RE2, to find the few "headers" with
    other field widths (an unpadded date pasted into a message). If the file itself varies its field
    widths, or the layout is a 12-hour one, this returns None: the general path.
    """
    if layout.twelve_hour:
        return None
    pattern = layout.header_regex()
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
    long_enough = np.flatnonzero(np.diff(offsets) > width)  # a header line holds the header and more
    matrix = sliding_window_view(buffer, width)[offsets[long_enough]]
    fits = (matrix[:, ~digit_columns] == template[~digit_columns]).all(axis=1)
    digits = matrix[:, digit_columns] - np.uint8(48)  # a non-digit wraps around to 10 or more
    fits &= digits.max(axis=1) < 10
    header_lines = long_enough[fits]
    others = np.ones(len(offsets) - 1, bool)
    others[header_lines] = False
    others = np.flatnonzero(others)
    odd_lines = others[np.asarray(pc.match_substring_regex(lines.take(pa.array(others)), pattern), bool)]
    if len(odd_lines) > max(3, (len(header_lines) + len(odd_lines)) // 100):
        return None  # the file itself varies its field widths: the general path
    numbers = _digit_numbers(digits[fits], digit_columns, count)
    if numbers is None:
        return None
    return header_lines, numbers, np.full(len(header_lines), width, np.int64), None, odd_lines


def _first_match(lines: pa.Array, pattern: str, sample: int = 2000) -> int | None:
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


def _digit_numbers(digits: np.ndarray, digit_columns: np.ndarray, count: int) -> np.ndarray | None:
    """The numbers of an (n, digit columns) matrix of digit values, grouped by runs of adjacent
    ``digit_columns``; None if there are not ``count`` runs."""
    runs: list[list[int]] = []
    for column in np.flatnonzero(digit_columns).tolist():
        if runs and runs[-1][-1] == column - 1:
            runs[-1].append(column)
        else:
            runs.append([column])
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


def _fixed_width_numbers(offsets: np.ndarray, data: np.ndarray, count: int) -> np.ndarray | None:
    """Extracted headers that all have the same width and digit columns, as numbers; else None."""
    width = int(offsets[1] - offsets[0])
    if width == 0 or len(data) != width * (len(offsets) - 1) or not np.all(np.diff(offsets) == width):
        return None
    matrix = data.reshape(-1, width)
    digit = (matrix >= 48) & (matrix <= 57)
    columns = digit.all(axis=0)
    if not (columns | ~digit.any(axis=0)).all():
        return None
    return _column_numbers(matrix, columns, count)


def _decide_order(numbers: np.ndarray, layout: Layout, hint: str) -> str:
    """Day-first or month-first, decided by every date in the file, then by the hint."""
    if layout.year_first:
        return "ymd"
    day_first_evidence = int((numbers[:, 0] > 12).sum())
    month_first_evidence = int((numbers[:, 1] > 12).sum())
    if day_first_evidence or month_first_evidence:
        return "dmy" if day_first_evidence >= month_first_evidence else "mdy"
    return hint


def _timestamps(
    numbers: np.ndarray, order: str, layout: Layout, pm: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """datetime64[ns] per header and whether the header's date and time can exist at all."""
    columns = {"dmy": (2, 1, 0), "mdy": (2, 0, 1), "ymd": (0, 1, 2)}[order]
    year, month, day = (numbers[:, i] for i in columns)
    if layout.year_digits == 2:
        year = year + 2000
    hour, minute = numbers[:, 3].copy(), numbers[:, 4]
    second = numbers[:, 5] if layout.seconds else np.zeros_like(minute)
    if pm is not None:
        valid_hour = (hour >= 1) & (hour <= 12)
        hour = hour % 12 + np.where(pm, 12, 0)
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
