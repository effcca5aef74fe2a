"""Handing our parse to whatstk, so its own analyses (response matrix, interventions) run on it."""

from __future__ import annotations

import pandas as pd


def to_whatstk(frame: pd.DataFrame):  # -> whatstk.WhatsAppChat (imported lazily: optional for the app)
    """The member records (everything but system events) as a ``whatstk.WhatsAppChat``.

    whatstk expects the columns date, username and message. Media keep their caption as message
    ("" without one), deleted messages "" and polls/locations their text, as in our frame.
    """
    from whatstk import WhatsAppChat

    members = frame[frame["kind"] != "system"]
    table = pd.DataFrame(
        {
            "date": members["timestamp"].to_numpy(),
            "username": members["author"].astype(object).to_numpy(),
            "message": members["text"].astype(object).to_numpy(),
        }
    )
    return WhatsAppChat(table)
