"""whatstk as an independent oracle: on the formats it reads, it must find the same member messages
at the same timestamps as our parser; and our parse must run through whatstk's own analyses."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

whatstk = pytest.importorskip("whatstk")
from whatstk import WhatsAppChat  # noqa: E402
from whatstk.analysis import get_interventions_count, get_response_matrix  # noqa: E402

from parsers import read_chat, to_whatstk  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[2] / "sample_exports"

CHATS = {
    "android-nl": (
        "%d-%m-%Y %H:%M - %name:",
        "02-05-2022 16:08 - Berichten en oproepen worden end-to-end versleuteld.\n"
        "02-05-2022 16:08 - Alice heeft Dave toegevoegd\n"
        "02-05-2022 16:09 - Alice: Verdachte man: donkere jas\nloopt richting Merelstraat\n\n112 gebeld\n"
        "02-05-2022 16:10 - Dave: <Media weggelaten>\n"
        "02-05-2022 16:11 - Dave: Ik ga kijken\n"
        "13-05-2022 09:00 - +31 6 12345678: Loos alarm\n",
    ),
    "ios-nl": (
        "[%d-%m-%Y %H:%M:%S] %name:",
        "[02-05-2022 16:08:13] Alice: Hoi\n"
        "[02-05-2022 16:09:02] Dave: Ik zie hem ook\nbij de brug\n"
        "[13-05-2022 10:00:00] Alice: Afgesloten\n",
    ),
    "android-en-us": (
        "%m/%d/%y, %I:%M %p - %name:",
        "1/4/23, 7:02 PM - Alice: Someone at the back door\n"
        "1/4/23, 7:05 PM - Bob: Called 112\n"
        "1/13/23, 12:30 AM - Alice: All clear\n",
    ),
    "android-de": (
        "%d.%m.%y, %H:%M - %name:",
        "28.05.21, 21:45 - MasterMind: Hallo zusammen\n28.05.21, 21:50 - Karl: Guten Abend\nzweite Zeile\n",
    ),
}


EDIT_MARKER = re.compile(
    r"\s*<(?:Dit bericht is bewerkt|This message was edited|Diese Nachricht wurde bearbeitet)>$"
)


def comparable(text: str) -> str:
    """whatstk keeps the edit marker (we move it to ``edited``) and a trailing newline where the
    next header starts with an invisible mark; compare without both."""
    return EDIT_MARKER.sub("", text.replace("\u200e", "").rstrip())


def plain_messages(frame: pd.DataFrame) -> Counter:
    messages = frame[frame["kind"] == "message"]
    texts = [comparable(t) for t in messages["text"]]
    return Counter(zip(messages["timestamp"], messages["author"], texts, strict=True))


def whatstk_name(name: str) -> str:
    """whatstk keeps WhatsApp's "~\u202f" prefix for people not in the exporter's contacts; we drop it."""
    name = name.replace("\u202f", " ").replace("\u00a0", " ")
    return name[1:].strip() if name.startswith("~") else name


def whatstk_rows(chat) -> Counter:
    df = chat.df
    texts = [comparable(t) for t in df["message"]]
    names = [whatstk_name(n) for n in df["username"]]
    return Counter(zip(pd.to_datetime(df["date"]), names, texts, strict=True))


@pytest.mark.parametrize("format_id", list(CHATS))
def test_same_member_messages_as_whatstk(format_id, tmp_path):
    hformat, text = CHATS[format_id]
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    ours = plain_messages(read_chat(path))
    theirs = whatstk_rows(WhatsAppChat.from_source(str(path), hformat=hformat))
    assert ours, "the chat has member messages"
    assert not ours - theirs, f"messages whatstk does not have: {ours - theirs}"


def test_sample_exports_agree_with_whatstk_auto_header():
    paths = [p for p in sorted(SAMPLES.glob("*.txt"))]
    if not paths:
        pytest.skip("no sample exports yet")
    for path in paths:
        ours = plain_messages(read_chat(path))
        theirs = whatstk_rows(WhatsAppChat.from_source(str(path)))
        missing = ours - theirs
        assert not missing, f"{path.name}: {len(missing)} messages differ, e.g. {next(iter(missing))}"


def test_to_whatstk_runs_whatstks_analyses():
    _, text = CHATS["android-nl"]
    frame = read_chat(text.encode())
    chat = to_whatstk(frame)
    assert list(chat.df.columns) == ["date", "username", "message"]
    assert len(chat.df) == int((frame["kind"] != "system").sum())
    responses = get_response_matrix(chat=chat)
    assert responses.loc["Dave", "Alice"] == 1  # Dave's first message answers Alice
    counts = get_interventions_count(chat=chat, date_mode="date", all_users=True)
    assert int(counts.to_numpy().sum()) == len(chat.df)


def member_records(frame: pd.DataFrame) -> Counter:
    """(timestamp, author) of every record with an author that is no system event (any kind of message)."""
    rows = frame[frame["author"].notna() & (frame["kind"] != "system")]
    return Counter(zip(rows["timestamp"], rows["author"], strict=True))


def whatstk_records(chat) -> Counter:
    df = chat.df
    return Counter(zip(pd.to_datetime(df["date"]), [whatstk_name(n) for n in df["username"]], strict=True))


def records_only_whatstk_has(frame: pd.DataFrame, chat) -> Counter:
    """whatstk's records we do not have as a member record, less those we read as a system event at the
    same minute (iPhone writes "Groep: ~ Anna heeft Bob toegevoegd", which whatstk takes as a message)."""
    extra = whatstk_records(chat) - member_records(frame)
    system_at = Counter(frame.loc[frame["kind"] == "system", "timestamp"])
    return Counter(timestamp for timestamp, _name in extra.elements()) - system_at


@pytest.mark.parametrize("format_id", list(CHATS))
def test_whatstk_finds_no_record_we_drop(format_id, tmp_path):
    """The other direction: a parser that drops records (the last one, a glued header) fails here."""
    hformat, text = CHATS[format_id]
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    frame = read_chat(path)
    chat = WhatsAppChat.from_source(str(path), hformat=hformat)
    assert not records_only_whatstk_has(frame, chat)
    assert sum(member_records(frame).values()) == sum(whatstk_records(chat).values())


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_whatstk_finds_no_record_we_drop_in_the_samples(path):
    frame = read_chat(path)
    missing = records_only_whatstk_has(frame, WhatsAppChat.from_source(str(path)))
    assert not missing, (
        f"{path.name}: whatstk has {sum(missing.values())} records we lack, e.g. {next(iter(missing))}"
    )


def test_the_reverse_oracle_catches_a_dropped_last_record():
    path = next(iter(sorted(SAMPLES.glob("*.txt"))))
    frame = read_chat(path)
    last_member_record = frame.index[frame["author"].notna() & (frame["kind"] != "system")][-1]
    dropped = frame.drop(index=last_member_record)
    assert records_only_whatstk_has(dropped, WhatsAppChat.from_source(str(path)))
