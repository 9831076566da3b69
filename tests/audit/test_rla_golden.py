"""Values published by the established audit tools, reproduced."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from hemicycle.audit import (
    bravo_asn,
    bravo_risk,
    bravo_round_size,
    comparison_expected_size,
    comparison_sample_size,
    kaplan_markov_counts,
    minerva_kmins,
    minerva_round_size,
    minerva_rounds,
)

NH2016 = Fraction(354040 - 337589, 354040 + 337589 + 33234)  # New Hampshire 2016 (rlacalc)


@pytest.mark.parametrize(
    ("margin", "size"), [("0.2", 24), ("0.1", 48), ("0.05", 96), ("0.002", 2393)]
)
def test_rlacalc_nmin(margin: str, size: int) -> None:
    # rlacalc 0.4 nmin(alpha=0.1, gamma=1.03905, margin): doctests of rlacalc/__init__.py.
    assert comparison_sample_size(margin, alpha="0.1", gamma="1.03905") == size


def test_rlacalc_nmin_with_discrepancies() -> None:
    assert comparison_sample_size("0.05", o1=1) == 123
    assert comparison_sample_size("0.005", o1=1, u1=1) == 1067
    assert comparison_sample_size("0.05", alpha="0.2") == 67


def test_rlacalc_km_p_value() -> None:
    # rlacalc KM_P_value(200, 1.03905, NH2016, 1, 0, 0, 0) = 0.21438135077031842, computed in
    # binary floating point; the exact value is 0.2143813507703161..., 1.1e-15 away.
    exact = kaplan_markov_counts(NH2016, 200, gamma="1.03905", o1=1)
    assert float(exact) == pytest.approx(0.21438135077031842, rel=1e-13)
    assert abs(exact - Fraction("0.2143813507703161")) < Fraction(1, 10**16)


def test_rlacalc_ballot_polling_risk_level() -> None:
    # rlacalc ballot_polling_risk_level(1410, 1132, 170, 135) = 0.1342382069344729 (Custer
    # County 2018), a float computation; the exact risk (2542/2820)^170 (2542/2264)^135 is
    # 0.13423820693447209581..., which is what hemicycle returns.
    assert bravo_risk(1410, 1132, 170, 135) == pytest.approx(0.1342382069344729, rel=1e-14)
    exact = Fraction(2542, 2820) ** 170 * Fraction(2542, 2264) ** 135
    assert bravo_risk(1410, 1132, 170, 135) == float(exact)
    assert bravo_risk(2894, 1695, 45, 32) == pytest.approx(0.47002027242290234, rel=1e-14)
    assert bravo_risk(0, 0, 2000, 0) == 1.0


@pytest.mark.parametrize(("margin", "asn"), [("0.01", 46151), ("0.04", 2902), ("0.2", 119)])
def test_rlacalc_find_asn(margin: str, asn: int) -> None:
    # rlacalc findAsn(margin) from BRAVO table 1 (Lindeman, Stark & Yates 2012).
    m = Fraction(margin)
    assert bravo_asn((1 + m) / 2, (1 - m) / 2, alpha="0.1") == asn


@pytest.mark.parametrize(
    ("alpha", "expected"), [("0.1", [8, 14, 31, 119, 470]), ("0.05", [9, 17, 39, 154, 608])]
)
def test_bravo_average_sample_numbers(alpha: str, expected: list[int]) -> None:
    # BRAVO (Lindeman, Stark & Yates 2012) table of ASNs for N = 10,000 ballots.
    shares = [Fraction(s) for s in ("0.9", "0.8", "0.7", "0.6", "0.55")]
    assert [bravo_asn(s, 1 - s, alpha=alpha) for s in shares] == expected


@pytest.mark.parametrize(
    ("p_w", "p_r", "probability", "size"),
    [
        (0.40, 0.32, 0.9, 1599),
        (0.36, 0.32, 0.9, 6067),
        (0.36, 0.32, 0.6, 2476),
        (0.52, 0.47, 0.9, 5657),
        (0.40, 0.32, 0.4, 409),
    ],
)
def test_arlo_bravo_sample_sizes(p_w: float, p_r: float, probability: float, size: int) -> None:
    # Arlo server/tests/audit_math/test_bravo.py, alpha 0.1. Arlo passes the shares as
    # Decimal(0.36), the exact binary value of the double; so do we. (With the decimal shares
    # 0.36 + 0.32 = 0.68 the size 1683 scales to exactly 2475 instead of 2476.)
    assert bravo_round_size(p_w, p_r, alpha="0.1", probability=probability) == size


def test_arlo_bravo_later_rounds() -> None:
    assert bravo_round_size(0.52, 0.47, probability=0.9, sample_winner=2923, sample_loser=2735) == (
        2636
    )
    assert bravo_round_size(0.52, 0.47, probability=0.9, sample_winner=10000) == 0


def test_minerva_kmins() -> None:
    # r2b2 src/r2b2/tests/test_minerva.py, contest 60,000 vs 40,000, alpha 0.1.
    assert minerva_kmins("0.6", [100, 200, 400], alpha="0.1") == [58, 113, 221]
    assert minerva_kmins("0.6", [13, 14, 15], alpha="0.1") == [13, None, 14]


def test_minerva_round_sizes() -> None:
    # r2b2 test_minerva_first_round_estimate and test_minerva_second_round_estimate.
    assert minerva_round_size("0.6", alpha="0.1", probability=0.9) == 179
    assert minerva_round_size("0.6", sizes=[100], winners=[54]) == 305


def test_minerva_georgia_senate_2020() -> None:
    # r2b2 test_minerva_georgia_senate_2020: 2,453,876 vs 2,358,432, alpha 0.1.
    share = Fraction(2453876, 2453876 + 2358432)
    sizes = [minerva_round_size(share, probability=p) for p in (0.7, 0.8, 0.9)]
    assert [math.ceil(1.0238785631 * n) for n in sizes] == [10486, 13205, 18005]
    rounds = minerva_rounds(share, [9903, 24000, 45600], [4950, 11900, 24000])
    assert rounds[0].ratio == pytest.approx(0.527638189598802, abs=1e-6)
    assert rounds[1].ratio == pytest.approx(2.663358309286826, abs=1e-6)
    assert rounds[2].ratio == pytest.approx(0, abs=1e-6)
    assert rounds[2].stopped
    (single,) = minerva_rounds(share, [17605], [8900])
    assert single.risk == pytest.approx(0.081750333563781, abs=1e-6)
    assert minerva_rounds(share, [17605], [17605])[0].risk < 1e-12
    assert minerva_rounds(share, [17605], [0])[0].risk == pytest.approx(1, abs=1e-6)


def test_minerva_rounds_r2b2_execute_round() -> None:
    rounds = minerva_rounds("0.6", [100, 200, 400], [57, 112, 221])
    assert [r.stopped for r in rounds] == [False, False, True]
    assert rounds[-1].risk is not None
    assert rounds[-1].risk < 0.1


def test_rlacalc_expected_sample_sizes() -> None:
    # rlacalc KM_Expected_sample_size doctests, alpha 0.05.
    assert comparison_expected_size("0.05", alpha="0.05", o1_rate="0.001", u1_rate="0.001") == 125
    assert comparison_expected_size(NH2016, alpha="0.05", o1_rate="0.001") == 291
    assert comparison_expected_size("0.05", alpha="0.05", u2_rate="0.05") == 52
    assert comparison_expected_size("0.05", alpha="0.05", o1_rate="0.05") is None
