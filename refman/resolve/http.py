"""One HTTP GET for the clients that read pages and records themselves (web pages, doi.org):
``httpx2`` (the HTTP library habanero brings), redirects followed, a timeout, the body read up to
a limit. Callers classify what comes back and the errors ``httpx2`` raises; Crossref goes through
habanero in :mod:`refman.resolve.crossref`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from refman._version import __version__

__all__ = ["USER_AGENT", "Fetched", "get_bounded"]

#: How refman names itself to every server it asks.
USER_AGENT = f"refman/{__version__} (https://github.com/refman; reference resolver)"
#: Redirects followed before giving up.
MAX_REDIRECTS = 8


@dataclass(frozen=True)
class Fetched:
    """An answer: its status, the URL it came from after redirects, its media type, text
    encoding and ``Retry-After`` header, and its body (empty when not read; ``truncated`` when cut
    at the limit)."""

    status: int
    url: str
    content_type: str
    encoding: str
    retry_after: str | None
    body: bytes
    truncated: bool


def get_bounded(
    url: str,
    *,
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int,
    read_body: Callable[[int, str], bool] = lambda status, content_type: True,
) -> Fetched:
    """``GET url``; the body is read (up to ``max_bytes``) only when ``read_body(status,
    content type)`` says so. Raises ``httpx2.HTTPError`` subclasses for transport trouble."""
    import httpx2

    with (
        httpx2.Client(
            follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, headers=dict(headers)
        ) as client,
        client.stream("GET", url) as response,
    ):
        content_type = response.headers.get("content-type", "")
        chunks: list[bytes] = []
        size, truncated = 0, False
        if read_body(response.status_code, content_type):
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size >= max_bytes:
                    truncated = True
                    break
        return Fetched(
            status=response.status_code,
            url=str(response.url),
            content_type=content_type,
            encoding=response.encoding or "utf-8",
            retry_after=response.headers.get("retry-after"),
            body=b"".join(chunks),
            truncated=truncated,
        )
