"""Modal screens of ``refman browse``: help, and the article picker."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from refman.cli.text import literal, visible
from refman.tui.curate import Candidate

__all__ = [
    "ALL_ARTICLES",
    "KEYS",
    "PROBLEM_KEYS",
    "REVIEW_KEYS",
    "ArticleScreen",
    "CandidateScreen",
    "ChoiceScreen",
    "HelpScreen",
    "InputScreen",
    "help_table",
]

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
    ("F", "filter by type, status, years: type=book status=unmatched year=2000-2010"),
    ("d", "show only items with problems (again: show all)"),
    ("D", "parse problems: each item as written beside as parsed; e there edits a field"),
    ("s / S", "sort by the next column / reverse the order"),
    ("escape", "leave the search or the detail; in the table: clear every filter"),
    ("e", "edit a field of the item (the machine's value is kept beside yours)"),
    ("a", "the item's DOIs and Crossref candidates: accept or reject one"),
    ("p", "pin the item's citation key to one you type"),
    ("P", "give the item a fresh key from its fields"),
    ("+", "add an item: a DOI, a URL or a reference string"),
    ("x", "remove the item from the library"),
    ("u", "undo the latest decision"),
    ("b", "run `refman build` now, in the background: decisions reach the outputs"),
    ("c", "copy the citation key"),
    ("C", "copy the item as a formatted reference (APA, or the style of `refman browse --style`)"),
    ("o", "show and copy the item's URL or DOI link"),
    ("O", "open the URL or DOI in a web browser"),
    ("y", "copy the raw reference string"),
    ("L", "check the item's links again, in the background (the next build shows the result too)"),
    ("R", "resolve the item against Crossref again, in the background; then a offers what it found"),
    ("E", "export the items shown (filtered and sorted) to a .bib or .json file"),
    ("r", "review uncertain duplicate pairs and split merged items (browsing a build directory)"),
    ("t", "light or dark theme"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
    ("", "every decision is stored at once in DIR/library.sqlite with who and when"),
)

#: (keys, what they do) on the review screen (``r``).
REVIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("j k ↑ ↓", "move in the list: uncertain pairs, then merged pairs; the two are compared below"),
    ("s", "the same work: merge them at the next build (then the next pair)"),
    ("d", "different works: never merge them (then the next pair)"),
    ("f", "forget the ruling on this pair"),
    ("x", "split: take the right-hand reference out of the item it was merged into (never merged again)"),
    ("u", "undo the latest decision when it is a ruling or a split"),
    ("escape", "back to the table"),
    ("", "each ruling is saved at once in DIR/library.sqlite; `refman build DIR` applies them"),
)

#: (keys, what they do) on the parse-problems screen (``D``).
PROBLEM_KEYS: tuple[tuple[str, str], ...] = (
    ("j k ↑ ↓", "move in the list of items whose parse has problems"),
    ("e", "edit a field of the item (stored in the library, as from the table)"),
    ("escape", "back to the table"),
    ("", "each item as written (with its problems) on the left, as parsed on the right"),
)

#: (status badge, meaning).
BADGES: tuple[tuple[str, str], ...] = (
    ("resolved", "Crossref found the work"),
    ("candidates", "Crossref found several possible works: a person picks (a)"),
    ("unmatched", "Crossref found no work"),
    ("duplicate", "the item stands for several references (merged)"),
    ("broken link", "a link of the item is not OK"),
    ("edited", "a person edited it, accepted or rejected a DOI, or pinned its key"),
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
    table.add_row(Text("Parse problems (D)", style="bold underline"), "")
    for keys, what in PROBLEM_KEYS:
        table.add_row(keys, what)
    table.add_row("", "")
    table.add_row(Text("Flags", style="bold underline"), "")
    for flag, what in FLAGS:
        table.add_row(flag, what)
    table.add_row("", "")
    table.add_row(Text("Status", style="bold underline"), "")
    for badge, what in BADGES:
        table.add_row(badge, what)
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


class InputScreen(ModalScreen[str | None]):
    """Ask for one line of text: enter returns it, escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="input-box"):
            yield Static(literal(self.title_text, "bold"))
            if self.hint:
                yield Static(literal(self.hint, "dim"), id="input-hint")
            yield Input(value=self.value, id="input-value")

    def on_mount(self) -> None:
        """Type at once."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the text typed."""
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Escape: nothing."""
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of several (id, text) choices; escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Text]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="article-box"):
            yield Static(literal(self.title_text, "bold"))
            yield OptionList(*(Option(text, id=key) for key, text in self.choices), id="choice-list")

    def on_mount(self) -> None:
        """Choose with the keys at once."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: the choice."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Escape: nothing."""
        self.dismiss(None)


class CandidateScreen(ModalScreen[tuple[str, str] | None]):
    """The item's DOIs and Crossref's candidates: ``a`` (or enter) accepts the highlighted one,
    ``x`` rejects it; escape cancels. Returns (``"accept"`` or ``"reject"``, DOI)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("a", "decide('accept')", "Accept"),
        Binding("x", "decide('reject')", "Reject"),
    ]

    def __init__(self, title: str, candidates: list[Candidate]) -> None:
        super().__init__()
        self.title_text = title
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        options = []
        for c in self.candidates:
            text = Text()
            text.append(visible(c.DOI, one_line=True), style="bold")
            text.append(visible(f"  {c.source}", one_line=True), style="cyan")
            if c.score is not None:
                text.append(f"  score {c.score:.2f}")
            if c.decided:
                text.append(f"  {c.decided} by a person", style="green" if c.decided == "accepted" else "red")
            if c.evidence:
                text.append("\n  " + visible(c.evidence, one_line=True), style="dim")
            options.append(Option(text, id=c.DOI))
        with Vertical(id="article-box"):
            yield Static(literal(self.title_text, "bold"))
            yield Static(
                Text("a or enter: accept   x: reject (never proposed again)   escape: back", style="dim")
            )
            yield OptionList(*options, id="candidate-list")

    def on_mount(self) -> None:
        """Choose with the keys at once."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: accept."""
        if event.option.id is not None:
            self.dismiss(("accept", event.option.id))

    def action_decide(self, what: str) -> None:
        """Accept or reject the highlighted DOI."""
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return
        doi = option_list.get_option_at_index(option_list.highlighted).id
        if doi is not None:
            self.dismiss((what, doi))

    def action_cancel(self) -> None:
        """Escape: nothing."""
        self.dismiss(None)
