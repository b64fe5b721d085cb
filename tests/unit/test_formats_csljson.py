"""CSL-JSON export: schema-valid, stable, lossless (samples: tests/data/csl/constructed_samples.json)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refman.errors import InputError
from refman.formats.csljson import from_csl_json, to_csl_json, to_zotero_json
from refman.keys import assign_keys
from refman.model import Date, Name, Provenance, Reference

DATA = Path(__file__).resolve().parents[1] / "data" / "csl"
SCHEMA = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
SAMPLES: list[dict[str, Any]] = json.loads((DATA / "constructed_samples.json").read_text(encoding="utf-8"))


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def test_samples_are_schema_valid_to_start_with() -> None:
    _validator().validate(SAMPLES)


def test_export_validates_against_official_schema() -> None:
    refs = assign_keys(from_csl_json(json.dumps(SAMPLES))[0])
    text = to_csl_json(refs)
    errors = list(_validator().iter_errors(json.loads(text)))
    assert errors == []


def test_round_trip_is_lossless() -> None:
    text = json.dumps(SAMPLES, ensure_ascii=False)
    refs = from_csl_json(text)[0]
    assert json.loads(to_csl_json(refs)) == SAMPLES
    # Second pass is byte-identical (stable output).
    assert to_csl_json(from_csl_json(to_csl_json(refs))[0]) == to_csl_json(refs)


def test_utf8_not_escaped_and_indented() -> None:
    ref = Reference(id="a", type="book", title="Қазақ тілі", author=[Name(family="Әлиев")])
    text = to_csl_json([ref])
    assert "Қазақ тілі" in text and "\\u" not in text
    assert text.startswith('[\n  {\n    "id": "a",\n    "type": "book",')
    assert text.endswith("]\n")


def test_stable_key_order() -> None:
    ref = Reference(
        id="x",
        type="article-journal",
        citation_key="k",
        title="T",
        author=[Name(family="F", given="G")],
        issued=Date.ymd(2020, 1),
        container_title="J",
        DOI="10.1/x",
        refman=Provenance(raw="raw text"),
        extra={"PMID": "1"},
    )
    keys = list(json.loads(to_csl_json([ref]))[0])
    assert keys == [
        *("id", "type", "citation-key", "title", "container-title", "DOI"),
        *("author", "issued", "PMID", "custom"),
    ]


def test_a_value_set_aside_by_the_writer_is_written_the_same_after_reading_back() -> None:
    # found by the fuzz campaign (fuzz/, csl-json): custom.refman.set_aside came after an unknown
    # custom.refman key when written, before it when read back and written again
    ref = Reference(id="x", refman=Provenance(raw="r", extra={"customnumber": 1}))
    ref.extra["cuntainer-title"] = {"not": "text"}
    written = to_csl_json([ref])
    back, problems = from_csl_json(written, "out.json")
    assert problems == [] and to_csl_json(back) == written


def test_raw_string_survives() -> None:
    refs = from_csl_json(json.dumps(SAMPLES))[0]
    assert refs[0].refman.raw is not None and refs[0].refman.raw.startswith("Құрманғали Қ.")
    assert json.loads(to_csl_json(refs))[0]["custom"]["refman"]["raw"] == refs[0].refman.raw


def test_single_object_accepted() -> None:
    refs = from_csl_json(json.dumps(SAMPLES[0]))[0]
    assert [r.id for r in refs] == ["kk-article"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("[\n{not json", "not valid JSON: Expecting property name", 2),
        ('"a string"', "CSL-JSON must be an array of items, got text", None),
    ],
)
def test_text_that_is_no_csl_json_is_an_error_naming_the_file(
    text: str, message: str, line: int | None
) -> None:
    with pytest.raises(InputError) as info:
        from_csl_json(text, "refs.json")
    assert (info.value.path, info.value.line) == ("refs.json", line)
    assert message in str(info.value)


SET_ASIDE = "set aside in custom.refman.set_aside"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[{"id": "a"}, 5]', "refs.json: item 2: expected an object, got a number; skipped"),
        ('[{"type": "book"}]', "refs.json: item 1, field 'id': no id; called 'item-1'"),
        (
            '[{"id": "a"}, {"id": "b", "author": "Smith"}]',
            f"refs.json: item 2 (id 'b'), field 'author': expected a list of names, got text; {SET_ASIDE}",
        ),
        (
            '[{"id": "a", "issued": {"date-parts": [2020]}}]',
            "refs.json: item 1 (id 'a'), field 'issued': 'date-parts' must be up to two [year, month, day]"
            f" lists of numbers or text; {SET_ASIDE}",
        ),
        (
            '[{"id": "a", "custom": {"refman": []}}]',
            f"refs.json: item 1 (id 'a'), field 'custom.refman': expected an object, got a list; {SET_ASIDE}",
        ),
    ],
)
def test_values_that_do_not_fit_are_set_aside_with_a_problem_naming_item_and_field(
    text: str, problem: str
) -> None:
    refs, problems = from_csl_json(text, "refs.json")
    assert [str(p) for p in problems] == [problem]
    assert len(refs) == len(json.loads(text)) - text.count(", 5]")


# --- schema-valid for any references ---------------------------------------------------------------
# Values of every JSON shape and the ones JSON cannot hold (NaN, infinity, integers over Python's
# 4,300-digit printing limit, lone surrogates, objects), in every attribute of a Reference.
_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(["\ud800", "a\udfffb"])
_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | _TEXT
    | st.none().map(lambda _: 10**5000)
    | st.builds(object)
    | st.just(float("nan"))
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_NAME = st.builds(
    Name,
    family=_VALUE,
    given=_VALUE,
    literal=_VALUE,
    extra=st.dictionaries(_TEXT | st.sampled_from(["parse-names", "comma-suffix"]), _VALUE, max_size=2),
)
_DATE = st.builds(
    Date,
    parts=st.lists(st.lists(_VALUE, max_size=4), max_size=3),
    literal=_VALUE,
    raw=_VALUE,
    season=_VALUE,
    circa=_VALUE,
)
_REFERENCE = st.builds(
    Reference,
    id=_TEXT,
    type=st.sampled_from(["book", "article-journal"]) | _TEXT,
    title=_VALUE,
    volume=_VALUE,
    DOI=_VALUE,
    author=st.lists(_NAME, max_size=2),
    issued=st.none() | _DATE,
    extra=st.dictionaries(
        st.sampled_from(["abstract", "categories", "event-date", "note", "no-such-variable"]) | _TEXT,
        _VALUE,
        max_size=3,
    ),
    custom=st.dictionaries(_TEXT, _VALUE, max_size=2),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_REFERENCE, min_size=1, max_size=2))
def test_any_references_give_schema_valid_utf8_json(refs: list[Reference]) -> None:
    text = to_csl_json(refs)
    items = json.loads(text.encode("utf-8"))  # UTF-8 holds it: no lone surrogate left raw
    errors = [e.message for e in _validator().iter_errors(items)]
    assert errors == []
    for ref, item in zip(refs, items, strict=True):
        aside = item.get("custom", {}).get("refman", {}).get("set_aside", {})
        kept = set(item) | set(aside)
        assert {k for k, v in ref.to_csl().items() if k != "custom"} <= kept  # nothing dropped


def test_values_without_their_csl_shape_are_set_aside() -> None:
    odd: dict[str, Any] = {"title": {"an": "object"}, "volume": float("nan")}  # as real data holds them
    ref = Reference(id="r", type="no-such-type", extra={"unknown-var": 1}, **odd)
    (item,) = json.loads(to_csl_json([ref]))
    assert item["type"] == "document" and "title" not in item and item["volume"] == "nan"
    assert item["custom"]["refman"]["set_aside"] == {
        "type": "no-such-type",
        "title": {"an": "object"},
        "unknown-var": 1,
    }
    assert _validator().is_valid([item])


def test_values_of_the_wrong_kind_are_made_into_the_schemas_kind() -> None:
    """A Crossref record's shapes: its type names, lists of texts, numbers for text, names and
    dates with parts the schema has no place for (kept in custom.refman.set_aside)."""
    record = {
        "id": "r",
        "type": "journal-article",
        "title": ["A title"],
        "ISSN": ["1234-5678", "8765-4321"],
        "container-title": ["Journal", "J. Abbrev."],
        "PMID": 12345,
        "author": [{"family": "Smith", "given": "J.", "affiliation": [], "sequence": "first"}],
        "issued": {"date-parts": [[2020, 5, 3]], "date-time": "2020-05-03T00:00:00Z"},
    }
    for item in (json.loads(to_csl_json(from_csl_json(json.dumps([record]))[0]))[0],):
        assert _validator().is_valid([item])
        assert item["type"] == "article-journal" and item["title"] == "A title"
        assert item["ISSN"] == "1234-5678, 8765-4321" and item["container-title"] == "Journal; J. Abbrev."
        assert item["PMID"] == "12345" and item["author"] == [{"family": "Smith", "given": "J."}]
        assert item["issued"] == {"date-parts": [[2020, 5, 3]]}
        assert item["custom"]["refman"]["set_aside"] == {
            "author": [{"affiliation": [], "sequence": "first"}],
            "issued": {"date-time": "2020-05-03T00:00:00Z"},
        }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("posted-content", "article"),
        ("proceedings-article", "paper-conference"),
        ("book-chapter", "chapter"),
        ("phdthesis", "thesis"),
        ("inproceedings", "paper-conference"),
        ("Conference-Paper", "paper-conference"),
        ("personal-communication", "personal_communication"),
        ("article", "article"),
        ("webpage", "webpage"),
    ],
)
def test_foreign_type_names_become_csl_types(name: str, expected: str) -> None:
    (item,) = json.loads(to_csl_json([Reference(id="x", type=name)]))
    assert item["type"] == expected


def test_the_csl_id_is_the_citation_key_and_refmans_id_comes_back() -> None:
    refs = [
        Reference(id="000_abc", citation_key="smith2020", title="A"),
        Reference(id="001_def", citation_key="smith2020", title="B"),  # the key is taken: own id
        Reference(id="002_ghi", title="C"),
    ]
    items = json.loads(to_csl_json(refs))
    assert [i["id"] for i in items] == ["smith2020", "001_def", "002_ghi"]
    assert items[0]["citation-key"] == "smith2020" and items[0]["custom"]["refman"]["id"] == "000_abc"
    assert "custom" not in items[2]
    back = from_csl_json(to_csl_json(refs))[0]
    assert [r.id for r in back] == ["000_abc", "001_def", "002_ghi"]
    assert to_csl_json(back) == to_csl_json(refs)


def test_zotero_flavour_carries_in_note_what_zotero_has_no_field_for() -> None:
    ref = Reference(
        id="000_abc",
        citation_key="smith2020",
        title="A",
        note="Printed note",
        extra={"original-title": "Исходное название", "container-title-short": "J. Abbr."},
        refman=Provenance(raw="Smith J. A. // J. 2020."),
    )
    (item,) = json.loads(to_zotero_json([ref]))
    assert _validator().is_valid([item])
    assert item["note"].splitlines() == [
        "Printed note",
        "Citation Key: smith2020",
        "Original Title: Исходное название",
        "refman ID: 000_abc",
        "refman raw: Smith J. A. // J. 2020.",
    ]
    assert item["journalAbbreviation"] == "J. Abbr." and item["id"] == "smith2020"


def test_crossrefs_text_is_read_as_the_markup_it_is() -> None:
    """Crossref sends titles as JATS XML text (as in its real records: "PRODUCTS &amp;amp;
    SERVICES", "<scp>risk‐averse</scp>"), which a CSL processor would print as it is; text of
    other sources is read as it is written."""
    title = "PRODUCTS &amp;amp; SERVICES: <scp>risk</scp> in H<jats:sub>2</jats:sub>O"
    item: dict[str, Any] = {"id": "r", "type": "journal-article", "title": title}
    item["URL"] = "https://example.org/?a=1&amp;b=2"
    item["author"] = [{"family": "O&apos;Brien", "given": "A."}]
    crossref, other = from_csl_json(json.dumps([{**item, "source": "Crossref"}, item]))[0]
    (written,) = json.loads(to_csl_json([crossref]))
    assert written["title"] == "PRODUCTS & SERVICES: <sc>risk</sc> in H<sub>2</sub>O"
    assert written["author"] == [{"family": "O'Brien", "given": "A."}]
    assert written["URL"] == item["URL"]  # an address is kept as it is
    assert other.title == title
