"""The trained models that sit beside the rules, shipped as one small file.

``general`` reads every message's wording (``analysis.ngram``), ``inside`` the wording of messages
inside incidents, and ``context`` weighs both with the rules and the conversation
(``analysis.context``). ``python -m evaluation.train_model`` writes the file from the labelled corpus;
the tagger and the analysis only read it, with numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import BytesIO

import numpy as np

from analysis.context import CODE_FEATURES, SHARED_FEATURES, ContextModel
from analysis.ngram import NgramModel, from_arrays, to_arrays

MODELS_FILE = "data/model/tagging-models.npz"


@dataclass(frozen=True, eq=False)
class TaggingModels:
    general: NgramModel
    inside: NgramModel
    context: ContextModel
    corpus_digest: str  # sha256 of the training texts and labels: a model trained on other data is stale
    trained_on: tuple[str, ...]  # writer ids of the training chats


def save_models(models: TaggingModels) -> bytes:
    general, general_meta = to_arrays(models.general, "general")
    inside, inside_meta = to_arrays(models.inside, "inside")
    meta = {
        "general": general_meta,
        "inside": inside_meta,
        "context_codes": list(models.context.codes),
        "context_features": [*SHARED_FEATURES, *CODE_FEATURES],
        "corpus_digest": models.corpus_digest,
        "trained_on": list(models.trained_on),
    }
    out = BytesIO()
    np.savez_compressed(
        out,
        **general,
        **inside,
        **{
            "context.weights": models.context.weights.astype(np.float32),
            "context.bias": models.context.bias.astype(np.float32),
            "context.thresholds": models.context.thresholds.astype(np.float32),
        },
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
    )
    return out.getvalue()


class ModelFileError(ValueError):
    """The model file does not fit this code (other features): retrain it
    (``python -m evaluation.train_model``)."""


def load_models(data: bytes) -> TaggingModels:
    with np.load(BytesIO(data)) as npz:
        meta = json.loads(npz["meta"].tobytes().decode("utf-8"))
        if meta.get("context_features") != [*SHARED_FEATURES, *CODE_FEATURES]:
            raise ModelFileError(
                "the tagging models were trained for other context features: "
                "run python -m evaluation.train_model"
            )
        context = ContextModel(
            codes=tuple(meta["context_codes"]),
            weights=npz["context.weights"].astype(np.float32),
            bias=npz["context.bias"].astype(np.float32),
            thresholds=npz["context.thresholds"].astype(np.float32),
        )
        return TaggingModels(
            general=from_arrays(npz, "general", meta["general"]),
            inside=from_arrays(npz, "inside", meta["inside"]),
            context=context,
            corpus_digest=str(meta["corpus_digest"]),
            trained_on=tuple(meta["trained_on"]),
        )


def models_path_bytes() -> bytes:
    """The shipped model file's bytes."""
    return resources.files("analysis").joinpath(MODELS_FILE).read_bytes()


@lru_cache(maxsize=1)
def shipped_models() -> TaggingModels | None:
    """The models trained on the whole labelled corpus (None when the file is missing: rules only)."""
    if not resources.files("analysis").joinpath(MODELS_FILE).is_file():
        return None
    return load_models(models_path_bytes())
