"""The one error a coordinator sees when a file cannot be read: a code and its parameters.

The parser says *what* went wrong; the interfaces say it to people. The Dutch wording of every code lives in
``presentation/errors.toml`` (``[parse]``, filled in by ``presentation.errors.describe``); the English here is
for logs, the audit tool and developers.
"""

from __future__ import annotations

from typing import Final

#: Every code a ParseError can carry, with its English wording ({placeholders} come from the parameters).
CODES: Final[dict[str, str]] = {
    "empty": "The file is empty.",
    "unreadable": "Cannot read file: {name} ({reason}).",
    "too_big": "The chat text is larger than {size}; that is not a normal WhatsApp export "
    "(a few MB at most). Choose the export's .txt or .zip file.",
    "binary": "This is not a text file (binary data). Choose the .txt or .zip file of the export.",
    "not_utf16": "The file is not valid UTF-16 text.",
    "no_chat_in_zip": "The zip file holds no chat (no _chat.txt or 'WhatsApp Chat with ...'.txt). "
    "Choose the zip file WhatsApp made with 'Export chat'.",
    "zip_password": "The zip file is protected with a password. Unpack it yourself and choose the .txt file.",
    "zip_method": "The zip file uses a compression method that is not read here (only deflate and stored, "
    "as WhatsApp writes). Unpack it yourself and choose the .txt file.",
    "zip_damaged": "The zip file is damaged and cannot be extracted. Export the chat again, "
    "or unpack the zip file yourself and choose the .txt file.",
    "unzipped_too_big": "The chat file is larger than {size} once unpacked. A WhatsApp export is a few MB at "
    "most, so this is no normal export (or a zip bomb). Export the chat again, without media.",
    "nested_too_big": "The zip file inside the zip file is larger than {size} once unpacked. "
    "Unpack it yourself and choose the export's .zip or .txt file.",
    "zip_too_many_files": "The zip file lists more than {count:,} files; a WhatsApp export holds at most "
    "about 10,000. Export the chat again, without media.",
    "no_headers": "This does not look like a WhatsApp export: no line starts with a date and time "
    "as WhatsApp writes them.",
    "no_dates": "This does not look like a WhatsApp export: the dates in the line headers do not exist.",
    "refused": "Refused before reading: {reason}",
}


class ParseError(ValueError):
    """Input that is not a (readable) WhatsApp export.

    ``code`` (one of ``CODES``) and ``params`` say what is wrong; ``line`` points at the 1-based line the
    problem is on, when there is one. The dashboard and the command line show the Dutch wording
    (``presentation.errors.describe``); ``str()`` and ``message_en`` are English.
    """

    family = "parse"  # the table of presentation/errors.toml that words the codes

    def __init__(self, code: str, *, line: int | None = None, **params: object) -> None:
        if code not in CODES:
            raise ValueError(f"unknown parse error code {code!r}")
        self.code = code
        self.params = params
        self.line = line
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"{code}: {self.message_en}{where}")

    @property
    def message_en(self) -> str:
        return CODES[self.code].format(**self.params)

    def __reduce__(self):  # pickled with its code and parameters (the default would pass str() back in)
        return _restore, (self.code, self.line, self.params)


def _restore(code: str, line: int | None, params: dict[str, object]) -> ParseError:
    return ParseError(code, line=line, **params)
