"""The single transferable vote with the Droop quota, counted exactly.

The count (Droop 1881; Newland & Britton, *How to conduct an election by the single
transferable vote*, ERS 1972/1997):

1. The quota is ``floor(valid / (seats + 1)) + 1`` (SSI 2007/42 Sch. 1 r. 46; Electoral Law
   Act (NI) 1962 Sch. 5 r. 48). A candidate whose votes reach it is deemed elected.
2. The surplus of an elected candidate (votes above the quota) is transferred to the next
   available preferences, largest surplus first:

   - **Gregory** (last parcel): only the papers in the parcel that took the candidate over
     the quota move, each at ``surplus / transferable papers`` (never above the value it came
     with); if those papers are worth no more than the surplus they move at their own value
     (Electoral Law Act (NI) 1962 Sch. 5 r. 49).
   - **Weighted inclusive Gregory** (WIGM): every paper of the candidate moves, at
     ``surplus × its value / the candidate's votes`` (SSI 2007/42 Sch. 1 r. 48).
   - **Meek**: see :mod:`hemicycle.core.meek`.

3. When no surplus is to be transferred, the candidate with fewest votes is excluded and all
   their papers move at the value at which they were received (SSI 2007/42 Sch. 1 r. 50;
   Electoral Law Act (NI) 1962 Sch. 5 r. 51, which moves the first-preference papers first,
   then the transferred papers by transfer value, highest first).
4. When the continuing candidates are no more than the vacancies, they are elected.

Arithmetic is exact (:class:`~fractions.Fraction`); a law that rounds says so in its
:class:`STVRules` (``decimals``: transfer values truncated, "any remainder being ignored"), and
the value lost to rounding is recorded as non-transferable, so that the totals and the
non-transferable value always add up to the valid votes.

Ties are resolved only by the law's rule: the earlier stages (``tie_history``), then the
declared tie rule (``tie_break``, a drawing of lots with its seed recorded). With no rule a tie
raises :class:`~hemicycle.errors.TieError`.

>>> from hemicycle.core.ballots import Ballots
>>> box = Ballots.from_rankings({("A", "B"): 60, ("B",): 25, ("C", "B"): 15})
>>> result = stv(box, 2, transfer="wigm")
>>> result.quota, result.elected
(Fraction(34, 1), ('A', 'B'))
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount, Stage, decimal_text
from hemicycle.core.meek import meek_count
from hemicycle.core.result import Step
from hemicycle.core.stv_count import CountState
from hemicycle.core.stv_rules import (
    NORTHERN_IRELAND,
    RULES,
    SCOTTISH,
    STVRules,
    droop_quota,
    resolve_rules,
    truncate,
)
from hemicycle.core.ties import REFUSE, TieBreak, parse_tie_break
from hemicycle.errors import DataError
from hemicycle.types import CandidateId

# --- the count --------------------------------------------------------------------------


@dataclass(slots=True)
class _Parcel:
    """Papers held by a candidate that arrived in one transfer, at one value each."""

    event: int
    first: bool
    value: Fraction
    papers: list[tuple[int, int, int]]  # (ranking index, position in ranking, count)


@dataclass(slots=True)
class _StageDraft:
    action: str
    subjects: tuple[CandidateId, ...] = ()
    values: list[Fraction] = field(default_factory=list)
    changes: dict[CandidateId, Fraction] = field(default_factory=dict)
    non_transferable: Fraction = Fraction(0)
    exhausted: Fraction = Fraction(0)
    elected: list[CandidateId] = field(default_factory=list)
    excluded: list[CandidateId] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Count(CountState):
    """The state of a Gregory or WIGM count."""

    def __init__(self, ballots: Ballots, seats: int, rules: STVRules, tie_break: TieBreak):
        super().__init__(ballots, seats, rules, tie_break)
        if rules.quota == "droop":
            self.quota = droop_quota(self.valid, seats)
        else:
            self.quota = Fraction(self.valid, seats + 1)
        self.parcels: dict[CandidateId, list[_Parcel]] = {c: [] for c in self.candidates}
        self.continuing = list(self.candidates)
        self.pending: list[CandidateId] = []  # elected with a surplus not yet transferred
        self.event = 0

    # -- helpers ---------------------------------------------------------------------------

    def reached(self, votes: Fraction) -> bool:
        if self.rules.quota == "droop":
            return votes >= self.quota
        return votes > self.quota

    @property
    def vacancies(self) -> int:
        return self.seats - len(self.elected)

    def surplus(self, candidate: CandidateId) -> Fraction:
        return max(self.votes[candidate] - self.quota, Fraction(0))

    def next_preference(self, index: int, position: int) -> tuple[CandidateId, int] | None:
        ranking = self.rankings[index][0]
        continuing = self.continuing
        for place in range(position + 1, len(ranking)):
            if ranking[place] in continuing:
                return ranking[place], place
        return None

    def move(
        self, papers: list[tuple[int, int, int]]
    ) -> tuple[dict[CandidateId, list[tuple[int, int, int]]], int]:
        """Sort papers by next available preference; returns the sub-parcels and the number
        of non-transferable papers."""
        groups: dict[CandidateId, list[tuple[int, int, int]]] = {}
        dead = 0
        for index, position, count in papers:
            found = self.next_preference(index, position)
            if found is None:
                dead += count
            else:
                groups.setdefault(found[0], []).append((index, found[1], count))
        return groups, dead

    def credit(
        self,
        groups: dict[CandidateId, list[tuple[int, int, int]]],
        value: Fraction,
        draft: _StageDraft,
        *,
        cap: Fraction | None = None,
    ) -> Fraction:
        """Give each sub-parcel to its candidate at ``value`` a paper; returns the total."""
        total = Fraction(0)
        for candidate, papers in groups.items():
            count = sum(n for _, _, n in papers)
            paper_value = value if cap is None else min(value, cap)
            gain = paper_value * count
            self.parcels[candidate].append(
                _Parcel(event=self.event, first=False, value=paper_value, papers=papers)
            )
            self.votes[candidate] += gain
            draft.changes[candidate] = draft.changes.get(candidate, Fraction(0)) + gain
            total += gain
        return total

    def record(self, draft: _StageDraft) -> None:
        totals = {c: self.votes[c] for c in self.candidates}
        self.history.append(totals)
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=draft.action,
                subjects=draft.subjects,
                transfer_values=tuple(draft.values),
                changes=MappingProxyType(
                    {c: draft.changes.get(c, Fraction(0)) for c in self.candidates}
                ),
                totals=MappingProxyType(totals),
                non_transferable=draft.non_transferable,
                exhausted=draft.exhausted,
                elected=tuple(draft.elected),
                excluded=tuple(draft.excluded),
                quota=self.quota,
                text=" ".join(draft.text),
            )
        )

    def amend_last(self, elected: list[CandidateId], text: str) -> None:
        last = self.stages[-1]
        self.stages[-1] = replace(
            last, elected=last.elected + tuple(elected), text=f"{last.text} {text}".strip()
        )

    def elect(self, candidates: list[CandidateId], draft: _StageDraft | None, how: str) -> None:
        for candidate in candidates:
            self.continuing.remove(candidate)
            self.elected.append(candidate)
            if self.surplus(candidate) > 0:
                self.pending.append(candidate)
            if draft is not None:
                draft.elected.append(candidate)
            self.note_elected(candidate, how)

    def elect_reaching(self, draft: _StageDraft) -> None:
        """Deem elected every continuing candidate at or over the quota, most votes first."""
        reaching = [c for c in self.continuing if self.reached(self.votes[c])]
        if not reaching:
            return
        reaching.sort(key=lambda c: -self.votes[c])
        if len(reaching) > self.vacancies:
            # Only possible with a quota below Droop's; the law's tie rule decides who is first.
            picked = self.choose(reaching, self.vacancies, lowest=False)
            reaching = list(picked)
        self.elect(reaching, draft, "reaches the quota")
        stage = len(self.stages) + 1
        draft.text.append(f"{', '.join(reaching)} elected at stage {stage}.")

    # -- the stages ------------------------------------------------------------------------

    def first_stage(self) -> None:
        draft = _StageDraft(action="first")
        papers: dict[CandidateId, list[tuple[int, int, int]]] = {}
        for index, (ranking, weight) in enumerate(self.rankings):
            papers.setdefault(ranking[0], []).append((index, 0, weight))
            self.votes[ranking[0]] += weight
        for candidate, held in papers.items():
            self.parcels[candidate].append(
                _Parcel(event=0, first=True, value=Fraction(1), papers=held)
            )
            draft.changes[candidate] = self.votes[candidate]
        draft.text.append(
            f"First preferences of {self.valid:,} valid papers; quota {decimal_text(self.quota)}."
        )
        self.steps.append(
            Step(
                kind="quota",
                text=f"quota {decimal_text(self.quota)} for {self.seats} seats "
                f"and {self.valid:,} valid votes",
            )
        )
        self.elect_reaching(draft)
        self.record(draft)

    def pick_surplus(self) -> CandidateId:
        largest = max(self.surplus(c) for c in self.pending)
        tied = [c for c in self.pending if self.surplus(c) == largest]
        return self.choose(tied, 1, lowest=False)[0] if len(tied) > 1 else tied[0]

    def transfer_surplus(self, candidate: CandidateId) -> None:
        self.pending.remove(candidate)
        surplus = self.surplus(candidate)
        self.event += 1
        draft = _StageDraft(action="surplus", subjects=(candidate,))
        draft.changes[candidate] = -surplus
        if self.rules.transfer == "wigm":
            moved = self.wigm(candidate, surplus, draft)
            exhausted = draft.exhausted
        else:
            moved, exhausted = self.gregory(candidate, surplus, draft)
        self.votes[candidate] = self.quota
        draft.non_transferable = surplus - moved
        draft.exhausted = exhausted
        values = ", ".join(decimal_text(v) for v in draft.values) or "none"
        draft.text.append(
            f"Surplus of {candidate} ({decimal_text(surplus)}) transferred at {values}; "
            f"non-transferable {decimal_text(draft.non_transferable)}."
        )
        self.steps.append(
            Step(
                kind="surplus",
                text=f"stage {len(self.stages) + 1}: surplus {decimal_text(surplus)} of "
                f"{candidate} transferred at {values}",
                unit=candidate,
            )
        )
        self.elect_reaching(draft)
        self.record(draft)

    def wigm(self, candidate: CandidateId, surplus: Fraction, draft: _StageDraft) -> Fraction:
        """SSI 2007/42 Sch. 1 r. 48(3): each paper at surplus × its value / total votes."""
        total_votes = self.votes[candidate]
        moved = Fraction(0)
        by_value: dict[Fraction, list[tuple[int, int, int]]] = {}
        for parcel in self.parcels[candidate]:
            by_value.setdefault(parcel.value, []).extend(parcel.papers)
        for value in sorted(by_value, reverse=True):
            transfer_value = truncate(surplus * value / total_votes, self.rules.decimals)
            groups, dead = self.move(by_value[value])
            draft.values.append(transfer_value)
            moved += self.credit(groups, transfer_value, draft)
            draft.exhausted += transfer_value * dead
        return moved

    def gregory(
        self, candidate: CandidateId, surplus: Fraction, draft: _StageDraft
    ) -> tuple[Fraction, Fraction]:
        """Electoral Law Act (NI) 1962 Sch. 5 r. 49: the last parcel received moves, each
        transferable paper at surplus / transferable papers (truncated), never above the value
        at which it was received; if the transferable papers are worth no more than the
        surplus they move at their own value. Returns the value moved and the value left
        behind on papers with no next preference."""
        parcels = self.parcels[candidate]
        last_event = max(p.event for p in parcels)
        last = [p for p in parcels if p.event == last_event]
        sorted_parcels = []
        papers_count = 0
        worth = Fraction(0)
        for parcel in last:
            groups, _ = self.move(parcel.papers)
            count = sum(n for papers in groups.values() for _, _, n in papers)
            papers_count += count
            worth += parcel.value * count
            sorted_parcels.append((parcel.value, groups))
        if papers_count == 0:
            return Fraction(0), surplus
        if worth <= surplus:
            moved = Fraction(0)
            for value, groups in sorted_parcels:
                draft.values.append(value)
                moved += self.credit(groups, value, draft)
            return moved, surplus - moved
        transfer_value = truncate(surplus / papers_count, self.rules.decimals)
        draft.values.append(transfer_value)
        moved = Fraction(0)
        for value, groups in sorted_parcels:
            moved += self.credit(groups, transfer_value, draft, cap=value)
        return moved, Fraction(0)

    def deferred(self) -> bool:
        """Electoral Law Act (NI) 1962 Sch. 5 r. 49(10): surpluses that cannot lift the
        lowest candidate (or the group of lowest candidates) above the next are not
        transferred."""
        if not self.rules.defer_surpluses:
            return False
        total = sum((self.surplus(c) for c in self.pending), Fraction(0))
        ordered = sorted(self.votes[c] for c in self.continuing)
        if len(ordered) < 2:
            return False
        if total < ordered[1] - ordered[0]:
            return True
        return self.bulk_size(total) >= 2

    def bulk_size(self, surplus: Fraction) -> int:
        """The largest number of lowest candidates whose votes, with ``surplus``, are fewer
        than the next candidate's, leaving enough candidates for the vacancies."""
        ordered = sorted(self.votes[c] for c in self.continuing)
        best = 0
        running = Fraction(0)
        for k in range(1, len(self.continuing) - self.vacancies + 1):
            running += ordered[k - 1]
            if k < len(ordered) and running + surplus < ordered[k]:
                best = k
        return best

    def losers(self) -> list[CandidateId]:
        """The candidates to exclude now."""
        surplus = sum((self.surplus(c) for c in self.pending), Fraction(0))
        if self.rules.bulk_exclusion:
            size = self.bulk_size(surplus)
            if size >= 2:
                return sorted(self.continuing, key=lambda c: self.votes[c])[:size]
        if self.rules.zero_exclusion:
            zero = [c for c in self.continuing if self.votes[c] == 0]
            if len(zero) >= 2 and len(self.continuing) - len(zero) >= self.vacancies:
                return zero
        lowest = min(self.votes[c] for c in self.continuing)
        tied = [c for c in self.continuing if self.votes[c] == lowest]
        if len(tied) == 1:
            return tied
        return list(self.choose(tied, 1, lowest=True))

    def exclude(self, losers: list[CandidateId]) -> None:
        draft = _StageDraft(action="exclusion", subjects=tuple(losers))
        for loser in losers:
            self.continuing.remove(loser)
            self.excluded.append(loser)
            draft.excluded.append(loser)
            draft.changes[loser] = -self.votes[loser]
            self.note_excluded(loser)
        parcels = [p for loser in losers for p in self.parcels[loser]]
        if self.rules.exclusion_by_parcels:
            # r. 51(2)-(9): first-preference papers first, then by transfer value, highest first.
            batches: list[tuple[Fraction, list[tuple[int, int, int]]]] = []
            firsts = [paper for p in parcels if p.first for paper in p.papers]
            if firsts:
                batches.append((Fraction(1), firsts))
            by_value: dict[Fraction, list[tuple[int, int, int]]] = {}
            for parcel in parcels:
                if not parcel.first:
                    by_value.setdefault(parcel.value, []).extend(parcel.papers)
            batches.extend((v, by_value[v]) for v in sorted(by_value, reverse=True))
        else:
            merged: dict[Fraction, list[tuple[int, int, int]]] = {}
            for parcel in parcels:
                merged.setdefault(parcel.value, []).extend(parcel.papers)
            batches = [(v, merged[v]) for v in sorted(merged, reverse=True)]
        self.event += 1
        for value, papers in batches:
            if self.rules.exclusion_by_parcels:
                self.event += 1
            groups, dead = self.move(papers)
            draft.values.append(value)
            self.credit(groups, value, draft)
            draft.exhausted += value * dead
            if self.rules.exclusion_by_parcels:
                self.elect_reaching(draft)
        for loser in losers:
            self.votes[loser] = Fraction(0)
            self.parcels[loser] = []
        draft.non_transferable = draft.exhausted
        draft.text.insert(
            0,
            f"{', '.join(losers)} excluded; papers transferred at "
            f"{', '.join(decimal_text(v) for v in draft.values) or 'no value'}; "
            f"non-transferable {decimal_text(draft.exhausted)}.",
        )
        if not self.rules.exclusion_by_parcels:
            self.elect_reaching(draft)
        self.record(draft)

    def fill_last(self) -> bool:
        """SSI 2007/42 Sch. 1 r. 52 and its equivalents: the last vacancies are filled without
        further transfer. Returns True when the count is over."""
        if not self.vacancies:
            return True
        if len(self.continuing) <= self.vacancies:
            remaining = sorted(self.continuing, key=lambda c: -self.votes[c])
            self.elect(remaining, None, "elected as the continuing candidates fill the vacancies")
            self.amend_last(
                remaining,
                f"{', '.join(remaining)} elected: continuing candidates no more than vacancies.",
            )
            return True
        if self.rules.last_vacancy_rule and self.vacancies == 1:
            surplus = sum((self.surplus(c) for c in self.pending), Fraction(0))
            leader = max(self.continuing, key=lambda c: self.votes[c])
            others = sum((self.votes[c] for c in self.continuing if c != leader), Fraction(0))
            if self.votes[leader] >= others + surplus:
                self.elect([leader], None, "elected: more votes than all others together")
                self.amend_last(
                    [leader], f"{leader} elected: votes not less than all others together."
                )
                return True
        return False

    def run(self) -> None:
        self.first_stage()
        while not self.fill_last():
            if self.pending and not self.deferred():
                self.transfer_surplus(self.pick_surplus())
                continue
            if self.pending:
                self.steps.append(
                    Step(
                        kind="deferred",
                        text=f"stage {len(self.stages) + 1}: surplus of "
                        f"{', '.join(self.pending)} deferred (cannot affect the exclusion)",
                    )
                )
            self.exclude(self.losers())


def stv(
    ballots: Ballots,
    seats: int,
    *,
    transfer: str | None = None,
    rules: str | STVRules | None = None,
    tie_break: str | TieBreak | None = REFUSE,
) -> CandidateCount:
    """Count ranked ballots by the single transferable vote.

    Args:
        ballots: the ranked ballots.
        seats: the number of seats (vacancies).
        transfer: ``gregory``, ``wigm`` (default) or ``meek``.
        rules: a named rule set (``"scottish"``, ``"northern_ireland"``) or :class:`STVRules`.
        tie_break: the rule for ties the law's earlier-stage rule leaves unresolved:
            ``"refuse"`` (default), ``"votes"`` (more first preferences), ``"lot:SEED"``.

    Under the Northern Irish rules C and D tie at stage 2 and the earlier stage decides:

    >>> box = Ballots.from_rankings({("A", "C"): 40, ("B",): 30, ("C",): 12, ("D", "B"): 18})
    >>> result = stv(box, 2, rules="northern_ireland")
    >>> result.elected, [stage.action for stage in result.stages], result.ties[0].rule
    (('A', 'B'), ['first', 'surplus', 'exclusion'], 'stages:forward')
    """
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise DataError(f"seats must be a whole number >= 1 (got {seats!r})")
    chosen = resolve_rules(transfer, rules)
    rule = parse_tie_break(tie_break)
    if chosen.transfer == "meek":
        return meek_count(ballots, seats, chosen, rule)
    count = _Count(ballots, seats, chosen, rule)
    count.run()
    return count.result(count.quota, {**chosen.describe(), "tie_break": rule.name})


__all__ = [
    "NORTHERN_IRELAND",
    "RULES",
    "SCOTTISH",
    "STVRules",
    "droop_quota",
    "resolve_rules",
    "stv",
    "truncate",
]
