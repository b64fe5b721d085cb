"""Pure rules of the link checker: what a response means, how long to wait, what options say.

Values in, values out: no network, no clock (callers pass the time in). The network code in
:mod:`refman.linkcheck.checker` collects the evidence (status codes along the redirect chain,
headers, the start of the page) and asks these functions for the verdict.
"""

from __future__ import annotations

import email.utils
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from refman.linkcheck.links import Outcome

__all__ = [
    "DEFAULT_ACCEPT",
    "PERMANENT_REDIRECTS",
    "REDIRECT_CODES",
    "RETRY_CODES",
    "Hop",
    "backoff_delay",
    "bot_wall_reason",
    "classify_handle",
    "classify_http",
    "format_duration",
    "is_home_page",
    "page_title",
    "parse_accept",
    "parse_duration",
    "parse_retry_after",
    "soft_404_reason",
]

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
#: Codes worth asking again (after waiting): rate limits and passing server trouble.
RETRY_CODES = frozenset({429, 500, 502, 503, 504})
#: lychee's default: informational and success codes.
DEFAULT_ACCEPT = "100..=103,200..=299"
#: Codes meaning "we will not show this to you", not "it does not exist".
BLOCKED_CODES = frozenset({401, 403, 407, 451, 999})

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d|w)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {
    "ms": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "m": 60.0,
    "min": 60.0,
    "h": 3600.0,
    "d": 86400.0,
    "w": 604800.0,
}
_RANGE = re.compile(r"^\s*(\d{3})?\s*\.\.(=?)\s*(\d{3})?\s*$")


@dataclass(frozen=True)
class Hop:
    """One response along a redirect chain: the URL asked for and the status code it gave."""

    url: str
    code: int


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``1d``, ``12h``, ``30m``, ``50ms``, ``2s`` or a bare ``1.5``.

    Raises ValueError for anything else.
    """
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (use e.g. 50ms, 2s, 30m, 12h, 1d)")
    unit = (m.group(2) or "s").lower()
    return float(m.group(1)) * _UNIT_SECONDS[unit]


def format_duration(seconds: float) -> str:
    """A short human form of a duration: ``850 ms``, ``2.5 s``, ``3 h``."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:.3g} s"
    if seconds < 7200:
        return f"{seconds / 60:.3g} min"
    if seconds < 172800:
        return f"{seconds / 3600:.3g} h"
    return f"{seconds / 86400:.3g} d"


def parse_accept(spec: str) -> frozenset[int]:
    """The status codes of an accept list in lychee's syntax: ``200,429``, ``200..=299``, ``200..300``.

    ``A..B`` excludes ``B``; ``A..=B`` includes it; an open start means 100, an open end 599.
    Raises ValueError for malformed lists or codes outside 100..599.
    """
    codes: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit():
            code = int(part)
            if not 100 <= code <= 999:
                raise ValueError(f"not an HTTP status code: {part!r}")
            codes.add(code)
            continue
        m = _RANGE.match(part)
        if not m:
            raise ValueError(f"not a status code or range: {part!r} (use e.g. 200..=299,429)")
        if m.group(2) and not m.group(3):
            raise ValueError(f"an inclusive range needs an end: {part!r}")
        start = int(m.group(1)) if m.group(1) else 100
        end = int(m.group(3)) if m.group(3) else 599
        if m.group(2) or not m.group(3):
            end += 1
        if not (100 <= start <= 999 and start < end <= 1000):
            raise ValueError(f"empty or impossible status range: {part!r}")
        codes.update(range(start, end))
    if not codes:
        raise ValueError("the accept list is empty")
    return frozenset(codes)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date), or None.

    ``now`` is the current Unix time (passed in so this stays pure); a date in the past gives 0.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        return max(0.0, when.timestamp() - now)
    if seconds != seconds or seconds < 0:  # NaN or negative: ignore the header
        return None
    return seconds


def backoff_delay(attempt: int, base: float, retry_after: float | None, cap: float) -> float:
    """How long to wait before retry number ``attempt`` (0-based).

    The server's ``Retry-After`` wins when given; otherwise exponential backoff from ``base``
    (``base``, ``2*base``, ``4*base``, ...), never more than ``cap``.
    """
    if retry_after is not None:
        return retry_after
    return min(cap, base * float(2**attempt))


_TITLE = re.compile(r"<title[^>]{0,200}>(.{0,500}?)</title", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]{0,200}>(.{0,500}?)</h1", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,500}>")
_SPACE = re.compile(r"\s+")

# Phrases of "not found" pages (English, Russian, Kazakh and a few others), matched in the page
# title and first heading only: body text mentions "not found" for too many innocent reasons.
_NOT_FOUND = re.compile(
    r"\b404\b|not\s+found|page\s+(?:does\s+not|doesn.t)\s+exist|no\s+longer\s+(?:available|exists)"
    r"|страниц\w*\s+не\s+(?:найден|существует)|ошибка\s+404|не\s+найден"
    r"|табылмады|бет\s+жоқ"
    r"|introuvable|nicht\s+gefunden|no\s+encontrad|non\s+trovat",
    re.IGNORECASE,
)
# Bot walls and challenge pages: the page exists but will not be shown to a program.
_BOT_WALL = re.compile(
    r"just\s+a\s+moment|attention\s+required|checking\s+your\s+browser|ddos-guard|are\s+you\s+a\s+robot"
    r"|access\s+denied|verify\s+you\s+are\s+human|captcha|request\s+rejected|bot\s+protection",
    re.IGNORECASE,
)
_ERROR_PATH = re.compile(
    r"(?:^|/)(?:404|not[-_]?found|error|errors|page[-_]?not[-_]?found)(?:[./_-]|$)", re.I
)
_HOME_NAMES = frozenset({"", "index", "home", "main", "default", "start", "welcome"})
_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)


def _clean(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def page_title(body: str) -> str:
    """The text of the page's ``<title>`` and first ``<h1>`` (joined by `` | ``), tags stripped."""
    parts = []
    for pattern in (_TITLE, _H1):
        m = pattern.search(body)
        if m:
            text = _clean(m.group(1))
            if text and text not in parts:
                parts.append(text)
    return " | ".join(parts)


def _path_parts(url: str) -> tuple[str, list[str], str]:
    try:
        split = urlsplit(url)
    except ValueError:
        return "", [], ""
    parts = [p for p in split.path.split("/") if p]
    return split.netloc.lower(), parts, split.query


def _is_home_path(parts: list[str]) -> bool:
    if not parts:
        return True
    if len(parts) > 2:
        return False
    last = parts[-1].lower().rsplit(".", 1)[0] if "." in parts[-1] else parts[-1].lower()
    if len(parts) == 1:
        return last in _HOME_NAMES or bool(_LOCALE.match(parts[0]))
    return bool(_LOCALE.match(parts[0])) and last in _HOME_NAMES


def is_home_page(original: str, final: str) -> bool:
    """True when a redirect from a deep link ``original`` ended on a site's home page ``final``.

    A home page is the root, ``/index.*``, ``/home`` and the like, or a language root such as
    ``/en/`` or ``/ru/index.html``. A link that was itself a home page never counts.
    """
    _, orig_parts, orig_query = _path_parts(original)
    _, final_parts, final_query = _path_parts(final)
    if _is_home_path(orig_parts) and not orig_query:
        return False
    if final_query:
        return False
    return _is_home_path(final_parts) and [p.lower() for p in orig_parts] != [p.lower() for p in final_parts]


def soft_404_reason(original: str, final: str, redirected: bool, title: str) -> str | None:
    """Why a successful response is really a missing page ("soft 404"), or None when it looks fine.

    Signals: redirected from a deep link to the home page; redirected to an error page
    (``/404``, ``/not-found``, ``/error``); a page whose title or first heading says "not found"
    (in English, Russian, Kazakh and a few other languages).
    """
    if redirected and is_home_page(original, final):
        return f"redirects to the home page {final}"
    if redirected:
        _, parts, _ = _path_parts(final)
        if parts and _ERROR_PATH.search("/" + "/".join(parts)):
            return f"redirects to an error page {final}"
    if title and _NOT_FOUND.search(title):
        return f"the page says it is missing: {title[:120]!r}"
    return None


def bot_wall_reason(code: int, headers: Mapping[str, str], title: str) -> str | None:
    """Why a response is a bot wall (a challenge or refusal page), or None.

    ``headers`` keys must be lower-case. Signals: Cloudflare's ``cf-mitigated: challenge``
    header, or a challenge/refusal page title on a 2xx, 403, 429 or 503 response.
    """
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return f"bot challenge (cf-mitigated: challenge, HTTP {code})"
    if title and (200 <= code < 300 or code in (403, 429, 503)) and _BOT_WALL.search(title):
        return f"bot wall: {title[:120]!r} (HTTP {code})"
    return None


def _redirect_kind(hops: Sequence[Hop]) -> str:
    codes = [h.code for h in hops[:-1]]
    return "permanent" if codes and all(c in PERMANENT_REDIRECTS for c in codes) else "temporary"


def classify_http(
    original: str,
    hops: Sequence[Hop],
    headers: Mapping[str, str],
    body: str | None,
    accept: frozenset[int],
    *,
    detect_soft_404: bool = True,
    retries: int = 0,
) -> Outcome:
    """The verdict on a URL from its redirect chain (``hops``, last = final response).

    ``headers`` are the final response's (lower-case keys); ``body`` the start of its page
    (``None`` when not read); ``accept`` the codes counted as success; ``retries`` how many
    retries were spent (mentioned for rate limits and server errors). ``checked_at`` and
    ``attempts`` are left for the caller.
    """
    if not hops:
        raise ValueError("classify_http needs at least one response")
    final = hops[-1]
    code = final.code
    redirected = len(hops) > 1
    final_url = final.url
    title = page_title(body) if body else ""
    tried = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""

    wall = bot_wall_reason(code, headers, title)
    if wall and code not in accept:
        return Outcome("blocked", code, final_url, wall)
    if code in accept:
        if 200 <= code < 300:
            if wall:
                return Outcome("blocked", code, final_url, wall)
            if detect_soft_404:
                soft = soft_404_reason(original, final_url, redirected, title)
                if soft:
                    return Outcome("soft_404", code, final_url, soft)
        if redirected:
            kind = _redirect_kind(hops)
            first = hops[0].code
            if kind == "permanent":
                reason = f"moved permanently ({first}): update the link to {final_url}"
            else:
                reason = f"temporary redirect ({first}) to {final_url}: keep the link"
            suggestion = final_url if kind == "permanent" else None
            return Outcome("redirected", code, final_url, reason, redirect=kind, suggestion=suggestion)
        reason = "" if 200 <= code < 300 else f"HTTP {code} accepted (--accept)"
        return Outcome("ok", code, final_url, reason)
    via = f" (redirected from {original})" if redirected else ""
    if code == 429:
        return Outcome("rate_limited", code, final_url, f"HTTP 429 Too Many Requests{tried}{via}")
    if code in BLOCKED_CODES:
        return Outcome(
            "blocked", code, final_url, f"HTTP {code}: the server refuses to show the page to a program{via}"
        )
    if code in (404, 410):
        word = "not found" if code == 404 else "gone"
        return Outcome("broken", code, final_url, f"HTTP {code} {word}{via}")
    if 500 <= code < 600:
        return Outcome("server_error", code, final_url, f"HTTP {code} server error{tried}{via}")
    if code in REDIRECT_CODES or 300 <= code < 400:
        return Outcome("broken", code, final_url, f"HTTP {code} without a usable Location header{via}")
    if 400 <= code < 500:
        return Outcome("broken", code, final_url, f"HTTP {code} client error{via}")
    return Outcome("broken", code, final_url, f"HTTP {code} is not an accepted status (--accept){via}")


def _handle_url(values: Any) -> str | None:
    if not isinstance(values, list):
        return None
    for value in values:
        if not isinstance(value, dict) or str(value.get("type", "")).upper() != "URL":
            continue
        data = value.get("data")
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            return str(data["value"])
    return None


def classify_handle(doi: str, code: int, body: str, *, retries: int = 0) -> Outcome:
    """The verdict on a DOI from the DOI resolver's handle API answer (``/api/handles/{doi}``).

    Response codes of the handle API: 1 success (the record's URL becomes ``final_url``),
    100 handle not found (HTTP 404: the DOI is not registered), 200 values not found (the DOI
    exists but has no URL), 2 error. HTTP 429 and 5xx mean the resolver itself had trouble.
    """
    tried = f" after {retries} retr{'y' if retries == 1 else 'ies'}" if retries else ""
    payload: Any = None
    try:
        payload = json.loads(body) if body else None
    except ValueError:
        payload = None
    response_code = payload.get("responseCode") if isinstance(payload, dict) else None
    if code == 429:
        return Outcome("rate_limited", code, None, f"DOI resolver answered HTTP 429{tried}")
    if response_code == 100 or (code == 404 and response_code is None and payload is not None):
        return Outcome("broken", code, None, f"DOI {doi} is not registered (handle not found)")
    if code >= 500 or response_code == 2:
        return Outcome("server_error", code, None, f"DOI resolver error (HTTP {code}){tried}")
    if code == 200 and response_code == 1:
        target = _handle_url(payload.get("values"))
        if target:
            return Outcome("ok", code, target, "DOI registered")
        return Outcome("ok", code, None, "DOI registered (its record has no URL)")
    if code == 200 and response_code == 200:
        return Outcome("ok", code, None, "DOI registered (its record has no URL)")
    if 200 <= code < 300 and not isinstance(payload, dict):
        return Outcome("server_error", code, None, "DOI resolver answered with malformed JSON")
    if code == 404:
        return Outcome("broken", code, None, f"DOI {doi} is not registered (HTTP 404)")
    return Outcome(
        "server_error",
        code,
        None,
        f"unexpected DOI resolver answer (HTTP {code}, responseCode {response_code})",
    )
