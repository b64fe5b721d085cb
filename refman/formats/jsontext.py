"""JSON written by strangers, read so that nothing in it can crash what reads it next (pure).

:func:`load_json` is :func:`json.loads` with four dangers taken out, each change reported with the
path of the value it touched (``(3, "title")``: the title of the fourth item):

* nesting: a value nested deeper than :data:`MAX_DEPTH` levels is left out (``None`` in its
  place); a document too deep for Python's parser keeps its top-level items that are not;
* numbers Python cannot print (over 4,300 digits) are kept as their digits, a string, and so
  are ``NaN``, ``Infinity`` and floats beyond them (JSON has no such numbers);
* lone surrogates (``"\\ud800"``), which no UTF-8 file can hold, become U+FFFD;
* text that is not JSON at all is :class:`NotJson`, with its line and column.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from refman.model import LONE_SURROGATE, SURROGATE_REPLACED, without_surrogates

__all__ = ["MAX_DEPTH", "JsonPath", "NotJson", "load_json"]

#: How deep a value may nest; CSL-JSON needs 5 levels, refman's own records under custom a few more.
MAX_DEPTH = 64
#: A value's place in a document: keys and list indexes from the top.
JsonPath = tuple[str | int, ...]

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]', re.DOTALL)
_PRINTABLE_DIGITS = 4000


class NotJson(ValueError):
    """Text that is not JSON (or a document too deep to cut apart); ``line`` where, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _NumberText(str):
    """A number as written, kept as text: too long for Python to print, or not a JSON number."""


def _int(text: str) -> int | str:
    return int(text) if len(text) <= _PRINTABLE_DIGITS else _NumberText(text)


def _float(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else _NumberText(text)


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_NumberText)


def load_json(text: str, depth: int = 0) -> tuple[Any, list[tuple[JsonPath, str]]]:
    """The JSON value in ``text`` and what was changed to make it safe (see the module), as
    ``(path, message)`` pairs; ``depth`` is how deep the value will stand (1 for an item read
    alone that goes into a list). Raises :class:`NotJson` saying where when ``text`` is not JSON."""
    notes: list[tuple[JsonPath, str]] = []
    try:
        data = _loads(text)
    except RecursionError:
        data, notes = _load_shallow(text)
    except json.JSONDecodeError as exc:
        raise NotJson(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    repair_strings = bool(_SURROGATE_ESCAPE.search(text) or LONE_SURROGATE.search(text))
    data, found = _repaired(data, repair_strings, MAX_DEPTH - depth)
    return data, notes + found


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _load_shallow(text: str) -> tuple[Any, list[tuple[JsonPath, str]]]:
    """A document too deep for Python's parser: its top-level items, the too-deep ones as None.

    Only a top-level array can be cut apart; anything else too deep is :class:`NotJson`."""
    depth = 0
    items: list[tuple[int, int, int | None]] = []  # start, end, line where it got too deep
    start, too_deep = 0, None
    for token in _TOKEN.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth == 1:
                if char != "[":
                    raise NotJson(f"nested deeper than {MAX_DEPTH} levels", _line(text, token.start()))
                start = token.end()
            elif depth > MAX_DEPTH + 1 and too_deep is None:
                too_deep = _line(text, token.start())
        elif char in "]}":
            depth -= 1
            if depth == 0:
                items.append((start, token.start(), too_deep))
                break
        elif char == "," and depth == 1:
            items.append((start, token.start(), too_deep))
            start, too_deep = token.end(), None
    else:
        raise NotJson("not valid JSON: unbalanced brackets")
    data: list[Any] = []
    notes: list[tuple[JsonPath, str]] = []
    for index, (begin, end, line) in enumerate(items):
        if line is None:
            try:
                data.append(_loads(text[begin:end]))
            except json.JSONDecodeError as exc:
                raise NotJson(f"not valid JSON: {exc.msg} (item {index + 1})", _line(text, begin)) from None
            continue
        data.append(None)
        notes.append(((index,), f"nested deeper than {MAX_DEPTH} levels (line {line}); left out"))
    return data, notes


def _short(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:8]}...({len(text)} digits)"


def _repaired(data: Any, strings: bool, max_depth: int) -> tuple[Any, list[tuple[JsonPath, str]]]:
    """``data`` with values nested deeper than ``max_depth`` replaced by None and, when
    ``strings``, lone surrogates by U+FFFD (in keys too); what was changed, by path."""
    notes: list[tuple[JsonPath, str]] = []
    root = [data]
    stack: list[tuple[Any, JsonPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        entries = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, value in entries:
            here = (*path, key) if node is not root else path
            if strings and isinstance(key, str) and LONE_SURROGATE.search(key):
                del node[key]
                key = without_surrogates(key)
                node[key] = value
                here = (*path, key)
                notes.append((here, f"{SURROGATE_REPLACED} (in a key)"))
            if isinstance(value, (dict, list)):
                if len(here) >= max_depth:
                    node[key] = None
                    notes.append((here, f"nested deeper than {MAX_DEPTH} levels; left out"))
                else:
                    stack.append((value, here))
            elif type(value) is _NumberText:
                node[key] = str(value)
                notes.append(
                    (here, f"the number {_short(value)} is kept as text (too long, or no JSON number)")
                )
            elif strings and isinstance(value, str) and LONE_SURROGATE.search(value):
                node[key] = without_surrogates(value)
                notes.append((here, SURROGATE_REPLACED))
    return root[0], notes
