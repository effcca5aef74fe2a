"""A near miss is no report: "bijna over gevallen" on a loose paving stone opened an incident in the sample
Stationsbuurt (September 2026), so the 112 page showed 2 reports without 112 where the chat has 1."""

from __future__ import annotations

from analysis.tagger import tag_texts


def test_a_near_fall_on_a_paving_stone_is_no_report() -> None:
    text = (
        "er ligt al weken een losse stoeptegel voor Spoorlaan 41, mijn vrouw is er bijna over gevallen "
        "met haar rollator. waar moet je dat melden"
    )
    assert not tag_texts([text]).iloc[0]["signal"]


def test_a_fall_that_happened_is_still_a_report() -> None:
    text = "Mevrouw Hofman van Spoorlaan 23 ligt in haar voortuin, is gevallen en kan niet opstaan."
    assert tag_texts([text]).iloc[0]["signal"]
