"""CSL-JSON export and import (pure).

``to_csl_json`` writes a JSON array of CSL items (UTF-8 characters kept, indent 2, keys in a
stable order: ``id``, ``type``, ``citation-key`` and the other typed variables in model order,
then extra variables, then ``custom``). The ``id`` is the citation key,
as pandoc and citeproc cite it (refman's id where there is no key), and refman's own id
travels in ``custom.refman.id``.
Its output is valid against the CSL-JSON schema and is JSON any reader takes, whatever the
references hold: a type of Crossref, BibTeX or an older CSL becomes its CSL type
(:data:`~refman.formats.csl_schema.TYPE_ALIASES`); a list of texts where the schema wants one
text is joined (two ISSNs: ``"1234-5678, 8765-4321"``), a number there written as its digits;
the parts of names and dates the schema has no place for (Crossref's ``affiliation``), a
variable the schema does not know, or a value that cannot be made into the shape the schema
gives its variable (a title that is an object, a date with four parts, an unknown ``type``),
move to ``custom.refman.set_aside`` under its name (``type`` becomes ``document``); a value JSON
cannot hold (NaN, an integer too long to print, a lone surrogate, an object) is written as text
or as a ``\\u`` escape. ``to_zotero_json`` is the same for Zotero's importer (see there).
``from_csl_json`` is its inverse (refman's id read back from ``custom.refman.id``; the text of
an item whose ``source`` is Crossref or DataCite read as the markup it is, made CSL rich text:
HTML entities decoded, JATS tags made CSL's or dropped); the round
trip is lossless for any schema-valid item (see :mod:`refman.model`), and it reads any JSON:
values are coerced the same way, and what does not fit the model is set aside or skipped, each
time with a :class:`~refman.errors.Problem`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from refman.errors import InputError, Problem, kind_of
from refman.formats.csl_schema import (
    CSL_TYPES,
    DATE_VARIABLES,
    NAME_FLAG_PARTS,
    NAME_TEXT_PARTS,
    NAME_VARIABLES,
    TEXT_OR_NUMBER_VARIABLES,
    TEXT_VARIABLES,
    VERBATIM_VARIABLES,
    clean_rich_text,
    csl_type,
)
from refman.formats.jsontext import JsonPath, NotJson, load_json
from refman.model import LONE_SURROGATE, Provenance, Reference

__all__ = [
    "csl_ids",
    "from_csl_json",
    "reference_from_csl",
    "stream_csl_json",
    "to_csl_json",
    "to_zotero_json",
]

_BLANK = " \t\r\n"


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
        if key in NAME_TEXT_PARTS:
            if not _is_text(part):
                return False
        elif key not in NAME_FLAG_PARTS or not (_is_text_or_number(part) or isinstance(part, bool)):
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
    if key in TEXT_VARIABLES:
        return _is_text(value)
    if key in TEXT_OR_NUMBER_VARIABLES:
        return _is_text_or_number(value)
    if key in NAME_VARIABLES:
        return isinstance(value, list) and all(map(_is_name, value))
    if key in DATE_VARIABLES:
        return _is_date(value)
    if key == "categories":
        return isinstance(value, list) and all(map(_is_text, value))
    return False


#: How a list of texts joins into the one text the schema wants (two ISSNs, two titles).
_LIST_JOINERS = {"ISSN": ", ", "ISBN": ", "}
_DATE_KEYS = frozenset({"date-parts", "season", "circa", "literal", "raw"})


def _joined(key: str, value: Any) -> str | None:
    """A list of texts or numbers (Crossref's ``"ISSN": ["1234-5678", "8765-4321"]``) as one
    text; None for anything else."""
    if isinstance(value, list) and value and all(map(_is_text_or_number, value)):
        return _LIST_JOINERS.get(key, "; ").join(str(v) for v in value)
    return None


#: How deep the parts taken off a name or date may nest: set aside, they sit four levels deeper
#: (custom.refman.set_aside.<variable>), and JSON readers refuse 64 levels.
_TAKEN_DEPTH = 40


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and objects more than ``limit`` levels deep."""
    level = [value]
    for _ in range(limit + 1):
        level = [
            c
            for v in level
            if isinstance(v, (list, dict))
            for c in (v.values() if isinstance(v, dict) else v)
        ]
        if not level:
            return False
    return True


def _split(value: dict[str, Any], keep: frozenset[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {k: v for k, v in value.items() if k in keep}, {k: v for k, v in value.items() if k not in keep}


def _coerced(key: str, value: Any) -> tuple[Any, Any] | None:
    """``value`` made into the kind the CSL schema gives variable ``key``, and what had to be
    taken off it (the parts of names and dates the schema has no place for: Crossref's
    ``affiliation``, ``sequence``, ``date-time``), or None; None when it cannot be made so.
    A list of texts joins into one text, a number becomes its digits where the schema wants text."""
    if key in TEXT_VARIABLES or key in TEXT_OR_NUMBER_VARIABLES:
        if _is_number(value) and key in TEXT_VARIABLES:
            return str(value), None
        joined = _joined(key, value)
        return None if joined is None else (joined, None)
    if key in NAME_VARIABLES and isinstance(value, list) and all(isinstance(n, dict) for n in value):
        pairs = [_split(n, NAME_TEXT_PARTS | NAME_FLAG_PARTS) for n in value]
        names = [kept for kept, _ in pairs]
        if not all(map(_is_name, names)):
            return None
        taken = [rest for _, rest in pairs]
        if _deeper_than(taken, _TAKEN_DEPTH):
            return None
        return names, (taken if any(taken) else None)
    if key in DATE_VARIABLES and isinstance(value, dict):
        date, rest = _split(value, _DATE_KEYS)
        return (date, rest or None) if _is_date(date) and not _deeper_than(rest, _TAKEN_DEPTH) else None
    if key == "categories" and isinstance(value, str):
        return [value], None
    return None


def _schema_kinds(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``item`` with its type named as CSL names it (:func:`~refman.formats.csl_schema.csl_type`)
    and each value the schema refuses but :func:`_coerced` can make fit made so; and the parts
    taken off names and dates, by variable."""
    out = dict(item)
    mapped = csl_type(item.get("type"))
    if mapped is not None:
        out["type"] = mapped
    taken: dict[str, Any] = {}
    for key, value in item.items():
        if key in ("id", "type", "custom") or _fits(key, value):
            continue
        coerced = _coerced(key, value)
        if coerced is not None:
            out[key] = coerced[0]
            if coerced[1] is not None:
                taken[key] = coerced[1]
    return out, taken


def _with_set_aside(custom: Any, aside: dict[str, Any]) -> dict[str, Any]:
    """``custom`` (any value) as an object, with ``aside`` added to ``refman.set_aside``."""
    out: dict[str, Any] = (
        dict(custom) if isinstance(custom, dict) else {} if custom is None else {"value": custom}
    )
    if aside:
        refman = out.get("refman")
        refman = dict(refman) if isinstance(refman, dict) else {} if refman is None else {"value": refman}
        refman["set_aside"] = {**(refman.get("set_aside") or {}), **aside}
        # in Provenance's order, as reading it back and writing it again puts it
        known = {k: refman[k] for k in Provenance._FIELDS if k in refman}
        out["refman"] = known | {k: v for k, v in refman.items() if k not in known}
    return out


def _schema_valid(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` valid against the CSL schema: values coerced (:func:`_schema_kinds`), what still
    does not fit, and the parts coercion took off, moved to ``custom.refman.set_aside``."""
    item, aside = _schema_kinds(item)
    out: dict[str, Any] = {"id": item["id"] if _is_text_or_number(item.get("id")) else str(item.get("id"))}
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
    custom = _with_set_aside(item.get("custom"), aside)
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


#: Where refman's own id travels when the CSL ``id`` is the citation key.
_REFMAN_ID = "id"


def _csl_items(refs: Sequence[Reference]) -> list[dict[str, Any]]:
    """Schema-valid CSL items whose ``id`` is the citation key (refman's id where a reference
    has none, or where another item took the key), refman's id in ``custom.refman.id``."""
    items: list[dict[str, Any]] = []
    for ref, ident in zip(refs, csl_ids(refs), strict=True):
        if ident != ref.id:
            ref = ref.with_refman(_REFMAN_ID, ref.id).replace(id=ident)
        items.append(_schema_valid(_jsonable(ref.to_csl())))
    return items


_RICH_TEXT = (TEXT_VARIABLES | TEXT_OR_NUMBER_VARIABLES) - VERBATIM_VARIABLES


#: The ``source`` of items whose text is markup: Crossref sends titles as JATS XML text.
_MARKUP_SOURCES = frozenset({"Crossref", "DataCite"})


def _rich_text(item: dict[str, Any]) -> dict[str, Any]:
    """An item of Crossref's with its text and the parts of its names read as the markup they are,
    made CSL rich text (:func:`~refman.formats.csl_schema.clean_rich_text`: HTML entities
    decoded, JATS tags made CSL's), which CSL processors print as meant, as they print the .bib."""
    out = dict(item)
    for key, value in item.items():
        if key in _RICH_TEXT and isinstance(value, str):
            out[key] = clean_rich_text(value)
        elif key in NAME_VARIABLES and isinstance(value, list):
            out[key] = [_rich_name(name) if isinstance(name, dict) else name for name in value]
    return out


def _rich_name(name: dict[str, Any]) -> dict[str, Any]:
    return {
        k: clean_rich_text(v) if k in NAME_TEXT_PARTS and isinstance(v, str) else v for k, v in name.items()
    }


def csl_ids(refs: Sequence[Reference]) -> list[str]:
    """The CSL ``id`` of each reference, the key pandoc and LaTeX cite it by: its citation key,
    or refman's id where it has none or an earlier reference took it."""
    taken: set[str] = set()
    out: list[str] = []
    for ref in refs:
        key = ref.citation_key
        ident = key if isinstance(key, str) and key and key not in taken else ref.id
        taken.add(str(ident))
        out.append(ident)
    return out


def _dumps(items: list[dict[str, Any]]) -> str:
    text = json.dumps(items, ensure_ascii=False, indent=2, allow_nan=False)
    # A lone surrogate cannot be written as UTF-8: JSON's \\u escape keeps it.
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def to_csl_json(refs: Sequence[Reference]) -> str:
    """The references as a CSL-JSON array (a string ending in a newline), valid against the CSL
    schema for any references (see the module docstring)."""
    return _dumps(_csl_items(refs))


def _refman(item: dict[str, Any]) -> dict[str, Any]:
    custom = item.get("custom")
    refman = custom.get("refman") if isinstance(custom, dict) else None
    return refman if isinstance(refman, dict) else {}


def _zotero_lines(item: dict[str, Any]) -> dict[str, Any]:
    """Zotero's "Key: value" lines for ``note`` (read into Extra): label -> value."""
    return {
        "Citation Key": item.get("citation-key"),
        "Original Title": item.get("original-title"),
        "refman ID": _refman(item).get(_REFMAN_ID) or item.get("id"),
        "refman raw": _refman(item).get("raw"),
    }


def _zotero_item(item: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid item as Zotero's CSL JSON importer keeps most of it: what Zotero has no
    field for in ``note`` as ``Key: value`` lines, the abbreviation where Zotero reads it."""
    lines = [item["note"]] if isinstance(item.get("note"), str) else []
    for label, value in _zotero_lines(item).items():
        if isinstance(value, str) and value:
            lines.append(f"{label}: {' '.join(value.split())}")
    out = dict(item)
    if lines:
        out["note"] = "\n".join(lines)
    if "container-title-short" in out and "journalAbbreviation" not in out:
        out["journalAbbreviation"] = out["container-title-short"]
    return out


def to_zotero_json(refs: Sequence[Reference]) -> str:
    """The references as CSL-JSON for Zotero's importer: :func:`to_csl_json` with the citation
    key, the original title, refman's id and the raw reference string also written as
    ``Key: value`` lines in ``note`` (Zotero keeps ``note`` in Extra and drops ``custom``).
    Not for CSL processors: styles such as GOST print ``note``."""
    return _dumps([_zotero_item(item) for item in _csl_items(refs)])


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


def _reference_checked(item: dict[str, Any]) -> tuple[Reference, dict[str, str]]:
    """:meth:`Reference.from_csl_checked` of ``item`` with its values first made into the kinds
    the schema gives them (:func:`_schema_kinds`; parts taken off set aside), and refman's id
    read back from ``custom.refman.id``."""
    item, taken = _schema_kinds(item)
    if taken:
        item["custom"] = _with_set_aside(item.get("custom"), taken)
    if isinstance(item.get("source"), str) and item["source"] in _MARKUP_SOURCES:
        item = _rich_text(item)
    ref, unfit = Reference.from_csl_checked(item)
    ident = ref.refman.extra.get(_REFMAN_ID)
    if isinstance(ident, str) and ident:
        ref = ref.with_refman(_REFMAN_ID, None).replace(id=ident)
    return ref, unfit


def reference_from_csl(item: dict[str, Any]) -> Reference:
    """The reference a CSL item written by :func:`to_csl_json` (or anyone) holds, refman's id
    read back from ``custom.refman.id`` (see :func:`from_csl_json`)."""
    return _reference_checked(item)[0]


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
        ref, unfit = _reference_checked(item)
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
        ref, unfit = _reference_checked(item)
        ident = item.get("id")
        ident = ident if isinstance(ident, str) else None
        problems = [Problem(source, why, item=index, id=ident, field=f) for f, why in unfit.items()]
        if not ref.id:
            ref = ref.replace(id=f"item-{index}")
            problems.append(Problem(source, f"no id; called {ref.id!r}", item=index, field="id"))
        yield ref, problems
