"""Reading article files safely and writing outputs atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.errors import InputError
from refman.store import decode_text, list_articles, read_text, write_all_atomic, write_atomic


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
