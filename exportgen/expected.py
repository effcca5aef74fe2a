"""The golden parse: what `parsers.read_chat` must return for a chat rendered in a given format.

One expectation serves every format, with only the losses a format really has: Android drops
seconds; Android without media writes one placeholder for every media type ("other"); a media
file name can merge types (an Android GIF is a VID-….mp4). The semantics follow
parsers/schema.py and the team rule: a system record's author is the actor named in its text
(the member for joins and leaves, none for the encryption notice); `member` is filled for
membership events only; where WhatsApp writes "U"/"You"/"Je"/"Du" the value is EXPORTER, while
the exporter's own messages carry their name.
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from exportgen.attachments import ANDROID_READS_AS, IOS_READS_AS
from exportgen.chat import Chat, Message, SystemEvent
from exportgen.formats import RenderFormat, get_format
from exportgen.texts import text_set
from parsers.schema import EXPORTER, MEMBERSHIP_EVENTS

#: The fields a round trip compares (the others, `line` and `group`, depend on the file).
COMPARED: Final[tuple[str, ...]] = (
    "timestamp",
    "author",
    "text",
    "kind",
    "event",
    "member",
    "media_type",
    "edited",
)


def _person(chat: Chat, name: str | None) -> str | None:
    if name is None:
        return None
    return EXPORTER if chat.is_exporter(name) else name


def _media_type(fmt: RenderFormat, media: str, with_media: bool) -> str:
    if with_media:
        table = ANDROID_READS_AS if fmt.platform == "android" else IOS_READS_AS
        return table.get(media, media)
    omitted = text_set(fmt.texts)["omitted"]
    if len(set(omitted.values())) == 1:  # Android: one placeholder for every type
        return "other"
    same_as = [kind for kind, text in omitted.items() if text == omitted[media] and kind != "other"]
    return same_as[0] if media == "other" and same_as else media


def _system_row(chat: Chat, event: SystemEvent) -> dict[str, Any]:
    if event.event in ("joined", "left"):
        person = _person(chat, event.member or event.actor)
        author, member = person, person
    elif event.event in MEMBERSHIP_EVENTS:
        author, member = _person(chat, event.actor), _person(chat, event.member)
    else:
        author, member = _person(chat, event.actor), None
    return {"author": author, "text": None, "kind": "system", "event": event.event, "member": member,
            "media_type": None, "edited": False}  # fmt: skip


def _message_row(fmt: RenderFormat, message: Message, with_media: bool) -> dict[str, Any]:
    if message.poll is not None:
        text = "\n".join((message.poll.question, *message.poll.options))
    elif message.location is not None:
        text = message.location
    elif message.deleted:
        text = ""
    else:
        text = message.text
    media_type = _media_type(fmt, message.media, with_media) if message.media is not None else None
    return {"author": message.author, "text": text, "kind": message.kind, "event": None, "member": None,
            "media_type": media_type, "edited": message.edited}  # fmt: skip


def expected_rows(chat: Chat, format_id: str, *, with_media: bool = False) -> list[dict[str, Any]]:
    """One dict of COMPARED fields per record; `text` None means "not compared" (system texts
    are the parser's own rendering of the event)."""
    fmt = get_format(format_id)
    rows = []
    for record in chat.records:
        if isinstance(record, SystemEvent):
            row = _system_row(chat, record)
        else:
            row = _message_row(fmt, record, with_media)
        rows.append({"timestamp": fmt.written_time(record.at), **row})
    return rows


def _plain(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def parsed_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The COMPARED fields of a parsed chat as plain Python values (None for missing)."""
    columns = {name: frame[name].astype(object).tolist() for name in COMPARED}
    return [{name: _plain(columns[name][i]) for name in COMPARED} for i in range(len(frame))]


def differences(expected: list[dict[str, Any]], actual: list[dict[str, Any]], limit: int = 8) -> list[str]:
    """Readable list of mismatches (record index, field, expected vs parsed); empty when equal."""
    problems = []
    if len(expected) != len(actual):
        problems.append(f"record count: expected {len(expected)}, parsed {len(actual)}")
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        wrong = [
            f"{field}: expected {want[field]!r}, parsed {got[field]!r}"
            for field in COMPARED
            if not (field == "text" and want["text"] is None) and want[field] != got[field]
        ]
        if wrong:
            problems.append(f"record {index} ({want['timestamp']}, {want['kind']}): " + "; ".join(wrong))
        if len(problems) >= limit:
            problems.append("...")
            break
    return problems
