"""The parser on hand-written chats in the confirmed export formats (docs/export-formats.md).

Each test writes the export bytes itself, so a failure shows exactly which line of which layout broke.
"""

# ruff: noqa: E501  (chat lines are quoted verbatim, as WhatsApp writes them)

from __future__ import annotations

import pandas as pd
import pytest

from parsers import ParseError, read_chat, read_export, schema
from presentation.errors import describe

LRM, NNBSP, NBSP = "\u200e", "\u202f", "\u00a0"


def parse(text: str, **kwargs) -> pd.DataFrame:
    return read_chat(text.encode("utf-8"), **kwargs)


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else v for v in row) for row in frame[list(columns)].itertuples(index=False)
    ]


ANDROID_NL = f"""02-05-2022 16:08 - Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.
02-05-2022 16:08 - {LRM}Alice heeft de groep Test export gemaakt
02-05-2022 16:09 - {LRM}Alice heeft Dave toegevoegd
02-05-2022 16:09 - Alice heeft u toegevoegd
02-05-2022 16:10 - Alice: Verdachte man bij nr 12
hij loopt richting de Merelstraat

112 is gebeld
02-05-2022 16:11 - Dave: <Media weggelaten>
Dit is hem
02-05-2022 16:12 - Dave: {LRM}IMG-20220502-WA0001.jpg (bestand bijgevoegd)
02-05-2022 16:13 - Dave: Dit bericht is verwijderd
02-05-2022 16:14 - Alice: Hij is weg {LRM}<Dit bericht is bewerkt>
02-05-2022 16:15 - {LRM}\u202a+31{NBSP}6{NBSP}12345678\u202c: locatie: https://maps.google.com/?q=52.09,5.12
02-05-2022 16:16 - U bent nu beheerder
02-05-2022 16:17 - Dave heeft de groep verlaten
13-05-2022 09:00 - U hebt Alice verwijderd
"""


def test_android_nl_records_in_file_order_with_schema():
    frame = parse(ANDROID_NL)
    assert list(frame.columns) == list(schema.COLUMNS)
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        c: str(pd.Series(dtype=t).dtype) for c, t in schema.DTYPES.items()
    }
    assert frame["line"].tolist() == [1, 2, 3, 4, 5, 9, 11, 12, 13, 14, 15, 16, 17]
    assert rows(frame, "kind", "event", "author", "member") == [
        ("system", "encryption", None, None),
        ("system", "created", "Alice", None),
        ("system", "added", "Alice", "Dave"),
        ("system", "added", "Alice", schema.EXPORTER),
        ("message", None, "Alice", None),
        ("media", None, "Dave", None),
        ("media", None, "Dave", None),
        ("deleted", None, "Dave", None),
        ("message", None, "Alice", None),
        ("location", None, "+31 6 12345678", None),
        ("system", "admin", schema.EXPORTER, None),
        ("system", "left", "Dave", "Dave"),
        ("system", "removed", schema.EXPORTER, "Alice"),
    ]


def test_android_nl_bodies_captions_edits_and_media_types():
    frame = parse(ANDROID_NL)
    assert (
        frame.loc[4, "text"] == "Verdachte man bij nr 12\nhij loopt richting de Merelstraat\n\n112 is gebeld"
    )
    assert frame.loc[5, "text"] == "Dit is hem"
    assert frame.loc[5, "media_type"] == "other"  # "<Media weggelaten>" does not say which medium
    assert frame.loc[6, "media_type"] == "image" and frame.loc[6, "text"] == ""
    assert frame.loc[7, "text"] == ""
    assert frame.loc[8, "text"] == "Hij is weg" and bool(frame.loc[8, "edited"])
    assert frame["edited"].sum() == 1
    assert frame.loc[9, "text"] == "https://maps.google.com/?q=52.09,5.12"
    assert frame["timestamp"].iloc[-1] == pd.Timestamp("2022-05-13 09:00")
    assert not frame["text"].str.contains(LRM).any()


def test_read_export_reports_format_group_period():
    export = read_export(ANDROID_NL.encode(), name="WhatsApp-chat met Buurtpreventie Vogelwijk.txt")
    assert export.group == "Buurtpreventie Vogelwijk"
    assert set(export.frame["group"]) == {"Buurtpreventie Vogelwijk"}
    assert export.format.platform == "android" and export.format.language == "nl"
    assert export.format.date_order == "dmy" and not export.format.twelve_hour
    assert export.format.description == "Android, Nederlands, DD-MM-JJJJ 24 uur"
    assert export.period == (pd.Timestamp("2022-05-02 16:08"), pd.Timestamp("2022-05-13 09:00"))
    assert export.frame.attrs["format"] == export.format
    assert export.messages == 6 and export.events == 7


def test_group_from_created_event_when_no_file_name():
    assert read_export(ANDROID_NL.encode()).group == "Test export"
    assert read_export(ANDROID_NL.encode(), group="Eigen naam").group == "Eigen naam"


IOS_NL_2022 = f"""{LRM}[02-05-2022 16:08:13] Test export: {LRM}Berichten en gesprekken worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet.
{LRM}[02-05-2022 16:08:13] {LRM}\u202a+31{NBSP}6{NBSP}12345678\u202c heeft deze groep aangemaakt
{LRM}[02-05-2022 16:08:14] {LRM}+31 6 12345678 heeft u toegevoegd
[02-05-2022 16:09:02] Dave: Ik zie hem ook
[02-05-2022 16:10:00] Dave: {LRM}<bijgevoegd: 00000014-PHOTO-2022-05-02-16-17-01.jpg>
[02-05-2022 16:11:00] Dave: {LRM}Dit bericht is verwijderd.
{LRM}[02-05-2022 16:12:00] {LRM}U hebt de groep verlaten
"""


def test_ios_nl_2022_no_comma_seconds_and_marks_before_bracket():
    export = read_export(IOS_NL_2022.encode())
    frame = export.frame
    assert export.format.platform == "ios" and export.format.seconds
    assert frame["timestamp"].tolist()[:2] == [pd.Timestamp("2022-05-02 16:08:13")] * 2
    assert rows(frame, "kind", "event", "author", "member") == [
        ("system", "encryption", None, None),
        ("system", "created", "+31 6 12345678", None),
        ("system", "added", "+31 6 12345678", schema.EXPORTER),
        ("message", None, "Dave", None),
        ("media", None, "Dave", None),
        ("deleted", None, "Dave", None),
        ("system", "left", schema.EXPORTER, schema.EXPORTER),
    ]
    assert frame.loc[4, "media_type"] == "image"


IOS_NL_2025 = f"""[21-09-2025, 16:30:00] Familiedag: {LRM}Berichten en oproepen worden end-to-end versleuteld. Alleen mensen in deze chat kunnen ze lezen, beluisteren of delen.
[21-09-2025, 16:30:00] ~{NNBSP}Martine de Jong: {LRM}~{NNBSP}Martine de Jong heeft de groep Familiedag gemaakt
[21-09-2025, 16:30:05] Familiedag: {LRM}~{NNBSP}Martine de Jong heeft je toegevoegd
[21-09-2025, 16:31:00] ~{NNBSP}Bryan: {LRM}~{NNBSP}Francoise heeft ~{NNBSP}Bryan toegevoegd
[21-09-2025, 16:32:10] ~{NNBSP}Bryan: Deze is wel leuk. {LRM}afbeelding weggelaten
[21-09-2025, 16:33:00] Joost: {LRM}PEILING:
Wanneer komen we samen?
{LRM}OPTIE: 6 juni (12 stemmen)
{LRM}OPTIE: 13 juni (3 stemmen)
[21-09-2025, 16:34:00] Joost: Kom allemaal! {LRM}<Dit bericht is bewerkt>
[21-09-2025, 16:38:19] ~{NNBSP}Femke Manuel:
[21-09-2025, 16:38:19] ~{NNBSP}Femke Manuel: {LRM}afbeelding weggelaten
[21-09-2025, 16:40:00] Joost: Familiedag is leuk
"""


def test_ios_nl_2025_system_events_with_group_or_person_as_author():
    frame = parse(IOS_NL_2025, name="WhatsApp Chat - Familiedag.zip")
    assert rows(frame, "kind", "event", "author", "member") == [
        ("system", "encryption", None, None),
        ("system", "created", "Martine de Jong", None),
        ("system", "added", "Martine de Jong", schema.EXPORTER),
        ("system", "added", "Francoise", "Bryan"),
        ("media", None, "Bryan", None),
        ("poll", None, "Joost", None),
        ("message", None, "Joost", None),
        ("message", None, "Femke Manuel", None),
        ("media", None, "Femke Manuel", None),
        ("message", None, "Joost", None),
    ]
    assert frame.loc[4, "text"] == "Deze is wel leuk." and frame.loc[4, "media_type"] == "image"
    assert frame.loc[5, "text"] == "Wanneer komen we samen?\n6 juni\n13 juni"
    assert frame.loc[6, "text"] == "Kom allemaal!" and bool(frame.loc[6, "edited"])
    assert frame.loc[7, "text"] == ""  # album header: an empty message before the images


ANDROID_EN_US = f"""1/4/23, 7:02{NNBSP}PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
1/4/23, 7:02{NNBSP}PM - Alice created group "Test export"
1/4/23, 7:03{NNBSP}PM - Alice added +31 6 33333333
1/4/23, 12:05{NNBSP}AM - Alice: just after midnight
1/13/23, 12:30{NNBSP}PM - +31 6 33333333: <Media omitted>
1/13/23, 12:31{NNBSP}PM - You left
"""


def test_android_en_us_twelve_hour_with_narrow_space():
    export = read_export(ANDROID_EN_US.encode())
    frame = export.frame
    assert export.format.date_order == "mdy" and export.format.twelve_hour and export.format.language == "en"
    assert frame["timestamp"].tolist() == [
        pd.Timestamp("2023-01-04 19:02"),
        pd.Timestamp("2023-01-04 19:02"),
        pd.Timestamp("2023-01-04 19:03"),
        pd.Timestamp("2023-01-04 00:05"),
        pd.Timestamp("2023-01-13 12:30"),
        pd.Timestamp("2023-01-13 12:31"),
    ]
    assert rows(frame, "kind", "event", "author", "member")[1:] == [
        ("system", "created", "Alice", None),
        ("system", "added", "Alice", "+31 6 33333333"),
        ("message", None, "Alice", None),
        ("media", None, "+31 6 33333333", None),
        ("system", "left", schema.EXPORTER, schema.EXPORTER),
    ]


@pytest.mark.parametrize(
    "header, expected",
    [
        ("[7/11/2017, 8:20:41 PM] ", pd.Timestamp("2017-07-11 20:20:41")),
        (f"[14/10/2021, 3:34:09{NNBSP}PM] ", pd.Timestamp("2021-10-14 15:34:09")),
        ("[31/12/2019, 2:14:40 a.m.] ", pd.Timestamp("2019-12-31 02:14:40")),
        ("[09/10/22 11:37:00 p.m.] ", pd.Timestamp("2022-09-10 23:37:00")),  # undecided M/D/YY: US
        ("13/10/2017, 12:12 a.m. - ", pd.Timestamp("2017-10-13 00:12")),
        (f"20/6/2017 8:28 p.{NBSP}m. - ", pd.Timestamp("2017-06-20 20:28")),
        ("2019-05-02, 11:23 a.m. - ", pd.Timestamp("2019-05-02 11:23")),
        ("28.05.21, 21:45 - ", pd.Timestamp("2021-05-28 21:45")),
        ("23.03.22 13:31 - ", pd.Timestamp("2022-03-23 13:31")),
        ("[14.08.2024, 21:00:10] ", pd.Timestamp("2024-08-14 21:00:10")),
        ("[2026/7/9 02:28:09] ", pd.Timestamp("2026-07-09 02:28:09")),
        ("7/1/16, 4:56:55 PM: ", pd.Timestamp("2016-07-01 16:56:55")),
        ("[13-01-2024, 18:47:25] ", pd.Timestamp("2024-01-13 18:47:25")),
        ("02-05-22, 16:08 - ", pd.Timestamp("2022-05-02 16:08")),
    ],
)
def test_header_layouts_from_the_catalogue(header, expected):
    frame = parse(f"{header}Alice: hallo\n{header}Bob: ok\n")
    assert frame["timestamp"].tolist() == [expected, expected]
    assert frame["author"].tolist() == ["Alice", "Bob"] and frame["text"].tolist() == ["hallo", "ok"]


GERMAN = """28.05.21, 21:45 - Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen.
28.05.21, 21:45 - MasterMind hat die Gruppe „Nachbarn“ erstellt
28.05.21, 21:46 - MasterMind hat Du hinzugefügt
28.05.21, 21:47 - MasterMind: <Medien ausgeschlossen>
28.05.21, 21:48 - MasterMind: Diese Nachricht wurde gelöscht
28.05.21, 21:49 - Karl: Hallo <Diese Nachricht wurde bearbeitet>
28.05.21, 21:50 - Karl hat die Gruppe verlassen
"""


def test_german_android():
    export = read_export(GERMAN.encode())
    assert export.format.language == "de" and export.group == "Nachbarn"
    assert rows(export.frame, "kind", "event", "author", "member") == [
        ("system", "encryption", None, None),
        ("system", "created", "MasterMind", None),
        ("system", "added", "MasterMind", schema.EXPORTER),
        ("media", None, "MasterMind", None),
        ("deleted", None, "MasterMind", None),
        ("message", None, "Karl", None),
        ("system", "left", "Karl", "Karl"),
    ]
    assert export.frame["edited"].tolist() == [False] * 5 + [True, False]


@pytest.mark.parametrize(
    "dates, order",
    [
        (["05-02-2022", "13-02-2022"], "dmy"),  # a first field above 12: day first
        (["02/05/22", "02/13/22"], "mdy"),  # a second field above 12: month first
        (["02/05/22", "03/05/22"], "mdy"),  # undecided, M/D/YY: the US layout
        (["02-05-2022", "03-05-2022"], "dmy"),  # undecided otherwise: day first
    ],
)
def test_day_month_order_decided_over_the_whole_file(dates, order):
    text = "".join(f"{date} 10:00 - Alice: bericht {i}\n" for i, date in enumerate(dates))
    export = read_export(text.encode())
    assert export.format.date_order == order
    day_month = [(t.day, t.month) for t in export.frame["timestamp"]]
    first, second = dates[0][:2], dates[0][3:5]
    assert day_month[0] == ((int(first), int(second)) if order == "dmy" else (int(second), int(first)))


def test_order_evidence_late_in_a_long_file():
    text = "".join(f"0{1 + i % 9}-05-2022 10:00 - A: x\n" for i in range(3000)) + "01-13-2022 10:00 - A: y\n"
    frame = parse(text)
    assert frame["timestamp"].iloc[-1] == pd.Timestamp("2022-01-13 10:00")
    assert frame["timestamp"].iloc[0] == pd.Timestamp("2022-01-05 10:00")


def test_header_like_lines_inside_a_message_stay_text():
    text = (
        "02-05-2022 16:08 - Alice: Doorgestuurd:\n"
        "[5/2, 16:08] Bob: pas op voor nepagenten\n"
        "12-05-2022 is de buurtavond\n"
        "02-05-2022 16:09 Carol: zonder streepje\n"
        "31-02-2022 16:10 - Dave: een datum die niet bestaat\n"
        "02-05-2022 16:11 - Bob: ok\n"
    )
    export = read_export(text.encode())
    assert export.frame["author"].tolist() == ["Alice", "Bob"]
    assert export.frame.loc[0, "text"].count("\n") == 4
    assert any("regel 5" in note for note in export.notes)


def test_unpadded_header_pasted_into_a_zero_padded_file_stays_text():
    text = (
        "02-05-2022 16:08 - Alice: Kijk wat ik kreeg:\n"
        "2-5-2022 9:08 - Bob: nep bericht\n"
        "02-05-2022 16:09 - Carol: ok\n"
    )
    export = read_export(text.encode())
    assert export.frame["text"].tolist() == ["Kijk wat ik kreeg:\n2-5-2022 9:08 - Bob: nep bericht", "ok"]
    assert any(note.startswith("regel 2:") for note in export.notes)


def test_impossible_date_in_an_unpadded_twelve_hour_file_stays_text():
    text = "1/4/23, 7:02 PM - Alice: een\n2/30/23, 7:03 PM - Bob: geen datum\n1/5/23, 7:04 PM - Carol: twee\n"
    export = read_export(text.encode())
    assert export.frame["author"].tolist() == ["Alice", "Carol"]
    assert export.frame.loc[0, "text"] == "een\n2/30/23, 7:03 PM - Bob: geen datum"


def test_old_ios_layout_with_system_line():
    text = f"7/1/16, 4:56:55 PM: {LRM}Sophia H. created this group\n7/1/16, 5:13:36 PM: Sophia H.: So hier\n"
    frame = parse(text)
    assert rows(frame, "kind", "event", "author") == [
        ("system", "created", "Sophia H."),
        ("message", None, "Sophia H."),
    ]
    assert frame.loc[1, "text"] == "So hier"


def test_line_endings_crlf_mixed_and_bare_lf_inside_records():
    text = "02-05-2022 16:08 - Alice: een\ntwee\r\n02-05-2022 16:09 - Bob: drie\r\n02-05-2022 16:10 - Carol: vier\n"
    frame = read_chat(text.encode())
    assert frame["text"].tolist() == ["een\ntwee", "drie", "vier"]
    assert frame["line"].tolist() == [1, 3, 4]


def test_out_of_order_timestamps_kept_as_written():
    text = "02-05-2022 16:08 - Alice: later\n01-05-2022 09:00 - Bob: eerder\n"
    assert parse(text)["timestamp"].is_monotonic_increasing is False


def test_fake_author_from_a_subject_with_a_colon():
    text = (
        "02-05-2022 16:08 - Alice: hoi\n"
        '02-05-2022 16:09 - Alice heeft het onderwerp gewijzigd naar "Buurt: Noord"\n'
    )
    frame = parse(text)
    assert rows(frame, "kind", "event", "author")[1] == ("system", "subject", "Alice")
    assert frame.loc[1, "text"] == 'Alice heeft het onderwerp gewijzigd naar "Buurt: Noord"'


def test_member_text_that_reads_like_a_system_line_stays_a_message():
    text = "1/4/23, 7:02 PM - Alice: Bob left\n1/4/23, 7:03 PM - Bob: I left the keys\n"
    assert parse(text)["kind"].tolist() == ["message", "message"]


def test_unknown_authorless_line_is_a_system_record_of_event_other():
    frame = parse("02-05-2022 16:08 - Gemiste spraakoproep\n02-05-2022 16:09 - Alice: ok\n")
    assert rows(frame, "kind", "event", "author")[0] == ("system", "other", None)


def test_media_types_from_attachment_names():
    names = {
        "IMG-20220502-WA0001.jpg": "image",
        "VID-20220502-WA0002.mp4": "video",
        "PTT-20220502-WA0003.opus": "audio",
        "STK-20220502-WA0004.webp": "sticker",
        "DOC-20220502-WA0005.pdf": "document",
        "Alex.vcf": "contact",
        "notities.xyz": "other",
    }
    text = "".join(f"02-05-2022 16:{i:02d} - A: {n} (bestand bijgevoegd)\n" for i, n in enumerate(names))
    assert parse(text)["media_type"].tolist() == list(names.values())


def test_path_and_file_object_sources(tmp_path):
    path = tmp_path / "WhatsApp Chat with Street Watch.txt"
    path.write_text(ANDROID_EN_US, encoding="utf-8")
    assert read_export(path).group == "Street Watch"
    assert read_export(str(path)).group == "Street Watch"
    with path.open("rb") as handle:
        assert len(read_chat(handle)) == 6


def test_not_a_whatsapp_export_raises_bilingual_error():
    with pytest.raises(ParseError) as caught:
        parse("Dit is gewoon een brief.\nMet twee regels.\n")
    assert caught.value.code == "no_headers" and caught.value.line == 1
    assert describe(caught.value).startswith("Dit lijkt geen WhatsApp-export")
    assert caught.value.message_en in str(caught.value)


WEB = """Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
[5/2/22, 4:08:13 PM] Alice: <image omitted> Dit is hem
[5/2/22, 4:08:20 PM] Alice: IMG-1.jpg (file attached) nog een
[5/2/22, 4:08:30 PM] Bob: Poll: Wie komt?
    - Ja
    - Nee
[5/2/22, 4:09:00 PM] Bob: Location: 52.1, 5.1 - https://maps.google.com/?q=52.1,5.1
[5/2/22, 4:09:10 PM] Bob: Contact: Piet Jansen
[5/2/22, 4:10:00 PM] - Alice changed the group name to 'Buurt Noord'
[5/2/22, 4:11:00 PM] - You made Bob an admin
"""


def test_whatsapp_web_export():
    export = read_export(WEB.encode())
    assert export.group == "Buurt Noord"
    assert export.notes[0].startswith("regel 1:")
    assert rows(export.frame, "kind", "event", "author", "media_type", "text") == [
        ("media", None, "Alice", "image", "Dit is hem"),
        ("media", None, "Alice", "image", "nog een"),
        ("poll", None, "Bob", None, "Wie komt?\nJa\nNee"),
        ("location", None, "Bob", None, "52.1, 5.1 - https://maps.google.com/?q=52.1,5.1"),
        ("media", None, "Bob", "contact", "Piet Jansen"),
        ("system", "subject", "Alice", None, "Alice changed the group name to 'Buurt Noord'"),
        ("system", "admin", schema.EXPORTER, None, "You made Bob an admin"),
    ]


def test_german_admin_wordings_are_admin_events_with_their_actor():
    text = (
        "12.07.26, 10:00 - Marieke Dijkstra: Hallo\n"
        "12.07.26, 10:01 - Du hast Piet Jansen zum Admin gemacht\n"
        "12.07.26, 10:02 - Marieke Dijkstra hat dich zum Admin gemacht\n"
        "12.07.26, 10:03 - Marieke Dijkstra hat Piet Jansen zum Admin gemacht\n"
        "12.07.26, 10:04 - Piet Jansen ist jetzt Admin\n"
    )
    frame = read_export(text.encode(), group="Stationsbuurt").frame
    assert rows(frame, "kind", "event", "author") == [
        ("message", None, "Marieke Dijkstra"),
        ("system", "admin", schema.EXPORTER),
        ("system", "admin", "Marieke Dijkstra"),
        ("system", "admin", "Marieke Dijkstra"),
        ("system", "admin", "Piet Jansen"),  # no actor named: the new admin, as for "X is nu beheerder"
    ]
