"""The one error the store raises: a code the dashboard and the command line turn into Dutch.

Like ``parsers.ParseError`` it is a ValueError with an English message for logs and developers; the
Dutch wording belongs to the interfaces that show it (``presentation/errors.toml``), keyed by ``code``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

#: Every code a StoreError can carry, with what it means.
CODES: Final[dict[str, str]] = {
    "damaged": "the file is not a readable SQLite database, or fails its integrity check",
    "foreign": "the file is an SQLite database of another program",
    "too_new": "the store was written by a newer SAAR-monitor (a schema version this code does not know)",
    "busy": "another session held the store too long",
    "unavailable": "the folder or file cannot be created, read or written",
    "import_conflict": "the imported store has other message keys (another salt) and this store is not empty",
    "unknown_correction": "no correction with that number in this store",
    "invalid": "a correction that cannot be made as asked (unknown action or code)",
}


class StoreError(ValueError):
    """The store cannot do what was asked; nothing stored was changed or lost.

    ``code`` is one of ``CODES``; ``path`` the store file, when there is one.
    """

    def __init__(self, code: str, detail: str, path: Path | None = None) -> None:
        if code not in CODES:
            raise ValueError(f"unknown store error code {code!r}")
        self.code = code
        self.detail = detail
        self.path = path
        where = f" ({path})" if path is not None else ""
        super().__init__(f"{code}: {detail}{where}")
