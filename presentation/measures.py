"""Every review figure's format, good direction and names, from ``measures.toml`` (the one place for them).

Each figure has two names: its long ``label`` where there is room (the reports) and its ``short`` name on the
dashboard, table headers included, so a figure reads the same in the scorecard, the groups' table and a CSV.
The reports ask for a figure's ``format`` and ``label``, the dashboard for its ``short`` name, ``help`` and
``good`` direction; the formulas are in ``analysis.keyfigures`` and ``analysis.metrics_months``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Format = Literal["int", "pct", "min", "num"]
Good = Literal["higher", "lower", "neither"]


@dataclass(frozen=True)
class Measure:
    name: str
    format: Format
    good: Good = "neither"
    monthly: bool = False  # one of the dashboard's monthly measures (pickers, scorecard)
    label: str | None = None  # long, where there is room: the reports
    short: str | None = None  # on the dashboard: scorecard, pickers, charts and table headers
    help: str | None = None  # the dashboard's tooltip


@cache
def measures() -> dict[str, Measure]:
    """Every figure by name, in the file's order."""
    raw = resources.files("presentation").joinpath("measures.toml").read_text(encoding="utf-8")
    return {name: Measure(name=name, **fields) for name, fields in tomllib.loads(raw).items()}


def figure_format(name: str) -> Format:
    """How a figure is written; a figure without an entry is a whole number."""
    found = measures().get(name)
    return found.format if found else "int"


def names(field: Literal["label", "short", "help"]) -> dict[str, str]:
    """One name of every figure that has it, e.g. ``names("label")`` for the reports' key-figure rows."""
    return {name: value for name, m in measures().items() if (value := getattr(m, field)) is not None}
