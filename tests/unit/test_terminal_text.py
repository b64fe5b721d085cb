"""refman.cli.text: strings from data become literal terminal text (no markup, controls visible)."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from refman.cli.text import add_row, labelled, literal, visible

ESC = "\x1b"
OSC8_LINK = f"{ESC}]8;;file:///etc/passwd{ESC}\\x{ESC}]8;;{ESC}\\"
MARKUP = ["[link=file:///etc/passwd]x[/link]", "[/]", "[bold]b[/bold]", "[/bold]", ":smile:", "\\[x]", "x\\"]
#: What no terminal may receive from data: C0 but newline and tab, DEL, C1, bidi controls, surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown(renderable: object, width: int = 200) -> str:
    """What a terminal would receive for ``renderable`` (no colours: every ESC would be data's)."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=True).print(renderable)
    return out.getvalue()


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("\x00", "␀"),
        ("\x07", "␇"),
        ("\x08", "␈"),
        ("\x0b", "␋"),
        ("\x0c", "␌"),
        ("\r", "␍"),
        ("\x1b", "␛"),
        ("\x1f", "␟"),
        ("\x7f", "␡"),
        ("\x80", "\\x80"),
        ("\x9b", "\\x9b"),
        ("\x9d", "\\x9d"),
        ("\x9f", "\\x9f"),
        ("\u202a", "\\u202a"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
        ("\ud800", "\\ud800"),
        ("\udfff", "\\udfff"),
    ],
)
def test_every_control_class_is_shown_not_passed(char: str, expected: str) -> None:
    assert visible(f"a{char}b") == f"a{expected}b"
    assert literal(f"a{char}b").plain == f"a{expected}b"


def test_newline_and_tab_stay_unless_one_line() -> None:
    assert visible("a\nb\tc") == "a\nb\tc"
    assert visible("a\nb\tc\x1b", one_line=True) == "a b c␛"


def test_printable_text_is_unchanged() -> None:
    text = "Құрманғали Ж. «Тарих» — 2020. P. 1–10. https://doi.org/10.1/x?a=[1] ½ €"
    assert visible(text) == text


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_looking_text_is_printed_as_written(markup: str) -> None:
    out = shown(literal(f"Title {markup} end"))
    assert f"Title {markup} end" in out
    assert ESC not in out


def test_a_lone_closing_tag_does_not_raise() -> None:
    for renderable in (literal("[/]"), labelled("warning", "[/] in a title")):
        assert "[/]" in shown(renderable)


def test_escape_sequences_and_osc8_links_are_visible() -> None:
    out = shown(literal(f"a {ESC}[2J b {OSC8_LINK} c"))
    assert ESC not in out
    assert "a ␛[2J b ␛]8;;file:///etc/passwd␛\\x␛]8;;␛\\ c" in out


def test_literal_keeps_style_and_options() -> None:
    text = literal("[b]", "bold", justify="right", overflow="fold", end="")
    assert (text.plain, str(text.style), text.justify, text.overflow, text.end) == (
        "[b]",
        "bold",
        "right",
        "fold",
        "",
    )


def test_add_row_makes_string_cells_literal_and_keeps_renderables() -> None:
    table = Table("a", "b", "c")
    add_row(table, f"[link=file:///etc/passwd]x[/link]{ESC}[2J", Text("[bold]kept", "bold"), None)
    out = shown(table)
    assert "[link=file:///etc/passwd]x[/link]␛[2J" in out and "[bold]kept" in out
    assert ESC not in out


def test_labelled_styles_only_the_label() -> None:
    text = labelled("warning", f"x.bib: [/] {ESC}]8;;http://e\x07")
    assert text.plain == "warning x.bib: [/] ␛]8;;http://e␇"
    assert [(span.start, span.end, str(span.style)) for span in text.spans] == [(0, 7, "yellow")]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0xDFFF, exclude_categories=()), max_size=40))
def test_no_string_can_reach_the_terminal_raw(data: str) -> None:
    assert FORBIDDEN.search(visible(data)) is None
    out = shown(literal(data), width=80)
    assert FORBIDDEN.search(out.replace("\r\n", "\n")) is None
