"""``refman dedupe FILE...`` over CSL-JSON, BibTeX and extract --json files (in-process)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from refman.cli import main
from refman.cli.dedupe import load_inputs

CSL = [
    {
        "id": "aha91",
        "type": "article-journal",
        "title": "Instance-based learning algorithms",
        "author": [{"family": "Aha", "given": "D. W."}, {"family": "Kibler", "given": "D."}],
        "container-title": "Machine Learning",
        "issued": {"date-parts": [[1991]]},
        "volume": "6",
        "page": "37-66",
        "custom": {
            "refman": {
                "raw": "Aha D.W., Kibler D. Instance-based learning algorithms // Machine Learning. 1991."
            }
        },
    },
    {
        "id": "ivanov",
        "type": "article-journal",
        "title": "Методы оптимизации транспортных потоков в крупных городах",
        "author": [{"family": "Иванов", "given": "И. И."}],
        "issued": {"date-parts": [[2019]]},
    },
]
BIB = r"""
@article{aha1991instance,
  author = {Aha, David W. and Kibler, Dennis and Albert, Marc K.},
  title = {Instance-Based Learning Algorithms},
  journal = {Machine Learning},
  year = {1991},
  volume = {6},
  pages = {37--66},
  doi = {10.1007/BF00153759}
}
@article{ivanov2019metody,
  author = {Ivanov, I. I.},
  title = {Metody optimizatsii transportnykh potokov v krupnykh gorodakh},
  year = {2019}
}
@book{quinlan1993,
  author = {Quinlan, J. Ross},
  title = {C4.5: Programs for Machine Learning},
  publisher = {Morgan Kaufmann},
  year = {1993}
}
"""


def _merged_from(item: dict[str, Any]) -> list[str]:
    return list(item.get("custom", {}).get("refman", {}).get("merged_from", [item["id"]]))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    csl = tmp_path / "refs.json"
    csl.write_text(json.dumps(CSL, ensure_ascii=False), encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    return csl, bib


def test_dedupe_json_merges_across_csl_and_bibtex(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path]
) -> None:
    code, out, _ = run(capsys, "dedupe", str(files[0]), str(files[1]), "--json")
    assert code == 0
    items: list[dict[str, Any]] = json.loads(out)
    assert len(items) == 3
    by_sources = {tuple(_merged_from(i)) for i in items}
    assert ("aha91", "aha1991instance") in by_sources
    assert ("ivanov", "ivanov2019metody") in by_sources
    assert ("quinlan1993",) in by_sources
    aha = next(i for i in items if "aha91" in _merged_from(i))
    assert aha["DOI"].lower() == "10.1007/bf00153759"
    ivanov = next(i for i in items if "ivanov" in _merged_from(i))
    assert ivanov["title"].startswith("Методы")  # the Cyrillic original is kept as the title
    assert ivanov["custom"]["refman"]["merge"]["sources"][0]["id"] == "ivanov2019metody"


def test_dedupe_human_output_and_report(
    capsys: pytest.CaptureFixture[str], files: tuple[Path, Path], tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    out_file = tmp_path / "merged.json"
    code, out, _ = run(
        capsys, "dedupe", str(files[0]), str(files[1]), "-o", str(out_file), "--report", str(report)
    )
    assert code == 0
    assert "5 references from 2 file(s)" in out and "2 merged" in out
    assert len(json.loads(out_file.read_text(encoding="utf-8"))) == 3
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {m["id"] for m in data["merges"]} == {"aha1991instance", "ivanov"}
    assert data["stats"]["records"] == 5


def test_dedupe_reads_extract_output_and_renames_clashing_ids(tmp_path: Path) -> None:
    article = {
        "metadata": {"id": "paper", "type": "article-journal", "title": "Our article"},
        "references": [dict(CSL[0], id="ref-1")],
        "citations": [],
        "diagnostics": [],
    }
    extract = tmp_path / "paper.json"
    extract.write_text(json.dumps(article), encoding="utf-8")
    again = tmp_path / "again.json"
    again.write_text(json.dumps([dict(CSL[1], id="ref-1")], ensure_ascii=False), encoding="utf-8")
    refs, problems = load_inputs([str(extract), str(again)])
    assert [r.id for r in refs] == ["paper", "ref-1", "again:ref-1"]
    assert [str(p) for p in problems] == [
        f"{again}: id 'ref-1', field 'id': id already used by an earlier input; renamed 'again:ref-1'"
    ]


def test_dedupe_strict_exits_2_when_pairs_need_review(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a = dict(CSL[0], id="a")
    b = dict(CSL[0], id="b", page="40-70")  # same paper but other pages: review, not merge
    path = tmp_path / "two.json"
    path.write_text(json.dumps([a, b]), encoding="utf-8")
    code, out, _ = run(capsys, "dedupe", str(path), "--strict")
    assert code == 2
    assert "review" in out
    code, _, _ = run(capsys, "dedupe", str(path))
    assert code == 0


def test_dedupe_missing_file_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "dedupe", str(tmp_path / "nope.json"))
    assert code == 1
    assert "nope.json" in err and len(err.strip().splitlines()) == 1
