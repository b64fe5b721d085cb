"""The CSL data refman ships: the Kazakh locale and the styles are valid CSL, and the romanised
list's pieces (transliteration, language notes) behave as documented."""

from __future__ import annotations

import gzip
import itertools
import json
from importlib import resources
from pathlib import Path

import citeproc
import pytest
from lxml import etree  # type: ignore[import-untyped]

from refman.model import Name, Reference
from refman.render import STYLES, render_entries
from refman.render.romanised import romanised_bibliography, romanised_reference
from refman.resolve.mapping import crossref_to_csl
from tests.support.shared import shared_data

DATA = resources.files("refman.render").joinpath("data")


def _csl_schema() -> etree.RelaxNG:
    # ../shared/data/csl/schema holds the CSL schema only in the compact syntax (csl.rnc), which
    # lxml cannot read; citeproc-py ships the same schema (CSL 1.0.1) as RELAX NG XML.
    shared_data("csl", "schema", "styles", "csl.rnc")
    return etree.RelaxNG(etree.parse(citeproc.SCHEMA_PATH))


def test_the_kazakh_locale_is_valid_csl() -> None:
    schema = _csl_schema()
    locale = etree.fromstring(DATA.joinpath("locales").joinpath("locales-kk-KZ.xml").read_bytes())
    assert schema.validate(locale), schema.error_log.last_error
    assert locale.get("{http://www.w3.org/XML/1998/namespace}lang") == "kk-KZ"


def test_every_shipped_style_is_valid_csl_and_matches_the_shared_copy() -> None:
    schema = _csl_schema()
    shipped = list(DATA.joinpath("styles").iterdir())
    assert sorted(Path(p.name).stem for p in shipped) == list(STYLES)
    for path in shipped:
        assert path.read_bytes() == shared_data("csl", "styles", path.name).read_bytes(), path.name
    for path in [*shipped, *DATA.joinpath("own").iterdir()]:
        assert schema.validate(etree.fromstring(path.read_bytes())), (path.name, schema.error_log.last_error)


def test_romanised_copy_transliterates_and_notes_the_language() -> None:
    ref = Reference(
        id="r",
        type="article-journal",
        title="Щит и меч",
        author=[Name(family="Юрьев", given="Я.")],
        container_title="Вестник",
        language="ru",
    )
    out = romanised_reference(ref)
    assert (out.title, out.author[0].family, out.author[0].given) == ("Shchit i mech", "Iur'ev", "Ia.")
    assert (out.container_title, out.note) == ("Vestnik", "(In Russ.)")
    assert ref.title == "Щит и меч"  # the original is left alone


def test_a_latin_reference_is_kept_as_it_is() -> None:
    ref = Reference(id="e", type="book", title="Peacekeeping", author=[Name(family="Smith", given="J.")])
    assert romanised_reference(ref) is ref


def test_entries_follow_input_order_in_a_numbered_style() -> None:
    refs = [Reference(id=str(n), type="book", title=title) for n, title in enumerate(("Б", "А"))]
    assert [e[:5] for e in render_entries(refs, "gost-r-7-0-5-2008-numeric")] == ["1. Б.", "2. А."]


def test_a_numbered_style_sets_its_number_apart_from_the_entry() -> None:
    """Styles that put the number in its own column (``second-field-align``) get a space after
    it: citeproc-py does not lay the column out, and "[1]“Title" reads as one word."""
    refs = [Reference(id=str(n), type="book", title=f"Title {n}") for n in range(12)]
    entries = render_entries(refs, "ieee")
    assert entries[0].startswith("[1] ") and entries[11].startswith("[12] ")


@pytest.mark.slow
def test_real_crossref_records_render_in_every_style() -> None:
    """Sixty real Crossref records of every type (mapped as refman maps them) render in each
    shipped style and in the romanised list, one entry each."""
    with gzip.open(shared_data("crossref", "works.jsonl.gz"), "rt") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, 0, 6000, 100)]
    refs = [Reference.from_csl({**crossref_to_csl(r), "id": f"r{n}"}) for n, r in enumerate(records)]
    assert len({r.type for r in refs}) >= 4
    for style in STYLES:
        assert len(render_entries(refs, style, output="html")) == len(refs), style
    assert romanised_bibliography(refs).count("\n") == len(refs)
