"""The pure verdicts of the link checker: options, Retry-After, soft 404s, bot walls, DOIs.

All inputs are constructed here (URLs on example.org, made-up DOIs).
"""

from __future__ import annotations

import json

import pytest

from refman.linkcheck.classify import (
    Hop,
    backoff_delay,
    bot_wall_reason,
    classify_handle,
    classify_http,
    format_duration,
    is_home_page,
    page_title,
    parse_accept,
    parse_duration,
    parse_retry_after,
    soft_404_reason,
)

ACCEPT = parse_accept("100..=103,200..=299")
PAGE = "<html><head><title>{}</title></head><body><h1>{}</h1></body></html>"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("50ms", 0.05),
        ("2s", 2.0),
        ("1.5", 1.5),
        ("30m", 1800.0),
        ("12h", 43200.0),
        ("1d", 86400.0),
        ("0", 0.0),
    ],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "fast", "-1s", "1 fortnight", "1e3"])
def test_parse_duration_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_format_duration_picks_a_readable_unit() -> None:
    assert format_duration(0.25) == "250 ms"
    assert format_duration(2.5) == "2.5 s"
    assert format_duration(7200) == "2 h"
    assert format_duration(86400 * 3) == "3 d"


def test_parse_accept_follows_lychee_syntax() -> None:
    assert parse_accept("200..=204,429") == frozenset({200, 201, 202, 203, 204, 429})
    assert parse_accept("200..204") == frozenset({200, 201, 202, 203})
    assert parse_accept(" 403 ") == frozenset({403})
    assert 599 in parse_accept("500..")
    assert len(ACCEPT) == 4 + 100


@pytest.mark.parametrize("spec", ["", "abc", "300..200", "200..=", "42", "2000"])
def test_parse_accept_rejects_malformed_lists(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_accept(spec)


def test_parse_retry_after_seconds_and_dates() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("2", now) == 2.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("-5", now) is None
    # An HTTP date 90 s after `now`, and one in the past.
    assert parse_retry_after("Tue, 14 Nov 2023 22:14:50 GMT", now) == pytest.approx(90.0)
    assert parse_retry_after("Tue, 14 Nov 2023 20:00:00 GMT", now) == 0.0


def test_backoff_doubles_without_retry_after_and_obeys_it_otherwise() -> None:
    assert [backoff_delay(n, 1.0, None, 60.0) for n in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert backoff_delay(10, 1.0, None, 60.0) == 60.0
    assert backoff_delay(0, 1.0, 7.0, 60.0) == 7.0


def test_page_title_reads_title_and_first_heading() -> None:
    assert page_title(PAGE.format("Home &amp; away", "<b>Hello</b> there")) == "Home & away | Hello there"
    assert page_title(PAGE.format("Same", "Same")) == "Same"
    assert page_title("<p>no title</p>") == ""


@pytest.mark.parametrize(
    ("original", "final", "home"),
    [
        ("https://example.org/news/2019/story", "https://example.org/", True),
        ("https://example.org/news/2019/story", "https://example.org/index.html", True),
        ("https://example.org/en/news/1", "https://example.org/en/", True),
        ("https://example.org/page?id=5", "https://example.org/", True),
        ("https://example.org/", "https://www.example.org/", False),
        ("https://example.org/a", "https://example.org/a/", False),
        ("https://example.org/a/b", "https://example.org/c/d", False),
        ("https://example.org/a/b", "https://example.org/?q=1", False),
    ],
)
def test_is_home_page(original: str, final: str, home: bool) -> None:
    assert is_home_page(original, final) is home


@pytest.mark.parametrize(
    "title",
    ["404 Not Found", "Page not found | Example", "Страница не найдена", "Бет табылмады", "Ошибка 404"],
)
def test_soft_404_by_title_in_several_languages(title: str) -> None:
    reason = soft_404_reason("https://example.org/a", "https://example.org/a", False, title)
    assert reason is not None and "missing" in reason


def test_soft_404_by_redirect_and_not_for_normal_pages() -> None:
    assert soft_404_reason("https://example.org/a/b", "https://example.org/", True, "Welcome")
    assert soft_404_reason("https://example.org/a/b", "https://example.org/errors/404.html", True, "Sorry")
    assert (
        soft_404_reason("https://example.org/a", "https://example.org/a", False, "Annual report 2024") is None
    )
    # Without a redirect, landing on the root is just the root.
    assert soft_404_reason("https://example.org/", "https://example.org/", False, "Home") is None


def test_bot_walls() -> None:
    assert bot_wall_reason(403, {"cf-mitigated": "challenge"}, "")
    assert bot_wall_reason(503, {}, "Just a moment...")
    assert bot_wall_reason(200, {}, "Attention Required! | Cloudflare")
    assert bot_wall_reason(200, {}, "Annual report") is None
    assert bot_wall_reason(404, {}, "Just a moment...") is None


def _hops(*pairs: tuple[str, int]) -> list[Hop]:
    return [Hop(url, code) for url, code in pairs]


def test_classify_ok_and_redirects() -> None:
    url = "https://example.org/a"
    ok = classify_http(url, _hops((url, 200)), {}, PAGE.format("Report", "Report"), ACCEPT)
    assert (ok.status, ok.code, ok.final_url) == ("ok", 200, url)
    moved = classify_http(
        url, _hops((url, 301), ("https://example.org/b", 308), ("https://example.org/c", 200)), {}, "", ACCEPT
    )
    assert (moved.status, moved.redirect, moved.suggestion) == (
        "redirected",
        "permanent",
        "https://example.org/c",
    )
    assert "update the link" in moved.reason
    temp = classify_http(
        url, _hops((url, 301), ("https://example.org/b", 302), ("https://example.org/c", 200)), {}, "", ACCEPT
    )
    assert (temp.status, temp.redirect, temp.suggestion) == ("redirected", "temporary", None)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (404, "broken"),
        (410, "broken"),
        (400, "broken"),
        (403, "blocked"),
        (401, "blocked"),
        (451, "blocked"),
        (429, "rate_limited"),
        (500, "server_error"),
        (503, "server_error"),
        (300, "broken"),
    ],
)
def test_classify_error_codes(code: int, status: str) -> None:
    url = "https://example.org/a"
    assert classify_http(url, _hops((url, code)), {}, None, ACCEPT).status == status


def test_classify_redirect_to_404_is_broken_and_names_the_start() -> None:
    url = "https://example.org/old"
    out = classify_http(url, _hops((url, 301), ("https://example.org/new", 404)), {}, None, ACCEPT)
    assert (out.status, out.code, out.final_url) == ("broken", 404, "https://example.org/new")
    assert url in out.reason


def test_classify_soft_404_and_bot_wall_pages() -> None:
    url = "https://example.org/a/b"
    soft = classify_http(url, _hops((url, 200)), {}, PAGE.format("Page not found", "Oops"), ACCEPT)
    assert soft.status == "soft_404"
    home = classify_http(
        url, _hops((url, 302), ("https://example.org/", 200)), {}, PAGE.format("Home", "Hi"), ACCEPT
    )
    assert home.status == "soft_404" and "home page" in home.reason
    off = classify_http(
        url, _hops((url, 200)), {}, PAGE.format("Page not found", ""), ACCEPT, detect_soft_404=False
    )
    assert off.status == "ok"
    wall = classify_http(url, _hops((url, 200)), {}, PAGE.format("Just a moment...", ""), ACCEPT)
    assert wall.status == "blocked"


def test_accept_turns_a_code_into_success() -> None:
    url = "https://example.org/a"
    accepted = classify_http(url, _hops((url, 403)), {}, None, ACCEPT | {403})
    assert accepted.status == "ok" and "accepted" in accepted.reason
    strict = classify_http(url, _hops((url, 204)), {}, None, frozenset({200}))
    assert strict.status == "broken"


def _handle(code: int, doi: str = "10.1234/abc", url: str | None = "https://example.org/landing") -> str:
    values = [{"index": 1, "type": "URL", "data": {"format": "string", "value": url}}] if url else []
    return json.dumps({"responseCode": code, "handle": doi, "values": values})


def test_classify_handle_api_answers() -> None:
    found = classify_handle("10.1234/abc", 200, _handle(1))
    assert (found.status, found.final_url) == ("ok", "https://example.org/landing")
    missing = classify_handle("10.1234/zzz", 404, json.dumps({"responseCode": 100, "handle": "10.1234/zzz"}))
    assert missing.status == "broken" and "not registered" in missing.reason
    no_url = classify_handle("10.1234/abc", 200, json.dumps({"responseCode": 200, "handle": "10.1234/abc"}))
    assert no_url.status == "ok" and no_url.final_url is None
    assert classify_handle("10.1234/abc", 200, '{"responseCode": 1, ').status == "server_error"
    assert classify_handle("10.1234/abc", 500, _handle(2)).status == "server_error"
    assert classify_handle("10.1234/abc", 429, "").status == "rate_limited"
