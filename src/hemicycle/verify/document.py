"""Verify a JSON document: an outcome of ``hemicycle tabulate --certificate``, an allocation of
``hemicycle apportion --certificate``, a seat matrix of ``hemicycle biproportional
--certificate``, a count of ``hemicycle count --certificate``, or a bare certificate.

Beyond each certificate, the document's own figures must be the certified ones: an
allocation's seats, a seat matrix's cells and totals and a count's elected are its
certificate's; an outcome's seats in every district are exactly the
sum of its certified parts (a district's list allocation, a count's winners by list, one list's
seats split over districts, levelling seats placed one by one, a national levelling allocation
less the seats won before), each part linked to the seats it divides: a split's house is its
source's seats, seats held beforehand are those the named tier gave, every seat an allocation
leaves to be divided further is divided. Its seats per list are the sums of its districts'.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hemicycle.verify.allocations import check_divisor, check_quota, read_units
from hemicycle.verify.biproportional import check_biproportional
from hemicycle.verify.counts import check_candidates
from hemicycle.verify.placement import check_placement, read_districts, read_placed
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
    "placement": check_placement,
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
    kind = body.get("kind")
    if kind == "biproportional":
        _matrix_stated(report, document, body)
        return
    if kind == "candidates":
        elected = items(field_of(document, "elected", "document"), "elected")
        report.require(
            elected == body.get("elected"),
            "the document's elected are the certified elected",
            f"document {elected}, certificate {body.get('elected')}",
        )
        return
    stated = {
        name: whole(value, f"seats[{name}]")
        for name, value in table(field_of(document, "seats", "document"), "seats").items()
    }
    report.require(
        _seats_of(body, "certificate") == stated,
        "the document's seats are the certified seats",
        f"document {stated}, certificate {_seats_of(body, 'certificate')}",
    )


def _matrix_stated(
    report: Report, document: Mapping[str, object], body: Mapping[str, object]
) -> None:
    """A biproportional document's seats, per cell and per party, are the certified ones."""
    for key in ("seats", "party_seats", "district_seats"):
        mine, theirs = document.get(key), body.get(key)
        if key == "seats":
            mine = _nonzero(_counts_matrix(mine, "seats"))
            theirs = _nonzero(_counts_matrix(theirs, "certificate: seats"))
        report.require(
            mine == theirs,
            f"the document's {key.replace('_', ' ')} are the certified ones",
            f"document {mine}, certificate {theirs}",
        )


def _counts_matrix(value: object, what: str) -> dict[str, dict[str, int]]:
    return {
        d: {p: whole(n, f"{what}[{d}][{p}]") for p, n in table(row, f"{what}[{d}]").items()}
        for d, row in table(value, what).items()
    }


@dataclass(frozen=True, slots=True)
class _Entry:
    """One certified part of an outcome, as the document states it."""

    tier: str
    district: str | None
    where: str
    body: Mapping[str, object]
    direct: bool
    list: str | None
    lists: Mapping[str, object] | None
    less_tier: str | None
    prior_tier: str | None
    source: Mapping[str, object] | None


Cells = dict[tuple[str, str], int]


def _add(cells: Cells, district: str, party: str, count: int) -> None:
    if count:
        cells[(district, party)] = cells.get((district, party), 0) + count


def _by_list(cells: Mapping[tuple[str, str], int]) -> dict[str, int]:
    total: dict[str, int] = {}
    for (_, party), count in cells.items():
        total[party] = total.get(party, 0) + count
    return total


def _parts(entry: _Entry) -> list[tuple[str, str, int]]:
    """The seats an entry gives, as ``(district, list, seats)``."""
    kind = entry.body.get("kind")
    where = entry.where
    if kind == "placement":
        return [(d, p, 1) for p, d, _ in read_placed(entry.body, where)]
    if kind == "candidates":
        names = [text(n, "elected") for n in items(entry.body.get("elected", []), "elected")]
        district = text(entry.district, f"{where}: district")
        lists = table(entry.lists if entry.lists is not None else {}, f"{where}: lists")
        missing = [n for n in names if n not in lists]
        if entry.direct and missing:
            raise MalformedError(f"{where}: lists does not name the list of {missing}")
        return [(district, text(lists[n], f"{where}: lists"), 1) for n in names if n in lists]
    units = read_units(entry.body, where)
    if entry.list is not None:
        return [(unit.name, entry.list, unit.seats) for unit in units]
    district = text(entry.district, f"{where}: district")
    return [(district, unit.name, unit.seats) for unit in units]


def _entries(report: Report, proof: Mapping[str, object]) -> list[_Entry]:
    found = []
    raw_entries = items(field_of(proof, "allocations", "certificate"), "allocations")
    for index, raw in enumerate(raw_entries):
        entry = table(raw, f"allocations[{index}]")
        tier = text(field_of(entry, "tier", "allocation"), "tier")
        district = entry.get("district")
        where = f"tier {tier}" + (f", {district}" if district else "")
        party = entry.get("list")
        where += f" ({party})" if isinstance(party, str) else ""
        body = field_of(entry, "certificate", where)
        check_certificate(report, body, where)
        if entry.get("superseded") is True or not isinstance(body, Mapping):
            continue
        found.append(
            _Entry(
                tier=tier,
                district=None if district is None else text(district, f"{where}: district"),
                where=where,
                body=body,
                direct=entry.get("direct") is True,
                list=None if party is None else text(party, f"{where}: list"),
                lists=None if entry.get("lists") is None else table(entry["lists"], "lists"),
                less_tier=_optional_text(entry.get("less_tier"), f"{where}: less_tier"),
                prior_tier=_optional_text(entry.get("prior_tier"), f"{where}: prior_tier"),
                source=None if entry.get("source") is None else table(entry["source"], "source"),
            )
        )
    return found


def _optional_text(value: object, what: str) -> str | None:
    return None if value is None else text(value, what)


def _certified(report: Report, entries: list[_Entry]) -> Cells:
    """The outcome's seats as the sum of the certified parts, with the links between parts
    checked: a split divides the seats its source gives, seats held beforehand are the seats
    of the tier named, every seat divided further is divided."""
    final: dict[str, Cells] = {}
    mid: dict[str, Cells] = {}
    for entry in entries:
        if (entry.direct and entry.less_tier is not None) or (
            not entry.direct and entry.body.get("kind") == "candidates"
        ):
            # counts not seated directly are those of a tier whose winners a later tier seats
            continue
        target = (final if entry.direct else mid).setdefault(entry.tier, {})
        for district, party, count in _parts(entry):
            _add(target, district, party, count)

    def won_in(tier: str | None) -> dict[str, int]:
        return {} if tier is None else _by_list(final.get(tier, {}))

    for entry in entries:
        if entry.direct and entry.less_tier is not None:
            # a national levelling allocation: each list's seats less those it won before
            held = won_in(entry.less_tier)
            target = final.setdefault(entry.tier, {})
            district = text(entry.district, f"{entry.where}: district")
            for unit in read_units(entry.body, entry.where):
                _add(target, district, unit.name, max(unit.seats - held.get(unit.name, 0), 0))
    consumed: dict[tuple[str, str], set[str] | None] = {}
    due: dict[tuple[str, str, str | None], dict[str, int]] = {}
    for entry in entries:
        _priors(report, entry, final)
        if entry.source is None:
            continue
        tier = text(field_of(entry.source, "tier", entry.where), "source.tier")
        district = text(field_of(entry.source, "district", entry.where), "source.district")
        less = _optional_text(entry.source.get("less_tier"), "source.less_tier")
        given = mid.get(tier, {})
        if entry.body.get("kind") == "placement":
            consumed[(tier, district)] = None
            owed = due.setdefault((tier, district, less), {})
            for name, owing in table(entry.body.get("due", {}), "due").items():
                owed[name] = owed.get(name, 0) + whole(owing, "due")
            continue
        split = _optional_text(entry.source.get("list"), "source.list")
        if split is None:
            raise MalformedError(f"{entry.where}: the source names no list")
        listed = consumed.setdefault((tier, district), set())
        if listed is not None:
            listed.add(split)
        expected = given.get((district, split), 0) - won_in(less).get(split, 0)
        house = whole(field_of(entry.body, "house_size", entry.where), "house_size")
        report.require(
            house == expected,
            f"{entry.where}: divides the seats its source gives",
            f"{house} seats divided; {split} has {expected} in {district} of tier {tier}"
            + (f" less those it won in {less}" if less else ""),
        )
    for (tier, district, less), owed in due.items():
        held = won_in(less)
        owing_now = {
            name: seats - held.get(name, 0)
            for (place, name), seats in mid.get(tier, {}).items()
            if place == district and seats > held.get(name, 0)
        }
        report.require(
            {p: n for p, n in owed.items() if n} == owing_now,
            f"tier {tier}: the seats placed are the seats due",
            f"placed {owed}, the allocation of {district} less the seats won before {owing_now}",
        )
    for tier, cells in mid.items():
        for (district, party), count in cells.items():
            parties = consumed.get((tier, district), set())
            done = (tier, district) in consumed and (parties is None or party in parties)
            if not done and count - won_in(_less_of(entries, tier, district)).get(party, 0) > 0:
                report.require(
                    False,
                    f"tier {tier}: the seats of {party} in {district} are divided further",
                    f"{count} seats, but no certified part divides them",
                )
    merged: Cells = {}
    for cells in final.values():
        for (district, party), count in cells.items():
            _add(merged, district, party, count)
    return merged


def _less_of(entries: list[_Entry], tier: str, district: str) -> str | None:
    for entry in entries:
        source = entry.source
        if source is not None and (source.get("tier"), source.get("district")) == (tier, district):
            less = source.get("less_tier")
            return less if isinstance(less, str) else None
    return None


def _priors(report: Report, entry: _Entry, final: Mapping[str, Cells]) -> None:
    """Seats held beforehand are the seats the named tier gave."""
    if entry.prior_tier is None:
        return
    won = final.get(entry.prior_tier, {})
    if entry.body.get("kind") == "placement":
        for room in read_districts(entry.body, entry.where):
            parties = set(room.held) | {p for (d, p) in won if d == room.name}
            wrong = {
                p: (room.held.get(p, 0), won.get((room.name, p), 0))
                for p in parties
                if room.held.get(p, 0) != won.get((room.name, p), 0)
            }
            report.require(
                not wrong,
                f"{entry.where}: the seats held in {room.name} are those of {entry.prior_tier}",
                f"held and won: {wrong}",
            )
        return
    if entry.list is None:
        return
    for unit in read_units(entry.body, entry.where):
        report.require(
            unit.prior == won.get((unit.name, entry.list), 0),
            f"{entry.where}: {unit.name}'s seats held are those of {entry.prior_tier}",
            f"prior {unit.prior}, {entry.list} won {won.get((unit.name, entry.list), 0)}",
        )


def _outcome(report: Report, document: Mapping[str, object]) -> None:
    proof = table(field_of(document, "certificate", "outcome"), "certificate")
    stated = {
        d: {p: whole(n, p) for p, n in table(row, d).items()}
        for d, row in table(field_of(document, "districts", "outcome"), "districts").items()
    }
    certified: dict[str, dict[str, int]] = {}
    for (district, party), count in _certified(report, _entries(report, proof)).items():
        certified.setdefault(district, {})[party] = count
    report.require(
        _nonzero(certified) == _nonzero(stated),
        "the outcome's seats per district are the sums of their certified parts",
        _difference(certified, stated),
    )
    total = whole(field_of(document, "total_seats", "outcome"), "total_seats")
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


def _difference(
    certified: Mapping[str, Mapping[str, int]], stated: Mapping[str, Mapping[str, int]]
) -> str:
    wrong = []
    for district in sorted(set(certified) | set(stated)):
        mine, theirs = certified.get(district, {}), stated.get(district, {})
        for party in sorted(set(mine) | set(theirs)):
            if mine.get(party, 0) != theirs.get(party, 0):
                wrong.append(
                    f"{district} · {party}: outcome {theirs.get(party, 0)}, "
                    f"certified {mine.get(party, 0)}"
                )
    return "; ".join(wrong[:6]) + (f" (and {len(wrong) - 6} more)" if len(wrong) > 6 else "")


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
