"""``python -m analysis``: the command line, which lives in the top-level ``cli.py`` (docs/reports.md).

This entry point stays here because ``python -m analysis report|tables|parse`` is the documented command.
The guard keeps a process started by ``multiprocessing`` (``--jobs``) from running the command again.
"""

from cli import main

if __name__ == "__main__":
    raise SystemExit(main())
