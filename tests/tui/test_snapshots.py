"""SVG snapshots of ``refman browse`` at 120x40 on the constructed collection.

The app's screenshots are deterministic for one Textual version, so each snapshot records the
version it was made with and is skipped (not failed) under another one. Regenerate with
``REFMAN_UPDATE_SNAPSHOTS=1 pytest tests/tui/test_snapshots.py``; on a mismatch the new screenshot
is written next to the test's tmp_path so the two can be compared in a browser.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest
import textual
from textual.pilot import Pilot

from refman.tui.app import BrowseApp
from refman.tui.collection import Collection

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "snapshots"
SIZE = (120, 40)
_VERSION = re.compile(r"<!-- textual (\S+) -->")


def screenshot(app: BrowseApp, keys: tuple[str, ...]) -> str:
    async def main() -> str:
        pilot: Pilot[None]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*keys)
            await pilot.pause(0.3)  # the detail pane settles (it is redrawn after 0.12 s at most)
            return app.export_screenshot(title="refman browse")

    svg = asyncio.run(main())
    # rich names the SVG's classes after a hash of the content: keep the comparison about pixels
    return re.sub(r"terminal-\d+", "terminal", svg)


def check(name: str, svg: str, tmp_path: Path) -> None:
    path = SNAPSHOTS / f"{name}.svg"
    stamped = f"<!-- textual {textual.__version__} -->\n{svg}"
    if os.environ.get("REFMAN_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(stamped, encoding="utf-8")
        if os.environ.get("REFMAN_UPDATE_SNAPSHOTS") != "1":
            pytest.fail(f"snapshot {path.name} did not exist and was written; check it and run again")
        return
    stored = path.read_text(encoding="utf-8")
    found = _VERSION.match(stored)
    if found is None or found.group(1) != textual.__version__:
        pytest.skip(f"snapshot made with another Textual version ({found and found.group(1)})")
    if stored != stamped:
        actual = tmp_path / f"{name}.svg"
        actual.write_text(stamped, encoding="utf-8")
        pytest.fail(f"{name}: the screen changed; compare {path} with {actual}")


def app_on(collection: Collection) -> BrowseApp:
    # a relative source name: the status line shows it, and the snapshot must not depend on paths
    return BrowseApp(Collection(collection.references, source="constructed_collection.json"))


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("NO_COLOR", "TEXTUAL_THEME", "COLORTERM"):
        monkeypatch.delenv(variable, raising=False)


def test_snapshot_matched_book(constructed: Collection, tmp_path: Path) -> None:
    # the second row: a book with its raw string, parsed fields, a citation and a match
    check("browse_matched_book", screenshot(app_on(constructed), ("j",)), tmp_path)


def test_snapshot_problems_filter(constructed: Collection, tmp_path: Path) -> None:
    # only items with problems; the second of them has a romanised entry and is never cited
    check("browse_problems", screenshot(app_on(constructed), ("d", "j")), tmp_path)
