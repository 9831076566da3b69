"""Biproportional apportionment: official results, properties, an exact oracle, and biprop."""

from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hemicycle
from hemicycle.core import biproportional_lower
from hemicycle.core.biproportional import (
    Biproportional,
    biproportional,
    certificate_problems,
    verify,
)
from hemicycle.core.biproportional_lower import DistrictTieError
from hemicycle.core.biproportional_rounding import Signposts
from hemicycle.core.methods import METHODS
from hemicycle.core.ties import all_outcomes
from hemicycle.errors import DataError, InfeasibleError, TieError, UnknownMethodError
from reference import load_reference

DIVISOR_METHODS = [m.id for m in METHODS if m.divisor is not None]
REFERENCE = "biproportional_uri2020_zug2018.json"


def by_district(votes: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """The reference file is party → district; hemicycle takes district → party."""
    districts = next(iter(votes.values())).keys()
    return {d: {p: row[d] for p, row in votes.items()} for d in districts}


def matrix(result: Biproportional) -> dict[str, dict[str, int]]:
    return {d: dict(row) for d, row in result.seats.items()}


# --- official results ------------------------------------------------------------------------


def test_uri_2020() -> None:
    """Landratswahlen Uri, 8 March 2020, the four municipalities elected by double proportion
    (official seat matrix as encoded in the R package proporz, data-raw/uri2020.R)."""
    data = load_reference(REFERENCE)
    given_ = data["inputs"]["uri_2020"]
    expected = data["expected"]["uri_2020"]
    result = biproportional(by_district(given_["votes"]), given_["district_seats"], weighted=True)
    assert dict(result.party_seats) == expected["party_seats"]
    assert matrix(result) == by_district(expected["seat_matrix"])
    assert result.excluded == ()
    assert verify(result)
    # the weighting matters: on raw list votes Altdorf's 15-vote ballots would dominate
    raw = biproportional(by_district(given_["votes"]), given_["district_seats"])
    assert dict(raw.party_seats) != expected["party_seats"]


@pytest.mark.parametrize("rounding", ["none", "half_up"])
def test_zug_2018(rounding: Any) -> None:
    """Kantonsratswahl Zug 2018 (Kanton Zug, Gesamtergebnis der Sitzverteilung): 80 seats in 11
    municipalities, quorum 5% in one municipality or 3% canton-wide; AuBü is below it."""
    data = load_reference(REFERENCE)
    given_ = data["inputs"]["zug_2018"]
    expected = data["expected"]["zug_2018"]
    result = biproportional(
        by_district(given_["votes"]),
        given_["district_seats"],
        weighted=True,
        voter_number_rounding=rounding,
        quorum_district="5%",
        quorum_total="3%",
    )
    assert result.excluded == tuple(expected["excluded_by_quorum"])
    assert {p: s for p, s in result.party_seats.items() if s} == expected["party_seats"]
    assert matrix(result) == by_district(expected["seat_matrix"])
    assert result.house_size == given_["total_seats"]
    assert verify(result)
    assert "AuBü" not in result.party_divisors


def test_zug_quorum_is_either_rule() -> None:
    """AuBü has 3.45% in Baar and 0.90% canton-wide: each rule alone decides."""
    data = load_reference(REFERENCE)
    given_ = data["inputs"]["zug_2018"]
    votes, seats = by_district(given_["votes"]), given_["district_seats"]
    assert "AuBü" not in biproportional(votes, seats, weighted=True, quorum_district="3%").excluded
    assert "AuBü" not in biproportional(votes, seats, weighted=True, quorum_total="0.89%").excluded
    assert "AuBü" in biproportional(votes, seats, weighted=True, quorum_total="1%").excluded


def test_overall_quorum_of_voter_numbers() -> None:
    """AuBü's share of the voter numbers (0.64%) is below its share of the list votes (0.90%)."""
    data = load_reference(REFERENCE)
    given_ = data["inputs"]["zug_2018"]
    votes, seats = by_district(given_["votes"]), given_["district_seats"]
    options: dict[str, Any] = {"weighted": True, "quorum_total": "0.7%"}
    assert "AuBü" not in biproportional(votes, seats, **options).excluded
    of_voters = biproportional(votes, seats, quorum_total_of="voter_numbers", **options)
    assert of_voters.excluded == ("AuBü",)
    with pytest.raises(DataError, match="votes or voter_numbers"):
        biproportional(votes, seats, quorum_total_of="ballots", **options)


def test_certificate_rounds_each_cell() -> None:
    """The divisors are a certificate: standard rounding of votes / (D · P) gives each seat."""
    data = load_reference(REFERENCE)
    given_ = data["inputs"]["zug_2018"]
    result = biproportional(
        by_district(given_["votes"]), given_["district_seats"], weighted=True, quorum_total="3%"
    )
    for district, row in result.seats.items():
        for party, seats in row.items():
            if party in result.excluded:
                continue
            quotient = Fraction(result.votes[district][party]) / (
                result.district_divisors[district] * result.party_divisors[party]
            )
            assert quotient != Fraction(2 * seats + 1, 2)  # strict: no signpost
            assert round(quotient) == seats
    # the published style: whole district divisors, party divisors near 1
    assert all(d.denominator == 1 for d in result.district_divisors.values())
    assert all(Fraction(1, 2) < p < 2 for p in result.party_divisors.values())


def test_tampered_certificate_fails() -> None:
    result = biproportional(
        {"X": {"A": 600, "B": 400}, "Y": {"A": 350, "B": 700}}, {"X": 5, "Y": 5}
    )
    assert verify(result)
    seats = {d: dict(row) for d, row in result.seats.items()}
    seats["X"]["A"] += 1
    seats["X"]["B"] -= 1
    tampered = Biproportional(**{**_fields(result), "seats": seats})
    problems = certificate_problems(tampered)
    assert problems
    assert not verify(tampered)
    assert any("does not round" in p for p in problems)


def _fields(result: Biproportional) -> dict[str, Any]:
    return {name: getattr(result, name) for name in Biproportional.__dataclass_fields__}


# --- ties ------------------------------------------------------------------------------------

SYMMETRIC = {"X": {"A": 1, "B": 1}, "Y": {"A": 1, "B": 1}}


def test_tie_refused_by_default() -> None:
    with pytest.raises(DistrictTieError, match="tie in district 'X' for its seat 1 between A, B"):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1})
    with pytest.raises(TieError):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, tie_break="votes")


def test_tie_by_lot_is_recorded_and_reproducible() -> None:
    first = biproportional(SYMMETRIC, {"X": 1, "Y": 1}, tie_break="lot:2026")
    again = biproportional(SYMMETRIC, {"X": 1, "Y": 1}, tie_break="lot:2026")
    assert matrix(first) == matrix(again)
    assert len(first.ties) == 1
    tie = first.ties[0]
    assert (tie.district, tie.tied, tie.places, tie.rule) == ("X", {"A", "B"}, 1, "lot:2026")
    assert first.seats["X"][tie.winners[0]] == 1
    assert verify(first)


def test_tie_by_votes_in_the_district() -> None:
    """Proportional rows make every 2×2 cycle a tie; the party with more votes in the first
    district takes it."""
    votes = {"X": {"A": 6, "B": 3}, "Y": {"A": 2, "B": 1}}
    result = biproportional(votes, {"X": 1, "Y": 1}, tie_break="votes")
    assert matrix(result) == {"X": {"A": 1, "B": 0}, "Y": {"A": 0, "B": 1}}
    assert result.ties[0].winners == ("A",)


def test_all_outcomes_lists_each_resolution() -> None:
    outcomes = all_outcomes(
        lambda rule: biproportional(SYMMETRIC, {"X": 1, "Y": 1}, tie_break=rule)
    )
    assert [matrix(o) for o in outcomes] == [
        {"X": {"A": 1, "B": 0}, "Y": {"A": 0, "B": 1}},
        {"X": {"A": 0, "B": 1}, "Y": {"A": 1, "B": 0}},
    ]
    assert all(verify(o) for o in outcomes)


def _feasible(weights: list[list[int]], seats: list[list[int]], signposts: Signposts) -> bool:
    """Whether some divisors round ``weights`` to ``seats``: an independent exact oracle.

    With party multipliers ``a`` and district divisors ``y``, every cell asks
    ``s(n-1) <= w·a/y <= s(n)``: ``a <= (s(n)/w)·y`` and ``y <= (w/s(n-1))·a``. Such constraints
    ``x_u <= c·x_v`` hold for some positive ``x`` exactly when no cycle has a product below 1,
    which Bellman-Ford finds in exact arithmetic.
    """
    rows, cols = len(weights), len(weights[0])
    arcs: list[tuple[int, int, Fraction]] = []  # x_u <= c · x_v as (v, u, c)
    for i, j in itertools.product(range(rows), range(cols)):
        w, n = weights[i][j], seats[i][j]
        if w == 0:
            if n:
                return False
            continue
        arcs.append((rows + j, i, signposts.at(n) / w))
        if n > 0:
            if signposts.at(n - 1) == 0:
                continue
            arcs.append((i, rows + j, w / signposts.at(n - 1)))
    if any(c == 0 for *_, c in arcs):
        return False
    value = [Fraction(1)] * (rows + cols)
    for _ in range(rows + cols + 1):
        changed = False
        for v, u, c in arcs:
            if c * value[v] < value[u]:
                value[u] = c * value[v]
                changed = True
        if not changed:
            return True
    return False


def _matrices(rows: list[int], cols: list[int]) -> list[list[list[int]]]:
    """Every non-negative integer matrix with these row and column totals."""
    if len(rows) == 1:
        return [[list(cols)]]
    found = []
    for first in itertools.product(*(range(min(rows[0], c) + 1) for c in cols)):
        if sum(first) == rows[0]:
            rest = [c - f for c, f in zip(cols, first, strict=True)]
            found.extend([list(first), *tail] for tail in _matrices(rows[1:], rest))
    return found


@settings(max_examples=35, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=3), min_size=2, max_size=3),
    st.lists(st.integers(1, 3), min_size=3, max_size=3),
    st.sampled_from(["sainte_lague", "dhondt", "huntington_hill"]),
)
def test_tie_outcomes_are_exactly_the_solutions(
    cells: list[list[int]], magnitudes: list[int], method: str
) -> None:
    """With small votes ties abound: the outcomes of every tie resolution are exactly the seat
    matrices that some divisors certify (checked by brute force with the oracle above)."""
    width = min(len(row) for row in cells)
    votes = {f"d{j}": {f"p{i}": row[j] for i, row in enumerate(cells)} for j in range(width)}
    seats = {f"d{j}": magnitudes[j] for j in range(width)}
    try:
        outcomes = all_outcomes(
            lambda rule: biproportional(votes, seats, method=method, tie_break=rule)
        )
    except InfeasibleError:
        return
    parties = [f"p{i}" for i in range(len(cells))]
    districts = list(seats)
    upper = {tuple(o.party_seats[p] for p in parties) for o in outcomes}
    signposts = outcomes[0].signposts
    weights = [[votes[d][p] ** signposts.power for d in districts] for p in parties]
    found = {tuple(tuple(o.seats[d][p] for d in districts) for p in parties) for o in outcomes}
    expected = {
        tuple(tuple(line) for line in m)
        for party_seats in upper
        for m in _matrices(list(party_seats), [seats[d] for d in districts])
        if _feasible(weights, m, signposts)
    }
    assert found == expected
    assert all(verify(o) for o in outcomes)


# --- properties ------------------------------------------------------------------------------


@st.composite
def elections(draw: st.DrawFn) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    parties = draw(st.integers(1, 6))
    districts = draw(st.integers(1, 6))
    high = draw(st.sampled_from([20, 1_000, 1_000_000]))
    votes = {
        f"d{j}": {f"p{i}": draw(st.integers(1, high)) for i in range(parties)}
        for j in range(districts)
    }
    seats = {f"d{j}": draw(st.integers(1, 9)) for j in range(districts)}
    return votes, seats


METHOD_IDS = [m for m in DIVISOR_METHODS if m not in {"adams", "dean", "huntington_hill"}]


def _run(votes: Any, seats: Any, **options: Any) -> Biproportional | None:
    try:
        return biproportional(votes, seats, tie_break="lot:7", **options)
    except InfeasibleError:
        # every cell has votes, so only a method that gives every cell a seat can fail
        assert options.get("method") in {"adams", "dean", "huntington_hill"}
        return None


@settings(max_examples=80, deadline=None)
@given(elections(), st.sampled_from(DIVISOR_METHODS), st.booleans())
def test_totals_hold_and_certificate_verifies(
    election: tuple[dict[str, dict[str, int]], dict[str, int]], method: str, weighted: bool
) -> None:
    votes, seats = election
    result = _run(votes, seats, method=method, weighted=weighted)
    if result is None:
        return
    assert verify(result), certificate_problems(result)
    for district, magnitude in seats.items():
        assert sum(result.seats[district].values()) == magnitude
    for party, total in result.upper.seats.items():
        assert sum(result.seats[d][party] for d in seats) == total
    assert sum(result.party_seats.values()) == sum(seats.values())


@settings(max_examples=50, deadline=None)
@given(elections(), st.sampled_from(METHOD_IDS), st.integers(2, 1000), st.booleans())
def test_scaling_votes_changes_nothing(
    election: tuple[dict[str, dict[str, int]], dict[str, int]],
    method: str,
    factor: int,
    weighted: bool,
) -> None:
    votes, seats = election
    scaled = {d: {p: v * factor for p, v in row.items()} for d, row in votes.items()}
    first = _run(votes, seats, method=method, weighted=weighted)
    second = _run(scaled, seats, method=method, weighted=weighted)
    assert first is not None
    assert second is not None
    assert matrix(first) == matrix(second)


@settings(max_examples=60, deadline=None)
@given(elections(), st.sampled_from(DIVISOR_METHODS))
def test_exact_finish_agrees_with_float_start(
    election: tuple[dict[str, dict[str, int]], dict[str, int]], method: str
) -> None:
    """The exact path (tie-and-transfer from a column fit) gives what the float start gives."""
    votes, seats = election
    fast = _run(votes, seats, method=method)
    with mock.patch.object(biproportional_lower, "_clear", return_value=False):
        exact = _run(votes, seats, method=method)
    if fast is None or exact is None:
        assert fast is None
        assert exact is None
        return
    assert verify(exact)
    if not fast.ties and not exact.ties:
        assert matrix(fast) == matrix(exact)


@settings(max_examples=40, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_parties_and_districts_permutes_seats(
    election: tuple[dict[str, dict[str, int]], dict[str, int]], rng: Any
) -> None:
    votes, seats = election
    districts = list(seats)
    rng.shuffle(districts)
    parties = list(next(iter(votes.values())))
    rng.shuffle(parties)
    shuffled = {d: {p: votes[d][p] for p in parties} for d in districts}
    first = _run(votes, seats)
    second = _run(shuffled, {d: seats[d] for d in districts})
    assert first is not None
    assert second is not None
    if not first.ties and not first.upper.ties:
        assert matrix(first) == matrix(second)


# --- differential test against the biprop package -------------------------------------------


def _biprop_lower(votes: Any, rows: list[int], cols: list[int]) -> Any:
    import biprop

    election = biprop.Election(votes.astype(float))
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # biprop prints its iterations
            return np.asarray(election.lower_apportionment(party_seats=rows, region_seats=cols))
    except RecursionError:
        return None


def test_against_biprop_on_random_instances() -> None:
    """biprop (Herold 2025) runs the lower apportionment by alternating scaling in floating point.

    Instances: 150 random Sainte-Laguë matrices, 10 rank-one ones (proportional rows: every cycle
    is an exact tie) and 6 near-ties (rank one times 10**13 plus 0-2 votes per cell: one exact
    answer, beyond the reach of floats). Every disagreement is explained: a tie (biprop's matrix
    is another resolution, which our divisors certify too, or biprop cycles without converging),
    or a float failure of biprop's (it does not converge on a near-tie, or its matrix is no
    biproportional apportionment at all, by the exact oracle).
    """
    pytest.importorskip("biprop")
    rng = np.random.default_rng(2026)
    explained: dict[str, int] = {}
    for case in range(166):
        parties, districts = int(rng.integers(2, 8)), int(rng.integers(2, 8))
        if case < 150:
            votes = rng.integers(1, 100_000, size=(parties, districts)).astype(object)
        else:
            votes = np.outer(rng.integers(1, 30, parties), rng.integers(1, 30, districts))
            votes = votes.astype(object)
            if case >= 160:
                noise = rng.integers(0, 3, size=(parties, districts)).astype(object)
                votes = votes * 10**13 + noise
        magnitudes = [int(m) for m in rng.integers(1, 10, districts)]
        table = {
            f"d{j}": {f"p{i}": int(votes[i, j]) for i in range(parties)} for j in range(districts)
        }
        ours = biproportional(
            table, {f"d{j}": m for j, m in enumerate(magnitudes)}, tie_break="lot:1"
        )
        assert verify(ours)
        rows = [ours.party_seats[f"p{i}"] for i in range(parties)]
        mine = [[ours.seats[f"d{j}"][f"p{i}"] for j in range(districts)] for i in range(parties)]
        theirs = _biprop_lower(votes, rows, magnitudes)
        if theirs is not None and theirs.tolist() == mine:
            verdict = "agree"
        elif ours.ties:
            if theirs is not None:
                seats = {
                    f"d{j}": {f"p{i}": int(theirs[i, j]) for i in range(parties)}
                    for j in range(districts)
                }
                assert verify(Biproportional(**{**_fields(ours), "seats": seats}))
            verdict = "tie"
        elif theirs is None:
            verdict = "float: peer did not converge"
        else:
            weights = [[int(v) for v in line] for line in votes]
            wrong_totals = theirs.sum(axis=1).tolist() != rows
            assert wrong_totals or not _feasible(weights, theirs.tolist(), ours.signposts)
            verdict = "float: peer matrix is not biproportional"
        explained[verdict] = explained.get(verdict, 0) + 1
    assert explained.get("agree", 0) >= 150, explained
    assert explained.get("tie", 0) >= 7, explained
    assert sum(v for k, v in explained.items() if k.startswith("float")) >= 3, explained


# --- bad input -------------------------------------------------------------------------------


def test_empty_input() -> None:
    with pytest.raises(DataError, match="no votes were given"):
        biproportional({}, {"X": 3})
    with pytest.raises(DataError, match="no parties"):
        biproportional({"X": {}}, {"X": 3})


def test_negative_and_fractional_votes() -> None:
    with pytest.raises(DataError, match=r"votes of 'A' in 'X' must be non-negative \(got -3\)"):
        biproportional({"X": {"A": -3, "B": 5}}, {"X": 3})
    with pytest.raises(DataError, match="whole number"):
        biproportional({"X": {"A": 2.5}}, {"X": 3})  # type: ignore[dict-item]


def test_magnitudes_must_match_the_districts() -> None:
    with pytest.raises(DataError, match="district 'Y' has votes but no seats"):
        biproportional({"X": {"A": 3}, "Y": {"A": 4}}, {"X": 3})
    with pytest.raises(DataError, match=r"seats of district 'X' must be a whole number >= 1"):
        biproportional({"X": {"A": 3}}, {"X": 0})
    with pytest.raises(InfeasibleError, match="district 'Z' has 2 seats but no votes"):
        biproportional({"X": {"A": 3, "B": 1}}, {"X": 3, "Z": 2})


def test_infeasible_zero_pattern_names_the_parties() -> None:
    """A has votes only in X (2 seats) but earns 4 seats overall: no matrix has these totals."""
    votes = {"X": {"A": 900, "B": 100}, "Y": {"A": 0, "B": 100}, "Z": {"A": 0, "B": 100}}
    with pytest.raises(InfeasibleError, match=r"A must receive \d+ seats but the districts"):
        biproportional(votes, {"X": 2, "Y": 1, "Z": 1})


def test_zero_rows_and_columns() -> None:
    """A party without votes gets nothing and a zero row; all-zero votes are infeasible."""
    result = biproportional({"X": {"A": 5, "B": 0}, "Y": {"A": 3, "B": 0}}, {"X": 1, "Y": 1})
    assert result.party_seats["B"] == 0
    assert verify(result)
    with pytest.raises(InfeasibleError, match="no party that takes part has votes"):
        biproportional({"X": {"A": 0}}, {"X": 2})


def test_method_must_be_a_divisor_method() -> None:
    with pytest.raises(DataError, match="needs a divisor method; 'hare' is a quota method"):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, method="hare")
    with pytest.raises(UnknownMethodError):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, method="saint_lague")
    with pytest.raises(DataError, match="first divisor"):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, method="dhondt", first_divisor="1.4")


def test_bad_options() -> None:
    with pytest.raises(DataError, match="voter number rounding"):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, weighted=True, voter_number_rounding="up")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="threshold must be between"):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, quorum_district="120%")
    with pytest.raises(DataError, match="unknown party 'C'"):
        biproportional(SYMMETRIC, {"X": 1, "Y": 1}, exclude=["C"])


def test_methods_give_every_cell_a_seat_when_their_first_signpost_is_zero() -> None:
    """Adams gives a seat wherever a party has votes: A and B hold seats in both districts."""
    votes = {"X": {"A": 50, "B": 5}, "Y": {"A": 50, "B": 5}}
    with pytest.raises(InfeasibleError, match="B has 1 seat but votes in 2 districts"):
        biproportional(votes, {"X": 3, "Y": 1}, method="adams")


# --- the Python entry ------------------------------------------------------------------------


def test_python_entry_accepts_mappings_and_dataframes() -> None:
    pd = pytest.importorskip("pandas")
    data = load_reference(REFERENCE)
    given_ = data["inputs"]["uri_2020"]
    votes = by_district(given_["votes"])
    long = pd.DataFrame(
        [
            {"district": d, "party": p, "votes": v}
            for d, row in votes.items()
            for p, v in row.items()
        ]
    )
    magnitudes = pd.Series(given_["district_seats"])
    from_frame = hemicycle.biproportional(long, magnitudes, weighted=True)
    from_mapping = hemicycle.biproportional(votes, given_["district_seats"], weighted=True)
    assert matrix(from_frame) == matrix(from_mapping)
    table = pd.DataFrame(
        {
            "district": list(given_["district_seats"]),
            "seats": list(given_["district_seats"].values()),
        }
    )
    assert matrix(hemicycle.biproportional(long, table, weighted=True)) == matrix(from_mapping)
    doubled = pd.concat([long, long.head(1)])
    with pytest.raises(DataError, match="appears twice"):
        hemicycle.biproportional(doubled, magnitudes)
