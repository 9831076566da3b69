"""Conformance: the real elections shipped by the ``interregnum`` package, counted by hemicycle.

Each file is read from the installed package at test time. An election is either reproduced
seat for seat, or its recorded divergence (the reason and the exact seats that differ) still
holds, so that a fix, or a change in the data, shows up here.
"""

from __future__ import annotations

import pytest
from interregnum_cases import cases, comparison
from interregnum_fixtures import examples_root, fixture_paths

pytestmark = pytest.mark.skipif(
    examples_root() is None, reason="the interregnum package (a test dependency) is not installed"
)


def test_every_file_has_a_case() -> None:
    missing = sorted(set(fixture_paths()) - set(cases()))
    stale = sorted(set(cases()) - set(fixture_paths()))
    assert not missing, f"election files without a conformance case: {missing}"
    assert not stale, f"cases whose file the package no longer ships: {stale}"


@pytest.mark.parametrize("fixture", sorted(cases()))
def test_election(fixture: str) -> None:
    case = cases()[fixture]
    if case.count is None:
        assert case.divergence is not None
        assert case.divergence.reason
        return
    differences = comparison(fixture).differences()
    if case.divergence is None:
        assert differences == {}
    else:
        assert differences == case.divergence.seats, case.divergence.reason
