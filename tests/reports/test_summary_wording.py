"""The summary sentences read as Dutch: "Er was 1 melding.", never "Er waren 1 melding."."""

from __future__ import annotations

import pytest

from reports.summary import summary_sentences


@pytest.mark.parametrize(("count", "sentence"), [(1, "Er was 1 melding."), (4, "Er waren 4 meldingen.")])
def test_a_month_without_comparison_counts_its_incidents_in_correct_dutch(count: int, sentence: str) -> None:
    sentences = summary_sentences({"incidents": count}, None, method="SAAR", private=False, rule_names={})
    assert sentence in sentences


def _member_sentence(now: dict, before: dict) -> str:
    sentences = summary_sentences(now, before, method="SAAR", private=False, rule_names={})
    return next(s for s in sentences if s.startswith("Het aantal leden"))


def test_the_member_change_adds_up_with_members_an_admin_removed() -> None:
    """176 + 41 - 1 is not 212: the 4 members a beheerder removed are named, so the sentence adds up."""
    now = {"members_end": 212, "joins": 41, "leaves": 1, "removals": 4}
    sentence = _member_sentence(now, {"members_end": 176})
    assert sentence == (
        "Het aantal leden steeg van 176 naar 212 (41 nieuw, 1 vertrokken, 4 verwijderd door een beheerder)."
    )


def test_without_removals_the_member_change_names_joins_and_leaves_only() -> None:
    now = {"members_end": 64, "joins": 12, "leaves": 0, "removals": 0}
    sentence = _member_sentence(now, {"members_end": 52})
    assert sentence == "Het aantal leden steeg van 52 naar 64 (12 nieuw, 0 vertrokken)."
