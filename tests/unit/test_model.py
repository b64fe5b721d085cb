"""The data model: lossless CSL-JSON round trips, on real items and on refman's own additions."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refman.model import Article, Citation, Date, Diagnostic, Name, Provenance, Reference

CSL_ITEMS = sorted((Path(__file__).parent.parent / "data" / "csl_items").glob("*.json"))


def _items(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def test_real_items_are_present() -> None:
    assert len(CSL_ITEMS) >= 20


def _leaves(value: object) -> Counter[str]:
    """The scalar values inside a JSON value (as text), counted."""
    if isinstance(value, dict):
        return sum((_leaves(v) for v in value.values()), Counter())
    if isinstance(value, list):
        return sum((_leaves(v) for v in value), Counter())
    return Counter() if value is None else Counter([str(value)])


@pytest.mark.parametrize("path", CSL_ITEMS, ids=lambda p: p.name)
def test_real_crossref_csl_items_round_trip_losslessly(path: Path) -> None:
    for n, original in enumerate(_items(path)):
        # The CSL schema requires "id"; Crossref's transform sometimes leaves it out.
        item = original if "id" in original else {"id": f"{path.stem}-{n}", **original}
        ref, problems = Reference.from_csl_checked(item)
        out = ref.to_csl()
        # nothing lost: every value is still there (a list of one text unwrapped, an ISSN list of
        # two set aside under custom.refman.set_aside), and the output reads back the same
        assert not _leaves(item) - _leaves(out)
        assert Reference.from_csl(json.loads(json.dumps(out))) == ref
        set_aside = out.get("custom", {}).get("refman", {}).get("set_aside", {})
        assert {k: item[k] for k in problems} == set_aside
        # the typed attributes really are filled, not everything dumped into extra
        if isinstance(item.get("title"), str):
            assert ref.title == item["title"]
        if item.get("author"):
            assert len(ref.author) == len(item["author"])  # type: ignore[arg-type]


def test_refman_provenance_round_trips() -> None:
    ref = Reference(
        id="a-6b",
        type="webpage",
        title="U.S.-ASEAN Comprehensive Strategic Partnership",
        author=[Name(literal="U.S. Embassy in Indonesia")],
        accessed=Date.ymd(2025, 2, 22),
        URL="https://id.usembassy.gov/fact-sheet/",
        refman=Provenance(
            raw="*U.S.-ASEAN ...* URL: <https://id.usembassy.gov/fact-sheet/>.",
            article="a",
            number=6,
            line=120,
            cited=[{"text": "[6]", "line": 40, "locator": None, "context": "..."}],
            confidence={"title": 0.9},
            problems=["no year"],
            extra={"match": {"status": "unmatched"}},
        ),
        custom={"other-tool": {"x": 1}},
    )
    item = ref.to_csl()
    assert item["custom"]["refman"]["number"] == 6
    assert item["custom"]["refman"]["match"] == {"status": "unmatched"}
    assert item["custom"]["other-tool"] == {"x": 1}
    assert Reference.from_csl(json.loads(json.dumps(item))) == ref


def test_article_round_trips() -> None:
    article = Article(
        metadata=Reference(
            id="art", type="article-journal", title="T", refman=Provenance(extra={"cites": ["art-1"]})
        ),
        references=[Reference(id="art-1", title="Cited", refman=Provenance(raw="Cited.", number=1))],
        citations=[
            Citation(text="[1, с. 5]", line=3, context="Text [1, с. 5].", numbers=[1], locator="с. 5")
        ],
        diagnostics=[Diagnostic("listed_not_cited", "entry 2 is never cited", 10, [2])],
    )
    assert Article.from_json(json.loads(json.dumps(article.to_json()))) == article


def test_date_year_and_name_display() -> None:
    assert Date.ymd(2023, 5).year == 2023
    assert Date(literal="n.d.").year is None
    assert Name(family="Құрманғали", given="А.Қ.").display() == "А.Қ. Құрманғали"
    assert Name(literal="United Nations").display() == "United Nations"


names = st.builds(
    Name,
    family=st.one_of(st.none(), st.text(min_size=1)),
    given=st.one_of(st.none(), st.text(min_size=1)),
    literal=st.one_of(st.none(), st.text(min_size=1)),
)


@given(
    title=st.one_of(st.none(), st.text()),
    authors=st.lists(names, max_size=4),
    year=st.one_of(st.none(), st.integers(min_value=1000, max_value=2100)),
    raw=st.one_of(st.none(), st.text()),
)
def test_any_reference_round_trips(
    title: str | None, authors: list[Name], year: int | None, raw: str | None
) -> None:
    ref = Reference(
        id="x",
        title=title,
        author=authors,
        issued=Date.ymd(year) if year else None,
        refman=Provenance(raw=raw),
    )
    assert Reference.from_csl(json.loads(json.dumps(ref.to_csl()))) == ref
