"""Text from data, shown in a terminal: the one door every such string goes through.

Titles, names, raw strings, file names, URLs and messages that quote them come from strangers.
Printed as Rich markup, ``[link=file:///etc/passwd]x[/link]`` becomes a live hyperlink and a
lone ``[/]`` ends the command; passed through raw, ``ESC[2J`` clears the screen and an OSC 8
sequence hides a link. :func:`literal` makes a :class:`rich.text.Text` that is never parsed as
markup and in which every character a terminal would act on is shown instead:

- C0 controls (but newline and tab) and DEL as their Unicode control pictures (``␛``, ``␍``,
  ``␡``), so an escape sequence shows as ``␛[2J``;
- C1 controls, bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and lone
  surrogates (which no terminal encoding can carry) as Python escapes (``\\x9b``, ``\\u202e``).

The CLI (:mod:`refman.cli`) and the TUI (:mod:`refman.tui`) both use it.
"""

from __future__ import annotations

import re
from functools import cache

from rich.console import JustifyMethod, OverflowMethod, RenderableType
from rich.style import StyleType
from rich.table import Table
from rich.text import Text

__all__ = ["add_row", "labelled", "literal", "visible"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@cache
def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures block: U+241B is ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _one_line(char: str) -> str:
    return " " if char in "\n\t" else _shown(char)


def visible(value: object, *, one_line: bool = False) -> str:
    """``str(value)`` with every control character shown (see the module); ``one_line`` also
    turns newlines and tabs into spaces, for cells one line high."""
    text = str(value)
    if one_line:
        return _ONE_LINE.sub(lambda m: _one_line(m.group()), text)
    return _CONTROL.sub(lambda m: _shown(m.group()), text)


def literal(
    value: object,
    style: StyleType = "",
    *,
    one_line: bool = False,
    justify: JustifyMethod | None = None,
    overflow: OverflowMethod | None = None,
    end: str = "\n",
) -> Text:
    """``value`` as text a terminal shows as written: no markup, control characters visible."""
    return Text(visible(value, one_line=one_line), style=style, justify=justify, overflow=overflow, end=end)


def add_row(table: Table, *cells: RenderableType | None) -> None:
    """Add a row to ``table`` where every string cell is :func:`literal` (never markup)."""
    table.add_row(*(literal(c) if isinstance(c, str) else c for c in cells))


def labelled(label: str, message: object, style: StyleType = "yellow") -> Text:
    """``label`` in ``style``, a space, then ``message`` (from data) :func:`literal`."""
    return Text.assemble((label, style), " ", literal(message, end=""))
