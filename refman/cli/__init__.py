"""The ``refman`` command line: a thin click layer over the library (one module per command).

Each command's module is imported only when that command runs (``refman --help`` lists them
from :data:`COMMANDS` without importing any), so the command line starts fast.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from collections.abc import Sequence

import click

from refman._version import __version__
from refman.errors import RefmanError

__all__ = ["COMMANDS", "cli", "main"]

#: Each command: its module, the click command in it, and the first paragraph of its help (what
#: ``refman --help`` shows; a test holds it equal to the command's own).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "accept": (
        "refman.cli.match",
        "accept_command",
        "Accept DOI for ITEM (an id, a citation key or ARTICLE-NUMBER): every build gives it.",
    ),
    "add": (
        "refman.cli.add",
        "add_command",
        "Add WHAT to the library: a DOI, a URL, a reference string, or a collection file (.bib, "
        "CSL-JSON, coBib YAML; its ids and keys are kept). Items that look like works already in the "
        "library are listed, never merged on the way in. The next `refman build` resolves an added DOI, "
        "URL or string like an article's reference.",
    ),
    "browse": (
        "refman.cli.browse",
        "browse_command",
        "Browse and curate a library in the terminal: FILE is a build folder (its library and "
        "references.json), or a CSL-JSON or .bib file (read only).",
    ),
    "build": (
        "refman.cli.build",
        "build_command",
        "Extract every article in DIRECTORY/articles/, resolve, deduplicate, and write the collection.",
    ),
    "check-links": (
        "refman.cli.check_links",
        "check_links_command",
        "Check the links of FILES: .bib, CSL-JSON, articles (.txt, .md) or plain lists (- for stdin).",
    ),
    "decide": (
        "refman.cli.decide",
        "decide_command",
        "Rule on two references of the collection in DIRECTORY: the SAME work (merge them whatever "
        "the rules say), DIFFERENT works (never merge them), or FORGET an earlier ruling.",
    ),
    "dedupe": (
        "refman.cli.dedupe",
        "dedupe_command",
        "Merge duplicate references in FILE... (CSL-JSON, BibTeX or extract --json; - for stdin).",
    ),
    "edit": (
        "refman.cli.edit",
        "edit_command",
        "Set FIELD=VALUE on ITEM (an id, a citation key or ARTICLE-NUMBER): the value wins over "
        "the machine's on every build (which is kept beside it in custom.refman.person); `refman undo` "
        "takes an edit back. FIELD is a CSL name (title, container-title, page, DOI, issued=2004, "
        'author="Family, Given; Family, Given", ...); an empty VALUE empties the field.',
    ),
    "eval": ("refman.cli.eval", "eval_group", "Measure refman's accuracy on labelled data."),
    "export": (
        "refman.cli.export",
        "export_command",
        "Convert FILE (CSL-JSON, BibTeX or a coBib YAML database; - for stdin) to another format.",
    ),
    "extract": (
        "refman.cli.extract",
        "extract_command",
        "Find the reference list, in-text citations and metadata of ARTICLE (text, Markdown, PDF, "
        "DOCX or an HTML journal page; - for stdin).",
    ),
    "format": (
        "refman.cli.format",
        "format_command",
        "Render the references of FILE (CSL-JSON, BibTeX or a coBib YAML database) as a list.",
    ),
    "history": (
        "refman.cli.history",
        "history_command",
        "Every decision a person made in the library, oldest first, with who and when (taken back "
        "ones marked); ITEM (an id, a citation key or ARTICLE-NUMBER): only those on it.",
    ),
    "key": (
        "refman.cli.key",
        "key_command",
        "Show ITEM's citation key (ITEM: an id, a key or ARTICLE-NUMBER), or give it KEY, or a new "
        "one (--regenerate). A key, once issued, never changes otherwise.",
    ),
    "parse": (
        "refman.cli.parse",
        "parse_command",
        "Parse reference strings, one per line, from FILE (default: stdin).",
    ),
    "reject": (
        "refman.cli.match",
        "reject_command",
        "Reject DOI for ITEM (an id, a citation key or ARTICLE-NUMBER): no build proposes or asserts "
        "it again.",
    ),
    "remove": (
        "refman.cli.add",
        "remove_command",
        "Take ITEM (an id, a citation key or ARTICLE-NUMBER) out of the collection; an article's "
        "reference stays out on every build (`refman undo` brings it back).",
    ),
    "resolve": (
        "refman.cli.resolve",
        "resolve_command",
        "Find DOIs and Crossref metadata for the references in FILE (default: stdin).",
    ),
    "undo": (
        "refman.cli.history",
        "undo_command",
        "Take back the latest decision (an edit, a ruling, an accepted DOI, an addition...): the "
        "next build gives the machine's value again.",
    ),
}


class _LazyGroup(click.Group):
    """A group whose commands (:data:`COMMANDS`) are imported when first asked for; its help
    lists them from the table."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attribute, _ = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS and name not in self.commands:
                stand_in = click.Command(name, help=COMMANDS[name][2])  # the same shortening
                rows.append((name, stand_in.get_short_help_str(limit)))
            elif (command := self.get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refman")
def cli() -> None:
    """refman: references from Kazakh, Russian and English articles to BibTeX and CSL-JSON.

    Exit status: 0 success, 1 bad input or error (one line naming the file and line),
    2 a check found problems.
    """


def _say(text: str, nl: bool = True) -> None:
    """``text`` on stderr, its control characters shown (rich is imported only to say something)."""
    from refman.cli.text import visible

    click.echo(visible(text), err=True, nl=nl)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; expected errors become one line on stderr and exit status 1, never a traceback."""
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None, prog_name="refman", standalone_mode=False
        )
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        usage = io.StringIO()
        exc.show(file=usage)  # it may quote an argument: a file name, a value
        _say(usage.getvalue(), nl=False)
        code = 1  # bad usage is bad input; 2 is kept for checks that find problems
    except click.Abort:
        click.echo("refman: aborted", err=True)
        code = 130
    except RefmanError as exc:
        _say(f"refman: error: {exc}")
        code = 1
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("REFMAN_DEBUG"):
            raise
        message = f"refman: internal error: {type(exc).__name__}: {exc} (set REFMAN_DEBUG=1 for details)"
        _say(message)
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
