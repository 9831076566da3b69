"""The versioned schema of the results database: each migration is applied once, in order.

A new version appends a :class:`Migration`; a file written under an older version is upgraded
on first use, and a file from a newer hemicycle is refused rather than misread.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One step of the schema: applied once, in order, inside a transaction."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="elections, imports, results, candidates, totals, stations, seats, laws, "
        "outcomes with provenance",
        statements=(
            "CREATE TABLE elections (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL UNIQUE, "
            "created_at TIMESTAMP NOT NULL)",
            "CREATE TABLE imports (id INTEGER PRIMARY KEY, election_id INTEGER NOT NULL, "
            "imported_at TIMESTAMP NOT NULL, hemicycle_version VARCHAR NOT NULL, "
            "replaced BOOLEAN NOT NULL)",
            "CREATE TABLE import_files (import_id INTEGER NOT NULL, role VARCHAR NOT NULL, "
            "file VARCHAR NOT NULL, format VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, "
            "bytes BIGINT NOT NULL, rows BIGINT NOT NULL, station_level BOOLEAN NOT NULL, "
            "PRIMARY KEY (import_id, role))",
            # Results keep the record number of each row in its file, so that the input order
            # and the provenance of every figure survive.
            "CREATE TABLE results (election_id INTEGER NOT NULL, record BIGINT NOT NULL, "
            "district VARCHAR NOT NULL, station VARCHAR, list VARCHAR NOT NULL, "
            "candidate VARCHAR, votes BIGINT NOT NULL)",
            "CREATE TABLE candidates (election_id INTEGER NOT NULL, record BIGINT NOT NULL, "
            "district VARCHAR NOT NULL, list VARCHAR NOT NULL, candidate VARCHAR NOT NULL, "
            "gender VARCHAR, community VARCHAR, minor_district VARCHAR, rank BIGINT, "
            "birth_date DATE)",
            "CREATE TABLE totals (election_id INTEGER NOT NULL, record BIGINT NOT NULL, "
            "district VARCHAR NOT NULL, registered BIGINT, ballots BIGINT, valid BIGINT, "
            "invalid BIGINT, blank BIGINT)",
            "CREATE TABLE stations (election_id INTEGER NOT NULL, record BIGINT NOT NULL, "
            "district VARCHAR NOT NULL, station VARCHAR NOT NULL, registered BIGINT, "
            "ballots BIGINT, valid BIGINT, invalid BIGINT, blank BIGINT)",
            "CREATE TABLE seats (election_id INTEGER NOT NULL, record BIGINT NOT NULL, "
            "district VARCHAR NOT NULL, minor_district VARCHAR, community VARCHAR, "
            "seats BIGINT NOT NULL)",
            "CREATE TABLE laws (id VARCHAR NOT NULL, hash VARCHAR NOT NULL, text VARCHAR NOT NULL, "
            "stored_at TIMESTAMP NOT NULL, PRIMARY KEY (id, hash))",
            "CREATE TABLE outcomes (id INTEGER PRIMARY KEY, election_id INTEGER, "
            "law_id VARCHAR NOT NULL, law_hash VARCHAR NOT NULL, outcome JSON NOT NULL, "
            "input_hashes JSON NOT NULL, hemicycle_version VARCHAR NOT NULL, "
            "tie_break_seeds JSON NOT NULL, created_at TIMESTAMP NOT NULL)",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


SCHEMA_VERSION = MIGRATIONS[-1].version

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration"]
