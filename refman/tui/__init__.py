"""The terminal UI of ``refman browse``.

:mod:`refman.tui.collection` and :mod:`refman.tui.detail` hold what the UI shows and need no
terminal; :mod:`refman.tui.app` (Textual) is imported only when the UI runs.
"""

from __future__ import annotations

from refman.tui.collection import Collection, Filters, load_collection

__all__ = ["Collection", "Filters", "load_collection"]
