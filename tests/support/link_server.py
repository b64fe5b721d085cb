"""A web server with every kind of link a reference list holds, and a DOI handle-API stand-in.

Written for refman's link-check tests and benchmark (constructed behaviour, no real data). It binds
to 127.0.0.1 only, on an ephemeral port, and speaks HTTP/1.1 with keep-alive. Routes:

=============================  ==================================================================
``/``                          the home page (200)
``/ok/*``                      200, a small HTML page
``/pdf/*``                     200, a 200 KiB ``application/pdf`` body
``/slow/<ms>/*``               200 after ``ms`` milliseconds
``/r/<code>/<hops>/<dest>``    a chain of ``hops`` redirects with ``code`` (301/302/307/308),
                               ending at ``/<dest>`` (e.g. ``/r/301/1/ok/a``, ``/r/302/3/missing/b``)
``/home-redirect/*``           302 to ``/`` (a soft 404)
``/loop/*``                    302 to itself
``/missing/*``, ``/gone/*``    404, 410
``/forbidden/*``               403
``/challenge/*``               403 with ``cf-mitigated: challenge`` and a "Just a moment..." page
``/soft404/*``                 200 with a "Page not found" title
``/error/<code>/*``            that status (500, 503, ...)
``/flaky/<n>/*``               503 for the first ``n`` requests of that path, then 200
``/limited/<s>/*``             429 with ``Retry-After: s`` until ``s`` seconds after the first hit
                               of that path, then 200
``/always429/*``               429 with ``Retry-After: 1``, always
``/nohead/*``                  HEAD is refused (405); GET gives 200
``/hang/*``                    answers only after ``hang`` seconds (for timeouts)
``/api/handles/<doi>``         the DOI resolver's handle API: 200 ``responseCode`` 1 with the
                               URL for a known DOI, 404 ``responseCode`` 100 otherwise;
                               ``/api/handles/10.9999/malformed`` gives malformed JSON
``/__reset``, ``/__stats``     forget per-path state; request counts as JSON
=============================  ==================================================================

Run alone (the benchmark does, so server and client do not share one GIL)::

    python -m tests.support.link_server --port 0      # prints the base URL, serves until killed
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import Counter
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["LinkServer"]

_PAGE = (
    "<!doctype html><html><head><title>{title}</title></head>"
    "<body><h1>{title}</h1><p>{text}</p></body></html>"
)


class _State:
    def __init__(self, dois: Mapping[str, str], hang: float) -> None:
        self.lock = threading.Lock()
        self.dois = {k.lower(): v for k, v in dois.items()}
        self.hang = hang
        self.first_hit: dict[str, float] = {}
        self.hits: Counter[str] = Counter()
        self.by_route: Counter[str] = Counter()
        self.in_flight = 0
        self.peak_in_flight = 0
        self.route_in_flight: Counter[str] = Counter()
        self.peak_by_route: Counter[str] = Counter()
        self.stop = threading.Event()

    def reset(self) -> None:
        with self.lock:
            self.first_hit.clear()
            self.hits.clear()
            self.by_route.clear()
            self.peak_in_flight = 0
            self.peak_by_route.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "refman-test-server/1"
    state: _State  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(
        self,
        code: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _page(self, code: int, title: str, text: str = "", headers: Mapping[str, str] | None = None) -> None:
        self._send(code, _PAGE.format(title=title, text=text).encode(), headers=headers)

    def _redirect(self, code: int, location: str) -> None:
        self._send(code, b"", headers={"Location": location})

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        state = self.state
        path = urlsplit(self.path).path
        parts = [p for p in path.split("/") if p]
        route = parts[0] if parts else ""
        with state.lock:
            state.hits[f"{self.command} {path}"] += 1
            state.by_route[route] += 1
            state.in_flight += 1
            state.peak_in_flight = max(state.peak_in_flight, state.in_flight)
            state.route_in_flight[route] += 1
            state.peak_by_route[route] = max(state.peak_by_route[route], state.route_in_flight[route])
            first = state.first_hit.setdefault(path, time.monotonic())
            count = state.hits[f"GET {path}"] + state.hits[f"HEAD {path}"]
        try:
            self._route(route, parts, path, first, count)
        finally:
            with state.lock:
                state.in_flight -= 1
                state.route_in_flight[route] -= 1

    def _route(self, route: str, parts: list[str], path: str, first: float, count: int) -> None:
        state = self.state
        if route == "":
            self._page(200, "Example home", "Welcome")
        elif route == "ok":
            self._page(200, "A fine page", "Content worth citing.")
        elif route == "pdf":
            self._send(200, b"%PDF-1.4\n" + b"0" * 200_000, ctype="application/pdf")
        elif route == "slow":
            time.sleep(int(parts[1]) / 1000)
            self._page(200, "A slow page", "Finally.")
        elif route == "r":
            code, hops, dest = int(parts[1]), int(parts[2]), "/".join(parts[3:])
            nxt = f"/r/{code}/{hops - 1}/{dest}" if hops > 1 else f"/{dest}"
            self._redirect(code, nxt)
        elif route == "home-redirect":
            self._redirect(302, "/")
        elif route == "loop":
            self._redirect(302, path)
        elif route == "missing":
            self._page(404, "Not Found", "No such page.")
        elif route == "gone":
            self._page(410, "Gone", "Removed.")
        elif route == "forbidden":
            self._page(403, "Forbidden", "Go away.")
        elif route == "challenge":
            self._page(
                403, "Just a moment...", "Checking your browser.", headers={"cf-mitigated": "challenge"}
            )
        elif route == "soft404":
            self._page(200, "Page not found", "Sorry, we could not find that page.")
        elif route == "error":
            self._page(int(parts[1]), "Server error", "Oops.")
        elif route == "flaky":
            if count <= int(parts[1]):
                self._page(503, "Service Unavailable", "Try later.")
            else:
                self._page(200, "Recovered", "Fine now.")
        elif route == "limited":
            wait = float(parts[1])
            left = first + wait - time.monotonic()
            if left > 0:
                self._page(429, "Too Many Requests", "Slow down.", headers={"Retry-After": parts[1]})
            else:
                self._page(200, "Rate-limited page", "Served after waiting.")
        elif route == "always429":
            self._page(429, "Too Many Requests", "Slow down.", headers={"Retry-After": "1"})
        elif route == "nohead":
            if self.command == "HEAD":
                self._send(405, b"", headers={"Allow": "GET"})
            else:
                self._page(200, "No HEAD here", "GET works.")
        elif route == "hang":
            state.stop.wait(state.hang)
            self._page(200, "Too late", "")
        elif route == "api" and len(parts) >= 3 and parts[1] == "handles":
            self._handle_api(unquote("/".join(parts[2:])))
        elif route == "__reset":
            state.reset()
            self._send(200, b"{}", ctype="application/json")
        elif route == "__stats":
            with state.lock:
                data = {"by_route": dict(state.by_route), "peak_in_flight": state.peak_in_flight}
            self._send(200, json.dumps(data).encode(), ctype="application/json")
        else:
            self._page(404, "Not Found", "Unknown route.")

    def _handle_api(self, doi: str) -> None:
        doi = doi.lower()
        if doi == "10.9999/malformed":
            self._send(200, b'{"responseCode": 1, "values": [', ctype="application/json")
            return
        target = self.state.dois.get(doi)
        if target is None:
            body = {"responseCode": 100, "handle": doi}
            self._send(404, json.dumps(body).encode(), ctype="application/json")
            return
        body = {
            "responseCode": 1,
            "handle": doi,
            "values": [
                {"index": 1, "type": "URL", "data": {"format": "string", "value": target}, "ttl": 86400},
            ],
        }
        self._send(200, json.dumps(body).encode(), ctype="application/json")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:  # clients hang up on purpose
        return


class LinkServer:
    """The server in a background thread: ``with LinkServer(dois={...}) as server: server.url("/ok/a")``."""

    def __init__(self, dois: Mapping[str, str] | None = None, hang: float = 5.0, port: int = 0) -> None:
        self.state = _State(dois or {}, hang)
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = _Server(("127.0.0.1", port), handler)
        self.port = int(self._server.server_address[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path

    def hits(self, path: str, method: str = "GET") -> int:
        """How many ``method`` requests ``path`` received."""
        with self.state.lock:
            return self.state.hits[f"{method} {path}"]

    def start(self) -> LinkServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.state.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LinkServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    """Serve until killed, printing the base URL on the first line of stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--hang", type=float, default=30.0)
    args = parser.parse_args(argv)
    server = LinkServer(hang=args.hang, port=args.port).start()
    print(server.base, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
