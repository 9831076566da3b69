"""Denmark's Folketing elections of the ``interregnum`` package, counted under the
``denmark-folketing`` preset with the year's magnitudes.

The files record the outcome at every level of the count, and each is compared: the
constituency seats of each multi-member constituency (§76), each party's compensatory seats
(§77), their distribution over the three regions (§78) and over the constituencies (§79).
"""

from __future__ import annotations

from typing import Any

from certified import tabulate
from interregnum_cases import Comparison, Seats, key, results, with_districts
from interregnum_fixtures import Ballot, division, leaves, read

from hemicycle.law import load_law
from hemicycle.law.schema import District, Law


def _test_table(doc: dict[str, Any], node_key: str) -> list[dict[str, Any]]:
    for node in doc["divisions"]:
        if node.get("key", node["name"]) == node_key:
            return list(node["meta"]["test"])
    raise KeyError(node_key)


def denmark(fixture: str) -> Comparison:
    """Folketing: constituency seats, then compensatory seats to parties, regions and
    constituencies, each level compared with the file's record of it."""
    doc = read(fixture)
    entries: list[Ballot] = []
    constituencies: list[District] = []
    rooms: list[District] = []
    region_of: dict[str, str] = {}
    for region in division(doc, "provinces")["divisions"]:
        name = str(region.get("key", region["name"]))
        rooms.append(District(id=name, seats=int(region["max_adjustment_seats"])))
        for entry in leaves(region):
            entries.append(entry)
            region_of[entry.name] = name
            constituencies.append(District(id=entry.name, seats=entry.seats, region=name))
    law = with_districts(load_law("denmark-folketing"), "constituencies", constituencies)
    law = with_districts(law, "compensatory", rooms)
    votes = results(entries, blank_valid=False)
    outcome = tabulate(law, votes)
    first_tier = Law.model_validate({**law.model_dump(), "tiers": [law.tiers[0].model_dump()]})
    fixed = tabulate(first_tier, votes).districts

    expected: Seats = {}
    actual: Seats = {}
    for entry in entries:
        for party, won in entry.won.items():
            expected[key(f"{entry.name} (constituency)", party)] = won
        for party, won in fixed.get(entry.name, {}).items():
            if won:
                actual[key(f"{entry.name} (constituency)", party)] = won
    for item in _test_table(doc, "compensatory district"):
        expected[key("compensatory", item["name"])] = int(item["seats"])
    for party, won in outcome.tiers["compensatory"].items():
        actual[key("compensatory", party)] = won
    for item in _test_table(doc, "reapp1"):
        where = f"compensatory in {item['district']}"
        expected[key(where, item["name"])] = int(item["seats"])
    for item in _test_table(doc, "reapp2"):
        expected[key(f"{item['district']} (compensatory)", item["name"])] = int(item["seats"])
    for name, by_list in outcome.districts.items():
        for party, won in by_list.items():
            extra = won - fixed.get(name, {}).get(party, 0)
            if extra:
                actual[key(f"{name} (compensatory)", party)] = extra
                where = key(f"compensatory in {region_of[name]}", party)
                actual[where] = actual.get(where, 0) + extra
    return Comparison(expected=expected, actual=actual)
