"""The rules that judge a pair of references, as a table read top to bottom (pure).

:data:`CASCADE` is the whole method: steps in order, each adding the evidence it can see to the
verdict, then rules in order; the first rule whose test holds gives the verdict, under its
name. Hard "not the same" rules come before any rule that merges, and anything uncertain goes
to review (``maybe``) rather than being merged: a false merge loses a reference. The facts the
tests read (title similarity, author agreement, ...) are the properties of
:class:`~refman.dedupe.evidence.Pair`; the rule names are explained in
:data:`refman.dedupe.verdict.MEANINGS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from refman.dedupe.evidence import CONTAINED_MIN_WORDS, Pair, year_text
from refman.dedupe.records import Record
from refman.dedupe.verdict import PairVerdict, Verdict
from refman.model import Reference

__all__ = ["CASCADE", "EVIDENCE", "OTHERWISE", "Rule", "Step", "judge", "judge_records"]

#: ``custom.relation`` types that make two records versions of one work.
SAME_VERSION_RELATIONS = frozenset(
    {"is-preprint-of", "has-preprint", "is-version-of", "has-version", "is-identical-to", "is-same-as"}
)
#: Type groups (:class:`~refman.dedupe.records.Record` ``group``) that are never one publication.
TYPE_CONFLICTS = frozenset(
    frozenset(p)
    for p in (
        ("book", "part"),
        ("book", "report"),
        ("book", "web"),
        ("thesis", "part"),
        ("thesis", "book"),
        ("thesis", "report"),
        ("report", "part"),
        ("review", "book"),
        ("review", "part"),
        ("review", "thesis"),
        ("patent", "part"),
        ("patent", "book"),
        ("standard", "part"),
        ("standard", "book"),
        ("legal", "part"),
        ("legal", "book"),
        ("web", "part"),
        ("dataset", "part"),
        ("software", "part"),
    )
)


def _combined(p: Pair) -> float:
    return p.score


def _title_only(p: Pair) -> float:
    return 0.55 * p.dice


def _always(p: Pair) -> bool:
    return True


def _same_range(p: Pair) -> bool:
    """The same first and last page, and the same year: a translated title's locator."""
    return p.page_agree and p.a.last_page == p.b.last_page and p.year_equal


@dataclass(frozen=True)
class Rule:
    """One rule: when ``test`` holds for a pair, the pair gets ``verdict`` under ``name``.

    ``score`` is a number or a function of the pair; ``notes`` adds evidence of its own (``why``);
    ``venues`` marks a "same" that becomes review (``uncertain``, "different venues") when the
    venues clash (:attr:`~refman.dedupe.evidence.Pair.venue_clash`).
    """

    name: str
    verdict: Verdict
    score: float | Callable[[Pair], float]
    test: Callable[[Pair], bool]
    notes: Callable[[Pair], dict[str, Any]] | None = None
    venues: bool = False

    def judge(self, p: Pair, evidence: dict[str, Any]) -> PairVerdict:
        """The verdict this rule gives ``p``, with the ``evidence`` seen so far."""
        score = self.score if isinstance(self.score, float) else self.score(p)
        found = {**evidence, **self.notes(p)} if self.notes else dict(evidence)
        if self.venues and p.venue_clash:
            found["why"] = "different venues"
            return PairVerdict(p.a.id, p.b.id, "maybe", "uncertain", score, found)
        return PairVerdict(p.a.id, p.b.id, self.verdict, self.name, score, found)


@dataclass(frozen=True)
class Step:
    """A stage of the cascade: the ``evidence`` it adds to every later verdict, and its ``rules``,
    tried only for the pairs ``only`` holds for (all pairs when None)."""

    title: str
    rules: tuple[Rule, ...]
    evidence: tuple[str, ...] = ()
    only: Callable[[Pair], bool] | None = None


#: Evidence a step may add, where known: key -> its value for a pair (None: not known).
EVIDENCE: dict[str, Callable[[Pair], Any]] = {
    "relation": lambda p: p.link,
    "doi": lambda p: (p.a.doi if p.same_doi else f"{p.a.doi} / {p.b.doi}") if p.both_dois else None,
    "title": lambda p: round(p.dice, 4) if p.a.titles and p.b.titles else None,
    "authors": lambda p: None if p.authors.score is None else p.authors_text,
    "year": lambda p: None if p.a.year is None and p.b.year is None else year_text(p.a, p.b),
    "venue": lambda p: None if p.venue is None else round(p.venue, 2),
    "pages": lambda p: None if p.a.first_page is None or p.b.first_page is None else p.pages_text,
}


def _kinds(p: Pair) -> dict[str, Any]:
    return {"venue": f"{p.a.venue_kind} vs {p.b.venue_kind}"}


# fmt: off
#: The method, in order: the first rule whose test holds gives the verdict (:data:`OTHERWISE`
#: when none does). Rule(name, verdict, score, test, notes=..., venues=...): see :class:`Rule`.
CASCADE: tuple[Step, ...] = (
    Step("explicit links", evidence=("relation",), rules=(
        Rule("relation", "same", 1.0, lambda p: p.link in SAME_VERSION_RELATIONS),
        Rule("relation-other", "different", 0.0, lambda p: p.link is not None),
    )),
    Step("DOIs", evidence=("doi",), rules=(
        Rule("doi-conflict", "different", 0.0, lambda p: p.both_dois and p.a.doi_fam != p.b.doi_fam),
    )),
    Step("titles", evidence=("title",), rules=(
        # Titles this far apart, and nothing else to tie them.
        Rule("title-differs", "different", _title_only,
             lambda p: p.dice < 0.5 and p.contained < 0.9 and not p.shares_id_or_page and not p.same_page_url
             and not (p.titles_translated and (_same_range(p) or p.translated_locator))),
    )),
    Step("identifiers", evidence=("authors", "year"), rules=(
        Rule("doi", "same", 1.0,
             lambda p: p.same_doi and (p.similar_title or p.authors_half or p.untitled)),
        Rule("doi-unsure", "maybe", 0.5, lambda p: p.same_doi),
        Rule("doi-version", "same", 0.95, lambda p: p.both_dois and p.same_title),
        Rule("doi-version-title", "different", 0.0, lambda p: p.both_dois),
    )),
    Step("hard conflicts", evidence=("venue",), rules=(
        Rule("type-conflict", "different", 0.0,
             lambda p: frozenset((p.a.group, p.b.group)) in TYPE_CONFLICTS
             and not (p.same_page_url and "web" in (p.a.group, p.b.group)),
             notes=lambda p: {"why": f"{p.a.group} vs {p.b.group}"}),
        Rule("isbn", "same", 0.95,
             lambda p: p.books and p.shared_isbn and p.same_edition and (p.similar_title or p.authors_half)),
        Rule("isbn-conflict", "different", 0.0,
             lambda p: p.books and p.isbns_differ and not p.identical_book),
        Rule("arxiv", "same", 0.95, lambda p: p.same_arxiv and p.similar_title),
        Rule("doi-conflict", "different", 0.0, lambda p: p.arxivs_differ),
        Rule("edition-conflict", "different", 0.0,
             lambda p: None not in (p.a.edition, p.b.edition) and p.a.edition != p.b.edition,
             notes=lambda p: {"why": f"edition {p.a.edition} vs {p.b.edition}"}),
        Rule("erratum", "different", 0.0, lambda p: p.a.erratum != p.b.erratum),
        Rule("retraction", "different", 0.0, lambda p: p.a.retraction != p.b.retraction),
        # A review and the reviewed work; two listings of one review in one journal may differ in
        # whether the title says "Book review".
        Rule("review", "different", 0.0, lambda p: p.a.review != p.b.review and not p.same_venue),
        Rule("part-conflict", "different", 0.0, lambda p: p.a.parts != p.b.parts,
             notes=lambda p: {"why": f"parts {sorted(p.a.parts) or '-'} vs {sorted(p.b.parts) or '-'}"}),
        Rule("title-numbers", "different", 0.0,
             lambda p: bool(p.a.numbers and p.b.numbers) and p.a.numbers != p.b.numbers,
             notes=lambda p: {"why": f"numbers {sorted(p.a.numbers)} vs {sorted(p.b.numbers)}"}),
        # A translation (it names a translator) and an edition in another language.
        Rule("translation", "different", 0.0,
             lambda p: p.a.translated != p.b.translated and p.languages_differ),
        Rule("web-pages", "different", 0.0,
             lambda p: p.a.group == p.b.group == "web" and bool(p.a.url and p.b.url)
             and p.a.url_loose != p.b.url_loose and not p.page_and_site),
        Rule("venue-conflict", "maybe", 0.5,
             lambda p: p.venue_kinds_differ and p.same_title and p.authors.full, notes=_kinds),
        Rule("venue-conflict", "different", 0.0, lambda p: p.venue_kinds_differ, notes=_kinds),
        Rule("initials-conflict", "different", 0.0,
             lambda p: p.authors.score == 0.0 and p.authors.initials_clash),
        Rule("author-conflict", "different", 0.0, lambda p: p.authors.score == 0.0),
    )),
    Step("field agreement", evidence=("pages",), rules=(
        Rule("preprint-unlinked", "maybe", _combined,
             lambda p: p.a.preprint != p.b.preprint and p.same_title and p.authors_ok,
             notes=lambda p: {"why": "preprint vs version of record"}),
        Rule("preprint-unlinked", "different", 0.0, lambda p: p.a.preprint != p.b.preprint),
        # The same web page: the same URL and a similar title, or its title in two languages, or
        # one title inside the other (the site's name after it), or no title on one side.
        Rule("url", "same", _combined,
             lambda p: bool(p.a.url and p.a.url_loose == p.b.url_loose) and "web" in (p.a.group, p.b.group)
             and (p.similar_title or p.titles_translated or p.untitled
                  or (p.contained >= 0.999 and p.significant_words >= CONTAINED_MIN_WORDS))),
        # A page and its site's bare address (the rest of the URL lost), titles spelt alike.
        Rule("url-site", "same", _combined,
             lambda p: p.page_and_site and "web" in (p.a.group, p.b.group) and p.spelt_alike),
        # One article cited under its Kazakh, Russian or English title: the locator agrees.
        Rule("translated-title", "same", _combined,
             lambda p: p.titles_translated and _same_range(p) and not p.volume_conflict and p.authors_ok
             and p.authors.score is not None and p.year_equal,
             notes=lambda p: {"why": f"titles in {p.a.title_language} and {p.b.title_language}"}),
        # No page range, but the same issue of one venue, year and authors, and title words that
        # survive the translation (cognates, Latin words and numbers, glossary terms).
        Rule("translated-words", "same", _combined,
             lambda p: p.translated_locator and p.translation_traced,
             notes=lambda p: {"why": "across the translation: " + ", ".join(p.translation[1])}),
        # A citation locator is as good as an identifier, whatever the titles say (translated,
        # garbled or missing).
        Rule("no-title", "same", _combined, lambda p: p.placeholder and p.locator),
        Rule("title-differs", "different", _combined, lambda p: p.placeholder),
        Rule("locator", "same", _combined, lambda p: p.locator and p.dice >= 0.5 and not p.generic),
    )),
    # "Editorial", "Book review column": one item only when the issue or the pages agree as well.
    Step("the same generic or recurring title", only=lambda p: p.same_title and p.generic, rules=(
        Rule("title", "same", _combined,
             lambda p: p.exact_title and p.authors_ok and p.year_equal and (p.issue_agree or p.page_agree)
             and not p.detail_conflict, venues=True),
        Rule("uncertain", "maybe", _combined, lambda p: p.year_fits),
        Rule("weak", "different", _combined, _always),
    )),
    # Short titles (three unrelated two-word Cyrillic titles...) need the authors and the year,
    # and must not disagree on the venue.
    Step("the same short title", only=lambda p: p.same_title and p.short, rules=(
        Rule("title", "same", _combined,
             lambda p: p.exact_title and p.authors_strong and p.year_equal and not p.detail_conflict,
             venues=True),
        Rule("book-year1", "maybe", _combined, lambda p: p.year_off1 and p.books),
        Rule("title-year1", "same", _combined,
             lambda p: p.exact_title and p.year_off1 and p.authors.full and p.same_venue and p.same_venue_kind
             and not p.detail_conflict),
        Rule("uncertain", "maybe", _combined, lambda p: p.authors_strong and p.year_fits),
        Rule("weak", "different", _combined, _always),
    )),
    # Only one side names authors: the title must be exact and the details agree.
    Step("the same title, authors on one side", only=lambda p: p.same_title and p.one_sided_authors, rules=(
        Rule("title", "same", _combined,
             lambda p: p.exact_title and p.year_fits and not p.detail_conflict, venues=True),
        Rule("uncertain", "maybe", _combined, _always),
    )),
    Step("the same title", only=lambda p: p.same_title, rules=(
        Rule("details-differ", "maybe", _combined,
             lambda p: p.authors_ok and p.year_fits and p.detail_conflict,
             notes=lambda p: {"why": "volume or pages differ"}),
        Rule("title", "same", _combined, lambda p: p.authors_ok and p.year_fits, venues=True),
        # A book a year apart is another printing or edition, not an online-first article.
        Rule("book-year1", "maybe", _combined, lambda p: p.year_off1 and p.books),
        Rule("title-year1", "same", _combined,
             lambda p: p.year_off1 and p.authors.full and p.same_venue and p.same_venue_kind
             and not p.volume_conflict),
        Rule("uncertain", "maybe", _combined, lambda p: p.authors_ok and (p.year_off1 or p.year_missing)),
        Rule("weak", "different", _combined, _always),
    )),
    Step("one title inside the other, or similar titles", rules=(
        Rule("title-contained", "same", _combined,
             lambda p: p.contained >= 0.999 and not p.short and not p.generic
             and p.significant_words >= CONTAINED_MIN_WORDS and p.authors_strong
             and (p.year_equal or (p.year_missing and p.details_agree >= 1)) and not p.detail_conflict,
             venues=True),
        # One book cited with and without its subtitle (APA and Vancouver): the same publisher.
        Rule("book-subtitle", "same", _combined,
             lambda p: p.books and p.contained >= 0.999 and not p.generic and p.authors_strong
             and p.year_equal and p.same_venue and p.a.edition == p.b.edition),
        Rule("title-fields", "same", _combined,
             lambda p: p.similar_title and p.authors_strong and p.year_equal and not p.detail_conflict
             and not p.short and not p.generic
             and (p.page_agree or (p.same_venue and p.authors.full and p.dice >= 0.8)), venues=True),
        Rule("uncertain", "maybe", _combined,
             lambda p: p.similar_title and p.authors_ok and (p.year_equal or p.year_missing or p.year_off1)),
    )),
)
# fmt: on
#: The verdict on a pair no rule of :data:`CASCADE` holds for.
OTHERWISE = Rule("title-differs", "different", _combined, _always)


def judge_records(a: Record, b: Record) -> PairVerdict:
    """The verdict of the first rule of :data:`CASCADE` that holds for ``a`` and ``b``."""
    pair = Pair(a, b)
    evidence: dict[str, Any] = {}
    for step in CASCADE:
        for key in step.evidence:
            value = EVIDENCE[key](pair)
            if value is not None:
                evidence[key] = value
        if step.only is None or step.only(pair):
            for rule in step.rules:
                if rule.test(pair):
                    return rule.judge(pair, evidence)
    return OTHERWISE.judge(pair, evidence)


def judge(a: Reference, b: Reference) -> PairVerdict:
    """Whether two references are the same publication: ``same``, ``maybe`` or ``different``.

    Rules, in order (:data:`CASCADE`): a ``custom.relation`` link; DOIs (equal -> same unless title
    and authors both differ; different -> never); hard conflicts (type, ISBN, edition, erratum,
    retraction, review, part numbers, translation, web pages, journal vs conference, no common
    author, preprint vs version of record); then title similarity with authors, year (+-1 only
    with the same venue and all authors), venue, volume and pages. Short and generic titles need
    more.
    """
    return judge_records(Record(0, a), Record(1, b))
