"""The values the link checker passes around: a link to check, the outcome of checking it, the result.

Pure data, no I/O. A :class:`Link` is one occurrence of a URL or DOI (which reference, which
field, which line); an :class:`Outcome` is what checking its target found (shared by every
occurrence of the same target, and what the cache stores); a :class:`LinkResult` joins the two.
:class:`LinkRecord` is what a reference keeps of its results (``custom.refman.link``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from refman.model import StageRecord

__all__ = [
    "GOOD_STATUSES",
    "NOT_CHECKED",
    "STATUSES",
    "TRANSIENT_STATUSES",
    "Link",
    "LinkEntry",
    "LinkRecord",
    "LinkResult",
    "Outcome",
]

#: Every status a link can get, in the order reports list them.
STATUSES = (
    "ok",
    "redirected",
    "broken",
    "soft_404",
    "server_error",
    "blocked",
    "rate_limited",
    "timeout",
    "invalid",
    "not_checked",
)
#: A link that was not checked (offline, nothing cached): neither good nor broken, so no failure.
NOT_CHECKED = "not_checked"
#: Statuses that need no action (exit 0 when every link has one of them).
GOOD_STATUSES = frozenset({"ok", "redirected"})
#: Statuses that may change on the next try: cached, but re-checked online whatever their age.
TRANSIENT_STATUSES = frozenset({"server_error", "rate_limited", "timeout"})


@dataclass(frozen=True)
class Link:
    """One occurrence of a link: its target (``url``, or ``doi`` for DOIs) and where it was found.

    ``reference`` is the citation key (or id) of the reference it belongs to, ``field`` the field
    it came from (``DOI``, ``URL``, ``doi``, ``url``, ``note``, ``text``, ...), ``source`` the file,
    ``line`` the 1-based line there. ``problem`` is set when the link is unusable as written.
    """

    url: str
    kind: str = "url"
    doi: str | None = None
    reference: str | None = None
    field: str | None = None
    source: str | None = None
    line: int | None = None
    problem: str | None = None

    @property
    def target(self) -> str:
        """What is actually checked: ``doi:<doi>`` for DOIs, else the URL without its fragment."""
        if self.kind == "doi" and self.doi:
            return "doi:" + self.doi
        return self.url.split("#", 1)[0]


@dataclass(frozen=True)
class Outcome:
    """What checking one target found: a status (see :data:`STATUSES`) with its evidence.

    ``code`` is the last HTTP status seen (``None`` when no response came); ``final_url`` where the
    redirects ended (for a DOI: the URL its handle points at); ``redirect`` ``"permanent"`` or
    ``"temporary"`` for redirected links; ``suggestion`` the URL to use instead, if any;
    ``reason`` a short human explanation; ``checked_at`` an ISO 8601 UTC time, ``None`` if the
    target was not checked; ``attempts`` the requests made for it.
    """

    status: str
    code: int | None = None
    final_url: str | None = None
    reason: str = ""
    redirect: str | None = None
    suggestion: str | None = None
    checked_at: str | None = None
    attempts: int = 0
    cached: bool = False

    def to_json(self) -> dict[str, Any]:
        """The outcome as a JSON object (what the cache stores)."""
        return {
            "status": self.status,
            "code": self.code,
            "final_url": self.final_url,
            "reason": self.reason,
            "redirect": self.redirect,
            "suggestion": self.suggestion,
            "checked_at": self.checked_at,
            "attempts": self.attempts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, cached: bool = False) -> Outcome:
        """Inverse of :meth:`to_json`."""
        return cls(
            status=str(data["status"]),
            code=data.get("code"),
            final_url=data.get("final_url"),
            reason=str(data.get("reason") or ""),
            redirect=data.get("redirect"),
            suggestion=data.get("suggestion"),
            checked_at=data.get("checked_at"),
            attempts=int(data.get("attempts") or 0),
            cached=cached,
        )


@dataclass(frozen=True)
class LinkResult:
    """A link occurrence with the outcome of checking its target."""

    link: Link
    outcome: Outcome

    @property
    def status(self) -> str:
        """The outcome's status."""
        return self.outcome.status

    @property
    def ok(self) -> bool:
        """True when the link needs no action (``ok`` or ``redirected``)."""
        return self.outcome.status in GOOD_STATUSES

    def to_json(self) -> dict[str, Any]:
        """One object of ``check-links --json``.

        The contract keys come first (``url``, ``status``, ``code``, ``final_url``, ``reference``,
        ``field``, ``checked_at``), then the details (``reason``, ``redirect``, ``suggestion``,
        ``kind``, ``doi``, ``source``, ``line``, ``cached``).
        """
        o = self.outcome
        out: dict[str, Any] = {
            "url": self.link.url,
            "status": o.status,
            "code": o.code,
            "final_url": o.final_url,
            "reference": self.link.reference,
            "field": self.link.field,
            "checked_at": o.checked_at,
            "reason": o.reason,
            "redirect": o.redirect,
            "suggestion": o.suggestion,
            "kind": self.link.kind,
            "doi": self.link.doi,
            "source": self.link.source,
            "line": self.link.line,
            "cached": o.cached,
        }
        return out


@dataclass(frozen=True)
class LinkEntry:
    """One link of a reference as ``custom.refman.link`` keeps it: the link, the field it came
    from, and what checking it found (see :class:`Outcome`)."""

    url: str
    status: str
    field: str | None = None
    code: int | None = None
    final_url: str | None = None
    checked_at: str | None = None
    reason: str = ""
    redirect: str | None = None
    suggestion: str | None = None

    @property
    def ok(self) -> bool:
        """True when the link needs no action (``ok`` or ``redirected``)."""
        return self.status in GOOD_STATUSES

    @classmethod
    def of(cls, result: LinkResult) -> LinkEntry:
        """What a reference keeps of a result."""
        o = result.outcome
        return cls(
            result.link.url,
            o.status,
            result.link.field,
            o.code,
            o.final_url,
            o.checked_at,
            o.reason,
            o.redirect,
            o.suggestion,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON object (empty values left out; ``status`` always there)."""
        entry = {key: getattr(self, key) for key in _ENTRY_KEYS}
        return {k: v for k, v in entry.items() if (v is not None and v != "") or k == "status"}

    @classmethod
    def from_json(cls, data: Any) -> LinkEntry:
        """Inverse of :meth:`to_json`."""
        if not isinstance(data, dict):
            raise ValueError(f"expected a link object, not {data!r}")
        values: dict[str, Any] = {key: data.get(key) for key in _ENTRY_KEYS}
        values.update(url=values["url"] or "", status=str(data["status"]), reason=values["reason"] or "")
        return cls(**values)


#: The keys of an entry of ``custom.refman.link``, in their order.
_ENTRY_KEYS = (
    "url",
    "field",
    "status",
    "code",
    "final_url",
    "checked_at",
    "reason",
    "redirect",
    "suggestion",
)


@dataclass(frozen=True)
class LinkRecord(StageRecord):
    """``custom.refman.link``: the checked links of a reference, one entry per URL and field."""

    KEY: ClassVar[str] = "link"

    entries: tuple[LinkEntry, ...] = ()

    def to_json(self) -> list[dict[str, Any]]:
        """A JSON array, one object per link."""
        return [e.to_json() for e in self.entries]

    @classmethod
    def from_json(cls, data: Any) -> LinkRecord:
        """Inverse of :meth:`to_json` (a single object is read as a list of one)."""
        items = [data] if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ValueError(f"expected a list of links, not {data!r}")
        return cls(tuple(LinkEntry.from_json(e) for e in items))
