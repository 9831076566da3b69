"""Batch draws for MACRO, against Arlo's own snapshot tests (votingworks/arlo,
server/tests/audit_math/test_sampler.py and snapshots/snap_test_sampler.py)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.audit.assertions import plurality_assertions
from hemicycle.audit.batch_sampling import arlo_batch_sample, arlo_weights
from hemicycle.audit.batch_workflow import batch_plan, batch_risk, check_batch_tallies
from hemicycle.audit.macro import BatchCount, error_bounds
from hemicycle.audit.sampling import next_fraction, sha256_hex
from hemicycle.errors import DataError

SEED = "12345678901234567890abcdefghijklmnopqrstuvwxyz😊"

# Arlo's fixture ``macro_batches``: pct 0-9 report 40 to 10 of 50 ballots, pct 11-19 report 20
# to 30; the contest reports 600 to 400 (V = 200), so u_p is 80/200 or 40/200.
MACRO_BATCHES = [("Jx 1", f"pct {i}") for i in range(10)] + [
    ("Jx 1", f"pct {i}") for i in range(11, 20)
]
MACRO_BOUNDS = [Fraction(80, 200)] * 10 + [Fraction(40, 200)] * 9


def test_arlo_macro_sample() -> None:
    # "test_draw_macro_sample 1": the batches drawn, and the tickets of first draws (the
    # snapshot of that version shows them cut to 18 characters).
    sample = arlo_batch_sample(MACRO_BATCHES, MACRO_BOUNDS, SEED, 10)
    assert [d.batch for d in sample] == [
        "pct 8",
        "pct 6",
        "pct 8",
        "pct 0",
        "pct 9",
        "pct 14",
        "pct 18",
        "pct 17",
        "pct 8",
        "pct 2",
    ]
    assert [d.generation for d in sample] == [1, 1, 2, 1, 1, 1, 1, 1, 3, 1]
    firsts = {d.batch: d.ticket[:18] for d in sample if d.generation == 1}
    assert firsts == {
        "pct 8": "0.6420743205882562",
        "pct 6": "0.6349030283573189",
        "pct 0": "0.0964865662755737",
        "pct 9": "0.8355538920117207",
        "pct 14": "0.9722586520568512",
        "pct 18": "0.0303382179604618",
        "pct 17": "0.5463930638831358",
        "pct 2": "0.8474302491899700",
    }
    # Arlo chains a batch's later tickets from the trimmed earlier one (same snapshot).
    assert next_fraction("0.6420743205882562")[:18] == "0.6504322149442543"
    assert next_fraction("0.6504322149442543")[:18] == "0.6740803217373787"
    # "test_draw_more_macro_sample": round 2 continues round 1.
    more = arlo_batch_sample(MACRO_BATCHES, MACRO_BOUNDS, SEED, 5, previous=MACRO_BATCHES[:5])
    assert [d.batch for d in more] == ["pct 14", "pct 18", "pct 17", "pct 8", "pct 2"]
    assert [d.draw for d in more] == [6, 7, 8, 9, 10]


def test_arlo_full_hand_tally() -> None:
    # "test_draw_macro_full_hand_tally 1" and "2": a sample as large as the number of batches
    # is every batch not drawn before, in sorted order.
    close = [("Jx 1", f"pct {i}") for i in range(1, 5)]
    bounds = [Fraction(3, 2), Fraction(3, 2), Fraction(1, 2), Fraction(1, 2)]
    everything = arlo_batch_sample(close, bounds, SEED, 4)
    assert [(d.ticket, d.batch) for d in everything] == [
        ("0.370405751560609643", "pct 1"),
        ("0.847430249189970028", "pct 2"),
        ("0.851346057402501613", "pct 3"),
        ("0.328034953571610594", "pct 4"),
    ]
    rest = arlo_batch_sample(close, bounds, SEED, 4, previous=[("Jx 1", "pct 1")])
    assert [(d.ticket, d.batch) for d in rest] == [
        ("0.847430249189970028", "pct 2"),
        ("0.851346057402501613", "pct 3"),
        ("0.328034953571610594", "pct 4"),
    ]


@settings(max_examples=25, deadline=None)
@given(
    bounds=st.lists(st.fractions(min_value=0, max_value=5), min_size=2, max_size=12).filter(
        lambda b: sum(b) > 0
    ),
    seed=st.text(max_size=12),
)
def test_same_draws_as_numpy_choice(bounds: list[Fraction], seed: str) -> None:
    # Arlo calls default_rng(int(sha256, 16)).choice(batches, n, p=weights, replace=True).
    keys = [("J", f"b{i}") for i in range(len(bounds))]
    n = len(bounds) - 1
    ours = [keys.index((d.jurisdiction, d.batch)) for d in arlo_batch_sample(keys, bounds, seed, n)]
    generator = np.random.default_rng(int(sha256_hex(seed), 16))
    expected = generator.choice(len(keys), n, p=arlo_weights(bounds), replace=True)
    assert ours == [int(i) for i in expected]


def test_ppeb_draws_in_proportion() -> None:
    keys = [("", "heavy"), ("", "light"), ("", "none")]
    draws = arlo_batch_sample(keys, [Fraction(3), Fraction(1), Fraction(0)], "2024", 2)
    assert all(d.batch != "none" for d in draws)
    generator = np.random.default_rng(int(sha256_hex("2024"), 16))
    picks = generator.choice(3, 4000, p=arlo_weights([Fraction(3), Fraction(1), Fraction(0)]))
    assert 0.72 < float(np.mean(picks == 0)) < 0.78


def test_bad_batches() -> None:
    with pytest.raises(DataError, match="every error bound is 0"):
        arlo_weights([Fraction(0), Fraction(0)])
    with pytest.raises(DataError, match="appears twice"):
        arlo_batch_sample([("", "a"), ("", "a")], [Fraction(1)] * 2, "1", 1)
    with pytest.raises(DataError, match="the results give 5"):
        check_batch_tallies({"A": 5}, {("", "p"): BatchCount(ballots=9, votes={"A": 4})})
    with pytest.raises(DataError, match="only 3 ballots"):
        check_batch_tallies({"A": 4}, {("", "p"): BatchCount(ballots=3, votes={"A": 4})})


def _batches() -> dict[tuple[str, str], BatchCount]:
    return {("", f"p{i}"): BatchCount(ballots=100, votes={"A": 60, "B": 40}) for i in range(20)}


def test_plan_and_risk() -> None:
    tally = {"A": 1200, "B": 800}
    pair = plurality_assertions(tally)
    rows, size = batch_plan(pair, tally, _batches(), alpha="0.1")
    # U = 20 · (20 + 100)/400 = 6: ⌈ln 0.1 / ln(5/6)⌉ = 13.
    assert sum(error_bounds(pair, {repr(k): b for k, b in _batches().items()}).values()) == 6
    assert size == rows[0].sizes["batches"] == 13
    draws = [("", f"p{i}") for i in range(13)]
    clean = batch_risk(pair, _batches(), draws, {k: {"A": 60, "B": 40} for k in draws})
    assert clean.risk == Fraction(5, 6) ** 13
    assert not clean.full_count
    # An overstatement in a drawn batch raises the risk: e = 20/400, u = 120/400.
    dirty = {k: {"A": 60, "B": 40} for k in draws} | {("", "p0"): {"A": 50, "B": 50}}
    assert batch_risk(pair, _batches(), draws, dirty).risk == Fraction(5, 6) ** 13 * Fraction(6, 5)
    # A full count decides: the reported winner holds or the outcome is overturned.
    every = list(_batches())
    held = batch_risk(pair, _batches(), every, {k: {"A": 60, "B": 40} for k in every})
    assert (held.risk, held.full_count, held.overturned) == (0, True, False)
    lost = batch_risk(pair, _batches(), every, {k: {"A": 40, "B": 60} for k in every})
    assert (lost.risk, lost.overturned) == (1, True)
