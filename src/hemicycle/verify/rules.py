"""The methods' own definitions, written out again from their sources for the verifier.

Nothing here is shared with the engine: a certificate is checked against these definitions,
so an error in the engine's tables cannot certify itself.

Divisors ``d(s)`` of a unit's seat ``s + 1`` (Pukelsheim, *Proportional Representation*, 2017,
Table 3.3; Balinski & Young, *Fair Representation*, 2001, Appendix A): D'Hondt ``s + 1``,
Sainte-Laguë ``2s + 1``, Adams ``s``, Dean ``2s(s+1)/(2s+1)``, Huntington-Hill
``sqrt(s(s+1))`` (kept squared), Danish ``3s + 1``, Imperiali ``s + 2``, modified Sainte-Laguë
``f, 3, 5, …``. Quotas: Hare ``v/s``, Hagenbach-Bischoff ``v/(s+1)``, Droop
``floor(v/(s+1)) + 1``, Imperiali ``v/(s+2)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction

from hemicycle.verify.report import MalformedError

Divisor = Callable[[int], Fraction]

_LINEAR = {
    # id: (step, first divisor); the step is also the signpost unit
    "dhondt": (1, 1),
    "sainte_lague": (2, 1),
    "adams": (1, 0),
    "danish": (3, 1),
    "imperiali": (1, 2),
}


def divisor_rule(
    method: str, first_divisor: Fraction | None, given: Sequence[Fraction]
) -> tuple[Divisor, int]:
    """The divisor function of ``method`` and its power (2 for Huntington-Hill).

    >>> d, power = divisor_rule("modified_sainte_lague", Fraction(7, 5), ())
    >>> [d(s) for s in range(3)], power
    ([Fraction(7, 5), Fraction(3, 1), Fraction(5, 1)], 1)
    """
    if method in _LINEAR:
        step, start = _LINEAR[method]
        return (lambda s: Fraction(step * s + start)), 1
    if method == "huntington_hill":
        return (lambda s: Fraction(s * (s + 1))), 2
    if method == "dean":
        return (lambda s: Fraction(2 * s * (s + 1), 2 * s + 1)), 1
    if method == "modified_sainte_lague":
        if first_divisor is None or not 0 < first_divisor <= 3:
            raise MalformedError(
                f"modified Sainte-Laguë needs a first divisor in (0, 3] (got {first_divisor})"
            )
        lowered = first_divisor

        def modified(s: int) -> Fraction:
            return lowered if s == 0 else Fraction(2 * s + 1)

        return modified, 1
    if method == "divisors":
        return _given(given), 1
    raise MalformedError(f"{method!r} is not a divisor method the verifier knows")


def _given(given: Sequence[Fraction]) -> Divisor:
    if len(given) < 2 or given[0] < 0 or any(b <= a for a, b in itertools.pairwise(given)):
        raise MalformedError(
            "a divisor sequence needs two or more non-negative, increasing divisors"
        )
    step = given[-1] - given[-2]
    table = tuple(given)

    def divisor(s: int) -> Fraction:
        return table[s] if s < len(table) else table[-1] + step * (s - len(table) + 1)

    return divisor


def signpost_unit(method: str, given: Sequence[Fraction]) -> Fraction:
    """The step that puts a method's divisors on the scale of ordinary rounding.

    >>> signpost_unit("sainte_lague", ()), signpost_unit("huntington_hill", ())
    (Fraction(2, 1), Fraction(1, 1))
    """
    if method in _LINEAR:
        return Fraction(_LINEAR[method][0])
    if method == "modified_sainte_lague":
        return Fraction(2)
    if method == "divisors" and len(given) >= 2 and given[-1] > given[-2]:
        return given[-1] - given[-2]
    return Fraction(1)


# id: (offset added to the seats, integer Droop quota)
QUOTAS = {
    "hare": (0, False),
    "droop": (1, True),
    "hagenbach_bischoff": (1, False),
    "imperiali_quota": (2, False),
}


def quota_of(method: str, total: int, seats: int, offset: int) -> Fraction:
    """The quota of ``total`` votes for ``seats`` seats with ``offset`` added to the seats.

    >>> quota_of("droop", 100, 3, 1), quota_of("hare", 100, 3, 0)
    (Fraction(26, 1), Fraction(100, 3))
    """
    if QUOTAS[method][1]:
        return Fraction(total // (seats + offset) + 1)
    return Fraction(total, seats + offset)


__all__ = ["QUOTAS", "Divisor", "divisor_rule", "quota_of", "signpost_unit"]
