"""refman's CSL-JSON renders with a CSL processor (citeproc-py) in GOST R 7.0.5-2008 and APA.

Styles and locales are the copies in tests/data/csl (see its README.md); citeproc-py is pointed
at that locale directory so the ru-RU locale used is the one shipped with the tests. Items come
from tests/data/csl/constructed_samples.json (constructed by hand) through refman's exporter.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

citeproc = pytest.importorskip("citeproc")
from citeproc import (  # noqa: E402
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON  # noqa: E402

from refman.formats.csljson import from_csl_json, to_csl_json  # noqa: E402
from refman.keys import assign_keys  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data" / "csl"


@pytest.fixture
def items(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    import citeproc.frontend

    monkeypatch.setattr(citeproc.frontend, "LOCALES_PATH", str(DATA))
    refs = assign_keys(from_csl_json((DATA / "constructed_samples.json").read_text(encoding="utf-8"))[0])
    data: list[dict[str, object]] = json.loads(to_csl_json(refs))
    for item in data:
        item.pop("custom", None)  # refman's provenance is not for the CSL processor
    return data


def render(items: list[dict[str, object]], style_file: str, locale: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        source = CiteProcJSON(items)
        style = CitationStylesStyle(str(DATA / style_file), locale=locale, validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        return [str(entry) for entry in bibliography.bibliography()]


def test_gost_renders_kazakh_and_russian(items: list[dict[str, object]]) -> None:
    out = render(items, "gost-r-7-0-5-2008.csl", "ru-RU")
    assert len(out) == len(items)
    text = "\n".join(out)
    for name in ("Құрманғали Қ.", "Әлиев Ғ. Ө.", "Иванов И. И.", "Жұмабаев М.", "Петрова А."):
        assert name in text, name
    kk = next(line for line in out if "Құрманғали" in line)
    # GOST shape: "// Journal. Year. Т. vol. № issue. С. pages."
    assert "// ҚазҰУ Хабаршысы. Филология сериясы. 2020. Т. 178. № 2. С. 45–67." in kk
    book = next(line for line in out if "Иванов" in line)
    assert "Москва: Наука, 2019" in book


def test_apa_renders_kazakh_and_russian(items: list[dict[str, object]]) -> None:
    out = render(items, "apa.csl", "en-US")
    assert len(out) == len(items)
    kk = next(line for line in out if "Құрманғали" in line)
    assert kk.startswith("Құрманғали, Қ., & Әлиев, Ғ. Ө. (2020).")
    assert "ҚазҰУ Хабаршысы. Филология сериясы, 178(2), 45–67." in kk
    assert "https://doi.org/10.26577/ejph.2020.v178.i2.05" in kk
    en = next(line for line in out if "Gogh" in line)
    assert "van Gogh, V." in en and "(2021)" in en
