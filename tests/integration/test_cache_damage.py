"""A damaged cache file is moved aside with a one-line warning and the cache is made anew, for
``refman resolve``, ``refman build`` and ``refman check-links`` (real processes).

Three kinds of damage: garbage pages in the middle of a full cache, a cache cut to a third of its
length, a text file in its place. The damaged file is kept (renamed ``NAME.damaged-<time>``), the
command succeeds, the new cache is a sound SQLite file, and the next run has nothing to say.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.linkcheck.cache import LinkCache
from refman.linkcheck.links import Outcome
from refman.resolve.cache import Cache
from tests.conftest import DATA
from tests.support.link_server import LinkServer
from tests.support.process import run_refman

DAMAGE = ("garbage pages", "truncated", "text file")
PAGE = 4096


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with LinkServer() as srv:
        yield srv


def _fill(cache_dir: Path, name: str) -> Path:
    """A cache file of a few hundred pages, as a long use leaves it."""
    if name == "resolve.sqlite3":
        with Cache(cache_dir) as cache:
            for i in range(2000):
                cache.put("work", f"10.5555/{i}", 200, {"title": [f"A work number {i} " * 10]})
    else:
        links = LinkCache.in_dir(cache_dir)
        links.put_many([(f"https://example.org/{i}", Outcome("ok", 200), 1.0) for i in range(2000)])
        links.close()
    return cache_dir / name


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "garbage pages":
        noise = random.Random(7).randbytes(20 * PAGE)
        path.write_bytes(data[:PAGE] + noise + data[PAGE + len(noise) :])
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:
        path.write_text("this is not a database\n", encoding="utf-8")


def _run(args: list[str], cache_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_refman(*args, env={"REFMAN_CACHE_DIR": str(cache_dir), "REFMAN_OFFLINE": "0"})


def _check_moved_aside(proc: subprocess.CompletedProcess[str], cache_dir: Path, name: str) -> None:
    """One warning line naming the file; the damaged file kept aside; a sound new cache."""
    warnings = [line for line in proc.stderr.splitlines() if f"{name} was damaged" in line]
    assert len(warnings) == 1, proc.stderr
    assert warnings[0].startswith(f"warning cache {cache_dir / name} was damaged (")
    assert warnings[0].endswith(", starting an empty cache")
    aside = [p.name for p in cache_dir.iterdir() if p.name.startswith(f"{name}.damaged-")]
    assert len(aside) == 1 and f"moved to {aside[0]}," in warnings[0]
    with sqlite3.connect(cache_dir / name) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.slow
@pytest.mark.parametrize("how", DAMAGE)
def test_resolve_moves_a_damaged_cache_aside(tmp_path: Path, how: str) -> None:
    cache_dir = tmp_path / "cache"
    _damage(_fill(cache_dir, "resolve.sqlite3"), how)
    refs = tmp_path / "refs.txt"
    refs.write_text("Smith J. A study of things. J. Things. 2001. Vol. 5. P. 1-9.\n", encoding="utf-8")
    proc = _run(["resolve", str(refs), "--offline", "--json"], cache_dir)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    _check_moved_aside(proc, cache_dir, "resolve.sqlite3")
    again = _run(["resolve", str(refs), "--offline", "--json"], cache_dir)
    assert again.returncode == 0 and "damaged" not in again.stderr, again.stderr


@pytest.mark.slow
@pytest.mark.parametrize("how", DAMAGE)
def test_build_moves_damaged_caches_aside(tmp_path: Path, how: str) -> None:
    cache_dir = tmp_path / "cache"
    _damage(_fill(cache_dir, "resolve.sqlite3"), how)
    _damage(_fill(cache_dir, "linkcheck.sqlite3"), how)
    articles = tmp_path / "bib" / "articles"
    articles.mkdir(parents=True)
    shutil.copy(DATA / "articles" / "en_apa_constructed.txt", articles)
    proc = _run(["build", str(tmp_path / "bib"), "--offline"], cache_dir)
    assert proc.returncode == 0, proc.stderr
    _check_moved_aside(proc, cache_dir, "resolve.sqlite3")
    _check_moved_aside(proc, cache_dir, "linkcheck.sqlite3")
    assert (tmp_path / "bib" / "references.bib").read_text(encoding="utf-8").count("@") > 5
    again = _run(["build", str(tmp_path / "bib"), "--offline"], cache_dir)
    assert again.returncode == 0 and "damaged" not in again.stderr, again.stderr


@pytest.mark.slow
@pytest.mark.parametrize("how", DAMAGE)
def test_check_links_moves_a_damaged_cache_aside(server: LinkServer, tmp_path: Path, how: str) -> None:
    cache_dir = tmp_path / "cache"
    _damage(_fill(cache_dir, "linkcheck.sqlite3"), how)
    links = tmp_path / "links.txt"
    links.write_text(server.url("/ok/a") + "\n", encoding="utf-8")
    proc = _run(["check-links", str(links), "--json"], cache_dir)
    assert proc.returncode == 0, proc.stderr
    _check_moved_aside(proc, cache_dir, "linkcheck.sqlite3")
    again = _run(["check-links", str(links), "--json"], cache_dir)
    assert again.returncode == 0 and "damaged" not in again.stderr, again.stderr
    assert LinkCache.in_dir(cache_dir).get_many([server.url("/ok/a")]), "the new cache holds the result"
