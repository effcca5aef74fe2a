"""Does every line that looks like a message header become a record, or get a note saying why not?

``python -m parsers.audit FOLDER_OR_FILES...`` reads every export (.txt/.zip) it finds and compares,
line by line, three things:

- the lines that *look like* a WhatsApp message header, by a loose pattern that knows no layout
  (a date and a time at the start of a line in any layout of the format catalogue, then " - " or "] ",
  or ": " after a time with seconds as in the old iPhone exports);
- the lines ``read_export`` started a record on (``frame["line"]``);
- the lines a note names ("regel 12: ...").

A header-like line without a record, or a record on a line that is not header-like (two records cut
from one line, say), is a difference; a difference on a line a note names is explained, any other is
not. The script only reads; docs/parser-audit.md explains the columns and the exit code.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import parsers
from parsers.errors import ParseError
from parsers.source import clean, unpack

EXPORT_SUFFIXES = (".txt", ".zip")
#: Lines shown per file with unexplained differences (``--show`` changes it).
SHOWN_LINES = 5
#: Characters of a line's text shown (``--no-text`` shows none).
TEXT_CHARACTERS = 80

_SPACE = "[ \u00a0\u202f]"
_AMPM = f"(?:{_SPACE}?[AaPp]\\.?{_SPACE}?[Mm]\\.?)"
_DATES = "|".join(
    rf"\d{{1,2}}{sep}\d{{1,2}}{sep}(?:\d{{4}}|\d{{2}})|\d{{4}}{sep}\d{{1,2}}{sep}\d{{1,2}}"
    for sep in (r"\-", "/", r"\.")
)
_DATE_TIME = rf"(?:{_DATES}),?{_SPACE}\d{{1,2}}[:.]\d{{2}}"  # "14.56" too (Indonesian exports)
#: A line that looks like a message header in any layout: "[date, time] ", "date time - ", and the old
#: iPhone "date time:ss: " (only with seconds, so that "12-05-2022 10:00: vergadering" is text).
HEADER_LIKE = re.compile(
    rf"^(?:\[{_DATE_TIME}(?:[:.]\d{{2}})?{_AMPM}?\] "
    rf"|{_DATE_TIME}(?:[:.]\d{{2}})?{_AMPM}? - "
    rf"|{_DATE_TIME}:\d{{2}}{_AMPM}?: )"
)
#: The line numbers at the start of a note: "regel 12: ...", also "regels 12, 15 en 20: ...".
_NOTE_LINES = re.compile(r"^regels? (\d+(?:(?:, | en )\d+)*)\b")
#: What the parser writes when a line that looked like a header was kept as text of the message above.
_KEPT_AS_TEXT = re.compile(r"als tekst (?:van|bij) het vorige bericht", re.IGNORECASE)

NO_RECORD = "header-like line without a record"
NOT_HEADER_LIKE = "record on a line that is not header-like"


@dataclass(frozen=True)
class Finding:
    """One unexplained difference: a line, its text, and which kind of difference it is."""

    line: int  # 1-based, in the chat text as the parser numbers it
    text: str
    kind: str  # NO_RECORD or NOT_HEADER_LIKE
    member: str | None = None  # the chat inside a zip holding several chats


@dataclass(frozen=True)
class AuditResult:
    """What the audit found in one export file."""

    path: str
    format: str | None  # the format the parser recognised (its description); None if not read
    header_like: int  # lines that look like a message header
    records: int  # records read_export returned
    explained: int  # differences on a line a note names
    unexplained: tuple[Finding, ...]
    error: str | None = None  # why the file could not be read at all

    @property
    def ok(self) -> bool:
        return not self.unexplained


@dataclass(frozen=True)
class Comparison:
    header_like: int
    records: int
    explained: int
    unexplained: tuple[Finding, ...]


def chat_lines(text: str) -> list[str]:
    """The lines of a cleaned chat text, numbered as the parser numbers them (split on LF only)."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def header_like_lines(lines: Sequence[str]) -> list[int]:
    """The 1-based numbers of the lines that look like a message header."""
    return [number for number, line in enumerate(lines, 1) if HEADER_LIKE.match(line)]


def noted_lines(notes: Iterable[str]) -> set[int]:
    """Every line number a note starts with."""
    found: set[int] = set()
    for note in notes:
        match = _NOTE_LINES.match(note)
        if match:
            found.update(int(number) for number in re.findall(r"\d+", match[1]))
    return found


def kept_as_text_lines(notes: Iterable[str]) -> int:
    """How many lines the notes say were kept as text of the previous message (header-like lines
    whose date or time does not exist, and the like); a note without line numbers counts as one."""
    total = 0
    for note in notes:
        if _KEPT_AS_TEXT.search(note):
            match = _NOTE_LINES.match(note)
            total += len(re.findall(r"\d+", match[1])) if match else 1
    return total


def compare(
    lines: Sequence[str], record_lines: Iterable[int], notes: Iterable[str], member: str | None = None
) -> Comparison:
    """Header-like lines against the lines records start on; differences a note names are explained."""
    headers = header_like_lines(lines)
    header_set = set(headers)
    starts = Counter(int(line) for line in record_lines)
    noted = noted_lines(notes)
    differences = [(line, NO_RECORD) for line in headers if line not in starts]
    for line, count in sorted(starts.items()):
        extra = count - (1 if line in header_set else 0)
        differences += [(line, NOT_HEADER_LIKE)] * extra
    differences.sort()
    explained = sum(1 for line, _ in differences if line in noted)
    unexplained = tuple(
        Finding(line, lines[line - 1] if 0 < line <= len(lines) else "", kind, member)
        for line, kind in differences
        if line not in noted
    )
    return Comparison(len(headers), sum(starts.values()), explained, unexplained)


def compare_export(
    lines: Sequence[str], export: parsers.ParsedExport, member: str | None = None
) -> Comparison:
    return compare(lines, export.frame["line"].tolist(), export.notes, member)


def audit_export(path: str | Path) -> AuditResult:
    """Audit one export file (.txt or .zip). A zip with several chats is audited chat by chat, each
    read as ``read_export`` reads a single chat, because line numbers belong to one chat text."""
    path = Path(path)
    try:
        chats = unpack(path).chats
    except ParseError as error:
        return AuditResult(str(path), None, 0, 0, 0, (), error=error.message_en)
    parts: list[Comparison] = []
    formats: list[str] = []
    errors: list[str] = []
    for chat in chats:
        member = chat.member if len(chats) > 1 else None
        try:
            lines = chat_lines(bytes(clean(chat).data).decode("utf-8"))
        except ParseError as error:  # an empty chat file
            errors.append(_prefixed(member, error.message_en))
            continue
        try:
            export = (
                parsers.read_export(path)
                if len(chats) == 1
                else parsers.read_export(chat.raw, name=chat.name)
            )
        except ParseError as error:
            # Refused: its header-like lines are differences no note explains (a file with none, such
            # as a README.txt, is simply no export).
            errors.append(_prefixed(member, error.message_en))
            parts.append(compare(lines, (), (), member))
            continue
        formats.append(export.format.description)
        parts.append(compare_export(lines, export, member))
    return AuditResult(
        path=str(path),
        format=formats[0] if formats else None,
        header_like=sum(part.header_like for part in parts),
        records=sum(part.records for part in parts),
        explained=sum(part.explained for part in parts),
        unexplained=tuple(finding for part in parts for finding in part.unexplained),
        error="; ".join(errors) or None,
    )


def _prefixed(member: str | None, message: str) -> str:
    return f"{member}: {message}" if member else message


def export_files(arguments: Iterable[str | Path]) -> list[Path]:
    """The .txt and .zip files named, and those anywhere under the folders named, in a stable order."""
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES)
        else:
            found.append(path)
    return found


def printable(text: str, limit: int = TEXT_CHARACTERS) -> str:
    """The first ``limit`` characters, with control and invisible characters written as escapes."""
    cut = text[:limit]
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in cut)
    return shown + ("…" if len(text) > limit else "")


def report_lines(results: Sequence[AuditResult], *, text: bool = True, shown: int = SHOWN_LINES) -> list[str]:
    """The printed report: a header, one line per file (then its first unexplained lines), a total."""
    columns = ("header-like", "records", "explained", "unexplained")
    name_width = max([len("file"), *(len(result.path) for result in results)])
    format_width = max([len("format"), *(len(result.format or "-") for result in results)])

    def row(name: str, fmt: str, values: Sequence[object]) -> str:
        numbers = "  ".join(
            f"{value!s:>{len(column)}}" for value, column in zip(values, columns, strict=True)
        )
        return f"{name:<{name_width}}  {fmt:<{format_width}}  {numbers}".rstrip()

    out = [row("file", "format", columns)]
    for result in results:
        values = (result.header_like, result.records, result.explained, len(result.unexplained))
        out.append(row(result.path, result.format or "-", values))
        if result.error:
            out.append(f"    not read: {result.error}")
        for finding in result.unexplained[:shown]:
            where = f"{finding.member}: " if finding.member else ""
            line = f"    {where}line {finding.line}: {finding.kind}"
            out.append(line + (f": {printable(finding.text)}" if text else ""))
        if len(result.unexplained) > shown:
            out.append(f"    ... and {len(result.unexplained) - shown} more")
    totals = (
        sum(result.header_like for result in results),
        sum(result.records for result in results),
        sum(result.explained for result in results),
        sum(len(result.unexplained) for result in results),
    )
    files = f"{len(results)} file" + ("" if len(results) == 1 else "s")
    out.append(row(f"total ({files})", "", totals))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    arguments = argparse.ArgumentParser(
        prog="python -m parsers.audit",
        description="Compare the lines that look like WhatsApp message headers with the records the "
        "parser read and the lines its notes explain. Reads only; writes nothing.",
    )
    arguments.add_argument("paths", nargs="+", help="export files (.txt/.zip) or folders to search")
    arguments.add_argument(
        "--no-text", action="store_true", help="show line numbers only, never the text of a line (privacy)"
    )
    arguments.add_argument(
        "--show", type=int, default=SHOWN_LINES, metavar="N", help="unexplained lines shown per file"
    )
    options = arguments.parse_args(argv)
    missing = [path for path in options.paths if not Path(path).exists()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    paths = export_files(options.paths)
    if not paths:
        print("no .txt or .zip files found", file=sys.stderr)
        return 2
    results = [audit_export(path) for path in paths]
    print("\n".join(report_lines(results, text=not options.no_text, shown=max(options.show, 0))))
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
