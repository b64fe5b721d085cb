"""``refman browse`` checks one item again in the background: its links (``L``) against the local
link server, and its reference against the local Crossref-compatible server (``R``), both reached
over real HTTP through the base-URL settings, in the kk/ru/en library of :mod:`tests.tui.test_curate`
with one more article. The UI keeps answering keys while the worker runs,
the status line shows the progress, the item shows the result at once, and the next ``refman
build`` (offline, from the cache) shows the same.

The articles are constructed here; the Crossref reference string and record are real
(``tests/data/crossref/``, see its README)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from refman.linkcheck.links import LinkRecord
from refman.resolve.records import Resolution
from refman.tui.app import BrowseApp
from refman.tui.collection import load_collection
from refman.tui.screens import CandidateScreen
from refman.tui.widgets import ItemTable
from tests.conftest import DATA
from tests.support.crossref_server import CrossrefServer
from tests.support.link_server import LinkServer
from tests.support.process import run_refman
from tests.tui.conftest import build_folder
from tests.tui.test_collection import plain
from tests.tui.test_curate import ARTICLES, by_raw_start, drive, messages, refman_id, search, state

pytestmark = pytest.mark.slow  # builds, servers and real `refman build` processes

CROSSREF = DATA / "crossref"
CASE = json.loads((CROSSREF / "references.jsonl").read_text(encoding="utf-8").splitlines()[0])
#: A port nothing listens on: doi.org, asked about DOIs Crossref does not hold, is never reached.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def links() -> Iterator[LinkServer]:
    with LinkServer() as server:
        yield server


@pytest.fixture(scope="module")
def crossref() -> Iterator[CrossrefServer]:
    with gzip.open(CROSSREF / "works.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    with CrossrefServer(records) as server:
        yield server


def online(monkeypatch: pytest.MonkeyPatch, library: Path, **urls: str) -> dict[str, str]:
    """The environment the app (in this process) and `refman build` read: the library's cache,
    online, and the services at ``urls`` (environment variable -> base URL)."""
    env = {"REFMAN_CACHE_DIR": str(library / "cache"), "REFMAN_OFFLINE": "0"}
    env |= {"REFMAN_MAILTO": "t@example.org"}
    env |= {"REFMAN_DOIORG_URL": NOWHERE, "REFMAN_DOI_RESOLVER_URL": NOWHERE, **urls}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def status_line(app: BrowseApp) -> str:
    return plain(app.query_one("#status", Static).content, width=200)


def running(app: BrowseApp, group: str) -> bool:
    return any(w.group == group and w.is_running for w in app.workers)


def record_progress(app: BrowseApp, seen: list[str]) -> None:
    """Keep every text the app puts on its status line as progress in ``seen``."""
    original = app._set_progress

    def recorded(text: str) -> None:
        seen.append(text)
        original(text)

    app._set_progress = recorded  # type: ignore[method-assign]


def link_statuses(item: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["url"], e["status"]) for e in item["custom"]["refman"]["link"]]


def test_l_checks_the_links_again_in_the_background_and_the_next_build_shows_them(
    links: LinkServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, missing = links.url("/slow/3000/steppe-archive"), links.url("/missing/steppe-maps")
    article = (
        "# Archives\n\nSee [1] and [2].\n\n## References\n\n"
        f"1. Kim L. Steppe archive online. 2020. URL: {slow} (accessed 01.02.2021).\n"
        f"2. Park S. Maps of the steppe. 2019. URL: {missing} (accessed 01.02.2021).\n"
    )
    library = build_folder(tmp_path / "lib", {**ARTICLES, "en_archives.md": article})
    env = online(monkeypatch, library, REFMAN_DOI_RESOLVER_URL=links.base)
    archive, maps = by_raw_start(library, "Kim L."), by_raw_start(library, "Park S.")
    app = BrowseApp(load_collection(library))
    seen: list[str] = []

    async def steps(pilot: Pilot[None]) -> None:
        record_progress(app, seen)
        table = app.query_one(ItemTable)
        rows = {app.collection.references[r.index].id: n for n, r in enumerate(app.shown_rows)}
        table.move_cursor(row=rows[refman_id(archive)])
        await pilot.pause()
        await pilot.press("L")  # the slow link: three seconds
        await pilot.pause()
        assert running(app, "recheck") and "checking the links of" in status_line(app)
        await pilot.press("k")  # the table answers while the links are checked
        await pilot.pause()
        assert table.cursor_row == rows[refman_id(archive)] - 1 and running(app, "recheck")
        await app.workers.wait_for_complete()
        await pilot.pause()
        ref = app.collection.get(refman_id(archive))
        record = LinkRecord.of(ref) if ref is not None else None
        assert record is not None and [(e.url, e.status) for e in record.entries] == [(slow, "ok")]

        table.move_cursor(row=rows[refman_id(maps)])
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.shown_rows[table.cursor_row]
        assert "broken link" in shown.status and shown.flags[0] == "!"
        assert any(m.endswith(f"broken {missing}") for m in messages(app))
        assert status_line(app).split("  ")[0].endswith("items")  # the progress is gone

    drive(app, steps)
    assert seen[-1] == "" and any(s.endswith("1 done") for s in seen)
    done = run_refman("build", str(library), "--offline", env=env)
    assert done.returncode == 0, done.stderr
    assert link_statuses(by_raw_start(library, "Kim L.")) == [(slow, "ok")]
    assert link_statuses(by_raw_start(library, "Park S.")) == [(missing, "broken")]


def test_r_resolves_the_item_again_against_crossref_and_the_next_build_keeps_the_match(
    crossref: CrossrefServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = (
        "# Plasmas\n\nAs measured [1], see also [2].\n\n## References\n\n"
        f"1. {CASE['text']}\n"
        "2. Miller A. Trade corridors of the steppe. Cambridge: Steppe Press, 2016. 210 p.\n"
    )
    library = build_folder(tmp_path / "lib", {**ARTICLES, "en_plasma.md": article})
    item = by_raw_start(library, CASE["text"][:20])
    assert item["custom"]["refman"]["match"]["status"] == "not checked" and "DOI" not in item
    env = online(monkeypatch, library, REFMAN_CROSSREF_URL=crossref.url)
    app = BrowseApp(load_collection(library))
    seen: list[str] = []

    async def steps(pilot: Pilot[None]) -> None:
        record_progress(app, seen)
        await search(app, pilot, "expansion dynamics")
        await pilot.press("R")
        await pilot.pause()
        assert "resolving" in status_line(app) or not running(app, "resolve")
        await app.workers.wait_for_complete()
        await pilot.pause()
        ref = app.selected()
        assert ref is not None and ref.id == refman_id(item)
        resolution = Resolution.of(ref)
        assert resolution is not None and resolution.status == "matched"
        found_doi = ref.DOI
        assert found_doi == CASE["expected_doi"] and "resolved" in app.shown_rows[0].status
        assert any(m.endswith(f"matched {CASE['expected_doi']}") for m in messages(app))
        await pilot.press("a")  # the match and the other candidates: pick one of several
        await pilot.pause()
        assert isinstance(app.screen, CandidateScreen)
        offered = [c.DOI for c in app.screen.candidates]
        assert offered[0] == CASE["expected_doi"] and len(offered) >= 2, offered
        app.screen.query_one(OptionList).highlighted = 1
        await pilot.press("a")
        await pilot.pause()
        assert state(library).accepted[refman_id(item)].value["DOI"] == offered[1]
        picked = app.selected()
        assert picked is not None and offered[1] == picked.DOI
        await pilot.press("u")  # back to the match
        await pilot.pause()
        picked = app.selected()
        assert picked is not None and CASE["expected_doi"] == picked.DOI

    drive(app, steps)
    assert seen[0].startswith("resolving") and seen[-1] == ""
    assert crossref.stats.requests > 0
    done = run_refman("build", str(library), "--offline", env=env)
    assert done.returncode == 0, done.stderr
    rebuilt = by_raw_start(library, CASE["text"][:20])
    assert rebuilt["DOI"] == CASE["expected_doi"]
    assert rebuilt["custom"]["refman"]["match"]["status"] == "matched"
