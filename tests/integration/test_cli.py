"""The command line as a user runs it: real processes, exit codes, one-line errors, JSON output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OWN_ARTICLES, SEED_000, SEED_004, SEEDS


def refman(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("REFMAN_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "refman", *args],
        cwd=cwd,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_help_and_version() -> None:
    result = refman("--help")
    assert result.returncode == 0
    for command in ("build", "extract", "parse", "export"):
        assert command in result.stdout
    assert refman("--version").stdout.strip().endswith("0.1.0")


def test_extract_seed_004_json() -> None:
    result = refman("extract", str(SEED_004), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    refs = data["references"]
    assert len(refs) == 18
    numbers = [r["custom"]["refman"]["number"] for r in refs]
    assert sorted(set(numbers)) == list(range(1, 18))
    assert numbers.count(6) == 2
    assert all(r["custom"]["refman"]["raw"].strip() for r in refs)
    assert not any("\\" in r.get("URL", "") for r in refs)
    item5 = next(r for r in refs if r["custom"]["refman"]["number"] == 5)
    assert item5["accessed"]["date-parts"] == [[2025, 2, 22]]
    for r in refs:
        if r["custom"]["refman"]["number"] >= 9:
            assert r["author"] and r["title"] and r["issued"]["date-parts"][0][0] >= 2022


def test_extract_seed_000_json_reports_no_list_gap_and_stray() -> None:
    result = refman("extract", str(SEED_000), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    codes = {d["code"] for d in data["diagnostics"]}
    assert "no_reference_list" in codes
    # no list: each cited number of the run is a reference recovered from the text, marked so
    assert [r["custom"]["refman"]["number"] for r in data["references"]] == [*range(1, 17), *range(18, 22)]
    assert {r["note"] for r in data["references"]} == {"recovered from the text, not from a list"}
    cited = {n for c in data["citations"] for n in c["numbers"]}
    assert set(range(1, 22)) - cited == {17}
    stray = [d for d in data["diagnostics"] if 90 in d["numbers"]]
    assert stray and stray[0]["line"]


def test_extract_several_articles_gives_a_list() -> None:
    result = refman("extract", str(SEED_000), str(SEED_004), "--json")
    assert result.returncode == 0, result.stderr
    assert [len(a["references"]) for a in json.loads(result.stdout)] == [20, 18]


def test_extract_human_output() -> None:
    result = refman("extract", str(SEED_004))
    assert result.returncode == 0, result.stderr
    assert "Grobbelaar" in result.stdout
    assert "author_year_mismatch" in result.stdout


def test_extract_from_stdin() -> None:
    text = "Body cites [1].\n\nReferences\n\n1. Smith, J. (2020). A title. Journal, 1(2), 3–4.\n"
    result = refman("extract", "-", "--json", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["references"]) == 1


def test_bad_inputs_exit_1_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(refman("extract", str(empty)), "empty.txt", "empty file")
    binary = tmp_path / "figure.txt"
    binary.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert_one_line_error(refman("extract", str(binary)), "figure.txt", "binary")
    assert_one_line_error(refman("extract", str(tmp_path / "missing.md")), "missing.md", "no such file")
    assert_one_line_error(refman("build", str(tmp_path / "nowhere")), "nowhere", "no such directory")


def test_file_with_no_list_is_not_an_error(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("Just a paragraph of prose, citing nothing at all.\n", encoding="utf-8")
    result = refman("extract", str(plain), "--json")
    assert result.returncode == 0
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["no_reference_list"]


def test_ten_megabyte_article_is_handled(tmp_path: Path) -> None:
    text = SEED_004.read_text(encoding="utf-8")
    big = tmp_path / "big.md"
    big.write_text(text * (10_000_000 // len(text.encode()) + 1), encoding="utf-8")
    assert big.stat().st_size >= 10_000_000
    result = refman("extract", str(big), "--json", "-o", str(tmp_path / "big.json"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "big.json").read_text(encoding="utf-8"))
    assert len(data["references"]) >= 18


def test_parse_command_keeps_order_and_lines(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text(
        "Иванов И.И. Региональная экономика. – М.: Наука, 2019. – 256 с.\n"
        "\n"
        "Smith, J., & Jones, K. (2020). A title of a paper. Journal of Things, 5(2), 10–20.\n",
        encoding="utf-8",
    )
    result = refman("parse", str(refs), "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["custom"]["refman"]["line"] for i in items] == [1, 2, 3]
    assert items[0]["author"][0]["family"] == "Иванов"
    assert items[1]["custom"]["refman"]["problems"]
    assert items[2]["issued"]["date-parts"][0][0] == 2020


def test_build_writes_collection_and_leaves_out_an_unreadable_file(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    shutil.copytree(SEEDS, root / "articles")
    for own in OWN_ARTICLES.glob("*_constructed.*"):
        shutil.copy(own, root / "articles" / own.name)
    result = refman("build", str(root))
    assert result.returncode == 0, result.stderr
    collection = json.loads((root / "references.json").read_text(encoding="utf-8"))
    ids = [i["id"] for i in collection]  # citation keys, as pandoc cites them
    assert len(ids) == len(set(ids))
    assert all(i["id"] == i["citation-key"] for i in collection)
    ids = [i["custom"]["refman"].get("id", i["id"]) for i in collection]  # refman's own ids
    articles = [i for i in collection if i["custom"]["refman"].get("cites")]
    assert len(articles) >= 3
    for article in articles:
        assert set(article["custom"]["refman"]["cites"]) <= set(ids)
    assert "not checked (offline)" in result.stdout  # the terminal says why; report.md does not
    report = (root / "report.md").read_text(encoding="utf-8")
    assert "not checked" in report and "(offline)" not in report
    assert "no_reference_list" in report and "author_year_mismatch" in report
    before = {name: (root / name).read_bytes() for name in ("references.json", "references.bib", "report.md")}

    (root / "articles" / "zz_broken.txt").write_bytes(b"text\n\x00\x01binary")
    result = refman("build", str(root))
    assert result.returncode == 0, result.stderr
    assert "zz_broken.txt:2: binary file (NUL byte)" in result.stderr
    after = {name: (root / name).read_bytes() for name in before}
    assert after["references.json"] == before["references.json"]
    assert b"## Files not read" in after["report.md"] and b"zz_broken\\.txt, line 2" in after["report.md"]
    assert not list(root.glob(".*.tmp"))


def test_export_converts_collection(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    shutil.copytree(SEEDS, root / "articles")
    assert refman("build", str(root)).returncode == 0
    result = refman("export", str(root / "references.json"), "--to", "biblatex")
    assert result.returncode == 0, result.stderr
    assert "@online{" in result.stdout or "@misc{" in result.stdout
    back = refman("export", str(root / "references.bib"), "--to", "csl-json")
    assert back.returncode == 0, back.stderr
    assert len(json.loads(back.stdout)) == len(json.loads((root / "references.json").read_text()))


@pytest.mark.parametrize("bad", ["{not json", "[" * 100_000, '{"a": ' + "[" * 5000 + "]" * 5000 + "}"])
def test_export_bad_json_is_one_line(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(bad, encoding="utf-8")
    assert_one_line_error(refman("export", str(path)), "bad.json")


def test_usage_errors_exit_1_not_2() -> None:
    result = refman("extract", "--no-such-option", str(SEED_004))
    assert result.returncode == 1
    assert "No such option" in result.stderr


def test_export_sets_aside_a_doi_no_bib_can_hold_and_says_so(tmp_path: Path) -> None:
    items = [
        {"id": "bad", "type": "book", "title": "T", "DOI": "10.1234/x\\input{/etc/passwd}"},
        {"id": "good", "type": "book", "title": "U", "DOI": "10.1000/abc", "URL": "javascript:alert(1)"},
    ]
    (tmp_path / "in.json").write_text(json.dumps(items), encoding="utf-8")
    result = refman("export", "in.json", "--to", "bibtex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "doi = {10.1000/abc}" in result.stdout and "passwd" not in result.stdout
    assert "javascript" not in result.stdout
    warnings = result.stderr.strip().splitlines()
    assert (
        len(warnings) == 2
        and "item 1 (id 'bad'): DOI" in warnings[0]
        and "item 2 (id 'good'): URL" in warnings[1]
    )
    kept = json.loads(refman("export", "in.json", "--to", "csl-json", cwd=tmp_path).stdout)
    assert kept[0]["custom"]["refman"]["set_aside"] == {"DOI": items[0]["DOI"]}  # nothing lost
