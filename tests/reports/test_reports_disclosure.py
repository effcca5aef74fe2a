"""Small counts in the Effectiviteitsrapport: no "<3" can be worked back, from a total (complementary
suppression) or from any other published number: rates with their denominators, chart data, the
numbers in the summary sentences (docs/reports.md, "Small counts").

The reader modelled here knows the rules: "<3" is 1 or 2, a complementary "x" is a count of at least
3 (zeros and "<3" cells are never hidden as "x"), and a total is the sum of the cells of its line.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reports.effectiveness as effectiveness
from analysis.model import INCIDENT_COLUMNS, MONTH_COLUMNS, VIOLATIONS, Analysis
from reports import effectiveness_report
from reports.formatting import protect_line, protect_margins, small
from reports.texts import short_month_name, text, texts, weekday_names
from tests.reports_support import (
    GROUP_A,
    GROUP_B,
    NAMES_A,
    NAMES_B,
    _group_messages,
    _incidents,
    _members,
    _messages,
    _months,
    make_analysis,
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
        patch.setattr(
            effectiveness,
            "protect_lines",
            lambda values, lines, **_: {k: small(v) for k, v in values.items()},
        )
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


# --- Every published number: tables, chart data and summary sentences, many small reports -----------
#
# Each synthetic analysis below has 1 to 3 groups with 0 to 6 incidents a month (some confirmed 112,
# some in SAAR order, some with several callers, reacted to or closed), few messages, violations and
# members. The reader modelled by ``_Reader`` knows the rules and every sum that holds: a share next to
# its denominator gives its numerator and rest, incidents per month give the incidents, groups add up
# to the total, months to the period, the halves the summary compares to the months, numerator and rest
# to the denominator, the violations per rule to all violations, the weekday x hour cells to all
# incidents, and the members at the start of the period plus joins to those at its end plus leaves and
# removals. It narrows an interval per count over all of these at once until nothing changes; no count
# of 1 or 2 may end up known exactly, and the charts may show nothing the tables do not.

SYNTHETIC_MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")
SYNTHETIC_GROUPS = ("Buurtapp Noord", "Buurtapp Oost", "Buurtapp Zuid")
FIGURES = texts("figures")
INF = math.inf
#: figure -> attribute of a synthetic month (counts that add up over groups and months)
CELL_FIGURES = {
    "incidents": "incidents",
    "alarmed": "alarmed",
    "saar_ordered": "saar",
    "multi_caller_incidents": "multi",
    "messages": "messages",
    "violations_offtopic": "offtopic",
    "violations_not_acute": "not_acute",
    "joins": "joins",
    "leaves": "leaves",
    "removals": "removals",
}


@dataclass(frozen=True)
class _Month:
    """One synthetic group's month."""

    incidents: int
    alarmed: int
    saar: int
    multi: int
    reacted: int
    closed: int
    messages: int
    offtopic: int
    not_acute: int
    joins: int
    leaves: int
    removals: int
    members_end: int


class _Synthetic:
    """A small random analysis (seeded) and a report period within it."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.groups = SYNTHETIC_GROUPS[: rng.choice((1, 2, 2, 3, 3))]
        self.cells: dict[tuple[str, str], _Month] = {}
        self.first_members: dict[str, int] = {}
        for g in self.groups:
            members = self.first_members[g] = rng.randint(0, 8)
            for m in SYNTHETIC_MONTHS:
                n = rng.choice((0, 0, 1, 2, 3, 3, 4, 5, 6))
                alarmed = rng.randint(0, n)
                messages = rng.choice((0, 1, 2, 3, 4, 6, 12, 30))
                offtopic = rng.randint(0, min(messages, 5))
                joins = rng.randint(0, 3)
                leaves = rng.randint(0, min(3, members + joins))
                removals = rng.randint(0, min(2, members + joins - leaves))
                members += joins - leaves - removals
                self.cells[(g, m)] = _Month(
                    incidents=n,
                    alarmed=alarmed,
                    saar=rng.randint(0, alarmed),
                    multi=rng.randint(0, alarmed),
                    reacted=rng.randint(0, n),
                    closed=rng.randint(0, n),
                    messages=messages,
                    offtopic=offtopic,
                    not_acute=rng.randint(0, min(messages - offtopic, 3)),
                    joins=joins,
                    leaves=leaves,
                    removals=removals,
                    members_end=members,
                )
        first = rng.randrange(len(SYNTHETIC_MONTHS))
        last = rng.choice((first, rng.randrange(first, len(SYNTHETIC_MONTHS))))
        self.months = SYNTHETIC_MONTHS[first : last + 1]
        self.analysis = self._analysis()

    def _analysis(self) -> Analysis:
        incidents, months = [], []
        for gi, g in enumerate(self.groups):
            for mi, m in enumerate(SYNTHETIC_MONTHS):
                c = self.cells[(g, m)]
                for k in range(c.incidents):
                    start = pd.Timestamp(f"{m}-01") + pd.Timedelta(
                        days=(3 * k + 7 * gi) % 27, hours=(5 * k + 3 * gi + 9 * mi) % 24
                    )
                    alarmed, ordered = k < c.alarmed, k < c.saar
                    to_112 = 0.0 if ordered else (6.0 + k if alarmed else math.nan)
                    to_reaction = 3.0 + k if k < c.reacted else math.nan
                    to_closure = 15.0 + k if k < c.closed else math.nan
                    incidents.append(
                        {
                            "incident": f"{g}#{start:%Y-%m-%d}#{k}",
                            "group": g,
                            "start": start,
                            "opened_by": "Lid",
                            "opening_text": "Verdachte man",
                            "type": "overig",
                            "first_alarm_at": start if alarmed else pd.NaT,
                            "minutes_to_112": to_112,
                            "saar_order": ordered,
                            "alarm_messages": int(alarmed),
                            "callers": 2 if k < c.multi else int(alarmed),
                            "first_reaction_at": pd.NaT,
                            "minutes_to_reaction": to_reaction,
                            "reactors": int(k < c.reacted),
                            "closed_at": pd.NaT,
                            "minutes_to_closure": to_closure,
                            "outcome": pd.NA,
                            "end": start + pd.Timedelta(minutes=30),
                            "messages": 3,
                            "violations": 0,
                            "violation_codes": (),
                        }
                    )
                row: dict[str, object] = dict.fromkeys(MONTH_COLUMNS, 0)
                row.update(
                    group=g,
                    month=m,
                    messages=c.messages,
                    incidents=c.incidents,
                    violations=c.offtopic + c.not_acute,
                    violations_offtopic=c.offtopic,
                    violations_not_acute=c.not_acute,
                    violations_per_100=100 * (c.offtopic + c.not_acute) / max(c.messages, 1),
                    offtopic_share=c.offtopic / max(c.messages, 1),
                    members_end=c.members_end,
                    joins=c.joins,
                    leaves=c.leaves,
                    removals=c.removals,
                    active_members=min(c.members_end, 2),
                )
                months.append(row)
        frame = pd.DataFrame(incidents, columns=list(INCIDENT_COLUMNS))
        for column in ("start", "first_alarm_at", "first_reaction_at", "closed_at", "end"):
            frame[column] = pd.to_datetime(frame[column])
        for column in ("minutes_to_112", "minutes_to_reaction", "minutes_to_closure"):
            frame[column] = frame[column].astype(float)
        frame["saar_order"] = frame["saar_order"].astype(bool)
        frame["callers"] = frame["callers"].astype(int)
        empty = pd.DataFrame(
            {"group": pd.Series(dtype="string"), "timestamp": pd.Series(dtype="datetime64[ns]")}
        )
        return Analysis(
            messages=empty,
            incidents=frame,
            members=pd.DataFrame({"group": pd.Series(dtype="string")}),
            months=pd.DataFrame(months, columns=list(MONTH_COLUMNS)),
            signal_hours=pd.DataFrame(columns=["group", "weekday", "hour", "signals"]),
            offtopic_leavers=pd.DataFrame(
                columns=["group", "member", "left_at", "burst_start", "burst_messages"]
            ),
            group_sizes=pd.DataFrame(
                {"group": list(self.groups), "members": 5, "cap": 100, "over_cap": False}
            ),
        )

    def truth(self, key: tuple) -> float:
        """The true value of a count the reader may learn something about."""
        figure, groups, months = key
        cells = [self.cells[(g, m)] for g in groups for m in months]
        if figure in CELL_FIGURES:
            return sum(getattr(c, CELL_FIGURES[figure]) for c in cells)
        if figure in ("no_alarm_incidents", "not_saar_ordered"):
            part = "alarmed" if figure == "no_alarm_incidents" else "saar_ordered"
            return self.truth(("incidents", groups, months)) - self.truth((part, groups, months))
        if figure == "violations":
            return sum(c.offtopic + c.not_acute for c in cells)
        if figure == "not_offtopic":
            return self.truth(("messages", groups, months)) - self.truth(
                ("violations_offtopic", groups, months)
            )
        if figure.startswith("violations_"):
            return 0  # codes the synthetic groups never break
        if figure == "members_end":
            return sum(self.cells[(g, months[-1])].members_end for g in groups)
        if figure == "members_start":  # at the end of the month before the period
            earlier = [m for m in SYNTHETIC_MONTHS if m < months[0]]
            if not earlier:
                return sum(self.first_members[g] for g in groups)
            return self.truth(("members_end", groups, (earlier[-1],)))
        if figure == "members_flow":  # members at the start plus the joins
            return self.truth(("members_start", groups, months)) + self.truth(("joins", groups, months))
        if figure.startswith("timing "):
            _, day, block = figure.split(" ", 2)
            starts = self.analysis.incidents
            starts = starts[starts["start"].dt.strftime("%Y-%m").isin(months)]["start"]
            days = weekday_names()
            blocks = [f"{h:02d}-{h + 4:02d}" for h in range(0, 24, 4)]
            return int(
                (
                    (starts.dt.day_of_week == days.index(day)) & (starts.dt.hour // 4 == blocks.index(block))
                ).sum()
            )
        raise KeyError(figure)


class _Reader:
    """What a reader who knows the rules can work out: an interval per count, narrowed by every published
    number and by every sum that holds, over and over until nothing changes."""

    def __init__(self, truth) -> None:
        self.truth = truth
        self.bounds: dict[tuple, tuple[float, float]] = {}
        self.lines: list[tuple[list[tuple], tuple]] = []
        self.exact_small: list[tuple] = []

    def _bound(self, key: tuple, low: float, high: float) -> bool:
        old = self.bounds.get(key, (0.0, INF))
        low = math.ceil(low - 1e-9) if low > -INF else 0.0
        high = math.floor(high + 1e-9) if high < INF else INF
        new = (max(old[0], low), min(old[1], high))
        self.bounds[key] = new
        return new != old

    def read(self, key: tuple, shown: object) -> None:
        """A count as published: a number, "<3", or "x" (at least 3 as a cell; a total "x" can hide a
        "<3" over two "<3")."""
        if isinstance(shown, str):
            assert shown in (SMALL, HIDDEN), (key, shown)
            if shown == SMALL:
                self._bound(key, 1, 2)
            else:
                self._bound(key, 3 if self.truth(key) >= 3 else 1, INF)
        elif not pd.isna(shown):
            self._exact(key, float(shown))

    def _exact(self, key: tuple, value: float) -> None:
        assert math.isclose(value, round(value), abs_tol=1e-6), (key, value)  # a count is whole
        if round(value) in (1, 2):
            self.exact_small.append(key)
        self._bound(key, round(value), round(value))

    def implied(self, key: tuple, rate: object, whole: object, factor: float = 1.0) -> None:
        """A count given by a published figure times a published count (a share times its denominator,
        incidents per month times the months): both shown, the count is known."""
        if isinstance(rate, str) or isinstance(whole, str) or pd.isna(rate) or pd.isna(whole):
            return
        self._exact(key, float(rate) * float(whole) * factor)

    def line(self, cells: list[tuple], total: tuple) -> None:
        self.lines.append((cells, total))

    def solve(self) -> None:
        for _ in range(500):
            changed = False
            for cells, total in self.lines:
                bounds = [self.bounds.get(k, (0.0, INF)) for k in cells]
                low_total, high_total = self.bounds.get(total, (0.0, INF))
                changed |= self._bound(total, sum(b[0] for b in bounds), sum(b[1] for b in bounds))
                for i, key in enumerate(cells):
                    others = bounds[:i] + bounds[i + 1 :]
                    changed |= self._bound(
                        key,
                        low_total - sum(b[1] for b in others),
                        high_total - sum(b[0] for b in others),
                    )
            if not changed:
                return

    def check(self, where: str) -> None:
        for key, (low, high) in self.bounds.items():
            assert low <= self.truth(key) <= high, f"{where}: the reader model is wrong about {key}"
        assert not self.exact_small, f"{where}: published exactly: {self.exact_small}"
        pinned = [k for k, (low, high) in self.bounds.items() if low == high and self.truth(k) in (1, 2)]
        assert not pinned, f"{where}: a count of 1 or 2 can be worked out: {pinned}"


def _numbers(values) -> list[object]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


def _read_tables(report, spec: _Synthetic, reader: _Reader) -> None:
    """Every count of every table, the counts its shares and figures per month give, and its sums."""
    groups, months = spec.groups, spec.months
    total = tuple(groups)
    rows = [(g, (g,)) for g in groups] + ([(TOTAL, total)] if len(groups) > 1 else [])
    tables = _tables(report)
    overview = tables[text("tables", "overview_incidents")].frame.set_index("Groep")
    rules_overview = tables[text("tables", "overview_rules")].frame.set_index("Groep")
    for label, selection in rows:
        key = lambda figure, selection=selection: (figure, selection, months)  # noqa: E731
        row, rule_row = overview.loc[label], rules_overview.loc[label]
        for figure in ("members_end", "incidents", "multi_caller_incidents", "no_alarm_incidents"):
            reader.read(key(figure), row[FIGURES[figure]])
        for figure in ("messages", "joins", "leaves", "removals"):
            reader.read(key(figure), rule_row[FIGURES[figure]])
        n, messages = row[FIGURES["incidents"]], rule_row[FIGURES["messages"]]
        reader.implied(key("incidents"), row[FIGURES["incidents_per_month"]], len(months))
        reader.implied(key("alarmed"), row[FIGURES["alarm_rate"]], n)
        reader.implied(key("saar_ordered"), row[FIGURES["saar_order_rate"]], n)
        reader.implied(key("violations"), rule_row[FIGURES["violations_per_100"]], messages, 0.01)
        reader.implied(key("violations_offtopic"), rule_row[FIGURES["offtopic_share"]], messages)
        reader.line([key("alarmed"), key("no_alarm_incidents")], key("incidents"))
        reader.line([key("saar_ordered"), key("not_saar_ordered")], key("incidents"))
        reader.line([key("violations_offtopic"), key("not_offtopic")], key("messages"))
        reader.line([key(f"violations_{c}") for c in VIOLATIONS], key("violations"))
        # members at the start + joins = members at the end + leaves + removals
        reader.line([key("members_start"), key("joins")], key("members_flow"))
        reader.line([key("members_end"), key("leaves"), key("removals")], key("members_flow"))
    rules = tables[text("tables", "rules")].frame
    codes = {texts("rules")[c].split(" (")[0]: c for c in VIOLATIONS}
    for _, row in rules.iterrows():
        code = codes[row["Regel"]]
        for label, selection in rows:
            reader.read((f"violations_{code}", selection, months), row[label])
    per_month = tables[text("tables", "trend_groups")].frame.set_index("Groep")
    trend = tables[text("tables", "trend_total")].frame.set_index("Maand")
    for m in months:
        column = short_month_name(m)
        for label, selection in rows:
            reader.read(("incidents", selection, (m,)), per_month.loc[label, column])
        row = trend.loc[column]
        reader.read(("incidents", total, (m,)), row[FIGURES["incidents"]])
        reader.read(("members_end", total, (m,)), row[FIGURES["members_end"]])
        reader.implied(("alarmed", total, (m,)), row[FIGURES["alarm_rate"]], row[FIGURES["incidents"]])
        reader.line(
            [("alarmed", total, (m,)), ("no_alarm_incidents", total, (m,))], ("incidents", total, (m,))
        )
    for label, selection in rows:
        reader.read(("incidents", selection, months), per_month.loc[label, TOTAL])
    timing = tables[text("tables", "timing")].frame.set_index("Dag")
    cells = []
    for day in timing.index:
        for block in timing.columns:
            cells.append((f"timing {day} {block}", total, months))
            reader.read(cells[-1], timing.at[day, block])
    reader.line(cells, ("incidents", total, months))
    # sums: groups to their total, months to the period
    if len(groups) > 1:
        for figure in (
            *CELL_FIGURES,
            "no_alarm_incidents",
            "not_saar_ordered",
            "violations",
            "not_offtopic",
            "members_end",
            *(f"violations_{c}" for c in VIOLATIONS),
        ):
            reader.line([(figure, (g,), months) for g in groups], (figure, total, months))
        for m in months:
            reader.line([("incidents", (g,), (m,)) for g in groups], ("incidents", total, (m,)))
    if len(months) > 1:
        for selection in [(g,) for g in groups] + [total]:
            reader.line([("incidents", selection, (m,)) for m in months], ("incidents", selection, months))
        # the members at the end of the period are those at the end of its last month
        reader.line([("members_end", total, months[-1:])], ("members_end", total, months))
        for figure in ("alarmed", "no_alarm_incidents"):
            reader.line([(figure, total, (m,)) for m in months], (figure, total, months))


def _read_charts(report, spec: _Synthetic) -> None:
    """The charts show nothing the tables do not: every point is a shown cell, hidden cells are gaps,
    and no count of 1 or 2 is drawn."""
    tables = _tables(report)
    charts = {c.title: c.figure for s in report.sections for c in s.charts}
    per_month = tables[text("tables", "trend_groups")].frame.set_index("Groep")
    trend = tables[text("tables", "trend_total")].frame.set_index("Maand")
    for trace in charts[text("charts", "incidents_per_month")].data:
        row = per_month.loc[trace.name]
        assert _numbers(trace.y) == _numbers(None if isinstance(row[x], str) else row[x] for x in trace.x)
        assert not {1, 2} & set(_numbers(trace.y))
    [rate] = charts[text("charts", "alarm_rate_per_month")].data
    shown = trend[FIGURES["alarm_rate"]]
    assert _numbers(rate.y) == _numbers(None if isinstance(v, str) else v for v in shown)
    reaction = charts[text("charts", "response_times")].data[1]
    shown = trend[FIGURES["median_minutes_to_reaction"]]
    assert _numbers(reaction.y) == _numbers(None if isinstance(v, str) else v for v in shown)
    [heat] = charts[text("charts", "signal_heatmap")].data
    timing = tables[text("tables", "timing")].frame.set_index("Dag")
    for day, values in zip(heat.y, heat.z, strict=True):
        expected = [None if isinstance(v, str) else float(v) for v in timing.loc[day]]
        assert _numbers(values) == expected
        assert not {1, 2} & set(_numbers(values))
    [bars] = charts[text("charts", "violations_per_rule")].data
    rules = tables[text("tables", "rules")].frame
    column = TOTAL if TOTAL in rules.columns else rules.columns[-1]
    assert _numbers(bars.x) == [None if isinstance(v, str) else v for v in rules[column]]
    assert not {1, 2} & set(_numbers(bars.x))


_COUNT = r"(minder dan 3|\d+)"
_SENTENCES = {
    "incidents_change": rf"Het aantal meldingen (?:steeg|daalde) van {_COUNT} naar {_COUNT}\.",
    "incidents_same": rf"Het aantal meldingen bleef {_COUNT}\.",
    "incidents_only": rf"Er waren {_COUNT} meldingen?\.",
    "alarm_share": rf"Bij {_COUNT} van de {_COUNT} meldingen is in de groep bevestigd",
    "saar_share": rf"Bij {_COUNT} van de {_COUNT} meldingen gebeurde dat",
    "multi_callers": rf"Bij {_COUNT} meldingen? belden meerdere leden",
    "no_alarm": rf"Bij {_COUNT} meldingen? is nooit bevestigd",
    "violations_top": rf"overtreden: (.+) \({_COUNT} keer\)\.",
    "members_change": rf"Het aantal leden (?:steeg|daalde) van {_COUNT} naar {_COUNT}(?: \({_COUNT} nieuw, "
    rf"{_COUNT} vertrokken(?:, {_COUNT} verwijderd door een beheerder)?\))?\.",
}
#: sentences without counts (minutes, percentages, the busiest time)
_NO_COUNTS = (
    "Vergeleken:",
    "De helft van de meldingen",
    "De mediane tijd",
    "Het aandeel off-topic",
    "De meeste meldingen kwamen",
    "Er waren geen meldingen.",
)


def _read_sentences(report, spec: _Synthetic, reader: _Reader) -> None:
    """The summary's counts: about the second half (or the one month) and the first half (or the month
    before); each sentence's numbers, and the sums they take part in."""
    groups, months = spec.groups, spec.months
    total = tuple(groups)
    if len(months) >= 2:
        half = len(months) // 2
        now, before = months[-half:], months[:half]
    else:
        now, before = months, tuple(m for m in SYNTHETIC_MONTHS if m < months[0])[-1:]
    read = lambda figure, months_, value: reader.read(  # noqa: E731
        (figure, total, months_), SMALL if value == "minder dan 3" else int(value)
    )
    for sentence in report.summary:
        if sentence.startswith(_NO_COUNTS):
            continue
        matches = {name: re.search(pattern, sentence) for name, pattern in _SENTENCES.items()}
        found = [(name, match) for name, match in matches.items() if match]
        assert len(found) == 1, f"a sentence the test cannot read: {sentence!r}"
        name, match = found[0]
        # no count of 1 or 2 written out (112 is the phone number)
        assert not re.search(r"(?<![\d,.])[12](?![\d,.%])", sentence.replace("112", "")), sentence
        values = match.groups()
        if name == "incidents_change":
            read("incidents", before, values[0])
            read("incidents", now, values[1])
        elif name == "incidents_same":
            read("incidents", before, values[0])
            read("incidents", now, values[0])
        elif name == "incidents_only":
            read("incidents", now, values[0])
        elif name in ("alarm_share", "saar_share"):
            read("alarmed" if name == "alarm_share" else "saar_ordered", now, values[0])
            read("incidents", now, values[1])
        elif name in ("multi_callers", "no_alarm"):
            read(
                "multi_caller_incidents" if name == "multi_callers" else "no_alarm_incidents", now, values[0]
            )
        elif name == "violations_top":
            codes = {texts("rules")[c].split(" (")[0].lower(): c for c in VIOLATIONS}
            read(f"violations_{codes[values[0]]}", now, values[1])
        elif name == "members_change":
            read("members_end", before, values[0])
            read("members_end", now, values[1])
            if values[2] is not None:
                read("joins", now, values[2])
                read("leaves", now, values[3])
    for part in (now, before):
        if set(part) <= set(months) and len(part) > 1:
            reader.line([("members_end", total, part[-1:])], ("members_end", total, part))
    for figure in ("incidents", "alarmed", "no_alarm_incidents"):
        for part in (now, before):
            if set(part) <= set(months) and len(part) > 1:
                reader.line([(figure, total, (m,)) for m in part], (figure, total, part))
    if len(months) >= 2:
        middle = [months[len(months) // 2 : -(len(months) // 2)]] if len(months) % 2 else []
        reader.line([("incidents", total, p) for p in (before, *middle, now)], ("incidents", total, months))
    reader.line([("alarmed", total, now), ("no_alarm_incidents", total, now)], ("incidents", total, now))
    reader.line([("saar_ordered", total, now), ("not_saar_ordered", total, now)], ("incidents", total, now))
    if before and before[0] not in months:  # the members before the period: those at its start
        reader.line([("members_end", total, before)], ("members_start", total, months))


SYNTHETIC_SEEDS = range(48)


@pytest.mark.parametrize("seed", SYNTHETIC_SEEDS)
def test_no_published_number_gives_back_a_small_count(seed: int) -> None:
    spec = _Synthetic(seed)
    report = effectiveness_report(spec.analysis, spec.months[0], spec.months[-1])
    where = f"seed {seed}, {len(spec.groups)} group(s), {spec.months[0]}..{spec.months[-1]}"
    for table in report.tables():  # no count of 1 or 2 in any table (the number of groups is no count)
        for column, kind in table.formats.items():
            if kind == "int" and column != FIGURES["groups"]:
                assert not {1, 2} & set(_numbers(v for v in table.frame[column] if not isinstance(v, str))), (
                    where,
                    table.title,
                    column,
                )
    _read_charts(report, spec)
    reader = _Reader(spec.truth)
    _read_tables(report, spec, reader)
    _read_sentences(report, spec, reader)
    reader.solve()
    reader.check(where)


def test_shares_are_hidden_when_their_numerator_or_rest_is_small() -> None:
    """The example of issue 9: a group with 9 incidents, 2 of them without a 112 confirmation; its 112
    rate (78%) would give the 2 back (9 x (1 - 78%)), so the rate is hidden like the count."""
    report = effectiveness_report(make_analysis(), "2024-01", "2024-03")
    overview = report.sections[0].tables[0].frame.set_index("Groep")
    assert overview.loc[GROUP_A, "Meldingen"] == 9
    assert overview.loc[GROUP_A, "Meldingen zonder 112-bevestiging"] == SMALL
    assert overview.loc[GROUP_A, "112 bevestigd"] == SMALL
    assert overview.loc[GROUP_A, "112 vóór of met de melding"] == SMALL


def test_a_sentence_never_pins_down_what_a_table_hides() -> None:
    """'Bij 3 meldingen is nooit bevestigd' next to 'Bij minder dan 3 van de 4' gives the 1 back: one of
    the two numbers goes, and the sentence with it."""
    from reports.summary import summary_sentences

    now = {"incidents": 4, "alarmed": 1, "no_alarm_incidents": 3, "saar_ordered": 1, "reacted": 0}
    shown = {"incidents": 4, "alarmed": SMALL, "no_alarm_incidents": HIDDEN, "saar_ordered": SMALL}
    sentences = summary_sentences(
        {**now, "median_minutes_to_reaction": math.nan},
        None,
        method="SAAR",
        private=True,
        rule_names={},
        shown_now=shown,
    )
    assert "Bij minder dan 3 van de 4 meldingen is in de groep bevestigd dat 112 is gebeld." in sentences
    assert not any("nooit bevestigd" in s for s in sentences)
    # two counts below 3 are not compared: "steeg van minder dan 3 naar minder dan 3" says 1 -> 2
    sentences = summary_sentences(
        {"incidents": 2, "median_minutes_to_reaction": math.nan},
        {"incidents": 1},
        method="SAAR",
        private=True,
        rule_names={},
    )
    assert not any("minder dan 3 naar minder dan 3" in s for s in sentences)
