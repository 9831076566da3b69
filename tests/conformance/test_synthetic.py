"""The votes of two constructed examples of the ``interregnum`` package, counted under
hemicycle laws that fit them: the seats must add up to the house and every certificate must
verify from its JSON alone.

``synth/threshold.yaml`` gives five lists the same national vote, 6000 of 30000 each: exactly
20%, the boundary a threshold of 20% must let through ("at least") and 20.01% must not.
``synth/compensatory_overhang.yaml`` gives four districts in which one list (D) wins more seats
than its national share: levelling seats with the overhang kept or the allocation repeated.

The seats ``threshold.yaml`` records (``meta.test``: C 6, D 6 in the division that keeps only
the lists of group CD) are compared. The tables of ``compensatory_overhang.yaml`` are not: they
record interregnum's own adjustment modes (``mixed_member``, ``absorb_overhang``,
``exclude_overhang_parties``, ``subtract_overhang_seats``, reapportionments by "parallel",
"district" and "id" strategy) as the changes each makes, some of them negative seats (D −2),
with the districts' seats given in advance (C and D both seated in district 2); hemicycle's
law schema has the two overhang rules of real laws, kept (New Zealand) or the allocation
repeated without the list (Sweden), and neither is one of those modes with the same house.
"""

from __future__ import annotations

import pytest
from interregnum_cases import results
from interregnum_fixtures import examples_root, leaves, read
from interregnum_synthetic import certified

from hemicycle.errors import InfeasibleError
from hemicycle.law.schema import District, Law, Threshold, Tier, Ties
from hemicycle.types import ResultRow, Results

pytestmark = pytest.mark.skipif(
    examples_root() is None, reason="the interregnum package (a test dependency) is not installed"
)


def _law(tiers: tuple[Tier, ...]) -> Law:
    return Law(
        id="synthetic",
        name="Constructed example",
        country="(constructed)",
        statute="(constructed)",
        date="2025",
        ties=Ties(lists=("votes", "lot")),
        tiers=tiers,
    )


def test_threshold_at_exactly_the_share() -> None:
    nodes = list(leaves(read("synth/threshold.yaml")))
    # each node's magnitude: the seats its candidates are given as minimums (15 each)
    magnitudes = {
        node.name: sum(int(c.get("min_seats", 0)) for c in node.raw["candidates"]) for node in nodes
    }
    assert magnitudes == {"node_a": 15, "node_b": 15}

    def law(share: str) -> Law:
        return _law(
            (
                Tier(
                    id="nodes",
                    kind="district",
                    formula="dhondt",
                    lists="none",
                    threshold=Threshold(national=share),
                    districts=tuple(District(id=n, seats=s) for n, s in magnitudes.items()),
                ),
            )
        )

    at = certified(law("20%"), results(nodes))
    assert set(at["seats"]) == {"A", "B", "C", "D", "E"}
    # at 20.01% no list qualifies and no seat can be given
    with pytest.raises(InfeasibleError, match="15 seats cannot be allocated"):
        certified(law("20.01%"), results(nodes))


@pytest.mark.parametrize("overhang", ["keep", "repeat"])
def test_overhang_kept_or_repeated(overhang: str) -> None:
    districts = list(leaves(read("synth/compensatory_overhang.yaml")))
    law = _law(
        (
            Tier(
                id="districts",
                kind="district",
                formula="dhondt",
                lists="none",
                districts=tuple(District(id=d.name, seats=1) for d in districts),
            ),
            Tier(
                id="compensatory",
                kind="levelling",
                formula="dhondt",
                seats=5,
                uses="districts",
                overhang=overhang,  # type: ignore[arg-type]
                placement="national",
            ),
        )
    )
    document = certified(law, results(districts), seed="synthetic")
    # one seat per district: D (alone in 1), C (5000 to 1000 in 2), A (5000 to 3000 in 3) and
    # A or B by lot (5000 each in 4); D's 2500 of 25500 votes earn it no seat of 9 by D'Hondt
    assert document["seats"]["D"] == 1
    total = sum(document["seats"].values())
    assert total == (10 if overhang == "keep" else 9)


def test_threshold_group_seats_recorded_by_the_file() -> None:
    """``threshold group 1`` keeps the lists of group CD of both nodes; its seats are the
    minimum seats its candidates carry (12), and the file records C 6, D 6."""
    doc = read("synth/threshold.yaml")
    nodes = list(leaves(doc))
    division = next(d for d in doc["divisions"] if d["name"] == "threshold group 1")
    expected = {item["name"]: int(item["seats"]) for item in division["meta"]["test"]}
    group = {c["name"] for n in nodes for c in n.raw["candidates"] if c.get("group") == "CD"}
    seats = sum(
        int(c.get("min_seats", 0)) for n in nodes for c in n.raw["candidates"] if c["name"] in group
    )
    votes = {name: sum(n.votes.get(name, 0) for n in nodes) for name in sorted(group)}
    law = _law(
        (
            Tier(
                id="group",
                kind="district",
                formula="dhondt",
                lists="none",
                districts=(District(id="CD", seats=seats),),
            ),
        )
    )
    rows = tuple(
        ResultRow(district="CD", list=name, candidate=None, votes=count)
        for name, count in votes.items()
    )
    document = certified(law, Results(rows=rows))
    assert document["seats"] == expected == {"C": 6, "D": 6}
