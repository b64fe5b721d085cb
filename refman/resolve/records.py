"""What resolution stores on a reference, as typed records (pure).

:class:`Resolution` is the resolver's answer for one reference: its status, DOI, score, evidence,
Crossmark updates and, for a DOI Crossref does not hold, what doi.org said of it
(:class:`DoiStatus`), stored as ``custom.refman.match``; the resolver caches it (with the Crossref
work or web page it brings) by a fingerprint of the reference. :class:`WebPage` is what a web
reference's page said about itself, stored as ``custom.refman.web``. Readers use
``Resolution.of(ref)`` and ``WebPage.of(ref)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from refman.model import Reference, StageRecord

__all__ = [
    "CROSSREF_NOT_REACHED",
    "DOI_STATUSES",
    "NOT_CHECKED",
    "NOT_IN_CROSSREF",
    "NOT_REGISTERED",
    "PAGE_NOT_REACHED",
    "SERIOUS_UPDATES",
    "STATUSES",
    "Candidate",
    "CrossrefWork",
    "DoiStatus",
    "Page",
    "Resolution",
    "Update",
    "WebPage",
    "updates_text",
]

#: Every status a resolution can have: ``not checked`` means the services that could settle it
#: were not reached (never "no match").
NOT_CHECKED = "not checked"
STATUSES = ("matched", "ambiguous", "unmatched", NOT_CHECKED)
#: The reason of a reference not checked because Crossref was not reached. Offline and
#: unreachable give the same words, so a build's outputs do not depend on which it was.
CROSSREF_NOT_REACHED = "Crossref was not reached (offline or unreachable)"
#: The same for a web reference whose page was not reached.
PAGE_NOT_REACHED = "the web page was not reached (offline or unreachable)"
#: A DOI the reference gives that Crossref answers 404 for: kept in ``DOI`` as written. With
#: ``agency`` set, doi.org named the agency that registered it (its metadata was asked of it).
NOT_IN_CROSSREF = "not in Crossref"
#: doi.org too says no agency registered the DOI (a typo, or never registered): kept as written.
NOT_REGISTERED = "not registered"
DOI_STATUSES = (NOT_IN_CROSSREF, NOT_REGISTERED)
#: Crossmark update types that change what a citation of the work means (a reader must know).
SERIOUS_UPDATES = frozenset(
    {"retraction", "withdrawal", "removal", "expression_of_concern", "partial_retraction"}
)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of strings, not {value!r}")
    return tuple(value)


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, not {value!r}")
    return dict(value)


def _plain(value: Any) -> Any:
    """A value as JSON has it: tuples as lists, mappings as objects."""
    if isinstance(value, tuple):
        return list(value)
    return dict(value) if isinstance(value, Mapping) else value


def _pruned(pairs: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON object of ``pairs`` without its unset values (None, empty lists and objects)."""
    return {k: v for k, v in pairs.items() if v is not None and v != [] and v != {}}


@dataclass(frozen=True)
class Candidate:
    """A Crossref work compared with the reference: its score, the agreement of each field
    compared (None: not recorded), the fields that supported it, and the veto that ruled it out."""

    DOI: str
    score: float
    supporting_fields: tuple[str, ...]
    fields: Mapping[str, float] | None = None
    veto: str | None = None
    search_score: float | None = None
    translation: tuple[str, ...] = ()  # title words found across languages ("микробиота~microbiota")

    def to_json(self) -> dict[str, Any]:
        """A candidate as stored under ``custom.refman.match.candidates``."""
        out: dict[str, Any] = {
            "DOI": self.DOI,
            "score": self.score,
            "supporting_fields": list(self.supporting_fields),
        }
        if self.fields is not None:
            out["fields"] = dict(self.fields)
        if self.translation:
            out["translation"] = list(self.translation)
        return out | _pruned({"veto": self.veto, "search_score": self.search_score})

    @classmethod
    def from_json(cls, data: Any) -> Candidate:
        """Inverse of :meth:`to_json`."""
        data = _mapping(data)
        fields = data.get("fields")
        return cls(
            DOI=str(data["DOI"]),
            score=float(data["score"]),
            supporting_fields=_strings(data["supporting_fields"]),
            fields=None if fields is None else {str(k): float(v) for k, v in _mapping(fields).items()},
            veto=data.get("veto"),
            search_score=data.get("search_score"),
            translation=_strings(data.get("translation", [])),
        )


@dataclass(frozen=True)
class Update:
    """A Crossmark update: a notice about the work (``updated-by``: a correction, a retraction...)
    or a work this notice updates (``update-to``), with the notice's DOI and date."""

    relation: str
    type: str
    DOI: str | None = None
    date: tuple[int, ...] = ()

    @property
    def serious(self) -> bool:
        """True when the update changes what citing the work means (a retraction...)."""
        return self.type in SERIOUS_UPDATES

    def text(self) -> str:
        """``RETRACTION by 10.1/x (2020-1-2)``: serious updates in capitals."""
        kind = self.type.replace("_", " ")
        by = "notice updating" if self.relation == "update-to" else "by"
        date = "-".join(str(p) for p in self.date)
        return f"{kind.upper() if self.serious else kind} {by} {self.DOI or '?'}" + (
            f" ({date})" if date else ""
        )

    def to_json(self) -> dict[str, Any]:
        """``{"relation", "type", "DOI", "date"}`` (unknown DOI and date left out)."""
        return {"relation": self.relation, "type": self.type} | _pruned(
            {"DOI": self.DOI, "date": list(self.date)}
        )

    @classmethod
    def from_json(cls, data: Any) -> Update:
        """Inverse of :meth:`to_json`."""
        data = _mapping(data)
        return cls(
            str(data["relation"]),
            str(data["type"]),
            data.get("DOI"),
            tuple(int(p) for p in data.get("date") or ()),
        )


@dataclass(frozen=True)
class DoiStatus:
    """A DOI the reference gives that Crossref does not hold: ``status`` (one of
    :data:`DOI_STATUSES`) and the registration ``agency`` doi.org named (None: doi.org named none,
    or was not reached: ``checked`` False)."""

    DOI: str
    status: str = NOT_IN_CROSSREF
    agency: str | None = None
    checked: bool = False

    def text(self) -> str:
        """``not in Crossref; registered with DataCite``, ``not in Crossref; doi.org not reached``..."""
        if self.status == NOT_REGISTERED:
            return "not in Crossref; not registered with any agency (doi.org)"
        if self.agency:
            return f"not in Crossref; registered with {self.agency}"
        return "not in Crossref" + ("" if self.checked else f"; {NOT_CHECKED} at doi.org")

    def to_json(self) -> dict[str, Any]:
        """``{"DOI", "status", "agency", "checked"}`` (no agency left out)."""
        return (
            {"DOI": self.DOI, "status": self.status}
            | _pruned({"agency": self.agency})
            | {"checked": self.checked}
        )

    @classmethod
    def from_json(cls, data: Any) -> DoiStatus:
        """Inverse of :meth:`to_json`."""
        data = _mapping(data)
        status = str(data["status"])
        if status not in DOI_STATUSES:
            raise ValueError(f"unknown DOI status {status!r}")
        agency = data.get("agency")
        return cls(str(data["DOI"]), status, None if agency is None else str(agency), bool(data["checked"]))


@dataclass(frozen=True)
class WebPage(StageRecord):
    """``custom.refman.web``: what a web reference's page says about itself (keys the page did not
    give are None), where the redirects ended, which tag gave each value (``sources``), and which
    of the reference's fields it ``filled``."""

    KEY: ClassVar[str] = "web"

    status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    title: str | None = None
    site: str | None = None
    authors: tuple[str, ...] | None = None
    date: str | None = None
    doi: str | None = None
    sources: Mapping[str, str] | None = None
    filled: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the page was there (an HTTP status below 400)."""
        return self.status is not None and self.status < 400

    def to_json(self) -> dict[str, Any]:
        """The JSON object (keys the page did not give left out)."""
        out = {key: getattr(self, key) for key in _PAGE_KEYS}
        if self.filled:
            out["filled"] = self.filled
        return {k: _plain(v) for k, v in out.items() if v is not None}

    @classmethod
    def from_json(cls, data: Any) -> WebPage:
        """Inverse of :meth:`to_json`; other keys (a page's language, canonical URL) are ignored."""
        values = {key: _mapping(data).get(key) for key in _PAGE_KEYS}
        authors, sources = values.pop("authors"), values.pop("sources")
        return cls(
            **values,
            authors=None if authors is None else _strings(authors),
            sources=None if sources is None else {str(k): str(v) for k, v in _mapping(sources).items()},
            filled=_strings(data.get("filled", [])),
        )


#: The keys of ``custom.refman.web`` in their order (``filled`` follows them).
_PAGE_KEYS = ("status", "final_url", "content_type", "title", "site", "authors", "date", "doi", "sources")


@dataclass(frozen=True)
class Page:
    """A web page read for a reference: its description, and the CSL fields it offers to fill
    the gaps of a web reference (none for an error page)."""

    web: WebPage
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CrossrefWork:
    """What a matched Crossref work puts into the reference: its CSL fields, its subtitle (appended
    to the title only when the reference gives it) and its ``relation`` (kept in
    ``custom.relation``, where dedupe joins preprints and their versions)."""

    fields: Mapping[str, Any]
    subtitle: str | None = None
    relation: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolution(StageRecord):
    """``custom.refman.match``: the resolver's answer for a reference.

    ``status`` is one of :data:`STATUSES`; ``score``, ``supporting_fields`` and ``candidates`` are
    the evidence (None: the reference was not compared); ``reason`` says why it is not matched;
    ``updates`` are the matched work's Crossmark updates; ``doi_status`` what became of a DOI the
    reference gave that Crossref does not hold (the DOI stays in ``DOI`` unless a match replaced
    it); ``agency`` the registration agency whose metadata matched (None: Crossref's). Applying it
    to the reference adds ``replaced`` (the reference's values that the matched work's fields
    replaced), ``subtitle`` (Crossref's subtitle, or a note that it was appended) or ``given_DOI``
    (the DOI given, removed from a reference whose DOI resolves to another work).

    ``work`` and ``page`` are what the resolution brings (the Crossref work of a match, the web
    page read): the cache keeps them with it and applying it puts them into the reference, but
    ``custom.refman.match`` does not hold them (read back from a reference they are None; the
    page's description is ``WebPage.of(ref)``).
    """

    KEY: ClassVar[str] = "match"

    status: str
    score: float | None = None
    DOI: str | None = None
    supporting_fields: tuple[str, ...] | None = None
    reason: str | None = None
    candidates: tuple[Candidate, ...] = ()
    matcher: str | None = None
    updates: tuple[Update, ...] = ()
    doi_status: DoiStatus | None = None
    agency: str | None = None
    replaced: Mapping[str, Any] = field(default_factory=dict)
    subtitle: str | None = None
    given_DOI: str | None = None
    work: CrossrefWork | None = field(default=None, compare=False)
    page: Page | None = field(default=None, compare=False)

    def updates_text(self) -> str:
        """The Crossmark updates in a line: ``RETRACTION by 10.1/x (2020-1-2); correction by ...``."""
        return "; ".join(u.text() for u in self.updates)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``custom.refman.match`` (unset values left out)."""
        out: dict[str, Any] = {"status": self.status}
        if self.score is not None:
            out["score"] = self.score
        if self.DOI:
            out["DOI"] = self.DOI
        if self.supporting_fields is not None:
            out["supporting_fields"] = list(self.supporting_fields)
        return out | _pruned(
            {
                "reason": self.reason,
                "candidates": [c.to_json() for c in self.candidates],
                "matcher": self.matcher,
                "updates": [u.to_json() for u in self.updates],
                "doi_status": None if self.doi_status is None else self.doi_status.to_json(),
                "agency": self.agency,
                "replaced": dict(self.replaced),
                "subtitle": self.subtitle,
                "given_DOI": self.given_DOI,
            }
        )

    @classmethod
    def from_json(cls, data: Any) -> Resolution:
        """Inverse of :meth:`to_json`."""
        data = _mapping(data)
        supporting = data.get("supporting_fields")
        score = data.get("score")
        return cls(
            status=str(data["status"]),
            score=None if score is None else float(score),
            DOI=data.get("DOI"),
            supporting_fields=None if supporting is None else _strings(supporting),
            reason=data.get("reason"),
            candidates=tuple(Candidate.from_json(c) for c in data.get("candidates", [])),
            matcher=data.get("matcher"),
            updates=tuple(Update.from_json(u) for u in data.get("updates", [])),
            doi_status=None if data.get("doi_status") is None else DoiStatus.from_json(data["doi_status"]),
            agency=data.get("agency"),
            replaced=_mapping(data.get("replaced", {})),
            subtitle=data.get("subtitle"),
            given_DOI=data.get("given_DOI"),
        )

    def to_cache(self) -> dict[str, Any]:
        """What the cache stores: ``custom.refman.match`` with the work and page it brings."""
        out: dict[str, Any] = {"match": self.to_json()}
        if self.work is not None:
            out["fields"] = dict(self.work.fields)
            out |= _pruned({"subtitle": self.work.subtitle, "relation": dict(self.work.relation)})
        if self.page is not None:
            out["web"] = self.page.web.to_json()
            out["web_fields"] = dict(self.page.fields)
        return out

    @classmethod
    def from_cache(cls, data: Any) -> Resolution:
        """Inverse of :meth:`to_cache`."""
        data = _mapping(data)
        fields = data.get("fields")
        web = data.get("web")
        subtitle = data.get("subtitle")
        work = (
            CrossrefWork(
                _mapping(fields),
                subtitle if isinstance(subtitle, str) else None,
                _mapping(data.get("relation", {})),
            )
            if fields
            else None
        )
        return replace(
            cls.from_json(data["match"]),
            work=work,
            page=Page(WebPage.from_json(web), _mapping(data.get("web_fields") or {})) if web else None,
        )


def updates_text(ref: Reference) -> str:
    """The Crossmark updates of the work a reference was matched to, in a line ("" when none)."""
    resolution = Resolution.of(ref)
    return resolution.updates_text() if resolution is not None else ""
