"""Property-based round trips: random chats in every format parse back identically, and no input
makes the parser crash with anything but `parsers.ParseError` (or hang).

The random chats stay inside what WhatsApp can write: names without ": " or line breaks, bodies
without leading/trailing blanks (WhatsApp trims them), and no continuation line that is itself a
valid header of the same format (no parser can tell those apart). Inside those limits they aim at
the known pitfalls: emoji, hyphens and phone numbers in names, `~` non-contacts, ": " in bodies,
blank lines, lines that look like other formats' headers, timestamps out of order.
"""

from __future__ import annotations

import re
import string
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exportgen.chat import Chat, Message, Poll, SystemEvent
from exportgen.expected import differences, expected_rows, parsed_rows
from exportgen.formats import FORMAT_IDS, get_format
from exportgen.render import render, render_zip

RANDOM_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

#: Words WhatsApp uses in system texts or for the exporter; a name made of them is ambiguous.
RESERVED_WORDS = set(
    """u je jij you du dich heeft hebt is bent toegevoegd verwijderd verlaten added removed left joined
    created changed hat hast ist bist hinzugefügt entfernt verlassen deze groep group gruppe nu now jetzt
    made admin beheerder the de die this via using uw your deine an was wurde met with zum""".split()
)

LETTERS = string.ascii_letters + "éëïöüçñßÅøÖÉ"
EMOJI = ["😀", "🚓", "🏠", "👮\u200d♀️", "❤️", "🐈"]


def _word() -> st.SearchStrategy[str]:
    word = st.text(alphabet=LETTERS, min_size=1, max_size=9).map(str.capitalize)
    hyphenated = st.tuples(word, word).map("-".join)
    return st.one_of(word, word, hyphenated).filter(lambda w: w.lower() not in RESERVED_WORDS)


NAME = st.one_of(
    st.lists(_word(), min_size=1, max_size=3).map(" ".join),
    st.tuples(st.lists(_word(), min_size=1, max_size=2).map(" ".join), st.sampled_from(EMOJI)).map(" ".join),
    st.integers(10_000_000, 99_999_999).map(lambda n: f"+31 6 {n}"),
)

#: Lines a careless parser takes for headers; none is a valid header in any of our formats.
HEADER_LOOKALIKES = [
    "[5/2, 16:08] Alice: Hoi, ik heb de chat gemaakt",
    "Tijd: 21:14 - ongeveer",
    "Op 02-05-2022 om 16:08 schreef Karin:",
    "12:30 - 13:00 vergadering: buurthuis",
    "Datum: 1/4/23, 7:02 PM",
    "Kenteken: 12-ABC-3 - grijze Golf",
    "- Politie: onderweg",
    "Let op: DELEN!!",
]

#: Headers of one layout pasted into a body: continuation lines everywhere except in their own layout.
CROSS_FORMAT_LINES = {
    "[02-05-2022 16:08:13] Dave: hoi": {"ios-nl-2022"},
    "[13-01-2024, 18:47:25] ~ Joost: hoi": {"ios-nl-2025"},
    "02-05-2022 16:08 - Alice: hoi": {"android-nl"},
    "28.05.21, 21:45 - Mastermind: hoi": {"android-de"},
    "[20.06.19, 15:58:47] Lisa: hoi": {"ios-de"},
    "1/4/23, 7:02\u202fPM - Alice: hoi": {"android-en-us"},
}

_LINE_CHARS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf", "Co", "Cn"), blacklist_characters="\u2028\u2029\x85"
)
#: A random line that starts with a whole date and time can be a valid header of the file's own layout,
#: which no parser can tell from a real one; dated lines come from HEADER_LOOKALIKES instead.
_DATED = re.compile(r"^\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},? \d{1,2}[:.]\d{2}")
PLAIN_LINE = (
    st.text(alphabet=_LINE_CHARS, min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda line: bool(line) and not _DATED.match(line))
)
LINE = st.one_of(
    PLAIN_LINE, PLAIN_LINE, st.sampled_from(HEADER_LOOKALIKES), PLAIN_LINE.map(lambda s: f"Vraag: {s}")
)
#: Body text: first and last line non-blank, blank lines allowed in between.
BODY = (
    st.lists(st.one_of(LINE, LINE, LINE, st.just("")), min_size=1, max_size=5)
    .filter(lambda lines: lines[0] != "" and lines[-1] != "")
    .map("\n".join)
)

TIMES = st.datetimes(min_value=datetime(2012, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda t: t.replace(microsecond=0)
)
MEDIA = st.sampled_from(["image", "video", "audio", "sticker", "gif", "document", "contact"])
URL = st.integers(0, 99_999).map(lambda n: f"https://maps.google.com/?q=52.{n},5.{n}")


def _not_a_placeholder(text: str) -> bool:
    """Bodies that happen to spell a placeholder are that placeholder; leave them out."""
    low = text.lower()
    return not any(word in low for word in ("weggelaten", "omitted", "<media", "bijgevoegd", "attached"))


SYSTEM_EVENTS = [
    "added", "removed", "joined", "left", "icon", "description", "created", "subject", "settings", "admin",
    "security_code", "number_changed", "disappearing", "encryption",
]  # fmt: skip
SUBJECT = st.sampled_from(["Buurt: Noord", "Wijk 112 - alarm", "blabla:", "Buurtpreventie “Oost”"])


@st.composite
def chats(draw: st.DrawFn) -> Chat:
    names = draw(st.lists(NAME, min_size=2, max_size=6, unique=True))
    exporter = draw(st.one_of(st.none(), st.sampled_from(names)))
    non_contacts = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
    records = []
    for _ in range(draw(st.integers(1, 12))):
        at = draw(TIMES)
        author = draw(st.sampled_from(names))
        choice = draw(st.integers(0, 9))
        if choice <= 3:
            body = draw(BODY.filter(_not_a_placeholder))
            records.append(Message(at, author, body, edited=draw(st.booleans())))
        elif choice == 4:
            caption = draw(st.one_of(st.just(""), BODY.filter(_not_a_placeholder)))
            records.append(Message(at, author, caption, media=draw(MEDIA)))
        elif choice == 5:
            records.append(Message(at, author, deleted=True))
        elif choice == 6:
            options = tuple(draw(st.lists(PLAIN_LINE, min_size=2, max_size=3)))
            records.append(Message(at, author, poll=Poll(draw(PLAIN_LINE), options)))
        elif choice == 7:
            records.append(Message(at, author, location=draw(URL)))
        else:
            other = draw(st.sampled_from([n for n in names if n != author]))
            event = draw(st.sampled_from(SYSTEM_EVENTS))
            if event in ("joined", "left"):
                records.append(SystemEvent(at, event, member=author))
            elif event in ("added", "removed"):
                records.append(SystemEvent(at, event, actor=author, member=other))
            elif event == "encryption":
                records.append(SystemEvent(at, event))
            elif event in ("created", "subject"):  # group names may hold ": " (pitfall 6)
                records.append(SystemEvent(at, event, actor=author, name=draw(st.one_of(NAME, SUBJECT))))
            elif event in ("security_code", "number_changed"):  # always about someone else
                if author != exporter:
                    records.append(SystemEvent(at, event, actor=author))
            else:
                records.append(SystemEvent(at, event, actor=author))
    if not records:  # an export always has a line; an empty file is a ParseError, tested elsewhere
        records.append(Message(draw(TIMES), names[0], draw(PLAIN_LINE.filter(_not_a_placeholder))))
    group = draw(NAME.filter(lambda name: name not in names))  # a group named like a member is ambiguous
    return Chat(group, records, exporter=exporter, non_contacts=non_contacts)


def dates_decide_the_order(chat: Chat, format_id: str) -> bool:
    """Slash dates (1/4/23) read either way; only a day above 12 tells which (pitfall 9). Real
    chats span more than twelve days; a parser may guess for shorter ones, so we do not judge it."""
    if get_format(format_id).date_sep != "/":
        return True
    return any(record.at.day > 12 for record in chat.records)


def read_chat(data: bytes):
    from parsers import read_chat as parser_read_chat

    return parser_read_chat(data)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
@RANDOM_SETTINGS
@given(chat=chats())
def test_random_chat_parses_back(format_id, chat):
    text = render(chat, format_id)
    assume(not any(line in text for line, own in CROSS_FORMAT_LINES.items() if format_id in own))
    assume(dates_decide_the_order(chat, format_id))
    problems = differences(expected_rows(chat, format_id), parsed_rows(read_chat(text.encode("utf-8"))))
    assert not problems, f"{format_id}:\n{text}\n" + "\n".join(problems)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_give_a_frame_or_a_parse_error(data):
    from parsers import ParseError

    try:
        frame = read_chat(data)
    except ParseError:
        return
    assert isinstance(frame, pd.DataFrame)


FRAGMENTS = st.sampled_from(
    ["[", "]", "02-05-2022", "1/4/23", "16:08", "7:02\u202fPM", ", ", " - ", ": ", "\n", "\r\n", "\u200e",
     "Alice", "~ Bob", "<Media weggelaten>", "PEILING:", "OPTIE: ", "heeft", "toegevoegd", "PK\x03\x04",
     "\ufeff", "\x00", "31-02-2022", "99:99", "a.m.", "😀"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(FRAGMENTS, max_size=60))
def test_header_shaped_garbage_gives_a_frame_or_a_parse_error(pieces):
    from parsers import ParseError

    try:
        frame = read_chat("".join(pieces).encode("utf-8"))
    except ParseError:
        return
    assert isinstance(frame, pd.DataFrame)


@RANDOM_SETTINGS
@given(chat=chats(), format_id=st.sampled_from(FORMAT_IDS), crlf=st.booleans())
def test_random_chat_with_media_files_parses_back(chat, format_id, crlf):
    """Attachment file names instead of "omitted" placeholders, either line ending."""
    text = render(chat, format_id, with_media=True, line_ending="\r\n" if crlf else "\n")
    assume(not any(line in text for line, own in CROSS_FORMAT_LINES.items() if format_id in own))
    assume(dates_decide_the_order(chat, format_id))
    expected = expected_rows(chat, format_id, with_media=True)
    problems = differences(expected, parsed_rows(read_chat(text.encode("utf-8"))))
    assert not problems, f"{format_id}:\n{text}\n" + "\n".join(problems)


@RANDOM_SETTINGS
@given(chat=chats(), format_id=st.sampled_from(["ios-nl-2025", "ios-en-us", "android-nl"]))
def test_random_chat_zip_parses_back(chat, format_id):
    assume(
        not any(
            line in render(chat, format_id) for line, own in CROSS_FORMAT_LINES.items() if format_id in own
        )
    )
    assume(dates_decide_the_order(chat, format_id))
    expected = expected_rows(chat, format_id, with_media=True)
    problems = differences(expected, parsed_rows(read_chat(render_zip(chat, format_id, macosx=True))))
    assert not problems, f"{format_id} zip:\n" + "\n".join(problems)
