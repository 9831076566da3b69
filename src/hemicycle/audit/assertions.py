"""Assertions: the claims about ballots that together imply a reported outcome.

Every outcome audited here reduces to *share assertions*: among the ballots with a vote on
the winner's side or on the loser's side, the winner's side holds more than a share ``f``
(SHANGRLA, Stark 2020; BRAVO §5 for super-majorities):

* plurality with ``k`` winners: every winner beats every loser, ``f = 1/2``;
* majority and super-majority: the winner against all other valid votes, ``f`` = the quota;
* seats by a divisor method (Stark & Teague 2014, *Verifiable European elections*; Blom et al.
  2021, *Assertion-based approaches to auditing complex elections*): party ``A``'s last seat
  beats party ``B``'s first unwon seat, ``v_A / d(s_A - 1) > v_B / d(s_B)``, which is a share
  assertion on the ballots for ``A`` or ``B`` with ``f = d(s_A - 1) / (d(s_A - 1) + d(s_B))``;
  a threshold adds ``A``'s share of the valid votes reaching ``t`` for each qualified party and
  staying below ``t`` for each excluded one. If every assertion holds, each party's seat
  count is the one reported.

An assertion's *assorter* gives each ballot ``1/(2f)`` for the winner's side, ``0`` for the
loser's side and ``1/2`` otherwise; the assertion holds exactly when the assorter's mean over
all ballots exceeds ``1/2``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.audit.divisor_shares import divisor_share
from hemicycle.core import apportion, get_method
from hemicycle.core.divisors import modified_sainte_lague
from hemicycle.core.options import Threshold
from hemicycle.core.result import fraction_text
from hemicycle.core.ties import REFUSE, TieBreak
from hemicycle.errors import DataError


@dataclass(frozen=True, slots=True, kw_only=True)
class Assertion:
    """Among ballots for ``winners`` or ``losers``, ``winners`` hold more than ``share``.

    Attributes:
        name: what it claims, for people.
        winners: the choices on the winner's side.
        losers: the choices on the loser's side (ignored when ``rest`` is true).
        rest: the loser's side is every other valid choice.
        share: the share ``f`` the winner's side must exceed, ``0 < f < 1``.
    """

    name: str
    winners: frozenset[str]
    losers: frozenset[str] = frozenset()
    rest: bool = False
    share: Fraction = Fraction(1, 2)

    def side(self, choice: str | None) -> int:
        """+1 for the winner's side, -1 for the loser's side, 0 for neither (no vote: None)."""
        if choice is None:
            return 0
        if choice in self.winners:
            return 1
        if self.rest or choice in self.losers:
            return -1
        return 0

    def assort(self, choice: str | None) -> Fraction:
        """The assorter value of a ballot: ``1/(2f)``, ``0`` or ``1/2``.

        >>> plurality_assertions({"A": 60, "B": 40})[0].assort("A")
        Fraction(1, 1)
        """
        side = self.side(choice)
        if side > 0:
            return 1 / (2 * self.share)
        return Fraction(0) if side < 0 else Fraction(1, 2)

    @property
    def upper(self) -> Fraction:
        """The largest assorter value, ``1/(2f)``."""
        return 1 / (2 * self.share)

    def sides(self, tally: Mapping[str, int]) -> tuple[int, int]:
        """Votes on the winner's side and on the loser's side."""
        winner = sum(votes for choice, votes in tally.items() if self.side(choice) > 0)
        loser = sum(votes for choice, votes in tally.items() if self.side(choice) < 0)
        return winner, loser

    def mean(self, tally: Mapping[str, int], ballots: int) -> Fraction:
        """The assorter's mean over ``ballots`` ballots with these votes."""
        winner, loser = self.sides(tally)
        return (winner * self.upper + Fraction(ballots - winner - loser, 2)) / ballots

    def margin(self, tally: Mapping[str, int], ballots: int) -> Fraction:
        """The diluted margin ``2·mean − 1`` (the vote margin over all ballots for plurality).

        >>> plurality_assertions({"A": 60, "B": 40})[0].margin({"A": 60, "B": 40}, 100)
        Fraction(1, 5)
        """
        return 2 * self.mean(tally, ballots) - 1

    def overturn(self, tally: Mapping[str, int]) -> int:
        """The fewest ballots whose reading must change for the assertion to fail.

        The assertion holds while ``D = w·(1 − f) − f·l > 0`` (``w``, ``l`` the votes on the
        winner's and the loser's side); moving a ballot from the winner's side to the loser's
        lowers ``D`` by 1, any other change by less, so it takes ``⌈D⌉`` ballots (0 for a tie
        or a false assertion). Unlike the diluted margin, which for an assertion with a small
        ``f`` can exceed 100%, this is a count of ballots; for plurality it is half the vote
        margin, rounded up.

        >>> plurality_assertions({"A": 60, "B": 40})[0].overturn({"A": 60, "B": 40})
        10
        >>> super_majority_assertions({"A": 60, "B": 40}, "1/20")[0].overturn({"A": 60, "B": 40})
        55
        """
        winner, loser = self.sides(tally)
        slack = winner * (1 - self.share) - self.share * loser
        return max(0, math.ceil(slack))


def _check_tally(tally: Mapping[str, int]) -> None:
    if not tally:
        raise DataError("the contest has no choices")
    for choice, votes in tally.items():
        if isinstance(votes, bool) or not isinstance(votes, int) or votes < 0:
            raise DataError(f"votes for {choice!r} must be an integer >= 0 (got {votes!r})")


def _share(value: Fraction | str | int, what: str) -> Fraction:
    try:
        share = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"{what} must be a fraction such as 2/3 (got {value!r})") from None
    if not 0 < share < 1:
        raise DataError(f"{what} must be above 0 and below 1 (got {fraction_text(share)})")
    return share


def plurality_assertions(
    tally: Mapping[str, int], *, winners: int = 1, reported: tuple[str, ...] | None = None
) -> list[Assertion]:
    """Every reported winner beats every reported loser.

    The reported winners are the ``winners`` choices with most votes unless given.

    >>> [a.name for a in plurality_assertions({"A": 5, "B": 3, "C": 1})]
    ['A beats B', 'A beats C']
    """
    _check_tally(tally)
    if reported is None:
        if not 1 <= winners < len(tally):
            raise DataError(f"winners must be between 1 and {len(tally) - 1} (got {winners})")
        reported = tuple(sorted(tally, key=lambda c: -tally[c])[:winners])
    unknown = [w for w in reported if w not in tally]
    if unknown:
        raise DataError(f"reported winner {unknown[0]!r} is not a choice of the contest")
    return [
        Assertion(name=f"{w} beats {loser}", winners=frozenset({w}), losers=frozenset({loser}))
        for w in reported
        for loser in tally
        if loser not in reported
    ]


def super_majority_assertions(
    tally: Mapping[str, int],
    share: Fraction | str | int = Fraction(1, 2),
    *,
    winner: str | None = None,
) -> list[Assertion]:
    """The winner holds more than ``share`` of the valid votes (1/2: an absolute majority).

    >>> super_majority_assertions({"Yes": 70, "No": 30}, "2/3")[0].name
    'Yes has more than 2/3 of the valid votes'
    """
    _check_tally(tally)
    quota = _share(share, "the super-majority share")
    chosen = winner if winner is not None else max(tally, key=lambda c: tally[c])
    if chosen not in tally:
        raise DataError(f"reported winner {chosen!r} is not a choice of the contest")
    return [
        Assertion(
            name=f"{chosen} has more than {fraction_text(quota)} of the valid votes",
            winners=frozenset({chosen}),
            rest=True,
            share=quota,
        )
    ]


def seat_assertions(
    tally: Mapping[str, int],
    seats: int,
    *,
    method: str = "dhondt",
    first_divisor: Fraction | str | None = None,
    threshold: str | Fraction | None = None,
    reported_seats: Mapping[str, int] | None = None,
    tie_break: str | TieBreak | None = REFUSE,
) -> list[Assertion]:
    """Assertions that imply each party's seat count under a divisor method.

    The seats are those the core allocates from the reported votes (:func:`apportion`, with
    ``tie_break`` for a tied last seat) unless given; a threshold must be a share. Every
    divisor method qualifies: with a zero first divisor (Adams, Dean, Huntington-Hill) a
    party's first seat needs no assertion, and Huntington-Hill's irrational shares are
    replaced by slightly larger rational ones
    (:func:`~hemicycle.audit.divisor_shares.divisor_share`).

    >>> names = [a.name for a in seat_assertions({"A": 600, "B": 300, "C": 100}, 3)]
    >>> names[:2]
    ["A's seat 2 beats B's seat 2", "A's seat 2 beats C's seat 1"]
    """
    _check_tally(tally)
    entry = get_method(method)
    if entry.divisor is None:
        raise DataError(f"seat audits need a divisor method (got {method!r}, a quota method)")
    allocation = apportion(
        tally,
        seats,
        method=method,
        first_divisor=first_divisor,
        threshold=threshold,
        tie_break=tie_break,
    )
    rule = entry.divisor
    if first_divisor is not None:
        rule = modified_sainte_lague(first_divisor)
    held = dict(reported_seats) if reported_seats is not None else dict(allocation.seats)
    excluded = set(allocation.excluded)
    result: list[Assertion] = []
    qualified = [party for party in tally if party not in excluded]
    for party in qualified:
        if held.get(party, 0) == 0:
            continue
        for other in qualified:
            if other == party:
                continue
            share = divisor_share(rule, held[party], held.get(other, 0), tally[party], tally[other])
            if share is None:
                continue
            result.append(
                Assertion(
                    name=f"{party}'s seat {held[party]} beats {other}'s seat "
                    f"{held.get(other, 0) + 1}",
                    winners=frozenset({party}),
                    losers=frozenset({other}),
                    share=share,
                )
            )
    if threshold is not None:
        rule_threshold = Threshold.parse(threshold)
        if rule_threshold.share is None or rule_threshold.votes is not None:
            raise DataError("seat audits take a threshold given as a share, such as 5%")
        t = _share(rule_threshold.share, "the threshold")
        label = f"{float(t) * 100:g}%"
        for party in tally:
            if party in excluded:
                result.append(
                    Assertion(
                        name=f"{party} stays below {label} of the valid votes",
                        winners=frozenset(set(tally) - {party}),
                        rest=False,
                        losers=frozenset({party}),
                        share=1 - t,
                    )
                )
            else:
                result.append(
                    Assertion(
                        name=f"{party} reaches {label} of the valid votes",
                        winners=frozenset({party}),
                        rest=True,
                        share=t,
                    )
                )
    return result


__all__ = [
    "Assertion",
    "plurality_assertions",
    "seat_assertions",
    "super_majority_assertions",
]
