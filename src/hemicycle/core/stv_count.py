"""What every STV count keeps, whatever its transfer rule: the papers, the candidates, and the
record of the stages, steps and ties.

The Gregory and WIGM counts (:mod:`hemicycle.core.stv`) and Meek's method
(:mod:`hemicycle.core.meek`) extend :class:`CountState` with their own transfers; they share
how a tie is settled under the law's rule (:func:`hemicycle.core.candidates.select`), how an
election and an exclusion are recorded, and the :class:`CandidateCount` they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount, Stage, decimal_text, select
from hemicycle.core.result import Step
from hemicycle.core.stv_rules import STVRules
from hemicycle.core.ties import Tie, TieBreak
from hemicycle.errors import DataError
from hemicycle.types import CandidateId


class CountState:
    """The ballots, the candidates and the record of an STV count.

    Raises:
        DataError: there are no valid ballots to count.
    """

    def __init__(self, ballots: Ballots, seats: int, rules: STVRules, tie_break: TieBreak):
        self.rules = rules
        self.tie_break = tie_break
        self.seats = seats
        self.rankings = list(ballots.effective().items())
        self.candidates = ballots.running
        self.first = ballots.first_preferences()
        self.valid = sum(weight for _, weight in self.rankings)
        if self.valid == 0:
            raise DataError("there are no valid ballots to count")
        self.votes = dict.fromkeys(self.candidates, Fraction(0))
        self.elected: list[CandidateId] = []
        self.excluded: list[CandidateId] = []
        self.history: list[dict[CandidateId, Fraction]] = []
        self.stages: list[Stage] = []
        self.steps: list[Step] = []
        self.ties: list[Tie] = []

    def choose(self, tied: list[CandidateId], count: int, *, lowest: bool) -> tuple[str, ...]:
        """``count`` of the ``tied`` candidates by the law's rule: the earlier stages
        (``tie_history``), then ``tie_break``; a tie is recorded with its rule."""
        picked = select(
            tied,
            count,
            lowest=lowest,
            seat=len(self.elected) + 1,
            history=self.history,
            direction=self.rules.tie_history,
            tie_break=self.tie_break,
            votes=self.first,
        )
        if picked.tie is not None:
            self.ties.append(picked.tie)
            self.steps.append(Step(kind="tie", text=f"stage {len(self.stages) + 1}: {picked.text}"))
        return picked.selected

    def note_elected(self, candidate: CandidateId, how: str) -> None:
        """Record the seat ``candidate`` has just won, and ``how``."""
        self.steps.append(
            Step(
                kind="elected",
                text=f"seat {len(self.elected)}: {candidate} {how} "
                f"with {decimal_text(self.votes[candidate])} votes",
                unit=candidate,
            )
        )

    def note_excluded(self, loser: CandidateId) -> None:
        """Record the exclusion of ``loser`` at the coming stage."""
        self.steps.append(
            Step(
                kind="excluded",
                text=f"stage {len(self.stages) + 1}: {loser} excluded with "
                f"{decimal_text(self.votes[loser])} votes",
                unit=loser,
            )
        )

    def result(self, quota: Fraction | None, rules: Mapping[str, str]) -> CandidateCount:
        """The finished count, with the ``quota`` in force at its end and its ``rules``."""
        return CandidateCount(
            method="stv",
            seats=self.seats,
            candidates=self.candidates,
            valid=self.valid,
            elected=tuple(self.elected),
            excluded=tuple(self.excluded),
            first_preferences=MappingProxyType(self.first),
            quota=quota,
            stages=tuple(self.stages),
            ties=tuple(self.ties),
            steps=tuple(self.steps),
            rules=MappingProxyType(dict(rules)),
        )


__all__ = ["CountState"]
