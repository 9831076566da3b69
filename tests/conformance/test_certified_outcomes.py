"""The certificates of real elections: every outcome the conformance suite counts is verified
(:mod:`certified`), and a seat moved between two districts of a certified outcome is caught,
whether the seat was placed by a split of a party's seats over Länder (Bundestag 2025,
BWahlG §5), by the seat-by-seat levelling placement (Storting 2021, Election Act §11-6;
Althingi 2013, Act 24/2000 art. 108) or by the split of a region's compensatory seats over its
constituencies (Folketing 2015, folketingsvalgloven §79).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

import certified
import pytest
from interregnum_cases import cases
from interregnum_fixtures import examples_root

from hemicycle.verify import verify_document

pytestmark = pytest.mark.skipif(
    examples_root() is None, reason="the interregnum package (a test dependency) is not installed"
)


def _document(fixture: str) -> Mapping[str, object]:
    """The certified outcome of an election (the first tabulation of its case)."""
    case = cases()[fixture]
    assert case.count is not None
    certified.VERIFIED.clear()
    case.count()
    return certified.VERIFIED[0][1]  # type: ignore[return-value]


def _moved(document: Mapping[str, object], party: str, giver: str, taker: str) -> object:
    forged = copy.deepcopy(dict(document))
    districts = forged["districts"]
    assert isinstance(districts, dict)
    assert districts[giver][party] >= 1
    districts[giver][party] -= 1
    districts[taker][party] = districts[taker].get(party, 0) + 1
    return forged


@pytest.mark.parametrize(
    ("fixture", "party", "giver", "taker", "kinds"),
    [
        (
            "no/no_stortingsvalg_2021.yaml",
            "SV - Sosialistisk Venstreparti [SV]",
            "Østfold",
            "Akershus",
            {"placement"},
        ),
        ("is/is_althingi_2013.yaml", None, None, None, {"placement"}),
        (
            "dk/dk_folketing_2015.yaml",
            "Liberal Alliance",
            "København",
            "Københavns Omegn",
            {"placement", "quota"},
        ),
        (
            "de/de_bundestag_2025.yaml",
            "SPD",
            "Schleswig-Holstein",
            "Mecklenburg-Vorpommern",
            {"divisor", "candidates"},
        ),
    ],
)
def test_a_seat_moved_between_districts_is_caught(
    fixture: str, party: str | None, giver: str | None, taker: str | None, kinds: set[str]
) -> None:
    document = _document(fixture)
    proof = document["certificate"]
    assert isinstance(proof, Mapping)
    made = {entry["certificate"]["kind"] for entry in proof["allocations"]}
    assert kinds <= made
    assert verify_document(document).ok
    districts = document["districts"]
    assert isinstance(districts, Mapping)
    if party is None:
        # the first levelling seat placed, moved to another district where its list has votes
        placement = next(e for e in proof["allocations"] if e["certificate"]["kind"] == "placement")
        first = placement["certificate"]["placed"][0]
        party, giver = first["list"], first["district"]
        taker = next(
            d["name"]
            for d in placement["certificate"]["districts"]
            if d["name"] != giver and d["votes"].get(party)
        )
    forged = _moved(document, party, giver, taker)
    report = verify_document(forged)
    assert not report.ok
    failure = report.first_failure
    assert failure is not None
    assert "certified parts" in failure.name
    assert f"{giver} · {party}" in failure.detail


def test_a_levelling_seat_given_to_another_district_in_the_certificate_is_caught() -> None:
    document = copy.deepcopy(dict(_document("no/no_stortingsvalg_2021.yaml")))
    proof = document["certificate"]
    assert isinstance(proof, dict)
    placement = next(e for e in proof["allocations"] if e["certificate"]["kind"] == "placement")
    seat = placement["certificate"]["placed"][0]
    giver = seat["district"]
    taker = next(
        d["name"]
        for d in placement["certificate"]["districts"]
        if d["name"] != giver and d["votes"].get(seat["list"])
    )
    # the forger moves the seat in the outcome and in the certificate alike
    seat["district"] = taker
    forged = _moved(document, seat["list"], giver, taker)
    failure = verify_document(forged).first_failure
    assert failure is not None
    assert "levelling seat 1" in failure.name


def test_a_split_over_lander_rewritten_with_the_outcome_is_caught() -> None:
    document = copy.deepcopy(dict(_document("de/de_bundestag_2025.yaml")))
    proof = document["certificate"]
    assert isinstance(proof, dict)
    split = next(e for e in proof["allocations"] if e.get("list") == "SPD")
    units = {u["name"]: u for u in split["certificate"]["units"]}
    units["Schleswig-Holstein"]["seats"] -= 1
    units["Mecklenburg-Vorpommern"]["seats"] += 1
    forged = _moved(document, "SPD", "Schleswig-Holstein", "Mecklenburg-Vorpommern")
    report = verify_document(forged)
    assert not report.ok
    assert any("SPD" in c.name and not c.passed for c in report.checks)


def test_every_counting_module_verifies_its_certificates() -> None:
    # the conformance cases count through certified.tabulate, which asserts the verification
    import interregnum_australia
    import interregnum_cases
    import interregnum_denmark
    import interregnum_mixed

    for module in (
        interregnum_cases,
        interregnum_mixed,
        interregnum_denmark,
        interregnum_australia,
    ):
        assert module.tabulate is certified.tabulate, module.__name__
