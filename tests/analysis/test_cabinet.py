"""Cabinets by points, reserved offices and parity: conventions, brute force, errors; Gamson."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from hemicycle.analysis.cabinet import (
    Parity,
    PointsSystem,
    allocate_cabinet,
    check_cabinet,
    entitlements,
)
from hemicycle.analysis.gamson import gamson
from hemicycle.errors import DataError, InfeasibleError

# Iraq, 2010 negotiations (one reported version): a point per 2.44 seats; the three
# presidencies cost 10, the sovereign ministries 4, service ministries 2 or 3.
IRAQ_2010 = PointsSystem.of(
    {
        "President": ("presidency", 10),
        "Prime Minister": ("presidency", 10),
        "Speaker": ("presidency", 10),
        "Foreign Affairs": ("sovereign", 4),
        "Defence": ("sovereign", 4),
        "Oil": ("sovereign", 4),
        "Finance": ("sovereign", 4),
        "Interior": ("sovereign", 4),
        "Health": ("major service", 3),
        "Education": ("major service", 3),
        "Electricity": ("major service", 3),
        "Trade": ("service", 2),
        "Youth": ("service", 2),
    },
    points_per_seat=Fraction(100, 244),
)
# Seats of the blocs of the 2010 Council of Representatives (325 seats).
IRAQ_2010_SEATS = {"Iraqiya": 91, "State of Law": 89, "National Alliance": 70, "Kurdistan": 43}
IRAQ_COMMUNITIES = {
    "Iraqiya": "Sunni",
    "State of Law": "Shia",
    "National Alliance": "Shia",
    "Kurdistan": "Kurdish",
}
IRAQ_RESERVED = {"President": ["Kurdish"], "Prime Minister": ["Shia"], "Speaker": ["Sunni"]}


def test_points_per_seat_entitlements() -> None:
    points = entitlements(IRAQ_2010_SEATS, IRAQ_2010)
    # 91 seats / 2.44 = 37.3 points ("would give the National Movement 37 points")
    assert points["Iraqiya"] == Fraction(9100, 244)
    assert int(points["Iraqiya"]) == 37
    assert IRAQ_2010.total_points == 30 + 20 + 13


def test_iraq_convention_allocation() -> None:
    cabinet = allocate_cabinet(
        IRAQ_2010_SEATS,
        IRAQ_2010,
        communities=IRAQ_COMMUNITIES,
        reserved=IRAQ_RESERVED,
        within_entitlement=True,
    )
    assert cabinet.valid
    assert cabinet.assignment["President"] == "Kurdistan"
    assert cabinet.assignment["Speaker"] == "Iraqiya"
    assert cabinet.assignment["Prime Minister"] in {"State of Law", "National Alliance"}
    assert all(b.balance >= 0 for b in cabinet.ledger)
    # 63 points on offer for 118 of entitlement: shared in the ratio of the entitlements,
    # Iraqiya 91/293 of them, and no bloc is off its share by a presidency's 10 points
    by_bloc = {b.bloc: b for b in cabinet.ledger}
    assert by_bloc["Iraqiya"].due == Fraction(63 * 91, 293)
    assert sum(b.due for b in cabinet.ledger) == 63
    assert all(abs(b.due - b.used) < 1 for b in cabinet.ledger)
    assert {b: len(x.offices) for b, x in by_bloc.items()} == {
        "Iraqiya": 4,
        "State of Law": 4,
        "National Alliance": 4,
        "Kurdistan": 1,
    }
    assert len([o for o in by_bloc["Iraqiya"].offices if IRAQ_2010.cost(o) == 4]) <= 2
    # the allocation checks clean, and nothing does better than the brute-force optimum
    again = check_cabinet(
        cabinet.assignment,
        IRAQ_2010_SEATS,
        IRAQ_2010,
        communities=IRAQ_COMMUNITIES,
        reserved=IRAQ_RESERVED,
        within_entitlement=True,
    )
    assert again.valid
    assert again.deviation == cabinet.deviation


LEBANON_GROUPS = {
    "Christian": frozenset({"Maronite", "Greek Orthodox", "Greek Catholic", "Armenian"}),
    "Muslim": frozenset({"Sunni", "Shia", "Druze"}),
}


def lebanon_system(ministers: int) -> PointsSystem:
    offices = {"Prime Minister": ("premiership", 1)}
    offices.update({f"Minister {i}": ("minister", 1) for i in range(1, ministers)})
    return PointsSystem.of(offices)


LEBANON_SEATS = {"Future": 20, "Amal": 16, "Hezbollah": 13, "FPM": 24, "LF": 15, "PSP": 9}
LEBANON_COMMUNITIES = {
    "Future": "Sunni",
    "Amal": "Shia",
    "Hezbollah": "Shia",
    "FPM": "Maronite",
    "LF": "Maronite",
    "PSP": "Druze",
}


def test_lebanon_parity_and_reserved_premiership() -> None:
    # Constitution art. 95 (Taif): ministries shared equally between Christians and Muslims;
    # the premiership goes to a Sunni (National Pact).
    cabinet = allocate_cabinet(
        LEBANON_SEATS,
        lebanon_system(24),
        communities=LEBANON_COMMUNITIES,
        reserved={"Prime Minister": ["Sunni"]},
        parity=Parity(groups=LEBANON_GROUPS),
    )
    held = dict.fromkeys(LEBANON_GROUPS, 0)
    for bloc in cabinet.assignment.values():
        held["Christian" if LEBANON_COMMUNITIES[bloc] in {"Maronite"} else "Muslim"] += 1
    assert held == {"Christian": 12, "Muslim": 12}
    assert cabinet.assignment["Prime Minister"] == "Future"
    # Christians hold 39 of 97 seats but half the offices: parity, not proportion, decides
    assert sum(1 for b in cabinet.assignment.values() if b in {"FPM", "LF"}) == 12
    assert cabinet.valid


def test_lebanon_three_presidencies_reserved() -> None:
    # National Pact (1943): President Maronite, Speaker Shia, Prime Minister Sunni; with
    # parity over the other ministries (Constitution art. 95)
    offices = {
        "President": ("presidency", 1),
        "Speaker": ("presidency", 1),
        "Prime Minister": ("presidency", 1),
    }
    offices.update({f"Minister {i}": ("minister", 1) for i in range(1, 25)})
    reserved = {"President": ["Maronite"], "Speaker": ["Shia"], "Prime Minister": ["Sunni"]}
    cabinet = allocate_cabinet(
        LEBANON_SEATS,
        PointsSystem.of(offices),
        communities=LEBANON_COMMUNITIES,
        reserved=reserved,
        parity=Parity(groups=LEBANON_GROUPS, classes=frozenset({"minister"})),
    )
    assert cabinet.valid
    assert LEBANON_COMMUNITIES[cabinet.assignment["President"]] == "Maronite"
    assert LEBANON_COMMUNITIES[cabinet.assignment["Speaker"]] == "Shia"
    assert cabinet.assignment["Prime Minister"] == "Future"
    christian = [o for o, b in cabinet.assignment.items() if o.startswith("Minister")
                 and LEBANON_COMMUNITIES[b] == "Maronite"]  # fmt: skip
    assert len(christian) == 12
    # a Speaker given to a Sunni bloc is a named violation
    moved = dict(cabinet.assignment) | {"Speaker": "Future"}
    checked = check_cabinet(
        moved,
        LEBANON_SEATS,
        PointsSystem.of(offices),
        communities=LEBANON_COMMUNITIES,
        reserved=reserved,
    )
    assert checked.violations == (
        "reserved: 'Speaker' is reserved for Shia, held by 'Future' (Sunni)",
    )
    # without a Maronite bloc the presidency cannot be filled
    with pytest.raises(InfeasibleError, match="'President' is reserved for Maronite"):
        allocate_cabinet(
            {"Future": 20, "Amal": 16},
            PointsSystem.of(offices),
            communities={"Future": "Sunni", "Amal": "Shia"},
            reserved=reserved,
        )


def test_infeasible_errors_name_the_rule() -> None:
    with pytest.raises(InfeasibleError, match="parity Christian/Muslim: 23 offices"):
        allocate_cabinet(
            LEBANON_SEATS,
            lebanon_system(23),
            communities=LEBANON_COMMUNITIES,
            parity=Parity(groups=LEBANON_GROUPS),
        )
    with pytest.raises(InfeasibleError, match="reserved: 'President' is reserved for Maronite"):
        allocate_cabinet(
            {"Amal": 10},
            PointsSystem.of({"President": ("presidency", 1)}),
            communities={"Amal": "Shia"},
            reserved={"President": ["Maronite"]},
        )
    with pytest.raises(InfeasibleError, match="entitlement: the offices cost 63 points"):
        allocate_cabinet({"Kurdistan": 43}, IRAQ_2010, within_entitlement=True)
    # parity with two reserved Christian offices and only two offices in all
    with pytest.raises(InfeasibleError, match="parity Christian/Muslim: no cabinet"):
        allocate_cabinet(
            {"FPM": 10, "Amal": 10},
            PointsSystem.of({"President": ("top", 1), "Army": ("top", 1)}),
            communities={"FPM": "Maronite", "Amal": "Shia"},
            reserved={"President": ["Maronite"], "Army": ["Maronite"]},
            parity=Parity(groups=LEBANON_GROUPS),
        )
    # points that cannot be spent within entitlements: one 10-point office, two 5-point blocs
    with pytest.raises(InfeasibleError, match="entitlement: no cabinet keeps"):
        allocate_cabinet(
            {"A": 1, "B": 1},
            PointsSystem.of({"P": ("top", 10)}),
            within_entitlement=True,
        )


def test_check_cabinet_lists_violations() -> None:
    assignment = {"Prime Minister": "FPM"} | {f"Minister {i}": "Amal" for i in range(1, 24)}
    cabinet = check_cabinet(
        assignment,
        LEBANON_SEATS,
        lebanon_system(24),
        communities=LEBANON_COMMUNITIES,
        reserved={"Prime Minister": ["Sunni"]},
        parity=Parity(groups=LEBANON_GROUPS),
    )
    assert not cabinet.valid
    assert cabinet.violations == (
        "reserved: 'Prime Minister' is reserved for Sunni, held by 'FPM' (Maronite)",
        "parity Christian/Muslim: Christian 1, Muslim 23 of 24 offices (equal shares required)",
    )
    with pytest.raises(DataError, match="unknown office 'Mayor'"):
        check_cabinet({"Mayor": "FPM"}, LEBANON_SEATS, lebanon_system(2))
    with pytest.raises(DataError, match="no seats entry"):
        check_cabinet({"Prime Minister": "Nobody"}, LEBANON_SEATS, lebanon_system(2))
    missing = check_cabinet({}, LEBANON_SEATS, lebanon_system(2))
    assert "office 'Prime Minister' is not filled" in missing.violations


def test_preferences_pick_named_offices() -> None:
    system = PointsSystem.of({"Oil": ("sovereign", 4), "Interior": ("sovereign", 4)})
    cabinet = allocate_cabinet(
        {"A": 50, "B": 50}, system, preferences={"A": ["Interior"], "B": ["Interior"]}
    )
    # equal figures: A is listed first among equal blocs and picks first
    assert dict(cabinet.assignment) == {"Oil": "B", "Interior": "A"}
    assert cabinet.alternatives == 1


def brute_force(
    seats: dict[str, int],
    system: PointsSystem,
    communities: dict[str, str],
    reserved: dict[str, list[str]],
    parity: Parity | None,
    capped: bool,
) -> tuple[Fraction, int] | None:
    offices = system.offices
    best: Fraction | None = None
    optimal: set[tuple[tuple[str, ...], ...]] = set()
    for owners in itertools.product(list(seats), repeat=len(offices)):
        cabinet = check_cabinet(
            dict(zip(offices, owners, strict=True)),
            seats,
            system,
            communities=communities,
            reserved=reserved,
            parity=parity,
            within_entitlement=capped,
        )
        if not cabinet.valid:
            continue
        # allocations are counted by how many offices of each kind every bloc takes
        key = tuple(
            tuple(sorted((system.class_of(o).id, str(reserved.get(o))) for o in b.offices))
            for b in cabinet.ledger
        )
        if best is None or cabinet.deviation < best:
            best, optimal = cabinet.deviation, {key}
        elif cabinet.deviation == best:
            optimal.add(key)
    return None if best is None else (best, len(optimal))


def test_against_brute_force() -> None:
    rng = random.Random(2024)
    communities_pool = ["Maronite", "Sunni", "Shia", "Kurdish"]
    for _ in range(40):
        blocs = {f"b{i}": rng.randint(1, 60) for i in range(rng.randint(1, 3))}
        communities = {b: rng.choice(communities_pool) for b in blocs}
        offices = {
            f"o{i}": (c, c_cost)
            for i in range(rng.randint(1, 5))
            for c, c_cost in [rng.choice([("top", 5), ("mid", 3), ("low", 1)])]
        }
        system = PointsSystem.of(
            offices, points_per_seat=rng.choice([None, Fraction(1, 10), Fraction(1, 4)])
        )
        reserved = {"o0": [rng.choice(communities_pool)]} if rng.random() < 0.5 else {}
        parity = (
            Parity(
                groups={"X": frozenset({"Maronite", "Kurdish"}), "Y": frozenset({"Sunni", "Shia"})}
            )
            if rng.random() < 0.3
            else None
        )
        capped = rng.random() < 0.3
        expected = brute_force(blocs, system, communities, reserved, parity, capped)
        try:
            cabinet = allocate_cabinet(
                blocs,
                system,
                communities=communities,
                reserved=reserved,
                parity=parity,
                within_entitlement=capped,
            )
        except InfeasibleError:
            assert expected is None
            continue
        assert expected is not None
        assert cabinet.valid
        assert (cabinet.deviation, cabinet.alternatives) == expected


def test_unconstrained_allocation_is_within_an_office_of_every_share() -> None:
    # the documented guarantee: with no reserved office, parity or cap, a bloc over its due is
    # over by less than each office it holds, a bloc under it short by less than each office
    # of a bloc over its due; so every bloc is within the dearest office of its share
    rng = random.Random(7)
    for _ in range(60):
        blocs = {f"b{i}": rng.randint(1, 120) for i in range(rng.randint(2, 5))}
        offices = {
            f"o{i}": (f"c{cost}", cost)
            for i in range(rng.randint(2, 12))
            for cost in [rng.choice([1, 2, 3, 4, 10])]
        }
        system = PointsSystem.of(offices, points_per_seat=rng.choice([None, Fraction(100, 244)]))
        cabinet = allocate_cabinet(blocs, system)
        over = [b for b in cabinet.ledger if b.used > b.due]
        for bloc in cabinet.ledger:
            if bloc.used > bloc.due:
                assert all(bloc.used - bloc.due < system.cost(o) for o in bloc.offices)
            else:
                assert all(bloc.due - bloc.used < system.cost(o) for b in over for o in b.offices)
        assert sum(b.due for b in cabinet.ledger) == system.total_points


def test_gamson_germany_2021() -> None:
    # The Scholz cabinet of December 2021: SPD 8 members (with the Chancellor and the head of
    # the Chancellery), Greens 5, FDP 4; Bundestag seats SPD 206, Greens 118, FDP 92.
    check = gamson({"SPD": 8, "Greens": 5, "FDP": 4}, {"SPD": 206, "Greens": 118, "FDP": 92})
    by_name = {p.name: p for p in check.parties}
    assert by_name["SPD"].seat_share == Fraction(206, 416)
    assert by_name["SPD"].office_share == Fraction(8, 17)
    # the smaller partners are over-represented, as Browne & Franklin (1973) found
    assert by_name["FDP"].deviation > 0
    assert by_name["Greens"].deviation > 0
    assert check.deviation == by_name["FDP"].deviation + by_name["Greens"].deviation
    with pytest.raises(DataError, match="no seats entry"):
        gamson({"X": 1}, {"SPD": 1})
