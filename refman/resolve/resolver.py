"""``resolve_references``: references in, references with DOIs, Crossref metadata and evidence out.

For each reference, in order of what it offers:

1. a DOI (given, or written in the string or URL): ``/works/{doi}``; the record is checked against
   the reference (:func:`~refman.resolve.match.validate_doi_record`). A DOI Crossref does not hold
   is kept as written and marked ``not in Crossref`` (``custom.refman.match.doi_status``); doi.org
   is asked which agency registered it and, for DataCite, mEDRA and the others, the work's
   CSL-JSON (:mod:`~refman.resolve.doiorg`), checked against the reference the same way. When
   that settles nothing, the string is searched instead;
2. a web reference (a URL and nothing that looks like a journal or book): the page's metadata
   fills what the reference lacks (``custom.refman.web``); a DOI on the page goes to step 1;
3. otherwise a ``query.bibliographic`` search (20 rows, a year filter with slack) and validation
   of every candidate (:func:`~refman.resolve.match.match_candidates`).

Matched references take Crossref's metadata; every value it replaces is kept in
``custom.refman.match.replaced`` and the string as written stays in ``custom.refman.raw``.
``DOI`` is set by accepted matches, and a DOI as written is kept unless its own record describes
another work. References that could not be checked (offline and not
in the cache, network errors) get ``custom.refman.match.status = "not checked"`` with the reason
(one reason for offline and unreachable alike), and the :class:`ResolveReport` lists them.
Resolutions are cached (:class:`~refman.resolve.records.Resolution`), so re-runs are fast.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from refman.extract.recovered import RECOVERED_NOTE, Recovered
from refman.identifiers import normalise_doi
from refman.model import DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS, Date, Name, Reference
from refman.resolve.cache import Cache
from refman.resolve.crossref import CrossrefClient, Reply, Task
from refman.resolve.doiorg import DoiOrgClient
from refman.resolve.features import (
    RefFeatures,
    author_search,
    bibliographic_query,
    ref_features,
    year_filter,
)
from refman.resolve.mapping import (
    agency_csl_fields,
    crossref_relation,
    crossref_subtitle,
    crossref_to_csl,
    crossref_updates,
)
from refman.resolve.match import (
    MATCHER_VERSION,
    MatchResult,
    match_candidates,
    review_candidates,
    validate_doi_record,
)
from refman.resolve.records import (
    CROSSREF_NOT_REACHED,
    NOT_CHECKED,
    NOT_REGISTERED,
    PAGE_NOT_REACHED,
    CrossrefWork,
    DoiStatus,
    Page,
    Resolution,
)
from refman.resolve.stats import ResolveReport
from refman.resolve.web import WebFetcher
from refman.settings import Settings
from refman.translit import latin_spellings

__all__ = ["RESOLUTION_VERSION", "apply_resolution", "fingerprint", "resolve_references"]

#: Version of the cached resolution format (with MATCHER_VERSION, part of every fingerprint).
RESOLUTION_VERSION = "3"
#: CSL types of web references (they are described from their page, not searched in Crossref).
WEB_TYPES = frozenset({"webpage", "post", "post-weblog", "software", "dataset"})
#: Too little text to search for: fewer letters (outside numbers) than this.
MIN_QUERY_CHARS = 12

Progress = Callable[[int, int], None]


def fingerprint(ref: Reference, service: str) -> str:
    """A key for the cached resolution: the reference's content, the service and the matcher version."""
    content: list[Any] = [
        MATCHER_VERSION,
        RESOLUTION_VERSION,
        service,
        ref.refman.raw,
        ref.type,
        ref.title,
        [n.family or n.literal for n in ref.author],
        ref.year,
        ref.container_title,
        ref.volume,
        ref.issue,
        ref.page,
        ref.DOI,
        ref.URL,
        ref.publisher,
    ]
    recovered = Recovered.of(ref)
    if recovered is not None:
        content.append(recovered.to_json())  # its names, not its (empty) string, say what it is
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def _is_web(ref: Reference, feat: RefFeatures) -> bool:
    if not ref.URL or feat.doi:
        return False
    if ref.type in WEB_TYPES:
        return True
    return not (ref.container_title or ref.volume or ref.page or ref.ISBN or ref.publisher)


def _searchable(feat: RefFeatures) -> bool:
    return sum(len(t) for t in feat.tokens if not t.isdigit()) >= MIN_QUERY_CHARS


# --- applying a resolution -----------------------------------------------------------------------


def _csl_value(ref: Reference, key: str) -> Any:
    if key == "type":
        return ref.type
    if key in TEXT_FIELDS:
        return getattr(ref, TEXT_FIELDS[key])
    if key in NAME_FIELDS:
        names = getattr(ref, NAME_FIELDS[key])
        return [n.to_csl() for n in names] if names else None
    if key in DATE_FIELDS:
        date = getattr(ref, DATE_FIELDS[key])
        return date.to_csl() if date else None
    return ref.extra.get(key)


_SIMPLE_NAME = frozenset({"family", "given", "literal", "suffix"})


def _name(data: Mapping[str, Any]) -> Name:
    """``Name.from_csl``, faster for the plain names Crossref gives (the cached path is hot)."""
    if data.keys() <= _SIMPLE_NAME:
        return Name(
            data.get("family"), data.get("given"), None, None, data.get("suffix"), data.get("literal")
        )
    return Name.from_csl(dict(data))


def _set_csl(ref: Reference, key: str, value: Any) -> None:
    if key == "type":
        ref.type = value
    elif key in TEXT_FIELDS:
        setattr(ref, TEXT_FIELDS[key], value)
    elif key in NAME_FIELDS:
        setattr(ref, NAME_FIELDS[key], [_name(n) for n in value])
    elif key in DATE_FIELDS:
        setattr(ref, DATE_FIELDS[key], Date.from_csl(value))
    else:
        ref.extra[key] = value


def _apply_work(out: Reference, work: CrossrefWork, raw: str) -> dict[str, Any]:
    """Put a matched work's fields into ``out``; what the resolution notes about it
    (``replaced`` values, the ``subtitle``)."""
    replaced: dict[str, Any] = {}
    for key, value in work.fields.items():
        old = _csl_value(out, key)
        if old is not None and old != value:
            replaced[key] = old
        _set_csl(out, key, value)
    notes: dict[str, Any] = {"replaced": replaced}
    if work.relation:
        # Crossref's links to preprints and other versions: what lets dedupe join them.
        out.custom["relation"] = dict(work.relation)
    if work.subtitle and out.title:
        # Appended only when the reference itself gives it: a deck or catalogue number
        # deposited as a subtitle is kept as evidence, not put into the title.
        if _words_in(work.subtitle, raw) and not _words_in(work.subtitle, out.title):
            joiner = " " if out.title[-1] in "?!:.;" else ": "
            out.title = f"{out.title}{joiner}{work.subtitle}"
            notes["subtitle"] = "appended: the reference gives it"
        else:
            notes["subtitle"] = work.subtitle
    return notes


def _apply_page(out: Reference, page: Page) -> Reference:
    """Fill the gaps of ``out`` from a page; the reference with the page's description."""
    filled: list[str] = []
    for key, value in page.fields.items():
        if _csl_value(out, key) in (None, [], ""):
            _set_csl(out, key, value)
            filled.append(key)
    return replace(page.web, filled=tuple(filled)).attach(out)


def apply_resolution(ref: Reference, resolution: Resolution) -> Reference:
    """A copy of ``ref`` with a resolution applied: Crossref fields for a match (replaced values
    kept in ``custom.refman.match.replaced``), page metadata for gaps, and the resolution itself
    (``custom.refman.match``)."""
    out = ref.replace(
        author=list(ref.author),
        editor=list(ref.editor),
        translator=list(ref.translator),
        extra=dict(ref.extra),
        custom=dict(ref.custom),
        refman=ref.refman.__class__.from_json(ref.refman.to_json()),
    )
    given_doi = normalise_doi(ref.DOI) if ref.DOI else None
    notes: dict[str, Any] = {}
    doi_status = resolution.doi_status
    if resolution.status == "matched" and resolution.work is not None:
        notes = _apply_work(out, resolution.work, ref.refman.raw or "")
    elif doi_status is not None and resolution.agency is None:
        # a DOI Crossref does not hold, and no record of it said otherwise: kept as written
        out.DOI = given_doi or doi_status.DOI
    elif resolution.status in ("ambiguous", "unmatched") and given_doi:
        # the DOI's own record describes another work: kept with the evidence, not in DOI
        notes = {"given_DOI": given_doi}
        out.DOI = None
    if resolution.page is not None:
        out = _apply_page(out, resolution.page)
    return replace(resolution, work=None, page=None, **notes).attach(out)


def _words_in(phrase: str, text: str) -> bool:
    """True when every word of ``phrase`` (case and punctuation aside) occurs in ``text``."""
    words = re.findall(r"\w+", phrase.lower())
    have = set(re.findall(r"\w+", text.lower()))
    return bool(words) and all(w in have for w in words)


def _resolution_of(result: MatchResult, page: Page | None) -> Resolution:
    """The matcher's result as a resolution, bringing the matched work and the page read."""
    resolution = replace(result.resolution(), page=page)
    if result.status != "matched" or result.record is None:
        return resolution
    work = CrossrefWork(
        crossref_to_csl(result.record),
        crossref_subtitle(result.record),
        crossref_relation(result.record),
    )
    return replace(resolution, updates=tuple(crossref_updates(result.record)), work=work)


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class _State:
    ref: Reference
    fp: str
    _feat: RefFeatures | None = None
    resolution: Resolution | None = None
    cached: bool = False
    doi_status: DoiStatus | None = None
    agency_doi: str | None = None  # a DOI to ask doi.org about
    page: Page | None = None
    tried_dois: set[str] = field(default_factory=set)
    fallback: Resolution | None = None  # a search resolution kept while the page is read
    problem: str | None = None  # why it could not be checked
    task: Task | None = None
    url: str | None = None
    candidates: list[Mapping[str, Any]] = field(default_factory=list)  # from every search so far

    @property
    def feat(self) -> RefFeatures:
        """The comparison features (computed only for references not resolved from the cache)."""
        if self._feat is None:
            self._feat = ref_features(self.ref)
        return self._feat

    def settle(self, result: MatchResult) -> Resolution:
        """The matcher's result as a resolution, bringing the page read (if any)."""
        return _resolution_of(result, self.page)

    def unmatched(self, reason: str) -> None:
        self.resolution = self.settle(MatchResult("unmatched", reason=reason))

    def not_checked(self, reason: str, problem: str | None = None) -> None:
        """Not checked, for ``reason``; ``problem`` is the error itself (for the terminal)."""
        self.problem = problem or reason
        self.resolution = Resolution(NOT_CHECKED, reason=reason, matcher=MATCHER_VERSION)

    def unanswered(self, reply: Reply[Any], not_reached: str) -> None:
        """A reply that settles nothing: the search resolution kept while a page was read, else
        not checked. A service not reached (offline or unreachable) gives ``not_reached``, one
        reason for both, so what is written does not depend on which it was."""
        error = reply.error or reply.status
        if self.fallback is not None:
            self.resolution, self.problem = self.fallback, error
        else:
            self.not_checked(not_reached if reply.not_reached else error, error)


#: Why a recovered reference is never matched.
RECOVERED_REVIEW = f"{RECOVERED_NOTE}: candidates found by its names, for a person to accept"


def _recovered_search(record: Recovered) -> Task | None:
    """A ``query.author`` search by the names beside a recovered reference's citations, in the
    Latin spellings they may have (no year: the text gives none)."""
    words = list(dict.fromkeys(w for n in record.names for w in latin_spellings(n.name)))
    return Task("search", " ".join(words)[:1000], None, field="author") if words else None


def _web_url(ref: Reference) -> str | None:
    url = (ref.URL or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def _open_cache(settings: Settings, report: ResolveReport) -> Cache:
    try:
        return Cache(settings.cache_dir, on_warning=report.warnings.append)
    except (OSError, sqlite3.Error) as exc:
        report.errors.append(f"cache {settings.cache_dir} unusable ({exc}); nothing is kept between runs")
        return Cache(None)


def _after_crossref(
    s: _State,
    task: Task,
    reply: Reply[Any],
    search_task: Callable[[_State], Task],
) -> None:
    """What a Crossref reply means for a reference: a resolution, or the next thing to ask."""
    if reply.status not in ("ok", "not_found"):
        if task.field == "author" and s.candidates:
            s.resolution = s.settle(match_candidates(s.feat, s.candidates))  # the first search's
        else:
            s.unanswered(reply, CROSSREF_NOT_REACHED)
        return
    if task.kind == "work":
        if reply.status == "ok" and reply.body is not None:
            s.resolution = s.settle(validate_doi_record(s.feat, reply.body))
        elif s.page is not None:  # the DOI came from the page
            s.resolution = s.fallback
            if s.resolution is None:
                s.unmatched("the DOI on the page does not exist")
        else:
            s.doi_status = DoiStatus(task.key)
            s.agency_doi = task.key
        return
    if reply.status == "ok" and isinstance(reply.body, list):
        seen = {str(c.get("DOI", "")).lower() for c in s.candidates}
        s.candidates.extend(c for c in reply.body if str(c.get("DOI", "")).lower() not in seen)
    recovered = Recovered.of(s.ref)
    if recovered is not None:
        # names only: candidates for a person, never a match
        spellings = {w.casefold() for n in recovered.names for w in latin_spellings(n.name)}
        s.resolution = s.settle(review_candidates(s.feat, s.candidates, RECOVERED_REVIEW, spellings))
        return
    if not s.candidates:
        s.unmatched("no candidates")
        return
    result = match_candidates(s.feat, s.candidates)
    if result.status != "matched" and task.field == "bibliographic":
        by_author = author_search(s.ref)
        if by_author is not None:
            # not settled by the string: the first authors' other works of those years
            s.task = Task("search", by_author[0], by_author[1], field="author")
            return
    resolution = s.settle(result)
    url = _web_url(s.ref)
    if result.status != "matched" and url is not None and s.page is None:
        # not found by searching: the page the reference links to may give its DOI
        s.fallback, s.url = resolution, url
    else:
        s.resolution = resolution


def _after_doiorg(s: _State, doi: str, reply: Reply[Any], search_task: Callable[[_State], Task]) -> None:
    """What doi.org said of a DOI Crossref does not hold: a match from its agency's record, or
    the search to try next."""
    if reply.status == "not_found":
        s.doi_status = DoiStatus(doi, NOT_REGISTERED, checked=True)
    elif reply.status == "ok" and isinstance(reply.body, Mapping):
        agency = str(reply.body.get("agency") or "") or None
        s.doi_status = DoiStatus(doi, agency=agency, checked=True)
        item = reply.body.get("csl")
        if isinstance(item, Mapping):
            fields = agency_csl_fields(item)
            result = validate_doi_record(s.feat, fields)
            resolution = replace(result.resolution(), page=s.page, agency=agency)
            if result.status == "matched":
                resolution = replace(resolution, DOI=fields.get("DOI"), work=CrossrefWork(fields))
            s.resolution = resolution
            return
    else:
        s.problem = reply.error or reply.status  # asked again on the next run
    if _searchable(s.feat):
        s.task = search_task(s)
    else:
        s.unmatched("the DOI given is not in Crossref, and the reference is too short to search")


def _after_page(s: _State, reply: Reply[Page], look_up: Callable[[_State, str], None]) -> None:
    """What a web page means for a reference: its DOI to look up, or a description."""
    if reply.status not in ("ok", "not_found") or reply.body is None:
        s.unanswered(reply, PAGE_NOT_REACHED)
        return
    s.page = reply.body
    doi = s.page.web.doi
    if reply.status == "ok" and doi is not None and doi not in s.tried_dois:
        look_up(s, doi)
        return
    if s.fallback is not None:
        s.resolution = replace(s.fallback, page=s.page)
    else:
        s.unmatched("web reference: described from its page")


def _tally(
    report: ResolveReport,
    resolved: Sequence[tuple[_State, Resolution]],
    crossref: CrossrefClient,
    doiorg: DoiOrgClient,
) -> None:
    """Count the resolutions by status and list what was not checked and the DOIs not in Crossref."""
    errors: dict[str, None] = {}
    for s, resolution in resolved:
        report.counts[resolution.status] += 1
        if resolution.status == NOT_CHECKED:
            report.unreached.append({"id": s.ref.id, "reason": resolution.reason or NOT_CHECKED})
            errors[s.problem or resolution.reason or NOT_CHECKED] = None
        if resolution.page is not None:
            report.web_described += 1
        if resolution.doi_status is not None:
            status = resolution.doi_status
            report.dois_not_in_crossref.append({"id": s.ref.id, "DOI": status.DOI, "status": status.text()})
        if resolution.status == "ambiguous":
            report.review.append({"id": s.ref.id, "candidates": [c.DOI for c in resolution.candidates]})
    if doiorg.unreachable:
        errors = {doiorg.unreachable: None, **errors}
    if crossref.unreachable:
        errors = {crossref.unreachable: None, **errors}
    report.errors = [*report.errors, *errors]


def resolve_references(
    refs: Sequence[Reference],
    settings: Settings,
    progress: Progress | None = None,
    *,
    client: CrossrefClient | None = None,
    web: WebFetcher | None = None,
    cache: Cache | None = None,
) -> tuple[list[Reference], ResolveReport]:
    """Resolve references against Crossref (and the web for web references); returns the new
    references, in input order, and a report of what was done and what could not be reached.

    Never raises for network trouble: with no network (or ``settings.offline``) whatever is in
    the cache is used and the rest is reported as not checked. ``progress(done, total)`` is
    called as requests complete.
    """
    started = time.perf_counter()
    service = settings.crossref_url
    report = ResolveReport(total=len(refs), offline=settings.offline, service=service)
    own_cache = cache is None and client is None
    store = (
        cache
        if cache is not None
        else (client.cache if client is not None else _open_cache(settings, report))
    )
    crossref = client or CrossrefClient(settings, store)
    fetcher = web or WebFetcher(store, offline=settings.offline, refresh=settings.refresh)
    doiorg = DoiOrgClient(settings, store)
    try:
        states = [_State(r, fingerprint(r, f"{service} {settings.doiorg_url}")) for r in refs]
        if not settings.refresh:
            stored = store.get_resolutions([s.fp for s in states])
            for s in states:
                hit = stored.get(s.fp)
                if hit is not None:
                    s.resolution, s.cached = hit, True
            report.from_cache = sum(1 for s in states if s.cached)
        todo = [s for s in states if s.resolution is None]
        done = 0
        total = len(todo)

        def advance(n: int = 1) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(min(done, total), total)

        def search_task(s: _State) -> Task:
            return Task("search", bibliographic_query(s.ref), year_filter(s.ref))

        def look_up(s: _State, doi: str) -> None:
            s.tried_dois.add(doi)
            s.task = Task("work", doi)

        # what each reference asks first: its DOI, its web page, or a search
        for s in todo:
            recovered = Recovered.of(s.ref)
            if recovered is not None:
                s.task = _recovered_search(recovered)
                if s.task is None:
                    s.unmatched(f"{RECOVERED_NOTE}: no names beside its citations to search for")
                    advance()
            elif s.feat.doi:
                look_up(s, s.feat.doi)
            elif _is_web(s.ref, s.feat):
                s.url = str(s.ref.URL)
            elif _searchable(s.feat):
                s.task = search_task(s)
            else:
                s.unmatched("too little text to search")
                advance()
        for _round in range(6):
            asking = [
                s
                for s in todo
                if s.resolution is None
                and (s.task is not None or s.url is not None or s.agency_doi is not None)
            ]
            if not asking:
                break
            base = done

            def step(k: int, _n: int, base: int = base) -> None:
                if progress is not None:
                    progress(min(base + k, total), total)

            replies = crossref.run_many([s.task for s in asking if s.task is not None], step)
            pages = fetcher.fetch_many([s.url for s in asking if s.url is not None])
            agencies = doiorg.look_up_many([s.agency_doi for s in asking if s.agency_doi is not None])
            for s in asking:
                task, url, agency_doi = s.task, s.url, s.agency_doi
                s.task = s.url = s.agency_doi = None
                if task is not None:
                    _after_crossref(s, task, replies[task], search_task)
                elif url is not None:
                    _after_page(s, pages[url], look_up)
                elif agency_doi is not None:
                    _after_doiorg(s, agency_doi, agencies[agency_doi], search_task)
                if s.resolution is not None:
                    advance()
        for s in todo:
            if s.resolution is None:
                s.not_checked("not resolved within the allowed rounds")
            elif s.doi_status is not None:
                s.resolution = replace(s.resolution, doi_status=s.doi_status)
        report.web_requests = fetcher.requests
        # store complete resolutions
        store.put_resolutions(
            (s.fp, s.resolution) for s in todo if s.resolution is not None and s.problem is None
        )
        if progress is not None:
            progress(total, total)
        resolved = [(s, s.resolution) for s in states if s.resolution is not None]
        _tally(report, resolved, crossref, doiorg)
        out = [apply_resolution(s.ref, resolution) for s, resolution in resolved]
        report.client = crossref.stats
        report.elapsed_s = time.perf_counter() - started
        return out, report
    finally:
        if own_cache:
            store.close()
