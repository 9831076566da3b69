"""Differential tests of the candidate counts against interregnum and votelib.

On seeded random profiles, hemicycle's first past the post, SNTV and block vote are compared
with votelib's ``Plurality`` (which reports a tie for the last seat as a ``Tie``) and
interregnum's ``LimitedVotingAllocator``; instant-runoff voting with interregnum's
``InstantRunOffAllocator``; STV by the weighted inclusive Gregory method (WIGM, exact, Droop
quota) with interregnum's ``SingleTransferableVoteAllocator`` (``weighted_inclusive_gregory``,
no rounding). Every disagreement is explained by an assertion:

- **tie**: hemicycle, asked to refuse ties, raises :class:`TieError`, and the peer's winners
  are one of hemicycle's resolutions (:func:`all_outcomes`); for plurality, votelib reports
  the same tied candidates for the same number of places;
- **peer error (zero surplus)**: interregnum treats a surplus of exactly 0 (a candidate elected
  with exactly the Droop quota) as "transfer every paper at full value" (``if surplus:`` in its
  ``inclusive_gregory_transfer``), handing the elected candidate's whole vote onward. Shown
  exactly: the same peer with that one transfer neutralised gives one of hemicycle's outcomes,
  and some candidate was deemed elected with exactly the quota;
- **reading (IRV majority)**: interregnum requires a majority of all papers, hemicycle of the
  papers still in the count (Commonwealth Electoral Act 1918 s. 274(7)); a candidate holding a
  majority of continuing papers cannot be overtaken, so the readings name the same winner and
  only the number of rounds differs — the test asserts the winners are equal.

Shared methods not compared, and why: Meek's method is in neither peer; interregnum's
``gregory`` (last parcel) counts the last parcel's papers at value 1 and, on an exclusion,
moves only the last parcel — a different rule from Gregory in Electoral Law Act (NI) 1962
Sch. 5 (all of an excluded candidate's papers move, each at its own value), so comparing them
would not compare like with like. votelib's ``TransferableVoteDistributor`` can elect a
candidate several times (seats per quota) and is not compared here.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from typing import Any

from interregnum.methods import (
    InstantRunOffAllocator,
    LimitedVotingAllocator,
    SingleTransferableVoteAllocator,
)
from interregnum.methods.preferential.transferable_vote.transfer_functions import (
    weighted_gregory_transfer,
)
from votelib.convert import ApprovalToSimpleVotes
from votelib.evaluate.core import Plurality, Tie

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import (
    CandidateCount,
    block_tally,
    block_vote,
    first_past_the_post,
    sntv,
)
from hemicycle.core.irv import instant_runoff
from hemicycle.core.stv import STVRules, stv
from hemicycle.core.ties import TieBreak, all_outcomes
from hemicycle.errors import TieError

# WIGM, exact, Droop quota; equal candidates separated by the earliest stage at which they
# differed (interregnum's ``from_first_vote``), then by the tie rule.
WIGM = STVRules(name="wigm", transfer="wigm", tie_history="forward")


def _profile(rng: random.Random, candidates: int, scale: int) -> dict[tuple[str, ...], int]:
    names = [f"C{i}" for i in range(candidates)]
    box: dict[tuple[str, ...], int] = {}
    for _ in range(rng.randint(3, 3 * candidates)):
        ranking = tuple(rng.sample(names, rng.randint(1, candidates)))
        box[ranking] = box.get(ranking, 0) + rng.randint(1, scale)
    return box


def _outcomes(count: Callable[..., CandidateCount]) -> tuple[bool, list[set[str]]]:
    """Whether the count meets a tie it refuses, and the winners of every resolution."""
    try:
        return False, [set(count(tie_break="refuse").elected)]
    except TieError:
        return True, [set(c.elected) for c in all_outcomes(lambda rule: count(tie_break=rule))]


# --- plurality: first past the post, SNTV, block vote ---------------------------------------


def _votelib_plurality(votes: dict[str, int], seats: int) -> tuple[set[str], set[str], int]:
    """votelib's sure winners, the tied candidates and the places among them."""
    answer = Plurality().evaluate(dict(votes), seats)
    sure = {c for c in answer if not isinstance(c, Tie)}
    tied: set[str] = set()
    for item in answer:
        if isinstance(item, Tie):
            tied = set(item)
    return sure, tied, min(seats, len(votes)) - len(sure)


def _check_plurality(
    method: str, votes: dict[str, int], seats: int, counter: Counter[str], seed: int
) -> None:
    def count(tie_break: TieBreak | str) -> CandidateCount:
        if method == "fptp":
            return first_past_the_post(votes, tie_break=tie_break)
        if method == "sntv":
            return sntv(votes, seats, tie_break=tie_break)
        return block_vote(votes, seats, tie_break=tie_break)

    tie, outcomes = _outcomes(count)
    sure, tied, places = _votelib_plurality(votes, seats)
    if not tied:
        assert not tie, (method, votes, seats)
        assert outcomes == [sure], (method, votes, seats)
        counter["agree"] += 1
    else:
        # tie: hemicycle refuses it, and its resolutions are exactly votelib's sure winners
        # with every choice of ``places`` among the tied candidates
        assert tie, (method, votes, seats)
        assert all(o >= sure and len(o & tied) == places and o <= sure | tied for o in outcomes)
        assert len(outcomes) == _binomial(len(tied), places)
        counter["tie"] += 1
    if method != "fptp":
        peer = LimitedVotingAllocator[str]().calc(list(votes.items()), seats, random_seed=seed)
        assert {c.name for c in peer.allocation if c.seats} in outcomes


def _binomial(n: int, k: int) -> int:
    result = 1
    for i in range(k):
        result = result * (n - i) // (i + 1)
    return result


def test_plurality_methods_agree_with_votelib_and_interregnum() -> None:
    rng = random.Random(20_070_503)
    counter: Counter[str] = Counter()
    for seed in range(600):
        method = ("fptp", "sntv", "block")[seed % 3]
        candidates = rng.randint(2, 9)
        scale = rng.choice([3, 20, 100_000])  # small scales make ties common
        seats = 1 if method == "fptp" else rng.randint(1, candidates)
        if method == "block":
            names = [f"C{i}" for i in range(candidates)]
            papers = [
                tuple(rng.sample(names, rng.randint(1, seats))) for _ in range(rng.randint(1, 40))
            ]
            votes = block_tally(Ballots.from_rankings(papers, candidates=names), seats)
            # votelib's own reading of the papers as approval votes gives the same tallies
            approvals = Counter(frozenset(p) for p in papers)
            theirs = ApprovalToSimpleVotes().convert(dict(approvals))
            assert {c: theirs.get(c, 0) for c in names} == votes
        else:
            votes = {f"C{i}": rng.randint(0, scale) for i in range(candidates)}
        _check_plurality(method, votes, seats, counter, seed)
    assert counter["agree"] > 300, counter
    assert counter["tie"] > 50, counter


# --- instant-runoff voting ------------------------------------------------------------------


def test_instant_runoff_agrees_with_interregnum() -> None:
    rng = random.Random(1918)
    counter: Counter[str] = Counter()
    for seed in range(500):
        box = _profile(rng, rng.randint(2, 7), rng.choice([4, 50, 10_000]))
        ballots = Ballots.from_rankings(box)
        tie, outcomes = _outcomes(partial(instant_runoff, ballots, tie_history="forward"))
        peer = InstantRunOffAllocator[str]("from_first_vote").calc(
            [(w, r) for r, w in box.items()], random_seed=seed
        )
        theirs = {c.name for c in peer.allocation if c.seats}
        # reading (IRV majority): same winner although interregnum counts more rounds
        assert theirs in outcomes, (box, outcomes, theirs)
        counter["tie" if tie else "agree"] += 1
    assert counter["agree"] > 350, counter
    assert counter["tie"] > 10, counter


# --- STV, weighted inclusive Gregory --------------------------------------------------------


def _neutralised(round_f: Any, table: Any, source: Any, surplus: Any) -> Any:
    """interregnum's WIGM transfer with a surplus of exactly 0 moving nothing."""
    if surplus is not None and surplus == 0:
        return {}
    return weighted_gregory_transfer(round_f, table, source, surplus)


def _peer_stv(box: dict[tuple[str, ...], int], seats: int, seed: int, transfer: Any) -> set[str]:
    peer = SingleTransferableVoteAllocator[str]("droop", transfer, "noop", "from_first_vote")
    result = peer.calc([(w, r) for r, w in box.items()], seats, random_seed=seed)
    return {c.name for c in result.allocation if c.seats}


def _elected_at_quota(ballots: Ballots, seats: int) -> bool:
    """Whether, in some resolution of the count, a candidate is deemed elected with exactly
    the quota while seats remain to be filled (so interregnum transfers a surplus of 0)."""
    results: list[CandidateCount] = []

    def run(rule: TieBreak) -> tuple[str, ...]:
        results.append(stv(ballots, seats, rules=WIGM, tie_break=rule))
        return tuple(str(step) for step in results[-1].steps)  # every distinct path

    all_outcomes(run)
    return any(
        stage.totals.get(name) == result.quota and result.elected[-1] != name
        for result in results
        for stage in result.stages
        for name in stage.elected
    )


def test_stv_wigm_agrees_with_interregnum() -> None:
    rng = random.Random(200_742)
    counter: Counter[str] = Counter()
    for seed in range(700):
        box = _profile(rng, rng.randint(3, 8), rng.choice([5, 30, 1000]))
        ballots = Ballots.from_rankings(box)
        seats = rng.randint(1, min(5, len(ballots.running)))
        tie, outcomes = _outcomes(partial(stv, ballots, seats, rules=WIGM))
        theirs = _peer_stv(box, seats, seed, "weighted_inclusive_gregory")
        if theirs in outcomes:
            counter["tie" if tie else "agree"] += 1
            continue
        # peer error: the zero surplus; corrected, the peer gives one of our outcomes
        assert _elected_at_quota(ballots, seats), (box, seats, outcomes, theirs)
        assert _peer_stv(box, seats, seed, _neutralised) in outcomes, (box, seats, outcomes)
        counter["zero surplus"] += 1
    assert counter["agree"] > 550, counter
    assert counter["tie"] > 20, counter
    assert counter["zero surplus"] > 5, counter


def test_zero_surplus_reading_on_a_constructed_count() -> None:
    """A elected with exactly the quota (26 of 100, three seats): hemicycle moves nothing from A;
    interregnum moves all 26 papers to B, which elects B instead of C at the last seat."""
    box = {("A", "B"): 26, ("B",): 20, ("C",): 24, ("D",): 30}
    ballots = Ballots.from_rankings(box)
    ours = stv(ballots, 3, rules=WIGM)
    assert ours.quota == Fraction(26)
    assert set(ours.elected) == {"A", "C", "D"}
    assert _peer_stv(box, 3, 0, "weighted_inclusive_gregory") == {"A", "B", "D"}
    assert _peer_stv(box, 3, 0, _neutralised) == {"A", "C", "D"}
