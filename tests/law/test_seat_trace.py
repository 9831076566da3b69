"""Every seat of a list tier is in the outcome's trace, in the order of award, with the exact
figure that won it; checked against the core's priority list and worked by hand."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle import apportion
from hemicycle.cli.demo import example_file
from hemicycle.errors import TieError
from hemicycle.law import load, parse_law, tabulate
from hemicycle.types import ResultRow, Results


def law(formula: str, seats: int = 5, threshold: str = "") -> str:
    return (
        'id = "t"\nname = "t"\ncountry = "x"\nstatute = "constructed"\ndate = "2025"\n'
        f'[[tiers]]\nid = "main"\nkind = "district"\nformula = "{formula}"\n{threshold}'
        f'districts = [{{id = "North", seats = {seats}}}]\n'
    )


def results(votes: dict[str, int]) -> Results:
    return Results(
        rows=tuple(
            ResultRow(district="North", list=p, candidate=None, votes=v) for p, v in votes.items()
        )
    )


def seat_lines(outcome_steps: tuple[object, ...]) -> list[str]:
    return [s.text for s in outcome_steps if s.kind == "seat"]  # type: ignore[attr-defined]


def test_dhondt_seats_by_hand() -> None:
    # d'Hondt, 5 seats: quotients 24926, 12463, 12000, 24926/3 = 8308.7, 6231.5 vs 6000.
    outcome = tabulate(parse_law(law("dhondt")), results({"Taqaddum": 24926, "Azm": 12000}))
    assert seat_lines(outcome.steps) == [
        "Seat 1 of North: Taqaddum, quotient 24926",
        "Seat 2 of North: Taqaddum, quotient 12463",
        "Seat 3 of North: Azm, quotient 12000",
        "Seat 4 of North: Taqaddum, quotient 24926/3",
        "Seat 5 of North: Taqaddum, quotient 12463/2",
    ]


def test_hare_whole_quotas_then_remainders_by_hand() -> None:
    # Hare quota 1000/4 = 250: A 520 = 2.08 quotas, B 300 = 1.2, C 180 = 0.72; the fourth seat
    # goes to the largest remainder, C's 0.72.
    outcome = tabulate(parse_law(law("hare", 4)), results({"A": 520, "B": 300, "C": 180}))
    assert seat_lines(outcome.steps) == [
        "Seat 1 of North: A, a whole quota (52/25 quotas)",
        "Seat 2 of North: A, a whole quota (52/25 quotas)",
        "Seat 3 of North: B, a whole quota (6/5 quotas)",
        "Seat 4 of North: C, largest remainder 18/25 of a quota",
    ]


def test_lists_below_the_threshold_win_no_seat_line() -> None:
    threshold = 'threshold = { district = "5%" }\n'
    outcome = tabulate(
        parse_law(law("sainte_lague", 4, threshold)), results({"A": 600, "B": 380, "C": 20})
    )
    assert {line.split(": ")[1].split(",")[0] for line in seat_lines(outcome.steps)} == {"A", "B"}


@settings(max_examples=40, deadline=None)
@given(
    votes=st.dictionaries(
        st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(1, 10**6), min_size=1
    ),
    seats=st.integers(1, 30),
    formula=st.sampled_from(["dhondt", "sainte_lague", "droop", "hare"]),
)
def test_seat_lines_follow_the_core_priority_list(
    votes: dict[str, int], seats: int, formula: str
) -> None:
    """One line per seat, in the order and with the figures of the core's priority list."""
    try:
        outcome = tabulate(parse_law(law(formula, seats)), results(votes))
    except TieError:  # equal claims for the last seat, which the law refuses to settle
        return
    lines = seat_lines(outcome.steps)
    assert len(lines) == seats
    priority = apportion(votes, seats, method=formula, tie_break="refuse").priority
    assert [line.split(": ")[1].split(",")[0] for line in lines] == [p.unit for p in priority]
    assert all(p.text in line for p, line in zip(priority, lines, strict=True))
    winners = Counter(line.split(": ")[1].split(",")[0] for line in lines)
    assert winners == {k: v for k, v in outcome.seats.items() if v}


@pytest.mark.parametrize("preset", ["iraq-2023", "iraq-2014"])
def test_every_seat_of_a_real_count_is_traced(preset: str) -> None:
    """The bundled Iraq 2025 example: one line per seat of each governorate, numbered 1 to its
    seats, and the lists' seats counted from the lines equal the outcome's."""
    outcome = tabulate(load(preset).law, _example_results(), partial=True)
    for district, seats in outcome.districts.items():
        lines = [s.text for s in outcome.steps if s.kind == "seat" and s.district == district]
        assert [int(line.split()[1]) for line in lines] == list(range(1, sum(seats.values()) + 1))
        won = Counter(line.split(": ")[1].split(",")[0] for line in lines)
        assert won == {k: v for k, v in seats.items() if v}


def _example_results() -> Results:
    from hemicycle.io.results import read_results

    return read_results(str(example_file("iraq_2025_results.csv")))
