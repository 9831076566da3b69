"""Speed of the forensic tests at the CLI's settings, side by side with benford-py.

1. 1,000,000 synthetic stations (4 lists) written to Parquet; read back, then every digit test
   of every list with the CLI's 20 null redraws per count (``hemicycle forensics`` runs them
   so) and the fingerprint: end to end, the issue's target is under 2 s; then the same with
   ``--digit-redraws 2``, the fewest the CLI accepts.
2. The integer-percentage test with 1,000 Monte Carlo repetitions (the CLI's default) on
   100,000 stations: target under 10 s.
3. benford-py (``benford_py``) on the same counts of every list: its first-digit,
   second-digit and last-two-digit tests beside ours (20 redraws), with the ratio of the
   times. benford-py compares with Benford's law only; ours also redraw each station's null.
   rlacalc has no forensic functions; ``benchmarks/audit.py`` compares with it.

Prints the load average: the figures are wall-clock times on a shared machine, with the CPU
time beside them (the tests run on one core).

Run: ``.venv/bin/python benchmarks/forensics.py``
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hemicycle.forensics import digits, fingerprint, round_numbers, simulate
from hemicycle.io.stations import read_stations


def _parquet(path: Path, stations: simulate.SimulatedStations) -> None:
    columns = {
        "unit": pa.array(np.arange(len(stations))),
        "registered": stations.registered,
        "issued": stations.issued,
        "cast": stations.cast,
        "valid": stations.valid,
        "invalid": stations.invalid,
    }
    for j in range(stations.votes.shape[1]):
        columns[f"list {j + 1}"] = stations.votes[:, j]
    pq.write_table(pa.table(columns), path)


REPETITIONS = 20
"""Null redraws per count, as ``hemicycle forensics`` (``analyse(digit_repetitions=20)``)."""
FEWEST = 2
"""The fewest redraws ``hemicycle forensics --digit-redraws`` accepts."""


def main() -> None:
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("simulating 1,000,000 stations …")
    stations = simulate.clean_stations(1_000_000, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stations.parquet"
        _parquet(path, stations)
        start, cpu = time.perf_counter(), time.process_time()
        table = read_stations(path)
        read = time.perf_counter() - start
        assert table.valid is not None
        assert table.registered is not None
        assert table.issued is not None
        assert table.cast is not None
        per_list = []
        for j, name in enumerate(table.lists):
            began = time.perf_counter()
            tests = digits.all_digit_tests(
                table.list_votes(name), table.valid, repetitions=REPETITIONS, seed=j
            )
            per_list.append((name, time.perf_counter() - began, tests))
        leader = table.list_votes(table.lists[0])
        fp = fingerprint.fingerprint(table.registered, table.issued, table.cast, leader)
        ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        again = read_stations(path)
        assert again.valid is not None
        assert again.registered is not None
        assert again.issued is not None
        assert again.cast is not None
        for j, name in enumerate(again.lists):
            digits.all_digit_tests(again.list_votes(name), again.valid, repetitions=FEWEST, seed=j)
        leader = again.list_votes(again.lists[0])
        fingerprint.fingerprint(again.registered, again.issued, again.cast, leader)
        fast, fast_cpu = time.perf_counter() - start, time.process_time() - cpu
    count = sum(len(tests) for _, _, tests in per_list)
    print(f"read Parquet:                                     {read:6.2f} s")
    for name, took, tests in per_list:
        applicable = sum(t.applicable for t in tests)
        print(f"  {name}: {applicable} of {len(tests)} digit tests ({REPETITIONS} redraws)   "
              f"{took:6.2f} s")  # fmt: skip
    print(f"read + {count} digit tests of {len(per_list)} lists + fingerprint: {ours:6.2f} s wall, "
          f"{ours_cpu:6.2f} s CPU (target < 2 s: {'met' if ours < 2 else 'not met'})")  # fmt: skip
    print(f"  fingerprint stations {fp.stations:,}")
    print(f"the same with --digit-redraws {FEWEST}:                {fast:6.2f} s wall, "
          f"{fast_cpu:6.2f} s CPU (target < 2 s: {'met' if fast < 2 else 'not met'})")  # fmt: skip

    sample = simulate.clean_stations(100_000, seed=2)
    start, cpu = time.perf_counter(), time.process_time()
    result = round_numbers.integer_percentage_test(
        sample.registered, sample.issued, sample.cast, sample.leader, repetitions=1000, seed=3
    )
    integer, integer_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"integer percentages, 100,000 stations × 1,000 repetitions: {integer:6.2f} s wall, "
          f"{integer_cpu:6.2f} s CPU (target < 10 s: {'met' if integer < 10 else 'not met'}); "
          f"p = {result.p_values}")  # fmt: skip

    try:
        import benford as bf
    except ImportError:
        print("benford-py is not installed: no comparison")
        return
    timings = []
    for name in table.lists:
        votes = table.list_votes(name)
        counts = votes[votes >= 10].astype(np.float64)
        for test, call, mine in (
            ("first digit", lambda c=counts: bf.first_digits(c, digs=1, decimals=0,
                                                             show_plot=False, verbose=False),
             digits.first_digit_test),
            ("second digit", lambda c=counts: bf.second_digit(c, decimals=0, show_plot=False,
                                                              verbose=False),
             digits.second_digit_test),
            ("last two digits", lambda c=counts: bf.last_two_digits(c, decimals=0,
                                                                    show_plot=False,
                                                                    verbose=False),
             digits.repeated_pair_test),
        ):  # fmt: skip
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                call()
                theirs = time.perf_counter() - start
            start = time.perf_counter()
            mine(votes, table.valid, repetitions=REPETITIONS, seed=1)
            own = time.perf_counter() - start
            timings.append((f"{name}: {test}", own, theirs))
    print(f"\n{'test':<28}{'hemicycle':>11}{'benford-py':>12}{'ratio':>8}")
    for label, own, theirs in timings:
        print(f"{label:<28}{own:>10.2f}s{theirs:>11.2f}s{theirs / own:>8.2f}")
    print("(ratio = benford-py time / hemicycle time, each test on its own; hemicycle's tests "
          f"also draw {REPETITIONS} null redraws of every count, twice over)")  # fmt: skip
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
