"""``refman format FILE --style STYLE``: a formatted reference list (CSL via citeproc-py)."""

from __future__ import annotations

import click

from refman.cli.common import emit, report_problems, strict_option
from refman.errors import RefmanError
from refman.formats.collection import read_collection
from refman.render import LANG_LOCALES, OUTPUTS, STYLES, Output, render_bibliography
from refman.render.romanised import romanised_bibliography

__all__ = ["format_command"]


@click.command("format")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--style", default="gost-r-7-0-5-2008", show_default=True, type=click.Choice(STYLES))
@click.option(
    "--lang", type=click.Choice(tuple(LANG_LOCALES)), help="Terms in this language (default: the style's)."
)
@click.option(
    "--romanise",
    is_flag=True,
    help="The romanised References list of Scopus-indexed Kazakh and Russian journals "
    "(BSI transliteration, English title in brackets, (In Russ.)/(In Kazakh)); ignores --style and --lang.",
)
@click.option("--to", "output_kind", default="text", show_default=True, type=click.Choice(OUTPUTS))
@click.option("-o", "--output", help="Write to this file (atomically) instead of stdout.")
@strict_option
def format_command(
    file: str,
    style: str,
    lang: str | None,
    romanise: bool,
    output_kind: Output,
    output: str | None,
    strict: bool,
) -> int:
    """Render the references of FILE (CSL-JSON, BibTeX or a coBib YAML database) as a list."""
    refs, problems = read_collection(file)
    report_problems(problems, strict)
    try:
        text = (
            romanised_bibliography(refs, output_kind)
            if romanise
            else render_bibliography(refs, style, lang, output_kind)
        )
    except ValueError as exc:
        raise RefmanError(f"{file}: {exc}") from None
    emit(text, output)
    return 0
