"""Bulk assembly of large exports, shared by exportgen.synthetic and exportgen.realistic.

Large exports are built as columns rather than as `Message` objects: a timestamp per record slot
(seconds since START), a header string per slot from per-day and per-second caches, an author per
slot and a body per slot; `record_lines` puts them together and `export_text` adds the two opening
system lines and the format's line endings. The wordings still come from exportgen.render, so a
bulk export reads exactly like a rendered one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from exportgen.chat import Chat, SystemEvent
from exportgen.formats import LRM, RenderFormat
from exportgen.render import system_line_name, system_text

GROUP = "Buurtpreventie Synthetisch"
START = datetime(2023, 1, 2)  # midnight of the first day; the group is created that morning
CREATED = START.replace(hour=7, minute=30)

#: Relative activity per hour of the day (quiet at night, busy in the evening).
HOURLY_ACTIVITY = np.array(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 3, 4, 4, 4, 4, 4.5, 4, 4, 4, 4.5, 5, 6, 7, 7.5, 6.5, 4.5, 2.5]
)


def invented_names(
    rng: np.random.Generator, first_names: Sequence[str], last_names: Sequence[str], count: int
) -> list[str]:
    """`count` distinct invented "first last" names; some are phone numbers, as in real groups."""
    combos = [f"{first} {last}" for first in first_names for last in last_names]
    picked = [combos[i] for i in rng.permutation(len(combos))[:count]]
    for i in range(7, len(picked), 25):
        picked[i] = f"+31 6 {rng.integers(10_000_000, 99_999_999)}"
    return picked


def timestamps(rng: np.random.Generator, n: int, continues: np.ndarray) -> np.ndarray:
    """Seconds since START (from the next day on): months of activity with a daily rhythm, slots
    that continue a thread minutes after the one above, and a few messages stamped before the one
    above (airplane mode)."""
    days = int(np.clip(n / 200, 90, 730))
    starts = ~continues
    anchors = int(starts.sum())
    hour = rng.choice(24, size=anchors, p=HOURLY_ACTIVITY / HOURLY_ACTIVITY.sum())
    anchor_seconds = np.sort(
        rng.integers(1, days + 1, size=anchors) * 86_400 + hour * 3600 + rng.integers(0, 3600, size=anchors)
    )
    group = np.cumsum(starts) - 1
    gaps = np.where(continues, rng.integers(20, 400, size=n), 0)
    running = np.cumsum(gaps)
    within = running - running[np.flatnonzero(starts)][group]
    seconds = anchor_seconds[group] + within
    late = rng.random(n) < 0.002
    seconds[late] -= rng.integers(60, 900, size=int(late.sum()))
    return np.maximum(seconds, 0)


def headers(fmt: RenderFormat, seconds: np.ndarray) -> list[str]:
    """Header per slot, from caches per calendar day and per second of the day."""
    day_index = (seconds // 86_400).tolist()
    second_of_day = (seconds % 86_400).tolist()
    date_part: dict[int, str] = {}
    for day in set(day_index):
        d = START + timedelta(days=day)
        opening = "[" if fmt.brackets else ""
        date_part[day] = opening + fmt.date_text(d.year, d.month, d.day) + (", " if fmt.comma else " ")
    time_part: dict[int, str] = {}
    closing = ("]" if fmt.brackets else "") + fmt.separator
    for sod in set(second_of_day):
        hour, rest = divmod(sod, 3600)
        time_part[sod] = fmt.time_text(hour, rest // 60, rest % 60) + closing
    return [date_part[d] + time_part[t] for d, t in zip(day_index, second_of_day, strict=True)]


def system_tails(
    rng: np.random.Generator, fmt: RenderFormat, chat: Chat, names: Sequence[str], count: int
) -> list[str]:
    """`count` whole system-line tails (name and text, or text alone): joins, leaves, adds, removals."""
    tails = []
    for _ in range(count):
        actor, member = (names[i] for i in rng.choice(len(names), size=2, replace=False))
        event = str(rng.choice(["joined", "left", "added", "removed"], p=[0.35, 0.35, 0.2, 0.1]))
        record = SystemEvent(
            START, event, actor=actor if event in ("added", "removed") else None, member=member
        )
        name = system_line_name(fmt, chat, record)
        body = system_text(fmt, chat, record)
        tails.append(f"{name}: {body}" if name is not None else body)
    return tails


def record_lines(
    fmt: RenderFormat,
    slot_headers: Sequence[str],
    speakers: Sequence[str],
    author_index: Sequence[int],
    tails: Sequence[str],
    body_index: Sequence[int],
) -> list[str]:
    """One line per slot: header, speaker ("name: ", or "" for system tails) and tail, with the LRM
    iOS writes before the header when the body starts with one."""
    marked = [fmt.mark_line_start and tail.startswith(LRM) for tail in tails]
    return [
        (LRM if marked[b] else "") + h + speakers[a] + tails[b]
        for h, a, b in zip(slot_headers, author_index, body_index, strict=True)
    ]


def export_text(fmt: RenderFormat, chat: Chat, creator: str, lines: list[str]) -> str:
    """The whole export: the encryption notice and the group's creation by `creator`, then `lines`,
    with the format's line endings (inside messages too)."""
    opening = [
        SystemEvent(CREATED, "encryption"),
        SystemEvent(CREATED, "created", actor=creator),
    ]
    head = []
    for record in opening:
        name = system_line_name(fmt, chat, record)
        body = system_text(fmt, chat, record)
        start = LRM if fmt.mark_line_start and body.startswith(LRM) else ""
        head.append(start + fmt.header(record.at) + (f"{name}: " if name is not None else "") + body)
    ending, inner = fmt.line_ending, fmt.inner_line_ending or fmt.line_ending
    if inner == ending:
        text = "\n".join(head + lines) + "\n"
        return text.replace("\n", ending) if ending != "\n" else text
    return ending.join(line.replace("\n", inner) for line in head + lines) + ending
