"""refman plugs into pybtex: the CSL-JSON database plugin (refman.integrations.pybtex).

Everything goes through pybtex's real plugin discovery (the entry points in pyproject.toml) and
its real command line. Data: bibliography/references.json (refman's collection, built from the
seed articles) and tests/data/csl/constructed_samples.json (constructed by hand, see its
README.md: particles, suffixes, organisations, LaTeX specials). The bad-input files are written
by the tests themselves.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pybtex
import pybtex.errors
import pytest
from bibtexparser.entrypoint import parse_string as parse_bibtex
from pybtex.database import BibliographyData, BibliographyDataError, Entry, Person, parse_file, parse_string
from pybtex.exceptions import PybtexError
from pybtex.plugin import enumerate_plugin_names, find_plugin
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing

from refman.formats.bibtex_tables import CSL_TO_BIBTEX_TYPE
from refman.formats.bibtex_writer import spaced_initials, to_bibtex
from refman.formats.csljson import from_csl_json
from refman.integrations.pybtex import CslJsonParser, CslJsonWriter, person_from_name
from refman.model import Name

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "bibliography" / "references.json"
SAMPLES = ROOT / "tests" / "data" / "csl" / "constructed_samples.json"
SCHEMA = json.loads((ROOT / "tests" / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _items(path: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return items


def _text(latex: str) -> str:
    """A LaTeX field as pybtex's styles render it to plain text."""
    return str(Text.from_latex(latex).render_as("text"))


def _names(item: dict[str, Any], role: str = "author") -> list[dict[str, str]]:
    keys = ("family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal")
    # initials come back spaced ("С.Б." -> "С. Б."), as the .bib writes them for biber
    return [{k: spaced_initials(n[k]) for k in keys if k in n} for n in item.get(role, [])]


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


# --- discovery ----------------------------------------------------------------------------------


def test_pybtex_finds_the_plugin_by_name_alias_and_suffix() -> None:
    assert find_plugin("pybtex.database.input", "csljson") is CslJsonParser
    assert find_plugin("pybtex.database.input", "csl-json") is CslJsonParser
    assert find_plugin("pybtex.database.input", filename="references.json") is CslJsonParser
    assert find_plugin("pybtex.database.output", "csljson") is CslJsonWriter
    assert find_plugin("pybtex.database.output", filename="out.json") is CslJsonWriter
    assert "csljson" in set(enumerate_plugin_names("pybtex.database.input"))
    assert "csljson" in set(enumerate_plugin_names("pybtex.database.output"))
    # pybtex's own formats are still where they were
    assert find_plugin("pybtex.database.input", filename="x.bib").__module__ == "pybtex.database.input.bibtex"


# --- reading ------------------------------------------------------------------------------------


def test_references_json_reads_with_keys_types_persons_and_fields() -> None:
    items = _items(REFERENCES)
    data = parse_file(str(REFERENCES))  # the .json suffix picks the plugin
    assert list(data.entries) == [item["id"] for item in items]
    for item in items:
        entry = data.entries[item["id"]]
        assert entry.type == CSL_TO_BIBTEX_TYPE.get(item["type"], ("misc", "misc"))[0]
        assert len(entry.persons.get("author", [])) == len(item.get("author", []))
        if "title" in item:
            assert _text(entry.fields["title"]) == item["title"]
        year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
        if year is not None:
            assert entry.fields["year"] == str(year)
        if "URL" in item:
            assert entry.fields["url"] == item["URL"]
        if "DOI" in item:
            assert entry.fields["doi"] == item["DOI"]

    cyrillic = [
        (i["id"], n) for i in items for n in i.get("author", []) if CYRILLIC.search(n.get("family", ""))
    ]
    kazakh = [(k, n) for k, n in cyrillic if KAZAKH_ONLY.search(n["family"] + n.get("given", ""))]
    assert cyrillic and kazakh, "the seed collection has Cyrillic and Kazakh authors"
    for key, name in (cyrillic[0], kazakh[0]):
        person = next(p for p in data.entries[key].persons["author"] if p.last_names == [name["family"]])
        assert " ".join(person.first_names + person.middle_names) == spaced_initials(name.get("given", ""))
    # one seed result spelled out: the first author of the Kazakh article in the collection
    first = data.entries["stambulovkhalykaralyk"].persons["author"][0]
    assert (first.last_names, first.first_names, first.middle_names) == (["Стамбулов"], ["С."], ["Б."])


def test_constructed_samples_particles_suffixes_organisations_and_latex() -> None:
    data = parse_file(str(SAMPLES), bib_format="csljson")
    gogh, smith, obrien = data.entries["en-article"].persons["author"]
    assert (gogh.first_names, gogh.prelast_names, gogh.last_names) == (["Vincent"], ["van"], ["Gogh"])
    assert (smith.last_names, smith.lineage_names, smith.first_names) == (["Smith"], ["Jr."], ["John"])
    assert obrien.last_names == ["O'Brien"]
    ivanov = data.entries["ru-book"].persons["author"][0]
    assert (ivanov.first_names, ivanov.middle_names, ivanov.last_names) == (
        ["Иван"],
        ["Иванович"],
        ["Иванов"],
    )
    (who,) = data.entries["web"].persons["author"]
    assert who.last_names == ["{World Health Organization}"] and not who.first_names
    (bureau,) = data.entries["report"].persons["author"]
    assert bureau.last_names == ["{Бюро национальной статистики}"]
    assert [str(p) for p in data.entries["ru-chapter"].persons["editor"]] == ["Сидоров, С. С."]
    article = data.entries["kk-article"]
    assert article.type == "article"
    assert article.fields["journal"] == "ҚазҰУ Хабаршысы. Филология сериясы"
    assert article.fields["doi"] == "10.26577/ejph.2020.v178.i2.05"
    assert article.fields["month"] == "June"  # as pybtex's month macros spell it
    assert article.fields["pages"] == "45--67"
    assert r"50\% \& \_басты\_" in article.fields["title"]  # LaTeX, as pybtex's BibTeX reader holds it
    assert _text(article.fields["title"]).startswith("Қазақ тіліндегі терминдердің қалыптасуы: 50% & _")
    assert "author" not in data.entries["anon"].persons


def test_names_that_bibtex_would_split_stay_whole() -> None:
    ibn = person_from_name(Name(family="Ibn Sina", given="Abu Ali"))
    assert (ibn.first_names, ibn.middle_names, ibn.last_names) == (["Abu"], ["Ali"], ["{Ibn Sina}"])
    ludwig = person_from_name(Name(family="Beethoven", given="Ludwig", dropping_particle="van"))
    assert (ludwig.prelast_names, ludwig.last_names) == (["van"], ["Beethoven"])
    lone = person_from_name(Name(given="Абай"))
    assert lone.last_names == ["{Абай}"]
    # the parts survive pybtex's own BibTeX writer and reader
    data = BibliographyData({"x": Entry("book", persons={"author": [ibn, ludwig]})})
    again = parse_string(data.to_string("bibtex"), "bibtex").entries["x"].persons["author"]
    assert again == [ibn, ludwig]


@pytest.mark.parametrize("path", [REFERENCES, SAMPLES], ids=["references", "constructed"])
def test_the_plugin_gives_pybtex_what_it_reads_from_refmans_own_bibtex(path: Path) -> None:
    """One mapping, not two: the entries equal pybtex's reading of ``refman export --to bibtex``."""
    ours = parse_file(str(path), bib_format="csljson")
    via_bib = parse_string(to_bibtex(from_csl_json(path.read_text(encoding="utf-8"))[0]), "bibtex")
    assert len(ours.entries) == len(via_bib.entries)
    for a, b in zip(ours.entries.values(), via_bib.entries.values(), strict=True):
        assert (a.type, dict(a.fields), dict(a.persons)) == (b.type, dict(b.fields), dict(b.persons))


# --- the pybtex command line --------------------------------------------------------------------


@pytest.mark.parametrize("options", [["--from", "csljson", "--to", "bibtex"], []], ids=["named", "by-suffix"])
def test_pybtex_convert_writes_bibtex_that_bibtexparser_and_pybtex_read(
    tmp_path: Path, options: list[str]
) -> None:
    out = tmp_path / "references.bib"
    done = _run(BIN / "pybtex-convert", *options, "--preserve-case", REFERENCES, out)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    text = out.read_text(encoding="utf-8")
    items = _items(REFERENCES)

    library = parse_bibtex(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [i["id"] for i in items]

    back = parse_file(str(out))
    direct = parse_file(str(REFERENCES))
    assert list(back.entries) == list(direct.entries)
    for key, entry in direct.entries.items():
        assert dict(back.entries[key].persons) == dict(entry.persons)
        assert back.entries[key].fields["title"] == entry.fields["title"]


def test_pybtex_convert_reads_bibtex_into_csl_json(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(to_bibtex(from_csl_json(SAMPLES.read_text(encoding="utf-8"))[0]), encoding="utf-8")
    out = tmp_path / "refs.json"
    done = _run(BIN / "pybtex-convert", "--to", "csljson", "--preserve-case", bib, out)
    assert done.returncode == 0, done.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(items, SCHEMA)
    assert [i["title"] for i in items] == [i["title"] for i in _items(SAMPLES)]


def test_bad_file_on_the_command_line_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('[{"id": "a", "title": "x"},', encoding="utf-8")
    done = _run(BIN / "pybtex-convert", "--from", "csljson", bad, tmp_path / "out.bib")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "ERROR" in done.stderr and str(bad) in done.stderr and "not valid JSON" in done.stderr


# --- formatting with pybtex's own styles ----------------------------------------------------------


def test_unsrt_style_renders_the_collection_to_text() -> None:
    items = _items(REFERENCES)
    complete = [i for i in items if i.get("author") and i.get("issued")]  # unsrt needs names, a year
    text = pybtex.format_from_file(
        str(REFERENCES),
        style="unsrt",
        bib_format="csljson",
        output_backend="plaintext",
        citations=[i["id"] for i in complete],
    )
    assert len(re.findall(r"^\[\d+\] ", text, flags=re.MULTILINE)) == len(complete)
    for item in complete:
        assert item["author"][0]["family"] in text
        assert item["title"] in text


def test_unsrt_style_renders_particles_organisations_and_kazakh() -> None:
    ids = [i["id"] for i in _items(SAMPLES) if i.get("author")]
    text = pybtex.format_from_file(
        str(SAMPLES), style="unsrt", bib_format="csljson", output_backend="plaintext", citations=ids
    )
    assert "Vincent van Gogh, John Smith, Jr., and Mary-Ann O'Brien." in text
    assert "World Health Organization. Report on 5% of cases_in_2020." in text
    assert "Қанат Құрманғали and Ғалым Өмірұлы Әлиев." in text
    assert "In С. С. Сидоров, editor, Сборник трудов конференции" in text


def test_incomplete_entries_meet_pybtex_styles_as_any_incomplete_bib_does() -> None:
    """refman invents no fields: a book with neither author nor editor stops unsrt, as in BibTeX."""
    with pytest.raises(FieldIsMissing, match="anon"):
        pybtex.format_from_file(
            str(SAMPLES), style="unsrt", bib_format="csljson", output_backend="plaintext", citations=["anon"]
        )


# --- writing and round trips ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [REFERENCES, SAMPLES], ids=["references", "constructed"])
def test_round_trip_csl_json_through_pybtex_keeps_the_essentials(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.json"
    parse_file(str(path)).to_file(str(out))  # .json picks the writer too
    again = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(again, SCHEMA)
    before = _items(path)
    assert [i["id"] for i in again] == [i["id"] for i in before]
    for old, new in zip(before, again, strict=True):
        assert new.get("title") == old.get("title")
        assert _names(new) == _names(old)
        assert _names(new, "editor") == _names(old, "editor")
        old_year = (old.get("issued") or {}).get("date-parts", [[None]])[0][0]
        new_year = (new.get("issued") or {}).get("date-parts", [[None]])[0][0]
        assert new_year == old_year
        assert new.get("DOI") == old.get("DOI")
        assert new.get("URL") == old.get("URL")
        assert new.get("container-title") == old.get("container-title")
        raw = (old.get("custom") or {}).get("refman", {}).get("raw")
        assert (new.get("custom") or {}).get("refman", {}).get("raw") == raw


def test_biblatex_dialect_keeps_full_dates() -> None:
    data = parse_file(str(SAMPLES), bib_format="csljson", dialect="biblatex")
    assert data.entries["en-article"].fields["date"] == "2021-03-15"
    assert data.entries["en-article"].fields["journaltitle"] == "Journal of Testing \\& Examples"
    again = json.loads(data.to_string("csljson"))
    article = next(i for i in again if i["id"] == "en-article")
    assert article["issued"] == {"date-parts": [[2021, 3, 15]]}
    with pytest.raises(PybtexError, match="unknown BibTeX dialect"):
        CslJsonParser(dialect="apa")


def test_writer_reads_pybtex_data_from_bibtex() -> None:
    data = parse_string(
        r"""@inproceedings{Knuth:1984,
              author = {Knuth, Donald E. and de la Vall{\'e}e Poussin, Charles},
              title = {Literate {P}rogramming \& more},
              booktitle = {Proc. of Things}, year = 1984, month = feb, doi = {10.1093/COMJNL/27.2.97}}""",
        "bibtex",
    )  # constructed for this test
    (item,) = json.loads(data.to_string("csljson"))
    jsonschema.validate([item], SCHEMA)
    assert (item["id"], item["type"], item["title"]) == (
        "Knuth:1984",
        "paper-conference",
        "Literate Programming & more",
    )
    assert item["author"] == [
        {"family": "Knuth", "given": "Donald E."},
        {"family": "Vallée Poussin", "given": "Charles", "non-dropping-particle": "de la"},
    ]
    assert item["issued"] == {"date-parts": [[1984, 2]]}
    assert item["DOI"] == "10.1093/comjnl/27.2.97"
    assert item["container-title"] == "Proc. of Things"


def test_writer_reports_problems_the_pybtex_way() -> None:
    data = BibliographyData({"odd": Entry("gadget", fields={"title": "A thing"})})  # constructed
    with pytest.raises(BibliographyDataError, match="entry 'odd': unknown entry type @gadget"):
        data.to_string("csljson")
    with pybtex.errors.capture() as captured:  # pybtex's non-strict mode: warn and go on
        (item,) = json.loads(data.to_string("csljson"))
    assert [str(e) for e in captured] == ["entry 'odd': unknown entry type @gadget, read as document"]
    assert (item["id"], item["type"], item["title"]) == ("odd", "document", "A thing")


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("@article{x, title={Not JSON}}", "not valid JSON"),
        ('"just a string"', "must be an array"),
        ('[{"type": "book", "title": "No id"}]', "item 1, field 'id': no id; called 'item-1'"),
        ('[{"id": "a"}, 7]', "item 2: expected an object, got a number; skipped"),
        ('[{"id": "a", "author": "Иванов"}]', "field 'author': expected a list of names, got text"),
    ],
    ids=["not-json", "not-array", "no-id", "not-object", "bad-names"],
)
def test_bad_input_raises_pybtex_error_naming_the_file(tmp_path: Path, content: str, reason: str) -> None:
    bad = tmp_path / "bad.json"  # written by this test
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(BibliographyDataError) as caught:
        parse_file(str(bad))
    assert isinstance(caught.value, PybtexError)
    assert str(bad) in str(caught.value) and reason in str(caught.value)


def test_duplicate_ids_are_pybtex_repeated_entries(tmp_path: Path) -> None:
    dup = tmp_path / "dup.json"  # written by this test
    dup.write_text('[{"id": "a", "title": "One"}, {"id": "a", "title": "Two"}]', encoding="utf-8")
    with pytest.raises(BibliographyDataError, match="repeated bibliography entry: a"):
        parse_file(str(dup))
    with pybtex.errors.capture() as captured:
        data = parse_file(str(dup))
    assert len(captured) == 1 and data.entries["a"].fields["title"] == "One"


def test_strings_bytes_and_byte_order_marks_are_read() -> None:
    text = '\ufeff[{"id": "k", "type": "book", "title": "Абай жолы", "author": [{"family": "Әуезов"}]}]'
    for data in (parse_string(text, "csljson"), pybtex.database.parse_bytes(text.encode("utf-8"), "csljson")):
        entry = data.entries["k"]
        assert entry.type == "book" and entry.persons["author"] == [Person(last="Әуезов")]
