"""Rulings on duplicate pairs: ``refman decide`` writes DIR/decisions.json, ``refman build``
applies it (real processes, offline). The two articles are constructed for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import assert_one_line_error, refman

ARTICLE_A = """# Ranking references in multilingual corpora

Ranking methods help [1], and morphology matters [2].

## References

1. Smith, J., & Brown, K. (2019). Learning to rank scholarly references across scripts.
   Journal of Information Science, 45(3), 301–315.
2. Petrov, A. (2018). Corpus methods for Kazakh morphology. Language Resources and Evaluation, 52, 100–120.
"""
ARTICLE_B = """# Morphology for search

Earlier work on ranking [1] and on morphology [2] is relevant.

## References

1. Smith, J., & Brown, K. (2020). Learning to rank scholarly references across scripts.
2. Petrov, A. (2018). Corpus methods for Kazakh morphology. Language Resources and Evaluation, 52, 100–120.
"""


def _directory(tmp_path: Path) -> Path:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a_constructed.md").write_text(ARTICLE_A, encoding="utf-8")
    (root / "articles" / "b_constructed.md").write_text(ARTICLE_B, encoding="utf-8")
    return root


def _duplicates(root: Path) -> tuple[list[list[str]], list[tuple[str, str]]]:
    dup = json.loads((root / "report.json").read_text(encoding="utf-8"))["duplicates"]
    return [m["merged_from"] for m in dup["merges"]], [(p["a"], p["b"]) for p in dup["review"]]


def _labels(root: Path) -> dict[str, str]:
    """Each reference's stable id by its label ``{article}-{number}`` (from references.json)."""
    out = {}
    for item in json.loads((root / "references.json").read_text(encoding="utf-8")):
        refman = item.get("custom", {}).get("refman", {})
        for source in [refman, *refman.get("merge", {}).get("sources", [])]:
            if "number" in source:
                out[f"{source['article']}-{source['number']}"] = source.get("id", item["id"])
    return out


@pytest.mark.slow
def test_rulings_merge_a_review_pair_and_split_a_merge(tmp_path: Path) -> None:
    root = _directory(tmp_path)
    built = refman("build", str(root))
    assert built.returncode == 0
    assert "duplicates: 1 merged; 1 pair(s) to review" in built.stdout
    ids = _labels(root)
    a1, b1, a2, b2 = (
        ids[k] for k in ("a_constructed-1", "b_constructed-1", "a_constructed-2", "b_constructed-2")
    )
    merges, review = _duplicates(root)
    assert merges == [[a2, b2]]
    assert review == [(a1, b1)]
    assert "refman decide DIR same|different A B" in (root / "report.md").read_text(encoding="utf-8")

    # labels ARTICLE-NUMBER, ids and keys all name a reference
    done = refman("decide", str(root), "same", "a_constructed-1", b1, "--note", "year misprint")
    assert done.returncode == 0, done.stderr
    assert "run `refman build" in done.stderr
    done = refman("decide", str(root), "different", a2, "b_constructed-2")
    assert done.returncode == 0, done.stderr
    assert json.loads(refman("decide", str(root), "--json").stdout) == [
        {"a": a1, "b": b1, "decision": "same", "note": "year misprint"},
        {"a": a2, "b": b2, "decision": "different"},
    ]
    assert not (root / "decisions.json").exists()  # rulings live in the library
    listed = refman("decide", str(root))
    assert listed.stdout.splitlines() == [f"same  {a1}  {b1}  (year misprint)", f"different  {a2}  {b2}"]

    assert refman("build", str(root)).returncode == 0
    merges, review = _duplicates(root)
    assert merges == [[a1, b1]]
    assert review == []
    report = (root / "report.md").read_text(encoding="utf-8")
    assert "a person said they are the same" in report

    assert refman("decide", str(root), "forget", b1, a1).returncode == 0
    assert refman("build", str(root)).returncode == 0
    merges, review = _duplicates(root)
    assert merges == [] and review == [(a1, b1)]


@pytest.mark.slow
def test_unknown_ids_and_broken_decisions_files_are_one_line_errors(tmp_path: Path) -> None:
    root = _directory(tmp_path)
    assert refman("build", str(root)).returncode == 0
    assert_one_line_error(refman("decide", str(root), "same", "a_constructed-1", "nope-9"), "nope-9")
    assert not (root / "decisions.json").exists()
    before = (root / "references.json").read_bytes()
    (root / "decisions.json").write_text('{"decisions": [\n  {"a": "x", "b": "x", "decision": "same"}\n]}\n')
    strict = refman("build", str(root), "--strict")  # an entry that is no ruling: a problem
    assert strict.returncode == 1 and "decisions.json: item 1 (id 'x ~ x'), field 'b'" in strict.stderr
    assert "two different ids" in strict.stderr and "internal error" not in strict.stderr
    (root / "decisions.json").write_text('{"decisions": [\n  {"a": "x",,}\n]}\n')
    assert_one_line_error(refman("build", str(root)), "decisions.json:2", "not valid JSON")
    assert (root / "references.json").read_bytes() == before  # outputs kept


def test_a_ruling_on_ids_that_are_gone_is_reported_not_fatal(tmp_path: Path) -> None:
    root = _directory(tmp_path)
    (root / "decisions.json").write_text(
        json.dumps({"decisions": [{"a": "a_constructed-1", "b": "old-7", "decision": "same"}]}),
        encoding="utf-8",
    )
    built = refman("build", str(root))
    assert built.returncode == 0
    a1 = _labels(root)["a_constructed-1"]  # the old positional id, mapped to the stable one
    assert f"ruling not applied (same {a1} old-7): no reference with id old-7" in built.stderr
    report = (root / "report.md").read_text(encoding="utf-8")
    assert f"ruling not applied (same {a1} old-7): no reference with id old-7" in report
    unapplied = json.loads((root / "report.json").read_text(encoding="utf-8"))["duplicates"]["unapplied"]
    assert unapplied[0]["why"] == "no reference with id old-7"
