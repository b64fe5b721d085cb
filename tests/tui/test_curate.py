"""``refman browse`` as a reference manager: every action driven with Pilot on a small library
built (offline) from three articles in Kazakh, Russian and English, then the library's state read
back. The articles and their references are constructed for these tests (made-up authors,
titles and DOIs under the 10.1234 test prefix)."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from refman.library import EDITABLE, Library, LibraryState
from refman.resolve.records import Resolution
from refman.tui.app import BrowseApp
from refman.tui.collection import Filters, load_collection, parse_field_filters
from refman.tui.curate import candidates
from refman.tui.problems import ProblemsScreen
from refman.tui.review import ReviewScreen
from refman.tui.screens import (
    KEYS,
    PROBLEM_KEYS,
    REVIEW_KEYS,
    CandidateScreen,
    ChoiceScreen,
    HelpScreen,
    InputScreen,
)
from refman.tui.widgets import ItemTable
from tests.support.process import run_refman
from tests.tui.conftest import build_folder
from tests.tui.test_collection import plain

SIZE = (120, 40)
WRITTEN_DOI = "10.1234/wrong.5678"
ARTICLES = {
    "kk_econ.md": (
        "# Аймақтық экономика\n\nЗерттеулер [1] [2] көрсетеді.\n\n## Әдебиеттер\n\n"
        "1. Құрманғалиев Б. Қазақстан экономикасы: оқулық. — Алматы: Қазақ университеті, 2012. — 320 б.\n"
        "2. Smith J., Brown K. Regional growth in Central Asia // Journal of Regional Studies. 2019. "
        f"Vol. 12, no. 3. P. 45–60. DOI: {WRITTEN_DOI}\n"
    ),
    "ru_labour.md": (
        "# Рынки труда\n\nСм. [1].\n\n## Литература\n\n"
        "1. Сидоров С. С. Методы анализа рынков труда // Вопросы экономики. — 2018. — № 5. — С. 10–25.\n"
    ),
    "en_trade.md": (
        "# Trade\n\nAs shown [1].\n\n## References\n\n"
        "1. Miller A. Trade corridors of the steppe. Cambridge: Steppe Press, 2016. 210 p.\n"
    ),
}


pytestmark = pytest.mark.slow  # a build and real `refman build` processes


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The library built from :data:`ARTICLES` (each test writes decisions into its own)."""
    return build_folder(tmp_path / "lib", ARTICLES)


def drive(
    app: BrowseApp, steps: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = SIZE
) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())


def messages(app: BrowseApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def items(root: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((root / "references.json").read_text(encoding="utf-8"))
    return data


def by_raw_start(root: Path, start: str) -> dict[str, Any]:
    return next(
        i for i in items(root) if i.get("custom", {}).get("refman", {}).get("raw", "").startswith(start)
    )


def refman_id(item: dict[str, Any]) -> str:
    """refman's stable id of a written item (its CSL ``id`` is the citation key)."""
    return str(item["custom"]["refman"]["id"])


async def search(app: BrowseApp, pilot: Pilot[None], text: str) -> None:
    """Type ``text`` in the search box and go back to the table."""
    await pilot.press("slash", *text, "enter")
    await pilot.pause()
    assert app.shown_rows, f"nothing found for {text!r}"


async def edit_field(app: BrowseApp, pilot: Pilot[None], name: str, value: str) -> None:
    """``e``, pick field ``name``, type ``value`` in place of what is there, enter."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ChoiceScreen)
    app.screen.query_one(OptionList).highlighted = EDITABLE.index(name)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, InputScreen)
    app.screen.query_one(Input).value = ""
    await pilot.press(*value, "enter")
    await pilot.pause()


def state(root: Path) -> LibraryState:
    with Library.open(root) as lib:
        return lib.state()


def test_an_edit_is_stored_shown_with_the_machines_value_and_undone(library: Path) -> None:
    app = BrowseApp(load_collection(library))
    machine = by_raw_start(library, "Сидоров")

    async def steps(pilot: Pilot[None]) -> None:
        await search(app, pilot, "sidorov")
        ref = app.selected()
        assert ref is not None and ref.id == refman_id(machine)
        await edit_field(app, pilot, "title", "Методы анализа рынка труда")
        edited = app.selected()
        assert edited is not None and edited.title == "Методы анализа рынка труда"
        assert "edited" in app.shown_rows[0].status
        assert any("title of" in m and "edited" in m for m in messages(app))
        record = state(library).edits[refman_id(machine)]["title"]
        assert record.value["value"] == "Методы анализа рынка труда"
        # the detail pane shows the person's value beside the machine's
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(OptionList).highlighted = EDITABLE.index("title")
        await pilot.press("enter")
        await pilot.pause()
        hint = str(app.screen.query_one("#input-hint").render())
        assert machine["title"] in hint
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert refman_id(machine) not in state(library).edits
        undone = app.selected()
        assert undone is not None and undone.title == machine["title"]

    drive(app, steps)


def test_a_rejected_doi_is_never_proposed_again_and_an_accept_survives_refman_build(library: Path) -> None:
    item = by_raw_start(library, "Smith J.")
    assert item["DOI"] == WRITTEN_DOI
    app = BrowseApp(load_collection(library))

    async def steps(pilot: Pilot[None]) -> None:
        await search(app, pilot, "regional growth")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CandidateScreen)
        assert [c.DOI for c in app.screen.candidates] == [WRITTEN_DOI]
        await pilot.press("x")  # reject
        await pilot.pause()
        assert WRITTEN_DOI in state(library).rejected[refman_id(item)]
        ref = app.selected()
        assert ref is not None and ref.DOI is None

    drive(app, steps)
    done = run_refman("build", str(library), "--offline")
    assert done.returncode == 0, done.stderr
    rebuilt = by_raw_start(library, "Smith J.")
    assert "DOI" not in rebuilt  # the raw string still holds it; it is not proposed again
    assert rebuilt["custom"]["refman"]["person"]["rejected"][0]["DOI"] == WRITTEN_DOI
    offered = candidates(load_collection(library).get(refman_id(item)) or pytest.fail("item gone"))
    assert [(c.DOI, c.decided) for c in offered] == [(WRITTEN_DOI, "rejected")]

    # accepting it again, and an edit, made in the browser, survive a `refman build`
    app = BrowseApp(load_collection(library))

    async def accept(pilot: Pilot[None]) -> None:
        await search(app, pilot, "regional growth")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await edit_field(app, pilot, "publisher", "Steppe Press")

    drive(app, accept)
    done = run_refman("build", str(library), "--offline")
    assert done.returncode == 0, done.stderr
    rebuilt = by_raw_start(library, "Smith J.")
    assert rebuilt["DOI"] == WRITTEN_DOI and rebuilt["publisher"] == "Steppe Press"
    assert rebuilt["custom"]["refman"]["person"]["accepted"]["DOI"] == WRITTEN_DOI
    assert "doi = {10.1234/wrong.5678}" in (library / "references.bib").read_text(encoding="utf-8")


def test_keys_pinned_and_regenerated_remove_and_undo(library: Path) -> None:
    item = by_raw_start(library, "Miller A.")
    app = BrowseApp(load_collection(library))

    async def steps(pilot: Pilot[None]) -> None:
        await search(app, pilot, "steppe")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, InputScreen)
        app.screen.query_one(Input).value = ""
        await pilot.press(*"miller-steppe", "enter")
        await pilot.pause()
        assert state(library).key_of(refman_id(item)) == "miller-steppe"
        assert app.shown_rows[0].key == "miller-steppe"
        await pilot.press("P")
        await pilot.pause()
        fresh = state(library).key_of(refman_id(item))
        assert fresh and fresh != "miller-steppe" and "miller" in fresh
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        app.screen.query_one(OptionList).highlighted = 1  # yes, remove it
        await pilot.press("enter")
        await pilot.pause()
        assert refman_id(item) in state(library).removed
        assert app.shown_rows == []
        await pilot.press("u")
        await pilot.pause()
        assert refman_id(item) not in state(library).removed
        assert [r.key for r in app.shown_rows] == [fresh]

    drive(app, steps)
    done = run_refman("build", str(library), "--offline")
    assert done.returncode == 0, done.stderr
    assert by_raw_start(library, "Miller A.")["citation-key"] == fresh_key(library, refman_id(item))


def fresh_key(root: Path, item_id: str) -> str | None:
    return state(root).key_of(item_id)


def test_add_copy_export_sort_and_filters(library: Path, tmp_path: Path) -> None:
    app = BrowseApp(load_collection(library))
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]
    before = len(app.collection)
    target = tmp_path / "picked.bib"

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*"10.1234/added.1", "enter")
        await pilot.pause()
        assert len(app.collection) == before + 1
        with Library.open(library) as lib:
            assert [d.kind for d in lib.history()][-1] == "add"
        await search(app, pilot, "sidorov")
        await pilot.press("c")
        assert copied == [app.shown_rows[0].key]
        await pilot.press("E")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # clear the search
        await pilot.pause()
        await pilot.press("s", "s", "s", "s")  # key, number, authors, year
        await pilot.pause()
        assert app.filters.sort == "year"
        years = [r.year for r in app.shown_rows if r.year]
        assert years == sorted(years)
        await pilot.press("S")
        await pilot.pause()
        assert [r.year for r in app.shown_rows if r.year] == sorted(years, reverse=True)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press(*"year=2016-2019", "enter")
        await pilot.pause()
        assert {r.year for r in app.shown_rows} == {"2016", "2018", "2019"}

    drive(app, steps)
    assert "@" in target.read_text(encoding="utf-8") and "Сидоров" in target.read_text(encoding="utf-8")


def test_field_filters_read_and_refuse_text() -> None:
    filters = parse_field_filters("type=book status=broken-link year=2000-", Filters())
    assert (filters.type, filters.status, filters.year_from, filters.year_to) == (
        "book",
        "broken link",
        2000,
        None,
    )
    assert filters.describe_fields() == "type=book status=broken-link year=2000-"
    for bad in ("year=soon", "colour=red", "status=lost", "type"):
        with pytest.raises(ValueError):
            parse_field_filters(bad, Filters())


def test_every_key_is_in_the_help_and_decisions_on_a_file_are_refused(library: Path, tmp_path: Path) -> None:
    names = {"question_mark": "?", "slash": "/", "plus": "+", "escape": "escape"}
    for screen, listed in ((BrowseApp, KEYS), (ReviewScreen, REVIEW_KEYS), (ProblemsScreen, PROBLEM_KEYS)):
        shown = {k for keys, _ in listed for k in keys.replace("/", " ").split()}
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            key = binding.key
            assert names.get(key, key) in shown | {"/", "?"}, (screen, key)
    loose = tmp_path / "loose.json"
    shutil.copy(library / "references.json", loose)
    app = BrowseApp(load_collection(loose))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("u")
        await pilot.pause()
        assert any("not a library" in m for m in messages(app))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

    drive(app, steps)


def test_small_and_large_terminals_light_and_dark(library: Path) -> None:
    for size in ((80, 24), (200, 60)):
        app = BrowseApp(load_collection(library))

        async def steps(pilot: Pilot[None], app: BrowseApp = app, size: tuple[int, int] = size) -> None:
            table = app.query_one(ItemTable)
            header = table.render_line(0).text
            assert "key" in header and "title" in header
            assert table.row_count == len(app.collection)
            theme = app.theme
            await pilot.press("t")
            assert app.theme != theme
            await pilot.press("t")
            assert app.theme == theme
            for key, screen in (("r", ReviewScreen), ("D", ProblemsScreen)):  # the review screens fit too
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, screen) and app.screen.size == size
                await pilot.press("escape")
                await pilot.pause()
            assert table.row_count == len(app.collection)

        drive(app, steps, size)


def test_b_builds_in_the_background_and_the_table_shows_the_new_outputs(library: Path) -> None:
    app = BrowseApp(load_collection(library))
    seen: list[str] = []

    async def steps(pilot: Pilot[None]) -> None:
        original = app._set_progress

        def recorded(text: str) -> None:
            seen.append(text)
            original(text)

        app._set_progress = recorded  # type: ignore[method-assign]
        await search(app, pilot, "miller")
        await edit_field(app, pilot, "publisher", "Steppe Books")
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(m.startswith("built:") for m in messages(app))
        assert by_raw_start(library, "Miller A.")["publisher"] == "Steppe Books"  # written by the build
        ref = app.selected()
        assert ref is not None and ref.publisher == "Steppe Books"

    drive(app, steps)
    assert any(s.startswith("building: reading") for s in seen) and seen[-1] == ""


def test_undo_of_a_reject_an_accept_and_an_add_shows_in_the_table_at_once(library: Path) -> None:
    item = by_raw_start(library, "Smith J.")
    app = BrowseApp(load_collection(library))
    before = len(app.collection)

    async def decide_doi(pilot: Pilot[None], key: str) -> None:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CandidateScreen)
        await pilot.press(key)
        await pilot.pause()

    def doi_shown() -> str | None:
        ref = app.selected()
        assert ref is not None and ref.id == refman_id(item)
        return ref.DOI

    async def steps(pilot: Pilot[None]) -> None:
        await search(app, pilot, "regional growth")
        await decide_doi(pilot, "x")  # reject the DOI written in the article
        assert doi_shown() is None
        await decide_doi(pilot, "a")  # accept it after all
        assert doi_shown() == WRITTEN_DOI
        assert state(library).accepted[refman_id(item)].value["DOI"] == WRITTEN_DOI
        await pilot.press("u")  # the accept undone: rejected again, at once
        await pilot.pause()
        assert refman_id(item) not in state(library).accepted and doi_shown() is None
        assert "resolved" not in app.shown_rows[0].status
        await pilot.press("u")  # the reject undone: the machine's DOI is back
        await pilot.pause()
        assert state(library).rejected.get(refman_id(item), {}) == {} and doi_shown() == WRITTEN_DOI
        assert "edited" not in app.shown_rows[0].status

        await pilot.press("escape")  # every item again
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*"10.1234/added.2", "enter")
        await pilot.pause()
        assert len(app.shown_rows) == before + 1
        assert any(r.title == "" and "10.1234/added.2" in r.haystack for r in app.shown_rows)
        await pilot.press("u")  # the addition undone: the item leaves the table at once
        await pilot.pause()
        assert len(app.shown_rows) == before
        assert not any("10.1234/added.2" in r.haystack for r in app.shown_rows)
        with Library.open(library) as lib:
            assert lib.store.added_items() == [] and lib.history()[-1].undone

    drive(app, steps)


def test_undo_of_a_doi_decision_a_build_applied_gives_the_machines_doi_back_at_once(library: Path) -> None:
    item = by_raw_start(library, "Smith J.")
    machine = {"DOI": WRITTEN_DOI, "status": item["custom"]["refman"]["match"]["status"]}
    for args in (("accept", refman_id(item), "10.1234/right.1", "--dir"), ("build", "--offline")):
        done = run_refman(*args, str(library))
        assert done.returncode == 0, done.stderr
    assert by_raw_start(library, "Smith J.")["DOI"] == "10.1234/right.1"  # the build applied it
    app = BrowseApp(load_collection(library))

    def shown() -> tuple[str | None, str | None]:
        ref = app.selected()
        assert ref is not None and ref.id == refman_id(item)
        found = Resolution.of(ref)
        return ref.DOI, found.status if found is not None else None

    async def steps(pilot: Pilot[None]) -> None:
        await search(app, pilot, "regional growth")
        assert shown() == ("10.1234/right.1", machine["status"])
        await pilot.press("u")  # the accept the build applied, undone: the machine's DOI at once
        await pilot.pause()
        assert shown() == (WRITTEN_DOI, machine["status"]) and "edited" not in app.shown_rows[0].status
        assert refman_id(item) not in state(library).accepted
        assert by_raw_start(library, "Smith J.")["DOI"] == "10.1234/right.1"  # until the next build
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("x")  # reject the machine's DOI, and build it in
        await pilot.pause()
        await pilot.press("b")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "DOI" not in by_raw_start(library, "Smith J.") and shown()[0] is None
        await pilot.press("u")  # the reject the build applied, undone: the machine's DOI at once
        await pilot.pause()
        assert shown() == (WRITTEN_DOI, machine["status"]) and "edited" not in app.shown_rows[0].status
        assert state(library).rejected.get(refman_id(item), {}) == {}

    drive(app, steps)
    with Library.open(library) as lib:
        decided = [(d.kind, d.value["machine"], d.undone) for d in lib.history(refman_id(item))]
    assert decided == [("accept", machine, True), ("reject", machine, True)]


def test_c_copies_the_item_as_a_formatted_reference_in_the_chosen_style(library: Path) -> None:
    copied: list[str] = []
    for style, expected in (
        ("apa", "Сидоров, С. С. (2018). Методы анализа рынков труда. Вопросы экономики, (5), 10–25."),
        ("gost-r-7-0-5-2008", "Сидоров С. С. Методы анализа рынков труда // Вопросы экономики. 2018. № 5."),
    ):
        app = BrowseApp(load_collection(library), style=style)
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]

        async def steps(pilot: Pilot[None], app: BrowseApp = app) -> None:
            await search(app, pilot, "sidorov")
            await pilot.press("c", "C")
            await pilot.pause()

        drive(app, steps)
        key, text = copied[-2:]
        assert key == app.shown_rows[0].key
        assert expected in text
        assert any(style in m and expected in m for m in messages(app))
    done = run_refman("browse", str(library), "--style", "no-such-style")
    assert done.returncode != 0 and "no-such-style" in done.stderr and "apa" in done.stderr


NO_YEAR = "Жұмабаев М. Дала фольклоры туралы жазбалар. — Алматы: Дайк-Пресс. — 96 б."


def test_parse_problems_screen_shows_the_raw_string_beside_the_fields_and_edits_one(tmp_path: Path) -> None:
    folk = (
        "# Фольклор\n\nҚараңыз [1], [2].\n\n## Әдебиеттер\n\n"
        f"1. {NO_YEAR}\n2. Әуезов М. Әдебиет тарихы. — Алматы: Ана тілі, 1991. — 240 б.\n"
    )
    library = build_folder(tmp_path / "lib", {**ARTICLES, "kk_folk.md": folk})
    item = by_raw_start(library, "Жұмабаев")
    assert item["custom"]["refman"]["problems"] == ["no year found"]
    app = BrowseApp(load_collection(library))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("D")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert [app.collection.references[i].id for i in screen.items] == [refman_id(item)]
        text = plain(screen.query_one("#problem-body", Static).content, width=160)
        assert "As written" in text and "Parsed" in text and "! no year found" in text
        raw_line = next(line for line in text.splitlines() if "Жұмабаев М. Дала" in line)
        assert "Дайк-Пресс" in raw_line  # the parsed publisher on the same line, beside the raw string
        await edit_field(app, pilot, "issued", "2009")
        assert app.screen is screen  # back on the problems screen, the pane redrawn
        assert state(library).edits[refman_id(item)]["issued"].value["value"] == {"date-parts": [[2009]]}
        text = plain(screen.query_one("#problem-body", Static).content, width=160)
        assert "2009" in text and "a person's" in text
        await pilot.press("escape")
        await pilot.pause()
        ref = app.selected()
        assert not isinstance(app.screen, ProblemsScreen)
        assert any(r.year == "2009" for r in app.shown_rows) and ref is not None

    drive(app, steps)
    done = run_refman("build", str(library), "--offline")
    assert done.returncode == 0, done.stderr
    assert by_raw_start(library, "Жұмабаев")["issued"] == {"date-parts": [[2009]]}
