"""Training the reference-string CRF: kept in the repository, not shipped in the wheel.

Nothing in the runtime package imports from here. Two commands (deterministic; see docs/parse.md):

* ``python -m refman.parse.training.train`` retrains ``refman/parse/model.crfsuite`` (~80 s) from
  AnyStyle's corpora in the shared data and the ``train`` split of refman's GOST corpus;
* ``python -m refman.parse.training.corpus.generate`` rebuilds that corpus,
  ``corpus/gost.jsonl`` (:mod:`refman.parse.training.corpus`).

:mod:`~refman.parse.training.align` turns labelled strings into one label per token for both.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["SHARED_DATA"]

_BESIDE_ROOT = Path(__file__).resolve().parents[3].parent / "shared" / "data"
SHARED_DATA = Path(os.environ.get("REFMAN_DATA_DIR") or _BESIDE_ROOT)
"""The read-only shared data (AnyStyle and GROBID corpora, Crossref records, CSL styles):
``$REFMAN_DATA_DIR``, else ``../shared/data`` beside the project root."""
