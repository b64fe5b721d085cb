"""Reader problems on the command line, through real ``refman`` processes: each one a one-line
warning naming the file, the item and the field (exit 0), or with ``--strict`` exit 1; a command
pointed at the wrong folder says what it expected. Inputs are constructed here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refman.store import ARTICLE_SUFFIXES
from tests.conftest import SEEDS

WARNING = "warning refs.json: item 2 (id 'b'), field 'title': expected text, got an object"


def refman(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "60", "NO_COLOR": "1"}  # narrow: a warning must still be one line
    env.pop("REFMAN_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "refman", *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    items = [
        {"id": "a", "type": "book", "title": "Қазақ тілі"},
        {"id": "b", "type": "book", "title": {"n": 5}},
        {"id": "c", "type": "book", "title": "T", "author": "x"},
    ]
    (tmp_path / "refs.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "command",
    [
        ["export", "refs.json", "--to", "csl-json"],
        ["export", "refs.json", "--to", "bibtex"],
        ["dedupe", "refs.json", "--json"],
        ["resolve", "refs.json", "--json", "--offline"],
        ["check-links", "refs.json", "--offline"],
    ],
    ids=lambda c: " ".join(c[:3]),
)
def test_reader_problems_are_one_line_warnings_and_strict_makes_them_exit_1(
    folder: Path, command: list[str]
) -> None:
    result = refman(*command, cwd=folder)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning refs.json")]
    assert warnings == [
        f"{WARNING}; set aside in custom.refman.set_aside",
        "warning refs.json: item 3 (id 'c'), field 'author': expected a list of names, got text;"
        " set aside in custom.refman.set_aside",
    ]
    strict = refman(*command, "--strict", cwd=folder)
    assert strict.returncode == 1 and strict.stdout == ""
    lines = strict.stderr.strip().splitlines()
    assert lines[:2] == warnings
    assert lines[-1] == "refman: error: 2 problem(s) reading the input (--strict; see the warnings)"
    assert "Traceback" not in strict.stderr and "internal error" not in strict.stderr


def test_set_aside_values_survive_export_as_written(folder: Path) -> None:
    result = refman("export", "refs.json", "--to", "csl-json", cwd=folder)
    items = json.loads(result.stdout)
    assert [i["custom"]["refman"]["set_aside"] for i in items[1:]] == [{"title": {"n": 5}}, {"author": "x"}]
    (folder / "out.json").write_text(result.stdout, encoding="utf-8")
    clean = refman("export", "out.json", "--to", "csl-json", "--strict", cwd=folder)
    assert clean.returncode == 0 and clean.stderr == "" and json.loads(clean.stdout) == items


def test_markup_in_a_problem_is_printed_as_written(tmp_path: Path) -> None:
    item = {"id": "[link=file:///etc/passwd]x[/link] [/]", "title": {"n": 5}}
    (tmp_path / "refs.json").write_text(json.dumps([item]), encoding="utf-8")
    result = refman("export", "refs.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "item 1 (id '[link=file:///etc/passwd]x[/link] [/]'), field 'title'" in result.stderr


def test_bib_with_shared_keys_and_a_broken_block(tmp_path: Path) -> None:
    bib = "@misc{a, title = {One}}\n@misc{a, title = {Two}}\n@article{b, title = {open\n\n"
    bib += "@misc{c, title = {C}}\n"
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    result = refman("export", "refs.bib", "--to", "csl-json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [i["id"] for i in json.loads(result.stdout)] == ["a", "a-2", "c"]
    assert result.stderr.splitlines() == [
        "warning refs.bib:2: id 'a', field 'key': key 'a' is already used by the entry at line 1;"
        " renamed 'a-2'",
        "warning refs.bib:3: could not parse block (@article{b, title = {open): Unexpected block start:"
        " `@misc`. Was still looking for field-value closing `}`",
    ]


@pytest.mark.parametrize("text", ["x\n", "@article{b, title = {open\n"])
def test_bib_with_nothing_readable_is_an_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "refs.bib").write_text(text, encoding="utf-8")
    result = refman("export", "refs.bib", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("refman: error: refs.bib: no BibTeX entry found")


def test_build_strict_on_a_bad_rulings_file_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    shutil.copytree(SEEDS, root / "articles")
    decisions = {"decisions": [{"a": "x", "b": "x", "decision": "same"}]}
    (root / "decisions.json").write_text(json.dumps(decisions), encoding="utf-8")
    warning = (
        f"warning {root / 'decisions.json'}: item 1 (id 'x ~ x'), field 'b':"
        " a ruling needs two different ids, got 'x' twice; skipped"
    )
    strict = refman("build", str(root), "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and warning in strict.stderr.splitlines()
    assert not (root / "references.json").exists()
    result = refman("build", str(root), cwd=tmp_path)
    assert result.returncode == 0 and warning in result.stderr.splitlines()
    assert (root / "references.json").exists()


def test_build_pointed_at_the_articles_folder_says_what_it_expected(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    shutil.copytree(SEEDS, root / "articles")
    result = refman("build", str(root / "articles"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"refman: error: {root / 'articles'}: looks like an articles folder: run `refman build {root}`"
    )
    (tmp_path / "empty").mkdir()
    empty = refman("build", "empty", cwd=tmp_path)
    kinds = ", ".join(ARTICLE_SUFFIXES)
    assert (
        empty.stderr.strip()
        == f"refman: error: empty: no articles/ folder: expected the articles ({kinds}) in it"
    )
