"""Tokens of a reference string for the sequence labeller (pure, linear).

Tokens are whitespace-separated words with their punctuation attached, as AnyStyle tokenises:
"Smith," "(2020)." "Т." "5," "№" "2." are tokens. Two kinds of glue are split: a GOST ``//``
stuck to a word ("регионов//Вопросы") and a GOST area dash after a full stop ("2019.–256 с.").
URLs and DOIs are never split.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from refman.identifiers import mentions_doi

__all__ = ["Token", "tokenize"]


class Token(NamedTuple):
    """One token: its text and its span ``[start, end)`` in the string."""

    text: str
    start: int
    end: int


# Glue to split inside a whitespace token: "//" (not in "://"), or ".–" / ".—" before a word.
_GLUE = re.compile(r"(?<!:)//+|(?<=\.)[\u2013\u2014](?=\S)")
_URLISH = re.compile(r"https?:|ftp:|www\.|doi\.org", re.IGNORECASE)


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` with their offsets."""
    out: list[Token] = []
    pos = 0
    find = text.find
    new = tuple.__new__
    for word in text.split():
        start = find(word, pos)
        pos = start + len(word)
        if (
            len(word) > 2
            and ("/" in word or "\u2013" in word or "\u2014" in word)
            and not _URLISH.search(word)
            and not mentions_doi(word)
        ):
            at = 0
            for g in _GLUE.finditer(word):
                if g.start() > at:
                    out.append(Token(word[at : g.start()], start + at, start + g.start()))
                out.append(Token(g.group(0), start + g.start(), start + g.end()))
                at = g.end()
            if at < len(word):
                out.append(Token(word[at:], start + at, pos))
        else:
            out.append(new(Token, (word, start, pos)))
    return out
