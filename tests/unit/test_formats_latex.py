"""The LaTeX codec: escaping, T2A Cyrillic and accents as commands, and decoding back.

The strings below are constructed by hand.
"""

from __future__ import annotations

import pytest

from refman.formats.latex import decode_latex, escape_latex, latex_commands, rich_text_to_latex, tex_quotes


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("R&D 50% $5 #1 a_b", r"R\&D 50\% \$5 \#1 a\_b"),
        (
            "{x} ~ ^ \\",
            r"\textbraceleft{}x\textbraceright{} \textasciitilde{} \textasciicircum{} \textbackslash{}",
        ),
        ("Қазақ тілі — «Ана тілі»", "Қазақ тілі — «Ана тілі»"),
    ],
)
def test_escape_golden(text: str, escaped: str) -> None:
    assert escape_latex(text) == escaped
    assert decode_latex(escaped) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"M\"{u}ller", "Müller"),
        (r"\'Eric and \c{C}elik", "Éric and Çelik"),
        (r"Pi\~{n}a Dvo\v{r}\'ak {\o}ster {\ss}", "Piña Dvořák øster ß"),
        (r"Erd\H{o}s \L{}ukasz na\"{\i}ve", "Erdős Łukasz naïve"),
        (r"\emph{Italic} and {DNA} \textbf{x} \url{y}", "<i>Italic</i> and DNA <b>x</b> y"),
        ("The   title\n   continues", "The title continues"),
        (r"a~b \& c\%", "a b & c%"),
    ],
)
def test_decode_latex_accents(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


def test_decode_latex_reads_t2a_cyrillic_macros() -> None:
    # As coBib and pylatexenc write Cyrillic (constructed strings).
    kazakh = r"{\CYRKDSC}{\cyra}{\cyrz}{\cyra}{\cyrkdsc} {\cyrt}{\cyrii}{\cyrl}{\cyrii}"
    assert decode_latex(kazakh) == "Қазақ тілі"
    pylatexenc = r"\cyrchar\CYRA\cyrchar\cyrshch\cyrchar\cyrschwa{} \cyrotld\cyryhcrs\cyry"
    assert decode_latex(pylatexenc) == "Ащә өұү"


def test_latex_commands_writes_a_readable_fallback_for_what_it_cannot_encode() -> None:
    missing: set[str] = set()
    assert latex_commands("中文 ok ก", missing) == "ZhongWen ok k"
    assert missing == {"中", "文", "ก"}
    # Cyrillic letters with accents, and the low quotes of Russian and German, have commands
    assert latex_commands("ӧ „x“") == r"{\"{\cyro}} {\quotedblbase}x{\textquotedblleft}"
    assert decode_latex(latex_commands("ӧ „x“")) == "ӧ „x“"
    assert latex_commands("a–b\u00a0c") == r"a{\textendash}b~c"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("C++: 1979--1991", "C++: 1979–1991"),
        ("Tea---or coffee", "Tea—or coffee"),
        ("in ``kilogauss''", 'in "kilogauss"'),
        ("a-{}-b `{}`x'{}'", "a--b ``x''"),  # a brace keeps the characters apart, as in TeX
    ],
)
def test_decode_latex_reads_texs_dashes_and_quotes(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


def test_what_escape_writes_decodes_to_the_same_text() -> None:
    text = "a--b, ``x'' and c---d"
    assert escape_latex(text) == "a-{}-b, `{}`x'{}' and c-{}-{}-d"
    assert decode_latex(escape_latex(text)) == text


def test_tex_quotes_pairs_straight_quotes() -> None:
    assert tex_quotes('Review for "Hybrid" and "x') == "Review for ``Hybrid'' and \"x"
    assert decode_latex(tex_quotes('"Hybrid"')) == '"Hybrid"'


@pytest.mark.parametrize(
    ("title", "latex"),
    [
        ("The Madness of the Saints", "The {Madness} of the {Saints}"),
        ("“Through the Looking Glass”: Divine", "“Through the {Looking} {Glass}”: {Divine}"),
        ("DNA in iPhones (ACTH)", "{DNA} in {iPhones} ({ACTH})"),
        ("<i>E. coli</i> in Water", r"\textit{{E}. coli} in {Water}"),
    ],
)
def test_title_capitals_but_the_first_are_braced(title: str, latex: str) -> None:
    assert rich_text_to_latex(title, protect=True) == latex
    if "<" not in title:  # (the reader reads \textit back as <i>: see test_formats_bibtex)
        assert decode_latex(latex) == title
