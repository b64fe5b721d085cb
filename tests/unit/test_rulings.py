"""The rulings file (decisions.json, rulings on duplicate pairs): reading, writing, changing one ruling."""

from __future__ import annotations

import pytest

from refman.errors import InputError
from refman.rulings import Ruling, rulings_from_json, rulings_to_json, with_ruling


def test_round_trip_and_order() -> None:
    rulings = [Ruling("a-1", "b-1", True, "same paper"), Ruling("a-2", "b-2", False)]
    text = rulings_to_json(rulings)
    assert rulings_from_json(text, "d.json") == (rulings, [])
    assert '"decision": "different"' in text and text.endswith("\n")


def test_a_new_ruling_replaces_the_old_one_in_either_order_and_keeps_its_note() -> None:
    rulings = [Ruling("a", "b", True, "year misprint"), Ruling("c", "d", False)]
    changed = with_ruling(rulings, "b", "a", "different")
    assert changed == [Ruling("c", "d", False), Ruling("b", "a", False, "year misprint")]
    assert with_ruling(changed, "a", "b", "same", "checked the PDF")[-1].note == "checked the PDF"
    assert with_ruling(changed, "a", "b", None) == [Ruling("c", "d", False)]
    with pytest.raises(ValueError, match="ruling"):
        with_ruling(rulings, "a", "b", "maybe")


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        ('{"decisions": [\n  {"a": 1,,}\n]}', "not valid JSON", 2),
        ("[]", 'expected an object {"decisions"', None),
        ('{"decisions": [' + "[" * 5000 + "]" * 5000 + "]}", "nested deeper than 64 levels", 1),
    ],
)
def test_malformed_files_name_the_file_and_line(text: str, needle: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        rulings_from_json(text, "bib/decisions.json")
    assert info.value.path == "bib/decisions.json" and info.value.line == line
    assert needle in str(info.value)


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('"x"', "d.json: item 2: expected an object, got text; skipped"),
        ('{"a": "x", "decision": "same"}', """d.json: item 2 (id 'x'), field 'b': "a" and "b" must be"""),
        ('{"a": "x", "b": "x", "decision": "same"}', "item 2 (id 'x ~ x'), field 'b': a ruling needs two"),
        ('{"a": "x", "b": "y", "decision": "maybe"}', """field 'decision': "decision" must be "same" or"""),
        (
            '{"a": "x", "b": "y", "decision": ["same"]}',
            '"decision" must be "same" or "different", not a list',
        ),
        ('{"a": "x", "b": "y", "decision": "same", "note": 5}', "field 'note': \"note\" must be text"),
        ('{"a": "x", "b": "\\ud800", "decision": "same"}', "field 'b': a lone surrogate"),
    ],
)
def test_an_entry_that_is_no_ruling_is_skipped_with_a_problem_naming_it(entry: str, problem: str) -> None:
    text = '{"decisions": [{"a": "p", "b": "q", "decision": "same"}, ' + entry + "]}"
    rulings, problems = rulings_from_json(text, "d.json")
    assert rulings[0] == Ruling("p", "q", True)
    assert len(problems) == 1 and problem in str(problems[0]), problems
