"""Exports from phones set to the languages residents use besides Dutch (issue 10): Turkish, Arabic,
Polish, French, Spanish, Portuguese, Italian, Czech and Russian.

A chat with every system event, media type, deletion, poll and location is rendered in each of
their formats (exportgen/formats.py, wordings in exportgen/data/system_texts.toml) and must parse
back through `parsers.read_export` with the right language; an unknown placeholder stays a message.
Also defect 6: German iOS "Kontaktkarte ausgelassen" (and the other "ausgelassen" forms) is media.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from exportgen.chat import Chat, Message, Poll, SystemEvent
from exportgen.expected import differences, expected_rows, parsed_rows
from exportgen.formats import FORMATS, get_format
from exportgen.render import render, render_zip
from exportgen.texts import text_set
from parsers import read_export
from parsers.languages import all_languages

NEW_LANGUAGES = ("tr", "ar", "pl", "fr", "es", "pt", "it", "cs", "ru")
NEW_FORMATS = [fid for fid, fmt in FORMATS.items() if fmt.language in NEW_LANGUAGES]
OLD_FORMATS = [fid for fid, fmt in FORMATS.items() if fmt.language not in NEW_LANGUAGES]
DATA = Path(__file__).resolve().parents[2] / "parsers" / "data"

EXPORTER = "Henk de Vries"
KARIN, PIET, FATMA, AHMET, PHONE = "Karin Bos", "Piet Jansen", "Fatma Yılmaz", "Ahmet Kaya", "+31 6 12345678"


def _every_kind_chat() -> Chat:
    """Every event in every wording the renderer has (by someone, by the exporter, about the
    exporter, without actor), every media type with and without caption, deletions, a poll, a
    location, an edit. Days above 12 so that slash dates read one way only."""
    at = datetime(2024, 3, 13, 8, 5, 7)

    def t(minutes: int) -> datetime:
        return at + timedelta(minutes=37 * minutes)

    events = [
        SystemEvent(t(0), "encryption"),
        SystemEvent(t(1), "created", actor=KARIN, name="Buurtpreventie Oost"),
        SystemEvent(t(2), "added", actor=KARIN, member=PIET),
        SystemEvent(t(3), "added", actor=KARIN, member=EXPORTER),
        SystemEvent(t(4), "added", actor=EXPORTER, member=FATMA),
        SystemEvent(t(5), "added", member=PHONE),
        SystemEvent(t(6), "joined", member=AHMET),
        SystemEvent(t(7), "admin", actor=KARIN),
        SystemEvent(t(8), "admin", actor=EXPORTER),
        SystemEvent(t(9), "admin", actor=KARIN, member=FATMA),
        SystemEvent(t(10), "admin", actor=EXPORTER, member=PIET),
        SystemEvent(t(11), "admin", actor=KARIN, member=EXPORTER),
        SystemEvent(t(12), "subject", actor=KARIN, name="Buurtpreventie Noord"),
        SystemEvent(t(13), "subject", actor=EXPORTER, name="Buurt: Noord"),
        SystemEvent(t(14), "icon", actor=KARIN),
        SystemEvent(t(15), "icon", actor=EXPORTER),
        SystemEvent(t(16), "description", actor=KARIN),
        SystemEvent(t(17), "description", actor=EXPORTER),
        SystemEvent(t(18), "settings", actor=KARIN),
        SystemEvent(t(19), "settings", actor=EXPORTER),
        SystemEvent(t(20), "security_code", actor=PIET),
        SystemEvent(t(21), "number_changed", actor=FATMA),
        SystemEvent(t(22), "disappearing", actor=KARIN),
        SystemEvent(t(23), "disappearing", actor=EXPORTER),
        SystemEvent(t(24), "created", actor=EXPORTER, name="Buurtapp Oost"),
    ]
    messages = [
        Message(t(30), KARIN, "Er loopt iemand bij de schuurtjes achter nr 14"),
        Message(t(31), PIET, "Ik kijk even\nBen er over 5 min", edited=True),
        Message(t(32), FATMA, media="image"),
        Message(t(33), AHMET, "Dit is hem", media="image"),
        Message(t(34), KARIN, media="video"),
        Message(t(35), PIET, "Regel een\nRegel twee", media="video"),
        Message(t(36), EXPORTER, media="audio"),
        Message(t(37), FATMA, media="sticker"),
        Message(t(38), AHMET, media="gif"),
        Message(t(39), KARIN, "Het rooster", media="document"),
        Message(t(40), PIET, media="contact"),
        Message(t(41), FATMA, deleted=True),
        Message(t(42), EXPORTER, deleted=True),
        Message(t(43), KARIN, poll=Poll("Buurtavond?", ("Ja", "Nee"))),
        Message(t(44), PIET, location="https://maps.google.com/?q=52.1,5.1"),
        Message(t(45), PHONE, "Politie is gebeld (112)"),
    ]
    closing = [
        SystemEvent(t(50), "left", member=PIET),
        SystemEvent(t(51), "removed", actor=KARIN, member=AHMET),
        SystemEvent(t(52), "removed", actor=EXPORTER, member=FATMA),
        SystemEvent(t(53), "joined", member=EXPORTER),
        SystemEvent(t(54), "removed", actor=KARIN, member=EXPORTER),
        SystemEvent(t(55), "left", member=EXPORTER),
    ]
    return Chat(
        "Buurtpreventie Oost", events + messages + closing, exporter=EXPORTER, non_contacts=[AHMET, FATMA]
    )


CHAT = _every_kind_chat()


def test_every_new_language_has_a_table_and_a_format():
    codes = {language.code for language in all_languages()}
    assert set(NEW_LANGUAGES) <= codes
    assert {FORMATS[fid].language for fid in NEW_FORMATS} == set(NEW_LANGUAGES)


@pytest.mark.parametrize("format_id", NEW_FORMATS)
@pytest.mark.parametrize("with_media", [False, True], ids=["omitted", "with-media"])
def test_every_kind_of_record_parses_back(format_id, with_media):
    text = render(CHAT, format_id, with_media=with_media)
    export = read_export(text.encode("utf-8"))
    problems = differences(expected_rows(CHAT, format_id, with_media=with_media), parsed_rows(export.frame))
    assert not problems, f"{format_id}:\n{text}\n" + "\n".join(problems)
    assert export.format.language == get_format(format_id).language
    assert export.format.platform == get_format(format_id).platform


@pytest.mark.parametrize("format_id", OLD_FORMATS)
def test_dutch_english_german_exports_keep_their_language(format_id):
    """The new tables must not take over Dutch, English or German texts."""
    text = render(CHAT, format_id)
    export = read_export(text.encode("utf-8"))
    problems = differences(expected_rows(CHAT, format_id), parsed_rows(export.frame))
    assert not problems, f"{format_id}:\n" + "\n".join(problems)
    assert export.format.language == get_format(format_id).language


@pytest.mark.parametrize("format_id", [fid for fid in NEW_FORMATS if FORMATS[fid].platform == "ios"])
def test_ios_zip_in_a_new_language_parses_back(format_id):
    data = render_zip(CHAT, format_id, macosx=True)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "_chat.txt"
    export = read_export(data, name=f"WhatsApp Chat - {CHAT.group}.zip")
    problems = differences(expected_rows(CHAT, format_id, with_media=True), parsed_rows(export.frame))
    assert not problems, f"{format_id} zip:\n" + "\n".join(problems)


#: Placeholder-shaped texts no table knows (a media kind WhatsApp may add): a message, never an error.
UNKNOWN_PLACEHOLDERS = {
    "tr": ["<Anket dahil edilmedi>", "anket dahil edilmedi"],
    "ar": ["<تم استبعاد الاستطلاع>", "تم استبعاد الاستطلاع"],
    "pl": ["<Pominięto ankietę>", "ankieta pominięta"],
    "fr": ["<Sondage omis>", "sondage omis"],
    "es": ["<Encuesta omitida>", "encuesta omitida"],
    "pt": ["<Enquete oculta>", "enquete ocultada"],
    "it": ["<Sondaggio omesso>", "sondaggio omesso"],
    "cs": ["<Anketa vynechána>", "anketa vynechána"],
    "ru": ["<Без опросов>", "опрос отсутствует"],
}


@pytest.mark.parametrize("format_id", NEW_FORMATS)
def test_an_unknown_placeholder_stays_a_message(format_id):
    language = get_format(format_id).language
    at = datetime(2024, 3, 20, 21, 16, 1)
    unknown = [
        Message(at + timedelta(minutes=i), KARIN if i % 2 else PIET, text)
        for i, text in enumerate(UNKNOWN_PLACEHOLDERS[language])
    ]
    chat = Chat(CHAT.group, [*CHAT.records[:3], *unknown, *CHAT.records[-22:]], exporter=EXPORTER)
    chat = Chat(chat.group, sorted(chat.records, key=lambda r: r.at), exporter=EXPORTER)
    export = read_export(render(chat, format_id).encode("utf-8"))
    problems = differences(expected_rows(chat, format_id), parsed_rows(export.frame))
    assert not problems, f"{format_id}:\n" + "\n".join(problems)
    rows = export.frame[export.frame["text"].isin(UNKNOWN_PLACEHOLDERS[language])]
    assert len(rows) == 2 and (rows["kind"] == "message").all()
    assert export.format.language == language


def test_the_exporter_without_a_pronoun_is_the_exporter():
    """Pronoun-less forms ("Añadiste a Piet", "Piet kişisini eklediniz") are the exporter: `you_*` groups."""
    text = (
        "20/3/2024, 9:00 p.\u00a0m. - Añadiste a Piet Jansen\n"
        "20/3/2024, 9:01 p.\u00a0m. - Karin Bos te añadió\n"
        "20/3/2024, 9:02 p.\u00a0m. - Saliste del grupo\n"
        "20/3/2024, 9:03 p.\u00a0m. - Karin Bos: <Multimedia omitido>\n"
    )
    export = read_export(text.encode("utf-8"))
    frame = export.frame
    assert export.format.language == "es" and export.format.twelve_hour  # "p. m." (C, catalogue 1a)
    assert frame["timestamp"].tolist()[0] == datetime(2024, 3, 20, 21, 0)
    assert frame["author"].tolist()[:3] == ["You", "Karin Bos", "You"]
    assert frame["member"].tolist()[:3] == ["Piet Jansen", "You", "You"]
    assert frame["event"].tolist()[:3] == ["added", "added", "left"]
    turkish = "20.03.2024 21:00 - Piet Jansen kişisini eklediniz\n20.03.2024 21:01 - Karin Bos: hoi\n"
    frame = read_export(turkish.encode("utf-8")).frame
    assert frame.loc[0, ["author", "member", "event"]].tolist() == ["You", "Piet Jansen", "added"]


GERMAN_IOS = """[20.06.19, 15:58:47] Lisa: \u200eBild ausgelassen
[20.06.19, 15:58:48] Lisa: Schau mal \u200eBild ausgelassen
[20.06.19, 15:58:49] Tom: \u200eKontaktkarte ausgelassen
[20.06.19, 15:58:50] Tom: \u200eVideo ausgelassen
[20.06.19, 15:58:51] Lisa: \u200eAudio ausgelassen
[20.06.19, 15:58:52] Lisa: \u200eSticker ausgelassen
[20.06.19, 15:58:53] Tom: \u200eGIF ausgelassen
[20.06.19, 15:58:54] Tom: Rechnung \u200eDokument ausgelassen
[20.06.19, 15:58:55] Lisa: \u200eKontaktkarte weggelassen
[20.06.19, 15:58:56] Tom: \u200eDiese Nachricht wurde gelöscht.
[20.06.19, 15:58:57] Lisa: Bild ausgelassen ist das nicht
"""


def test_german_ausgelassen_placeholders_are_media():
    """Defect 6: German iOS writes "Kontaktkarte ausgelassen" as well as "… weggelassen"."""
    export = read_export(GERMAN_IOS.encode("utf-8"))
    frame = export.frame
    media = frame.iloc[:9]
    assert (media["kind"] == "media").all(), media[["text", "kind"]]
    assert media["media_type"].tolist() == [
        "image", "image", "contact", "video", "audio", "sticker", "gif", "document", "contact",
    ]  # fmt: skip
    assert media["text"].tolist()[1] == "Schau mal" and media["text"].tolist()[7] == "Rechnung"
    assert frame.loc[9, "kind"] == "deleted"
    assert frame.loc[10, "kind"] == "message"  # the placeholder words inside a sentence are a message
    assert export.format.language == "de"


@pytest.mark.parametrize("code", NEW_LANGUAGES)
def test_every_wording_is_marked_confirmed_or_inferred(code):
    """Each pattern line of a new table ends in `# C` (seen in a real export) or `# I` (inferred)."""
    lines = (DATA / f"{code}.toml").read_text("utf-8").splitlines()
    patterns = [line for line in lines if line.lstrip().startswith("'")]
    assert patterns
    unmarked = [line for line in patterns if not re.search(r"# [CI]\b", line)]
    assert not unmarked, "\n".join(unmarked)
    header = [line for line in lines if line.startswith(("chat_file_prefixes", "edited_markers", "poll_"))]
    assert all(re.search(r"# [CI]\b", line) for line in header), header


@pytest.mark.parametrize("texts", sorted({FORMATS[fid].texts for fid in NEW_FORMATS}))
def test_new_text_sets_have_every_wording_the_dutch_set_has(texts):
    assert set(text_set(texts)) >= set(text_set("nl-android"))
    assert set(text_set(texts)["omitted"]) == set(text_set("nl-android")["omitted"])
