"""``resolve_references``: references in, references with DOIs, Crossref metadata and evidence out.

For each reference, in order of what it offers:

1. a DOI (given, or written in the string or URL): ``/works/{doi}``; the record is checked against
   the reference (:func:`~refman.resolve.match.validate_doi_record`). A DOI that does not exist is
   reported (``custom.refman.match.doi_not_found``) and the string is searched instead;
2. a web reference (a URL and nothing that looks like a journal or book): the page's metadata
   fills what the reference lacks (``custom.refman.web``); a DOI on the page goes to step 1;
3. otherwise a ``query.bibliographic`` search (20 rows, a year filter with slack) and validation
   of every candidate (:func:`~refman.resolve.match.match_candidates`).

Matched references take Crossref's metadata; every value it replaces is kept in
``custom.refman.match.replaced`` and the string as written stays in ``custom.refman.raw``.
``DOI`` is set only for accepted matches. References that could not be checked (offline and not
in the cache, network errors) get ``custom.refman.match.status = "unresolved"`` with the reason,
and the :class:`ResolveReport` lists them. Decisions are cached, so re-runs are fast.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from refman.identifiers import normalise_doi
from refman.model import Date, Name, Reference
from refman.resolve.cache import Cache
from refman.resolve.crossref import ClientStats, CrossrefClient, Outcome, Task
from refman.resolve.mapping import (
    crossref_relation,
    crossref_subtitle,
    crossref_to_csl,
    crossref_updates,
)
from refman.resolve.match import (
    MATCHER_VERSION,
    MatchResult,
    RefFeatures,
    bibliographic_query,
    match_candidates,
    ref_features,
    validate_doi_record,
    year_filter,
)
from refman.resolve.web import WebFetcher, page_date_parts
from refman.settings import Settings

__all__ = ["DECISION_VERSION", "ResolveReport", "apply_decision", "fingerprint", "resolve_references"]

#: Version of the stored decision format (with MATCHER_VERSION, part of every fingerprint).
DECISION_VERSION = "2"
#: CSL types of web references (they are described from their page, not searched in Crossref).
WEB_TYPES = frozenset({"webpage", "post", "post-weblog", "software", "dataset"})
#: Too little text to search for: fewer letters (outside numbers) than this.
MIN_QUERY_CHARS = 12

Progress = Callable[[int, int], None]


@dataclass
class ResolveReport:
    """What resolution did, and what it could not reach (for the build report)."""

    total: int = 0
    matched: int = 0
    ambiguous: int = 0
    unmatched: int = 0
    unresolved: int = 0
    web_described: int = 0
    from_cache: int = 0
    offline: bool = False
    service: str = ""
    doi_not_found: list[dict[str, str]] = field(default_factory=list)
    unreached: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    client: ClientStats = field(default_factory=ClientStats)
    web_requests: int = 0
    elapsed_s: float = 0.0

    @property
    def complete(self) -> bool:
        """True when every reference was checked (nothing left unreached)."""
        return self.unresolved == 0

    def summary(self) -> str:
        """One line for people: counts, and what could not be reached."""
        text = (
            f"{self.total} references: {self.matched} matched, {self.ambiguous} ambiguous, "
            f"{self.unmatched} unmatched"
        )
        if self.unresolved:
            why = "offline" if self.offline else (self.errors[0] if self.errors else "network errors")
            text += f", {self.unresolved} not checked ({why})"
        if self.doi_not_found:
            text += f"; {len(self.doi_not_found)} DOI(s) do not exist"
        return text

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (``refman build`` puts it in report.json)."""
        return {
            "total": self.total,
            "matched": self.matched,
            "ambiguous": self.ambiguous,
            "unmatched": self.unmatched,
            "unresolved": self.unresolved,
            "web_described": self.web_described,
            "from_cache": self.from_cache,
            "offline": self.offline,
            "service": self.service,
            "complete": self.complete,
            "doi_not_found": self.doi_not_found,
            "unreached": self.unreached,
            "errors": self.errors,
            "requests": self.client.to_json(),
            "web_requests": self.web_requests,
            "elapsed_s": round(self.elapsed_s, 3),
        }


def fingerprint(ref: Reference, service: str) -> str:
    """A key for the cached decision: the reference's content, the service and the matcher version."""
    content = [
        MATCHER_VERSION,
        DECISION_VERSION,
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
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def _is_web(ref: Reference, feat: RefFeatures) -> bool:
    if not ref.URL or feat.doi:
        return False
    if ref.type in WEB_TYPES:
        return True
    return not (ref.container_title or ref.volume or ref.page or ref.ISBN or ref.publisher)


def _searchable(feat: RefFeatures) -> bool:
    return sum(len(t) for t in feat.tokens if not t.isdigit()) >= MIN_QUERY_CHARS


# --- applying a decision -------------------------------------------------------------------------

_TYPED = {
    "type": "type",
    "title": "title",
    "container-title": "container_title",
    "collection-title": "collection_title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "number": "number",
    "edition": "edition",
    "publisher": "publisher",
    "publisher-place": "publisher_place",
    "ISSN": "ISSN",
    "ISBN": "ISBN",
    "language": "language",
    "DOI": "DOI",
}


def _csl_value(ref: Reference, key: str) -> Any:
    if key in _TYPED:
        return getattr(ref, _TYPED[key])
    if key in ("author", "editor", "translator"):
        names = getattr(ref, key)
        return [n.to_csl() for n in names] if names else None
    if key == "issued":
        return ref.issued.to_csl() if ref.issued else None
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
    if key in _TYPED:
        setattr(ref, _TYPED[key], value)
    elif key in ("author", "editor", "translator"):
        setattr(ref, key, [_name(n) for n in value])
    elif key == "issued":
        ref.issued = Date.from_csl(value)
    else:
        ref.extra[key] = value


def apply_decision(ref: Reference, decision: Mapping[str, Any]) -> Reference:
    """A copy of ``ref`` with a decision applied: Crossref fields for a match (replaced values kept
    in ``custom.refman.match.replaced``), page metadata for gaps, and the match evidence."""
    out = ref.replace(
        author=list(ref.author),
        editor=list(ref.editor),
        translator=list(ref.translator),
        extra=dict(ref.extra),
        custom=dict(ref.custom),
        refman=ref.refman.__class__.from_json(ref.refman.to_json()),
    )
    match = dict(decision.get("match") or {})
    status = match.get("status")
    given_doi = normalise_doi(ref.DOI) if ref.DOI else None
    fields = decision.get("fields") or {}
    if status == "matched" and fields:
        replaced: dict[str, Any] = {}
        for key, value in fields.items():
            old = _csl_value(out, key)
            if old is not None and old != value:
                replaced[key] = old
            _set_csl(out, key, value)
        if replaced:
            match["replaced"] = replaced
        relation = decision.get("relation")
        if isinstance(relation, dict):
            # Crossref's links to preprints and other versions: what lets dedupe join them.
            out.custom["relation"] = relation
        subtitle = decision.get("subtitle")
        if isinstance(subtitle, str) and out.title:
            # Appended only when the reference itself gives it: a deck or catalogue number
            # deposited as a subtitle is kept as evidence, not put into the title.
            if _words_in(subtitle, ref.refman.raw or "") and not _words_in(subtitle, out.title):
                joiner = " " if out.title[-1] in "?!:.;" else ": "
                out.title = f"{out.title}{joiner}{subtitle}"
                match["subtitle"] = "appended: the reference gives it"
            else:
                match["subtitle"] = subtitle
    elif status in ("ambiguous", "unmatched") and given_doi:
        # DOI only for accepted matches; the DOI as given is kept with the evidence
        match["given_DOI"] = given_doi
        out.DOI = None
    web = decision.get("web")
    if web:
        filled: list[str] = []
        for key, value in (decision.get("web_fields") or {}).items():
            if _csl_value(out, key) in (None, [], ""):
                _set_csl(out, key, value)
                filled.append(key)
        out.refman.extra["web"] = {**web, "filled": filled} if filled else dict(web)
    if match:
        out.refman.extra["match"] = match
    return out


def _words_in(phrase: str, text: str) -> bool:
    """True when every word of ``phrase`` (case and punctuation aside) occurs in ``text``."""
    words = re.findall(r"\w+", phrase.lower())
    have = set(re.findall(r"\w+", text.lower()))
    return bool(words) and all(w in have for w in words)


def _web_fields(meta: Mapping[str, Any]) -> dict[str, Any]:
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
        parts = page_date_parts(str(meta["date"]))
        if parts:
            fields["issued"] = {"date-parts": [parts]}
    if meta.get("language"):
        fields["language"] = meta["language"]
    return fields


def _web_json(meta: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("status", "final_url", "content_type", "title", "site", "authors", "date", "doi", "sources")
    return {k: meta[k] for k in keep if k in meta}


def _decision_from_match(result: MatchResult, **extra: Any) -> dict[str, Any]:
    decision: dict[str, Any] = {"match": result.to_json(), **extra}
    if result.status == "matched" and result.record is not None:
        decision["fields"] = crossref_to_csl(result.record)
        updates = crossref_updates(result.record)
        if updates:
            decision["match"]["updates"] = updates
        subtitle = crossref_subtitle(result.record)
        if subtitle:
            decision["subtitle"] = subtitle
        relation = crossref_relation(result.record)
        if relation:
            decision["relation"] = relation
    return decision


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class _State:
    ref: Reference
    fp: str
    _feat: RefFeatures | None = None
    decision: dict[str, Any] | None = None
    cached: bool = False
    doi_not_found: str | None = None
    web: dict[str, Any] | None = None
    tried_dois: set[str] = field(default_factory=set)
    fallback: dict[str, Any] | None = None  # a search decision kept while the page is read
    problem: str | None = None  # why it could not be checked
    task: Task | None = None
    url: str | None = None

    @property
    def feat(self) -> RefFeatures:
        """The comparison features (computed only for references not decided from the cache)."""
        if self._feat is None:
            self._feat = ref_features(self.ref)
        return self._feat

    def extras(self) -> dict[str, Any]:
        if self.web is None:
            return {}
        ok = isinstance(self.web.get("status"), int) and self.web["status"] < 400
        return {"web": _web_json(self.web), "web_fields": _web_fields(self.web) if ok else {}}


def _unresolved(state: _State, reason: str) -> None:
    state.problem = reason
    match: dict[str, Any] = {"status": "unresolved", "reason": reason, "matcher": MATCHER_VERSION}
    state.decision = {"match": match}


def _unmatched(reason: str, **extra: Any) -> dict[str, Any]:
    return {"match": MatchResult("unmatched", reason=reason).to_json(), **extra}


def _web_url(ref: Reference) -> str | None:
    url = (ref.URL or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def _open_cache(settings: Settings, report: ResolveReport) -> Cache:
    try:
        return Cache(settings.cache_dir)
    except (OSError, sqlite3.Error) as exc:
        report.errors.append(f"cache {settings.cache_dir} unusable ({exc}); nothing is kept between runs")
        return Cache(None)


def _after_crossref(
    s: _State,
    task: Task,
    outcome: Outcome,
    search_task: Callable[[_State], Task],
    look_up: Callable[[_State, str], None],
) -> None:
    """What a Crossref answer means for a reference: a decision, or the next thing to ask."""
    if outcome.status not in ("ok", "not_found"):
        if s.fallback is not None:
            s.decision, s.problem = s.fallback, outcome.error
        else:
            _unresolved(s, outcome.error or outcome.status)
        return
    if task.kind == "work":
        if outcome.status == "ok":
            s.decision = _decision_from_match(validate_doi_record(s.feat, outcome.body), **s.extras())
        elif s.web is not None:  # the DOI came from the page
            s.decision = s.fallback or _unmatched("the DOI on the page does not exist", **s.extras())
        else:
            s.doi_not_found = task.key
            if _searchable(s.feat):
                s.task = search_task(s)
            else:
                s.decision = _unmatched("the DOI given does not exist")
        return
    if outcome.status != "ok":
        s.decision = _unmatched("no candidates")
        return
    result = match_candidates(s.feat, outcome.body)
    decision = _decision_from_match(result, **s.extras())
    url = _web_url(s.ref)
    if result.status != "matched" and url is not None and s.web is None:
        # not found by searching: the page the reference links to may give its DOI
        s.fallback, s.url = decision, url
    else:
        s.decision = decision


def _after_page(s: _State, page: Outcome, look_up: Callable[[_State, str], None]) -> None:
    """What a web page means for a reference: its DOI to look up, or a description."""
    if page.status not in ("ok", "not_found") or not isinstance(page.body, Mapping):
        if s.fallback is not None:
            s.decision, s.problem = s.fallback, page.error or page.status
        else:
            _unresolved(s, page.error or page.status)
        return
    s.web = dict(page.body)
    doi = s.web.get("doi")
    if page.status == "ok" and isinstance(doi, str) and doi not in s.tried_dois:
        look_up(s, doi)
        return
    if s.fallback is not None:
        s.decision = {**s.fallback, **s.extras()}
    else:
        s.decision = _unmatched("web reference: described from its page", **s.extras())


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
    try:
        states = [_State(r, fingerprint(r, service)) for r in refs]
        if not settings.refresh:
            stored = store.get_decisions([s.fp for s in states])
            for s in states:
                hit = stored.get(s.fp)
                if hit is not None:
                    s.decision, s.cached = hit, True
            report.from_cache = sum(1 for s in states if s.cached)
        todo = [s for s in states if s.decision is None]
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
            if s.feat.doi:
                look_up(s, s.feat.doi)
            elif _is_web(s.ref, s.feat):
                s.url = str(s.ref.URL)
            elif _searchable(s.feat):
                s.task = search_task(s)
            else:
                s.decision = _unmatched("too little text to search")
                advance()
        for _round in range(4):
            asking = [s for s in todo if s.decision is None and (s.task is not None or s.url is not None)]
            if not asking:
                break
            base = done

            def step(k: int, _n: int, base: int = base) -> None:
                if progress is not None:
                    progress(min(base + k, total), total)

            outcomes = crossref.run_many([s.task for s in asking if s.task is not None], step)
            pages = fetcher.fetch_many([s.url for s in asking if s.url is not None])
            for s in asking:
                task, url = s.task, s.url
                s.task = s.url = None
                if task is not None:
                    _after_crossref(s, task, outcomes[task], search_task, look_up)
                elif url is not None:
                    _after_page(s, pages[url], look_up)
                if s.decision is not None:
                    advance()
        for s in todo:
            if s.decision is None:
                _unresolved(s, "not resolved within the allowed rounds")
            elif s.doi_not_found:
                s.decision.setdefault("match", {})["doi_not_found"] = s.doi_not_found
        report.web_requests = fetcher.requests
        # store complete decisions
        store.put_decisions((s.fp, s.decision) for s in todo if s.decision is not None and s.problem is None)
        if progress is not None:
            progress(total, total)
        out: list[Reference] = []
        errors: dict[str, None] = {}
        for s in states:
            decision = s.decision or {"match": {"status": "unresolved", "reason": "not processed"}}
            ref = apply_decision(s.ref, decision)
            out.append(ref)
            status = str(decision.get("match", {}).get("status"))
            if status == "matched":
                report.matched += 1
            elif status == "ambiguous":
                report.ambiguous += 1
            elif status == "unmatched":
                report.unmatched += 1
            else:
                report.unresolved += 1
                reason = str(decision.get("match", {}).get("reason", "not checked"))
                report.unreached.append({"id": s.ref.id, "reason": reason})
                errors[reason] = None
            if "web" in decision:
                report.web_described += 1
            missing = decision.get("match", {}).get("doi_not_found")
            if missing:
                report.doi_not_found.append({"id": s.ref.id, "DOI": str(missing)})
        if crossref.unreachable:
            errors = {crossref.unreachable: None, **errors}
        report.errors = [*report.errors, *errors]
        report.client = crossref.stats
        report.elapsed_s = time.perf_counter() - started
        return out, report
    finally:
        if own_cache:
            store.close()
