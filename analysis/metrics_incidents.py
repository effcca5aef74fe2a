"""The incident table: one row per incident with the figures the regiegroep reviews.

Built from messages that `analysis.incidents.cut_incidents` has given incident ids, with
groupby aggregations (no loop over messages); the incident type comes from the tagger's
classifier, called once per incident.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.incidents import IncidentClassifier, IncidentRules
from analysis.model import INCIDENT_COLUMNS


def incident_table(
    messages: pd.DataFrame, classifiers: Mapping[str, IncidentClassifier], rules: IncidentRules
) -> pd.DataFrame:
    """One row per incident with the INCIDENT_COLUMNS of analysis.model, from cut messages.

    ``classifiers`` maps each group to its incident-type classifier (the tagger's, with the group's
    profile); it gets the opening report first, then the incident's other texts in time order.
    """
    inside = messages[messages["incident"].notna()]
    if inside.empty:
        return _empty_incidents()
    inside = inside.sort_values(["incident", "timestamp"], kind="stable")
    by = inside.groupby("incident", sort=False)
    openers = inside[inside["signal"].to_numpy(bool)].drop_duplicates("incident").set_index("incident")
    table = pd.DataFrame(index=openers.index)
    table["group"] = openers["group"].astype("string")
    table["start"] = openers["timestamp"]
    table["opened_by"] = openers["author"].astype("string")
    table["opening_text"] = openers["text"].astype("string")
    followers = inside[~inside["signal"].to_numpy(bool) & inside["text"].fillna("").ne("").to_numpy(bool)]
    texts = followers["text"].astype(object).groupby(followers["incident"], sort=False).agg(list)
    table["type"] = pd.array(
        [
            classifiers[group]([str(opening or "")] + texts.get(i, []))
            for i, group, opening in zip(table.index, table["group"], table["opening_text"], strict=True)
        ],
        dtype="string",
    )

    alarms = inside[inside["alarm"].to_numpy(bool)].groupby("incident", sort=False)
    table["first_alarm_at"] = alarms["timestamp"].min().reindex(table.index)
    table["minutes_to_112"] = _minutes_between(table["start"], table["first_alarm_at"])
    alarm_rows = inside[inside["alarm"].to_numpy(bool)]
    by_reporter = (
        alarm_rows["author"] == table["opened_by"].reindex(alarm_rows["incident"]).to_numpy()
    ).fillna(False)
    reporter_alarm = (
        alarm_rows[by_reporter.to_numpy(bool)]
        .groupby("incident", sort=False)["timestamp"]
        .min()
        .reindex(table.index)
    )
    together = pd.Timedelta(minutes=rules.together_minutes)
    table["saar_order"] = (
        (table["first_alarm_at"] <= table["start"]).fillna(False)
        | (reporter_alarm <= table["start"] + together).fillna(False)
    ).astype(bool)
    table["alarm_messages"] = alarms.size().reindex(table.index, fill_value=0).astype("int64")
    table["callers"] = alarms["author"].nunique().reindex(table.index, fill_value=0).astype("int64")

    reactions = inside[inside["reaction"].to_numpy(bool)].groupby("incident", sort=False)
    table["first_reaction_at"] = reactions["timestamp"].min().reindex(table.index)
    table["minutes_to_reaction"] = _minutes_between(table["start"], table["first_reaction_at"])
    table["reactors"] = reactions["author"].nunique().reindex(table.index, fill_value=0).astype("int64")

    closures = inside[inside["closure"].to_numpy(bool)].drop_duplicates("incident").set_index("incident")
    table["closed_at"] = closures["timestamp"].reindex(table.index)
    table["minutes_to_closure"] = _minutes_between(table["start"], table["closed_at"])
    table["outcome"] = closures["text"].astype("string").reindex(table.index)
    table["end"] = by["timestamp"].max().reindex(table.index)
    table["messages"] = by.size().reindex(table.index).astype("int64")

    codes = inside["violations"]
    counts = codes.map(len)
    table["violations"] = (
        counts.groupby(inside["incident"]).sum().reindex(table.index, fill_value=0).astype("int64")
    )
    distinct: dict[str, set[str]] = {}
    flagged = counts.to_numpy() > 0
    chosen = zip(inside["incident"].to_numpy(object)[flagged], codes.to_numpy(object)[flagged], strict=True)
    for incident, found in chosen:
        distinct.setdefault(incident, set()).update(found)
    table["violation_codes"] = pd.Series(
        [tuple(sorted(distinct.get(i, ()))) for i in table.index], index=table.index, dtype=object
    )
    table = table.reset_index(names="incident").sort_values(["group", "start"], kind="stable")
    table["incident"] = table["incident"].astype("string")
    return table[list(INCIDENT_COLUMNS)].reset_index(drop=True)


def _minutes_between(start: pd.Series, later: pd.Series) -> pd.Series:
    """Minutes from start to a later moment, never below 0 (an earlier 112 call counts as 0)."""
    minutes = (later - start).dt.total_seconds() / 60
    return minutes.clip(lower=0).astype("float64")


def _empty_incidents() -> pd.DataFrame:
    """The incident table without rows but with every column and a usable dtype."""
    dtypes = {
        "incident": "string",
        "group": "string",
        "start": "datetime64[ns]",
        "opened_by": "string",
        "opening_text": "string",
        "type": "string",
        "first_alarm_at": "datetime64[ns]",
        "minutes_to_112": "float64",
        "saar_order": "bool",
        "alarm_messages": "int64",
        "callers": "int64",
        "first_reaction_at": "datetime64[ns]",
        "minutes_to_reaction": "float64",
        "reactors": "int64",
        "closed_at": "datetime64[ns]",
        "minutes_to_closure": "float64",
        "outcome": "string",
        "end": "datetime64[ns]",
        "messages": "int64",
        "violations": "int64",
        "violation_codes": "object",
    }
    return pd.DataFrame({name: pd.Series(dtype=dtypes[name]) for name in INCIDENT_COLUMNS})
