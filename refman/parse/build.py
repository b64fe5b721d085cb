"""Labelled segments -> a CSL :class:`~refman.model.Reference` (pure post-processing).

The CRF says which span of the string is the author list, the title, the date, the volume
area, ... (:mod:`refman.parse.crf`); this module turns each span into CSL values with small
rules: names (:mod:`refman.parse.names`: family/given, initials before or after, particles,
"и др."/"et al." kept as a flag, genitive editors "под ред. В.В. Кузнецова" put back in the
nominative), dates, pages ("189–207" -> "189-207"; "С. 45"; "256 с." is a number of pages),
volume and issue ("Т. 5, № 2", "12(3)", "vol. 5, no. 2"), edition ("3-е изд." -> "3"),
publisher and place, identifiers, the CSL item type and the language. Each field keeps the
CRF's confidence (mean marginal probability of its tokens); what could not be read goes to
``custom.refman.problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from refman.identifiers import find_doi, find_urls, is_doi_url, labelled_isbn, labelled_issn
from refman.lang import KAZAKH_LETTERS
from refman.model import Date, Name, Reference
from refman.parse.names import NameList, degenitive, parse_name_segment, scan_names
from refman.parse.patterns import LANG_CODES, parse_date

__all__ = ["Segment", "build_reference"]

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_TRIM = " \t,;:./\\–—-"


@dataclass
class Segment:
    """A run of tokens with one label: the text as written and the CRF's confidence."""

    label: str
    text: str
    confidence: float


@dataclass
class _State:
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


# --- small readers ------------------------------------------------------------------------------

_EDITOR_MARK = re.compile(
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
_IN_LEAD = re.compile(
    r"^\s*(?:In|in|IN|Im|Dans|En|В|в|Ж)\s*(?:кн\.|сб\.|сборнике)?\s*:?\s+|^\s*(?:In|В):\s*|^//\s*"
)
_TRANSLATION = re.compile(r"^(?P<main>.*?\S)\s*\[(?P<tr>[^\[\]]{3,})\]$")
_THESIS = re.compile(
    r"(?:\bдис(?:с)?\.|диссертац|автореф|\bdissertation|\bthesis|\bdiss\.|Ph\.?\s?D\b|\bcand\.\s*[a-z]+\.?\s*sci"
    r"|\bdoct\.\s*[a-z]+\.?\s*sci|магистерская|\bmaster'?s\b|докторы\s*\(PhD\))",
    re.IGNORECASE,
)
_SPECIALTY = re.compile(r"\s*:\s*(?:\d\d\.\d\d\.\d\d|\d[A-ZА-Я]\d{6})\s*$")
_REPORT = re.compile(r"(?:\breport\b|\bдоклад|\bотч[её]т|working paper|\bпрепринт|\bpreprint|есебі)", re.I)
_CONFERENCE = re.compile(
    r"(?:конф|conference|proceedings|\bproc\.|symposium|симпозиум|workshop|congress|конгресс|съезд|семинар"
    r"|форум|\bforum\b|\bmeeting\b|\bkonf|chteni|чтени|тезис|конференциясы|оқулары|жиналыс|коллоквиум)",
    re.IGNORECASE,
)
_LAW = re.compile(
    r"(?:\b(?:Закон|Кодекс|Указ|Постановление|Приказ)\s+(?:Республики|РК\b|Российской|РФ\b|Президента|Правительства"
    r"|Министр)|Федеральный закон|Заңы\b|Кодексі|Жарлығы|қаулысы|бұйрығы|Конституция Республики"
    r"|Қазақстан Республикасының Конституциясы|\b[Aa]ct\s+(?:of\s+)?\d{4}|№\s*\d+-[IVX]+\b)"
)
_NEWSPAPER = re.compile(r"(?:газета|правда|Егемен|Ана тілі|Жас Алаш|Коммерсант|Известия\s*$)", re.IGNORECASE)
_WEB_NOTE = re.compile(
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
_RANGE = re.compile(rf"(?P<a>{_NUM})\s*[{_DASHES}]+\s*(?P<b>{_NUM})")
_PAGE_UNIT_AFTER = re.compile(
    r"^\s*(?P<n>\d+)\s*(?:с|c|p|pp|б|бб|бет|S|стр|pages|л|pgs)\.?(?:\s*[,;.:].*)?$", re.IGNORECASE
)
_PAGE_UNIT_RANGE_AFTER = re.compile(
    rf"^\s*(?P<a>\d+)\s*[{_DASHES}]+\s*(?P<b>\d+)\s*-?(?:б|бб|бет|с|сс|pp|p)\.?", re.I
)
_SINGLE_PAGE = re.compile(rf"(?:^|[\s.(])(?P<p>{_NUM})\s*\)?\s*$")
_VOL_MARK = re.compile(
    rf"(?<![\w{_DASHES}])(?:Т\.|Т(?=\s?\d)|Том|т\.|[Vv]ols?\.|Volume|V\.|Bd\.|Tom|Кн\.|кн\.|Кітап|Jg\.)\s*"
    r"(?P<v>\d+[A-Za-zА-Яа-я]?(?:\s*[-–]\s*\d+)?|[IVXLCХ]+\b)"
    r"|(?P<v2>\d+)\s*-?\s*(?:т\.|том|томы)(?!\w)",
)
_ISS_MARK = re.compile(
    r"(?<![\w])(?:№|No\.?|no\.?|Nos?\.|Nr\.|N(?=\s?\d)|Iss\.|Issue|issue|Вып\.|вып\.|Шығ\.|Heft|H\.|Num\.)\s*"
    r"(?P<i>\d+[A-Za-zА-Яа-я]?(?:\s*[-–/]\s*\d+[A-Za-zА-Яа-я]?)?)(?:\s*\((?P<tot>\d+)\))?"
)
_PART_MARK = re.compile(r"(?:Ч\.|ч\.|Pt\.|Part|Бөл\.|бөлім)\s*(?P<p>\d+)|(?P<p2>\d+)\s*-?\s*бөлім")
_VOL_ISSUE = re.compile(r"(?P<v>\d{1,4}[A-Za-z]?)\s*\(\s*(?P<i>[\w\-–/ ]{1,12}?)\s*\)")
_BARE = re.compile(r"^\s*\(?(?P<n>\d{1,5}[A-Za-z]?)\)?\s*$")
_EDITION_NUM = re.compile(
    r"(?P<n>\d+)\s*(?:-?\s*(?:е|ое|ье|й|ші|шы|st|nd|rd|th)\b|\s*-?\s*(?:изд|ed|edn|басылым|бас)|$)",
    re.IGNORECASE,
)


_BRACKETISH = re.compile('[()\\[\\]«»“”"]')
_ABBREV_END = re.compile(r"(?:\b[A-ZА-Я]|\b[a-zа-я]{1,3})\.$")
_DASH_RUN = re.compile(rf"\s*[{_DASHES}]+\s*")
_IN_WORD = re.compile(r"^(?:In|in|В|в)\s*:?\s+")
_CYR_LOWER = re.compile("[а-яё]")
_YEAR_IN = re.compile(rf"(?<!\d)({_YEAR})(?P<suf>[a-zа-я])?(?!\d)")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def _clean(text: str) -> str:
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


def _title_text(text: str) -> str:
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


def _names(st: _State, seg: Segment, role: str) -> NameList:
    text = seg.text.strip(" ,;:/–—-")
    if role == "editor":
        text = _IN_WORD.sub("", text)
        text = _EDITOR_MARK.sub("", text, count=1)
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


def _set_names(st: _State, role: str, segs: list[Segment]) -> None:
    best: NameList | None = None
    best_seg: Segment | None = None
    for seg in segs:
        nl = _names(st, seg, role)
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
                st.extra.setdefault(f"{role}_as_written", []).append(n.display())
                n = Name(family=degenitive(n.family), given=n.given)
            fixed.append(n)
        names = fixed
    conf = best_seg.confidence
    if best.shape == "literal":
        conf *= 0.85
    if f"{role}_as_written" in st.extra:
        conf *= 0.8
    st.put(role, names, conf)
    if best.et_al:
        st.extra["et_al" if role == "author" else f"{role}_et_al"] = True
    if best.notes and role == "author":
        st.extra["name_notes"] = best.notes


def _date(st: _State, segs: list[Segment]) -> None:
    year: int | None = None
    full: Date | None = None
    conf = 0.0
    day_month = ""
    for seg in segs:
        text = seg.text
        nd = _NODATE.match(text.strip())
        if nd:
            st.extra["no_date"] = nd.group("nd")
            continue
        m = _YEAR_IN.search(text)
        if m and year is None:
            year = int(m.group(1))
            conf = seg.confidence
            if m.group("suf"):
                st.extra["year_suffix"] = m.group("suf")
            d = parse_date(text)
            if d is None or len(d.parts[0]) < 2:
                rest = _clean(text[: m.start()] + " " + text[m.end() :])
                if _DIGIT.search(rest) and _LETTER.search(rest):
                    d = parse_date(f"{rest} {year}")
                    if d is not None and len(d.parts[0]) > 1:
                        st.extra["newspaper_date"] = True
            if d is not None and d.year == year and len(d.parts[0]) > 1:
                full = d
        elif not m and _DIGIT.search(text):
            day_month = _clean(text)
        if m and ";" in text[m.end() :]:
            _compound(st, text[m.start() :], seg.confidence)
    if year is None:
        return
    if full is None and day_month:
        d = parse_date(f"{day_month} {year}")
        if d is not None and d.year == year:
            full = d
            st.extra["newspaper_date"] = True
    st.ref.issued = full or Date.ymd(year)
    st.conf["issued"] = conf


_COMPOUND = re.compile(
    rf"^\(?(?:(?P<y>{_YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2}}(?:\s\d{{1,2}})?)?\s*[;,]\s*)?(?P<v>\d+[A-Za-z]?)?\s*"
    rf"(?:\(\s*(?P<i>[^()]{{1,12}}?)\s*\))?\s*(?::\s*(?P<p>[A-Za-z]?\d+[A-Za-z]?(?:\s*[{_DASHES}]+\s*[A-Za-z]?\d+[A-Za-z]?)?))?"
    r"\s*[.,;:]?\s*$"
)


def _compound(st: _State, text: str, conf: float) -> bool:
    """Vancouver and Springer number runs: "2010;94:211–20", "28(9):1596–1605", "2002;11(3)"."""
    m = _COMPOUND.match(text.strip())
    if not m or not (m.group("p") or m.group("y")) or not (m.group("v") or m.group("i")):
        return False
    if m.group("y") and st.ref.issued is None:
        st.ref.issued = Date.ymd(int(m.group("y")))
        st.conf["issued"] = conf
    st.put("volume", m.group("v"), conf)
    st.put("issue", m.group("i"), conf)
    if m.group("p"):
        st.put("page", _pages(m.group("p")), conf)
    return True


def _volume(st: _State, segs: list[Segment]) -> None:
    for seg in segs:
        text = seg.text.strip()
        conf = seg.confidence
        if _compound(st, text, conf):
            continue
        found = False
        m = _VOL_MARK.search(text)
        if m:
            st.put("volume", (m.group("v") or m.group("v2")).strip(), conf)
            found = True
        m = _ISS_MARK.search(text)
        if m:
            st.put("issue", re.sub(r"\s+", "", m.group("i")), conf)
            if m.group("tot"):
                st.extra.setdefault("issue_total", m.group("tot"))
            found = True
        m = _PART_MARK.search(text)
        if m:
            st.extra.setdefault("part", m.group("p") or m.group("p2"))
            found = True
        if found:
            continue
        m = _VOL_ISSUE.search(text)
        if m:
            st.put("volume", m.group("v"), conf)
            st.put("issue", m.group("i").strip(), conf)
            continue
        m = _BARE.match(_clean(text) if not text.startswith("(") else text)
        if m:
            if text.lstrip().startswith("("):
                st.put("issue", m.group("n"), conf)
            else:
                st.put("volume", m.group("n"), conf)
            continue
        value = _clean(text)
        if value:
            st.put("volume", value, conf * 0.7)


def _page_area(st: _State, segs: list[Segment]) -> None:
    for seg in segs:
        text = seg.text.strip()
        conf = seg.confidence
        m = _PAGE_UNIT_RANGE_AFTER.match(text)
        if m:
            st.put("page", f"{m.group('a')}-{m.group('b')}", conf)
            continue
        m = _RANGE.search(text)
        if m and not re.fullmatch(_YEAR, m.group("a")):
            st.put("page", _pages(m.group(0)), conf)
            continue
        m = _PAGE_UNIT_AFTER.match(text)
        if m:
            if "number-of-pages" not in st.ref.extra:
                st.ref.extra["number-of-pages"] = m.group("n")
                st.conf["number-of-pages"] = conf
            continue
        m = _SINGLE_PAGE.search(_clean(text) if not text.endswith(")") else text.rstrip(".,)"))
        if m:
            st.put("page", m.group("p"), conf)
            continue
        value = _clean(text)
        if value and re.search(r"\d", value):
            st.put("page", value, conf * 0.7)


def _edition(st: _State, segs: list[Segment]) -> None:
    for seg in segs:
        text = _clean(seg.text)
        m = _EDITION_NUM.search(text)
        value = m.group("n") if m else text
        st.put("edition", value, seg.confidence)


_REPORT_NUMBER = re.compile(
    r"^(?P<kind>.*?(?:[Rr]eport|[Pp]aper|[Bb]rief|Доклад|Отчет|Отчёт|есебі|Препринт|Preprint|Note))?\s*"
    r"(?:No\.|Nr\.|№|#|Number)\s*(?P<num>[\w./-]+)$"
)


def _genre(st: _State, segs: list[Segment]) -> None:
    for seg in segs:
        text = _clean(seg.text)
        m = _REPORT_NUMBER.match(text)
        if m:
            st.put("number", m.group("num"), seg.confidence)
            text = (m.group("kind") or "Report").strip()
        m = _SPECIALTY.search(text)
        if m:
            st.extra.setdefault("specialty_code", text[m.start() :].strip(" :"))
            text = text[: m.start()].strip()
        st.put("genre", text, seg.confidence)


def _title(st: _State, segs: list[Segment], attr: str, key: str) -> None:
    texts: list[str] = []
    conf = 1.0
    for seg in segs:
        t = seg.text
        if attr == "container_title":
            t = _IN_LEAD.sub("", t.strip())
        t = _title_text(t)
        if t:
            texts.append(t)
            conf = min(conf, seg.confidence)
    if not texts:
        return
    title = texts[0] if attr == "title" else ". ".join(texts) if len(texts) > 1 else texts[0]
    if attr == "title" and len(texts) > 1:
        st.extra["title_parts"] = texts[1:]
    m = _TRANSLATION.match(title)
    if m and len(m.group("main")) > 2:
        title = _title_text(m.group("main"))
        st.extra["title_translated" if attr == "title" else "container_title_translated"] = m.group(
            "tr"
        ).strip()
    if attr == "container_title":
        left, sep, right = title.partition(" = ")
        if sep and left.strip():
            title = left.strip()
            st.extra.setdefault("container_title_translated", right.strip())
        left, sep, right = title.partition(" : ")
        if not sep:
            left, sep, right = title.partition(": ")
            if sep and not _COLLECTION_INFO.match(right):
                sep = ""
        if sep and left.strip() and right[:1].islower():
            # GOST other title information: "Проблемы экономики : материалы междунар. конф."
            title = left.strip()
            st.extra.setdefault("container_info", right.strip())
    if attr == "title":
        info = re.split(r"\s+:\s+", title, maxsplit=1)
        if len(info) == 2 and _THESIS.search(info[1]):
            title = info[0]
            st.extra["title_info"] = info[1]
    st.put(attr, title, conf, key)


_AREA_SEP = re.compile(r"\.\s+[–—-]\s+|\s+[–—]\s+(?=\d)")
_EDITION_TEXT = re.compile(
    r"^\s*(?:\d+\s*-?\s*(?:е|ое|ье|й|ші|шы|st|nd|rd|th)?\s*(?:изд|ed|edn|басылым|бас)\.?.*|(?:Rev|Revised)\.?\s+ed\..*)$",
    re.IGNORECASE,
)


def _title_tail(st: _State) -> None:
    """A title that swallowed a GOST area (". – 2nd ed."): cut it off and read it."""
    title = st.ref.title
    if not title:
        return
    parts = _AREA_SEP.split(title)
    if len(parts) < 2 or not parts[0].strip():
        return
    st.ref.title = _title_text(parts[0])
    for part in parts[1:]:
        part = part.strip(" .,;")
        if not part:
            continue
        if _EDITION_TEXT.match(part):
            m = _EDITION_NUM.search(part)
            st.put("edition", m.group("n") if m else part, 0.6)
        else:
            st.notes.append(part)


_SENTENCE = re.compile(r"(?<=[\w)])[.?!]\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\d«“\"])")
_NOT_END = frozenset(
    [
        "st",
        "dr",
        "mr",
        "ms",
        "mrs",
        "jr",
        "sr",
        "co",
        "vs",
        "no",
        "nos",
        "pp",
        "vol",
        "vols",
        "eds",
        "ed",
        "ch",
        "fig",
        "proc",
        "univ",
        "inc",
        "ltd",
        "dept",
    ]
)
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w.’'&-]*|&|and|of|for|the|de|du|и|мен|және|in|on)$")


def _site_from_title(st: _State) -> None:
    """ "Title. United Nations Peacekeeping. URL: ..." read as one title: the last sentence, a
    name of a few capitalised words, is the site (or, without a URL, the publisher)."""
    ref = st.ref
    if not ref.title or ref.container_title or ref.publisher or ref.publisher_place:
        return
    if not ref.URL and (ref.issued is not None or ref.author):
        return
    cuts = []
    for m in _SENTENCE.finditer(ref.title):
        word = re.search(r"([\w.]+)$", ref.title[: m.start()])
        w = word.group(1) if word else ""
        if len(w) == 1 or w.lower() in _NOT_END or re.fullmatch(r"(?:[A-ZА-Я]\.)+[A-ZА-Я]", w):
            continue
        cuts.append(m)
    if not cuts:
        return
    cut = cuts[-1]
    keep = 1 if ref.title[cut.start()] in "?!" else 0
    head, tail = ref.title[: cut.start() + keep], ref.title[cut.end() :].strip()
    words = tail.split()
    if not head.strip() or not 1 <= len(words) <= 6 or not all(_NAME_WORD.match(w) for w in words):
        return
    ref.title = _title_text(head)
    if ref.URL:
        ref.container_title = _title_text(tail)
        st.conf["container-title"] = 0.5
    else:
        ref.publisher = _title_text(tail)
        st.conf["publisher"] = 0.5


def _publisher(st: _State, segs: list[Segment]) -> None:
    values = [_clean(s.text) for s in segs]
    values = [v for v in values if v]
    if values:
        st.put("publisher", "; ".join(dict.fromkeys(values)), min(s.confidence for s in segs))


def _place(st: _State, segs: list[Segment]) -> None:
    values = []
    for s in segs:
        v = " ".join(s.text.split()).strip(" ,;:/–—-")
        place, sep, pub = v.partition(": ")
        if sep and pub.strip(" ,.") and not st.ref.publisher and len(place) <= 40:
            # "St. Petersburg: Piter" labelled as one place
            st.put("publisher", _clean(pub), s.confidence * 0.8)
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
        st.put("publisher_place", "; ".join(dict.fromkeys(values)), min(s.confidence for s in segs))


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


def _notes(st: _State, segs: list[Segment]) -> None:
    for seg in segs:
        text = " ".join(seg.text.split())
        if _WEB_NOTE.match(text):
            continue
        rm = _REPORT_NUMBER.match(_clean(text))
        if rm and not st.ref.number:
            st.put("number", rm.group("num"), seg.confidence)
            st.put("genre", (rm.group("kind") or "Report").strip(), seg.confidence)
            continue
        m = _LANG_NOTE.search(text)
        if m and len(_clean(text)) <= len(m.group(0)) + 2:
            word = next(g for g in m.groups() if g).lower()
            st.extra.setdefault("language_note", LANG_CODES.get(word, word))
            continue
        if seg.label == "accessed" or _ACCESS_WORDS.search(text):
            d = parse_date(text)
            if d is not None and st.ref.accessed is None:
                st.ref.accessed = d
                st.conf["accessed"] = seg.confidence
                continue
            if d is None and seg.label == "accessed":
                st.ref.refman.problems.append(f"access date not understood: {_clean(text)}")
                continue
        value = _clean(text)
        if value and _PUBLISHER_NOTE.search(value) and not st.ref.publisher and len(value.split()) <= 8:
            st.put("publisher", value, seg.confidence * 0.8)
            continue
        if value and not _WEB_NOTE.match(value):
            st.notes.append(value)


def _infer_type(st: _State) -> tuple[str, float]:
    ref = st.ref
    labels = st.labels
    genre = ref.genre or ""
    title = ref.title or ""
    if _THESIS.search(genre) or _THESIS.search(st.extra.get("title_info", "")):
        return "thesis", 0.9
    if _REPORT.search(genre):
        return "report", 0.8
    if _LAW.search(title) or _LAW.search(" ".join(st.extra.get("title_parts", []))):
        return "legislation", 0.7
    container = ref.container_title or ""
    if container:
        if (_CONFERENCE.search(container) or _CONFERENCE.search(st.extra.get("container_info", ""))) and (
            "journal" not in labels or not (ref.volume or ref.issue)
        ):
            return "paper-conference", 0.8
        if "journal" in labels:
            if ref.URL and not (ref.volume or ref.issue or ref.page):
                return "webpage", 0.6
            if st.extra.get("newspaper_date") or (_NEWSPAPER.search(container) and ref.volume is None):
                return "article-newspaper", 0.7
            if (ref.publisher or ref.publisher_place or ref.editor) and not (ref.volume or ref.issue):
                return "chapter", 0.6
            return "article-journal", 0.85
        if ref.editor or ref.publisher or ref.publisher_place or "editor" in labels:
            return "chapter", 0.8
        if ref.URL and not (ref.volume or ref.issue):
            return "webpage", 0.7
        if ref.volume or ref.issue or ref.page:
            return "article-journal", 0.7
        return "chapter", 0.5
    if ref.publisher_place or "number-of-pages" in ref.extra or ref.edition or ref.ISBN:
        return "book", 0.8
    if ref.publisher:
        return ("webpage", 0.6) if ref.URL else ("book", 0.7)
    if ref.URL:
        return "webpage", 0.7
    if ref.volume or ref.issue:
        return "article-journal", 0.5
    return "document", 0.3


_ONLY_ISSUE = re.compile(
    r"(?:№|No\.?|no\.?|Nos?\.|Вып\.|вып\.|Т\.|Vol\.|vol\.|Iss\.)\s*\d+[\w/-]*(?:\s*\(\d+\))?"
    r"(?:[,.]?\s*(?:№|No\.?|no\.?|Вып\.|вып\.)\s*\d+[\w/-]*(?:\s*\(\d+\))?)?"
)
_ONLY_PAGES = re.compile(rf"(?:С\.|с\.|C\.|P\.|pp?\.|Б\.|S\.)\s*\d+(?:\s*[{_DASHES}]\s*\d+)?")


_YEAR_ONLY = re.compile(rf"{_YEAR}[.,]?")
_AFTER_TRANSLATION = re.compile(r"\]\.\s+(?=\S)")
_WEB_LABEL_HINT = re.compile(r"(?:URL|доступа|at|from|режимі|Қолжетімді|на)\W*$")
_TRAILING_WEB_LABEL = re.compile(
    r"[.,]?\s+(?:URL|Режим доступа|Available (?:at|from)|Retrieved from|Қолжетімді|Қол жеткізу режимі"
    r"|Доступно на)\s*:?\s*$"
)


def _reroute(segments: list[Segment]) -> list[Segment]:
    """Segments whose whole text is plainly an issue ("№2") or a page range ("С. 5–9") get that label;
    an "author" run that ends without punctuation right before the title is the title's start."""
    out: list[Segment] = []
    split: list[Segment] = []
    for seg in segments:
        m = _TRAILING_WEB_LABEL.search(seg.text) if _WEB_LABEL_HINT.search(seg.text) else None
        if m and seg.label not in ("url", "doi") and m.start() > 0:
            split.append(Segment(seg.label, seg.text[: m.start()], seg.confidence))
            split.append(Segment("note", m.group(0).strip(" .,"), seg.confidence))
        else:
            split.append(seg)
    segments = split
    for k, seg in enumerate(segments):
        label = seg.label
        if (
            label == "author"
            and k + 1 < len(segments)
            and segments[k + 1].label == "title"
            and seg.text[-1:].isalnum()
            and len(seg.text.split()) <= 2
        ):
            nxt = segments[k + 1]
            segments[k + 1] = Segment("title", seg.text + " " + nxt.text, min(seg.confidence, nxt.confidence))
            continue
        if (
            label not in ("volume", "pages", "date", "url", "doi")
            and len(seg.text) < 40
            and _DIGIT.search(seg.text)
        ):
            text = _clean(seg.text)
            if _ONLY_ISSUE.fullmatch(text):
                label = "volume"
            elif _ONLY_PAGES.fullmatch(text):
                label = "pages"
        if (
            label == "title"
            and k + 1 < len(segments)
            and segments[k + 1].label in ("journal", "container-title")
            and (cut := _AFTER_TRANSLATION.search(seg.text)) is not None
        ):
            # "Title [Translation]. Zhurnal" read as one title: the journal starts after "]."
            nxt = segments[k + 1]
            segments[k + 1] = Segment(nxt.label, seg.text[cut.end() :] + " " + nxt.text, nxt.confidence)
            seg = Segment("title", seg.text[: cut.end()], seg.confidence)
        if out and out[-1].label == label and label != seg.label:
            prev = out.pop()
            seg = Segment(label, prev.text + " " + seg.text, min(prev.confidence, seg.confidence))
        out.append(Segment(label, seg.text, seg.confidence) if label != seg.label else seg)
    return out


_CYRILLIC = re.compile("[\u0400-\u052f]")
_KAZAKH = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]")
_LATIN = re.compile("[A-Za-z]")


def _language(text: str) -> str | None:
    """:func:`refman.lang.detect_language`, counted with regular expressions (same thresholds)."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    if cyrillic >= latin:
        kazakh = len(_KAZAKH.findall(text))
        return "kk" if kazakh and (cyrillic < 60 or kazakh * 100 >= cyrillic) else "ru"
    return "en"


def _identifiers(st: _State, by: dict[str, list[Segment]], text: str) -> None:
    """DOI, URLs, ISBN and ISSN from their segments (the labeller marks URL and DOI tokens by rule)."""
    ref = st.ref
    urls: list[str] = []
    for seg in by.get("url", []) + by.get("doi", []):
        urls += find_urls(seg.text)
    for url in urls:
        if is_doi_url(url):
            doi = find_doi(url)
            if doi and not ref.DOI:
                ref.DOI = doi
                st.conf["DOI"] = 0.99
            elif doi is None:
                st.extra.setdefault("other_urls", []).append(url)
        elif not ref.URL:
            ref.URL = url
            st.conf["URL"] = 0.99
            doi = find_doi(url)
            if doi and not ref.DOI and "doi" in url.lower():
                ref.DOI = doi
                st.conf["DOI"] = 0.99
        else:
            st.extra.setdefault("other_urls", []).append(url)
    if not ref.DOI:
        for seg in by.get("doi", []):
            doi = find_doi(seg.text)
            if doi:
                ref.DOI = doi
                st.conf["DOI"] = 0.99
                break
    if not ref.DOI and "10." in text:
        doi = find_doi(text)
        if doi:
            ref.DOI = doi
            st.conf["DOI"] = 0.9
    isbn, issn = labelled_isbn(text), labelled_issn(text)
    st.put("ISBN", isbn.value if isbn else None, 0.95)
    st.put("ISSN", issn.value if issn else None, 0.95)


def _year_in_title(segments: list[Segment]) -> list[Segment]:
    """A year that runs on from the title with no punctuation between belongs to the title when a
    date was given before it or a web marker follows: "(2023). Annual report on urban travel 2022
    (Report No. 4)", "Ежегодник 2023 [Электронный ресурс]"."""
    out: list[Segment] = []
    seen_date = False
    for k, seg in enumerate(segments):
        after = segments[k + 1] if k + 1 < len(segments) else None
        web_next = after is not None and (after.label in ("medium", "url", "note") or after.text[:1] == "[")
        if (
            seg.label == "date"
            and (seen_date or web_next)
            and out
            and out[-1].label == "title"
            and out[-1].text[-1:].isalnum()
            and _YEAR_ONLY.fullmatch(seg.text.strip())
        ):
            prev = out.pop()
            seg = Segment("title", prev.text + " " + seg.text, prev.confidence)
        elif seg.label == "date":
            seen_date = True
        out.append(seg)
    return out


def build_reference(ref: Reference, segments: list[Segment], text: str) -> Reference:
    """Fill ``ref`` from the labelled segments of ``text`` (the cleaned string); return it."""
    st = _State(ref)
    by: dict[str, list[Segment]] = {}
    segments = _reroute(segments)
    if not any(s.label == "title" for s in segments):
        # no title labelled: the first container no "In"/"//" introduces ("Книга. – М.: Наука,
        # 2003." read as a book title), or the first free text right after the authors and date
        # ("Title [Translation]. Available at: ..." read as a note), is the work's own title
        for k, seg in enumerate(segments):
            if seg.label in ("container-title", "journal", "note", "publisher") and not _IN_LEAD.match(
                seg.text
            ):
                before = segments[k - 1].text.rstrip() if k else ""
                words = len(_clean(seg.text).split())
                free = seg.label in ("note", "publisher") and words >= 2 and not _WEB_NOTE.match(seg.text)
                if (seg.label in ("container-title", "journal") or free) and not before.endswith(
                    ("//", "In", "In:", "В:")
                ):
                    segments[k] = Segment("title", seg.text, seg.confidence * 0.8)
                break
            if seg.label not in ("author", "date", "citation-number", "editor"):
                break
    segments = _year_in_title(segments)
    for seg in segments:
        by.setdefault(seg.label, []).append(seg)
        st.labels.add(seg.label)
    _identifiers(st, by, text)
    for seg in by.get("medium", []):
        if re.search(r"электрон|electronic|online|онлайн", seg.text, re.I):
            st.extra["electronic"] = True
        elif not re.search(r"текст|мәтін|text", seg.text, re.I):
            ref.extra.setdefault("medium", _clean(seg.text))

    _set_names(st, "author", by.get("author", []))
    _set_names(st, "editor", by.get("editor", []))
    _set_names(st, "translator", by.get("translator", []))
    _title(st, by.get("title", []), "title", "title")
    _title(st, by.get("journal", []) + by.get("container-title", []), "container_title", "container-title")
    if by.get("collection-title"):
        st.put(
            "collection_title",
            _title_text(_clean(by["collection-title"][0].text)),
            by["collection-title"][0].confidence,
        )
    _date(st, by.get("date", []))
    _volume(st, by.get("volume", []))
    _page_area(st, by.get("pages", []))
    _edition(st, by.get("edition", []))
    _genre(st, by.get("genre", []))
    _publisher(st, by.get("publisher", []))
    _place(st, by.get("location", []))
    _notes(st, by.get("note", []) + by.get("accessed", []))
    for seg in by.get("citation-number", []):
        m = re.search(r"\d+", seg.text)
        if m and ref.refman.number is None:
            st.extra.setdefault("citation_number", int(m.group(0)))

    _title_tail(st)
    _site_from_title(st)
    if (
        ref.container_title
        and st.labels & {"journal", "container-title"}
        and not (ref.volume or ref.issue or ref.page or ref.issued or ref.URL or ref.publisher or ref.editor)
        and not st.labels & {"location", "pages", "volume"}
        and len(ref.container_title.split()) <= 6
    ):
        # "Title. United Nations." : a bare name after the title, with no numbers, is the publisher
        ref.publisher, ref.container_title = ref.container_title, None
        st.conf["publisher"] = st.conf.pop("container-title", 0.5)
    ref.type, tconf = _infer_type(st)
    st.conf["type"] = tconf
    if ref.type == "webpage" and not ref.container_title and ref.publisher and not ref.publisher_place:
        # a site named where a publisher would be: "Title. United Nations Peacekeeping. URL: ..."
        ref.container_title, ref.publisher = ref.publisher, None
        st.conf["container-title"] = st.conf.pop("publisher", 0.6)
    lang_note = st.extra.pop("language_note", None)
    if lang_note:
        ref.language = lang_note
        st.conf["language"] = 0.9
    else:
        ref.language = _language(ref.title or "") or _language(text)
        if ref.language:
            st.conf["language"] = 0.7
    if st.notes:
        ref.note = "; ".join(st.notes)
        st.conf["note"] = 0.3
    problems = ref.refman.problems
    if not ref.title:
        problems.append("no title found")
    if ref.issued is None and not st.extra.get("no_date") and ref.type not in ("webpage", "legislation"):
        problems.append("no year found")
    if (
        not ref.author
        and not ref.editor
        and not st.extra.get("same_authors_as_previous")
        and ref.type in ("article-journal", "book", "chapter", "thesis", "paper-conference")
    ):
        problems.append("no authors found")
    if ref.type == "document" and ref.title:
        problems.append("no container or publisher found; type unknown")
    if st.notes:
        problems.append("text not assigned to a field kept in note")
    st.extra.pop("newspaper_date", None)
    ref.refman.confidence = {k: round(v, 2) for k, v in st.conf.items()}
    ref.refman.extra.update(st.extra)
    return ref
