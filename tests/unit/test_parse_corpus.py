"""refman's labelled Kazakh/Russian corpus (refman/parse/training/corpus/, constructed; see its README)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from refman.parse.evaluate import read_jsonl
from refman.parse.labels import LABELS, OTHER
from refman.parse.training.align import to_training
from refman.parse.training.corpus.generate import parse_handwritten
from refman.parse.training.corpus.noise import add_noise
from refman.parse.training.corpus.records import make_records
from refman.parse.training.corpus.render import render

CORPUS = Path(__file__).resolve().parents[2] / "refman" / "parse" / "training" / "corpus"


def _entries() -> list[dict[str, object]]:
    return [json.loads(line) for line in (CORPUS / "gost.jsonl").read_text(encoding="utf-8").splitlines()]


def test_corpus_size_sources_and_split() -> None:
    entries = _entries()
    assert len(entries) >= 400
    sources = Counter(str(e["source"]).split(":")[0] for e in entries)
    assert sources["constructed"] >= 400 and sources["crossref"] >= 100 and sources["handwritten"] >= 100
    test = sum(1 for e in entries if e["split"] == "test")
    assert 0.15 <= test / len(entries) <= 0.25
    styles = Counter(str(e["style"]) for e in entries)
    assert {"gost", "gost2018", "romanised", "apa", "gost-r-7-0-5-2008", "handwritten"} <= set(styles)


def test_every_entry_aligns_with_known_labels() -> None:
    examples = read_jsonl((CORPUS / "gost.jsonl").read_text(encoding="utf-8"))
    for ex in examples:
        assert {label for label, _ in ex.segments} <= set(LABELS), ex.id
        assert "".join("".join(t.split()) for _, t in ex.segments) == "".join(ex.text.split()), ex.id
        assert to_training(ex) is not None, ex.id


def test_records_of_one_key_stay_in_one_split() -> None:
    splits: dict[str, set[object]] = {}
    for e in _entries():
        key = str(e["id"]).split("#")[1].split("-")[0]
        splits.setdefault(key, set()).add(e["split"])
    assert all(len(s) == 1 for s in splits.values())


def test_kazakh_and_russian_are_most_of_it() -> None:
    langs = Counter(e.get("lang") for e in _entries())
    assert langs["kk"] >= 300 and langs["ru"] >= 300


def test_records_and_renderings_are_deterministic() -> None:
    a, b = make_records(seed=3, n=40), make_records(seed=3, n=40)
    assert a == b
    types = Counter(r["type"] for r in make_records())
    assert {
        "article-journal",
        "book",
        "chapter",
        "paper-conference",
        "thesis",
        "webpage",
        "legislation",
    } <= set(types)
    for style in ("gost", "gost2018", "romanised", "apa"):
        one = [render(r, style, random.Random(1)) for r in a]
        two = [render(r, style, random.Random(1)) for r in b]
        assert one == two


def test_gost_rendering_labels_each_field() -> None:
    rec = {
        "type": "article-journal", "lang": "ru", "key": "t", "author": [("Иванов", "Иван Иванович")],
        "title": "Название", "container": "Журнал", "year": 2020, "volume": "5", "issue": "2",
        "pages": "10–20",
    }  # fmt: skip
    pieces = render(rec, "gost", random.Random(0))
    fields = {label: text for label, text in pieces if label != OTHER}
    assert fields["author"] == "Иванов И.И." or fields["author"] == "Иванов И. И."
    assert fields["title"] == "Название" and fields["journal"] == "Журнал" and fields["date"] == "2020"
    assert "5" in fields["volume"] and "2" in fields["volume"]
    assert fields["pages"].replace("–", "-").endswith("10-20")


def test_noise_keeps_labels_and_text() -> None:
    pieces = [("author", "Иванов И. И."), (OTHER, " "), ("title", "Название"), (OTHER, ". – "),
              ("date", "2020"), (OTHER, ". – "), ("pages", "С. 10–20"), (OTHER, ".")]  # fmt: skip
    noisy = add_noise(pieces, random.Random(5), number=7)
    assert noisy[0] == ("citation-number", noisy[0][1]) and "7" in noisy[0][1]
    assert [label for label, _ in noisy if label != OTHER] == [
        "citation-number",
        "author",
        "title",
        "date",
        "pages",
    ]


def test_handwritten_markup() -> None:
    ((key, pieces),) = parse_handwritten(
        "# comment\n<author>Иванов И.И.</author> <title>Книга</title>. – <date>2019</date>.\n"
    )
    assert key == "hand0002"
    assert [label for label, _ in pieces] == ["author", OTHER, "title", OTHER, "date", OTHER]
    with pytest.raises(ValueError):
        parse_handwritten("<auth>x</auth>")
