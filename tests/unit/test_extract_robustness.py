"""Bad and odd input is data: extract_article never raises and stays fast.

The 10 MB article is built here by repeating the real seed 004 (bibliography/articles/); the
fragments fed to Hypothesis are CONSTRUCTED (pieces of headings, markers and citations).
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refman.extract import CODES, extract_article
from refman.extract.recovered import Recovered

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "bibliography" / "articles" / "004_c159abb99046b70d.txt"


def test_empty_text_reports_no_reference_list() -> None:
    article = extract_article("", "empty")
    assert article.references == []
    assert article.citations == []
    assert [d.code for d in article.diagnostics] == ["no_reference_list"]
    assert article.metadata.id == "empty"
    assert article.metadata.refman.extra["cites"] == []


def test_whitespace_and_control_characters() -> None:
    for text in ["   \n\n\t\n", "\r\n\r\n", "\x00\x01\x02", "\ufeff", "[", "(", "]]]]]", "1.", "References"]:
        article = extract_article(text, "odd")
        assert [d.code for d in article.diagnostics][:1] == ["no_reference_list"], repr(text)


def test_heading_with_an_empty_or_odd_list() -> None:
    for tail in ["", "\n\n", "1.\n2.\n3.\n", "1. \\\n2. <>\n", "[1]\n[2] ()\n", "- \n- \n"]:
        article = extract_article("Body [1].\n\nReferences\n" + tail, "odd")
        assert {d.code for d in article.diagnostics} <= set(CODES)


def test_crlf_line_endings_give_the_same_result() -> None:
    text = SEED_004.read_text(encoding="utf-8")
    unix = extract_article(text, "s")
    windows = extract_article(text.replace("\n", "\r\n"), "s")
    assert [r.refman.raw for r in windows.references] == [r.refman.raw for r in unix.references]
    assert [r.refman.line for r in windows.references] == [r.refman.line for r in unix.references]
    assert [(c.text, c.line) for c in windows.citations] == [(c.text, c.line) for c in unix.citations]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    article = extract_article(text, "h")
    assert {d.code for d in article.diagnostics} <= set(CODES)
    assert all(c.line >= 1 for c in article.citations)


FRAGMENTS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "References\n",
        "## Список литературы\n",
        "*Пайдаланылған әдебиеттер тізімі:*\n",
        "1. ",
        "[2] ",
        "3) ",
        "- ",
        "Smith, J. (2020). Title. ",
        "Иванов И.И. Книга. – М., 2019. – 100 с.",
        "<https://a.org/x\\_y>",
        "[t](https://b.org/(x))",
        "*",
        "**",
        "_",
        "\\",
        "[1; 12–13]",
        "[5–7]",
        "[90, 203 б.]",
        "(Smith, 2020)",
        "Стейгерге сәйкес (2023)",
        "(",
        ")",
        "[",
        "]",
        "2020",
        ". ",
        "    ",
        "Information about authors\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS | st.text(max_size=5), max_size=60).map("".join))
def test_never_raises_on_article_like_text(text: str) -> None:
    article = extract_article(text, "h")
    ids = [r.id for r in article.references]
    assert len(ids) == len(set(ids))
    assert article.metadata.refman.extra["cites"] == ids
    for ref in article.references:
        # a reference recovered from the text (no list) has no string of its own
        assert ref.refman.raw is not None or Recovered.of(ref) is not None
        assert ref.refman.line is not None and ref.refman.line >= 1
    for citation in article.citations:
        assert set(citation.references) <= set(ids)


def test_ten_megabytes_extract() -> None:
    seed = SEED_004.read_text(encoding="utf-8")
    copies = 10_000_000 // len(seed.encode("utf-8")) + 1
    text = (seed + "\n") * copies
    assert len(text.encode("utf-8")) >= 10_000_000
    started = time.perf_counter()
    article = extract_article(text, "big")
    elapsed = time.perf_counter() - started
    print(f"\n10 MB article ({len(text.encode('utf-8')) / 1e6:.1f} MB): {elapsed:.2f} s")
    # The first list is the article's; the repeats are reported, their citations still linked.
    assert len(article.references) == 18
    assert len(article.citations) == copies * len(extract_article(seed, "one").citations)
    extra = [d for d in article.diagnostics if d.code == "extra_reference_list"]
    assert len(extra) == copies - 1
