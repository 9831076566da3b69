"""The embedded results database: one DuckDB file (``hemicycle.duckdb`` by default), no server.

It holds elections with their results, candidates, ballot totals (per district and per
station) and seat tables; every import with the SHA-256 digest of each file read; laws by id
and text hash; and outcomes as JSON, each with its provenance: the input digests, the law id
and hash, the hemicycle version, the tie-break seeds and the time.

Guarantees:

- **An import is one transaction.** Files are read and every rule of
  :mod:`hemicycle.io.validate` is checked in a private in-memory database first; a file with
  any bad row raises :class:`~hemicycle.io.problems.ValidationError` before the database file is
  opened, so it is left byte for byte as it was. A valid import is written in one transaction:
  a process killed half-way leaves the database as it was before.
- **Concurrent readers, serialised writers.** Writers take an exclusive lock on
  ``<database>.lock`` and readers a shared one, so any number of readers run together and
  writers run one at a time, each waiting (up to ``timeout`` seconds) for the others.
- **Versioned schema.** :data:`MIGRATIONS` upgrade an older file on first use; a file written
  by a newer hemicycle is refused rather than misread.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from hemicycle.errors import DataError, HemicycleError
from hemicycle.io.migrations import MIGRATIONS, SCHEMA_VERSION, Migration
from hemicycle.io.problems import Problem, ValidationError
from hemicycle.io.results import (
    MAX_PROBLEMS,
    TOTAL_COLUMNS,
    SeatRow,
    Source,
    SourceFile,
    check_inputs,
    source_of,
)
from hemicycle.io.staging import Progress, scratch_dir
from hemicycle.io.stored import ElectionSummary, ImportReport, Provenance, StoredOutcome
from hemicycle.types import CandidateRow, DistrictTotals, ResultRow, Results

DEFAULT_DB = "hemicycle.duckdb"

T = TypeVar("T")

BeforeCommit = Callable[[duckdb.DuckDBPyConnection, int], None]
"""Called inside a write's transaction, just before it commits, with the connection and the id
of the new import or outcome: what it writes in the same file commits with the write or not at
all (the web app's audit log)."""


class StoreError(HemicycleError, OSError):
    """The database cannot be used: busy beyond the timeout, not a hemicycle file, or too new."""


def hemicycle_version() -> str:
    """The installed hemicycle version, as provenance records it."""
    try:
        return metadata.version("hemicycle")
    except metadata.PackageNotFoundError:
        return "unknown"


def law_hash(text: str) -> str:
    """The SHA-256 digest of a law's text (UTF-8), which identifies the exact law applied.

    >>> law_hash("")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _unknown_election(name: str) -> DataError:
    return DataError(f"no election named {name!r} in the store; see `hemicycle elections`")


class Store:
    """A hemicycle database file, opened for each operation and closed after it.

    >>> import tempfile, pathlib
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "h.duckdb")
    >>> store.elections()
    ()
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.timeout = timeout

    # -- locking and connections -------------------------------------------------------------

    @contextmanager
    def _lock(self, *, exclusive: bool) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if exclusive:
                raise StoreError(f"{lock_path}: cannot create the lock file ({error})") from None
            yield  # a reader on a read-only folder relies on DuckDB's own lock
            return
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            self._retry(lambda: fcntl.flock(handle, mode | fcntl.LOCK_NB))
            yield
        finally:
            os.close(handle)  # closing the descriptor releases the lock

    def _retry(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` until no other process holds the lock it needs, up to the timeout."""
        deadline = time.monotonic() + self.timeout
        pause = 0.005
        while True:
            try:
                return attempt()
            except (BlockingIOError, duckdb.OperationalError) as error:
                first = str(error).splitlines()[0]
                if not _busy(error):
                    raise StoreError(f"{self.path}: not a usable database ({first})") from None
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{self.path}: busy for more than {self.timeout:g} s ({first})"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    def _open_reader(self) -> duckdb.DuckDBPyConnection:
        try:
            return self._retry(lambda: duckdb.connect(str(self.path), read_only=True))
        except duckdb.Error as error:
            first = str(error).splitlines()[0]
            raise StoreError(f"{self.path}: not a usable database ({first})") from None

    @contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A read-only connection, or None when the file holds no hemicycle tables yet.

        Reading never creates or changes the file, except to upgrade an older hemicycle schema.
        """
        if not self.path.exists():
            yield None
            return
        for attempt in range(2):
            with self._lock(exclusive=False):
                con = self._open_reader()
                try:
                    version = _version(con)
                    self._check_version(version)
                    if attempt == 1 or not 0 < version < SCHEMA_VERSION:
                        yield con if version else None
                        return
                finally:
                    con.close()
            with self._writing():
                pass  # brings the schema up to date

    @contextmanager
    def _writing(
        self, con: duckdb.DuckDBPyConnection | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The database attached as ``store`` (and made current) to ``con``, under the lock.

        The schema is brought up to date first; the caller runs its own transaction.
        """
        own = con is None
        connection = duckdb.connect(":memory:") if con is None else con
        with self._lock(exclusive=True):
            try:
                self._retry(
                    lambda: connection.execute("ATTACH $path AS store", {"path": str(self.path)})
                )
            except duckdb.Error as error:
                first = str(error).splitlines()[0]
                raise StoreError(f"{self.path}: not a usable database ({first})") from None
            try:
                connection.execute("USE store")
                self._migrate(connection)
                yield connection
            finally:
                connection.execute("USE memory")
                connection.execute("DETACH store")
                if own:
                    connection.close()

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer hemicycle (schema version {version}; this "
                f"version reads up to {SCHEMA_VERSION})"
            )

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        version = _version(con)
        self._check_version(version)
        pending = [m for m in MIGRATIONS if m.version > version]
        if not pending:
            return
        con.execute("BEGIN")
        try:
            if version == 0:
                con.execute(
                    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                    "description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
                )
            for migration in pending:
                for statement in migration.statements:
                    con.execute(statement)
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [migration.version, migration.description, _now()],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT store")

    def schema_version(self) -> int:
        """The schema version of the database file (0 when it does not exist yet)."""
        with self._reading() as con:
            return 0 if con is None else _version(con)

    # -- import --------------------------------------------------------------------------------

    def import_results(
        self,
        results: Source,
        *,
        candidates: Source | None = None,
        totals: Source | None = None,
        seats: Source | Sequence[SeatRow] | None = None,
        election: str | None = None,
        replace: bool = False,
        max_problems: int = MAX_PROBLEMS,
        progress: Progress | None = None,
        before_commit: BeforeCommit | None = None,
    ) -> ImportReport:
        """Check the files and store them as one election, in one transaction.

        Args:
            results: results ``district,list,candidate,votes`` (and ``station``).
            candidates: candidates file.
            totals: ballot totals per district or per station.
            seats: seat table file or rows.
            election: the election's name; by default the results file's name without suffix.
            replace: replace the data of an election already in the store.
            max_problems: problems to report at most.
            progress: called as ``progress(phase, done, total)``.
            before_commit: called in the write's transaction with the new import's id.

        Raises:
            ValidationError: any input breaks a rule (the database is left untouched), or the
                election exists and ``replace`` is false.
            StoreError: the database is busy beyond the timeout, or too new.
        """
        started = time.perf_counter()
        name = election if election is not None else _default_name(results)
        with scratch_dir() as folder, duckdb.connect(":memory:") as con:
            files = check_inputs(
                con,
                results,
                candidates=candidates,
                totals=totals,
                seats=seats,
                scratch=Path(folder),
                max_problems=max_problems,
                progress=progress,
            )
            if progress is not None:
                progress("writing", 0, 1)
            with self._writing(con):
                import_id, replaced = self._write(con, name, files, replace, before_commit)
            if progress is not None:
                progress("writing", 1, 1)
            sources = tuple(source_of(f) for f in files.values() if f.sha256)
        return ImportReport(
            db=str(self.path),
            election=name,
            import_id=import_id,
            replaced=replaced,
            sources=sources,
            seconds=time.perf_counter() - started,
        )

    def _write(
        self,
        con: duckdb.DuckDBPyConnection,
        name: str,
        files: Mapping[str, Any],
        replace: bool,
        before_commit: BeforeCommit | None = None,
    ) -> tuple[int, bool]:
        con.execute("BEGIN")
        try:
            found = con.execute("SELECT id FROM elections WHERE name = ?", [name]).fetchone()
            if found is not None and not replace:
                raise ValidationError(
                    [
                        Problem(
                            file=files["results"].name,
                            row=None,
                            column=None,
                            rule="election_exists",
                            message=f"the store already holds an election named {name!r}; "
                            "replace it or choose another name",
                        )
                    ]
                )
            now = _now()
            if found is None:
                election_id = _next_id(con, "elections")
                con.execute("INSERT INTO elections VALUES (?, ?, ?)", [election_id, name, now])
            else:
                election_id = int(found[0])
                for table in ("results", "candidates", "totals", "stations", "seats"):
                    con.execute(f"DELETE FROM {table} WHERE election_id = ?", [election_id])
            import_id = _next_id(con, "imports")
            con.execute(
                "INSERT INTO imports VALUES (?, ?, ?, ?, ?)",
                [import_id, election_id, now, hemicycle_version(), found is not None],
            )
            for staged in files.values():
                if staged.sha256:
                    con.execute(
                        "INSERT INTO import_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            import_id,
                            staged.role,
                            staged.name,
                            staged.format,
                            staged.sha256,
                            staged.size,
                            staged.records,
                            staged.station_level,
                        ],
                    )
            # Rows keep their record number, so the copy need not keep their order, and
            # DuckDB may then write row groups from several threads at once.
            con.execute("SET preserve_insertion_order = false")
            _copy(con, election_id, files)
            if before_commit is not None:
                before_commit(con, import_id)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT store")
        return import_id, found is not None

    # -- reading -------------------------------------------------------------------------------

    def elections(self) -> tuple[ElectionSummary, ...]:
        """Every election in the store, in the order they were created."""
        with self._reading() as con:
            if con is None:
                return ()
            names = con.execute("SELECT name FROM elections ORDER BY id").fetchall()
            return tuple(_summary(con, str(row[0])) for row in names)

    def election(self, name: str) -> ElectionSummary:
        """One election's summary.

        Raises:
            DataError: no election has that name.
        """
        with self._reading() as con:
            if con is None:
                raise _unknown_election(name)
            return _summary(con, name)

    def results(self, election: str) -> Results:
        """An election's results (summed over stations), candidates and district totals."""
        with self._reading() as con:
            if con is None:
                raise _unknown_election(name=election)
            election_id = _election_id(con, election)
            rows = con.execute(
                "SELECT district, list, candidate, sum(votes) FROM results WHERE election_id = ? "
                "GROUP BY district, list, candidate ORDER BY min(record)",
                [election_id],
            ).fetchall()
            people = con.execute(
                "SELECT district, list, candidate, gender, community, minor_district, rank, "
                "birth_date FROM candidates WHERE election_id = ? ORDER BY record",
                [election_id],
            ).fetchall()
            totals = con.execute(
                f"SELECT district, {', '.join(TOTAL_COLUMNS)} FROM totals WHERE election_id = ? "
                "ORDER BY record",
                [election_id],
            ).fetchall()
        return Results(
            rows=tuple(
                ResultRow(district=d, list=p, candidate=c, votes=int(v)) for d, p, c, v in rows
            ),
            candidates=tuple(
                CandidateRow(
                    district=d,
                    list=p,
                    candidate=c,
                    gender=g,
                    community=k,
                    minor_district=m,
                    rank=None if r is None else int(r),
                    birth_date=b,
                )
                for d, p, c, g, k, m, r, b in people
            ),
            totals=tuple(
                DistrictTotals(
                    district=row[0],
                    **dict(zip(TOTAL_COLUMNS, row[1:], strict=True)),
                )
                for row in totals
            ),
        )

    def seat_table(self, election: str) -> tuple[SeatRow, ...]:
        """The seat table imported with an election (empty when none was given)."""
        with self._reading() as con:
            if con is None:
                raise _unknown_election(election)
            rows = con.execute(
                "SELECT district, seats, community, minor_district FROM seats "
                "WHERE election_id = ? ORDER BY record",
                [_election_id(con, election)],
            ).fetchall()
        return tuple(
            SeatRow(district=d, seats=int(s), community=c, minor_district=m) for d, s, c, m in rows
        )

    # -- laws and outcomes ---------------------------------------------------------------------

    def save_law(self, law_id: str, text: str) -> str:
        """Keep a law's text under its id and hash (once); return the hash."""
        digest = law_hash(text)
        with self._writing() as con:
            con.execute(
                "INSERT INTO laws VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [law_id, digest, text, _now()],
            )
            con.execute("CHECKPOINT store")
        return digest

    def law_text(self, law_id: str, digest: str | None = None) -> str:
        """The text of a stored law (the latest stored under ``law_id`` unless a hash is given).

        Raises:
            DataError: no such law in the store.
        """
        with self._reading() as con:
            row = None
            if con is not None:
                row = con.execute(
                    "SELECT text FROM laws WHERE id = ? AND (? IS NULL OR hash = ?) "
                    "ORDER BY stored_at DESC LIMIT 1",
                    [law_id, digest, digest],
                ).fetchone()
        if row is None:
            raise DataError(f"no law {law_id!r} in the store")
        return str(row[0])

    def save_outcome(
        self,
        outcome: Mapping[str, Any],
        *,
        law_id: str,
        law_text: str,
        election: str | None = None,
        input_hashes: Mapping[str, str] | None = None,
        tie_break_seeds: Sequence[str | int] = (),
        before_commit: BeforeCommit | None = None,
    ) -> StoredOutcome:
        """Store an outcome (a JSON object) with the law it applied and its provenance.

        ``input_hashes`` (role to SHA-256) default to the digests of the election's latest
        import; an outcome computed from files outside the store passes their digests.
        ``before_commit`` is called in the write's transaction with the new outcome's id.

        Raises:
            DataError: the election is unknown, or the outcome is not JSON.
        """
        try:
            document = json.dumps(outcome, ensure_ascii=False)
        except (TypeError, ValueError) as error:
            raise DataError(f"the outcome cannot be written as JSON ({error})") from None
        digest = law_hash(law_text)
        seeds = tuple(str(seed) for seed in tie_break_seeds)
        with self._writing() as con:
            con.execute("BEGIN")
            try:
                election_id = None if election is None else _election_id(con, election)
                hashes = dict(input_hashes) if input_hashes is not None else {}
                if input_hashes is None and election_id is not None:
                    hashes = _latest_hashes(con, election_id)
                con.execute(
                    "INSERT INTO laws VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [law_id, digest, law_text, _now()],
                )
                outcome_id = _next_id(con, "outcomes")
                provenance = Provenance(
                    input_hashes=hashes,
                    law_id=law_id,
                    law_hash=digest,
                    hemicycle_version=hemicycle_version(),
                    tie_break_seeds=seeds,
                    created_at=_now(),
                )
                con.execute(
                    "INSERT INTO outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        outcome_id,
                        election_id,
                        law_id,
                        digest,
                        document,
                        json.dumps(hashes),
                        provenance.hemicycle_version,
                        json.dumps(list(seeds), ensure_ascii=False),
                        provenance.created_at,
                    ],
                )
                if before_commit is not None:
                    before_commit(con, outcome_id)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("CHECKPOINT store")
        return StoredOutcome(
            id=outcome_id, election=election, outcome=json.loads(document), provenance=provenance
        )

    def outcomes(self, election: str | None = None) -> tuple[StoredOutcome, ...]:
        """Stored outcomes in the order they were stored, of one election or of all."""
        with self._reading() as con:
            if con is None:
                return ()
            rows = con.execute(
                f"{_OUTCOMES} WHERE ? IS NULL OR e.name = ? ORDER BY o.id", [election, election]
            ).fetchall()
        return tuple(_outcome(row) for row in rows)

    def outcome(self, outcome_id: int) -> StoredOutcome:
        """One stored outcome.

        Raises:
            DataError: no outcome has that id.
        """
        with self._reading() as con:
            row = None
            if con is not None:
                row = con.execute(f"{_OUTCOMES} WHERE o.id = ?", [outcome_id]).fetchone()
        if row is None:
            raise DataError(f"no outcome {outcome_id} in the store")
        return _outcome(row)


_OUTCOMES = (
    "SELECT o.id, e.name, o.outcome, o.input_hashes, o.law_id, o.law_hash, "
    "o.hemicycle_version, o.tie_break_seeds, o.created_at FROM outcomes o "
    "LEFT JOIN elections e ON e.id = o.election_id"
)


def _outcome(row: tuple[Any, ...]) -> StoredOutcome:
    number, election, document, hashes, law_id, digest, version, seeds, created = row
    return StoredOutcome(
        id=int(number),
        election=election,
        outcome=json.loads(document),
        provenance=Provenance(
            input_hashes=json.loads(hashes),
            law_id=law_id,
            law_hash=digest,
            hemicycle_version=version,
            tie_break_seeds=tuple(json.loads(seeds)),
            created_at=created,
        ),
    )


def _busy(error: Exception) -> bool:
    """Whether an error means that another connection holds the file for now.

    Another process holds DuckDB's file lock (IOException), or another connection of this
    process has the file open (attached, or with another configuration).
    """
    if isinstance(error, BlockingIOError | duckdb.ResourceInUseException):
        return True
    text = str(error).lower()
    if isinstance(error, duckdb.IOException):
        return "lock" in text
    return isinstance(error, duckdb.ConnectionException) and "different configuration" in text


def _version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


def _next_id(con: duckdb.DuckDBPyConnection, table: str) -> int:
    # Writers are serialised by the store's lock, so max + 1 cannot be taken twice.
    row = con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
    return int(row[0]) if row else 1


def _default_name(results: Source) -> str:
    if str(results) == "-":
        raise DataError("name the election when the results come from standard input")
    return Path(results).stem


def _election_id(con: duckdb.DuckDBPyConnection, name: str) -> int:
    row = con.execute("SELECT id FROM elections WHERE name = ?", [name]).fetchone()
    if row is None:
        raise _unknown_election(name)
    return int(row[0])


def _latest_hashes(con: duckdb.DuckDBPyConnection, election_id: int) -> dict[str, str]:
    rows = con.execute(
        "SELECT role, sha256 FROM import_files WHERE import_id = "
        "(SELECT max(id) FROM imports WHERE election_id = ?) ORDER BY role",
        [election_id],
    ).fetchall()
    return {str(role): str(digest) for role, digest in rows}


def _copy(con: duckdb.DuckDBPyConnection, election_id: int, files: Mapping[str, Any]) -> None:
    """Copy the checked staging views into the store's tables."""
    e = int(election_id)
    con.execute(
        f"INSERT INTO results SELECT {e}, _record, district, station, list, candidate, votes "
        "FROM temp.main.clean_results"
    )
    if "candidates" in files:
        con.execute(
            f"INSERT INTO candidates SELECT {e}, _record, district, list, candidate, gender, "
            "community, minor_district, rank, birth_date FROM temp.main.clean_candidates"
        )
    if "totals" in files:
        counts = ", ".join(TOTAL_COLUMNS)
        if files["totals"].station_level:
            con.execute(
                f"INSERT INTO stations SELECT {e}, _record, district, station, {counts} "
                "FROM temp.main.clean_totals"
            )
            sums = ", ".join(
                f"CASE WHEN count({c}) = count(*) THEN sum({c}) END" for c in TOTAL_COLUMNS
            )
            con.execute(
                f"INSERT INTO totals SELECT {e}, row_number() OVER (ORDER BY min(_record)), "
                f"district, {sums} FROM temp.main.clean_totals GROUP BY district"
            )
        else:
            con.execute(
                f"INSERT INTO totals SELECT {e}, _record, district, {counts} "
                "FROM temp.main.clean_totals"
            )
    if "seats" in files:
        con.execute(
            f"INSERT INTO seats SELECT {e}, _record, district, minor_district, community, seats "
            "FROM temp.main.clean_seats"
        )


def _summary(con: duckdb.DuckDBPyConnection, name: str) -> ElectionSummary:
    election_id = _election_id(con, name)
    # Every election has an import: both are written in the same transaction.
    (created, imported, import_id, rows, districts, lists, stations, people, held, polled) = (
        con.execute(
            "SELECT e.created_at, i.imported_at, i.id, r.rows, r.districts, r.lists, r.stations, "
            "(SELECT count(*) FROM candidates WHERE election_id = e.id), "
            "(SELECT count(*) FROM outcomes WHERE election_id = e.id), "
            "(SELECT count(*) FROM stations WHERE election_id = e.id) "
            "FROM elections e JOIN imports i ON i.election_id = e.id, "
            "(SELECT count(*) AS rows, count(DISTINCT district) AS districts, "
            "count(DISTINCT (district, list)) AS lists, count(DISTINCT (district, station)) "
            "FILTER (WHERE station IS NOT NULL) AS stations FROM results WHERE election_id = ?) r "
            "WHERE e.id = ? ORDER BY i.id DESC LIMIT 1",
            [election_id, election_id],
        ).fetchall()[0]
    )
    files = con.execute(
        "SELECT role, file, format, sha256, bytes, rows, station_level FROM import_files "
        "WHERE import_id = ? ORDER BY CASE role WHEN 'results' THEN 0 WHEN 'candidates' THEN 1 "
        "WHEN 'totals' THEN 2 ELSE 3 END",
        [import_id],
    ).fetchall()
    return ElectionSummary(
        name=name,
        created_at=created,
        imported_at=imported,
        import_id=int(import_id),
        result_rows=int(rows),
        districts=int(districts),
        lists=int(lists),
        candidates=int(people),
        stations=max(int(stations), int(polled)),
        outcomes=int(held),
        sources=tuple(
            SourceFile(
                role=role,
                file=file,
                format=kind,
                sha256=digest,
                size=int(size),
                rows=int(count),
                station_level=bool(level),
            )
            for role, file, kind, digest, size, count, level in files
        ),
    )


__all__ = [
    "DEFAULT_DB",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "BeforeCommit",
    "ElectionSummary",
    "ImportReport",
    "Migration",
    "Provenance",
    "Store",
    "StoreError",
    "StoredOutcome",
    "hemicycle_version",
    "law_hash",
]
