"""DOIs Crossref does not hold: kept as written, named in the report, and resolved through doi.org
(its registration-agency API and content negotiation), over real HTTP against local stand-ins of
Crossref (real Crossref records) and doi.org (a real DataCite record, tests/data/doiorg/)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from refman.model import Provenance, Reference
from refman.resolve import resolve_references
from refman.resolve.records import NOT_REGISTERED, Resolution
from refman.settings import Settings
from tests.conftest import DATA
from tests.support.crossref_server import CrossrefServer
from tests.support.doiorg_server import CSL_JSON, DoiOrgServer
from tests.support.process import run_refman

with gzip.open(DATA / "crossref" / "works.jsonl.gz", "rt", encoding="utf-8") as _fh:
    RECORDS = [json.loads(line) for line in _fh]
ZENODO = json.loads((DATA / "doiorg" / "datacite_10.5281_zenodo.7740084.json").read_text(encoding="utf-8"))
ZENODO_DOI = "10.5281/zenodo.7740084"
#: The Zenodo work as an article's reference list cites it (written here, from the record).
ZENODO_CITED = (
    "Barker M., Chue Hong N.P., Van Eijnatten J., Katz D.S. Amsterdam Declaration on Funding "
    "Research Software Sustainability. Zenodo, 2023. https://doi.org/10.5281/zenodo.7740084"
)
UNREGISTERED_DOI = "10.99999/refman.never-registered"
UNREGISTERED_CITED = "Жумабеков А. Қазақ тілі. Алматы, 2019. DOI: 10.99999/refman.never-registered"


@pytest.fixture(scope="module")
def crossref() -> Iterator[CrossrefServer]:
    with CrossrefServer(RECORDS) as server:
        yield server


def settings(
    crossref: CrossrefServer, doiorg: DoiOrgServer, tmp_path: Path, offline: bool = False
) -> Settings:
    return Settings(
        crossref_url=crossref.url, doiorg_url=doiorg.url, cache_dir=tmp_path / "cache", offline=offline
    )


def test_a_datacite_doi_is_resolved_through_doi_org_and_kept(
    crossref: CrossrefServer, tmp_path: Path
) -> None:
    ref = Reference(id="z", DOI=ZENODO_DOI, refman=Provenance(raw=ZENODO_CITED))
    with DoiOrgServer({ZENODO_DOI: ("DataCite", ZENODO)}, busy=1) as doiorg:
        (out,), report = resolve_references([ref], settings(crossref, doiorg, tmp_path))
        resolution = Resolution.of(out)
        assert resolution is not None and resolution.status == "matched" and resolution.agency == "DataCite"
        assert out.DOI == ZENODO_DOI and out.title == ZENODO["title"] and out.publisher == "Zenodo"
        assert [a.family for a in out.author] == ["Barker", "Hong", "Van Eijnatten", "Katz"]
        assert resolution.doi_status is not None and resolution.doi_status.agency == "DataCite"
        assert report.dois_not_in_crossref == [
            {"id": "z", "DOI": ZENODO_DOI, "status": "not in Crossref; registered with DataCite"}
        ]
        # the first answer was a 503 (retried), then the agency, then the record by content negotiation
        assert [p for p, _ in doiorg.log] == [f"/ra/{ZENODO_DOI}"] * 2 + [
            f"/{ZENODO_DOI}",
            f"/agency/{ZENODO_DOI}",
        ]
        assert doiorg.log[2][1] == CSL_JSON
        asked = len(doiorg.log)
        (again,), _ = resolve_references([ref], settings(crossref, doiorg, tmp_path, offline=True))
        assert len(doiorg.log) == asked and again.title == out.title  # from the resolve cache


def test_a_doi_no_agency_holds_stays_as_written(crossref: CrossrefServer, tmp_path: Path) -> None:
    ref = Reference(id="u", DOI=UNREGISTERED_DOI, refman=Provenance(raw=UNREGISTERED_CITED))
    with DoiOrgServer({}) as doiorg:
        (out,), report = resolve_references([ref], settings(crossref, doiorg, tmp_path))
    resolution = Resolution.of(out)
    assert resolution is not None and resolution.status == "unmatched"
    assert out.DOI == UNREGISTERED_DOI
    assert resolution.doi_status is not None and resolution.doi_status.status == NOT_REGISTERED
    assert report.dois_not_in_crossref[0]["DOI"] == UNREGISTERED_DOI


def test_build_keeps_dois_not_in_crossref_and_names_them(crossref: CrossrefServer, tmp_path: Path) -> None:
    folder = tmp_path / "bib"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "paper.md").write_text(
        "# Software funding\n\nAs declared [1], and in Kazakh [2].\n\n## References\n\n"
        f"1. {ZENODO_CITED}\n2. {UNREGISTERED_CITED}\n",
        encoding="utf-8",
    )
    env = {
        "REFMAN_OFFLINE": "0",
        "REFMAN_CROSSREF_URL": crossref.url,
        "REFMAN_CACHE_DIR": str(tmp_path / "cache"),
    }
    with DoiOrgServer({ZENODO_DOI: ("DataCite", ZENODO)}) as doiorg:
        result = run_refman("build", str(folder), env=env | {"REFMAN_DOIORG_URL": doiorg.url})
    assert result.returncode == 0, result.stderr
    items = json.loads((folder / "references.json").read_text(encoding="utf-8"))
    by_doi = {item.get("DOI"): item for item in items}
    assert by_doi[ZENODO_DOI]["title"] == ZENODO["title"]
    assert by_doi[ZENODO_DOI]["custom"]["refman"]["match"]["status"] == "matched"
    assert by_doi[UNREGISTERED_DOI]["custom"]["refman"]["match"]["doi_status"]["status"] == NOT_REGISTERED
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    assert f"doi = {{{ZENODO_DOI}}}" in bib and f"doi = {{{UNREGISTERED_DOI}}}" in bib
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert "DOIs not in Crossref" in report and "2 DOI(s) not in Crossref" in report
    section = report.split("### DOIs not in Crossref")[1]
    assert "registered with DataCite" in section and "not registered with any agency" in section
    report_json = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert {d["DOI"] for d in report_json["resolution"]["dois_not_in_crossref"]} == {
        ZENODO_DOI,
        UNREGISTERED_DOI,
    }


def test_offline_a_build_calls_nothing_unresolved(tmp_path: Path) -> None:
    folder = tmp_path / "bib"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "paper.md").write_text(
        f"# Funding\n\nAs declared [1].\n\n## References\n\n1. {ZENODO_CITED}\n", encoding="utf-8"
    )
    result = run_refman("build", str(folder), "--offline", env={"REFMAN_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    report = (folder / "report.md").read_text(encoding="utf-8")
    assert (
        "### Not checked, and why" in report and "Not resolved" not in report and "unresolved" not in report
    )
    items = json.loads((folder / "references.json").read_text(encoding="utf-8"))
    assert any(item.get("DOI") == ZENODO_DOI for item in items)  # the DOI as written, unchecked


def test_an_agency_record_of_another_work_is_not_taken(crossref: CrossrefServer, tmp_path: Path) -> None:
    cited = "Smith J. Fish population dynamics in the Caspian Sea. Marine Biology, 2010, 12: 1-9."
    ref = Reference(id="w", DOI=ZENODO_DOI, refman=Provenance(raw=cited))
    with DoiOrgServer({ZENODO_DOI: ("DataCite", ZENODO)}) as doiorg:
        (out,), _ = resolve_references([ref], settings(crossref, doiorg, tmp_path))
    resolution = Resolution.of(out)
    assert resolution is not None and resolution.status == "ambiguous" and resolution.agency == "DataCite"
    assert out.DOI is None and resolution.given_DOI == ZENODO_DOI  # kept with the evidence
    assert out.title is None  # nothing of the other work was taken
