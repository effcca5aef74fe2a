"""Per-group analyses put together into one, so that many groups can be analysed one at a time.

A municipality reviews about a hundred groups of 40,000 messages; ``analyse`` on all of them at once holds
every intermediate of four million messages. The command line therefore analyses each group alone
(``analysis.stream``) and puts the results together here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.model import Analysis

#: The tables of `Analysis` besides the messages and the coverage: each one is sorted by group first.
GROUP_TABLES: tuple[str, ...] = (
    "incidents",
    "members",
    "months",
    "signal_hours",
    "offtopic_leavers",
    "group_sizes",
)


def combine_analyses(parts: Sequence[Analysis]) -> Analysis:
    """One `Analysis` from analyses of disjoint groups, equal to ``analyse`` of all their chats at once.

    ``parts`` come in the order of their groups' first appearance in the exports (the order in which
    ``parsers.merge_exports`` puts the groups in one chat). Why this is exact:

    - ``analyse`` judges every group alone: the tagger reads each text alone with its group's profile, the
      incidents are cut per group (records sorted by group and time, the group's own quiet gap and type
      classifier), incident ids are "<group>#<day>#<n>" with n counted within the group and day, the second
      look (``analysis.context.refine``) works within one group's chat, and every table counts per group.
    - Its messages keep the chat's order and a fresh 0..n-1 index: the groups' messages one after the other,
      so they are concatenated in ``parts``' order with a new index.
    - Every other table (incidents, members, months, signal hours, off-topic leavers, group sizes and
      coverage) is sorted by group first and, within a group, in an order that only depends on that group's
      records; a stable sort by group of the concatenated tables gives the same rows in the same order.
    - Columns keep their dtypes: text is "string", the categoricals (kind, event, media type) have fixed
      categories, and empty tables are left out of the concatenation so they cannot change a dtype.

    ``tests/analysis/test_combine.py`` holds this against ``analyse`` on the sample exports and on
    generated groups. The one thing not guaranteed bit for bit is float32 rounding in the context model's
    matrix product, which BLAS may order differently for a different number of rows; a label would only
    change for a probability within a rounding error of its threshold.
    """
    if not parts:
        raise ValueError("combine_analyses needs at least one analysis")
    if len(parts) == 1:
        return parts[0]
    messages = _concat([part.messages for part in parts], sort=False)
    tables = {name: _concat([getattr(part, name) for part in parts], sort=True) for name in GROUP_TABLES}
    coverage = None
    if all(part.coverage is not None for part in parts):
        coverage = _concat([part.coverage for part in parts], sort=True)  # type: ignore[misc]
    return Analysis(messages=messages, coverage=coverage, **tables)


def _concat(frames: list[pd.DataFrame], *, sort: bool) -> pd.DataFrame:
    """The frames one after the other with a new index; stable-sorted by group when ``sort``."""
    filled = [frame for frame in frames if len(frame)]
    if not filled:
        return frames[0].reset_index(drop=True)
    combined = pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0].reset_index(drop=True)
    if sort and len(filled) > 1:
        combined = combined.sort_values("group", kind="stable").reset_index(drop=True)
    return combined
