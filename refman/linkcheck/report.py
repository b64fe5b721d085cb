"""Link results as data: summaries, exit codes, JSON / JUnit / Markdown, and merging into references.

Pure functions: results in, strings or new values out.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from refman.linkcheck.links import GOOD_STATUSES, NOT_CHECKED, STATUSES, LinkEntry, LinkRecord, LinkResult
from refman.model import Reference

__all__ = [
    "exit_code",
    "group_by_reference",
    "merge_link_results",
    "render_json",
    "render_junit",
    "render_markdown",
    "summarise",
]


def summarise(results: Iterable[LinkResult]) -> dict[str, int]:
    """How many links have each status (every status listed, in report order)."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts


def is_failure(result: LinkResult, tolerate: frozenset[str] = frozenset()) -> bool:
    """True when the link needs attention and its status is not tolerated (a link not checked
    is not known to need any)."""
    return (
        result.status not in GOOD_STATUSES and result.status not in tolerate and result.status != NOT_CHECKED
    )


def exit_code(results: Iterable[LinkResult], tolerate: Iterable[str] = ()) -> int:
    """lychee's convention: 0 when every link is fine, tolerated or not checked, 2 otherwise."""
    allowed = frozenset(tolerate)
    return 2 if any(is_failure(r, allowed) for r in results) else 0


def group_label(result: LinkResult) -> str:
    """The reference a result belongs to, or where it was found when it belongs to none."""
    if result.link.reference:
        return result.link.reference
    return f"{result.link.source or '<input>'} (outside references)"


def group_by_reference(results: Sequence[LinkResult]) -> list[tuple[str, list[LinkResult]]]:
    """Results grouped by reference, groups in order of first appearance."""
    groups: dict[str, list[LinkResult]] = {}
    for result in results:
        groups.setdefault(group_label(result), []).append(result)
    return list(groups.items())


def render_json(results: Sequence[LinkResult]) -> str:
    """``--json``: an array with one object per link (see :meth:`LinkResult.to_json`)."""
    return json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2) + "\n"


def _detail(result: LinkResult) -> str:
    o = result.outcome
    parts = [o.reason] if o.reason else []
    if o.final_url and o.final_url != result.link.url and o.final_url not in o.reason:
        parts.append(f"-> {o.final_url}")
    if o.cached and o.checked_at:
        parts.append(f"(cached, checked {o.checked_at})")
    return " ".join(parts)


def render_junit(results: Sequence[LinkResult], tolerate: Iterable[str] = (), elapsed: float = 0.0) -> str:
    """A JUnit XML report: one test suite per reference, one test case per link.

    Failing links are ``<failure type="STATUS">``; tolerated ones are ``<skipped>`` with the reason.
    """
    allowed = frozenset(tolerate)
    root = ET.Element("testsuites", name="refman check-links")
    total = failures = skipped = 0
    for label, group in group_by_reference(results):
        suite = ET.SubElement(root, "testsuite", name=label)
        s_fail = s_skip = 0
        for result in group:
            case = ET.SubElement(
                suite,
                "testcase",
                name=result.link.url,
                classname=f"{label}.{result.link.field or 'link'}",
            )
            if result.link.source:
                case.set("file", result.link.source)
            if result.link.line is not None:
                case.set("line", str(result.link.line))
            if result.status in GOOD_STATUSES:
                if result.status == "redirected":
                    ET.SubElement(case, "system-out").text = _detail(result)
            elif result.status in allowed or result.status == NOT_CHECKED:
                ET.SubElement(case, "skipped", message=f"{result.status}: {_detail(result)}")
                s_skip += 1
            else:
                code = "" if result.outcome.code is None else f" ({result.outcome.code})"
                failure = ET.SubElement(case, "failure", type=result.status, message=f"{result.status}{code}")
                failure.text = _detail(result)
                s_fail += 1
        suite.set("tests", str(len(group)))
        suite.set("failures", str(s_fail))
        suite.set("errors", "0")
        suite.set("skipped", str(s_skip))
        total += len(group)
        failures += s_fail
        skipped += s_skip
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", str(skipped))
    root.set("time", f"{elapsed:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(results: Sequence[LinkResult], tolerate: Iterable[str] = ()) -> str:
    """A Markdown report: a summary table, then one table per reference."""
    allowed = frozenset(tolerate)
    counts = summarise(results)
    problems = sum(1 for r in results if is_failure(r, allowed))
    lines = [
        "# Link check",
        "",
        f"{len(results)} links, {problems} need attention.",
        "",
        "| status | links |",
        "|---|---:|",
    ]
    lines += [f"| {status} | {n} |" for status, n in counts.items() if n]
    for label, group in group_by_reference(results):
        lines += [
            "",
            f"## {_cell(label)}",
            "",
            "| status | code | link | field | line | details |",
            "|---|---|---|---|---|---|",
        ]
        for r in group:
            code = "" if r.outcome.code is None else str(r.outcome.code)
            line = "" if r.link.line is None else str(r.link.line)
            cells = [r.status, code, _cell(r.link.url), _cell(r.link.field or ""), line, _cell(_detail(r))]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def merge_link_results(items: Sequence[Reference], results: Iterable[LinkResult]) -> list[Reference]:
    """Copies of ``items`` with their :class:`LinkRecord` (``custom.refman.link``): the list of
    link results of each item.

    A result belongs to the item whose citation key (or id) is its ``reference``. Items without
    results are returned unchanged. A result that was not checked (offline, nothing cached) does
    not replace an earlier checked entry for the same URL and field.
    """
    by_ref: dict[str, list[LinkResult]] = {}
    for result in results:
        if result.link.reference:
            by_ref.setdefault(result.link.reference, []).append(result)
    out: list[Reference] = []
    for item in items:
        mine = by_ref.get(item.citation_key or item.id) or by_ref.get(item.id)
        if not mine:
            out.append(item)
            continue
        previous = LinkRecord.of(item)
        earlier = {(e.url, e.field): e for e in (previous.entries if previous else ()) if e.checked_at}
        entries: dict[tuple[str, str | None], LinkEntry] = {}
        for result in mine:
            entry = LinkEntry.of(result)
            key = (entry.url, entry.field)
            if key not in entries:
                entries[key] = entry if entry.checked_at or key not in earlier else earlier[key]
        out.append(LinkRecord(tuple(entries.values())).attach(item))
    return out
