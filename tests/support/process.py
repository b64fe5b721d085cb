"""Running ``refman`` as a user does: a real process, its output captured as text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_refman(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m refman ARGS`` from the project root, on a wide terminal (a warning or error is
    one line of text, however wide the screen), with ``env`` over the current environment."""
    return subprocess.run(
        [sys.executable, "-m", "refman", *args],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "500", "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
