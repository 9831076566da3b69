"""Load on the web app: concurrent readers and serialised writers against ``hemicycle serve``
on 127.0.0.1, over one DuckDB file.

Prints requests per second, latency percentiles, errors and lost writes (writes acknowledged
by the server but missing from the database afterwards). Bounded in time and in requests per
client; it sends traffic to the loopback address only.

    python benchmarks/web_load.py --seconds 60 --readers 50 --writers 2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))

from server import Server

from hemicycle.cli.demo import example_file
from hemicycle.io import accounts, uploads
from hemicycle.web.services import open_database

PASSWORD = "load test password"
VOTES = b"name,votes\nA,480123\nB,310456\nC,150789\nD,59321\nE,12345\n"
MAX_REQUESTS_PER_CLIENT = 100_000
ELECTION = example_file("iraq_2025_results.csv")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged_runs: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


REQUEST_TIMEOUT = 120.0
"""Seconds a client waits for an answer: on a loaded machine a request may be slow, and its
latency is measured; only a failure counts as an error."""


def _session(url: str, name: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT)
    response = client.post("/api/session", json={"name": name, "password": PASSWORD})
    response.raise_for_status()
    return client, str(response.json()["csrf_token"])


def _reader(
    client: httpx.Client, deadline: float, dataset: int, run: int, outcome: int, tally: Tally
) -> None:
    paths = [
        f"/outcomes/{outcome}",
        f"/api/tables/{dataset}",
        f"/outcomes/{outcome}/diagram.svg",
        f"/runs/{run}",
        "/api/outcomes",
        f"/runs/{run}/diagram.svg",
    ]
    try:
        for count in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                break
            path = paths[count % len(paths)]
            started = time.perf_counter()
            try:
                response = client.get(path)
                ok = response.status_code == 200
                detail = f"GET {path}: {response.status_code}"
            except httpx.HTTPError as error:
                ok, detail = False, f"GET {path}: {error!r}"
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies.append(elapsed)
                if not ok:
                    tally.errors.append(detail)
    finally:
        client.close()


def _writer(
    client: httpx.Client, token: str, deadline: float, dataset: int, tally: Tally, seed: int
) -> None:
    try:
        for count in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                break
            body = {"method": "sainte_lague", "seats": 50 + (seed * 1000 + count) % 400}
            started = time.perf_counter()
            try:
                response = client.post(
                    f"/api/tables/{dataset}/runs", json=body, headers={"X-CSRF-Token": token}
                )
                ok = response.status_code == 201
                run_id = int(response.json()["id"]) if ok else None
                detail = f"POST runs: {response.status_code} {response.text[:200]}"
            except httpx.HTTPError as error:
                ok, run_id, detail = False, None, f"POST runs: {error!r}"
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies.append(elapsed)
                if ok and run_id is not None:
                    tally.acknowledged_runs.add(run_id)
                else:
                    tally.errors.append(detail)
    finally:
        client.close()


def _sessions(url: str, names: list[str]) -> list[tuple[httpx.Client, str]]:
    """Log every client in, a few at a time."""
    opened: list[tuple[httpx.Client, str] | None] = [None] * len(names)

    def log_in(index: int) -> None:
        opened[index] = _session(url, names[index])

    for start in range(0, len(names), 8):
        batch = [
            threading.Thread(target=log_in, args=(i,))
            for i in range(start, min(start + 8, len(names)))
        ]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join()
    if any(session is None for session in opened):
        raise RuntimeError("a client could not log in")
    return [session for session in opened if session is not None]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_load(folder: Path, *, seconds: float, readers: int, writers: int) -> dict[str, object]:
    """Start a server on a fresh database, load it, stop it, and check the database."""
    db_path = folder / "load.duckdb"
    db = open_database(db_path)
    for role in ("observer", "editor"):
        accounts.add_user(db, role, role, PASSWORD, actor="setup")
    dataset = uploads.store_dataset(
        db, uploads.read_upload("load.csv", VOTES), name="load", actor="setup"
    ).id
    db.close()
    server = Server(db_path)
    tally = Tally()
    try:
        setup, token = _session(server.url, "editor")
        try:
            election = setup.post(
                "/api/elections",
                files={"file": ("iraq.csv", ELECTION.read_bytes(), "text/csv")},
                data={"name": "Iraq 2025"},
                headers={"X-CSRF-Token": token},
            )
            election.raise_for_status()
            counted = setup.post(
                "/api/elections/Iraq%202025/outcomes",
                json={"law": "iraq-2023", "partial": True},
                headers={"X-CSRF-Token": token},
            )
            counted.raise_for_status()
            outcome = int(counted.json()["id"])
            first = setup.post(
                f"/api/tables/{dataset}/runs",
                json={"method": "dhondt", "seats": 100},
                headers={"X-CSRF-Token": token},
            )
            first.raise_for_status()
            run = int(first.json()["id"])
            tally.acknowledged_runs.add(run)
        finally:
            setup.close()
        # Sessions first (each login verifies an Argon2 hash, which is slow by design); the
        # clock starts once every client is logged in.
        sessions = _sessions(server.url, ["observer"] * readers + ["editor"] * writers)
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(target=_reader, args=(client, deadline, dataset, run, outcome, tally))
            for client, _ in sessions[:readers]
        ] + [
            threading.Thread(target=_writer, args=(client, token, deadline, dataset, tally, seed))
            for seed, (client, token) in enumerate(sessions[readers:])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + REQUEST_TIMEOUT + 10)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    db = open_database(db_path)
    try:
        stored = {r.id for r in uploads.list_runs(db, dataset_id=dataset)}
        from hemicycle.io import audit_log

        chain = audit_log.verify_chain(db)
        logged = audit_log.count_entries(db, action="run.create")
    finally:
        db.close()
    return {
        "seconds": round(elapsed, 2),
        "readers": readers,
        "writers": writers,
        "requests": len(tally.latencies),
        "requests_per_second": round(len(tally.latencies) / elapsed, 1),
        "p50_ms": round(percentile(tally.latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 1),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "writes": len(tally.acknowledged_runs),
        "lost_writes": len(tally.acknowledged_runs - stored),
        "audited_writes": logged,
        "audit_chain_intact": chain is None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=2)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hemicycle-load-") as folder:
        result = run_load(
            Path(folder),
            seconds=arguments.seconds,
            readers=arguments.readers,
            writers=arguments.writers,
        )
    print(json.dumps(result, indent=2))
    print(
        f"{result['requests_per_second']} requests/s, p99 {result['p99_ms']} ms, "
        f"{result['errors']} errors, {result['lost_writes']} lost writes "
        f"({result['writes']} writes, {os.cpu_count()} cores)"
    )
    if result["errors"] or result["lost_writes"] or not result["audit_chain_intact"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
