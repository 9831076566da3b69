"""Fuzzing the law engine: random valid laws applied to random results.

The laws: a district tier of lists (any list formula, thresholds, minimum seats) or of
candidates (plurality, SNTV, block vote), its districts in regions; then maybe a national tier,
an additional-member tier, or a levelling tier placed by party, nationally, by district figures
(Norway, Iceland) or by region (Denmark), its overhang kept or the allocation repeated.

Whatever the law and the votes, the engine either raises one of the documented errors
(DataError, LawError, InfeasibleError, TieError) or returns an outcome whose seats add up to the
house the law gives (a kept overhang included), whose certificates all verify independently
(:mod:`hemicycle.verify`), and whose certificate no longer verifies once a seat is moved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemicycle.errors import DataError, InfeasibleError, LawError, TieError
from hemicycle.law.certify import tabulate_certified
from hemicycle.law.load import parse_law
from hemicycle.law.outcome import Outcome
from hemicycle.law.schema import LIST_METHODS, Law
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


def _line(key: str, value: object) -> str:
    return f"{key} = {json.dumps(value)}"


@st.composite
def laws_and_results(draw: st.DrawFn) -> tuple[str, Results, str]:
    """A law of a district tier (lists, or candidates by plurality, SNTV or block vote; with
    regions) and maybe a second tier: national, additional members, or levelling seats placed
    by party, nationally, by district figures or by region, the overhang kept or repeated."""
    districts = [f"d{i}" for i in range(draw(st.integers(1, 4)))]
    regions = {d: f"r{draw(st.integers(0, 1))}" for d in districts}
    candidates = draw(st.sampled_from(["lists", "lists", "fptp", "sntv", "block"]))
    # a candidate tier's districts elect no more members than they have candidates (one list
    # at least, one or two candidates each)
    seats = {
        d: 1 if candidates in ("fptp", "sntv", "block") else draw(st.integers(1, 9))
        for d in districts
    }
    tier = ["[[tiers]]", 'id = "districts"', 'kind = "district"', 'lists = "none"']
    if candidates == "lists":
        tier += [draw(formulas()), draw(thresholds())]
        if draw(st.booleans()):
            tier.append(f"min_seats = {draw(st.integers(0, 1))}")
    else:
        tier.append(_line("formula", candidates))
    tier.append(
        "districts = ["
        + ", ".join(
            f'{{ id = "{d}", seats = {n}, region = "{regions[d]}" }}' for d, n in seats.items()
        )
        + "]"
    )
    second = draw(st.sampled_from(["none", "national", "levelling", "levelling", "additional"]))
    if second == "additional" and candidates == "lists":
        second = "levelling"
    text = [
        'id = "fuzz"',
        'name = "random law"',
        'country = "Nowhere"',
        'statute = "none: generated for testing"',
        'date = "2025"',
        f'ties = {{ lists = ["{draw(st.sampled_from(["votes", "more_seats"]))}", "lot"], '
        'candidates = ["lot"] }',
        "\n".join(tier),
    ]
    used_regions = sorted(set(regions.values()))
    if second == "additional":
        text.append(
            "\n".join(
                [
                    "[[tiers]]",
                    'id = "additional"',
                    'kind = "additional"',
                    'lists = "none"',
                    'prior = "districts"',
                    _line("formula", draw(st.sampled_from(["dhondt", "sainte_lague"]))),
                    "districts = ["
                    + ", ".join(
                        f'{{ id = "{r}", seats = {draw(st.integers(1, 5))} }}' for r in used_regions
                    )
                    + "]",
                ]
            )
        )
    elif second != "none":
        lines = [
            "[[tiers]]",
            f'id = "{second}"',
            f'kind = "{second}"',
            'lists = "none"',
            'uses = "districts"',
            draw(formulas()),
            draw(thresholds()),
        ]
        extra = draw(st.integers(1, 12))
        if second == "levelling":
            placement = draw(
                st.sampled_from(
                    ["by_party", "national", "district_quota", "district_share", "regional"]
                )
            )
            lines += [_line("placement", placement), _line("overhang", draw(overhangs))]
            places = {
                "district_quota": districts,
                "district_share": districts,
                "regional": used_regions,
            }.get(placement)
            if places is not None:
                spread = {name: draw(st.integers(1, 3)) for name in places}
                extra = sum(spread.values())
                lines.append(_line("lower", draw(st.sampled_from(["sainte_lague", "dhondt"]))))
                lines.append(
                    "districts = ["
                    + ", ".join(f'{{ id = "{n}", seats = {k} }}' for n, k in spread.items())
                    + "]"
                )
            if placement == "regional":
                lines.append(_line("within", draw(st.sampled_from(["danish", "sainte_lague"]))))
        lines.append(f"seats = {extra}")
        text.append("\n".join(lines))
    rows = []
    for district in districts:
        for party in LISTS[: draw(st.integers(1, len(LISTS)))]:
            if candidates == "lists":
                votes = draw(st.one_of(st.integers(0, 40), st.integers(0, 100_000)))
                rows.append(ResultRow(district=district, list=party, candidate=None, votes=votes))
                continue
            for number in range(draw(st.integers(1, 2))):
                votes = draw(st.one_of(st.integers(1, 40), st.integers(1, 100_000)))
                name = f"{party}{number}"
                rows.append(ResultRow(district=district, list=party, candidate=name, votes=votes))
    if second == "additional":
        # the regions' list votes (the second vote of an additional-member system)
        for region in used_regions:
            for party in LISTS[: draw(st.integers(1, len(LISTS)))]:
                votes = draw(st.integers(0, 100_000))
                rows.append(ResultRow(district=region, list=party, candidate=None, votes=votes))
    return "\n".join(text), Results(rows=tuple(rows)), draw(st.sampled_from(["1", "seed"]))


overhangs = st.sampled_from(["repeat", "keep"])


def expected_house(law: Law, outcome: Outcome, document: Mapping[str, Any]) -> int:
    """The house the law gives: its tiers' seats, and with a kept overhang (Scotland Act 1998
    s.7-8 has none; New Zealand keeps it, Electoral Act 1993 s.192(5)) each list's earlier
    seats above its share of the national allocation."""
    house = sum(t.seats or sum(d.seats or 0 for d in t.districts) for t in law.tiers)
    for tier in law.tiers:
        if tier.kind != "levelling" or tier.overhang != "keep":
            continue
        national = [
            entry["certificate"]
            for entry in document["certificate"]["allocations"]
            if entry["tier"] == tier.id
            and entry["district"] == tier.id
            and not entry.get("superseded")
            and entry["certificate"]["kind"] in ("divisor", "quota")
            and "list" not in entry
        ][-1]
        fixed = outcome.tiers.get(tier.uses or "", {})
        house += sum(
            max(fixed.get(unit["name"], 0) - unit["seats"], 0) for unit in national["units"]
        )
    return house


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
    document = json.loads(json.dumps({**outcome.as_json(), "certificate": proof.as_json()}))
    assert outcome.total_seats == expected_house(law, outcome, document)
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
        if "units" not in entry["certificate"]:
            continue
        units = entry["certificate"]["units"]
        giver = next((u for u in units if u["seats"] > 0), None)
        taker = next((u for u in units if u is not giver), None)
        if giver is None or taker is None:
            continue
        giver["seats"] -= 1
        taker["seats"] += 1
        assert verify_document(document).first_failure is not None
        return
