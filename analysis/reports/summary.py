"""The plain-Dutch summary: sentences generated from the figures by fixed rules.

Each rule looks at two sets of key figures (before/after) and adds a sentence only when it has
something to say, e.g. "Het aantal meldingen steeg van 4 naar 7." With ``private`` (the
municipality's report) counts of 1 or 2 are written as "minder dan 3".
"""

from __future__ import annotations

import math

from analysis.reports.formatting import MIN_CELL, format_value, is_missing
from analysis.reports.texts import text


def _count(value: float, private: bool) -> str:
    if private and 0 < value < MIN_CELL:
        return text("summary", "small_number")
    return format_value(float(value), "int")


def _incidents(value: float, private: bool) -> str:
    """ "1 melding", "4 meldingen", "minder dan 3 meldingen"."""
    noun = text("summary", "incident_one") if value == 1 and not private else text("summary", "incident_many")
    return f"{_count(value, private)} {noun}"


def _verb(before: float, after: float) -> str:
    return text("summary", "rose") if after > before else text("summary", "fell")


def summary_sentences(
    now: dict[str, float],
    before: dict[str, float] | None,
    *,
    method: str,
    private: bool,
    rule_names: dict[str, str],
    busiest: tuple[str, int] | None = None,
) -> list[str]:
    """Sentences about ``now`` (and its change against ``before`` when given)."""
    sentences: list[str] = []
    n = int(now.get("incidents", 0))
    if before is not None and not is_missing(before.get("incidents")):
        m = int(before["incidents"])
        if n != m:
            sentences.append(
                text(
                    "summary",
                    "incidents_change",
                    verb=_verb(m, n),
                    before=_count(m, private),
                    after=_count(n, private),
                )
            )
        elif n:
            sentences.append(text("summary", "incidents_same", after=_count(n, private)))
    if n == 0:
        sentences.append(text("summary", "no_incidents"))
    else:
        if before is None:
            sentences.append(text("summary", "incidents_only", after=_incidents(n, private)))
        if not (private and n < MIN_CELL):
            sentences.append(
                text(
                    "summary",
                    "alarm_share",
                    alarmed=_count(now["alarmed"], private),
                    total=format_value(float(n), "int"),
                )
            )
            sentences.append(
                text(
                    "summary",
                    "saar_share",
                    ordered=_count(now["saar_ordered"], private),
                    total=format_value(float(n), "int"),
                    method=method,
                )
            )
            if now.get("reacted", 0) >= (MIN_CELL if private else 1):
                sentences.append(
                    text(
                        "summary",
                        "reaction_median",
                        minutes=format_value(now["median_minutes_to_reaction"], "min"),
                    )
                )
        if before is not None:
            a, b = before.get("median_minutes_to_reaction", math.nan), now["median_minutes_to_reaction"]
            enough = not private or min(before.get("reacted", 0), now.get("reacted", 0)) >= MIN_CELL
            if enough and not is_missing(a) and not is_missing(b) and abs(a - b) >= 1:
                sentences.append(
                    text(
                        "summary",
                        "reaction_change",
                        verb=_verb(a, b),
                        before=format_value(a, "min"),
                        after=format_value(b, "min"),
                    )
                )
        if now.get("multi_caller_incidents", 0):
            sentences.append(
                text("summary", "multi_callers", count=_incidents(now["multi_caller_incidents"], private))
            )
        if now.get("no_alarm_incidents", 0):
            sentences.append(
                text("summary", "no_alarm", count=_incidents(now["no_alarm_incidents"], private))
            )
    if before is not None:
        a, b = before.get("offtopic_share", math.nan), now.get("offtopic_share", math.nan)
        if not is_missing(a) and not is_missing(b) and abs(a - b) >= 0.01:
            sentences.append(
                text(
                    "summary",
                    "offtopic_change",
                    verb=_verb(a, b),
                    before=format_value(a, "pct"),
                    after=format_value(b, "pct"),
                )
            )
    counts = {code: now.get(f"violations_{code}", 0) for code in rule_names}
    if counts and max(counts.values()) > 0:
        code = max(counts, key=lambda c: counts[c])
        sentences.append(
            text(
                "summary",
                "violations_top",
                rule=rule_names[code].split(" (")[0].lower(),
                count=_count(counts[code], private),
            )
        )
    if before is not None:
        a, b = before.get("members_end", math.nan), now.get("members_end", math.nan)
        if not is_missing(a) and not is_missing(b) and a != b:
            sentences.append(
                text(
                    "summary",
                    "members_change",
                    verb=_verb(a, b),
                    before=_count(a, private),
                    after=_count(b, private),
                    joins=_count(now.get("joins", 0), private),
                    leaves=_count(now.get("leaves", 0), private),
                )
            )
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
