"""A coordinator's corrections of the analysis: what one correction says, independent of where it is kept.

A correction names its message by a key (``store.keys.message_keys``: a salted hash of group, time,
author and text), never by a row number, so it still finds its message in the next, overlapping export.
``analysis.corrected.apply_corrections`` applies a list of them; ``store`` keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from analysis.model import LABELS, VIOLATIONS

#: What a coordinator can do to a message (the dashboard's buttons), in the words the store keeps.
SET_LABELS: Final = "set_labels"  # set or remove SAAR labels and violations: ``labels`` code -> bool
MARK_112: Final = "mark_112"  # the message is a 112 confirmation (the alarm label, said in one click)
START_INCIDENT: Final = "start_incident"  # a new incident starts at the message
JOIN_PREVIOUS: Final = "join_previous"  # the message belongs to the incident before it
LEAVE_INCIDENT: Final = "leave_incident"  # the message is not part of its incident
NO_INCIDENT: Final = "no_incident"  # the message's incident is no incident at all
ACTIONS: Final[tuple[str, ...]] = (
    SET_LABELS,
    MARK_112,
    START_INCIDENT,
    JOIN_PREVIOUS,
    LEAVE_INCIDENT,
    NO_INCIDENT,
)
#: Codes a SET_LABELS correction may change: the SAAR labels and the house-rule violations.
CODES: Final[tuple[str, ...]] = (*LABELS, *VIOLATIONS)


class CorrectionError(ValueError):
    """A correction that cannot be made as asked (unknown action or code); ``code`` names the problem."""

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}")


@dataclass(frozen=True)
class Correction:
    """One correction as made: on which message, what, why, by whom and when.

    ``message`` is the message key; ``labels`` (SET_LABELS only) maps a label or violation code to
    whether the message has it. ``id`` orders corrections: later ones win.
    """

    group: str
    message: str
    action: str
    labels: Mapping[str, bool] = field(default_factory=dict)
    note: str = ""
    reviewer: str = ""
    at: datetime | None = None
    id: int = 0

    def __post_init__(self) -> None:
        check(self.action, self.labels)

    def changes(self) -> dict[str, bool]:
        """The label and violation codes this correction sets (empty for the incident actions)."""
        if self.action == MARK_112:
            return {"alarm": True}
        if self.action == SET_LABELS:
            return dict(self.labels)
        return {}


def check(action: str, labels: Mapping[str, bool]) -> None:
    """Refuse what no analysis could apply: an unknown action, unknown codes, labels on an incident action."""
    if action not in ACTIONS:
        raise CorrectionError("unknown_action", f"{action!r} is not one of {', '.join(ACTIONS)}")
    unknown = sorted(set(labels) - set(CODES))
    if unknown:
        raise CorrectionError("unknown_code", f"{', '.join(unknown)} not in {', '.join(CODES)}")
    if action == SET_LABELS and not labels:
        raise CorrectionError("nothing_to_set", "set_labels needs at least one code")
    if action != SET_LABELS and labels:
        raise CorrectionError("labels_not_allowed", f"{action} takes no labels")
