"""``python -m analysis``: the command line, which lives in the top-level ``cli.py`` (docs/reports.md).

This entry point stays here because ``python -m analysis report|tables|parse`` is the documented command.
"""

from cli import main

raise SystemExit(main())
