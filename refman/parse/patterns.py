"""Character classes, cleaning and dates of reference strings (pure; identifiers are
:mod:`refman.identifiers`'s).

Everything here works on one reference string at a time and runs in linear time: the regular
expressions have no nested unbounded repetition.
"""

from __future__ import annotations

import re

from refman.lang import CAPITAL, CYRILLIC_CAPITAL, CYRILLIC_SMALL, SMALL
from refman.model import Date

__all__ = [
    "CITY",
    "DASHES",
    "LANG_CODES",
    "LOWER",
    "MONTHS",
    "UPPER",
    "YEAR",
    "clean_text",
    "parse_date",
]

# Upper- and lower-case letters of the Latin, Latin-1/Extended-A and Cyrillic (incl. Kazakh)
# alphabets. Latin Extended-A mixes cases; it is accepted in both classes.
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f\u0400-\u042f\u0460-\u04ff"
LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f\u0430-\u045f\u0460-\u04ff"
#: Hyphens, dashes and the minus sign (with the ASCII hyphen-minus last), for character classes.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
#: A year a reference can carry: 1500-2099.
YEAR = r"(?:1[5-9]\d\d|20\d\d)"

# ---------------------------------------------------------------------------------------------
# Cleaning

_MD_LINK = re.compile(r"\[([^\[\]]{0,500})\]\((https?://[^()\s]{1,2000})\)")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]{1,2000})>")
_HTML_TAG = re.compile(r"</?(?:sup|sub|i|b|em|strong|span|br)\b[^<>]{0,200}>", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|~<>])")
#: Places of publication written short or whole in Kazakh and Russian (GOST) lists: "М.", "СПб.",
#: "А.", "Алматы".
CITY = (
    r"(?:М|Л|СПб|С\.-Петербург|А|К|Мн|Алматы|Алма-Ата|Астана|Нур-Султан|Нұр-Сұлтан|Москва|Ленинград"
    r"|Санкт-Петербург|Караганда|Қарағанды|Шымкент|Ташкент|Бишкек|Минск|Киев|Новосибирск|Казань)"
)
_SPACES = re.compile(r"\s+")
# An initial glued to the next word ("Котвич В.Исследование"): a space goes after its full stop.
_GLUED_INITIAL = re.compile(rf"(?<![^\s,])([{CAPITAL}])\.(?=[{CAPITAL}][{SMALL}]{{3,}})")
# Cyrillic initials glued to the surname ("ЛукашовЮ.Ю.") or without their last full stop ("Фейнберг
# О.С, Крюков О.В."): a space, a full stop.
_GLUED_SURNAME = re.compile(
    rf"([{CYRILLIC_CAPITAL}][{CYRILLIC_SMALL}]{{2,}})([{CYRILLIC_CAPITAL}]\.[{CYRILLIC_CAPITAL}]\.)"
)
_OPEN_INITIALS = re.compile(rf"(?<=\s[{CYRILLIC_CAPITAL}]\.)([{CYRILLIC_CAPITAL}])(?=,\s)")
# A Cyrillic initial written without its full stop before the next one ("Әуезов М О.").
_BARE_INITIAL = re.compile(rf"(?<=[{CYRILLIC_SMALL}]{{2}} )([{CYRILLIC_CAPITAL}]) (?=[{CYRILLIC_CAPITAL}]\.)")
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
    s = _GLUED_INITIAL.sub(r"\1. ", _BARE_INITIAL.sub(r"\1. ", s))
    s = _OPEN_INITIALS.sub(r"\1.", _GLUED_SURNAME.sub(r"\1 \2", s))
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
# Dates with a month name, tried in this order: "March 3, 2024", "3 марта 2024", "2025 ж. 22 ақпан",
# "March 2024".
_DATES_WITH_MONTH_NAMES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?P<m>{MONTH_RE})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})",
        rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_RE})\s+(?P<y>\d{{4}})",
        rf"(?P<y>\d{{4}})\s*ж\.?\s*(?:ы\s*)?(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_RE})",
        rf"(?P<m>{MONTH_RE})\s+(?P<y>\d{{4}})",
    )
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
    for pattern in _DATES_WITH_MONTH_NAMES:
        m = pattern.search(t)
        if m:
            named = m.groupdict()
            year, month = int(named["y"]), _month(named["m"])
            day = int(named["d"]) if named.get("d") else None
            return Date.ymd(year, month, day) if month and _valid(year, month, day) else None
    m = re.search(r"\b(\d{4})\b", t)
    if m and _valid(int(m.group(1)), None, None):
        return Date.ymd(int(m.group(1)))
    return None


# ---------------------------------------------------------------------------------------------
# Markers

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
