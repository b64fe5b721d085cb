"""The linear-chain CRF that labels reference tokens (CRFsuite, model shipped in the package).

The model file ``model.crfsuite`` is trained by ``python -m refman.parse.training.train`` and
read once, from the package, into an in-memory CRFsuite tagger; that read is the one place where
:mod:`refman.parse` touches a file, and a model (or CRFsuite) that cannot be loaded raises
:class:`ParserModelError` at first use: refman is not installed completely. :func:`tag` is pure
otherwise: words in, labels and per-token confidences (CRF marginals) out. A lock keeps the
tagger's state (set sequence, then decode, then marginals) consistent when threads share it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from refman.errors import RefmanError
from refman.parse.features import sequence_features

__all__ = ["MODEL_RESOURCE", "ParserModelError", "Tagging", "load_tagger", "tag", "tagger_from_bytes"]

MODEL_RESOURCE = "model.crfsuite"


class ParserModelError(RefmanError):
    """The parser's model or CRFsuite cannot be loaded: an incomplete installation, not bad input."""


@dataclass
class Tagging:
    """Labels of a token sequence and the model's marginal probability of each (0..1)."""

    labels: list[str]
    confidence: list[float]


class _Tagger:
    """A CRFsuite tagger and the lock that serialises its use."""

    def __init__(self, tagger: Any, model: bytes) -> None:
        self.tagger = tagger
        self.model = model  # CRFsuite reads the model from this buffer: it must stay alive
        self.lock = threading.Lock()

    def tag(self, words: Sequence[str], confidence: bool = True) -> Tagging:
        if not words:
            return Tagging([], [])
        feats = sequence_features(words)
        with self.lock:
            labels: list[str] = self.tagger.tag(feats)
            if not confidence:
                return Tagging(labels, [])
            # the marginal probability at both ends of each run of one label (where the doubt
            # is); tokens inside a run get the lower of the two
            marginal = self.tagger.marginal
            conf = [1.0] * len(labels)
            start = 0
            n = len(labels)
            for i in range(1, n + 1):
                if i == n or labels[i] != labels[start]:
                    lab = labels[start]
                    low = marginal(lab, start)
                    if i - 1 > start:
                        low = min(low, marginal(lab, i - 1))
                    conf[start:i] = [low] * (i - start)
                    start = i
        return Tagging(labels, conf)


def tagger_from_bytes(model: bytes) -> _Tagger:
    """A tagger for a CRFsuite model given as bytes."""
    import pycrfsuite  # type: ignore[import-untyped]

    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(model)
    return _Tagger(tagger, model)


@lru_cache(maxsize=1)
def load_tagger() -> _Tagger:
    """The tagger of the model shipped in the package (read once); raises :class:`ParserModelError`."""
    try:
        data = resources.files("refman.parse").joinpath(MODEL_RESOURCE).read_bytes()
        return tagger_from_bytes(data)
    except (OSError, ImportError, ValueError) as exc:
        raise ParserModelError(
            f"the reference parser cannot load its model refman/parse/{MODEL_RESOURCE} "
            f"({type(exc).__name__}: {exc}); refman is not installed completely, reinstall it"
        ) from exc


def tag(words: Sequence[str], confidence: bool = True) -> Tagging:
    """Labels for ``words`` with the shipped model."""
    return load_tagger().tag(words, confidence)
