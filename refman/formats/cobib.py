"""coBib's YAML databases as refman references (pure; needs coBib: ``pip install "refman[cobib]"``).

A database (``config.database.file``) is a series of YAML documents, each mapping a label to an
entry (``ENTRYTYPE``, fields holding text, numbers or lists of them, authors as mappings of
``first``, ``last``, ``particle``, ``suffix``). :func:`from_cobib_yaml` reads it with a safe YAML
loader, checks each entry's shape before coBib sees it, and has coBib's BibTeX dumper write each
entry out for :func:`~refman.formats.bibtex_reader.from_bibtex`. coBib stores non-ASCII text
LaTeX-encoded (``{\\cyrb}``, ``{\\"o}``, ...; see ``config.database.format``); refman's LaTeX
decoder reads those commands (T2A Cyrillic included) like any other LaTeX.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from cobib.database import Author, Entry
from cobib.parsers import BibtexParser
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from refman.errors import InputError, Problem, kind_of
from refman.formats.bibtex_reader import from_bibtex
from refman.model import (
    LONE_SURROGATE,
    MAX_NAMES,
    SET_ASIDE,
    SURROGATE_REPLACED,
    Reference,
    too_long,
    without_surrogates,
)

__all__ = ["from_cobib_entries", "from_cobib_yaml"]

_AUTHOR_KEYS = frozenset(Author._fields)
#: What coBib raises on an entry of a shape it did not write itself (``author: 0``,
#: ``month: []``): that entry alone is skipped.
_COBIB_FAILURES = (AttributeError, IndexError, KeyError, TypeError, ValueError)


def from_cobib_entries(
    entries: Iterable[Entry], source: str = "<coBib>"
) -> tuple[list[Reference], list[Problem]]:
    """coBib entries as refman references, through coBib's BibTeX dumper and ``from_bibtex``.

    coBib-only fields (``tags``, ``file``, ``notes``) land in ``custom.refman.bibtex``, as any
    unknown BibTeX field does. Returns the references and the problems met, naming ``source``,
    the entry's position and its label; an entry coBib cannot write out is skipped.
    """
    dumper = BibtexParser(encode_latex=False)
    refs: list[Reference] = []
    problems: list[Problem] = []
    for item, entry in enumerate(entries, 1):
        try:
            found, met = from_bibtex(dumper.dump(entry), source)
        except (InputError, *_COBIB_FAILURES) as exc:
            why = exc.message if isinstance(exc, InputError) else f"{type(exc).__name__}: {exc}"
            why = f"coBib could not write the entry out ({why}); skipped"
            problems.append(Problem(source, why, item=item, id=entry.label))
            continue
        refs.extend(found)
        problems.extend(replace(p, line=None, item=item, id=entry.label) for p in met)
    return refs, problems


def from_cobib_yaml(text: str, source: str = "<string>") -> tuple[list[Reference], list[Problem]]:
    """The references of a coBib YAML database, given its text, and the problems met.

    A document or entry of the wrong shape is skipped, a field of the wrong shape left out or set
    aside (``custom.refman.set_aside``), a label used twice renamed ``label-2``; each time with a
    :class:`~refman.errors.Problem` whose ``item`` is the YAML document's number. Raises
    :class:`~refman.errors.InputError` naming ``source`` when the text is not YAML, or holds no
    entry at all.
    """
    problems: list[Problem] = []
    entries: list[Entry] = []
    set_aside: list[dict[str, Any]] = []
    labels: set[str] = set()
    documents: list[int] = []  # the YAML document of each entry: its item number in problems
    for item, label, data in _labelled(_documents(text, source), source, problems):
        where = Problem(source, "", item=item, id=label)
        if label in labels:
            n = 2
            while f"{label}-{n}" in labels:
                n += 1
            problems.append(replace(where, field="label", message=f"label used before; renamed {label}-{n}"))
            label = f"{label}-{n}"
        labels.add(label)
        if not isinstance(data, dict):
            problems.append(
                replace(where, message=f"expected an entry (fields), got {kind_of(data)}; skipped")
            )
            continue
        fields, aside = _checked_fields(data, where, problems)
        try:
            entries.append(Entry(label, fields))
        except _COBIB_FAILURES as exc:
            why = f"coBib could not read the entry ({type(exc).__name__}: {exc}); skipped"
            problems.append(replace(where, message=why))
            continue
        set_aside.append(aside)
        documents.append(item)
    if not entries and text.strip():
        raise InputError(source, "not a coBib database: no YAML document maps a label to an entry")
    refs, met = from_cobib_entries(entries, source)
    met = [replace(p, item=documents[p.item - 1]) if p.item is not None else p for p in met]
    by_label = dict(zip([e.label for e in entries], set_aside, strict=True))
    refs = [_with_set_aside(r, by_label.get(r.id, {})) for r in refs]
    return refs, problems + met


def _documents(text: str, source: str) -> list[Any]:
    yaml = YAML(typ="safe", pure=True)
    yaml.register_class(Author)
    try:
        return list(yaml.load_all(io.StringIO(text)))
    except YAMLError as exc:
        raise InputError(source, f"not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InputError(source, "not valid YAML for refman: nested too deeply") from None
    except (TypeError, ValueError) as exc:  # a number over 4,300 digits, an !Author without names
        raise InputError(source, f"not a coBib database: {exc}") from None


def _labelled(documents: list[Any], source: str, problems: list[Problem]) -> Iterator[tuple[int, str, Any]]:
    """(document number, label, entry data) of every entry; documents of the wrong shape are
    reported."""
    for number, document in enumerate(documents, 1):
        if document is None:
            continue  # an empty document holds nothing
        if not isinstance(document, dict):
            why = f"a YAML document of {kind_of(document)}, not labels mapped to entries; skipped"
            problems.append(Problem(source, why, item=number))
            continue
        for label, data in document.items():
            if isinstance(label, bool) or not isinstance(label, (str, int)) or label == "":
                why = f"a label must be text, got {kind_of(label)}; entry skipped"
                problems.append(Problem(source, why, item=number, field="label"))
                continue
            yield number, without_surrogates(str(label)), data


def _checked_fields(
    data: dict[Any, Any], where: Problem, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields coBib can take (text, numbers, lists of them, ``Author`` records) and those set
    aside (JSON-safe values of the wrong shape); fields of no JSON shape are left out."""
    fields: dict[str, Any] = {}
    aside: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue  # an empty field holds nothing
        name = without_surrogates(str(key))
        if isinstance(value, str) and LONE_SURROGATE.search(value):
            value = without_surrogates(value)
            problems.append(replace(where, field=name, message=SURROGATE_REPLACED))
        fit, why = _field_value(value)
        if why is None:
            fields[name] = fit
            continue
        if fit is not None:
            aside[name] = fit
            why += f"; {SET_ASIDE}"
        problems.append(replace(where, field=name, message=why))
    if not isinstance(fields.get("ENTRYTYPE"), str):
        problems.append(replace(where, field="ENTRYTYPE", message="no entry type; read as misc"))
        fields["ENTRYTYPE"] = "misc"
    return fields, aside


def _field_value(value: Any) -> tuple[Any, str | None]:
    """A field's value as coBib takes it, and None; or a JSON-safe copy to set aside (None when
    there is none) and what is wrong."""
    if isinstance(value, str):
        return value, too_long(value)
    if isinstance(value, bool):
        return value, "expected text or a number, got true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value), f"{value} is no number a reference holds"
    if isinstance(value, (int, float)):
        return value, None
    if isinstance(value, datetime.date):
        return value.isoformat(), None
    if isinstance(value, Author):
        return (
            (value, None)
            if _is_author(value)
            else (None, "an Author record whose names are not text; left out")
        )
    if isinstance(value, list) and len(value) <= MAX_NAMES and all(_is_list_item(v) for v in value):
        return value, None
    return None, f"expected text, a number or a list of them, got {kind_of(value)}; left out"


def _is_author(author: Author) -> bool:
    names = (author.first, author.last, author.particle or "", author.suffix or "")
    return all(isinstance(n, str) and not too_long(n) for n in names)


def _is_list_item(value: Any) -> bool:
    """An item of a list coBib holds: text, a number, an author (a record or its mapping)."""
    if isinstance(value, dict) and {"first", "last"} <= value.keys() <= _AUTHOR_KEYS:
        return _is_author(Author(**value))
    if isinstance(value, Author):
        return _is_author(value)
    if isinstance(value, str):
        return not too_long(value) and not LONE_SURROGATE.search(value)
    return isinstance(value, int) and not isinstance(value, bool)


def _with_set_aside(ref: Reference, aside: dict[str, Any]) -> Reference:
    if not aside:
        return ref
    return ref.replace(refman=replace(ref.refman, set_aside={**ref.refman.set_aside, **aside}))
