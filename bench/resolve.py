"""Benchmark: resolving reference strings against a Crossref-compatible server, the way Crossref
evaluated its own matcher (search-based matching with validation).

Data (all real records, rendered here):
* ``/work/shared/data/crossref/works.jsonl.gz`` (7,551 Crossref records). Records are split by a
  hash of their DOI into ``dev`` (the matcher's thresholds were tuned on it) and ``test``.
* ``--n`` positives (default 2,000) from the chosen split, each rendered by citeproc-py through
  the CSL styles in ``/work/shared/data/csl/styles`` twice: a *clean* string (one style) and a
  *noisy* one (another style, after two or three of: surname typos, wrong initials, year +-1,
  title dropped, title replaced by a Cyrillic stand-in for a translation, container abbreviated,
  author names written in Cyrillic). DOIs and URLs are never rendered.
* ``--negatives`` (default 500) more records, rendered the same way (half of them clean, half
  noisy) and then *removed from the server*: any DOI given for them is wrong.

The server (``tests/support/crossref_server.py``, a separate process) holds every other record
and advertises ``--rate`` list queries per second. refman resolves every string (parsed with
``refman.parse_reference``) through ``resolve_references``; then again from the cache.

Printed: precision and recall per set, wrongly matched negatives, the request rate against the
server's advertised limit (and its 429 count), references per second from the cache, and two
baselines computed from the very same candidate lists: *first hit* (what papis does) and
*first hit if its first author's surname is similar* (GROBID's consolidation check), so each
figure reads as a ratio against a tool users would otherwise pick.

    python bench/resolve.py                  # test split, 2,000 + 500, rate 50/s
    python bench/resolve.py --split dev      # the data the thresholds were tuned on
    python bench/resolve.py --inproc         # no HTTP: search the index in-process (fast tuning)
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.model import Provenance, Reference  # noqa: E402

if TYPE_CHECKING:
    from tests.support.crossref_server import WorkIndex
from refman.parse import parse_reference  # noqa: E402
from refman.resolve.cache import Cache  # noqa: E402
from refman.resolve.crossref import search_key  # noqa: E402
from refman.resolve.features import bibliographic_query, ref_features, year_filter  # noqa: E402
from refman.resolve.mapping import crossref_to_csl  # noqa: E402
from refman.resolve.match import match_candidates  # noqa: E402
from refman.resolve.records import Resolution  # noqa: E402
from refman.resolve.resolver import resolve_references  # noqa: E402
from refman.settings import Settings  # noqa: E402

DATA = Path(os.environ.get("REFMAN_SHARED_DATA", "/work/shared/data"))
WORKS = DATA / "crossref" / "works.jsonl.gz"
INDEX = DATA / "crossref" / "works_index.tsv"
STYLES_DIR = DATA / "csl" / "styles"
#: The styles rendered (no Vancouver style is in the shared data; ACS is the numeric,
#: journal-abbreviating stand-in).
STYLES = (
    "apa",
    "chicago-author-date",
    "modern-language-association",
    "ieee",
    "american-chemical-society",
    "harvard-cite-them-right",
    "gost-r-7-0-5-2008",
)
TYPES = frozenset(
    {
        "journal-article",
        "proceedings-article",
        "book-chapter",
        "book",
        "monograph",
        "edited-book",
        "reference-book",
        "report",
        "dissertation",
        "posted-content",
        "standard",
    }
)
#: Bumped when the rendering or the noise changes (names the cached dataset file).
DATASET_VERSION = 2
NOISE_OPS = ("typo", "initials", "year", "drop_title", "translate_title", "abbreviate", "cyrillic_names")
# Stand-in words for a title translated into Russian or Kazakh (not a translation: a title in
# another script, which is what a translated title is to a matcher).
_CYR_WORDS = [
    "исследование",
    "анализ",
    "влияние",
    "развитие",
    "методы",
    "система",
    "модель",
    "оценка",
    "применение",
    "особенности",
    "проблемы",
    "современные",
    "подход",
    "результаты",
    "структура",
    "процессы",
    "свойства",
    "управление",
    "эффективность",
    "данных",
    "основе",
    "условиях",
    "сравнительный",
    "экспериментальное",
    "теоретические",
    "аспекты",
    "зерттеу",
    "талдау",
    "әсері",
    "дамыту",
    "әдістері",
    "жүйесі",
    "негізгі",
    "мәселелері",
    "қазіргі",
    "тәжірибе",
    "нәтижелері",
]
_LAT_CYR = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("th", "т"),
    ("ph", "ф"),
    ("ck", "к"),
    ("ya", "я"),
    ("yu", "ю"),
    ("oo", "у"),
    ("ee", "и"),
    ("a", "а"),
    ("b", "б"),
    ("c", "к"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "дж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "й"),
    ("z", "з"),
]


# --- data -----------------------------------------------------------------------------------------


def _split_of(doi: str) -> str:
    return "dev" if int(hashlib.sha1(doi.encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_works() -> list[dict[str, Any]]:
    """All real records (the server's corpus)."""
    sys.path.insert(0, str(ROOT))
    from tests.support.crossref_server import load_records

    return load_records(WORKS)


def eligible(records: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Records a reference list would cite: a known type, title, a named author and a year."""
    partial = set()
    if INDEX.exists():
        for line in INDEX.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) > 3 and cols[3] == "1":
                partial.add(cols[0].lower())
    out = []
    for r in records:
        doi = str(r.get("DOI", "")).lower()
        if not doi or doi in partial or r.get("type") not in TYPES:
            continue
        csl = crossref_to_csl(r)
        if not csl.get("title") or not csl.get("issued"):
            continue
        if not any("family" in a for a in csl.get("author", [])):
            continue
        out.append(r)
    return out


def _to_cyrillic(name: str) -> str:
    low = unicodedata.normalize("NFKD", name.lower())
    low = "".join(c for c in low if not unicodedata.combining(c))
    out = []
    i = 0
    while i < len(low):
        for lat, cyr in _LAT_CYR:
            if low.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(low[i])
            i += 1
    text = "".join(out)
    return text[:1].upper() + text[1:]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("sub", "del", "ins", "swap"))
    letters = "aeioulnrstkmv"
    if op == "sub":
        return word[:i] + rng.choice([c for c in letters if c != word[i]]) + word[i + 1 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    if op == "ins":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _abbreviate(container: str, rng: random.Random) -> str:
    words = [
        w
        for w in re.split(r"\s+", container)
        if w.lower() not in ("of", "the", "and", "&", "for", "in", "on")
    ]
    out = []
    for w in words:
        core = w.strip(",.:;")
        if len(core) > 5:
            cut = rng.randint(3, 5)
            out.append(core[:cut] + ".")
        else:
            out.append(core)
    return " ".join(out)


def add_noise(
    item: dict[str, Any], record: Mapping[str, Any], rng: random.Random
) -> tuple[dict[str, Any], list[str]]:
    """Two or three noise operations applied to a CSL item (at most one to the title)."""
    ops = rng.sample(NOISE_OPS, rng.choice((2, 2, 3)))
    if "drop_title" in ops and "translate_title" in ops:
        ops.remove("translate_title")
    out = json.loads(json.dumps(item))
    authors = [a for a in out.get("author", []) if "family" in a]
    for op in ops:
        if op == "typo" and authors:
            for a in rng.sample(authors, min(len(authors), rng.choice((1, 2)))):
                a["family"] = _typo(a["family"], rng)
        elif op == "initials" and authors:
            for a in authors:
                a["given"] = f"{rng.choice('ABCDEGHIJKLMNOPRSTVW')}."
        elif op == "year" and out.get("issued"):
            y = out["issued"]["date-parts"][0][0]
            out["issued"] = {"date-parts": [[y + rng.choice((-1, 1))]]}
        elif op == "drop_title":
            out.pop("title", None)
        elif op == "translate_title" and out.get("title"):
            n = max(3, min(10, len(str(out["title"]).split())))
            out["title"] = " ".join(rng.choice(_CYR_WORDS) for _ in range(n)).capitalize()
        elif op == "abbreviate" and out.get("container-title"):
            short = record.get("short-container-title")
            if isinstance(short, list) and short and rng.random() < 0.5:
                out["container-title"] = short[0]
            else:
                out["container-title"] = _abbreviate(str(out["container-title"]), rng)
        elif op == "cyrillic_names" and authors:
            for a in authors:
                a["family"] = _to_cyrillic(a["family"])
                if a.get("given"):
                    a["given"] = _to_cyrillic(a["given"][0]) + "."
    return out, ops


class Renderer:
    """citeproc-py over the shared CSL styles (one bibliography object per style)."""

    def __init__(self) -> None:
        from citeproc import CitationStylesStyle

        self.styles: dict[str, Any] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in STYLES:
                locale = "ru-RU" if name.startswith("gost") else "en-US"
                self.styles[name] = CitationStylesStyle(
                    str(STYLES_DIR / f"{name}.csl"), validate=False, locale=locale
                )

    def render(self, style: str, item: Mapping[str, Any]) -> str:
        """One reference string."""
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = CiteProcJSON([dict(item)])
            bib = CitationStylesBibliography(self.styles[style], source, formatter.plain)
            bib.register(Citation([CitationItem(str(item["id"]))]))
            text = str(bib.bibliography()[0])
        return " ".join(text.split())


def build_dataset(n: int, negatives: int, split: str, seed: int, workdir: Path) -> dict[str, Any]:
    """The labelled strings (cached in ``workdir`` by parameters)."""
    path = workdir / f"dataset-v{DATASET_VERSION}-{split}-{n}-{negatives}-{seed}.json"
    if path.exists():
        cached: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    rng = random.Random(seed)
    records = eligible(load_works())
    pool = [r for r in records if split == "all" or _split_of(str(r["DOI"]).lower()) == split]
    rng.shuffle(pool)
    if len(pool) < n + negatives:
        raise SystemExit(f"only {len(pool)} eligible records in split {split!r}")
    renderer = Renderer()
    rows: list[dict[str, Any]] = []
    for i, rec in enumerate(pool[: n + negatives]):
        item = crossref_to_csl(rec)
        for key in ("DOI", "URL", "ISSN", "ISBN", "number"):
            item.pop(key, None)
        item["id"] = f"r{i}"
        negative = i >= n
        clean_style = STYLES[i % len(STYLES)]
        noisy_style = STYLES[(i + 3) % len(STYLES)]
        noisy_item, ops = add_noise(item, rec, rng)
        base = {"doi": str(rec["DOI"]).lower(), "type": rec.get("type")}
        if negative and i % 2:
            # half the negatives are noisy too: a wrong match is likelier on a noisy string
            rows.append(
                {
                    **base,
                    "set": "negative",
                    "style": noisy_style,
                    "ops": ops,
                    "text": renderer.render(noisy_style, noisy_item),
                }
            )
            continue
        rows.append(
            {
                **base,
                "set": "negative" if negative else "clean",
                "style": clean_style,
                "ops": [],
                "text": renderer.render(clean_style, item),
            }
        )
        if not negative:
            rows.append(
                {
                    **base,
                    "set": "noisy",
                    "style": noisy_style,
                    "ops": ops,
                    "text": renderer.render(noisy_style, noisy_item),
                }
            )
    data = {"split": split, "seed": seed, "n": n, "negatives": negatives, "rows": rows}
    workdir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


# --- evaluation -----------------------------------------------------------------------------------


def evaluate(rows: Sequence[Mapping[str, Any]], predicted: Sequence[str | None]) -> dict[str, dict[str, Any]]:
    """Precision and recall per set; for negatives, the share wrongly matched."""
    out: dict[str, dict[str, Any]] = {}
    for name in ("clean", "noisy", "negative"):
        idx = [i for i, r in enumerate(rows) if r["set"] == name]
        if not idx:
            continue
        answered = [i for i in idx if predicted[i]]
        correct = [i for i in answered if predicted[i] == rows[i]["doi"]]
        if name == "negative":
            out[name] = {
                "n": len(idx),
                "wrongly_matched": len(answered),
                "rate": round(len(answered) / len(idx), 4),
            }
        else:
            p = len(correct) / len(answered) if answered else 1.0
            r = len(correct) / len(idx)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            out[name] = {
                "n": len(idx),
                "matched": len(answered),
                "correct": len(correct),
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f1, 4),
            }
    return out


def _first_author_ok(record: Mapping[str, Any], text: str) -> bool:
    authors = record.get("author") or []
    if not authors or not isinstance(authors[0], Mapping) or "family" not in authors[0]:
        return False
    a = str(authors[0]["family"]).lower()
    b = text.lower()[: 2 * len(a) + 12]
    best = max(
        (difflib.SequenceMatcher(None, a, b[i : i + len(a)]).ratio() for i in range(len(b))), default=0.0
    )
    return best >= 0.8


def baselines(
    rows: Sequence[Mapping[str, Any]], candidates: Sequence[Sequence[Mapping[str, Any]]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Two policies users meet in other tools, on the same candidate lists."""
    first = [str(c[0]["DOI"]).lower() if c else None for c in candidates]
    grobid = [
        str(c[0]["DOI"]).lower() if c and _first_author_ok(c[0], rows[i]["text"]) else None
        for i, c in enumerate(candidates)
    ]
    return {
        "first_hit (papis)": evaluate(rows, first),
        "first_hit+surname>=0.8 (GROBID)": evaluate(rows, grobid),
    }


def parse_all(rows: Sequence[Mapping[str, Any]]) -> list[Reference]:
    """Each string through refman's parser (the raw string is kept, as in ``refman resolve``)."""
    refs = []
    for i, row in enumerate(rows):
        try:
            ref = parse_reference(row["text"], id=f"b{i}")
        except Exception:
            ref = Reference(id=f"b{i}", refman=Provenance(raw=row["text"]))
        ref.refman.raw = row["text"]
        refs.append(ref)
    return refs


def search_index(index: WorkIndex, ref: Reference) -> list[dict[str, Any]]:
    """The top 20 records the local index offers for a reference, as the resolver would ask."""
    years = year_filter(ref)
    _, items = index.search(
        bibliographic_query(ref),
        rows=20,
        year_from=years[0] if years else None,
        year_until=years[1] if years else None,
    )
    return list(items)


def inprocess(
    rows: Sequence[Mapping[str, Any]], refs: Sequence[Reference]
) -> tuple[list[str | None], list[Any]]:
    """Search the index in this process and match (no HTTP): for tuning the matcher quickly."""
    from tests.support.crossref_server import WorkIndex

    negatives = {r["doi"] for r in rows if r["set"] == "negative"}
    index = WorkIndex([r for r in load_works() if str(r.get("DOI", "")).lower() not in negatives])
    from refman.resolve.crossref import SELECT_FIELDS

    predicted: list[str | None] = []
    cands: list[Any] = []
    results = []
    for ref in refs:
        items = [{k: v for k, v in it.items() if k in SELECT_FIELDS} for it in search_index(index, ref)]
        cands.append(items)
        res = match_candidates(ref_features(ref), items)
        results.append(res)
        predicted.append(res.doi if res.status == "matched" else None)
    return predicted, [cands, results]


def _matched_doi(ref: Reference) -> str | None:
    """The DOI resolution accepted for ``ref`` (lower case), or None."""
    resolution = Resolution.of(ref)
    matched = resolution is not None and resolution.status == "matched"
    return str(ref.DOI).lower() if matched and ref.DOI else None


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def start_server(
    rows: Sequence[Mapping[str, Any]], rate: int, concurrency: int, workdir: Path
) -> tuple[subprocess.Popen[str], str]:
    """The Crossref-compatible server in its own process, without the negatives."""
    exclude = workdir / "negatives.txt"
    exclude.write_text("\n".join(r["doi"] for r in rows if r["set"] == "negative") + "\n", encoding="utf-8")
    cmd = [
        sys.executable,
        "-m",
        "tests.support.crossref_server",
        "--records",
        str(WORKS),
        "--exclude",
        str(exclude),
        "--rate",
        str(rate),
        "--single-rate",
        str(max(rate, 10)),
        "--concurrency",
        str(concurrency),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        raise SystemExit(f"server did not start: {url!r}")
    return proc, url


def run(args: argparse.Namespace) -> dict[str, Any]:
    """The whole benchmark; returns the figures."""
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="refman-bench-resolve-"))
    t0 = time.perf_counter()
    data = build_dataset(args.n, args.negatives, args.split, args.seed, workdir)
    rows = data["rows"]
    t_data = time.perf_counter() - t0
    t0 = time.perf_counter()
    refs = parse_all(rows)
    t_parse = time.perf_counter() - t0
    out: dict[str, Any] = {
        "split": args.split,
        "seed": args.seed,
        "strings": len(rows),
        "sets": dict(Counter(r["set"] for r in rows)),
        "styles": list(STYLES),
        "dataset_s": round(t_data, 1),
        "parse_s": round(t_parse, 2),
    }
    if args.inproc:
        t0 = time.perf_counter()
        predicted, (cands, results) = inprocess(rows, refs)
        out["inproc_s"] = round(time.perf_counter() - t0, 1)
        out["refman"] = evaluate(rows, predicted)
        out["baselines"] = baselines(rows, cands)
        out["status"] = dict(Counter(r.status for r in results))
        if args.dump:
            dump = [
                {
                    **rows[i],
                    "predicted": predicted[i],
                    "status": results[i].status,
                    "match": results[i].resolution().to_json(),
                    "gold_in_candidates": any(
                        str(c.get("DOI", "")).lower() == rows[i]["doi"] for c in cands[i]
                    ),
                }
                for i in range(len(rows))
            ]
            Path(args.dump).write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
        return out
    proc, url = start_server(rows, args.rate, args.concurrency, workdir)
    try:
        settings = Settings(crossref_url=url, mailto="bench@example.org", cache_dir=workdir / "cache")
        t0 = time.perf_counter()
        resolved, report = resolve_references(refs, settings)
        elapsed = time.perf_counter() - t0
        server = _get_json(f"{url}/_stats")
        predicted = [_matched_doi(r) for r in resolved]
        out["refman"] = evaluate(rows, predicted)
        busy = report.client.busy_s or elapsed
        out["uncached"] = {
            "seconds": round(elapsed, 1),
            "references_per_s": round(len(refs) / elapsed, 1),
            "requests_per_s_while_fetching": round(report.client.requests / busy, 2),
            "advertised_limit_per_s": args.rate,
            "server_refusals_for_exceeding_limits": server["rate_limited"] + server["concurrency_limited"],
            "server": server,
            "client": report.client.to_json(),
            "report": {
                k: v
                for k, v in report.to_json().items()
                if k in ("matched", "ambiguous", "unmatched", "not_checked", "complete")
            },
        }
        # baselines on the same candidate lists (from the cache: no extra requests)
        with Cache(workdir / "cache") as cache:
            keys = [f"{url}|{search_key(bibliographic_query(r), year_filter(r))}" for r in refs]
            hits = cache.get_many("search", keys)
            cands = [hits.get(k, (0, []))[1] or [] for k in keys]
        out["baselines"] = baselines(rows, cands)
        # cached re-run (same references, same cache)
        t0, c0 = time.perf_counter(), time.process_time()
        again, report2 = resolve_references(refs, settings)
        cached_s, cached_cpu_s = time.perf_counter() - t0, time.process_time() - c0
        same = sum(1 for a, b in zip(resolved, again, strict=True) if a.to_csl() == b.to_csl())
        out["cached"] = {
            "seconds": round(cached_s, 3),
            "references_per_s": round(len(refs) / cached_s, 1),
            "references_per_cpu_s": round(len(refs) / cached_cpu_s, 1),
            "identical_results": same == len(refs),
            "requests": report2.client.requests,
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if args.pace_n:
        out["pacing"] = pacing(rows, refs[: args.pace_n], args.pace_rate, args.concurrency, workdir)
    return out


def pacing(
    rows: Sequence[Mapping[str, Any]], refs: Sequence[Reference], rate: int, concurrency: int, workdir: Path
) -> dict[str, Any]:
    """Fresh cache, a server advertising ``rate``: how close the client keeps to it (and never over)."""
    proc, url = start_server(rows, rate, concurrency, workdir)
    try:
        settings = Settings(crossref_url=url, mailto="bench@example.org", cache_dir=workdir / "cache-pacing")
        _, report = resolve_references(refs, settings)
        server = _get_json(f"{url}/_stats")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    achieved = report.client.requests / report.client.busy_s if report.client.busy_s else 0.0
    return {
        "references": len(refs),
        "advertised_limit_per_s": rate,
        "requests_per_s": round(achieved, 2),
        "utilisation": round(achieved / rate, 3),
        "server_refusals_for_exceeding_limits": server["rate_limited"] + server["concurrency_limited"],
        "peak_in_flight": server["peak_in_flight"],
    }


def _table(out: Mapping[str, Any]) -> Iterator[str]:
    yield f"split={out['split']} strings={out['strings']} sets={out['sets']}"
    groups: list[tuple[str, Mapping[str, Any]]] = [("refman", out["refman"])]
    groups += list(out.get("baselines", {}).items())
    yield f"{'policy':36} {'set':9} {'precision':>9} {'recall':>7} {'f1':>6} {'wrong neg':>9}"
    for name, res in groups:
        for set_name in ("clean", "noisy"):
            r = res.get(set_name)
            if r:
                yield f"{name:36} {set_name:9} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:6.3f}"
        neg = res.get("negative")
        if neg:
            yield f"{name:36} {'negative':9} {'':9} {'':7} {'':6} {neg['rate']:9.4f}"
    if "uncached" in out:
        u = out["uncached"]
        yield (
            f"uncached: {u['seconds']} s for {out['strings']} strings; "
            f"{u['requests_per_s_while_fetching']} req/s "
            f"against an advertised {u['advertised_limit_per_s']}/s; refusals for exceeding limits: "
            f"{u['server_refusals_for_exceeding_limits']}"
        )
        c = out["cached"]
        yield (
            f"cached re-run: {c['references_per_s']} references/s ({c['references_per_cpu_s']} per CPU-s), "
            f"identical: {c['identical_results']}"
        )
    if "pacing" in out:
        p = out["pacing"]
        yield (
            f"pacing: {p['requests_per_s']} req/s against an advertised {p['advertised_limit_per_s']}/s "
            f"(utilisation {p['utilisation']}), refusals for exceeding limits: "
            f"{p['server_refusals_for_exceeding_limits']}"
        )
    yield "baseline for the request rate: habanero alone, sequential, 8.2 req/s (BENCHMARKS.md)"


def main(argv: Sequence[str] | None = None, printer: Callable[[str], None] = print) -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--negatives", type=int, default=500)
    ap.add_argument("--split", choices=("dev", "test", "all"), default="test")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rate", type=int, default=50, help="list queries per second the server advertises")
    ap.add_argument("--concurrency", type=int, default=5)
    ap.add_argument("--pace-rate", type=int, default=10, help="advertised rate of the pacing run")
    ap.add_argument("--pace-n", type=int, default=300, help="references in the pacing run (0: skip it)")
    ap.add_argument("--workdir", help="keep the dataset and cache here (default: a temporary directory)")
    ap.add_argument("--inproc", action="store_true", help="search in-process, no HTTP (for tuning)")
    ap.add_argument("--dump", help="(with --inproc) write every matcher result to this JSON file")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    out = run(args)
    if args.json:
        printer(json.dumps(out, indent=1))
    else:
        for line in _table(out):
            printer(line)


if __name__ == "__main__":
    main()
