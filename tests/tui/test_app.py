"""``refman browse`` driven with Textual's Pilot at a fixed size (120x40)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from refman.cli import cli
from refman.tui.app import BrowseApp, DetailPane, SearchInput
from refman.tui.collection import Collection, Filters, load_collection
from refman.tui.screens import ArticleScreen, HelpScreen
from refman.tui.widgets import ItemTable

SIZE = (120, 40)
# Longer than the app's detail debounces (0.12 s; 0.3 s while a search is typed): the pane has caught up.
SETTLE = 0.45


def drive(app: BrowseApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    """Run the app headless at SIZE and play ``steps`` against it."""

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await steps(pilot)

    asyncio.run(main())


def detail_text(app: BrowseApp) -> str:
    """What the detail pane shows, as plain text (wide, so lines are not wrapped)."""
    body = app.query_one(DetailPane).query_one("#detail-body", Static)
    console = Console(width=400, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(body.content)
    console.file.close()
    return console.export_text()


def test_starts_with_one_row_per_item(seed_collection: Collection) -> None:
    app = BrowseApp(seed_collection)

    async def steps(pilot: Pilot[None]) -> None:
        table = app.query_one(ItemTable)
        assert table.row_count == len(seed_collection) == len(app.shown_rows)
        assert app.focused is table
        status = str(app.query_one("#status", Static).content)
        assert f"{len(seed_collection)} of {len(seed_collection)} items" in status

    drive(app, steps)


def test_typing_a_latin_search_finds_the_cyrillic_item(seed_collection: Collection) -> None:
    app = BrowseApp(seed_collection)

    async def steps(pilot: Pilot[None]) -> None:
        table = app.query_one(ItemTable)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("z", "h")
        assert 0 < table.row_count < len(seed_collection)
        await pilot.press("a", "u")
        assert table.row_count == 1
        ref = app.selected()
        assert ref is not None and any(a.family == "Жаухан" for a in ref.author)
        # q, j and d are text while the search box has the focus
        await pilot.press("q", "j", "d")
        assert app.is_running and app.query_one(SearchInput).value == "zhauqjd"
        assert table.row_count == 0
        await pilot.press("backspace", "backspace", "backspace", "enter")
        assert isinstance(app.focused, ItemTable) and table.row_count == 1
        await pilot.press("escape")  # in the table: clear every filter
        assert table.row_count == len(seed_collection)
        assert app.query_one(SearchInput).value == ""

    drive(app, steps)


def test_selecting_a_row_shows_its_raw_string(seed_collection: Collection) -> None:
    app = BrowseApp(seed_collection)
    first_ref = next(i for i, r in enumerate(seed_collection.references) if r.refman.raw)

    async def steps(pilot: Pilot[None]) -> None:
        for _ in range(first_ref):
            await pilot.press("j")
        await pilot.pause(SETTLE)
        ref = app.selected()
        assert ref is seed_collection.references[first_ref] and ref.refman.raw
        text = detail_text(app)
        assert ref.refman.raw in text
        assert "As written" in text and "Parsed" in text
        await pilot.press("k")
        await pilot.pause(SETTLE)
        assert app.selected() is seed_collection.references[first_ref - 1]
        assert ref.refman.raw not in detail_text(app)
        await pilot.press("down", "enter")  # enter focuses the detail pane, escape goes back
        assert isinstance(app.focused, DetailPane)
        await pilot.press("escape")
        assert isinstance(app.focused, ItemTable)

    drive(app, steps)


def test_problems_filter_toggles(seed_collection: Collection) -> None:
    app = BrowseApp(seed_collection)
    with_problems = {r.id for r in seed_collection.references if r.refman.problems}

    async def steps(pilot: Pilot[None]) -> None:
        table = app.query_one(ItemTable)
        await pilot.press("d")
        assert table.row_count == len(with_problems) > 0
        assert {seed_collection.references[r.index].id for r in app.shown_rows} == with_problems
        await pilot.pause(SETTLE)
        assert "Problems" in detail_text(app)
        await pilot.press("d")
        assert table.row_count == len(seed_collection)

    drive(app, steps)


def test_article_filter_picker(constructed: Collection) -> None:
    app = BrowseApp(constructed)

    async def steps(pilot: Pilot[None]) -> None:
        table = app.query_one(ItemTable)
        await pilot.press("f")
        assert isinstance(app.screen, ArticleScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 3  # every article, art1, art2
        assert options.highlighted == 1  # the selected item's article
        await pilot.press("down", "enter")
        assert app.filters.article == "art2"
        assert table.row_count == 1
        await pilot.press("f", "escape")  # cancelling keeps the filter
        assert app.filters.article == "art2"
        await pilot.press("f", "home", "enter")  # "every article"
        assert app.filters.article is None and table.row_count == len(constructed)

    drive(app, steps)


def test_links_are_shown_copied_and_opened_only_through_the_opener(constructed: Collection) -> None:
    opened: list[str] = []
    app = BrowseApp(constructed, filters=Filters(query="peacekeeping data"), opener=opened.append)

    async def steps(pilot: Pilot[None]) -> None:
        assert app.query_one(ItemTable).row_count == 1
        await pilot.press("o")
        url = "https://example.org/peacekeeping/data/a-very-long-path-that-must-never-be-cut-in-the-detail-pane/index.html"
        assert app.last_url == url and app.clipboard == url
        assert opened == []
        assert any(url in str(n.message) for n in app._notifications)
        await pilot.press("O")
        assert opened == [url]
        await pilot.press("y")
        assert app.clipboard.startswith("Peacekeeping data. URL:")

    drive(app, steps)


def test_help_screen_and_quit(constructed: Collection) -> None:
    app = BrowseApp(constructed)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Show only items with problems" in titles and "Filter by article" in titles
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, steps)
    assert app.return_code == 0


def test_cli_browse_needs_a_collection_and_a_terminal(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["browse", str(tmp_path / "references.json")], standalone_mode=False)
    assert "refman build" in str(missing.exception)
    found = tmp_path / "constructed.json"
    found.write_text('[{"id": "a", "type": "book", "title": "T"}]', encoding="utf-8")
    no_tty = runner.invoke(cli, ["browse", str(found)], standalone_mode=False)
    assert "needs a terminal" in str(no_tty.exception)


def test_large_collection_draws_only_what_is_on_screen(constructed: Collection) -> None:
    many = [r.replace(id=f"{r.id}-{i}") for i in range(400) for r in constructed.references]
    collection = Collection(many)
    app = BrowseApp(collection)

    async def steps(pilot: Pilot[None]) -> None:
        table = app.query_one(ItemTable)
        assert table.row_count == 2000
        await pilot.pause()
        # rows are formatted only when drawn: no more cached lines than the table is high
        assert 0 < len(table._cache) <= table.size.height
        await pilot.press("G")
        assert table.cursor_row == 1999 and app.selected_index() == 1999
        assert table.scroll_y > 0  # the cursor row was scrolled into view
        await pilot.press("g", "space")
        assert table.cursor_row == table.size.height - 1  # one page: the rows under the header
        await pilot.press("d")
        assert table.row_count == 1200  # three of the five constructed items have problems
        await pilot.pause()
        assert len(table._cache) <= table.size.height
        await pilot.press("g")
        await pilot.click(ItemTable, offset=(5, 3))  # the third row (line 0 is the header)
        assert table.cursor_row == 2

    drive(app, steps)


def test_brackets_in_data_are_text_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "constructed_markup.json"
    raw = "Doe J. [bold]Title[/bold] [in Russian] [Электронный ресурс]. URL: https://a.b/[x]"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "m1",
                    "type": "book",
                    "title": "[bold]Title[/bold] [in Russian]",
                    "URL": "https://a.b/[x]",
                    "custom": {"refman": {"raw": raw, "problems": ["odd [blue]markup[/blue]"]}},
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    app = BrowseApp(load_collection(path))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause(SETTLE)
        text = detail_text(app)
        assert raw in text and "odd [blue]markup[/blue]" in text
        await pilot.press("o")
        assert any(str(n.message).startswith("https://a.b/[x]") for n in app._notifications)

    drive(app, steps)


ESC = "\x1b"
#: Titles that would be a hyperlink, a markup error, a screen clear and a hidden link if printed raw.
HOSTILE = (
    "[link=file:///etc/passwd]x[/link]",
    "[/]",
    f"{ESC}[2J",
    f"{ESC}]8;;file:///etc/passwd{ESC}\\x{ESC}]8;;{ESC}\\",
)
#: How the TUI shows them: as written, escape characters as the control picture ␛.
HOSTILE_SHOWN = tuple(text.replace(ESC, "␛") for text in HOSTILE)


def test_hostile_titles_show_as_text_in_the_table_and_the_detail_pane(tmp_path: Path) -> None:
    items = [
        {
            "id": f"h{i}",
            "type": "book",
            "title": f"T{i} {text} end",
            "author": [{"family": f"Doe{text}"}],
            "URL": f"https://a.b/{text}",
            "custom": {"refman": {"raw": f"raw {text} end", "article": f"art{text}"}},
        }
        for i, text in enumerate(HOSTILE)
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    app = BrowseApp(load_collection(path))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.pause(SETTLE)
        table = app.query_one(ItemTable)
        lines = [table.render_line(y).text for y in range(1, 1 + len(HOSTILE))]
        for i, (line, shown) in enumerate(zip(lines, HOSTILE_SHOWN, strict=True)):
            assert line.startswith(f" h{i} ")
            assert f"T{i} {shown}"[:16] in line  # the title column clips long titles
            assert ESC not in line
        for i, shown in enumerate(HOSTILE_SHOWN):
            table.move_cursor(i)
            await pilot.pause(SETTLE)
            text = detail_text(app)
            assert f"raw {shown} end" in text and f"T{i} {shown} end" in text
            assert ESC not in text
            await pilot.press("o")
            assert any(f"https://a.b/{shown}" in str(n.message) for n in app._notifications)
            assert not any(ESC in str(n.message) for n in app._notifications)
        await pilot.press("f")
        assert isinstance(app.screen, ArticleScreen)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [p.split("  ")[0] for p in prompts[1:]] == [f"art{shown}" for shown in HOSTILE_SHOWN]

    drive(app, steps)


def test_a_file_that_breaks_off_after_the_first_screen_keeps_what_was_read(tmp_path: Path) -> None:
    items = [{"id": f"i{n}", "type": "book", "title": f"T{n}"} for n in range(3000)]
    path = tmp_path / "references.json"
    path.write_text(json.dumps(items, indent=2)[:-200], encoding="utf-8")  # cut inside the last items
    app = BrowseApp(load_collection(path))

    async def steps(pilot: Pilot[None]) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert 2200 <= len(app.collection) < 3000 and app.collection.pending is None
        assert app.query_one(ItemTable).row_count == len(app.collection)
        said = [str(n.message) for n in app._notifications]
        assert any("not valid JSON" in m and "the items before are shown" in m for m in said)

    drive(app, steps)
