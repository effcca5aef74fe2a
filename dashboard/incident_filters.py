"""Which incidents the Meldingen table shows: filters, search, order and the page. No Streamlit here.

The page (``app_pages/meldingen.py``) reads its widgets into an ``IncidentQuery`` and calls
``select``; the rows it gets back are the table. Every function is plain pandas, so the choices a
coordinator makes are unit-tested without a browser (``tests/dashboard/test_incident_filters.py``).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

#: Rows per page: a month of five groups usually fits on one page; 300 incidents make 15 pages.
PAGE_SIZE = 20
#: The orders a coordinator can choose; the first is the default.
SORTS = ("newest", "oldest", "slowest_112", "slowest_reaction")
#: What the search box looks in.
SEARCH_COLUMNS = ("type", "outcome", "group", "opening_text")


@dataclass(frozen=True)
class IncidentQuery:
    """The coordinator's choices above the table; the defaults show every incident, newest first."""

    without_112: bool = False  # only incidents nobody confirmed a 112 call for
    not_closed: bool = False  # only incidents without a closing message (the thread ran out)
    types: tuple[str, ...] = ()  # incident types to keep; empty keeps all
    groups: tuple[str, ...] = ()  # groups to keep; empty keeps all
    search: str = ""  # words that must all occur in type, outcome, group or opening text
    sort: str = SORTS[0]


@dataclass(frozen=True)
class IncidentPage:
    """One page of the filtered, ordered incidents."""

    rows: pd.DataFrame  # the incidents on this page, in table order, index 0..n-1
    matched: int  # incidents that pass the filters (on all pages)
    page: int  # 1-based, within 1..pages
    pages: int  # at least 1, also when nothing matched
    first: int  # 1-based position of the page's first row among the matched (0 when none)
    last: int  # 1-based position of the page's last row (0 when none)

    @property
    def ids(self) -> list[str]:
        return self.rows["incident"].tolist()


def fold(text: object) -> str:
    """Text for comparison: lower case, accents dropped ("Geïnformeerd" matches "geinformeerd")."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):  # type: ignore[arg-type]
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_words(search: str) -> list[str]:
    return [word for word in fold(search).split() if word]


def search_mask(incidents: pd.DataFrame, search: str) -> pd.Series:
    """True for incidents in whose type, outcome, group or opening text every word of ``search`` occurs."""
    words = search_words(search)
    if not words:
        return pd.Series(True, index=incidents.index)
    haystack = pd.Series("", index=incidents.index, dtype=object)
    for column in SEARCH_COLUMNS:
        haystack = haystack + " " + incidents[column].map(fold)
    mask = pd.Series(True, index=incidents.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return mask


def filter_incidents(incidents: pd.DataFrame, query: IncidentQuery) -> pd.DataFrame:
    """The incidents that pass every filter of ``query`` (order unchanged)."""
    mask = pd.Series(True, index=incidents.index)
    if query.without_112:
        mask &= incidents["first_alarm_at"].isna()
    if query.not_closed:
        mask &= incidents["closed_at"].isna()
    if query.types:
        mask &= incidents["type"].isin(set(query.types))
    if query.groups:
        mask &= incidents["group"].isin(set(query.groups))
    if query.search.strip():
        mask &= search_mask(incidents, query.search)
    return incidents[mask.to_numpy(dtype=bool)]


def sort_incidents(incidents: pd.DataFrame, sort: str) -> pd.DataFrame:
    """Incidents in the chosen order; ties by start (newest first), then by id, so pages are stable.

    "slowest_112" and "slowest_reaction" put the incidents that never got a 112 confirmation
    (a reaction) first: for a review those are the slowest of all.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown order {sort!r}; one of {SORTS}")
    if sort in ("newest", "oldest"):
        ascending = sort == "oldest"
        return incidents.sort_values(["start", "incident"], ascending=[ascending, True], kind="stable")
    column = "minutes_to_112" if sort == "slowest_112" else "minutes_to_reaction"
    frame = incidents.assign(_missing=incidents[column].isna(), _minutes=incidents[column].fillna(0.0))
    ordered = frame.sort_values(
        ["_missing", "_minutes", "start", "incident"], ascending=[False, False, False, True], kind="stable"
    )
    return ordered.drop(columns=["_missing", "_minutes"])


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / size))


def page_of(ordered_ids: Sequence[str], incident: str | None, size: int = PAGE_SIZE) -> int | None:
    """The 1-based page on which ``incident`` stands in ``ordered_ids``; None when it is not there."""
    if incident is None:
        return None
    try:
        return list(ordered_ids).index(incident) // size + 1
    except ValueError:
        return None


def ordered(incidents: pd.DataFrame, query: IncidentQuery) -> pd.DataFrame:
    """Filtered and sorted: every page of the table, before paging."""
    return sort_incidents(filter_incidents(incidents, query), query.sort)


def select(
    incidents: pd.DataFrame, query: IncidentQuery, page: int = 1, size: int = PAGE_SIZE
) -> IncidentPage:
    """Filter, sort and cut out page ``page`` (clamped to the pages there are)."""
    return cut(ordered(incidents, query), page, size)


def cut(matched: pd.DataFrame, page: int = 1, size: int = PAGE_SIZE) -> IncidentPage:
    """Page ``page`` (clamped to the pages there are) of incidents already filtered and sorted."""
    pages = page_count(len(matched), size)
    page = min(max(1, int(page)), pages)
    start = (page - 1) * size
    rows = matched.iloc[start : start + size].reset_index(drop=True)
    return IncidentPage(
        rows=rows,
        matched=len(matched),
        page=page,
        pages=pages,
        first=start + 1 if len(rows) else 0,
        last=start + len(rows),
    )


def type_options(incidents: pd.DataFrame) -> list[str]:
    """The incident types to offer in the filter, alphabetically."""
    return sorted({str(value) for value in incidents["type"].dropna()}, key=fold)
