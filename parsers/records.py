"""Cutting the chat text into records, vectorised.

The whole file is one UTF-8 buffer. Lines become a zero-copy Arrow array; one RE2 pass
(``pyarrow.compute.extract_regex``) finds the header lines of the file's layout and the author prefix;
numpy parses the header digits and cuts headers, author prefixes and record-separating newlines out of
the buffer in one go, so every record's body (with its continuation lines) is one contiguous slice.
No Python object is made per record on this path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from parsers.layout import Layout

#: Years a real WhatsApp export can contain; a "header" outside is text that only looks like one.
FIRST_YEAR, LAST_YEAR = 2009, 2099
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


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


def line_array(data: bytes) -> tuple[pa.Array, np.ndarray]:
    """All lines (each with its trailing newline) as a zero-copy Arrow array, and their start offsets."""
    buffer = np.frombuffer(data, np.uint8)
    ends = np.flatnonzero(buffer == 10) + 1  # data always ends with "\n"
    offsets = np.empty(len(ends) + 1, np.int64)
    offsets[0] = 0
    offsets[1:] = ends
    lines = pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(data))
    return lines, offsets


def split_records(data: bytes, lines: pa.Array, offsets: np.ndarray, layout: Layout, order_hint: str) -> RawRecords:
    """Records of ``data`` for the given layout; the day/month order is decided over all headers."""
    pattern = "(?P<h>" + layout.header_regex() + ")(?P<a>[^\n]*?: |[^\n]*?:\n|)"
    found = pc.extract_regex(lines, pattern)
    is_header = np.asarray(found.is_valid())
    header_lines = np.flatnonzero(is_header)
    heads = found.field("h").filter(pa.array(is_header))
    prefixes = found.field("a").filter(pa.array(is_header))
    numbers = _header_numbers(heads, 6 if layout.seconds else 5)
    pm = np.asarray(pc.match_substring_regex(heads, "[Pp]\\.?[ \u00a0\u202f]?[Mm]")) if layout.twelve_hour else None
    order = _decide_order(numbers, layout, order_hint)
    stamps, valid = _timestamps(numbers, order, layout, pm)
    rejected = tuple(int(line) + 1 for line in header_lines[~valid])
    if not valid.all():
        header_lines = header_lines[valid]
        keep = pa.array(valid)
        prefixes = prefixes.filter(keep)
        heads = heads.filter(keep)
        stamps = stamps[valid]
    if len(header_lines) == 0:
        return RawRecords(stamps, pa.array([], pa.large_string()), pa.array([], pa.large_string()),
                          np.array([], np.int64), order, (), rejected)
    bodies, authors = _cut(data, offsets, header_lines, heads, prefixes)
    first = int(header_lines[0])
    preamble = tuple(
        (number + 1, text.rstrip("\n")) for number, text in enumerate(lines.slice(0, first).to_pylist())
        if text.strip()
    )
    return RawRecords(stamps, authors, bodies, header_lines.astype(np.int64) + 1, order, preamble, rejected)


def _buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (rebased to 0) and bytes of a large_string array without copying."""
    offsets = np.frombuffer(array.buffers()[1], np.int64)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(array.buffers()[2], np.uint8) if array.buffers()[2] is not None else np.zeros(0, np.uint8)
    return offsets - offsets[0], data[offsets[0] : offsets[-1]]


def _header_numbers(heads: pa.Array, count: int) -> np.ndarray:
    """The ``count`` digit runs of every header as an (n, count) int array, without Python loops."""
    if len(heads) == 0:
        return np.zeros((0, count), np.int64)
    offsets, data = _buffers(heads)
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


def _decide_order(numbers: np.ndarray, layout: Layout, hint: str) -> str:
    """Day-first or month-first, decided by every date in the file, then by the hint."""
    if layout.year_first:
        return "ymd"
    day_first_evidence = int((numbers[:, 0] > 12).sum())
    month_first_evidence = int((numbers[:, 1] > 12).sum())
    if day_first_evidence or month_first_evidence:
        return "dmy" if day_first_evidence >= month_first_evidence else "mdy"
    return hint


def _timestamps(numbers: np.ndarray, order: str, layout: Layout, pm: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
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
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    safe_month = np.clip(month, 1, 12)
    month_days = _MONTH_DAYS[safe_month - 1] + ((safe_month == 2) & leap)
    valid = (
        (year >= FIRST_YEAR) & (year <= LAST_YEAR) & (month >= 1) & (month <= 12)
        & (day >= 1) & (day <= month_days) & valid_hour & (minute <= 59) & (second <= 59)
    )
    year, month, day = np.where(valid, year, 1970), np.where(valid, month, 1), np.where(valid, day, 1)
    dates = (year - 1970).astype("datetime64[Y]") + (month - 1).astype("timedelta64[M]")
    stamps = (
        dates.astype("datetime64[D]").astype("datetime64[ns]")
        + (day - 1).astype("timedelta64[D]")
        + hour.astype("timedelta64[h]")
        + minute.astype("timedelta64[m]")
        + second.astype("timedelta64[s]")
    )
    return stamps, valid


def _cut(data: bytes, offsets: np.ndarray, header_lines: np.ndarray, heads: pa.Array, prefixes: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Remove headers, author prefixes and the newline ending each record: bodies become contiguous."""
    head_length = np.asarray(pc.binary_length(heads), np.int64)
    prefix_length = np.asarray(pc.binary_length(prefixes), np.int64)
    prefix_ends_line = np.asarray(pc.ends_with(prefixes, "\n"))
    cut_length = head_length + prefix_length - prefix_ends_line  # keep the newline of "Name:\n"
    starts = offsets[header_lines]
    buffer = np.frombuffer(data, np.uint8)
    first = int(starts[0])
    # Removed ranges: [start - 1, start + cut) for every record but the first (its preceding newline
    # belongs to the previous record), [start, start + cut) for the first, and the final newline.
    range_starts = starts - 1
    range_starts[0] = first
    range_ends = starts + cut_length
    delta = np.zeros(len(buffer) + 1, np.int8)
    delta[range_starts] += 1
    delta[range_ends] -= 1
    delta[len(buffer) - 1] += 1
    inside = np.cumsum(delta[:-1], dtype=np.int8)
    inside[:first] = 1
    kept = buffer[inside == 0]
    removed_through = np.cumsum(range_ends - range_starts) + first
    body_offsets = np.empty(len(starts) + 1, np.int64)
    body_offsets[:-1] = range_ends - removed_through
    body_offsets[-1] = len(kept)
    bodies = pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(body_offsets), pa.py_buffer(kept.tobytes()))
    names = pc.utf8_slice_codeunits(prefixes, 0, -2)
    authors = pc.if_else(pc.greater(prefix_length, 0), names, pa.scalar(None, pa.large_string()))
    return bodies, authors
