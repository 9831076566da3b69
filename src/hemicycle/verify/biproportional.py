"""Check of a biproportional certificate: district and party divisors for the seat matrix.

Every cell's seats must be a rounding of ``votes^p / (district divisor · party divisor)`` by
the method's signposts ``s(k) = d(k) / u`` (``s(n−1) <= q <= s(n)``, a quotient on a signpost
rounding either way), every district must receive its seats and every party the seats of the
upper apportionment, which carries its own divisor certificate (Pukelsheim, *Proportional
Representation*, 2017, ch. 14; Balinski & Demange, Math. Programming 45 (1989)).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from hemicycle.verify.allocations import check_divisor
from hemicycle.verify.report import Report, exact, field_of, items, show, table, text, whole
from hemicycle.verify.rules import divisor_rule, signpost_unit


def _matrix(value: object, what: str) -> dict[str, dict[str, int]]:
    return {
        district: {p: whole(v, f"{what}[{district}][{p}]") for p, v in table(row, what).items()}
        for district, row in table(value, what).items()
    }


def _divisors(value: object, what: str) -> dict[str, Fraction]:
    return {name: exact(v, f"{what}[{name}]") for name, v in table(value, what).items()}


def check_biproportional(report: Report, body: Mapping[str, object], where: str) -> None:
    """Check a biproportional certificate (``kind: biproportional``)."""
    upper = table(field_of(body, "upper", where), f"{where}: upper")
    check_divisor(report, upper, f"{where}: upper apportionment")
    method = text(field_of(upper, "method", where), f"{where}: method")
    first = upper.get("first_divisor")
    given = [exact(d, "divisors") for d in items(upper.get("divisors", []), "divisors")]
    divisor, power = divisor_rule(method, None if first is None else exact(first, "first"), given)
    unit = signpost_unit(method, given)
    report.require(
        exact(field_of(body, "signpost_unit", where), "signpost_unit") == unit,
        f"{where}: {method}'s signposts are its divisors over {show(unit)}",
        f"the certificate says {body.get('signpost_unit')!r}",
    )
    votes = _matrix(field_of(body, "votes", where), f"{where}: votes")
    seats = _matrix(field_of(body, "seats", where), f"{where}: seats")
    district_seats = {
        d: whole(v, d) for d, v in table(field_of(body, "district_seats", where), "d").items()
    }
    party_seats = {
        p: whole(v, p) for p, v in table(field_of(body, "party_seats", where), "p").items()
    }
    by_district = _divisors(field_of(body, "district_divisors", where), "district_divisors")
    by_party = _divisors(field_of(body, "party_divisors", where), "party_divisors")
    excluded = {text(p, "excluded") for p in items(body.get("excluded", []), "excluded")}
    upper_seats = {
        text(field_of(table(u, "unit"), "name", where), "name"): whole(
            field_of(table(u, "unit"), "seats", where), "seats"
        )
        for u in items(field_of(upper, "units", where), "units")
    }
    for party, count in party_seats.items():
        report.require(
            upper_seats.get(party, 0) == count,
            f"{where}: {party}'s seats are those of the upper apportionment",
            f"{count} seats, the upper apportionment gives {upper_seats.get(party, 0)}",
        )
    for district, row in seats.items():
        report.require(
            sum(row.values()) == district_seats.get(district),
            f"{where}: {district} receives its seats",
            f"{sum(row.values())} seats for a district of {district_seats.get(district)}",
        )
    for party, count in party_seats.items():
        total = sum(row.get(party, 0) for row in seats.values())
        report.require(
            total == count, f"{where}: {party} receives its seats", f"{total}, not {count}"
        )
    for district, row in seats.items():
        for party, held in row.items():
            name = f"{where}: {party} in {district}"
            cell = votes.get(district, {}).get(party, 0)
            if party in excluded or cell == 0:
                report.require(held == 0, name, f"{held} seats without taking part or votes")
                continue
            scale, weight = by_district.get(district), by_party.get(party)
            if scale is None or weight is None or scale <= 0 or weight <= 0:
                report.require(False, name, "no positive district and party divisors")
                continue
            quotient = Fraction(cell**power) / (scale * weight)
            below = Fraction(0) if held == 0 else divisor(held - 1) / unit
            above = divisor(held) / unit
            report.require(
                below <= quotient <= above,
                name,
                f"{cell}^{power} / ({show(scale)} · {show(weight)}) = {show(quotient)} does not "
                f"round to {held} (signposts {show(below)} and {show(above)})",
            )


__all__ = ["check_biproportional"]
