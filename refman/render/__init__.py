"""Formatted reference lists: a CSL style rendered by citeproc-py, and the romanised
"References" list of Kazakh and Russian journals (pure)."""

from __future__ import annotations

from refman.render.csl import LANG_LOCALES, OUTPUTS, STYLES, Output, render_bibliography, render_entries

__all__ = ["LANG_LOCALES", "OUTPUTS", "STYLES", "Output", "render_bibliography", "render_entries"]
