"""Corrections in the store: add, undo, list. Undo marks a correction as undone and keeps it, so the list
shows who changed what, and when, including what was taken back."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.corrections import Correction, CorrectionError, check
from store.db import now_text
from store.errors import StoreError

#: The columns of ``list_corrections``: one row per correction, oldest first.
LIST_COLUMNS = (
    "id",
    "group",
    "message",  # the message key: look it up in store.message_keys of the current analysis
    "action",
    "labels",  # dict code -> bool (set_labels only)
    "note",
    "reviewer",
    "made_at",
    "undone_at",  # empty while the correction holds
    "undone_by",
)
_SELECT = (
    "SELECT id, group_name, message_key, action, labels, note, reviewer, made_at, undone_at, undone_by "
    "FROM corrections"
)


@dataclass(frozen=True)
class NewCorrection:
    """What a coordinator asks for, before the store gives it a number and a time."""

    group: str
    message: str
    action: str
    labels: dict[str, bool]
    note: str
    reviewer: str


def insert(con: sqlite3.Connection, new: NewCorrection, path: Path | None) -> Correction:
    """Store one correction; the stored Correction (with its number and time)."""
    try:
        check(new.action, new.labels)
    except CorrectionError as exc:
        raise StoreError("invalid", str(exc), path) from exc
    made_at = now_text()
    cursor = con.execute(
        "INSERT INTO corrections (uid, group_name, message_key, action, labels, note, reviewer, made_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            uuid.uuid4().hex,
            new.group,
            new.message,
            new.action,
            json.dumps({code: bool(v) for code, v in new.labels.items()}, sort_keys=True),
            new.note.strip(),
            new.reviewer.strip(),
            made_at,
        ),
    )
    return Correction(
        group=new.group,
        message=new.message,
        action=new.action,
        labels=dict(new.labels),
        note=new.note.strip(),
        reviewer=new.reviewer.strip(),
        at=datetime.fromisoformat(made_at),
        id=int(cursor.lastrowid or 0),
    )


def undo(
    con: sqlite3.Connection, group: str | None, number: int | None, reviewer: str, path: Path | None
) -> Correction | None:
    """Mark a correction undone: number ``number``, else the latest that holds (of ``group`` when given).
    None when there is nothing to undo."""
    if number is not None:
        row = con.execute(_SELECT + " WHERE id = ?", (number,)).fetchone()
        if row is None:
            raise StoreError("unknown_correction", f"no correction {number}", path)
    else:
        where, args = ("AND group_name = ?", (group,)) if group is not None else ("", ())
        row = con.execute(
            _SELECT + f" WHERE undone_at IS NULL {where} ORDER BY id DESC LIMIT 1", args
        ).fetchone()
        if row is None:
            return None
    if row[8] is None:
        con.execute(
            "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ?",
            (now_text(), reviewer.strip(), row[0]),
        )
    return _correction(row)


def active(con: sqlite3.Connection, groups: list[str] | None) -> list[Correction]:
    """The corrections that hold (not undone), oldest first; of ``groups`` when given."""
    rows = con.execute(_SELECT + " WHERE undone_at IS NULL ORDER BY id").fetchall()
    chosen = None if groups is None else set(groups)
    return [_correction(row) for row in rows if chosen is None or row[1] in chosen]


def listing(con: sqlite3.Connection, group: str | None) -> pd.DataFrame:
    """Every correction, undone ones included, oldest first (LIST_COLUMNS)."""
    where, args = (" WHERE group_name = ?", (group,)) if group is not None else ("", ())
    rows = con.execute(_SELECT + where + " ORDER BY id", args).fetchall()
    frame = pd.DataFrame(rows, columns=list(LIST_COLUMNS))
    frame["labels"] = [json.loads(value) for value in frame["labels"]]
    for name in ("made_at", "undone_at"):
        frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    return frame.astype({"id": "int64"})


def _correction(row: tuple) -> Correction:
    return Correction(
        group=row[1],
        message=row[2],
        action=row[3],
        labels=json.loads(row[4] or "{}"),
        note=row[5] or "",
        reviewer=row[6] or "",
        at=datetime.fromisoformat(row[7]),
        id=int(row[0]),
    )
