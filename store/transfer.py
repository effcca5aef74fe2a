"""The whole store as one file (to move corrections and history to another computer), and deleting.

The exported file is the SQLite database itself, copied with SQLite's backup API (a consistent snapshot
even while another session writes, WAL included), so it opens with the same code and carries its own
schema version. Importing checks the file as strictly as opening one and migrates it first. Message keys
depend on the store's salt: a store with other keys can only be imported into an empty store (which then
takes its salt) or replace this one on purpose; a store with the same salt (an earlier copy of this one)
is merged, each correction once.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from store.db import check_ours, connect, migrate, salt_of, transaction, translated
from store.errors import StoreError
from store.schema import MIGRATIONS

_COPY_COLUMNS = "uid, group_name, message_key, action, labels, note, reviewer, made_at, undone_at, undone_by"


def export_bytes(con: sqlite3.Connection) -> bytes:
    """The store as the bytes of one SQLite file."""
    memory = sqlite3.connect(":memory:")
    try:
        con.backup(memory)
        return memory.serialize()
    finally:
        memory.close()


def checked_copy(data: bytes, path: Path | None) -> sqlite3.Connection:
    """An in-memory store from exported bytes, checked to be ours and migrated to this code's version.

    The bytes go through a temporary file (deleted at once) so the same header and integrity checks run
    as on the store itself."""
    with translated(path):
        if not data.startswith(b"SQLite format 3\x00"):
            raise StoreError("damaged", "the file does not start with the SQLite header", path)
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "import.sqlite"
            copy.write_bytes(data)
            source = connect(copy)
            try:
                app, tables = (
                    source.execute("PRAGMA application_id").fetchone()[0],
                    source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0],
                )
                if tables == 0:
                    raise StoreError("foreign", "an empty database is no SAAR-monitor store", path)
                if app == 0:
                    raise StoreError("foreign", "not a SAAR-monitor store", path)
                check_ours(source, path)
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                source.backup(memory)
            finally:
                source.close()
        migrate(memory, path, MIGRATIONS)
        return memory


def is_empty(con: sqlite3.Connection) -> bool:
    """No corrections and no months: a store that may take another store's salt."""
    corrections = con.execute("SELECT COUNT(*) FROM corrections").fetchone()[0]
    months = con.execute("SELECT COUNT(*) FROM month_history").fetchone()[0]
    return corrections == 0 and months == 0


def import_into(con: sqlite3.Connection, data: bytes, replace: bool, path: Path | None) -> dict[str, int]:
    """Bring an exported store into this one; counts of what was added ("corrections", "months")."""
    incoming = checked_copy(data, path)
    try:
        with transaction(con):
            same_salt = salt_of(incoming, path) == salt_of(con, path)
            if not same_salt and not (replace or is_empty(con)):
                raise StoreError("import_conflict", "other message keys, and this store is not empty", path)
            if not same_salt:
                con.execute("DELETE FROM corrections")
                con.execute("DELETE FROM month_history")
                con.execute("UPDATE store_info SET value = ? WHERE key = 'salt'", (salt_of(incoming, path),))
            before = con.execute("SELECT COUNT(*) FROM corrections").fetchone()[0]
            rows = incoming.execute(f"SELECT {_COPY_COLUMNS} FROM corrections ORDER BY id").fetchall()
            con.executemany(
                f"INSERT INTO corrections ({_COPY_COLUMNS}) VALUES ({', '.join('?' * 10)}) "
                "ON CONFLICT (uid) DO UPDATE SET "
                "undone_at = COALESCE(corrections.undone_at, excluded.undone_at), "
                "undone_by = COALESCE(corrections.undone_by, excluded.undone_by)",
                rows,
            )
            added = con.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] - before
            months = incoming.execute(
                "SELECT group_name, month, figures, saved_at FROM month_history"
            ).fetchall()
            con.executemany(
                "INSERT INTO month_history VALUES (?, ?, ?, ?) ON CONFLICT (group_name, month) DO UPDATE SET "
                "figures = excluded.figures, saved_at = excluded.saved_at "
                "WHERE excluded.saved_at > month_history.saved_at",
                months,
            )
        return {"corrections": int(added), "months": len(months)}
    finally:
        incoming.close()


def delete(con: sqlite3.Connection, group: str | None) -> int:
    """Delete the corrections and months of ``group`` (None: of every group); rows deleted."""
    with transaction(con):
        if group is None:
            deleted = con.execute("DELETE FROM corrections").rowcount
            deleted += con.execute("DELETE FROM month_history").rowcount
        else:
            deleted = con.execute("DELETE FROM corrections WHERE group_name = ?", (group,)).rowcount
            deleted += con.execute("DELETE FROM month_history WHERE group_name = ?", (group,)).rowcount
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the deleted rows leave the write-ahead log too
    return int(deleted)
