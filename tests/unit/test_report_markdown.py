"""report.md escapes every string it takes from data: a constructed build whose every shown field
(article id and title, names, key, type, year, DOI, problems, diagnostics) holds Markdown, HTML,
entities, table pipes, list markers and bare URLs renders (tests/support/markdown.py) to refman's
own markup only, with each string shown as written."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.errors import Problem
from refman.model import Article, Date, Diagnostic, Name, Provenance, Reference
from refman.report import BuildFacts, render_report_md
from refman.resolve.stats import ResolveReport
from tests.support.markdown import assert_literal

HOSTILE = [
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![i](https://evil.example/i.png)",
    "`code` ``double``",
    "a | b || c",
    "&amp; &lt;b&gt; &#60;i&#62;",
    "*em* **strong** _u_ __uu__ ~~s~~",
    "1. list",
    "- item",
    "# heading",
    "> quote",
    "https://evil.example/x_y?a=1&b=2",
    "www.evil.example",
    "mail@evil.example",
    "<!-- c -->",
    "[ref]: https://evil.example",
    "$x^2$ {#id .class}",
    "\\*not\\* a \\\\ backslash",
    "line\nbreak",
]


def _facts(text: str) -> tuple[BuildFacts, list[str]]:
    """A build whose every field the report shows holds ``text``; and the strings shown."""
    ref = Reference(
        id=f"ref {text}",
        type="article-journal",
        citation_key=f"key {text}",
        title=f"title {text}",
        author=[Name(family=f"family {text}", given="A."), Name(literal=f"org {text}")],
        issued=Date(literal=f"year {text}"),
        DOI=f"10.1234/{text}",
        refman=Provenance(number=1, problems=[f"problem {text}"]),
    )
    meta = Reference(
        id=f"article {text}",
        title=f"article title {text}",
        language=f"lang {text}",
        author=[Name(family=f"author {text}")],
    )
    article = Article(meta, [ref], diagnostics=[Diagnostic(f"code {text}", f"message {text}", 3, [1])])
    shown = [
        f"{prefix} {text}"
        for prefix in (
            "title",
            "family",
            "key",
            "problem",
            "article",
            "article title",
            "lang",
            "author",
            "code",
            "message",
        )
    ]
    unread = Problem(str(Path("articles") / f"file {text}.txt"), f"unread {text}", 2)  # a file not read
    shown += [Path(unread.file).name, f"unread {text}"]
    return BuildFacts([article], [ref], ResolveReport(service=f"service {text}"), None, [unread]), shown


@pytest.mark.parametrize("linkify", [False, True], ids=["commonmark+tables", "with-bare-url-links"])
@pytest.mark.parametrize("text", HOSTILE)
def test_every_shown_field_is_literal(text: str, linkify: bool) -> None:
    facts, shown = _facts(text)
    assert_literal(render_report_md(facts), shown, linkify)


# Any text, and text made mostly of the characters Markdown and linkifiers act on.
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
MARKUP_TEXT = st.text(alphabet=string.punctuation + "ab1 w.:/рф\n", max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, MARKUP_TEXT))
def test_any_text_is_literal(text: str) -> None:
    facts, shown = _facts(text)
    assert_literal(render_report_md(facts), shown, linkify=True)
