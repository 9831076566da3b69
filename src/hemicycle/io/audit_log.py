"""The shared DuckDB database of the web app, and its append-only, hash-chained audit log.

Every write goes through :meth:`Database.write`: it takes the writer's turn, runs the caller's
statements and appends one audit entry (who, when, what, hashes) in the same transaction, so a
write and its record commit together or not at all. Readers run together and see the last
commit. A process killed in the middle of a write leaves the database as it was before the
write (DuckDB's write-ahead log replays only committed transactions). The file is the one the
CLI uses (``hemicycle import``, ``tabulate --db``, ``audit``): :class:`Database` lets go of it
when idle, and hands it to the results store and the audit store of its own process.

Each entry carries ``hash = SHA-256(previous hash + the entry's canonical JSON)``, so changing
or deleting any entry breaks the chain from there on; :func:`verify_chain` finds the first break.
The module offers no way to change or delete an entry.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from hemicycle.errors import HemicycleError

T = TypeVar("T")

GENESIS = "0" * 64
"""The previous hash of the first entry."""

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS audit_log (
        id BIGINT PRIMARY KEY,
        logged_at TIMESTAMP NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        target VARCHAR NOT NULL,
        details VARCHAR NOT NULL,
        sha256 VARCHAR,
        prev_hash VARCHAR NOT NULL,
        hash VARCHAR NOT NULL
    )""",
)


class DatabaseLockedError(HemicycleError, OSError):
    """The database file stayed busy (another process writing, or reading without pause)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(
            f"{path}: database is in use by another process, such as a busy "
            f"`hemicycle serve`, and stayed so beyond the timeout; try again ({reason})"
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One line of the audit log."""

    id: int
    at: datetime
    actor: str
    action: str
    target: str
    details: Mapping[str, Any]
    sha256: str | None
    prev_hash: str
    hash: str


@dataclass(slots=True)
class Transaction:
    """An open write: the cursor to write with, and what the audit entry will say.

    ``target`` and ``details`` may be filled in during the write (with the id of a new row,
    say); ``sha256`` is the hash of the input the write stores, if any.
    """

    cursor: duckdb.DuckDBPyConnection
    target: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    sha256: str | None = None


def entry_hash(
    prev_hash: str,
    *,
    id: int,
    at: datetime,
    actor: str,
    action: str,
    target: str,
    details: str,
    sha256: str | None,
) -> str:
    """SHA-256 of the previous hash and the entry's canonical JSON.

    >>> entry_hash(GENESIS, id=1, at=datetime(2025, 1, 1), actor="a", action="x", target="",
    ...            details="{}", sha256=None)[:16]
    '7b73f95817616043'
    """
    canonical = json.dumps(
        [id, at.isoformat(), actor, action, target, details, sha256],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    """The current time in UTC, without zone (DuckDB ``TIMESTAMP``), to the microsecond."""
    return datetime.now(UTC).replace(tzinfo=None)


class Database:
    """One DuckDB file shared with the CLI: many concurrent readers, one writer at a time,
    every write audited.

    The process keeps one connection to the file while it is in use — each thread reads
    through its own cursor and sees the last commit (DuckDB's multi-version concurrency
    control), and writers take turns — and closes it after ``idle_seconds`` without use, so
    that another process (``hemicycle import`` while the server runs) can open the file in
    between; until then that process waits, as the results store's writers do.
    :meth:`exclusive` closes the connection and holds every reader and writer of this process
    off, for code that opens the file itself (the results store, the audit store).

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> db = Database(os.path.join(folder, "h.duckdb"))
    >>> with db.write(actor="ada", action="note") as tx:
    ...     tx.details["text"] = "hello"
    >>> [(e.actor, e.action, dict(e.details)) for e in entries(db)]
    [('ada', 'note', {'text': 'hello'})]
    >>> verify_chain(db) is None
    True
    >>> db.close()
    """

    def __init__(
        self,
        path: str | Path,
        schema: tuple[str, ...] = (),
        *,
        timeout: float = 60.0,
        idle_seconds: float = 1.0,
    ) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.idle_seconds = idle_seconds
        self._gate = threading.Condition()
        self._users = 0
        self._owner: int | None = None
        self._depth = 0
        self._waiting = 0
        self._writer_lock = threading.RLock()
        self._local = threading.local()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._generation = 0
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._last_use = 0.0
        self._closer: threading.Thread | None = None
        self._stopping = False
        self.apply_schema(SCHEMA + schema)

    # -- the gate: users share the connection; exclusive holds everyone off -----------------

    @contextmanager
    def _using(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor on the open connection, for the length of one operation."""
        me = threading.get_ident()
        if self._owner == me:
            raise RuntimeError("the database is held exclusively by this thread")
        depth = getattr(self._local, "depth", 0)
        if not depth:
            with self._gate:
                while self._owner is not None or self._waiting:
                    self._gate.wait()
                self._users += 1
                try:
                    self._open()
                except BaseException:
                    self._users -= 1
                    self._gate.notify_all()
                    raise
        self._local.depth = depth + 1
        try:
            yield self._cursor()
        finally:
            self._local.depth = depth
            if not depth:
                with self._gate:
                    self._users -= 1
                    self._last_use = time.monotonic()
                    if not self._users:
                        self._gate.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Close the connection and hold off every reader and writer of this process.

        For code that opens the file itself — the results store and the audit store — which
        then takes the file lock as usual.
        """
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        if getattr(self._local, "depth", 0):
            raise RuntimeError("exclusive use cannot start inside a read or write of this thread")
        with self._gate:
            self._waiting += 1
            try:
                while self._owner is not None or self._users:
                    self._gate.wait()
            finally:
                self._waiting -= 1
            self._owner = me
            self._shut()
        try:
            yield
        finally:
            with self._gate:
                self._owner = None
                self._gate.notify_all()

    # -- the connection ------------------------------------------------------------------------

    def _retry(self, connect: Callable[[], T]) -> T:
        deadline = time.monotonic() + self.timeout
        pause = 0.005
        while True:
            try:
                return connect()
            except duckdb.IOException as error:
                if time.monotonic() >= deadline:
                    raise DatabaseLockedError(self.path, str(error).splitlines()[0]) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.1)

    def _open(self) -> None:
        # with the gate held
        if self._connection is None:
            self._connection = self._retry(lambda: duckdb.connect(self.path))
            self._generation += 1
            if self._closer is None or not self._closer.is_alive():
                self._closer = threading.Thread(
                    target=self._close_when_idle, name="hemicycle-db-idle", daemon=True
                )
                self._closer.start()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None or getattr(self._local, "generation", 0) != self._generation:
            with self._gate:
                connection = self._connection
                if connection is None:  # closed between the gate and here: cannot happen
                    raise RuntimeError("the database connection is closed")
                cursor = connection.cursor()
                self._cursors.append(cursor)
            self._local.cursor = cursor
            self._local.generation = self._generation
        return cursor

    def _shut(self) -> None:
        # with the gate held and no user inside
        for cursor in self._cursors:
            cursor.close()
        self._cursors.clear()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _close_when_idle(self) -> None:
        with self._gate:
            while self._connection is not None and not self._stopping:
                idle = time.monotonic() - self._last_use
                if not self._users and self._owner is None and idle >= self.idle_seconds:
                    self._shut()
                    return
                self._gate.wait(timeout=max(self.idle_seconds - idle, 0.05))

    # -- the public operations -----------------------------------------------------------------

    def apply_schema(self, statements: tuple[str, ...]) -> None:
        """Create tables that do not exist yet (statements are ``CREATE … IF NOT EXISTS``)."""
        with self._writer_lock, self._using() as cursor:
            for statement in statements:
                cursor.execute(statement)

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of this thread for reading; each statement sees the last commit."""
        with self._using() as cursor:
            yield cursor

    @contextmanager
    def write(
        self,
        *,
        actor: str,
        action: str,
        target: str = "",
        details: Mapping[str, Any] | None = None,
        sha256: str | None = None,
    ) -> Iterator[Transaction]:
        """One audited transaction: the caller's statements and the audit entry, or nothing."""
        with self._writer_lock, self._using() as cursor:
            cursor.execute("BEGIN TRANSACTION")
            transaction = Transaction(
                cursor=cursor, target=target, details=dict(details or {}), sha256=sha256
            )
            try:
                yield transaction
                _append(transaction, actor=actor, action=action)
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close the connection; a later read or write opens the file again."""
        with self._gate:
            while self._users or self._owner is not None:
                self._gate.wait()
            self._stopping = True
            self._shut()
            self._gate.notify_all()
        if self._closer is not None:
            self._closer.join(timeout=5)
        with self._gate:
            self._stopping = False


def _append(transaction: Transaction, *, actor: str, action: str) -> None:
    cursor = transaction.cursor
    last = cursor.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    number, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = utc_now()
    details = json.dumps(transaction.details, ensure_ascii=False, sort_keys=True)
    digest = entry_hash(
        prev_hash,
        id=number,
        at=at,
        actor=actor,
        action=action,
        target=transaction.target,
        details=details,
        sha256=transaction.sha256,
    )
    cursor.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            number,
            at,
            actor,
            action,
            transaction.target,
            details,
            transaction.sha256,
            prev_hash,
            digest,
        ],
    )


def append(
    cursor: duckdb.DuckDBPyConnection,
    *,
    actor: str,
    action: str,
    target: str = "",
    details: Mapping[str, Any] | None = None,
    sha256: str | None = None,
) -> None:
    """Append an entry inside a transaction another writer holds on the same file (the
    results store's, through its ``before_commit``): the entry commits with its write.

    The caller holds the file for itself (:meth:`Database.exclusive`), so the chain cannot
    move in between.
    """
    transaction = Transaction(
        cursor=cursor, target=target, details=dict(details or {}), sha256=sha256
    )
    _append(transaction, actor=actor, action=action)


def record(
    db: Database,
    *,
    actor: str,
    action: str,
    target: str = "",
    details: Mapping[str, Any] | None = None,
    sha256: str | None = None,
) -> None:
    """Append an entry that stands alone (an observation, a refused login)."""
    with db.write(actor=actor, action=action, target=target, details=details, sha256=sha256):
        pass


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    return AuditEntry(
        id=row[0],
        at=row[1],
        actor=row[2],
        action=row[3],
        target=row[4],
        details=json.loads(row[5]),
        sha256=row[6],
        prev_hash=row[7],
        hash=row[8],
    )


def entries(
    db: Database,
    *,
    limit: int = 1000,
    before: int | None = None,
    action: str | None = None,
    target: str | None = None,
) -> list[AuditEntry]:
    """Entries, newest first, optionally only one action or target, below id ``before``."""
    clauses: list[str] = []
    params: list[object] = []
    if before is not None:
        clauses.append("id < ?")
        params.append(before)
    if action is not None:
        clauses.append("action = ?")
        params.append(action)
    if target is not None:
        clauses.append("target = ?")
        params.append(target)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    with db.read() as cursor:
        rows = cursor.execute(
            f"SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT ?", [*params, limit]
        ).fetchall()
    return [_entry(row) for row in rows]


def count_entries(db: Database, *, action: str | None = None) -> int:
    """How many entries the log holds (of one action, if given)."""
    with db.read() as cursor:
        if action is None:
            row = cursor.execute("SELECT count(*) FROM audit_log").fetchone()
        else:
            row = cursor.execute(
                "SELECT count(*) FROM audit_log WHERE action = ?", [action]
            ).fetchone()
    return int(row[0]) if row else 0


def verify_chain(db: Database) -> int | None:
    """The id of the first entry whose hash does not follow from its predecessor, or None."""
    prev_hash = GENESIS
    with db.read() as cursor:
        rows = cursor.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    for expected, row in enumerate(rows, start=1):
        entry = _entry(row)
        digest = entry_hash(
            prev_hash,
            id=entry.id,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target=entry.target,
            details=row[5],
            sha256=entry.sha256,
        )
        if entry.id != expected or entry.prev_hash != prev_hash or entry.hash != digest:
            return entry.id
        prev_hash = entry.hash
    return None


__all__ = [
    "GENESIS",
    "AuditEntry",
    "Database",
    "DatabaseLockedError",
    "Transaction",
    "append",
    "count_entries",
    "entries",
    "entry_hash",
    "record",
    "utc_now",
    "verify_chain",
]
