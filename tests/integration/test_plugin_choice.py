"""Third-party parser and resolver plugins, installed beside refman, are the ones `refman build` uses.

The plugin is a real distribution: a module plus a ``*.dist-info`` folder with ``METADATA`` and
``entry_points.txt``, put on the child process's ``sys.path``. That is what ``pip install`` leaves,
and it is how ``importlib.metadata`` finds every installed plugin (refman's own included).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_004
from tests.integration.test_cli import assert_one_line_error

PLUGIN = '''
"""A stand-in resolver and parser from another package (constructed for this test)."""

from refman.model import Reference
from refman.parse import parse_reference
from collections import Counter

from refman.resolve import ResolveReport


def resolve(refs, settings, progress=None):
    out = [r.replace(DOI=f"10.9999/plugin.{r.id}") for r in refs]
    if progress is not None:
        progress(len(out), len(out))
    return out, ResolveReport(total=len(out), counts=Counter(matched=len(out)), service="example-plugin")


def parse(raw, id=""):
    ref = parse_reference(raw, id)
    return ref.replace(note="parsed by the example plugin")
'''

ENTRY_POINTS = """[refman.resolvers]
example = refman_example_plugin:resolve

[refman.parsers]
example = refman_example_plugin:parse
"""


def _install_plugin(site: Path) -> None:
    site.mkdir()
    (site / "refman_example_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "refman_example_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: refman-example-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")


def _refman(site: Path, *args: str, **env_vars: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "COLUMNS": "200", "NO_COLOR": "1", **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "refman", *args], capture_output=True, text=True, timeout=120, env=env
    )


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bib"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEED_004, folder / "articles" / SEED_004.name)
    return folder


def test_build_uses_the_installed_resolver_and_parser(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _install_plugin(site)
    folder = _folder(tmp_path)

    result = _refman(site, "build", str(folder), "--resolver", "example", "--parser", "example", "--json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["resolution"]["service"] == "example-plugin"
    items = json.loads((folder / "references.json").read_text(encoding="utf-8"))
    refs = [i for i in items if i["custom"]["refman"].get("raw")]
    assert refs, "the article's references are in the collection"
    assert all(i["DOI"].startswith("10.9999/plugin.") for i in refs)
    assert all(i.get("note") == "parsed by the example plugin" for i in refs)


def test_environment_picks_the_plugin_and_default_stays_crossref(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _install_plugin(site)
    lines = tmp_path / "refs.txt"
    lines.write_text("Иванов И.И. Региональная экономика. – М.: Наука, 2019. – 256 с.\n", encoding="utf-8")

    chosen = _refman(site, "resolve", str(lines), "--json", REFMAN_RESOLVER="example")
    default = _refman(site, "resolve", str(lines), "--json")

    assert chosen.returncode == 0, chosen.stderr
    assert json.loads(chosen.stdout)[0]["DOI"] == "10.9999/plugin.line-1"
    assert default.returncode == 0, default.stderr
    assert "DOI" not in json.loads(default.stdout)[0]  # offline Crossref resolver: nothing asserted


def test_unknown_plugin_is_one_line_naming_the_installed_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _install_plugin(site)
    result = _refman(site, "build", str(_folder(tmp_path)), "--resolver", "nosuch")
    assert_one_line_error(result, "nosuch", "crossref", "example")
