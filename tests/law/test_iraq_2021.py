"""Iraq 2021 (Law 9/2020): the preset's districts against the governorates' seats and district
counts (``../shared/data/iraq_governorate_apportionment.json``: Shafaq News, October-November
2020, for the number of districts; the 2018 distribution of general seats, kept in 2021)."""

from __future__ import annotations

from hemicycle.law import load_law
from reference import load_reference

LAW = load_law("iraq-2021")


def test_districts_add_up_to_each_governorate() -> None:
    rows = load_reference("iraq_governorate_apportionment.json")["rows"]
    general, minorities = LAW.tiers
    by_governorate: dict[str, list[int]] = {}
    for district in general.districts:
        name, _, _ = district.id.rpartition(" ")
        by_governorate.setdefault(name, []).append(district.seats or 0)
        assert 3 <= (district.seats or 0) <= 5, district.id
        assert district.women == 1, district.id
    assert len(by_governorate) == len(rows) == 18
    for row in rows:
        seats = by_governorate[row["governorate"]]
        assert len(seats) == row["districts_2021"], row["governorate"]
        assert sum(seats) == row["2014_2018_2021_2025_general_seats"], row["governorate"]
        assert len(seats) == row["women_quota_seats_2021_2025"], row["governorate"]
        # the even split the preset declares: no two districts differ by more than a seat
        assert max(seats) - min(seats) <= 1, row["governorate"]
    quota = {}
    for district in minorities.districts:
        governorate = district.id.split(" (")[0]
        (reserved,) = district.reserved
        quota.setdefault(governorate, {})[reserved.community] = reserved.seats
    for row in rows:
        assert quota.get(row["governorate"], {}) == row["minority_quota_seats_2018_onward"]
    assert sum(d.seats or 0 for d in general.districts) == 320
    assert LAW.total_seats == 329
