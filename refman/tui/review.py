"""The review screen of ``refman browse`` (key ``r``): rule on the uncertain duplicate pairs, and
split merged items.

The list shows the pairs ``refman build`` left in ``report.json`` (``duplicates.review``), the
pairs that linked the collection's merged items, and any other ruling in the library; the pane
below compares the two references side by side. ``s`` (same), ``d`` (different), ``f`` (forget)
and ``x`` (split the right-hand reference off its merged item) write to the library at once,
``u`` undoes the latest ruling or split; the next ``refman build DIR`` applies the rulings. The data
comes from :mod:`refman.tui.collection` and :mod:`refman.tui.detail`; only this screen reads and
writes files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from refman.cli.text import literal, visible
from refman.errors import RefmanError
from refman.library import Decision, Library
from refman.store import BuildFolder
from refman.tui.collection import Collection, Review, ReviewRow, compare_fields, ruling_status
from refman.tui.detail import render_pair, ruling_text
from refman.tui.widgets import RowTable

__all__ = ["ReviewScreen"]

_T = TypeVar("_T")


class ReviewScreen(Screen[None]):
    """Rule on the uncertain pairs of a build: ``s`` same, ``d`` different, ``f`` forget."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "rule('same')", "Same"),
        Binding("d", "rule('different')", "Different"),
        Binding("f", "forget", "Forget"),
        Binding("x", "split", "Split"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, review: Review, collection: Collection) -> None:
        super().__init__()
        self.review = review
        self.collection = collection
        self.rows: list[ReviewRow] = review.rows()

    def compose(self) -> ComposeResult:
        yield Static(id="review-status")
        yield RowTable(id="pairs", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="pair-detail"):
            yield Static(id="pair-body")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list and show the first pair."""
        table = self.query_one(RowTable)
        for label, key, width in (
            ("ruling", "ruling", 9),
            ("a", "a", 24),
            ("b", "b", 24),
            ("score", "score", 5),
            ("rule", "rule", 16),
        ):
            table.add_column(label, key=key, width=width)
        self._fill(0)
        table.focus()

    # --- drawing ------------------------------------------------------------------------------

    @property
    def directory_text(self) -> str:
        """The build directory as the user named it."""
        return str(self.review.directory)

    def _fill(self, cursor: int) -> None:
        """Redraw the list from ``self.rows`` with the cursor on row ``cursor``."""
        table = self.query_one(RowTable)
        table.clear()
        for i, row in enumerate(self.rows):
            score = "" if row.score is None else f"{row.score:.2f}"
            table.add_row(
                Text("merged", style="blue")
                if row.merged and row.ruling is None
                else ruling_text(row.ruling),
                literal(row.a, one_line=True),
                literal(row.b, one_line=True),
                Text(score, justify="right"),
                literal(row.rule, "dim" if not row.in_report else "", one_line=True),
                key=str(i),
            )
        if self.rows:
            table.move_cursor(row=max(0, min(cursor, len(self.rows) - 1)))
        self._update_status()
        self._show()

    def _update_status(self) -> None:
        in_report = sum(1 for p in self.rows if p.in_report)
        merged = sum(1 for p in self.rows if p.merged)
        ruled = sum(1 for p in self.rows if p.ruling is not None)
        text = Text()
        text.append("Review duplicates", style="bold")
        text.append(f"  ·  {in_report} uncertain pair{'s' if in_report != 1 else ''}")
        text.append(f"  ·  {merged} merged", style="blue" if merged else "")
        text.append(f"  ·  {ruled} ruled", style="green" if ruled else "")
        text.append(visible(f"  ·  {BuildFolder(self.review.directory).library}", one_line=True), style="dim")
        text.append("  ·  s same, d different, f forget, x split, u undo", style="dim")
        self.query_one("#review-status", Static).update(text)

    def selected(self) -> ReviewRow | None:
        """The pair under the cursor, if any."""
        row = self.query_one(RowTable).cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    def _show(self) -> None:
        body = self.query_one("#pair-body", Static)
        pair = self.selected()
        if pair is None:
            body.update(
                literal(
                    f"Nothing to review: {self.review.directory} has no uncertain duplicate pairs "
                    "(report.json), no merged items and no rulings in the library.",
                    "dim italic",
                )
            )
            return
        holder_a, holder_b = self.collection.holder(pair.a), self.collection.holder(pair.b)
        status = ruling_status(pair, holder_a, holder_b, self.review.unapplied.get(pair.pair))
        fields_a, fields_b = compare_fields(holder_a, pair.a), compare_fields(holder_b, pair.b)
        body.update(render_pair(pair, fields_a, fields_b, status))
        self.query_one("#pair-detail", VerticalScroll).scroll_home(animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted pair."""
        self._show()

    # --- rulings ------------------------------------------------------------------------------

    def _store(self, act: Callable[[Library], _T]) -> tuple[bool, _T | None]:
        """Store a decision through the library at once (with who and when) and read the rulings
        back, so a ruling made meanwhile elsewhere (``refman decide``) shows. Whether it was
        stored, and what ``act`` returned."""
        try:
            with Library.open(self.review.directory, timeout=5) as library:
                done = act(library)
                current = tuple(library.rulings())
        except (OSError, RefmanError) as exc:
            self.notify(visible(f"not saved: {exc}"), severity="error", timeout=10, markup=False)
            return False, None
        self.review = replace(self.review, rulings=current)
        self.rows = self.review.rows()
        return True, done

    def _said(self, what: str) -> None:
        directory = self.review.directory
        self.notify(
            visible(f"{what}\nsaved; run `refman build {directory}` to apply"), title="Review", markup=False
        )

    def _save(self, pair: ReviewRow, ruling: str | None) -> bool:
        """Rule on ``pair`` (None: forget the ruling); False when nothing was written."""
        stored, _ = self._store(lambda lib: lib.rule(pair.a, pair.b, ruling or "forget"))
        if stored:
            self._said(f"{pair.a} / {pair.b}: {'forgotten' if ruling is None else ruling}")
        return stored

    def action_rule(self, ruling: str) -> None:
        """``s`` / ``d``: the selected pair is the same work / different works; go to the next pair."""
        pair = self.selected()
        if pair is None:
            self.notify("Nothing to rule on.", severity="warning")
            return
        row = self.query_one(RowTable).cursor_row
        if self._save(pair, ruling):
            at = next((i for i, p in enumerate(self.rows) if p.pair == pair.pair), row)
            self._fill(at + 1 if at + 1 < len(self.rows) else at)

    def action_forget(self) -> None:
        """``f``: forget the ruling on the selected pair."""
        pair = self.selected()
        if pair is None or pair.ruling is None:
            self.notify("This pair has no ruling to forget.", severity="warning")
            return
        row = self.query_one(RowTable).cursor_row
        if self._save(pair, None):
            self._fill(row)

    def action_split(self) -> None:
        """``x``: split the selected pair's right-hand reference off the item it was merged into
        (ruled different from every other member, one decision)."""
        pair = self.selected()
        if pair is None:
            self.notify("Nothing to split.", severity="warning")
            return
        row = self.query_one(RowTable).cursor_row
        stored, _ = self._store(lambda lib: lib.split(pair.b))
        if stored:
            self._said(f"{pair.b} split off its merged item (u undoes)")
            self._fill(row)

    def action_undo(self) -> None:
        """``u``: take back the latest decision when it is a ruling or a split (other decisions
        are undone from the table, which shows their items)."""
        row = self.query_one(RowTable).cursor_row

        def undo(library: Library) -> tuple[bool, Decision | None]:
            live = [d for d in library.history() if not d.undone]
            if live and live[-1].kind not in ("rule", "split"):
                return False, live[-1]
            return True, library.undo()

        stored, result = self._store(undo)
        if not stored or result is None:
            return
        undone, decision = result
        if decision is None:
            self.notify("There was nothing to undo.", severity="warning")
        elif not undone:
            self.notify(
                visible(f"the latest decision is no ruling ({decision.describe()}): undo it from the table"),
                severity="warning",
                markup=False,
            )
        else:
            self.notify(visible(f"undid: {decision.describe()}"), title="Undo", markup=False)
            self._fill(row)

    def action_back(self) -> None:
        """``escape``: back to the table."""
        self.dismiss(None)
