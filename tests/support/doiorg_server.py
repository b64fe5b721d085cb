"""A doi.org stand-in for tests: the registration-agency API and content negotiation, on 127.0.0.1.

* ``GET /ra/{doi}``: ``[{"DOI": doi, "RA": agency}]`` for a DOI it holds, else
  ``[{"DOI": doi, "status": "DOI does not exist"}]`` (HTTP 200, as doi.org answers);
* ``GET /{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``: a 302 to
  ``/agency/{doi}`` (doi.org sends such requests on to the agency, e.g. data.crosscite.org),
  which answers the CSL-JSON item; 404 for a DOI it does not hold or has no item for.

``busy`` makes the first requests answer 503 with ``Retry-After: 0`` (a server that is busy for a
moment); :attr:`DoiOrgServer.log` lists every request's path and Accept header.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["DoiOrgServer"]

CSL_JSON = "application/vnd.citationstyles.csl+json"


class DoiOrgServer:
    """``DoiOrgServer({doi: (agency, csl item or None)})``, used as a context manager; ``url`` is
    its base URL."""

    def __init__(self, works: Mapping[str, tuple[str, Mapping[str, Any] | None]], busy: int = 0) -> None:
        self.works = {doi.lower(): work for doi, work in works.items()}
        self.busy = busy
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL (``http://127.0.0.1:PORT``)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> DoiOrgServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                server._serve(self)

        return Handler

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any, headers: Mapping[str, str]) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        h.send_response(status)
        for name, value in headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        path = unquote(urlsplit(h.path).path)
        with self._lock:
            self.log.append((path, h.headers.get("Accept", "")))
            busy = self.busy > 0
            self.busy -= 1 if busy else 0
        if busy:
            self._send(h, 503, None, {"Retry-After": "0"})
        elif path.startswith("/ra/"):
            doi = path.removeprefix("/ra/")
            work = self.works.get(doi.lower())
            answer = {"DOI": doi, "RA": work[0]} if work else {"DOI": doi, "status": "DOI does not exist"}
            self._send(h, 200, [answer], {"Content-Type": "application/json"})
        elif path.startswith("/agency/"):
            work = self.works.get(path.removeprefix("/agency/").lower())
            if work is None or work[1] is None:
                self._send(h, 404, None, {})
            else:
                self._send(h, 200, work[1], {"Content-Type": CSL_JSON})
        elif CSL_JSON in h.headers.get("Accept", "") and path.lstrip("/").lower() in self.works:
            self._send(h, 302, None, {"Location": f"/agency{path}"})
        else:
            self._send(h, 404, None, {})
