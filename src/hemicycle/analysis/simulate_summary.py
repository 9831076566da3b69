"""Seat distributions of a projection: quantiles, mean, and the probabilities that matter.

A distribution is the exact count of draws at every seat number, so quantiles and
probabilities are read from integers and never depend on the order the chunks came back in.

The three thresholds of a house of ``H`` seats:

- a majority: more than half, ``2s > H``;
- a two-thirds majority: at least two thirds, ``3s >= 2H`` (Iraq's Constitution art. 70: the
  President is elected by two thirds of the members);
- a blocking third: more than a third, ``3s > H``, exactly what keeps every other group below
  two thirds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hemicycle.errors import DataError


def majority_seats(house: int) -> int:
    """Fewest seats that are more than half.

    >>> majority_seats(329), majority_seats(630)
    (165, 316)
    """
    return house // 2 + 1


def two_thirds_seats(house: int) -> int:
    """Fewest seats that are at least two thirds.

    >>> two_thirds_seats(329), two_thirds_seats(630)
    (220, 420)
    """
    return -(-2 * house // 3)


def blocking_seats(house: int) -> int:
    """Fewest seats that are more than a third: the others then fall short of two thirds.

    >>> blocking_seats(329), blocking_seats(630)
    (110, 211)
    """
    return house // 3 + 1


def parse_quantile(value: float | str | Fraction) -> Fraction:
    """A probability for a quantile, as an exact fraction (``"5%"``, ``0.05``, ``"1/20"``).

    >>> parse_quantile("5%"), parse_quantile(0.5)
    (Fraction(1, 20), Fraction(1, 2))
    """
    text = str(value).strip()
    try:
        q = Fraction(text.removesuffix("%")) / (100 if text.endswith("%") else 1)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"a quantile must be a number between 0 and 1 (got {value!r})") from None
    if not 0 <= q <= 1:
        raise DataError(f"a quantile must be between 0 and 1 (got {value!r})")
    return q


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatDistribution:
    """How many draws gave a party (or bloc) each number of seats.

    >>> d = SeatDistribution(name="A", histogram=(0, 1, 2, 1), house_size=3)
    >>> d.quantile(Fraction(1, 2)), d.mean, d.probability(2)
    (2, Fraction(2, 1), Fraction(3, 4))
    """

    name: str
    histogram: tuple[int, ...]
    house_size: int
    members: tuple[str, ...] = field(default=())

    @property
    def simulations(self) -> int:
        return sum(self.histogram)

    def quantile(self, q: Fraction) -> int:
        """The smallest seat number ``s`` with at least a share ``q`` of draws at or below it
        (the inverse of the empirical distribution function; Hyndman and Fan 1996, type 1)."""
        total = self.simulations
        running = 0
        for seats, count in enumerate(self.histogram):
            running += count
            if running * q.denominator >= q.numerator * total and running > 0:
                return seats
        return len(self.histogram) - 1

    @property
    def mean(self) -> Fraction:
        """The mean number of seats, exactly."""
        return Fraction(sum(s * c for s, c in enumerate(self.histogram)), self.simulations)

    def probability(self, seats: int) -> Fraction:
        """The share of draws with at least ``seats`` seats."""
        return Fraction(sum(self.histogram[seats:]), self.simulations)

    @property
    def majority(self) -> Fraction:
        return self.probability(majority_seats(self.house_size))

    @property
    def two_thirds(self) -> Fraction:
        return self.probability(two_thirds_seats(self.house_size))

    @property
    def blocking_third(self) -> Fraction:
        return self.probability(blocking_seats(self.house_size))

    def as_json(self, quantiles: Sequence[Fraction]) -> dict[str, Any]:
        """Mean and probabilities as decimals (Monte Carlo estimates), seats as integers."""
        payload: dict[str, Any] = {}
        if self.members:
            payload["members"] = list(self.members)
        payload["mean"] = round(float(self.mean), 4)
        payload["quantiles"] = {quantile_key(q): self.quantile(q) for q in quantiles}
        payload["majority"] = float(self.majority)
        payload["two_thirds"] = float(self.two_thirds)
        payload["blocking_third"] = float(self.blocking_third)
        payload["histogram"] = {str(s): c for s, c in enumerate(self.histogram) if c}
        return payload


def quantile_key(q: Fraction) -> str:
    """A quantile as a short decimal key.

    >>> quantile_key(Fraction(1, 20)), quantile_key(Fraction(1, 3))
    ('0.05', '0.3333')
    """
    return f"{float(q):.4f}".rstrip("0").rstrip(".") if q else "0"


__all__ = [
    "SeatDistribution",
    "blocking_seats",
    "majority_seats",
    "parse_quantile",
    "quantile_key",
    "two_thirds_seats",
]
