"""Independent verification of certificates, from their JSON alone.

This package shares no logic with the engine (it imports neither :mod:`hemicycle.core` nor
:mod:`hemicycle.law`): the methods' definitions are written out again in
:mod:`hemicycle.verify.rules`, and every check is exact arithmetic on the numbers the
certificate states. A verification returns a :class:`Report` naming every check and, for a
failure, what was found.

>>> report = verify_document({"kind": "divisor", "method": "sainte_lague", "power": 1,
...     "house_size": 2, "divisor": {"low": 60, "high": 100},
...     "units": [{"name": "A", "votes": 300, "seats": 2}, {"name": "B", "votes": 50, "seats": 0}]})
>>> report.ok, report.first_failure is None
(True, True)
"""

from hemicycle.verify.document import check_certificate, verify_document
from hemicycle.verify.report import Check, Report

__all__ = ["Check", "Report", "check_certificate", "verify_document"]
