"""Where links come from: BibTeX and CSL-JSON fields, article text, plain lists.

The scanners are pure (text or references in, :class:`Link` values out) and linear in the size of
the input. :func:`read_links` is the one function here that reads files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from refman.errors import Problem
from refman.formats.collection import collection_kind, parse_collection
from refman.identifiers import STANDALONE_DOI, doi_url, is_doi, is_doi_url, normalise_doi
from refman.linkcheck.links import Link
from refman.model import Reference

__all__ = [
    "bib_entry_lines",
    "csl_item_lines",
    "links_from_list",
    "links_from_references",
    "links_from_text",
    "read_links",
    "url_problem",
]


# One pass over the text; the alternatives are tried left to right at each position, so a DOI
# inside a URL is taken as part of the URL, and a Markdown link as a whole (its target only).
_SCAN = re.compile(
    r"\[(?P<mdtext>[^\]\n]{0,2000})\]\(\s*<?(?P<md>(?:https?://|www\.)[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?"
    r"(?:\s+\"[^\"\n]{0,500}\")?\s*\)"
    r"|<(?P<auto>(?:https?://|www\.)[^\s<>]+)>"
    r"|(?P<bare>(?:\b[Hh][Tt][Tt][Pp][Ss]?://|(?<![\w@/.-])www\.)[^\s<>\"`{}|\[\]^«»“”„]+)"
    rf"|(?P<doi>{STANDALONE_DOI})"
)
_TRAILING = ".,;:!?'\"»”’)*_~"
_MD_ESCAPE = re.compile(r"\\+(?=[\\_*~`#\-.!()\[\]+{}&=])")
_BIB_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()\"#%'=]+)\s*,")
_CSL_ID = re.compile(r"\"id\"\s*:\s*(\"(?:[^\"\\\n]|\\.){0,1000}\"|-?\d+(?:\.\d+)?)")


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be checked as written (unsupported scheme, no host, spaces...), or None."""
    if not url:
        return "empty URL"
    if any(c.isspace() for c in url):
        return "URL contains spaces"
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    scheme = split.scheme.lower()
    if not scheme:
        return "not a URL (no scheme such as https://)"
    if scheme not in ("http", "https"):
        return f"unsupported scheme {scheme!r} (only http and https are checked)"
    host = split.hostname
    if not host:
        return "URL has no host"
    if port == 0:
        return "URL has port 0"
    if host.startswith(".") or ".." in host or host.endswith("-"):
        return f"malformed host name {host!r}"
    try:
        host.encode("idna")
    except UnicodeError:
        return f"malformed host name {host!r}"
    return None


def _trim(candidate: str) -> str:
    """Strip punctuation that ends a sentence, not the URL (keeping balanced parentheses)."""
    while candidate:
        last = candidate[-1]
        if last == ")":
            if candidate.count("(") >= candidate.count(")"):
                break
        elif last not in _TRAILING:
            break
        candidate = candidate[:-1]
    return candidate


def _unescape(url: str) -> str:
    return _MD_ESCAPE.sub("", url)


def _url_link(url: str, **where: Any) -> Link:
    """A Link for a URL as written; a resolver URL becomes a DOI link (checked via the handle API)."""
    if url.lower().startswith("www."):
        url = "https://" + url
    if is_doi_url(url) and is_doi(url):
        return Link(url=url, kind="doi", doi=normalise_doi(url), **where)
    return Link(url=url, problem=url_problem(url), **where)


def _doi_link(raw: str, **where: Any) -> Link:
    doi = normalise_doi(raw) if is_doi(raw) else None
    if doi is None:
        return Link(url=raw, kind="doi", problem=f"not a DOI: {raw!r}", **where)
    return Link(url=doi_url(doi), kind="doi", doi=doi, **where)


def _scan(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, kind, value) for every URL or DOI in ``text``; kind is ``url`` or ``doi``."""
    line = 1
    pos = 0
    for m in _SCAN.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        group = m.lastgroup
        if group == "doi":
            value = _trim(m.group("doi"))
            if is_doi(value):
                yield line, "doi", value
            continue
        if group == "md":
            value = _unescape(m.group("md")).rstrip("\\")
        elif group == "auto":
            value = _unescape(m.group("auto")).rstrip("\\")
        else:
            value = _trim(_unescape(m.group("bare")).rstrip("\\"))
        if len(value) > len("https://"):
            yield line, "url", value


def links_from_text(
    text: str,
    source: str | None = None,
    references: Sequence[Reference] = (),
    field: str = "text",
) -> list[Link]:
    """Every URL and DOI in article text (bare, ``<url>``, ``[text](url)``, ``doi:``), with its line.

    ``references`` (the article's reference list, if extracted) attribute links to their
    reference: a link equal to a reference's URL or DOI gets its citation key and field; a
    reference link the scan did not see (e.g. split over lines) is added at the reference's line.
    """
    owners: dict[str, tuple[str, str, int | None]] = {}
    ref_links: list[Link] = []
    for ref in references:
        label = ref.citation_key or ref.id
        for link in links_from_references([ref], source):
            owners.setdefault(link.target, (label, link.field or "URL", ref.refman.line))
            ref_links.append(link)
    out: list[Link] = []
    seen: set[str] = set()
    for line, kind, value in _scan(text):
        link = (
            _doi_link(value, source=source, line=line)
            if kind == "doi"
            else _url_link(value, source=source, line=line)
        )
        owner = owners.get(link.target)
        if owner is not None:
            link = Link(
                url=link.url,
                kind=link.kind,
                doi=link.doi,
                reference=owner[0],
                field=owner[1],
                source=source,
                line=line,
                problem=link.problem,
            )
        else:
            link = Link(link.url, link.kind, link.doi, None, field, source, line, link.problem)
        seen.add(link.target)
        out.append(link)
    for link in ref_links:
        if link.target not in seen:
            seen.add(link.target)
            out.append(link)
    return out


def _list_token(token: str, source: str | None, line: int) -> Link:
    if is_doi(token) and not token.lower().startswith(("http://", "https://")):
        return _doi_link(token, source=source, line=line, field="list")
    lowered = token.lower()
    if lowered.startswith("www.") or "://" in token:
        return _url_link(token, source=source, line=line, field="list")
    return Link(url=token, source=source, line=line, field="list", problem="not a URL or DOI")


def links_from_list(text: str, source: str | None = None) -> list[Link] | None:
    """Links of a plain list (one URL or DOI per line; blank lines and ``#`` comments skipped).

    Returns None when ``text`` is not such a list (some line holds more than one word), so the
    caller can scan it as article text instead. Unusable entries become invalid links.
    """
    out: list[Link] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        token = raw.strip()
        if not token or token.startswith("#"):
            continue
        if any(c.isspace() for c in token):
            return None
        out.append(_list_token(_trim(token) or token, source, number))
    return out


def _string_values(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _string_values(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from _string_values(inner, path)


_BIB_FIELD_NAMES = {"DOI": "doi", "URL": "url", "note": "note", "container-title": "howpublished"}
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/{}",
    "hdl": "https://hdl.handle.net/{}",
    "handle": "https://hdl.handle.net/{}",
}


def _eprint_link(fields: dict[str, Any]) -> str | None:
    """The URL of a BibTeX ``eprint`` (arXiv or handle), from ``eprinttype``/``archiveprefix``."""
    eprint = fields.get("eprint")
    kind = fields.get("eprinttype") or fields.get("archiveprefix") or fields.get("archivePrefix")
    if not isinstance(eprint, str) or not isinstance(kind, str) or not eprint.strip():
        return None
    template = _EPRINT_URLS.get(kind.strip().lower())
    return template.format(eprint.strip()) if template else None


def links_from_references(
    refs: Iterable[Reference],
    source: str | None = None,
    lines: dict[str, int] | None = None,
    *,
    bibtex: bool = False,
) -> list[Link]:
    """The links of references: ``DOI``, ``URL``, arXiv/handle ``eprint``, and URLs or DOIs in other fields.

    Other fields are ``note``, ``container-title`` (where BibTeX ``howpublished = {\\url{...}}``
    lands), CSL variables kept in ``extra`` and BibTeX fields kept in ``custom.refman.bibtex``.

    The reference is named by its citation key (or id); ``lines`` maps that name (or the id) to
    the line where the entry starts. With ``bibtex`` the fields are named as in BibTeX (``doi``,
    ``url``). Within one reference a target is listed once (the DOI field first).
    """
    out: list[Link] = []
    for ref in refs:
        label = ref.citation_key or ref.id
        line = None
        if lines:
            line = lines.get(label, lines.get(ref.id))
        if line is None:
            line = ref.refman.line

        def name(csl: str) -> str:
            return _BIB_FIELD_NAMES.get(csl, csl) if bibtex else csl

        seen: set[str] = set()
        candidates: list[Link] = []
        where = {"reference": label, "source": source, "line": line}
        if ref.DOI and ref.DOI.strip():
            candidates.append(_doi_link(ref.DOI, field=name("DOI"), **where))
        if ref.URL and ref.URL.strip():
            parts = ref.URL.split()
            for part in parts if len(parts) > 1 and all("://" in p for p in parts) else [ref.URL.strip()]:
                candidates.append(_url_link(part, field=name("URL"), **where))
        bib_fields = ref.refman.extra.get("bibtex")
        if isinstance(bib_fields, dict):
            eprint = _eprint_link(bib_fields)
            if eprint:
                candidates.append(_url_link(eprint, field="eprint", **where))
        texts: list[tuple[str, str]] = []
        if ref.note:
            texts.append((name("note"), ref.note))
        if ref.container_title:
            texts.append((name("container-title"), ref.container_title))
        for key, value in ref.extra.items():
            texts.extend(_string_values(value, key))
        for key, value in ref.custom.items():
            texts.extend(_string_values(value, f"custom.{key}"))
        if isinstance(bib_fields, dict):
            for key, value in bib_fields.items():
                if key.lower() not in ("eprint", "file", "pdf"):
                    texts.extend(_string_values(value, key))
        for field_name, value in texts:
            for _, kind, found in _scan(value):
                if kind == "doi":
                    candidates.append(_doi_link(found, field=field_name, **where))
                else:
                    candidates.append(_url_link(found, field=field_name, **where))
        for link in candidates:
            if link.target in seen:
                continue
            seen.add(link.target)
            out.append(link)
    return out


def bib_entry_lines(text: str) -> dict[str, int]:
    """The 1-based line where each BibTeX entry starts, by citation key (first one wins)."""
    out: dict[str, int] = {}
    line = 1
    pos = 0
    for m in _BIB_ENTRY.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if m.group(1).lower() in ("string", "preamble", "comment"):
            continue
        out.setdefault(m.group(2), line)
    return out


def csl_item_lines(text: str) -> dict[str, int]:
    """The 1-based line of each CSL-JSON item's ``"id"`` (first one wins)."""
    out: dict[str, int] = {}
    line = 1
    pos = 0
    for m in _CSL_ID.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        try:
            value = json.loads(m.group(1))
        except ValueError:
            continue
        out.setdefault(str(value), line)
    return out


def _article_references(text: str, source: str) -> tuple[list[Reference], list[Problem]]:
    """The article's reference list with citation keys, if the extractor can read it."""
    try:
        from refman.extract import extract_article
        from refman.keys import assign_keys
    except ImportError as exc:  # pragma: no cover - only while the extractor is missing
        return [], [Problem(source, f"links not attributed to references ({exc})")]
    try:
        article = extract_article(text, source=Path(source).stem)
        items = assign_keys([article.metadata, *article.references])
    except Exception as exc:  # an extractor bug must not stop the link check
        return [], [Problem(source, f"links not attributed to references (extraction failed: {exc})")]
    return list(items[1:]), []


def parse_links(name: str, text: str) -> tuple[list[Link], list[Problem]]:
    """Links in the text of file ``name`` (``-`` for stdin): a collection's fields (its kind as
    :func:`~refman.formats.collection.collection_kind` tells it), else the text's own links;
    returns links and problems.

    Raises :class:`~refman.errors.InputError` for a collection that is not valid (the message
    names the item).
    """
    source = "<stdin>" if name == "-" else name
    kind = collection_kind(name, text)
    if kind is not None:
        refs, problems = parse_collection(name, text)
        if kind == "csl-json":
            return links_from_references(refs, source, csl_item_lines(text)), problems
        lines = bib_entry_lines(text) if kind == "bibtex" else None
        return links_from_references(refs, source, lines, bibtex=True), problems
    listed = links_from_list(text, source)
    if listed is not None:
        return listed, []
    references, problems = _article_references(text, source)
    return links_from_text(text, source, references), problems


def read_links(name: str, text: str | None = None) -> tuple[list[Link], list[Problem]]:
    """Read file ``name`` (or use ``text`` when given, e.g. stdin) and return its links and problems.

    Raises :class:`~refman.errors.InputError` for missing, empty, binary or malformed files.
    """
    from refman.store import read_text

    if text is None:
        text = read_text(name)
    return parse_links(name, text)
