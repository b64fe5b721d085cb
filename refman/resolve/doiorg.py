"""The one seam to doi.org: which agency registered a DOI, and its metadata by content negotiation.

A DOI Crossref does not hold may be registered with another agency (DataCite for Zenodo and
figshare, mEDRA, JaLC, KISTI, CNKI...). For each, :class:`DoiOrgClient`:

1. asks doi.org's registration-agency API, ``GET {base}/ra/{doi}``, which answers
   ``[{"DOI": ..., "RA": "DataCite"}]``, or ``[{"DOI": ..., "status": "DOI does not exist"}]``;
2. for an agency other than Crossref, asks ``GET {base}/{doi}`` with ``Accept:
   application/vnd.citationstyles.csl+json`` (content negotiation: doi.org redirects to the
   agency, which answers the work as a CSL-JSON item), following redirects.

Answers are cached in the resolve cache (kind ``doiorg``; a DOI no agency holds is cached too,
failures that may pass are not). Requests are paced (at most :data:`RATE` per second, a few at a
time, a 429's ``Retry-After`` pausing them all) and retried with exponential backoff on 429,
5xx and timeouts, within a bounded number of attempts; a connection error marks doi.org
unreachable for the rest of the run. ``offline`` serves from the cache only.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

from refman.resolve.cache import Cache
from refman.resolve.crossref import RateGate, Reply, parse_retry_after
from refman.resolve.http import USER_AGENT, get_bounded
from refman.settings import Settings

__all__ = ["CSL_JSON", "RATE", "DoiOrgClient"]

#: The media type of a CSL-JSON item, as content negotiation names it.
CSL_JSON = "application/vnd.citationstyles.csl+json"
#: Requests per second, per interval (s), at a time: doi.org publishes no limit; this stays polite.
RATE = (5, 1.0, 2)
#: Tries per request; the first retry waits BACKOFF seconds, doubled each time up to MAX_BACKOFF;
#: a 429's Retry-After is honoured up to MAX_RETRY_AFTER.
MAX_ATTEMPTS = 4
BACKOFF = 0.5
MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0
#: The longest answer read (a CSL-JSON item with a long abstract is a few kB).
MAX_BYTES = 2 * 1024 * 1024


class _Retry(Exception):
    """An answer that may pass (429, 5xx, a timeout): asked again after ``wait`` seconds (None:
    the backoff)."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class DoiOrgClient:
    """doi.org with cache, pacing and retries. Thread-safe; one per run.

    :meth:`look_up` answers ``ok`` with ``{"agency": name, "csl": item or None}`` (None: the
    agency is Crossref, or gave no CSL-JSON), ``not_found`` when no agency holds the DOI, else
    ``failed``, ``unreachable`` or ``offline``.
    """

    def __init__(self, settings: Settings, cache: Cache, *, timeout: float = 10.0) -> None:
        self.settings = settings
        self.cache = cache
        self.timeout = timeout
        self.gate = RateGate("doi.org", *RATE)
        self.requests = 0
        self.unreachable: str | None = None
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """The doi.org base URL in use."""
        return self.settings.doiorg_url

    def _headers(self, accept: str) -> dict[str, str]:
        ua = USER_AGENT + (f" (mailto:{self.settings.mailto})" if self.settings.mailto else "")
        return {"User-Agent": ua, "Accept": accept}

    def _get_json(self, path: str, accept: str) -> tuple[int, Any]:
        """``GET {base}/{path}`` (redirects followed): the status and the JSON body (None for an
        error status or an answer over :data:`MAX_BYTES`). Retries what may pass; raises
        :class:`_Retry` when the attempts run out, ``httpx2.TransportError`` when the connection
        fails."""
        attempt = 0
        while True:
            attempt += 1
            try:
                with self.gate.slot():
                    with self._lock:
                        self.requests += 1
                    return self._once(f"{self.base_url}/{path}", accept)
            except _Retry as retry:
                if attempt >= MAX_ATTEMPTS:
                    raise
                wait = retry.wait if retry.wait is not None else BACKOFF * 2 ** (attempt - 1)
                wait = min(wait, MAX_RETRY_AFTER if retry.wait is not None else MAX_BACKOFF)
                if retry.wait is not None:
                    self.gate.block(wait)  # a 429: every request waits
                else:
                    time.sleep(wait)

    def _once(self, url: str, accept: str) -> tuple[int, Any]:
        import httpx2

        try:
            answer = get_bounded(
                url,
                headers=self._headers(accept),
                timeout=self.timeout,
                max_bytes=MAX_BYTES,
                read_body=lambda status, _: status < 400,
            )
        except httpx2.TimeoutException:
            raise _Retry("timed out") from None
        if answer.status == 429 or answer.status >= 500:
            raise _Retry(f"HTTP {answer.status}", parse_retry_after(answer.retry_after))
        if answer.status >= 400 or answer.truncated:
            return answer.status, None
        try:
            return answer.status, json.loads(answer.body)
        except ValueError:
            raise _Retry("malformed JSON") from None

    def _ask(self, doi: str) -> Reply[Any]:
        """doi.org's answer for one DOI (no cache)."""
        import httpx2

        path = quote(doi, safe="/:;()._-")
        try:
            status, answer = self._get_json(f"ra/{path}", "application/json")
            first = answer[0] if isinstance(answer, list) and answer else None
            if status != 200 or not isinstance(first, Mapping):
                return Reply("failed", error=f"doi.org /ra/{doi}: unexpected answer (HTTP {status})")
            agency = first.get("RA")
            if not isinstance(agency, str) or not agency:
                return Reply("not_found", error=str(first.get("status") or "DOI does not exist"))
            csl = None
            if agency.casefold() != "crossref":
                status, csl = self._get_json(path, CSL_JSON)
                if isinstance(csl, list) and len(csl) == 1:
                    csl = csl[0]
            return Reply("ok", body={"agency": agency, "csl": csl if isinstance(csl, dict) else None})
        except _Retry as exc:
            return Reply("failed", error=f"doi.org {doi}: {exc} after {MAX_ATTEMPTS} attempt(s)")
        except (httpx2.ConnectError, httpx2.UnsupportedProtocol, httpx2.InvalidURL) as exc:
            with self._lock:
                self.unreachable = self.unreachable or f"{self.base_url}: cannot connect ({exc})"
            return Reply("unreachable", error=self.unreachable)
        except httpx2.HTTPError as exc:
            return Reply("failed", error=f"doi.org {doi}: {type(exc).__name__}: {exc}")

    def look_up(self, doi: str) -> Reply[Any]:
        """The agency of ``doi`` and, for agencies other than Crossref, its CSL-JSON item: from
        the cache when allowed, else from doi.org (stored when definitive)."""
        key = f"{self.base_url}|{doi}"
        if not self.settings.refresh:
            hit = self.cache.get("doiorg", key)
            if hit is not None:
                return Reply("ok" if hit[0] == 200 else "not_found", body=hit[1], cached=True)
        if self.settings.offline:
            return Reply("offline", error="offline: not in the cache")
        if self.unreachable:
            return Reply("unreachable", error=self.unreachable)
        reply = self._ask(doi)
        if reply.status == "ok":
            self.cache.put("doiorg", key, 200, reply.body)
        elif reply.status == "not_found":
            self.cache.put("doiorg", key, 404, None)
        return reply

    def look_up_many(self, dois: Sequence[str]) -> dict[str, Reply[Any]]:
        """:meth:`look_up` for several DOIs (duplicates once), a few at a time."""
        unique = list(dict.fromkeys(dois))
        if not unique:
            return {}
        with ThreadPoolExecutor(max_workers=min(RATE[2], len(unique)), thread_name_prefix="doiorg") as ex:
            return dict(zip(unique, ex.map(self.look_up, unique), strict=True))
