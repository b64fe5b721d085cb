"""Shared paths and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "bibliography" / "articles"
SEED_004 = SEEDS / "004_c159abb99046b70d.txt"
SEED_000 = SEEDS / "000_cd854a2d8b355c99.txt"
OWN_ARTICLES = DATA / "articles"


@pytest.fixture
def seed_004_text() -> str:
    return SEED_004.read_text(encoding="utf-8")


@pytest.fixture
def seed_000_text() -> str:
    return SEED_000.read_text(encoding="utf-8")
