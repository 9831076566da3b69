"""An audit from plan to risk: the outcome audited, the test chosen, sample sizes and risks.

The workflow holds no state of its own: the CLI keeps the audit (manifest, seed, sample,
observed ballots, risk after each round) in the database and calls these functions.

Outcomes are written ``plurality`` (``plurality:K`` for ``K`` winners), ``majority``,
``super_majority:2/3``, and ``seats:METHOD:SEATS`` with an optional threshold
(``seats:dhondt:10:5%``). Tests are ``bravo``, ``minerva`` and ``alpha`` for ballot polling and
``kaplan_markov`` and ``alpha`` for ballot-level comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Protocol

from hemicycle.audit.alpha import alpha_comparison_risk, alpha_polling_risk
from hemicycle.audit.assertions import (
    Assertion,
    plurality_assertions,
    seat_assertions,
    super_majority_assertions,
)
from hemicycle.audit.bravo import bravo_asn, bravo_risk, bravo_round_size
from hemicycle.audit.kaplan_markov import (
    comparison_sample_size,
    kaplan_markov_risk,
    overstatement,
)
from hemicycle.audit.minerva import minerva_round_size, minerva_rounds
from hemicycle.audit.precision import Number, risk_limit
from hemicycle.core.result import fraction_text
from hemicycle.core.ties import REFUSE, TieBreak, all_outcomes
from hemicycle.errors import DataError, TieError

POLLING_TESTS = ("bravo", "minerva", "alpha")
COMPARISON_TESTS = ("kaplan_markov", "alpha")


def outcome_assertions(
    outcome: str, tally: Mapping[str, int], *, tie_break: str | TieBreak | None = REFUSE
) -> list[Assertion]:
    """The assertions of an outcome written as text (``tie_break`` settles a tied seat).

    >>> [a.name for a in outcome_assertions("plurality", {"A": 5, "B": 3})]
    ['A beats B']
    >>> len(outcome_assertions("seats:sainte_lague:4", {"A": 50, "B": 30, "C": 20}))
    6
    """
    kind, _, rest = outcome.partition(":")
    parts = rest.split(":") if rest else []
    if kind == "plurality":
        winners = int(parts[0]) if parts else 1
        return plurality_assertions(tally, winners=winners)
    if kind == "majority" and not parts:
        return super_majority_assertions(tally, Fraction(1, 2))
    if kind == "super_majority" and len(parts) == 1:
        return super_majority_assertions(tally, parts[0])
    if kind == "seats" and len(parts) in (2, 3) and parts[1].isdigit():
        threshold = parts[2] if len(parts) == 3 else None
        return seat_assertions(
            tally, int(parts[1]), method=parts[0], threshold=threshold, tie_break=tie_break
        )
    raise DataError(
        f"unknown outcome {outcome!r}; write plurality[:K], majority, super_majority:F or "
        "seats:METHOD:SEATS[:THRESHOLD]"
    )


def planned_assertions(
    outcome: str, tally: Mapping[str, int]
) -> tuple[list[Assertion], TieError | None]:
    """The assertions to plan for, and the tie for a seat if the reported votes leave one.

    A seat tied in the reported votes is a zero margin: whichever party the law's draw gave it
    to, no sample of ballots can confirm it, only a full hand count. The assertions are then
    those of the first way of settling the tie (:func:`~hemicycle.core.ties.all_outcomes`), and
    each assertion between tied quotients is named ``… ties …``; its margin is zero, so the plan
    asks for a full count.

    >>> found, tie = planned_assertions("seats:dhondt:3", {"A": 100, "B": 100})
    >>> [a.name for a in found], tie.seat, sorted(tie.tied)
    (["A's seat 2 ties B's seat 2", "B's seat 1 beats A's seat 3"], 3, ['A', 'B'])
    """
    try:
        return outcome_assertions(outcome, tally), None
    except TieError as error:
        tie = error
    first = all_outcomes(lambda rule: outcome_assertions(outcome, tally, tie_break=rule))[0]
    named = []
    for assertion in first:
        winner, loser = assertion.sides(tally)
        if winner * (1 - assertion.share) == assertion.share * loser:
            assertion = replace(assertion, name=assertion.name.replace(" beats ", " ties "))
        named.append(assertion)
    return named, tie


def check_test(kind: str, test: str) -> None:
    """Refuse a test that does not fit the kind of audit."""
    allowed = {"polling": POLLING_TESTS, "comparison": COMPARISON_TESTS}.get(kind)
    if allowed is None:
        raise DataError(f"audit kind must be polling or comparison (got {kind!r})")
    if test not in allowed:
        raise DataError(f"a {kind} audit uses one of {', '.join(allowed)} (got {test!r})")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanRow:
    """One assertion of the plan: its margin and the sample sizes it calls for.

    ``margin`` is the assorter margin ``2·mean − 1`` the sample sizes depend on (the diluted
    vote margin for plurality; above 1 for an assertion with a small share, as a threshold's);
    ``overturn`` the fewest ballots whose reading must change for the assertion to fail
    (:meth:`~hemicycle.audit.assertions.Assertion.overturn`). ``sizes`` maps a label (``asn``,
    ``p90``) to a number of ballots, or None where no sample confirms the assertion (a tie:
    count every ballot by hand).
    """

    assertion: str
    winner_votes: int
    loser_votes: int
    share: Fraction
    margin: Fraction
    overturn: int
    sizes: Mapping[str, int | None]

    def as_json(self) -> dict[str, object]:
        """The assertion as ``hemicycle audit plan --format json`` prints it (exact fractions
        as ``"p/q"`` strings)."""
        return {
            "assertion": self.assertion,
            "winner_votes": self.winner_votes,
            "loser_votes": self.loser_votes,
            "share": fraction_text(self.share),
            "margin": fraction_text(self.margin),
            "overturn_ballots": self.overturn,
            "sizes": dict(self.sizes),
        }


def plan(
    assertions: Sequence[Assertion],
    tally: Mapping[str, int],
    ballots: int,
    *,
    kind: str,
    test: str,
    alpha: Number,
    probability: float = 0.9,
) -> list[PlanRow]:
    """Margins and sample sizes of each assertion for a correct reported outcome.

    Polling: BRAVO's average sample number and Lindeman's size for ``probability`` (BRAVO,
    ALPHA), or Minerva's size for it. Comparison: Stark's size without discrepancies and with
    one one-vote overstatement.

    >>> rows = plan(plurality_assertions({"A": 6000, "B": 4000}), {"A": 6000, "B": 4000},
    ...             10000, kind="polling", test="bravo", alpha="0.1")
    >>> dict(rows[0].sizes)
    {'asn': 119, 'p90': 351}
    """
    check_test(kind, test)
    a = risk_limit(alpha)
    if ballots < sum(tally.values()):
        raise DataError(f"{ballots} ballots cannot hold {sum(tally.values())} votes")
    rows = []
    for assertion in assertions:
        winner, loser = assertion.sides(tally)
        margin = assertion.margin(tally, ballots)
        sizes: dict[str, int | None] = {}
        confirmable = margin > 0 and winner > 0
        if kind == "polling":
            p_w, p_l = Fraction(winner, ballots), Fraction(loser, ballots)
            if not confirmable:
                sizes = {"asn": None, f"p{round(probability * 100)}": None}
            elif test == "minerva":
                size = _minerva_size(p_w, p_l, assertion.share, a, probability)
                sizes = {f"p{round(probability * 100)}": size}
            else:
                sizes["asn"] = bravo_asn(p_w, p_l, alpha=a, share=assertion.share)
                sizes[f"p{round(probability * 100)}"] = (
                    bravo_round_size(
                        p_w, p_l, alpha=a, probability=probability, share=assertion.share
                    )
                    if loser > 0
                    else sizes["asn"]
                )
        else:
            relative = margin / assertion.upper
            sizes = (
                {
                    "no_errors": comparison_sample_size(relative, alpha=a),
                    "one_overstatement": comparison_sample_size(relative, alpha=a, o1=1),
                }
                if confirmable
                else {"no_errors": None, "one_overstatement": None}
            )
        rows.append(
            PlanRow(
                assertion=assertion.name,
                winner_votes=winner,
                loser_votes=loser,
                share=assertion.share,
                margin=margin,
                overturn=assertion.overturn(tally),
                sizes=sizes,
            )
        )
    return rows


def _minerva_size(
    p_w: Fraction, p_l: Fraction, share: Fraction, alpha: Fraction, probability: float
) -> int | None:
    if p_l == 0:
        return bravo_asn(p_w, p_l, alpha=alpha, share=share)
    return minerva_round_size(
        p_w / (p_w + p_l),
        alpha=alpha,
        probability=probability,
        share=share,
        two_side_share=p_w + p_l,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Draw:
    """One draw of the sample with what was read: the round, the CVR's choice (comparison)
    and the choice read by hand (None: no valid vote in the contest)."""

    round: int
    audited: str | None
    reported: str | None = None


def assertion_risks(
    assertions: Sequence[Assertion],
    tally: Mapping[str, int],
    ballots: int,
    draws: Sequence[Draw],
    *,
    kind: str,
    test: str,
    alpha: Number,
) -> dict[str, float]:
    """The risk of each assertion after every draw so far (draws in sample order).

    >>> pair = plurality_assertions({"A": 6000, "B": 4000})
    >>> draws = [Draw(round=1, audited="A")] * 60 + [Draw(round=1, audited="B")] * 30
    >>> round(assertion_risks(pair, {"A": 6000, "B": 4000}, 10000, draws,
    ...                       kind="polling", test="bravo", alpha="0.1")["A beats B"], 4)
    0.0143
    """
    check_test(kind, test)
    a = risk_limit(alpha)
    risks: dict[str, float] = {}
    for assertion in assertions:
        if kind == "polling":
            risks[assertion.name] = _polling_risk(assertion, tally, ballots, draws, test, a)
        elif test == "kaplan_markov":
            margin = assertion.margin(tally, ballots)
            if margin <= 0:
                risks[assertion.name] = 1.0
                continue
            errors = [overstatement(assertion, d.reported, d.audited) for d in draws]
            risks[assertion.name] = min(
                1.0, float(kaplan_markov_risk(margin / assertion.upper, errors))
            )
        else:
            pairs = [(d.reported, d.audited) for d in draws]
            risks[assertion.name] = alpha_comparison_risk(assertion, pairs, dict(tally), ballots)
    return risks


def _polling_risk(
    assertion: Assertion,
    tally: Mapping[str, int],
    ballots: int,
    draws: Sequence[Draw],
    test: str,
    alpha: Fraction,
) -> float:
    winner, loser = assertion.sides(tally)
    if test == "alpha":
        return alpha_polling_risk(assertion, [d.audited for d in draws], dict(tally), ballots)
    sides = [assertion.side(d.audited) for d in draws]
    if test == "bravo":
        return bravo_risk(winner, loser, sides.count(1), sides.count(-1), share=assertion.share)
    if winner + loser == 0 or Fraction(winner, winner + loser) <= assertion.share:
        return 1.0
    sizes: list[int] = []
    won: list[int] = []
    rounds = sorted({d.round for d in draws})
    for number in rounds:
        upto = [s for d, s in zip(draws, sides, strict=True) if d.round <= number]
        size = sum(1 for s in upto if s != 0)
        if size > (sizes[-1] if sizes else 0):
            sizes.append(size)
            won.append(upto.count(1))
    if not sizes:
        return 1.0
    result = minerva_rounds(
        Fraction(winner, winner + loser), sizes, won, alpha=alpha, share=assertion.share
    )
    final = result[-1]
    return 0.0 if final.stopped and final.risk is None else float(final.risk or 0.0)


class StoredAudit(Protocol):
    """An audit as planned and stored (:class:`hemicycle.io.audit_store.AuditRecord` is one)."""

    @property
    def risk_limit(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def test(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def ballots(self) -> int: ...
    @property
    def tally(self) -> Sequence[tuple[str, int]]: ...


class SampledBallot(Protocol):
    """One draw of the stored sample: its round and the ballot (position 0 for a batch)."""

    @property
    def round(self) -> int: ...
    @property
    def batch(self) -> str: ...
    @property
    def position(self) -> int: ...


class BallotReading(Protocol):
    """What was read on a sampled ballot: by hand, and on its cast vote record (comparison)."""

    @property
    def audited(self) -> str | None: ...
    @property
    def reported(self) -> str | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundRisk:
    """The risk of a round: the round drawn last, the draws so far, each risk, the verdict."""

    round: int
    size: int
    risks: dict[str, float]
    confirmed: bool


def unread_ballots(
    sample: Sequence[SampledBallot], readings: Mapping[tuple[str, int], BallotReading]
) -> list[tuple[str, int]]:
    """The sampled ballots ``(batch, position)`` not read yet, sorted.

    >>> from types import SimpleNamespace as Row
    >>> sample = [Row(round=1, batch="b1", position=4), Row(round=1, batch="b1", position=2)]
    >>> unread_ballots(sample, {("b1", 4): Row(audited="A", reported=None)})
    [('b1', 2)]
    """
    return sorted({(s.batch, s.position) for s in sample} - set(readings))


def round_risk(
    audit: StoredAudit,
    sample: Sequence[SampledBallot],
    readings: Mapping[tuple[str, int], BallotReading],
) -> RoundRisk:
    """The risk of every assertion of a stored audit once every sampled ballot is read
    (:func:`assertion_risks`, draws in sample order); confirmed when every risk is at most the
    risk limit. DataError while a sampled ballot is still to read.
    """
    missing = unread_ballots(sample, readings)
    if missing:
        batch, position = missing[0]
        raise DataError(
            f"{len(missing)} sampled ballots are not recorded yet (first: ballot {position} of "
            f"batch {batch!r})"
        )
    if not sample:
        raise DataError("no ballot has been sampled yet")
    draws = [
        Draw(
            round=s.round,
            audited=readings[(s.batch, s.position)].audited,
            reported=readings[(s.batch, s.position)].reported,
        )
        for s in sample
    ]
    tally = dict(audit.tally)
    alpha = Fraction(audit.risk_limit)
    risks = assertion_risks(
        outcome_assertions(audit.outcome, tally),
        tally,
        audit.ballots,
        draws,
        kind=audit.kind,
        test=audit.test,
        alpha=alpha,
    )
    return RoundRisk(
        round=sample[-1].round,
        size=len(sample),
        risks=risks,
        confirmed=all(value <= alpha for value in risks.values()),
    )


__all__ = [
    "COMPARISON_TESTS",
    "POLLING_TESTS",
    "BallotReading",
    "Draw",
    "PlanRow",
    "RoundRisk",
    "SampledBallot",
    "StoredAudit",
    "assertion_risks",
    "check_test",
    "outcome_assertions",
    "plan",
    "planned_assertions",
    "round_risk",
    "unread_ballots",
]
