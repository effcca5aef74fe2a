"""Media type of an attachment from its file name, following ``parsers/data/media.toml``."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

_IOS_COUNTER = re.compile(r"^\d{8}-")


@cache
def _rules() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    raw = tomllib.loads(resources.files("parsers.data").joinpath("media.toml").read_text("utf-8"))
    return tuple(
        (
            rule["type"],
            tuple(p.upper() for p in rule["prefixes"]),
            frozenset(e.lower() for e in rule["extensions"]),
        )
        for rule in raw["rule"]
    )


def media_type_of_file(file_name: str) -> str:
    name = _IOS_COUNTER.sub("", file_name.strip()).upper()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for media_type, prefixes, _ in _rules():
        if name.startswith(prefixes) or any("-" + prefix in name for prefix in prefixes):
            return media_type
    for media_type, _, extensions in _rules():
        if extension in extensions:
            return media_type
    return "other"
