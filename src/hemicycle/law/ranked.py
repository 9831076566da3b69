"""Tiers counted from ranked ballots: the single transferable vote and instant runoff.

Each district's ballots are counted by the core (:func:`~hemicycle.core.stv.stv` with the
tier's statutory rules or transfer, :func:`~hemicycle.core.irv.instant_runoff`). A candidate's
list comes from the candidates table or the results; a candidate listed nowhere stands for
herself. How each member was elected is read off the stage that elected her:

- ``stv_quota``: reached the quota on first preferences;
- ``stv_surplus``: reached it on the transfer of a surplus (Meek: a redistribution by keep
  values);
- ``stv_exclusion``: reached it on the papers of an excluded candidate;
- ``stv_remaining``: elected below the quota as the continuing candidates were no more than the
  vacancies (SSI 2007/42 Sch. 1 r. 52(1); Electoral Law Act (NI) 1962 Sch. 5 r. 52(1));
- ``stv_last_vacancy``: elected below the quota with more votes than all other continuing
  candidates together (Electoral Law Act (NI) 1962 Sch. 5 r. 52(2));
- ``irv_majority`` / ``irv_remaining``: a majority of the papers still in the count, or the
  last continuing candidate.

Every stage becomes a step of the trace with every candidate's votes after it.
"""

from __future__ import annotations

from dataclasses import replace

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount, Stage, decimal_text
from hemicycle.core.irv import instant_runoff
from hemicycle.core.stv import stv
from hemicycle.core.stv_rules import resolve_rules
from hemicycle.errors import DataError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.candidates import Filled, candidate_tie_break
from hemicycle.law.certify import record
from hemicycle.law.outcome import Elected, TraceStep
from hemicycle.law.schema import District, Tier, Ties
from hemicycle.law.ties import ChainTieBreak
from hemicycle.types import CandidateRow

RANKED = frozenset({"stv", "irv"})
"""Formulas that count ranked ballots."""

_ACTION = {
    "first": "first preferences",
    "surplus": "surplus",
    "meek": "surpluses redistributed by keep values",
    "exclusion": "exclusion",
}


def _lists(district: District, entry: DistrictBallots) -> dict[str, tuple[str, CandidateRow]]:
    """Each known candidate's list and row, by name (ballots name candidates, not lists)."""
    known: dict[str, tuple[str, CandidateRow]] = {}
    for party in entry.lists:
        for name, row in entry.candidates_of(party).items():
            if name in known and known[name][0] != party:
                raise DataError(
                    f"candidate {name!r} stands for {known[name][0]!r} and {party!r} in "
                    f"{district.id!r}; ranked ballots name each candidate once"
                )
            known[name] = (party, row)
    return known


def _box(
    district: District, ballots: Ballots, known: dict[str, tuple[str, CandidateRow]]
) -> Ballots:
    """The ballots with every listed candidate standing, checked against the law and lists."""
    if ballots.seats is not None and ballots.seats != district.seats:
        raise DataError(
            f"the ballots of {district.id!r} declare {ballots.seats} seats, but the law gives "
            f"{district.seats}"
        )
    if known:
        stray = [name for name in ballots.candidates if name not in known]
        if stray:
            raise DataError(
                f"candidate {stray[0]!r} is on the ballots of {district.id!r} but not among its "
                "candidates"
            )
    absent = tuple(name for name in known if name not in ballots.candidates)
    if not absent:
        return ballots
    return replace(ballots, candidates=ballots.candidates + absent)


def _check_first_preferences(district: str, box: Ballots, entry: DistrictBallots) -> None:
    """The results' votes of a candidate, where given, are her first preferences."""
    first = box.first_preferences()
    for party, people in entry.personal.items():
        for name, votes in people.items():
            counted = first.get(name, 0)
            if votes != counted:
                raise DataError(
                    f"the results give {name!r} ({party}) {votes} votes in {district!r}, but "
                    f"the ballots give {counted} first preferences"
                )


def _count(tier: Tier, seats: int, box: Ballots, rule: ChainTieBreak) -> CandidateCount:
    if tier.formula == "irv":
        return instant_runoff(box, tie_break=rule, tie_history=tier.tie_history)
    if tier.stv_rules is not None:
        return stv(box, seats, transfer=tier.transfer, rules=tier.stv_rules, tie_break=rule)
    rules = replace(resolve_rules(tier.transfer), tie_history=tier.tie_history)
    return stv(box, seats, rules=rules, tie_break=rule)


def _how(count: CandidateCount, candidate: str, stage: Stage) -> str:
    if count.method == "irv":
        # the stage's quota is half the papers still in the count
        majority = stage.quota is not None and stage.totals[candidate] > stage.quota
        return "irv_majority" if majority else "irv_remaining"
    quota = stage.quota if stage.quota is not None else count.quota
    if quota is not None and stage.totals[candidate] >= quota:
        return {"first": "stv_quota", "exclusion": "stv_exclusion"}.get(stage.action, "stv_surplus")
    continuing = set(count.candidates) - set(count.elected) - set(count.excluded)
    return "stv_last_vacancy" if continuing else "stv_remaining"


def _who(candidate: str, parties: dict[str, str]) -> str:
    party = parties[candidate]
    return candidate if party == candidate else f"{candidate} ({party})"


def _stage_text(stage: Stage, parties: dict[str, str]) -> str:
    action = _ACTION.get(stage.action, stage.action)
    if stage.subjects and stage.action != "meek":
        action += f" of {', '.join(stage.subjects)}"
    ordered = sorted(stage.totals, key=lambda c: -stage.totals[c])
    votes = "; ".join(
        f"{_who(c, parties)} {decimal_text(stage.totals[c])}"
        for c in ordered
        if stage.totals[c] or c in stage.elected
    )
    text = f"stage {stage.number}, {action}: {stage.text} Votes: {votes}."
    if stage.non_transferable:
        text += f" Non-transferable: {decimal_text(stage.non_transferable)}."
    return text


def elect_ranked(
    tier: Tier,
    district: District,
    entry: DistrictBallots,
    ballots: Ballots,
    *,
    ties: Ties,
    seed: str | None,
) -> tuple[Filled, CandidateCount]:
    """Count one district's ranked ballots under the tier's rules; the members it elects, in
    the order of election, and the count itself.

    Ties the law's earlier-stage rule leaves open go to its candidate tie chain (``lot`` draws
    with the tabulation's seed).

    Raises:
        DataError: the ballots name a candidate the candidates table does not hold, declare
            other seats than the law, or disagree with the results' first preferences.
    """
    known = _lists(district, entry)
    box = _box(district, ballots, known)
    _check_first_preferences(district.id, box, entry)
    parties = {name: known[name][0] if name in known else name for name in box.candidates}
    roster = {
        name: known[name][1]
        if name in known
        else CandidateRow(district=district.id, list=name, candidate=name)
        for name in box.candidates
    }
    rule = candidate_tie_break(ties, seed, roster)
    count = _count(tier, district.seats or 0, box, rule)
    record(tier.id, district.id, count, lists={name: parties[name] for name in count.elected})
    steps: list[TraceStep] = []

    def step(kind: str, text: str) -> None:
        steps.append(TraceStep(tier=tier.id, district=district.id, kind=kind, text=text))

    if count.quota is not None and count.method == "stv":
        step(
            "quota",
            f"quota {decimal_text(count.quota)} for {count.seats} seats and {count.valid:,} "
            f"valid votes ({count.rules.get('rules', tier.formula)})",
        )
    elected: list[Elected] = []
    first = dict(count.first_preferences)
    for stage in count.stages:
        step("stage", _stage_text(stage, parties))
        for candidate in stage.elected:
            how = _how(count, candidate, stage)
            elected.append(
                Elected(
                    district=district.id,
                    list=parties[candidate],
                    candidate=candidate,
                    how=how,
                    votes=first.get(candidate, 0),
                )
            )
            step(
                "elected",
                f"{_who(candidate, parties)} is elected at stage {stage.number} with "
                f"{decimal_text(stage.totals[candidate])} votes",
            )
    for core_step in count.steps:
        if core_step.kind == "tie":
            step("tie", core_step.text)
    return Filled(elected=tuple(elected), steps=tuple(steps)), count


__all__ = ["RANKED", "elect_ranked"]
