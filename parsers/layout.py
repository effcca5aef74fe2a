"""Recognising a file's header layout ("02-05-2022 16:08 - ", "[5/2/22, 4:08:13 PM] ", ...).

WhatsApp writes one layout per file. We detect it from a sample of lines with a loose pattern and
then build a strict pattern for exactly that layout, so that a pasted "[5/2, 16:08] Alice:" block or a
continuation line that starts with a date never becomes a record.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_SPACE = "[ \u00a0\u202f]"
_AMPM = _SPACE + r"?[AaPp]\.?" + _SPACE + r"?[Mm]\.?"

#: Loose header pattern for detection only.
_LOOSE = re.compile(
    r"^(?P<open>\[)?(?P<d1>\d{1,4})(?P<ds>[-/.])(?P<d2>\d{1,2})(?P=ds)(?P<d3>\d{1,4})(?P<comma>,?)"
    + _SPACE
    + r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?P<ap>"
    + _AMPM
    + r")?(?P<sep>\] | - |: )"
)


@dataclass(frozen=True)
class Layout:
    """The header layout of one file; ``date_order`` may still be "?" until all dates are seen."""

    bracket: bool  # iOS: "[...] "
    date_sep: str  # "-", "/" or "."
    year_first: bool  # "2022/12/24"
    year_digits: int  # 2 or 4
    comma: bool  # "date, time"
    seconds: bool
    twelve_hour: bool
    separator: str  # "] ", " - " or ": " (old iOS)

    @property
    def platform(self) -> str:
        return "android" if self.separator == " - " else "ios"

    def header_regex(self) -> str:
        """Strict pattern for a header of this layout at the start of a line (RE2 and Python)."""
        year = r"\d{4}" if self.year_digits == 4 else r"\d{2}"
        sep = re.escape(self.date_sep)
        date = (
            (year + sep + r"\d{1,2}" + sep + r"\d{1,2}")
            if self.year_first
            else (r"\d{1,2}" + sep + r"\d{1,2}" + sep + year)
        )
        time = r"\d{1,2}:\d{2}" + (r":\d{2}" if self.seconds else "")
        ampm = _AMPM if self.twelve_hour else ""
        opening = r"\[" if self.bracket else ""
        closing = {"] ": r"\] (?:- )?", " - ": " - ", ": ": ": "}[self.separator]
        return "^" + opening + date + ("," if self.comma else "") + _SPACE + time + ampm + closing

    def pattern_text(self, date_order: str) -> str:
        """Human description of the date and time, e.g. "DD-MM-JJJJ 24 uur"."""
        year = "JJJJ" if self.year_digits == 4 else "JJ"
        fields = {"dmy": ("DD", "MM", year), "mdy": ("MM", "DD", year), "ymd": (year, "MM", "DD")}
        text = self.date_sep.join(fields.get(date_order, ("DD", "MM", year)))
        clock = "12 uur" if self.twelve_hour else "24 uur"
        return f"{text} {clock}" + (" met seconden" if self.seconds else "")


def detect_layout(lines: list[str]) -> tuple[Layout, int] | None:
    """The most common header layout among ``lines`` and how many lines show it; None if none do."""
    votes: Counter[Layout] = Counter()
    for line in lines:
        match = _LOOSE.match(line)
        if match is None:
            continue
        sep = match["sep"]
        if (match["open"] is not None) != (sep == "] "):
            continue
        d1, d3 = match["d1"], match["d3"]
        if len(d1) == 4 and len(d3) <= 2:
            year_first = True
        elif len(d1) <= 2 and len(d3) in (2, 4):
            year_first = False
        else:
            continue
        votes[
            Layout(
                bracket=match["open"] is not None,
                date_sep=match["ds"],
                year_first=year_first,
                year_digits=4 if year_first else len(d3),
                comma=bool(match["comma"]),
                seconds=match["S"] is not None,
                twelve_hour=match["ap"] is not None,
                separator=sep,
            )
        ] += 1
    if not votes:
        return None
    return votes.most_common(1)[0]
