"""The library (DIR/library.sqlite) keeps every item's identity, key, edits and rulings through
rebuilds: real ``refman`` processes on temporary build folders, offline. The articles are
constructed for these tests (the Гранберг books are real titles; the lists are made up)."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli import assert_one_line_error
from tests.support.process import run_refman

GRANBERG_OLD = "Гранберг А. Г. Основы региональной экономики. — М.: ГУ ВШЭ, 2004. — 495 с."
GRANBERG_NEW = "Гранберг А. Г. Основы регионального развития. — Новосибирск: ИЭОПП СО РАН, 2004. — 210 с."
LIST = [
    "Иванов И. И. Экономика Казахстана: учебник. — Алматы: Қазақ университеті, 2010. — 320 с.",
    "Петров П. П. Региональная политика : дис. … канд. экон. наук. — М., 2015. — 180 с.",
    "Smith J., Brown K. Regional growth in Central Asia // Journal of Regional Studies. 2019. "
    "Vol. 12, no. 3. P. 45–60.",
    "Сидоров С. С. Методы анализа рынков труда // Вопросы экономики. — 2018. — № 5. — С. 10–25.",
]


def article(title: str, refs: list[str]) -> str:
    """A small article in Markdown citing every reference of its numbered list."""
    cites = " ".join(f"[{n}]" for n in range(1, len(refs) + 1))
    entries = "\n".join(f"{n}. {ref}" for n, ref in enumerate(refs, 1))
    return f"# {title}\n\nЗерттеулер {cites} көрсетеді.\n\n## Әдебиеттер\n\n{entries}\n"


def folder(tmp_path: Path, articles: dict[str, list[str]]) -> Path:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True, exist_ok=True)
    for name, refs in articles.items():
        (root / "articles" / name).write_text(article(name, refs), encoding="utf-8")
    return root


def ok(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = run_refman(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result


def items(root: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((root / "references.json").read_text(encoding="utf-8"))
    return data


def rid(item: dict[str, Any]) -> str:
    """refman's own id of an item of the .json: its CSL ``id`` is the citation key, and
    ``custom.refman.id`` is written where the two differ."""
    value: str = item.get("custom", {}).get("refman", {}).get("id", item["id"])
    return value


def by_raw(root: Path) -> dict[str, dict[str, Any]]:
    """The collection's items by the raw string of every reference they stand for."""
    out = {}
    for item in items(root):
        refman = item.get("custom", {}).get("refman", {})
        if "raw" in refman:
            out[refman["raw"]] = item
        for source in refman.get("merge", {}).get("sources", []):
            out[source["raw"]] = item
    return out


def keys(root: Path) -> dict[str, str]:
    """Item id -> citation key, as the .json has them."""
    return {rid(i): i["citation-key"] for i in items(root)}


@pytest.mark.slow
def test_an_article_that_sorts_first_leaves_every_issued_key(tmp_path: Path) -> None:
    root = folder(tmp_path, {"b_region.md": [GRANBERG_OLD, *LIST]})
    ok("build", str(root))
    before = keys(root)
    old = by_raw(root)[GRANBERG_OLD]
    assert old["citation-key"] == "granbergosnovy2004"

    folder(tmp_path, {"a_develop.md": [GRANBERG_NEW, LIST[0]]})  # sorts first, same bare key
    ok("build", str(root))
    after = keys(root)
    assert {i: after[i] for i in before} == before  # every issued key kept
    assert by_raw(root)[GRANBERG_OLD]["citation-key"] == "granbergosnovy2004"
    assert by_raw(root)[GRANBERG_NEW]["citation-key"] == "granbergosnovy2004a"
    bib = (root / "references.bib").read_text(encoding="utf-8")
    assert "@book{granbergosnovy2004," in bib and "Основы региональной экономики" in bib

    # a key is given again only when asked; the old key is never handed to another work
    regenerated = ok("key", "granbergosnovy2004a", "--dir", str(root), "--json")
    assert json.loads(regenerated.stdout)["key"] == "granbergosnovy2004a"
    assert (
        ok("key", "granbergosnovy2004a", "granberg2004dev", "--dir", str(root)).stdout.strip()
        == "granberg2004dev"
    )
    ok("build", str(root))
    assert by_raw(root)[GRANBERG_NEW]["citation-key"] == "granberg2004dev"
    assert by_raw(root)[GRANBERG_OLD]["citation-key"] == "granbergosnovy2004"
    taken = run_refman("key", "granberg2004dev", "granbergosnovy2004", "--dir", str(root))
    assert_one_line_error(taken, "already issued")


@pytest.mark.slow
def test_insertion_and_reordering_keep_rulings_and_edits_on_their_works(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": [*LIST]})
    ok("build", str(root))
    ids = {raw: rid(item) for raw, item in by_raw(root).items()}
    book, thesis, paper = ids[LIST[0]], ids[LIST[1]], ids[LIST[3]]
    ok("decide", str(root), "same", book, thesis, "--note", "one work")
    ok("edit", paper, "title=Методы анализа рынков труда (исправлено)", "--dir", str(root))
    ok("build", str(root))
    merges = json.loads((root / "report.json").read_text(encoding="utf-8"))["duplicates"]["merges"]
    assert [sorted(m["merged_from"]) for m in merges] == [sorted([book, thesis])]

    # a reference inserted at the top, and the rest reordered
    folder(tmp_path, {"a_econ.md": [GRANBERG_OLD, LIST[3], LIST[2], LIST[1], LIST[0]]})
    ok("build", str(root))
    now = by_raw(root)
    # the merged pair is named by its older member, the book
    assert {raw: rid(now[raw]) for raw in LIST} == {**{raw: ids[raw] for raw in LIST}, LIST[1]: book}
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert [sorted(m["merged_from"]) for m in report["duplicates"]["merges"]] == [sorted([book, thesis])]
    assert rid(now[GRANBERG_OLD]) not in {book, thesis, paper}
    assert now[LIST[3]]["title"] == "Методы анализа рынков труда (исправлено)"
    assert now[LIST[2]]["title"] == "Regional growth in Central Asia"
    assert len(items(root)) == 1 + 4  # the article's item, the new one, the merged pair, two more


@pytest.mark.slow
def test_an_edit_survives_rebuilds_and_reparsing_and_undo_gives_the_machines_value_back(
    tmp_path: Path,
) -> None:
    root = folder(tmp_path, {"a_econ.md": [*LIST]})
    ok("build", str(root))
    item = by_raw(root)[LIST[2]]
    machine = item["title"]
    key = item["citation-key"]
    ok("edit", key, "title=Regional Growth in Central Asia", "issued=2020", "--dir", str(root))
    ok("build", str(root))
    edited = by_raw(root)[LIST[2]]
    assert edited["title"] == "Regional Growth in Central Asia" and edited["issued"] == {
        "date-parts": [[2020]]
    }
    person = edited["custom"]["refman"]["person"]["edited"]["title"]
    assert person["machine"] == machine and person["value"] == "Regional Growth in Central Asia"
    report = (root / "report.md").read_text(encoding="utf-8")
    assert "## A person's decisions" in report and "Regional Growth in Central Asia" in report

    # a typo fixed in the article: the reference is parsed again, the same item keeps the edit
    fixed = LIST[2].replace("Regional growth", "Regional  growth").replace("P. 45–60", "P. 45–61")
    folder(tmp_path, {"a_econ.md": [LIST[0], LIST[1], fixed, LIST[3]]})
    ok("build", str(root))
    again = by_raw(root)[fixed]
    assert rid(again) == rid(edited) and again["citation-key"] == key
    assert again["title"] == "Regional Growth in Central Asia" and again["page"] == "45-61"

    history = json.loads(ok("history", key, "--dir", str(root), "--json").stdout)
    assert [(d["kind"], d["value"]["field"]) for d in history] == [("edit", "title"), ("edit", "issued")]
    assert all(d["who"] and d["when"] for d in history)
    ok("undo", "--dir", str(root))
    ok("undo", "--dir", str(root))
    ok("build", str(root))
    back = by_raw(root)[fixed]
    assert back["title"] == machine and back["issued"] == {"date-parts": [[2019]]}
    assert "person" not in back["custom"]["refman"]
    lines = ok("history", "--dir", str(root)).stdout.splitlines()
    assert len(lines) == 2 and all(line.endswith("(undone)") for line in lines)


def test_unknown_ids_and_fields_are_one_line_errors(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": LIST[:1]})
    assert_one_line_error(run_refman("edit", "nope-1", "title=x", "--dir", str(root)), "nope-1")
    assert_one_line_error(run_refman("edit", "nope-1", "colour=red", "--dir", str(root)), "colour")
    assert_one_line_error(run_refman("accept", "nope-1", "10.1000/x", "--dir", str(root)), "nope-1")
    assert_one_line_error(run_refman("history", "nope-1", "--dir", str(root)), "nope-1")
    assert_one_line_error(run_refman("undo", "--dir", str(tmp_path / "none")), "no such directory")


@pytest.mark.slow
def test_rulings_of_an_old_decisions_json_move_into_the_library(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": [*LIST], "b_more.md": [LIST[2], GRANBERG_OLD]})
    # the rulings file of refman before the library: positional ids {article}-{number}
    old = {"decisions": [{"a": "a_econ-1", "b": "a_econ-2", "decision": "same", "note": "one work"}]}
    (root / "decisions.json").write_text(json.dumps(old), encoding="utf-8")
    ok("build", str(root))
    assert not (root / "decisions.json").exists()
    assert json.loads((root / "decisions.migrated.json").read_text(encoding="utf-8")) == old
    found = by_raw(root)
    assert rid(found[LIST[0]]) == rid(found[LIST[1]])  # merged as ruled
    assert "a person said they are the same" in (root / "report.md").read_text(encoding="utf-8")
    rulings = json.loads(ok("decide", str(root), "--json").stdout)
    assert len(rulings) == 1 and rulings[0]["note"] == "one work"
    history = json.loads(ok("history", "--dir", str(root), "--json").stdout)
    assert [d["who"] for d in history] == ["decisions.json"]
    ok("build", str(root))  # and it stays
    assert rid(by_raw(root)[LIST[0]]) == rid(by_raw(root)[LIST[1]])


@pytest.mark.slow
def test_add_and_remove_keep_imported_keys_and_list_duplicates(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": [GRANBERG_OLD]})
    ok("build", str(root))
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@book{granbergosnovy2004,\n  author = {Гранберг, А. Г.},\n"
        "  title = {Основы региональной экономики},\n"
        "  publisher = {ГУ ВШЭ},\n  year = {2004}\n}\n"
        "@article{smith2019,\n  author = {Smith, John},\n  title = {A paper of my own},\n"
        "  journal = {Journal of Tests},\n  year = {2019}\n}\n",
        encoding="utf-8",
    )
    added = json.loads(ok("add", str(bib), "--dir", str(root), "--json").stdout)
    assert [a["key"] for a in added["added"]] == ["granbergosnovy2004a", "smith2019"]
    assert any({d["a"], d["b"]} & {"granbergosnovy2004"} for d in added["duplicates"])
    ok("add", "10.1234/constructed.5678", "--dir", str(root))
    ok("build", str(root))
    found = keys(root)
    assert found["smith2019"] == "smith2019"
    assert any(i.get("DOI") == "10.1234/constructed.5678" for i in items(root))
    ok("remove", "smith2019", "--dir", str(root))
    ok("build", str(root))
    assert "smith2019" not in keys(root)
    ok("undo", "--dir", str(root))
    ok("build", str(root))
    assert keys(root)["smith2019"] == "smith2019"


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": LIST[:1]})
    with (root / ".refman.lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        waited = run_refman("history", "--dir", str(root), env={"REFMAN_LOCK_TIMEOUT": "0.5"})
    assert waited.returncode == 1
    assert "waiting for another refman writing this folder" in waited.stderr
    assert "still writing this folder" in waited.stderr and "Traceback" not in waited.stderr


@pytest.mark.slow
def test_a_no_op_rebuild_writes_nothing_and_files_follow_the_umask(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": LIST})
    old = os.umask(0o022)
    try:
        ok("build", str(root))
    finally:
        os.umask(old)
    outputs = [root / n for n in ("references.json", "references.bib", "report.md", "report.json")]
    assert [oct(p.stat().st_mode & 0o777) for p in outputs] == ["0o644"] * 4
    library = root / "library.sqlite"
    with sqlite3.connect(library) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in [*outputs, library]}
    again = ok("build", str(root))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in [*outputs, library]} == before
    assert "nothing written" in again.stdout and "wrote" not in again.stdout
    summary = json.loads(ok("build", str(root), "--json").stdout)
    assert summary["written"] == [] and len(summary["outputs"]) == 4
    assert not (root / "library.sqlite-wal").exists()


OUTPUTS = ("references.json", "references.bib", "report.md", "report.json")


def generation(root: Path) -> tuple[bytes, ...]:
    return tuple((root / name).read_bytes() if (root / name).exists() else b"" for name in OUTPUTS)


def temps(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_builds_killed_at_random_moments_leave_one_generation(tmp_path: Path) -> None:
    import random
    import sys
    import time

    from tests.support.process import ROOT

    versions = [[*LIST], [GRANBERG_OLD, *LIST[:3]]]
    root = folder(tmp_path, {"a_econ.md": versions[0]})
    started = time.monotonic()
    ok("build", str(root))
    duration = time.monotonic() - started
    sets = [generation(root)]
    folder(tmp_path, {"a_econ.md": versions[1]})
    ok("build", str(root))
    sets.append(generation(root))
    folder(tmp_path, {"a_econ.md": versions[0]})
    ok("build", str(root))
    assert generation(root) == sets[0]  # the same articles give the same outputs again
    rng = random.Random(11)
    env = {**os.environ, "NO_COLOR": "1"}
    mixed = repaired = 0
    for n in range(50):
        folder(tmp_path, {"a_econ.md": versions[(n + 1) % 2]})
        process = subprocess.Popen(
            [sys.executable, "-m", "refman", "build", str(root)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if n % 2:  # a random moment of the build
            time.sleep(rng.uniform(0.3, 1.0) * duration)
        else:  # a random moment of writing the outputs: once the first temporary file shows
            deadline = time.monotonic() + 3 * duration
            while not temps(root) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.004))
        process.kill()
        process.wait(timeout=30)
        mixed += generation(root) not in sets
        # any command that opens the folder finishes the generation the library committed
        repaired += "repaired" in ok("history", "--dir", str(root)).stderr
        assert generation(root) in sets, f"kill {n}: a mixed set of outputs"
        assert temps(root) == [], f"kill {n}: temporary files left"
    ok("build", str(root))
    assert generation(root) in sets and temps(root) == []
    print(f"of 50 kills: {mixed} left a mixed set, {repaired} were finished by the next command")


def test_a_mixed_set_of_outputs_is_repaired_by_the_next_command(tmp_path: Path) -> None:
    root = folder(tmp_path, {"a_econ.md": LIST[:2]})
    ok("build", str(root))
    new = generation(root)
    # what a kill between two renames leaves: two new files, two of another generation, a temp
    (root / "report.md").write_text("# an older report\n", encoding="utf-8")
    (root / "report.json").write_text("{}\n", encoding="utf-8")
    (root / ".references.bib.0123abcd.tmp").write_text("half", encoding="utf-8")
    result = ok("key", "a_econ-1", "--dir", str(root))
    assert result.stderr.count("repaired") == 2
    assert generation(root) == new and temps(root) == []


@pytest.mark.slow
def test_twenty_concurrent_decisions_are_all_kept(tmp_path: Path) -> None:
    import sys

    from tests.support.process import ROOT

    root = folder(tmp_path, {"a_econ.md": [*LIST, GRANBERG_OLD]})
    ok("build", str(root))
    ids = [rid(by_raw(root)[raw]) for raw in [*LIST, GRANBERG_OLD]]
    pairs = [(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :]]
    commands = [["decide", str(root), "different", a, b] for a, b in pairs]
    commands += [
        ["edit", i, f"{field}=by process {n}", "--dir", str(root)]
        for n, (i, field) in enumerate((i, f) for i in ids for f in ("note", "genre"))
    ]
    assert len(commands) == 20
    env = {**os.environ, "NO_COLOR": "1"}
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "refman", *c], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    for process in running:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
    history = json.loads(ok("history", "--dir", str(root), "--json").stdout)
    assert len(history) == 20
    assert len(json.loads(ok("decide", str(root), "--json").stdout)) == 10
    ok("build", str(root))
    notes = {rid(i): (i.get("note"), i.get("genre")) for i in items(root)}
    assert all(notes[i][0] and notes[i][1] for i in ids)


@pytest.mark.slow
def test_a_rejected_doi_is_never_given_again_and_an_accepted_one_always(tmp_path: Path) -> None:
    written = LIST[2] + " DOI: 10.1234/wrong.5678"
    root = folder(tmp_path, {"a_econ.md": [LIST[0], written]})
    ok("build", str(root))
    item = by_raw(root)[written]
    assert item["DOI"] == "10.1234/wrong.5678"
    ok("reject", item["citation-key"], "https://doi.org/10.1234/WRONG.5678", "--dir", str(root))
    ok("build", str(root))
    rejected = by_raw(root)[written]
    bib = (root / "references.bib").read_text("utf-8")
    assert "DOI" not in rejected and "doi = {10.1234/wrong.5678}" not in bib  # the raw string keeps it
    assert rejected["custom"]["refman"]["person"]["rejected"][0]["DOI"] == "10.1234/wrong.5678"
    ok("accept", "a_econ-2", "10.1234/right.1", "--dir", str(root))  # by its label
    ok("build", str(root))
    assert by_raw(root)[written]["DOI"] == "10.1234/right.1"
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert [d["accepted"]["DOI"] for d in report["decisions"]] == ["10.1234/right.1"]
    assert r"DOI 10\.1234/right\.1 accepted" in (root / "report.md").read_text(encoding="utf-8")
    # each decision recorded what the machine had; undone, the next build gives it back
    machine = {"DOI": "10.1234/wrong.5678", "status": item["custom"]["refman"]["match"]["status"]}
    history = json.loads(ok("history", "a_econ-2", "--dir", str(root), "--json").stdout)
    assert [(d["kind"], d["value"]["machine"]) for d in history] == [("reject", machine), ("accept", machine)]
    said = ok("history", "a_econ-2", "--dir", str(root)).stdout
    assert (
        f"accept {rid(item)} DOI 10.1234/right.1 (machine: 10.1234/wrong.5678, {machine['status']})" in said
    )
    undone = json.loads(ok("undo", "--dir", str(root), "--json").stdout)
    assert (undone["kind"], undone["value"]["machine"]) == ("accept", machine)
    ok("undo", "--dir", str(root))
    ok("build", str(root))
    back = by_raw(root)[written]
    assert back["DOI"] == "10.1234/wrong.5678" and "person" not in back["custom"]["refman"]
