"""Large synthetic exports of a neighbourhood-watch group, for benchmarks (parse 1M, analyse 40k/1M).

Speed matters more than per-record objects here, so lines are assembled in bulk: every body is
drawn from small pools built once per call (phrases in exportgen/data/synthetic.toml, wordings
from the renderer), headers from per-day and per-second caches, and the whole file is one join.
The mix: chatter and off-topic messages, incident threads (report, "112 gebeld", reactions,
updates, closure), about 10% multi-line bodies, media, deleted messages, polls, locations and
joins/leaves/removals, by a few hundred invented members over months.

    python -m exportgen.synthetic 1000000 --format android-nl --out /tmp/big.txt
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from exportgen.bulk import (
    GROUP,
    START,
    export_text,
    headers,
    invented_names,
    record_lines,
    system_tails,
    timestamps,
)
from exportgen.chat import Chat, Message, Poll
from exportgen.formats import RenderFormat, get_format
from exportgen.render import display_name, message_body

POOL_SIZE = 400  # realised variants per phrase list: enough variety, cheap to build

# Role codes of a record slot.
CHATTER, SIGNAL, ALARM, REACTION, UPDATE, CLOSURE, INCIDENT_CHAT, MEDIA, DELETED, POLL, LOCATION, SYSTEM = (
    range(12)
)
TEXT_ROLES = {
    CHATTER: "chatter",
    SIGNAL: "signal",
    ALARM: "alarm",
    REACTION: "reaction",
    UPDATE: "update",
    CLOSURE: "closure",
    INCIDENT_CHAT: "incident_chatter",
}
#: Roles of records outside incident threads, with their shares.
SINGLE_ROLES = np.array([CHATTER, MEDIA, DELETED, POLL, LOCATION, SYSTEM])
SINGLE_SHARES = np.array([0.815, 0.11, 0.02, 0.002, 0.003, 0.05])
MEDIA_TYPES = ("image", "video", "audio", "sticker", "document")
MEDIA_SHARES = (0.6, 0.1, 0.15, 0.1, 0.05)
MULTILINE_SHARE = 0.10
EDITED_SHARE = 0.01


@cache
def _phrases() -> dict[str, Any]:
    raw = resources.files("exportgen").joinpath("data", "synthetic.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def _fill(rng: np.random.Generator, template: str) -> str:
    data = _phrases()
    return template.format(
        street=data["streets"][rng.integers(len(data["streets"]))],
        nr=int(rng.integers(1, 140)),
        plate=data["plates"][rng.integers(len(data["plates"]))],
    )


def _names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct invented names; some are phone numbers, as in real groups."""
    data = _phrases()
    return invented_names(rng, data["first_names"], data["last_names"], count)


def _threads(rng: np.random.Generator, count: int) -> list[np.ndarray]:
    """Role sequences of incident threads: a report, then alarms, reactions, updates, a closure."""
    middle = np.array([ALARM, REACTION, UPDATE, UPDATE, INCIDENT_CHAT])
    lengths = rng.integers(2, 8, size=count)
    closes = rng.random(count) < 0.8
    threads = []
    for length, closed in zip(lengths.tolist(), closes.tolist(), strict=True):
        body = rng.choice(middle, size=length)
        threads.append(np.concatenate(([SIGNAL], body, [CLOSURE] if closed else [])))
    return threads


def _layout(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Role per record slot and whether the slot continues a thread (short time gap)."""
    threads = _threads(rng, max(n // 60, 1 if n >= 10 else 0))
    thread_slots = sum(len(t) for t in threads)
    while threads and thread_slots > n // 2:
        thread_slots -= len(threads.pop())
    singles = n - thread_slots
    units = len(threads) + singles
    order = rng.permutation(units)
    is_thread = order < len(threads)
    lengths = np.ones(units, dtype=np.int64)
    thread_lengths = np.array([len(t) for t in threads], dtype=np.int64)
    lengths[is_thread] = thread_lengths[order[is_thread]]
    in_thread = np.repeat(is_thread, lengths)
    roles = np.empty(n, dtype=np.int64)
    if threads:
        roles[in_thread] = np.concatenate([threads[i] for i in order[is_thread].tolist()])
    roles[~in_thread] = rng.choice(SINGLE_ROLES, size=singles, p=SINGLE_SHARES)
    continues = in_thread & (roles != SIGNAL)
    return roles, continues


def _text_pools(rng: np.random.Generator) -> dict[int, list[str]]:
    data = _phrases()
    pools: dict[int, list[str]] = {}
    for role, key in TEXT_ROLES.items():
        phrases = data[key]
        pools[role] = [_fill(rng, phrases[i % len(phrases)]) for i in range(POOL_SIZE)]
    return pools


def _bodies(
    rng: np.random.Generator, fmt: RenderFormat, chat: Chat, names: list[str], roles: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """One flat pool of "name: body" tails (or whole system tails) and the pool index per slot."""
    data = _phrases()
    seconds_lines = data["second_lines"]
    when = START
    tails: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}

    def add(role: int, bodies: list[str]) -> None:
        offsets[role] = (len(tails), len(bodies))
        tails.extend(bodies)

    pools = _text_pools(rng)
    for role, pool in pools.items():
        variants = []
        for i, text in enumerate(pool):
            if rng.random() < MULTILINE_SHARE * 2 and i % 2 == 0:
                extra = seconds_lines[rng.integers(len(seconds_lines))]
                text = f"{text}\n\n{extra}" if rng.random() < 0.2 else f"{text}\n{extra}"
            edited = rng.random() < EDITED_SHARE
            variants.append(message_body(fmt, chat, Message(when, "x", text, edited=edited)))
        add(role, variants)
    captions = pools[CHATTER][:50] + pools[UPDATE][:50]
    media_bodies = []
    for i in range(POOL_SIZE):
        media = MEDIA_TYPES[int(rng.choice(len(MEDIA_TYPES), p=MEDIA_SHARES))]
        caption = captions[i % len(captions)] if rng.random() < 0.3 else ""
        media_bodies.append(message_body(fmt, chat, Message(when, "x", caption, media=media)))
    add(MEDIA, media_bodies)
    add(DELETED, [message_body(fmt, chat, Message(when, "x", deleted=True))])
    add(
        POLL,
        [
            message_body(
                fmt,
                chat,
                Message(when, "x", poll=Poll("Wie komt er naar de buurtavond?", ("Ja", "Nee", "Misschien"))),
            )
        ],
    )
    add(
        LOCATION,
        [
            message_body(
                fmt,
                chat,
                Message(
                    when,
                    "x",
                    location=f"https://maps.google.com/?q=52.{rng.integers(10**5)},5.{rng.integers(10**5)}",
                ),
            )
            for _ in range(20)
        ],
    )

    add(SYSTEM, system_tails(rng, fmt, chat, names, POOL_SIZE))

    index = np.empty(len(roles), dtype=np.int64)
    for role, (start, size) in offsets.items():
        mask = roles == role
        index[mask] = start + rng.integers(0, size, size=int(mask.sum()))
    return tails, index


def generate_export(n_messages: int, format_id: str = "android-nl", *, seed: int = 0) -> str:
    """A synthetic export of `n_messages` records (plus the encryption notice and the group's
    creation on top) in format `format_id`; the same seed gives the same text."""
    if n_messages < 0:
        raise ValueError("n_messages must be >= 0")
    fmt = get_format(format_id)
    rng = np.random.default_rng(seed)
    names = _names(rng, 300)
    exporter = names[1]
    chat = Chat(GROUP, (), exporter=exporter, non_contacts=names[2::3])
    roles, continues = _layout(rng, n_messages)
    seconds = timestamps(rng, n_messages, continues)
    slot_headers = headers(fmt, seconds)
    tails, body_index = _bodies(rng, fmt, chat, names, roles)

    # Zipf-like activity: a few members write most, many are silent.
    weights = 1.0 / np.arange(1, len(names) + 1) ** 0.9
    author_index = rng.choice(len(names), size=n_messages, p=weights / weights.sum())
    speakers = [display_name(fmt, chat, name) + ": " for name in names] + [""]
    author_index[roles == SYSTEM] = len(names)

    lines = record_lines(fmt, slot_headers, speakers, author_index.tolist(), tails, body_index.tolist())
    return export_text(fmt, chat, names[0], lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exportgen.synthetic", description=__doc__.splitlines()[0]
    )
    parser.add_argument("n", type=int, help="number of records to generate")
    parser.add_argument("--format", default="android-nl", help="export format id (exportgen.formats)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    text = generate_export(args.n, args.format, seed=args.seed)
    took = time.perf_counter() - started
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8", newline="")
        print(
            f"{args.n:,} records, {len(text.encode()):,} bytes in {took:.2f} s -> {args.out}", file=sys.stderr
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
