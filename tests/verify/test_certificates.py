"""Every certificate the engines produce verifies independently, and tampered ones do not.

Properties over every registered method with thresholds, bounds, prior seats and ties resolved
by lot; candidate counts (plurality, SNTV, block, IRV, STV by WIGM, Gregory and Meek, and the
Scottish and Northern Irish rules); biproportional apportionment. Then the tampering a forger
would try: a seat moved, the interval stretched, another method named, the quota changed, a tie
record dropped, a total altered, a field removed.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.core import METHODS, apportion
from hemicycle.core.ballots import Ballots
from hemicycle.core.biproportional import biproportional
from hemicycle.core.candidates import block_vote, first_past_the_post, sntv
from hemicycle.core.certificates import BiproportionalCertificate, DivisorCertificate
from hemicycle.core.irv import instant_runoff
from hemicycle.core.stv import stv
from hemicycle.errors import HemicycleError
from hemicycle.verify import verify_document

UNITS = ["A", "B", "C", "D", "E", "F"]


def _json(body: object) -> object:
    """As a file would carry it."""
    return json.loads(json.dumps(body))


@st.composite
def allocations(draw: st.DrawFn) -> dict[str, object]:
    names = UNITS[: draw(st.integers(1, len(UNITS)))]
    votes = {n: draw(st.one_of(st.integers(0, 50), st.integers(0, 10**7))) for n in names}
    options: dict[str, object] = {
        "method": draw(st.sampled_from([m.id for m in METHODS] + ["divisors"])),
        "tie_break": f"lot:{draw(st.integers(0, 99))}",
    }
    if options["method"] == "divisors":
        options["divisors_given"] = draw(st.sampled_from([["1", "2.5", "4"], ["0.5", "1", "3"]]))
    if options["method"] == "modified_sainte_lague":
        options["first_divisor"] = draw(st.sampled_from(["1.2", "1.4", "1.7"]))
    subset = st.dictionaries(st.sampled_from(names), st.integers(0, 4), max_size=len(names))
    if draw(st.booleans()):
        options["min_seats"] = draw(subset)
    if draw(st.booleans()):
        options["max_seats"] = {n: k + 1 for n, k in draw(subset).items()}
    if draw(st.booleans()):
        options["prior_seats"] = draw(subset)
    if draw(st.booleans()):
        options["threshold"] = draw(st.sampled_from(["5%", "20%", "1000"]))
    return {"votes": votes, "seats": draw(st.integers(0, 40)), "options": options}


@settings(max_examples=250, deadline=None)
@given(allocations())
def test_every_allocation_certificate_verifies(case: dict[str, object]) -> None:
    try:
        result = apportion(case["votes"], case["seats"], **case["options"])  # type: ignore[arg-type]
    except HemicycleError:
        return
    document = _json(result.as_json(certificate=True))
    report = verify_document(document)
    assert report.ok, report.first_failure
    proof = result.certificate
    assert proof is not None
    if isinstance(proof, DivisorCertificate) and not proof.tie:
        assert proof.low < proof.divisor()
        assert proof.high is None or proof.divisor() <= proof.high


@settings(max_examples=150, deadline=None)
@given(allocations())
def test_a_moved_seat_never_verifies(case: dict[str, object]) -> None:
    try:
        result = apportion(case["votes"], case["seats"], **case["options"])  # type: ignore[arg-type]
    except HemicycleError:
        return
    document = _json(result.as_json(certificate=True))
    units = document["certificate"]["units"]  # type: ignore[index]
    # seats of units without votes are one tie among them all: move a seat won by votes
    giver = next((u for u in units if u["seats"] > 0 and u["votes"] > 0), None)
    taker = next((u for u in units if u is not giver), None)
    if giver is None or taker is None:
        return
    giver["seats"] -= 1
    taker["seats"] += 1
    assert not verify_document(document["certificate"]).ok  # type: ignore[index]


def test_the_certificate_is_only_written_when_asked_for() -> None:
    result = apportion({"A": 600, "B": 300, "C": 100}, 7)
    assert "certificate" not in result.as_json()
    proof = result.certificate
    assert proof is not None
    # D'Hondt, 7 seats: A's 5th seat at 600/5 = 120 is the smallest winning claim; A's 6th, B's
    # 3rd and C's 1st all claim 100, the largest losing claim
    assert (proof.low, proof.high, proof.tie) == (Fraction(100), Fraction(120), False)


def test_an_exact_tie_closes_the_interval() -> None:
    # 600² · 1 · 2 = 100² · 8 · 9: the 10th Huntington-Hill seat is an exact tie
    result = apportion({"A": 100, "B": 600}, 10, method="huntington_hill", tie_break="lot:1")
    proof = result.certificate
    assert proof is not None
    assert proof.tie
    assert proof.low == Fraction(600**2, 72)
    document = _json(result.as_json(certificate=True))
    assert verify_document(document).ok
    dropped = copy.deepcopy(document)
    dropped["certificate"]["ties"] = []  # type: ignore[index]
    failure = verify_document(dropped).first_failure
    assert failure is not None
    assert "tie" in failure.name


def _certificate(**options: object) -> dict[str, object]:
    votes = {"A": 47000, "B": 16000, "C": 15800, "D": 12000, "E": 6100, "F": 3100}
    body = _json(apportion(votes, 10, **options).certificate.as_json())  # type: ignore[union-attr, arg-type]
    assert verify_document(body).ok
    return body  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("options", "tamper", "named"),
    [
        ({}, lambda c: c["divisor"].update(high=c["divisor"]["high"] * 2), "seats"),
        ({}, lambda c: c["divisor"].update(low=0), "seats"),
        ({}, lambda c: c.update(method="sainte_lague"), "seats"),
        ({}, lambda c: c.update(power=2), "power"),
        ({}, lambda c: c["units"][0].update(votes=10), "seats"),
        ({}, lambda c: c["units"][0].update(max=1), "maximum"),
        ({}, lambda c: c.update(house_size=11), "house"),
        ({"method": "hare"}, lambda c: c.update(quota="9999"), "quota"),
        ({"method": "hare"}, lambda c: c.update(method="droop"), "quota"),
        ({"method": "hare"}, lambda c: c["units"][1].update(share="1"), "share"),
        ({"method": "hare"}, lambda c: c["remainder"].update(high="1/100"), "interval"),
        ({"method": "hare"}, lambda c: c.update(offset=1), "divisor"),
        ({}, lambda c: c.pop("units"), "well-formed"),
        ({}, lambda c: c["divisor"].update(high=1.5), "well-formed"),
        ({}, lambda c: c.update(kind="oracle"), "well-formed"),
    ],
)
def test_tampered_allocation_certificates_fail(options, tamper, named) -> None:  # type: ignore[no-untyped-def]
    body = _certificate(**options)
    tamper(body)
    failure = verify_document(body).first_failure
    assert failure is not None
    assert named in failure.name + failure.detail


# --- candidate counts ------------------------------------------------------------------


@st.composite
def ballot_boxes(draw: st.DrawFn) -> Ballots:
    names = ["Ames", "Bell", "Cole", "Dunn", "Egan", "Ford"][: draw(st.integers(2, 6))]
    rankings = draw(
        st.dictionaries(
            st.permutations(names).flatmap(
                lambda p: st.integers(1, len(p)).map(lambda k: tuple(p[:k]))
            ),
            st.integers(1, 40),
            min_size=1,
            max_size=12,
        )
    )
    return Ballots.from_rankings(rankings)


@settings(max_examples=150, deadline=None)
@given(
    ballot_boxes(),
    st.integers(1, 4),
    st.sampled_from(["wigm", "gregory", "meek", "scottish", "northern_ireland", "irv"]),
)
def test_every_count_certificate_verifies(box: Ballots, seats: int, how: str) -> None:
    try:
        if how == "irv":
            count = instant_runoff(box, tie_break="lot:7")
        elif how in ("scottish", "northern_ireland"):
            count = stv(box, seats, rules=how, tie_break="lot:7")
        else:
            count = stv(box, seats, transfer=how, tie_break="lot:7")
    except HemicycleError:
        return
    body = _json(count.certificate.as_json())
    report = verify_document(body)
    assert report.ok, report.first_failure
    if body["decisions"]:  # type: ignore[index]
        decision = body["decisions"][-1]  # type: ignore[index]
        decision["total"] = "1/7"
        assert not verify_document(body).ok


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(UNITS), st.integers(0, 30), min_size=1), st.integers(1, 4))
def test_plurality_certificates_verify(votes: dict[str, int], seats: int) -> None:
    for count in (
        sntv(votes, seats, tie_break="lot:3"),
        block_vote(votes, seats, tie_break="lot:3"),
    ):
        assert verify_document(_json(count.certificate.as_json())).ok
    assert verify_document(
        _json(first_past_the_post(votes, tie_break="lot:3").certificate.as_json())
    ).ok


def test_tampered_count_certificates_fail() -> None:
    count = sntv({"Ali": 5200, "Bashir": 4100, "Karim": 4000, "Dalia": 900}, 2)
    body = _json(count.certificate.as_json())
    assert verify_document(body).ok
    body["elected"] = ["Ali", "Karim"]  # type: ignore[index]
    body["stages"][0]["elected"] = ["Ali", "Karim"]  # type: ignore[index]
    failure = verify_document(body).first_failure
    assert failure is not None
    assert "Karim" in failure.name + failure.detail
    box = Ballots.from_rankings({("A", "B"): 60, ("B",): 25, ("C", "B"): 15})
    body = _json(stv(box, 2, transfer="wigm").certificate.as_json())
    assert verify_document(body).ok
    body["stages"][-1]["totals"]["B"] = 99  # type: ignore[index]
    assert not verify_document(body).ok


# --- biproportional ----------------------------------------------------------------------


def test_biproportional_certificate_verifies_and_detects_a_changed_divisor() -> None:
    # Pukelsheim, Proportional Representation (2017), the Zurich example's shape: three
    # districts, three parties, Sainte-Laguë in both directions
    votes = {
        "North": {"A": 6000, "B": 3000, "C": 1000},
        "Centre": {"A": 2500, "B": 5000, "C": 2500},
        "South": {"A": 1200, "B": 1800, "C": 6000},
    }
    result = biproportional(votes, {"North": 7, "Centre": 5, "South": 4})
    body = _json(BiproportionalCertificate(result=result).as_json())
    report = verify_document(body)
    assert report.ok, report.first_failure
    body["district_divisors"]["North"] = "1"  # type: ignore[index]
    failure = verify_document(body).first_failure
    assert failure is not None
    assert "North" in failure.name
