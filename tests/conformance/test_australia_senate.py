"""The Australian Senate file of the ``interregnum`` package under another surplus transfer.

The conformance case counts the file as it encodes the count (weighted inclusive Gregory);
the last-parcel Gregory transfer must elect the same senators, so that the outcome does not
hang on the one rule in which the file and the Act differ (``interregnum_cases.AUSTRALIA``).
"""

from __future__ import annotations

import pytest
from interregnum_australia import count, preferences
from interregnum_fixtures import examples_root

pytestmark = pytest.mark.skipif(
    examples_root() is None, reason="the interregnum package (a test dependency) is not installed"
)

FIXTURE = "au/au_senate_2002_nt_act.yaml"


def test_last_parcel_gregory_elects_the_same_senators() -> None:
    comparison = count(FIXTURE, "gregory")
    assert len(comparison.expected) == 4
    assert comparison.differences() == {}


def test_preference_files_are_read_whole() -> None:
    root = examples_root()
    assert root is not None
    path = root / "au" / "au_senate_northern_territory_2002.pref"
    box = preferences(path)
    # 17 candidates on the Northern Territory paper; a line stands for the papers its count
    # gives, or for one paper when it gives none
    assert len(box.candidates) == 17
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "!"]
    papers = sum(int(line.split(":")[0]) if ":" in line else 1 for line in lines if line)
    assert box.total == papers
    assert sum(box.first_preferences().values()) == papers
