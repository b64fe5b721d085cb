"""CSL-JSON export: schema-valid, stable, lossless (samples: tests/data/csl/constructed_samples.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from refman.formats.csljson import from_csl_json, to_csl_json
from refman.keys import assign_keys
from refman.model import Date, Name, Provenance, Reference

DATA = Path(__file__).resolve().parents[1] / "data" / "csl"
SCHEMA = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
SAMPLES: list[dict[str, Any]] = json.loads((DATA / "constructed_samples.json").read_text(encoding="utf-8"))


def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def test_samples_are_schema_valid_to_start_with() -> None:
    _validator().validate(SAMPLES)


def test_export_validates_against_official_schema() -> None:
    refs = assign_keys(from_csl_json(json.dumps(SAMPLES)))
    text = to_csl_json(refs)
    errors = list(_validator().iter_errors(json.loads(text)))
    assert errors == []


def test_round_trip_is_lossless() -> None:
    text = json.dumps(SAMPLES, ensure_ascii=False)
    refs = from_csl_json(text)
    assert json.loads(to_csl_json(refs)) == SAMPLES
    # Second pass is byte-identical (stable output).
    assert to_csl_json(from_csl_json(to_csl_json(refs))) == to_csl_json(refs)


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
    refs = from_csl_json(json.dumps(SAMPLES))
    assert refs[0].refman.raw is not None and refs[0].refman.raw.startswith("Құрманғали Қ.")
    assert json.loads(to_csl_json(refs))[0]["custom"]["refman"]["raw"] == refs[0].refman.raw


def test_single_object_accepted() -> None:
    refs = from_csl_json(json.dumps(SAMPLES[0]))
    assert [r.id for r in refs] == ["kk-article"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('"a string"', "must be an array"),
        ('[{"id": "a"}, 5]', "item 1: expected an object"),
        ('[{"type": "book"}]', "item 0: missing 'id'"),
        ('[{"id": "a"}, {"id": "b", "author": "Smith"}]', "item 1: 'author' must be a list"),
        ('[{"id": "a", "issued": {"date-parts": [2020]}}]', "item 0: 'issued' date-parts"),
        ('[{"id": "a", "custom": {"refman": []}}]', "item 0: 'custom.refman'"),
        ('[{"id": true}]', "item 0: 'id' must be"),
    ],
)
def test_bad_input_names_the_item(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        from_csl_json(text)
