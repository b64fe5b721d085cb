"""Author and editor lists at the start of a reference or inside a segment (pure).

Four written shapes are recognised, each a regular expression tried at a position:

* ``apa``       ``Surname, I. I.`` (APA, Harvard, Chicago inverted)
* ``gost``      ``Surname I. I.`` (GOST, romanised GOST, some Harvard)
* ``initials``  ``I. I. Surname`` (GOST statements of responsibility, IEEE, physics)
* ``vancouver`` ``Surname II`` (Vancouver / medicine, initials without dots)

A list is names joined by ``,``, ``;``, ``&``, ``and``, ``и``, ``және``, optionally ending
with "et al." / "и др." / "және т.б.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refman.model import Name
from refman.parse.patterns import LOWER, UPPER

__all__ = ["NameList", "degenitive", "is_organisation", "listed_names", "parse_name_segment", "scan_names"]

_U = UPPER
_L = LOWER
_PARTICLES = (
    r"(?:van der|van den|van de|von der|de la|de las|de los|van|von|de|der|den|del|della|da|di|du|dos|das"
    r"|la|le|ter|ten|bin|ibn|al|el|ван|фон|де|ибн)"
)
# A surname: capitalised word with optional inner capital (McDonald), apostrophe or hyphen parts.
_SURNAME = (
    rf"(?:{_PARTICLES}\s+)?(?:[{_U}][{_L}]*(?:[{_U}][{_L}]+)?(?:['’`\-][{_U}]?[{_L}]+)*"
    rf"|[{_U}]{{2,}}(?:-[{_U}]{{2,}})?)"
)
_SURNAME_MIXED = rf"(?:{_PARTICLES}\s+)?[{_U}][{_L}]+(?:[{_U}][{_L}]+)?(?:['’`\-][{_U}]?[{_L}]+)*"
_INIT = rf"(?!(?:Jr|Sr|Jnr)\.)[{_U}](?:[{_L}]{{1,2}})?\."
_INITS = rf"(?:{_INIT}[ ]?(?:-[ ]?)?)+"
_SUFFIX = r"(?:,?\s*(?P<suf>Jr\.|Sr\.|Jnr\.|III|II|IV))?"
_ALT = r"(?P<alt>\s*\((?![\d]|n\.\s?d|[Ee]ds?\b|ред|[Cc]omp|[Tt]rans)[^()\d]{2,40}\))?"

_FORMATS: dict[str, re.Pattern[str]] = {
    "apa": re.compile(rf"(?P<fam>{_SURNAME}),[ ]?(?P<giv>{_INITS}){_ALT}{_SUFFIX}"),
    "gost": re.compile(rf"(?P<fam>{_SURNAME})[ ](?P<giv>{_INITS}){_ALT}"),
    "initials": re.compile(rf"(?P<giv>{_INITS})[ ]?(?P<fam>{_SURNAME_MIXED})(?![{_L}{_U}.])"),
    "vancouver": re.compile(
        rf"(?P<fam>{_SURNAME})[ ](?P<giv>[{_U}]{{1,3}})(?![{_L}{_U}\-'])(?:[ ](?P<suf>Jr|Sr|II|III|IV)\b\.?)?"
    ),
}
# Full given names: "Deuchar, Margaret", "Ахманова, Ольга С.", then "and Johanne Villeneuve".
_GIVEN_WORD = rf"[{_U}][{_L}]+(?:-[{_U}][{_L}]+)?"
_FULL_INVERTED = re.compile(
    rf"(?P<fam>{_SURNAME_MIXED}|[{_U}]{{2,}}(?:-[{_U}]{{2,}})?),[ ]"
    rf"(?P<giv>(?:{_GIVEN_WORD}|{_INIT})(?:[ ](?:{_GIVEN_WORD}|{_INIT})){{0,2}})(?![{_L}{_U}])"
)
_FULL_DIRECT_ANY = re.compile(
    rf"(?P<giv>{_GIVEN_WORD}(?:[ ](?:{_INIT}|{_GIVEN_WORD}))?)[ ](?P<fam>{_SURNAME_MIXED})(?![{_L}{_U}])"
)
# Full given names, only used where the segment is known to hold names only.
_FULL = re.compile(
    rf"(?P<fam>{_SURNAME_MIXED}),[ ](?P<giv>(?:[{_U}][{_L}]+|{_INIT})(?:[ \-](?:[{_U}][{_L}]+|{_INIT}))*)"
)
_FULL_DIRECT = re.compile(rf"(?P<giv>[{_U}][{_L}]+[ ]{_INIT})[ ]?(?P<fam>{_SURNAME_MIXED})(?![{_L}{_U}])")

_SEP = re.compile(r"\s*(?:[,;]\s*(?:(?:&|and|и|және|та|und|et|y)\s+)?|(?:&|and|и|және|und|et|y)\s+)")
_SEP_LOOSE = re.compile(r"\s*(?:[,;]\s*(?:(?:&|and|и|және|und|et|y)\s+)?|(?:&|and|и|және|und|et|y)\s+)?")
ETAL_RE = (
    r"(?:\[\s*(?:и\s*др|et\s*al|т\.\s?б)\.?\s*\]|et\s*al\.?|и\s+др\.?|и\s+другие|және\s+т\.\s?б\.?"
    r"|және\s+басқалар[ыі]?|т\.\s?б\.|and\s+others|u\.\s?a\.|…|\.\.\.)"
)
_ETAL = re.compile(rf"\s*,?\s*{ETAL_RE}")


_VANC_INITIALS = re.compile(rf"[{_U}]{{1,3}}")
_WS = re.compile(r"\s+")
_PARTICLE_FAMILY = re.compile(rf"({_PARTICLES})\s+(.+)$")
_SENTENCE_AFTER = re.compile(rf"\.\s+[{_U}\d“\"«]")


@dataclass
class NameList:
    """Names read from text: where they ended, their written shape and flags."""

    names: list[Name] = field(default_factory=list)
    end: int = 0
    shape: str = ""
    et_al: bool = False
    notes: list[str] = field(default_factory=list)


def _initials(giv: str) -> str:
    giv = giv.strip()
    if _VANC_INITIALS.fullmatch(giv):  # Vancouver "LAD" -> "L. A. D."
        return " ".join(f"{c}." for c in giv)
    return _WS.sub(" ", giv).replace(" -", "-").replace("- ", "-")


def _make_name(m: re.Match[str], shape: str) -> tuple[Name, str | None]:
    fam = m.group("fam").strip()
    giv = m.group("giv").strip() if shape == "full" else _initials(m.group("giv"))
    particle = None
    pm = _PARTICLE_FAMILY.match(fam) if " " in fam else None
    if pm and pm.group(2)[:1].isupper():
        particle, fam = pm.group(1), pm.group(2)
    groups = m.groupdict()
    suffix = groups.get("suf")
    alt = groups.get("alt")
    name = Name(family=fam, given=giv or None, non_dropping_particle=particle, suffix=suffix)
    note = f"{m.group(0).strip()}" if alt else None
    return name, note


def _scan(text: str, pos: int, shape: str, pat: re.Pattern[str], loose: bool) -> NameList:
    out = NameList(end=pos, shape=shape)
    m = pat.match(text, pos)
    sep = _SEP_LOOSE if loose else _SEP
    while m:
        name, note = _make_name(m, shape)
        out.names.append(name)
        if note:
            out.notes.append(note)
        p = m.end()
        out.end = p
        e = _ETAL.match(text, p)
        if e:
            out.et_al = True
            out.end = e.end()
            break
        s = sep.match(text, p)
        if not s:
            break
        m = pat.match(text, s.end())
        if m is None and shape == "full" and s.end() > p:
            m = _FULL_DIRECT_ANY.match(text, s.end())
        if m is None and shape in ("apa", "gost") and s.end() > p:
            # "Smith, J., & J. D. Jones" / "Lin W.H., S.K.J. Jean": later names may be direct.
            m = _FORMATS["initials"].match(text, s.end())
            if m and text[m.end() : m.end() + 1] not in (",", ".", "", " ", ":", ";"):
                m = None
    return out


def _plausible(text: str, nl: NameList) -> bool:
    """Reject readings that leave the text in an unlikely place (e.g. inside a word)."""
    if not nl.names:
        return False
    rest = text[nl.end :].lstrip()
    if nl.shape == "initials":
        fam = nl.names[0].family or ""
        sentence = _SENTENCE_AFTER.match(rest) and len(fam) >= 3
        if len(nl.names) == 1 and not rest.startswith((",", ":", "(", "/")) and not nl.et_al and not sentence:
            return False
        return not fam.isupper()
    if nl.shape == "vancouver" and len(nl.names) == 1 and not nl.et_al:
        # "Smith J (2019)" or "Smith J. Title" are fine; "Smith J something" is not.
        return rest[:1] in ("(", ".", ",", ":", "") or rest[:4].isdigit()
    return not (rest[:1].islower() and not nl.et_al)


def scan_names(text: str, pos: int = 0) -> NameList:
    """The author list that starts at ``pos`` (empty NameList when none is recognised)."""
    best = NameList(end=pos)
    for shape, pat in _FORMATS.items():
        nl = _scan(text, pos, shape, pat, loose=False)
        if not _plausible(text, nl):
            continue
        if len(nl.names) > len(best.names) or (len(nl.names) == len(best.names) and nl.end > best.end):
            best = nl
    if not best.names:
        # "Surname, Firstname." only when the list visibly ends (". ", " (", ", eds").
        nl = _scan(text, pos, "full", _FULL_INVERTED, loose=False)
        rest = text[nl.end :]
        ended = text[nl.end - 1 : nl.end] == "." and re.match(rf"\s+[{_U}\d(“\"«]", rest)
        if nl.names and (ended or re.match(r"\s*(?:\.\s|\.$|\(|,\s*(?:eds?|Hrsg|ред)\.)", rest)):
            best = nl
    return best


_SHAPE_HINTS = (
    ("apa", re.compile(rf"[^\s,]+,\s?[{_U}]\.")),
    ("gost", re.compile(rf"[^\s,]+ [{_U}](?:[{_L}]{{1,2}})?\.")),
    ("initials", re.compile(rf"[{_U}](?:[{_L}]{{1,2}})?\.")),
    ("vancouver", re.compile(rf"[^\s,]+ [{_U}]{{1,3}}(?:,|$|\s)")),
)


_NAME_HINT = re.compile(rf"[{_U}](?:[{_L}]{{1,2}})?\.|\b[{_U}]{{1,3}}\b|,|\s(?:and|&|и|және)\s")


def _likely_shape(seg: str) -> str | None:
    for shape, rx in _SHAPE_HINTS:
        if rx.match(seg):
            return shape
    return None


# Words that make a name an organisation's ("Hunyuan Vision Team", "World Bank", "OpenAI").
_ORG_WORDS = frozenset({
    "team", "group", "bank", "nations", "organization", "organisation", "institute", "university",
    "association", "society", "committee", "council", "agency", "commission", "foundation", "ministry",
    "office", "department", "consortium", "project", "inc", "ltd", "llc", "corporation", "company",
    "center", "centre", "fund", "union", "programme", "program", "service", "survey", "board",
    "federation", "laboratory", "lab", "labs", "international", "national", "bureau", "authority",
    "research", "academy", "министерство", "комитет", "институт", "университет", "агентство",
    "организация", "академия", "министрлігі", "комитеті", "институты", "университеті",
})  # fmt: skip
_CAMEL = re.compile(rf"[{_U}]?[{_L}]+[{_U}]|[{_U}]{{2,}}")
_PIECE_SEP = re.compile(r"\s*[,;]\s*(?:(?:and|&|и|және)\s+)?|\s+(?:and|&|и|және)\s+")
_GLUED_INITIAL = re.compile(rf"(?<=[{_U}]\.)(?=[{_U}][{_L}])")
_INITIAL_WORD = re.compile(rf"[{_U}](?:[{_L}]{{0,2}}\.|\.?-[{_U}]\.?|\.?)|[{_U}]{{2,3}}")
_NAME_WORD = re.compile(rf"[{_U}][{_L}]+(?:[{_U}][{_L}]+)?(?:['’\-][{_U}]?[{_L}]+)*")
_PARTICLE_WORDS = frozenset(_PARTICLES.strip("(?:)").split("|"))
_ORG_PIECE_MAX_WORDS = 6


def is_organisation(piece: str) -> bool:
    """True when a piece of an author list names an organisation, not a person."""
    words = piece.replace("-", " ").split()
    if any(w.lower().strip(".,") in _ORG_WORDS for w in words):
        return True
    return len(words) <= 2 and any(_CAMEL.search(w) and not w.isupper() for w in piece.split())


def _direct_name(piece: str) -> Name | None:
    """ "Peter F. Brown", "Stephen A. Della Pietra", "R. T. de Lima", "Zhang Li" as a Name, else None.

    The family name is every word after the last initial (a particle joins it), or the last word
    with the lower-case particles before it.
    """
    words = _GLUED_INITIAL.sub(" ", piece).split()
    if not 2 <= len(words) <= 5 or not _NAME_WORD.fullmatch(words[-1]):
        return None
    kinds = []
    for w in words:
        if _INITIAL_WORD.fullmatch(w):
            kinds.append("i")
        elif w in _PARTICLE_WORDS:
            kinds.append("p")
        elif _NAME_WORD.fullmatch(w):
            kinds.append("w")
        else:
            return None
    pattern = "".join(kinds)
    if "wii" in pattern and not pattern.endswith("ii") and pattern.index("wii") == 0:
        return None  # "Алаев Л. Б. Южная Индия": a GOST name and the title after it
    last_initial = max((k for k, kind in enumerate(kinds) if kind == "i"), default=-1)
    start = last_initial + 1
    if last_initial < 0:
        start = len(words) - 1
        while start > 1 and kinds[start - 1] == "p":
            start -= 1
    if start == 0 or kinds[0] == "p":
        return None
    family = words[start:]
    particle = []
    while len(family) > 1 and family[0] in _PARTICLE_WORDS:
        particle.append(family.pop(0))
    return Name(
        family=" ".join(family),
        given=" ".join(words[:start]),
        non_dropping_particle=" ".join(particle) or None,
    )


def _initials_piece(piece: str) -> tuple[str, str] | None:
    """``("S. J.", "van der")`` for "S. J. van der", ``("C.", "")`` for "C.": initials (or given
    names) with the particles that follow them in an inverted name ("Walt, S. J. van der")."""
    words = piece.split()
    particles: list[str] = []
    while words and words[-1] in _PARTICLE_WORDS:
        particles.insert(0, words.pop())
    if not words or not all(_INITIAL_WORD.fullmatch(w) for w in words):
        return None
    return " ".join(words), " ".join(particles)


def _family_piece(piece: str) -> bool:
    """True for a family name as it opens an inverted name: "Audet", "Le Digabel", "van der Walt"."""
    words = piece.split()
    return (
        1 <= len(words) <= 3
        and _NAME_WORD.fullmatch(words[-1]) is not None
        and all(_NAME_WORD.fullmatch(w) or w in _PARTICLE_WORDS for w in words)
    )


def _listed(pieces: list[str]) -> list[Name] | None:
    """The names of a list's pieces, each a whole name ("Peter F. Brown", "OpenAI") or a family
    name followed by a piece of initials ("Audet", "C."); None when a piece is neither."""
    names: list[Name] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k].strip(" .")
        initials = _initials_piece(pieces[k + 1]) if k + 1 < len(pieces) else None
        if initials is not None and _family_piece(piece):
            given, particle = initials
            names.append(Name(family=piece, given=given, non_dropping_particle=particle or None))
            k += 2
            continue
        if is_organisation(piece) and len(piece.split()) <= _ORG_PIECE_MAX_WORDS:
            names.append(Name(literal=piece))
        elif (name := _direct_name(piece)) is not None:
            names.append(name)
        else:
            return None
        k += 1
    return names


def listed_names(segment: str) -> NameList:
    """Names written out in a list that the four shapes do not read whole: "Firstname Lastname,
    Firstname Lastname, and Firstname Lastname", "Nilsback, M-E. and Zisserman, A.",
    "Brynjolfsson, E., Y. J. Hu, and M. D. Smith", "Walt, S. J. van der", organisations among
    people ("Hunyuan Vision Team, Pengyuan Lyu, et al."). Empty when a piece is none of these."""
    seg = segment.strip().strip(",;")
    if not _INITIAL_WORD.fullmatch(seg.rsplit(" ", 1)[-1]):
        seg = seg.rstrip(".")
    et_al = _ETAL.search(seg)
    if et_al and et_al.end() >= len(seg.rstrip(". ")):
        seg = seg[: et_al.start()].strip(" ,;")
    if not seg:
        return NameList()
    names = _listed([p.strip() for p in _PIECE_SEP.split(seg) if p.strip(" .")])
    if not names or all(n.literal for n in names):
        return NameList()
    return NameList(names=names, end=len(segment), shape="full", et_al=bool(et_al))


_LINE_END_HYPHEN = re.compile(rf"(?<=[{_L}])- (?=[{_L}])")
_COMMA_INITIAL = re.compile(rf"(?<=\b[{_U}]),(?=[{_U}]\.)")
_FINAL_STOP = re.compile(r"(?<=[^\W\d_]{3})\.$")


def _repaired(seg: str) -> str:
    """A names-only segment as it was meant: a word broken at a line end joined ("Trib- ble"), an
    OCR comma inside initials made a full stop ("Э,Б."), the list's final full stop dropped."""
    if "- " in seg:
        seg = _LINE_END_HYPHEN.sub("", seg)
    if "," in seg:
        seg = _COMMA_INITIAL.sub(".", seg)
    return _FINAL_STOP.sub("", seg) if seg.endswith(".") else seg


def parse_name_segment(segment: str) -> NameList:
    """Names in a segment that holds names only ("Smith, J., & Jones, R."; "Evans G. Norris P.").

    When no written shape covers the whole segment, the segment is one organisation (``literal``).
    """
    seg = _repaired(segment.strip().strip(",;"))
    if not seg:
        return NameList()
    target = len(seg.rstrip(". "))
    best = NameList()
    pats: list[tuple[str, re.Pattern[str]]] = [*_FORMATS.items(), ("full", _FULL), ("full", _FULL_DIRECT)]
    if not _NAME_HINT.search(seg):  # no initial, no comma: a person ("Michael Collins") or an organisation
        listed = listed_names(seg) if len(seg.split()) <= 3 and not is_organisation(seg) else NameList()
        if listed.names:
            return listed
        return NameList(names=[Name(literal=seg.rstrip(" .,"))], end=len(segment), shape="literal")
    likely = _likely_shape(seg)
    if likely:  # try the shape the segment starts with first (the same result, sooner)
        pats.sort(key=lambda sp: sp[0] != likely)
    for loose in (False, True):  # every shape read strictly first, then loosely
        for shape, pat in pats:
            nl = _scan(seg, 0, shape, pat, loose)
            if nl.names and nl.end >= target:
                best = nl
                break
        if best.names:
            break
    listed = listed_names(seg)
    if len(listed.names) > len(best.names):
        return listed
    if best.names:
        best.end = len(segment)
        return best
    literal = seg.rstrip(" .,")
    return NameList(names=[Name(literal=literal)], end=len(segment), shape="literal")


_GENITIVE = [
    ("ского", "ский"), ("цкого", "цкий"), ("ской", "ская"), ("цкой", "цкая"),
    ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"),
    ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын"),
    ("ого", "ой"),
]  # fmt: skip


def degenitive(family: str) -> str:
    """A Russian surname in the genitive ("под ред. В.В. Кузнецова") back in the nominative.

    Only the regular -ов/-ев/-ин/-ский endings are changed; anything else is kept as written.
    """
    for ending, nominative in _GENITIVE:
        if family.endswith(ending) and len(family) > len(ending) + 1:
            return family[: -len(ending)] + nominative
    return family
