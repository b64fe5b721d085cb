"""CSL-JSON export and import (pure).

``to_csl_json`` writes a JSON array of CSL items (UTF-8 characters kept, indent 2, keys in a
stable order: ``id``, ``type``, ``citation-key`` and the other typed variables in model order,
then extra variables, then ``custom``). Its output is valid against the CSL-JSON schema and is
JSON any reader takes, whatever the references hold: a variable the schema does not know, or a
value without the shape the schema gives its variable (a list for a title, a name with unknown
parts, a date with four parts, an unknown ``type``), moves to ``custom.refman.set_aside`` under
its name (``type`` becomes ``document``); a value JSON cannot hold (NaN, an integer too long to
print, a lone surrogate, an object) is written as text or as a ``\\u`` escape.
``from_csl_json`` is its inverse; the round trip is lossless for any schema-valid item (see
:mod:`refman.model`), and it reads any JSON: what does not fit the model is set aside or skipped,
each time with a :class:`~refman.errors.Problem`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from refman.errors import InputError, Problem, kind_of
from refman.formats.jsontext import JsonPath, NotJson, load_json
from refman.model import LONE_SURROGATE, Provenance, Reference

__all__ = ["CSL_TYPES", "from_csl_json", "stream_csl_json", "to_csl_json"]

_BLANK = " \t\r\n"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The CSL-JSON schema (csl-data.json, CSL 1.0.2) as data: item types, and variables by the
# shape of their values.
CSL_TYPES = _words(
    """
    article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event
    figure graphic hearing interview legal_case legislation manuscript map motion_picture
    musical_score pamphlet paper-conference patent performance periodical
    personal_communication post post-weblog regulation report review review-book software
    song speech standard thesis treaty webpage
    """
)
_TEXT_VARIABLES = _words(
    """
    citation-key language journalAbbreviation shortTitle abstract annote archive
    archive_collection archive_location archive-place authority call-number citation-label
    collection-title container-title container-title-short dimensions division DOI event
    event-title event-place genre ISBN ISSN jurisdiction keyword medium note
    original-publisher original-publisher-place original-title part-title PMCID PMID
    publisher publisher-place references reviewed-genre reviewed-title scale section source
    status title title-short URL version volume-title volume-title-short year-suffix
    """
)
_TEXT_OR_NUMBER_VARIABLES = _words(
    """
    chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page page-first part printing
    supplement volume
    """
)
_NAME_VARIABLES = _words(
    """
    author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer guest host interviewer illustrator
    narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator
    """
)
_DATE_VARIABLES = _words("accessed available-date event-date issued original-date submitted")
_NAME_TEXT_PARTS = _words("family given dropping-particle non-dropping-particle suffix literal")
_NAME_FLAG_PARTS = _words("comma-suffix static-ordering parse-names")


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_text_or_number(value: Any) -> bool:
    return _is_text(value) or _is_number(value)


def _is_name(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    for key, part in value.items():
        if key in _NAME_TEXT_PARTS:
            if not _is_text(part):
                return False
        elif key not in _NAME_FLAG_PARTS or not (_is_text_or_number(part) or isinstance(part, bool)):
            return False
    return True


def _is_date(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    parts = value.get("date-parts", [[0]])
    if not (isinstance(parts, list) and 1 <= len(parts) <= 2):
        return False
    if not all(isinstance(p, list) and 1 <= len(p) <= 3 and all(map(_is_text_or_number, p)) for p in parts):
        return False
    checks = {"date-parts": None, "season": _is_text_or_number, "literal": _is_text, "raw": _is_text}
    circa_ok = _is_text_or_number(value.get("circa", "")) or isinstance(value.get("circa"), bool)
    return (
        circa_ok
        and all(k in checks or k == "circa" for k in value)
        and all(check(value[k]) for k, check in checks.items() if check is not None and k in value)
    )


def _fits(key: str, value: Any) -> bool:
    """Whether ``value`` has the shape the CSL schema gives variable ``key`` (False when the
    schema knows no such variable)."""
    if key in _TEXT_VARIABLES:
        return _is_text(value)
    if key in _TEXT_OR_NUMBER_VARIABLES:
        return _is_text_or_number(value)
    if key in _NAME_VARIABLES:
        return isinstance(value, list) and all(map(_is_name, value))
    if key in _DATE_VARIABLES:
        return _is_date(value)
    if key == "categories":
        return isinstance(value, list) and all(map(_is_text, value))
    return False


def _schema_valid(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with what the CSL schema does not allow moved to ``custom.refman.set_aside``."""
    out: dict[str, Any] = {"id": item["id"] if _is_text_or_number(item.get("id")) else str(item.get("id"))}
    aside: dict[str, Any] = {}
    if item.get("type") in CSL_TYPES:
        out["type"] = item["type"]
    else:
        out["type"] = "document"
        aside["type"] = item.get("type")
    for key, value in item.items():
        if key in ("id", "type", "custom"):
            continue
        if _fits(key, value):
            out[key] = value
        else:
            aside[key] = value
    custom = item.get("custom")
    custom = dict(custom) if isinstance(custom, dict) else {} if custom is None else {"value": custom}
    if aside:
        refman = custom.get("refman")
        refman = dict(refman) if isinstance(refman, dict) else {} if refman is None else {"value": refman}
        refman["set_aside"] = {**(refman.get("set_aside") or {}), **aside}
        # in Provenance's order, as reading it back and writing it again puts it
        known = {k: refman[k] for k in Provenance._FIELDS if k in refman}
        custom["refman"] = known | {k: v for k, v in refman.items() if k not in known}
    if custom:
        out["custom"] = custom
    return out


def _jsonable(value: Any) -> Any:
    """``value`` as JSON holds it: objects with text keys, lists; a number JSON cannot write (NaN,
    infinity, an integer over Python's printing limit) and any other object as text."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return value if value.bit_length() < 13_000 else f"{value:#x}"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def to_csl_json(refs: Sequence[Reference]) -> str:
    """The references as a CSL-JSON array (a string ending in a newline), valid against the CSL
    schema for any references (see the module docstring)."""
    items = [_schema_valid(_jsonable(ref.to_csl())) for ref in refs]
    text = json.dumps(items, ensure_ascii=False, indent=2, allow_nan=False)
    # A lone surrogate cannot be written as UTF-8: JSON's \\u escape keeps it.
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


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


def stream_csl_json(
    chunks: Iterable[str], source: str = "<string>"
) -> Iterator[tuple[Reference | None, list[Problem]]]:
    """The items of a CSL-JSON array read piece by piece from ``chunks`` (pieces of its text),
    each with the problems met reading it as :func:`from_csl_json` would (None: skipped), the
    first item before the rest is read. Raises :class:`~refman.errors.InputError` naming
    ``source`` when the text is not a JSON array."""
    decoder = json.JSONDecoder()
    pieces = iter(chunks)
    text, at, index, started = "", 0, 0, False
    lines = 0  # lines in the pieces of text already let go
    while True:
        while at < len(text) and (text[at] in _BLANK or (started and text[at] == ",")):
            at += 1
        if at >= len(text):
            more = next(pieces, None)
            if more is None:
                closed = lines + text.count("\n") + 1
                raise InputError(source, "not valid JSON: the array is not closed", closed)
            lines += text.count("\n", 0, at)
            text, at = text[at:] + more, 0
            continue
        if not started:
            if text[at] != "[":
                raise InputError(source, "CSL-JSON read piece by piece must be an array of items")
            started, at = True, at + 1
            continue
        if text[at] == "]":
            return
        try:
            item, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            more = next(pieces, None)
            if more is None:
                raise InputError(source, f"not valid JSON: {exc.msg}", lines + exc.lineno) from None
            lines += text.count("\n", 0, at)
            text, at = text[at:] + more, 0
            continue
        index += 1
        if not isinstance(item, dict):
            why = f"expected an object, got {kind_of(item)}; skipped"
            yield None, [Problem(source, why, item=index)]
            continue
        ref, unfit = Reference.from_csl_checked(item)
        ident = item.get("id")
        ident = ident if isinstance(ident, str) else None
        problems = [Problem(source, why, item=index, id=ident, field=f) for f, why in unfit.items()]
        if not ref.id:
            ref = ref.replace(id=f"item-{index}")
            problems.append(Problem(source, f"no id; called {ref.id!r}", item=index, field="id"))
        yield ref, problems
