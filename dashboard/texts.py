"""Every Dutch word the dashboard shows comes from ``texts.toml``, so wording is edited in one place.

Pages ask for text by dotted key (``t("overzicht.title")``); a missing key fails loudly
(``KeyError``) instead of showing a placeholder, and a test checks that every key used exists.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from presentation.formatting import month_names, short_month_names, weekday_names
from presentation.measures import measures, names


@cache
def _all_texts() -> dict[str, Any]:
    """``texts.toml``, with every figure's dashboard (short) name and help from ``presentation/measures.toml``
    as ``measures.<figure>.label``/``.help`` and, the same name as its table header, ``columns.<figure>``;
    and the month and weekday names of ``presentation/dutch.toml`` (``months``, ``months_short``,
    ``weekdays``)."""
    raw = resources.files("dashboard").joinpath("texts.toml").read_text(encoding="utf-8")
    texts = tomllib.loads(raw)
    texts["measures"] = {
        m.name: {"label": m.short, **({"help": m.help} if m.help is not None else {})}
        for m in measures().values()
        if m.short is not None
    }
    texts["columns"] = {**texts["columns"], **names("short")}
    texts["months"] = {f"{n:02d}": name for n, name in enumerate(month_names(), start=1)}
    texts["months_short"] = {f"{n:02d}": name for n, name in enumerate(short_month_names(), start=1)}
    texts["weekdays"] = {str(n): name for n, name in enumerate(weekday_names())}
    return texts


def _lookup(key: str) -> Any:
    node: Any = _all_texts()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no UI text for {key!r} in dashboard/texts.toml")
        node = node[part]
    return node


def t(key: str, **values: object) -> str:
    """The Dutch text for ``key``, with ``{placeholders}`` filled from ``values``."""
    text = _lookup(key)
    if not isinstance(text, str):
        raise KeyError(f"{key!r} is a group of texts, not a text")
    return text.format(**values) if values else text


def table(key: str) -> dict[str, str]:
    """A group of texts as a mapping, e.g. the Dutch names of table columns or rule codes."""
    node = _lookup(key)
    if not isinstance(node, dict):
        raise KeyError(f"{key!r} is a text, not a group of texts")
    return {name: value for name, value in node.items() if isinstance(value, str)}


def counted(key: str, count: int, **values: object) -> str:
    """Dutch singular or plural for a count: ``{key}_one`` for 1, ``{key}_none`` for 0 when the texts have it
    ("geen meldingen"), else ``{key}_many``; ``{count}`` is filled in. No "bestand(en)" on screen."""
    if count == 0:
        try:
            return t(f"{key}_none", count=count, **values)
        except KeyError:
            pass
    return t(f"{key}_one" if count == 1 else f"{key}_many", count=count, **values)
