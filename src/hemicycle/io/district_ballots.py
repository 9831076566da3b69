"""Ranked ballots of several districts: one CSV with a district column, or a folder or zip
archive of ballot files named by district.

**CSV** ``district,weight,rank1,rank2,…``: one ranking per row, first preference in ``rank1``;
``weight`` (optional, default 1) is the number of identical papers. Trailing rank cells may be
empty, but a gap inside a ranking is refused, as is a candidate ranked twice or a row that ranks
no one.

**Folder or zip**: one file per district, its name without the suffix being the district's
name (``Belfast East.blt``); each file is a BLT file or a ``weight,rank1,…`` CSV
(:mod:`hemicycle.io.ballots`). Hidden files are skipped; any other file is refused.

Every problem is a :class:`~hemicycle.errors.DataError` naming the file, the row and the
column. The digest recorded with an outcome is the SHA-256 of the file (CSV or zip) or, for a
folder, of the sorted list of its files' names and digests.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hemicycle.errors import DataError
from hemicycle.io.ballots import BallotFile, parse_ballot_csv, parse_blt, parse_ranking
from hemicycle.io.tables import parse_count
from hemicycle.types import CandidateId

SUFFIXES = (".blt", ".csv")
"""Ballot files a folder or archive may hold."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictBallotFiles:
    """Ranked ballots by district, with the source they were read from and its digest."""

    source: str
    sha256: str
    districts: dict[str, BallotFile]


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataError(
            f"is not UTF-8 text (bad byte at offset {error.start})", file=name
        ) from None


def _rank_columns(header: list[str], name: str) -> list[str]:
    if "district" not in header:
        raise DataError("missing column 'district'", file=name, row=1)
    for column in ("district", "weight"):
        if header.count(column) > 1:
            raise DataError("column appears twice", file=name, row=1, column=column)
    ranks = [c for c in header if c not in ("district", "weight")]
    for position, column in enumerate(ranks, start=1):
        if column != f"rank{position}":
            raise DataError(
                f"expected column 'rank{position}' (columns: district, weight, rank1, rank2, …)",
                file=name,
                row=1,
                column=column,
            )
    if not ranks:
        raise DataError("missing column 'rank1'", file=name, row=1)
    return ranks


def parse_district_ballot_csv(text: str, name: str) -> dict[str, BallotFile]:
    """Ballots by district from ``district,weight,rank1,…`` CSV text (see the module docstring).

    >>> files = parse_district_ballot_csv("district,weight,rank1,rank2\\nN,3,Ann,Bo\\nS,,Cy,\\n",
    ...                                   "b.csv")
    >>> files["N"].rankings, files["S"].candidates
    (((('Ann', 'Bo'), 3),), ('Cy',))
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise DataError("file is empty; expected a header row", file=name) from None
    ranks = _rank_columns(header, name)
    rankings: dict[str, list[tuple[tuple[CandidateId, ...], int]]] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"has {len(cells)} cells, the header has {len(header)}", file=name, row=number
            )
        row = dict(zip(header, cells, strict=True))
        district = row["district"]
        if not district.strip():
            raise DataError("district is empty", file=name, row=number, column="district")
        weight = 1
        if "weight" in row and row["weight"].strip():
            weight = parse_count(row["weight"], file=name, row=number, column="weight")
            if weight == 0:
                raise DataError(
                    "weight must be >= 1 (got 0)", file=name, row=number, column="weight"
                )
        rankings.setdefault(district, []).append((parse_ranking(row, ranks, name, number), weight))
    if not rankings:
        raise DataError("file has a header but no ballots", file=name)
    files: dict[str, BallotFile] = {}
    for district, papers in rankings.items():
        seen: dict[CandidateId, None] = {}
        for ranking, _ in papers:
            seen.update(dict.fromkeys(ranking))
        files[district] = BallotFile(
            file=f"{name} ({district})", candidates=tuple(seen), rankings=tuple(papers)
        )
    return files


def _parse_member(text: str, name: str) -> BallotFile:
    if name.lower().endswith(".blt"):
        return parse_blt(text, name)
    return parse_ballot_csv(text, name)


def _members(entries: Iterator[tuple[str, str, bytes]], source: str) -> dict[str, BallotFile]:
    """Ballot files by district: ``entries`` are (name reported in errors, path, bytes)."""
    files: dict[str, BallotFile] = {}
    for member, path, data in entries:
        district = PurePosixPath(path).stem
        if district in files:
            raise DataError(f"two ballot files are named for district {district!r}", file=member)
        files[district] = _parse_member(_decode(data, member), member)
    if not files:
        raise DataError(
            f"holds no ballot files ({', '.join(SUFFIXES)} named by district)", file=source
        )
    return files


def _wanted(name: str, source: str) -> bool:
    base = PurePosixPath(name).name
    if not base or base.startswith(".") or name.startswith("__MACOSX/"):
        return False
    if not base.lower().endswith(SUFFIXES):
        raise DataError(
            f"holds {base!r}: expected ballot files named by district, ending in "
            f"{' or '.join(SUFFIXES)}",
            file=source,
        )
    return True


def _read_folder(folder: Path) -> DistrictBallotFiles:
    paths = sorted(p for p in folder.iterdir() if p.is_file() and _wanted(p.name, str(folder)))
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    listing = "".join(f"{name}\0{digest}\n" for name, digest in sorted(digests.items()))
    files = _members(((str(p), p.name, p.read_bytes()) for p in paths), str(folder))
    return DistrictBallotFiles(
        source=str(folder),
        sha256=hashlib.sha256(listing.encode("utf-8")).hexdigest(),
        districts=files,
    )


def _read_zip(path: Path, data: bytes) -> DistrictBallotFiles:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DataError("is not a readable zip archive", file=str(path)) from None
    with archive:
        names = sorted(
            info.filename
            for info in archive.infolist()
            if not info.is_dir() and _wanted(info.filename, str(path))
        )
        files = _members(
            ((f"{path}:{name}", name, archive.read(name)) for name in names), str(path)
        )
    return DistrictBallotFiles(
        source=str(path), sha256=hashlib.sha256(data).hexdigest(), districts=files
    )


def read_district_ballots(path: str | Path) -> DistrictBallotFiles:
    """Read the ranked ballots of several districts: a ``district,weight,rank1,…`` CSV file
    (``-`` for standard input), or a folder or zip archive of BLT or CSV files named by
    district."""
    if str(path) == "-":
        text = sys.stdin.read()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return DistrictBallotFiles(
            source="<stdin>", sha256=digest, districts=parse_district_ballot_csv(text, "<stdin>")
        )
    location = Path(path)
    if location.is_dir():
        return _read_folder(location)
    try:
        data = location.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    if zipfile.is_zipfile(io.BytesIO(data)) or location.suffix.lower() == ".zip":
        return _read_zip(location, data)
    return DistrictBallotFiles(
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        districts=parse_district_ballot_csv(_decode(data, str(path)), str(path)),
    )


__all__ = ["SUFFIXES", "DistrictBallotFiles", "parse_district_ballot_csv", "read_district_ballots"]
