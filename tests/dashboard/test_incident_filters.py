"""The Meldingen table's choices without Streamlit: filters, search, order, pages (incident_filters)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
import parsers
from dashboard.incident_filters import (
    PAGE_SIZE,
    SORTS,
    IncidentQuery,
    cut,
    filter_incidents,
    fold,
    ordered,
    page_count,
    page_of,
    search_mask,
    select,
    sort_incidents,
    type_options,
)
from dashboard.texts import t

TYPES = ("inbraak", "verdacht persoon", "verdacht voertuig", "brand of medisch", "babbeltruc")
GROUPS = ("Buurtpreventie Vogelwijk", "Buurtapp Stationsbuurt", "Regiegroep Oosterveld")


def incidents(count: int = 300) -> pd.DataFrame:
    """``count`` incidents shaped like ``Analysis.incidents``: one every 3 hours, every 3rd without 112,
    every 4th not closed, every 5th without a reaction; types and groups in turn."""
    start = pd.Series(pd.Timestamp("2026-01-01 00:10") + pd.to_timedelta(np.arange(count) * 3, unit="h"))
    number = np.arange(count)
    to_112 = pd.Series((number % 7) * 1.5, dtype=float).where(number % 3 != 0)
    to_reaction = pd.Series((number % 11) * 1.0 + 0.5, dtype=float).where(number % 5 != 0)
    closed = number % 4 != 0
    frame = pd.DataFrame(
        {
            "incident": [f"{GROUPS[i % 3]}#{s:%Y-%m-%d}#{i}" for i, s in zip(number, start, strict=True)],
            "group": [GROUPS[i % 3] for i in number],
            "start": start,
            "opened_by": [f"Lid {i:03d}" for i in number],
            "opening_text": [f"Melding nummer {i} bij de garages" for i in number],
            "type": [TYPES[i % len(TYPES)] for i in number],
            "first_alarm_at": start + pd.to_timedelta(to_112, unit="min"),
            "minutes_to_112": to_112,
            "minutes_to_reaction": to_reaction,
            "closed_at": (start + pd.Timedelta(minutes=30)).where(closed),
            "outcome": pd.Series([f"Politie ter plaatse, afloop {i}" for i in number], dtype="string").where(
                closed
            ),
        }
    )
    for column in ("incident", "group", "opened_by", "opening_text", "type"):
        frame[column] = frame[column].astype("string")
    return frame


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return incidents()


# ---------------------------------------------------------------- filters


def test_no_filter_keeps_every_incident(frame: pd.DataFrame) -> None:
    assert len(filter_incidents(frame, IncidentQuery())) == len(frame)


def test_without_112_keeps_only_incidents_nobody_confirmed(frame: pd.DataFrame) -> None:
    kept = filter_incidents(frame, IncidentQuery(without_112=True))
    assert len(kept) == 100
    assert kept["first_alarm_at"].isna().all() and kept["minutes_to_112"].isna().all()


def test_not_closed_keeps_only_threads_that_ran_out(frame: pd.DataFrame) -> None:
    kept = filter_incidents(frame, IncidentQuery(not_closed=True))
    assert len(kept) == 75
    assert kept["closed_at"].isna().all() and kept["outcome"].isna().all()


def test_filters_combine(frame: pd.DataFrame) -> None:
    query = IncidentQuery(without_112=True, not_closed=True, types=("inbraak",), groups=(GROUPS[0],))
    kept = filter_incidents(frame, query)
    number = frame.index.to_numpy()
    expected = frame[(number % 3 == 0) & (number % 4 == 0) & (number % 5 == 0)]
    assert kept["incident"].tolist() == expected["incident"].tolist()
    assert (kept["type"] == "inbraak").all() and (kept["group"] == GROUPS[0]).all()


def test_several_types_and_groups_are_alternatives(frame: pd.DataFrame) -> None:
    kept = filter_incidents(frame, IncidentQuery(types=("inbraak", "babbeltruc"), groups=GROUPS[:2]))
    assert set(kept["type"]) == {"inbraak", "babbeltruc"} and set(kept["group"]) == set(GROUPS[:2])
    assert len(kept) == sum(
        1 for i in range(300) if TYPES[i % 5] in ("inbraak", "babbeltruc") and i % 3 in (0, 1)
    )


def test_an_unknown_type_keeps_nothing(frame: pd.DataFrame) -> None:
    assert filter_incidents(frame, IncidentQuery(types=("overval",))).empty


# ---------------------------------------------------------------- search


def test_search_looks_in_type_outcome_group_and_opening_text(frame: pd.DataFrame) -> None:
    assert search_mask(frame, "babbeltruc").sum() == 60  # type
    closed_with_17 = [i for i in range(300) if i % 4 and "17" in str(i)]  # "afloop" only when closed
    assert search_mask(frame, "afloop 17").sum() == len(closed_with_17) == 11
    assert search_mask(frame, "stationsbuurt").sum() == 100  # group
    assert search_mask(frame, "garages").sum() == 300  # opening text
    assert search_mask(frame, "Lid 007").sum() == 0, "who reported is not searched (names)"


def test_search_needs_every_word_ignores_case_and_accents(frame: pd.DataFrame) -> None:
    every = search_mask(frame, "  VOGELWIJK   Inbraak ")
    assert every.sum() == len(frame[(frame["group"] == GROUPS[0]) & (frame["type"] == "inbraak")])
    accented = frame.assign(outcome=frame["outcome"].str.replace("Politie", "Politié"))
    assert search_mask(accented, "politie").sum() == search_mask(frame, "politie").sum() == 225
    assert fold("Geïnformeerd") == "geinformeerd"
    assert search_mask(frame, "").all() and search_mask(frame, "   ").all()


def test_search_is_safe_with_missing_text_and_regex_characters(frame: pd.DataFrame) -> None:
    assert search_mask(frame, "afloop").sum() == 225  # the 75 open incidents have no outcome
    assert search_mask(frame, "(.*").sum() == 0
    assert filter_incidents(frame, IncidentQuery(search="[")).empty


# ---------------------------------------------------------------- order


def test_default_order_is_newest_first(frame: pd.DataFrame) -> None:
    shown = sort_incidents(frame, "newest")
    assert shown["start"].is_monotonic_decreasing
    assert sort_incidents(frame, "oldest")["start"].is_monotonic_increasing
    assert IncidentQuery().sort == "newest" == SORTS[0]


def test_slowest_112_puts_incidents_without_112_first(frame: pd.DataFrame) -> None:
    shown = sort_incidents(frame, "slowest_112")
    missing = shown["minutes_to_112"].isna().to_numpy()
    assert missing[:100].all() and not missing[100:].any()
    assert shown["start"].iloc[:100].is_monotonic_decreasing, "ties: newest first"
    assert shown["minutes_to_112"].iloc[100:].is_monotonic_decreasing


def test_slowest_reaction_puts_incidents_without_reaction_first(frame: pd.DataFrame) -> None:
    shown = sort_incidents(frame, "slowest_reaction")
    assert shown["minutes_to_reaction"].iloc[:60].isna().all()
    assert shown["minutes_to_reaction"].iloc[60:].is_monotonic_decreasing
    assert list(shown.columns) == list(frame.columns), "no helper columns left behind"


def test_equal_starts_keep_a_stable_order(frame: pd.DataFrame) -> None:
    twins = frame.assign(start=pd.Timestamp("2026-03-01 12:00"))
    assert sort_incidents(twins, "newest")["incident"].tolist() == sorted(twins["incident"])


def test_unknown_order_fails_loudly(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError):
        sort_incidents(frame, "random")


def test_every_order_has_a_dutch_label() -> None:
    for order in SORTS:
        assert t(f"meldingen.sort_{order}")


# ---------------------------------------------------------------- pages


def test_300_incidents_make_pages_that_cover_each_incident_once(frame: pd.DataFrame) -> None:
    query = IncidentQuery()
    first = select(frame, query)
    assert first.pages == page_count(300) == 15 and first.matched == 300
    assert len(first.rows) == PAGE_SIZE and (first.first, first.last) == (1, PAGE_SIZE)
    seen = [row for number in range(1, first.pages + 1) for row in select(frame, query, number).ids]
    assert seen == ordered(frame, query)["incident"].tolist()
    assert len(set(seen)) == 300
    last = select(frame, query, 15)
    assert (last.first, last.last) == (281, 300)
    assert list(last.rows.index) == list(range(PAGE_SIZE)), "row positions match the table's"


def test_a_page_out_of_range_is_clamped(frame: pd.DataFrame) -> None:
    assert select(frame, IncidentQuery(), 0).page == 1
    assert select(frame, IncidentQuery(), 99).page == 15
    filtered = select(frame, IncidentQuery(without_112=True), 12)
    assert (filtered.page, filtered.pages, filtered.matched, filtered.last) == (5, 5, 100, 100)


def test_nothing_matched_is_one_empty_page(frame: pd.DataFrame) -> None:
    page = select(frame, IncidentQuery(search="bestaat niet"), 3)
    assert (page.page, page.pages, page.matched, page.first, page.last) == (1, 1, 0, 0, 0)
    assert page.rows.empty and page.ids == []


def test_cut_pages_what_is_already_ordered(frame: pd.DataFrame) -> None:
    query = IncidentQuery(not_closed=True, sort="oldest")
    page = cut(ordered(frame, query), 2)
    assert page.ids == select(frame, query, 2).ids
    assert (page.page, page.pages, page.matched, page.first, page.last) == (2, 4, 75, 21, 40)


def test_page_of_finds_the_page_of_an_incident(frame: pd.DataFrame) -> None:
    ids = ordered(frame, IncidentQuery())["incident"].tolist()
    assert page_of(ids, ids[0]) == 1
    assert page_of(ids, ids[PAGE_SIZE]) == 2
    assert page_of(ids, ids[-1]) == 15
    assert page_of(ids, "elders#2020-01-01#1") is None and page_of(ids, None) is None
    assert page_count(0) == 1 and page_count(20) == 1 and page_count(21) == 2


def test_type_options_are_sorted_and_unique(frame: pd.DataFrame) -> None:
    assert type_options(frame) == sorted(TYPES)


# ---------------------------------------------------------------- on the real analysis


def test_filters_mean_what_the_analysis_means(sample_paths: list[Path]) -> None:
    result = analysis.analyse(parsers.read_chats([(p.read_bytes(), None, p.name) for p in sample_paths]))
    real = result.incidents
    without = filter_incidents(real, IncidentQuery(without_112=True))
    assert 0 < len(without) < len(real)
    assert set(without["incident"]) == set(real.loc[real["minutes_to_112"].isna(), "incident"])
    open_ = filter_incidents(real, IncidentQuery(not_closed=True))
    assert 0 < len(open_) < len(real)
    assert set(open_["incident"]) == set(real.loc[real["outcome"].isna(), "incident"])
    for order in SORTS:
        assert len(select(real, IncidentQuery(sort=order)).rows) == min(PAGE_SIZE, len(real))
    assert set(type_options(real)) == set(real["type"])
