"""``refman parse`` (one item per work, input lines kept) and ``refman eval parse`` (figures)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.cli import cli
from refman.cli.parse import parse_lines
from refman.parse import parse_reference

GARBAGE = "Иванов И.И. Название//Журнал–2020,№5(2)С.10-20:;[]()«»\"' abc"
CORPUS = Path(__file__).resolve().parents[2] / "refman" / "parse" / "training" / "corpus" / "gost.jsonl"


def test_parse_lines_gives_one_item_per_work_and_keeps_the_line() -> None:
    text = (
        "Иванов И.И. Книга первая. – М.: Наука, 2001. – 100 с.; "
        "Его же. Книга вторая. – М.: Наука, 2003. – 120 с.\n"
        "\n"
        "Smith, J. (2020). A title. Journal of Things, 5(2), 10–20.\n"
    )
    items = parse_lines(text)
    assert [(i.id, i.refman.line) for i in items] == [
        ("line-1a", 1),
        ("line-1b", 1),
        ("line-2", 2),
        ("line-3", 3),
    ]
    assert items[1].author == items[0].author
    assert items[1].title == "Книга вторая"
    assert items[2].refman.problems


def test_parse_command_json(tmp_path: Path) -> None:
    src = tmp_path / "refs.txt"
    src.write_text(
        "Сейткали Н. Қазақ мәдениетінің тарихы. – Алматы: Дәуір, 2020. – 250 б.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["parse", str(src), "--json"])
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)
    assert item["type"] == "book" and item["language"] == "kk"
    assert item["publisher-place"] == "Алматы" and item["number-of-pages"] == "250"
    assert item["custom"]["refman"]["line"] == 1 and 0 < item["custom"]["refman"]["confidence"]["title"] <= 1


def test_eval_parse_on_the_corpus_held_out_split(tmp_path: Path) -> None:
    # a small copy of the corpus file: its first 40 held-out lines
    lines = [ln for ln in CORPUS.read_text(encoding="utf-8").splitlines() if '"split": "test"' in ln][:40]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "parse", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["references"] == 40
    assert data["micro"]["f1"] > 0.9
    assert {"author", "title", "issued"} <= set(data["fields"])
    table = CliRunner().invoke(cli, ["eval", "parse", str(sample)])
    assert table.exit_code == 0 and "micro" in table.output and "exact match" in table.output


def test_eval_parse_rejects_unlabelled_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("just a line\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "parse", str(bad)], standalone_mode=False)
    assert result.exception is not None and "bad.txt" in str(result.exception)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=GARBAGE, max_size=40), max_size=6))
def test_gost_like_garbage_never_crashes(parts: list[str]) -> None:
    raw = " ".join(parts)
    ref = parse_reference(raw, id="g")
    assert ref.refman.raw == raw
    assert not any(p.startswith("parser error") for p in ref.refman.problems)
    assert all(0.0 <= v <= 1.0 for v in ref.refman.confidence.values())
