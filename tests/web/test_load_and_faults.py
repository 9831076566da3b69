"""Bounded load (concurrent readers, serialised writers) and a killed server during an import."""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from pathlib import Path

import httpx
from server import Server
from web_helpers import PASSWORD

from hemicycle.io import accounts, audit_log, uploads
from hemicycle.web.services import open_database

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "web_load.py"


def test_fifty_readers_and_two_writers_for_ten_seconds(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("web_load", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    result = module.run_load(tmp_path, seconds=8, readers=50, writers=2)
    assert result["errors"] == 0, result["first_errors"]
    assert result["lost_writes"] == 0
    assert result["writes"] >= 2
    assert result["audited_writes"] == result["writes"]
    assert result["audit_chain_intact"]
    assert result["requests"] > 100


def test_killing_the_server_during_an_import_leaves_the_database_intact(tmp_path: Path) -> None:
    db_path = tmp_path / "fault.duckdb"
    db = open_database(db_path)
    accounts.add_user(db, "editor", "editor", PASSWORD, actor="setup")
    before = uploads.store_dataset(
        db, uploads.read_upload("a.csv", b"name,votes\nA,10\nB,5\n"), name="kept", actor="setup"
    )
    db.close()
    rows = 300_000
    big = b"district,list,candidate,votes\n" + b"".join(
        b"D%d,L%d,C%d,%d\n" % (i % 50, i % 40, i, i % 997) for i in range(rows)
    )
    server = Server(db_path)
    client = httpx.Client(base_url=server.url, timeout=120)
    token = client.post("/api/session", json={"name": "editor", "password": PASSWORD}).json()[
        "csrf_token"
    ]
    outcome: dict[str, object] = {}

    def upload() -> None:
        try:
            outcome["response"] = client.post(
                "/api/elections",
                files={"file": ("big.csv", big, "text/csv")},
                data={"name": "interrupted"},
                headers={"X-CSRF-Token": token},
            )
        except httpx.HTTPError as error:
            outcome["error"] = error

    thread = threading.Thread(target=upload)
    thread.start()
    time.sleep(1.5)  # the upload is being received, checked or written
    server.kill()
    thread.join(timeout=60)
    client.close()
    assert "error" in outcome, "the import finished before the server was killed"
    restarted = Server(db_path)
    try:
        with httpx.Client(base_url=restarted.url) as again:
            token = again.post(
                "/api/session", json={"name": "editor", "password": PASSWORD}
            ).json()["csrf_token"]
            names = [d["name"] for d in again.get("/api/elections").json()]
            assert names in (["kept"], ["interrupted", "kept"])
            retry = again.post(
                "/api/elections",
                files={"file": ("small.csv", b"name,votes\nX,1\n", "text/csv")},
                headers={"X-CSRF-Token": token},
            )
            assert retry.status_code == 201
    finally:
        restarted.stop()
    db = open_database(db_path)
    try:
        datasets = {d.name: d for d in uploads.list_datasets(db)}
        assert datasets["kept"].id == before.id
        assert uploads.dataset_votes(db, before.id) == {"A": 10, "B": 5}
        expected_rows = 2 + 1 + (rows if "interrupted" in datasets else 0)
        assert uploads.count_rows(db, "dataset_rows") == expected_rows  # nothing half-written
        assert audit_log.verify_chain(db) is None
        imports = audit_log.count_entries(db, action="dataset.import")
        assert imports == len(datasets)  # every stored import, and only those, is logged
    finally:
        db.close()
