"""What a report is, independent of its format: sections with texts, tables and charts.

The builders (`month`, `effectiveness`) fill these; the writers (`html`, `pdf`, `xlsx`) only lay
them out, so every format shows the same content and the dashboard can show the parts directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

#: How a column's values are shown: whole numbers, shares (0..1 as %), minutes, dates, or text.
Format = Literal["int", "pct", "min", "num", "date", "datetime", "text"]


@dataclass(frozen=True)
class Table:
    """A table with typed values and Dutch headers; ``sheet`` names its Excel sheet (None: not exported)."""

    title: str
    frame: pd.DataFrame
    formats: dict[str, Format] = field(default_factory=dict)
    sheet: str | None = None
    note: str = ""
    #: for tables with one figure per row (key figures): the format of each row's values
    row_formats: tuple[Format, ...] = ()

    def format_of(self, column: str, row: int) -> Format:
        """How the cell at (row, column) is shown."""
        if self.row_formats and column != self.frame.columns[0]:
            return self.row_formats[row]
        return self.formats.get(column, "text")

    def formatted(self) -> pd.DataFrame:
        """The table as Dutch display strings ("75%", "3,5", "<3"), e.g. for ``st.dataframe``: the raw
        frame can mix numbers and "<3" in one column, which Arrow cannot store."""
        from presentation.formatting import format_value

        columns = list(self.frame.columns)
        rows = [
            [
                format_value(value, self.format_of(column, r))
                for column, value in zip(columns, values, strict=True)
            ]
            for r, values in enumerate(self.frame.itertuples(index=False, name=None))
        ]
        return pd.DataFrame(rows, columns=columns, dtype="string")


@dataclass(frozen=True)
class Chart:
    """A Plotly figure with its title (also used as alt text)."""

    title: str
    figure: go.Figure


@dataclass(frozen=True)
class Timeline:
    """One incident's course for the Maandrapport: a heading, its steps and its outcome."""

    heading: str
    opening_text: str
    steps: tuple[tuple[str, str, str], ...]  # (step, time "HH:MM", minutes after the opening as text)
    outcome: str


@dataclass(frozen=True)
class Section:
    title: str
    intro: str = ""
    bullets: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    timelines: tuple[Timeline, ...] = ()

    @property
    def figures(self) -> tuple[go.Figure, ...]:
        """The Plotly figures alone, for callers that only want to show charts."""
        return tuple(chart.figure for chart in self.charts)


@dataclass(frozen=True)
class Report:
    kind: Literal["maand", "effectiviteit"]
    title: str
    subtitle: str
    period: tuple[str, str]  # first and last month, "YYYY-MM"
    groups: tuple[str, ...]
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    notice: str  # what the reader must know about personal data in it
    generated: str
    pseudonymised: bool

    def tables(self) -> list[Table]:
        """Every table in order (the Excel workbook's sheets)."""
        return [table for section in self.sections for table in section.tables]

    def file_stem(self) -> str:
        """A file name without extension, e.g. "maandrapport-2024-03"."""
        if self.kind == "maand":
            return f"maandrapport-{self.period[0]}"
        return f"effectiviteitsrapport-{self.period[0]}-{self.period[1]}"
