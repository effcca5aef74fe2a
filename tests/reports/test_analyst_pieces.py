"""The analyst tables written a piece at a time equal the tables done whole (issue 12, "Scale").

``python -m analysis tables`` on a hundred groups pseudonymises and writes the messages in pieces of
``reports.analyst.PIECE_ROWS``; any piece size must give the same CSV bytes and the same Parquet tables.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import analyse
from parsers import read_exports
from reports import analyst_tables, tables_to_csv, tables_to_parquet
from reports.analyst import write_tables
from tests.reports_support import ALL_NAMES, make_analysis

SAMPLES = Path(__file__).resolve().parents[2] / "sample_exports"
EXPORTS = sorted(p for p in SAMPLES.glob("*") if p.suffix in {".txt", ".zip"})


@pytest.fixture(scope="module")
def samples():
    if not EXPORTS:
        pytest.skip("no sample exports rendered yet (python -m samples)")
    return analyse(read_exports(EXPORTS).frame)


@pytest.mark.parametrize("names", [False, True])
def test_csv_pieces_give_the_same_bytes(samples, names: bool) -> None:
    whole = tables_to_csv(samples, names=names, rows=10**9)
    assert whole["berichten.csv"].count(b"\r\n") > len(samples.messages)  # a line per message, at least
    assert tables_to_csv(samples, names=names, rows=97) == whole
    assert tables_to_csv(samples, names=names) == whole


def test_parquet_pieces_give_the_same_tables(samples) -> None:
    whole = tables_to_parquet(samples, rows=10**9)
    pieces = tables_to_parquet(samples, rows=97)
    for name in whole:
        assert_frame_equal(
            pd.read_parquet(io.BytesIO(pieces[name])), pd.read_parquet(io.BytesIO(whole[name]))
        )
    messages = pd.read_parquet(io.BytesIO(pieces["berichten.parquet"]))
    assert_frame_equal(
        messages.drop(columns=["violations", "reasons"]),
        analyst_tables(samples)["berichten"].drop(columns=["violations", "reasons"]),
    )


def test_a_first_piece_without_any_reason_keeps_lists_of_text() -> None:
    """A piece whose tuples are all empty would make Parquet lists of nothing: the file keeps text lists."""
    analysis = make_analysis()
    tuples = analysis.messages["reasons"].map(len) + analysis.messages["violations"].map(len)
    first = int(tuples.to_numpy().argmax())
    assert first > 0
    pieces = tables_to_parquet(analysis, names=True, rows=first)
    whole = tables_to_parquet(analysis, names=True, rows=10**9)
    assert_frame_equal(
        pd.read_parquet(io.BytesIO(pieces["berichten.parquet"])),
        pd.read_parquet(io.BytesIO(whole["berichten.parquet"])),
    )


def test_write_tables_writes_both_formats_and_tells_its_progress() -> None:
    analysis = make_analysis()
    buffers: dict[str, io.BytesIO] = {}
    seen: list[tuple[int, int]] = []
    written = write_tables(
        analysis,
        ["csv", "parquet"],
        lambda name: contextlib.nullcontext(buffers.setdefault(name, io.BytesIO())),
        rows=5,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert written == ["berichten.csv", "berichten.parquet", "incidenten.csv", "incidenten.parquet"]
    total = -(-len(analysis.messages) // 5) - (-len(analysis.incidents) // 5)  # both tables in pieces of 5
    assert seen == [(done, total) for done in range(1, total + 1)]
    assert buffers["berichten.csv"].getvalue() == tables_to_csv(analysis)["berichten.csv"]
    assert not any(name in buffers["berichten.csv"].getvalue().decode() for name in ALL_NAMES)
