"""The one DataFrame shape every export is read into.

Everything downstream (analysis, dashboard, reports) relies on these names and
value sets, so they live in one place and the parser's tests check them.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

COLUMNS: Final[tuple[str, ...]] = (
    "timestamp",  # datetime64[ns], local time as written in the export
    "author",  # string; missing for system events without an actor
    "text",  # string; body, multi-line joined with "\n"; media caption or ""
    "kind",  # category, one of KINDS
    "event",  # category, one of EVENTS for kind == "system", else missing
    "member",  # string; whom a join/add/leave/removal is about, else missing
    "media_type",  # category, one of MEDIA_TYPES for kind == "media", else missing
    "edited",  # bool
    "line",  # int64, 1-based line where the record starts
    "group",  # string; the group (chat) the record belongs to
)

KINDS: Final[tuple[str, ...]] = ("message", "media", "deleted", "poll", "location", "system")

EVENTS: Final[tuple[str, ...]] = (
    "created",
    "added",
    "joined",
    "left",
    "removed",
    "admin",
    "subject",
    "icon",
    "description",
    "settings",
    "security_code",
    "encryption",
    "number_changed",
    "disappearing",
    "other",
)

#: Events that change who is in the group; ``member`` is filled for these.
MEMBERSHIP_EVENTS: Final[frozenset[str]] = frozenset({"added", "joined", "left", "removed"})

MEDIA_TYPES: Final[tuple[str, ...]] = (
    "image",
    "video",
    "audio",
    "sticker",
    "gif",
    "document",
    "contact",
    "other",
)

#: Stand-in for the person who exported the chat where WhatsApp writes "U"/"You"/"Du"
#: ("U hebt de groep verlaten"): the export never says that person's name there.
EXPORTER: Final[str] = "You"

KIND_DTYPE: Final = pd.CategoricalDtype(list(KINDS))
EVENT_DTYPE: Final = pd.CategoricalDtype(list(EVENTS))
MEDIA_TYPE_DTYPE: Final = pd.CategoricalDtype(list(MEDIA_TYPES))

DTYPES: Final[dict[str, object]] = {
    "timestamp": "datetime64[ns]",
    "author": "string",
    "text": "string",
    "kind": KIND_DTYPE,
    "event": EVENT_DTYPE,
    "member": "string",
    "media_type": MEDIA_TYPE_DTYPE,
    "edited": "bool",
    "line": "int64",
    "group": "string",
}


def empty_frame() -> pd.DataFrame:
    """A chat with no records but the full schema, so callers never special-case emptiness."""
    return pd.DataFrame({name: pd.Series(dtype=DTYPES[name]) for name in COLUMNS})
