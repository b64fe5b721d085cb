"""``refman browse``: a Textual app over a collection (table, search, detail pane).

The collection itself is read-only. The app draws what :mod:`refman.tui.collection` (rows,
search, filters) and :mod:`refman.tui.detail` (the detail sections) compute, so editing can be
added as screens that call :meth:`~refman.tui.collection.Collection.replace` and then
:meth:`BrowseApp.refresh_table`. The one thing it writes is a ruling in ``DIR/library.sqlite``, from the
review screen (``r``, :mod:`refman.tui.review`), when browsing a build directory.
"""

from __future__ import annotations

import dataclasses
import gc
import time
import webbrowser
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from refman.cli.add import items_for
from refman.cli.text import visible
from refman.errors import RefmanError
from refman.library import EDITABLE, Decision, Library, LibraryState
from refman.linkcheck import LinkResult
from refman.model import DATE_FIELDS, NAME_FIELDS, Reference
from refman.pipeline import build
from refman.resolve.records import Resolution
from refman.settings import Settings
from refman.tui.collection import (
    SORTABLE,
    Collection,
    Filters,
    Row,
    item_urls,
    load_collection,
    load_review,
    merged_pairs,
    narrows,
    parse_field_filters,
)
from refman.tui.curate import (
    as_decided,
    build_inputs,
    candidates,
    check_item_links,
    citation,
    export,
    field_text,
    machine_value,
    resolve_again,
    undone_additions,
    with_library,
    with_links,
    with_resolution,
)
from refman.tui.detail import render_detail
from refman.tui.problems import ProblemsScreen
from refman.tui.review import ReviewScreen
from refman.tui.screens import (
    ALL_ARTICLES,
    ArticleScreen,
    CandidateScreen,
    ChoiceScreen,
    HelpScreen,
    InputScreen,
)
from refman.tui.widgets import ItemTable

__all__ = ["DEFAULT_STYLE", "BrowseApp", "DetailPane", "SearchInput"]

_T = TypeVar("_T")
#: The CSL style of copied citations unless ``refman browse --style`` names another.
DEFAULT_STYLE = "apa"
# Collections up to this many items are searched on the UI thread (it takes a few ms).
_SEARCH_AT_ONCE = 5000
# Seconds: detail redraws closer together than this are merged (drawing it takes tens of ms).
_DETAIL_DELAY = 0.12
# Seconds: while a search is typed, the detail is drawn when the typing pauses this long.
_TYPING_DELAY = 0.3
# Actions on the main screen's table and search box: off while another screen (review) is shown.
_MAIN_ACTIONS = frozenset(
    {
        "focus_search",
        "filter_fields",
        "sort",
        "reverse",
        "edit",
        "candidates",
        "pin_key",
        "regenerate_key",
        "add",
        "remove",
        "undo",
        "build",
        "copy_key",
        "copy_citation",
        "export",
        "filter_article",
        "toggle_problems",
        "parse_problems",
        "show_link",
        "open_link",
        "copy_raw",
        "recheck_links",
        "resolve_again",
        "clear_filters",
        "review",
        "nothing_to_review",
    }
)


class SearchInput(Input):
    """The search box: filters as you type; enter, escape or ↓ go back to the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to table", show=False),
        Binding("down", "leave", "Back to table", show=False),
    ]

    def action_leave(self) -> None:
        """Focus the table, keeping the search."""
        self.app.query_one(ItemTable).focus()


class DetailPane(VerticalScroll):
    """Everything known about the selected item, in sections (see :mod:`refman.tui.detail`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("escape", "leave", "Back to table", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show(self, ref: Reference | None, lookup: Callable[[str], Reference | None]) -> None:
        """Draw ``ref`` (None: nothing selected)."""
        body = self.query_one("#detail-body", Static)
        if ref is None:
            body.update(Text("No item matches.", style="dim italic"))
        else:
            body.update(render_detail(ref, lookup))
        self.scroll_home(animate=False)

    def action_leave(self) -> None:
        """Focus the table again."""
        self.app.query_one(ItemTable).focus()


class BrowseApp(App[None]):
    """Browse a collection: a table of items, a search box, a detail pane."""

    CSS_PATH = "app.tcss"
    TITLE = "refman browse"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "focus_search", "Search"),
        Binding("f", "filter_article", "Article"),
        Binding("d", "toggle_problems", "Problems"),
        Binding("D", "parse_problems", "Parse problems", show=False),
        Binding("o", "show_link", "Link"),
        Binding("O", "open_link", "Open", show=False),
        Binding("y", "copy_raw", "Copy raw", show=False),
        Binding("L", "recheck_links", "Check links", show=False),
        Binding("R", "resolve_again", "Resolve", show=False),
        # one key, two actions: "review" (in the footer) when browsing a build directory, else a
        # hidden one that says there is nothing to review (see check_action)
        Binding("r", "review", "Review"),
        Binding("r", "nothing_to_review", "Review", show=False),
        Binding("escape", "clear_filters", "Clear filters", show=False),
        Binding("F", "filter_fields", "Filter", show=False),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse", show=False),
        Binding("e", "edit", "Edit"),
        Binding("a", "candidates", "DOIs"),
        Binding("p", "pin_key", "Key", show=False),
        Binding("P", "regenerate_key", "New key", show=False),
        Binding("plus", "add", "Add", show=False),
        Binding("x", "remove", "Remove", show=False),
        Binding("u", "undo", "Undo"),
        Binding("b", "build", "Build", show=False),
        Binding("c", "copy_key", "Copy key", show=False),
        Binding("C", "copy_citation", "Copy citation", show=False),
        Binding("E", "export", "Export", show=False),
        Binding("t", "toggle_theme", "Theme", show=False),
    ]

    def __init__(
        self,
        collection: Collection,
        filters: Filters | None = None,
        opener: Callable[[str], object] | None = None,
        style: str = DEFAULT_STYLE,
    ) -> None:
        super().__init__()
        self.collection = collection
        self.filters = filters or Filters()
        self.opener = opener
        #: The CSL style of the citations ``C`` copies.
        self.style = style
        # Items as they were before this session's decisions (by index): what an undo goes back to.
        self._as_loaded: dict[int, Reference] = {}
        # Items whose addition was undone in this session (hidden like removed ones).
        self._undone_adds: set[str] = set()
        self.shown_rows: list[Row] = []
        self._shown_for: tuple[Filters, list[Row]] | None = None  # the last result
        self._covered = 0
        #: What long work in the background is doing (shown on the status line).
        self.progress = ""
        self.last_url: str | None = None
        self._detail_timer: Timer | None = None
        self._detail_drawn_at = 0.0
        self._detail_index: int | None = -1  # what the pane shows (-1: nothing drawn yet)
        if collection.source:
            self.sub_title = collection.source

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchInput(
            value=self.filters.query,
            placeholder="/ search: any words, any script (kurmangali finds Құрманғали)",
            id="search",
        )
        yield ItemTable(id="items")
        yield Static(id="status")
        yield DetailPane(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table, go on loading in the background, report problems met reading the file."""
        self.refresh_table()
        self.query_one(ItemTable).focus()
        if self.collection.pending is not None:
            self._load_rest()
        else:
            self._loaded()

    @work(thread=True, group="load", description="load")
    def _load_rest(self) -> None:
        """Read the collection's remaining batches off the UI thread, adding each as it comes."""
        pending = self.collection.pending
        worker = get_current_worker()
        try:
            for refs, problems in pending or ():
                if worker.is_cancelled:
                    return
                rows = self.collection.prepare(refs)
                self.call_from_thread(self._add_batch, refs, rows, problems)
        except RefmanError as exc:  # the file breaks off after its first items: keep what was read
            self.call_from_thread(self.collection.warnings.insert, 0, f"{exc} (the items before are shown)")
        self.call_from_thread(self._loaded)

    def _add_batch(self, refs: list[Reference], rows: list[Row], problems: list[str]) -> None:
        """A batch read in the background: the rows it adds to the table."""
        self.collection.extend(refs, rows)
        self.collection.warnings.extend(problems)
        if self._on_screen():
            self._cover()
            self._update_status()

    def _loaded(self) -> None:
        """Everything is read: freeze what was loaded out of the garbage collector's way, and
        report problems met reading the file."""
        self.collection.pending = None
        if len(self.collection) > _SEARCH_AT_ONCE:  # a large collection: no collector pauses while typing
            gc.collect()
            gc.freeze()
        if not self._on_screen():
            return
        self._update_status()
        if self.collection.warnings:
            count = len(self.collection.warnings)
            first = self.collection.warnings[0]
            self.notify(
                visible(f"{count} problem{'s' if count != 1 else ''} reading the file; first: {first}"),
                severity="warning",
                timeout=8,
                markup=False,
            )

    def _on_screen(self) -> bool:
        """True while the main screen's widgets exist (not once the app is closing)."""
        return bool(self.query("#status"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The table's keys work only on the main screen; ``r`` reviews only a build directory."""
        if action in _MAIN_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action == "review":
            return self.collection.directory is not None
        if action == "nothing_to_review":
            return self.collection.directory is None
        return True

    # --- the table ------------------------------------------------------------------------------

    def refresh_table(self) -> None:
        """Show the rows that pass the current filters, keeping the selected item if it is shown.

        A large collection is searched off the UI thread, within the last result when the query
        only grew; a small one at once."""
        filters = self.filters
        covered = len(self.collection.rows)
        narrowing = self._shown_for is not None and narrows(self._shown_for[0], filters)
        within = (
            self._shown_for[1]
            if self._shown_for is not None and narrowing
            else self.collection.rows[:covered]
        )
        if covered <= _SEARCH_AT_ONCE:
            rows = self.collection.filter(filters, within)
            self._show_rows(filters, rows if narrowing else self.collection.ordered(filters, rows), covered)
            return
        self._search(filters, within, covered, narrowing)

    @work(thread=True, exclusive=True, group="search", description="search")
    def _search(self, filters: Filters, within: list[Row], covered: int, narrowing: bool) -> None:
        rows = self.collection.filter(filters, within)
        if not narrowing:  # a result within the last one keeps its order
            rows = self.collection.ordered(filters, rows)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_rows, filters, rows, covered)

    def _show_rows(self, filters: Filters, rows: list[Row], covered: int) -> None:
        """Show ``rows``, the result of ``filters`` over the first ``covered`` items (a result
        for filters changed since is dropped)."""
        if filters != self.filters:
            return
        selected = self.selected_index()
        self.shown_rows = rows
        self._shown_for = (filters, rows)
        self._covered = covered
        self._cover(redraw=False)
        position = next((i for i, r in enumerate(self.shown_rows) if r.index == selected), 0)
        self.query_one(ItemTable).set_rows(self.shown_rows, cursor=position)
        self._update_status()
        self._schedule_detail(typing=True)

    def _cover(self, redraw: bool = True) -> None:
        """Add the rows loaded since the shown result was computed (those that pass the filters)."""
        rows = self.collection.rows
        if self._covered >= len(rows):
            return
        new = self.collection.filter(self.filters, rows[self._covered :])
        self._covered = len(rows)
        if new:
            self.shown_rows = self.collection.ordered(self.filters, self.shown_rows + new)
            self._shown_for = (self.filters, self.shown_rows)
            if redraw:
                table = self.query_one(ItemTable)
                table.set_rows(self.shown_rows, cursor=table.cursor_row)

    def _update_status(self) -> None:
        total = len(self.collection)
        text = Text()
        text.append(f"{len(self.shown_rows)} of {total} item{'s' if total != 1 else ''}", style="bold")
        if self.collection.pending is not None:
            text.append("  loading…", style="yellow")
        if self.progress:
            text.append(visible(f"  {self.progress}", one_line=True), style="yellow")
        described = self.filters.describe()
        if described:
            text.append(visible(f"  ·  {described}", one_line=True), style="yellow")
            text.append("  (escape in the table clears)", style="dim")
        with_problems = self.collection.with_problems
        if with_problems:
            text.append(f"  ·  {with_problems} with problems (d)", style="red")
        if self.collection.source:
            text.append(visible(f"  ·  {self.collection.source}", one_line=True), style="dim")
        self.query_one("#status", Static).update(text)

    def selected_index(self) -> int | None:
        """The collection index of the item under the cursor, if any."""
        table = self.query_one(ItemTable)
        if not self.shown_rows:
            return None
        row = table.cursor_row
        if 0 <= row < len(self.shown_rows):
            return self.shown_rows[row].index
        return None

    def selected(self) -> Reference | None:
        """The item under the cursor, if any."""
        index = self.selected_index()
        return None if index is None else self.collection.references[index]

    def _show_selected(self, force: bool = False) -> None:
        """Draw the selected item in the detail pane (unless it is drawn already)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        index = self.selected_index()
        if index == self._detail_index and not force:
            return
        self._detail_index = index
        self._detail_drawn_at = time.monotonic()
        self.query_one(DetailPane).show(self.selected(), self.collection.get)

    def _schedule_detail(self, typing: bool = False) -> None:
        """Draw the detail now, or, while the selection changes fast (a held key), when it stops;
        while a search is typed, when the typing pauses."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if self.selected_index() == self._detail_index:
            return
        if typing:
            self._detail_timer = self.set_timer(_TYPING_DELAY, self._show_selected)
        elif time.monotonic() - self._detail_drawn_at < _DETAIL_DELAY:
            self._detail_timer = self.set_timer(_DETAIL_DELAY, self._show_selected)
        else:
            self._show_selected()

    def on_item_table_highlighted(self, event: ItemTable.Highlighted) -> None:
        """Show the highlighted item (when the typing pauses, while a search is typed)."""
        if event.table.is_attached and event.table.screen is self.screen:
            self._schedule_detail(typing=isinstance(self.focused, SearchInput))

    def on_item_table_selected(self, event: ItemTable.Selected) -> None:
        """Enter: focus the detail pane."""
        self.query_one(DetailPane).focus()

    # --- search and filters ------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        if event.input.id == "search":
            self.set_filters(dataclasses.replace(self.filters, query=event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box: go to the table."""
        self.query_one(ItemTable).focus()

    def set_filters(self, filters: Filters) -> None:
        """Apply new filters and redraw."""
        if filters != self.filters:
            self.filters = filters
            self.refresh_table()

    def action_focus_search(self) -> None:
        """``/``: type a search."""
        self.query_one(SearchInput).focus()

    def action_toggle_problems(self) -> None:
        """``d``: only items with problems, or all again."""
        self.set_filters(dataclasses.replace(self.filters, problems_only=not self.filters.problems_only))

    def action_filter_article(self) -> None:
        """``f``: pick the source article to show."""
        current = self.filters.article
        if current is None:
            ref = self.selected()
            current = (ref.refman.article or ref.id) if ref is not None else None

        def chosen(article: str | None) -> None:
            if article is None:
                return
            value = None if article == ALL_ARTICLES else article
            self.set_filters(dataclasses.replace(self.filters, article=value))

        self.push_screen(ArticleScreen(self.collection.articles(), current), chosen)

    def action_clear_filters(self) -> None:
        """Show every item again."""
        search = self.query_one(SearchInput)
        with search.prevent(Input.Changed):
            search.value = ""
        self.set_filters(Filters())

    # --- links and clipboard ----------------------------------------------------------------------

    def _url(self) -> str | None:
        ref = self.selected()
        urls = item_urls(ref) if ref is not None else []
        if not urls:
            self.notify("This item has no URL or DOI.", severity="warning")
            return None
        return urls[0]

    def action_show_link(self) -> None:
        """``o``: show the URL (or DOI link) and copy it; nothing is launched."""
        url = self._url()
        if url is None:
            return
        self.last_url = url
        self.copy_to_clipboard(url)
        self.notify(
            visible(f"{url}\n(copied; O opens it in a browser)"), title="Link", timeout=10, markup=False
        )

    def action_open_link(self) -> None:
        """``O``: open the URL (or DOI link) in a web browser."""
        url = self._url()
        if url is None:
            return
        self.last_url = url
        if self.opener is not None:
            self.opener(url)
            opened = True
        else:
            opened = self._open_in_browser(url)
        if opened:
            self.notify(visible(f"opening {url}"), title="Link", markup=False)
        else:
            self.copy_to_clipboard(url)
            self.notify(
                visible(f"no web browser found; {url} copied"), title="Link", severity="warning", markup=False
            )

    def _open_in_browser(self, url: str) -> bool:
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            return False
        if type(browser) is webbrowser.GenericBrowser:
            # a text-mode browser (lynx, w3m, ...) runs in this terminal: give it the screen
            with self.suspend():
                return bool(browser.open(url, new=2))
        return bool(browser.open(url, new=2))

    # --- checking again: links and Crossref, in the background ---------------------------------

    def action_recheck_links(self) -> None:
        """``L``: check the item's links again, in the background (progress on the status line)."""
        ref = self.selected()
        if ref is None:
            return
        if not item_urls(ref):
            self.notify("This item has no URL or DOI.", severity="warning")
            return
        self._set_progress(f"checking the links of {ref.citation_key or ref.id}…")
        self._recheck_links(ref)

    @work(thread=True, exclusive=True, group="recheck", description="links")
    def _recheck_links(self, ref: Reference) -> None:
        name = ref.citation_key or ref.id
        checked = 0

        def one(result: LinkResult) -> None:
            nonlocal checked
            checked += 1
            self.call_from_thread(self._set_progress, f"checking the links of {name}: {checked} done")

        results = check_item_links(ref, Settings.from_env(), one)
        said = ", ".join(f"{r.outcome.status} {r.link.target}" for r in results) or "no link"
        self.call_from_thread(self._checked_again, ref.id, lambda r: with_links(r, results), said)

    def action_resolve_again(self) -> None:
        """``R``: resolve the item against Crossref again, in the background (progress on the
        status line); its candidates are then offered by ``a``."""
        ref = self.selected()
        directory = self._library_dir() if ref is not None else None
        if ref is None or directory is None:
            return
        self._set_progress(f"resolving {ref.citation_key or ref.id} again…")
        self._resolve_again(directory, ref)

    @work(thread=True, exclusive=True, group="resolve", description="resolve")
    def _resolve_again(self, directory: Path, ref: Reference) -> None:
        name = ref.citation_key or ref.id
        settings = Settings.from_env()

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self._set_progress, f"resolving {name} again: {done} of {total}")

        try:
            inputs = build_inputs(directory, ref, settings)
            if not inputs:
                raise RefmanError(f"{name} is in no article and was not added by a DOI, URL or string")
            resolved = resolve_again(inputs, settings, progress)
        except (RefmanError, OSError) as exc:
            self.call_from_thread(self._set_progress, "")
            self.call_from_thread(
                self.notify, visible(f"not resolved: {exc}"), severity="error", markup=False
            )
            return
        found = Resolution.of(with_resolution(ref, resolved))
        said = "nothing" if found is None else found.status + (f" {found.DOI}" if found.DOI else "")
        if found is not None and found.reason:
            said += f" ({found.reason})"
        self.call_from_thread(self._checked_again, ref.id, lambda r: with_resolution(r, resolved), said)

    def _checked_again(self, item_id: str, change: Callable[[Reference], Reference], said: str) -> None:
        """Work in the background finished: the item (and the machine's copy an undo returns to)
        changed by ``change``, the library's decisions applied, and ``said`` told."""
        self._set_progress("")
        collection = self.collection
        index = collection.position(item_id)
        if index is None:
            return
        self._as_loaded[index] = change(self._as_loaded.get(index, collection.references[index]))
        current = change(collection.references[index])
        directory = collection.directory
        if directory is not None:
            try:
                _, state, keys = with_library(directory, lambda _library: None)
            except (RefmanError, OSError) as exc:
                self.notify(visible(f"not shown: {exc}"), severity="error", markup=False)
                return
            current = as_decided(self._as_loaded[index], state, keys)
        collection.references[index] = current
        collection.rows[index] = Row.of(index, current)
        collection.reindex()
        self._shown_for = None
        if self._on_screen():
            self._redraw()
        self.notify(
            visible(f"{current.citation_key or item_id}: {said}"), title="Checked again", markup=False
        )

    def action_copy_raw(self) -> None:
        """``y``: copy the raw reference string."""
        ref = self.selected()
        if ref is None or ref.refman.raw is None:
            self.notify("This item has no raw string.", severity="warning")
            return
        self.copy_to_clipboard(ref.refman.raw)
        self.notify("raw string copied", title="Copy")

    # --- a person's decisions, through the library ------------------------------------------

    def _library_dir(self) -> Path | None:
        """The build folder whose library takes decisions (None, and a message, when browsing a file)."""
        directory = self.collection.directory
        if directory is None:
            what = self.collection.source or "this collection"
            self.notify(
                visible(
                    f"{what} is not a library: decisions are stored in a build folder's library "
                    "(`refman browse DIR` after `refman build DIR`)."
                ),
                severity="warning",
                timeout=8,
                markup=False,
            )
        return directory

    def _decide(self, act: Callable[[Library], _T], done: str) -> tuple[bool, _T | None]:
        """Store a decision through the library (``act``), refresh the items it touched from the
        library's state, and say ``done``; an error is a message, never a crash. Whether it was
        stored, and what ``act`` returned."""
        directory = self._library_dir()
        if directory is None:
            return False, None
        try:
            result, state, keys = with_library(directory, act)
        except (RefmanError, OSError) as exc:
            self.notify(visible(f"not stored: {exc}"), severity="error", timeout=10, markup=False)
            return False, None
        decisions = result if isinstance(result, list) else [result]
        self._refresh_items(state, keys, {d.target for d in decisions if isinstance(d, Decision)})
        self.notify(visible(f"{done} (stored; `refman build` writes it)"), title="Library", markup=False)
        return True, result

    def _refresh_items(self, state: LibraryState, keys: dict[str, str], targets: set[str]) -> None:
        """The items decided on (``targets``: ids, also of references merged into an item) as the
        library's decisions now make them; removed items hidden."""
        collection = self.collection
        gone = state.removed.keys() | self._undone_adds
        collection.hidden = {i for i, ref in enumerate(collection.references) if ref.id in gone}
        for target in targets:
            index = collection.position(target)
            if index is None:
                continue
            ref = collection.references[index]
            decided = as_decided(self._as_loaded.setdefault(index, ref), state, keys)
            if decided != ref:
                collection.references[index] = decided
                collection.rows[index] = Row.of(index, decided)
        collection.reindex()
        self._shown_for = None
        if self._on_screen():  # else redrawn when the screen on top (parse problems) closes
            self._redraw()

    def _redraw(self) -> None:
        """The table and the detail pane drawn again."""
        self.refresh_table()
        self._show_selected(force=True)

    def action_edit(self) -> None:
        """``e``: pick a field, type its new value (the machine's value is shown beside)."""
        ref = self.selected()
        if ref is not None:
            self.edit_item(ref)

    def edit_item(self, ref: Reference, after: Callable[[], None] | None = None) -> None:
        """Pick a field of ``ref`` and type its new value, stored through the library; then
        ``after`` (when a value was stored)."""
        if self._library_dir() is None:
            return
        csl = ref.to_csl()
        choices = []
        for name in EDITABLE:
            value = field_text(csl.get(name))
            text = Text()
            text.append(f"{name:<18}", style="cyan")
            text.append(
                visible(value, one_line=True)[:70] if value else "(empty)", style="" if value else "dim"
            )
            choices.append((name, text))

        def chosen(name: str | None) -> None:
            if name is not None:
                self._edit_field(ref, name, after)

        self.push_screen(ChoiceScreen(f"Edit a field of {ref.citation_key or ref.id}", choices), chosen)

    def _edit_field(self, ref: Reference, name: str, after: Callable[[], None] | None) -> None:
        current = field_text(ref.to_csl().get(name))
        machine = field_text(machine_value(ref, name))
        hint = f"the machine's value: {machine or '(empty)'}"
        if name in NAME_FIELDS:
            hint += "  ·  names: Family, Given; Family, Given"
        elif name in DATE_FIELDS:
            hint += "  ·  a date: YYYY, YYYY-MM or YYYY-MM-DD"
        hint += "  ·  empty text empties the field"

        def typed(text: str | None) -> None:
            if text is not None and text != current:
                stored, _ = self._decide(
                    lambda lib: lib.edit(ref.id, {name: text}),
                    f"{name} of {ref.citation_key or ref.id} edited",
                )
                if stored and after is not None:
                    after()

        self.push_screen(InputScreen(f"{name} of {ref.citation_key or ref.id}", current, hint), typed)

    def action_candidates(self) -> None:
        """``a``: the item's DOIs and Crossref's candidates; accept or reject one."""
        ref = self.selected()
        if ref is None or self._library_dir() is None:
            return
        offered = candidates(ref)
        if not offered:
            self.notify("This item has no DOI and no Crossref candidate.", severity="warning")
            return

        def decided(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            what, doi = choice
            index = self.collection.position(ref.id)
            built = ref if index is None else self._as_loaded.get(index, ref)  # the machine's, for undo
            if what == "accept":
                self._decide(lambda lib: lib.accept(ref.id, doi, built), f"DOI {doi} accepted")
            else:
                self._decide(lambda lib: lib.reject(ref.id, doi, built), f"DOI {doi} rejected")

        self.push_screen(CandidateScreen(f"DOIs of {ref.citation_key or ref.id}", offered), decided)

    def action_pin_key(self) -> None:
        """``p``: pin the citation key to one typed."""
        ref = self.selected()
        if ref is None or self._library_dir() is None:
            return

        def typed(key: str | None) -> None:
            if key and key.strip() and key.strip() != ref.citation_key:
                new = key.strip()
                self._decide(lambda lib: lib.set_key(ref.id, new), f"key {new} pinned")

        hint = "a key, once issued, never changes unless you change it here or with `refman key`"
        self.push_screen(InputScreen(f"Citation key of {ref.id}", ref.citation_key or "", hint), typed)

    def action_regenerate_key(self) -> None:
        """``P``: a fresh key from the item's fields."""
        ref = self.selected()
        if ref is not None:
            self._decide(lambda lib: lib.regenerate_key(ref.id), f"a new key for {ref.id}")

    def action_remove(self) -> None:
        """``x``: remove the item from the library (asks first)."""
        ref = self.selected()
        if ref is None or self._library_dir() is None:
            return

        def answered(choice: str | None) -> None:
            if choice == "remove":
                self._decide(
                    lambda lib: lib.remove(ref.id), f"{ref.citation_key or ref.id} removed; u undoes it"
                )

        choices = [("keep", Text("No, keep it")), ("remove", Text("Yes, remove it (u undoes)"))]
        self.push_screen(
            ChoiceScreen(f"Remove {ref.citation_key or ref.id} from the library?", choices), answered
        )

    def action_add(self) -> None:
        """``+``: add a DOI, a URL or a reference string."""
        directory = self._library_dir()
        if directory is None:
            return

        def typed(text: str | None) -> None:
            if text and text.strip():
                self._add(text.strip())

        hint = "a DOI (10.1234/abc), a URL or a whole reference string; the next build resolves it"
        self.push_screen(InputScreen("Add an item", "", hint), typed)

    def _add(self, text: str) -> None:
        try:
            items, source = items_for(text)
        except RefmanError as exc:
            self.notify(visible(f"not added: {exc}"), severity="error", markup=False)
            return
        stored, result = self._decide(lambda lib: lib.add(items, source), f"added from {source}")
        if not stored or result is None:
            return
        self.collection.extend(result.added, self.collection.prepare(result.added))
        self._shown_for = None
        self.refresh_table()
        for pair in result.duplicates:
            self.notify(visible(f"may be one work: {pair.explain()}"), title="Duplicate?", markup=False)

    def action_undo(self) -> None:
        """``u``: take back the latest decision; the table shows the items as they were."""

        def undo(library: Library) -> Decision | None:
            undone = library.undo()
            if undone is not None and undone.kind == "add":
                self._undone_adds |= undone_additions(library)
            return undone

        stored, undone = self._decide(undo, "undone")
        if stored and undone is None:
            self.notify("There was nothing to undo.", severity="warning")
        elif undone is not None:
            self.notify(visible(f"undid: {undone.describe()}"), title="Undo", markup=False)

    def action_build(self) -> None:
        """``b``: run ``refman build`` in the background; the table reloads after it."""
        directory = self._library_dir()
        if directory is not None:
            self.notify("building…", title="Build")
            self._build(directory)

    @work(thread=True, exclusive=True, group="build", description="build")
    def _build(self, directory: Path) -> None:
        def article(path: Path) -> None:
            self.call_from_thread(self._set_progress, f"building: reading {path.name}")

        def resolving(done: int, total: int) -> None:
            self.call_from_thread(self._set_progress, f"building: resolving {done} of {total}")

        try:
            result = build(
                directory,
                settings=Settings.from_env(),
                on_article=article,
                on_resolve=resolving,
                on_wait=lambda why: self.call_from_thread(self._set_progress, f"building: {why}"),
            )
        except RefmanError as exc:
            self.call_from_thread(self._set_progress, "")
            self.call_from_thread(
                self.notify, visible(f"build failed: {exc}"), severity="error", markup=False
            )
            return
        self.call_from_thread(self._set_progress, "")
        self.call_from_thread(self._built, len(result.collection))

    def _set_progress(self, text: str) -> None:
        """What long work in the background is doing, on the status line ("" when done)."""
        self.progress = text
        if self._on_screen():
            self._update_status()

    def _built(self, count: int) -> None:
        """A build finished: show the folder's new ``references.json``."""
        directory = self.collection.directory
        if directory is None:
            return
        fresh = load_collection(directory)
        while fresh.pending is not None:
            batch = next(fresh.pending, None)
            if batch is None:
                fresh.pending = None
                break
            fresh.extend(batch[0], fresh.prepare(batch[0]))
        self.collection = fresh
        self._as_loaded = {}
        self._undone_adds = set()
        self._shown_for = None
        self._covered = 0
        self.refresh_table()
        self._show_selected(force=True)
        self.notify(f"built: {count} items", title="Build")

    def action_copy_key(self) -> None:
        """``c``: copy the citation key."""
        ref = self.selected()
        if ref is None:
            return
        key = ref.citation_key or ref.id
        self.copy_to_clipboard(key)
        self.notify(visible(f"{key} copied"), title="Copy", markup=False)

    def action_copy_citation(self) -> None:
        """``C``: copy the item as a formatted reference (CSL style :attr:`style`)."""
        ref = self.selected()
        if ref is None:
            return
        try:
            text = citation(ref, self.style)
        except ValueError as exc:
            self.notify(visible(f"no citation: {exc}"), severity="error", markup=False)
            return
        self.copy_to_clipboard(text)
        self.notify(visible(f"{text}\n(copied, {self.style})"), title="Copy", markup=False)

    def action_export(self) -> None:
        """``E``: write the items shown (in the order shown) to a file."""

        def typed(name: str | None) -> None:
            if not name or not name.strip():
                return
            refs = [self.collection.references[r.index] for r in self.shown_rows]
            try:
                said = export(refs, Path(name.strip()).expanduser())
            except (OSError, RefmanError) as exc:
                self.notify(visible(f"not exported: {exc}"), severity="error", markup=False)
                return
            self.notify(visible(said), title="Export", markup=False)

        hint = f"{len(self.shown_rows)} items; a name ending .bib writes BibTeX, anything else CSL-JSON"
        self.push_screen(InputScreen("Export the items shown to", "selection.bib", hint), typed)

    def action_filter_fields(self) -> None:
        """``F``: type, status and year filters as text."""

        def typed(text: str | None) -> None:
            if text is None:
                return
            try:
                filters = parse_field_filters(text, self.filters)
            except ValueError as exc:
                self.notify(visible(str(exc)), severity="error", markup=False)
                return
            self.set_filters(filters)

        hint = (
            "type=book  status=unmatched (resolved candidates duplicate broken-link edited)  year=2000-2010"
        )
        self.push_screen(InputScreen("Filter by", self.filters.describe_fields(), hint), typed)

    def action_sort(self) -> None:
        """``s``: sort by the next column (after the last: the collection's order)."""
        order = [None, *SORTABLE]
        following = order[(order.index(self.filters.sort) + 1) % len(order)]
        self.set_filters(dataclasses.replace(self.filters, sort=following, descending=False))

    def action_reverse(self) -> None:
        """``S``: reverse the sort order."""
        sort = self.filters.sort or "key"
        self.set_filters(dataclasses.replace(self.filters, sort=sort, descending=not self.filters.descending))

    def action_toggle_theme(self) -> None:
        """``t``: light or dark."""
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"

    # --- reviewing duplicates ---------------------------------------------------------------------------

    def action_review(self) -> None:
        """``r``: rule on the uncertain duplicate pairs of the build directory, split merged items."""
        directory = self.collection.directory
        if directory is None:
            self.action_nothing_to_review()
            return
        try:
            review = load_review(directory, merged_pairs(self.collection))
        except RefmanError as exc:
            self.notify(visible(f"cannot review: {exc}"), severity="error", timeout=10, markup=False)
            return
        self.push_screen(ReviewScreen(review, self.collection))

    def action_parse_problems(self) -> None:
        """``D``: the items whose parse has problems, as written beside as parsed; ``e`` edits."""
        self.push_screen(ProblemsScreen(self.collection, self.edit_item), lambda _: self._redraw())

    def action_nothing_to_review(self) -> None:
        """``r`` on a file that is not a build's references.json: say why there is nothing to review."""
        what = self.collection.source or "this collection"
        self.notify(
            visible(
                f"Nothing to review: {what} is not the references.json of a `refman build` directory "
                "(duplicate pairs are reviewed there, e.g. `refman browse bibliography`)."
            ),
            severity="warning",
            timeout=8,
            markup=False,
        )

    def action_help(self) -> None:
        """``?``: keys and flags."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # --- command palette -----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """refman's entries in the command palette (ctrl+p), after Textual's own."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Show only items with problems", "Toggle the problems filter (d)", self.action_toggle_problems
        )
        yield SystemCommand(
            "Filter by article", "Show the items of one source article (f)", self.action_filter_article
        )
        yield SystemCommand("Clear filters", "Show every item again", self.action_clear_filters)
        yield SystemCommand(
            "Copy raw string", "Copy the selected reference as written (y)", self.action_copy_raw
        )
        yield SystemCommand(
            "Open link in browser", "Open the selected item's URL or DOI (O)", self.action_open_link
        )
        yield SystemCommand("Review duplicates", "Rule on uncertain duplicate pairs (r)", self.action_review)
        yield SystemCommand(
            "Review parse problems", "Items as written beside as parsed (D)", self.action_parse_problems
        )
