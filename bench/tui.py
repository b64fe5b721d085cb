"""Speed of ``refman browse`` (Textual Pilot, headless), against a named baseline in the same run.

Run: ``python bench/tui.py [--sizes 1000,10000,100000] [--repeat 20] [--baseline REF]``.

The collection is real: the first N @Article entries of Beebe's fisheries bibliography
(``../shared/data/bib``), read once with refman's BibTeX reader and cached as a build folder's
``references.json`` per size (``--cache``), so 1k, 10k and 100k are the same collection at three
sizes. For each size, the baseline (``--baseline``, a git revision: the TUI before issue 12) and
the work tree are each measured in a fresh Python process, the baseline's ``refman`` package
taken from ``git archive``. Each prints, as the median (and max) of ``--repeat`` runs, wall time:

* ``first_screen_s``: from reading the folder (``load_collection``) to the table's first rows
  on the screen (``BrowseApp.run_test``, 120x40); ``all_loaded_s`` (one run): until every item
  is in the table (the work tree reads the rest in the background);
* ``key_ms``: one search keystroke (``/`` then the query typed letter by letter, each query
  growing, several queries): from the key press until the table shows the new rows;
* ``cursor_ms``: one ``down`` in the table until it is drawn.

Targets (issue 12) at 100,000 items: first screen <= 1.5 s, keystroke <= 100 ms median and
<= 250 ms max, cursor <= 30 ms. Ratios are work tree / baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The TUI before issue 12: main when this benchmark was written.
BASELINE = "d55f222"
#: Queries typed letter by letter (each keystroke grows the query, except the first of a word).
QUERIES = ("salmon growth", "trout", "juvenile cod")
SIZE = (120, 40)


def _prepare(sizes: list[int], cache: Path) -> dict[int, Path]:
    """A build folder holding the first N Beebe entries as ``references.json``, per size."""
    folders = {n: cache / f"beebe-{n}" for n in sizes}
    missing = [n for n, d in folders.items() if not (d / "references.json").exists()]
    if missing:
        sys.path.insert(0, str(ROOT))
        from refman.formats.bibtex_reader import from_bibtex
        from refman.formats.csljson import to_csl_json
        from tests.support.dedupe_data import read_beebe

        refs, _ = from_bibtex(read_beebe(max(missing)))
        for n in missing:
            folders[n].mkdir(parents=True, exist_ok=True)
            (folders[n] / "references.json").write_text(to_csl_json(refs[:n]), encoding="utf-8")
    return folders


def _baseline_code(revision: str, into: Path) -> Path:
    """The ``refman`` package at ``revision``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "refman"], capture_output=True, check=True
    ).stdout
    into.mkdir(parents=True, exist_ok=True)
    archive_path = into / "refman.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(into, filter="data")
    return into


async def _first_screen(folder: Path) -> float:
    from refman.tui.app import BrowseApp
    from refman.tui.collection import load_collection
    from refman.tui.widgets import ItemTable

    start = time.perf_counter()
    app = BrowseApp(load_collection(folder))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(10_000):  # bounded: at most 10,000 looks at the screen
            await _drawn(app, pilot)
            if app.query_one(ItemTable).row_count > 0:
                break
            await asyncio.sleep(0.001)
        elapsed = time.perf_counter() - start
    return elapsed


async def _drawn(app: Any, pilot: Any) -> None:
    """Wait until the app has handled every message sent so far, then draw the screen."""
    await pilot._wait_for_screen()
    app.screen._on_timer_update()


async def _settle(app: Any, pilot: Any) -> None:
    """Wait until the app has handled everything (and its workers finished) and drawn it."""
    from textual.worker import WorkerCancelled

    await _drawn(app, pilot)
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):  # a search overtaken by the next keystroke
            await worker.wait()
    await _drawn(app, pilot)


async def _press(app: Any, pilot: Any, key: str) -> float:
    """Seconds from sending ``key`` until the app has handled it, its workers are done and the
    screen is drawn (Pilot's own ``press`` adds 20 ms sleeps waiting for the CPU to idle)."""
    from textual import events

    char = {"space": " ", "slash": "/"}.get(key, key if len(key) == 1 else None)
    start = time.perf_counter()
    app._driver.send_message(events.Key(key, char))
    await _settle(app, pilot)
    return time.perf_counter() - start


async def _interaction(folder: Path, repeat: int) -> tuple[float, list[float], list[float]]:
    from refman.tui.app import BrowseApp
    from refman.tui.collection import load_collection

    start = time.perf_counter()
    app = BrowseApp(load_collection(folder))
    keys: list[float] = []
    cursor: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app, pilot)
        loaded = time.perf_counter() - start
        await pilot.pause()
        for _ in range(repeat):
            cursor.append(await _press(app, pilot, "down"))
        while len(keys) < repeat:
            for query in QUERIES:
                await _press(app, pilot, "slash")
                for char in query:
                    keys.append(await _press(app, pilot, "space" if char == " " else char))
                await pilot.press("escape", "escape")  # back to the table, clear the search
                await pilot.pause()
    return loaded, cursor, keys


def measure(folder: Path, repeat: int) -> dict[str, Any]:
    """The figures for one folder, in this process."""
    first = [asyncio.run(_first_screen(folder)) for _ in range(repeat)]
    loaded, cursor, keys = asyncio.run(_interaction(folder, repeat))
    return {
        "first_screen_s": round(statistics.median(first), 3),
        "first_screen_max_s": round(max(first), 3),
        "all_loaded_s": round(loaded, 3),
        "key_ms": round(1000 * statistics.median(keys), 1),
        "key_max_ms": round(1000 * max(keys), 1),
        "cursor_ms": round(1000 * statistics.median(cursor), 1),
        "cursor_max_ms": round(1000 * max(cursor), 1),
        "keystrokes": len(keys),
    }


def _run(code: Path, folder: Path, repeat: int) -> dict[str, Any]:
    """``measure`` in a fresh process whose ``refman`` is the one under ``code``."""
    env = dict(os.environ, PYTHONPATH=str(code))
    command = [sys.executable, __file__, "--measure", str(folder), "--repeat", str(repeat)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=code)
    if done.returncode != 0:  # the baseline cannot open files over 50 MB
        lines = done.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else f"exit status {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Measure every size with the baseline and the work tree; print one JSON line per size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline", default=BASELINE, help="git revision measured as the baseline")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "refman-bench-tui")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.repeat)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    folders = _prepare(sizes, args.cache)
    with tempfile.TemporaryDirectory() as tmp:
        baseline = _baseline_code(args.baseline, Path(tmp))
        for n in sizes:
            before = _run(baseline, folders[n], args.repeat)
            after = _run(ROOT, folders[n], args.repeat)
            ratios = {
                k: round(after[k] / before[k], 3)
                for k in ("first_screen_s", "key_ms", "key_max_ms", "cursor_ms")
                if before.get(k) and k in after
            }
            row = {"items": n, "baseline": args.baseline, "before": before, "after": after, "ratio": ratios}
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
