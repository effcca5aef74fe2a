"""The sample exports: each file in sample_exports/ parses, equals its source, and is up to date;
the source loader rejects sources that break docs/sample-source.md, naming the record."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exportgen.chat import Message, SystemEvent
from exportgen.expected import differences, expected_rows, parsed_rows
from parsers.schema import COLUMNS, DTYPES
from samples.source import (
    SAMPLES_DIR,
    SampleSourceError,
    check,
    load_source,
    rendered_files,
    source_paths,
)

SAMPLE_FILES = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file() and p.suffix in (".txt", ".zip"))
REPO_ROOT = Path(__file__).resolve().parents[2]


def _source_of(file: Path):
    for path in source_paths():
        sample = load_source(path)
        if file.name in rendered_files(sample):
            return sample
    raise AssertionError(f"{file.name} is not rendered from any source")


def test_sample_folder_is_not_empty():
    assert SAMPLE_FILES


@pytest.mark.parametrize("file", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_every_sample_file_parses_into_its_source(file):
    from parsers import read_chat

    frame = read_chat(file)
    assert list(frame.columns) == list(COLUMNS)
    for column in COLUMNS:
        assert str(frame[column].dtype) == str(DTYPES[column]), column
    sample = _source_of(file)
    with_media = file.suffix == ".zip"
    expected = expected_rows(sample.chat, sample.format, with_media=with_media)
    problems = differences(expected, parsed_rows(frame))
    assert not problems, f"{file.name}:\n" + "\n".join(problems)
    assert frame["group"].nunique() == 1


def test_samples_are_up_to_date():
    assert check() == []


def test_check_command_passes():
    done = subprocess.run(
        [sys.executable, "-m", "samples", "--check"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_notices_a_changed_file(tmp_path):
    source_dir = tmp_path / "source"
    source_dir.mkdir()
    original = source_paths()[0]
    (source_dir / original.name).write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    assert sorted(check(tmp_path, source_dir))[0].startswith("missing: ")
    for name, data in rendered_files(load_source(original)).items():
        (tmp_path / name).write_bytes(data)
    assert check(tmp_path, source_dir) == []
    first = next(iter(rendered_files(load_source(original))))
    (tmp_path / first).write_bytes(b"edited by hand\n")
    (tmp_path / "stray.txt").write_text("x")
    assert check(tmp_path, source_dir) == [f"out of date: {first}", "not rendered from any source: stray.txt"]


@pytest.mark.parametrize("path", source_paths(), ids=[p.stem for p in source_paths()])
def test_labels_stay_aligned_with_records(path):
    sample = load_source(path)
    assert len(sample.labelled) == len(sample.records)
    for item, record in zip(sample.labelled, sample.records, strict=True):
        assert item.record is record
        if isinstance(record, SystemEvent):
            assert item.labels == () and item.violations == () and item.incident is None
    assert any(item.labels for item in sample.labelled)


GOOD = """
group: Test
file_name: WhatsApp-chat met Test.txt
format: android-nl
records:
  - at: 2024-01-05 21:14
    system: added
    actor: Henk
    member: Karin
  - at: 2024-01-05 21:15
    author: Karin
    text: Verdachte man, 112 gebeld
    labels: [signal, alarm]
    incident: t-1
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "t.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_source(path)


def test_a_good_source_loads(tmp_path):
    sample = _load(tmp_path, GOOD)
    message = sample.records[1]
    assert isinstance(message, Message) and message.text == "Verdachte man, 112 gebeld"
    assert sample.labelled[1].labels == ("signal", "alarm") and sample.labelled[1].incident == "t-1"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("text: Verdachte", "tekst: Verdachte"), r"record 1 .*unknown keys.*tekst"),
        (("[signal, alarm]", "[signal, alarmm]"), r"record 1 .*unknown labels \['alarmm'\]"),
        (("[signal, alarm]", "[update, closure]"), r"record 1 .*closure"),
        (("    member: Karin\n", ""), r"record 0 .*needs `member`"),
        (("system: added", "system: toegevoegd"), r"record 0 .*unknown system event"),
        (("format: android-nl", "format: android-xx"), r"unknown format"),
        (("at: 2024-01-05 21:15", "at: gisteren"), r"record 1 .*`at`"),
        (("    author: Karin\n", ""), r"record 1 .*exactly one of `system` or `author`"),
        (("group: Test\n", ""), r"missing keys \['group'\]"),
        (("    incident: t-1\n", "    incident: t-1\n    media: foto\n"), r"record 1 .*unknown media type"),
    ],
)
def test_a_broken_source_names_the_record(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(SampleSourceError, match=message):
        _load(tmp_path, GOOD.replace(old, new))
