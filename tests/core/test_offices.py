"""Sequential office allocation: the Northern Ireland Executive as published, and properties.

Seats and first-preference votes are the Assembly election results (Electoral Office for
Northern Ireland); the order of picks is the Assembly's Official Report of each nomination
sitting, as reported: 8 May 2007 (Slugger O'Toole, "Fantasy D'Hondt", 26 July 2010, listing
the 2007 order), 16 May 2011 (the agreed order as live-blogged that day; BBC NI on the 8-8
UUP/Alliance tie decided by first-preference votes), 25 May 2016 (Irish News and Slugger
O'Toole, 25 May 2016: DUP first with Economy; UUP and SDLP declined), 3 February 2024
(Official Report: Sinn Féin first with Economy, then DUP; appointments as listed by the News
Letter, 3 February 2024).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.core import apportion
from hemicycle.core.offices import OfficeAllocation, allocate_offices
from hemicycle.errors import DataError, InfeasibleError, TieError


class Sitting(NamedTuple):
    """An Assembly's seats and first-preference votes, and the picks made at its sitting."""

    seats: dict[str, int]
    votes: dict[str, int]
    picks: list[tuple[str, str]]


NI_2007 = Sitting(
    seats={"DUP": 36, "SF": 28, "UUP": 18, "SDLP": 16, "Alliance": 7},
    votes={"DUP": 207721, "SF": 180573, "UUP": 103145, "SDLP": 105164, "Alliance": 36139},
    picks=[
        ("DUP", "Finance and Personnel"),
        ("SF", "Education"),
        ("DUP", "Enterprise, Trade and Investment"),
        ("UUP", "Health, Social Services and Public Safety"),
        ("SDLP", "Social Development"),
        ("SF", "Regional Development"),
        ("DUP", "Environment"),
        ("SF", "Agriculture and Rural Development"),
        ("DUP", "Culture, Arts and Leisure"),
        ("UUP", "Employment and Learning"),
    ],
)

NI_2011 = Sitting(
    seats={"DUP": 38, "SF": 29, "UUP": 16, "SDLP": 14, "Alliance": 8},
    votes={"DUP": 198436, "SF": 178224, "UUP": 87531, "SDLP": 94286, "Alliance": 50875},
    picks=[
        ("DUP", "Finance and Personnel"),
        ("SF", "Education"),
        ("DUP", "Enterprise, Trade and Investment"),
        ("UUP", "Regional Development"),
        ("SF", "Agriculture and Rural Development"),
        ("SDLP", "Environment"),
        ("DUP", "Health, Social Services and Public Safety"),
        ("SF", "Culture, Arts and Leisure"),
        ("DUP", "Social Development"),
        ("Alliance", "Employment and Learning"),
    ],
)

NI_2016 = Sitting(
    seats={"DUP": 38, "SF": 28, "UUP": 16, "SDLP": 12, "Alliance": 8},
    votes={"DUP": 202567, "SF": 166785, "UUP": 87302, "SDLP": 83364, "Alliance": 48447},
    picks=[
        ("DUP", "Economy"),
        ("SF", "Finance"),
        ("DUP", "Education"),
        ("SF", "Infrastructure"),
        ("DUP", "Agriculture, Environment and Rural Affairs"),
        ("DUP", "Communities"),
        ("SF", "Health"),
    ],
)

NI_2022 = Sitting(
    seats={"SF": 27, "DUP": 25, "Alliance": 17, "UUP": 9, "SDLP": 8},
    votes={"SF": 250388, "DUP": 184002, "Alliance": 116681, "UUP": 96390, "SDLP": 78237},
    picks=[
        ("SF", "Economy"),
        ("DUP", "Education"),
        ("SF", "Finance"),
        ("DUP", "Communities"),
        ("UUP", "Health"),
        ("SF", "Infrastructure"),
        ("Alliance", "Agriculture, Environment and Rural Affairs"),
    ],
)


def _preferences(picks: list[tuple[str, str]]) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for party, office in picks:
        wanted.setdefault(party, []).append(office)
    return wanted


def _run(case: Sitting, **options: object) -> list[tuple[str, str | None]]:
    """The picks when every party takes the offices it took at the sitting, in that order."""
    result = allocate_offices(
        case.seats,
        offices=[office for _, office in case.picks],
        preferences=_preferences(case.picks),
        tie_votes=case.votes,
        **options,  # type: ignore[arg-type]
    )
    return [(p.party, p.office) for p in result.picks]


def _unnamed(case: Sitting, **options: object) -> OfficeAllocation:
    """The allocation of as many offices as the sitting filled, without names or wishes."""
    return allocate_offices(
        case.seats,
        count=len(case.picks),
        tie_votes=case.votes,
        **options,  # type: ignore[arg-type]
    )


def test_ni_2007_two_ties_decided_by_first_preference_votes() -> None:
    result = _unnamed(NI_2007)
    assert [(t.seat, sorted(t.tied), t.winners) for t in result.ties] == [
        (3, ["DUP", "UUP"], ("DUP",)),
        (9, ["DUP", "UUP"], ("DUP",)),
    ]
    assert _run(NI_2007) == NI_2007.picks


def test_ni_2011_alliance_wins_the_tenth_pick_on_votes() -> None:
    # Justice was filled after the d'Hondt run, so Alliance's figure is 8/1 against UUP 16/2.
    assert _run(NI_2011) == NI_2011.picks
    result = _unnamed(NI_2011)
    assert result.ties[-1].tied == {"UUP", "Alliance"}
    assert result.picks[-1].value == 8


def test_ni_2016_uup_and_sdlp_decline() -> None:
    assert _run(NI_2016, declined=["UUP", "SDLP"]) == NI_2016.picks


def test_ni_2024_justice_held_by_alliance_counts() -> None:
    # Naomi Long (Alliance) was elected Justice Minister first; counted in M, Alliance's
    # figure is 17/2, so it picks last; SF 27/3 and UUP 9/1 tie at 9, UUP has more votes.
    picks = _run(NI_2022, held={"Alliance": 1})
    assert picks == NI_2022.picks
    # Not counted, Alliance would pick third, with the same number of offices.
    uncounted = _unnamed(NI_2022, held={"Alliance": 1}, count_held=False)
    assert [p.party for p in uncounted.picks][:3] == ["SF", "DUP", "Alliance"]


def test_json_shape() -> None:
    result = allocate_offices(
        {"A": 5, "B": 3},
        offices=["x", "y", "z"],
        preferences={"A": ["x", "y", "z"], "B": ["x", "z"]},
    )
    assert result.as_json() == {
        "allocation": {"A": 2, "B": 1},
        "picks": [
            {"pick": 1, "party": "A", "office": "x", "value": "5"},
            {"pick": 2, "party": "B", "office": "z", "value": "3"},
            {"pick": 3, "party": "A", "office": "y", "value": "5/2"},
        ],
    }


def test_sainte_lague_variant() -> None:
    result = allocate_offices({"A": 50, "B": 30, "C": 20}, count=4, method="sainte_lague")
    assert [p.party for p in result.picks] == ["A", "B", "C", "A"]
    assert result.picks[3].value == Fraction(50, 3)


def test_unresolved_tie_raises_and_lot_resolves() -> None:
    with pytest.raises(TieError):
        allocate_offices({"A": 4, "B": 4}, count=1)
    with pytest.raises(TieError):
        allocate_offices({"A": 4, "B": 4}, count=1, tie_votes={"A": 10, "B": 10})
    result = allocate_offices({"A": 4, "B": 4}, count=1, tie_break="lot:7")
    assert result.ties[0].rule == "lot:7"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"count": 2, "offices": ["x"]}, "differs"),
        ({"offices": ["x", "x"]}, "listed twice"),
        ({"count": 1, "preferences": {"Z": ["x"]}}, "no seats entry"),
        ({"offices": ["x"], "preferences": {"A": ["y"]}}, "not among the offices"),
        ({"offices": ["x", "y"], "preferences": {"A": ["x"], "B": ["x"]}}, "no preference"),
        ({"count": 1, "method": "hare"}, "divisor method"),
        ({"count": 1, "method": "adams"}, "positive first divisor"),
        ({"count": 1, "held": {"A": -1}}, "non-negative"),
        ({}, "number of offices"),
    ],
)
def test_bad_input(options: dict[str, object], message: str) -> None:
    with pytest.raises(DataError, match=message):
        allocate_offices({"A": 5, "B": 3}, **options)  # type: ignore[arg-type]


def test_everyone_declines() -> None:
    with pytest.raises(InfeasibleError, match="declined"):
        allocate_offices({"A": 5, "B": 3}, count=1, declined=["A", "B"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 60), min_size=1, max_size=7, unique=True),
    st.integers(0, 15),
    st.sampled_from(["dhondt", "sainte_lague"]),
)
def test_counts_agree_with_the_divisor_method(
    seat_list: list[int], count: int, method: str
) -> None:
    """Without offices held, the number of picks per party is the divisor apportionment
    (ties inside the house are drawn by lot; they change the order, not the counts)."""
    seats = {f"P{i}": s for i, s in enumerate(seat_list)}
    try:
        expected = apportion(seats, count, method=method)
    except TieError:
        return
    result = allocate_offices(seats, count=count, method=method, tie_break="lot:1")
    assert dict(result.allocation) == dict(expected.seats)
