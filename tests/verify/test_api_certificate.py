"""``hemicycle.tabulate(..., certificate=True)``: the outcome with its certificate, which the
independent verifier accepts, and which stops accepting a seat moved in the outcome."""

from __future__ import annotations

import copy
import json

import hemicycle
from hemicycle.law.certify import OutcomeCertificate
from hemicycle.verify import verify_document

# Iraq, Council of Representatives 2023 provincial rows (Law 12/2018 as amended): modified
# Sainte-Laguë with first divisor 1.7 in each governorate
ROWS = [
    {"district": "Erbil", "list": "KDP", "votes": 369724},
    {"district": "Erbil", "list": "PUK", "votes": 97411},
    {"district": "Erbil", "list": "National Stance", "votes": 63298},
    {"district": "Duhok", "list": "KDP", "votes": 413890},
    {"district": "Duhok", "list": "KIU", "votes": 72986},
]


def test_the_api_returns_a_certificate_that_verifies() -> None:
    outcome, proof = hemicycle.tabulate("iraq-2023", ROWS, partial=True, certificate=True)
    assert isinstance(proof, OutcomeCertificate)
    assert outcome == hemicycle.tabulate("iraq-2023", ROWS, partial=True)
    document = json.loads(json.dumps(outcome.as_json() | {"certificate": proof.as_json()}))
    assert verify_document(document).ok
    forged = copy.deepcopy(document)
    forged["districts"]["Erbil"]["KDP"] -= 1
    forged["districts"]["Erbil"]["PUK"] += 1
    forged["seats"]["KDP"] -= 1
    forged["seats"]["PUK"] += 1
    failure = verify_document(forged).first_failure
    assert failure is not None
    assert "certified parts" in failure.name
    assert "Erbil · KDP" in failure.detail
