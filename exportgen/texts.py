"""Loads the per-language wordings (exportgen/data/system_texts.toml) with their inheritance.

Kept apart from the renderer so the synthetic generator and the tests can look wordings up
without rendering, and so the wordings stay data that a reviewer can check against the catalogue.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

TEXTS_FILE = "system_texts.toml"


@cache
def _all_sets() -> dict[str, dict[str, Any]]:
    raw = resources.files("exportgen").joinpath("data", TEXTS_FILE).read_text(encoding="utf-8")
    return tomllib.loads(raw)


@cache
def text_set(name: str) -> dict[str, Any]:
    """The full set `name`, with the keys it inherits filled in (nested tables merged)."""
    sets = _all_sets()
    if name not in sets:
        raise ValueError(f"text set {name!r} is not in {TEXTS_FILE}; known: {', '.join(sets)}")
    own = dict(sets[name])
    parent_name = own.pop("inherit", None)
    merged: dict[str, Any] = dict(text_set(parent_name)) if parent_name else {}
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def wording(set_name: str, key: str) -> str:
    """One wording; a missing one is a clear error naming the set and key (no silent fallback)."""
    texts = text_set(set_name)
    try:
        value = texts[key]
    except KeyError:
        raise ValueError(f"text set {set_name!r} has no wording {key!r} (add it to {TEXTS_FILE})") from None
    if not isinstance(value, str):
        raise ValueError(f"wording {key!r} of {set_name!r} is a table, not a text")
    return value


def omitted_placeholder(set_name: str, media_type: str) -> str:
    """The placeholder for media left out of the export, e.g. `<Media weggelaten>`."""
    return text_set(set_name)["omitted"][media_type]
