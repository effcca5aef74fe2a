"""The summary sentences read as Dutch: "Er was 1 melding.", never "Er waren 1 melding."."""

from __future__ import annotations

import pytest

from analysis.reports.summary import summary_sentences


@pytest.mark.parametrize(("count", "sentence"), [(1, "Er was 1 melding."), (4, "Er waren 4 meldingen.")])
def test_a_month_without_comparison_counts_its_incidents_in_correct_dutch(count: int, sentence: str) -> None:
    sentences = summary_sentences({"incidents": count}, None, method="SAAR", private=False, rule_names={})
    assert sentence in sentences
