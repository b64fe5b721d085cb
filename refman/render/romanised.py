"""The romanised "References" list that Scopus-indexed Kazakh and Russian journals print (pure).

Beside the list in the original script these journals print a second one in Latin letters:
authors, titles, containers, places and publishers transliterated, the English title in square
brackets where it is known (an article's own English title and author names, read from its
front matter), and the language of the original at the end: "(In Russ.)",
"(In Kazakh)". The transliteration is the BSI system as journals use it (translit.net's "BSI",
the Library of Congress table without diacritics: й -> i, х -> kh, щ -> shch, ю -> iu, я -> ia,
ь -> '; Kazakh letters folded to their base letter, қ -> k, ә -> a, ң -> n): refman.translit's
``bsi`` table. References already in Latin letters are kept as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refman.lang import detect_language, is_cyrillic
from refman.model import Name, Reference
from refman.render.csl import Output, render_bibliography
from refman.translit import romanise

__all__ = ["LANGUAGE_NOTES", "SCHEME", "romanised_bibliography", "romanised_reference"]

#: refman.translit's table for the romanised list.
SCHEME = "bsi"
#: The note the list ends an entry with, by the original's language.
LANGUAGE_NOTES = {"ru": "(In Russ.)", "kk": "(In Kazakh)"}
#: Place names written in the English form journals print (the rest are transliterated).
_PLACES = {
    "м.": "Moscow",
    "москва": "Moscow",
    "спб.": "St. Petersburg",
    "санкт-петербург": "St. Petersburg",
    "л.": "Leningrad",
    "алматы": "Almaty",
    "алма-ата": "Alma-Ata",
    "астана": "Astana",
    "нур-султан": "Nur-Sultan",
}
_STYLE = "refman-romanised"


def _has_cyrillic(text: str | None) -> bool:
    return bool(text) and any(is_cyrillic(c) for c in text or "")


def _latin(text: str | None, lang: str | None) -> str | None:
    return romanise(text, lang, SCHEME) if text else text


def _name(name: Name, lang: str | None) -> Name:
    return Name(
        family=_latin(name.family, lang),
        given=_latin(name.given, lang),
        dropping_particle=_latin(name.dropping_particle, lang),
        non_dropping_particle=_latin(name.non_dropping_particle, lang),
        suffix=_latin(name.suffix, lang),
        literal=_latin(name.literal, lang),
    )


_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.-?)+$")


def _written_name(written: str) -> Name:
    """A Name from the author's own Latin spelling: "Kurmangali A.K." or "S.B. Stambulov"."""
    tokens = written.replace(".", ". ").split()
    initials = [t for t in tokens if _INITIALS.match(t)]
    words = [t for t in tokens if not _INITIALS.match(t)]
    return Name(family=" ".join(words), given="".join(initials) or None) if words else Name(literal=written)


def _own_names(ref: Reference) -> list[Name] | None:
    """The authors as the article itself prints them in Latin letters (its English block)."""
    people = ref.refman.extra.get("authors")
    if not isinstance(people, list) or len(people) != len(ref.author) or not people:
        return None
    written = [p.get("en") if isinstance(p, dict) else None for p in people]
    if not all(isinstance(w, str) and w and not _has_cyrillic(w) for w in written):
        return None
    return [_written_name(str(w)) for w in written]


def _language(ref: Reference) -> str | None:
    """ "ru" or "kk" for a reference written in Cyrillic, else None."""
    texts = [ref.title, ref.container_title, *(n.family for n in ref.author)]
    if not any(_has_cyrillic(t) for t in texts):
        return None
    if ref.language in LANGUAGE_NOTES:
        return ref.language
    detected = detect_language(" ".join(t for t in texts if t))
    return detected if detected in LANGUAGE_NOTES else "ru"


def _place(place: str | None, lang: str | None) -> str | None:
    if not place:
        return place
    return _PLACES.get(place.strip().lower()) or _latin(place, lang)


def romanised_reference(ref: Reference) -> Reference:
    """A copy of ``ref`` as the romanised list prints it; a Latin-script reference unchanged."""
    lang = _language(ref)
    if lang is None:
        return ref
    title = _latin(ref.title, lang)
    titles = ref.refman.extra.get("titles")
    english = titles.get("en") if isinstance(titles, dict) else None
    if title and isinstance(english, str) and english and not _has_cyrillic(english):
        title = f"{title} [{english}]"
    return ref.replace(
        title=title,
        author=_own_names(ref) or [_name(n, lang) for n in ref.author],
        editor=[_name(n, lang) for n in ref.editor],
        translator=[_name(n, lang) for n in ref.translator],
        container_title=_latin(ref.container_title, lang),
        collection_title=_latin(ref.collection_title, lang),
        publisher=_latin(ref.publisher, lang),
        publisher_place=_place(ref.publisher_place, lang),
        note=LANGUAGE_NOTES[lang],
    )


def romanised_bibliography(refs: Sequence[Reference], output: Output = "text") -> str:
    """The romanised "References" list, numbered in the order of ``refs``."""
    return render_bibliography([romanised_reference(r) for r in refs], _STYLE, "en", output)
