"""The parse-problems screen of ``refman browse`` (key ``D``): every item whose parse carries
problems, with the reference as written beside the fields parsed from it.

``e`` edits a field of the highlighted item through the app (stored in the library, as from the
table); the pane is redrawn with the person's value beside the machine's. The sections drawn come
from :mod:`refman.tui.detail`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from refman.cli.text import literal
from refman.model import Reference
from refman.tui.collection import Collection
from refman.tui.detail import fields_section, raw_section
from refman.tui.widgets import RowTable

__all__ = ["Edit", "ProblemsScreen", "parse_problem_items"]

#: What ``e`` calls: edit a field of this item, then call back (the app's edit, stored in the library).
Edit = Callable[[Reference, Callable[[], None]], None]


def parse_problem_items(collection: Collection) -> list[int]:
    """The positions of the shown (not removed) items whose parse carries problems, in order."""
    return [
        i for i, ref in enumerate(collection.references) if ref.refman.problems and i not in collection.hidden
    ]


class ProblemsScreen(Screen[None]):
    """Items whose parse has problems: ``e`` edits a field, ``escape`` goes back to the table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit a field"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, collection: Collection, edit: Edit) -> None:
        super().__init__()
        self.collection = collection
        self.edit = edit
        self.items = parse_problem_items(collection)

    def compose(self) -> ComposeResult:
        yield Static(id="problems-status")
        yield RowTable(id="problem-items", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="problem-detail"):
            yield Static(id="problem-body")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list and show the first item."""
        table = self.query_one(RowTable)
        for label, width in (("key", 24), ("article", 22), ("problems", 70)):
            table.add_column(label, key=label, width=width)
        for index in self.items:
            ref = self.collection.references[index]
            number = ref.refman.number
            where = f"{ref.refman.article or ''}" + (f" [{number}]" if number is not None else "")
            problems = "; ".join(str(p) for p in ref.refman.problems)
            table.add_row(
                literal(ref.citation_key or ref.id, one_line=True),
                literal(where, "dim", one_line=True),
                literal(problems, "red", one_line=True),
                key=str(index),
            )
        count = len(self.items)
        status = Text()
        status.append("Parse problems", style="bold")
        status.append(f"  ·  {count} item{'s' if count != 1 else ''}")
        status.append("  ·  as written on the left, parsed on the right; e edits a field", style="dim")
        self.query_one("#problems-status", Static).update(status)
        self._show()
        table.focus()

    def selected(self) -> Reference | None:
        """The item under the cursor, if any."""
        row = self.query_one(RowTable).cursor_row
        if not self.items or not 0 <= row < len(self.items):
            return None
        return self.collection.references[self.items[row]]

    def _show(self) -> None:
        body = self.query_one("#problem-body", Static)
        ref = self.selected()
        if ref is None:
            body.update(literal("No item's parse has problems.", "dim italic"))
            return
        side_by_side = Table.grid(expand=True, padding=(0, 2))
        side_by_side.add_column(ratio=1)
        side_by_side.add_column(ratio=1)
        side_by_side.add_row(raw_section(ref), fields_section(ref))
        body.update(side_by_side)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted item."""
        self._show()

    def action_edit(self) -> None:
        """``e``: edit a field of the highlighted item; the pane shows the stored value."""
        ref = self.selected()
        if ref is None:
            self.notify("Nothing to edit.", severity="warning")
            return
        self.edit(ref, self._show)

    def action_back(self) -> None:
        """``escape``: back to the table."""
        self.dismiss(None)
