"""Realistic noise for rendered references, applied piece by piece so labels stay right (pure).

What real Kazakh and Russian lists do to a clean style: initials with and without spaces,
hyphens or em dashes for the GOST en dash, "//" without spaces, "№2" and "С.10-20" glued,
Latin "C." for Cyrillic "С.", a lower-case "с.", "г." after the year, no final full stop,
"..." or "…", list numbers ("12.", "[12]", "12)") left in front.
"""

from __future__ import annotations

import random
import re

from refman.lang import CAPITAL
from refman.parse.labels import OTHER
from refman.parse.training.corpus.render import Pieces, tidy

__all__ = ["add_noise"]

_INITIALS_SPACED = re.compile(rf"(?<=[{CAPITAL}]\.) (?=[{CAPITAL}]\.)")
_INITIALS_TIGHT = re.compile(rf"(?<=[{CAPITAL}]\.)(?=[{CAPITAL}]\.)")


def add_noise(pieces: Pieces, rng: random.Random, number: int | None = None) -> Pieces:
    """A noisy copy of ``pieces`` (same labels); ``number`` puts a list number in front."""
    tight = rng.random() < 0.5
    spaced = not tight and rng.random() < 0.3
    dash = rng.choices(["–", "-", "—"], [0.75, 0.18, 0.07])[0]
    glue_no = rng.random() < 0.25
    glue_pages = rng.random() < 0.2
    latin_c = rng.random() < 0.06
    lower_c = rng.random() < 0.08
    slash = rng.choices([None, "// ", " //", "//"], [0.8, 0.08, 0.06, 0.06])[0]
    year_g = rng.random() < 0.04
    dots = rng.choice(["...", "…"])
    out: Pieces = []
    for label, text in pieces:
        if label in ("author", "editor", "translator"):
            if tight:
                text = _INITIALS_SPACED.sub("", text)
            elif spaced:
                text = _INITIALS_TIGHT.sub(" ", text)
        if label == OTHER:
            text = text.replace("–", dash) if "–" in text else text
            if slash and "//" in text:
                text = re.sub(r"\s*//\s*", slash, text)
        if label == "volume" and glue_no:
            text = re.sub(r"(№|Т\.|No\.|no\.|vol\.)\s+(?=\d)", r"\1", text)
        if label == "pages":
            if glue_pages:
                text = re.sub(r"(С\.|Б\.|P\.|pp\.|p\.)\s+(?=\d)", r"\1", text).replace("–", "-")
            if latin_c:
                text = text.replace("С.", "C.")
            if lower_c:
                text = text.replace("С.", "с.")
        if label == "date" and year_g and re.fullmatch(r"\d{4}", text):
            text += " г."
        if label == "genre":
            text = text.replace("...", dots).replace("…", dots)
        out.append((label, text))
    if out and rng.random() < 0.12 and out[-1] == (OTHER, "."):
        out.pop()
    if number is not None:
        style = rng.choice(["{}.", "{}.", "[{}]", "{})"])
        out.insert(0, (OTHER, " "))
        out.insert(0, ("citation-number", style.format(number)))
    return tidy(out)
