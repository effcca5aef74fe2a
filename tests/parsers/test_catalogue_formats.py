"""Every header layout the catalogue (`/work/shared/reference/whatsapp-export-formats.md`, §1a-1c) marks C
(confirmed), as a small export of 4-6 records: two members, a multi-line message, a system line where
the catalogue gives one, dates on both sides of day 12 where the layout has a day. Each must parse
exactly: number of records, authors, first and last timestamp (all written by hand). One case per
catalogue row; the id is the row's example header."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import parsers

NNBSP, NBSP, LRM, RLM = "\u202f", "\u00a0", "\u200e", "\u200f"


def case(example, text, authors, first, last, xfail=None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, authors, first, last, id=example, marks=marks)


#: "Mar 15" without a year is read as the latest Mar 15 that is not in the future (docs/parser.md).
_TODAY = date.today()
NO_YEAR = _TODAY.year if (3, 15) <= (_TODAY.month, _TODAY.day) else _TODAY.year - 1

CASES = [
    # 1a. Android ----------------------------------------------------------------------------------
    case(
        "02-05-2022 16:08 - Alice: Hoi, ik heb de chat gemaakt",
        "02-05-2022 16:08 - Alice heeft de groep Test export gemaakt\n"
        "02-05-2022 16:08 - Alice: Hoi, ik heb de chat gemaakt\n"
        "03-05-2022 16:09 - Bob: Hallo\ntweede regel\n"
        "15-05-2022 09:01 - Alice: Tot dan\n",
        ["Alice", "Alice", "Bob", "Alice"],
        "2022-05-02 16:08",
        "2022-05-15 09:01",
    ),
    case(
        "27-08-2020 11:17 - Jeroen Weda: <Media weggelaten>",
        "27-08-2020 11:15 - Anna: Kijk\nen dit\n"
        "27-08-2020 11:17 - Jeroen Weda: <Media weggelaten>\n"
        "01-09-2020 10:00 - Jeroen Weda: Mooi\n"
        "03-09-2020 08:00 - Anna heeft de groep verlaten\n",
        ["Anna", "Jeroen Weda", "Jeroen Weda", "Anna"],
        "2020-08-27 11:15",
        "2020-09-03 08:00",
    ),
    case(
        "5/2/22, 16:08 - Alice: …",
        '5/2/22, 16:08 - Alice created group "Test export"\n'
        "5/2/22, 16:08 - Alice: Hi\n"
        "5/2/22, 16:10 - Bob: Hello\nsecond line\n"
        "5/20/22, 7:05 - Alice: Bye\n",
        ["Alice", "Alice", "Bob", "Alice"],
        "2022-05-02 16:08",
        "2022-05-20 07:05",
    ),
    case(
        "06/04/2021, 21:38 - …",
        "06/04/2021, 21:38 - Messages and calls are end-to-end encrypted. No one outside of this chat, "
        "not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "06/04/2021, 21:38 - Priya: Hello\n"
        "06/04/2021, 21:40 - Raj: Hi\nhow are you\n"
        "23/04/2021, 08:15 - Priya: Fine\n",
        [None, "Priya", "Raj", "Priya"],
        "2021-04-06 21:38",
        "2021-04-23 08:15",
    ),
    case(
        "1/4/23, 7:02 PM - … (U+202F)",
        f"1/4/23, 7:02{NNBSP}PM - Alice: Hi\n"
        f"1/4/23, 7:03{NNBSP}PM - Bob: Hello\nline 2\n"
        f"1/15/23, 9:00{NNBSP}AM - Bob left\n"
        f"1/15/23, 12:30{NNBSP}PM - Alice: Bye\n",
        ["Alice", "Bob", "Bob", "Alice"],
        "2023-01-04 19:02",
        "2023-01-15 12:30",
    ),
    case(
        "09/10/2023, 11:11 am - … (U+202F)",
        f"09/10/2023, 11:11{NNBSP}am - Asha: Hi\n"
        f"09/10/2023, 12:14{NNBSP}pm - Ben: Hello\nmore\n"
        f"13/10/2023, 8:00{NNBSP}am - Ben joined using this group's invite link\n"
        f"25/10/2023, 1:05{NNBSP}pm - Asha: Bye\n",
        ["Asha", "Ben", "Ben", "Asha"],
        "2023-10-09 11:11",
        "2023-10-25 13:05",
    ),
    case(
        "2019-05-02, 11:23 a.m. - …",
        "2019-05-02, 11:23 a.m. - Ana: Hi\n"
        "2019-05-02, 11:25 a.m. - Bo: Hello\nline\n"
        "2019-05-20, 3:00 p.m. - Ana: Bye\n"
        "2019-05-20, 3:01 p.m. - Bo left\n",
        ["Ana", "Bo", "Ana", "Bo"],
        "2019-05-02 11:23",
        "2019-05-20 15:01",
    ),
    case(
        "13/10/2017, 12:12 a.m. - The Joker: …",
        "13/10/2017, 12:12 a.m. - The Joker: Why so serious?\n"
        "13/10/2017, 12:13 a.m. - Batman: No\nreally\n"
        "02/11/2017, 9:45 p.m. - The Joker: Ha\n",
        ["The Joker", "Batman", "The Joker"],
        "2017-10-13 00:12",
        "2017-11-02 21:45",
    ),
    case(
        "20/6/2017 8:28 p. m. - Michelle: test (NBSP)",
        f"20/6/2017 8:28 p.{NBSP}m. - Michelle: test\n"
        f"20/6/2017 8:30 p.{NBSP}m. - Juan: hola\nlínea\n"
        f"5/7/2017 9:05 a.{NBSP}m. - Michelle: adiós\n",
        ["Michelle", "Juan", "Michelle"],
        "2017-06-20 20:28",
        "2017-07-05 09:05",
    ),
    case(
        "28/3/2025, 9:29 p. m. - user1: …",
        "28/3/2025, 9:29 p. m. - user1: hola\n"
        "28/3/2025, 9:30 p. m. - user2: qué tal\nbien\n"
        "2/4/2025, 10:00 a. m. - user1: chao\n",
        ["user1", "user2", "user1"],
        "2025-03-28 21:29",
        "2025-04-02 10:00",
    ),
    case(
        "03/01/2021, 9:15 in the morning - …",
        "03/01/2021, 9:15 in the morning - Kim: Morning\n"
        "03/01/2021, 2:30 in the afternoon - Lee: Hi\nline\n"
        "15/01/2021, 11:45 at night - Kim: Night\n",
        ["Kim", "Lee", "Kim"],
        "2021-01-03 09:15",
        "2021-01-15 23:45",
    ),
    case(
        "28.05.21, 21:45 - MasterMind: …",
        "28.05.21, 21:45 - MasterMind: Hallo\n"
        "28.05.21, 21:46 - Peter: Servus\nzweite Zeile\n"
        "02.06.21, 07:00 - MasterMind: Morgen\n"
        "03.06.21, 08:00 - Peter hat die Gruppe verlassen\n",
        ["MasterMind", "Peter", "MasterMind", "Peter"],
        "2021-05-28 21:45",
        "2021-06-03 08:00",
    ),
    case(
        "23.03.22 13:31 - …",
        "23.03.22 13:31 - Jana: Ahoj\n"
        "23.03.22 13:32 - Petr: Čau\ndruhý řádek\n"
        "05.04.22 09:00 - Jana: Nashle\n",
        ["Jana", "Petr", "Jana"],
        "2022-03-23 13:31",
        "2022-04-05 09:00",
    ),
    case(
        "23.03.2022, 13:31 - …",
        "23.03.2022, 13:31 - Иван: Привет\n"
        "23.03.2022, 13:32 - Мария: Привет\nвторая строка\n"
        "05.04.2022, 09:00 - Иван: Пока\n",
        ["Иван", "Мария", "Иван"],
        "2022-03-23 13:31",
        "2022-04-05 09:00",
    ),
    case(
        "Mar 5, 8:11 PM - …",
        "Mar 5, 8:11 PM - Alice: Hi\nMar 5, 8:12 PM - Bob: Hello\nline\nMar 15, 9:00 AM - Alice: Bye\n",
        ["Alice", "Bob", "Alice"],
        f"{NO_YEAR}-03-05 20:11",  # the file has no year: see NO_YEAR
        f"{NO_YEAR}-03-15 09:00",
    ),
    case(
        "19:23, 28 Aug 2013 - Tanay Gahlot: Viresh joined",
        "19:20, 28 Aug 2013 - Tanay Gahlot: Hi\n19:21, 28 Aug 2013 - Viresh: Hello\nline\n"
        "19:23, 28 Aug 2013 - Tanay Gahlot: Viresh joined\n08:00, 2 Sep 2013 - Viresh: Bye\n",
        ["Tanay Gahlot", "Viresh", "Tanay Gahlot", "Viresh"],
        "2013-08-28 19:20",
        "2013-09-02 08:00",
    ),
    # 1b. iOS --------------------------------------------------------------------------------------
    case(
        "[02-05-2022 16:08:13] Dave: …",
        "[02-05-2022 16:08:13] Dave: Hoi\n"
        "[02-05-2022 16:09:00] Erik: Hallo\ntweede regel\n"
        "[14-05-2022 10:00:00] Dave: Doei\n",
        ["Dave", "Erik", "Dave"],
        "2022-05-02 16:08:13",
        "2022-05-14 10:00:00",
    ),
    case(
        "[13-01-2024, 18:47:25] Joost: …",
        f"[13-01-2024, 18:47:25] ~{NNBSP}Martine de Jong: {LRM}~{NNBSP}Martine de Jong heeft de groep "
        "Familiedag gemaakt\n"
        "[13-01-2024, 18:47:30] Joost: Hoi\n"
        f"[13-01-2024, 18:48:00] ~{NNBSP}Martine de Jong: Hallo\ntweede regel\n"
        "[02-02-2024, 09:00:00] Joost: Doei\n",
        ["Martine de Jong", "Joost", "Martine de Jong", "Joost"],
        "2024-01-13 18:47:25",
        "2024-02-02 09:00:00",
    ),
    case(
        "[16/03/2022, 15:10:17] …",
        "[16/03/2022, 15:10:17] Anne: Hi\n"
        "[16/03/2022, 15:11:00] Tom: Hello\nline\n"
        "[02/04/2022, 08:00:00] Anne: Bye\n",
        ["Anne", "Tom", "Anne"],
        "2022-03-16 15:10:17",
        "2022-04-02 08:00:00",
    ),
    case(
        "[3/18/22, 14:56:01] Elon Musk: …",
        f"[3/18/22, 14:56:01] Dmitry Starkov: Hello World\nsecond line\n"
        f"[3/27/22, 21:41:35] Elon Musk: {LRM}image omitted\n"
        "[4/2/22, 9:05:00] Dmitry Starkov: Hi\n"
        f"[1/7/23, 23:32:30] Elon Musk: {LRM}Your security code with Elon changed. {LRM}Tap to learn more.\n",
        ["Dmitry Starkov", "Elon Musk", "Dmitry Starkov", "Elon Musk"],
        "2022-03-18 14:56:01",
        "2023-01-07 23:32:30",
    ),
    case(
        "[7/11/2017, 8:20:41 PM] someone: …",
        "[7/11/2017, 8:20:41 PM] someone: hi\n"
        "[7/11/2017, 8:21:00 PM] other: hello\nline\n"
        "[7/25/2017, 9:00:00 AM] someone: bye\n",
        ["someone", "other", "someone"],
        "2017-07-11 20:20:41",
        "2017-07-25 09:00:00",
    ),
    case(
        "[14/10/2021, 3:34:09 PM] (U+202F)",
        f"[14/10/2021, 3:34:09{NNBSP}PM] Lin: hi\n"
        f"[14/10/2021, 3:35:00{NNBSP}PM] Wei: hello\nline\n"
        f"[02/11/2021, 10:00:00{NNBSP}AM] Lin: bye\n",
        ["Lin", "Wei", "Lin"],
        "2021-10-14 15:34:09",
        "2021-11-02 10:00:00",
    ),
    case(
        "[31/12/2019, 2:14:40 a.m.]",
        "[31/12/2019, 2:14:40 a.m.] Bryce: hi\n"
        "[31/12/2019, 2:15:00 a.m.] Sam: hello\nline\n"
        "[05/01/2020, 1:00:00 p.m.] Bryce: bye\n",
        ["Bryce", "Sam", "Bryce"],
        "2019-12-31 02:14:40",
        "2020-01-05 13:00:00",
    ),
    case(
        "[20.06.19, 15:58:47] … / [07.03.26, 21:22:39] …",
        f"[20.06.19, 15:58:47] Loris: {LRM}Loris created group “WhatsApp Chat Parser Example”\n"
        "[20.06.19, 15:58:50] Loris: Hi\n"
        "[20.06.19, 15:59:00] Emily: hello\nline\n"
        "[07.03.26, 21:22:39] Loris: later\n",
        ["Loris", "Loris", "Emily", "Loris"],
        "2019-06-20 15:58:47",
        "2026-03-07 21:22:39",
    ),
    case(
        "[14.08.2024, 21:00:10] My Group Name: …",
        "[14.08.2024, 21:00:10] Boris: Boris created group “My Group Name”\n"
        "[14.08.2024, 21:00:10] My Group Name: Boris added you\n"
        "[14.08.2024, 21:01:00] Boris: Hi\nline\n"
        "[02.09.2024, 08:00:00] Alice: Hey\n",
        ["Boris", "Boris", "Boris", "Alice"],
        "2024-08-14 21:00:10",
        "2024-09-02 08:00:00",
    ),
    case(
        "[2026/7/9 02:28:09] Alice: Hey",
        "[2026/7/9 02:28:09] Alice: Hey\n"
        "[2026/7/9 02:29:00] Bob: Hi there\nline\n"
        "[2026/7/15 10:00:00] Alice: Bye\n",
        ["Alice", "Bob", "Alice"],
        "2026-07-09 02:28:09",
        "2026-07-15 10:00:00",
    ),
    case(
        "[2026/7/9 02:28:09] Bob:Hi (no space after the colon)",
        "[2026/7/9 02:28:09] Alice: Hey\n[2026/7/9 02:29:00] Bob:Hi\nline\n[2026/7/15 10:00:00] Alice: Bye\n",
        ["Alice", "Bob", "Alice"],
        "2026-07-09 02:28:09",
        "2026-07-15 10:00:00",
    ),
    case(
        "[14:56:01, 3/18/22] Musk Elon: …",
        "[14:56:01, 3/18/22] Musk Elon: hi\n"
        "[14:57:00, 3/18/22] Starkov Dmitry: hello\nline\n"
        "[09:00:00, 4/2/22] Musk Elon: bye\n",
        ["Musk Elon", "Starkov Dmitry", "Musk Elon"],
        "2022-03-18 14:56:01",
        "2022-04-02 09:00:00",
    ),
    case(
        "[3/18/2565 BE, 14:56:01]",
        "[3/18/2565 BE, 14:56:01] Elon Musk: hi\n"
        "[3/27/2565 BE, 21:41:35] Dmitry Starkov: Hello World\nline\n"
        "[1/7/2566 BE, 23:32:30] Elon Musk: bye\n",
        ["Elon Musk", "Dmitry Starkov", "Elon Musk"],
        "2022-03-18 14:56:01",
        "2023-01-07 23:32:30",
    ),
    case(
        "[3/18/R4, 14:56:01]",
        "[3/18/R4, 14:56:01] Elon Musk: hi\n"
        "[3/27/R4, 21:41:35] Dmitry Starkov: Hello World\nline\n"
        "[1/7/R5, 23:32:30] Elon Musk: bye\n",
        ["Elon Musk", "Dmitry Starkov", "Elon Musk"],
        "2022-03-18 14:56:01",
        "2023-01-07 23:32:30",
    ),
    case(
        "[١٨‏/٣‏/٢٠٢٢، ٢:٥٦:٠٠ م]",
        f"[١٨{RLM}/٣{RLM}/٢٠٢٢، ٢:٥٦:٠٠{NBSP}م] أحمد: مرحبا\n"
        f"[١٨{RLM}/٣{RLM}/٢٠٢٢، ٢:٥٧:٠٠{NBSP}م] سارة: أهلا\nسطر\n"
        f"[٢{RLM}/٤{RLM}/٢٠٢٢، ٩:٠٠:٠٠{NBSP}ص] أحمد: وداعا\n",
        ["أحمد", "سارة", "أحمد"],
        "2022-03-18 14:56:00",
        "2022-04-02 09:00:00",
    ),
    # 1c. Legacy iOS -------------------------------------------------------------------------------
    case(
        "7/1/16, 4:56:55 PM: Sophia H. created this group",
        f"7/1/16, 4:56:55 PM: {LRM}Sophia H. created this group\n"
        "7/1/16, 5:13:36 PM: Sophia H.: So hier …\n"
        "7/1/16, 5:14:00 PM: Jan R.: Hallo\nzweite Zeile\n"
        "7/13/16, 9:00:00 AM: Sophia H.: Tschüss\n",
        ["Sophia H.", "Sophia H.", "Jan R.", "Sophia H."],
        "2016-07-01 16:56:55",
        "2016-07-13 09:00:00",
    ),
    case(
        "06.08.13, 19:55:10: Habi: 2013-08-06-PHOTO-00000006.jpg <attached>",
        "06.08.13, 19:55:10: Habi: 2013-08-06-PHOTO-00000006.jpg <attached>\n"
        "06.08.13, 19:56:00: Tom: Schön\nzweite Zeile\n"
        "20.08.13, 08:00:00: Habi: Ciao\n",
        ["Habi", "Tom", "Habi"],
        "2013-08-06 19:55:10",
        "2013-08-20 08:00:00",
    ),
    case(
        "09/12/2012 17:03:48: Sender Name: Message",
        "09/12/2012 17:03:48: Sender Name: Message\n"
        "09/12/2012 17:04:00: Other: Reply\nline\n"
        "21/12/2012 08:00:00: Sender Name: Bye\n",
        ["Sender Name", "Other", "Sender Name"],
        "2012-12-09 17:03:48",
        "2012-12-21 08:00:00",
    ),
    case(
        "3/24/14, 1:59:59 PM: …",
        "3/24/14, 1:59:59 PM: Ann: hi\n3/24/14, 2:00:00 PM: Ben: hello\nline\n4/2/14, 9:00:00 AM: Ann: bye\n",
        ["Ann", "Ben", "Ann"],
        "2014-03-24 13:59:59",
        "2014-04-02 09:00:00",
    ),
    case(
        "24/3/14, 13:59:59: …",
        "24/3/14, 13:59:59: Ann: hi\n24/3/14, 14:00:00: Ben: hello\nline\n2/4/14, 09:00:00: Ann: bye\n",
        ["Ann", "Ben", "Ann"],
        "2014-03-24 13:59:59",
        "2014-04-02 09:00:00",
    ),
]


@pytest.mark.parametrize(("text", "authors", "first", "last"), CASES)
def test_confirmed_layout_parses_exactly(text, authors, first, last):
    export = parsers.read_export(text.encode("utf-8"), name="WhatsApp Chat - Test.txt")
    frame = export.frame
    assert len(frame) == len(authors)
    assert [None if pd.isna(author) else author for author in frame["author"]] == authors
    assert frame["timestamp"].iloc[0] == pd.Timestamp(first)
    assert frame["timestamp"].iloc[-1] == pd.Timestamp(last)
    assert export.period == (pd.Timestamp(min(first, last)), pd.Timestamp(max(first, last)))
    assert frame["text"].str.contains("\n").sum() == 1  # the multi-line message stays one record
