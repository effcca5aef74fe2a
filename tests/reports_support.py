"""Small hand-built `Analysis` objects for the anonymisation, report and CLI tests.

They follow the contract in `analysis/model.py` column by column, so the reports can be tested
without the real analysis; the figures are chosen so the expected report values are easy to check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.model import (
    COVERAGE_COLUMNS,
    INCIDENT_COLUMNS,
    MEMBER_COLUMNS,
    MESSAGE_COLUMNS,
    MONTH_COLUMNS,
    VIOLATIONS,
    Analysis,
)
from parsers.schema import COLUMNS, DTYPES, EXPORTER

GROUP_A = "Buurtpreventie Vogelwijk"
GROUP_B = "WABP Bloemenbuurt"
NAMES_A = ("Henk de Vries", "Fatima El Amrani", "Karin Bos", "Piet Jansen", "+31 6 12345678")
NAMES_B = ("Bryan Tahiri", "Anouk Meijer", "Sven Dekker")
MONTHS = ("2024-01", "2024-02", "2024-03")
PERSONAL_TEXTS = (
    "Verdachte man bij Kerkstraat 112, kenteken 12-ABC-3. Bel Henk op 06-12345678",
    "Karin, mail me op karin@example.nl, ik woon op 1234 AB Merelstraat 4a",
)


def _messages(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    defaults: dict[str, object] = {
        "author": pd.NA,
        "member": pd.NA,
        "event": pd.NA,
        "media_type": pd.NA,
        "edited": False,
        "signal": False,
        "alarm": False,
        "update": False,
        "reaction": False,
        "closure": False,
        "saar_step": pd.NA,
        "incident": pd.NA,
    }
    for column, value in defaults.items():
        if column not in frame:
            frame[column] = value
        frame[column] = (
            frame[column].where(frame[column].notna(), value) if value is not pd.NA else frame[column]
        )
    frame["violations"] = [
        v if isinstance(v, tuple) else () for v in frame.get("violations", [()] * len(frame))
    ]
    frame["reasons"] = [v if isinstance(v, tuple) else () for v in frame.get("reasons", [()] * len(frame))]
    frame["line"] = range(1, len(frame) + 1)
    for column in COLUMNS:
        frame[column] = frame[column].astype(DTYPES[column])
    for label in ("signal", "alarm", "update", "reaction", "closure"):
        frame[label] = frame[label].astype(bool)
    frame["saar_step"] = frame["saar_step"].astype("string")
    frame["incident"] = frame["incident"].astype("string")
    return frame[[*COLUMNS, *MESSAGE_COLUMNS]]


def _group_messages(group: str, names: tuple[str, ...], month_incidents: dict[str, int]) -> list[dict]:
    """Joins, one incident per count per month (signal+112, reaction, closure), some off-topic chat."""
    rows: list[dict[str, object]] = []
    t0 = pd.Timestamp("2023-12-20 10:00")
    for i, name in enumerate(names):
        rows.append(
            dict(
                timestamp=t0 + pd.Timedelta(minutes=i),
                author=names[0],
                text=f"{names[0]} heeft {name} toegevoegd",
                kind="system",
                event="added",
                member=name,
                group=group,
            )
        )
    for month, count in month_incidents.items():
        start = pd.Timestamp(f"{month}-03 21:00")
        for n in range(count):
            when = start + pd.Timedelta(days=2 * n, hours=n % 5)
            incident = f"{group}#{when:%Y-%m-%d}#{n + 1}"
            opener = names[n % len(names)]
            reactor = names[(n + 1) % len(names)]
            text = PERSONAL_TEXTS[n % 2] if n < 2 else "Verdachte man bij de schuur, donkere jas"
            said_112 = n % 3 != 2
            rows.append(
                dict(
                    timestamp=when,
                    author=opener,
                    text=text + (" 112 gebeld" if said_112 else ""),
                    kind="message",
                    group=group,
                    signal=True,
                    alarm=said_112,
                    saar_step="signaleren",
                    incident=incident,
                    reasons=(f"Signaleren: verdacht -> '{text[:20]}'",),
                )
            )
            rows.append(
                dict(
                    timestamp=when + pd.Timedelta(minutes=4),
                    author=reactor,
                    text=f"Ik ga kijken, {opener.split()[0]}",
                    kind="message",
                    group=group,
                    reaction=True,
                    saar_step="reageren",
                    incident=incident,
                )
            )
            rows.append(
                dict(
                    timestamp=when + pd.Timedelta(minutes=20),
                    author=opener,
                    text="Loos alarm, was de glazenwasser",
                    kind="message",
                    group=group,
                    closure=True,
                    saar_step="appen",
                    incident=incident,
                )
            )
        rows.append(
            dict(
                timestamp=pd.Timestamp(f"{month}-20 12:00"),
                author=names[-1],
                text="Wie heeft mijn kat gezien?",
                kind="message",
                group=group,
                violations=("offtopic",),
            )
        )
        rows.append(
            dict(
                timestamp=pd.Timestamp(f"{month}-21 12:00"),
                author=names[1],
                text="Vannacht is er ingebroken bij nr 4",
                kind="message",
                group=group,
                violations=("not_acute",),
            )
        )
    rows.append(
        dict(
            timestamp=pd.Timestamp("2024-03-25 09:00"),
            author=names[-1],
            text="",
            kind="system",
            event="left",
            member=names[-1],
            group=group,
        )
    )
    return rows


def _incidents(messages: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for incident, part in messages.dropna(subset=["incident"]).groupby("incident", sort=True):
        opening = part.iloc[0]
        closure = part[part["closure"]]
        reaction = part[part["reaction"]]
        alarm = bool(opening["alarm"])
        rows.append(
            {
                "incident": incident,
                "group": opening["group"],
                "start": opening["timestamp"],
                "opened_by": opening["author"],
                "opening_text": opening["text"],
                "type": "verdacht persoon",
                "first_alarm_at": opening["timestamp"] if alarm else pd.NaT,
                "minutes_to_112": 0.0 if alarm else float("nan"),
                "saar_order": alarm,
                "alarm_messages": int(alarm),
                "callers": int(alarm),
                "first_reaction_at": reaction["timestamp"].min(),
                "minutes_to_reaction": 4.0,
                "reactors": 1,
                "closed_at": closure["timestamp"].min(),
                "minutes_to_closure": 20.0,
                "outcome": closure["text"].iloc[0],
                "end": part["timestamp"].max(),
                "messages": len(part),
                "violations": 0,
                "violation_codes": (),
            }
        )
    frame = pd.DataFrame(rows, columns=list(INCIDENT_COLUMNS))
    for column in ("start", "first_alarm_at", "first_reaction_at", "closed_at", "end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _months(messages: pd.DataFrame, incidents: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for group in messages["group"].unique():
        for month in MONTHS:
            in_month = messages[
                (messages["group"] == group) & (messages["timestamp"].dt.strftime("%Y-%m") == month)
            ]
            inc = incidents[
                (incidents["group"] == group) & (incidents["start"].dt.strftime("%Y-%m") == month)
            ]
            member_msgs = in_month[in_month["kind"] != "system"]
            codes = [c for v in member_msgs["violations"] for c in v]
            n = len(inc)
            row = {
                "group": group,
                "month": month,
                "messages": len(member_msgs),
                "incidents": n,
                "alarm_rate": inc["minutes_to_112"].notna().mean() if n else float("nan"),
                "median_minutes_to_112": inc["minutes_to_112"].median(),
                "p90_minutes_to_112": inc["minutes_to_112"].quantile(0.9),
                "median_minutes_to_reaction": inc["minutes_to_reaction"].median(),
                "p90_minutes_to_reaction": inc["minutes_to_reaction"].quantile(0.9),
                "median_minutes_to_closure": inc["minutes_to_closure"].median(),
                "p90_minutes_to_closure": inc["minutes_to_closure"].quantile(0.9),
                "saar_order_rate": inc["saar_order"].mean() if n else float("nan"),
                "multi_caller_incidents": int((inc["callers"] > 1).sum()),
                "no_alarm_incidents": int((inc["callers"] == 0).sum()),
                "violations": len(codes),
                "violations_per_100": 100 * len(codes) / max(len(member_msgs), 1),
                **{f"violations_{code}": codes.count(code) for code in VIOLATIONS},
                "offtopic_share": codes.count("offtopic") / max(len(member_msgs), 1),
                "members_end": int((members["group"] == group).sum()) - (1 if month == "2024-03" else 0),
                "joins": 0,
                "leaves": 1 if month == "2024-03" else 0,
                "removals": 0,
                "active_members": member_msgs["author"].nunique(),
                "silent_members": int((members["group"] == group).sum()) - member_msgs["author"].nunique(),
            }
            rows.append(row)
    return pd.DataFrame(rows, columns=list(MONTH_COLUMNS))


def _members(messages: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (group, member), part in messages.assign(who=messages["member"].fillna(messages["author"])).groupby(
        ["group", "who"]
    ):
        wrote = part[part["kind"] != "system"]
        left = part[part["event"] == "left"]
        rows.append(
            {
                "group": group,
                "member": member,
                "first_seen": part["timestamp"].min(),
                "last_seen": part["timestamp"].max(),
                "joined_at": part.loc[part["event"] == "added", "timestamp"].max(),
                "left_at": left["timestamp"].max() if len(left) else pd.NaT,
                "removed_at": pd.NaT,
                "messages": len(wrote),
                "signals": int(wrote["signal"].sum()),
                "alarms": int(wrote["alarm"].sum()),
                "reactions": int(wrote["reaction"].sum()),
                "violations": sum(len(v) for v in wrote["violations"]),
                "active": len(wrote) > 0,
            }
        )
    return pd.DataFrame(rows, columns=list(MEMBER_COLUMNS))


def make_analysis(texts: dict[int, str] | None = None) -> Analysis:
    """Two groups over January-March 2024 (group A: 2, 4, 3 incidents; group B: 1, 0, 2).

    ``texts`` overrides the text of message rows by position, to plant hostile or personal text.
    """
    rows = _group_messages(GROUP_A, NAMES_A, {"2024-01": 2, "2024-02": 4, "2024-03": 3})
    rows += _group_messages(GROUP_B, NAMES_B, {"2024-01": 1, "2024-02": 0, "2024-03": 2})
    rows.sort(key=lambda r: (r["group"], r["timestamp"]))
    for position, text in (texts or {}).items():
        rows[position]["text"] = text
    messages = _messages(rows)
    incidents = _incidents(messages)
    members = _members(messages)
    months = _months(messages, incidents, members)
    signals = messages[messages["signal"]]
    signal_hours = (
        signals.assign(weekday=signals["timestamp"].dt.day_of_week, hour=signals["timestamp"].dt.hour)
        .groupby(["group", "weekday", "hour"])
        .size()
        .rename("signals")
        .reset_index()
    )
    leavers = members[members["left_at"].notna()][["group", "member", "left_at"]].assign(
        burst_start=lambda f: f["left_at"] - pd.Timedelta(hours=1), burst_messages=5
    )
    sizes = members.groupby("group").size().rename("members").reset_index().assign(cap=100)
    sizes["over_cap"] = sizes["members"] > sizes["cap"]
    return Analysis(
        messages, incidents, members, months, signal_hours, leavers, sizes, coverage=_complete(months)
    )


def _complete(months: pd.DataFrame) -> pd.DataFrame:
    """Every month of the fixture counts as a whole month (the chat is made up; its last record is on the
    25th, which ``analysis.coverage`` would take for a partial March)."""
    first = pd.to_datetime(months["month"] + "-01")
    days = first.dt.days_in_month
    return pd.DataFrame(
        {
            "group": months["group"],
            "month": months["month"],
            "covered_from": first,
            "covered_to": first + pd.to_timedelta(days - 1, unit="D"),
            "covered_days": days,
            "days_in_month": days,
            "partial": False,
        },
        columns=list(COVERAGE_COLUMNS),
    )


ALL_NAMES = NAMES_A + NAMES_B


SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_exports"


def sample_export_paths() -> list[object]:
    """Every sample export, or one skipped parameter while exportgen has not rendered them yet."""
    paths = sorted(p for p in SAMPLE_DIR.glob("*") if p.suffix in {".txt", ".zip"})
    return paths or [
        pytest.param(None, marks=pytest.mark.skip(reason="no sample exports in sample_exports/ yet"))
    ]


def read_sample(path: Path) -> pd.DataFrame:
    """The real parser on one sample export."""
    from parsers import read_chat

    return read_chat(path)


def analyse_sample(path: Path) -> Analysis:
    """The real parser and analysis on one sample export. A failing analysis fails the test: turning
    its error into a skip once let a typo silently remove the name-leak tests on the real samples."""
    import analysis as analysis_module

    return analysis_module.analyse(read_sample(path))


def member_identifiers(messages: pd.DataFrame) -> set[str]:
    """Lower-cased full names of all members, and the last 8 digits of phone-number members."""
    names = set(messages["author"].dropna()) | set(messages["member"].dropna())
    identifiers: set[str] = set()
    for name in names - {EXPORTER}:
        clean = (
            re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069~]", "", str(name)).replace("\u00a0", " ").strip()
        )
        digits = re.sub(r"\D", "", clean)
        if re.fullmatch(r"[+\d][\d\s().-]*", clean):
            identifiers.add(digits[-8:])
        elif clean:
            identifiers.add(" ".join(clean.split()).casefold())
    return identifiers


def table_text(frame: pd.DataFrame) -> str:
    """All cells of a table as one lower-cased string, without the truncation of ``to_string``."""
    return "\n".join("\t".join(map(str, row)) for row in frame.itertuples(index=False)).casefold()
