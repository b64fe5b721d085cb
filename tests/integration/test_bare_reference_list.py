"""``refman build`` over Kazakh articles whose reference lists carry no years (real processes).

The articles are CONSTRUCTED for this test. Every entry under "## Әдебиеттер" reaches
references.json with its raw string and the language ``kk``; no reference is "recovered from
the text", and the report says the list was taken for its heading.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.process import run_refman

ONE = """# Фольклор

Қазақ фольклоры халықтың ауызша шығармашылығы болып табылады және ол ұрпақтан ұрпаққа жеткен [1].

Қараңыз [1].

## Әдебиеттер

1. Әуезов М. Қазақ әдебиетінің тарихы. Алматы: Ғылым баспасы.
"""
MANY_ENTRIES = (
    "Қоңыратбаев Ә. Қазақ эпосы және түркология. Алматы: Ғылым.",
    "Ысмайылов Е. Ақындар. Алматы: Қазмемкөркемәдебиетбас.",
    "Сейфуллин С. Қазақтың ескі әдебиет нұсқалары. Қызылорда.",
)
MANY = (
    "# Батырлар жыры\n\nБатырлар жыры қазақ эпосының негізгі бөлігі болып саналады [1], [2], [3].\n\n"
    "## Әдебиеттер\n\n" + "".join(f"{k}. {e}\n" for k, e in enumerate(MANY_ENTRIES, 1))
)


def test_build_keeps_every_entry_of_a_list_without_years(tmp_path: Path) -> None:
    root = tmp_path / "bib"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "folk.md").write_text(ONE, encoding="utf-8")
    (root / "articles" / "epic.md").write_text(MANY, encoding="utf-8")
    result = run_refman("build", str(root), "--offline", env={"REFMAN_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    refs = [
        r
        for r in json.loads((root / "references.json").read_text(encoding="utf-8"))
        if "raw" in r["custom"]["refman"]
    ]
    raws = {r["custom"]["refman"]["raw"]: r for r in refs}
    assert set(raws) == {"Әуезов М. Қазақ әдебиетінің тарихы. Алматы: Ғылым баспасы.", *MANY_ENTRIES}
    assert {r["language"] for r in refs} == {"kk"}
    assert not any("recovered" in r["custom"]["refman"] for r in refs)
    report = (root / "report.md").read_text(encoding="utf-8")
    assert "recovered_from_text" not in report and "no_reference_list" not in report
    assert report.count("bare_reference_list") >= 2
