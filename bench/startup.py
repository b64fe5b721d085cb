"""Benchmark: how long ``import refman`` and ``refman --help`` take to start, against Python itself.

Each command runs ``--repeat`` times in a fresh process; printed are the fastest wall time and
the fastest CPU time (user + system, of the child alone) of each, and each one's figure less
``python -c pass`` (the interpreter's own start, which no package can save). The baselines, run
in the same session: ``python -c pass`` and ``python -c "import bibtexparser"`` (the parser refman
reads BibTeX with). This machine is shared: other work only ever adds time, so the fastest run
is the figure.

    python bench/startup.py
    python bench/startup.py --repeat 50
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

#: What is timed: a label and the command line.
COMMANDS: tuple[tuple[str, list[str]], ...] = (
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("import bibtexparser", [sys.executable, "-c", "import bibtexparser"]),
    ("import refman", [sys.executable, "-c", "import refman"]),
    ("refman --help", [sys.executable, "-m", "refman", "--help"]),
)


def one_run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the child's user + system time) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "COLUMNS": "80"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    """Print the fastest wall and CPU time of each command, and each less ``python -c pass``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per command (fastest kept)")
    args = parser.parse_args(argv)
    best = {label: (float("inf"), float("inf")) for label, _ in COMMANDS}
    for _ in range(args.repeat):  # interleaved, so a busy moment slows every command alike
        for label, command in COMMANDS:
            wall, cpu = one_run(command)
            best[label] = (min(best[label][0], wall), min(best[label][1], cpu))
    base_wall, base_cpu = best["python -c pass"]
    print(f"{'command':<22} {'wall s':>7} {'CPU s':>7} {'wall - pass':>12} {'CPU - pass':>11}")
    for label, (wall, cpu) in best.items():
        print(f"{label:<22} {wall:>7.3f} {cpu:>7.3f} {wall - base_wall:>12.3f} {cpu - base_cpu:>11.3f}")


if __name__ == "__main__":
    main()
