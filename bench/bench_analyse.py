"""Benchmark of `analysis.analyse` on realistic exports: 40,000 and 1,000,000 messages.

    python -m bench.bench_analyse                    # 40k and 1M, busy density (15% incident messages)
    python -m bench.bench_analyse --quick            # 40k only
    python -m bench.bench_analyse --density quiet    # 1% incident messages (or moderate, or a number)

The exports come from ``exportgen.realistic`` (distinct message texts, so no work is reused as it
was on ``exportgen.synthetic``'s 900 texts; issue 12); every run prints their distinct-text share
and incident share. Each size runs in a fresh subprocess so its peak memory (``resource.getrusage``
max RSS of that process: interpreter, export text, parsed chat and analysis together) is its own.
The export is generated and parsed first (not timed as analysis); then ``analyse`` is timed as a
whole (tagger included) and, separately, the part after tagging (``analyse_tagged``). When the
parser or the tagger is not available yet, a tagged chat with the synthetic mix is built directly
with numpy and only ``analyse_tagged`` is measured. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from exportgen.realistic import RealisticExport

SIZES = (40_000, 1_000_000)
TARGETS = {40_000: (1.0, None), 1_000_000: (20.0, 2048.0)}  # seconds, MiB
DENSITY = "busy"  # share of member messages in incident threads (exportgen.realistic.DENSITIES)


def peak_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def benchmark_export(n: int, density: str | float = DENSITY) -> RealisticExport:
    """The export this benchmark measures at size ``n`` (android-nl, seed 0)."""
    from exportgen.realistic import generate

    return generate(n, "android-nl", seed=0, density=density)


def synthetic_tagged(n: int, seed: int = 0) -> pd.DataFrame:
    """A tagged chat with the mix of exportgen.synthetic (threads of ~6 messages per 60 records)."""
    from analysis.model import LABELS
    from parsers.schema import COLUMNS, DTYPES

    rng = np.random.default_rng(seed)
    starts = rng.random(n) < 1 / 60
    in_thread = np.zeros(n, dtype=bool)
    thread_pos = np.full(n, -1)
    for offset in range(8):
        shifted = np.flatnonzero(starts)[:, None] + offset
        shifted = shifted[shifted < n]
        thread_pos[shifted] = np.maximum(thread_pos[shifted], offset)
        in_thread[shifted] = True
    gaps = rng.exponential(max(730 * 86_400 / max(n, 1), 60), size=n)
    gaps[in_thread & (thread_pos > 0)] = rng.integers(20, 400, size=int((in_thread & (thread_pos > 0)).sum()))
    stamps = pd.Timestamp("2023-01-02 07:30") + pd.to_timedelta(np.cumsum(gaps).astype(np.int64), unit="s")
    system = ~in_thread & (rng.random(n) < 0.05)
    names = np.array([f"Lid {i}" for i in range(300)], dtype=object)
    weights = 1.0 / np.arange(1, 301) ** 0.9
    authors = names[rng.choice(300, size=n, p=weights / weights.sum())].astype(object)
    events = np.where(system, rng.choice(["joined", "left", "added", "removed"], size=n), None)
    members = np.where(system, names[rng.integers(0, 300, size=n)], None)
    authors[system] = None
    frame = pd.DataFrame(
        {
            "timestamp": stamps,
            "author": authors,
            "text": np.where(in_thread, "Verdachte man bij de Merelstraat 4", "Goedemorgen allemaal"),
            "kind": np.where(system, "system", "message"),
            "event": events,
            "member": members,
            "media_type": None,
            "edited": False,
            "line": np.arange(1, n + 1),
            "group": "Buurtpreventie Synthetisch",
        }
    )
    for name in COLUMNS:
        frame[name] = frame[name].astype(DTYPES[name])
    role = rng.integers(0, 5, size=n)
    frame["signal"] = starts
    labels = {"alarm": 0, "reaction": 1, "update": 2, "closure": 3}
    for name in LABELS[1:]:
        frame[name] = in_thread & (thread_pos > 0) & (role == labels[name])
    offtopic = ~in_thread & ~system & (rng.random(n) < 0.3)
    frame["violations"] = [("offtopic",) if flag else () for flag in offtopic.tolist()]
    frame["reasons"] = [("Signaleren: test",) if flag else () for flag in starts.tolist()]
    return frame


def _child(n: int, density: str | float = DENSITY) -> dict[str, float | str | int]:
    """Measure one size in this process and return the figures."""
    from analysis.metrics import analyse_tagged, groups_of, resolve_profiles, tag_chat

    figures: dict[str, float | str | int] = {"messages": n}
    try:
        from analysis import analyse
        from analysis.tagger import classify_incident_type, tag_messages
        from exportgen.realistic import export_shares
        from parsers import read_chat

        export = benchmark_export(n, density)
        data, incident = export.text.encode("utf-8"), export.incident
        del export
        started = time.perf_counter()
        chat = read_chat(data, name="WhatsApp-chat met Buurtpreventie Synthetisch.txt")
        figures["parse_seconds"] = time.perf_counter() - started
        del data
        figures["shares"] = export_shares(chat, incident).summary()
        figures["peak_mib_before_analyse"] = peak_mib()
        started = time.perf_counter()
        result = analyse(chat)
        figures["analyse_seconds"] = time.perf_counter() - started
        figures["incidents"] = len(result.incidents)
        del result
        profiles = resolve_profiles(groups_of(chat), None)
        tagged = tag_chat(chat, profiles, tag_messages)
        started = time.perf_counter()
        analyse_tagged(tagged, profiles, classify_incident_type)
        figures["after_tagging_seconds"] = time.perf_counter() - started
        figures["mode"] = "export -> read_chat -> analyse"
    except ImportError as missing:
        tagged = synthetic_tagged(n)
        figures["mode"] = f"numpy-built tagged chat ({missing.name} not available)"
        figures["peak_mib_before_analyse"] = peak_mib()
        profiles = resolve_profiles(groups_of(tagged), None)
        started = time.perf_counter()
        result = analyse_tagged(tagged, profiles, lambda texts, profile: "overig")
        figures["after_tagging_seconds"] = time.perf_counter() - started
        figures["incidents"] = len(result.incidents)
    figures["peak_mib"] = peak_mib()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_analyse", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="only the 40,000-message export")
    parser.add_argument(
        "--density", default=DENSITY, help="incident density: quiet, moderate, busy or a share (default busy)"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.density)))
        return 0
    for n in SIZES[:1] if args.quick else SIZES:
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_analyse", "--child", str(n), "--density", str(args.density)],
            capture_output=True,
            cwd=Path(__file__).resolve().parent.parent,  # the repository root, so `bench` imports
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"{n:>9,} messages: failed\n{done.stderr[-3000:]}")
            return 1
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        seconds_target, memory_target = TARGETS[n]
        mode, incidents = figures["mode"], figures["incidents"]
        print(f"{n:>9,} messages ({mode}, density {args.density}), {incidents:,} incidents")
        print(f"    export               {figures.get('shares', 'no export (numpy-built tagged chat)')}")
        if "parse_seconds" in figures:
            print(f"    read_chat            {figures['parse_seconds']:7.2f} s (not part of analyse)")
        if "analyse_seconds" in figures:
            took = figures["analyse_seconds"]
            print(f"    analyse (all)        {took:7.2f} s   target <= {seconds_target:g} s")
        print(f"    after tagging        {figures['after_tagging_seconds']:7.2f} s")
        memory = f"   target <= {memory_target:g} MiB" if memory_target else ""
        print(f"    peak RSS before      {figures['peak_mib_before_analyse']:7.0f} MiB")
        print(f"    peak RSS (maxrss)    {figures['peak_mib']:7.0f} MiB{memory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
