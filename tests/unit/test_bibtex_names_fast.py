"""The BibTeX reader's quick paths for name lists and plain names read exactly what bibtexparser's
own splitter and name parser read (checked on generated names, and on real ones from
../shared/data/bib when present)."""

from __future__ import annotations

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.formats.bibtex_reader import _names, _split_names
from refman.formats.latex import decode_latex
from refman.model import Name
from tests.support.shared import shared_data

# Words and separators that make the hard cases: "and" in every case and spacing, braces,
# escapes, ties, commas, particles, capitals, non-ASCII letters and spaces, dollars.
_PIECES = st.sampled_from(
    [
        "and",
        "AND",
        "And",
        " ",
        "  ",
        "\t",
        "\n",
        ",",
        "{",
        "}",
        "\\",
        "~",
        "$",
        "van",
        "der",
        "Smith",
        "J.",
        "Jr",
        "Ölund",
        "ł",
        "É",
        "\u2005",
        "x",
        "De",
        "-",
        "Mary-Ann",
    ]
)


def _bibtexparser_names(value: str) -> list[Name]:
    """What the reader made of a name list before its quick paths: bibtexparser split and parsed."""

    def join(words: list[str]) -> str | None:
        return " ".join(decode_latex(w) for w in words).strip() or None

    out = []
    for text in split_multiple_persons_names(value):
        if not text.strip():
            continue
        parts = parse_single_name_into_parts(text.strip(), strict=False)
        out.append(Name(join(parts.last), join(parts.first), None, join(parts.von), join(parts.jr)))
    return out


def _without_braced_literals(value: str) -> bool:
    # names wholly in braces ({World Health Organization}) are literals: not the parser's business
    return not any(
        t.strip().startswith("{") and t.strip().endswith("}") for t in split_multiple_persons_names(value)
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_quick_paths_read_generated_names_as_bibtexparser_does(value: str) -> None:
    assert _split_names(value) == split_multiple_persons_names(value)
    if _without_braced_literals(value):
        assert _names(value) == _bibtexparser_names(value)


def test_quick_paths_read_real_names_as_bibtexparser_does() -> None:
    text = shared_data("bib", "bibliotex_combined.bib").read_text(encoding="utf-8")
    from bibtexparser.entrypoint import parse_string

    values = [
        f.value
        for entry in parse_string(text).entries
        for f in entry.fields
        if f.key.lower() in ("author", "editor") and isinstance(f.value, str)
    ]
    assert len(values) > 2000
    for value in values:
        assert _split_names(value) == split_multiple_persons_names(value)
        if _without_braced_literals(value):
            assert _names(value) == _bibtexparser_names(value), value
