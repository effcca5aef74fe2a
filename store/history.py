"""Month history: the key figures of every complete month, kept after its messages left the export.

WhatsApp exports only the latest messages, and groups are exported anew each month, so last year's
months fall out of the export. The store keeps each group's complete months (the month table's figures:
counts and rates, never names or text); a month is saved, and replaces what was stored, only when the
export covers it from its first day to its last (``analysis.coverage``), so a partial month never
overwrites a whole one. ``merged_months`` puts the stored months beside the current analysis' months for a
trend of 12, 24 or 36 months.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.corrected import correction_counts
from analysis.coverage import month_coverage
from analysis.model import MONTH_COLUMNS, MONTH_DTYPES, Analysis
from store.db import now_text

FIGURES = tuple(name for name in MONTH_COLUMNS if name not in ("group", "month"))
#: Beside the month table's figures the history keeps how much was corrected by hand that month.
EXTRA = ("corrected_messages", "corrected_labels")
#: ``merged_months``' columns: the month table's, the corrections, whether the export covers the month only
#: in part, and where the row comes from ("export": the current analysis; "history": the store).
MERGED_COLUMNS = (*MONTH_COLUMNS, *EXTRA, "partial", "source")


def complete_rows(analysis: Analysis) -> pd.DataFrame:
    """The analysis' complete months with the figures the history keeps."""
    coverage = month_coverage(analysis)
    months = analysis.months.reset_index(drop=True)
    complete = ~coverage["partial"].to_numpy(bool)
    rows = months[complete].reset_index(drop=True)
    return _with_corrections(rows, correction_counts(analysis.messages))


def save(con: sqlite3.Connection, analysis: Analysis) -> int:
    """Store (or replace) every complete month of the analysis; how many complete months it had. A kept
    month with the same figures is left as it is (``Store.change_mark`` does not change)."""
    rows = complete_rows(analysis)
    saved_at = now_text()
    values = [
        (str(row["group"]), str(row["month"]), json.dumps(_figures(row), sort_keys=True), saved_at)
        for _, row in rows.iterrows()
    ]
    con.executemany(
        "INSERT INTO month_history (group_name, month, figures, saved_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (group_name, month) "
        "DO UPDATE SET figures = excluded.figures, saved_at = excluded.saved_at "
        "WHERE month_history.figures IS NOT excluded.figures",  # unchanged months keep their time
        values,
    )
    return len(values)


def stored(con: sqlite3.Connection, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """The stored months (MONTH_COLUMNS and the corrections), oldest first per group."""
    rows = con.execute("SELECT group_name, month, figures FROM month_history ORDER BY group_name, month")
    chosen = None if groups is None else set(groups)
    records = [{"group": g, "month": m, **json.loads(f)} for g, m, f in rows if chosen is None or g in chosen]
    frame = pd.DataFrame(records, columns=[*MONTH_COLUMNS, *EXTRA])
    for name in EXTRA:
        frame[name] = frame[name].fillna(0)
    return frame.astype({**MONTH_DTYPES, **dict.fromkeys(EXTRA, "int64")})


def merged_months(history: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """The current months and the stored ones, one row per group and month (MERGED_COLUMNS).

    A month the export covers completely comes from the export (with today's corrections); a month the
    export covers in part comes from the history when the history has it whole, else from the export
    (``partial`` true); a month no longer in the export comes from the history.
    """
    coverage = month_coverage(analysis)
    current = _with_corrections(analysis.months.reset_index(drop=True), correction_counts(analysis.messages))
    current["partial"] = coverage["partial"].to_numpy(bool)
    current["source"] = "export"
    old = history.copy()
    old["partial"] = False
    old["source"] = "history"
    keys = pd.MultiIndex.from_frame(current[["group", "month"]].astype(object))
    old_keys = pd.MultiIndex.from_frame(old[["group", "month"]].astype(object))
    whole_now = keys[~current["partial"].to_numpy(bool)]
    old = old[~old_keys.isin(whole_now)]
    replaced = pd.MultiIndex.from_frame(old[["group", "month"]].astype(object))
    current = current[~keys.isin(replaced)]
    merged = pd.concat([current, old], ignore_index=True)
    merged = merged.sort_values(["group", "month"], kind="stable").reset_index(drop=True)
    dtypes = {**MONTH_DTYPES, **dict.fromkeys(EXTRA, "int64"), "partial": "bool", "source": "string"}
    return merged.astype(dtypes)[list(MERGED_COLUMNS)]


def _with_corrections(months: pd.DataFrame, corrected: pd.DataFrame) -> pd.DataFrame:
    """The month rows with the hand-corrected counts (``correction_counts``; 0 when none)."""
    out = months.copy()
    if corrected.empty:
        for name in EXTRA:
            out[name] = np.zeros(len(out), dtype=np.int64)
        return out
    joined = (
        out[["group", "month"]]
        .astype(object)
        .merge(corrected.astype({"group": object, "month": object}), on=["group", "month"], how="left")
    )
    for name in EXTRA:
        out[name] = joined[name].fillna(0).to_numpy(np.int64)
    return out


def _figures(row: pd.Series) -> dict[str, float | int | None]:
    """A month's figures as JSON values: counts as int, rates as float, nothing as null."""
    out: dict[str, float | int | None] = {}
    for name in (*FIGURES, *EXTRA):
        value = row[name]
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            out[name] = None
        elif MONTH_DTYPES.get(name) == "float64":
            out[name] = float(value)
        else:
            out[name] = int(value)
    return out
