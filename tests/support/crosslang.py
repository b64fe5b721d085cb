"""The cross-language resolution set (tests/data/crosslang/) and its evaluation over real HTTP.

English works cited with their titles translated into Kazakh or Russian (by hand; see the data's
README), resolved by ``resolve_references`` against the Crossref-compatible server on 127.0.0.1
holding the targets and their look-alikes. Used by tests/integration/test_crosslang.py (the floor)
and by ``bench/crosslang.py`` (the figures, per feature).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from refman.model import Provenance, Reference
from refman.parse import parse_reference
from refman.resolve.records import Resolution
from refman.resolve.resolver import resolve_references
from refman.settings import Settings
from tests.support.crossref_server import CrossrefServer, WorkIndex, load_records

__all__ = ["DATA", "load_cases", "load_subset", "parsed", "resolve_on", "run", "score"]

DATA = Path(__file__).resolve().parent.parent / "data" / "crosslang"


def load_cases() -> list[dict[str, Any]]:
    """The committed references (``references.jsonl``)."""
    lines = (DATA / "references.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_subset() -> list[dict[str, Any]]:
    """The committed records the server holds (targets and look-alikes)."""
    return load_records(DATA / "works.jsonl.gz")


def parsed(cases: Sequence[Mapping[str, Any]]) -> list[Reference]:
    """Each string through refman's parser, the string kept (as ``refman resolve`` does)."""
    refs = []
    for case in cases:
        try:
            ref = parse_reference(case["text"], id=case["id"])
        except Exception:
            ref = Reference(id=case["id"], refman=Provenance(raw=case["text"]))
        ref.refman.raw = case["text"]
        refs.append(ref)
    return refs


def resolve_on(
    index: WorkIndex, cases: Sequence[Mapping[str, Any]], cache_dir: Path
) -> tuple[list[Resolution], int]:
    """Resolve the cases against a server over ``index``: their resolutions and the list requests."""
    with CrossrefServer(index, enforce_limits=False) as server:
        settings = Settings(crossref_url=server.url, mailto="bench@example.org", cache_dir=cache_dir)
        out, _report = resolve_references(parsed(cases), settings)
        lists = sum(1 for e in server.stats.log if e["path"] == "/works")
    resolutions = [Resolution.of(r) for r in out]
    return [r for r in resolutions if r is not None], lists


def score(cases: Sequence[Mapping[str, Any]], resolutions: Sequence[Resolution]) -> dict[str, Any]:
    """Recall, wrong DOIs, and candidate recall on the references not matched."""
    right = wrong = in_candidates = rest = 0
    missed: list[str] = []
    for case, res in zip(cases, resolutions, strict=True):
        doi = (res.DOI or "").lower() if res.status == "matched" else ""
        if doi == case["doi"]:
            right += 1
            continue
        if doi:
            wrong += 1
            missed.append(f"{case['id']}: WRONG {doi}")
            continue
        rest += 1
        if any((c.DOI or "").lower() == case["doi"] for c in res.candidates):
            in_candidates += 1
        else:
            missed.append(f"{case['id']}: {res.status} ({res.reason})")
    n = len(cases)
    return {
        "n": n,
        "recall": round(right / n, 3) if n else 0.0,
        "right": right,
        "wrong_dois": wrong,
        "candidate_recall": round(in_candidates / rest, 3) if rest else 1.0,
        "not_matched": rest,
        "missed": missed,
    }


def run(records: Iterable[Mapping[str, Any]], cases: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The references against every record, then again against the records without the targets."""
    records = list(records)
    targets = {c["doi"] for c in cases}
    with tempfile.TemporaryDirectory() as tmp:
        resolutions, lists = resolve_on(WorkIndex(records), cases, Path(tmp) / "pos")
        held_out = WorkIndex(r for r in records if str(r["DOI"]).lower() not in targets)
        neg_res, _ = resolve_on(held_out, cases, Path(tmp) / "neg")
    out = score(cases, resolutions)
    out["list_requests_per_reference"] = round(lists / len(cases), 2)
    out["negatives"] = len(cases)
    out["negatives_matched"] = sum(1 for r in neg_res if r.status == "matched")
    return out


_ROOT = Path(__file__).resolve().parent.parent.parent
#: Articles that print their keywords in Kazakh and/or Russian and in English (real, not constructed):
#: the two seed articles (kk/ru/en) and an HSE article (ru/en) of tests/data/extract_gold.
GLOSSARY_SOURCES = (
    "bibliography/articles/000_cd854a2d8b355c99.txt",
    "bibliography/articles/004_c159abb99046b70d.txt",
    "tests/data/extract_gold/ru_hse_38310145.txt",
)
_KEYWORD_LABELS = {"kk": ("Кілт сөздер", "Түйін сөздер"), "ru": ("Ключевые слова",), "en": ("Keywords",)}


def _keyword_lists(text: str) -> dict[str, list[str]]:
    """The keyword lists an article prints, by language: the phrases after the label, up to the
    full stop or the blank line that ends them."""
    import re

    flat = re.sub(r"[*_]", "", text)
    out: dict[str, list[str]] = {}
    for lang, labels in _KEYWORD_LABELS.items():
        for label in labels:
            m = re.search(re.escape(label) + r"\s*:\s*(.+?)(?:\.\s|\n\s*\n\s*\S*\n|$)", flat, re.S)
            if m:
                phrases = [" ".join(p.split()) for p in m.group(1).split(",")]
                out[lang] = [p for p in phrases if p]
                break
    return out


def build_glossary() -> list[tuple[str, str, str]]:
    """Kazakh/Russian -> English word pairs from keyword lists printed in two languages: the lists
    run in the same order, so phrase i is phrase i; a phrase pair gives word pairs when both have
    as many significant words (adjective and noun stand in the same order in all three languages:
    ``халықаралық қауіпсіздік`` / ``международная безопасность`` / ``international security``)."""
    from refman.resolve.words import significant_words

    pairs: dict[tuple[str, str], str] = {}
    for name in GLOSSARY_SOURCES:
        lists = _keyword_lists((_ROOT / name).read_text(encoding="utf-8"))
        english = lists.get("en")
        if not english:
            continue
        for lang in ("kk", "ru"):
            source = lists.get(lang)
            if not source or len(source) != len(english):
                continue
            for phrase, target in zip(source, english, strict=True):
                words = [w for w in phrase.lower().split() if len(significant_words(w)) == 1]
                targets = significant_words(target)
                if len(words) == len(targets):
                    for word, en in zip(words, targets, strict=True):
                        pairs.setdefault((word.strip(".;:"), en), f"{name} ({lang} keywords)")
    return [(word, en, origin) for (word, en), origin in sorted(pairs.items())]
