"""A law applied to many simulated vote tables at once: list tiers on the core's batch path.

:class:`Electorate` turns national shares into votes in every district by *uniform swing*: a
list gains or loses, in every district where it stands, the points its national share moved
from the baseline (Butler 1947, in McCallum and Readman, *The British General Election of
1945*, appendix; Curtice and Steed's "uniform change"), shares below zero are cut to zero and
each district is rescaled to one. With one district the swing is the draw itself.

:class:`LawPlan` applies a law's list tiers to those votes. Each district of a ``district`` tier
and each ``national`` tier (its regions' or another tier's votes summed) is one allocation:
thresholds (national, district, electoral quotients, constituency wins, exemptions) are tested
exactly in integers as :func:`hemicycle.law.thresholds.qualifies` does, excluded lists leave the
quotient, and the seats come from :func:`hemicycle.core.batch.apportion_batch`, which is exact
row by row. Options the batch path does not take (bounds, custom divisors, blank ballots in the
quotient, remainders only for quota winners) send a row to the law engine's own
:func:`hemicycle.law.lists.allocate_lists`. Tiers that elect candidates cannot be drawn from list
shares: their seats are tabulated once from the baseline results and held fixed (or, without
results for them, left outside the projection). Additional-member and levelling tiers depend on
the seats of earlier tiers and are refused.

A tie in a simulated table is decided by the law's chain for lists, ending in a lot drawn from
the simulation's seed where the law would refuse it (a projection cannot stop at one draw).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from hemicycle.core.batch import any_in_row, apportion_batch, row_totals
from hemicycle.core.methods import get_method
from hemicycle.errors import DataError, LawError
from hemicycle.law.engine import tabulate
from hemicycle.law.lists import allocate_lists
from hemicycle.law.outcome import Elected
from hemicycle.law.schema import Law, TieKey, Tier, Ties
from hemicycle.law.thresholds import Standing, share
from hemicycle.law.ties import ChainTieBreak
from hemicycle.types import Results

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, kw_only=True)
class Electorate:
    """Baseline shares of every list in every district, district sizes, and who stands where.

    ``baseline`` is (districts × parties), each row summing to one; ``sizes`` the valid votes of
    each district; ``stands`` whether a list stands in a district (a list absent from the
    baseline stands everywhere). ``centre`` is the national baseline, the size-weighted mean.

    >>> e = Electorate.of(["A", "B"], ["North", "South"], [[60, 40], [20, 80]], [1000, 1000])
    >>> e.centre.tolist()
    [0.4, 0.6]
    >>> e.votes(np.array([[0.5, 0.5]])).tolist()
    [[[700, 300], [300, 700]]]
    """

    parties: tuple[str, ...]
    districts: tuple[str, ...]
    baseline: FloatArray
    sizes: IntArray
    stands: BoolArray
    blank: IntArray
    other: IntArray

    @classmethod
    def of(
        cls,
        parties: Sequence[str],
        districts: Sequence[str],
        weights: npt.ArrayLike,
        sizes: npt.ArrayLike,
        *,
        new: Sequence[str] = (),
        blank: npt.ArrayLike | None = None,
        other: npt.ArrayLike | None = None,
    ) -> Electorate:
        """From votes or shares per district (any scale; each row is normalised).

        ``new`` names lists that have no baseline: they stand in every district. ``blank`` are
        blank ballots per district (counted in a quotient where the law says so); ``other`` are
        valid votes of lists outside the projection, held fixed: they count in the share of
        the valid vote nationally (Bundeswahlgesetz §4(2)) and win nothing.
        """
        table = np.asarray(weights, dtype=np.float64).reshape(len(districts), len(parties))
        size = np.asarray(sizes, dtype=np.int64).reshape(len(districts))
        if not np.isfinite(table).all() or (table < 0).any():
            raise DataError("district shares must be finite and non-negative")
        totals = table.sum(axis=1, keepdims=True)
        stands = table > 0
        for index, party in enumerate(parties):
            if party in new:
                stands[:, index] = True
        for index, district in enumerate(districts):
            if totals[index, 0] <= 0 and not stands[index].any():
                raise DataError(f"district {district!r} has no list with a share or votes")
            if size[index] <= 0:
                raise DataError(f"district {district!r} needs a positive number of valid votes")
        shares = np.divide(table, totals, out=np.zeros_like(table), where=totals > 0)
        zero = np.zeros(len(districts), dtype=np.int64)
        blanks = zero if blank is None else np.asarray(blank, dtype=np.int64)
        others = zero if other is None else np.asarray(other, dtype=np.int64)
        return cls(
            parties=tuple(parties),
            districts=tuple(districts),
            baseline=shares,
            sizes=size,
            stands=stands,
            blank=blanks,
            other=others,
        )

    @property
    def centre(self) -> FloatArray:
        """National baseline shares: each district's shares weighted by its valid votes."""
        weights = self.sizes.astype(np.float64)
        result: FloatArray = (self.baseline * weights[:, None]).sum(axis=0) / weights.sum()
        return result

    def shares(self, national: FloatArray) -> FloatArray:
        """District shares (draws × districts × parties) after a uniform swing to ``national``."""
        if len(self.districts) == 1 and self.stands.all():
            return national[:, None, :]  # one district where every list stands: the draw itself
        moved = self.baseline[None, :, :] + (national - self.centre)[:, None, :]
        moved = np.where(self.stands[None, :, :], np.clip(moved, 0.0, None), 0.0)
        totals = moved.sum(axis=2, keepdims=True)
        result: FloatArray = np.where(
            totals > 0, moved / np.where(totals > 0, totals, 1.0), self.baseline[None, :, :]
        )
        return result

    def votes(self, national: FloatArray) -> IntArray:
        """Whole votes (draws × districts × parties): the swung shares of each district's size."""
        swung = self.shares(national)
        result: IntArray = np.rint(swung * self.sizes[None, :, None]).astype(np.int64)
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedSeats:
    """Seats of the tiers that elect candidates, tabulated once from the baseline results.

    ``elected`` maps a tier id to its winners; ``missing`` lists the districts of such tiers that
    had no results, and ``outside`` counts their seats (outside the projection but in the
    house; none for a tier whose winners a later tier covers). As in a partial tabulation, a
    district without results wins no constituency for a threshold and seats no one.
    """

    elected: Mapping[str, tuple[Elected, ...]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    outside: int = 0


def candidate_tiers(law: Law) -> tuple[Tier, ...]:
    """Tiers that elect candidates directly (SNTV, FPTP…)."""
    return tuple(tier for tier in law.tiers if tier.elects_candidates)


def list_districts(law: Law) -> tuple[str, ...]:
    """Districts whose list votes the law's list tiers read, in order of first appearance."""
    names: dict[str, None] = {}
    for tier in law.tiers:
        if tier.elects_candidates:
            continue
        if tier.kind in {"additional", "levelling"}:
            raise LawError(
                f"tier {tier.id!r} is an {tier.kind} tier: its seats depend on the seats of "
                "earlier tiers, which a projection does not draw; simulate supports district "
                "and national list tiers",
                file=law.id,
            )
        threshold = tier.threshold
        if threshold is not None and (threshold.regions is not None or threshold.base != "valid"):
            what = "regions" if threshold.regions is not None else "votes cast"
            raise LawError(
                f"tier {tier.id!r} has a threshold in {what}, which simulate does not draw; "
                "it supports shares of the valid vote, electoral quotients and constituency wins",
                file=law.id,
            )
        if tier.kind == "national" and not tier.districts:
            for district in law.tier(tier.uses or "").districts:
                names.setdefault(district.id, None)
        for district in tier.districts:
            names.setdefault(district.id, None)
    if not names:
        raise LawError("the law has no list tier to simulate", file=law.id)
    return tuple(names)


def fix_candidate_tiers(law: Law, baseline: Results | None, *, seed: str) -> FixedSeats:
    """Tabulate the candidate tiers on ``baseline`` with the law engine, once."""
    elected: dict[str, tuple[Elected, ...]] = {}
    missing: list[str] = []
    outside = 0
    for tier in candidate_tiers(law):
        ids = {district.id for district in tier.districts}
        rows = tuple(row for row in (baseline.rows if baseline else ()) if row.district in ids)
        present = {row.district for row in rows}
        absent = [d for d in tier.districts if d.id not in present]
        missing.extend(d.id for d in absent)
        if tier.id not in law.covered_tiers:
            outside += sum(d.seats or 0 for d in absent)
        if baseline is None or not rows:
            continue
        alone = law.model_copy(update={"tiers": (tier,)})
        outcome = tabulate(
            alone,
            Results(
                rows=rows,
                candidates=tuple(c for c in baseline.candidates if c.district in ids),
                totals=tuple(t for t in baseline.totals if t.district in ids),
            ),
            partial=True,
            seed=seed,
        )
        elected[tier.id] = outcome.elected
    return FixedSeats(elected=elected, missing=tuple(missing), outside=outside)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListCount:
    """One allocation among lists: a district of a district tier, or a national tier."""

    tier: Tier
    where: str
    members: tuple[int, ...]
    seats: int


def _tie_chain(law: Law) -> tuple[TieKey, ...]:
    kept = tuple(key for key in law.ties.lists if key not in {"lot", "refuse"})
    return (*kept, "lot")


def _batchable(tier: Tier, blank: int) -> bool:
    if tier.formula == "divisors" or tier.remainders != "all":
        return False
    if tier.blank_in_quota and blank:
        return False
    entry = get_method(tier.formula)
    if entry.divisor is None and entry.quota is None:
        return False
    if tier.min_seats:
        # every unit with votes wins a seat anyway where the first divisor is zero
        return tier.min_seats == 1 and entry.divisor is not None and entry.divisor.divisor(0) == 0
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class LawPlan:
    """A law compiled against an electorate: the allocations to make for every draw.

    ``parties`` are the output columns: the electorate's lists, then lists that only hold fixed
    seats. ``fixed`` holds each column's fixed seats; ``house_size`` is the law's.
    """

    law: Law
    electorate: Electorate
    counts: tuple[ListCount, ...]
    parties: tuple[str, ...]
    fixed: IntArray
    outside: int
    house_size: int
    wins: Mapping[str, Mapping[str, int]]
    tie_seed: str

    @classmethod
    def of(cls, law: Law, electorate: Electorate, fixed: FixedSeats, *, tie_seed: str) -> LawPlan:
        """Compile ``law`` for ``electorate``; every list district must be in it."""
        index = {name: i for i, name in enumerate(electorate.districts)}
        needed = list_districts(law)
        missing = [name for name in needed if name not in index]
        if missing:
            shown = ", ".join(missing[:6]) + (", …" if len(missing) > 6 else "")
            raise DataError(
                f"the projection has no votes for {len(missing)} district"
                f"{'s' if len(missing) > 1 else ''} of law {law.id!r}: {shown}"
            )
        extra = [name for name in electorate.districts if name not in needed]
        if extra:
            raise DataError(f"district {extra[0]!r} is not a list district of law {law.id!r}")
        parties = list(electorate.parties)
        extra_seats: dict[str, int] = {}
        for tier in law.tiers:
            if tier.id in law.covered_tiers or tier.id not in fixed.elected:
                continue
            for member in fixed.elected[tier.id]:
                extra_seats[member.list] = extra_seats.get(member.list, 0) + 1
        counts: list[ListCount] = []
        for tier in law.tiers:
            if tier.elects_candidates:
                continue
            if tier.kind == "district":
                for district in tier.districts:
                    counts.append(
                        ListCount(
                            tier=tier,
                            where=district.id,
                            members=(index[district.id],),
                            seats=district.seats or 0,
                        )
                    )
                continue
            names = [d.id for d in (tier.districts or law.tier(tier.uses or "").districts)]
            seats = tier.seats or 0
            if tier.coverage is not None:
                # BWahlG §4(1): seats won without a party list are taken off the top
                for member in fixed.elected.get(tier.coverage, ()):
                    if member.list not in electorate.parties:
                        seats -= 1
                        extra_seats[member.list] = extra_seats.get(member.list, 0) + 1
            counts.append(
                ListCount(
                    tier=tier,
                    where=tier.id,
                    members=tuple(index[name] for name in names),
                    seats=seats,
                )
            )
        for name in extra_seats:
            if name not in parties:
                parties.append(name)
        column = {name: i for i, name in enumerate(parties)}
        held = np.zeros(len(parties), dtype=np.int64)
        for name, seats in extra_seats.items():
            held[column[name]] += seats
        wins: dict[str, dict[str, int]] = {}
        for tier_id, members in fixed.elected.items():
            table = wins.setdefault(tier_id, {})
            for member in members:
                table[member.list] = table.get(member.list, 0) + 1
        return cls(
            law=law,
            electorate=electorate,
            counts=tuple(counts),
            parties=tuple(parties),
            fixed=held,
            outside=fixed.outside,
            house_size=law.total_seats,
            wins=wins,
            tie_seed=tie_seed,
        )

    def seats(self, votes: IntArray) -> IntArray:
        """Seats of every output column for every draw of ``votes`` (draws × districts ×
        parties)."""
        rows = votes.shape[0]
        size = len(self.electorate.parties)
        result = np.zeros((rows, len(self.parties)), dtype=np.int64)
        result += self.fixed[None, :]
        scopes: dict[str, IntArray] = {}
        for count in self.counts:
            tier = count.tier
            if tier.id not in scopes:
                every = (
                    count.members
                    if tier.kind == "national"
                    else tuple(self.electorate.districts.index(d.id) for d in count.tier.districts)
                )
                scopes[tier.id] = (
                    votes[:, every[0], :]
                    if len(every) == 1
                    else votes[:, list(every), :].sum(axis=1)
                )
            here = (
                votes[:, count.members[0], :]
                if len(count.members) == 1
                else votes[:, list(count.members), :].sum(axis=1)
            )
            result[:, :size] += self._allocate(count, here, scopes[tier.id])
        return result

    def _eligible(self, count: ListCount, here: IntArray, national: IntArray) -> BoolArray:
        """Which lists pass the tier's threshold in every draw (any test suffices)."""
        threshold = count.tier.threshold
        if threshold is None:
            return np.ones(here.shape, dtype=bool)
        passed = np.zeros(here.shape, dtype=bool)
        parties = self.electorate.parties
        for name in threshold.exempt:
            if name in parties:
                passed[:, parties.index(name)] = True
        if threshold.national is not None:
            need = share(threshold.national)
            total = row_totals(national) + self._other(count)
            passed |= national * need.denominator >= need.numerator * total
        if threshold.district is not None:
            need = share(threshold.district)
            total = row_totals(here) + self._district_other(count)
            passed |= here * need.denominator >= need.numerator * total
        if threshold.quotas is not None:
            blank = self._blank(count) if count.tier.blank_in_quota else 0
            quota_total = row_totals(here) + blank
            passed |= here * count.seats >= threshold.quotas * quota_total
        if threshold.constituency_wins is not None:
            won = self.wins.get(threshold.wins_in or "", {})
            wins = np.array([won.get(name, 0) for name in parties], dtype=np.int64)
            passed |= (wins >= threshold.constituency_wins)[None, :]
        return passed

    def _other(self, count: ListCount) -> int:
        """Valid votes of lists outside the projection in the tier's threshold scope."""
        tier = count.tier
        scope = (
            count.members
            if tier.kind == "national"
            else [self.electorate.districts.index(d.id) for d in tier.districts]
        )
        return int(sum(int(self.electorate.other[i]) for i in scope))

    def _district_other(self, count: ListCount) -> int:
        """Valid votes of lists outside the projection in the district of a district tier (the
        law engine takes a district's shares of its valid votes)."""
        if count.tier.kind != "district":
            return 0
        return int(self.electorate.other[count.members[0]])

    def _blank(self, count: ListCount) -> int:
        return int(sum(int(self.electorate.blank[i]) for i in count.members))

    def _stands(self, count: ListCount) -> BoolArray:
        stands: BoolArray = np.asarray(self.electorate.stands[list(count.members)].any(axis=0))
        return stands

    def _allocate(self, count: ListCount, here: IntArray, national: IntArray) -> IntArray:
        tier = count.tier
        chain = ChainTieBreak(keys=_tie_chain(self.law), seed=self.tie_seed)
        keep = self._eligible(count, here, national)
        counted = np.where(keep, here, 0)
        seats = np.zeros(here.shape, dtype=np.int64)
        blank = self._blank(count)
        stands = self._stands(count)
        fast = np.zeros(here.shape[0], dtype=bool)
        if _batchable(tier, blank):
            fast[:] = True
            if tier.min_seats:
                fast &= (here[:, stands] > 0).all(axis=1)
        fast &= any_in_row(keep)
        if fast.all():
            return apportion_batch(
                counted,
                count.seats,
                method=tier.formula,
                first_divisor=tier.first_divisor,
                tie_break=chain,
            )
        if fast.any():
            seats[fast] = apportion_batch(
                counted[fast],
                count.seats,
                method=tier.formula,
                first_divisor=tier.first_divisor,
                tie_break=chain,
            )
        slow = np.flatnonzero(~fast)
        if slow.size:
            seats[slow] = self._exact_rows(count, here[slow], national[slow], stands)
        return seats

    def _exact_rows(
        self, count: ListCount, here: IntArray, national: IntArray, stands: BoolArray
    ) -> IntArray:
        """The law engine's own list allocation, one draw at a time."""
        parties = self.electorate.parties
        standing_names = [p for p, s in zip(parties, stands, strict=True) if s]
        ties = Ties(lists=_tie_chain(self.law))
        wins = self.wins.get(count.tier.threshold.wins_in or "" if count.tier.threshold else "", {})
        result = np.zeros(here.shape, dtype=np.int64)
        for row in range(here.shape[0]):
            votes = {p: int(v) for p, v, s in zip(parties, here[row], stands, strict=True) if s}
            standing = Standing(
                national=dict(zip(parties, (int(v) for v in national[row]), strict=True)),
                national_total=int(national[row].sum()) + self._other(count),
                wins=wins,
            )
            allocation = allocate_lists(
                count.tier,
                count.where,
                votes,
                seats=count.seats,
                blank=self._blank(count),
                standing=standing,
                ties=ties,
                seed=self.tie_seed,
                district_total=sum(votes.values()) + self._district_other(count),
            )
            for name in standing_names:
                result[row, parties.index(name)] = allocation.seats.get(name, 0)
        return result


__all__ = [
    "Electorate",
    "FixedSeats",
    "LawPlan",
    "ListCount",
    "candidate_tiers",
    "fix_candidate_tiers",
    "list_districts",
]
