"""CSL-JSON export and import (pure).

``to_csl_json`` writes a JSON array of CSL items (UTF-8 characters kept, indent 2, keys in a
stable order: ``id``, ``type``, ``citation-key`` and the other typed variables in model order,
then extra variables, then ``custom``). ``from_csl_json`` is its inverse; the round trip is
lossless for any schema-valid item (see :mod:`refman.model`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from refman.model import Reference

__all__ = ["from_csl_json", "to_csl_json"]


def to_csl_json(refs: Sequence[Reference]) -> str:
    """The references as a CSL-JSON array (a string ending in a newline)."""
    items = [ref.to_csl() for ref in refs]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _check_item(index: int, item: Any) -> None:
    if not isinstance(item, dict):
        raise ValueError(f"CSL-JSON item {index}: expected an object, got {type(item).__name__}")
    if "id" not in item:
        raise ValueError(f"CSL-JSON item {index}: missing 'id'")
    if not isinstance(item["id"], (str, int, float)) or isinstance(item["id"], bool):
        raise ValueError(f"CSL-JSON item {index}: 'id' must be a string or a number")
    if "type" in item and not isinstance(item["type"], str):
        raise ValueError(f"CSL-JSON item {index}: 'type' must be a string")
    for key in ("author", "editor", "translator"):
        names = item.get(key)
        if names is None:
            continue
        if not isinstance(names, list) or not all(isinstance(n, dict) for n in names):
            raise ValueError(f"CSL-JSON item {index}: {key!r} must be a list of name objects")
    for key in ("issued", "accessed"):
        date = item.get(key)
        if date is None:
            continue
        if not isinstance(date, dict):
            raise ValueError(f"CSL-JSON item {index}: {key!r} must be a date object")
        parts = date.get("date-parts", [])
        if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts):
            raise ValueError(f"CSL-JSON item {index}: {key!r} date-parts must be a list of lists")
    custom = item.get("custom")
    if custom is not None:
        if not isinstance(custom, dict):
            raise ValueError(f"CSL-JSON item {index}: 'custom' must be an object")
        if "refman" in custom and not isinstance(custom["refman"], dict):
            raise ValueError(f"CSL-JSON item {index}: 'custom.refman' must be an object")


def from_csl_json(text: str) -> list[Reference]:
    """Parse a CSL-JSON array (or a single item object) into references.

    Raises ValueError with the item index when the text is not JSON or an item is malformed.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValueError(f"CSL-JSON must be an array of items, got {type(data).__name__}")
    refs: list[Reference] = []
    for index, item in enumerate(data):
        _check_item(index, item)
        try:
            refs.append(Reference.from_csl(item))
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"CSL-JSON item {index}: {exc}") from None
    return refs
