"""Complementary suppression in the Effectiviteitsrapport: a "<3" cannot be recomputed from a total.

The reader modelled here knows the rules: "<3" is 1 or 2, a complementary "x" is a count of at least
3 (zeros and "<3" cells are never hidden as "x"), and a total is the sum of the cells of its line.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.reports.effectiveness as effectiveness
from analysis.model import Analysis
from analysis.reports import effectiveness_report
from analysis.reports.formatting import protect_line, protect_margins, small
from tests.test_reports_support import (
    GROUP_A,
    GROUP_B,
    NAMES_A,
    NAMES_B,
    _group_messages,
    _incidents,
    _members,
    _messages,
    _months,
)

GROUP_C = "Buurtwacht Rivierenwijk"
NAMES_C = ("Ilse Smit", "Mo Haddou", "Jan Visser", "Eva Mulder")
SMALL, HIDDEN, TOTAL = "<3", "x", "Totaal"
#: incidents per group and month: group C has only 2, the others more
INCIDENTS = {
    GROUP_A: {"2024-01": 3, "2024-02": 4, "2024-03": 5},
    GROUP_B: {"2024-01": 4, "2024-02": 3, "2024-03": 6},
    GROUP_C: {"2024-01": 2, "2024-02": 0, "2024-03": 0},
}


def _analysis() -> Analysis:
    """Three groups built like `make_analysis`; group C reports 2 incidents, A and B 12 and 13."""
    rows = _group_messages(GROUP_A, NAMES_A, INCIDENTS[GROUP_A])
    rows += _group_messages(GROUP_B, NAMES_B, INCIDENTS[GROUP_B])
    rows += _group_messages(GROUP_C, NAMES_C, INCIDENTS[GROUP_C])
    rows.sort(key=lambda r: (r["group"], r["timestamp"]))
    messages = _messages(rows)
    incidents = _incidents(messages)
    members = _members(messages)
    months = _months(messages, incidents, members)
    signal_hours = pd.DataFrame(columns=["group", "weekday", "hour", "signals"])
    sizes = members.groupby("group").size().rename("members").reset_index().assign(cap=100)
    sizes["over_cap"] = sizes["members"] > sizes["cap"]
    leavers = pd.DataFrame(columns=["group", "member", "left_at", "burst_start", "burst_messages"])
    return Analysis(messages, incidents, members, months, signal_hours, leavers, sizes)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return _analysis()


@pytest.fixture(scope="module")
def report(analysis):
    return effectiveness_report(analysis, "2024-01", "2024-03")


@pytest.fixture(scope="module")
def unprotected(analysis):
    """The same report with only the "<3" rule, as it was before complementary suppression."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(effectiveness, "protect_margins", lambda frame, **_: frame)
        return effectiveness_report(analysis, "2024-01", "2024-03")


def _possible_values(cells: list[object], total: int, smallest_rule: bool) -> list[set[int]]:
    """Every value each hidden cell can take given the shown cells and the total (brute force).

    With ``smallest_rule`` the reader also uses that an "x" was the smallest shown cell of its line,
    so it is at most the smallest non-zero cell still shown."""
    shown = [int(c) for c in cells if not isinstance(c, str) and c > 0]
    ceiling = min([total, *shown]) if smallest_rule else total
    domains = []
    for cell in cells:
        if cell == SMALL:
            domains.append(range(1, 3))
        elif cell == HIDDEN:
            domains.append(range(3, ceiling + 1))
        else:
            domains.append(range(int(cell), int(cell) + 1))
    possible: list[set[int]] = [set() for _ in cells]

    def walk(i: int, chosen: list[int]) -> None:
        if sum(chosen) > total:
            return
        if i == len(cells):
            if sum(chosen) == total:
                for k, value in enumerate(chosen):
                    possible[k].add(value)
            return
        for value in domains[i]:
            walk(i + 1, [*chosen, value])

    walk(0, [])
    return [p for p, cell in zip(possible, cells, strict=True) if cell in (SMALL, HIDDEN)]


def _assert_nothing_recoverable(cells: list[object], total: object, smallest_rule: bool = False) -> None:
    if total == HIDDEN:
        return  # a hidden total gives nothing to subtract from
    totals = (1, 2) if total == SMALL else (int(total),)
    per_total = [_possible_values(cells, t, smallest_rule) for t in totals]
    possible = [set().union(*v) for v in zip(*per_total, strict=True)]
    for values in possible:
        assert len(values) >= 2, (cells, total, values)


def _lines(table) -> list[tuple[list[object], object]]:
    """Every line of counts that adds up to a shown total: columns above a Totaal row, rows left of a
    Totaal column."""
    frame = table.frame
    counts = [c for c in frame.columns if table.formats.get(c) == "int"]
    lines = []
    if (frame.iloc[:, 0] == TOTAL).any():
        body, last = frame.iloc[:-1], frame.iloc[-1]
        lines += [(list(body[c]), last[c]) for c in counts]
    if TOTAL in frame.columns:
        parts = [c for c in counts if c != TOTAL]
        lines += [(list(row[parts]), row[TOTAL]) for _, row in frame.iterrows()]
    return lines


def _tables(report) -> dict[str, object]:
    return {t.title: t for s in report.sections for t in s.tables}


def test_no_small_cell_can_be_recomputed_from_a_total(report) -> None:
    lines = [line for table in _tables(report).values() for line in _lines(table)]
    assert len(lines) > 10  # overview columns, the month table both ways, rules per group
    assert any(SMALL in cells for cells, _ in lines)
    for cells, total in lines:
        _assert_nothing_recoverable(cells, total)


def test_the_small_group_is_protected_in_every_table(report) -> None:
    tables = _tables(report)
    overview = tables["Meldingen en 112 per groep"].frame.set_index("Groep")
    assert overview.loc[GROUP_C, "Meldingen"] == SMALL
    assert overview.loc[GROUP_A, "Meldingen"] == HIDDEN  # 12 < 13: the next smallest
    assert overview.loc[GROUP_B, "Meldingen"] == 13 and overview.loc[TOTAL, "Meldingen"] == 27
    assert overview.loc[GROUP_A, "Meldingen per maand"] == HIDDEN  # 12 / 3 months would give it back
    assert overview.loc[GROUP_A, "Meldingen per 1.000 leden per maand"] == HIDDEN
    per_month = tables["Meldingen per groep per maand"].frame.set_index("Groep")
    assert per_month.loc[GROUP_C, "jan 2024"] == SMALL
    assert per_month.loc[GROUP_A, "jan 2024"] == HIDDEN  # 3 < 4
    assert per_month.loc[GROUP_B, "jan 2024"] == 4 and per_month.loc[TOTAL, "jan 2024"] == 9
    # the same incident counts in every table, so one table cannot undo another
    assert list(per_month[TOTAL].iloc[:-1]) == list(overview["Meldingen"].iloc[:-1])
    trend = tables["Alle groepen per maand"].frame
    assert list(trend["Meldingen"]) == list(per_month.iloc[-1, :-1])


def test_only_cells_are_added_and_shown_values_stay(report, unprotected) -> None:
    added = 0
    pairs = zip(_tables(report).values(), _tables(unprotected).values(), strict=True)
    for protected_table, plain_table in pairs:
        protected, plain = protected_table.frame, plain_table.frame
        assert list(protected.columns) == list(plain.columns)
        for column in protected.columns:
            for now, before in zip(protected[column], plain[column], strict=True):
                if now == HIDDEN and before != HIDDEN:
                    assert not isinstance(before, str)  # only a shown number becomes "x"
                    added += 1
                elif not (pd.isna(now) and pd.isna(before)):
                    assert now == before, (protected_table.title, column)
    assert added >= 4


def test_two_groups_with_few_incidents_hide_their_total_when_it_would_give_them_away() -> None:
    # 2 + 2 = 4 with nothing else to hide: both would be 2, so the total goes
    cells, total = protect_line([SMALL, SMALL, 0], 4)
    assert cells == [SMALL, SMALL, 0] and total == HIDDEN
    # "<3" + "<3" under a "<3" total: both are 1
    assert protect_line([SMALL, SMALL], SMALL) == ([SMALL, SMALL], HIDDEN)
    # one "<3" under a "<3" total: 1 or 2, nothing to add
    assert protect_line([SMALL, 0], SMALL) == ([SMALL, 0], SMALL)


def test_the_next_smallest_cell_is_hidden_until_nothing_is_pinned() -> None:
    assert protect_line([SMALL, 7, 5, 9], 23) == ([SMALL, 7, HIDDEN, 9], 23)
    assert protect_line([0, 4, 6], 10) == ([0, 4, 6], 10)  # nothing hidden: nothing to add
    # 1 + x = 4 with x >= 3 would give x = 3 and "<3" = 1; also 1 + 3 + 3 pins both 3s
    cells, total = protect_line([SMALL, 3, 3, 50], 57)
    assert cells == [SMALL, HIDDEN, HIDDEN, HIDDEN] and total == 57
    _assert_nothing_recoverable(cells, total, smallest_rule=True)


def test_margins_protect_rows_and_columns_together() -> None:
    numbers = pd.DataFrame([[2, 5, 0], [4, 3, 6], [6, 8, 6]])
    numbers[3] = numbers.sum(axis=1)
    numbers.loc[3] = numbers.sum(axis=0)
    shown = protect_margins(numbers.map(small), total_row=True, total_column=True)
    assert shown.iat[0, 0] == SMALL
    for r in range(4):
        _assert_nothing_recoverable(list(shown.iloc[r, :3]), shown.iat[r, 3])
    for c in range(4):
        _assert_nothing_recoverable(list(shown.iloc[:3, c]), shown.iat[3, c])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6))
def test_any_line_of_counts_is_protected(values: list[int]) -> None:
    total = sum(values)
    cells, shown_total = protect_line([small(v) for v in values], small(total))
    for value, cell in zip(values, cells, strict=True):
        assert cell in (SMALL, HIDDEN) or cell == value  # shown cells keep their value
        assert cell != HIDDEN or value >= 3  # "x" is never a 0 and never a "<3"
    assert shown_total in (small(total), HIDDEN)
    _assert_nothing_recoverable(cells, shown_total, smallest_rule=True)
