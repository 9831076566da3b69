"""The constructed examples of the ``interregnum`` package (``synth/``).

They are not elections: they exercise interregnum's own system language. The one whose
outcome is a count hemicycle has, ``condorcet_cities`` (the Tennessee capital example, 100
voters), is counted: its instant-runoff divisions under a law of one instant-runoff district,
with every count's certificate verified. The other two are counted under hemicycle laws that
fit their votes, and the counts' invariants are checked in ``test_synthetic.py``.
"""

from __future__ import annotations

import json
from typing import Any

from interregnum_cases import Comparison, key
from interregnum_fixtures import read

from hemicycle.core.ballots import Ballots
from hemicycle.law.certify import tabulate_certified
from hemicycle.law.schema import District, Law, Tier
from hemicycle.types import Results
from hemicycle.verify import verify_document


def certified(law: Law, results: Results, **options: Any) -> dict[str, Any]:
    """The JSON document of a certified tabulation, verified from its JSON alone."""
    outcome, proof = tabulate_certified(law, results, **options)
    document = json.loads(json.dumps({**outcome.as_json(), "certificate": proof.as_json()}))
    report = verify_document(document)
    assert report.ok, report.first_failure
    in_districts = sum(sum(by_list.values()) for by_list in outcome.districts.values())
    assert outcome.total_seats == sum(outcome.seats.values()) == in_districts
    return dict(document)


def _rankings(node: dict[str, Any], doc: dict[str, Any]) -> Ballots:
    source = node
    if isinstance(node["preferences"], str):  # ``id[copeland]``: another division's ballots
        name = node["preferences"].removeprefix("id[").removesuffix("]")
        source = next(d for d in doc["divisions"] if d["name"] == name)
    return Ballots.from_rankings(
        {tuple(p["preference"]): int(p["votes"]) for p in source["preferences"]},
        candidates=tuple(c["name"] for c in source["candidates"]),
    )


def condorcet_cities(fixture: str) -> Comparison:
    """Every division's recorded winner; the instant-runoff ones counted by hemicycle."""
    doc = read(fixture)
    expected: dict[str, int] = {}
    actual: dict[str, int] = {}
    for node in doc["divisions"]:
        for item in node["meta"]["test"]:
            expected[key(node["name"], item["name"])] = int(item["seats"])
        if node["method"] != "instant_runoff":
            continue
        law = Law(
            id="irv",
            name=node["name"],
            country="(constructed)",
            statute="instant runoff",
            date="2000",
            tiers=(
                Tier(
                    id="main",
                    kind="district",
                    formula="irv",
                    districts=(District(id=node["name"], seats=1),),
                ),
            ),
        )
        document = certified(law, Results(rows=()), ballots={node["name"]: _rankings(node, doc)})
        for member in document["elected"]:
            actual[key(node["name"], member["candidate"])] = 1
    return Comparison(expected=expected, actual=actual)
