"""``hemicycle simulate`` on every backend a user can name: one process, ``--workers N`` local
processes and ``--dask local`` (a cluster of worker processes started for the run) print the
same JSON for the same seed."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.cli.app import app

LAW = """id = "nation-120"
name = "A 120-seat national list"
country = "Nowhere"
statute = "Toy Act s.1"
date = "2025"

[[tiers]]
id = "nation"
kind = "district"
formula = "dhondt"
districts = [{ id = "Nation", seats = 120 }]

[tiers.threshold]
national = "4%"
"""


def test_every_backend_prints_the_same_projection(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    law = tmp_path / "law.toml"
    law.write_text(LAW, encoding="utf-8")
    shares = tmp_path / "shares.csv"
    shares.write_text("name,share\nA,38\nB,31\nC,17\nD,9\nE,5\n", encoding="utf-8")
    args = ["simulate", "--law", str(law), "--shares", str(shares), "--sample-size", "800"]
    args += ["-n", "20000", "--seed", "5", "--format", "json"]
    runner = CliRunner()
    outputs = {}
    for backend in ([], ["--workers", "2"], ["--dask", "local", "--workers", "2"]):
        with warnings.catch_warnings():
            # without a network route distributed may warn that it names 127.0.0.1
            warnings.filterwarnings("ignore", "Couldn't detect a suitable IP", RuntimeWarning)
            result = runner.invoke(app, [*args, *backend])
        assert result.exit_code == 0, result.stderr
        outputs[" ".join(backend) or "one process"] = result.stdout
    assert len(set(outputs.values())) == 1, list(outputs)
    assert '"simulations": 20000' in outputs["one process"]
