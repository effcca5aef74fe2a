"""A neighbourhood chat of any number of months, and its exports cut to a window, for the store's tests.

Each month has the same rhythm: a quiet greeting, an incident without a 112 confirmation (a missed one,
for a coordinator to correct), an incident with one, and an off-topic message. Texts carry the month so
every message is distinct.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from exportgen.chat import Chat, Message
from exportgen.render import render

GROUP = "Buurtpreventie Proefwijk"
AUTHORS = ("Els Vermeer", "Joost Kramer", "Anouk de Wit", "Bram Smit", "Sanne Mulder")
MONTH_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def month_messages(year: int, month: int) -> list[Message]:
    """One month of the chat, from its first day to its last."""
    tag = f"{MONTH_NAMES[month - 1]} {year}"
    at = datetime(year, month, 3, 9, 0)
    els, joost, anouk, bram, sanne = AUTHORS
    quiet = at + timedelta(days=4, hours=12)
    called = at + timedelta(days=14, hours=13)
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return [
        Message(datetime(year, month, 1, 8, 0), sanne, f"Morgen! Nieuwe maand ({tag})"),
        Message(at, els, f"Goedemorgen allemaal, fijne week ({tag})"),
        Message(
            quiet, joost, f"Verdachte man loopt aan alle autodeuren te trekken in de Merelstraat ({tag})"
        ),
        Message(quiet + timedelta(minutes=2), anouk, "Ik ga even kijken, ben er zo"),
        Message(quiet + timedelta(minutes=6), joost, "Ze komen eraan"),  # the tagger misses this 112
        Message(quiet + timedelta(minutes=25), anouk, "Hij is weg, fietste richting het park"),
        Message(called, bram, f"Er wordt ingebroken bij nummer 14 in de Lijsterlaan, 112 gebeld ({tag})"),
        Message(called + timedelta(minutes=3), sanne, "Politie is onderweg, ik hou het in de gaten"),
        Message(called + timedelta(minutes=30), bram, "Politie heeft hem aangehouden. Dank allen!"),
        Message(at + timedelta(days=23), sanne, f"Wie wil er mee naar de barbecue zaterdag? ({tag})"),
        Message(datetime(year, month, last_day, 23, 58), bram, f"Slaap lekker ({tag})"),
    ]


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) from ``first``'s month to ``last``'s, both included."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def export_text(first: date, last: date) -> str:
    """An android-nl export of the chat from ``first`` to ``last`` (both days included)."""
    start = datetime(first.year, first.month, first.day)
    end = datetime(last.year, last.month, last.day, 23, 59)
    records = [
        m for y, mo in months_between(first, last) for m in month_messages(y, mo) if start <= m.at <= end
    ]
    # a line on the first and the last day, as a real export of that window has (coverage counts days)
    if records[0].at.date() != first:
        records.insert(0, Message(start + timedelta(hours=8), AUTHORS[4], "Morgen!"))
    if records[-1].at.date() != last:
        records.append(Message(end - timedelta(minutes=1), AUTHORS[3], "Slaap lekker"))
    return render(Chat(GROUP, sorted(records, key=lambda m: m.at)), "android-nl")
