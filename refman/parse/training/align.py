"""Labelled strings -> one label per token, what the CRF is trained on (pure).

A labelled string is its text and its segments ``(label, text)`` in order (AnyStyle's corpora,
GROBID's, refman's GOST corpus); :func:`align` gives each token of the text the label of the
segment it falls in, and :func:`to_training` the token texts and labels of an
:class:`~refman.parse.evaluate.Example`.
"""

from __future__ import annotations

from collections.abc import Sequence

from refman.parse.evaluate import Example
from refman.parse.labels import OTHER
from refman.parse.tokens import Token, tokenize

__all__ = ["align", "to_training"]

_OPENERS = "([{«“„‘<№"


def align(text: str, segments: Sequence[tuple[str, str]]) -> tuple[list[Token], list[str]] | None:
    """Tokens of ``text`` and one label each, from segments ``(label, text)`` in order.

    A token takes the label of most of its letters and digits. Text labelled :data:`OTHER`
    joins a neighbour: words ("pp.", "In") and opening brackets the next field, other
    punctuation the previous one. Returns None when the segments do not match the text.
    """
    chars: list[str | None] = [None] * len(text)
    pos = 0
    for label, seg in segments:
        seg = seg.strip()
        if not seg:
            continue
        at = text.find(seg, pos)
        if at < 0 or text[pos:at].strip():
            return None
        for k in range(at, at + len(seg)):
            if not text[k].isspace():
                chars[k] = label
        pos = at + len(seg)
    if text[pos:].strip():
        return None
    tokens = tokenize(text)
    raw: list[str] = []
    for tok in tokens:
        votes: dict[str, int] = {}
        for k in range(tok.start, tok.end):
            lab = chars[k]
            if lab is not None and lab != OTHER and text[k].isalnum():
                votes[lab] = votes.get(lab, 0) + 1
        if votes:
            raw.append(max(votes, key=lambda key: votes[key]))
            continue
        span = chars[tok.start : tok.end]
        labs = [lab for lab in span if lab is not None and lab != OTHER]
        if labs and OTHER not in span:
            raw.append(labs[0])
        elif any(ch.isalnum() for ch in tok.text) or tok.text[:1] in _OPENERS:
            raw.append("+")  # joins the next field
        else:
            raw.append("-")  # joins the previous field
    n = len(tokens)
    following = [""] * n
    nxt = ""
    for i in range(n - 1, -1, -1):
        following[i] = nxt
        if raw[i] not in ("+", "-"):
            nxt = raw[i]
    labels: list[str] = []
    prev = ""
    for i in range(n):
        if raw[i] == "+":
            lab = following[i] or prev
        elif raw[i] == "-":
            lab = prev or following[i]
        else:
            lab = raw[i]
        labels.append(lab)
        prev = lab or prev
    if not all(labels):
        return None
    return tokens, labels


def to_training(example: Example) -> tuple[list[str], list[str]] | None:
    """Token texts and labels for training, or None when the segments do not fit the text."""
    aligned = align(example.text, example.segments)
    if aligned is None:
        return None
    tokens, labels = aligned
    return [t.text for t in tokens], labels
