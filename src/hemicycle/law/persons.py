"""Tiers that elect candidates from their votes: first past the post, SNTV and the block vote.

The counts are the core's (:mod:`hemicycle.core.candidates`); this module gives each district's
candidates their personal votes and records who won for which list. Iraq's Law 9/2020 art. 15
(SNTV in multi-member districts) and its minority seats, Scotland's and Germany's constituencies
are tiers of this kind. Reserved seats (a district whose seats belong to one community) are
marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping

from hemicycle.core import candidates as counts
from hemicycle.core.ties import Tie
from hemicycle.errors import DataError, LawError
from hemicycle.law.ballots import DistrictBallots
from hemicycle.law.candidates import Filled, candidate_tie_break
from hemicycle.law.certify import record
from hemicycle.law.outcome import Elected, TraceStep
from hemicycle.law.schema import District, Tier, Ties


def elect_persons(
    tier: Tier,
    district: District,
    ballots: DistrictBallots,
    *,
    ties: Ties,
    seed: str | None,
) -> tuple[Filled, tuple[Tie, ...]]:
    """The members a candidate tier elects in one district, in the order of their votes."""
    labels: dict[str, tuple[str, str]] = {}
    votes: dict[str, int] = {}
    roster = {}
    for party in ballots.lists:
        for name, row in ballots.candidates_of(party).items():
            label = name if name not in labels else f"{name} ({party})"
            if label in labels:
                raise DataError(f"candidate {name!r} appears twice in {district.id!r}")
            labels[label] = (party, name)
            votes[label] = ballots.votes_of(party, name)
            roster[label] = row
    if not votes:
        raise DataError(f"{district.id!r} has no candidates with votes")
    rule = candidate_tie_break(ties, seed, roster)
    if tier.formula == "fptp":
        if district.seats != 1:
            raise LawError(
                f"tier {tier.id!r}: first past the post elects one member, but "
                f"{district.id!r} has {district.seats} seats"
            )
        count = counts.first_past_the_post(votes, tie_break=rule)
    elif tier.formula == "sntv":
        count = counts.sntv(votes, district.seats or 0, tie_break=rule)
    else:
        # ranked formulas (STV, IRV) are counted from ballots by hemicycle.law.ranked
        count = counts.block_vote(votes, district.seats or 0, tie_break=rule)
    record(tier.id, district.id, count, lists={label: labels[label][0] for label in count.elected})
    how = (
        "reserved"
        if district.reserved
        else ("constituency" if tier.formula == "fptp" else "plurality")
    )
    elected: list[Elected] = []
    steps: list[TraceStep] = []
    for label in count.elected:
        party, name = labels[label]
        elected.append(
            Elected(district=district.id, list=party, candidate=name, how=how, votes=votes[label])
        )
        community = f", {district.reserved[0].community} seat" if district.reserved else ""
        steps.append(
            TraceStep(
                tier=tier.id,
                district=district.id,
                kind="elected",
                text=f"{name} ({party}, {votes[label]} votes{community}) is elected",
            )
        )
    for tie in count.ties:
        steps.append(
            TraceStep(
                tier=tier.id,
                district=district.id,
                kind="tie",
                text=f"equal votes of {', '.join(sorted(tie.tied))}; "
                f"{', '.join(tie.winners)} chosen by {tie.rule}",
            )
        )
    return Filled(elected=tuple(elected), steps=tuple(steps)), count.ties


def seats_by_list(elected: tuple[Elected, ...]) -> Mapping[str, int]:
    """Seats per list among the elected."""
    seats: dict[str, int] = {}
    for member in elected:
        seats[member.list] = seats.get(member.list, 0) + 1
    return seats


__all__ = ["elect_persons", "seats_by_list"]
