"""The matcher (pure): field agreement, tolerance to real-world noise, and its three answers.

Records here are trimmed copies of real Crossref records from tests/data/crossref/works.jsonl.gz
(looked up by DOI); reference strings are written for these tests (constructed), except where
noted as taken from the rendered set in tests/data/crossref/references.jsonl.
"""

from __future__ import annotations

import copy
import gzip
import json
from functools import cache
from typing import Any

from refman.model import Name, Provenance, Reference
from refman.resolve.evidence import candidate_evidence
from refman.resolve.features import (
    bibliographic_query,
    clean_reference_text,
    ref_features,
    year_filter,
)
from refman.resolve.match import (
    ACCEPT_SCORE,
    MIN_SUPPORT,
    MIN_SUPPORT_WITHOUT_TITLE,
    match_candidates,
    validate_doi_record,
)
from tests.conftest import DATA

CROSSREF = DATA / "crossref"


@cache
def _records() -> dict[str, dict[str, Any]]:
    with gzip.open(CROSSREF / "works.jsonl.gz", "rt", encoding="utf-8") as fh:
        return {r["DOI"].lower(): r for r in map(json.loads, fh)}


def record(doi: str) -> dict[str, Any]:
    return copy.deepcopy(_records()[doi])


def ref(raw: str, **fields: Any) -> Reference:
    return Reference(id="r", refman=Provenance(raw=raw), **fields)


# A real record: Fu, Gui, Liu, Qu (2013), J. Differential Equations 255(7) 1905-1938.
FU = "10.1016/j.jde.2013.05.024"
FU_TITLE = "On the Cauchy problem for the integrable modified Camassa-Holm equation with cubic nonlinearity"
FU_APA = (
    "Fu, Y., Gui, G., Liu, Y., & Qu, C. (2013). On the Cauchy problem for the integrable modified "
    "Camassa-Holm equation with cubic nonlinearity. Journal of Differential Equations, 255(7), 1905-1938."
)


def test_clean_apa_string_matches_with_every_field_supporting() -> None:
    result = match_candidates(ref(FU_APA), [record(FU)])
    assert result.status == "matched"
    assert result.doi == FU
    assert {"title", "author", "year", "volume", "issue", "page", "container"} <= set(
        result.supporting_fields
    )
    assert result.score >= ACCEPT_SCORE
    evidence = result.resolution().to_json()
    assert evidence["status"] == "matched" and evidence["DOI"] == FU
    assert evidence["candidates"][0]["fields"]["page"] == 1.0


def test_surname_typos_wrong_initials_and_abbreviated_container_still_match() -> None:
    noisy = (
        "Fuu, Q., Gul, K., Lui, Y., Qu, C. (2013). On the Cauchy problem for the integrable modified "
        "Camassa-Holm equation with cubic nonlinearity. J. Differ. Equ., 255(7), 1905-38."
    )
    result = match_candidates(ref(noisy), [record(FU)])
    assert result.status == "matched"
    assert "container" in result.supporting_fields and "page" in result.supporting_fields


def test_cyrillic_names_and_a_translated_title_need_other_fields_to_agree() -> None:
    # authors written in Cyrillic, the title in Russian: the title is no evidence either way
    translated = (
        "Фу Й., Гуи Г., Лиу Й., Кью Ч. О задаче Коши для интегрируемого модифицированного уравнения "
        "Камассы–Холма с кубической нелинейностью // Journal of Differential Equations. 2013. Т. 255, "
        "№ 7. С. 1905–1938."
    )
    ev = candidate_evidence(ref_features(ref(translated)), record(FU))
    assert ev.fields["title"] is None
    assert ev.fields["author"] is not None and ev.fields["author"] >= 0.75
    assert ev.support >= MIN_SUPPORT_WITHOUT_TITLE
    assert match_candidates(ref(translated), [record(FU)]).doi == FU
    # with the numbers gone, a translated title and the authors alone are not enough
    bare = (
        "Фу Й., Гуи Г. О задаче Коши для интегрируемого уравнения // Journal of Differential Equations. 2013."
    )
    assert match_candidates(ref(bare), [record(FU)]).status != "matched"


def test_a_different_title_is_rejected_even_when_the_numbers_agree() -> None:
    other = (
        "Fu, Y. (2013). A completely different paper on something else entirely. Journal of "
        "Differential Equations, 255(7), 1905-1938."
    )
    ev = candidate_evidence(ref_features(ref(other)), record(FU))
    assert ev.veto == "the title disagrees"
    assert match_candidates(ref(other), [record(FU)]).status == "unmatched"


def test_wrong_pages_without_title_evidence_are_rejected() -> None:
    no_title = "Fu Y., Gui G., Liu Y., Qu C. // J. Differ. Equ. 2013. Vol. 255, no. 7. P. 1701-1720."
    ev = candidate_evidence(ref_features(ref(no_title)), record(FU))
    assert ev.fields["title"] is None  # no title in the reference: not evidence
    assert ev.veto == "the pages disagree and the title is no evidence"


def test_two_equally_good_candidates_are_ambiguous_not_a_guess() -> None:
    twin = record(FU)
    twin["DOI"] = "10.9999/twin"
    result = match_candidates(ref(FU_APA), [record(FU), twin])
    assert result.status == "ambiguous"
    assert {c.doi for c in result.candidates} == {FU, "10.9999/twin"}
    assert result.doi is None


def test_no_candidates_or_only_bad_ones_is_unmatched() -> None:
    assert match_candidates(ref(FU_APA), []).status == "unmatched"
    stranger = "Smith, J. (1999). Growing tomatoes in cold climates. Garden Journal, 3(1), 10-20."
    result = match_candidates(ref(stranger), [record(FU)])
    assert result.status == "unmatched"
    assert result.candidates[0].veto is not None


def test_a_chapter_is_not_matched_to_the_book_it_appears_in() -> None:
    book = {
        "DOI": "10.9999/book",
        "type": "book",
        "title": ["Introducing Widgets"],
        "author": [{"family": "Lynch", "given": "S."}],
        "issued": {"date-parts": [[2021]]},
        "publisher": "Apress",
    }
    chapter = "Lynch, S. (2021). In Introducing Widgets. Apress."
    ev = candidate_evidence(ref_features(ref(chapter)), book)
    assert ev.veto is not None and "part of this book" in ev.veto


def test_transliteration_variants_and_one_or_two_letter_typos_in_surnames() -> None:
    rec = {
        "DOI": "10.9999/x",
        "type": "journal-article",
        "title": ["Peacekeeping partnerships between the United Nations and the African Union"],
        "author": [{"family": "Bokeriya", "given": "S. A."}],
        "issued": {"date-parts": [[2022]]},
        "container-title": ["Vestnik mezhdunarodnykh organizatsii"],
        "volume": "17",
        "issue": "2",
        "page": "189-207",
    }
    # misspelt surname (Bokeriya -> Vokeria) and a Kazakh title: authors, year, volume, issue, pages
    seed_like = (
        "Vokeria, S. A. (2022). БҰҰ мен АС-тың бітімгершілік саласындағы әріптестігі: үрдістер мен "
        "мәселелер. Халықаралық ұйымдар бюллетені, 17 (2), 189–207."
    )
    ev = candidate_evidence(ref_features(ref(seed_like)), rec)
    assert ev.fields["author"] is not None and ev.fields["author"] >= 0.75
    assert ev.fields["title"] is None
    assert {"year", "volume", "issue", "page"} <= set(ev.supporting_fields)
    # the Cyrillic spelling of the same name
    cyr = ref_features(ref("Бокерия С. А. Партнёрство ООН и АС // Вестник. 2022. Т. 17, № 2. С. 189–207."))
    assert candidate_evidence(cyr, rec).fields["author"] == 1.0


def test_parsed_fields_are_used_when_there_is_no_raw_string() -> None:
    item = Reference(
        id="x",
        type="article-journal",
        title=FU_TITLE,
        author=[Name(family="Fu", given="Y."), Name(family="Gui", given="G.")],
        container_title="Journal of Differential Equations",
        volume="255",
        issue="7",
        page="1905-1938",
    )
    assert match_candidates(item, [record(FU)]).doi == FU
    assert "Camassa-Holm" in bibliographic_query(item)


def test_validate_doi_record_accepts_the_given_doi_unless_the_record_is_another_work() -> None:
    assert validate_doi_record(ref(FU_APA + f" https://doi.org/{FU}"), record(FU)).status == "matched"
    wrong = "Smith, J. (1999). Growing tomatoes in cold climates. Garden Journal, 3(1), 10-20. doi:" + FU
    result = validate_doi_record(ref(wrong), record(FU))
    assert result.status == "ambiguous"
    assert "DOI" in result.supporting_fields


def test_year_filter_has_slack_and_gives_up_on_far_apart_years() -> None:
    assert year_filter(ref("Smith J. Title. J. 2015. Vol. 3.")) == (2013, 2016)
    assert year_filter(ref("Smith J. Proceedings of the 1992 Symposium. IEEE, 2003.")) is None
    assert year_filter(ref("No year at all")) is None


def test_cleaning_drops_list_markers_urls_and_access_dates() -> None:
    text = clean_reference_text(
        "12. Title. URL: https://example.org/x (дата обращения: 22.02.2025). doi:10.1234/abc"
    )
    assert (
        "12" not in text.split()[0] and "example" not in text and "2025" not in text and "10.1234" not in text
    )


def test_thresholds_are_the_documented_constants() -> None:
    assert 0.0 < ACCEPT_SCORE < 1.0
    assert MIN_SUPPORT == 3.0 and MIN_SUPPORT_WITHOUT_TITLE > MIN_SUPPORT
