"""The Dutch report texts from ``data/report/texts.toml``: wording lives in data, not in code."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _texts() -> dict[str, Any]:
    raw = resources.files("analysis").joinpath("data/report/texts.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def text(section: str, key: str, **values: object) -> str:
    """One text, with ``{placeholders}`` filled in; a missing key is a bug, so it raises KeyError."""
    template = _texts()[section][key]
    return template.format(**values) if values else template


def texts(section: str) -> dict[str, Any]:
    """All texts of a section (e.g. every column header)."""
    return dict(_texts()[section])


def month_name(month: str) -> str:
    """ "2024-03" -> "maart 2024"."""
    year, number = month.split("-")
    return f"{_texts()['months']['names'][int(number) - 1]} {year}"


def short_month_name(month: str) -> str:
    """ "2024-03" -> "mrt 2024" style short name for chart axes and tables."""
    year, number = month.split("-")
    return f"{_texts()['months']['short'][int(number) - 1]} {year}"


def weekday_names() -> list[str]:
    return list(_texts()["weekdays"]["names"])
