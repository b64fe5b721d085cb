"""Run one fuzz target, or all of them, with atheris (libFuzzer) for a time budget.

    python -m fuzz.run TARGET [--seconds N]      one target, in this process
    python -m fuzz.run all [--seconds N]         every target in turn, each in its own process

New inputs that reach new code are kept in fuzz/corpus/TARGET (not committed); a crash is written
to fuzz/crashes/TARGET/ as crash-* (replay it: python -m fuzz.run TARGET --replay FILE).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fuzz.targets import TARGETS

HERE = Path(__file__).resolve().parent
#: Inputs longer than this are cut: long inputs slow every execution and add little coverage.
MAX_LEN = 8192


def fuzz(name: str, seconds: int) -> None:
    """Fuzz one target for ``seconds`` (never returns: libFuzzer exits the process)."""
    import atheris

    target = TARGETS[name]
    corpus = HERE / "corpus" / name
    crashes = HERE / "crashes" / name
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    seeds = Path(tempfile.mkdtemp(prefix=f"refman-fuzz-{name}-"))
    for number, seed in enumerate(target.seeds()):
        (seeds / f"seed-{number:05}").write_bytes(seed[:MAX_LEN])
    atheris.instrument_all()
    args = [sys.argv[0], str(corpus), str(seeds), f"-max_total_time={seconds}", f"-max_len={MAX_LEN}"]
    args += [f"-artifact_prefix={crashes}/", "-timeout=30", "-rss_limit_mb=2048", "-print_final_stats=1"]
    atheris.Setup(args, target.check)
    atheris.Fuzz()


def campaign(seconds: int) -> int:
    """Fuzz every target in its own process; print one line of results per target."""
    failed = 0
    (HERE / "crashes").mkdir(exist_ok=True)
    print(f"{'target':<10} {'executions':>11} {'seconds':>8} {'result'}")
    for name in TARGETS:
        start = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "fuzz.run", name, "--seconds", str(seconds)],
            capture_output=True,
            text=True,
        )
        (HERE / "crashes" / f"{name}.log").write_text(run.stdout + run.stderr, encoding="utf-8")
        executions = re.findall(r"stat::number_of_executed_units: (\d+)", run.stderr)
        result = (
            "no crash"
            if run.returncode == 0
            else f"CRASH (exit {run.returncode}), see fuzz/crashes/{name}.log"
        )
        failed += run.returncode != 0
        print(
            f"{name:<10} {(executions or ['?'])[-1]:>11} {time.monotonic() - start:>8.0f} {result}",
            flush=True,
        )
    return 1 if failed else 0


def replay(name: str, path: Path) -> None:
    """Run one saved input through a target, raising what it raises."""
    TARGETS[name].check(path.read_bytes())
    print(f"{path}: no failure")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=[*TARGETS, "all"])
    parser.add_argument("--seconds", type=int, default=120, help="time budget per target (default 120)")
    parser.add_argument("--replay", type=Path, help="run this one input through TARGET instead of fuzzing")
    args = parser.parse_args()
    if args.target == "all":
        return campaign(args.seconds)
    if args.replay:
        replay(args.target, args.replay)
        return 0
    fuzz(args.target, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
