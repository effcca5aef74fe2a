"""Writes a `Chat` the way WhatsApp writes it, in any format of exportgen.formats.

The wordings come from exportgen/data/system_texts.toml; this module only decides where they go:
Android puts a caption on the line after the media placeholder, iOS before it; the edit marker
goes at the end of the last line; iOS 2023+ writes a name before system texts; names the exporter
has not saved get `~ `; the exporter is "U"/"You"/"Du" in system texts.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Final

from exportgen.attachments import attachment_names
from exportgen.chat import Chat, Message, SystemEvent
from exportgen.formats import LRM, RenderFormat, get_format
from exportgen.texts import omitted_placeholder, wording

_PHONE: Final = re.compile(r"^\+?\d[\d \-()]{5,}\d$")
_VOTES: Final[int] = 0


def display_name(fmt: RenderFormat, chat: Chat, name: str) -> str:
    """A name as it appears in this format: `~ ` for non-contacts, iOS phone-number wrapping."""
    if fmt.wrap_phone and _PHONE.match(name):
        return "\u202a" + name.replace(" ", "\u00a0") + "\u202c"
    if fmt.tilde and name in chat.non_contacts:
        return fmt.tilde + name
    return name


def _event_key(chat: Chat, event: SystemEvent) -> tuple[str, str | None, str | None]:
    """The wording key and the (actor, member) names it is filled with."""
    kind, actor, member = event.event, event.actor, event.member
    if kind in ("joined", "left"):
        person = member or actor
        if person is None:
            raise ValueError(f"a {kind!r} event needs the member it is about")
        return (f"{kind}_you" if chat.is_exporter(person) else kind), person, person
    if kind in ("added", "removed"):
        if member is None:
            raise ValueError(f"an {kind!r} event needs the member it is about")
        if chat.is_exporter(member):
            return f"{kind}_you", actor, member
        if actor is None:
            return f"{kind}_noactor", None, member
        return (f"{kind}_by_you" if chat.is_exporter(actor) else kind), actor, member
    if kind == "encryption":
        return kind, None, None
    if kind == "admin" and member is not None:  # someone made `member` an admin
        if chat.is_exporter(member):
            return "made_admin_you", actor, member
        return ("made_admin_by_you" if chat.is_exporter(actor) else "made_admin"), actor, member
    if actor is None:
        return f"{kind}_noactor", None, None
    return (f"{kind}_by_you" if chat.is_exporter(actor) else kind), actor, None


def system_text(fmt: RenderFormat, chat: Chat, event: SystemEvent) -> str:
    """The body of a system line, e.g. `\u200eKarin Bos heeft Piet Jansen toegevoegd`."""
    key, actor, member = _event_key(chat, event)
    template = wording(fmt.texts, key)
    return template.format(
        actor=display_name(fmt, chat, actor) if actor else "",
        member=display_name(fmt, chat, member) if member else "",
        group=event.name or chat.group,
    )


def system_line_name(fmt: RenderFormat, chat: Chat, event: SystemEvent) -> str | None:
    """The name iOS writes before a system text (None: the line has no name), as observed in
    real exports: the group for the encryption notice and for events about the exporter, the
    member for adds/joins/leaves, else the actor."""
    if fmt.attribution == "none" or (fmt.attribution == "encryption_only" and event.event != "encryption"):
        return None
    if event.event == "encryption":
        return chat.group
    if event.event in ("added", "joined", "left"):
        person = event.member or event.actor
    else:
        person = event.actor
    if person is None or chat.is_exporter(person):
        return chat.group
    return display_name(fmt, chat, person)


def message_body(fmt: RenderFormat, chat: Chat, message: Message, attachment: str | None = None) -> str:
    """The body of a member's record (may span lines joined with "\\n")."""
    texts = fmt.texts
    if message.deleted:
        key = "deleted_by_you" if chat.is_exporter(message.author) else "deleted"
        return wording(texts, key)
    if message.poll is not None:
        options = [
            wording(texts, "poll_option").format(option=option, votes=_VOTES)
            for option in message.poll.options
        ]
        return "\n".join([wording(texts, "poll_header"), message.poll.question, *options])
    if message.location is not None:
        return wording(texts, "location").format(url=message.location)
    edit_mark = wording(texts, "edited") if message.edited else ""
    if message.media is None:
        return message.text + edit_mark
    if attachment is not None:
        placeholder = wording(texts, "attached").format(file=attachment)
    else:
        placeholder = omitted_placeholder(texts, message.media)
    caption = message.text
    if not caption:
        return placeholder + edit_mark
    if fmt.platform == "android":
        return f"{placeholder}\n{caption}{edit_mark}"
    return f"{caption} {placeholder}{edit_mark}"


def render_lines(chat: Chat, fmt: RenderFormat, *, with_media: bool = False) -> list[str]:
    """One string per record (with embedded "\\n" for multi-line bodies)."""
    files = attachment_names(chat.records, fmt.platform) if with_media else {}
    lines: list[str] = []
    for index, record in enumerate(chat.records):
        header = fmt.header(record.at)
        if isinstance(record, SystemEvent):
            body = system_text(fmt, chat, record)
            name = system_line_name(fmt, chat, record)
        else:
            body = message_body(fmt, chat, record, files.get(index))
            name = display_name(fmt, chat, record.author)
        start = LRM if fmt.mark_line_start and body.startswith(LRM) else ""
        lines.append(f"{start}{header}{name}: {body}" if name is not None else f"{start}{header}{body}")
    return lines


def render(chat: Chat, format_id: str, *, line_ending: str | None = None, with_media: bool = False) -> str:
    """The export text of `chat` in format `format_id`. Records end with `line_ending` (default:
    the format's own); line breaks inside a message use it too, except in formats that keep bare
    LF inside CRLF records (iOS 2016) when no `line_ending` is forced."""
    fmt = get_format(format_id)
    ending = fmt.line_ending if line_ending is None else line_ending
    inner = fmt.inner_line_ending or ending if line_ending is None else line_ending
    lines = render_lines(chat, fmt, with_media=with_media)
    if inner != "\n":
        lines = [line.replace("\n", inner) for line in lines]
    return ending.join(lines) + ending


def zip_name(chat: Chat) -> str:
    """iOS names the zip in English whatever the language (docs/export-formats.md §3)."""
    return f"WhatsApp Chat - {chat.group}.zip"


def render_zip(chat: Chat, format_id: str, *, macosx: bool = False) -> bytes:
    """An iOS-style export zip: `_chat.txt` with attachment lines plus a small dummy file per
    attachment; `macosx` adds the `__MACOSX/.__chat.txt` (AppleDouble "._" + "_chat.txt") that a
    Mac re-zip leaves behind: a second file whose name ends in `_chat.txt`."""
    fmt = get_format(format_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "_chat.txt", render(chat, format_id, with_media=True).encode("utf-8"))
        for name in attachment_names(chat.records, fmt.platform).values():
            _write(archive, name, b"dummy media: " + name.encode("utf-8"))
        if macosx:
            _write(archive, "__MACOSX/.__chat.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Fixed timestamps so a re-render gives byte-identical zips (`--check` compares bytes)."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
