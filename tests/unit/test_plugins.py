"""Every registered plugin loads and behaves as its group's protocol says."""

from __future__ import annotations

import pytest

from refman.model import Reference
from refman.plugins import GROUPS, load


@pytest.mark.parametrize("group", GROUPS)
def test_every_registered_plugin_loads(group: str) -> None:
    registry = load(group)
    assert registry.errors == {}


def test_builtin_exporters_and_parser_are_registered_and_work() -> None:
    exporters = load("refman.exporters").plugins
    assert {"bibtex", "biblatex", "csl-json"} <= set(exporters)
    ref = Reference(id="x", type="book", title="Региональная экономика", citation_key="ivanov2019")
    assert exporters["bibtex"]([ref]).startswith("@book{ivanov2019")
    assert '"id": "x"' in exporters["csl-json"]([ref])
    assert "crossref" in load("refman.resolvers").plugins
    parse = load("refman.parsers").plugins["default"]
    assert parse("Иванов И.И. Региональная экономика. – М.: Наука, 2019. – 256 с.").year == 2019


def test_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown plugin group"):
        load("refman.nothing")
