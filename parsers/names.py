"""Person and group names as people recognise them, whatever marks WhatsApp wrapped them in."""

from __future__ import annotations

import re
from pathlib import PurePath

from parsers.languages import all_languages

_PHONE = re.compile(r"\+?[\d\s().\-]{6,}")
_NOT_PHONE_CHARS = re.compile(r"[^\d+]+")
_EXTENSIONS = (".txt", ".zip")


def normalise_name(raw: str) -> str:
    """ "~\u202fBryan" -> "Bryan"; "+31\u00a06\u00a012345678" -> "+31 6 12345678"; spaces collapsed."""
    name = raw.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if name.startswith("~"):
        name = name[1:]
    name = " ".join(name.split())
    if _PHONE.fullmatch(name) and any(c.isdigit() for c in name):
        name = " ".join(_NOT_PHONE_CHARS.sub(" ", name).split())
    return name


def group_from_file_name(file_name: str | None) -> str | None:
    """The group name WhatsApp put in the export's file name, if it did."""
    if not file_name:
        return None
    stem = PurePath(file_name).name
    while stem.lower().endswith(_EXTENSIONS):
        stem = stem[:-4]
    prefixes = sorted(
        {prefix for language in all_languages() for prefix in language.chat_file_prefixes},
        key=len,
        reverse=True,
    )
    for prefix in prefixes:
        if stem.lower().startswith(prefix.lower()) and len(stem) > len(prefix):
            return " ".join(stem[len(prefix) :].split())
    return None


def language_from_file_name(file_name: str | None) -> str | None:
    """The UI language a file name was written in ("WhatsApp-chat met ..." is Dutch)."""
    if not file_name:
        return None
    stem = PurePath(file_name).name.lower()
    for language in all_languages():
        if any(stem.startswith(p.lower()) for p in language.chat_file_prefixes if p != "WhatsApp Chat - "):
            return language.code
    return None


def useful_stem(file_name: str | None) -> str | None:
    """The file name without extensions, unless it is WhatsApp's generic "_chat"."""
    if not file_name:
        return None
    stem = PurePath(file_name).name
    while stem.lower().endswith(_EXTENSIONS):
        stem = stem[:-4]
    return stem.strip() if stem.strip() and stem.strip().lower() not in {"_chat", "chat"} else None
