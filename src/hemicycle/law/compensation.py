"""Tiers that depend on earlier tiers: national seats split over regions with constituency
coverage (Germany 2023), additional members (Scotland) and levelling seats (Sweden).

- Germany, Bundeswahlgesetz as amended 8 June 2023: the seats (630, less successful
  independents, §4(1)) go to the parties that pass the threshold by Sainte-Laguë/Schepers on
  their national second votes (§4(2)-(3), the *Oberverteilung*); each party's seats go to its Land
  lists by the same method (§5, *Unterverteilung*); in each Land a party's constituency winners
  are seated in order of their share of the first votes as far as its Land seats cover them
  (§6(1), *Zweitstimmendeckung*), and its remaining Land seats go to its Land list (§6(4)).
- Scotland Act 1998 s.7-8: each region's list seats go by D'Hondt with a party's divisor the
  constituency seats it won in the region plus its list seats plus one.
- Sweden, Vallag (2005:837) ch. 14 §§3-6: the 349 seats are allocated nationally among parties
  with 4% of the votes; a party whose fixed constituency seats exceed its national share keeps
  them and drops out of the national allocation, which is repeated; each party's levelling seats
  are its national seats less its fixed seats, placed in the constituencies where its comparison
  figures, continuing after its fixed seats, are largest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from hemicycle.core import methods
from hemicycle.core.ties import Tie
from hemicycle.errors import InfeasibleError, LawError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.certify import Source, annotate, record, reseat
from hemicycle.law.levelling import constituency_seats, place_in_districts
from hemicycle.law.lists import allocate_lists, list_tie_break
from hemicycle.law.outcome import Elected, TraceStep
from hemicycle.law.regional import place_regionally
from hemicycle.law.schema import Tier, Ties
from hemicycle.law.thresholds import Standing

PLAIN_ORDER = frozenset({"dhondt", "sainte_lague", "danish", "imperiali"})
"""Formulas whose national order of levelling seats a placement certificate lets the verifier
recompute (Iceland's is D'Hondt, Act 24/2000 art. 108)."""


@dataclass(slots=True, kw_only=True)
class TierResult:
    """Seats per district and list of one tier, its elected members, trace and ties."""

    seats: dict[str, dict[str, int]] = field(default_factory=dict)
    elected: list[Elected] = field(default_factory=list)
    steps: list[TraceStep] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)

    def by_list(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for seats in self.seats.values():
            for party, count in seats.items():
                total[party] = total.get(party, 0) + count
        return total


def _step(tier: Tier, where: str | None, kind: str, text: str) -> TraceStep:
    return TraceStep(tier=tier.id, district=where, kind=kind, text=text)


def _first_vote_share(member: Elected, ballots: Mapping[str, DistrictBallots]) -> Fraction:
    entry = ballots[member.district]
    valid = entry.totals.valid if entry.totals and entry.totals.valid else entry.valid
    return Fraction(member.votes or 0, valid or 1)


def _list_members(
    tier: Tier,
    where: str,
    party: str,
    entry: DistrictBallots | None,
    count: int,
    taken: set[tuple[str, str]],
    how: str,
) -> tuple[list[Elected], list[TraceStep]]:
    """The first ``count`` candidates of a closed list not elected already."""
    if entry is None or count <= 0:
        return [], []
    roster = entry.candidates_of(party)
    ranked = sorted(
        (name for name, row in roster.items() if row.rank is not None),
        key=lambda name: roster[name].rank or 0,
    )
    chosen: list[Elected] = []
    steps: list[TraceStep] = []
    for name in ranked:
        if len(chosen) == count:
            break
        if (party, name) in taken:
            steps.append(_step(tier, where, "skipped", f"{name} ({party}) already holds a seat"))
            continue
        chosen.append(Elected(district=where, list=party, candidate=name, how=how))
        steps.append(
            _step(tier, where, "elected", f"{name} ({party}, rank {roster[name].rank}) is elected")
        )
    return chosen, steps


def national_tier(
    tier: Tier,
    ballots: Mapping[str, DistrictBallots],
    districts: Sequence[str],
    *,
    winners: Sequence[Elected],
    regions: Mapping[str, str | None],
    standing: Standing,
    ties: Ties,
    seed: str | None,
) -> TierResult:
    """One national allocation, split over ``districts`` when the tier has a lower
    apportionment, seating the covered constituency ``winners`` as far as the seats go."""
    result = TierResult()
    votes: dict[str, int] = {}
    for name in districts:
        for party, count in ballots[name].lists.items() if name in ballots else ():
            votes[party] = votes.get(party, 0) + count
    seats = tier.seats or 0
    independents = [w for w in winners if w.list not in votes]
    if tier.coverage is not None and independents:
        seats -= len(independents)
        for member in independents:
            result.elected.append(member)
            result.seats.setdefault(member.district, {})[member.list] = 1
            reseat(tier.coverage, member.district, tier.id, member.list)
            result.steps.append(
                _step(
                    tier,
                    member.district,
                    "independent",
                    f"{member.candidate} ({member.list}) wins {member.district} without a party "
                    "list and is seated; the seats to distribute fall by one",
                )
            )
    upper = allocate_lists(
        tier,
        tier.id,
        votes,
        seats=seats,
        standing=standing,
        ties=ties,
        seed=seed,
    )
    result.steps.extend(upper.steps)
    result.ties.extend(upper.ties)
    if tier.lower is None:
        result.seats[tier.id] = {p: n for p, n in upper.seats.items() if n}
        return result
    won: dict[tuple[str, str], list[Elected]] = {}
    for member in winners:
        if member.list in votes:
            region = regions.get(member.district) or ""
            won.setdefault((member.list, region), []).append(member)
    taken = {(w.list, w.candidate) for w in winners}
    for party, count in upper.seats.items():
        party_winners = [w for (p, _), ws in won.items() if p == party for w in ws]
        if count == 0:
            for member in party_winners:
                result.steps.append(
                    _step(
                        tier,
                        member.district,
                        "uncovered",
                        f"{member.candidate} ({party}) wins {member.district} but {party} has "
                        "no seats: not seated",
                    )
                )
            continue
        by_district = {
            name: ballots[name].lists.get(party, 0) for name in districts if name in ballots
        }
        split = methods.apportion(
            by_district,
            count,
            method=tier.lower or "sainte_lague",
            tie_break=list_tie_break(ties, seed, {}),
        )
        record(
            tier.id,
            tier.id,
            split,
            direct=True,
            list=party,
            source=Source(tier=tier.id, district=tier.id, list=party),
        )
        result.ties.extend(split.ties)
        for region, land_seats in split.seats.items():
            if land_seats:
                result.seats.setdefault(region, {})[party] = land_seats
            local = won.get((party, region), [])
            if tier.coverage is None:
                members, steps = _list_members(
                    tier, region, party, ballots.get(region), land_seats, taken, "list"
                )
                result.elected.extend(members)
                result.steps.extend(steps)
                continue
            ranked = sorted(local, key=lambda w: -_first_vote_share(w, ballots))
            seated = ranked[:land_seats]
            for member in seated:
                share = _first_vote_share(member, ballots)
                result.elected.append(
                    Elected(
                        district=member.district,
                        list=party,
                        candidate=member.candidate,
                        how="constituency_covered",
                        votes=member.votes,
                    )
                )
                result.steps.append(
                    _step(
                        tier,
                        region,
                        "covered",
                        f"{member.candidate} ({party}, {member.district}, "
                        f"{float(share) * 100:.2f}% of first votes) is seated",
                    )
                )
            for member in ranked[land_seats:]:
                share = _first_vote_share(member, ballots)
                result.steps.append(
                    _step(
                        tier,
                        region,
                        "uncovered",
                        f"{member.candidate} ({party}, {member.district}, "
                        f"{float(share) * 100:.2f}% of first votes) is not seated: {party}'s "
                        f"{land_seats} seats in {region} are taken by winners with larger shares",
                    )
                )
            members, steps = _list_members(
                tier, region, party, ballots.get(region), land_seats - len(seated), taken, "list"
            )
            result.elected.extend(members)
            result.steps.extend(steps)
        result.steps.append(
            _step(
                tier,
                None,
                "lower",
                f"{party}: {count} seats over the regions: "
                + ", ".join(f"{r} {n}" for r, n in split.seats.items() if n),
            )
        )
    return result


def additional_tier(
    tier: Tier,
    ballots: Mapping[str, DistrictBallots],
    *,
    winners: Sequence[Elected],
    regions: Mapping[str, str | None],
    ties: Ties,
    seed: str | None,
    present: Sequence[str],
) -> TierResult:
    """Each region's list seats with the constituency seats won there held beforehand."""
    result = TierResult()
    taken = {(w.list, w.candidate) for w in winners}
    for district in tier.districts:
        if district.id not in present:
            continue
        entry = ballots[district.id]
        prior: dict[str, int] = {}
        for member in winners:
            if regions.get(member.district) == district.id and member.list in entry.lists:
                prior[member.list] = prior.get(member.list, 0) + 1
        if prior:
            result.steps.append(
                _step(
                    tier,
                    district.id,
                    "prior",
                    "constituency seats held: " + ", ".join(f"{p} {n}" for p, n in prior.items()),
                )
            )
        seats = allocate_lists(
            tier,
            district.id,
            entry.lists,
            seats=district.seats or 0,
            standing=Standing(),
            ties=ties,
            seed=seed,
            prior=prior,
        )
        result.steps.extend(seats.steps)
        result.ties.extend(seats.ties)
        result.seats[district.id] = {p: n for p, n in seats.seats.items() if n}
        for party, count in seats.seats.items():
            members, steps = _list_members(tier, district.id, party, entry, count, taken, "list")
            result.elected.extend(members)
            result.steps.extend(steps)
    return result


def levelling_tier(
    tier: Tier,
    base: Tier,
    ballots: Mapping[str, DistrictBallots],
    fixed: Mapping[str, Mapping[str, int]],
    *,
    standing: Standing,
    ties: Ties,
    seed: str | None,
    vote_districts: Sequence[str] | None = None,
) -> TierResult:
    """Levelling seats: national shares of the whole house less the fixed seats (Sweden);
    an overhang repeats the allocation without the list or is kept (``tier.overhang``)."""
    result = TierResult()
    districts = [d.id for d in base.districts if d.id in ballots]
    votes: dict[str, int] = {}
    for name in districts if vote_districts is None else vote_districts:
        for party, count in ballots[name].lists.items():
            votes[party] = votes.get(party, 0) + count
    fixed_by_party: dict[str, int] = {}
    for district_seats in fixed.values():
        for party, count in district_seats.items():
            fixed_by_party[party] = fixed_by_party.get(party, 0) + count
    house = sum(fixed_by_party.values()) + (tier.seats or 0)
    dropped: list[str] = []
    repeated = []
    while True:
        pool = {p: v for p, v in votes.items() if p not in dropped}
        # seats won by lists outside the allocation (dropped, or without list votes: an
        # independent) are not shared out again
        outside = sum(n for p, n in fixed_by_party.items() if p in dropped or p not in votes)
        national = allocate_lists(
            tier,
            tier.id,
            pool,
            seats=house - outside,
            standing=standing,
            ties=ties,
            seed=seed,
        )
        repeated.append(national.allocation)
        excluded = set(national.excluded)
        over = [
            p
            for p, n in national.seats.items()
            if p not in excluded and fixed_by_party.get(p, 0) > n and tier.overhang == "repeat"
        ]
        newly = [p for p in pool if p in excluded and fixed_by_party.get(p, 0) and p not in dropped]
        if not over and not newly:
            break
        for party in over + newly:
            dropped.append(party)
            result.steps.append(
                _step(
                    tier,
                    None,
                    "levelling",
                    f"{party} keeps its {fixed_by_party.get(party, 0)} fixed seats and leaves the "
                    "national allocation, which is repeated",
                )
            )
    for earlier in repeated[:-1]:
        annotate(earlier, superseded=True)
    result.steps.extend(national.steps)
    result.ties.extend(national.ties)
    levelling = {
        p: n - fixed_by_party.get(p, 0)
        for p, n in national.seats.items()
        if p not in national.excluded and n - fixed_by_party.get(p, 0) > 0
    }
    for party, count in national.seats.items():
        extra = fixed_by_party.get(party, 0) - count
        if party not in national.excluded and extra > 0:
            result.steps.append(
                _step(
                    tier,
                    None,
                    "overhang",
                    f"{party} keeps its {fixed_by_party[party]} earlier seats, {extra} more than "
                    f"its {count} seats of the national allocation (overhang)",
                )
            )
    if tier.overhang == "repeat" and sum(levelling.values()) != (tier.seats or 0):
        raise InfeasibleError(
            f"tier {tier.id!r}: levelling seats add up to {sum(levelling.values())}, not "
            f"{tier.seats}"
        )
    for party, count in levelling.items():
        result.steps.append(
            _step(tier, None, "levelling", f"{party} receives {count} levelling seats")
        )
    if tier.placement == "national":
        annotate(national.allocation, direct=True, less_tier=base.id)
        result.seats[tier.id] = levelling
        return result
    if tier.placement == "regional":
        placement = place_regionally(tier, base, levelling, ballots, fixed, ties=ties, seed=seed)
        result.seats.update(placement.seats)
        result.steps.extend(placement.steps)
        result.ties.extend(placement.ties)
        return result
    if tier.placement != "by_party":
        order = None
        order_votes: dict[str, int] = {}
        order_prior: dict[str, int] = {}
        if tier.placement == "district_share":
            # Iceland art. 108: the seats are placed in the order of the national quotients
            # that follow each party's constituency seats
            sequence = methods.apportion(
                {p: votes[p] for p in levelling},
                sum(levelling.values()),
                method=tier.formula,
                first_divisor=tier.first_divisor,
                prior_seats={p: fixed_by_party[p] for p in levelling if fixed_by_party.get(p)},
                tie_break=list_tie_break(ties, seed, {}),
            )
            order = [step.unit for step in sequence.priority]
            order_votes = {p: votes[p] for p in levelling}
            order_prior = {p: fixed_by_party[p] for p in levelling if fixed_by_party.get(p)}
            if {p: n for p, n in sequence.seats.items() if n} != levelling:
                raise InfeasibleError(
                    f"tier {tier.id!r}: the order of the national quotients does not give each "
                    "party its levelling seats"
                )
        placement = place_in_districts(
            tier,
            levelling,
            ballots,
            fixed,
            constituency_seats(base, districts),
            ties=ties,
            seed=seed,
            order=order,
        )
        for proof in placement.proofs:
            if order is not None:
                # the verifier recomputes the order's quotients for the plain divisor methods;
                # another formula's order is certified by its counts only
                proof = replace(
                    proof,
                    order_method=tier.formula if tier.formula in PLAIN_ORDER else None,
                    order_votes=order_votes,
                    order_prior=order_prior,
                )
            record(
                tier.id,
                tier.id,
                proof,
                direct=True,
                prior_tier=base.id,
                source=Source(tier=tier.id, district=tier.id, less_tier=base.id),
            )
        result.seats.update(placement.seats)
        result.steps.extend(placement.steps)
        result.ties.extend(placement.ties)
        return result
    if base.elects_candidates and levelling:
        raise LawError(
            f"tier {tier.id!r}: placement 'by_party' places levelling seats by the formula of "
            f"tier {base.id!r}, which elects candidates ({base.formula}); give placement "
            "'national' or a placement in districts"
        )
    for party, count in levelling.items():
        by_district = {name: ballots[name].lists.get(party, 0) for name in districts}
        prior = {name: fixed.get(name, {}).get(party, 0) for name in districts}
        placed = methods.apportion(
            by_district,
            count,
            method=base.formula,
            first_divisor=base.first_divisor,
            divisors_given=base.divisors,
            prior_seats={n: s for n, s in prior.items() if s} or None,
            tie_break=list_tie_break(ties, seed, {}),
        )
        record(
            tier.id,
            tier.id,
            placed,
            direct=True,
            list=party,
            prior_tier=base.id,
            source=Source(tier=tier.id, district=tier.id, list=party, less_tier=base.id),
        )
        result.ties.extend(placed.ties)
        for name, won in placed.seats.items():
            if won:
                result.seats.setdefault(name, {})[party] = won
                result.steps.append(
                    _step(tier, name, "levelling", f"{party}: {won} levelling seat(s) in {name}")
                )
    return result


__all__ = ["TierResult", "additional_tier", "levelling_tier", "national_tier"]
