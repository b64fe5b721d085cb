"""Reading article files safely and writing outputs atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.errors import InputError, Problem
from refman.store import (
    ArticleText,
    decode_article,
    decode_text,
    list_articles,
    read_text,
    write_all_atomic,
    write_atomic,
)

TEXT = "Список литературы\n1. Иванов И.И. Title. – 2001.\n2. Smith J. «Другой» — p. 5.\n"


def test_utf8_with_bom_and_crlf() -> None:
    assert decode_text("\ufeffӘдебиеттер\r\n1. A".encode(), "f") == "Әдебиеттер\n1. A"


def test_windows_1251_russian_is_read() -> None:
    assert decode_text("Список литературы\n1. Иванов".encode("cp1251"), "f").startswith("Список")


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "empty file", None),
        (b"  \n\n ", "empty file", None),
        (b"text\nmore\n\x00\x01\x02", "binary file", 3),
        (bytes(range(256)) * 4, "binary", 1),
        (b"ok\nok\x07bell\n", "control character", 2),
    ],
)
def test_bad_input_names_the_problem_and_line(data: bytes, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        decode_text(data, "bad.txt")
    assert message in info.value.message
    assert info.value.line == line
    assert str(info.value).startswith("bad.txt")


def test_missing_directory_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    with pytest.raises(InputError, match="too large"):
        read_text(big, max_bytes=1000)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_and_without_bom(encoding: str) -> None:
    # "utf-16"/"utf-32" write a byte order mark; the -le/-be codecs write none
    data = TEXT.replace("\n", "\r\n").encode(encoding)
    assert decode_text(data, "wide.txt") == TEXT
    assert decode_article(data, "wide.txt").text == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ascii_text_in_utf16_without_bom(encoding: str) -> None:
    assert (
        decode_text("References\n1. Smith J. (2020).\n".encode(encoding), "f")
        == "References\n1. Smith J. (2020).\n"
    )


def test_binary_with_nul_bytes_is_not_taken_for_utf16() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="binary file"):
        decode_article(png, "image.txt")


def test_stray_control_characters_are_dropped_and_counted() -> None:
    article = decode_article(b"A title\nfirst\x0fline\n\x01x\ty\x1f\n\fpage two\n", "pdf.txt")
    assert article.text == "A title\nfirstline\nx\ty\n\fpage two\n"
    assert (article.controls_dropped, article.first_control_line) == (3, 2)
    assert decode_article(b"clean\ttext\n", "f") == ArticleText("clean\ttext\n", 0, None)


def test_list_articles_follows_links_only_inside_the_folder(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("x")
    (tmp_path / "outside.txt").write_text("secret")
    (articles / "inside.md").symlink_to(articles / "a.txt")
    (articles / "out.txt").symlink_to(tmp_path / "outside.txt")
    (articles / "passwd.txt").symlink_to("/etc/passwd")
    (articles / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    (articles / "loop.txt").symlink_to(articles / "loop.txt")
    (articles / "up.txt").symlink_to("../outside.txt")
    refused: list[Problem] = []
    assert [p.name for p in list_articles(articles, refused)] == ["a.txt", "inside.md"]
    assert {Path(e.file).name: e.message for e in refused} == {
        "dangling.txt": "a symbolic link to nothing",
        "loop.txt": "a symbolic link to nothing",
        "out.txt": f"a symbolic link out of the articles folder (to {(tmp_path / 'outside.txt').resolve()})",
        "passwd.txt": "a symbolic link out of the articles folder (to /etc/passwd)",
        "up.txt": f"a symbolic link out of the articles folder (to {(tmp_path / 'outside.txt').resolve()})",
    }


def test_list_articles_only_article_kinds(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.pdf", "d.markdown", "e.png", "f.bib"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in list_articles(tmp_path)] == ["a.txt", "b.md", "c.pdf", "d.markdown"]


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "references.json"
    write_atomic(target, "old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["references.json"]


def test_failed_multi_write_keeps_previous_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.bib"
    write_all_atomic([(first, "old a"), (second, "old b")])

    def outputs() -> Iterator[tuple[Path, str]]:
        yield first, "new a"
        raise RuntimeError("export failed half-way")

    with pytest.raises(RuntimeError):
        write_all_atomic(outputs())
    assert first.read_text() == "old a"
    assert second.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.bib"]
