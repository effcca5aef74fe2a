"""The plain-Dutch summary: sentences generated from the figures by fixed rules.

Each rule looks at two sets of key figures (before/after) and adds a sentence only when it has
something to say, e.g. "Het aantal meldingen steeg van 4 naar 7." With ``private`` (the
municipality's report) a sentence says only what the report publishes (``shown_now``,
``shown_before``: the same counts and marks as its tables, docs/reports.md "Small counts"): a count
shown as "<3" is written "minder dan 3"; a sentence that needs a count hidden as "x" or a hidden share
is left out, and so are sentences that would tell more than "<3" (two "<3" counts compared, a share
of incidents out of fewer than 3, the members' joins and leaves).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from reports.formatting import MIN_CELL, format_value, is_missing, small
from reports.texts import text


def _verb(before: float, after: float) -> str:
    return text("summary", "rose") if after > before else text("summary", "fell")


#: The figures whose change against ``before`` gets a sentence: how they are written and the smallest
#: change worth one (a member more or less always counts).
CHANGES: dict[str, tuple[str, float]] = {
    "median_minutes_to_reaction": ("min", 1),
    "offtopic_share": ("pct", 0.01),
    "members_end": ("int", 0),
}


def _change(name: str, before: Mapping[str, float], now: Mapping[str, float]) -> dict[str, str] | None:
    """``verb``, ``before`` and ``after`` of a figure in ``CHANGES`` for its sentence, or None when either
    value is missing or the change is too small to tell: one rule for every "steeg/daalde van ... naar"."""
    kind, least = CHANGES[name]
    a, b = before.get(name, math.nan), now.get(name, math.nan)
    if is_missing(a) or is_missing(b) or a == b or abs(a - b) < least:
        return None
    return {
        "verb": _verb(a, b),
        "before": format_value(float(a), kind),
        "after": format_value(float(b), kind),
    }


class _Say:
    """How the numbers of one set of figures are written: exactly, or (private) as published."""

    def __init__(
        self, figures: Mapping[str, float], shown: Mapping[str, object] | None, private: bool
    ) -> None:
        self.figures, self.shown, self.private = figures, shown, private

    def value(self, name: str) -> object:
        """The figure as the report publishes it: a number, "<3", "x" or a share's mark."""
        raw = self.figures.get(name, 0)
        if not self.private:
            return raw
        if self.shown is not None and name in self.shown:
            return self.shown[name]
        return small(raw)

    def is_small(self, name: str) -> bool:
        return self.private and self.value(name) == text("charts", "small")

    def exact(self, name: str) -> bool:
        """Whether the figure is published as a number."""
        value = self.value(name)
        return not isinstance(value, str) and not is_missing(value)

    def count(self, name: str) -> str | None:
        """ "7", "minder dan 3", or None when the count may not be given (hidden as "x")."""
        value = self.value(name)
        if isinstance(value, str):
            return text("summary", "small_number") if value == text("charts", "small") else None
        if is_missing(value):
            return None
        return format_value(float(value), "int")  # type: ignore[arg-type]

    def incidents(self, name: str) -> str | None:
        """ "1 melding", "4 meldingen", "minder dan 3 meldingen", or None."""
        count = self.count(name)
        if count is None:
            return None
        one = not self.private and self.figures.get(name, 0) == 1
        return f"{count} {text('summary', 'incident_one' if one else 'incident_many')}"


def summary_sentences(
    now: dict[str, float],
    before: dict[str, float] | None,
    *,
    method: str,
    private: bool,
    rule_names: dict[str, str],
    busiest: tuple[str, int] | None = None,
    shown_now: Mapping[str, object] | None = None,
    shown_before: Mapping[str, object] | None = None,
) -> list[str]:
    """Sentences about ``now`` (and its change against ``before`` when given).

    With ``private``, ``shown_now`` and ``shown_before`` give what the report publishes of each figure
    (counts with "<3" and "x", shares with their marks); without them, counts of 1 or 2 are "<3"."""
    sentences: list[str] = []
    say_now = _Say(now, shown_now, private)
    say_before = _Say(before or {}, shown_before, private)
    n = int(now.get("incidents", 0))
    if before is not None and not is_missing(before.get("incidents")):
        m = int(before["incidents"])
        after, earlier = say_now.count("incidents"), say_before.count("incidents")
        # two counts below 3 compared would tell which is 1 and which 2
        both_small = say_now.is_small("incidents") and say_before.is_small("incidents")
        if after is not None and earlier is not None and not both_small:
            if n != m:
                sentences.append(
                    text("summary", "incidents_change", verb=_verb(m, n), before=earlier, after=after)
                )
            elif n:
                sentences.append(text("summary", "incidents_same", after=after))
    if n == 0:
        sentences.append(text("summary", "no_incidents"))
    else:
        if before is None and say_now.incidents("incidents") is not None:
            key = "incidents_only_one" if n == 1 and not private else "incidents_only"
            sentences.append(text("summary", key, after=say_now.incidents("incidents")))
        if not (private and (n < MIN_CELL or not say_now.exact("incidents"))):
            total = format_value(float(n), "int")
            alarmed, ordered = say_now.count("alarmed"), say_now.count("saar_ordered")
            if alarmed is not None:
                sentences.append(text("summary", "alarm_share", alarmed=alarmed, total=total))
            if ordered is not None:
                sentences.append(text("summary", "saar_share", ordered=ordered, total=total, method=method))
            if now.get("reacted", 0) >= (MIN_CELL if private else 1):
                sentences.append(
                    text(
                        "summary",
                        "reaction_median",
                        minutes=format_value(now["median_minutes_to_reaction"], "min"),
                    )
                )
        if before is not None:
            enough = not private or min(before.get("reacted", 0), now.get("reacted", 0)) >= MIN_CELL
            change = _change("median_minutes_to_reaction", before, now)
            if enough and change:
                sentences.append(text("summary", "reaction_change", **change))
        for figure, key, name in (
            ("multi_caller_incidents", "multi_callers", "count"),
            ("no_alarm_incidents", "no_alarm", "count"),
        ):
            count = say_now.incidents(figure)
            if now.get(figure, 0) and count is not None:
                sentences.append(text("summary", key, **{name: count}))
    if before is not None:
        published = say_before.exact("offtopic_share") and say_now.exact("offtopic_share")
        change = _change("offtopic_share", before, now)
        if published and change:
            sentences.append(text("summary", "offtopic_change", **change))
    counts = {code: now.get(f"violations_{code}", 0) for code in rule_names}
    if counts and max(counts.values()) > 0:
        code = max(counts, key=lambda c: counts[c])
        count = say_now.count(f"violations_{code}")
        if count is not None:
            sentences.append(
                text(
                    "summary",
                    "violations_top",
                    rule=rule_names[code].split(" (")[0].lower(),
                    count=count,
                )
            )
    if before is not None and (change := _change("members_end", before, now)):
        if not private:
            moves = {name: format_value(float(now.get(name, 0)), "int") for name in ("joins", "leaves")}
            key = "members_change"
            removals = float(now.get("removals", 0) or 0)
            if removals:  # removed members are part of the change: without them the sum does not add up
                key, moves["removals"] = "members_change_removed", format_value(removals, "int")
            sentences.append(text("summary", key, **change, **moves))
        elif say_before.exact("members_end") and say_now.exact("members_end"):
            # without joins and leaves: with the members at both ends they would pin down the other
            sentences.append(text("summary", "members_change_private", **change))
    if busiest is not None:
        weekday, block_start = busiest
        sentences.append(
            text(
                "summary",
                "busiest_time",
                weekday=weekday,
                hour_from=f"{block_start:02d}",
                hour_to=f"{block_start + 4:02d}",
            )
        )
    return sentences
