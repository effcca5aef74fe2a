"""Message keys: what identifies a message across exports, without keeping what it says or who wrote it.

A key is a keyed BLAKE2b hash (the store's own random salt as the key) of the group, the time as the
export writes it, the author, the text, and the occurrence number of that combination (a "ok" sent twice
in the same minute is two messages, as ``parsers.merge`` counts them). The next, overlapping export of the
same group gives the same records the same keys, so a correction finds its message again; without the
salt the key cannot be checked against a guessed name or text, and the salt never leaves the store except
in an export of the whole store.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

DIGEST_BYTES = 16
SEPARATOR = "\x1f"  # the ASCII unit separator: never part of a name or a message the parser reads


def message_keys(messages: pd.DataFrame, salt: str) -> np.ndarray:
    """One hex key per row of ``messages`` (the parsed or analysed chat), in row order."""
    n = len(messages)
    if n == 0:
        return np.zeros(0, dtype=object)
    group = messages["group"].astype("string").fillna("").to_numpy(object)
    author = messages["author"].astype("string").fillna("").to_numpy(object)
    text = messages["text"].astype("string").fillna("").to_numpy(object)
    times = messages["timestamp"]
    stamp = times.dt.strftime("%Y-%m-%dT%H:%M:%S").fillna("").to_numpy(object)
    frame = pd.DataFrame({"g": group, "t": stamp, "a": author, "x": text})
    order = np.argsort(times.to_numpy("datetime64[ns]"), kind="stable")  # occurrences in time order
    occurrence = np.empty(n, dtype=np.int64)
    occurrence[order] = frame.iloc[order].groupby(["g", "t", "a", "x"], sort=False).cumcount().to_numpy()
    key = bytes.fromhex(salt)
    out = np.empty(n, dtype=object)
    for row, parts in enumerate(zip(group, stamp, author, text, occurrence.tolist(), strict=True)):
        data = SEPARATOR.join(map(str, parts)).encode("utf-8", "surrogatepass")
        out[row] = hashlib.blake2b(data, key=key, digest_size=DIGEST_BYTES).hexdigest()
    return out
