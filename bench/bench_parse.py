"""Parser speed and memory on a synthetic Android export, against whatstk on the same file.

``python -m bench.bench_parse [--messages N]``. The export comes from ``exportgen.synthetic`` and is
written to a temporary file (synthetic, no personal data) so both parsers read the same bytes.
Memory is the peak resident set size (``ru_maxrss``) of a fresh subprocess that only imports
pandas/pyarrow/parsers and parses, minus its size right after the imports: Arrow's buffers are
allocated outside Python's allocator, so tracemalloc would not see most of them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import parsers
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
frame = parsers.read_chat({path!r})
took = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": took, "records": len(frame), "peak_kib": peak, "import_kib": before}}))
"""


def _parse_in_subprocess(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD.format(root=str(ROOT), path=str(path))],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_parse", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--format", default="android-nl")
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs; the best counts")
    parser.add_argument("--no-whatstk", action="store_true")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    sys.path.insert(0, str(ROOT))
    from exportgen.synthetic import generate_export

    import parsers

    text = generate_export(args.messages, args.format, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "WhatsApp-chat met Benchmark.txt"
        path.write_text(text, encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        del text
        started = time.perf_counter()
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        read_seconds = time.perf_counter() - started
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            frame = parsers.read_chat(path)
            runs.append(time.perf_counter() - started)
        ours = min(runs)
        records = len(frame)
        del frame
        memory = _parse_in_subprocess(path)
        peak_mb = (memory["peak_kib"] - memory["import_kib"]) / 1024
        figures = {
            "file_mb": round(size_mb, 1), "lines": lines, "records": records,
            "read_and_count_lines_s": round(read_seconds, 3),
            "parse_s_best": round(ours, 3), "parse_s_runs": [round(r, 3) for r in runs],
            "messages_per_s": round(records / ours), "peak_rss_above_imports_mb": round(peak_mb),
            "peak_rss_total_mb": round(memory["peak_kib"] / 1024),
        }
        print(f"export: {args.format}, {records:,} records, {lines:,} lines, {size_mb:.1f} MB")
        print(f"read + count lines: {read_seconds:.2f} s")
        print(f"parsers.read_chat: best {ours:.2f} s of {args.repeat} ({records / ours:,.0f} records/s)")
        print(f"peak memory of the parse: {peak_mb:,.0f} MB above the imports "
              f"({memory['peak_kib'] / 1024:,.0f} MB process total)")
        if not args.no_whatstk:
            from whatstk import WhatsAppChat

            hformat = {"android-nl": "%d-%m-%Y %H:%M - %name:"}.get(args.format)
            started = time.perf_counter()
            chat = WhatsAppChat.from_source(str(path), hformat=hformat, max_size=None)
            theirs = time.perf_counter() - started
            figures.update({"whatstk_s": round(theirs, 3), "whatstk_rows": len(chat.df),
                            "speedup_vs_whatstk": round(theirs / ours, 1)})
            print(f"whatstk (hformat {hformat!r}): {theirs:.2f} s, {len(chat.df):,} rows; "
                  f"ours is {theirs / ours:.1f}x faster")
    return figures


if __name__ == "__main__":
    main()
