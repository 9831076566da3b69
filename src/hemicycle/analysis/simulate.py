"""Monte Carlo projections: from vote shares with uncertainty, through a law, to seats.

Each simulation draws national vote shares (:mod:`~hemicycle.analysis.simulate_models`), turns
them into whole votes in every district by uniform swing from a baseline, and applies the law's
list tiers on the core's exact batch path (:mod:`~hemicycle.analysis.simulate_law`). The seats
of every party and bloc are counted into exact histograms
(:mod:`~hemicycle.analysis.simulate_summary`), chunk by seeded chunk
(:mod:`~hemicycle.analysis.simulate_run`), here, on local processes or on Dask.

Where the district votes come from:

- ``shares`` alone: national shares, for a law with a single list district (a national list);
- ``district_shares``: expected shares in every district (with ``district_votes``, the valid
  votes of each; by default the ``total_votes`` split in proportion to the district's seats);
- ``baseline``: the results of an earlier election, swung uniformly to ``shares`` (by default
  to the baseline's own national shares).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np

from hemicycle.analysis.simulate_law import (
    Electorate,
    LawPlan,
    fix_candidate_tiers,
    list_districts,
)
from hemicycle.analysis.simulate_models import (
    DirichletShares,
    GivenShares,
    LogitNormalShares,
    ShareModel,
    normalised,
)
from hemicycle.analysis.simulate_run import (
    Job,
    Progress,
    dask_client,
    plan_tasks,
    run_dask,
    run_here,
    run_processes,
)
from hemicycle.analysis.simulate_summary import (
    SeatDistribution,
    blocking_seats,
    majority_seats,
    parse_quantile,
    quantile_key,
    two_thirds_seats,
)
from hemicycle.errors import DataError
from hemicycle.law.schema import Law
from hemicycle.types import Results

DEFAULT_SIMULATIONS = 100_000
DEFAULT_TOTAL_VOTES = 10_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Simulation:
    """The seat distributions of a projection, with what is needed to reproduce it."""

    law: str
    house_size: int
    simulations: int
    seed: int
    model: str
    quantiles: tuple[Fraction, ...]
    parties: tuple[SeatDistribution, ...]
    blocs: tuple[SeatDistribution, ...]
    outside: int
    missing_districts: tuple[str, ...] = ()

    def party(self, name: str) -> SeatDistribution:
        """The distribution of one party's seats."""
        for distribution in self.parties:
            if distribution.name == name:
                return distribution
        raise KeyError(name)

    def bloc(self, name: str) -> SeatDistribution:
        """The distribution of one bloc's seats."""
        for distribution in self.blocs:
            if distribution.name == name:
                return distribution
        raise KeyError(name)

    def as_json(self) -> dict[str, Any]:
        """The JSON object of ``hemicycle simulate``."""
        return {
            "law": self.law,
            "house_size": self.house_size,
            "simulations": self.simulations,
            "seed": str(self.seed),
            "model": self.model,
            "majority_seats": majority_seats(self.house_size),
            "two_thirds_seats": two_thirds_seats(self.house_size),
            "blocking_seats": blocking_seats(self.house_size),
            "outside": self.outside,
            "missing_districts": list(self.missing_districts),
            "quantiles": [quantile_key(q) for q in self.quantiles],
            "parties": {d.name: d.as_json(self.quantiles) for d in self.parties},
            "blocs": {d.name: d.as_json(self.quantiles) for d in self.blocs},
        }


def _ordered(names: Sequence[str], more: Sequence[str] = ()) -> list[str]:
    return list(dict.fromkeys([*names, *more]))


def _district_seats(law: Law) -> dict[str, int]:
    seats: dict[str, int] = {}
    for tier in law.tiers:
        if tier.elects_candidates:
            continue
        for district in tier.districts:
            if district.seats is not None:
                seats.setdefault(district.id, district.seats)
    return seats


def _electorate(
    law: Law,
    *,
    shares: Mapping[str, float] | None,
    district_shares: Mapping[str, Mapping[str, float]] | None,
    district_votes: Mapping[str, int] | None,
    baseline: Results | None,
    draws: Sequence[Mapping[str, float]] | None,
    total_votes: int,
) -> Electorate:
    needed = list_districts(law)
    if district_shares is not None:
        if baseline is not None:
            raise DataError("give district shares or a baseline, not both")
        if shares is not None:
            raise DataError("give national shares or district shares, not both")
        unknown = [name for name in district_shares if name not in needed]
        if unknown:
            raise DataError(f"district {unknown[0]!r} is not a list district of law {law.id!r}")
        districts = [name for name in needed if name in district_shares]
        parties = _ordered([p for d in districts for p in district_shares[d]])
        if district_votes is not None:
            missing = [d for d in districts if d not in district_votes]
            if missing:
                raise DataError(f"district {missing[0]!r} has shares but no valid votes")
            sizes = [district_votes[d] for d in districts]
        else:
            seats = _district_seats(law)
            lacking = [d for d in districts if d not in seats]
            if lacking:
                raise DataError(
                    f"district {lacking[0]!r} has no seats of its own: give the valid votes "
                    "of every district"
                )
            whole = sum(seats[d] for d in districts)
            sizes = [max(1, round(total_votes * seats[d] / whole)) for d in districts]
        weights = [[district_shares[d].get(p, 0.0) for p in parties] for d in districts]
        return Electorate.of(parties, districts, weights, sizes)
    if baseline is not None:
        votes: dict[str, dict[str, int]] = {}
        for row in baseline.rows:
            if row.district in needed:
                table = votes.setdefault(row.district, {})
                table[row.list] = table.get(row.list, 0) + row.votes
        districts = [name for name in needed if name in votes]
        known = _ordered([p for d in districts for p in votes[d]])
        new: list[str] = []
        if shares is not None:
            absent = [p for p in known if p not in shares]
            if absent:
                shown = ", ".join(absent[:6]) + (", …" if len(absent) > 6 else "")
                raise DataError(
                    f"the baseline has lists the shares do not give: {shown} "
                    "(give each a share; 0 drops it)"
                )
            new = [p for p in shares if p not in known]
        parties = [*known, *new]
        blank = {t.district: t.blank or 0 for t in baseline.totals}
        valid = {t.district: t.valid for t in baseline.totals if t.valid is not None}
        sizes = [sum(votes[d].values()) for d in districts]
        other = []
        for district, size in zip(districts, sizes, strict=True):
            given = valid.get(district, size)
            if given < size:
                raise DataError(
                    f"the valid votes of {district!r} ({given}) are fewer than its lists' "
                    f"votes ({size})"
                )
            other.append(given - size)
        return Electorate.of(
            parties,
            districts,
            [[votes[d].get(p, 0) for p in parties] for d in districts],
            sizes,
            new=new,
            blank=[blank.get(d, 0) for d in districts],
            other=other,
        )
    if len(needed) != 1:
        raise DataError(
            f"law {law.id!r} has {len(needed)} list districts: give shares per district or a "
            "baseline of results to swing"
        )
    if shares is not None:
        parties = list(shares)
        centre = normalised([shares[p] for p in parties], "shares")
    elif draws is not None and draws:
        parties = list(draws[0])
        centre = np.ones(len(parties)) / len(parties)
    else:
        raise DataError("give shares, district shares, a baseline or draws")
    return Electorate.of(parties, needed, [centre], [total_votes])


def _model(
    electorate: Electorate,
    *,
    shares: Mapping[str, float] | None,
    sample_size: float | None,
    covariance: Mapping[str, Mapping[str, float]] | None,
    draws: Sequence[Mapping[str, float]] | None,
) -> ShareModel:
    given = [x is not None for x in (sample_size, covariance, draws)]
    if sum(given) != 1:
        raise DataError("give exactly one of a sample size, a covariance, or draws")
    parties = electorate.parties
    if draws is not None:
        rows = []
        for number, draw in enumerate(draws, start=1):
            if set(draw) != set(parties):
                missing = sorted(set(parties) - set(draw))
                extra = sorted(set(draw) - set(parties))
                what = f"lacks {missing[0]!r}" if missing else f"has unknown list {extra[0]!r}"
                raise DataError(f"draw {number} {what}")
            rows.append([draw[p] for p in parties])
        return GivenShares.of(rows)
    if shares is not None:
        centre = normalised([shares.get(p, 0.0) for p in parties], "shares")
    else:
        centre = electorate.centre
    if covariance is None:
        return DirichletShares(shares=centre, sample_size=float(cast(float, sample_size)))
    if set(covariance) != set(parties):
        missing = sorted(set(parties) - set(covariance))
        extra = sorted(set(covariance) - set(parties))
        what = f"lacks {missing[0]!r}" if missing else f"has unknown list {extra[0]!r}"
        raise DataError(f"the covariance {what}")
    matrix = []
    for party in parties:
        row = covariance[party]
        if set(row) != set(parties):
            raise DataError(f"the covariance row of {party!r} must give every list")
        matrix.append([row[other] for other in parties])
    return LogitNormalShares.of(centre, matrix)


def simulate(
    law: Law,
    *,
    shares: Mapping[str, float] | None = None,
    district_shares: Mapping[str, Mapping[str, float]] | None = None,
    district_votes: Mapping[str, int] | None = None,
    baseline: Results | None = None,
    sample_size: float | None = None,
    covariance: Mapping[str, Mapping[str, float]] | None = None,
    draws: Sequence[Mapping[str, float]] | None = None,
    blocs: Mapping[str, Sequence[str]] | None = None,
    simulations: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    dask: str | Any | None = None,
    total_votes: int = DEFAULT_TOTAL_VOTES,
    quantiles: Sequence[float | str | Fraction] = ("0.05", "0.5", "0.95"),
    progress: Progress | None = None,
) -> Simulation:
    """Project seats under ``law`` from uncertain vote shares.

    Give one source of uncertainty: ``sample_size`` (Dirichlet of a poll), ``covariance``
    (logit-normal, by list on the log scale) or ``draws`` (one mapping of shares per
    simulation). ``blocs`` maps a bloc's name to its lists. ``seed`` makes the projection
    reproducible on any backend: ``workers`` local processes, or ``dask`` (a scheduler address,
    ``"local"``, or a ``distributed.Client``).

    >>> from hemicycle.law.load import parse_law
    >>> law = parse_law('''id = "toy"\\nname = "Toy"\\ncountry = "X"\\nstatute = "Toy Act"
    ... date = "2025"\\n[[tiers]]\\nid = "nation"\\nkind = "district"
    ... formula = "sainte_lague"\\ndistricts = [{ id = "Nation", seats = 100 }]
    ... [tiers.threshold]\\nnational = "5%"''')
    >>> result = simulate(law, shares={"A": 48, "B": 45, "C": 7}, sample_size=1000,
    ...                   simulations=2000, seed=1, blocs={"A+C": ["A", "C"]})
    >>> result.party("A").quantile(Fraction(1, 2)), float(result.bloc("A+C").majority) > 0.9
    (48, True)
    """
    if workers < 1:
        raise DataError(f"workers must be at least 1 (got {workers})")
    if total_votes < 1:
        raise DataError(f"total votes must be positive (got {total_votes})")
    points = tuple(parse_quantile(q) for q in quantiles)
    electorate = _electorate(
        law,
        shares=shares,
        district_shares=district_shares,
        district_votes=district_votes,
        baseline=baseline,
        draws=draws,
        total_votes=total_votes,
    )
    model = _model(
        electorate, shares=shares, sample_size=sample_size, covariance=covariance, draws=draws
    )
    if draws is not None:
        if simulations is not None and simulations != len(draws):
            raise DataError(
                f"{len(draws)} draws were given, so {len(draws)} simulations (not {simulations})"
            )
        simulations = len(draws)
    count = DEFAULT_SIMULATIONS if simulations is None else simulations
    if count < 1:
        raise DataError(f"the number of simulations must be at least 1 (got {count})")
    if seed is None:
        seed = int(cast(int, np.random.SeedSequence().entropy))
    if seed < 0:
        raise DataError(f"the seed must be a non-negative whole number (got {seed})")
    tie_seed = f"simulation:{seed}"
    fixed = fix_candidate_tiers(law, baseline, seed=tie_seed)
    plan = LawPlan.of(law, electorate, fixed, tie_seed=tie_seed)
    members: list[tuple[int, ...]] = []
    for bloc, names in (blocs or {}).items():
        if not names:
            raise DataError(f"bloc {bloc!r} has no lists")
        unknown = [n for n in names if n not in plan.parties]
        if unknown:
            raise DataError(f"bloc {bloc!r} names {unknown[0]!r}, which is not a list here")
        members.append(tuple(plan.parties.index(n) for n in dict.fromkeys(names)))
    job = Job(plan=plan, model=model, blocs=tuple(members))
    if dask is not None:
        client, close = dask_client(dask, workers)
        try:
            workers_there = max(1, len(client.scheduler_info().get("workers", {})))
            tasks = plan_tasks(job, count, seed, 4 * workers_there)
            tally = run_dask(job, tasks, client, progress)
        finally:
            close()
    elif workers > 1:
        tally = run_processes(job, plan_tasks(job, count, seed, 4 * workers), workers, progress)
    else:
        tally = run_here(job, plan_tasks(job, count, seed, count), progress)
    house = plan.house_size
    parties = tuple(
        SeatDistribution(name=name, histogram=tuple(int(c) for c in tally[i]), house_size=house)
        for i, name in enumerate(plan.parties)
    )
    offset = len(plan.parties)
    bloc_rows = tuple(
        SeatDistribution(
            name=name,
            histogram=tuple(int(c) for c in tally[offset + i]),
            house_size=house,
            members=tuple(dict.fromkeys((blocs or {})[name])),
        )
        for i, name in enumerate(blocs or {})
    )
    return Simulation(
        law=law.id,
        house_size=house,
        simulations=count,
        seed=seed,
        model=model.name,
        quantiles=points,
        parties=parties,
        blocs=bloc_rows,
        outside=plan.outside,
        missing_districts=fixed.missing,
    )


__all__ = ["DEFAULT_SIMULATIONS", "DEFAULT_TOTAL_VOTES", "Simulation", "simulate"]
