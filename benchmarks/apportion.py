"""Apportionment speed and correctness, hemicycle beside the peer libraries, in one run.

    .venv/bin/python benchmarks/apportion.py [--quick]

Cases: Huntington-Hill for 435 seats among the 50 states (2010 census, read from
../shared/data when present); D'Hondt, Sainte-Laguë and Huntington-Hill with 100,000 seats
among 10,000 units; a batch of 100,000 Sainte-Laguë allocations of 630 seats among 8 parties
with a 5% threshold (peers loop over rows; a peer too slow for all rows is timed on a sample
and its per-row time scaled, which the table says); and constructed exact ties and near-ties.
Each peer runs in its own process with a time limit. For every peer the table prints its time,
hemicycle's speed-up over it (against the array entry point ``apportion_array``; the mapping
entry point ``apportion``, which also builds the trace, is timed beside it), and whether its
answer agrees with the exact one.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from hemicycle.core import apportion
from hemicycle.core.batch import apportion_array, apportion_batch

LIMIT = 120.0  # seconds a peer may take on one case
ROOT = Path(__file__).resolve().parent.parent
US_2010 = ROOT.parent / "shared" / "data" / "us_house_2010_huntington_hill.json"

Votes = list[int]


def _hill_round(x: np.ndarray) -> np.ndarray:
    low = np.floor(x)
    return np.where(x > np.sqrt(low * (low + 1)), low + 1, low)


def _peer(name: str, method: str) -> Callable[[Votes, int, int], list[int]]:
    """A function (votes, seats, minimum) -> seats calling the peer library."""
    if name == "votelib":
        from votelib.evaluate.proportional import HighestAverages

        ids = {"dhondt": "d_hondt", "sainte_lague": "sainte_lague", "hill": "huntington_hill"}

        def run(votes: Votes, seats: int, minimum: int) -> list[int]:
            named = {str(i): v for i, v in enumerate(votes)}
            prev = dict.fromkeys(named, minimum) if minimum else {}
            out = HighestAverages(ids[method]).evaluate(named, seats - minimum * len(votes), prev)
            return [out.get(str(i), 0) + minimum for i in range(len(votes))]

        return run
    if name == "apportionment":
        import apportionment.methods as am

        ids = {"dhondt": "dhondt", "sainte_lague": "saintelague", "hill": "huntington"}
        # it names units by letters unless told otherwise, which runs out past 52 units
        return lambda votes, seats, minimum: list(
            am.compute(ids[method], votes, seats, parties=[str(i) for i in range(len(votes))])
        )
    if name == "poli-sci-kit":
        from poli_sci_kit import appointment

        ids = {"dhondt": "Jefferson", "sainte_lague": "Webster", "hill": "Huntington-Hill"}
        return lambda votes, seats, minimum: list(
            appointment.methods.highest_averages(
                averaging_style=ids[method], shares=votes, total_alloc=seats,
                min_alloc=minimum or None,
            )
        )  # fmt: skip
    if name == "interregnum":
        from interregnum.methods.singlevote.highest_averages import HighestAveragesAllocator

        ids = {"dhondt": "dhondt", "sainte_lague": "sainte_lague", "hill": "huntington_hill"}

        def run_interregnum(votes: Votes, seats: int, minimum: int) -> list[int]:
            # a zero first divisor is given as a first seat each, as the package expects
            first = max(minimum, 1 if method == "hill" else 0)
            names = [str(i) for i in range(len(votes))]
            if first:
                result = HighestAveragesAllocator(ids[method]).calc(
                    list(zip(names, votes, strict=True)),
                    seats - first * len(votes),
                    initial_seats=dict.fromkeys(names, first),
                    skip_initial_seats=False,
                )
            else:
                result = HighestAveragesAllocator(ids[method]).calc(
                    list(zip(names, votes, strict=True)), seats
                )
            got = {c.name: c.seats for c in result.allocation}
            return [got.get(str(i), 0) for i in range(len(votes))]

        return run_interregnum
    if name == "voting":
        from voting import apportionment as va

        ids = {"dhondt": va.dhondt, "sainte_lague": va.sainte_lague, "hill": va.huntington_hill}
        return lambda votes, seats, minimum: [int(s) for s in ids[method](votes, seats)]
    if name == "biprop":
        import biprop

        rounding = {"dhondt": np.floor, "sainte_lague": np.round, "hill": _hill_round}

        def run_biprop(votes: Votes, seats: int, minimum: int) -> list[int]:
            election = biprop.Election(np.array(votes, dtype=np.int64).reshape(-1, 1))
            out = election.upper_apportionment(
                total_seats=seats, which="parties", rounding_method=rounding[method]
            )
            return [int(s) for s in np.asarray(out).ravel()]

        return run_biprop
    raise ValueError(name)


PEERS = ["votelib", "apportionment", "poli-sci-kit", "interregnum", "voting", "biprop"]


def _best_time(run: Callable[[], Any], budget: float = 1.0) -> tuple[float, Any]:
    best, answer, spent, runs = float("inf"), None, 0.0, 0
    while runs < 3 or (spent < budget and runs < 2_000):
        start = time.perf_counter()
        answer = run()
        took = time.perf_counter() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
        if took > budget:
            break
    return best, answer


def _cpu_time(run: Callable[[], Any]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def _peer_worker(queue: Any, name: str, method: str, votes: Votes, seats: int, minimum: int,
                 rows: list[Votes] | None) -> None:  # fmt: skip
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - some peers print notices; the process ends here
    try:
        run = _peer(name, method)
        if rows is None:
            took, answer = _best_time(lambda: run(votes, seats, minimum))
        else:
            start = time.perf_counter()
            answer = [run(row, seats, minimum) for row in rows]
            took = time.perf_counter() - start
        queue.put(("ok", took, answer))
    except Exception as error:  # a peer failing is a result to report, not a crash
        queue.put(("error", 0.0, f"{type(error).__name__}: {str(error)[:60]}"))


def _run_peer(name: str, method: str, votes: Votes, seats: int, minimum: int = 0,
              rows: list[Votes] | None = None) -> tuple[str, float, Any]:  # fmt: skip
    context = mp.get_context("fork")
    queue = context.Queue()
    process = context.Process(
        target=_peer_worker, args=(queue, name, method, votes, seats, minimum, rows)
    )
    process.start()
    process.join(LIMIT)
    if process.is_alive():
        process.kill()
        process.join()
        return "timeout", LIMIT, None
    if process.exitcode != 0:
        return "error", 0.0, f"exit code {process.exitcode} (memory?)"
    return queue.get()


def _line(label: str, seconds: float, ours: float, verdict: str) -> str:
    ratio = f"{seconds / ours:10.1f}x" if ours > 0 and seconds > 0 else " " * 11
    return f"  {label:<16}{seconds * 1000:>12.2f} ms {ratio}   {verdict}"


def single_case(title: str, method: str, votes: Votes, seats: int, minimum: int = 0) -> None:
    core_method = {"hill": "huntington_hill"}.get(method, method)
    named = {str(i): v for i, v in enumerate(votes)}
    mapping_time, result = _best_time(
        lambda: apportion(named, seats, method=core_method, min_seats=minimum or None)
    )
    exact = [result.seats[str(i)] for i in range(len(votes))]
    vector = np.array(votes, dtype=np.int64)
    ours, fast = _best_time(
        lambda: apportion_array(vector, seats, method=core_method, min_seats=minimum)
    )
    assert fast.tolist() == exact
    print(f"\n{title}")
    print(f"  {'hemicycle array':<16}{ours * 1000:>12.2f} ms {'1.0x':>11}   exact")
    print(f"  {'hemicycle dict':<16}{mapping_time * 1000:>12.2f} ms "
          f"{mapping_time / ours:>10.1f}x   exact, with priority list and trace")  # fmt: skip
    for name in PEERS:
        status, took, answer = _run_peer(name, method, votes, seats, minimum)
        if status == "timeout":
            print(f"  {name:<16}{'> ' + str(int(LIMIT)) + ' s':>15} {'':>11}   did not finish")
        elif status == "error":
            print(f"  {name:<16}{'—':>15} {'':>11}   failed: {answer}")
        else:
            wrong = sum(1 for a, b in zip(answer, exact, strict=False) if a != b)
            verdict = "agrees" if answer == exact else f"DIFFERS on {wrong} units"
            print(_line(name, took, ours, verdict))


def batch_case(rows: int, quick: bool) -> None:
    rng = np.random.default_rng(630)
    votes = rng.integers(0, 2_000_000, size=(rows, 8))
    ours, seats = _best_time(
        lambda: apportion_batch(
            votes, 630, method="sainte_lague", threshold="5%", tie_break="lot:630"
        )
    )
    cpu = min(_cpu_time(lambda: apportion_batch(votes, 630, method="sainte_lague",
                                                threshold="5%", tie_break="lot:630"))
              for _ in range(3))  # fmt: skip
    print(f"\nbatch: {rows:,} Sainte-Laguë allocations, 630 seats, 8 parties, 5% threshold")
    print(f"  (hemicycle processor time {cpu * 1000:.1f} ms: {rows / cpu:,.0f} allocations "
          "per second of one core, whatever else the machine is doing)")  # fmt: skip
    print(f"  {'hemicycle':<16}{ours * 1000:>12.2f} ms {'1.0x':>11}   exact; "
          f"{rows / ours:,.0f} allocations/s")  # fmt: skip
    sample = 200 if quick else 2_000
    for name in PEERS:
        # peers get the rows above the threshold only, since none of them applies it per row
        kept = [[int(v) if v * 20 >= row.sum() else 0 for v in row] for row in votes[:sample]]
        status, took, answer = _run_peer(name, "sainte_lague", [], 630, 0, rows=kept)
        if status != "ok":
            print(f"  {name:<16}{'—':>15} {'':>11}   {status}: {answer}")
            continue
        per_row = took / sample
        wrong = sum(1 for a, b in zip(answer, seats[:sample].tolist(), strict=True) if a != b)
        verdict = "agrees" if wrong == 0 else f"DIFFERS on {wrong} rows"
        print(_line(name, per_row * rows, ours, f"{verdict} (timed on {sample:,} rows, scaled)"))


def constructed_cases() -> None:
    big = 2**54
    cases = [
        ("Huntington-Hill 100 vs 600, 10 seats (exact tie)", "hill", [100, 600], 10),
        ("D'Hondt 2**54 vs 2**54+1, 3 seats (B wins by one vote)", "dhondt", [big, big + 1], 3),
    ]
    print("\nconstructed ties and near-ties (hemicycle: exact; a tie is reported, not resolved)")
    for title, method, votes, seats in cases:
        core_method = {"hill": "huntington_hill"}.get(method, method)
        try:
            result = apportion({str(i): v for i, v in enumerate(votes)}, seats, method=core_method)
            exact = f"{[result.seats[str(i)] for i in range(len(votes))]}"
        except Exception as error:
            exact = type(error).__name__
        print(f"  {title}: hemicycle {exact}")
        for name in PEERS:
            status, _, answer = _run_peer(name, method, votes, seats)
            print(f"    {name:<16}{answer if status == 'ok' else status}")


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"hemicycle apportionment benchmark (numpy {np.__version__}, one process per peer; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")  # fmt: skip
    if US_2010.exists():
        population = json.loads(US_2010.read_text())["inputs"]["apportionment_population"]
        states = list(population.values())
    else:
        states = [int(x) for x in np.random.default_rng(50).pareto(1.2, 50) * 1e6 + 5e5]
    single_case("Huntington-Hill, 435 seats among 50 states (minimum 1)", "hill", states, 435, 1)
    rng = np.random.default_rng(10_000)
    units = 1_000 if quick else 10_000
    seats = 10_000 if quick else 100_000
    large = [int(v) for v in rng.integers(1_000, 10_000_000, size=units)]
    for method, label in (("dhondt", "D'Hondt"), ("sainte_lague", "Sainte-Laguë"),
                          ("hill", "Huntington-Hill")):  # fmt: skip
        single_case(f"{label}, {seats:,} seats among {units:,} units", method, large, seats)
    batch_case(10_000 if quick else 100_000, quick)
    constructed_cases()
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
