"""Batch-comparison audits in the audit workflow tables: reported and hand-counted batch tallies.

A batch audit is an audit of :mod:`.audit_store` (``audit_audits``, ``audit_tallies``, the
batches and their ballots in ``audit_manifest``, draws in ``audit_sample`` with position 0,
risks in ``audit_rounds``) with two more tables: ``audit_batches`` names each batch by
jurisdiction and batch (the manifest's ``batch`` column holds a label unique in the audit) and
``audit_batch_votes`` holds each batch's votes per choice, ``reported`` or ``audited`` (the
hand count). Writes are single transactions, as in the rest of the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from hemicycle.errors import DataError
from hemicycle.io.audit_store import (
    DEFAULT_DB,
    AuditRecord,
    AuditStore,
    _audit_id,
    _insert,
    _now,
)

_BATCH_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS audit_batches (audit_id INTEGER NOT NULL, position INTEGER NOT "
    "NULL, batch VARCHAR NOT NULL, jurisdiction VARCHAR NOT NULL, name VARCHAR NOT NULL, "
    "PRIMARY KEY (audit_id, batch))",
    "CREATE TABLE IF NOT EXISTS audit_batch_votes (audit_id INTEGER NOT NULL, batch VARCHAR NOT "
    "NULL, source VARCHAR NOT NULL, choice VARCHAR NOT NULL, votes BIGINT NOT NULL, "
    "recorded_at TIMESTAMP NOT NULL, PRIMARY KEY (audit_id, batch, source, choice))",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRow:
    """A batch with its votes per choice (reported, or counted by hand).

    Attributes:
        label: the batch's name in the audit (``audit_manifest.batch``).
        jurisdiction: its jurisdiction, "" when none is named.
        name: its name within the jurisdiction.
        ballots: the ballots it holds (reported).
        votes: votes per choice, in the contest's order of choices.
    """

    label: str
    jurisdiction: str
    name: str
    ballots: int
    votes: tuple[tuple[str, int], ...]


class BatchAuditStore(AuditStore):
    """The audit store with batch tallies; batch operations run in one session.

    >>> import tempfile, pathlib
    >>> BatchAuditStore(pathlib.Path(tempfile.mkdtemp()) / "h.duckdb").names()
    ()
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, timeout: float = 60.0) -> None:
        super().__init__(path, timeout=timeout)
        self._depth = 0

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with super()._connect() as con:
            for statement in _BATCH_SCHEMA:
                con.execute(statement)
            yield con

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        # Reentrant within a session, so that a batch audit and its audit row are one write.
        if self._depth:
            with self._connect() as con:
                yield con
            return
        with super()._transaction() as con:
            self._depth += 1
            try:
                yield con
            finally:
                self._depth -= 1

    @contextmanager
    def _write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction on the session's connection (opening a session if none is open)."""
        if self._open is not None:
            with self._transaction() as con:
                yield con
            return
        with self.session(), self._transaction() as con:
            yield con

    def create_batch_audit(self, record: AuditRecord, batches: Sequence[BatchRow]) -> None:
        """Store a new batch audit with its batches and their reported votes, all or nothing."""
        with self._write() as con:
            self.create(record)
            audit_id = _audit_id(con, record.name)
            _insert(
                con,
                "audit_batches",
                [[audit_id, i, b.label, b.jurisdiction, b.name] for i, b in enumerate(batches)],
            )
            now = _now()
            _insert(
                con,
                "audit_batch_votes",
                [
                    [audit_id, b.label, "reported", choice, votes, now]
                    for b in batches
                    for choice, votes in b.votes
                ],
            )

    def batches(self, name: str) -> list[BatchRow]:
        """The audit's batches in manifest order, with their reported votes."""
        return self._batch_rows(name, "reported")

    def counted(self, name: str) -> dict[str, BatchRow]:
        """The hand counts recorded so far, by batch label."""
        return {row.label: row for row in self._batch_rows(name, "audited") if row.votes}

    def _batch_rows(self, name: str, source: str) -> list[BatchRow]:
        with self._connect() as con:
            audit_id = _audit_id(con, name)
            batches = con.execute(
                "SELECT b.batch, b.jurisdiction, b.name, m.ballots FROM audit_batches b JOIN "
                "audit_manifest m ON m.audit_id = b.audit_id AND m.batch = b.batch WHERE "
                "b.audit_id = ? ORDER BY b.position",
                [audit_id],
            ).fetchall()
            votes = con.execute(
                "SELECT v.batch, v.choice, v.votes FROM audit_batch_votes v JOIN audit_tallies t "
                "ON t.audit_id = v.audit_id AND t.choice = v.choice WHERE v.audit_id = ? AND "
                "v.source = ? ORDER BY t.position",
                [audit_id, source],
            ).fetchall()
        by_batch: dict[str, list[tuple[str, int]]] = {}
        for batch, choice, count in votes:
            by_batch.setdefault(str(batch), []).append((str(choice), int(count)))
        return [
            BatchRow(
                label=str(label),
                jurisdiction=str(jurisdiction),
                name=str(batch_name),
                ballots=int(ballots),
                votes=tuple(by_batch.get(str(label), ())),
            )
            for label, jurisdiction, batch_name, ballots in batches
        ]

    def record_counts(self, name: str, counts: Sequence[BatchRow]) -> int:
        """Store hand counts of drawn batches (a later count replaces an earlier one).

        Every batch must have been drawn; nothing is written otherwise.
        """
        with self._write() as con:
            audit_id = _audit_id(con, name)
            drawn = {
                str(row[0])
                for row in con.execute(
                    "SELECT DISTINCT batch FROM audit_sample WHERE audit_id = ?", [audit_id]
                ).fetchall()
            }
            for number, count in enumerate(counts, start=1):
                if count.label not in drawn:
                    raise DataError(
                        f"batch {count.name!r} has not been drawn", row=number + 1, column="batch"
                    )
            now = _now()
            _insert(
                con,
                "audit_batch_votes",
                [
                    [audit_id, c.label, "audited", choice, votes, now]
                    for c in counts
                    for choice, votes in c.votes
                ],
            )
        return len(counts)


__all__ = ["BatchAuditStore", "BatchRow"]
