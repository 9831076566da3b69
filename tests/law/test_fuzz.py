"""Fuzzing the law engine: random valid laws (tiers, formulas, thresholds, districts) applied to
random results.

Whatever the law and the votes, the engine either raises one of the documented errors
(DataError, LawError, InfeasibleError, TieError) or returns an outcome whose seats add up to its
house, whose certificates all verify independently (:mod:`hemicycle.verify`), and whose
certificate no longer verifies once a seat is moved.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemicycle.errors import DataError, InfeasibleError, LawError, TieError
from hemicycle.law.certify import tabulate_certified
from hemicycle.law.load import parse_law
from hemicycle.law.schema import LIST_METHODS
from hemicycle.types import ResultRow, Results
from hemicycle.verify import verify_document

DOCUMENTED = (DataError, LawError, InfeasibleError, TieError)
LISTS = ["A", "B", "C", "D", "E"]
FORMULAS = sorted(LIST_METHODS)


@st.composite
def formulas(draw: st.DrawFn) -> str:
    formula = draw(st.sampled_from(FORMULAS))
    lines = [f'formula = "{formula}"']
    if formula == "modified_sainte_lague":
        lines.append(f'first_divisor = "{draw(st.sampled_from(["1.2", "1.4", "1.7", "2"]))}"')
    if formula == "divisors":
        first = draw(st.integers(1, 3))
        step = draw(st.integers(1, 3))
        lines.append(f'divisors = ["{first}", "{first + step}", "{first + 2 * step}"]')
    return "\n".join(lines)


@st.composite
def thresholds(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["none", "national", "district"]))
    if kind == "none":
        return ""
    share = draw(st.sampled_from(["3%", "5%", "10%", "25%"]))
    return f'threshold = {{ {kind} = "{share}" }}'


@st.composite
def laws_and_results(draw: st.DrawFn) -> tuple[str, Results, str]:
    districts = [f"d{i}" for i in range(draw(st.integers(1, 4)))]
    seats = {d: draw(st.integers(1, 9)) for d in districts}
    tier = [
        "[[tiers]]",
        'id = "districts"',
        'kind = "district"',
        'lists = "none"',
        draw(formulas()),
        draw(thresholds()),
    ]
    tier.append(
        "districts = ["
        + ", ".join(f'{{ id = "{d}", seats = {n} }}' for d, n in seats.items())
        + "]"
    )
    second = draw(st.sampled_from(["none", "national", "levelling"]))
    text = [
        'id = "fuzz"',
        'name = "random law"',
        'country = "Nowhere"',
        'statute = "none: generated for testing"',
        'date = "2025"',
        f'ties = {{ lists = ["{draw(st.sampled_from(["votes", "more_seats"]))}", "lot"] }}',
        "\n".join(tier),
    ]
    if second != "none":
        text.append(
            "\n".join(
                [
                    "[[tiers]]",
                    f'id = "{second}"',
                    f'kind = "{second}"',
                    'lists = "none"',
                    'uses = "districts"',
                    f"seats = {draw(st.integers(1, 12))}",
                    draw(formulas()),
                    draw(thresholds()),
                ]
            )
        )
    rows = []
    for district in districts:
        for party in LISTS[: draw(st.integers(1, len(LISTS)))]:
            votes = draw(st.one_of(st.integers(0, 40), st.integers(0, 100_000)))
            rows.append(ResultRow(district=district, list=party, candidate=None, votes=votes))
    return "\n".join(text), Results(rows=tuple(rows)), draw(st.sampled_from(["1", "seed"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(laws_and_results())
def test_random_laws_give_documented_errors_or_certified_outcomes(
    case: tuple[str, Results, str],
) -> None:
    text, results, seed = case
    try:
        law = parse_law(text, source="fuzz.toml")
        outcome, proof = tabulate_certified(law, results, seed=seed)
    except DOCUMENTED:
        return
    assert outcome.total_seats == sum(outcome.seats.values())
    assert outcome.total_seats == sum(sum(row.values()) for row in outcome.districts.values())
    house = sum(t.seats or sum(d.seats or 0 for d in t.districts) for t in law.tiers)
    if not any(t.kind == "levelling" for t in law.tiers):
        assert outcome.total_seats == house
    document = json.loads(json.dumps({**outcome.as_json(), "certificate": proof.as_json()}))
    report = verify_document(document)
    assert report.ok, report.first_failure
    assert len(proof.entries) >= len(law.tiers[0].districts)


@settings(max_examples=60, deadline=None)
@given(laws_and_results())
def test_a_moved_seat_breaks_the_certificate(case: tuple[str, Results, str]) -> None:
    text, results, seed = case
    try:
        outcome, proof = tabulate_certified(parse_law(text, source="fuzz.toml"), results, seed=seed)
    except DOCUMENTED:
        return
    document = json.loads(json.dumps({**outcome.as_json(), "certificate": proof.as_json()}))
    for entry in document["certificate"]["allocations"]:
        units = entry["certificate"]["units"]
        giver = next((u for u in units if u["seats"] > 0), None)
        taker = next((u for u in units if u is not giver), None)
        if giver is None or taker is None:
            continue
        giver["seats"] -= 1
        taker["seats"] += 1
        assert verify_document(document).first_failure is not None
        return
