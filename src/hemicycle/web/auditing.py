"""Risk-limiting audits of the file in the web app: their plan, sample and risk after each
round, and what observers read on the sampled ballots (or count in the drawn batches).

Audits are planned and sampled with ``hemicycle audit plan|sample`` on the same file; here a
reading is stored as ``hemicycle audit record`` stores it (:mod:`hemicycle.io.audit_store`,
:mod:`hemicycle.io.audit_batch_store`), and once every ballot (or batch) of the sample has been
read, the risk of the round is computed as ``hemicycle audit risk`` computes it
(:func:`hemicycle.audit.workflow.round_risk`; MACRO for batch audits,
:func:`hemicycle.audit.batch_workflow.batch_round_risk`) and stored with the round. Each reading is
recorded in the audit log with the SHA-256 of what was read. Free of FastAPI.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hemicycle.audit.batch_workflow import MACRO_RISK, batch_round_risk, uncounted_batches
from hemicycle.audit.workflow import RoundRisk, round_risk, unread_ballots
from hemicycle.errors import DataError
from hemicycle.io import audit_log
from hemicycle.io.audit_batch_store import BatchAuditStore, BatchRow
from hemicycle.io.audit_log import Database
from hemicycle.io.audit_store import AuditRecord, ObservationRow, RoundRow, SampleRow

BATCH = "batch"


@dataclass(frozen=True, slots=True, kw_only=True)
class Ballot:
    """A sampled ballot (once however often it was drawn) and what was read on it so far."""

    batch: str
    position: int
    round: int
    reading: ObservationRow | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditView:
    """An audit as planned, its sample with the readings, and the risk after each round."""

    record: AuditRecord
    sample: tuple[SampleRow, ...]
    ballots: tuple[Ballot, ...]
    rounds: tuple[RoundRow, ...]
    batches: tuple[BatchRow, ...] = ()
    counted: Mapping[str, BatchRow] = field(default_factory=dict)

    @property
    def is_batch(self) -> bool:
        return self.record.kind == BATCH

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(choice for choice, _ in self.record.tally)

    @property
    def observed(self) -> int:
        """Ballots (or batches) of the sample read so far."""
        if self.is_batch:
            return len({s.batch for s in self.sample} & set(self.counted))
        return sum(1 for b in self.ballots if b.reading is not None)

    @property
    def missing(self) -> int:
        """Ballots (or batches) of the sample still to read."""
        return len(self.ballots) - self.observed

    @property
    def drawn_batches(self) -> tuple[BatchRow, ...]:
        """The batches drawn so far (batch audits), in manifest order."""
        drawn = {s.batch for s in self.sample}
        return tuple(b for b in self.batches if b.label in drawn)

    def as_json(self) -> dict[str, Any]:
        r = self.record
        return {
            "name": r.name,
            "seed": r.seed,
            "risk_limit": r.risk_limit,
            "kind": r.kind,
            "test": r.test,
            "outcome": r.outcome,
            "ballots": r.ballots,
            "tally": dict(r.tally),
            "batches": len(r.manifest),
            "sampled": len(self.sample),
            "observed": self.observed,
            "missing": self.missing,
            "sample": [self._ballot_json(b) for b in self.ballots],
            "rounds": [round_json(x) for x in self.rounds],
        }

    def _ballot_json(self, ballot: Ballot) -> dict[str, Any]:
        if self.is_batch:
            counted = self.counted.get(ballot.batch)
            return {
                "batch": ballot.batch,
                "round": ballot.round,
                "counted": None if counted is None else dict(counted.votes),
            }
        reading = ballot.reading
        return {
            "batch": ballot.batch,
            "position": ballot.position,
            "round": ballot.round,
            "read": reading is not None,
            "audited": None if reading is None else reading.audited,
            "reported": None if reading is None else reading.reported,
        }


def round_json(row: RoundRow) -> dict[str, Any]:
    return {
        "round": row.round,
        "size": row.size,
        "risks": row.risks,
        "max_risk": row.max_risk,
        "confirmed": row.confirmed,
        "computed_at": row.computed_at.isoformat(),
    }


def audit_names(db: Database) -> tuple[str, ...]:
    """The risk-limiting audits in the file (``hemicycle audit plan`` creates them)."""
    with db.exclusive():  # the audit store opens the file for writing, even to read
        return BatchAuditStore(db.path).names()


def _ballots(
    sample: Sequence[SampleRow], seen: Mapping[tuple[str, int], ObservationRow]
) -> tuple[Ballot, ...]:
    first: dict[tuple[str, int], int] = {}
    for s in sample:
        first.setdefault((s.batch, s.position), s.round)
    return tuple(
        Ballot(batch=batch, position=position, round=number, reading=seen.get((batch, position)))
        for (batch, position), number in sorted(first.items())
    )


def audit_view(db: Database, name: str) -> AuditView:
    """One audit (DataError when there is none of that name)."""
    with db.exclusive():
        store = BatchAuditStore(db.path)
        with store.session():
            return _view(store, name)


def _view(store: BatchAuditStore, name: str) -> AuditView:
    record = store.audit(name)
    sample = tuple(store.sample(name))
    rounds = tuple(store.rounds(name))
    if record.kind == BATCH:
        first: dict[str, int] = {}
        for s in sample:
            first.setdefault(s.batch, s.round)
        return AuditView(
            record=record,
            sample=sample,
            ballots=tuple(
                Ballot(batch=label, position=0, round=number, reading=None)
                for label, number in first.items()
            ),
            rounds=rounds,
            batches=tuple(store.batches(name)),
            counted=store.counted(name),
        )
    return AuditView(
        record=record,
        sample=sample,
        ballots=_ballots(sample, store.observations(name)),
        rounds=rounds,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    """What a reading stored, what is still to read, and the round's risk once all is read."""

    audit: str
    recorded: int
    missing: int
    round: RoundRow | None

    def as_json(self) -> dict[str, Any]:
        return {
            "audit": self.audit,
            "recorded": self.recorded,
            "missing": self.missing,
            "round": None if self.round is None else round_json(self.round),
        }


def _digest(items: Any) -> str:
    text = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _choice(record: AuditRecord, value: str | None, what: str, number: int) -> str | None:
    if value is None or value == "":
        return None
    if value not in {choice for choice, _ in record.tally}:
        raise DataError(
            f"reading {number}: unknown choice {value!r} for the {what}; the contest's choices "
            f"are {', '.join(c for c, _ in record.tally)} (none: no valid vote)"
        )
    return value


def record_ballots(
    db: Database, name: str, readings: Sequence[ObservationRow], *, actor: str
) -> Recorded:
    """Store what was read on sampled ballots (a later reading replaces an earlier one) and,
    once the whole sample is read, the risk of the round. Nothing is stored when any reading
    is wrong (a choice of no contest, a ballot not in the sample)."""
    if not readings:
        raise DataError("no ballot was read: choose what each ballot shows")
    with db.exclusive():
        store = BatchAuditStore(db.path)
        with store.session():
            record = store.audit(name)
            if record.kind == BATCH:
                raise DataError(f"audit {name!r} compares batches: record hand counts per batch")
            checked = [
                ObservationRow(
                    batch=r.batch,
                    position=r.position,
                    audited=_choice(record, r.audited, "ballot", number),
                    reported=_choice(record, r.reported, "cast vote record", number)
                    if record.kind == "comparison"
                    else None,
                )
                for number, r in enumerate(readings, start=1)
            ]
            try:
                stored = store.record(name, checked)
            except DataError as error:  # numbered as rows of a CSV file: name the reading
                number = (error.row or 2) - 1
                raise DataError(f"reading {number}: {error.message}") from None
            measured = _measure_ballots(store, name, record)
            view = _view(store, name)
    _log(db, actor, name, [_reading_json(r) for r in checked], stored, measured)
    return Recorded(audit=name, recorded=stored, missing=view.missing, round=measured)


def _reading_json(r: ObservationRow) -> dict[str, Any]:
    return {"batch": r.batch, "position": r.position, "audited": r.audited, "reported": r.reported}


def record_counts(
    db: Database, name: str, counts: Mapping[str, Mapping[str, int]], *, actor: str
) -> Recorded:
    """Store hand counts of drawn batches (label → votes per choice; every choice counted) and,
    once every drawn batch is counted, the MACRO risk of the round."""
    if not counts:
        raise DataError("no batch was counted: give the votes of each choice")
    with db.exclusive():
        store = BatchAuditStore(db.path)
        with store.session():
            record = store.audit(name)
            if record.kind != BATCH:
                raise DataError(f"audit {name!r} samples ballots: record what each ballot shows")
            choices = [choice for choice, _ in record.tally]
            known = {b.label: b for b in store.batches(name)}
            rows = []
            for label, votes in counts.items():
                batch = known.get(label)
                if batch is None:
                    raise DataError(f"batch {label!r} is not in the manifest")
                missing = [c for c in choices if c not in votes]
                unknown = sorted(set(votes) - set(choices))
                if missing or unknown:
                    raise DataError(
                        f"batch {label!r}: give the votes of every choice "
                        f"({', '.join(choices)}; "
                        + (f"missing {missing[0]!r})" if missing else f"unknown {unknown[0]!r})")
                    )
                if any(
                    isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in votes.values()
                ):
                    raise DataError(f"batch {label!r}: votes must be whole numbers >= 0")
                rows.append(
                    BatchRow(
                        label=label,
                        jurisdiction=batch.jurisdiction,
                        name=batch.name,
                        ballots=batch.ballots,
                        votes=tuple((c, votes[c]) for c in choices),
                    )
                )
            try:
                stored = store.record_counts(name, rows)
            except DataError as error:
                raise DataError(error.message) from None
            measured = _measure_batches(store, name, record)
            view = _view(store, name)
    details = [{"batch": r.label, "votes": dict(r.votes)} for r in rows]
    _log(db, actor, name, details, stored, measured)
    return Recorded(audit=name, recorded=stored, missing=view.missing, round=measured)


def _log(
    db: Database,
    actor: str,
    name: str,
    read: list[dict[str, Any]],
    stored: int,
    measured: RoundRow | None,
) -> None:
    details: dict[str, Any] = {"recorded": stored}
    if measured is not None:
        details.update(
            round=measured.round, max_risk=measured.max_risk, confirmed=measured.confirmed
        )
    audit_log.record(
        db,
        actor=actor,
        action="audit.record",
        target=f"audit:{name}",
        details=details,
        sha256=_digest(read),
    )


def _measure_ballots(store: BatchAuditStore, name: str, record: AuditRecord) -> RoundRow | None:
    """The risk of every assertion once every sampled ballot is read (as ``hemicycle audit
    risk``), stored with the round; None while ballots are still to read."""
    sample = store.sample(name)
    seen = store.observations(name)
    if not sample or unread_ballots(sample, seen):
        return None
    return save_round(store, name, round_risk(record, sample, seen))


def _measure_batches(store: BatchAuditStore, name: str, record: AuditRecord) -> RoundRow | None:
    """The MACRO risk once every drawn batch is counted, stored with the round."""
    sample = store.sample(name)
    counted = store.counted(name)
    if not sample or uncounted_batches(sample, counted):
        return None
    measured, _ = batch_round_risk(record, store.batches(name), sample, counted)
    return save_round(store, name, measured)


def save_round(store: BatchAuditStore, name: str, measured: RoundRisk) -> RoundRow:
    """Store the risk of a round with the audit (``hemicycle audit risk`` stores it so too)."""
    return store.save_round(
        name,
        round_number=measured.round,
        size=measured.size,
        risks=measured.risks,
        confirmed=measured.confirmed,
    )


__all__ = [
    "MACRO_RISK",
    "AuditView",
    "Ballot",
    "Recorded",
    "audit_names",
    "audit_view",
    "record_ballots",
    "record_counts",
    "round_json",
    "save_round",
]
