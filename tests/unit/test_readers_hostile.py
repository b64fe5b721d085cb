"""Hostile and careless input at every reader's edge, case by case (all constructed here).

Each case is a file someone could hand refman. What refman must make of it: the item kept with the
bad value set aside (``custom.refman.set_aside``), or skipped, each time a problem naming the
file, the item and the field; or, when nothing in it is usable, one InputError naming the file.
Never a crash, never silent loss.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from refman.dedupe.result import MergedFrom
from refman.errors import InputError, Problem
from refman.formats.bibtex_reader import from_bibtex
from refman.formats.collection import parse_collection
from refman.formats.csljson import from_csl_json, to_csl_json
from refman.formats.jsontext import MAX_DEPTH, load_json
from refman.linkcheck.links import LinkRecord
from refman.model import MAX_NAMES, MAX_TEXT, Reference
from refman.resolve.mapping import crossref_to_csl
from refman.resolve.records import Resolution, WebPage
from refman.resolve.web import page_of, parse_html_metadata
from refman.rulings import rulings_from_json

SET_ASIDE = "set aside in custom.refman.set_aside"
DEEP = "[" * 5000 + "]" * 5000


def csl(*items: str) -> str:
    return "[" + ", ".join(items) + "]"


def read_csl(text: str) -> tuple[list[Reference], list[str]]:
    refs, problems = from_csl_json(text, "refs.json")
    assert all(p.file == "refs.json" and p.item is not None for p in problems)
    # what refman writes it reads back whole and clean: the values set aside stay set aside
    written = to_csl_json(refs)
    back, again = from_csl_json(written, "out.json")
    assert again == [] and to_csl_json(back) == written
    return refs, [p.what() for p in problems]


# --- CSL-JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "field", "value", "problem"),
    [
        ('{"id": "a", "title": {"x": 1}}', "title", {"x": 1}, "expected text, got an object"),
        ('{"id": "a", "title": true}', "title", True, "expected text, got true/false"),
        ('{"id": "a", "author": "x"}', "author", "x", "expected a list of names, got text"),
        (
            '{"id": "a", "author": [{"family": "Doe"}, {"family": 5}]}',
            "author",
            [{"family": "Doe"}, {"family": 5}],
            "name 2: 'family': expected text, got a number",
        ),
        ('{"id": "a", "author": ["Doe"]}', "author", ["Doe"], "name 1: expected an object, got text"),
        ('{"id": "a", "issued": "2020"}', "issued", "2020", "expected an object, got text"),
        (
            '{"id": "a", "issued": {"date-parts": [[true]]}}',
            "issued",
            {"date-parts": [[True]]},
            "'date-parts' must be up to two [year, month, day] lists of numbers or text",
        ),
        ('{"id": "a", "volume": true}', "volume", True, "expected text or a number, got true/false"),
        ('{"id": "a", "custom": "x"}', "custom", "x", "expected an object, got text"),
        (
            '{"id": "a", "custom": {"refman": {"number": "x"}}}',
            "custom.refman.number",
            "x",
            "expected a whole number, got text",
        ),
        (
            '{"id": "a", "custom": {"refman": {"raw": [1]}}}',
            "custom.refman.raw",
            [1],
            "expected text, got a list",
        ),
    ],
)
def test_csl_value_of_the_wrong_type_is_set_aside_with_a_problem(
    item: str, field: str, value: Any, problem: str
) -> None:
    (ref,), problems = read_csl(csl(item))
    assert problems == [f"item 1 (id 'a'), field {field!r}: {problem}; {SET_ASIDE}"]
    assert ref.id == "a" and ref.refman.set_aside == {field: value}


@pytest.mark.parametrize(
    ("item", "attribute", "value"),
    [
        ('{"id": "a", "volume": 5}', "volume", "5"),  # CSL allows a number here
        ('{"id": 7}', "id", "7"),
        ('{"id": "a", "ISSN": ["1234-5678"]}', "ISSN", "1234-5678"),  # Crossref writes lists of one
        ('{"id": "a", "ISSN": ["1234-5678", "8765-4321"]}', "ISSN", "1234-5678, 8765-4321"),  # or two
        ('{"id": "a", "title": ["x", "y"]}', "title", "x; y"),  # the schema's kind: one text
        ('{"id": "a", "title": 5}', "title", "5"),
        ('{"id": "a", "container-title": []}', "container_title", None),
        ('{"id": "a", "title": null}', "title", None),
    ],
)
def test_csl_values_that_mean_the_same_are_read_without_a_problem(
    item: str, attribute: str, value: Any
) -> None:
    (ref,), problems = read_csl(csl(item))
    assert problems == [] and getattr(ref, attribute) == value


def test_csl_items_that_are_no_objects_are_skipped_and_items_without_an_id_named() -> None:
    refs, problems = read_csl(csl('{"id": "a"}', "5", '"x"', "null", '{"title": "T"}', '{"id": true}'))
    assert [r.id for r in refs] == ["a", "item-5", "item-6"]
    assert problems == [
        "item 2: expected an object, got a number; skipped",
        "item 3: expected an object, got text; skipped",
        "item 4: expected an object, got null; skipped",
        "item 5, field 'id': no id; called 'item-5'",
        f"item 6, field 'id': expected text or a number, got true/false; {SET_ASIDE}",
        "item 6, field 'id': no id; called 'item-6'",
    ]


def test_csl_deep_nesting_leaves_out_the_deep_value_or_the_item() -> None:
    nested = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    refs, problems = read_csl(csl('{"id": "a", "custom": {"x": ' + nested + "}}"))
    assert json.dumps(refs[0].custom).count("[") == MAX_DEPTH - 3  # the part too deep is left out
    assert problems == [f"item 1 (id 'a'), field 'custom': nested deeper than {MAX_DEPTH} levels; left out"]
    # too deep even for Python's parser: that item alone is skipped
    refs, problems = read_csl(csl('{"id": "a"}', '{"id": "b", "note": ' + DEEP + "}", '{"id": "c"}'))
    assert [r.id for r in refs] == ["a", "c"]
    assert problems == [f"item 2: nested deeper than {MAX_DEPTH} levels (line 1); left out"]


def test_csl_lone_surrogates_huge_numbers_and_huge_text() -> None:
    big = "9" * 5000
    items = [
        '{"id": "a", "title": "T\\ud800x"}',
        '{"id": "b", "volume": ' + big + "}",
        '{"id": "c", "title": "' + "x" * (MAX_TEXT + 1) + '"}',
        '{"id": "d", "page": NaN}',
        '{"id": "e", "author": [' + ", ".join(['{"family": "X"}'] * (MAX_NAMES + 1)) + "]}",
    ]
    refs, problems = read_csl(csl(*items))
    assert refs[0].title == "T\ufffdx"
    assert refs[1].volume is None and refs[1].refman.set_aside == {"volume": big}
    assert refs[2].title is None and len(refs[2].refman.set_aside["title"]) == MAX_TEXT + 1
    assert refs[3].page == "NaN"
    assert refs[4].author == [] and len(refs[4].refman.set_aside["author"]) == MAX_NAMES + 1
    assert problems == [
        "item 1 (id 'a'), field 'title': a lone surrogate (not a character), replaced by U+FFFD",
        "item 2 (id 'b'), field 'volume': the number 99999999...(5000 digits) is kept as text"
        " (too long, or no JSON number)",
        f"item 2 (id 'b'), field 'volume': 5,000 characters, over the limit of 1,000; {SET_ASIDE}",
        f"item 3 (id 'c'), field 'title': 100,001 characters, over the limit of 100,000; {SET_ASIDE}",
        "item 4 (id 'd'), field 'page': the number NaN is kept as text (too long, or no JSON number)",
        f"item 5 (id 'e'), field 'author': 10,001 names, over the limit of 10,000; {SET_ASIDE}",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not valid JSON"),
        ("x", "not valid JSON"),
        ("5", "CSL-JSON must be an array of items, got a number"),
        ('{"id": ' + DEEP + "}", f"nested deeper than {MAX_DEPTH} levels"),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_csl_text_with_nothing_usable_is_one_error_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(InputError, match=f"^refs.json(:1)?: {message}"):
        from_csl_json(text, "refs.json")


def test_records_of_the_wrong_shape_are_not_read_and_not_lost() -> None:
    link = [{"url": {"a": 1}, "status": "ok"}]
    match = {"status": "matched", "DOI": 5, "score": True}
    web = {"status": 200, "authors": "x"}
    records = {"link": link, "match": match, "web": web, "merged_from": 5}
    item = {"id": "a", "type": "book", "custom": {"refman": records}}
    (ref,), problems = read_csl(json.dumps([item]))
    assert problems == []
    for record in (LinkRecord, Resolution, WebPage, MergedFrom):
        assert record.of(ref) is None
    assert ref.to_csl() == item


# --- BibTeX -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", r"no BibTeX entry found \(expected @type\{key, field = \{value\}\}\)$"),
        ("% only a comment\n@string{j = {J}}\n@preamble{{x}}\n", "no BibTeX entry found"),
        (
            "@article{a, title = {T\n\n@book{b, title = {U",
            "no BibTeX entry found .*; blocks that failed to parse start at line 1, 3$",
        ),
    ],
)
def test_bib_with_no_entry_is_an_error_not_an_empty_success(text: str, message: str) -> None:
    with pytest.raises(InputError, match=f"^refs.bib: {message}"):
        from_bibtex(text, "refs.bib")


def test_bib_entries_sharing_a_key_are_all_kept_the_later_renamed() -> None:
    text = "@misc{a, title = {1}}\n@misc{a-2, title = {2}}\n@misc{a, title = {3}}\n@misc{a, title = {4}}\n"
    refs, problems = from_bibtex(text, "refs.bib")
    assert [(r.id, r.citation_key, r.title) for r in refs] == [
        ("a", "a", "1"),
        ("a-2", "a-2", "2"),
        ("a-3", "a-3", "3"),
        ("a-4", "a-4", "4"),
    ]
    assert [str(p) for p in problems] == [
        "refs.bib:3: id 'a', field 'key': key 'a' is already used by the entry at line 1; renamed 'a-3'",
        "refs.bib:4: id 'a', field 'key': key 'a' is already used by the entry at line 1; renamed 'a-4'",
    ]


def test_bib_a_brace_that_closes_an_entry_early_is_reported() -> None:
    text = "@article{a, doi = {10.1/x}}, title = {Lost}, year = 2020}\n@misc{b, title = {B}}\n"
    refs, problems = from_bibtex(text, "refs.bib")
    assert [r.id for r in refs] == ["a", "b"]
    assert [str(p) for p in problems] == [
        "refs.bib:1: id 'a': text after the entry's closing brace looks like its fields"
        " (an unbalanced '}'?); ignored"
    ]


def test_bib_failed_blocks_are_reported_with_their_line_and_the_rest_is_read() -> None:
    text = "@misc{a, title = {A}}\n\n@article{b, title = {unbalanced\n\n@misc{c, title = {C}}\n"
    refs, problems = from_bibtex(text, "refs.bib")
    assert [r.id for r in refs] == ["a", "c"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (3, "could not parse block (@article{b, title = {unbalanced)")
    ]


def test_bib_huge_fields_are_set_aside_and_deep_braces_read() -> None:
    deep = "{" * 10_000 + "Deep" + "}" * 10_000
    text = (
        "@article{a, title = {" + "x" * (MAX_TEXT + 1) + "}, pages = {" + "1" * 5000 + "},"
        " journal = {" + deep + "}, month = {" + "9" * 5000 + "}}"
    )
    (ref,), problems = from_bibtex(text, "refs.bib")
    assert ref.title is None and ref.page is None and ref.container_title == "Deep"
    assert set(ref.refman.set_aside) == {"title", "pages", "month"}
    assert [(p.line, p.id, p.field) for p in problems] == [
        (1, "a", "title"),
        (1, "a", "pages"),
        (1, "a", "month"),
    ]


def test_bib_lone_surrogates_from_a_program_are_replaced() -> None:
    (ref,), problems = from_bibtex("@misc{a, title = {T\ud800}}", "refs.bib")
    assert ref.title == "T\ufffd"
    assert [str(p) for p in problems] == [
        "refs.bib:1: a lone surrogate (not a character), replaced by U+FFFD"
    ]


# --- coBib YAML -------------------------------------------------------------------------------

cobib = pytest.importorskip("refman.formats.cobib", reason="coBib is an optional extra")


def read_yaml(text: str) -> tuple[list[Reference], list[str]]:
    refs, problems = cobib.from_cobib_yaml(text, "db.yaml")
    assert all(p.file == "db.yaml" and p.item is not None for p in problems)
    return refs, [p.what() for p in problems]


def test_yaml_entries_of_the_wrong_shape_are_skipped_or_their_fields_set_aside() -> None:
    text = (
        "---\na:\n  ENTRYTYPE: misc\n  title: T\n  note: {x: 1}\n  year: true\n...\n"
        "---\n- a list\n...\n"
        "---\nb: just text\n...\n"
        "---\na:\n  title: Again\n...\n"
        '---\n2020:\n  ENTRYTYPE: misc\n  title: "\\ud800"\n...\n'
        "---\n? [x, y]\n: {title: Odd}\n...\n"
    )
    refs, problems = read_yaml(text)
    assert [(r.id, r.title) for r in refs] == [("a", "T"), ("a-2", "Again"), ("2020", "\ufffd")]
    assert refs[0].refman.set_aside == {"year": True}
    assert problems == [
        "item 1 (id 'a'), field 'note': expected text, a number or a list of them, got an object; left out",
        f"item 1 (id 'a'), field 'year': expected text or a number, got true/false; {SET_ASIDE}",
        "item 2: a YAML document of a list, not labels mapped to entries; skipped",
        "item 3 (id 'b'): expected an entry (fields), got text; skipped",
        "item 4 (id 'a'), field 'label': label used before; renamed a-2",
        "item 4 (id 'a'), field 'ENTRYTYPE': no entry type; read as misc",
        "item 5 (id '2020'), field 'title': a lone surrogate (not a character), replaced by U+FFFD",
        "item 6, field 'label': a label must be text, got a list; entry skipped",
    ]


def test_a_yaml_entry_whose_label_breaks_the_bibtex_cobib_writes_is_named_not_split() -> None:
    # found by the fuzz campaign (fuzz/, cobib): one entry became two references, silently
    entry = "  ENTRYTYPE: misc\n  title: T\n...\n"
    text = f"---\na}}{{c}}{{b:\n{entry}---\nx}}@misc{{y:\n{entry}---\nok:\n{entry}"
    refs, problems = read_yaml(text)
    assert [r.id for r in refs] == ["a", "ok"]
    assert problems == [
        "item 1 (id 'a}{c}{b'), field 'label': the label is no BibTeX key; read as a",
        "item 2 (id 'x}@misc{y'): coBib wrote it out as 2 BibTeX entries (braces in its label?); skipped",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/etc/passwd\n", "not a coBib database: no YAML document maps a label to an entry"),
        ("---\n[1, 2\n", "not valid YAML"),
        ("---\na:\n  year: " + "9" * 5000 + "\n", "not a coBib database: Exceeds the limit"),
        ("---\n" + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML for refman: nested too deeply"),
        ("---\na:\n  b: 1\na:\n  b: 2\n", "not valid YAML: .*duplicate key"),
        ("---\n!!python/object:os.system {}\n", "not valid YAML: could not determine a constructor"),
    ],
)
def test_yaml_with_nothing_usable_is_one_error_and_never_opens_a_path(text: str, message: str) -> None:
    with pytest.raises(InputError, match=f"^db.yaml: {message}"):
        cobib.from_cobib_yaml(text, "db.yaml")


# --- the rulings file -------------------------------------------------------------------------


def test_rulings_file_hostile_entries_are_skipped_each_named() -> None:
    entries = [
        '{"a": "p", "b": "q", "decision": "same", "note": ' + "9" * 5000 + "}",
        '{"a": ' + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + ', "b": "q", "decision": "same"}',
        '{"a": "p", "b": "q", "decision": {"same": true}}',
    ]
    rulings, problems = rulings_from_json('{"decisions": [' + ", ".join(entries) + "]}", "d.json")
    assert [(r.a, r.b, r.note[:3]) for r in rulings] == [("p", "q", "999")]
    expected = [
        "item 1 (id 'p ~ q'), field 'note': the number 99999999...(5000 digits) is kept as text",
        "item 2 (id 'q'), field 'a': nested deeper than 64 levels; left out",
        'item 2 (id \'q\'), field \'a\': "a" and "b" must be reference ids, got a list for "a"; skipped',
        'item 3 (id \'p ~ q\'), field \'decision\': "decision" must be "same" or "different", not an object',
    ]
    assert [p.what()[: len(e)] for p, e in zip(problems, expected, strict=True)] == expected


# --- Crossref records and web pages -------------------------------------------------------------


@pytest.mark.parametrize(
    "record",
    [
        {"type": 5, "title": 5, "author": "x", "issued": {"date-parts": [[True, 10**40]]}},
        {"title": ["x" * (MAX_TEXT + 1)], "volume": "9" * 5000, "author": [{"family": "\ud800"}]},
        {"title": [{"x": 1}], "container-title": [None], "page": [], "DOI": 5, "issued": "2020"},
        {"author": [{"family": ["Doe"]}, {"name": 5}, None], "editor": {"family": "x"}},
        {"published-print": {"date-parts": [["2020", "x" * 200]]}, "language": "x" * (MAX_TEXT + 1)},
    ],
)
def test_crossref_values_that_do_not_fit_the_model_are_left_out(record: dict[str, Any]) -> None:
    fields = crossref_to_csl(record)
    _, problems = Reference.from_csl_checked({"id": "x", **fields})
    assert problems == {}
    json.dumps(fields, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "html",
    [
        '<script type="application/ld+json">' + DEEP + "</script><title>T</title>",
        '<script type="application/ld+json">{"@type": "Article", "headline": "H\\ud800"}</script>',
        '<script type="application/ld+json">{"headline": ' + "9" * 5000 + "}</script>",
        '<meta name="citation_title" content="' + "x" * (MAX_TEXT + 1) + '">',
        '<meta name="citation_author" content="' + "a, " * 20_000 + '">',
    ],
)
def test_web_page_metadata_that_does_not_fit_is_left_out(html: str) -> None:
    meta = parse_html_metadata(html, "https://example.org/page")
    page = page_of({"status": 200, "final_url": "https://example.org/page", **meta})
    _, problems = Reference.from_csl_checked({"id": "x", **page.fields})
    assert problems == {}
    json.dumps(page.web.to_json(), ensure_ascii=False).encode("utf-8")


# --- the one door: parse_collection -----------------------------------------------------------


def test_parse_collection_problems_name_the_file_given() -> None:
    refs, problems = parse_collection("dir/refs.json", '[{"id": "a", "title": {"x": 5}}]')
    assert problems == [
        Problem(
            "dir/refs.json",
            f"expected text, got an object; {SET_ASIDE}",
            item=1,
            id="a",
            field="title",
        )
    ]
    assert refs[0].refman.set_aside == {"title": {"x": 5}}


def test_load_json_keeps_what_python_cannot_carry_as_text() -> None:
    data, notes = load_json('[1e999, -Infinity, 12345678901234567890, "\\udc00"]')
    assert data == ["1e999", "-Infinity", 12345678901234567890, "\ufffd"]
    assert [path for path, _ in notes] == [(0,), (1,), (3,)]
