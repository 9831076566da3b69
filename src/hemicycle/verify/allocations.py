"""Checks of the certificates of divisor and quota allocations.

A divisor certificate claims that every unit's seats are its votes rounded by any divisor λ in
``(low, high]``: the number of its claims ``votes^p / d(s)`` that reach λ, never below its
floor (its minimum or its prior seats) and never above its maximum. Since that rounding falls
as λ grows, it holds on the whole interval when it holds at both ends: each unit's last seat
must be won at ``high`` (its claim is at least ``high``) and its next seat lost just above
``low`` (its claim is at most ``low``). A quota certificate claims the same of each unit's
entitlement ``votes / quota − prior`` with the seats counted ``share − k`` for ``k = 0, 1, …``,
after checking the quota itself. Where the interval closes to a point, the allocation rests on a
tie there, and the tie record must name the units on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from hemicycle.verify.report import (
    MalformedError,
    Report,
    exact,
    field_of,
    items,
    optional_exact,
    optional_whole,
    show,
    table,
    text,
    whole,
)
from hemicycle.verify.rules import QUOTAS, divisor_rule, quota_of

INFINITE = None
"""A claim with a zero divisor: it wins against every λ."""


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    votes: int
    prior: int
    lower: int
    upper: int | None
    seats: int


def read_units(body: Mapping[str, object], where: str) -> list[Unit]:
    units = []
    for index, raw in enumerate(items(field_of(body, "units", where), f"{where}: units")):
        entry = table(raw, f"{where}: units[{index}]")
        here = f"{where}: units[{index}]"
        units.append(
            Unit(
                name=text(field_of(entry, "name", here), f"{here}.name"),
                votes=whole(field_of(entry, "votes", here), f"{here}.votes"),
                prior=whole(entry.get("prior", 0), f"{here}.prior"),
                lower=whole(entry.get("min", 0), f"{here}.min"),
                upper=optional_whole(entry.get("max"), f"{here}.max"),
                seats=whole(field_of(entry, "seats", here), f"{here}.seats"),
            )
        )
    return units


def read_ties(body: Mapping[str, object], where: str) -> tuple[set[str], set[str]]:
    """The units named in the tie records, and those the records gave places to."""
    tied: set[str] = set()
    winners: set[str] = set()
    for index, raw in enumerate(items(body.get("ties", []), f"{where}: ties")):
        entry = table(raw, f"{where}: ties[{index}]")
        tied.update(text(n, "tied") for n in items(field_of(entry, "tied", where), "tied"))
        winners.update(
            text(n, "winners") for n in items(field_of(entry, "winners", where), "winners")
        )
    return tied, winners


def _interval(
    report: Report, body: Mapping[str, object], key: str, where: str
) -> tuple[Fraction, Fraction | None]:
    span = table(field_of(body, key, where), f"{where}: {key}")
    low = exact(field_of(span, "low", where), f"{where}: {key}.low")
    high = optional_exact(span.get("high"), f"{where}: {key}.high")
    report.require(
        high is None or high >= low,
        f"{where}: the {key} interval is not empty",
        f"low {show(low)} is above high {show(high)}",
    )
    report.require(
        bool(span.get("tie", False)) == (high is not None and high == low),
        f"{where}: the tie flag matches the interval",
        f"tie is {span.get('tie')!r} but the interval is ({show(low)}, {show(high)}]",
    )
    return low, high


def _common(report: Report, body: Mapping[str, object], units: list[Unit], where: str) -> None:
    house = whole(field_of(body, "house_size", where), f"{where}: house_size")
    given = sum(unit.seats for unit in units)
    report.require(
        given == house,
        f"{where}: the seats add up to the house",
        f"the units hold {given} seats, the house has {house}",
    )
    excluded = {text(n, "excluded") for n in items(body.get("excluded", []), f"{where}: excluded")}
    names = [unit.name for unit in units]
    report.require(
        len(set(names)) == len(names) and not excluded & set(names),
        f"{where}: every unit appears once, excluded units not among them",
        f"units {names}, excluded {sorted(excluded)}",
    )


def _on_the_cut(
    report: Report,
    where: str,
    low: Fraction,
    high: Fraction | None,
    on_level_won: list[str],
    on_level_lost: list[str],
    body: Mapping[str, object],
) -> None:
    # a tie needs a unit that lost at the level besides those that won there
    losers = set(on_level_lost) - set(on_level_won)
    if high is None or high != low or not (on_level_won and losers):
        return
    tied, winners = read_ties(body, where)
    if low == 0:
        # seats without votes: every unit on the level is party to one tie for them all
        holds = set(on_level_won) | losers <= tied
        report.require(
            holds,
            f"{where}: the tie of units without votes is recorded",
            f"units on the level {sorted(set(on_level_won) | losers)}, recorded {sorted(tied)}",
        )
        return
    report.require(
        set(on_level_won) <= winners and losers <= tied - winners,
        f"{where}: the tie at {show(low)} is recorded",
        f"units winning at the tie {sorted(on_level_won)}, losing {sorted(on_level_lost)}; "
        f"recorded tied {sorted(tied)}, winners {sorted(winners)}",
    )


def check_divisor(report: Report, body: Mapping[str, object], where: str) -> None:
    """Check a divisor certificate (``kind: divisor``)."""
    method = text(field_of(body, "method", where), f"{where}: method")
    given = [exact(d, f"{where}: divisors") for d in items(body.get("divisors", []), "divisors")]
    first = optional_exact(body.get("first_divisor"), f"{where}: first_divisor")
    divisor, power = divisor_rule(method, first, given)
    report.require(
        body.get("power") == power,
        f"{where}: {method} compares claims to the power {power}",
        f"the certificate says power {body.get('power')!r}",
    )
    low, high = _interval(report, body, "divisor", where)
    units = read_units(body, where)
    _common(report, body, units, where)

    def claim(votes: int, seat: int) -> Fraction | None:
        if votes == 0:
            return Fraction(0)
        d = divisor(seat)
        return INFINITE if d == 0 else Fraction(votes**power) / d

    won_at_level: list[str] = []
    lost_at_level: list[str] = []
    for unit in units:
        held = unit.prior + unit.seats
        floor_seats = max(unit.lower, unit.prior)
        name = f"{where}: {unit.name}'s {held} seats"
        if not report.require(held >= floor_seats, name, f"below its floor of {floor_seats}"):
            continue
        if unit.upper is not None and not report.require(
            held <= max(unit.upper, floor_seats), name, f"above its maximum of {unit.upper}"
        ):
            continue
        if held > floor_seats:
            won = claim(unit.votes, held - 1)
            holds = won is INFINITE or (high is not None and won >= high)
            report.require(
                holds,
                name,
                ""
                if holds
                else f"its claim to seat {held}, {unit.votes}^{power}/{show(divisor(held - 1))} "
                f"= {show(won)}, is below the divisor interval's top {show(high)}",
            )
            if won is not INFINITE and won == high:
                won_at_level.append(unit.name)
        if unit.upper is None or held < unit.upper:
            lost = claim(unit.votes, held)
            holds = lost is not INFINITE and lost <= low
            report.require(
                holds,
                name,
                ""
                if holds
                else f"its claim to seat {held + 1}, "
                f"{'infinite' if lost is None else show(lost)}, exceeds the interval's "
                f"bottom {show(low)}: rounding would give it another seat",
            )
            if lost is not INFINITE and lost == low:
                lost_at_level.append(unit.name)
    _on_the_cut(report, where, low, high, won_at_level, lost_at_level, body)


def check_quota(report: Report, body: Mapping[str, object], where: str) -> None:
    """Check a quota certificate (``kind: quota``)."""
    method = text(field_of(body, "method", where), f"{where}: method")
    if method not in QUOTAS:
        raise MalformedError(f"{method!r} is not a quota method the verifier knows")
    units = read_units(body, where)
    _common(report, body, units, where)
    seats = whole(field_of(body, "house_size", where), f"{where}: house_size")
    house = seats + sum(unit.prior for unit in units)
    total = sum(unit.votes for unit in units)
    offset = field_of(body, "offset", where)
    if isinstance(offset, bool) or not isinstance(offset, int):
        raise MalformedError(f"{where}: offset must be an integer")
    nominal, _ = QUOTAS[method]
    quota = exact(field_of(body, "quota", where), f"{where}: quota")

    def shares_at(used: int) -> tuple[Fraction, dict[str, Fraction]]:
        if total == 0 or house + used <= 0:
            return Fraction(1), {unit.name: Fraction(0) for unit in units}
        q = quota_of(method, total, house, used)
        return q, {unit.name: unit.votes / q - unit.prior for unit in units}

    # whole quotas above the house lower the quota's divisor (DPR 361/1957 art. 77); Droop's
    # integer quota never needs it
    report.require(
        offset <= nominal and (offset == nominal or not QUOTAS[method][1]),
        f"{where}: the {method} quota's divisor",
        f"seats + {offset}, but {method} divides by seats + {nominal}",
    )
    for lowered in range(offset + 1, nominal + 1):
        _, higher = shares_at(lowered)
        wholes = sum(max(floor(s), 0) for s in higher.values())
        report.require(
            wholes > seats,
            f"{where}: the quota's divisor was lowered to seats + {offset}",
            f"with seats + {lowered} the whole quotas are {wholes}, within the {seats} seats",
        )
    expected, shares = shares_at(offset)
    report.require(
        quota == expected,
        f"{where}: the {method} quota",
        f"the certificate says {show(quota)}; {total} votes for {house} seats give "
        f"{show(expected)}",
    )
    listed = {
        text(table(u, "unit").get("name"), "name"): exact(table(u, "unit").get("share"), "share")
        for u in items(body["units"], "units")
    }
    for unit in units:
        holds = listed[unit.name] == shares[unit.name]
        report.require(
            holds,
            f"{where}: {unit.name}'s share",
            ""
            if holds
            else (
                f"listed {show(listed[unit.name])}, {unit.votes} / quota − {unit.prior} is "
                f"{show(shares[unit.name])}"
            ),
        )
    low, high = _interval(report, body, "remainder", where)
    won_at_level: list[str] = []
    lost_at_level: list[str] = []
    for unit in units:
        share = shares[unit.name]
        base = max(unit.lower - unit.prior, 0)
        cap = None if unit.upper is None else max(unit.upper - unit.prior, 0)
        name = f"{where}: {unit.name}'s {unit.seats} seats"
        if not report.require(
            base <= unit.seats and (cap is None or unit.seats <= max(cap, base)),
            name,
            f"outside its bounds {base}..{cap}",
        ):
            continue
        if unit.seats > base:
            won = share - (unit.seats - 1)
            holds = high is not None and won >= high
            report.require(
                holds,
                name,
                ""
                if holds
                else (
                    f"its seat {unit.seats} rests on {show(won)} (share {show(share)}), below the "
                    f"cut's top {show(high)}"
                ),
            )
            if won == high:
                won_at_level.append(unit.name)
        if cap is None or unit.seats < cap:
            lost = share - unit.seats
            holds = lost <= low
            report.require(
                holds,
                name,
                ""
                if holds
                else (
                    f"its remainder {show(lost)} (share {show(share)}) is above the cut's bottom "
                    f"{show(low)}: it should have another seat"
                ),
            )
            if lost == low:
                lost_at_level.append(unit.name)
    _on_the_cut(report, where, low, high, won_at_level, lost_at_level, body)


__all__ = ["check_divisor", "check_quota", "read_units"]
