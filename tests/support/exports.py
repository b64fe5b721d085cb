"""The mixed kk/ru/en collection of tests/data/exports (see its SOURCE.md), read the way
``refman export`` reads each kind of file: Crossref records and CSL-JSON by the CSL-JSON reader,
the .bib by the BibTeX reader. Keys as the .bib writer gives them. And its exports, and those of
the built bibliography/, made by real ``refman export`` processes for the consumer tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from refman.formats.bibtex_reader import from_bibtex
from refman.formats.bibtex_writer import with_bibtex_keys
from refman.formats.csljson import from_csl_json, to_csl_json
from refman.model import Reference

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
#: The parts, in order: file -> how it was made (SOURCE.md says more).
PARTS = {
    "refman_kk.json": "real: refman's build of two Kazakh articles (bibliography/)",
    "refman_ru.json": "real: refman's parse of two Russian articles (tests/data/extract_gold)",
    "crossref_works.jsonl": "real: Crossref REST records",
    "crossref_transforms.json": "real: Crossref/DataCite CSL transforms",
    "entries.bib": "real: biblatex and BibTeX entries",
    "constructed.json": "constructed by hand: CSL types no real record here has",
}


def read_part(name: str) -> list[Reference]:
    """The references of one part, read as refman export reads that kind of file."""
    text = (EXPORTS / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        text = "[" + ",".join(line for line in text.splitlines() if line.strip()) + "]"
    refs = from_bibtex(text, name)[0] if name.endswith(".bib") else from_csl_json(text, name)[0]
    stem = name.split(".")[0]
    return [ref.replace(id=f"{stem}-{n}") for n, ref in enumerate(refs, 1)]


def mixed_collection() -> list[Reference]:
    """Every part's references, with unique citation keys."""
    return with_bibtex_keys([ref for name in PARTS for ref in read_part(name)])


def run(cmd: list[str], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """A consumer or refman itself, run in ``cwd`` (no stdin; output decoded leniently)."""
    return subprocess.run(
        cmd,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def export_all(folder: Path) -> dict[str, list[str]]:
    """Into ``folder``: the mixed collection as CSL-JSON (``mixed.json``) and the built one
    (``built.json``, a copy of bibliography/references.json, with its committed
    ``built.bib``), each exported by real ``refman export`` processes to ``NAME-csl.json``,
    ``NAME-zotero.json``, ``NAME-biblatex.bib``, ``NAME-ascii.bib`` (and ``mixed.bib``).
    Returns the ``--ascii`` warnings of each collection."""
    root = Path(__file__).resolve().parents[2]
    (folder / "mixed.json").write_text(to_csl_json(mixed_collection()), encoding="utf-8")
    shutil.copy(root / "bibliography" / "references.json", folder / "built.json")
    shutil.copy(root / "bibliography" / "references.bib", folder / "built.bib")
    env_cmd = [sys.executable, "-m", "refman", "export"]
    warnings: dict[str, list[str]] = {}
    for name in ("mixed", "built"):
        outputs = [("csl-json", f"{name}-csl.json"), ("zotero-json", f"{name}-zotero.json")]
        outputs += [("biblatex", f"{name}-biblatex.bib"), ("bibtex", f"{name}-ascii.bib")]
        outputs += [("bibtex", "mixed.bib")] if name == "mixed" else []
        for target, out in outputs:
            ascii_flag = ["--ascii"] if out.endswith("-ascii.bib") else []
            result = run([*env_cmd, f"{name}.json", "--to", target, *ascii_flag, "-o", out], folder)
            assert result.returncode == 0, result.stderr
            if ascii_flag:
                warnings[name] = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    return warnings


def bib_keys(text: str) -> list[str]:
    """The entry keys of a .bib refman wrote, in order."""
    return re.findall(r"^@(?!preamble)\w+\{([^,\s]+),", text, re.MULTILINE)
