"""Certificates: the few exact numbers that prove an allocation, checkable without hemicycle.

A divisor method's seats are certified by an interval of divisors: every unit's seats are its
votes rounded by any divisor λ in ``(low, high]`` — the number of its claims ``votes / d(s)``
that reach λ, kept within its bounds and never below its prior seats (Balinski & Young, *Fair
Representation*, 2001, Prop. 3.3; Pukelsheim, *Proportional Representation*, 2017, §4.4).
``high`` is the smallest claim that won a seat and ``low`` the largest claim that lost one;
when they are equal the allocation rests on a tie at that level, and the tie record says
which units took the places.

A quota method's seats are certified by the quota and a cut in the remainders: every unit's
seats are its entitlement ``votes / quota − prior`` rounded up at any point λ in
``(low, high]`` — its whole quotas, and one more when its remainder reaches λ — within its
bounds. Candidate counts are certified by their decisive comparisons: who was elected with how
many votes against what (the quota, the first loser, the vacancies left), and who was excluded
with fewest votes.

Certificates are computed on demand from the finished allocation, so the engines pay nothing
for them until they are asked for. :mod:`hemicycle.verify` checks them from their JSON alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from types import MappingProxyType
from typing import TYPE_CHECKING

from hemicycle.core.result import fraction_text
from hemicycle.core.ties import Tie
from hemicycle.types import UnitId

if TYPE_CHECKING:
    from hemicycle.core.biproportional import Biproportional
    from hemicycle.core.biproportional_lower import LowerTie
    from hemicycle.core.candidates import CandidateCount, Stage
    from hemicycle.core.divisors import DivisorMethod
    from hemicycle.core.options import Prepared


@dataclass(frozen=True, slots=True, kw_only=True)
class Terms:
    """What a unit brings to an allocation and what it received.

    ``lower`` and ``upper`` bound every seat the unit holds, prior seats included; ``seats``
    are the seats this allocation awards.
    """

    votes: int
    prior: int
    lower: int
    upper: int | None
    seats: int

    def as_json(self, name: UnitId) -> dict[str, object]:
        return {
            "name": name,
            "votes": self.votes,
            "prior": self.prior,
            "min": self.lower,
            "max": self.upper,
            "seats": self.seats,
        }


def ties_json(ties: Iterable[Tie | LowerTie]) -> list[dict[str, object]]:
    """The ties for JSON, as every command prints them: the seat, the tied, the places, the
    winners and the rule.

    >>> ties_json([Tie(seat=3, tied=frozenset({"B", "A"}), places=1, winners=("B",), rule="lot:7")])
    [{'seat': 3, 'tied': ['A', 'B'], 'places': 1, 'winners': ['B'], 'rule': 'lot:7'}]
    """
    return [
        {
            "seat": tie.seat,
            "tied": sorted(tie.tied),
            "places": tie.places,
            "winners": list(tie.winners),
            "rule": tie.rule,
        }
        for tie in ties
    ]


def number_json(value: Fraction | int) -> int | str:
    """An exact number for JSON: an integer, or ``"p/q"`` text (DESIGN.md).

    >>> number_json(Fraction(6, 2)), number_json(Fraction(1, 3))
    (3, '1/3')
    """
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else fraction_text(value)


def _text(value: Fraction | None) -> int | str | None:
    return None if value is None else number_json(value)


def simplest_in(low: Fraction, high: Fraction | None) -> Fraction:
    """The roundest number in ``(low, high]`` (``high=None``: no end): the whole number with
    most trailing zeros if there is one, else the fraction with the smallest denominator.

    >>> simplest_in(Fraction(11000), Fraction(11750)), simplest_in(Fraction(1, 3), Fraction(1, 2))
    (Fraction(11100, 1), Fraction(1, 2))
    """
    if high is not None and low >= high:
        return high
    whole = floor(low) + 1
    if high is None or whole <= high:
        scale = 10 ** len(str(whole))
        while scale > 1:
            rounded = (floor(low) // scale + 1) * scale
            if high is None or rounded <= high:
                return Fraction(rounded)
            scale //= 10
        return Fraction(whole)
    # low and high share the whole part w: search the Stern-Brocot tree between w and w + 1
    left, right = (floor(low), 1), (floor(low) + 1, 1)
    while True:
        mediant = Fraction(left[0] + right[0], left[1] + right[1])
        if mediant <= low:
            left = (mediant.numerator, mediant.denominator)
        elif mediant > high:
            right = (mediant.numerator, mediant.denominator)
        else:
            return mediant


@dataclass(frozen=True, slots=True, kw_only=True)
class DivisorCertificate:
    """An interval of divisors that reproduces a divisor method's allocation.

    Attributes:
        method: the registry id (``dhondt``; ``divisors`` for a sequence given by a law).
        first_divisor: the first divisor of ``modified_sainte_lague``.
        sequence: for divisors a law gives (``divisors``), ``d(0), d(1), …`` as far as the
            certificate needs them.
        power: 2 when claims are compared squared (Huntington-Hill): λ is then a squared divisor.
        house_size: the seats allocated.
        low: the largest claim that lost (0 when none did); λ must exceed it.
        high: the smallest claim that won (``None`` when no seat was ranked); λ may equal it.
        units: the units that could receive seats, in input order.
        excluded: units excluded by threshold or by name: they receive nothing.
        ties: the ties the allocation rests on (then ``low == high``).
    """

    method: str
    first_divisor: Fraction | None
    sequence: tuple[Fraction, ...]
    power: int
    house_size: int
    low: Fraction
    high: Fraction | None
    units: Mapping[UnitId, Terms]
    excluded: tuple[UnitId, ...]
    ties: tuple[Tie, ...]

    @property
    def tie(self) -> bool:
        """Whether the winning and losing claims meet: the allocation rests on a tie."""
        return self.high is not None and self.high == self.low

    def divisor(self) -> Fraction:
        """A simple divisor in the interval, as people would publish it.

        >>> from hemicycle.core.methods import apportion
        >>> apportion({"A": 600, "B": 300, "C": 100}, 7).certificate.divisor()
        Fraction(110, 1)
        """
        return simplest_in(self.low, self.high)

    def as_json(self) -> dict[str, object]:
        body: dict[str, object] = {"kind": "divisor", "method": self.method}
        if self.first_divisor is not None:
            body["first_divisor"] = number_json(self.first_divisor)
        if self.sequence:
            body["divisors"] = [number_json(d) for d in self.sequence]
        body.update(
            {
                "power": self.power,
                "house_size": self.house_size,
                "divisor": {
                    "low": number_json(self.low),
                    "high": _text(self.high),
                    "tie": self.tie,
                    "example": number_json(self.divisor()),
                },
                "units": [terms.as_json(name) for name, terms in self.units.items()],
                "excluded": list(self.excluded),
                "ties": ties_json(self.ties),
            }
        )
        return body


def divisor_certificate(
    method: DivisorMethod,
    prep: Prepared,
    held: Mapping[UnitId, int],
    ties: Sequence[Tie],
) -> DivisorCertificate:
    """The divisor interval of a finished allocation: ``held`` counts prior seats.

    A unit's winning claims are those of seats above its floor (its minimum, or its prior
    seats); its losing claim is that of its next seat, unless it is at its maximum. A zero
    divisor gives an infinite claim, which bounds nothing.
    """
    low = Fraction(0)
    high: Fraction | None = None
    units: dict[UnitId, Terms] = {}
    for unit in prep.eligible:
        votes, total, cap = prep.votes[unit], held[unit], prep.upper[unit]
        floor_seats = max(prep.lower[unit], prep.prior[unit])
        if total > floor_seats and (votes == 0 or method.divisor(total - 1) > 0):
            won = method.claim(votes, total - 1)
            high = won if high is None else min(high, won)
        if cap is None or total < cap:
            lost = method.claim(votes, total) if votes else Fraction(0)
            low = max(low, lost)
        units[unit] = Terms(
            votes=votes,
            prior=prep.prior[unit],
            lower=prep.lower[unit],
            upper=cap,
            seats=total - prep.prior[unit],
        )
    return DivisorCertificate(
        method=method.id,
        first_divisor=method.divisor(0) if method.id == "modified_sainte_lague" else None,
        sequence=_sequence(method, held),
        power=method.power,
        house_size=prep.seats,
        low=low,
        high=high,
        units=MappingProxyType(units),
        excluded=prep.excluded,
        ties=tuple(ties),
    )


def _sequence(method: DivisorMethod, held: Mapping[UnitId, int]) -> tuple[Fraction, ...]:
    """For a sequence a law gives, the divisors the certificate needs: up to the largest
    holding's next seat (registered methods are known by their id)."""
    if method.id != "divisors":
        return ()
    return tuple(method.divisor(s) for s in range(max(max(held.values(), default=0) + 1, 2)))


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotaCertificate:
    """The quota and the cut in the remainders that reproduce a quota method's allocation.

    Attributes:
        method: the registry id (``hare``, ``droop``, ``hagenbach_bischoff``,
            ``imperiali_quota``).
        quota: the quota in force.
        offset: the number added to the seats in the quota's divisor (Imperiali's 2, lowered
            when whole quotas exceed the house).
        total: the votes of the units that could receive seats.
        house_size: the seats allocated (prior seats come on top).
        shares: each unit's entitlement ``votes / quota − prior``.
        low, high: every unit's seats are its share rounded up at any λ in ``(low, high]``.
        units, excluded, ties: as in :class:`DivisorCertificate`.
    """

    method: str
    quota: Fraction
    offset: int
    total: int
    house_size: int
    shares: Mapping[UnitId, Fraction]
    low: Fraction
    high: Fraction | None
    units: Mapping[UnitId, Terms]
    excluded: tuple[UnitId, ...]
    ties: tuple[Tie, ...]

    @property
    def tie(self) -> bool:
        """Whether the last remainder that won equals the first that lost."""
        return self.high is not None and self.high == self.low

    def remainders(self) -> list[tuple[UnitId, Fraction]]:
        """Each unit's remainder above its whole quotas, largest first.

        >>> from hemicycle.core.methods import apportion
        >>> apportion({"A": 47, "B": 33, "C": 20}, 4, method="hare").certificate.remainders()
        [('A', Fraction(22, 25)), ('C', Fraction(4, 5)), ('B', Fraction(8, 25))]
        """
        rest = {unit: share - max(floor(share), 0) for unit, share in self.shares.items()}
        return sorted(rest.items(), key=lambda item: -item[1])

    def as_json(self) -> dict[str, object]:
        return {
            "kind": "quota",
            "method": self.method,
            "quota": number_json(self.quota),
            "offset": self.offset,
            "total": self.total,
            "house_size": self.house_size,
            "remainder": {"low": number_json(self.low), "high": _text(self.high), "tie": self.tie},
            "units": [
                {**terms.as_json(name), "share": number_json(self.shares[name])}
                for name, terms in self.units.items()
            ],
            "remainders": [
                {"name": name, "remainder": number_json(rest)} for name, rest in self.remainders()
            ],
            "excluded": list(self.excluded),
            "ties": ties_json(self.ties),
        }


def quota_certificate(
    method: str,
    prep: Prepared,
    quota: Fraction,
    offset: int,
    shares: Mapping[UnitId, Fraction],
    held: Mapping[UnitId, int],
    ties: Sequence[Tie],
) -> QuotaCertificate:
    """The remainder cut of a finished quota allocation: ``held`` are the seats awarded.

    A unit's ``k``-th seat above its whole quotas is won at ``share − (k − 1)``; the cut lies
    above every next seat's value and at or below every awarded seat's.
    """
    low: Fraction | None = None
    high: Fraction | None = None
    units: dict[UnitId, Terms] = {}
    for unit in prep.eligible:
        prior, cap, seats = prep.prior[unit], prep.upper[unit], held[unit]
        floor_seats = max(prep.lower[unit] - prior, 0)
        if seats > floor_seats:
            won = shares[unit] - (seats - 1)
            high = won if high is None else min(high, won)
        if cap is None or seats < max(cap - prior, 0):
            lost = shares[unit] - seats
            low = lost if low is None else max(low, lost)
        units[unit] = Terms(
            votes=prep.votes[unit], prior=prior, lower=prep.lower[unit], upper=cap, seats=seats
        )
    if low is None:
        # nobody could take another seat: any cut below the last winning value will do
        low = (high if high is not None else Fraction(1)) - 1
    return QuotaCertificate(
        method=method,
        quota=quota,
        offset=offset,
        total=sum(prep.votes[unit] for unit in prep.eligible),
        house_size=prep.seats,
        shares=MappingProxyType({unit: shares[unit] for unit in prep.eligible}),
        low=low,
        high=high,
        units=MappingProxyType(units),
        excluded=prep.excluded,
        ties=tuple(ties),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """One decisive comparison of a candidate count.

    ``relation`` holds between ``total`` and ``value``: ``>=`` or ``>`` against the quota
    (``against="quota"``), the majority (``half``), the first candidate not elected, or all
    other continuing candidates together (``others``); ``<=`` against the next lowest candidate
    for an exclusion; ``vacancies`` when the continuing candidates fill the seats left.
    """

    stage: int
    candidate: str
    decision: str
    total: Fraction
    relation: str
    against: str
    value: Fraction

    def as_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "candidate": self.candidate,
            "decision": self.decision,
            "total": number_json(self.total),
            "relation": self.relation,
            "against": self.against,
            "value": number_json(self.value),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateCertificate:
    """The stage totals of a candidate count and the comparisons that decided it.

    The stages' totals are the count's own; the certificate proves that, given them, every
    election and exclusion was the one the rules require. Re-transferring the papers needs the
    ballots (``hemicycle count``).
    """

    method: str
    seats: int
    valid: int
    elected: tuple[str, ...]
    stages: tuple[Mapping[str, object], ...]
    decisions: tuple[Decision, ...]
    ties: tuple[Tie, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "kind": "candidates",
            "method": self.method,
            "seats": self.seats,
            "valid": self.valid,
            "elected": list(self.elected),
            "stages": [dict(stage) for stage in self.stages],
            "decisions": [d.as_json() for d in self.decisions],
            "ties": ties_json(self.ties),
        }


_PLURALITY = frozenset({"fptp", "sntv", "block"})


def _numbers(values: Mapping[str, Fraction]) -> dict[str, int | str]:
    return {name: number_json(Fraction(value)) for name, value in values.items()}


def candidate_certificate(count: CandidateCount) -> CandidateCertificate:
    """The decisive comparisons of a count, read from its stages."""
    stages: list[Mapping[str, object]] = []
    decisions: list[Decision] = []
    continuing = list(count.candidates)
    previous: Mapping[str, Fraction] = {}
    elected: list[str] = []
    for stage in count.stages:
        stages.append(
            {
                "stage": stage.number,
                "action": stage.action,
                "totals": _numbers(stage.totals),
                "quota": _text(stage.quota),
                "non_transferable": number_json(stage.non_transferable),
                "elected": list(stage.elected),
                "excluded": list(stage.excluded),
            }
        )
        for name in stage.excluded:
            others = [c for c in continuing if c not in stage.excluded]
            rival = min(others, key=lambda c: previous.get(c, Fraction(0)), default=None)
            decisions.append(
                Decision(
                    stage=stage.number,
                    candidate=name,
                    decision="excluded",
                    total=previous.get(name, Fraction(0)),
                    relation="<=",
                    against=rival if rival is not None else "none",
                    value=previous.get(rival, Fraction(0)) if rival is not None else Fraction(0),
                )
            )
        continuing = [c for c in continuing if c not in stage.excluded]
        for name in stage.elected:
            decisions.append(_election(count, stage.number, stage, name, continuing, elected))
            continuing.remove(name)
            elected.append(name)
        previous = stage.totals
    return CandidateCertificate(
        method=count.method,
        seats=count.seats,
        valid=count.valid,
        elected=count.elected,
        stages=tuple(stages),
        decisions=tuple(decisions),
        ties=count.ties,
    )


def _election(
    count: CandidateCount,
    number: int,
    stage: Stage,
    name: str,
    continuing: Sequence[str],
    elected: Sequence[str],
) -> Decision:
    """Why ``name`` was elected at this stage: the strongest comparison that holds."""
    totals = stage.totals
    total = totals.get(name, Fraction(0))

    def decide(relation: str, against: str, value: Fraction) -> Decision:
        return Decision(
            stage=number,
            candidate=name,
            decision="elected",
            total=total,
            relation=relation,
            against=against,
            value=value,
        )

    if count.method in _PLURALITY:
        losers = [c for c in count.candidates if c not in count.elected]
        if not losers:
            return decide(">=", "none", Fraction(0))
        rival = max(losers, key=lambda c: totals.get(c, Fraction(0)))
        return decide(">=", rival, totals.get(rival, Fraction(0)))
    others = sum((totals.get(c, Fraction(0)) for c in continuing if c != name), Fraction(0))
    if count.method == "irv":
        active = total + others
        if total * 2 > active:
            return decide(">", "half", active / 2)
        return _filled(number, name, len(continuing), 1)
    quota = stage.quota
    # Meek and the exact quota elect above the quota; Droop's integer quota when equalled
    strict = count.rules.get("transfer") == "meek" or count.rules.get("quota", "droop") != "droop"
    if quota is not None and (total > quota or (total == quota and not strict)):
        return decide(">" if strict else ">=", "quota", quota)
    vacancies = count.seats - len(elected)
    if len(continuing) <= vacancies:
        return _filled(number, name, len(continuing), vacancies)
    return decide(">=", "others", others)


def _filled(number: int, name: str, continuing: int, vacancies: int) -> Decision:
    """An election because the continuing candidates are no more than the vacancies."""
    return Decision(
        stage=number,
        candidate=name,
        decision="elected",
        total=Fraction(continuing),
        relation="<=",
        against="vacancies",
        value=Fraction(vacancies),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class BiproportionalCertificate:
    """District and party divisors that round every cell of a seat matrix to its seats, and
    the certificate of the upper apportionment that fixed the parties' seats."""

    result: Biproportional

    def as_json(self) -> dict[str, object]:
        result = self.result
        upper = result.upper.certificate
        return {
            "kind": "biproportional",
            "method": result.method,
            "power": result.signposts.power,
            "signpost_unit": number_json(result.signposts.unit),
            "house_size": result.house_size,
            "upper": None if upper is None else upper.as_json(),
            "votes": {d: dict(row) for d, row in result.votes.items()},
            "seats": {d: dict(row) for d, row in result.seats.items()},
            "district_seats": dict(result.district_seats),
            "party_seats": dict(result.party_seats),
            "district_divisors": {d: number_json(x) for d, x in result.district_divisors.items()},
            "party_divisors": {p: number_json(x) for p, x in result.party_divisors.items()},
            "excluded": list(result.excluded),
        }


Certificate = DivisorCertificate | QuotaCertificate | CandidateCertificate
"""The certificate of an allocation or a count."""


__all__ = [
    "BiproportionalCertificate",
    "CandidateCertificate",
    "Certificate",
    "Decision",
    "DivisorCertificate",
    "QuotaCertificate",
    "Terms",
    "candidate_certificate",
    "divisor_certificate",
    "number_json",
    "quota_certificate",
    "simplest_in",
    "ties_json",
]
