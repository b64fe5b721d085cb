"""The review screen of ``refman browse`` (``r``): ruling on uncertain duplicate pairs.

The collection is built by refman's own pipeline (offline) from three small articles constructed
for these tests (made-up authors, titles and journals, not real data), written to ``tmp_path``:

- ``constructed_a-1`` / ``constructed_b-1``: same title, authors, year and journal, volumes 10
  and 12 -> a review pair (rule ``details-differ``);
- ``constructed_a-2`` / ``constructed_b-2``: the same book title and author, 2015 and 2016, one
  with no publisher -> a review pair (rule ``uncertain``);
- ``constructed_a-3`` / ``constructed_b-3``: the same paper written two ways -> merged;
  ``constructed_c-1`` is that paper with another volume -> a review pair with ``constructed_a-3``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from refman.dedupe import PairVerdict
from refman.errors import InputError
from refman.library import Library
from refman.library.decisions import SPLIT_NOTE
from refman.library.identity import new_id, normalise_raw
from refman.model import Reference
from refman.pipeline import build
from refman.rulings import Ruling
from refman.settings import Settings
from refman.store import BuildFolder
from refman.tui.app import BrowseApp
from refman.tui.collection import (
    Collection,
    Review,
    ReviewRow,
    compare_fields,
    load_collection,
    load_review,
    review_from_json,
    ruling_status,
    with_rulings,
)
from refman.tui.detail import render_pair
from refman.tui.review import ReviewScreen
from refman.tui.screens import HelpScreen
from refman.tui.widgets import RowTable
from tests.support.process import run_refman
from tests.tui.conftest import build_folder, fresh_copy
from tests.tui.test_collection import plain
from tests.tui.test_snapshots import check, screenshot

SIZE = (120, 40)

# Constructed articles (see the module docstring).
_PEACEKEEPING = "Ivanov A. B., Petrov C. D. Peacekeeping missions and regional security in Central Asia"
_ARTICLES = {
    "constructed_a.md": """# Peacekeeping in Central Asia

Ivanov A. B.

Peacekeeping has been studied widely [1]. Regional security matters too [2]. See also [3].

## References

1. {peacekeeping} // Journal of Eurasian Studies. 2019. Vol. 10, No. 2. P. 15-30.
2. Smith J. Regional cooperation after the Cold War. Almaty: Nauka, 2015. 250 p.
3. Brown K. The politics of neutrality in small states // Foreign Affairs Review. 2018. Vol. 4. P. 1-9.
""",
    "constructed_b.md": """# Security cooperation

Petrov C. D.

Earlier work [1] and [2] and [3].

## References

1. {peacekeeping} // Journal of Eurasian Studies. 2019. Vol. 12, No. 2. P. 15-30.
2. Smith J. Regional cooperation after the Cold War. 2016.
3. Brown K. The politics of neutrality in small states. Foreign Affairs Review, 2018, vol. 4, pp. 1-9.
""",
    "constructed_c.md": """# Neutral states

Brown K.

Neutrality [1].

## References

1. Brown K. The politics of neutrality in small states // Foreign Affairs Review. 2018. Vol. 5. P. 1-9.
""",
}
ARTICLES = {name: text.replace("{peacekeeping}", _PEACEKEEPING) for name, text in _ARTICLES.items()}


def _stable_ids() -> dict[str, str]:
    """Each reference's id as the library gives it at first sight (born from its raw string), by
    its label ``{article}-{number}``."""
    ids = {}
    for name, text in ARTICLES.items():
        article = Path(name).stem
        for line in text.splitlines():
            number, _, raw = line.partition(". ")
            if number.isdigit():
                ids[f"{article}-{number}"] = new_id(article, normalise_raw(raw), set())
    return ids


ID = _stable_ids()
PAIR_1 = (ID["constructed_a-1"], ID["constructed_b-1"])
PAIR_2 = (ID["constructed_a-2"], ID["constructed_b-2"])
PAIR_3 = (ID["constructed_a-3"], ID["constructed_c-1"])
MERGED = (ID["constructed_a-3"], ID["constructed_b-3"])


def run_build(directory: Path) -> None:
    build(directory, settings=Settings(offline=True, cache_dir=directory / "cache"))


def review_ids(directory: Path) -> list[tuple[str, str]]:
    report = json.loads((directory / "report.json").read_text(encoding="utf-8"))
    return [(p["a"], p["b"]) for p in report["duplicates"]["review"]]


def rulings(directory: Path) -> list[dict[str, str]]:
    """The rulings in the library, as ``refman decide --json`` prints them."""
    with Library.open(directory) as library:
        return [r.to_json() for r in library.rulings()]


def rule(directory: Path, ruling: dict[str, str]) -> None:
    """A ruling made elsewhere (``refman decide``)."""
    with Library.open(directory) as library:
        library.rule(ruling["a"], ruling["b"], ruling["decision"], ruling.get("note", ""))


def uncertain(a: str, b: str, score: float = 0.5) -> PairVerdict:
    """A review pair as dedupe reports it."""
    return PairVerdict(a, b, "maybe", "uncertain", score)


def label(row: ReviewRow) -> str | None:
    """The ruling on a row, as a word."""
    return row.ruling.label if row.ruling else None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_folder(tmp_path_factory.mktemp("review") / "folder", ARTICLES)


@pytest.fixture
def coll(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built collection directory (tests write rulings into its library)."""
    return fresh_copy(built, tmp_path / "coll")


def drive(app: BrowseApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await steps(pilot)

    asyncio.run(main())


def messages(app: BrowseApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def pane_text(screen: ReviewScreen) -> str:
    return plain(screen.query_one("#pair-body", Static).content, width=200)


# --- the data ------------------------------------------------------------------------------------


def test_the_constructed_build_has_real_review_pairs_and_a_merge(built: Path) -> None:
    assert review_ids(built) == [PAIR_1, PAIR_2, PAIR_3]
    items = json.loads((built / "references.json").read_text(encoding="utf-8"))
    merged = [i for i in items if i["custom"]["refman"].get("merged_from")]
    assert [(i["custom"]["refman"]["id"], i["custom"]["refman"]["merged_from"]) for i in merged] == [
        (ID["constructed_a-3"], [ID["constructed_a-3"], ID["constructed_b-3"]])
    ]


def test_review_from_json_reads_pairs_and_unapplied_rulings() -> None:
    first = PairVerdict("x-1", "y-1", "maybe", "uncertain", 0.8, {"year": "2015/2016"})
    second = PairVerdict("x-2", "y-2", "maybe", "details-differ", 0.7)
    unapplied = {"a": "x-9", "b": "y-9", "decision": "same", "why": "no id x-9"}
    review = [first.to_json(), second.to_json()]
    text = json.dumps({"duplicates": {"review": review, "unapplied": [unapplied]}})
    pairs, why = review_from_json(text, "report.json")
    assert pairs == [first, second]
    assert pairs[0].explain() == "x-1 ? y-1: similar, but not enough evidence to merge; year 2015/2016"
    assert why == {frozenset(("y-9", "x-9")): "no id x-9"}
    # no duplicates section, or no review list: nothing to review
    assert review_from_json('{"articles": []}', "r.json") == ([], {})
    assert review_from_json('{"duplicates": {"items": 3}}', "r.json") == ([], {})


_GOOD = {"a": "x", "b": "y", "verdict": "maybe", "rule": "uncertain", "score": 0.5}


def _report(key: str, *entries: object) -> str:
    return json.dumps({"duplicates": {key: list(entries)}})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"duplicates": ', r"r\.json:1: not JSON"),
        ("[1, 2]", r"r\.json: expected a JSON object"),
        ('{"duplicates": []}', r'"duplicates" must be an object'),
        ('{"duplicates": {"review": {}}}', r'"duplicates.review" must be a list'),
        (_report("review", _GOOD | {"b": "x"}), r"review item 1: \"a\" and \"b\" must be two"),
        (_report("review", _GOOD, 3), r"review item 2: expected an object"),
        (_report("review", _GOOD | {"score": "high"}), r'"score" must be a number'),
        (_report("unapplied", {"a": "x", "b": "y"}), r"unapplied item 1: \"decision\""),
    ],
)
def test_review_from_json_names_the_file_when_malformed(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        review_from_json(text, "r.json")


def test_load_review_reads_report_and_decisions(coll: Path, tmp_path: Path) -> None:
    review = load_review(coll)
    assert [(p.a, p.b) for p in review.verdicts] == [PAIR_1, PAIR_2, PAIR_3]
    assert review.rulings == ()
    # no report yet: nothing to review (not an error)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert load_review(empty) == Review(empty)
    rule(coll, {"a": PAIR_1[0], "b": PAIR_1[1], "decision": "same"})
    assert load_review(coll).rulings == (Ruling(*PAIR_1, True),)
    (coll / "report.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match=r"report\.json:1: not JSON"):
        load_review(coll)


def test_with_rulings_matches_pairs_in_either_order_and_keeps_other_rulings() -> None:
    pairs = [uncertain("a", "b", 0.8), uncertain("c", "d", 0.7)]
    given = [Ruling("b", "a", False, "different editions"), Ruling("e", "f", True)]
    rows = with_rulings(pairs, given)
    assert [(r.a, r.b, label(r), r.ruling and r.ruling.note, r.in_report) for r in rows] == [
        ("a", "b", "different", "different editions", True),
        ("c", "d", None, None, True),
        ("e", "f", "same", "", False),  # a ruling on a pair the report does not list
    ]
    assert (rows[0].score, rows[2].score, rows[2].rule) == (0.8, None, "user")
    assert "ruled same by a person" in rows[2].explain()


def test_review_rule_replaces_one_ruling_and_keeps_notes_and_the_others() -> None:
    earlier = (Ruling("a", "b", True, "checked"), Ruling("x", "y", False))
    review = Review(Path("d"), (uncertain("a", "b"),), earlier)
    changed = review.rule("b", "a", "different")
    assert changed.rulings == (Ruling("x", "y", False), Ruling("b", "a", False, "checked"))
    assert review.rulings[0].same  # the original is untouched (pure)
    forgotten = changed.rule("a", "b", None)
    assert forgotten.rulings == (Ruling("x", "y", False),)
    assert [label(r) for r in forgotten.rows()] == [None, "different"]


def test_the_item_holding_an_id_is_found_through_merged_from(coll: Path) -> None:
    collection = load_collection(coll)
    assert collection.directory == coll
    merged = collection.holder(ID["constructed_b-3"])
    assert merged is not None and merged.id == ID["constructed_a-3"]
    assert collection.holder(ID["constructed_a-3"]) is merged
    assert collection.holder("constructed_z-1") is None


def test_compare_fields_show_the_inputs_own_raw_string(coll: Path) -> None:
    collection = load_collection(coll)
    merged = collection.holder(ID["constructed_b-3"])
    own = compare_fields(merged, ID["constructed_b-3"])
    assert own["item"].startswith(f"{ID['constructed_b-3']}, merged into brownpolitics2018")
    assert f"{ID['constructed_a-3']}, {ID['constructed_b-3']}" in own["item"]
    assert own["raw"] == ARTICLES["constructed_b.md"].splitlines()[-1][3:]  # b's line, not a's
    primary = compare_fields(merged, ID["constructed_a-3"])
    assert primary["raw"].startswith("Brown K. The politics of neutrality in small states // Foreign")
    other = compare_fields(collection.holder(ID["constructed_c-1"]), ID["constructed_c-1"])
    assert (primary["volume/pages"], other["volume/pages"]) == ("vol. 4, pp. 1-9", "vol. 5, pp. 1-9")
    assert primary["authors"] == "K. Brown" and primary["year"] == "2018"
    missing = compare_fields(None, "constructed_z-1")
    assert "not in references.json" in missing["item"] and missing["raw"] == ""


def test_render_pair_puts_both_references_and_the_explanation_side_by_side(coll: Path) -> None:
    collection = load_collection(coll)
    pair = load_review(coll).rows()[0]
    a, b = collection.holder(pair.a), collection.holder(pair.b)
    fields_a, fields_b = compare_fields(a, pair.a), compare_fields(b, pair.b)
    text = plain(render_pair(pair, fields_a, fields_b, "not ruled yet"), width=240)
    row = next(line for line in text.splitlines() if line.strip().startswith("volume/pages"))
    assert row.index("vol. 10, no. 2") < row.index("vol. 12, no. 2")  # a on the left, b on the right
    assert "same title, but volume or pages differ" in text
    assert "Ruling: –  not ruled yet" in text


def test_ruling_status_follows_the_collection() -> None:
    one, other = Reference(id="m"), Reference(id="n")
    assert ruling_status(ReviewRow("a", "b", uncertain("a", "b")), one, other) == "not ruled yet"
    same = ReviewRow("a", "b", ruling=Ruling("a", "b", True))
    assert ruling_status(same, one, one).startswith("applied: the last build made them one item")
    assert ruling_status(same, one, other).startswith("saved; the next `refman build`")
    apart = ReviewRow("a", "b", ruling=Ruling("a", "b", False))
    assert ruling_status(apart, one, other) == "applied: the last build kept them apart"
    in_report = ReviewRow("a", "b", uncertain("a", "b"), Ruling("a", "b", False))
    assert ruling_status(in_report, one, other).startswith("saved")
    assert "could not apply it: contradicts" in ruling_status(same, one, other, "contradicts a ruling")


def test_load_collection_knows_the_build_directory_only_of_references_json(
    coll: Path, tmp_path: Path
) -> None:
    assert load_collection(coll / "references.json").directory == coll
    other = tmp_path / "export.json"
    shutil.copy(coll / "references.json", other)
    assert load_collection(other).directory is None
    assert load_collection(coll / "references.bib").directory is None


# --- the screen ----------------------------------------------------------------------------------


def test_rulings_are_written_at_once_and_keep_every_other_ruling(coll: Path) -> None:
    # a ruling made earlier on a pair the report does not list (by hand or `refman decide`)
    earlier = {
        "a": ID["constructed_b-3"],
        "b": ID["constructed_c-1"],
        "decision": "different",
        "note": "by hand",
    }
    rule(coll, earlier)
    app = BrowseApp(load_collection(coll))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one(RowTable)
        # three pairs, the merged pair, and the earlier ruling
        assert app.focused is table and table.row_count == 5
        assert [(p.a, p.b, label(p), p.merged) for p in screen.rows] == [
            (*PAIR_1, None, False),
            (*PAIR_2, None, False),
            (*PAIR_3, None, False),
            (*MERGED, None, True),
            (ID["constructed_b-3"], ID["constructed_c-1"], "different", False),
        ]
        text = pane_text(screen)
        assert "vol. 10, no. 2" in text and "vol. 12, no. 2" in text
        assert "Journal of Eurasian Studies. 2019. Vol. 10" in text  # the raw strings
        assert "same title, but volume or pages differ" in text

        await pilot.press("j")
        assert "Regional cooperation after the Cold War" in pane_text(screen)
        await pilot.press("s")
        assert rulings(coll) == [earlier, {"a": PAIR_2[0], "b": PAIR_2[1], "decision": "same"}]
        assert label(screen.rows[1]) == "same"
        assert table.cursor_row == 2  # on to the next pair
        assert f"saved; run `refman build {coll}` to apply" in messages(app)[-1]

        await pilot.press("k", "d")  # change the ruling: one entry per pair, the other kept
        assert rulings(coll) == [earlier, {"a": PAIR_2[0], "b": PAIR_2[1], "decision": "different"}]
        await pilot.press("k", "f")  # forget the different ruling
        assert rulings(coll) == [earlier]
        assert screen.rows[1].ruling is None and table.cursor_row == 1
        await pilot.press("f")  # nothing left to forget on this pair: nothing written
        assert messages(app)[-1] == "This pair has no ruling to forget."
        assert rulings(coll) == [earlier]

        # a ruling written elsewhere meanwhile (refman decide) survives the next one made here
        by_cli = {"a": PAIR_3[0], "b": PAIR_3[1], "decision": "same"}
        rule(coll, by_cli)
        await pilot.press("g", "s")
        assert rulings(coll) == [earlier, by_cli, {"a": PAIR_1[0], "b": PAIR_1[1], "decision": "same"}]
        assert [label(p) for p in screen.rows] == ["same", None, "same", None, "different"]

        # forgetting the earlier ruling on the last row (not in the report) removes the row
        await pilot.press("G", "f")
        assert table.row_count == 4
        assert rulings(coll) == [by_cli, {"a": PAIR_1[0], "b": PAIR_1[1], "decision": "same"}]

        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)

    drive(app, steps)


def test_rulings_apply_at_the_next_build(coll: Path) -> None:
    app = BrowseApp(load_collection(coll))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("r", "s", "d")  # pair 1 the same work, pair 2 different works
        assert [r["decision"] for r in rulings(coll)] == ["same", "different"]

    drive(app, steps)
    run_build(coll)
    assert review_ids(coll) == [PAIR_3]  # both ruled pairs left the review list
    items = json.loads((coll / "references.json").read_text(encoding="utf-8"))
    items = [{**i, "id": i["custom"]["refman"].get("id", i["id"])} for i in items]  # refman's ids
    merged = {i["id"]: i["custom"]["refman"].get("merged_from") for i in items}
    assert merged[ID["constructed_a-1"]] == list(PAIR_1) and ID["constructed_b-1"] not in merged
    assert merged[ID["constructed_a-2"]] is None and merged[ID["constructed_b-2"]] is None
    merge = next(i for i in items if i["id"] == ID["constructed_a-1"])["custom"]["refman"]["merge"]
    assert merge["pairs"][0]["rule"] == "user"

    # browsing the new build: the rulings are listed as applied, and can still be forgotten
    again = BrowseApp(load_collection(coll))

    async def check_applied(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        screen = again.screen
        assert isinstance(screen, ReviewScreen)
        assert [(p.a, p.b, label(p), p.in_report, p.merged) for p in screen.rows] == [
            (*PAIR_3, None, True, False),
            (*PAIR_1, "same", False, True),  # merged by the ruling
            (*MERGED, None, False, True),
            (*PAIR_2, "different", False, False),
        ]
        await pilot.press("j")
        text = pane_text(screen)
        assert "applied: the last build made them one item" in text
        assert f"{ID['constructed_b-1']}, merged into ivanovpeacekeeping2019" in text
        await pilot.press("j", "j")
        assert "applied: the last build kept them apart" in pane_text(screen)
        await pilot.press("f")
        assert rulings(coll) == [{"a": PAIR_1[0], "b": PAIR_1[1], "decision": "same"}]
        assert [p.pair for p in screen.rows] == [frozenset(PAIR_3), frozenset(PAIR_1), frozenset(MERGED)]

    drive(again, check_applied)


def test_review_key_only_for_a_build_directory(coll: Path, constructed: Collection) -> None:
    app = BrowseApp(constructed)  # a CSL-JSON file that is not a build's references.json

    async def steps(pilot: Pilot[None]) -> None:
        assert not app.screen.active_bindings["r"].binding.show  # not offered in the footer
        await pilot.press("r")
        assert not isinstance(app.screen, ReviewScreen)
        assert messages(app)[-1].startswith(f"Nothing to review: {constructed.source} is not the")

    drive(app, steps)

    bib = BrowseApp(load_collection(coll / "references.bib"))

    async def bib_steps(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        assert not isinstance(bib.screen, ReviewScreen) and "Nothing to review" in messages(bib)[-1]

    drive(bib, bib_steps)

    built = BrowseApp(load_collection(coll))

    async def built_steps(pilot: Pilot[None]) -> None:
        binding = built.screen.active_bindings["r"].binding
        assert binding.show and binding.action == "review"  # in the footer
        await pilot.press("question_mark")
        assert isinstance(built.screen, HelpScreen)
        help_text = plain(built.screen.query_one("#help-body", Static).content, width=120)
        assert "review uncertain duplicate pairs" in help_text and "forget the ruling" in help_text

    drive(built, built_steps)


def test_table_keys_do_nothing_on_the_review_screen(coll: Path) -> None:
    app = BrowseApp(load_collection(coll))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        # keys of the main table (search, link, copy, review again) are off here
        await pilot.press("slash", "o", "y", "r")
        assert isinstance(app.screen, ReviewScreen) and len(app.screen_stack) == 2
        assert app.clipboard == ""
        shown = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"s", "d", "f", "escape"} <= shown and not {"slash", "o", "r"} & shown
        await pilot.press("escape", "slash")  # back on the table, the search works again
        assert app.focused is not None and app.focused.id == "search"

    drive(app, steps)


def test_a_malformed_report_is_an_error_message_not_a_crash(coll: Path) -> None:
    (coll / "report.json").write_text('{"duplicates": {"review": 3}}', encoding="utf-8")
    app = BrowseApp(load_collection(coll))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        assert not isinstance(app.screen, ReviewScreen)
        report = coll / "report.json"
        assert messages(app)[-1] == f'cannot review: {report}: "duplicates.review" must be a list'

    drive(app, steps)


def test_nothing_to_review_and_a_write_failure(coll: Path) -> None:
    report: dict[str, Any] = json.loads((coll / "report.json").read_text(encoding="utf-8"))
    report["duplicates"]["review"] = []
    (coll / "report.json").write_text(json.dumps(report), encoding="utf-8")
    app = BrowseApp(load_collection(coll))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and [p.merged for p in screen.rows] == [True]
        await pilot.press("escape")
        empty = ReviewScreen(Review(coll), app.collection)  # no pairs, no merged items
        await app.push_screen(empty)
        assert "Nothing to review" in pane_text(empty)
        await pilot.press("s")
        assert messages(app)[-1] == "Nothing to rule on."
        await pilot.press("x")
        assert messages(app)[-1] == "Nothing to split." and rulings(coll) == []

    drive(app, steps)

    # a library that cannot be read is never overwritten
    BuildFolder(coll).library.write_bytes(b"not a database" * 100)
    report["duplicates"]["review"] = [uncertain(*PAIR_1).to_json()]
    (coll / "report.json").write_text(json.dumps(report), encoding="utf-8")
    broken = BrowseApp(load_collection(coll))
    screen = ReviewScreen(Review(coll, (uncertain(*PAIR_1),)), broken.collection)

    async def broken_steps(pilot: Pilot[None]) -> None:
        await broken.push_screen(screen)
        await pilot.press("s")
        last = messages(broken)[-1]
        assert last.startswith("not saved: ") and "library.sqlite: not a refman library" in last
        assert BuildFolder(coll).library.read_bytes() == b"not a database" * 100
        assert screen.rows[0].ruling is None

    drive(broken, broken_steps)


# --- snapshot ------------------------------------------------------------------------------------


@pytest.fixture
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("NO_COLOR", "TEXTUAL_THEME", "COLORTERM"):
        monkeypatch.delenv(variable, raising=False)


@pytest.mark.usefixtures("_plain_environment")
def test_snapshot_review_screen(coll: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # relative paths, so the screen (status line) does not depend on where tmp_path is
    monkeypatch.chdir(coll.parent)
    rule(coll, {"a": PAIR_1[0], "b": PAIR_1[1], "decision": "same", "note": "1 paper"})
    app = BrowseApp(load_collection("coll"))
    check("review_pairs", screenshot(app, ("r",)), tmp_path)


def test_render_pair_shows_hostile_ids_and_notes_as_text() -> None:
    esc = "\x1b"
    a, b = f"a{esc}[2J[/]", f"b{esc}]8;;file:///etc/passwd{esc}\\x{esc}]8;;{esc}\\"
    ruling = Ruling(a, b, False, note="[link=file:///etc/passwd]why[/link]")
    fields = compare_fields(Reference(id=a, title=f"T {esc}[2J"), a)
    text = plain(render_pair(ReviewRow(a, b, ruling=ruling), fields, {}, "saved"), width=240)
    assert esc not in text
    assert "a␛[2J[/]" in text and "b␛]8;;file:///etc/passwd␛\\x␛]8;;␛\\" in text
    assert "T ␛[2J" in text and "note: [link=file:///etc/passwd]why[/link]" in text


# --- splitting a merged item ---------------------------------------------------------------------


def merged_from(directory: Path) -> dict[str, list[str] | None]:
    """refman's id of each written item -> the ids it stands for (None: not merged)."""
    items = json.loads((directory / "references.json").read_text(encoding="utf-8"))
    return {i["custom"]["refman"]["id"]: i["custom"]["refman"].get("merged_from") for i in items}


def history(directory: Path) -> list[dict[str, Any]]:
    """The decisions as `refman history --json` prints them (a real process)."""
    done = run_refman("history", "--dir", str(directory), "--json")
    assert done.returncode == 0, done.stderr
    decisions: list[dict[str, Any]] = json.loads(done.stdout)
    return decisions


@pytest.mark.slow  # real `refman history` and `refman build` processes
def test_a_merged_item_is_split_undone_split_again_and_the_next_build_keeps_it_apart(coll: Path) -> None:
    a3, b3 = MERGED
    assert merged_from(coll)[a3] == [a3, b3]
    app = BrowseApp(load_collection(coll))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("j", "j", "j")  # past the three uncertain pairs: the merged pair
        assert screen.selected() == screen.rows[3] and screen.rows[3].merged
        text = pane_text(screen)
        assert "Why the last build merged them" in text
        assert "merged by the last build (x splits it off)" in text
        await pilot.press("x")
        assert rulings(coll) == [{"a": b3, "b": a3, "decision": "different", "note": SPLIT_NOTE}]
        assert label(screen.rows[3]) == "different"
        assert "saved; the next `refman build` applies it" in pane_text(screen)
        assert f"{b3} split off its merged item" in messages(app)[-1]
        await pilot.press("u")  # one undo takes the whole split back
        assert rulings(coll) == [] and screen.rows[3].ruling is None
        assert messages(app)[-1] == f"undid: split {b3} off {a3}"
        await pilot.press("x")

    drive(app, steps)
    kinds = [(d["kind"], d["target"], d["value"], d["undone"]) for d in history(coll)]
    assert kinds == [("split", b3, {"from": [a3]}, True), ("split", b3, {"from": [a3]}, False)]
    done = run_refman("build", str(coll), "--offline")
    assert done.returncode == 0, done.stderr
    merged = merged_from(coll)
    assert merged[a3] is None and merged[b3] is None  # two items now
    assert rulings(coll) == [{"a": b3, "b": a3, "decision": "different", "note": SPLIT_NOTE}]


def test_refman_decide_split_takes_a_reference_out_of_its_merged_item(coll: Path) -> None:
    a3, b3 = MERGED
    done = run_refman("decide", str(coll), "split", b3)
    assert done.returncode == 0, done.stderr
    assert "split in" in done.stderr
    assert rulings(coll) == [{"a": b3, "b": a3, "decision": "different", "note": SPLIT_NOTE}]
    alone = run_refman("decide", str(coll), "split", ID["constructed_a-2"])
    assert alone.returncode == 1
    assert alone.stderr.strip().endswith(f"{ID['constructed_a-2']} is merged with nothing in the last build")
