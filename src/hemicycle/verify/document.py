"""Verify a JSON document: an outcome of ``hemicycle tabulate --certificate``, an allocation of
``hemicycle apportion --certificate``, or a bare certificate.

Beyond each certificate, the document's own figures must be the certified ones: an
allocation's seats are its certificate's; an outcome's seats per district and per list are the
sums of its tiers' seats, and a tier's seats in a district are those of the allocation that
gave them directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hemicycle.verify.allocations import check_divisor, check_quota, read_units
from hemicycle.verify.biproportional import check_biproportional
from hemicycle.verify.counts import check_candidates
from hemicycle.verify.report import (
    MalformedError,
    Report,
    field_of,
    items,
    table,
    text,
    whole,
)

Checker = Callable[[Report, Mapping[str, object], str], None]

CHECKERS: dict[str, Checker] = {
    "divisor": check_divisor,
    "quota": check_quota,
    "candidates": check_candidates,
    "biproportional": check_biproportional,
}


def check_certificate(report: Report, body: object, where: str = "certificate") -> None:
    """Check one certificate of any kind, recording every check in ``report``."""

    def run() -> None:
        entry = table(body, where)
        kind = text(field_of(entry, "kind", where), f"{where}: kind")
        if kind not in CHECKERS:
            raise MalformedError(f"{where}: unknown kind {kind!r} (known: {', '.join(CHECKERS)})")
        CHECKERS[kind](report, entry, where)

    report.guarded(f"{where} is well-formed", run)


def _seats_of(body: Mapping[str, object], where: str) -> dict[str, int]:
    units = read_units(body, where)
    seats = {unit.name: unit.seats for unit in units}
    for name in items(body.get("excluded", []), f"{where}: excluded"):
        seats[text(name, "excluded")] = 0
    return seats


def _allocation(report: Report, document: Mapping[str, object]) -> None:
    body = table(field_of(document, "certificate", "document"), "certificate")
    check_certificate(report, body)
    stated = {
        name: whole(value, f"seats[{name}]")
        for name, value in table(field_of(document, "seats", "document"), "seats").items()
    }
    report.require(
        _seats_of(body, "certificate") == stated,
        "the document's seats are the certified seats",
        f"document {stated}, certificate {_seats_of(body, 'certificate')}",
    )


def _outcome(report: Report, document: Mapping[str, object]) -> None:
    proof = table(field_of(document, "certificate", "outcome"), "certificate")
    stated = {
        d: {p: whole(n, p) for p, n in table(row, d).items()}
        for d, row in table(field_of(document, "districts", "outcome"), "districts").items()
    }
    direct: dict[str, dict[str, int]] = {}
    entries = items(field_of(proof, "allocations", "certificate"), "allocations")
    for index, raw in enumerate(entries):
        entry = table(raw, f"allocations[{index}]")
        tier = text(field_of(entry, "tier", "allocation"), "tier")
        district = entry.get("district")
        where = f"tier {tier}" + (f", {district}" if district else "")
        body = field_of(entry, "certificate", where)
        check_certificate(report, body, where)
        if entry.get("direct") is True and isinstance(body, Mapping):
            name = text(district, f"{where}: district")
            target = direct.setdefault(name, {})
            for unit, count in _seats_of(body, where).items():
                target[unit] = target.get(unit, 0) + count
    for name, certified in direct.items():
        row = stated.get(name, {})
        short = {u: (row.get(u, 0), n) for u, n in certified.items() if row.get(u, 0) < n}
        report.require(
            not short,
            f"the outcome holds the certified seats of {name}",
            f"outcome and certified seats: {short}",
        )
    total = whole(field_of(document, "total_seats", "outcome"), "total_seats")
    if sum(sum(row.values()) for row in direct.values()) == total:
        # every seat comes from a certified allocation: the outcome is exactly their sum
        report.require(
            _nonzero(direct) == _nonzero(stated),
            "the outcome's seats per district are the certified seats",
            f"certified {_nonzero(direct)}, the outcome says {_nonzero(stated)}",
        )
    by_list: dict[str, int] = {}
    for row in stated.values():
        for party, count in row.items():
            by_list[party] = by_list.get(party, 0) + count
    seats = {p: whole(n, p) for p, n in table(field_of(document, "seats", "outcome"), "s").items()}
    report.require(
        {p: n for p, n in by_list.items() if n} == {p: n for p, n in seats.items() if n},
        "the outcome's seats per list are the sums of its districts'",
        f"districts give {by_list}, the outcome says {seats}",
    )
    report.require(
        sum(seats.values()) == total,
        "the outcome's seats add up to its total",
        f"{sum(seats.values())} seats, total_seats {total}",
    )


def _nonzero(table: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """The seats held, leaving out lists and districts without any."""
    rows = {d: {p: n for p, n in row.items() if n} for d, row in table.items()}
    return {d: row for d, row in rows.items() if row}


def verify_document(document: object) -> Report:
    """Verify every certificate in ``document`` and that its figures are the certified ones.

    >>> verify_document({"kind": "divisor", "method": "dhondt", "power": 1, "house_size": 3,
    ...     "divisor": {"low": 100, "high": 150},
    ...     "units": [{"name": "A", "votes": 300, "seats": 2},
    ...               {"name": "B", "votes": 150, "seats": 1}]}).ok
    True
    """
    report = Report()

    def run() -> None:
        body = table(document, "document")
        if "kind" in body:
            check_certificate(report, body)
        elif "certificate" not in body:
            raise MalformedError("the document has no certificate (produce it with --certificate)")
        elif "law" in body:
            _outcome(report, body)
        else:
            _allocation(report, body)

    report.guarded("the document is well-formed", run)
    return report


__all__ = ["CHECKERS", "check_certificate", "verify_document"]
