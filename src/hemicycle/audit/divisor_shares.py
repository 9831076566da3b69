"""The share a party must hold against another for its last seat to beat the other's next one.

Under a divisor method party ``A`` holding ``s_A`` seats keeps its last seat against party ``B``
holding ``s_B`` when ``v_A / d(s_A − 1) > v_B / d(s_B)``, that is when ``A`` holds more than
``f = d(s_A − 1) / (d(s_A − 1) + d(s_B))`` of the ballots for ``A`` or ``B`` (Stark & Teague
2014; Blom et al. 2021).

* A zero divisor (Adams, Dean, Huntington-Hill at ``s = 0``) makes a party's first seat beat
  every claim as soon as it has one vote: no share assertion expresses that, so none is made.
  A party without a seat then claims its first one with an infinite priority, and ``f = 1``:
  only a full count confirms that it has no vote.
* Huntington-Hill's divisors ``sqrt(s(s+1))`` are irrational, and so is ``f``. The claim is
  still linear in the votes, ``v_A·sqrt(b) > v_B·sqrt(a)`` with ``a = (s_A−1)s_A`` and
  ``b = s_B(s_B+1)``, and the core compares it exactly as ``v_A²·b > v_B²·a``. The assertion
  uses a rational ``f' ≥ f``, from a lower bound of ``sqrt(b/a)`` found with integer square
  roots; a share above ``f'`` is above ``f``, so the audit stays risk-limiting. ``f'`` is made
  tight enough to lie below the reported share whenever the exact comparison says the claim
  holds, so a correct outcome always has a positive margin.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hemicycle.core.divisors import DivisorMethod


def _sqrt_below(value: Fraction, digits: int) -> Fraction:
    """The largest multiple of ``10**-digits / denominator`` not above ``sqrt(value)``."""
    scale = value.denominator * 10**digits
    return Fraction(math.isqrt(value.numerator * value.denominator * 100**digits), scale)


def divisor_share(
    rule: DivisorMethod, held: int, other_held: int, votes: int, other_votes: int
) -> Fraction | None:
    """``f`` (or a rational ``f' ≥ f`` for square-root divisors); None for a first seat.

    ``held`` and ``votes`` are the winner's reported seats and votes, ``other_held`` and
    ``other_votes`` the loser's.

    >>> from hemicycle.core.divisors import SAINTE_LAGUE, HUNTINGTON_HILL
    >>> divisor_share(SAINTE_LAGUE, 2, 1, 600, 300)
    Fraction(1, 2)
    >>> share = divisor_share(HUNTINGTON_HILL, 2, 2, 600, 300)  # sqrt 2 / (sqrt 2 + sqrt 6)
    >>> share > 1 / (1 + Fraction(17320508075688773, 10**16)), round(float(share), 12)
    (True, 0.366025403784)
    >>> divisor_share(HUNTINGTON_HILL, 1, 3, 600, 300) is None
    True
    """
    last = rule.divisor(held - 1)
    following = rule.divisor(other_held)
    if last == 0:
        return None
    if following == 0:
        return Fraction(1)
    if rule.power == 1:
        return last / (last + following)
    ratio = following / last
    root = _sqrt_below(ratio, 0)
    if root * root == ratio:
        return 1 / (1 + root)
    holds = votes**2 * following > other_votes**2 * last
    digits = 20
    while True:
        share = 1 / (1 + _sqrt_below(ratio, digits))
        if not holds or share < Fraction(votes, votes + other_votes):
            return share
        digits *= 2


__all__ = ["divisor_share"]
