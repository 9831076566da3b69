"""High-precision logarithms and exponentials for risk computations (50 significant digits).

Risks are products of thousands of likelihood ratios; computed in ``decimal`` at 50 digits,
the values published by the established tools (rlacalc, Arlo) are met to the last digit of a
double, and sample sizes that sit near a whole number are rounded the right way.
"""

from __future__ import annotations

import functools
from decimal import Context, Decimal
from fractions import Fraction

from hemicycle.errors import DataError

CONTEXT = Context(prec=50)


def dec(value: Fraction | int | str | Decimal) -> Decimal:
    """A rational as a 50-digit decimal.

    >>> dec(Fraction(1, 3))
    Decimal('0.33333333333333333333333333333333333333333333333333')
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        value = Fraction(value)
    if isinstance(value, int):
        return Decimal(value)
    return CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


@functools.lru_cache(maxsize=4096)
def ln(value: Fraction | int | str | Decimal) -> Decimal:
    """Natural logarithm at 50 digits (cached: audits take the same logarithms again)."""
    return CONTEXT.ln(dec(value))


def exp(value: Decimal) -> Decimal:
    """Exponential at 50 digits."""
    return CONTEXT.exp(value)


Number = Fraction | int | float | str
"""An exact number: a Fraction, an int, a decimal string (``"0.1"``, ``"1/10"``), or a float
taken at its exact binary value (as Arlo's ``Decimal(0.36)`` takes it)."""


def to_fraction(value: Number, what: str) -> Fraction:
    """The exact value of ``value``, or a DataError naming ``what``.

    >>> to_fraction("0.1", "alpha"), to_fraction(0.5, "share")
    (Fraction(1, 10), Fraction(1, 2))
    """
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError):
        raise DataError(f"{what} must be a number such as 0.1 or 1/10 (got {value!r})") from None


def risk_limit(value: Number) -> Fraction:
    """A risk limit: strictly between 0 and 1."""
    alpha = to_fraction(value, "the risk limit")
    if not 0 < alpha < 1:
        raise DataError(f"the risk limit must be above 0 and below 1 (got {value})")
    return alpha


__all__ = ["CONTEXT", "Number", "dec", "exp", "ln", "risk_limit", "to_fraction"]
