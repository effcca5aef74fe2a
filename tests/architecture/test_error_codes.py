"""Errors carry a code and parameters; their Dutch wording lives once, in presentation/errors.toml, and is
what the dashboard, the command line and the reports show (issue 11)."""

from __future__ import annotations

import pytest

from analysis.profile import CODES as PROFILE_CODES
from cli import CliError, main
from parsers import ParseError, read_export
from parsers.errors import CODES as PARSE_CODES
from presentation.errors import codes, describe, unread_notes
from reports.selection import ReportError, month_range, parse_month
from store.errors import CODES as STORE_CODES
from tests.parsers.test_hostile_zip import CHAT, zipped

NOT_AN_EXPORT = (
    "Dit lijkt geen WhatsApp-export: geen regel begint met een datum en tijd zoals WhatsApp die schrijft."
)


@pytest.mark.parametrize(
    ("family", "raised"),
    [
        ("parse", set(PARSE_CODES)),
        ("store", set(STORE_CODES)),
        ("profile", set(PROFILE_CODES)),
        ("report", set(ReportError.CODES)),
        ("cli", set(CliError.CODES)),
    ],
)
def test_every_code_has_exactly_one_dutch_text(family: str, raised: set[str]) -> None:
    assert codes(family) == raised


def test_a_code_that_is_not_worded_is_refused_where_it_is_raised() -> None:
    for error in (ParseError, ReportError, CliError):
        with pytest.raises(ValueError, match="unknown"):
            error("no_such_code")


def test_a_parser_error_is_a_code_shown_in_dutch_with_english_for_developers() -> None:
    with pytest.raises(ParseError) as caught:
        read_export(b"Dit is gewoon een brief.\nMet twee regels.\n", name="brief.txt")
    assert (caught.value.code, caught.value.line) == ("no_headers", 1)
    assert describe(caught.value) == NOT_AN_EXPORT
    assert str(caught.value).startswith("no_headers: This does not look like a WhatsApp export")


def test_numbers_in_a_parser_error_are_written_the_dutch_way() -> None:
    error = ParseError("zip_too_many_files", count=20_000)
    assert "meer dan 20.000 bestanden" in describe(error) and "more than 20,000 files" in error.message_en


def test_an_unreadable_chat_beside_a_good_one_is_named_in_dutch() -> None:
    chats = {"WhatsApp-chat met Buurt.txt": CHAT.encode(), "WhatsApp-chat met Leeg.txt": b"  "}
    export = read_export(zipped(chats), name="twee.zip")
    assert unread_notes(export) == (
        "niet gelezen uit het zip-bestand: WhatsApp-chat met Leeg.txt: Het bestand is leeg.",
    )


def test_a_report_error_says_its_dutch_text() -> None:
    with pytest.raises(ReportError) as caught:
        month_range("2024-03", "2024-01")
    assert caught.value.code == "backwards"
    assert str(caught.value) == "de periode 2024-03..2024-01 loopt achteruit"
    with pytest.raises(ReportError, match="^'maart' is geen maand; schrijf bijvoorbeeld 2024-03$"):
        parse_month("maart")
    nobody = ReportError("unknown_groups", unknown=["Nergens", "Ergens"], known=[])
    assert str(nobody) == "onbekende groep(en): Nergens, Ergens; bekend: geen"


def test_the_command_line_says_its_own_and_the_parsers_errors_in_dutch(tmp_path, capsys) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text("Dit is gewoon een brief.\nMet twee regels.\n", encoding="utf-8")
    assert main(["parse", str(letter), "--out", str(tmp_path / "chat.json"), "--quiet"]) == 2
    assert capsys.readouterr().err == "fout: --out moet eindigen op .parquet of .csv, niet 'chat.json'\n"
    assert main(["parse", str(letter), "--out", str(tmp_path / "chat.csv"), "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"overgeslagen: {letter}: {NOT_AN_EXPORT} (regel 1)\nfout: geen enkele export kon worden gelezen\n"
    )
