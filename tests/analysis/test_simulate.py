"""Monte Carlo projections: exact agreement with the law engine draw by draw, the same answer
on every backend, degenerate and calibrated uncertainty, and bad inputs."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.analysis.simulate import Simulation, simulate
from hemicycle.analysis.simulate_law import Electorate, LawPlan, fix_candidate_tiers
from hemicycle.analysis.simulate_models import DirichletShares, LogitNormalShares, normalised
from hemicycle.analysis.simulate_run import CHUNK, Job, plan_tasks, run_here
from hemicycle.analysis.simulate_summary import SeatDistribution
from hemicycle.core import apportion
from hemicycle.errors import DataError, LawError
from hemicycle.law import Law, load_law, parse_law, tabulate
from hemicycle.types import DistrictTotals, ResultRow, Results
from reference import load_reference


def law_text(body: str, law_id: str = "toy") -> Law:
    head = f'id = "{law_id}"\nname = "Toy"\ncountry = "Nowhere"\nstatute = "Toy Act"\n'
    return parse_law(head + 'date = "2025"\n' + body)


NATIONAL_TEXT = """
[[tiers]]
id = "nation"
kind = "district"
formula = "sainte_lague"
districts = [{ id = "Nation", seats = 120 }]
[tiers.threshold]
national = "5%"
"""
NATIONAL = law_text(NATIONAL_TEXT)

# Hare quotas with an electoral-quotient threshold in three districts, and compensatory seats
# over all of them by D'Hondt with a national threshold and an exempt minority list
# (the shape of Iraq's 2010 law and CPA Order 96).
REGIONS = law_text(
    """
[[tiers]]
id = "provinces"
kind = "district"
formula = "hare"
districts = [
  { id = "North", seats = 7 }, { id = "Centre", seats = 11 }, { id = "South", seats = 5 },
]
[tiers.threshold]
quotas = 1
[[tiers]]
id = "compensatory"
kind = "national"
formula = "dhondt"
uses = "provinces"
seats = 6
[tiers.threshold]
national = "4%"
exempt = ["M"]
"""
)

# Constituencies by plurality, covered by list seats allocated nationally over regions, with
# a threshold of 5% or two constituencies (the shape of the Bundeswahlgesetz 2023).
COVERED = law_text(
    """
[[tiers]]
id = "constituencies"
kind = "district"
formula = "fptp"
districts = [
  { id = "C1", seats = 1, region = "East" }, { id = "C2", seats = 1, region = "East" },
  { id = "C3", seats = 1, region = "West" }, { id = "C4", seats = 1, region = "West" },
]
[[tiers]]
id = "lists"
kind = "national"
formula = "sainte_lague"
lower = "sainte_lague"
coverage = "constituencies"
seats = 40
districts = [{ id = "East" }, { id = "West" }]
[tiers.threshold]
national = "5%"
constituency_wins = 2
wins_in = "constituencies"
"""
)

# Blank ballots in a Hare quotient with lists below it excluded (Lebanon, Law 44/2017 art. 99),
# and remainders only for lists that won a whole quotient: the law engine's own path.
BLANKS = law_text(
    """
[[tiers]]
id = "majors"
kind = "district"
formula = "hare"
blank_in_quota = true
remainders = "quota_winners"
lists = "none"
districts = [{ id = "One", seats = 8 }, { id = "Two", seats = 5 }]
[tiers.threshold]
quotas = 1
"""
)


def plan_for(law: Law, electorate: Electorate, baseline: Results | None = None) -> LawPlan:
    return LawPlan.of(law, electorate, fix_candidate_tiers(law, baseline, seed="t"), tie_seed="t")


def engine_seats(
    plan: LawPlan, votes: np.ndarray, row: int, extra: Results | None = None
) -> list[int]:
    """The law engine's seats for one simulated draw (with the baseline's candidate tiers)."""
    e = plan.electorate
    rows = [
        ResultRow(district=d, list=p, candidate=None, votes=int(votes[row, j, k]))
        for j, d in enumerate(e.districts)
        for k, p in enumerate(e.parties)
        if e.stands[j, k]
    ]
    totals = [
        DistrictTotals(district=d, blank=int(b), valid=int(votes[row, j].sum()) + int(o))
        for j, (d, b, o) in enumerate(zip(e.districts, e.blank, e.other, strict=True))
    ]
    if extra is not None:
        listed = set(e.districts)
        rows += [r for r in extra.rows if r.district not in listed]
    results = Results(
        rows=tuple(rows),
        candidates=extra.candidates if extra else (),
        totals=tuple(totals),
    )
    outcome = tabulate(plan.law, results, partial=True, seed="t")
    return [outcome.seats.get(name, 0) for name in plan.parties]


def sampled(plan: LawPlan, model: Any, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    votes = plan.electorate.votes(model.draw(np.random.default_rng(seed), 0, count))
    return votes, plan.seats(votes)


def random_district_shares(law: Law, parties: int, seed: int) -> dict[str, dict[str, float]]:
    rng = np.random.default_rng(seed)
    names = [f"L{i}" for i in range(parties)]
    result = {}
    for tier in law.tiers:
        if tier.elects_candidates:
            continue
        for district in tier.districts:
            weights = rng.uniform(0, 1, parties) ** 3
            weights[rng.uniform(0, 1, parties) < 0.2] = 0  # lists that do not stand here
            weights[0] = max(weights[0], 0.05)
            result[district.id] = dict(zip(names, weights.tolist(), strict=True))
    return result


# --- agreement with the law engine on sampled draws ----------------------------------------


def test_iraq_2023_matches_the_engine_draw_by_draw() -> None:
    law = load_law("iraq-2023")
    shares = random_district_shares(law, 9, seed=11)
    districts = list(shares)
    parties = [f"L{i}" for i in range(9)]
    seats = {d.id: d.seats for d in law.tiers[0].districts}
    electorate = Electorate.of(
        parties,
        districts,
        [[shares[d][p] for p in parties] for d in districts],
        [seats[d] * 60_000 for d in districts],
    )
    plan = plan_for(law, electorate)
    assert plan.outside == 9  # the minority seats have no baseline here
    votes, projected = sampled(
        plan, DirichletShares(shares=electorate.centre, sample_size=800), 30, 1
    )
    for row in range(30):
        assert projected[row].tolist() == engine_seats(plan, votes, row)


@pytest.mark.parametrize(
    "formula",
    [
        "dhondt",
        "sainte_lague",
        "modified_sainte_lague",
        "huntington_hill",
        "adams",
        "dean",
        "danish",
        "imperiali",
        "hare",
        "droop",
        "hagenbach_bischoff",
        "imperiali_quota",
    ],
)
def test_every_list_formula_matches_the_engine(formula: str) -> None:
    first = '\nfirst_divisor = "1.4"' if formula == "modified_sainte_lague" else ""
    law = law_text(
        f"""
[[tiers]]
id = "regions"
kind = "district"
formula = "{formula}"{first}
districts = [{{ id = "Upper", seats = 9 }}, {{ id = "Lower", seats = 14 }}]
[tiers.threshold]
national = "12%"
district = "15%"
"""
    )
    parties = ["A", "B", "C", "D", "E"]
    electorate = Electorate.of(
        parties,
        ["Upper", "Lower"],
        [[38, 27, 18, 11, 6], [22, 41, 9, 20, 8]],
        [400_000, 650_000],
        other=[60_000, 0],  # valid votes of lists outside the projection count in the shares
    )
    plan = plan_for(law, electorate)
    votes, projected = sampled(
        plan, DirichletShares(shares=electorate.centre, sample_size=150), 25, 7
    )
    for row in range(25):
        assert projected[row].tolist() == engine_seats(plan, votes, row)
    assert (projected.sum(axis=1) == 23).all()


def test_iraq_2023_minority_seats_are_held_at_the_baseline() -> None:
    law = load_law("iraq-2023")
    shares = random_district_shares(law, 6, seed=3)
    seats = {d.id: d.seats or 0 for d in law.tiers[0].districts}
    rows = [
        ResultRow(district=d, list=p, candidate=None, votes=round(w * seats[d] * 20_000))
        for d, table in shares.items()
        for p, w in table.items()
        if w > 0
    ]
    # every minority seat: the Babylon Movement's candidate wins, except the Yazidi seat
    for district in law.tiers[1].districts:
        winner = "Yazidi Progress" if "Yazidi" in district.id else "Babylon Movement"
        rows.append(ResultRow(district=district.id, list=winner, candidate="W", votes=900))
        rows.append(ResultRow(district=district.id, list="Other", candidate="X", votes=400))
    result = simulate(
        law, baseline=Results(rows=tuple(rows)), sample_size=1500, simulations=200, seed=2
    )
    assert result.outside == 0
    assert result.missing_districts == ()
    assert result.party("Babylon Movement").histogram[8] == 200
    assert result.party("Yazidi Progress").histogram[1] == 200
    assert "Other" not in [d.name for d in result.parties]  # it won no seat anywhere
    assert sum(d.mean for d in result.parties) == 329


def test_quota_and_compensatory_tiers_match_the_engine() -> None:
    parties = ["A", "B", "C", "D", "M"]
    table = [[40, 30, 20, 7, 3], [25, 35, 10, 25, 5], [50, 5, 30, 10, 5]]
    electorate = Electorate.of(parties, ["North", "Centre", "South"], table, [9e5, 1.4e6, 6e5])
    plan = plan_for(REGIONS, electorate)
    model = DirichletShares(shares=electorate.centre, sample_size=60)  # wide: thresholds bite
    votes, projected = sampled(plan, model, 60, 2)
    for row in range(60):
        assert projected[row].tolist() == engine_seats(plan, votes, row)
    assert len({tuple(r) for r in projected.tolist()}) > 5


def test_blank_ballots_and_quota_winners_take_the_engine_path() -> None:
    parties = ["A", "B", "C", "D"]
    electorate = Electorate.of(
        parties,
        ["One", "Two"],
        [[45, 30, 15, 10], [20, 50, 22, 8]],
        [80_000, 50_000],
        blank=[4_000, 9_000],
    )
    plan = plan_for(BLANKS, electorate)
    votes, projected = sampled(
        plan, DirichletShares(shares=electorate.centre, sample_size=300), 40, 3
    )
    for row in range(40):
        assert projected[row].tolist() == engine_seats(plan, votes, row)


def covered_baseline() -> Results:
    rows = [
        ResultRow(district="East", list="A", candidate=None, votes=420_000),
        ResultRow(district="East", list="B", candidate=None, votes=330_000),
        ResultRow(district="East", list="C", candidate=None, votes=40_000),
        ResultRow(district="East", list="D", candidate=None, votes=60_000),
        ResultRow(district="West", list="A", candidate=None, votes=300_000),
        ResultRow(district="West", list="B", candidate=None, votes=450_000),
        ResultRow(district="West", list="C", candidate=None, votes=30_000),
        ResultRow(district="West", list="D", candidate=None, votes=35_000),
    ]
    winners = {"C1": ("C", "Carla"), "C2": ("C", "Cem"), "C3": ("B", "Bea"), "C4": ("Ind", "Ida")}
    for district, (party, person) in winners.items():
        rows.append(ResultRow(district=district, list=party, candidate=person, votes=30_000))
        rows.append(ResultRow(district=district, list="A", candidate=f"A-{district}", votes=20_000))
    return Results(rows=tuple(rows))


def test_covered_constituencies_and_wins_match_the_engine() -> None:
    baseline = covered_baseline()
    result = simulate(COVERED, baseline=baseline, sample_size=5000, simulations=50, seed=4)
    assert [d.name for d in result.parties] == ["A", "B", "C", "D", "Ind"]
    # C passes by its two constituencies whatever its share; the independent keeps her seat
    assert result.party("C").quantile(Fraction(0)) > 0
    assert result.party("Ind").histogram[1] == 50
    electorate = Electorate.of(
        ["A", "B", "C", "D"],
        ["East", "West"],
        [[420, 330, 40, 60], [300, 450, 30, 35]],
        [850_000, 815_000],
    )
    plan = plan_for(COVERED, electorate, baseline)
    votes, projected = sampled(
        plan, DirichletShares(shares=electorate.centre, sample_size=300), 30, 5
    )
    for row in range(30):
        assert projected[row].tolist() == engine_seats(plan, votes, row, baseline)
        assert projected[row].sum() == 40


def test_constituencies_without_results_win_nothing_as_in_a_partial_count() -> None:
    shares = {"East": {"A": 42, "B": 33, "C": 4, "D": 6}, "West": {"A": 30, "B": 45, "C": 3}}
    result = simulate(
        COVERED,
        district_shares=shares,
        district_votes={"East": 900_000, "West": 800_000},
        sample_size=10**12,
        simulations=5,
        seed=1,
    )
    assert result.missing_districts == ("C1", "C2", "C3", "C4")
    assert result.outside == 0  # the covered constituencies hold no seats of their own
    assert result.party("C").histogram[0] == 5  # no constituency wins: C is below 5%
    assert sum(d.quantile(Fraction(1, 2)) for d in result.parties) == 40


def test_bundestag_2025_baseline_without_uncertainty_gives_the_official_seats() -> None:
    """Golden: ``../shared/data/de_bundestag_2025_saintelague.json`` (Die Bundeswahlleiterin,
    endgültiges Ergebnis, 14 March 2025). The second votes of the other parties count in the
    5% (from the valid votes of each Land): BSW stays 9,529 votes short."""
    data = load_reference("de_bundestag_2025_saintelague.json")
    inputs = data["inputs"]
    rows = tuple(
        ResultRow(district=land, list=party, candidate=None, votes=votes)
        for party, by_land in inputs["second_votes_by_land"].items()
        for land, votes in by_land.items()
    )
    totals = tuple(
        DistrictTotals(district=land, valid=valid)
        for land, valid in inputs["valid_by_land"].items()
    )
    result = simulate(
        load_law("germany-2023"),
        baseline=Results(rows=rows, totals=totals),
        sample_size=1e15,
        simulations=10,
        seed=1,
    )
    seats = {d.name: d.quantile(Fraction(1, 2)) for d in result.parties}
    assert {p: n for p, n in seats.items() if n} == data["expected"]["seats_national"]
    assert all(max(d.histogram) == 10 for d in result.parties)
    assert len(result.missing_districts) == 299


def test_us_house_minimum_seat_on_the_batch_path() -> None:
    law = load_law("us-house")
    rng = np.random.default_rng(9)
    states = [f"S{i}" for i in range(50)]
    populations = (rng.pareto(1.2, 50) + 0.05) * 1e6
    electorate = Electorate.of(states, ["United States"], [populations], [331_000_000])
    plan = plan_for(law, electorate)
    votes, projected = sampled(
        plan, DirichletShares(shares=electorate.centre, sample_size=1e5), 8, 6
    )
    for row in range(8):
        exact = apportion(
            {s: int(v) for s, v in zip(states, votes[row, 0], strict=True)},
            435,
            method="huntington_hill",
            min_seats=1,
        )
        assert projected[row].tolist() == [exact.seats[s] for s in states]
        assert projected[row].min() >= 1


# --- degenerate and calibrated uncertainty ----------------------------------------------


def test_a_huge_sample_gives_the_deterministic_seats() -> None:
    shares = {"A": 0.412, "B": 0.301, "C": 0.153, "D": 0.081, "E": 0.053}
    result = simulate(NATIONAL, shares=shares, sample_size=1e13, simulations=300, seed=8)
    votes = {p: round(s * 10_000_000) for p, s in shares.items()}
    exact = apportion(votes, 120, method="sainte_lague", threshold="5%")
    for party in shares:
        distribution = result.party(party)
        assert distribution.histogram[exact.seats[party]] == 300
        assert distribution.mean == exact.seats[party]


def lebanon_baseline(data: dict[str, Any]) -> Results:
    rows: list[ResultRow] = []
    for district in data["districts"]:
        name = district["name"]
        votes = dict(district["list_only_votes"])
        for person in district["candidates"]:
            votes[person["list"]] = votes.get(person["list"], 0) + person["preferential_votes"]
        rows += [
            ResultRow(district=name, list=p, candidate=None, votes=v) for p, v in votes.items()
        ]
    totals = tuple(
        DistrictTotals(district=d["name"], blank=d["blank_votes"]) for d in data["districts"]
    )
    return Results(rows=tuple(rows), totals=totals)


@pytest.mark.parametrize("year", [2018, 2022])
def test_lebanon_baseline_without_uncertainty_gives_the_official_list_seats(year: int) -> None:
    """Golden: ``../shared/data/lebanon_{2018,2022}_parliament.json`` (official booklets of
    the Ministry of Interior): swung to its own shares with a negligible spread, the baseline
    reproduces every list's seats."""
    data = load_reference(f"lebanon_{year}_parliament.json")
    result = simulate(
        load_law("lebanon-2017"),
        baseline=lebanon_baseline(data),
        sample_size=1e15,
        simulations=20,
        seed=1,
    )
    expected: dict[str, int] = {}
    for district in data["districts"]:
        for party, seats in district["expected"]["list_seats"].items():
            expected[party] = expected.get(party, 0) + seats
    got = {d.name: d.quantile(Fraction(1, 2)) for d in result.parties}
    assert {p: s for p, s in got.items() if s} == expected
    assert all(max(d.histogram) == 20 for d in result.parties)


def test_dirichlet_means_match_the_shares_within_monte_carlo_error() -> None:
    shares = normalised([0.38, 0.27, 0.2, 0.1, 0.05])
    draws = DirichletShares(shares=shares, sample_size=400).draw(
        np.random.default_rng(2), 0, 20_000
    )
    error = np.sqrt(shares * (1 - shares) / 401 / 20_000)
    assert np.all(np.abs(draws.mean(axis=0) - shares) < 4 * error)
    # and the spread is the poll's: variance p(1-p)/(n+1)
    assert np.allclose(draws.var(axis=0), shares * (1 - shares) / 401, rtol=0.05)


def test_logit_normal_follows_its_covariance() -> None:
    shares = normalised([0.5, 0.3, 0.2])
    still = LogitNormalShares.of(shares, np.zeros((3, 3)))
    assert np.allclose(still.draw(np.random.default_rng(0), 0, 5), shares)
    # A and B move together, C against them
    covariance = [[0.04, 0.03, -0.02], [0.03, 0.04, -0.02], [-0.02, -0.02, 0.04]]
    draws = LogitNormalShares.of(shares, covariance).draw(np.random.default_rng(1), 0, 20_000)
    logs = np.log(draws)
    centred = logs - logs.mean(axis=1, keepdims=True)
    expected = np.asarray(covariance)
    projector = np.eye(3) - 1 / 3  # the softmax forgets a common shift
    assert np.allclose(np.cov(centred.T), projector @ expected @ projector, atol=4e-3)


def test_probabilities_of_majorities_and_blocking_thirds() -> None:
    shares = {"A": 0.505, "B": 0.27, "C": 0.225}
    blocs = {"A+C": ["A", "C"], "B+C": ["B", "C"]}
    result = simulate(
        NATIONAL, shares=shares, sample_size=600, simulations=6000, seed=3, blocs=blocs
    )
    a = result.party("A")
    assert 0.3 < float(a.majority) < 0.7  # 61 of 120 seats: about half of the draws
    assert float(result.party("B").blocking_third) < 0.01  # 41 seats needed, B holds about 32
    assert float(result.bloc("A+C").two_thirds) > 0.95  # 80 of 120
    assert result.bloc("B+C").blocking_third == 1
    for distribution in (*result.parties, *result.blocs):
        assert sum(distribution.histogram) == 6000
        assert distribution.majority <= distribution.blocking_third


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=12), st.fractions(0, 1))
def test_quantiles_are_the_inverse_distribution_function(counts: list[int], q: Fraction) -> None:
    if sum(counts) == 0:
        counts[0] = 1
    distribution = SeatDistribution(name="x", histogram=tuple(counts), house_size=len(counts) - 1)
    values = np.repeat(np.arange(len(counts)), counts)
    expected = int(np.quantile(values, float(q), method="inverted_cdf"))
    if q.denominator < 10**6:  # away from float rounding of q
        assert distribution.quantile(q) == expected


# --- the same answer on any backend -------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        # without a network route, distributed names its in-process addresses after the host
        # and may warn that it falls back to 127.0.0.1 (the address is then cached); the HTTP
        # server takes a free port (":0") so that a running cluster cannot collide with it
        warnings.filterwarnings("ignore", "Couldn't detect a suitable IP", RuntimeWarning)
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        )
    with cluster, distributed.Client(cluster) as client:
        yield client


def regions_run(**options: Any) -> Simulation:
    shares = {
        "North": {"A": 40, "B": 30, "C": 20, "D": 7, "M": 3},
        "Centre": {"A": 25, "B": 35, "C": 10, "D": 25, "M": 5},
        "South": {"A": 50, "B": 5, "C": 30, "D": 10, "M": 5},
    }
    return simulate(
        REGIONS,
        district_shares=shares,
        sample_size=150,
        simulations=2 * CHUNK + 123,
        blocs={"AB": ["A", "B"]},
        **options,
    )


def test_same_seed_same_answer_on_every_backend(dask_client: Any) -> None:
    here = regions_run(seed=2024)
    assert regions_run(seed=2024, workers=2).as_json() == here.as_json()
    assert regions_run(seed=2024, dask=dask_client).as_json() == here.as_json()
    assert regions_run(seed=2025).as_json() != here.as_json()


def test_given_draws_are_cut_per_task(dask_client: Any) -> None:
    rng = np.random.default_rng(5)
    rows = [
        dict(zip("ABCDE", rng.dirichlet([30, 20, 15, 9, 6]).tolist(), strict=True))
        for _ in range(CHUNK + 500)
    ]
    here = simulate(NATIONAL, draws=rows, seed=1)
    there = simulate(NATIONAL, draws=rows, seed=1, dask=dask_client)
    assert here.as_json() == there.as_json()
    assert here.simulations == CHUNK + 500
    first = rows[0]
    votes = {p: round(first[p] * 10_000_000) for p in "ABCDE"}
    exact = apportion(votes, 120, method="sainte_lague", threshold="5%")
    alone = simulate(NATIONAL, draws=rows[:1], seed=1)
    assert {d.name: d.quantile(Fraction(1, 2)) for d in alone.parties} == dict(exact.seats)


def test_grouping_of_chunks_does_not_change_the_tally() -> None:
    electorate = Electorate.of(["A", "B", "C"], ["Nation"], [[5, 3, 2]], [1_000_000])
    plan = plan_for(NATIONAL, electorate)
    job = Job(
        plan=plan, model=DirichletShares(shares=electorate.centre, sample_size=90), blocs=((0, 2),)
    )
    one = run_here(job, plan_tasks(job, 3 * CHUNK + 7, 99, 1), None)
    many = run_here(job, plan_tasks(job, 3 * CHUNK + 7, 99, 5), None)
    assert np.array_equal(one, many)
    assert one[0].sum() == 3 * CHUNK + 7


# --- bad inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"shares": {"A": 1, "B": 1}}, "exactly one of"),
        ({"shares": {"A": 1, "B": 1}, "sample_size": 10, "covariance": {}}, "exactly one of"),
        ({"shares": {"A": -1, "B": 1}, "sample_size": 10}, "non-negative"),
        ({"shares": {"A": 0, "B": 0}, "sample_size": 10}, "positive total"),
        ({"shares": {"A": 1, "B": 1}, "sample_size": 0}, "sample size must be a positive"),
        (
            {
                "shares": {"A": 1, "B": 1},
                "covariance": {"A": {"A": 1, "B": 2}, "B": {"A": 2, "B": 1}},
            },
            "positive semi-definite",
        ),
        (
            {
                "shares": {"A": 1, "B": 1},
                "covariance": {"A": {"A": 1, "B": 0.5}, "B": {"A": 0, "B": 1}},
            },
            "symmetric",
        ),
        ({"shares": {"A": 1, "B": 1}, "covariance": {"A": {"A": 1}}}, "lacks 'B'"),
        ({"draws": [{"A": 1, "B": 1}, {"A": 1}]}, "draw 2 lacks 'B'"),
        ({"draws": [{"A": 1, "B": 1}], "simulations": 5}, "1 draws were given"),
        ({"shares": {"A": 1}, "sample_size": 9, "blocs": {"X": ["A", "Z"]}}, "names 'Z'"),
        ({"shares": {"A": 1}, "sample_size": 9, "blocs": {"X": []}}, "has no lists"),
        ({"shares": {"A": 1}, "sample_size": 9, "simulations": 0}, "at least 1"),
        ({"shares": {"A": 1}, "sample_size": 9, "workers": 0}, "workers must be"),
        ({"shares": {"A": 1}, "sample_size": 9, "quantiles": ["1.5"]}, "between 0 and 1"),
        ({"shares": {"A": 1}, "sample_size": 9, "seed": -3}, "non-negative whole"),
        ({"sample_size": 9}, "give shares"),
    ],
)
def test_bad_inputs_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(DataError, match=message):
        simulate(NATIONAL, simulations=options.pop("simulations", 10), **options)


def test_districts_must_match_the_law() -> None:
    with pytest.raises(DataError, match="3 list districts"):
        simulate(REGIONS, shares={"A": 1, "B": 1}, sample_size=10, simulations=10)
    with pytest.raises(DataError, match="no votes for 1 district"):
        simulate(
            REGIONS,
            district_shares={"North": {"A": 1}, "South": {"A": 1}},
            sample_size=10,
            simulations=10,
        )
    with pytest.raises(DataError, match="'Atlantis' is not a list district"):
        simulate(REGIONS, district_shares={"Atlantis": {"A": 1}}, sample_size=10, simulations=10)
    with pytest.raises(DataError, match="lists the shares do not give: D"):
        simulate(
            COVERED,
            baseline=covered_baseline(),
            shares={"A": 1, "B": 1, "C": 1},
            sample_size=10,
            simulations=10,
        )
    with pytest.raises(DataError, match="fewer than its lists' votes"):
        simulate(
            COVERED,
            baseline=Results(
                rows=covered_baseline().rows, totals=(DistrictTotals(district="East", valid=5),)
            ),
            sample_size=10,
            simulations=10,
        )


def test_laws_whose_seats_depend_on_earlier_seats_are_refused() -> None:
    with pytest.raises(LawError, match="additional tier"):
        simulate(load_law("scotland-ams"), shares={"A": 1}, sample_size=10, simulations=10)
    with pytest.raises(LawError, match="levelling tier"):
        simulate(load_law("norway-2005"), shares={"A": 1}, sample_size=10, simulations=10)


def test_thresholds_a_projection_cannot_draw_are_refused() -> None:
    cast = law_text(NATIONAL_TEXT.replace('national = "5%"', 'national = "5%"\nbase = "cast"'))
    with pytest.raises(LawError, match="threshold in votes cast"):
        simulate(cast, shares={"A": 1}, sample_size=10, simulations=10)
