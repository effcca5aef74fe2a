"""The command line: ``python -m analysis report|tables|parse EXPORTS...`` (help text in Dutch).

It sits above the reports and the store (docs/DEVELOPING.md, "Layers"); ``analysis/__main__.py`` only hands
over to ``main`` so that the documented command stays ``python -m analysis``.

Only this module writes files, and only where the user points ``--out``. One unreadable export is
reported and skipped so the others still count; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from parsers import ParsedExport, ParseError
from presentation.errors import WordedError, describe, error_text

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
REPORT_FORMATS = ("html", "pdf", "xlsx")
TABLE_FORMATS = ("csv", "parquet")
KINDS = ("maand", "effectiviteit")


class CliError(WordedError):
    """A problem with what the user asked; printed as one line (its Dutch ``str()``), exit code 2."""

    family = "cli"
    CODES = ("nothing_read", "no_messages", "out_suffix")


def _formats(value: str, allowed: tuple[str, ...]) -> list[str]:
    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    wrong = [f for f in chosen if f not in allowed]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(f"kies uit {', '.join(allowed)} (met komma's), niet '{value}'")
    return list(dict.fromkeys(chosen))


def _period(value: str) -> tuple[str, str]:
    """ "2024-01..2024-06" or "2024-03" -> (first, last)."""
    from reports.selection import ReportError, month_range

    first, _, last = value.partition("..")
    last = last or first
    try:
        month_range(first, last)
    except ReportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return first.strip(), last.strip()


#: The options several commands take, declared once: each command adds the ones it uses, with its own help
#: where the option means something narrower there (``--period`` picks a report's months, filters tables).
SHARED_OPTIONS: dict[str, dict[str, Any]] = {
    "exports": {"nargs": "+", "type": Path, "metavar": "EXPORTS", "help": "WhatsApp-exports (.txt of .zip)"},
    "--out": {"type": Path, "required": True, "metavar": "MAP"},
    "--period": {"type": _period, "metavar": "JJJJ-MM[..JJJJ-MM]"},
    "--profile": {"type": Path, "metavar": "BESTAND"},
    "--names": {"action": "store_true"},
    "--store": {
        "type": Path,
        "metavar": "BESTAND",
        "help": "opslag met correcties en maandhistorie (SQLite, zie docs/store.md): de correcties worden "
        "toegepast en de volledige maanden bewaard; standaard wordt geen opslag gebruikt",
    },
    "--quiet": {"action": "store_true", "help": "geen voortgangsbalk"},
    "--jobs": {
        "type": int,
        "metavar": "N",
        "help": "zoveel groepen tegelijk analyseren, elk in een eigen proces (standaard: één per "
        "processorkern, hoogstens 4, zodra de exports samen groter zijn dan 8 MB; anders 1)",
    },
}

#: Without --jobs, exports of together less than this are analysed in this process: starting a process takes
#: about a second, a few small exports are done sooner here.
AUTO_JOBS_BYTES = 8_000_000
#: Without --jobs, at most this many processes: each holds one group's analysis at work (a few hundred MB).
AUTO_JOBS_MAX = 4


def _shared(command: argparse.ArgumentParser, name: str, **changes: Any) -> None:
    """Add a shared option to one command, with that command's help or metavar where given."""
    command.add_argument(name, **{**SHARED_OPTIONS[name], **changes})


def _format_option(command: argparse.ArgumentParser, allowed: tuple[str, ...]) -> None:
    """``--format``: the command's own file formats, the first the default, written the same everywhere."""
    command.add_argument(
        "--format",
        type=lambda v: _formats(v, allowed),
        default=[allowed[0]],
        metavar=",".join(allowed),
        help=f"bestandsvormen, met komma's gescheiden (standaard: {allowed[0]})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="SAAR-monitor op de opdrachtregel: lees WhatsApp-exports van buurtpreventiegroepen "
        "en maak rapporten of tabellen. Alles gebeurt op deze computer; er wordt niets verstuurd.",
    )
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    report = commands.add_parser(
        "report",
        help="maak het Maandrapport of het Effectiviteitsrapport",
        description="Lees de exports, analyseer ze en schrijf het gevraagde rapport in de map --out.",
    )
    _shared(report, "exports", help="WhatsApp-exports (.txt of .zip), één of meer groepen")
    report.add_argument(
        "--kind",
        choices=KINDS,
        default="maand",
        help="maand: Maandrapport voor de regiegroep (één rapport per maand); "
        "effectiviteit: Effectiviteitsrapport voor de gemeente over de hele periode "
        "(standaard: maand)",
    )
    _shared(
        report,
        "--period",
        help="maand of periode, bijvoorbeeld 2024-03 of 2024-01..2024-06 "
        "(standaard: maand: de laatste volledige maand in de exports; effectiviteit: alle maanden)",
    )
    _format_option(report, REPORT_FORMATS)
    _shared(report, "--out", help="map waarin de rapporten komen")
    _shared(
        report, "--profile", help="regelprofiel (TOML) van de groep(en); standaard de regels uit het plan"
    )
    _shared(
        report,
        "--names",
        help="Maandrapport met echte namen en ongefilterde berichten (alleen binnen de "
        "regiegroep gebruiken); standaard worden leden 'Lid 01', 'Lid 02', ...",
    )
    report.add_argument(
        "--examples",
        action="store_true",
        help="Effectiviteitsrapport met een paar geanonimiseerde voorbeeldmeldingen per groep",
    )
    report.add_argument(
        "--group",
        action="append",
        metavar="GROEP",
        dest="groups",
        help="alleen deze groep (mag vaker); standaard alle groepen in de exports",
    )
    _shared(report, "--store")
    _shared(report, "--jobs")
    _shared(report, "--quiet")

    tables = commands.add_parser(
        "tables",
        help="schrijf de gelabelde berichten en de meldingen als CSV of Parquet",
        description="Voor analisten: berichten met SAAR-labels en overtredingen, en de tabel met meldingen.",
    )
    _shared(tables, "exports")
    _format_option(tables, TABLE_FORMATS)
    _shared(tables, "--out", help="map waarin de bestanden komen")
    _shared(tables, "--period", help="alleen deze maand of periode (standaard: alles)")
    _shared(tables, "--profile", help="regelprofiel (TOML)")
    _shared(tables, "--names", help="echte namen en ongefilterde berichten; standaard gepseudonimiseerd")
    _shared(tables, "--store")
    _shared(tables, "--jobs")
    _shared(tables, "--quiet")

    parse = commands.add_parser(
        "parse",
        help="lees exports in één tabel (zonder analyse) en schrijf die als Parquet of CSV",
        description="Zet één of meer exports om in de tabel die SAAR-monitor gebruikt (zie docs/parser.md). "
        "Let op: dit bestand bevat namen en berichten zoals ze in de export staan.",
    )
    _shared(parse, "exports")
    _shared(
        parse,
        "--out",
        metavar="BESTAND.parquet|BESTAND.csv",
        help="uitvoerbestand; de extensie bepaalt de vorm",
    )
    _shared(parse, "--quiet")
    return parser


def _read(paths: Sequence[Path], *, quiet: bool = False) -> tuple[pd.DataFrame | None, list[Path]]:
    """All readable exports as one chat (``parsers.read_exports``: overlapping exports of a group merged),
    and the paths that failed; each failure is reported on stderr so the other files still count."""
    from parsers import read_exports

    with _bar(quiet, len(paths), "exports lezen", "bestand") as bar:
        result = read_exports(paths, progress=lambda done, _total, _name: bar.update(done - bar.n))
    failed = [
        _skipped(path, file.error)
        for path, file in zip(paths, result.files, strict=True)
        if not isinstance(file, ParsedExport)
    ]
    if not result.exports:
        return None, failed
    _tell_duplicates(result.duplicates)
    return result.frame, failed


def _skipped(path: Path, error: ParseError) -> Path:
    """Say on stderr that an export is left out and why (with its line number when known); the path."""
    line = f" (regel {error.line})" if error.line is not None else ""
    print(f"overgeslagen: {path}: {describe(error)}{line}", file=sys.stderr)
    return path


def _tell_duplicates(count: int) -> None:
    """Say how many records overlapping exports of a group (or one chat exported twice) held twice."""
    if count:
        print(f"{count} dubbele berichten uit overlappende exports weggelaten", file=sys.stderr)


def _analyse(args: argparse.Namespace, *, reasons: bool = True):
    """The analysis of all exports, read and analysed group by group (``analysis.stream``) so that a hundred
    groups of 40,000 messages fit in memory (``--jobs`` processes side by side); a progress bar on stderr
    counts the exports and names the group just done (never a member or a message). Without ``reasons``
    the tagger's reasons are dropped from each group as soon as it is analysed: the reports never show
    them (kept with ``--store``: its corrections add to them)."""
    from analysis import load_profile
    from analysis.stream import analyse_exports

    profile = load_profile(args.profile) if args.profile else None
    drop = () if reasons or args.store is not None else ("reasons",)
    with _bar(args.quiet, len(args.exports), "groepen analyseren", "export") as bar:

        def progress(done: int, total: int, group: str, groups: int) -> None:
            bar.total = total  # a group in several exports is analysed once more from all of them
            bar.set_postfix_str(
                f"{groups} groep{'en' if groups != 1 else ''}; {_shorten(group)}", refresh=False
            )
            bar.update(done - bar.n)

        streamed = analyse_exports(args.exports, profile, drop=drop, progress=progress, workers=_jobs(args))
    failed = [_skipped(args.exports[position], failure.error) for position, failure in streamed.failures]
    if streamed.analysis is None:
        raise CliError("nothing_read")
    _tell_duplicates(streamed.duplicates)
    analysis = streamed.analysis
    if args.store is not None:
        from store import apply_store, open_store

        analysis = apply_store(analysis, open_store(args.store), profile)
    return analysis, profile, failed


def _jobs(args: argparse.Namespace) -> int:
    """How many processes analyse groups side by side: --jobs, else one per core (at most AUTO_JOBS_MAX) once
    the exports are large enough to be worth starting processes for."""
    if args.jobs is not None:
        return max(1, args.jobs)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    size = sum(path.stat().st_size for path in args.exports if path.is_file())
    if len(args.exports) < 2 or size < AUTO_JOBS_BYTES:
        return 1
    return max(1, min(cores, AUTO_JOBS_MAX, len(args.exports)))


def _shorten(group: str, width: int = 40) -> str:
    """A group name short enough for the progress bar's line."""
    return group if len(group) <= width else group[: width - 1] + "…"


def _months_in(analysis) -> list[str]:
    months = sorted(set(analysis.months["month"].dropna()))
    if not months:
        raise CliError("no_messages")
    return months


def _write(path: Path, data: bytes | str, bar: tqdm | None = None) -> None:
    """Write one file and print its path (above the progress bar while one runs)."""
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    if bar is not None and not bar.disable:
        bar.write(str(path), file=sys.stdout)
    else:
        print(path)


def _bar(quiet: bool, total: int | None, description: str, unit: str) -> tqdm:
    """A progress bar on stderr (none with --quiet, or when stderr is no terminal); it counts steps and
    names at most a group, never a member or a message."""
    return tqdm(total=total, desc=description, unit=unit, file=sys.stderr, disable=quiet or None)


def _default_month(analysis, groups, available: list[str]) -> str:
    """The month a maandrapport covers when none is asked: the newest complete one, as in the dashboard
    (an export made on 6 January would otherwise report on six days of January); the newest month when no
    month is complete."""
    from analysis.coverage import last_complete_month, month_coverage

    return last_complete_month(month_coverage(analysis), groups) or available[-1]


def run_report(args: argparse.Namespace) -> int:
    from reports import effectiveness_report, month_report, to_html, to_pdf, to_xlsx
    from reports.selection import month_range

    analysis, profile, failed = _analyse(args, reasons=False)
    available = _months_in(analysis)
    writers = {"html": (to_html, ".html"), "pdf": (to_pdf, ".pdf"), "xlsx": (to_xlsx, ".xlsx")}
    args.out.mkdir(parents=True, exist_ok=True)
    if args.kind == "maand":
        if args.period:
            months = month_range(*args.period)
        else:
            months = [_default_month(analysis, args.groups, available)]
        kept = None
        if args.store is not None:  # the month before may be one the store kept whole
            from store import open_store

            kept = open_store(args.store).merged_months(analysis)
        reports = (
            month_report(analysis, m, groups=args.groups, names=args.names, profile=profile, history=kept)
            for m in months
        )
    else:
        history = None
        if args.store is not None:  # the months the store kept, also those no longer in the exports
            from store import open_store

            history = open_store(args.store).merged_months(analysis)
            if args.groups:
                history = history[history["group"].isin(args.groups)]
        first, last = args.period or (
            min([available[0], *history["month"]]) if history is not None else available[0],
            available[-1],
        )
        reports = iter(
            [
                effectiveness_report(
                    analysis,
                    first,
                    last,
                    groups=args.groups,
                    examples=args.examples,
                    profile=profile,
                    history=history,
                )
            ]
        )
    count = len(months) if args.kind == "maand" else 1
    with _bar(args.quiet, count * len(args.format), "rapporten maken", "bestand") as bar:
        for report in reports:
            for name in args.format:
                write, suffix = writers[name]
                path = args.out / f"{report.file_stem()}{suffix}"
                data = write(report)
                bar.update()
                _write(path, data, bar)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def run_tables(args: argparse.Namespace) -> int:
    from reports.analyst import write_tables

    analysis, _, failed = _analyse(args)
    args.out.mkdir(parents=True, exist_ok=True)
    with _bar(args.quiet, None, "tabellen schrijven", "deel") as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        written = write_tables(
            analysis,
            args.format,
            lambda file_name: (args.out / file_name).open("wb"),
            names=args.names,
            period=args.period,
            progress=progress,
        )
    for file_name in written:
        print(args.out / file_name)
    if args.store is not None:
        for name in args.format:
            _write(args.out / f"maanden.{name}", _months_file(analysis, args, name))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _months_file(analysis, args: argparse.Namespace, file_format: str) -> bytes:
    """The month table with the stored months beside it (no names, no text), for a long trend."""
    import io

    from analysis.tables_export import to_csv_bytes
    from reports.selection import month_range
    from store import open_store

    months = open_store(args.store).merged_months(analysis)
    if args.period:
        months = months[months["month"].isin(month_range(*args.period))].reset_index(drop=True)
    if file_format == "csv":
        return to_csv_bytes(months)
    buffer = io.BytesIO()
    months.to_parquet(buffer, index=False)
    return buffer.getvalue()


def run_parse(args: argparse.Namespace) -> int:
    from reports.analyst import chat_to_bytes

    suffix = args.out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise CliError("out_suffix", name=args.out.name)
    chat, failed = _read(args.exports, quiet=args.quiet)
    if chat is None:
        raise CliError("nothing_read")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    _write(args.out, chat_to_bytes(chat, suffix))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit code (0 fine, 1 some exports failed, 2 nothing could be done)."""
    from analysis.profile import ProfileError
    from reports.selection import ReportError
    from store.errors import StoreError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    commands = {"report": run_report, "tables": run_tables, "parse": run_parse}
    try:
        return commands[args.command](args)
    except StoreError as exc:
        print(f"fout: {error_text('store', exc.code, path=exc.path or args.store)}", file=sys.stderr)
        return EXIT_USAGE
    except ProfileError as exc:
        print(f"fout: {error_text('profile', exc.code, **exc.params)}", file=sys.stderr)
        return EXIT_USAGE
    except (CliError, ReportError, OSError) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return EXIT_USAGE
