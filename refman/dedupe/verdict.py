"""Dedupe's verdict on a pair of references, and what each rule name in a verdict means (pure).

A verdict is ``same`` (merge), ``maybe`` (the review list, never merged) or ``different``. The
rule that gave it (see :data:`refman.dedupe.rules.CASCADE`) names it; :data:`MEANINGS` says, for
every rule name, how a person reads it, whether its "different" is a hard conflict that no chain
of other pairs may cross, and in which order its "same" pairs are joined into clusters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

__all__ = ["MEANINGS", "VERDICTS", "Meaning", "PairVerdict", "Verdict"]

Verdict = Literal["same", "maybe", "different"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)


@dataclass(frozen=True)
class Meaning:
    """What a rule name means: ``text`` for people; ``hard``: its "different" is a conflict no
    cluster may hold; ``apart``: its pairs (maybe or different) are never joined through a chain
    either; ``rank``: for rules that say "same", the order clusters are joined in (lowest first)."""

    text: str
    hard: bool = False
    apart: bool = False
    rank: int = 9


MEANINGS: dict[str, Meaning] = {
    "user": Meaning("a person said they are the same", rank=-1),
    "doi": Meaning("same DOI", rank=1),
    "doi-version": Meaning("versions of one DOI (.pubN/.vN) with the same title", rank=3),
    "doi-unsure": Meaning("same DOI but title and authors differ"),
    "doi-conflict": Meaning("different DOIs", hard=True),
    "doi-version-title": Meaning("versions of one DOI with different titles", hard=True),
    "isbn": Meaning("same ISBN", rank=2),
    "isbn-conflict": Meaning("different ISBNs of a book", hard=True),
    "arxiv": Meaning("same arXiv id", rank=2),
    "relation": Meaning("linked by custom.relation", rank=0),
    "relation-other": Meaning("custom.relation says they are different works", hard=True),
    "edition-conflict": Meaning("different editions", hard=True),
    "type-conflict": Meaning("incompatible types", hard=True),
    "erratum": Meaning("an erratum/correction and a paper", hard=True),
    "retraction": Meaning("a retraction notice and a paper", hard=True),
    "review": Meaning("a review and the reviewed work", hard=True),
    "part-conflict": Meaning("different parts (Part I / Part II)", hard=True),
    "title-numbers": Meaning("different numbers in the titles", hard=True),
    "preprint-unlinked": Meaning(
        "a preprint and a version of record not linked by custom.relation", hard=True
    ),
    "web-pages": Meaning("different pages of a web site", hard=True),
    "translation": Meaning("a translation and another edition", hard=True),
    "author-conflict": Meaning("different authors", hard=True),
    "initials-conflict": Meaning("same surname, different given names", hard=True),
    "venue-conflict": Meaning("different kinds of venue (journal vs conference)", apart=True),
    "title": Meaning("same title, authors and year", rank=5),
    "title-year1": Meaning("same title, authors and venue; years one apart (online first)", rank=6),
    "title-contained": Meaning("one title contains the other; same authors and year", rank=6),
    "title-fields": Meaning("similar titles; same authors, year and venue details", rank=7),
    "no-title": Meaning("no title; same authors, year, venue, volume and first page", rank=8),
    "locator": Meaning("same venue, volume, first page, authors and year (a citation locator)", rank=7),
    "url": Meaning("same URL and title (or its title in another language)", rank=4),
    "translated-title": Meaning(
        "titles in two languages; same authors, year and page range (one article, translated)", rank=7
    ),
    "translated-words": Meaning(
        "titles in two languages with words in common across the translation; same venue, issue,"
        " year and authors",
        rank=7,
    ),
    "url-site": Meaning("a page and its site's bare address, titles spelt alike", rank=7),
    "book-year1": Meaning("a book a year apart: another printing or edition, for review"),
    "book-subtitle": Meaning(
        "one book with and without its subtitle; same authors, year and publisher", rank=7
    ),
    "weak": Meaning("not enough agreement", apart=True),
    "title-differs": Meaning("different titles"),
    "uncertain": Meaning("similar, but not enough evidence to merge"),
    "details-differ": Meaning("same title, but volume or pages differ"),
}

_SIGNS = {"same": "=", "maybe": "?", "different": "≠"}
# Evidence shown in an explanation, in this order, and how.
_SHOWN = {
    "doi": "DOI {}",
    "title": "title {:.2f}",
    "authors": "authors {}",
    "year": "year {}",
    "venue": "venue {}",
    "pages": "pages {}",
    "why": "{}",
}


@dataclass(frozen=True)
class PairVerdict:
    """The verdict on one pair of references (input ids ``a`` and ``b``).

    ``rule`` names the rule that gave it (:data:`MEANINGS`); ``score`` is 0..1 (title, authors,
    year and venue agreement, 1.0 for identifier matches); ``evidence`` holds the per-field
    findings the rule saw.
    """

    a: str
    b: str
    verdict: Verdict
    rule: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def hard(self) -> bool:
        """True when this is a "never the same" conflict (not merely too little evidence)."""
        return self.verdict == "different" and self.rule in MEANINGS and MEANINGS[self.rule].hard

    @property
    def keeps_apart(self) -> bool:
        """True when the two may not end up in one cluster through a chain of other pairs."""
        return self.hard or (self.rule in MEANINGS and MEANINGS[self.rule].apart)

    def explain(self) -> str:
        """One line for people: ``a = b: same DOI; DOI 10.1/x; title 1.00; authors 2/2; year 2020``."""
        meaning = MEANINGS.get(self.rule)
        parts = [f"{self.a} {_SIGNS[self.verdict]} {self.b}: {meaning.text if meaning else self.rule}"]
        for key, shown in _SHOWN.items():
            if key in self.evidence:
                parts.append(shown.format(self.evidence[key]))
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """``{"a", "b", "verdict", "rule", "score", "evidence", "explanation"}``."""
        return {
            "a": self.a,
            "b": self.b,
            "verdict": self.verdict,
            "rule": self.rule,
            "score": round(self.score, 4),
            "evidence": dict(self.evidence),
            "explanation": self.explain(),
        }

    @classmethod
    def from_json(cls, data: Any) -> PairVerdict:
        """Inverse of :meth:`to_json` (the explanation is made again); ``ValueError`` saying what
        is wrong when ``data`` is not such an object."""
        if not isinstance(data, dict):
            raise ValueError("expected an object")
        a, b = data.get("a"), data.get("b")
        if not (isinstance(a, str) and a and isinstance(b, str) and b) or a == b:
            raise ValueError('"a" and "b" must be two reference ids')
        verdict = data.get("verdict")
        if verdict not in VERDICTS:
            raise ValueError(f'"verdict" must be "same", "maybe" or "different", not {verdict!r}')
        rule, score, evidence = data.get("rule"), data.get("score"), data.get("evidence", {})
        if not isinstance(rule, str) or not rule:
            raise ValueError(f'"rule" must be a rule name, not {rule!r}')
        if not isinstance(score, (int, float)) or isinstance(score, bool):
            raise ValueError(f'"score" must be a number, not {score!r}')
        if not isinstance(evidence, dict):
            raise ValueError('"evidence" must be an object')
        return cls(a, b, verdict, rule, float(score), dict(evidence))
