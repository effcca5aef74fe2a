"""The hand-written scrubber against deduce on the same Dutch neighbourhood-watch sentences.

    python -m bench.compare_scrubbers            # the table of figures
    python -m bench.compare_scrubbers --details  # and each sentence as every scrubber leaves it
    python -m bench.compare_scrubbers --no-corpus  # the fixed sentences only (a few seconds less)

Not part of ``python -m bench`` (its name does not start with ``bench_``): deduce is no dependency of
the project. Install it by hand (``pip install deduce``) to measure it; without it only the hand
scrubber is measured. The results and the decision are in docs/privacy-scrubber.md.

Every sentence lists its personal data (``personal``: a member's name, a neighbour's name, a house
number, a phone number, a plate, a postcode ...) and the words the reports rely on (``keep``: 112,
0900-8844, "politie", times, dates, suspect descriptions, ordinary words that look like names). A
*leak* is a personal item still in the output; a *false hit* is a keep item no longer in it (both
matched as whole words, case-sensitive: "Bas" the member is not "bas" the instrument). Ordinary
sentences keep themselves whole, so any change to them is a false hit.

The sentences were written for this comparison and include the gaps the hand scrubber was just
fixed for, so they favour it. A second measure uses the labelled corpus (``sample_exports/corpus``:
31 chats, about 6,500 messages, by 13 writers), written before and without regard to either
scrubber: there *names left* counts the first names and surnames of the chat's own members (two
letters or more, no particles) still written with a capital as a whole word. That is approximate
both ways: a capitalised "Dan" or "Jong" opening a sentence is counted though it is a word, and names
of people who are no member are not counted at all. *False hits* there are lost occurrences of 112
(not as a house number), 0900-8844, "politie" (not in "politie.nl" or a link), times ("22:40",
"22.40"), dates ("06-12-2024") and "loos alarm" (the usual closing words). The corpus has no labels
for other personal data.

Scrubbers:
- ``hand``: ``Pseudonymiser(members).anonymise_text``, what the reports use (member names, then the
  patterns of ``analysis/data/anonymise.toml``); the members are ``MEMBERS`` for the sentences
  and the chat's own members for the corpus;
- ``hand, patterns only``: ``scrub_text`` without member names, for reference;
- ``deduce``: ``Deduce().deidentify`` with all its annotators (it was made for Dutch medical text);
- ``deduce, no dates/ages``: the same without its date and age annotators, which remove what the
  reports need;
- ``hand + deduce names``: the hand scrubber, then deduce's name annotators only (for the names of
  people who are no member).

Times are per 1,000 messages (the sentences repeated, best of three; the corpus's first 1,000
messages, once); the hand scrubber processes them as one column, as the reports do, deduce one
message at a time (it has no batch call). Loading
deduce's lookup lists is reported apart. Deduce runs with every socket call replaced by one that
fails, so a network access would show as an error and in the "network" column.
"""

from __future__ import annotations

import argparse
import logging
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import yaml

from analysis.anonymise import Pseudonymiser, scrub_text
from samples.corpus import load_corpus

#: Members of two groups: a Tom and a Bas in each, a two-letter first name, a shared surname.
MEMBERS = (
    "Henk de Vries", "Karin Bos", "Mo Amrani", "Tom Bakker", "Bas Jansen", "Fatima El Amrani",
    "Tom Visser", "Bas de Groot", "Anouk Meijer", "Piet Jansen",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    text: str
    personal: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


def _ordinary(text: str) -> Case:
    """A sentence without personal data: any change to it is a false hit."""
    return Case(text, keep=(text,))


CASES: tuple[Case, ...] = (
    # the gaps of issue 9 item 11
    Case("Verdachte man bij Kerkstraat 14 - 112 gebeld om 22:40", ("Kerkstraat 14",), ("112", "22:40")),
    Case("Hij staat nu bij Kerkstraat nr 14, politie is onderweg", ("nr 14",), ("politie",)),
    Case("Vannacht is er ingebroken bij nummer 8", ("nummer 8",)),
    Case("nr 5 heeft de achterdeur open laten staan", ("nr 5",)),
    Case("Bel Henk op 06 - 12 34 56 78 als je iets ziet", ("Henk", "12 34 56 78")),
    Case("Donkere auto, kenteken GX 123 B, richting de snelweg", ("GX 123 B",)),
    Case("Kenteken 12-ABC-3, 112 gebeld", ("12-ABC-3",), ("112",)),
    Case("Witte bus GX-123-B staat al een uur voor de deur", ("GX-123-B",)),
    Case("Politie gebeld via 112, kenteken begint met 45-KL", ("45-KL",), ("Politie", "112")),
    Case("Pakketje voor 1234 ab bij de buren afgegeven", ("1234 ab",)),
    Case("Ik woon op 3512ab, kom maar langs", ("3512ab",)),
    Case("Mo kijkt bij de schuur, Tom belt 112", ("Mo", "Tom"), ("112",)),
    Case("Bas is weg, de bas van de buren staat hard", ("Bas",), ("bas",)),
    Case("Tom, kun jij bij Piet kijken? Hij woont op Dorpsstraat 3", ("Tom", "Piet", "Dorpsstraat 3")),
    # names, addresses, numbers the scrubber already handled
    Case("Anouk en Karin lopen vanavond een rondje", ("Anouk", "Karin")),
    Case("Meneer Jansen van nr 12 heeft camera's", ("Jansen", "nr 12"), ("camera's",)),
    Case("Henk de Vries woont op Merelstraat 4a", ("Henk de Vries", "Merelstraat 4a")),
    Case("Fatima zag de man bij Laan van Nieuw Oost-Indië 12", ("Fatima", "Laan van Nieuw Oost-Indië 12")),
    Case("mail karin@example.nl of bel 020-1234567", ("karin@example.nl", "020-1234567")),
    Case("@31612345678 kijk even naar je camera", ("31612345678",)),
    Case("Locatie: https://maps.google.com/?q=52.0907,5.1214", ("52.0907,5.1214",)),
    Case("Postcode 1234 AB, Merelstraat", ("1234 AB",)),
    # people who are no member (the pseudonymiser knows only members)
    Case("De zoon van Ria was het, loos alarm", ("Ria",), ("loos alarm",)),
    Case("Wijkagent Sander Koopmans komt dinsdag langs", ("Sander Koopmans",), ("Wijkagent", "dinsdag")),
    # the figures and words the reports rely on
    Case("0900-8844 gebeld, politie komt morgen langs", keep=("0900-8844", "politie")),
    Case("Politie is er om 22:40, 112 gebeld", keep=("Politie", "22:40", "112")),
    Case("Brand bij de buren! 112 gebeld", keep=("Brand", "112")),
    Case(
        "Welk nummer moet ik bellen, 112 of 0900-8844?",
        keep=("Welk nummer moet ik bellen", "112", "0900-8844"),
    ),
    Case("Op 06-12-2024 om 22.40 uur een man in de tuin gezien", keep=("06-12-2024", "22.40")),
    Case("Jongen van een jaar of 16 op een scooter, ongeveer 1.80", keep=("16", "1.80")),
    Case("Auto reed richting Utrecht, 0900-8844 gebeld", keep=("Utrecht", "0900-8844")),
    _ordinary("Wil iemand even kijken? Ben er zo"),
    _ordinary("Max 5 minuten, 2 agenten en 3 auto's"),
    _ordinary("Vergadering 20 januari om 19:30 in het buurthuis"),
    _ordinary("Om 22:40 liep er iemand door de tuinen"),
    _ordinary("De politie zegt: bij twijfel altijd 112 bellen"),
    _ordinary("Rustige nacht, niets te melden"),
    _ordinary("bus nummer 8 rijdt vannacht niet, het nr is onbekend"),
    _ordinary("In 2024 is het rustig gebleven"),
    _ordinary("Loos alarm, was de glazenwasser"),
)

#: What the corpus measure counts as lost when it disappears (the figures and words the reports use).
FIGURES: dict[str, re.Pattern[str]] = {
    # not as a house number ("Kerkstraat 112" is an address, removing it is right)
    "112": re.compile(
        r"(?<![\w-])(?<!straat )(?<!laan )(?<!weg )(?<!plein )(?<!kade )(?<!gracht )(?<!dijk )(?<!hof )"
        r"(?<!pad )(?<!singel )(?<!nr )(?<!nummer )112(?!\w)"
    ),
    "0900-8844": re.compile(r"(?<!\w)0900[ -]?8844(?!\w)"),
    "politie": re.compile(r"(?<![\w./-])[Pp]olitie(?![\w-]|\.\w)"),  # not in "politie.nl" or a link
    "times": re.compile(r"(?<![\w:.])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\w:])"),
    "dates": re.compile(r"(?<![\w-])\d{1,2}-\d{1,2}-\d{4}(?!\w)"),
    "loos alarm": re.compile(r"(?<!\w)[Ll]oos alarm(?!\w)"),
}
#: Name particles and titles that are no name alone.
_PARTICLES = frozenset("de van der den het ter ten te la le el al op in 't".split())

#: A scrubber for a set of members: one text in, one text out; and all texts at once.
Scrub = tuple[Callable[[str], str], Callable[[list[str]], list[str]]]


def hand(members: tuple[str, ...]) -> Scrub:
    pseudonymiser = Pseudonymiser(members)
    return pseudonymiser.anonymise_str, lambda texts: pseudonymiser.anonymise_text(
        pd.Series(texts, dtype="string")
    ).tolist()


def patterns_only(members: tuple[str, ...]) -> Scrub:
    return scrub_text, lambda texts: [scrub_text(t) for t in texts]


def _one_by_one(one: Callable[[str], str]) -> Scrub:
    return one, lambda texts: [one(t) for t in texts]


@contextmanager
def _no_network() -> Iterator[list[str]]:
    """Every socket connection and name lookup fails and is recorded while the block runs."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            attempts.append(what)
            raise OSError(f"network access blocked by the benchmark ({what})")

        return call

    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)
    socket.socket.connect = refuse("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse("connect_ex")  # type: ignore[method-assign]
    socket.getaddrinfo = refuse("getaddrinfo")  # type: ignore[assignment]
    socket.create_connection = refuse("create_connection")  # type: ignore[assignment]
    try:
        yield attempts
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = saved


def _resident_mb() -> float:
    """Resident memory of this process (Linux), 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def scrubbers() -> tuple[dict[str, Callable[[tuple[str, ...]], Scrub]], float]:
    """Name -> scrubber factory (given the members), and the seconds deduce took to load (0 without it)."""
    found: dict[str, Callable[[tuple[str, ...]], Scrub]] = {
        "hand": hand,
        "hand, patterns only": patterns_only,
    }
    try:
        from deduce import Deduce
    except ImportError:
        print("deduce is not installed (pip install deduce): only the hand scrubber is measured\n")
        return found, 0.0
    logging.getLogger().setLevel(logging.WARNING)  # deduce logs its lookup-list build at INFO
    resident = _resident_mb()
    started = time.perf_counter()
    deduce = Deduce()
    load_s = time.perf_counter() - started
    print(f"deduce: lookup lists loaded in {load_s:.1f} s, {_resident_mb() - resident:.0f} MB more resident")
    not_names = {"locations", "institutions", "dates", "ages", "identifiers", "phone_numbers"}
    not_names |= {"email_addresses", "urls"}

    def everything(text: str) -> str:
        return deduce.deidentify(text).deidentified_text

    def no_dates(text: str) -> str:
        return deduce.deidentify(text, disabled={"dates", "ages"}).deidentified_text

    def combined(members: tuple[str, ...]) -> Scrub:
        pseudonymiser = Pseudonymiser(members)

        def one(text: str) -> str:
            return deduce.deidentify(pseudonymiser.anonymise_str(text), disabled=not_names).deidentified_text

        def batch(texts: list[str]) -> list[str]:
            done = pseudonymiser.anonymise_text(pd.Series(texts, dtype="string")).tolist()
            return [deduce.deidentify(t, disabled=not_names).deidentified_text for t in done]

        return one, batch

    found["deduce"] = lambda members: _one_by_one(everything)
    found["deduce, no dates/ages"] = lambda members: _one_by_one(no_dates)
    found["hand + deduce names"] = combined
    return found, load_s


def _present(item: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(item)}(?!\w)", text) is not None


def _best_seconds(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


@dataclass
class Result:
    name: str
    leaks: list[str]
    false_hits: list[str]
    ms_per_1000: float
    outputs: list[str]


def measure_sentences(factory: Callable[[tuple[str, ...]], Scrub], name: str) -> Result:
    one, batch = factory(MEMBERS)
    texts = [case.text for case in CASES]
    outputs = [one(t) for t in texts]
    thousand = [texts[i % len(texts)] for i in range(1000)]
    seconds = _best_seconds(lambda: batch(thousand), 3)
    leaks = [f"{p!r} (#{i + 1})" for i, c in enumerate(CASES) for p in c.personal if _present(p, outputs[i])]
    false_hits = [
        f"{k!r} (#{i + 1})" for i, c in enumerate(CASES) for k in c.keep if not _present(k, outputs[i])
    ]
    return Result(name, leaks, false_hits, seconds * 1000, outputs)


def corpus_chats() -> list[tuple[str, tuple[str, ...], list[str]]]:
    """(chat name, its members, its message texts) for every chat of the labelled corpus."""
    corpus = load_corpus()
    chats = []
    for path in corpus.chats(corpus.all_writers):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        records = [r for r in data.get("records", []) if isinstance(r, dict)]
        members = {str(r[k]) for r in records for k in ("author", "member", "actor") if r.get(k)}
        members.discard("You")
        if data.get("exporter"):
            members.add(str(data["exporter"]))
        texts = [r["text"] for r in records if isinstance(r.get("text"), str) and r.get("author")]
        chats.append((path.stem, tuple(sorted(members)), texts))
    return chats


def _name_parts(members: tuple[str, ...]) -> re.Pattern[str] | None:
    """Members' first names and surnames, as capitalised whole words."""
    parts = {t for m in members for t in (m.split()[0], m.split()[-1]) if len(m.split()) > 1}
    parts = {p for p in parts if len(p) >= 2 and p.isalpha() and p.lower() not in _PARTICLES}
    parts = {p[0].upper() + p[1:] for p in parts}
    if not parts:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(parts, key=len, reverse=True))) + r")(?!\w)"
    )


def measure_corpus(
    factory: Callable[[tuple[str, ...]], Scrub],
    name: str,
    chats: list[tuple[str, tuple[str, ...], list[str]]],
) -> tuple[str, int, int, dict[str, int], float]:
    """(name, name parts before, name parts left, figures lost per kind, ms per 1,000 messages)."""
    before = left = 0
    lost = dict.fromkeys(FIGURES, 0)
    timed_texts: list[str] = []
    seconds = 0.0
    for _, members, texts in chats:
        _, batch = factory(members)
        if len(timed_texts) < 1000:
            part = texts[: 1000 - len(timed_texts)]
            timed_texts += part
            seconds += _best_seconds(lambda part=part, batch=batch: batch(part), 1)
        outputs = batch(texts)
        names = _name_parts(members)
        for text, out in zip(texts, outputs, strict=True):
            if names is not None:
                before += len(names.findall(text))
                left += len(names.findall(out))
            for kind, pattern in FIGURES.items():
                lost[kind] += max(0, len(pattern.findall(text)) - len(pattern.findall(out)))
    return name, before, left, lost, seconds * 1000 / max(len(timed_texts), 1) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare_scrubbers")
    parser.add_argument("--details", action="store_true", help="every sentence as each scrubber leaves it")
    parser.add_argument("--no-corpus", action="store_true", help="skip the measure on the labelled corpus")
    args = parser.parse_args(argv)
    with _no_network() as attempts:
        factories, load_s = scrubbers()
        results = [measure_sentences(factory, name) for name, factory in factories.items()]
        chats = [] if args.no_corpus else corpus_chats()
        on_corpus = [measure_corpus(factory, name, chats) for name, factory in factories.items() if chats]
    personal = sum(len(c.personal) for c in CASES)
    keep = sum(len(c.keep) for c in CASES)
    print(f"Fixed sentences: {len(CASES)}, {personal} personal items, {keep} items to keep")
    if load_s:
        print(f"Network calls attempted while deduce loaded and ran: {len(attempts)}")
    print(f"\n{'scrubber':<24} {'leaks':>9} {'false hits':>11} {'ms / 1,000 msgs':>16}")
    print("-" * 63)
    for r in results:
        counts = f"{len(r.leaks):>3} / {personal:<3} {len(r.false_hits):>5} / {keep:<3}"
        print(f"{r.name:<24} {counts} {r.ms_per_1000:>16.1f}")
    for r in results:
        print(f"\n{r.name}\n  leaks:      {'; '.join(r.leaks) or 'none'}")
        print(f"  false hits: {'; '.join(r.false_hits) or 'none'}")
    if on_corpus:
        messages = sum(len(texts) for _, _, texts in chats)
        print(f"\nCorpus: {len(chats)} chats, {messages:,} messages")
        kinds = " ".join(f"{kind:>10}" for kind in FIGURES)
        print(f"\n{'scrubber':<24} {'names left':>14} {kinds} {'ms / 1,000':>11}")
        print("-" * (24 + 15 + 11 * len(FIGURES) + 12))
        for name, before, left, lost, ms in on_corpus:
            figures = " ".join(f"{lost[kind]:>10}" for kind in FIGURES)
            print(f"{name:<24} {left:>5} / {before:<6} {figures} {ms:>11.1f}")
        print(
            "(figure columns: occurrences lost; 'names left': members' capitalised name parts still in text)"
        )
    if args.details:
        for i, case in enumerate(CASES):
            print(f"\n#{i + 1} {case.text}")
            for r in results:
                print(f"  {r.name:<24} {r.outputs[i]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
