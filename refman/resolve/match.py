"""Choose among Crossref candidates for a reference (pure): Crossref's search-based matching with
validation, made script-aware.

The search engine proposes up to 20 candidates; none is trusted. Each candidate is compared with
the reference field by field (:func:`~refman.resolve.evidence.candidate_evidence`, on the
reference's :func:`~refman.resolve.features.ref_features`), the way Crossref's SBMV matcher does,
and the comparison is tolerant of what real reference lists do:

* one or two wrong letters in a surname (``Tolirov`` for ``Tolipov``), wrong initials;
* Cyrillic spellings of Latin names and Latin spellings of Cyrillic ones (``Смит`` / ``Smith``,
  ``Bokeriya`` / ``Бокерия``): both sides are folded to ASCII (:func:`refman.translit.to_ascii`)
  and compared on a transliteration-insensitive skeleton (:mod:`refman.resolve.words`);
* a title in another language (a Kazakh title for an English paper): the title is then *not
  evidence* (neither for nor against) and more of the other fields must agree;
* abbreviated containers (``J. Biol. Chem.``), abbreviated page ranges (``1425-37``), year +-1.

Every result is one of ``matched``, ``ambiguous`` (kept with its top candidates for review) or
``unmatched``, and records its score and the fields that supported it. The thresholds are the
constants below and in :mod:`~refman.resolve.evidence`; ``bench/resolve.py --split dev`` is the
data they were tuned on (real Crossref records rendered in several CSL styles with noise), never
the seed articles.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from refman.identifiers import normalise_doi
from refman.model import Reference
from refman.resolve.evidence import TITLE_DISAGREES, Evidence, candidate_evidence
from refman.resolve.features import RefFeatures, ref_features
from refman.resolve.records import Resolution
from refman.resolve.words import distinctive

__all__ = [
    "ACCEPT_SCORE",
    "AMBIGUITY_MARGIN",
    "MATCHER_VERSION",
    "MIN_SUPPORT",
    "MIN_SUPPORT_WITHOUT_TITLE",
    "REVIEW_SCORE",
    "REVIEW_SUPPORT",
    "TRANSLATION_LEAD",
    "TRANSLATION_SHARE",
    "TRANSLATION_WORDS",
    "MatchResult",
    "match_candidates",
    "review_candidates",
    "validate_doi_record",
]

# --- thresholds (tuned on bench/resolve.py --split dev; see docs/resolve.md) --------------------

#: A candidate is accepted at or above this score (with enough supporting fields).
ACCEPT_SCORE = 0.62
#: Below ACCEPT_SCORE but at or above this, a candidate with some support is kept for review.
REVIEW_SCORE = 0.45
#: Supporting fields a candidate below ACCEPT_SCORE needs to be kept for review (ambiguous).
REVIEW_SUPPORT = 2.0
#: Supporting fields needed when the title is evidence (year +-1 counts half).
MIN_SUPPORT = 3.0
#: Supporting fields needed when the title is missing, translated or does not agree.
MIN_SUPPORT_WITHOUT_TITLE = 3.5
#: Two acceptable candidates closer than this are ambiguous (unless they agree on every field).
AMBIGUITY_MARGIN = 0.05
#: A title translated into another script (see :func:`_translated_match`): the share of the
#: candidate's title words the translation gives (cognates, Latin names, acronyms, numbers) ...
TRANSLATION_SHARE = 0.15
#: ... and how many of them at least, generic words aside ("model", "analysis") ...
TRANSLATION_WORDS = 2
#: ... and how many times the share of any other candidate it must reach.
TRANSLATION_LEAD = 2.0
#: Bumped whenever the rules or thresholds change: cached resolutions of older versions are ignored.
MATCHER_VERSION = "2"


def _acceptable(ev: Evidence) -> bool:
    need = MIN_SUPPORT if ev.title_evidence else MIN_SUPPORT_WITHOUT_TITLE
    return ev.veto is None and ev.support >= need and ev.score >= ACCEPT_SCORE and not _untraced(ev)


def _untraced(ev: Evidence) -> bool:
    """A title translated into another script shows no trace of this candidate's title (no
    cognate, name or number) and neither volume nor pages confirm it: reviewable, never accepted
    on names, year and container alone."""
    return (
        ev.fields.get("translation") == 0.0
        and ev.fields.get("page") != 1.0
        and ev.fields.get("volume") != 1.0
    )


def _translated_match(ranked: Sequence[Evidence]) -> Evidence | None:
    """The candidate a translated title settles: its first author (or a transcription of it) and
    exact year agree, nothing vetoes it, and its title words found across languages are at least
    :data:`TRANSLATION_WORDS`, a :data:`TRANSLATION_SHARE` of its title, and
    :data:`TRANSLATION_LEAD` times the share of every other candidate (the same authors' other
    papers and the same year's topic twins are among them). None otherwise."""
    best = _translation_leader(ranked)
    if best is None or best.veto is not None or (best.fields.get("author") or 0.0) < 0.75:
        return None
    if best.fields.get("year") != 1.0:
        return None
    return best


def _agrees_but_title(e: Evidence) -> bool:
    """The first author (or a transcription of it) agrees and the year is within one."""
    return (e.fields.get("author") or 0.0) >= 0.75 and (e.fields.get("year") or 0.0) >= 0.5


def _share(e: Evidence) -> float:
    return e.fields.get("translation") or 0.0


def _translation_leader(ranked: Sequence[Evidence]) -> Evidence | None:
    """The candidate whose title a translated title clearly gives (enough words, a large enough
    share, well ahead of every other candidate), whatever its other fields say; or None."""
    best = max(ranked, key=_share, default=None)
    if best is None or distinctive(best.translation) < TRANSLATION_WORDS or _share(best) < TRANSLATION_SHARE:
        return None
    if any(_share(e) * TRANSLATION_LEAD > _share(best) for e in ranked if e is not best):
        return None
    return best


# --- choosing ------------------------------------------------------------------------------------


@dataclass
class MatchResult:
    """The matcher's answer for one reference: status, the accepted DOI (if any) and the evidence."""

    status: str  # "matched" | "ambiguous" | "unmatched"
    doi: str | None = None
    score: float = 0.0
    supporting_fields: list[str] = field(default_factory=list)
    candidates: list[Evidence] = field(default_factory=list)
    reason: str | None = None
    record: Mapping[str, Any] | None = None

    def resolution(self) -> Resolution:
        """The result as stored in ``custom.refman.match`` (rounded, candidates as stored)."""
        return Resolution(
            status=self.status,
            score=round(self.score, 3),
            DOI=self.doi or None,
            supporting_fields=tuple(self.supporting_fields),
            reason=self.reason or None,
            candidates=tuple(c.candidate() for c in self.candidates),
            matcher=MATCHER_VERSION,
        )


def match_candidates(ref: Reference | RefFeatures, candidates: Sequence[Mapping[str, Any]]) -> MatchResult:
    """Choose among search candidates (Crossref work records, best first) for a reference."""
    feat = ref if isinstance(ref, RefFeatures) else ref_features(ref)
    if not candidates:
        return MatchResult("unmatched", reason="no candidates")
    evidence = [
        candidate_evidence(feat, c, float(c["score"]) if isinstance(c.get("score"), (int, float)) else None)
        for c in candidates
        if isinstance(c, Mapping) and c.get("DOI")
    ]
    if not evidence:
        return MatchResult("unmatched", reason="no candidates")
    records = {normalise_doi(str(c.get("DOI"))) or "": c for c in candidates if isinstance(c, Mapping)}
    order = sorted(range(len(evidence)), key=lambda i: (-evidence[i].score, -evidence[i].support, i))
    ranked = [evidence[i] for i in order]
    best = ranked[0]
    top = ranked[:3]
    leader = _translation_leader(ranked)
    if _acceptable(best) and (leader is None or leader is best or best.fields.get("page") == 1.0):
        # (a candidate whose title shows no trace of a translated title another one clearly has
        # is not accepted on its names, year and container alone; its pages may still settle it)
        rivals = [e for e in ranked[1:] if _acceptable(e) and e.score >= best.score - AMBIGUITY_MARGIN]
        if rivals:
            return MatchResult(
                "ambiguous",
                score=best.score,
                supporting_fields=best.supporting_fields,
                candidates=[best, *rivals[:2]],
                reason="several candidates agree about equally well",
            )
        return MatchResult(
            "matched",
            doi=best.doi,
            score=best.score,
            supporting_fields=best.supporting_fields,
            candidates=top,
            record=records.get(best.doi),
        )
    translated = _translated_match(ranked)
    if translated is not None:
        return MatchResult(
            "matched",
            doi=translated.doi,
            score=translated.score,
            supporting_fields=[*translated.supporting_fields, "translation"],
            candidates=[translated, *(e for e in top if e is not translated)][:3],
            record=records.get(translated.doi),
        )
    review = [e for e in ranked if e.veto is None and e.score >= REVIEW_SCORE and e.support >= REVIEW_SUPPORT]
    # candidates a translated title points to (its authors and year agree, some of its title words
    # are found across languages) come first, most words first
    translated_review = sorted(
        (e for e in ranked if e.translation and _agrees_but_title(e)), key=lambda e: -len(e.translation)
    )
    review = [*translated_review, *(e for e in review if e not in translated_review)]
    if review:
        return MatchResult(
            "ambiguous",
            score=review[0].score,
            supporting_fields=review[0].supporting_fields,
            candidates=review[:3],
            reason="best candidate is below the acceptance threshold or lacks supporting fields",
        )
    return MatchResult(
        "unmatched",
        score=best.score,
        candidates=top,
        reason="no candidate agrees with the reference",
    )


def validate_doi_record(ref: Reference | RefFeatures, record: Mapping[str, Any]) -> MatchResult:
    """A DOI the reference gives, checked against its record: matched unless the record clearly
    describes another work (title and first author both disagree), then ambiguous."""
    feat = ref if isinstance(ref, RefFeatures) else ref_features(ref)
    ev = candidate_evidence(feat, record)
    has_content = len(feat.content) >= 4
    title, author = ev.fields.get("title"), ev.fields.get("author")
    title_disagrees = title is not None and title < TITLE_DISAGREES
    author_disagrees = author is not None and author < 0.5
    if has_content and title_disagrees and author_disagrees:
        return MatchResult(
            "ambiguous",
            score=ev.score,
            supporting_fields=["DOI", *ev.supporting_fields],
            candidates=[ev],
            reason="the DOI given resolves to a record whose title and authors disagree with the reference",
        )
    return MatchResult(
        "matched",
        doi=ev.doi,
        score=max(ev.score, 1.0 if not has_content else ev.score),
        supporting_fields=["DOI", *ev.supporting_fields],
        candidates=[ev],
        record=record,
    )


def review_candidates(
    ref: Reference | RefFeatures,
    candidates: Sequence[Mapping[str, Any]],
    reason: str,
    spellings: Collection[str] = (),
) -> MatchResult:
    """Candidates for a person to choose from, never a match (a reference recovered from the text
    holds only names): the works whose first author agrees with a name, or one of whose authors
    is written as one of ``spellings`` (Latin spellings of the names, lower case), best first;
    ``ambiguous`` with them, or ``unmatched`` when there are none. ``reason`` says why nothing
    is asserted."""
    feat = ref if isinstance(ref, RefFeatures) else ref_features(ref)
    named: list[tuple[float, Evidence]] = []
    for c in candidates:
        if not isinstance(c, Mapping) or not c.get("DOI"):
            continue
        e = candidate_evidence(feat, c)
        author = e.fields.get("author") or 0.0
        people = c.get("author")
        spelt = isinstance(people, list) and any(
            isinstance(p, Mapping) and str(p.get("family", "")).casefold() in spellings for p in people
        )
        if author >= 0.75 or spelt:
            named.append((max(author, 0.8 if spelt else 0.0), e))
    named.sort(key=lambda t: (-t[0], -t[1].score))
    if not named:
        return MatchResult("unmatched", reason=f"{reason}; no work by these names was found")
    return MatchResult(
        "ambiguous", score=named[0][1].score, candidates=[e for _, e in named[:5]], reason=reason
    )
