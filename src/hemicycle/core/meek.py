"""STV by Meek's method: every paper passes through elected candidates, each keeping a share.

Meek (1969) and Hill, Wichmann & Woodall, "Algorithm 123 — Single transferable vote by Meek's
method", *Computer Journal* 30 (1987) 277-281; the rules of New Zealand local elections
(Local Electoral Regulations 2001, Sch. 1A):

- Each candidate has a *keep value*: 1 while hopeful, 0 once excluded, and for an elected
  candidate the share of each vote reaching them that they keep.
- A paper of weight ``w`` gives ``w × k₁`` to its first preference, ``w × (1 − k₁) × k₂`` to
  the next, and so on; what passes beyond the last preference is *excess* (non-transferable).
- The quota is ``(valid − excess) / (seats + 1)``; a hopeful candidate whose votes exceed it is
  elected.
- Keep values are updated ``k ← k × quota / votes`` (rounded up to ``meek_decimals`` places,
  as Algorithm 123 does) until the elected candidates' total surplus is below
  ``meek_tolerance`` or the keep values no longer change.
- Then, if no one new is elected, the hopeful candidate with fewest votes is excluded (keep
  value 0) and the iteration resumes.

Votes are exact fractions; only the keep values are rounded, so the votes of all candidates
and the excess always add up to the valid votes exactly.

>>> from hemicycle.core.ballots import Ballots
>>> from hemicycle.core.stv_rules import resolve_rules
>>> from hemicycle.core.ties import REFUSE
>>> box = Ballots.from_rankings({("A", "B"): 60, ("B",): 25, ("C", "B"): 15})
>>> meek_count(box, 2, resolve_rules("meek"), REFUSE).elected
('A', 'B')
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from types import MappingProxyType

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount, Stage, decimal_text
from hemicycle.core.result import Step
from hemicycle.core.stv_count import CountState
from hemicycle.core.stv_rules import STVRules
from hemicycle.core.ties import TieBreak
from hemicycle.types import CandidateId

MAX_ITERATIONS = 10_000


def round_up(value: Fraction, decimals: int) -> Fraction:
    """``value`` rounded up to ``decimals`` places.

    >>> round_up(Fraction(1, 3), 3)
    Fraction(167, 500)
    """
    scale = 10**decimals
    return Fraction(-((-value.numerator * scale) // value.denominator), scale)


class _Meek(CountState):
    def __init__(self, ballots: Ballots, seats: int, rules: STVRules, tie_break: TieBreak):
        super().__init__(ballots, seats, rules, tie_break)
        self.keep = dict.fromkeys(self.candidates, Fraction(1))
        self.hopeful = list(self.candidates)
        self.excess = Fraction(0)
        self.quota = Fraction(self.valid, seats + 1)
        self.iterations = 0

    def distribute(self) -> None:
        votes = dict.fromkeys(self.candidates, Fraction(0))
        excess = Fraction(0)
        keep = self.keep
        for ranking, weight in self.rankings:
            remaining = Fraction(weight)
            for candidate in ranking:
                share = keep[candidate]
                if share == 0:
                    continue
                if share == 1:
                    votes[candidate] += remaining
                    remaining = Fraction(0)
                    break
                votes[candidate] += remaining * share
                remaining -= remaining * share
            excess += remaining
        self.votes = votes
        self.excess = excess
        self.quota = (self.valid - excess) / (self.seats + 1)

    def surplus(self) -> Fraction:
        return sum((self.votes[c] - self.quota for c in self.elected), Fraction(0))

    def converge(self) -> list[CandidateId]:
        """Iterate keep values; stop when someone new exceeds the quota (returned, most votes
        first) or the surplus has converged."""
        while True:
            self.distribute()
            self.iterations += 1
            winners = [c for c in self.hopeful if self.votes[c] > self.quota]
            if winners:
                return sorted(winners, key=lambda c: -self.votes[c])
            if not self.elected or self.surplus() < self.rules.meek_tolerance:
                return []
            if self.iterations > MAX_ITERATIONS:
                return []
            changed = False
            for candidate in self.elected:
                updated = min(
                    Fraction(1),
                    round_up(
                        self.keep[candidate] * self.quota / self.votes[candidate],
                        self.rules.meek_decimals,
                    ),
                )
                if updated != self.keep[candidate]:
                    self.keep[candidate] = updated
                    changed = True
            if not changed:
                return []

    def record(
        self,
        action: str,
        *,
        subjects: tuple[CandidateId, ...] = (),
        elected: list[CandidateId],
        excluded: tuple[CandidateId, ...] = (),
        before: dict[CandidateId, Fraction],
        excess_before: Fraction,
        text: str,
    ) -> None:
        totals = {c: self.votes[c] for c in self.candidates}
        self.history.append(totals)
        keeps = ", ".join(f"{c} {decimal_text(self.keep[c], 9)}" for c in self.elected)
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                subjects=subjects,
                changes=MappingProxyType({c: totals[c] - before[c] for c in self.candidates}),
                totals=MappingProxyType(totals),
                non_transferable=self.excess - excess_before,
                exhausted=self.excess - excess_before,
                elected=tuple(elected),
                excluded=excluded,
                quota=self.quota,
                text=f"{text} Quota {decimal_text(self.quota)}"
                + (f"; keep values {keeps}." if keeps else "."),
            )
        )

    def elect(self, winners: list[CandidateId], how: str) -> None:
        for candidate in winners:
            self.hopeful.remove(candidate)
            self.elected.append(candidate)
            self.note_elected(candidate, how)

    def lowest(self) -> CandidateId:
        least = min(self.votes[c] for c in self.hopeful)
        tied = [c for c in self.hopeful if self.votes[c] == least]
        if len(tied) == 1:
            return tied[0]
        return self.choose(tied, 1, lowest=True)[0]

    def run(self) -> None:
        zero = dict.fromkeys(self.candidates, Fraction(0))
        self.distribute()
        winners = sorted(
            (c for c in self.hopeful if self.votes[c] > self.quota), key=lambda c: -self.votes[c]
        )
        self.elect(winners, "exceeds the quota")
        self.steps.insert(
            0,
            Step(
                kind="quota",
                text=f"initial quota {decimal_text(self.quota)} for "
                f"{self.seats} seats and {self.valid:,} valid votes",
            ),
        )
        self.record(
            "first",
            elected=winners,
            before=zero,
            excess_before=Fraction(0),
            text=f"First preferences of {self.valid:,} valid papers.",
        )
        settled = not winners
        while len(self.elected) < self.seats:
            if len(self.hopeful) <= self.seats - len(self.elected):
                rest = sorted(self.hopeful, key=lambda c: -self.votes[c])
                self.elect(rest, "elected as the hopeful candidates fill the vacancies")
                last = self.stages[-1]
                self.stages[-1] = replace(
                    last,
                    elected=last.elected + tuple(rest),
                    text=f"{last.text} {', '.join(rest)} elected: hopeful candidates "
                    "no more than vacancies.",
                )
                break
            before = dict(self.votes)
            excess_before = self.excess
            if not settled:
                winners = self.converge()
                self.elect(winners, "exceeds the quota")
                settled = not winners
                self.record(
                    "meek",
                    subjects=tuple(self.elected),
                    elected=winners,
                    before=before,
                    excess_before=excess_before,
                    text=f"Surpluses of {', '.join(self.elected)} redistributed by keep values.",
                )
                continue
            loser = self.lowest()
            self.hopeful.remove(loser)
            self.excluded.append(loser)
            self.keep[loser] = Fraction(0)
            self.note_excluded(loser)
            winners = self.converge()
            self.elect(winners, "exceeds the quota")
            settled = not winners
            self.record(
                "exclusion",
                subjects=(loser,),
                elected=winners,
                excluded=(loser,),
                before=before,
                excess_before=excess_before,
                text=f"{loser} excluded; keep value 0.",
            )


def meek_count(
    ballots: Ballots, seats: int, rules: STVRules, tie_break: TieBreak
) -> CandidateCount:
    """Count ranked ballots by Meek's method under ``rules`` (see the module docstring)."""
    count = _Meek(ballots, seats, rules, tie_break)
    count.run()
    return count.result(
        count.stages[-1].quota,
        {
            **rules.describe(),
            "rounding": f"keep values rounded up to {rules.meek_decimals} decimal places; "
            f"iteration until the surplus is below {decimal_text(rules.meek_tolerance, 9)}",
            "tie_break": tie_break.name,
            "iterations": str(count.iterations),
        },
    )


__all__ = ["meek_count", "round_up"]
