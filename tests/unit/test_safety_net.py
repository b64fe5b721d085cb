"""The safety nets: an exception inside the parser or the front-matter reader becomes a problem
naming its type, and in the test suite it fails the test that met it (tests/conftest.py).

The second half runs pytest itself on a small test file (with this suite's conftest.py) whose
test breaks the parser on purpose, and checks that the run fails and names the exception.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import refman.extract.frontmatter
import refman.parse.labeller
from refman.extract import extract_article
from refman.model import Reference
from refman.parse import parse_reference
from tests.conftest import ROOT

_INNER = """
import refman.extract.frontmatter
import refman.parse.labeller
from refman.extract import extract_article
from refman.parse import parse_reference


def _broken(*args):
    raise IndexError("list index out of range")


def test_parser_breaks(monkeypatch):
    monkeypatch.setattr(refman.parse.labeller, "assemble_reference", _broken)
    assert parse_reference("Smith J. A title. 2001.").refman.problems


def test_front_matter_breaks(monkeypatch):
    monkeypatch.setattr(refman.extract.frontmatter, "_find_blocks", _broken)
    assert extract_article("A title\\n\\nSome text.\\n", "a").metadata.refman.problems


def test_nothing_breaks():
    assert parse_reference("Smith J. A study of things. J. Things. 2001. Vol. 5. P. 1-9.").title
"""


def _broken(*args: object) -> Reference:
    raise IndexError("list index out of range")


def test_a_parser_exception_is_a_problem_with_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    # patched past the suite's recording wrapper: only the net itself is at work here
    monkeypatch.setattr(refman.parse, "parse_with_crf", _broken)
    ref = parse_reference("Smith J. A title. 2001.", "r1")
    assert ref.id == "r1" and ref.refman.raw == "Smith J. A title. 2001."
    assert ref.refman.problems == ["parser error: IndexError: list index out of range"]


def test_a_front_matter_exception_is_a_problem_with_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(refman.extract.frontmatter, "_extract_into", _broken)
    article = extract_article("A title\n\nSome text.\n", "a")
    assert article.metadata.refman.problems[0] == "front matter failed: IndexError: list index out of range"


def test_plugin_parser_exception_is_a_problem_with_its_type() -> None:
    text = "Text [1].\n\nReferences\n\n1. Smith J. A title. J. Things. 2001. Vol. 5. P. 1-9.\n"
    article = extract_article(text, "a", parser=_broken)
    assert [r.refman.problems for r in article.references] == [
        ["parser error: IndexError: list index out of range"]
    ]


@pytest.mark.slow
def test_the_suite_fails_a_test_whose_reference_met_the_safety_net(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    (tmp_path / "test_inner.py").write_text(_INNER, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "2 errors" in out and "3 passed" in out, out
    assert "ERROR at teardown of test_parser_breaks" in out
    assert "parser error: IndexError: list index out of range (on 'Smith J. A title. 2001.')" in out
    assert "ERROR at teardown of test_front_matter_breaks" in out
    assert "front matter failed: IndexError: list index out of range" in out
