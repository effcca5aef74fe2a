"""Golden round trip: every sample chat, rendered in EVERY export format, parses back to its source.

One expected output (exportgen.expected, built from the YAML source) is checked against all
formats, so the renderer (written from docs/export-formats.md) and the parser (written from the
same catalogue, by someone else) check each other. A failure lists the records that differ.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from exportgen.chat import Chat, Message, SystemEvent
from exportgen.expected import differences, expected_rows, parsed_rows
from exportgen.formats import FORMAT_IDS, get_format
from exportgen.render import render, render_zip
from exportgen.synthetic import generate_export
from samples.source import load_source, source_paths

SOURCES = source_paths()


def read_chat(data: bytes, name: str | None = None):
    """The parser under test, imported late so render-only failures stay separate."""
    from parsers import read_chat as parser_read_chat

    return parser_read_chat(data, name=name) if name else parser_read_chat(data)


@pytest.fixture(scope="module", params=SOURCES, ids=[path.stem for path in SOURCES])
def sample(request):
    return load_source(request.param)


def test_there_are_sample_sources():
    assert SOURCES, "sample_exports/source/*.yaml is empty"


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_sample_parses_back_in_every_format(sample, format_id):
    text = render(sample.chat, format_id)
    problems = differences(
        expected_rows(sample.chat, format_id), parsed_rows(read_chat(text.encode("utf-8")))
    )
    assert not problems, f"{sample.path.name} as {format_id}:\n" + "\n".join(problems)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_sample_with_media_lines_parses_back(sample, format_id):
    """The "with media" export writes attachment file names instead of "omitted" placeholders."""
    text = render(sample.chat, format_id, with_media=True)
    expected = expected_rows(sample.chat, format_id, with_media=True)
    problems = differences(expected, parsed_rows(read_chat(text.encode("utf-8"))))
    assert not problems, f"{sample.path.name} as {format_id} with media:\n" + "\n".join(problems)


@pytest.mark.parametrize("format_id", ["ios-nl-2025", "ios-nl-2022", "android-nl"])
@pytest.mark.parametrize("macosx", [False, True])
def test_sample_zip_parses_back(sample, format_id, macosx):
    data = render_zip(sample.chat, format_id, macosx=macosx)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "_chat.txt"
    expected = expected_rows(sample.chat, format_id, with_media=True)
    problems = differences(
        expected, parsed_rows(read_chat(data, name=f"WhatsApp Chat - {sample.chat.group}.zip"))
    )
    assert not problems, f"{sample.path.name} zipped as {format_id}:\n" + "\n".join(problems)


@pytest.mark.parametrize("format_id", ["android-nl", "ios-nl-2025", "android-en-us"])
@pytest.mark.parametrize("line_ending", ["\r\n", "\n"])
def test_line_endings_do_not_matter(sample, format_id, line_ending):
    text = render(sample.chat, format_id, line_ending=line_ending)
    problems = differences(
        expected_rows(sample.chat, format_id), parsed_rows(read_chat(text.encode("utf-8")))
    )
    assert not problems, f"{sample.path.name} as {format_id} with {line_ending!r}:\n" + "\n".join(problems)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_synthetic_export_parses_into_every_record(format_id):
    """The benchmark input: 2 opening system lines + n records, multi-line bodies kept whole."""
    n = 3000
    text = generate_export(n, format_id, seed=7)
    frame = read_chat(text.encode("utf-8"))
    assert len(frame) == n + 2
    assert frame["kind"].notna().all()
    not_system = frame[frame["kind"] != "system"]
    assert not_system["author"].notna().all()
    multi_line = not_system["text"].str.contains("\n", regex=False).sum()
    assert multi_line > n * 0.03, f"only {multi_line} multi-line bodies survived"
    assert (frame["kind"] == "system").sum() > n * 0.02
    assert (frame["kind"] == "media").sum() > n * 0.05
    seconds = get_format(format_id).seconds
    assert (frame["timestamp"].dt.second != 0).any() == seconds


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_group_names_with_colons_do_not_make_fake_authors(format_id):
    """Pitfall 6: `X heeft de groep Buurt: Noord gemaakt` must not split at ": " into a fake author."""
    chat = Chat(
        "Buurt: Noord",
        [
            SystemEvent(datetime(2024, 3, 1, 9, 0), "created", actor="Karin Bos", name="Buurt: Noord"),
            Message(datetime(2024, 3, 1, 9, 1), "Karin Bos", "Welkom: lees de regels"),
            SystemEvent(datetime(2024, 3, 1, 9, 2), "subject", actor="Karin Bos", name="blabla:"),
            SystemEvent(datetime(2024, 3, 1, 9, 3), "added", actor="Karin Bos", member="Piet-Jan (buurman)"),
        ],
    )
    text = render(chat, format_id)
    problems = differences(expected_rows(chat, format_id), parsed_rows(read_chat(text.encode("utf-8"))))
    assert not problems, f"{format_id}:\n{text}\n" + "\n".join(problems)
