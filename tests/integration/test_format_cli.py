"""``refman format``: real processes render reference lists with citeproc-py (GOST, APA, the
romanised References list) and the output is compared with expected text.

The expected files in tests/data/romanised were checked by hand (see its README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from refman.render import STYLES
from tests.support.process import run_refman

DATA = Path(__file__).resolve().parents[1] / "data" / "romanised"
CASES = ("ru_hse_38310145", "kk_004_c159abb99046b70d")


@pytest.mark.parametrize("name", CASES)
def test_romanised_list_matches_the_hand_checked_file(name: str) -> None:
    done = run_refman("format", str(DATA / f"{name}.json"), "--romanise")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (DATA / f"{name}.expected.txt").read_text(encoding="utf-8")


def test_gost_list_of_the_russian_article_matches_the_expected_file() -> None:
    done = run_refman("format", str(DATA / "ru_hse_38310145.json"), "--style", "gost-r-7-0-5-2008")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (DATA / "ru_hse_38310145.gost.expected.txt").read_text(encoding="utf-8")


def _write(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "items.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


# A record constructed for these tests (not from a source).
BOOK: dict[str, Any] = {
    "id": "b1",
    "type": "book",
    "title": "Қазақ тілінің грамматикасы",
    "author": [{"family": "Ахметов", "given": "А. Б."}],
    "publisher-place": "Алматы",
    "publisher": "Ғылым",
    "issued": {"date-parts": [[2015]]},
    "number-of-pages": "250",
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("kk", "Ахметов, А. Б. (2015). *Қазақ тілінің грамматикасы*. Ғылым.\n"),
        ("ru", "Ахметов, А. Б. (2015). *Қазақ тілінің грамматикасы*. Ғылым.\n"),
    ],
)
def test_apa_in_markdown(tmp_path: Path, lang: str, expected: str) -> None:
    path = _write(tmp_path, [BOOK])
    done = run_refman("format", str(path), "--style", "apa", "--lang", lang, "--to", "markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_kazakh_terms_come_from_the_kazakh_locale(tmp_path: Path) -> None:
    item = {**BOOK, "issued": None, "editor": [{"family": "Сәрсенов", "given": "Қ."}], "type": "chapter"}
    item["container-title"] = "Тіл білімі"
    item["page"] = "10-20"
    done = run_refman("format", str(_write(tmp_path, [item])), "--style", "apa", "--lang", "kk")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Ахметов, А. Б. (ж. ж.). Қазақ тілінің грамматикасы. "
        "Қ. Сәрсенов (ред.), Тіл білімі (б. 10–20). Ғылым.\n"
    )


def test_data_never_renders_as_markup(tmp_path: Path) -> None:
    item: dict[str, Any] = {
        "id": "x",
        "type": "book",
        "title": "<script>alert(1)</script> *bold* [link](http://a)",
    }
    html = run_refman("format", str(_write(tmp_path, [item])), "--style", "apa", "--to", "html")
    assert html.returncode == 0, html.stderr
    assert "<script>" not in html.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in html.stdout
    assert "<i>&lt;script&gt;" in html.stdout  # the style's italics are markup, the title is text
    markdown = run_refman("format", str(_write(tmp_path, [item])), "--style", "apa", "--to", "markdown")
    for escaped in (r"\<script\>", r"\*bold\*", r"\[link\]"):
        assert escaped in markdown.stdout


def test_a_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    done = run_refman("format", str(tmp_path / "none.json"))
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "none.json" in done.stderr


@pytest.mark.slow
def test_the_built_collection_renders_in_every_shipped_style() -> None:
    for style in STYLES:
        done = run_refman("format", "bibliography/references.json", "--style", style)
        assert done.returncode == 0, (style, done.stderr)
        assert done.stdout.count("\n") >= 20, style
