"""Property tests for every reader (hypothesis, bounded): generated JSON, BibTeX and YAML text, and
mutations of real samples (tests/data and ../shared/data).

For any input a reader either refuses the whole file with an InputError naming it, or returns
what it read and its problems, where:

* no other exception escapes (no "internal error");
* every problem names the file and the item (its position or line), and the field when it is
  about one;
* every item of the input is in the output or named in a problem (kept, renamed or skipped);
* what refman writes of it reads back with no problem, and is written the same again (values
  set aside stay set aside).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refman.errors import InputError, Problem
from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_writer import to_bibtex
from refman.formats.csljson import from_csl_json, to_csl_json
from refman.formats.jsontext import load_json
from refman.model import Reference
from refman.resolve.mapping import crossref_relation, crossref_subtitle, crossref_to_csl, crossref_updates
from refman.resolve.web import page_of, parse_html_metadata
from refman.rulings import rulings_from_json
from tests.support.shared import shared_data

DATA = Path(__file__).parent.parent / "data"
BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- generated JSON ---------------------------------------------------------------------------

#: Stand-ins json.dumps cannot write, swapped into the text after it: a number of 5,000 digits,
#: nesting 5,000 deep, a value 70 deep.
MARKERS = {
    '"\\u00a7big"': "9" * 5000,
    '"\\u00a7deep"': "[" * 5000 + "]" * 5000,
    '"\\u00a7nested"': "[" * 70 + "]" * 70,
}
CSL_KEYS = ["id", "type", "title", "author", "issued", "custom", "volume", "page", "DOI", "URL", "note"]
CSL_KEYS += ["editor", "container-title", "event-date", "refman", "raw", "number", "date-parts", "family"]

texts = st.text(st.characters(codec=None), max_size=12)  # lone surrogates included
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    texts,
    st.sampled_from(["\u00a7big", "\u00a7deep", "\u00a7nested", "x" * 100_001]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(CSL_KEYS) | texts, inner, max_size=4)
    ),
    max_leaves=12,
)
csl_items = st.dictionaries(st.sampled_from(CSL_KEYS), json_values, max_size=6)


def json_text(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    for marker, written in MARKERS.items():
        text = text.replace(marker, written)
    return text


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, the value itself first."""
    found = [prefix]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found.extend(paths(child, (*prefix, key)))
    return found


@st.composite
def mutated(draw: st.DrawFn, samples: list[Any]) -> Any:
    """A real sample with a few of its values replaced by generated ones."""
    value = json.loads(json.dumps(draw(st.sampled_from(samples))))
    for _ in range(draw(st.integers(1, 3))):
        places = paths(value)[1:]
        if not places:
            break
        place = draw(st.sampled_from(places))
        node = value
        for key in place[:-1]:
            node = node[key]
        node[place[-1]] = draw(json_values)
    return value


@functools.cache
def csl_samples() -> list[Any]:
    items = json.loads((DATA / "csl" / "constructed_samples.json").read_text(encoding="utf-8"))
    for path in sorted((DATA / "csl_items").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items.extend(data if isinstance(data, list) else [data])
    return [i for i in items if isinstance(i, dict)]


@functools.cache
def crossref_records() -> list[Any]:
    with gzip.open(DATA / "crossref" / "works.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


# --- the properties -----------------------------------------------------------------------------


def check_problems(problems: list[Problem], file: str, items: int | None = None) -> None:
    """Every problem names the file and the item (by position or line), within the input."""
    for problem in problems:
        assert problem.file == file and problem.message, problem
        assert problem.item is not None or problem.line is not None, problem
        if items is not None and problem.item is not None:
            assert 1 <= problem.item <= items, problem


def skipped(problems: list[Problem]) -> list[Problem]:
    """The problems that say an item was not kept (one each)."""
    return [
        p
        for p in problems
        if p.message.endswith("skipped") or (p.message.endswith("left out") and p.field is None)
    ]


def check_written(refs: list[Reference]) -> None:
    """What refman writes of ``refs`` it reads back with no problem, and writes the same again."""
    written = to_csl_json(refs)
    back, again = from_csl_json(written, "out.json")
    assert again == [] and to_csl_json(back) == written


def check_csl_json(text: str) -> None:
    try:
        refs, problems = from_csl_json(text, "in.json")
    except InputError as exc:
        assert exc.path == "in.json"
        return
    data, _ = load_json(text)
    items = data if isinstance(data, list) else [data]
    check_problems(problems, "in.json", len(items))
    assert len(refs) + len(skipped(problems)) == len(items)
    check_written(refs)


@BOUNDED
@given(st.lists(csl_items | json_values, max_size=4) | csl_items | json_values)
def test_csl_json_reader_on_generated_json(value: Any) -> None:
    check_csl_json(json_text(value))


@BOUNDED
@given(st.lists(mutated(csl_samples()), min_size=1, max_size=3))
def test_csl_json_reader_on_mutated_real_items(items: list[Any]) -> None:
    check_csl_json(json_text(items))


@BOUNDED
@given(st.data())
def test_csl_json_reader_on_cut_and_spliced_text(data: st.DataObject) -> None:
    text = json.dumps(csl_samples()[:3], ensure_ascii=False)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    check_csl_json(
        text[:start] + data.draw(st.sampled_from(["", "{", "]", '"', ",", "5", "null"])) + text[end:]
    )


# --- BibTeX -----------------------------------------------------------------------------------

BIB_CHARS = st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]) | st.sampled_from(
    list('{}@=,"\\%#\n')
)
bib_text = st.text(BIB_CHARS, max_size=30)
bib_values = st.one_of(
    bib_text.map(lambda t: "{" + t + "}"),
    bib_text.map(lambda t: '"' + t + '"'),
    st.integers(0, 10**6).map(str),
    st.sampled_from(
        ["{" + "9" * 5000 + "}", "{" + "{" * 3000 + "x" + "}" * 3000 + "}", "{" + "x" * 100_001 + "}"]
    ),
)
bib_fields = st.lists(
    st.tuples(
        st.sampled_from(["title", "author", "year", "month", "pages", "doi", "url", "note", "x"]), bib_values
    ),
    max_size=5,
)
bib_entries = st.builds(
    lambda kind, key, fields, junk: (
        f"@{kind}{{{key},\n" + ",\n".join(f"  {name} = {value}" for name, value in fields) + "\n}\n" + junk
    ),
    st.sampled_from(["article", "book", "misc", "weird", "string", "comment", "preamble"]),
    st.sampled_from(["a", "a-2", "b", "", "x y"]),
    bib_fields,
    bib_text,
)


def check_bibtex(text: str) -> None:
    try:
        refs, problems = from_bibtex(text, "in.bib")
    except InputError as exc:
        assert exc.path == "in.bib" and not parse_string(text).entries
        return
    check_problems(problems, "in.bib")
    # every block bibtexparser finds is in the output, or named in a problem by its line
    library = parse_string(text)
    kept = [b for b in library.blocks if isinstance(b, Entry)] + [
        b.ignore_error_block
        for b in library.failed_blocks
        if isinstance(b, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock))
        and isinstance(b.ignore_error_block, Entry)
    ]
    assert len(refs) == len(kept) and len({r.id for r in refs}) == len(refs)
    lines = {p.line for p in problems}
    assert all((b.start_line or 0) + 1 in lines for b in library.failed_blocks)
    check_written(refs)
    if refs:  # and the .bib refman writes of them holds every one (keys the writer may clean)
        back, _ = from_bibtex(to_bibtex(refs), "out.bib")
        assert len(back) == len(refs)


@BOUNDED
@given(st.lists(bib_entries, min_size=1, max_size=4).map("".join))
def test_bibtex_reader_on_generated_entries(text: str) -> None:
    check_bibtex(text)


@functools.cache
def real_bib_entries() -> list[str]:
    text = shared_data("bib", "bibliotex_combined.bib").read_text(encoding="utf-8")
    return ["@" + e for e in re.split(r"\n(?=@)", text)[1:]]


@BOUNDED
@given(st.data())
def test_bibtex_reader_on_mutated_real_entries(data: st.DataObject) -> None:
    entries = real_bib_entries()
    start = data.draw(st.integers(0, len(entries) - 4))
    text = "\n".join(entries[start : start + data.draw(st.integers(1, 4))])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        text = (
            text[:at]
            + data.draw(st.sampled_from(["", "{", "}", "@", "=", ",", '"', "\\", "%", "#"]))
            + text[at + cut :]
        )
    check_bibtex(text)


# --- coBib YAML -------------------------------------------------------------------------------

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=12),
    st.dates(),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["first", "last", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)
yaml_entries = st.dictionaries(
    st.sampled_from(["ENTRYTYPE", "title", "author", "year", "tags", "file", "month", "doi", "ID"]),
    yaml_values,
    max_size=5,
)
yaml_documents = st.lists(
    st.dictionaries(
        st.sampled_from(["a", "b", "2020"]) | st.integers(0, 3), yaml_entries | yaml_values, max_size=2
    )
    | yaml_values,
    min_size=1,
    max_size=3,
)


def check_cobib_yaml(text: str, cobib: Any) -> None:
    try:
        refs, problems = cobib.from_cobib_yaml(text, "in.yaml")
    except InputError as exc:
        assert exc.path == "in.yaml"
        return
    check_problems(problems, "in.yaml")
    from ruamel.yaml import YAML

    documents = list(YAML(typ="safe", pure=True).load_all(text))
    pairs = [(n, label) for n, d in enumerate(documents, 1) if isinstance(d, dict) for label in d]
    entry_problems = [p for p in problems if not p.message.startswith("a YAML document of")]
    assert len(refs) + len(skipped(entry_problems)) == len(pairs)
    check_written(refs)


@BOUNDED
@given(yaml_documents)
def test_cobib_yaml_reader_on_generated_documents(documents: list[Any]) -> None:
    cobib = pytest.importorskip("refman.formats.cobib")
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.explicit_start = True
    yaml.dump_all(documents, out)
    check_cobib_yaml(out.getvalue(), cobib)


COBIB_SAMPLE = (
    "---\nivanov2019:\n  ENTRYTYPE: book\n  author:\n  - first: И. И.\n    last: Иванов\n"
    "  title: Региональная экономика\n  year: 2019\n  tags:\n  - ru\n  doi: 10.5555/ru.2019.1\n...\n"
    "---\nsmith2020:\n  ENTRYTYPE: article\n  author:\n  - first: John\n    last: Smith\n"
    "  journal: Nature\n  pages: 1--10\n  title: '{\\CYRK}{\\cyra}{\\cyrz}'\n  year: 2020\n...\n"
)


@BOUNDED
@given(st.data())
def test_cobib_yaml_reader_on_mutated_text(data: st.DataObject) -> None:
    cobib = pytest.importorskip("refman.formats.cobib")
    text = COBIB_SAMPLE
    tokens = [
        ":",
        "- ",
        "\n",
        "  ",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        '"\\ud800"',
        ".inf",
        "~",
        "true",
        "---\n",
        "&a [*a]",
    ]
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 10))
        text = text[:at] + data.draw(st.sampled_from(["", *tokens])) + text[at + cut :]
    check_cobib_yaml(text, cobib)


# --- the rulings file -------------------------------------------------------------------------

ruling_like = st.fixed_dictionaries(
    {},
    optional={
        "a": st.sampled_from(["x", "y", ""]) | json_values,
        "b": st.sampled_from(["x", "y"]) | json_values,
        "decision": st.sampled_from(["same", "different"]) | json_values,
        "note": texts | json_values,
    },
)


@BOUNDED
@given(st.lists(ruling_like | json_values, max_size=5))
def test_rulings_reader_keeps_or_names_every_entry(entries: list[Any]) -> None:
    text = json_text({"decisions": entries})
    try:
        rulings, problems = rulings_from_json(text, "decisions.json")
    except InputError as exc:
        assert exc.path == "decisions.json"
        return
    check_problems(problems, "decisions.json", len(entries))
    assert len(rulings) + len(skipped(problems)) == len(entries)
    for ruling in rulings:
        json.dumps(ruling.to_json(), ensure_ascii=False).encode("utf-8")


# --- Crossref records and web pages ---------------------------------------------------------------

CROSSREF_KEYS = ["title", "author", "editor", "issued", "published-print", "DOI", "type", "container-title"]
CROSSREF_KEYS += [
    "page",
    "volume",
    "ISSN",
    "language",
    "relation",
    "updated-by",
    "update-to",
    "subtitle",
    "event",
]


def check_crossref(record: Any) -> None:
    fields = crossref_to_csl(record)
    _, unfit = Reference.from_csl_checked({"id": "x", **fields})
    assert unfit == {}
    crossref_relation(record)
    crossref_subtitle(record)
    for update in crossref_updates(record):
        update.text()
    json.dumps(fields, ensure_ascii=False).encode("utf-8")


@BOUNDED
@given(st.dictionaries(st.sampled_from(CROSSREF_KEYS), json_values, max_size=6))
def test_crossref_mapping_on_generated_records_gives_values_that_fit(record: dict[str, Any]) -> None:
    check_crossref(record)


@BOUNDED
@given(mutated(crossref_records()))
def test_crossref_mapping_on_mutated_real_records_gives_values_that_fit(record: Any) -> None:
    check_crossref(record)


HTML_BITS = [
    '<meta name="citation_title" content="T">',
    '<meta name="citation_author" content="Doe, J">',
    '<meta property="og:site_name" content="S">',
    '<meta name="citation_publication_date" content="2020/01/02">',
    "<title>x</title>",
    '<html lang="kk-KZ">',
    '<link rel="canonical" href="https://example.org/c">',
    '<script type="application/ld+json">',
    "</script>",
    '{"@type": "Article", "headline": "H", "author": [{"name": "A"}], "datePublished": "2021"}',
    '{"@graph": [',
    "]}",
    "<!--",
    "&#xD800;",
]


@BOUNDED
@given(st.lists(st.sampled_from(HTML_BITS) | json_values.map(json_text) | st.text(max_size=20), max_size=8))
def test_web_page_metadata_on_generated_html_gives_values_that_fit(bits: list[str]) -> None:
    meta = parse_html_metadata("".join(bits), "https://example.org/10.1234/abc")
    page = page_of({"status": 200, "final_url": "https://example.org/x", **meta})
    _, unfit = Reference.from_csl_checked({"id": "x", **page.fields})
    assert unfit == {}
    json.dumps(page.web.to_json(), ensure_ascii=False).encode("utf-8")
