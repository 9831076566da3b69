"""What the results database returns: import reports, election summaries, stored outcomes and
their provenance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hemicycle.io.results import SourceFile


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """What an import wrote: the election, the import id and each file with its digest."""

    db: str
    election: str
    import_id: int
    replaced: bool
    sources: tuple[SourceFile, ...]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(source.rows for source in self.sources)

    def as_json(self) -> dict[str, Any]:
        return {
            "db": self.db,
            "election": self.election,
            "import": self.import_id,
            "replaced": self.replaced,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
            "files": [source.as_json() for source in self.sources],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ElectionSummary:
    """One election held in the store, with what its latest import brought."""

    name: str
    created_at: datetime
    imported_at: datetime
    import_id: int
    result_rows: int
    districts: int
    lists: int
    candidates: int
    stations: int
    outcomes: int
    sources: tuple[SourceFile, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "imported_at": self.imported_at.isoformat(),
            "import": self.import_id,
            "result_rows": self.result_rows,
            "districts": self.districts,
            "lists": self.lists,
            "candidates": self.candidates,
            "stations": self.stations,
            "outcomes": self.outcomes,
            "files": [source.as_json() for source in self.sources],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where an outcome comes from: enough to recompute it and to show it was not altered."""

    input_hashes: Mapping[str, str]
    law_id: str
    law_hash: str
    hemicycle_version: str
    tie_break_seeds: tuple[str, ...]
    created_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "input_hashes": dict(self.input_hashes),
            "law_id": self.law_id,
            "law_hash": self.law_hash,
            "hemicycle_version": self.hemicycle_version,
            "tie_break_seeds": list(self.tie_break_seeds),
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredOutcome:
    """An outcome as stored: its id, election, JSON and provenance."""

    id: int
    election: str | None
    outcome: Mapping[str, Any]
    provenance: Provenance

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "election": self.election,
            "outcome": self.outcome,
            "provenance": self.provenance.as_json(),
        }


__all__ = ["ElectionSummary", "ImportReport", "Provenance", "StoredOutcome"]
