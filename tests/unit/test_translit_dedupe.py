"""The Kazakh 2018 Latin table (appended to translit for dedupe) and its agreement with fold_key."""

from __future__ import annotations

import pytest

from refman.normalise import fold_key
from refman.translit import SCHEMES, romanise


def test_kz2018_is_a_registered_scheme() -> None:
    assert "kz2018" in SCHEMES


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан Республикасы", "Qazaqstan Respýblıkasy"),
        (
            "Қазақстандағы су ресурстарын басқарудың заманауи әдістері",
            "Qazaqstandaǵy sý resýrstaryn basqarýdyń zamanaýı ádisteri",
        ),
        ("Шығыс Қазақстан облысындағы туризмнің дамуы", "Shyǵys Qazaqstan oblysyndaǵy týrızmniń damýy"),
        ("Өнер және Үміт", "Óner jáne Úmit"),
        ("Чай", "Chaı"),
    ],
)
def test_kz2018_romanisation(cyrillic: str, latin: str) -> None:
    assert romanise(cyrillic, lang="kk", scheme="kz2018") == latin


@pytest.mark.parametrize("scheme", [s for s in SCHEMES if s != "lc"])
@pytest.mark.parametrize(
    "text",
    [
        "Қазақстандағы су ресурстарын басқарудың заманауи әдістері",
        "Шығыс Қазақстан облысындағы туризмнің дамуы",
        "Методы оптимизации транспортных потоков в крупных городах",
        "Нұрғалиева Жансүгіров Әлиев Құрманғали",
    ],
)
def test_every_scheme_folds_to_the_cyrillic_key(scheme: str, text: str) -> None:
    assert fold_key(romanise(text, scheme=scheme)) == fold_key(text)
