"""``refman browse`` in a real terminal (tmux): opened with no argument inside a library, a
search typed, a field edited, the browser quit, and the edit read back with ``refman history``
and a ``refman build`` (real processes). The library is the constructed one of
:mod:`tests.tui.test_curate`."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.library import EDITABLE
from tests.integration.test_terminal_tmux import AFTER, REFMAN, Pane
from tests.support.process import run_refman
from tests.tui.conftest import build_folder
from tests.tui.test_curate import ARTICLES, by_raw_start, refman_id

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

NEW_TITLE = "Methods of labour market analysis"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return build_folder(tmp_path / "lib", ARTICLES)


@pytest.fixture
def pane(library: Path) -> Iterator[Pane]:
    pane = Pane(library, width=120, height=40)
    yield pane
    pane.close()


def test_search_edit_quit_and_the_cli_reads_the_edit_back(library: Path, pane: Pane) -> None:
    item = by_raw_start(library, "Сидоров")
    pane.run(f"{REFMAN} browse; echo AFTER-$((1+1))")  # no argument: the library of this folder
    pane.wait_for("of 7 items", "As written")
    time.sleep(1)  # the app settles (keys before it is ready would be lost on the terminal)
    pane.press("/")
    time.sleep(0.5)
    for letter in "sidorov":  # typed, not sent as one burst (a burst is sometimes held back)
        pane.tmux("send-keys", "-t", "t", "-l", letter)
    pane.wait_for("1 of 7 items")
    pane.press("Enter")  # back to the table
    pane.press("e")
    pane.wait_for("Edit a field of")
    for _ in range(EDITABLE.index("title")):
        pane.press("Down")
    pane.press("Enter")
    pane.wait_for("the machine's value")
    pane.press("C-u")
    for letter in NEW_TITLE:  # typed, not sent as one burst (a burst is sometimes held back)
        pane.tmux("send-keys", "-t", "t", "-l", letter)
    pane.wait_for(f"  {NEW_TITLE}  ")  # in the input box, before enter stores it
    pane.press("Enter")
    screen = pane.wait_for("edited (stored")
    assert NEW_TITLE[:16] in screen  # the table shows the person's title
    pane.press("q")  # the table has the focus (escape then q would read as alt+q)
    pane.wait_for(AFTER)

    history = run_refman("history", "--dir", str(library), "--json")
    assert history.returncode == 0, history.stderr
    decisions = json.loads(history.stdout)
    edit = decisions[-1]
    assert (edit["kind"], edit["target"], edit["value"]) == (
        "edit",
        refman_id(item),
        {"field": "title", "value": NEW_TITLE},
    )
    done = run_refman("build", str(library), "--offline")
    assert done.returncode == 0, done.stderr
    rebuilt = by_raw_start(library, "Сидоров")
    assert rebuilt["title"] == NEW_TITLE
    assert rebuilt["custom"]["refman"]["person"]["edited"]["title"]["machine"] == item["title"]
