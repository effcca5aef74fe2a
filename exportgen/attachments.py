"""File names WhatsApp gives media in a "with media" export, per platform.

Android: `IMG-20240105-WA0001.jpg`, `VID-…mp4`, `PTT-…opus`, `STK-…webp`, `DOC-…pdf`, `<name>.vcf`
(the WA number counts per day). iOS: `00000014-PHOTO-2024-01-05-21-16-01.jpg`, `-VIDEO-`, `-AUDIO-`,
`-STICKER-`, `-GIF-`, `00000017-<name>.pdf`, `00000042-<name>.vcf` (the number counts records).
A parser can only tell the media type from these names, so some types merge (an Android GIF is a
VID-….mp4); `reads_as` says what a careful parser can recover.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from exportgen.chat import Message, Record

_ANDROID: dict[str, tuple[str, str]] = {
    "image": ("IMG", "jpg"),
    "video": ("VID", "mp4"),
    "gif": ("VID", "mp4"),
    "audio": ("PTT", "opus"),
    "sticker": ("STK", "webp"),
    "document": ("DOC", "pdf"),
    "other": ("DOC", "bin"),
}
_IOS: dict[str, tuple[str, str]] = {
    "image": ("PHOTO", "jpg"),
    "video": ("VIDEO", "mp4"),
    "gif": ("GIF", "mp4"),
    "audio": ("AUDIO", "opus"),
    "sticker": ("STICKER", "webp"),
}

#: What the media type of an attachment reads back as from its file name.
ANDROID_READS_AS: dict[str, str] = {"gif": "video", "other": "document"}  # VID-….mp4, DOC-….bin
IOS_READS_AS: dict[str, str] = {}  # `00000017-Document.bin` stays "other"


def attachment_names(records: Sequence[Record], platform: str) -> dict[int, str]:
    """File name per record index, for every media record, as the given platform names them."""
    names: dict[int, str] = {}
    per_day: Counter[str] = Counter()
    for index, record in enumerate(records):
        if not isinstance(record, Message) or record.media is None:
            continue
        at = record.at
        if platform == "android":
            if record.media == "contact":
                names[index] = f"Contact {index + 1}.vcf"
                continue
            day = at.strftime("%Y%m%d")
            per_day[day] += 1
            prefix, ext = _ANDROID[record.media]
            names[index] = f"{prefix}-{day}-WA{per_day[day]:04d}.{ext}"
        else:
            seq = f"{index + 1:08d}"
            if record.media == "contact":
                names[index] = f"{seq}-Contact.vcf"
            elif record.media in ("document", "other"):
                names[index] = f"{seq}-Document.{'pdf' if record.media == 'document' else 'bin'}"
            else:
                kind, ext = _IOS[record.media]
                names[index] = f"{seq}-{kind}-{at.strftime('%Y-%m-%d-%H-%M-%S')}.{ext}"
    return names
