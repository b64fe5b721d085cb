"""What ``refman browse`` changes, without Textual: a person's decisions stored through the
library (:class:`~refman.library.Library`), and the item as the next build will write it.

Each function opens the library of the build folder only for the moment it writes (it holds the
writer lock), so ``refman build`` or another command can run beside the open browser. The item
in the table is refreshed from the library's state at once (:func:`as_decided`); the outputs
(``references.json``, ``.bib``) change at the next ``refman build``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from refman.dedupe import input_ids
from refman.formats.bibtex_writer import to_bibtex
from refman.formats.collection import SUFFIX_KINDS
from refman.formats.csljson import to_csl_json
from refman.identifiers import normalise_doi
from refman.library import (
    EDITABLE,
    Library,
    LibraryState,
    PersonRecord,
    apply_decisions,
    reconcile,
    with_key_records,
    with_machine_doi,
)
from refman.linkcheck import CheckOptions, LinkResult, check_links, links_from_references, merge_link_results
from refman.model import Reference
from refman.pipeline import RESOLVED_ADDITIONS, article_paths, extract_file
from refman.plugins import parser, resolver
from refman.resolve.records import Resolution
from refman.settings import Settings
from refman.store import BuildFolder

__all__ = [
    "LOCK_WAIT",
    "Candidate",
    "as_decided",
    "build_inputs",
    "candidates",
    "check_item_links",
    "citation",
    "export",
    "field_text",
    "machine_value",
    "resolve_again",
    "undone_additions",
    "with_library",
    "with_links",
    "with_resolution",
]

#: Seconds the browser waits for another writer (a running build) before it says so.
LOCK_WAIT = 10.0
T = TypeVar("T")


def with_library(directory: Path, act: Callable[[Library], T]) -> tuple[T, LibraryState, dict[str, str]]:
    """Run ``act`` on the library of ``directory`` (holding its lock for just that), and return
    its result with the state and keys that hold after it."""
    with Library.open(directory, timeout=LOCK_WAIT) as library:
        result = act(library)
        return result, library.state(), library.keys()


def undone_additions(library: Library) -> set[str]:
    """The ids of the items people added whose addition was undone (hidden in the table)."""
    live = {ref.id for ref in library.store.added_items()}
    return {i.id for i in library.store.identities() if i.article is None and i.id not in live}


def citation(ref: Reference, style: str) -> str:
    """The item as one entry of a reference list in CSL ``style`` (plain text); ``ValueError``
    when the style is unknown or cannot render the item."""
    from refman.render.csl import render_entries  # citeproc-py only once a citation is asked for

    return render_entries([ref], style)[0]


def machine_value(ref: Reference, name: str) -> object:
    """The machine's value of CSL field ``name`` (a person's edit set aside), as CSL."""
    person = PersonRecord.of(ref)
    if person is not None and name in person.edited:
        return person.edited[name].get("machine")
    return ref.to_csl().get(name)


def field_text(value: object) -> str:
    """A CSL value as the text a person edits (names ``Family, Given; ...``, dates ``YYYY-MM-DD``)."""
    if value is None:
        return ""
    if isinstance(value, list):
        parts = []
        for name in value:
            if isinstance(name, dict):
                if name.get("literal"):
                    parts.append(str(name["literal"]))
                else:
                    given = name.get("given")
                    parts.append(
                        f"{name.get('family', '')}, {given}" if given else str(name.get("family", ""))
                    )
            else:
                parts.append(str(name))
        return "; ".join(parts)
    if isinstance(value, dict):
        parts_of = value.get("date-parts")
        if isinstance(parts_of, list) and parts_of and isinstance(parts_of[0], list):
            return "-".join(str(x) for x in parts_of[0])
        return str(value.get("literal") or value.get("raw") or "")
    return str(value)


def _machine(ref: Reference) -> Reference:
    """``ref`` with every field a person edited, and a DOI a person accepted or rejected, back to
    the machine's value."""
    person = PersonRecord.of(ref)
    if person is None:
        return ref
    if not person.edited:
        return with_machine_doi(ref)
    csl = ref.to_csl()
    for name, edit in person.edited.items():
        if name not in EDITABLE:
            continue
        machine = edit.get("machine")
        if machine is None:
            csl.pop(name, None)
        else:
            csl[name] = machine
    return with_machine_doi(Reference.from_csl(csl))


def as_decided(ref: Reference, state: LibraryState, keys: dict[str, str]) -> Reference:
    """The item as the next build writes it: the machine's values with the decisions that hold
    now (an undone edit, accept or reject gives the machine's value back), and its key."""
    base = _machine(ref)
    base = PersonRecord().attach(base) if PersonRecord.of(base) is not None else base
    decided = apply_decisions([base], state)[0]
    key = keys.get(ref.id)
    if key is not None:
        decided = decided.replace(citation_key=key)
    return with_key_records([decided], state)[0]


@dataclass(frozen=True)
class Candidate:
    """A DOI that could be the item's: where it comes from, what it is, and what a person said."""

    DOI: str
    source: str
    evidence: str = ""
    score: float | None = None
    decided: str = ""  # "accepted", "rejected" or ""


def candidates(ref: Reference) -> list[Candidate]:
    """The DOIs the item has or was offered: its own, Crossref's match and the other candidates,
    then those a person rejected (each once)."""
    person = PersonRecord.of(ref) or PersonRecord()
    accepted = normalise_doi(str(person.accepted["DOI"])) if person.accepted else None
    rejected = {normalise_doi(str(r.get("DOI"))) for r in person.rejected}
    out: dict[str, Candidate] = {}

    def offer(doi: str | None, source: str, evidence: str = "", score: float | None = None) -> None:
        norm = normalise_doi(doi) if doi else None
        if norm is None or norm in out:
            return
        decided = "accepted" if norm == accepted else "rejected" if norm in rejected else ""
        out[norm] = Candidate(norm, source, evidence, score, decided)

    offer(ref.DOI, "the item's DOI")
    resolution = Resolution.of(ref)
    if resolution is not None:
        agree = ", ".join(resolution.supporting_fields or ())
        offer(resolution.DOI, f"Crossref match ({resolution.status})", agree, resolution.score)
        for c in resolution.candidates:
            why = f"vetoed: {c.veto}" if c.veto else ", ".join(c.supporting_fields)
            offer(c.DOI, "Crossref candidate", why, c.score)
    for r in person.rejected:
        offer(str(r.get("DOI")), "rejected by a person")
    return list(out.values())


def export(refs: list[Reference], path: Path) -> str:
    """Write ``refs`` to ``path`` as BibTeX (a BibTeX name such as ``.bib``) or CSL-JSON (any
    other); what was written."""
    if SUFFIX_KINDS.get(path.suffix.lower()) == "bibtex":
        text, what = to_bibtex(refs), "BibTeX"
    else:
        text, what = to_csl_json(refs), "CSL-JSON"
    path.write_text(text, encoding="utf-8")
    return f"{len(refs)} item{'s' if len(refs) != 1 else ''} written to {path} ({what})"


def check_item_links(
    ref: Reference, settings: Settings, on_result: Callable[[LinkResult], None] | None = None
) -> list[LinkResult]:
    """Check the links of ``ref`` again, online (the cache refreshed, so the next build shows
    them); ``on_result`` is called as each is known. Nothing when the item has no link."""
    links = links_from_references([ref])
    if not links:
        return []
    return check_links(links, replace(settings, refresh=True), CheckOptions.from_env(), on_result=on_result)


def with_links(ref: Reference, results: Sequence[LinkResult]) -> Reference:
    """``ref`` with the link results of :func:`check_item_links` recorded on it."""
    return merge_link_results([ref], results)[0] if results else ref


def build_inputs(directory: Path, item: Reference, settings: Settings) -> list[Reference]:
    """The references the next build of ``directory`` resolves for ``item`` (every input it
    stands for, under its stable id): read again from its article, or the item a person added."""
    wanted = set(input_ids(item))
    with Library.open(directory, timeout=LOCK_WAIT) as library:
        identities = library.store.identities()
        found = [
            r
            for r in library.store.added_items()
            if r.id in wanted and r.refman.extra.get("added") in RESOLVED_ADDITIONS
        ]
    articles = {i.article for i in identities if i.id in wanted and i.article is not None}
    parse = parser(settings.parser)
    for path in article_paths(BuildFolder(directory)):
        if path.stem in articles:
            extracted = extract_file(path, parse).references
            renamed = reconcile(extracted, identities).renamed
            found += [r.replace(id=renamed[r.id]) for r in extracted if renamed.get(r.id) in wanted]
    return found


def resolve_again(
    refs: Sequence[Reference], settings: Settings, progress: Callable[[int, int], None] | None = None
) -> list[Reference]:
    """``refs`` resolved again, online (the cache refreshed, so the next build gets the same)."""
    resolved, _ = resolver(settings.resolver)(list(refs), replace(settings, refresh=True), progress)
    return resolved


def with_resolution(item: Reference, resolved: Sequence[Reference]) -> Reference:
    """``item`` with the resolution found again for the input it stands for (its own, else the
    first) and the DOI it gives; the other fields follow at the next build."""
    fresh = next((r for r in resolved if r.id == item.id), resolved[0] if resolved else None)
    resolution = Resolution.of(fresh) if fresh is not None else None
    if fresh is None or resolution is None:
        return item
    return resolution.attach(item.replace(DOI=fresh.DOI))
