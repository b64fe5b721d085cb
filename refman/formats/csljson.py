"""CSL-JSON export and import (pure).

``to_csl_json`` writes a JSON array of CSL items (UTF-8 characters kept, indent 2, keys in a
stable order: ``id``, ``type``, ``citation-key`` and the other typed variables in model order,
then extra variables, then ``custom``). ``from_csl_json`` is its inverse; the round trip is
lossless for any schema-valid item (see :mod:`refman.model`), and it reads any JSON: what does
not fit is set aside or skipped, each time with a :class:`~refman.errors.Problem`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from refman.errors import InputError, Problem, kind_of
from refman.formats.jsontext import JsonPath, NotJson, load_json
from refman.model import Reference

__all__ = ["from_csl_json", "to_csl_json"]


def to_csl_json(refs: Sequence[Reference]) -> str:
    """The references as a CSL-JSON array (a string ending in a newline)."""
    items = [ref.to_csl() for ref in refs]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _problem(source: str, data: Any, path: JsonPath, message: str) -> Problem:
    """A problem at ``path`` of a CSL-JSON document: its item, the item's id, its field."""
    index = path[0] if path and isinstance(path[0], int) else None
    item = data[index] if isinstance(data, list) and index is not None and index < len(data) else None
    field = next((str(p) for p in path[1:2]), None)
    ident = item.get("id") if isinstance(item, dict) else None
    return Problem(
        source,
        message,
        item=None if index is None else index + 1,
        id=ident if isinstance(ident, str) else None,
        field=field,
    )


def from_csl_json(text: str, source: str = "<string>") -> tuple[list[Reference], list[Problem]]:
    """The references in a CSL-JSON array (or a single item object), and the problems met.

    Each item is kept (values without their CSL shape set aside, see
    :meth:`Reference.from_csl_checked`; an item without an id is called ``item-N``) or, when it
    is no object, skipped; every such change is a :class:`~refman.errors.Problem` naming
    ``source``, the item and the field. Raises :class:`~refman.errors.InputError` naming
    ``source`` when the text is not JSON, or neither an array nor an object.
    """
    try:
        data, notes = load_json(text, depth=1 if text.lstrip().startswith("{") else 0)
    except NotJson as exc:
        raise InputError(source, str(exc), exc.line) from None
    if isinstance(data, dict):
        data, notes = [data], [((0, *path), message) for path, message in notes]
    if not isinstance(data, list):
        raise InputError(source, f"CSL-JSON must be an array of items, got {kind_of(data)}")
    problems = [_problem(source, data, path, message) for path, message in notes]
    left_out = {path[0] for path, message in notes if len(path) == 1 and message.endswith("left out")}
    refs: list[Reference] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            if index not in left_out:
                why = f"expected an object, got {kind_of(item)}; skipped"
                problems.append(_problem(source, data, (index,), why))
            continue
        ref, unfit = Reference.from_csl_checked(item)
        problems.extend(_problem(source, data, (index, field), why) for field, why in unfit.items())
        if not ref.id:
            ref = ref.replace(id=f"item-{index + 1}")
            problems.append(_problem(source, data, (index, "id"), f"no id; called {ref.id!r}"))
        refs.append(ref)
    return refs, sorted(problems, key=lambda p: p.item or 0)
