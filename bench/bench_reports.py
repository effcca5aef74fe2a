"""Benchmark of the reports: both reports for 10 groups of 40,000 messages each (target: 30 s).

    python -m bench.bench_reports            # 10 groups x 40,000 messages, busy density
    python -m bench.bench_reports --groups 2 --messages 5000   # a quick run
    python -m bench.bench_reports --density quiet              # 1% incident messages

Realistic exports come from ``exportgen.realistic`` (one seed per group; their distinct-text share and
incident share are printed), are parsed and analysed first (timed, but not part of the target); then
the Maandrapport of the last full month and the Effectiviteitsrapport over all months are built and
written as HTML, PDF and Excel in memory.
The PDF time includes starting the one kaleido/Chromium server of the process. Also measured:
anonymising the text of 40,000 messages (target: well under 1 s). Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

if TYPE_CHECKING:
    from exportgen.realistic import RealisticExport

T = TypeVar("T")
TARGET_SECONDS = 30.0
DENSITY = "busy"  # share of member messages in incident threads (exportgen.realistic.DENSITIES)


def group_exports(groups: int, messages: int, density: str | float = DENSITY) -> list[RealisticExport]:
    """The exports this benchmark reads: one per group, android-nl, seeds 0, 1, ..."""
    from exportgen.realistic import generate

    return [generate(messages, "android-nl", seed=seed, density=density) for seed in range(groups)]


def timed(label: str, action: Callable[[], T], figures: dict[str, float]) -> T:
    started = time.perf_counter()
    result = action()
    figures[label] = time.perf_counter() - started
    print(f"{label:<44} {figures[label]:7.2f} s", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    from analysis import analyse
    from analysis.anonymise import Pseudonymiser
    from exportgen.realistic import export_shares
    from parsers import read_chat
    from reports import effectiveness_report, month_report, to_html, to_pdf, to_xlsx
    from reports.pdf import stop_chart_server

    parser = argparse.ArgumentParser(prog="python -m bench.bench_reports")
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--density", default=DENSITY, help="quiet, moderate, busy or a share (default busy)")
    args = parser.parse_args([] if argv is None else argv)  # `python -m bench` calls main() with no argv
    figures: dict[str, float] = {}
    shares = []

    def build_chat() -> pd.DataFrame:
        chats = []
        for seed, export in enumerate(group_exports(args.groups, args.messages, args.density)):
            chat = read_chat(
                export.text.encode("utf-8"),
                group=f"Buurtpreventie Synthetisch {seed + 1:02d}",
                name="WhatsApp-chat met synthetisch.txt",
            )
            shares.append(export_shares(chat, export.incident))
            chats.append(chat)
        return pd.concat(chats, ignore_index=True)

    chat = timed(f"generate + parse {args.groups} x {args.messages:,} messages", build_chat, figures)
    print(f"exports (density {args.density}): {sum(shares[1:], shares[0]).summary()}")
    analysis = timed("analyse (all groups)", lambda: analyse(chat), figures)
    months = sorted(set(analysis.months["month"]))
    last_full = months[-2] if len(months) > 1 else months[-1]
    print(
        f"{len(analysis.messages):,} records, {len(analysis.incidents):,} incidents, "
        f"months {months[0]}..{months[-1]}"
    )

    one_group = analysis.messages.loc[
        analysis.messages["group"] == analysis.messages["group"].iloc[0], "text"
    ]
    pseudonymiser = timed(
        "pseudonymiser from the whole analysis", lambda: Pseudonymiser.from_analysis(analysis), figures
    )
    timed(
        f"anonymise text of {len(one_group):,} messages",
        lambda: pseudonymiser.anonymise_text(one_group),
        figures,
    )

    started = time.perf_counter()
    month = timed(f"month_report {last_full}", lambda: month_report(analysis, last_full), figures)
    timed("  to_html", lambda: to_html(month), figures)
    timed("  to_pdf (incl. kaleido start)", lambda: to_pdf(month), figures)
    timed("  to_xlsx", lambda: to_xlsx(month), figures)
    effect = timed(
        f"effectiveness_report {months[0]}..{months[-1]}",
        lambda: effectiveness_report(analysis, months[0], months[-1]),
        figures,
    )
    timed("  to_html", lambda: to_html(effect), figures)
    timed("  to_pdf", lambda: to_pdf(effect), figures)
    timed("  to_xlsx", lambda: to_xlsx(effect), figures)
    total = time.perf_counter() - started
    stop_chart_server()
    verdict = "OK" if total <= TARGET_SECONDS else "TOO SLOW"
    print(f"{'both reports, all formats':<44} {total:7.2f} s  (target {TARGET_SECONDS:.0f} s: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
