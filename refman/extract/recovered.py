"""A missing reference list recovered from the text, for a person to review (pure).

An article that cites ``[7]`` but prints no list still says something about its sources: the
names written beside the numbers ("Ганс Моргентау ... [7]", "Дж. Най мен Р.Кохейн [13]"). Each
cited number becomes a provisional reference holding those names (as written, without their
Kazakh case endings, and romanised) and the sentences that cite it, marked as
:data:`RECOVERED_NOTE` in its title (``[7] Моргентау: recovered from the text, not from a
list``), its ``note`` and ``custom.refman.recovered`` (:class:`Recovered`); its string
(``custom.refman.raw``) is its first citing sentence.
Nothing is asserted: the resolver only looks for candidates by these names, and a person accepts
one or none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from refman.lang import CAPITAL, SMALL, detect_language
from refman.model import Citation, Name, Reference, StageRecord
from refman.translit import to_ascii

__all__ = [
    "HEADING_LINE",
    "RECOVERED_NOTE",
    "Recovered",
    "RecoveredName",
    "citing_sentence",
    "names_beside",
    "recover_references",
]

#: How every output marks a recovered reference.
RECOVERED_NOTE = "recovered from the text, not from a list"
#: Characters before a citing sentence (back to the previous citation at most) searched for the
#: names when the sentence names nobody: "Иммануил Валлерстайн ұсынған ..." a paragraph before [18].
LOOK_BACK = 2_000
#: Names taken from the text before a sentence: the last ones written.
LOOK_BACK_NAMES = 3
_CAPITAL = f"[{CAPITAL}]"
_LOWER = f"[{SMALL}'’-]"
_WORD = re.compile(rf"(?:({_CAPITAL}[a-zа-яё]?)\.\s*)?({_CAPITAL}{_LOWER}{{2,}})")
#: A Markdown heading line: a citing sentence starts below it.
HEADING_LINE = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t][^\n]*)?(?:\n|\Z)", re.MULTILINE)
# A heading that a sentence's context runs into ("... [1]. ## Әдебиеттер 1.") and bold marks.
_HEADING_AFTER = re.compile(r"\s#{1,6}(?:\s|$)")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_BOLD = re.compile(r"\*\*|__")
_AND = frozenset({"and", "&", "и", "мен", "пен", "бен", "және"})
# Kazakh case and possessive endings a name takes in running text (Уолтцтың, Канттың).
_KK_ENDINGS = (
    *("нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен", "мен", "бен", "пен"),
    *("тың", "тің", "дың", "дің", "ның", "нің"),
    *("қа", "ке", "ға", "ге", "на", "не", "ты", "ті", "ды", "ді", "ны", "ні", "да", "де", "та", "те"),
)


@dataclass(frozen=True)
class RecoveredName:
    """A name written beside a citation: as written, without its case ending, romanised, and
    whether the citing sentence wrote it (``beside``) or the text before it."""

    written: str
    name: str
    romanised: str
    beside: bool = True

    def to_json(self) -> dict[str, Any]:
        """The name as JSON."""
        out: dict[str, Any] = {"written": self.written, "name": self.name, "romanised": self.romanised}
        return out | {"beside": self.beside}


@dataclass(frozen=True)
class Recovered(StageRecord):
    """``custom.refman.recovered``: a reference recovered from the text (no list printed it): the
    cited ``number``, the ``names`` written beside it and the ``sentences`` that cite it."""

    KEY: ClassVar[str] = "recovered"

    number: int
    names: tuple[RecoveredName, ...]
    sentences: tuple[str, ...]
    note: str = RECOVERED_NOTE

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored under ``custom.refman.recovered``."""
        return {
            "note": self.note,
            "number": self.number,
            "names": [n.to_json() for n in self.names],
            "sentences": list(self.sentences),
        }

    @classmethod
    def from_json(cls, data: Any) -> Recovered:
        """Inverse of :meth:`to_json`."""
        if not isinstance(data, dict):
            raise ValueError("custom.refman.recovered must be an object")
        names = tuple(
            RecoveredName(str(n["written"]), str(n["name"]), str(n["romanised"]), bool(n["beside"]))
            for n in data["names"]
        )
        return cls(int(data["number"]), names, tuple(str(s) for s in data["sentences"]), str(data["note"]))


def _stem(word: str) -> str:
    """A Kazakh name without its case ending (``Уолтцтың`` -> ``Уолтц``); Latin names as written."""
    for ending in _KK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def names_beside(sentence: str) -> list[tuple[str, str]]:
    """The surnames a sentence names, in order, as written and without their case endings (the
    last word of a
    run of capitalised words: ``Ганс Моргентау``, ``Кеннет Уолтцтың``; a lone capitalised word
    after an initial, ``Р.Кохейн``, ``Дж. Най``, right before a citation's bracket, or joined by
    "and" to a name). A lone capitalised word otherwise (a sentence's first word) is no name."""
    runs: list[list[re.Match[str]]] = []
    for m in _WORD.finditer(sentence):
        if runs and sentence[runs[-1][-1].end() : m.start()].strip() == "" and m.group(1) is None:
            runs[-1].append(m)
        else:
            runs.append([m])
    taken = [
        len(run) > 1 or run[-1].group(1) is not None or sentence[run[-1].end() :].lstrip().startswith("[")
        for run in runs
    ]
    for k in range(len(runs) - 2, -1, -1):
        # "Keohane and Nye [4]", "Най мен Кохейн": a name joined to a name
        between = sentence[runs[k][-1].end() : runs[k + 1][0].start()].strip().casefold()
        if not taken[k] and taken[k + 1] and between in _AND:
            taken[k] = True
    out: list[tuple[str, str]] = []
    for run, take in zip(runs, taken, strict=True):
        written = run[-1].group(2)
        if take and all(written != w for w, _ in out):
            out.append((written, _stem(written)))
    return out


def citing_sentence(context: str, bracket: str, own: str | None = None) -> str:
    """The sentence citing ``bracket`` as a recovered reference's text, never a heading or its
    marks: ``own`` (the sentence as the text has it up to the bracket, begun below any heading)
    then the rest of the ``context`` after the bracket, up to a heading it runs into."""
    at = context.find(bracket)
    text = own + context[at + len(bracket) :] if own is not None and at >= 0 else context
    text = _HEADING_AFTER.split(_HEADING_MARK.sub("", text), maxsplit=1)[0]
    return " ".join(_BOLD.sub("", text).split())


def _segment(sentence: str, bracket: str) -> str:
    """The part of a citing sentence that belongs to one of its citations: from the bracket
    before it (if the sentence has several) to the next one."""
    at = sentence.find(bracket)
    if at < 0:
        return sentence
    start = sentence.rfind("]", 0, at) + 1
    end = sentence.find("[", at + len(bracket))
    return sentence[start : end if end >= 0 else len(sentence)]


def recover_references(
    citations: Sequence[Citation],
    source: str,
    before: dict[int, str] | None = None,
    own: dict[int, str] | None = None,
) -> list[Reference]:
    """One provisional reference per cited number (in order), with the names beside its citations
    and the sentences citing it. ``own`` maps a citation's index to its sentence as the text has
    it, up to its bracket (default: its context); ``before`` to the text before that sentence
    (searched when the sentence itself names nobody). Citations are linked to them."""
    by_number: dict[int, list[int]] = {}
    for k, citation in enumerate(citations):
        for number in citation.numbers:
            by_number.setdefault(number, []).append(k)
    refs: list[Reference] = []
    for number in sorted(by_number):
        sentences: list[str] = []
        names: list[RecoveredName] = []
        for k in by_number[number]:
            citing = own.get(k, citations[k].context) if own is not None else citations[k].context
            sentence = citing_sentence(citations[k].context, citations[k].text, own.get(k) if own else None)
            if sentence and sentence not in sentences:
                sentences.append(sentence)
            found = [(w, n, True) for w, n in names_beside(_segment(citing, citations[k].text))]
            if not found and before is not None:
                found = [(w, n, False) for w, n in names_beside(before.get(k, ""))[-LOOK_BACK_NAMES:]]
            for written, name, beside in found:
                if all(name != n.name for n in names):
                    names.append(RecoveredName(written, name, to_ascii(name), beside))
        ref_id = f"{source}-{number}"
        record = Recovered(number, tuple(names), tuple(sentences))
        # only the names its citing sentences write are its authors; the others are kept as leads
        authors = [Name(family=n.name) for n in names if n.beside]
        # every output shows what it is: the title says so, the string is its first citing sentence
        label = f"[{number}] {', '.join(a.family or '' for a in authors)}".rstrip()
        title = f"{label}: {RECOVERED_NOTE}"
        ref = Reference(id=ref_id, type="document", author=authors, title=title, note=RECOVERED_NOTE)
        ref.refman.raw = sentences[0] if sentences else citations[by_number[number][0]].context
        ref.language = detect_language(ref.refman.raw)  # as the parser reads an entry's language
        ref.refman.number = number
        ref.refman.article = source
        ref.refman.line = citations[by_number[number][0]].line  # where it is first cited
        for k in by_number[number]:
            c = citations[k]
            c.references = [*c.references, ref_id]
            cited = {"text": c.text, "line": c.line, "locator": c.locator, "context": c.context}
            ref.refman.cited.append(cited)
        refs.append(record.attach(ref))
    return refs
