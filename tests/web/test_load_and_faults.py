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

from hemicycle.io import accounts, audit_log
from hemicycle.io.store import Store
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
    kept = tmp_path / "kept.csv"
    kept.write_bytes(b"district,list,candidate,votes\nNorth,A,,10\nNorth,B,,5\n")
    db = open_database(db_path)
    accounts.add_user(db, "editor", "editor", PASSWORD, actor="setup")
    with db.exclusive():
        Store(db_path).import_results(kept, election="kept")
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
            names = [e["name"] for e in again.get("/api/elections").json()]
            assert names in (["kept"], ["kept", "interrupted"])
            retry = again.post(
                "/api/elections",
                files={"file": ("small.csv", b"district,list,candidate,votes\nX,A,,1\n")},
                headers={"X-CSRF-Token": token},
            )
            assert retry.status_code == 201, retry.text
    finally:
        restarted.stop()
    store = Store(db_path)
    elections = {e.name: e for e in store.elections()}
    assert [(r.list, r.votes) for r in store.results("kept").rows] == [("A", 10), ("B", 5)]
    if "interrupted" in elections:
        assert elections["interrupted"].result_rows == rows  # all of it, or none
    db = open_database(db_path)
    try:
        assert audit_log.verify_chain(db) is None
        imports = audit_log.count_entries(db, action="election.import")
        assert imports == len(elections) - 1  # every import through the web app is logged
    finally:
        db.close()
