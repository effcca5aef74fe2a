"""`python -m bench`: run every benchmark module `bench/bench_*.py` in turn and print its figures.

Each module owns its measurements and exposes `main()`; this runner only finds them, so adding
a benchmark is adding a file. `python -m bench parse` runs only the modules whose name contains
"parse". A failing benchmark is reported and the others still run; the exit code says whether
all of them succeeded.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path


def benchmark_modules(selectors: list[str]) -> list[str]:
    """Module names of the benchmarks next to this file, filtered by the command-line words."""
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    if selectors:
        names = [name for name in names if any(word in name for word in selectors)]
    return names


def _run_main(entry: Callable[..., object], name: str) -> object:
    """Call a benchmark's `main()` with its defaults: an empty argument list, and `sys.argv`
    without this runner's selectors (benchmarks parse their own options with argparse)."""
    saved = sys.argv
    sys.argv = [f"bench/{name}.py"]
    try:
        takes_argv = bool(inspect.signature(entry).parameters)
        return entry([]) if takes_argv else entry()
    finally:
        sys.argv = saved


def main(argv: list[str] | None = None) -> int:
    selectors = sys.argv[1:] if argv is None else argv
    names = benchmark_modules(selectors)
    if not names:
        print(
            "no benchmark modules (bench/bench_*.py) found" + (f" matching {selectors}" if selectors else "")
        )
        return 1 if selectors else 0
    failures = 0
    for name in names:
        print(f"== bench.{name} ==", flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            result = _run_main(module.main, name)
            if isinstance(result, int) and result != 0:
                raise RuntimeError(f"main() returned {result}")
        except SystemExit as stop:
            if stop.code not in (None, 0):
                failures += 1
                print(f"!! bench.{name} exited with {stop.code}")
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            failures += 1
            traceback.print_exc()
            print(f"!! bench.{name} failed")
        print(f"-- bench.{name}: {time.perf_counter() - started:.1f} s in total\n", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
