"""Speed of the forensic tests, side by side with benford-py where the two overlap.

1. 1,000,000 synthetic stations written to Parquet; read back, then every digit test of the
   leader's counts and the fingerprint: end to end, target under 2 s. With a million stations
   two redraws per count estimate the null's expectation and variance closely enough.
2. The integer-percentage test with 1,000 Monte Carlo repetitions on 100,000 stations: target
   under 10 s.
3. benford-py (``benford_py``) on the same 1,000,000 counts: its first-digit, second-digit and
   last-two-digit tests against ours, with the ratio of the times.

Run: ``.venv/bin/python benchmarks/forensics.py``
"""

from __future__ import annotations

import contextlib
import io
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


def main() -> None:
    print("simulating 1,000,000 stations …")
    stations = simulate.clean_stations(1_000_000, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stations.parquet"
        _parquet(path, stations)
        start, cpu = time.perf_counter(), time.process_time()
        table = read_stations(path)
        read = time.perf_counter() - start
        leader = table.list_votes("list 1")
        assert table.valid is not None
        assert table.registered is not None
        assert table.issued is not None
        assert table.cast is not None
        tests = digits.all_digit_tests(leader, table.valid, repetitions=2, seed=1)
        fp = fingerprint.fingerprint(table.registered, table.issued, table.cast, leader)
        ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"read Parquet:                          {read:6.2f} s")
    print(f"read + {len(tests)} digit tests + fingerprint:  {ours:6.2f} s wall, "
          f"{ours_cpu:6.2f} s CPU (target < 2 s)")  # fmt: skip
    print(f"  fingerprint stations {fp.stations:,}; second-digit p = {tests[0].p_value:.3f}")

    sample = simulate.clean_stations(100_000, seed=2)
    start, cpu = time.perf_counter(), time.process_time()
    result = round_numbers.integer_percentage_test(
        sample.registered, sample.issued, sample.cast, sample.leader, repetitions=1000, seed=3
    )
    integer, integer_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"integer percentages, 100,000 stations × 1,000 repetitions: {integer:6.2f} s wall, "
          f"{integer_cpu:6.2f} s CPU (target < 10 s); p = {result.p_values}")  # fmt: skip
    print("(CPU time is what a machine to itself would take: the tests run on one core)")

    try:
        import benford as bf
    except ImportError:
        print("benford-py is not installed: no comparison")
        return
    counts = leader[leader >= 10].astype(np.float64)
    timings = []
    for name, call, mine in (
        ("first digit", lambda: bf.first_digits(counts, digs=1, decimals=0, show_plot=False,
                                                verbose=False), digits.first_digit_test),
        ("second digit", lambda: bf.second_digit(counts, decimals=0, show_plot=False,
                                                 verbose=False), digits.second_digit_test),
        ("last two digits", lambda: bf.last_two_digits(counts, decimals=0, show_plot=False,
                                                       verbose=False), digits.repeated_pair_test),
    ):  # fmt: skip
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            call()
            theirs = time.perf_counter() - start
        start = time.perf_counter()
        mine(leader, table.valid, repetitions=2, seed=1)
        own = time.perf_counter() - start
        timings.append((name, own, theirs))
    print(f"\n{'test':<18}{'hemicycle':>12}{'benford-py':>12}{'ratio':>8}")
    for name, own, theirs in timings:
        print(f"{name:<18}{own:>11.2f}s{theirs:>11.2f}s{theirs / own:>8.2f}")
    print("(ratio = benford-py time / hemicycle time; hemicycle's tests also simulate the null)")


if __name__ == "__main__":
    main()
