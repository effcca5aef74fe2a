"""Every export the project ships or renders has one record per header-like line, or a note per difference.

Runs ``parsers.audit`` over every .txt/.zip under sample_exports/ (the YAML sources are not exports)
and over one export per format of ``exportgen.formats``: the sample sources in turn, each rendered
with its media lines, plus a synthetic export. Adding a sample export or a format adds a test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exportgen.formats import FORMAT_IDS
from exportgen.render import render
from exportgen.synthetic import generate_export
from parsers.audit import AuditResult, audit_export, export_files, report_lines
from samples.source import load_source, source_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "sample_exports"
SHIPPED = export_files([SAMPLE_DIR]) if SAMPLE_DIR.is_dir() else []
SOURCES = source_paths()


def _problems(result: AuditResult) -> str:
    return "\n".join(report_lines([result], shown=20))


def test_there_are_shipped_exports_to_check() -> None:
    assert SHIPPED, "no .txt or .zip under sample_exports/ (python -m samples)"


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(SAMPLE_DIR)) for p in SHIPPED])
def test_shipped_export_has_a_record_or_a_note_per_header_like_line(path: Path) -> None:
    result = audit_export(path)
    assert result.error is None, result.error
    assert result.header_like > 0 and result.ok, _problems(result)


@pytest.mark.parametrize("kind", ["sample", "synthetic"])
@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_rendered_export_has_a_record_or_a_note_per_header_like_line(
    format_id: str, kind: str, tmp_path: Path
) -> None:
    if kind == "sample":
        source = load_source(SOURCES[FORMAT_IDS.index(format_id) % len(SOURCES)])
        text = render(source.chat, format_id, with_media=True)
        expected = len(source.records)
    else:
        text = generate_export(300, format_id, seed=FORMAT_IDS.index(format_id))
        expected = 302  # the encryption notice and the group's creation come first
    path = tmp_path / "WhatsApp-chat met Buurtpreventie Testwijk.txt"
    path.write_bytes(text.encode("utf-8"))
    result = audit_export(path)
    assert result.error is None, result.error
    assert result.ok, f"{format_id} ({kind}):\n{_problems(result)}"
    assert result.header_like == result.records == expected
