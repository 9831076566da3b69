"""The shared vocabulary of hemicycle: names of units, counts of votes and seats.

A *unit* is whatever receives seats: a party or list, a state, a region, a community.
Votes and populations are non-negative integers; seats are non-negative integers.
Exact quotients and priorities are :class:`fractions.Fraction` values.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TypeAlias

UnitId: TypeAlias = str
"""A party, list, state, region or community, named exactly as in the input."""

PartyId: TypeAlias = UnitId
DistrictId: TypeAlias = str
CandidateId: TypeAlias = str

Votes: TypeAlias = Mapping[UnitId, int]
"""Votes (or populations) per unit."""

Seats: TypeAlias = Mapping[UnitId, int]
"""Seats per unit."""

Rational: TypeAlias = int | Fraction
"""An exact number."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultRow:
    """One row of tidy results: ``district,list,candidate,votes``.

    ``candidate`` is None for votes cast for the list only.
    """

    district: DistrictId
    list: PartyId
    candidate: CandidateId | None
    votes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateRow:
    """One candidate.

    Columns: ``district,list,candidate,gender,community,minor_district,rank,birth_date``.
    """

    district: DistrictId
    list: PartyId
    candidate: CandidateId
    gender: str | None = None
    community: str | None = None
    minor_district: str | None = None
    rank: int | None = None
    birth_date: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictTotals:
    """Ballot totals of a district: ``district,registered,ballots,valid,invalid,blank``.

    Laws differ on which of these count (Lebanon's Law 44/2017 art. 99 counts blank ballots
    in the electoral quotient), so they are kept apart from the votes of the lists.
    """

    district: DistrictId
    registered: int | None = None
    ballots: int | None = None
    valid: int | None = None
    invalid: int | None = None
    blank: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Results:
    """The results of one election, as the law engine reads them."""

    rows: tuple[ResultRow, ...]
    candidates: tuple[CandidateRow, ...] = ()
    totals: tuple[DistrictTotals, ...] = ()


__all__ = [
    "CandidateId",
    "CandidateRow",
    "DistrictId",
    "DistrictTotals",
    "PartyId",
    "Rational",
    "ResultRow",
    "Results",
    "Seats",
    "UnitId",
    "Votes",
]
