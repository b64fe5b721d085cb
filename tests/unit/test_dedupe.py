"""Deduplication rules, the output contract, merges with provenance and the review list."""

from __future__ import annotations

from typing import Any

import pytest

from refman.dedupe import DedupeOptions, MergedFrom, MergeRecord, PairVerdict, Unapplied, dedupe, judge
from refman.dedupe.rules import CASCADE, OTHERWISE
from refman.dedupe.verdict import MEANINGS
from refman.model import Reference
from refman.rulings import Ruling


def ref(id: str, **fields: Any) -> Reference:
    """A Reference from CSL-style keyword fields (``container_title`` for ``container-title``)."""
    item: dict[str, Any] = {"id": id, "type": fields.pop("type", "article-journal")}
    for key, value in fields.items():
        csl = key.replace("_", "-") if key not in ("DOI", "URL", "ISBN") else key
        if key == "year":
            item["issued"] = {"date-parts": [[value]]}
        elif key in ("author", "editor", "translator"):
            item[key] = [_name(n) for n in value]
        else:
            item[csl] = value
    return Reference.from_csl(item)


def _name(text: str) -> dict[str, str]:
    family, _, given = text.partition(",")
    return {"family": family.strip(), "given": given.strip()} if given else {"family": family.strip()}


PAPER = {
    "title": "Instance-based learning algorithms",
    "author": ["Aha, D. W.", "Kibler, D.", "Albert, M. K."],
    "container_title": "Machine Learning",
    "year": 1991,
    "volume": "6",
    "page": "37-66",
}


# --- judge(): identifiers ---------------------------------------------------------------------


def test_same_doi_in_any_form_is_the_same() -> None:
    a = ref("a", DOI="10.1007/BF00153759", **PAPER)
    b = ref(
        "b", URL="https://doi.org/10.1007/bf00153759", title="Instance based learning", author=["Aha, D."]
    )
    d = judge(a, b)
    assert (d.verdict, d.rule) == ("same", "doi")
    assert d.evidence["doi"] == "10.1007/bf00153759"


def test_two_different_dois_are_never_merged() -> None:
    d = judge(ref("a", DOI="10.1000/x", **PAPER), ref("b", DOI="10.1000/y", **PAPER))
    assert (d.verdict, d.rule) == ("different", "doi-conflict") and d.hard


def test_same_doi_but_different_title_and_authors_goes_to_review() -> None:
    a = ref(
        "a", DOI="10.17705/1CAIS.04204", title="Understanding privacy assimilation", author=["Attili, V."]
    )
    b = ref("b", DOI="10.17705/1CAIS.04204", title="Misunderstood majors", author=["Annabi, H."])
    assert judge(a, b).verdict == "maybe"


def test_doi_versions_with_the_same_title_are_one_work() -> None:
    a = ref(
        "a",
        DOI="10.1002/14651858.CD002273.pub2",
        title="Air versus oxygen for resuscitation of infants",
        year=2004,
    )
    b = ref(
        "b",
        DOI="10.1002/14651858.CD002273.pub3",
        title="Air versus oxygen for resuscitation of infants",
        year=2005,
    )
    assert judge(a, b).rule == "doi-version"


def test_a_metadata_language_variant_with_the_same_doi_merges() -> None:
    a = ref("a", DOI="10.26577/x.1", title="Цифрлық трансформация", author=["Жансүгіров, Е. Т."])
    b = ref("b", DOI="10.26577/X.1", title="Digital transformation", author=["Zhansugirov, Ye. T."])
    assert judge(a, b).verdict == "same"


# --- judge(): hard "not the same" rules ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes_a", "changes_b", "rule"),
    [
        ({"type": "book"}, {"type": "chapter"}, "type-conflict"),
        ({"type": "thesis"}, {}, "type-conflict"),
        ({"type": "book", "edition": "2nd"}, {"type": "book", "edition": "3rd"}, "edition-conflict"),
        ({"title": "Erratum: Instance-based learning algorithms"}, {}, "erratum"),
        ({"title": "Retraction notice: Instance-based learning algorithms"}, {}, "retraction"),
        (
            {"title": "Instance-based learning algorithms. Part 1"},
            {"title": "Instance-based learning algorithms. Part II"},
            "part-conflict",
        ),
        ({"title": "Instance-based learning algorithms, Part 2"}, {}, "part-conflict"),
        ({"author": ["Quinlan, J. R."]}, {}, "author-conflict"),
        ({"author": ["Aha, J."]}, {"author": ["Aha, D."]}, "initials-conflict"),
    ],
)
def test_hard_conflicts(changes_a: dict[str, Any], changes_b: dict[str, Any], rule: str) -> None:
    d = judge(ref("a", **{**PAPER, **changes_a}), ref("b", **{**PAPER, **changes_b}))
    assert d.verdict == "different" and d.rule == rule and d.hard


def test_book_isbns() -> None:
    book = {
        "type": "book",
        "title": "Основы теории вероятностей",
        "author": ["Гнеденко, Б. В."],
        "year": 2015,
    }
    same = judge(ref("a", ISBN="5-02-013850-9", **book), ref("b", ISBN="978-5-02-013850-6", **book))
    assert same.rule == "isbn"
    other = judge(ref("a", ISBN="5-02-013850-9", **book), ref("b", ISBN="0-8044-2957-X", edition="2", **book))
    assert other.verdict == "different"


def test_chapters_sharing_the_book_isbn_are_not_the_same() -> None:
    a = ref("a", type="chapter", ISBN="5-02-013850-9", title="Глава первая", author=["Иванов, И."], year=2010)
    b = ref(
        "b",
        type="chapter",
        ISBN="5-02-013850-9",
        title="Совсем другая глава",
        author=["Петров, П."],
        year=2010,
    )
    assert judge(a, b).verdict == "different"


def test_journal_and_conference_of_the_same_title_are_not_merged() -> None:
    a = ref(
        "a",
        title="Learning-based scheduling for digital work platforms",
        author=["Smith, John"],
        year=2020,
        container_title="Journal of Digital Studies",
    )
    b = ref(
        "b",
        title="Learning-based scheduling for digital work platforms",
        author=["Smith, John"],
        year=2020,
        container_title="Workshop of Digital Studies",
    )
    assert judge(a, b).verdict != "same"


def test_two_pages_of_one_site() -> None:
    a = ref(
        "a",
        type="webpage",
        title="United Nations Peacekeeping",
        URL="https://peacekeeping.un.org/en/fatalities",
    )
    b = ref(
        "b", type="webpage", title="United Nations Peacekeeping", URL="https://peacekeeping.un.org/en/troop"
    )
    c = ref(
        "c",
        type="webpage",
        title="United Nations Peacekeeping",
        URL="http://www.peacekeeping.un.org/en/fatalities/",
    )
    assert judge(a, b).rule == "web-pages"
    assert judge(a, c).verdict == "same"


def test_preprint_and_journal_version() -> None:
    pre = ref(
        "pre",
        type="article",
        title="End-to-end Kazakh speech synthesis",
        author=["Mussakhojayeva, S."],
        container_title="arXiv",
        DOI="10.48550/arXiv.2104.05678",
        year=2021,
    )
    pub = ref(
        "pub",
        title="End-to-end Kazakh speech synthesis",
        author=["Mussakhojayeva, S."],
        container_title="Applied Sciences",
        DOI="10.3390/app12010001",
        year=2022,
    )
    assert judge(pre, pub).verdict == "different"  # two DOIs, no link
    pre_no_doi = pre.replace(DOI=None, URL="https://arxiv.org/abs/2104.05678")
    pub_no_doi = pub.replace(DOI=None, issued=pre.issued)
    assert judge(pre_no_doi, pub_no_doi).rule == "preprint-unlinked"
    linked = pre.replace(
        custom={"relation": {"is-preprint-of": [{"id-type": "doi", "id": "10.3390/APP12010001"}]}}
    )
    assert (judge(linked, pub).verdict, judge(linked, pub).rule) == ("same", "relation")
    translated = pre.replace(
        custom={"relation": {"has-translation": [{"id-type": "doi", "id": "10.3390/app12010001"}]}}
    )
    assert judge(translated, pub).rule == "relation-other"


# --- judge(): field evidence --------------------------------------------------------------------


def test_typo_case_and_punctuation_in_titles() -> None:
    a = ref("a", **PAPER)
    b = ref(
        "b", **{**PAPER, "title": "INSTANCE BASED LEARNIGN ALGORITHMS.", "author": ["D. Aha", "D. Kibler"]}
    )
    d = judge(a, b)
    assert d.verdict == "same" and d.evidence["title"] >= 0.9


def test_online_first_year_needs_the_same_venue_and_all_authors() -> None:
    a = ref("a", **{**PAPER, "year": 1990, "page": "1-30", "volume": None})
    assert judge(a, ref("b", **PAPER)).rule == "title-year1"
    other_venue = ref("c", **{**PAPER, "container_title": "Artificial Intelligence"})
    assert judge(a, other_venue).verdict != "same"


def test_years_far_apart_are_different_papers() -> None:
    assert judge(ref("a", **PAPER), ref("b", **{**PAPER, "year": 1995})).verdict == "different"


def test_same_authors_same_year_different_titles_stay_apart() -> None:
    a = ref(
        "a",
        title="A proposed study on commitment in virtual teams",
        author=["Powell, Anne L"],
        year=1999,
        container_title="Americas Conference on Information Systems",
    )
    b = ref(
        "b",
        title="Commitment in a virtual team",
        author=["Powell, Anne L"],
        year=1999,
        container_title="Americas Conference on Information Systems",
    )
    assert judge(a, b).verdict != "same"


def test_recurring_column_titles_need_the_issue() -> None:
    col = {
        "title": "Book review column",
        "author": ["Aberer, Karl"],
        "year": 2002,
        "container_title": "SIGMOD Record",
    }
    assert judge(ref("a", **col), ref("b", **col)).verdict != "same"
    assert (
        judge(ref("a", volume="31", issue="2", **col), ref("b", volume="31", issue="2", **col)).verdict
        == "same"
    )


def test_garbled_characters_in_names_still_match() -> None:
    a = ref(
        "a",
        title="Metadata for multimedia documents",
        author=["Rakow, Thomas C.", "B?hm, Klemens"],
        year=1994,
    )
    b = ref(
        "b",
        title="Metadata for Multimedia Documents",
        author=["Böhm, Klemens", "Rakow, Thomas C."],
        year=1994,
    )
    assert judge(a, b).verdict == "same"


def test_citation_locator_links_different_titles() -> None:
    a = ref("a", **PAPER)
    b = ref("b", **{**PAPER, "title": "Instance based learning: an empirical study"})
    assert judge(a, b).rule == "locator"


def test_explanations_are_one_line() -> None:
    d = judge(ref("a", DOI="10.1000/x", **PAPER), ref("b", DOI="https://doi.org/10.1000/X", **PAPER))
    text = d.explain()
    assert text.startswith("a = b: same DOI") and "\n" not in text
    assert d.to_json()["explanation"] == text


# --- dedupe(): contract ----------------------------------------------------------------------------


def _collection() -> list[Reference]:
    return [
        ref("a1", DOI="10.1007/BF00153759", **PAPER),
        ref(
            "x",
            title="C4.5: programs for machine learning",
            author=["Quinlan, J. R."],
            type="book",
            year=1993,
        ),
        ref(
            "a2",
            **{**PAPER, "title": "Instance-Based Learning Algorithms.", "author": ["D. Aha", "D. Kibler"]},
        ),
        ref("a3", URL="https://doi.org/10.1007/bf00153759", title="Instance based learning algorithms"),
        ref("y", title="Induction of decision trees", author=["Quinlan, J. R."], year=1986),
    ]


def test_every_input_id_appears_in_exactly_one_output_item() -> None:
    refs = _collection()
    result = dedupe(refs)
    assert [r.id for r in result.items] == ["a1", "x", "y"]
    seen: list[str] = []
    for item in result.items:
        merged_from = MergedFrom.of(item)
        seen.extend(merged_from.ids if merged_from else [item.id])
    assert sorted(seen) == sorted(r.id for r in refs)
    assert result.id_map == {"a1": "a1", "a2": "a1", "a3": "a1", "x": "x", "y": "y"}
    merged = result.items[0]
    assert MergedFrom.of(merged) == MergedFrom(("a1", "a2", "a3"))
    assert MergedFrom.of(result.items[1]) is None


def test_merge_keeps_best_fields_every_raw_string_and_explains() -> None:
    refs = [
        ref(
            "short",
            title="Instance-based learning algorithms",
            author=["Aha, D."],
            year=1991,
            custom={
                "refman": {
                    "raw": "Aha D. Instance-based learning algorithms. 1991.",
                    "article": "p1",
                    "cited": [{"text": "[3]", "line": 10}],
                }
            },
        ),
        ref(
            "full",
            DOI="10.1007/BF00153759",
            **PAPER,
            custom={
                "refman": {
                    "raw": "Aha, D. W., Kibler, D., Albert, M. K. (1991)...",
                    "article": "p2",
                    "cited": [{"text": "(Aha, 1991)", "line": 4}],
                }
            },
        ),
    ]
    result = dedupe(refs)
    assert len(result.items) == 1
    item = result.items[0]
    assert item.id == "full" and item.DOI == "10.1007/BF00153759"  # the most complete is the base
    assert item.refman.raw == "Aha, D. W., Kibler, D., Albert, M. K. (1991)..."
    merge = MergeRecord.of(item)
    assert merge is not None and merge.primary == "full"
    assert [s.provenance.raw for s in merge.sources] == ["Aha D. Instance-based learning algorithms. 1991."]
    assert merge.sources[0].provenance.article == "p1"
    assert merge.pairs[0].rule == "doi" or merge.pairs[0].verdict == "same"
    assert {c["text"] for c in item.refman.cited} == {"[3]", "(Aha, 1991)"}
    assert result.merges[0].merged_from == ["short", "full"]
    csl = item.to_csl()
    assert csl["custom"]["refman"]["merged_from"] == ["short", "full"]


def test_merge_fills_empty_fields_from_other_sources() -> None:
    a = ref(
        "a",
        title="Instance-based learning algorithms",
        author=["Aha, D. W."],
        year=1991,
        DOI="10.1007/bf00153759",
    )
    b = ref("b", **PAPER)
    item = dedupe([a, b]).items[0]
    assert item.id == "a"
    assert (item.container_title, item.volume, item.page) == ("Machine Learning", "6", "37-66")
    merge = MergeRecord.of(item)
    assert merge is not None and merge.fields["container-title"] == "b"


def test_review_pairs_are_not_merged() -> None:
    a = ref("a", **PAPER)
    b = ref("b", **{**PAPER, "page": "40-70"})
    result = dedupe([a, b])
    assert len(result.items) == 2
    assert [(p.a, p.b, p.verdict) for p in result.review] == [("a", "b", "maybe")]


def test_transitive_chains_cannot_join_conflicting_records() -> None:
    # b is close to both a and c, but a and c have different DOIs: never one cluster.
    a = ref("a", DOI="10.1000/one", **PAPER)
    b = ref("b", **PAPER)
    c = ref("c", DOI="10.1000/two", **PAPER)
    result = dedupe([a, b, c])
    assert result.id_map["a"] != result.id_map["c"]
    assert len(result.items) == 2


def test_a_bare_citation_cannot_chain_a_conference_paper_to_its_journal_version() -> None:
    # c (no venue, no year) matches both, but the conference paper and the journal article
    # are two publications: one cluster would lose one of them.
    base = {"title": PAPER["title"], "author": PAPER["author"]}
    a = ref("a", type="paper-conference", container_title="Proceedings of COLT-88", year=1988, **base)
    b = ref("b", type="article-journal", container_title="Information and Computation", year=1989, **base)
    c = ref("c", type="document", **base)
    assert judge(a, b).verdict != "same"
    result = dedupe([a, b, c])
    assert result.id_map["a"] != result.id_map["b"]
    assert len(result.items) == 2


@pytest.mark.parametrize(
    ("given_a", "given_b", "same"),
    [
        ("Y.", "Yoav", True),  # "Yoav" folds to "eav": the initial Y. may stand for Yo/Ya/Yu/Ye
        ("Ju.", "Yu.", True),  # Ю in GOST 7.79 B and in BGN/PCGN
        ("Iu.", "Yurii", True),  # Ю in the LC romanisation
        ("Ya.", "Yakov", True),
        ("P.", "Yakov", False),
        ("A.", "B.", False),
    ],
)
def test_initials_across_romanisations(given_a: str, given_b: str, same: bool) -> None:
    a = ref("a", **{**PAPER, "author": [f"Ivanov, {given_a}"]})
    b = ref("b", **{**PAPER, "author": [f"Ivanov, {given_b}"]})
    assert (judge(a, b).verdict == "same") is same


def test_dedupe_is_idempotent_on_its_own_output() -> None:
    first = dedupe(_collection())
    second = dedupe(first.items)
    assert [r.to_csl() for r in second.items] == [r.to_csl() for r in first.items]
    assert second.merges == []


def test_rerun_with_new_duplicates_keeps_earlier_merge_history() -> None:
    first = dedupe(_collection())
    extra = ref(
        "a4",
        title="Instance-based learning algorithms",
        author=["Aha, D. W."],
        year=1991,
        DOI="10.1007/BF00153759",
    )
    second = dedupe([*first.items, extra])
    item = second.items[0]
    assert MergedFrom.of(item) == MergedFrom(("a1", "a2", "a3", "a4"))
    assert second.id_map["a2"] == item.id


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate reference id 'a'"):
        dedupe([ref("a", **PAPER), ref("a", title="Other")])


def test_empty_and_single_inputs() -> None:
    assert dedupe([]).items == []
    one = dedupe([ref("only", **PAPER)])
    assert [r.id for r in one.items] == ["only"] and one.merges == [] and one.review == []


def test_input_references_are_not_modified() -> None:
    refs = _collection()
    before = [r.to_csl() for r in refs]
    dedupe(refs)
    assert [r.to_csl() for r in refs] == before


def test_large_blocks_are_windowed_and_stay_correct() -> None:
    # 300 references of one author and year: the author-year block is windowed, not all-pairs.
    refs = [
        ref(f"r{i}", title=f"Study number {i} of lake {i * 7} sediments", author=["Smith, J."], year=2000)
        for i in range(300)
    ]
    refs.append(ref("dup", title="Study number 5 of lake 35 sediments", author=["Smith, J."], year=2000))
    result = dedupe(refs, DedupeOptions(max_block=50, window=10))
    assert result.stats["windowed_blocks"] >= 1
    assert result.stats["candidate_pairs"] < 300 * 299 // 2 // 10
    assert result.id_map["dup"] == "r5"
    assert len(result.items) == 300


# --- rulings ------------------------------------------------------------------------------------


def test_a_user_same_ruling_merges_what_the_rules_only_send_to_review() -> None:
    a = ref("a", **PAPER)
    b = ref("b", **{**PAPER, "year": 1992, "container_title": None, "volume": None, "page": None})
    assert judge(a, b).verdict == "maybe"
    assert len(dedupe([a, b]).items) == 2
    result = dedupe([a, b], rulings=[Ruling("a", "b", True, "same paper, year misprinted")])
    assert len(result.items) == 1 and not result.review
    assert MergedFrom.of(result.items[0]) == MergedFrom(("a", "b"))
    (pair,) = result.merges[0].pairs
    assert pair.rule == "user" and "a person said they are the same" in pair.explain()
    assert pair.evidence["note"] == "same paper, year misprinted"
    assert result.stats["rulings_applied"] == 1


def test_a_user_same_ruling_overrides_a_hard_conflict() -> None:
    a = ref("a", DOI="10.1000/one", **PAPER)
    b = ref("b", DOI="10.1000/two", **PAPER)
    assert len(dedupe([a, b]).items) == 2
    assert len(dedupe([a, b], rulings=[Ruling("b", "a", True)]).items) == 1


def test_a_user_different_ruling_keeps_apart_and_stops_chains() -> None:
    a, b, c = ref("a", **PAPER), ref("b", **PAPER), ref("c", **PAPER)
    assert len(dedupe([a, b, c]).items) == 1
    result = dedupe([a, b, c], rulings=[Ruling("a", "c", False)])
    assert result.id_map["a"] != result.id_map["c"]
    assert len(result.items) == 2
    assert all({p.a, p.b} != {"a", "c"} for p in result.review)


def test_rulings_that_cannot_be_applied_are_reported() -> None:
    a, b, c = ref("a", **PAPER), ref("b", **PAPER), ref("c", **{**PAPER, "title": "Another work entirely"})
    rulings = [
        Ruling("a", "zz", True),
        Ruling("a", "b", False),
        Ruling("c", "a", True),
        Ruling("c", "b", True),  # contradicts a != b once c joined a
    ]
    result = dedupe([a, b, c], rulings=rulings)
    assert [(u.ruling.a, u.ruling.b, u.why) for u in result.unapplied] == [
        ("a", "zz", "no reference with id zz"),
        ("c", "b", "contradicts a 'different' ruling on their items"),
    ]
    assert result.id_map["c"] == result.id_map["a"] != result.id_map["b"]
    unapplied = result.to_json()["unapplied"]
    assert unapplied[0] == {"a": "a", "b": "zz", "decision": "same", "why": "no reference with id zz"}
    assert [Unapplied.from_json(u) for u in unapplied] == result.unapplied


def test_rulings_follow_ids_into_earlier_merges() -> None:
    first = dedupe([ref("a", **PAPER), ref("b", **PAPER)])
    again = dedupe([*first.items, ref("c", **PAPER)], rulings=[Ruling("b", "c", False)])
    assert again.id_map["a"] != again.id_map["c"]
    undo = dedupe(first.items, rulings=[Ruling("a", "b", False)])
    assert undo.unapplied[0].why == "both ids are already one input item"


# --- the rule table and the records dedupe stores ---------------------------------------------


def test_every_rule_of_the_cascade_has_a_meaning_and_merging_rules_a_rank() -> None:
    rules = [r for step in CASCADE for r in step.rules] + [OTHERWISE]
    assert {r.name for r in rules} | {"user"} == set(MEANINGS)
    for rule in rules:
        assert (MEANINGS[rule.name].rank < 9) == (rule.verdict == "same"), rule.name
        assert not (MEANINGS[rule.name].hard and rule.verdict == "same"), rule.name


def test_what_dedupe_stores_reads_back_typed() -> None:
    result = dedupe(_collection())
    item = result.items[0]
    merge, merged_from = MergeRecord.of(item), MergedFrom.of(item)
    assert merge is not None and merged_from is not None
    assert MergeRecord.from_json(merge.to_json()) == merge
    assert item.refman.extra["merge"] == merge.to_json() and merge.source("a2") is not None
    assert merged_from.to_json() == item.refman.extra["merged_from"] == list(result.merges[0].merged_from)
    assert merge.pairs == tuple(result.merges[0].pairs)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object"),
        ({"a": "x", "b": "x", "verdict": "maybe", "rule": "uncertain", "score": 1}, "two reference ids"),
        ({"a": "x", "b": "y", "verdict": "perhaps", "rule": "uncertain", "score": 1}, '"verdict" must be'),
        ({"a": "x", "b": "y", "verdict": "maybe", "score": 1}, '"rule" must be a rule name'),
        ({"a": "x", "b": "y", "verdict": "maybe", "rule": "uncertain", "score": "high"}, '"score" must be'),
    ],
)
def test_a_pair_verdict_read_back_says_what_is_wrong(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PairVerdict.from_json(data)


def test_a_pair_verdict_survives_its_json() -> None:
    a = ref("a", **PAPER)
    verdict = judge(a, ref("b", **{**PAPER, "page": "40-70"}))
    back = PairVerdict.from_json(verdict.to_json())
    assert back == PairVerdict(
        verdict.a, verdict.b, verdict.verdict, verdict.rule, round(verdict.score, 4), verdict.evidence
    )
    assert back.explain() == verdict.explain()
