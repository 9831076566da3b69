"""Results given as tables (pandas DataFrames, Arrow tables, rows of mappings) as
:class:`~hemicycle.types.Results`.

pandas and pyarrow are not imported: their objects are recognised by their interfaces. Files are
read by :mod:`hemicycle.io.results`, which checks them row by row.
"""

from __future__ import annotations

import datetime
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from hemicycle.core.ballots import Ballots, RankedBallot
from hemicycle.errors import DataError
from hemicycle.types import CandidateRow, DistrictTotals, ResultRow, Results


def _records(data: Any, what: str) -> list[Mapping[str, Any]]:
    if hasattr(data, "to_pylist"):  # pyarrow.Table
        return list(data.to_pylist())
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas.DataFrame
        return list(data.to_dict(orient="records"))
    if isinstance(data, Iterable) and not isinstance(data, str | bytes | Mapping):
        rows = list(data)
        if all(isinstance(row, Mapping) for row in rows):
            return rows
    raise DataError(
        f"{what} must be rows of mappings, a pandas DataFrame or an Arrow table "
        f"(got {type(data).__name__})"
    )


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # NaN: an empty cell
        return None
    text = str(value)
    return text if text.strip() else None


def _count(value: Any, where: str) -> int | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise DataError(f"{where} must be a whole number (got {value!r})")
    if isinstance(value, numbers.Integral):
        whole = int(value)
    elif float(value).is_integer():
        whole = int(float(value))
    else:
        raise DataError(f"{where} must be a whole number (got {value!r})")
    if whole < 0:
        raise DataError(f"{where} must be non-negative (got {value!r})")
    return whole


def _required(record: Mapping[str, Any], column: str, number: int, what: str) -> str:
    value = _text(record.get(column))
    if value is None:
        raise DataError(f"{what} row {number}: column {column!r} is empty")
    return value


def as_results(results: Any, candidates: Any = None, totals: Any = None) -> Results:
    """Results from tables with the tidy columns of DESIGN.md.

    >>> r = as_results([{"district": "N", "list": "A", "candidate": None, "votes": 10}])
    >>> r.rows[0].votes
    10
    """
    if isinstance(results, Results):
        return results
    rows = []
    for number, record in enumerate(_records(results, "results"), start=1):
        votes = _count(record.get("votes"), f"results row {number}: votes")
        if votes is None:
            raise DataError(f"results row {number}: column 'votes' is empty")
        rows.append(
            ResultRow(
                district=_required(record, "district", number, "results"),
                list=_required(record, "list", number, "results"),
                candidate=_text(record.get("candidate")),
                votes=votes,
            )
        )
    people = []
    for number, record in enumerate(_records(candidates or [], "candidates"), start=1):
        born = record.get("birth_date")
        if isinstance(born, str) and born.strip():
            born = datetime.date.fromisoformat(born.strip())
        people.append(
            CandidateRow(
                district=_required(record, "district", number, "candidates"),
                list=_required(record, "list", number, "candidates"),
                candidate=_required(record, "candidate", number, "candidates"),
                gender=_text(record.get("gender")),
                community=_text(record.get("community")),
                minor_district=_text(record.get("minor_district")),
                rank=_count(record.get("rank"), f"candidates row {number}: rank"),
                birth_date=born if isinstance(born, datetime.date) else None,
            )
        )
    sums = []
    for number, record in enumerate(_records(totals or [], "totals"), start=1):
        sums.append(
            DistrictTotals(
                district=_required(record, "district", number, "totals"),
                **{
                    column: _count(record.get(column), f"totals row {number}: {column}")
                    for column in ("registered", "ballots", "valid", "invalid", "blank")
                },
            )
        )
    return Results(rows=tuple(rows), candidates=tuple(people), totals=tuple(sums))


def _ranks(record: Mapping[str, Any], number: int) -> tuple[str, ...]:
    ranking: list[str] = []
    position = 1
    while f"rank{position}" in record:
        name = _text(record.get(f"rank{position}"))
        if name is not None:
            if len(ranking) != position - 1:
                raise DataError(f"ballots row {number}: rank{position} follows an empty rank")
            ranking.append(name)
        position += 1
    return tuple(ranking)


def _district_box(district: str, value: Any) -> Ballots:
    if isinstance(value, Ballots):
        return value
    if hasattr(value, "rankings") and hasattr(value, "candidates"):  # io.ballots.BallotFile
        return Ballots(
            candidates=tuple(value.candidates),
            ballots=tuple(RankedBallot(ranking=r, weight=w) for r, w in value.rankings),
            withdrawn=frozenset(getattr(value, "withdrawn", ())),
            title=getattr(value, "title", None),
            seats=getattr(value, "seats", None),
        )
    if isinstance(value, Mapping) or (isinstance(value, Iterable) and not isinstance(value, str)):
        return Ballots.from_rankings(value)
    raise DataError(
        f"the ballots of {district!r} must be Ballots, rankings with weights or a list of "
        f"rankings (got {type(value).__name__})"
    )


def as_district_ballots(ballots: Any) -> dict[str, Ballots]:
    """Ranked ballots by district: a mapping of district to :class:`~hemicycle.core.ballots.
    Ballots` (or to ``{ranking: weight}``, or to rankings), or a table with the columns
    ``district``, ``weight`` (optional) and ``rank1``, ``rank2``, … (pandas, Arrow, rows).

    >>> boxes = as_district_ballots([{"district": "N", "weight": 2, "rank1": "A", "rank2": "B"},
    ...                              {"district": "N", "rank1": "B", "rank2": None}])
    >>> boxes["N"].total, dict(boxes["N"].first_preferences())
    (3, {'A': 2, 'B': 1})
    """
    if ballots is None:
        return {}
    if isinstance(ballots, Mapping):
        return {str(name): _district_box(str(name), value) for name, value in ballots.items()}
    grouped: dict[str, dict[tuple[str, ...], int]] = {}
    for number, record in enumerate(_records(ballots, "ballots"), start=1):
        district = _required(record, "district", number, "ballots")
        weight = _count(record.get("weight"), f"ballots row {number}: weight")
        ranking = _ranks(record, number)
        if not ranking:
            raise DataError(f"ballots row {number}: ranks no candidate")
        papers = grouped.setdefault(district, {})
        papers[ranking] = papers.get(ranking, 0) + (1 if weight is None else weight)
    return {name: Ballots.from_rankings(papers) for name, papers in grouped.items()}


__all__ = ["as_district_ballots", "as_results"]
