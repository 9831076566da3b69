"""Conformance: the proporz examples (Uri 2020, Zug 2018) reproduced cell for cell, each
certificate verified independently (:mod:`certified`)."""

from __future__ import annotations

import certified
import pytest
from proporz_cases import CASES, REFERENCE, ProporzCase

from reference import load_reference


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.election.split(" (")[0])
def test_proporz_election(case: ProporzCase) -> None:
    certified.VERIFIED.clear()
    comparison = case.count(load_reference(REFERENCE))
    assert comparison.expected
    assert comparison.differences() == {}
    assert [name for name, _ in certified.VERIFIED] == ["biproportional"]
