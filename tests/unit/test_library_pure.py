"""The library's pure parts: reconciling by content, naming clusters, pinned keys, a person's
decisions folded and applied. References are constructed for these tests."""

from __future__ import annotations

from refman.dedupe import dedupe, input_ids
from refman.keys import assign_keys
from refman.library import Decision, Identity, apply_decisions, reconcile, stable_cluster_ids, state_of
from refman.library.decisions import SPLIT_NOTE, PersonRecord, edit_value, machine_doi, with_machine_doi
from refman.model import Date, Name, Reference
from refman.resolve.records import Resolution

RAWS = [
    "Иванов И. И. Экономика Казахстана. — Алматы, 2010. — 320 с.",
    "Петров П. П. Региональная политика : дис. … канд. экон. наук. — М., 2015.",
    "Smith J. Regional growth in Central Asia // J. Reg. Stud. 2019. Vol. 12. P. 45–60.",
]


def extracted(raws: list[str], article: str = "a") -> list[Reference]:
    refs = []
    for n, raw in enumerate(raws, 1):
        ref = Reference(id=f"{article}-{n}")
        ref.refman.raw, ref.refman.article, ref.refman.number = raw, article, n
        refs.append(ref)
    return refs


def test_new_references_get_ids_born_from_their_content() -> None:
    first = reconcile(extracted(RAWS), [])
    assert len(set(first.ids)) == 3 and all(i.startswith("a-") for i in first.ids)
    assert reconcile(extracted(RAWS), []).ids == first.ids  # the same content, the same ids
    assert [i.number for i in first.new] == [1, 2, 3]


def test_insertion_reordering_and_a_fixed_typo_keep_every_id() -> None:
    known = reconcile(extracted(RAWS), []).new
    ids = {i.raw: i.id for i in known}
    fixed = RAWS[2].replace("Regional growth", "Regional growht").replace("45–60", "45–61")
    again = reconcile(extracted(["Новая работа. 2024.", fixed, RAWS[1], RAWS[0]]), known)
    assert again.ids[1:] == [known[2].id, known[1].id, known[0].id]
    assert again.ids[0] not in ids.values()
    assert [i.id for i in again.new] == [again.ids[0]]
    assert {i.id: i.number for i in again.changed} == {known[2].id: 2, known[1].id: 3, known[0].id: 4}
    dropped = reconcile(extracted(RAWS[1:]), known)  # the first is gone: its label too
    assert {i.id: i.number for i in dropped.changed} == {known[1].id: 1, known[2].id: 2, known[0].id: None}
    assert again.renamed == {"a-1": again.ids[0], "a-2": known[2].id, "a-3": known[1].id, "a-4": known[0].id}


def test_matching_is_one_to_one_within_an_article() -> None:
    known = reconcile(extracted(RAWS[:1]), []).new
    twice = reconcile(extracted([RAWS[0], RAWS[0]]), known)
    assert twice.ids[0] == known[0].id and twice.ids[1] != known[0].id
    other = reconcile(extracted(RAWS[:1], article="b"), known)  # another article: another item
    assert other.ids[0] != known[0].id


def test_a_merged_cluster_is_named_by_its_oldest_member() -> None:
    a = Reference(
        id="young", title="Regional growth in Central Asia", author=[Name("Smith", "J.")], DOI="10.1/x"
    )
    b = Reference(
        id="old", title="Regional growth in Central Asia", author=[Name("Smith", "J.")], DOI="10.1/x"
    )
    result = dedupe([a, b])
    named = stable_cluster_ids(result, {"old": 0, "young": 1})
    assert [r.id for r in named.items] == ["old"]
    assert named.id_map == {"young": "old", "old": "old"} and named.merges[0].id == "old"


def test_pinned_keys_stay_and_a_new_clash_takes_the_suffix() -> None:
    old = Reference(id="b-1", title="Основы региональной экономики", author=[Name("Гранберг", "А. Г.")])
    new = Reference(id="a-1", title="Основы регионального развития", author=[Name("Гранберг", "А. Г.")])
    keyed = assign_keys([new, old], pinned={"b-1": "granbergosnovy"})
    assert [r.citation_key for r in keyed] == ["granbergosnovya", "granbergosnovy"]
    gone = assign_keys([new], pinned={"b-1": "granbergosnovy"})  # reserved even when absent
    assert gone[0].citation_key == "granbergosnovya"


def decision(seq: int, kind: str, target: str, **value: object) -> Decision:
    return Decision(kind, target, dict(value), "tester", "2026-01-01T00:00:00+00:00", seq)


def test_the_latest_decision_wins_and_undone_ones_do_not_count() -> None:
    history = [
        decision(1, "edit", "x", field="title", value="First"),
        decision(2, "edit", "x", field="title", value="Second"),
        decision(3, "reject", "x", DOI="10.1000/bad"),
        decision(4, "accept", "x", DOI="10.1000/good"),
        Decision("edit", "x", {"field": "page", "value": "1-2"}, "t", "w", 5, undone=True),
        decision(6, "rule", "x", b="y", decision="same", note=""),
        decision(7, "rule", "y", b="x", decision="forget", note=""),
    ]
    state = state_of(history)
    assert state.edits["x"]["title"].value["value"] == "Second" and "page" not in state.edits["x"]
    assert set(state.rejected["x"]) == {"10.1000/bad"} and state.accepted["x"].value["DOI"] == "10.1000/good"
    assert state.rulings == []


def test_a_split_rules_its_reference_apart_from_every_other_member_and_dedupe_keeps_it_apart() -> None:
    same = decision(1, "rule", "a", b="b", decision="same", note="one work")
    split = decision(2, "split", "c", **{"from": ["a", "b"]})
    state = state_of([same, split])
    assert [(r.a, r.b, r.same, r.note) for r in state.rulings] == [
        ("a", "b", True, "one work"),
        ("c", "a", False, SPLIT_NOTE),
        ("c", "b", False, SPLIT_NOTE),
    ]
    assert split.describe() == "split c off a, b"
    undone = Decision(split.kind, split.target, split.value, split.who, split.when, 2, undone=True)
    assert [r.pair for r in state_of([same, undone]).rulings] == [frozenset("ab")]
    work = Reference(
        id="",
        type="article-journal",
        title="Steppe trade routes in the nineteenth century",
        author=[Name(family="Kim", given="L.")],
        issued=Date(parts=[[2019]]),
        container_title="Journal of Steppe Studies",
        volume="4",
        page="10-25",
    )
    refs = [work.replace(id=i) for i in "abc"]
    assert [input_ids(r) for r in dedupe(refs).items] == [["a", "b", "c"]]  # one work by the rules
    merged = dedupe(refs, rulings=state.rulings)
    assert sorted(len(input_ids(r)) for r in merged.items) == [1, 2]  # c alone, a and b one item


def test_edits_and_dois_apply_with_the_machines_value_kept_beside() -> None:
    ref = Reference(id="x", title="machine title", DOI="10.1000/bad")
    state = state_of(
        [
            decision(1, "edit", "x", field="title", value="person title"),
            decision(2, "edit", "x", field="author", value=edit_value("author", "Гранберг, А. Г.; ИЭОПП")),
            decision(3, "reject", "x", DOI="10.1000/bad"),
        ]
    )
    (out,) = apply_decisions([ref], state)
    assert out.title == "person title" and out.DOI is None
    assert [n.family or n.literal for n in out.author] == ["Гранберг", "ИЭОПП"]
    record = PersonRecord.of(out)
    assert record is not None and record.edited["title"]["machine"] == "machine title"
    assert record.rejected[0]["DOI"] == "10.1000/bad" and record.rejected[0]["who"] == "tester"
    assert edit_value("issued", "2004-05") == {"date-parts": [[2004, 5]]}
    assert edit_value("title", "  ") is None


def test_identity_is_a_plain_record() -> None:
    assert Identity("a-1", "a", "raw", 1) == Identity("a-1", "a", "raw", 1)


def test_an_accepted_or_rejected_doi_keeps_the_machines_beside_it_and_gives_it_back() -> None:
    machine = Resolution(status="matched", score=0.97, DOI="10.1234/machine.1").attach(
        Reference(id="x", title="Regional growth in Central Asia", DOI="10.1234/machine.1")
    )
    was = {"DOI": "10.1234/machine.1", "status": "matched"}
    assert machine_doi(machine) == was
    rejected = apply_decisions([machine], state_of([decision(1, "reject", "x", DOI="10.1234/machine.1")]))[0]
    found = Resolution.of(rejected)
    assert rejected.DOI is None and found is not None and found.status == "unmatched"
    record = PersonRecord.of(rejected)
    assert record is not None and record.rejected[0]["machine"] == was
    assert machine_doi(rejected) == was  # what the next decision records, the person's set aside
    back = with_machine_doi(rejected)
    found = Resolution.of(back)
    assert back.DOI == "10.1234/machine.1" and found is not None
    assert (found.status, found.DOI, found.reason) == ("matched", "10.1234/machine.1", None)

    accepted = apply_decisions([machine], state_of([decision(1, "accept", "x", DOI="10.1234/person.2")]))[0]
    assert accepted.DOI == "10.1234/person.2" and machine_doi(accepted) == was
    assert with_machine_doi(accepted).DOI == "10.1234/machine.1"
    assert with_machine_doi(machine) is machine  # no person's DOI decision: nothing to give back

    bare = Reference(id="y", title="Trade corridors of the steppe")
    assert machine_doi(bare) == {"DOI": None, "status": None}
    assert (
        with_machine_doi(apply_decisions([bare], state_of([decision(1, "accept", "y", DOI="10.1/z")]))[0]).DOI
        is None
    )
    said = decision(2, "accept", "x", DOI="10.1234/person.2", machine=was).describe()
    assert said == "accept x DOI 10.1234/person.2 (machine: 10.1234/machine.1, matched)"
    assert decision(3, "reject", "y", DOI="10.1/z", machine=None).describe() == "reject y DOI 10.1/z"
