"""Where an article was published, as its own text prints it: journal, year, volume, issue,
pages, DOI, URL, ISSN (pure).

Read from the head of the article (the first :data:`HEAD_CHARS` characters), in this order, the
first value found for a field winning:

* a BibTeX entry in a fenced block near the top (the article's own "cite as");
* a TOML (``+++``) or YAML (``---``) front-matter block at the very top, as journal web sites keep
  their articles (``doi``, ``journal``, ``volume``, ``issue``, ``issue_name = "2022 - №03"``,
  ``first_page``/``last_page``, ``date``, ``issn``, ``url``/``file``);
* labelled lines: ``DOI: 10...`` (or a doi.org link), ``ISSN 1563-0285``, ``Received``/
  ``Поступила``/``Редакцияға түсті`` with a year;
* a journal header line: ``Вестник КазНУ. Серия ... №2 (58) 2021``, ``ҚазҰУ Хабаршысы ... №1 (89).
  2020``, ``Journal of ..., Vol. 12, No. 3, pp. 45-67``, ``Т. 17, № 2. С. 189–207``, ``КЕРУЕН ... №2, 75-том
  2022``.

The articles of ``tests/data/extract_gold`` and the two seeds show which of these occur.
"""

from __future__ import annotations

import re
from typing import Any

from refman.formats.bibtex_reader import from_bibtex
from refman.identifiers import find_doi, find_issns, is_preprint_doi, labelled_issn

__all__ = ["HEAD_CHARS", "read_venue"]

#: Characters of the article's start that are looked at.
HEAD_CHARS = 6000
_HEADER_LINES = 25

_FRONT_BLOCK = re.compile(r"\A\s*(\+\+\+|---)[ \t]*\n(?P<body>.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_LINE = re.compile(r"""^\s*(?P<key>[A-Za-z_][\w-]*)\s*[=:]\s*(?P<value>.*?)\s*$""")
_YEAR = r"(?:19|20)\d\d"
_YEAR_RE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_JOURNAL_WORDS = re.compile(
    r"вестник|хабаршы|хабарлары|жаршы|известия|журнал|journal|bulletin|herald|proceedings|transactions|"
    r"review|annals|letters|серия|series",
    re.IGNORECASE,
)
_VOLUME_RE = re.compile(
    r"(?:\bVol(?:ume)?\.?|\bТом|\bТ\.)\s*(\d{1,4})|(?<!\d)(\d{1,4})(?:-?\s*том\b|\s+vol\b)", re.IGNORECASE
)
_ISSUE_RE = re.compile(r"(?:№|\bNo\.?|\bIssue|\bВып(?:уск)?\.?)\s*(\d{1,4}(?:[-/]\d{1,4})?)", re.IGNORECASE)
_PAGES_RE = re.compile(r"(?:\bpp?\.|\bС\.|\bБ\.|\bP\.)\s*(\d{1,5}\s*[-–—]\s*\d{1,5})", re.IGNORECASE)
_RECEIVED_RE = re.compile(
    r"^(?:Received|Поступила|Поступило|Получено|Редакцияға\s+түсті|Келіп\s+түсті)\b.*?(" + _YEAR + ")",
    re.IGNORECASE,
)
_LIST_ITEM_RE = re.compile(r"^(?:\[?\d{1,3}[.)\]]|[-•])\s")
_BIBTEX_BLOCK = re.compile(r"^```[a-z]*\n(?P<body>@\w+\s*\{.*?)\n```", re.DOTALL | re.MULTILINE)
_ISSUE_NAME_RE = re.compile(rf"({_YEAR})\D+?(\d{{1,3}})\s*$")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()


def _from_front_block(body: str) -> dict[str, Any]:
    raw: dict[str, str] = {}
    for line in body.splitlines():
        match = _FRONT_LINE.match(line)
        if match and not match["value"].startswith("["):
            raw.setdefault(match["key"].lower(), _unquote(match["value"]))
    out: dict[str, Any] = {}
    doi = find_doi(raw.get("doi"))
    if doi:
        out["DOI"] = doi
    for key, field in (("journal", "container-title"), ("journal_title", "container-title")):
        if raw.get(key):
            out.setdefault(field, raw[key])
    if raw.get("volume"):
        out["volume"] = raw["volume"]
    issue_name = _ISSUE_NAME_RE.search(raw.get("issue_name", "").replace("№", " "))
    if issue_name:
        out["issue"] = str(int(issue_name[2]))
        out["year"] = int(issue_name[1])
    elif raw.get("issue", "").isdigit():
        out["issue"] = raw["issue"]
    first, last = raw.get("first_page", ""), raw.get("last_page", "")
    if first.isdigit():
        out["page"] = f"{first}–{last}" if last.isdigit() and last != first else first
    date = _YEAR_RE.search(raw.get("date", ""))
    if date:
        out.setdefault("year", int(date[1]))
    issns = find_issns(raw.get("issn"))
    if issns:
        out["ISSN"] = issns[0]
    for key in ("url", "file"):
        if raw.get(key, "").startswith(("http://", "https://")):
            out.setdefault("URL", raw[key])
    return out


def _from_header_line(line: str) -> dict[str, Any]:
    """Journal, year, volume, issue and pages from one header line naming a journal (not from a
    numbered reference, nor one citing a journal after "//")."""
    if _LIST_ITEM_RE.match(line) or "//" in line:
        return {}
    issue = _ISSUE_RE.search(line)
    volume = _VOLUME_RE.search(line)
    if not (issue or volume) or not _JOURNAL_WORDS.search(line):
        return {}
    out: dict[str, Any] = {}
    cut = min(m.start() for m in (issue, volume) if m)
    name = line[:cut].strip(" .,;:–—-")
    if name and _JOURNAL_WORDS.search(name):
        out["container-title"] = name
    if volume:
        out["volume"] = volume[1] or volume[2]
    if issue:
        out["issue"] = issue[1]
    year = _YEAR_RE.search(line[cut:])
    if year:
        out["year"] = int(year[1])
    pages = _PAGES_RE.search(line)
    if pages:
        out["page"] = re.sub(r"\s*[-–—]\s*", "–", pages[1])
    return out


def _from_bibtex_block(body: str) -> dict[str, Any]:
    """The facts of the article's own citation block (a preprint DOI is not the article's)."""
    refs, _ = from_bibtex(body, "<article>")
    if len(refs) != 1:
        return {}
    ref = refs[0]
    out: dict[str, Any] = {
        key: value
        for key, value in (
            ("container-title", ref.container_title),
            ("volume", ref.volume),
            ("issue", ref.issue),
            ("page", ref.page),
            ("year", ref.year),
            ("ISSN", ref.ISSN),
            ("URL", ref.URL),
        )
        if value
    }
    if ref.DOI and not is_preprint_doi(ref.DOI):
        out["DOI"] = ref.DOI
    return out


def read_venue(text: str) -> dict[str, Any]:
    """The publication facts the article prints about itself: CSL keys (``container-title``,
    ``volume``, ``issue``, ``page``, ``DOI``, ``URL``, ``ISSN``) and ``year`` (an int)."""
    head = text[:HEAD_CHARS]
    out: dict[str, Any] = {}
    block = _FRONT_BLOCK.match(head)
    if block:
        out.update(_from_front_block(block["body"]))
        head = head[block.end() :]
    cited = _BIBTEX_BLOCK.search(head)
    if cited and cited.start() < _HEADER_LINES * 80:
        for key, value in _from_bibtex_block(cited["body"]).items():
            out.setdefault(key, value)
        head = head[: cited.start()] + head[cited.end() :]
    lines = [line.strip().strip("*_#> ").strip() for line in head.splitlines()]
    lines = [line for line in lines if line]
    received: int | None = None
    for number, line in enumerate(lines):
        if "DOI" not in out and re.match(r"(?:DOI|doi)\s*:?\s*\S|https?://(?:dx\.)?doi\.org/", line):
            doi = find_doi(line)
            if doi:
                out["DOI"] = doi
        if "ISSN" not in out:
            issn = labelled_issn(line)
            if issn:
                out["ISSN"] = issn
        match = _RECEIVED_RE.match(line)
        if match and received is None:
            received = int(match[1])
        if number < _HEADER_LINES and "container-title" not in out:
            for key, value in _from_header_line(line).items():
                out.setdefault(key, value)
    if "year" not in out and received is not None:
        out["year"] = received
    return out
