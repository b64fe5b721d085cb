"""Crossmark updates (corrections, retractions, errata) and subtitles of matched records, over
real HTTP against the local Crossref-compatible server.

Records: tests/data/crossref/updates.jsonl (real, see the README there). The reference strings
below are written by us for these tests, in the usual APA/Vancouver shapes.
"""

from __future__ import annotations

import json
from pathlib import Path

from refman.dedupe import dedupe
from refman.model import Reference
from refman.parse import parse_reference
from refman.resolve import resolve_references
from refman.resolve.records import updates_text
from refman.settings import Settings
from tests.conftest import DATA, NO_DOIORG
from tests.support.crossref_server import CrossrefServer, WorkIndex

RECORDS = [
    json.loads(line)
    for line in (DATA / "crossref" / "updates.jsonl").read_text(encoding="utf-8").splitlines()
]


def _resolve(texts: list[str], tmp_path: Path) -> list[Reference]:
    refs = []
    for i, text in enumerate(texts):
        ref = parse_reference(text, id=f"u{i}")
        ref.refman.raw = text
        refs.append(ref)
    with CrossrefServer(WorkIndex(RECORDS), list_limit=50, single_limit=50) as srv:
        settings = Settings(
            crossref_url=srv.url, doiorg_url=NO_DOIORG, mailto="tests@example.org", cache_dir=tmp_path / "c"
        )
        out, _report = resolve_references(refs, settings)
    return out


def test_corrections_and_erratum_notices_are_recorded_and_reported(tmp_path: Path) -> None:
    corrected, notice = _resolve(
        [
            "van der Pluijm, I., Garinis, G. A., & Brandt, R. M. C. (2006). Impaired genome maintenance "
            "suppresses the growth hormone–insulin-like growth factor 1 axis in mice with Cockayne "
            "syndrome. PLoS Biology, 5(1), e2. https://doi.org/10.1371/journal.pbio.0050002",
            "Du, R., Qiao, X., & Zhao, F. (2019). Corrigendum to “Purification, characterization and "
            "antioxidant activity of dextran produced by Leuconostoc pseudomesenteroides from homemade "
            "wine”. Carbohydrate Polymers, 216, 331. https://doi.org/10.1016/j.carbpol.2019.04.006",
        ],
        tmp_path,
    )
    match = corrected.refman.extra["match"]
    assert match["status"] == "matched"
    assert match["updates"] == [
        {
            "relation": "updated-by",
            "type": "correction",
            "DOI": "10.1371/journal.pbio.0060304",
            "date": [2008, 11, 25],
        }
    ]
    assert updates_text(corrected) == "correction by 10.1371/journal.pbio.0060304 (2008-11-25)"
    match = notice.refman.extra["match"]
    assert match["status"] == "matched"
    assert [(u["relation"], u["type"], u["DOI"]) for u in match["updates"]] == [
        ("update-to", "erratum", "10.1016/j.carbpol.2018.06.116")
    ]
    assert updates_text(notice).startswith("erratum notice updating 10.1016/j.carbpol.2018.06.116")


def test_subtitle_is_appended_only_when_the_reference_gives_it(tmp_path: Path) -> None:
    with_subtitle, without = _resolve(
        [
            "Asnis, S. E., & Kyle, R. F. (Eds.). (1996). Cannulated screw fixation: Principles and "
            "operative techniques. Springer New York. https://doi.org/10.1007/978-1-4612-2326-9",
            "Watanabe, T. (1974). Infantile syphilis accompanied by anticomplementary effect of "
            "cryoglobulin. Archives of Dermatology, 109(6), 889. "
            "https://doi.org/10.1001/archderm.1974.01630060065019",
        ],
        tmp_path,
    )
    assert with_subtitle.refman.extra["match"]["status"] == "matched"
    assert with_subtitle.title == "Cannulated Screw Fixation: Principles and Operative Techniques"
    assert without.refman.extra["match"]["status"] == "matched"
    assert without.title == "Infantile Syphilis Accompanied by Anticomplementary Effect of Cryoglobulin"
    assert without.refman.extra["match"]["subtitle"] == "Report of a Case"  # kept as evidence


def test_a_retraction_is_shouted_in_the_report() -> None:
    ref = Reference(id="r", type="article-journal")
    ref.refman.extra["match"] = {
        "status": "matched",
        "updates": [{"relation": "updated-by", "type": "retraction", "DOI": "10.5555/24242424x"}],
    }
    assert updates_text(ref) == "RETRACTION by 10.5555/24242424x"


def test_a_preprint_and_its_journal_version_merge_through_crossrefs_relation(tmp_path: Path) -> None:
    journal, preprint = _resolve(
        [
            "Perkins, T. A., Boettiger, C., & Phillips, B. L. (2016). After the games are over: "
            "life-history trade-offs drive dispersal attenuation following range expansion. Ecology "
            "and Evolution, 6(18), 6425–6434. https://doi.org/10.1002/ece3.2314",
            "Perkins, T. A., Boettiger, C., & Phillips, B. L. (2015). After the games are over: "
            "life-history trade-offs drive dispersal attenuation following range expansion. bioRxiv. "
            "https://doi.org/10.1101/014852",
        ],
        tmp_path,
    )
    assert journal.custom["relation"] == {
        "has-preprint": [{"id-type": "doi", "id": "10.1101/014852", "asserted-by": "object"}]
    }
    result = dedupe([journal, preprint])
    assert len(result.items) == 1
    assert result.merges[0].pairs[0].rule == "relation"
    # Without the link the two stay apart (a preprint is not silently merged into its paper).
    unlinked = journal.replace(custom={})
    assert len(dedupe([unlinked, preprint]).items) == 2
