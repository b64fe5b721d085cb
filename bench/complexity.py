"""Benchmark: how the time of each public entry point grows with hostile input (printed, not asserted).

Every entry point that reads text written by strangers runs on inputs of one kind at n, 2n, 4n
and 8n characters: a run of digits then letters, digits and letters, runs of dots, of initials
"A. A. A.", of brackets, of dashes, of punctuation, of spaces and other white space, of short
lines, of words, a 10 MB single line (8n), 10,000-deep braces "{{{...}}}" (8n) and, for whole
articles, a numbered reference list of 1.6 MB (8n: some 23,000 entries, numbered past 9,999). The
script prints the four times and the growth exponent ``log2(t(8n) / t(n)) / 3``: about 1 for
linear time, 2 for quadratic, 0 for an entry point that reads only so much (parse_reference reads
:data:`~refman.parse.MAX_REFERENCE_CHARS` characters: its n is an eighth of that, so 8n reaches
it, except for the 10 MB and 10,000-deep kinds). Each time is the fastest of ``--repeat`` batches
(a batch lasts at least 50 ms; this machine is shared, other work only ever adds time). A row
whose run takes longer than ``--budget`` seconds stops growing (the rest is shown as ``>``). A
full run takes about half an hour on the 2-core VM; before issue 14's fixes parse_reference took
2.4 s at 4,000 digits then letters and 9.4 s at 8,000 (quadratic), normalise_reference 0.7 s at
4,000 characters of punctuation and 28.6 s at 32,000.

Entry points: :func:`refman.parse.parse_reference` and :func:`~refman.parse.parse_works`,
:func:`refman.extract.extract_article` (the text as one entry of a reference list, and as an
article), :func:`refman.normalise.normalise_reference` (every field set to the text),
:func:`~refman.normalise.parse_names`, :func:`~refman.normalise.fold_key`,
:func:`refman.keys.make_key`, a dedupe :class:`~refman.dedupe.records.Record`, the resolver's
:func:`~refman.resolve.features.ref_features`, :func:`refman.translit.romanise` and
:func:`refman.lang.detect_language`.

    python bench/complexity.py                              # every entry point, every kind
    python bench/complexity.py --only parse --kind digits   # rows whose names hold these words
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.dedupe.records import Record  # noqa: E402
from refman.extract import extract_article  # noqa: E402
from refman.keys import make_key  # noqa: E402
from refman.lang import detect_language  # noqa: E402
from refman.model import DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS, Date, Name, Reference  # noqa: E402
from refman.normalise import fold_key, normalise_reference, parse_names  # noqa: E402
from refman.parse import MAX_REFERENCE_CHARS, parse_reference, parse_works  # noqa: E402
from refman.resolve.features import ref_features  # noqa: E402
from refman.translit import romanise  # noqa: E402


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _numbered_list(n: int) -> str:
    """A reference list of about ``n`` characters, numbered past 9,999 when long enough."""
    lines, k, size = ["Text.", "", "References", ""], 0, 0
    while size < n:
        k += 1
        line = f"{k}. Smith J. A study of things {k}. J. Things. 2001. Vol. 5. P. 1-9."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


class Kind(NamedTuple):
    """An input kind: its text of about ``n`` characters, and its ``n``; a ``fixed`` kind keeps its
    sizes (10 MB, 10,000 deep) whatever the entry point."""

    make: Callable[[int], str]
    n: int
    fixed: bool = False


KINDS: dict[str, Kind] = {
    "digits then letters": Kind(lambda n: "1" * n + "abc изд.", 4_000),
    "digits and letters": Kind(lambda n: _repeat("2001", n) + " p. 5", 4_000),
    "dots": Kind(lambda n: "A" + "." * n + "b", 4_000),
    "initials": Kind(lambda n: "Smith " + _repeat("A. ", n) + "!", 4_000),
    "brackets": Kind(lambda n: _repeat("([{<", n) + "x", 4_000),
    "dashes": Kind(lambda n: "1" + _repeat("-–", n) + "x", 4_000),
    "punctuation": Kind(lambda n: "a" + _repeat(",;:/", n) + "1", 4_000),
    "spaced commas": Kind(lambda n: "a" + _repeat(" ,", n) + "1", 4_000),
    "spaces": Kind(lambda n: "a," + " " * n + "b et al", 4_000),
    "white space": Kind(lambda n: _repeat(" \t\n\xa0", n) + "a", 4_000),
    "lines": Kind(lambda n: _repeat("a\n", n), 4_000),
    "words": Kind(lambda n: _repeat("Word, ", n) + "2001.", 4_000),
    "single line 10 MB": Kind(
        lambda n: _repeat("Smith J. Title of a work. Journal. 2001. 5(3). 1-9. ", n), 1_250_000, fixed=True
    ),
    "braces 10,000 deep": Kind(lambda n: "{" * n + "x" + "}" * n, 1_250, fixed=True),
    "numbered list": Kind(_numbered_list, 200_000, fixed=True),
}


def _reference(text: str) -> Reference:
    """A reference whose every text field, name, date and raw string is ``text``."""
    names = [Name(family=text, given=text), Name(literal=text)]
    ref = Reference(id="x", type="article-journal")
    for attr in TEXT_FIELDS.values():
        setattr(ref, attr, text)
    for attr in NAME_FIELDS.values():
        setattr(ref, attr, list(names))
    for attr in DATE_FIELDS.values():
        setattr(ref, attr, Date(raw=text))
    ref.refman.raw = text
    return ref


class EntryPoint(NamedTuple):
    """A function of the text; ``articles``: it reads whole articles (the list kind is for it);
    ``limit``: it reads at most this many characters (its text kinds go up to the limit)."""

    run: Callable[[str], object]
    articles: bool = False
    limit: int | None = None


ENTRY_POINTS: dict[str, EntryPoint] = {
    "parse_reference": EntryPoint(parse_reference, limit=MAX_REFERENCE_CHARS),
    "parse_works": EntryPoint(parse_works),
    "extract (list entry)": EntryPoint(lambda s: extract_article(f"Text.\n\nReferences\n\n1. {s}\n", "a")),
    "extract (article)": EntryPoint(lambda s: extract_article(s, "a"), articles=True),
    "normalise_reference": EntryPoint(lambda s: normalise_reference(_reference(s))),
    "parse_names": EntryPoint(parse_names),
    "fold_key": EntryPoint(fold_key),
    "make_key": EntryPoint(lambda s: make_key(_reference(s))),
    "dedupe Record": EntryPoint(lambda s: Record(0, _reference(s))),
    "ref_features": EntryPoint(lambda s: ref_features(_reference(s))),
    "romanise": EntryPoint(romanise),
    "detect_language": EntryPoint(detect_language),
}


def _time(fn: Callable[[str], object], text: str, repeat: int) -> float:
    """Seconds one call takes: the fastest of ``repeat`` batches of calls (a batch lasts at least
    50 ms, so fast calls are timed over many), the garbage collector off while timing."""
    best = math.inf
    calls = 1
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            while True:
                start = time.perf_counter()
                for _ in range(calls):
                    fn(text)
                elapsed = time.perf_counter() - start
                if elapsed >= 0.05 or calls >= 1000:
                    break
                calls *= 4
            best = min(best, elapsed / calls)
    finally:
        gc.enable()
    return best


def _cell(seconds: float | None) -> str:
    if seconds is None:
        return f"{'>':>9s}"
    return f"{seconds * 1000:7.1f}ms" if seconds < 10 else f"{seconds:8.1f}s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=[], help="entry points whose names hold one of these")
    parser.add_argument("--kind", nargs="*", default=[], help="input kinds whose names hold one of these")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is shown")
    parser.add_argument(
        "--budget", type=float, default=20.0, help="seconds a run may take before a row stops"
    )
    args = parser.parse_args(argv)
    columns = " ".join(f"{c:>9s}" for c in ("n", "t(n)", "t(2n)", "t(4n)", "t(8n)"))
    print(f"{'entry point':22s} {'input':20s} {columns}  growth")
    for entry, point in ENTRY_POINTS.items():
        if args.only and not any(word in entry for word in args.only):
            continue
        for name, kind in KINDS.items():
            if (args.kind and not any(word in name for word in args.kind)) or (
                name == "numbered list" and not point.articles
            ):
                continue
            n = kind.n if kind.fixed or point.limit is None else min(kind.n, point.limit // 8)
            point.run(kind.make(n))  # warm up: the parser's model is loaded on first use
            times: list[float | None] = []
            for factor in (1, 2, 4, 8):
                if times and (times[-1] is None or times[-1] > args.budget):
                    times.append(None)
                    continue
                times.append(_time(point.run, kind.make(n * factor), args.repeat))
            first, last = times[0], times[-1]
            growth = (
                f"{math.log2(max(last, 1e-6) / max(first, 1e-6)) / 3:5.2f}" if first and last else "    ?"
            )
            cells = " ".join(_cell(t) for t in times)
            print(f"{entry:22s} {name:20s} {n:9,d} {cells}  {growth}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
