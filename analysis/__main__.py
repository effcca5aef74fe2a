"""``python -m analysis``: the command line (see analysis/cli.py and docs/reports.md)."""

from analysis.cli import main

raise SystemExit(main())
