"""What every command prints with --format json is strict JSON: one object, no NaN."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from hemicycle.cli.common import handle_errors, print_json
from hemicycle.errors import TieError


def _strict(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_non_finite_numbers_become_null(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"p_value": float("nan"), "ratio": float("inf"), "names": ["تقدم", 1.5]})
    assert _strict(capsys.readouterr().out) == {
        "p_value": None,
        "ratio": None,
        "names": ["تقدم", 1.5],
    }


def test_tie_errors_name_the_command_options() -> None:
    def with_rule(tie_break: str = "refuse") -> None:
        raise TieError(frozenset({"A", "B"}), seat=4)

    def without_rule() -> None:
        raise TieError(frozenset({"A", "B"}), seat=4)

    runner = CliRunner()
    for command, expected in (
        (with_rule, "--tie-break lot:SEED"),
        (without_rule, "declares no way to break it"),
    ):
        app = typer.Typer()
        app.command()(handle_errors(command))
        result = runner.invoke(app, [])
        assert result.exit_code == 1
        assert "tie for seat 4 between A, B" in result.stderr
        assert expected in result.stderr
        assert "tie_break=" not in result.stderr
