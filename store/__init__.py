"""SAAR-monitor's store: a coordinator's corrections and the month history, in one local SQLite file.

No message text and no member name is stored: messages are named by salted hashes (``store.keys``).
Public API::

    store = open_store(path=None)          # the per-user data folder, or SAAR_MONITOR_DATA_DIR, or path
    keys = store.message_keys(analysis.messages)
    store.mark_112(group, keys[row], note="...", reviewer="Anna")
    reviewed = apply_store(analysis, store, profile)   # every table follows; months kept
    store.merged_months(reviewed)          # the trend with months no longer in the export

Errors are ``StoreError`` with a ``code`` (``store.errors.CODES``). Developer documentation: docs/store.md.
"""

from __future__ import annotations

from store.errors import CODES, StoreError
from store.history import MERGED_COLUMNS, merged_months
from store.location import ENV_FOLDER, data_folder, store_path
from store.review import apply_store
from store.store import Store, open_store

__all__ = [
    "CODES",
    "ENV_FOLDER",
    "MERGED_COLUMNS",
    "Store",
    "StoreError",
    "apply_store",
    "data_folder",
    "merged_months",
    "open_store",
    "store_path",
]
