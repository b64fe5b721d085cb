"""The one data model: CSL-JSON shaped references, articles, citations and diagnostics.

A :class:`Reference` mirrors a CSL-JSON item. Common CSL variables are typed attributes; every
other CSL variable survives in ``Reference.extra`` and every ``custom`` key other than
``custom.refman`` in ``Reference.custom``, so ``Reference.from_csl(item).to_csl() == item`` for
any schema-valid item (a lossless round trip). Everything refman adds lives in
``custom.refman`` (:class:`Provenance`): the raw string as written, where it came from, its
citations, its parse confidence and problems.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

__all__ = [
    "DATE_FIELDS",
    "NAME_FIELDS",
    "NAME_PARTS",
    "TEXT_FIELDS",
    "Article",
    "Citation",
    "Date",
    "Diagnostic",
    "Name",
    "Provenance",
    "Reference",
    "StageRecord",
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
    def ymd(cls, year: int, month: int | None = None, day: int | None = None) -> Date:
        """A date from its numbers; month and day are optional."""
        part: list[int | str] = [year]
        if month is not None:
            part.append(month)
            if day is not None:
                part.append(day)
        return cls(parts=[part])


@dataclass
class Provenance:
    """``custom.refman``: what refman knows about where a reference came from.

    ``raw`` is the reference string exactly as written (never thrown away); ``number`` its number
    in the article's list (entries holding two works share it); ``romanised`` the attached entry
    of a romanised "References" list; ``cited`` the in-text citations that point at it;
    ``confidence`` a 0..1 score per parsed field; ``problems`` what the parser could not do.
    Keys added by later stages (match, link, merged_from, ...) are kept in ``extra``.
    """

    raw: str | None = None
    article: str | None = None
    number: int | None = None
    line: int | None = None
    romanised: dict[str, Any] | None = None
    cited: list[dict[str, Any]] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    _FIELDS = ("raw", "article", "number", "line", "romanised", "cited", "confidence", "problems")

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
        """Build a Reference from a CSL-JSON item; unknown variables go to ``extra``."""
        kwargs: dict[str, Any] = {"id": str(item.get("id", "")), "type": item.get("type", "document")}
        extra: dict[str, Any] = {}
        for key, value in item.items():
            if key in ("id", "type"):
                continue
            if key in TEXT_FIELDS:
                kwargs[TEXT_FIELDS[key]] = value
            elif key in NAME_FIELDS:
                kwargs[NAME_FIELDS[key]] = [Name.from_csl(n) for n in value]
            elif key in DATE_FIELDS:
                kwargs[DATE_FIELDS[key]] = Date.from_csl(value)
            elif key == "custom":
                custom = dict(value)
                kwargs["refman"] = Provenance.from_json(custom.pop("refman", {}))
                kwargs["custom"] = custom
            else:
                extra[key] = value
        return cls(**kwargs, extra=extra)

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
        """The record on ``ref``, or ``None`` when it has none (or a malformed one)."""
        data = ref.refman.extra.get(cls.KEY)
        if data is None:
            return None
        try:
            return cls.from_json(data)
        except (KeyError, TypeError, ValueError):
            return None

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
