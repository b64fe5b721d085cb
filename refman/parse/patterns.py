"""Character classes, dates, and identifiers cut out of a reference (found by
:mod:`refman.identifiers`), shared by the rule-based reference parser (pure).

Everything here works on one reference string at a time and runs in linear time: the regular
expressions have no nested unbounded repetition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refman.identifiers import find_doi, is_doi_url, labelled_isbn, labelled_issn, search_doi, search_url
from refman.model import Date

__all__ = [
    "LANG_CODES",
    "LOWER",
    "MONTHS",
    "UPPER",
    "Identifiers",
    "clean_text",
    "extract_identifiers",
    "parse_date",
]

# Upper- and lower-case letters of the Latin, Latin-1/Extended-A and Cyrillic (incl. Kazakh)
# alphabets. Latin Extended-A mixes cases; it is accepted in both classes.
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0400-\u042f\u0460-\u04ff"
LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f\u0430-\u045f\u0460-\u04ff"

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

# ---------------------------------------------------------------------------------------------
# Cleaning

_MD_LINK = re.compile(r"\[([^\[\]]{0,500})\]\((https?://[^()\s]{1,2000})\)")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]{1,2000})>")
_HTML_TAG = re.compile(r"</?(?:sup|sub|i|b|em|strong|span|br)\b[^<>]{0,200}>", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|~<>])")
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"[\[<\\*_]")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) (?=[.,;](?!\.))")


def clean_text(raw: str) -> str:
    """The reference with leftover Markdown/HTML removed and whitespace collapsed.

    ``[text](url)`` keeps the URL (and the text, when it is not the URL itself), ``<url>``
    becomes the URL, emphasis markers and backslash escapes are dropped.
    """

    def _link(m: re.Match[str]) -> str:
        text, url = m.group(1), m.group(2)
        plain = _MD_ESCAPE.sub(r"\1", text).strip()
        if plain.startswith(("http://", "https://", "www.")) or not plain:
            return url
        return f"{plain} {url}"

    s = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
    if not _MARKUP.search(s):
        s = _SPACES.sub(" ", s).strip()
        return _SPACE_BEFORE_PUNCT.sub("", s)
    s = _MD_LINK.sub(_link, s)
    s = _ANGLE_URL.sub(r"\1", s)
    s = _HTML_TAG.sub("", s)
    s = _MD_ESCAPE.sub(r"\1", s)
    s = s.replace("**", "").replace("*", "")
    s = re.sub(r"(?<![\w/])_([^_]{1,500})_(?![\w/])", r"\1", s)
    s = _SPACES.sub(" ", s).strip()
    return _SPACE_BEFORE_PUNCT.sub("", s)


# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        "january jan январь января янв қаңтар қаңтардағы",
        "february feb febr февраль февраля фев февр ақпан",
        "march mar март марта мар наурыз",
        "april apr апрель апреля апр сәуір",
        "may май мая мамыр",
        "june jun июнь июня июн маусым",
        "july jul июль июля июл шілде",
        "august aug август августа авг тамыз",
        "september sep sept сентябрь сентября сен сент қыркүйек",
        "october oct октябрь октября окт қазан",
        "november nov ноябрь ноября нояб қараша",
        "december dec декабрь декабря дек желтоқсан",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _num

MONTHS: dict[str, int] = _MONTHS
"""Month names and abbreviations (en, ru, kk; lower case) -> month number."""

MONTH_RE = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_DATE_NUMERIC = re.compile(r"(\d{1,2})\s?[./]\s?(\d{1,2})\s?[./]\s?(\d{4}|\d{2})\b")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_MDY = re.compile(rf"({MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})", re.IGNORECASE)
_DATE_DMY = re.compile(rf"(\d{{1,2}})\s+({MONTH_RE})\s+(\d{{4}})", re.IGNORECASE)
_DATE_YMD_KK = re.compile(rf"(\d{{4}})\s*ж\.?\s*(?:ы\s*)?(\d{{1,2}})\s+({MONTH_RE})", re.IGNORECASE)
_DATE_MY = re.compile(rf"({MONTH_RE})\s+(\d{{4}})", re.IGNORECASE)

DATE_RE = (
    r"(?:\d{1,2}\s?[./]\s?\d{1,2}\s?[./]\s?(?:\d{4}|\d{2})\b|\d{4}-\d{1,2}-\d{1,2}"
    rf"|{MONTH_RE}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH_RE}\s+\d{{4}}"
    rf"|\d{{4}}\s*ж\.?\s*(?:ы\s*)?\d{{1,2}}\s+{MONTH_RE})"
    r"(?:\s*(?:г\.|года|ж\.|жыл[ы]?))?"
)


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower().rstrip("."))


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1000 <= year <= 2100:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def parse_date(text: str) -> Date | None:
    """A Date from a written date ("12.03.2024", "March 3, 2024", "3 марта 2024 г.", ISO)."""
    t = text.strip()
    m = _DATE_ISO.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return Date.ymd(y, mo, d) if _valid(y, mo, d) else None
    m = _DATE_NUMERIC.search(t)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y < 100:
            y += 2000 if y < 50 else 1900
        if mo > 12 >= d:  # month/day/year, as some English lists write it
            d, mo = mo, d
        return Date.ymd(y, mo, d) if _valid(y, mo, d) else None
    m = _DATE_MDY.search(t)
    if m:
        mo2, d, y = _month(m.group(1)), int(m.group(2)), int(m.group(3))
        return Date.ymd(y, mo2, d) if mo2 and _valid(y, mo2, d) else None
    m = _DATE_DMY.search(t)
    if m:
        d, mo2, y = int(m.group(1)), _month(m.group(2)), int(m.group(3))
        return Date.ymd(y, mo2, d) if mo2 and _valid(y, mo2, d) else None
    m = _DATE_YMD_KK.search(t)
    if m:
        y, d, mo2 = int(m.group(1)), int(m.group(2)), _month(m.group(3))
        return Date.ymd(y, mo2, d) if mo2 and _valid(y, mo2, d) else None
    m = _DATE_MY.search(t)
    if m:
        mo2, y = _month(m.group(1)), int(m.group(2))
        return Date.ymd(y, mo2) if mo2 and _valid(y, mo2, None) else None
    m = re.search(r"\b(\d{4})\b", t)
    if m and _valid(int(m.group(1)), None, None):
        return Date.ymd(int(m.group(1)))
    return None


# ---------------------------------------------------------------------------------------------
# Identifiers and markers

_URL_LABEL = re.compile(
    r"(?:[" + _DASHES + r"-]\s*)?(?:URL|Режим доступа|Available (?:at|from|online)|Retrieved from|Access mode"
    r"|Mode of access|Қолжетімді|Қол жеткізу режимі|Қолжетімділік режимі|Электрондық мекенжай"
    r"|Online|Электронный адрес|Сайт|Web)\s*[:.]?\s*$",
    re.IGNORECASE,
)
_DOI_LABEL = re.compile(r"(?:[" + _DASHES + r"-]\s*)?(?:DOI|doi)\s*[:=]?\s*$")
_ACC_LABEL = (
    r"(?:дата обращения|дата доступа|дата посещения|дата просмотра|жүгінген күні|жүгінген уақыты"
    r"|қаралған күні|қаралған уақыты|қаралды|қатынау күні|last accessed(?: on)?|accessed(?: on)?"
    r"|date of access|viewed(?: on)?|zugegriffen am|abgerufen am|consulted(?: on)?)"
)
_ACCESSED = re.compile(rf"\(?\s*{_ACC_LABEL}\s*[:\-]?\s*(?P<date>{DATE_RE})\s*\)?\.?", re.IGNORECASE)
_RETRIEVED = re.compile(rf"Retrieved(?: on)?\s+(?P<date>{DATE_RE}),?\s*(?:from\b)?\s*:?", re.IGNORECASE)
_ELECTRONIC = re.compile(
    r"\[\s*(?:Электронный ресурс|Электрон\.\s*ресурс|Электрондық ресурс|Electronic resource|Online)\s*\]"
    r"|[" + _DASHES + r"-]?\s*(?:Текст|Мәтін)\s*:\s*(?:электронный|электрондық)",
    re.IGNORECASE,
)
_PRINT = re.compile(
    r"\[\s*(?:Текст|Text|Мәтін)\s*\]|["
    + _DASHES
    + r"-]?\s*(?:Текст|Мәтін)\s*:\s*(?:непосредственный|тікелей)",
    re.IGNORECASE,
)
_LANG_NOTE = re.compile(
    r"\(\s*(?:In|in)\s+(?P<l>Russ\.?|Russian|Kazakh|Kaz\.?|Kazakh\.?|Engl?\.?|English|Ukr\.?|Ukrainian"
    r"|Uzbek|Kyrgyz|Belarus\.?)\s*\)\.?"
    r"|\[\s*(?:in|In)\s+(?P<l2>Russian|Kazakh|English)\s*\]"
    r"|\(\s*(?:на|на\s+)?\s*(?P<l3>рус|каз|англ|казах)\.\s*яз\.\s*\)"
    r"|\(\s*(?P<l4>орыс|қазақ|ағылшын)\s+тілінде\s*\)"
)
#: Language words of "(In Russ.)", "(на рус. яз.)", "(орыс тілінде)" -> ISO 639-1 code.
LANG_CODES = {
    "russ": "ru",
    "russian": "ru",
    "рус": "ru",
    "орыс": "ru",
    "kazakh": "kk",
    "kaz": "kk",
    "каз": "kk",
    "казах": "kk",
    "қазақ": "kk",
    "eng": "en",
    "engl": "en",
    "english": "en",
    "англ": "en",
    "ағылшын": "en",
    "ukr": "uk",
    "ukrainian": "uk",
    "uzbek": "uz",
    "kyrgyz": "ky",
    "belarus": "be",
}


@dataclass
class Identifiers:
    """What :func:`extract_identifiers` found and the text left once it was cut out."""

    text: str
    doi: str | None = None
    url: str | None = None
    other_urls: list[str] = field(default_factory=list)
    accessed: Date | None = None
    accessed_raw: str | None = None
    isbn: str | None = None
    issn: str | None = None
    electronic: bool = False
    language_note: str | None = None


def _cut(text: str, start: int, end: int) -> str:
    return text[:start] + " " + text[end:]


def extract_identifiers(text: str) -> Identifiers:
    """Find DOI, URL, access date, ISBN/ISSN and GOST markers; return them and the rest.

    The DOI is returned bare and lower-case; labels such as ``URL:``, ``DOI:``,
    ``Режим доступа:`` and ``(дата обращения: ...)`` are removed with their values.
    """
    ids = Identifiers(text=text)
    s = text

    m = _RETRIEVED.search(s) or _ACCESSED.search(s)
    if m:
        ids.accessed = parse_date(m.group("date"))
        ids.accessed_raw = m.group(0).strip()
        s = _cut(s, m.start(), m.end())

    # URLs (a doi.org URL is a DOI, not a URL).
    pos = 0
    while (url := search_url(s, pos)) is not None:
        start = url.start
        label = _URL_LABEL.search(s[max(0, start - 40) : start])
        if label:
            start = max(0, start - 40) + label.start()
        doi = find_doi(url.value)
        if is_doi_url(url.value):
            if doi and ids.doi is None:
                ids.doi = doi
            elif doi is None:
                ids.other_urls.append(url.value)
        else:
            if ids.url is None:
                ids.url = url.value
            else:
                ids.other_urls.append(url.value)
            if doi and ids.doi is None and "doi" in url.value.lower():
                ids.doi = doi
        s = _cut(s, start, url.end)
        pos = start

    found = search_doi(s)
    if found:
        if ids.doi is None:
            ids.doi = found.value
        start = found.start
        label = _DOI_LABEL.search(s[max(0, start - 12) : start])
        if label:
            start = max(0, start - 12) + label.start()
        s = _cut(s, start, found.end)

    isbn = labelled_isbn(s)
    if isbn:
        ids.isbn = isbn.value
        s = _cut(s, isbn.start, isbn.end)
    issn = labelled_issn(s)
    if issn:
        ids.issn = issn.value
        s = _cut(s, issn.start, issn.end)

    s, n = _ELECTRONIC.subn(" ", s)
    ids.electronic = n > 0
    s = _PRINT.sub(" ", s)

    m = _LANG_NOTE.search(s)
    if m:
        word = next(g for g in m.groups() if g).lower().rstrip(".")
        ids.language_note = LANG_CODES.get(word)
        s = _cut(s, m.start(), m.end())

    ids.text = _tidy(s)
    return ids


_EMPTY_AREA = re.compile(r"(?<=[.,;:])\s*[" + _DASHES + r"-]\s*(?=[.,;:]|$)")


def _tidy(s: str) -> str:
    s = _SPACES.sub(" ", s).strip()
    s = re.sub(r"\(\s*\)|\[\s*\]", " ", s)
    for _ in range(3):
        s = _EMPTY_AREA.sub("", s)
        s = re.sub(r"\.(?:\s+\.)+(?!\.)", ".", s)
        s = re.sub(r"[,;:]\s*(?=\.(?!\.)|$)", "", s)
    s = re.sub(r"\s+(?=[,;]|\.(?!\.))", "", s)
    s = re.sub(r"(?<!\.)\.\.(?!\.)", ".", s)
    s = s.strip(" ,;:").rstrip(" ,;:" + _DASHES + "-")
    return _SPACES.sub(" ", s).strip()
