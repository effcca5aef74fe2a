"""Hostile content and broken code in the dashboard (AppTest), and CSV downloads that cannot become formulas.

- A member renames the group to markdown that would load a tracking image, and members write
  messages full of markdown, HTML, ``$latex$``, ``:material/…:``, ``:red[…]`` and emoji shortcodes:
  every page shows all of it as text.
- An unexpected exception anywhere shows a Dutch message that says what to do; no traceback, no
  exception type, no server path.
- Every CSV the tool writes (dashboard downloads and the command line) escapes text that would run
  as a spreadsheet formula, through the one function ``analysis.tables_export.escape_formulas``.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf.message import Message
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

import analysis
import parsers
from analysis.tables_export import FORMULA_START, escape_formula, escape_formulas
from dashboard.display import csv_bytes, escape_markdown
from dashboard.navigation import PAGES
from dashboard.texts import t
from reports import tables_to_csv

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TRACKER = "tracker.example"
GROUP = (
    f"# ![x](https://{TRACKER}/groep.png) [klik](https://{TRACKER}/l) :material/home: :red[rood] "
    f":smile: :streamlit: $x^2$ <img src=https://{TRACKER}/i.png> **vet** -> Buurt"
)
SIGNAL = (
    "Verdachte man loopt aan de deuren te voelen bij nr 12 "
    f"![x](https://{TRACKER}/bericht.png) [klik](https://{TRACKER}/l) :material/warning: "
    f":red[rood] :smile: :streamlit: $x^2$ <img src=https://{TRACKER}/j.png>"
)
BLOCK_LINES = ("# kop", "> citaat", "- lijst", "1. genummerd", "    ingesprongen")
HYPERLINK_AUTHOR = f'=HYPERLINK("https://{TRACKER}";"klik")'
FORMULAS = ("+1+1", "-2+3", "@SUM(1)")
FORMULA_PAYLOADS = (f'=HYPERLINK("https://{TRACKER}";"x")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1")
#: Markdown and shortcode syntax that must never reach Streamlit's markdown unescaped.
RAW_SYNTAX = ("![", "](http", "<img", ":material/", ":red[", ":smile:", ":streamlit:", "$x^2$", TRACKER)
#: Proto fields Streamlit renders as markdown (bodies, labels, help, progress text, segment labels).
MARKDOWN_FIELDS = {"body", "label", "help", "text", "content", "caption"}
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def hostile_export(sample_paths: list[Path]) -> tuple[str, bytes]:
    """The Vogelwijk export renamed to a hostile group name, with a hostile incident at the end.

    Named ``chat.txt`` (no group in the file name), so the group is the last name the chat was given.
    """
    path = next(p for p in sample_paths if "Vogelwijk" in p.name)
    lines = [
        f'31-10-2026 22:39 - Karin Bos heeft de groepsnaam gewijzigd in "{GROUP}"',
        f"31-10-2026 22:40 - Karin Bos: {SIGNAL}",
        *BLOCK_LINES,
        f"31-10-2026 22:41 - {HYPERLINK_AUTHOR}: 112 is gebeld",
        *(f"31-10-2026 22:4{2 + i} - Piet Jansen: {text}" for i, text in enumerate(FORMULAS)),
        "31-10-2026 22:46 - Piet Jansen: Ik ga kijken",
    ]
    text = path.read_bytes().decode("utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    return "chat.txt", text.encode("utf-8")


@pytest.fixture(scope="module")
def hostile(sample_paths: list[Path]) -> tuple[str, bytes]:
    return hostile_export(sample_paths)


def raw(syntax: str, markdown: str) -> bool:
    """``syntax`` occurs in ``markdown`` with its first character not backslash-escaped."""
    return any(
        markdown.startswith(syntax, i) and (i == 0 or markdown[i - 1] != "\\") for i in range(len(markdown))
    )


def shown(markdown: str) -> str:
    """What a reader sees of escaped markdown: backslash escapes resolved, word joiners invisible."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.sidebar.file_uploader[0].set_value([(name, data, "text/plain") for name, data in files])
    return at.run()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _nodes(node) -> Iterator[object]:
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def _strings(message: Message, kind: str) -> Iterator[tuple[str, str]]:
    for field, value in message.ListFields():
        values = list(value) if field.is_repeated else [value]
        if field.message_type is not None:
            if not field.message_type.GetOptions().map_entry:
                for item in values:
                    yield from _strings(item, kind)
        elif field.type == field.TYPE_STRING and field.name in MARKDOWN_FIELDS:
            yield from ((f"{kind}.{field.name}", item) for item in values)


def markdown_strings(at: AppTest) -> list[tuple[str, str]]:
    """Every string on the page (main and sidebar) that Streamlit renders as markdown."""
    found: list[tuple[str, str]] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message) and type(node).__name__ != "Text":
            found.extend(_strings(proto, type(node).__name__))
    return found


def chart_specs(at: AppTest) -> list[str]:
    return [
        str(node.proto.spec)
        for node in _nodes(at._tree)
        if isinstance(getattr(node, "proto", None), Message) and hasattr(node.proto, "spec")
    ]


def assert_all_text(at: AppTest, where: str) -> None:
    """No markdown string carries link, image, HTML, latex or shortcode syntax; no chart carries HTML."""
    leaks = [(kind, value) for kind, value in markdown_strings(at) if any(raw(s, value) for s in RAW_SYNTAX)]
    assert not leaks, f"{where}: {leaks}"
    for spec in chart_specs(at):
        assert "<img" not in spec and "\\u003cimg" not in spec, where  # Plotly gets &lt;img


#: The trend picture the scorecard puts in its cells itself: an SVG ``data:`` URL, no address on the internet.
OWN_PICTURE = re.compile(r"!\[[a-z]+\]\(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+\)")


def scorecard_text(at: AppTest) -> None:
    """Every cell of the page's tables (``st.table`` renders markdown in cells) is text, except the
    scorecard's own trend pictures."""
    for table in at.table:
        for cell in table.value.to_numpy().ravel():
            rest = OWN_PICTURE.sub("", str(cell))
            assert not any(raw(syntax, rest) for syntax in RAW_SYNTAX), cell


def _newest_incident(at: AppTest) -> str:
    return at.session_state["_view"].incidents().sort_values("start")["incident"].iloc[-1]


# ---------------------------------------------------------------- the escaping function itself


@pytest.mark.parametrize(
    ("payload", "forbidden"),
    [
        (f"![x](https://{TRACKER}/a.png)", ("![", "](")),
        (f"[klik](https://{TRACKER})", ("](", "https://")),
        (f"<img src=https://{TRACKER}/a.png>", ("<img",)),
        (":material/home:", (":material/",)),
        (":red[rood]", (":red[",)),
        (":smile: :+1:", (":smile:", ":+1:")),
        ("$x^2$", ("$x",)),
        ("a -> b", ("->",)),
    ],
)
def test_escape_markdown_leaves_no_syntax(payload: str, forbidden: tuple[str, ...]) -> None:
    escaped = escape_markdown(payload)
    assert not any(raw(s, escaped) for s in forbidden)
    assert shown(escaped) == payload, "a reader sees exactly what was written"


def test_escape_markdown_neutralises_block_markers() -> None:
    escaped = escape_markdown("\n".join(BLOCK_LINES))
    lines = escaped.split("  \n")
    assert [shown(line).replace("\u00a0", " ") for line in lines] == list(BLOCK_LINES)
    for line in lines:
        assert not re.match(r"^(#|>|[-+*]\s|\d+[.)]\s| {4})", line), line


# ---------------------------------------------------------------- hostile names and messages on every page


def test_hostile_group_name_and_messages_show_as_text_on_every_page(
    dashboard: Callable[..., AppTest], hostile: tuple[str, bytes]
) -> None:
    name, data = hostile
    file_name = f"![f](https://{TRACKER}/f.png) :red[bestand] {name}"
    at = _ok(_upload(dashboard().run(), [(file_name, data)]))
    assert at.multiselect(key="group").options == [GROUP]
    scorecard_text(at)
    assert shown(at.table[0].value.iloc[0, 0]) == GROUP, "the overview's scorecard names the group, as text"
    for privacy in (False, True):
        at.toggle(key="privacy").set_value(privacy).run()
        for spec in PAGES:
            at.switch_page(f"app_pages/{spec.file}").run()
            _ok(at)
            assert_all_text(at, f"{spec.url_path} (privacy {privacy})")
            scorecard_text(at)
    at.switch_page("app_pages/alarm112.py").run()
    assert any(shown(v) == f"**{GROUP}**" for _, v in markdown_strings(at)), "112 names the group in bold"

    at.toggle(key="privacy").set_value(False).run()
    at.switch_page("app_pages/meldingen.py").run()
    at.selectbox(key="incident").set_value(_newest_incident(at)).run()
    _ok(at)
    assert_all_text(at, "meldingen thread")
    bodies = [m.value for m in at.markdown]
    signal = next(body for body in bodies if "Verdachte man" in body)
    assert SIGNAL in shown(signal).replace("\u00a0", " ")
    for line in BLOCK_LINES:
        assert line in shown(signal).replace("\u00a0", " ")
    for line in signal.split("  \n"):
        assert not re.match(r"^(#|>|[-+*]\s|\d+[.)]\s| {4})", line), line
    assert any(GROUP in shown(s.value) for s in at.subheader), "the thread title names the group as text"
    headers = [shown(m.value) for m in at.markdown if m.value.startswith("**")]
    assert any(HYPERLINK_AUTHOR in header for header in headers), "the author's name, as text"


def test_a_hostile_file_name_in_an_error_is_text(dashboard: Callable[..., AppTest]) -> None:
    bad = f"![f](https://{TRACKER}/f.png) :red[x] :material/home:.txt"
    at = _ok(_upload(dashboard().run(), [(bad, b"geen chat")]))
    assert_all_text(at, "sidebar error")
    assert bad in shown(at.sidebar.error[0].value)


# ---------------------------------------------------------------- errors: a Dutch message, never a traceback


def _assert_friendly(at: AppTest, key: str) -> None:
    assert not at.exception, "no exception box"
    errors = [shown(e.value) for e in at.error]
    assert t(key) in errors
    everything = "\n".join(value for _, value in markdown_strings(at))
    for leak in ("Traceback", "RuntimeError", "boom", "/work/", ".py", 'File "'):
        assert leak not in everything, leak


def _boom(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError(f"boom in {ROOT}/app_pages/secret.py")


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path for spec in PAGES])
def test_an_error_in_a_page_shows_a_dutch_message_not_a_traceback(
    dashboard: Callable[..., AppTest], spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _ok(dashboard().run())
    monkeypatch.setattr("dashboard.view.View._in_groups", _boom)  # every page selects rows through it
    at.switch_page(f"app_pages/{spec.file}").run()
    _assert_friendly(at, "errors.page")
    assert at.title, "what the page drew before the error stays"
    assert at.sidebar.multiselect(key="group").options, "the sidebar still works"


def test_an_error_in_a_report_shows_a_dutch_message(
    dashboard: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _ok(dashboard().run())
    at.switch_page("app_pages/rapport.py").run()
    monkeypatch.setattr("reports.month_report", _boom)
    at.button(key="make_maand").click().run()
    _assert_friendly(at, "errors.page")


def test_an_error_in_the_analysis_shows_a_dutch_message(
    dashboard: Callable[..., AppTest], sample_paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis, "analyse", _boom)
    path = next(p for p in sample_paths if "Vogelwijk" in p.name)
    data = path.read_bytes() + b"31-10-2026 23:59 - Piet Jansen: nog een bericht, alleen voor deze test\n"
    at = dashboard().run()  # the samples may be cached in this process already; the upload is new data
    _upload(at, [(path.name, data)])
    _assert_friendly(at, "errors.load")


def test_the_config_hides_error_details_with_a_value_streamlit_accepts() -> None:
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    accepted = {option.value for option in st_config.ShowErrorDetailsConfigOptions}
    assert settings["client"]["showErrorDetails"] == "none" and "none" in accepted
    assert settings["client"]["showErrorLinks"] is False
    assert settings["server"]["address"] == "localhost", "served to this computer only"
    assert settings["browser"]["gatherUsageStats"] is False


# --------------------------------------------- CSV: no formulas, from the dashboard and the CLI


def _cells(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


_NUMBER = re.compile(r"-?\d+([.,]\d+)?(e-?\d+)?")


def _assert_no_formula(rows: list[list[str]], where: str) -> None:
    """No cell a spreadsheet would run as a formula; a plain (negative) number is a number."""
    for row in rows:
        for cell in row:
            assert _NUMBER.fullmatch(cell) or not cell.startswith(FORMULA_START), f"{where}: {cell!r}"


def test_escape_formula_only_touches_text() -> None:
    for payload in FORMULA_PAYLOADS:
        assert escape_formula(payload) == "'" + payload
    assert escape_formula(-2.5) == -2.5 and escape_formula("Karin") == "Karin"
    frame = pd.DataFrame({"text": list(FORMULA_PAYLOADS), "delta": [-2.5, -1.0, 0.0, 1.0, 2.0, -3.0]})
    escaped = escape_formulas(frame)
    assert escaped["text"].tolist() == ["'" + p for p in FORMULA_PAYLOADS]
    assert escaped["delta"].tolist() == frame["delta"].tolist()


def test_dashboard_csv_escapes_formulas_but_keeps_negative_numbers() -> None:
    frame = pd.DataFrame(
        {
            "author": list(FORMULA_PAYLOADS),
            "text": list(reversed(FORMULA_PAYLOADS)),
            "group": ["-Buurt"] * len(FORMULA_PAYLOADS),
            "minutes_to_112": [-2.5, -1.0, 0.0, 1.5, 2.0, -3.0],
            "callers": pd.Series([-1, 0, 1, 2, 3, 4], dtype="int64"),
        }
    )
    data = csv_bytes(frame)
    rows = _cells(data, ";")
    _assert_no_formula(rows, "dashboard")
    assert rows[0] == ["Afzender", "Tekst", "Groep", "Min. tot 112", "Bellers"]
    assert [row[0] for row in rows[1:]] == ["'" + p for p in FORMULA_PAYLOADS]
    assert [row[3] for row in rows[1:]] == ["-2,5", "-1,0", "0,0", "1,5", "2,0", "-3,0"]
    assert [row[4] for row in rows[1:]] == ["-1", "0", "1", "2", "3", "4"]


def test_dashboard_downloads_of_a_hostile_export_hold_no_formula(
    dashboard: Callable[..., AppTest], hostile: tuple[str, bytes]
) -> None:
    at = _ok(_upload(dashboard().run(), [hostile]))
    at.switch_page("app_pages/rapport.py").run()  # where tables are downloaded (the Overzicht has no text)
    at.segmented_control(key="period").set_value("reeks").run()
    view = at.session_state["_view"]
    at.select_slider(key="months").set_value((view.all_months[0], view.all_months[-1])).run()
    for privacy in (False, True):
        at.toggle(key="privacy").set_value(privacy).run()
        _ok(at)
        view = at.session_state["_view"]
        assert view.privacy is privacy
        tables = {"messages": view.messages(), "incidents": view.incidents(), "members": view.members()}
        texts = {name: csv_bytes(frame).decode("utf-8-sig") for name, frame in tables.items()}
        for name, text in texts.items():
            _assert_no_formula(_cells(text.encode("utf-8"), ";"), f"{name} (privacy {privacy})")
        for payload in FORMULAS:
            assert f";'{payload};" in texts["messages"] or f";'{payload}\r\n" in texts["messages"], payload
        if not privacy:
            assert "'=HYPERLINK(" in texts["members"] and "'=HYPERLINK(" in texts["messages"]


def test_cli_tables_escape_formulas(hostile: tuple[str, bytes], tmp_path: Path) -> None:
    import cli

    export = tmp_path / "chat.txt"
    export.write_bytes(hostile[1])
    for names in (True, False):
        out = tmp_path / f"tables-{names}"
        argv = ["tables", str(export), "--out", str(out), "--quiet"] + (["--names"] if names else [])
        assert cli.main(argv) == 0
        messages = (out / "berichten.csv").read_bytes()
        _assert_no_formula(_cells(messages, ","), f"cli berichten (names {names})")
        _assert_no_formula(_cells((out / "incidenten.csv").read_bytes(), ","), "cli incidenten")
        for payload in FORMULAS:
            assert f",'{payload}," in messages.decode("utf-8"), payload
        if names:
            assert "'=HYPERLINK(" in messages.decode("utf-8")


def test_cli_writer_escapes_every_payload(hostile: tuple[str, bytes]) -> None:
    """Payloads the parser would trim (a leading tab or carriage return) put straight into the analysis."""
    result = analysis.analyse(parsers.read_chat(hostile[1], name=hostile[0]))
    rows = result.messages.index[: len(FORMULA_PAYLOADS)]
    result.messages["text"] = result.messages["text"].astype(object)
    result.messages.loc[rows, "text"] = list(FORMULA_PAYLOADS)
    data = tables_to_csv(result, names=True)["berichten.csv"]
    frame = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    assert frame["text"].iloc[: len(FORMULA_PAYLOADS)].tolist() == ["'" + p for p in FORMULA_PAYLOADS]
    _assert_no_formula(_cells(data, ","), "tables_to_csv")
