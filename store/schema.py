"""The store's schema, as numbered migrations from the first release on.

Each migration is a list of SQL statements run in one transaction together with its row in
``schema_version``; a store is brought up to ``LATEST`` when it is opened, one migration at a time, so a
store of any earlier release opens with this code and a failed migration leaves the store as it was.
Never change a migration once released: add the next one.

The file is marked as ours by SQLite's ``application_id`` (the bytes "SAAR"), so a foreign database is
told apart from a damaged one without reading its tables.
"""

from __future__ import annotations

from typing import Final

APPLICATION_ID: Final = 0x53414152  # "SAAR"

#: version -> statements. Version 1: the first release.
MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        # key/value facts about the store: 'salt' (hex) for the message keys, 'created_at'
        "CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # one row per correction; nothing in it names a member or quotes a message
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            group_name TEXT NOT NULL,
            message_key TEXT NOT NULL,
            action TEXT NOT NULL,
            labels TEXT NOT NULL DEFAULT '{}',
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL DEFAULT '',
            made_at TEXT NOT NULL,
            undone_at TEXT,
            undone_by TEXT
        )""",
        "CREATE INDEX corrections_by_group ON corrections (group_name, id)",
        # the key figures of every complete month seen, per group: counts and rates only
        """CREATE TABLE month_history (
            group_name TEXT NOT NULL,
            month TEXT NOT NULL,
            figures TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (group_name, month)
        )""",
    ),
}
LATEST: Final = max(MIGRATIONS)

#: The table every version has: which migrations ran, and when.
VERSION_TABLE: Final = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
)
