"""What a coordinator sees when something breaks: a Dutch message that says what to do, never a traceback.

Streamlit's own error box (even with ``client.showErrorDetails = "none"``) is English and says
nothing useful; a traceback shows server paths and can quote chat text. So app.py runs the loading
and every page inside `friendly_errors`: the traceback goes to the server's console (the terminal
that runs ``streamlit run``) and the page shows ``texts.toml``'s ``errors.*`` message instead.
``st.stop()``, ``st.rerun()`` and ``st.switch_page()`` are not errors (they are ``BaseException``s
that are not ``Exception``s) and pass through untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.texts import t

_LOG = logging.getLogger("saar_monitor")
T = TypeVar("T")


def friendly_errors(action: Callable[[], T], message_key: str) -> T | None:
    """``action()``; on any unexpected exception: log it on the server, show the Dutch message,
    return None."""
    try:
        return action()
    except Exception:
        _LOG.exception("Onverwachte fout in het dashboard (%s)", message_key)
        st.error(t(message_key), icon=":material/error:")
        return None
