"""The one way tests reach the read-only data in ``../shared/data`` (beside the project root).

A test that needs it calls :func:`shared_data`: where the data is missing the test is skipped on a
developer's machine and FAILS in CI (``CI=true``), so a green CI run proves the floors ran.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """``../shared/data/<parts>``; skips the test where it is missing, fails it in CI."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        reason = f"shared data missing: {path} (expected beside the project root, ../shared/data)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path
