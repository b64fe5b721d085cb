"""AnyStyle's finder documents (``.ttx``: a label column, ``|``, the line's text), read for the
finder's tests and ``bench/extract_finder.py``."""

from __future__ import annotations

from pathlib import Path


def read_ttx(path: Path) -> tuple[list[str], list[str]]:
    """A document's lines and each line's label (``ref``, ``text``, ``title``, ``meta``, ``blank``;
    a line with no label has the label of the line before it)."""
    lines: list[str] = []
    labels: list[str] = []
    current = "blank"
    for row in path.read_text(encoding="utf-8").split("\n"):
        label, bar, text = row.partition("|")
        if not bar:
            continue
        current = label.strip() or current
        lines.append(text[1:] if text.startswith(" ") else text)
        labels.append(current)
    return lines, labels
