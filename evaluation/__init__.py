"""The tagger's evaluation (``evaluation.evaluate``: ``python -m evaluation``) and the training of its models
(``evaluation.train_model``: ``python -m evaluation.train_model``) on the labelled corpus (``samples``)."""
