"""Per-message facts that several review tables need, computed once per analysis.

Members, months and bursts all ask "is this a member message, of which group, author and month,
with which violations"; answering that once with numpy keeps `analyse` fast on a million messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.model import VIOLATIONS


@dataclass(frozen=True)
class MessageFacts:
    """Arrays aligned with the rows of the analysed messages."""

    writer: np.ndarray  # bool: a member message (not a system line) with an author and a time
    group: np.ndarray  # object: group name
    author: np.ndarray  # object: author name ("" when missing)
    month: np.ndarray  # datetime64[M]: calendar month of the record (NaT when the time is missing)
    violation_count: np.ndarray  # int64: number of violation codes of the message
    code: dict[str, np.ndarray]  # violation code -> bool per message


def is_writer(messages: pd.DataFrame) -> np.ndarray:
    """Which records are member messages: not a system line, with an author and a time."""
    kind = messages["kind"].astype("string")
    timed = messages["timestamp"].notna().to_numpy(bool)
    return ((kind != "system") & messages["author"].notna()).fillna(False).to_numpy(bool) & timed


def message_facts(messages: pd.DataFrame) -> MessageFacts:
    """Compute the facts for every row of ``messages`` (parsed chat + tagger columns)."""
    writer = is_writer(messages)
    violations = messages["violations"].to_numpy(object)
    count = np.fromiter(map(len, violations), dtype=np.int64, count=len(violations))
    code = {name: np.zeros(len(violations), dtype=bool) for name in VIOLATIONS}
    for row in np.flatnonzero(count).tolist():
        for name in violations[row]:
            if name in code:
                code[name][row] = True
    return MessageFacts(
        writer=writer,
        group=messages["group"].astype("string").fillna("").to_numpy(object),
        author=messages["author"].astype("string").fillna("").to_numpy(object),
        month=messages["timestamp"].to_numpy("datetime64[ns]").astype("datetime64[M]"),
        violation_count=count,
        code=code,
    )


def month_text(months: np.ndarray) -> np.ndarray:
    """datetime64[M] values as "YYYY-MM" strings."""
    return np.datetime_as_string(months.astype("datetime64[M]"), unit="M").astype(object)
