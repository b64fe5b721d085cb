"""``refman add DOI|URL|STRING|FILE`` and ``refman remove ID``: items from no article, into and
out of the library."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import (
    dump_json,
    err_console,
    library_option,
    open_library,
    out_console,
    parser_option,
    warn,
)
from refman.cli.text import literal
from refman.formats.collection import read_collection
from refman.identifiers import find_urls, is_doi, normalise_doi, normalise_url
from refman.model import Reference
from refman.plugins import parser
from refman.settings import Settings

__all__ = ["add_command", "items_for", "remove_command"]


def items_for(what: str, parser_name: str | None = None) -> tuple[list[Reference], str]:
    """The items ``what`` names, and where they came from (said in the history)."""
    path = Path(what)
    if path.is_file():
        items, problems = read_collection(path)
        for problem in problems:
            warn(str(problem))
        return [r.with_refman("added", "file") for r in items], path.name
    if is_doi(what):
        doi = normalise_doi(what) or what
        ref = Reference(id="", DOI=doi)
        ref.refman.raw = doi
        return [ref.with_refman("added", "doi")], f"DOI {doi}"
    urls = find_urls(what)
    if urls and urls[0] == what.strip():
        url = normalise_url(what) or what
        ref = Reference(id="", type="webpage", URL=url)
        ref.refman.raw = url
        return [ref.with_refman("added", "url")], url
    ref = parser(Settings.from_env(parser=parser_name).parser)(what, "")
    ref.refman.raw = what
    return [ref.with_refman("added", "string")], "a reference string"


@click.command("add")
@click.argument("what")
@library_option
@parser_option
@click.option("--json", "as_json", is_flag=True, help="Print the items added and the duplicates as JSON.")
def add_command(what: str, directory: Path, parser_name: str | None, as_json: bool) -> int:
    """Add WHAT to the library: a DOI, a URL, a reference string, or a collection file (.bib,
    CSL-JSON, coBib YAML; its ids and keys are kept). Items that look like works already in the
    library are listed, never merged on the way in. The next `refman build` resolves an added DOI,
    URL or string like an article's reference.
    """
    items, source = items_for(what, parser_name)
    with open_library(directory) as library:
        result = library.add(items, source)
    if as_json:
        data = {
            "added": [{"id": r.id, "key": r.citation_key, "title": r.title} for r in result.added],
            "duplicates": [p.to_json() for p in result.duplicates],
        }
        click.echo(dump_json(data), nl=False)
    else:
        out_console.print(literal(f"added {len(result.added)} item(s) from {source}"))
        for pair in result.duplicates:
            warn(f"{pair.a} and {pair.b} may be one work: {pair.explain()}", label="duplicate?")
    err_console.print(literal(f"run `refman build {directory}` to write them"))
    return 0


@click.command("remove")
@click.argument("item")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def remove_command(item: str, directory: Path, as_json: bool) -> int:
    """Take ITEM (an id, a citation key or ARTICLE-NUMBER) out of the collection; an article's
    reference stays out on every build (`refman undo` brings it back)."""
    with open_library(directory) as library:
        decision = library.remove(library.find(item))
    if as_json:
        click.echo(dump_json(decision.to_json()), nl=False)
    err_console.print(literal(f"removed {decision.target}; run `refman build {directory}` to apply it"))
    return 0
