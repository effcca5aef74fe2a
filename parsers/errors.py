"""The one error a coordinator sees when a file cannot be read, in Dutch and English."""

from __future__ import annotations


class ParseError(ValueError):
    """Input that is not a (readable) WhatsApp export.

    The dashboard shows ``message_nl``; logs and developers read ``message_en``; ``line`` points at
    the 1-based line the problem is on, when there is one.
    """

    def __init__(self, message_nl: str, message_en: str, line: int | None = None) -> None:
        self.message_nl = message_nl
        self.message_en = message_en
        self.line = line
        where = f" (regel {line} / line {line})" if line is not None else ""
        super().__init__(f"{message_nl}{where} / {message_en}")
