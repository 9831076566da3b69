"""Properties of the risk measures, differential tests against rlacalc, and validity by
simulation: audits of a wrong outcome confirm it with frequency at most the risk limit."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import rlacalc
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.audit import (
    BatchCount,
    alpha_comparison_risk,
    alpha_polling_risk,
    bravo_asn,
    bravo_risk,
    comparison_sample_size,
    kaplan_markov_counts,
    kaplan_markov_risk,
    macro_risk,
    minerva_rounds,
    plurality_assertions,
    seat_assertions,
    super_majority_assertions,
)
from hemicycle.core import apportion
from hemicycle.errors import DataError, TieError

counts = st.integers(min_value=1, max_value=5000)


@settings(max_examples=60, deadline=None)
@given(w=counts, l_=counts, sw=st.integers(0, 400), sl=st.integers(0, 400))
def test_bravo_risk_monotone_in_evidence(w: int, l_: int, sw: int, sl: int) -> None:
    risk = bravo_risk(w, l_, sw, sl)
    assert 0 <= risk <= 1
    assert bravo_risk(w, l_, sw + 1, sl) <= risk  # one more ballot for the winner
    assert bravo_risk(w, l_, sw, sl + 1) >= risk  # one more for the loser


@settings(max_examples=40, deadline=None)
@given(v=counts, sw=st.integers(0, 2000), sl=st.integers(0, 2000))
def test_tied_contest_never_confirms(v: int, sw: int, sl: int) -> None:
    assert bravo_risk(v, v, sw, sl) == 1.0
    assert bravo_asn(Fraction(1, 3), Fraction(1, 3)) is None
    pair = plurality_assertions({"A": v, "B": v}, reported=("A",))[0]
    sample = ["A"] * sw + ["B"] * sl
    assert alpha_polling_risk(pair, sample, {"A": v, "B": v}, 2 * v) == 1.0
    pairs = [("A", "A")] * sw
    assert alpha_comparison_risk(pair, pairs, {"A": v, "B": v}, 2 * v) == 1.0
    with pytest.raises(DataError, match="full hand count"):
        minerva_rounds(Fraction(1, 2), [10], [10])


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 3000),
    o1=st.integers(0, 5),
    o2=st.integers(0, 3),
    u1=st.integers(0, 5),
    u2=st.integers(0, 3),
)
def test_kaplan_markov_monotone_and_matches_counts(
    n: int, o1: int, o2: int, u1: int, u2: int
) -> None:
    if o1 + o2 + u1 + u2 >= n:
        return
    m = Fraction(3, 100)
    by_counts = kaplan_markov_counts(m, n, o1=o1, o2=o2, u1=u1, u2=u2)
    errors = [Fraction(1, 2)] * o1 + [Fraction(1)] * o2 + [Fraction(-1, 2)] * u1 + [-1] * u2
    errors += [0] * (n - len(errors))
    assert kaplan_markov_risk(m, errors) == by_counts
    assert kaplan_markov_counts(m, n + 1, o1=o1, o2=o2, u1=u1, u2=u2) < by_counts
    assert kaplan_markov_counts(m, n, o1=o1 + 1, o2=o2, u1=u1, u2=u2) > by_counts


@settings(max_examples=80, deadline=None)
@given(
    margin=st.integers(1, 1000).map(lambda k: k / 1000),
    alpha=st.sampled_from([0.01, 0.05, 0.1, 0.2]),
    o1=st.integers(0, 3),
    o2=st.integers(0, 2),
    u1=st.integers(0, 3),
)
def test_differential_rlacalc_nmin(margin: float, alpha: float, o1: int, o2: int, u1: int) -> None:
    ours = comparison_sample_size(margin, alpha=alpha, gamma=1.03905, o1=o1, o2=o2, u1=u1)
    theirs = int(rlacalc.nmin(alpha=alpha, gamma=1.03905, margin=margin, o1=o1, o2=o2, u1=u1))
    # rlacalc floors the size at o1 + o2 + u1 + u1 (u1 counted twice); the floor is the number
    # of discrepancies, o1 + o2 + u1 + u2.
    if theirs > o1 + o2 + 2 * u1:
        assert ours == theirs
    else:
        assert ours == max(o1 + o2 + u1, ours) <= theirs


@settings(max_examples=80, deadline=None)
@given(
    w=counts,
    l_=counts,
    sw=st.integers(0, 300),
    sl=st.integers(0, 300),
    n=st.integers(1, 500),
    o1=st.integers(0, 3),
)
def test_differential_rlacalc_risks(w: int, l_: int, sw: int, sl: int, n: int, o1: int) -> None:
    theirs = rlacalc.ballot_polling_risk_level(w, l_, sw, sl)
    ours = bravo_risk(w, l_, sw, sl)
    if w > l_:
        assert ours == pytest.approx(min(1.0, theirs), rel=1e-9, abs=1e-300)
    margin = Fraction(max(w - l_, 1), w + l_ + 10)
    km = rlacalc.KM_P_value(n, 1.03905, float(margin), min(o1, n), 0, 0, 0)
    assert float(kaplan_markov_counts(margin, n, o1=min(o1, n))) == pytest.approx(km, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(margin=st.integers(1, 60).map(lambda k: Fraction(k, 100)))
def test_differential_rlacalc_asn(margin: Fraction) -> None:
    theirs = int(rlacalc.findAsn(margin=float(margin)))
    assert bravo_asn((1 + margin) / 2, (1 - margin) / 2) == theirs


@settings(max_examples=40, deadline=None)
@given(
    votes=st.lists(st.integers(0, 3000), min_size=2, max_size=5),
    seats=st.integers(1, 12),
    method=st.sampled_from(["dhondt", "sainte_lague", "danish"]),
)
def test_seat_assertions_imply_the_seats(votes: list[int], seats: int, method: str) -> None:
    """If every assertion holds on some true tally, that tally gives the reported seats."""
    tally = {f"P{i}": v for i, v in enumerate(votes)}
    try:
        reported = dict(apportion(tally, seats, method=method).seats)
    except TieError:
        return
    assertions = seat_assertions(tally, seats, method=method)
    assert all(a.margin(tally, sum(votes) + 1) > 0 for a in assertions)
    rng = np.random.default_rng(sum(votes) + seats)
    for _ in range(5):
        other = {p: int(v + rng.integers(-300, 300)) for p, v in tally.items()}
        other = {p: max(v, 0) for p, v in other.items()}
        if all(a.margin(other, sum(other.values()) + 1) > 0 for a in assertions):
            assert dict(apportion(other, seats, method=method, tie_break="votes").seats) == reported


def test_seat_assertion_shares() -> None:
    # D'Hondt, 3 seats: A 600, B 300, C 100 gives A 2, B 1. A's 2nd seat (600/2) must beat
    # B's 2nd (300/2): among A and B ballots, A holds more than 2/(2+2) = 1/2.
    assertions = {a.name: a for a in seat_assertions({"A": 600, "B": 300, "C": 100}, 3)}
    assert assertions["A's seat 2 beats B's seat 2"].share == Fraction(1, 2)
    assert assertions["B's seat 1 beats A's seat 3"].share == Fraction(1, 4)
    assert assertions["A's seat 2 beats C's seat 1"].share == Fraction(2, 3)
    # Adams: each party's first seat is automatic, so one seat each needs no assertion.
    assert seat_assertions({"A": 5, "B": 3}, 2, method="adams") == []
    with pytest.raises(DataError, match="quota method"):
        seat_assertions({"A": 5, "B": 3}, 2, method="hare")


def test_threshold_assertions() -> None:
    tally = {"A": 610, "B": 300, "C": 80, "D": 20}
    names = [a.name for a in seat_assertions(tally, 5, threshold="5%")]
    assert "D stays below 5% of the valid votes" in names
    assert "C reaches 5% of the valid votes" in names
    assert not any("D's seat" in n or "beats D" in n for n in names)


def _simulate(risk_of_sample, *, trials: int, seed: int) -> float:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    return sum(bool(risk_of_sample(rng) <= 0.1) for _ in range(trials)) / trials


def test_wrong_outcomes_are_confirmed_at_most_alpha() -> None:
    """Reported 55/45 for A, truly a tie (the least favourable wrong outcome)."""
    trials = 300
    reported = {"A": 5500, "B": 4500}
    pair = plurality_assertions(reported)[0]

    def bravo(rng: np.random.Generator) -> float:
        wins = int(rng.binomial(600, 0.5))
        return bravo_risk(5500, 4500, wins, 600 - wins)

    def alpha_polling(rng: np.random.Generator) -> float:
        sample = list(np.where(rng.random(300) < 0.5, "A", "B"))
        return alpha_polling_risk(pair, sample, reported, 10000)

    def comparison(rng: np.random.Generator) -> float:
        # A truly tied election reported 55/45: 5% of the ballots are B ballots recorded as A.
        wrong = rng.random(200) < 0.05
        return float(kaplan_markov_risk(Fraction(1, 10), [Fraction(1) if w else 0 for w in wrong]))

    def alpha_comparison(rng: np.random.Generator) -> float:
        # The same wrong report: a B ballot recorded as A on 5% of the draws (a two-vote
        # overstatement), the others read as recorded (A 50%, B 45%).
        u = rng.random(200)
        pairs = [("A", "B") if x < 0.05 else ("A", "A") if x < 0.55 else ("B", "B") for x in u]
        return alpha_comparison_risk(pair, pairs, reported, 10000)

    def minerva(rng: np.random.Generator) -> float:
        wins = int(rng.binomial(300, 0.5))
        (result,) = minerva_rounds(Fraction(55, 100), [300], [wins])
        return 0.0 if result.stopped else 1.0

    # 3 binomial standard errors above alpha = 0.1 with 300 trials is 0.152.
    for run in (bravo, alpha_polling, comparison, alpha_comparison, minerva):
        assert _simulate(run, trials=trials, seed=2024) <= 0.152, run.__name__


def test_correct_outcomes_are_confirmed() -> None:
    reported = {"A": 5500, "B": 4500}
    pair = plurality_assertions(reported)[0]
    rng = np.random.default_rng(7)
    sample = list(np.where(rng.random(1500) < 0.55, "A", "B"))
    assert alpha_polling_risk(pair, sample, reported, 10000) < 0.01
    assert bravo_risk(5500, 4500, sample.count("A"), sample.count("B")) < 0.01
    assert alpha_comparison_risk(pair, [("A", "A")] * 200, reported, 10000) < 0.01


def test_super_majority_and_macro() -> None:
    tally = {"Yes": 7000, "No": 3000}
    (assertion,) = super_majority_assertions(tally, "2/3")
    # v = (W(1 - f)/f - L)/N = (7000 * (1/3)/(2/3) - 3000)/10000
    assert assertion.margin(tally, 10000) == Fraction(1, 20)
    batches = {f"p{i}": BatchCount(ballots=100, votes={"Yes": 70, "No": 30}) for i in range(100)}
    clean = macro_risk([assertion], batches, ["p1"] * 30, {"p1": batches["p1"]})
    recount = BatchCount(ballots=100, votes={"Yes": 60, "No": 40})
    dirty = macro_risk([assertion], batches, ["p1"] * 30, {"p1": recount})
    assert clean < dirty
    assert macro_risk([assertion], batches, [], batches) == 0
