"""The one call the dashboard and the command line make: an analysis with the store's corrections applied
and its complete months kept in the history."""

from __future__ import annotations

from analysis.corrected import apply_corrections
from analysis.corrections_apply import NOT_IN_EXPORT
from analysis.metrics import ProfileChoice, groups_of
from analysis.model import Analysis
from store.store import Store


def apply_store(
    analysis: Analysis, store: Store, profile: ProfileChoice = None, *, keep_months: bool = True
) -> Analysis:
    """``analysis`` (from ``analysis.analyse``, without corrections) with the corrections of its groups
    applied: every table and figure follows, and corrected messages are marked (``corrected``,
    ``corrected_labels``; ``analysis.corrected.correction_counts`` sums them per month). Corrections whose
    message is not in this export stay stored and do nothing. With ``keep_months`` the corrected
    analysis' complete months are saved in the history.

    ``profile`` must be the one ``analyse`` had (it bounds incidents started by hand by its quiet gap).
    """
    groups = groups_of(analysis.messages)
    corrections = store.corrections(groups)
    rows: list[int] = []
    if corrections:
        keys = store.message_keys(analysis.messages)
        position = {key: row for row, key in enumerate(keys.tolist())}
        rows = [position.get(c.message, NOT_IN_EXPORT) for c in corrections]
    result = apply_corrections(analysis, corrections, rows, profile)
    if keep_months:
        store.save_months(result)
    return result
