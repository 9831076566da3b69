"""Gender quotas and the replacement of winners that honours them.

``district_minimum`` (Iraq, Law 9/2020 art. 16): a district that elected fewer women than it
owes gives the seat of its lowest-voted winning man to its highest-voted woman not elected,
until it has them.

``list_stages`` (Iraq, Law 12/2018 as amended by Law 4/2023): each list that won seats owes
``floor(seats / d)`` women for the first divisor ``d`` (4: one woman in every four seats); its
highest-voted woman not elected replaces its lowest-voted man. Each further divisor (3) applies
in the same way while the district has fewer women than it owes. Then, while it is still short,
the woman with most votes not elected on a list that won seats replaces the lowest-voted man of
her own list; between women with equal votes the list with more votes goes first.
A list's seats never change; only who holds them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hemicycle.errors import DataError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.candidates import best, candidate_tie_break, worst
from hemicycle.law.outcome import Elected, TraceStep
from hemicycle.law.schema import District, GenderQuota, Tier, Ties


class _Seats:
    def __init__(
        self,
        tier: Tier,
        district: District,
        ballots: DistrictBallots,
        elected: Sequence[Elected],
        quota: GenderQuota,
        ties: Ties,
        seed: str | None,
    ) -> None:
        self.tier, self.district, self.ballots, self.quota = tier, district, ballots, quota
        self.elected = list(elected)
        self.ties, self.seed = ties, seed
        self.steps: list[TraceStep] = []

    def is_woman(self, party: str, name: str) -> bool:
        row = self.ballots.candidates_of(party).get(name)
        gender = row.gender if row is not None else None
        if gender is None:
            raise DataError(
                f"the gender quota needs the gender of candidate {name!r} of {party!r} in "
                f"{self.district.id!r}"
            )
        return gender == self.quota.women

    def women(self, party: str | None = None) -> int:
        return sum(
            1
            for e in self.elected
            if (party is None or e.list == party) and self.is_woman(e.list, e.candidate)
        )

    def votes(self, party: str, name: str) -> int:
        return self.ballots.votes_of(party, name)

    def lowest_man(self, party: str | None) -> Elected | None:
        men = [
            e
            for e in self.elected
            if (party is None or e.list == party) and not self.is_woman(e.list, e.candidate)
        ]
        if not men:
            return None
        labels = {f"{e.candidate}\x1f{e.list}": e for e in men}
        roster = {
            label: self.ballots.candidates_of(e.list)[e.candidate] for label, e in labels.items()
        }
        key = {label: self.votes(e.list, e.candidate) for label, e in labels.items()}
        rule = candidate_tie_break(self.ties, self.seed, roster)
        # the man to give up his seat is the one who would be elected last
        return labels[worst(list(labels), key, rule)]

    def best_woman(self, parties: Sequence[str]) -> tuple[str, str] | None:
        """The woman not elected with most votes on ``parties``; equal votes: the list with
        more votes first (Law 4/2023), then the law's tie rule."""
        taken = {(e.list, e.candidate) for e in self.elected}
        pool = [
            (party, name)
            for party in parties
            for name in self.ballots.candidates_of(party)
            if (party, name) not in taken and self.is_woman(party, name)
        ]
        if not pool:
            return None
        labels = {f"{n}\x1f{p}": (p, n) for p, n in pool}
        roster = {label: self.ballots.candidates_of(p)[n] for label, (p, n) in labels.items()}
        rule = candidate_tie_break(self.ties, self.seed, roster)
        list_votes = {label: self.ballots.lists.get(p, 0) for label, (p, _) in labels.items()}
        # personal votes first, then list votes, compared at once and exactly
        scale = max(list_votes.values()) + 1
        composite = {
            label: self.votes(p, n) * scale + list_votes[label] for label, (p, n) in labels.items()
        }
        return labels[best(list(labels), composite, 1, rule)[0]]

    def replace(self, man: Elected, party: str, woman: str, reason: str) -> None:
        index = self.elected.index(man)
        self.elected[index] = Elected(
            district=man.district,
            list=party,
            candidate=woman,
            how="women_quota",
            votes=self.votes(party, woman),
        )
        self.steps.append(
            TraceStep(
                tier=self.tier.id,
                district=self.district.id,
                kind="replaced",
                text=f"{woman} ({party}, {self.votes(party, woman)} votes) replaces "
                f"{man.candidate} ({man.list}, {self.votes(man.list, man.candidate)} votes): "
                f"{reason}",
            )
        )


def apply_gender_quota(
    tier: Tier,
    district: District,
    ballots: DistrictBallots,
    elected: Sequence[Elected],
    *,
    ties: Ties,
    seed: str | None,
) -> tuple[tuple[Elected, ...], tuple[TraceStep, ...]]:
    """The elected members after the tier's gender quota, and the replacements made."""
    quota = tier.gender_quota
    if quota is None or not elected:
        return tuple(elected), ()
    state = _Seats(tier, district, ballots, elected, quota, ties, seed)
    owed = district.women or 0
    if quota.rule == "district_minimum":
        while state.women() < owed:
            man = state.lowest_man(None)
            found = state.best_woman(list(ballots.lists))
            if man is None or found is None:
                break
            state.replace(man, found[0], found[1], f"{district.id} owes {owed} women")
    else:
        seats: dict[str, int] = {}
        for e in state.elected:
            seats[e.list] = seats.get(e.list, 0) + 1
        for stage, divisor in enumerate(quota.divisors):
            if stage > 0 and state.women() >= owed:
                break
            for party, count in seats.items():
                due = count // divisor
                while state.women(party) < due:
                    man = state.lowest_man(party)
                    found = state.best_woman([party])
                    if man is None or found is None:
                        break
                    state.replace(
                        man, party, found[1], f"{party} owes {due} women of {count} seats"
                    )
        while state.women() < owed:
            with_men = [p for p in seats if state.lowest_man(p) is not None]
            found = state.best_woman(with_men)
            if found is None:
                break
            man = state.lowest_man(found[0])
            if man is None:
                break
            state.replace(man, found[0], found[1], f"{district.id} owes {owed} women")
    if state.women() < owed:
        state.steps.append(
            TraceStep(
                tier=tier.id,
                district=district.id,
                kind="vacant",
                text=f"{district.id} owes {owed} women but only {state.women()} could be seated",
            )
        )
    return tuple(state.elected), tuple(state.steps)


__all__ = ["apply_gender_quota"]
