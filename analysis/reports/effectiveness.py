"""The Effectiviteitsrapport: several groups over a period, for the municipality, without personal data.

No names, numbers or message text appear (unless ``examples`` asks for a few anonymised opening
messages); every count of incidents or members of 1 or 2, and every rate or time computed from
1 or 2 incidents, is shown as "<3". Where a table shows a total, more cells are hidden as "x"
(complementary suppression, ``formatting.protect_margins``) so that no "<3" can be recomputed by
subtracting the other cells from the total.
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from analysis.anonymise import Pseudonymiser
from analysis.model import VIOLATIONS, Analysis
from analysis.profile import Profile
from analysis.reports import charts
from analysis.reports.document import Chart, Report, Section, Table
from analysis.reports.formatting import MIN_CELL, protect_margins, small, small_if_few
from analysis.reports.keyfigures import key_figures
from analysis.reports.selection import choose_groups, month_range, restrict
from analysis.reports.summary import summary_sentences
from analysis.reports.texts import month_name, short_month_name, text, texts, weekday_names

#: Hours are grouped in blocks of this size, so a cell rarely holds a single incident.
HOUR_BLOCK = 4
EXAMPLES_PER_GROUP = 3


def _average_members(month_rows: pd.DataFrame) -> float:
    """Average members over the months (per group, summed over groups)."""
    if month_rows.empty:
        return math.nan
    return float(month_rows.groupby("group")["members_end"].mean().sum())


def _group_figures(sub: Analysis, group: str | None, n_months: int) -> dict[str, float]:
    incidents = sub.incidents if group is None else sub.incidents[sub.incidents["group"] == group]
    rows = sub.months if group is None else sub.months[sub.months["group"] == group]
    figures = key_figures(incidents, rows)
    members = _average_members(rows)
    figures["incidents_per_month"] = figures["incidents"] / n_months if n_months else math.nan
    figures["incidents_per_1000"] = (
        1000 * figures["incidents_per_month"] / members if members and not math.isnan(members) else math.nan
    )
    figures["with_112_time"] = int(incidents["minutes_to_112"].notna().sum())
    figures["with_closure_time"] = int(incidents["minutes_to_closure"].notna().sum())
    return figures


def _monthly_counts(sub: Analysis, groups: list[str], months: list[str]) -> pd.DataFrame:
    """Incidents per group (rows) and month (columns) with "<3", a total column and (with several
    groups) a total row, protected so no "<3" follows from the totals. The other tables take their
    incident counts from here, so every table hides the same cells."""
    counts = (
        sub.incidents.assign(month=sub.incidents["start"].dt.strftime("%Y-%m"))
        .groupby(["group", "month"])
        .size()
    )
    total = text("titles", "total")
    raw = pd.DataFrame(
        [[int(counts.get((g, m), 0)) for m in months] for g in groups],
        index=groups,
        columns=[short_month_name(m) for m in months],
    )
    raw[total] = raw.sum(axis=1)
    if len(groups) > 1:
        raw.loc[total] = raw.sum(axis=0)
    shown = raw.map(small)
    return protect_margins(shown, total_row=len(groups) > 1, total_column=True)


def _protect(frame: pd.DataFrame, counts: list[str], total_row: bool) -> pd.DataFrame:
    """``protect_margins`` on the count columns of a per-group table whose last row is the total."""
    if not total_row:
        return frame
    frame = frame.astype(object)
    frame[counts] = protect_margins(frame[counts], total_row=True, total_column=False)
    return frame


def _follow(frame: pd.DataFrame, basis: list[str], derived: list[str]) -> pd.DataFrame:
    """Hide figures computed from a hidden count in the same row, so they cannot give the count back
    (incidents per month times the number of months is the number of incidents)."""
    frame = frame.astype(object)
    small_marker = text("charts", "small")
    for row in frame.index:
        markers = [frame.at[row, b] for b in basis if isinstance(frame.at[row, b], str)]
        if not markers:
            continue
        marker = small_marker if small_marker in markers else markers[0]
        for column in derived:
            if not isinstance(frame.at[row, column], str):
                frame.at[row, column] = marker
    return frame


def _overview_tables(
    sub: Analysis, groups: list[str], n_months: int, incident_counts: list[object]
) -> tuple[Table, ...]:
    columns = texts("columns")
    names = texts("figures")
    labels = [*groups, text("titles", "total")] if len(groups) > 1 else list(groups)
    figures = [_group_figures(sub, g, n_months) for g in groups]
    if len(groups) > 1:
        figures.append(_group_figures(sub, None, n_months))
    incidents_rows, time_rows, rule_rows = [], [], []
    for label, f, shown_n in zip(labels, figures, incident_counts, strict=True):
        n = f["incidents"]
        incidents_rows.append(
            {
                columns["group"]: label,
                names["members_end"]: small(f["members_end"]),
                names["incidents"]: shown_n,
                names["incidents_per_month"]: small_if_few(f["incidents_per_month"], n),
                names["incidents_per_1000"]: small_if_few(f["incidents_per_1000"], n),
                names["alarm_rate"]: small_if_few(f["alarm_rate"], n),
                names["saar_order_rate"]: small_if_few(f["saar_order_rate"], n),
                names["multi_caller_incidents"]: small(f["multi_caller_incidents"]),
                names["no_alarm_incidents"]: small(f["no_alarm_incidents"]),
            }
        )
        time_rows.append(
            {
                columns["group"]: label,
                names["median_minutes_to_112"]: small_if_few(f["median_minutes_to_112"], f["with_112_time"]),
                names["p90_minutes_to_112"]: small_if_few(f["p90_minutes_to_112"], f["with_112_time"]),
                names["median_minutes_to_reaction"]: small_if_few(
                    f["median_minutes_to_reaction"], f["reacted"]
                ),
                names["p90_minutes_to_reaction"]: small_if_few(f["p90_minutes_to_reaction"], f["reacted"]),
                names["median_minutes_to_closure"]: small_if_few(
                    f["median_minutes_to_closure"], f["with_closure_time"]
                ),
                names["p90_minutes_to_closure"]: small_if_few(
                    f["p90_minutes_to_closure"], f["with_closure_time"]
                ),
            }
        )
        rule_rows.append(
            {
                columns["group"]: label,
                names["messages"]: f["messages"],
                names["violations_per_100"]: f["violations_per_100"],
                names["offtopic_share"]: f["offtopic_share"],
                names["joins"]: small(f["joins"]),
                names["leaves"]: small(f["leaves"]),
                names["removals"]: small(f["removals"]),
            }
        )
    incident_formats = {
        names["members_end"]: "int",
        names["incidents"]: "int",
        names["incidents_per_month"]: "num",
        names["incidents_per_1000"]: "num",
        names["alarm_rate"]: "pct",
        names["saar_order_rate"]: "pct",
        names["multi_caller_incidents"]: "int",
        names["no_alarm_incidents"]: "int",
    }
    time_formats = {name: "min" for name in list(time_rows[0])[1:]} if time_rows else {}
    several = len(groups) > 1
    incidents_frame = _protect(
        pd.DataFrame(incidents_rows),
        [names[k] for k in ("members_end", "incidents", "multi_caller_incidents", "no_alarm_incidents")],
        several,
    )
    incidents_frame = _follow(
        incidents_frame,
        [names["incidents"]],
        [names[k] for k in ("incidents_per_month", "incidents_per_1000", "alarm_rate", "saar_order_rate")],
    )
    incidents_frame = _follow(incidents_frame, [names["members_end"]], [names["incidents_per_1000"]])
    rule_frame = _protect(
        pd.DataFrame(rule_rows), [names[k] for k in ("joins", "leaves", "removals")], several
    )
    rule_formats = {
        names["messages"]: "int",
        names["violations_per_100"]: "num",
        names["offtopic_share"]: "pct",
        names["joins"]: "int",
        names["leaves"]: "int",
        names["removals"]: "int",
    }
    return (
        Table(
            text("tables", "overview_incidents"),
            incidents_frame,
            incident_formats,
            sheet=text("tables", "overview_incidents")[:31],
        ),
        Table(
            text("tables", "overview_times"),
            pd.DataFrame(time_rows),
            time_formats,
            sheet=text("tables", "overview_times")[:31],
        ),
        Table(
            text("tables", "overview_rules"),
            rule_frame,
            rule_formats,
            sheet=text("tables", "overview_rules")[:31],
        ),
    )


def _trend_section(sub: Analysis, groups: list[str], months: list[str], counts: pd.DataFrame) -> Section:
    columns = texts("columns")
    names = texts("figures")
    rows = []
    chart_rows = []
    month_totals = counts.iloc[-1]  # the total row, or the only group's row
    for month in months:
        part = restrict(sub, groups, [month])
        f = key_figures(part.incidents, part.months)
        n = f["incidents"]
        shown_n = month_totals[short_month_name(month)]
        rows.append(
            {
                columns["month"]: short_month_name(month),
                names["groups"]: int(part.months["group"].nunique()),
                names["members_end"]: small(f["members_end"]),
                names["incidents"]: shown_n,
                names["alarm_rate"]: small_if_few(f["alarm_rate"], n),
                names["median_minutes_to_reaction"]: small_if_few(
                    f["median_minutes_to_reaction"], f["reacted"]
                ),
                names["violations_per_100"]: f["violations_per_100"],
                names["offtopic_share"]: f["offtopic_share"],
            }
        )
        chart_rows.append(
            {
                "label": short_month_name(month),
                "to_112": f["median_minutes_to_112"] if f["alarmed"] >= MIN_CELL else None,
                "to_reaction": f["median_minutes_to_reaction"] if f["reacted"] >= MIN_CELL else None,
                "alarm_rate": f["alarm_rate"] if n >= MIN_CELL and not isinstance(shown_n, str) else None,
                "group": text("titles", "total"),
            }
        )
    trend_frame = _follow(
        pd.DataFrame(rows), [names["incidents"]], [names["alarm_rate"], names["median_minutes_to_reaction"]]
    )
    total = Table(
        text("tables", "trend_total"),
        trend_frame,
        {
            names["groups"]: "int",
            names["members_end"]: "int",
            names["incidents"]: "int",
            names["alarm_rate"]: "pct",
            names["median_minutes_to_reaction"]: "min",
            names["violations_per_100"]: "num",
            names["offtopic_share"]: "pct",
        },
        sheet=text("tables", "trend_total")[:31],
    )
    per_group = counts.rename_axis(columns["group"]).reset_index()
    line_rows = [
        {
            "group": g,
            "label": short_month_name(month),
            "incidents": None if isinstance(v, str) else v,
        }
        for month in months
        for g, v in zip(groups, counts[short_month_name(month)], strict=False)
    ]
    by_group = Table(
        text("tables", "trend_groups"),
        per_group,
        {c: "int" for c in per_group.columns[1:]},
        sheet=text("tables", "trend_groups")[:31],
        note=text("titles", "no_personal_data"),
    )
    chart_frame = pd.DataFrame(chart_rows)
    lines = pd.DataFrame(line_rows)
    figures = (
        Chart(
            text("charts", "incidents_per_month"),
            charts.per_month_lines(lines, "incidents", text("charts", "incidents_per_month")),
        ),
        Chart(
            text("charts", "alarm_rate_per_month"),
            charts.per_month_lines(
                chart_frame, "alarm_rate", text("charts", "alarm_rate_per_month"), percent=True
            ),
        ),
        Chart(
            text("charts", "response_times"),
            charts.response_times(chart_frame, text("charts", "response_times")),
        ),
    )
    return Section(
        text("sections", "trend"),
        intro=text("sections", "trend_intro"),
        tables=(total, by_group),
        charts=figures,
    )


def _timing(sub: Analysis) -> tuple[pd.DataFrame, tuple[str, int] | None]:
    """Incidents per weekday and hour block (raw counts) and the busiest cell if it has at least 3."""
    days = weekday_names()
    blocks = [f"{h:02d}-{h + HOUR_BLOCK:02d}" for h in range(0, 24, HOUR_BLOCK)]
    starts = sub.incidents["start"]
    counts = pd.crosstab(starts.dt.day_of_week, starts.dt.hour // HOUR_BLOCK)
    counts = counts.reindex(index=range(7), columns=range(len(blocks)), fill_value=0)
    matrix = pd.DataFrame(counts.to_numpy(), index=days, columns=blocks)
    busiest = None
    if len(starts) and matrix.to_numpy().max() >= MIN_CELL:
        day, block = divmod(int(matrix.to_numpy().argmax()), len(blocks))
        busiest = (days[day], block * HOUR_BLOCK)
    return matrix, busiest


def _timing_section(matrix: pd.DataFrame) -> Section:
    columns = texts("columns")
    shown = matrix.map(small).reset_index().rename(columns={"index": columns["weekday"]})
    table = Table(
        text("tables", "timing"),
        shown,
        {c: "int" for c in shown.columns[1:]},
        sheet=text("tables", "timing")[:31],
    )
    hidden = matrix.astype(float).where((matrix == 0) | (matrix >= MIN_CELL))
    chart = Chart(text("charts", "signal_heatmap"), charts.heatmap(hidden, text("charts", "signal_heatmap")))
    return Section(
        text("sections", "timing"), intro=text("sections", "timing_intro"), tables=(table,), charts=(chart,)
    )


def _rules_section(sub: Analysis, groups: list[str], rules: list[str]) -> Section:
    columns = texts("columns")
    names = {code: texts("rules")[code].split(" (")[0] for code in rules}
    frame = pd.DataFrame({columns["rule"]: [names[c] for c in rules]})
    raw: dict[str, list[float]] = {}
    for group in groups:
        rows = sub.months[sub.months["group"] == group]
        raw[group] = [float(rows[f"violations_{c}"].sum()) for c in rules]
        frame[group] = [small(v) for v in raw[group]]
    if len(groups) > 1:
        frame[text("titles", "total")] = [small(float(sub.months[f"violations_{c}"].sum())) for c in rules]
        frame[frame.columns[1:]] = protect_margins(
            frame[frame.columns[1:]], total_row=False, total_column=True
        )
    table = Table(
        text("tables", "rules"),
        frame,
        {c: "int" for c in frame.columns[1:]},
        sheet=text("tables", "rules")[:31],
    )
    hidden = frame[frame.columns[-1]].map(lambda v: v == text("charts", "hidden"))
    totals = {
        text("titles", "total"): [
            None if gone else float(sub.months[f"violations_{c}"].sum())
            for c, gone in zip(rules, hidden, strict=True)
        ]
    }
    chart = Chart(
        text("charts", "violations_per_rule"),
        charts.horizontal_bars([names[c] for c in rules], totals, text("charts", "violations_per_rule")),
    )
    return Section(
        text("sections", "rules"), intro=text("sections", "rules_intro"), tables=(table,), charts=(chart,)
    )


def _examples_section(analysis: Analysis, sub: Analysis, groups: list[str]) -> Section:
    """A few opening messages per group, pseudonymised and scrubbed, without author or time of day."""
    columns = texts("columns")
    pseudonymiser = Pseudonymiser.from_analysis(analysis, same_for_all=text("anonymous", "member"))
    rows = []
    for group in groups:
        part = sub.incidents[sub.incidents["group"] == group].sort_values("start").head(EXAMPLES_PER_GROUP)
        opened = pseudonymiser.anonymise_text(part["opening_text"].astype("string"))
        for (_, row), example in zip(part.iterrows(), opened, strict=True):
            rows.append(
                {
                    columns["group"]: group,
                    columns["date"]: row["start"].normalize(),
                    columns["type"]: row["type"],
                    columns["example"]: example,
                }
            )
    frame = pd.DataFrame(
        rows, columns=[columns["group"], columns["date"], columns["type"], columns["example"]]
    )
    table = Table(
        text("tables", "examples"), frame, {columns["date"]: "date"}, sheet=text("tables", "examples_sheet")
    )
    return Section(text("sections", "examples"), intro=text("sections", "examples_intro"), tables=(table,))


def _comparison(
    sub: Analysis, analysis: Analysis, groups: list[str], months: list[str]
) -> tuple[str, dict[str, float], dict[str, float] | None]:
    """What the summary compares: second half with first half, or one month with the month before."""
    if len(months) >= 2:
        half = len(months) // 2  # equal halves; the middle month of an odd period is left out
        first, second = months[:half], months[-half:]
        a, b = restrict(sub, groups, first), restrict(sub, groups, second)
        label = text("summary", "compared_halves", after=_span(second), before=_span(first))
        return label, _figures_for(b), _figures_for(a)
    previous = str(pd.Period(months[0], freq="M") - 1)
    before = restrict(analysis, groups, [previous])
    now = _figures_for(sub)
    if before.months.empty:
        return "", now, None
    return text("summary", "compared_previous", after=month_name(months[0])), now, _figures_for(before)


def _span(months: list[str]) -> str:
    return (
        month_name(months[0]) if len(months) == 1 else f"{month_name(months[0])} t/m {month_name(months[-1])}"
    )


def _figures_for(part: Analysis) -> dict[str, float]:
    return key_figures(part.incidents, part.months)


def effectiveness_report(
    analysis: Analysis,
    start_month: str,
    end_month: str,
    *,
    groups: list[str] | tuple[str, ...] | None = None,
    examples: bool = False,
    profile: Profile | None = None,
) -> Report:
    """The Effectiviteitsrapport for ``start_month``..``end_month`` (inclusive) and ``groups``."""
    months = month_range(start_month, end_month)
    chosen = choose_groups(analysis, groups)
    sub = restrict(analysis, chosen, months)
    rules = [code for code in VIOLATIONS if profile is None or profile.checks(code)]
    method = profile.method if profile else "SAAR"
    matrix, busiest = _timing(sub)
    counts = _monthly_counts(sub, chosen, months)
    sections = [
        Section(
            text("sections", "overview"),
            intro=text("sections", "overview_intro"),
            tables=_overview_tables(sub, chosen, len(months), list(counts[text("titles", "total")])),
        ),
        _trend_section(sub, chosen, months, counts),
        _timing_section(matrix),
        _rules_section(sub, chosen, rules),
    ]
    if examples:
        sections.append(_examples_section(analysis, sub, chosen))
    label, now, before = _comparison(sub, analysis, chosen, months)
    sentences = summary_sentences(
        now,
        before,
        method=method,
        private=True,
        rule_names={c: texts("rules")[c] for c in rules},
        busiest=busiest,
    )
    notice = text("titles", "no_personal_data")
    if examples:
        notice += " " + text("titles", "with_examples")
    return Report(
        kind="effectiviteit",
        title=text(
            "titles", "effectiviteit", start_name=month_name(months[0]), end_name=month_name(months[-1])
        ),
        subtitle=text("titles", "effectiviteit_subtitle", n_groups=len(chosen)),
        period=(months[0], months[-1]),
        groups=tuple(chosen),
        summary=tuple(([label] if label else []) + sentences),
        sections=tuple(sections),
        notice=notice,
        generated=text("titles", "generated", date=datetime.now().strftime("%d-%m-%Y %H:%M")),
        pseudonymised=True,
    )
