"""Render corpus records as labelled reference strings in GOST and related styles (pure).

Each renderer returns *pieces*: ``(label, text)`` in order, where the label is one of
:data:`refman.parse.labels.LABELS` or :data:`~refman.parse.labels.OTHER` for the glue between
fields (". – ", " // ", ": "). Because the renderer writes every field itself, it knows which
field produced which text: that is the labelling. Styles:

* ``gost`` GOST 7.1-2003 / R 7.0.5-2008 in many house variants (". – " or ". " areas, "//",
  initials with or without spaces, "[и др.]" or a statement of responsibility, "С."/"Б."/"P.");
* ``gost2018`` GOST R 7.0.100-2018 ("Иванов, И. И.", "/ И. И. Иванов", "Текст : электронный");
* ``romanised`` the transliterated "References" list of Russian and Kazakh journals;
* ``apa`` APA-like lists with Cyrillic or Latin names (as in Kazakh journals).
"""

from __future__ import annotations

import random

from refman.parse.labels import OTHER
from refman.parse.training.corpus.records import (
    EN_JOURNALS,
    EN_MONTHS,
    EN_TITLES,
    KK_MONTHS,
    RU_MONTHS_GEN,
    Record,
)
from refman.translit import romanise

__all__ = ["Pieces", "render", "tidy"]

Pieces = list[tuple[str, str]]

_LOCAL_TERMS: dict[str, dict[str, str]] = {
    "ru": {
        "pages": "С.",
        "npages": "с.",
        "vol": "Т.",
        "no": "№",
        "etal": "и др.",
        "etal_br": "[и др.]",
        "ed": "под ред.",
        "eds_gen": "под общ. ред.",
        "comp": "сост.",
        "electronic": "[Электронный ресурс]",
        "access": "дата обращения",
        "mode": "Режим доступа:",
        "part": "Ч.",
        "iss": "Вып.",
        "edition": "-е изд.",
        "text_el": "Текст : электронный",
        "text_print": "Текст : непосредственный",
        "trans": "пер. с англ.",
    },
    "kk": {
        "pages": "Б.",
        "npages": "б.",
        "vol": "Т.",
        "no": "№",
        "etal": "және т.б.",
        "etal_br": "[т.б.]",
        "ed": "жауапты ред.",
        "eds_gen": "жалпы ред. басқарған",
        "comp": "құраст.",
        "electronic": "[Электрондық ресурс]",
        "access": "жүгінген күні",
        "mode": "Қолжетімді:",
        "part": "Бөл.",
        "iss": "Шығ.",
        "edition": "-басылым",
        "text_el": "Мәтін : электрондық",
        "text_print": "Мәтін : тікелей",
        "trans": "ағылш. ауд.",
    },
    "en": {
        "pages": "P.",
        "npages": "p.",
        "vol": "Vol.",
        "no": "No.",
        "etal": "et al.",
        "etal_br": "[et al.]",
        "ed": "ed. by",
        "eds_gen": "ed. by",
        "comp": "comp.",
        "electronic": "[Electronic resource]",
        "access": "дата обращения",
        "mode": "URL:",
        "part": "Pt.",
        "iss": "Iss.",
        "edition": "nd ed.",
        "text_el": "Текст : электронный",
        "text_print": "Текст : непосредственный",
        "trans": "transl.",
    },
}


def _initials(given: str, spaced: bool) -> str:
    parts = [p for p in given.replace("-", " ").split() if p and not p.endswith(".")]
    letters = [p[:2] if p[:2] in ("Zh", "Sh", "Ch", "Kh", "Yu", "Ya") else p[0] for p in parts]
    extra = [p for p in given.split() if p.endswith(".")]
    return (" " if spaced else "").join([f"{c}." for c in letters] + extra)


def _name(fam: str, given: str, form: str, spaced: bool) -> str:
    ini = _initials(given, spaced)
    if form == "inv":
        return f"{fam} {ini}"
    if form == "comma":
        return f"{fam}, {ini}"
    return f"{ini} {fam}"


def _names(people: list[tuple[str, str]], form: str, spaced: bool, sep: str = ", ", last: str = ", ") -> str:
    out = [_name(f, g, form, spaced) for f, g in people]
    if len(out) > 1:
        return sep.join(out[:-1]) + last + out[-1]
    return out[0] if out else ""


def _date(d: tuple[int, int, int], lang: str, rng: random.Random) -> str:
    y, m, day = d
    if lang == "en" or rng.random() < 0.1:
        return f"{day} {EN_MONTHS[m - 1]} {y}"
    return f"{day:02d}.{m:02d}.{y}"


def _translit(text: str, lang: str) -> str:
    return romanise(text, lang if lang in ("ru", "kk") else None, scheme="bsi")


def _gost(rec: Record, rng: random.Random, modern: bool) -> Pieces:
    """GOST 7.1-2003 / R 7.0.5-2008 (``modern`` False) or R 7.0.100-2018 (True)."""
    lang = rec["lang"]
    t = dict(_LOCAL_TERMS[lang if lang in ("ru", "kk") else rng.choice(["ru", "en"])])
    if lang == "en" and rng.random() < 0.5:
        t.update(_LOCAL_TERMS["en"])
    dash = rng.choices([". – ", ". — ", ". - ", ". ", ".– "], [0.5, 0.08, 0.12, 0.25, 0.05])[0]
    if modern:
        dash = rng.choice([". – ", ". — "])
    spaced = modern or rng.random() < 0.35
    typ = rec["type"]
    authors: list[tuple[str, str]] = rec.get("author", [])
    p: Pieces = []

    def area() -> None:
        p.append((OTHER, dash))

    heading = authors[:1] if len(authors) > 3 or (modern and authors) else authors[:3]
    many = len(authors) > 3
    if heading and not (many and not modern and rng.random() < 0.5):
        form = "comma" if modern else "inv"
        text = _name(*heading[0], form, spaced) if modern else _names(heading, "inv", spaced)
        if many and not modern:
            text += " " + (t["etal_br"] if rng.random() < 0.6 else t["etal"])
        p += [("author", text), (OTHER, " ")]
        heading_done = True
    else:
        heading_done = False
    title = rec["title"]
    p.append(("title", title))
    if typ == "legislation":
        p += [(OTHER, " : "), ("title", rec["law_info"])]
    if rec.get("genre") and typ in ("book", "report"):
        p += [(OTHER, rng.choice([" : ", ": "])), ("genre", rec["genre"])]
    if typ == "thesis":
        kind, code = rec["thesis"]
        p += [
            (OTHER, rng.choice([" : ", ": "])),
            ("genre", kind + (f" : {code}" if rng.random() < 0.6 else "")),
        ]
    if rec.get("volume") and typ == "book":
        p += [(OTHER, ". "), ("volume", f"{t['vol']} {rec['volume']}")]
    electronic = typ in ("webpage", "legislation") or (rec.get("url") and rng.random() < 0.5)
    if electronic and not modern and rng.random() < 0.8:
        p += [(OTHER, " "), ("medium", t["electronic"])]
    resp_authors = modern or (many and not heading_done) or (authors and rng.random() < 0.1)
    if resp_authors and authors:
        shown = authors if len(authors) <= 3 or not modern else authors[:3]
        text = _names(shown[:3], "ini", spaced)
        if len(authors) > 3:
            text += " " + t["etal_br"]
        p += [(OTHER, " / "), ("author", text)]
    if rec.get("editor") and typ in ("book", "report"):
        p += [
            (OTHER, " / "),
            (
                "editor",
                f"{rng.choice([t['ed'], t['eds_gen'], t['comp']])} {_names(rec['editor'], 'ini', spaced)}",
            ),
        ]
    if modern and electronic:
        p += [(OTHER, dash), ("medium", t["text_el"])]
    if typ in ("article-journal", "chapter", "paper-conference", "article-newspaper") or (
        typ in ("webpage", "legislation") and rec.get("site") and rng.random() < 0.6
    ):
        label = "journal" if typ in ("article-journal", "article-newspaper") else "container-title"
        cont = rec.get("container") or rec.get("site", "")
        if typ == "paper-conference":
            cont += rng.choice([" : ", ": "]) + rec["conf_info"]
        p += [(OTHER, rng.choice([" // ", " // ", "// ", " //"])), (label, cont)]
        if typ == "chapter" and rec.get("editor"):
            p += [(OTHER, " / "), ("editor", f"{t['ed']} {_names(rec['editor'], 'ini', spaced)}")]
    if rec.get("edition") and typ in ("book", "report"):
        suffix = t["edition"]
        if suffix == "nd ed.":
            suffix = {"1": "st ed.", "2": "nd ed.", "3": "rd ed."}.get(rec["edition"], "th ed.")
        ed = f"{rec['edition']}{suffix}" + (
            ", перераб. и доп." if lang == "ru" and rng.random() < 0.4 else ""
        )
        area()
        p.append(("edition", ed))
    if typ in ("book", "report", "chapter", "thesis", "paper-conference"):
        place = rec.get("place")
        if place:
            area()
            name = place[1] if modern else place[rng.choice([0, 0, 1])]
            p.append(("location", name))
            if rec.get("publisher") and typ != "thesis":
                p += [
                    (OTHER, " : " if modern or rng.random() < 0.3 else ": "),
                    ("publisher", rec["publisher"]),
                ]
            if rec.get("year"):
                p += [(OTHER, ", "), ("date", str(rec["year"]))]
        elif rec.get("year"):
            area()
            p.append(("date", str(rec["year"])))
    elif rec.get("year"):
        area()
        p.append(("date", str(rec["year"]) + (rng.choice([" г", " ж"]) if rng.random() < 0.05 else "")))
    if typ == "article-newspaper":
        _, m, d = rec["date"]
        months = KK_MONTHS if lang == "kk" else RU_MONTHS_GEN
        area()
        p.append(("date", f"{d} {months[m - 1]}"))
        if rec.get("issue"):
            area()
            p.append(("volume", f"{t['no']} {rec['issue']}"))
    if typ == "paper-conference" and rec.get("volume"):
        area()
        p.append(
            (
                "volume",
                f"{t['vol']} {rec['volume']}" + (f", {t['part']} {rec['part']}" if rec.get("part") else ""),
            )
        )
    if typ == "article-journal":
        bits = []
        if rec.get("volume"):
            bits.append(f"{t['vol']} {rec['volume']}")
        if rec.get("issue"):
            no = f"{t['no']} {rec['issue']}" if rng.random() < 0.8 else f"{t['no']}{rec['issue']}"
            if rec.get("issue_total"):
                no += f" ({rec['issue_total']})"
            bits.append(no)
        if bits:
            area()
            p.append(("volume", rng.choice([", ", ". "]).join(bits) if not modern else ", ".join(bits)))
    if rec.get("pages") and typ != "book":
        area()
        pages = rec["pages"] if rng.random() < 0.7 else rec["pages"].replace("–", "-")
        if lang == "kk" and rng.random() < 0.3:
            p.append(("pages", f"{pages} {rng.choice(['б.', 'бб.', 'бет'])}"))
        else:
            sep = " " if rng.random() < 0.75 else ""
            p.append(("pages", f"{t['pages']}{sep}{pages}"))
    if rec.get("npages"):
        area()
        p.append(("pages", f"{rec['npages']} {t['npages']}"))
    if rec.get("isbn") and rng.random() < 0.7:
        area()
        p.append(("isbn", f"ISBN {rec['isbn']}"))
    if rec.get("doi") and rng.random() < 0.8:
        area()
        p.append(("doi", rng.choice(["DOI: ", "DOI ", "doi: ", "https://doi.org/"]) + rec["doi"]))
    if rec.get("url"):
        area()
        p += [
            ("note", t["mode"] if not modern and rng.random() < 0.4 else "URL:"),
            (OTHER, " "),
            ("url", rec["url"]),
        ]
        if rec.get("accessed"):
            p += [(OTHER, " "), ("accessed", f"({t['access']}: {_date(rec['accessed'], 'ru', rng)})")]
    if modern and not electronic:
        p += [(OTHER, dash), ("medium", t["text_print"])]
    p.append((OTHER, "."))
    return p


def _romanised(rec: Record, rng: random.Random) -> Pieces:
    """The transliterated "References" style (Scopus rules of Russian and Kazakh journals)."""
    lang = rec["lang"]
    typ = rec["type"]
    tr = (lambda s: s) if lang == "en" else (lambda s: _translit(s, lang))
    p: Pieces = []
    authors = rec.get("author", [])
    spaced = rng.random() < 0.2
    if authors:
        people = [(tr(f), tr(g)) for f, g in authors[:4]]
        text = _names(people, "inv", spaced)
        if len(authors) > 4:
            text += " et al."
        p += [("author", text), (OTHER, " ")]
    title = tr(rec["title"])
    if lang != "en":
        title += f" [{rng.choice(EN_TITLES)}]"
    p.append(("title", title))
    if typ == "thesis":
        p += [
            (OTHER, ". "),
            (
                "genre",
                rng.choice(
                    [
                        "Cand. econ. sci. diss.",
                        "Doct. hist. sci. diss.",
                        "PhD diss.",
                        "Cand. ped. sci. diss. Abstr.",
                    ]
                ),
            ),
        ]
    if typ in ("article-journal", "chapter", "paper-conference", "article-newspaper"):
        cont = tr(rec["container"])
        if typ == "paper-conference":
            cont += ": " + tr(rec["conf_info"])
        if lang != "en" and rng.random() < 0.6:
            cont += rng.choice([" = ", " [", " = "]) + rng.choice(EN_JOURNALS)
            if "[" in cont and not cont.endswith("]"):
                cont += "]"
        label = "journal" if typ in ("article-journal", "article-newspaper") else "container-title"
        lead = ". In: " if typ == "chapter" else ". "
        p.append((OTHER, lead))
        if typ == "chapter" and rec.get("editor"):
            ed = _names([(tr(f), tr(g)) for f, g in rec["editor"]], "inv", spaced)
            p += [("editor", f"{ed} ({'ed.' if len(rec['editor']) == 1 else 'eds.'})"), (OTHER, " ")]
        p.append((label, cont))
    if typ in ("webpage", "legislation"):
        if typ == "legislation":
            p += [(OTHER, ": "), ("title", tr(rec["law_info"]))]
        if rec.get("site") and rng.random() < 0.5:
            p += [(OTHER, ". "), ("container-title", tr(rec["site"]))]
        if rec.get("year"):
            p += [(OTHER, ", "), ("date", str(rec["year"]))]
        p += [(OTHER, ". "), ("note", "Available at:"), (OTHER, " "), ("url", rec["url"])]
        y, m, d = rec["accessed"]
        p += [(OTHER, " "), ("note", f"(accessed {d} {EN_MONTHS[m - 1]} {y})")]
    elif typ in ("book", "report", "thesis", "chapter", "paper-conference") and rec.get("place"):
        if rec.get("edition") and typ == "book":
            p += [
                (OTHER, ". "),
                (
                    "edition",
                    f"{rec['edition']}{ {'1': 'st', '2': 'nd', '3': 'rd'}.get(rec['edition'], 'th') } ed.",
                ),
            ]
        p += [(OTHER, ". "), ("location", rec["place"][2])]
        if rec.get("publisher") and typ != "thesis":
            pub = tr(rec["publisher"])
            p += [(OTHER, ": "), ("publisher", pub if lang == "en" or rng.random() < 0.3 else pub + " Publ.")]
        p += [(OTHER, ", "), ("date", str(rec["year"]))]
        if rec.get("pages"):
            p += [(OTHER, ", "), ("pages", f"pp. {rec['pages']}")]
        if rec.get("npages"):
            p += [(OTHER, ". "), ("pages", f"{rec['npages']} p.")]
    else:
        p += [(OTHER, ", "), ("date", str(rec["year"]))]
        bits = []
        if rec.get("volume"):
            bits.append(f"vol. {rec['volume']}")
        if rec.get("issue"):
            bits.append(
                f"no. {rec['issue']}" + (f" ({rec['issue_total']})" if rec.get("issue_total") else "")
            )
        if bits:
            p += [(OTHER, ", "), ("volume", ", ".join(bits))]
        if rec.get("pages"):
            p += [(OTHER, ", "), ("pages", f"{'pp.' if '–' in rec['pages'] else 'p.'} {rec['pages']}")]
    if rec.get("doi") and rng.random() < 0.7:
        p += [(OTHER, ". "), ("doi", rng.choice(["DOI: ", "doi: ", "https://doi.org/"]) + rec["doi"])]
    if lang in ("ru", "kk") and rng.random() < 0.85:
        p += [(OTHER, ". "), ("note", f"(In {'Russ' if lang == 'ru' else 'Kazakh'}.)")]
    else:
        p.append((OTHER, "."))
    return p


def _apa(rec: Record, rng: random.Random) -> Pieces:
    """APA-like lists as Kazakh and Russian journals print them (Cyrillic or Latin names)."""
    lang = rec["lang"]
    typ = rec["type"]
    p: Pieces = []
    authors = rec.get("author", [])
    latin = lang != "en" and rng.random() < 0.3
    conv = (lambda s: _translit(s, lang)) if latin else (lambda s: s)
    if authors:
        names = [_name(conv(f), conv(g), "comma", True) for f, g in authors[:7]]
        amp = "&" if lang == "en" or latin or rng.random() < 0.5 else ("и" if lang == "ru" else "және")
        text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f", {amp} " + names[-1]
        p += [("author", text), (OTHER, " ")]
    year = rec.get("year")
    date = ("date", f"({year})" if year else rng.choice(["(n.d.)", "(б. ж.)", "(б. г.)"]))
    if typ == "webpage" and year and rng.random() < 0.6:
        date = ("date", f"({year}, {rng.choice(EN_MONTHS)} {rng.randint(1, 28)})")
    if authors:
        p += [date, (OTHER, ". "), ("title", rec["title"])]
    else:
        p += [("title", rec["title"]), (OTHER, ". "), date]
    if typ in ("article-journal", "article-newspaper"):
        p += [(OTHER, ". "), ("journal", rec["container"])]
        vol = rec.get("volume", "")
        iss = rec.get("issue")
        if vol or iss:
            text = vol + (f"({iss})" if iss and vol else (iss or ""))
            if not vol and iss:
                text = f"({iss})" if rng.random() < 0.5 else iss
            p += [(OTHER, ", "), ("volume", text)]
        if rec.get("pages"):
            p += [(OTHER, ", "), ("pages", rec["pages"])]
    elif typ in ("chapter", "paper-conference"):
        p.append((OTHER, ". "))
        ed = rec.get("editor")
        lead = (
            "In"
            if lang == "en"
            else rng.choice(["В", "In", "Ж"])
            if lang == "kk"
            else rng.choice(["В", "In"])
        )
        p.append(("container-title", lead + " "))
        if ed:
            p += [
                ("editor", _names(ed, "ini", True) + " (" + ("Ed." if lang == "en" else "ред.") + ")"),
                (OTHER, ", "),
            ]
        p.append(("container-title", rec["container"]))
        if rec.get("pages"):
            p += [(OTHER, " "), ("pages", f"({'pp.' if lang == 'en' else 'с.'} {rec['pages']})")]
        if rec.get("publisher"):
            p += [(OTHER, ". "), ("publisher", rec["publisher"])]
    elif typ in ("book", "report", "thesis"):
        if typ == "report" and rec.get("number"):
            kind = rng.choice(["Report No.", "Working Paper No.", "Technical Report No.", "Доклад №"])
            p += [(OTHER, " "), ("genre", f"({kind} {rec['number']})")]
        if rec.get("edition"):
            p += [
                (OTHER, " "),
                ("edition", f"({rec['edition']}-е изд.)" if lang == "ru" else f"({rec['edition']} ed.)"),
            ]
        if typ == "thesis":
            p += [(OTHER, " "), ("genre", "[" + rec["thesis"][0] + "]")]
        p.append((OTHER, ". "))
        if rec.get("place") and rng.random() < 0.5:
            p += [("location", rec["place"][1]), (OTHER, ": ")]
        p.append(("publisher", rec.get("publisher") or "Университет"))
    elif typ in ("webpage", "legislation") and rec.get("site"):
        p += [(OTHER, ". "), ("container-title", rec["site"])]
    if rec.get("doi"):
        p += [(OTHER, ". "), ("doi", "https://doi.org/" + rec["doi"])]
    elif rec.get("url"):
        p += [(OTHER, ". "), ("url", rec["url"])]
    else:
        p.append((OTHER, "."))
    return p


def tidy(pieces: Pieces) -> Pieces:
    """Pieces without doubled full stops ("с.." -> "с.") or empty texts."""
    out: Pieces = []
    for label, text in pieces:
        if out and out[-1][1].endswith(".") and text.startswith("."):
            text = text[1:]
        if text:
            out.append((label, text))
    return out


def _document(rec: Record, rng: random.Random, style: str) -> Pieces:
    """A page or report of an organisation, as Kazakh and Russian lists write them:
    "Title. Organisation. URL: ... (Дата обращения: ...)", "Title // Site. – URL: ...",
    "Organisation. (2020). Title. URL" (APA)."""
    lang = rec["lang"]
    p: Pieces = []
    authors = rec.get("author", [])
    year = rec.get("year")
    d = rec.get("date")
    if style == "apa":
        if authors:
            p += [("author", _names(authors, "comma", True, ", ", ", & ")), (OTHER, " ")]
        else:
            p += [("author", rec["org"]), (OTHER, ". ")]
        if d:
            p.append(("date", f"({d[0]}, {EN_MONTHS[d[1] - 1]} {d[2]})"))
        else:
            p.append(("date", f"({year})" if year else rng.choice(["(n.d.)", "(б. ж.)", "(б. г.)"])))
        p += [(OTHER, ". "), ("title", rec["title"])]
        if authors:
            p += [(OTHER, ". "), ("publisher", rec["org"])]
        if rec.get("url"):
            if rec.get("accessed") and rng.random() < 0.5:
                y, m, dd = rec["accessed"]
                p += [(OTHER, ". "), ("note", f"Retrieved {EN_MONTHS[m - 1]} {dd}, {y}, from")]
            else:
                p.append((OTHER, "."))
            p += [(OTHER, " "), ("url", rec["url"])]
        else:
            p.append((OTHER, "."))
        return p
    if authors:
        p += [("author", _names(authors, "inv", rng.random() < 0.4)), (OTHER, " ")]
    p.append(("title", rec["title"]))
    form = rng.choice(["dots", "dots", "slashes", "dashes"])
    if form == "slashes":
        p += [(OTHER, " // "), ("container-title", rec["org"])]
    else:
        p += [(OTHER, ". " if form == "dots" else ". – "), ("publisher", rec["org"])]
    if year and rng.random() < 0.6:
        p += [(OTHER, ", " if form == "dots" else ". – "), ("date", str(year))]
    if rec.get("url"):
        label = rng.choice(["URL:", "URL:", "Режим доступа:", "Available at:", "Қолжетімді:"])
        p += [(OTHER, ". " if form == "dots" else ". – "), ("note", label), (OTHER, " "), ("url", rec["url"])]
        if rec.get("accessed"):
            y, m, dd = rec["accessed"]
            if label == "Available at:" or (lang == "en" and rng.random() < 0.5):
                p += [(OTHER, " "), ("note", f"(accessed {dd} {EN_MONTHS[m - 1]} {y})")]
            else:
                word = rng.choice(["дата обращения", "Дата обращения", "жүгінген күні", "қаралған күні"])
                p += [(OTHER, " "), ("accessed", f"({word}: {dd:02d}.{m:02d}.{y})")]
    p.append((OTHER, "."))
    return p


def render(rec: Record, style: str, rng: random.Random) -> Pieces:
    """The labelled pieces of ``rec`` in ``style`` (see the module docstring)."""
    if rec["type"] == "document":
        return tidy(_document(rec, rng, "apa" if style == "apa" else "gost"))
    if style == "gost":
        return tidy(_gost(rec, rng, modern=False))
    if style == "gost2018":
        return tidy(_gost(rec, rng, modern=True))
    if style == "romanised":
        return tidy(_romanised(rec, rng))
    if style == "apa":
        return tidy(_apa(rec, rng))
    raise ValueError(f"unknown style: {style}")
