"""The progress bar of ``hemicycle simulate``: drawn on standard error on a terminal, counting
every simulation; absent when standard error is not a terminal (a pipe, a log file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle.analysis.simulate import simulate
from hemicycle.law.load import parse_law

LAW = """id = "nation-90"
name = "A 90-seat national list"
country = "Nowhere"
statute = "Toy Act s.1"
date = "2025"

[[tiers]]
id = "nation"
kind = "district"
formula = "sainte_lague"
districts = [{ id = "Nation", seats = 90 }]
"""
SHARES = {"A": 40.0, "B": 35.0, "C": 25.0}


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_every_simulation_once(workers: int) -> None:
    done: list[int] = []
    simulate(
        parse_law(LAW),
        shares=SHARES,
        sample_size=500,
        simulations=10_000,
        seed=3,
        workers=workers,
        progress=done.append,
    )
    assert sum(done) == 10_000
    assert len(done) >= 2  # more than one report: the bar moves while the work runs


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: str | None) -> str:
    from hemicycle.cli.app import app

    law = tmp_path / "law.toml"
    law.write_text(LAW, encoding="utf-8")
    shares = tmp_path / "shares.csv"
    shares.write_text("name,share\nA,40\nB,35\nC,25\n", encoding="utf-8")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TTY_COMPATIBLE", "")
    if force is not None:
        monkeypatch.setenv("FORCE_COLOR", force)
    args = ["simulate", "--law", str(law), "--shares", str(shares), "--sample-size", "500"]
    result = CliRunner().invoke(app, [*args, "-n", "9000", "--seed", "1", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.lstrip().startswith("{")  # the bar never mixes into the output
    return result.stderr


def test_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = _run(tmp_path, monkeypatch, force="1")
    assert "simulating" in stderr
    assert "9000/9000" in stderr


def test_no_bar_without_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "simulating" not in _run(tmp_path, monkeypatch, force=None)
