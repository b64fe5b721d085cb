"""The link checker over real HTTP, against servers these tests start on 127.0.0.1.

tests/support/link_server.py serves every kind of link (ok, redirects, 404/410, 403 and bot walls,
429 with Retry-After, 5xx, slow and hanging pages, soft 404s, HEAD refused) and a stand-in for the
DOI resolver's handle API. Nothing in refman is patched: the checker makes real requests. Times
are short (1 s timeouts, retry waits of 50 ms), so the file runs in well under 30 s.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.linkcheck import (
    OFFLINE_REASON,
    CheckOptions,
    CheckStats,
    LinkResult,
    check_links,
    check_links_async,
    links_from_list,
    merge_link_results,
    read_links,
)
from refman.linkcheck.cache import LinkCache
from refman.model import Reference
from refman.settings import Settings
from tests.support.link_server import LinkServer
from tests.support.network import closed_port

DOIS = {
    "10.5555/exists": "https://publisher.example/article/1",
    "10.5555/Другой": "https://publisher.example/2",
}


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with LinkServer(dois=DOIS, hang=3.0) as srv:
        yield srv


def fast(server: LinkServer, **changes: object) -> CheckOptions:
    values: dict[str, object] = {
        "timeout": 1.0,
        "retry_wait_time": 0.05,
        "max_retries": 2,
        "host_request_interval": 0.0,
        "host_concurrency": 32,
        "doi_resolver_url": server.base,
    }
    values.update(changes)
    return CheckOptions.from_env({}, **values)


def settings(tmp_path: Path, **changes: object) -> Settings:
    return Settings.from_env({}, cache_dir=tmp_path / "cache", **changes)  # type: ignore[arg-type]


def run(server: LinkServer, tmp_path: Path, lines: list[str], **changes: object) -> list[LinkResult]:
    links = links_from_list("\n".join(lines) + "\n", "list")
    assert links is not None
    return check_links(links, settings(tmp_path), fast(server, **changes))


# One run over every class; the tests below read its results.
CASES = {
    "/ok/plain": ("ok", 200),
    "/pdf/file": ("ok", 200),
    "/slow/200/a": ("ok", 200),
    "/r/301/1/ok/p": ("redirected", 200),
    "/r/308/2/ok/p2": ("redirected", 200),
    "/r/302/3/ok/t": ("redirected", 200),
    "/r/307/1/ok/t2": ("redirected", 200),
    "/r/301/1/missing/x": ("broken", 404),
    "/missing/a": ("broken", 404),
    "/gone/a": ("broken", 410),
    "/forbidden/a": ("blocked", 403),
    "/challenge/a": ("blocked", 403),
    "/soft404/a": ("soft_404", 200),
    "/home-redirect/deep/page": ("soft_404", 200),
    "/error/500/a": ("server_error", 500),
    "/flaky/1/a": ("ok", 200),
    "/limited/1/a": ("ok", 200),
    "/always429/a": ("rate_limited", 429),
    "/nohead/a": ("ok", 200),
    "/loop/a": ("broken", 302),
    "/hang/a": ("timeout", None),
}


@pytest.fixture(scope="module")
def all_results(server: LinkServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, LinkResult]:
    dead = f"http://127.0.0.1:{closed_port()}/nothing"
    lines = [server.url(path) for path in CASES] + [
        dead,
        "ftp://example.org/file",
        "https://bad..host/page",
        "10.5555/exists",
        "10.5555/unknown",
        "10.9999/malformed",
    ]
    stats = CheckStats()
    started = time.perf_counter()
    links = links_from_list("\n".join(lines) + "\n", "list")
    assert links is not None
    results = check_links(links, settings(tmp_path_factory.mktemp("all")), fast(server), stats=stats)
    assert time.perf_counter() - started < 10
    assert stats.checked == len(lines) - 2  # the ftp URL and the malformed host are never requested
    by_url = {r.link.url: r for r in results}
    by_url["dead"] = by_url[dead]
    return by_url


@pytest.mark.parametrize(("path", "expected"), list(CASES.items()))
def test_every_class(
    server: LinkServer, all_results: dict[str, LinkResult], path: str, expected: tuple[str, int | None]
) -> None:
    result = all_results[server.url(path)]
    assert (result.status, result.outcome.code) == expected, result.outcome.reason
    assert result.outcome.checked_at and result.outcome.checked_at.endswith("Z")


def test_redirects_say_permanent_or_temporary_and_suggest_the_target(
    server: LinkServer, all_results: dict[str, LinkResult]
) -> None:
    permanent = all_results[server.url("/r/308/2/ok/p2")].outcome
    assert permanent.redirect == "permanent"
    assert permanent.suggestion == permanent.final_url == server.url("/ok/p2")
    temporary = all_results[server.url("/r/302/3/ok/t")].outcome
    assert temporary.redirect == "temporary" and temporary.final_url == server.url("/ok/t")
    assert "keep the link" in temporary.reason
    to_404 = all_results[server.url("/r/301/1/missing/x")].outcome
    assert to_404.final_url == server.url("/missing/x")


def test_rate_limit_is_retried_after_retry_after(
    server: LinkServer, all_results: dict[str, LinkResult]
) -> None:
    limited = all_results[server.url("/limited/1/a")]
    assert limited.status == "ok" and limited.outcome.attempts == 2
    assert server.hits("/limited/1/a") == 2
    always = all_results[server.url("/always429/a")]
    assert always.outcome.attempts == 3 and "after 2 retries" in always.outcome.reason
    flaky = all_results[server.url("/flaky/1/a")]
    assert flaky.status == "ok" and flaky.outcome.attempts == 2


def test_network_failures_and_invalid_urls(all_results: dict[str, LinkResult]) -> None:
    dead = all_results["dead"]
    assert (dead.status, dead.outcome.code, dead.outcome.reason) == ("broken", None, "connection refused")
    assert dead.outcome.attempts == 1  # refused is not retried
    timeouts = [r for r in all_results.values() if r.status == "timeout"]
    assert len(timeouts) == 1 and "within 1 s" in timeouts[0].outcome.reason
    assert timeouts[0].outcome.attempts == 3
    ftp = all_results["ftp://example.org/file"]
    assert ftp.status == "invalid" and "unsupported scheme" in ftp.outcome.reason
    assert all_results["https://bad..host/page"].status == "invalid"


def test_dois_via_the_handle_api(all_results: dict[str, LinkResult]) -> None:
    found = all_results["https://doi.org/10.5555/exists"]
    assert (found.status, found.outcome.final_url) == ("ok", "https://publisher.example/article/1")
    assert found.link.kind == "doi" and found.link.doi == "10.5555/exists"
    missing = all_results["https://doi.org/10.5555/unknown"]
    assert (missing.status, missing.outcome.code) == ("broken", 404)
    assert "not registered" in missing.outcome.reason
    assert all_results["https://doi.org/10.9999/malformed"].status == "server_error"


def test_non_ascii_doi_is_encoded_for_the_api(server: LinkServer, tmp_path: Path) -> None:
    results = run(server, tmp_path, ["10.5555/Другой"])
    assert results[0].status == "ok" and results[0].outcome.final_url == "https://publisher.example/2"


def test_head_method_falls_back_to_get_only_when_refused(server: LinkServer, tmp_path: Path) -> None:
    results = run(
        server,
        tmp_path,
        [server.url("/nohead/h"), server.url("/ok/h"), server.url("/missing/h")],
        method="head",
    )
    assert [r.status for r in results] == ["ok", "ok", "broken"]
    assert (server.hits("/nohead/h", "HEAD"), server.hits("/nohead/h", "GET")) == (1, 1)
    assert (server.hits("/ok/h", "HEAD"), server.hits("/ok/h", "GET")) == (1, 0)
    assert server.hits("/missing/h", "GET") == 1  # a failure is confirmed with GET


def test_retry_after_longer_than_the_limit_is_not_waited(server: LinkServer, tmp_path: Path) -> None:
    started = time.perf_counter()
    results = run(server, tmp_path, [server.url("/limited/30/long")], max_retry_wait=2.0)
    assert time.perf_counter() - started < 2
    assert results[0].status == "rate_limited"
    assert "more than the 2 s limit" in results[0].outcome.reason
    assert server.hits("/limited/30/long") == 1


def test_accept_makes_a_code_success(server: LinkServer, tmp_path: Path) -> None:
    from refman.linkcheck import parse_accept

    results = run(server, tmp_path, [server.url("/forbidden/acc")], accept=parse_accept("200..=299,403"))
    assert results[0].status == "ok"


def test_host_concurrency_and_interval_are_honoured(server: LinkServer, tmp_path: Path) -> None:
    server.state.reset()
    urls = [server.url(f"/slow/150/c{i}") for i in range(8)]
    run(server, tmp_path, urls, host_concurrency=2)
    assert server.state.peak_by_route["slow"] == 2
    started = time.perf_counter()
    run(server, tmp_path, [server.url(f"/ok/interval{i}") for i in range(5)], host_request_interval=0.1)
    assert time.perf_counter() - started >= 0.4


def test_global_concurrency_bounds_requests_in_flight(server: LinkServer, tmp_path: Path) -> None:
    stats = CheckStats()
    links = links_from_list("\n".join(server.url(f"/slow/100/g{i}") for i in range(12)) + "\n")
    assert links is not None
    check_links(links, settings(tmp_path), fast(server, max_concurrency=3), stats=stats)
    assert 1 <= stats.peak_in_flight <= 3


def test_a_host_answering_429_again_and_again_is_paused(server: LinkServer, tmp_path: Path) -> None:
    urls = [server.url(f"/always429/p{i}") for i in range(4)]
    started = time.perf_counter()
    results = run(server, tmp_path, urls, max_retries=0, host_concurrency=1)
    # No retries, so only the pause can take time: after three 429s in a row the host waits its
    # Retry-After (1 s) before the fourth request.
    assert 1.0 <= time.perf_counter() - started < 3
    assert all(r.status == "rate_limited" for r in results)


def test_cache_reuse_max_age_and_offline(server: LinkServer, tmp_path: Path) -> None:
    urls = [server.url("/ok/cached"), server.url("/missing/cached"), server.url("/error/503/cached")]
    first = run(server, tmp_path, urls)
    assert [r.status for r in first] == ["ok", "broken", "server_error"]
    assert not any(r.outcome.cached for r in first)
    hits_before = server.hits("/ok/cached")

    stats = CheckStats()
    links = links_from_list("\n".join(urls) + "\n")
    assert links is not None
    second = check_links(links, settings(tmp_path), fast(server), stats=stats)
    assert [r.outcome.cached for r in second] == [True, True, False]  # a 5xx is always asked again
    assert server.hits("/ok/cached") == hits_before
    assert second[0].outcome.checked_at == first[0].outcome.checked_at

    check_links(links, settings(tmp_path), fast(server, max_cache_age=0.0))
    assert server.hits("/ok/cached") == hits_before + 1  # too old: checked again

    offline = check_links(links, settings(tmp_path, offline=True), fast(server))
    assert [r.status for r in offline] == ["ok", "broken", "server_error"]
    assert all(r.outcome.cached for r in offline)
    assert server.hits("/ok/cached") == hits_before + 1

    refreshed = check_links(links, settings(tmp_path, refresh=True), fast(server))
    assert not refreshed[0].outcome.cached
    assert len(LinkCache.in_dir(tmp_path / "cache")) == 3


def test_offline_without_cache_reports_every_link_unchecked(server: LinkServer, tmp_path: Path) -> None:
    results = run(server, tmp_path, [server.url("/ok/never"), "10.5555/exists"])
    assert results[0].status == "ok"
    links = links_from_list(server.url("/ok/other") + "\n10.5555/exists\n")
    assert links is not None
    offline = check_links(links, settings(tmp_path, offline=True), fast(server))
    assert offline[0].status == "not_checked" and offline[0].outcome.reason == OFFLINE_REASON
    assert offline[0].outcome.checked_at is None
    assert offline[1].status == "ok" and offline[1].outcome.cached  # the DOI was cached online
    assert server.hits("/ok/other") == 0


def test_unusable_cache_is_a_warning_not_a_crash(server: LinkServer, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("constructed: a file where the cache directory should be\n")
    warnings: list[str] = []
    links = links_from_list(server.url("/ok/nocache") + "\n")
    assert links is not None
    results = check_links(
        links, Settings.from_env({}, cache_dir=blocker), fast(server), on_warning=warnings.append
    )
    assert results[0].status == "ok"
    assert warnings and "link cache not used" in warnings[0]


def test_same_target_is_checked_once_and_reported_per_occurrence(server: LinkServer, tmp_path: Path) -> None:
    csl = [
        {"id": "a", "type": "webpage", "URL": server.url("/ok/shared#part-1")},
        {
            "id": "b",
            "type": "webpage",
            "URL": server.url("/ok/shared"),
            "note": "Also " + server.url("/ok/shared"),
        },
    ]
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(csl), encoding="utf-8")
    links, problems = read_links(str(path))
    assert problems == [] and [link.reference for link in links] == ["a", "b"]
    results = check_links(links, settings(tmp_path), fast(server))
    assert [r.status for r in results] == ["ok", "ok"]
    assert server.hits("/ok/shared") == 1
    merged = merge_link_results([Reference.from_csl(item) for item in csl], results)
    assert merged[0].to_csl()["custom"]["refman"]["link"][0]["status"] == "ok"


def test_async_api_runs_inside_an_event_loop(server: LinkServer, tmp_path: Path) -> None:
    links = links_from_list(server.url("/ok/async") + "\n")
    assert links is not None
    seen: list[str] = []

    async def main() -> list[LinkResult]:
        return await check_links_async(
            links, settings(tmp_path), fast(server), on_result=lambda r: seen.append(r.status)
        )

    results = asyncio.run(main())
    assert [r.status for r in results] == seen == ["ok"]


# --- the command line, as a user runs it -------------------------------------------------


def refman(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("REFMAN_")}
    full.update({"COLUMNS": "200", "NO_COLOR": "1", **env})
    return subprocess.run(
        [sys.executable, "-m", "refman", "check-links", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=full,
    )


@pytest.fixture
def bib(server: LinkServer, tmp_path: Path) -> Path:
    # Constructed .bib: one fine entry, one with a dead page and an unregistered DOI.
    text = (
        "@article{good2020,\n  title = {Good},\n  doi = {10.5555/exists},\n"
        f"  url = {{{server.url('/ok/bib')}}}\n}}\n\n"
        "@misc{bad2021,\n  title = {Bad},\n  doi = {10.5555/unknown},\n"
        f"  url = {{{server.url('/missing/bib')}}},\n"
        f"  note = {{Mirror: {server.url('/r/301/1/ok/mirror')}}}\n}}\n"
    )
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


def cli_env(server: LinkServer, tmp_path: Path) -> dict[str, str]:
    return {"REFMAN_DOI_RESOLVER_URL": server.base, "REFMAN_CACHE_DIR": str(tmp_path / "cli-cache")}


def test_cli_json_on_a_bib_file(server: LinkServer, tmp_path: Path, bib: Path) -> None:
    result = refman(str(bib), "--json", "--host-request-interval", "0", env=cli_env(server, tmp_path))
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    got = [(d["reference"], d["field"], d["status"], d["code"]) for d in data]
    assert got == [
        ("good2020", "doi", "ok", 200),
        ("good2020", "url", "ok", 200),
        ("bad2021", "doi", "broken", 404),
        ("bad2021", "url", "broken", 404),
        ("bad2021", "note", "redirected", 200),
    ]
    assert data[0]["final_url"] == "https://publisher.example/article/1"
    assert data[4]["final_url"] == server.url("/ok/mirror")
    assert all(d["checked_at"] for d in data) and data[2]["line"] == 7
    assert "5 links" in result.stderr


def test_cli_table_exit_0_when_all_good_and_stdin_list(server: LinkServer, tmp_path: Path) -> None:
    stdin = f"{server.url('/ok/cli')}\n10.5555/exists\n"
    result = refman("-", env=cli_env(server, tmp_path), stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert "2 links (2 distinct): 2 ok" in result.stdout
    assert "/ok/cli" in result.stdout


def test_cli_junit_and_markdown_outputs(server: LinkServer, tmp_path: Path, bib: Path) -> None:
    out = tmp_path / "report.xml"
    result = refman(str(bib), "--format", "junit", "-o", str(out), env=cli_env(server, tmp_path))
    assert result.returncode == 2
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.get("tests") == "5" and root.get("failures") == "2"
    md = refman(str(bib), "--format", "markdown", env=cli_env(server, tmp_path))
    assert md.stdout.startswith("# Link check") and "## bad2021" in md.stdout


def test_cli_tolerate_turns_failures_into_exit_0(server: LinkServer, tmp_path: Path) -> None:
    stdin = server.url("/forbidden/cli") + "\n"
    assert refman("-", env=cli_env(server, tmp_path), stdin=stdin).returncode == 2
    assert refman("-", "--tolerate", "blocked", env=cli_env(server, tmp_path), stdin=stdin).returncode == 0


def test_cli_offline_reports_every_link_unchecked(server: LinkServer, tmp_path: Path, bib: Path) -> None:
    env = {**cli_env(server, tmp_path), "REFMAN_CACHE_DIR": str(tmp_path / "empty-cache")}
    result = refman(str(bib), "--offline", "--json", env=env)
    assert result.returncode == 0, result.stderr  # nothing was found broken: nothing was checked
    data = json.loads(result.stdout)
    assert len(data) == 5
    assert all(d["status"] == "not_checked" and d["reason"] == OFFLINE_REASON for d in data)
    assert "Traceback" not in result.stderr and "5 not_checked" in result.stderr
    env_offline = refman(str(bib), "--json", env={**env, "REFMAN_OFFLINE": "1"})
    assert env_offline.returncode == 0 and json.loads(env_offline.stdout) == data
    table = refman(str(bib), "--offline", env=env)
    assert table.returncode == 0 and "broken" not in table.stdout and "not_checked" in table.stdout


def proxy_env(port: int) -> dict[str, str]:
    """Every request sent to a proxy that is not there: the network is down."""
    proxy = f"http://127.0.0.1:{port}"
    names = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
    return {**{name: proxy for name in names}, "NO_PROXY": "", "no_proxy": ""}


def fill_cli_cache(server: LinkServer, tmp_path: Path, path: str) -> None:
    """Check one good link online into the cache the CLI runs use."""
    links = links_from_list(server.url(path) + "\n")
    assert links is not None
    cache = Settings.from_env({}, cache_dir=tmp_path / "cli-cache")
    assert [r.status for r in check_links(links, cache, fast(server))] == ["ok"]


def test_cli_network_down_reports_links_unchecked_from_the_cache(server: LinkServer, tmp_path: Path) -> None:
    env = cli_env(server, tmp_path)
    fill_cli_cache(server, tmp_path, "/ok/netdown-cached")
    stdin = f"{server.url('/ok/netdown-cached')}\n{server.url('/missing/netdown')}\n10.5555/exists\n"
    port = closed_port()
    down = refman("-", "--json", "--max-cache-age", "0", env={**env, **proxy_env(port)}, stdin=stdin)
    assert down.returncode == 0, down.stderr  # nothing was found broken: nothing could be checked
    data = json.loads(down.stdout)
    assert [(d["status"], d["cached"]) for d in data] == [
        ("ok", True),
        ("not_checked", False),
        ("not_checked", False),
    ]
    reason = f"network unreachable: the proxy http://127.0.0.1:{port} refused the connection"
    assert data[1]["reason"] == data[2]["reason"] == reason and data[1]["checked_at"] is None
    assert "no request reached any server" in down.stderr and "2 links not checked" in down.stderr
    assert "1 result from the cache" in down.stderr and "Traceback" not in down.stderr
    assert server.hits("/missing/netdown") == 0


def test_cli_network_down_probes_a_cached_server_and_caches_nothing_unchecked(
    server: LinkServer, tmp_path: Path
) -> None:
    env = cli_env(server, tmp_path)
    fill_cli_cache(server, tmp_path, "/ok/probed")
    stdin = f"{server.url('/ok/probed')}\n{server.url('/missing/probed')}\n10.5555/exists\n"
    down = refman("-", "--json", env={**env, **proxy_env(closed_port())}, stdin=stdin)
    assert down.returncode == 0, down.stderr  # the probe of the cached link's server fails too
    assert [d["status"] for d in json.loads(down.stdout)] == ["ok", "not_checked", "not_checked"]
    back = refman("-", "--json", env=env, stdin=stdin)  # nothing unchecked was cached
    assert [(d["status"], d["cached"]) for d in json.loads(back.stdout)] == [
        ("ok", True),
        ("broken", False),
        ("ok", False),
    ]
    assert back.returncode == 2


def test_cli_a_host_that_does_not_resolve_is_broken_when_others_answer(
    server: LinkServer, tmp_path: Path
) -> None:
    stdin = f"{server.url('/ok/resolves')}\nhttp://no-such-host.invalid/page\n10.5555/exists\n"
    result = refman("-", "--json", env=cli_env(server, tmp_path), stdin=stdin)
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert [d["status"] for d in data] == ["ok", "broken", "ok"]
    assert data[1]["reason"].startswith("DNS lookup failed: no such host") and data[1]["checked_at"]
    assert "not checked" not in result.stderr
    again = refman("-", "--json", env=cli_env(server, tmp_path), stdin=stdin)
    assert again.returncode == 2, again.stderr  # the others cached: a probe of their server decides
    assert [(d["status"], d["cached"]) for d in json.loads(again.stdout)] == [
        ("ok", True),
        ("broken", False),
        ("ok", True),
    ]


def test_cli_an_unreachable_doi_resolver_leaves_dois_unchecked(server: LinkServer, tmp_path: Path) -> None:
    env = {**cli_env(server, tmp_path), "REFMAN_DOI_RESOLVER_URL": f"http://127.0.0.1:{closed_port()}"}
    result = refman("-", "--json", env=env, stdin=f"{server.url('/ok/no-resolver')}\n10.5555/exists\n")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["status"] for d in data] == ["ok", "not_checked"]
    assert data[1]["reason"] == "DOI resolver unreachable: connection refused"
    assert "1 link not checked: 1 x DOI resolver unreachable: connection refused" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["no-such-file.bib"], "no-such-file.bib: no such file"),
        (["--accept", "2xx", "-"], "--accept"),
        (["--timeout", "soon", "-"], "--timeout"),
        (["--max-retries", "-1", "-"], "--max-retries"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_1(
    server: LinkServer, tmp_path: Path, args: list[str], needle: str
) -> None:
    result = refman(*args, env=cli_env(server, tmp_path), stdin="https://example.org\n")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in result.stderr


def test_cli_malformed_csl_json_is_a_warning_and_under_strict_bad_input(
    server: LinkServer, tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "a"}, {"type": "book"}]', encoding="utf-8")  # constructed: item 2 has no id
    warning = f"warning {path}: item 2, field 'id': no id; called 'item-2'"
    result = refman(str(path), env=cli_env(server, tmp_path))
    assert result.returncode == 0 and warning in result.stderr.splitlines()
    strict = refman(str(path), "--strict", env=cli_env(server, tmp_path))
    assert strict.returncode == 1 and warning in strict.stderr.splitlines()
    assert strict.stderr.splitlines()[-1].startswith("refman: error: 1 problem(s) reading the input")
