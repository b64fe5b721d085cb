"""Shared paths and fixtures."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import refman.extract.frontmatter
import refman.parse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "bibliography" / "articles"
SEED_004 = SEEDS / "004_c159abb99046b70d.txt"
SEED_000 = SEEDS / "000_cd854a2d8b355c99.txt"
OWN_ARTICLES = DATA / "articles"
#: doi.org for tests that do not start a stand-in: nothing listens on port 9 (discard) locally.
NO_DOIORG = "http://127.0.0.1:9"


def pytest_configure(config: pytest.Config) -> None:
    """Tests never reach past 127.0.0.1: by default every command and build runs offline, with a
    fresh cache. Tests of the network code start local servers and pass their URLs explicitly."""
    os.environ["REFMAN_OFFLINE"] = "1"
    os.environ["REFMAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="refman-test-cache-")
    os.environ.pop("REFMAN_CROSSREF_URL", None)
    os.environ["REFMAN_DOIORG_URL"] = NO_DOIORG
    os.environ.pop("REFMAN_MAILTO", None)


@pytest.fixture
def seed_004_text() -> str:
    return SEED_004.read_text(encoding="utf-8")


@pytest.fixture
def seed_000_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


def _recording(fn: Callable[..., Any], caught: list[str], what: str) -> Callable[..., Any]:
    """``fn``, noting each exception it raises that a safety net catches (then raising it as before)."""

    def wrapped(*args: Any) -> Any:
        try:
            return fn(*args)
        except refman.parse.ParserModelError:
            raise  # an installation error: raised to the caller, not caught
        except Exception as exc:
            text = next((a for a in args if isinstance(a, str)), "")
            caught.append(f"{what}: {type(exc).__name__}: {exc} (on {text[:120]!r})")
            raise

    return wrapped


@pytest.fixture(autouse=True)
def _no_exception_behind_a_safety_net(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The parser and the front-matter reader turn an exception into a problem ("parser error:
    ...", "front matter failed: ...") so one odd reference never stops a build. In tests such an
    exception is a bug: the test that met it fails, naming it."""
    caught: list[str] = []
    for module, name, what in (
        (refman.parse, "parse_with_crf", "parser error"),
        (refman.extract.frontmatter, "_extract_into", "front matter failed"),
    ):
        monkeypatch.setattr(module, name, _recording(getattr(module, name), caught, what))
    yield
    if caught:
        pytest.fail("an exception was caught by a safety net:\n" + "\n".join(caught[:5]), pytrace=False)
