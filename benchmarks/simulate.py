"""Monte Carlo projection speed: 1,000,000 simulations of a 630-seat Sainte-Laguë parliament
with a 5% threshold, in one process and on Dask with 1 and 2 workers.

    .venv/bin/python benchmarks/simulate.py [--quick]

Eight lists with shares near the 2025 Bundestag's (three of them near the 5% threshold), a
Dirichlet of a 2,000-respondent poll, seed 1. Printed: the wall and processor time of three
runs in one process, best and median (the target is under a second per core for the million),
the time of the same draws allocated row by row by hemicycle's exact engine and by the
``apportionment`` peer library (on a sample, scaled to the million, as the table says; the
speed-up uses the median run), and the times on a local Dask cluster (as ``--dask local``
starts it) with 1 and 2 single-threaded worker processes, best of two runs each, and their
ratio. Every backend must give the same answer for the same seed; the script checks it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import numpy as np

from hemicycle.analysis.simulate import Simulation, simulate
from hemicycle.analysis.simulate_models import DirichletShares, normalised
from hemicycle.analysis.simulate_run import local_cluster
from hemicycle.core import apportion
from hemicycle.law import parse_law

LAW = parse_law(
    """
id = "bench-630"
name = "A 630-seat national list, Sainte-Laguë, 5% threshold"
country = "Benchmark"
statute = "Benchmark"
date = "2025"
[[tiers]]
id = "nation"
kind = "district"
formula = "sainte_lague"
districts = [{ id = "Nation", seats = 630 }]
[tiers.threshold]
national = "5%"
"""
)
SHARES = {
    "CDU/CSU": 28.5,
    "AfD": 20.8,
    "SPD": 16.4,
    "Grüne": 11.6,
    "Linke": 8.8,
    "BSW": 5.0,
    "FDP": 4.3,
    "Freie Wähler": 4.6,
}
SAMPLE = 2_000
SEED = 1
VOTES = 10_000_000


def run(simulations: int, **options: object) -> tuple[float, float, Simulation]:
    """Wall and processor seconds of one projection, and the projection."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = simulate(
        LAW, shares=SHARES, sample_size=SAMPLE, simulations=simulations, seed=SEED, **options
    )  # type: ignore[arg-type]
    return time.perf_counter() - wall, time.process_time() - cpu, result


def row_by_row(name: str, allocate: Callable[[list[int]], list[int]], rows: int) -> float:
    """Seconds per draw of a loop over single allocations (threshold applied first)."""
    shares = normalised(list(SHARES.values()))
    draws = DirichletShares(shares=shares, sample_size=SAMPLE).draw(
        np.random.default_rng(SEED), 0, rows
    )
    votes = np.rint(draws * VOTES).astype(np.int64)
    start = time.perf_counter()
    for row in votes:
        allocate([int(v) for v in row])
    per_row = (time.perf_counter() - start) / rows
    print(f"  {name:<32} {per_row * 1e6:9.1f} µs per draw (timed on {rows:,} draws)")
    return per_row


def hemicycle_exact(votes: list[int]) -> list[int]:
    named = dict(zip(SHARES, votes, strict=True))
    return list(apportion(named, 630, method="sainte_lague", threshold="5%").seats.values())


def peer_apportionment(votes: list[int]) -> list[int]:
    import apportionment.methods as am

    total = sum(votes)
    kept = [v if v * 20 >= total else 0 for v in votes]
    return list(am.compute("saintelague", kept, 630))


def main() -> None:
    quick = "--quick" in sys.argv
    simulations = 100_000 if quick else 1_000_000
    print(f"{simulations:,} simulations, 630 seats, Sainte-Laguë, 5% threshold, 8 lists")
    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"machine: {cores} cores, load average {load:.1f} (times and ratios need idle cores)\n")
    run(4_096)  # warm the imports and caches
    runs = [run(simulations) for _ in range(3)]  # the machine's speed varies from run to run
    here = runs[0][2]
    if any(result.as_json() != here.as_json() for _, _, result in runs):
        raise SystemExit("the same seed gave different answers in one process")
    for number, (wall, cpu, _) in enumerate(runs, 1):
        print(f"hemicycle, one process, run {number}: {wall:6.2f} s wall, {cpu:6.2f} s processor")
    times = sorted(cpu * 1e6 / simulations for _, cpu, _ in runs)
    print(
        f"  per million draws:     best {times[0]:.2f} s, median {times[1]:.2f} s of one core "
        "(target < 1 s)"
    )
    cpu = times[1] * simulations / 1e6
    print("\nrow by row, the same draws:")
    exact = row_by_row("hemicycle exact engine", hemicycle_exact, 500 if quick else 2_000)
    peer = row_by_row("apportionment (peer library)", peer_apportionment, 500 if quick else 2_000)
    per_draw = cpu / simulations
    print(f"  batch path speed-up:   {exact / per_draw:8.0f}× over the exact engine row by row")
    print(f"                         {peer / per_draw:8.0f}× over apportionment row by row")

    from distributed import Client

    times = {}
    for workers in (1, 2):
        with local_cluster(workers) as cluster, Client(cluster) as client:
            run(4_096, dask=client)  # start the workers' imports before timing
            timed = [run(simulations, dask=client) for _ in range(2)]  # best of two
            seconds, _, there = min(timed, key=lambda result: result[0])
        if there.as_json() != here.as_json():
            raise SystemExit(f"Dask with {workers} workers gave a different answer")
        times[workers] = seconds
        print(
            f"\nDask, {workers} worker{'s' if workers > 1 else ''}:          {seconds:6.2f} s wall"
        )
    print(f"speed-up with 2 workers: {times[1] / times[2]:6.2f}× (ideal 2.00×)")
    print("every backend gave the same answer for the same seed")


if __name__ == "__main__":
    main()
