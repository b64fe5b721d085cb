"""``refman build``: articles -> resolved, deduplicated collection -> CSL-JSON, BibTeX, report.

The stages are the library's own functions, wired in order: extract every article, resolve the
references through Crossref (cache and offline aware; it never raises for network trouble),
deduplicate the whole collection, give citation keys, attach link-check results already in the
cache (``refman check-links`` fills it), export, report. What the CLI and the TUI call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from refman.dedupe import DedupeResult, dedupe
from refman.documents import extract_document, read_document
from refman.errors import InputError, Problem
from refman.extract import ReferenceParser
from refman.formats.bibtex_writer import set_aside_unwritable, to_bibtex
from refman.formats.csljson import to_csl_json
from refman.keys import assign_keys
from refman.linkcheck import check_links, links_from_references, merge_link_results
from refman.model import Article, Reference
from refman.parse import parse_reference
from refman.plugins import parser, resolver
from refman.report import BuildFacts, render_report_json, render_report_md
from refman.resolve import ResolveReport
from refman.rulings import Ruling, rulings_from_json
from refman.settings import Settings
from refman.store import ARTICLE_SUFFIXES, BuildFolder, list_articles, read_text, write_all_atomic

__all__ = [
    "BuildResult",
    "article_paths",
    "build",
    "collect",
    "editable_rulings",
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

    @property
    def written(self) -> list[Path]:
        """The paths of the output files."""
        return list(self.outputs)


def extract_file(path: str | Path, parse: ReferenceParser = parse_reference) -> Article:
    """Read one article file (text, Markdown, PDF, DOCX or HTML) and extract it; its id is the
    file name without the suffix."""
    p = Path(path)
    return extract_document(read_document(p), source=p.stem, parser=parse)


def _repoint(ref: Reference, id_map: dict[str, str]) -> Reference:
    """An article item whose ``cites`` list names the merged ids (each once, in order)."""
    cites = ref.refman.extra.get("cites")
    if not cites:
        return ref
    merged = list(dict.fromkeys(id_map.get(i, i) for i in cites))
    return replace(ref, refman=replace(ref.refman, extra={**ref.refman.extra, "cites": merged}))


def collect(
    articles: Sequence[Article],
    resolved: Sequence[Reference] | None = None,
    rulings: Sequence[Ruling] = (),
) -> tuple[list[Reference], DedupeResult]:
    """The collection: each article's own item and its references (``resolved`` replaces them when
    given, in the same order), deduplicated (``rulings``: a person's rulings on pairs), with
    citation keys."""
    refs = list(resolved) if resolved is not None else [r for a in articles for r in a.references]
    by_id = {r.id: r for r in refs}
    items: list[Reference] = []
    for article in articles:
        items.append(article.metadata)
        items.extend(by_id[r.id] for r in article.references)
    duplicates = dedupe(items, rulings=rulings)
    keyed = assign_keys([_repoint(r, duplicates.id_map) for r in duplicates.items])
    return keyed, duplicates


def read_rulings(directory: str | Path) -> tuple[list[Ruling], list[Problem]]:
    """The rulings in the build folder's rulings file (none when the file does not exist), and
    the problems met (entries that are no ruling, skipped)."""
    path = BuildFolder(Path(directory)).rulings
    if not path.exists():
        return [], []
    return rulings_from_json(read_text(path), path)


def editable_rulings(directory: str | Path) -> list[Ruling]:
    """The rulings of the build folder, for a change that rewrites the file: an entry that is no
    ruling would be dropped by the rewrite, so the first such is an :class:`InputError`."""
    rulings, problems = read_rulings(directory)
    if problems:
        raise problems[0].error()
    return rulings


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


def build(
    directory: str | Path = "bibliography",
    *,
    settings: Settings | None = None,
    write: bool = True,
    on_article: Callable[[Path], None] | None = None,
    on_resolve: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build ``DIR/references.json``, ``references.bib``, ``report.md`` and ``report.json``.

    Every article in ``DIR/articles/`` is extracted, its references resolved (``settings``: where
    Crossref is, the cache, offline, which parser and resolver plugins to use), the collection
    deduplicated (with the rulings in ``DIR/decisions.json``, if any) and exported. An article
    file that cannot be read is left out and named in ``unread`` and the report; only when no
    article can be read does the build stop with an :class:`~refman.errors.InputError`, before
    anything is written. Network trouble never stops it (the report says what was not reached).
    """
    settings = settings or Settings.from_env()
    parse, resolve = parser(settings.parser), resolver(settings.resolver)
    root = Path(directory)
    folder = BuildFolder(root)
    result = BuildResult(directory=root)
    rulings, result.problems = read_rulings(root)
    paths = article_paths(folder, refused=result.unread)
    if not paths and not result.unread:
        raise InputError(folder.articles, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) to build from")
    for path in paths:
        if on_article is not None:
            on_article(path)
        try:
            result.articles.append(extract_file(path, parse))
        except InputError as exc:  # this file is left out; the others are built
            result.unread.append(Problem(exc.path, exc.message, exc.line))
    if not result.articles:
        raise InputError(folder.articles, f"no article could be read ({result.unread[0]})")
    references = [r for a in result.articles for r in a.references]
    resolved, result.resolution = resolve(references, settings, on_resolve)
    result.warnings += result.resolution.warnings
    collection, result.duplicates = collect(result.articles, resolved, rulings)
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
    if write:
        write_all_atomic(result.outputs.items())
    return result
