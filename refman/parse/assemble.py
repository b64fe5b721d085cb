"""Labelled segments -> a CSL :class:`~refman.model.Reference` (pure post-processing).

The CRF labels runs of tokens (:mod:`refman.parse.labeller`); a few rules first repair the spans
it gets wrong in predictable ways (a plain "№2" or "С. 5–9" labelled as anything but volume or
pages, a title run that starts in the author run, "Title [Translation]. Journal" read as one
title, no title labelled at all, a year that belongs to the title), then
:func:`~refman.parse.fields.read_fields` reads each span into CSL values, and the item is
completed: a title that swallowed an area or a site name is cut, the CSL item type and the
language are inferred, and what could not be read goes to ``custom.refman.problems``.
"""

from __future__ import annotations

import itertools
import re

from refman.identifiers import arxiv_url, split_arxiv
from refman.lang import CAPITAL, reference_language
from refman.model import Date, Name, Reference
from refman.parse.fields import (
    EDITOR_MARK,
    IN_LEAD,
    THESIS,
    WEB_NOTE,
    Draft,
    Segment,
    field_text,
    read_fields,
    title_text,
)
from refman.parse.names import ETAL_RE, is_organisation, parse_name_segment, scan_names
from refman.parse.patterns import CITY, DASHES, YEAR

__all__ = ["assemble_reference"]

_ONLY_ISSUE = re.compile(
    r"(?:№|No\.?|no\.?|Nos?\.|Вып\.|вып\.|Т\.|Vol\.|vol\.|Iss\.)\s*\d+[\w/-]*(?:\s*\(\d+\))?"
    r"(?:[,.]?\s*(?:№|No\.?|no\.?|Вып\.|вып\.)\s*\d+[\w/-]*(?:\s*\(\d+\))?)?"
)
_ONLY_PAGES = re.compile(rf"(?:С\.|с\.|C\.|P\.|pp?\.|Б\.|S\.)\s*\d+(?:\s*[{DASHES}]\s*\d+)?")


_YEAR_ONLY = re.compile(rf"{YEAR}[.,]?")
#: A GOST area that holds only the page label, the numbers cut off into the next segment: "– B."
#: (the romanised Kazakh "Б." of a "References" copy), "– С.".
_PAGE_LABEL_AREA = re.compile(rf"[{DASHES}]\s*(?:С|с|C|P|pp?|Б|B|S)\.")
_DIGIT = re.compile(r"\d")
_AFTER_TRANSLATION = re.compile(r"\]\.\s+(?=\S)")
_WEB_LABEL_HINT = re.compile(r"(?:URL|доступа|at|from|режимі|Қолжетімді|на)\W*$")
_TRAILING_WEB_LABEL = re.compile(
    r"[.,/]?\s+(?:[\u2013\u2014-]\s*)?(?:URL|[Рр]ежим доступа|Available (?:at|from)|Retrieved from|Қолжетімді"
    r"|Қол жеткізу режимі|Доступно на)\s*:?\s*$"
)


_CITY_ONLY = re.compile(rf"^\s*{CITY}\.?\s*[,:]?\s*$")
_CITY_TAIL = re.compile(rf"(?<=[.!?])\s+{CITY}\.?\s*[,:]\s*$")
_REVIEW = re.compile(
    r"^\s*(?:Рец\.|Рецензия|Пікір)\s+(?:на\s+(?:кн\.|книгу|статью|монографию)|review of)", re.I
)
_INITIAL_END = re.compile(rf"(?:^|[\s,])[{CAPITAL}]\.$")
_FAMILY_START = re.compile(rf"^([{CAPITAL}][\w'’\-]+)(?:\.\s+(?=\S)|(?=\s*\())")
_SENTENCE_END = re.compile(r"\.\s+(?=\S)")


def _names_end(text: str) -> int | None:
    """Where the names of an author run that goes on into the title end ("Алаев Л. Б. Южная
    Индия.", "Vik Paruchuri. Marker", "Jie Shao, et al. Internvl3"): after the longest part up to
    a full stop that reads as names, or None."""
    stops = [m.start() + 1 for m in _SENTENCE_END.finditer(text)]
    for stop in reversed(stops):
        if parse_name_segment(text[:stop]).shape != "literal" and not scan_names(text[stop:].strip()).names:
            return stop
    names = scan_names(text)
    return names.end if names.names and len(text[names.end :].split()) >= _NAME_OVERRUN_WORDS else None


_NAME_OVERRUN_WORDS = 2
# Labels a bare place is mistaken for ("Л.," as pages, "А.," as a container).
_NOT_A_PLACE = frozenset({"pages", "journal", "container-title", "publisher", "note"})


_LIST_GOES_ON = re.compile(r"(?:,|\band|&)\s*$")
# What the end of a list holds: its last joiner or "et al." ("..., and Luca Soldaini.", "Jun Tang, et al.").
_LIST_ENDS = re.compile(rf"(?:^|\s)(?:and|&|et|и|және)\s|{ETAL_RE}")
# Labels the rest of such a list is mistaken for (never a journal: "..., and M. Stutzmann, J. Appl. Phys.").
_LIST_RUNS_INTO = frozenset({"title", "note", "date", "author"})
# How many full stops past an author run that ends with "," the rest of its list is looked for.
_LIST_STOPS = 3


def _continued_authors(segments: list[Segment]) -> list[Segment]:
    """An author run that ends mid-list ("..., Christopher Wilhelm,") while the labeller took the
    rest of the list for a date, title or note ("Jun" + "Tang, et al. Qwen2. 5-vl ...", "Kyle Lo,
    and Luca Soldaini. olmocr: ..."): the names up to the first full stop where the whole run
    still reads as names join the authors; the rest keeps its label."""
    k = next((k for k, seg in enumerate(segments) if seg.label == "author"), None)
    if k is None or k + 1 >= len(segments) or not _LIST_GOES_ON.search(segments[k].text):
        return segments
    head = segments[k].text
    free = list(itertools.takewhile(lambda seg: seg.label in _LIST_RUNS_INTO, segments[k + 1 :]))
    rest = " ".join(seg.text for seg in free)
    for stop in [m.start() + 1 for m in _SENTENCE_END.finditer(rest)][:_LIST_STOPS]:
        if not _LIST_ENDS.search(rest[:stop]):
            continue
        names = parse_name_segment(head + " " + rest[:stop])
        if names.shape in ("literal", "") or len(names.names) <= len(parse_name_segment(head).names):
            continue
        out, used = [*segments[:k], Segment("author", head + " " + rest[:stop], segments[k].confidence)], 0
        for seg in segments[k + 1 :]:
            if used >= stop:
                out.append(seg)
                continue
            left = seg.text[stop - used :].strip() if used + len(seg.text) > stop else ""
            used += len(seg.text) + 1
            if left:
                out.append(Segment(seg.label, left, seg.confidence))
        return out
    return segments


def _roles(segments: list[Segment], text: str) -> list[Segment]:
    """Segments whose label the text around them contradicts: names after the title that open
    with "ред.", "Гл. ред.", "құраст.", "eds." are editors; "Рец. на книгу: Иванов И.И. Title"
    is a review's title, not its authors; a bare "М.", "Л.", "А.", "Алматы" read as pages or a
    container is a place; an author run that goes on past its names ("Петров П.П. История. А.,")
    holds the title (and place) after them; "..., and E." before the title "Hoque. Chartqa" gives
    the last author back their family name."""
    if _REVIEW.match(text):
        head = next((k for k, seg in enumerate(segments) if seg.label == "title"), len(segments))
        lead = segments[: head + 1]
        joined = " ".join(seg.text for seg in lead if seg.label != "date")
        dates = [seg for seg in lead if seg.label == "date"]
        segments = [Segment("title", joined, 0.5), *dates, *segments[head + 1 :]]
    for k, seg in enumerate(segments[:-1]):
        nxt = segments[k + 1]
        family = _FAMILY_START.match(nxt.text)
        if (
            seg.label == "author"
            and nxt.label in ("title", "date")
            and _INITIAL_END.search(seg.text)
            and family
        ):
            # "..., and E." + "Hoque. Chartqa: ..." / "M. D." + "Smith (2003):": the last author's family name
            segments[k] = Segment("author", seg.text + " " + family.group(1), seg.confidence)
            segments[k + 1] = Segment(nxt.label, nxt.text[family.end() :].lstrip(" ."), nxt.confidence)
    out: list[Segment] = []
    overrun = False  # the segment before is a title cut from the end of the authors
    for seg in segments:
        bare = seg.text.lstrip(" /")
        after_overrun, overrun = overrun, False
        if seg.label == "author" and out and EDITOR_MARK.match(bare):
            seg = Segment("editor", seg.text, seg.confidence)
        elif (
            seg.label == "author"
            and out
            and out[-1].label == "title"
            and out[-1].text[-1:].isalnum()
            and bare == seg.text.lstrip()
            and parse_name_segment(bare.rstrip(" /")).shape == "literal"
        ):
            # "Title ... проекта" + "АЭС-2006 (РУ В-392М). //": a title's capitals taken for an author
            seg = Segment("title", out.pop().text + " " + seg.text, seg.confidence)
        elif seg.label in _NOT_A_PLACE and _CITY_ONLY.match(seg.text):
            seg = Segment("location", seg.text, seg.confidence)
        elif seg.label == "author" and parse_name_segment(bare).shape == "literal":
            cut = _names_end(bare)
            if cut is not None:
                out.append(Segment("author", bare[:cut], seg.confidence))
                seg = Segment("title", bare[cut:].strip(), seg.confidence * 0.8)
                overrun = True
        if seg.label == "title" and after_overrun and out and out[-1].label == "title":
            seg = Segment("title", out.pop().text + " " + seg.text, seg.confidence)  # the title's start
        if seg.label == "title" and (city := _CITY_TAIL.search(seg.text)) is not None:
            out.append(Segment("title", seg.text[: city.start()], seg.confidence))
            seg = Segment("location", seg.text[city.start() :], seg.confidence)
        out.append(seg)
    return out


_MEDIUM_THEN_SITE = re.compile(r"^(?P<medium>.*?\S)\s*//\s*(?P<site>\w.*)$")
_JOURNAL_LEAD = re.compile(
    r"^(?:Вестн(?:ик)?\b|Изв(?:естия|\.)|Журн(?:ал|\.)|Хабаршы|Journal\b|J\.\s|Bull(?:etin|\.)|Acta\b|Annals\b"
    r"|Transactions\b|Trans\.\s)"
)


_CONTAINERS = ("journal", "container-title")


def _areas(segments: list[Segment]) -> list[Segment]:
    """Runs whose own text says what they are: "[Электронный ресурс] // Википедия." read as a
    medium holds the site after "//"; a word run labelled pages with no digit ("systems,") ends
    the container before it; a second title run that opens with "В сб.:" / "In:" is the
    container; a publisher run that opens with a journal's word ("Вестн. КГУ,") is the journal."""
    out: list[Segment] = []
    titles = 0
    for seg in segments:
        label, text = seg.label, seg.text
        if label == "medium" and (m := _MEDIUM_THEN_SITE.match(text)) is not None:
            out.append(Segment("medium", m.group("medium"), seg.confidence))
            label, text = "container-title", m.group("site")
        elif label == "pages" and not _DIGIT.search(text) and out and out[-1].label in _CONTAINERS:
            prev = out.pop()
            label, text = prev.label, prev.text + " " + text
        elif label == "title" and titles and IN_LEAD.match(text) and not text.lstrip().startswith("//"):
            label = "container-title"
        elif label == "publisher" and _JOURNAL_LEAD.match(text) and any(s.label == "pages" for s in segments):
            label = "journal"
        titles += label == "title"
        out.append(Segment(label, text, seg.confidence) if (label, text) != (seg.label, seg.text) else seg)
    return out


def _reroute(segments: list[Segment]) -> list[Segment]:
    """Segments whose whole text is plainly an issue ("№2") or a page range ("С. 5–9") get that label;
    an "author" run that ends without punctuation right before the title is the title's start."""
    out: list[Segment] = []
    split: list[Segment] = []
    for seg in _areas(segments):
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
            _PAGE_LABEL_AREA.fullmatch(seg.text.strip())
            and k + 1 < len(segments)
            and segments[k + 1].label == "pages"
        ):
            # the label joins its numbers, and the issue's area before it ("№2(90). – B. 45–56.")
            nxt = segments[k + 1]
            text = seg.text + " " + nxt.text
            if out and out[-1].label == "pages":
                text = out.pop().text + " " + text
            segments[k + 1] = Segment("pages", text, min(seg.confidence, nxt.confidence))
            continue
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
            text = field_text(seg.text)
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


_SENTENCE = re.compile(rf"(?<=[\w)])[.?!]\s+(?=[{CAPITAL}\d«“\"])")
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
_NAME_WORD = re.compile(rf"^(?:[{CAPITAL}][\w.’'&-]*|&|and|of|for|the|de|du|и|мен|және|in|on)$")


def _site_from_title(draft: Draft) -> None:
    """ "Title. United Nations Peacekeeping. URL: ..." read as one title: the last sentence, a
    name of a few capitalised words, is the site (or, without a URL, the publisher)."""
    ref = draft.ref
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
    ref.title = title_text(head)
    if ref.URL:
        ref.container_title = title_text(tail)
        draft.conf["container-title"] = 0.5
    else:
        ref.publisher = title_text(tail)
        draft.conf["publisher"] = 0.5


_REPORT = re.compile(
    r"(?:\breport\b|\bдоклад|\bотч[её]т|(?:working|discussion|meeting) pa-?pers?"
    r"|\bпрепринт|\bpreprint|есебі)",
    re.IGNORECASE,
)
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


def _infer_type(draft: Draft) -> tuple[str, float]:
    ref = draft.ref
    labels = draft.labels
    genre = ref.genre or ""
    title = ref.title or ""
    if THESIS.search(genre) or THESIS.search(draft.extra.get("title_info", "")):
        return "thesis", 0.9
    if _REPORT.search(genre) or draft.extra.pop("series_paper", False):
        return "report", 0.8
    if _LAW.search(title) or _LAW.search(" ".join(draft.extra.get("title_parts", []))):
        return "legislation", 0.7
    container = ref.container_title or ""
    if container:
        if (_CONFERENCE.search(container) or _CONFERENCE.search(draft.extra.get("container_info", ""))) and (
            "journal" not in labels or not (ref.volume or ref.issue)
        ):
            return "paper-conference", 0.8
        if "journal" in labels:
            if ref.URL and not (ref.volume or ref.issue or ref.page):
                return "webpage", 0.6
            if draft.extra.get("newspaper_date") or (_NEWSPAPER.search(container) and ref.volume is None):
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


# OCR and LaTeX debris in a field: "$ \\underline{\\text{ICLR}} $" -> "ICLR".
_MATH = re.compile(r"\$\s*([^$]{0,200}?)\s*\$")
_MATERIAL_END = re.compile(
    r"[.\s]*\[?(?:Электронный ресурс|Электрондық ресурс|Electronic resource)\]?[.\s]*$", re.IGNORECASE
)
_PAPER_SERIES = re.compile(r"\b(?:working|discussion|meeting)\s+pa-?pers?\b", re.IGNORECASE)
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+\s*\{|[{}]")


def _clean_residue(ref: Reference) -> None:
    """OCR and LaTeX residue and a material designation left at the end ("... service.
    Электронный ресурс") stripped from the title and container (the raw string keeps them)."""
    for attr in ("title", "container_title"):
        value = getattr(ref, attr)
        if value and ("$" in value or "\\" in value):
            value = " ".join(_TEX_COMMAND.sub("", _MATH.sub(r"\1", value)).split()) or value
        if value and (material := _MATERIAL_END.search(value)) is not None and material.start() > 0:
            value = value[: material.start()]
        setattr(ref, attr, value)


_QUOTED_TITLE = re.compile(r"^[“\"«](?P<title>[^”\"»]{3,}?)(?:[,.][”\"»]|[”\"»][,.])\s+(?P<rest>\S.*)$")


def _quoted_title(draft: Draft) -> None:
    """“Title,” followed by more in one title field (“Horizontal Merger Guidelines,” Discussion
    paper, ...): the title is what the quotation marks hold; what follows is its container, or
    its series when it is a working or discussion paper."""
    ref = draft.ref
    m = _QUOTED_TITLE.match(ref.title or "")
    if m is None:
        return
    ref.title = title_text(m.group("title"))
    rest = title_text(m.group("rest"))
    if _PAPER_SERIES.search(rest) or ref.container_title:
        ref.genre = ref.genre or rest
        draft.extra["series_paper"] = bool(_PAPER_SERIES.search(rest))
    else:
        ref.container_title = rest


def _series_paper(draft: Draft) -> None:
    """ "NBER Working Papers 10450", "Discussion paper, Duke University" read as a container: a
    working or discussion paper is a report; its series goes to ``genre``, not ``container-title``."""
    ref = draft.ref
    if ref.container_title and _PAPER_SERIES.search(ref.container_title) and not (ref.volume or ref.page):
        ref.genre, ref.container_title = ref.genre or ref.container_title, None
        draft.extra["series_paper"] = True


def _arxiv(draft: Draft) -> None:
    """An arXiv id out of the title, container and notes ("Title. arXiv preprint arXiv:2412.19437")
    into ``arxiv`` and, when the reference has no URL, the abstract page's URL."""
    ref = draft.ref
    found: str | None = None
    for attr in ("title", "container_title"):
        value = getattr(ref, attr)
        if not value:
            continue
        rest, arxiv = split_arxiv(value)
        if arxiv is not None:
            found = found or arxiv
            setattr(ref, attr, title_text(rest) or (None if attr == "container_title" else value))
    notes: list[str] = []
    for note in draft.notes:
        rest, arxiv = split_arxiv(note)
        found = found or arxiv
        if rest.strip(" .,;:"):
            notes.append(rest if arxiv is None else rest.strip(" ,;:"))
    draft.notes[:] = notes
    if found is None:
        return
    ref.extra.setdefault("arxiv", found)
    if not ref.URL:
        ref.URL = arxiv_url(found)
        draft.conf["URL"] = 0.9


_TITLE_HEAD = re.compile(r"^(?P<org>[^.:]{2,60}?)\.\s+(?P<rest>\S.{2,})$")


def _corporate_author(draft: Draft) -> None:
    """ "OpenAI. Gpt-4 technical report", "United Nations. World Population Prospects": with no
    authors found, an organisation's name before the title's first full stop is its author."""
    ref = draft.ref
    if ref.author or ref.editor or not ref.title:
        return
    m = _TITLE_HEAD.match(ref.title)
    if m is None or not is_organisation(m.group("org")) or len(m.group("org").split()) > 6:
        return
    ref.author = [Name(literal=m.group("org").strip())]
    ref.title = title_text(m.group("rest"))
    draft.conf["author"] = 0.6


# Where the words of a short entry end: its URL, or a year with nothing but a URL or an access date after it.
_BODY_END = re.compile(
    rf"\bURL\b|https?://|www\.|(?:,\s*|\.\s+|\s\()\(?{YEAR}\)?[.,]?\s*(?=$|URL\b|https?://|Accessed|Available|Retrieved)"
)
_WORK_STOP = re.compile(r"(?<![\s.][A-Z])(?<!^[A-Z])\.\s+(?=\S)")
_MAKER_MAX_WORDS = 4
_BODY_PUNCTUATION = f" .,;:{DASHES}"
_LIST_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\d+[.)])\s+")
_AREA_MARK = re.compile(r"//|\s/\s|\[|\s[\u2013\u2014-]\s")
_WORK_MAX_WORDS = 16


def _maker_and_work(draft: Draft, text: str) -> None:
    """A short entry that names a work and its maker and little else ("OpenAI. Gpt-4 technical
    report, 2023.", "chatdoc.com. Ocrflux. https://github.com/..., 2025.", "Marker. URL https://...",
    software, models and pages as ACL and NeurIPS lists print them), with no person found as its
    author: the words before its URL or closing year are "Maker. Title" or just "Title"."""
    ref = draft.ref
    if any(not n.literal for n in ref.author) or ref.editor or ref.page or ref.issue or ref.publisher_place:
        return
    if ref.publisher or (ref.container_title and not ref.URL and ref.volume is None):
        return
    end = _BODY_END.search(text)
    body = _LIST_NUMBER.sub("", text[: end.start() if end else len(text)]).strip(_BODY_PUNCTUATION)
    parts = [part.strip(_BODY_PUNCTUATION) for part in _WORK_STOP.split(body, maxsplit=1)]
    if (
        not body[:1].isalnum()
        or not all(parts)
        or _AREA_MARK.search(body)
        or len(body.split()) > _WORK_MAX_WORDS
        or len(_WORK_STOP.split(parts[-1])) > 1
    ):
        return
    if len(parts) == 1:
        if ref.title or not ref.author or ref.author[0].literal != body:
            return
        ref.author, ref.title = [], title_text(body)
    else:
        maker, work = parts
        words = maker.split()
        if len(words) > _MAKER_MAX_WORDS or not (
            len(words) == 1 or is_organisation(maker) or all(w[:1].isupper() for w in words)
        ):
            return
        if is_organisation(work) and not is_organisation(maker):
            return  # "SIPRI Military Expenditure Database. Stockholm International Peace Research Institute."
        names = parse_name_segment(maker)
        ref.author = names.names if names.shape != "literal" else [Name(literal=maker.strip(" .,"))]
        ref.title = title_text(work)
        draft.conf["author"] = 0.6
    ref.container_title = ref.volume = None
    draft.conf["title"] = 0.6


_LAST_SENTENCE = re.compile(r"^(?P<title>.{8,}?[\w)?!])\.\s+(?P<venue>[A-ZА-ЯЁ][^.]{1,120})$")
_LAST_COMMA = re.compile(r"^(?P<title>.{8,}?\w),\s+(?P<venue>(?:[A-Z][\w-]*\s?){2,8})$")
_VENUE_WORD = re.compile(
    r"^(?:Proc|Pro-?\s?ceedings|Journal|Transactions|Annals|Conference|Workshop"
    r"|The \w+ (?:Conference|Workshop))"
)


def _is_venue(text: str) -> bool:
    """Whether a sentence names a journal or proceedings: "Proceedings of HLT-NAACL", "The Fifth
    Text Retrieval Conference"."""
    return bool(_VENUE_WORD.match(text) or (text[:1].isupper() and _CONFERENCE.search(text)))


_AREA_IN_CONTAINER = re.compile(r"^(?P<head>.{2,200}?[\w)])\.\s+/\s*(?P<venue>\S.*)$")
_IN_END = re.compile(r"\b(?:[Ii]n|В|Ин)$")
_VENUE_IN_CONTAINER = re.compile(r"^(?P<head>[^.]{2,120}?[\w)])\.\s+(?P<venue>\S.*)$")


_AREA_AFTER_TITLE = re.compile(r"^(?P<title>.{8,}?[\w)»”])\.\s+/\s*(?P<rest>\S.*)$")


def _title_area_end(draft: Draft) -> None:
    """A title that runs on past a GOST area mark (". / Technical report of ...", ". / Proc. of
    the 2014 ... Conference"): the title ends there; what follows is the container when it names
    proceedings or a journal and there is none, else a note."""
    ref = draft.ref
    m = _AREA_AFTER_TITLE.match(ref.title or "")
    if m is None:
        return
    ref.title, rest = title_text(m.group("title")), title_text(m.group("rest"))
    if not ref.container_title and _is_venue(rest):
        ref.container_title = rest
        draft.conf["container-title"] = 0.5
    elif rest:
        draft.notes.append(rest)


_VOLUME_IN_TITLE = re.compile(
    r"^(?P<title>.{8,}?[\w)»”])\.\s+(?:Том|Т\.|Vol\.|Volume|Кітап)\s*(?P<volume>\d{1,3}|[IVXLC]{1,6})\b\.?"
    r"(?:\s*(?:Pt|Part|Ч\.|Часть|Бөлім)\.?\s*(?P<part>[\dIVXLC]+(?:\s*[\u2013\u2014-]\s*[\dIVXLC]+)?)\.?)?"
    r"(?:\s+(?P<rest>\S.*))?$"
)


def _volume_in_title(draft: Draft) -> None:
    """A book's title that goes on with its volume ("... культуре. Том 1. Первый век ...",
    "Elements of Hindu Iconography. Vol. II. Pt I–II"): the volume, part and the volume's own
    title are taken out of the title."""
    ref = draft.ref
    m = _VOLUME_IN_TITLE.match(ref.title or "")
    if m is None or ref.container_title or (ref.volume and ref.volume != m.group("volume")):
        return
    ref.title, ref.volume = title_text(m.group("title")), m.group("volume")
    draft.conf["volume"] = 0.6
    if m.group("part"):
        ref.extra["part-number"] = m.group("part")
    if m.group("rest"):
        ref.extra["volume-title"] = title_text(m.group("rest"))


_ACCESS_NOTE = re.compile(
    r"(?:дата (?:обращения|доступа)|жүгінген күні|қаралған күні|қаралды|просмотрено|accessed|retrieved"
    r"|viewed)\b[^)]{0,40}",
    re.IGNORECASE,
)
_LINKS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_BRACKETED = re.compile(r"\[[^\[\]]*\]")  # a translated title, a material designation
_FREE_YEAR = re.compile(rf"(?<![\d№/.{DASHES}])(?:\d\d\.\d\d\.)?({YEAR})(?![\d/{DASHES}])")


def _year_elsewhere(draft: Draft, text: str) -> None:
    """No year labelled: the year of the entry's own dates outside its title, its translation,
    links and access dates ("... – 2020. Электронный ресурс: ...", "рег. № 2020619218 от 13.08.2020.")."""
    ref = draft.ref
    if ref.issued is not None or draft.extra.get("no_date"):
        return
    rest = _BRACKETED.sub(" ", _ACCESS_NOTE.sub(" ", _LINKS.sub(" ", text)))
    if ref.title:
        rest = rest.replace(ref.title, " ")
    m = _FREE_YEAR.search(rest)
    if m is not None:
        ref.issued = Date.ymd(int(m.group(1)))
        draft.conf["issued"] = 0.4


def _title_from_container(draft: Draft, text: str) -> None:
    """A title cut short by a container that starts with the title's end ("Phrase-Based
    Statistical" + "Machine Translation. Proceedings of the 25th ...", "... АЭС-2006" + "(РУ
    В-392М). / Сб. тез. докл. ... конференции"): the container's words before its venue go back
    to the title."""
    ref = draft.ref
    if not ref.title or not ref.container_title or not ref.title[-1:].isalnum():
        return
    m = _VENUE_IN_CONTAINER.match(ref.container_title)
    if m is None or _is_venue(m.group("head")) or not _VENUE_WORD.match(m.group("venue")):
        m = _AREA_IN_CONTAINER.match(ref.container_title)
        if m is None or _is_venue(m.group("head")) or not _is_venue(m.group("venue")):
            return
    at = text.find(m.group("head"))
    before = text[:at].rstrip()
    if at <= 0 or not before[-1:].isalnum() or _IN_END.search(before):
        return  # the container has its own start ("in OCEANS, 2005. Proceedings of ...")
    ref.title = title_text(ref.title + " " + m.group("head"))
    ref.container_title = title_text(m.group("venue"))


def _container_from_title(draft: Draft) -> None:
    """ "Causal inference in the multisensory brain. Neuron" read as one title, in an entry with a
    volume, issue, pages or DOI (or a venue word: "Proceedings of ...") and no publisher: the
    last sentence is the container. A book (publisher, place, ISBN, editors) keeps its subtitle."""
    ref = draft.ref
    if ref.container_title or not ref.title or ref.publisher or ref.ISBN or ref.editor:
        return
    numbered = bool(ref.volume or ref.issue or ref.page or ref.DOI)
    m = _LAST_SENTENCE.match(ref.title)
    if m is None and numbered:
        m = _LAST_COMMA.match(ref.title)
    venue = m is not None and _is_venue(m.group("venue"))
    if m is None or not (numbered or venue) or (ref.publisher_place and not venue):
        return
    ref.title, ref.container_title = title_text(m.group("title")), title_text(m.group("venue"))
    draft.conf["container-title"] = 0.5
    draft.labels.add("journal" if numbered else "container-title")


_ARTICLE_OF_LAW = re.compile(r"\b(?:Ст|ст|Бап|бап|Art|art|Sec|sec)\.\s*(\d+(?:[.-]\d+)*)")
_LAW_NUMBER = re.compile(r"№\s*(\d+(?:-[IVXLC]+|-[А-ЯA-Z]{1,3})?)")


def _legislation(draft: Draft, text: str) -> None:
    """A law or code: its article ("Ст. 157") is a section, not pages; its number ("№ 22-V") a
    number, not an issue."""
    ref = draft.ref
    article = _ARTICLE_OF_LAW.search(text)
    if article is not None:
        ref.extra["section"] = article.group(1)
        if ref.page == article.group(1):
            ref.page = None
        if (
            ref.container_title
            and _CITY_ONLY.match(ref.container_title) is None
            and len(ref.container_title) <= 3
        ):
            ref.container_title = None
    number = _LAW_NUMBER.search(ref.title or "") or _LAW_NUMBER.search(text)
    if number is not None and "-" in number.group(1):
        ref.number = number.group(1)
        if ref.issue and number.group(1).startswith(ref.issue):
            ref.issue = None


def _title_when_unlabelled(segments: list[Segment]) -> list[Segment]:
    """With no title labelled, the first container no "In"/"//" introduces ("Книга. – М.: Наука,
    2003." read as a book title), or the first free text right after the authors and date
    ("Title [Translation]. Available at: ..." read as a note), is the work's own title."""
    if any(s.label == "title" for s in segments):
        return segments
    for k, seg in enumerate(segments):
        if seg.label in ("container-title", "journal", "note", "publisher") and not IN_LEAD.match(seg.text):
            before = segments[k - 1].text.rstrip() if k else ""
            words = len(field_text(seg.text).split())
            free = seg.label in ("note", "publisher") and words >= 2 and not WEB_NOTE.match(seg.text)
            if (seg.label in ("container-title", "journal") or free) and not before.endswith(
                ("//", "In", "In:", "В:")
            ):
                segments[k] = Segment("title", seg.text, seg.confidence * 0.8)
            break
        if seg.label not in ("author", "date", "citation-number", "editor"):
            break
    return segments


def assemble_reference(ref: Reference, segments: list[Segment], text: str) -> Reference:
    """Fill ``ref`` from the labelled segments of ``text`` (the cleaned string); return it."""
    draft = Draft(ref)
    segments = _year_in_title(_title_when_unlabelled(_reroute(_roles(_continued_authors(segments), text))))
    read_fields(draft, segments, text)
    _site_from_title(draft)
    _clean_residue(ref)
    _arxiv(draft)
    _corporate_author(draft)
    _maker_and_work(draft, text)
    _quoted_title(draft)
    _title_area_end(draft)
    _volume_in_title(draft)
    _container_from_title(draft)
    _title_from_container(draft, text)
    _series_paper(draft)
    if (
        ref.container_title
        and draft.labels & {"journal", "container-title"}
        and not (ref.volume or ref.issue or ref.page or ref.issued or ref.URL or ref.publisher or ref.editor)
        and not draft.labels & {"location", "pages", "volume"}
        and len(ref.container_title.split()) <= 6
    ):
        # "Title. United Nations." : a bare name after the title, with no numbers, is the publisher
        ref.publisher, ref.container_title = ref.container_title, None
        draft.conf["publisher"] = draft.conf.pop("container-title", 0.5)
    _year_elsewhere(draft, text)
    ref.type, tconf = _infer_type(draft)
    draft.conf["type"] = tconf
    if ref.type == "legislation":
        _legislation(draft, text)
    if ref.extra.get("arxiv") and ref.type in ("webpage", "document", "report") and not ref.container_title:
        ref.type = "article"  # a preprint (CSL's type for one)
    if ref.type == "webpage" and not ref.container_title and ref.publisher and not ref.publisher_place:
        # a site named where a publisher would be: "Title. United Nations Peacekeeping. URL: ..."
        ref.container_title, ref.publisher = ref.publisher, None
        draft.conf["container-title"] = draft.conf.pop("publisher", 0.6)
    lang_note = draft.extra.pop("language_note", None)
    if lang_note:
        ref.language = lang_note
        draft.conf["language"] = 0.9
    else:
        ref.language = reference_language(ref.title or "", text)
        if ref.language:
            draft.conf["language"] = 0.7
    if draft.notes:
        ref.note = "; ".join(draft.notes)
        draft.conf["note"] = 0.3
    problems = ref.refman.problems
    if not ref.title:
        problems.append("no title found")
    if ref.issued is None and not draft.extra.get("no_date") and ref.type not in ("webpage", "legislation"):
        problems.append("no year found")
    if (
        not ref.author
        and not ref.editor
        and not draft.extra.get("same_authors_as_previous")
        and ref.type in ("article-journal", "book", "chapter", "thesis", "paper-conference")
    ):
        problems.append("no authors found")
    if ref.type == "document" and ref.title:
        problems.append("no container or publisher found; type unknown")
    if draft.notes:
        problems.append("text not assigned to a field kept in note")
    draft.extra.pop("newspaper_date", None)
    ref.refman.confidence = {k: round(v, 2) for k, v in draft.conf.items()}
    ref.refman.extra.update(draft.extra)
    return ref
