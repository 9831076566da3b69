"""Rivest's SHA-256 samplers, byte for byte against their published test vectors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.audit.manifest import BallotManifest, ballot_id, ppeb_sample, sample_ballots
from hemicycle.audit.sampling import (
    consistent_sample,
    first_fraction,
    next_fraction,
    rivest_sample,
    sha256_uniform,
)
from hemicycle.errors import DataError

# C. Jerdonek, rivest-sampler-tests, tests.json (checked against Rivest's sampler.py of
# 14 November 2011): draws from 1..total, "allowing duplicates".
RIVEST_2011 = [
    ("0", 1000, [905, 573, 160]),
    ("0", 2, [1, 1, 2]),
    ("1", 1000, [97, 89, 163]),
    ("0000000000", 1000, [978, 359, 132]),
    ("999999999999999999999999", 1000, [544, 800, 654]),
    ("abcde", 1000, [247, 427, 157]),
]


@pytest.mark.parametrize(("seed", "total", "expected"), RIVEST_2011)
def test_rivest_2011_vectors(seed: str, total: int, expected: list[int]) -> None:
    assert rivest_sample(seed, 3, 1, total) == expected


def test_consistent_sampler_docstring_vectors() -> None:
    # R. L. Rivest, consistent_sampler.py (2018), the examples of its docstrings.
    assert sha256_uniform("abc") == (
        "0.56998071861792858926477341561059638840106636224182943832566300809078486324348"
    )
    assert first_fraction("AB-130", "01382438112797316654") == (
        "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
    )
    assert next_fraction(
        "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
    ) == ("0.8232357229934205790595761924514048157652891124687533667363938813600770093316")
    assert next_fraction("0.25471") == (
        "0.642853261655004694691182528114375607701032283189922170593838029306715548381901"
    )
    draws = consistent_sample(["ab-1", "ab-2", "cd-1", "ef-3"], "314159")
    assert [(t.trimmed(9), t.id, t.generation) for t in draws] == [
        ("0.317685817", "cd-1", 1),
        ("0.832984519", "ef-3", 1),
        ("0.9098039269", "ab-1", 1),
        ("0.9231549043", "ab-2", 1),
    ]
    heap_ids = consistent_sample(["dog", "cat", "fish", "goat"], "xy()134!g2n")
    assert next(heap_ids).number.startswith("0.24866413894129579898796850445568128508290132")


def test_arlo_ballot_sample() -> None:
    # Arlo, server/tests/audit_math/snapshots/snap_test_sampler.py, "test_draw_sample 1":
    # four batches of 25 ballots, 20 draws with replacement, 18 digits.
    manifest = BallotManifest.of({f"pct {i}": 25 for i in range(1, 5)})
    seed = "12345678901234567890abcdefghijklmnopqrstuvwxyz😊"
    expected = [
        ("0.000617786129909912", "pct 2", 3, 1),
        ("0.002991631653037245", "pct 3", 24, 1),
        ("0.012057030610635061", "pct 1", 25, 1),
        ("0.017930028930651931", "pct 4", 19, 1),
        ("0.025599454926985137", "pct 3", 15, 1),
        ("0.045351055354441163", "pct 1", 7, 1),
        ("0.063913979803461405", "pct 1", 8, 1),
        ("0.064553852798863609", "pct 1", 22, 1),
        ("0.078998835671540970", "pct 1", 20, 1),
        ("0.090240829778172783", "pct 3", 12, 1),
        ("0.096136506157297637", "pct 1", 20, 2),
        ("0.104280162683637014", "pct 4", 17, 1),
        ("0.108948480696023984", "pct 1", 25, 2),
        ("0.111195681310332785", "pct 1", 4, 1),
        ("0.114438612046531251", "pct 4", 3, 1),
        ("0.130457464320709301", "pct 2", 1, 1),
        ("0.133484785501449819", "pct 1", 12, 1),
        ("0.134519219670087860", "pct 3", 20, 1),
        ("0.135840440920085144", "pct 3", 10, 1),
        ("0.138772253094235762", "pct 4", 20, 1),
    ]
    sample = sample_ballots(manifest, seed, 20)
    assert [(s.ticket, s.batch, s.position, s.generation) for s in sample] == expected
    # Round 2 continues round 1 ("test_draw_more_samples").
    second = sample_ballots(manifest, seed, 10, already_drawn=10)
    assert [(s.ticket, s.batch, s.position) for s in second] == [e[:3] for e in expected[10:]]
    assert [s.draw for s in second] == list(range(11, 21))


@settings(max_examples=25, deadline=None)
@given(
    ids=st.sets(st.text(min_size=1, max_size=6), min_size=2, max_size=12),
    seed=st.text(max_size=10),
)
def test_consistency_under_subsets(ids: set[str], seed: str) -> None:
    everything = [t.id for t in consistent_sample(sorted(ids), seed)]
    half = set(sorted(ids)[::2])
    assert [t.id for t in consistent_sample(sorted(half), seed)] == [
        i for i in everything if i in half
    ]


def test_without_replacement_is_a_permutation() -> None:
    manifest = BallotManifest.of([("A", 3), ("B", 2)])
    sample = sample_ballots(manifest, "7", 10, with_replacement=False)
    assert sorted((s.batch, s.position) for s in sample) == [
        ("A", 1),
        ("A", 2),
        ("A", 3),
        ("B", 1),
        ("B", 2),
    ]


def test_ballot_id_is_arlos() -> None:
    assert ballot_id("pct 2", 3) == "('pct 2', 3)"
    assert ballot_id("O'Brien", 1) == '("O\'Brien", 1)'


def test_ppeb_draws_in_proportion() -> None:
    from fractions import Fraction

    picks = ppeb_sample({"a": Fraction(3), "b": Fraction(1)}, "2024", 4000)
    assert 0.72 < picks.count("a") / 4000 < 0.78
    assert (
        ppeb_sample({"a": Fraction(3), "b": Fraction(1)}, "2024", 5, already_drawn=3)
        == (picks[3:8])
    )


def test_bad_manifests() -> None:
    with pytest.raises(DataError, match="appears twice"):
        BallotManifest.of([("A", 1), ("A", 2)])
    with pytest.raises(DataError, match="integer >= 0"):
        BallotManifest.of({"A": -1})
    with pytest.raises(DataError, match="distinct"):
        list(consistent_sample(["x", "x"], "1"))
