"""``refman build`` keeps a list's last entry that has no year, and says what it leaves out (real
processes).

The articles are CONSTRUCTED for this test: an unnumbered Kazakh list and an unnumbered English
list whose last entries carry no year, and an English list followed by a sentence of thanks.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.process import run_refman

KAZAKH = (
    "Әуезов М. Абай жолы. Алматы: Жазушы, 1961.",
    "Иванов И.И. Тарих. Алматы: Ғылым, 2001.",
    "Омаров А. Әдебиет тарихы. Астана: Фолиант, 2015.",
    "Абай Құнанбайұлы. Қара сөздер. Алматы: Жазушы.",
)
ENGLISH = (
    "Brown A. Theory of things. London: Macmillan, 1999.",
    "Jones B. Another study. Journal of Stuff, 2005, 3, 10-20.",
    "White C. A report. New York: Wiley, 2012.",
    "Zed J. Some report. Publisher.",
)
THANKS = "The editors thank the anonymous reviewers for their careful reading."
ARTICLES = {
    "abai.md": "# Қазақ прозасы\n\nАбай туралы көп жазылған (Әуезов 1961; Омаров 2015).\n\n## Әдебиеттер\n\n"
    + "\n".join(KAZAKH)
    + "\n",
    "report.md": "# Article\n\nAs said (Brown 1999).\n\n## References\n\n" + "\n\n".join(ENGLISH) + "\n",
    "notes.md": "# Notes\n\nAs shown (Brown 1999).\n\n## References\n\n"
    + "\n\n".join((*ENGLISH[:3], THANKS))
    + "\n",
}


def test_build_keeps_yearless_last_entries_and_reports_what_it_leaves_out(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    result = run_refman("build", str(root), "--offline", env={"REFMAN_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    refs = json.loads((root / "references.json").read_text(encoding="utf-8"))
    raws = {r["custom"]["refman"]["raw"] for r in refs if "raw" in r["custom"]["refman"]}
    assert raws == {*KAZAKH, *ENGLISH}
    report = (root / "report.md").read_text(encoding="utf-8")
    assert f"left out after the list, line 13: {THANKS}" in report
    assert report.count("left_out_after_list") == 1
