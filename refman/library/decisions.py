"""A person's decisions, and how they act on the machine's items (pure).

Every decision is a :class:`Decision` kept in the library's history, against stable ids, with who
made it and when: a ruling on a pair (``rule``), a reference split off its merged item
(``split``: ruled different from every other member, one decision), a field edit (``edit``), an
accepted or rejected Crossref DOI (``accept``, ``reject``), a citation key (``key``), items added
or removed (``add``, ``remove``). :func:`state_of` folds the history (undone decisions left out) into a
:class:`LibraryState`; :func:`apply_decisions` puts it onto a build's items, each decision
recorded on the item as :class:`PersonRecord` (``custom.refman.person``) beside the machine's value
(for a DOI, :func:`machine_doi`; :func:`with_machine_doi` gives it back).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, ClassVar

from refman.dedupe import input_ids
from refman.identifiers import normalise_doi
from refman.model import DATE_FIELDS, NAME_FIELDS, TEXT_FIELDS, Reference, StageRecord, fit_csl
from refman.resolve.records import Resolution
from refman.rulings import Ruling, with_ruling

__all__ = [
    "EDITABLE",
    "KINDS",
    "SPLIT_NOTE",
    "Decision",
    "LibraryState",
    "PersonRecord",
    "apply_decisions",
    "edit_value",
    "machine_doi",
    "state_of",
    "with_key_records",
    "with_machine_doi",
]

#: The kinds of decision, as the history names them.
KINDS = ("rule", "split", "edit", "accept", "reject", "key", "add", "remove")
#: The CSL fields a person may edit (the citation key has its own command).
EDITABLE = ("type", *(k for k in TEXT_FIELDS if k != "citation-key"), *NAME_FIELDS, *DATE_FIELDS)
#: The note a split's rulings carry (shown with them on the review screen).
SPLIT_NOTE = "split off its merged item"
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
#: How the reason of a resolution whose DOI a person rejected begins.
_REJECTED = "a person rejected "


@dataclass(frozen=True)
class Decision:
    """One decision of a person: ``kind`` (one of :data:`KINDS`) on item ``target`` with its
    ``value`` (JSON: the field and its value, the DOI, the key, the other id and the ruling...),
    ``who`` made it and ``when`` (ISO 8601, UTC); ``seq`` its place in the history, ``undone``
    True once taken back."""

    kind: str
    target: str
    value: dict[str, Any]
    who: str
    when: str
    seq: int = 0
    undone: bool = False

    def describe(self) -> str:
        """One line for people: ``edit a-1c2f3e title = "..."``."""
        v = self.value
        what = {
            "rule": lambda: (
                f"{v.get('decision')} {self.target} {v.get('b')}"
                + (f" ({v['note']})" if v.get("note") else "")
            ),
            "split": lambda: f"{self.target} off {', '.join(v.get('from', ()))}",
            "edit": lambda: f"{self.target} {v.get('field')} = {_shown(v.get('value'))}",
            "accept": lambda: f"{self.target} DOI {v.get('DOI')}{_machine_shown(v.get('machine'))}",
            "reject": lambda: f"{self.target} DOI {v.get('DOI')}{_machine_shown(v.get('machine'))}",
            "key": lambda: f"{self.target} key {v.get('key')}",
            "add": lambda: f"{v.get('count', 0)} item(s) from {v.get('source')}",
            "remove": lambda: self.target,
        }.get(self.kind, lambda: self.target)()
        return f"{self.kind} {what}"

    def to_json(self) -> dict[str, Any]:
        """``{"kind", "target", "value", "who", "when", "seq", "undone"}``."""
        return asdict(self)

    def stamp(self) -> dict[str, str]:
        """Who and when, as an item records them."""
        return {"who": self.who, "when": self.when}


def _shown(value: Any) -> str:
    return "(no value)" if value is None else repr(value) if isinstance(value, str) else str(value)


def _machine_shown(machine: Any) -> str:
    """`` (machine: DOI, status)`` of what the machine had; nothing when no build had the item."""
    if not isinstance(machine, dict):
        return ""
    status = f", {machine['status']}" if machine.get("status") else ""
    return f" (machine: {machine.get('DOI') or 'no DOI'}{status})"


@dataclass
class LibraryState:
    """The history folded: the rulings on pairs, and per item id the field edits (field ->
    decision), the accepted DOI, the rejected DOIs (DOI -> decision), the person's key, and
    whether a person removed it."""

    rulings: list[Ruling] = field(default_factory=list)
    edits: dict[str, dict[str, Decision]] = field(default_factory=dict)
    accepted: dict[str, Decision] = field(default_factory=dict)
    rejected: dict[str, dict[str, Decision]] = field(default_factory=dict)
    keys: dict[str, Decision] = field(default_factory=dict)
    removed: dict[str, Decision] = field(default_factory=dict)

    def key_of(self, item_id: str) -> str | None:
        """The key a person gave the item, if any."""
        decision = self.keys.get(item_id)
        return str(decision.value["key"]) if decision is not None else None


def state_of(decisions: Iterable[Decision]) -> LibraryState:
    """The history ``decisions`` (in order) folded into what holds now; undone ones left out."""
    state = LibraryState()
    for d in decisions:
        if d.undone:
            continue
        if d.kind == "rule":
            ruling = d.value.get("decision")
            state.rulings = with_ruling(
                state.rulings,
                d.target,
                str(d.value["b"]),
                None if ruling == "forget" else str(ruling),
                str(d.value.get("note", "")),
            )
        elif d.kind == "split":
            for other in d.value.get("from", ()):
                state.rulings = with_ruling(state.rulings, d.target, str(other), "different", SPLIT_NOTE)
        elif d.kind == "edit":
            state.edits.setdefault(d.target, {})[str(d.value["field"])] = d
        elif d.kind == "accept":
            doi = str(d.value["DOI"])
            state.accepted[d.target] = d
            state.rejected.get(d.target, {}).pop(doi, None)
        elif d.kind == "reject":
            doi = str(d.value["DOI"])
            state.rejected.setdefault(d.target, {})[doi] = d
            if d.target in state.accepted and state.accepted[d.target].value["DOI"] == doi:
                del state.accepted[d.target]
        elif d.kind == "key":
            state.keys[d.target] = d
        elif d.kind == "remove":
            state.removed[d.target] = d
    return state


def edit_value(csl_field: str, text: str) -> Any:
    """The CSL value a person's text gives ``csl_field`` (None: the field emptied). Names are
    ``Family, Given; Family, Given`` (no comma: an organisation); dates ``YYYY[-MM[-DD]]`` or
    free text. ``ValueError`` says what does not fit."""
    if csl_field not in EDITABLE:
        raise ValueError(f"{csl_field!r} is not a field refman edits; fields: {', '.join(EDITABLE)}")
    text = text.strip()
    if not text:
        return None
    if csl_field in NAME_FIELDS:
        names = []
        for part in (p.strip() for p in text.split(";")):
            if not part:
                continue
            family, comma, given = part.partition(",")
            names.append({"family": family.strip(), "given": given.strip()} if comma else {"literal": part})
        return fit_csl(csl_field, names)
    if csl_field in DATE_FIELDS:
        match = _DATE.match(text)
        if match is None:
            return {"literal": text}
        return {"date-parts": [[int(g) for g in match.groups() if g is not None]]}
    if csl_field == "DOI":
        doi = normalise_doi(text)
        if doi is None:
            raise ValueError(f"{text!r} is not a DOI")
        return doi
    return fit_csl(csl_field, text) if csl_field != "type" else text


@dataclass(frozen=True)
class PersonRecord(StageRecord):
    """``custom.refman.person``: what a person decided about the item, beside the machine's values:
    ``edited`` (field -> {"value", "machine", "who", "when"}), ``accepted`` ({"DOI", "machine",
    "who", "when"}, ``machine`` as :func:`machine_doi` gives it), ``rejected`` (a list of those)
    and ``key`` ({"key", "who", "when"})."""

    KEY: ClassVar[str] = "person"

    edited: dict[str, dict[str, Any]] = field(default_factory=dict)
    accepted: dict[str, Any] | None = None
    rejected: tuple[dict[str, Any], ...] = ()
    key: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The record, empty parts left out."""
        out: dict[str, Any] = {}
        if self.edited:
            out["edited"] = self.edited
        if self.accepted is not None:
            out["accepted"] = self.accepted
        if self.rejected:
            out["rejected"] = list(self.rejected)
        if self.key is not None:
            out["key"] = self.key
        return out

    @classmethod
    def from_json(cls, data: Any) -> PersonRecord:
        """Inverse of :meth:`to_json`."""
        if not isinstance(data, dict):
            raise ValueError("custom.refman.person must be an object")
        return cls(
            dict(data.get("edited", {})),
            data.get("accepted"),
            tuple(data.get("rejected", ())),
            data.get("key"),
        )

    def empty(self) -> bool:
        """True when the record holds nothing."""
        return not self.to_json()


def _recorded_machine(person: PersonRecord | None) -> dict[str, Any] | None:
    """What the machine had, as a build recorded it beside a person's accepted or rejected DOI."""
    records = () if person is None else (person.accepted, *person.rejected)
    return next((dict(r["machine"]) for r in records if r and isinstance(r.get("machine"), dict)), None)


def machine_doi(ref: Reference) -> dict[str, Any]:
    """What the machine gave the item as a build wrote it, a person's DOI decisions and DOI edit
    set aside: ``{"DOI": the DOI or None, "status": its resolution's status or None}``."""
    person = PersonRecord.of(ref)
    recorded = _recorded_machine(person)
    if recorded is not None:
        return recorded
    doi = ref.DOI
    if person is not None and "DOI" in person.edited:
        doi = person.edited["DOI"].get("machine")
    resolution = Resolution.of(ref)
    return {"DOI": doi, "status": resolution.status if resolution is not None else None}


def with_machine_doi(ref: Reference) -> Reference:
    """``ref`` with the DOI and resolution status the machine gave it, where a person's accepted
    or rejected DOI (recorded in :class:`PersonRecord` with the machine's) replaced them."""
    machine = _recorded_machine(PersonRecord.of(ref))
    if machine is None:
        return ref
    doi = machine.get("DOI")
    ref = ref.replace(DOI=doi)
    resolution = Resolution.of(ref)
    if resolution is None or not machine.get("status"):
        return ref
    status = str(machine["status"])
    reason = None if (resolution.reason or "").startswith(_REJECTED) else resolution.reason
    found = doi if status == "matched" else resolution.DOI
    return replace(resolution, status=status, DOI=found, reason=reason).attach(ref)


def _latest(decisions: Iterable[Decision | None]) -> Decision | None:
    found = [d for d in decisions if d is not None]
    return max(found, key=lambda d: d.seq) if found else None


def _without_doi(ref: Reference, rejected: set[str]) -> Reference:
    """``ref`` with a rejected DOI taken out of ``DOI`` and of its resolution's candidates."""
    if ref.DOI and normalise_doi(ref.DOI) in rejected:
        ref = ref.replace(DOI=None)
    resolution = Resolution.of(ref)
    if resolution is None:
        return ref
    candidates = tuple(c for c in resolution.candidates if normalise_doi(c.DOI) not in rejected)
    if resolution.DOI is not None and normalise_doi(resolution.DOI) in rejected:
        shown = ", ".join(sorted(rejected))
        resolution = replace(
            resolution, status="unmatched", DOI=None, score=None, reason=f"{_REJECTED}{shown}"
        )
    return replace(resolution, candidates=candidates).attach(ref)


def _apply_one(ref: Reference, state: LibraryState) -> Reference:
    ids = list(dict.fromkeys([ref.id, *input_ids(ref)]))
    rejected = {doi: d for i in ids for doi, d in state.rejected.get(i, {}).items()}
    accepted = _latest(state.accepted.get(i) for i in ids)
    edits: dict[str, Decision] = {}
    for i in ids:
        for name, d in state.edits.get(i, {}).items():
            if name not in edits or d.seq > edits[name].seq:
                edits[name] = d
    if not (rejected or accepted or edits):
        return ref
    machine = machine_doi(ref)
    if rejected:
        ref = _without_doi(ref, set(rejected))
    if accepted is not None:
        ref = ref.replace(DOI=str(accepted.value["DOI"]))
    edited: dict[str, dict[str, Any]] = {}
    if edits:
        csl = ref.to_csl()
        for name, d in sorted(edits.items()):
            value = d.value.get("value")
            edited[name] = {"value": value, "machine": csl.get(name), **d.stamp()}
            if value is None:
                csl.pop(name, None)
            else:
                csl[name] = value
        ref = Reference.from_csl(csl)
    person = PersonRecord(
        edited,
        None if accepted is None else {"DOI": accepted.value["DOI"], "machine": machine, **accepted.stamp()},
        tuple({"DOI": doi, "machine": machine, **d.stamp()} for doi, d in sorted(rejected.items())),
    )
    return person.attach(ref)


def apply_decisions(items: Sequence[Reference], state: LibraryState) -> list[Reference]:
    """``items`` with a person's edits, accepted and rejected DOIs applied (a decision on any id
    a merged item stands for acts on it; the latest wins), each recorded as :class:`PersonRecord`."""
    return [_apply_one(ref, state) for ref in items]


def with_key_records(items: Sequence[Reference], state: LibraryState) -> list[Reference]:
    """``items`` whose key a person gave, recorded as theirs in :class:`PersonRecord`."""
    out = []
    for ref in items:
        decision = state.keys.get(ref.id)
        if decision is not None:
            record = PersonRecord.of(ref) or PersonRecord()
            ref = replace(record, key={"key": decision.value["key"], **decision.stamp()}).attach(ref)
        out.append(ref)
    return out
