"""Recognising a file's header layout ("02-05-2022 16:08 - ", "[5/2/22, 4:08:13 PM] ", ...).

WhatsApp writes one layout per file. We detect it from a sample of lines with a loose pattern and
then build a strict pattern for exactly that layout, so that a pasted "[5/2, 16:08] Alice:" block or a
continuation line that starts with a date never becomes a record. The clock is the one exception:
when the phone's clock setting changed during the chat, 12-hour and 24-hour headers share a file, so
the strict pattern reads both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = "[ \u00a0\u202f]"
_AMPM = _SPACE + r"?[AaPp]\.?" + _SPACE + r"?[Mm]\.?"
#: Day periods instead of AM/PM ("9:15 in the morning", Android with English day periods).
_DAY_PERIOD = _SPACE + r"(?:in the (?:morning|afternoon|evening)|at night|at noon|noon|midnight)"
#: The 12-hour suffix of a time: AM/PM in any of its spellings, or a day period.
CLOCK_SUFFIX = "(?:" + _AMPM + "|" + _DAY_PERIOD + ")"
#: Comma after the date: none, "," or the Arabic comma.
_COMMAS = ",\u060c"

_DATE = r"(?P<d1>\d{1,4})(?P<ds>[-/.])(?P<d2>\d{1,2})(?P=ds)(?P<d3>\d{1,4})"
_TIME = r"(?P<H>\d{1,2})(?P<ts>[:.])(?P<M>\d{2})(?:(?P=ts)(?P<S>\d{2}))?(?P<ap>" + CLOCK_SUFFIX + ")?"
_END = r"(?P<sep>\] | - |: )"

_DAY_PERIOD_RE = re.compile(_DAY_PERIOD)

#: Loose header patterns for detection only: date first, and time first (Vietnamese iPhone).
_LOOSE = re.compile(r"^(?P<open>\[)?" + _DATE + f"(?P<comma>[{_COMMAS}]?)" + _SPACE + _TIME + _END)
_LOOSE_TIME_FIRST = re.compile(r"^(?P<open>\[)?" + _TIME + f"(?P<comma>[{_COMMAS}]?)" + _SPACE + _DATE + _END)

#: A line that looks like a message header in any layout (RE2 and Python): a date (two or three
#: fields) and a time at the start of a line, or a time and a date, then "]", " - " or " \u2013 ";
#: or ": " after a time with seconds (old iPhone), so that "12-05-2022 10:00: vergadering" is text. A
#: line like this that does not start a record is named in the notes.
_LOOK_DATE = r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?" + "[,\u060c]?" + _SPACE
_LOOK_TIME = r"\d{1,2}[:.]\d{2}"
_LOOK_SECONDS = r"[:.]\d{2}"
_LOOK_SUFFIX = "(?:" + CLOCK_SUFFIX + ")?"
_LOOK_ANY_TIME = _LOOK_TIME + "(?:" + _LOOK_SECONDS + ")?" + _LOOK_SUFFIX
_LOOK_TIME_DATE = _LOOK_ANY_TIME + "[,\u060c]?" + _SPACE + r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
LOOKS_LIKE_HEADER = (
    "^(?:"
    + "|".join(
        (
            r"\[?" + _LOOK_DATE + _LOOK_ANY_TIME + "(?:\\]| - | \u2013 )",
            _LOOK_DATE + _LOOK_TIME + _LOOK_SECONDS + _LOOK_SUFFIX + ": ",
            r"\[?" + _LOOK_TIME_DATE + r"(?:\]| - )",
        )
    )
    + ")"
)


@dataclass(frozen=True)
class Layout:
    """The header layout of one file; ``date_order`` may still be "?" until all dates are seen.

    ``twelve_hour`` is the clock most headers use; it is not part of the layout's identity, because
    the strict pattern reads both clocks (a file whose clock setting changed is one layout).
    """

    bracket: bool  # iOS: "[...] "
    date_sep: str  # "-", "/" or "."
    year_first: bool  # "2022/12/24"
    year_digits: int  # 2 or 4
    comma: str  # after the date: "", "," or the Arabic comma "\u060c"
    seconds: bool
    twelve_hour: bool = field(compare=False)
    separator: str = " - "  # "] ", " - " or ": " (old iOS)
    time_sep: str = ":"  # ":" or "." ("14.56.01")
    time_first: bool = False  # "[14:56:01, 3/18/22] " (Vietnamese iPhone)
    day_periods: bool = field(default=False, compare=False)  # "9:15 in the morning" instead of AM/PM

    @property
    def platform(self) -> str:
        return "android" if self.separator == " - " else "ios"

    def header_regex(self, both_clocks: bool = True) -> str:
        """Strict pattern for a header of this layout at the start of a line (RE2 and Python).

        With ``both_clocks`` a header with or without a 12-hour suffix matches, whichever clock the
        file mostly uses; without it only headers of the file's own clock (``twelve_hour``).
        """
        year = r"\d{4}" if self.year_digits == 4 else r"\d{2}"
        sep = re.escape(self.date_sep)
        date = (
            (year + sep + r"\d{1,2}" + sep + r"\d{1,2}")
            if self.year_first
            else (r"\d{1,2}" + sep + r"\d{1,2}" + sep + year)
        )
        colon = re.escape(self.time_sep)
        time = r"\d{1,2}" + colon + r"\d{2}" + ((colon + r"\d{2}") if self.seconds else "")
        if both_clocks:
            time += CLOCK_SUFFIX + "?"
        elif self.twelve_hour:  # one kind of suffix: RE2 extracts a simple pattern much faster
            time += _DAY_PERIOD if self.day_periods else _AMPM
        opening = r"\[" if self.bracket else ""
        closing = {"] ": r"\] (?:- )?", " - ": " - ", ": ": ": "}[self.separator]
        first, second = (time, date) if self.time_first else (date, time)
        return "^" + opening + first + re.escape(self.comma) + _SPACE + second + closing

    def pattern_text(self, date_order: str) -> str:
        """Human description of the date and time, e.g. "DD-MM-JJJJ 24 uur"."""
        year = "JJJJ" if self.year_digits == 4 else "JJ"
        fields = {"dmy": ("DD", "MM", year), "mdy": ("MM", "DD", year), "ymd": (year, "MM", "DD")}
        text = self.date_sep.join(fields.get(date_order, ("DD", "MM", year)))
        clock = "12 uur" if self.twelve_hour else "24 uur"
        return (
            f"{text} {clock}"
            + (" met seconden" if self.seconds else "")
            + (", tijd eerst" if self.time_first else "")
        )


def detect_layout(lines: list[str]) -> tuple[Layout, int] | None:
    """The most common header layout among ``lines`` and how many lines show it; None if none do.

    Headers that differ only in their clock (12 or 24 hours) count as one layout; its
    ``twelve_hour`` is the clock most of them use.
    """
    votes: dict[tuple, list[int]] = {}  # layout fields -> [headers, 12-hour ones, day-period ones]
    for line in lines:
        match = _LOOSE.match(line)
        time_first = False
        if match is None:
            match = _LOOSE_TIME_FIRST.match(line)
            time_first = True
            if match is None:
                continue
        sep = match["sep"]
        bracket = match["open"] is not None
        if bracket != (sep == "] "):
            continue
        d1, d3 = match["d1"], match["d3"]
        if len(d1) == 4 and len(d3) <= 2:
            year_first = True
        elif len(d1) <= 2 and len(d3) in (2, 4):
            year_first = False
        else:
            continue
        key = (bracket, match["ds"], year_first, len(d3), match["comma"], match["S"] is not None, sep,
               match["ts"], time_first)  # fmt: skip
        counts = votes.get(key)
        if counts is None:
            counts = votes[key] = [0, 0, 0]
        counts[0] += 1
        suffix = match["ap"]
        if suffix is not None:
            counts[1] += 1
            counts[2] += _DAY_PERIOD_RE.match(suffix) is not None
    if not votes:
        return None
    key, (count, twelve, periods) = max(votes.items(), key=lambda item: item[1][0])
    bracket, date_sep, year_first, year_digits, comma, seconds, separator, time_sep, time_first = key
    twelve_hour = 2 * twelve > count
    layout = Layout(
        bracket=bracket,
        date_sep=date_sep,
        year_first=year_first,
        year_digits=4 if year_first else year_digits,
        comma=comma,
        seconds=seconds,
        twelve_hour=twelve_hour,
        separator=separator,
        time_sep=time_sep,
        time_first=time_first,
        day_periods=twelve_hour and 2 * periods > twelve,
    )
    return layout, count


def unpadded_dates(lines: list[str], layout: Layout) -> bool:
    """Whether a header of ``layout`` among ``lines`` writes its day or month with one digit.

    Only header lines count; a message line that starts with "1." or "3 " is no date.
    """
    if layout.year_first:
        return False
    header = re.compile(layout.header_regex())
    loose = _LOOSE_TIME_FIRST if layout.time_first else _LOOSE
    for line in lines:
        if header.match(line):
            match = loose.match(line)
            if match is not None and (len(match["d1"]) == 1 or len(match["d2"]) == 1):
                return True
    return False
