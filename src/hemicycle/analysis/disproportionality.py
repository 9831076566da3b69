"""Disproportionality and fragmentation of an outcome: how far seats are from votes.

With ``vᵢ`` and ``sᵢ`` a party's shares of the votes and of the seats:

- Loosemore–Hanby: ``½ Σ |vᵢ − sᵢ|`` (Loosemore & Hanby, *British Journal of Political
  Science* 1(4), 1971);
- Rae: ``(1/n) Σ |vᵢ − sᵢ|`` over the ``n`` parties counted (Rae, *The Political Consequences
  of Electoral Laws*, 1967, left out parties below 0.5% of the votes: ``min_share``);
- Gallagher least squares: ``√(½ Σ (vᵢ − sᵢ)²)`` (Gallagher, *Proportionality,
  Disproportionality and Electoral Systems*, Electoral Studies 10(1), 1991);
- Sainte-Laguë: ``Σ (sᵢ − vᵢ)² / vᵢ``, the chi-square the Sainte-Laguë method minimises
  (Gallagher 1991);
- D'Hondt: ``max sᵢ / vᵢ``, the largest advantage ratio, which D'Hondt minimises (Gallagher
  1991); the advantage ratio ``sᵢ / vᵢ`` of each party (Taagepera & Shugart, *Seats and
  Votes*, 1989);
- effective number of parties: Laakso–Taagepera ``1 / Σ pᵢ²`` (Comparative Political Studies
  12(1), 1979) and Golosov ``Σ pᵢ / (pᵢ + p₁² − pᵢ²)``, ``p₁`` the largest share (Party
  Politics 16(2), 2010), each of votes or of seats.

Gallagher, Loosemore–Hanby, Rae and Sainte-Laguë are given in percentage points, as published
(Gallagher's election indices); every index is an exact :class:`~fractions.Fraction` except
Gallagher's, which needs a square root: it is the float nearest to the root of the exact
``gallagher_squared``. Shares are of the parties given: group small parties as "others" first
if that is the convention followed (Gallagher 1991 counts "others" as one party).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.core.counts import whole_counts
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.types import Results, UnitId

HUNDRED = Fraction(100)


def _counts(counts: Mapping[UnitId, int], what: str) -> dict[UnitId, int]:
    checked = whole_counts(counts, what)
    if sum(checked.values()) == 0:
        raise DataError(f"{what} sum to zero: shares are undefined")
    return checked


def shares(counts: Mapping[UnitId, int]) -> dict[UnitId, Fraction]:
    """Each unit's exact share of the total.

    >>> {k: str(v) for k, v in shares({"A": 3, "B": 1}).items()}
    {'A': '3/4', 'B': '1/4'}
    """
    checked = _counts(counts, "counts")
    total = sum(checked.values())
    return {name: Fraction(value, total) for name, value in checked.items()}


def _pairs(
    votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]
) -> tuple[dict[UnitId, Fraction], dict[UnitId, Fraction]]:
    v = _counts(votes, "votes")
    s = _counts(seats, "seats")
    unknown = [name for name in s if name not in v]
    if unknown:
        raise DataError(f"{unknown[0]!r} has seats but no votes entry")
    total_v, total_s = sum(v.values()), sum(s.values())
    return (
        {name: Fraction(v[name], total_v) for name in v},
        {name: Fraction(s.get(name, 0), total_s) for name in v},
    )


def loosemore_hanby(votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]) -> Fraction:
    """Loosemore–Hanby index in percentage points: ``50 Σ |vᵢ − sᵢ|``.

    >>> loosemore_hanby({"A": 60, "B": 40}, {"A": 7, "B": 3})
    Fraction(10, 1)
    """
    v, s = _pairs(votes, seats)
    return HUNDRED * sum((abs(v[p] - s[p]) for p in v), Fraction(0)) / 2


def rae(
    votes: Mapping[UnitId, int],
    seats: Mapping[UnitId, int],
    *,
    min_share: Fraction | int = 0,
) -> Fraction:
    """Rae's index in percentage points: the mean ``|vᵢ − sᵢ|`` over the parties counted.

    ``min_share`` leaves out parties whose vote share is below it (Rae 1967: ``1/200``).

    >>> rae({"A": 60, "B": 40}, {"A": 7, "B": 3})
    Fraction(10, 1)
    """
    v, s = _pairs(votes, seats)
    counted = [p for p in v if v[p] >= min_share]
    if not counted:
        raise DataError(f"no party reaches the minimum share {min_share} counted by Rae's index")
    return HUNDRED * sum((abs(v[p] - s[p]) for p in counted), Fraction(0)) / len(counted)


def gallagher_squared(votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]) -> Fraction:
    """The square of Gallagher's index, exactly: ``½ Σ (100 vᵢ − 100 sᵢ)²``.

    >>> gallagher_squared({"A": 60, "B": 40}, {"A": 7, "B": 3})
    Fraction(100, 1)
    """
    v, s = _pairs(votes, seats)
    return sum(((HUNDRED * (v[p] - s[p])) ** 2 for p in v), Fraction(0)) / 2


def _sqrt(value: Fraction) -> float:
    """The float nearest to ``√value``: integer square roots at 64 extra bits, then rounded."""
    scale = 2**128
    root = math.isqrt(value.numerator * scale * scale // value.denominator)
    return root / scale


def gallagher(votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]) -> float:
    """Gallagher's least-squares index in percentage points: ``√(½ Σ (vᵢ − sᵢ)²)``.

    A float (a square root); its exact square is :func:`gallagher_squared`.

    >>> round(gallagher({"A": 60, "B": 30, "C": 10}, {"A": 7, "B": 3, "C": 0}), 4)
    10.0
    """
    return _sqrt(gallagher_squared(votes, seats))


def sainte_lague_index(votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]) -> Fraction:
    """Sainte-Laguë index in percentage points: ``100 Σ (sᵢ − vᵢ)² / vᵢ``.

    A party with seats and no votes makes it undefined (a DataError).

    >>> sainte_lague_index({"A": 60, "B": 40}, {"A": 7, "B": 3})
    Fraction(25, 6)
    """
    v, s = _pairs(votes, seats)
    _no_seats_without_votes(v, s, "Sainte-Laguë")
    return HUNDRED * sum(((s[p] - v[p]) ** 2 / v[p] for p in v if v[p]), Fraction(0))


def dhondt_index(votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]) -> Fraction:
    """D'Hondt index: the largest advantage ratio ``max sᵢ / vᵢ``.

    >>> dhondt_index({"A": 60, "B": 40}, {"A": 7, "B": 3})
    Fraction(7, 6)
    """
    ratios = advantage_ratios(votes, seats)
    _no_seats_without_votes(*_pairs(votes, seats), "D'Hondt")
    return max(r for r in ratios.values() if r is not None)


def _no_seats_without_votes(
    v: Mapping[UnitId, Fraction], s: Mapping[UnitId, Fraction], index: str
) -> None:
    for party in v:
        if v[party] == 0 and s[party] > 0:
            raise DataError(f"{party!r} has seats but no votes: the {index} index is undefined")


def advantage_ratios(
    votes: Mapping[UnitId, int], seats: Mapping[UnitId, int]
) -> dict[UnitId, Fraction | None]:
    """Each party's seat share over its vote share (None when it has no votes).

    >>> {k: str(r) for k, r in advantage_ratios({"A": 60, "B": 40}, {"A": 7, "B": 3}).items()}
    {'A': '7/6', 'B': '3/4'}
    """
    v, s = _pairs(votes, seats)
    return {p: (s[p] / v[p] if v[p] else None) for p in v}


def effective_number(counts: Mapping[UnitId, int]) -> Fraction:
    """Laakso–Taagepera effective number of parties: ``1 / Σ pᵢ²``.

    >>> effective_number({"A": 50, "B": 30, "C": 20})
    Fraction(50, 19)
    """
    return 1 / sum((p * p for p in shares(counts).values()), Fraction(0))


def golosov(counts: Mapping[UnitId, int]) -> Fraction:
    """Golosov's effective number of parties: ``Σ pᵢ / (pᵢ + p₁² − pᵢ²)``.

    >>> golosov({"A": 50, "B": 30, "C": 20})
    Fraction(2018, 943)
    """
    p = shares(counts)
    largest = max(p.values())
    return sum((x / (x + largest**2 - x**2) for x in p.values() if x), Fraction(0))


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyShares:
    """One party's votes and seats, their shares and its advantage ratio."""

    name: UnitId
    votes: int
    seats: int
    vote_share: Fraction
    seat_share: Fraction
    advantage: Fraction | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Disproportionality:
    """Every index of one outcome. ``sainte_lague`` and ``dhondt`` are None when a party has
    seats without votes; ``gallagher`` is the float root of the exact ``gallagher_squared``."""

    parties: tuple[PartyShares, ...]
    gallagher: float
    gallagher_squared: Fraction
    loosemore_hanby: Fraction
    rae: Fraction
    sainte_lague: Fraction | None
    dhondt: Fraction | None
    effective_votes: Fraction
    effective_seats: Fraction
    golosov_votes: Fraction
    golosov_seats: Fraction

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle analyze --format json``."""

        def text(value: Fraction | None) -> str | None:
            return None if value is None else fraction_text(value)

        return {
            "parties": [
                {
                    "name": p.name,
                    "votes": p.votes,
                    "seats": p.seats,
                    "vote_share": fraction_text(p.vote_share),
                    "seat_share": fraction_text(p.seat_share),
                    "advantage": text(p.advantage),
                }
                for p in self.parties
            ],
            "indices": {
                "gallagher": self.gallagher,
                "gallagher_squared": fraction_text(self.gallagher_squared),
                "loosemore_hanby": fraction_text(self.loosemore_hanby),
                "rae": fraction_text(self.rae),
                "sainte_lague": text(self.sainte_lague),
                "dhondt": text(self.dhondt),
            },
            "effective_parties": {
                "votes": fraction_text(self.effective_votes),
                "seats": fraction_text(self.effective_seats),
                "golosov_votes": fraction_text(self.golosov_votes),
                "golosov_seats": fraction_text(self.golosov_seats),
            },
        }


def disproportionality(
    votes: Mapping[UnitId, int],
    seats: Mapping[UnitId, int],
    *,
    rae_min_share: Fraction | int = 0,
) -> Disproportionality:
    """Every index of an outcome: votes and seats per party (parties with votes and no seats
    are listed with 0 seats).

    >>> report = disproportionality({"A": 60, "B": 30, "C": 10}, {"A": 7, "B": 3})
    >>> report.loosemore_hanby, report.effective_seats, round(report.gallagher, 2)
    (Fraction(10, 1), Fraction(50, 29), 10.0)
    """
    v_counts = _counts(votes, "votes")
    s_counts = _counts(seats, "seats")
    v, s = _pairs(v_counts, s_counts)
    ratios = advantage_ratios(v_counts, s_counts)
    seats_of = {p: s_counts.get(p, 0) for p in v_counts}

    try:
        sainte_lague: Fraction | None = sainte_lague_index(v_counts, s_counts)
        dhondt: Fraction | None = dhondt_index(v_counts, s_counts)
    except DataError:  # a party with seats and no votes: both indices are undefined
        sainte_lague = dhondt = None
    return Disproportionality(
        parties=tuple(
            PartyShares(
                name=p,
                votes=v_counts[p],
                seats=seats_of[p],
                vote_share=v[p],
                seat_share=s[p],
                advantage=ratios[p],
            )
            for p in v_counts
        ),
        gallagher=gallagher(v_counts, s_counts),
        gallagher_squared=gallagher_squared(v_counts, s_counts),
        loosemore_hanby=loosemore_hanby(v_counts, s_counts),
        rae=rae(v_counts, s_counts, min_share=rae_min_share),
        sainte_lague=sainte_lague,
        dhondt=dhondt,
        effective_votes=effective_number(v_counts),
        effective_seats=effective_number(seats_of),
        golosov_votes=golosov(v_counts),
        golosov_seats=golosov(seats_of),
    )


def list_votes(results: Results) -> dict[UnitId, int]:
    """Votes per list summed over every results row (list-only and candidate votes alike).

    >>> from hemicycle.types import ResultRow
    >>> list_votes(Results(rows=(ResultRow(district="D", list="A", candidate=None, votes=5),
    ...                          ResultRow(district="E", list="A", candidate="x", votes=2))))
    {'A': 7}
    """
    totals: dict[UnitId, int] = {}
    for row in results.rows:
        totals[row.list] = totals.get(row.list, 0) + row.votes
    return totals


__all__ = [
    "Disproportionality",
    "PartyShares",
    "advantage_ratios",
    "dhondt_index",
    "disproportionality",
    "effective_number",
    "gallagher",
    "gallagher_squared",
    "golosov",
    "list_votes",
    "loosemore_hanby",
    "rae",
    "sainte_lague_index",
    "shares",
]
