"""A Crossref-compatible REST server over real Crossref records, for tests and benchmarks.

It binds to 127.0.0.1 only and serves what refman (through habanero, unpatched) asks Crossref for:

* ``GET /works/{doi}``: the record in Crossref's envelope (``{"status": "ok", "message-type":
  "work", "message-version": "1.0.0", "message": record}``), or 404 ``Resource not found.``;
* ``GET /works?query.bibliographic=...&rows=20&filter=from-pub-date:Y,until-pub-date:Y``:
  ranked full-text search (SQLite FTS5, bm25) in the exact envelope of the recorded responses
  (``query.author`` and ``query.container-title`` look in the authors or the container only)
  in ``/work/shared/data/crossref/search_responses/`` (``message-type: work-list``, ``items``
  with a ``score`` each, ``total-results``, ``items-per-page``, ``query``, ``facets``).

Like Crossref it advertises ``X-Rate-Limit-Limit``, ``X-Rate-Limit-Interval`` and
``X-Concurrency-Limit`` per pool (single-record lookups and list queries) and answers 429 with
``Retry-After`` past either limit; the counters in :attr:`CrossrefServer.stats` say whether a client
ever exceeded them. Faults can be injected (:class:`Faults`): 429 with ``Retry-After``, 500/503,
slow answers and malformed JSON, e.g. on every third request.

Run it alone (the benchmark does this, so server and client do not share one GIL)::

    python -m tests.support.crossref_server --records works.jsonl.gz --port 8766 --rate 50
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["CrossrefServer", "Faults", "WorkIndex", "load_records"]

_TOKEN = re.compile(r"\w+")


def load_records(path: str | Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Crossref work records from a ``.jsonl`` or ``.jsonl.gz`` file (one ``message`` per line)."""
    p = Path(path)
    opener = gzip.open if p.suffix == ".gz" else open
    out: list[dict[str, Any]] = []
    with opener(p, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
    return out


def _query_tokens(text: str) -> list[str]:
    folded = _fold(text).replace('"', "")
    return list(dict.fromkeys(t for t in _TOKEN.findall(folded) if len(t) > 1 or t.isdigit()))[:64]


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _first(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _years(record: Mapping[str, Any]) -> set[int]:
    out: set[int] = set()
    for key in ("issued", "published", "published-print", "published-online"):
        value = record.get(key)
        parts = value.get("date-parts") if isinstance(value, Mapping) else None
        if (
            isinstance(parts, list)
            and parts
            and isinstance(parts[0], list)
            and parts[0]
            and isinstance(parts[0][0], int)
        ):
            out.add(parts[0][0])
    return out


class WorkIndex:
    """Records by DOI plus an FTS5 index (title, authors, container, numbers) ranked by bm25."""

    #: bm25 column weights: title, authors, container, other (year, volume, issue, pages, publisher)
    WEIGHTS = (3.0, 2.0, 1.0, 0.5)

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.executescript(
            """
            CREATE TABLE works (id INTEGER PRIMARY KEY, doi TEXT UNIQUE, type TEXT, body TEXT);
            CREATE TABLE years (id INTEGER, year INTEGER);
            CREATE INDEX years_id ON years (id, year);
            CREATE VIRTUAL TABLE fts USING fts5(
                title, authors, container, other, tokenize = 'unicode61 remove_diacritics 2'
            );
            """
        )
        self.add(records)

    def __len__(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT count(*) FROM works").fetchone()
        return int(n)

    def add(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Index records (a record with a DOI already indexed replaces it)."""
        with self._lock:
            for rec in records:
                doi = str(rec.get("DOI", "")).lower()
                if not doi:
                    continue
                self._remove_locked([doi])
                cur = self._db.execute(
                    "INSERT INTO works (doi, type, body) VALUES (?, ?, ?)",
                    (doi, str(rec.get("type", "")), json.dumps(rec, ensure_ascii=False)),
                )
                rid = cur.lastrowid
                title = " ".join(
                    _first(rec.get(k)) for k in ("title", "subtitle", "original-title", "short-title")
                )
                people = [
                    " ".join(str(p.get(k, "")) for k in ("given", "family", "name"))
                    for role in ("author", "editor")
                    for p in rec.get(role, []) or []
                    if isinstance(p, Mapping)
                ]
                container = " ".join(_first(rec.get(k)) for k in ("container-title", "short-container-title"))
                years = _years(rec)
                numbers = [_first(rec.get(k)) for k in ("volume", "issue", "page")]
                other = " ".join([*(str(y) for y in sorted(years)), *numbers, _first(rec.get("publisher"))])
                self._db.execute(
                    "INSERT INTO fts (rowid, title, authors, container, other) VALUES (?, ?, ?, ?, ?)",
                    (rid, title, " ".join(people), container, other),
                )
                self._db.executemany("INSERT INTO years (id, year) VALUES (?, ?)", [(rid, y) for y in years])
            self._db.commit()

    def _remove_locked(self, dois: Iterable[str]) -> int:
        n = 0
        for doi in dois:
            row = self._db.execute("SELECT id FROM works WHERE doi = ?", (doi.lower(),)).fetchone()
            if row is None:
                continue
            (rid,) = row
            self._db.execute("DELETE FROM works WHERE id = ?", (rid,))
            self._db.execute("DELETE FROM fts WHERE rowid = ?", (rid,))
            self._db.execute("DELETE FROM years WHERE id = ?", (rid,))
            n += 1
        return n

    def remove(self, dois: Iterable[str]) -> int:
        """Take records out of the index (the benchmark's negatives); returns how many were there."""
        with self._lock:
            n = self._remove_locked(dois)
            self._db.commit()
        return n

    def get(self, doi: str) -> dict[str, Any] | None:
        """The record with this DOI (case-insensitive), or None."""
        with self._lock:
            row = self._db.execute("SELECT body FROM works WHERE doi = ?", (doi.lower(),)).fetchone()
        return json.loads(row[0]) if row else None

    def search(
        self,
        query: str,
        rows: int = 20,
        offset: int = 0,
        year_from: int | None = None,
        year_until: int | None = None,
        work_type: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total results, the records of this page with a ``score``), best first.

        ``fields`` are field queries, as Crossref's ``query.author`` and ``query.container-title``:
        their words are looked for in that column only (``{"authors": "Cui Xiao"}``)."""
        tokens = _query_tokens(query)
        terms = [" OR ".join('"' + t.replace('"', "") + '"' for t in tokens)] if tokens else []
        for column, text in (fields or {}).items():
            words = _query_tokens(text)
            if words:
                terms.append(f"{column} : (" + " OR ".join(f'"{w}"' for w in words) + ")")
        where: list[str] = []
        params: list[Any] = []
        if year_from is not None or year_until is not None:
            where.append("EXISTS (SELECT 1 FROM years y WHERE y.id = w.id AND y.year BETWEEN ? AND ?)")
            params += [
                year_from if year_from is not None else -9999,
                year_until if year_until is not None else 9999,
            ]
        if work_type:
            where.append("w.type = ?")
            params.append(work_type)
        cond = (" AND " + " AND ".join(where)) if where else ""
        with self._lock:
            if terms:
                match = " OR ".join(f"({t})" for t in terms)
                weights = ", ".join(str(w) for w in self.WEIGHTS)
                base = f"FROM fts JOIN works w ON w.id = fts.rowid WHERE fts MATCH ?{cond}"
                (total,) = self._db.execute(f"SELECT count(*) {base}", [match, *params]).fetchone()
                found = self._db.execute(
                    f"SELECT w.body, bm25(fts, {weights}) AS rank {base} ORDER BY rank LIMIT ? OFFSET ?",
                    [match, *params, rows, offset],
                ).fetchall()
                items = []
                for body, rank in found:
                    rec = json.loads(body)
                    rec["score"] = round(-float(rank) * 10.0, 5)
                    items.append(rec)
                return int(total), items
            base = f"FROM works w WHERE 1=1{cond}"
            (total,) = self._db.execute(f"SELECT count(*) {base}", params).fetchone()
            plain = self._db.execute(
                f"SELECT w.body {base} ORDER BY w.id LIMIT ? OFFSET ?", [*params, rows, offset]
            ).fetchall()
            items = []
            for (body,) in plain:
                rec = json.loads(body)
                rec["score"] = 0.0
                items.append(rec)
            return int(total), items


@dataclass
class Fault:
    """What to do instead of (or before) answering a request."""

    kind: str  # "429" | "500" | "503" | "slow" | "malformed"
    retry_after: int = 1
    delay: float = 0.0


@dataclass
class Faults:
    """A deterministic fault plan over the data requests (``/works...``), counted from 1."""

    every: int = 0
    kinds: tuple[str, ...] = ("429", "500")
    retry_after: int = 1
    delay: float = 0.0
    only: Callable[[int, str], Fault | None] | None = None

    def pick(self, n: int, path: str) -> Fault | None:
        """The fault for the ``n``-th data request, or None."""
        if self.only is not None:
            return self.only(n, path)
        if self.every and n % self.every == 0:
            kind = self.kinds[(n // self.every - 1) % len(self.kinds)]
            return Fault(kind, retry_after=self.retry_after, delay=self.delay)
        return None


@dataclass
class Pool:
    """One rate-limit pool (Crossref keeps single-record lookups and list queries apart)."""

    name: str
    limit: int
    interval: float = 1.0
    concurrency: int = 3
    arrivals: deque[float] = field(default_factory=deque)
    in_flight: int = 0


@dataclass
class Stats:
    """What the server saw: requests per status, limit violations, peak concurrency, a log."""

    requests: int = 0
    data_requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    injected: dict[str, int] = field(default_factory=dict)
    rate_limited: int = 0
    concurrency_limited: int = 0
    peak_in_flight: dict[str, int] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The counters (not the log) as JSON."""
        return {
            "requests": self.requests,
            "data_requests": self.data_requests,
            "by_status": {str(k): v for k, v in sorted(self.by_status.items())},
            "injected": dict(self.injected),
            "rate_limited": self.rate_limited,
            "concurrency_limited": self.concurrency_limited,
            "peak_in_flight": dict(self.peak_in_flight),
        }


class CrossrefServer:
    """The server: ``with CrossrefServer(records) as server: server.url`` (``http://127.0.0.1:PORT``)."""

    def __init__(
        self,
        records: Iterable[Mapping[str, Any]] | WorkIndex,
        *,
        port: int = 0,
        single_limit: int = 50,
        list_limit: int = 20,
        interval: float = 1.0,
        concurrency: int = 5,
        enforce_limits: bool = True,
        latency: float = 0.0,
        faults: Faults | None = None,
        keep_log: bool = True,
    ) -> None:
        self.index = records if isinstance(records, WorkIndex) else WorkIndex(records)
        self.pools = {
            "single": Pool("single", single_limit, interval, concurrency),
            "list": Pool("list", list_limit, interval, concurrency),
        }
        self.enforce_limits = enforce_limits
        self.latency = latency
        self.faults = faults or Faults()
        self.keep_log = keep_log
        self.stats = Stats()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL to give refman (``--crossref-url``)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> CrossrefServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="crossref-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> CrossrefServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset_stats(self) -> None:
        """Forget what was counted so far (the rate windows too)."""
        with self._lock:
            self.stats = Stats()
            for pool in self.pools.values():
                pool.arrivals.clear()

    # --- request handling --------------------------------------------------------------------

    def _admit(self, pool: Pool) -> str | None:
        """Count an arrival; the reason to refuse it with 429, or None."""
        now = time.monotonic()
        with self._lock:
            while pool.arrivals and pool.arrivals[0] <= now - pool.interval:
                pool.arrivals.popleft()
            if self.enforce_limits and len(pool.arrivals) >= pool.limit:
                self.stats.rate_limited += 1
                pool.arrivals.append(now)
                return "rate"
            pool.arrivals.append(now)
            if self.enforce_limits and pool.in_flight >= pool.concurrency:
                self.stats.concurrency_limited += 1
                return "concurrency"
            pool.in_flight += 1
            peak = self.stats.peak_in_flight.get(pool.name, 0)
            self.stats.peak_in_flight[pool.name] = max(peak, pool.in_flight)
        return None

    def _release(self, pool: Pool) -> None:
        with self._lock:
            pool.in_flight -= 1

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                server._serve(self)

        return Handler

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        ctype: str,
        pool: Pool | None,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Access-Control-Allow-Origin", "*")
        if pool is not None:
            h.send_header("X-Rate-Limit-Limit", str(pool.limit))
            h.send_header("X-Rate-Limit-Interval", f"{pool.interval:g}s")
            h.send_header("X-Concurrency-Limit", str(pool.concurrency))
            h.send_header("X-Api-Pool", f"polite-{pool.name}")
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)
        with self._lock:
            self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1

    def _json(self, h: BaseHTTPRequestHandler, status: int, data: Any, pool: Pool | None) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(h, status, body, "application/json;charset=utf-8", pool)

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        path = parts.path.rstrip("/")
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        with self._lock:
            self.stats.requests += 1
            n = self.stats.requests
            if self.keep_log:
                self.stats.log.append(
                    {"n": n, "path": path, "params": params, "user_agent": h.headers.get("User-Agent", "")}
                )
        if path in ("/_stats", "/_reset"):
            if path == "/_reset":
                self.reset_stats()
            with self._lock:
                data = self.stats.to_json()
            self._json(h, 200, data, None)
            return
        if path == "/works":
            pool = self.pools["list"]
        elif path.startswith("/works/"):
            pool = self.pools["single"]
        else:
            self._send(h, 404, b"Resource not found.", "text/plain", None)
            return
        with self._lock:
            self.stats.data_requests += 1
            data_n = self.stats.data_requests
        refused = self._admit(pool)
        if refused is not None:
            self._send(h, 429, b"Too many requests", "text/plain", pool, {"Retry-After": "1"})
            return
        try:
            reply = self._answer(path, params, data_n, pool)
        finally:
            # the slot is free before the answer leaves, so a client that starts its next request
            # as soon as it has read this one is never counted twice
            self._release(pool)
        self._send(h, *reply)

    def _answer(
        self, path: str, params: Mapping[str, str], n: int, pool: Pool
    ) -> tuple[int, bytes, str, Pool, Mapping[str, str] | None]:
        """(status, body, content type, pool, extra headers) for one data request."""
        text = "text/plain"
        fault = self.faults.pick(n, path)
        if fault is not None:
            with self._lock:
                self.stats.injected[fault.kind] = self.stats.injected.get(fault.kind, 0) + 1
            if fault.kind == "slow":
                time.sleep(fault.delay)
            elif fault.kind == "429":
                return 429, b"Too many requests", text, pool, {"Retry-After": str(fault.retry_after)}
            elif fault.kind in ("500", "502", "503"):
                return int(fault.kind), b"Internal Server Error", text, pool, None
        if self.latency:
            time.sleep(self.latency)
        if path == "/works":
            status, data = self._list(params)
        else:
            status, data = self._work(unquote(path[len("/works/") :]))
        if data is None:
            return status, b"Resource not found.", text, pool, None
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        if fault is not None and fault.kind == "malformed":
            body = body[: max(1, len(body) // 2)]
        return status, body, "application/json;charset=utf-8", pool, None

    def _work(self, doi: str) -> tuple[int, Any]:
        rec = self.index.get(doi)
        if rec is None:
            return 404, None
        return 200, {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": rec}

    def _list(self, params: Mapping[str, str]) -> tuple[int, Any]:
        failures: list[dict[str, str]] = []
        try:
            rows = int(params.get("rows", "20"))
            offset = int(params.get("offset", "0"))
        except ValueError:
            rows, offset = 20, 0
            failures.append(
                {"type": "integer-not-valid", "value": "rows", "message": "Integer specified as rows"}
            )
        rows = max(0, min(rows, 1000))
        year_from = year_until = None
        work_type = None
        for item in filter(None, params.get("filter", "").split(",")):
            name, _, value = item.partition(":")
            if name in ("from-pub-date", "until-pub-date") and value[:4].isdigit():
                if name == "from-pub-date":
                    year_from = int(value[:4])
                else:
                    year_until = int(value[:4])
            elif name == "type":
                work_type = value
            else:
                valid = "from-pub-date, until-pub-date, type"
                text = f"Filter {name} specified but there is no such filter for this route. Valid: {valid}"
                failures.append({"type": "filter-not-available", "value": name, "message": text})
        if failures:
            return 400, {"status": "failed", "message-type": "validation-failure", "message": failures}
        columns = {"query.author": "authors", "query.container-title": "container"}
        queries = [
            v for k, v in params.items() if (k == "query" or k.startswith("query.")) and k not in columns
        ]
        fields = {columns[k]: v for k, v in params.items() if k in columns}
        total, items = self.index.search(
            " ".join(queries),
            fields=fields,
            rows=rows,
            offset=offset,
            year_from=year_from,
            year_until=year_until,
            work_type=work_type,
        )
        select = [f for f in params.get("select", "").split(",") if f]
        if select:
            items = [{k: v for k, v in item.items() if k in select} for item in items]
        message: dict[str, Any] = {
            "facets": {},
            "total-results": total,
            "items": items,
            "items-per-page": rows,
            "query": {"start-index": offset, "search-terms": params.get("query")},
        }
        return 200, {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": message,
        }


def _iter_exclusions(path: str | None) -> Iterator[str]:
    if path:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield line.strip().lower()


def main(argv: list[str] | None = None) -> None:
    """Run the server in the foreground until interrupted (prints its URL on the first line)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", required=True, help="works .jsonl or .jsonl.gz")
    ap.add_argument("--exclude", help="file of DOIs to leave out (one per line)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--rate", type=int, default=20, help="list-query rate limit per interval")
    ap.add_argument("--single-rate", type=int, default=50)
    ap.add_argument("--concurrency", type=int, default=5)
    ap.add_argument("--latency", type=float, default=0.0)
    args = ap.parse_args(argv)
    excluded = set(_iter_exclusions(args.exclude))
    records = [r for r in load_records(args.records) if str(r.get("DOI", "")).lower() not in excluded]
    server = CrossrefServer(
        records,
        port=args.port,
        list_limit=args.rate,
        single_limit=args.single_rate,
        concurrency=args.concurrency,
        latency=args.latency,
        keep_log=False,
    )
    print(server.url, flush=True)
    parent = os.getppid()

    def watch_parent() -> None:
        # started by a benchmark: do not outlive it, however it ends
        while os.getppid() == parent:
            time.sleep(1.0)
        server._httpd.shutdown()

    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        print(json.dumps(server.stats.to_json()), flush=True)
        server._httpd.server_close()


if __name__ == "__main__":
    main()
