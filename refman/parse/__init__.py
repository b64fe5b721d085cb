"""Reference strings -> structured :class:`~refman.model.Reference` items (pure).

:func:`parse_reference` is the one entry point. Today it runs the rule-based parser in
:mod:`refman.parse.rules`; a trained sequence labeller can replace it behind the same signature.
"""

from __future__ import annotations

from refman.model import Reference
from refman.parse import rules

__all__ = ["parse_reference"]


def parse_reference(raw: str, id: str = "") -> Reference:
    """Parse ONE reference string (cleaned of Markdown, no list number) into a Reference.

    Fills CSL fields (type, title, author, issued, container-title, volume, issue, page, DOI,
    URL, accessed, ...) and ``custom.refman`` (raw string, per-field confidence, problems).
    Never raises: empty or unreadable input gives a ``document`` with a problem recorded.
    """
    return rules.parse_reference(raw, id)
