"""The one seam to Crossref: habanero, wrapped in what it lacks (cache, retries, pacing, politeness).

habanero 2.9 is synchronous, has no cache, no retry and a 5 s default timeout, and hides response
headers from successful calls. Around it this module adds:

* a persistent cache (:class:`~refman.resolve.cache.Cache`): records by DOI, candidate lists by
  normalised query; ``offline`` serves only from it, ``refresh`` bypasses it;
* politeness: ``mailto`` (Crossref's polite pool) and a User-Agent naming refman and its version;
* a client-side rate limit per pool (single-record lookups and list queries are limited apart):
  requests start at most ``X-Rate-Limit-Limit`` per ``X-Rate-Limit-Interval`` and at most
  ``X-Concurrency-Limit`` at a time. The limits are read from a light probe request per pool
  (``GET /works?rows=0``; ``GET /works/{doi}``) and from every error response, since habanero
  returns only the body of a successful call; until then Crossref's published polite-pool (or
  public-pool, without ``mailto``) limits apply;
* retries with exponential backoff on 429, 5xx, timeouts and malformed JSON, honouring
  ``Retry-After`` (which pauses the whole pool), within a bounded budget;
* failing fast: a connection error or DNS failure marks the service unreachable for the rest of
  the run, so a build without network completes in moments and reports what it could not reach.

Requests run in parallel threads, never more than the concurrency limit.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from refman.identifiers import normalise_doi
from refman.resolve.cache import Cache
from refman.resolve.http import USER_AGENT
from refman.resolve.stats import ClientStats
from refman.settings import Settings

__all__ = [
    "SELECT_FIELDS",
    "CrossrefClient",
    "RateGate",
    "Reply",
    "Task",
    "parse_retry_after",
    "search_key",
]

T = TypeVar("T")


#: Fields asked of list queries (``select=``) and kept of records: what matching and the CSL
#: mapping use; reference lists, licences and abstracts are left at Crossref.
SELECT_FIELDS: tuple[str, ...] = (
    "DOI",
    "type",
    "title",
    "subtitle",
    "original-title",
    "short-title",
    "author",
    "editor",
    "translator",
    "issued",
    "published",
    "published-print",
    "published-online",
    "container-title",
    "short-container-title",
    "group-title",
    "volume",
    "issue",
    "page",
    "article-number",
    "publisher",
    "publisher-location",
    "ISSN",
    "ISBN",
    "event",
    "update-to",
    "updated-by",
    "relation",
    "score",
)
_KEEP = frozenset((*SELECT_FIELDS, "language", "edition-number"))

#: Crossref's published limits (2025-12): polite pool with ``mailto``, public pool without.
POLITE = {"single": (10, 1.0, 3), "list": (3, 1.0, 3)}
PUBLIC = {"single": (5, 1.0, 1), "list": (1, 1.0, 1)}
#: A request is counted against the limit until this many intervals after its answer (clock slack).
PACING_MARGIN = 1.02


#: The field queries a search may use (``query.bibliographic``, ``query.author``).
SEARCH_FIELDS = ("bibliographic", "author")


@dataclass(frozen=True)
class Task:
    """One thing to ask Crossref: ``Task("work", doi)`` or ``Task("search", query, (from, until))``;
    ``field="author"`` searches ``query.author`` instead of ``query.bibliographic``."""

    kind: str
    key: str
    years: tuple[int, int] | None = None
    rows: int = 20
    field: str = "bibliographic"

    @property
    def cache_key(self) -> str:
        """The key in the cache: the DOI, or the normalised query with its filter (and its field,
        when it is not ``bibliographic``)."""
        if self.kind == "work":
            return self.key
        key = search_key(self.key, self.years, self.rows)
        return key if self.field == "bibliographic" else f"{self.field}|{key}"


def search_key(query: str, years: tuple[int, int] | None, rows: int = 20) -> str:
    """Cache key of a search: whitespace-squeezed, case-folded query plus rows and years."""
    norm = " ".join(query.split()).casefold()
    span = f"{years[0]}-{years[1]}" if years else "-"
    return f"{rows}|{span}|{norm}"


@dataclass
class Reply(Generic[T]):
    """What a service replied to one request: ``ok`` (``body``: for Crossref a record or an item
    list), ``not_found``, ``failed`` (gave up after retries, or a bad request), ``unreachable`` (no
    connection) or ``offline`` (not in the cache and not allowed to ask)."""

    status: str
    body: T | None = None
    error: str | None = None
    cached: bool = False

    @property
    def not_reached(self) -> bool:
        """True when the service was not reached: offline, or unreachable."""
        return self.status in ("offline", "unreachable")


class RateGate:
    """Client-side limit of one pool.

    A request may start only when fewer than ``limit`` requests *could* reach the server within
    one ``interval`` of it: a request counts from its start until ``interval`` after its answer
    came back (when it arrived at the server is not known, only that it was before the answer),
    so however late a thread gets to send, the server never sees more than ``limit`` requests in
    any window of ``interval``. Starts are also spread at least ``interval / limit`` apart, at most
    ``concurrency`` are in flight, and a 429's ``Retry-After`` pauses the whole pool.
    """

    def __init__(self, name: str, limit: int, interval: float, concurrency: int) -> None:
        self.name = name
        self.limit = max(1, limit)
        self.interval = interval if interval > 0 else 1.0
        self.concurrency = max(1, concurrency)
        self._cond = threading.Condition()
        self._next = 0.0
        self._blocked_until = 0.0
        self._in_flight = 0
        self._recent: list[list[float]] = []  # [answered at] (inf while in flight), per request

    @property
    def spacing(self) -> float:
        return self.interval / self.limit

    def update(self, limit: int | None, interval: float | None, concurrency: int | None) -> None:
        with self._cond:
            if limit:
                self.limit = max(1, limit)
            if interval:
                self.interval = interval
            if concurrency:
                self.concurrency = max(1, concurrency)
            self._cond.notify_all()

    def block(self, seconds: float) -> None:
        """Pause the pool (a 429 with Retry-After)."""
        with self._cond:
            self._blocked_until = max(self._blocked_until, time.monotonic() + seconds)
            self._cond.notify_all()

    def _wait_locked(self, now: float) -> float:
        """Seconds until a start is allowed (0: now); called with the lock held."""
        horizon = now - self.interval * PACING_MARGIN
        self._recent = [r for r in self._recent if r[0] > horizon]
        waits = [self._blocked_until - now, self._next - now]
        if self._in_flight >= self.concurrency:
            waits.append(float("inf"))
        if len(self._recent) >= self.limit:
            answered = sorted(r[0] for r in self._recent)
            waits.append(answered[len(self._recent) - self.limit] - horizon)
        return max(0.0, *waits)

    @contextmanager
    def slot(self) -> Iterator[float]:
        """Wait until a request may start; yields the seconds waited."""
        begun = time.monotonic()
        with self._cond:
            while True:
                now = time.monotonic()
                wait = self._wait_locked(now)
                if wait <= 0.0:
                    break
                self._cond.wait(None if wait == float("inf") else wait)
            entry = [float("inf")]
            self._recent.append(entry)
            self._in_flight += 1
            self._next = max(self._next, now) + self.spacing
        try:
            yield now - begun
        finally:
            with self._cond:
                entry[0] = time.monotonic()
                self._in_flight -= 1
                self._cond.notify_all()


@dataclass
class _Failure:
    kind: str  # "not_found" | "retry" | "unreachable" | "failed"
    message: str
    status: int | None = None
    headers: Mapping[str, str] | None = None


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); None without one."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _parse_interval(value: str | None) -> float | None:
    if not value:
        return None
    v = value.strip().lower()
    try:
        if v.endswith("ms"):
            return float(v[:-2]) / 1000
        if v.endswith("s"):
            return float(v[:-1])
        if v.endswith("m"):
            return float(v[:-1]) * 60
        return float(v)
    except ValueError:
        return None


def _parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _classify(exc: BaseException) -> _Failure:
    """Map what habanero/httpx2 raised to what to do about it (walks the exception chain)."""
    import httpx2
    from habanero.exceptions import RequestError

    seen: BaseException | None = exc
    status: int | None = None
    headers: Mapping[str, str] | None = None
    message = f"{type(exc).__name__}: {exc}"
    for _ in range(6):
        if seen is None:
            break
        if isinstance(seen, httpx2.HTTPStatusError):
            status = seen.response.status_code
            headers = seen.response.headers
            break
        if isinstance(seen, httpx2.TimeoutException):
            return _Failure("retry", "timed out")
        if isinstance(seen, (httpx2.ConnectError, httpx2.UnsupportedProtocol, httpx2.InvalidURL)):
            return _Failure("unreachable", f"cannot connect: {seen}")
        if isinstance(seen, httpx2.TransportError):
            return _Failure("retry", f"connection broken: {type(seen).__name__}")
        if isinstance(seen, RequestError):
            code = seen.status_code
            status = code if isinstance(code, int) else _parse_int(str(code))
            if status == 200:
                return _Failure("retry", "malformed response (not JSON)", status)
        elif isinstance(seen, ValueError):
            return _Failure("retry", "malformed JSON", 200)
        seen = seen.__cause__ or seen.__context__
    if status is None:
        return _Failure("failed", message)
    if status == 404:
        return _Failure("not_found", "not found", status, headers)
    if status in (408, 425, 429) or status >= 500:
        return _Failure("retry", f"HTTP {status}", status, headers)
    return _Failure("failed", f"HTTP {status}", status, headers)


def _slim(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k in _KEEP}


def _quote_doi(doi: str) -> str:
    return quote(doi, safe="/:;()._-")


class CrossrefClient:
    """Crossref with cache, pacing and retries. Thread-safe; one per run.

    ``timeout`` is habanero's per-request timeout; ``max_attempts`` bounds tries per request;
    ``backoff`` is the first retry wait (doubled each time, at most ``max_backoff``);
    ``retry_budget`` bounds the seconds all retries of a run may wait in total.
    """

    def __init__(
        self,
        settings: Settings,
        cache: Cache,
        *,
        timeout: float = 10.0,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_retry_after: float = 60.0,
        retry_budget: float = 300.0,
        max_consecutive_failures: int = 20,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.retry_budget = retry_budget
        self.max_consecutive_failures = max_consecutive_failures
        defaults = POLITE if settings.mailto else PUBLIC
        self._gates = {name: RateGate(name, *defaults[name]) for name in ("single", "list")}
        self.stats = ClientStats()
        self.unreachable: str | None = None
        self._lock = threading.Lock()
        self._probed: set[str] = set()
        self._consecutive_failures = 0
        self._crossref: Any = None

    # --- plumbing ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The Crossref base URL in use."""
        return self.settings.crossref_url

    def _cache_key(self, task: Task) -> str:
        """Cache keys name the service, so two Crossref-compatible servers never mix."""
        return f"{self.base_url}|{task.cache_key}"

    def _habanero(self) -> Any:
        if self._crossref is None:
            from habanero import Crossref

            self._crossref = Crossref(
                base_url=self.base_url,
                mailto=self.settings.mailto,
                ua_string=USER_AGENT,
                timeout=self.timeout,  # habanero annotates int; httpx2 takes a float too
            )
        return self._crossref

    def _headers(self) -> dict[str, str]:
        ua = f"{USER_AGENT}"
        if self.settings.mailto:
            ua += f" (mailto:{self.settings.mailto})"
        return {"User-Agent": ua, "X-USER-AGENT": ua}

    def _learn(self, pool: str, headers: Mapping[str, str] | None) -> None:
        if not headers:
            return
        limit = _parse_int(headers.get("x-rate-limit-limit"))
        interval = _parse_interval(headers.get("x-rate-limit-interval"))
        concurrency = _parse_int(headers.get("x-concurrency-limit"))
        if limit or interval or concurrency:
            gate = self._gates[pool]
            gate.update(limit, interval, concurrency)
            with self._lock:
                self.stats.limits[pool] = (gate.limit, gate.interval, gate.concurrency)

    def _fail(self, kind: str) -> None:
        with self._lock:
            self.stats.failures[kind] = self.stats.failures.get(kind, 0) + 1

    def _mark_unreachable(self, reason: str) -> None:
        with self._lock:
            if self.unreachable is None:
                self.unreachable = f"{self.base_url}: {reason}"

    def _probe(self, pool: str, doi: str | None = None) -> None:
        """One light request per pool to learn its limits (and to fail fast without network)."""
        with self._lock:
            if pool in self._probed or self.unreachable:
                return
            self._probed.add(pool)
        import httpx2

        if pool == "list":
            url = f"{self.base_url}/works"
            params = {"rows": "0"}
        else:
            url = f"{self.base_url}/works/{_quote_doi(doi or '10.0000/refman-probe')}"
            params = {}
        if self.settings.mailto:
            params["mailto"] = self.settings.mailto
        gate = self._gates[pool]
        for attempt in range(3):
            try:
                with gate.slot():
                    with self._lock:
                        self.stats.requests += 1
                    response = httpx2.get(
                        url, params=params, headers=self._headers(), timeout=min(self.timeout, 10.0)
                    )
            except (httpx2.ConnectError, httpx2.UnsupportedProtocol, httpx2.InvalidURL) as exc:
                self._mark_unreachable(f"cannot connect ({exc})")
                return
            except httpx2.TimeoutException:
                if attempt == 1:
                    self._mark_unreachable("timed out twice")
                    return
                continue
            except httpx2.TransportError:
                time.sleep(self.backoff)
                continue
            self._learn(pool, response.headers)
            if response.status_code == 429:
                wait = parse_retry_after(response.headers.get("retry-after")) or self.backoff
                gate.block(min(wait, self.max_retry_after))
            return

    # --- requests ----------------------------------------------------------------------------

    def _request(self, pool: str, call: Callable[[], Any]) -> Reply[Any]:
        gate = self._gates[pool]
        attempt = 0
        while True:
            if self.unreachable:
                return Reply("unreachable", error=self.unreachable)
            with gate.slot() as waited:
                with self._lock:
                    self.stats.requests += 1
                    self.stats.throttled_s += waited
                    if self.stats.first_request is None:
                        self.stats.first_request = time.monotonic()
                try:
                    body = call()
                except Exception as exc:
                    failure = _classify(exc)
                else:
                    with self._lock:
                        self._consecutive_failures = 0
                        self.stats.last_response = time.monotonic()
                    return Reply("ok", body=body)
                finally:
                    with self._lock:
                        self.stats.last_response = time.monotonic()
            self._learn(pool, failure.headers)
            if failure.kind == "not_found":
                return Reply("not_found", error=failure.message)
            if failure.kind == "unreachable":
                self._mark_unreachable(failure.message)
                return Reply("unreachable", error=self.unreachable)
            self._fail(failure.message)
            attempt += 1
            if failure.kind == "retry" and attempt < self.max_attempts:
                retry_after = None
                if failure.status == 429 and failure.headers is not None:
                    retry_after = parse_retry_after(failure.headers.get("retry-after"))
                wait = (
                    retry_after
                    if retry_after is not None
                    else min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
                )
                with self._lock:
                    budget_left = self.retry_budget > 0
                    self.retry_budget -= wait
                    self.stats.retries += 1
                if wait <= self.max_retry_after and budget_left:
                    if failure.status == 429:
                        gate.block(wait)  # the whole pool waits, and this request retries after it
                    else:
                        time.sleep(wait)
                    continue
            with self._lock:
                self._consecutive_failures += 1
                broken = self._consecutive_failures >= self.max_consecutive_failures
            if broken:
                self._mark_unreachable(
                    f"{self.max_consecutive_failures} requests failed in a row ({failure.message})"
                )
            return Reply("failed", error=f"{failure.message} after {attempt} attempt(s)")

    def fetch_work(self, doi: str) -> Reply[Any]:
        """``GET /works/{doi}`` through habanero (cache first, unless refreshing)."""
        self._probe("single", doi)
        cr = self._habanero()
        reply = self._request("single", lambda: cr.works(ids=_quote_doi(doi)))
        if reply.status == "ok":
            message = reply.body.get("message") if isinstance(reply.body, Mapping) else None
            if not isinstance(message, Mapping):
                return Reply("failed", error="unexpected response shape")
            reply.body = _slim(message)
        return reply

    def fetch_search(
        self, query: str, years: tuple[int, int] | None, rows: int = 20, field: str = "bibliographic"
    ) -> Reply[Any]:
        """``GET /works?query.bibliographic=...&rows=...&filter=from-pub-date,until-pub-date``
        (``query.author=...`` when ``field`` is ``author``)."""
        if field not in SEARCH_FIELDS:
            raise ValueError(f"unknown search field {field!r}")
        self._probe("list")
        cr = self._habanero()
        filt = {"from_pub_date": str(years[0]), "until_pub_date": str(years[1])} if years else None
        ask = {f"query_{field}": query}
        reply = self._request(
            "list",
            lambda: cr.works(limit=rows, filter=filt, select=list(SELECT_FIELDS), **ask),
        )
        if reply.status == "ok":
            message = reply.body.get("message") if isinstance(reply.body, Mapping) else None
            items = message.get("items") if isinstance(message, Mapping) else None
            if not isinstance(items, list):
                return Reply("failed", error="unexpected response shape")
            reply.body = [_slim(i) for i in items if isinstance(i, Mapping)]
        return reply

    def run(self, task: Task) -> Reply[Any]:
        """One task: from the cache when allowed, else from Crossref (stored when definitive)."""
        kind = "work" if task.kind == "work" else "search"
        key = self._cache_key(task)
        if not self.settings.refresh:
            hit = self.cache.get(kind, key)
            if hit is not None:
                with self._lock:
                    self.stats.cache_hits += 1
                status, body = hit
                return Reply("ok" if status == 200 else "not_found", body=body, cached=True)
        if self.settings.offline:
            return Reply("offline", error="offline: not in the cache")
        if task.kind == "work":
            reply = self.fetch_work(normalise_doi(task.key) or task.key)
        else:
            reply = self.fetch_search(task.key, task.years, task.rows, task.field)
        if reply.status == "ok":
            self.cache.put(kind, key, 200, reply.body)
        elif reply.status == "not_found" and task.kind == "work":
            self.cache.put(kind, key, 404, None)
        return reply

    def run_many(
        self, tasks: Sequence[Task], progress: Callable[[int, int], None] | None = None
    ) -> dict[Task, Reply[Any]]:
        """Run tasks (duplicates once), in parallel up to the pools' concurrency limits."""
        unique = list(dict.fromkeys(tasks))
        results: dict[Task, Reply[Any]] = {}
        pending: list[Task] = []
        kinds = {
            "work": [t for t in unique if t.kind == "work"],
            "search": [t for t in unique if t.kind != "work"],
        }
        for kind, group in kinds.items():
            if not group:
                continue
            hits = (
                {}
                if self.settings.refresh
                else self.cache.get_many(kind, [self._cache_key(t) for t in group])
            )
            for t in group:
                hit = hits.get(self._cache_key(t))
                if hit is not None:
                    status, body = hit
                    results[t] = Reply("ok" if status == 200 else "not_found", body=body, cached=True)
                else:
                    pending.append(t)
        with self._lock:
            self.stats.cache_hits += len(results)
        total = len(unique)
        done = len(results)
        if progress is not None:
            progress(done, total)
        if not pending:
            return results
        if self.settings.offline:
            for t in pending:
                results[t] = Reply("offline", error="offline: not in the cache")
            if progress is not None:
                progress(total, total)
            return results
        # learn the limits first, so the worker count fits them
        if any(t.kind != "work" for t in pending):
            self._probe("list")
        first_doi = next((t.key for t in pending if t.kind == "work"), None)
        if first_doi is not None:
            self._probe("single", first_doi)
        workers = max(g.concurrency for g in self._gates.values())
        lock = threading.Lock()

        def one(task: Task) -> None:
            nonlocal done
            reply = self.run(task)
            with lock:
                results[task] = reply
                done += 1
                if progress is not None:
                    progress(done, total)

        with ThreadPoolExecutor(
            max_workers=max(1, min(workers, len(pending))), thread_name_prefix="crossref"
        ) as ex:
            for _ in ex.map(one, pending):
                pass
        return results


def dumps_stats(stats: ClientStats) -> str:
    """The client's counters as one line of JSON (for logs and benchmarks)."""
    return json.dumps(stats.to_json(), sort_keys=True)
