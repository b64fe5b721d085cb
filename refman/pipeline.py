"""``refman build``: articles -> collection -> CSL-JSON, BibTeX and a report. What the CLI calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from refman.errors import InputError
from refman.export.bibtex import to_bibtex
from refman.export.csljson import to_csl_json
from refman.extract import extract_article
from refman.keys import assign_keys
from refman.model import Article, Reference
from refman.report import render_report_json, render_report_md
from refman.store import ARTICLE_SUFFIXES, list_articles, read_text, write_all_atomic

__all__ = ["BuildResult", "build", "collect", "extract_file"]

OUTPUTS = ("references.json", "references.bib", "report.md", "report.json")


@dataclass
class BuildResult:
    """What ``build`` made: the articles read, the collection, and the files written."""

    directory: Path
    articles: list[Article] = field(default_factory=list)
    collection: list[Reference] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def written(self) -> list[Path]:
        """The paths of the output files."""
        return [self.directory / name for name in self.outputs]


def extract_file(path: str | Path) -> Article:
    """Read one article file and extract it; its id is the file name without the suffix."""
    p = Path(path)
    return extract_article(read_text(p), source=p.stem)


def collect(articles: Sequence[Article]) -> list[Reference]:
    """The collection: each article's own item followed by its references, with citation keys."""
    items: list[Reference] = []
    for article in articles:
        items.append(article.metadata)
        items.extend(article.references)
    return assign_keys(items)


def build(
    directory: str | Path = "bibliography",
    *,
    write: bool = True,
    on_article: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Build ``DIR/references.json``, ``references.bib``, ``report.md`` and ``report.json``.

    Every article in ``DIR/articles/`` is extracted. A bad article stops the build with an
    :class:`~refman.errors.InputError` before anything is written, so the previous outputs stay.
    """
    root = Path(directory)
    result = BuildResult(directory=root)
    paths = list_articles(root / "articles")
    if not paths:
        raise InputError(root / "articles", f"no article files ({', '.join(ARTICLE_SUFFIXES)}) to build from")
    for path in paths:
        if on_article is not None:
            on_article(path)
        result.articles.append(extract_file(path))
    result.collection = collect(result.articles)
    result.outputs = {
        "references.json": to_csl_json(result.collection),
        "references.bib": to_bibtex(result.collection),
        "report.md": render_report_md(result.articles, result.collection),
        "report.json": render_report_json(result.articles, result.collection),
    }
    if write:
        write_all_atomic((root / name, text) for name, text in result.outputs.items())
    return result
