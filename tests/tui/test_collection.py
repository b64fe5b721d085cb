"""What the browser shows, without a terminal: loading, search across scripts, filters, detail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from refman.errors import InputError
from refman.model import Reference
from refman.tui.collection import (
    Collection,
    Filters,
    Row,
    all_problems,
    fold,
    item_urls,
    load_collection,
    status_flags,
)
from refman.tui.detail import raw_section, render_detail
from refman.tui.widgets import COLUMNS, column_widths


def plain(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    text = console.export_text()
    console.file.close()
    return text


def keys(rows: list[Row]) -> list[str]:
    return [r.key for r in rows]


def test_fold_romanises_kazakh_and_russian() -> None:
    assert fold("Құрманғали") == "kurmangali"
    assert fold("Курмангали") == "kurmangali"
    assert fold("Müller") == "muller"


def test_latin_query_finds_cyrillic_name_not_in_key(seed_collection: Collection) -> None:
    # "Жаухан" is the second author of one seed article; no citation key spells it
    assert not any("zhaukhan" in r.key for r in seed_collection.rows)
    found = seed_collection.filter(Filters(query="zhaukhan"))
    assert len(found) == 1
    ref = seed_collection.references[found[0].index]
    assert any(a.family == "Жаухан" for a in ref.author)
    # the same item is found when the name is typed in Cyrillic, in any case
    assert seed_collection.filter(Filters(query="ЖАУХАН")) == found


def test_every_word_must_match(constructed: Collection) -> None:
    assert keys(constructed.filter(Filters(query="kurmangali"))) == ["kurmangaliaimaktyk"]
    assert keys(constructed.filter(Filters(query="Kurmangali khabarshy"))) == ["kurmangaliaimaktyk"]
    assert constructed.filter(Filters(query="kurmangali smith")) == []
    # the raw string and the romanised entry are searched too
    assert keys(constructed.filter(Filters(query="regional cooperation"))) == ["kurmangaliaimaktyk"]
    assert keys(constructed.filter(Filters(query="250 с."))) == ["ivanovosnovy2019"]


def test_problem_and_article_filters(constructed: Collection, seed_collection: Collection) -> None:
    assert keys(constructed.filter(Filters(problems_only=True))) == [
        "peacekeepingdata",  # broken link
        "kurmangaliaimaktyk",  # parser problem
        "smithpeace2020",  # ambiguous match
    ]
    assert keys(constructed.filter(Filters(article="art2"))) == ["smithpeace2020"]
    assert keys(constructed.filter(Filters(article="art1", problems_only=True, query="peace"))) == [
        "peacekeepingdata"
    ]
    with_problems = [r for r in seed_collection.references if r.refman.problems]
    assert len(seed_collection.filter(Filters(problems_only=True))) == len(with_problems) > 0


def test_articles_lists_sources_with_counts(constructed: Collection) -> None:
    assert constructed.articles() == [
        ("art1", "Бітімгершілік және аймақтық қауіпсіздік", 4),
        ("art2", "", 1),
    ]


def test_status_flags(constructed: Collection) -> None:
    flags = {r.key: r.flags for r in constructed.rows}
    assert flags["ivanovosnovy2019"] == "   ✓ "
    assert flags["peacekeepingdata"] == "!   ✗"
    assert flags["kurmangaliaimaktyk"] == "!R∅  "  # problems, romanised, never cited
    assert flags["smithpeace2020"] == "!  ? "
    assert status_flags(Reference(id="x")) == "     "


def test_item_urls(constructed: Collection) -> None:
    book = constructed.get("ivanovosnovy2019")
    assert book is not None
    assert item_urls(book) == ["https://doi.org/10.1234/peace.2019.1"]  # the matched DOI
    paper = constructed.get("art2-1")
    assert paper is not None
    assert item_urls(paper) == ["https://doi.org/10.5555/jp.2020.3"]
    assert item_urls(Reference(id="x")) == []


def test_detail_shows_raw_whole_fields_confidence_and_other_stages(constructed: Collection) -> None:
    page = constructed.get("art1-2")
    assert page is not None
    # the raw string survives whole in a narrow column, however long (folded, never cut)
    raw = plain(raw_section(page), width=40)
    assert page.refman.raw is not None
    assert page.refman.raw.replace(" ", "") in raw.replace(" ", "").replace("\n", "")
    text = plain(render_detail(page, constructed.get), width=100)
    assert "…" not in text
    assert "0.99" in text  # the URL's confidence
    assert "broken" in text and "HTTP 404" in text  # link status, drawn generically
    assert "Деректер бойынша [2]." in text  # the citation context

    romanised = constructed.get("art1-3")
    assert romanised is not None
    text = plain(render_detail(romanised, constructed.get), width=160)
    assert "Kurmangali A.K. Aimaqtyq yntymaqtastyq [Regional cooperation]" in text
    assert "! no year found" in text
    assert "Not cited in the text." in text
    assert "review_note" in text  # an unknown custom.refman key is still shown

    matched = constructed.get("art1-1")
    assert matched is not None
    text = plain(render_detail(matched, constructed.get), width=160)
    assert "matched" in text and "10.1234/peace.2019.1" in text and "0.93" in text
    assert "[1, с. 15]" in text and "locator с. 15" in text


def test_detail_of_an_article_lists_titles_and_what_it_cites(constructed: Collection) -> None:
    article = constructed.get("art1")
    assert article is not None
    text = plain(render_detail(article, constructed.get), width=160)
    assert "Peacekeeping and regional security" in text
    assert "Миротворчество и региональная безопасность" in text
    assert "Cites 4 references" in text
    assert "ivanovosnovy2019" in text and "peacekeepingdata" in text
    assert "art1-9  (not in this collection)" in text


def test_load_bib_and_errors(tmp_path: Path) -> None:
    bib = tmp_path / "constructed.bib"
    bib.write_text(
        "@article{aliev2019, author={Әлиев, Қанат}, title={Қазақ тілі}, journal={Хабаршы}, year={2019}}\n"
        "@book{aliev2019, title={Duplicate key}}\n",
        encoding="utf-8",
    )
    collection = load_collection(bib)
    assert len(collection) == 2  # entries that share a key are all kept, the later one renamed
    assert collection.warnings and "renamed 'aliev2019-2'" in collection.warnings[0]
    assert [r.key for r in collection.filter(Filters(query="aliev kanat"))] == ["aliev2019"]

    with pytest.raises(InputError, match="refman build"):
        load_collection(tmp_path / "references.json")
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json:1: not valid JSON"):
        load_collection(bad)
    # a directory means its references.json
    (tmp_path / "references.json").write_text(json.dumps([{"id": "a", "type": "book"}]), encoding="utf-8")
    assert len(load_collection(tmp_path)) == 1


def test_columns_fit_the_width_and_keep_key_title_flags() -> None:
    for total in (40, 60, 80, 100, 118, 200):
        columns = column_widths(total)
        names = [name for name, _, _ in columns]
        assert {"key", "title", "flags"} <= set(names)
        used = sum(w for _, _, w in columns) + 2 * (len(columns) - 1) + 1
        assert used == total or (used > total and names == ["key", "title", "flags"])
    assert [n for n, _, _ in column_widths(118)] == [n for n, _, _ in COLUMNS]  # all of them at 120


def test_replace_updates_row_search_and_lookup(constructed: Collection) -> None:
    # the hook editing will use: an edited copy replaces the item and everything follows it
    index = next(r.index for r in constructed.rows if r.key == "smithpeace2020")
    edited = constructed.references[index].replace(title="Қазақ тілі туралы", citation_key="smithkazak2020")
    constructed.replace(index, edited)
    assert constructed.rows[index].title == "Қазақ тілі туралы"
    assert keys(constructed.filter(Filters(query="kazak tili"))) == ["smithkazak2020"]
    assert constructed.get("smithkazak2020") is edited and constructed.get("smithpeace2020") is None


def test_crossmark_updates_count_as_problems() -> None:
    # Constructed item: a matched reference that Crossref says was retracted.
    ref = Reference(id="x", type="article-journal", title="A retracted study")
    assert all_problems(ref) == []
    ref.refman.extra["match"] = {
        "status": "matched",
        "updates": [{"relation": "updated-by", "type": "retraction", "DOI": "10.5555/24242424x"}],
    }
    assert all_problems(ref) == ["Crossmark: RETRACTION by 10.5555/24242424x"]


def test_romanised_entries_merges_and_citations_read_as_text_not_reprs() -> None:
    """A constructed item: a romanised twin without a raw string, a merge record, a citation."""
    ref = Reference.from_csl(
        {
            "id": "art-1",
            "type": "book",
            "title": "Экономика",
            "custom": {
                "refman": {
                    "raw": "Иванов И. Экономика. 2010.",
                    "article": "kk_econ",
                    "romanised": {"title": "Ekonomika", "author": [{"family": "Ivanov", "given": "I."}]},
                    "merge": {"sources": [{"id": "art-1", "raw": "Ivanov I. Ekonomika"}], "rule": "same-doi"},
                    "cited": [{"text": "[1]", "line": 3, "context": "As [1] shows.", "locator": None}],
                }
            },
        }
    )
    text = plain(render_detail(ref, lambda _: None), width=140)
    assert "{'" not in text and '{"' not in text and "[{" not in text  # no Python or JSON repr
    assert "title: Ekonomika" in text and "family: Ivanov" in text
    assert "rule: same-doi" in text and "raw: Ivanov I. Ekonomika" in text
    assert "Cited 1 time in article kk_econ" in text


def test_batches_of_a_large_file_arrive_in_order_with_their_problems(tmp_path: Path) -> None:
    items = [{"id": f"i{n}", "type": "book", "title": f"T{n}"} for n in range(4500)]
    items[10] = 5  # type: ignore[call-overload]  # not an item: skipped, said
    path = tmp_path / "references.json"
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    collection = load_collection(path)
    assert collection.pending is not None and len(collection) == 200  # the first screen's batch
    for refs, problems in collection.pending:
        collection.extend(refs, collection.prepare(refs))
        collection.warnings.extend(problems)
    assert [r.id for r in collection.references] == [f"i{n}" for n in range(4500) if n != 10]
    assert [r.index for r in collection.rows] == list(range(4499))
    assert collection.warnings == [f"{path}: item 11: expected an object, got a number; skipped"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(items[:3], indent=2)[:-30], encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json:\d+: not valid JSON"):
        load_collection(broken)
