"""The law engine: a :class:`~hemicycle.law.schema.Law` applied to results gives an
:class:`~hemicycle.law.outcome.Outcome`.

Tiers are counted in the order the law lists them. A district tier allocates each district's
seats among its lists (or elects candidates directly), fills the lists' seats with candidates
(closed, open, or Lebanon's preferential vote) and applies the gender quota; later tiers read
the seats and winners of earlier ones (:mod:`hemicycle.law.compensation`). Every decision is a
step of the trace, and every tie is resolved by the law's declared chain or reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hemicycle.core.ballots import Ballots
from hemicycle.core.ties import Tie
from hemicycle.errors import DataError
from hemicycle.law.ballots import DistrictBallots, index_results, national_votes
from hemicycle.law.candidates import fill_closed_or_open, fill_lebanese
from hemicycle.law.compensation import TierResult, additional_tier, levelling_tier, national_tier
from hemicycle.law.lists import allocate_lists
from hemicycle.law.outcome import Elected, Outcome, TraceStep
from hemicycle.law.persons import elect_persons, seats_by_list
from hemicycle.law.ranked import RANKED, elect_ranked
from hemicycle.law.regional import regional_standing
from hemicycle.law.schema import Law, Tier
from hemicycle.law.thresholds import Standing, share_base
from hemicycle.law.women import apply_gender_quota
from hemicycle.types import Results


@dataclass(slots=True)
class _Count:
    law: Law
    ballots: dict[str, DistrictBallots]
    seed: str | None
    done: dict[str, TierResult]
    missing: list[str]
    ranked: Mapping[str, Ballots]
    unballoted: list[str]

    def standing(self, tier: Tier, districts: list[str]) -> Standing:
        national = national_votes(self.ballots, districts)
        wins: dict[str, int] = {}
        regions: dict[str, int] = {}
        threshold = tier.threshold
        if threshold is not None and threshold.wins_in is not None:
            # the seats won in that tier: constituency wins count whether or not the winner is
            # seated later (§4(2) BWahlG); a list tier's seats (folketingsvalgloven §77(1))
            wins = self.done[threshold.wins_in].by_list()
        if threshold is not None and threshold.regions is not None and tier.uses is not None:
            regions = regional_standing(self.law.tier(tier.uses), self.ballots)
        # the share is of the valid votes: the totals' valid column where given (Bundeswahlgesetz
        # §4(2) counts the valid second votes of all parties, listed or not), or of every vote
        # cast where the law says so
        valid = 0
        for name in districts:
            entry = self.ballots.get(name)
            if entry is not None:
                valid += share_base(threshold, entry)
        return Standing(national=national, national_total=valid, wins=wins, regions=regions)

    def winners(self, tier_id: str) -> list[Elected]:
        return list(self.done[tier_id].elected)

    def present(self, tier: Tier) -> list[str]:
        names = []
        for district in tier.districts:
            if tier.formula in RANKED:
                if district.id in self.ranked:
                    names.append(district.id)
                else:
                    self.unballoted.append(district.id)
            elif district.id in self.ballots:
                names.append(district.id)
            else:
                self.missing.append(district.id)
        return names

    def district_tier(self, tier: Tier) -> TierResult:
        result = TierResult()
        present = set(self.present(tier))
        standing = self.standing(tier, [d.id for d in tier.districts])
        for district in tier.districts:
            if district.id not in present:
                continue
            entry = self.ballots.get(district.id) or DistrictBallots(district=district.id)
            if tier.elects_candidates:
                if tier.formula in RANKED:
                    filled, count = elect_ranked(
                        tier,
                        district,
                        entry,
                        self.ranked[district.id],
                        ties=self.law.ties,
                        seed=self.seed,
                    )
                    ties: tuple[Tie, ...] = count.ties
                else:
                    filled, ties = elect_persons(
                        tier, district, entry, ties=self.law.ties, seed=self.seed
                    )
                result.ties.extend(ties)
                elected, steps = apply_gender_quota(
                    tier, district, entry, filled.elected, ties=self.law.ties, seed=self.seed
                )
                result.seats[district.id] = dict(seats_by_list(elected))
                result.elected.extend(elected)
                result.steps.extend(filled.steps)
                result.steps.extend(steps)
                continue
            top = {
                party: max(people.values(), default=0) for party, people in entry.personal.items()
            }
            # a share in the district is of its valid votes: the totals' valid column where
            # given (blank ballots are valid in Spain, LOREG art. 96.5 and 163.1.a)
            seats = allocate_lists(
                tier,
                district.id,
                entry.lists,
                seats=district.seats or 0,
                district_total=share_base(tier.threshold, entry),
                blank=entry.blank,
                standing=standing,
                top_candidate=top,
                ties=self.law.ties,
                seed=self.seed,
            )
            result.steps.extend(seats.steps)
            result.ties.extend(seats.ties)
            result.seats[district.id] = {p: n for p, n in seats.seats.items() if n}
            if tier.lists == "none":
                continue
            if tier.lists == "lebanese":
                filled = fill_lebanese(
                    tier, district, entry, seats.seats, ties=self.law.ties, seed=self.seed
                )
                if filled.seats is not None:
                    # a seat its list could not fill went down the ranking to another list
                    result.seats[district.id] = {p: n for p, n in filled.seats.items() if n}
            else:
                filled = fill_closed_or_open(
                    tier, district.id, entry, seats.seats, ties=self.law.ties, seed=self.seed
                )
            elected, steps = apply_gender_quota(
                tier, district, entry, filled.elected, ties=self.law.ties, seed=self.seed
            )
            result.elected.extend(elected)
            result.steps.extend(filled.steps)
            result.steps.extend(steps)
        return result

    def tier_result(self, tier: Tier) -> TierResult:
        if tier.kind == "district":
            return self.district_tier(tier)
        if tier.kind == "national":
            districts = (
                self.present(tier)
                if tier.districts
                else [
                    d.id for d in self.law.tier(tier.uses or "").districts if d.id in self.ballots
                ]
            )
            winners = self.winners(tier.coverage) if tier.coverage else []
            regions = (
                {d.id: d.region for d in self.law.tier(tier.coverage).districts}
                if tier.coverage
                else {}
            )
            if not districts:
                self.missing.append(tier.id)
                return TierResult()
            return national_tier(
                tier,
                self.ballots,
                districts,
                winners=winners,
                regions=regions,
                standing=self.standing(tier, districts),
                ties=self.law.ties,
                seed=self.seed,
            )
        if tier.kind == "additional":
            prior = self.law.tier(tier.prior or "")
            return additional_tier(
                tier,
                self.ballots,
                winners=self.winners(prior.id),
                regions={d.id: d.region for d in prior.districts},
                ties=self.law.ties,
                seed=self.seed,
                present=self.present(tier),
            )
        base = self.law.tier(tier.uses or "")
        # New Zealand's party vote is counted apart from the electorate vote (Electoral Act
        # 1993 s.191): the tier's own districts carry it
        own_votes = tier.placement == "national" and bool(tier.districts)
        voting = self.present(tier) if own_votes else [d.id for d in base.districts]
        return levelling_tier(
            tier,
            base,
            self.ballots,
            self.done[base.id].seats,
            standing=self.standing(tier, voting),
            ties=self.law.ties,
            seed=self.seed,
            vote_districts=voting if own_votes else None,
        )


def _all_districts(law: Law) -> list[str]:
    names: list[str] = []
    for tier in law.tiers:
        names.extend(d.id for d in tier.districts)
    return names


def _ranked_districts(law: Law, ballots: Mapping[str, Ballots]) -> None:
    counted = {d.id for tier in law.tiers if tier.formula in RANKED for d in tier.districts}
    for name in ballots:
        if name not in counted:
            listed = ", ".join(sorted(counted)[:8]) + (", …" if len(counted) > 8 else "")
            raise DataError(
                f"there are ballots for {name!r}, which law {law.id!r} does not count from "
                f"ranked ballots (its districts counted so: {listed or 'none'})"
            )


def tabulate(
    law: Law,
    results: Results,
    *,
    ballots: Mapping[str, Ballots] | None = None,
    partial: bool = False,
    seed: str | None = None,
) -> Outcome:
    """Apply ``law`` to ``results``, and to ``ballots`` in the districts it counts by STV or
    instant runoff (ranked ballots per district, by district name).

    ``partial`` tabulates only the districts that have results (the others are listed in
    ``missing_districts``); otherwise a district without results, or without ballots where the
    law counts ranked ballots, is an error. ``seed`` is the seed of every drawing of lots the
    law prescribes; without it such a tie raises :class:`~hemicycle.errors.TieError`.

    >>> from hemicycle.law.load import load_law
    >>> from hemicycle.types import ResultRow
    >>> rows = tuple(ResultRow(district="Erbil", list=name, candidate=None, votes=votes)
    ...              for name, votes in [("KDP", 369724), ("PUK", 97411),
    ...                                  ("National Stance", 63298), ("New Generation", 38921)])
    >>> outcome = tabulate(load_law("iraq-2023"), Results(rows=rows), partial=True)
    >>> dict(outcome.districts["Erbil"])
    {'KDP': 9, 'PUK': 3, 'National Stance': 2, 'New Generation': 1}
    """
    indexed = index_results(results, _all_districts(law), law.id)
    ranked = dict(ballots or {})
    _ranked_districts(law, ranked)
    count = _Count(
        law=law,
        ballots=indexed,
        seed=seed,
        done={},
        missing=[],
        ranked=ranked,
        unballoted=[],
    )
    for tier in law.tiers:
        count.done[tier.id] = count.tier_result(tier)
    unballoted = tuple(dict.fromkeys(count.unballoted))
    if unballoted and not partial:
        shown = ", ".join(unballoted[:6]) + (", …" if len(unballoted) > 6 else "")
        raise DataError(
            f"there are no ranked ballots for {len(unballoted)} district"
            f"{'s' if len(unballoted) > 1 else ''} of law {law.id!r}: {shown} (give ballots, "
            "or tabulate partially to count only the districts given)"
        )
    missing = tuple(dict.fromkeys(count.missing + list(unballoted)))
    if missing and not partial:
        shown = ", ".join(missing[:6]) + (", …" if len(missing) > 6 else "")
        raise DataError(
            f"the results have no votes for {len(missing)} district"
            f"{'s' if len(missing) > 1 else ''} of law {law.id!r}: {shown} "
            "(tabulate them partially to count only the districts given)"
        )
    seats: dict[str, int] = {}
    districts: dict[str, dict[str, int]] = {}
    elected: list[Elected] = []
    steps: list[TraceStep] = []
    ties: list[Tie] = []
    tiers: dict[str, dict[str, int]] = {}
    for tier in law.tiers:
        result = count.done[tier.id]
        steps.extend(result.steps)
        ties.extend(result.ties)
        if tier.id in law.covered_tiers:
            continue
        tiers[tier.id] = result.by_list()
        elected.extend(result.elected)
        for name, by_list in result.seats.items():
            target = districts.setdefault(name, {})
            for party, number in by_list.items():
                target[party] = target.get(party, 0) + number
                seats[party] = seats.get(party, 0) + number
    ordered = dict(sorted(seats.items(), key=lambda item: -item[1]))
    return Outcome(
        law=law.id,
        total_seats=sum(seats.values()),
        seats=ordered,
        districts=districts,
        elected=tuple(elected),
        steps=tuple(steps),
        ties=tuple(ties),
        missing_districts=missing,
        seed=seed,
        tiers=tiers,
    )


__all__ = ["tabulate"]
