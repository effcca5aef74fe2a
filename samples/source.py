"""The sample chats: load `sample_exports/source/*.yaml` strictly, render them into `sample_exports/`.

The YAML sources (docs/sample-source.md) are both the parser's golden output and the tagger's
hand-labelled evaluation set, so a typo must fail loudly with the file and record index instead
of silently dropping a label. `load_source` keeps the labels in record order so an evaluator can
align parsed rows with them 1:1.

    python -m samples           re-render every sample export
    python -m samples --check   exit 1 when a file on disk differs from a fresh render
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from analysis.model import LABELS, VIOLATIONS
from exportgen.chat import Chat, Message, Poll, Record, SystemEvent
from exportgen.formats import FORMATS
from exportgen.render import render, render_zip, zip_name
from parsers.schema import EVENTS, MEDIA_TYPES

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_exports"
SOURCE_DIR = SAMPLES_DIR / "source"
#: The held-out evaluation chat(s): written without sight of the tagger, never used to tune it.
HELDOUT_DIR = SAMPLES_DIR / "heldout"

TOP_REQUIRED = {"group", "file_name", "format", "records"}
TOP_OPTIONAL = {"zip", "exporter", "non_contacts", "description"}
SYSTEM_KEYS = {"at", "system", "actor", "member", "text"}
SYSTEM_TEXT_EVENTS = {"created", "subject"}  # `text` is the group name the event writes
MEMBER_KEYS = {"at", "author", "text", "media", "deleted", "poll", "location", "edited"} | {
    "labels",
    "violations",
    "incident",
}
SPECIAL_KEYS = ("media", "deleted", "poll", "location")
RENDERABLE_EVENTS = tuple(event for event in EVENTS if event != "other")


class SampleSourceError(ValueError):
    """A sample source breaks docs/sample-source.md; the message names file and record."""


@dataclass(frozen=True)
class LabelledRecord:
    """One source record with its hand labels (empty for system records)."""

    record: Record
    labels: tuple[str, ...] = ()
    violations: tuple[str, ...] = ()
    incident: str | None = None


@dataclass(frozen=True)
class SampleChat:
    """A loaded sample source: the chat to render, where it goes, and the hand labels."""

    path: Path
    file_name: str
    format: str
    zip: bool
    description: str
    chat: Chat
    labelled: tuple[LabelledRecord, ...]

    @property
    def records(self) -> tuple[Record, ...]:
        return self.chat.records


def _fail(path: Path, where: str, problem: str) -> SampleSourceError:
    return SampleSourceError(f"{path.name}: {where}: {problem}")


def _timestamp(value: object, path: Path, where: str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
            try:
                return datetime.strptime(value.strip(), layout)
            except ValueError:
                continue
    raise _fail(path, where, f"`at` must be 'YYYY-MM-DD HH:MM[:SS]', got {value!r}")


def _text(value: object, path: Path, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise _fail(path, where, f"`{key}` must be text, got {type(value).__name__} {value!r}")
    return value


def _codes(value: object, allowed: Sequence[str], path: Path, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise _fail(path, where, f"`{key}` must be a list of codes, got {value!r}")
    unknown = [code for code in value if code not in allowed]
    if unknown:
        raise _fail(path, where, f"unknown {key} {unknown}; allowed: {', '.join(allowed)}")
    if len(set(value)) != len(value):
        raise _fail(path, where, f"`{key}` repeats a code: {value}")
    return tuple(value)


def _system_record(raw: Mapping[str, Any], path: Path, where: str) -> LabelledRecord:
    unknown = set(raw) - SYSTEM_KEYS
    if unknown:
        raise _fail(
            path,
            where,
            f"unknown keys for a system record: {sorted(unknown)} (allowed: {sorted(SYSTEM_KEYS)})",
        )
    event = raw["system"]
    if event not in RENDERABLE_EVENTS:
        raise _fail(path, where, f"unknown system event {event!r}; allowed: {', '.join(RENDERABLE_EVENTS)}")
    if "text" in raw and event not in SYSTEM_TEXT_EVENTS:
        raise _fail(path, where, f"`text` is only allowed on {sorted(SYSTEM_TEXT_EVENTS)} system records")
    actor = _text(raw["actor"], path, where, "actor") if "actor" in raw else None
    member = _text(raw["member"], path, where, "member") if "member" in raw else None
    name = _text(raw["text"], path, where, "text") if "text" in raw else None
    if event in ("added", "removed", "joined", "left") and member is None:
        raise _fail(path, where, f"a {event!r} record needs `member` (whom it is about)")
    if event == "encryption" and (actor or member):
        raise _fail(path, where, "the encryption notice has no actor or member")
    at = _timestamp(raw["at"], path, where)
    return LabelledRecord(SystemEvent(at, event, actor=actor, member=member, name=name))


def _poll(value: object, path: Path, where: str) -> Poll:
    if not isinstance(value, dict) or set(value) != {"question", "options"}:
        raise _fail(path, where, f"`poll` must be {{question: ..., options: [...]}}, got {value!r}")
    options = value["options"]
    if not isinstance(options, list) or not options or not all(isinstance(o, str) for o in options):
        raise _fail(path, where, "poll `options` must be a non-empty list of texts")
    return Poll(_text(value["question"], path, where, "poll question"), tuple(options))


def _member_record(raw: Mapping[str, Any], path: Path, where: str) -> LabelledRecord:
    unknown = set(raw) - MEMBER_KEYS
    if unknown:
        raise _fail(
            path,
            where,
            f"unknown keys for a member record: {sorted(unknown)} (allowed: {sorted(MEMBER_KEYS)})",
        )
    specials = [key for key in SPECIAL_KEYS if key in raw]
    if len(specials) > 1:
        raise _fail(path, where, f"a record is at most one of media/deleted/poll/location, got {specials}")
    if not specials and "text" not in raw:
        raise _fail(path, where, "a member record needs `text`, `media`, `deleted`, `poll` or `location`")
    if "text" in raw and specials and specials[0] != "media":
        raise _fail(path, where, f"`text` cannot go with `{specials[0]}` (only media has a caption)")
    media = raw.get("media")
    if media is not None and media not in MEDIA_TYPES:
        raise _fail(path, where, f"unknown media type {media!r}; allowed: {', '.join(MEDIA_TYPES)}")
    if "deleted" in raw and raw["deleted"] is not True:
        raise _fail(path, where, "`deleted` must be `true` (omit it otherwise)")
    edited = raw.get("edited", False)
    if not isinstance(edited, bool):
        raise _fail(path, where, f"`edited` must be true or false, got {edited!r}")
    text = _text(raw.get("text", ""), path, where, "text")
    if text != text.strip() or (not specials and not text):
        raise _fail(
            path, where, "`text` must be non-empty without leading/trailing blanks (WhatsApp trims them)"
        )
    labels = _codes(raw.get("labels"), LABELS, path, where, "labels")
    if "closure" in labels and "update" in labels:
        raise _fail(path, where, "a closure is `closure`, not also `update` (labelling guide)")
    violations = _codes(raw.get("violations"), VIOLATIONS, path, where, "violations")
    incident = raw.get("incident")
    if incident is not None and (not isinstance(incident, str) or not incident):
        raise _fail(path, where, f"`incident` must be a non-empty id, got {incident!r}")
    message = Message(
        at=_timestamp(raw["at"], path, where),
        author=_text(raw["author"], path, where, "author"),
        text=text,
        media=media,
        deleted=bool(raw.get("deleted", False)),
        poll=_poll(raw["poll"], path, where) if "poll" in raw else None,
        location=_text(raw["location"], path, where, "location") if "location" in raw else None,
        edited=edited,
    )
    return LabelledRecord(message, labels, violations, incident)


def _record(raw: object, path: Path, index: int) -> LabelledRecord:
    where = f"record {index}"
    if not isinstance(raw, dict):
        raise _fail(path, where, f"a record must be a mapping, got {raw!r}")
    if "at" in raw:
        where = f"record {index} (at {raw['at']})"
    else:
        raise _fail(path, where, "missing `at`")
    if ("system" in raw) == ("author" in raw):
        raise _fail(path, where, "a record has exactly one of `system` or `author`")
    return _system_record(raw, path, where) if "system" in raw else _member_record(raw, path, where)


def load_source(path: Path | str) -> SampleChat:
    """Read and validate one source file; raises SampleSourceError naming the bad record."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise _fail(path, "file", f"not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise _fail(path, "file", "the top level must be a mapping")
    missing = TOP_REQUIRED - set(raw)
    unknown = set(raw) - TOP_REQUIRED - TOP_OPTIONAL
    if missing or unknown:
        raise _fail(path, "top level", f"missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    if raw["format"] not in FORMATS:
        raise _fail(path, "top level", f"unknown format {raw['format']!r}; known: {', '.join(FORMATS)}")
    if not isinstance(raw.get("zip", False), bool):
        raise _fail(path, "top level", "`zip` must be true or false")
    non_contacts = raw.get("non_contacts") or []
    if not isinstance(non_contacts, list) or not all(isinstance(n, str) for n in non_contacts):
        raise _fail(path, "top level", "`non_contacts` must be a list of names")
    if not isinstance(raw["records"], list) or not raw["records"]:
        raise _fail(path, "top level", "`records` must be a non-empty list")
    file_name = _text(raw["file_name"], path, "top level", "file_name")
    if "/" in file_name or "\\" in file_name or not file_name.endswith(".txt"):
        raise _fail(path, "top level", f"`file_name` must be a plain .txt file name, got {file_name!r}")
    labelled = tuple(_record(record, path, index) for index, record in enumerate(raw["records"]))
    chat = Chat(
        group=_text(raw["group"], path, "top level", "group"),
        records=(item.record for item in labelled),
        exporter=raw.get("exporter"),
        non_contacts=non_contacts,
    )
    return SampleChat(
        path=path,
        file_name=file_name,
        format=raw["format"],
        zip=raw.get("zip", False),
        description=str(raw.get("description", "")).strip(),
        chat=chat,
        labelled=labelled,
    )


def source_paths(source_dir: Path | None = None) -> list[Path]:
    """The sources in ``source_dir``, or all of them (``source/`` and ``heldout/``): every sample export."""
    dirs = [source_dir] if source_dir is not None else [SOURCE_DIR, HELDOUT_DIR]
    return sorted(path for folder in dirs for path in folder.glob("*.yaml"))


def rendered_files(sample: SampleChat) -> dict[str, bytes]:
    """File name -> exact bytes of every export this source renders to."""
    files = {sample.file_name: render(sample.chat, sample.format).encode("utf-8")}
    if sample.zip:
        files[zip_name(sample.chat)] = render_zip(sample.chat, sample.format)
    return files


def all_rendered(source_dir: Path | None = None) -> dict[str, bytes]:
    """Every sample export, refusing two sources that would write the same file."""
    files: dict[str, bytes] = {}
    for path in source_paths(source_dir):
        for name, data in rendered_files(load_source(path)).items():
            if name in files:
                raise SampleSourceError(f"{path.name}: renders {name!r}, which another source renders too")
            files[name] = data
    return files


def rendered_on_disk(samples_dir: Path = SAMPLES_DIR) -> set[str]:
    return {p.name for p in samples_dir.iterdir() if p.is_file() and p.suffix in (".txt", ".zip")}


def check(samples_dir: Path = SAMPLES_DIR, source_dir: Path | None = None) -> list[str]:
    """Problems between the files on disk and a fresh render (empty list: all up to date)."""
    expected = all_rendered(source_dir)
    problems = []
    for name, data in expected.items():
        target = samples_dir / name
        if not target.exists():
            problems.append(f"missing: {name}")
        elif target.read_bytes() != data:
            problems.append(f"out of date: {name}")
    for name in sorted(rendered_on_disk(samples_dir) - set(expected)):
        problems.append(f"not rendered from any source: {name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="compare instead of writing; exit 1 on differences"
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = check()
            for problem in problems:
                print(problem)
            print("sample exports are up to date" if not problems else "run `python -m samples`")
            return 1 if problems else 0
        for name, data in all_rendered().items():
            (SAMPLES_DIR / name).write_bytes(data)
            print(f"wrote sample_exports/{name}")
    except SampleSourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
