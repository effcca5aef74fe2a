"""Upload handling without the widget: (name, bytes) pairs in, a dataset with a report per file out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

import parsers
from dashboard.files import files_table
from dashboard.loading import build_dataset, parse_file, sample_files
from dashboard.texts import t


def _vogelwijk(sample_paths: list[Path]) -> Path:
    return next(p for p in sample_paths if "Vogelwijk" in p.name)


def test_sample_files_are_the_shipped_exports(sample_paths: list[Path]) -> None:
    assert [name for name, _ in sample_files()] == [p.name for p in sample_paths]


def test_good_file_reports_group_format_period_and_counts(sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    parsed = parse_file(path.name, path.read_bytes())
    expected = parsers.read_export(path.read_bytes(), name=path.name)
    report = parsed.report
    assert report.ok and report.error is None
    assert report.group == expected.group == "Buurtpreventie Vogelwijk"
    assert report.format == expected.format.description
    assert (report.first, report.last) == expected.period
    assert report.events == int((expected.frame["kind"] == "system").sum())
    assert report.messages + report.events == len(expected.frame)


def test_file_that_is_not_an_export_gets_a_dutch_message() -> None:
    parsed = parse_file("boodschappen.txt", b"melk\nbrood\nkaas\n")
    assert not parsed.report.ok
    assert "boodschappen.txt" in parsed.report.error
    assert "WhatsApp" in parsed.report.error and "geen" in parsed.report.error
    assert parsed.export is None


def test_wrong_kind_of_file_says_what_was_expected() -> None:
    parsed = parse_file("foto.jpg", b"\xff\xd8\xff\xe0")
    assert not parsed.report.ok
    assert ".txt" in parsed.report.error and ".zip" in parsed.report.error


def test_bad_file_does_not_stop_the_others(sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    dataset = build_dataset([("leeg.txt", b"   "), (path.name, path.read_bytes())], is_sample=False)
    assert [report.ok for report in dataset.files] == [False, True]
    assert dataset.groups == ("Buurtpreventie Vogelwijk",)
    assert len(dataset.chat) == dataset.files[1].messages + dataset.files[1].events


def test_zip_export_loads(sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("_chat.txt", path.read_bytes())
    dataset = build_dataset(
        [("WhatsApp Chat - Buurtpreventie Vogelwijk.zip", archive.getvalue())], is_sample=False
    )
    assert dataset.files[0].ok, dataset.files[0].error
    assert dataset.files[0].messages == parse_file(path.name, path.read_bytes()).report.messages


def test_same_group_exported_twice_merges_without_doubles(sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line[:2].isdigit()]  # record headers start with the day
    early = "".join(lines[: starts[len(starts) * 2 // 3]]).encode()
    late = "".join(lines[starts[len(starts) // 3] :]).encode()
    whole = build_dataset([(path.name, path.read_bytes())], is_sample=False)
    merged = build_dataset([(path.name, late), (path.name, early)], is_sample=False)
    assert merged.groups == whole.groups
    assert len(merged.chat) == len(whole.chat)
    identity = ["timestamp", "author", "text", "kind"]

    def records(chat: pd.DataFrame) -> pd.DataFrame:
        return (
            chat[identity]
            .astype(object)
            .sort_values(identity, key=lambda c: c.astype(str))
            .reset_index(drop=True)
        )

    pd.testing.assert_frame_equal(records(merged.chat), records(whole.chat))


def test_progress_is_reported_per_file(sample_paths: list[Path]) -> None:
    seen: list[tuple[int, int, str]] = []
    build_dataset(sample_files(), is_sample=True, on_progress=lambda *step: seen.append(step))
    assert [step[0] for step in seen] == list(range(len(sample_paths) + 1))
    assert seen[-1][2] == ""


def test_merge_of_nothing_has_the_schema() -> None:
    merged = parsers.merge_exports([])
    assert isinstance(merged, pd.DataFrame) and merged.empty
    assert list(merged.columns) == list(parsers.schema.COLUMNS)


def test_identical_messages_inside_one_export_survive_a_merge(sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    text = path.read_bytes().decode("utf-8")
    last_line = text.rstrip("\n").splitlines()[-1]
    doubled = (text.rstrip("\n") + "\n" + last_line + "\n").encode()  # the same message twice in one minute
    single = build_dataset([(path.name, doubled)], is_sample=False)
    merged = build_dataset([(path.name, doubled), ("kopie.txt", doubled)], is_sample=False)
    assert len(merged.chat) == len(single.chat)


def test_export_over_the_cap_is_refused_with_a_dutch_message() -> None:
    from dashboard.loading import MAX_UPLOAD_MB

    too_big = b"01-07-2026 20:14 - Henk: hoi\n" * (MAX_UPLOAD_MB * 1024 * 1024 // 29 + 1)
    parsed = parse_file("groot.txt", too_big)
    assert not parsed.report.ok
    assert f"{MAX_UPLOAD_MB} MB" in parsed.report.error and "Zonder media" in parsed.report.error


def test_streamlit_lets_an_oversize_export_through_to_that_message() -> None:
    """Streamlit's own ceiling lies above our cap, else its English message would show instead of ours."""
    import tomllib

    from dashboard.loading import MAX_UPLOAD_MB, TRANSFER_LIMIT_MB

    config_file = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
    config = tomllib.loads(config_file.read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == TRANSFER_LIMIT_MB > MAX_UPLOAD_MB


#: Lines 2, 3 and 5 start like a message but their dates do not exist: kept as text of the message above.
KEPT_LINES = (
    b"02-05-2022 16:08 - Karin Bos: Verdachte man bij de garages\n"
    b"31-02-2022 10:00 - geen bestaande datum\n"
    b"30-02-2022 11:00 - ook niet\n"
    b"02-05-2022 16:09 - Piet Jansen: 112 gebeld\n"
    b"32-05-2022 16:10 - evenmin\n"
)
KEPT_NAME = "WhatsApp-chat met Buurtpreventie *Test*wijk.txt"


def test_file_status_counts_the_lines_kept_with_the_previous_message(sample_paths: list[Path]) -> None:
    path = _vogelwijk(sample_paths)
    dataset = build_dataset([(KEPT_NAME, KEPT_LINES), (path.name, path.read_bytes())], is_sample=False)
    table = files_table(dataset)
    assert table[t("files.kept")].tolist() == ["3 regels bij het vorige bericht gevoegd", "–"]
    assert "regel 2:" in table[t("files.status")].iloc[0]  # the notes are still shown beside it
    one = build_dataset(
        [(KEPT_NAME, KEPT_LINES.replace(b"30-02", b"03-02").replace(b"32-05", b"03-05"))], is_sample=False
    )
    assert files_table(one)[t("files.kept")].tolist() == ["1 regel bij het vorige bericht gevoegd"]


def _file_list(data: bytes, name: str) -> None:
    from dashboard.files import loaded_files
    from dashboard.loading import build_dataset

    loaded_files(build_dataset([(name, data)], is_sample=False))


def test_the_file_list_shows_the_kept_count_and_what_it_means() -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_file_list, args=(KEPT_LINES, KEPT_NAME), default_timeout=60)
    app.run()
    assert not app.exception
    shown = app.dataframe[0].value
    assert shown[t("files.kept")].tolist() == ["3 regels bij het vorige bericht gevoegd"]
    assert shown[t("files.name")].tolist() == [KEPT_NAME]
    assert t("files.kept_explain") in [caption.value for caption in app.caption]
