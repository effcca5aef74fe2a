"""The incident table: one row per incident with the figures the regiegroep reviews.

Built from messages that `analysis.incidents.cut_incidents` has given incident ids, with numpy
aggregations per incident number (no loop over messages); the incident type comes from the
tagger's classifier, called once per incident.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.incidents import NS_PER_MINUTE, IncidentClassifier, IncidentRules
from analysis.metrics_common import MessageFacts
from analysis.model import INCIDENT_COLUMNS, INCIDENT_DTYPES, INCIDENT_TYPES, VIOLATIONS


def incident_table(
    messages: pd.DataFrame,
    facts: MessageFacts,
    classifiers: Mapping[str, IncidentClassifier],
    rules: IncidentRules,
    kinds: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per incident with the INCIDENT_COLUMNS of analysis.model, from cut messages.

    ``classifiers`` maps each group to its incident-type classifier (the tagger's, with the group's
    profile); it gets the opening report first, then the texts of the incident's updates in time order.
    ``kinds``, when the tagger gave them, is every message's type read as a report on its own
    (``analysis.tagging_columns.KIND_COLUMN``): the same answer without reading the texts again.
    """
    number, ids = pd.factorize(messages["incident"].to_numpy())  # -1 outside incidents
    inside = number >= 0
    if not inside.any():
        return _empty_incidents()
    k = len(ids)
    times = messages["timestamp"].to_numpy("datetime64[ns]").astype(np.int64)
    flags = {
        name: messages[name].to_numpy(bool) & inside for name in ("signal", "alarm", "reaction", "closure")
    }

    opener = _first_row(number, times, flags["signal"], k)
    if (opener < 0).any():  # cannot happen after cut_incidents: every incident opens with a signal
        raise ValueError("incident without an opening signal")
    start = times[opener]
    opened_by = facts.author[opener]
    texts = messages["text"]
    table = pd.DataFrame(
        {
            "incident": ids,
            "group": facts.group[opener],
            "start": start.astype("datetime64[ns]"),
            "opened_by": opened_by,
            "opening_text": texts.iloc[opener].to_numpy(),
        }
    )
    table["opened_by"] = table["opened_by"].where(messages["author"].iloc[opener].notna().to_numpy(bool))
    if kinds is not None:
        table["type"] = _types_from_kinds(messages, number, opener, kinds)
    else:
        table["type"] = _types(messages, number, opener, table, classifiers)

    alarm_first = _first_time(number, times, flags["alarm"], k)
    table["first_alarm_at"] = _as_time(alarm_first)
    table["minutes_to_112"] = _minutes(start, alarm_first)
    by_reporter = flags["alarm"] & (facts.author == opened_by[np.maximum(number, 0)])
    reporter_first = _first_time(number, times, by_reporter, k)
    together = rules.together_minutes * NS_PER_MINUTE
    table["saar_order"] = (alarm_first <= start) | (reporter_first <= start + together)
    table["alarm_messages"] = np.bincount(number[flags["alarm"]], minlength=k)

    reaction_first = _first_time(number, times, flags["reaction"], k)
    table["first_reaction_at"] = _as_time(reaction_first)
    table["minutes_to_reaction"] = _minutes(start, reaction_first)
    table["reactors"] = _distinct_authors(number, facts.author, flags["reaction"], k)

    closure = _first_row(number, times, flags["closure"], k)
    closed = closure >= 0
    closed_times = np.where(closed, times[np.maximum(closure, 0)], _NEVER)
    # a caller confirmed 112 while it ran: the closing "politie is geweest" (an alarm by the guide: the police
    # were informed) or a later one says the police came, not that the writer called
    while_open = flags["alarm"] & ~flags["closure"] & (times <= closed_times[np.maximum(number, 0)])
    table["callers"] = _distinct_authors(number, facts.author, while_open, k)
    table["closed_at"] = _as_time(closed_times)
    table["minutes_to_closure"] = _minutes(start, closed_times)
    outcome = np.full(k, None)
    outcome[closed] = texts.iloc[closure[closed]].to_numpy()
    table["outcome"] = outcome
    last = np.full(k, np.iinfo(np.int64).min)
    np.maximum.at(last, number[inside], times[inside])
    table["end"] = last.astype("datetime64[ns]")
    table["messages"] = np.bincount(number[inside])  # every incident has its report: k numbers
    table["violations"] = np.bincount(
        number[inside], weights=facts.violation_count[inside], minlength=k
    ).astype(np.int64)
    present = {code: np.bincount(number[inside & flag], minlength=k) > 0 for code, flag in facts.code.items()}
    table["violation_codes"] = pd.Series(
        [tuple(code for code in VIOLATIONS if present[code][i]) for i in range(k)], dtype=object
    )
    table = table.sort_values(["group", "start"], kind="stable")
    return table.astype(INCIDENT_DTYPES)[list(INCIDENT_COLUMNS)].reset_index(drop=True)


_NEVER = np.iinfo(np.int64).max
_NO_ROW = -1  # no message of the kind asked for
_NAT = np.iinfo(np.int64).min


def _first_time(number: np.ndarray, times: np.ndarray, chosen: np.ndarray, k: int) -> np.ndarray:
    """Per incident, the earliest time (ns) of the chosen rows; _NEVER where there is none."""
    first = np.full(k, _NEVER)
    np.minimum.at(first, number[chosen], times[chosen])
    return first


def _first_row(number: np.ndarray, times: np.ndarray, chosen: np.ndarray, k: int) -> np.ndarray:
    """Per incident, the row of the earliest chosen message (the first in file order on ties), or _NO_ROW."""
    rows = np.flatnonzero(chosen)
    rows = rows[np.lexsort((rows, times[rows], number[rows]))]
    found = np.full(k, _NO_ROW)
    numbers, first = np.unique(number[rows], return_index=True)
    found[numbers] = rows[first]
    return found


def _distinct_authors(number: np.ndarray, authors: np.ndarray, chosen: np.ndarray, k: int) -> np.ndarray:
    """Per incident, how many different members wrote the chosen messages."""
    rows = np.flatnonzero(chosen)
    if len(rows) == 0:
        return np.zeros(k, dtype=np.int64)
    codes, names = pd.factorize(authors[rows])
    pairs = np.unique(number[rows] * len(names) + codes)
    return np.bincount(pairs // len(names), minlength=k)


def _as_time(nanoseconds: np.ndarray) -> np.ndarray:
    """Times from nanoseconds; _NEVER becomes NaT (numpy's NaT is the smallest int64)."""
    return np.where(nanoseconds == _NEVER, _NAT, nanoseconds).astype("datetime64[ns]")


def _minutes(start: np.ndarray, later: np.ndarray) -> np.ndarray:
    """Minutes from the report to a later moment, never below 0 (an earlier 112 call counts as 0)."""
    minutes = np.maximum((later - start) / NS_PER_MINUTE, 0.0)
    return np.where(later == _NEVER, np.nan, minutes)


def _types(
    messages: pd.DataFrame,
    number: np.ndarray,
    opener: np.ndarray,
    table: pd.DataFrame,
    classifiers: Mapping[str, IncidentClassifier],
) -> list[str]:
    """Incident type per incident: the opening report first, then its updates (not its chit-chat)."""
    text = messages["text"]
    updates = np.flatnonzero(messages["update"].to_numpy(bool) & (number >= 0))
    updates = updates[np.argsort(number[updates], kind="stable")]  # rows are in file order within
    update_texts = text.iloc[updates].fillna("").to_numpy(object)
    bounds = np.searchsorted(number[updates], np.arange(len(opener) + 1))
    openings = text.iloc[opener].fillna("").to_numpy(object)
    kinds = [
        classifiers[group]([str(openings[i])] + [t for t in update_texts[bounds[i] : bounds[i + 1]] if t])
        for i, group in enumerate(table["group"])
    ]
    return kinds


def _types_from_kinds(
    messages: pd.DataFrame, number: np.ndarray, opener: np.ndarray, kinds: np.ndarray
) -> np.ndarray:
    """Incident type per incident from the per-message types: the opening report's, else the most
    specific one among its updates (the lexicon's order), else "overig"."""
    from analysis.lexicon import load_lexicon

    order = load_lexicon().incident_order
    rank = np.array([order.index(kind) if kind in order else len(order) for kind in INCIDENT_TYPES])
    opening = kinds[opener]
    updates = np.flatnonzero(messages["update"].to_numpy(bool) & (number >= 0) & (kinds >= 0))
    best = np.full(len(opener), INCIDENT_TYPES.index("overig"), dtype=np.int64)
    if len(updates):
        update_rank = rank[kinds[updates]]
        order_of = np.lexsort((update_rank, number[updates]))
        first = np.unique(number[updates][order_of], return_index=True)
        best[first[0]] = kinds[updates][order_of][first[1]]
    chosen = np.where(opening >= 0, opening, best)
    return np.array(INCIDENT_TYPES)[chosen]


def _empty_incidents() -> pd.DataFrame:
    """The incident table without rows but with every column and its dtype."""
    return pd.DataFrame({name: pd.Series(dtype=INCIDENT_DTYPES[name]) for name in INCIDENT_COLUMNS})
