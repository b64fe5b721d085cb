"""refman <-> coBib: the ``cobib import --refman`` plugin and the coBib database reader.

Everything runs through coBib's real code: its entry-point discovery, ImportCommand, BibtexParser,
YAMLParser, Database and command line. Inputs are refman's generated collection
(bibliography/references.json), the constructed Russian test article (tests/data/articles) and
the real CSL items in tests/data/csl_items (sources in their README).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

cobib = pytest.importorskip("cobib")

from cobib.commands import ImportCommand  # noqa: E402
from cobib.config import config  # noqa: E402
from cobib.database import Author, Database, Entry  # noqa: E402
from cobib.parsers import YAMLParser  # noqa: E402
from cobib.parsers.bibtex import STANDARD_ENTRY_TYPES  # noqa: E402

from refman import assign_keys, extract_article  # noqa: E402
from refman.errors import InputError  # noqa: E402
from refman.formats.cobib import from_cobib_entries, from_cobib_yaml  # noqa: E402
from refman.formats.collection import read_collection  # noqa: E402
from refman.formats.csljson import from_csl_json  # noqa: E402
from refman.formats.latex import decode_latex  # noqa: E402
from refman.integrations.cobib import RefmanImporter, to_cobib_entries  # noqa: E402
from refman.model import Reference  # noqa: E402
from tests.conftest import DATA, ROOT  # noqa: E402

COLLECTION = ROOT / "bibliography" / "references.json"
RU_ARTICLE = DATA / "articles" / "ru_gost_constructed.md"
CSL_ITEMS = sorted((DATA / "csl_items").glob("*.json"))


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


@pytest.fixture(scope="module")
def collection() -> list[Reference]:
    refs = from_csl_json(COLLECTION.read_text(encoding="utf-8"))[0]
    assert refs, "bibliography/references.json is empty"
    return refs


@pytest.fixture
def cobib_db(tmp_path: Path) -> Iterator[Path]:
    """An empty coBib database in tmp_path (as ``cobib init`` makes it); no cache, no git."""
    db = tmp_path / "literature.yaml"
    db.write_text("", encoding="utf-8")
    config.defaults()
    config.database.file = str(db)
    config.database.cache = None
    config.database.git = False
    Database.reset()
    yield db
    Database.reset()
    config.defaults()


def _expected_authors(ref: Reference) -> list[object]:
    out: list[object] = []
    for n in ref.author:
        if not n.family:
            if n.literal or n.given:
                out.append(n.literal or n.given)
        elif not n.given:
            out.append(n.family)
        else:
            particle = " ".join(p for p in (n.dropping_particle, n.non_dropping_particle) if p) or None
            out.append((particle, n.family, n.given))
    return out


def _cobib_authors(entry: Entry) -> list[object]:
    """Author names as coBib holds them, BibTeX's protecting braces (``{Jimenez Gacha}``) read."""
    out: list[object] = []
    for a in entry.data.get("author", []):
        if isinstance(a, Author):
            particle = decode_latex(a.particle) if a.particle else None
            out.append((particle, decode_latex(a.last), decode_latex(a.first)))
        else:
            out.append(decode_latex(str(a)))
    return out


def _text(value: object) -> str:
    """A coBib field as refman reads it (coBib writes non-ASCII letters as LaTeX commands)."""
    return decode_latex(str(value))


def _check_entries(refs: list[Reference], entries: list[Entry]) -> None:
    """What coBib holds matches refman's references: nothing dropped, same keys, names, titles,
    years, DOIs and raw strings."""
    assert len(entries) == len(refs)
    by_label = {e.label: e for e in entries}
    assert set(by_label) == {r.citation_key for r in refs}
    for ref in refs:
        assert ref.citation_key is not None
        entry = by_label[ref.citation_key]
        assert _cobib_authors(entry) == _expected_authors(ref), ref.citation_key
        if ref.title:
            assert _text(entry.data["title"]) == " ".join(ref.title.split()), ref.citation_key
        if ref.issued is not None and ref.issued.year is not None:
            assert str(entry.data["year"]) == str(ref.issued.year)
        assert entry.data.get("doi") == ref.DOI
        if ref.refman.raw:
            assert _text(entry.data["refman-raw"]) == " ".join(ref.refman.raw.split())


# --- discovery --------------------------------------------------------------------------------


def test_cobib_discovers_the_refman_importer_through_its_entry_points() -> None:
    assert ImportCommand._avail_importers["refman"] is RefmanImporter
    parser = ImportCommand._get_argparser()
    largs = parser.parse_args(["--refman", "--", str(COLLECTION)])
    assert largs.refman is True
    assert largs.importer_arguments == [str(COLLECTION)]


# --- refman -> coBib --------------------------------------------------------------------------


def test_importer_fetch_keeps_every_reference(collection: list[Reference]) -> None:
    entries = asyncio.run(RefmanImporter(str(COLLECTION)).fetch())
    _check_entries(collection, entries)
    # the collection really holds Cyrillic names and titles, so the checks above mean something
    assert any(_has_cyrillic(str(a)) for e in entries for a in e.data.get("author", []))
    assert sum(_has_cyrillic(_text(e.data.get("title", ""))) for e in entries) >= len(entries) // 2
    # BibTeX types (coBib's own list of standard ones) and the raw strings are there
    assert {e.data["ENTRYTYPE"] for e in entries} <= STANDARD_ENTRY_TYPES
    assert all("refman-raw" in e.data for e, r in zip(entries, collection, strict=True) if r.refman.raw)


def test_import_command_writes_the_collection_into_the_database(
    collection: list[Reference], cobib_db: Path
) -> None:
    command = ImportCommand("--refman", "--", str(COLLECTION))
    asyncio.run(command.execute())
    assert len(command.new_entries) == len(collection)

    # What coBib reads back from its own YAML file (after its save, which LaTeX-encodes
    # non-ASCII text in every field but `file` and `url` by default).
    text = cobib_db.read_text(encoding="utf-8")
    assert "\\cyr" in text  # coBib's default encoding is really exercised
    Database.reset()
    Database.read(bypass_cache=True)
    reread = list(Database().values())
    _check_entries(collection, reread)
    # the importer hands coBib entries in their saved form: what it reads back is identical
    assert reread == asyncio.run(RefmanImporter(str(COLLECTION)).fetch())


def test_verbatim_fields_keep_cyrillic_literal_on_disk(collection: list[Reference], cobib_db: Path) -> None:
    # coBib's documented setting for fields that must not be LaTeX-encoded
    config.database.format.verbatim_fields = ["file", "url", "title", "abstract", "keywords", "refman-raw"]
    asyncio.run(ImportCommand("--refman", "--", str(COLLECTION)).execute())
    entries = list(YAMLParser().parse(str(cobib_db)).values())
    titles = [str(e.data["title"]) for e in entries if "title" in e.data]
    assert sum(_has_cyrillic(t) for t in titles) >= len(titles) // 2
    assert not any("\\cyr" in t for t in titles)
    _check_entries(collection, entries)  # read as they are, nothing to decode


def test_importing_again_adds_only_what_changed(
    collection: list[Reference], cobib_db: Path, tmp_path: Path
) -> None:
    asyncio.run(ImportCommand("--refman", "--", str(COLLECTION)).execute())
    Database.reset()  # the next command reads the saved file, as a new `cobib` process would
    again = ImportCommand("--refman", "--", str(COLLECTION))
    asyncio.run(again.execute())
    assert again.new_entries == {}
    assert len(YAMLParser().parse(str(cobib_db))) == len(collection)

    # A copy of the collection (written by this test) with one title changed: coBib keeps both
    # versions, the new one under a disambiguated label.
    changed = [
        ref.replace(title=f"{ref.title} (2nd ed.)") if i == 0 else ref for i, ref in enumerate(collection)
    ]
    copy = tmp_path / "changed_collection_constructed.json"
    copy.write_text(json.dumps([r.to_csl() for r in changed], ensure_ascii=False), encoding="utf-8")
    Database.reset()
    third = ImportCommand("--refman", "--", str(copy))
    asyncio.run(third.execute())
    key = collection[0].citation_key
    assert list(third.new_entries) == [f"{key}_a"]
    assert _text(third.new_entries[f"{key}_a"].data["title"]).endswith("(2nd ed.)")


def test_biblatex_option_gives_biblatex_types_and_dates(collection: list[Reference]) -> None:
    entries = asyncio.run(RefmanImporter(str(COLLECTION), "--biblatex").fetch())
    assert len(entries) == len(collection)
    by_label = {e.label: e for e in entries}
    for ref in collection:
        assert ref.citation_key is not None
        entry = by_label[ref.citation_key]
        if ref.type == "webpage":
            assert entry.data["ENTRYTYPE"] == "online"
        if ref.issued is not None and ref.issued.year is not None:
            assert str(entry.data["date"]).startswith(str(ref.issued.year))
            assert "year" not in entry.data
        if ref.container_title and ref.type == "article-journal":
            assert _text(entry.data["journaltitle"]) == ref.container_title


def test_russian_article_references_with_dois_reach_cobib() -> None:
    article = extract_article(RU_ARTICLE.read_text(encoding="utf-8"), source=RU_ARTICLE.name)
    refs = assign_keys([article.metadata, *article.references])
    entries = to_cobib_entries(refs)
    _check_entries(refs, entries)
    assert any(r.DOI for r in refs)
    assert sum(1 for e in entries if any(_has_cyrillic(str(a)) for a in e.data.get("author", []))) >= 5


def test_real_csl_items_keep_their_dois() -> None:
    refs: list[Reference] = []
    for path in CSL_ITEMS:
        data = json.loads(path.read_text(encoding="utf-8"))
        for n, item in enumerate(data if isinstance(data, list) else [data]):
            refs.append(Reference.from_csl(item if "id" in item else {"id": f"{path.stem}-{n}", **item}))
    refs = assign_keys(refs)
    entries = to_cobib_entries(refs)
    _check_entries(refs, entries)
    assert sum(1 for e in entries if e.data.get("doi")) >= 10
    # multi-word family names with lower-case words survive coBib ("Van den Akker" is not split)
    assert any(isinstance(a, Author) and " den " in a.last for e in entries for a in e.data.get("author", []))
    # and come back whole through coBib's BibTeX dump and refman's reader
    back, problems = from_cobib_entries(entries)
    assert problems == []
    assert [[n.family or n.literal for n in r.author] for r in back] == [
        [n.family or n.literal or n.given for n in r.author if n.family or n.given or n.literal] for r in refs
    ]
    assert [r.DOI for r in back] == [r.DOI.lower() if r.DOI else None for r in refs]


def test_unreadable_file_imports_nothing_and_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "nope.json"
    with caplog.at_level(logging.ERROR, logger="refman.integrations.cobib"):
        entries = asyncio.run(RefmanImporter(str(missing)).fetch())
    assert entries == []
    assert "nope.json" in caplog.text and "no such file" in caplog.text


def test_empty_collection_gives_no_entries() -> None:
    assert to_cobib_entries([]) == []
    with pytest.raises(ValueError, match="dialect"):
        to_cobib_entries([], dialect="ris")


# --- the command a user types ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.slow
def test_cobib_command_line_imports_the_collection(collection: list[Reference], tmp_path: Path) -> None:
    db = tmp_path / "literature.yaml"
    cfg = tmp_path / "config.py"
    cfg.write_text(
        "from cobib.config import config\n"
        f"config.database.file = {str(db)!r}\n"
        "config.database.cache = None\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(tmp_path)}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    cobib_cli = [sys.executable, "-m", "cobib", "-p", "-c", str(cfg)]
    subprocess.run([*cobib_cli, "init"], env=env, check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        [*cobib_cli, "import", "--refman", "--", str(COLLECTION)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    _check_entries(collection, list(YAMLParser().parse(str(db)).values()))
    listed = subprocess.run(
        [*cobib_cli, "list"], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert all(r.citation_key and r.citation_key in listed.stdout for r in collection)
    # and back: refman reads the coBib database as an input like any other
    back = subprocess.run(
        [sys.executable, "-m", "refman", "export", str(db), "--to", "csl-json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert back.returncode == 0, back.stderr
    items = json.loads(back.stdout)
    assert sorted(i["title"] for i in items) == sorted(r.title for r in collection if r.title)


# --- coBib -> refman --------------------------------------------------------------------------


def test_refmans_latex_decoder_reverses_cobibs_encoder() -> None:
    encoded = Entry("x", {"ENTRYTYPE": "misc", "title": "Қазақ тілі — Ölçü «№ 5» & {DNA}"}).formatted()
    title = str(encoded.data["title"])
    assert "\\cyr" in title
    assert decode_latex(title) == "Қазақ тілі — Ölçü «№ 5» & DNA"


def test_read_collection_gives_a_cobib_databases_references_back(
    collection: list[Reference], cobib_db: Path
) -> None:
    asyncio.run(ImportCommand("--refman", "--", str(COLLECTION)).execute())
    refs, problems = read_collection(cobib_db)
    assert problems == []
    assert len(refs) == len(collection)
    back = {r.citation_key: r for r in refs}
    for ref in collection:
        assert ref.citation_key is not None
        got = back[ref.citation_key]
        assert got.title == ref.title
        assert got.author == ref.author
        assert (got.issued and got.issued.year) == (ref.issued and ref.issued.year)
        assert got.DOI == ref.DOI
        assert got.URL == ref.URL
        assert got.language == ref.language
        assert got.container_title == ref.container_title
        assert got.refman.raw == ref.refman.raw


def test_from_cobib_entries_keeps_cobib_only_fields() -> None:
    entry = Entry(
        "ivanov2019",
        {
            "ENTRYTYPE": "book",
            "author": "Иванов, И. И.",
            "title": "Региональная экономика",
            "year": "2019",
            "tags": ["ru", "to-read"],
            "doi": "10.5555/ru.2019.1",
        },
    )
    (ref,), problems = from_cobib_entries([entry])
    assert problems == []
    assert ref.citation_key == "ivanov2019"
    assert ref.author[0].family == "Иванов" and ref.author[0].given == "И. И."
    assert ref.title == "Региональная экономика"
    assert ref.issued is not None and ref.issued.year == 2019
    assert ref.DOI == "10.5555/ru.2019.1"
    assert ref.refman.extra["bibtex"]["tags"] == "ru, to-read"


def test_read_collection_rejects_a_missing_cobib_database(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.yaml: no such file"):
        read_collection(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("---\n[1, 2\n", "not valid YAML"),
        ("---\n- a\n- b\n...\n", "no YAML document maps a label to an entry"),
    ],
)
def test_from_cobib_yaml_refuses_what_is_not_a_cobib_database(text: str, why: str) -> None:
    with pytest.raises(InputError, match=f"^db.yaml: .*{why}"):
        from_cobib_yaml(text, "db.yaml")
