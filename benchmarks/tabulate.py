"""Import and tabulation speed on a synthetic national election of 1,000,000 station-level rows.

    .venv/bin/python benchmarks/tabulate.py [--rows N] [--repeat K] [--keep FOLDER]

The election has the shape of Iraq's Council of Representatives under Law 4/2023: 320 general
seats in 18 governorates (Baghdad 69 … Muthanna 7), 7,000 candidates on open lists, and
polling-station results ``district,station,list,candidate,votes`` (a row for each list's
list-only votes and for each candidate at every station), with station ballot totals that
add up. A second election has the shape of Lebanon's Law 44/2017 (128 confessional seats in
15 major districts, taken from the lebanon-2017 preset) with the same number of rows.

For each it prints the rows per second of ``Store.import_results`` (results, candidates,
station totals and seat table, checked and written in one transaction) from Parquet and from
CSV, the time to read the results back from the store, and the time of
``hemicycle.law.tabulate`` under the election's law. Parquet is written in row groups of
100,000 rows, as DuckDB and Spark write it (a row group is what one reader thread takes; a file
in a single row group is read on one thread). Targets on a 2-core machine: at least 1,000,000
rows/s from Parquet, 300,000 rows/s from CSV, tabulation under 1 s. Lists and candidates are
named in Arabic script, as the commission publishes them, so the byte-for-byte path is the
one measured. The best of ``--repeat`` runs is shown: the machine may be shared.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from hemicycle.io.store import Store

# Seats of the 18 governorates under Law 4/2023 (general seats; the 9 minority seats are
# counted apart), as in the iraq-2023 preset and IHEC's 2025 seat table.
IRAQ_2023 = (
    ("Baghdad", 69),
    ("Nineveh", 31),
    ("Basra", 25),
    ("Dhi Qar", 19),
    ("Babil", 17),
    ("Sulaymaniyah", 18),
    ("Anbar", 15),
    ("Erbil", 15),
    ("Diyala", 14),
    ("Kirkuk", 12),
    ("Saladin", 12),
    ("Najaf", 12),
    ("Wasit", 11),
    ("Qadisiyah", 11),
    ("Maysan", 10),
    ("Duhok", 11),
    ("Karbala", 11),
    ("Muthanna", 7),
)
TARGETS = {"parquet": 1_000_000, "csv": 300_000}
ROW_GROUP = 100_000  # rows per Parquet row group, the unit a reader works on in parallel


@dataclass(frozen=True)
class District:
    """A district of the synthetic election: its name, seats and reserved seats."""

    name: str
    seats: int
    reserved: tuple[tuple[str, str | None, int], ...] = ()  # (community, minor district, seats)


def iraq_districts() -> list[District]:
    return [District(name, seats) for name, seats in IRAQ_2023]


def lebanon_districts() -> list[District] | None:
    """The major districts of the lebanon-2017 preset, or None without the law engine."""
    law = _law("lebanon-2017")
    if law is None:
        return None
    return [
        District(
            district.id,
            district.seats,
            tuple((r.community, r.minor_district, r.seats) for r in district.reserved),
        )
        for tier in law.tiers
        for district in tier.districts
    ]


def _law(law_id: str) -> Any:
    try:
        from hemicycle.law import load_law
    except ImportError:
        return None
    try:
        return load_law(law_id)
    except Exception:  # a preset not shipped yet
        return None


def generate(
    folder: Path, districts: list[District], *, rows: int, candidates: int, seed: int
) -> dict[str, Path]:
    """Write results, candidates, station totals and seats as Parquet and CSV; return paths."""
    rng = np.random.default_rng(seed)
    seats = np.array([d.seats for d in districts])
    people = np.maximum(1, np.round(candidates * seats / seats.sum()).astype(int))
    people[np.argmax(people)] += candidates - people.sum()
    lists = np.clip(seats + 4, 5, 30)
    width = people + lists
    stations = np.maximum(1, np.round(rows * width / width.sum() / width).astype(int))
    columns: dict[str, list[np.ndarray]] = {k: [] for k in ("district", "station", "list")}
    columns |= {"candidate": [], "votes": []}
    roster: dict[str, list[Any]] = {
        k: [] for k in ("district", "list", "candidate", "gender", "community")
    }
    roster |= {"minor_district": [], "rank": [], "birth_date": []}
    totals: dict[str, list[np.ndarray]] = {
        k: [] for k in ("district", "station", "registered", "ballots", "valid", "invalid")
    }
    totals["blank"] = []
    seat_rows: list[tuple[str, str | None, str | None, int]] = []
    for d, district in enumerate(districts):
        n_lists, n_people, n_stations = int(lists[d]), int(people[d]), int(stations[d])
        list_names = np.array([f"قائمة {d + 1}-{i + 1}" for i in range(n_lists)], dtype=object)
        own = rng.integers(0, n_lists, n_people)
        seats_of = _reserved_slots(district, n_people, rng)
        names = np.array([f"مرشح {d + 1}-{i + 1}" for i in range(n_people)], dtype=object)
        for i in range(n_people):
            roster["district"].append(district.name)
            roster["list"].append(list_names[own[i]])
            roster["candidate"].append(names[i])
            roster["gender"].append("F" if rng.random() < 0.35 else "M")
            roster["community"].append(seats_of[i][0])
            roster["minor_district"].append(seats_of[i][1])
            roster["rank"].append(int((own[: i + 1] == own[i]).sum()))
            roster["birth_date"].append(
                f"{rng.integers(1950, 1995)}-0{rng.integers(1, 10)}-1{i % 9}"
            )
        if district.reserved:
            seat_rows += [(district.name, m, c, s) for c, m, s in district.reserved]
        else:
            seat_rows.append((district.name, None, None, district.seats))
        popularity = rng.dirichlet(np.ones(n_lists) * 0.7)
        mean = np.concatenate(
            [popularity * 30, popularity[own] * 150 / np.bincount(own, minlength=n_lists)[own]]
        )
        votes = rng.poisson(mean, size=(n_stations, n_lists + n_people))
        station_names = np.array([f"{d + 1:02d}{s:05d}" for s in range(n_stations)], dtype=object)
        columns["district"].append(np.full(votes.size, district.name, dtype=object))
        columns["station"].append(np.repeat(station_names, n_lists + n_people))
        columns["list"].append(np.tile(np.concatenate([list_names, list_names[own]]), n_stations))
        columns["candidate"].append(
            np.tile(np.concatenate([np.full(n_lists, None, dtype=object), names]), n_stations)
        )
        columns["votes"].append(votes.ravel())
        valid = votes.sum(axis=1)
        invalid = rng.poisson(valid * 0.03 + 1)
        blank = rng.poisson(valid * 0.01 + 1)
        ballots = valid + invalid + blank
        totals["district"].append(np.full(n_stations, district.name, dtype=object))
        totals["station"].append(station_names)
        totals["registered"].append(ballots + rng.poisson(ballots * 0.6 + 5))
        totals["ballots"].append(ballots)
        totals["valid"].append(valid)
        totals["invalid"].append(invalid)
        totals["blank"].append(blank)
    tables = {
        "results": pa.table({k: np.concatenate(v) for k, v in columns.items()}),
        "totals": pa.table({k: np.concatenate(v) for k, v in totals.items()}),
    }
    paths: dict[str, Path] = {}
    for role, table in tables.items():
        paths[f"{role}.parquet"] = folder / f"{role}.parquet"
        paths[f"{role}.csv"] = folder / f"{role}.csv"
        pq.write_table(table, paths[f"{role}.parquet"], row_group_size=ROW_GROUP)
        pacsv.write_csv(table, paths[f"{role}.csv"])
    pacsv.write_csv(pa.table(roster), folder / "candidates.csv")
    seats_table = pa.table(
        {
            "district": [r[0] for r in seat_rows],
            "minor_district": [r[1] for r in seat_rows],
            "community": [r[2] for r in seat_rows],
            "seats": [r[3] for r in seat_rows],
        }
    )
    pacsv.write_csv(seats_table, folder / "seats.csv")
    paths["candidates"] = folder / "candidates.csv"
    paths["seats"] = folder / "seats.csv"
    return paths


def _reserved_slots(
    district: District, n_people: int, rng: np.random.Generator
) -> list[tuple[str | None, str | None]]:
    """(community, minor district) of each candidate, spread over the reserved seats."""
    if not district.reserved:
        return [(None, None)] * n_people
    weights = np.array([s for _, _, s in district.reserved], dtype=float)
    picks = rng.choice(len(district.reserved), size=n_people, p=weights / weights.sum())
    return [(district.reserved[p][0], district.reserved[p][1]) for p in picks]


def time_import(
    paths: dict[str, Path], kind: str, folder: Path, repeat: int
) -> tuple[int, float, float]:
    """Best of ``repeat`` imports into a fresh database: (rows, seconds, CPU seconds).

    The CPU time (all threads of this process) shows how much of the time was work and how
    much was waiting for a machine shared with other programs.
    """
    best = (float("inf"), 0.0)
    rows = 0
    for attempt in range(repeat):
        store = Store(folder / f"bench-{kind}-{attempt}.duckdb")
        started, cpu = time.perf_counter(), time.process_time()
        report = store.import_results(
            paths[f"results.{kind}"],
            candidates=paths["candidates"],
            totals=paths[f"totals.{kind}"],
            seats=paths["seats"],
            election="synthetic",
        )
        best = min(best, (time.perf_counter() - started, time.process_time() - cpu))
        rows = report.sources[0].rows
    return rows, *best


def time_tabulation(law_id: str, store: Store) -> str:
    started = time.perf_counter()
    results = store.results("synthetic")
    loading = time.perf_counter() - started
    law = _law(law_id)
    if law is None:
        return f"results read back in {loading:.3f} s; law engine or preset not installed"
    from hemicycle.law import tabulate

    started = time.perf_counter()
    outcome = tabulate(law, results, partial=True, seed="benchmark")
    seconds = time.perf_counter() - started
    verdict = "ok" if seconds < 1 else "SLOWER than 1 s"
    return (
        f"{seconds:.3f} s for {outcome.total_seats} seats ({verdict}); "
        f"results read back from the store in {loading:.3f} s"
    )


def run(name: str, districts: list[District], args: argparse.Namespace, folder: Path) -> None:
    """Generate one election, then time its import and its tabulation."""
    place = folder / name
    place.mkdir()
    started = time.perf_counter()
    paths = generate(place, districts, rows=args.rows, candidates=args.candidates, seed=2025)
    seats = sum(d.seats for d in districts)
    print(
        f"\n{name}: {len(districts)} districts, {seats} seats, {args.candidates:,} candidates "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )
    for kind in ("parquet", "csv"):
        rows, seconds, cpu = time_import(paths, kind, place, args.repeat)
        speed = rows / seconds
        verdict = "ok" if speed >= TARGETS[kind] else f"BELOW the {TARGETS[kind]:,}/s target"
        print(
            f"  import {kind:<8} {rows:>10,} rows in {seconds:6.3f} s (CPU {cpu:.3f} s) "
            f"= {speed:>12,.0f} rows/s  ({verdict})"
        )
    law_id = "iraq-2023" if name.startswith("iraq") else "lebanon-2017"
    store = Store(place / "bench-parquet-0.duckdb")
    print(f"  tabulate {law_id}: {time_tabulation(law_id, store)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=7_000)
    parser.add_argument("--repeat", type=int, default=3, help="imports timed; the best is shown")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hemicycle-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        run("iraq-2023", iraq_districts(), args, folder)
        lebanon = lebanon_districts()
        if lebanon is None:
            print("\nlebanon-2017: skipped (the law engine and its presets are not installed)")
        else:
            run("lebanon-2017", lebanon, args, folder)


if __name__ == "__main__":
    main()
