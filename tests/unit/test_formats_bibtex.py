"""BibTeX/biblatex export and import.

Oracles: bibtexparser 2 and pybtex parse the output; CSL -> BibTeX -> CSL keeps the core fields;
the mapping tables are pinned by golden tests. Samples: tests/data/csl/constructed_samples.json
(constructed by hand); the small .bib snippets below are constructed too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pybtex.database
import pytest
from bibtexparser.entrypoint import parse_string as parse_bibtex

from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_tables import (
    BIBTEX_TO_CSL_TYPE,
    CONTAINER_FIELD,
    CSL_TO_BIBTEX_FIELD,
    CSL_TO_BIBTEX_TYPE,
    LANGID,
    LANGID_TO_CODE,
    PUBLISHER_FIELD,
    RAW_FIELD,
    VERBATIM_FIELDS,
)
from refman.formats.bibtex_writer import set_aside_unwritable, to_bibtex, unwritable
from refman.formats.csljson import from_csl_json, to_csl_json
from refman.formats.latex import VERBATIM_FALLBACK
from refman.model import Date, Name, Provenance, Reference

DATA = Path(__file__).resolve().parents[1] / "data" / "csl"
SAMPLES: list[dict[str, Any]] = json.loads((DATA / "constructed_samples.json").read_text(encoding="utf-8"))
KEY_RE = re.compile(r"^[A-Za-z0-9_:-]+$")


def samples() -> list[Reference]:
    return from_csl_json(json.dumps(SAMPLES))[0]


# --- golden tables -----------------------------------------------------------------------------

GOLDEN_TYPES = {
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"),
    "book": ("book", "book"),
    "chapter": ("incollection", "incollection"),
    "entry-encyclopedia": ("incollection", "inreference"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "thesis": ("phdthesis", "phdthesis"),
    "report": ("techreport", "report"),
    "webpage": ("misc", "online"),
    "post-weblog": ("misc", "online"),
    "manuscript": ("unpublished", "unpublished"),
    "dataset": ("misc", "dataset"),
    "software": ("misc", "software"),
    "patent": ("misc", "patent"),
    "document": ("misc", "misc"),
}


def test_csl_to_bibtex_type_table_golden() -> None:
    for csl, pair in GOLDEN_TYPES.items():
        assert CSL_TO_BIBTEX_TYPE[csl] == pair, csl


def test_bibtex_to_csl_type_table_golden() -> None:
    assert BIBTEX_TO_CSL_TYPE["article"] == "article-journal"
    assert BIBTEX_TO_CSL_TYPE["incollection"] == "chapter"
    assert BIBTEX_TO_CSL_TYPE["inbook"] == "chapter"
    assert BIBTEX_TO_CSL_TYPE["inproceedings"] == "paper-conference"
    assert BIBTEX_TO_CSL_TYPE["conference"] == "paper-conference"
    assert BIBTEX_TO_CSL_TYPE["phdthesis"] == "thesis"
    assert BIBTEX_TO_CSL_TYPE["mastersthesis"] == "thesis"
    assert BIBTEX_TO_CSL_TYPE["techreport"] == "report"
    assert BIBTEX_TO_CSL_TYPE["online"] == "webpage"
    assert BIBTEX_TO_CSL_TYPE["misc"] == "document"


def test_type_tables_are_consistent() -> None:
    # Every written type reads back, and every CSL type a BibTeX type maps to is schema-valid.
    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    csl_types = set(schema["items"]["properties"]["type"]["enum"])
    assert set(CSL_TO_BIBTEX_TYPE) <= csl_types
    assert set(BIBTEX_TO_CSL_TYPE.values()) <= csl_types
    for bt, bl in CSL_TO_BIBTEX_TYPE.values():
        assert bt in BIBTEX_TO_CSL_TYPE and bl in BIBTEX_TO_CSL_TYPE
    # Types that survive a round trip exactly (the rest collapse to a near type).
    for csl in ("article-journal", "book", "chapter", "paper-conference", "thesis", "report", "manuscript"):
        for bt in CSL_TO_BIBTEX_TYPE[csl]:
            assert BIBTEX_TO_CSL_TYPE[bt] == csl


def test_field_tables_golden() -> None:
    assert CONTAINER_FIELD[("bibtex", "article")] == "journal"
    assert CONTAINER_FIELD[("biblatex", "article")] == "journaltitle"
    for dialect in ("bibtex", "biblatex"):
        assert CONTAINER_FIELD[(dialect, "incollection")] == "booktitle"
        assert CONTAINER_FIELD[(dialect, "inproceedings")] == "booktitle"
    assert CONTAINER_FIELD[("biblatex", "online")] == "organization"
    assert ("bibtex", "misc") not in CONTAINER_FIELD  # falls back to howpublished
    assert PUBLISHER_FIELD == {
        "phdthesis": "school",
        "mastersthesis": "school",
        "thesis": "institution",
        "techreport": "institution",
        "report": "institution",
        "manual": "organization",
    }
    assert CSL_TO_BIBTEX_FIELD["collection-title"] == ("series", "series")
    assert CSL_TO_BIBTEX_FIELD["genre"] == ("type", "type")
    assert CSL_TO_BIBTEX_FIELD["keyword"] == ("keywords", "keywords")
    assert CSL_TO_BIBTEX_FIELD["number-of-pages"] == ("pagetotal", "pagetotal")
    assert CSL_TO_BIBTEX_FIELD["container-title-short"] == ("shortjournal", "shortjournal")
    assert {"doi", "url", "eprint", "file"} <= VERBATIM_FIELDS


def test_langid_table_golden() -> None:
    assert (LANGID["kk"], LANGID["ru"], LANGID["en"]) == ("kazakh", "russian", "english")
    assert LANGID_TO_CODE["kazakh"] == "kk" and LANGID_TO_CODE["russian"] == "ru"
    assert LANGID_TO_CODE["american"] == "en" and LANGID_TO_CODE["british"] == "en"
    for code, name in LANGID.items():
        assert LANGID_TO_CODE[name] == code


# --- writing -----------------------------------------------------------------------------------


def entry_block(bib: str, key: str) -> str:
    match = re.search(r"^@\w+\{" + re.escape(key) + r",\n(.*?)^\}", bib, re.S | re.M)
    assert match, key
    return match.group(0)


def test_bibtex_golden_entry() -> None:
    bib = to_bibtex(samples())
    assert entry_block(bib, "kurmangalikazak2020") == (
        "@article{kurmangalikazak2020,\n"
        "  author = {Құрманғали, Қанат and Әлиев, Ғалым Өмірұлы},\n"
        "  title = {{Қазақ тіліндегі терминдердің қалыптасуы: 50\\% \\& \\_басты\\_ мәселелер \\#1}},\n"
        "  journal = {ҚазҰУ Хабаршысы. Филология сериясы},\n"
        "  volume = {178},\n"
        "  number = {2},\n"
        "  pages = {45--67},\n"
        "  year = {2020},\n"
        "  month = jun,\n"
        "  doi = {10.26577/ejph.2020.v178.i2.05},\n"
        "  url = {https://philart.kaznu.kz/index.php/1-FIL/article/view/2505},\n"
        "  language = {kazakh},\n"
        "  refman-raw = {Құрманғали Қ., Әлиев Ғ.Ө. Қазақ тіліндегі терминдердің қалыптасуы: 50\\% \\& "
        "\\_басты\\_ мәселелер \\#1 // ҚазҰУ Хабаршысы. – 2020. – Т. 178, № 2. – Б. 45–67.}\n"
        "}"
    )


def test_biblatex_golden_entry() -> None:
    bib = to_bibtex(samples(), dialect="biblatex")
    assert entry_block(bib, "worldreport2020") == (
        "@online{worldreport2020,\n"
        "  author = {{World Health Organization}},\n"
        "  title = {Report on 5\\% of cases\\_in\\_2020},\n"
        "  booktitle = {{WHO} website},\n"  # the site where Zotero reads a website title
        "  organization = {WHO website},\n"
        "  date = {2020-01-02},\n"
        "  urldate = {2024-05-06},\n"
        "  url = {https://www.who.int/some_page/report%202020?x=1#top},\n"
        "  langid = {english},\n"
        "  language = {english}\n"
        "}"
    )


def test_bibtex_field_mapping() -> None:
    bib = to_bibtex(samples())
    web = entry_block(bib, "worldreport2020")
    assert "@misc{" in web and "howpublished = {WHO website}" in web
    assert "note = {Accessed 2024-05-06}" in web
    assert "url = {https://www.who.int/some_page/report%202020?x=1#top}" in web  # verbatim
    thesis = entry_block(bib, "zhumabaevsintaksis2015")
    assert "@phdthesis{" in thesis and "school = {КазНУ им. аль-Фараби}" in thesis
    assert "address = {Алматы}" in thesis and "year = {2015, в печати}" in thesis
    report = entry_block(bib, "byuroannual2022")
    assert "@techreport{" in report and "institution = {" in report and "number = {7}" in report
    assert "author = {{Бюро национальной статистики}}" in report
    chapter = entry_block(bib, "petrovatransliteratsiya2018")
    assert "@incollection{" in chapter and "booktitle = {{Сборник трудов конференции}}" in chapter
    assert "editor = {Сидоров, С. С.}" in chapter
    en = entry_block(bib, "goghdna2021")
    assert "author = {van Gogh, Vincent and Smith, Jr., John and O'Brien, Mary-Ann}" in en
    title = r"title = {The {DNA} of {iPhone} users: {R\&D} costs, 100\% growth and the \$5 question\_mark}"
    assert title in en
    assert "doi = {10.1000/xyz_123}" in en  # never escaped
    assert r"journal = {Journal of Testing \& Examples}" in en


def test_biblatex_field_mapping() -> None:
    bib = to_bibtex(samples(), dialect="biblatex")
    art = entry_block(bib, "kurmangalikazak2020")
    assert "journaltitle = {ҚазҰУ Хабаршысы. Филология сериясы}" in art
    assert "date = {2020-06}" in art and "langid = {kazakh}" in art
    assert "title = {Қазақ" in art  # biblatex: no whole-title braces for non-English
    book = entry_block(bib, "ivanovmetody2019")
    assert "location = {Москва}" in book and "pagetotal = {256}" in book and "edition = {2}" in book
    thesis = entry_block(bib, "zhumabaevsintaksis2015")
    assert "@phdthesis{" in thesis and "school = {КазНУ им. аль-Фараби}" in thesis
    assert "type = {дис. … канд. филол. наук}" in thesis


def test_non_english_titles_protected_for_bibtex_only() -> None:
    ref = Reference(id="a", type="book", title="Казахстан и Россия", language="ru")
    assert "title = {{Казахстан и Россия}}" in to_bibtex([ref])
    assert "title = {Казахстан и Россия}" in to_bibtex([ref], "biblatex")
    # Language inferred from the script when the item does not say.
    guessed = Reference(id="b", type="book", title="Қазақ әдебиеті")
    assert "language = {kazakh}" in to_bibtex([guessed])


def test_names() -> None:
    refs = [
        Reference(
            id="n",
            author=[
                Name(family="Ibn Sina", given="Abu Ali"),
                Name(family="de Souza", given="Ana"),
                Name(literal="Министерство образования и науки РК"),
                Name(family="Әлиев", given="Қ. Ж."),
                Name(family="Beethoven", given="Ludwig", dropping_particle="van"),
            ],
        )
    ]
    bib = to_bibtex(refs)
    assert (
        "author = {{Ibn Sina}, Abu Ali and {de Souza}, Ana and {Министерство образования и науки РК} "
        "and Әлиев, Қ. Ж. and van Beethoven, Ludwig}"
    ) in bib
    back, problems = from_bibtex(bib)
    assert problems == []
    names = back[0].author
    assert names[0] == Name(family="Ibn Sina", given="Abu Ali")
    assert names[1] == Name(family="de Souza", given="Ana")
    assert names[2] == Name(literal="Министерство образования и науки РК")
    assert names[3] == Name(family="Әлиев", given="Қ. Ж.")
    assert names[4].family == "Beethoven" and names[4].non_dropping_particle == "van"


def test_keys_unique_ascii_and_existing_kept() -> None:
    refs = [*samples(), *samples()]  # every item twice: clashes
    refs[0] = refs[0].replace(citation_key="mykey")
    bib = to_bibtex(refs)
    keys = re.findall(r"^@(?!preamble)\w+\{([^,]+),", bib, re.M)
    assert len(keys) == len(refs) == len(set(keys))
    assert keys[0] == "mykey"
    assert all(KEY_RE.match(k) for k in keys)


def test_unknown_dialect() -> None:
    with pytest.raises(ValueError, match="unknown BibTeX dialect"):
        to_bibtex(samples(), dialect="ris")


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_output_parses_with_bibtexparser_and_pybtex(dialect: str) -> None:
    bib = to_bibtex(samples(), dialect=dialect)
    library = parse_bibtex(bib)
    assert library.failed_blocks == []
    assert len(library.entries) == len(SAMPLES)
    data = pybtex.database.parse_string(bib, "bibtex")
    assert len(data.entries) == len(SAMPLES)
    # pybtex sees the Kazakh surname and the braced organisation as one person.
    kk = data.entries["kurmangalikazak2020"]
    assert [str(p) for p in kk.persons["author"]] == ["Құрманғали, Қанат", "Әлиев, Ғалым Өмірұлы"]
    assert len(data.entries["worldreport2020"].persons["author"]) == 1


# --- reading and round trips -------------------------------------------------------------------


def _core(ref: Reference) -> dict[str, Any]:
    return {
        "title": ref.title,
        "author": [n.to_csl() for n in ref.author],
        "year": ref.year if ref.year is not None else (ref.issued.literal if ref.issued else None),
        "container": ref.container_title,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.page.replace("–", "-") if ref.page else None,
        "DOI": ref.DOI,
        "URL": ref.URL,
        "raw": ref.refman.raw,
        "publisher": ref.publisher,
        "place": ref.publisher_place,
    }


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_round_trip_keeps_core_fields(dialect: str) -> None:
    original = samples()
    back, problems = from_bibtex(to_bibtex(original, dialect=dialect))
    assert problems == []
    assert len(back) == len(original)
    for a, b in zip(original, back, strict=True):
        assert _core(b) == _core(a), a.id
        assert b.language == (a.language or b.language)
        assert b.editor == a.editor


def test_round_trip_details() -> None:
    original = {r.id: r for r in samples()}
    back = {r.title: r for r in from_bibtex(to_bibtex(list(original.values()), "biblatex"))[0]}
    web = back["Report on 5% of cases_in_2020"]
    assert web.type == "webpage"
    assert web.accessed == Date.ymd(2024, 5, 6) and web.issued == Date.ymd(2020, 1, 2)
    en = back[original["en-article"].title]
    assert en.extra["PMID"] == "12345678" and en.extra["container-title-short"] == "J. Test. Ex."
    book = back[original["ru-book"].title]
    assert book.edition == "2" and book.ISBN == "978-5-02-040000-9" and book.extra["number-of-pages"] == "256"
    # BibTeX keeps year+month and folds "accessed" into the note; both come back.
    bt = {r.title: r for r in from_bibtex(to_bibtex(list(original.values())))[0]}
    assert bt["Report on 5% of cases_in_2020"].accessed == Date.ymd(2024, 5, 6)
    assert bt["Report on 5% of cases_in_2020"].note is None
    assert bt[original["kk-article"].title].issued == Date.ymd(2020, 6)
    anon = bt["Абай жолы"]
    assert anon.note == "Reprint; see also the 1956 edition" and anon.language == "kk"


def test_from_bibtex_reports_problems_with_lines() -> None:
    # Constructed .bib with one broken block, one duplicate key, one duplicate field.
    text = (
        "@article{good,\n"
        "  author = {M{\\\"u}ller, J{\\'e}r{\\^o}me and {UN}},\n"
        "  title = {On {DNA} \\& {RNA}},\n"
        "  journal = {J},\n"
        "  year = 2001,\n"
        "  month = feb,\n"
        "  pages = {1--5},\n"
        "  doi = {https://doi.org/10.1000/ABC},\n"
        "  langid = {russian},\n"
        "  eprinttype = {arxiv}\n"
        "}\n"
        "\n"
        "@book{broken, title = {unbalanced\n"
        "\n"
        "@misc{good, title = {second with same key}}\n"
        "@misc{dupfield, title = {A}, title = {B}}\n"
        "@weird{odd, title = {Odd}}\n"
    )
    refs, problems = from_bibtex(text, "x.bib")
    assert [r.id for r in refs] == ["good", "good-2", "dupfield", "odd"]
    good = refs[0]
    assert good.author == [Name(family="Müller", given="Jérôme"), Name(literal="UN")]
    assert good.title == "On DNA & RNA"
    assert good.issued == Date.ymd(2001, 2)
    assert good.page == "1-5"
    assert good.DOI == "10.1000/abc"
    assert good.language == "ru"
    assert good.refman.extra["bibtex"] == {"eprinttype": "arxiv"}
    assert refs[1].title == "second with same key"
    assert refs[2].title == "A"
    assert refs[3].type == "document"
    assert [str(p) for p in problems] == [
        "x.bib:13: could not parse block (@book{broken, title = {unbalanced): Unexpected block start:"
        " `@misc`. Was still looking for field-value closing `}`",
        "x.bib:15: id 'good', field 'key': key 'good' is already used by the entry at line 1;"
        " renamed 'good-2'",
        "x.bib:16: id 'dupfield': fields given twice (title); the first value of each is used",
        "x.bib:17: id 'odd': unknown entry type @weird, read as document",
    ]


def test_raw_field_round_trip_with_specials() -> None:
    raw = r"Иванов И.И. {Книга} // 50% & _x_ $ # ~ ^ \ — М., 2019."
    ref = Reference(id="r", type="book", title="Книга", refman=Provenance(raw=raw), issued=Date.ymd(2019))
    for dialect in ("bibtex", "biblatex"):
        bib = to_bibtex([ref], dialect)
        assert RAW_FIELD in bib
        assert parse_bibtex(bib).failed_blocks == []
        back, problems = from_bibtex(bib)
        assert problems == [] and back[0].refman.raw == raw


def test_unsafe_or_repeated_given_keys_are_replaced() -> None:
    refs = [
        Reference(id="1", citation_key="smith 2020,a", title="One"),
        Reference(id="2", citation_key="kept", title="Two"),
        Reference(id="3", citation_key="kept", title="Three", author=[Name(given="Madonna")]),
    ]
    bib = to_bibtex(refs)
    assert re.findall(r"^@\w+\{([^,]+),", bib, re.M) == ["smith2020a", "kept", "madonnathree"]
    assert "author = {{Madonna}}" in bib  # a lone given name is kept whole
    assert parse_bibtex(bib).failed_blocks == []


def test_verbatim_fields_written_raw_with_what_a_url_may_not_hold_percent_encoded() -> None:
    ref = Reference(id="u", type="webpage", title="T", URL="https://x.org/a_b%20c/{id", DOI="10.1000/a_b%c")
    bib = to_bibtex([ref])
    assert "url = {https://x.org/a_b%20c/%7Bid}" in bib
    assert "doi = {10.1000/a_b%c}" in bib
    odd = Reference(id="v", type="webpage", title="T", URL='https://x.org/{id}\\x^^5c y|"<>`100%')
    assert "url = {https://x.org/%7Bid%7D%5Cx%5E%5E5c%20y%7C%22%3C%3E%60100%25}" in to_bibtex([odd])
    assert parse_bibtex(bib).failed_blocks == []


def test_a_bibtex_file_with_verbatim_fields_starts_with_the_verbatim_fallback() -> None:
    with_url = Reference(id="u", type="webpage", title="T", URL="https://x.org/a")
    assert to_bibtex([with_url]).startswith('@preamble{"' + VERBATIM_FALLBACK + '"}')
    assert "@preamble" not in to_bibtex([with_url], dialect="biblatex")  # biblatex loads url.sty
    assert "@preamble" not in to_bibtex([Reference(id="t", type="book", title="T")])
    (back,), problems = from_bibtex(to_bibtex([with_url]))  # the reader passes the preamble by
    assert problems == [] and back.URL == with_url.URL


@pytest.mark.parametrize(
    ("doi", "written"),
    [
        (
            "10.1002/(SICI)1097-4636(199905)45:2<115::AID-JBM6>3.0.CO;2-#",
            "10.1002/(SICI)1097-4636(199905)45:2<115::AID-JBM6>3.0.CO;2-#",
        ),
        ("10.1007/978-3-319-24574-4_28", "10.1007/978-3-319-24574-4_28"),
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("10.1234/x\\input{/etc/passwd}", None),
        ("10.1234/x}, title={pwned", None),
        ("10.1234/a^^5cinput", None),
        ("10.1234/a b", None),
        ("not a doi", None),
    ],
)
def test_a_doi_is_written_only_when_it_is_one_doi_that_latex_reads_as_it_is(
    doi: str, written: str | None
) -> None:
    ref = Reference(id="d", type="article-journal", title="T", DOI=doi)
    bib = to_bibtex([ref])
    assert (f"doi = {{{written}}}" in bib) if written else ("doi =" not in bib)
    assert ("DOI" in unwritable(ref)) is (written is None)


def test_unwritable_values_are_set_aside_with_a_problem() -> None:
    bad = Reference(
        id="b", type="webpage", title="T", DOI="10.1234/x\\input{/etc/passwd}", URL="javascript:alert(1)"
    )
    good = Reference(id="g", type="webpage", title="T", DOI="10.1000/abc", URL="https://x.org/a")
    (aside, kept), problems = set_aside_unwritable([bad, good])
    assert kept == good and aside.DOI is None and aside.URL is None
    assert aside.refman.set_aside == {"DOI": bad.DOI, "URL": bad.URL}
    assert len(aside.refman.problems) == 2 and len(problems) == 2
    assert problems[0].startswith("item 1 (id 'b'): DOI \"10.1234/x\\input{/etc/passwd}\" is not one DOI")
    csl = Reference.from_csl(json.loads(to_csl_json([aside]))[0])
    assert csl.refman.set_aside["DOI"] == bad.DOI  # nothing lost


@pytest.mark.parametrize("language", ["en", "ru"])
def test_csl_rich_text_in_titles(language: str) -> None:
    title = "Growth of <i>E. coli</i> in H<sub>2</sub>O and <b>R&D</b> 10<sup>6</sup> <sc>Ltd</sc>"
    ref = Reference(id="r", type="article-journal", title=title, language=language)
    bib = to_bibtex([ref])
    # English titles get their capitals braced ({R&D}, {E.}); non-English ones are braced whole.
    en = language == "en"
    assert (r"\textit{{E}. coli}" if en else r"\textit{E. coli}") in bib
    assert (r"{H}\textsubscript{2}{O}" if en else r"H\textsubscript{2}O") in bib
    assert (r"\textbf{{R\&D}}" if en else r"\textbf{R\&D}") in bib
    assert r"10\textsuperscript{6}" in bib and (r"\textsc{{Ltd}}" if en else r"\textsc{Ltd}") in bib
    back, problems = from_bibtex(bib)
    assert problems == [] and back[0].title == title
    # Unbalanced markup is left as text, escaped like any other.
    odd = to_bibtex([Reference(id="o", type="book", title="a <i>b", language="en")])
    assert "title = {a <i>b}" in odd


def crossref_sample() -> list[Reference]:
    """Real records (tests/data/csl/crossref_csl_sample.json, see the README there)."""
    rows = json.loads((DATA / "crossref_csl_sample.json").read_text(encoding="utf-8"))
    return [Reference.from_csl({**row["item"], "id": f"cr{i}"}) for i, row in enumerate(rows)]


def _words(text: object) -> list[str]:
    if isinstance(text, list):
        text = "; ".join(str(t) for t in text)
    if not isinstance(text, str):
        return []
    # The exporter drops control characters (line breaks and tabs become spaces).
    kept = (" " if c in "\t\n\r" else "" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)
    return "".join(kept).split()


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_real_crossref_records_export_and_read_back(dialect: str) -> None:
    refs = crossref_sample()
    bib = to_bibtex(refs, dialect=dialect)
    assert parse_bibtex(bib).failed_blocks == []
    assert len(pybtex.database.parse_string(bib, "bibtex").entries) == len(refs)
    back, problems = from_bibtex(bib)
    assert problems == [] and len(back) == len(refs)
    for a, b in zip(refs, back, strict=True):
        assert _words(b.title) == _words(a.title), a.DOI
        assert (a.DOI.lower() if isinstance(a.DOI, str) else None) == b.DOI
        assert b.URL == a.URL
        named = [n for n in a.author if n.family or n.given or n.literal]
        # initials are spaced for biber ("J.A." -> "J. A."): a deliberate change, see test_round_trips
        spaced = [(n.family, n.given and re.sub(r"(?<=\w\.)(?=\w)", " ", n.given)) for n in named]
        assert [(n.family, n.given) for n in b.author] == spaced, a.DOI
        assert b.year == a.year


def test_from_bibtex_keeps_a_second_container_field() -> None:
    text = "@article{a, author={Smith, John}, title={T}, journal={J. Stuff}, howpublished={Online first}}"
    refs, problems = from_bibtex(text)
    assert not problems
    assert refs[0].container_title == "J. Stuff"
    assert refs[0].refman.extra["bibtex"] == {"howpublished": "Online first"}


def test_ascii_export_writes_commands_and_reads_back_the_same() -> None:
    # Constructed: Kazakh, Russian, accented Latin, dashes, quotes, a DOI and URL left verbatim.
    ref = Reference(
        id="r",
        type="article-journal",
        title="Қазақ тілі — «Абай жолы» №5: Müller, Dvořák, naïve, Ørsted, straße",
        author=[Name(family="Әлиев", given="Ғ. Ө."), Name(family="Щербаков", given="Ю.")],
        container_title="Вестник ҚазҰУ",
        DOI="10.1000/ä",
        URL="https://example.org/ü?a=1",
    )
    text = to_bibtex([ref], ascii=True)
    assert text.isascii()
    assert r"{\CYRSCHWA}{\cyrl}{\cyri}{\cyre}{\cyrv}" in text and r"M{\"{u}}ller" in text
    # Verbatim fields are never LaTeX-escaped; beyond ASCII they are percent-encoded.
    assert "doi = {10.1000/%C3%A4}" in text and "url = {https://example.org/%C3%BC?a=1}" in text
    (back,), problems = from_bibtex(text)
    assert not problems
    assert back.title == ref.title and back.container_title == ref.container_title
    assert [(n.family, n.given) for n in back.author] == [("Әлиев", "Ғ. Ө."), ("Щербаков", "Ю.")]


def test_a_webpage_carries_its_site_where_zotero_and_biblatex_read_it() -> None:
    """biblatex prints an @online's organization; Zotero's BibTeX importer reads a webpage's
    website title from booktitle (BibTeX.js: booktitle -> publicationTitle); read back, the
    two make one container-title."""
    page = Reference(id="w", type="webpage", title="Troop and police contributors")
    page = page.replace(container_title="United Nations Peacekeeping", URL="https://peacekeeping.un.org/")
    block = entry_block(to_bibtex([page], "biblatex"), "trooppolice")
    assert block.startswith("@online{") and "organization = {United Nations Peacekeeping}" in block
    assert "booktitle = {United {Nations} {Peacekeeping}}" in block
    back = from_bibtex(to_bibtex([page], "biblatex"))[0][0]
    assert back.container_title == "United Nations Peacekeeping" and back.publisher is None


def test_a_periodicals_issue_is_its_number() -> None:
    issue = Reference(id="p", type="periodical", container_title="Ecology", volume="91", issue="12")
    bib = to_bibtex([issue], "biblatex")
    assert "number = {12}" in bib and "issue =" not in bib
    assert from_bibtex(bib)[0][0].issue == "12"
