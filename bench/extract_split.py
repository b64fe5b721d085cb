"""Benchmark: how many reference-list entries refman's list splitter cuts exactly, against a
simple baseline, on GROBID's reference segmenter data.

Data: ``../shared/data/parsing/grobid/reference_segmenter_tei/{corpus,evaluation}/tei/*.xml``
(GROBID, Apache-2.0): reference sections of real papers as PDF text, each ``<bibl>`` one
reference, ``<lb/>`` a line end, ``<label>`` its number. The section is rebuilt as plain text
(line ends where ``<lb/>`` is, text between references such as "REFERENCES" or a running head
kept, XML indentation dropped, entities decoded); a "References" heading line is put first
unless the section starts with one, so that refman reads it as a headed list. Sections without
any ``<lb/>`` (10 of 131) are left out: their line ends are not known, and one line per reference
would give the cuts away.

An entry is *split exactly* when refman gives an entry with the same text as a gold reference:
both without their list number ("[3]", "3.", "(3)", or a bare "3 " before a letter, as physics
journals print it) and compared with every space removed, so
only where the cuts fall matters. Each gold reference is matched at most once. The share is
over all gold references.

* ``refman``: :func:`refman.extract.reflist.find_reference_lists`, the entries of every list it
  finds, in order;
* ``baseline``: a new entry at each line that starts with a list number when the section has
  such lines, else one entry per line.

    python bench/extract_split.py            # shares, and their ratio
    python bench/extract_split.py --worst 5  # also the five files refman splits worst
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refman.extract.reflist import find_reference_lists, is_reference_heading  # noqa: E402

DATA = Path(os.environ.get("REFMAN_DATA_DIR") or ROOT.parent / "shared" / "data")
TEI = DATA / "parsing" / "grobid" / "reference_segmenter_tei"

_BIBL = re.compile(r"<bibl>(.*?)</bibl>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LAYOUT = re.compile(r"\s*\n\s*")
_MARKER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]|\d{1,4}\s+(?=[^\W\d_]))\s*")


def _plain(xml: str) -> str:
    """TEI text as plain text: XML layout dropped, ``<lb/>`` a newline, tags gone, entities decoded."""
    text = _LAYOUT.sub(" ", xml).replace("<lb/>", "\n")
    return html.unescape(_TAG.sub("", text))


def read_section(path: Path) -> tuple[list[str], list[str]] | None:
    """The lines of one reference section and its gold references, as written (None when the
    section has no line ends)."""
    xml = path.read_text(encoding="utf-8")
    body = xml.split("<listBibl>", 1)[1].split("</listBibl>", 1)[0]
    if "<lb/>" not in body:
        return None
    gold = [_plain(m.group(1)) for m in _BIBL.finditer(body)]
    lines = [line.strip() for line in _plain(body).split("\n")]
    first = next((line for line in lines if line), "")
    if not is_reference_heading(first):
        lines.insert(0, "References")
    return lines, gold


def key(entry: str) -> str:
    """An entry as compared: list number removed, every space removed."""
    return re.sub(r"\s+", "", _MARKER.sub("", entry))


def exact(gold: Sequence[str], found: Iterable[str]) -> int:
    """How many gold entries are among ``found`` (each found entry matches once)."""
    pool = Counter(key(e) for e in found)
    hits = 0
    for entry in gold:
        k = key(entry)
        if pool[k] > 0:
            pool[k] -= 1
            hits += 1
    return hits


def refman_entries(lines: Sequence[str]) -> list[str]:
    """The raw text of every entry of every list refman finds."""
    return [entry.raw for found in find_reference_lists(lines) for entry in found.entries]


def baseline_entries(lines: Sequence[str]) -> list[str]:
    """A new entry at each numbered line if there are any, else one entry per line."""
    body = [line for line in lines[1:] if line]
    if not any(_MARKER.match(line) for line in body):
        return body
    entries: list[str] = []
    for line in body:
        if _MARKER.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += " " + line
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    """Print both shares and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="Show the N files refman splits worst.")
    args = parser.parse_args(argv)
    files = sorted(TEI.glob("*/tei/*.xml"))
    if not files:
        print(f"no data: {TEI} (set REFMAN_DATA_DIR)", file=sys.stderr)
        return 1
    total = ours = theirs = left_out = 0
    per_file: list[tuple[float, str, int, int]] = []
    for path in files:
        section = read_section(path)
        if section is None:
            left_out += 1
            continue
        lines, gold = section
        hits = exact(gold, refman_entries(lines))
        total += len(gold)
        ours += hits
        theirs += exact(gold, baseline_entries(lines))
        per_file.append((hits / len(gold) if gold else 1.0, path.name, hits, len(gold)))
    print(f"GROBID reference segmenter: {len(per_file)} sections, {total} references")
    print(f"  ({left_out} sections without line ends left out)")
    print(f"  refman   split exactly: {ours / total:.3f} ({ours}/{total})")
    print(f"  baseline split exactly: {theirs / total:.3f} ({theirs}/{total})")
    print(f"  ratio refman/baseline: {ours / theirs:.2f}" if theirs else "  ratio: baseline got none")
    for share, name, hits, n in sorted(per_file)[: args.worst]:
        print(f"    {share:.2f} {hits}/{n} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
