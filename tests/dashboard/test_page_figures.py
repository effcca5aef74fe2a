"""The figures the dashboard pages used to count themselves (issue 11), each checked by hand on a small frame:
per-rule and per-member violations (Spelregels), monthly totals and the weekday x hour grid (Spelregels,
Deelname), each group's figures over a range (Groepen), incidents within the goal and the shared goal
(Reactietijd)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.keyfigures import group_figures, violations_per_rule, within_target
from analysis.metrics_members import rule_breakers
from analysis.model import VIOLATIONS
from dashboard.charts import monthly_totals, weekday_hour_grid
from dashboard.view import View


def _month_rows() -> pd.DataFrame:
    """Two groups over two months; Zuid's March is partial. Counts chosen so every sum is distinct."""
    rows = pd.DataFrame(
        {
            "group": ["Noord", "Noord", "Zuid", "Zuid"],
            "month": ["2024-02", "2024-03", "2024-02", "2024-03"],
            "messages": [100, 50, 40, 10],
            "violations": [6, 2, 3, 0],
            "joins": [2, 0, 1, 4],
            "leaves": [1, 1, 0, 0],
            "removals": [0, 0, 0, 1],
            "members_end": [30, 29, 12, 15],
            "active_members": [10, 8, 5, 3],
            "partial": [False, False, False, True],
            "covered_days": [29, 31, 29, 6],
        }
    )
    for code in VIOLATIONS:
        rows[f"violations_{code}"] = 0
    rows["violations_offtopic"] = [4, 1, 2, 0]
    rows["violations_language"] = [2, 1, 1, 0]
    return rows


def _incidents() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["Noord", "Noord", "Noord", "Zuid"],
            "minutes_to_112": [2.0, 6.0, math.nan, 1.0],
            "saar_order": [True, False, False, True],
            "callers": [1, 2, 0, 1],
            "minutes_to_reaction": [3.0, math.nan, 5.0, 4.0],
            "minutes_to_closure": [10.0, 20.0, math.nan, math.nan],
        }
    )


def test_violations_per_rule_add_up_every_group_and_month() -> None:
    counts = violations_per_rule(_month_rows())
    assert list(counts) == list(VIOLATIONS)
    assert counts["offtopic"] == 7 and counts["language"] == 4
    assert sum(counts.values()) == 11 and all(isinstance(n, int) for n in counts.values())
    assert violations_per_rule(_month_rows().drop(columns="violations_driving"))["driving"] == 0


def test_rule_breakers_count_messages_with_a_violation_most_first() -> None:
    messages = pd.DataFrame(
        {
            "group": pd.array(["Noord", "Noord", "Noord", "Zuid", "Zuid", "Noord", "Noord"], dtype="string"),
            "author": pd.array(["Ans", "Ans", "Bob", "Ans", None, "Bob", None], dtype="string"),
            "kind": ["text"] * 6 + ["system"],
            "timestamp": pd.to_datetime(["2024-03-01 10:00"] * 7),
            "violations": [
                ("offtopic", "language"),
                ("offtopic",),
                ("driving",),
                ("offtopic",),
                ("offtopic",),
                (),
                (),
            ],
        }
    )
    shown = rule_breakers(messages)
    assert list(shown.columns) == ["group", "author", "violations"]
    # Ans in Noord: two messages (one with two violations counts once); no author, no row; Bob's clean message
    # does not count.
    assert shown.values.tolist() == [["Noord", "Ans", 2], ["Noord", "Bob", 1], ["Zuid", "Ans", 1]]
    assert rule_breakers(messages[messages["violations"].map(len) == 0]).empty


def test_monthly_totals_sum_the_groups_and_mark_a_month_partial_for_any() -> None:
    names = {"joins": "Nieuw", "leaves": "Vertrokken", "removals": "Verwijderd"}
    long = monthly_totals(_month_rows(), list(names), names, var_name="measure", value_name="members")
    assert list(long.columns) == ["month", "partial", "measure", "members"]
    got = {(row.month, row.measure): (row.members, row.partial) for row in long.itertuples()}
    assert got == {
        ("2024-02", "Nieuw"): (3, False),
        ("2024-03", "Nieuw"): (4, True),
        ("2024-02", "Vertrokken"): (1, False),
        ("2024-03", "Vertrokken"): (1, True),
        ("2024-02", "Verwijderd"): (0, False),
        ("2024-03", "Verwijderd"): (1, True),
    }
    assert long["measure"].tolist()[:2] == ["Nieuw", "Nieuw"], "one column after the other, months in order"


def test_weekday_hour_grid_sums_the_groups_into_every_cell() -> None:
    hours = pd.DataFrame(
        {
            "group": ["Noord", "Zuid", "Zuid"],
            "weekday": [0, 0, 6],
            "hour": [22, 22, 3],
            "signals": [2, 1, 4],
        }
    )
    grid = weekday_hour_grid(hours)
    assert grid.shape == (7, 24)
    assert grid.loc[0, 22] == 3 and grid.loc[6, 3] == 4
    assert int(grid.to_numpy().sum()) == 7
    assert np.count_nonzero(grid.to_numpy()) == 2


def test_group_figures_pool_each_groups_range() -> None:
    table = group_figures(_incidents(), _month_rows()).set_index("group")
    assert list(table.index) == ["Noord", "Zuid"]
    noord, zuid = table.loc["Noord"], table.loc["Zuid"]
    assert noord["incidents"] == 3 and noord["messages"] == 150 and noord["covered_days"] == 60
    assert math.isclose(noord["alarm_rate"], 2 / 3) and noord["median_minutes_to_112"] == 4.0
    assert noord["median_minutes_to_reaction"] == 4.0 and noord["multi_caller_incidents"] == 1
    assert math.isclose(noord["violations_per_100"], 8 / 150 * 100)
    assert noord["members_end"] == 29 and noord["joins"] == 2
    assert math.isnan(noord["active_members"]), "over a range, who was active in some month is unknown"
    assert zuid["incidents"] == 1 and zuid["saar_order_rate"] == 1.0 and zuid["covered_days"] == 35
    assert "covered_days" not in group_figures(_incidents(), _month_rows().drop(columns="covered_days"))
    assert group_figures(_incidents(), _month_rows().iloc[0:0]).empty


def test_within_target_counts_only_incidents_that_reached_the_step() -> None:
    durations = pd.Series([1.0, 5.0, 5.5, math.nan, 12.0])
    assert within_target(durations, 5.0) == (2, 4), "on the goal is within it"
    assert within_target(pd.Series([math.nan]), 5.0) == (0, 0)


def test_the_shared_target_is_one_goal_or_none() -> None:
    targets = {"Noord": {"minutes_to_112": 5.0, "minutes_to_reaction": 10.0}, "Zuid": {"minutes_to_112": 5.0}}
    view = View(
        dataset=None,  # type: ignore[arg-type]  (picking a goal needs no data)
        analysis=None,  # type: ignore[arg-type]
        groups=("Noord", "Zuid"),
        months=("2024-03",),
        all_months=("2024-03",),
        privacy=False,
        targets=targets,
    )
    assert view.shared_target("minutes_to_112") == 5.0
    assert view.shared_target("minutes_to_reaction") is None, "Zuid has none: no shared goal"
    assert view.with_groups(["Noord"]).shared_target("minutes_to_reaction") == 10.0
    assert view.with_groups(["Zuid"]).shared_target("minutes_to_closure") is None
