"""Errors in Dutch: code that raises an error gives a code and parameters (``ParseError``, ``StoreError``,
``ProfileError``, ``ReportError``, ``CliError``); the wording lives in ``errors.toml``, for the dashboard, the
command line and the reports alike."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from importlib import resources
from numbers import Integral
from typing import TYPE_CHECKING, Protocol

from presentation.formatting import dutch_number

if TYPE_CHECKING:
    from parsers import ParsedExport


class CodedError(Protocol):
    family: str  # the table of errors.toml that words its codes
    code: str
    params: dict[str, object]


@cache
def _errors() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files("presentation").joinpath("errors.toml").read_text(encoding="utf-8"))


def codes(family: str) -> set[str]:
    """Every code of one family ("parse", "store", "profile", "report", "cli") that has a Dutch wording."""
    return set(_errors()[family])


def error_text(family: str, code: str, **params: object) -> str:
    """The Dutch sentence for an error's code, its ``{placeholders}`` filled from ``params``: whole numbers
    the Dutch way (20.000), lists joined with commas ("geen" when empty)."""
    return _errors()[family][code].format(**{name: _dutch(value) for name, value in params.items()})


def describe(error: CodedError) -> str:
    """The Dutch sentence for an error that carries its family, code and parameters."""
    return error_text(error.family, error.code, **error.params)


def unread_notes(export: ParsedExport) -> tuple[str, ...]:
    """A note for each chat of a zip that could not be read beside the ones that could."""
    wording = _errors()["parse_notes"]["unread_chat"]
    return tuple(wording.format(member=member, reason=describe(error)) for member, error in export.unread)


class WordedError(Exception):
    """An error of a layer that may word itself (the reports, the command line): ``code`` (one of the
    class's ``CODES``) and ``params`` say what; ``str()`` is the Dutch sentence of ``errors.toml``."""

    family = ""
    CODES: tuple[str, ...] = ()

    def __init__(self, code: str, **params: object) -> None:
        if code not in self.CODES:
            raise ValueError(f"unknown {self.family} error code {code!r}")
        self.code = code
        self.params = params
        super().__init__(error_text(self.family, code, **params))


def _dutch(value: object) -> object:
    if isinstance(value, Integral) and not isinstance(value, bool):
        return dutch_number(int(value), 0)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(map(str, value)) or _errors()["words"]["none"]
    return value
