"""Options every allocation method shares: thresholds, exclusions, bounds and prior seats.

:func:`prepare` checks the input once, for every method family, and decides which units may
receive seats, so that each method only has to rank the units that remain.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.core.result import Step
from hemicycle.errors import DataError, InfeasibleError
from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class Threshold:
    """A legal threshold: a share of the valid total, an absolute number of votes, or both.

    A unit qualifies when its votes reach the threshold (``>=``), as in Bundeswahlgesetz
    §4(2) ("mindestens 5 vom Hundert"). Compared exactly: ``votes * 100 >= 5 * total``.

    >>> Threshold.parse("5%").qualifies(2_482_476, 49_649_512)
    True
    >>> Threshold.parse("5%").qualifies(2_472_947, 49_649_512)
    False
    """

    share: Fraction | None = None
    votes: int | None = None

    @classmethod
    def parse(cls, text: str | int | Fraction | Threshold) -> Threshold:
        """``"5%"`` or ``"2.5%"`` for a share, ``Fraction(1, 20)`` likewise, ``"1000"`` or
        ``1000`` for an absolute number of votes."""
        if isinstance(text, Threshold):
            return text
        if isinstance(text, float):
            hint = f"{text * 100:g}%" if math.isfinite(text) else "5%"
            raise DataError(
                f"threshold {text!r} is a float, which cannot state a share exactly: give a "
                f'share as "{hint}" or a Fraction, or a whole number of votes'
            )
        if isinstance(text, bool) or not isinstance(text, Fraction | int | str):
            raise DataError(
                f"threshold must be a percentage such as 5%, a Fraction or a whole number of "
                f"votes (got {text!r})"
            )
        if isinstance(text, Fraction):
            share = text
        elif isinstance(text, int):
            return cls._absolute(text)
        else:
            cleaned = text.strip()
            if not cleaned.endswith("%"):
                if cleaned.isdigit():
                    return cls._absolute(int(cleaned))
                raise DataError(
                    f"threshold must be a percentage such as 5% or a whole number of votes "
                    f"(got {text!r})"
                )
            try:
                share = Fraction(cleaned[:-1].strip()) / 100
            except (ValueError, ZeroDivisionError):
                raise DataError(
                    f"threshold must be a percentage such as 5% (got {text!r})"
                ) from None
        if not 0 <= share <= 1:
            raise DataError(f"threshold must be between 0% and 100% (got {float(share) * 100:g}%)")
        return cls(share=share)

    @classmethod
    def _absolute(cls, votes: int) -> Threshold:
        if votes < 0:
            raise DataError(f"threshold must be a non-negative number of votes (got {votes})")
        return cls(votes=votes)

    def qualifies(self, votes: int, total: int) -> bool:
        """Whether ``votes`` out of a valid ``total`` reach the threshold."""
        if self.share is not None and votes * self.share.denominator < self.share.numerator * total:
            return False
        return self.votes is None or votes >= self.votes

    def describe(self) -> str:
        parts = []
        if self.share is not None:
            parts.append(f"{float(self.share) * 100:g}% of the valid votes")
        if self.votes is not None:
            parts.append(f"{self.votes} votes")
        return " and ".join(parts)


Bound = int | Mapping[UnitId, int] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Prepared:
    """Checked input: the units that may receive seats and their bounds."""

    votes: Mapping[UnitId, int]
    seats: int
    eligible: tuple[UnitId, ...]
    excluded: tuple[UnitId, ...]
    lower: Mapping[UnitId, int]
    upper: Mapping[UnitId, int | None]
    prior: Mapping[UnitId, int]
    steps: tuple[Step, ...]


def check_votes(votes: Mapping[UnitId, int]) -> dict[UnitId, int]:
    """Check that votes are non-negative integers per named unit, and copy them."""
    if not votes:
        raise DataError("no units were given")
    checked: dict[UnitId, int] = {}
    for unit, count in votes.items():
        if not isinstance(unit, str) or not unit:
            raise DataError(f"unit names must be non-empty text (got {unit!r})")
        if isinstance(count, bool) or not isinstance(count, int):
            raise DataError(f"votes of {unit!r} must be a whole number (got {count!r})")
        if count < 0:
            raise DataError(f"votes of {unit!r} must be non-negative (got {count})")
        checked[unit] = count
    return checked


def _per_unit(bound: Bound, units: Iterable[UnitId], name: str) -> dict[UnitId, int | None]:
    if bound is None:
        return dict.fromkeys(units)
    if isinstance(bound, int):
        if bound < 0:
            raise DataError(f"{name} must be non-negative (got {bound})")
        return dict.fromkeys(units, bound)
    values: dict[UnitId, int | None] = dict.fromkeys(units)
    for unit, value in bound.items():
        if unit not in values:
            raise DataError(f"{name} names unknown unit {unit!r}")
        if value < 0:
            raise DataError(f"{name} of {unit!r} must be non-negative (got {value})")
        values[unit] = value
    return values


def prepare(
    votes: Mapping[UnitId, int],
    seats: int,
    *,
    threshold: str | int | Fraction | Threshold | None = None,
    valid_total: int | None = None,
    min_seats: Bound = None,
    max_seats: Bound = None,
    prior_seats: Mapping[UnitId, int] | None = None,
    exclude: Iterable[UnitId] = (),
    exempt: Iterable[UnitId] = (),
) -> Prepared:
    """Check the options and decide which units may receive seats.

    Bounds (``min_seats``, ``max_seats``) count every seat a unit holds, prior seats included.
    Units below the threshold, or listed in ``exclude``, receive nothing and their minimums do
    not apply. ``valid_total`` is the total the threshold share is taken of (by default the sum
    of ``votes``; a law may count votes of units not listed). Units in ``exempt`` need not reach
    the threshold (parties of national minorities: Bundeswahlgesetz §4(2) sentence 3).
    """
    checked = check_votes(votes)
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
        raise DataError(f"seats must be a non-negative whole number (got {seats!r})")
    total = sum(checked.values()) if valid_total is None else valid_total
    if total < sum(checked.values()):
        raise DataError(f"valid total {total} is less than the sum of the votes given")
    steps: list[Step] = []
    excluded: list[UnitId] = []
    excluded_by_law = set(exclude)
    unknown = excluded_by_law - checked.keys()
    if unknown:
        raise DataError(f"exclusion list names unknown unit {sorted(unknown)[0]!r}")
    exempted = set(exempt)
    rule = None if threshold is None else Threshold.parse(threshold)
    for unit, count in checked.items():
        if unit in excluded_by_law:
            excluded.append(unit)
            steps.append(Step(kind="excluded", unit=unit, text=f"{unit} is excluded by name"))
        elif rule is not None and unit not in exempted and not rule.qualifies(count, total):
            excluded.append(unit)
            steps.append(
                Step(
                    kind="threshold",
                    unit=unit,
                    text=f"{unit} ({count} of {total} votes) is below the threshold of "
                    f"{rule.describe()}",
                )
            )
    eligible = tuple(unit for unit in checked if unit not in excluded)
    prior = dict.fromkeys(checked, 0)
    for unit, held in (prior_seats or {}).items():
        if unit not in prior:
            raise DataError(f"prior seats name unknown unit {unit!r}")
        if isinstance(held, bool) or not isinstance(held, int) or held < 0:
            raise DataError(f"prior seats of {unit!r} must be a non-negative whole number")
        prior[unit] = held
    lower = {unit: value or 0 for unit, value in _per_unit(min_seats, checked, "min-seats").items()}
    upper = _per_unit(max_seats, checked, "max-seats")
    for unit in eligible:
        cap = upper[unit]
        if cap is not None and cap < prior[unit]:
            # the seats a unit holds are never taken away: above its maximum it receives none
            upper[unit] = cap = prior[unit]
        if cap is not None and cap < lower[unit]:
            raise InfeasibleError(f"{unit!r} has max-seats {cap} below its min-seats {lower[unit]}")
    needed = sum(max(lower[unit] - prior[unit], 0) for unit in eligible)
    if needed > seats:
        raise InfeasibleError(
            f"minimum seats add up to {needed}, more than the {seats} seats to allocate"
        )
    caps = [upper[unit] for unit in eligible]
    if seats and (not eligible or None not in caps):
        room = sum(
            max((cap or 0) - prior[unit], 0) for unit, cap in zip(eligible, caps, strict=True)
        )
        if room < seats:
            raise InfeasibleError(
                f"{seats} seats cannot be allocated: the units that may receive seats can take "
                f"at most {room}"
            )
    return Prepared(
        votes=checked,
        seats=seats,
        eligible=eligible,
        excluded=tuple(excluded),
        lower={unit: lower[unit] for unit in eligible},
        upper={unit: upper[unit] for unit in eligible},
        prior=prior,
        steps=tuple(steps),
    )


__all__ = ["Bound", "Prepared", "Threshold", "check_votes", "prepare"]
