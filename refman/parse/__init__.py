"""Reference strings -> structured :class:`~refman.model.Reference` items (pure).

:func:`parse_reference` is the one entry point. It labels the string's tokens with a CRF
trained on AnyStyle's corpora and refman's Kazakh/Russian GOST corpus
(:mod:`refman.parse.labeller`, model shipped as ``model.crfsuite``), repairs the spans the model
gets wrong in predictable ways and turns them into CSL fields with rules
(:mod:`refman.parse.assemble`, :mod:`refman.parse.fields`). A model that cannot be loaded is an
installation error (:class:`ParserModelError`), raised at first use.
:func:`parse_works` splits a string that holds several works ("...; Его же. ...") and parses each
with :func:`parse_reference`. How the model is trained lives in :mod:`refman.parse.training`,
which is kept in the repository and not shipped.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from refman.lang import CAPITAL
from refman.model import Reference
from refman.parse.crf import ParserModelError
from refman.parse.labeller import parse_with_crf

__all__ = ["MAX_REFERENCE_CHARS", "ParserModelError", "parse_reference", "parse_works", "split_works"]

#: A reference string longer than this is parsed from its first ``MAX_REFERENCE_CHARS`` characters
#: (its raw string is kept whole and a problem says what was cut). The longest of the 33,000 real
#: references in the test corpora holds 1,553 characters; a list entry is closed at 3,000.
MAX_REFERENCE_CHARS = 4_000

_IDEM_SPLIT = re.compile(
    r"(?:;|\.\s*[\u2013\u2014-]|\.)\s+(?=(?:Его же|Её же|Ее же|Их же|Он же|Она же|Они же|Idem|Eadem|Iidem"
    r"|Ibid|Сонікі|Сол автор(?:дың|лар)?)\s*[.:,])"
)
# "...; Author I.I. Title ..." : a second work after a first one that ended with its pages
_WORK_SPLIT = re.compile(
    rf"(?<=(?:\d|\.))\s*;\s+(?=[{CAPITAL}][\w'’-]+,?\s+(?:[{CAPITAL}][a-zа-я]?\.\s?){{1,3}}"
    rf"\s*[{CAPITAL}«“])"
)
_ENDS_WORK = re.compile(
    r"(?:\b(?:[СсБбPpS]|pp|стр|бет|бб)\.?\s*\d+(?:\s*[\u2013\u2014-]\s*\d+)?|(?<!\d)\d+\s*(?:с|б|p|pp|бет)\.?)\s*$"
)
# How far back from a ";" the pages that end a work are looked for (they are a few characters).
_ENDS_WORK_WINDOW = 100


def parse_reference(raw: str, id: str = "") -> Reference:
    """Parse ONE reference string (cleaned of Markdown, no list number) into a Reference.

    Fills CSL fields (type, title, author, issued, container-title, volume, issue, page, DOI,
    URL, accessed, ...) and ``custom.refman`` (raw string, per-field confidence, problems).
    Empty or unreadable input gives a ``document`` with a problem recorded, a string longer than
    :data:`MAX_REFERENCE_CHARS` is read up to that length (with a problem); the one error raised
    is :class:`~refman.parse.crf.ParserModelError` (the model is missing from the installation).
    """
    text = raw[:MAX_REFERENCE_CHARS]
    try:
        ref = parse_with_crf(text, id)
    except ParserModelError:
        raise
    except Exception as exc:  # a parser must turn any failure into data
        ref = Reference(id=id, type="document")
        ref.refman.problems.append(f"parser error: {type(exc).__name__}: {exc}")
    ref.refman.raw = raw
    if len(raw) > MAX_REFERENCE_CHARS:
        ref.refman.problems.append(
            f"reference of {len(raw):,} characters: only its first {MAX_REFERENCE_CHARS:,} were read"
        )
    return ref


def split_works(raw: str) -> list[str]:
    """The works in one list entry: "A. Book 1. – M., 2001.; Его же. Book 2." -> two strings.

    Works are split before "Его же", "Сонікі", "Idem", "Ibid." and at a ";" that ends a work
    (its pages or number of pages) and starts another with an author ("…С. 5–9; Петров П.П. …").
    """
    pieces: list[str] = []
    for part in _IDEM_SPLIT.split(raw):
        start = 0
        for m in _WORK_SPLIT.finditer(part):
            if _ENDS_WORK.search(part, max(0, m.start() - _ENDS_WORK_WINDOW), m.start()):
                pieces.append(part[start : m.start()])
                start = m.end()
        pieces.append(part[start:])
    pieces = [p.strip() for p in pieces]
    return [p for p in pieces if p] or [raw]


def parse_works(
    raw: str, id: str = "", parser: Callable[[str, str], Reference] = parse_reference
) -> list[Reference]:
    """Parse every work of one list entry with ``parser``; "Его же" / "Idem" works get the
    previous authors.

    One work keeps ``id``; several get ``id`` + "a", "b", ... Each keeps its own raw string.
    """
    works = split_works(raw)
    if len(works) == 1:
        return [parser(raw, id)]
    letters = string.ascii_lowercase
    refs: list[Reference] = []
    for k, work in enumerate(works):
        ref = parser(work, f"{id}{letters[k % 26]}" if id else "")
        if refs and ref.refman.extra.get("same_authors_as_previous") and not ref.author:
            ref.author = list(refs[-1].author)
            ref.refman.confidence["author"] = 0.7
            if refs[-1].refman.extra.get("et_al"):
                ref.refman.extra["et_al"] = True
        refs.append(ref)
    return refs
