"""What a report shows, as plain data: built from an allocation's record, rendered by ``html``.

A *record* is the JSON form of a result (the object ``hemicycle apportion --format json`` prints,
with the votes, the steps and the quota added), so that a stored result can be reported exactly
as it was computed, without recomputing it.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from hemicycle.analysis.disproportionality import disproportionality
from hemicycle.core import get_method
from hemicycle.core.result import Allocation, fraction_text
from hemicycle.errors import UnknownMethodError
from hemicycle.report.hemicycle_svg import hemicycle_svg, majority
from hemicycle.types import Rational


def allocation_record(allocation: Allocation) -> dict[str, Any]:
    """The JSON record of an allocation: ``as_json()`` plus votes, steps, quota, prior seats.

    >>> from hemicycle import apportion
    >>> record = allocation_record(apportion({"A": 5, "B": 3}, 3, method="hare"))
    >>> record["seats"], record["votes"], record["quota"]
    ({'A': 2, 'B': 1}, {'A': 5, 'B': 3}, '8/3')
    """
    record = allocation.as_json()
    record["votes"] = dict(allocation.votes)
    record["prior_seats"] = dict(allocation.prior_seats)
    record["steps"] = [
        {"kind": step.kind, "text": step.text, "unit": step.unit} for step in allocation.steps
    ]
    record["quota"] = None if allocation.quota is None else fraction_text(allocation.quota)
    return record


def record_sha256(record: Mapping[str, Any]) -> str:
    """SHA-256 of a record's canonical JSON (sorted keys, UTF-8)."""
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def number_text(text: str) -> str:
    """An exact value written for people: thousands separated, fractions with a decimal.

    >>> number_text("12463"), number_text("100/21"), number_text("5000/sqrt(2)")
    ('12,463', '100/21 ≈ 4.7619', '5000/sqrt(2)')
    """
    if text.isdecimal():
        return f"{int(text):,}"
    numerator, _, denominator = text.partition("/")
    if numerator.isdecimal() and denominator.isdecimal() and int(denominator):
        return f"{text} ≈ {float(Fraction(int(numerator), int(denominator))):,.4f}"
    return text


def share_text(part: int, whole: int) -> str:
    """A share as a percentage to two decimals (display only; the counts are exact).

    >>> share_text(1, 3), share_text(0, 0)
    ('33.33%', '–')
    """
    if whole == 0:
        return "–"
    return f"{float(Fraction(part, whole) * 100):.2f}%"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListLine:
    """One list in the table of results."""

    name: str
    votes: int
    vote_share: str
    seats: int
    seat_share: str
    excluded: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """An input of the report and the SHA-256 of its bytes."""

    name: str
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a result comes from: inputs, rule, parameters, version, seeds, result hash."""

    inputs: tuple[Source, ...]
    rule: str
    rule_sha256: str | None
    parameters: Mapping[str, Any]
    version: str
    seeds: tuple[str, ...]
    result_sha256: str
    generated_at: str
    python: str = field(default_factory=platform.python_version)


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """An extra section (offices, power, forensics): a title, rows of cells, a note, and
    figures as inline SVG markup drawn by hemicycle itself (never text from an input)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    figures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Everything the HTML report shows."""

    title: str
    subtitle: str
    house_size: int
    majority: int
    lists: tuple[ListLine, ...]
    diagram_svg: str
    trace: tuple[str, ...]
    ties: tuple[str, ...]
    sections: tuple[Section, ...]
    provenance: Provenance


def decimal_text(value: Fraction | float | None, places: int = 4) -> str:
    """A value for people, rounded for display only (the indices themselves are exact).

    >>> decimal_text(Fraction(7, 6)), decimal_text(None)
    ('1.1667', '–')
    """
    return "–" if value is None else f"{float(value):,.{places}f}"


def disproportionality_sections(
    votes: Mapping[str, int], seats: Mapping[str, int]
) -> tuple[Section, ...]:
    """How far the seats are from the votes: the indices, the effective numbers of parties and
    each list's advantage ratio (:mod:`hemicycle.analysis.disproportionality`).

    Lists with seats but no votes (independents) count with 0 votes; the Sainte-Laguë and
    D'Hondt indices are then undefined. Nothing is shown without votes or seats.

    >>> indices, ratios = disproportionality_sections({"A": 60, "B": 30, "C": 10},
    ...                                               {"A": 7, "B": 3})
    >>> indices.rows[0], ratios.rows[0]
    (('Gallagher (least squares)', '10.0000'), ('A', '60.00%', '70.00%', '1.1667'))
    """
    if not sum(votes.values()) or not sum(seats.values()):
        return ()
    found = disproportionality({**dict.fromkeys(seats, 0), **votes}, seats)
    undefined = "undefined: a list holds seats without votes"
    indices = (
        ("Gallagher (least squares)", decimal_text(found.gallagher)),
        ("Loosemore–Hanby", decimal_text(found.loosemore_hanby)),
        ("Rae", decimal_text(found.rae)),
        (
            "Sainte-Laguë",
            decimal_text(found.sainte_lague) if found.sainte_lague is not None else undefined,
        ),
        (
            "D'Hondt (largest advantage ratio)",
            decimal_text(found.dhondt) if found.dhondt is not None else undefined,
        ),
        ("effective number of parties, votes", decimal_text(found.effective_votes, 2)),
        ("effective number of parties, seats", decimal_text(found.effective_seats, 2)),
        ("Golosov effective number, votes", decimal_text(found.golosov_votes, 2)),
        ("Golosov effective number, seats", decimal_text(found.golosov_seats, 2)),
    )
    parties = sorted(found.parties, key=lambda p: (-p.seats, -p.votes, p.name))
    return (
        Section(
            title="Disproportionality",
            header=("index", "value"),
            rows=indices,
            note="Gallagher, Loosemore–Hanby, Rae and Sainte-Laguë in percentage points "
            "(Gallagher 1991; Loosemore and Hanby 1971; Rae 1967); effective numbers of "
            "parties after Laakso and Taagepera (1979) and Golosov (2010). Computed exactly "
            "and rounded here; `hemicycle analyze` gives the exact values.",
        ),
        Section(
            title="Advantage ratios",
            header=("list", "share of votes", "share of seats", "advantage ratio"),
            rows=tuple(
                (
                    p.name,
                    share_text(p.votes, sum(votes.values())),
                    share_text(p.seats, sum(seats.values())),
                    decimal_text(p.advantage),
                )
                for p in parties
                if p.votes or p.seats
            ),
            note="A list's share of the seats over its share of the votes (Taagepera and "
            "Shugart 1989): above 1 it is over-represented.",
        ),
    )


def _value_label(method: str) -> str:
    try:
        family = get_method(method).family
    except UnknownMethodError:
        return "value"
    if method in {"huntington_hill", "dean", "adams"}:
        return "priority value"
    return "quotient" if family == "divisor" else "quotas"


def trace_lines(record: Mapping[str, Any]) -> tuple[str, ...]:
    """The step trace in plain language: each step's text, then every seat in order of award.

    >>> from hemicycle import apportion
    >>> for line in trace_lines(allocation_record(apportion({"Taqaddum": 24926, "Azm": 12000}, 3))):
    ...     print(line)
    Seat 1: Taqaddum, quotient 24,926
    Seat 2: Taqaddum, quotient 12,463
    Seat 3: Azm, quotient 12,000
    """
    label = _value_label(str(record.get("method", "")))
    lines = [str(step["text"]) for step in record.get("steps", ())]
    priority = record.get("priority", ())
    offset = record["house_size"] - len(priority)
    for entry in priority:
        seat = entry["rank"] + offset
        lines.append(f"Seat {seat}: {entry['name']}, {label} {number_text(entry['value'])}")
    return tuple(lines)


def _seeds(parameters: Mapping[str, Any]) -> tuple[str, ...]:
    tie_break = str(parameters.get("tie_break") or "")
    return (tie_break,) if tie_break.startswith("lot:") else ()


def build_report(
    record: Mapping[str, Any],
    *,
    title: str,
    inputs: Sequence[Source],
    parameters: Mapping[str, Any],
    version: str,
    rule_sha256: str | None = None,
    reserved: Mapping[str, int] | None = None,
    order: Sequence[str] | Mapping[str, Rational] | None = None,
    sections: Sequence[Section] = (),
    generated_at: datetime | None = None,
) -> Report:
    """The report of an allocation record (see :func:`allocation_record`)."""
    seats: dict[str, int] = {
        name: record["seats"][name] + record.get("prior_seats", {}).get(name, 0)
        for name in record["seats"]
    }
    votes: dict[str, int] = dict(record.get("votes", {}))
    total_votes = sum(votes.values())
    house = sum(seats.values())
    excluded = set(record.get("excluded", ()))
    names = sorted(seats, key=lambda n: (-seats[n], -votes.get(n, 0), n))
    lists = tuple(
        ListLine(
            name=name,
            votes=votes.get(name, 0),
            vote_share=share_text(votes.get(name, 0), total_votes),
            seats=seats[name],
            seat_share=share_text(seats[name], house),
            excluded=name in excluded,
        )
        for name in names
    )
    ties = tuple(
        f"Seat {tie['seat']}: tie between {', '.join(tie['tied'])} for {tie['places']} "
        f"place(s); {', '.join(tie['winners'])} chosen by {tie['rule']}"
        for tie in record.get("ties", ())
    )
    method = str(record.get("method", ""))
    when = (generated_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    return Report(
        title=title,
        subtitle=f"{method}, {house} seats",
        house_size=house,
        majority=majority(house) if house else 0,
        lists=lists,
        diagram_svg=hemicycle_svg(seats, order=order, reserved=reserved, title=title)
        if house
        else "",
        trace=trace_lines(record),
        ties=ties,
        sections=(*disproportionality_sections(votes, seats), *sections),
        provenance=Provenance(
            inputs=tuple(inputs),
            rule=method,
            rule_sha256=rule_sha256,
            parameters=dict(parameters),
            version=version,
            seeds=_seeds(parameters),
            result_sha256=record_sha256(record),
            generated_at=when,
        ),
    )


__all__ = [
    "ListLine",
    "Provenance",
    "Report",
    "Section",
    "Source",
    "allocation_record",
    "build_report",
    "decimal_text",
    "disproportionality_sections",
    "number_text",
    "record_sha256",
    "share_text",
    "trace_lines",
]
