"""What one resolution run did: the Crossref client's counters and the run's report (pure data)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from refman.resolve.records import NOT_CHECKED, STATUSES

__all__ = ["ClientStats", "ResolveReport"]


@dataclass
class ClientStats:
    """Counters of one client: requests sent, retries, cache hits, time spent waiting."""

    requests: int = 0
    retries: int = 0
    cache_hits: int = 0
    throttled_s: float = 0.0
    failures: dict[str, int] = field(default_factory=dict)
    limits: dict[str, tuple[int, float, int]] = field(default_factory=dict)
    first_request: float | None = None  # time.monotonic() of the first request sent
    last_response: float | None = None  # and of the last answer received

    @property
    def busy_s(self) -> float:
        """Seconds from the first request to the last answer (0 without requests)."""
        if self.first_request is None or self.last_response is None:
            return 0.0
        return self.last_response - self.first_request

    def to_json(self) -> dict[str, Any]:
        """The counters as JSON."""
        return {
            "requests": self.requests,
            "retries": self.retries,
            "cache_hits": self.cache_hits,
            "throttled_s": round(self.throttled_s, 2),
            "busy_s": round(self.busy_s, 2),
            "failures": dict(self.failures),
            "limits": {
                k: {"limit": v[0], "interval_s": v[1], "concurrency": v[2]} for k, v in self.limits.items()
            },
        }


@dataclass
class ResolveReport:
    """What resolution did, and what it could not reach (for the build report).

    ``counts`` holds how many resolutions have each status
    (:data:`~refman.resolve.records.STATUSES`); ``unreached`` the references not checked, with the
    reason each says; ``dois_not_in_crossref`` each DOI Crossref does not hold (kept as written),
    with its reference and what doi.org said; ``review`` the ambiguous ones,
    with the candidates kept for a person to choose from; ``errors`` what went wrong on the way (the network
    error itself, for people at the terminal); ``warnings`` what did not stop the run (a damaged
    cache moved aside), one line each.
    """

    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    web_described: int = 0
    from_cache: int = 0
    offline: bool = False
    service: str = ""
    dois_not_in_crossref: list[dict[str, str]] = field(default_factory=list)
    unreached: list[dict[str, str]] = field(default_factory=list)
    review: list[dict[str, Any]] = field(default_factory=list)  # ambiguous: id, candidate DOIs
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    client: ClientStats = field(default_factory=ClientStats)
    web_requests: int = 0
    elapsed_s: float = 0.0

    @property
    def complete(self) -> bool:
        """True when every reference was checked (nothing left unreached)."""
        return self.counts[NOT_CHECKED] == 0

    def summary(self, *, why: bool = False) -> str:
        """One line for people: counts, and (``why``) what kept references from being checked:
        offline, or the network error (the build report leaves that out: it is the same either way)."""
        counts = self.counts
        text = (
            f"{self.total} references: {counts['matched']} matched, {counts['ambiguous']} ambiguous, "
            f"{counts['unmatched']} unmatched"
        )
        if counts[NOT_CHECKED]:
            text += f", {counts[NOT_CHECKED]} not checked"
            if why:
                error = self.errors[0] if self.errors else "network errors"
                text += f" ({'offline' if self.offline else error})"
        if self.dois_not_in_crossref:
            text += f"; {len(self.dois_not_in_crossref)} DOI(s) not in Crossref (kept as written)"
        return text

    def findings_json(self) -> dict[str, Any]:
        """What was found (``refman build`` puts it in report.json): the same for the same inputs
        and answers, whether the network was switched off or unreachable, however long it took."""
        return {
            "total": self.total,
            **{status.replace(" ", "_"): self.counts[status] for status in STATUSES},
            "web_described": self.web_described,
            "service": self.service,
            "complete": self.complete,
            "dois_not_in_crossref": self.dois_not_in_crossref,
            "unreached": self.unreached,
        } | ({"review": self.review} if self.review else {})

    def to_json(self) -> dict[str, Any]:
        """The report as JSON: what was found, and how the run went (offline, errors, requests)."""
        return self.findings_json() | {
            "from_cache": self.from_cache,
            "offline": self.offline,
            "errors": self.errors,
            "warnings": self.warnings,
            "requests": self.client.to_json(),
            "web_requests": self.web_requests,
            "elapsed_s": round(self.elapsed_s, 3),
        }
