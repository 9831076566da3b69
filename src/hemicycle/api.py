"""The Python API: the library's entry points, accepting plain or tabular inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, overload

from hemicycle.analysis.cabinet import Cabinet, PointsSystem, allocate_cabinet, check_cabinet
from hemicycle.analysis.disproportionality import Disproportionality, disproportionality
from hemicycle.analysis.games import WeightedGame
from hemicycle.analysis.paradoxes import (
    AlabamaParadox,
    NewStateParadox,
    PopulationParadox,
    Rule,
    alabama,
    new_state_paradox,
    population_paradox,
)
from hemicycle.analysis.power import PowerResult
from hemicycle.analysis.power import power as power_index
from hemicycle.analysis.simulate import Simulation
from hemicycle.analysis.simulate import simulate as simulate_projection
from hemicycle.core import methods
from hemicycle.core.ballots import Ballots
from hemicycle.core.biproportional import Biproportional
from hemicycle.core.biproportional import biproportional as apportion_biproportional
from hemicycle.core.biproportional_input import seat_table, vote_table
from hemicycle.core.offices import OfficeAllocation, allocate_offices
from hemicycle.core.result import Allocation
from hemicycle.errors import DataError
from hemicycle.inputs import as_counts
from hemicycle.io.simulation_inputs import blocs_of, covariance_of, draws_of, shares_of
from hemicycle.law import Law, Outcome, load_law
from hemicycle.law import tabulate as tabulate_law
from hemicycle.law.certify import OutcomeCertificate, tabulate_certified
from hemicycle.law.inputs import as_district_ballots, as_results
from hemicycle.types import Results


def apportion(votes: Any, seats: int, method: str = "dhondt", **options: Any) -> Allocation:
    """Allocate ``seats`` by ``method`` (see :func:`hemicycle.core.methods.apportion`).

    ``votes`` is a mapping, a pandas Series or DataFrame, or an Arrow table; ``prior_seats``,
    ``min_seats`` and ``max_seats`` may be given the same ways.

    >>> dict(apportion({"A": 5, "B": 3, "C": 2}, 4, method="hare").seats)
    {'A': 2, 'B': 1, 'C': 1}
    """
    for option in ("prior_seats", "min_seats", "max_seats"):
        value = options.get(option)
        if value is not None and not isinstance(value, int):
            options[option] = as_counts(value)
    return methods.apportion(as_counts(votes), seats, method=method, **options)


def biproportional(votes: Any, district_seats: Any, **options: Any) -> Biproportional:
    """Biproportional apportionment (see :func:`hemicycle.core.biproportional.biproportional`).

    ``votes`` is a mapping ``{district: {party: votes}}`` or a table (pandas DataFrame, Arrow
    table) with columns ``district``, ``party``, ``votes``; ``district_seats`` is a mapping, a
    pandas Series, or a table with columns ``district``, ``seats``.

    >>> result = biproportional({"X": {"A": 60, "B": 40}, "Y": {"A": 20, "B": 80}},
    ...                         {"X": 3, "Y": 3})
    >>> dict(result.party_seats), dict(result.seats["X"])
    ({'A': 2, 'B': 4}, {'A': 2, 'B': 1})
    """
    return apportion_biproportional(vote_table(votes), seat_table(district_seats), **options)


def _results(results: Any, candidates: Any, totals: Any) -> Results:
    if results is None:
        return as_results([], candidates, totals)
    if isinstance(results, str | Path):
        from hemicycle.io.results import read_results

        def name(source: Any) -> Any:
            return str(source) if isinstance(source, Path) else source

        return read_results(name(results), candidates=name(candidates), totals=name(totals))
    return as_results(results, candidates, totals)


def _ballots(ballots: Any) -> dict[str, Ballots]:
    if isinstance(ballots, str | Path):
        from hemicycle.io.district_ballots import read_district_ballots

        return as_district_ballots(read_district_ballots(ballots).districts)
    return as_district_ballots(ballots)


@overload
def tabulate(
    law: str | Path | Law,
    results: Any = None,
    candidates: Any = None,
    totals: Any = None,
    *,
    ballots: Any = None,
    partial: bool = False,
    seed: str | None = None,
    certificate: Literal[False] = False,
) -> Outcome: ...


@overload
def tabulate(
    law: str | Path | Law,
    results: Any = None,
    candidates: Any = None,
    totals: Any = None,
    *,
    ballots: Any = None,
    partial: bool = False,
    seed: str | None = None,
    certificate: Literal[True],
) -> tuple[Outcome, OutcomeCertificate]: ...


def tabulate(
    law: str | Path | Law,
    results: Any = None,
    candidates: Any = None,
    totals: Any = None,
    *,
    ballots: Any = None,
    partial: bool = False,
    seed: str | None = None,
    certificate: bool = False,
) -> Outcome | tuple[Outcome, OutcomeCertificate]:
    """Apply an electoral law to results (see :func:`hemicycle.law.engine.tabulate`).

    ``law`` is a preset id, a TOML file or a :class:`~hemicycle.law.Law`; ``results``,
    ``candidates`` and ``totals`` are files (CSV, Parquet, XLSX), pandas DataFrames, Arrow
    tables, rows of mappings, or a :class:`~hemicycle.types.Results`. ``ballots`` holds the
    ranked ballots of the districts a law counts by STV or instant runoff: a CSV file
    ``district,weight,rank1,…``, a folder or zip of BLT files named by district, a table with
    those columns, or a mapping of district to :class:`~hemicycle.core.ballots.Ballots` or to
    ``{ranking: weight}``; ``results`` may then be omitted. With ``certificate=True`` the
    outcome comes with the certificate of every allocation, count and placement
    (:class:`~hemicycle.law.certify.OutcomeCertificate`), which
    ``hemicycle.verify.verify_document`` checks independently (docs/certificates.md).

    >>> rows = [{"district": "Duhok", "list": "KDP", "votes": 413890},
    ...         {"district": "Duhok", "list": "KIU", "votes": 72986}]
    >>> dict(tabulate("iraq-2023", rows, partial=True).seats)
    {'KDP': 9, 'KIU': 2}
    >>> outcome, proof = tabulate("iraq-2023", rows, partial=True, certificate=True)
    >>> document = outcome.as_json() | {"certificate": proof.as_json()}
    >>> from hemicycle.verify import verify_document
    >>> verify_document(document).ok
    True
    """
    run = tabulate_certified if certificate else tabulate_law
    return run(
        load_law(law),
        _results(results, candidates, totals),
        ballots=_ballots(ballots),
        partial=partial,
        seed=seed,
    )


def compare(
    laws: Any,
    results: Any = None,
    candidates: Any = None,
    totals: Any = None,
    *,
    ballots: Any = None,
    partial: bool = False,
    seed: str | None = None,
) -> dict[str, Outcome]:
    """The same results (and ranked ballots) under several laws: the outcome of each, by law
    id (what-if).

    >>> rows = [{"district": "Duhok", "list": "KDP", "votes": 413890},
    ...         {"district": "Duhok", "list": "KIU", "votes": 72986}]
    >>> {law: dict(o.seats) for law, o in compare(["iraq-2023", "iraq-2014"], rows,
    ...                                           partial=True).items()}
    {'iraq-2023': {'KDP': 9, 'KIU': 2}, 'iraq-2014': {'KDP': 9, 'KIU': 2}}
    """
    data = _results(results, candidates, totals)
    boxes = _ballots(ballots)
    outcomes: dict[str, Outcome] = {}
    for spec in laws:
        outcome = tabulate_law(load_law(spec), data, ballots=boxes, partial=partial, seed=seed)
        outcomes[outcome.law] = outcome
    return outcomes


def offices(seats: Any, **options: Any) -> OfficeAllocation:
    """Fill offices one by one (see :func:`hemicycle.core.offices.allocate_offices`).

    ``seats``, ``tie_votes`` and ``held`` are mappings, pandas objects or Arrow tables.

    >>> dict(offices({"A": 5, "B": 3}, count=3).allocation)
    {'A': 2, 'B': 1}
    """
    for option in ("tie_votes", "held"):
        if options.get(option) is not None:
            options[option] = as_counts(options[option])
    return allocate_offices(as_counts(seats), **options)


def power(weights: Any, quota: int | str, index: str = "banzhaf") -> PowerResult:
    """Exact voting power of a weighted majority game (see :mod:`hemicycle.analysis.power`).

    ``quota`` is a weight, a share (``"2/3"``, ``"65%"``) or ``"majority"``.

    >>> {name: str(v) for name, v in power({"A": 50, "B": 49, "C": 1}, 51).values.items()}
    {'A': '3/5', 'B': '1/5', 'C': '1/5'}
    """
    return power_index(WeightedGame.of(as_counts(weights), quota), index)


def simulate(
    law: str | Path | Law,
    shares: Any = None,
    *,
    baseline: Any = None,
    candidates: Any = None,
    totals: Any = None,
    covariance: Any = None,
    draws: Any = None,
    blocs: Any = None,
    **options: Any,
) -> Simulation:
    """Monte Carlo seat projection (see :func:`hemicycle.analysis.simulate.simulate`).

    ``shares`` is ``{list: share}``, ``{district: {list: share}}``, a table or a file;
    ``baseline``, its ``candidates`` and ``totals`` as for :func:`tabulate`; ``covariance``,
    ``draws`` and ``blocs`` mappings, tables or files.

    >>> law = "us-house"  # one list district: the shares of the states' populations
    >>> result = simulate(law, {"CA": 12, "TX": 9, "NY": 6, "WY": 0.2}, sample_size=10**9,
    ...                   simulations=100, seed=1)
    >>> [d.quantile(1) for d in result.parties]
    [192, 144, 96, 3]
    """
    table = shares_of(shares)
    return simulate_projection(
        load_law(law),
        shares=table.national,
        district_shares=table.districts,
        district_votes=table.valid,
        baseline=None if baseline is None else _results(baseline, candidates, totals),
        covariance=covariance_of(covariance),
        draws=draws_of(draws),
        blocs=blocs_of(blocs),
        **options,
    )


def analyze(votes: Any, seats: Any, **options: Any) -> Disproportionality:
    """Disproportionality and fragmentation of an outcome (see
    :mod:`hemicycle.analysis.disproportionality`); ``votes`` and ``seats`` are mappings,
    pandas objects or Arrow tables.

    >>> report = analyze({"A": 60, "B": 40}, {"A": 7, "B": 3})
    >>> report.loosemore_hanby, report.dhondt
    (Fraction(10, 1), Fraction(7, 6))
    """
    return disproportionality(as_counts(votes), as_counts(seats), **options)


def cabinet(
    seats: Any,
    points: Any,
    *,
    points_per_seat: Any = None,
    check: Any = None,
    **options: Any,
) -> Cabinet:
    """Share a cabinet by points, reserved offices and parity, or check one (see
    :mod:`hemicycle.analysis.cabinet`). ``points`` maps each office to ``(class, cost)``;
    ``check`` is a proposed ``{office: bloc}``.

    >>> result = cabinet({"A": 60, "B": 40}, {"Oil": ("sovereign", 4), "Health": ("service", 2),
    ...                                       "Trade": ("service", 2)})
    >>> dict(result.assignment)
    {'Oil': 'A', 'Health': 'B', 'Trade': 'B'}
    """
    system = PointsSystem.of(points, points_per_seat=points_per_seat)
    if check is not None:
        return check_cabinet(dict(check), as_counts(seats), system, **options)
    return allocate_cabinet(as_counts(seats), system, **options)


def paradoxes(
    populations: Any,
    house_sizes: Any,
    method: str = "hare",
    *,
    after: Any = None,
    new: Any = None,
    added_seats: int | None = None,
    **options: Any,
) -> tuple[AlabamaParadox, ...] | tuple[PopulationParadox, ...] | tuple[NewStateParadox, ...]:
    """Every Alabama paradox between house sizes ``h`` and ``h + 1`` — or, with ``after`` (a
    second census), every population paradox, or, with ``new`` (new states), every new-state
    paradox — for each house size (see :mod:`hemicycle.analysis.paradoxes`).

    >>> [(p.state, p.seats, p.seats_after)
    ...  for p in paradoxes({"A": 6, "B": 6, "C": 2}, range(10, 12), "hare")]
    [('C', 2, 1)]
    """
    rule = Rule(method=method, **options)
    census = as_counts(populations)
    if after is not None and new is not None:
        raise DataError("give at most one of after and new")
    if after is not None:
        return population_paradox(census, as_counts(after), house_sizes, rule)
    if new is not None:
        return new_state_paradox(census, as_counts(new), house_sizes, rule, added_seats=added_seats)
    return alabama(census, house_sizes, rule)


__all__ = [
    "analyze",
    "apportion",
    "biproportional",
    "cabinet",
    "compare",
    "offices",
    "paradoxes",
    "power",
    "simulate",
    "tabulate",
]
