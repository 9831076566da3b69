"""Checks of placement certificates: levelling seats placed one at a time, best figure first.

Norway (Election Act §11-6), Iceland (Act 24/2000 art. 108) and Denmark (folketingsvalgloven
§78) place levelling seats seat by seat: each seat goes to the largest *figure* among the lists
still due seats in the districts with room left, where a figure is a list's votes in a district
divided by the divisor of the seats it holds there (``regional``), further divided by the
district's valid votes (``district_share``) or by its valid votes per constituency seat
(``district_quota``). Replaying the certificate's placements from its votes, seats held and
rooms, every seat must go to a largest figure, an equal figure being a recorded tie. Where the
law fixes the list of each seat in turn (Iceland), that order must follow the national
quotients, largest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.verify.report import (
    MalformedError,
    Report,
    exact,
    field_of,
    items,
    optional_exact,
    show,
    table,
    text,
    whole,
)
from hemicycle.verify.rules import divisor_rule

FIGURES = ("district_share", "district_quota", "regional")


@dataclass(frozen=True, slots=True)
class Room:
    name: str
    room: int
    valid: int
    seats: int
    votes: dict[str, int]
    held: dict[str, int]


def _counts(value: object, what: str) -> dict[str, int]:
    return {name: whole(n, f"{what}[{name}]") for name, n in table(value, what).items()}


def read_districts(body: Mapping[str, object], where: str) -> list[Room]:
    rooms = []
    for index, raw in enumerate(items(field_of(body, "districts", where), f"{where}: districts")):
        here = f"{where}: districts[{index}]"
        entry = table(raw, here)
        rooms.append(
            Room(
                name=text(field_of(entry, "name", here), f"{here}.name"),
                room=whole(field_of(entry, "room", here), f"{here}.room"),
                valid=whole(field_of(entry, "valid", here), f"{here}.valid"),
                seats=whole(field_of(entry, "seats", here), f"{here}.seats"),
                votes=_counts(field_of(entry, "votes", here), f"{here}.votes"),
                held=_counts(entry.get("held", {}), f"{here}.held"),
            )
        )
    return rooms


def read_placed(body: Mapping[str, object], where: str) -> list[tuple[str, str, Fraction]]:
    placed = []
    for index, raw in enumerate(items(field_of(body, "placed", where), f"{where}: placed")):
        here = f"{where}: placed[{index}]"
        entry = table(raw, here)
        placed.append(
            (
                text(field_of(entry, "list", here), f"{here}.list"),
                text(field_of(entry, "district", here), f"{here}.district"),
                exact(field_of(entry, "figure", here), f"{here}.figure"),
            )
        )
    return placed


def _ties(body: Mapping[str, object], where: str) -> dict[int, tuple[set[str], list[str]]]:
    found: dict[int, tuple[set[str], list[str]]] = {}
    for raw in items(body.get("ties", []), f"{where}: ties"):
        entry = table(raw, f"{where}: tie")
        seat = whole(field_of(entry, "seat", where), f"{where}: tie seat")
        tied = {text(n, "tied") for n in items(field_of(entry, "tied", where), "tied")}
        winners = [text(n, "winners") for n in items(field_of(entry, "winners", where), "w")]
        found[seat] = (tied, winners)
    return found


def check_placement(report: Report, body: Mapping[str, object], where: str) -> None:
    """Check a placement certificate (``kind: placement``)."""
    method = text(field_of(body, "method", where), f"{where}: method")
    first = optional_exact(body.get("first_divisor"), f"{where}: first_divisor")
    divisor, power = divisor_rule(method, first, ())
    if power != 1:
        raise MalformedError(f"{where}: {method} has no plain divisors for figures")
    kind = text(field_of(body, "figure", where), f"{where}: figure")
    if kind not in FIGURES:
        raise MalformedError(f"{where}: unknown figure {kind!r} (known: {', '.join(FIGURES)})")
    rooms = {room.name: room for room in read_districts(body, where)}
    due = _counts(field_of(body, "due", where), f"{where}: due")
    placed = read_placed(body, where)
    ties = _ties(body, where)
    order = _order(report, body, due, where)

    def figure(room: Room, party: str, held: int) -> Fraction:
        d = divisor(held)
        if d <= 0:
            raise MalformedError(f"{where}: {method} has a divisor {show(d)} for seat {held + 1}")
        value = Fraction(room.votes.get(party, 0)) / d
        if kind == "regional":
            return value
        value /= room.valid or 1
        return value * room.seats if kind == "district_quota" else value

    report.require(
        len(placed) == sum(due.values()),
        f"{where}: every levelling seat due is placed",
        f"{len(placed)} seats placed, {sum(due.values())} due",
    )
    free = {name: room.room for name, room in rooms.items()}
    held = {name: dict(room.held) for name, room in rooms.items()}
    left = {party: n for party, n in due.items() if n}
    for seat, (party, name, stated) in enumerate(placed, start=1):
        here = f"{where}: levelling seat {seat}"
        turn = [order[seat - 1]] if order is not None and seat <= len(order) else list(left)
        figures = {
            (p, d): figure(room, p, held[d].get(p, 0))
            for d, room in rooms.items()
            if free[d] > 0
            for p in turn
            if left.get(p, 0) > 0 and room.votes.get(p, 0) > 0
        }
        if not report.require(
            (party, name) in figures,
            f"{here} goes to a list due seats, in a district with room, where it has votes",
            f"{party} in {name}: due {left.get(party, 0)}, room {free.get(name, 0)}"
            + (f", the order names {turn[0]}" if order is not None and turn else ""),
        ):
            return
        own = figures[(party, name)]
        report.require(
            own == stated,
            f"{here}: its figure",
            f"stated {show(stated)}, the votes and divisors give {show(own)}",
        )
        best = max(figures.values())
        larger = [f"{p} @ {d}" for (p, d), value in figures.items() if value > own]
        report.require(
            not larger,
            f"{here}: {party} in {name} has the largest figure",
            f"{show(own)} is below {', '.join(larger[:3])} ({show(best)})",
        )
        level = {f"{p} @ {d}" for (p, d), value in figures.items() if value == own}
        if len(level) > 1:
            tied, winners = ties.get(seat, (set(), []))
            report.require(
                level <= tied and winners == [f"{party} @ {name}"],
                f"{here}: the tie of equal figures is recorded",
                f"equal figures {sorted(level)}; recorded tied {sorted(tied)}, winners {winners}",
            )
        free[name] -= 1
        left[party] -= 1
        held[name][party] = held[name].get(party, 0) + 1


def _order(
    report: Report, body: Mapping[str, object], due: Mapping[str, int], where: str
) -> list[str] | None:
    """The list of each seat in turn, checked against the national quotients."""
    if body.get("order") is None:
        return None
    entry = table(body["order"], f"{where}: order")
    lists = [text(n, "order") for n in items(field_of(entry, "lists", where), "order.lists")]
    named = field_of(entry, "method", where)
    votes = _counts(field_of(entry, "votes", where), f"{where}: order.votes")
    prior = _counts(entry.get("prior", {}), f"{where}: order.prior")
    named_counts = Counter(lists)
    owed = Counter({p: n for p, n in due.items() if n})
    # an order from a formula other than a plain divisor method may leave out the seats its
    # minimums gave (they are then placed best figure first): only its counts are checked
    report.require(
        named_counts == owed if named is not None else named_counts <= owed,
        f"{where}: the order gives each list the seats due to it",
        f"order {dict(named_counts)}, due {dict(due)}",
    )
    if named is None:
        return lists
    method = text(named, f"{where}: order.method")
    divisor, power = divisor_rule(method, None, ())
    counted: dict[str, int] = {}
    previous: Fraction | None = None
    for seat, party in enumerate(lists, start=1):
        held = prior.get(party, 0) + counted.get(party, 0)
        counted[party] = counted.get(party, 0) + 1
        d = divisor(held)
        if d <= 0:
            raise MalformedError(f"{where}: {method} has a divisor {show(d)} for seat {held + 1}")
        quotient = Fraction(votes.get(party, 0) ** power) / d
        report.require(
            previous is None or quotient <= previous,
            f"{where}: seat {seat} of the order follows the national quotients",
            f"{party}'s quotient {show(quotient)} is above the previous seat's {show(previous)}",
        )
        previous = quotient
    return lists


__all__ = ["FIGURES", "check_placement", "read_districts", "read_placed"]
