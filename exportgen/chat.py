"""What the renderer renders: a chat as plain records, independent of any export format.

The same `Chat` is rendered into every format, and parsing any of those renderings must
give the same records back; that is why these types say *what happened* (who added whom,
an image with a caption) and never *how it is written*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from parsers.schema import EVENTS, EXPORTER, MEDIA_TYPES


@dataclass(frozen=True)
class SystemEvent:
    """A system line: `event` is one of parsers.schema.EVENTS; actor/member are plain names;
    `name` is the group name a `created` or `subject` event writes (default: the chat's group)."""

    at: datetime
    event: str
    actor: str | None = None
    member: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        if self.event not in EVENTS or self.event == "other":
            raise ValueError(f"system event {self.event!r} cannot be rendered; use one of {EVENTS[:-1]}")


@dataclass(frozen=True)
class Poll:
    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Message:
    """A member's record: text, or media (+ caption in `text`), deleted, poll or location."""

    at: datetime
    author: str
    text: str = ""
    media: str | None = None
    deleted: bool = False
    poll: Poll | None = None
    location: str | None = None
    edited: bool = False

    def __post_init__(self) -> None:
        if self.media is not None and self.media not in MEDIA_TYPES:
            raise ValueError(f"media type {self.media!r} is not one of {MEDIA_TYPES}")
        specials = sum(
            (self.media is not None, self.deleted, self.poll is not None, self.location is not None)
        )
        if specials > 1:
            raise ValueError("a message is at most one of media, deleted, poll, location")

    @property
    def kind(self) -> str:
        """The parsers.schema.KINDS value this record parses back to."""
        if self.media is not None:
            return "media"
        if self.deleted:
            return "deleted"
        if self.poll is not None:
            return "poll"
        if self.location is not None:
            return "location"
        return "message"


Record = SystemEvent | Message


@dataclass(frozen=True)
class Chat:
    """A group chat as exported from one member's phone (`exporter`)."""

    group: str
    records: tuple[Record, ...]
    exporter: str | None = None
    non_contacts: frozenset[str] = field(default_factory=frozenset)

    def __init__(
        self,
        group: str,
        records: Iterable[Record],
        exporter: str | None = None,
        non_contacts: Iterable[str] = (),
    ) -> None:
        object.__setattr__(self, "group", group)
        object.__setattr__(self, "records", tuple(records))
        object.__setattr__(self, "exporter", exporter)
        object.__setattr__(self, "non_contacts", frozenset(non_contacts))

    def is_exporter(self, name: str | None) -> bool:
        """True when `name` means the exporter ("You" or the exporter's own name)."""
        return name is not None and (name == EXPORTER or name == self.exporter)
