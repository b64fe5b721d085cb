"""Bibliography-aware link checking: URLs and DOIs of references, checked politely, cached.

::

    from refman.linkcheck import CheckOptions, check_links, merge_link_results, read_links
    from refman.settings import Settings

    links, problems = read_links("bibliography/references.bib")   # which field, which reference
    results = check_links(links, Settings.from_env(), CheckOptions(timeout=10))
    items = merge_link_results(items, results)                     # custom.refman.link per item

Modules: :mod:`~refman.linkcheck.links` (the values), :mod:`~refman.linkcheck.inputs` (finding
links), :mod:`~refman.linkcheck.classify` (pure verdicts), :mod:`~refman.linkcheck.checker` (the
async network side), :mod:`~refman.linkcheck.cache` (SQLite), :mod:`~refman.linkcheck.report`
(summaries, JSON / JUnit / Markdown, merging into references).
"""

from __future__ import annotations

from refman.linkcheck.checker import (
    DEFAULT_DOI_RESOLVER_URL,
    NETWORK_DOWN,
    OFFLINE_REASON,
    CheckOptions,
    CheckStats,
    check_links,
    check_links_async,
)
from refman.linkcheck.classify import parse_accept, parse_duration
from refman.linkcheck.inputs import (
    links_from_list,
    links_from_references,
    links_from_text,
    parse_links,
    read_links,
)
from refman.linkcheck.links import GOOD_STATUSES, STATUSES, Link, LinkResult, Outcome
from refman.linkcheck.report import (
    exit_code,
    group_by_reference,
    merge_link_results,
    render_json,
    render_junit,
    render_markdown,
    summarise,
)

__all__ = [
    "DEFAULT_DOI_RESOLVER_URL",
    "GOOD_STATUSES",
    "NETWORK_DOWN",
    "OFFLINE_REASON",
    "STATUSES",
    "CheckOptions",
    "CheckStats",
    "Link",
    "LinkResult",
    "Outcome",
    "check_links",
    "check_links_async",
    "exit_code",
    "group_by_reference",
    "links_from_list",
    "links_from_references",
    "links_from_text",
    "merge_link_results",
    "parse_accept",
    "parse_duration",
    "parse_links",
    "read_links",
    "render_json",
    "render_junit",
    "render_markdown",
    "summarise",
]
