"""How figures and chat text are written: Dutch numbers, minutes, percentages, month names, and text that
markdown must show literally. No Streamlit here, so Streamlit-free modules (``scorecard``) and tests use the
same formats as the pages; ``display`` re-exports every name.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.texts import t, table
from presentation.formatting import dutch_number
from presentation.measures import measures

#: Every ASCII punctuation character: CommonMark lets each be backslash-escaped, which covers links,
#: images, HTML, emphasis, ``$latex$``, Streamlit's ``:red[...]`` directives and block markers alike.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: ``:name:`` patterns Streamlit replaces in the rendered *text* (emoji, ``:material/icon:``,
#: ``:streamlit:``), after escapes are resolved: a word joiner after the colon breaks the pattern.
_SHORTCODE_COLON = re.compile(r":(?=[\w+\-/]+:)")
#: Arrows and dashes Streamlit turns into typographic characters (``->`` becomes an arrow).
_TYPOGRAPHY_PAIR = re.compile(r"(?<=[<>~\-])(?=[<>=\-])")
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)
_WORD_JOINER = "\u2060"  # invisible, no line break


# ---------------------------------------------------------------- single values


def month_label(month: str) -> str:
    """ "2024-03" as "maart 2024"."""
    year, number = month.split("-")
    return f"{table('months')[number]} {year}"


def short_month_label(month: str) -> str:
    """ "2024-03" as "mrt 24", as on the charts' month axis."""
    return f"{table('months_short')[month[5:7]]} {month[2:4]}"


def minutes(value: object) -> str:
    """Minutes as "4 min" or "2 u 05 min"; missing as a dash."""
    if value is None or pd.isna(value):
        return "–"
    total = float(value)
    if total < 60:
        shown = f"{total:.0f}" if total >= 10 or total == int(total) else f"{total:.1f}".replace(".", ",")
        return t("units.minutes", value=shown)
    hours, rest = divmod(round(total), 60)
    return t("units.hours_minutes", hours=hours, minutes=f"{rest:02d}")


def percent(value: object) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{float(value) * 100:.0f}%"


def number(value: object, decimals: int = 0) -> str:
    if value is None or pd.isna(value):
        return "–"
    return dutch_number(float(value), decimals, "\u2009" if decimals else ".")


def finite(value: object) -> bool:
    return value is not None and not pd.isna(value) and math.isfinite(float(value))  # type: ignore[arg-type]


def escape_markdown(text: object) -> str:
    """Text from a chat (message, member or group name, file name) shown literally wherever Streamlit
    reads markdown: titles, captions, alerts, widget and link labels, progress text, table cells.

    Every punctuation character is backslash-escaped, so no link, image (``![x](https://...)``),
    HTML, ``$latex$``, ``:red[...]`` or block marker (``#``, ``>``, ``-``, ``1.``) survives; a word
    joiner breaks ``:shortcode:`` and ``->`` patterns that Streamlit replaces after unescaping;
    leading spaces become non-breaking so an indented line is no code block; line breaks are kept.
    """
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    value = _SHORTCODE_COLON.sub(":" + _WORD_JOINER, value)
    value = _TYPOGRAPHY_PAIR.sub(_WORD_JOINER, value)
    value = _ASCII_PUNCTUATION.sub(r"\\\1", value)
    value = _LEADING_SPACE.sub(lambda m: m.group(0).replace("\t", "    ").replace(" ", "\u00a0"), value)
    return value.replace("\n", "  \n")


# ---------------------------------------------------------------- monthly measures

#: How each monthly measure is shown: its kind and which direction is good ("normal": higher is better,
#: "inverse": lower is better, "off": neither), for the delta colour and the scorecard's goals; read from
#: ``presentation/measures.toml``, where every figure's format and names live.
_KINDS = {"int": "count", "pct": "percent", "min": "minutes", "num": "decimal"}
_GOOD = {"higher": "normal", "lower": "inverse", "neither": "off"}
MEASURES: dict[str, tuple[str, str]] = {
    m.name: (_KINDS[m.format], _GOOD[m.good]) for m in measures().values() if m.monthly
}


def measure_label(measure: str) -> str:
    return t(f"measures.{measure}.label")


def measure_value(measure: str, value: object) -> str:
    kind = MEASURES[measure][0]
    if kind == "percent":
        return percent(value)
    if kind == "minutes":
        return minutes(value)
    return number(value, 1 if kind == "decimal" else 0)


def shown_number(measure: str, value: float) -> float:
    """``value`` rounded as ``measure_value`` shows it (whole percents, minutes to 0.1 under 10 minutes, ...),
    so a figure is judged as it is read: "80%" meets a goal of 80%."""
    kind = MEASURES[measure][0]
    if kind == "percent":
        return round(value, 2)
    if kind == "minutes":
        return round(value, 1) if value < 10 else float(round(value))
    return round(value, 1 if kind == "decimal" else 0)


def measure_delta(measure: str, value: object, previous: object) -> str | None:
    """The change against the previous month as text (percentage points for shares)."""
    if not (finite(value) and finite(previous)):
        return None
    change = float(value) - float(previous)  # type: ignore[arg-type]
    kind = MEASURES[measure][0]
    if kind == "percent":
        return t("units.points", value=f"{change * 100:+.0f}")
    if kind == "minutes":
        return t("units.minutes", value=f"{change:+.0f}")
    return f"{change:+.1f}".replace(".", ",") if kind == "decimal" else f"{change:+.0f}"


def shown_change(measure: str, value: object, previous: object) -> str | None:
    """The change as the dashboard shows it ("+3", "-2 min"), or None when there is none to show: a value
    is missing, or the change shows as zero ("+0" is no change: no arrow)."""
    change = measure_delta(measure, value, previous)
    if change is None or not any(digit in change for digit in "123456789"):
        return None
    return change
