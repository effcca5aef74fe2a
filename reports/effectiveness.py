"""The Effectiviteitsrapport: several groups over a period, for the municipality, without personal data.

No names, numbers or message text appear (unless ``examples`` asks for a few anonymised opening
messages). One rule decides every number it publishes, in its tables, in the data of its charts and in
its summary sentences (docs/reports.md, "Small counts"). ``_Published`` registers every count once:
those shown, those a rate gives with its denominator (the 112 rate and the incidents give the
incidents with and without 112), those a reader can work out (the members at the start), and those the
summary gives; with the lines of counts that add up to a total. ``formatting.protect_lines`` then shows
counts of 1 or 2 as "<3" and hides more counts as "x" until no "<3" can be worked back, line by line and
over all lines together; a rate or figure per month is shown only when all counts it is computed from
are; charts draw the table values; sentences say only what is shown.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple

import pandas as pd

from analysis.anonymise import Pseudonymiser
from analysis.coverage import comparable, history_coverage, month_cover, month_coverage, within_span
from analysis.keyfigures import figures_with_kept, kept_months, without_kept
from analysis.model import VIOLATIONS, Analysis
from analysis.profile import Profile, default_profile
from presentation.measures import figure_format
from reports import charts
from reports.corrections import corrections_sentence, with_sentence
from reports.document import Chart, Report, Section, Table
from reports.formatting import (
    DATE_TIME,
    MIN_CELL,
    hidden_if,
    is_missing,
    protect_lines,
    small,
    small_if_few,
)
from reports.selection import choose_groups, month_range, restrict
from reports.summary import summary_sentences
from reports.texts import (
    coverage_sentence,
    covered_month_name,
    covered_short_name,
    month_name,
    not_compared_sentence,
    short_month_name,
    text,
    texts,
    weekday_names,
)

#: Hours are grouped in blocks of this size, so a cell rarely holds a single incident.
HOUR_BLOCK = 4
EXAMPLES_PER_GROUP = 3

#: A published count: (figure, groups, months), e.g. ("incidents", ("Buurtwacht Noord",), ("2024-01",)).
Key = tuple[str, tuple[str, ...], tuple[str, ...]]
#: Counts that do not add up over months: members at the end of a period.
NOT_OVER_MONTHS = frozenset({"members_end"})
#: The shares the report shows, as (numerator, rest, denominator): the rest is denominator - numerator.
SHARES = {
    "alarm_rate": ("alarmed", "no_alarm_incidents", "incidents"),
    "saar_order_rate": ("saar_ordered", "not_saar_ordered", "incidents"),
    "violations_per_100": ("violations", "not_violations", "messages"),
    "offtopic_share": ("violations_offtopic", "not_offtopic", "messages"),
}


def _average_members(month_rows: pd.DataFrame) -> float:
    """Average members over the months (per group, summed over groups)."""
    if month_rows.empty:
        return math.nan
    return float(month_rows.groupby("group")["members_end"].mean().sum())


class _Parts:
    """Key figures of any groups and months of the report's selection, each computed once.

    ``sub`` is the export's part of the selection, ``kept`` the month rows of the months the store's
    history holds whole (``keyfigures.kept_months``; ``sub`` holds nothing of those): counts add up over
    both, durations come from the export's incidents only (a kept month has no incidents)."""

    def __init__(
        self,
        sub: Analysis,
        groups: list[str],
        months: list[str],
        covered: pd.DataFrame,
        kept: pd.DataFrame,
    ) -> None:
        self.sub, self.kept = sub, kept
        self.groups, self.months = tuple(groups), tuple(months)
        self.covers = {month: month_cover(covered, month, groups) for month in months}
        kept_months = set(kept["month"].astype(str))
        #: each month's name in tables and charts: "okt 2026", "okt 2026*" when partial (``partial_note``),
        #: "okt 2026 (historie)" when (some of) its figures come from the history
        self.labels = {
            month: text("corrections", "history_month", month=short_month_name(month))
            if month in kept_months
            else covered_short_name(cover)
            for month, cover in self.covers.items()
        }
        self.incident_months = sub.incidents["start"].dt.strftime("%Y-%m").to_numpy()
        #: (group, month) with figures: the export's month rows and the kept ones
        self.rows = pd.concat(
            [sub.months[["group", "month"]].astype(object), kept[["group", "month"]].astype(object)],
            ignore_index=True,
        )
        self._cache: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, float]] = {}

    def __call__(self, groups: tuple[str, ...], months: tuple[str, ...]) -> dict[str, float]:
        if (groups, months) not in self._cache:
            incidents, rows, kept = self.sub.incidents, self.sub.months, self.kept
            in_months = pd.Series(self.incident_months).isin(months).to_numpy()
            incidents = incidents[incidents["group"].isin(groups).to_numpy() & in_months]
            rows = rows[rows["group"].isin(groups) & rows["month"].isin(months)]
            if len(kept):
                kept = kept[kept["group"].isin(groups) & kept["month"].isin(months)]
            figures = with_rests(figures_with_kept(incidents, rows, kept, medians=False))
            members = _average_members(rows)
            n_months = len(months)
            figures["incidents_per_month"] = figures["incidents"] / n_months if n_months else math.nan
            figures["incidents_per_1000"] = (
                1000 * figures["incidents_per_month"] / members
                if members and not math.isnan(members)
                else math.nan
            )
            figures["with_112_time"] = int(incidents["minutes_to_112"].notna().sum())
            figures["with_closure_time"] = int(incidents["minutes_to_closure"].notna().sum())
            self._cache[(groups, months)] = figures
        return self._cache[(groups, months)]


def with_rests(figures: dict[str, float]) -> dict[str, float]:
    """Key figures with the rest of every share (incidents without a SAAR order, messages that are not
    off-topic, ...): a share shown next to its denominator publishes both its numerator and its rest."""
    for part, rest, whole in SHARES.values():
        if rest not in figures:
            figures[rest] = figures[whole] - figures[part]
    return figures


class _Published:
    """Every count the report publishes, directly or through a rate next to its denominator, and the
    lines of counts that add up to a total; ``protect`` decides once what each one shows, so that every
    table, chart and sentence hides the same counts and none can undo another."""

    def __init__(self, groups: list[str], months: list[str], halves: list[tuple[str, ...]]) -> None:
        self.total, self.months, self.halves = tuple(groups), tuple(months), halves
        self.values: dict[Key, object] = {}
        self.public: dict[Key, None] = {}  # counts a reader can read or compute (ordered: deterministic)
        self.sentence_only: dict[Key, bool] = {}
        self.lines: list[tuple[list[Key], Key]] = []
        self.itself: dict[Key, None] = {}  # counts the report shows as such, not only through a share
        self.unseen: dict[Key, None] = {}  # counts never shown that a reader can still work out
        self.shares: dict[tuple[Key, Key, Key], None] = {}
        self.shown: dict[Key, object] = {}

    def count(
        self,
        figure: str,
        groups: tuple[str, ...],
        months: tuple[str, ...],
        figures: dict[str, float],
        *,
        public: bool = True,
        table: bool = True,
        itself: bool = True,
    ) -> Key:
        """Register one count: ``public=False`` for a count only the rule checks (the reader cannot compute
        it), ``table=False`` for one only a summary sentence gives, ``itself=False`` for one the report
        does not show itself but only through a share (``share``)."""
        key = (figure, groups, months)
        self.values.setdefault(key, figures[figure])
        if public:
            self.public[key] = None
        self.sentence_only[key] = self.sentence_only.get(key, True) and not table
        if itself:
            self.itself[key] = None
        return key

    def share(
        self,
        name: str,
        groups: tuple[str, ...],
        months: tuple[str, ...],
        figures: dict[str, float],
        *,
        public: bool = True,
        table: bool = True,
    ) -> list[Key]:
        """Register the counts behind a share (numerator, rest, denominator) and their line; the
        numerator and the rest count as shown themselves only where ``count`` registers them too."""
        keys = [
            self.count(figure, groups, months, figures, public=public, table=table, itself=False)
            for figure in SHARES[name]
            if not is_missing(figures[figure]) and figures[figure] >= 0
        ]
        if len(keys) == 3:
            self.lines.append((keys[:2], keys[2]))
            self.shares[tuple(keys)] = None  # type: ignore[index]
        return keys

    def protect(self) -> None:
        """Counts of 1 or 2 as "<3" and complementary suppression on every line whose counts are all
        public: groups adding up to their total, months to their period, the halves the summary
        compares to the whole period, and the registered lines (a share's numerator and rest to its
        denominator, violations per rule to all violations, the weekday x hour cells to all incidents,
        the members at the start and end of the period with the joins and leaves). Counts that are
        one and the same (the members at the end of a period and at the end of its last month) are
        protected as one."""
        same: dict[Key, Key] = {}
        for key, value in self.values.items():
            figure, groups, months = key
            last = (figure, groups, months[-1:])
            if figure in NOT_OVER_MONTHS and len(months) > 1 and last in self.values:
                if math.isclose(float(self.values[last]), float(value)):  # type: ignore[arg-type]
                    same[key] = last

        def one(key: Key) -> Key:
            return same.get(key, key)

        over_groups, over_months, halves = [], [], []  # in this order: the groups of a column first
        for key in self.public:
            figure, groups, months = key
            if len(groups) > 1:
                over_groups.append(([(figure, (g,), months) for g in groups], key))
            if len(months) > 1 and figure not in NOT_OVER_MONTHS:
                over_months.append(([(figure, groups, (m,)) for m in months], key))
                if months == self.months and self.halves:
                    halves.append(([(figure, groups, half) for half in self.halves], key))
        lines = [
            ([one(c) for c in cells], one(total))
            for cells, total in [*over_groups, *over_months, *halves, *self.lines]
            if all(k in self.public for k in (*cells, total))
        ]
        public = {one(key): self.values[key] for key in self.public}
        in_tables = {one(key) for key in self.public if not self.sentence_only[key]}
        itself = {one(key) for key in self.itself}
        shares = {
            one(key): tuple(one(k) for k in triple)
            for triple in self.shares
            if all(k in self.public for k in triple)
            for key in triple[:2]
            if one(key) not in itself
        }
        protected = protect_lines(
            public,
            lines,
            expendable=set(public) - in_tables,
            shares=shares,  # type: ignore[arg-type]
            unseen={one(key) for key in self.unseen},
        )
        self.shown = {key: protected.get(one(key), small(value)) for key, value in self.values.items()}

    def members_flow(
        self, groups: tuple[str, ...], months: tuple[str, ...], figures: dict[str, float]
    ) -> None:
        """The members at the start of a period are those at its end minus the joins plus the leaves and
        removals: never shown, but a reader can work them out, so they are a count like the others
        (``start + joins = end + leaves + removals``)."""
        needed = ("members_end", "joins", "leaves", "removals")
        if any(is_missing(figures[f]) for f in needed):
            return
        end, joins, leaves, removals = (float(figures[f]) for f in needed)
        flow = {"members_start": end - joins + leaves + removals, "members_flow": end + leaves + removals}
        for figure in flow:
            key = self.count(figure, groups, months, flow, itself=False)
            self.unseen[key] = None
        self.lines.append(
            ([("members_start", groups, months), ("joins", groups, months)], ("members_flow", groups, months))
        )
        self.lines.append(
            (
                [("members_end", groups, months), ("leaves", groups, months), ("removals", groups, months)],
                ("members_flow", groups, months),
            )
        )

    def __call__(self, figure: str, groups: tuple[str, ...], months: tuple[str, ...]) -> object:
        return self.shown[(figure, groups, months)]

    def share_keys(self, name: str, groups: tuple[str, ...], months: tuple[str, ...]) -> list[Key]:
        """The registered counts behind a share (a rest below 0, e.g. more violations than messages, is
        no count and is left out)."""
        return [(p, groups, months) for p in SHARES[name] if (p, groups, months) in self.values]

    def rate(self, value: object, keys: list[Key]) -> object:
        """A figure computed from these counts, or the mark of the first hidden one."""
        return hidden_if(value, [self.shown[k] for k in keys])

    def figures(self, groups: tuple[str, ...], months: tuple[str, ...], raw: dict[str, float]) -> dict:
        """What a summary sentence may say of a selection: the published counts, and its shares
        (``SHARES``) with their marks when hidden."""
        shown = {figure: value for (figure, g, m), value in self.shown.items() if (g, m) == (groups, months)}
        for name in SHARES:
            if name in raw:
                shown[name] = self.rate(raw[name], self.share_keys(name, groups, months))
        return shown


def _rows(groups: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The rows of a per-group table: (label, groups), with a total row when there are several."""
    rows = [(g, (g,)) for g in groups]
    if len(groups) > 1:
        rows.append((text("titles", "total"), tuple(groups)))
    return rows


def _register_tables(
    published: _Published, parts: _Parts, sub: Analysis, rules: list[str], matrix: pd.DataFrame
) -> None:
    """Every count the tables and charts publish, the month table first (its lines go first)."""
    groups, months, total = parts.groups, parts.months, parts.groups
    incidents = sub.incidents.assign(month=parts.incident_months).groupby(["group", "month"]).size().to_dict()
    for g, m, n in zip(parts.kept["group"], parts.kept["month"], parts.kept["incidents"], strict=True):
        incidents[(str(g), str(m))] = incidents.get((str(g), str(m)), 0) + int(n)
    for g in groups:
        for m in months:
            published.count("incidents", (g,), (m,), {"incidents": int(incidents.get((g, m), 0))})
    for m in months:
        published.count("incidents", total, (m,), parts(total, (m,)))
    for _, selection in _rows(list(groups)):
        f = parts(selection, months)
        for figure in (
            "incidents",
            "members_end",
            "multi_caller_incidents",
            "no_alarm_incidents",
            "messages",
        ):
            published.count(figure, selection, months, f)
        for figure in ("joins", "leaves", "removals"):
            published.count(figure, selection, months, f)
        for name in SHARES:
            published.share(name, selection, months, f)
        published.members_flow(selection, months, f)
        for code in rules:
            published.count(f"violations_{code}", selection, months, f)
        codes = [(f"violations_{code}", selection, months) for code in rules]
        if math.isclose(sum(f[f"violations_{code}"] for code in rules), f["violations"]):
            published.lines.append((codes, ("violations", selection, months)))
    for m in months:
        f = parts(total, (m,))
        published.count("members_end", total, (m,), f)
        published.share("alarm_rate", total, (m,), f)
        published.share("violations_per_100", total, (m,), f, public=False)
        published.share("offtopic_share", total, (m,), f, public=False)
    cells = []
    for day in matrix.index:
        for block in matrix.columns:
            figure = f"timing {day} {block}"
            cells.append(published.count(figure, total, months, {figure: int(matrix.at[day, block])}))
    # the kept months' incidents have no day or hour: with the cells they add up to all incidents
    cells += [
        ("incidents", (str(g),), (str(m),))
        for g, m in zip(parts.kept["group"], parts.kept["month"], strict=True)
    ]
    published.lines.append((cells, ("incidents", total, months)))


def _monthly_counts(published: _Published, labels: dict[str, str]) -> pd.DataFrame:
    """Incidents per group (rows) and month (columns) as published, a total column and (with several
    groups) a total row. The other tables take the same published counts, so every table hides the
    same cells."""
    groups, months, total_key = published.total, published.months, published.total
    label = text("titles", "total")
    columns = [labels[m] for m in months]
    rows = [[published("incidents", (g,), (m,)) for m in months] for g in groups]
    totals = [published("incidents", (g,), months) for g in groups]
    index = list(groups)
    if len(groups) > 1:
        rows.append([published("incidents", total_key, (m,)) for m in months])
        totals.append(published("incidents", total_key, months))
        index.append(label)
    frame = pd.DataFrame(rows, index=index, columns=columns, dtype=object)
    frame[label] = totals
    return frame


def _overview_tables(published: _Published, parts: _Parts) -> tuple[Table, ...]:
    columns = texts("columns")
    names = texts("figures")
    months = parts.months
    incidents_rows, time_rows, rule_rows = [], [], []
    for label, selection in _rows(list(parts.groups)):
        f = parts(selection, months)

        def shown(figure: str, selection: tuple[str, ...] = selection) -> object:
            return published(figure, selection, months)

        def rate(name: str, f: dict = f, selection: tuple[str, ...] = selection) -> object:
            return published.rate(f[name], published.share_keys(name, selection, months))

        incidents_key, members_key = ("incidents", selection, months), ("members_end", selection, months)
        incidents_rows.append(
            {
                columns["group"]: label,
                names["members_end"]: shown("members_end"),
                names["incidents"]: shown("incidents"),
                names["incidents_per_month"]: published.rate(f["incidents_per_month"], [incidents_key]),
                names["incidents_per_1000"]: published.rate(
                    f["incidents_per_1000"], [incidents_key, members_key]
                ),
                names["alarm_rate"]: rate("alarm_rate"),
                names["saar_order_rate"]: rate("saar_order_rate"),
                names["multi_caller_incidents"]: shown("multi_caller_incidents"),
                names["no_alarm_incidents"]: shown("no_alarm_incidents"),
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
                names["messages"]: shown("messages"),
                names["violations_per_100"]: rate("violations_per_100"),
                names["offtopic_share"]: rate("offtopic_share"),
                names["joins"]: shown("joins"),
                names["leaves"]: shown("leaves"),
                names["removals"]: shown("removals"),
            }
        )
    incident_formats = {
        names["members_end"]: figure_format("members_end"),
        names["incidents"]: figure_format("incidents"),
        names["incidents_per_month"]: figure_format("incidents_per_month"),
        names["incidents_per_1000"]: figure_format("incidents_per_1000"),
        names["alarm_rate"]: figure_format("alarm_rate"),
        names["saar_order_rate"]: figure_format("saar_order_rate"),
        names["multi_caller_incidents"]: figure_format("multi_caller_incidents"),
        names["no_alarm_incidents"]: figure_format("no_alarm_incidents"),
    }
    time_formats = {name: "min" for name in list(time_rows[0])[1:]} if time_rows else {}
    rule_formats = {
        names["messages"]: figure_format("messages"),
        names["violations_per_100"]: figure_format("violations_per_100"),
        names["offtopic_share"]: figure_format("offtopic_share"),
        names["joins"]: figure_format("joins"),
        names["leaves"]: figure_format("leaves"),
        names["removals"]: figure_format("removals"),
    }
    return (
        Table(
            text("tables", "overview_incidents"),
            pd.DataFrame(incidents_rows, dtype=object),
            incident_formats,
            sheet=text("tables", "overview_incidents"),
        ),
        Table(
            text("tables", "overview_times"),
            pd.DataFrame(time_rows),
            time_formats,
            sheet=text("tables", "overview_times"),
            note=text("corrections", "times_note") if len(parts.kept) else "",
        ),
        Table(
            text("tables", "overview_rules"),
            pd.DataFrame(rule_rows, dtype=object),
            rule_formats,
            sheet=text("tables", "overview_rules"),
        ),
    )


def _points(values: object) -> list[object]:
    """Published values as chart data: a hidden value ("<3", "x") is left out (None)."""
    return [None if isinstance(v, str) or is_missing(v) else v for v in values]  # type: ignore[attr-defined]


def _trend_section(published: _Published, parts: _Parts, counts: pd.DataFrame) -> Section:
    columns = texts("columns")
    names = texts("figures")
    groups, total = parts.groups, parts.groups
    rows = []
    to_112 = []
    for month in parts.months:
        f = parts(total, (month,))
        shown_n = published("incidents", total, (month,))
        rows.append(
            {
                columns["month"]: parts.labels[month],
                names["groups"]: int(parts.rows.loc[parts.rows["month"] == month, "group"].nunique()),
                names["members_end"]: published("members_end", total, (month,)),
                names["incidents"]: shown_n,
                names["alarm_rate"]: published.rate(
                    f["alarm_rate"], published.share_keys("alarm_rate", total, (month,))
                ),
                names["median_minutes_to_reaction"]: hidden_if(
                    small_if_few(f["median_minutes_to_reaction"], f["reacted"]), [shown_n]
                ),
                names["violations_per_100"]: published.rate(
                    f["violations_per_100"], published.share_keys("violations_per_100", total, (month,))
                ),
                names["offtopic_share"]: published.rate(
                    f["offtopic_share"], published.share_keys("offtopic_share", total, (month,))
                ),
            }
        )
        to_112.append(f["median_minutes_to_112"] if f["alarmed"] >= MIN_CELL else None)
    trend_frame = pd.DataFrame(rows, dtype=object)
    total_table = Table(
        text("tables", "trend_total"),
        trend_frame,
        {
            names["groups"]: "int",
            names["members_end"]: figure_format("members_end"),
            names["incidents"]: figure_format("incidents"),
            names["alarm_rate"]: figure_format("alarm_rate"),
            names["median_minutes_to_reaction"]: figure_format("median_minutes_to_reaction"),
            names["violations_per_100"]: figure_format("violations_per_100"),
            names["offtopic_share"]: figure_format("offtopic_share"),
        },
        sheet=text("tables", "trend_total"),
        note=" ".join(
            note
            for note in (partial_note(parts), text("corrections", "history_note") if len(parts.kept) else "")
            if note
        ),
    )
    per_group = counts.rename_axis(columns["group"]).reset_index()
    labels = [parts.labels[m] for m in parts.months]
    partial = [parts.covers[m].partial for m in parts.months]
    lines = pd.DataFrame(
        [
            {"group": g, "label": label, "incidents": value, "partial": short}
            for label, short in zip(labels, partial, strict=True)
            for g, value in zip(groups, _points(counts[label].iloc[: len(groups)]), strict=True)
        ]
    )
    chart_frame = pd.DataFrame(
        {
            "label": labels,
            "to_112": to_112,
            "to_reaction": _points(trend_frame[names["median_minutes_to_reaction"]]),
            "alarm_rate": _points(trend_frame[names["alarm_rate"]]),
            "group": text("titles", "total"),
            "partial": partial,
        }
    )
    by_group = Table(
        text("tables", "trend_groups"),
        per_group,
        {c: "int" for c in per_group.columns[1:]},
        sheet=text("tables", "trend_groups"),
        note=text("titles", "no_personal_data"),
    )
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
        tables=(total_table, by_group),
        charts=figures,
    )


def _without_kept(sub: Analysis, kept: pd.DataFrame) -> Analysis:
    """``sub`` without the (group, month)s the history holds whole: their figures come from ``kept``."""
    if kept.empty:
        return sub
    incidents, months = without_kept(sub.incidents, sub.months, kept)
    pairs = set(zip(kept["group"].astype(str), kept["month"].astype(str), strict=True))
    messages = sub.messages
    month_of = messages["timestamp"].dt.strftime("%Y-%m").astype(object)
    index = pd.MultiIndex.from_arrays([messages["group"].astype(str).to_numpy(object), month_of.to_numpy()])
    keep = ~index.isin(list(pairs))
    return replace(sub, incidents=incidents, months=months, messages=messages[keep])


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


def _timing_section(published: _Published, matrix: pd.DataFrame, kept: bool) -> Section:
    """The weekday x hour table: its cells add up to all incidents, so they are protected like a line."""
    columns = texts("columns")
    total, months = published.total, published.months
    shown = pd.DataFrame(
        [
            [published(f"timing {day} {block}", total, months) for block in matrix.columns]
            for day in matrix.index
        ],
        index=matrix.index,
        columns=matrix.columns,
        dtype=object,
    )
    table_frame = shown.reset_index().rename(columns={"index": columns["weekday"]})
    table = Table(
        text("tables", "timing"),
        table_frame,
        {c: "int" for c in table_frame.columns[1:]},
        sheet=text("tables", "timing"),
        note=text("corrections", "times_note") if kept else "",
    )
    hidden = shown.map(lambda v: math.nan if isinstance(v, str) else float(v))
    chart = Chart(text("charts", "signal_heatmap"), charts.heatmap(hidden, text("charts", "signal_heatmap")))
    return Section(
        text("sections", "timing"), intro=text("sections", "timing_intro"), tables=(table,), charts=(chart,)
    )


def _rules_section(published: _Published, rules: list[str]) -> Section:
    columns = texts("columns")
    groups, months = published.total, published.months
    names = {code: texts("rules")[code].split(" (")[0] for code in rules}
    frame = pd.DataFrame({columns["rule"]: [names[c] for c in rules]})
    for group in groups:
        frame[group] = pd.Series(
            [published(f"violations_{c}", (group,), months) for c in rules], dtype=object
        )
    totals = [published(f"violations_{c}", groups, months) for c in rules]
    if len(groups) > 1:
        frame[text("titles", "total")] = pd.Series(totals, dtype=object)
    table = Table(
        text("tables", "rules"),
        frame,
        {c: "int" for c in frame.columns[1:]},
        sheet=text("tables", "rules"),
    )
    chart = Chart(
        text("charts", "violations_per_rule"),
        charts.horizontal_bars(
            [names[c] for c in rules],
            {text("titles", "total"): _points(totals)},
            text("charts", "violations_per_rule"),
        ),
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


class _Compared(NamedTuple):
    """What the summary compares: a label, the months and figures of "now" and of "before"."""

    label: str
    now_months: tuple[str, ...]
    now: dict[str, float]
    before_months: tuple[str, ...]
    before: dict[str, float] | None  # None: nothing to compare with


def partial_note(parts: _Parts) -> str:
    """The note under the month tables: which months the exports hold only partly ("" when none)."""
    partial = [covered_month_name(cover) for cover in parts.covers.values() if cover.partial]
    return text("coverage", "period_note", months=", ".join(partial)) if partial else ""


def _comparison(parts: _Parts, analysis: Analysis, covered: pd.DataFrame, kept: pd.DataFrame) -> _Compared:
    """Second half with first half, or one month with the month before; nothing compared (the label says
    why) when a compared month is partial (``analysis.coverage``)."""
    groups, months = parts.groups, parts.months
    if len(months) >= 2:
        half = len(months) // 2  # equal halves; the middle month of an odd period is left out
        first, second = months[:half], months[-half:]
        partial = [parts.covers[m] for m in (*first, *second) if parts.covers[m].partial]
        if partial:
            names = ", ".join(covered_month_name(cover) for cover in partial)
            return _Compared(
                text("coverage", "halves", months=names), months, parts(groups, months), (), None
            )
        label = text("summary", "compared_halves", after=_span(list(second)), before=_span(list(first)))
        return _Compared(label, second, parts(groups, second), first, parts(groups, first))
    previous = str(pd.Period(months[0], freq="M") - 1)
    before = restrict(analysis, list(groups), [previous])
    kept = kept[kept["month"] == previous] if len(kept) else kept  # the month before, from the history
    before_incidents, before_rows = without_kept(before.incidents, before.months, kept)
    now = parts(groups, months)
    if parts.covers[months[0]].partial:
        return _Compared(coverage_sentence(parts.covers[months[0]], previous), months, now, (), None)
    if before_rows.empty and kept.empty:
        return _Compared("", months, now, (), None)
    if not comparable(covered, months[0], previous, groups):
        return _Compared(not_compared_sentence(covered, months[0], previous, groups), months, now, (), None)
    label = text("summary", "compared_previous", after=month_name(months[0]))
    figures = with_rests(figures_with_kept(before_incidents, before_rows, kept, medians=False))
    return _Compared(label, months, now, (previous,), figures)


def _halves(months: list[str]) -> list[tuple[str, ...]]:
    """The parts of the period the summary compares (first half, middle month, second half)."""
    if len(months) < 2:
        return []
    half = len(months) // 2
    middle = [tuple(months[half:-half])] if len(months) % 2 else []
    return [tuple(months[:half]), *middle, tuple(months[-half:])]


def _span(months: list[str]) -> str:
    return (
        month_name(months[0]) if len(months) == 1 else f"{month_name(months[0])} t/m {month_name(months[-1])}"
    )


def _register_summary(published: _Published, compared: _Compared, rules: list[str]) -> None:
    """The counts the summary sentences may give, registered with the tables' counts before ``protect``,
    so a sentence cannot undo a table, nor a table a sentence."""
    total, (_, now_months, now, before_months, before) = published.total, compared
    said = (
        "incidents",
        "alarmed",
        "no_alarm_incidents",
        "saar_ordered",
        "multi_caller_incidents",
        "members_end",
    )
    for figure in (*said, *(f"violations_{c}" for c in rules)):
        published.count(figure, total, now_months, now, table=False)
    for name in ("alarm_rate", "saar_order_rate"):
        published.share(name, total, now_months, now, table=False)
    published.share("offtopic_share", total, now_months, now, public=False, table=False)
    if before is not None:
        for figure in ("incidents", "members_end"):
            published.count(figure, total, before_months, before, table=False)
        published.share("offtopic_share", total, before_months, before, public=False, table=False)
        start = ("members_start", total, published.months)
        if before_months[-1] not in published.months and start in published.values:
            # the members at the end of the month before are those at the start of the period
            if math.isclose(float(before["members_end"]), float(published.values[start])):  # type: ignore[arg-type]
                published.lines.append(([("members_end", total, before_months)], start))


def _sentences(
    published: _Published,
    compared: _Compared,
    *,
    method: str,
    rules: list[str],
    busiest: tuple[str, int] | None,
) -> list[str]:
    """The summary, saying only what ``published`` shows."""
    total = published.total
    _, now_months, now, before_months, before = compared
    shown_now = published.figures(total, now_months, now)
    shown_before = published.figures(total, before_months, before) if before is not None else None
    return summary_sentences(
        now,
        before,
        method=method,
        private=True,
        rule_names={c: texts("rules")[c] for c in rules},
        busiest=busiest,
        shown_now=shown_now,
        shown_before=shown_before,
    )


def effectiveness_report(
    analysis: Analysis,
    start_month: str,
    end_month: str,
    *,
    groups: list[str] | tuple[str, ...] | None = None,
    examples: bool = False,
    profile: Profile | None = None,
    history: pd.DataFrame | None = None,
) -> Report:
    """The Effectiviteitsrapport for ``start_month``..``end_month`` (inclusive) and ``groups``.

    ``history`` (``store.merged_months``): the months of the period that the store's history holds whole
    (their messages left the export, or the export holds only part of them) are counted from their stored
    figures in every table, chart and sentence that has them per month or in total, named "(historie)";
    their incidents have no day, hour or duration, so the times and the weekday table hold the export's
    incidents only. An analysis with the store's corrections says how many labels were corrected by hand
    in the period."""
    asked = month_range(start_month, end_month)
    chosen = choose_groups(analysis, groups)
    kept_all = kept_months(history, chosen)
    covered = history_coverage(month_coverage(analysis), kept_all if len(kept_all) else None)
    months = within_span(covered, asked, chosen) or asked  # no month before the groups' first record
    kept = kept_all[kept_all["month"].isin(months)].reset_index(drop=True) if len(kept_all) else kept_all
    sub = _without_kept(restrict(analysis, chosen, months), kept)
    profile = profile or default_profile()
    rules = [code for code in VIOLATIONS if profile.checks(code)]
    method = profile.method
    matrix, busiest = _timing(sub)
    parts = _Parts(sub, chosen, months, covered, kept)
    published = _Published(chosen, months, _halves(months))
    _register_tables(published, parts, sub, rules, matrix)
    compared = _comparison(parts, analysis, covered, kept_all)
    _register_summary(published, compared, rules)
    published.protect()
    counts = _monthly_counts(published, parts.labels)
    sections = [
        Section(
            text("sections", "overview"),
            intro=text("sections", "overview_intro"),
            tables=_overview_tables(published, parts),
        ),
        _trend_section(published, parts, counts),
        _timing_section(published, matrix, bool(len(kept))),
        _rules_section(published, rules),
    ]
    if examples:
        sections.append(_examples_section(analysis, sub, chosen))
    sentences = _sentences(published, compared, method=method, rules=rules, busiest=busiest)
    notice = text("titles", "no_personal_data")
    if examples:
        notice += " " + text("titles", "with_examples")
    notice = with_sentence(notice, corrections_sentence(sub.messages, private=True, kept=kept))
    return Report(
        kind="effectiviteit",
        title=text(
            "titles",
            "effectiviteit",
            start_name=month_name(months[0]),
            end_name=month_name(months[-1]),
        ),
        subtitle=text("titles", "effectiviteit_subtitle", n_groups=len(chosen)),
        period=(months[0], months[-1]),
        groups=tuple(chosen),
        summary=tuple(([compared.label] if compared.label else []) + sentences),
        sections=tuple(sections),
        notice=notice,
        generated=text("titles", "generated", date=datetime.now().strftime(DATE_TIME)),
        pseudonymised=True,
    )
