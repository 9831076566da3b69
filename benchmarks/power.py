"""Exact power indices against the powerindex package, side by side.

Run: ``.venv/bin/python benchmarks/power.py``. Each powerindex run is a separate process with a
time limit and a 3 GB memory limit, so a run that does not finish is reported as such.

1. US Electoral College (51 units, 538 electors, quota 270): Banzhaf and Shapley-Shubik.
2. A random 200-player game with weights 1..1,000 and a simple majority quota.
3. EU Council double majority (TEU art. 16(4)) with the 27 members' populations; powerindex
   has no multi-layer games, so only hemicycle's exact time is printed.

Every hemicycle value is an exact fraction; powerindex works in floating point. Where both
finish, the largest difference between them is printed. A case that takes milliseconds is
timed as the best of up to five runs, on both sides.
"""

from __future__ import annotations

import multiprocessing
import random
import resource
import time
from collections.abc import Callable
from queue import Empty

import powerindex

from hemicycle.analysis.games import WeightedGame, eu_council
from hemicycle.analysis.power import banzhaf, shapley_shubik

# Electors per state and DC for the 2024 and 2028 elections (2020 census apportionment).
ELECTORS = {
    "AL": 9, "AK": 3, "AZ": 11, "AR": 6, "CA": 54, "CO": 10, "CT": 7, "DE": 3, "DC": 3,
    "FL": 30, "GA": 16, "HI": 4, "ID": 4, "IL": 19, "IN": 11, "IA": 6, "KS": 6, "KY": 8,
    "LA": 8, "ME": 4, "MD": 10, "MA": 11, "MI": 15, "MN": 10, "MS": 6, "MO": 10, "MT": 4,
    "NE": 5, "NV": 6, "NH": 4, "NJ": 14, "NM": 5, "NY": 28, "NC": 16, "ND": 3, "OH": 17,
    "OK": 7, "OR": 8, "PA": 19, "RI": 4, "SC": 9, "SD": 3, "TN": 11, "TX": 40, "UT": 6,
    "VT": 3, "VA": 13, "WA": 12, "WV": 4, "WI": 10, "WY": 3,
}  # fmt: skip

# Populations on 1 January 2024 in thousands (Eurostat, rounded); the exact figures the
# Council uses change yearly and do not change the timing.
EU_POPULATION = {
    "DE": 83_445, "FR": 68_401, "IT": 58_990, "ES": 48_619, "PL": 36_620, "RO": 19_064,
    "NL": 17_943, "BE": 11_833, "CZ": 10_900, "SE": 10_551, "PT": 10_639, "EL": 10_398,
    "HU": 9_585, "AT": 9_159, "BG": 6_446, "DK": 5_961, "FI": 5_604, "SK": 5_425,
    "IE": 5_343, "HR": 3_862, "LT": 2_886, "SI": 2_124, "LV": 1_872, "EE": 1_374,
    "CY": 933, "LU": 672, "MT": 563,
}  # fmt: skip

TIME_LIMIT = 120.0
MEMORY_LIMIT = 3 * 2**30


def _peer(quota: int, weights: list[int], index: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    def compute() -> list[float]:
        game = powerindex.Game(quota, weights=weights)
        if index == "banzhaf":
            game.calc_banzhaf()
            return list(game.banzhaf)
        game.calc_shapley_shubik()
        return list(game.shapley_shubik)

    try:
        seconds, values = timed(compute)
        queue.put(("ok", seconds, values))
    except MemoryError:
        queue.put(("out of memory", 0.0, []))


def run_peer(quota: int, weights: list[int], index: str) -> tuple[str, float, list[float]]:
    """powerindex in a child process, with a time and memory limit."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(target=_peer, args=(quota, weights, index, queue))
    process.start()
    try:
        status, seconds, values = queue.get(timeout=TIME_LIMIT)
    except Empty:
        process.kill()
        process.join()
        return f"no result in {TIME_LIMIT:.0f} s", 0.0, []
    process.join()
    return status, seconds, values


def timed(function: Callable[[], list[float]]) -> tuple[float, list[float]]:
    """The best of up to five runs while they take under half a second in all (a single run
    of a few milliseconds is mostly noise), and the values."""
    best, spent, runs = float("inf"), 0.0, 0
    while True:
        start = time.perf_counter()
        values = function()
        seconds = time.perf_counter() - start
        best, spent, runs = min(best, seconds), spent + seconds, runs + 1
        if runs == 5 or spent >= 0.5:
            return best, values


def compare(name: str, game: WeightedGame) -> None:
    for index, compute in (("banzhaf", banzhaf), ("shapley_shubik", shapley_shubik)):
        ours_time, ours = timed(lambda compute=compute: [float(v) for v in compute(game)])
        status, peer_time, peer = run_peer(game.quota, list(game.weights), index)
        line = f"{name:<28} {index:<15} hemicycle {ours_time:8.3f} s (exact)"
        if status == "ok":
            difference = max(abs(a - b) for a, b in zip(ours, peer, strict=True))
            line += (
                f"   powerindex {peer_time:8.3f} s   ratio {peer_time / ours_time:7.1f}x"
                f"   max |difference| {difference:.1e}"
            )
        else:
            line += f"   powerindex: {status}"
        print(line, flush=True)


def main() -> None:
    assert sum(ELECTORS.values()) == 538
    print(f"time limit {TIME_LIMIT:.0f} s and memory limit 3 GB per powerindex run\n")
    compare("US Electoral College (270)", WeightedGame.of(ELECTORS, 270))
    rng = random.Random(2025)
    weights = {f"p{i}": rng.randint(1, 1000) for i in range(200)}
    compare("random 200 players", WeightedGame.of(weights, "majority"))
    council = eu_council(EU_POPULATION)
    for index, compute in (("banzhaf", banzhaf), ("shapley_shubik", shapley_shubik)):
        seconds, _ = timed(lambda compute=compute: [float(v) for v in compute(council)])
        print(
            f"{'EU27 Council 55%/65% + 4':<28} {index:<15} hemicycle {seconds:8.3f} s (exact)"
            "   powerindex: no multi-layer games"
        )


if __name__ == "__main__":
    main()
