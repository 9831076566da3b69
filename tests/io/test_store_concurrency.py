"""Serialised writers, concurrent readers, lock timeouts, and an import killed half-way."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from hemicycle.io.store import Store, StoreError
from tidy_files import RESULTS, election, write_parquet

PYTHON = sys.executable
WRITER = textwrap.dedent(
    """
    import sys
    from hemicycle.io.store import Store

    def progress(phase, done, total):
        if phase == "writing" and done == 0:
            print("writing", flush=True)

    Store(sys.argv[1]).import_results(sys.argv[2], election=sys.argv[3], progress=progress)
    print("done", flush=True)
    """
)
READER = textwrap.dedent(
    """
    import sys
    from hemicycle.io.store import Store

    store = Store(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        names = [e.name for e in store.elections()]
        assert "sample" in names, names
    print("read", flush=True)
    """
)


def sample_store(folder: Path) -> Store:
    store = Store(folder / "h.duckdb")
    files = election(folder / "in")
    store.import_results(files["results"], election="sample")
    return store


def test_writers_wait_for_the_lock(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    handle = os.open(tmp_path / "h.duckdb.lock", os.O_RDWR)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        busy = Store(store.path, timeout=0.2)
        with pytest.raises(StoreError, match="busy"):
            busy.import_results(election(tmp_path / "again")["results"], election="second")
        with pytest.raises(StoreError, match="busy"):
            busy.elections()
    finally:
        os.close(handle)
    assert [e.name for e in store.elections()] == ["sample"]


@pytest.mark.slow
def test_concurrent_writers_and_readers(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    rows = [RESULTS[0]] + [[f"D{i % 50}", f"L{i}", "", str(i)] for i in range(5_000)]
    sources = [election(tmp_path / f"w{i}", results=rows)["results"] for i in range(2)]
    writers = [
        subprocess.Popen(
            [PYTHON, "-c", WRITER, str(store.path), str(source), f"election {i}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i, source in enumerate(sources)
    ]
    readers = [
        subprocess.Popen(
            [PYTHON, "-c", READER, str(store.path), "5"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(1)
    ]
    for process in writers + readers:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0, out
    names = sorted(e.name for e in store.elections())
    assert names == ["election 0", "election 1", "sample"]
    assert {store.election(f"election {i}").result_rows for i in range(2)} == {5_000}


@pytest.mark.slow
def test_an_import_killed_while_writing_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    before = (store.elections(), store.results("sample"))
    size = 400_000
    numbers = np.arange(size)
    names = np.array([f"L{i}" for i in range(400)], dtype=object)
    big = write_parquet(
        tmp_path / "big.parquet",
        {
            "district": names[numbers % 18],
            "station": names[(numbers // 400) % 400],
            "list": names[numbers % 400],
            "votes": numbers,
        },
    )
    process = subprocess.Popen(
        [PYTHON, "-c", WRITER, str(store.path), str(big), "big"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    process.kill()
    process.wait(timeout=60)
    process.stdout.close()
    if process.returncode == 0:  # the write finished before the signal: all of it is there
        assert store.election("big").result_rows == size
    else:
        assert (store.elections(), store.results("sample")) == before
    again = election(tmp_path / "again")["results"]
    store.import_results(again, election="after")
    assert store.election("after").result_rows == len(RESULTS) - 1


def test_a_connection_held_elsewhere_in_this_process_is_waited_for(tmp_path: Path) -> None:
    import threading

    import duckdb

    store = sample_store(tmp_path)
    held = duckdb.connect(str(store.path))  # as another part of an application may hold it
    busy = Store(store.path, timeout=0.2)
    with pytest.raises(StoreError, match="busy"):
        busy.elections()
    with pytest.raises(StoreError, match="busy"):
        busy.import_results(election(tmp_path / "again")["results"], election="second")
    threading.Timer(0.3, held.close).start()
    patient = Store(store.path, timeout=30)
    assert [e.name for e in patient.elections()] == ["sample"]
