"""Web references: fetch the page and read what it says about itself.

:func:`parse_html_metadata` is pure: HTML text in, metadata out, read (first found wins) from
Highwire/Google Scholar ``citation_*`` tags, Dublin Core (``DC.*``/``dcterms.*``), Open Graph
(``og:*``, ``article:*``), JSON-LD (``schema.org`` ``headline``/``name``, ``author``,
``datePublished``, ``publisher``) and finally ``<title>``. A DOI is taken from ``citation_doi``,
``DC.identifier``, ``prism.doi`` or the URL itself (never from links in the body, which may be
the page's own reference list).

:class:`WebFetcher` does the I/O with ``httpx2`` (the HTTP library habanero brings): bounded
size, redirects followed, a timeout, a few requests at a time, answers cached in the resolve
cache, ``offline`` served from it only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from refman.formats.jsontext import NotJson, load_json
from refman.identifiers import find_doi
from refman.model import fitting
from refman.normalise import date_parts
from refman.resolve.cache import Cache
from refman.resolve.crossref import Reply
from refman.resolve.http import USER_AGENT, get_bounded
from refman.resolve.records import Page, WebPage

__all__ = ["WebFetcher", "page_of", "parse_html_metadata"]

MAX_BYTES = 2 * 1024 * 1024

#: The meta tags each value is read from, first found wins (JSON-LD and ``<title>`` come after).
_TAGS: dict[str, tuple[str, ...]] = {
    value: tuple(tags.split())
    for value, tags in (
        ("title", "citation_title dc.title dcterms.title og:title twitter:title"),
        (
            "site",
            "og:site_name citation_journal_title citation_conference_title dc.publisher citation_publisher",
        ),
        ("authors", "citation_author dc.creator dcterms.creator author article:author"),
        (
            "date",
            "citation_publication_date citation_date citation_online_date dc.date dcterms.issued "
            "dcterms.created article:published_time og:published_time date",
        ),
        ("doi", "citation_doi dc.identifier dcterms.identifier prism.doi bepress_citation_doi"),
    )
}


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.title_parts: list[str] = []
        self.jsonld: list[str] = []
        self.lang: str | None = None
        self.canonical: str | None = None
        self._in_title = False
        self._in_jsonld = False
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").strip().lower()
            content = a.get("content", "").strip()
            if key and content:
                self.meta.setdefault(key, []).append(content)
        elif tag == "title":
            self._in_title = True
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_jsonld = True
            self._buf = []
        elif tag == "html" and a.get("lang"):
            self.lang = a["lang"].split("-")[0].lower()
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.canonical = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._in_jsonld:
            self._in_jsonld = False
            self.jsonld.append("".join(self._buf))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif self._in_jsonld:
            self._buf.append(data)


def _jsonld_objects(blobs: Iterable[str]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            out.append(node)
            graph = node.get("@graph")
            if isinstance(graph, list):
                for item in graph:
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for blob in blobs:
        try:
            data, _ = load_json(blob)  # nesting bounded, lone surrogates replaced
        except NotJson:
            continue
        walk(data)
    return out


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_html_metadata(html: str, url: str) -> dict[str, Any]:
    """Title, site, authors, date, DOI, language and canonical URL a page declares (pure).

    Keys are present only when found: ``title``, ``site``, ``authors`` (list), ``date`` (as
    written), ``doi``, ``language``, ``canonical``; ``sources`` says which tag gave each value.
    """
    parser = _MetaParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:
        pass
    meta = parser.meta
    ld = _jsonld_objects(parser.jsonld)
    out: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def pick(keys: Sequence[str]) -> tuple[str, str] | None:
        for k in keys:
            values = meta.get(k)
            if values:
                return values[0], k
        return None

    found = pick(_TAGS["title"])
    if found is None:
        for obj in ld:
            for k in ("headline", "name"):
                v = obj.get(k)
                if (
                    isinstance(v, str)
                    and v.strip()
                    and obj.get("@type") not in ("Organization", "Person", "WebSite")
                ):
                    found = (v, f"json-ld:{k}")
                    break
            if found:
                break
    if found is None and parser.title_parts:
        found = ("".join(parser.title_parts), "title")
    if found is not None and _clean(found[0]):
        out["title"], sources["title"] = _clean(found[0]), found[1]

    found = pick(_TAGS["site"])
    if found is None:
        for obj in ld:
            names = _names(obj.get("publisher")) or (
                [obj["name"]] if obj.get("@type") == "WebSite" and isinstance(obj.get("name"), str) else []
            )
            if names:
                found = (names[0], "json-ld:publisher")
                break
    if found is not None and _clean(found[0]):
        out["site"], sources["site"] = _clean(found[0]), found[1]

    authors: list[str] = []
    for k in _TAGS["authors"]:
        values = [v for v in meta.get(k, []) if not v.startswith("http")]
        if values:
            authors, sources["authors"] = values, k
            break
    if not authors:
        for obj in ld:
            names = _names(obj.get("author"))
            if names:
                authors, sources["authors"] = names, "json-ld:author"
                break
    if authors:
        out["authors"] = [_clean(a) for a in authors if _clean(a)]

    found = pick(_TAGS["date"])
    if found is None:
        for obj in ld:
            v = obj.get("datePublished") or obj.get("dateCreated")
            if isinstance(v, str) and v.strip():
                found = (v, "json-ld:datePublished")
                break
    if found is not None:
        out["date"], sources["date"] = found[0].strip(), found[1]

    doi = None
    for k in _TAGS["doi"]:
        for v in meta.get(k, []):
            doi = find_doi(v)
            if doi:
                sources["doi"] = k
                break
        if doi:
            break
    if doi is None:
        doi = find_doi(url)
        if doi:
            sources["doi"] = "url"
    if doi:
        out["doi"] = doi
    lang = (meta.get("citation_language") or meta.get("dc.language") or [parser.lang or ""])[0]
    if lang:
        out["language"] = lang.split("-")[0].lower()[:8]
    if parser.canonical:
        out["canonical"] = parser.canonical
    out["sources"] = sources
    return out


def _csl_fields(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The CSL fields a page's metadata offers: title, site (as container), authors, date, language."""
    fields: dict[str, Any] = {}
    if meta.get("title"):
        fields["title"] = meta["title"]
    if meta.get("site"):
        fields["container-title"] = meta["site"]
    authors = meta.get("authors") or []
    if authors:
        names: list[dict[str, str]] = []
        for a in authors[:20]:
            if "," in a:
                family, given = (p.strip() for p in a.split(",", 1))
                names.append({"family": family, "given": given} if given else {"family": family})
            else:
                names.append({"literal": a})
        fields["author"] = names
    if meta.get("date"):
        parts = date_parts(str(meta["date"]))
        if parts:
            fields["issued"] = {"date-parts": [parts]}
    if meta.get("language"):
        fields["language"] = meta["language"]
    return fitting(fields)


def page_of(meta: Mapping[str, Any]) -> Page:
    """A page from what :meth:`WebFetcher` keeps of it (:func:`parse_html_metadata` plus
    ``status``, ``final_url`` and ``content_type``): its description and, when it was there, the
    fields it offers."""
    web = WebPage.from_json(meta)
    return Page(web, _csl_fields(meta) if web.ok else {})


class WebFetcher:
    """Fetch pages and read their metadata; answers are cached under kind ``web``."""

    def __init__(
        self,
        cache: Cache,
        *,
        offline: bool = False,
        refresh: bool = False,
        timeout: float = 10.0,
        concurrency: int = 4,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.cache = cache
        self.offline = offline
        self.refresh = refresh
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.max_bytes = max_bytes
        self.requests = 0
        self._lock = threading.Lock()

    def fetch(self, url: str) -> Reply[Page]:
        """The page (``ok``, or ``not_found`` for an HTTP error page); failures are
        ``failed``/``unreachable``/``offline``."""
        if not self.refresh:
            hit = self.cache.get("web", url)
            if hit is not None:
                return Reply("ok" if hit[0] < 400 else "not_found", body=page_of(hit[1]), cached=True)
        if self.offline:
            return Reply("offline", error="offline: not in the cache")
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            return Reply("failed", error=f"not a web address: {url}")
        import httpx2

        with self._lock:
            self.requests += 1
        try:
            answer = get_bounded(
                url,
                headers={"User-Agent": USER_AGENT},
                timeout=self.timeout,
                max_bytes=self.max_bytes,
                read_body=lambda _, ctype: "html" in ctype or "xml" in ctype or not ctype,
            )
        except (httpx2.ConnectError, httpx2.UnsupportedProtocol, httpx2.InvalidURL) as exc:
            return Reply("unreachable", error=f"{url}: cannot connect ({exc})")
        except httpx2.TimeoutException:
            return Reply("failed", error=f"{url}: timed out")
        except httpx2.HTTPError as exc:
            return Reply("failed", error=f"{url}: {type(exc).__name__}: {exc}")
        status, ctype = answer.status, answer.content_type
        body: dict[str, Any] = {
            "status": status,
            "final_url": answer.url,
            "content_type": ctype.split(";")[0],
        }
        if status < 400 and answer.body:
            html = answer.body.decode(answer.encoding, errors="replace")
            body.update(parse_html_metadata(html, answer.url))
        if status >= 500 or status == 429:
            return Reply("failed", body=page_of(body), error=f"{url}: HTTP {status}")
        self.cache.put("web", url, status, body)
        return Reply(
            "ok" if status < 400 else "not_found",
            body=page_of(body),
            error=None if status < 400 else f"HTTP {status}",
        )

    def fetch_many(
        self, urls: Sequence[str], progress: Callable[[], None] | None = None
    ) -> dict[str, Reply[Page]]:
        """Fetch several pages, a few at a time; duplicates once."""
        unique = list(dict.fromkeys(urls))
        results: dict[str, Reply[Page]] = {}
        if not unique:
            return results

        def one(u: str) -> None:
            results[u] = self.fetch(u)
            if progress is not None:
                progress()

        with ThreadPoolExecutor(
            max_workers=min(self.concurrency, len(unique)), thread_name_prefix="web"
        ) as ex:
            for _ in ex.map(one, unique):
                pass
        return results
