"""``refman export FILE --to FORMAT``: convert a collection with any registered exporter."""

from __future__ import annotations

import click

from refman.cli.common import emit, read_input, report_problems, strict_option, warn
from refman.errors import Problem, RefmanError
from refman.formats.bibtex_tables import DIALECTS
from refman.formats.bibtex_writer import set_aside_unwritable, to_bibtex
from refman.formats.collection import parse_collection
from refman.plugins import load

__all__ = ["export_command"]


@click.command("export")
@click.argument("file")
@click.option(
    "--to",
    "target",
    default="bibtex",
    show_default=True,
    help="bibtex, biblatex, csl-json, zotero-json (CSL-JSON for Zotero's importer), or a plugin's.",
)
@click.option("-o", "--output", help="Write to this file (atomically) instead of stdout.")
@click.option(
    "--ascii",
    "ascii_only",
    is_flag=True,
    help="BibTeX/biblatex only: non-ASCII letters as LaTeX commands (Cyrillic as T2A: "
    "\\cyrkdsc), for pdfLaTeX and classic BibTeX; a character with no command is written as ASCII, "
    "with a warning. Default: UTF-8 (XeLaTeX, LuaLaTeX, biber).",
)
@strict_option
def export_command(file: str, target: str, output: str | None, ascii_only: bool, strict: bool) -> int:
    """Convert FILE (CSL-JSON, BibTeX or a coBib YAML database; - for stdin) to another format."""
    exporters = load("refman.exporters")
    for name, why in exporters.errors.items():
        warn(f"exporter plugin {name} failed to load: {why}")
    if target not in exporters.plugins:
        raise RefmanError(f"unknown export format {target!r}; available: {', '.join(exporters.plugins)}")
    if ascii_only and target not in DIALECTS:
        raise click.UsageError(f"--ascii is for --to {' or '.join(DIALECTS)}, not {target}")
    items, problems = parse_collection(file, read_input(file))
    items, unwritable = set_aside_unwritable(items)
    where = "<stdin>" if file == "-" else file
    report_problems([*problems, *(Problem(where, p) for p in unwritable)], strict)
    if ascii_only:
        unencodable: list[str] = []
        text = to_bibtex(items, target, ascii=True, warnings=unencodable)
        for line in unencodable:
            warn(f"{where}: {line}")
    else:
        text = exporters.plugins[target](items)
    emit(text, output)
    return 0
