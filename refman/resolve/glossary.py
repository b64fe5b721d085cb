"""A Kazakh/Russian -> English glossary of the field's terms, built from data (pure; generated).

Written by ``python -m bench.crosslang --glossary`` from the parallel kk/ru/en metadata that
articles print about themselves (see that command for the sources and the alignment); do not edit
by hand. Each entry: (a Kazakh or Russian word, its English word, where the pair was read).
"""

from __future__ import annotations

GLOSSARY: tuple[tuple[str, str, str], ...] = ()
