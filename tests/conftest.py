"""Shared paths and fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "bibliography" / "articles"
SEED_004 = SEEDS / "004_c159abb99046b70d.txt"
SEED_000 = SEEDS / "000_cd854a2d8b355c99.txt"
OWN_ARTICLES = DATA / "articles"


def pytest_configure(config: pytest.Config) -> None:
    """Tests never reach past 127.0.0.1: by default every command and build runs offline, with a
    fresh cache. Tests of the network code start local servers and pass their URLs explicitly."""
    os.environ["REFMAN_OFFLINE"] = "1"
    os.environ["REFMAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="refman-test-cache-")
    os.environ.pop("REFMAN_CROSSREF_URL", None)
    os.environ.pop("REFMAN_MAILTO", None)


@pytest.fixture
def seed_004_text() -> str:
    return SEED_004.read_text(encoding="utf-8")


@pytest.fixture
def seed_000_text() -> str:
    return SEED_000.read_text(encoding="utf-8")
