"""Risk-limiting audit arithmetic: hemicycle beside rlacalc on the functions both provide.

hemicycle computes risks exactly (rationals) or at 50 digits; rlacalc in binary floating
point. Prints the time of each side and the ratio (hemicycle / rlacalc), and the time to draw
a sample with Rivest's consistent sampler from a manifest of 100,000 ballots. The functions
are those ``hemicycle audit plan`` and ``risk`` call, with their defaults (risk limit 10%,
BRAVO for polling, Kaplan-Markov with γ = 1.03905 for comparison). Prints the load average:
the figures are wall-clock times on a shared machine.

    .venv/bin/python benchmarks/audit.py
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from fractions import Fraction

import rlacalc

from hemicycle.audit import (
    BallotManifest,
    bravo_asn,
    bravo_risk,
    comparison_sample_size,
    kaplan_markov_counts,
    sample_ballots,
)

CASES = 2000


def _time(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rng = random.Random(2024)
    polls = [
        (rng.randint(500, 5000), rng.randint(100, 4000), rng.randint(0, 300), rng.randint(0, 300))
        for _ in range(CASES)
    ]
    margins = [rng.randint(1, 500) / 1000 for _ in range(CASES)]
    pairs = [
        (
            "BRAVO risk",
            lambda: [bravo_risk(*p) for p in polls],
            lambda: [rlacalc.ballot_polling_risk_level(*p) for p in polls],
        ),
        (
            "BRAVO ASN",
            lambda: [bravo_asn((1 + Fraction(m)) / 2, (1 - Fraction(m)) / 2) for m in margins],
            lambda: [rlacalc.findAsn(margin=m) for m in margins],
        ),
        (
            "comparison size",
            lambda: [comparison_sample_size(m, o1=1) for m in margins],
            lambda: [rlacalc.nmin(margin=m, o1=1) for m in margins],
        ),
        (
            "Kaplan-Markov risk",
            lambda: [kaplan_markov_counts(m, 200, o1=1) for m in margins],
            lambda: [rlacalc.KM_P_value(200, 1.03905, m, 1) for m in margins],
        ),
    ]
    print(f"{'task':<22}{'hemicycle s':>13}{'rlacalc s':>12}{'ratio':>9}   ({CASES} cases)")
    for name, ours, theirs in pairs:
        mine, peer = _time(ours), _time(theirs)
        print(f"{name:<22}{mine:>13.4f}{peer:>12.4f}{mine / peer:>9.1f}")
    manifest = BallotManifest.of({f"batch {i}": 1000 for i in range(100)})
    took = _time(lambda: sample_ballots(manifest, "31415926535", 500))
    print(f"consistent sample of 500 from 100,000 ballots: {took:.2f} s (no peer in rlacalc)")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
