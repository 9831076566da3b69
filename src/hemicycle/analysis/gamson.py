"""Gamson's law: a coalition's offices are shared in proportion to the seats its parties bring.

Gamson (*A Theory of Coalition Formation*, American Sociological Review 26(3), 1961) predicted
that each member of a government receives a share of the payoff proportional to the resources
it contributes; Browne & Franklin (*Aspects of Coalition Payoffs in European Parliamentary
Democracies*, APSR 67(2), 1973) found portfolio shares close to seat shares within coalitions.
The deviation of a cabinet is measured here party by party (office share − seat share, both
within the government) and summed as ``½ Σ |oᵢ − sᵢ|``, the share of offices that would have to
change hands for exact proportionality (the Loosemore–Hanby form).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class GamsonParty:
    """A government party's seats and offices, their shares within the government, and the
    deviation ``office_share − seat_share``."""

    name: UnitId
    seats: int
    offices: Fraction
    seat_share: Fraction
    office_share: Fraction
    deviation: Fraction


@dataclass(frozen=True, slots=True, kw_only=True)
class GamsonCheck:
    """Every government party and the total deviation ``½ Σ |oᵢ − sᵢ|`` (0 is proportional)."""

    parties: tuple[GamsonParty, ...]
    deviation: Fraction

    def as_json(self) -> dict[str, object]:
        return {
            "deviation": fraction_text(self.deviation),
            "parties": [
                {
                    "name": p.name,
                    "seats": p.seats,
                    "offices": fraction_text(p.offices),
                    "seat_share": fraction_text(p.seat_share),
                    "office_share": fraction_text(p.office_share),
                    "deviation": fraction_text(p.deviation),
                }
                for p in self.parties
            ],
        }


def gamson(offices: Mapping[UnitId, int | Fraction], seats: Mapping[UnitId, int]) -> GamsonCheck:
    """Compare each government party's share of the offices with its share of the seats.

    ``offices`` counts the offices (or their points) of every party in government, 0 for a
    party that supports it without office; ``seats`` gives their seats (other parties are
    ignored).

    >>> check = gamson({"A": 3, "B": 1}, {"A": 60, "B": 40, "C": 50})
    >>> check.deviation, [str(p.deviation) for p in check.parties]
    (Fraction(3, 20), ['3/20', '-3/20'])
    """
    if not offices:
        raise DataError("give the offices of at least one government party")
    counted: dict[UnitId, Fraction] = {}
    for party, value in offices.items():
        if isinstance(value, bool) or not isinstance(value, int | Fraction) or value < 0:
            raise DataError(f"offices of {party!r} must be a non-negative number (got {value!r})")
        if party not in seats:
            raise DataError(f"government party {party!r} has no seats entry")
        counted[party] = Fraction(value)
    total_offices = sum(counted.values(), Fraction(0))
    total_seats = sum(seats[p] for p in counted)
    if total_offices == 0 or total_seats == 0:
        raise DataError("the government holds no offices or no seats: shares are undefined")
    parties = []
    for party, held in counted.items():
        seat_share = Fraction(seats[party], total_seats)
        office_share = held / total_offices
        parties.append(
            GamsonParty(
                name=party,
                seats=seats[party],
                offices=held,
                seat_share=seat_share,
                office_share=office_share,
                deviation=office_share - seat_share,
            )
        )
    return GamsonCheck(
        parties=tuple(parties),
        deviation=sum((abs(p.deviation) for p in parties), Fraction(0)) / 2,
    )


__all__ = ["GamsonCheck", "GamsonParty", "gamson"]
