"""Disproportionality and fragmentation indices: published values, exact identities, and the
poli-sci-kit package on random outcomes."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from poli_sci_kit.appointment import metrics

from hemicycle.analysis.disproportionality import (
    advantage_ratios,
    dhondt_index,
    disproportionality,
    effective_number,
    gallagher,
    gallagher_squared,
    golosov,
    list_votes,
    loosemore_hanby,
    rae,
    sainte_lague_index,
)
from hemicycle.core.methods import apportion
from hemicycle.errors import DataError
from hemicycle.types import ResultRow, Results

# New Zealand 2011, party votes and seats as in the README example of the `gallagher` npm
# package (kerihenare/gallagher), which prints 2.377974544114885; Gallagher's election indices
# give 2.38 for this election.
NZ_2011_VOTES = {
    "National": 1058636,
    "Labour": 614937,
    "Green": 247372,
    "NZ First": 147544,
    "Conservative": 59237,
    "Māori": 31982,
    "Mana": 24168,
    "ACT": 23889,
    "United Future": 13443,
    "Legalise Cannabis": 11738,
    "Democrats": 1714,
    "Libertarianz": 1595,
    "Alliance": 1209,
}
NZ_2011_SEATS = {
    "National": 59,
    "Labour": 34,
    "Green": 14,
    "NZ First": 8,
    "Māori": 3,
    "Mana": 1,
    "ACT": 1,
    "United Future": 1,
}


def test_new_zealand_2011_gallagher() -> None:
    value = gallagher(NZ_2011_VOTES, NZ_2011_SEATS)
    assert value == pytest.approx(2.377974544114885, rel=1e-15, abs=0)
    assert round(value, 2) == 2.38
    assert value == pytest.approx(math.sqrt(gallagher_squared(NZ_2011_VOTES, NZ_2011_SEATS)))


def test_textbook_two_party_values() -> None:
    # 60/40 votes, 7/3 seats: every deviation is 10 points.
    votes, seats = {"A": 60, "B": 40}, {"A": 7, "B": 3}
    assert loosemore_hanby(votes, seats) == 10
    assert rae(votes, seats) == 10
    assert gallagher_squared(votes, seats) == 100
    # Sainte-Laguë: 100 (0.1²/0.6 + 0.1²/0.4) = 25/6; D'Hondt: 0.7/0.6
    assert sainte_lague_index(votes, seats) == Fraction(25, 6)
    assert dhondt_index(votes, seats) == Fraction(7, 6)
    assert advantage_ratios(votes, seats) == {"A": Fraction(7, 6), "B": Fraction(3, 4)}


def test_effective_numbers() -> None:
    # Laakso & Taagepera (1979): n equal parties give n; Golosov (2010) likewise.
    assert effective_number({"A": 1, "B": 1, "C": 1, "D": 1}) == 4
    assert golosov({"A": 5, "B": 5, "C": 5}) == 3
    # (0.75, 0.25): N_LT = 1/0.625 = 1.6, N_P = 1 + 0.25/0.75 = 4/3 (Golosov 2010, table 1)
    assert effective_number({"A": 75, "B": 25}) == Fraction(8, 5)
    assert golosov({"A": 75, "B": 25}) == Fraction(4, 3)
    # a party with no votes counts for nothing
    assert golosov({"A": 75, "B": 25, "C": 0}) == Fraction(4, 3)


def test_rae_min_share_and_undefined_indices() -> None:
    votes = {"A": 600, "B": 396, "C": 4}
    seats = {"A": 6, "B": 4}
    # deviations 0, 0.4 and 0.4 points over three parties
    assert rae(votes, seats) == Fraction(8, 10) / 3
    # Rae (1967) left out parties under half a per cent
    assert rae(votes, seats, min_share=Fraction(1, 200)) == Fraction(4, 10) / 2
    report = disproportionality({"A": 10, "B": 0}, {"A": 1, "B": 1})
    assert report.sainte_lague is None
    assert report.dhondt is None
    with pytest.raises(DataError, match="seats but no votes"):
        sainte_lague_index({"A": 10, "B": 0}, {"A": 1, "B": 1})
    with pytest.raises(DataError, match="no votes entry"):
        gallagher({"A": 1}, {"B": 1})
    with pytest.raises(DataError, match="sum to zero"):
        gallagher({"A": 0}, {"A": 0})
    with pytest.raises(DataError, match="non-negative"):
        loosemore_hanby({"A": -1}, {"A": 1})


def test_report_json_is_exact_text() -> None:
    report = disproportionality({"A": 60, "B": 30, "C": 10}, {"A": 7, "B": 3})
    payload = report.as_json()
    assert payload["indices"]["loosemore_hanby"] == "10"  # type: ignore[index]
    assert payload["effective_parties"]["seats"] == "50/29"  # type: ignore[index]
    parties = payload["parties"]
    assert parties[2] == {  # type: ignore[index]
        "name": "C",
        "votes": 10,
        "seats": 0,
        "vote_share": "1/10",
        "seat_share": "0",
        "advantage": "0",
    }


def test_list_votes_sums_rows() -> None:
    rows = (
        ResultRow(district="1", list="A", candidate="x", votes=3),
        ResultRow(district="1", list="A", candidate=None, votes=2),
        ResultRow(district="2", list="B", candidate=None, votes=4),
    )
    assert list_votes(Results(rows=rows)) == {"A": 5, "B": 4}


outcomes = st.lists(st.integers(1, 10**6), min_size=2, max_size=12).flatmap(
    lambda votes: st.tuples(st.just(votes), st.integers(1, 200))
)


@settings(max_examples=60, deadline=None)
@given(outcomes)
def test_against_poli_sci_kit(case: tuple[list[int], int]) -> None:
    votes_list, house = case
    names = [f"p{i}" for i in range(len(votes_list))]
    votes = dict(zip(names, votes_list, strict=True))
    seats = dict(apportion(votes, house, method="sainte_lague", tie_break="lot:7").seats)
    v = [votes[n] for n in names]
    s = [seats[n] for n in names]
    # poli-sci-kit works on proportions; hemicycle publishes percentage points
    assert float(loosemore_hanby(votes, seats)) / 100 == pytest.approx(
        metrics.dispr_index(v, s, "Loosemore–Hanby"), abs=1e-12
    )
    assert float(rae(votes, seats)) / 100 == pytest.approx(
        metrics.dispr_index(v, s, "Rae"), abs=1e-12
    )
    assert gallagher(votes, seats) / 100 == pytest.approx(
        metrics.dispr_index(v, s, "Gallagher"), abs=1e-12
    )
    assert float(sainte_lague_index(votes, seats)) / 100 == pytest.approx(
        metrics.dispr_index(v, s, "Sainte-Laguë"), abs=1e-12
    )
    assert float(dhondt_index(votes, seats)) == pytest.approx(
        metrics.dispr_index(v, s, "d’Hondt"), rel=1e-12
    )
    total = sum(v)
    assert float(effective_number(votes)) == pytest.approx(
        metrics.effective_number_of_groups(v, "Laakso-Taagepera"), rel=1e-12
    )
    # poli-sci-kit takes the largest share from its (unnormalised) input: give it shares
    assert float(golosov(votes)) == pytest.approx(
        metrics.effective_number_of_groups([x / total for x in v], "Golosov"), rel=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(outcomes)
def test_identities(case: tuple[list[int], int]) -> None:
    votes_list, house = case
    votes = {f"p{i}": x for i, x in enumerate(votes_list)}
    seats = dict(apportion(votes, house, method="hare", tie_break="lot:7").seats)
    lh, g = loosemore_hanby(votes, seats), gallagher(votes, seats)
    # over- and under-representation each sum to LH, so Σd² ≤ 2·LH² and LSq ≤ LH
    assert g <= float(lh) + 1e-9
    assert 0 <= lh <= 100
    # both effective numbers lie between 1 and the number of parties
    for n in (effective_number(votes), golosov(votes)):
        assert 1 <= n <= len(votes)
    # with every party's shares equal, nothing is disproportional
    assert loosemore_hanby(votes, {k: x * 3 for k, x in votes.items()}) == 0
