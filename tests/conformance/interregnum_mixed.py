"""Mixed-member elections of the ``interregnum`` package: New Zealand (``new-zealand-mmp``),
Scotland (``scotland-ams``) and the German Bundestag 2025 (``germany-2023``), each counted
under its preset with the constituencies of the file's year.
"""

from __future__ import annotations

import csv
from typing import Any

from certified import tabulate
from interregnum_cases import Comparison, Seats, counted, key, published, with_districts
from interregnum_fixtures import Ballot, ballot, division, examples_root, leaves, read

from hemicycle.law import load_law
from hemicycle.law.schema import District, Law
from hemicycle.types import DistrictTotals, ResultRow, Results

# --- mixed-member systems (New Zealand, Scotland) ------------------------------------------


def candidate_rows(entry: Ballot) -> list[ResultRow]:
    """A constituency's candidates, each on the list of the party they stand for (an
    independent on a list of their own name)."""
    return [
        ResultRow(district=entry.name, list=entry.alliance.get(n, n), candidate=n, votes=v)
        for n, v in entry.votes.items()
    ]


def new_zealand(fixture: str) -> Comparison:
    """New Zealand under the ``new-zealand-mmp`` preset with the year's electorates."""
    doc = read(fixture)
    electorates = list(leaves(division(doc, "electorate vote")))
    (party_vote,) = leaves(division(doc, "compensatory district"))
    party_vote.name = "Party vote"
    seats = int(division(doc, "compensatory district")["seats"])
    law = with_districts(
        load_law("new-zealand-mmp"),
        "electorates",
        [District(id=e.name, seats=1) for e in electorates],
    )
    data = law.model_dump()
    data["tiers"][1]["seats"] = seats - len(electorates)
    law = Law.model_validate(data)
    rows = [row for e in electorates for row in candidate_rows(e)] + party_vote.rows()
    outcome = tabulate(
        law, Results(rows=tuple(rows), totals=(party_vote.totals(blank_valid=False),))
    )
    expected: Seats = {}
    for entry in electorates:
        for name in entry.won:
            expected[key(entry.name, entry.alliance.get(name, name))] = 1
    for party, won in party_vote.won.items():
        expected[key("list", party)] = won
    return Comparison(expected=expected, actual=counted(outcome.districts))


_REGIONS = {
    "Lothians": "Lothian",
    "South of Scotland": "South Scotland",
    "West of Scotland": "West Scotland",
}


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Every node with candidates under ``node``, also inside mappings such as ``first_vote``."""
    found = [node] if isinstance(node.get("candidates"), list) else []
    for value in node.values():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, dict) and "name" in child:
                found.extend(_nodes(child))
    return found


def scotland(fixture: str) -> Comparison:
    """Scottish Parliament under the ``scotland-ams`` preset, with the constituencies of the
    file's year placed in their regions."""
    doc = read(fixture)
    regions = (
        doc["divisions"] if doc.get("type") == "group" and "Highlands" not in doc["name"] else [doc]
    )
    constituencies: list[tuple[Ballot, str]] = []
    lists: list[Ballot] = []
    for region in regions:
        name = _REGIONS.get(region["name"], region["name"])
        for node in _nodes(region):
            entry = ballot(node)
            if node.get("type") == "compensatory":
                entry.name = name
                lists.append(entry)
            else:
                constituencies.append((entry, name))
    law = with_districts(
        load_law("scotland-ams"),
        "constituencies",
        [District(id=e.name, seats=1, region=r) for e, r in constituencies],
    )
    law = with_districts(law, "regions", [District(id=e.name, seats=e.seats) for e in lists])
    rows = [row for e, _ in constituencies for row in candidate_rows(e)]
    rows += [row for e in lists for row in e.rows()]
    outcome = tabulate(law, Results(rows=tuple(rows)), seed="conformance")
    assert not outcome.ties, "the seed stands for a drawing of lots the count did not need"
    expected = published(lists)
    for entry, _ in constituencies:
        for name in entry.won:
            expected[key(entry.name, entry.alliance.get(name, name))] = 1
    return Comparison(expected=expected, actual=counted(outcome.districts))


def bundestag(fixture: str) -> Comparison:
    """Bundestag 2025 under the ``germany-2023`` preset: first votes in the 299 constituencies
    (in the order of their numbers), second votes by Land list; the file's federal seats and
    their distribution over the Länder are compared."""
    folder = examples_root()
    assert folder is not None
    base = (folder / fixture).parent

    def table(name: str) -> list[dict[str, str]]:
        with (base / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    rows: list[ResultRow] = []
    numbers: dict[str, int] = {}
    for row in table("de_bundestag_2025_first_vote.csv"):
        if row["name"].startswith(("?", "!")):
            continue
        number = numbers.setdefault(row["node"], len(numbers) + 1)
        rows.append(
            ResultRow(
                district=f"Wahlkreis {number}",
                list=row["name"],
                candidate=f"{row['name']} ({row['node']})",
                votes=int(row["votes"]),
            )
        )
    valid: dict[str, int] = {}
    for row in table("de_bundestag_2025_second_vote.csv"):
        land = row["node"].removeprefix("Landesliste - ")
        if row["name"].startswith(("?", "!")):
            continue
        rows.append(
            ResultRow(district=land, list=row["name"], candidate=None, votes=int(row["votes"]))
        )
        valid[land] = valid.get(land, 0) + int(row["votes"])
    totals = tuple(DistrictTotals(district=land, valid=n) for land, n in valid.items())
    outcome = tabulate("germany-2023", Results(rows=tuple(rows), totals=totals))
    node = division(read(fixture), "Oberverteilung")
    expected = {str(item["name"]): int(item["seats"]) for item in node["meta"]["test"]}
    expected.update(
        {
            key(r["district"], r["name"]): int(r["seats"])
            for r in table("btw25_Unterverteilung.csv")
            if int(r["seats"])
        }
    )
    actual = dict(outcome.seats)
    actual.update(counted(outcome.districts, valid))
    return Comparison(expected=expected, actual=actual)
