"""The fuzz harness (fuzz/) cannot rot: each target runs on a few of its seeds and odd inputs.

The campaign itself (python -m fuzz.run) is long and runs by hand; this only proves every target
loads its seeds and that its check passes on inputs refman reads today.
"""

from __future__ import annotations

import pytest

from fuzz.targets import TARGETS

ODD_INPUTS = [b"", b"\xff\xfe\x00x", b"{" * 100, b"@article{a,\n title = {x}", b"[1] A. B. 2020. \x1b[2J"]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target_passes_on_its_seeds_and_odd_inputs(name: str) -> None:
    target = TARGETS[name]
    seeds = target.seeds()
    assert seeds, f"{name}: no seeds"
    for data in [*seeds[:3], *ODD_INPUTS]:
        target.check(data)
