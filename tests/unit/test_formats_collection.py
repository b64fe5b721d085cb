"""The one rule that tells a collection file's kind, and read_collection (constructed inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refman.errors import InputError
from refman.formats.collection import collection_kind, parse_collection, read_collection

CSL = '[{"id": "a", "type": "book", "title": "T"}]\n'
BIB = "% written by hand\n@book{a,\n  title = {T}\n}\n"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("x.json", CSL, "csl-json"),
        ("x.CSL", CSL, "csl-json"),
        ("x.bib", BIB, "bibtex"),
        ("x.biblatex", "", "bibtex"),  # the suffix decides when the content says nothing
        ("x.yaml", "---\na:\n  ENTRYTYPE: book\n...\n", "cobib-yaml"),
        ("-", '  [{"id": "a"}]', "csl-json"),  # no suffix: the content decides
        ("-", BIB, "bibtex"),
        ("x.data", "---\na:\n  ENTRYTYPE: book\n", "cobib-yaml"),
        ("-", "https://example.org\n", None),  # nothing fits
        ("x.md", "[link](https://a.example)", None),  # a document, whatever it holds
        ("x.txt", "[1] Smith J. A title. 2020.\n", None),
    ],
)
def test_collection_kind_suffix_first_then_content(name: str, text: str, kind: str | None) -> None:
    assert collection_kind(name, text) == kind


@pytest.mark.parametrize(
    ("name", "text"), [("x.bib", CSL), ("x.json", BIB), ("x.yml", CSL), ("x.json", "---\na: 1\n")]
)
def test_suffix_and_content_that_disagree_are_refused_naming_the_file(name: str, text: str) -> None:
    with pytest.raises(InputError, match=rf"^{name}: named \.\w+ \(.*\) but its content reads as "):
        collection_kind(name, text)


def test_parse_collection_reads_each_kind_and_names_the_file_on_errors() -> None:
    (ref,), problems = parse_collection("x.json", CSL)
    assert (ref.id, ref.title, problems) == ("a", "T", [])
    (ref,), problems = parse_collection("-", BIB)
    assert (ref.citation_key, ref.title, problems) == ("a", "T", [])
    with pytest.raises(InputError, match=r"^bad\.json:1: not valid JSON"):
        parse_collection("bad.json", "[{")
    with pytest.raises(InputError, match=r"^<stdin>: not a collection"):
        parse_collection("-", "just words\n")


def test_read_collection_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    (ref,), problems = read_collection(path)
    assert ref.title == "T" and problems == []
    with pytest.raises(InputError, match="no such file"):
        read_collection(tmp_path / "missing.json")
