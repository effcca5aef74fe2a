"""The rules' reading of one sentence, for the wording-family tests (tests/analysis/test_*_wordings.py).

The rules are checked alone (``tag_texts`` without models): they are what the trained models build on.
"""

from __future__ import annotations

from analysis.model import LABELS
from analysis.tagger import tag_texts


def rule_tags(text: str) -> tuple[set[str], set[str]]:
    """The SAAR steps and the violations the rules give ``text`` on its own."""
    row = tag_texts([text]).iloc[0]
    return {name for name in LABELS if row[name]}, set(row["violations"])
