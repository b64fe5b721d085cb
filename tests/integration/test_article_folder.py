"""``refman build`` over a careless articles folder (real processes): a symbolic link to
/etc/passwd, a binary file, a UTF-16 article, an article with a stray control byte and a real
PDF-extracted text from AnyStyle's finder corpus with control bytes (../shared/data).

The build completes, reads the good files, refuses the link without reading it, skips the binary
file, and reports both in report.md, report.json and on the terminal; ``--strict`` exits 2.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import OWN_ARTICLES
from tests.support.process import run_refman
from tests.support.shared import shared_data

RU = OWN_ARTICLES / "ru_gost_constructed.md"
EN = OWN_ARTICLES / "en_apa_constructed.txt"


def _pdf_text(ttx: Path) -> bytes:
    """The PDF-extracted text of a finder document: its lines without the label column."""
    lines = [raw.partition(b"|")[2] for raw in ttx.read_bytes().split(b"\n") if b"|" in raw]
    return b"\n".join(line[1:] if line.startswith(b" ") else line for line in lines)


def _careless_folder(root: Path) -> None:
    articles = root / "articles"
    articles.mkdir(parents=True)
    shutil.copy(RU, articles / "ru.md")
    (articles / "ru_utf16.md").write_bytes(RU.read_text(encoding="utf-8").encode("utf-16"))
    text = EN.read_text(encoding="utf-8")
    (articles / "en_control.txt").write_text(
        text.replace("Introduction", "Intro\x01duction", 1), encoding="utf-8"
    )
    (articles / "finder.txt").write_bytes(
        _pdf_text(shared_data("parsing", "anystyle", "finder", "bb599nz4341.ttx"))
    )
    (articles / "passwd.txt").symlink_to("/etc/passwd")
    (articles / "figure.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)


def test_build_reads_the_good_files_and_reports_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    _careless_folder(root)
    result = run_refman("build", str(root))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning ")]
    assert warnings == [
        f"warning {root / 'articles' / 'passwd.txt'}: a symbolic link out of the articles folder "
        "(to /etc/passwd); left out of the build",
        f"warning {root / 'articles' / 'figure.txt'}:3: binary file (NUL byte): expected plain text or "
        "Markdown; left out of the build",
    ]

    outputs = {
        name: (root / name).read_text(encoding="utf-8") for name in ("references.json", "references.bib")
    }
    outputs |= {name: (root / name).read_text(encoding="utf-8") for name in ("report.md", "report.json")}
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    assert all(passwd not in text for text in outputs.values())

    report = json.loads(outputs["report.json"])
    assert report["unread"] == [
        {
            "file": "passwd.txt",
            "line": None,
            "message": "a symbolic link out of the articles folder (to /etc/passwd)",
        },
        {
            "file": "figure.txt",
            "line": 3,
            "message": "binary file (NUL byte): expected plain text or Markdown",
        },
    ]
    by_id = {a["id"]: a for a in report["articles"]}
    assert sorted(by_id) == ["en_control", "finder", "ru", "ru_utf16"]
    assert by_id["ru_utf16"]["references"] == by_id["ru"]["references"] > 10
    codes = {
        name: [(d["code"], d["numbers"]) for d in by_id[name]["diagnostics"]] for name in ("ru", "ru_utf16")
    }
    assert codes["ru_utf16"] == codes["ru"]
    assert by_id["en_control"]["references"] > 10
    controls = {
        name: [d for d in by_id[name]["diagnostics"] if d["code"] == "control_characters"]
        for name in ("en_control", "finder", "ru")
    }
    assert [d["message"] for d in controls["en_control"]] == [
        "1 stray control character(s) dropped (the first at line 25)"
    ]
    assert controls["finder"][0]["message"].startswith("13 stray control character(s) dropped")
    assert controls["ru"] == []
    assert by_id["finder"]["references"] > 20

    md = outputs["report.md"]
    assert "## Files not read" in md
    assert "- passwd\\.txt: a symbolic link out of the articles folder (to /etc/passwd)" in md
    assert "- figure\\.txt, line 3: binary file (NUL byte): expected plain text or Markdown" in md
    assert (
        "| control_characters | 25 |  | 1 stray control character(s) dropped (the first at line 25) |" in md
    )


def test_strict_build_exits_2_when_a_file_was_not_read(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True)
    shutil.copy(EN, root / "articles" / "en.txt")
    (root / "articles" / "passwd.txt").symlink_to("/etc/passwd")
    result = run_refman("build", str(root), "--strict", "--json")
    assert result.returncode == 2, result.stderr
    summary = json.loads(result.stdout)
    assert summary["unread"] == [
        f"{root / 'articles' / 'passwd.txt'}: a symbolic link out of the articles folder (to /etc/passwd)"
    ]
    assert [a["id"] for a in summary["articles"]] == ["en"]
    assert (root / "references.bib").exists()
    (root / "articles" / "passwd.txt").unlink()
    assert run_refman("build", str(root), "--strict").returncode == 0


def test_no_readable_article_stops_the_build_and_keeps_the_outputs(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True)
    shutil.copy(EN, root / "articles" / "en.txt")
    assert run_refman("build", str(root)).returncode == 0
    before = (root / "references.json").read_bytes()
    (root / "articles" / "en.txt").write_bytes(b"text\n\x00\x01binary\x00")
    result = run_refman("build", str(root))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"refman: error: {root / 'articles'}: no article could be read "
        f"({root / 'articles' / 'en.txt'}:2: binary file (NUL byte): expected plain text or Markdown)"
    ]
    assert (root / "references.json").read_bytes() == before
