"""Sequential allocation of offices by a divisor method: parties pick in turn.

The Northern Ireland Act 1998 s.18 fills the ministerial offices one at a time. At each step the
party with the highest figure ``S / (1 + M)`` — S its seats, M the offices it already holds —
selects an office still available (s.18(2), (4)). Where the figures of two or more parties are
equal, the figures are recalculated with S the party's first-preference votes at the last
general election (s.18(6)). A party that declines to nominate passes its turn to the party
with the next highest figure (Standing Order 44). The same procedure with the divisors
``1, 3, 5, …`` is the Sainte-Laguë variant (O'Leary, Grofman & Elklit, *Divisor Methods for
Sequential Portfolio Allocation in Multi-Party Executive Bodies*, AJPS 49, 2005).

Offices held beforehand — filled outside the procedure, such as the Northern Ireland Justice
Minister elected by cross-community vote — count in ``M`` or not, as the law says
(``count_held``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from hemicycle.core import divisors
from hemicycle.core.counts import whole_counts
from hemicycle.core.divisors import DivisorMethod
from hemicycle.core.methods import get_method
from hemicycle.core.result import fraction_text
from hemicycle.core.ties import REFUSE, Tie, TieBreak, parse_tie_break
from hemicycle.errors import DataError, InfeasibleError
from hemicycle.types import UnitId

S18_6 = "first-preference votes (Northern Ireland Act 1998 s.18(6))"


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficePick:
    """One step of the procedure.

    Attributes:
        pick: the step, from 1.
        party: the party that picks.
        office: the office it selects, or None when offices are not named.
        value: the party's winning figure, ``seats / d(offices counted)``.
    """

    pick: int
    party: UnitId
    office: str | None
    value: Fraction


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeAllocation:
    """Offices per party and the picks that gave them.

    ``allocation`` counts the offices filled by the procedure (offices held beforehand are in
    ``held``); ``declined`` lists parties that passed every turn.
    """

    method: str
    seats: Mapping[UnitId, int]
    allocation: Mapping[UnitId, int]
    picks: tuple[OfficePick, ...]
    held: Mapping[UnitId, int] = field(default_factory=lambda: MappingProxyType({}))
    count_held: bool = True
    declined: tuple[UnitId, ...] = ()
    ties: tuple[Tie, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle offices --format json`` (see DESIGN.md)."""
        return {
            "allocation": dict(self.allocation),
            "picks": [
                {
                    "pick": p.pick,
                    "party": p.party,
                    "office": p.office,
                    "value": fraction_text(p.value),
                }
                for p in self.picks
            ],
        }


def office_method(
    method: str | DivisorMethod, *, first_divisor: Fraction | int | str | None = None
) -> DivisorMethod:
    """The divisor sequence of an office procedure: any registered divisor method whose first
    divisor is positive (``dhondt``, ``sainte_lague``, ``modified_sainte_lague``, …).

    >>> office_method("sainte_lague").divisor(2)
    Fraction(5, 1)
    """
    if isinstance(method, DivisorMethod):
        rule = method
    else:
        entry = get_method(method)
        if entry.divisor is None:
            raise DataError(f"offices need a divisor method (got {method!r}, a quota method)")
        rule = entry.divisor
        if first_divisor is not None:
            if entry.id != "modified_sainte_lague":
                raise DataError(
                    f"first divisor applies to modified_sainte_lague only (method {method!r})"
                )
            rule = divisors.modified_sainte_lague(first_divisor)
    if rule.power != 1 or rule.divisor(0) <= 0:
        raise DataError(
            f"offices need a divisor method with a positive first divisor (got {rule.id!r})"
        )
    return rule


def _preferences(
    preferences: Mapping[UnitId, Sequence[str]] | None,
    seats: Mapping[UnitId, int],
    offices: tuple[str, ...] | None,
) -> dict[UnitId, tuple[str, ...]] | None:
    if preferences is None:
        return None
    result: dict[UnitId, tuple[str, ...]] = {}
    for party, ranked in preferences.items():
        if party not in seats:
            raise DataError(f"preferences name {party!r}, which has no seats entry")
        ranked = tuple(ranked)
        if len(set(ranked)) != len(ranked):
            raise DataError(f"preferences of {party!r} list an office twice")
        if offices is not None:
            unknown = [o for o in ranked if o not in offices]
            if unknown:
                raise DataError(
                    f"preferences of {party!r} name {unknown[0]!r}, which is not among the "
                    f"offices to fill ({', '.join(offices)})"
                )
        result[party] = ranked
    return result


def allocate_offices(
    seats: Mapping[UnitId, int],
    *,
    count: int | None = None,
    offices: Iterable[str] | None = None,
    method: str | DivisorMethod = "dhondt",
    first_divisor: Fraction | int | str | None = None,
    preferences: Mapping[UnitId, Sequence[str]] | None = None,
    tie_votes: Mapping[UnitId, int] | None = None,
    held: Mapping[UnitId, int] | None = None,
    count_held: bool = True,
    declined: Iterable[UnitId] = (),
    tie_break: str | TieBreak | None = REFUSE,
) -> OfficeAllocation:
    """Fill offices one at a time: the party with the highest figure picks next.

    The figure of a party is ``seats / d(M)`` with ``d`` the method's divisors (D'Hondt:
    ``1 + M``, Northern Ireland Act 1998 s.18(4)) and M the offices it holds — including those
    held beforehand when ``count_held``. Equal figures are recalculated with ``tie_votes``
    (s.18(6)); a tie that remains goes to ``tie_break``. With ``preferences`` each party takes
    its highest-ranked office still available.

    Args:
        seats: seats per party.
        count: number of offices, when they are not named.
        offices: the offices to fill, one name each.
        method: a divisor method id (``dhondt``, ``sainte_lague``…) or a divisor sequence.
        first_divisor: first divisor of ``modified_sainte_lague``.
        preferences: each party's offices, most wanted first.
        tie_votes: first-preference votes per party, to break equal figures.
        held: offices each party holds beforehand.
        count_held: whether offices held beforehand count in the figure.
        declined: parties that decline to nominate; their turns pass on.
        tie_break: rule for ties that remain (``refuse``, ``lot:SEED``).

    Northern Ireland 2007 (10 offices): DUP and UUP tie at 18 for the third pick; first-
    preference votes give DUP 207721/2 against UUP 103145.

    >>> result = allocate_offices({"DUP": 36, "SF": 28, "UUP": 18, "SDLP": 16}, count=10,
    ...     tie_votes={"DUP": 207721, "SF": 180573, "UUP": 103145, "SDLP": 105164})
    >>> [p.party for p in result.picks][:5], dict(result.allocation)
    (['DUP', 'SF', 'DUP', 'UUP', 'SDLP'], {'DUP': 4, 'SF': 3, 'UUP': 2, 'SDLP': 1})
    """
    rule = office_method(method, first_divisor=first_divisor)
    party_seats = whole_counts(seats, "seats")
    listed = tuple(offices) if offices is not None else None
    if listed is not None:
        if len(set(listed)) != len(listed):
            duplicate = next(o for o in listed if listed.count(o) > 1)
            raise DataError(f"office {duplicate!r} is listed twice")
        if count is not None and count != len(listed):
            raise DataError(f"count {count} differs from the {len(listed)} offices listed")
        count = len(listed)
    if count is None or count < 0:
        raise DataError("give the number of offices (count) or the offices to fill")
    ranked = _preferences(preferences, party_seats, listed)
    votes = whole_counts(tie_votes, "first-preference votes") if tie_votes is not None else None
    before = whole_counts(held or {}, "offices held")
    for name in before:
        if name not in party_seats:
            raise DataError(f"offices held name {name!r}, which has no seats entry")
    passing = tuple(declined)
    for name in passing:
        if name not in party_seats:
            raise DataError(f"declined party {name!r} has no seats entry")
    rule_for_ties = parse_tie_break(tie_break)

    counted = {p: (before.get(p, 0) if count_held else 0) for p in party_seats}
    won = dict.fromkeys(party_seats, 0)
    taken: set[str] = set()
    picks: list[OfficePick] = []
    ties: list[Tie] = []
    for pick in range(1, count + 1):
        eligible = [p for p in party_seats if party_seats[p] > 0 and p not in passing]
        if not eligible:
            raise InfeasibleError(
                f"no party can take office {pick} of {count}: every party with seats declined"
            )
        figures = {p: Fraction(party_seats[p]) / rule.divisor(counted[p]) for p in eligible}
        best = max(figures.values())
        tied = [p for p in eligible if figures[p] == best]
        winner = tied[0]
        if len(tied) > 1:
            winner, how = _break_tie(tied, counted, rule, votes, rule_for_ties, pick)
            ties.append(Tie(seat=pick, tied=frozenset(tied), places=1, winners=(winner,), rule=how))
        office = _choose_office(winner, ranked, listed, taken, pick)
        if office is not None:
            taken.add(office)
        picks.append(OfficePick(pick=pick, party=winner, office=office, value=best))
        counted[winner] += 1
        won[winner] += 1
    return OfficeAllocation(
        method=rule.id,
        seats=MappingProxyType(party_seats),
        allocation=MappingProxyType(won),
        picks=tuple(picks),
        held=MappingProxyType(before),
        count_held=count_held,
        declined=passing,
        ties=tuple(ties),
    )


def _break_tie(
    tied: list[UnitId],
    counted: Mapping[UnitId, int],
    rule: DivisorMethod,
    votes: Mapping[UnitId, int] | None,
    tie_break: TieBreak,
    pick: int,
) -> tuple[UnitId, str]:
    """s.18(6): recalculate the equal figures with first-preference votes, then the tie rule."""
    if votes is not None:
        missing = [p for p in tied if p not in votes]
        if missing:
            raise DataError(
                f"equal figures at pick {pick} need the first-preference votes of "
                f"{', '.join(missing)}"
            )
        recalculated = {p: Fraction(votes[p]) / rule.divisor(counted[p]) for p in tied}
        best = max(recalculated.values())
        still = [p for p in tied if recalculated[p] == best]
        if len(still) == 1:
            return still[0], S18_6
        tied = still
    chosen = tie_break.choose(tied, 1, seat=pick, votes=votes or dict.fromkeys(tied, 0))
    return chosen[0], tie_break.name


def _choose_office(
    party: UnitId,
    ranked: Mapping[UnitId, tuple[str, ...]] | None,
    listed: tuple[str, ...] | None,
    taken: set[str],
    pick: int,
) -> str | None:
    if ranked is None:
        return None
    wanted = ranked.get(party, ())
    for office in wanted:
        if office not in taken:
            return office
    available = [o for o in (listed or ()) if o not in taken]
    raise DataError(
        f"{party!r} has pick {pick} but no preference among the offices still available"
        + (f" ({', '.join(available)})" if available else "")
    )


__all__ = ["OfficeAllocation", "OfficePick", "allocate_offices", "office_method"]
