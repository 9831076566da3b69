"""Every tabulation of the conformance suite is certified, and its certificate verified.

The conformance modules count through :func:`tabulate` here instead of ``hemicycle.tabulate``:
it asks for the certificate, writes the outcome and its certificate as ``hemicycle tabulate
--certificate --format json`` would, and checks that document with the independent verifier
(:func:`hemicycle.verify.verify_document`), failing on the first check that does not hold. The
elections counted by the core alone (the U.S. House, Spain's apportionment of deputies, Zurich's
biproportional count) go through :func:`apportion` and :func:`biproportional`, which verify the
allocation's certificate the same way.
"""

from __future__ import annotations

import json
from typing import Any

import hemicycle
from hemicycle.core import methods
from hemicycle.core.biproportional import Biproportional
from hemicycle.core.biproportional import biproportional as apportion_biproportional
from hemicycle.core.certificates import BiproportionalCertificate
from hemicycle.core.result import Allocation
from hemicycle.law import Outcome
from hemicycle.verify import verify_document

VERIFIED: list[tuple[str, object]] = []
"""The law and verified document of every outcome of this run, in order."""


def document(outcome: Outcome, proof: hemicycle.law.certify.OutcomeCertificate) -> object:
    """The JSON document of ``hemicycle tabulate --certificate``, as a file would carry it."""
    return json.loads(json.dumps(outcome.as_json() | {"certificate": proof.as_json()}))


def tabulate(law: Any, results: Any = None, *args: Any, **options: Any) -> Outcome:
    """``hemicycle.tabulate``, with the certificate verified independently."""
    outcome, proof = hemicycle.tabulate(law, results, *args, certificate=True, **options)
    written = document(outcome, proof)
    report = verify_document(written)
    assert report.ok, f"{outcome.law}: {report.first_failure}"
    VERIFIED.append((outcome.law, written))
    return outcome


def _verified(name: str, body: object) -> None:
    written = json.loads(json.dumps(body))
    report = verify_document(written)
    assert report.ok, f"{name}: {report.first_failure}"
    VERIFIED.append((name, written))


def apportion(votes: Any, seats: int, **options: Any) -> Allocation:
    """``methods.apportion``, with the allocation's certificate verified independently."""
    allocation = methods.apportion(votes, seats, **options)
    _verified(allocation.method, allocation.as_json(certificate=True))
    return allocation


def biproportional(votes: Any, magnitudes: Any, **options: Any) -> Biproportional:
    """Biproportional apportionment, with its divisors verified independently."""
    result = apportion_biproportional(votes, magnitudes, **options)
    _verified("biproportional", BiproportionalCertificate(result=result).as_json())
    return result
