"""Sweden's adjustment seats (Vallag 2005:837 ch. 14): fixed constituency seats by the adjusted
odd-number method (first divisor 1.2) among parties with 4% of the votes in the country or 12%
in the constituency (§§ 3, 5); the 349 seats shared nationally among parties with 4% by the
same method, a party's adjustment seats being its share less its fixed seats (§ 6), placed in
the constituencies where its comparison figures, continuing after its fixed seats, are largest
(§ 7). Counted through the law engine's levelling tier (``placement = "by_party"``)."""

from __future__ import annotations

from hemicycle.law import tabulate
from hemicycle.law.schema import District, Law, Threshold, Tier
from hemicycle.types import ResultRow, Results


def _law(constituencies: dict[str, int], adjustment: int) -> Law:
    return Law(
        id="sweden",
        name="Riksdag",
        country="Sweden",
        statute="Vallag (2005:837) ch. 14",
        date="2018",
        tiers=(
            Tier(
                id="constituencies",
                kind="district",
                formula="modified_sainte_lague",
                first_divisor="1.2",
                lists="none",
                threshold=Threshold(national="4%", district="12%"),
                districts=tuple(District(id=n, seats=s) for n, s in constituencies.items()),
            ),
            Tier(
                id="adjustment",
                kind="levelling",
                formula="modified_sainte_lague",
                first_divisor="1.2",
                seats=adjustment,
                uses="constituencies",
                threshold=Threshold(national="4%"),
            ),
        ),
    )


def _results(votes: dict[str, dict[str, int]]) -> Results:
    return Results(
        rows=tuple(
            ResultRow(district=d, list=p, candidate=None, votes=v)
            for d, by_list in votes.items()
            for p, v in by_list.items()
        )
    )


def test_riksdag_2022_national_seats() -> None:
    # Valmyndigheten, Beslut resultat i val till riksdagen 2022 (final count of 15 September
    # 2022): the eight parties above 4% and their national votes (30.33%, 20.54%, 19.10%,
    # 6.75%, 6.71%, 5.34%, 5.08% and 4.61% of the valid votes); the smaller parties, with
    # 1.54% together, take no seat and leave the count. With the country as one constituency
    # of 310 fixed seats, the adjustment seats bring every party to its national share.
    votes = {
        "S": 1_964_474,
        "SD": 1_330_325,
        "M": 1_237_428,
        "V": 437_050,
        "C": 434_945,
        "KD": 345_712,
        "MP": 329_242,
        "L": 298_542,
    }
    outcome = tabulate(_law({"Sverige": 310}, 39), _results({"Sverige": votes}))
    assert dict(outcome.seats) == {
        "S": 107,
        "SD": 73,
        "M": 68,
        "V": 24,
        "C": 24,
        "KD": 19,
        "MP": 18,
        "L": 16,
    }
    blocs = (("M", "SD", "KD", "L"), ("S", "V", "MP", "C"))
    assert [sum(outcome.seats[p] for p in bloc) for bloc in blocs] == [176, 173]


def test_adjustment_seats_by_hand() -> None:
    votes = {"N": {"A": 500, "B": 370, "R": 130}, "S": {"A": 4000, "B": 3000}}
    outcome = tabulate(_law({"N": 6, "S": 6}, 2), _results(votes))
    # N (6 fixed): R has 1.6% of the country but 13% in N and shares the fixed seats there:
    # A 416.7, B 308.3, A 166.7, B 123.3, R 108.3, A 100 -> A 3, B 2, R 1.
    # S (6 fixed): A 3333, B 2500, A 1333, B 1000, A 800, B 600 -> A 3, B 3.
    # Nationally R is below 4% and keeps its fixed seat outside the count; A 4500 and B 3370
    # share the other 13 seats: A 7, B 6, one adjustment seat each. A's next figures are
    # 500/7 in N and 4000/7 in S; B's 370/5 in N and 3000/7 in S: both go to S.
    assert dict(outcome.tiers["adjustment"]) == {"A": 1, "B": 1}
    assert outcome.districts == {"N": {"A": 3, "B": 2, "R": 1}, "S": {"A": 4, "B": 4}}
    assert outcome.total_seats == 14
