"""Errors in Dutch: code that raises an error gives a code and parameters (``StoreError``, ``ProfileError``);
the wording lives in ``errors.toml``, for the dashboard and the command line alike."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def _errors() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files("presentation").joinpath("errors.toml").read_text(encoding="utf-8"))


def codes(family: str) -> set[str]:
    """Every code of one family ("store", "profile") that has a Dutch wording."""
    return set(_errors()[family])


def error_text(family: str, code: str, **params: object) -> str:
    """The Dutch sentence for an error's code, its ``{placeholders}`` filled from ``params``."""
    return _errors()[family][code].format(**params)
