"""Helpers shared by the commands: reading inputs, writing outputs, the rich consoles."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Task, TextColumn
from rich.text import Text

from refman.cli.text import labelled, literal
from refman.errors import InputError, Problem, RefmanError
from refman.library import Library
from refman.library.folder import LOCK_TIMEOUT
from refman.settings import Settings
from refman.store import decode_text, read_text, write_atomic

__all__ = [
    "LiteralColumn",
    "check_exists",
    "dump_json",
    "emit",
    "err_console",
    "library_option",
    "open_library",
    "out_console",
    "parser_option",
    "read_input",
    "report_problems",
    "settings_options",
    "strict_option",
    "warn",
]

# Strings printed as they are (no markup, no :emoji: codes); data goes through refman.cli.text.
out_console = Console(markup=False, emoji=False)
err_console = Console(stderr=True, markup=False, emoji=False)


def warn(message: str, label: str = "warning") -> None:
    """One warning on stderr: ``label`` in yellow, then ``message`` (it may quote data) literally,
    on one line however narrow the terminal."""
    err_console.print(labelled(label, message), soft_wrap=True)


def report_problems(problems: Sequence[Problem], strict: bool) -> None:
    """Each problem met reading the inputs as a one-line warning; with ``strict``, then the
    command stops (exit 1)."""
    for problem in problems:
        warn(str(problem))
    if strict and problems:
        raise RefmanError(f"{len(problems)} problem(s) reading the input (--strict; see the warnings)")


class LiteralColumn(TextColumn):
    """A progress column whose text (a task's description or fields: file names, URLs) is
    shown literally, never as markup."""

    def render(self, task: Task) -> Text:
        """The formatted text, its control characters visible."""
        return literal(self.text_format.format(task=task), self.style, justify=self.justify)


def read_input(name: str) -> str:
    """Text of a file, or of stdin for ``-``, with refman's checks for empty or binary input."""
    if name == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    return read_text(name)


def emit(text: str, output: str | None) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output``."""
    if output and output != "-":
        write_atomic(Path(output), text)
        err_console.print(literal(f"wrote {output}"))
    else:
        click.echo(text, nl=not text.endswith("\n"))


def dump_json(data: Any) -> str:
    """JSON for ``--json``: UTF-8 kept as is, indented, newline-terminated."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_exists(name: str) -> None:
    """Fail early, naming the file, when an input path does not exist."""
    if name != "-" and not Path(name).exists():
        raise InputError(name, "no such file")


#: ``--parser NAME``: the ``refman.parsers`` plugin to parse reference strings with.
parser_option = click.option(
    "--parser", "parser_name", help="A refman.parsers plugin [REFMAN_PARSER; default: default]."
)
#: The options behind :class:`~refman.settings.Settings`, outermost first.
_SETTINGS_OPTIONS = (
    click.option("--crossref-url", help="Crossref API base URL [REFMAN_CROSSREF_URL]."),
    click.option("--mailto", help="Your e-mail, for Crossref's polite pool [REFMAN_MAILTO]."),
    click.option("--cache-dir", help="Where the caches live [REFMAN_CACHE_DIR]."),
    click.option(
        "--offline", is_flag=True, default=None, help="No network: use only the cache [REFMAN_OFFLINE=1]."
    ),
    click.option("--refresh", is_flag=True, help="Ask Crossref again, ignoring (and updating) the cache."),
    parser_option,
    click.option(
        "--resolver", "resolver_name", help="A refman.resolvers plugin [REFMAN_RESOLVER; default: crossref]."
    ),
)


def settings_options(command: Callable[..., int]) -> Callable[..., int]:
    """Give a command the Crossref, cache, network and plugin options; it receives them as one
    ``settings`` argument (options first, then the environment, then defaults)."""

    @functools.wraps(command)
    def with_settings(
        *args: Any,
        crossref_url: str | None,
        mailto: str | None,
        cache_dir: str | None,
        offline: bool | None,
        refresh: bool,
        parser_name: str | None,
        resolver_name: str | None,
        **kwargs: Any,
    ) -> int:
        settings = Settings.from_env(
            crossref_url=crossref_url,
            mailto=mailto,
            cache_dir=cache_dir,
            offline=offline or None,
            refresh=refresh,
            parser=parser_name,
            resolver=resolver_name,
        )
        return command(*args, settings=settings, **kwargs)

    for option in reversed(_SETTINGS_OPTIONS):
        with_settings = option(with_settings)
    return with_settings


#: ``--strict``: a problem reading an input stops the command (exit 1) instead of a warning.
strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when an input has problems (they are warnings otherwise).",
)


#: ``--dir DIRECTORY``: the build folder whose library a command works on.
library_option = click.option(
    "-d",
    "--dir",
    "directory",
    default="bibliography",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The build folder (its library.sqlite).",
)


@contextmanager
def open_library(directory: Path) -> Iterator[Library]:
    """The library of ``directory``, held for writing (waits for another writer up to
    ``$REFMAN_LOCK_TIMEOUT`` seconds, saying so on stderr); a repaired output set is named."""
    try:
        timeout = float(os.environ.get("REFMAN_LOCK_TIMEOUT") or LOCK_TIMEOUT)
    except ValueError:
        raise RefmanError("REFMAN_LOCK_TIMEOUT must be a number of seconds") from None
    with Library.open(directory, on_wait=warn, timeout=timeout) as library:
        for path in library.repaired:
            warn(f"{path}: repaired (a build had been stopped while writing)")
        yield library
