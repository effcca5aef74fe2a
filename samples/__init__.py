"""The labelled corpus beside the product: the YAML sources of the sample chats (``samples.source``: strict
loading, validation, rendering ``sample_exports/``) and the writers, splits and alignment of the hand labels
to the parsed chats (``samples.corpus``). ``python -m samples`` renders the sample exports."""
