"""Labelled segments -> CSL values, one kind of field at a time (pure).

The CRF says which span of the string is the author list, the title, the date, the volume
area, ... (:mod:`refman.parse.labeller`); :func:`read_fields` turns each span into CSL values
with small rules: names (:mod:`refman.parse.names`: family/given, initials before or after,
particles, "и др."/"et al." kept as a flag, genitive editors "под ред. В.В. Кузнецова" put back
in the nominative), dates, pages ("189–207" -> "189-207"; "С. 45"; "256 с." is a number of
pages), volume and issue ("Т. 5, № 2", "12(3)", "vol. 5, no. 2"), edition ("3-е изд." -> "3"),
titles with their translations and other title information, publisher and place, notes, access
dates and identifiers. Each field keeps the CRF's confidence (mean marginal probability of its
tokens) in a :class:`Draft`; the first value found for a field wins. :mod:`refman.parse.assemble`
repairs the segments before and completes the item after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from refman.identifiers import find_doi, find_urls, is_doi_url, labelled_isbn, labelled_issn
from refman.model import Date, Name, Reference
from refman.parse.names import NameList, degenitive, parse_name_segment, scan_names
from refman.parse.patterns import DASHES, LANG_CODES, YEAR, parse_date

__all__ = [
    "EDITOR_MARK",
    "IN_LEAD",
    "THESIS",
    "WEB_NOTE",
    "Draft",
    "Segment",
    "field_text",
    "read_fields",
    "title_text",
]

_TRIM = " \t,;:./\\–—-"


@dataclass
class Segment:
    """A run of tokens with one label: the text as written and the CRF's confidence."""

    label: str
    text: str
    confidence: float


@dataclass
class Draft:
    """The Reference being filled: each field's confidence, extras for ``custom.refman``, text
    kept aside as a note, and the labels seen."""

    ref: Reference
    conf: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)

    def put(self, attr: str, value: Any, conf: float, key: str | None = None) -> None:
        """Set a field once (the first value wins) with its confidence."""
        if value is None or value == "" or value == []:
            return
        if getattr(self.ref, attr) not in (None, "", []):
            return
        setattr(self.ref, attr, value)
        self.conf[key or attr.replace("_", "-")] = conf


# --- readers of one kind of field -----------------------------------------------------------------

#: What introduces editors or compilers: "под ред.", "Гл. ред.", "ред.", "құраст.", "eds.", ...
EDITOR_MARK = re.compile(
    r"^\s*(?:(?:под\s+(?:общ(?:ей)?\.?\s+|науч(?:ной)?\.?\s+)?ред(?:акцией|\.)?(?:\s+на)?"
    r"|(?:науч\.|отв\.|гл\.|общ\.)\s*ред\.|ред\.(?:\s*кол\.)?|ed(?:ited)?\.?\s+by|eds?\.|hrsg\.(?:\s+v\.)?"
    r"|жалпы\s+ред(?:\.|акциясымен)(?:\s*басқарған)?|жауапты\s+ред\.|ред\.\s*басқарған|құраст\.|сост\.|"
    r"составител[ьи]|comp\.|compiled\s+by)\s*:?\s*)+",
    re.IGNORECASE,
)
_GENITIVE_MARK = re.compile(r"^\s*(?:под|жалпы)\b", re.IGNORECASE)
_EDITOR_TAIL = re.compile(
    r"\s*[,(]?\s*\(?(?:eds?|edd|editors?|hrsg|ред|сост|құраст|comp)\.?\)?\s*[,.:]?\s*$", re.IGNORECASE
)
_TRANSLATOR_MARK = re.compile(
    r"^\s*(?:пер\.(?:\s+с\s+[а-яё]+\.?)?|перевод(?:\s+с\s+[а-яё]+\.?)?|translated(?:\s+from\s+\w+)?\s+by|"
    r"transl?\.(?:\s+by)?|ауд\.|аударған|[а-яә]+\.\s*ауд\.)\s*:?\s*",
    re.IGNORECASE,
)
#: What introduces a container: "In", "In:", "В:", "В кн.:", "//".
IN_LEAD = re.compile(
    r"^\s*(?:In|in|IN|Im|Dans|En|В|в|Ж)\s*(?:кн\.|сб\.|сборнике)?\s*:?\s+|^\s*(?:In|В):\s*|^//\s*"
)
_TRANSLATION = re.compile(r"^(?P<main>.*?\S)\s*\[(?P<tr>[^\[\]]{3,})\]$")
#: Words of a thesis or its abstract ("дис. ... канд.", "автореф.", "PhD thesis").
THESIS = re.compile(
    r"(?:\bдис(?:с)?\.|диссертац|автореф|\bdissertation|\bthesis|\bdiss\.|Ph\.?\s?D\b|\bcand\.\s*[a-z]+\.?\s*sci"
    r"|\bdoct\.\s*[a-z]+\.?\s*sci|магистерская|\bmaster'?s\b|докторы\s*\(PhD\))",
    re.IGNORECASE,
)
_SPECIALTY = re.compile(r"\s*:\s*(?:\d\d\.\d\d\.\d\d|\d[A-ZА-Я]\d{6})\s*$")
#: A note that only introduces a URL ("URL:", "Режим доступа:", "Available at").
WEB_NOTE = re.compile(
    r"^\s*(?:URL|Режим доступа|Available (?:at|from|online)|Retrieved(?: from)?|Access mode|Mode of access"
    r"|Қолжетімді|Қол жеткізу режимі|Қолжетімділік режимі|Электронный адрес|Доступно на|Online|from|at)"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)
_LANG_NOTE = re.compile(
    r"\(?\s*(?:In|in)\s+(?P<l>Russ|Russian|Kazakh|Kaz|Engl?|English|Ukr|Ukrainian)\.?\s*\)?"
    r"|\(?\s*(?:на\s+)?(?P<l3>рус|каз|англ|казах)\.\s*яз\.\s*\)?"
    r"|\(?\s*(?P<l4>орыс|қазақ|ағылшын)\s+тілінде\s*\)?"
)
_NODATE = re.compile(
    r"^\(?\s*(?P<nd>n\.\s?d\.?|б\.\s?ж\.?|б\.\s?г\.?|б\.\s?д\.?|s\.\s?d\.?|без даты|no date|in press"
    r"|в печати)\s*\)?\.?$",
    re.IGNORECASE,
)

_NUM = r"[A-Za-zА-Яа-я]{0,2}\d+[A-Za-zА-Яа-я]?"
# The same, searched for: it starts at the first digit of a run (or at its letters), so a long run of
# digits is not tried again from each of its digits (linear time).
_NUM_START = r"(?:[A-Za-zА-Яа-я]{1,2}|(?<!\d))\d+[A-Za-zА-Яа-я]?"
_RANGE = re.compile(rf"(?P<a>{_NUM_START})\s*[{DASHES}]+\s*(?P<b>{_NUM})")
_PAGE_UNIT_AFTER = re.compile(
    r"^\s*(?P<n>\d+)\s*(?:с|c|p|pp|б|бб|бет|S|стр|pages|л|pgs)\.?(?:\s*[,;.:].*)?$", re.IGNORECASE
)
_PAGE_UNIT_RANGE_AFTER = re.compile(
    rf"^\s*(?P<a>\d+)\s*[{DASHES}]+\s*(?P<b>\d+)\s*-?(?:б|бб|бет|с|сс|pp|p)\.?", re.I
)
_SINGLE_PAGE = re.compile(rf"(?:^|[\s.(])(?P<p>{_NUM})\s*\)?\s*$")
_VOL_MARK = re.compile(
    rf"(?<![\w{DASHES}])(?:Т\.|Т(?=\s?\d)|Том|т\.|[Vv]ols?\.|Volume|V\.|Bd\.|Tom|Кн\.|кн\.|Кітап|Jg\.)\s*"
    r"(?P<v>\d+[A-Za-zА-Яа-я]?(?:\s*[-–]\s*\d+)?|[IVXLCХ]+\b)"
    r"|(?<!\d)(?P<v2>\d+)\s*-?\s*(?:т\.|том|томы)(?!\w)",
)
_ISS_MARK = re.compile(
    r"(?<![\w])(?:№|No\.?|no\.?|Nos?\.|Nr\.|N(?=\s?\d)|Iss\.|Issue|issue|Вып\.|вып\.|Шығ\.|Heft|H\.|Num\.)\s*"
    r"(?P<i>\d+[A-Za-zА-Яа-я]?(?:\s*[-–/]\s*\d+[A-Za-zА-Яа-я]?)?)(?:\s*\((?P<tot>\d+)\))?"
)
_PART_MARK = re.compile(r"(?:Ч\.|ч\.|Pt\.|Part|Бөл\.|бөлім)\s*(?P<p>\d+)|(?<!\d)(?P<p2>\d+)\s*-?\s*бөлім")
_VOL_ISSUE = re.compile(r"(?P<v>\d{1,4}[A-Za-z]?)\s*\(\s*(?P<i>[\w\-–/ ]{1,12}?)\s*\)")
_BARE = re.compile(r"^\s*\(?(?P<n>\d{1,5}[A-Za-z]?)\)?\s*$")
_EDITION_NUM = re.compile(
    r"(?<!\d)(?P<n>\d+)\s*(?:-?\s*(?:е|ое|ье|й|ші|шы|st|nd|rd|th)\b|\s*-?\s*(?:изд|ed|edn|басылым|бас)|$)",
    re.IGNORECASE,
)


_BRACKETISH = re.compile('[()\\[\\]«»“”"]')
_ABBREV_END = re.compile(r"(?:\b[A-ZА-Я]|\b[a-zа-я]{1,3})\.$")
_DASH_RUN = re.compile(rf"\s*[{DASHES}]+\s*")
_IN_WORD = re.compile(r"^(?:In|in|В|в)\s*:?\s+")
_CYR_LOWER = re.compile("[а-яё]")
_YEAR_IN = re.compile(rf"(?<!\d)({YEAR})(?P<suf>[a-zа-я])?(?!\d)")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def field_text(text: str) -> str:
    """A field's text without the punctuation around it."""
    text = " ".join(text.split())
    text = text.strip(_TRIM)
    if not _BRACKETISH.search(text):
        return text
    # strip unbalanced outer brackets and quotes
    for left, right in (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”"), ('"', '"')):
        if (
            text.startswith(left)
            and text.endswith(right)
            and text.count(left) == 1
            and text.count(right) == 1
        ):
            text = text[1:-1]
        elif text.endswith(right) and text.count(right) > text.count(left) and right != left:
            text = text[:-1]
        elif text.startswith(left) and text.count(left) > text.count(right) and right != left:
            text = text[1:]
    return text.strip(_TRIM)


def title_text(text: str) -> str:
    """A title's text: punctuation around it, a final full stop (not an abbreviation's) and
    enclosing quotes removed."""
    text = " ".join(text.split()).strip(" \t,;:/\\–—-")
    if text.endswith(".") and not text.endswith("..") and not _ABBREV_END.search(text):
        text = text[:-1]
    text = text.strip(" ,;:")
    for left, right in (("«", "»"), ("“", "”"), ('"', '"'), ("‘", "’")):
        inner = text[1:-1]
        if text.startswith(left) and text.endswith(right) and left not in inner and right not in inner:
            text = inner.strip()
    return text.strip(" ,;:/")


def _pages(p: str) -> str:
    return _DASH_RUN.sub("-", p.strip()).strip("-")


_WORD_DOT = re.compile(r"(?<=[^\W\d_]{2})\.$")


def _names(draft: Draft, seg: Segment, role: str) -> NameList:
    text = seg.text.strip(" ,;:/–—-")
    if role == "editor":
        text = _IN_WORD.sub("", text)
        text = EDITOR_MARK.sub("", text, count=1)
        text = _EDITOR_TAIL.sub("", text)
    elif role == "translator":
        text = _TRANSLATOR_MARK.sub("", text, count=1)
    text = _WORD_DOT.sub("", text.strip(" ,;:/–—-"))
    nl = parse_name_segment(text)
    if nl.shape == "literal" and role == "author":
        # the labeller took too much: keep the names at the start ("Иванов И.И. Название")
        scanned = scan_names(text)
        if scanned.names and scanned.end >= len(text) // 3:
            return scanned
    return nl


def _set_names(draft: Draft, role: str, segs: list[Segment]) -> None:
    best: NameList | None = None
    best_seg: Segment | None = None
    for seg in segs:
        nl = _names(draft, seg, role)
        if not nl.names:
            continue
        if best is None:
            best, best_seg = nl, seg
            continue
        # GOST 7.0.100: "Иванов, И. И. Title / И. И. Иванов, П. П. Петров" lists all authors later.
        first = (best.names[0].family or "").lower()
        if nl.names[0].family and nl.names[0].family.lower() == first and len(nl.names) > len(best.names):
            best, best_seg = nl, seg
        elif nl.et_al:
            best.et_al = True
    if best is None or best_seg is None:
        return
    names = best.names
    if (role in ("editor", "translator") and _GENITIVE_MARK.match(best_seg.text)) or role == "translator":
        fixed: list[Name] = []
        for n in names:
            if n.family and _CYR_LOWER.search(n.family) and degenitive(n.family) != n.family:
                draft.extra.setdefault(f"{role}_as_written", []).append(n.display())
                n = Name(family=degenitive(n.family), given=n.given)
            fixed.append(n)
        names = fixed
    conf = best_seg.confidence
    if best.shape == "literal":
        conf *= 0.85
    if f"{role}_as_written" in draft.extra:
        conf *= 0.8
    draft.put(role, names, conf)
    if best.et_al:
        draft.extra["et_al" if role == "author" else f"{role}_et_al"] = True
    if best.notes and role == "author":
        draft.extra["name_notes"] = best.notes


def _date(draft: Draft, segs: list[Segment]) -> None:
    year: int | None = None
    full: Date | None = None
    conf = 0.0
    day_month = ""
    for seg in segs:
        text = seg.text
        nd = _NODATE.match(text.strip())
        if nd:
            draft.extra["no_date"] = nd.group("nd")
            continue
        m = _YEAR_IN.search(text)
        if m and year is None:
            year = int(m.group(1))
            conf = seg.confidence
            if m.group("suf"):
                draft.extra["year_suffix"] = m.group("suf")
            d = parse_date(text)
            if d is None or len(d.parts[0]) < 2:
                rest = field_text(text[: m.start()] + " " + text[m.end() :])
                if _DIGIT.search(rest) and _LETTER.search(rest):
                    d = parse_date(f"{rest} {year}")
                    if d is not None and len(d.parts[0]) > 1:
                        draft.extra["newspaper_date"] = True
            if d is not None and d.year == year and len(d.parts[0]) > 1:
                full = d
        elif not m and _DIGIT.search(text):
            day_month = field_text(text)
        if m and ";" in text[m.end() :]:
            _compound(draft, text[m.start() :], seg.confidence)
    if year is None:
        return
    if full is None and day_month:
        d = parse_date(f"{day_month} {year}")
        if d is not None and d.year == year:
            full = d
            draft.extra["newspaper_date"] = True
    draft.ref.issued = full or Date.ymd(year)
    draft.conf["issued"] = conf


_COMPOUND = re.compile(
    rf"^\(?(?:(?P<y>{YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2}}(?:\s\d{{1,2}})?)?\s*[;,]\s*)?(?P<v>\d+[A-Za-z]?)?\s*"
    rf"(?:\(\s*(?P<i>[^()]{{1,12}}?)\s*\))?\s*(?::\s*(?P<p>[A-Za-z]?\d+[A-Za-z]?(?:\s*[{DASHES}]+\s*[A-Za-z]?\d+[A-Za-z]?)?))?"
    r"\s*[.,;:]?\s*$"
)


def _compound(draft: Draft, text: str, conf: float) -> bool:
    """Vancouver and Springer number runs: "2010;94:211–20", "28(9):1596–1605", "2002;11(3)"."""
    m = _COMPOUND.match(text.strip())
    if not m or not (m.group("p") or m.group("y")) or not (m.group("v") or m.group("i")):
        return False
    if m.group("y") and draft.ref.issued is None:
        draft.ref.issued = Date.ymd(int(m.group("y")))
        draft.conf["issued"] = conf
    draft.put("volume", m.group("v"), conf)
    draft.put("issue", m.group("i"), conf)
    if m.group("p"):
        draft.put("page", _pages(m.group("p")), conf)
    return True


def _volume(draft: Draft, segs: list[Segment]) -> None:
    for seg in segs:
        text = seg.text.strip()
        conf = seg.confidence
        if _compound(draft, text, conf):
            continue
        found = False
        m = _VOL_MARK.search(text)
        if m:
            draft.put("volume", (m.group("v") or m.group("v2")).strip(), conf)
            found = True
        m = _ISS_MARK.search(text)
        if m:
            draft.put("issue", re.sub(r"\s+", "", m.group("i")), conf)
            if m.group("tot"):
                draft.extra.setdefault("issue_total", m.group("tot"))
            found = True
        m = _PART_MARK.search(text)
        if m:
            draft.extra.setdefault("part", m.group("p") or m.group("p2"))
            found = True
        if found:
            continue
        m = _VOL_ISSUE.search(text)
        if m:
            draft.put("volume", m.group("v"), conf)
            draft.put("issue", m.group("i").strip(), conf)
            continue
        m = _BARE.match(field_text(text) if not text.startswith("(") else text)
        if m:
            if text.lstrip().startswith("("):
                draft.put("issue", m.group("n"), conf)
            else:
                draft.put("volume", m.group("n"), conf)
            continue
        value = field_text(text)
        if value:
            draft.put("volume", value, conf * 0.7)


def _page_area(draft: Draft, segs: list[Segment]) -> None:
    for seg in segs:
        text = seg.text.strip()
        conf = seg.confidence
        m = _PAGE_UNIT_RANGE_AFTER.match(text)
        if m:
            draft.put("page", f"{m.group('a')}-{m.group('b')}", conf)
            continue
        m = _RANGE.search(text)
        if m and not re.fullmatch(YEAR, m.group("a")):
            draft.put("page", _pages(m.group(0)), conf)
            continue
        m = _PAGE_UNIT_AFTER.match(text)
        if m:
            if "number-of-pages" not in draft.ref.extra:
                draft.ref.extra["number-of-pages"] = m.group("n")
                draft.conf["number-of-pages"] = conf
            continue
        m = _SINGLE_PAGE.search(field_text(text) if not text.endswith(")") else text.rstrip(".,)"))
        if m:
            draft.put("page", m.group("p"), conf)
            continue
        value = field_text(text)
        if value and re.search(r"\d", value):
            draft.put("page", value, conf * 0.7)


def _edition(draft: Draft, segs: list[Segment]) -> None:
    for seg in segs:
        text = field_text(seg.text)
        m = _EDITION_NUM.search(text)
        value = m.group("n") if m else text
        draft.put("edition", value, seg.confidence)


_REPORT_NUMBER = re.compile(
    r"^(?P<kind>.*?(?:[Rr]eport|[Pp]aper|[Bb]rief|Доклад|Отчет|Отчёт|есебі|Препринт|Preprint|Note))?\s*"
    r"(?:No\.|Nr\.|№|#|Number)\s*(?P<num>[\w./-]+)$"
)


def _genre(draft: Draft, segs: list[Segment]) -> None:
    for seg in segs:
        text = field_text(seg.text)
        m = _REPORT_NUMBER.match(text)
        if m:
            draft.put("number", m.group("num"), seg.confidence)
            text = (m.group("kind") or "Report").strip()
        m = _SPECIALTY.search(text)
        if m:
            draft.extra.setdefault("specialty_code", text[m.start() :].strip(" :"))
            text = text[: m.start()].strip()
        draft.put("genre", text, seg.confidence)


def _title(draft: Draft, segs: list[Segment], attr: str, key: str) -> None:
    texts: list[str] = []
    conf = 1.0
    for seg in segs:
        t = seg.text
        if attr == "container_title":
            t = IN_LEAD.sub("", t.strip())
        t = title_text(t)
        if t:
            texts.append(t)
            conf = min(conf, seg.confidence)
    if not texts:
        return
    title = texts[0] if attr == "title" else ". ".join(texts) if len(texts) > 1 else texts[0]
    if attr == "title" and len(texts) > 1:
        draft.extra["title_parts"] = texts[1:]
    m = _TRANSLATION.match(title)
    if m and len(m.group("main")) > 2:
        title = title_text(m.group("main"))
        draft.extra["title_translated" if attr == "title" else "container_title_translated"] = m.group(
            "tr"
        ).strip()
    if attr == "container_title":
        left, sep, right = title.partition(" = ")
        if sep and left.strip():
            title = left.strip()
            draft.extra.setdefault("container_title_translated", right.strip())
        left, sep, right = title.partition(" : ")
        if not sep:
            left, sep, right = title.partition(": ")
            if sep and not _COLLECTION_INFO.match(right):
                sep = ""
        if sep and left.strip() and right[:1].islower():
            # GOST other title information: "Проблемы экономики : материалы междунар. конф."
            title = left.strip()
            draft.extra.setdefault("container_info", right.strip())
    if attr == "title":
        info = re.split(r"\s+:\s+", title, maxsplit=1)
        if len(info) == 2 and THESIS.search(info[1]):
            title = info[0]
            draft.extra["title_info"] = info[1]
        elif (kind := _KIND_OF_WORK.search(title)) is not None:
            # GOST other title information naming the kind of work: "...: Учеб. пособ.", ": монография"
            title = title[: kind.start()]
            draft.extra["title_info"] = kind.group("info")
    draft.put(attr, title, conf, key)


_KIND_OF_WORK = re.compile(
    r"\s*:\s+(?P<info>(?:[Уу]чеб(?:\.|ное|ник)(?:\s*(?:-\s*метод(?:\.|ическое)\s*)?пособ(?:\.|ие)?)?|[Мм]онография"
    r"|[Оо]қу құралы|[Оо]қулық|[Сс]правочник|[Хх]рестоматия)\.?)$"
)
_AREA_SEP = re.compile(r"\.\s+[–—-]\s+|\s+[–—]\s+(?=\d)")
_EDITION_TEXT = re.compile(
    r"^\s*(?:\d+\s*-?\s*(?:е|ое|ье|й|ші|шы|st|nd|rd|th)?\s*(?:изд|ed|edn|басылым|бас)\.?.*|(?:Rev|Revised)\.?\s+ed\..*)$",
    re.IGNORECASE,
)


def _title_tail(draft: Draft) -> None:
    """A title that swallowed a GOST area (". – 2nd ed."): cut it off and read it."""
    title = draft.ref.title
    if not title:
        return
    parts = _AREA_SEP.split(title)
    if len(parts) < 2 or not parts[0].strip():
        return
    draft.ref.title = title_text(parts[0])
    for part in parts[1:]:
        part = part.strip(" .,;")
        if not part:
            continue
        if _EDITION_TEXT.match(part):
            m = _EDITION_NUM.search(part)
            draft.put("edition", m.group("n") if m else part, 0.6)
        else:
            draft.notes.append(part)


def _publisher(draft: Draft, segs: list[Segment]) -> None:
    values = [field_text(s.text) for s in segs]
    values = [v for v in values if v]
    if values:
        draft.put("publisher", "; ".join(dict.fromkeys(values)), min(s.confidence for s in segs))


def _place(draft: Draft, segs: list[Segment]) -> None:
    values = []
    for s in segs:
        v = " ".join(s.text.split()).strip(" ,;:/–—-")
        place, sep, pub = v.partition(": ")
        if sep and pub.strip(" ,.") and not draft.ref.publisher and len(place) <= 40:
            # "St. Petersburg: Piter" labelled as one place
            draft.put("publisher", field_text(pub), s.confidence * 0.8)
            v = place
        last = re.search(r"(\w+)\.$", v)
        if last and not (
            len(last.group(1)) <= 2
            or sum(ch.isupper() for ch in last.group(1)) > 1
            or last.group(1) in _PLACE_ABBREVIATIONS
        ):
            v = v[:-1]
        if v:
            values.append(v)
    if values:
        draft.put("publisher_place", "; ".join(dict.fromkeys(values)), min(s.confidence for s in segs))


_PUBLISHER_NOTE = re.compile(
    r"\b(?:Press|Publish\w*|Association|Society|Institute|Verlag|University|Academic|Books|Inc|Ltd|"
    r"Издательство|Изд-во|баспасы|Университет|университеті)\b"
)
_ACCESS_WORDS = re.compile(
    r"(?:accessed|retrieved|viewed|обращения|доступа|жүгінген|қаралған|просмотр|посещения|zugegriffen|abgerufen)",
    re.IGNORECASE,
)
_COLLECTION_INFO = re.compile(
    r"(?:материалы|матер\.|сб\.|сборник|тезисы|труды|доклады|халықаралық|ғылыми|респ|междунар|всерос|"
    r"proceedings|конф|жинақ|мақалалар)",
    re.IGNORECASE,
)
_PLACE_ABBREVIATIONS = frozenset(["Mass", "Calif", "Ill", "Conn", "Penn", "Wis", "Mich", "Минск"]) - {"Минск"}


def _notes(draft: Draft, segs: list[Segment]) -> None:
    for seg in segs:
        text = " ".join(seg.text.split())
        if WEB_NOTE.match(text):
            continue
        rm = _REPORT_NUMBER.match(field_text(text))
        if rm and not draft.ref.number:
            draft.put("number", rm.group("num"), seg.confidence)
            draft.put("genre", (rm.group("kind") or "Report").strip(), seg.confidence)
            continue
        m = _LANG_NOTE.search(text)
        if m and len(field_text(text)) <= len(m.group(0)) + 2:
            word = next(g for g in m.groups() if g).lower()
            draft.extra.setdefault("language_note", LANG_CODES.get(word, word))
            continue
        if seg.label == "accessed" or _ACCESS_WORDS.search(text):
            d = parse_date(text)
            if d is not None and draft.ref.accessed is None:
                draft.ref.accessed = d
                draft.conf["accessed"] = seg.confidence
                continue
            if d is None and seg.label == "accessed":
                draft.ref.refman.problems.append(f"access date not understood: {field_text(text)}")
                continue
        value = field_text(text)
        if value and _PUBLISHER_NOTE.search(value) and not draft.ref.publisher and len(value.split()) <= 8:
            draft.put("publisher", value, seg.confidence * 0.8)
            continue
        if value and not WEB_NOTE.match(value):
            draft.notes.append(value)


def _identifiers(draft: Draft, by: dict[str, list[Segment]], text: str) -> None:
    """DOI, URLs, ISBN and ISSN from their segments (the labeller marks URL and DOI tokens by rule)."""
    ref = draft.ref
    urls: list[str] = []
    for seg in by.get("url", []) + by.get("doi", []):
        urls += find_urls(seg.text)
    for url in urls:
        if is_doi_url(url):
            doi = find_doi(url)
            if doi and not ref.DOI:
                ref.DOI = doi
                draft.conf["DOI"] = 0.99
            elif doi is None:
                draft.extra.setdefault("other_urls", []).append(url)
        elif not ref.URL:
            ref.URL = url
            draft.conf["URL"] = 0.99
            doi = find_doi(url)
            if doi and not ref.DOI and "doi" in url.lower():
                ref.DOI = doi
                draft.conf["DOI"] = 0.99
        else:
            draft.extra.setdefault("other_urls", []).append(url)
    if not ref.DOI:
        for seg in by.get("doi", []):
            doi = find_doi(seg.text)
            if doi:
                ref.DOI = doi
                draft.conf["DOI"] = 0.99
                break
    if not ref.DOI and "10." in text:
        doi = find_doi(text)
        if doi:
            ref.DOI = doi
            draft.conf["DOI"] = 0.9
    draft.put("ISBN", labelled_isbn(text), 0.95)
    draft.put("ISSN", labelled_issn(text), 0.95)


def read_fields(draft: Draft, segments: list[Segment], text: str) -> None:
    """Read the labelled ``segments`` of ``text`` (the cleaned string) into ``draft``."""
    ref = draft.ref
    by: dict[str, list[Segment]] = {}
    for seg in segments:
        by.setdefault(seg.label, []).append(seg)
        draft.labels.add(seg.label)
    _identifiers(draft, by, text)
    for seg in by.get("medium", []):
        if re.search(r"электрон|electronic|online|онлайн", seg.text, re.I):
            draft.extra["electronic"] = True
        elif not re.search(r"текст|мәтін|text", seg.text, re.I):
            ref.extra.setdefault("medium", field_text(seg.text))

    _set_names(draft, "author", by.get("author", []))
    _set_names(draft, "editor", by.get("editor", []))
    _set_names(draft, "translator", by.get("translator", []))
    _title(draft, by.get("title", []), "title", "title")
    _title(draft, by.get("journal", []) + by.get("container-title", []), "container_title", "container-title")
    if by.get("collection-title"):
        draft.put(
            "collection_title",
            title_text(field_text(by["collection-title"][0].text)),
            by["collection-title"][0].confidence,
        )
    _date(draft, by.get("date", []))
    _volume(draft, by.get("volume", []))
    _page_area(draft, by.get("pages", []))
    _edition(draft, by.get("edition", []))
    _genre(draft, by.get("genre", []))
    _publisher(draft, by.get("publisher", []))
    _place(draft, by.get("location", []))
    _notes(draft, by.get("note", []) + by.get("accessed", []))
    for seg in by.get("citation-number", []):
        m = re.search(r"\d{1,9}", seg.text)
        if m and ref.refman.number is None:
            draft.extra.setdefault("citation_number", int(m.group(0)))
    _title_tail(draft)
