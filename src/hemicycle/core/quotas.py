"""Quota methods: each unit gets one seat per full quota, the rest go by largest remainder.

A unit's entitlement is ``votes / quota``; it receives the whole part, and the seats left go
to the largest fractional parts (Hamilton 1792; Hare 1859). The quota is
``total / (seats + offset)``: Hare (offset 0), Hagenbach-Bischoff or exact Droop (1),
Imperiali (2); the integer Droop quota is ``floor(total / (seats + 1)) + 1``.

With the Imperiali quota the whole parts can exceed the house. Then, as the Italian law that
used it prescribed, the operation is repeated with the divisor of the quota lowered by one
(DPR 361/1957 art. 77, 1957 text: "le operazioni si ripetono con un nuovo quoziente ottenuto
diminuendo di un'unità il divisore") until the whole parts fit.

With the Hagenbach-Bischoff quota ``V/(S+1)`` the whole parts exceed the house only when every
entitlement is a whole number (they then add up to ``S + 1``). The quota stays; one seat is
in excess and every unit holding one has the same remainder, zero: a tie among them, settled
by the tie rule, as the excess is treated where this quota is used (Hagenbach-Bischoff,
*Die Frage der Einführung einer Proportionalvertretung*, 1888; Wikipedia, "Hagenbach-Bischoff
quota": "treated as a kind of tie"). Seats in excess from prior seats are given up the same
way, by the smallest remainders.

Prior seats count toward the house: the quota is taken of the whole house, prior seats
included, and a unit's entitlement is reduced by the seats it already holds (never below 0).
Bounds clamp the whole parts; remainders then fill, or withdraw, the difference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from hemicycle.core.certificates import quota_certificate
from hemicycle.core.options import Bound, Prepared, Threshold, prepare
from hemicycle.core.result import Allocation, Priority, Step, fraction_text, frozen_mapping
from hemicycle.core.ties import REFUSE, Tie, TieBreak, parse_tie_break
from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class QuotaRule:
    """A quota: ``total / (seats + offset)``, or Droop's ``floor(total / (seats + 1)) + 1``."""

    id: str
    name: str
    offset: int
    integer: bool = False
    lowered_when_over: bool = False

    def quota(self, total: int, seats: int, offset: int | None = None) -> Fraction:
        """The quota for ``total`` votes and ``seats`` seats.

        >>> DROOP.quota(100, 3), HARE.quota(100, 3), IMPERIALI_QUOTA.quota(100, 3)
        (Fraction(26, 1), Fraction(100, 3), Fraction(20, 1))
        """
        divisor = seats + (self.offset if offset is None else offset)
        if self.integer:
            return Fraction(total // divisor + 1)
        return Fraction(total, divisor)


HARE = QuotaRule(id="hare", name="Hare", offset=0)
DROOP = QuotaRule(id="droop", name="Droop", offset=1, integer=True)
HAGENBACH_BISCHOFF = QuotaRule(id="hagenbach_bischoff", name="Hagenbach-Bischoff", offset=1)
IMPERIALI_QUOTA = QuotaRule(
    id="imperiali_quota", name="Imperiali", offset=2, lowered_when_over=True
)


def _pick(
    candidates: list[UnitId],
    key: Mapping[UnitId, Fraction],
    places: int,
    *,
    largest: bool,
    seat: int,
    prep: Prepared,
    tie_break: TieBreak,
    ties: list[Tie],
) -> list[UnitId]:
    """The ``places`` units with the largest (or smallest) key; a tie at the cut goes to the
    tie rule."""
    order = sorted(candidates, key=lambda unit: -key[unit] if largest else key[unit])
    if places >= len(order):
        return order
    cut = key[order[places - 1]]
    if key[order[places]] != cut:
        return order[:places]
    sure = [unit for unit in order[:places] if key[unit] != cut]
    tied = [unit for unit in order if key[unit] == cut]
    open_places = places - len(sure)
    # the rule chooses those that hold the seats: when seats are given up, those that keep
    # theirs (more votes keeps a seat under the votes rule), which are the house's last
    holding = open_places if largest else len(tied) - open_places
    first = seat + len(sure) if largest else prep.seats - holding + 1
    keep = tie_break.choose(tied, holding, seat=first, votes=prep.votes)
    ties.append(
        Tie(
            seat=first,
            tied=frozenset(tied),
            places=len(keep),
            winners=keep,
            rule=tie_break.name,
        )
    )
    return sure + (list(keep) if largest else [unit for unit in tied if unit not in keep])


def allocate(
    votes: Mapping[UnitId, int],
    seats: int,
    rule: QuotaRule,
    *,
    threshold: str | int | Fraction | Threshold | None = None,
    valid_total: int | None = None,
    min_seats: Bound = None,
    max_seats: Bound = None,
    prior_seats: Mapping[UnitId, int] | None = None,
    exclude: Iterable[UnitId] = (),
    exempt: Iterable[UnitId] = (),
    tie_break: str | TieBreak | None = REFUSE,
) -> Allocation:
    """Allocate ``seats`` by whole quotas and largest remainders.

    The quota is taken of the votes of the units that may receive seats (after the threshold).

    >>> a = allocate({"A": 47000, "B": 16000, "C": 15800, "D": 12000, "E": 6100, "F": 3100},
    ...              10, HARE)
    >>> dict(a.seats), a.quota
    ({'A': 5, 'B': 2, 'C': 1, 'D': 1, 'E': 1, 'F': 0}, Fraction(10000, 1))
    """
    tie_rule = parse_tie_break(tie_break)
    prep = prepare(
        votes,
        seats,
        threshold=threshold,
        valid_total=valid_total,
        min_seats=min_seats,
        max_seats=max_seats,
        prior_seats=prior_seats,
        exclude=exclude,
        exempt=exempt,
    )
    units = list(prep.eligible)
    total = sum(prep.votes[unit] for unit in units)
    held_before = sum(prep.prior[unit] for unit in units)
    house = prep.seats + held_before
    steps: list[Step] = []
    ties: list[Tie] = []
    offset = rule.offset
    while True:
        # with nothing to share there is no quota; every unit keeps its prior seats
        empty = total == 0 or house + offset <= 0
        quota = Fraction(1) if empty else rule.quota(total, house, offset)
        share = {
            unit: Fraction(0) if empty else prep.votes[unit] / quota - prep.prior[unit]
            for unit in units
        }
        whole = {unit: max(int(share[unit]), 0) for unit in units}
        if sum(whole.values()) <= prep.seats or not rule.lowered_when_over or offset <= 0:
            break
        steps.append(
            Step(
                kind="quota",
                text=f"{sum(whole.values())} whole quotas of {fraction_text(quota)} exceed the "
                f"{prep.seats} seats; the quota is recomputed with divisor seats + {offset - 1}",
            )
        )
        offset -= 1
    steps.append(Step(kind="quota", text=f"{rule.name} quota: {fraction_text(quota)}"))
    if sum(whole.values()) > prep.seats:
        steps.append(
            Step(
                kind="quota",
                text=f"{sum(whole.values())} whole quotas exceed the {prep.seats} seats: the "
                "seats in excess are given up by the smallest remainders (a tie when every "
                "entitlement is whole)",
            )
        )
    held: dict[UnitId, int] = {}
    for unit in units:
        low = max(prep.lower[unit] - prep.prior[unit], 0)
        cap = prep.upper[unit]
        high = None if cap is None else max(cap - prep.prior[unit], 0)
        held[unit] = max(whole[unit], low) if high is None else min(max(whole[unit], low), high)
        if held[unit]:
            steps.append(
                Step(
                    kind="quota",
                    unit=unit,
                    text=f"{unit}: {fraction_text(share[unit] + prep.prior[unit])} quotas, "
                    f"{held[unit]} seats",
                )
            )
    given = sum(held.values())
    remainder_seats: list[UnitId] = []
    while given != prep.seats:
        remainder = {unit: share[unit] - held[unit] for unit in units}
        if given < prep.seats:
            open_units = [
                u
                for u in units
                if prep.upper[u] is None or held[u] + prep.prior[u] < (prep.upper[u] or 0)
            ]
            # a round gives one seat each only to units whose remainder beats every second
            # seat of the round: with bounds (or no votes) remainders can lie a seat apart
            best = max((remainder[u] for u in open_units), default=Fraction(0))
            open_units = [u for u in open_units if remainder[u] > best - 1]
            places = min(prep.seats - given, len(open_units))
            chosen = _pick(
                open_units,
                remainder,
                places,
                largest=True,
                seat=given + 1,
                prep=prep,
                tie_break=tie_rule,
                ties=ties,
            )
            for unit in chosen:
                held[unit] += 1
                remainder_seats.append(unit)
                steps.append(
                    Step(
                        kind="remainder",
                        unit=unit,
                        text=f"{unit} wins a seat by its remainder "
                        f"{fraction_text(remainder[unit])}",
                    )
                )
            given += len(chosen)
        else:
            surplus = [u for u in units if held[u] + prep.prior[u] > prep.lower[u] and held[u] > 0]
            worst = min((remainder[u] for u in surplus), default=Fraction(0))
            surplus = [u for u in surplus if remainder[u] < worst + 1]
            places = min(given - prep.seats, len(surplus))
            chosen = _pick(
                surplus,
                remainder,
                places,
                largest=False,
                seat=prep.seats - places + 1,
                prep=prep,
                tie_break=tie_rule,
                ties=ties,
            )
            for unit in chosen:
                held[unit] -= 1
                steps.append(
                    Step(
                        kind="remainder", unit=unit, text=f"{unit} gives up a seat above the house"
                    )
                )
            given -= len(chosen)
    seat_map = {unit: held.get(unit, 0) for unit in prep.votes}

    def priority() -> tuple[tuple[Priority, ...], Priority | None]:
        ranked: list[Priority] = []
        by_entitlement = sorted(units, key=lambda unit: -share[unit])
        for unit in by_entitlement:
            for k in range(held[unit] - remainder_seats.count(unit)):
                ranked.append(
                    Priority(
                        rank=len(ranked) + 1,
                        house_seat=len(ranked) + 1,
                        unit=unit,
                        seat=prep.prior[unit] + k + 1,
                        value=share[unit],
                        text=fraction_text(share[unit]),
                    )
                )
        counted = {unit: held[unit] - remainder_seats.count(unit) for unit in units}
        for unit in remainder_seats:
            counted[unit] += 1
            value = share[unit] - counted[unit] + 1
            ranked.append(
                Priority(
                    rank=len(ranked) + 1,
                    house_seat=len(ranked) + 1,
                    unit=unit,
                    seat=prep.prior[unit] + counted[unit],
                    value=value,
                    text=fraction_text(value),
                )
            )
        return tuple(ranked), None

    return Allocation(
        method=rule.id,
        house_size=prep.seats,
        votes=frozen_mapping(prep.votes),
        seats=frozen_mapping(seat_map),
        prior_seats=frozen_mapping({u: p for u, p in prep.prior.items() if p}),
        excluded=prep.excluded,
        ties=tuple(ties),
        steps=prep.steps + tuple(steps),
        quota=quota,
        priority_fn=cache(priority),
        certificate_fn=cache(
            lambda: quota_certificate(rule.id, prep, quota, offset, share, held, ties)
        ),
    )


__all__ = ["DROOP", "HAGENBACH_BISCHOFF", "HARE", "IMPERIALI_QUOTA", "QuotaRule", "allocate"]
