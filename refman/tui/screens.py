"""Modal screens of ``refman browse``: help, and the article picker."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from refman.cli.text import visible

__all__ = ["ALL_ARTICLES", "KEYS", "REVIEW_KEYS", "ArticleScreen", "HelpScreen", "help_table"]

#: What ArticleScreen returns for "every article" (None means the picker was cancelled).
ALL_ARTICLES = ""

#: (keys, what they do), shown by the help screen.
KEYS: tuple[tuple[str, str], ...] = (
    ("/", "search as you type; any words, any script ('kurmangali' finds 'Құрманғали')"),
    ("j k ↑ ↓", "move in the table; scroll the detail pane"),
    ("space pgup pgdn", "a screen down / up"),
    ("g G home end", "first / last item"),
    ("enter", "focus the detail pane (escape goes back); a click selects"),
    ("tab", "cycle between search, table and detail"),
    ("f", "filter by source article"),
    ("d", "show only items with problems (again: show all)"),
    ("escape", "leave the search or the detail; in the table: clear every filter"),
    ("o", "show and copy the item's URL or DOI link"),
    ("O", "open the URL or DOI in a web browser"),
    ("y", "copy the raw reference string"),
    ("r", "review uncertain duplicate pairs (browsing a build directory)"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
)

#: (keys, what they do) on the review screen (``r``).
REVIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("j k ↑ ↓", "move in the list of pairs; the two references are compared below"),
    ("s", "the same work: merge them at the next build (then the next pair)"),
    ("d", "different works: never merge them (then the next pair)"),
    ("f", "forget the ruling on this pair"),
    ("escape", "back to the table"),
    ("", "each ruling is saved at once in DIR/library.sqlite; `refman build DIR` applies them"),
)

#: (flag, meaning), in column order.
FLAGS: tuple[tuple[str, str], ...] = (
    ("!", "problems: the parser's, links not OK, ambiguous matches, Crossmark retractions"),
    ("R", "a romanised entry (References list) is attached"),
    ("∅", "listed in the references but never cited in the text"),
    ("✓ ? × ·", "match: matched, ambiguous, unmatched, other status"),
    ("✓ · ✗", "links: all OK, the others not checked, some not OK"),
)


def help_table() -> Table:
    """The keys and the flags column explained."""
    table = Table(show_header=False, box=None, expand=True, pad_edge=False)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("what", ratio=1)
    table.add_row(Text("Keys", style="bold underline"), "")
    for keys, what in KEYS:
        table.add_row(keys, what)
    table.add_row("", "")
    table.add_row(Text("Review (r)", style="bold underline"), "")
    for keys, what in REVIEW_KEYS:
        table.add_row(keys, what)
    table.add_row("", "")
    table.add_row(Text("Flags", style="bold underline"), "")
    for flag, what in FLAGS:
        table.add_row(flag, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and flags; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("refman browse", style="bold"), id="help-title")
            yield Static(help_table(), id="help-body")

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)


class ArticleScreen(ModalScreen[str | None]):
    """Pick the source article to show (or every article); escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("q", "cancel", "Cancel", show=False),
    ]

    def __init__(self, articles: list[tuple[str, str, int]], current: str | None) -> None:
        super().__init__()
        self.articles = articles
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option] = [Option(Text("(every article)", style="italic"), id=ALL_ARTICLES)]
        for article, title, count in self.articles:
            prompt = Text()
            prompt.append(visible(article, one_line=True), style="bold")
            prompt.append(f"  {count} item{'s' if count != 1 else ''}", style="dim")
            if title:
                prompt.append("\n  " + visible(title, one_line=True))
            options.append(Option(prompt, id=article))
        with Vertical(id="article-box"):
            yield Static(Text("Show the items of one article", style="bold"))
            yield OptionList(*options, id="article-list")

    def on_mount(self) -> None:
        """Highlight the article shown now."""
        option_list = self.query_one(OptionList)
        if self.current is not None:
            ids = [ALL_ARTICLES] + [a for a, _, _ in self.articles]
            if self.current in ids:
                option_list.highlighted = ids.index(self.current)
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen article ("" for every article)."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
