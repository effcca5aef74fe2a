"""The sample exports' outputs, held against a stored digest: moving code (issue 11) must change no output.

What is digested, part by part (a failure names the parts that changed):

- the analysis tables (every frame of `Analysis`) and the analyst tables (`tables_to_csv`, with and
  without names);
- every Maandrapport of the sample months (pseudonymised and with names) and the Effectiviteitsrapport
  (with and without examples): the HTML as written without chart images (kaleido's SVG depends on the
  Chromium at hand), each chart's Plotly JSON, and the Excel workbook as values and number formats (the
  file itself holds a creation time). The PDF is left out: it holds its creation time too.

The report's "gemaakt op" time is set to a fixed one first. After a change that means to change an
output, write the digest again with ``SAAR_WRITE_DIGEST=1 .venv/bin/python -m pytest
tests/architecture/test_output_digest.py`` and say in the commit why the output changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

DIGEST_FILE = Path(__file__).resolve().parents[1] / "data" / "output_digest.json"
GENERATED = "01-01-2000 00:00"


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _workbook_values(data: bytes) -> str:
    """Every sheet's name, and every cell's value and number format, as text."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    lines = []
    for sheet in book.worksheets:
        lines.append(f"## {sheet.title}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"{cell.coordinate}\t{cell.value!r}\t{cell.number_format}")
    return "\n".join(lines)


def _chart_json(figure) -> str:
    """A chart's data and layout without its template: Plotly fills the template from a process-wide
    default that Streamlit changes once a dashboard test has run, so it says nothing about the report."""
    import plotly.graph_objects as go

    bare = go.Figure(figure)
    bare.layout.template = None
    return bare.to_json()


def _report_parts(name: str, report) -> dict[str, str]:
    from reports import to_xlsx
    from reports.html import CSP, chart_not_drawn, render

    report = replace(report, generated=GENERATED)
    charts = [_chart_json(chart.figure) for section in report.sections for chart in section.charts]
    return {
        f"{name}.html": _sha(render(report, chart_not_drawn, csp=CSP)),
        f"{name}.charts": _sha(json.dumps(charts)),
        f"{name}.xlsx": _sha(_workbook_values(to_xlsx(report))),
    }


def _outputs(paths: list[Path]) -> dict[str, str]:
    import analysis as analysis_module
    from parsers import read_chats
    from reports import effectiveness_report, month_report, tables_to_csv

    analysis = analysis_module.analyse(read_chats(paths))
    parts: dict[str, str] = {}
    for field in ("messages", "incidents", "members", "months", "signal_hours", "offtopic_leavers"):
        parts[f"analysis.{field}"] = _sha(getattr(analysis, field).to_csv(index=False))
    parts["analysis.group_sizes"] = _sha(analysis.group_sizes.to_csv(index=False))
    parts["analysis.coverage"] = _sha(analysis.coverage.to_csv(index=False))
    for names in (False, True):
        for file_name, data in tables_to_csv(analysis, names=names).items():
            parts[f"tables.{'names' if names else 'pseudonymised'}.{file_name}"] = _sha(data)
    months = sorted(set(analysis.months["month"].dropna()))
    for month in months:
        for names in (False, True):
            report = month_report(analysis, month, names=names)
            parts |= _report_parts(f"maand.{month}.{'names' if names else 'pseudonymised'}", report)
    for examples in (False, True):
        report = effectiveness_report(analysis, months[0], months[-1], examples=examples)
        parts |= _report_parts(f"effectiviteit.{'examples' if examples else 'plain'}", report)
    return parts


@pytest.mark.slow
def test_the_sample_exports_give_the_stored_outputs(sample_paths: list[Path]) -> None:
    outputs = _outputs(sample_paths)
    if os.environ.get("SAAR_WRITE_DIGEST"):
        DIGEST_FILE.write_text(json.dumps(outputs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    stored = json.loads(DIGEST_FILE.read_text(encoding="utf-8"))
    changed = sorted(key for key in stored.keys() | outputs.keys() if stored.get(key) != outputs.get(key))
    assert not changed, f"outputs differ from {DIGEST_FILE.name}: {changed}"
