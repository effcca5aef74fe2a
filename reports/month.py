"""The Maandrapport: one month of one or more groups, for the regiegroep's review."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pandas as pd

from analysis.anonymise import Pseudonymiser, is_pseudonymised, pseudonymise_analysis
from analysis.coverage import (
    MonthCover,
    comparable,
    history_coverage,
    month_cover,
    month_coverage,
    within_span,
)
from analysis.keyfigures import KEY_FIGURES, figures_with_kept, kept_months, key_figures, without_kept
from analysis.model import VIOLATIONS, Analysis
from analysis.profile import Profile, default_profile
from presentation.formatting import DATE_TIME, format_change, format_value, is_missing
from presentation.measures import figure_format
from reports import charts
from reports.corrections import corrections_sentence, with_sentence
from reports.document import Chart, Report, Section, Table, Timeline
from reports.selection import choose_groups, parse_month, restrict
from reports.summary import summary_sentences
from reports.texts import (
    covered_month_name,
    covered_short_name,
    month_name,
    not_compared_sentence,
    text,
    texts,
)

#: Months of history in the trend chart, the reported month included.
TREND_MONTHS = 6
#: With more groups than this, key figures are shown side by side instead of one table per group.
SIDE_BY_SIDE_FROM = 3
#: Up to this many incidents get one row each in the timeline chart; more get a distribution chart.
TIMELINE_CHART_MAX = 40
#: Examples per rule in the violations section.
EXAMPLES_PER_RULE = 2


def _rules(profile: Profile) -> list[str]:
    return [code for code in VIOLATIONS if profile.checks(code)]


def _key_table(group: str, now: dict[str, float], before: dict[str, float] | None, note: str = "") -> Table:
    """One group's key figures; with ``before`` (a comparable month) also the month before and the change."""
    names = texts("figures")
    columns = texts("columns")
    rows = []
    formats = []
    for figure in KEY_FIGURES:
        kind = figure_format(figure)
        formats.append(kind)
        row = {columns["figure"]: names[figure], columns["this_month"]: now.get(figure)}
        if before is not None:
            row[columns["previous_month"]] = before.get(figure)
            row[columns["change"]] = format_change(now.get(figure), before.get(figure), kind)
        rows.append(row)
    frame = pd.DataFrame(rows)
    return Table(
        title=group,
        frame=frame,
        sheet=f"{text('sections', 'key_figures')} {group}",
        row_formats=tuple(formats),
        note=note,
    )


def _side_by_side(title: str, figures: dict[str, dict[str, float]]) -> Table:
    """Key figures with one column per group (rows: figures)."""
    names = texts("figures")
    frame = pd.DataFrame({texts("columns")["figure"]: [names[f] for f in KEY_FIGURES]})
    for group, values in figures.items():
        frame[group] = [values.get(f) for f in KEY_FIGURES]
    formats = tuple(figure_format(f) for f in KEY_FIGURES)
    return Table(
        f"{text('sections', 'key_figures')}: {title.lower()}",
        frame,
        sheet=f"{text('sections', 'key_figures')} {title.lower()}",
        row_formats=formats,
    )


def _trend_chart(
    analysis: Analysis, covered: pd.DataFrame, groups: list[str], month: pd.Period
) -> tuple[Chart, list[MonthCover]]:
    """Incidents per month up to ``month``, from the groups' first month on; partial months marked (and
    returned, for the note under the chart). A group has no bar in a month outside its export."""
    months = within_span(covered, [str(month - i) for i in range(TREND_MONTHS - 1, -1, -1)], groups)
    covers = {m: month_cover(covered, m, groups) for m in months}
    rows = analysis.months[analysis.months["group"].isin(groups) & analysis.months["month"].isin(months)]
    grid = pd.MultiIndex.from_product([groups, months], names=["group", "month"]).to_frame(index=False)
    frame = grid.merge(rows[["group", "month", "incidents"]], how="left")
    frame["label"] = frame["month"].map(lambda m: covered_short_name(covers[m]))
    frame["partial"] = frame["month"].map(lambda m: covers[m].partial)
    title = text("charts", "incidents_per_month")
    chart = Chart(title, charts.per_month_bars(frame, "incidents", title))
    return chart, [cover for cover in covers.values() if cover.partial]


def _key_section(
    analysis: Analysis,
    current: Analysis,
    before: Analysis,
    groups: list[str],
    month: pd.Period,
    covered: pd.DataFrame,
    kept: pd.DataFrame,
) -> tuple[Section, dict[str, float], dict[str, float]]:
    """Key figures per group (and in total), against the month before only where both months are complete;
    the month before from the store's history (``kept``) where it has it whole."""
    compare = {group: comparable(covered, str(month), str(month - 1), [group]) for group in groups}
    notes = {group: _not_compared(covered, [group], month) for group in groups}
    per_group = {
        group: (
            key_figures(
                current.incidents[current.incidents["group"] == group],
                current.months[current.months["group"] == group],
            ),
            month_figures_kept(analysis, kept[kept["group"] == group], [group], str(month - 1))[0]
            if len(kept)
            else key_figures(
                before.incidents[before.incidents["group"] == group],
                before.months[before.months["group"] == group],
            ),
        )
        for group in groups
    }
    compare_all = comparable(covered, str(month), str(month - 1), groups)
    if len(groups) <= SIDE_BY_SIDE_FROM:
        tables = [
            _key_table(group, now, then if compare[group] else None, notes[group])
            for group, (now, then) in per_group.items()
        ]
    else:  # many groups: one table per month with the groups side by side reads (and prints) better
        tables = [_side_by_side(text("columns", "this_month"), {g: v[0] for g, v in per_group.items()})]
        if compare_all:
            tables.append(
                _side_by_side(text("columns", "previous_month"), {g: v[1] for g, v in per_group.items()})
            )
    total_now = key_figures(current.incidents, current.months)
    total_before = month_figures_kept(analysis, kept, groups, str(month - 1))[0]
    if len(groups) > 1:
        tables.append(
            _key_table(
                text("titles", "total"),
                total_now,
                total_before if compare_all else None,
                _not_compared(covered, groups, month),
            )
        )
    chart, partial = _trend_chart(analysis, covered, groups, month)
    names = {"month_name": month_name(str(month)), "previous_name": month_name(str(month - 1))}
    intro = (
        text("sections", "key_figures_intro", **names)
        if compare_all
        else text("coverage", "key_figures_intro", **names)
    )
    bullets = ()
    if partial:
        months = ", ".join(covered_month_name(cover) for cover in partial)
        bullets = (text("coverage", "chart_note", months=months),)
    section = Section(
        title=text("sections", "key_figures"),
        intro=intro,
        bullets=bullets,
        tables=tuple(tables),
        charts=(chart,),
    )
    return section, total_now, total_before


def _not_compared(covered: pd.DataFrame, groups: list[str], month: pd.Period) -> str:
    """Why ``month`` is not compared with the month before, for these groups ("" when it is)."""
    return not_compared_sentence(covered, str(month), str(month - 1), groups)


def _minutes(value: object) -> str:
    return "–" if is_missing(value) else format_value(float(value), "min")  # type: ignore[arg-type]


def _timeline(row: pd.Series, several_groups: bool) -> Timeline:
    labels = texts("timeline")
    steps = [(labels["opening"], f"{row['start']:%H:%M}", "0")]
    for step, at, minutes, missing in (
        ("alarm", "first_alarm_at", "minutes_to_112", "never_alarm"),
        ("reaction", "first_reaction_at", "minutes_to_reaction", "never_reaction"),
    ):
        if is_missing(row[at]):
            steps.append((labels[step], labels[missing], "–"))
        else:
            steps.append((labels[step], f"{row[at]:%H:%M}", _minutes(row[minutes])))
    if not is_missing(row["closed_at"]):
        steps.append((labels["closure"], f"{row['closed_at']:%H:%M}", _minutes(row["minutes_to_closure"])))
    else:
        after = (row["end"] - row["start"]).total_seconds() / 60
        steps.append((labels["ran_out"], f"{row['end']:%H:%M}", _minutes(after)))
    parts = [row["start"].strftime(DATE_TIME), str(row["type"])]
    if several_groups:
        parts.insert(1, str(row["group"]))
    if not is_missing(row["opened_by"]):
        parts.append(f"{texts('columns')['opened_by'].lower()} {row['opened_by']}")
    outcome = labels["never_closure"] if is_missing(row["outcome"]) else str(row["outcome"])
    return Timeline(" · ".join(parts), str(row["opening_text"]), tuple(steps), outcome)


def _incident_section(current: Analysis, groups: list[str]) -> Section:
    incidents = current.incidents.sort_values("start", kind="stable")
    if incidents.empty:
        return Section(text("sections", "incidents"), intro=text("sections", "no_incidents"))
    columns = texts("columns")
    several = len(groups) > 1
    # the opening message and the outcome are on each incident's card (and in the Excel timeline sheet)
    shown = {
        "start": "datetime",
        "group": "text",
        "type": "text",
        "opened_by": "text",
        "minutes_to_112": "min",
        "saar_order": "text",
        "callers": "int",
        "minutes_to_reaction": "min",
        "reactors": "int",
        "minutes_to_closure": "min",
        "messages": "int",
    }
    if not several:
        shown.pop("group")
    frame = incidents[list(shown)].rename(columns=columns)
    frame[columns["saar_order"]] = incidents["saar_order"].map({True: "ja", False: "nee"}).to_numpy()
    table = Table(
        text("sections", "incidents"),
        frame.reset_index(drop=True),
        formats={columns[k]: v for k, v in shown.items()},
        sheet=text("sections", "incidents"),
    )
    steps = incidents.assign(
        label=[
            f"{i + 1}. {s:%d-%m %H:%M}" + (f" {charts.safe_label(g)[:18]}" if several else "")
            for i, (s, g) in enumerate(zip(incidents["start"], incidents["group"], strict=True))
        ]
    )
    if len(incidents) <= TIMELINE_CHART_MAX:
        chart = Chart(text("charts", "timeline"), charts.incident_timeline(steps, text("charts", "timeline")))
    else:  # one row per incident stops being readable: show how the times are spread instead
        title = text("charts", "timeline_distribution")
        chart = Chart(title, charts.step_distribution(incidents, title))
    timelines = tuple(_timeline(row, several) for _, row in incidents.iterrows())
    return Section(
        text("sections", "incidents"),
        intro=text("sections", "incidents_intro"),
        tables=(table,),
        charts=(chart,),
        timelines=timelines,
    )


def _saar_counts(incidents: pd.DataFrame) -> dict[str, int]:
    alarmed = incidents["minutes_to_112"].notna()
    ordered = incidents["saar_order"].astype(bool)
    return {
        "before": int(ordered.sum()),
        "later": int((alarmed & ~ordered).sum()),
        "never": int((~alarmed).sum()),
        "multi": int((incidents["callers"] > 1).sum()),
    }


def _saar_section(current: Analysis, groups: list[str], method: str) -> Section:
    situations = texts("saar_situations")
    columns = texts("columns")
    frame = pd.DataFrame({columns["situation"]: [situations[key] for key in situations]})
    per_group = {g: _saar_counts(current.incidents[current.incidents["group"] == g]) for g in groups}
    for group, counts in per_group.items():
        frame[group] = [counts[key] for key in situations]
    total = _saar_counts(current.incidents)
    n = len(current.incidents)
    if len(groups) > 1:
        frame[text("titles", "total")] = [total[key] for key in situations]
    frame[columns["share"]] = [total[key] / n if n else float("nan") for key in situations]
    formats = {column: "int" for column in frame.columns[1:]}
    formats[columns["share"]] = "pct"
    title = text("sections", "saar", method=method)
    return Section(
        title,
        intro=text("sections", "saar_intro", method=method),
        tables=(Table(title, frame, formats=formats, sheet=title),),
    )


def _violation_counts(messages: pd.DataFrame, rules: list[str]) -> dict[str, int]:
    codes = [code for codes in messages["violations"] for code in codes] if len(messages) else []
    return {code: codes.count(code) for code in rules}


def _rules_section(
    current: Analysis, before: Analysis | None, groups: list[str], rules: list[str]
) -> Section:
    """Violations per rule; against the month before only when ``before`` is given (comparable months)."""
    names = texts("rules")
    columns = texts("columns")
    now = _violation_counts(current.messages, rules)
    frame = pd.DataFrame(
        {
            columns["rule"]: [names[code] for code in rules],
            columns["this_month"]: [now[code] for code in rules],
        }
    )
    series = {columns["this_month"]: [now[c] for c in rules]}
    if before is not None:
        then = _violation_counts(before.messages, rules)
        frame[columns["previous"]] = [then[code] for code in rules]
        series[columns["previous"]] = [then[c] for c in rules]
    if len(groups) > 1:
        for group in groups:
            counts = _violation_counts(current.messages[current.messages["group"] == group], rules)
            frame[group] = [counts[code] for code in rules]
    formats = {column: "int" for column in frame.columns[1:]}
    title = text("sections", "violations")
    tables = [Table(title, frame, formats=formats, sheet=title)]
    examples = []
    with_violations = current.messages[current.messages["violations"].map(len) > 0]
    for code in rules:
        hits = with_violations[with_violations["violations"].map(lambda codes, c=code: c in codes)]
        for _, row in hits.head(EXAMPLES_PER_RULE).iterrows():
            examples.append(
                {
                    columns["rule"]: names[code].split(" (")[0],
                    columns["group"]: row["group"],
                    columns["timestamp"]: row["timestamp"],
                    columns["author"]: row["author"],
                    columns["example"]: row["text"],
                }
            )
    if examples:
        tables.append(
            Table(
                text("tables", "examples"),
                pd.DataFrame(examples),
                formats={columns["timestamp"]: "datetime"},
                sheet=text("tables", "examples_sheet"),
            )
        )
    chart = Chart(
        text("charts", "violations_per_rule"),
        charts.horizontal_bars(
            [names[code].split(" (")[0] for code in rules], series, text("charts", "violations_per_rule")
        ),
    )
    intro = text("sections", "violations_intro") if sum(now.values()) else text("sections", "no_violations")
    return Section(title, intro=intro, tables=tuple(tables), charts=(chart,))


def _participation_section(current: Analysis, groups: list[str]) -> Section:
    columns = texts("columns")
    figures = texts("figures")
    wanted = ("members_end", "joins", "leaves", "removals", "active_members", "silent_members")
    rows = current.months.set_index("group")
    membership = pd.DataFrame({columns["group"]: groups})
    for figure in wanted:
        membership[figures[figure]] = [rows[figure].get(g, 0) if figure in rows else 0 for g in groups]
    tables = [
        Table(
            text("sections", "participation"),
            membership,
            formats={figures[f]: "int" for f in wanted},
            sheet=text("sections", "participation"),
        )
    ]
    written = current.messages[current.messages["kind"] != "system"]
    if len(written):
        activity = (
            written.groupby(["author", "group"], observed=True)
            .agg(
                messages=("text", "size"),
                signals=("signal", "sum"),
                alarms=("alarm", "sum"),
                reactions=("reaction", "sum"),
                violations=("violations", lambda v: sum(map(len, v))),
            )
            .reset_index()
            .sort_values(["messages", "author"], ascending=[False, True])
        )
        activity = activity.rename(columns={"author": "member"}).rename(columns=columns)
        tables.append(
            Table(
                text("tables", "members"),
                activity.reset_index(drop=True),
                formats={c: "int" for c in activity.columns[2:]},
                sheet=text("tables", "members_sheet"),
            )
        )
    events = current.messages[current.messages["event"].isin(["added", "joined", "left", "removed"])]
    if len(events):
        moves = pd.DataFrame(
            {
                columns["member"]: events["member"].to_numpy(),
                columns["group"]: events["group"].to_numpy(),
                columns["kind"]: events["event"]
                .astype(str)
                .map(
                    {
                        "added": "toegevoegd",
                        "joined": "lid geworden",
                        "left": "vertrokken",
                        "removed": "verwijderd",
                    }
                )
                .to_numpy(),
                columns["timestamp"]: events["timestamp"].to_numpy(),
            }
        )
        tables.append(
            Table(
                text("tables", "moves"),
                moves,
                formats={columns["timestamp"]: "datetime"},
                sheet=text("tables", "moves"),
            )
        )
    leavers = current.offtopic_leavers
    if len(leavers):
        frame = leavers[["member", "group", "left_at", "burst_messages"]].rename(columns=columns)
        tables.append(
            Table(
                text("tables", "offtopic_leavers"),
                frame.reset_index(drop=True),
                formats={columns["left_at"]: "datetime", columns["burst_messages"]: "int"},
                sheet=text("tables", "offtopic_leavers"),
            )
        )
    return Section(
        text("sections", "participation"), intro=text("sections", "participation_intro"), tables=tuple(tables)
    )


def _summary(
    now: dict[str, float],
    then: dict[str, float],
    covered: pd.DataFrame,
    groups: list[str],
    month: pd.Period,
    profile: Profile,
) -> list[str]:
    """The summary sentences about the figures of ``groups`` together: a partial month (or one after a
    partial or missing month) is described, not compared (no "steeg van"), and says why first."""
    compare = comparable(covered, str(month), str(month - 1), groups)
    summary = summary_sentences(
        now,
        then if compare else None,
        method=profile.method,
        private=False,
        rule_names={c: texts("rules")[c] for c in _rules(profile)},
    )
    reason = _not_compared(covered, groups, month)
    if reason:
        summary.insert(0, reason)
    return summary


def month_figures_kept(
    analysis: Analysis, kept: pd.DataFrame, groups: list[str], month: str
) -> tuple[dict[str, float], bool]:
    """The key figures of ``month`` for ``groups`` together, a group's month from the store's history
    (``kept``, ``keyfigures.kept_months``) where it has it whole, else from the export; and whether any
    came from the history."""
    current = restrict(analysis, groups, [month])
    here = kept[kept["month"] == month] if len(kept) else kept
    incidents, rows = without_kept(current.incidents, current.months, here)
    return figures_with_kept(incidents, rows, here), bool(len(here))


def month_summary(
    analysis: Analysis,
    month: str,
    *,
    groups: list[str] | tuple[str, ...] | None = None,
    profile: Profile | None = None,
    history: pd.DataFrame | None = None,
) -> list[str]:
    """The Maandrapport's summary of ``month`` for ``groups`` (default: all), without building the report:
    the same sentences, for the dashboard's Overzicht.

    ``history`` (``store.merged_months``): a month the store's history holds whole (the month before, gone
    from the export, or this month when the export holds only part of it) is described and compared with
    its stored figures, and not called partial."""
    period = parse_month(month)
    chosen = choose_groups(analysis, groups)
    kept = kept_months(history, chosen)
    now, _ = month_figures_kept(analysis, kept, chosen, str(period))
    then, _ = month_figures_kept(analysis, kept, chosen, str(period - 1))
    covered = history_coverage(month_coverage(analysis), history)
    return _summary(now, then, covered, chosen, period, profile or default_profile())


def month_report(
    analysis: Analysis,
    month: str,
    *,
    groups: list[str] | tuple[str, ...] | None = None,
    names: bool = False,
    profile: Profile | None = None,
    history: pd.DataFrame | None = None,
) -> Report:
    """The Maandrapport of ``month`` ("YYYY-MM") for ``groups`` (default: all).

    Members are pseudonymised and text scrubbed unless ``names`` is True; pseudonyms are built from
    the whole analysis, so "Lid 04" is the same person in every month's report of the same input.
    An analysis that is already pseudonymised (`pseudonymise_analysis`) is used as it is.

    ``history`` (``store.merged_months``): the month before, when the store's history holds it whole (its
    messages left the export), is compared with its stored figures. The month itself is always the
    export's: the report lists its incidents and messages.
    """
    profile = profile or default_profile()
    period = parse_month(month)
    chosen = choose_groups(analysis, groups)
    kept = kept_months(history, chosen)
    kept = kept[kept["month"] == str(period - 1)] if len(kept) else kept
    covered = history_coverage(month_coverage(analysis), kept if len(kept) else None)
    compare = comparable(covered, str(period), str(period - 1), chosen)
    current = restrict(analysis, chosen, [str(period)])
    before = restrict(analysis, chosen, [str(period - 1)])
    # the report never shows the tagger's reasons; leaving them out saves anonymising them
    current = replace(current, messages=current.messages.drop(columns=["reasons"], errors="ignore"))
    already = is_pseudonymised(analysis)  # e.g. the dashboard's privacy switch did it: keep its numbers
    if not names and not already:
        current = pseudonymise_analysis(current, Pseudonymiser.from_analysis(analysis))
    names = names and not already
    method = profile.method
    rules = _rules(profile)
    key_section, now, then = _key_section(analysis, current, before, chosen, period, covered, kept)
    sections = (
        key_section,
        _incident_section(current, chosen),
        _saar_section(current, chosen, method),
        # per rule against the month before only when its messages are in the export
        _rules_section(current, before if compare and kept.empty else None, chosen, rules),
        _participation_section(current, chosen),
    )
    summary = _summary(now, then, covered, chosen, period, profile)
    cover = month_cover(covered, str(period), chosen)
    return Report(
        kind="maand",
        title=text("titles", "maand", month_name=covered_month_name(cover)),
        subtitle=text("titles", "maand_subtitle", groups=", ".join(chosen)),
        period=(str(period), str(period)),
        groups=tuple(chosen),
        summary=tuple(summary),
        sections=sections,
        notice=with_sentence(
            text("titles", "with_names") if names else text("titles", "pseudonymised"),
            corrections_sentence(current.messages),
        ),
        generated=text("titles", "generated", date=datetime.now().strftime(DATE_TIME)),
        pseudonymised=not names,
    )
