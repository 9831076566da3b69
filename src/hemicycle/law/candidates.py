"""Filling a list's seats with its candidates: closed lists, open lists, and Lebanon's
preferential vote.

- Closed lists elect candidates in the order of the list (``rank``).
- Open lists elect the candidates with most personal votes (Iraq, Law 12/2018 as amended by
  Law 4/2023: the candidates of a list are re-ordered by the votes each obtained).
- Lebanon (Law 44/2017 art. 99): the candidates of all lists that won seats are ranked in one
  list by their share of the preferential votes in their minor district; going down that
  ranking, a candidate is elected unless her list has filled its seats or the seats of her
  community in her minor district are full; equal shares go to the older candidate, then by lot.
  Seats a list cannot fill from its own candidates follow the tier's ``list_shortfall``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from hemicycle.errors import DataError, InfeasibleError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.outcome import Elected, TraceStep
from hemicycle.law.schema import District, Tier, Ties
from hemicycle.law.ties import ChainTieBreak, candidate_tables
from hemicycle.types import CandidateRow


@dataclass(frozen=True, slots=True, kw_only=True)
class Filled:
    """Members elected in one district and the steps that chose them; ``seats`` are the lists'
    seats when filling them changed them (a seat passed to another list)."""

    elected: tuple[Elected, ...]
    steps: tuple[TraceStep, ...]
    seats: Mapping[str, int] | None = None


def _birth_key(row: CandidateRow) -> int | None:
    born = row.birth_date
    return born.toordinal() if isinstance(born, datetime.date) else None


def candidate_tie_break(
    ties: Ties, seed: str | None, roster: Mapping[str, CandidateRow]
) -> ChainTieBreak:
    """The law's chain for ties between candidates."""
    tables = candidate_tables(
        ties.candidates,
        {name: row.rank for name, row in roster.items()},
        {name: _birth_key(row) for name, row in roster.items()},
    )
    return ChainTieBreak(keys=ties.candidates, seed=seed, tables=tables)


def best(
    names: Sequence[str],
    key: Mapping[str, Fraction | int],
    places: int,
    tie_break: ChainTieBreak,
) -> list[str]:
    """The ``places`` names with the largest keys, best first; equal keys at the cut go to the
    tie rule, and only there (a tie that decides nothing is not drawn).

    >>> rule = ChainTieBreak(keys=("rank",), tables={"rank": {"A": -2, "B": -1, "C": -3}})
    >>> best(["A", "B", "C"], {"A": 5, "B": 5, "C": 9}, 2, rule)
    ['C', 'B']
    >>> best(["A", "B", "C"], {"A": 5, "B": 5, "C": 9}, 1, ChainTieBreak(keys=("refuse",)))
    ['C']
    """
    ranked = sorted(names, key=lambda name: -Fraction(key[name]))
    if places >= len(ranked):
        return ranked
    if places <= 0:
        return []
    cut = key[ranked[places - 1]]
    if key[ranked[places]] != cut:
        return ranked[:places]
    sure = [name for name in ranked if key[name] > cut]
    level = [name for name in ranked if key[name] == cut]
    votes = dict.fromkeys(level, 0)
    chosen = tie_break.choose(level, places - len(sure), seat=len(sure) + 1, votes=votes)
    return sure + list(chosen)


def worst(names: Sequence[str], key: Mapping[str, Fraction | int], tie_break: ChainTieBreak) -> str:
    """The name with the smallest key: the one the tie rule would place last among equals.

    >>> rule = ChainTieBreak(keys=("rank",), tables={"rank": {"A": -2, "B": -1}})
    >>> worst(["A", "B"], {"A": 5, "B": 5}, rule)
    'A'
    """
    if len(names) == 1:
        return names[0]
    keep = best(names, key, len(names) - 1, tie_break)
    return next(name for name in names if name not in keep)


def _list_order(ballots: DistrictBallots, seats: Mapping[str, int]) -> list[str]:
    return sorted(
        (party for party, count in seats.items() if count),
        key=lambda party: -ballots.lists.get(party, 0),
    )


def fill_closed_or_open(
    tier: Tier,
    district: str,
    ballots: DistrictBallots,
    seats: Mapping[str, int],
    *,
    ties: Ties,
    seed: str | None,
    how: str | None = None,
) -> Filled:
    """Elect each list's candidates by rank (closed) or personal votes (open)."""
    elected: list[Elected] = []
    steps: list[TraceStep] = []
    for party in _list_order(ballots, seats):
        roster = ballots.candidates_of(party)
        if not roster:
            continue
        rule = candidate_tie_break(ties, seed, roster)
        if tier.lists == "closed":
            unranked = [name for name, row in roster.items() if row.rank is None]
            if unranked:
                raise DataError(
                    f"closed list {party!r} in {district!r} needs the rank of candidate "
                    f"{unranked[0]!r}"
                )
            order = sorted(roster, key=lambda name: roster[name].rank or 0)
            kind = how or "list_rank"
        else:
            order = best(
                list(roster), {n: ballots.votes_of(party, n) for n in roster}, seats[party], rule
            )
            kind = how or "personal_votes"
        wanted = seats[party]
        if len(order) < wanted:
            steps.append(
                TraceStep(
                    tier=tier.id,
                    district=district,
                    kind="vacant",
                    text=f"{party} won {wanted} seats but has {len(order)} candidates",
                )
            )
        for name in order[:wanted]:
            votes = ballots.votes_of(party, name) if tier.lists == "open" else None
            elected.append(
                Elected(district=district, list=party, candidate=name, how=kind, votes=votes)
            )
            steps.append(
                TraceStep(
                    tier=tier.id,
                    district=district,
                    kind="elected",
                    text=f"{name} ({party}"
                    + (f", {votes} votes" if votes is not None else f", rank {roster[name].rank}")
                    + ") is elected",
                )
            )
    return Filled(elected=tuple(elected), steps=tuple(steps))


def fill_lebanese(
    tier: Tier,
    district: District,
    ballots: DistrictBallots,
    seats: Mapping[str, int],
    *,
    ties: Ties,
    seed: str | None,
) -> Filled:
    """Elect by Lebanon's preferential vote (Law 44/2017 art. 99), in allocation order.

    A candidate whose community has no seat in her minor district (a candidacy the law does not
    provide for) counts in the preferential votes but is passed over.

    Art. 99 passes over a candidate whose community seats are full, and one whose list's seats
    are full; it does not say what happens when, at the end of the ranking, a list still has
    seats and none of its remaining candidates belongs to a community with a seat left (a short
    or unbalanced list). The tier's ``list_shortfall`` decides: ``refuse`` raises
    :class:`~hemicycle.errors.InfeasibleError`; ``next_in_ranking`` keeps Annex 1's community
    seats, which the law fills in every case, and goes down the single ranking once more with
    only the community seats binding, so that each seat left goes to the best-placed candidate
    of its community and minor district on another winning list. The list that could not fill
    its seats loses them, the list of the candidate elected gains them, and the returned
    ``seats`` say so.
    """
    places = {(r.community, r.minor_district): r.seats for r in district.reserved}
    minors = {minor for _, minor in places}
    rows: dict[tuple[str, str], CandidateRow] = {}
    for party in ballots.lists:
        for name, row in ballots.candidates_of(party).items():
            if row.community is None:
                raise DataError(
                    f"candidate {name!r} of {party!r} in {district.id!r} has no community"
                )
            minor = row.minor_district if row.minor_district else None
            if minor not in minors:
                raise DataError(
                    f"candidate {name!r} of {party!r} is in minor district {minor!r}, which "
                    f"{district.id!r} does not have (it has {', '.join(sorted(map(str, minors)))})"
                )
            rows[(party, name)] = row
    cast: dict[str | None, int] = {}
    for (party, name), row in rows.items():
        minor = row.minor_district or None
        cast[minor] = cast.get(minor, 0) + ballots.votes_of(party, name)
    runners = [(p, n) for (p, n) in rows if seats.get(p, 0)]
    labels = {f"{n}\x1f{p}": (p, n) for p, n in runners}
    key = {
        label: Fraction(ballots.votes_of(p, n), cast[rows[(p, n)].minor_district or None] or 1)
        for label, (p, n) in labels.items()
    }
    roster = {label: rows[labels[label]] for label in labels}
    rule = candidate_tie_break(ties, seed, roster)
    left_list = {party: count for party, count in seats.items() if count}
    left_seat = dict(places)
    elected: list[Elected] = []
    steps: list[TraceStep] = []
    for party, name in rows:
        row = rows[(party, name)]
        spot = (row.community or "", row.minor_district or None)
        if spot not in places:
            # a candidacy the law does not provide for: it counts in the minor district's
            # preferential votes but can take no seat
            left_seat[spot] = 0
            where = f" in {spot[1]}" if spot[1] else ""
            steps.append(
                TraceStep(
                    tier=tier.id,
                    district=district.id,
                    kind="no_seat",
                    text=f"{name} ({party}) is {row.community}, a community with no seat{where}",
                )
            )

    def place_of(label: str) -> tuple[str, str | None]:
        row = rows[labels[label]]
        return (row.community or "", row.minor_district or None)

    def open_to(label: str, bound: bool) -> bool:
        if bound and left_list.get(labels[label][0], 0) == 0:
            return False
        return left_seat[place_of(label)] > 0

    def fits(group: list[str], bound: bool) -> bool:
        """Whether every open candidate of an equal-share group can be elected at once."""
        takers = [label for label in group if open_to(label, bound)]
        parties = [labels[label][0] for label in takers]
        spots = [place_of(label) for label in takers]
        return (not bound or all(parties.count(p) <= left_list[p] for p in parties)) and all(
            spots.count(s) <= left_seat[s] for s in spots
        )

    def walk(bound: bool) -> None:
        """Go down the ranking; ``bound``: the list's seats bind as well as the community's."""
        taken = {(e.list, e.candidate) for e in elected}
        ranking = sorted(
            (label for label in labels if labels[label] not in taken), key=lambda lb: -key[lb]
        )
        index = 0
        while index < len(ranking) and any(left_seat.values()):
            group = [label for label in ranking[index:] if key[label] == key[ranking[index]]]
            index += len(group)
            if len(group) > 1 and not fits(group, bound):
                # equal shares that compete for the same seat: the older candidate, then lot
                pending, group = list(group), []
                while pending:
                    first = best(pending, dict.fromkeys(pending, 0), 1, rule)[0]
                    group.append(first)
                    pending.remove(first)
            for label in group:
                if bound and not any(left_list.values()):
                    return
                take(label, bound)

    def take(label: str, bound: bool) -> None:
        party, name = labels[label]
        row = rows[(party, name)]
        place = place_of(label)
        where = f" of {place[1]}" if place[1] else ""
        described = (
            f"{name} ({party}, {row.community}{where}, {ballots.votes_of(party, name)} votes, "
            f"{float(key[label]) * 100:.2f}%)"
        )
        if bound and left_list.get(party, 0) == 0:
            steps.append(
                TraceStep(
                    tier=tier.id,
                    district=district.id,
                    kind="skipped",
                    text=f"{described} is passed over: the list's seats are filled",
                )
            )
            return
        if left_seat[place] == 0:
            if bound:
                steps.append(
                    TraceStep(
                        tier=tier.id,
                        district=district.id,
                        kind="skipped",
                        text=f"{described} is passed over: the {row.community} seats{where} "
                        "are full",
                    )
                )
            return
        left_seat[place] -= 1
        if bound:
            left_list[party] -= 1
        else:
            gained[party] = gained.get(party, 0) + 1
        elected.append(
            Elected(
                district=district.id,
                list=party,
                candidate=name,
                how="preferential_rank" if bound else "next_in_ranking",
                votes=ballots.votes_of(party, name),
            )
        )
        steps.append(
            TraceStep(
                tier=tier.id,
                district=district.id,
                kind="elected",
                text=f"{described} is elected"
                + ("" if bound else f" to the {row.community} seat{where} left unfilled"),
            )
        )

    gained: dict[str, int] = {}
    walk(bound=True)
    if not any(left_list.values()):
        return Filled(elected=tuple(elected), steps=tuple(steps))
    short = ", ".join(f"{p} ({n})" for p, n in left_list.items() if n)
    if tier.list_shortfall == "refuse":
        raise InfeasibleError(
            f"{district.id}: seats of {short} remain but no remaining candidate of these lists "
            "belongs to a community with a seat left (Law 44/2017 art. 99 does not say who "
            "takes them; list_shortfall = 'next_in_ranking' passes them down the ranking)"
        )
    open_seats = ", ".join(
        f"{community}{f' of {minor}' if minor else ''} ({n})"
        for (community, minor), n in left_seat.items()
        if n
    )
    steps.append(
        TraceStep(
            tier=tier.id,
            district=district.id,
            kind="shortfall",
            text=f"seats of {short} remain but no remaining candidate of these lists belongs to "
            f"a community with a seat left; the seats left ({open_seats}) go down the ranking "
            "to the next candidates of their communities",
        )
    )
    walk(bound=False)
    for (community, minor), count in left_seat.items():
        if count:
            steps.append(
                TraceStep(
                    tier=tier.id,
                    district=district.id,
                    kind="vacant",
                    text=f"{count} {community} seat{'s' if count > 1 else ''}"
                    f"{f' of {minor}' if minor else ''} left: no candidate of a winning list",
                )
            )
    final = {
        party: seats.get(party, 0) - left_list.get(party, 0) + gained.get(party, 0)
        for party in dict.fromkeys([*seats, *gained])
    }
    return Filled(elected=tuple(elected), steps=tuple(steps), seats=final)


__all__ = ["Filled", "best", "candidate_tie_break", "fill_closed_or_open", "fill_lebanese", "worst"]
