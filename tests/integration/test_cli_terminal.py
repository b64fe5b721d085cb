"""Data printed by the commands is text: Rich markup in titles, file names and warnings shows as
written, and escape sequences from data never reach the terminal (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ESC = "\x1b"
LINK = "[link=file:///etc/passwd]x[/link]"
CLOSE = "[/]"
CLEAR = f"{ESC}[2J"
OSC8 = f"{ESC}]8;;file:///etc/passwd{ESC}\\x{ESC}]8;;{ESC}\\"
#: How the two escape sequences look once refman has made them visible.
CLEAR_SHOWN = "␛[2J"
OSC8_SHOWN = "␛]8;;file:///etc/passwd␛\\x␛]8;;␛\\"


def refman(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}
    env.pop("REFMAN_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "refman", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=120,
        env=env,
    )


def assert_literal(result: subprocess.CompletedProcess[str], *shown: str, code: int = 0) -> str:
    """The command ended normally, no ESC byte came from the data, and ``shown`` is printed as is."""
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "internal error" not in output and "Traceback" not in output
    assert ESC not in output
    for text in shown:
        assert text in output
    return output


def reference_line(number: int, title: str) -> str:
    return f"{number}. Smith J. Title {title} here. Journal of Things. 2020. Vol. 1. P. 1-10.\n"


def csl_items() -> list[dict[str, object]]:
    """Four items whose every shown string holds one of the hostile texts."""
    return [
        {
            "id": f"item{i}",
            "type": "article-journal",
            "title": f"Title {text} end",
            "author": [{"family": f"Smith{text}"}],
            "URL": f"https://example.org/{text}",
            "custom": {"refman": {"raw": f"raw {text} end"}},
        }
        for i, text in enumerate((LINK, CLOSE, CLEAR, OSC8))
    ]


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(csl_items()), encoding="utf-8")
    return path


#: A .bib file with a broken block whose first line (quoted by the warning) holds markup.
BROKEN_BIB = f"@article{{a, title = {{{CLOSE} {LINK}}},\n  year = 2020\n\n@article{{b, title = {{ok}}}}\n"
BROKEN_WARNING = f"broken.bib:1: could not parse block (@article{{a, title = {{{CLOSE} {LINK}}},)"


def test_extract_prints_markup_in_titles_and_headings_as_written(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text(
        f"# Heading {LINK} {CLOSE}\n\nCites [1] and [2].\n\n## References\n\n"
        + reference_line(1, LINK)
        + reference_line(2, CLOSE),
        encoding="utf-8",
    )
    output = assert_literal(refman("extract", str(article), cwd=tmp_path), f"Heading {LINK} {CLOSE}")
    assert f"Title {CLOSE} here" in output
    assert "2 references" in output


def test_extract_shows_escape_sequences_in_a_file_name(tmp_path: Path) -> None:
    name = f"{CLEAR}{ESC}]8;;https:evil{ESC}\\x{ESC}]8;;{ESC}\\[bold].md"  # no "/" in a file name
    (tmp_path / name).write_text("# T\n\n## References\n\n" + reference_line(1, "x"), encoding="utf-8")
    assert_literal(refman("extract", name, cwd=tmp_path), "␛[2J␛]8;;https:evil␛\\x␛]8;;␛\\[bold].md")
    # and in the one-line error when the file does not exist
    missing = refman("extract", f"no{CLEAR}.md", cwd=tmp_path)
    assert_literal(missing, f"no{CLEAR_SHOWN}.md: no such file", code=1)


def test_extract_of_an_article_holding_escape_bytes_never_echoes_them(tmp_path: Path) -> None:
    article = tmp_path / "control.md"
    article.write_text(
        "# T\n\nCites [1] and [2].\n\n## References\n\n" + reference_line(1, CLEAR) + reference_line(2, OSC8),
        encoding="utf-8",
    )
    result = refman("extract", str(article), cwd=tmp_path)
    # the reader may refuse the file (one line naming it) or read it: either way, no ESC is printed
    assert_literal(result, code=result.returncode)
    assert result.returncode in (0, 1)
    assert "control.md" in result.stdout + result.stderr


def test_parse_prints_markup_as_written(tmp_path: Path) -> None:
    lines = tmp_path / "refs.txt"
    lines.write_text(
        f"Smith J. Title {LINK} here // Journal. 2020. Vol. 1. P. 1-10.\n"
        f"Smith J. Title {CLOSE} here // Journal. 2020. Vol. 1. P. 1-10.\n",
        encoding="utf-8",
    )
    output = assert_literal(refman("parse", str(lines), cwd=tmp_path), f"Title {CLOSE} here")
    assert "etc/passwd]x[/" in output  # the link text, folded in its column, is there as text


def test_export_warning_quotes_a_broken_block_literally(tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_text(BROKEN_BIB, encoding="utf-8")
    result = refman("export", str(bib), "--to", "csl-json", cwd=tmp_path)
    assert_literal(result, BROKEN_WARNING)
    assert json.loads(result.stdout)[0]["title"] == "ok"


def test_export_of_hostile_titles_prints_no_escape(tmp_path: Path) -> None:
    # the URL field is left out: what the BibTeX writer does with a URL that holds control
    # characters is the writer's business (it validates verbatim fields)
    items = [{k: v for k, v in item.items() if k != "URL"} for item in csl_items()]
    collection = tmp_path / "hostile.json"
    collection.write_text(json.dumps(items), encoding="utf-8")
    result = refman("export", str(collection), cwd=tmp_path)
    assert_literal(result, f"Title {LINK} end", f"Title {CLOSE} end")


def test_resolve_table_and_warnings_are_literal(collection: Path) -> None:
    output = assert_literal(
        refman("resolve", str(collection), cwd=collection.parent),
        f"Title {LINK} end",
        f"Title {CLOSE} end",
        f"Title {CLEAR_SHOWN} end",
        f"Title {OSC8_SHOWN} end",
    )
    assert "4 references" in output
    bib = collection.parent / "broken.bib"
    bib.write_text(BROKEN_BIB, encoding="utf-8")
    assert_literal(refman("resolve", str(bib), cwd=bib.parent), BROKEN_WARNING)


def test_dedupe_warnings_and_tables_are_literal(collection: Path) -> None:
    tmp = collection.parent
    name = f"{CLEAR}[bold]broken.bib"
    (tmp / name).write_text(BROKEN_BIB, encoding="utf-8")
    result = refman("dedupe", str(collection), str(collection), name, cwd=tmp)
    output = assert_literal(result, f"warning {CLEAR_SHOWN}[bold]{BROKEN_WARNING}")
    # the second copy of the file renames every id, quoting it
    assert "warning " + str(collection) + ": id 'item3', field 'id': id already used" in output
    assert "9 references from 3 file(s)" in output


def test_check_links_table_is_literal(collection: Path) -> None:
    output = assert_literal(
        refman("check-links", str(collection), cwd=collection.parent),
        f"https://example.org/{CLOSE}",
        f"https://example.org/{CLEAR_SHOWN}",
        code=0,  # offline (the tests' default): not checked, so nothing found broken
    )
    assert "4 links" in output and "4 not_checked" in output


def test_usage_errors_show_arguments_visibly(tmp_path: Path) -> None:
    result = refman("parse", "a", f"b{ESC}]8;;x{ESC}\\c", cwd=tmp_path)
    assert_literal(result, "unexpected extra argument (b␛]8;;x␛\\c)", code=1)
