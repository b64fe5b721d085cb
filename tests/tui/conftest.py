"""Fixtures of the terminal UI tests: the seed collection and a constructed one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refman.model import Reference
from refman.pipeline import build
from refman.settings import Settings
from refman.tui.collection import Collection, load_collection
from tests.conftest import SEEDS

HERE = Path(__file__).resolve().parent
CONSTRUCTED = HERE / "data" / "constructed_collection.json"


@pytest.fixture(scope="session")
def seed_references(tmp_path_factory: pytest.TempPathFactory) -> list[Reference]:
    """The collection `refman build` makes from the seed articles (built once, not written)."""
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, root / "articles")
    return build(root, write=False).collection


@pytest.fixture
def seed_collection(seed_references: list[Reference]) -> Collection:
    return Collection(list(seed_references), source="seeds")


@pytest.fixture
def constructed() -> Collection:
    return load_collection(CONSTRUCTED)


def build_folder(root: Path, articles: dict[str, str]) -> Path:
    """A build folder at ``root`` holding ``articles`` (file name -> text), built offline (its
    cache inside it)."""
    (root / "articles").mkdir(parents=True)
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    build(root, settings=Settings(offline=True, cache_dir=root / "cache"))
    return root


def fresh_copy(built: Path, target: Path) -> Path:
    """A copy of build folder ``built`` at ``target`` (without its cache), for a test to write in."""
    shutil.copytree(built, target, ignore=shutil.ignore_patterns("cache"))
    return target
