"""When reports come in, and whether off-topic chatter drives members away.

Two small tables for the review: the hour x weekday spread of incident starts (a heat map), and
members who left shortly after a burst of off-topic messages (the plan's worry that side issues
make members leave). Burst and window sizes are in data/incident_rules.toml.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.incidents import NS_PER_MINUTE, IncidentRules
from analysis.metrics_common import MessageFacts
from analysis.model import OFFTOPIC_LEAVER_COLUMNS


def signal_hours(incidents: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Incident starts per group, weekday (0 = Monday) and hour; every cell present, zeros included."""
    cells = 7 * 24
    group_number = pd.Index(groups, dtype=object).get_indexer(incidents["group"].to_numpy(object))
    starts = incidents["start"]
    cell = starts.dt.day_of_week.to_numpy(np.int64) * 24 + starts.dt.hour.to_numpy(np.int64)
    known = group_number >= 0
    counts = np.bincount(group_number[known] * cells + cell[known], minlength=len(groups) * cells)
    return pd.DataFrame(
        {
            "group": pd.array(np.repeat(np.asarray(groups, dtype=object), cells), dtype="string"),
            "weekday": np.tile(np.repeat(np.arange(7, dtype=np.int64), 24), len(groups)),
            "hour": np.tile(np.arange(24, dtype=np.int64), 7 * len(groups)),
            "signals": counts.astype(np.int64),
        }
    )


def offtopic_bursts(messages: pd.DataFrame, facts: MessageFacts, rules: IncidentRules) -> pd.DataFrame:
    """Stretches of at least ``burst_min_messages`` off-topic messages within ``burst_window_minutes``.

    Overlapping windows merge into one burst. Columns: group, burst_start, burst_end, burst_messages.
    """
    offtopic = facts.writer & facts.code["offtopic"]
    frame = pd.DataFrame(
        {
            "group": facts.group[offtopic],
            "timestamp": messages["timestamp"].to_numpy("datetime64[ns]")[offtopic],
        }
    ).sort_values(["group", "timestamp"], kind="stable")
    bursts = []
    window = rules.burst_window_minutes * NS_PER_MINUTE
    need = rules.burst_min_messages
    for group, part in frame.groupby("group", sort=True):
        times = part["timestamp"].to_numpy("datetime64[ns]").astype(np.int64)
        first_in_window = np.searchsorted(times, times - window, side="left")
        qualifying = np.flatnonzero(np.arange(len(times)) - first_in_window + 1 >= need)
        burst_first, burst_last = -1, -1
        for last in qualifying.tolist():
            first = int(first_in_window[last])
            if burst_last >= first:
                burst_last = last
                continue
            if burst_first >= 0:
                bursts.append((group, burst_first, burst_last, times))
            burst_first, burst_last = first, last
        if burst_first >= 0:
            bursts.append((group, burst_first, burst_last, times))
    return pd.DataFrame(
        {
            "group": pd.array([b[0] for b in bursts], dtype="string"),
            "burst_start": pd.to_datetime([b[3][b[1]] for b in bursts]).astype("datetime64[ns]"),
            "burst_end": pd.to_datetime([b[3][b[2]] for b in bursts]).astype("datetime64[ns]"),
            "burst_messages": np.array([b[2] - b[1] + 1 for b in bursts], dtype=np.int64),
        }
    )


def offtopic_leavers(
    messages: pd.DataFrame, facts: MessageFacts, events: pd.DataFrame, rules: IncidentRules
) -> pd.DataFrame:
    """Members who left (themselves, not removed) during an off-topic burst or within the window after it.

    One row per leave: group, member, left_at, burst_start, burst_messages (of the latest burst
    that started before the leave).
    """
    bursts = offtopic_bursts(messages, facts, rules).sort_values("burst_start", kind="stable")
    leaves = events[(events["event"] == "left").to_numpy(bool)][["group", "member", "timestamp"]]
    leaves = leaves.rename(columns={"timestamp": "left_at"}).sort_values("left_at", kind="stable")
    columns = list(OFFTOPIC_LEAVER_COLUMNS)
    if bursts.empty or leaves.empty:
        return pd.DataFrame(
            {
                "group": pd.Series(dtype="string"),
                "member": pd.Series(dtype="string"),
                "left_at": pd.Series(dtype="datetime64[ns]"),
                "burst_start": pd.Series(dtype="datetime64[ns]"),
                "burst_messages": pd.Series(dtype="int64"),
            }
        )
    matched = pd.merge_asof(
        leaves, bursts, left_on="left_at", right_on="burst_start", by="group", direction="backward"
    )
    window = pd.Timedelta(hours=rules.leave_window_hours)
    keep = (matched["left_at"] <= matched["burst_end"] + window).fillna(False).to_numpy(bool)
    result = matched[keep][columns].sort_values(["group", "left_at"], kind="stable").reset_index(drop=True)
    result["burst_messages"] = result["burst_messages"].astype("int64")
    return result
