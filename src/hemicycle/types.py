"""The shared vocabulary of hemicycle: names of units, counts of votes and seats.

A *unit* is whatever receives seats: a party or list, a state, a region, a community.
Votes and populations are non-negative integers; seats are non-negative integers.
Exact quotients and priorities are :class:`fractions.Fraction` values.
"""

from collections.abc import Mapping
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

__all__ = [
    "CandidateId",
    "DistrictId",
    "PartyId",
    "Rational",
    "Seats",
    "UnitId",
    "Votes",
]
