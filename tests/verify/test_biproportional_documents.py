"""Biproportional apportionment through the independent verifier: random vote matrices (with
zero cells, quorums and weighting) give certificates that ``verify_document`` accepts, and a
seat moved between two cells of a district, a changed divisor or a changed party total is
rejected."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.core.biproportional import biproportional
from hemicycle.core.certificates import BiproportionalCertificate
from hemicycle.errors import InfeasibleError
from hemicycle.verify import verify_document

METHODS = ["sainte_lague", "dhondt", "modified_sainte_lague"]


@st.composite
def matrices(draw: st.DrawFn) -> tuple[dict[str, dict[str, int]], dict[str, int], dict[str, Any]]:
    parties = draw(st.integers(2, 5))
    districts = draw(st.integers(1, 5))
    high = draw(st.sampled_from([30, 5_000, 2_000_000]))
    votes = {
        f"d{j}": {
            f"p{i}": draw(st.one_of(st.just(0), st.integers(1, high))) for i in range(parties)
        }
        for j in range(districts)
    }
    for row in votes.values():
        if not any(row.values()):
            row["p0"] = 1
    seats = {f"d{j}": draw(st.integers(1, 12)) for j in range(districts)}
    options: dict[str, Any] = {
        "method": draw(st.sampled_from(METHODS)),
        "weighted": draw(st.booleans()),
        "tie_break": f"lot:{draw(st.integers(0, 9))}",
    }
    if options["method"] == "modified_sainte_lague":
        options["first_divisor"] = "1.4"
    if draw(st.booleans()):
        options["quorum_total"] = "10%"
    return votes, seats, options


def _document(votes: Any, seats: Any, options: Any) -> dict[str, Any] | None:
    try:
        result = biproportional(votes, seats, **options)
    except InfeasibleError:
        return None
    body = result.as_json() | {"certificate": BiproportionalCertificate(result=result).as_json()}
    return json.loads(json.dumps(body))  # type: ignore[no-any-return]


@settings(max_examples=60, deadline=None)
@given(matrices())
def test_random_matrices_verify_and_tampering_is_caught(
    case: tuple[dict[str, dict[str, int]], dict[str, int], dict[str, Any]],
) -> None:
    votes, seats, options = case
    document = _document(votes, seats, options)
    if document is None:
        # zero cells can leave no rounding that meets every district's and party's seats
        return
    report = verify_document(document)
    assert report.ok, report.first_failure
    assert verify_document(document["certificate"]).ok
    proof = document["certificate"]
    # a seat moved between two cells of one district, in the certificate and the document
    for district, row in proof["seats"].items():
        giver = next((p for p, n in row.items() if n > 0), None)
        taker = next((p for p in row if p != giver and p not in proof["excluded"]), None)
        if giver is None or taker is None:
            continue
        forged = copy.deepcopy(document)
        for matrix in (forged["seats"], forged["certificate"]["seats"]):
            matrix[district][giver] -= 1
            matrix[district][taker] = matrix[district].get(taker, 0) + 1
        assert not verify_document(forged).ok
        # the seats moved in the document only: the document is not the certified one
        alone = copy.deepcopy(document)
        alone["seats"][district][giver] -= 1
        alone["seats"][district][taker] = alone["seats"][district].get(taker, 0) + 1
        failure = verify_document(alone).first_failure
        assert failure is not None
        assert "certified" in failure.name
        break
    divisors = proof["district_divisors"]
    if divisors:
        forged = copy.deepcopy(document)
        name = next(iter(divisors))
        forged["certificate"]["district_divisors"][name] = "1/1000000007"
        if any(votes[name].values()):
            assert not verify_document(forged).ok
