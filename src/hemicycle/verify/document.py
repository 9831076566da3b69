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
    tiers = {
        tier: {
            district: {p: whole(n, p) for p, n in table(row, district).items()}
            for district, row in table(by_district, tier).items()
        }
        for tier, by_district in table(field_of(proof, "tiers", "certificate"), "tiers").items()
    }
    covered = {text(t, "covered") for t in items(proof.get("covered", []), "covered")}
    entries = items(field_of(proof, "allocations", "certificate"), "allocations")
    for index, raw in enumerate(entries):
        entry = table(raw, f"allocations[{index}]")
        tier = text(field_of(entry, "tier", "allocation"), "tier")
        district = entry.get("district")
        scope = text(entry.get("scope", "lists"), "scope")
        where = f"tier {tier}" + (f", {district}" if district else "")
        if scope == "districts":
            where += f", {entry.get('list')}'s seats over the districts"
        body = field_of(entry, "certificate", where)
        check_certificate(report, body, where)
        if entry.get("direct") and isinstance(body, Mapping):
            _direct(report, tiers.get(tier, {}), entry, _seats_of(body, where), where)
    districts: dict[str, dict[str, int]] = {}
    for tier, by_district in tiers.items():
        if tier in covered:
            continue
        for district, row in by_district.items():
            target = districts.setdefault(district, {})
            for party, count in row.items():
                target[party] = target.get(party, 0) + count
    stated = {
        d: {p: whole(n, p) for p, n in table(row, d).items()}
        for d, row in table(field_of(document, "districts", "outcome"), "districts").items()
    }
    nonzero = {d: {p: n for p, n in row.items() if n} for d, row in districts.items()}
    report.require(
        {d: row for d, row in nonzero.items() if row}
        == {
            d: {p: n for p, n in row.items() if n} for d, row in stated.items() if any(row.values())
        },
        "the outcome's seats per district are the sums of its tiers'",
        f"tiers give {nonzero}, the outcome says {stated}",
    )
    by_list: dict[str, int] = {}
    for row in nonzero.values():
        for party, count in row.items():
            by_list[party] = by_list.get(party, 0) + count
    seats = {p: whole(n, p) for p, n in table(field_of(document, "seats", "outcome"), "s").items()}
    report.require(
        by_list == {p: n for p, n in seats.items() if n},
        "the outcome's seats per list are the sums of its districts'",
        f"districts give {by_list}, the outcome says {seats}",
    )
    total = whole(field_of(document, "total_seats", "outcome"), "total_seats")
    report.require(
        sum(by_list.values()) == total,
        "the outcome's seats add up to its total",
        f"{sum(by_list.values())} seats, total_seats {total}",
    )


def _nonzero(table: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """The seats held, leaving out lists and districts without any."""
    rows = {d: {p: n for p, n in row.items() if n} for d, row in table.items()}
    return {d: row for d, row in rows.items() if row}


def _direct(
    report: Report,
    tier: Mapping[str, Mapping[str, int]],
    entry: Mapping[str, object],
    certified: Mapping[str, int],
    where: str,
) -> None:
    if entry.get("scope") == "districts":
        party = text(field_of(entry, "list", where), "list")
        given = {d: row.get(party, 0) for d, row in tier.items() if d in certified}
        found = {d: given.get(d, 0) for d in certified}
    else:
        row = tier.get(text(field_of(entry, "district", where), "district"), {})
        found = {name: row.get(name, 0) for name in certified}
        found.update({name: n for name, n in row.items() if name not in certified})
    report.require(
        found == dict(certified),
        f"{where}: the tier's seats are the certified seats",
        f"the tier gives {found}, the certificate {dict(certified)}",
    )


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
