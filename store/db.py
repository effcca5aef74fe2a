"""Opening the store: one SQLite file, checked to be ours, migrated, and written in short transactions.

Every operation opens its own connection and writes inside ``BEGIN IMMEDIATE`` ... ``COMMIT``: two
dashboard sessions (threads or processes) that correct at the same time queue for the write lock
instead of overwriting each other, and a reader never sees half a change. WAL mode lets readers go on
while one session writes. Whatever goes wrong surfaces as a ``StoreError`` with a code; the file is
never recreated or overwritten when it cannot be read, so nothing stored is lost silently.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Final

from store.errors import StoreError
from store.schema import APPLICATION_ID, LATEST, MIGRATIONS, VERSION_TABLE

SQLITE_HEADER: Final = b"SQLite format 3\x00"
BUSY_SECONDS: Final = 30.0  # how long a writer waits for another session's transaction


def now_text() -> str:
    """The current local time with its offset, as the store writes every moment."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@contextmanager
def translated(path: Path | None) -> Iterator[None]:
    """sqlite3's and the file system's errors as StoreErrors with a code."""
    try:
        yield
    except StoreError:
        raise
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise StoreError("busy", str(exc), path) from exc
        if "unable to open" in text or "readonly" in text or "disk i/o" in text:
            raise StoreError("unavailable", str(exc), path) from exc
        raise StoreError("damaged", str(exc), path) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError("damaged", str(exc), path) from exc
    except OSError as exc:
        raise StoreError("unavailable", str(exc), path) from exc


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), waiting for other writers."""
    con = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA secure_delete = ON")  # deleted rows are overwritten, not left in free pages
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that holds the write lock from its start: all of it or nothing."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        if con.in_transaction:  # SQLite may have rolled back already (an I/O or busy error)
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def version_of(con: sqlite3.Connection) -> int:
    """The store's schema version (0: a new, empty database)."""
    con.execute(VERSION_TABLE)
    row = con.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(con: sqlite3.Connection, path: Path | None, migrations: Mapping[int, tuple[str, ...]]) -> int:
    """Run every migration the store has not had yet, each in its own transaction; the new version."""
    latest = max(migrations)
    with transaction(con):
        current = version_of(con)
    if current > latest:
        raise StoreError("too_new", f"schema version {current}, this code knows up to {latest}", path)
    for version in sorted(v for v in migrations if v > current):
        with transaction(con):
            if version_of(con) >= version:  # another session ran it meanwhile
                continue
            for statement in migrations[version]:
                con.execute(statement)
            con.execute("INSERT INTO schema_version VALUES (?, ?)", (version, now_text()))
            if version == min(migrations):
                con.execute("INSERT INTO store_info VALUES ('salt', ?)", (secrets.token_hex(32),))
                con.execute("INSERT INTO store_info VALUES ('created_at', ?)", (now_text(),))
    return max(latest, current)


def check_ours(con: sqlite3.Connection, path: Path | None) -> None:
    """Refuse a database of another program and a damaged one; mark a new, empty one as ours."""
    with transaction(con):
        app = con.execute("PRAGMA application_id").fetchone()[0]
        tables = con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if app == 0 and tables == 0:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            return
    if app != APPLICATION_ID:
        raise StoreError("foreign", f"application_id {app:#x}: not a SAAR-monitor store", path)
    result = con.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise StoreError("damaged", f"integrity check: {result}", path)


def check_header(path: Path) -> None:
    """A file that exists but does not start like SQLite is not opened at all (SQLite would say so only
    at the first query, and a zero-byte file it would take for a new database, which is fine)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise StoreError("damaged", "the file does not start with the SQLite header", path)


def prepare(path: Path, migrations: Mapping[int, tuple[str, ...]] | None = None) -> str:
    """Create (on first use), check and migrate the store file; its salt."""
    with translated(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        check_header(path)
        con = connect(path)
        try:
            check_ours(con, path)  # before anything is written: a foreign file stays untouched
            con.execute("PRAGMA journal_mode = WAL")
            migrate(con, path, migrations or MIGRATIONS)
            return salt_of(con, path)
        finally:
            con.close()


def salt_of(con: sqlite3.Connection, path: Path | None) -> str:
    row = con.execute("SELECT value FROM store_info WHERE key = 'salt'").fetchone()
    if row is None or len(str(row[0])) < 32:
        raise StoreError("damaged", "the store has no salt for its message keys", path)
    return str(row[0])


__all__ = ["LATEST", "connect", "migrate", "now_text", "prepare", "transaction", "translated"]
