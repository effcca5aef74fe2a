"""How well the tagger agrees with the hand-labelled corpus, on writers it never saw.

The writers of ``sample_exports/corpus/writers.toml`` are split: the models are trained on a split's tune
writers only (``evaluation.train_model.fit_models``) and every chat of both sides is scored through the whole
pipeline: rendered in memory into its export, read back with ``parsers.read_chat``, analysed with
``analysis.analyse``, and compared with the hand labels label by label and incident by incident. The
measure writers' figures are the ones that count; their mistakes are never printed.

    python -m evaluation              every split: measure and tune figures (trains per split)
    python -m evaluation --errors     also every mistake on the primary split's tune writers
    python -m evaluation FILE.yaml    score chosen sources with the shipped models
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.model import LABELS, VIOLATIONS
from samples.corpus import align_source, parsed_source

CODES: tuple[str, ...] = (*LABELS, *VIOLATIONS)
MINUTE_TOLERANCE = 1.0


@dataclass
class Score:
    """Counts for one label or violation; precision/recall are 1.0 when there is nothing to find or claim."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class IncidentAgreement:
    hand: int = 0
    found: int = 0
    matched: int = 0
    time_to_112_agree: int = 0
    time_to_reaction_agree: int = 0
    with_112: int = 0  # matched incidents whose hand labels have a 112 confirmation
    with_112_right: int = 0  # ... of which the found time to the first 112 is within a minute

    def add(self, other: IncidentAgreement) -> None:
        for name in (
            "hand", "found", "matched", "time_to_112_agree", "time_to_reaction_agree",
            "with_112", "with_112_right",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def first_112_right(self) -> float:
        """Of the matched incidents with a hand 112 confirmation: the share timed right (±1 min)."""
        return self.with_112_right / self.with_112 if self.with_112 else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.hand if self.hand else 1.0

    @property
    def time_to_112(self) -> float:
        """Share of matched incidents whose minutes_to_112 agree within a minute (both missing agrees)."""
        return self.time_to_112_agree / self.matched if self.matched else 1.0

    @property
    def time_to_reaction(self) -> float:
        return self.time_to_reaction_agree / self.matched if self.matched else 1.0


@dataclass(frozen=True)
class Mistake:
    chat: str
    line: int
    author: str
    text: str
    hand: tuple[str, ...]
    tagged: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass
class ChatEvaluation:
    name: str
    export: str
    messages: int
    scores: dict[str, Score]
    incidents: IncidentAgreement
    mistakes: list[Mistake] = field(default_factory=list)
    unaligned: int = 0  # source records the parser's output could not be matched to


@dataclass
class EvaluationResult:
    chats: list[ChatEvaluation]

    @property
    def micro(self) -> dict[str, Score]:
        total = {code: Score() for code in CODES}
        for chat in self.chats:
            for code, score in chat.scores.items():
                total[code].add(score)
        return total

    @property
    def incidents(self) -> IncidentAgreement:
        total = IncidentAgreement()
        for chat in self.chats:
            total.add(chat.incidents)
        return total

    @property
    def messages(self) -> int:
        return sum(chat.messages for chat in self.chats)


def _minutes(later, earlier) -> float:
    if later is None or earlier is None:
        return math.nan
    return (pd.Timestamp(later) - pd.Timestamp(earlier)).total_seconds() / 60.0


def _agrees(a: float, b: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    return not (math.isnan(a) or math.isnan(b)) and abs(a - b) <= MINUTE_TOLERANCE


def _hand_incidents(labelled, aligned: dict[int, int]) -> dict[str, dict]:
    """Per hand incident: its parsed positions, and the minutes to the first alarm and reaction."""
    incidents: dict[str, dict] = {}
    for pos, item in enumerate(labelled):
        if item.incident is None:
            continue
        entry = incidents.setdefault(item.incident, {"positions": set(), "items": []})
        if pos in aligned:
            entry["positions"].add(aligned[pos])
        entry["items"].append(item)
    for entry in incidents.values():
        items = entry["items"]
        opening = next((i for i in items if "signal" in i.labels), items[0])
        alarm = next((i for i in items if "alarm" in i.labels), None)
        reaction = next((i for i in items if "reaction" in i.labels), None)
        entry["to_112"] = _minutes(alarm.record.at if alarm else None, opening.record.at)
        entry["to_reaction"] = _minutes(reaction.record.at if reaction else None, opening.record.at)
        if alarm is not None and entry["to_112"] < 0:
            entry["to_112"] = 0.0
    return incidents


def _incident_agreement(labelled, aligned: dict[int, int], analysis) -> IncidentAgreement:
    hand = _hand_incidents(labelled, aligned)
    ids = analysis.messages["incident"].astype("string")
    found: dict[str, set[int]] = {}
    for pos, value in enumerate(ids.tolist()):
        if value is not None and value is not pd.NA:
            found.setdefault(str(value), set()).add(pos)
    table = analysis.incidents.set_index("incident") if len(analysis.incidents) else None
    result = IncidentAgreement(hand=len(hand), found=len(found))
    # one-to-one matching, largest overlaps first
    overlaps = sorted(
        (
            (len(h["positions"] & f), hid, fid)
            for hid, h in hand.items()
            for fid, f in found.items()
            if h["positions"] & f
        ),
        reverse=True,
    )
    used_hand: set[str] = set()
    used_found: set[str] = set()
    for _, hid, fid in overlaps:
        if hid in used_hand or fid in used_found:
            continue
        used_hand.add(hid)
        used_found.add(fid)
        result.matched += 1
        if table is not None and fid in table.index:
            row = table.loc[fid]
            to_112 = float(row["minutes_to_112"]) if pd.notna(row["minutes_to_112"]) else math.nan
            to_reaction = (
                float(row["minutes_to_reaction"]) if pd.notna(row["minutes_to_reaction"]) else math.nan
            )
            result.time_to_112_agree += _agrees(hand[hid]["to_112"], to_112)
            result.time_to_reaction_agree += _agrees(hand[hid]["to_reaction"], to_reaction)
            if not math.isnan(hand[hid]["to_112"]):
                result.with_112 += 1
                result.with_112_right += _agrees(hand[hid]["to_112"], to_112)
    return result


SHIPPED = "shipped"  # evaluate with the model shipped in analysis/data/model/


def analyse_with(chat: pd.DataFrame, profile=None, model=SHIPPED):
    """``analysis.analyse`` with chosen trained models (``analysis.models``; None: the rules alone)."""
    from analysis import analyse

    return analyse(chat, profile, models=model)


def evaluate_source(path: Path | str, profile=None, model=SHIPPED) -> ChatEvaluation:
    """Render, parse, analyse and score one sample source."""
    from exportgen.chat import SystemEvent

    sample, export, chat = parsed_source(path)
    analysis = analyse_with(chat, profile, model)
    messages = analysis.messages.reset_index(drop=True)
    aligned = align_source(sample, messages)

    scores = {code: Score() for code in CODES}
    mistakes: list[Mistake] = []
    counted = 0
    unaligned = 0
    for pos, item in enumerate(sample.labelled):
        record = item.record
        if isinstance(record, SystemEvent) or record.deleted:
            continue
        if pos not in aligned:
            unaligned += 1
            continue
        row = messages.iloc[aligned[pos]]
        counted += 1
        hand = set(item.labels) | set(item.violations)
        tagged = {label for label in LABELS if bool(row[label])} | set(row["violations"] or ())
        for code in CODES:
            scores[code].tp += code in hand and code in tagged
            scores[code].fp += code not in hand and code in tagged
            scores[code].fn += code in hand and code not in tagged
        if hand != tagged:
            mistakes.append(
                Mistake(
                    chat=sample.path.stem,
                    line=int(row["line"]),
                    author=str(record.author),
                    text=str(record.text or record.location or (record.poll.question if record.poll else "")),
                    hand=tuple(c for c in CODES if c in hand),
                    tagged=tuple(c for c in CODES if c in tagged),
                    reasons=tuple(row["reasons"] or ()),
                )
            )
    return ChatEvaluation(
        name=sample.path.stem,
        export=export,
        messages=counted,
        scores=scores,
        incidents=_incident_agreement(sample.labelled, aligned, analysis),
        mistakes=mistakes,
        unaligned=unaligned,
    )


def evaluate(paths: Iterable[Path | str], profile=None, model=SHIPPED) -> EvaluationResult:
    """Score sample sources against their hand labels."""
    return EvaluationResult([evaluate_source(path, profile, model) for path in paths])


@dataclass
class SplitEvaluation:
    """One writer-disjoint split: the model trained on its tune writers, scored on both sides."""

    name: str
    tune_writers: tuple[str, ...]
    measure_writers: tuple[str, ...]
    tune: EvaluationResult
    measure: EvaluationResult


def evaluate_split(name: str = "primary", profile=None, progress=None) -> SplitEvaluation:
    """Train the models on the split's tune writers only and score tune and measure writers."""
    from evaluation.train_model import fit_models
    from samples.corpus import load_corpus

    corpus = load_corpus()
    split = corpus.splits[name]
    models = fit_models(corpus, split.tune, progress)
    return SplitEvaluation(
        name=name,
        tune_writers=split.tune,
        measure_writers=split.measure,
        tune=evaluate(corpus.chats(split.tune), profile, models),
        measure=evaluate(corpus.chats(split.measure), profile, models),
    )


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def format_table(result: EvaluationResult) -> str:
    """The figures as a Markdown table (pasted into docs/tagger.md)."""
    chats = result.chats
    micro = result.micro
    lines = [
        f"{result.messages} member messages in {len(chats)} chats "
        "(full pipeline: render -> read_chat -> analyse)",
        "",
        _row("code", "support", "precision", "recall", "F1", *(f"F1 {c.name}" for c in chats)),
        "|---|---:|---:|---:|---:|" + "---:|" * len(chats),
    ]
    for code in CODES:
        s = micro[code]
        per_chat = [
            f"{c.scores[code].f1:.2f}" if c.scores[code].support or c.scores[code].fp else "-" for c in chats
        ]
        lines.append(_row(code, s.support, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", *per_chat))
    lines += [
        "",
        _row(
            "incidents",
            "hand",
            "found",
            "matched",
            "precision",
            "recall",
            "first 112 right (±1 min)",
            "time to reaction agrees",
        ),  # fmt: skip
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, i in [("all chats", result.incidents), *((c.name, c.incidents) for c in chats)]:
        lines.append(
            _row(
                name,
                i.hand,
                i.found,
                i.matched,
                f"{i.precision:.2f}",
                f"{i.recall:.2f}",
                f"{i.first_112_right:.2f} ({i.with_112_right}/{i.with_112})",
                f"{i.time_to_reaction:.2f}",
            )  # fmt: skip
        )
    unaligned = sum(c.unaligned for c in chats)
    if unaligned:
        lines.append(
            f"\n{unaligned} source messages could not be matched to a parsed row (parser difference)."
        )
    return "\n".join(lines)


def format_mistakes(result: EvaluationResult) -> str:
    out = []
    for chat in result.chats:
        for m in chat.mistakes:
            out.append(f"{m.chat}:{m.line} {m.author}: {m.text!r}")
            out.append(f"    hand:   {', '.join(m.hand) or '-'}")
            out.append(f"    tagger: {', '.join(m.tagged) or '-'}")
            for reason in m.reasons:
                out.append(f"      {reason}")
    return "\n".join(out)


def format_summary(rows: list[tuple[str, EvaluationResult]]) -> str:
    """One line per set of chats: F1 per code, incident precision/recall and first-112 agreement."""
    lines = [
        _row("chats", "messages", *CODES, "incident P", "incident R", "first 112"),
        "|---|---:|" + "---:|" * (len(CODES) + 3),
    ]
    for name, result in rows:
        micro = result.micro
        scores = [f"{micro[c].f1:.2f}" if micro[c].support or micro[c].fp else "-" for c in CODES]
        i = result.incidents
        lines.append(_row(name, result.messages, *scores, f"{i.precision:.2f}", f"{i.recall:.2f}",
                          f"{i.first_112_right:.2f}"))  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--errors", action="store_true", help="list every misclassified message of the tune writers"
    )
    parser.add_argument(
        "--split", default="primary", help="which split of sample_exports/corpus/writers.toml"
    )
    parser.add_argument(
        "sources", nargs="*", type=Path, help="score only these sources, with the shipped model"
    )
    args = parser.parse_args(argv)
    if args.sources:
        result = evaluate(args.sources)
        if args.errors:
            from samples.corpus import load_corpus

            corpus = load_corpus()
            measured = {path.resolve() for path in corpus.chats(corpus.splits["primary"].measure)}
            unseen = [path for path in args.sources if path.resolve() in measured]
            if unseen:
                print(f"not listing the mistakes of measure writers' chats: {', '.join(map(str, unseen))}")
                return 2
            print(format_mistakes(result) + "\n")
        print(format_table(result))
        return 0
    from samples.corpus import load_corpus

    corpus = load_corpus()
    names = [args.split] + [name for name in corpus.splits if name != args.split]
    summary: list[tuple[str, EvaluationResult]] = []
    for k, name in enumerate(names):
        split = evaluate_split(name)
        if k == 0:
            if args.errors:
                # Only the tune writers' errors: reading the measure writers' would make them tune writers.
                print(format_mistakes(split.tune) + "\n")
            print(
                f"## Split {name}: measure writers {', '.join(split.measure_writers)} "
                f"(never read, never trained on: the figures that count)\n"
            )
            print(format_table(split.measure))
            print(
                f"\n## Split {name}: tune writers {', '.join(split.tune_writers)} "
                "(rules developed and model trained on them: optimistic)\n"
            )
            print(format_table(split.tune))
        summary += [(f"{name}: measure {'+'.join(split.measure_writers)}", split.measure),
                    (f"{name}: tune {'+'.join(split.tune_writers)}", split.tune)]  # fmt: skip
    print("\n## All splits (F1; incidents matched by shared messages)\n")
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
