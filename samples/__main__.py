"""``python -m samples [--check]``: render the sample exports (``samples.source``)."""

from samples.source import main

raise SystemExit(main())
