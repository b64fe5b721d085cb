"""A reference list rendered with a CSL style by citeproc-py: text, Markdown or HTML (pure).

The styles and the Kazakh locale ship in ``refman/render/data`` (their sources and licences are in
its README); citeproc-py brings the other locales. Data never renders as markup: HTML escapes
every value, Markdown backslash-escapes the characters that would start markup.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import PurePath
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.frontend import CitationStylesXML
from citeproc.source.json import CiteProcJSON

from refman.model import DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS, Reference

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["LANG_LOCALES", "OUTPUTS", "STYLES", "Output", "render_bibliography", "render_entries"]

Output = Literal["text", "markdown", "html"]
OUTPUTS: tuple[Output, ...] = ("text", "markdown", "html")

_DATA = resources.files("refman.render").joinpath("data")


def _style_files(folder: str) -> dict[str, Traversable]:
    """The CSL style files (XML) of a data folder, by name without the extension."""
    return {PurePath(p.name).stem: p for p in _DATA.joinpath(folder).iterdir() if p.is_file()}


# Styles refman uses itself and does not offer by name (refman.render.romanised).
_OWN_STYLES = _style_files("own")
_SHIPPED_STYLES = _style_files("styles")
#: The styles refman ships, by name.
STYLES: tuple[str, ...] = tuple(sorted(_SHIPPED_STYLES))
#: ``--lang`` -> the CSL locale used.
LANG_LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}
# Locales refman ships itself (citeproc-py has the others).
_OWN_LOCALES = ("kk-KZ",)
# CSL variables citeproc-py reads as plain strings (the rest of a Reference is refman's own).
_SKIP = frozenset({"abstract", "keyword", "citation-key"})
# CSL variables a Reference keeps in ``extra`` that the styles print.
_EXTRA_VARIABLES = frozenset(
    {"number-of-pages", "number-of-volumes", "original-title", "title-short", "container-title-short"}
    | {"event", "event-place", "archive", "medium", "section", "chapter-number", "collection-number"}
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#&~|])")


def _style_xml(style: str) -> bytes:
    path = _OWN_STYLES.get(style) or _SHIPPED_STYLES.get(style)
    if path is None:
        raise ValueError(f"unknown style {style!r}; available: {', '.join(STYLES)}")
    return path.read_bytes()


# citeproc-py escapes none of the item's values, so styling is marked with private-use characters
# while it renders; the finished entry is escaped whole, then the marks become markup.
_ITALIC = ("\ue000", "\ue001")
_BOLD = ("\ue002", "\ue003")
_MARKS = re.compile("[\ue000-\ue003]")
_MARKUP: dict[Output, tuple[str, str, str, str]] = {
    "text": ("", "", "", ""),
    "markdown": ("*", "*", "**", "**"),
    "html": ("<i>", "</i>", "<b>", "</b>"),
}


def _wrap(marks: tuple[str, str]) -> type[str]:
    class Marked(str):
        def __new__(cls, text: str) -> Marked:
            return super().__new__(cls, f"{marks[0]}{text}{marks[1]}" if text else text)

    return Marked


_MARKING = SimpleNamespace(
    preformat=str,
    Italic=_wrap(_ITALIC),
    Oblique=_wrap(_ITALIC),
    Bold=_wrap(_BOLD),
    Light=str,
    Underline=str,
    Superscript=str,
    Subscript=str,
    SmallCaps=str,
)


def _finish(entry: str, output: Output) -> str:
    """The rendered entry escaped for ``output``, its style marks turned into markup."""
    if output == "html":
        entry = html.escape(entry, quote=False)
    elif output == "markdown":
        entry = _MARKDOWN_SPECIAL.sub(r"\\\1", entry)
    markup = _MARKUP[output]
    for mark, tag in zip((*_ITALIC, *_BOLD), markup, strict=True):
        entry = entry.replace(mark, tag)
    return entry


def _clean(value: Any) -> Any:
    return _MARKS.sub("", value) if isinstance(value, str) else value


def _csl_item(ref: Reference, key: str) -> dict[str, Any]:
    """The CSL variables citeproc-py renders, under refman's own id ``key``."""
    item: dict[str, Any] = {"id": key, "type": ref.type}
    for name, attr in TEXT_FIELDS.items():
        value = getattr(ref, attr)
        if value is not None and name not in _SKIP:
            item[name] = _clean(value)
    for name, value in ref.extra.items():
        if name in _EXTRA_VARIABLES and isinstance(value, str | int):
            item[name] = _clean(str(value))
    for name, attr in NAME_FIELDS.items():
        names = [n.to_csl() for n in getattr(ref, attr)]
        names = [{k: _clean(v) for k, v in n.items() if isinstance(v, str)} for n in names]
        if names:
            item[name] = [n for n in names if n]
    for name, attr in DATE_FIELDS.items():
        date = getattr(ref, attr)
        parts = [_numbers(p) for p in date.parts[:2]] if date is not None else []
        if parts and all(parts):
            item[name] = {"date-parts": parts}
    return item


def _numbers(part: list[int | str]) -> list[int] | None:
    """A date part as numbers ("2020" is 2020); None when a part is no number."""
    out = [int(p) if isinstance(p, str) and p.strip().isdigit() else p for p in part]
    return [p for p in out if isinstance(p, int)] if out and all(isinstance(p, int) for p in out) else None


def _style(style: str, lang: str | None) -> CitationStylesStyle:
    locale = LANG_LOCALES.get(lang, lang) if lang else None
    loaded = CitationStylesStyle(io.BytesIO(_style_xml(style)), locale=locale, validate=False)
    if locale in _OWN_LOCALES:
        xml = _DATA.joinpath("locales").joinpath(f"locales-{locale}.xml").read_bytes()
        own = CitationStylesXML(io.BytesIO(xml), validate=False).root
        own.style = loaded.root
        # after the style's own locale blocks, before citeproc-py's en-US fallback
        loaded.root.locales.insert(len(loaded.root.locales) - 1, own)
    return loaded


def render_entries(
    refs: Sequence[Reference], style: str, lang: str | None = None, output: Output = "text"
) -> list[str]:
    """One rendered entry per reference, in the style's order (numbered styles: input order).

    ``lang`` is ``kk``, ``ru``, ``en`` or a CSL locale name (default: the style's own);
    ``ValueError`` for an unknown style or locale.
    """
    if lang is not None and lang not in LANG_LOCALES and lang not in LANG_LOCALES.values():
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANG_LOCALES)}")
    items = [_csl_item(ref, f"item{n}") for n, ref in enumerate(refs)]
    loaded = _style(style, lang)
    try:
        entries = _rendered(loaded, items)
    except Exception:  # citeproc-py failed on some item: name the first that fails alone
        for ref, item in zip(refs, items, strict=True):
            try:
                _rendered(_style(style, lang), [item])
            except Exception as exc:
                raise ValueError(f"item {ref.id!r} cannot be rendered in {style}: {exc!r}") from None
        raise
    if loaded.root.bibliography.get("second-field-align"):
        entries = [_number_apart(entry, n) for n, entry in enumerate(entries, 1)]
    return [_finish(entry, output) for entry in entries]


def _number_apart(entry: str, number: int) -> str:
    """A space after the leading number of a numbered style's entry ("[3]Title" -> "[3] Title"):
    such styles put the number in its own column (``second-field-align``), which citeproc-py does
    not lay out."""
    return re.sub(rf"^(\W{{0,2}}{number}\W{{0,2}}?[.\])]?)(?=\S)", r"\1 ", entry, count=1)


def _rendered(style: CitationStylesStyle, items: list[dict[str, Any]]) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns for every variable it does not render
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), _MARKING)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        return [str(entry) for entry in bibliography.bibliography()]


def render_bibliography(
    refs: Sequence[Reference], style: str, lang: str | None = None, output: Output = "text"
) -> str:
    """The whole list as one text: a line per entry, a paragraph per entry in Markdown, a
    ``csl-bib-body`` block in HTML."""
    entries = render_entries(refs, style, lang, output)
    if output == "html":
        body = "".join(f'  <div class="csl-entry">{entry}</div>\n' for entry in entries)
        return f'<div class="csl-bib-body">\n{body}</div>\n'
    separator = "\n\n" if output == "markdown" else "\n"
    return separator.join(entries) + "\n" if entries else ""
