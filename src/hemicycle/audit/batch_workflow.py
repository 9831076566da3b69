"""A batch-comparison audit (MACRO) from plan to risk: checks, sample sizes, draws, risk.

Like :mod:`.workflow`, it holds no state: the CLI keeps the audit in the database. Batches are
named ``(jurisdiction, batch)`` as in Arlo; the reported tallies of the batches must add up to
the reported results, so that the margins MACRO divides by are the reported ones (Stark 2009).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from hemicycle.audit.assertions import Assertion
from hemicycle.audit.batch_sampling import BatchKey, SampledBatch, arlo_batch_sample
from hemicycle.audit.macro import BatchCount, error_bounds, macro_risk, macro_sample_size
from hemicycle.audit.precision import Number, risk_limit
from hemicycle.audit.workflow import (
    PlanRow,
    RoundRisk,
    SampledBallot,
    StoredAudit,
    outcome_assertions,
)
from hemicycle.errors import DataError

MACRO_RISK = "MACRO, every assertion"
"""The name of a batch audit's one risk, that of every assertion together."""


def check_batch_tallies(tally: Mapping[str, int], batches: Mapping[BatchKey, BatchCount]) -> None:
    """The batches' reported votes add up to the reported results, choice by choice.

    >>> check_batch_tallies({"A": 3}, {("", "p"): BatchCount(ballots=3, votes={"A": 2})})
    Traceback (most recent call last):
    ...
    hemicycle.errors.DataError: the batches give A 2 votes; the results give 3
    """
    if not batches:
        raise DataError("the batch manifest lists no batches")
    for key, batch in batches.items():
        unknown = set(batch.votes) - set(tally)
        if unknown:
            raise DataError(f"batch {key[1]!r} has votes for {sorted(unknown)[0]!r}, not a choice")
        if sum(batch.votes.values()) > batch.ballots:
            raise DataError(
                f"batch {key[1]!r} holds {sum(batch.votes.values())} votes but only "
                f"{batch.ballots} ballots"
            )
    for choice, votes in tally.items():
        total = sum(batch.votes.get(choice, 0) for batch in batches.values())
        if total != votes:
            raise DataError(f"the batches give {choice} {total} votes; the results give {votes}")


def _by_key(batches: Mapping[BatchKey, BatchCount]) -> dict[str, BatchCount]:
    return {repr(key): batch for key, batch in batches.items()}


def batch_plan(
    assertions: Sequence[Assertion],
    tally: Mapping[str, int],
    batches: Mapping[BatchKey, BatchCount],
    *,
    alpha: Number,
) -> tuple[list[PlanRow], int]:
    """Each assertion's margin and MACRO sample size, and the size for all of them together.

    Sizes are the batch draws that confirm the outcome if no batch holds an error,
    ``⌈ln α / ln(1 − 1/U)⌉`` (:func:`macro_sample_size`); the audit draws the size for all
    assertions, whose ``U`` takes each batch's largest bound. Arlo adds one draw to it
    (M. Lindeman's recommendation) and caps it at the number of batches.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> batches = {("", f"p{i}"): BatchCount(ballots=100, votes={"A": 60, "B": 40})
    ...            for i in range(20)}
    >>> rows, size = batch_plan(plurality_assertions({"A": 1200, "B": 800}),
    ...                         {"A": 1200, "B": 800}, batches, alpha="0.1")
    >>> rows[0].margin, size
    (Fraction(1, 5), 13)
    """
    a = risk_limit(alpha)
    check_batch_tallies(tally, batches)
    reported = _by_key(batches)
    ballots = sum(batch.ballots for batch in batches.values())
    rows = []
    for assertion in assertions:
        winner, loser = assertion.sides(tally)
        margin = assertion.margin(tally, ballots)
        size = macro_sample_size([assertion], reported, alpha=a) if margin > 0 else None
        rows.append(
            PlanRow(
                assertion=assertion.name,
                winner_votes=winner,
                loser_votes=loser,
                share=assertion.share,
                margin=margin,
                overturn=assertion.overturn(tally),
                sizes={"batches": size},
            )
        )
    if any(row.margin <= 0 for row in rows):
        return rows, len(batches)
    return rows, min(macro_sample_size(assertions, reported, alpha=a), len(batches))


def draw_batches(
    assertions: Sequence[Assertion],
    batches: Mapping[BatchKey, BatchCount],
    seed: str,
    size: int,
    *,
    previous: Sequence[BatchKey] = (),
) -> list[SampledBatch]:
    """The next ``size`` batch draws, with probability proportional to the error bounds.

    The bounds are MACRO's ``u_p`` over all assertions (:func:`error_bounds`); the draw is
    Arlo's (:func:`arlo_batch_sample`), batches in the manifest's order.
    """
    bounds = error_bounds(assertions, _by_key(batches))
    keys = list(batches)
    return arlo_batch_sample(keys, [bounds[repr(k)] for k in keys], seed, size, previous=previous)


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRisk:
    """The MACRO risk after the batches counted so far.

    Attributes:
        risk: the exact risk, at most 1.
        full_count: every batch has been counted by hand.
        overturned: a full count contradicts the reported outcome (an assertion fails on the
            hand-counted votes); the hand count is then the outcome.
    """

    risk: Fraction
    full_count: bool
    overturned: bool


def batch_risk(
    assertions: Sequence[Assertion],
    batches: Mapping[BatchKey, BatchCount],
    draws: Sequence[BatchKey],
    counted: Mapping[BatchKey, Mapping[str, int]],
) -> BatchRisk:
    """The MACRO risk of the draws so far (in draw order) from the hand-counted votes.

    A hand count's ballots are the reported ones (the bound ``u_p`` depends on them only).
    When every batch is counted the risk is 0 if every assertion holds on the hand-counted
    votes and 1 otherwise: the outcome is then known.

    >>> from hemicycle.audit.assertions import plurality_assertions
    >>> batches = {("", f"p{i}"): BatchCount(ballots=10, votes={"A": 6, "B": 4})
    ...            for i in range(10)}
    >>> pair = plurality_assertions({"A": 60, "B": 40})
    >>> found = batch_risk(pair, batches, [("", "p1")] * 2, {("", "p1"): {"A": 6, "B": 4}})
    >>> float(found.risk), found.full_count
    (0.6944444444444444, False)
    """
    hand = {}
    for key, votes in counted.items():
        if key not in batches:
            raise DataError(f"batch {key[1]!r} is not in the manifest")
        ballots = max(batches[key].ballots, sum(votes.values()))
        hand[key] = BatchCount(ballots=ballots, votes=dict(votes))
    if set(hand) >= set(batches):
        totals = {
            choice: sum(batch.votes.get(choice, 0) for batch in hand.values())
            for choice in {c for batch in hand.values() for c in batch.votes}
        }
        ballots = sum(batch.ballots for batch in hand.values())
        holds = all(assertion.margin(totals, ballots) > 0 for assertion in assertions)
        return BatchRisk(risk=Fraction(0 if holds else 1), full_count=True, overturned=not holds)
    risk = macro_risk(
        assertions,
        _by_key(batches),
        [repr(key) for key in draws],
        {repr(key): batch for key, batch in hand.items()},
    )
    return BatchRisk(risk=min(risk, Fraction(1)), full_count=False, overturned=False)


class StoredBatch(Protocol):
    """A batch of a stored audit (:class:`hemicycle.io.audit_batch_store.BatchRow` is one):
    its label in the sample, its key, its ballots and votes per choice."""

    @property
    def label(self) -> str: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def ballots(self) -> int: ...
    @property
    def votes(self) -> Sequence[tuple[str, int]]: ...


def uncounted_batches(
    sample: Sequence[SampledBallot], counted: Mapping[str, StoredBatch]
) -> list[str]:
    """The labels of the drawn batches not counted by hand yet, sorted."""
    return sorted({s.batch for s in sample} - set(counted))


def batch_round_risk(
    audit: StoredAudit,
    batches: Sequence[StoredBatch],
    sample: Sequence[SampledBallot],
    counted: Mapping[str, StoredBatch],
) -> tuple[RoundRisk, BatchRisk]:
    """The MACRO risk of a stored batch audit once every drawn batch is counted
    (:func:`batch_risk`), as the round's one risk :data:`MACRO_RISK`; confirmed when at most
    the risk limit and not overturned by a full count. DataError while a drawn batch is still
    to count.
    """
    missing = uncounted_batches(sample, counted)
    if missing:
        raise DataError(f"{len(missing)} drawn batches are not counted yet (first: {missing[0]!r})")
    if not sample:
        raise DataError("no batch has been drawn yet")
    key_of: dict[str, BatchKey] = {b.label: (b.jurisdiction, b.name) for b in batches}
    tally = dict(audit.tally)
    alpha = Fraction(audit.risk_limit)
    found = batch_risk(
        outcome_assertions(audit.outcome, tally),
        {key_of[b.label]: BatchCount(ballots=b.ballots, votes=dict(b.votes)) for b in batches},
        [key_of[s.batch] for s in sample],
        {key_of[label]: dict(b.votes) for label, b in counted.items()},
    )
    measured = RoundRisk(
        round=sample[-1].round,
        size=len(sample),
        risks={MACRO_RISK: float(found.risk)},
        confirmed=found.risk <= alpha and not found.overturned,
    )
    return measured, found


__all__ = [
    "MACRO_RISK",
    "BatchRisk",
    "StoredBatch",
    "batch_plan",
    "batch_risk",
    "batch_round_risk",
    "check_batch_tallies",
    "draw_batches",
    "uncounted_batches",
]
