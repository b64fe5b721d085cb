"""Evaluation of the parser: readers, field scoring, and accuracy floors on labelled data.

The floors are measured, not asserted by example: field-level micro F1 on the held-out 20% of
refman's GOST corpus (in the repo, refman/parse/training/corpus/gost.jsonl) and on AnyStyle's
gold.xml (BSD-2, ../shared/data/parsing/anystyle; never used for training or tuning).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from refman.parse.evaluate import Scores, field_set, read_anystyle_xml, read_jsonl, score
from tests.support.shared import shared_data

CORPUS = Path(__file__).resolve().parents[2] / "refman" / "parse" / "training" / "corpus" / "gost.jsonl"

# Constructed for this test, in AnyStyle's XML format.
XML = """<?xml version="1.0" encoding="UTF-8"?>
<dataset>
  <sequence>
    <author>Иванов И.И.</author>
    <title>Название //</title>
    <journal>Журнал. –</journal>
    <date>2020. –</date>
    <volume>Т. 5, № 2. –</volume>
    <pages>С. 10–20.</pages>
  </sequence>
  <sequence>
    <author>Smith, J. &amp; Jones, K.</author>
    <date>(2020).</date>
    <title>A title.</title>
    <source>Some Abstracts, 4(2), 7.</source>
  </sequence>
</dataset>
"""


def test_read_anystyle_xml_maps_labels_and_joins_text() -> None:
    examples = read_anystyle_xml(XML, "t")
    assert [e.id for e in examples] == ["t#0", "t#1"]
    assert examples[0].text.startswith("Иванов И.И. Название // Журнал.")
    assert examples[1].segments[0] == ("author", "Smith, J. & Jones, K.")
    assert examples[1].segments[-1][0] == "journal"  # AnyStyle "source" is a periodical


def test_read_jsonl_maps_grobid_tags() -> None:
    line = (
        '{"id": "x", "text": "J. Smith. A title. Chem. Rev. 10, 265 (1977).", '
        '"segments": [["author", "J. Smith"], '
        '["<other>", "."], ["title[@level=a]", "A title."], ["title[@level=j]", "Chem. Rev."], '
        '["biblScope[@unit=volume]", "10"], ["<other>", ","], ["biblScope[@unit=page]", "265"], '
        '["<other>", "("], ["date", "1977"], ["<other>", ")."]]}'
    )
    (ex,) = read_jsonl(line)
    assert [label for label, _ in ex.segments if label != "<other>"] == [
        "author", "title", "journal", "volume", "pages", "date",
    ]  # fmt: skip


def test_fields_are_compared_without_surrounding_punctuation() -> None:
    gold = field_set([("author", "Иванов И.И."), ("title", "Название //"), ("journal", "Журнал. –")])
    pred = field_set([("author", "Иванов И.И."), ("title", "Название"), ("container-title", "Журнал")])
    assert gold == pred  # journal and container-title are both CSL container-title
    assert ("issued", "2020") in field_set([("date", "(2020).")])


def test_scores_count_micro_and_per_field() -> None:
    scores = Scores()
    scores.add(
        Counter({("title", "A"): 1, ("issued", "2020"): 1}),
        Counter({("title", "A"): 1, ("issued", "2021"): 1}),
    )
    scores.add(Counter({("title", "B"): 1}), Counter({("title", "B"): 1}))
    p, r, f = scores.micro()
    assert (round(p, 3), round(r, 3), round(f, 3)) == (0.667, 0.667, 0.667)
    assert scores.per_field()["title"][:3] == (1.0, 1.0, 1.0)
    assert scores.exact == 1 and scores.references == 2
    assert scores.to_json()["micro"]["f1"] == 0.6667


def test_gost_corpus_held_out_floor() -> None:
    held_out = [e for e in read_jsonl(CORPUS.read_text(encoding="utf-8")) if e.meta.get("split") == "test"]
    assert len(held_out) >= 80
    scores = score(held_out)
    assert scores.micro()[2] >= 0.93
    hand = score([e for e in held_out if e.meta.get("source") == "handwritten"])
    assert hand.references >= 20 and hand.micro()[2] >= 0.90


def test_anystyle_gold_floor() -> None:
    gold = shared_data("parsing", "anystyle", "gold.xml")
    scores = score(read_anystyle_xml(gold.read_text(encoding="utf-8"), "gold"))
    assert scores.references == 1669
    assert scores.micro()[2] >= 0.93
    fields = scores.per_field()
    assert fields["author"][2] >= 0.93 and fields["issued"][2] >= 0.95
