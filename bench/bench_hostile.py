"""Benchmark of the limits (issue 9): what the largest accepted export and hostile input cost.

    python -m bench.bench_hostile            # every case
    python -m bench.bench_hostile --quick    # without the largest accepted export

Each case runs in a fresh subprocess, so the peak memory printed (max RSS of that process: interpreter,
libraries, input and results together) is its own. Cases:

- ``largest``: a realistic Android export (``exportgen.realistic``, busy density: 15% of the member
  messages in incident threads, distinct message texts so the tagger cannot reuse work) cut just under
  the 50 MB cap on a zip's chat (about 620,000 records), zipped like an upload, then read, analysed
  and made into both reports (HTML); its distinct-text share and incident share are printed;
- ``bomb``: a 50 KB zip that unpacks to 60 MB: refused by the cap while inflating;
- ``long_message``: a 5 MB message without spaces next to ordinary ones, read and analysed;
- ``long_word``: typo correction of one 400 KB word;
- ``forty_names``: pseudonymising a system line that adds forty members at once, with both reports;
- ``damaged_zips``: every single-byte corruption of a small export zip, read.
Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.bench_analyse import peak_mib

ROOT = Path(__file__).resolve().parent.parent
#: Share of member messages in incident threads of the largest export (exportgen.realistic.DENSITIES).
DENSITY = "busy"
#: What docs/parser.md promises for each case on the 2-core benchmark machine: seconds, MiB.
BUDGETS = {
    "largest": (120.0, 3072.0),
    "bomb": (1.0, 300.0),
    "long_message": (5.0, 600.0),
    "long_word": (1.0, 300.0),
    "forty_names": (5.0, 600.0),
    "damaged_zips": (10.0, 300.0),
}


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def largest_upload() -> tuple[bytes, np.ndarray, int]:
    """The ``largest`` case's upload (a zip), the generator's incident flag per record, and the size
    of the chat in it."""
    from exportgen.realistic import generate
    from parsers.limits import MAX_UNZIPPED_CHAT_BYTES

    export = generate(720_000, seed=7, density=DENSITY)
    data = export.text.encode("utf-8")
    while len(data) > MAX_UNZIPPED_CHAT_BYTES:  # just under the cap, whatever the generator's lengths
        data = data[: data.rindex(b"\n", 0, MAX_UNZIPPED_CHAT_BYTES - 1) + 1]
    return _zip("_chat.txt", data), export.incident, len(data)


def _largest() -> dict[str, object]:
    import analysis
    from exportgen.realistic import export_shares
    from parsers import read_export
    from reports import effectiveness_report, month_report, to_html

    upload, incident, chat_bytes = largest_upload()
    started = time.perf_counter()
    export = read_export(upload, name="WhatsApp Chat - Buurt.zip")
    parsed = time.perf_counter()
    result = analysis.analyse(export.frame)
    analysed = time.perf_counter()
    months = sorted(str(month) for month in result.months["month"])
    to_html(month_report(result, months[-1]))
    to_html(effectiveness_report(result, months[-12], months[-1]))
    done = time.perf_counter()
    shares = export_shares(export.frame, incident)
    return {
        "records": len(export.frame),
        "distinct texts": f"{shares.distinct_share:.1%}",
        "incident messages": f"{shares.incident_share:.1%}",
        "chat MB": round(chat_bytes / 2**20, 1),
        "zip MB": round(len(upload) / 2**20, 1),
        "parse s": round(parsed - started, 2),
        "analyse s": round(analysed - parsed, 2),
        "reports s": round(done - analysed, 2),
        "seconds": round(done - started, 2),
    }


def _bomb() -> dict[str, object]:
    from parsers import ParseError, read_export

    line = b"01-05-2026 10:00 - Anna: " + b"a" * 70 + b"\n"
    upload = _zip("_chat.txt", line * (60 * 2**20 // len(line)))
    started = time.perf_counter()
    try:
        read_export(upload, name="bom.zip")
        refused = False
    except ParseError:
        refused = True
    return {
        "zip KB": len(upload) // 1024,
        "refused": refused,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _long_message() -> dict[str, object]:
    import analysis
    from parsers import read_export

    chat = (
        "01-05-2026 10:00 - Anna: verdachte man bij de school, 112 gebeld\n"
        f"01-05-2026 10:01 - Bob: {'x' * 5_000_000}\n"
        "01-05-2026 10:02 - Carla: ik kijk even\n"
    )
    started = time.perf_counter()
    result = analysis.analyse(read_export(chat.encode()).frame)
    return {"incidents": len(result.incidents), "seconds": round(time.perf_counter() - started, 2)}


def _long_word() -> dict[str, object]:
    import pyarrow as pa

    from analysis.lexicon import load_lexicon
    from analysis.text_normalise import normalise

    lexicon = load_lexicon()
    started = time.perf_counter()
    normalise(pa.array(["inbraak" * 60_000]), lexicon)
    return {"word KB": 410, "seconds": round(time.perf_counter() - started, 3)}


def _forty_names() -> dict[str, object]:
    import analysis
    from analysis.anonymise import pseudonymise_analysis
    from parsers import read_export
    from reports import effectiveness_report, month_report, to_html

    forty = ", ".join(f"Persoon{n} Achternaam{n}" for n in range(40))
    chat = (
        f"01-05-2026 10:00 - Anna de Vries heeft {forty} toegevoegd\n"
        "01-05-2026 10:05 - Anna de Vries: verdachte man bij de school, 112 gebeld\n"
        "01-05-2026 10:07 - Persoon3 Achternaam3: ik kom kijken\n"
    )
    started = time.perf_counter()
    result = analysis.analyse(read_export(chat.encode()).frame)
    pseudonymise_analysis(result)
    to_html(month_report(result, "2026-05"))
    to_html(effectiveness_report(result, "2026-05", "2026-05"))
    return {"seconds": round(time.perf_counter() - started, 2)}


def _damaged_zips() -> dict[str, object]:
    from parsers import ParseError, read_export

    sample = (ROOT / "sample_exports" / "WhatsApp-chat met Buurtpreventie Vogelwijk.txt").read_bytes()
    upload = _zip("_chat.txt", sample[:4000])
    refused = 0
    started = time.perf_counter()
    for position in range(len(upload)):
        data = bytearray(upload)
        data[position] ^= 0xFF
        try:
            read_export(bytes(data), name="buurt.zip")
        except ParseError:
            refused += 1
    return {
        "corruptions": len(upload),
        "refused in Dutch": refused,
        "seconds": round(time.perf_counter() - started, 2),
    }


RUNNERS: dict[str, Callable[[], dict[str, object]]] = {
    "largest": _largest,
    "bomb": _bomb,
    "long_message": _long_message,
    "long_word": _long_word,
    "forty_names": _forty_names,
    "damaged_zips": _damaged_zips,
}
CASES = tuple(RUNNERS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_hostile", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="skip the largest accepted export")
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = RUNNERS[args.child]()
        figures["peak MiB"] = round(peak_mib())
        print(json.dumps(figures))
        return 0
    over = 0
    print(f"{'case':<14} {'seconds':>8} {'peak MiB':>9}  budget        details")
    for case in CASES:
        if args.quick and case == "largest":
            continue
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_hostile", "--child", case],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        seconds, mib = figures.pop("seconds"), figures.pop("peak MiB")
        limit_s, limit_mib = BUDGETS[case]
        within = seconds <= limit_s and mib <= limit_mib
        over += not within
        details = ", ".join(f"{key} {value}" for key, value in figures.items())
        budget = f"{limit_s:g} s, {limit_mib:g} MiB"
        print(f"{case:<14} {seconds:>8} {mib:>9}  {budget:<13} {details}{'' if within else '  OVER BUDGET'}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
