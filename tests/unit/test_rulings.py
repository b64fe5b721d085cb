"""The rulings file (decisions.json, rulings on duplicate pairs): reading, writing, changing one ruling."""

from __future__ import annotations

import pytest

from refman.errors import InputError
from refman.rulings import Ruling, rulings_from_json, rulings_to_json, with_ruling


def test_round_trip_and_order() -> None:
    rulings = [Ruling("a-1", "b-1", True, "same paper"), Ruling("a-2", "b-2", False)]
    text = rulings_to_json(rulings)
    assert rulings_from_json(text, "d.json") == rulings
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
        ('{"decisions": [\n  {"a": 1,,}\n]}', "not JSON", 2),
        ("[]", 'expected an object {"decisions"', None),
        ('{"decisions": ["x"]}', "decision 1: expected an object", None),
        ('{"decisions": [{"a": "x", "decision": "same"}]}', '"a" and "b" must be reference ids', None),
        ('{"decisions": [{"a": "x", "b": "x", "decision": "same"}]}', "two different ids", None),
        ('{"decisions": [{"a": "x", "b": "y", "decision": "maybe"}]}', '"same" or "different"', None),
    ],
)
def test_malformed_files_name_the_file_and_line(text: str, needle: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        rulings_from_json(text, "bib/decisions.json")
    assert info.value.path == "bib/decisions.json" and info.value.line == line
    assert needle in str(info.value)
