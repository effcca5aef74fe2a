"""SAAR-monitor analysis: from a parsed chat to the monthly review.

Public API: ``analyse(chat, profile=None) -> Analysis``, plus ``Analysis``, ``Profile`` and
``load_profile`` re-exported so callers need one import.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.model import Analysis
from analysis.profile import Profile, load_profile

__all__ = ["Analysis", "Profile", "analyse", "load_profile"]


def analyse(
    chat: pd.DataFrame, profile: Profile | Mapping[str, Profile] | None = None, *, models: object = "shipped"
) -> Analysis:
    """Tag every message, cut incidents and compute the review tables, per group.

    ``chat`` is what ``parsers.read_chat``/``read_chats`` return (one or several groups);
    ``profile`` is one profile for all groups, a mapping group -> profile (the default profile for
    groups not in it), or None for the default profile. ``models`` are the trained models beside
    the rules (``analysis.models``): the shipped ones by default, None for the rules alone; the
    evaluation passes models trained on other writers.
    """
    from functools import partial

    from analysis.context import refine
    from analysis.metrics import analyse_tagged, groups_of, resolve_profiles, tag_chat
    from analysis.models import shipped_models
    from analysis.tagger import classify_incident_type, tag_messages

    if not chat.index.is_unique:  # the tagger's rows are matched to the chat's by index
        chat = chat.reset_index(drop=True)
    chosen = shipped_models() if isinstance(models, str) else models
    profiles = resolve_profiles(groups_of(chat), profile)
    tagged = tag_chat(chat, profiles, partial(tag_messages, models=chosen))
    second_look = None
    if chosen is not None:
        second_look = partial(
            refine,
            model=chosen.context,
            general=chosen.general,
            inside_model=chosen.inside,
            profiles=profiles,
        )
    return analyse_tagged(tagged, profiles, classify_incident_type, refine=second_look)
