"""Identifiers: the one place that finds, validates and normalises DOIs, URLs, ISBNs, ISSNs,
arXiv ids and PMIDs (pure).

Two verbs: ``find_*``/``search_*`` look for an identifier anywhere in free text (a reference
string, a note, BibTeX source); ``normalise_*`` take a value meant as one identifier (a ``DOI``
field, ``doi:...``, a resolver URL) and give its canonical form. Both give None when there is
nothing valid. DOIs come out bare and lower-case, ISBNs as 13 digits, ISSNs as ``NNNN-NNNC``.

A DOI suffix is read as DOIs are written in the wild: balanced parentheses and SICI segments
(``10.1002/(SICI)1097-4636(199905)45:2<115::AID-JBM6>3.0.CO;2-#``, BioOne's ``[0001:ASHBFT]``)
belong to it; a lone closing bracket, a brace, a quote or whitespace ends it; trailing sentence
punctuation is not part of it. No regular expression here nests unbounded repetition and a DOI
suffix is at most 400 characters, so each runs in linear time on any input.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

__all__ = [
    "DOI_START",
    "STANDALONE_DOI",
    "arxiv_url",
    "doi_family",
    "doi_url",
    "find_arxiv_id",
    "find_doi",
    "find_isbns",
    "find_issns",
    "find_urls",
    "is_doi",
    "is_doi_url",
    "is_preprint_doi",
    "labelled_isbn",
    "labelled_issn",
    "mentions_doi",
    "normalise_doi",
    "normalise_pmid",
    "normalise_url",
    "split_arxiv",
    "strip_identifiers",
    "url_key",
]


# --- DOI ----------------------------------------------------------------------------------------

#: Regular-expression source of the start of a DOI ("10.", a registrant code, "/"), for scanners
#: that look for several things in one pass (reference-list layout, link scanning).
DOI_START = r"10\.\d{4,9}/"
_DOI_PREFIX = r"10\.\d{4,9}(?:/|%2[Ff])"  # in a URL the slash may be percent-encoded
_DOI_CHAR = r'[^\s"<>{}()\[\]«»“”„‘’]'
_DOI_SUFFIX = (
    rf"(?:{_DOI_CHAR}|\({_DOI_CHAR}{{1,40}}\)"
    rf"|<\d{{0,10}}:{_DOI_CHAR}{{0,40}}>|\[\d{{0,10}}:{_DOI_CHAR}{{0,40}}\]){{1,400}}"
)
#: Regular-expression source of a DOI that stands on its own: not inside a word or a path
#: (``example.org/10.1234/x`` holds none). Trailing punctuation still has to be trimmed.
STANDALONE_DOI = rf"(?<![\w/]){_DOI_PREFIX}{_DOI_SUFFIX}"
_DOI = re.compile(rf"(?<!\w){_DOI_PREFIX}{_DOI_SUFFIX}")
_STANDALONE = re.compile(STANDALONE_DOI)
_WHOLE_DOI = re.compile(rf"{DOI_START}{_DOI_SUFFIX}")
_DOI_START = re.compile(DOI_START)
_DOI_TRAIL = ".,;:!?'"
_DOI_RESOLVER = re.compile(
    r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|https?://doi\.[a-z]+\.[a-z]+/|urn:doi:"
    r"|doi\s*:\s*|doi\s+){1,3}",
    re.IGNORECASE,
)
_DOI_URL = re.compile(r"(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
_DOI_VERSION = re.compile(r"(?:\.pub\d+|\.v\d+|v\d+)$")
_PREPRINT_DOI = re.compile(
    r"10\.(?:48550/|2139/ssrn|21203/rs|20944/preprints|26434/chemrxiv|36227/techrxiv|3123[0-9]/osf"
    r"|1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{5,}$)"
)
_TEX_ESCAPED = re.compile(r"\\([&%$#_{}])")


def _unescape(text: str) -> str:
    """``text`` without TeX escapes (``\\_``, ``\\%``) and HTML entities (``&amp;``)."""
    if "\\" in text:
        text = _TEX_ESCAPED.sub(r"\1", text).replace("\\\\", "\\")
    return html.unescape(text) if "&" in text else text


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _DOI_TRAIL:
        end -= 1
    return end


def _bare(doi: str) -> str | None:
    """A DOI as written -> bare and lower-case, with TeX, HTML and percent escapes decoded (None
    when decoding leaves no DOI)."""
    if "%" in doi or "\\" in doi or "&" in doi:
        text = _unescape(doi)
        m = _DOI.search(unquote(text) if "%" in text else text)
        if m is None:
            return None
        doi = m.group(0)[: _trimmed_end(m.group(0), 0, len(m.group(0)))]
    return doi.lower() if doi.partition("/")[2] else None


def find_doi(text: str | None, *, standalone: bool = False) -> str | None:
    """The first DOI anywhere in free text (a reference string, a URL, a note), bare and
    lower-case: ``Title. 2020. https://doi.org/10.1000/ABC.123.`` -> ``10.1000/abc.123``.
    ``standalone`` skips a DOI that continues a word or a path (after a letter, digit or ``/``,
    as in a URL)."""
    for m in (_STANDALONE if standalone else _DOI).finditer(text or ""):
        doi = _bare(m.string[m.start() : _trimmed_end(m.string, m.start(), m.end())])
        if doi is not None:
            return doi
    return None


def mentions_doi(text: str) -> bool:
    """Whether ``text`` holds the start of a DOI anywhere, even inside a word or a URL path: the
    reference parser's "looks like a DOI" token feature."""
    return _DOI_START.search(text) is not None


def _written_doi(value: str) -> str:
    """A value meant as a DOI without markup, resolver or ``doi:`` prefix, percent-escapes and
    trailing punctuation."""
    text = _unescape(value.strip()).replace("{", "").replace("}", "")
    text = _DOI_RESOLVER.sub("", text)
    if "%" in text:
        text = unquote(text)
    text = text.strip()
    return text[: _trimmed_end(text, 0, len(text))]


def normalise_doi(value: str | None) -> str | None:
    """The DOI a value gives (``https://doi.org/...``, ``doi:...``, a URL or field that holds one),
    bare and lower-case; None when there is none.

    ``https://doi.org/10.1000/ABC.`` -> ``10.1000/abc``; ``https://doi.org/10.1000%2F182`` ->
    ``10.1000/182``; ``10.1000/a\\_b`` (TeX) -> ``10.1000/a_b``.
    """
    return find_doi(_written_doi(value)) if value else None


def is_doi(value: str) -> bool:
    """Whether ``value`` is one DOI and nothing else, in any written form (bare, ``doi:``, a
    resolver URL, percent-encoded); ``https://example.org/10.1234/x`` is not."""
    return _WHOLE_DOI.fullmatch(_written_doi(value)) is not None


def is_doi_url(url: str) -> bool:
    """Whether ``url`` is a link to the DOI resolver (``https://doi.org/``, ``dx.doi.org/``)."""
    return _DOI_URL.match(url) is not None


def doi_url(doi: str) -> str:
    """The resolver URL of a bare DOI: ``10.1000/abc`` -> ``https://doi.org/10.1000/abc``."""
    return "https://doi.org/" + doi


def doi_family(doi: str) -> str:
    """A DOI without a version suffix, so versions of one work compare equal.

    Cochrane reviews (``...CD002273.pub2`` and ``.pub3``), figshare/Zenodo ``.v2`` and arXiv
    ``v2`` suffixes are versions of the same work; anything else is returned unchanged.
    """
    return _DOI_VERSION.sub("", doi)


def is_preprint_doi(doi: str) -> bool:
    """Whether a bare DOI belongs to a preprint server (arXiv, SSRN, Research Square, Preprints,
    ChemRxiv, TechRxiv, OSF, bioRxiv/medRxiv)."""
    return _PREPRINT_DOI.match(doi) is not None


# --- URL ----------------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]{2,2000}", re.IGNORECASE)
_URL_WRAPPER = re.compile(r"^(?:\\url\{(.*)\}|<(.*)>|\[(.*)\]\(.*\))$", re.DOTALL)
_URL_SCHEME_HOST = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]+)")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _trim_url(url: str) -> str:
    url = url.rstrip(".,;:")
    while url and url[-1] in _CLOSERS and url.count(url[-1]) > url.count(_CLOSERS[url[-1]]):
        url = url[:-1].rstrip(".,;:")
    return url


def find_urls(text: str) -> list[str]:
    """The ``http(s)://`` and ``www.`` URLs in ``text``, as written, without trailing punctuation
    or unbalanced closing brackets."""
    return [_trim_url(m.group(0)) for m in _URL.finditer(text)]


def normalise_url(url: str | None) -> str | None:
    """A URL un-escaped and trimmed: ``\\url{}``/``<>`` wrappers, TeX escapes (``\\_``, ``\\%``),
    ``&amp;``, spaces from line breaks and trailing punctuation are removed; scheme and host
    lower-cased. Percent-encoding is kept. None when nothing is left.
    """
    if not url:
        return None
    text = url.strip().rstrip(".,;")
    m = _URL_WRAPPER.match(text)
    if m:
        text = next(g for g in m.groups() if g is not None).strip()
    text = re.sub(r"\s+", "", _unescape(text))
    while text and text[-1] in ".,;:'\"»”>":
        text = text[:-1]
    if text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1]
    m = _URL_SCHEME_HOST.match(text)
    if m:
        text = f"{m.group(1).lower()}://{m.group(2).lower()}{text[m.end() :]}"
    return text or None


def url_key(url: str | None) -> str | None:
    """A comparison key for a URL: no scheme, ``www.``, fragment or trailing slash; host lower-case."""
    text = normalise_url(url)
    if not text:
        return None
    text = _URL_SCHEME.sub("", text)
    text = text.split("#", 1)[0]
    if text.lower().startswith("www."):
        text = text[4:]
    return text.rstrip("/") or None


# --- arXiv, PMID --------------------------------------------------------------------------------

_ARXIV = re.compile(
    r"(?:arxiv[:\s/]*|arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.)"
    r"((?:\d{4}\.\d{4,5})|(?:[a-z\-]{1,20}(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?",
    re.IGNORECASE,
)
_PMID = re.compile(
    r"^(?:pmid\s{0,3}:?\s{0,3}|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)"
    r"?(\d{1,8})/?$",
    re.IGNORECASE,
)


_ARXIV_MENTION = re.compile(
    r"[,.;]?\s*(?:(?:arxiv|corr|e-?print|preprint)\s+)*(?:preprint\s+|abs/?\s*)?"
    + _ARXIV.pattern
    + r"\s*[,.;]?",
    re.IGNORECASE,
)


def split_arxiv(text: str) -> tuple[str, str | None]:
    """``text`` without its arXiv mention ("arXiv preprint arXiv:2412.19437", "arXiv:1706.03762v5")
    and the id: ``("Title", "2412.19437")``; ``(text, None)`` when it names no arXiv id."""
    m = _ARXIV_MENTION.search(text)
    if m is None:
        return text, None
    rest = (text[: m.start()] + " " + text[m.end() :]).strip()
    return " ".join(rest.split()), m.group(1).lower()


def arxiv_url(arxiv_id: str) -> str:
    """The abstract page of an arXiv id: ``2412.19437`` -> ``https://arxiv.org/abs/2412.19437``."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def find_arxiv_id(text: str | None) -> str | None:
    """The arXiv id in ``text`` (``arXiv:``, an arxiv.org link or an arXiv DOI), without its
    version: ``arXiv:2412.19437v2`` -> ``2412.19437``; ``arXiv:hep-th/9901001`` -> ``hep-th/9901001``."""
    if not text:
        return None
    m = _ARXIV.search(text)
    return m.group(1).lower() if m else None


def normalise_pmid(value: str) -> str | None:
    """A PubMed id as its digits: ``PMID: 12345678`` or a PubMed link -> ``12345678``; None otherwise."""
    m = _PMID.match(value.strip())
    return str(int(m.group(1))) if m else None


# --- ISBN, ISSN ---------------------------------------------------------------------------------

_ISBN_CANDIDATE = re.compile(r"(?<![\dX])(?:97[89][-\s]?)?\d(?:[-\s]?\d){8}[-\s]?[\dXx](?![\d])")
_ISSN_CANDIDATE = re.compile(r"(?<![\d])(\d{4})[-\s]?(\d{3}[\dXx])(?![\d])")
_ISBN_LABELLED = re.compile(r"\bISBN(?:-1[03])?\s*:?\s*(?P<v>[0-9Xx](?:[\s\u2010\u2013-]?[0-9Xx]){9,12})\b")
_ISSN_LABELLED = re.compile(
    r"\b(?:e-|p-|print\s|online\s)?ISSN\s*:?\s*(?P<v>\d{4}[\u2010\u2013-]?\d{3}[\dXx])\b"
)
_ISBN_DASHES = re.compile(r"[\s\u2010\u2013-]")


def _isbn10_to_13(isbn10: str) -> str:
    """An ISBN-10 (digits, maybe a final X) as ISBN-13 with the 978 prefix and a new check digit."""
    core = "978" + isbn10[:9]
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(core))
    return core + str((10 - total % 10) % 10)


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_ok(digits: str) -> bool:
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0


def find_isbns(text: str | None) -> list[str]:
    """Every valid ISBN in ``text``, as 13 digits (ISBN-10 converted), each once, in order:
    ``ISBN 5-02-013850-9; 0-8044-2957-X`` -> ``["9785020138506", "9780804429573"]``. A number
    whose check digit is wrong is not an ISBN."""
    out: list[str] = []
    for m in _ISBN_CANDIDATE.finditer(text or ""):
        digits = re.sub(r"[-\s]", "", m.group(0))
        if len(digits) == 13 and digits.isdigit() and _isbn13_ok(digits):
            isbn = digits
        elif len(digits) == 10 and _isbn10_ok(digits):
            isbn = _isbn10_to_13(digits.upper())
        else:
            continue
        if isbn not in out:
            out.append(isbn)
    return out


def find_issns(text: str | None) -> list[str]:
    """Every valid ISSN in ``text`` as ``NNNN-NNNC`` (check digit tested), each once, in order:
    ``ISSN 1361 6137 (Print)`` -> ``["1361-6137"]``."""
    out: list[str] = []
    for m in _ISSN_CANDIDATE.finditer(text or ""):
        digits = (m.group(1) + m.group(2)).upper()
        total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
        check = (11 - total % 11) % 11
        issn = f"{digits[:4]}-{digits[4:]}"
        if digits[7] == ("X" if check == 10 else str(check)) and issn not in out:
            out.append(issn)
    return out


def labelled_isbn(text: str) -> str | None:
    """The ISBN written after an "ISBN" label, hyphenated as written (check digit not tested):
    ``ISBN 978–5–02–013850–7`` -> ``978-5-02-013850-7``."""
    m = _ISBN_LABELLED.search(text) if "ISBN" in text else None
    return _ISBN_DASHES.sub("-", m.group("v")).upper() if m else None


def labelled_issn(text: str) -> str | None:
    """The ISSN written after an "ISSN" label (check digit not tested): ``e-ISSN: 1361–6137`` ->
    ``1361-6137``."""
    m = _ISSN_LABELLED.search(text) if "ISSN" in text else None
    return m.group("v").replace("\u2013", "-").replace("\u2010", "-").upper() if m else None


# --- all of them --------------------------------------------------------------------------------

# Cutting identifiers out of a text (to compare what is left) takes more than finding them does:
# a URL up to the next space, whatever follows "arXiv:", a labelled run of digits and dashes.
_URL_RUN = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ARXIV_RUN = re.compile(r"arxiv:\s*[\w./-]+", re.IGNORECASE)
_NUMBER_RUN = re.compile(r"\bIS[BS]N[:\s]*[\dXx][\d\s-]{6,}[\dXx]", re.IGNORECASE)


def strip_identifiers(text: str) -> str:
    """``text`` with every URL, DOI, arXiv id and labelled ISBN/ISSN replaced by a space."""
    for pattern in (_URL_RUN, _DOI, _ARXIV_RUN, _NUMBER_RUN):
        text = pattern.sub(" ", text)
    return text
