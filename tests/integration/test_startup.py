"""``import refman`` and ``refman --help`` load only what they need (their time is measured by
bench/startup.py; here, which modules a fresh process holds)."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from refman.cli import COMMANDS, cli
from tests.conftest import ROOT

#: Heavy dependencies no start of refman may load before a command needs them.
HEAVY = (
    "habanero",
    "httpx2",
    "textual",
    "rich",
    "pypdfium2",
    "docx",
    "pycrfsuite",
    "bibtexparser",
    "pybtex",
    "citeproc",
)


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_import_refman_loads_no_heavy_dependency() -> None:
    loaded = _modules_after("import refman")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {m for m in loaded if m.startswith("refman.")} - {"refman._version"}


def test_help_loads_no_command_and_no_heavy_dependency() -> None:
    loaded = _modules_after(
        "import sys\nfrom refman.cli import main\nsys.argv = ['refman', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {m for m in loaded if m.startswith("refman.cli.")}


def test_public_names_load_on_first_use() -> None:
    code = (
        "import refman, refman.dedupe.clustering\n"
        "assert callable(refman.dedupe) and callable(refman.build) and refman.Reference(id='x').id == 'x'\n"
        "from refman import dedupe, from_bibtex\n"
        "assert dedupe is refman.dedupe and from_bibtex('@misc{k, title={T}}')[0][0].title == 'T'"
    )
    loaded = _modules_after(code)
    assert "refman.pipeline" in loaded and "bibtexparser" in loaded


def test_help_lists_each_command_as_its_own_help_says() -> None:
    context = click.Context(cli)
    for name, (_module, _attribute, summary) in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None and command.name == name
        assert (command.help or "").split("\n\n")[0].split() == summary.split()
