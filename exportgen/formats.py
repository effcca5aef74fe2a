"""The WhatsApp export formats the renderer can write, one frozen record per format.

Each format pins down everything that differs between phones, app versions and locales
(docs/export-formats.md): the timestamp layout, brackets and separators, the text set with
the system and placeholder wordings (exportgen/data/system_texts.toml), invisible marks,
the `~ ` prefix for non-contacts and how iOS 2023+ attributes system events to a name.
Rendering every sample in every format is how the parser is tested against the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

LRM: Final[str] = "\u200e"
NNBSP: Final[str] = "\u202f"

#: Which name iOS 2023+ writes before the colon of a system line.
Attribution = Literal["none", "encryption_only", "all"]


@dataclass(frozen=True)
class RenderFormat:
    """One export layout; `header(dt)` gives the exact prefix a record line starts with."""

    id: str
    platform: Literal["android", "ios"]
    language: Literal["nl", "en", "de", "tr", "ar", "pl", "fr", "es", "pt", "it", "cs", "ru"]
    texts: str  # section of exportgen/data/system_texts.toml
    date_order: Literal["dmy", "mdy"]
    date_sep: str
    year_digits: Literal[2, 4]
    pad_date: bool  # zero-padded day and month
    comma: bool  # ", " between date and time (else one space)
    clock: Literal[12, 24]
    seconds: bool
    ampm: tuple[str, str] = ("AM", "PM")
    ampm_space: str = " "
    brackets: bool = False
    separator: str = " - "  # between the header and the author
    tilde: str = ""  # prefix for names the exporter has not saved ("~ " on iOS 2023+)
    wrap_phone: bool = False  # iOS wraps phone-number names in U+202A ... U+202C with NBSPs
    mark_line_start: bool = False  # iOS puts an LRM before "[" when the body starts with one
    attribution: Attribution = "none"
    line_ending: str = "\n"
    inner_line_ending: str | None = None  # line breaks inside a message, when not `line_ending`
    example: str = ""  # a header from the catalogue; tests check header(example_at) == example
    example_at: datetime | None = None

    def date_text(self, year: int, month: int, day: int) -> str:
        """The date part of the header, e.g. `02-05-2022`, `1/4/23`, `28.05.21`."""
        y = f"{year % 100:02d}" if self.year_digits == 2 else f"{year:04d}"
        if self.pad_date:
            d, m = f"{day:02d}", f"{month:02d}"
        else:
            d, m = str(day), str(month)
        first, second = (d, m) if self.date_order == "dmy" else (m, d)
        return self.date_sep.join((first, second, y))

    def time_text(self, hour: int, minute: int, second: int) -> str:
        """The time part, e.g. `16:08`, `18:47:25`, `7:02\u202fPM`, `12:12 a.m.`."""
        tail = f":{second:02d}" if self.seconds else ""
        if self.clock == 24:
            return f"{hour:02d}:{minute:02d}{tail}"
        shown = hour % 12 or 12
        return f"{shown}:{minute:02d}{tail}{self.ampm_space}{self.ampm[0 if hour < 12 else 1]}"

    def header_from_parts(self, date_text: str, time_text: str) -> str:
        """Assemble the header from precomputed parts (the synthetic generator caches them)."""
        stamp = f"{date_text}{', ' if self.comma else ' '}{time_text}"
        if self.brackets:
            stamp = f"[{stamp}]"
        return stamp + self.separator

    def header(self, at: datetime) -> str:
        """Everything before the author name on a record's first line."""
        return self.header_from_parts(
            self.date_text(at.year, at.month, at.day), self.time_text(at.hour, at.minute, at.second)
        )

    def written_time(self, at: datetime) -> datetime:
        """The timestamp as the export can express it (Android drops the seconds)."""
        return at if self.seconds else at.replace(second=0, microsecond=0)


def _android(**fields: object) -> RenderFormat:
    base: dict[str, object] = {"platform": "android", "brackets": False, "separator": " - ", "seconds": False}
    base.update(fields)
    return RenderFormat(**base)  # type: ignore[arg-type]


def _ios(**fields: object) -> RenderFormat:
    base: dict[str, object] = {
        "platform": "ios",
        "brackets": True,
        "separator": " ",
        "seconds": True,
        "wrap_phone": True,
        "line_ending": "\r\n",
    }
    base.update(fields)
    return RenderFormat(**base)  # type: ignore[arg-type]


FORMATS: Final[dict[str, RenderFormat]] = {
    f.id: f
    for f in (
        _android(
            id="android-nl",
            language="nl",
            texts="nl-android",
            date_order="dmy",
            date_sep="-",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            example="02-05-2022 16:08 - ",
            example_at=datetime(2022, 5, 2, 16, 8),
        ),
        _android(
            id="android-nl-2digit",
            language="nl",
            texts="nl-android",
            date_order="dmy",
            date_sep="-",
            year_digits=2,
            pad_date=True,
            comma=True,
            clock=24,
            example="02-05-22, 16:08 - ",
            example_at=datetime(2022, 5, 2, 16, 8),
        ),
        _ios(
            id="ios-nl-2022",
            language="nl",
            texts="nl-ios-2022",
            date_order="dmy",
            date_sep="-",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            attribution="encryption_only",
            mark_line_start=True,
            line_ending="\n",
            example="[02-05-2022 16:08:13] ",
            example_at=datetime(2022, 5, 2, 16, 8, 13),
        ),
        _ios(
            id="ios-nl-2025",
            language="nl",
            texts="nl-ios-2025",
            date_order="dmy",
            date_sep="-",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            attribution="all",
            tilde="~ ",
            line_ending="\n",
            example="[13-01-2024, 18:47:25] ",
            example_at=datetime(2024, 1, 13, 18, 47, 25),
        ),
        _android(
            id="android-en-us",
            language="en",
            texts="en-android",
            date_order="mdy",
            date_sep="/",
            year_digits=2,
            pad_date=False,
            comma=True,
            clock=12,
            ampm_space=NNBSP,
            example="1/4/23, 7:02\u202fPM - ",
            example_at=datetime(2023, 1, 4, 19, 2),
        ),
        _android(
            id="android-en-gb",
            language="en",
            texts="en-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            example="06/04/2021, 21:38 - ",
            example_at=datetime(2021, 4, 6, 21, 38),
        ),
        _android(
            id="android-en-ampm-dotted",
            language="en",
            texts="en-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=12,
            ampm=("a.m.", "p.m."),
            example="13/10/2017, 12:12 a.m. - ",
            example_at=datetime(2017, 10, 13, 0, 12),
        ),
        _android(
            id="android-en-in",
            language="en",
            texts="en-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=12,
            ampm=("am", "pm"),
            ampm_space=NNBSP,
            example="09/10/2023, 11:11\u202fam - ",
            example_at=datetime(2023, 10, 9, 11, 11),
        ),
        _ios(
            id="ios-en-us",
            language="en",
            texts="en-ios",
            date_order="mdy",
            date_sep="/",
            year_digits=2,
            pad_date=False,
            comma=True,
            clock=12,
            ampm_space=NNBSP,
            tilde="~ ",
            attribution="all",
            example="[3/18/22, 2:56:01\u202fPM] ",
            example_at=datetime(2022, 3, 18, 14, 56, 1),
        ),
        _ios(
            id="ios-nl-2016",
            language="nl",
            texts="nl-ios-2022",
            date_order="dmy",
            date_sep="-",
            year_digits=2,
            pad_date=True,
            comma=False,
            clock=24,
            brackets=False,
            separator=": ",
            example="06-08-13 19:55:10: ",
            example_at=datetime(2013, 8, 6, 19, 55, 10),
        ),
        _ios(
            id="ios-en-2016",
            language="en",
            texts="en-ios",
            date_order="mdy",
            date_sep="/",
            year_digits=2,
            pad_date=False,
            comma=True,
            clock=12,
            brackets=False,
            separator=": ",
            inner_line_ending="\n",  # CRLF after records, bare LF inside them (catalogue 1e)
            example="7/1/16, 4:56:55 PM: ",
            example_at=datetime(2016, 7, 1, 16, 56, 55),
        ),
        _android(
            id="android-de",
            language="de",
            texts="de-android",
            date_order="dmy",
            date_sep=".",
            year_digits=2,
            pad_date=True,
            comma=True,
            clock=24,
            example="28.05.21, 21:45 - ",
            example_at=datetime(2021, 5, 28, 21, 45),
        ),
        _ios(
            id="ios-de",
            language="de",
            texts="de-ios",
            date_order="dmy",
            date_sep=".",
            year_digits=2,
            pad_date=True,
            comma=True,
            clock=24,
            attribution="encryption_only",
            example="[20.06.19, 15:58:47] ",
            example_at=datetime(2019, 6, 20, 15, 58, 47),
        ),
        # Languages residents run their phones in (issue 10). Headers use Latin digits; the status
        # of each layout is in docs/export-formats.md §5 (C: the cs and ru Android layouts).
        _android(
            id="android-tr",
            language="tr",
            texts="tr-android",
            date_order="dmy",
            date_sep=".",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            example="12.03.2022 14:05 - ",
            example_at=datetime(2022, 3, 12, 14, 5),
        ),
        _ios(
            id="ios-tr",
            language="tr",
            texts="tr-ios",
            date_order="dmy",
            date_sep=".",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            attribution="encryption_only",
            example="[12.03.2022 14:05:13] ",
            example_at=datetime(2022, 3, 12, 14, 5, 13),
        ),
        _android(
            id="android-ar-latn",  # Arabic texts, Latin digits (real Arabic exports use Arabic-Indic ones)
            language="ar",
            texts="ar-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            example="18/03/2022, 14:56 - ",
            example_at=datetime(2022, 3, 18, 14, 56),
        ),
        _android(
            id="android-pl",
            language="pl",
            texts="pl-android",
            date_order="dmy",
            date_sep=".",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            example="12.03.2022, 14:05 - ",
            example_at=datetime(2022, 3, 12, 14, 5),
        ),
        _ios(
            id="ios-pl",
            language="pl",
            texts="pl-ios",
            date_order="dmy",
            date_sep=".",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            attribution="encryption_only",
            example="[14.08.2024, 21:00:10] ",
            example_at=datetime(2024, 8, 14, 21, 0, 10),
        ),
        _android(
            id="android-fr-fr",  # France and Belgium; newer phones write "12/03/2022 à 14:05" (not rendered)
            language="fr",
            texts="fr-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            example="12/03/2022 14:05 - ",
            example_at=datetime(2022, 3, 12, 14, 5),
        ),
        _ios(
            id="ios-fr-fr",
            language="fr",
            texts="fr-ios",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            attribution="all",
            tilde="~ ",
            line_ending="\n",
            example="[12/03/2024 14:05:13] ",
            example_at=datetime(2024, 3, 12, 14, 5, 13),
        ),
        _android(
            # Spain, 24-hour clock. The 12-hour "28/3/2025, 9:29 p. m. - " (C) is read too, but its
            # unpadded slash dates read month-first in a chat whose days all stay below 13.
            id="android-es",
            language="es",
            texts="es-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=False,
            comma=True,
            clock=24,
            example="28/3/2025, 21:29 - ",
            example_at=datetime(2025, 3, 28, 21, 29),
        ),
        _ios(
            id="ios-es",
            language="es",
            texts="es-ios",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=False,
            comma=True,
            clock=24,
            attribution="all",
            tilde="~ ",
            example="[28/3/2025, 21:29:11] ",
            example_at=datetime(2025, 3, 28, 21, 29, 11),
        ),
        _android(
            id="android-pt-br",
            language="pt",
            texts="pt-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            example="12/03/2022 14:05 - ",
            example_at=datetime(2022, 3, 12, 14, 5),
        ),
        _ios(
            id="ios-pt-br",
            language="pt",
            texts="pt-ios",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=False,
            clock=24,
            attribution="encryption_only",
            example="[12/03/2022 14:05:13] ",
            example_at=datetime(2022, 3, 12, 14, 5, 13),
        ),
        _android(
            id="android-it",
            language="it",
            texts="it-android",
            date_order="dmy",
            date_sep="/",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            example="12/03/2022, 14:05 - ",
            example_at=datetime(2022, 3, 12, 14, 5),
        ),
        _android(
            id="android-cs",
            language="cs",
            texts="cs-android",
            date_order="dmy",
            date_sep=".",
            year_digits=2,
            pad_date=True,
            comma=False,
            clock=24,
            example="23.03.22 13:31 - ",
            example_at=datetime(2022, 3, 23, 13, 31),
        ),
        _android(
            id="android-ru",
            language="ru",
            texts="ru-android",
            date_order="dmy",
            date_sep=".",
            year_digits=4,
            pad_date=True,
            comma=True,
            clock=24,
            example="23.03.2022, 13:31 - ",
            example_at=datetime(2022, 3, 23, 13, 31),
        ),
    )
}

FORMAT_IDS: Final[tuple[str, ...]] = tuple(FORMATS)


def get_format(format_id: str) -> RenderFormat:
    """Look a format up by id, naming the known ids when it does not exist."""
    try:
        return FORMATS[format_id]
    except KeyError:
        raise ValueError(f"unknown export format {format_id!r}; known: {', '.join(FORMAT_IDS)}") from None
