"""Static checks CI runs with the tests: mypy --strict, ruff check and ruff format on all code."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import refman

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_mypy_strict_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "refman", "tests", "bench", "fuzz")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    result = _run("ruff", "format", "--check", "refman", "tests", "bench", "fuzz")
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api_is_explicit() -> None:
    public = {
        n
        for n in dir(refman)
        if not n.startswith("_") and n != "annotations" and not inspect.ismodule(getattr(refman, n))
    }
    assert set(refman.__all__) - {"__version__"} == public
    for name in refman.__all__:
        assert getattr(refman, name) is not None


def test_readme_lists_every_diagnostic_code() -> None:
    from refman.extract import CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, meaning in CODES.items():
        assert f"| `{code}` | {meaning} |" in readme
