"""Rule profiles: a group's own TOML file overrides the plan's rules key by key, and mistakes are named."""

from __future__ import annotations

import pytest

from analysis.model import VIOLATIONS
from analysis.profile import Profile, ProfileError, default_profile, load_profile, profile_from_mapping


def test_default_profile_is_the_plan() -> None:
    profile = load_profile()
    assert profile == default_profile()
    assert profile.emergency_numbers == ("112", "0900-8844")
    assert (profile.member_cap, profile.quiet_gap_minutes, profile.method) == (100, 60, "SAAR")
    assert not profile.allow_thanks and not profile.allow_emoji_only and not profile.allow_lost_pets
    assert profile.rules == VIOLATIONS


def test_a_belgian_group_overrides_only_what_it_sets() -> None:
    profile = load_profile('emergency_numbers = ["101"]\nmember_cap = 80\nallow_thanks = true\n')
    assert profile.emergency_numbers == ("101",)
    assert profile.member_cap == 80 and profile.allow_thanks
    assert profile.quiet_gap_minutes == 60 and profile.method == "SAAR"  # untouched: the plan's values


def test_profile_file_round_trips_through_toml(tmp_path) -> None:
    original = profile_from_mapping(
        {"method": "SAFAR", "rules": ["offtopic", "language"], "quiet_gap_minutes": 45}
    )
    path = tmp_path / "groep.toml"
    path.write_text(original.to_toml(), encoding="utf-8")
    assert load_profile(path) == original
    assert load_profile(path.read_bytes()) == original
    assert not original.checks("vigilante") and original.checks("language")


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('method = "SAAAR"', "method"),
        ('rules = ["offtopic", "gossip"]', "gossip"),
        ("member_cap = 0", "member_cap"),
        ("quiet_gap_minutes = 0", "quiet_gap_minutes"),
        ("emergency_numbers = []", "emergency_numbers"),
        ("colour = 'blue'", "colour"),
        ("member_cap = ", "TOML"),
    ],
)
def test_mistakes_are_refused_with_the_key_named(toml: str, named: str) -> None:
    with pytest.raises(ProfileError, match=named):
        load_profile(toml)


def test_profiles_are_immutable_values() -> None:
    with pytest.raises(AttributeError):
        default_profile().member_cap = 5  # type: ignore[misc]
    assert Profile() == profile_from_mapping({})


def test_the_data_file_is_the_only_source_of_the_defaults() -> None:
    """Profile() and the analysis use default.toml's values; the data file lists every field."""
    import tomllib
    from dataclasses import fields
    from importlib import resources

    text = resources.files("analysis").joinpath("data/profiles/default.toml").read_text(encoding="utf-8")
    shipped = tomllib.loads(text)
    assert {f.name for f in fields(Profile)} == set(shipped)
    for f in fields(Profile):
        value = getattr(Profile(), f.name)
        assert (list(value) if isinstance(value, tuple) else value) == shipped[f.name], f.name


@pytest.mark.parametrize(
    ("toml", "code", "dutch"),
    [
        ('method = "SAR"', "method", "de methode ‘SAR’; kies SAAR, SAFAR"),
        ('rules = ["offtopic", "vloeken"]', "rules", "onbekende regels: vloeken"),
        ("member_cap = 0", "member_cap", "minstens 1"),
        ("emergency_numbers = []", "emergency_numbers", "alarmnummer"),
        ("kleur = 3", "unknown_keys", "onbekende instellingen: kleur"),
        ("method = [", "not_toml", "geen geldig TOML-bestand"),
    ],
)
def test_a_refused_profile_gives_a_code_worded_in_dutch(toml: str, code: str, dutch: str) -> None:
    """The profile gives a code and its parameters; the Dutch sentence comes from presentation/errors.toml."""
    from presentation.errors import error_text

    with pytest.raises(ProfileError) as caught:
        load_profile(toml)
    assert caught.value.code == code
    assert dutch in error_text("profile", code, **caught.value.params)


def test_every_profile_error_code_has_its_dutch_wording() -> None:
    from analysis.profile import CODES
    from presentation.errors import codes

    assert codes("profile") == set(CODES)


def test_the_command_line_says_a_refused_profile_in_dutch(tmp_path, sample_paths, capsys) -> None:
    from cli import main

    profile = tmp_path / "regels.toml"
    profile.write_text("member_cap = 0\n", encoding="utf-8")
    out = str(tmp_path / "uit")
    code = main(["report", str(sample_paths[0]), "--profile", str(profile), "--out", out, "--quiet"])
    assert code == 2
    assert capsys.readouterr().err.strip().endswith(
        "fout: in het regelprofiel moet member_cap (het grootste aantal leden) minstens 1 zijn"
    )
