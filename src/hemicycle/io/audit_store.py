"""The audit workflow in the embedded DuckDB file: manifests, seed, sample, observed ballots,
and the risk after each round.

Tables carry an ``audit_`` prefix beside the results store's tables in the same file
(``hemicycle.duckdb`` by default). Every write is one transaction under the exclusive lock on
``<database>.lock`` that the results store also takes: a failed or interrupted write leaves
the audit as it was. Rows come back as the plain records defined here.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from hemicycle.errors import DataError, HemicycleError

DEFAULT_DB = "hemicycle.duckdb"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS audit_audits (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL "
    "UNIQUE, created_at TIMESTAMP NOT NULL, seed VARCHAR NOT NULL, risk_limit VARCHAR NOT NULL, "
    "kind VARCHAR NOT NULL, test VARCHAR NOT NULL, outcome VARCHAR NOT NULL, "
    "ballots BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS audit_tallies (audit_id INTEGER NOT NULL, position INTEGER NOT "
    "NULL, choice VARCHAR NOT NULL, votes BIGINT NOT NULL, PRIMARY KEY (audit_id, choice))",
    "CREATE TABLE IF NOT EXISTS audit_manifest (audit_id INTEGER NOT NULL, position INTEGER NOT "
    "NULL, batch VARCHAR NOT NULL, ballots BIGINT NOT NULL, PRIMARY KEY (audit_id, batch))",
    "CREATE TABLE IF NOT EXISTS audit_sample (audit_id INTEGER NOT NULL, round INTEGER NOT NULL, "
    "draw BIGINT NOT NULL, ticket VARCHAR NOT NULL, batch VARCHAR NOT NULL, position BIGINT NOT "
    "NULL, generation INTEGER NOT NULL, PRIMARY KEY (audit_id, draw))",
    "CREATE TABLE IF NOT EXISTS audit_observations (audit_id INTEGER NOT NULL, batch VARCHAR NOT "
    "NULL, position BIGINT NOT NULL, reported VARCHAR, audited VARCHAR, recorded_at TIMESTAMP "
    "NOT NULL, PRIMARY KEY (audit_id, batch, position))",
    "CREATE TABLE IF NOT EXISTS audit_rounds (audit_id INTEGER NOT NULL, round INTEGER NOT "
    "NULL, size BIGINT NOT NULL, risks VARCHAR NOT NULL, max_risk DOUBLE NOT NULL, confirmed "
    "BOOLEAN NOT NULL, computed_at TIMESTAMP NOT NULL, PRIMARY KEY (audit_id, round))",
)


class AuditStoreError(HemicycleError, OSError):
    """The database cannot be used: busy beyond the timeout or not a database file."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditRecord:
    """An audit as planned: what is audited, how, and from which seed."""

    name: str
    seed: str
    risk_limit: str
    kind: str
    test: str
    outcome: str
    ballots: int
    tally: tuple[tuple[str, int], ...]
    manifest: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleRow:
    """One draw of the sample, in the round that drew it."""

    round: int
    draw: int
    ticket: str
    batch: str
    position: int
    generation: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ObservationRow:
    """What was read on a sampled ballot: the hand reading and, for comparison, the CVR."""

    batch: str
    position: int
    audited: str | None
    reported: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundRow:
    """The risk of every assertion after a round."""

    round: int
    size: int
    risks: dict[str, float]
    max_risk: float
    confirmed: bool
    computed_at: datetime


class AuditStore:
    """Audits in a database file, opened for each operation and closed after it.

    >>> import tempfile, pathlib
    >>> store = AuditStore(pathlib.Path(tempfile.mkdtemp()) / "h.duckdb")
    >>> store.names()
    ()
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._open: duckdb.DuckDBPyConnection | None = None

    @contextmanager
    def session(self) -> Iterator[AuditStore]:
        """Keep one connection (and the lock) for several operations, as a command does."""
        with self._connect() as con:
            self._open = con
            try:
                yield self
            finally:
                self._open = None

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._open is not None:
            yield self._open
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise AuditStoreError(f"{lock_path}: cannot create the lock file ({error})") from None
        try:
            deadline = time.monotonic() + self.timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise AuditStoreError(
                            f"{self.path}: busy for more than {self.timeout:g} s"
                        ) from None
                    time.sleep(0.05)
            try:
                con = duckdb.connect(str(self.path))
            except duckdb.Error as error:
                raise AuditStoreError(f"{self.path}: not a usable database ({error})") from None
            try:
                for statement in _SCHEMA:
                    con.execute(statement)
                yield con
            finally:
                con.close()
        finally:
            os.close(handle)

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def names(self) -> tuple[str, ...]:
        """The names of the audits in the file."""
        if not self.path.exists():
            return ()
        with self._connect() as con:
            rows = con.execute("SELECT name FROM audit_audits ORDER BY id").fetchall()
            return tuple(str(r[0]) for r in rows)

    def create(self, record: AuditRecord) -> None:
        """Store a new audit; its name must be new."""
        with self._transaction() as con:
            if con.execute("SELECT 1 FROM audit_audits WHERE name = ?", [record.name]).fetchone():
                raise DataError(f"an audit named {record.name!r} exists already")
            row = con.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_audits").fetchone()
            audit_id = int(row[0]) if row else 1
            con.execute(
                "INSERT INTO audit_audits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    audit_id,
                    record.name,
                    _now(),
                    record.seed,
                    record.risk_limit,
                    record.kind,
                    record.test,
                    record.outcome,
                    record.ballots,
                ],
            )
            _insert(
                con,
                "audit_tallies",
                [[audit_id, i, c, v] for i, (c, v) in enumerate(record.tally)],
            )
            _insert(
                con,
                "audit_manifest",
                [[audit_id, i, b, n] for i, (b, n) in enumerate(record.manifest)],
            )

    def audit(self, name: str) -> AuditRecord:
        """The audit with this name."""
        with self._connect() as con:
            audit_id = _audit_id(con, name)
            row = con.execute(
                "SELECT seed, risk_limit, kind, test, outcome, ballots FROM audit_audits "
                "WHERE id = ?",
                [audit_id],
            ).fetchone()
            if row is None:
                raise DataError(f"no audit named {name!r}")
            tally = con.execute(
                "SELECT choice, votes FROM audit_tallies WHERE audit_id = ? ORDER BY position",
                [audit_id],
            ).fetchall()
            manifest = con.execute(
                "SELECT batch, ballots FROM audit_manifest WHERE audit_id = ? ORDER BY position",
                [audit_id],
            ).fetchall()
        return AuditRecord(
            name=name,
            seed=row[0],
            risk_limit=row[1],
            kind=row[2],
            test=row[3],
            outcome=row[4],
            ballots=int(row[5]),
            tally=tuple((str(c), int(v)) for c, v in tally),
            manifest=tuple((str(b), int(n)) for b, n in manifest),
        )

    def add_sample(self, name: str, rows: Sequence[SampleRow]) -> None:
        """Store the draws of a new round; draws must continue the sample."""
        with self._transaction() as con:
            audit_id = _audit_id(con, name)
            row = con.execute(
                "SELECT coalesce(max(draw), 0), coalesce(max(round), 0) FROM audit_sample "
                "WHERE audit_id = ?",
                [audit_id],
            ).fetchone()
            last_draw, last_round = (int(row[0]), int(row[1])) if row else (0, 0)
            for offset, sample in enumerate(rows, start=1):
                if sample.draw != last_draw + offset or sample.round != last_round + 1:
                    raise DataError(
                        f"round {sample.round}, draw {sample.draw} does not continue the sample "
                        f"(round {last_round}, draw {last_draw} so far)"
                    )
            _insert(
                con,
                "audit_sample",
                [
                    [audit_id, s.round, s.draw, s.ticket, s.batch, s.position, s.generation]
                    for s in rows
                ],
            )

    def sample(self, name: str) -> list[SampleRow]:
        """Every draw so far, in order."""
        rows = self._rows(
            name,
            "SELECT round, draw, ticket, batch, position, generation FROM audit_sample "
            "WHERE audit_id = ? ORDER BY draw",
        )
        return [
            SampleRow(
                round=int(r[0]),
                draw=int(r[1]),
                ticket=str(r[2]),
                batch=str(r[3]),
                position=int(r[4]),
                generation=int(r[5]),
            )
            for r in rows
        ]

    def record(self, name: str, observations: Sequence[ObservationRow]) -> int:
        """Store what was read on sampled ballots (a later reading replaces an earlier one).

        Every ballot must be in the sample; nothing is written otherwise.
        """
        with self._transaction() as con:
            audit_id = _audit_id(con, name)
            drawn = {
                (str(b), int(p))
                for b, p in con.execute(
                    "SELECT DISTINCT batch, position FROM audit_sample WHERE audit_id = ?",
                    [audit_id],
                ).fetchall()
            }
            for number, item in enumerate(observations, start=1):
                if (item.batch, item.position) not in drawn:
                    raise DataError(
                        f"ballot {item.position} of batch {item.batch!r} is not in the sample",
                        row=number + 1,
                    )
            now = _now()
            _insert(
                con,
                "audit_observations",
                [[audit_id, o.batch, o.position, o.reported, o.audited, now] for o in observations],
            )
        return len(observations)

    def observations(self, name: str) -> dict[tuple[str, int], ObservationRow]:
        """What was read on each sampled ballot, by (batch, position)."""
        rows = self._rows(
            name,
            "SELECT batch, position, reported, audited FROM audit_observations WHERE audit_id = ?",
        )
        return {
            (str(b), int(p)): ObservationRow(batch=str(b), position=int(p), reported=r, audited=a)
            for b, p, r, a in rows
        }

    def save_round(
        self, name: str, *, round_number: int, size: int, risks: dict[str, float], confirmed: bool
    ) -> RoundRow:
        """Store (or replace) the risks computed after a round."""
        row = RoundRow(
            round=round_number,
            size=size,
            risks=dict(risks),
            max_risk=max(risks.values(), default=0.0),
            confirmed=confirmed,
            computed_at=_now(),
        )
        with self._transaction() as con:
            audit_id = _audit_id(con, name)
            con.execute(
                "INSERT OR REPLACE INTO audit_rounds VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    audit_id,
                    row.round,
                    row.size,
                    json.dumps(row.risks, ensure_ascii=False),
                    row.max_risk,
                    row.confirmed,
                    row.computed_at,
                ],
            )
        return row

    def rounds(self, name: str) -> list[RoundRow]:
        """The risks stored after each round."""
        rows = self._rows(
            name,
            "SELECT round, size, risks, max_risk, confirmed, computed_at FROM audit_rounds "
            "WHERE audit_id = ? ORDER BY round",
        )
        return [_round(r) for r in rows]

    def _rows(self, name: str, query: str) -> list[tuple[Any, ...]]:
        """The rows of ``query``, whose one parameter is the id of the audit ``name``."""
        with self._connect() as con:
            return con.execute(query, [_audit_id(con, name)]).fetchall()


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
    """Insert rows with multi-row VALUES statements (much faster than ``executemany``)."""
    if not rows:
        return
    width = len(rows[0])
    placeholder = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join([placeholder] * len(chunk))
        con.execute(
            f"INSERT OR REPLACE INTO {table} VALUES {values}", [v for row in chunk for v in row]
        )


def _round(row: tuple[Any, ...]) -> RoundRow:
    return RoundRow(
        round=int(row[0]),
        size=int(row[1]),
        risks={str(k): float(v) for k, v in json.loads(row[2]).items()},
        max_risk=float(row[3]),
        confirmed=bool(row[4]),
        computed_at=row[5],
    )


def _audit_id(con: duckdb.DuckDBPyConnection, name: str) -> int:
    row = con.execute("SELECT id FROM audit_audits WHERE name = ?", [name]).fetchone()
    if row is None:
        raise DataError(f"no audit named {name!r}; create it with `hemicycle audit plan --audit`")
    return int(row[0])


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


__all__ = [
    "DEFAULT_DB",
    "AuditRecord",
    "AuditStore",
    "AuditStoreError",
    "ObservationRow",
    "RoundRow",
    "SampleRow",
]
