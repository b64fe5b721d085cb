"""``refman build``: articles -> resolved, deduplicated collection -> CSL-JSON, BibTeX, report.

The stages are the library's own functions, wired in order: extract every article, resolve the
references through Crossref (cache and offline aware; it never raises for network trouble),
deduplicate the whole collection, give citation keys, attach link-check results already in the
cache (``refman check-links`` fills it), export, report. What the CLI and the TUI call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from refman.dedupe import DedupeResult, dedupe
from refman.documents import extract_document, read_document
from refman.errors import InputError, Problem
from refman.extract import ReferenceParser
from refman.formats.bibtex_writer import set_aside_unwritable, to_bibtex
from refman.formats.csljson import to_csl_json
from refman.keys import assign_keys
from refman.library import (
    Library,
    LibraryState,
    apply_decisions,
    reconcile,
    stable_cluster_ids,
    with_key_records,
)
from refman.linkcheck import check_links, links_from_references, merge_link_results
from refman.model import Article, Reference
from refman.parse import parse_reference
from refman.plugins import parser, resolver
from refman.report import BuildFacts, render_report_json, render_report_md
from refman.resolve import ResolveReport
from refman.rulings import Ruling, rulings_from_json
from refman.settings import Settings
from refman.store import ARTICLE_SUFFIXES, BuildFolder, list_articles, read_text

__all__ = [
    "BuildResult",
    "Decided",
    "article_paths",
    "build",
    "collect",
    "extract_file",
    "read_rulings",
]


@dataclass
class BuildResult:
    """What ``build`` made: the articles read, the collection, what each stage did, the outputs;
    ``problems`` met reading its inputs (``--strict`` makes them errors); ``unread`` the article
    files that were not read (binary, undecodable, unreadable, a symbolic link out of the folder),
    each a problem naming the file and why; ``warnings`` about the run that did not stop it (a
    damaged cache moved aside)."""

    directory: Path
    articles: list[Article] = field(default_factory=list)
    collection: list[Reference] = field(default_factory=list)
    resolution: ResolveReport = field(default_factory=ResolveReport)
    duplicates: DedupeResult | None = None
    outputs: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    """The output files this build wrote (none when every one was unchanged)."""


def extract_file(path: str | Path, parse: ReferenceParser = parse_reference) -> Article:
    """Read one article file (text, Markdown, PDF, DOCX or HTML) and extract it; its id is the
    file name without the suffix."""
    p = Path(path)
    return extract_document(read_document(p), source=p.stem, parser=parse)


def _repoint(ref: Reference, id_map: Mapping[str, str]) -> Reference:
    """An article item whose ``cites`` list names the merged ids (each once, in order)."""
    cites = ref.refman.extra.get("cites")
    if not cites:
        return ref
    merged = list(dict.fromkeys(id_map.get(i, i) for i in cites))
    return replace(ref, refman=replace(ref.refman, extra={**ref.refman.extra, "cites": merged}))


def _renamed_article(article: Article, renamed: Mapping[str, str]) -> Article:
    """``article`` with its references under their stable ids (``renamed``: extracted id ->
    stable id), its own item's ``cites`` and its citations' links renamed too."""
    citations = [replace(c, references=[renamed.get(i, i) for i in c.references]) for c in article.citations]
    return replace(
        article,
        metadata=_repoint(article.metadata, renamed),
        references=[r.replace(id=renamed.get(r.id, r.id)) for r in article.references],
        citations=citations,
    )


@dataclass(frozen=True)
class Decided:
    """What the library holds for a build: a person's decisions, the keys pinned (id -> key: a
    person's over those issued), every key ever issued (never given to another item), each id's
    order of birth, and the items people added."""

    state: LibraryState = field(default_factory=LibraryState)
    pinned: Mapping[str, str] = field(default_factory=dict)
    reserved: frozenset[str] = frozenset()
    born: Mapping[str, int] = field(default_factory=dict)
    added: Sequence[Reference] = ()


def collect(
    articles: Sequence[Article], resolved: Sequence[Reference] | None = None, decided: Decided | None = None
) -> tuple[list[Reference], DedupeResult]:
    """The collection: each article's own item and its references (``resolved`` replaces them when
    given, in the same order; the added items among them too), deduplicated with a person's
    rulings (a merged cluster named by its oldest member), a person's edits and DOIs applied,
    with citation keys (pinned ones kept). Items a person removed are left out."""
    decided = decided or Decided()
    removed = decided.state.removed
    refs = list(resolved) if resolved is not None else [r for a in articles for r in a.references]
    by_id = {r.id: r for r in refs}
    items: list[Reference] = []
    for article in articles:
        items.append(article.metadata)
        items.extend(by_id[r.id] for r in article.references if r.id not in removed)
    added = [by_id.get(r.id, r) for r in decided.added]
    items.extend(r for r in added if r.id not in removed)
    duplicates = stable_cluster_ids(dedupe(items, rulings=decided.state.rulings), decided.born)
    edited = apply_decisions([_repoint(r, duplicates.id_map) for r in duplicates.items], decided.state)
    keyed = assign_keys(edited, pinned=decided.pinned, reserved=decided.reserved)
    return with_key_records(keyed, decided.state), duplicates


def read_rulings(directory: str | Path) -> tuple[list[Ruling], list[Problem]]:
    """The rulings in the build folder's old rulings file, ``decisions.json`` (none when it does
    not exist; the first build moves them into the library), and the problems met (entries that
    are no ruling, skipped)."""
    path = BuildFolder(Path(directory)).rulings
    if not path.exists():
        return [], []
    return rulings_from_json(read_text(path), path)


def article_paths(folder: BuildFolder, refused: list[Problem] | None = None) -> list[Path]:
    """The article files of a build folder (symbolic links out of it named in ``refused``);
    pointed at the articles folder itself, or at a folder without one, the :class:`InputError`
    says what was expected."""
    if folder.articles.is_dir():
        return list_articles(folder.articles, refused)
    if not folder.root.is_dir():
        raise InputError(folder.root, "no such directory")
    if folder.root.name == folder.articles.name or list_articles(folder.root):
        raise InputError(
            folder.root, f"looks like an articles folder: run `refman build {folder.root.parent}`"
        )
    kinds = ", ".join(ARTICLE_SUFFIXES)
    raise InputError(folder.root, f"no {folder.articles.name}/ folder: expected the articles ({kinds}) in it")


def _with_cached_links(
    items: list[Reference], settings: Settings, source: str, on_warning: Callable[[str], None]
) -> list[Reference]:
    """Attach link results that ``refman check-links`` left in the cache; never goes online."""
    links = links_from_references(items, source=source)
    if not links:
        return items
    results = check_links(links, replace(settings, offline=True), on_warning=on_warning)
    cached = [r for r in results if r.outcome.checked_at is not None]
    return merge_link_results(items, cached) if cached else items


#: How an added item came in, for those the build resolves like an article's reference (items
#: from a collection file are the user's records, taken as they are).
RESOLVED_ADDITIONS = ("doi", "url", "string")


def _mtime(path: Path) -> str:
    stamp = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    return stamp.isoformat(timespec="seconds")


def build(
    directory: str | Path = "bibliography",
    *,
    settings: Settings | None = None,
    write: bool = True,
    strict: bool = False,
    on_article: Callable[[Path], None] | None = None,
    on_resolve: Callable[[int, int], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build ``DIR/references.json``, ``references.bib``, ``report.md`` and ``report.json`` from
    the library ``DIR/library.sqlite`` and the articles in ``DIR/articles/``.

    The build holds the folder's writer lock (``on_wait`` hears when it waits for another
    writer). Every article is extracted and its references reconciled with the library by
    content (each keeps its stable id), resolved with the items people added from a DOI, URL or
    string (``settings``: where Crossref is, the cache, offline, the parser and resolver plugins),
    deduplicated with a person's rulings, edited as a person decided, given citation keys
    (issued keys pinned), exported, and committed as one generation. Rulings still in an old
    ``DIR/decisions.json`` move into the library (the file is renamed
    ``decisions.migrated.json``). An article file that cannot be read is left out and named in
    ``unread``; only when no article can be read does the build stop with an
    :class:`~refman.errors.InputError`, before anything is written; with ``strict``, a problem
    reading the inputs also writes nothing, and ``write=False`` computes the outputs without
    committing anything. Network trouble never stops it.
    """
    settings = settings or Settings.from_env()
    parse, resolve = parser(settings.parser), resolver(settings.resolver)
    root = Path(directory)
    folder = BuildFolder(root)
    result = BuildResult(directory=root)
    legacy, result.problems = read_rulings(root)
    paths = article_paths(folder, refused=result.unread)
    if not paths and not result.unread:
        raise InputError(folder.articles, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) to build from")
    with Library.open(root, on_wait=on_wait) as library:
        for path in paths:
            if on_article is not None:
                on_article(path)
            try:
                result.articles.append(extract_file(path, parse))
            except InputError as exc:  # this file is left out; the others are built
                result.unread.append(Problem(exc.path, exc.message, exc.line))
        if not result.articles:
            raise InputError(folder.articles, f"no article could be read ({result.unread[0]})")
        extracted = [r for a in result.articles for r in a.references]
        reconciled = reconcile(extracted, library.store.identities())
        result.articles = [_renamed_article(a, reconciled.renamed) for a in result.articles]
        if strict and result.problems:
            return result
        state = library.state()
        if legacy and write:
            library.migrate_rulings(legacy, reconciled.renamed, _mtime(folder.rulings), folder.rulings.name)
            folder.rulings.replace(folder.migrated_rulings)
            state = library.state()
        elif legacy:
            state.rulings += [
                replace(r, a=reconciled.renamed.get(r.a, r.a), b=reconciled.renamed.get(r.b, r.b))
                for r in legacy
            ]
        added = library.store.added_items()
        references = [r for a in result.articles for r in a.references]
        references += [r for r in added if r.refman.extra.get("added") in RESOLVED_ADDITIONS]
        resolved, result.resolution = resolve(references, settings, on_resolve)
        result.warnings += result.resolution.warnings
        issued = library.store.issued_keys()
        decided = Decided(state, library.keys(), frozenset(issued.values()), library.born(), added)
        collection, result.duplicates = collect(result.articles, resolved, decided)
        # A DOI or URL no .bib could hold safely moves to custom.refman.set_aside, with a problem.
        cached = _with_cached_links(collection, settings, folder.csl_json.name, result.warnings.append)
        result.collection, _ = set_aside_unwritable(cached)
        facts = BuildFacts(
            result.articles, result.collection, result.resolution, result.duplicates, result.unread
        )
        result.outputs = {
            folder.csl_json: to_csl_json(result.collection),
            folder.bibtex: to_bibtex(result.collection),
            folder.report_md: render_report_md(facts),
            folder.report_json: render_report_json(facts),
        }
        given = {r.id: r.citation_key for r in result.collection if r.citation_key}
        new_keys = {i: k for i, k in given.items() if i not in decided.pinned and i not in issued}
        if write:
            result.written = library.commit_build(
                [*reconciled.new, *reconciled.changed], new_keys, result.outputs
            )
    return result
