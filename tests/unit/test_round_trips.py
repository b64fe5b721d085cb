"""Round trips that lose nothing, on real data (../shared/data, through shared_data()):

* BibTeX -> CSL-JSON -> BibTeX: every field of Beebe's and the bibliotex .bib files comes back
  (fields CSL has no place for travel in custom.refman.bibtex, CSL variables BibTeX has no
  field for in fields of their own name);
* CSL-JSON -> BibTeX -> CSL-JSON: every variable and type of real Crossref records and of
  Crossref's own CSL transforms comes back, in both dialects;
* every CSL-JSON written from real Crossref records validates against the CSL schema.

What changes on purpose is listed once, in DELIBERATE, each with its reason and a demonstration
(test_each_deliberate_change_happens_for_its_reason); the round-trip tests undo exactly those.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import re
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_tables import PAGE_DASH
from refman.formats.bibtex_writer import set_aside_unwritable, to_bibtex
from refman.formats.csljson import from_csl_json, to_csl_json, to_zotero_json
from refman.formats.latex import decode_latex
from refman.model import Name, Reference
from refman.resolve.mapping import crossref_to_csl
from tests.support.shared import shared_data

pytestmark = pytest.mark.slow

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8")
)
Item = dict[str, Any]


def _spaced(given: str) -> str:
    return re.sub(r"(?<=\w\.)(?=\w)", " ", given)


def _name_words(item: Item) -> Item:
    for var in ("author", "editor", "translator"):
        if isinstance(item.get(var), list):
            words = [" ".join(_spaced(v) for v in name.values() if isinstance(v, str)) for name in item[var]]
            item[var] = [sorted(text.replace("\ufffd", "").split()) for text in words if text.strip()]
            if not item[var]:
                del item[var]
    return item


_JATS = re.compile(r"</?(?:jats:)?[a-zA-Z]+(?:\s[^<>]*)?>")


def _plain(item: Item) -> Item:
    for key, value in list(item.items()):
        if isinstance(value, str) and ("<" in value or "&" in value or "\ufffd" in value):
            for _ in range(3):
                value = html.unescape(value)
            value = decode_latex(_JATS.sub("", value).replace("\ufffd", ""))
        if isinstance(value, str):
            item[key] = " ".join(value.split())
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            item[key] = [" ".join(v.split()) for v in value]
    return item


def _without(keys: Callable[[Item], set[str]]) -> Callable[[Item], Item]:
    def drop(item: Item) -> Item:
        for key in keys(item):
            item.pop(key, None)
        return item

    return drop


#: What a round trip changes on purpose: name -> (reason, how a CSL item is normalised for it).
DELIBERATE: dict[str, tuple[str, Callable[[Item], Item]]] = {
    "name parts": (
        'biber and biblatex-gost read "С.Б." as one initial: the .bib writes "С. Б."; and a name '
        "the source split oddly (an upper-case particle, which BibTeX tells by case; a family name "
        "alone, braced) may come back split another way: its words all come back",
        _name_words,
    ),
    "detected language": (
        "an item without a language gets the language of its title's script (langid/language)",
        _without(lambda item: {"language"}),
    ),
    "markup cleaned": (
        "HTML entities, JATS tags and U+FFFD in text are cleaned for LaTeX (&amp; -> &), and "
        "BibTeX reads a run of white space as one space",
        _plain,
    ),
    "unwritable verbatim values": (
        "a DOI or URL no LaTeX set-up reads safely is left out of the .bib (it stays in the "
        "CSL-JSON's custom.refman.set_aside), a URL's < > percent-encoded",
        _without(lambda item: {"DOI", "URL"}),
    ),
    "empty values": (
        "a field with no text, or a date with no parts, is not written",
        _without(lambda item: {k for k, v in item.items() if v in ("", {}, [])}),
    ),
    "page dashes": ('page ranges are written "--" and read "-"', lambda item: _pages(item)),
    "custom": (
        "custom (refman's provenance, values CSL set aside) lives in the CSL-JSON only, except "
        "the .bib fields it keeps (custom.refman.bibtex) and the raw string (refman-raw)",
        _without(lambda item: {"custom"}),
    ),
    "a book's container in the bibtex dialect": (
        "classic BibTeX has no container for a book: its container-title is the series",
        lambda item: _book_series(item),
    ),
    "date parts as numbers": (
        'a date part written as text ("2015") is read back as the number',
        lambda item: _date_numbers(item),
    ),
    "a thesis of no stated kind": (
        "it is written @phdthesis (BibTeX has no plain thesis), which says: PhD thesis",
        lambda item: _thesis_genre(item),
    ),
    "control characters": (
        "a control character prints nothing and upsets TeX fonts: the .bib drops it",
        lambda item: _no_controls(item),
    ),
    "an untitled periodical": (
        "biblatex's @periodical has no container: a journal issue's journal is its title",
        lambda item: _periodical_title(item),
    ),
}


def _pages(item: Item) -> Item:
    if isinstance(item.get("page"), str):
        item["page"] = PAGE_DASH.sub("-", item["page"])
    return item


def _book_series(item: Item) -> Item:
    if item.get("type") == "book" and "container-title" in item and "collection-title" not in item:
        item["collection-title"] = item.pop("container-title")
    return item


def _date_numbers(item: Item) -> Item:
    for key in ("issued", "accessed", "original-date", "event-date", "submitted", "available-date"):
        for part in item.get(key, {}).get("date-parts", []) if isinstance(item.get(key), dict) else []:
            part[:] = [int(p) if isinstance(p, str) and p.isdigit() else p for p in part]
    return item


def _thesis_genre(item: Item) -> Item:
    if item.get("type") == "thesis":
        item.setdefault("genre", "PhD thesis")
    return item


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _no_controls(item: Item) -> Item:
    return {k: _CONTROLS.sub("", v) if isinstance(v, str) else v for k, v in item.items()}


def _periodical_title(item: Item) -> Item:
    if item.get("type") == "periodical" and "container-title" in item and "title" not in item:
        item["title"] = item.pop("container-title")
    return item


def _normalised(item: Item) -> Item:
    item = json.loads(json.dumps(item))
    for _, normalise in DELIBERATE.values():
        item = normalise(item)
    return item


def test_each_deliberate_change_happens_for_its_reason() -> None:
    """The list above is the whole list: each change, shown on one constructed item."""
    ref = Reference(
        id="x",
        citation_key="x",
        type="book",
        title="Fish &amp; <jats:italic>chips</jats:italic>\ufffd",
        author=[Name(family="Иванов", given="С.Б."), Name(family="Chongqing Kang")],
        container_title="A series",
        page="1--5",
        DOI="10.1/a b",
        abstract="",
        custom={"note": "kept in CSL only"},
    )
    (back,) = from_bibtex(to_bibtex([ref], "bibtex"))[0]
    csl = back.to_csl()
    assert csl["author"] == [{"family": "Иванов", "given": "С. Б."}, {"literal": "Chongqing Kang"}]
    assert csl["language"] == "en" and csl["title"] == "Fish & <i>chips</i>"
    assert "DOI" not in csl and "abstract" not in csl and "custom" not in csl
    assert csl["page"] == "1-5" and csl["collection-title"] == "A series"
    issue = Reference(id="y", citation_key="y", type="periodical", container_title="Ecology", volume="91")
    (back,) = from_bibtex(to_bibtex([issue], "biblatex"))[0]
    assert back.title == "Ecology" and back.container_title is None
    assert set(DELIBERATE) == {
        "name parts",
        "detected language",
        "markup cleaned",
        "unwritable verbatim values",
        "empty values",
        "page dashes",
        "custom",
        "a book's container in the bibtex dialect",
        "an untitled periodical",
        "date parts as numbers",
        "a thesis of no stated kind",
        "control characters",
    }


# --- data ----------------------------------------------------------------------------------------


def _beebe_head(limit: int) -> str:
    with gzip.open(shared_data("bib", "beebe_fish_all_146k.bib.gz"), "rt", encoding="utf-8") as lines:
        return "".join(islice(lines, limit))


@functools.cache
def _bib_text() -> str:
    return shared_data("bib", "bibliotex_combined.bib").read_text(encoding="utf-8") + _beebe_head(40_000)


def _crossref_records(limit: int | None = None) -> Iterator[dict[str, Any]]:
    with gzip.open(shared_data("crossref", "works.jsonl.gz"), "rt", encoding="utf-8") as lines:
        for line in islice(lines, limit):
            yield json.loads(line)


def _transforms() -> list[Item]:
    folder = shared_data("crossref", "content_negotiation")
    items: list[Item] = []
    for row in map(json.loads, (folder / "index.jsonl").read_text(encoding="utf-8").splitlines()):
        if row["kind"] == "csl-json":
            data = json.loads((folder / row["file"]).read_text(encoding="utf-8"))
            items.extend(data if isinstance(data, list) else [data])
    return items


# --- BibTeX -> CSL-JSON -> BibTeX ----------------------------------------------------------------


def _kept_fields(ref: Reference) -> dict[str, str]:
    """The .bib fields CSL has no place for, as text (meaning, not spelling: LaTeX decoded);
    fields commented out with % are no fields (bibtexparser reads them as '% name')."""
    kept = ref.refman.extra.get("bibtex", {})
    return {k: decode_latex(v) for k, v in kept.items() if not k.startswith("%") and v.strip()}


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_bibtex_to_csl_json_to_bibtex_keeps_every_field(dialect: str) -> None:
    refs, _ = from_bibtex(_bib_text(), "shared.bib")
    assert len(refs) > 4000
    through, problems = from_csl_json(to_csl_json(refs))
    assert problems == []
    back, problems = from_bibtex(to_bibtex(through, dialect))
    assert problems == [] and len(back) == len(refs)
    lost = []
    for a, b in zip(refs, back, strict=True):
        if (_normalised(a.to_csl()), _kept_fields(a)) != (_normalised(b.to_csl()), _kept_fields(b)):
            lost.append(a.id)
    assert lost == [], f"{len(lost)} of {len(refs)} entries changed, e.g. {lost[:5]}"


# --- CSL-JSON -> BibTeX -> CSL-JSON --------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("source", ["records", "transforms"])
def test_csl_json_to_bibtex_to_csl_json_keeps_every_variable_and_type(dialect: str, source: str) -> None:
    items = list(_crossref_records(2000)) if source == "records" else _transforms()
    refs, _ = from_csl_json(json.dumps(items))
    refs = [ref.replace(citation_key=f"k{n}") for n, ref in enumerate(refs)]
    refs, _ = set_aside_unwritable(refs)
    back, problems = from_bibtex(to_bibtex(refs, dialect))
    assert problems == [] and len(back) == len(refs)
    written = json.loads(to_csl_json(refs))
    read = json.loads(to_csl_json(back))
    changed = [
        (a["id"], sorted(k for k in set(na) | set(nb) if na.get(k) != nb.get(k)))
        for a, b in zip(written, read, strict=True)
        if (na := _normalised(a)) != (nb := _normalised(b))
    ]
    assert changed == [], f"{len(changed)} of {len(refs)} items changed, e.g. {changed[:5]}"


# --- schema-valid exports of real Crossref records -----------------------------------------------


@functools.cache
def _validator() -> Any:
    cls = jsonschema.validators.validator_for(SCHEMA)
    return cls(SCHEMA)


def test_every_export_of_real_crossref_records_validates() -> None:
    """All 7,551 records read as refman export reads a Crossref JSON file (without the lists of
    works they cite, 149k references that would only be set aside), and Crossref's CSL
    transforms; 2,000 records mapped as the resolver maps them, and the Zotero flavour of each."""
    records = [{k: v for k, v in r.items() if k != "reference"} for r in _crossref_records()]
    assert len(records) > 7000
    exported, _ = from_csl_json(json.dumps(records))
    mapped = [
        Reference.from_csl({**crossref_to_csl(r), "id": f"cr{n}"}) for n, r in enumerate(records[:2000])
    ]
    transforms, _ = from_csl_json(json.dumps(_transforms()))
    texts = [to_csl_json(exported), to_csl_json(transforms), to_csl_json(mapped)]
    texts += [to_zotero_json(refs) for refs in (exported[:2000], transforms, mapped)]
    for text in texts:
        errors = [e.message for e in islice(_validator().iter_errors(json.loads(text)), 5)]
        assert errors == []
