"""One Crossref candidate compared with a reference, field by field (pure): the evidence.

Crossref's search-based matching with validation (SBMV), made script-aware: the agreement of
year, volume, issue, pages, container (or publisher for books), authors and title, a score over
them (a weighted, generalised Jaccard, with numbers and words the candidate does not explain
counting against it), the fields that support the candidate, and the veto that rules it out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from refman.identifiers import normalise_doi
from refman.resolve.features import RefFeatures, cover_in, expand_pages, numbers_in
from refman.resolve.mapping import strip_markup
from refman.resolve.records import Candidate
from refman.resolve.words import (
    CYRILLIC,
    PHONETIC_NAME,
    Token,
    edit_distance,
    is_abbreviation,
    name_similarity,
    name_words,
    near,
    one_edit,
    ordered_cover,
    palladius,
    phonetic_keys,
    short_text_cache,
    significant_words,
    skeleton,
    sound_alike,
    tokens,
    translation_trace,
    word_equal,
)

__all__ = [
    "FIELD_RULES",
    "RESIDUE_WEIGHT",
    "STRONG_TITLE",
    "TITLE_DISAGREES",
    "UNEXPLAINED_WEIGHT",
    "Evidence",
    "FieldRule",
    "candidate_evidence",
]

# --- thresholds (tuned on bench/resolve.py --split dev; see docs/resolve.md) --------------------


class FieldRule(NamedTuple):
    """How a field counts: its weight in the score, and the agreement at which it supports a match."""

    weight: float
    supports_at: float


#: Per field: its weight in the score (a weighted, generalised Jaccard over the fields compared)
#: and the agreement at or above which it supports a match.
FIELD_RULES: dict[str, FieldRule] = {
    "title": FieldRule(3.0, 0.75),
    "author": FieldRule(2.0, 0.75),
    "year": FieldRule(1.0, 1.0),
    "volume": FieldRule(1.0, 1.0),
    "issue": FieldRule(0.5, 1.0),
    "page": FieldRule(1.5, 1.0),
    "container": FieldRule(1.0, 0.6),
    "publisher": FieldRule(0.5, 0.6),
}
#: Weight of each number in the reference that the candidate does not explain (at most 3 count).
UNEXPLAINED_WEIGHT = 0.5
#: Weight of each content word of the reference the candidate does not explain (at most 8 count).
RESIDUE_WEIGHT = 0.25
#: A title comparison below this is a disagreement: the candidate is rejected.
TITLE_DISAGREES = 0.35
#: A title found at least this well (and at least four words long) counts one and a half fields.
STRONG_TITLE = 0.9
_BOOK_TYPES = frozenset({"book", "monograph", "edited-book", "reference-book", "book-set", "book-series"})


def _first(value: Any) -> str | None:
    if isinstance(value, str):
        return _strip(value) if value.strip() else None
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return _strip(value) if isinstance(value, str) and value.strip() else None


@short_text_cache
def _strip(text: str) -> str:
    return strip_markup(text)


def _years_of(record: Mapping[str, Any]) -> set[int]:
    out: set[int] = set()
    for key in ("issued", "published-print", "published-online", "published"):
        parts = record.get(key, {}).get("date-parts") if isinstance(record.get(key), Mapping) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            y = parts[0][0]
            if isinstance(y, int):
                out.add(y)
    return out


def _family_of(person: Mapping[str, Any]) -> str | None:
    base = person.get("family") or person.get("name")
    if not isinstance(base, str):
        return None
    parts = [w for w in significant_words(base) if len(w) > 1]
    return max(parts, key=len) if parts else None


@dataclass
class Evidence:
    """One candidate compared with the reference: agreement per field (None: not comparable)."""

    doi: str
    score: float
    fields: dict[str, float | None]
    support: float
    supporting_fields: list[str]
    title_evidence: bool
    veto: str | None = None
    search_score: float | None = None
    translation: list[str] = field(default_factory=list)  # title words found across languages

    def candidate(self) -> Candidate:
        """The comparison as stored under ``custom.refman.match.candidates`` (rounded)."""
        return Candidate(
            DOI=self.doi,
            score=round(self.score, 3),
            supporting_fields=tuple(self.supporting_fields),
            fields={k: round(v, 2) for k, v in self.fields.items() if v is not None},
            veto=self.veto or None,
            search_score=None if self.search_score is None else round(self.search_score, 3),
            translation=tuple(self.translation),
        )


def _names_of(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for role in ("author", "editor"):
        people = record.get(role)
        if isinstance(people, list):
            named = [p for p in people if isinstance(p, Mapping) and (p.get("family") or p.get("name"))]
            if named:
                return named
    return []


def _author_hits(feat: RefFeatures, families: Sequence[str]) -> list[tuple[float, int]]:
    """For each candidate surname, the best similarity to a word of the reference and its position."""
    hits: list[tuple[float, int]] = []
    for name in families:
        skel = skeleton(name)
        keys = phonetic_keys(name)
        russian = palladius(name)  # a Chinese name as Russian writes it
        russian_skel = skeleton(russian) if russian else ""
        best, where = 0.0, -1
        for i in feat.content:
            word = feat.tokens[i]
            if word == name:
                best, where = 1.0, i
                break
            if best >= 0.95:
                continue
            if russian_skel and best < PHONETIC_NAME and feat.cyr[i] and feat.skeletons[i] == russian_skel:
                best, where = PHONETIC_NAME, i  # Цинь / Qin, Чжу / Zhu
                continue
            if abs(len(word) - len(name)) > 2:
                if best < PHONETIC_NAME and sound_alike(name, word, keys, feat.phonetic[i]):
                    best, where = PHONETIC_NAME, i
                continue
            if feat.skeletons[i] == skel:
                sim = 0.95
            else:
                n = min(len(skel), len(feat.skeletons[i]))
                if n >= 4 and one_edit(skel, feat.skeletons[i]):
                    sim = 0.85
                elif sound_alike(name, word, keys, feat.phonetic[i]):
                    sim = PHONETIC_NAME  # a transcription: Кохейн / Keohane, Уолтц / Waltz
                elif (
                    n >= 6
                    and near(skel, feat.skeletons[i])
                    and edit_distance(skel, feat.skeletons[i], 2) <= 2
                ):
                    sim = 0.75
                else:
                    continue
            if sim > best:
                best, where = sim, i
        hits.append((best, where))
    return hits


def _author_agreement(
    feat: RefFeatures, families: Sequence[str], hits: Sequence[tuple[float, int]]
) -> float | None:
    if not families or not feat.content:
        return None
    first_window = feat.content[:6]
    first, pos = hits[0]
    if pos not in first_window:
        first *= 0.9  # the name occurs, but not where the first author is written
    if feat.family_names:
        first = max(first, name_similarity(families[0], feat.family_names[0]))
    if first < 0.75:
        # authors listed in another order, or the first one misspelt beyond repair
        others = max((h[0] for h in hits[1:3]), default=0.0)
        return max(first * 0.8, 0.5 * others) if others >= 0.75 else first * 0.8
    rest = hits[1:3]
    if not rest:
        return first
    found = sum(1 for h in rest if h[0] >= 0.75)
    if found == len(rest) or feat.etal:
        return first
    return first * (0.85 + 0.15 * found / len(rest))


def _author_zone(feat: RefFeatures, hits: Sequence[tuple[float, int]]) -> int:
    """The last position of the run of author names that opens the reference (-1: none found):
    every word in it is a name or an initial, even a misspelt one."""
    positions = sorted(pos for sim, pos in hits if sim >= 0.75 and pos >= 0)
    if not positions or positions[0] > 8:
        return -1
    end = positions[0]
    for pos in positions[1:]:
        if pos - end > 6:
            break
        end = pos
    return end


def _explained(feat: RefFeatures, record: Mapping[str, Any], hits: Sequence[tuple[float, int]]) -> set[int]:
    """Positions of reference words accounted for by the candidate's names, container, publisher."""
    zone = _author_zone(feat, hits)
    done = {pos for sim, pos in hits if sim >= 0.75}
    done.update(i for i in feat.content if i <= zone)
    known: set[str] = set()
    for role in ("author", "editor", "translator"):
        people = record.get(role)
        if not isinstance(people, list):
            continue
        for person in people[:60]:
            if not isinstance(person, Mapping):
                continue
            for key in ("given", "family", "name"):
                value = person.get(key)
                if isinstance(value, str):
                    known.update(name_words(value))
    words: list[str] = []
    for key in ("container-title", "short-container-title", "publisher", "publisher-location", "group-title"):
        value = _first(record.get(key))
        if value:
            words.extend(significant_words(value))
    event = record.get("event")
    if isinstance(event, Mapping):
        for key in ("name", "location", "acronym"):
            if isinstance(event.get(key), str):
                words.extend(significant_words(event[key]))
    known.update(words)
    for i in feat.content:
        if i in done:
            continue
        w = feat.tokens[i]
        if w in known or (feat.abbrev[i] and any(is_abbreviation(w, c) for c in words)):
            done.add(i)
    return done


def _title_agreement(
    feat: RefFeatures, record: Mapping[str, Any], explained: set[int]
) -> tuple[float | None, int, int]:
    """Title evidence, the number of reference words left unexplained by the candidate, and
    where the candidate's title begins in the reference (-1: not found).

    The evidence is None when it cannot tell: no title in the reference, a title in another
    script (a translation), a record without a title for a reference without one.
    """
    region = [i for i in feat.content if i not in explained]
    title = _first(record.get("title"))
    cand = significant_words(title) if title else []
    if not cand:
        # a record without a title (an issue, a component) for a reference that has one
        return (0.0 if len(region) >= 3 else None), len(region), -1
    subtitle = _first(record.get("subtitle"))
    cand_full = cand + significant_words(subtitle) if subtitle else cand
    forward = 0.0
    start = -1
    for words in (cand, cand_full) if cand_full is not cand else (cand,):
        n, first, last = cover_in(words, feat)
        if n:
            span = last - first + 1
            density = n / span if span > 0 else 1.0
            cover = n / len(words) * min(1.0, 0.4 + density)
            # a short, generic title ("Editorial", "Introduction") is weak evidence on its own
            cover *= min(1.0, 0.55 + 0.15 * len(words))
            if cover > forward:
                forward, start = cover, first
        if feat.title_words:
            m, _, _ = ordered_cover(words, feat.title_words)
            forward = max(forward, 2 * m / (len(words) + len(feat.title_words)))
    have = set(cand_full)
    by_letter: dict[str, list[str]] = {}
    for w in have:
        by_letter.setdefault(w[0], []).append(w)
    left = [
        i
        for i in region
        if feat.tokens[i] not in have
        and not (
            len(feat.tokens[i]) >= 5
            and any(word_equal(feat.tokens[i], w) for w in by_letter.get(feat.tokens[i][0], ()))
        )
    ]
    if forward >= 0.5:
        return forward, len(left), start
    if len(region) <= 1:
        return None, len(region), -1  # the reference gives no title (or one word of it)
    cyrillic = sum(1 for i in region if feat.cyr[i])
    if cyrillic >= 2 and cyrillic * 2 >= len(region) and not CYRILLIC.search(title or ""):
        # a title in another script: a translation is not evidence either way
        return None, len(region) - cyrillic, -1
    # the reference's remaining words, read as its title: how much of it the candidate's title has
    backward = (len(region) - len(left)) / len(region) * min(1.0, len(region) / 3)
    return max(forward, backward), len(left), start


def _translation_agreement(
    feat: RefFeatures, record: Mapping[str, Any], explained: set[int]
) -> tuple[float, list[str]] | None:
    """Title evidence that survives translation, for a reference whose title is in Cyrillic and a
    candidate whose title is not: the share of the candidate's title words that the reference's
    title gives as the same Latin word (acronyms, Latin names, formulas: ``ZFN``, ``HoMnO3``), the
    same number, or a cognate (``микробиотасына`` / ``microbiota``); and those words, explained.
    None when the titles are not in two scripts."""
    title = _first(record.get("title"))
    if not title or CYRILLIC.search(title):
        return None
    region = [i for i in feat.content if i not in explained]
    cyrillic = [i for i in region if feat.cyr[i]]
    if len(cyrillic) < 2 or len(cyrillic) * 2 < len(region):
        return None
    subtitle = _first(record.get("subtitle"))
    words = list(dict.fromkeys(significant_words(f"{title} {subtitle}" if subtitle else title)))
    words = [w for w in words if len(w) >= 3 or w.isdigit()]
    if not words:
        return None
    # Latin words and numbers count only inside the translated title (not the container after it)
    inside = range(cyrillic[0], cyrillic[-1] + 1)
    latin = {
        i
        for i in inside
        if not feat.cyr[i]
        and i not in explained
        and not (feat.tokens[i].isdigit() and int(feat.tokens[i]) in feat.years)
    }
    source = [Token(feat.tokens[i], False, feat.cyr[i]) for i in sorted(latin.union(cyrillic))]
    found = translation_trace(source, f"{title} {subtitle or ''}", words)
    # a numbered part ("Part II") or a number that the translated title gives otherwise ("I бөлім")
    theirs = {t.text for t in tokens(title) if t.text.isdigit() or t.text in _ROMAN}
    ours = {
        feat.tokens[i]
        for i in inside
        if not feat.cyr[i] and (feat.tokens[i].isdigit() or feat.tokens[i] in _ROMAN)
    }
    ours -= {str(y) for y in feat.years}
    if theirs and ours and not theirs & ours:
        found = []
    return len(found) / len(words), found


_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def _container_agreement(feat: RefFeatures, record: Mapping[str, Any], names_end: int) -> float | None:
    """How much of the container's name the reference gives after its names (initials there are
    no abbreviations of it: "Jiang, S.-W." is not "J. Sensors")."""
    best: float | None = None
    for key in ("container-title", "short-container-title"):
        name = _first(record.get(key))
        words = significant_words(name) if name else []
        if not words:
            continue
        n, first, _ = cover_in(words, feat, abbreviations=True)
        value = n / len(words) if first > names_end else 0.0
        best = value if best is None else max(best, value)
    return best


def _publisher_agreement(feat: RefFeatures, record: Mapping[str, Any]) -> float | None:
    name = _first(record.get("publisher"))
    words = significant_words(name) if name else []
    if not words:
        return None
    have = set(feat.tokens)
    return sum(1 for w in words if w in have) / len(words)


def candidate_evidence(
    feat: RefFeatures, record: Mapping[str, Any], search_score: float | None = None
) -> Evidence:
    """Compare one Crossref work with a reference: per-field agreement, score and support."""
    doi = normalise_doi(str(record.get("DOI", ""))) or ""
    fields: dict[str, float | None] = {}
    numbers = Counter(feat.numbers)

    def take(values: Iterable[str]) -> bool:
        vals = [v for v in values if v]
        if not vals or any(numbers[v] <= 0 for v in vals):
            return False
        for v in vals:
            numbers[v] -= 1
        return True

    # year: exact, +-1 (half), or a disagreement
    years = _years_of(record)
    if years and feat.years:
        if years & feat.years:
            fields["year"] = 1.0
            take([str(sorted(years & feat.years)[0])])
        elif any(abs(y - r) <= 1 for y in years for r in feat.years):
            fields["year"] = 0.5
            take([str(sorted(r for r in feat.years if any(abs(y - r) <= 1 for y in years))[0])])
        else:
            fields["year"] = 0.0
    else:
        fields["year"] = None

    # a reference that gives no numbers but its year cannot tell volume, issue or pages
    bare = all(int(n) in feat.years for n in feat.numbers)
    volume = None if bare else _first(record.get("volume"))
    vol_numbers = numbers_in(volume) if volume else []
    if vol_numbers:
        # a volume equal to the year is written once in many styles
        if years and len(vol_numbers) == 1 and int(vol_numbers[0]) in years and numbers[vol_numbers[0]] == 0:
            fields["volume"] = None  # the year again: no independent evidence
        else:
            fields["volume"] = 1.0 if take(vol_numbers) else 0.0
    else:
        fields["volume"] = None

    issue = None if bare else _first(record.get("issue"))
    issue_numbers = numbers_in(issue) if issue else []
    fields["issue"] = (1.0 if take(issue_numbers) else 0.0) if issue_numbers else None

    page = None if bare else _first(record.get("page")) or _first(record.get("article-number"))
    page_numbers = numbers_in(expand_pages(page)) if page else []
    if page_numbers:
        first_ok = take(page_numbers[:1])
        last_ok = take(page_numbers[1:2]) if len(page_numbers) > 1 else first_ok
        fields["page"] = 1.0 if first_ok and last_ok else 0.7 if first_ok else 0.0
    else:
        fields["page"] = None

    title_text = _first(record.get("title")) or ""
    # numbers inside the candidate's title ("COVID-19", "46-Year-Old") are explained by it
    for n in numbers_in(title_text):
        if numbers[n] > 0:
            numbers[n] -= 1

    people = _names_of(record)
    families = [f for f in (_family_of(p) for p in people[:20]) if f]
    hits = _author_hits(feat, families)
    fields["author"] = _author_agreement(feat, families, hits)
    explained = _explained(feat, record, hits)
    title_value, residue, title_start = _title_agreement(feat, record, explained)
    fields["title"] = title_value
    translated = _translation_agreement(feat, record, explained) if title_value is None else None

    ctype = str(record.get("type", ""))
    is_book = ctype in _BOOK_TYPES
    if is_book:
        fields["container"] = None
        fields["publisher"] = _publisher_agreement(feat, record)
    else:
        fields["container"] = _container_agreement(feat, record, _author_zone(feat, hits))
        fields["publisher"] = None

    unexplained = sum(c for c in numbers.values() if c > 0)
    num = 0.0
    den = UNEXPLAINED_WEIGHT * min(unexplained, 3) + RESIDUE_WEIGHT * min(residue, 8)
    support = 0.0
    supporting: list[str] = []
    for name, value in fields.items():
        if value is None:
            continue
        w = FIELD_RULES[name].weight
        num += w * value
        den += w
        if value >= FIELD_RULES[name].supports_at:
            support += 1.0
            supporting.append(name)
        elif name == "year" and value >= 0.5:
            support += 0.5
            supporting.append("year~1")
        elif name == "page" and value >= 0.7 and page_numbers[:1] != ["1"]:
            support += 0.5
            supporting.append("page~first")
    score = num / den if den else 0.0

    authors_found = sum(1 for sim, _ in hits[:6] if sim >= FIELD_RULES["author"].supports_at)
    if authors_found >= 3 and (fields["author"] or 0.0) >= FIELD_RULES["author"].supports_at:
        support += 0.5  # three or more of the authors, not just the first
        supporting.append(f"authors:{authors_found}")
    title_evidence = title_value is not None and title_value >= FIELD_RULES["title"].supports_at
    if (
        title_evidence
        and title_value is not None
        and title_value >= STRONG_TITLE
        and len(significant_words(title_text)) >= 4
    ):
        support += 0.5  # a long title found word for word is worth more than one number
    veto = None
    author_value = fields["author"]
    if title_value is not None and title_value < TITLE_DISAGREES:
        veto = "the title disagrees"
    elif is_book and title_start >= 0 and (title_start in feat.part_of or title_start - 1 in feat.part_of):
        veto = "the reference is a part of this book (its title follows 'In' or '//')"
    elif author_value is not None and author_value < 0.5 and not title_evidence:
        veto = "the first author disagrees and the title is no evidence"
    elif fields["page"] == 0.0 and unexplained and not title_evidence:
        veto = "the pages disagree and the title is no evidence"
    elif fields["year"] == 0.0 and not title_evidence:
        veto = "the year disagrees and the title is no evidence"
    elif not title_evidence and (author_value is None or author_value < FIELD_RULES["author"].supports_at):
        veto = "neither the title nor the authors agree"

    words: list[str] = []
    if translated is not None:
        # kept apart from the score: the matcher weighs it against the other candidates
        fields["translation"], words = translated
    return Evidence(
        doi=doi,
        score=score,
        fields=fields,
        support=support,
        supporting_fields=supporting,
        title_evidence=title_evidence,
        veto=veto,
        search_score=search_score,
        translation=words,
    )
