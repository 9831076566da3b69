"""Integer-percentage test (Kobak, Shpilkin & Pshenichnikov 2016).

Null distribution: issued* ~ Binomial(registered, issued/registered) and leader* ~
Binomial(cast, leader/cast) per kept station; effect size: excess integer stations over the exact
null expectation; p-value: one-sided Monte Carlo (1 + #{null ≥ observed}) / (R + 1).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.forensics import round_numbers as rn
from hemicycle.forensics import simulate


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**7), st.data())
def test_integer_window_is_exact(whole: int, data: st.DataObject) -> None:
    part = data.draw(st.integers(min_value=0, max_value=whole))
    percent = Fraction(100 * part, whole)
    expected = abs(percent - round(percent)) < Fraction(1, 20)
    got = rn.is_integer_percentage(np.array([part]), np.array([whole]))[0]
    assert bool(got) == expected


def test_exact_probability_matches_enumeration() -> None:
    from scipy import stats

    for n, p in [(100, 0.3), (457, 0.61), (1999, 0.5), (2500, 0.999), (150, 0.0), (150, 1.0)]:
        k = np.arange(n + 1)
        mask = rn.is_integer_percentage(k, np.full(k.size, n))
        brute = float(stats.binom.pmf(k, n, p)[mask].sum())
        exact = rn.integer_probability(np.array([n]), np.array([p]))[0]
        assert abs(exact - brute) < 1e-9


def test_fast_null_equals_binomial_redraws_in_distribution() -> None:
    """The Bernoulli shortcut and literal binomial redraws give the same null (mean and sd)."""
    s = simulate.clean_stations(3000, seed=11)
    keep = rn.kobak_filter(s.registered, s.issued, s.cast)
    fast = rn.integer_percentage_test(
        s.registered, s.issued, s.cast, s.leader, repetitions=400, seed=1
    )
    slow = rn.binomial_null_counts(
        s.registered[keep],
        s.issued[keep],
        s.cast[keep],
        s.leader[keep],
        repetitions=400,
        seed=2,
    )
    for i in range(3):
        standard_error = fast.null_sd[i] * np.sqrt(2 / 400)
        assert abs(slow[:, i].mean() - fast.expected[i]) < 4 * standard_error
        assert abs(slow[:, i].std() - fast.null_sd[i]) < 0.25 * fast.null_sd[i]


def test_calibration_on_clean_stations() -> None:
    """Clean stations: each of the three counts rejects at 5% ± 3 Monte Carlo errors.

    With 400 sets of 300 stations the band is [1.7%, 8.3%]: a test that never rejects fails it,
    and so does one that rejects at 10%. (The counts are discrete, so the exact size is a
    little below 5%.)
    """
    reps = 400
    rejected = np.zeros(3)
    normal = np.zeros(3)
    for k in range(reps):
        s = simulate.clean_stations(300, seed=100 + k)
        result = rn.integer_percentage_test(
            s.registered, s.issued, s.cast, s.leader, repetitions=199, seed=k
        )
        rejected += np.asarray(result.p_values) <= 0.05
        normal += np.asarray(result.normal_p_values) <= 0.05
    error = 3 * np.sqrt(0.05 * 0.95 / reps)
    low, high = 0.05 - error, 0.05 + error
    assert 0.015 < low < high < 0.085
    for rates in (rejected / reps, normal / reps):
        assert np.all((low <= rates) & (rates <= high)), rates


def test_planted_integer_percentages_are_detected() -> None:
    """H1: 5% of 5,000 stations rounded to whole percentages; excess ≈ planted, p small."""
    clean = simulate.clean_stations(5000, seed=21)
    rigged = simulate.plant_integer_percentages(clean, 0.05, seed=22)
    result = rn.integer_percentage_test(
        rigged.registered, rigged.issued, rigged.cast, rigged.leader, repetitions=500, seed=3
    )
    assert max(result.p_values) <= 0.01
    assert max(result.normal_p_values) <= 1e-6
    either, leader, turnout = result.excess
    assert 150 <= either <= 300  # 250 planted, minus those already integer by chance
    assert leader > 100
    assert turnout > 100


def test_filter_and_report_fields() -> None:
    registered = np.array([99, 100, 200, 200, 300])
    issued = np.array([50, 100, 150, 120, 0])
    cast = np.array([50, 100, 150, 120, 0])
    keep = rn.kobak_filter(registered, issued, cast)
    assert keep.tolist() == [False, False, True, True, False]
    result = rn.integer_percentage_test(
        registered, issued, cast, np.array([10, 50, 75, 60, 0]), repetitions=20, seed=0
    )
    assert result.kept == 2
    assert result.observed == (2, 2, 2)  # 75.0%, 60.0% turnout; 50.0% and 50.0% leader
    assert result.as_json()["kinds"] == ["either", "leader", "turnout"]
