"""``refman check-links FILE...``: check the URLs and DOIs of .bib, CSL-JSON, article or list files.

Exit status as lychee's: 0 every link fine (ok or redirected, or a status given to
``--tolerate``) or not checked (offline or the network down, nothing cached), 2 some link needs
attention, 1 bad input or options.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from refman.cli.common import (
    LiteralColumn,
    check_exists,
    emit,
    err_console,
    out_console,
    report_problems,
    strict_option,
    warn,
)
from refman.cli.text import add_row, literal
from refman.errors import Problem, RefmanError
from refman.linkcheck import (
    NETWORK_DOWN,
    STATUSES,
    CheckOptions,
    CheckStats,
    Link,
    LinkResult,
    check_links,
    exit_code,
    group_by_reference,
    parse_accept,
    parse_duration,
    read_links,
    render_json,
    render_junit,
    render_markdown,
    summarise,
)
from refman.linkcheck.classify import DEFAULT_ACCEPT, format_duration
from refman.linkcheck.links import NOT_CHECKED
from refman.settings import Settings
from refman.store import decode_text

__all__ = ["check_links_command"]

F = TypeVar("F", bound=Callable[..., Any])

_STYLE = {
    "ok": "green",
    "redirected": "cyan",
    "broken": "bold red",
    "soft_404": "red",
    "server_error": "magenta",
    "blocked": "yellow",
    "rate_limited": "yellow",
    "timeout": "magenta",
    "invalid": "bold red",
    "not_checked": "dim",
}


class _Duration(click.ParamType[float, Any]):
    """Seconds, or a duration with a unit (``50ms``, ``2s``, ``30m``, ``12h``, ``1d``)."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return parse_duration(str(value))
        except ValueError as exc:
            raise RefmanError(f"{_opt(param)}: {exc}") from None


class _Count(click.ParamType[int, Any]):
    name = "integer"

    def __init__(self, minimum: int) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise RefmanError(f"{_opt(param)}: not a whole number: {value!r}") from None
        if number < self.minimum:
            raise RefmanError(f"{_opt(param)}: must be at least {self.minimum}, not {number}")
        return number


#: The checker's knobs (CheckOptions fields, lychee's names) as options: type, default, help.
_KNOBS: dict[str, tuple[click.ParamType[Any, Any], str | int, str | None]] = {
    "timeout": (_Duration(), "20s", "Per request."),
    "max_concurrency": (_Count(1), 128, "Requests in flight."),
    "host_concurrency": (_Count(1), 10, "Requests in flight per host."),
    "host_request_interval": (_Duration(), "50ms", "Least time between two request starts on one host."),
    "max_retries": (_Count(0), 3, "Retries of 429, 5xx and timeouts."),
    "retry_wait_time": (
        _Duration(),
        "1s",
        "First backoff wait (doubled each retry) when the server gives no Retry-After.",
    ),
    "max_retry_wait": (_Duration(), "60s", "Longest wait to make; a longer Retry-After ends the retries."),
    "max_redirects": (_Count(0), 10, None),
    "max_cache_age": (_Duration(), "1d", "Reuse cached results this young."),
}


def _knob_options(command: F) -> F:
    """The options of :data:`_KNOBS`, in its order (each passed as its CheckOptions name)."""
    for name, (kind, default, text) in reversed(_KNOBS.items()):
        flag = "--" + name.replace("_", "-")
        command = click.option(flag, type=kind, default=default, show_default=True, help=text)(command)
    return command


def _opt(param: click.Parameter | None) -> str:
    return param.opts[0] if param is not None and param.opts else "option"


def _read_all(files: tuple[str, ...]) -> tuple[list[Link], list[Problem]]:
    links: list[Link] = []
    problems: list[Problem] = []
    for name in files:
        check_exists(name)
        text = decode_text(sys.stdin.buffer.read(), "<stdin>") if name == "-" else None
        found, issues = read_links(name, text)
        links.extend(found)
        problems.extend(issues)
    return links, problems


def _detail(result: LinkResult) -> Text:
    o = result.outcome
    text = literal(o.reason or "")
    if o.final_url and o.final_url != result.link.url and o.final_url not in (o.reason or ""):
        text.append_text(literal(f" -> {o.final_url}", "dim"))
    if o.cached:
        text.append_text(literal(f" (cached {o.checked_at})" if o.checked_at else " (cached)", "dim"))
    return text


def _table(results: list[LinkResult], only_problems: bool) -> Table:
    table = Table("reference", "status", "code", "link", "field", "details", show_lines=False, expand=False)
    for label, group in group_by_reference(results):
        rows = [r for r in group if not (only_problems and r.ok)]
        if not rows:
            continue
        for index, r in enumerate(rows):
            where = r.link.field or ""
            if r.link.line is not None:
                where += f" :{r.link.line}"
            add_row(
                table,
                label if index == 0 else "",
                Text(r.status, style=_STYLE.get(r.status, "")),
                "" if r.outcome.code is None else str(r.outcome.code),
                literal(r.link.url, overflow="fold"),
                where,
                _detail(r),
            )
        table.add_section()
    return table


def _summary_line(results: list[LinkResult], stats: CheckStats) -> Text:
    counts = summarise(results)
    line = Text(f"{len(results)} links ({stats.targets} distinct): ")
    first = True
    for status in STATUSES:
        if counts[status]:
            if not first:
                line.append(", ")
            line.append(f"{counts[status]} {status}", style=_STYLE.get(status, ""))
            first = False
    if not results:
        line.append("nothing to check")
    line.append(f"; {stats.requests} requests, {stats.cached} from cache, {format_duration(stats.elapsed)}")
    return line


def _not_checked_note(results: list[LinkResult], stats: CheckStats, offline: bool) -> Text | None:
    """Why links went unchecked online (no network, or no DOI resolver), in one line; None if none did."""
    if offline:
        return None
    unchecked = [r.outcome.reason for r in results if r.status == NOT_CHECKED]
    plural = "s" if len(unchecked) != 1 else ""
    if stats.network_down:
        return literal(
            f"{NETWORK_DOWN}: no request reached any server ({stats.network_down}); "
            f"{len(unchecked)} link{plural} not checked, neither good nor broken; "
            f"{stats.cached} result{'s' if stats.cached != 1 else ''} from the cache",
            style="yellow",
        )
    if not unchecked:
        return None
    reasons = Counter(unchecked).most_common(3)
    return literal(
        f"{len(unchecked)} link{plural} not checked: " + "; ".join(f"{n} x {why}" for why, n in reasons),
        style="yellow",
    )


@click.command("check-links")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print a JSON array, one object per link (= --format json)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "junit", "markdown"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    help="Write the report to FILE (atomically; Markdown for the table format) instead of stdout.",
)
@click.option("--only-problems", is_flag=True, help="In the table, list only links that need attention.")
@_knob_options
@click.option(
    "--accept",
    default=DEFAULT_ACCEPT,
    show_default=True,
    help="Status codes that count as success, e.g. '200..=299,403'.",
)
@click.option(
    "-X",
    "--method",
    type=click.Choice(["get", "head"]),
    default="get",
    show_default=True,
    help="get: GET reading at most 64 KiB of a page (finds soft 404s); head: HEAD, GET when refused.",
)
@click.option(
    "--tolerate",
    multiple=True,
    type=click.Choice([s for s in STATUSES if s not in ("ok", "redirected", "not_checked")]),
    help="Report this status but do not fail on it (repeatable), e.g. --tolerate blocked.",
)
@click.option("--no-soft-404", is_flag=True, help="Do not look for soft 404s.")
@click.option(
    "--offline", is_flag=True, default=None, help="No network: report from the cache only [REFMAN_OFFLINE]."
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--refresh", is_flag=True, help="Check again even what the cache holds (and update it).")
@click.option("--cache-dir", help="Cache directory [REFMAN_CACHE_DIR].")
@click.option(
    "--doi-resolver-url",
    envvar="REFMAN_DOI_RESOLVER_URL",
    help="DOI resolver with the handle API [REFMAN_DOI_RESOLVER_URL; default https://doi.org].",
)
@click.option("-u", "--user-agent", help="User-Agent header.")
@click.option("-k", "--insecure", is_flag=True, help="Do not verify TLS certificates.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@strict_option
def check_links_command(
    files: tuple[str, ...],
    as_json: bool,
    fmt: str,
    output: str | None,
    only_problems: bool,
    accept: str,
    method: str,
    tolerate: tuple[str, ...],
    no_soft_404: bool,
    offline: bool | None,
    no_cache: bool,
    refresh: bool,
    cache_dir: str | None,
    doi_resolver_url: str | None,
    user_agent: str | None,
    insecure: bool,
    no_progress: bool,
    strict: bool,
    **knobs: Any,
) -> int:
    """Check the links of FILES: .bib, CSL-JSON, articles (.txt, .md) or plain lists (- for stdin).

    DOIs are asked of the DOI resolver's handle API; URLs are fetched politely (per-host limits,
    retries honouring Retry-After) and classified: ok, redirected, broken, soft_404, server_error,
    blocked, rate_limited, timeout, invalid; not_checked offline or when no request reached any
    server (then from the cache where it can). Exit 0 when all are fine or not checked, 2 when
    some are not, 1 on bad input.
    """
    if knobs["timeout"] <= 0:
        raise RefmanError("--timeout: must be more than 0")
    try:
        accepted = parse_accept(accept)
    except ValueError as exc:
        raise RefmanError(f"--accept: {exc}") from None
    if as_json:
        fmt = "json"
    settings = Settings.from_env(cache_dir=cache_dir, offline=True if offline else None, refresh=refresh)
    options = CheckOptions.from_env(
        **knobs,
        accept=accepted,
        method=method,
        doi_resolver_url=doi_resolver_url,
        user_agent=user_agent,
        insecure=insecure,
        detect_soft_404=not no_soft_404,
        use_cache=not no_cache,
    )
    links, problems = _read_all(files)
    report_problems(problems, strict)
    stats = CheckStats()
    show_progress = not no_progress and err_console.is_terminal and bool(links)
    progress = Progress(
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        LiteralColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not show_progress,
    )
    with progress:
        task = progress.add_task("links", total=len(links), status="")

        def advance(result: LinkResult) -> None:
            progress.update(task, advance=1, status=f"{result.status}: {result.link.url[:60]}")

        results = check_links(links, settings, options, on_result=advance, on_warning=warn, stats=stats)

    if fmt == "json":
        emit(render_json(results), output)
    elif fmt == "junit":
        emit(render_junit(results, tolerate, stats.elapsed), output)
    elif fmt == "markdown" or output:
        emit(render_markdown(results, tolerate), output)
    else:
        if results:
            out_console.print(_table(results, only_problems))
    note = _not_checked_note(results, stats, settings.offline)
    if fmt == "table" and not output:
        out_console.print(_summary_line(results, stats))
        if note is not None:
            out_console.print(note)
        if settings.offline:
            out_console.print("offline: results come from the cache only (REFMAN_OFFLINE / --offline)")
    else:
        err_console.print(_summary_line(results, stats))
        if note is not None:
            err_console.print(note)
    return exit_code(results, tolerate)
