"""The network side of the link checker: async, polite, bounded in time and count.

Every target (a URL without its fragment, or a DOI) is checked once however often it occurs.
URLs are fetched with GET, streaming, reading at most the first 64 KiB of an HTML page (enough for
its title, to spot soft 404s and bot walls), or with HEAD first (``method="head"``), falling back to
GET when HEAD is refused or fails. Redirects are followed one hop at a time, so the chain and its
kind (permanent or temporary) are known. DOIs are asked of the DOI resolver's handle API
(``{resolver}/api/handles/{doi}``), never of publisher landing pages that answer 403 to programs.

Limits, as lychee names them: ``max_concurrency`` requests in flight in all, ``host_concurrency``
per host, ``host_request_interval`` between two request starts on one host (a redirect to the
host that just answered follows at once, as in lychee, where redirects are followed inside one
request). Answers 429 and 5xx
(and timeouts and dropped connections) are retried up to ``max_retries`` times, waiting what
``Retry-After`` says or else ``retry_wait_time`` doubled each time; a wait longer than
``max_retry_wait`` is not made. A retry wait holds no slot, so other links go on meanwhile. Three
429s in a row from one host pause that whole host until its ``Retry-After`` has passed.

A link that got no route to its server (DNS failure, network unreachable, the proxy refusing) is
``broken`` only when some other request of the run reached a server, or, when none did (all
else cached), a probe does (a cached link's server, then the DOI resolver). Otherwise the network
is down, and such links are reported from the cache (any age) or ``not_checked``, as offline. A
DOI whose resolver could not be reached is never ``broken``: that says nothing about the DOI.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import errno
import os
import socket
import sqlite3
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit
from urllib.request import getproxies, proxy_bypass

from refman._version import __version__
from refman.linkcheck.cache import LinkCache, reusable
from refman.linkcheck.classify import (
    DEFAULT_ACCEPT,
    REDIRECT_CODES,
    RETRY_CODES,
    Hop,
    backoff_delay,
    classify_handle,
    classify_http,
    format_duration,
    parse_accept,
    parse_retry_after,
)
from refman.linkcheck.inputs import url_problem
from refman.linkcheck.links import NOT_CHECKED, Link, LinkResult, Outcome
from refman.settings import Settings

if TYPE_CHECKING:  # httpx2 is imported when a check runs, so `refman --help` stays fast
    import httpx2

__all__ = [
    "DEFAULT_DOI_RESOLVER_URL",
    "NETWORK_DOWN",
    "OFFLINE_REASON",
    "CheckOptions",
    "CheckStats",
    "check_links",
    "check_links_async",
]

DEFAULT_DOI_RESOLVER_URL = "https://doi.org"
OFFLINE_REASON = "offline: not checked, no cached result"
NETWORK_DOWN = "network unreachable"
#: Internal status of a request that found no route to its server; resolved at the end of a run.
_NO_ROUTE = "no_route"
_NO_ROUTE_ERRNOS = frozenset({errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH})
_ACCEPT_HEADER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_JSON_LIMIT = 1 << 20
_SMALL_BODY = 16 * 1024
_CACHE_FLUSH = 200
_INTERNAL = "check failed: "
_POOL_SIZE = 8


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class CheckOptions:
    """How to check: lychee's knobs (seconds for times) plus refman's DOI resolver and page checks."""

    timeout: float = 20.0
    max_concurrency: int = 128
    host_concurrency: int = 10
    host_request_interval: float = 0.05
    max_retries: int = 3
    retry_wait_time: float = 1.0
    max_retry_wait: float = 60.0
    max_redirects: int = 10
    max_cache_age: float = 86400.0
    accept: frozenset[int] = field(default_factory=lambda: parse_accept(DEFAULT_ACCEPT))
    method: str = "get"
    doi_resolver_url: str = DEFAULT_DOI_RESOLVER_URL
    user_agent: str | None = None
    insecure: bool = False
    detect_soft_404: bool = True
    use_cache: bool = True
    body_limit: int = 64 * 1024

    def __post_init__(self) -> None:
        if self.method not in ("get", "head"):
            raise ValueError(f"method must be 'get' or 'head', not {self.method!r}")
        for name in ("timeout", "max_concurrency", "host_concurrency"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name in (
            "host_request_interval",
            "max_retries",
            "retry_wait_time",
            "max_retry_wait",
            "max_cache_age",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> CheckOptions:
        """Options with ``REFMAN_DOI_RESOLVER_URL`` from the environment; ``overrides`` win (None = unset)."""
        e = os.environ if env is None else env
        values: dict[str, object] = {}
        resolver = e.get("REFMAN_DOI_RESOLVER_URL")
        if resolver:
            values["doi_resolver_url"] = resolver
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "doi_resolver_url" in values:
            values["doi_resolver_url"] = str(values["doi_resolver_url"]).rstrip("/")
        return cls(**values)  # type: ignore[arg-type]


@dataclass
class CheckStats:
    """Counters of one run (filled in while it runs)."""

    links: int = 0
    targets: int = 0
    cached: int = 0
    checked: int = 0
    requests: int = 0
    retries: int = 0
    peak_in_flight: int = 0
    elapsed: float = 0.0
    #: Set when no request reached any server and some found no route: the failure seen.
    network_down: str = ""


@dataclass
class _Response:
    code: int
    headers: Mapping[str, str]
    body: str | None
    location: str | None


@dataclass
class _Answer:
    response: _Response | None = None
    failure: Outcome | None = None
    requests: int = 0
    retries: int = 0
    note: str = ""


class _Failure(Exception):
    """A request that got no HTTP answer; ``retryable`` when another try may do better,
    ``reached`` when a server took part (it refused, dropped the connection, failed TLS)."""

    def __init__(self, status: str, reason: str, retryable: bool, reached: bool = False) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retryable = retryable
        self.reached = reached


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10 and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _proxy_for(url: str) -> str | None:
    """The proxy the environment sends ``url`` through (httpx2 trusts the environment), or None."""
    try:
        split = urlsplit(url)
    except ValueError:
        return None
    proxies = getproxies()
    proxy = proxies.get(split.scheme) or proxies.get("all")
    if not proxy or proxy_bypass(split.hostname or ""):
        return None
    return proxy


def _failure_for(exc: BaseException, timeout: float, url: str) -> _Failure:
    """Map an httpx2/asyncio exception on a request for ``url`` to a status, a reason, whether to
    retry and whether a server took part (a failure with no route gets :data:`_NO_ROUTE`)."""
    import httpx2

    causes = _causes(exc)
    text = str(exc) or type(exc).__name__
    lowered = " ".join(str(c) for c in causes).lower()
    if isinstance(exc, (asyncio.TimeoutError, httpx2.TimeoutException)):
        return _Failure("timeout", f"no answer within {format_duration(timeout)}", True)
    if isinstance(exc, (httpx2.UnsupportedProtocol, httpx2.InvalidURL, UnicodeError)):
        return _Failure("invalid", f"cannot be requested: {text}", False)
    if isinstance(exc, httpx2.ConnectError):
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in lowered:
            proxy = _proxy_for(url)
            if proxy:
                return _Failure(_NO_ROUTE, f"the proxy {proxy} refused the connection", False)
            return _Failure("broken", "connection refused", False, reached=True)
        if any(isinstance(c, socket.gaierror) for c in causes) or "name or service not known" in lowered:
            return _Failure(_NO_ROUTE, f"DNS lookup failed: no such host ({text})", False)
        unreachable = next(
            (c for c in causes if isinstance(c, OSError) and c.errno in _NO_ROUTE_ERRNOS), None
        )
        if unreachable is not None:
            return _Failure(_NO_ROUTE, f"no route to the host ({unreachable})", False)
        if "certificate" in lowered or "ssl" in lowered:
            return _Failure("broken", f"TLS error ({text})", False, reached=True)
        return _Failure("broken", f"cannot connect ({text})", False)
    if isinstance(exc, (httpx2.RemoteProtocolError, httpx2.ReadError, httpx2.WriteError, httpx2.CloseError)):
        return _Failure("server_error", f"connection dropped by the server ({text})", True, reached=True)
    return _Failure("broken", f"request failed ({type(exc).__name__}: {text})", False)


class _Gate:
    """One host's limits: a semaphore, the next allowed start, and a pause after runs of 429."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self.sem = asyncio.Semaphore(concurrency)
        self.interval = interval
        self.next_start = 0.0
        self.paused_until = 0.0
        self.run_of_429 = 0

    async def turn(self) -> None:
        """Wait for this host's next start slot (slots are reserved, so late wake-ups do not drift)."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            start = max(now, self.next_start, self.paused_until)
            self.next_start = start + self.interval
            if start > now:
                await asyncio.sleep(start - now)
            if self.paused_until <= loop.time():
                return

    def saw(self, code: int, retry_after: float | None, cap: float) -> None:
        if code != 429:
            self.run_of_429 = 0
            return
        self.run_of_429 += 1
        if self.run_of_429 >= 3:
            wait = min(cap, retry_after if retry_after is not None else 1.0)
            self.paused_until = max(self.paused_until, asyncio.get_running_loop().time() + wait)


class _Checker:
    def __init__(
        self, clients: Sequence[httpx2.AsyncClient], options: CheckOptions, stats: CheckStats
    ) -> None:
        self.clients = clients
        self.next_client = 0
        self.options = options
        self.stats = stats
        self.global_sem = asyncio.Semaphore(options.max_concurrency)
        self.gates: dict[str, _Gate] = {}
        self.in_flight = 0
        #: Whether any request of the run reached a server (an HTTP answer, or a server's refusal).
        self.reached = False

    def _gate(self, url: str) -> _Gate:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        gate = self.gates.get(host)
        if gate is None:
            gate = self.gates[host] = _Gate(self.options.host_concurrency, self.options.host_request_interval)
        return gate

    async def _read(self, response: httpx2.Response, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
        return b"".join(chunks)[:limit]

    async def _send(
        self, client: httpx2.AsyncClient, method: str, url: str, want: str
    ) -> tuple[_Response, int]:
        """One HTTP exchange (plus the GET fallback of HEAD); returns the response and requests made."""
        response = await client.send(client.build_request(method, url), stream=True)
        try:
            code = response.status_code
            if method == "HEAD" and (code >= 400 and code != 429):
                await response.aclose()
                fallback, _ = await self._send(client, "GET", url, want)
                return fallback, 2
            headers = response.headers
            ctype = headers.get("content-type", "").lower()
            length = headers.get("content-length")
            body: str | None = None
            data: bytes | None = None
            if method != "HEAD":
                if want == "json":
                    data = await self._read(response, _JSON_LIMIT)
                elif ("html" in ctype or "xml" in ctype or not ctype) and (
                    200 <= code < 300 or code in (403, 429, 503)
                ):
                    data = await self._read(response, self.options.body_limit)
                elif length is not None and length.isdigit() and int(length) <= _SMALL_BODY:
                    await response.aread()  # drained, so the connection can be reused
            if data is not None:
                encoding = response.charset_encoding or "utf-8"
                try:
                    codecs.lookup(encoding)
                except LookupError:
                    encoding = "utf-8"
                body = data.decode(encoding, errors="replace")
            return _Response(code, headers, body, headers.get("location")), 1
        finally:
            await response.aclose()

    async def _exchange(
        self, client: httpx2.AsyncClient, url: str, want: str, follow_up: bool
    ) -> tuple[_Response, int]:
        import httpx2

        gate = self._gate(url)
        method = "HEAD" if self.options.method == "head" and want == "page" else "GET"
        async with gate.sem:
            if not follow_up:
                await gate.turn()
            async with self.global_sem:
                self.in_flight += 1
                self.stats.peak_in_flight = max(self.stats.peak_in_flight, self.in_flight)
                try:
                    if sys.version_info >= (3, 11):  # a deadline without an extra task per request
                        async with asyncio.timeout(self.options.timeout):
                            return await self._send(client, method, url, want)
                    return await asyncio.wait_for(self._send(client, method, url, want), self.options.timeout)
                except (httpx2.HTTPError, asyncio.TimeoutError, UnicodeError, OSError) as exc:
                    raise _failure_for(exc, self.options.timeout, url) from None
                finally:
                    self.in_flight -= 1

    async def _request(
        self, client: httpx2.AsyncClient, url: str, want: str, follow_up: bool = False
    ) -> _Answer:
        """Ask for ``url``, retrying 429, 5xx, timeouts and dropped connections with backoff.

        ``follow_up`` marks a redirect to the host that just answered: it goes at once (within
        the host's concurrency limit), as lychee does; retries always wait their turn.
        """
        options = self.options
        answer = _Answer()
        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                response, made = await self._exchange(client, url, want, follow_up and attempt == 0)
            except _Failure as failure:
                answer.requests += 1
                self.stats.requests += 1
                answer.failure = Outcome(failure.status, None, None, failure.reason)
                answer.response = None
                retryable = failure.retryable
                self.reached = self.reached or failure.reached
            else:
                answer.requests += made
                self.stats.requests += made
                answer.failure = None
                answer.response = response
                self.reached = True
                retryable = response.code in RETRY_CODES and response.code not in options.accept
                if response.code in RETRY_CODES:
                    retry_after = parse_retry_after(response.headers.get("retry-after"), time.time())
                self._gate(url).saw(response.code, retry_after, options.max_retry_wait)
            if not retryable or attempt >= options.max_retries:
                return answer
            if retry_after is not None and retry_after > options.max_retry_wait:
                asked, limit = format_duration(retry_after), format_duration(options.max_retry_wait)
                answer.note = f"; Retry-After asks for {asked}, more than the {limit} limit"
                return answer
            wait = backoff_delay(attempt, options.retry_wait_time, retry_after, options.max_retry_wait)
            attempt += 1
            answer.retries = attempt
            self.stats.retries += 1
            await asyncio.sleep(wait)

    async def check_url(self, client: httpx2.AsyncClient, url: str) -> Outcome:
        options = self.options
        hops: list[Hop] = []
        visits: dict[str, int] = {url: 1}
        current = url
        requests = 0
        retries = 0
        for _ in range(options.max_redirects + 1):
            answer = await self._request(
                client, current, "page", follow_up=_same_host(hops[-1].url, current) if hops else False
            )
            requests += answer.requests
            retries += answer.retries
            if answer.failure is not None or answer.response is None:
                failed = answer.failure or Outcome("broken", None, None, "no answer")
                via = f" (after redirects from {url})" if hops else ""
                tried = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""
                return replace(
                    failed,
                    code=hops[-1].code if hops else None,
                    final_url=current if hops else None,
                    reason=failed.reason + tried + via,
                    attempts=requests,
                )
            response = answer.response
            hops.append(Hop(current, response.code))
            if response.code in REDIRECT_CODES and response.location:
                target = urljoin(current, response.location.strip())
                problem = url_problem(target)
                if problem:
                    return Outcome(
                        "broken",
                        response.code,
                        target,
                        f"redirects to an unusable URL: {problem}",
                        attempts=requests,
                    )
                visits[target] = visits.get(target, 0) + 1
                if visits[target] > 2:
                    return Outcome("broken", response.code, target, "redirect loop", attempts=requests)
                current = target
                continue
            outcome = classify_http(
                url,
                hops,
                response.headers,
                response.body,
                options.accept,
                detect_soft_404=options.detect_soft_404,
                retries=retries,
            )
            return replace(outcome, reason=outcome.reason + answer.note, attempts=requests)
        return Outcome(
            "broken",
            hops[-1].code,
            current,
            f"more than {options.max_redirects} redirects",
            attempts=requests,
        )

    async def check_doi(self, client: httpx2.AsyncClient, doi: str) -> Outcome:
        api = f"{self.options.doi_resolver_url}/api/handles/{quote(doi, safe='/')}?type=URL"
        answer = await self._request(client, api, "json")
        if answer.failure is not None or answer.response is None:
            failed = answer.failure or Outcome("broken", None, None, "no answer")
            tried = (
                f" after {answer.retries} retr{'y' if answer.retries == 1 else 'ies'}"
                if answer.retries
                else ""
            )
            if failed.status == "broken":  # the resolver could not be asked: nothing known of the DOI
                failed = replace(failed, status=_NO_ROUTE)
            return replace(failed, reason=failed.reason + tried, attempts=answer.requests)
        response = answer.response
        outcome = classify_handle(doi, response.code, response.body or "", retries=answer.retries)
        return replace(outcome, reason=outcome.reason + answer.note, attempts=answer.requests)

    async def probe(self, urls: Sequence[str]) -> bool:
        """Whether the network works, when no request of the run reached a server: ask ``urls``
        (servers that answered before), then the DOI resolver, one request each, until one answers."""
        for url in [*urls, self.options.doi_resolver_url + "/"]:
            self.stats.requests += 1
            try:
                await self._exchange(self.clients[0], url, "page", follow_up=False)
            except Exception as exc:  # a URL httpx2 cannot even send counts as no answer
                self.reached = isinstance(exc, _Failure) and exc.reached
            else:
                self.reached = True
            if self.reached:
                break
        return self.reached

    async def check(self, link: Link) -> Outcome:
        # One client (connection pool) per link, taken in turn: all hops and retries of a link
        # share its cookies, and no pool grows large (httpcore scans every pooled connection on
        # each request, so one big pool costs O(connections) CPU per request).
        client = self.clients[self.next_client % len(self.clients)]
        self.next_client += 1
        if link.kind == "doi" and link.doi:
            outcome = await self.check_doi(client, link.doi)
        else:
            outcome = await self.check_url(client, link.url.split("#", 1)[0])
        return replace(outcome, checked_at=_now_iso())


def _cached_fallback(
    cache: LinkCache | None, keys: Sequence[str], warn: Callable[[str], None]
) -> dict[str, Outcome]:
    """Cached outcomes of any age for links that could not be checked now, as offline (rows that
    got no answer themselves are left out: they may be an earlier network failure)."""
    if cache is None:
        return {}
    try:
        hits = cache.get_many(keys)
    except sqlite3.Error as exc:
        warn(f"link cache not read ({exc})")
        return {}
    return {key: outcome for key, (outcome, _) in hits.items() if outcome.code is not None}


def _same_host(a: str, b: str) -> bool:
    try:
        return (urlsplit(a).hostname or "").lower() == (urlsplit(b).hostname or "").lower()
    except ValueError:
        return False


def _cache_key(link: Link, options: CheckOptions) -> str:
    if link.kind == "doi":
        return f"{link.target}@{options.doi_resolver_url}"
    return link.target


def _user_agent(options: CheckOptions) -> str:
    if options.user_agent:
        return options.user_agent
    return f"refman/{__version__} (bibliography link checker)"


async def check_links_async(
    links: Sequence[Link],
    settings: Settings,
    options: CheckOptions | None = None,
    *,
    on_result: Callable[[LinkResult], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    stats: CheckStats | None = None,
) -> list[LinkResult]:
    """Check every link (each target once) and return one result per link, in input order.

    ``settings`` gives the cache directory and offline mode (offline: cached outcomes only,
    others reported ``not_checked`` with :data:`OFFLINE_REASON`); ``settings.refresh`` skips cache
    reads online. When no request reaches any server, the links that found no route are taken
    from the cache or reported ``not_checked`` (reason :data:`NETWORK_DOWN`: ...), and
    ``stats.network_down`` says why. ``on_result`` is called for each link as soon as its outcome
    is known, ``on_warning`` for problems that do not stop the run (a cache that cannot be used).
    """
    options = options or CheckOptions.from_env()
    stats = stats if stats is not None else CheckStats()
    started = time.perf_counter()
    warn = on_warning or (lambda message: None)
    by_target: dict[str, list[Link]] = {}
    for link in links:
        by_target.setdefault(link.target, []).append(link)
    stats.links = len(links)
    stats.targets = len(by_target)
    outcomes: dict[str, Outcome] = {}

    def settle(target: str, outcome: Outcome) -> None:
        outcomes[target] = outcome
        if on_result is not None:
            for link in by_target[target]:
                on_result(LinkResult(link, outcome))

    for target, group in by_target.items():
        if group[0].problem:
            settle(target, Outcome("invalid", None, None, group[0].problem, checked_at=_now_iso()))

    cache: LinkCache | None = None
    if options.use_cache:
        try:
            cache = LinkCache.in_dir(settings.cache_dir, warn)
        except (sqlite3.Error, OSError) as exc:
            warn(f"link cache not used ({settings.cache_dir}: {exc})")
    keys = {t: _cache_key(group[0], options) for t, group in by_target.items() if t not in outcomes}
    answered_before: list[str] = []  # cached URLs whose server answered: what a probe asks
    if cache is not None and (settings.offline or not settings.refresh):
        try:
            hits = cache.get_many(keys.values())
        except sqlite3.Error as exc:
            warn(f"link cache not read ({exc})")
            hits = {}
        now = time.time()
        for target, key in keys.items():
            hit = hits.get(key)
            if hit is not None and reusable(hit[0], now - hit[1], options.max_cache_age, settings.offline):
                stats.cached += 1
                settle(target, hit[0])
                if hit[0].code is not None and by_target[target][0].kind == "url":
                    answered_before.append(target)

    pending = [t for t in by_target if t not in outcomes]
    if settings.offline:
        for target in pending:
            settle(target, Outcome(NOT_CHECKED, None, None, OFFLINE_REASON))
        pending = []

    fresh: list[tuple[str, Outcome, float]] = []
    import httpx2

    def flush() -> None:
        nonlocal cache
        if cache is None or not fresh:
            return
        try:
            cache.put_many(fresh)
        except sqlite3.Error as exc:
            warn(f"link cache not written ({exc})")
            cache = None
        fresh.clear()

    try:
        if pending:
            shards = max(1, min(len(pending), -(-options.max_concurrency // _POOL_SIZE)))
            tls = httpx2.create_ssl_context(verify=not options.insecure)
            headers = {
                "User-Agent": _user_agent(options),
                "Accept": _ACCEPT_HEADER,
                "Accept-Language": "en;q=1.0, ru;q=0.9, kk;q=0.8, *;q=0.5",
            }
            async with contextlib.AsyncExitStack() as stack:
                clients = [
                    await stack.enter_async_context(
                        httpx2.AsyncClient(
                            headers=headers,
                            timeout=httpx2.Timeout(options.timeout),
                            limits=httpx2.Limits(
                                max_connections=None,
                                max_keepalive_connections=_POOL_SIZE,
                                keepalive_expiry=10.0,
                            ),
                            verify=tls,
                            follow_redirects=False,
                        )
                    )
                    for _ in range(shards)
                ]
                checker = _Checker(clients, options, stats)

                async def run(target: str) -> tuple[str, Outcome]:
                    try:
                        return target, await checker.check(by_target[target][0])
                    except Exception as exc:  # one link's bug must not lose the other results
                        reason = f"{_INTERNAL}{type(exc).__name__}: {exc}"
                        return target, Outcome("broken", None, None, reason, checked_at=_now_iso())

                unrouted: dict[str, Outcome] = {}
                for future in asyncio.as_completed([run(t) for t in pending]):
                    target, outcome = await future
                    stats.checked += 1
                    if outcome.status == _NO_ROUTE:
                        unrouted[target] = outcome
                        continue
                    settle(target, outcome)
                    if not outcome.reason.startswith(_INTERNAL):
                        fresh.append((keys[target], outcome, time.time()))
                    if len(fresh) >= _CACHE_FLUSH:
                        flush()
                if unrouted and not checker.reached and not await checker.probe(answered_before[:1]):
                    stats.network_down = next(iter(unrouted.values())).reason
                fallback = _cached_fallback(cache, [keys[t] for t in unrouted], warn) if unrouted else {}
                for target, outcome in unrouted.items():
                    if not stats.network_down and by_target[target][0].kind != "doi":
                        outcome = replace(outcome, status="broken")
                        fresh.append((keys[target], outcome, time.time()))
                    elif keys[target] in fallback:
                        stats.cached += 1
                        outcome = fallback[keys[target]]
                    else:
                        why = NETWORK_DOWN if stats.network_down else "DOI resolver unreachable"
                        outcome = Outcome(NOT_CHECKED, None, None, f"{why}: {outcome.reason}")
                    settle(target, outcome)
    finally:
        flush()
        if cache is not None:
            cache.close()
        stats.elapsed = time.perf_counter() - started
    return [LinkResult(link, outcomes[link.target]) for link in links]


def check_links(
    links: Sequence[Link],
    settings: Settings,
    options: CheckOptions | None = None,
    *,
    on_result: Callable[[LinkResult], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    stats: CheckStats | None = None,
) -> list[LinkResult]:
    """Synchronous :func:`check_links_async` (runs its own event loop; from async code await that)."""
    return asyncio.run(
        check_links_async(links, settings, options, on_result=on_result, on_warning=on_warning, stats=stats)
    )
