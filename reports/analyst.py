"""The tagged messages and the incidents as CSV or Parquet, for analysts who work outside the tool.

Column names are those of the contract (``parsers.schema``, ``analysis.model``) so scripts keep
working; members are pseudonymised and text scrubbed unless ``names`` is True. In CSV, text that
starts like a spreadsheet formula gets a leading apostrophe and rows end in CRLF so that a line break
in a field is always quoted (CSV injection; ``analysis.tables_export``, shared with the dashboard),
tuples become "a; b" strings; Parquet keeps them as lists.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.anonymise import Pseudonymiser, pseudonymise_table
from analysis.model import Analysis
from analysis.tables_export import to_csv_bytes
from reports.selection import choose_groups, month_range, restrict

TUPLE_COLUMNS = ("violations", "reasons", "violation_codes")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
#: The analyst tables as files, and the `Analysis` table each one holds.
TABLES = {"berichten": "messages", "incidenten": "incidents"}
#: Messages are pseudonymised and written this many at a time: the tables of a hundred groups (four million
#: messages) are never held a second time, pseudonymised or as CSV text, as a whole.
PIECE_ROWS = 200_000

#: Opens the file of that name (e.g. "berichten.csv") for writing bytes; the writer closes it when done.
OpenFile = Callable[[str], AbstractContextManager[BinaryIO]]
#: Told (pieces written, all pieces) after every piece.
Progress = Callable[[int, int], None]


def _prepared(
    analysis: Analysis,
    names: bool,
    groups: list[str] | tuple[str, ...] | None,
    period: tuple[str, str] | None,
) -> tuple[Analysis, Pseudonymiser | None]:
    """The chosen groups and months, and (unless ``names``) the pseudonymiser of the whole input, so that
    pseudonyms match the reports'."""
    selected = analysis
    if groups or period:
        chosen = choose_groups(analysis, groups)
        months = (
            month_range(*period)
            if period
            else sorted(set(analysis.messages["timestamp"].dt.strftime("%Y-%m").dropna()))
        )
        selected = restrict(analysis, chosen, months)
    return selected, None if names else Pseudonymiser.from_analysis(analysis)


def _pieces(
    selected: Analysis, pseudonymiser: Pseudonymiser | None, rows: int
) -> Iterator[tuple[str, pd.DataFrame]]:
    """(table name, rows) for every table, at least one piece each (an empty table: a file with a header)."""
    for name, table in TABLES.items():
        frame = getattr(selected, table).reset_index(drop=True)
        for start in range(0, max(len(frame), 1), rows):
            piece = frame.iloc[start : start + rows]
            yield name, piece if pseudonymiser is None else pseudonymise_table(piece, table, pseudonymiser)


def _piece_count(selected: Analysis, rows: int) -> int:
    return sum(-(-max(len(getattr(selected, table)), 1) // rows) for table in TABLES.values())


def analyst_pieces(
    analysis: Analysis,
    *,
    names: bool = False,
    groups: list[str] | tuple[str, ...] | None = None,
    period: tuple[str, str] | None = None,
    rows: int = PIECE_ROWS,
) -> Iterator[tuple[str, pd.DataFrame]]:
    """The analyst tables a piece at a time: ("berichten", up to ``rows`` tagged messages) for every piece of
    the messages, then ("incidenten", all incidents); optionally for some groups and months.

    Members are pseudonymised and text scrubbed unless ``names``, piece by piece with the pseudonyms of the
    whole input (so they match the reports'), which gives the same rows as doing the whole table at once.
    """
    return _pieces(*_prepared(analysis, names, groups, period), rows)


def analyst_tables(
    analysis: Analysis,
    *,
    names: bool = False,
    groups: list[str] | tuple[str, ...] | None = None,
    period: tuple[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """{"berichten": tagged messages, "incidenten": incidents}, optionally for some groups and months."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for name, piece in analyst_pieces(analysis, names=names, groups=groups, period=period):
        parts.setdefault(name, []).append(piece)
    return {name: pd.concat(pieces, ignore_index=True) for name, pieces in parts.items()}


def _for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """Tuples as "a; b" text; `to_csv_bytes` then escapes formulas (the rule the dashboard uses too)."""
    out = frame.copy()
    for column in out.columns:
        if column in TUPLE_COLUMNS:
            out[column] = out[column].map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, tuple | list) else v
            )
    return out


def _for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in TUPLE_COLUMNS:
        if column in out:
            out[column] = out[column].map(lambda v: list(map(str, v)) if isinstance(v, tuple | list) else [])
    out.attrs = {}
    return out


class _CsvFile:
    """One CSV file written a piece at a time: the header with the first piece only."""

    def __init__(self, file: BinaryIO) -> None:
        self.file, self.header = file, True

    def write(self, piece: pd.DataFrame) -> None:
        self.file.write(to_csv_bytes(_for_csv(piece), date_format=DATE_FORMAT, header=self.header))
        self.header = False

    def close(self) -> None:
        pass


class _ParquetFile:
    """One Parquet file written a piece at a time (a row group each), every piece with the first's schema;
    tuples are lists of text also in a first piece where every list is empty."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.writer: pq.ParquetWriter | None = None

    def write(self, piece: pd.DataFrame) -> None:
        frame = _for_parquet(piece)
        if self.writer is None:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            schema = table.schema
            for column in TUPLE_COLUMNS:
                if column in schema.names:
                    index = schema.get_field_index(column)
                    schema = schema.set(index, schema.field(index).with_type(pa.list_(pa.string())))
            self.writer = pq.ParquetWriter(self.file, schema)
            table = table.cast(schema)
        else:
            table = pa.Table.from_pandas(frame, schema=self.writer.schema, preserve_index=False)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


_WRITERS = {"csv": _CsvFile, "parquet": _ParquetFile}


def write_tables(
    analysis: Analysis,
    formats: Sequence[str],
    open_file: OpenFile,
    *,
    names: bool = False,
    groups: list[str] | tuple[str, ...] | None = None,
    period: tuple[str, str] | None = None,
    rows: int = PIECE_ROWS,
    progress: Progress | None = None,
) -> list[str]:
    """Write the analyst tables (``analyst_pieces``) in each of ``formats`` ("csv", "parquet") into the files
    ``open_file(file name)`` opens, a piece at a time: every piece is pseudonymised once for all formats and
    no table is ever whole in memory as CSV text. Returns the file names written, in order."""
    selected, pseudonymiser = _prepared(analysis, names, groups, period)
    total, written = _piece_count(selected, rows), []
    with contextlib.ExitStack() as files:
        current, writers = None, []
        for done, (name, piece) in enumerate(_pieces(selected, pseudonymiser, rows), start=1):
            if name != current:  # the next table: close the files of the last one
                files.close()
                current, writers = name, []
                for file_format in formats:
                    file_name = f"{name}.{file_format}"
                    writer = _WRITERS[file_format](files.enter_context(open_file(file_name)))
                    files.callback(writer.close)  # runs before its file is closed
                    writers.append(writer)
                    written.append(file_name)
            for writer in writers:
                writer.write(piece)
            if progress is not None:
                progress(done, total)
    return written


def _in_memory(analysis: Analysis, file_format: str, **options: object) -> dict[str, bytes]:
    buffers: dict[str, io.BytesIO] = {}

    def open_buffer(name: str) -> AbstractContextManager[BinaryIO]:
        return contextlib.nullcontext(buffers.setdefault(name, io.BytesIO()))

    write_tables(analysis, [file_format], open_buffer, **options)  # type: ignore[arg-type]
    return {name: buffer.getvalue() for name, buffer in buffers.items()}


def tables_to_csv(analysis: Analysis, **options: object) -> dict[str, bytes]:
    """{"berichten.csv": ..., "incidenten.csv": ...} as UTF-8 CSV bytes (options as in `analyst_tables`)."""
    return _in_memory(analysis, "csv", **options)  # formulas escaped


def tables_to_parquet(analysis: Analysis, **options: object) -> dict[str, bytes]:
    """{"berichten.parquet": ..., "incidenten.parquet": ...} (options as in `analyst_tables`)."""
    return _in_memory(analysis, "parquet", **options)


def chat_to_bytes(chat: pd.DataFrame, suffix: str) -> bytes:
    """A parsed chat (``parsers.read_chat``) as CSV or Parquet bytes, for ``python -m analysis parse``."""
    chat = chat.copy()
    chat.attrs = {}  # the parser's notes (format objects) are not part of the table
    if suffix == ".parquet":
        buffer = io.BytesIO()
        chat.to_parquet(buffer, index=False)
        return buffer.getvalue()
    return to_csv_bytes(_for_csv(chat), date_format=DATE_FORMAT)
