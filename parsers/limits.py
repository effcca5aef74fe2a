"""Every limit the parser puts on its input, in one place (``docs/parser.md``, "Limits", explains them).

A real export is small: WhatsApp exports at most 40,000 messages without media (10,000 with media),
a few MB of text even for a very active group. The limits sit far above that, so a genuine export
never meets them, while a zip bomb, a huge file or a pile of nonsense is refused or summarised in
bounded time and memory.
"""

from __future__ import annotations

_MB = 1024 * 1024

#: Largest plain chat text (a .txt, or any input that is not a zip). Above the 66 MB synthetic
#: export of a million messages the speed benchmark reads; the dashboard caps uploads at 50 MB anyway.
MAX_CHAT_BYTES = 200 * _MB

#: Largest chat text taken out of a zip, all chats of the zip together, counted while inflating.
#: A 500 KB zip can hold 8.6 million messages; this keeps a zip's text to the size of the largest
#: plain upload the dashboard accepts (50 MB, about 700,000 messages).
MAX_UNZIPPED_CHAT_BYTES = 50 * _MB

#: Files a zip's directory may list. An export with media has at most 10,000 media files.
MAX_ZIP_MEMBERS = 20_000

#: Size of a zip's central directory (about 120 bytes per file in a real export). Bounds the work of
#: reading the directory even when its file count lies.
MAX_ZIP_DIRECTORY_BYTES = 4 * _MB

#: Zips inside the export zip that are opened: one (some tools zip the export zip again).
MAX_ZIP_DEPTH = 1

#: Largest zip inside a zip, read into memory to be opened.
MAX_NESTED_ZIP_BYTES = 100 * _MB

#: Chats read from one zip (people zip a year of monthly exports together); the rest is noted.
MAX_CHATS_PER_ZIP = 25

#: Bytes inflated per read while taking a chat out of a zip.
UNZIP_CHUNK_BYTES = 1 * _MB

#: Line-numbered notes of one kind of line kept as text (impossible date, pasted message, another
#: layout); the rest of that kind goes into one note that lists all their line numbers and their count,
#: so every such line is still named while a hostile file cannot produce a note per line.
MAX_NOTES_PER_KIND = 20

#: A message body holds another export (other header layout) when at least this many of its lines
#: are headers of that layout ...
FOREIGN_MIN_HEADERS = 5
#: ... making up at least this share of the lines from the first of them to the end of the body ...
FOREIGN_MIN_SHARE = 0.3
#: ... of which at least this share carries a "Name: " (a list of dated agenda lines does not).
FOREIGN_MIN_AUTHORED = 0.5

#: Header layouts read in one file (an export pasted after another, and another after that).
MAX_LAYOUTS_PER_FILE = 4
