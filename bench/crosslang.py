"""Cross-language resolution: English works cited with their titles translated into Kazakh or Russian.

The set (``tests/data/crosslang/``, see its README): real Crossref records, each cited the way Kazakh
journals cite foreign work: the title translated by hand, sometimes no container, sometimes the
surname misspelt or written in Cyrillic. Every reference goes through refman's parser and
``resolve_references`` over real HTTP to the local Crossref-compatible server, which holds the
targets and their look-alikes (the same authors' other papers, the same years' topic twins).

Printed: recall (the right DOI asserted), wrong DOIs (any other DOI asserted), candidate recall
(the right record among the review candidates of the references not matched), the negatives (the
same references against the server without any of the targets: any DOI asserted is wrong) and the list
requests per reference (Crossref's polite pool allows 3 list requests a second).

    python -m bench.crosslang                      # the committed subset (tests/data/crosslang)
    python -m bench.crosslang --full               # all 7,551 shared records as the server's data
    python -m bench.crosslang --build              # rewrite references.jsonl and works.jsonl.gz
    python -m bench.crosslang --ablation           # the figures again without each feature in turn
    python -m bench.crosslang --generic            # the generic title words, from the shared records
    python -m bench.crosslang --glossary           # rewrite refman/resolve/glossary.py from the articles
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.crosslang import (  # noqa: E402
    DATA,
    build_glossary,
    load_cases,
    load_subset,
    resolve_on,
    run,
)
from tests.support.crossref_server import WorkIndex, load_records  # noqa: E402

SHARED_WORKS = ROOT.parent / "shared" / "data" / "crossref" / "works.jsonl.gz"


def _initials(given: str) -> str:
    parts = [p for p in given.replace(".", " ").split() if p]
    out = []
    for part in parts:
        pieces = [x for x in part.split("-") if x]
        out.append("-".join(f"{x[0]}." for x in pieces))
    return " ".join(out)


def _year(record: Mapping[str, Any]) -> int:
    for key in ("issued", "published-print", "published-online"):
        parts = (record.get(key) or {}).get("date-parts")
        if parts and parts[0] and parts[0][0]:
            return int(parts[0][0])
    raise ValueError(f"{record.get('DOI')}: no year")


def render(entry: Mapping[str, Any], record: Mapping[str, Any]) -> str:
    """The reference as a Kazakh (APA-like, as seed 004 prints them) or Russian (GOST) list writes it."""
    people = [p for p in record.get("author", []) if p.get("family")]
    gost = entry["lang"] == "ru"
    names: list[str] = list(entry.get("authors") or [])
    if not names:
        for p in people[:3]:
            initials = _initials(str(p.get("given", "")))
            names.append(
                f"{p['family']} {initials}".strip() if gost else f"{p['family']}, {initials}".strip(", ")
            )
    more = len(people) > len(names)
    year = _year(record)
    title = entry["title"]
    container = (record.get("container-title") or [""])[0]
    volume, issue, page = record.get("volume"), record.get("issue"), record.get("page")
    if gost:
        text = ", ".join(names) + (" и др." if more else "") + f" {title}"
        if entry.get("no_container"):
            return f"{text}. – {year}."
        tail = ", ".join(n for n in (f"Т. {volume}" if volume else "", f"№ {issue}" if issue else "") if n)
        return (
            f"{text} // {container}. – {year}."
            + (f" – {tail}." if tail else "")
            + (f" – С. {page}." if page else "")
        )
    head = ", ".join(names[:-1]) + (f", & {names[-1]}" if len(names) > 1 else names[0])
    if more:
        head = ", ".join(names) + ", et al."
    text = f"{head} ({year}). {title}."
    if entry.get("no_container"):
        return text
    numbers = f", {volume}" + (f" ({issue})" if issue else "") if volume else ""
    return f"{text} {container}{numbers}" + (f", {page}." if page else ".")


class _RecordingIndex(WorkIndex):
    """A WorkIndex that remembers every DOI it returned (to build the committed subset)."""

    returned: set[str]

    def search(self, query: str, *args: Any, **kwargs: Any) -> tuple[int, list[dict[str, Any]]]:
        total, items = super().search(query, *args, **kwargs)
        self.returned.update(str(i["DOI"]).lower() for i in items)
        return total, items


def _without(feature: str) -> Callable[[], None]:
    """Switch one cross-language feature off in this process; returns what switches it back on."""
    from refman.resolve import evidence, features, resolver, words

    def kinds(without: str) -> list[tuple[Any, str, Any]]:
        return [(words, "TRACE_KINDS", words.TRACE_KINDS - {without})]

    patches: dict[str, list[tuple[Any, str, Any]]] = {
        "phonetic names": [
            (evidence, "phonetic_keys", lambda _n: frozenset()),
            (features, "phonetic_keys", lambda _n: frozenset()),
            (words, "phonetic_keys", lambda _n: frozenset()),
        ],
        "Palladius names": [(evidence, "palladius", lambda _n: ""), (words, "palladius", lambda _n: "")],
        "cognates": [(words, "cognates", lambda _a, _b: False)],
        "numbers": kinds("number"),
        "acronyms": kinds("acronym"),
        "Latin names": kinds("name"),
        "glossary": [(words, "glossary_terms", lambda _w: frozenset())],
        "translated title evidence": [(evidence, "_translation_agreement", lambda *_a: None)],
        "author+year search": [(resolver, "author_search", lambda _r: None)],
    }
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches[feature]]
    for module, name, value in patches[feature]:
        setattr(module, name, value)

    def restore() -> None:
        for module, name, value in saved:
            setattr(module, name, value)

    return restore


ABLATIONS = (
    "phonetic names",
    "Palladius names",
    "cognates",
    "numbers",
    "acronyms",
    "Latin names",
    "glossary",
    "translated title evidence",
    "author+year search",
)


def build() -> None:
    """Write references.jsonl from translations.json, and works.jsonl.gz: the targets plus every
    record the full 7,551-record server returned for them (with and without the targets)."""
    from refman.resolve.crossref import SELECT_FIELDS

    entries = json.loads((DATA / "translations.json").read_text(encoding="utf-8"))
    records = load_records(SHARED_WORKS)
    by_doi = {str(r["DOI"]).lower(): r for r in records}
    cases = []
    for i, entry in enumerate(entries):
        record = by_doi[entry["doi"]]
        ops = [f"title:{entry['lang']}"]
        if entry.get("no_container"):
            ops.append("no_container")
        if entry.get("misspelt"):
            ops.append("misspelt_surname")
        elif entry.get("authors"):
            ops.append("cyrillic_surnames")
        cases.append(
            {
                "id": f"x{i:02d}",
                "doi": entry["doi"],
                "lang": entry["lang"],
                "ops": ops,
                "text": render(entry, record),
                "english_title": (record.get("title") or [""])[0],
            }
        )
    with (DATA / "references.jsonl").open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    index = _RecordingIndex(records)
    index.returned = set()
    with tempfile.TemporaryDirectory() as tmp:
        resolve_on(index, cases, Path(tmp) / "pos")
        index.remove(c["doi"] for c in cases)
        resolve_on(index, cases, Path(tmp) / "neg")
    keep = index.returned | {c["doi"] for c in cases}
    fields = {*SELECT_FIELDS, "language", "edition-number"} - {"score"}
    with gzip.open(DATA / "works.jsonl.gz", "wt", encoding="utf-8") as fh:
        for doi in sorted(keep):
            rec = {k: v for k, v in by_doi[doi].items() if k in fields}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(cases)} references, {len(keep)} records")


GOLD = ROOT / "tests" / "data" / "extract_gold"
DEDUP = ROOT / "tests" / "data" / "dedup" / "multilingual.json"
#: Written for this set (constructed, not real citations): the cases issue 16 names. Each group
#: is one publication; the last two items are look-alikes that must stay apart from everything.
CONSTRUCTED_GROUPS: tuple[tuple[str, ...], ...] = (
    (  # an article's own kk/ru/en metadata and its citations
        "Құрманғали А.К. Орталық Азиядағы бітімгершілік: мүмкіндіктер мен шектеулер // ҚазҰУ Хабаршысы."
        " Халықаралық қатынастар сериясы. – 2023. – Т. 103, №3. – Б. 45–56.",
        "Курмангали А.К. Миротворчество в Центральной Азии: возможности и ограничения // Вестник КазНУ."
        " Серия международные отношения. – 2023. – Т. 103, №3. – С. 45–56.",
        "Kurmangali, A. K. (2023). Peacekeeping in Central Asia: opportunities and limits. KazNU Bulletin."
        " International Relations Series, 103(3), 45–56.",
    ),
    (  # an identical English title, the surname misspelt by one letter
        "Keohane, R. O., & Nye, J. S. (1977). Power and interdependence: World politics in transition."
        " Boston: Little, Brown.",
        "Keohaine, R. O., & Nye, J. S. (1977). Power and interdependence: World politics in transition."
        " Boston: Little, Brown.",
    ),
    (  # a Crossref running head appended as a subtitle, the DOI written doi:
        "Bokeriya S.A. UN-AU cooperation in peacekeeping: trends and problems. Vestnik RUDN. International"
        " Relations. 2022;22(2):189-207. doi:10.22363/2313-0660-2022-22-2-189-207",
        "Bokeriya, S. A. (2022). UN-AU cooperation in peacekeeping: trends and problems: Vestnik RUDN."
        " International Relations. Vestnik RUDN. International Relations, 22(2), 189–207."
        " https://doi.org/10.22363/2313-0660-2022-22-2-189-207",
    ),
    (  # one news page under its Kazakh title and its Russian headline
        "Қазақстандық бітімгерлер қанша алады? // Tengrinews.kz. URL: https://tengrinews.kz/kazakhstan_news/"
        "skolko-poluchayut-kazahstanskije-mirotvortsyi-uchastie-missii-562346/ (қаралған күні: 22.02.2025).",
        "Сколько получают казахстанские миротворцы за участие в миссии ООН // Tengrinews.kz. URL:"
        " https://tengrinews.kz/kazakhstan_news/skolko-poluchayut-kazahstanskije-mirotvortsyi-uchastie-missii-562346/",
    ),
    (  # one book in APA and in Vancouver form, with and without its subtitle
        "Waltz, K. N. (1979). Theory of international politics. Reading, MA: Addison-Wesley.",
        "Waltz KN. Theory of international politics: a realist study. Reading (MA): Addison-Wesley; 1979.",
    ),
    (  # a romanised copy with the English title in brackets, and its Cyrillic original
        "Құрманғали А.К. Бітімгершілік операциялары және Қазақстан // Хабаршы. Халықаралық қатынастар"
        " сериясы. – 2020. – №2(90). – Б. 45–56.",
        "Qūrmanğali A.K. Bıtımgershılık operasiialary jäne Qazaqstan [Peacekeeping operations and"
        " Kazakhstan] // Habarşy. Halyqaralyq qatynastar seriiasy. – 2020. – №2(90). – B. 45–56.",
    ),
    (  # look-alikes: a 3rd edition of 2003 and a 2004 printing; the same author's other paper
        "Walt, S. M. (2003). The origins of alliances (3rd ed.). Ithaca: Cornell University Press.",
    ),
    ("Walt S.M. The Origins of Alliances. – Ithaca: Cornell University Press, 2004. – 321 p.",),
    ("Kurmangali, A. K. (2023). Water diplomacy in Central Asia. KazNU Bulletin, 103(3), 57–66.",),
)


def _gold_list(name: str, first: int, last: int) -> list[str]:
    """The numbered entries of lines ``first``..``last`` (1-based) of an extract_gold text."""
    lines = (GOLD / name).read_text(encoding="utf-8").split("\n")[first - 1 : last]
    out = []
    for block in "\n".join(lines).split("\n\n"):
        text = " ".join(block.split())
        if text[:1].isdigit():
            out.append(text.split(". ", 1)[1])
    return out


def build_dedupe() -> None:
    """Write tests/data/dedup/multilingual.json: real GOST lists and their romanised copies, the
    crosslang references with an English citation of the same record, and the constructed cases."""
    items: list[dict[str, str]] = []
    clusters: list[list[str]] = []

    def group(texts: Sequence[str], source: str, prefix: str) -> None:
        ids = [f"{prefix}{len(items) + k}" for k in range(len(texts))]
        items.extend({"id": i, "text": t, "source": source} for i, t in zip(ids, texts, strict=True))
        if len(ids) > 1:
            clusters.append(ids)

    # a real GOST list and its romanised "References" copy, entry by entry (extract_gold, eLIBRARY)
    cyrillic = _gold_list("ru_hse_38310145.txt", 28, 49)
    romanised = _gold_list("ru_hse_38310145.txt", 51, 72)
    for a, b in zip(cyrillic, romanised, strict=True):
        group((a, b), "real: extract_gold/ru_hse_38310145.txt, its list and its romanised copy", "g")
    # a real list whose entries must all stay apart (extract_gold, nuclear-power-engineering, MIT)
    for text in _gold_list("ru_npe_2022_03_05.md", 35, 54):
        group((text,), "real: extract_gold/ru_npe_2022_03_05.md", "n")
    # the crosslang references with a container, and an English APA citation of the same record
    records = {str(r["DOI"]).lower(): r for r in load_subset()}
    for case in load_cases():
        if "no_container" in case["ops"]:
            continue
        english = render({"lang": "en", "title": case["english_title"]}, records[case["doi"]])
        group((case["text"], english), f"crosslang {case['id']} ({case['doi']}): translated by hand", "x")
    for texts in CONSTRUCTED_GROUPS:
        group(texts, "constructed for issue 16", "c")
    note = (
        "Items are reference strings (parse them). 'clusters' lists the ids that are one publication;"
        " every other item must stay alone. Each item names its source: real lists from"
        " tests/data/extract_gold (see its README), the crosslang set (titles translated by hand from"
        " real Crossref records), or cases constructed for issue 16."
    )
    DEDUP.write_text(
        json.dumps({"note": note, "clusters": clusters, "items": items}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{len(items)} items, {len(clusters)} clusters")


def write_glossary() -> None:
    """Rewrite refman/resolve/glossary.py from :func:`build_glossary`."""
    entries = build_glossary()
    path = ROOT / "refman" / "resolve" / "glossary.py"
    head, _, _ = path.read_text(encoding="utf-8").partition("GLOSSARY:")
    lines = [
        "    (" + ", ".join(json.dumps(x, ensure_ascii=False) for x in entry) + "),\n" for entry in entries
    ]
    path.write_text(head + "GLOSSARY: tuple[tuple[str, str, str], ...] = (\n" + "".join(lines) + ")\n")
    print(f"{len(entries)} entries")


def dedupe_figures() -> dict[str, float]:
    """Pairwise precision and recall of ``refman.dedupe`` on tests/data/dedup/multilingual.json."""
    import itertools

    from refman.dedupe import dedupe
    from refman.parse import parse_reference

    data = json.loads(DEDUP.read_text(encoding="utf-8"))
    refs = []
    for item in data["items"]:
        ref = parse_reference(item["text"], id=item["id"])
        ref.refman.raw = item["text"]
        refs.append(ref)
    groups: dict[str, set[str]] = {}
    for source, target in dedupe(refs).id_map.items():
        groups.setdefault(target, set()).add(source)

    def pairs(clusters: Sequence[Sequence[str] | set[str]]) -> set[frozenset[str]]:
        return {frozenset(p) for c in clusters for p in itertools.combinations(sorted(c), 2)}

    found = pairs([g for g in groups.values() if len(g) > 1])
    gold = pairs(data["clusters"])
    right = len(found & gold)
    return {
        "dedupe_precision": round(right / len(found), 3) if found else 1.0,
        "dedupe_recall": round(right / len(gold), 3),
    }


def generic_words(share: float = 0.01) -> list[str]:
    """Title words of five or more letters in at least ``share`` of the English titles of the
    shared Crossref records, most frequent first (``GENERIC_TITLE_WORDS`` in refman/resolve/words.py)."""
    import re
    from collections import Counter

    counts: Counter[str] = Counter()
    titles = 0
    for record in load_records(SHARED_WORKS):
        title = (record.get("title") or [""])[0]
        if not title or not title.isascii():
            continue
        titles += 1
        counts.update({w.lower() for w in re.findall(r"[A-Za-z]+", title) if len(w) >= 5})
    return [w for w, n in counts.most_common() if n >= share * titles]


def main(argv: Sequence[str] | None = None, printer: Callable[[str], None] = print) -> None:
    """Run the evaluation and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="serve all shared records, not the subset")
    ap.add_argument("--build", action="store_true", help="rebuild the committed set from the shared data")
    ap.add_argument("--missed", action="store_true", help="list the references not matched")
    ap.add_argument("--ablation", action="store_true", help="also run without each feature in turn")
    ap.add_argument("--generic", action="store_true", help="list the generic title words and stop")
    ap.add_argument("--glossary", action="store_true", help="rewrite refman/resolve/glossary.py and stop")
    args = ap.parse_args(argv)
    if args.glossary:
        write_glossary()
        return
    if args.generic:
        printer(" ".join(generic_words()))
        return
    if args.build:
        build()
        build_dedupe()
        return
    records = load_records(SHARED_WORKS) if args.full else load_subset()
    cases = load_cases()
    if args.ablation:
        head = ("recall", "wrong", "cand.recall", "neg.matched", "lists/ref", "dedupe P", "dedupe R")
        printer(f"{'without':28} " + " ".join(f"{h:>11}" for h in head))
        for feature in ("(nothing)", *ABLATIONS):
            restore = _without(feature) if feature in ABLATIONS else (lambda: None)
            try:
                r = {**run(records, cases), **dedupe_figures()}
            finally:
                restore()
            keys = (
                "recall",
                "wrong_dois",
                "candidate_recall",
                "negatives_matched",
                "list_requests_per_reference",
                "dedupe_precision",
                "dedupe_recall",
            )
            printer(f"{feature:28} " + " ".join(f"{r[k]!s:>11}" for k in keys))
        return
    out = {**run(records, cases), **dedupe_figures()}
    for key, value in out.items():
        if key != "missed":
            printer(f"{key:30} {value}")
    if args.missed:
        for line in out["missed"]:
            printer(f"  {line}")


if __name__ == "__main__":
    main()
