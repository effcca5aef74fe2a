"""The tagged messages and the incidents as CSV or Parquet, for analysts who work outside the tool.

Column names are those of the contract (``parsers.schema``, ``analysis.model``) so scripts keep
working; members are pseudonymised and text scrubbed unless ``names`` is True. In CSV, text that
starts like a spreadsheet formula gets a leading apostrophe and rows end in CRLF so that a line break
in a field is always quoted (CSV injection; ``analysis.tables_export``, shared with the dashboard),
tuples become "a; b" strings; Parquet keeps them as lists.
"""

from __future__ import annotations

import io

import pandas as pd

from analysis.anonymise import Pseudonymiser, pseudonymise_analysis
from analysis.model import Analysis
from analysis.tables_export import to_csv_bytes
from reports.selection import choose_groups, month_range, restrict

TUPLE_COLUMNS = ("violations", "reasons", "violation_codes")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def analyst_tables(
    analysis: Analysis,
    *,
    names: bool = False,
    groups: list[str] | tuple[str, ...] | None = None,
    period: tuple[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """{"berichten": tagged messages, "incidenten": incidents}, optionally for some groups and months."""
    whole = analysis
    if groups or period:
        chosen = choose_groups(analysis, groups)
        months = (
            month_range(*period)
            if period
            else sorted(set(analysis.messages["timestamp"].dt.strftime("%Y-%m").dropna()))
        )
        analysis = restrict(analysis, chosen, months)
    if not names:  # pseudonyms from the whole input, so they match the reports'
        analysis = pseudonymise_analysis(analysis, Pseudonymiser.from_analysis(whole))
    return {
        "berichten": analysis.messages.reset_index(drop=True),
        "incidenten": analysis.incidents.reset_index(drop=True),
    }


def _for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Tuples as "a; b" text; `to_csv_bytes` then escapes formulas (the rule the dashboard uses too)."""
    out = frame.copy()
    for column in out.columns:
        if column in TUPLE_COLUMNS:
            out[column] = out[column].map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, tuple | list) else v
            )
    return out


def _for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in TUPLE_COLUMNS:
        if column in out:
            out[column] = out[column].map(lambda v: list(map(str, v)) if isinstance(v, tuple | list) else [])
    return out


def tables_to_csv(analysis: Analysis, **options: object) -> dict[str, bytes]:
    """{"berichten.csv": ..., "incidenten.csv": ...} as UTF-8 CSV bytes (options as in `analyst_tables`)."""
    return {
        f"{name}.csv": to_csv_bytes(_for_csv(frame), date_format=DATE_FORMAT)  # formulas escaped
        for name, frame in analyst_tables(analysis, **options).items()  # type: ignore[arg-type]
    }


def tables_to_parquet(analysis: Analysis, **options: object) -> dict[str, bytes]:
    """{"berichten.parquet": ..., "incidenten.parquet": ...} (options as in `analyst_tables`)."""
    files = {}
    for name, frame in analyst_tables(analysis, **options).items():  # type: ignore[arg-type]
        buffer = io.BytesIO()
        frame = _for_parquet(frame)
        frame.attrs = {}
        frame.to_parquet(buffer, index=False)
        files[f"{name}.parquet"] = buffer.getvalue()
    return files


def chat_to_bytes(chat: pd.DataFrame, suffix: str) -> bytes:
    """A parsed chat (``parsers.read_chat``) as CSV or Parquet bytes, for ``python -m analysis parse``."""
    chat = chat.copy()
    chat.attrs = {}  # the parser's notes (format objects) are not part of the table
    if suffix == ".parquet":
        buffer = io.BytesIO()
        chat.to_parquet(buffer, index=False)
        return buffer.getvalue()
    return to_csv_bytes(_for_csv(chat), date_format=DATE_FORMAT)
