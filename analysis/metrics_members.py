"""Who is in a group, when: the member table, membership over time and group sizes.

An export rarely starts when the group started, so membership is reconstructed: joins, adds,
leaves and removals change it, and anyone who wrote before their first join (or whose first
event is leaving) was there from the start of the export. See docs/metrics.md.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.metrics_common import MessageFacts, is_writer
from analysis.model import MEMBER_COLUMNS
from analysis.profile import Profile

IN_EVENTS = ("added", "joined")
OUT_EVENTS = ("left", "removed")


def membership(
    messages: pd.DataFrame, facts: MessageFacts, people: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series]:
    """Join/add/leave/removal events in time order, and who was in the group when the export starts.

    Events columns: group, member, timestamp, event, present (bool, after the event), change (+1,
    0, -1 in the group's head count). The state before a member's first event is in the second
    result, ``present_at_start`` indexed by (group, member). ``people`` is ``everyone(messages)``.
    """
    event = messages["event"].astype("string")
    is_event = (event.isin(IN_EVENTS + OUT_EVENTS) & messages["member"].notna()).fillna(False).to_numpy(bool)
    events = messages.loc[is_event, ["group", "member", "timestamp", "event", "line"]].copy()
    events["group"] = events["group"].astype("string")
    events["member"] = events["member"].astype("string")
    events["event"] = events["event"].astype("string")
    events = events[events["timestamp"].notna()].sort_values(
        ["group", "member", "timestamp", "line"], kind="stable"
    )
    events["present"] = events["event"].isin(IN_EVENTS).to_numpy(bool)

    start = present_at_start(messages, facts, events, people)
    key = pd.MultiIndex.from_frame(events[["group", "member"]])
    first_of_member = ~key.duplicated(keep="first")
    before = events["present"].shift(1).to_numpy(object)
    initial = start.reindex(key).to_numpy(bool)
    before = np.where(first_of_member, initial, before).astype(bool)
    events["change"] = events["present"].to_numpy(np.int64) - before.astype(np.int64)
    return events.reset_index(drop=True)[
        ["group", "member", "timestamp", "event", "present", "change"]
    ], start


def present_at_start(
    messages: pd.DataFrame, facts: MessageFacts, events: pd.DataFrame, people: pd.DataFrame
) -> pd.Series:
    """Whether each member was in the group when the export starts, indexed by (group, member).

    Present at the start: anyone whose first membership event is a leave or removal, anyone who
    wrote before their first join/add, and anyone who wrote without any membership event.
    """
    first_event = events.groupby(["group", "member"], sort=False).agg(
        first_at=("timestamp", "first"), first_present=("present", "first")
    )
    writer = facts.writer
    first_written = (
        pd.Series(messages["timestamp"].to_numpy()[writer])
        .groupby([facts.group[writer], facts.author[writer]], sort=False)
        .min()
    )
    first_written.index = first_written.index.set_levels(
        [level.astype("string") for level in first_written.index.levels]
    ).set_names(["group", "member"])
    index = pd.MultiIndex.from_frame(people[["group", "member"]])
    first_at = first_event["first_at"].reindex(index)
    joined_first = first_event["first_present"].reindex(index)
    wrote = first_written.reindex(index)
    no_events = first_at.isna().to_numpy()
    leaves_first = (joined_first == False).fillna(False).to_numpy(bool)  # noqa: E712 (object column)
    wrote_before = (wrote < first_at).fillna(False).to_numpy(bool)
    return pd.Series(no_events | leaves_first | wrote_before, index=index, name="present_at_start")


def everyone(messages: pd.DataFrame) -> pd.DataFrame:
    """Every member of every group: authors, system-event actors and members named in events.

    Columns group, member, first_seen, last_seen.
    """
    as_author = messages.loc[messages["author"].notna().to_numpy(bool), ["group", "author", "timestamp"]]
    as_author = as_author.rename(columns={"author": "member"})
    named = messages.loc[messages["member"].notna().to_numpy(bool), ["group", "member", "timestamp"]]
    both = pd.concat([as_author, named], ignore_index=True)
    both["group"] = both["group"].astype("string")
    both["member"] = both["member"].astype("string")
    seen = both.groupby(["group", "member"], sort=True)["timestamp"].agg(first_seen="min", last_seen="max")
    return seen.reset_index()


def present_at(events: pd.DataFrame, start: pd.Series, pairs: pd.DataFrame, moment_column: str) -> np.ndarray:
    """Whether each (group, member) in ``pairs`` is in the group just before ``pairs[moment_column]``."""
    if pairs.empty:
        return np.zeros(0, dtype=bool)
    left = pairs[["group", "member", moment_column]].copy()
    left["_row"] = np.arange(len(left))
    left = left.sort_values(moment_column, kind="stable")
    right = events[["group", "member", "timestamp", "present"]].sort_values("timestamp", kind="stable")
    joined = pd.merge_asof(
        left,
        right,
        left_on=moment_column,
        right_on="timestamp",
        by=["group", "member"],
        direction="backward",
        allow_exact_matches=False,
    )
    initial = start.reindex(pd.MultiIndex.from_frame(joined[["group", "member"]])).fillna(True).to_numpy(bool)
    state = joined["present"].to_numpy(object)
    known = pd.notna(state)
    present = np.where(known, state, initial).astype(bool)
    result = np.empty(len(left), dtype=bool)
    result[joined["_row"].to_numpy()] = present
    return result


def head_counts(events: pd.DataFrame, start: pd.Series, moments: pd.DataFrame) -> np.ndarray:
    """Members of ``moments.group`` just before ``moments.moment``: start count plus all changes before."""
    result = np.zeros(len(moments), dtype=np.int64)
    initial = start.groupby(level="group").sum()
    for group, rows in moments.groupby("group", sort=False).indices.items():
        mine = events[(events["group"] == group).to_numpy(bool)]
        times = mine["timestamp"].to_numpy("datetime64[ns]")
        order = np.argsort(times, kind="stable")
        running = np.r_[0, np.cumsum(mine["change"].to_numpy(np.int64)[order])]
        at = moments["moment"].to_numpy("datetime64[ns]")[rows]
        result[rows] = int(initial.get(group, 0)) + running[np.searchsorted(times[order], at, side="left")]
    return result


def member_table(
    messages: pd.DataFrame, facts: MessageFacts, events: pd.DataFrame, people: pd.DataFrame
) -> pd.DataFrame:
    """One row per member of every group with the MEMBER_COLUMNS of analysis.model."""
    table = people.set_index(["group", "member"])
    last = events.groupby(["group", "member", "event"], sort=False)["timestamp"].max().unstack("event")
    for name in ("added", "joined", "left", "removed"):
        if name not in last.columns:
            last[name] = pd.NaT
    last = last.reindex(table.index)
    joined_at = last[["added", "joined"]].max(axis=1)
    table["joined_at"] = joined_at
    table["left_at"] = last["left"].where(~(last["left"] < joined_at))
    table["removed_at"] = last["removed"].where(~(last["removed"] < joined_at))

    writer = facts.writer
    counts = (
        pd.DataFrame(
            {
                "group": facts.group[writer],
                "member": facts.author[writer],
                "messages": 1,
                "signals": messages["signal"].to_numpy(bool)[writer],
                "alarms": messages["alarm"].to_numpy(bool)[writer],
                "reactions": messages["reaction"].to_numpy(bool)[writer],
                "violations": facts.violation_count[writer],
            }
        )
        .groupby(["group", "member"], sort=False)
        .sum()
    )
    counts.index = pd.MultiIndex.from_arrays(
        [
            counts.index.get_level_values(0).astype("string"),
            counts.index.get_level_values(1).astype("string"),
        ],
        names=["group", "member"],
    )
    counts = counts.reindex(table.index, fill_value=0).astype("int64")
    table = table.join(counts)
    table["active"] = table["messages"] > 0
    for name in ("first_seen", "last_seen", "joined_at", "left_at", "removed_at"):
        table[name] = pd.to_datetime(table[name]).astype("datetime64[ns]")
    return table.reset_index()[list(MEMBER_COLUMNS)]


def writer_counts(messages: pd.DataFrame) -> pd.DataFrame:
    """Member messages per (group, member) in ``messages`` (any part of the analysed messages, e.g. one
    period), most first: the ``messages`` column of the member table, counted over these records only."""
    writer = is_writer(messages)
    counts = (
        pd.DataFrame(
            {
                "group": messages["group"].astype("string").to_numpy(object)[writer],
                "member": messages["author"].astype("string").to_numpy(object)[writer],
            }
        )
        .groupby(["group", "member"], sort=True)
        .size()
        .rename("messages")
        .reset_index()
    )
    counts["group"] = counts["group"].astype("string")
    counts["member"] = counts["member"].astype("string")
    counts["messages"] = counts["messages"].astype("int64")
    return counts.sort_values(["messages", "group", "member"], ascending=[False, True, True], kind="stable")


def rule_breakers(messages: pd.DataFrame) -> pd.DataFrame:
    """Messages that break at least one rule, per (group, author) in ``messages`` (e.g. one period), most
    first: ``writer_counts`` over the rule-breaking messages only, so a message with two violations counts
    once. Columns group, author, violations; who the coordinator might talk to (Spelregels page)."""
    broken = messages[messages["violations"].map(len).to_numpy() > 0]
    return writer_counts(broken).rename(columns={"member": "author", "messages": "violations"})


def group_sizes(
    messages: pd.DataFrame, events: pd.DataFrame, start: pd.Series, profiles: Mapping[str, Profile]
) -> pd.DataFrame:
    """Members now (at the end of each group's export) against the profile's member cap."""
    groups = sorted(profiles)
    last = messages.groupby(messages["group"].astype("string"))["timestamp"].max()
    moments = pd.DataFrame(
        {"group": groups, "moment": [last.get(g, pd.NaT) + pd.Timedelta(microseconds=1) for g in groups]}
    )
    members = head_counts(events, start, moments) if groups else np.zeros(0, dtype=np.int64)
    cap = np.array([profiles[g].member_cap for g in groups], dtype=np.int64)
    return pd.DataFrame(
        {
            "group": pd.array(groups, dtype="string"),
            "members": members.astype(np.int64),
            "cap": cap,
            "over_cap": members > cap,
        }
    )
