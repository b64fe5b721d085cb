"""Citation keys: ASCII, Kazakh-aware, deterministic, unique (test data written by hand)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refman.keys import DEFAULT_PATTERN, assign_keys, make_key
from refman.model import Date, Name, Reference

KEY_RE = re.compile(r"^[A-Za-z0-9_:-]+$")


def ref(id: str, family: str | None, title: str | None, year: int | None, **kw: object) -> Reference:
    author = [Name(family=family, given="А.")] if family else []
    issued = Date.ymd(year) if year else None
    return Reference(id=id, title=title, author=author, issued=issued, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("family", "title", "year", "key"),
    [
        ("Құрманғали", "Қазақ тілінің грамматикасы", 2019, "kurmangalikazak2019"),
        ("Иванов", "О методах оптимизации", 2020, "ivanovmetodakh2020"),
        ("Әлиев", "Әлем және адам", 2015, "alievalem2015"),
        ("Smith", "The Quick Brown Fox", 2001, "smithquick2001"),
        ("Müller-Lüdenscheidt", "Über Sprache", 1999, "mullerludenscheidtuber1999"),
        ("O'Brien", "An analysis", 2010, "obrienanalysis2010"),
        ("Жұмабаев", "Үш тілді білім беру", 2021, "zhumabaevush2021"),
        ("Щербаков", "Сборник", None, "shcherbakovsbornik"),
    ],
)
def test_default_pattern_golden(family: str, title: str, year: int | None, key: str) -> None:
    assert make_key(ref("x", family, title, year)) == key


def test_kazakh_letters_never_lost_or_mangled() -> None:
    key = make_key(ref("x", "Әлиев", "Ғылым", 2019))
    assert key.startswith("aliev")  # not "liev", not "@liev"
    assert "@" not in key


def test_organisation_literal_and_missing_author() -> None:
    org = Reference(id="o", title="World report", author=[Name(literal="World Health Organization")])
    org = org.replace(issued=Date.ymd(2020))
    assert make_key(org) == "worldworld2020"
    un = Reference(id="u", title="Report", author=[Name(literal="UN")], issued=Date.ymd(2019))
    assert make_key(un) == "unreport2019"
    # No names at all: the first significant title word stands in, shorttitle moves on.
    anon = Reference(id="n", title="The Anonymous pamphlet on things", issued=Date.ymd(1800))
    assert make_key(anon) == "anonymouspamphlet1800"
    # Editor used when there is no author.
    edited = Reference(id="e", title="Сборник трудов", editor=[Name(family="Петров")], issued=Date.ymd(2001))
    assert make_key(edited) == "petrovsbornik2001"
    # Nothing at all.
    assert make_key(Reference(id="z")) == "ref"


def test_year_from_literal_date() -> None:
    r = Reference(id="x", title="Алгебра", author=[Name(family="Ким")], issued=Date(literal="2015, в печати"))
    assert make_key(r) == "kimalgebra2015"


def test_other_patterns() -> None:
    r = Reference(
        id="x",
        title="О методах оптимизации сетей",
        author=[Name(family="Иванов"), Name(family="Петров"), Name(family="Сидоров")],
        issued=Date.ymd(2020),
    )
    assert make_key(r, 'authors(2)+"_"+year') == "IvanovPetrov_2020"
    assert make_key(r, "auth.upper+shorttitle(3).capitalize+shortyear") == "IVANOVMetodakhoptimizatsiisetey20"
    assert make_key(r, "auth+title") == "Ivanovmetodakhoptimizatsiisetey"
    assert DEFAULT_PATTERN == "auth.lower+shorttitle+year"


@pytest.mark.parametrize("pattern", ["auth.bogus", "nosuchfield", "shorttitle(x)", "auth+("])
def test_bad_patterns_raise(pattern: str) -> None:
    with pytest.raises(ValueError):
        assign_keys([ref("x", "Иванов", "Т", 2020)], pattern)


def _sample() -> list[Reference]:
    return [
        ref("b", "Иванов", "О методах оптимизации", 2020),
        ref("a", "Иванов", "Методах и средствах", 2020),
        ref("c", "Иванов", "Методах", 2020),
        ref("d", "Құрманғали", "Қазақ тілі", 2019),
        ref("e", None, None, None),
        ref("f", None, None, None),
        ref("g", "Smith", "Kept", 2000, citation_key="ivanovmetodakh2020"),
    ]


def test_clashes_get_stable_suffixes_and_existing_keys_are_kept() -> None:
    out = assign_keys(_sample())
    keys = {r.id: r.citation_key for r in out}
    # "g" keeps its key, so every generated clash gets a suffix; ordered by id: a, b, c.
    assert keys == {
        "a": "ivanovmetodakh2020a",
        "b": "ivanovmetodakh2020b",
        "c": "ivanovmetodakh2020c",
        "d": "kurmangalikazak2019",
        "e": "ref",
        "f": "refa",
        "g": "ivanovmetodakh2020",
    }
    assert [r.id for r in out] == [r.id for r in _sample()]  # same order as the input


def test_first_clash_keeps_bare_key() -> None:
    out = assign_keys([ref("2", "Ли", "Дао", 2000), ref("1", "Ли", "Дао", 2000)])
    assert [r.citation_key for r in out] == ["lidao2000a", "lidao2000"]


def test_deterministic_under_shuffling() -> None:
    base = {r.id: r.citation_key for r in assign_keys(_sample())}
    for seed in range(5):
        items = _sample()
        random.Random(seed).shuffle(items)
        assert {r.id: r.citation_key for r in assign_keys(items)} == base


def test_input_not_mutated() -> None:
    items = _sample()
    assign_keys(items)
    assert items[0].citation_key is None


names = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіABCxyzÄöü '-@{}%&", max_size=12)


@given(st.lists(st.tuples(names, names, st.one_of(st.none(), st.integers(1000, 2100))), max_size=25))
def test_keys_unique_and_whitelisted(rows: list[tuple[str, str, int | None]]) -> None:
    refs = [ref(str(i), fam or None, title or None, year) for i, (fam, title, year) in enumerate(rows)]
    keys = [r.citation_key for r in assign_keys(refs)]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert key is not None and KEY_RE.match(key), key


def test_single_letters_are_not_significant() -> None:
    r = Reference(id="x", title="U.S.-ASEAN Comprehensive Strategic Partnership", issued=Date.ymd(2023))
    assert make_key(r) == "aseancomprehensive2023"
    assert make_key(Reference(id="y", title="X", issued=Date.ymd(2000))) == "x2000"


def test_rich_text_tags_ignored_in_titles() -> None:
    r = Reference(id="x", title="<i>Escherichia coli</i> in H<sub>2</sub>O", issued=Date.ymd(2001))
    assert make_key(r) == "escherichiacoli2001"
