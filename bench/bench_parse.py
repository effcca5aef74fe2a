"""Parser speed and memory on a synthetic Android export, against whatstk on the same file.

``python -m bench.bench_parse [--messages N]``. The export comes from ``exportgen.synthetic`` and is
written to a temporary file (synthetic, no personal data) so both parsers read the same bytes.
Memory is the peak resident set size (VmHWM from /proc/self/status) of a fresh subprocess that only
imports the parser and parses, minus its resident size right after the imports: Arrow's buffers are
allocated outside Python's allocator, so tracemalloc would not see most of them, and ``ru_maxrss``
would inherit the parent's peak across exec. That subprocess's parse time is reported too: a first
parse pays for page faults on memory the process never touched (best-of-N runs in one process
reuse it), and it is what the command line tool sees.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
import parsers

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])

before = status("VmRSS")
started, cpu_started = time.perf_counter(), time.process_time()
frame = parsers.read_chat({path!r})
took, cpu = time.perf_counter() - started, time.process_time() - cpu_started
figures = {{
    "seconds": took, "cpu_seconds": cpu, "records": len(frame), "peak_kib": status("VmHWM"),
    "import_kib": before,
}}
print(json.dumps(figures))
"""


def _parse_in_subprocess(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD.format(root=str(ROOT), path=str(path))],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_parse", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--format", default="android-nl")
    parser.add_argument("--repeat", type=int, default=5, help="in-process runs; the best counts")
    parser.add_argument("--no-whatstk", action="store_true")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    sys.path.insert(0, str(ROOT))
    import parsers
    from exportgen.synthetic import generate_export

    text = generate_export(args.messages, args.format, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "WhatsApp-chat met Benchmark.txt"
        path.write_text(text, encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        del text
        started = time.perf_counter()
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        read_seconds = time.perf_counter() - started
        runs, cpu_runs = [], []
        for _ in range(args.repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            frame = parsers.read_chat(path)
            runs.append(time.perf_counter() - started)
            cpu_runs.append(time.process_time() - cpu_started)
        ours, ours_cpu = min(runs), min(cpu_runs)
        records = len(frame)
        del frame
        memory = _parse_in_subprocess(path)
        peak_mb = (memory["peak_kib"] - memory["import_kib"]) / 1024
        figures = {
            "file_mb": round(size_mb, 1),
            "lines": lines,
            "records": records,
            "read_and_count_lines_s": round(read_seconds, 3),
            "parse_s_best": round(ours, 3),
            "parse_s_runs": [round(r, 3) for r in runs],
            "parse_cpu_s_best": round(ours_cpu, 3),
            "load_average_1min": round(os.getloadavg()[0], 1),
            "messages_per_s": round(records / ours),
            "peak_rss_above_imports_mb": round(peak_mb),
            "peak_rss_total_mb": round(memory["peak_kib"] / 1024),
            "first_parse_s": round(memory["seconds"], 3),
            "first_parse_cpu_s": round(memory["cpu_seconds"], 3),
        }
        print(f"export: {args.format}, {records:,} records, {lines:,} lines, {size_mb:.1f} MB")
        print(f"read + count lines: {read_seconds:.2f} s")
        print(
            f"parsers.read_chat: best {ours:.2f} s wall, {ours_cpu:.2f} s CPU of {args.repeat} runs "
            f"({records / ours:,.0f} records/s); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(
            f"first parse in a fresh process: {memory['seconds']:.2f} s wall, "
            f"{memory['cpu_seconds']:.2f} s CPU (the memory it touches is new to the process)"
        )
        print(
            f"peak memory of the parse: {peak_mb:,.0f} MB above the imports "
            f"({memory['peak_kib'] / 1024:,.0f} MB process total)"
        )
        if not args.no_whatstk:
            from whatstk import WhatsAppChat

            hformat = {"android-nl": "%d-%m-%Y %H:%M - %name:"}.get(args.format)
            started, cpu_started = time.perf_counter(), time.process_time()
            chat = WhatsAppChat.from_source(str(path), hformat=hformat, max_size=None)
            theirs, theirs_cpu = time.perf_counter() - started, time.process_time() - cpu_started
            figures.update(
                {
                    "whatstk_s": round(theirs, 3),
                    "whatstk_cpu_s": round(theirs_cpu, 3),
                    "whatstk_rows": len(chat.df),
                    "speedup_vs_whatstk": round(theirs / ours, 1),
                    "cpu_speedup_vs_whatstk": round(theirs_cpu / ours_cpu, 1),
                }
            )
            print(
                f"whatstk (hformat {hformat!r}): {theirs:.2f} s wall, {theirs_cpu:.2f} s CPU, "
                f"{len(chat.df):,} rows; ours is {theirs / ours:.1f}x faster (wall), "
                f"{theirs_cpu / ours_cpu:.1f}x (CPU)"
            )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
