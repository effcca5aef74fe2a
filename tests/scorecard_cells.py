"""Reading the Overzicht's scorecard in AppTest as a user reads it: per group, each figure's value, its arrow,
whether it has a trend picture, its colour and its tooltip (the table is ``st.table`` of markdown cells)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from streamlit.testing.v1 import AppTest

from dashboard.scorecard import COLOURS, DOWN, UP, Status
from dashboard.texts import t

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_NOTE = re.compile(r"^:gray\[(.*)\]$")


@dataclass(frozen=True)
class Shown:
    value: str  # as on screen: "4", "67%", "2,5 min", "–"
    arrow: str | None  # "↑", "↓" or None
    picture: bool  # a trend picture under the value
    colour: Status | None  # the cell's background against the goal
    tooltip: str  # what hovering the cell shows ("" for none)


@dataclass(frozen=True)
class GroupRow:
    group: str
    note: str | None  # under the name: "6 van 31 dagen", or that the group has no messages this month
    figures: dict[str, Shown]  # measure label -> what the cell shows


def _plain(markdown: str) -> str:
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


def _css(at: AppTest) -> str:
    return at.table[0].proto.arrow_data.styler.styles


def _colour(css: str, row: int, col: int) -> Status | None:
    cell = re.compile(rf"^#T_\w+_row{row}_col{col}$")
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if any(cell.match(selector.strip()) for selector in selectors.split(",")):
            for status, colour in COLOURS.items():
                if colour in body:
                    return status
    return None


def _tooltip(css: str, row: int, col: int) -> str:
    found = re.search(rf"_row{row}_col{col} \.pd-t::after \{{ content: \"(.*?)\" \}}", css)
    return "" if found is None else found.group(1).replace("\\A ", "\n")


def scorecard_rows(at: AppTest) -> list[GroupRow]:
    """The scorecard's rows, top to bottom (the first ``st.table`` on the Overzicht)."""
    frame = at.table[0].value
    css = _css(at)
    group_column = t("overzicht.group")
    assert frame.columns[0] == group_column
    rows = []
    for i, record in enumerate(frame.to_dict("records")):
        name, _, note = str(record[group_column]).partition("  \n")
        figures = {}
        for j, label in enumerate(frame.columns[1:], start=1):
            first, _, rest = str(record[label]).partition("  \n")
            arrow = next((a for a in (UP, DOWN) if first.endswith(f" {a}")), None)
            value = first[: -len(arrow) - 1] if arrow else first
            picture = rest.startswith("![")
            figures[label] = Shown(value, arrow, picture, _colour(css, i, j), _tooltip(css, i, j))
        match = _NOTE.match(note)
        rows.append(GroupRow(_plain(name), match.group(1) if match else None, figures))
    return rows


def cells_by_group(at: AppTest) -> dict[str, dict[str, Shown]]:
    """Group -> measure label -> what its cell shows."""
    return {row.group: row.figures for row in scorecard_rows(at)}
