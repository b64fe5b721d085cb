"""The tables of ``refman browse``: the item table, a virtual list that draws only the lines on
screen, and :class:`RowTable`, the short lists of the review screens.

Textual's DataTable measures every cell it is given, which takes seconds for a few thousand
items; this table formats a row only when it is drawn, so filtering 10,000 items while typing
stays instant. It has a fixed header line, a row cursor, vim keys and mouse selection.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import DataTable

from refman.cli.text import literal
from refman.tui.collection import Row

__all__ = ["COLUMNS", "ItemTable", "RowTable", "column_widths"]

#: (attribute of Row, header label, width; 0 = the title column, which takes what is left).
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("key", "key", 18),
    ("number", "#", 3),
    ("authors", "authors", 18),
    ("year", "year", 4),
    ("title", "title", 0),
    ("type", "type", 12),
    ("article", "article", 12),
    ("status", "status", 12),
    ("flags", "flags", 5),
)
_MIN_TITLE = 16
_TALLEST = 500  # more rows than any terminal shows
_GAP = 2  # spaces between columns
_FLAG_STYLES = ("bold red", "cyan", "yellow", "green", "green")


# Columns given up, in this order, when the terminal is too narrow for all of them.
_DROP_ORDER = ("article", "type", "number", "status", "year", "authors")


def column_widths(total: int) -> list[tuple[str, str, int]]:
    """The columns shown when the table is ``total`` cells wide, with their widths.

    The title column takes what is left; when even the shortest title does not fit, the least
    useful columns are dropped (the key, title and flags always stay).
    """
    columns = list(COLUMNS)
    for drop in (None, *_DROP_ORDER):
        if drop is not None:
            columns = [c for c in columns if c[0] != drop]
        fixed = sum(w for _, _, w in columns) + _GAP * (len(columns) - 1) + 1
        if total - fixed >= _MIN_TITLE or drop == _DROP_ORDER[-1]:
            title = max(_MIN_TITLE, total - fixed)
            return [(attr, label, w or title) for attr, label, w in columns]
    raise AssertionError("unreachable")


def _flags_text(flags: str) -> Text:
    text = Text()
    for char, style in zip(flags, _FLAG_STYLES, strict=False):
        if char in "?·":
            style = "bold yellow"
        elif char in "×✗":
            style = "bold red"
        text.append(char, style=style)
    return text


class ItemTable(ScrollView, can_focus=True):
    """The rows that pass the filters; posts :class:`Highlighted` and :class:`Selected`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("pagedown,ctrl+f,space", "page_down", "Page down", show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-table--header",
        "item-table--cursor",
        "item-table--even-row",
    }

    DEFAULT_CSS = """
    ItemTable {
        background: $surface;
        color: $foreground;
        height: auto;
        overflow-x: hidden;
        & > .item-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .item-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .item-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .item-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class RowMessage(Message):
        """A message about row ``row`` (its position in the table) of ``table``."""

        def __init__(self, table: ItemTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> ItemTable:
            """The table."""
            return self.table

    class Highlighted(RowMessage):
        """The cursor moved to another row."""

    class Selected(RowMessage):
        """Enter (or a click on the cursor row) on a row."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: Sequence[Row] = ()
        self._cache: dict[tuple[int, bool], Strip] = {}
        self._cache_width = 0

    # --- data ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the table holds."""
        return len(self.rows)

    def set_rows(self, rows: Sequence[Row], cursor: int = 0) -> None:
        """Show ``rows`` with the cursor on row ``cursor``."""
        # the table's height follows its rows only while they are fewer than a screen
        layout = min(len(self.rows), _TALLEST) != min(len(rows), _TALLEST)
        self.rows = rows
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.refresh(layout=layout)
        self.cursor_row = max(0, min(cursor, len(rows) - 1))

    def validate_cursor_row(self, row: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        """Redraw the two rows, scroll the cursor into view and tell the app."""
        self._cache.pop((old, True), None)
        self._cache.pop((new, False), None)
        self._scroll_to_cursor()
        self.refresh()
        if self.rows:
            self.post_message(self.Highlighted(self, new))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        page = self._page()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + page:
            self.scroll_to(y=self.cursor_row - page + 1, animate=False, immediate=True)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row ``row``."""
        self.cursor_row = row

    # --- actions ------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Next row."""
        self.cursor_row += 1

    def action_cursor_up(self) -> None:
        """Previous row."""
        self.cursor_row -= 1

    def action_page_down(self) -> None:
        """One screen down."""
        self.cursor_row += self._page()

    def action_page_up(self) -> None:
        """One screen up."""
        self.cursor_row -= self._page()

    def action_first(self) -> None:
        """The first row."""
        self.cursor_row = 0

    def action_last(self) -> None:
        """The last row."""
        self.cursor_row = len(self.rows) - 1

    def action_select(self) -> None:
        """Enter: tell the app the cursor row was chosen."""
        if self.rows:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a click on the cursor row selects it."""
        row = round(self.scroll_y) + event.y - 1
        if event.y < 1 or not 0 <= row < len(self.rows):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row

    def on_resize(self, event: events.Resize) -> None:
        """Columns follow the width."""
        self._cache.clear()
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    def _on_focus(self, event: events.Focus) -> None:
        self._cache.clear()
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._cache.clear()
        super()._on_blur(event)

    # --- drawing ------------------------------------------------------------------------------

    def _line(self, cells: Sequence[Text], widths: Sequence[int], style: Style) -> Strip:
        """One line of the table: the cells clipped to their columns, in ``style``."""
        line = Text(" ", end="")
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            cell = cell.copy()
            cell.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(cell)
            if i < len(widths) - 1:
                line.append(" " * _GAP)
        width = self.scrollable_content_region.width
        line.truncate(width, pad=True)
        segments = list(line.render(self.app.console))
        return Strip(Segment.apply_style(segments, style=style), width).simplify()

    @staticmethod
    def _cell(row: Row, attr: str) -> Text:
        value = getattr(row, attr)
        return _flags_text(value) if attr == "flags" else literal(value, one_line=True)

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header, or a row."""
        width = self.scrollable_content_region.width
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        columns = column_widths(width)
        widths = [w for _, _, w in columns]
        if y == 0:
            header = [Text(label) for _, label, _ in columns]
            return self._line(header, widths, self.get_component_rich_style("item-table--header"))
        index = round(self.scroll_y) + y - 1
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self.rich_style)
        cursor = index == self.cursor_row
        cached = self._cache.get((index, cursor))
        if cached is not None:
            return cached
        style = self.rich_style
        if index % 2:
            style += self.get_component_rich_style("item-table--even-row")
        if cursor:
            style += self.get_component_rich_style("item-table--cursor")
        row = self.rows[index]
        strip = self._line([self._cell(row, attr) for attr, _, _ in columns], widths, style)
        self._cache[(index, cursor)] = strip
        return strip


class RowTable(DataTable[Text]):
    """A short list of a review screen (pairs, items with problems), one per row, with vim keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]
