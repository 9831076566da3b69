"""Reading ranked ballots: CSV ``weight,rank1,rank2,…`` or the BLT format of ERS and OpenSTV.

**CSV**: a header row with ``rank1``, ``rank2``, … (consecutive) and an optional ``weight``
column (default 1). Each row is one ranking, first preference in ``rank1``; trailing cells
may be empty, but a gap inside a ranking is refused. Names are kept byte for byte.

**BLT** (Hill, Wichmann & Woodall 1987; the ERS and OpenSTV ballot file)::

    4 2              number of candidates, number of seats
    -3               optional: withdrawn candidates as negative numbers
    12 1 2 0         weight, preferences by candidate number, 0 ends the ballot
    0                0 ends the ballots
    "Ames"           one name per candidate, in number order
    "Bell"
    ...
    "Title"          the title of the election

Every problem is a :class:`~hemicycle.errors.DataError` naming the file, the row (line) and the
column (the CSV column, or the position on the BLT line).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from hemicycle.errors import DataError
from hemicycle.io.tables import _open_text, parse_count
from hemicycle.types import CandidateId


@dataclass(frozen=True, slots=True, kw_only=True)
class BallotFile:
    """Ranked ballots as read from a file, checked row by row.

    Attributes:
        file: the name the file is reported by.
        candidates: the candidates, in file order.
        rankings: ``(ranking, weight)`` per ballot row.
        withdrawn: candidates withdrawn before the count (BLT).
        seats: the seats the file declares (BLT), if any.
        title: the title of the election (BLT), if any.
    """

    file: str
    candidates: tuple[CandidateId, ...]
    rankings: tuple[tuple[tuple[CandidateId, ...], int], ...]
    withdrawn: tuple[CandidateId, ...] = ()
    seats: int | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TallyFile:
    """Votes per candidate (``name,votes``), for the plurality methods."""

    file: str
    votes: dict[CandidateId, int]


def read_ballots(path: str | Path) -> BallotFile:
    """Read a ballot file: BLT when its name ends in ``.blt`` or its first line is two
    numbers, otherwise CSV."""
    text, name = _open_text(path)
    return _parse_ranked(str(path), text, name)


def read_ballots_or_tally(path: str | Path) -> BallotFile | TallyFile:
    """Read ranked ballots (BLT or CSV) or, when the CSV header is ``name,votes``, votes per
    candidate (for the plurality methods)."""
    text, name = _open_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    if {cell.strip() for cell in next(csv.reader([first]), [])} == {"name", "votes"}:
        return parse_tally_csv(text, name)
    return _parse_ranked(str(path), text, name)


def _parse_ranked(path: str, text: str, name: str) -> BallotFile:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if path.lower().endswith(".blt") or re.fullmatch(r"\s*\d+\s+\d+\s*(#.*)?", first):
        return parse_blt(text, name)
    return parse_ballot_csv(text, name)


def parse_tally_csv(text: str, name: str) -> TallyFile:
    """Parse ``name,votes`` CSV text; names must be unique and non-empty."""
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip() for cell in next(reader)]
    votes: dict[CandidateId, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"has {len(cells)} cells, the header has {len(header)}", file=name, row=number
            )
        row = dict(zip(header, cells, strict=True))
        candidate = row["name"]
        if not candidate.strip():
            raise DataError("name is empty", file=name, row=number, column="name")
        if candidate in votes:
            raise DataError(f"duplicate name {candidate!r}", file=name, row=number, column="name")
        votes[candidate] = parse_count(row["votes"], file=name, row=number, column="votes")
    if not votes:
        raise DataError("file has a header but no data rows", file=name)
    return TallyFile(file=name, votes=votes)


def parse_ranking(
    row: dict[str, str], ranks: list[str], name: str, number: int
) -> tuple[CandidateId, ...]:
    """The candidates of one paper in order of preference, from its ``rank1, rank2, …`` cells:
    no gaps, no candidate twice, at least a first preference (a paper without one is void)."""
    ranking: list[CandidateId] = []
    gap: str | None = None
    for column in ranks:
        cell = row[column]
        if not cell.strip():
            gap = gap or column
            continue
        if gap is not None:
            raise DataError(
                f"preference after an empty {gap}: a ranking may not have gaps",
                file=name,
                row=number,
                column=column,
            )
        if cell in ranking:
            raise DataError(
                f"candidate {cell!r} is ranked twice", file=name, row=number, column=column
            )
        ranking.append(cell)
    if not ranking:
        raise DataError(
            "ranks no candidate (a paper without a first preference is void)",
            file=name,
            row=number,
            column="rank1",
        )
    return tuple(ranking)


def parse_ballot_csv(text: str, name: str) -> BallotFile:
    """Parse ``weight,rank1,rank2,…`` CSV text (see the module docstring)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise DataError("file is empty; expected a header row", file=name) from None
    ranks = [c for c in header if c != "weight"]
    for position, column in enumerate(ranks, start=1):
        if column != f"rank{position}":
            raise DataError(
                f"expected column 'rank{position}' (columns: weight, rank1, rank2, …)",
                file=name,
                row=1,
                column=column,
            )
    if not ranks:
        raise DataError("missing column 'rank1'", file=name, row=1)
    if header.count("weight") > 1:
        raise DataError("column appears twice", file=name, row=1, column="weight")
    rankings: list[tuple[tuple[CandidateId, ...], int]] = []
    seen: dict[CandidateId, None] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise DataError(
                f"has {len(cells)} cells, the header has {len(header)}", file=name, row=number
            )
        row = dict(zip(header, cells, strict=True))
        weight = 1
        if "weight" in row:
            weight = parse_count(row["weight"], file=name, row=number, column="weight")
            if weight == 0:
                raise DataError(
                    "weight must be >= 1 (got 0)", file=name, row=number, column="weight"
                )
        ranking = parse_ranking(row, ranks, name, number)
        for candidate in ranking:
            seen.setdefault(candidate, None)
        rankings.append((ranking, weight))
    if not rankings:
        raise DataError("file has a header but no ballots", file=name)
    return BallotFile(file=name, candidates=tuple(seen), rankings=tuple(rankings))


def parse_blt(text: str, name: str) -> BallotFile:
    """Parse BLT text (see the module docstring)."""
    # Comments (# …) are allowed on the number lines; names are read whole, byte for byte.
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#")
    ]
    if not lines:
        raise DataError("file is empty; expected 'candidates seats' on the first line", file=name)
    cursor = 0
    number, line = lines[cursor]
    parts = _numbers(line)
    if len(parts) != 2:
        raise DataError(
            f"first line must be 'candidates seats' (got {line!r})", file=name, row=number
        )
    count = _blt_int(parts[0], name, number, "candidates")
    seats = _blt_int(parts[1], name, number, "seats")
    if count < 1 or seats < 1:
        raise DataError(
            f"candidates and seats must be >= 1 (got {count} and {seats})", file=name, row=number
        )
    cursor += 1
    withdrawn_numbers: list[int] = []
    if cursor < len(lines) and lines[cursor][1].startswith("-"):
        number, line = lines[cursor]
        for position, token in enumerate(_numbers(line), start=1):
            value = _blt_int(token.lstrip("-"), name, number, f"withdrawn {position}")
            if not token.startswith("-") or not 1 <= value <= count:
                raise DataError(
                    f"withdrawn candidates are written -1 to -{count} (got {token!r})",
                    file=name,
                    row=number,
                    column=f"withdrawn {position}",
                )
            withdrawn_numbers.append(value)
        cursor += 1
    raw: list[tuple[int, list[int], int]] = []
    while True:
        if cursor >= len(lines):
            raise DataError("ballots are not ended by a line '0'", file=name)
        number, line = lines[cursor]
        cursor += 1
        tokens = _numbers(line)
        if tokens == ["0"]:
            break
        if tokens[0].startswith("("):
            tokens = tokens[1:]  # an optional ballot id in parentheses
        if not tokens:
            raise DataError("ballot line without a weight", file=name, row=number)
        weight = _blt_int(tokens[0], name, number, "weight")
        if weight == 0:
            raise DataError("weight must be >= 1 (got 0)", file=name, row=number, column="weight")
        if tokens[-1] != "0":
            raise DataError("a ballot line must end with 0", file=name, row=number)
        preferences: list[int] = []
        for position, token in enumerate(tokens[1:-1], start=1):
            column = f"preference {position}"
            if "=" in token:
                raise DataError(
                    f"equal preferences ({token!r}) are not allowed in a ranking",
                    file=name,
                    row=number,
                    column=column,
                )
            value = _blt_int(token, name, number, column)
            if not 1 <= value <= count:
                raise DataError(
                    f"candidate numbers run from 1 to {count} (got {value})",
                    file=name,
                    row=number,
                    column=column,
                )
            if value in preferences:
                raise DataError(
                    f"candidate {value} is ranked twice", file=name, row=number, column=column
                )
            preferences.append(value)
        if not preferences:
            raise DataError(
                "ranks no candidate (a paper without a first preference is void)",
                file=name,
                row=number,
                column="preference 1",
            )
        raw.append((number, preferences, weight))
    names: list[CandidateId] = []
    for _ in range(count):
        if cursor >= len(lines):
            raise DataError(f"expected {count} candidate names after the ballots", file=name)
        number, line = lines[cursor]
        cursor += 1
        names.append(_blt_string(line, name, number))
        if names[-1] in names[:-1]:
            raise DataError(f"candidate name {names[-1]!r} appears twice", file=name, row=number)
    title = None
    if cursor < len(lines):
        number, line = lines[cursor]
        title = _blt_string(line, name, number)
        cursor += 1
    if cursor < len(lines):
        raise DataError("unexpected text after the title", file=name, row=lines[cursor][0])
    rankings = tuple(
        (tuple(names[value - 1] for value in preferences), weight) for _, preferences, weight in raw
    )
    return BallotFile(
        file=name,
        candidates=tuple(names),
        rankings=rankings,
        withdrawn=tuple(names[value - 1] for value in withdrawn_numbers),
        seats=seats,
        title=title,
    )


def _numbers(line: str) -> list[str]:
    return line.split("#", 1)[0].split()


def _blt_int(token: str, file: str, row: int, column: str) -> int:
    return parse_count(token, file=file, row=row, column=column)


def _blt_string(line: str, file: str, row: int) -> str:
    """A quoted BLT name; a quote inside it is written twice (``"Ann ""Nan"" Lee"``)."""
    text = line.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise DataError(f"expected a name in double quotes (got {line!r})", file=file, row=row)
    inner = text[1:-1]
    if inner.replace('""', "").count('"'):
        raise DataError(f"a quote inside a name must be doubled (got {line!r})", file=file, row=row)
    return inner.replace('""', '"')


__all__ = [
    "BallotFile",
    "TallyFile",
    "parse_ballot_csv",
    "parse_blt",
    "parse_ranking",
    "parse_tally_csv",
    "read_ballots",
    "read_ballots_or_tally",
]
