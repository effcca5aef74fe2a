"""``python -m evaluation [--errors] [FILE.yaml ...]``: the tagger's evaluation (``evaluation.evaluate``)."""

import sys

from evaluation.evaluate import main

sys.exit(main())
