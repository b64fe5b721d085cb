"""The rule-based reference parser: one reference string -> :class:`~refman.model.Reference`.

It reads GOST 7.1-2003 / R 7.0.5-2008 (Russian and Kazakh, with ``//`` and ``. –`` areas), the
romanised "References" lists of Russian and Kazakh journals, APA/Harvard author-year styles,
Vancouver and web-page entries. The steps, each a small pure function:

1. clean leftover Markdown, cut out identifiers (DOI, URL, access date, ISBN/ISSN, GOST markers);
2. read the author list at the start, and an author-year date right after it;
3. split the rest into areas (``//``, ``. –``, sentences) and take the title;
4. recognise elements in the other areas (place: publisher, year, volume, issue, pages, number of
   pages, edition, "In ... (Eds.)", "под ред.", thesis and report markers);
5. give the free areas left over their role (container, publisher, site), infer the CSL type.

Every field gets a confidence in ``custom.refman.confidence``; what could not be read goes to
``custom.refman.problems``. The function never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from refman.lang import detect_language
from refman.model import Date, Name, Reference
from refman.parse.areas import ABBREVIATIONS, Area, split_areas
from refman.parse.names import NameList, degenitive, parse_name_segment, scan_names
from refman.parse.patterns import LOWER, MONTH_RE, UPPER, clean_text, extract_identifiers, parse_date

__all__ = ["parse_reference"]

_U, _L = UPPER, LOWER
_DASH_CLASS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
_NUM = r"[A-Za-z]{0,2}\d+[A-Za-z]?"
_RANGE = rf"{_NUM}(?:\s*[?{_DASH_CLASS}]+\s*{_NUM})?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"

# --- author-year date right after the authors ------------------------------------------------
_YEAR_PAREN = re.compile(
    rf"\(\s*(?:(?P<y>{_YEAR})(?P<suf>[a-zа-я])?(?:\s*[,/]\s*(?P<rest>[^()]{{1,30}}?))?"
    r"|(?P<nd>n\.\s?d\.?|б\.\s?ж\.?|б\.\s?г\.?|s\.\s?d\.?|in press|forthcoming|в печати))\s*\)"
)
_YEAR_AFTER = re.compile(
    rf"\s*[,.:]?\s*(?P<y>{_YEAR})(?P<suf>[a-zа-я])?\s*[.,:](?:\s+|(?=[{_U}]))"
    rf"|\s*[,.]?\s*\(\s*(?P<y2>{_YEAR})(?P<suf2>[a-zа-я])?\s*\)\s*[.,:]?\s*"
)

# --- whole-area elements --------------------------------------------------------------------
_PLACE = (
    rf"[{_U}][{_L}]*(?:[{_U}][{_L}]*)?\.?"
    rf"(?:(?:\s|\s?[-/;]\s?)(?:[{_U}][{_L}]*\.?|н/Д|upon|am|on|an|de|del|im)){{0,3}}"
)
_F_PLACE_PUB = re.compile(rf"^(?P<place>{_PLACE})\s*:\s*(?P<pub>[^,:;]+?)(?P<tail>[,;]\s*.*)?$")
_F_PLACE_YEAR = re.compile(rf"^(?P<place>{_PLACE}),?\s*(?P<year>{_YEAR})(?:\s*г\.?)?$")
_F_YEAR = re.compile(rf"^(?P<year>{_YEAR})(?P<suf>[a-zа-я])?(?:\s*(?:г|ж)\.?)?$")
_F_NPAGES = re.compile(
    r"^(?:[A-Za-zА-Яа-я]+\s*,?\s*)?(?P<n>\d+)\s*(?:с|c|p|pp|б|S|стр|pages|bet|бет|л|pp)\.?(?:\s*[,;].*)?$"
)
_F_EDITION = re.compile(
    r"^(?:(?P<n>\d+)(?:\s*-?\s*(?:е|ое|ье|й|st|nd|rd|th|ші|шы|шы|ed))?\s*"
    r"(?:изд|ed|edn|edition|бас|басылым|Aufl|éd|rev\. ed)\.?"
    r"|(?:Изд|Ed|Edition)\.?\s*(?P<n2>\d+)\s*-?[а-яa-z]*\.?)(?P<tail>[,;:]?\s*.*)$",
    re.IGNORECASE,
)
_IN = re.compile(r"^(?:In|in|IN|Im|Dans|En)\s*:?\s+(?=\S)|^(?:В|в|Ж)\s*(?:кн\.|сб\.|сборнике)?\s*:\s*")
_EDS_MARK = re.compile(
    r"\(\s*(?:[Ee]ds?|[Ee]dd|[Ee]ditors?|Hrsg|hrsg|ред|Ред|сост|құраст|comp|Comp)\.?\s*\)\s*[,.:]?\s*"
    r"|,\s*(?:[Ee]ds?|ред|Hrsg)\.\s*,?\s*"
)
_ED_BY = re.compile(r"[,.]?\s*(?:[Ee]d(?:ited)?\.?\s+by|[Hh]rsg\.\s+v\.|под ред\.)\s+(?P<names>.+)$")

# --- inline elements ---------------------------------------------------------------------------
_I_VANC = re.compile(
    rf"(?:(?P<y>{_YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2}}(?:\s\d{{1,2}})?)?\s*;\s*)?"
    rf"(?P<v>\d+[A-Za-z]?)?\s*(?:\((?P<i>[^()]{{1,20}})\))?\s*:\s*(?P<p>{_RANGE})\s*$"
)
_I_VIP = re.compile(
    rf",\s*(?P<v>\d+[A-Za-z]?)\s*(?:\(\s*(?P<i>[^()]{{1,20}}?)\s*\))?\s*(?:,\s*(?P<p>{_RANGE}))?\s*$"
)
_I_VP_SPACE = re.compile(
    rf"(?<=[{_L}{_U}.])\s(?P<v>\d{{1,4}})(?:\s?\((?P<i>[^()]{{1,20}})\))?\s*,\s*"
    rf"(?P<p>\d+\s*[{_DASH_CLASS}]+\s*\d+)\s*$"
)
_I_VOL = re.compile(
    rf"(?<![{_U}{_L}])(?:Т\.|Т(?=\s?\d)|Том|т\.|[Vv]ols?\.|Volume|V\.|Bd\.|Tom)\s*"
    r"(?P<v>\d+[A-Za-zА-Яа-я]?(?:\s*[-–]\s*\d+)?|[IVXLCХ]+\b)"
)
_I_ISS = re.compile(
    rf"(?<![{_U}{_L}])(?:№|No\.|no\.|Nos?\.|Nr\.|N(?=\s?\d)|Iss\.|Issue|issue|Вып\.|вып\.|Шығ\.|Heft|H\.)\s*"
    r"(?P<i>\d+[A-Za-zА-Яа-я]?(?:\s*[-–/]\s*\d+)?)(?:\s*\((?P<tot>\d+)\))?"
)
_I_PAGES = re.compile(
    rf"(?<![{_U}{_L}])(?:С\.|с\.|C\.|P\.|p\.|pp\.|Pp\.|PP\.|S\.|Б\.|б\.|стр\.|Стр\.|pages|Pages|бб\.|сс\.)"
    rf"\s*(?P<p>{_RANGE})"
)
_I_VOL_ISSUE = re.compile(
    r"(?:(?<=\s)|(?<=,)|^)(?P<v>\d{1,4})\s?\((?P<i>\d{1,4}(?:[-/–]\d{1,4})?)\)(?=\s*(?:[,.:;]|$))"
)
_F_PAGES = re.compile(rf"^(?P<p>\d+\s*[{_DASH_CLASS}]+\s*\d+)$")
_I_YEAR = re.compile(
    rf"(?:(?<=,)|(?<=, )|(?<=\()|^)\s*(?P<y>{_YEAR})(?P<suf>[a-zа-я])?(?:\s*г\.)?\)?(?=\s*$|\s*[,;:)]|\.\s)"
)
_P_EDITION = re.compile(
    r"\s*\((?P<n>\d+)(?:st|nd|rd|th|-?е|-?ое|-?ші)?\s*(?:rev\.\s*|revised\s*)?(?:ed|edn|изд|бас)\.?\)"
)
_P_REPORT = re.compile(
    r"\s*\((?P<kind>Report|Tech(?:nical)?\.?\s*[Rr]ep(?:ort)?\.?|Working [Pp]aper|Research [Rr]eport"
    r"|Policy [Bb]rief|Discussion [Pp]aper|Occasional [Pp]aper|Доклад|Отчет|Отчёт)\s*(?:No\.|Nr\.|№|#)?\s*"
    r"(?P<num>[^()]{1,40})\)"
)
_P_PAGES = re.compile(
    rf"\s*\((?:(?:[Vv]ol\.|Т\.)\s*(?P<v>\d+)\s*,\s*)?(?:pp?\.|С\.|Б\.|S\.)\s*(?P<p>{_RANGE})\)"
)
_P_VOL = re.compile(r"\s*\((?:[Vv]ol\.|Т\.|Том)\s*(?P<v>\d+)\)")
_P_FACTS = re.compile(rf"\s*\((?P<place>{_PLACE})\s*(?::\s*(?P<pub>[^():,]{{2,80}}?))?,\s*(?P<y>{_YEAR})\)")
_END_YEAR = re.compile(rf"[\s,]\(\s*(?P<y>{_YEAR})(?P<suf>[a-z])?\s*\)\.?\s*$")
_TAIL_BOUNDARY = re.compile(rf"[.?!]\s*(?=[{_U}])")

# --- markers ---------------------------------------------------------------------------------
_THESIS = re.compile(
    r"(?:\bдис(?:с)?\.|диссертац|автореф|диссертациясы|\bdissertation|\bthesis|\bdiss\.|Ph\.?\s?D\b"
    r"|\bcand\.\s*[a-z]+\.?\s*sci|\bdoct\.\s*[a-z]+\.?\s*sci|магистерская|\bmaster'?s\b)",
    re.IGNORECASE,
)
_CONFERENCE = re.compile(
    r"(?:конф|conference|proceedings|\bproc\.|symposium|симпозиум|workshop|congress|конгресс|съезд"
    r"|семинар|форум|\bforum\b|\bmeeting\b|\bkonf|chteni|чтени|тезис|конференциясы|жиналыс|\bколлоквиум)",
    re.IGNORECASE,
)
_REPORT = re.compile(
    r"(?:\breport\b|\bдоклад|\bотч[её]т|working paper|\bпрепринт|\bpreprint|technical note|white paper"
    r"|policy brief|discussion paper)",
    re.IGNORECASE,
)
_PUBLISHER_WORDS = re.compile(
    r"(?:press|publish|\bpubl\b|verlag|\bbooks?\b|universit|\buniv\b|издательств|изд-во|\bизд\b|баспа"
    r"|\binc\b|\bltd\b|\bllc\b|gmbh|academic|routledge|springer|wiley|elsevier|\bsage\b|nauka|наука|питер"
    r"|юрайт|инфра|mcgraw|pearson|oxford|cambridge|taylor|palgrave|macmillan|penguin|harper|bloomsbury"
    r"|\bbrill\b|gruyter|\bieee\b|\bacm\b|éditions|ғылым|мектеп|фолиант|жазушы|университет|academy"
    r"|akademi|академи|\bнаук\b|\bsociety\b)",
    re.IGNORECASE,
)
_RESP_EDITOR = re.compile(
    r"^(?P<mark>(?:под\s+(?:общ(?:ей)?\.?\s+|науч(?:ной)?\.?\s+)?ред(?:акцией|\.)?(?:\s+на)?"
    r"|(?:науч\.|отв\.|гл\.|общ\.)\s*ред\.|ред\.(?:\s*кол\.)?|ed(?:ited)?\.?\s+by|eds?\."
    r"|жалпы\s+ред(?:\.|акциясымен)(?:\s*басқарған)?|ред\.\s*басқарған|құраст\.|сост\.|составител[ьи])"
    r"\s*:?\s*)",
    re.IGNORECASE,
)
_RESP_TRANSLATOR = re.compile(
    r"^(?:пер\.(?:\s+с\s+[а-я]+\.?)?|translated by|transl\.\s+by|ауд\.)\s*:?\s*", re.I
)
_SERIES = re.compile(r"^(?:Сер\.|Ser\.|Sect\.)|\b(?:сериясы|серия|series|section|секция)\b", re.IGNORECASE)
_F_DAY_MONTH = re.compile(rf"^(?P<d>\d{{1,2}})\s+(?P<m>{MONTH_RE})$", re.IGNORECASE)
_OTHER_INFO = re.compile(
    r"\s?:\s(?=(?:дис\.|дисс\.|автореф|учеб(?:ник|\.|ное|но-метод)|монография|материалы\s|матер\.|сб\.\s"
    r"|сборник\s|тезисы|справочник|словарь|хрестоматия|практикум|пособие|оқу құралы|оқулық|монография"
    r"|диссертация|автореферат|препринт|отчет|отчёт|доклад)|[а-яё. ]{0,30}\bконф\.)",
    re.IGNORECASE,
)
_TRANSLATION = re.compile(r"^(?P<main>.*?\S)\s*\[(?P<tr>[^\[\]]{3,})\]$")


@dataclass
class _Work:
    """The reference being built, with confidences and problems."""

    ref: Reference
    conf: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    chapter: bool = False
    gost: bool = False
    title_closed: bool = False
    after_title: str = ""
    journal_elems: bool = False

    def set(self, attr: str, value: Any, conf: float, key: str | None = None) -> None:
        """Set a field once (the first finding wins) with its confidence."""
        if value is None or value == "" or getattr(self.ref, attr) not in (None, "", []):
            return
        setattr(self.ref, attr, value)
        self.conf[key or attr.replace("_", "-")] = conf


@dataclass
class _AreaInfo:
    fields: dict[str, str] = field(default_factory=dict)
    prefix: str = ""


def _pages(p: str) -> str:
    p = re.sub(rf"\s*[{_DASH_CLASS}]+\s*", "-", p.strip())
    return p.strip("-")


def _strip_end(text: str) -> str:
    text = text.strip(" ,;:/")
    if text.endswith(".") and not text.endswith(".."):
        word = re.search(rf"([{_U}{_L}]+)\.$", text)
        if not word or (len(word.group(1)) > 1 and word.group(1).lower() not in ABBREVIATIONS):
            text = text[:-1]
    return text.strip(" ,;:/")


def _split_top(text: str, sep: str) -> tuple[str, str | None]:
    """Split at the first ``sep`` outside brackets and quotes."""
    if sep not in text:
        return text, None
    depth = 0
    n = len(sep)
    for i, ch in enumerate(text):
        if ch in "([«“„{":
            depth += 1
        elif ch in ")]»”}":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(sep, i):
            return text[:i], text[i + n :]
    return text, None


# ------------------------------------------------------------------------------------------------


def _classify(text: str, allow_place: bool = True) -> _AreaInfo:
    """The elements an area holds and the free text in front of them."""
    info = _AreaInfo()
    t = text.strip()
    f = info.fields
    m = _F_YEAR.match(t)
    if m:
        f["year"] = m.group("year")
        if m.group("suf"):
            f["year_suffix"] = m.group("suf")
        return info
    m = _F_DAY_MONTH.match(t)
    if m:
        f["day_month"] = t
        return info
    m = _F_PAGES.match(t)
    if m:
        f["page"] = m.group("p")
        return info
    m = _F_NPAGES.match(t)
    if m and not _I_PAGES.match(t):
        f["npages"] = m.group("n")
        return info
    m = _F_EDITION.match(t)
    if m:
        f["edition"] = m.group("n") or m.group("n2") or ""
        tail = (m.group("tail") or "").strip(" ,;:")
        if tail and not re.match(r"^(?:перераб|испр|доп|стереотип|rev|enl|expanded|и\s)", tail, re.I):
            sub = _classify(tail, allow_place)
            f.update({k: v for k, v in sub.fields.items() if k not in f})
        return info
    if allow_place:
        m = _F_PLACE_YEAR.match(t)
        if m and len(m.group("place")) <= 30:
            f["place"], f["year"] = m.group("place"), m.group("year")
            return info
        m = _F_PLACE_PUB.match(t)
        if m and len(m.group("place")) <= 30 and len(m.group("pub").split()) <= 10:
            f["place"], f["publisher"] = m.group("place").strip(), _strip_end(m.group("pub"))
            tail = (m.group("tail") or "").strip(" ,;")
            if tail:
                sub = _classify_inline(tail)
                f.update({k: v for k, v in sub.fields.items() if k not in f})
            return info
    return _classify_inline(t)


def _classify_inline(t: str) -> _AreaInfo:
    info = _AreaInfo()
    f = info.fields
    first = len(t)
    m = _I_VANC.search(t)
    if m and (m.group("y") or m.group("v")):
        for key, grp in (("year", "y"), ("volume", "v"), ("issue", "i"), ("page", "p")):
            if m.group(grp):
                f[key] = m.group(grp)
        f["journal"] = "1"
        first = min(first, m.start())
        t = t[: m.start()]
    else:
        m = _I_VIP.search(t)
        if m is None:
            m = _I_VP_SPACE.search(t)
        if (
            m
            and (m.group("i") or m.group("p"))
            and not re.fullmatch(_YEAR, m.group("v"))
            and not re.fullmatch(_YEAR, m.group("i") or "")
        ):
            f["volume"] = m.group("v")
            if m.group("i"):
                f["issue"] = m.group("i")
            if m.group("p"):
                f["page"] = m.group("p")
            f["journal"] = "1"
            first = min(first, m.start())
            t = t[: m.start()]
    m = _I_VOL_ISSUE.search(t)
    if m and "volume" not in f and not re.search(r"(?:№|[Nn]o\.?|N|Вып\.|[Ii]ss\.)\s?$", t[: m.start()]):
        f["volume"], f["issue"], f["journal"] = m.group("v"), m.group("i"), "1"
        first = min(first, m.start())
    for key, pat, grp in (("volume", _I_VOL, "v"), ("issue", _I_ISS, "i"), ("page", _I_PAGES, "p")):
        m = pat.search(t)
        if m and key not in f:
            f[key] = m.group(grp)
            if key == "issue" and m.group("tot"):
                f["issue_total"] = m.group("tot")
            if key in ("volume", "issue"):
                f["journal"] = "1"
            first = min(first, m.start())
    m = _I_YEAR.search(t)
    if m and "year" not in f:
        f["year"] = m.group("y")
        if m.group("suf"):
            f["year_suffix"] = m.group("suf")
        first = min(first, m.start())
    if f:
        info.prefix = _strip_end(t[:first])
    return info


def _apply(w: _Work, f: dict[str, str], conf: float = 0.85) -> None:
    ref = w.ref
    if "year" in f and ref.issued is None:
        ref.issued = Date.ymd(int(f["year"]))
        w.conf["issued"] = conf
        if f.get("year_suffix"):
            w.extra["year_suffix"] = f["year_suffix"]
    w.set("volume", f.get("volume"), 0.9)
    w.set("issue", f.get("issue"), 0.9)
    if f.get("issue_total"):
        w.extra.setdefault("issue_total", f["issue_total"])
    if f.get("page"):
        w.set("page", _pages(f["page"]), 0.9)
    w.set("publisher_place", f.get("place"), 0.85)
    w.set("publisher", f.get("publisher"), 0.8)
    w.set("edition", f.get("edition"), 0.85)
    if f.get("npages") and "number-of-pages" not in ref.extra:
        ref.extra["number-of-pages"] = f["npages"]
        w.conf["number-of-pages"] = 0.85
    if f.get("journal"):
        w.journal_elems = True
    if f.get("day_month"):
        w.extra["day_month"] = f["day_month"]


def _responsibility(w: _Work, text: str, for_container: bool) -> None:
    """A GOST statement of responsibility ("под ред. В.В. Кузнецова", "И.И. Иванов [и др.]")."""
    for piece in re.split(r"\s*;\s*", text):
        piece = piece.strip(" ,.")
        if not piece:
            continue
        m = _RESP_EDITOR.match(piece)
        if m:
            nl = parse_name_segment(piece[m.end() :])
            genitive = m.group("mark").lower().startswith("под")
            names = []
            for n in nl.names:
                if genitive and n.family and re.search("[а-яё]", n.family):
                    fam = degenitive(n.family)
                    if fam != n.family:
                        w.extra.setdefault("editor_as_written", []).append(n.display())
                        n = Name(family=fam, given=n.given)
                names.append(n)
            if names and not w.ref.editor:
                w.ref.editor = names
                w.conf["editor"] = 0.6 if "editor_as_written" in w.extra else 0.8
            continue
        m = _RESP_TRANSLATOR.match(piece)
        if m:
            nl = parse_name_segment(piece[m.end() :])
            translators = []
            for n in nl.names:
                if n.family and re.search("[а-яё]", n.family) and degenitive(n.family) != n.family:
                    w.extra.setdefault("translator_as_written", []).append(n.display())
                    n = Name(family=degenitive(n.family), given=n.given)
                translators.append(n)
            if translators and not w.ref.translator:
                w.ref.translator = translators
                w.conf["translator"] = 0.6
            continue
        if not for_container:
            nl = parse_name_segment(piece)
            if nl.shape != "literal" and _extends(w.ref.author, nl.names):
                # GOST 2018 heads the entry with the first author and lists all of them here.
                w.ref.author = nl.names if len(nl.names) >= len(w.ref.author) else w.ref.author
                w.conf["author"] = 0.85
                if nl.et_al:
                    w.extra["et_al"] = True
                continue
        w.notes.append(piece)


def _extends(heading: list[Name], listed: list[Name]) -> bool:
    """Whether a statement of responsibility repeats (or extends) the heading's authors."""
    if not heading:
        return True
    first = listed[0] if listed else None
    return first is not None and (first.family or "").lower() == (heading[0].family or "").lower()


def _title_parts(w: _Work, text: str, for_container: bool) -> str:
    """Cut the responsibility (`` / ``), other title information (`` : ``) and translations."""
    main, resp = _split_top(text, " / ")
    if resp is None:
        main, resp = _split_top(text, "/ ")
        if resp is not None and not _RESP_EDITOR.match(resp.strip()):
            main, resp = text, None
    if resp:
        _responsibility(w, resp, for_container)
    main = main.strip()
    main, info = _split_top(main, " : ")
    if info is None:
        # "Title: дис. ... канд." when the spaces GOST puts around ":" were lost on the way.
        m = _OTHER_INFO.search(main)
        if m:
            main, info = main[: m.start()], main[m.end() :]
    if info:
        key = "container_info" if for_container else "title_info"
        w.extra[key] = info.strip(" .")
        if _THESIS.search(info) and not for_container:
            w.ref.genre = w.ref.genre or _strip_end(re.split(r"\s?:\s", info, maxsplit=1)[0])
    main = _strip_end(main)
    m = _TRANSLATION.match(main)
    if m and len(m.group("main")) > 2:
        main = _strip_end(m.group("main"))
        w.extra["container_title_translated" if for_container else "title_translated"] = m.group("tr")
        if not for_container:
            w.title_closed = True
    if for_container:
        left, right = _split_top(main, " = ")
        if right:
            main = left.strip()
            w.extra.setdefault("container_title_translated", right.strip())
    return main.strip()


def _strip_parentheticals(w: _Work, text: str) -> str:
    """APA parentheticals in a title: "(2nd ed.)", "(Report No. 4)", "(pp. 45–68)", "(Vol. 3)"."""
    m = _P_EDITION.search(text)
    if m:
        w.set("edition", m.group("n"), 0.85)
        text = text[: m.start()] + text[m.end() :]
    m = _P_REPORT.search(text)
    if m:
        w.set("number", m.group("num").strip(), 0.85)
        w.extra["report"] = True
        text = text[: m.start()] + text[m.end() :]
    m = _P_PAGES.search(text)
    if m:
        w.set("page", _pages(m.group("p")), 0.9)
        if m.group("v"):
            w.set("volume", m.group("v"), 0.85)
        text = text[: m.start()] + text[m.end() :]
    m = _P_VOL.search(text)
    if m:
        w.set("volume", m.group("v"), 0.85)
        text = text[: m.start()] + text[m.end() :]
    m = _P_FACTS.search(text)
    if m and len(m.group("place")) <= 30:
        w.set("publisher_place", m.group("place"), 0.7)
        w.set("publisher", m.group("pub") and m.group("pub").strip(), 0.7)
        if w.ref.issued is None:
            w.ref.issued = Date.ymd(int(m.group("y")))
            w.conf["issued"] = 0.8
        text = text[: m.start()] + text[m.end() :]
    return text.strip()


def _chapter_area(w: _Work, text: str) -> bool:
    """An "In A. Editor (Ed.), Book (pp. 1–20)" / "In: Editor (ed.) Book" area."""
    m = _IN.match(text)
    if not m:
        return False
    rest = text[m.end() :]
    em = _EDS_MARK.search(rest)
    if em and em.start() > 0:
        nl = parse_name_segment(rest[: em.start()])
        if nl.shape != "literal" or len(rest[: em.start()].split()) <= 6:
            w.ref.editor = w.ref.editor or nl.names
            w.conf["editor"] = 0.8
            rest = rest[em.end() :]
    else:
        by = _ED_BY.search(rest)
        if by:
            nl = parse_name_segment(by.group("names"))
            w.ref.editor = w.ref.editor or nl.names
            w.conf["editor"] = 0.7
            rest = rest[: by.start()]
    rest = _strip_parentheticals(w, rest)
    info = _classify_inline(rest) if re.search(r"\d", rest) else _AreaInfo()
    if info.fields and info.prefix:
        _apply(w, info.fields)
        rest = info.prefix
    container = _title_parts(w, rest, for_container=True)
    w.set("container_title", container, 0.8)
    w.chapter = True
    return True


# ------------------------------------------------------------------------------------------------


_IDEM = re.compile(
    r"^(?:[-–—_]{2,}\s*\.?|(?:Его же|Её же|Ее же|Их же|Он же|Она же|Idem|Eadem|Iidem)\s*\.)\s*"
)


def _authors(w: _Work, body: str) -> str:
    """Read the authors (and an author-year date) at the start; return the text after them."""
    idem = _IDEM.match(body)
    if idem:
        # "———." / "Его же." : the authors of the previous entry (the caller may copy them).
        w.extra["same_authors_as_previous"] = True
        body = body[idem.end() :]
    ym = _YEAR_PAREN.search(body, 0, 300)
    if ym and ym.start() > 1:
        segment = body[: ym.start()]
        nl = parse_name_segment(segment)
        ok = nl.shape != "literal" or (
            segment.rstrip().endswith(".")
            and len(segment.split()) <= 10
            and not re.search(r"[\d:/]", segment)
            and nl.names[0].literal is not None
        )
        if nl.names and ok:
            _set_authors(w, nl, 0.9 if nl.shape != "literal" else 0.6)
            _author_date(w, ym)
            return body[ym.end() :].lstrip(" .,:;")
    nl = scan_names(body, 0)
    if not nl.names:
        return body
    _set_authors(w, nl, 0.85)
    rest = body[nl.end :]
    ya = _YEAR_AFTER.match(rest)
    if ya:
        year = ya.group("y") or ya.group("y2")
        w.ref.issued = Date.ymd(int(year))
        w.conf["issued"] = 0.9
        suf = ya.group("suf") or ya.group("suf2")
        if suf:
            w.extra["year_suffix"] = suf
        rest = rest[ya.end() :]
    return rest.lstrip(" .,:;")


def _set_authors(w: _Work, nl: NameList, conf: float) -> None:
    w.ref.author = nl.names
    w.conf["author"] = conf
    if nl.et_al:
        w.extra["et_al"] = True
    if nl.notes:
        w.extra["name_notes"] = nl.notes


def _author_date(w: _Work, ym: re.Match[str]) -> None:
    if ym.group("nd"):
        w.extra["no_date"] = ym.group("nd")
        return
    year = int(ym.group("y"))
    date = Date.ymd(year)
    rest = ym.group("rest")
    if rest:
        full = parse_date(f"{rest} {year}")
        if full is not None and full.year == year:
            date = full
    w.ref.issued = date
    w.conf["issued"] = 0.95
    if ym.group("suf"):
        w.extra["year_suffix"] = ym.group("suf")


def _quoted_title(body: str) -> tuple[str, str] | None:
    """A title in quotes at the start: ("Title", rest) when the quote closes the title."""
    closers = {"“": "”", "«": "»", '"': '"', "‘": "’", "„": "“"}
    if not body or body[0] not in closers:
        return None
    close = body.find(closers[body[0]], 1)
    if close < 0 and body[0] == "„":
        close = body.find("”", 1)
    if close < 2:
        return None
    after = body[close + 1 :].lstrip()
    if after and after[0] not in ",.:;" and body[close - 1] not in ",.":
        return None
    return body[1:close].strip(" ,."), after.lstrip(" ,.:;")


def _parse(raw: str, ident: str) -> Reference:
    ref = Reference(id=ident)
    ref.refman.raw = raw
    w = _Work(ref=ref)
    text = clean_text(raw)
    if not re.search(r"\w", text):
        ref.refman.problems.append("empty reference")
        return ref

    ids = extract_identifiers(text)
    if ids.doi:
        ref.DOI = ids.doi
        w.conf["DOI"] = 0.99
    if ids.url:
        ref.URL = ids.url
        w.conf["URL"] = 0.99
    if ids.other_urls:
        w.extra["other_urls"] = ids.other_urls
    if ids.accessed:
        ref.accessed = ids.accessed
        w.conf["accessed"] = 0.95
    elif ids.accessed_raw:
        ref.refman.problems.append(f"access date not understood: {ids.accessed_raw}")
    w.set("ISBN", ids.isbn, 0.95)
    w.set("ISSN", ids.issn, 0.95)
    if ids.electronic:
        w.extra["electronic"] = True

    body = _authors(w, ids.text)
    _body_fields(w, body)
    _finish(w, text, ids.language_note)
    return ref


def _body_fields(w: _Work, body: str) -> None:
    ref = w.ref
    if ref.issued is None:
        ym = _END_YEAR.search(body)
        if ym:
            ref.issued = Date.ymd(int(ym.group("y")))
            w.conf["issued"] = 0.8
            body = body[: ym.start()]
    quoted = _quoted_title(body)
    if quoted:
        title, body = quoted
        ref.title = title
        w.conf["title"] = 0.9
        w.title_closed = True
    areas = split_areas(body)
    if not areas:
        return
    w.gost = any(a.sep in ("–", "//") for a in areas)
    k = next((i for i, a in enumerate(areas) if a.sep == "//"), None)
    head = areas if k is None else areas[:k]
    tail: list[Area] = [] if k is None else areas[k:]

    rest: list[Area]
    if ref.title is not None:
        rest = head
    elif k is not None:
        ref.title = _title_parts(w, body[head[0].start : head[-1].end] if head else "", False) or None
        rest = []
    else:
        n = 1
        if w.gost:
            while n < len(head) and head[n].sep == "." and not _classify(head[n].text).fields:
                n += 1
        ref.title = _title_parts(w, _strip_parentheticals(w, body[head[0].start : head[n - 1].end]), False)
        rest = head[n:]
    if ref.title and not rest and not tail and not w.title_closed:
        _title_journal_tail(w)
    if ref.title:
        w.conf.setdefault("title", 0.8)

    if tail:
        n = 1
        while n < len(tail) and tail[n].sep == "." and not _classify(tail[n].text).fields:
            n += 1
        first = _classify_inline(tail[n - 1].text) if n == 1 else _AreaInfo()
        span = body[tail[0].start : tail[n - 1].end]
        if first.fields and first.prefix and n == 1:
            _apply(w, first.fields)
            span = first.prefix
        if not _chapter_area(w, span):
            w.set("container_title", _title_parts(w, span, for_container=True), 0.85)
        rest = tail[n:]
    if tail:
        w.after_title = body[tail[0].start :]
    elif rest:
        w.after_title = body[rest[0].start :]
    _rest_areas(w, rest)


def _title_journal_tail(w: _Work) -> None:
    """A lone title area ending in "Journal 12(3):45-67" or ", Journal, 12, 45-67": split it."""
    ref = w.ref
    title = ref.title or ""
    info = _classify_inline(title)
    if not info.fields.get("journal") or not info.prefix:
        return
    cut = None
    for m in _TAIL_BOUNDARY.finditer(info.prefix):
        if not _is_initial_before(info.prefix, m.start()):
            cut = m
    if cut is not None:
        ref.title, container = info.prefix[: cut.start() + 1].strip(), info.prefix[cut.end() :]
    elif ", " in info.prefix:
        head, _, container = info.prefix.rpartition(", ")
        ref.title = head
    elif len(info.prefix.split()) <= 6:
        ref.title, container = None, info.prefix
    else:
        return
    _apply(w, info.fields)
    ref.container_title = _strip_end(container)
    w.conf["container-title"] = 0.6
    w.conf["title"] = 0.6


def _is_initial_before(text: str, dot: int) -> bool:
    m = re.search(rf"(?:^|\s)([{_U}{_L}]{{1,3}})$", text[max(0, dot - 5) : dot])
    return m is not None and (len(m.group(1)) == 1 or m.group(1).lower() in ABBREVIATIONS)


def _rest_areas(w: _Work, rest: list[Area]) -> None:
    ref = w.ref
    frees: list[tuple[int, str]] = []  # (position among areas, text)
    container_at: int | None = 0 if ref.container_title else None
    journal_at: int | None = None
    for i, area in enumerate(rest):
        if not ref.container_title and _chapter_area(w, area.text):
            container_at = i
            continue
        text = _strip_parentheticals(w, area.text)
        main, resp = _split_top(text, " / ")
        if resp and (_RESP_EDITOR.match(resp.strip()) or parse_name_segment(resp).shape != "literal"):
            _responsibility(w, resp, for_container=False)
            text = main.strip()
        if _THESIS.search(text) and not re.search(r"[:]", text):
            ref.genre = ref.genre or _strip_end(text)
            w.extra["thesis"] = True
            info = _classify_inline(text)
            _apply(w, info.fields)
            continue
        info = _classify(text)
        if not info.fields:
            frees.append((i, text))
            continue
        _apply(w, info.fields)
        if info.prefix:
            if not ref.container_title and (info.fields.get("journal") or "year" in info.fields):
                earlier = [t for j, t in frees if j < i]
                series = bool(_SERIES.search(info.prefix)) and bool(earlier)
                parallel = (w.title_closed or series or any(" = " in t for t in earlier)) and not w.gost
                if parallel and earlier:
                    if w.title_closed:
                        idx = 0
                    elif series:
                        idx = len(frees) - 1
                    else:
                        idx = next(j for j, (_, t) in enumerate(frees) if " = " in t)
                    joined = ". ".join([t for _, t in frees[idx:]] + [info.prefix])
                    frees = frees[:idx]
                    ref.container_title = _title_parts(w, joined, for_container=True)
                else:
                    ref.container_title = _title_parts(w, info.prefix, for_container=True)
                w.conf["container-title"] = 0.8
                container_at = i
            else:
                frees.append((i, info.prefix))
        elif info.fields.get("journal") and journal_at is None:
            journal_at = i
    _assign_frees(w, frees, container_at, journal_at)


def _assign_frees(
    w: _Work, frees: list[tuple[int, str]], container_at: int | None, journal_at: int | None
) -> None:
    """Give the free areas their role: title continuation, container, publisher, site, note."""
    ref = w.ref
    if not frees:
        return
    if container_at is None and journal_at is not None:
        before = [f for f in frees if f[0] < journal_at]
        if before:
            pos, text = before[-1]
            ref.container_title = _title_parts(w, text, for_container=True)
            w.conf["container-title"] = 0.7
            container_at = pos
            frees = [f for f in frees if f[0] != pos]
    if container_at is not None:
        for pos, text in frees:
            if pos < container_at and not w.gost and ref.title:
                ref.title = f"{ref.title}. {text}"
                w.conf["title"] = 0.6
            elif (w.chapter or _PUBLISHER_WORDS.search(text)) and not ref.publisher:
                _publisher(w, text)
            else:
                w.notes.append(text)
        return
    # No container: a book, a web page or an unknown document.
    has_pages = ref.page is not None
    if has_pages and (ref.publisher or ref.publisher_place):
        pos, text = frees[0]
        ref.container_title = _title_parts(w, text, for_container=True)
        w.conf["container-title"] = 0.6
        frees = frees[1:]
        for _, text in frees:
            w.notes.append(text)
        return
    if w.gost:
        for _, text in frees:
            if _PUBLISHER_WORDS.search(text) and not ref.publisher:
                _publisher(w, text)
            else:
                w.notes.append(text)
        return
    *middle, (_, last) = frees
    for _, text in middle:
        if ref.title:
            ref.title = f"{ref.title}. {text}"
            w.conf["title"] = 0.6
    if ref.URL and not ref.publisher and not _PUBLISHER_WORDS.search(last):
        ref.container_title = _title_parts(w, last, for_container=True)
        w.conf["container-title"] = 0.6
    elif not ref.publisher:
        _publisher(w, last)
    else:
        w.notes.append(last)


def _publisher(w: _Work, text: str) -> None:
    """A publisher area; "Publisher, Place" (Harvard) or "Place: Publisher" are both read."""
    m = _F_PLACE_PUB.match(text)
    if m and len(m.group("place")) <= 30:
        w.set("publisher_place", m.group("place"), 0.7)
        w.set("publisher", _strip_end(m.group("pub")), 0.7)
        return
    w.set("publisher", _strip_end(text), 0.6)


def _infer_type(w: _Work) -> tuple[str, float]:
    ref = w.ref
    raw = ref.refman.raw or ""
    container = ref.container_title or ""
    if (
        w.extra.get("thesis")
        or (ref.genre and _THESIS.search(ref.genre))
        or _THESIS.search(w.extra.get("title_info", ""))
    ):
        return "thesis", 0.9
    if w.extra.get("report"):
        return "report", 0.85
    if container:
        if _CONFERENCE.search(container) or _CONFERENCE.search(w.extra.get("container_info", "")):
            return "paper-conference", 0.8
        if w.extra.get("newspaper") and ref.volume is None:
            return "article-newspaper", 0.7
        if ref.issue is not None or (w.journal_elems and not (ref.publisher or ref.publisher_place)):
            return "article-journal", 0.85
        if w.chapter or ref.publisher or ref.publisher_place or ref.editor:
            return "chapter", 0.8
        if ref.volume or ref.page:
            return "article-journal", 0.8
        if ref.URL:
            return "webpage", 0.6
        return "article-journal", 0.6
    if ref.title and _REPORT.search(ref.title) and (ref.publisher or ref.number):
        return "report", 0.6
    if ref.publisher_place or "number-of-pages" in ref.extra or ref.edition or ref.ISBN:
        return "book", 0.8
    if ref.publisher and _PUBLISHER_WORDS.search(ref.publisher):
        return "book", 0.7
    if ref.URL:
        return "webpage", 0.7
    if _THESIS.search(raw):
        return "thesis", 0.6
    return "document", 0.3


def _finish(w: _Work, text: str, language_note: str | None) -> None:
    ref = w.ref
    if ref.title:
        ref.title = _strip_end(ref.title) or None
    if ref.issued is None and not w.extra.get("no_date"):
        after_title = re.sub(r"\[[^\[\]]*\]", " ", w.after_title)
        m = re.search(rf"(?<![\d./{_DASH_CLASS}])({_YEAR})(?![\d/{_DASH_CLASS}])", after_title)
        if m:
            ref.issued = Date.ymd(int(m.group(1)))
            w.conf["issued"] = 0.5
    if w.extra.get("day_month") and ref.issued is not None and ref.year is not None:
        full = parse_date(f"{w.extra.pop('day_month')} {ref.year}")
        if full is not None:
            ref.issued = full
            w.extra["newspaper"] = True
    ref.type, tconf = _infer_type(w)
    w.conf["type"] = tconf
    if ref.type == "thesis" and not ref.genre:
        m = _THESIS.search(text)
        ref.genre = m.group(0) if m else None
    if language_note:
        ref.language = language_note
    else:
        ref.language = detect_language(ref.title or "") or detect_language(text)
    if ref.language:
        w.conf["language"] = 0.9 if language_note else 0.7
    if w.notes:
        ref.note = "; ".join(w.notes)
        w.conf["note"] = 0.3
    problems = ref.refman.problems
    if not ref.title:
        problems.append("no title found")
    if ref.issued is None and not w.extra.get("no_date") and ref.type not in ("webpage",):
        problems.append("no year found")
    if (
        not ref.author
        and not ref.editor
        and not w.extra.get("same_authors_as_previous")
        and ref.type
        in (
            "article-journal",
            "book",
            "chapter",
            "thesis",
            "paper-conference",
        )
    ):
        problems.append("no authors found")
    if ref.type == "document" and ref.title:
        problems.append("no container or publisher found; type unknown")
    if w.notes:
        problems.append("text not assigned to a field kept in note")
    ref.refman.confidence = {k: round(v, 2) for k, v in w.conf.items()}
    for internal in ("thesis", "report", "newspaper", "day_month"):
        w.extra.pop(internal, None)
    ref.refman.extra.update(w.extra)


def parse_reference(raw: str, id: str = "") -> Reference:
    """Parse one reference string (no list number) into a Reference; never raises."""
    try:
        return _parse(raw, id)
    except Exception as exc:  # a parser must turn any failure into data
        ref = Reference(id=id, type="document")
        ref.refman.raw = raw
        ref.refman.problems.append(f"parser error: {type(exc).__name__}: {exc}")
        return ref
