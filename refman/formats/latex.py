"""The LaTeX codec (pure): Unicode text to LaTeX and back, as BibTeX fields hold it.

* :func:`escape_latex`: LaTeX specials escaped (``& % $ # _`` with a backslash; ``{ } ~ ^ \\`` as
  ``\\textbraceleft{}`` and friends so that braces stay balanced for BibTeX); UTF-8 kept.
* :func:`latex_commands`: every non-ASCII letter as a LaTeX command, for pdfLaTeX and classic
  BibTeX: T2A Cyrillic (``қ`` -> ``{\\cyrkdsc}``), accented Latin letters, symbols.
* :func:`rich_text_to_latex`: CSL rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<sc>``,
  ``<span class="nocase">``) as ``\\textit{}`` and friends, words with inner capitals braced.
* :func:`decode_latex`: the way back: accents, escapes, symbols and T2A commands decoded, the
  markup commands read back as CSL rich text, protecting braces removed.
* Verbatim fields (``doi``, ``url``): :func:`verbatim_safe` says whether a value can be written
  as it is, :func:`url_for_latex` makes a URL so (percent-encoding what a URL may not hold), and
  :data:`VERBATIM_FALLBACK` is the ``@preamble`` that lets BibTeX styles print them verbatim
  when neither url.sty nor hyperref is loaded.

Why verbatim fields are written raw, not escaped: BibTeX styles print them with ``\\url{...}`` and
``\\doi{...}``, which url.sty and hyperref read verbatim (``\\%`` prints as ``\\%`` under url.sty),
while plainnat's fallback without url.sty, ``\\providecommand{\\url}[1]{\\texttt{#1}}``, reads them
as text (a raw ``%`` comments the rest of the line out). No string prints right in both, so the
value stays raw (what biber, Zotero and JabRef expect of a verbatim field) and the ``@preamble``
makes the fallback verbatim too. What makes a raw value safe is what it cannot hold: no ``\\``
(no command), no brace (balanced), no ``^`` (no ``^^5c`` for a backslash), no white space.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = [
    "ACCENTS",
    "VERBATIM_FALLBACK",
    "ascii_fallback",
    "beyond_pdflatex",
    "decode_latex",
    "escape_latex",
    "latex_commands",
    "percent_encoded",
    "rich_text_to_latex",
    "tex_quotes",
    "url_for_latex",
    "verbatim_safe",
    "whole_group",
]

# Escaping of text fields (one pass; braces as commands so BibTeX's brace count holds).
_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Control characters (C0 and C1) print nothing useful and upset TeX fonts: line breaks and tabs
# become spaces, the rest are dropped.
_CONTROLS: dict[str, str] = {chr(c): "" for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))}
_CONTROLS.update({"\t": " ", "\n": " ", "\r": " "})
_ESCAPE_TABLE = str.maketrans({**_CONTROLS, **_ESCAPES})

# Decoding.
#: The Cyrillic letters of LaTeX's T2A encoding (``\cyrkdsc`` -> қ, ``\CYRA`` -> А), as coBib,
#: pylatexenc and old Russian .bib files write them, Kazakh letters included; names and letters
#: as in LaTeX's own ``t2aenc.dfu`` (``\DeclareUnicodeCharacter``).
_T2A_LOWER = (
    "a а b б v в g г d д e е zh ж z з i и ishrt й k к l л m м n н o о p п r р s с t т u у f ф "
    "h х c ц ch ч sh ш shch щ hrdsn ъ ery ы sftsn ь erev э yu ю ya я yo ё dje ђ ie є dze ѕ ii і "
    "yi ї je ј lje љ nje њ tshe ћ ushrt ў dzhe џ gup ґ ghcrs ғ zhdsc җ zdsc ҙ kdsc қ kvcrs ҝ "
    "kbeak ҡ ndsc ң ng ҥ sdsc ҫ y ү yhcrs ұ hdsc ҳ chrdsc ҷ chvcrs ҹ shha һ ae ӕ schwa ә otld ө"
)
_CYRILLIC_WORDS: dict[str, str] = {
    name: letter
    for word, lower_letter in zip(*[iter(_T2A_LOWER.split())] * 2, strict=True)
    for name, letter in (("cyr" + word, lower_letter), ("CYR" + word.upper(), lower_letter.upper()))
}
_SYMBOL_WORDS: dict[str, str] = {
    **_CYRILLIC_WORDS,
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "guillemotleft": "«",
    "guillemotright": "»",
    "quotedblbase": "„",
    "quotesinglbase": "‚",
    "textellipsis": "…",
    "ldots": "…",
    "dots": "…",
    "textnumero": "№",
    "textpm": "±",
    "texttimes": "×",
    "textdiv": "÷",
    "textminus": "−",
    "textmu": "µ",
    "textperthousand": "‰",
    "textdagger": "†",
    "ss": "ß",
    "SS": "SS",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "textregistered": "®",
    "texttrademark": "™",
    "textdegree": "°",
    "euro": "€",
    "pounds": "£",
    "quad": " ",
    "qquad": " ",
    "space": " ",
    "par": " ",
    "newline": " ",
    "linebreak": " ",
    "relax": "",
    "protect": "",
    "noopsort": "",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "slash": "/",
}
#: Accent commands -> the combining marks they put on a letter (``\\"`` -> U+0308).
ACCENTS: dict[str, str] = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "b": "\u0331",
    "d": "\u0323",
    "t": "\u0361",
}
_CONTROL_SYMBOLS = frozenset("&%$#_{}")

#: CSL rich-text tags <-> LaTeX commands (titles).
_TAG_TO_LATEX: dict[str, str] = {
    "i": r"\textit{",
    "b": r"\textbf{",
    "sup": r"\textsuperscript{",
    "sub": r"\textsubscript{",
    "sc": r"\textsc{",
    "nocase": "{",
}
_LATEX_TO_TAG: dict[str, str] = {
    "textit": "i",
    "emph": "i",
    "textsl": "i",
    "textbf": "b",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "textsc": "sc",
}
_MARKUP_TAG = re.compile(r'<(/?)(i|b|sup|sub|sc)>|<span class="nocase">|</span>')
_WORD_SPLIT = re.compile(r"(\s+)")
_SPACES = re.compile(r"[ \t\r\n]+")
# White space that :data:`_SPACES` would change: two in a row, or other than a space.
_SPACE_RUN = re.compile(r"[ \t\r\n]{2}|[\t\r\n]")


# --- encoding -----------------------------------------------------------------------------------


def escape_latex(text: str) -> str:
    """Escape LaTeX specials in a text field; UTF-8 letters are kept as they are, control
    characters dropped (line breaks and tabs become spaces), and characters TeX would join
    into a dash or a quote kept apart (``--`` -> ``-{}-``)."""
    escaped = text.translate(_ESCAPE_TABLE)
    if "--" in escaped or "``" in escaped or "''" in escaped:
        return _LIGATURE_START.sub(r"\g<0>{}", escaped)
    return escaped


# Encoding for pdfLaTeX and classic BibTeX: every non-ASCII letter as a command.
_COMBINING_TO_ACCENT = {mark: command for command, mark in ACCENTS.items()}
_CHAR_TO_COMMAND: dict[str, str] = {
    **{letter: word for word, letter in _CYRILLIC_WORDS.items()},
    **{
        value: word
        for word, value in _SYMBOL_WORDS.items()
        if len(value) == 1 and not value.isascii() and word not in _CYRILLIC_WORDS
    },
}
_PUNCTUATION_TO_TEX = {
    "\u00a0": "~",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2009": "\\,",  # thin space
    "\u202f": "\\,",  # narrow no-break space
}
#: Greek letters, which pdfLaTeX has only in math mode: ``β`` -> ``\ensuremath{\beta}``.
_GREEK_LOWER = (
    "α alpha β beta γ gamma δ delta ε epsilon ζ zeta η eta θ theta ι iota κ kappa λ lambda μ mu "
    "ν nu ξ xi π pi ρ rho σ sigma ς varsigma τ tau υ upsilon φ phi χ chi ψ psi ω omega "
    "Γ Gamma Δ Delta Θ Theta Λ Lambda Ξ Xi Π Pi Σ Sigma Υ Upsilon Φ Phi Ψ Psi Ω Omega"
)
_GREEK: dict[str, str] = dict(zip(*[iter(_GREEK_LOWER.split())] * 2, strict=True))
_SYMBOL_WORDS.update({word: letter for letter, word in _GREEK.items()})  # decoded back


def _accented(char: str) -> str | None:
    r"""``ö`` -> ``{\"{o}}``, ``ı́`` -> ``{\'{\i}}``, ``ӧ`` -> ``{\"{\cyro}}``: a Latin or T2A
    Cyrillic letter with accents LaTeX has."""
    base, *marks = list(unicodedata.normalize("NFD", char))
    if not (marks and all(m in _COMBINING_TO_ACCENT for m in marks)):
        return None
    if base in _CYRILLIC_WORDS.values():
        letter = "\\" + _CHAR_TO_COMMAND[base]
    elif base.isascii() and base.isalpha():
        letter = "\\i" if base == "i" else "\\j" if base == "j" else base
    else:
        return None
    for mark in marks:
        letter = "\\" + _COMBINING_TO_ACCENT[mark] + "{" + letter + "}"
    return "{" + letter + "}"


def ascii_fallback(char: str) -> str:
    """Readable ASCII for a character LaTeX has no command for (Thai ``ก`` -> ``k``), escaped
    for LaTeX; ``?`` when there is none."""
    return escape_latex(anyascii(char)) or "?"


def latex_commands(text: str, missing: set[str] | None = None) -> str:
    r"""``text`` (already LaTeX-escaped) with non-ASCII characters written as LaTeX commands:
    Cyrillic, Kazakh letters included, as T2A commands (``қ`` -> ``{\cyrkdsc}``), accented
    Latin and Cyrillic letters as accents (``ö`` -> ``{\"{o}}``), Greek letters in math mode
    (``β`` -> ``\ensuremath{\beta}``), ``ß``, ``ø``, ``№``, ``«``, ``„``, ``±`` as their
    commands (dashes and curly quotes too, so that :func:`decode_latex` gives the text back),
    a no-break space as ``~``, a thin one as ``\,``. A character with no command is written as
    :func:`ascii_fallback` and added to ``missing``: the result is pure ASCII.
    For pdfLaTeX (``\usepackage[T2A,T1]{fontenc}``) and classic BibTeX, which read bytes."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        elif char in _CHAR_TO_COMMAND:
            out.append("{\\" + _CHAR_TO_COMMAND[char] + "}")
        elif char in _PUNCTUATION_TO_TEX:
            out.append(_PUNCTUATION_TO_TEX[char])
        elif char in _GREEK:
            out.append("\\ensuremath{\\" + _GREEK[char] + "}")
        else:
            accented = _accented(char)
            if accented is None:
                if missing is not None:
                    missing.add(char)
                accented = ascii_fallback(char)
            out.append(accented)
    return "".join(out)


#: Letters pdfLaTeX's UTF-8 input has no definition for, though a command writes them: Latin
#: Extended-B, Greek and Coptic, Latin Extended Additional (``ḻ``, ``ạ``).
_BEYOND_UTF8_DEF = re.compile("[\u0180-\u024f\u0370-\u03ff\u1e00-\u1eff]")


def beyond_pdflatex(text: str) -> str:
    """``text`` with the letters pdfLaTeX's UTF-8 input cannot set but LaTeX commands can
    (Greek, ``ḻ``: see :func:`latex_commands`) written as commands; everything else kept as
    UTF-8 (T1 and T2A set Latin and Cyrillic letters; XeLaTeX reads either)."""
    if text.isascii():
        return text
    return _BEYOND_UTF8_DEF.sub(
        lambda m: latex_commands(m.group(0)) if _commanded(m.group(0)) else m.group(0), text
    )


def _commanded(char: str) -> bool:
    return char in _GREEK or char in _CHAR_TO_COMMAND or _accented(char) is not None


def _needs_protection(word: str, first: bool) -> bool:
    """Whether a title word is braced: it holds a capital that a style or reader putting the
    title in sentence case would lower (pandoc does for English titles, BibTeX styles for
    articles): any capital but the first letter of the title's first word."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):
        return True  # DNA, iPhone, McDonald, COVID
    return letters[0].isupper() and not first


_WORD_CORE = re.compile(r"\w(?:.*\w)?", re.S)


def _protect_words(text: str, first: bool) -> str:
    out: list[str] = []
    for token in _WORD_SPLIT.split(text):
        if not token or token.isspace():
            out.append(token)
            continue
        core = _WORD_CORE.search(token) if _needs_protection(token, first) else None
        if core is None:
            out.append(escape_latex(token))
        else:  # the word braced, not the quotes and punctuation around it (pandoc pairs quotes)
            lead, trail = token[: core.start()], token[core.end() :]
            out.append(escape_latex(lead) + "{" + escape_latex(core.group()) + "}" + escape_latex(trail))
        first = False
    return "".join(out)


def _tag_name(match: re.Match[str]) -> tuple[str, bool]:
    """(tag, closing) of a CSL rich-text tag match."""
    whole = match.group(0)
    if whole.startswith("<span"):
        return "nocase", False
    if whole == "</span>":
        return "nocase", True
    return match.group(2), match.group(1) == "/"


def rich_text_to_latex(text: str, protect: bool) -> str:
    """LaTeX for a title that may hold CSL rich-text tags (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    ``<sc>``, ``<span class="nocase">``); unbalanced tags are left as plain text. ``protect``
    braces every word with a capital but the title's first (``The {Madness} of the {Saints}``,
    ``{DNA}``), so that BibTeX styles and pandoc print the title in the case it is written."""

    def convert(segment: str, start: int) -> str:
        return _protect_words(segment, start == 0) if protect else escape_latex(segment)

    tags = list(_MARKUP_TAG.finditer(text))
    stack: list[str] = []
    for match in tags:
        name, closing = _tag_name(match)
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return convert(text, 0)
    if not tags or stack:
        return convert(text, 0)
    out: list[str] = []
    pos = 0
    for match in tags:
        name, closing = _tag_name(match)
        out.append(convert(text[pos : match.start()], pos))
        out.append("}" if closing else _TAG_TO_LATEX[name])
        pos = match.end()
    out.append(convert(text[pos:], pos))
    return "".join(out)


# --- verbatim fields ----------------------------------------------------------------------------

#: The ``@preamble`` of a BibTeX .bib with ``doi`` or ``url`` fields: when url.sty is not loaded
#: (hyperref loads it), ``\url`` and ``\doi`` read their argument verbatim, in typewriter type,
#: instead of the styles' text fallback; with url.sty it does nothing. One line, no ``%``, and no
#: space whose replacement by a line break (BibTeX wraps long lines) changes its meaning.
VERBATIM_FALLBACK = (
    r"\expandafter\ifx\csname urlstyle\endcsname\relax"
    r" \providecommand\RefmanVerbatim[1]{\begingroup"
    r"\expandafter\let\expandafter\do\csname @makeother\endcsname\dospecials"
    r"\catcode123=1 \catcode125=2 #1\RefmanVerbatimArgument}"
    r" \providecommand\RefmanVerbatimArgument[1]{#1\endgroup}"
    r" \providecommand\url{\RefmanVerbatim\ttfamily}"
    r" \providecommand\doi{doi: \RefmanVerbatim\ttfamily}"
    r" \fi"
)
# A verbatim value holds none of these: a backslash starts a command, a brace unbalances the
# field, ^^5c is TeX's way to write a backslash, white space is folded by BibTeX.
_VERBATIM_UNSAFE = re.compile(r"[\\{}^\s\x00-\x1f\x7f-\x9f]")
# What a URL may hold as it is (RFC 3986: unreserved, reserved, and % of a %XX escape).
_URL_UNSAFE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def verbatim_safe(text: str) -> bool:
    """Whether ``text`` can be written as it is in a verbatim field (``doi``, ``url``) for BibTeX,
    biber and LaTeX with or without url.sty or hyperref: it holds no ``\\``, brace, ``^``,
    white space or control character."""
    return _VERBATIM_UNSAFE.search(text) is None


def url_for_latex(url: str, ascii: bool = False) -> str:
    """``url`` with every character a URL may not hold percent-encoded as UTF-8 (``\\`` ->
    ``%5C``, ``{`` -> ``%7B``, a space -> ``%20``, a ``%`` that starts no escape -> ``%25``), the
    same address for a browser and :func:`verbatim_safe`. Letters beyond ASCII are kept (an IRI)
    unless ``ascii``."""

    def encode(match: re.Match[str]) -> str:
        char = match.group(0)
        return char if not ascii and char.isalnum() else percent_encoded(char)

    return _URL_UNSAFE.sub(encode, url)


def percent_encoded(text: str) -> str:
    """``text`` as ``%XX`` escapes of its UTF-8 bytes: ``ä`` -> ``%C3%A4``."""
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8", "surrogatepass"))


# --- decoding -----------------------------------------------------------------------------------


def _read_group(text: str, i: int) -> tuple[str, int]:
    """The content of the brace group starting at ``text[i] == "{"`` and the index after it."""
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j], j + 1
        j += 1
    return text[i + 1 :], len(text)


def whole_group(text: str) -> str | None:
    """The content of ``text`` when all of it is one brace group (``{World Health Organization}``)."""
    if not (text.startswith("{") and text.endswith("}")):
        return None
    inner, end = _read_group(text, 0)
    return inner if end == len(text) else None


def _read_control_word(text: str, i: int) -> tuple[str, int]:
    j = i
    while j < len(text) and text[j].isascii() and text[j].isalpha():
        j += 1
    return text[i:j], j


#: The characters :func:`_decode` acts on; text between them is copied as it is.
_SPECIAL = re.compile(r"[{}$~\\]")


#: TeX's ligatures of text, as LaTeX and pandoc read them: dashes, and two backquotes or two
#: apostrophes as the straight double quote that CSL processors print as their locale's quotes.
#: A brace between the characters breaks them (``-{}-`` is two hyphens), as in TeX.
_LIGATURES = {"---": "\u2014", "--": "\u2013", "``": '"', "''": '"'}
_LIGATURE = re.compile("|".join(_LIGATURES))
#: Where :func:`escape_latex` breaks a would-be ligature: between its characters.
_LIGATURE_START = re.compile(r"-(?=-)|`(?=`)|'(?=')")
#: A pair of straight double quotes in one field, written as TeX's quotes.
_QUOTED = re.compile(r'"([^"]*)"')


def _ligatures(plain: str) -> str:
    """Text with TeX's ligatures (:data:`_LIGATURES`) as the characters they print."""
    if "--" in plain or "``" in plain or "''" in plain:  # rare: a search is cheaper than a sub
        return _LIGATURE.sub(lambda m: _LIGATURES[m.group(0)], plain)
    return plain


def tex_quotes(latex: str) -> str:
    """A LaTeX field value with each pair of straight double quotes written as TeX's quotes,
    which LaTeX sets as quotes and pandoc reads as a quotation (:func:`decode_latex` reads
    them back as the straight ones), and babel's ``"`` shorthands never see."""
    return _QUOTED.sub(r"``\1''", latex) if '"' in latex else latex


def _accent_argument(text: str, i: int) -> tuple[str, int]:
    """The letter an accent applies to, starting at ``i``; returns it decoded and the end index."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] == "{":
        inner, end = _read_group(text, i)
        return _decode(inner, accent_base=True), end
    if text[i] == "\\":
        word, end = _read_control_word(text, i + 1)
        if word in ("i", "j"):
            return word, end
        return _decode(text[i:end]), end
    return text[i], i + 1


def _decode(text: str, accent_base: bool = False) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        special = _SPECIAL.search(text, i)
        if special is None:
            out.append(_ligatures(text[i:]))
            break
        if special.start() > i:  # plain text up to the next brace, dollar, tilde or backslash
            out.append(_ligatures(text[i : special.start()]))
            i = special.start()
        c = text[i]
        if c in "{}$":
            i += 1
            continue
        if c == "~":
            out.append(" ")
            i += 1
            continue
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt.isascii() and nxt.isalpha():
            word, end = _read_control_word(text, i + 1)
            if word in ACCENTS and len(word) == 1 and word not in _SYMBOL_WORDS:
                base, end = _accent_argument(text, end)
                if base:
                    out.append(base[0] + ACCENTS[word] + base[1:])
                i = end
                continue
            if word in _SYMBOL_WORDS:
                value = _SYMBOL_WORDS[word]
                if accent_base and word in ("i", "j"):
                    value = word
                out.append(value)
                if text.startswith("{}", end):
                    end += 2
                elif end < n and text[end] == " ":
                    end += 1
                i = end
                continue
            if word in _LATEX_TO_TAG and end < n and text[end] == "{":
                inner, end = _read_group(text, end)
                tag = _LATEX_TO_TAG[word]
                out.append(f"<{tag}>{_decode(inner)}</{tag}>")
                i = end
                continue
            # Unknown command (\url, \cyrchar, \relax ...): drop it, keep its argument.
            if end < n and text[end] == " ":
                end += 1
            i = end
            continue
        if nxt in ACCENTS:
            base, end = _accent_argument(text, i + 2)
            if base:
                out.append(base[0] + ACCENTS[nxt] + base[1:])
            i = end
            continue
        if nxt in _CONTROL_SYMBOLS:
            out.append(nxt)
        elif nxt == "\\" or nxt == " ":
            out.append(" ")
        elif nxt not in "-/@,;:!":
            out.append(nxt)
        elif nxt == ",":
            out.append(" ")
        i += 2
    return "".join(out)


def decode_latex(text: str) -> str:
    """Unicode text from a LaTeX-encoded field: accents, escapes, symbols and TeX's ligatures
    decoded (:func:`_ligatures`), protecting braces removed, white space collapsed
    (``{\\"o}`` -> ``ö``, ``\\&`` -> ``&``, ``{DNA}`` -> ``DNA``, ``--`` -> ``–``)."""
    if text.isascii() and _SPECIAL.search(text) is None:  # no command or brace (most values)
        text = _ligatures(text)
        return (_SPACES.sub(" ", text) if _SPACE_RUN.search(text) else text).strip()
    return _SPACES.sub(" ", unicodedata.normalize("NFC", _decode(text))).strip()
