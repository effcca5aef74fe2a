"""Property: valid headers written with any field width, between message lines that start with
numbers, are all read, each with the timestamp written (issue 10).

For several layouts an export is generated with increasing timestamps. Each header writes its day,
month and hour in the layout's usual width or, at random, the other (padded or not; hour 0 or 12 in
a 12-hour clock); bodies get continuation lines such as "1. ...", "3 ...", "12/4 ...". The parser
must return exactly these records: none lost, none glued to another, no timestamp changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import read_export


@dataclass(frozen=True)
class Layout:
    name: str
    pad_date: bool  # the layout's usual width for day and month
    pad_hour: bool
    twelve_hour: bool
    seconds: bool

    def header(self, at: datetime, pad_day: bool, pad_month: bool, pad_hour: bool, zero_hour: bool) -> str:
        def field(value: int, padded: bool) -> str:
            return f"{value:02d}" if padded else str(value)

        day, month = field(at.day, pad_day), field(at.month, pad_month)
        if self.twelve_hour:
            shown = at.hour % 12 or (0 if zero_hour else 12)
            hour = field(shown, pad_hour)
        else:
            hour = field(at.hour, pad_hour)
        time = f"{hour}:{at.minute:02d}" + (f":{at.second:02d}" if self.seconds else "")
        if self.twelve_hour:
            time += " AM" if at.hour < 12 else " PM"
        if self.name == "android-nl":
            return f"{day}-{month}-{at.year} {time} - "
        return f"[{month}/{day}/{at.year % 100:02d}, {time}] "


LAYOUTS = (
    Layout("android-nl", pad_date=True, pad_hour=True, twelve_hour=False, seconds=False),
    Layout("ios-en-12h", pad_date=False, pad_hour=False, twelve_hour=True, seconds=True),
    Layout("ios-us-24h", pad_date=False, pad_hour=True, twelve_hour=False, seconds=True),
)

#: Continuation lines that start with numbers (none is a header of any layout).
BODY_LINES = (
    "1. niet opendoen",
    "3 auto's gezien",
    "12/4 is de buurtavond",
    "12/4 16:00 buurtoverleg",
    "12/4 16:00 - buurtoverleg bij Jan",
    "2-5-2022 was het ook al",
    "13.30 uur bij de school",
    "06-12345678 bellen",
    "112 gebeld",
    "",
)

records = st.lists(
    st.tuples(
        st.integers(0, 3 * 24 * 3600),  # seconds after the record before
        st.booleans(),  # written in the layout's usual widths
        st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),  # other widths
        st.lists(st.sampled_from(BODY_LINES), max_size=3),
    ),
    min_size=2,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(
    layout=st.sampled_from(LAYOUTS),
    start=st.datetimes(min_value=datetime(2012, 1, 1), max_value=datetime(2030, 1, 1)),
    drawn=records,
)
def test_headers_of_any_width_between_numbered_lines_are_all_read(layout, start, drawn):
    at = start
    lines, expected = [], []
    for index, (step, usual, (pad_day, pad_month, pad_hour, zero_hour), body) in enumerate(drawn):
        at = at + timedelta(seconds=step)
        written = at.replace(microsecond=0) if layout.seconds else at.replace(second=0, microsecond=0)
        if usual:
            pad_day = pad_month = layout.pad_date
            pad_hour, zero_hour = layout.pad_hour, False
        author = ("Alice", "Bob", "Carol")[index % 3]
        text = "\n".join([f"bericht {index}", *body]).rstrip("\n")
        lines.append(layout.header(written, pad_day, pad_month, pad_hour, zero_hour) + f"{author}: " + text)
        expected.append((written, author, text))
    export = read_export(("\n".join(lines) + "\n").encode("utf-8"))
    frame = export.frame
    got = list(zip(frame["timestamp"].dt.to_pydatetime(), frame["author"], frame["text"], strict=True))
    assert got == expected, export.notes
