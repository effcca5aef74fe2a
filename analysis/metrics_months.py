"""The monthly review: one row per group and calendar month (MONTH_COLUMNS of analysis.model).

Every month between a group's first and last record gets a row, also months without messages,
so a chart of the year shows quiet months as zero instead of skipping them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.metrics_members import head_counts, member_messages, present_at
from analysis.model import MONTH_COLUMNS, VIOLATIONS

DURATIONS = (
    ("112", "minutes_to_112"),
    ("reaction", "minutes_to_reaction"),
    ("closure", "minutes_to_closure"),
)


def month_grid(messages: pd.DataFrame) -> pd.DataFrame:
    """Every (group, month) from each group's first to last record, with the moment the month ends."""
    timed = messages[messages["timestamp"].notna().to_numpy(bool)]
    if timed.empty:
        return pd.DataFrame(
            {
                "group": pd.Series(dtype="string"),
                "month": pd.Series(dtype="string"),
                "moment": pd.Series(dtype="datetime64[ns]"),
            }
        )
    span = timed.groupby(timed["group"].astype("string"))["timestamp"].agg(["min", "max"])
    frames = []
    for group, row in span.iterrows():
        periods = pd.period_range(row["min"].to_period("M"), row["max"].to_period("M"), freq="M")
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "month": periods.strftime("%Y-%m"),
                    "moment": (periods + 1).to_timestamp(how="start").astype("datetime64[ns]"),
                }
            )
        )
    grid = pd.concat(frames, ignore_index=True)
    grid["group"] = grid["group"].astype("string")
    grid["month"] = grid["month"].astype("string")
    return grid


def _month_of(timestamps: pd.Series) -> pd.Series:
    return pd.Series(timestamps.dt.strftime("%Y-%m"), index=timestamps.index, dtype="string")


def month_table(
    messages: pd.DataFrame, incidents: pd.DataFrame, events: pd.DataFrame, start: pd.Series
) -> pd.DataFrame:
    """One row per group and month with every review figure."""
    grid = month_grid(messages)
    keys = ["group", "month"]
    table = grid.set_index(keys)

    writers = member_messages(messages)
    writer_keys = [writers["group"].astype("string"), _month_of(writers["timestamp"]).rename("month")]
    table["messages"] = writers.groupby(writer_keys).size().reindex(table.index, fill_value=0)

    table = table.join(_incident_figures(incidents).reindex(table.index))
    table["incidents"] = table["incidents"].fillna(0)
    for name in ("multi_caller_incidents", "no_alarm_incidents"):
        table[name] = table[name].fillna(0)

    counts = writers["violations"].map(len).to_numpy(np.int64)
    table["violations"] = (
        pd.Series(counts, index=writers.index).groupby(writer_keys).sum().reindex(table.index, fill_value=0)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        table["violations_per_100"] = (
            table["violations"] / table["messages"].where(table["messages"] > 0)
        ) * 100
    flagged = writers[counts > 0]
    codes = flagged["violations"].explode()
    code_keys = [
        flagged["group"].astype("string").loc[codes.index],
        _month_of(flagged["timestamp"]).loc[codes.index],
    ]
    per_code = (
        codes.groupby(code_keys + [codes.rename("code")]).size().unstack("code") if len(codes) else None
    )
    for code in VIOLATIONS:
        column = per_code[code] if per_code is not None and code in per_code.columns else None
        table[f"violations_{code}"] = (
            column.rename_axis(keys).reindex(table.index, fill_value=0) if column is not None else 0
        )
    table["violations_offtopic"] = table["violations_offtopic"].fillna(0)
    table["offtopic_share"] = table["violations_offtopic"] / table["messages"].where(table["messages"] > 0)

    grid = grid.reset_index(drop=True)
    table["members_end"] = head_counts(events, start, grid[["group", "moment"]]) if len(grid) else 0
    event_keys = [events["group"], _month_of(events["timestamp"]).rename("month")]
    for column, names in (("joins", ("added", "joined")), ("leaves", ("left",)), ("removals", ("removed",))):
        chosen = events["event"].isin(names).to_numpy(bool)
        table[column] = (
            events[chosen].groupby([k[chosen] for k in event_keys]).size().reindex(table.index, fill_value=0)
        )

    active = (
        pd.DataFrame(
            {"group": writer_keys[0], "month": writer_keys[1], "member": writers["author"].astype("string")}
        )
        .drop_duplicates()
        .merge(grid, on=keys)
    )
    table["active_members"] = active.groupby(keys).size().reindex(table.index, fill_value=0)
    active["still_in"] = present_at(events, start, active, "moment")
    active_and_in = active[active["still_in"]].groupby(keys).size().reindex(table.index, fill_value=0)
    table["silent_members"] = (table["members_end"] - active_and_in).clip(lower=0)

    for name in MONTH_COLUMNS:
        if (
            name in ("group", "month")
            or name.startswith(("median_", "p90_"))
            or name.endswith(("_rate", "_share"))
        ):
            continue
        if name == "violations_per_100":
            continue
        table[name] = table[name].fillna(0).astype("int64")
    for name in MONTH_COLUMNS:
        if name.startswith(("median_", "p90_")) or name.endswith(("_rate", "_share", "_per_100")):
            table[name] = table[name].astype("float64")
    return table.reset_index()[list(MONTH_COLUMNS)]


def _incident_figures(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incident figures per group and start month (only months that have incidents)."""
    keys = [incidents["group"].astype("string"), _month_of(incidents["start"]).rename("month")]
    flags = pd.DataFrame(
        {
            "incidents": 1,
            "alarm_rate": incidents["minutes_to_112"].notna().to_numpy(float),
            "saar_order_rate": incidents["saar_order"].to_numpy(float),
            "multi_caller_incidents": (incidents["callers"] > 1).to_numpy(np.int64),
            "no_alarm_incidents": (incidents["alarm_messages"] == 0).to_numpy(np.int64),
        },
        index=incidents.index,
    )
    by = flags.groupby(keys)
    figures = by[["incidents", "multi_caller_incidents", "no_alarm_incidents"]].sum()
    figures[["alarm_rate", "saar_order_rate"]] = by[["alarm_rate", "saar_order_rate"]].mean()
    durations = incidents.groupby(keys)
    for label, column in DURATIONS:
        figures[f"median_minutes_to_{label}"] = durations[column].median()
        figures[f"p90_minutes_to_{label}"] = durations[column].quantile(0.9)
    figures.index.names = ["group", "month"]
    return figures
