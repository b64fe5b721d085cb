"""Build ``gost.jsonl``: ``python -m refman.parse.training.corpus.generate [--data DIR] [--out FILE]``.

A command (it reads the shared data and writes the corpus file); the renderers it calls are
pure. Deterministic: fixed seeds, records in a fixed order, output sorted. Sources:

1. ``constructed``: :func:`~refman.parse.training.corpus.records.make_records` (Kazakh, Russian and some
   English works written for refman), rendered with refman's GOST 7.1/7.0.5, GOST 7.0.100-2018,
   romanised-References and APA-like renderers, and through one of the CSL styles of the shared
   data with citeproc-py;
2. ``crossref``: real Crossref work records (shared data), rendered in GOST as Russian and
   Kazakh lists cite foreign works, and through a CSL style;
3. ``handwritten``: ``handwritten.txt``, strings typed and labelled by hand.

Noise (:mod:`.noise`) is added to every rendered string. 20% of the records (all renderings of
a record together) and 20% of the hand-written strings are held out (``split: test``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from refman.parse.labels import LABELS, OTHER
from refman.parse.training import SHARED_DATA
from refman.parse.training.align import align
from refman.parse.training.corpus.cslrender import crossref_to_csl, item_from_record, render_csl
from refman.parse.training.corpus.noise import add_noise
from refman.parse.training.corpus.records import Record, make_records
from refman.parse.training.corpus.render import Pieces, render

__all__ = ["build", "main", "parse_handwritten"]

HERE = Path(__file__).resolve().parent
_TAG = re.compile(r"<([a-z-]+)>(.*?)</\1>")
_GOST_CSL = [
    "gost-r-7-0-5-2008.csl",
    "gost-r-7-0-5-2008-numeric.csl",
    "gost-r-7-0-5-2008-numeric-alphabetical.csl",
]
_OTHER_CSL = [
    "apa.csl",
    "apa-6th-edition.csl",
    "chicago-author-date.csl",
    "harvard-cite-them-right.csl",
    "ieee.csl",
    "modern-language-association.csl",
    "american-chemical-society.csl",
]


def _held_out(key: str) -> bool:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5 == 0


def parse_handwritten(text: str) -> list[tuple[str, Pieces]]:
    """(key, pieces) for each line of the hand-labelled file (``<label>text</label>`` markup).

    Lines starting with ``#`` are comments. Text outside tags is glue between fields.
    """
    out: list[tuple[str, Pieces]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pieces: Pieces = []
        pos = 0
        for m in _TAG.finditer(line):
            if m.group(1) not in LABELS:
                raise ValueError(f"handwritten.txt line {n}: unknown label {m.group(1)!r}")
            if m.start() > pos:
                pieces.append((OTHER, line[pos : m.start()]))
            pieces.append((m.group(1), m.group(2)))
            pos = m.end()
        if pos < len(line):
            pieces.append((OTHER, line[pos:]))
        if "<" in "".join(t for label, t in pieces if label == OTHER):
            raise ValueError(f"handwritten.txt line {n}: unbalanced tag")
        out.append((f"hand{n:04d}", pieces))
    return out


def _entry(key: str, pieces: Pieces, source: str, split: str, meta: dict[str, Any]) -> dict[str, Any] | None:
    text = " ".join("".join(t for _, t in pieces).split())
    aligned = align(text, [(lab, t) for lab, t in pieces])
    if aligned is None:
        return None
    tokens, labels = aligned
    segments: list[list[str]] = []
    starts: list[int] = []
    for tok, lab in zip(tokens, labels, strict=True):
        if segments and segments[-1][0] == lab:
            segments[-1][1] = text[starts[-1] : tok.end]
        else:
            segments.append([lab, tok.text])
            starts.append(tok.start)
    return {
        "id": f"gost.jsonl#{key}",
        "text": text,
        "segments": segments,
        "split": split,
        "source": source,
        **meta,
    }


def _crossref(data: Path, n: int, rng: random.Random) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    with gzip.open(data / "crossref" / "works.jsonl.gz", "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            item = crossref_to_csl(json.loads(line), f"cr{k:05d}")
            if item and item.get("author") and (item.get("container-title") or item.get("publisher")):
                items.append(item)
    rng.shuffle(items)
    return items[:n]


def _as_record(item: dict[str, Any]) -> Record:
    rec: Record = {
        "type": item["type"],
        "lang": "en",
        "key": item["id"],
        "title": item["title"],
        "year": item["issued"]["date-parts"][0][0],
    }
    rec["author"] = [(a["family"], a.get("given", "")) for a in item.get("author", [])]
    if item.get("editor"):
        rec["editor"] = [(a["family"], a.get("given", "")) for a in item["editor"]]
    for src, dst in (
        ("container-title", "container"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "pages"),
        ("DOI", "doi"),
        ("publisher", "publisher"),
    ):
        if item.get(src):
            rec[dst] = item[src]
    if rec["type"] not in ("article-journal", "chapter", "paper-conference", "book"):
        rec["type"] = "article-journal" if rec.get("container") else "book"
    if rec["type"] == "paper-conference":
        rec["conf_info"] = "proceedings"
    if rec["type"] in ("book", "chapter", "paper-conference") and rec.get("publisher"):
        rec["place"] = ("N. Y.", "New York", "New York")
    if rec.get("pages"):
        rec["pages"] = rec["pages"].replace("-", "–")
    return rec


def build(data: Path, seed: int = 2024, crossref: int = 300) -> list[dict[str, Any]]:
    """All corpus entries, in a fixed order."""
    rng = random.Random(seed)
    styles_dir = data / "csl" / "styles"
    out: list[dict[str, Any]] = []

    def add(key: str, pieces: Pieces | None, source: str, record_key: str, meta: dict[str, Any]) -> None:
        if pieces is None:
            return
        number = rng.randint(1, 60) if rng.random() < 0.2 else None
        noisy = add_noise(pieces, rng, number)
        entry = _entry(key, noisy, source, "test" if _held_out(record_key) else "train", meta)
        if entry is not None:
            out.append(entry)

    for rec in make_records():
        key = rec["key"]
        meta = {"type": rec["type"], "lang": rec["lang"]}
        add(f"{key}-gost", render(rec, "gost", rng), "constructed:gost", key, meta | {"style": "gost"})
        second = rng.choices(["gost2018", "romanised", "apa", "gost"], [0.3, 0.3, 0.25, 0.15])[0]
        add(
            f"{key}-{second}-2",
            render(rec, second, rng),
            f"constructed:{second}",
            key,
            meta | {"style": second},
        )
        style = rng.choice(_GOST_CSL) if rng.random() < 0.65 else rng.choice(_OTHER_CSL)
        locale = "ru-RU" if rec["lang"] != "en" or style in _GOST_CSL else "en-US"
        pieces = render_csl(item_from_record(rec, key), str(styles_dir / style), locale)
        add(f"{key}-csl", pieces, f"constructed:csl:{style[:-4]}", key, meta | {"style": style[:-4]})
    for item in _crossref(data, crossref, rng):
        key = item["id"]
        rec = _as_record(item)
        meta = {"type": rec["type"], "lang": "en"}
        add(
            f"{key}-gost",
            render(rec, rng.choice(["gost", "gost", "gost2018"]), rng),
            "crossref:gost",
            key,
            meta | {"style": "gost"},
        )
        style = rng.choice(_GOST_CSL) if rng.random() < 0.6 else rng.choice(_OTHER_CSL)
        pieces = render_csl(item, str(styles_dir / style), "ru-RU" if style in _GOST_CSL else "en-US")
        add(f"{key}-csl", pieces, f"crossref:csl:{style[:-4]}", key, meta | {"style": style[:-4]})
    for key, pieces in parse_handwritten((HERE / "handwritten.txt").read_text(encoding="utf-8")):
        entry = _entry(
            key, pieces, "handwritten", "test" if _held_out(key) else "train", {"style": "handwritten"}
        )
        if entry is None:
            raise ValueError(f"handwritten.txt: {key} does not align")
        out.append(entry)
    return out


def dump(entries: Iterable[dict[str, Any]]) -> str:
    """JSONL, one entry a line."""
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the corpus and write it."""
    ap = argparse.ArgumentParser(
        prog="python -m refman.parse.training.corpus.generate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--data", type=Path, default=SHARED_DATA, help="the shared data directory")
    ap.add_argument("--out", type=Path, default=HERE / "gost.jsonl")
    args = ap.parse_args(argv)
    entries = build(args.data)
    args.out.write_text(dump(entries), encoding="utf-8")
    test = sum(1 for e in entries if e["split"] == "test")
    print(f"wrote {len(entries)} labelled strings ({test} held out) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
