"""Rebuild ``tests/data/exports/`` from real data (run by hand, not by the tests).

The mixed kk/ru/en collection the consumer tests compile (see tests/data/exports/SOURCE.md):
real Crossref records of every Crossref type (and of Cyrillic, HTML entities or U+FFFD in their
titles), real Crossref CSL transforms, real BibTeX and biblatex entries, refman's own parse of
two real Russian articles. ``constructed.json`` (the CSL types no real record here has) is
written by hand and left alone.

    python -m bench.make_export_collection
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "tests" / "data" / "exports"
#: Crossref type -> how many records of it to take.
PER_TYPE = {"journal-article": 12, "book-chapter": 4, "proceedings-article": 4}
ODD_TITLE = re.compile(r"[а-яА-ЯёЁ]|&[a-z]+;|\ufffd|[\u0e00-\u0e7f]|„")
RUSSIAN_ARTICLES = {"ru_npe_2022_02_03.md": 13, "ru_hse_37176014.txt": 25}
BIB_TYPES_PER = 2


def _crossref() -> list[dict[str, object]]:
    picked: list[dict[str, object]] = []
    taken: dict[str, int] = {}
    with gzip.open(SHARED / "crossref" / "works.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            kind = str(record.get("type"))
            titles = " ".join(t for t in record.get("title", []) if isinstance(t, str))
            odd = bool(ODD_TITLE.search(titles)) and taken.get("odd", 0) < 12
            if odd or taken.get(kind, 0) < PER_TYPE.get(kind, 3):
                record.pop("reference", None)  # the cited works: long, and no part of the item
                picked.append(record)
                key = "odd" if odd else kind
                taken[key] = taken.get(key, 0) + 1
    return picked


def _transforms() -> list[object]:
    folder = SHARED / "crossref" / "content_negotiation"
    index = [json.loads(line) for line in (folder / "index.jsonl").open(encoding="utf-8")]
    files = sorted({row["file"] for row in index if row["kind"] == "csl-json"})
    out: list[object] = []
    for name in files[::5]:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("title") and len(out) < 8:  # CSL, not OpenAlex
                item.pop("reference", None)
                out.append(item)
    return out


def _bib_entries() -> str:
    text = (SHARED / "bib" / "bibliotex_combined.bib").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=@)", text)
    per: dict[str, int] = {}
    kept = []
    for entry in entries:
        match = re.match(r"@(\w+)\s*\{", entry)
        if not match:
            continue
        kind = match.group(1).lower()
        if per.get(kind, 0) < (6 if kind == "article" else BIB_TYPES_PER):
            per[kind] = per.get(kind, 0) + 1
            kept.append(entry.strip())
    with gzip.open(SHARED / "bib" / "beebe_fish_all_146k.bib.gz", "rt", encoding="utf-8") as beebe:
        head = beebe.read(400_000)
    fielded = [e.strip() for e in re.split(r"\n(?=@Article)", head) if "fjournal" in e and "bibdate" in e]
    kept += fielded[:6]
    return "\n\n".join(kept) + "\n"


def _russian() -> list[dict[str, object]]:
    from refman.extract import extract_article

    out = []
    for name, count in RUSSIAN_ARTICLES.items():
        path = ROOT / "tests" / "data" / "extract_gold" / name
        article = extract_article(path.read_text(encoding="utf-8"), Path(name).stem)
        out += [ref.to_csl() for ref in article.references[:count]]
    return out


def main() -> None:
    """Write the real parts of tests/data/exports/."""
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    records = _crossref()
    (OUT / "crossref_works.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    transforms = _transforms()
    (OUT / "crossref_transforms.json").write_text(
        json.dumps(transforms, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (OUT / "entries.bib").write_text(_bib_entries(), encoding="utf-8")
    (OUT / "refman_ru.json").write_text(
        json.dumps(_russian(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    built = (ROOT / "bibliography" / "references.json").read_text(encoding="utf-8")
    (OUT / "refman_kk.json").write_text(built, encoding="utf-8")
    print(f"{len(records)} Crossref records, {len(transforms)} transforms written to {OUT}")


if __name__ == "__main__":
    main()
