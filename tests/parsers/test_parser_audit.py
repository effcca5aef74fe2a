"""parsers.audit: header-like lines against records and notes, on small synthetic exports."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import parsers
from exportgen.formats import FORMAT_IDS, get_format
from parsers.audit import (
    NO_RECORD,
    NOT_HEADER_LIKE,
    audit_export,
    compare,
    compare_export,
    export_files,
    header_like_lines,
    kept_as_text_lines,
    main,
    noted_lines,
    printable,
)

ANDROID = "WhatsApp-chat met Buurtpreventie Testwijk.txt"
IOS = "WhatsApp Chat - Buurtpreventie Testwijk.txt"

CLEAN = (
    "02-05-2022 16:08 - Karin Bos: Verdachte man bij de garages\n"
    "Hij draagt een blauwe jas\n"
    "02-05-2022 16:09 - Piet Jansen: 112 gebeld\n"
    "02-05-2022 16:20 - Karin Bos: Politie is er, afgesloten\n"
)
#: Line 2 looks like a header but 31 February does not exist: the parser keeps it as text and says so.
IMPOSSIBLE_DATE = (
    "02-05-2022 16:08 - Karin Bos: Verdachte man bij de garages\n"
    "31-02-2022 10:00 - dit is geen bericht\n"
    "02-05-2022 16:09 - Piet Jansen: 112 gebeld\n"
)
#: A header glued to the end of the previous message (a copy-paste without a line break).
GLUED = (
    "02-05-2022 16:08 - Karin Bos: Verdachte man02-05-2022 16:09 - Piet Jansen: 112 gebeld\n"
    "02-05-2022 16:20 - Karin Bos: Politie is er\n"
)
#: An iPhone export whose message quotes an Android line: line 2 looks like a header, the parser reads
#: it (rightly) as text of the message above, and no note says so.
QUOTED_ANDROID_LINE = (
    "[02-05-2022 16:08:13] Karin Bos: Dit stond in de andere groep:\n"
    "12-05-2022 10:00 - notitie van de wijkagent\n"
    "[02-05-2022 16:09:40] Piet Jansen: Dank je\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _export(lines: list[int], notes: tuple[str, ...] = ()) -> parsers.ParsedExport:
    """A hand-made ParsedExport: only the record lines and the notes matter to the audit."""
    fmt = parsers.ExportFormat("android", "nl", "dmy", False, False, 4, "Android, Nederlands")
    return parsers.ParsedExport(pd.DataFrame({"line": lines}), fmt, "Testwijk", None, notes)


@pytest.mark.parametrize(
    "line",
    [
        "02-05-2022 16:08 - Alice: Hoi",
        "02-05-22, 16:08 - Alice: Hoi",
        "5/2/22, 16:08 - Alice: Hoi",
        "1/4/23, 7:02\u202fPM - Alice: Hoi",
        "09/10/2023, 11:11\u202fam - Alice: Hoi",
        "2019-05-02, 11:23 a.m. - Alice: Hoi",
        "20/6/2017 8:28 p.\u00a0m. - Michelle: test",
        "28.05.21, 21:45 - MasterMind: Hallo",
        "23.03.22 13:31 - Alice: Hoi",
        "[02-05-2022 16:08:13] Dave: Hoi",
        "[13-01-2024, 18:47:25] Joost: Hoi",
        "[7/11/2017, 8:20:41 PM] someone: Hoi",
        "[31/12/2019, 2:14:40 a.m.] Alice: Hoi",
        "[20.06.19, 15:58:47] Alice: Hoi",
        "[2026/7/9 02:28:09] Alice: Hey",
        "[02-05-2022 16:08:13] - Alice heeft de groep gemaakt",
        "7/1/16, 4:56:55 PM: Sophia H.: So hier",
        "06.08.13, 19:55:10: Habi: foto",
        "09/12/2012 17:03:48: Sender Name: Message",
        "12-05-2022 10:00 - notitie",
    ],
)
def test_every_catalogue_layout_is_header_like(line: str) -> None:
    assert header_like_lines([line]) == [1]


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_rendered_format_header_is_header_like(format_id: str) -> None:
    assert header_like_lines([get_format(format_id).example + "Karin Bos: Hoi"]) == [1]


@pytest.mark.parametrize(
    "line",
    [
        "Hij draagt een blauwe jas",
        "12-05-2022 10:00: vergadering in het buurthuis",  # ": " without seconds is text
        "12-05 10:00 - zonder jaar",
        "Om 12-05-2022 10:00 - te laat",
        " 02-05-2022 16:08 - ingesprongen",
        "02-05-2022 - 16:08 geen tijd na de datum",
        "[02-05-2022 16:08:13 Dave: geen haakje dicht",
        "02-05-2022 16:08] Dave: geen haakje open",
        "02-05-2022 16:08 Dave: geen scheiding",
    ],
)
def test_text_is_not_header_like(line: str) -> None:
    assert header_like_lines([line]) == []


def test_a_clean_export_has_one_record_per_header_like_line(tmp_path: Path) -> None:
    result = audit_export(_write(tmp_path, ANDROID, CLEAN))
    assert (result.header_like, result.records, result.explained) == (3, 3, 0)
    assert result.ok and result.error is None
    assert result.format == parsers.read_export(tmp_path / ANDROID).format.description


def test_a_header_like_line_the_parser_notes_is_explained(tmp_path: Path) -> None:
    result = audit_export(_write(tmp_path, ANDROID, IMPOSSIBLE_DATE))
    assert (result.header_like, result.records, result.explained) == (3, 2, 1)
    assert result.ok


def test_a_glued_header_leaves_no_unexplained_difference(tmp_path: Path) -> None:
    """Whether the parser splits the glued header off (with a note) or keeps it in the message (the
    line then does not start with it, so it is not header-like), nothing is left unexplained."""
    result = audit_export(_write(tmp_path, ANDROID, GLUED))
    assert result.ok, result.unexplained
    assert result.header_like == 2


def test_a_glued_header_split_into_a_record_needs_a_note() -> None:
    lines = GLUED.splitlines()
    noted = compare_export(lines, _export([1, 1, 2], ("regel 1: twee berichten op één regel; gesplitst",)))
    assert (noted.header_like, noted.records, noted.explained, noted.unexplained) == (2, 3, 1, ())
    silent = compare_export(lines, _export([1, 1, 2]))
    assert [(f.line, f.kind) for f in silent.unexplained] == [(1, NOT_HEADER_LIKE)]


@pytest.fixture
def parser_without_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser that keeps a header-like line as text without saying so: what the audit is for. (The
    real parser notes every such line, see test_a_quoted_header_of_another_layout_is_explained.)"""
    real = parsers.read_export

    def silent(*args, **kwargs):
        export = real(*args, **kwargs)
        return dataclasses.replace(export, notes=())

    monkeypatch.setattr(parsers, "read_export", silent)


def test_a_quoted_header_of_another_layout_is_explained(tmp_path: Path) -> None:
    result = audit_export(_write(tmp_path, IOS, QUOTED_ANDROID_LINE))
    assert (result.header_like, result.records, result.explained) == (3, 2, 1)
    assert result.ok


def test_a_header_like_line_kept_without_a_note_is_unexplained(tmp_path: Path, parser_without_notes) -> None:
    result = audit_export(_write(tmp_path, IOS, QUOTED_ANDROID_LINE))
    assert (result.header_like, result.records, result.explained) == (3, 2, 0)
    assert not result.ok
    [finding] = result.unexplained
    assert (finding.line, finding.kind) == (2, NO_RECORD)
    assert finding.text == "12-05-2022 10:00 - notitie van de wijkagent"


def test_counting_on_a_handcrafted_export() -> None:
    headers = [f"02-05-2022 16:0{n} - A: x" for n in range(5)]
    lines = [headers[0], headers[1], "tekst", headers[3], headers[4]]
    result = compare(lines, [1, 3, 4], ("regel 2: staat vóór het eerste bericht", "zonder regelnummer"))
    assert (result.header_like, result.records, result.explained) == (4, 3, 1)
    assert [(f.line, f.kind) for f in result.unexplained] == [(3, NOT_HEADER_LIKE), (5, NO_RECORD)]
    assert result.unexplained[1].text == headers[4]


def test_noted_lines_are_read_from_the_start_of_notes_only() -> None:
    notes = (
        "regel 12: lijkt een berichtkop maar de datum of tijd bestaat niet; als tekst van het vorige "
        "bericht bewaard",
        "regels 3, 5 en 7: voorbeeld",
        "regel 40: staat vóór het eerste bericht, niet als bericht gelezen: 'zie regel 99'",
        "het zip-bestand bevat 2 chats",
    )
    assert noted_lines(notes) == {3, 5, 7, 12, 40}


def test_kept_as_text_lines_counts_the_lines_kept_with_the_previous_message() -> None:
    kept = "lijkt een berichtkop maar de datum of tijd bestaat niet; als tekst van het vorige bericht bewaard"
    notes = (
        f"regel 4: {kept}",
        f"regel 9: {kept}",
        "regel 1: staat vóór het eerste bericht",
        f"regels 2 en 3: {kept}",
    )
    assert kept_as_text_lines(notes) == 4
    assert kept_as_text_lines(()) == 0


def test_a_zip_with_several_chats_is_audited_chat_by_chat(tmp_path: Path, parser_without_notes) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("WhatsApp Chat - Buurtpreventie Testwijk.txt", QUOTED_ANDROID_LINE)
        zipped.writestr("WhatsApp Chat - Buurtpreventie Anderwijk.txt", CLEAN.replace("-2022", "-2023"))
    path = tmp_path / "exports.zip"
    path.write_bytes(archive.getvalue())
    result = audit_export(path)
    assert (result.header_like, result.records) == (6, 5)
    [finding] = result.unexplained
    assert finding.line == 2 and finding.member == "WhatsApp Chat - Buurtpreventie Testwijk.txt"


def test_a_refused_chat_in_a_zip_does_not_hide_the_others(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("WhatsApp Chat - Buurtpreventie Testwijk.txt", CLEAN)
        zipped.writestr("WhatsApp Chat - Buurtpreventie Anderwijk.txt", "31-02-2022 10:00 - Karin: x\n")
    path = tmp_path / "exports.zip"
    path.write_bytes(archive.getvalue())
    result = audit_export(path)
    assert (result.header_like, result.records) == (4, 3)
    assert result.error and result.error.startswith("WhatsApp Chat - Buurtpreventie Anderwijk.txt: ")
    [finding] = result.unexplained
    assert (finding.member, finding.line, finding.kind) == (
        "WhatsApp Chat - Buurtpreventie Anderwijk.txt",
        1,
        NO_RECORD,
    )


def test_a_file_that_is_no_export_is_reported_not_failed(tmp_path: Path) -> None:
    result = audit_export(_write(tmp_path, "README.txt", "Dit is geen chat.\n"))
    assert result.error and result.format is None
    assert (result.header_like, result.records) == (0, 0) and result.ok


def test_a_refused_file_with_header_like_lines_is_unexplained(tmp_path: Path) -> None:
    result = audit_export(
        _write(tmp_path, ANDROID, "31-02-2022 10:00 - Karin: x\n30-02-2022 10:01 - Piet: y\n")
    )
    assert result.error and result.records == 0
    assert [(f.line, f.kind) for f in result.unexplained] == [(1, NO_RECORD), (2, NO_RECORD)]


def test_export_files_searches_folders_for_txt_and_zip(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", CLEAN)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "b.ZIP", "")
    _write(tmp_path / "sub", "c.yaml", "records: []\n")
    single = _write(tmp_path, "d.md", "")
    assert export_files([tmp_path, single]) == [tmp_path / "a.txt", tmp_path / "sub" / "b.ZIP", single]


def test_printable_cuts_and_escapes() -> None:
    assert printable("x" * 100) == "x" * 80 + "…"
    assert printable("a\tb\u200ec") == "a\\u0009b\\u200ec"


def test_the_command_prints_a_line_per_file_and_a_total(tmp_path: Path, capsys) -> None:
    _write(tmp_path, ANDROID, CLEAN)
    _write(tmp_path, "Ander.txt", IMPOSSIBLE_DATE)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    assert main([str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["file", "format", "header-like", "records", "explained", "unexplained"]
    assert len(out) == 4 and out[-1].split()[-4:] == ["6", "5", "1", "0"]
    assert out[-1].startswith("total (2 files)")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir()) == before  # reads only


def test_the_command_shows_unexplained_lines_and_exits_1(
    tmp_path: Path, capsys, parser_without_notes
) -> None:
    path = _write(tmp_path, IOS, QUOTED_ANDROID_LINE)
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert f"line 2: {NO_RECORD}: 12-05-2022 10:00 - notitie van de wijkagent" in out


def test_no_text_shows_line_numbers_only(tmp_path: Path, capsys, parser_without_notes) -> None:
    path = _write(tmp_path, IOS, QUOTED_ANDROID_LINE)
    assert main(["--no-text", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"line 2: {NO_RECORD}" in out
    assert "wijkagent" not in out and "Karin" not in out


def test_show_limits_the_lines_listed(tmp_path: Path, capsys, parser_without_notes) -> None:
    quoted = "12-05-2022 10:00 - notitie\n" * 7
    replies = "".join(f"[02-05-2022 16:{minute}:00] Piet Jansen: Ok\n" for minute in range(10, 20))
    path = _write(tmp_path, IOS, "[02-05-2022 16:08:13] Karin Bos: Lijst:\n" + quoted + replies)
    assert main(["--show", "2", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count(NO_RECORD) == 2 and "... and 5 more" in out


def test_nothing_to_audit_exits_2(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 2
    assert main([str(tmp_path / "bestaat-niet.txt")]) == 2
