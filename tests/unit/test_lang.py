"""Deciding the language of a text and of a reference (refman.lang): Kazakh-only letters give
Kazakh by their share of the words, so a Kazakh name in a Russian string leaves it Russian.

Every string here is CONSTRUCTED for these tests (invented works by real-sounding names).
"""

from __future__ import annotations

import re

import pytest

from refman.lang import (
    CAPITAL,
    CAPITAL_LATIN1,
    CAPITAL_LATIN_EXTENDED,
    CYRILLIC_CAPITAL,
    CYRILLIC_SMALL,
    KAZAKH_LETTERS,
    KAZAKH_SHARE,
    SMALL,
    SMALL_LATIN_EXTENDED,
    detect_language,
    kazakh_evidence,
    reference_language,
)
from refman.parse import parse_reference


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Қазақ эпосы және түркология", "kk"),
        ("Қазақстан тарихы", "kk"),
        ("Ә. Қ.", "kk"),
        ("История Казахстана", "ru"),
        # a Kazakh name in a Russian title: half a point in five words
        ("Жизнь и творчество Абая Құнанбайұлы", "ru"),
        ("В работах Әуезова и Сейфуллина рассматривается история казахской литературы", "ru"),
        ("Kazakh folklore and its collectors", "en"),
        ("1997, 500", None),
    ],
)
def test_detect_language_decides_by_the_share_of_kazakh_evidence(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_kazakh_evidence_counts_a_capitalised_word_as_half() -> None:
    assert kazakh_evidence("Абая Құнанбайұлы өлеңдері") == (1.5, 3)
    assert kazakh_evidence("Ә. Б.") == (0.0, 0)
    evidence, words = kazakh_evidence("Жизнь и творчество Абая Құнанбайұлы")
    assert evidence < KAZAKH_SHARE * words


@pytest.mark.parametrize(
    ("title", "entry", "language"),
    [
        # a short title with no Kazakh letter: the whole entry decides
        ("Абай жолы", "Қоңыратбаев Ә. Абай жолы. Алматы: Ғылым баспасы, 1997. 500 б.", "kk"),
        ("История", "Әуезов М. История. Алматы: Наука, 1997. 500 с.", "ru"),
        ("История Казахстана", "Иванов И.И. История Казахстана. Алматы: Наука, 2001. 300 с.", "ru"),
        # a Kazakh title by an author written in Latin letters is Kazakh
        (
            "БҰҰ мен АС-тың бітімгершілік әріптестігі",
            "Vokeria, S. A. (2022). БҰҰ мен АС-тың бітімгершілік әріптестігі.",
            "kk",
        ),
        ("", "Сейфуллин С. Қазақтың ескі әдебиет нұсқалары. Қызылорда.", "kk"),
        ("Kazakh folklore", "Смагулов А. Kazakh folklore. London: Routledge, 2001.", "en"),
    ],
)
def test_reference_language_takes_the_title_and_the_entry_when_the_title_cannot_tell(
    title: str, entry: str, language: str
) -> None:
    assert reference_language(title, entry) == language


@pytest.mark.parametrize(
    ("raw", "language"),
    [
        ("Қоңыратбаев Ә. Қазақ эпосы және түркология. Алматы: Ғылым, 1987. 368 б.", "kk"),
        ("Қоңыратбаев Ә. Абай жолы. Алматы: Ғылым баспасы, 1997. 500 б.", "kk"),
        ("Иванов И.И. Жизнь и творчество Абая Құнанбайұлы. М.: Наука, 2001. 300 с.", "ru"),
        ("Назарбаев Н.А. Казахстанский путь. Астана: Өнер, 2007. 372 с.", "ru"),
    ],
)
def test_a_parsed_reference_gets_its_language(raw: str, language: str) -> None:
    assert parse_reference(raw).language == language


@pytest.mark.parametrize(
    ("entry", "language"),
    [
        # Kazakh told by its words and its page count, though its title has no Kazakh letter
        ("Әуезов М. Абай жолы. Алматы: Жазушы, 1997.", "kk"),
        ("Сейфуллин С. Тар жол. Алматы, 1994. – 320 б.", "kk"),
        ("Абай туралы естеліктер. Алматы, 1995.", "kk"),
        # the same shapes in Russian stay Russian
        ("Иванов И. И. Путь Абая. Алматы: Наука, 1990. – 320 с.", "ru"),
        ("Ауэзов М. Путь Абая. М.: Художественная литература, 1958.", "ru"),
    ],
)
def test_kazakh_words_and_page_counts_are_evidence(entry: str, language: str) -> None:
    assert parse_reference(entry).language == language


_CAPITALS = (CAPITAL, CYRILLIC_CAPITAL, CAPITAL_LATIN1, CAPITAL_LATIN_EXTENDED)
_SMALLS = (SMALL, CYRILLIC_SMALL, SMALL_LATIN_EXTENDED)


@pytest.mark.parametrize("letter", sorted(KAZAKH_LETTERS))
def test_letter_classes_hold_every_kazakh_letter_in_its_case(letter: str) -> None:
    capitals, smalls = (_CAPITALS, _SMALLS) if letter.isupper() else (_SMALLS, _CAPITALS)
    assert all(re.fullmatch(f"[{fragment}]", letter) for fragment in capitals)
    assert not any(re.fullmatch(f"[{fragment}]", letter) for fragment in smalls)


def test_letter_classes_hold_russian_letters_with_yo() -> None:
    for word in ("ЁЖЯ", "ёжя"):
        fragments = _CAPITALS if word.isupper() else _SMALLS
        assert all(re.fullmatch(f"[{fragment}]+", word) for fragment in fragments)
