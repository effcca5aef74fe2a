"""``Store``: the one object the dashboard and the command line use for corrections and month history."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from analysis import corrections as actions
from analysis.corrections import Correction
from analysis.model import Analysis
from store import corrections as _corrections
from store import history as _history
from store import transfer as _transfer
from store.db import connect, prepare, salt_of, transaction, translated
from store.errors import StoreError
from store.keys import message_keys
from store.location import store_path
from store.schema import MIGRATIONS

T = TypeVar("T")
RETRIES = 3


class Store:
    """Corrections and month history in one SQLite file; every method is one short transaction.

    Open with ``open_store``. Safe to share between threads (they take turns on its one connection) and
    to open from several processes and sessions at once (SQLite's locks; writes wait for each other).
    """

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self._salt = salt
        self._con: sqlite3.Connection | None = None
        self._lock = threading.RLock()  # one connection per Store, used by one thread at a time

    def close(self) -> None:
        """Close the connection (a later call opens it again)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, translated(self.path):
            if self._con is None:
                self._con = connect(self.path)
            yield self._con

    def _write(self, change: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``change`` in one write transaction; a transient failure (another session holding the
        lock too long, a short I/O error while another process opens the file) is tried again, which
        is safe because the failed transaction was rolled back as a whole."""
        for attempt in range(RETRIES + 1):
            try:
                with self._read() as con, transaction(con):
                    return change(con)
            except StoreError as error:
                if error.code not in ("busy", "unavailable") or attempt == RETRIES:
                    raise
                self.close()
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    # message keys ---------------------------------------------------------------------------------
    def message_keys(self, messages: pd.DataFrame) -> np.ndarray:
        """The key of every row of ``messages`` (parsed or analysed chat), to name a message to correct."""
        with self._read() as con:  # the salt may have changed by an import in another session
            self._salt = salt_of(con, self.path)
        return message_keys(messages, self._salt)

    # corrections ----------------------------------------------------------------------------------
    def add(
        self,
        group: str,
        message: str,
        action: str,
        *,
        labels: Mapping[str, bool] | None = None,
        note: str = "",
        reviewer: str = "",
    ) -> Correction:
        """Store one correction (``analysis.corrections.ACTIONS``); it holds from now on."""
        new = _corrections.NewCorrection(group, message, action, dict(labels or {}), note, reviewer)
        return self._write(lambda con: _corrections.insert(con, new, self.path))

    def set_labels(
        self, group: str, message: str, labels: Mapping[str, bool], *, note: str = "", reviewer: str = ""
    ) -> Correction:
        """Set (True) or remove (False) SAAR labels and violations of a message; others stay as they are."""
        return self.add(group, message, actions.SET_LABELS, labels=labels, note=note, reviewer=reviewer)

    def mark_112(self, group: str, message: str, *, note: str = "", reviewer: str = "") -> Correction:
        """The message confirms that 112 was called."""
        return self.add(group, message, actions.MARK_112, note=note, reviewer=reviewer)

    def start_incident(self, group: str, message: str, *, note: str = "", reviewer: str = "") -> Correction:
        """A new incident starts at the message."""
        return self.add(group, message, actions.START_INCIDENT, note=note, reviewer=reviewer)

    def join_previous(self, group: str, message: str, *, note: str = "", reviewer: str = "") -> Correction:
        """The message belongs to the incident before it."""
        return self.add(group, message, actions.JOIN_PREVIOUS, note=note, reviewer=reviewer)

    def leave_incident(self, group: str, message: str, *, note: str = "", reviewer: str = "") -> Correction:
        """The message is not part of its incident."""
        return self.add(group, message, actions.LEAVE_INCIDENT, note=note, reviewer=reviewer)

    def no_incident(self, group: str, message: str, *, note: str = "", reviewer: str = "") -> Correction:
        """The incident the message is in (give its report or any of its messages) is no incident."""
        return self.add(group, message, actions.NO_INCIDENT, note=note, reviewer=reviewer)

    def undo(
        self, *, group: str | None = None, correction_id: int | None = None, reviewer: str = ""
    ) -> Correction | None:
        """Take back correction ``correction_id``, else the latest that holds (of ``group`` when given);
        the correction taken back, None when there was none. It stays in the list, marked undone."""
        return self._write(lambda con: _corrections.undo(con, group, correction_id, reviewer, self.path))

    def corrections(self, groups: Iterable[str] | None = None) -> list[Correction]:
        """The corrections that hold, oldest first (of ``groups`` when given): what an analysis applies."""
        with self._read() as con:
            return _corrections.active(con, None if groups is None else list(groups))

    def list_corrections(self, group: str | None = None) -> pd.DataFrame:
        """Every correction with who made it and when, undone ones included (``LIST_COLUMNS``)."""
        with self._read() as con:
            return _corrections.listing(con, group)

    # month history --------------------------------------------------------------------------------
    def save_months(self, analysis: Analysis) -> int:
        """Keep (or replace) every month the analysis covers from first to last day; months written."""
        return self._write(lambda con: _history.save(con, analysis))

    def stored_months(self, groups: Iterable[str] | None = None) -> pd.DataFrame:
        """The kept months (``MONTH_COLUMNS`` plus the hand-corrected counts)."""
        with self._read() as con:
            return _history.stored(con, groups)

    def merged_months(self, analysis: Analysis) -> pd.DataFrame:
        """The analysis' months with the kept ones beside them (``store.history.MERGED_COLUMNS``)."""
        groups = sorted(str(g) for g in analysis.months["group"].dropna().unique())
        return _history.merged_months(self.stored_months(groups), analysis)

    # the whole store ------------------------------------------------------------------------------
    def change_mark(self) -> tuple[object, ...]:
        """A small value that differs whenever the store's content changed, also by another session or
        process: a correction made, undone, imported or deleted, a month kept, replaced or deleted, another
        salt. Saving months that are already kept with the same figures leaves it as it was. One cheap
        read, for a dashboard that checks it on every run."""
        with self._read() as con:
            return tuple(
                con.execute(
                    "SELECT (SELECT value FROM store_info WHERE key = 'salt'), "
                    "COUNT(*), MAX(id), COUNT(undone_at), "
                    "(SELECT COUNT(*) FROM month_history), (SELECT MAX(saved_at) FROM month_history) "
                    "FROM corrections"
                ).fetchone()
            )

    def groups(self) -> list[str]:
        """Every group with a correction or a kept month."""
        with self._read() as con:
            rows = con.execute(
                "SELECT group_name FROM corrections UNION SELECT group_name FROM month_history ORDER BY 1"
            ).fetchall()
        return [str(row[0]) for row in rows]

    def export_bytes(self) -> bytes:
        """The whole store as one file's bytes (an SQLite database), to import elsewhere."""
        with self._read() as con:
            return _transfer.export_bytes(con)

    def import_bytes(self, data: bytes, *, replace: bool = False) -> dict[str, int]:
        """Bring in an exported store: merged when it comes from this store, taken over when this one is
        empty or ``replace`` is given; otherwise StoreError ``import_conflict`` and nothing changes."""
        with self._read() as con:
            result = _transfer.import_into(con, data, replace, self.path)
            self._salt = salt_of(con, self.path)
            return result

    def delete_group(self, group: str) -> int:
        """Delete every correction and kept month of one group; rows deleted."""
        with self._read() as con:
            return _transfer.delete(con, group)

    def delete_all(self) -> int:
        """Delete every correction and kept month of every group; rows deleted."""
        with self._read() as con:
            return _transfer.delete(con, None)


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    migrations: Mapping[int, tuple[str, ...]] | None = None,
) -> Store:
    """The store at ``path`` (a file, or a folder for the default file name), else in the per-user data
    folder (``store.location``); created, checked and migrated here. Raises StoreError."""
    chosen = store_path(path, environ)
    salt = prepare(chosen, migrations or MIGRATIONS)
    return Store(chosen, salt)
