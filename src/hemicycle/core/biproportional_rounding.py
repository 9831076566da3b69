"""The rounding rule of a divisor method, as used cell by cell in biproportional apportionment.

A divisor method rounds a quotient ``x`` to ``n`` seats when ``s(n-1) <= x <= s(n)``, where the
*signposts* ``s(k)`` are the method's divisors ``d(k)`` put on the scale of ordinary numbers:
``s(k) = d(k) / u`` with ``u`` the method's step (Pukelsheim, *Proportional Representation*,
2017, §3.4). Sainte-Laguë's divisors 1, 3, 5, … become the signposts 0.5, 1.5, 2.5, … of
standard rounding; D'Hondt's 1, 2, 3, … round down; Adams' 0, 1, 2, … round up. A quotient on a
signpost may be rounded either way: that is a tie. For Huntington-Hill (``power=2``) everything
is squared, so that it stays rational: ``x²`` is compared with ``s(k)² = k(k+1)``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

import numpy as np
import numpy.typing as npt

from hemicycle.core.divisors import DivisorMethod

# The step of a divisor sequence is read where it has settled: custom sequences continue by
# their last step, and the registered linear methods are linear from the start.
_TAIL = 64


def _step(method: DivisorMethod) -> Fraction:
    if method.power != 1:
        return Fraction(1)
    first = method.divisor(_TAIL + 1) - method.divisor(_TAIL)
    second = method.divisor(_TAIL + 2) - method.divisor(_TAIL + 1)
    return first if first == second and first > 0 else Fraction(1)


@dataclass(frozen=True, slots=True)
class Signposts:
    """The signposts of a divisor method and exact rounding of quotients by them.

    >>> from hemicycle.core.divisors import SAINTE_LAGUE, DHONDT
    >>> standard = Signposts(SAINTE_LAGUE)
    >>> standard.at(0), standard.at(2)
    (Fraction(1, 2), Fraction(5, 2))
    >>> standard.round(Fraction(5, 2)), standard.round(Fraction(12, 5))
    ((2, True), (2, False))
    >>> Signposts(DHONDT).round(Fraction(3))
    (2, True)
    """

    method: DivisorMethod
    unit: Fraction = field(init=False)
    _table: list[Fraction] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unit = _step(self.method)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "_table", [self.method.divisor(k) / unit for k in range(8)])

    @property
    def power(self) -> int:
        """1, or 2 when quotients and signposts are compared squared (Huntington-Hill)."""
        return self.method.power

    def _extend(self, size: int) -> list[Fraction]:
        table = self._table
        while len(table) < size:
            table.extend(self.method.divisor(k) / self.unit for k in range(len(table), 2 * size))
        return table

    def at(self, k: int) -> Fraction:
        """The signpost ``s(k)``: at and above it a quotient earns its ``k + 1``-th seat."""
        return self._extend(k + 1)[k]

    def round(self, quotient: Fraction) -> tuple[int, bool]:
        """Seats for ``quotient`` (the smaller when on a signpost) and whether it is a tie.

        The seats are the number of signposts strictly below the quotient; on a signpost
        ``s(n)`` both ``n`` and ``n + 1`` are the rounding.
        """
        table = self._table
        while table[-1] < quotient:
            table = self._extend(2 * len(table))
        seats = bisect.bisect_left(table, quotient)
        return seats, table[seats] == quotient

    def floats(self, size: int) -> npt.NDArray[np.float64]:
        """The first ``size`` signposts in floating point, for the approximate start."""
        return np.array([float(s) for s in self._extend(size)[:size]], dtype=np.float64)

    def admits(self, quotient: Fraction, seats: int) -> bool:
        """Whether rounding ``quotient`` may give ``seats``: ``s(seats-1) <= q <= s(seats)``."""
        if seats < 0 or quotient > self.at(seats):
            return False
        return seats == 0 or self.at(seats - 1) <= quotient


def simplest_between(low: Fraction, high: Fraction | None) -> Fraction:
    """The rational with the smallest denominator (then numerator) strictly inside ``(low, high)``.

    ``high=None`` means no upper end. Found by continued fractions (the Stern-Brocot tree).

    >>> simplest_between(Fraction(31, 10), Fraction(16, 5))
    Fraction(19, 6)
    >>> simplest_between(Fraction(3), None), simplest_between(Fraction(1, 3), Fraction(1, 2))
    (Fraction(4, 1), Fraction(2, 5))
    """
    if low < 0 or (high is not None and high <= low):
        raise ValueError(f"empty or negative interval ({low}, {high})")
    whole = floor(low)
    if high is None or whole + 1 < high:
        return Fraction(whole + 1)
    # low and high share the whole part: x = whole + 1/y with y in (1/(high-whole), 1/(low-whole))
    upper = None if low == whole else 1 / (low - whole)
    return whole + 1 / simplest_between(1 / (high - whole), upper)


__all__ = ["Signposts", "simplest_between"]
