"""The renderer writes what docs/export-formats.md says WhatsApp writes (no parser involved)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pytest

from exportgen.chat import Chat, Message, Poll, SystemEvent
from exportgen.formats import FORMAT_IDS, FORMATS, LRM, get_format
from exportgen.render import render, render_zip, zip_name
from exportgen.synthetic import generate_export
from exportgen.texts import text_set
from parsers.schema import EVENTS, MEDIA_TYPES

AT = datetime(2024, 1, 5, 21, 16, 1)


def one(record, *, exporter="Henk de Vries", non_contacts=()) -> Chat:
    return Chat("Buurtpreventie Vogelwijk", [record], exporter=exporter, non_contacts=non_contacts)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_header_matches_the_catalogue_example(format_id):
    fmt = get_format(format_id)
    assert fmt.header(fmt.example_at) == fmt.example


def test_unknown_format_names_the_known_ones():
    with pytest.raises(ValueError, match="android-nl"):
        get_format("android-fr")


@pytest.mark.parametrize("texts", sorted({fmt.texts for fmt in FORMATS.values()}))
def test_every_text_set_has_every_wording_the_renderer_needs(texts):
    wordings = text_set(texts)
    for event in EVENTS:
        if event != "other":
            assert event in wordings, f"{texts} lacks {event}"
    for key in ("deleted", "deleted_by_you", "edited", "attached", "location", "poll_header", "poll_option"):
        assert key in wordings
    assert set(wordings["omitted"]) == set(MEDIA_TYPES)


def test_android_caption_goes_on_the_next_line():
    text = render(one(Message(AT, "Karin Bos", "Dit is hem", media="image")), "android-nl")
    assert text == "05-01-2024 21:16 - Karin Bos: <Media weggelaten>\nDit is hem\n"


def test_ios_caption_goes_before_the_placeholder():
    text = render(one(Message(AT, "Karin Bos", "Dit is hem", media="image")), "ios-nl-2025")
    assert text == f"[05-01-2024, 21:16:01] Karin Bos: Dit is hem {LRM}afbeelding weggelaten\n"


def test_edit_marker_ends_the_last_line():
    text = render(one(Message(AT, "Karin Bos", "Regel een\nRegel twee", edited=True)), "ios-nl-2022")
    assert text.endswith(f"Regel twee {LRM}<Dit bericht is bewerkt>\n")


def test_non_contacts_get_a_tilde_only_where_the_format_uses_it():
    chat = one(
        SystemEvent(AT, "added", actor="Francoise", member="Bryan"), non_contacts=["Francoise", "Bryan"]
    )
    assert (
        render(chat, "ios-nl-2025")
        == f"[05-01-2024, 21:16:01] ~ Bryan: {LRM}~ Francoise heeft ~ Bryan toegevoegd\n"
    )
    assert render(chat, "android-nl") == f"05-01-2024 21:16 - {LRM}Francoise heeft Bryan toegevoegd\n"


def test_the_exporter_is_u_you_du_in_system_texts():
    chat = one(SystemEvent(AT, "left", member="Henk de Vries"))
    assert render(chat, "android-nl").endswith(" - U hebt de groep verlaten\n")
    assert render(chat, "android-en-gb").endswith(" - You left\n")
    assert render(chat, "android-de").endswith(" - \u200eDu hast die Gruppe verlassen\n")
    added = one(SystemEvent(AT, "added", actor="Karin Bos", member="You"))
    assert render(added, "android-nl").endswith(" - \u200eKarin Bos heeft u toegevoegd\n")


def test_the_exporters_own_messages_carry_their_name():
    text = render(one(Message(AT, "Henk de Vries", deleted=True)), "ios-nl-2022")
    assert text == f"{LRM}[05-01-2024 21:16:01] Henk de Vries: {LRM}U hebt dit bericht verwijderd.\n"


def test_ios_2023_names_a_system_line_after_the_group_or_the_actor():
    encryption = render(one(SystemEvent(AT, "encryption")), "ios-nl-2025")
    assert encryption.startswith(
        "[05-01-2024, 21:16:01] Buurtpreventie Vogelwijk: \u200eBerichten en oproepen"
    )
    icon = render(one(SystemEvent(AT, "icon", actor="Karin Bos")), "ios-nl-2025")
    assert icon == f"[05-01-2024, 21:16:01] Karin Bos: {LRM}Karin Bos heeft de groepsafbeelding gewijzigd\n"
    older = render(one(SystemEvent(AT, "icon", actor="Karin Bos")), "ios-nl-2022")
    assert older == f"{LRM}[05-01-2024 21:16:01] {LRM}Karin Bos heeft de groepsafbeelding gewijzigd\n"


def test_phone_number_names_are_wrapped_on_ios():
    text = render(one(Message(AT, "+31 6 12345678", "Hoi")), "ios-nl-2022")
    assert "\u202a+31\u00a06\u00a012345678\u202c: Hoi" in text
    assert "+31 6 12345678: Hoi" in render(one(Message(AT, "+31 6 12345678", "Hoi")), "android-nl")


def test_poll_and_location_follow_the_catalogue():
    poll = render(one(Message(AT, "Karin Bos", poll=Poll("Buurtavond?", ("Ja", "Nee")))), "ios-nl-2025")
    assert poll.splitlines()[1:] == [
        "Buurtavond?",
        f"{LRM}OPTIE: Ja (0 stemmen)",
        f"{LRM}OPTIE: Nee (0 stemmen)",
    ]
    location = render(
        one(Message(AT, "Karin Bos", location="https://maps.google.com/?q=52.1,5.1")), "android-nl"
    )
    assert location.endswith("Karin Bos: locatie: https://maps.google.com/?q=52.1,5.1\n")


def test_twelve_hour_clocks_write_midnight_and_noon_as_12():
    assert get_format("android-en-us").time_text(0, 5, 0) == "12:05\u202fAM"
    assert get_format("android-en-us").time_text(12, 5, 0) == "12:05\u202fPM"
    assert get_format("android-en-ampm-dotted").time_text(23, 59, 0) == "11:59 p.m."


def test_crlf_applies_to_every_line_break():
    text = render(one(Message(AT, "Karin Bos", "een\n\ndrie")), "ios-en-us")
    assert text.count("\r\n") == 3 and text.replace("\r\n", "").count("\n") == 0


def test_zip_holds_chat_and_media_named_as_whatsapp_names_them():
    chat = Chat(
        "Buurtpreventie Vogelwijk",
        [Message(AT, "Karin Bos", "Dit is hem", media="image"), Message(AT, "Piet", media="audio")],
    )
    archive = zipfile.ZipFile(io.BytesIO(render_zip(chat, "ios-nl-2025", macosx=True)))
    assert archive.namelist() == [
        "_chat.txt",
        "00000001-PHOTO-2024-01-05-21-16-01.jpg",
        "00000002-AUDIO-2024-01-05-21-16-01.opus",
        "__MACOSX/.__chat.txt",
    ]
    chat_text = archive.read("_chat.txt").decode("utf-8")
    assert f"Dit is hem {LRM}<bijgevoegd: 00000001-PHOTO-2024-01-05-21-16-01.jpg>" in chat_text
    assert zip_name(chat) == "WhatsApp Chat - Buurtpreventie Vogelwijk.zip"
    assert render_zip(chat, "ios-nl-2025") == render_zip(chat, "ios-nl-2025")  # reproducible bytes


def test_android_attachment_names_count_per_day():
    chat = Chat("G", [Message(AT, "A", media="image"), Message(AT, "B", media="video")])
    text = render(chat, "android-nl", with_media=True)
    assert "A: \u200eIMG-20240105-WA0001.jpg (bestand bijgevoegd)" in text
    assert "B: \u200eVID-20240105-WA0002.mp4 (bestand bijgevoegd)" in text


def test_a_message_is_one_kind_only():
    with pytest.raises(ValueError):
        Message(AT, "A", media="image", deleted=True)
    with pytest.raises(ValueError):
        SystemEvent(AT, "other")


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_synthetic_export_is_reproducible_and_sized(format_id):
    text = generate_export(500, format_id, seed=3)
    assert text == generate_export(500, format_id, seed=3)
    assert text != generate_export(500, format_id, seed=4)
    fmt = get_format(format_id)
    header = re.compile(r"\u200e?\[" if fmt.brackets else r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},? \d{1,2}:\d\d")
    lines = text.split(fmt.line_ending)
    assert lines[-1] == "" and all("\r" not in line for line in lines)
    record_starts = sum(1 for line in lines if header.match(line))
    assert 502 <= record_starts < 510  # a few pasted continuation lines also start with "["
    assert "112 gebeld" in text.lower() or "112 is gebeld" in text


def test_ios_2016_keeps_bare_lf_inside_crlf_records():
    chat = Chat("G", [Message(datetime(2016, 7, 1, 16, 56, 55), "Sophia H.", "So hier\nen daar")])
    assert render(chat, "ios-en-2016") == "7/1/16, 4:56:55 PM: Sophia H.: So hier\nen daar\r\n"
    assert render(chat, "ios-en-2016", line_ending="\r\n").count("\r\n") == 2
