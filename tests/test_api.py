"""The Python API accepts mappings, pandas objects and Arrow tables alike."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

import hemicycle
from hemicycle.errors import DataError

VOTES = {"A": 100_000, "B": 80_000, "C": 30_000, "D": 20_000}
EXPECTED = {"A": 4, "B": 3, "C": 1, "D": 0}


@pytest.mark.parametrize(
    "votes",
    [
        VOTES,
        pd.Series(VOTES),
        pd.DataFrame({"name": list(VOTES), "votes": list(VOTES.values())}),
        pa.table({"name": list(VOTES), "votes": list(VOTES.values())}),
        pa.table({"name": list(VOTES), "population": [float(v) for v in VOTES.values()]}),
    ],
)
def test_inputs(votes: object) -> None:
    assert dict(hemicycle.apportion(votes, 8, method="dhondt").seats) == EXPECTED


def test_prior_seats_as_series() -> None:
    result = hemicycle.apportion(VOTES, 4, method="dhondt", prior_seats=pd.Series({"A": 3}))
    assert result.prior_seats == {"A": 3}
    assert sum(result.seats.values()) == 4


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        (pd.DataFrame({"party": ["A"], "votes": [1]}), "'name' column"),
        (pd.DataFrame({"name": ["A"], "count": [1]}), "one of the columns"),
        (pd.Series({"A": 1.5}), "whole number"),
        (pd.DataFrame({"name": ["A", "A"], "votes": [1, 2]}), "duplicate name"),
        ([1, 2, 3], "mapping"),
    ],
)
def test_bad_inputs(votes: object, message: str) -> None:
    with pytest.raises(DataError, match=message):
        hemicycle.apportion(votes, 3)
