"""A group's rule profile: which house rules apply, the member cap, the quiet gap and the emergency numbers.

Groups set their own rules (the plan allows it), so the rules are configuration in a small TOML
file, with the plan's rules (Bijlage 1) as the default in ``data/profiles/default.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from analysis.model import VIOLATIONS

METHODS = ("SAAR", "SAFAR")


class ProfileError(ValueError):
    """A profile that cannot be used. ``code`` (one of ``CODES``) and ``params`` say what is wrong; the
    dashboard and the command line word it in Dutch (``presentation/errors.toml``). ``str()`` is English,
    for developers and logs."""

    family = "profile"  # the table of presentation/errors.toml that words the codes

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


CODES = (
    "method",
    "rules",
    "member_cap",
    "quiet_gap",
    "emergency_numbers",
    "unknown_keys",
    "wrong_type",
    "not_toml",
)


def _default_values() -> dict[str, Any]:
    """The shipped default profile's values: the one place the plan's rules are written down."""
    text = resources.files("analysis").joinpath("data/profiles/default.toml").read_text(encoding="utf-8")
    return {k: tuple(v) if isinstance(v, list) else v for k, v in tomllib.loads(text).items()}


_DEFAULTS = _default_values()


@dataclass(frozen=True)
class Profile:
    """A group's rules; every field left out takes the value of ``data/profiles/default.toml``."""

    name: str = _DEFAULTS["name"]
    method: str = _DEFAULTS["method"]
    emergency_numbers: tuple[str, ...] = _DEFAULTS["emergency_numbers"]
    member_cap: int = _DEFAULTS["member_cap"]
    quiet_gap_minutes: int = _DEFAULTS["quiet_gap_minutes"]
    allow_thanks: bool = _DEFAULTS["allow_thanks"]
    allow_emoji_only: bool = _DEFAULTS["allow_emoji_only"]
    allow_lost_pets: bool = _DEFAULTS["allow_lost_pets"]
    rules: tuple[str, ...] = _DEFAULTS["rules"]

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            methods = ", ".join(METHODS)
            raise ProfileError(
                "method",
                f"method must be one of {methods}, not {self.method!r}",
                method=self.method,
                methods=methods,
            )
        unknown = sorted(set(self.rules) - set(VIOLATIONS))
        if unknown:
            names, known = ", ".join(unknown), ", ".join(VIOLATIONS)
            raise ProfileError(
                "rules", f"unknown rule codes: {names}; known: {known}", unknown=names, known=known
            )
        if self.member_cap < 1:
            raise ProfileError("member_cap", "member_cap must be at least 1")
        if self.quiet_gap_minutes < 1:
            raise ProfileError("quiet_gap", "quiet_gap_minutes must be at least 1")
        if not self.emergency_numbers:
            raise ProfileError("emergency_numbers", "emergency_numbers needs at least one number")

    def checks(self, rule: str) -> bool:
        """Whether this group counts violations of ``rule``."""
        return rule in self.rules

    def to_toml(self) -> str:
        """The profile as TOML text, for downloading and editing."""
        return tomli_w.dumps(asdict(self))


def profile_from_mapping(values: dict[str, Any], base: Profile | None = None) -> Profile:
    """Build a profile from parsed TOML; keys not given keep the value of ``base`` (default profile)."""
    base = base or default_profile()
    known = {f.name for f in fields(Profile)}
    unknown = sorted(set(values) - known)
    if unknown:
        names, known_names = ", ".join(unknown), ", ".join(sorted(known))
        raise ProfileError(
            "unknown_keys", f"unknown keys: {names}; known: {known_names}", unknown=names, known=known_names
        )
    cleaned = {k: tuple(str(x) for x in v) if isinstance(v, list) else v for k, v in values.items()}
    try:
        return replace(base, **cleaned)
    except TypeError as exc:  # a value of the wrong type
        raise ProfileError("wrong_type", str(exc)) from exc


def load_profile(source: str | Path | bytes | None = None) -> Profile:
    """Read a profile from a TOML file path or TOML bytes/text; ``None`` gives the default profile."""
    if source is None:
        return default_profile()
    if isinstance(source, Path) or (isinstance(source, str) and source.endswith(".toml")):
        text = Path(source).read_text(encoding="utf-8")
    elif isinstance(source, bytes):
        text = source.decode("utf-8")
    else:
        text = source
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError("not_toml", f"not a valid TOML profile: {exc}", reason=str(exc)) from exc
    return profile_from_mapping(values)


@cache
def default_profile() -> Profile:
    """The plan's rules from the shipped data file (a Profile is immutable, so one is shared)."""
    return Profile()
