"""The hand-labelled corpus: which writer wrote which chat, and the writer-disjoint splits.

A tagger tuned on a writer's chats flatters itself on them; the figure that counts is the one on
writers it never saw. ``sample_exports/corpus/writers.toml`` records every chat's writer and the
splits (``tune`` writers for development and training, ``measure`` writers only ever scored), so
the evaluation and the model training can never mix them up by accident.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.model import LABELS, VIOLATIONS

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "sample_exports"
MANIFEST = SAMPLES_DIR / "corpus" / "writers.toml"
CODES: tuple[str, ...] = (*LABELS, *VIOLATIONS)


class CorpusError(ValueError):
    """The manifest names a missing chat, an unknown writer, or a writer on both sides of a split."""


@dataclass(frozen=True)
class Writer:
    id: str
    style: str
    labelled_by: str
    chats: tuple[Path, ...]


@dataclass(frozen=True)
class Split:
    name: str
    tune: tuple[str, ...]
    measure: tuple[str, ...]
    #: writers whose mistakes were read (so never measured) but whom the split's models are not trained on
    #: yet, e.g. while the shipped models are older than the rules (writers.toml says why)
    aside: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    writers: dict[str, Writer]
    splits: dict[str, Split]

    def chats(self, writer_ids: tuple[str, ...] | list[str]) -> list[Path]:
        return [path for w in writer_ids for path in self.writers[w].chats]

    def writer_of(self, path: Path) -> str:
        for writer in self.writers.values():
            if Path(path).resolve() in {p.resolve() for p in writer.chats}:
                return writer.id
        raise CorpusError(f"{path} is not in {MANIFEST.name}")

    @property
    def all_writers(self) -> tuple[str, ...]:
        return tuple(self.writers)


def load_corpus(manifest: Path = MANIFEST) -> Corpus:
    """Read and check the manifest."""
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    base = manifest.parent.parent
    writers = {}
    for wid, spec in data.get("writers", {}).items():
        chats = tuple(base / chat for chat in spec.get("chats", []))
        missing = [str(p) for p in chats if not p.is_file()]
        if missing:
            raise CorpusError(f"writer {wid}: missing chats {missing}")
        writers[wid] = Writer(wid, spec.get("style", ""), spec.get("labelled_by", ""), chats)
    splits = {}
    for name, spec in data.get("splits", {}).items():
        tune, measure = tuple(spec.get("tune", [])), tuple(spec.get("measure", []))
        aside = tuple(spec.get("aside", []))
        unknown = sorted(set(tune + measure + aside) - set(writers))
        if unknown:
            raise CorpusError(f"split {name}: unknown writers {unknown}")
        sides = (set(tune), set(measure), set(aside))
        twice = sorted((sides[0] & sides[1]) | (sides[0] & sides[2]) | (sides[1] & sides[2]))
        if twice:
            raise CorpusError(f"split {name}: writers on two sides {twice}")
        splits[name] = Split(name, tune, measure, aside)
    return Corpus(writers, splits)


@dataclass(frozen=True)
class TrainingSet:
    """Member messages with their hand labels: what the n-gram model learns from."""

    texts: list[str]
    targets: np.ndarray  # bool, messages x CODES
    writers: np.ndarray  # writer id of every message (object)
    chats: np.ndarray  # chat file stem of every message (object)


def training_set(
    corpus: Corpus, writer_ids: tuple[str, ...] | list[str], inside_only: bool = False
) -> TrainingSet:
    """Every labelled member message (text, caption, poll question) of the writers' chats; with
    ``inside_only``, only the messages inside a hand-labelled incident."""
    from exportgen.chat import SystemEvent
    from samples.source import load_source

    texts: list[str] = []
    rows: list[list[bool]] = []
    writers: list[str] = []
    chats: list[str] = []
    for wid in writer_ids:
        for path in corpus.writers[wid].chats:
            sample = load_source(path)
            for item in sample.labelled:
                record = item.record
                if isinstance(record, SystemEvent) or record.deleted or (inside_only and not item.incident):
                    continue
                text = record.poll.question if record.poll is not None else (record.text or "")
                codes = set(item.labels) | set(item.violations)
                texts.append(text)
                rows.append([code in codes for code in CODES])
                writers.append(wid)
                chats.append(path.stem)
    targets = np.array(rows, dtype=bool).reshape(len(rows), len(CODES))
    return TrainingSet(texts, targets, np.array(writers, dtype=object), np.array(chats, dtype=object))


# The labelled chats as the parser reads them, and each labelled record's row in the parsed chat: what
# the evaluation scores and the model training learns from.


def _key(author: object, text: object) -> str:
    return f"{author or ''}\x00{' '.join(str(text or '').split())}"


def _align(source_keys: Sequence[str], parsed_keys: Sequence[str]) -> dict[int, int]:
    """Source position -> parsed position, in order; positional when the two agree everywhere."""
    if list(source_keys) == list(parsed_keys):
        return {i: i for i in range(len(source_keys))}
    matcher = difflib.SequenceMatcher(a=list(source_keys), b=list(parsed_keys), autojunk=False)
    pairs: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    return pairs


def _pick_export(files: dict[str, bytes], sample) -> str:
    zips = [name for name in files if name.endswith(".zip")]
    return zips[0] if zips else sample.file_name


@lru_cache(maxsize=64)
def _parsed(path: str, _mtime: int):
    """A source, the export it renders to and the parsed chat (cached: threshold search re-scores often)."""
    from parsers import read_chat
    from samples.source import load_source, rendered_files

    sample = load_source(path)
    files = rendered_files(sample)
    export = _pick_export(files, sample)
    return sample, export, read_chat(files[export], name=export)


def align_source(sample, messages: pd.DataFrame) -> dict[int, int]:
    """Source record position -> row of ``messages`` (a parsed or analysed chat, reset index)."""
    from exportgen.chat import SystemEvent

    def record_key(item) -> str:
        record = item.record
        if isinstance(record, SystemEvent):
            return "\x01system"
        if record.poll is not None:
            return _key(record.author, record.poll.question)
        return _key(record.author, record.location or record.text)

    source_keys = [record_key(item) for item in sample.labelled]
    parsed_keys = [
        "\x01system"
        if kind == "system"
        else _key(author, (text or "").split("\n", 1)[0] if kind == "poll" else text)
        for kind, author, text in zip(
            messages["kind"].astype(str),
            messages["author"].astype(object),
            messages["text"].astype(object),
            strict=True,
        )
    ]
    # authors differ when the exporter is written "You"; align on text when needed
    aligned = _align(source_keys, parsed_keys)
    if len(aligned) < 0.9 * len(source_keys):
        aligned = _align(
            [k.split("\x00")[-1] for k in source_keys], [k.split("\x00")[-1] for k in parsed_keys]
        )
    return aligned


def parsed_source(path: Path | str):
    """(sample, export name, parsed chat) of a source; cached, the chat must not be changed."""
    return _parsed(str(Path(path).resolve()), Path(path).stat().st_mtime_ns)
