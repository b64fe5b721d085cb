"""Retrain the reference-string CRF: ``python -m refman.parse.training.train [--data DIR] [--out FILE]``.

This module is the training *command* (it reads corpora and writes the model file); the
functions it calls (features, alignment, conversion) are pure. Training is deterministic: the
corpora are read in a fixed order, CRFsuite's L-BFGS runs single-threaded from zero weights,
so the same data gives the same ``model.crfsuite`` byte for byte.

Training data (see docs/parse.md):

* AnyStyle ``core.jsonl``, ``good.jsonl``, ``ugly.jsonl`` (``data/parsing/anystyle``), less
  every reference whose text also appears in ``gold.xml`` (the evaluation set is never
  trained on);
* optionally (``--sources anystyle,grobid,gost``) GROBID's citation corpus
  (``data/parsing/grobid/citation_corpus.jsonl``), labels mapped, without CJK references; it is
  left out by default because it did not help on the development split;
* refman's Kazakh/Russian GOST corpus (``refman/parse/training/corpus/gost.jsonl``), its
  ``train`` split only (20% of it is held out for evaluation).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from refman.parse.crf import MODEL_RESOURCE
from refman.parse.evaluate import Example, read_anystyle_xml, read_jsonl
from refman.parse.features import sequence_features
from refman.parse.training import SHARED_DATA
from refman.parse.training.align import to_training

__all__ = ["PARAMS", "collect", "main", "train"]

PARAMS: dict[str, Any] = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
"""CRFsuite L-BFGS parameters (L1 keeps the model small)."""

SOURCES = ("anystyle", "gost")
"""Corpora used by default. GROBID's corpus is supported (``--sources anystyle,grobid,gost``) but
left out: its conventions differ from AnyStyle's and adding it lowered F1 on the development
split (docs/parse.md)."""

DEFAULT_DATA = SHARED_DATA / "parsing"
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def collect(data_dir: Path, corpus_dir: Path = CORPUS_DIR, sources: Sequence[str] = SOURCES) -> list[Example]:
    """The training examples in a fixed order (gold.xml texts removed)."""
    anystyle = data_dir / "anystyle"
    gold = read_anystyle_xml((anystyle / "gold.xml").read_text(encoding="utf-8"), "gold")
    exclude = {_norm(e.text) for e in gold}
    out: list[Example] = []
    if "anystyle" in sources:
        for name in ("core", "good", "ugly"):
            for ex in read_jsonl((anystyle / f"{name}.jsonl").read_text(encoding="utf-8")):
                if _norm(ex.text) not in exclude:
                    out.append(ex)
    if "grobid" in sources:
        for ex in read_jsonl((data_dir / "grobid" / "citation_corpus.jsonl").read_text(encoding="utf-8")):
            if _norm(ex.text) not in exclude and not _CJK.search(ex.text):
                out.append(ex)
    if "gost" in sources:
        path = corpus_dir / "gost.jsonl"
        for ex in read_jsonl(path.read_text(encoding="utf-8")):
            if ex.meta.get("split") == "train":
                out.append(ex)
    return out


def train(
    examples: Sequence[Example], out: Path, params: dict[str, Any] | None = None, verbose: bool = False
) -> dict[str, Any]:
    """Train on ``examples``, write the CRFsuite model to ``out``; return what was used."""
    import pycrfsuite  # type: ignore[import-untyped]

    trainer = pycrfsuite.Trainer(verbose=verbose)
    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    digest = hashlib.sha256()
    n = 0
    for ex in examples:
        pair = to_training(ex)
        if pair is None or not pair[0]:
            continue
        words, labels = pair
        trainer.append(sequence_features(words), labels)
        counts.update(labels)
        sources[_source(ex)] += 1
        digest.update("\x1f".join(words).encode())
        digest.update("\x1e".join(labels).encode())
        n += 1
    used = dict(PARAMS, **(params or {}))
    trainer.set_params(used)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        trainer.train(str(path))
        out.write_bytes(path.read_bytes())
    return {
        "sequences": n,
        "sources": dict(sorted(sources.items())),
        "tokens": sum(counts.values()),
        "labels": dict(sorted(counts.items())),
        "params": used,
        "data_sha256": digest.hexdigest(),
    }


def _source(ex: Example) -> str:
    name = ex.id.split("#")[0]
    if name.endswith(".tei.xml"):
        return "grobid"
    if name in ("core.xml", "good.xml", "ugly.xml"):
        return "anystyle/" + name[:-4]
    return str(ex.meta.get("source", name)).split(":")[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: collect the corpora, train, write the model and its description."""
    ap = argparse.ArgumentParser(
        prog="python -m refman.parse.training.train", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the data/parsing directory")
    ap.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="the GOST corpus directory")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / MODEL_RESOURCE)
    ap.add_argument(
        "--sources", default=",".join(SOURCES), help="comma-separated corpora (anystyle, grobid, gost)"
    )
    ap.add_argument("--limit", type=int, default=0, help="use every k-th example to keep N (tests)")
    ap.add_argument("--iterations", type=int, default=0, help="override max_iterations")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    examples = collect(args.data, args.corpus, tuple(args.sources.split(",")))
    if args.limit and len(examples) > args.limit:
        step = len(examples) / args.limit
        examples = [examples[int(k * step)] for k in range(args.limit)]
    params = {"max_iterations": args.iterations} if args.iterations else {}
    start = time.time()
    meta = train(examples, args.out, params, args.verbose)
    meta_path = args.out.with_suffix(".meta.json")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"trained on {meta['sequences']} references ({meta['tokens']} tokens) in "
        f"{time.time() - start:.0f} s; wrote {args.out} ({args.out.stat().st_size} bytes) and {meta_path}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
