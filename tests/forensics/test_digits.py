"""Digit tests: Benford's golden frequencies, calibration on clean data, power on planted fraud.

Null distribution of every test: digits of Binomial(n_i, c_i/n_i) redraws of each station's own
count, with the variance of (observed - expected) estimated one level down (see
``hemicycle.forensics.digits``). Effect sizes are Cohen's w or differences of means/shares.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from hemicycle.forensics import digits, simulate

# Benford's second-digit law as tabulated by Nigrini (2012, Table 5.1) and Mebane (2006):
# 0.11968, 0.11389, 0.10882, 0.10433, 0.10031, 0.09668, 0.09337, 0.09035, 0.08757, 0.08500,
# mean 4.18739.
BENFORD_SECOND = (
    0.11968,
    0.11389,
    0.10882,
    0.10433,
    0.10031,
    0.09668,
    0.09337,
    0.09035,
    0.08757,
    0.08500,
)


def test_benford_second_digit_golden() -> None:
    assert tuple(round(p, 5) for p in digits.benford_second_digit()) == BENFORD_SECOND
    assert round(digits.benford_second_digit_mean(), 5) == 4.18739
    assert sum(digits.benford_second_digit()) == pytest.approx(1.0)


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")
@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_benford_matches_benford_py() -> None:
    """Differential test against benford-py's expected second-digit table."""
    expected = pytest.importorskip("benford.expected")
    theirs = expected.Second(plot=False)["Expected"].to_numpy()
    np.testing.assert_allclose(digits.benford_second_digit(), theirs, atol=1e-12)
    first = expected.First(1, plot=False)["Expected"].to_numpy()
    np.testing.assert_allclose(digits.benford_first_digit(), first, atol=1e-12)


def test_digit_extraction() -> None:
    counts = np.array([0, 7, 10, 99, 100, 472, 1999, 20305])
    assert digits.second_digit(counts).tolist() == [-1, -1, 0, 9, 0, 7, 9, 0]
    assert digits.first_digit(counts).tolist() == [0, 7, 1, 9, 1, 4, 1, 2]
    assert digits.last_digit(counts).tolist() == [-1, -1, 0, 9, 0, 2, 9, 5]
    assert digits.last_two_digits(counts).tolist() == [-1, -1, 10, 99, 0, 72, 99, 5]


Plant = Callable[[simulate.SimulatedStations, int], simulate.SimulatedStations]


def _rejections(
    planted: str | Plant, reps: int, n: int = 400, column: int = 1
) -> dict[str, list[bool]]:
    """Per test, whether it rejects at 5% on each of ``reps`` simulated sets of stations."""
    found: dict[str, list[bool]] = {}
    for k in range(reps):
        stations = simulate.clean_stations(n, seed=k)
        if planted == "invented":
            stations = simulate.plant_invented_counts(stations, 0.5, seed=10_000 + k)
        elif callable(planted):
            stations = planted(stations, 10_000 + k)
        for result in digits.all_digit_tests(
            stations.votes[:, column], stations.valid, repetitions=20, seed=20_000 + k
        ):
            if result.applicable:
                found.setdefault(result.test, []).append(result.p_value < 0.05)
    return found


def test_calibration_on_clean_stations() -> None:
    """H0 true (clean binomial/multinomial stations): each test rejects at 5% ± 3 MC errors.

    With 500 sets the band is [2.1%, 7.9%]: a test that never rejects fails it, and so does one
    that rejects at 10%.
    """
    reps = 500
    found = _rejections("clean", reps)
    error = 3 * np.sqrt(0.05 * 0.95 / reps)
    low, high = 0.05 - error, 0.05 + error
    assert 0.02 < low < high < 0.08
    assert set(found) == {
        "second_digit",
        "second_digit_mean",
        "last_digit",
        "last_digit_zero_five",
        "repeated_digit_pairs",
        "adjacent_digit_pairs",
    }
    for test, rejected in found.items():
        assert len(rejected) == reps
        assert low <= np.mean(rejected) <= high, (test, np.mean(rejected))


def test_invented_last_digits_are_detected() -> None:
    """H1: half the stations' counts invented with human habits; last-digit tests reject."""
    found = _rejections("invented", 10)
    assert np.mean(found["last_digit"]) >= 0.9
    assert np.mean(found["last_digit_zero_five"]) >= 0.9
    assert np.mean(found["repeated_digit_pairs"]) >= 0.9


def test_made_up_second_digits_are_detected() -> None:
    """H1: every count of 100 or more made up from a round figure (second digit 0 three times,
    5 twice as likely): both second-digit tests reject; the last-digit tests, which look at
    digits left untouched, do not."""
    found = _rejections(lambda s, seed: simulate.plant_second_digits(s, 1.0, seed=seed), 10)
    assert np.mean(found["second_digit"]) >= 0.9
    assert np.mean(found["second_digit_mean"]) >= 0.9
    assert np.mean(found["last_digit"]) <= 0.2
    assert np.mean(found["last_digit_zero_five"]) <= 0.2


def test_avoided_adjacent_digits_are_detected() -> None:
    """H1: on half the stations no last digit sits next to the tens digit (Beber & Scacco's
    human habit): the adjacent-pair test rejects, the last-digit distribution test does not."""
    found = _rejections(lambda s, seed: simulate.plant_avoided_adjacency(s, 0.5, seed=seed), 10)
    assert np.mean(found["adjacent_digit_pairs"]) >= 0.9
    assert np.mean(found["last_digit"]) <= 0.2


def test_ballot_stuffing_is_not_a_digit_anomaly() -> None:
    """Klimek stuffing on half the stations (5% extreme) moves the leader's counts, but a
    shifted count's digits are as binomial as a clean one's, and the null is redrawn from the
    counts themselves: no digit test has power against it (each rejects near its 5% level).
    The fingerprint, the Klimek fit and the clean-peak estimate are the tools for stuffing."""
    reps = 60
    found = _rejections(
        lambda s, seed: simulate.plant_stuffing(s, 0.5, 0.05, seed=seed), reps, column=0
    )
    assert len(found) == 6
    for test, rejected in found.items():
        assert np.mean(rejected) <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / reps), test


def test_effect_and_p_value_reported() -> None:
    stations = simulate.plant_invented_counts(simulate.clean_stations(2000, seed=3), 1.0, seed=4)
    result = digits.zero_five_test(stations.votes[:, 0], stations.valid, seed=5)
    assert result.p_value < 1e-6
    assert result.effect > 0.05  # about 2/11 - 1/10 ... more zeros and fives than the null
    assert result.null.startswith("share ending in 0 or 5")
    assert result.as_json()["test"] == "last_digit_zero_five"


def test_first_digit_refused_on_narrow_counts() -> None:
    stations = simulate.clean_stations(500, seed=2)
    result = digits.first_digit_test(stations.votes[:, 0], stations.valid)
    assert not result.applicable
    assert "orders of magnitude" in result.reason


def test_first_digit_runs_on_wide_counts() -> None:
    rng = np.random.default_rng(7)
    totals = np.round(10 ** rng.uniform(1.5, 5, 3000)).astype(np.int64)
    counts = rng.binomial(totals, 0.4)
    result = digits.first_digit_test(counts, totals, seed=1)
    assert result.applicable
    assert 0 <= result.p_value <= 1
    assert len(result.observed) == 9


def test_too_few_counts_refused() -> None:
    result = digits.second_digit_test(np.array([12, 15, 30]), np.array([100, 100, 100]))
    assert not result.applicable


def test_repetitions_must_allow_a_variance() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        digits.null_draws(np.array([10]), np.array([20]), repetitions=1)
