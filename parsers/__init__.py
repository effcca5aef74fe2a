"""Reading WhatsApp chat exports (.txt/.zip; Android/iOS; Dutch, English, German) into one DataFrame.

The shape of that DataFrame is fixed in ``parsers.schema``; ``docs/parser.md`` explains it in plain words.
"""

from parsers.errors import ParseError
from parsers.interop import to_whatstk
from parsers.merge import ReadFailure, ReadResult, merge_exports, read_chats, read_exports
from parsers.reader import ExportFormat, ParsedExport, read_chat, read_export

__all__ = [
    "ExportFormat",
    "ParseError",
    "ParsedExport",
    "ReadFailure",
    "ReadResult",
    "merge_exports",
    "read_chat",
    "read_chats",
    "read_export",
    "read_exports",
    "to_whatstk",
]
