"""One reference string -> labelled segments -> :class:`~refman.model.Reference` (pure).

:func:`label_segments` cleans the string (:func:`~refman.parse.patterns.clean_text`),
tokenises it, labels every token with the CRF and lets rules overrule it where rules are
certain: URLs and DOIs are identifiers whatever the model thinks. :func:`parse_with_crf` then
assembles the CSL item (:mod:`refman.parse.assemble`). Evaluation (:mod:`refman.parse.evaluate`)
scores exactly these segments, so the figures describe what the parser returns.
"""

from __future__ import annotations

import re

from refman.identifiers import find_doi, is_doi_url
from refman.model import Reference
from refman.parse import crf
from refman.parse.assemble import assemble_reference
from refman.parse.fields import Segment
from refman.parse.patterns import clean_text
from refman.parse.tokens import Token, tokenize

__all__ = ["label_segments", "label_tokens", "parse_with_crf"]

_URL = re.compile(r"^[<(\[]?(?:https?://|ftp://|www\.)", re.IGNORECASE)
_DOI_LABEL = re.compile(r"^(?:DOI|doi|Doi)\s*:?$")
_IDEM = re.compile(
    r"^(?:[-–—_]{2,}\s*\.?|(?:Его же|Её же|Ее же|Их же|Он же|Она же|Idem|Eadem|Iidem|Сонікі"
    r"|Сол автор(?:дың|лар)?)\s*[.:,])\s*"
)


_YEAR_LED = re.compile(r"^\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.:]\s")


def label_tokens(tokens: list[Token]) -> tuple[list[str], list[float]]:
    """CRF labels and confidences for ``tokens``, identifiers overruled."""
    tagging = crf.tag([t.text for t in tokens])
    labels, conf = tagging.labels, tagging.confidence
    for i, tok in enumerate(tokens):
        word = tok.text
        if labels[i] in ("url", "doi") or ("/" not in word and "www" not in word):
            continue
        if is_doi_url(word[1:] if word[0] in "<([" else word):
            labels[i], conf[i] = "doi", 1.0
        elif _URL.match(word):
            labels[i], conf[i] = "url", 1.0
        elif labels[i] != "url" and find_doi(word, standalone=True) is not None:
            labels[i], conf[i] = "doi", 1.0
            if i and _DOI_LABEL.match(tokens[i - 1].text):
                labels[i - 1] = "doi"
    return labels, conf


def _segments(text: str, tokens: list[Token], labels: list[str], conf: list[float]) -> list[Segment]:
    out: list[Segment] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or labels[i] != labels[start]:
            span = conf[start:i]
            out.append(
                Segment(labels[start], text[tokens[start].start : tokens[i - 1].end], sum(span) / len(span))
            )
            start = i
    return out


def label_segments(raw: str) -> list[tuple[str, str]]:
    """``(label, text)`` runs of a reference string, as the parser sees them."""
    text = clean_text(raw)
    tokens = tokenize(text)
    if not tokens:
        return []
    return [(s.label, s.text) for s in _segments(text, tokens, *label_tokens(tokens))]


def parse_with_crf(raw: str, ident: str) -> Reference:
    """The Reference for ``raw`` built from CRF labels."""
    ref = Reference(id=ident)
    ref.refman.raw = raw
    text = clean_text(raw)
    if not re.search(r"\w", text):
        ref.refman.problems.append("empty reference")
        return ref
    idem = _IDEM.match(text)
    if idem:
        ref.refman.extra["same_authors_as_previous"] = True
        text = text[idem.end() :]
    elif _YEAR_LED.match(text):
        ref.refman.extra["same_authors_as_previous"] = True  # "(1970): Title", the authors a ditto
    tokens = tokenize(text)
    segments = _segments(text, tokens, *label_tokens(tokens))
    return assemble_reference(ref, segments, text)
