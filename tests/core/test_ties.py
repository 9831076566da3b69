"""``all_outcomes`` lists every distinct result a resolution of the ties can give: for a
candidate count, who is elected, not only how many."""

from __future__ import annotations

from hemicycle.core.candidates import sntv
from hemicycle.core.methods import apportion
from hemicycle.core.ties import all_outcomes


def test_tied_candidates_give_one_outcome_each() -> None:
    outcomes = all_outcomes(lambda rule: sntv({"A": 5, "B": 3, "C": 3}, 2, tie_break=rule))
    assert sorted(sorted(o.elected) for o in outcomes) == [["A", "B"], ["A", "C"]]


def test_same_members_drawn_in_another_order_are_one_outcome() -> None:
    outcomes = all_outcomes(lambda rule: sntv({"A": 3, "B": 3, "C": 1}, 2, tie_break=rule))
    assert [sorted(o.elected) for o in outcomes] == [["A", "B"]]


def test_allocations_are_told_apart_by_their_seats() -> None:
    outcomes = all_outcomes(
        lambda rule: apportion({"A": 100, "B": 600}, 10, method="huntington_hill", tie_break=rule)
    )
    assert [dict(o.seats) for o in outcomes] == [{"A": 2, "B": 8}, {"A": 1, "B": 9}]
