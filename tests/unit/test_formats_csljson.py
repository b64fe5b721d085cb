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
from refman.formats.csljson import from_csl_json, to_csl_json
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
    odd: dict[str, Any] = {"title": ["a", "list"], "volume": float("nan")}  # as real data holds them
    ref = Reference(id="r", type="no-such-type", extra={"unknown-var": 1}, **odd)
    (item,) = json.loads(to_csl_json([ref]))
    assert item["type"] == "document" and "title" not in item and item["volume"] == "nan"
    assert item["custom"]["refman"]["set_aside"] == {
        "type": "no-such-type",
        "title": ["a", "list"],
        "unknown-var": 1,
    }
    assert _validator().is_valid([item])
