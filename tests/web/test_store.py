"""The web app's storage: accounts, sessions, the hash-chained audit log, uploads and runs."""

from __future__ import annotations

import io
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from hemicycle.errors import DataError
from hemicycle.io import accounts, audit_log, uploads
from hemicycle.io.audit_log import Database


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "h.duckdb", accounts.SCHEMA + uploads.SCHEMA)
    yield database
    database.close()


def test_users_passwords_and_sessions(db: Database) -> None:
    accounts.add_user(db, "ada", "admin", "correct horse battery", actor="setup")
    accounts.add_user(db, "olga", "observer", "observer-password", actor="ada")
    assert [(u.name, u.role) for u in accounts.list_users(db)] == [
        ("ada", accounts.Role.admin),
        ("olga", accounts.Role.observer),
    ]
    with db.read() as cursor:
        stored = cursor.execute("SELECT password_hash FROM users WHERE name='ada'").fetchone()
    assert stored is not None
    assert stored[0].startswith("$argon2id$")
    assert "correct horse" not in stored[0]
    assert accounts.authenticate(db, "ada", "wrong password!") is None
    assert accounts.authenticate(db, "nobody", "correct horse battery") is None
    user = accounts.authenticate(db, "ada", "correct horse battery")
    assert user is not None
    assert user.can(accounts.Permission.manage_users)
    token = accounts.create_session(db, user, lifetime=timedelta(hours=1))
    assert accounts.session_user(db, token) == user
    with db.read() as cursor:
        hashes = [row[0] for row in cursor.execute("SELECT token_hash FROM sessions").fetchall()]
    assert token not in hashes
    accounts.end_session(db, token, actor="ada")
    assert accounts.session_user(db, token) is None
    expired = accounts.create_session(db, user, lifetime=timedelta(seconds=-1))
    assert accounts.session_user(db, expired) is None


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("a b", "admin", "long enough pw", "without spaces"),
        ("x", "king", "long enough pw", "unknown role 'king'; valid roles: admin, editor"),
        ("x", "editor", "short", "at least 10 characters"),
    ],
)
def test_bad_accounts_are_refused(
    db: Database, name: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        accounts.add_user(db, name, role, password, actor="setup")
    assert accounts.list_users(db) == []
    assert audit_log.count_entries(db) == 0


def test_duplicate_user_and_last_admin(db: Database) -> None:
    accounts.add_user(db, "ada", "admin", "correct horse battery", actor="setup")
    with pytest.raises(DataError, match="already exists"):
        accounts.add_user(db, "ada", "editor", "another password", actor="setup")
    with pytest.raises(DataError, match="last admin"):
        accounts.remove_user(db, "ada", actor="ada")
    with pytest.raises(DataError, match="no user named 'bob'"):
        accounts.remove_user(db, "bob", actor="ada")
    accounts.add_user(db, "bob", "admin", "bobs password", actor="ada")
    accounts.remove_user(db, "ada", actor="bob")
    assert [u.name for u in accounts.list_users(db)] == ["bob"]


def test_audit_log_records_every_write_and_detects_tampering(db: Database) -> None:
    accounts.add_user(db, "ada", "admin", "correct horse battery", actor="setup")
    table = uploads.read_upload("votes.csv", b"name,votes\nA,100\nB,50\n")
    dataset = uploads.store_dataset(db, table, name="test", actor="ada")
    run = uploads.store_run(
        db,
        dataset_id=dataset.id,
        kind="apportion",
        parameters={"seats": 3},
        result={"seats": {"A": 2, "B": 1}},
        actor="ada",
    )
    uploads.publish_run(db, run.id, actor="ada")
    log = audit_log.entries(db)
    assert [e.action for e in log] == ["run.publish", "run.create", "dataset.import", "user.add"]
    assert log[2].sha256 == table.sha256
    assert log[2].target == f"dataset:{dataset.id}"
    assert log[0].sha256 == run.sha256
    assert audit_log.verify_chain(db) is None
    with db.write(actor="intruder", action="tamper") as tx:
        tx.cursor.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")
    assert audit_log.verify_chain(db) == 2


def test_a_failed_write_leaves_no_trace(db: Database) -> None:
    table = uploads.read_upload("votes.csv", b"name,votes\nA,100\n")

    def interrupted_import() -> None:
        with db.write(actor="ada", action="dataset.import") as tx:
            tx.cursor.execute(
                "INSERT INTO datasets VALUES "
                "(1, 'x', 'votes', 'f', 'h', 1, 'ada', now()::TIMESTAMP)"
            )
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted_import()
    assert uploads.list_datasets(db) == []
    assert audit_log.count_entries(db) == 0
    uploads.store_dataset(db, table, name="", actor="ada")
    assert [d.name for d in uploads.list_datasets(db)] == ["votes.csv"]


def test_an_import_and_its_audit_entry_commit_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry is written in the results store's transaction: a failure after it (a killed
    server, here an exception) leaves neither the election nor the entry."""
    from hemicycle.web import tabulation
    from hemicycle.web.services import open_database

    database = open_database(tmp_path / "s.duckdb")
    files = {"results": ("r.csv", b"district,list,candidate,votes\nNorth,A,,7\nNorth,B,,3\n")}
    written = audit_log.append

    def append_then_fail(*args: object, **kwargs: object) -> None:
        written(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("killed after the entry, before the commit")

    try:
        monkeypatch.setattr(audit_log, "append", append_then_fail)
        with pytest.raises(RuntimeError):
            tabulation.import_election(database, files, name="e", actor="ada")
        assert tabulation.elections(database) == ()
        assert audit_log.count_entries(database) == 0
        monkeypatch.setattr(audit_log, "append", written)
        report = tabulation.import_election(database, files, name="e", actor="ada")
        (entry,) = audit_log.entries(database)
        assert (entry.actor, entry.action, entry.target) == ("ada", "election.import", "election:e")
        assert entry.details["import"] == report.import_id
        assert entry.sha256 == report.sources[0].sha256
        assert audit_log.verify_chain(database) is None
    finally:
        database.close()


def test_uploads_in_three_formats_keep_names_byte_for_byte(db: Database) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from openpyxl import Workbook

    names = ["ائتلاف دولة القانون", 'Élan, "quoted"', "Курдистан"]
    csv_bytes = (
        "name,votes\n"
        + "".join(f'"{n.replace(chr(34), 2 * chr(34))}",{i + 1}\n' for i, n in enumerate(names))
    ).encode()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "votes"])
    for i, n in enumerate(names):
        sheet.append([n, float(i + 1)])
    xlsx = io.BytesIO()
    book.save(xlsx)
    parquet = io.BytesIO()
    pq.write_table(pa.table({"name": names, "votes": [1, 2, 3]}), parquet)
    for file, data in (
        ("v.csv", csv_bytes),
        ("v.xlsx", xlsx.getvalue()),
        ("v.parquet", parquet.getvalue()),
    ):
        table = uploads.read_upload(file, data)
        assert (table.kind, table.lists, table.votes) == ("votes", names, [1, 2, 3]), file
        dataset = uploads.store_dataset(db, table, name=file, actor="ada")
        assert uploads.dataset_votes(db, dataset.id) == dict(zip(names, [1, 2, 3], strict=True))


def test_tidy_results_are_summed_by_list(db: Database) -> None:
    data = (
        b"district,list,candidate,votes\n"
        b"Baghdad,A,,100\nBaghdad,A,Ali,20\nBasra,B,,70\nBasra,A,,5\n"
    )
    table = uploads.read_upload("r.csv", data)
    assert table.kind == "results"
    dataset = uploads.store_dataset(db, table, name="r", actor="ada")
    assert uploads.dataset_votes(db, dataset.id) == {"A": 125, "B": 70}
    rows = uploads.dataset_rows(db, dataset.id)
    assert [(r.district, r.list, r.candidate, r.votes) for r in rows][:2] == [
        ("Baghdad", "A", None, 100),
        ("Baghdad", "A", "Ali", 20),
    ]


@pytest.mark.parametrize(
    ("file", "data", "problems"),
    [
        (
            "v.csv",
            b"name,votes\nA,1\nA,2\nB,-3\nC,1.5\n,4\nD\n",
            [
                (3, "name", "duplicate name (first on row 2)"),
                (4, "votes", "negative"),
                (5, "votes", "not a whole number"),
                (6, "name", "name is empty"),
                (7, None, "has 1 cells, the header has 2"),
            ],
        ),
        ("v.csv", b"party,votes\nA,1\n", [(1, None, "is neither name,votes")]),
        ("v.csv", b"\xff\xfe", [(None, None, "not UTF-8")]),
        ("v.csv", b"", [(None, None, "file is empty")]),
        ("v.csv", b"name,votes\n", [(None, None, "no data rows")]),
        ("v.txt", b"name,votes\nA,1\n", [(None, None, "unknown file type 'txt'")]),
        ("v.xlsx", b"name,votes\nA,1\n", [(None, None, "is not an XLSX workbook")]),
        ("v.xlsx", b"PK\x03\x04garbage", [(None, None, "not a readable XLSX")]),
        ("v.parquet", b"PAR1garbage", [(None, None, "not a readable Parquet")]),
    ],
)
def test_bad_files_are_reported_row_by_row_and_nothing_is_stored(
    db: Database, file: str, data: bytes, problems: list[tuple[int | None, str | None, str]]
) -> None:
    with pytest.raises(DataError) as caught:
        uploads.read_upload(file, data)
    found = getattr(caught.value, "problems", (caught.value,))
    assert len(found) == len(problems)
    for error, (row, column, text) in zip(found, problems, strict=True):
        assert (error.row, error.column) == (row, column)
        assert text in error.message
        assert error.file == file
    assert uploads.count_rows(db, "datasets") == 0


def test_many_readers_while_one_writes(db: Database) -> None:
    table = uploads.read_upload("v.csv", b"name,votes\nA,10\nB,5\n")
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                for dataset in uploads.list_datasets(db):
                    assert uploads.dataset_votes(db, dataset.id) == {"A": 10, "B": 5}
        except BaseException as error:  # collected and re-raised in the test thread
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for thread in threads:
        thread.start()
    for _ in range(20):
        uploads.store_dataset(db, table, name="x", actor="w")
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert uploads.count_rows(db, "datasets") == 20
    assert uploads.count_rows(db, "dataset_rows") == 40
    assert audit_log.verify_chain(db) is None


def test_another_process_writes_the_same_file_between_reads(tmp_path: Path) -> None:
    """The CLI writes while the server holds the file open: it waits for the server to be
    idle, and the server then reads what the CLI wrote."""
    import subprocess
    import sys

    path = tmp_path / "shared.duckdb"
    server = Database(path, accounts.SCHEMA + uploads.SCHEMA, idle_seconds=0.2)
    try:
        assert uploads.list_datasets(server) == []  # the read-only instance is now open
        code = (
            "from hemicycle.io import uploads\n"
            "from hemicycle.io.audit_log import Database\n"
            f"db = Database({str(path)!r}, uploads.SCHEMA)\n"
            "table = uploads.read_upload('cli.csv', b'name,votes\\nA,3\\n')\n"
            "print(uploads.store_dataset(db, table, name='from the CLI', actor='cli').id)\n"
            "db.close()\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert out.stdout.strip() == "1"
        assert [d.name for d in uploads.list_datasets(server)] == ["from the CLI"]
        assert audit_log.verify_chain(server) is None
    finally:
        server.close()


def test_a_busy_file_gives_a_clear_error_after_the_timeout(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    db = Database(path, timeout=0.3)
    db.close()  # let go of the file, as an idle server does
    code = (
        "import duckdb, time\n"
        f"con = duckdb.connect({str(path)!r}, read_only=True)\n"
        "print('holding', flush=True)\n"
        "time.sleep(5)\n"
    )
    other = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "holding"
        with pytest.raises(audit_log.DatabaseLockedError, match="in use by another process"):
            audit_log.record(db, actor="a", action="note")
    finally:
        other.kill()
        other.wait()
        if other.stdout is not None:
            other.stdout.close()
        db.close()
    assert audit_log.count_entries(db) == 0
