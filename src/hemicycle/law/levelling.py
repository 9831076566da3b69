"""Levelling seats placed in districts that each hold a fixed number of them.

Norway, Election Act 2002 §11-6: each constituency holds one seat at large. For every party
due seats at large and every constituency, the party's votes there are divided by the
Sainte-Laguë divisor of the seats it won there (1, 3, 5…) and the quotient by the
constituency's valid votes per constituency seat; the largest figure in the country takes the
seat of its constituency, which is then full; the next largest follows, passing over full
constituencies and parties that have all their seats at large.

Iceland, Act 24/2000 art. 108: the adjustment seats are taken one by one in the order of the
parties' national D'Hondt quotients after their constituency seats; each goes to the party's
constituency with the largest share figure (its votes there divided by one more than its seats
there, as a share of the constituency's valid votes) among those with adjustment seats left.

Figures are exact fractions; equal figures for the last seat go to the law's tie rule between
lists, the contenders named ``party @ district``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from hemicycle.core import divisors, methods
from hemicycle.core.divisors import DivisorMethod
from hemicycle.core.ties import Tie
from hemicycle.errors import InfeasibleError, LawError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.certify import Placed, PlacementCertificate, PlacementDistrict, recording
from hemicycle.law.lists import list_tie_break
from hemicycle.law.outcome import TraceStep
from hemicycle.law.schema import Tier, Ties


@dataclass(slots=True, kw_only=True)
class Placement:
    """Levelling seats per district and party, in the order they were placed."""

    seats: dict[str, dict[str, int]] = field(default_factory=dict)
    steps: list[TraceStep] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    proofs: list[PlacementCertificate] = field(default_factory=list)


def figure_rule(tier: Tier) -> DivisorMethod:
    """The divisor method of the district figures (the tier's ``lower``).

    >>> from hemicycle.law.schema import Tier, District
    >>> tier = Tier(id="lev", kind="levelling", formula="dhondt", seats=1, uses="d",
    ...             placement="district_share", lower="sainte_lague",
    ...             districts=(District(id="X", seats=1),))
    >>> [str(figure_rule(tier).divisor(held)) for held in range(3)]
    ['1', '3', '5']
    """
    rule = methods.get_method(tier.lower or "dhondt").divisor
    if tier.lower == "modified_sainte_lague" and tier.first_divisor is not None:
        rule = divisors.modified_sainte_lague(tier.first_divisor)
    if rule is None or rule.power != 1:
        raise LawError(
            f"tier {tier.id!r}: lower {tier.lower!r} must be a divisor method with plain divisors"
        )
    return rule


def district_figure(
    tier: Tier, rule: DivisorMethod, votes: int, held: int, valid: int, district_seats: int
) -> Fraction:
    """A list's figure in a district: its next quotient relative to the district's votes.

    ``district_share`` (Iceland): quotient / valid votes; ``district_quota`` (Norway):
    quotient / (valid votes / constituency seats); ``regional`` (Denmark): the quotient itself.

    >>> from hemicycle.law.schema import Tier, District
    >>> tier = Tier(id="lev", kind="levelling", formula="dhondt", seats=1, uses="d",
    ...             placement="district_quota", lower="sainte_lague",
    ...             districts=(District(id="X", seats=1),))
    >>> district_figure(tier, figure_rule(tier), 9840, 0, 131_565, 8)
    Fraction(5248, 8771)
    """
    if tier.placement == "regional":
        return rule.claim(votes, held)
    figure = rule.claim(votes, held) / (valid or 1)
    if tier.placement == "district_quota":
        figure *= district_seats
    return figure


def place_in_districts(
    tier: Tier,
    due: Mapping[str, int],
    ballots: Mapping[str, DistrictBallots],
    fixed: Mapping[str, Mapping[str, int]],
    constituency_seats: Mapping[str, int],
    *,
    ties: Ties,
    seed: str | None,
    order: Sequence[str] | None = None,
) -> Placement:
    """Place each party's ``due`` levelling seats in the tier's districts, best figure first.

    ``fixed`` are the seats each list won in each district beforehand; ``constituency_seats``
    the seats of each district in the base tier. With ``order`` (a party for each seat, in the
    order of the national count), each seat goes to that party's best district; without it,
    the best figure of any party that is still due seats takes the next seat.
    """
    rule = figure_rule(tier)
    result = Placement()
    room = {d.id: d.seats or 0 for d in tier.districts if d.id in ballots}
    held = {name: dict(fixed.get(name, {})) for name in room}
    left = {party: count for party, count in due.items() if count > 0}
    tie_break = list_tie_break(ties, seed, {})
    seat = 0

    def valid(name: str) -> int:
        entry = ballots[name]
        given = entry.totals.valid if entry.totals is not None else None
        return given if given is not None else entry.valid

    start = (dict(room), {name: dict(seats) for name, seats in held.items()}, dict(left))
    placed: list[Placed] = []
    queue = list(order or ())
    while sum(left.values()):
        figures: dict[tuple[str, str], Fraction] = {}
        turn = [queue.pop(0)] if queue else list(left)
        for name, free in room.items():
            if free == 0:
                continue
            for party in turn:
                votes = ballots[name].lists.get(party, 0)
                if votes:
                    figures[(party, name)] = district_figure(
                        tier,
                        rule,
                        votes,
                        held[name].get(party, 0),
                        valid(name),
                        constituency_seats.get(name, 0),
                    )
        if not figures:
            short = ", ".join(f"{p} {n}" for p, n in left.items())
            raise InfeasibleError(
                f"tier {tier.id!r}: no district has room for the levelling seats still due "
                f"({short})"
            )
        best = max(figures.values())
        contenders = [key for key, value in figures.items() if value == best]
        seat += 1
        party, name = contenders[0]
        if len(contenders) > 1:
            labels = {f"{p} @ {d}": (p, d) for p, d in contenders}
            tallies = {label: ballots[d].lists.get(p, 0) for label, (p, d) in labels.items()}
            (winner,) = tie_break.choose(sorted(labels), 1, seat=seat, votes=tallies)
            party, name = labels[winner]
            result.ties.append(
                Tie(
                    seat=seat,
                    tied=frozenset(labels),
                    places=1,
                    winners=(winner,),
                    rule=tie_break.name,
                )
            )
        placed.append(Placed(list=party, district=name, figure=best))
        room[name] -= 1
        left[party] -= 1
        if not left[party]:
            del left[party]
        held[name][party] = held[name].get(party, 0) + 1
        result.seats.setdefault(name, {})[party] = result.seats.get(name, {}).get(party, 0) + 1
        result.steps.append(
            TraceStep(
                tier=tier.id,
                district=name,
                kind="levelling",
                text=f"levelling seat {seat}: {party} in {name} (figure {_text(best)})",
            )
        )
    if recording():
        rooms, holding, owed = start
        result.proofs.append(
            PlacementCertificate(
                method=rule.id,
                first_divisor=(
                    Fraction(tier.first_divisor)
                    if tier.first_divisor is not None and rule.id == "modified_sainte_lague"
                    else None
                ),
                figure=tier.placement,
                districts=tuple(
                    PlacementDistrict(
                        name=name,
                        room=free,
                        valid=valid(name),
                        seats=constituency_seats.get(name, 0),
                        votes={p: v for p, v in ballots[name].lists.items() if v},
                        held={p: n for p, n in holding[name].items() if n},
                    )
                    for name, free in rooms.items()
                ),
                due=owed,
                placed=tuple(placed),
                order=tuple(order) if order else None,
                ties=tuple(result.ties),
            )
        )
    return result


def _text(value: Fraction) -> str:
    return f"{float(value):.6f}"


def constituency_seats(base: Tier, names: Sequence[str]) -> dict[str, int]:
    """Seats of each named district in the base tier."""
    seats = {d.id: d.seats or 0 for d in base.districts}
    return {name: seats.get(name, 0) for name in names}


__all__ = [
    "Placement",
    "constituency_seats",
    "district_figure",
    "figure_rule",
    "place_in_districts",
]
