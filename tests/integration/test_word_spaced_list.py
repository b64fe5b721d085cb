"""``refman build`` over a Kazakh article pasted from Word: an unnumbered reference list with an
empty line between entries (real processes).

The article is CONSTRUCTED for this test: four entries under "Әдебиеттер", the first three
closing with their page count ("– 304 б."), the last without a year or authors. Every entry
reaches references.json whole and on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.process import run_refman

ENTRIES = (
    "Байтұрсынұлы А. Тіл тағылымы. – Алматы: Ана тілі, 1992. – 448 б.",
    "Жұбанов Қ. Қазақ тілі жөніндегі зерттеулер. – Алматы: Ғылым, 1966. – 360 б.",
    "Қайдаров Ә.Т. Қазақ тілінің өзекті мәселелері. – Алматы: Ана тілі, 1998. – 304 б.",
    "Қазақ тілінің түсіндірме сөздігі. – Алматы: Дайк-Пресс.",
)
ARTICLE = (
    "Қазақ тіліндегі терминология\n\n"
    "Бұл мақалада қазақ тіліндегі ғылыми терминологияның қалыптасу жолдары қарастырылады.\n\n"
    "Әдебиеттер\n\n" + "\n\n".join(ENTRIES) + "\n"
)


def test_build_keeps_each_blank_line_separated_entry_apart(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "terms.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_refman("build", str(root), "--offline", env={"REFMAN_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    refs = json.loads((root / "references.json").read_text(encoding="utf-8"))
    raws = sorted(r["custom"]["refman"]["raw"] for r in refs if "raw" in r["custom"]["refman"])
    assert raws == sorted(ENTRIES)
    assert not any("recovered" in r["custom"]["refman"] for r in refs)
