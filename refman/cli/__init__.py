"""The ``refman`` command line: a thin click layer over the library (one module per command)."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence

import click

from refman._version import __version__
from refman.cli.add import add_command, remove_command
from refman.cli.browse import browse_command
from refman.cli.build import build_command
from refman.cli.check_links import check_links_command
from refman.cli.decide import decide_command
from refman.cli.dedupe import dedupe_command
from refman.cli.edit import edit_command
from refman.cli.eval import eval_group
from refman.cli.export import export_command
from refman.cli.extract import extract_command
from refman.cli.format import format_command
from refman.cli.history import history_command, undo_command
from refman.cli.key import key_command
from refman.cli.match import accept_command, reject_command
from refman.cli.parse import parse_command
from refman.cli.resolve import resolve_command
from refman.cli.text import visible
from refman.errors import RefmanError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refman")
def cli() -> None:
    """refman: references from Kazakh, Russian and English articles to BibTeX and CSL-JSON.

    Exit status: 0 success, 1 bad input or error (one line naming the file and line),
    2 a check found problems.
    """


cli.add_command(build_command)
cli.add_command(browse_command)
cli.add_command(extract_command)
cli.add_command(parse_command)
cli.add_command(export_command)
cli.add_command(format_command)
cli.add_command(check_links_command)
cli.add_command(dedupe_command)
cli.add_command(decide_command)
cli.add_command(eval_group)
cli.add_command(resolve_command)
cli.add_command(add_command)
cli.add_command(remove_command)
cli.add_command(edit_command)
cli.add_command(accept_command)
cli.add_command(reject_command)
cli.add_command(key_command)
cli.add_command(history_command)
cli.add_command(undo_command)


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
        click.echo(visible(usage.getvalue()), err=True, nl=False)
        code = 1  # bad usage is bad input; 2 is kept for checks that find problems
    except click.Abort:
        click.echo("refman: aborted", err=True)
        code = 130
    except RefmanError as exc:
        click.echo(visible(f"refman: error: {exc}"), err=True)
        code = 1
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("REFMAN_DEBUG"):
            raise
        message = f"refman: internal error: {type(exc).__name__}: {exc} (set REFMAN_DEBUG=1 for details)"
        click.echo(visible(message), err=True)
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
