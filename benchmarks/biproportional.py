"""Biproportional apportionment speed and agreement, hemicycle beside biprop, in one run.

    .venv/bin/python benchmarks/biproportional.py [--quick]

Cases: Zug 2018 (7 lists × 11 municipalities, 80 seats; read from ../shared/data when present,
otherwise a synthetic matrix of that shape with Zug's magnitudes), random 50 × 20 matrices
(50 districts, 20 parties, 2-12 seats per district), and near-ties (rank-one votes times 10**13
plus 0-2 votes per cell: one exact answer, closer than floating point can see).

Both libraries get the same party and district totals (hemicycle's exact upper apportionment)
and compute the lower apportionment; hemicycle is also timed end to end (upper apportionment,
quorum, lower apportionment and short certificate). biprop (Herold 2025) runs alternating
scaling in floating point and raises RecursionError when it does not converge. For each case the
table prints the median time of each, the ratio, and whether the seat matrices agree.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from hemicycle.core.biproportional import biproportional, verify
from hemicycle.core.biproportional_lower import lower_apportionment
from hemicycle.core.biproportional_rounding import Signposts
from hemicycle.core.divisors import SAINTE_LAGUE
from hemicycle.core.ties import REFUSE

ROOT = Path(__file__).resolve().parent.parent
ZUG = ROOT.parent / "shared" / "data" / "biproportional_uri2020_zug2018.json"
ZUG_SEATS = {
    "Zug": 19,
    "Oberägeri": 4,
    "Unterägeri": 6,
    "Menzingen": 3,
    "Baar": 15,
    "Cham": 10,
    "Hünenberg": 6,
    "Steinhausen": 6,
    "Risch": 7,
    "Walchwil": 2,
    "Neuheim": 2,
}

Case = tuple[str, dict[str, dict[str, int]], dict[str, int], dict[str, Any]]


def _timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _zug_case() -> Case:
    options: dict[str, Any] = {"weighted": True, "quorum_district": "5%", "quorum_total": "3%"}
    if ZUG.exists():
        data = json.loads(ZUG.read_text(encoding="utf-8"))["inputs"]["zug_2018"]
        votes = {d: {p: row[d] for p, row in data["votes"].items()} for d in data["district_seats"]}
        return "Zug 2018 (7 × 11, 80 seats)", votes, data["district_seats"], options
    rng = np.random.default_rng(2018)
    votes = {d: {f"list{i}": int(rng.integers(0, 30_000)) for i in range(7)} for d in ZUG_SEATS}
    return "Zug-sized synthetic (7 × 11, 80 seats)", votes, dict(ZUG_SEATS), options


def _random_case(seed: int) -> Case:
    rng = np.random.default_rng(seed)
    strength = rng.gamma(1.0, 1.0, 20)  # parties of very different sizes
    votes = {
        f"district {j}": {
            f"party {i}": int(rng.poisson(strength[i] * rng.uniform(2_000, 40_000)))
            for i in range(20)
        }
        for j in range(50)
    }
    seats = {f"district {j}": int(rng.integers(2, 13)) for j in range(50)}
    return f"50 × 20 synthetic, seed {seed}", votes, seats, {}


def _near_tie_case(seed: int) -> Case:
    rng = np.random.default_rng(seed)
    rows, cols = rng.integers(1, 30, 5), rng.integers(1, 30, 6)
    votes = {
        f"d{j}": {
            f"p{i}": int(rows[i] * cols[j]) * 10**13 + int(rng.integers(0, 3)) for i in range(5)
        }
        for j in range(6)
    }
    seats = {f"d{j}": int(rng.integers(2, 8)) for j in range(6)}
    return f"near-tie 5 × 6, seed {seed}", votes, seats, {}


def _biprop(votes: np.ndarray, rows: list[int], cols: list[int]) -> np.ndarray | None:
    import biprop

    election = biprop.Election(votes.astype(float))
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # biprop prints its iterations
            return np.asarray(election.lower_apportionment(party_seats=rows, region_seats=cols))
    except RecursionError:
        return None


def run_case(case: Case, repeat: int) -> dict[str, Any]:
    name, votes, seats, options = case
    full_time, result = _timed(lambda: biproportional(votes, seats, **options), repeat)
    assert verify(result)
    parties = [p for p in result.parties if p not in result.excluded]
    districts = list(result.districts)
    matrix = [[votes[d].get(p, 0) for d in districts] for p in parties]
    rows = [result.party_seats[p] for p in parties]
    cols = [seats[d] for d in districts]
    signposts = Signposts(SAINTE_LAGUE)
    lower_time, lower = _timed(
        lambda: lower_apportionment(
            matrix,
            rows,
            cols,
            signposts,
            parties=parties,
            districts=districts,
            tie_break=REFUSE,
        ),
        repeat,
    )
    array = np.array(matrix, dtype=object)
    peer_time, peer = _timed(lambda: _biprop(array, rows, cols), repeat)
    if peer is None:
        verdict = "did not converge"
    elif peer.tolist() == [list(line) for line in lower.seats]:
        verdict = "agrees"
    else:
        verdict = "DIFFERS"
    return {
        "case": name,
        "full": full_time,
        "lower": lower_time,
        "biprop": peer_time,
        "verdict": verdict,
    }


def main() -> None:
    quick = "--quick" in sys.argv
    repeat = 3 if quick else 7
    cases = [_zug_case()]
    cases += [_random_case(seed) for seed in range(3 if quick else 10)]
    cases += [_near_tie_case(seed) for seed in range(2 if quick else 5)]
    header = (
        f"{'case':<40} {'hemicycle full':>15} {'hemicycle lower':>16} {'biprop lower':>13} "
        f"{'ratio':>7}  biprop vs exact"
    )
    print(header)
    print("-" * len(header))
    ratios = []
    for case in cases:
        row = run_case(case, repeat)
        ratio = row["biprop"] / row["lower"]
        ratios.append(ratio)
        print(
            f"{row['case']:<40} {row['full'] * 1e3:>12.2f} ms {row['lower'] * 1e3:>13.2f} ms "
            f"{row['biprop'] * 1e3:>10.2f} ms {ratio:>6.2f}x  {row['verdict']}"
        )
    print(
        f"\nratio = biprop lower time / hemicycle lower time (above 1: hemicycle faster); "
        f"geometric mean {statistics.geometric_mean(ratios):.2f}x"
    )


if __name__ == "__main__":
    main()
