"""In a real terminal (tmux): `refman extract` and `refman browse` show hostile titles as text.

Titles hold Rich markup (``[link=file:///etc/passwd]x[/link]``, a lone ``[/]``), an erase-display
sequence (``ESC[2J``) and an OSC 8 hyperlink. Printed raw, the markup becomes a hyperlink or
ends the command, the screen is cleared and the link text is hidden behind a link. The tests
read the screen back with ``capture-pane``: the markup is there as written, the escape sequences
as ``␛[2J`` and ``␛]8;;...``, and what was on the screen before is still there.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

ESC = "\x1b"
LINK = "[link=file:///etc/passwd]x[/link]"
CLOSE = "[/]"
CLEAR = f"{ESC}[2J"
OSC8 = f"{ESC}]8;;file:///etc/passwd{ESC}\\x{ESC}]8;;{ESC}\\"
HOSTILE = (LINK, CLOSE, CLEAR, OSC8)
#: How refman shows them: as written, ESC as the control picture ␛.
SHOWN = tuple(text.replace(ESC, "␛") for text in HOSTILE)
BEFORE = "BEFORE-MARKER"
#: Printed when the script ends; typed as AFTER-$((1+1)) so the typed line does not match it.
AFTER = "AFTER-2"
REFMAN = f"{shlex.quote(sys.executable)} -m refman"
WAIT = 60.0  # seconds: the longest wait for the screen to show something


class Pane:
    """A tmux session of its own (its own server socket) running bash in ``cwd``."""

    def __init__(self, cwd: Path, width: int = 160, height: int = 60) -> None:
        self.socket = f"refman-test-{uuid.uuid4().hex[:12]}"
        self.tmux(
            "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), "-c", str(cwd),
            "bash --norc --noprofile",
        )  # fmt: skip

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True, timeout=30).stdout

    def run(self, line: str) -> None:
        """Type ``line`` and enter."""
        self.tmux("send-keys", "-t", "t", "-l", line)
        self.tmux("send-keys", "-t", "t", "Enter")

    def press(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        """What the terminal shows now (the visible screen, not the history)."""
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, *texts: str) -> str:
        """The screen once it shows every one of ``texts``; fails after :data:`WAIT` seconds."""
        deadline = time.monotonic() + WAIT
        screen = self.screen()
        while not all(text in screen for text in texts):
            if time.monotonic() > deadline:
                pytest.fail(f"the screen never showed {texts}:\n{screen}")
            time.sleep(0.2)
            screen = self.screen()
        return screen

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    pane = Pane(tmp_path)
    yield pane
    pane.close()


def reference_line(number: int, title: str) -> str:
    return f"{number}. Smith J. Title {title} here. Journal of Things. 2020. Vol. 1. P. 1-10.\n"


def test_extract_shows_markup_and_escape_sequences_as_text(tmp_path: Path, pane: Pane) -> None:
    (tmp_path / "markup.md").write_text(
        f"# Heading {LINK} {CLOSE}\n\nCites [1] and [2].\n\n## References\n\n"
        + reference_line(1, LINK)
        + reference_line(2, CLOSE),
        encoding="utf-8",
    )
    # the erase-display sequence and the OSC 8 link in a file name ("/" cannot be in one)
    named = f"{CLEAR}{ESC}]8;;https:evil{ESC}\\x{ESC}]8;;{ESC}\\.md"
    (tmp_path / named).write_text("# T\n\n## References\n\n" + reference_line(1, "y"), encoding="utf-8")
    # and in the text: the reader refuses such a file or reads it, never echoing the bytes
    (tmp_path / "control.md").write_text(
        "# T\n\nCites [1] and [2].\n\n## References\n\n" + reference_line(1, CLEAR) + reference_line(2, OSC8),
        encoding="utf-8",
    )
    (tmp_path / "run.sh").write_text(
        f"clear; echo {BEFORE}\n"
        f"{REFMAN} extract markup.md\n"
        f"{REFMAN} extract ./*evil*.md\n"
        f"{REFMAN} extract control.md\n"
        "echo AFTER-$((1+1))\n",
        encoding="utf-8",
    )
    pane.run("bash run.sh")
    screen = pane.wait_for(AFTER)
    assert BEFORE in screen  # nothing cleared the screen
    assert f"Heading {LINK} {CLOSE}" in screen
    assert f"Title {CLOSE} here" in screen
    assert "etc/passwd]x[/" in screen  # the link markup, folded in its column, as text
    assert "␛[2J␛]8;;https:evil␛\\x␛]8;;␛\\.md" in screen
    assert "control.md" in screen and "internal error" not in screen


def test_browse_shows_markup_and_escape_sequences_as_text(tmp_path: Path, pane: Pane) -> None:
    items = [
        {
            "id": f"h{i}",
            "type": "book",
            "title": f"T{i} {text} end",
            "author": [{"family": "Doe"}],
            "custom": {"refman": {"raw": f"raw {text} end"}},
        }
        for i, text in enumerate(HOSTILE)
    ]
    (tmp_path / "hostile.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "run.sh").write_text(
        f"clear; echo {BEFORE}\n{REFMAN} browse hostile.json\necho AFTER-$((1+1))\n", encoding="utf-8"
    )
    pane.run("bash run.sh")
    screen = pane.wait_for("4 of 4 items", "As written")
    lines = screen.splitlines()
    assert "key" in lines[1] and "title" in lines[1]  # the header is still on the screen
    for i, shown in enumerate(SHOWN):
        assert lines[2 + i].split()[0] == f"h{i}"
        assert f"T{i} {shown} end" in lines[2 + i]
    for i, shown in enumerate(SHOWN):
        screen = pane.wait_for(f"raw {shown} end")  # item i in the detail pane
        assert f"T{i} {shown} end" in screen.split("As written", 1)[1]  # the parsed title
        pane.press("j")
    pane.press("q")
    screen = pane.wait_for(AFTER)  # the shell again
    assert BEFORE in screen
