"""Where the store lives: one file in a per-user data folder, created on first use.

The folder follows the XDG base-directory rule that platformdirs applies on Linux
(``$XDG_DATA_HOME/saar-monitor``, else ``~/.local/share/saar-monitor``); on Windows ``%APPDATA%`` and on
macOS ``~/Library/Application Support``. ``SAAR_MONITOR_DATA_DIR`` chooses another folder, and every
function that opens the store takes a path that wins over both.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Final

APP_FOLDER: Final = "saar-monitor"
FILE_NAME: Final = "saar-monitor.sqlite"
ENV_FOLDER: Final = "SAAR_MONITOR_DATA_DIR"


def data_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder the store is kept in (not created here)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_FOLDER):
        return Path(env[ENV_FOLDER]).expanduser()
    if sys.platform == "win32" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / APP_FOLDER
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_FOLDER
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / APP_FOLDER


def store_path(path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The store file: ``path`` when given (a folder gets the default file name), else the default."""
    if path is None:
        return data_folder(environ) / FILE_NAME
    chosen = Path(path).expanduser()
    return chosen / FILE_NAME if chosen.is_dir() else chosen
