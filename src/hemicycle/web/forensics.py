"""Forensics of an election in the results store, for the forensics page, its JSON and the
forensic section of an outcome's report. Free of FastAPI, so ``hemicycle report`` uses it too.

An election has station data when it was imported from a results file with a ``station``
column (:func:`hemicycle.io.stations.read_store_stations`): each station is a
``(district, station)`` pair, its region the district, and the leader the list with the most
votes. The tests are :func:`hemicycle.forensics.report.analyse`'s; the results are kept in the
render cache under the election's import, so a new import is analysed afresh.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hemicycle.errors import DataError
from hemicycle.forensics.report import ForensicReport, Stations, analyse
from hemicycle.io.audit_log import Database
from hemicycle.io.results import LoadedResults
from hemicycle.io.stations import StationTable, read_store_stations
from hemicycle.io.store import Store
from hemicycle.report.forensic_section import forensic_sections
from hemicycle.report.model import Section
from hemicycle.web.cache import RenderCache

MAX_REPETITIONS = 10_000
"""Monte Carlo repetitions of the integer-percentage test asked for at most from the web."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameters:
    """The choices of a forensic analysis (``hemicycle forensics`` takes the same)."""

    seed: int = 0
    repetitions: int = 1000
    fdr: float = 0.05
    model: bool = True

    def checked(self) -> Parameters:
        """These parameters, or a DataError saying which is out of range."""
        if not 19 <= self.repetitions <= MAX_REPETITIONS:
            raise DataError(
                f"repetitions must be from 19 to {MAX_REPETITIONS:,} (got {self.repetitions})"
            )
        if not 0 < self.fdr < 1:
            raise DataError(
                f"the false discovery rate must be above 0 and below 1 (got {self.fdr})"
            )
        if not 0 <= self.seed < 2**32:
            raise DataError(f"the seed must be a whole number from 0 to 2^32 - 1 (got {self.seed})")
        return self

    def key(self) -> str:
        return f"{self.seed}:{self.repetitions}:{self.fdr!r}:{self.model}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectionForensics:
    """The findings on an election's stations and the report sections that show them."""

    election: str
    parameters: Parameters
    stations: Stations
    report: ForensicReport
    sections: tuple[Section, ...]

    def as_json(self) -> dict[str, Any]:
        """``hemicycle forensics --format json``'s object, with the election and parameters."""
        return {
            "election": self.election,
            "repetitions": self.parameters.repetitions,
            "fit_model": self.parameters.model,
            **self.report.as_json(units=self.stations.units),
        }


def stations_of(
    table: StationTable, *, region: str | None = "district", leader: str | None = None
) -> Stations:
    """The stations of a table as the tests take them: regions by the ``region`` column (none
    when the table has no such column or ``region`` is None), the leader the list named
    ``leader``, else the list with the most votes."""
    if not table.lists or len(table) == 0:
        raise DataError("no polling station has votes for a list", file=table.file)
    if leader is None:
        index = int(np.argmax(table.votes.sum(axis=0)))
    elif leader in table.lists:
        index = table.lists.index(leader)
    else:
        raise DataError(
            f"the leader {leader!r} is not a list; the lists are {', '.join(table.lists)}",
            file=table.file,
        )
    return Stations(
        units=table.units,
        regions=None if region is None else table.regions.get(region),
        lists=table.lists,
        votes=table.votes,
        leader=index,
        registered=table.registered,
        issued=table.issued,
        cast=table.cast,
        valid=table.valid,
        invalid=table.invalid,
        blank=table.blank,
    )


def store_stations(db: Database, election: str) -> Stations:
    """An election's stations (DataError when it has none or no such election)."""
    with db.exclusive():
        return stations_of(read_store_stations(db.path, election))


def has_stations(db: Database, election: str) -> bool:
    """Whether an election holds station-level rows."""
    with db.exclusive():
        return Store(db.path).election(election).stations > 0


def analyse_stations(
    election: str, stations: Stations, parameters: Parameters
) -> ElectionForensics:
    """Run every test on the stations and build the sections that show them."""
    parameters = parameters.checked()
    found = analyse(
        stations,
        repetitions=parameters.repetitions,
        seed=parameters.seed,
        fdr=parameters.fdr,
        fit_model=parameters.model,
    )
    return ElectionForensics(
        election=election,
        parameters=parameters,
        stations=stations,
        report=found,
        sections=forensic_sections(found, stations),
    )


def election_forensics(
    db: Database,
    election: str,
    parameters: Parameters | None = None,
    *,
    cache: RenderCache | None = None,
) -> ElectionForensics:
    """The forensics of a stored election, computed once per import and parameters when
    given a ``cache``."""
    chosen = (parameters or Parameters()).checked()

    def build() -> ElectionForensics:
        return analyse_stations(election, store_stations(db, election), chosen)

    if cache is None:
        return build()
    with db.exclusive():
        summary = Store(db.path).election(election)
    key = ("forensics", summary.import_id, f"{election}\x00{chosen.key()}")
    return cache.get(key, build)


def not_run(error: DataError) -> tuple[Section, ...]:
    """The forensic section of a report whose station data cannot be analysed, saying why."""
    return (Section(title="Election forensics", header=(), rows=(), note=f"Not run: {error}"),)


def outcome_sections(db: Database, election: str, cache: RenderCache) -> tuple[Section, ...]:
    """The forensic sections of the report of an outcome of ``election``: none when the
    election has no station rows (or is no longer in the store)."""
    try:
        if not has_stations(db, election):
            return ()
    except DataError:
        return ()
    try:
        return election_forensics(db, election, cache=cache).sections
    except DataError as error:
        return not_run(error)


def file_stations(inputs: LoadedResults, paths: dict[str, Path]) -> Stations | None:
    """The stations of results files read for ``hemicycle report --law``, or None when the
    results are not per station (or came from standard input, read once): the files are
    imported into a scratch results store and read back as a stored election would be."""
    if not any(s.role == "results" and s.station_level for s in inputs.sources):
        return None
    if any(str(path) == "-" for path in paths.values()):
        return None
    with tempfile.TemporaryDirectory(prefix="hemicycle-stations-") as folder:
        scratch = Path(folder) / "stations.duckdb"
        Store(scratch).import_results(
            paths["results"],
            totals=paths.get("totals"),
            candidates=paths.get("candidates"),
            election="stations",
        )
        return stations_of(read_store_stations(scratch, "stations"))


__all__ = [
    "MAX_REPETITIONS",
    "ElectionForensics",
    "Parameters",
    "analyse_stations",
    "election_forensics",
    "file_stations",
    "has_stations",
    "not_run",
    "outcome_sections",
    "stations_of",
    "store_stations",
]
