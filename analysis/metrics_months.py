"""The monthly review: one row per group and calendar month (MONTH_COLUMNS of analysis.model).

Every month between a group's first and last record gets a row, also months without messages,
so a chart of the year shows quiet months as zero instead of skipping them. Counting is done
with numpy (a row number per message, then bincount), so a million messages take a moment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.keyfigures import alarmed, in_saar_order, per_message, several_callers
from analysis.metrics_common import MessageFacts, month_text
from analysis.metrics_members import head_counts, present_at
from analysis.model import MONTH_COLUMNS, MONTH_DTYPES, VIOLATIONS

DURATIONS = (
    ("112", "minutes_to_112"),
    ("reaction", "minutes_to_reaction"),
    ("closure", "minutes_to_closure"),
)
EVENT_COLUMNS = (("joins", ("added", "joined")), ("leaves", ("left",)), ("removals", ("removed",)))
_GROUP_STRIDE = 1 << 32  # month numbers (months since 1970) stay far below this
NO_ROW = -1  # a record outside the grid (no group, no time): counted nowhere


class MonthGrid:
    """Every (group, month) from each group's first to last record, and a row number per record."""

    def __init__(self, groups: np.ndarray, months: np.ndarray) -> None:
        timed = ~np.isnat(months)
        codes, names = pd.factorize(groups[timed], sort=True)
        span = pd.Series(months[timed].astype(np.int64)).groupby(codes).agg(["min", "max"])
        self.group_names = [names[code] for code in span.index]
        self._index = pd.Index(self.group_names, dtype=object)
        lengths = (span["max"] - span["min"] + 1).to_numpy()  # int64, as the month numbers
        self.group = np.repeat(np.array(self.group_names, dtype=object), lengths)
        starts = np.repeat(span["min"].to_numpy(), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        self.month = (starts + offsets).astype("datetime64[M]")
        self.keys = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths) * _GROUP_STRIDE + (
            starts + offsets
        )

    def __len__(self) -> int:
        return len(self.keys)

    def rows(self, groups: np.ndarray, months: np.ndarray) -> np.ndarray:
        """Grid row of each (group, month); NO_ROW where the group or month is unknown."""
        if len(groups) == 0 or len(self.keys) == 0:
            return np.full(len(groups), NO_ROW, dtype=np.int64)
        codes = self._index.get_indexer(pd.Index(groups, dtype=object)).astype(np.int64)
        month = months.astype("datetime64[M]")
        valid = (codes >= 0) & ~np.isnat(month)
        keys = codes * _GROUP_STRIDE + np.where(valid, month.astype(np.int64), 0)
        found = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(valid & (self.keys[found] == keys), found, NO_ROW)

    def count(self, rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per grid row, the number (or weighted sum) of the given rows."""
        keep = rows >= 0
        chosen = None if weights is None else weights[keep]
        return np.bincount(rows[keep], weights=chosen, minlength=len(self)).astype(np.int64)

    def moments(self) -> np.ndarray:
        """Start of the next month per row: "at month end" means "just before this"."""
        return (self.month + 1).astype("datetime64[ns]")


def month_table(
    facts: MessageFacts,
    incidents: pd.DataFrame,
    events: pd.DataFrame,
    start: pd.Series,
) -> pd.DataFrame:
    """One row per group and month with every review figure."""
    grid = MonthGrid(facts.group, facts.month)
    table = pd.DataFrame({"group": grid.group, "month": month_text(grid.month)})
    writer_rows = np.where(facts.writer, grid.rows(facts.group, facts.month), NO_ROW)

    messages_per_month = grid.count(writer_rows)
    table["messages"] = messages_per_month
    table = _add_incident_figures(table, grid, incidents)
    table["violations"] = grid.count(writer_rows, facts.violation_count)
    table["violations_per_100"] = per_message(table["violations"].to_numpy(), messages_per_month, 100)
    for code in VIOLATIONS:
        table[f"violations_{code}"] = grid.count(np.where(facts.code[code], writer_rows, NO_ROW))
    table["offtopic_share"] = per_message(table["violations_offtopic"].to_numpy(), messages_per_month)

    moments = pd.DataFrame({"group": grid.group, "moment": grid.moments()})
    table["members_end"] = head_counts(events, start, moments)
    event_rows = grid.rows(events["group"].to_numpy(), events["timestamp"].to_numpy())
    for column, names in EVENT_COLUMNS:
        table[column] = grid.count(np.where(events["event"].isin(names).to_numpy(), event_rows, NO_ROW))

    writers = _writers_per_month(writer_rows, facts)
    active_rows, active_in = _active_members(grid, writers, events, start)
    table["active_members"] = grid.count(active_rows)
    table["silent_members"] = np.maximum(
        table["members_end"].to_numpy() - grid.count(active_rows[active_in]), 0
    )
    table["top_writers_share"] = _top_writers_share(grid, writers)
    return table.astype(MONTH_DTYPES)[list(MONTH_COLUMNS)]


def _writers_per_month(writer_rows: np.ndarray, facts: MessageFacts) -> pd.DataFrame:
    """One row per (grid row, member who wrote in it) with that member's number of messages."""
    keep = writer_rows >= 0
    author_codes, authors = pd.factorize(facts.author[keep])
    if len(authors) == 0:
        return pd.DataFrame({"row": np.zeros(0, np.int64), "member": [], "messages": np.zeros(0, np.int64)})
    pairs, counts = np.unique(writer_rows[keep] * len(authors) + author_codes, return_counts=True)
    return pd.DataFrame(
        {
            "row": pairs // len(authors),
            "member": np.asarray(authors, dtype=object)[pairs % len(authors)],
            "messages": counts,
        }
    )


def _active_members(
    grid: MonthGrid, writers: pd.DataFrame, events: pd.DataFrame, start: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Grid row of every (month, member who wrote that month), and whether they are in at month end."""
    rows = writers["row"].to_numpy()
    if len(rows) == 0:
        return rows, np.zeros(0, dtype=bool)
    who = pd.DataFrame(  # the same text dtype as the membership events, to join on them
        {
            "group": pd.array(grid.group[rows], dtype="string"),
            "member": pd.array(writers["member"], dtype="string"),
            "moment": grid.moments()[rows],
        }
    )
    return rows, present_at(events, start, who, "moment")


def _top_writers_share(grid: MonthGrid, writers: pd.DataFrame) -> np.ndarray:
    """Share of a month's member messages written by its busiest tenth of writers (at least one).

    A group where a handful of people write everything depends on them; the regiegroep watches this.
    """
    ranked = writers.sort_values("messages", ascending=False)  # busiest first within every row
    by_row = ranked.groupby("row")["messages"]
    top = by_row.cumcount() < np.ceil(0.1 * by_row.transform("size"))
    share = ranked[top].groupby("row")["messages"].sum() / by_row.sum()
    return share.reindex(range(len(grid))).to_numpy()


def _add_incident_figures(table: pd.DataFrame, grid: MonthGrid, incidents: pd.DataFrame) -> pd.DataFrame:
    """Incident figures by start month: counts, rates and the median/90th percentile durations."""
    rows = grid.rows(incidents["group"].to_numpy(), incidents["start"].to_numpy())
    table["incidents"] = grid.count(rows)
    table["multi_caller_incidents"] = grid.count(np.where(several_callers(incidents), rows, NO_ROW))
    table["no_alarm_incidents"] = grid.count(np.where(~alarmed(incidents), rows, NO_ROW))
    figures = pd.DataFrame(
        {
            "row": rows,
            "alarm_rate": alarmed(incidents),
            "saar_order_rate": in_saar_order(incidents),
            **{column: incidents[column].to_numpy() for _, column in DURATIONS},
        }
    )
    by = figures[figures["row"] >= 0].groupby("row")
    rates = by[["alarm_rate", "saar_order_rate"]].mean()
    for name in ("alarm_rate", "saar_order_rate"):
        table[name] = rates[name].reindex(range(len(grid))).to_numpy()
    for label, column in DURATIONS:
        table[f"median_minutes_to_{label}"] = by[column].median().reindex(range(len(grid))).to_numpy()
        table[f"p90_minutes_to_{label}"] = by[column].quantile(0.9).reindex(range(len(grid))).to_numpy()
    return table
