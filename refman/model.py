"""The one data model: CSL-JSON shaped references, articles, citations and diagnostics.

A :class:`Reference` mirrors a CSL-JSON item. Common CSL variables are typed attributes; every
other CSL variable survives in ``Reference.extra`` and every ``custom`` key other than
``custom.refman`` in ``Reference.custom``, so ``Reference.from_csl(item).to_csl() == item`` for
any schema-valid item (a lossless round trip). Everything refman adds lives in
``custom.refman`` (:class:`Provenance`): the raw string as written, where it came from, its
citations, its parse confidence and problems.

Items from files are read with :meth:`Reference.from_csl_checked`: a value without its CSL shape
(``"title": 5``, ``"author": "x"``, a date that is text, text over :data:`MAX_TEXT` characters) is
set aside, kept verbatim in ``custom.refman.set_aside`` under its field's name, so nothing the
user wrote is lost and no stage ever reads a value of the wrong type.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from refman.errors import kind_of

__all__ = [
    "DATE_FIELDS",
    "LONE_SURROGATE",
    "MAX_NAMES",
    "MAX_NUMBER_TEXT",
    "MAX_TEXT",
    "NAME_FIELDS",
    "NAME_PARTS",
    "NUMBER_FIELDS",
    "SET_ASIDE",
    "SURROGATE_REPLACED",
    "TEXT_FIELDS",
    "Article",
    "Citation",
    "Date",
    "Diagnostic",
    "Name",
    "Provenance",
    "Reference",
    "StageRecord",
    "fit_csl",
    "fitting",
    "too_long",
    "without_surrogates",
]

# The one field list. CSL name keys, in CSL spelling -> attribute name.
NAME_PARTS = {
    "family": "family",
    "given": "given",
    "dropping-particle": "dropping_particle",
    "non-dropping-particle": "non_dropping_particle",
    "suffix": "suffix",
    "literal": "literal",
}

# Typed CSL variables of Reference: CSL key -> attribute name.
TEXT_FIELDS = {
    "citation-key": "citation_key",
    "title": "title",
    "container-title": "container_title",
    "collection-title": "collection_title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "number": "number",
    "edition": "edition",
    "publisher": "publisher",
    "publisher-place": "publisher_place",
    "genre": "genre",
    "DOI": "DOI",
    "URL": "URL",
    "ISBN": "ISBN",
    "ISSN": "ISSN",
    "language": "language",
    "abstract": "abstract",
    "keyword": "keyword",
    "note": "note",
}
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
DATE_FIELDS = {"issued": "issued", "accessed": "accessed"}
#: Text fields whose CSL type is "string or number": a number there is read as its digits.
NUMBER_FIELDS = frozenset({"volume", "issue", "page", "number", "edition"})
#: The longest text a field may hold (a long abstract has ~10,000 characters); longer is set aside.
MAX_TEXT = 100_000
#: The longest text a field that holds numbers (volume, pages...) may hold.
MAX_NUMBER_TEXT = 1_000
#: The most names a name field may hold (the longest real author lists have a few thousand).
MAX_NAMES = 10_000


#: CSL key -> attribute of Reference, for every key Reference holds typed.
_ATTRIBUTES = {"id": "id", "type": "type", "custom": "custom", **TEXT_FIELDS, **NAME_FIELDS, **DATE_FIELDS}
#: A lone surrogate: no character, so no UTF-8 file can hold it (JSON's ``"\\ud800"`` makes one).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Unfit(ValueError):
    """A value without the CSL shape of its field; the message says what is wrong."""


#: What a problem says of lone surrogates replaced.
SURROGATE_REPLACED = "a lone surrogate (not a character), replaced by U+FFFD"


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (:data:`LONE_SURROGATE`) replaced by U+FFFD."""
    return LONE_SURROGATE.sub("\ufffd", text)


def too_long(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why ``text`` cannot be a field's value (over ``limit`` characters), or None."""
    return f"{len(text):,} characters, over the limit of {limit:,}" if len(text) > limit else None


#: What a problem says of a value kept in ``custom.refman.set_aside``.
SET_ASIDE = "set aside in custom.refman.set_aside"


def _fit_text(value: Any, numeric: bool = False) -> str | None:
    """``value`` as a text field holds it (a number too, where CSL allows one; a list of one
    text, as Crossref writes some, is that text; an empty list none); else _Unfit."""
    if isinstance(value, list) and len(value) <= 1 and all(isinstance(v, str) for v in value):
        value = value[0] if value else None
        if value is None:
            return None
    if isinstance(value, str):
        why = too_long(value, MAX_NUMBER_TEXT if numeric else MAX_TEXT)
        if why is not None:
            raise _Unfit(why)
        return value if value.isascii() else without_surrogates(value)
    if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) and abs(value) >= 10**MAX_NUMBER_TEXT:
            raise _Unfit(f"a number of over {MAX_NUMBER_TEXT:,} digits")
        return str(value)
    raise _Unfit(f"expected text{' or a number' if numeric else ''}, got {kind_of(value)}")


def _fitted(data: Any, keys: dict[str, bool]) -> dict[str, Any]:
    """The object ``data`` with each of ``keys`` present read by :func:`_fit_text` (True: a
    number allowed); _Unfit naming the key at fault."""
    out = dict(_fit_object(data))
    for key, numeric in keys.items():
        if out.get(key) is not None:
            try:
                out[key] = _fit_text(out[key], numeric)
            except _Unfit as exc:
                raise _Unfit(f"{key!r}: {exc}") from None
    return out


def _fit_int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Unfit(f"expected a whole number, got {kind_of(value)}")


def _fit_object(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _Unfit(f"expected an object, got {kind_of(value)}")


def _fit_list(value: Any, item: type) -> list[Any]:
    if isinstance(value, list) and all(isinstance(v, item) for v in value):
        return value
    what = "text" if item is str else "objects"
    raise _Unfit(f"expected a list of {what}, got {kind_of(value)}")


@dataclass
class Name:
    """A structured CSL name: family/given with particles, or a ``literal`` (organisations)."""

    family: str | None = None
    given: str | None = None
    dropping_particle: str | None = None
    non_dropping_particle: str | None = None
    suffix: str | None = None
    literal: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON name object."""
        out: dict[str, Any] = {}
        for key, attr in NAME_PARTS.items():
            value = getattr(self, attr)
            if value is not None:
                out[key] = value
        out.update(self.extra)
        return out

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Name:
        """Build a Name from a CSL-JSON name object, keeping unknown keys in ``extra``."""
        known = {attr: data[key] for key, attr in NAME_PARTS.items() if key in data}
        extra = {k: v for k, v in data.items() if k not in NAME_PARTS}
        return cls(**known, extra=extra)

    @classmethod
    def fit(cls, data: Any) -> Name:
        """:meth:`from_csl` for a value of any JSON type; ``ValueError`` saying what is wrong."""
        return cls.from_csl(_fitted(data, {key: False for key in NAME_PARTS}))

    def display(self) -> str:
        """The name as a person would write it: "Given Family" or the literal."""
        if self.literal:
            return self.literal
        parts = [self.given, self.dropping_particle, self.non_dropping_particle, self.family]
        text = " ".join(p for p in parts if p)
        return f"{text}, {self.suffix}" if self.suffix else text


@dataclass
class Date:
    """A CSL date: ``date-parts`` ([[year, month, day]], a second part for ranges) or a literal."""

    parts: list[list[int | str]] = field(default_factory=list)
    literal: str | None = None
    raw: str | None = None
    season: int | str | None = None
    circa: bool | int | str | None = None

    @property
    def year(self) -> int | None:
        """The first year, if any."""
        if self.parts and self.parts[0]:
            try:
                return int(self.parts[0][0])
            except (TypeError, ValueError):
                return None
        return None

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON date object."""
        out: dict[str, Any] = {}
        if self.parts:
            out["date-parts"] = [list(p) for p in self.parts]
        for key in ("literal", "raw", "season", "circa"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Date:
        """Build a Date from a CSL-JSON date object."""
        return cls(
            parts=[list(p) for p in data.get("date-parts", [])],
            literal=data.get("literal"),
            raw=data.get("raw"),
            season=data.get("season"),
            circa=data.get("circa"),
        )

    @classmethod
    def fit(cls, data: Any) -> Date:
        """:meth:`from_csl` for a value of any JSON type; ``ValueError`` saying what is wrong."""
        _fit_object(data)
        parts = data.get("date-parts", [])
        if not (
            isinstance(parts, list)
            and len(parts) <= 2
            and all(isinstance(p, list) and len(p) <= 3 and all(_date_part(x) for x in p) for p in parts)
        ):
            raise _Unfit("'date-parts' must be up to two [year, month, day] lists of numbers or text")
        for key in ("season", "circa"):
            value = data.get(key)
            if not (value is None or _date_part(value) or (key == "circa" and isinstance(value, bool))):
                raise _Unfit(f"{key!r}: expected text or a number, got {kind_of(value)}")
        return cls.from_csl(_fitted(data, {"literal": False, "raw": False}))

    @classmethod
    def ymd(cls, year: int, month: int | None = None, day: int | None = None) -> Date:
        """A date from its numbers; month and day are optional."""
        part: list[int | str] = [year]
        if month is not None:
            part.append(month)
            if day is not None:
                part.append(day)
        return cls(parts=[part])


def _date_part(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) <= 100
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9


def _fit_names(value: Any) -> list[Name]:
    if not isinstance(value, list):
        raise _Unfit(f"expected a list of names, got {kind_of(value)}")
    if len(value) > MAX_NAMES:
        raise _Unfit(f"{len(value):,} names, over the limit of {MAX_NAMES:,}")
    names = []
    for n, name in enumerate(value, 1):
        try:
            names.append(Name.fit(name))
        except _Unfit as exc:
            raise _Unfit(f"name {n}: {exc}") from None
    return names


@functools.cache
def _field_test(key: str) -> collections.abc.Callable[[Any], Any]:
    """How the value of CSL variable ``key`` is read: names, a date, or text (a number too in
    ``id`` and :data:`NUMBER_FIELDS`)."""
    if key in NAME_FIELDS:
        return _fit_names
    if key in DATE_FIELDS:
        return Date.fit
    numeric = key == "id" or key in NUMBER_FIELDS
    return lambda value: _fit_text(value, numeric)


def fit_csl(key: str, value: Any) -> Any:
    """``value`` as the CSL-JSON value of variable ``key`` (names, a date, or text: any variable
    Reference does not type is read as text), or ``ValueError`` saying why it does not fit."""
    fitted = _field_test(key)(value)
    if key in NAME_FIELDS:
        return [name.to_csl() for name in fitted]
    return fitted.to_csl() if key in DATE_FIELDS else fitted


def fitting(item: collections.abc.Mapping[str, Any]) -> dict[str, Any]:
    """The values of CSL item ``item`` that fit the model (:func:`fit_csl`), the others left out:
    for values from elsewhere (a Crossref record, a web page's metadata), which are their
    source's word, not the user's, and need not be kept."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        try:
            out[key] = fit_csl(key, value)
        except ValueError:
            continue
    return out


def _fit_confidence(value: Any) -> dict[str, Any]:
    scores = _fit_object(value)
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in scores.values()):
        return scores
    raise _Unfit("expected an object of numbers")


#: The typed keys of ``custom.refman`` (:class:`Provenance`), each with the test its value passes.
_PROVENANCE_CHECKS: dict[str, Any] = {
    "raw": _fit_text,
    "article": _fit_text,
    "number": _fit_int,
    "line": _fit_int,
    "romanised": _fit_object,
    "cited": lambda v: _fit_list(v, dict),
    "confidence": _fit_confidence,
    "problems": lambda v: _fit_list(v, str),
    "set_aside": _fit_object,
}


@dataclass
class Provenance:
    """``custom.refman``: what refman knows about where a reference came from.

    ``raw`` is the reference string exactly as written (never thrown away); ``number`` its number
    in the article's list (entries holding two works share it); ``romanised`` the attached entry
    of a romanised "References" list; ``cited`` the in-text citations that point at it;
    ``confidence`` a 0..1 score per parsed field; ``problems`` what the parser could not do;
    ``set_aside`` the values read from a file without their CSL shape, by field name (see
    :meth:`Reference.from_csl_checked`). Keys added by later stages (match, link, merged_from,
    ...) are kept in ``extra``.
    """

    raw: str | None = None
    article: str | None = None
    number: int | None = None
    line: int | None = None
    romanised: dict[str, Any] | None = None
    cited: list[dict[str, Any]] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    set_aside: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    _FIELDS = tuple(_PROVENANCE_CHECKS)

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored under ``custom.refman`` (empty values left out)."""
        out: dict[str, Any] = {}
        for key in self._FIELDS:
            value = getattr(self, key)
            if value is not None and value != [] and value != {}:
                out[key] = value
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        """Build Provenance from ``custom.refman``, keeping unknown keys in ``extra``."""
        known = {k: data[k] for k in cls._FIELDS if k in data}
        extra = {k: v for k, v in data.items() if k not in cls._FIELDS}
        return cls(**known, extra=extra)

    @classmethod
    def fit(cls, data: Any, set_aside: dict[str, Any], problems: dict[str, str]) -> Provenance:
        """:meth:`from_json` for a value of any JSON type: values without their shape go to
        ``set_aside`` (``custom.refman.<key>``), what was wrong with each to ``problems``."""
        data = dict(_fit_object(data))
        for key, check in _PROVENANCE_CHECKS.items():
            if key in data:
                try:
                    data[key] = check(data[key])
                except _Unfit as exc:
                    _set_aside(f"custom.refman.{key}", data.pop(key), str(exc), set_aside, problems)
        out = cls.from_json({k: v for k, v in data.items() if v is not None or k not in cls._FIELDS})
        out.set_aside = dict(out.set_aside)
        for key, value in set_aside.items():
            name, n = key, 2
            while name in out.set_aside:  # a value set aside by an earlier reading keeps its place
                name, n = f"{key}#{n}", n + 1
            out.set_aside[name] = value
        return out


#: How deep a value set aside, or a variable Reference does not type, may nest (JSON readers
#: refuse 64 levels, and setting a value aside puts it three levels deeper, under
#: custom.refman.set_aside).
_KEEP_DEPTH = 48


def _depth(value: Any) -> int:
    """How many lists and objects deep ``value`` nests (0 for text, numbers...)."""
    if not isinstance(value, (list, dict)):
        return 0
    depth, level = 0, [value]
    while containers := [v for v in level if isinstance(v, (list, dict))]:
        depth += 1
        level = [c for v in containers for c in (v.values() if isinstance(v, dict) else v)]
    return depth


def _set_aside(key: str, value: Any, why: str, set_aside: dict[str, Any], problems: dict[str, str]) -> None:
    if _depth(value) > _KEEP_DEPTH:
        problems[key] = f"{why}; nested too deep to keep ({_KEEP_DEPTH} levels), left out"
        return
    set_aside[key] = value
    problems[key] = f"{why}; {SET_ASIDE}"


@dataclass
class Reference:
    """One bibliographic item, shaped like a CSL-JSON item (see the module docstring)."""

    id: str
    type: str = "document"
    citation_key: str | None = None
    title: str | None = None
    author: list[Name] = field(default_factory=list)
    editor: list[Name] = field(default_factory=list)
    translator: list[Name] = field(default_factory=list)
    issued: Date | None = None
    accessed: Date | None = None
    container_title: str | None = None
    collection_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number: str | None = None
    edition: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    genre: str | None = None
    DOI: str | None = None
    URL: str | None = None
    ISBN: str | None = None
    ISSN: str | None = None
    language: str | None = None
    abstract: str | None = None
    keyword: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    custom: dict[str, Any] = field(default_factory=dict)
    refman: Provenance = field(default_factory=Provenance)

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON item, in CSL spelling; empty values are left out."""
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        for key, attr in TEXT_FIELDS.items():
            value = getattr(self, attr)
            if value is not None:
                out[key] = value
        for key, attr in NAME_FIELDS.items():
            names = getattr(self, attr)
            if names:
                out[key] = [n.to_csl() for n in names]
        for key, attr in DATE_FIELDS.items():
            date = getattr(self, attr)
            if date is not None:
                out[key] = date.to_csl()
        out.update(self.extra)
        custom = dict(self.custom)
        refman = self.refman.to_json()
        if refman:
            custom["refman"] = refman
        if custom:
            out["custom"] = custom
        return out

    @classmethod
    def from_csl(cls, item: dict[str, Any]) -> Reference:
        """Build a Reference from a CSL-JSON item; unknown variables go to ``extra``, values
        without their CSL shape to ``custom.refman.set_aside`` (see :meth:`from_csl_checked`)."""
        return cls.from_csl_checked(item)[0]

    @classmethod
    def from_csl_checked(cls, item: dict[str, Any]) -> tuple[Reference, dict[str, str]]:
        """Build a Reference from a CSL-JSON item whose values may be of any JSON type.

        A value without its CSL shape is set aside, kept verbatim in ``custom.refman.set_aside``
        under its field's name (``custom.refman.number`` for one under ``custom.refman``); a
        number in a "string or number" field (:data:`NUMBER_FIELDS`, ``id``) is read as its
        digits; ``null`` is no value; a value nested too deep to keep is left out. Returns the
        reference and, for each field set aside or left out, what was wrong with it. ``id`` is
        ``""`` when the item has none that fits.
        """
        set_aside: dict[str, Any] = {}
        problems: dict[str, str] = {}

        def fit(key: str, value: Any, check: Any) -> Any:
            try:
                return check(value)
            except _Unfit as exc:
                _set_aside(key, value, str(exc), set_aside, problems)
                return None

        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        provenance: Any = {}
        for key, value in item.items():
            if key != "custom" and _depth(value) > _KEEP_DEPTH:
                # a writer may set it aside, three levels deeper: too deep to read again
                problems[key] = f"nested too deep to keep ({_KEEP_DEPTH} levels), left out"
            elif key not in _ATTRIBUTES:
                extra[key] = value
            elif value is None:
                continue
            elif key == "custom":
                custom = dict(fit(key, value, _fit_object) or {})
                provenance = custom.pop("refman", None)
            else:
                fitted = fit(key, value, _field_test(key))
                if fitted is not None:
                    kwargs[_ATTRIBUTES[key]] = fitted
        if provenance is not None and not isinstance(provenance, dict):
            why = f"expected an object, got {kind_of(provenance)}"
            _set_aside("custom.refman", provenance, why, set_aside, problems)
            provenance = None
        refman = Provenance.fit(provenance or {}, set_aside, problems)
        kwargs.setdefault("id", "")
        return cls(**kwargs, extra=extra, custom=custom, refman=refman), problems

    def replace(self, **changes: Any) -> Reference:
        """A shallow copy with some attributes changed (the original is left alone).

        Like ``dataclasses.replace`` but without re-running ``__init__`` for the thirty fields,
        which the cached resolution path does for every reference."""
        unknown = changes.keys() - _REFERENCE_FIELDS
        if unknown:
            raise TypeError(f"Reference has no field {sorted(unknown)[0]!r}")
        return _shallow_copy(self, changes)

    @property
    def year(self) -> int | None:
        """The year of ``issued``, if known."""
        return self.issued.year if self.issued else None

    def with_refman(self, key: str, value: Any) -> Reference:
        """A copy whose ``custom.refman.<key>`` is ``value`` (``None`` removes it)."""
        extra = {k: v for k, v in self.refman.extra.items() if k != key}
        if value is not None:
            extra[key] = value
        return _shallow_copy(self, {"refman": _shallow_copy(self.refman, {"extra": extra})})


_REFERENCE_FIELDS = frozenset(f.name for f in dataclasses.fields(Reference))
_T = TypeVar("_T", Reference, Provenance)


def _shallow_copy(obj: _T, changes: dict[str, Any]) -> _T:
    """A shallow copy of a model object with some attributes changed, without ``__init__``."""
    out = object.__new__(type(obj))
    out.__dict__.update(obj.__dict__, **changes)
    return out


R = TypeVar("R", bound="StageRecord")


Check = collections.abc.Callable[[Any], bool]


@functools.cache
def _conforms_to(hint: Any) -> Check:
    """A test of whether a value is of the type ``hint`` declares: unions, tuples, lists, mappings
    and dataclasses (field by field) are looked into; a hint this test does not know is trusted.
    Made once per hint (records are read back often)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return lambda value: True
    if origin in (typing.Union, types.UnionType):
        tests = [_conforms_to(arg) for arg in args]
        return lambda value: any(test(value) for test in tests)
    if origin in (tuple, list):
        kind, item = origin, _conforms_to(args[0])
        return lambda value: isinstance(value, kind) and all(item(v) for v in value)
    if origin in (dict, collections.abc.Mapping):
        key, item = _conforms_to(args[0]), _conforms_to(args[1])
        return lambda value: (
            isinstance(value, collections.abc.Mapping) and all(key(k) and item(v) for k, v in value.items())
        )
    if hint in (int, float):  # JSON has one kind of number; true and false are not numbers
        kinds = (int, float) if hint is float else int
        return lambda value: isinstance(value, kinds) and not isinstance(value, bool)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass_test(hint)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True


def _dataclass_test(cls: type) -> Check:
    hints = typing.get_type_hints(cls)
    tests = [(f.name, _conforms_to(hints[f.name])) for f in dataclasses.fields(cls)]
    return lambda value: isinstance(value, cls) and all(test(getattr(value, name)) for name, test in tests)


class StageRecord:
    """Base of the typed result a stage stores on a reference, as JSON under ``custom.refman.<KEY>``.

    The stage that makes a result owns its class (a frozen dataclass with ``to_json`` and
    ``from_json``); everything downstream reads it back typed with ``Cls.of(ref)``.
    """

    KEY: ClassVar[str]

    def to_json(self) -> Any:
        """The JSON value stored under ``custom.refman.<KEY>``."""
        raise NotImplementedError

    @classmethod
    def from_json(cls: type[R], data: Any) -> R:
        """Inverse of :meth:`to_json`; ``ValueError`` when ``data`` is not such a value."""
        raise NotImplementedError

    @classmethod
    def of(cls: type[R], ref: Reference) -> R | None:
        """The record on ``ref``, or ``None`` when it has none, or a malformed one: one that
        ``from_json`` refuses, or whose values are not of the types its class declares (the
        JSON came from a file, and may hold anything; it stays in ``custom.refman`` as it was)."""
        data = ref.refman.extra.get(cls.KEY)
        if data is None:
            return None
        try:
            record = cls.from_json(data)
        except (AttributeError, IndexError, KeyError, OverflowError, TypeError, ValueError):
            return None
        conforms = _conforms_to(typing.cast(Any, cls))
        return record if conforms(record) else None

    def attach(self, ref: Reference) -> Reference:
        """A copy of ``ref`` carrying this record."""
        return ref.with_refman(self.KEY, self.to_json())


@dataclass
class Citation:
    """An in-text citation: ``[2, с. 45]``, ``[5–7]`` or ``(Иванов, 2020, с. 5)``.

    ``numbers`` are the list numbers it points at (expanded ranges); for author-year citations
    ``names`` and ``year`` say what was written, and ``references`` the ids it was linked to.
    ``line`` is 1-based in the article; ``context`` the sentence around it.
    """

    text: str
    line: int
    context: str
    numbers: list[int] = field(default_factory=list)
    locator: str | None = None
    names: list[str] = field(default_factory=list)
    year: str | None = None
    references: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``extract --json``."""
        out: dict[str, Any] = {
            "text": self.text,
            "numbers": self.numbers,
            "locator": self.locator,
            "line": self.line,
            "context": self.context,
            "references": self.references,
        }
        if self.names or self.year:
            out["names"] = self.names
            out["year"] = self.year
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Citation:
        """Inverse of :meth:`to_json`."""
        return cls(
            text=data["text"],
            line=data["line"],
            context=data["context"],
            numbers=list(data.get("numbers", [])),
            locator=data.get("locator"),
            names=list(data.get("names", [])),
            year=data.get("year"),
            references=list(data.get("references", [])),
        )


@dataclass
class Diagnostic:
    """A problem found in an article, as data: ``code`` is one of the documented codes."""

    code: str
    message: str
    line: int | None = None
    numbers: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``extract --json``."""
        return {"code": self.code, "message": self.message, "line": self.line, "numbers": self.numbers}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        """Inverse of :meth:`to_json`."""
        return cls(data["code"], data["message"], data.get("line"), list(data.get("numbers", [])))


@dataclass
class Article:
    """An article read by ``extract``: its own metadata, its reference list, its citations."""

    metadata: Reference
    references: list[Reference] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``extract --json``."""
        return {
            "metadata": self.metadata.to_csl(),
            "references": [r.to_csl() for r in self.references],
            "citations": [c.to_json() for c in self.citations],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_json`."""
        return cls(
            metadata=Reference.from_csl(data["metadata"]),
            references=[Reference.from_csl(r) for r in data.get("references", [])],
            citations=[Citation.from_json(c) for c in data.get("citations", [])],
            diagnostics=[Diagnostic.from_json(d) for d in data.get("diagnostics", [])],
        )
