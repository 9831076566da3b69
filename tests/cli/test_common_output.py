"""What every command prints with --format json is strict JSON: one object, no NaN."""

from __future__ import annotations

import json

import pytest

from hemicycle.cli.common import print_json


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
