"""Render CSL-JSON items through real CSL styles (citeproc-py) and label the output.

Labelling works by marking: before rendering, every text variable is wrapped in a pair of
private-use characters that name its label, and every family name in a pair that names its
role (author, editor, translator). After rendering, the markers say which field produced which
text; they are then removed. What the markers cannot carry (numbers: year, volume, issue,
pages, number of pages; access dates; the affixes a style adds such as "Т.", "№", "pp.",
"под ред.", "In") is found in the unmarked text by value and by a small table of affixes.
A rendering whose leftover words cannot be attributed is dropped, not guessed.

citeproc-py is a test dependency of refman; it is imported only when a style is loaded.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

from refman.lang import CAPITAL
from refman.parse.labels import OTHER
from refman.parse.training.corpus.render import Pieces

__all__ = ["crossref_to_csl", "item_from_record", "render_csl"]

_TEXT_LABELS = {
    "title": "title",
    "container-title": "container-title",
    "collection-title": "collection-title",
    "publisher": "publisher",
    "publisher-place": "location",
    "URL": "url",
    "DOI": "doi",
    "ISBN": "isbn",
    "genre": "genre",
    "medium": "medium",
}
_NAME_LABELS = {"author": "author", "editor": "editor", "translator": "translator"}
_ALL = [*_TEXT_LABELS.values(), "journal", *_NAME_LABELS.values()]
_START = {label: chr(0xE000 + 2 * k) for k, label in enumerate(_ALL)}
_END = {label: chr(0xE001 + 2 * k) for k, label in enumerate(_ALL)}
_BY_START = {v: k for k, v in _START.items()}
_BY_END = {v: k for k, v in _END.items()}
_MARK = re.compile("[\ue000-\ue0ff]")
_DASH = "[\u2010-\u2015\u2212-]"

# Affixes a style writes around numbers and names: regex -> label of the field they belong to.
_AFFIX_NEXT = re.compile(
    r"^(?:Т\.?|т\.|Том|Vol\.?|vol\.?|V\.|№|No\.?|no\.?|Iss\.?|Issue|вып\.|Вып\.|N|С\.|с\.|сс\.?|с|C\.|P\.|"
    r"p\.|pp\.?|pages|Pp\.|стр\.|Б\.|б\.)$"
)
_IN = re.compile(r"^(?:In|in|В|в|In:|В:|Ж)$")
_EDITOR_WORDS = re.compile(
    r"^\(?(?:ред\.?|Ред\.?|под|Под|редакцией|edited|by|eds?\.?|Eds?\.?|\(Eds?\.\)|\(ред\.\)|сост\.|comp\.|(?:Ed|ed)s?\.\)?,?)\)?[,.:]?$"
)
_TRANS_WORDS = re.compile(r"^\(?(?:пер\.|перевод|translated|trans\.|Trans\.|transl\.)\)?[,.:]?$")
_ETAL = re.compile(r"^(?:et|al\.?,?|и|др\.?,?|\[и|др\.\][.,]?|\[et|al\.\][.,]?)$")
_JOIN = re.compile(r"^(?:and|&|и|және|&amp;)$")
_ACCESS = re.compile(
    r"\(?(?:дата обращения|просмотрено|Просмотрено|Извлечено|извлечено|Дата обращения)[:\s][^()]*?\d{4}"
    r"(?:-\d\d-\d\d)?(?:\s*г\.)?\)?(?:,\s*от)?",
)
_ACCESS_EN = re.compile(r"(?:Retrieved|Accessed|accessed|Viewed)\s[^()]*?\d{4}(?:,\s*from)?\)?")
_MEDIUM = re.compile(r"\[(?:Электронный ресурс|Онлайн|Online|Electronic resource)\]")
_NOTE_WORDS = re.compile(
    r"^(?:URL:?|Доступно|на:?|Available|at:?|from:?|Режим|доступа:?|website:?|Retrieved)$"
)
_NUMBER = re.compile(r"^\s*(?:\(\d+\)|\[\d+\]|\d+\.)\s*")
_NODATE = re.compile(r"\(?(?:б\.\s?д\.|n\.\s?d\.|без даты)\)?")


@lru_cache(maxsize=16)
def _style(path: str, locale: str) -> Any:
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(path, locale=locale, validate=False)


def _render(item: dict[str, Any], style_path: str, locale: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(_style(style_path, locale), CiteProcJSON([item]), formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        return str(bib.bibliography()[0])


def _mark(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    for var, label in _TEXT_LABELS.items():
        if var == "container-title" and item.get("type") in (
            "article-journal",
            "article-newspaper",
            "article-magazine",
        ):
            label = "journal"
        if isinstance(item.get(var), str) and item[var]:
            out[var] = _START[label] + item[var] + _END[label]
    for var, label in _NAME_LABELS.items():
        if item.get(var):
            out[var] = [
                dict(n, family=_START[label] + n["family"] + _END[label]) if n.get("family") else n
                for n in item[var]
            ]
    return out


def _number_spans(text: str, labels: list[str | None], item: dict[str, Any]) -> bool:
    """Label year, volume, issue, pages and number of pages by value; False when ambiguous."""
    year = None
    parts = item.get("issued", {}).get("date-parts", [[None]])
    if parts and parts[0] and parts[0][0]:
        year = str(parts[0][0])
    wanted: list[tuple[str, str]] = []
    if year:
        wanted.append(("date", year))
    for var, label in (
        ("volume", "volume"),
        ("issue", "volume"),
        ("page", "pages"),
        ("number-of-pages", "pages"),
        ("edition", "edition"),
    ):
        value = str(item.get(var, "") or "")
        if value:
            wanted.append((label, value))
    for label, value in wanted:
        if label == "pages" and re.search(_DASH, value):
            a, b = re.split(_DASH + "+", value, maxsplit=1)
            pat = re.compile(
                rf"(?<!\d){re.escape(a.strip())}\s*{_DASH}+\s*\d{{1,{max(1, len(b.strip()))}}}(?!\d)"
            )
        else:
            pat = re.compile(rf"(?<![\d\w]){re.escape(value)}(?![\d])")
        hits = [m for m in pat.finditer(text) if all(labels[k] is None for k in range(m.start(), m.end()))]
        if len(hits) > 1:
            return False
        for m in hits:
            for k in range(m.start(), m.end()):
                labels[k] = label
    return True


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _label_leftovers(text: str, labels: list[str | None]) -> bool:
    """Give the unlabelled words a label from their neighbours; False when one cannot be placed."""
    for rx, found in ((_ACCESS, "accessed"), (_ACCESS_EN, "note"), (_MEDIUM, "medium"), (_NODATE, "date")):
        for m in rx.finditer(text):
            if all(labels[k] is None for k in range(m.start(), m.end())):
                for k in range(m.start(), m.end()):
                    labels[k] = found
    toks = _tokens(text)

    def tok_label(i: int) -> str | None:
        s, e = toks[i]
        labs = [labels[k] for k in range(s, e) if labels[k] is not None and text[k].isalnum()]
        return labs[0] if labs else None

    def neighbour(i: int, step: int) -> str | None:
        j = i + step
        while 0 <= j < len(toks):
            lab = tok_label(j)
            if lab is not None:
                return lab
            j += step
        return None

    for i, (s, e) in enumerate(toks):
        word = text[s:e]
        if tok_label(i) is not None or not any(ch.isalnum() for ch in word):
            continue
        core = word.strip(",;:()")
        nxt, prev = neighbour(i, 1), neighbour(i, -1)
        lab: str | None = None
        if _AFFIX_NEXT.match(core) and nxt in ("volume", "pages"):
            lab = nxt
        elif _AFFIX_NEXT.match(core) and prev == "pages" and tok_label(i - 1) == "pages":
            lab = prev
        elif _IN.match(core) and nxt in ("container-title", "journal", "editor"):
            lab = nxt
        elif _EDITOR_WORDS.match(word) and "editor" in (nxt, prev):
            lab = "editor"
        elif _TRANS_WORDS.match(word) and "translator" in (nxt, prev):
            lab = "translator"
        elif (_ETAL.match(word) or _JOIN.match(core)) and prev in ("author", "editor", "translator"):
            lab = prev
        elif _NOTE_WORDS.match(core):
            lab = "note"
        elif core.lower() in ("doi", "doi:") and nxt == "doi":
            lab = "doi"
        elif re.fullmatch(rf"\(?[{CAPITAL}][a-zа-я]?\.(?:[-\s]?[{CAPITAL}][a-zа-я]?\.)*[,;)]?", word) and (
            prev in _NAME_LABELS.values() or nxt in _NAME_LABELS.values()
        ):
            lab = prev if prev in _NAME_LABELS.values() else nxt
        elif re.fullmatch(r"(?:г\.|ж\.|гг\.)[,.]?", word) and prev == "date":
            lab = "date"
        elif re.fullmatch(r"(?:ed\.|изд\.|edn\.|éd\.)[,.]?", word) and prev == "edition":
            lab = "edition"
        if lab is None:
            return False
        for k in range(s, e):
            if labels[k] is None and not text[k].isspace():
                labels[k] = lab
    return True


def render_csl(item: dict[str, Any], style_path: str, locale: str) -> Pieces | None:
    """The labelled pieces of ``item`` rendered with a CSL style; None when unlabellable."""
    try:
        marked_out = _render(_mark(item), style_path, locale)
    except Exception:  # citeproc-py fails on some style/item combinations: skip those
        return None
    text_chars: list[str] = []
    labels: list[str | None] = []
    stack: list[str] = []
    for ch in marked_out:
        if ch in _BY_START:
            stack.append(_BY_START[ch])
        elif ch in _BY_END:
            if stack:
                stack.pop()
        else:
            text_chars.append(ch)
            labels.append(stack[-1] if stack else None)
    text = "".join(text_chars)
    number = _NUMBER.match(text)
    if number:
        text, labels = text[number.end() :], labels[number.end() :]
    if _MARK.search(text) or not text.strip():
        return None
    if not _number_spans(text, labels, item):
        return None
    if not _label_leftovers(text, labels):
        return None
    pieces: Pieces = []
    for ch, lab in zip(text, labels, strict=True):
        label = lab or OTHER
        if pieces and pieces[-1][0] == label:
            pieces[-1] = (label, pieces[-1][1] + ch)
        else:
            pieces.append((label, ch))
    return pieces


_CR_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "proceedings-article": "paper-conference",
    "book": "book",
    "monograph": "book",
    "report": "report",
    "posted-content": "article",
    "dissertation": "thesis",
}


def crossref_to_csl(rec: dict[str, Any], ident: str) -> dict[str, Any] | None:
    """A CSL-JSON item from a Crossref work record (None when it lacks title or year)."""
    typ = _CR_TYPES.get(str(rec.get("type")))
    title = (rec.get("title") or [""])[0]
    parts = (rec.get("issued") or {}).get("date-parts") or [[None]]
    year = parts[0][0] if parts and parts[0] else None
    if typ is None or not title or not year:
        return None
    item: dict[str, Any] = {
        "id": ident,
        "type": typ,
        "title": " ".join(title.split()),
        "issued": {"date-parts": [[year]]},
    }
    container = rec.get("container-title") or []
    if container:
        item["container-title"] = " ".join(container[0].split())
    for var in ("volume", "issue", "page", "DOI", "publisher"):
        if rec.get(var):
            item[var] = str(rec[var]).strip()
    if rec.get("ISBN"):
        item["ISBN"] = rec["ISBN"][0]
    for role in ("author", "editor"):
        names = [
            {"family": n["family"].strip(), "given": n.get("given", "").strip()}
            for n in rec.get(role, [])
            if n.get("family")
        ]
        if names:
            item[role] = names[:8]
    if "DOI" in item:
        item["DOI"] = item["DOI"].lower()
    if any("<" in str(v) for v in item.values()):
        return None
    return item


def item_from_record(rec: dict[str, Any], ident: str) -> dict[str, Any]:
    """A CSL-JSON item from one of refman's constructed records (:mod:`.records`)."""
    typ = rec["type"]
    csl_type = {"legislation": "legislation", "article-newspaper": "article-newspaper"}.get(typ, typ)
    item: dict[str, Any] = {"id": ident, "type": csl_type, "title": rec["title"], "language": rec["lang"]}
    if rec.get("year"):
        item["issued"] = {"date-parts": [[rec["year"]]]}
    for role in ("author", "editor"):
        if rec.get(role):
            item[role] = [{"family": f, "given": g} for f, g in rec[role]]
    if rec.get("container"):
        item["container-title"] = rec["container"]
    elif rec.get("site"):
        item["container-title"] = rec["site"]
    if rec.get("place"):
        item["publisher-place"] = rec["place"][1]
    if rec.get("org"):
        item["publisher"] = rec["org"]
    for src, dst in (
        ("publisher", "publisher"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("pages", "page"),
        ("npages", "number-of-pages"),
        ("doi", "DOI"),
        ("url", "URL"),
        ("isbn", "ISBN"),
    ):
        if rec.get(src):
            item[dst] = rec[src]
    if rec.get("thesis"):
        item["genre"] = rec["thesis"][0]
    if rec.get("accessed"):
        item["accessed"] = {"date-parts": [list(rec["accessed"])]}
    return item
