"""Levelling seats placed in regions, then in the regions' constituencies; the regional
alternative to a national threshold.

Denmark, lov om valg til Folketinget (folketingsvalgloven; LBK nr. 369 of 10 April 2014, the
rules of lov nr. 536 of 8 June 2006), the 40 compensatory seats (tillægsmandater):

- §77(1): a party shares in them if it won a constituency seat, or obtained in two of the three
  regions (landsdele) at least as many votes as the region's valid votes per constituency
  seat, or obtained 2% of the valid votes in the whole country.
- §78: each party's compensatory seats go to the regions. Its votes in each region are divided
  by 1, 3, 5, 7…, leaving out as many of the largest quotients as the constituency seats it won
  there; the largest quotient of any party in any region takes the first compensatory seat, the
  next largest the next, a region or a party that has all its compensatory seats (§10, §77)
  being passed over. A party without votes in every region that cannot receive its seats so is
  given them beforehand in the regions where it has votes.
- §79: within a region, each party's compensatory seats go to its multi-member constituencies
  (storkredse): its votes in each are divided by 1, 4, 7, 10…, leaving out as many of the
  largest quotients as the constituency seats it won there, and the largest quotients left
  take the seats.

Quotients are exact fractions; equal quotients go to the law's tie rule between lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hemicycle.core import methods
from hemicycle.errors import InfeasibleError
from hemicycle.law.ballots import DistrictBallots, national_votes
from hemicycle.law.certify import Source, record
from hemicycle.law.levelling import Placement, place_in_districts
from hemicycle.law.lists import list_tie_break
from hemicycle.law.outcome import TraceStep
from hemicycle.law.schema import Tier, Ties


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """A region of the base tier: its districts with results, votes per list, seats held."""

    name: str
    districts: tuple[str, ...]
    votes: Mapping[str, int]
    held: Mapping[str, int]


def regions_of(
    base: Tier,
    ballots: Mapping[str, DistrictBallots],
    fixed: Mapping[str, Mapping[str, int]] | None = None,
) -> dict[str, Region]:
    """The regions named by the base tier's districts, in the order they first appear.

    ``fixed`` are the seats each list won in each district of the base tier.
    """
    members: dict[str, list[str]] = {}
    for district in base.districts:
        if district.region is not None and district.id in ballots:
            members.setdefault(district.region, []).append(district.id)
    found: dict[str, Region] = {}
    seats: Mapping[str, Mapping[str, int]] = fixed or {}
    for name, names in members.items():
        held: dict[str, int] = {}
        for member in names:
            for party, won in seats.get(member, {}).items():
                held[party] = held.get(party, 0) + won
        found[name] = Region(
            name=name,
            districts=tuple(names),
            votes=national_votes(ballots, names),
            held=held,
        )
    return found


def regional_standing(base: Tier, ballots: Mapping[str, DistrictBallots]) -> dict[str, int]:
    """For each list, the number of regions where its votes reach the region's valid votes
    per constituency seat (Denmark, folketingsvalgloven §77(1)(2)).

    >>> from hemicycle.law.schema import District
    >>> base = Tier(id="c", kind="district", formula="dhondt", districts=(
    ...     District(id="A1", seats=3, region="A"), District(id="B1", seats=2, region="B")))
    >>> ballots = {"A1": DistrictBallots(district="A1", lists={"X": 70, "Y": 20, "Z": 10}),
    ...            "B1": DistrictBallots(district="B1", lists={"X": 50, "Y": 40, "Z": 10})}
    >>> regional_standing(base, ballots)
    {'X': 2, 'Y': 0, 'Z': 0}
    """
    seats = {d.id: d.seats or 0 for d in base.districts}
    reached: dict[str, int] = {}
    for region in regions_of(base, ballots).values():
        valid = 0
        for name in region.districts:
            totals = ballots[name].totals
            given = totals.valid if totals is not None else None
            valid += given if given is not None else ballots[name].valid
        constituency_seats = sum(seats[name] for name in region.districts)
        for party, votes in region.votes.items():
            passed = constituency_seats > 0 and votes * constituency_seats >= valid
            reached[party] = reached.get(party, 0) + (1 if passed else 0)
    return reached


def place_regionally(
    tier: Tier,
    base: Tier,
    due: Mapping[str, int],
    ballots: Mapping[str, DistrictBallots],
    fixed: Mapping[str, Mapping[str, int]],
    *,
    ties: Ties,
    seed: str | None,
) -> Placement:
    """Place each list's ``due`` levelling seats in the regions (one ranking of quotients
    under ``tier.lower``), then in each region's districts (``tier.within``).

    ``fixed`` are the seats each list won in each district of the base tier.
    """
    regions = regions_of(base, ballots, fixed)
    region_ballots = {
        name: DistrictBallots(district=name, lists=dict(region.votes))
        for name, region in regions.items()
    }
    held = {name: dict(region.held) for name, region in regions.items()}
    placed = Placement()
    try:
        by_region = place_in_districts(tier, due, region_ballots, held, {}, ties=ties, seed=seed)
    except InfeasibleError:
        absent = [
            party
            for party, count in due.items()
            if count
            and any(not ballots_of.lists.get(party) for ballots_of in region_ballots.values())
        ]
        if not absent:
            raise
        by_region = _in_advance(tier, due, absent, region_ballots, held, ties=ties, seed=seed)
    for proof in by_region.proofs:
        # seats of regions: the split within each region below gives the outcome's seats
        record(
            tier.id,
            tier.id,
            proof,
            direct=False,
            source=Source(tier=tier.id, district=tier.id, less_tier=base.id),
        )
    placed.steps.extend(by_region.steps)
    placed.ties.extend(by_region.ties)
    tie_break = list_tie_break(ties, seed, {})
    for name, by_party in by_region.seats.items():
        region = regions[name]
        for party, count in by_party.items():
            split = methods.apportion(
                {district: ballots[district].lists.get(party, 0) for district in region.districts},
                count,
                method=tier.within or "danish",
                prior_seats={
                    district: fixed.get(district, {}).get(party, 0)
                    for district in region.districts
                    if fixed.get(district, {}).get(party, 0)
                }
                or None,
                tie_break=tie_break,
            )
            record(
                tier.id,
                name,
                split,
                direct=True,
                list=party,
                prior_tier=base.id,
                source=Source(tier=tier.id, district=name, list=party),
            )
            placed.ties.extend(split.ties)
            for district, won in split.seats.items():
                if not won:
                    continue
                placed.seats.setdefault(district, {})[party] = won
                placed.steps.append(
                    TraceStep(
                        tier=tier.id,
                        district=district,
                        kind="levelling",
                        text=f"{party}: {won} levelling seat{'s' if won > 1 else ''} of {name} "
                        f"in {district} ({tier.within})",
                    )
                )
    return placed


def _in_advance(
    tier: Tier,
    due: Mapping[str, int],
    absent: list[str],
    regions: Mapping[str, DistrictBallots],
    held: Mapping[str, Mapping[str, int]],
    *,
    ties: Ties,
    seed: str | None,
) -> Placement:
    """§78(3), last sentence: the seats of lists without votes in every region are placed
    first, in the regions where they have votes; then the ranking places the others."""
    first = place_in_districts(
        tier, {p: due[p] for p in absent}, regions, held, {}, ties=ties, seed=seed
    )
    taken: dict[str, int] = {}
    after = {name: dict(seats) for name, seats in held.items()}
    for name, by_party in first.seats.items():
        for party, count in by_party.items():
            taken[name] = taken.get(name, 0) + count
            after[name][party] = after[name].get(party, 0) + count
    rest = tier.model_copy(
        update={
            "districts": tuple(
                d.model_copy(update={"seats": (d.seats or 0) - taken.get(d.id, 0)})
                for d in tier.districts
            )
        }
    )
    others = {p: n for p, n in due.items() if p not in absent}
    second = place_in_districts(rest, others, regions, after, {}, ties=ties, seed=seed)
    result = Placement()
    result.steps.append(
        TraceStep(
            tier=tier.id,
            district=None,
            kind="levelling",
            text=f"{', '.join(absent)} cannot receive all their levelling seats in the ranking "
            "and are given them beforehand in the regions where they have votes",
        )
    )
    for part in (first, second):
        result.proofs.extend(part.proofs)
        result.steps.extend(part.steps)
        result.ties.extend(part.ties)
        for name, by_party in part.seats.items():
            for party, count in by_party.items():
                target = result.seats.setdefault(name, {})
                target[party] = target.get(party, 0) + count
    return result


__all__ = ["Region", "place_regionally", "regional_standing", "regions_of"]
