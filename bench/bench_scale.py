"""Benchmark at a region's scale: `python -m analysis report` and `tables` on 100 groups of 40,000 messages.

    python -m bench.bench_scale                          # 100 groups x 40,000 messages, busy density
    python -m bench.bench_scale --groups 5               # a quicker run
    python -m bench.bench_scale --groups 10 --jobs 1     # one process analysing the groups

A municipality or police region reviews about 100 groups (issue 12, "Scale"; target: each command within
5 minutes and 8 GiB on this 2-core machine). Realistic exports from ``exportgen.realistic`` (one seed and
one group name per group, so the groups are distinct; their distinct-text share and incident share are
printed) are written to a temporary folder, and the command line runs on them as a user runs it, in a
subprocess: the Maandrapport and the Effectiviteitsrapport (html, pdf, xlsx) and the analyst tables (csv,
parquet). Each command's wall time and peak memory come from ``/usr/bin/time -v`` when it is there (its
maximum resident set is that of the largest single process), else from ``resource.getrusage``; the
memory of all the command's processes together (``--jobs`` starts several, the PDF charts a Chromium) is
sampled from /proc every 0.2 s as their proportional set size (shared pages counted once), and the target
is held against the larger of the two. The exports and the outputs are synthetic, and deleted
afterwards all the same.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exportgen.realistic import ExportShares, RealisticExport

TARGET_SECONDS = 300.0
TARGET_MIB = 8 * 1024.0
DENSITY = "busy"  # share of member messages in incident threads (exportgen.realistic.DENSITIES)
EXPORT_NAME = "WhatsApp-chat met Buurtpreventie Synthetisch {number:03d}.txt"  # the group from the name
ROOT = Path(__file__).resolve().parent.parent  # the repository root, where `python -m analysis` runs
TIME = Path("/usr/bin/time")
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("report --kind maand", ("report", "--kind", "maand", "--format", "html,pdf,xlsx")),
    ("report --kind effectiviteit", ("report", "--kind", "effectiviteit", "--format", "html,pdf,xlsx")),
    ("tables", ("tables", "--format", "csv,parquet")),
)


def group_export(seed: int, messages: int, density: str | float = DENSITY) -> RealisticExport:
    """The export of group ``seed`` (android-nl); written as ``EXPORT_NAME`` with number ``seed + 1``."""
    from exportgen.realistic import generate

    return generate(messages, "android-nl", seed=seed, density=density)


def write_exports(folder: Path, groups: int, messages: int, density: str | float) -> ExportShares:
    """Write the groups' exports into ``folder`` and return their shares, summed over the groups."""
    from exportgen.realistic import export_shares
    from parsers import read_chat

    total: ExportShares | None = None
    for seed in range(groups):
        export = group_export(seed, messages, density)
        data = export.text.encode("utf-8")
        path = folder / EXPORT_NAME.format(number=seed + 1)
        path.write_bytes(data)
        shares = export_shares(read_chat(data, name=path.name), export.incident)
        total = shares if total is None else total + shares
    if total is None:
        raise ValueError("at least one group")
    return total


@dataclass(frozen=True)
class Measured:
    seconds: float
    largest_mib: float  # the largest single process (maxrss)
    all_mib: float  # the command's processes together, sampled
    returncode: int
    stderr: str

    @property
    def peak_mib(self) -> float:
        return max(self.largest_mib, self.all_mib)


def _tree_pss_kib(root: int) -> int:
    """Memory of ``root`` and every process below it, from /proc (0 where /proc is missing)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(text[text.rindex(")") + 2 :].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(_pss_kib(pid) for pid in tree)


def _pss_kib(pid: int) -> int:
    """A process's proportional set size: its own pages, and shared ones (libraries, Chromium's processes)
    divided among the processes sharing them, so a sum over processes counts every page once."""
    try:
        found = re.search(r"^Pss:\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.MULTILINE)
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


def run_measured(command: list[str]) -> Measured:
    """Run ``command`` (under ``/usr/bin/time -v`` when present) and measure its time and memory."""
    timed = [str(TIME), "-v", *command] if TIME.exists() else command
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    process = subprocess.Popen(timed, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], _tree_pss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    if found:
        largest = int(found.group(1))
    elif largest <= before:  # getrusage keeps the largest child so far: an earlier, larger one hides it
        largest = 0
    return Measured(seconds, largest / 1024, peak[0] / 1024, process.returncode, stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=lambda v: max(1, int(v)), default=100)
    parser.add_argument("--messages", type=int, default=40_000)
    parser.add_argument("--density", default=DENSITY, help="quiet, moderate, busy or a share (default busy)")
    parser.add_argument("--jobs", type=int, help="passed on to the command line (default: its own choice)")
    args = parser.parse_args([] if argv is None else argv)  # `python -m bench` calls main() with no argv
    folder = Path(tempfile.mkdtemp(prefix="saar-bench-scale-"))
    failures = 0
    try:
        exports, out = folder / "exports", folder / "uit"
        exports.mkdir()
        started = time.perf_counter()
        shares = write_exports(exports, args.groups, args.messages, args.density)
        took = time.perf_counter() - started
        size = f"{args.groups} groups x {args.messages:,} messages (density {args.density})"
        print(f"{size}, written in {took:.0f} s")
        print(f"exports: {shares.summary()}")
        paths = sorted(str(path) for path in exports.iterdir())
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        print(f"load average at the start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (indicative)")
        print(f"{'command':<30} {'wall':>8} {'largest':>11} {'all procs':>11}   target <= 300 s, <= 8 GiB")
        for label, words in COMMANDS:
            command = [sys.executable, "-m", "analysis", *words, *paths, "--out", str(out), "--quiet", *jobs]
            measured = run_measured(command)
            shutil.rmtree(out, ignore_errors=True)
            if measured.returncode != 0:
                failures += 1
                print(f"{label:<30} failed ({measured.returncode}):\n{measured.stderr[-3000:]}")
                continue
            met = measured.seconds <= TARGET_SECONDS and measured.peak_mib <= TARGET_MIB
            figures = f"{measured.seconds:7.1f}s {measured.largest_mib:7.0f} MiB {measured.all_mib:7.0f} MiB"
            print(f"{label:<30} {figures}   {'OK' if met else 'MISSED'}", flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # synthetic, but no message text stays on disk
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
