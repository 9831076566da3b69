"""Instant-runoff voting (the alternative vote): one seat, won by a majority of the papers
still in the count.

The rule (Commonwealth Electoral Act 1918 (Australia) s. 274(7)-(9); Maine, 21-A M.R.S.
§ 723-A): if a candidate has more than half of the votes on papers that still rank a continuing
candidate, that candidate is elected; otherwise the candidate with fewest votes is excluded and
each of their papers passes to its next continuing preference. Papers that rank no continuing
candidate are exhausted and leave the count.

Candidates with no votes at all are excluded together (no paper moves, so their order cannot
matter). Any other equality for exclusion goes to the declared rule: the earlier rounds
(``tie_history``), then ``tie_break``.

>>> from hemicycle.core.ballots import Ballots
>>> box = Ballots.from_rankings({("A",): 8, ("B", "C"): 5, ("C", "B"): 4, ("D", "B"): 2})
>>> result = instant_runoff(box)
>>> result.elected, result.excluded
(('B',), ('D', 'C'))
"""

from __future__ import annotations

from fractions import Fraction
from types import MappingProxyType

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount, Stage, select
from hemicycle.core.result import Step
from hemicycle.core.ties import REFUSE, Tie, TieBreak, parse_tie_break
from hemicycle.errors import DataError
from hemicycle.types import CandidateId


def instant_runoff(
    ballots: Ballots,
    *,
    tie_break: str | TieBreak | None = REFUSE,
    tie_history: str | None = None,
) -> CandidateCount:
    """Count ranked ballots by instant-runoff voting.

    Args:
        ballots: the ranked ballots.
        tie_break: the rule for an equality the earlier rounds do not resolve: ``"refuse"``
            (default), ``"votes"`` (more first preferences), ``"lot:SEED"``.
        tie_history: ``"forward"`` (the earliest round at which the tied candidates had
            unequal votes decides), ``"backward"`` (the most recent such round), or None
            (default: every equality goes to ``tie_break``).
    """
    if tie_history not in (None, "forward", "backward"):
        raise DataError(f"tie_history must be forward, backward or None (got {tie_history!r})")
    rule = parse_tie_break(tie_break)
    rankings = list(ballots.effective().items())
    valid = sum(weight for _, weight in rankings)
    if valid == 0:
        raise DataError("there are no valid ballots to count")
    candidates = ballots.running
    first = ballots.first_preferences()
    continuing = list(candidates)
    holder: list[int] = [0] * len(rankings)  # position of each ranking's current preference
    votes = {c: Fraction(first[c]) for c in candidates}
    history: list[dict[CandidateId, Fraction]] = []
    stages: list[Stage] = []
    steps: list[Step] = []
    ties: list[Tie] = []
    excluded: list[CandidateId] = []
    changes = dict(votes)
    exhausted_now = Fraction(0)
    subjects: tuple[CandidateId, ...] = ()
    while True:
        active = sum((votes[c] for c in continuing), Fraction(0))
        leader = max(continuing, key=lambda c: votes[c])
        majority = votes[leader] * 2 > active
        alone = len(continuing) == 1
        winner = leader if majority or alone else None
        totals = {c: votes[c] for c in candidates}
        history.append(totals)
        text = (
            "First preferences."
            if not stages
            else f"{', '.join(subjects)} excluded; papers passed to next preferences."
        )
        if winner is not None:
            why = "an absolute majority" if majority else "the last continuing candidate"
            text += f" {winner} elected with {votes[winner]} of {active} votes ({why})."
            steps.append(
                Step(kind="elected", text=f"seat 1: {text.split(' ', 1)[-1]}", unit=winner)
            )
        stages.append(
            Stage(
                number=len(stages) + 1,
                action="first" if not stages else "exclusion",
                subjects=subjects,
                transfer_values=(Fraction(1),) if stages else (),
                changes=MappingProxyType({c: changes.get(c, Fraction(0)) for c in candidates}),
                totals=MappingProxyType(totals),
                non_transferable=exhausted_now,
                exhausted=exhausted_now,
                elected=(winner,) if winner is not None else (),
                excluded=subjects if stages else (),
                quota=active / 2,
                text=text,
            )
        )
        if winner is not None:
            break
        losers = _losers(continuing, votes)
        if losers is None:
            lowest = min(votes[c] for c in continuing)
            tied = [c for c in continuing if votes[c] == lowest]
            picked = select(
                tied,
                1,
                lowest=True,
                seat=1,
                history=history,
                direction=tie_history,
                tie_break=rule,
                votes=first,
            )
            if picked.tie is not None:
                ties.append(picked.tie)
                steps.append(Step(kind="tie", text=f"round {len(stages) + 1}: {picked.text}"))
            losers = list(picked.selected)
        changes = {c: -votes[c] for c in losers}
        exhausted_now = Fraction(0)
        for loser in losers:
            continuing.remove(loser)
            excluded.append(loser)
            steps.append(
                Step(
                    kind="excluded",
                    text=f"round {len(stages) + 1}: {loser} excluded with {votes[loser]} votes",
                    unit=loser,
                )
            )
        for index, (ranking, weight) in enumerate(rankings):
            if holder[index] >= len(ranking) or ranking[holder[index]] not in losers:
                continue  # exhausted, or held by a continuing candidate
            place = holder[index] + 1
            while place < len(ranking) and ranking[place] not in continuing:
                place += 1
            holder[index] = place
            if place < len(ranking):
                changes[ranking[place]] = changes.get(ranking[place], Fraction(0)) + weight
                votes[ranking[place]] += weight
            else:
                exhausted_now += weight
        for loser in losers:
            votes[loser] = Fraction(0)
        subjects = tuple(losers)
    return CandidateCount(
        method="irv",
        seats=1,
        candidates=candidates,
        valid=valid,
        elected=(winner,),
        excluded=tuple(excluded),
        first_preferences=MappingProxyType(first),
        quota=None,
        stages=tuple(stages),
        ties=tuple(ties),
        steps=tuple(steps),
        rules=MappingProxyType(
            {
                "rules": "irv",
                "majority": "more than half of the votes of continuing candidates",
                "tie_history": tie_history or "none",
                "tie_break": rule.name,
            }
        ),
    )


def _losers(continuing: list[CandidateId], votes: dict[CandidateId, Fraction]) -> list[str] | None:
    """All candidates with no votes, when there are several and someone else has votes."""
    zero = [c for c in continuing if votes[c] == 0]
    if len(zero) >= 2 and len(zero) < len(continuing):
        return zero
    return None


__all__ = ["instant_runoff"]
