"""The linear-chain CRF that labels reference tokens: model tables and a fast decoder.

The model is trained with CRFsuite (:mod:`refman.parse.train`) and shipped as a small JSON
table inside the package (``model.json``): labels, label-to-label transition weights and, for
every feature, its weights per label. Decoding does not go through CRFsuite: a token's weights
depend almost only on its text, so :class:`CrfModel` sums them once per distinct token text
(and once per neighbour view) and keeps the sums; Viterbi then runs over the few labels whose
score is within :data:`MARGIN` of the best at each position. On the training data this gives
the same labels as CRFsuite's exact decoder (a test checks the agreement).

Loading the shipped model is the one place where :mod:`refman.parse` reads a file (package
data, read once and cached); everything else here is pure.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from refman.parse.features import WordView, state_features, word_view

__all__ = ["MARGIN", "MODEL_RESOURCE", "CrfModel", "Tagging", "load_model", "model_from_json"]

MODEL_RESOURCE = "model.json"
MARGIN = 9.0
"""Labels scoring this far below a position's best emission are not considered there."""

_Vec = list[float]


@dataclass
class Tagging:
    """Labels of a token sequence and the model's confidence in each (0..1)."""

    labels: list[str]
    confidence: list[float]


@dataclass
class CrfModel:
    """CRF weights: ``labels``, ``transitions[from][to]`` and per-feature ``(label, weight)`` lists."""

    labels: tuple[str, ...]
    transitions: list[list[float]]
    weights: dict[str, tuple[tuple[int, float], ...]]
    meta: dict[str, Any] = field(default_factory=dict)
    _views: dict[str, tuple[_Vec, _Vec, _Vec, _Vec, _Vec]] = field(default_factory=dict, repr=False)
    _states: dict[tuple[str, ...], _Vec] = field(default_factory=dict, repr=False)

    def _vec(self, feats: Sequence[str]) -> _Vec:
        vec = [0.0] * len(self.labels)
        get = self.weights.get
        for f in feats:
            for j, w in get(f, ()):
                vec[j] += w
        return vec

    def _word(self, word: str, view: WordView) -> tuple[_Vec, _Vec, _Vec, _Vec, _Vec]:
        hit = self._views.get(word)
        if hit is None:
            if len(self._views) > 300_000:
                self._views.clear()
            hit = (
                self._vec(view.own),
                self._vec(view.prev),
                self._vec(view.next),
                self._vec(view.prev2),
                self._vec(view.next2),
            )
            self._views[word] = hit
        return hit

    def _state(self, feats: tuple[str, ...]) -> _Vec:
        hit = self._states.get(feats)
        if hit is None:
            if len(self._states) > 50_000:
                self._states.clear()
            hit = self._vec(feats)
            self._states[feats] = hit
        return hit

    def emissions(self, words: Sequence[str]) -> list[_Vec]:
        """Per token, the summed feature weights of each label."""
        n = len(words)
        if n == 0:
            return []
        views = [word_view(w) for w in words]
        vecs = [self._word(w, v) for w, v in zip(words, views, strict=True)]
        states = [self._state(s) for s in state_features(views)]
        bos = self._vec(("-w=<s>",))
        eos = self._vec(("+w=</s>",))
        zero = [0.0] * len(self.labels)
        out: list[_Vec] = []
        for i in range(n):
            prev = vecs[i - 1][1] if i > 0 else bos
            prev2 = vecs[i - 2][3] if i > 1 else zero
            nxt = vecs[i + 1][2] if i < n - 1 else eos
            nxt2 = vecs[i + 2][4] if i < n - 2 else zero
            out.append([a + b + c + d + e + f for a, b, c, d, e, f in zip(vecs[i][0], states[i], prev, prev2, nxt, nxt2)])
        return out

    def tag(self, words: Sequence[str]) -> Tagging:
        """The best label sequence (Viterbi over the labels near each position's best)."""
        emis = self.emissions(words)
        if not emis:
            return Tagging([], [])
        trans = self.transitions
        cands: list[list[int]] = []
        for e in emis:
            top = max(e)
            cands.append([j for j, s in enumerate(e) if s >= top - MARGIN])
        delta = {j: emis[0][j] for j in cands[0]}
        back: list[dict[int, int]] = []
        for t in range(1, len(emis)):
            e = emis[t]
            new: dict[int, float] = {}
            bp: dict[int, int] = {}
            for j in cands[t]:
                best_i = -1
                best = -math.inf
                for i, d in delta.items():
                    s = d + trans[i][j]
                    if s > best:
                        best, best_i = s, i
                new[j] = best + e[j]
                bp[j] = best_i
            delta = new
            back.append(bp)
        last = max(delta, key=lambda k: delta[k])
        path = [last]
        for bp in reversed(back):
            last = bp[last]
            path.append(last)
        path.reverse()
        labels = self.labels
        conf: list[float] = []
        n = len(path)
        for t, y in enumerate(path):
            e = emis[t]
            scores = []
            for j in cands[t]:
                s = e[j]
                if t > 0:
                    s += trans[path[t - 1]][j]
                if t < n - 1:
                    s += trans[j][path[t + 1]]
                scores.append((j, s))
            top = max(s for _, s in scores)
            total = sum(math.exp(s - top) for _, s in scores)
            mine = next(s for j, s in scores if j == y)
            conf.append(math.exp(mine - top) / total)
        return Tagging([labels[y] for y in path], conf)


def model_from_json(data: dict[str, Any]) -> CrfModel:
    """A :class:`CrfModel` from the JSON table written by :mod:`refman.parse.train`."""
    labels = tuple(data["labels"])
    weights = {attr: tuple((int(j), float(w)) for j, w in pairs) for attr, pairs in data["features"].items()}
    return CrfModel(labels, [list(map(float, row)) for row in data["transitions"]], weights, data.get("meta", {}))


@lru_cache(maxsize=1)
def load_model() -> CrfModel | None:
    """The model shipped in the package, or None when it is missing or unreadable."""
    try:
        text = resources.files("refman.parse").joinpath(MODEL_RESOURCE).read_text(encoding="utf-8")
        return model_from_json(json.loads(text))
    except (OSError, ValueError, KeyError, TypeError):
        return None
