"""The .bib refman writes compiles with LaTeX (XeLaTeX + BibTeX/natbib, XeLaTeX + biber/biblatex,
and pdfLaTeX + classic BibTeX for the ASCII-only export with T2A Cyrillic commands).

Entries: tests/data/csl/constructed_samples.json (constructed by hand: Kazakh, Russian and
English items with & _ % $ # in titles, a URL with _ and %, organisation authors, a literal
date, CSL rich text), and tests/data/csl/crossref_csl_sample.json (39 awkward real Crossref
records), exported by refman. Needs xelatex, bibtex, biber and the DejaVu Serif font; skipped when
they are missing, unless REFMAN_REQUIRE_LATEX=1 (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refman.formats.bibtex_writer import to_bibtex
from refman.formats.csl_schema import CSL_TYPES
from refman.formats.csljson import from_csl_json
from refman.keys import assign_keys
from refman.model import Reference
from tests.support.exports import bib_keys, export_all, run

pytestmark = [pytest.mark.latex, pytest.mark.slow]

DATA = Path(__file__).resolve().parents[1] / "data" / "csl"
TIMEOUT = 180  # seconds per subprocess

# A real problem in a log: a TeX error line, a LaTeX/package error, an undefined macro, a glyph
# the font lacks. (Plain "error" would also match e.g. "Providing info/warning/error messages".)
LOG_PROBLEM = re.compile(
    r"^! |Undefined control sequence|LaTeX Error|Package \S+ Error|Missing character|Emergency stop",
    re.M,
)

PREAMBLE = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{DejaVu Serif}
\usepackage{polyglossia}
\setdefaultlanguage{english}
\setotherlanguage{russian}
\usepackage{url}
"""

NATBIB_BODY = r"""\usepackage[numbers]{natbib}
\begin{document}
Citing everything~\cite{%(first)s}.
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""
NATBIB_DOC = PREAMBLE + NATBIB_BODY

BIBLATEX_DOC = (
    PREAMBLE
    + r"""\usepackage[backend=biber,style=numeric]{biblatex}
\addbibresource{refs.bib}
\begin{document}
Citing everything~\cite{%(first)s}.
\nocite{*}
\printbibliography
\end{document}
"""
)

# Text that must reach the .bbl: Kazakh and Russian surnames and escaped specials.
EXPECTED_IN_BBL = ("Құрманғали", "Әлиев", "Жұмабаев", "Иванов", "Щербаков", "Бюро национальной статистики")


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("REFMAN_REQUIRE_LATEX") == "1":
        pytest.fail(f"REFMAN_REQUIRE_LATEX=1 but {reason}")
    pytest.skip(reason)


def _check_tools(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    _require(not missing, f"missing LaTeX tools: {', '.join(missing)}")
    if shutil.which("fc-list"):
        fonts = subprocess.run(
            ["fc-list", "DejaVu Serif"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
        _require(bool(fonts.strip()), "font DejaVu Serif not installed (fonts-dejavu-core)")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return run(cmd, cwd, TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{cmd[0]} took longer than {TIMEOUT} s")


def _xelatex(cwd: Path) -> None:
    cmd = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]
    result = _run(cmd, cwd)
    log = (cwd / "doc.log").read_text(encoding="utf-8", errors="replace")
    problems = LOG_PROBLEM.findall(log)
    tail = result.stdout[-3000:]
    assert result.returncode == 0, f"xelatex failed ({result.returncode}): {problems}\n{tail}"
    assert problems == [], "\n".join(line for line in log.splitlines() if LOG_PROBLEM.search(line))


def _constructed() -> list[Reference]:
    return assign_keys(from_csl_json((DATA / "constructed_samples.json").read_text(encoding="utf-8"))[0])


def _crossref() -> list[Reference]:
    rows = json.loads((DATA / "crossref_csl_sample.json").read_text(encoding="utf-8"))
    return assign_keys([Reference.from_csl({**row["item"], "id": f"cr{i}"}) for i, row in enumerate(rows)])


def _write(
    tmp_path: Path, dialect: str, template: str, style: str = "", real: bool = False, ascii: bool = False
) -> str:
    refs = _crossref() if real else _constructed()
    (tmp_path / "refs.bib").write_text(to_bibtex(refs, dialect=dialect, ascii=ascii), encoding="utf-8")
    first = refs[0].citation_key or ""
    (tmp_path / "doc.tex").write_text(template % {"first": first, "style": style}, encoding="utf-8")
    return first


def _check_output(tmp_path: Path, first_key: str) -> None:
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    for text in EXPECTED_IN_BBL:
        assert text in bbl, text
    assert first_key in bbl
    pdf = tmp_path / "doc.pdf"
    assert pdf.exists() and pdf.stat().st_size > 5000
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"There were undefined (citations|references)", log), "undefined citations remain"


@pytest.mark.parametrize("style", ["plainnat", "unsrt"])
def test_xelatex_bibtex(tmp_path: Path, style: str) -> None:
    _check_tools("xelatex", "bibtex")
    first = _write(tmp_path, "bibtex", NATBIB_DOC, style)
    _xelatex(tmp_path)
    result = _run(["bibtex", "doc"], tmp_path)
    # 0 = clean, 1 = warnings only (e.g. "to sort, need author or key" for an anonymous book).
    assert result.returncode in (0, 1), result.stdout
    assert not re.search(r"There (was|were) \d+ error message", result.stdout), result.stdout
    _xelatex(tmp_path)
    _xelatex(tmp_path)
    _check_output(tmp_path, first)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert r"\&" in bbl and r"\_" in bbl and r"\%" in bbl  # escapes reached LaTeX intact
    if style == "plainnat":
        assert r"\url{https://www.who.int/some_page/report%202020?x=1#top}" in bbl


def test_xelatex_biber_biblatex(tmp_path: Path) -> None:
    _check_tools("xelatex", "biber")
    first = _write(tmp_path, "biblatex", BIBLATEX_DOC)
    _xelatex(tmp_path)
    result = _run(["biber", "doc"], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR")]
    assert errors == []
    # The only expected biber warning is the literal year of the "in press" thesis.
    warnings = [line for line in result.stdout.splitlines() if line.startswith("WARN")]
    assert all("year field" in w for w in warnings), warnings
    _xelatex(tmp_path)
    _xelatex(tmp_path)
    _check_output(tmp_path, first)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert "refman-raw" not in bbl  # biber ignores the unknown field
    assert r"\verb{url}" in bbl and r"\verb https://www.who.int/some_page/report%202020?x=1#top" in bbl


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_real_crossref_records_compile(tmp_path: Path, dialect: str) -> None:
    """39 awkward real records (non-Latin titles, no authors, control characters) compile."""
    _check_tools("xelatex", "bibtex" if dialect == "bibtex" else "biber")
    template = NATBIB_DOC if dialect == "bibtex" else BIBLATEX_DOC
    _write(tmp_path, dialect, template, "plainnat", real=True)
    _xelatex(tmp_path)
    result = _run(["bibtex", "doc"] if dialect == "bibtex" else ["biber", "doc"], tmp_path)
    assert result.returncode in ((0, 1) if dialect == "bibtex" else (0,)), result.stdout[-3000:]
    assert not re.search(r"There (was|were) \d+ error message|^ERROR", result.stdout, re.M), result.stdout
    _xelatex(tmp_path)
    _xelatex(tmp_path)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    count = bbl.count("\\bibitem") if dialect == "bibtex" else bbl.count("\\entry{")
    assert count == len(_crossref())


# The usual pdfLaTeX set-up of a Russian or Kazakh paper: T2A (Cyrillic) as the main encoding.
PDFLATEX_DOC = (
    r"""\documentclass{article}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[english,russian]{babel}
\usepackage{url}
"""
    + NATBIB_BODY
)


@pytest.mark.parametrize("style", ["plainnat", "unsrt"])
def test_pdflatex_bibtex_with_ascii_export(tmp_path: Path, style: str) -> None:
    """``to_bibtex(ascii=True)``: pure ASCII, Kazakh letters as T2A commands, compiles with
    pdfLaTeX and classic (8-bit) BibTeX without a missing character."""
    _check_tools("pdflatex", "bibtex")
    first = _write(tmp_path, "bibtex", PDFLATEX_DOC, style, ascii=True)
    assert (tmp_path / "refs.bib").read_bytes().isascii()
    cmd = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]
    for step in ("latex", "bibtex", "latex", "latex"):
        result = _run(cmd if step == "latex" else ["bibtex", "doc"], tmp_path)
        assert result.returncode in ((0,) if step == "latex" else (0, 1)), result.stdout[-3000:]
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    problems = [line for line in log.splitlines() if LOG_PROBLEM.search(line)]
    assert problems == [], "\n".join(problems)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="ascii")
    # Құрманғали and Әлиев reached LaTeX as T2A commands.
    assert r"{\CYRKDSC}{\cyryhcrs}{\cyrr}{\cyrm}{\cyra}{\cyrn}{\cyrghcrs}{\cyra}{\cyrl}{\cyri}" in bbl
    assert r"{\CYRSCHWA}{\cyrl}{\cyri}{\cyre}{\cyrv}" in bbl
    assert first in bbl and (tmp_path / "doc.pdf").stat().st_size > 5000


# --- hostile input --------------------------------------------------------------------------------
# An article whose references carry TeX commands that would read a file or run a shell command,
# unbalanced braces and the specials % # & $ _ ^ ~ in every field refman finds (authors, title,
# journal, publisher, pages, DOI, URL), built by a real `refman build`; and a CSL-JSON item with
# the same in every field the BibTeX writer maps, exported by a real `refman export`. Each .bib is
# compiled with -shell-escape ON: nothing may be read or run, and the text must print literally.

PAYLOAD = r"\input{/etc/passwd} \immediate\write18{touch PWNED} {unbalanced } % # & $ _ ^^5c ~ ^"
HOSTILE_ARTICLE = "\n".join(
    [
        "# Hostile references",
        "",
        "Text citing [1], [2], [3], [4] and [5].",
        "",
        "## References",
        "",
        r"1. Smith\input{/etc/passwd} J., O'Brien} K.{ A title \input{/etc/passwd} with } brace % and # and"
        r" & and $ signs // Journal {of} \immediate\write18{touch PWNED} Tests. 2020. Vol. 1%. No. 2#."
        r" P. 1-2&. doi:10.1234/x\input{/etc/passwd}",
        r"2. Doe J. \immediate\write18{touch PWNED} title {unbalanced. 2019."
        r" URL: https://example.org/a%20b#frag}{\input{/etc/passwd}&x=$1",
        r"3. Иванов И.И. Методы \input{/etc/passwd} анализа % данных # & $. – М.: Наука\write18{touch PWNED},"
        r" 2018. – 250 с. DOI: 10.1000/abc}def",
        r"4. Brown, A. (2021). Results $x^2$ & more_{sub} \\ ~ ^^5cinput. In B. Editor (Ed.), Book {of}"
        r" things \input{/etc/passwd} (pp. 5–10). Publisher & Sons %. https://doi.org/10.5555/good_doi#1",
        r"5. Lee K. Report \csname input\endcsname{/etc/passwd}. Institute \def\x{y}, 2017."
        r" https://www.example.org/report?q=\input{/etc/passwd}",
        "",
    ]
)
# One item with the payload in every field the BibTeX writer maps, and a DOI and URL that are
# valid but hold every special a DOI or URL may hold (written raw, printed verbatim).
EVERY_FIELD_ITEM = {
    "id": "every",
    "type": "article-journal",
    "citation-key": "everyfield",
    **{
        var: f"{var} {PAYLOAD}"
        for var in (
            "title",
            "container-title",
            "collection-title",
            "volume",
            "issue",
            "page",
            "number",
            "edition",
            "publisher",
            "publisher-place",
            "genre",
            "ISBN",
            "ISSN",
            "note",
            "abstract",
            "keyword",
            "title-short",
            "container-title-short",
            "number-of-pages",
            "language",
        )
    },
    "author": [{"family": f"Family {PAYLOAD}", "given": f"Given {PAYLOAD}", "suffix": PAYLOAD}],
    "editor": [{"literal": f"Organisation {PAYLOAD}"}],
    "issued": {"literal": f"in press {PAYLOAD}"},
    "DOI": "10.1002/(SICI)1097-4636(199905)45:2<115::AID-JBM6>3.0.CO;2-#_%&$~",
    "URL": "https://example.org/a_b~c%20d?x=1&y=$2#frag",
    "custom": {"refman": {"raw": f"raw {PAYLOAD}"}},
}
HOSTILE_DOC = r"""\documentclass{article}
\usepackage[T1,T2A]{fontenc}
\usepackage[english,russian]{babel}
%(packages)s
\begin{document}
\nocite{*}
%(bibliography)s
\end{document}
"""
PASSWD_LINE = next(
    (line for line in Path("/etc/passwd").read_text(errors="replace").splitlines() if line.strip()),
    "root:x:0:0",
)


def _refman_cli(*args: str, cwd: Path) -> None:
    env = {**os.environ, "REFMAN_CACHE_DIR": str(cwd / "cache"), "REFMAN_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "refman", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def hostile_bibs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with built.bib (`refman build` of the article), every.bib (`refman export` of
    EVERY_FIELD_ITEM), their biblatex exports (NAME-biblatex.bib) and ASCII ones (NAME-ascii.bib)."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "articles").mkdir()
    (root / "articles" / "hostile.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    _refman_cli("build", str(root), "--offline", cwd=root)
    (root / "references.bib").rename(root / "built.bib")
    (root / "every.json").write_text(json.dumps([EVERY_FIELD_ITEM]), encoding="utf-8")
    _refman_cli("export", "every.json", "--to", "bibtex", "-o", "every.bib", cwd=root)
    for name, source in (("built", "references.json"), ("every", "every.json")):
        _refman_cli("export", source, "--to", "biblatex", "-o", f"{name}-biblatex.bib", cwd=root)
        _refman_cli("export", source, "--to", "bibtex", "--ascii", "-o", f"{name}-ascii.bib", cwd=root)
    return root


def test_hostile_article_reaches_every_field(hostile_bibs: Path) -> None:
    """The build put the payloads where the test means them: names, titles, containers, the
    publisher, a URL; the DOIs no .bib could hold safely are set aside, not written."""
    items = json.loads((hostile_bibs / "references.json").read_text(encoding="utf-8"))
    fields = {
        k for item in items for k, v in item.items() if "\\input" in json.dumps(v) or "PWNED" in json.dumps(v)
    }
    assert {"author", "title", "container-title", "publisher", "URL"} <= fields
    aside = [i["custom"]["refman"]["set_aside"]["DOI"] for i in items if "set_aside" in i["custom"]["refman"]]
    assert aside and all("\\input" in doi for doi in aside), aside
    bib = (hostile_bibs / "built.bib").read_text(encoding="utf-8")
    assert "doi = {10.5555/good_doi#1}" in bib
    assert "\\input" not in bib.replace("\\textbackslash{}", "")  # the DOI's backslash is gone


def _compile(folder: Path, engine: str, bibtool: str) -> str:
    """Runs engine, bibtool, engine, engine with -shell-escape ON; returns the PDF's text."""
    latex = [engine, "-interaction=nonstopmode", "-halt-on-error", "-shell-escape", "doc.tex"]
    for step in ("latex", "bib", "latex", "latex"):
        result = _run(latex if step == "latex" else [bibtool, "doc"], folder)
        ok = (0,) if step == "latex" or bibtool == "biber" else (0, 1)
        assert result.returncode in ok, f"{step}: {result.stdout[-3000:]}"
    log = (folder / "doc.log").read_text(encoding="utf-8", errors="replace")
    problems = [line for line in log.splitlines() if LOG_PROBLEM.search(line)]
    assert problems == [], "\n".join(problems)
    pdftotext = _run(["pdftotext", "-enc", "UTF-8", "doc.pdf", "-"], folder)
    assert pdftotext.returncode == 0, pdftotext.stderr
    return pdftotext.stdout


def _assert_harmless(folder: Path, text: str) -> None:
    assert PASSWD_LINE not in text and "root:" not in text, "/etc/passwd was read into the PDF"
    assert not list(folder.rglob("PWNED")), "\\write18 ran"
    flat = re.sub(r"\s+", "", text)
    for literal in (r"\input{/etc/passwd}", r"\immediate\write18{touchPWNED}", "%#&$"):
        assert literal in flat, f"{literal!r} not printed literally"
    # The raw verbatim fields print as they are (url.sty, hyperref or the .bib's own fallback).
    assert "https://example.org/a_b~c%20d?x=1&y=$2#frag" in flat
    assert "10.1002/(SICI)1097-4636(199905)45:2<115::AID-JBM6>3.0.CO;2-#_%&$~".lower() in flat.lower()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("style", "packages"),
    [
        ("plainnat", ""),
        ("plainnat", r"\usepackage{url}"),
        ("plainnat", r"\usepackage{hyperref}"),
        ("unsrt", ""),
        ("plainnat", "ascii"),
    ],
    ids=["plainnat", "plainnat-url", "plainnat-hyperref", "unsrt", "plainnat-ascii-export"],
)
def test_hostile_bib_compiles_with_pdflatex_bibtex_and_prints_literally(
    hostile_bibs: Path, tmp_path: Path, style: str, packages: str
) -> None:
    _check_tools("pdflatex", "bibtex", "pdftotext")
    suffix = "-ascii" if packages == "ascii" else ""
    packages = packages.replace("ascii", "")
    for name in ("built", "every"):
        (tmp_path / f"{name}.bib").write_bytes((hostile_bibs / f"{name}{suffix}.bib").read_bytes())
    assert not suffix or (tmp_path / "built.bib").read_bytes().isascii()
    natbib = r"\usepackage[numbers]{natbib}" if style.endswith("nat") else ""
    bibliography = rf"\bibliographystyle{{{style}}}\bibliography{{built,every}}"
    (tmp_path / "doc.tex").write_text(
        HOSTILE_DOC % {"packages": packages + natbib, "bibliography": bibliography}, encoding="utf-8"
    )
    text = _compile(tmp_path, "pdflatex", "bibtex")
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count(r"\bibitem") == 7
    if style == "unsrt":  # unsrt prints neither DOI nor URL
        text += f"{EVERY_FIELD_ITEM['URL']} {EVERY_FIELD_ITEM['DOI']}"
    _assert_harmless(tmp_path, text)


@pytest.mark.slow
def test_hostile_bib_compiles_with_biber_biblatex_and_prints_literally(
    hostile_bibs: Path, tmp_path: Path
) -> None:
    _check_tools("pdflatex", "biber", "pdftotext")
    for name in ("built-biblatex.bib", "every-biblatex.bib"):
        (tmp_path / name).write_bytes((hostile_bibs / name).read_bytes())
    resources = r"\usepackage[backend=biber]{biblatex}" + "".join(
        rf"\addbibresource{{{name}-biblatex.bib}}" for name in ("built", "every")
    )
    (tmp_path / "doc.tex").write_text(
        HOSTILE_DOC % {"packages": resources, "bibliography": r"\printbibliography"}, encoding="utf-8"
    )
    text = _compile(tmp_path, "pdflatex", "biber")
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count(r"\entry{") == 7
    _assert_harmless(tmp_path, text)


# --- the consumers, on the mixed kk/ru/en collection and the built bibliography/ -----------------
# tests/data/exports (210 items of every CSL type, real records and refman's own parses; see its
# SOURCE.md) and bibliography/, exported by real `refman export` processes; one document cites
# every item by its key and is compiled the ways a Kazakh or Russian author would.

KAZAKH_LETTERS = set("әғқңөұүі")
# pdfLaTeX's T2A glyph of the Kazakh "і" is mapped to the Latin "i" in the PDF's text layer.
KAZAKH_LETTERS_T2A = KAZAKH_LETTERS - {"і"}
# The second initial of "С.Б. Стамбулов" (the first author of the built collection) printed.
SECOND_INITIAL = re.compile(r"С\.\s?Б\.\s+Стамбулов|Стамбулов,?\s+С\.\s?Б\.")

CONSUMER_PDFLATEX = r"""\documentclass{article}
\usepackage{cmap}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[english,russian]{babel}
\usepackage{url}
\usepackage[numbers]{natbib}
\begin{document}
\cite{%(keys)s}
\bibliographystyle{%(style)s}
\bibliography{%(bib)s}
\end{document}
"""
CONSUMER_BIBLATEX = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{DejaVu Serif}
\usepackage{polyglossia}
\setdefaultlanguage{english}
\setotherlanguages{russian}
\usepackage[backend=biber,style=%(style)s]{biblatex}
\addbibresource{%(bib)s.bib}
\begin{document}
\cite{%(keys)s}
\printbibliography
\end{document}
"""
# (engine, bibliography tool, style, which .bib): NAME.bib is the UTF-8 BibTeX export (the
# committed references.bib for the built collection), NAME-ascii.bib the --ascii one.
CONSUMERS = [
    ("pdflatex", "bibtex", "plainnat", ""),
    ("pdflatex", "bibtex", "plainnat", "-ascii"),
    ("pdflatex", "bibtex", "unsrt", ""),
    ("pdflatex", "bibtex", "unsrt", "-ascii"),
    ("xelatex", "biber", "authoryear", "-biblatex"),
    ("lualatex", "biber", "gost-numeric", "-biblatex"),
]


@pytest.fixture(scope="module")
def consumer_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("consumers")
    return folder, export_all(folder)


def test_the_mixed_collection_has_every_csl_type_and_three_languages(
    consumer_exports: tuple[Path, dict[str, list[str]]],
) -> None:
    folder, warnings = consumer_exports
    items = json.loads((folder / "mixed-csl.json").read_text(encoding="utf-8"))
    assert len(items) >= 150 and {i["type"] for i in items} == CSL_TYPES
    assert {"kk", "ru", "en"} <= {i.get("language") for i in items}
    assert warnings == {"mixed": [], "built": []}  # every character of both has a LaTeX command


@pytest.mark.parametrize("collection", ["mixed", "built"])
@pytest.mark.parametrize(("engine", "tool", "style", "variant"), CONSUMERS, ids=lambda v: v or "utf8")
def test_every_item_compiles_and_prints_kazakh_letters_and_second_initials(
    consumer_exports: tuple[Path, dict[str, list[str]]],
    tmp_path: Path,
    collection: str,
    engine: str,
    tool: str,
    style: str,
    variant: str,
) -> None:
    _check_tools(engine, tool, "pdftotext")
    _require(engine != "lualatex" or _has_luaotfload(), "lualatex without luaotfload (texlive-luatex)")
    source, _ = consumer_exports
    bib = f"{collection}{variant}"
    shutil.copy(source / f"{bib}.bib", tmp_path / f"{bib}.bib")
    keys = bib_keys((tmp_path / f"{bib}.bib").read_text(encoding="utf-8"))
    template = CONSUMER_BIBLATEX if tool == "biber" else CONSUMER_PDFLATEX
    (tmp_path / "doc.tex").write_text(
        template % {"keys": ",".join(keys), "style": style, "bib": bib}, encoding="utf-8"
    )
    latex = [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]
    for step in ("latex", "bib", "latex", "latex"):
        result = _run(latex if step == "latex" else [tool, "doc"], tmp_path)
        assert result.returncode in ((0,) if step == "latex" or tool == "biber" else (0, 1)), result.stdout[
            -3000:
        ]
        if step == "bib":
            errors = re.findall(r"^ERROR.*|There (?:was|were) \d+ error messages?", result.stdout, re.M)
            assert errors == []
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if LOG_PROBLEM.search(line)] == []
    assert not re.search(r"undefined citations|Citation .* undefined", log)
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count(r"\entry{" if tool == "biber" else r"\bibitem") == len(keys)
    text = _run(["pdftotext", "-enc", "UTF-8", "doc.pdf", "-"], tmp_path).stdout
    letters = KAZAKH_LETTERS_T2A if engine == "pdflatex" else KAZAKH_LETTERS
    assert set(text) >= letters, sorted(letters - set(text))
    assert SECOND_INITIAL.search(" ".join(text.split()))


def _has_luaotfload() -> bool:
    return _run(["kpsewhich", "luaotfload-main.lua"], Path.cwd()).stdout.strip() != ""
