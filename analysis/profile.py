"""A group's rule profile: which house rules apply, the member cap, the quiet gap and the emergency numbers.

Groups set their own rules (the plan allows it), so the rules are configuration in a small TOML
file, with the plan's rules (Bijlage 1) as the default in ``data/profiles/default.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from analysis.model import VIOLATIONS

METHODS = ("SAAR", "SAFAR")


class ProfileError(ValueError):
    """A profile file that cannot be used; the message says which key is wrong."""


@dataclass(frozen=True)
class Profile:
    name: str = "Standaard (plan Bijlage 1)"
    method: str = "SAAR"
    emergency_numbers: tuple[str, ...] = ("112", "0900-8844")
    member_cap: int = 100
    quiet_gap_minutes: int = 60
    allow_thanks: bool = False
    allow_emoji_only: bool = False
    allow_lost_pets: bool = False
    rules: tuple[str, ...] = field(default=VIOLATIONS)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ProfileError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        unknown = sorted(set(self.rules) - set(VIOLATIONS))
        if unknown:
            raise ProfileError(f"unknown rule codes: {', '.join(unknown)}; known: {', '.join(VIOLATIONS)}")
        if self.member_cap < 1:
            raise ProfileError("member_cap must be at least 1")
        if self.quiet_gap_minutes < 1:
            raise ProfileError("quiet_gap_minutes must be at least 1")
        if not self.emergency_numbers:
            raise ProfileError("emergency_numbers needs at least one number")

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
        raise ProfileError(f"unknown keys: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    cleaned = {k: tuple(str(x) for x in v) if isinstance(v, list) else v for k, v in values.items()}
    try:
        return replace(base, **cleaned)
    except TypeError as exc:  # a value of the wrong type
        raise ProfileError(str(exc)) from exc


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
        raise ProfileError(f"not a valid TOML profile: {exc}") from exc
    return profile_from_mapping(values)


@cache
def default_profile() -> Profile:
    """The plan's rules, read once from the shipped data file (a Profile is immutable, so it is shared)."""
    text = resources.files("analysis").joinpath("data/profiles/default.toml").read_text(encoding="utf-8")
    values = tomllib.loads(text)
    return replace(Profile(), **{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
