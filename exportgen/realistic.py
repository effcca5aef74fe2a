"""Realistic large exports of a neighbourhood-watch group, for benchmarks: distinct message texts.

`exportgen.synthetic` draws every body from about 900 texts, so a benchmark on it measures a cache
(issue 12). Here every text message is drawn from a small grammar with a real vocabulary
(exportgen/data/realistic.toml): invented names, streets, house numbers, Dutch licence plates, clock
times, vehicles and colours, clothing, emoji, some English, and typos (dropped, swapped and doubled
letters, lowercase, no punctuation). A text that still comes out the same as an earlier one gets a
variation appended, so at least 95% of member texts are distinct; only a few stock replies ("Ok",
"👍") repeat, as they do in real chats.

The mix: chatter and off-topic (greetings, thanks, welcomes, lost cats, parcels, for sale, rules
talk, neighbourhood news, past crimes, forwarded warnings, "Kerkstraat 112"), incident threads
(report, 112 confirmation in many wordings, questions, reactions, updates, photos, closure) making
up `density` of the member messages (quiet 1%, moderate 5%, busy 15%), most messages short and some
long multi-line ones, media, deleted messages, polls, locations and joins/leaves/adds/removals, by
300 invented members over months. Bodies are built a column at a time (numpy object arrays, one
draw per grammar alternative for all messages that use it), then assembled with exportgen.bulk like
the synthetic exports.

    python -m exportgen.realistic 40000 --density busy --out /tmp/busy.txt
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from exportgen import bulk
from exportgen.chat import Chat, Message, Poll
from exportgen.formats import RenderFormat, get_format
from exportgen.render import display_name, message_body
from exportgen.texts import wording

#: Share of member messages in incident threads, per named density.
DENSITIES: dict[str, float] = {"quiet": 0.01, "moderate": 0.05, "busy": 0.15}
#: How far the incident share of a generated export may be from the requested one (relative).
DENSITY_TOLERANCE = 0.1
MEMBERS = 300
SYSTEM_SHARE = 0.04
SYSTEM_POOL = 400  # distinct system lines to draw from (they are not member texts)

# Role codes of a record slot.
(
    CHATTER,
    STOCK,
    SIGNAL,
    SIGNAL_CALLED,
    ALARM,
    QUESTION,
    REACTION,
    UPDATE,
    CLOSURE,
    INCIDENT_CHAT,
    MEDIA,
    DELETED,
    POLL,
    LOCATION,
    SYSTEM,
) = range(15)
#: The grammar symbol a text message of each role starts from ("<symbol>_en" for English ones).
TEXT_SYMBOLS: dict[int, str] = {
    CHATTER: "chatter",
    STOCK: "stock",
    SIGNAL: "signal",
    SIGNAL_CALLED: "signal_called",
    ALARM: "alarm",
    QUESTION: "question",
    REACTION: "reaction",
    UPDATE: "update",
    CLOSURE: "closure",
    INCIDENT_CHAT: "incident_chat",
}
#: Records outside incident threads that are not system lines, with their shares.
SINGLE_ROLES = np.array([CHATTER, STOCK, MEDIA, DELETED, POLL, LOCATION])
SINGLE_SHARES = np.array([0.818, 0.02, 0.12, 0.035, 0.003, 0.004])
#: Records inside a thread, between the report and the closure.
THREAD_ROLES = np.array([ALARM, QUESTION, REACTION, UPDATE, INCIDENT_CHAT, MEDIA, LOCATION, DELETED])
THREAD_SHARES = np.array([0.08, 0.08, 0.3, 0.3, 0.17, 0.05, 0.01, 0.01])
MEAN_THREAD_MIDDLE = 5.0  # messages between the report and the closure, on average
REPORT_CALLS_SHARE = 0.35  # reports that say 112 was called ("..., 112 is gebeld")
ALARM_AFTER_REPORT_SHARE = 0.55  # other reports followed at once by a 112 confirmation
CLOSED_SHARE = 0.8
MEDIA_TYPES = ("image", "video", "audio", "sticker", "document")
MEDIA_SHARES = (0.6, 0.1, 0.15, 0.1, 0.05)
CAPTION_SHARE = 0.3
ENGLISH_SHARE = 0.05
SECOND_LINE_SHARE = 0.06
TYPO_SHARE = 0.15
EDITED_SHARE = 0.01
DEDUPLICATION_ROUNDS = 12
_SLOT = re.compile(r"\{([a-z0-9_]+)\}")


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("exportgen").joinpath("data", "realistic.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def _patterned(rng: np.random.Generator, patterns: Sequence[str], letters: str, k: int) -> np.ndarray:
    """`k` strings, each in one of `patterns` with 9 a random digit and X a random one of `letters`."""
    out = np.empty(k, dtype=object)
    which = rng.integers(len(patterns), size=k)
    codes_of_letters = np.frombuffer(letters.encode(), dtype=np.uint8)
    for number, pattern in enumerate(patterns):
        rows = np.flatnonzero(which == number)
        if not len(rows):
            continue
        codes = np.empty((len(rows), len(pattern)), dtype=np.uint8)
        for column, char in enumerate(pattern.encode()):
            if char == ord("9"):
                codes[:, column] = rng.integers(ord("0"), ord("9") + 1, size=len(rows))
            elif char == ord("X"):
                codes[:, column] = codes_of_letters[rng.integers(len(codes_of_letters), size=len(rows))]
            else:
                codes[:, column] = char
        out[rows] = codes.view(f"S{len(pattern)}").ravel().astype(f"U{len(pattern)}").astype(object)
    return out


def _pool(values: Sequence[str]) -> Callable[[np.random.Generator, int], np.ndarray]:
    array = np.array(list(values), dtype=object)
    return lambda rng, k: array[rng.integers(len(array), size=k)]


def _generated_slots() -> dict[str, Callable[[np.random.Generator, int], np.ndarray]]:
    """The slots the code fills (numbers, plates, times, phone numbers), from [slots] of the data file."""
    slots = _data()["slots"]
    numbers = [str(i) for i in range(1, slots["house_numbers"] + 1)]
    numbers += [f"{i}{suffix}" for i in range(1, 61) for suffix in slots["house_number_suffixes"]]
    times = [f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)]
    times += [f"{h}.{m:02d}" for h in range(24) for m in range(60)]
    letters = slots["plate_letters"]
    return {
        "nr": _pool(numbers),
        "time": _pool(times),
        "minutes": _pool([str(i) for i in range(2, 46)]),
        "count": _pool(["2", "3", "4", "5"]),
        "height": _pool([f"1.{cm}" for cm in range(55, 100)] + slots["heights"]),
        "age": _pool([str(i) for i in range(15, 76)]),
        "price": _pool(slots["prices"]),
        "plate": lambda rng, k: _patterned(rng, slots["plate_patterns"], letters, k),
        "phone": lambda rng, k: _patterned(rng, slots["phone_patterns"], letters, k),
    }


class Grammar:
    """Symbols with alternatives, expanded for many messages at once.

    `expand(symbol, k, rng)` draws one alternative per message, then builds each alternative for all
    messages that drew it at once: its literal pieces and the expansions of its slots are concatenated
    elementwise as numpy object arrays, so the Python work grows with the size of the grammar, not
    with the number of messages.
    """

    def __init__(
        self,
        rules: Mapping[str, Sequence[str]],
        generated: Mapping[str, Callable[[np.random.Generator, int], np.ndarray]],
    ) -> None:
        self._generated = dict(generated)
        self._leaves: dict[str, np.ndarray] = {}
        self._rules: dict[str, list[list[tuple[bool, str]]]] = {}
        for symbol, alternatives in rules.items():
            if not alternatives:
                raise ValueError(f"grammar symbol {symbol!r} has no alternatives")
            if not any(_SLOT.search(text) for text in alternatives):
                self._leaves[symbol] = np.array(list(alternatives), dtype=object)
                continue
            self._rules[symbol] = [self._parts(text) for text in alternatives]
        known = set(self._leaves) | set(self._rules) | set(self._generated)
        for symbol, alternatives in self._rules.items():
            for parts in alternatives:
                for is_slot, name in parts:
                    if is_slot and name not in known:
                        raise ValueError(f"grammar symbol {symbol!r} refers to unknown {{{name}}}")

    @staticmethod
    def _parts(text: str) -> list[tuple[bool, str]]:
        parts: list[tuple[bool, str]] = []
        for index, piece in enumerate(_SLOT.split(text)):
            if not index % 2 and ("{" in piece or "}" in piece):
                raise ValueError(f"grammar alternative {text!r} has a brace that is not a {{symbol}} slot")
            if piece or index % 2:
                parts.append((bool(index % 2), piece))
        return parts

    def __contains__(self, symbol: str) -> bool:
        return symbol in self._rules or symbol in self._leaves or symbol in self._generated

    def expand(self, symbol: str, k: int, rng: np.random.Generator) -> np.ndarray:
        """`k` independent expansions of `symbol`, as an object array of str."""
        if k == 0:
            return np.empty(0, dtype=object)
        if symbol in self._generated:
            return self._generated[symbol](rng, k)
        leaf = self._leaves.get(symbol)
        if leaf is not None:
            return leaf[rng.integers(len(leaf), size=k)]
        alternatives = self._rules[symbol]
        choice = rng.integers(len(alternatives), size=k)
        order = np.argsort(choice, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(choice, minlength=len(alternatives)))))
        out = np.empty(k, dtype=object)
        for number, parts in enumerate(alternatives):
            rows = order[bounds[number] : bounds[number + 1]]
            if len(rows):
                out[rows] = self._join(parts, len(rows), rng)
        return out

    def _join(self, parts: list[tuple[bool, str]], k: int, rng: np.random.Generator) -> np.ndarray:
        joined = np.full(k, "", dtype=object)
        for is_slot, value in parts:
            joined = joined + (self.expand(value, k, rng) if is_slot else value)
        return joined


@cache
def _grammar() -> Grammar:
    return Grammar(_data()["grammar"], _generated_slots())


def density_share(density: str | float) -> float:
    """The share of member messages in incident threads: a name of DENSITIES or a number in [0, 0.5]
    (also as a string, as a command line gives it)."""
    if density in DENSITIES:
        return DENSITIES[density]  # type: ignore[index]
    try:
        share = float(density)
    except ValueError:
        raise ValueError(f"density {density!r} is not one of {', '.join(DENSITIES)} or a number") from None
    if not 0 <= share <= 0.5:
        raise ValueError(f"density {share} is not between 0 and 0.5")
    return share


def _threads(rng: np.random.Generator, target: int) -> list[np.ndarray]:
    """Role sequences of incident threads with `target` records in all (the last one cut short)."""
    threads: list[np.ndarray] = []
    total = 0
    while total < target:
        batch = max(int((target - total) / (MEAN_THREAD_MIDDLE + 2.5)) + 1, 8)
        calls = rng.random(batch) < REPORT_CALLS_SHARE
        alarms = ~calls & (rng.random(batch) < ALARM_AFTER_REPORT_SHARE)
        middles = np.minimum(rng.geometric(1 / (MEAN_THREAD_MIDDLE + 1), size=batch) - 1, 40)
        closed = rng.random(batch) < CLOSED_SHARE
        after = np.where(closed & (rng.random(batch) < 0.4), rng.integers(1, 4, size=batch), 0)
        middle_roles = rng.choice(THREAD_ROLES, size=int(middles.sum()), p=THREAD_SHARES)
        starts = np.concatenate(([0], np.cumsum(middles)))
        for i in range(batch):
            thread = np.concatenate(
                (
                    [SIGNAL_CALLED if calls[i] else SIGNAL],
                    [ALARM] if alarms[i] else [],
                    middle_roles[starts[i] : starts[i + 1]],
                    [CLOSURE] if closed[i] else [],
                    [INCIDENT_CHAT] * int(after[i]),
                )
            ).astype(np.int64)
            thread = thread[: target - total]
            threads.append(thread)
            total += len(thread)
            if total >= target:
                break
    return threads


def _layout(rng: np.random.Generator, n: int, share: float) -> tuple[np.ndarray, np.ndarray]:
    """Role per record slot and whether the slot is part of an incident thread."""
    system = round(SYSTEM_SHARE * n)
    target = round(share * (n - system))
    threads = _threads(rng, target)
    singles = np.concatenate(
        (np.full(system, SYSTEM), rng.choice(SINGLE_ROLES, size=n - target - system, p=SINGLE_SHARES))
    ).astype(np.int64)
    singles = singles[rng.permutation(len(singles))]
    units = len(threads) + len(singles)
    order = rng.permutation(units)
    is_thread = order < len(threads)
    lengths = np.ones(units, dtype=np.int64)
    lengths[is_thread] = np.array([len(t) for t in threads], dtype=np.int64)[order[is_thread]]
    in_thread = np.repeat(is_thread, lengths)
    roles = np.empty(n, dtype=np.int64)
    if threads:
        roles[in_thread] = np.concatenate([threads[i] for i in order[is_thread].tolist()])
    roles[~in_thread] = singles
    return roles, in_thread


_NO_PUNCTUATION = str.maketrans("", "", ".,!?'")


def _objects(values: Sequence[object]) -> np.ndarray:
    """A 1-D object array of `values` (np.array would make rows of tuples and lists)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _typo(text: str, kind: int, where: float) -> str:
    """One typing slip: 0 dropped letter, 1 swapped letters, 2 doubled letter, 3 all lowercase,
    4 no punctuation, 5 no capital at the start."""
    if kind == 3:
        return text.lower()
    if kind == 4:
        return text.translate(_NO_PUNCTUATION) or text
    if kind == 5:
        return text[:1].lower() + text[1:]
    i = int(where * len(text))
    if not text[i : i + 1].isalpha():
        return text
    if kind == 0 and len(text) > 3:
        return text[:i] + text[i + 1 :]
    if kind == 1 and text[i + 1 : i + 2].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i] + text[i:]


def _texts(rng: np.random.Generator, roles: np.ndarray) -> np.ndarray:
    """The text of every text-message slot (None elsewhere): drawn from the grammar, some with a
    second line, some with a typo, and made distinct except for the stock replies."""
    grammar = _grammar()
    texts = np.full(len(roles), None, dtype=object)
    for role, symbol in TEXT_SYMBOLS.items():
        rows = np.flatnonzero(roles == role)
        english = rng.random(len(rows)) < (ENGLISH_SHARE if f"{symbol}_en" in grammar else 0.0)
        texts[rows[~english]] = grammar.expand(symbol, int((~english).sum()), rng)
        texts[rows[english]] = grammar.expand(f"{symbol}_en", int(english.sum()), rng)
    stock = roles == STOCK
    free = np.flatnonzero(np.isin(roles, list(TEXT_SYMBOLS)) & ~stock)

    # A second line (a greeting, a phone number, a signature) under a message of some length.
    sizable = free[np.fromiter((len(t) >= 25 for t in texts[free].tolist()), dtype=bool, count=len(free))]
    longer = sizable[rng.random(len(sizable)) < SECOND_LINE_SHARE]
    breaks = np.where(rng.random(len(longer)) < 0.2, "\n\n", "\n").astype(object)
    texts[longer] = texts[longer] + breaks + grammar.expand("second_line", len(longer), rng)

    slipped = free[rng.random(len(free)) < TYPO_SHARE]
    kinds = rng.choice(6, size=len(slipped), p=[0.25, 0.2, 0.1, 0.2, 0.1, 0.15]).tolist()
    where = rng.random(len(slipped)).tolist()
    texts[slipped] = _objects(
        [_typo(t, k, w) for t, k, w in zip(texts[slipped].tolist(), kinds, where, strict=True)]
    )

    # A text that came out the same as an earlier one (or as a stock reply) gets a variation, until
    # it is new; stock replies may repeat.
    seen = set(texts[stock].tolist())
    pending = []
    for position, text in enumerate(texts[free].tolist()):
        if text in seen:
            pending.append(position)
        else:
            seen.add(text)
    for _ in range(DEDUPLICATION_ROUNDS):
        if not pending:
            break
        rows = free[pending]
        texts[rows] = texts[rows] + grammar.expand("variation", len(rows), rng)
        still = []
        for position, text in zip(pending, texts[rows].tolist(), strict=True):
            if text in seen:
                still.append(position)
            else:
                seen.add(text)
        pending = still
    return texts


def _bodies(
    rng: np.random.Generator,
    fmt: RenderFormat,
    chat: Chat,
    names: list[str],
    roles: np.ndarray,
    in_thread: np.ndarray,
    authors: np.ndarray,
) -> list[str]:
    """The tail of every slot: the body of a member's record, or the whole system line after the header."""
    grammar = _grammar()
    bodies = _texts(rng, roles)
    is_text = np.isin(roles, list(TEXT_SYMBOLS))
    edited = np.flatnonzero(is_text & (rng.random(len(roles)) < EDITED_SHARE))
    bodies[edited] = bodies[edited] + wording(fmt.texts, "edited")

    media_rows = np.flatnonzero(roles == MEDIA)
    media = np.array(MEDIA_TYPES)[rng.choice(len(MEDIA_TYPES), size=len(media_rows), p=MEDIA_SHARES)]
    captioned = rng.random(len(media_rows)) < CAPTION_SHARE
    plain = {kind: message_body(fmt, chat, Message(bulk.START, "x", media=kind)) for kind in MEDIA_TYPES}
    bodies[media_rows] = _objects([plain[kind] for kind in media.tolist()])
    for rows, symbol in (
        (captioned & in_thread[media_rows], "caption_incident"),
        (captioned & ~in_thread[media_rows], "caption"),
    ):
        captions = grammar.expand(symbol, int(rows.sum()), rng).tolist()
        bodies[media_rows[rows]] = _objects(
            [
                message_body(fmt, chat, Message(bulk.START, "x", caption, media=kind))
                for caption, kind in zip(captions, media[rows].tolist(), strict=True)
            ]
        )

    deleted = np.flatnonzero(roles == DELETED)
    by_exporter = np.array([names[a] == chat.exporter for a in authors[deleted].tolist()], dtype=bool)
    gone = (
        message_body(fmt, chat, Message(bulk.START, "x", deleted=True)),
        message_body(fmt, chat, Message(bulk.START, chat.exporter or "", deleted=True)),
    )
    bodies[deleted] = np.where(by_exporter, gone[1], gone[0])

    options = _data()["polls"]["options"]
    polls = np.flatnonzero(roles == POLL)
    questions = grammar.expand("poll_question", len(polls), rng).tolist()
    for row, question in zip(polls.tolist(), questions, strict=True):
        poll = Poll(question, tuple(options[rng.integers(len(options))]))
        bodies[row] = message_body(fmt, chat, Message(bulk.START, "x", poll=poll))
    for row in np.flatnonzero(roles == LOCATION).tolist():
        url = f"https://maps.google.com/?q=52.{rng.integers(10**5):05d},5.{rng.integers(10**5):05d}"
        bodies[row] = message_body(fmt, chat, Message(bulk.START, "x", location=url))

    system_rows = np.flatnonzero(roles == SYSTEM)
    if len(system_rows):
        pool = _objects(bulk.system_tails(rng, fmt, chat, names, SYSTEM_POOL))
        bodies[system_rows] = pool[rng.integers(len(pool), size=len(system_rows))]
    return bodies.tolist()


@dataclass(frozen=True)
class RealisticExport:
    """A generated export and what the generator knows about it.

    `incident[i]` is True when record i of the file (the two opening system lines included, so
    row i of `parsers.read_chat(text)`) is a member's message the generator put in an incident thread.
    """

    text: str
    incident: np.ndarray
    density: float

    def shares(self, frame: pd.DataFrame | None = None) -> ExportShares:
        """`export_shares` of this export, parsing the text unless its parsed `frame` is given."""
        if frame is None:
            from parsers import read_chat

            frame = read_chat(self.text.encode("utf-8"))
        return export_shares(frame, self.incident)


@dataclass(frozen=True)
class ExportShares:
    """How repetitive a parsed export is, and how much of it is incidents."""

    text_messages: int  # records of kind "message"
    distinct_texts: int  # distinct texts among them
    member_messages: int  # records that are not system lines
    incident_messages: int  # member messages in incident threads

    @property
    def distinct_share(self) -> float:
        return self.distinct_texts / self.text_messages if self.text_messages else 1.0

    @property
    def incident_share(self) -> float:
        return self.incident_messages / self.member_messages if self.member_messages else 0.0

    def summary(self) -> str:
        return (
            f"distinct texts {self.distinct_share:.1%} of {self.text_messages:,} text messages, "
            f"incident messages {self.incident_share:.1%} of {self.member_messages:,} member messages"
        )

    def __add__(self, other: ExportShares) -> ExportShares:
        """Shares of two exports together (distinct texts are counted per export)."""
        return ExportShares(
            self.text_messages + other.text_messages,
            self.distinct_texts + other.distinct_texts,
            self.member_messages + other.member_messages,
            self.incident_messages + other.incident_messages,
        )


def export_shares(frame: pd.DataFrame, incident: np.ndarray) -> ExportShares:
    """The distinct-text share and the incident share of a parsed generated export.

    `frame` is `parsers.read_chat` (or `read_export(...).frame`) of the export, or of a prefix of it
    (an export cut to a size limit); `incident` is `RealisticExport.incident`, one flag per record.
    The distinct share is over the texts of records of kind "message" (what the tagger reads), the
    incident share over all records that are not system lines.
    """
    flags = np.asarray(incident, dtype=bool)
    if len(frame) > len(flags):
        raise ValueError(f"the frame has {len(frame):,} records, the export only {len(flags):,}")
    kinds = frame["kind"].astype(str).to_numpy()
    member = kinds != "system"
    texts = frame["text"].to_numpy()[kinds == "message"]
    return ExportShares(
        text_messages=len(texts),
        distinct_texts=int(pd.Series(texts, dtype=object).nunique()),
        member_messages=int(member.sum()),
        incident_messages=int((flags[: len(frame)] & member).sum()),
    )


def generate(
    n_messages: int, format_id: str = "android-nl", *, seed: int = 0, density: str | float = "busy"
) -> RealisticExport:
    """A realistic export of `n_messages` records (plus the encryption notice and the group's
    creation on top) in format `format_id`, with `density` of its member messages in incident
    threads; the same arguments give the same export."""
    if n_messages < 0:
        raise ValueError("n_messages must be >= 0")
    share = density_share(density)
    fmt = get_format(format_id)
    rng = np.random.default_rng(seed)
    members = _data()["members"]
    names = bulk.invented_names(rng, members["first_names"], members["last_names"], MEMBERS)
    chat = Chat(bulk.GROUP, (), exporter=names[1], non_contacts=names[2::3])
    roles, in_thread = _layout(rng, n_messages, share)
    continues = in_thread & (roles != SIGNAL) & (roles != SIGNAL_CALLED)
    slot_headers = bulk.headers(fmt, bulk.timestamps(rng, n_messages, continues))

    # Zipf-like activity: a few members write most, many are silent.
    weights = 1.0 / np.arange(1, len(names) + 1) ** 0.9
    authors = rng.choice(len(names), size=n_messages, p=weights / weights.sum())
    authors[roles == SYSTEM] = len(names)
    tails = _bodies(rng, fmt, chat, names, roles, in_thread, authors)
    speakers = [display_name(fmt, chat, name) + ": " for name in names] + [""]
    lines = bulk.record_lines(fmt, slot_headers, speakers, authors.tolist(), tails, range(n_messages))
    return RealisticExport(
        text=bulk.export_text(fmt, chat, names[0], lines),
        incident=np.concatenate((np.zeros(2, dtype=bool), in_thread & (roles != SYSTEM))),
        density=share,
    )


def generate_export(
    n_messages: int, format_id: str = "android-nl", *, seed: int = 0, density: str | float = "busy"
) -> str:
    """The text of `generate(...)`: the same shape as `exportgen.synthetic.generate_export`."""
    return generate(n_messages, format_id, seed=seed, density=density).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exportgen.realistic", description=__doc__.splitlines()[0]
    )
    parser.add_argument("n", type=int, help="number of records to generate")
    parser.add_argument("--format", default="android-nl", help="export format id (exportgen.formats)")
    parser.add_argument(
        "--density",
        default="busy",
        help=f"share of member messages in incident threads: {', '.join(DENSITIES)} or a number",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--measure", action="store_true", help="parse the export and print its shares")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    export = generate(args.n, args.format, seed=args.seed, density=args.density)
    took = time.perf_counter() - started
    if args.out is None:
        sys.stdout.write(export.text)
    else:
        args.out.write_text(export.text, encoding="utf-8", newline="")
        print(
            f"{args.n:,} records, {len(export.text.encode()):,} bytes in {took:.2f} s -> {args.out}",
            file=sys.stderr,
        )
    if args.measure:
        print(export.shares().summary(), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
