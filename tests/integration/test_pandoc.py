"""pandoc --citeproc renders the mixed kk/ru/en collection (tests/data/exports, 210 items of every
CSL type) from refman's .json and from its biblatex .bib, in APA and GOST R 7.0.5-2008 (the styles
of tests/data/csl), citing every item by ``@key`` in the text: no warning, no citation not found,
every item in both lists. Needs pandoc (apt); skipped without it unless REFMAN_REQUIRE_LATEX=1 (CI).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.support.exports import bib_keys, export_all, run

pytestmark = [pytest.mark.latex, pytest.mark.slow]

STYLES = Path(__file__).resolve().parents[1] / "data" / "csl"
ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)</div>', re.S)
#: APA lists no personal communication (an interview with no recording is one): by design it
#: has "no printed form" in a reference list (APA 7, 8.9), so pandoc says so for these types.
APA_UNLISTED = frozenset({"personal_communication", "interview"})
#: Entries (of 210) that pandoc prints the same from refman's .json and its biblatex .bib, as
#: measured (main before issue 13's pandoc work: 162 in GOST, 74 in APA).
SAME_AT_LEAST = {"gost-r-7-0-5-2008.csl": 178, "apa.csl": 154}
#: Why the rest differ, by class: how pandoc reads a .bib (or a CSL-JSON item), which no .bib
#: refman could write would change without losing what biber and LaTeX print. The README
#: ("Exports") says the same; the test prints each differing entry.
PANDOC_READS = {
    "entry types": "pandoc maps entry types to CSL types by its own table and reads no "
    "entrysubtype (but magazine, newspaper): @software, @dataset, @standard, @collection, "
    "@inreference, @legislation, @jurisdiction, @music, @movie, @artwork, @review, @article of a "
    "preprint, @misc and @online of a post, broadcast, regulation, treaty, hearing, figure, "
    "event, speech come back as another CSL type, which a style punctuates differently (GOST's "
    "'//' or ','), dates differently (APA's month and day) or prints other fields of",
    "fields of their own": "CSL variables BibTeX has no field for travel in fields of their own "
    "name (composer, authority, genre of a figure...), which pandoc does not read",
    "howpublished": "pandoc reads howpublished (the container of a @misc or @dataset: Crossref's "
    "'component' and 'other' works, a broadcast's channel) as the publisher",
    "organization": "pandoc reads organization (the site of an @online, the only field of it "
    "biblatex prints) as the publisher, which APA puts first when there is no author",
    "periodical": "pandoc reads the title of a @periodical as its container-title and its title",
    "maintitle": "pandoc reads a @book's maintitle (where refman writes a book's container-title) "
    "as the title and the title as volume-title",
    "number": "pandoc reads the number of a @book as its collection-number",
    "thesis type": "biblatex's @thesis needs a type: refman writes phdthesis where the item has "
    "no genre, which pandoc prints ('PhD thesis')",
    "address and location": "given both (from a .bib that had both), pandoc reads address as the "
    "publisher's place, biber location",
    "series keys": "pandoc translates the words of a series that are biblatex localisation keys: "
    "'Springer Proceedings in Physics' prints 'Springer Proceedings в Physics' in Russian",
    "eprint": "pandoc makes a URL of an arXiv eprint (eprinttype = arxiv) the .json does not have",
    "curly quotes": "pandoc reads a CSL-JSON title's curly single quotes as quotation marks and "
    "prints its locale's inner quotes; from a .bib they stay apostrophes",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pandoc") is None:
        if os.environ.get("REFMAN_REQUIRE_LATEX") == "1":
            pytest.fail("REFMAN_REQUIRE_LATEX=1 but pandoc is missing (apt-get install pandoc)")
        pytest.skip("pandoc is missing")
    folder = tmp_path_factory.mktemp("pandoc")
    export_all(folder)
    return folder


def _render(folder: Path, bibliography: str, style: str, keys: list[str]) -> tuple[dict[str, str], list[str]]:
    """The entries pandoc prints for a document citing every key (by key, as text) and its
    warnings."""
    (folder / "doc.md").write_text(" ".join(f"[@{key}]" for key in keys) + "\n", encoding="utf-8")
    result = run(
        [
            *("pandoc", "doc.md", "--citeproc", f"--bibliography={bibliography}", f"--csl={STYLES / style}"),
            *("-t", "html", "-o", "out.html"),
        ],
        folder,
    )
    assert result.returncode == 0, result.stderr
    page = (folder / "out.html").read_text(encoding="utf-8")
    entries = {k: " ".join(html.unescape(re.sub(r"<[^>]+>", "", v)).split()) for k, v in ENTRY.findall(page)}
    return entries, result.stderr.splitlines()


@pytest.mark.parametrize("style", ["apa.csl", "gost-r-7-0-5-2008.csl"])
def test_pandoc_renders_the_same_items_from_the_json_and_the_bib(exported: Path, style: str) -> None:
    items = json.loads((exported / "mixed-csl.json").read_text(encoding="utf-8"))
    keys = [item["id"] for item in items]
    assert keys == bib_keys((exported / "mixed-biblatex.bib").read_text(encoding="utf-8"))  # one key each
    unlisted = {i["id"] for i in items if i["type"] in APA_UNLISTED} if style == "apa.csl" else set()
    from_json, json_warnings = _render(exported, "mixed-csl.json", style, keys)
    from_bib, bib_warnings = _render(exported, "mixed-biblatex.bib", style, keys)
    expected = [
        f"[WARNING] Citeproc: Bibliography entry with no printed form: {key}"
        for key in keys
        if key in unlisted
    ]
    assert json_warnings == expected and bib_warnings == []
    assert set(from_json) == set(from_bib) == set(keys)
    assert [key for key in keys if not from_json[key]] == sorted(unlisted, key=keys.index)
    differ = [key for key in keys if from_json.get(key) != from_bib[key]]
    same = len(keys) - len(differ)
    print(f"{style}: {same} of {len(keys)} entries print the same from the .json and the .bib")
    print(f"classes of the rest: {', '.join(PANDOC_READS)}")
    print("\n".join(f"  {key}:\n    json: {from_json.get(key)}\n    bib:  {from_bib[key]}" for key in differ))
    assert same >= SAME_AT_LEAST[style]  # measured: see README ("Exports") and PANDOC_READS


def test_at_key_cites_the_same_item_in_both_files(exported: Path) -> None:
    """``@key`` finds the item in the .json (its CSL id is the citation key) as in the .bib."""
    (exported / "one.md").write_text("See @stambulovkhalykaralyk.\n", encoding="utf-8")
    outputs = []
    for bibliography in ("built-csl.json", "built-biblatex.bib", "built.bib"):
        result = run(
            ["pandoc", "one.md", "--citeproc", f"--bibliography={bibliography}", "-t", "plain"], exported
        )
        assert result.returncode == 0 and result.stderr == "", result.stderr
        outputs.append(result.stdout)
        assert "Стамбулов" in result.stdout and "???" not in result.stdout
    assert outputs[0].splitlines()[0] == outputs[1].splitlines()[0]  # the same citation in the text
