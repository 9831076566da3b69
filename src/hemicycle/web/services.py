"""What the pages, the API and the CLI do with the store: each call parses, runs the library,
stores — no arithmetic of its own. Free of FastAPI, so ``hemicycle report`` can use it too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

import hemicycle
from hemicycle.core import METHODS
from hemicycle.core import apportion as run_method
from hemicycle.errors import DataError
from hemicycle.io import accounts, uploads
from hemicycle.io.audit_log import Database
from hemicycle.report.hemicycle_svg import hemicycle_svg
from hemicycle.report.model import Report, Source, allocation_record, build_report
from hemicycle.web.cache import RenderCache

APPORTION = "apportion"


def open_database(path: str | Path) -> Database:
    """The web app's database: accounts, audit log, uploads and runs, and the results store's
    elections and outcomes, in one file created on first use."""
    from hemicycle.web.tabulation import prepare_store

    database = Database(path, accounts.SCHEMA + uploads.SCHEMA)
    prepare_store(database)
    return database


class ApportionParameters(BaseModel):
    """The options of an allocation by one method (as ``hemicycle apportion`` takes them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: str = Field(default="dhondt", description="Method id; see `hemicycle methods`.")
    seats: int = Field(ge=1, le=100_000, description="Seats to allocate.")
    threshold: str | None = Field(default=None, description="5% or a number of votes.")
    first_divisor: str | None = Field(default=None, description="For modified_sainte_lague.")
    min_seats: int | None = Field(default=None, ge=0)
    max_seats: int | None = Field(default=None, ge=0)
    tie_break: str = Field(default="refuse", description="refuse, votes, or lot:SEED.")

    def options(self) -> dict[str, Any]:
        """Keyword options of :func:`hemicycle.core.apportion`; empty texts mean none."""
        return {
            "threshold": self.threshold or None,
            "first_divisor": self.first_divisor or None,
            "min_seats": self.min_seats,
            "max_seats": self.max_seats,
            "tie_break": self.tie_break or "refuse",
        }


def method_ids() -> list[str]:
    """Ids of the registered methods, in registry order."""
    return [method.id for method in METHODS]


def import_upload(db: Database, *, file_name: str, data: bytes, name: str, actor: str) -> int:
    """Check and store an upload; the id of the new dataset (nothing is stored on error)."""
    table = uploads.read_upload(file_name, data)
    return uploads.store_dataset(db, table, name=name, actor=actor).id


def dataset_or_error(db: Database, dataset_id: int) -> uploads.Dataset:
    dataset = uploads.get_dataset(db, dataset_id)
    if dataset is None:
        raise DataError(f"no dataset with id {dataset_id}")
    return dataset


def apportion_dataset(
    db: Database, dataset_id: int, parameters: ApportionParameters
) -> dict[str, Any]:
    """The allocation record of a dataset's votes per list (summed over districts)."""
    dataset_or_error(db, dataset_id)
    votes = uploads.dataset_votes(db, dataset_id)
    result = run_method(votes, parameters.seats, method=parameters.method, **parameters.options())
    return allocation_record(result)


def create_run(
    db: Database, dataset_id: int, parameters: ApportionParameters, *, actor: str
) -> uploads.Run:
    """Allocate and store the result as a new run."""
    record = apportion_dataset(db, dataset_id, parameters)
    return uploads.store_run(
        db,
        dataset_id=dataset_id,
        kind=APPORTION,
        parameters=parameters.model_dump(),
        result=record,
        actor=actor,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """The same votes under several methods: seats by list and method, and each diagram."""

    methods: tuple[str, ...]
    votes: Mapping[str, int]
    seats: Mapping[str, Mapping[str, int]]
    diagrams: Mapping[str, str]

    def as_json(self) -> dict[str, Any]:
        return {
            "methods": list(self.methods),
            "votes": dict(self.votes),
            "seats": {m: dict(s) for m, s in self.seats.items()},
        }


def compare(
    db: Database, dataset_id: int, methods: Sequence[str], parameters: ApportionParameters
) -> Comparison:
    """Allocate the same votes by each method (other options shared)."""
    if not methods:
        raise DataError("choose at least one method to compare")
    seats: dict[str, Mapping[str, int]] = {}
    votes: Mapping[str, int] = {}
    for method in dict.fromkeys(methods):
        record = apportion_dataset(db, dataset_id, parameters.model_copy(update={"method": method}))
        seats[method] = record["seats"]
        votes = record["votes"]
    return Comparison(
        methods=tuple(seats),
        votes=votes,
        seats=seats,
        diagrams={m: hemicycle_svg(s, title=m) for m, s in seats.items() if sum(s.values())},
    )


def run_report(db: Database, run: uploads.Run, cache: RenderCache | None = None) -> Report:
    """The report of a stored run, from its stored record (nothing is recomputed); built once
    per run when a ``cache`` is given."""

    def build() -> Report:
        dataset = dataset_or_error(db, run.dataset_id)
        return build_report(
            run.result,
            title=f"{dataset.name}: run {run.id}",
            inputs=[Source(name=dataset.file_name, sha256=dataset.sha256)],
            parameters=run.parameters,
            version=hemicycle.__version__,
        )

    if cache is None:
        return build()
    return cache.get(("run", run.id, f"report:{run.sha256}"), build)


__all__ = [
    "APPORTION",
    "ApportionParameters",
    "Comparison",
    "apportion_dataset",
    "compare",
    "create_run",
    "dataset_or_error",
    "import_upload",
    "method_ids",
    "open_database",
    "run_report",
]
