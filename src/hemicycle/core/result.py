"""Frozen result values: an :class:`Allocation` and the pieces that explain it.

Results are data, never printed: each keeps the decisive numbers so that the CLI, the report and
the web app can explain a result without recomputing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

from hemicycle.core.ties import Tie
from hemicycle.types import UnitId

if TYPE_CHECKING:
    from hemicycle.core.certificates import Certificate


def frozen_mapping(items: Mapping[UnitId, int]) -> Mapping[UnitId, int]:
    """A read-only copy of ``items`` that keeps their order."""
    return MappingProxyType(dict(items))


def fraction_text(value: Fraction) -> str:
    """Exact text of a rational: ``"7/30"``, or ``"12"`` when it is whole.

    >>> fraction_text(Fraction(14, 60)), fraction_text(Fraction(12))
    ('7/30', '12')
    """
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Priority:
    """One seat in the order a method awards it.

    Attributes:
        rank: position in the order of award, from 1, after minimum and automatic seats.
        house_seat: the seat of the house this is (rank plus the seats given before ranking).
        unit: the unit that receives it.
        seat: which seat of that unit it is (its 8th, say), counting seats held beforehand.
        value: the exact key the method ranks by (for Huntington-Hill, the square of the
            priority value, which keeps it rational).
        text: the exact priority value as text (``"5314879/sqrt(56)"``, ``"12463/1"``).
    """

    rank: int
    house_seat: int
    unit: UnitId
    seat: int
    value: Fraction
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of the trace, for people: what was done and why.

    ``kind`` is one of ``threshold``, ``excluded``, ``minimum``, ``automatic``, ``quota``,
    ``remainder``, ``award``, ``maximum``, ``tie``, ``overhang``.
    """

    kind: str
    text: str
    unit: UnitId | None = None


def _no_priority() -> tuple[tuple[Priority, ...], Priority | None]:
    return (), None


def _no_certificate() -> Certificate | None:
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Allocation:
    """Seats per unit and everything needed to explain them.

    ``seats`` are the seats this allocation awards (seats held beforehand are in
    ``prior_seats``); excluded units appear with 0 seats. The priority list is computed on
    first use, so that large and batched allocations do not pay for it.
    """

    method: str
    house_size: int
    votes: Mapping[UnitId, int]
    seats: Mapping[UnitId, int]
    prior_seats: Mapping[UnitId, int] = field(default_factory=lambda: MappingProxyType({}))
    excluded: tuple[UnitId, ...] = ()
    ties: tuple[Tie, ...] = ()
    steps: tuple[Step, ...] = ()
    quota: Fraction | None = None
    priority_fn: Callable[[], tuple[tuple[Priority, ...], Priority | None]] = field(
        default=_no_priority, repr=False, compare=False
    )
    certificate_fn: Callable[[], Certificate | None] = field(
        default=_no_certificate, repr=False, compare=False
    )

    @property
    def certificate(self) -> Certificate | None:
        """The exact numbers that prove the seats (:mod:`hemicycle.core.certificates`),
        computed on first use."""
        return self.certificate_fn()

    @property
    def priority(self) -> tuple[Priority, ...]:
        """Every seat after the minimums, in the order the method awards it."""
        return self.priority_fn()[0]

    @property
    def next_in_line(self) -> Priority | None:
        """The seat the method would award next if the house had one more seat."""
        return self.priority_fn()[1]

    def as_json(self, *, certificate: bool = False) -> dict[str, object]:
        """The JSON object of ``hemicycle apportion --format json`` (see DESIGN.md), with the
        certificate under ``"certificate"`` when asked for."""
        body: dict[str, object] = {
            "method": self.method,
            "house_size": self.house_size,
            "seats": dict(self.seats),
            "excluded": list(self.excluded),
            "ties": [
                {
                    "seat": tie.seat,
                    "tied": sorted(tie.tied),
                    "places": tie.places,
                    "winners": list(tie.winners),
                    "rule": tie.rule,
                }
                for tie in self.ties
            ],
            "priority": [
                {"rank": p.rank, "name": p.unit, "seat": p.seat, "value": p.text}
                for p in self.priority
            ],
        }
        if certificate:
            proof = self.certificate
            body["certificate"] = None if proof is None else proof.as_json()
        return body

    @property
    def total_seats(self) -> Mapping[UnitId, int]:
        """Seats held after the allocation: prior seats plus the seats awarded."""
        return MappingProxyType(
            {unit: self.seats[unit] + self.prior_seats.get(unit, 0) for unit in self.seats}
        )


__all__ = ["Allocation", "Priority", "Step", "fraction_text", "frozen_mapping"]
