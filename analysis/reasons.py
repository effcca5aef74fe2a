"""The reasons shown beside every label: Dutch words a coordinator reads, never internal codes.

Each reason starts with the label's Dutch name ("Alarmeren: ...") so a message with several labels
shows which reason belongs to which; the names live in ``data/labels.toml``.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from analysis.model import LABELS, VIOLATIONS


@lru_cache(maxsize=1)
def label_names() -> dict[str, str]:
    """Code -> Dutch name for every label and violation."""
    text = resources.files("analysis").joinpath("data/labels.toml").read_text(encoding="utf-8")
    names = tomllib.loads(text)["names"]
    missing = [code for code in (*LABELS, *VIOLATIONS) if code not in names]
    if missing:
        raise ValueError(f"data/labels.toml names no Dutch word for {missing}")
    return names


def explain(code: str, text: str) -> str:
    """One reason: the Dutch name of ``code``, then why."""
    return f"{label_names()[code]}: {text}"
