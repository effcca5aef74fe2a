"""What both reports say about the store (issue 14): how much was corrected by hand in their period, also in
the months that come from the month history (their messages left the export).

Only an analysis with the store's corrections applied (``store.apply_store``) has the ``corrected`` columns;
without them the reports say nothing about corrections, as before.
"""

from __future__ import annotations

import pandas as pd

from analysis.corrected import correction_counts
from analysis.model import CORRECTED_COLUMN
from reports.formatting import small
from reports.texts import text


def corrections_sentence(
    messages: pd.DataFrame, *, private: bool = False, kept: pd.DataFrame | None = None
) -> str | None:
    """The sentence on hand corrections of ``messages`` (the report's groups and period) and of the months
    ``kept`` from the store's history (their month rows count them); None when the analysis was not
    corrected at all. ``private`` shows counts of 1 or 2 as "<3"."""
    if CORRECTED_COLUMN not in messages:
        return None
    counts = correction_counts(messages)
    labels, changed = int(counts["corrected_labels"].sum()), int(counts["corrected_messages"].sum())
    if kept is not None and "corrected_labels" in kept:
        labels += int(kept["corrected_labels"].sum())
        changed += int(kept["corrected_messages"].sum())
    if not changed:
        return text("corrections", "none")
    show = small if private else (lambda value: value)
    return text("corrections", "done", labels=show(labels), messages=show(changed))


def with_sentence(notice: str, sentence: str | None) -> str:
    return notice if sentence is None else f"{notice} {sentence}"
