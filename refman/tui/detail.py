"""The detail pane's content as rich renderables (no Textual): one function per section.

Sections that another stage fills (``match``, ``link``, anything else under ``custom.refman``)
are drawn generically, so new keys show up without changes here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from refman.cli.text import add_row, literal, visible
from refman.library import PersonRecord
from refman.linkcheck.links import LinkRecord
from refman.model import DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS, Date, Name, Reference
from refman.resolve.records import Candidate, Resolution
from refman.rulings import Ruling
from refman.tui.collection import COMPARE_FIELDS, ReviewRow, all_problems
from refman.tui.curate import field_text

__all__ = [
    "SECTIONS",
    "article_section",
    "cited_section",
    "confidence_style",
    "fields_section",
    "header_section",
    "link_section",
    "match_section",
    "other_section",
    "raw_section",
    "readable",
    "render_detail",
    "render_pair",
    "render_sections",
    "ruling_text",
]

Lookup = Callable[[str], Reference | None]

# custom.refman keys drawn by a section of their own (the rest go to "other").
_OWN_KEYS = frozenset(
    {
        "raw",
        "article",
        "number",
        "line",
        "romanised",
        "cited",
        "confidence",
        "problems",
        Resolution.KEY,
        LinkRecord.KEY,
        "titles",
        "cites",
    }
)
# CSL keys shown in the parsed-fields table, in this order first: who and what, when, then the
# model's other fields in its order.
_FIELD_ORDER = tuple(
    dict.fromkeys(
        (
            "type",
            "citation-key",
            *NAME_FIELDS,
            "title",
            "container-title",
            "collection-title",
            "issued",
            *TEXT_FIELDS,
            *DATE_FIELDS,
        )
    )
)


def confidence_style(value: float) -> str:
    """A colour for a 0..1 confidence: green when sure, yellow when unsure, red when doubtful."""
    if value >= 0.8:
        return "green"
    if value >= 0.5:
        return "yellow"
    return "red"


def _title(text: str) -> Text:
    return Text(text, style="bold underline")


def _names(names: list[Name]) -> str:
    return "; ".join(n.display() for n in names)


def _date(date: Date) -> str:
    if date.parts:
        return " – ".join("-".join(str(x) for x in part) for part in date.parts)
    return date.literal or date.raw or ""


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def _is_flat(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or (
        isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)
    )


def header_section(ref: Reference) -> RenderableType:
    """One line: key, type, id, and where the item came from."""
    p = ref.refman
    text = Text()
    text.append(visible(ref.citation_key or ref.id), style="bold")
    text.append(visible(f"  {ref.type}"), style="cyan")
    if ref.citation_key:
        text.append(visible(f"  id {ref.id}"), style="dim")
    where = []
    if p.article:
        where.append(f"article {p.article}")
    if p.number is not None:
        where.append(f"no. {p.number}")
    if p.line is not None:
        where.append(f"line {p.line}")
    if where:
        text.append(visible("  " + ", ".join(where)), style="dim")
    return text


def raw_section(ref: Reference) -> RenderableType:
    """The reference as written, its romanised twin, and every problem."""
    p = ref.refman
    parts: list[RenderableType] = [_title("As written")]
    if p.raw is not None:
        parts.append(literal(p.raw))
    else:
        parts.append(
            Text("(no raw string: this item did not come from a reference list)", style="dim italic")
        )
    if p.romanised:
        parts.append(Text())
        parts.append(_title("Romanised entry"))
        raw = (
            p.romanised.get("custom", {}).get("refman", {}).get("raw")
            if isinstance(p.romanised, dict)
            else None
        )
        parts.append(literal(raw) if isinstance(raw, str) else readable(p.romanised))
    problems = all_problems(ref)
    if problems:
        parts.append(Text())
        parts.append(_title("Problems"))
        for problem in problems:
            parts.append(literal(f"! {problem}", "bold red"))
    return Group(*parts)


def _section_table(title: str, *, header: bool = True) -> Table:
    """The table of one detail section: titled, full width, light rules, no outer edge."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold underline",
        show_header=header,
        expand=True,
        show_edge=False,
        pad_edge=False,
        box=box.SIMPLE_HEAD,
    )


def fields_section(ref: Reference) -> RenderableType:
    """The parsed fields with the parser's confidence in each."""
    csl = ref.to_csl()
    csl.pop("id", None)
    csl.pop("custom", None)
    confidence = ref.refman.confidence
    person = PersonRecord.of(ref)
    table = _section_table("Parsed")
    table.add_column("field", style="cyan", no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    table.add_column("conf", justify="right", no_wrap=True)
    keys = [k for k in _FIELD_ORDER if k in csl] + [k for k in csl if k not in _FIELD_ORDER]
    for key in keys:
        if key in ("abstract", "keyword") and "titles" in ref.refman.extra:
            continue  # an article's own item: shown in the article section
        if key in ("author", "editor", "translator"):
            value = _names(getattr(ref, key))
        elif key in ("issued", "accessed"):
            date = getattr(ref, key)
            value = _date(date) if date is not None else ""
        else:
            value = _value_text(csl[key])
        shown = literal(value)
        edit = person.edited.get(key) if person is not None else None
        if edit is not None:
            machine = field_text(edit.get("machine")) or "(empty)"
            shown.append(visible(f"  ✎ a person's; the machine's: {machine}"), style="italic magenta")
        score = confidence.get(key)
        conf = (
            Text(f"{score:.2f}", style=confidence_style(score))
            if isinstance(score, (int, float))
            else Text("")
        )
        add_row(table, key, shown, conf)
    for key, score in confidence.items():
        if key not in csl and isinstance(score, (int, float)):
            add_row(
                table,
                key,
                Text("(not set)", style="dim"),
                Text(f"{score:.2f}", style=confidence_style(score)),
            )
    return table


def article_section(ref: Reference, lookup: Lookup) -> RenderableType | None:
    """For an article's own item: its titles per language and the references it cites."""
    extra = ref.refman.extra
    titles = extra.get("titles")
    cites = extra.get("cites")
    if not titles and cites is None:
        return None
    parts: list[RenderableType] = []
    if isinstance(titles, dict) and titles:
        table = _section_table("Titles", header=False)
        table.add_column("lang", style="cyan", no_wrap=True)
        table.add_column("title", ratio=1, overflow="fold")
        for lang, title in titles.items():
            add_row(table, str(lang), _value_text(title))
        parts.append(table)
    if isinstance(cites, list):
        parts.append(Text())
        parts.append(_title(f"Cites {len(cites)} reference{'s' if len(cites) != 1 else ''}"))
        for cited_id in cites:
            target = lookup(str(cited_id))
            line = Text()
            if target is None:
                line.append(visible(cited_id), style="red")
                line.append("  (not in this collection)", style="dim")
            else:
                number = target.refman.number
                line.append(f"{'' if number is None else number:>3} ", style="dim")
                line.append(visible(target.citation_key or target.id), style="bold")
                line.append(visible(f"  {target.title or target.refman.raw or ''}"))
            parts.append(line)
    return Group(*parts)


def cited_section(ref: Reference) -> RenderableType | None:
    """Where the text cites this item: line, the citation as written, its sentence."""
    cited = ref.refman.cited
    if not cited:
        if ref.refman.raw is not None:
            return Text("Not cited in the text.", style="yellow")
        return None
    where = f"article {ref.refman.article}" if ref.refman.article else "the text"
    parts: list[RenderableType] = [
        _title(visible(f"Cited {len(cited)} time{'s' if len(cited) != 1 else ''} in {where}"))
    ]
    for citation in cited:
        if not isinstance(citation, dict):
            parts.append(readable(citation))
            continue
        mark = str(citation.get("text", ""))
        line = Text()
        line.append(visible(f"line {citation.get('line', '?')}: "), style="dim")
        context = str(citation.get("context", ""))
        at = context.find(mark) if mark else -1
        if at >= 0:
            line.append(visible(context[:at]))
            line.append(visible(mark), style="bold magenta")
            line.append(visible(context[at + len(mark) :]))
        else:
            line.append(visible(mark), style="bold magenta")
            line.append(visible(f"  {context}"))
        locator = citation.get("locator")
        if locator:
            line.append(visible(f"  (locator {locator})"), style="dim")
        parts.append(line)
    return Group(*parts)


def _status_text(status: str, good: bool) -> Text:
    style = "bold green" if good else "bold yellow" if status in ("ambiguous", "redirected") else "bold red"
    return literal(status, style)


def match_section(ref: Reference) -> RenderableType | None:
    """``custom.refman.match``: status, score, DOI, evidence and candidates, whatever is there."""
    resolution = Resolution.of(ref)
    if resolution is None:
        raw = ref.refman.extra.get(Resolution.KEY)
        return None if raw is None else Group(_title("Match"), readable(raw))
    table = _section_table("Match", header=False)
    table.add_column("key", style="cyan", no_wrap=True)
    table.add_column("value", ratio=1, overflow="fold")
    for key, value in resolution.to_json().items():
        if key == "status":
            add_row(table, key, _status_text(resolution.status, resolution.status == "matched"))
        elif key == "candidates":
            add_row(table, key, _candidates(resolution.candidates))
        elif _is_flat(value):
            add_row(table, key, _value_text(value))
        else:
            add_row(table, key, readable(value))
    return table


def _candidates(candidates: tuple[Candidate, ...]) -> RenderableType:
    rows = [c.to_json() for c in candidates]
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    table = Table(expand=True, show_edge=False, pad_edge=False, box=box.SIMPLE_HEAD)
    for column in columns:
        table.add_column(literal(column), overflow="fold")
    for row in rows:
        add_row(table, *(_value_text(row[k]) if k in row else "" for k in columns))
    return table


def link_section(ref: Reference) -> RenderableType | None:
    """``custom.refman.link``: one row per checked link with its status and details."""
    record = LinkRecord.of(ref)
    if record is None or not record.entries:
        raw = ref.refman.extra.get(LinkRecord.KEY)
        return None if raw is None else Group(_title("Links"), readable(raw))
    table = _section_table("Links")
    table.add_column("status", no_wrap=True)
    table.add_column("field", style="cyan", no_wrap=True)
    table.add_column("url", ratio=1, overflow="fold")
    table.add_column("details", ratio=1, overflow="fold")
    for entry in record.entries:
        rest = {k: v for k, v in entry.to_json().items() if k not in ("status", "field", "url")}
        details = "; ".join(f"{k} {_value_text(v)}" for k, v in rest.items())
        add_row(table, _status_text(entry.status, entry.ok), entry.field or "", entry.url, details)
    return table


def other_section(ref: Reference) -> RenderableType | None:
    """Every other key under ``custom.refman`` (and other ``custom`` keys), shown as data."""
    rest = {k: v for k, v in ref.refman.extra.items() if k not in _OWN_KEYS}
    if ref.custom:
        rest.update({f"custom.{k}": v for k, v in ref.custom.items()})
    if ref.abstract and "titles" in ref.refman.extra:
        rest = {"abstract": ref.abstract, "keyword": ref.keyword, **rest}
    if not rest:
        return None
    # plain lines, not a table: abstracts are long and a table measures every word of them
    parts: list[RenderableType] = [_title("More")]
    for key, value in rest.items():
        if value is None:
            continue
        data = _data(value)
        if isinstance(data, Text) and "\n" not in data.plain and len(data.plain) + len(key) < 60:
            parts.append(Text.assemble(literal(f"{key}: ", "cyan"), data))
        else:
            parts.append(literal(key, "cyan"))
            parts.append(Padding(data, (0, 0, 0, 2)))
    return Group(*parts)


def _data(value: Any) -> RenderableType:
    """A JSON value as text: flat values inline, a mapping of flat values one per line."""
    if _is_flat(value):
        return literal(_value_text(value))
    if isinstance(value, dict) and all(_is_flat(v) for v in value.values()):
        text = Text()
        for i, (k, v) in enumerate(value.items()):
            if i:
                text.append("\n")
            text.append(visible(f"{k}: "), style="cyan")
            text.append(visible(_value_text(v)))
        return text
    return readable(value)


def readable(value: Any, indent: int = 0) -> Text:
    """Any JSON value as lines a person reads: ``key: value``, nested values indented below
    their key, list items one per line (never a Python repr)."""
    text = Text()
    pad = "  " * indent

    def line(label: str, rest: Any) -> None:
        if text:
            text.append("\n")
        text.append(pad)
        if label:
            text.append(visible(f"{label}: "), style="cyan")
        if _is_flat(rest):
            text.append(visible(_value_text(rest)))
        else:
            text.append("\n")
            text.append_text(readable(rest, indent + 1))

    if isinstance(value, dict):
        for k, v in value.items():
            if v not in (None, "", [], {}):
                line(str(k), v)
    elif isinstance(value, list):
        for n, v in enumerate(value, 1):
            line(f"{n}", v)
    else:
        line("", value)
    return text


#: Section names, in the order the pane shows them.
SECTIONS = ("header", "raw", "fields", "article", "cited", "match", "link", "other")


def render_sections(ref: Reference, lookup: Lookup) -> dict[str, RenderableType | None]:
    """Every section of the detail pane for ``ref`` (None: the section is hidden)."""
    return {
        "header": header_section(ref),
        "raw": raw_section(ref),
        "fields": fields_section(ref),
        "article": article_section(ref, lookup),
        "cited": cited_section(ref),
        "match": match_section(ref),
        "link": link_section(ref),
        "other": other_section(ref),
    }


def render_detail(ref: Reference, lookup: Lookup) -> RenderableType:
    """The whole pane: a header, the raw string beside the parsed fields, then the other sections."""
    sections = render_sections(ref, lookup)
    top = Table.grid(expand=True, padding=(0, 2))
    top.add_column(ratio=1, overflow="fold")
    top.add_column(ratio=1, overflow="fold")
    add_row(top, sections["raw"], sections["fields"])
    parts: list[RenderableType] = [sections["header"] or Text(), Text(), top]
    for name in SECTIONS[3:]:
        section = sections[name]
        if section is not None:
            parts.extend([Text(), section])
    return Group(*parts)


# --- the review screen -----------------------------------------------------------------------------

_RULING_STYLES = {"same": "bold green", "different": "bold red"}


def ruling_text(ruling: Ruling | None) -> Text:
    """A ruling as a coloured word (``same`` green, ``different`` red; none: a dim dash)."""
    if ruling is None:
        return Text("–", style="dim")
    return Text(ruling.label, style=_RULING_STYLES[ruling.label])


def _differs(x: str, y: str) -> bool:
    return bool(x and y) and " ".join(x.casefold().split()) != " ".join(y.casefold().split())


def render_pair(
    pair: ReviewRow, fields_a: dict[str, str], fields_b: dict[str, str], status: str
) -> RenderableType:
    """Two references side by side (values that differ in yellow), then why the pair is
    uncertain, the evidence and the ruling. ``fields_*``: :func:`~refman.tui.collection.compare_fields`."""
    heading = Text()
    heading.append(visible(pair.a), style="bold")
    heading.append("  =  " if pair.merged else "  ?  ", style="dim")
    heading.append(visible(pair.b), style="bold")
    if pair.score is not None:
        heading.append(f"   score {pair.score:.2f}", style=confidence_style(pair.score))
    if pair.rule:
        heading.append(visible(f"   rule {pair.rule}"), style="cyan")
    table = Table(expand=True, show_edge=False, pad_edge=False, box=box.SIMPLE_HEAD)
    table.add_column("", style="cyan", no_wrap=True)
    table.add_column(literal(pair.a), ratio=1, overflow="fold")
    table.add_column(literal(pair.b), ratio=1, overflow="fold")
    for name in COMPARE_FIELDS:
        x, y = fields_a.get(name, ""), fields_b.get(name, "")
        if not x and not y:
            continue
        style = "yellow" if name not in ("item", "raw") and _differs(x, y) else ""
        add_row(table, name, literal(x, style), literal(y, style))
    why = "Why the last build merged them" if pair.merged else "Why it is uncertain"
    parts: list[RenderableType] = [heading, Text(), table, Text(), _title(why)]
    parts.append(literal(pair.explain()))
    if pair.verdict is not None and pair.verdict.evidence:
        evidence = Text()
        for i, (key, value) in enumerate(pair.verdict.evidence.items()):
            evidence.append("  ·  " if i else "")
            evidence.append(visible(f"{key} "), style="cyan")
            evidence.append(visible(_value_text(value)))
        parts.append(evidence)
    ruling = Text.assemble(("Ruling: ", "bold"), ruling_text(pair.ruling), (visible("  " + status), "dim"))
    if pair.ruling is not None and pair.ruling.note:
        ruling.append(visible(f"  note: {pair.ruling.note}"), style="italic")
    parts.extend([Text(), ruling])
    return Group(*parts)
