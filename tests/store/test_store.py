"""The store: where it lives, two sessions at once, damaged and foreign files, migrations, privacy,
export and import, deleting."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from analysis import analyse
from parsers import read_chats
from store import StoreError, apply_store, open_store, store_path
from store.location import ENV_FOLDER, FILE_NAME
from store.schema import MIGRATIONS


def test_the_store_is_made_on_first_use_in_the_user_data_folder(tmp_path) -> None:
    xdg = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert store_path(environ=xdg) == tmp_path / "xdg" / "saar-monitor" / FILE_NAME
    chosen = {ENV_FOLDER: str(tmp_path / "elders"), **xdg}
    store = open_store(environ=chosen)
    assert store.path == tmp_path / "elders" / FILE_NAME and store.path.is_file()
    assert open_store(tmp_path / "map" / "eigen.sqlite").path.is_file()  # an argument wins


def _write_many(path: str, reviewer: str, count: int) -> None:
    store = open_store(path)
    for n in range(count):
        store.mark_112("Groep", f"{reviewer}-{n:04d}", reviewer=reviewer)
        if n % 50 == 49:
            store.close()  # as a session that ends: the next write opens the file again


def test_two_sessions_writing_at_once_lose_nothing(tmp_path) -> None:
    path = str(tmp_path / "opslag.sqlite")
    open_store(path)
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_write_many, args=(path, name, 150)) for name in ("Anna", "Bert")]
    threads = [threading.Thread(target=_write_many, args=(path, name, 150)) for name in ("Cees", "Dirk")]
    for worker in (*processes, *threads):
        worker.start()
    for worker in (*processes, *threads):
        worker.join(timeout=300)
    assert all(p.exitcode == 0 for p in processes)
    listed = open_store(path).list_corrections()
    assert len(listed) == 600 and listed["id"].is_unique
    assert listed.groupby("reviewer").size().to_dict() == {"Anna": 150, "Bert": 150, "Cees": 150, "Dirk": 150}


def _refused(path: Path, code: str) -> None:
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.code == code and caught.value.path == path
    assert path.read_bytes() == before  # nothing written, nothing lost


def test_a_damaged_file_gives_the_coded_error_and_stays_untouched(tmp_path) -> None:
    garbage = tmp_path / "kapot.sqlite"
    garbage.write_bytes(b"dit is geen database\n" * 100)
    _refused(garbage, "damaged")

    good = open_store(tmp_path / "goed.sqlite")
    for n in range(300):
        good.set_labels("Groep", f"{n:032x}", {"offtopic": False}, note="niet off-topic " * 5)
    data = good.export_bytes()
    cut = tmp_path / "afgebroken.sqlite"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError) as caught:
        open_store(cut).list_corrections()
    assert caught.value.code == "damaged"

    scrambled = bytearray(data)
    for page in range(4096, len(data), 4096):  # every page after the first loses its header
        scrambled[page : page + 64] = b"\xff" * 64
    broken = tmp_path / "verminkt.sqlite"
    broken.write_bytes(bytes(scrambled))
    with pytest.raises(StoreError) as caught:
        open_store(broken).list_corrections()
    assert caught.value.code == "damaged"


def test_a_foreign_sqlite_file_gives_the_coded_error_and_stays_untouched(tmp_path) -> None:
    foreign = tmp_path / "ander.sqlite"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
        con.execute("INSERT INTO contacts VALUES ('iemand')")
    con.close()
    _refused(foreign, "foreign")


def test_a_store_of_a_newer_release_is_refused(tmp_path) -> None:
    path = open_store(tmp_path).path
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO schema_version VALUES (99, '2030-01-01')")
    con.close()
    _refused(path, "too_new")


def test_a_store_of_version_1_is_migrated_and_keeps_everything(tmp_path) -> None:
    path = tmp_path / "oud.sqlite"
    first = open_store(path, migrations={1: MIGRATIONS[1]})
    first.mark_112("Groep", "a" * 32, note="waarom", reviewer="Anna")
    salt = first._salt

    broken = {1: MIGRATIONS[1], 2: ("ALTER TABLE corrections ADD COLUMN extra TEXT", "THIS IS NOT SQL")}
    with pytest.raises(StoreError):
        open_store(path, migrations=broken)
    with sqlite3.connect(path) as con:  # the failed migration left nothing behind
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert "extra" not in [row[1] for row in con.execute("PRAGMA table_info(corrections)")]
    con.close()

    later = {1: MIGRATIONS[1], 2: ("ALTER TABLE corrections ADD COLUMN extra TEXT DEFAULT 'x'",)}
    migrated = open_store(path, migrations=later)
    with sqlite3.connect(path) as con:
        assert [row[0] for row in con.execute("SELECT version FROM schema_version ORDER BY 1")] == [1, 2]
    con.close()
    [kept] = migrated.corrections()
    assert (kept.action, kept.note, kept.reviewer) == ("mark_112", "waarom", "Anna")
    assert migrated._salt == salt


@pytest.fixture(scope="module")
def samples(sample_paths):
    return analyse(read_chats(sample_paths))


def test_the_store_holds_no_name_and_no_message_text(samples, tmp_path) -> None:
    """Every message of every sample export corrected, every month kept: the file still holds no author
    and no text of the exports."""
    store = open_store(tmp_path / "opslag.sqlite")
    messages = samples.messages
    keys = store.message_keys(messages)
    member = (messages["kind"] != "system").to_numpy(bool)
    for row in range(len(messages)):
        if member[row]:
            store.set_labels(
                str(messages["group"].iloc[row]), keys[row], {"offtopic": True}, reviewer="Regie"
            )
    reviewed = apply_store(samples, store)
    assert reviewed.messages["corrected"].sum() > 100 and len(store.stored_months()) > 10
    data = b"".join(p.read_bytes() for p in tmp_path.glob("opslag.sqlite*")) + store.export_bytes()
    authors = {str(a) for a in messages["author"].dropna()} | {str(m) for m in messages["member"].dropna()}
    texts = {str(t) for t in messages["text"].dropna()}
    # texts of up to three characters ("Ok", "👍", "Ja") are too short to mean anything here: "ja" appears
    # in any file by chance; every longer text and every name must be absent
    searched = {value for value in authors | texts if len(value.encode("utf-8")) >= 4}
    assert len(searched) > 900
    found = sorted(value for value in searched if value.encode("utf-8") in data)
    assert found == []


def test_export_and_import_move_everything_to_another_computer(samples, tmp_path) -> None:
    here = open_store(tmp_path / "hier.sqlite")
    messages = samples.messages
    keys = here.message_keys(messages)
    for row in (10, 20, 30):
        here.mark_112(str(messages["group"].iloc[row]), keys[row], reviewer="Anna", note="gemist")
    here.undo(reviewer="Bert")
    reviewed = apply_store(samples, here)

    there = open_store(tmp_path / "daar.sqlite")
    assert there.import_bytes(here.export_bytes()) == {"corrections": 3, "months": len(here.stored_months())}
    assert there.list_corrections().drop(columns="id").equals(here.list_corrections().drop(columns="id"))
    moved = apply_store(samples, there, keep_months=False)
    assert moved.months.equals(reviewed.months) and moved.incidents.equals(reviewed.incidents)
    assert there.import_bytes(here.export_bytes())["corrections"] == 0  # the same store twice: no doubles

    other = open_store(tmp_path / "ander.sqlite")
    other.mark_112("Groep", "b" * 32)
    with pytest.raises(StoreError) as caught:
        other.import_bytes(here.export_bytes())
    assert caught.value.code == "import_conflict" and len(other.corrections()) == 1
    other.import_bytes(here.export_bytes(), replace=True)
    assert len(other.list_corrections()) == 3

    for data, code in ((b"geen database", "damaged"), (_foreign_bytes(tmp_path), "foreign")):
        with pytest.raises(StoreError) as caught:
            there.import_bytes(data)
        assert caught.value.code == code
    assert len(there.list_corrections()) == 3


def _foreign_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "vreemd.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x)")
    con.close()
    return path.read_bytes()


def test_delete_one_group_or_all(samples, tmp_path) -> None:
    store = open_store(tmp_path)
    apply_store(samples, store)
    messages = samples.messages
    keys = store.message_keys(messages)
    groups = sorted(set(messages["group"]))
    for group in groups:
        row = int((messages["group"] == group).to_numpy(bool).argmax())
        store.mark_112(group, keys[row])
    assert store.groups() == groups
    store.delete_group(groups[0])
    assert store.groups() == groups[1:]
    assert groups[0] not in set(store.stored_months()["group"])
    store.delete_all()
    assert store.groups() == [] and store.list_corrections().empty
    assert groups[0].encode() not in store.path.read_bytes()  # deleted rows are overwritten


def test_an_unknown_correction_or_action_is_refused(tmp_path) -> None:
    store = open_store(tmp_path)
    with pytest.raises(StoreError) as caught:
        store.undo(correction_id=42)
    assert caught.value.code == "unknown_correction"
    with pytest.raises(StoreError) as caught:
        store.set_labels("Groep", "c" * 32, {"gezellig": True})
    assert caught.value.code == "invalid" and store.list_corrections().empty


def test_the_change_mark_follows_every_change_also_of_another_session(tmp_path) -> None:
    """What the dashboard reads on every run to see another session's corrections (docs/store.md)."""
    from datetime import date

    from tests.store_support import GROUP, export_text

    analysis = analyse(read_chats([(export_text(date(2024, 1, 1), date(2024, 2, 29)).encode(), GROUP)]))
    mine, other = open_store(tmp_path), open_store(tmp_path)
    apply_store(analysis, mine)
    mark = mine.change_mark()
    apply_store(analysis, other)  # the same months with the same figures: nothing changed
    assert mine.change_mark() == mark

    key = other.message_keys(analysis.messages)[3]
    other.mark_112(GROUP, key, reviewer="R")
    assert mine.change_mark() != mark, "another session's correction"
    mark = mine.change_mark()
    other.undo(group=GROUP, reviewer="R")
    assert mine.change_mark() != mark, "another session's undo"
    mark = mine.change_mark()
    apply_store(analysis, other)  # February with the undone correction's figures: the same as before
    other.delete_group(GROUP)
    assert mine.change_mark() != mark, "a deletion"
