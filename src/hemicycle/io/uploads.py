"""Tables uploaded to the web app, and the runs computed from them, in the shared database.

An upload is a CSV, XLSX or Parquet file holding either votes per unit (``name,votes`` or
``name,population``) or tidy results (``district,list,candidate,votes``, candidate optional).
It is checked row by row — every problem is reported with its row and column, up to
:data:`MAX_PROBLEMS` — and stored only when it has none, in one audited transaction: a rejected
or interrupted upload leaves the database as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

import duckdb

from hemicycle.errors import DataError
from hemicycle.io.audit_log import Database, utc_now
from hemicycle.io.tables import parse_count
from hemicycle.types import ResultRow

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS datasets (
        id BIGINT PRIMARY KEY,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        row_count BIGINT NOT NULL,
        created_by VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS dataset_rows (
        dataset_id BIGINT NOT NULL,
        row_number BIGINT NOT NULL,
        district VARCHAR,
        list VARCHAR NOT NULL,
        candidate VARCHAR,
        votes BIGINT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS runs (
        id BIGINT PRIMARY KEY,
        dataset_id BIGINT NOT NULL,
        kind VARCHAR NOT NULL,
        parameters VARCHAR NOT NULL,
        result VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        created_by VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        published_by VARCHAR,
        published_at TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS outcome_publications (
        outcome_id BIGINT PRIMARY KEY,
        sha256 VARCHAR NOT NULL,
        published_by VARCHAR NOT NULL,
        published_at TIMESTAMP NOT NULL
    )""",
)

MAX_PROBLEMS = 50
"""An upload's check stops after this many problems."""

VOTES = "votes"
RESULTS = "results"
FORMATS = ("csv", "xlsx", "parquet")


class UploadError(DataError):
    """An upload with problems; ``problems`` lists each one with its row and column."""

    def __init__(self, problems: Sequence[DataError]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - 1
        first = self.problems[0]
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(
            first.message + suffix, file=first.file, row=first.row, column=first.column
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A checked upload: its kind and rows, column by column."""

    file: str
    kind: str
    sha256: str
    row_numbers: list[int] = field(repr=False)
    districts: list[str | None] = field(repr=False)
    lists: list[str] = field(repr=False)
    candidates: list[str | None] = field(repr=False)
    votes: list[int] = field(repr=False)

    def __len__(self) -> int:
        return len(self.lists)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_rows(file: str, data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"is not UTF-8 text (bad byte at offset {error.start})", file=file
        ) from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise DataError(f"is not a readable CSV file ({error})", file=file) from None


def _xlsx_rows(file: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    if not data.startswith(b"PK\x03\x04"):
        raise DataError("is not an XLSX workbook", file=file)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged workbooks
        raise DataError(f"is not a readable XLSX workbook ({error})", file=file) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _parquet_rows(file: str, data: bytes) -> list[list[str]]:
    if not data.startswith(b"PAR1"):
        raise DataError("is not a Parquet file", file=file)
    handle, path = tempfile.mkstemp(suffix=".parquet")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        connection = duckdb.connect()
        try:
            relation = connection.execute("SELECT * FROM read_parquet(?)", [path])
            header = [column[0] for column in relation.description or ()]
            body = relation.fetchall()
        except duckdb.Error as error:
            raise DataError(f"is not a readable Parquet file ({error})", file=file) from None
        finally:
            connection.close()
    finally:
        os.unlink(path)
    return [header, *([_cell(v) for v in row] for row in body)]


def read_upload(file_name: str, data: bytes) -> Table:
    """Check an uploaded file row by row; raise :class:`UploadError` listing its problems.

    >>> table = read_upload("s.csv", b"name,votes\\nA,10\\nB,7\\n")
    >>> table.kind, table.lists, table.votes
    ('votes', ['A', 'B'], [10, 7])
    >>> read_upload("s.csv", b"name,votes\\nA,x\\nA,-1\\n")
    Traceback (most recent call last):
    ...
    hemicycle.io.uploads.UploadError: s.csv: row 2, column 'votes': must be a non-negative \
whole number (not a whole number: 'x') (and 1 more problem)
    """
    file = PurePath(file_name).name or "upload"
    suffix = check_format(file)
    reader = {"csv": _csv_rows, "xlsx": _xlsx_rows, "parquet": _parquet_rows}[suffix]
    rows = reader(file, data)
    if not rows:
        raise DataError("file is empty; expected a header row", file=file)
    header = [cell.strip() for cell in rows[0]]
    table = _check(file, header, rows[1:])
    return Table(
        file=file,
        kind=table[0],
        sha256=hashlib.sha256(data).hexdigest(),
        row_numbers=table[1],
        districts=table[2],
        lists=table[3],
        candidates=table[4],
        votes=table[5],
    )


def check_format(file_name: str) -> str:
    """The format of an upload from its name's suffix, or a DataError naming those accepted.

    >>> check_format("results.CSV")
    'csv'
    """
    file = PurePath(file_name).name or "upload"
    suffix = PurePath(file).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise DataError(
            f"unknown file type {suffix!r}; upload one of: {', '.join(FORMATS)}", file=file
        )
    return suffix


def upload_kind(file_name: str, data: bytes) -> str:
    """:data:`VOTES` when the upload's header is ``name,votes`` (or ``name,population``), else
    :data:`RESULTS` (tidy results, checked by the results store).

    >>> upload_kind("a.csv", b"name,population\\nX,1\\n"), upload_kind("b.csv", b"district,list")
    ('votes', 'results')
    """
    file = PurePath(file_name).name or "upload"
    suffix = PurePath(file).suffix.lower().lstrip(".")
    if suffix == "csv":
        first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip("\r ")
        header = [cell.strip() for cell in first.split(",")]
    elif suffix in FORMATS:
        try:
            rows = {"xlsx": _xlsx_rows, "parquet": _parquet_rows}[suffix](file, data)
        except DataError:
            return RESULTS
        header = [cell.strip() for cell in rows[0]] if rows else []
    else:
        return RESULTS
    return VOTES if set(header) in ({"name", "votes"}, {"name", "population"}) else RESULTS


def _kind(file: str, header: list[str]) -> tuple[str, str]:
    columns = set(header)
    if len(columns) != len(header):
        duplicate = next(c for c in header if header.count(c) > 1)
        raise DataError("column appears twice", file=file, row=1, column=duplicate)
    for count in ("votes", "population"):
        if columns == {"name", count}:
            return VOTES, count
    if columns in ({"district", "list", "votes"}, {"district", "list", "candidate", "votes"}):
        return RESULTS, "votes"
    raise DataError(
        f"header {','.join(header)!r} is neither name,votes (or name,population) "
        "nor district,list,candidate,votes (candidate optional)",
        file=file,
        row=1,
    )


def _check(
    file: str, header: list[str], body: Iterable[Sequence[str]]
) -> tuple[str, list[int], list[str | None], list[str], list[str | None], list[int]]:
    kind, count_column = _kind(file, header)
    position = {column: index for index, column in enumerate(header)}
    problems: list[DataError] = []
    numbers: list[int] = []
    districts: list[str | None] = []
    lists: list[str] = []
    candidates: list[str | None] = []
    votes: list[int] = []
    seen: dict[tuple[str | None, str, str | None], int] = {}
    for number, cells in enumerate(body, start=2):
        if len(problems) >= MAX_PROBLEMS:
            break
        if not any(str(cell).strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                DataError(
                    f"has {len(cells)} cells, the header has {len(header)}", file=file, row=number
                )
            )
            continue
        name_column = "name" if kind == VOTES else "list"
        name = cells[position[name_column]]
        district = cells[position["district"]] if kind == RESULTS else None
        candidate = cells[position["candidate"]] if "candidate" in position else None
        candidate = candidate or None
        bad = False
        for column, value in ((name_column, name), ("district", district)):
            if value is not None and not value.strip():
                problems.append(
                    DataError(f"{column} is empty", file=file, row=number, column=column)
                )
                bad = True
        try:
            count = parse_count(
                cells[position[count_column]], file=file, row=number, column=count_column
            )
        except DataError as error:
            problems.append(error)
            bad = True
        if bad:
            continue
        key = (district, name, candidate)
        if key in seen:
            what = name_column if kind == VOTES else "district,list,candidate"
            problems.append(
                DataError(
                    f"duplicate {what} (first on row {seen[key]})",
                    file=file,
                    row=number,
                    column=name_column,
                )
            )
            continue
        seen[key] = number
        numbers.append(number)
        districts.append(district)
        lists.append(name)
        candidates.append(candidate)
        votes.append(count)
    if problems:
        raise UploadError(problems)
    if not numbers:
        raise DataError("file has a header but no data rows", file=file)
    return kind, numbers, districts, lists, candidates, votes


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset:
    """A stored upload."""

    id: int
    name: str
    kind: str
    file_name: str
    sha256: str
    row_count: int
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """A stored computation on a dataset: its parameters, its result and who published it."""

    id: int
    dataset_id: int
    kind: str
    parameters: Mapping[str, Any]
    result: Mapping[str, Any]
    sha256: str
    created_by: str
    created_at: datetime
    published_by: str | None
    published_at: datetime | None

    @property
    def published(self) -> bool:
        return self.published_at is not None


def _next_id(cursor: duckdb.DuckDBPyConnection, table: str) -> int:
    row = cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
    return int(row[0]) if row else 1


def store_dataset(db: Database, table: Table, *, name: str, actor: str) -> Dataset:
    """Store a checked upload under ``name`` in one audited transaction."""
    name = name.strip() or table.file
    created = utc_now()
    with db.write(actor=actor, action="dataset.import", sha256=table.sha256) as tx:
        number = _next_id(tx.cursor, "datasets")
        tx.target = f"dataset:{number}"
        tx.details.update(name=name, file=table.file, kind=table.kind, rows=len(table))
        tx.cursor.execute(
            "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [number, name, table.kind, table.file, table.sha256, len(table), actor, created],
        )
        tx.cursor.execute(
            "INSERT INTO dataset_rows SELECT ?, unnest(?), unnest(?), unnest(?), unnest(?), "
            "unnest(?)",
            [
                number,
                table.row_numbers,
                table.districts,
                table.lists,
                table.candidates,
                table.votes,
            ],
        )
    return Dataset(
        id=number,
        name=name,
        kind=table.kind,
        file_name=table.file,
        sha256=table.sha256,
        row_count=len(table),
        created_by=actor,
        created_at=created,
    )


def list_datasets(db: Database) -> list[Dataset]:
    """Every dataset, newest first."""
    with db.read() as cursor:
        rows = cursor.execute("SELECT * FROM datasets ORDER BY id DESC").fetchall()
    return [_dataset(row) for row in rows]


def _dataset(row: tuple[Any, ...]) -> Dataset:
    return Dataset(
        id=row[0],
        name=row[1],
        kind=row[2],
        file_name=row[3],
        sha256=row[4],
        row_count=row[5],
        created_by=row[6],
        created_at=row[7],
    )


def get_dataset(db: Database, dataset_id: int) -> Dataset | None:
    """The dataset with this id, if any."""
    with db.read() as cursor:
        row = cursor.execute("SELECT * FROM datasets WHERE id = ?", [dataset_id]).fetchone()
    return None if row is None else _dataset(row)


def dataset_rows(db: Database, dataset_id: int) -> list[ResultRow]:
    """The rows of a dataset in file order (``district`` is empty for votes-per-unit tables)."""
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT district, list, candidate, votes FROM dataset_rows WHERE dataset_id = ? "
            "ORDER BY row_number",
            [dataset_id],
        ).fetchall()
    return [ResultRow(district=d or "", list=p, candidate=c, votes=v) for d, p, c, v in rows]


def dataset_votes(db: Database, dataset_id: int) -> dict[str, int]:
    """Votes per list summed over districts and candidates, in order of first appearance."""
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT list, sum(votes)::BIGINT FROM dataset_rows WHERE dataset_id = ? "
            "GROUP BY list ORDER BY min(row_number)",
            [dataset_id],
        ).fetchall()
    return {name: int(votes) for name, votes in rows}


def store_run(
    db: Database,
    *,
    dataset_id: int,
    kind: str,
    parameters: Mapping[str, Any],
    result: Mapping[str, Any],
    actor: str,
) -> Run:
    """Store a computed result; the audit entry keeps the SHA-256 of its canonical JSON."""
    parameters_text = json.dumps(parameters, ensure_ascii=False, sort_keys=True)
    result_text = json.dumps(result, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(result_text.encode("utf-8")).hexdigest()
    created = utc_now()
    with db.write(actor=actor, action="run.create", sha256=digest) as tx:
        if (
            tx.cursor.execute("SELECT 1 FROM datasets WHERE id = ?", [dataset_id]).fetchone()
            is None
        ):
            raise DataError(f"no dataset with id {dataset_id}")
        number = _next_id(tx.cursor, "runs")
        tx.target = f"run:{number}"
        tx.details.update(dataset=dataset_id, kind=kind, parameters=dict(parameters))
        tx.cursor.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            [number, dataset_id, kind, parameters_text, result_text, digest, actor, created],
        )
    return Run(
        id=number,
        dataset_id=dataset_id,
        kind=kind,
        parameters=json.loads(parameters_text),
        result=json.loads(result_text),
        sha256=digest,
        created_by=actor,
        created_at=created,
        published_by=None,
        published_at=None,
    )


def publish_run(db: Database, run_id: int, *, actor: str) -> None:
    """Make a run visible to the public; publishing twice is refused."""
    with db.write(actor=actor, action="run.publish", target=f"run:{run_id}") as tx:
        row = tx.cursor.execute(
            "SELECT published_at, sha256 FROM runs WHERE id = ?", [run_id]
        ).fetchone()
        if row is None:
            raise DataError(f"no run with id {run_id}")
        if row[0] is not None:
            raise DataError(f"run {run_id} is already published")
        tx.sha256 = row[1]
        tx.cursor.execute(
            "UPDATE runs SET published_by = ?, published_at = ? WHERE id = ?",
            [actor, utc_now(), run_id],
        )


def _run(row: tuple[Any, ...]) -> Run:
    return Run(
        id=row[0],
        dataset_id=row[1],
        kind=row[2],
        parameters=json.loads(row[3]),
        result=json.loads(row[4]),
        sha256=row[5],
        created_by=row[6],
        created_at=row[7],
        published_by=row[8],
        published_at=row[9],
    )


def list_runs(
    db: Database, *, dataset_id: int | None = None, published_only: bool = False
) -> list[Run]:
    """Runs, newest first; of one dataset, or published ones only, if asked."""
    clauses: list[str] = []
    params: list[object] = []
    if dataset_id is not None:
        clauses.append("dataset_id = ?")
        params.append(dataset_id)
    if published_only:
        clauses.append("published_at IS NOT NULL")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    with db.read() as cursor:
        rows = cursor.execute(f"SELECT * FROM runs {where} ORDER BY id DESC", params).fetchall()
    return [_run(row) for row in rows]


def get_run(db: Database, run_id: int) -> Run | None:
    """The run with this id, if any."""
    with db.read() as cursor:
        row = cursor.execute("SELECT * FROM runs WHERE id = ?", [run_id]).fetchone()
    return None if row is None else _run(row)


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication:
    """An outcome of the results store made public: by whom, when, and the SHA-256 of the
    outcome's canonical JSON as it was published."""

    outcome_id: int
    sha256: str
    published_by: str
    published_at: datetime


def publish_outcome(db: Database, outcome_id: int, *, sha256: str, actor: str) -> Publication:
    """Publish a stored outcome (audited); publishing twice is refused."""
    published = utc_now()
    with db.write(
        actor=actor, action="outcome.publish", target=f"outcome:{outcome_id}", sha256=sha256
    ) as tx:
        found = tx.cursor.execute(
            "SELECT 1 FROM outcome_publications WHERE outcome_id = ?", [outcome_id]
        ).fetchone()
        if found is not None:
            raise DataError(f"outcome {outcome_id} is already published")
        tx.cursor.execute(
            "INSERT INTO outcome_publications VALUES (?, ?, ?, ?)",
            [outcome_id, sha256, actor, published],
        )
    return Publication(
        outcome_id=outcome_id, sha256=sha256, published_by=actor, published_at=published
    )


def publications(db: Database) -> dict[int, Publication]:
    """Every published outcome, by outcome id."""
    with db.read() as cursor:
        rows = cursor.execute("SELECT * FROM outcome_publications").fetchall()
    return {
        int(row[0]): Publication(
            outcome_id=int(row[0]), sha256=row[1], published_by=row[2], published_at=row[3]
        )
        for row in rows
    }


def publication(db: Database, outcome_id: int) -> Publication | None:
    """The publication of one outcome, if it is published."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT * FROM outcome_publications WHERE outcome_id = ?", [outcome_id]
        ).fetchone()
    if row is None:
        return None
    return Publication(
        outcome_id=int(row[0]), sha256=row[1], published_by=row[2], published_at=row[3]
    )


def count_rows(db: Database, table: str) -> int:
    """Rows in one of this module's tables (for checks after a fault or under load)."""
    if table not in {"datasets", "dataset_rows", "runs"}:
        raise ValueError(f"not an upload table: {table!r}")
    with db.read() as cursor:
        row = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


__all__ = [
    "FORMATS",
    "MAX_PROBLEMS",
    "RESULTS",
    "SCHEMA",
    "VOTES",
    "Dataset",
    "Publication",
    "Run",
    "Table",
    "UploadError",
    "check_format",
    "count_rows",
    "dataset_rows",
    "dataset_votes",
    "get_dataset",
    "get_run",
    "list_datasets",
    "list_runs",
    "publication",
    "publications",
    "publish_outcome",
    "publish_run",
    "read_upload",
    "store_dataset",
    "store_run",
    "upload_kind",
]
