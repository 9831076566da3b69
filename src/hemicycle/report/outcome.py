"""The report of a law's outcome: seats by list and district, the elected and how, the trace in
plain language, power and offices, forensic plots, and the provenance of every input.

Built from the outcome's JSON (the object ``hemicycle tabulate --format json`` prints, as the
results store keeps it), so a stored outcome is reported exactly as it was computed. The votes
per list, when known, come from the results the outcome was computed from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hemicycle.analysis.coalitions import minimal_winning
from hemicycle.analysis.games import WeightedGame
from hemicycle.analysis.power import power
from hemicycle.core.offices import allocate_offices
from hemicycle.errors import HemicycleError
from hemicycle.law.load import parse_law
from hemicycle.law.outcome import HOW, Outcome
from hemicycle.law.schema import Law
from hemicycle.report.hemicycle_svg import hemicycle_svg, majority
from hemicycle.report.model import (
    ListLine,
    Provenance,
    Report,
    Section,
    Source,
    disproportionality_sections,
    number_text,
    record_sha256,
    share_text,
)
from hemicycle.types import Rational

POWER_INDICES = ("banzhaf", "shapley_shubik")
"""Indices shown in a report, at a simple majority of the house."""

MAX_POWER_PLAYERS = 24
"""Power indices enumerate coalitions (2ⁿ): beyond this many lists with seats they are left out."""

SHOWN_COALITIONS = 12
"""Minimal winning coalitions listed (smallest first); the count is always given."""

RESERVED_HOW = {"women_quota": "women's-quota seat", "reserved": "community seat"}
"""How a member can be elected to a reserved seat, and what the diagram calls such a seat."""

_NUMBER = re.compile(r"(?<![\w/.])(\d{4,}|\d+/\d+)(?![\w/.])")


def plain_numbers(text: str) -> str:
    """Whole numbers with thousands separators and fractions with their decimal value.

    >>> plain_numbers("last seat: PUK's seat 3 at quotient 97411/5; next: KDP at 369724")
    "last seat: PUK's seat 3 at quotient 97411/5 ≈ 19,482.2000; next: KDP at 369,724"
    """
    return _NUMBER.sub(lambda found: number_text(found.group(1)), text)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeInputs:
    """Where an outcome comes from, as its provenance records it."""

    law_id: str
    law_sha256: str | None
    input_hashes: Mapping[str, str]
    version: str
    seeds: tuple[str, ...] = ()
    election: str | None = None
    outcome_id: int | None = None


def trace_lines(outcome: Mapping[str, Any]) -> tuple[str, ...]:
    """The engine's steps in plain language, each with its district and tier; a seat's step
    names its place itself.

    >>> trace_lines({"steps": [{"tier": "t", "district": "Erbil", "kind": "award",
    ...                         "text": "KDP: 9 seats (369724 votes)"},
    ...                        {"tier": "t", "district": "Erbil", "kind": "seat",
    ...                         "text": "Seat 3 of Erbil: KDP, quotient 123241"}]})
    ('Erbil (t): KDP: 9 seats (369,724 votes)', 'Seat 3 of Erbil: KDP, quotient 123,241')
    """
    lines = []
    for step in outcome.get("steps", ()):
        text = plain_numbers(str(step["text"]))
        if step.get("kind") == "seat":
            lines.append(text)
            continue
        where = step.get("district")
        place = f"{where} ({step['tier']})" if where else str(step["tier"])
        lines.append(f"{place}: {text}")
    return tuple(lines)


def district_section(outcome: Mapping[str, Any]) -> Section:
    """Seats of each list in each district (lists with seats there)."""
    rows = tuple(
        (district, list_name, str(seats))
        for district, by_list in outcome.get("districts", {}).items()
        for list_name, seats in by_list.items()
        if seats
    )
    return Section(title="Seats by district", header=("district", "list", "seats"), rows=rows)


def elected_section(outcome: Mapping[str, Any]) -> Section | None:
    """The elected members in the order they were elected, and how each was elected."""
    members = outcome.get("elected", ())
    if not members:
        return None
    return Section(
        title="Elected members",
        header=("district", "list", "member", "how elected"),
        rows=tuple(
            (m["district"], m["list"], m["candidate"], HOW.get(m["how"], m["how"])) for m in members
        ),
    )


def community_districts(law: Law) -> tuple[str, ...]:
    """Districts whose seats are all reserved to one community (Iraq's minority seats, Law
    12/2018 as amended art. 13); a district shared between communities (Lebanon's confessional
    table, where every seat belongs to a community) is not one.

    >>> from hemicycle.law import load
    >>> community_districts(load("iraq-2023").law)[:2]
    ('Baghdad (Christian)', 'Baghdad (Sabean-Mandaean)')
    >>> community_districts(load("lebanon-2017").law)
    ()
    """
    return tuple(
        district.id
        for tier in law.tiers
        for district in tier.districts
        if len({r.community for r in district.reserved}) == 1
    )


def stored_law_communities(text: str) -> tuple[str, ...]:
    """:func:`community_districts` of a law kept as TOML text (as the results store keeps the
    law of each outcome); none when the text no longer parses (a law of an older version)."""
    try:
        return community_districts(parse_law(text, source="<stored law>"))
    except HemicycleError:
        return ()


def reserved_seats(
    outcome: Mapping[str, Any], communities: Sequence[str] = ()
) -> tuple[dict[str, int], str]:
    """Reserved seats of each list, and what to call them: members elected to a community seat
    or as a replacement for the women's quota (Constitution of Iraq art. 49 Fourth), and the
    seats won in the ``communities`` districts when the outcome names no members there.

    >>> reserved_seats({"elected": [
    ...     {"district": "d", "list": "A", "candidate": "x", "how": "women_quota"},
    ...     {"district": "d", "list": "A", "candidate": "y", "how": "list_rank"}],
    ...     "districts": {"d": {"A": 2}, "c": {"B": 1}}}, communities=["c"])
    ({'A': 1, 'B': 1}, "women's-quota seat or community seat")
    """
    counts: dict[str, int] = {}
    kinds: set[str] = set()
    named = set()
    for member in outcome.get("elected", ()):
        named.add(member["district"])
        if member["how"] in RESERVED_HOW:
            counts[member["list"]] = counts.get(member["list"], 0) + 1
            kinds.add(member["how"])
    for district in communities:
        if district in named:
            continue  # its members, elected as "reserved", are counted above
        for list_name, seats in outcome.get("districts", {}).get(district, {}).items():
            if seats:
                counts[list_name] = counts.get(list_name, 0) + int(seats)
                kinds.add("reserved")
    label = " or ".join(RESERVED_HOW[kind] for kind in RESERVED_HOW if kind in kinds)
    return counts, label or "reserved seat"


def power_sections(seats: Mapping[str, int]) -> tuple[Section, ...]:
    """Banzhaf and Shapley-Shubik power of each list at a simple majority, and the minimal
    winning coalitions (Banzhaf 1965; Shapley and Shubik 1954)."""
    weights = {name: n for name, n in seats.items() if n}
    if len(weights) < 2 or len(weights) > MAX_POWER_PLAYERS:
        return ()
    game = WeightedGame.of(weights, "majority")
    values = {index: power(game, index).values for index in POWER_INDICES}
    power_rows = tuple(
        (
            name,
            str(weight),
            *(number_text(str(values[index][name])) for index in POWER_INDICES),
        )
        for name, weight in weights.items()
    )
    coalitions = minimal_winning(game)  # smallest first, then heaviest
    return (
        Section(
            title=f"Voting power at a majority of {game.quota} seats",
            header=("list", "seats", "Banzhaf", "Shapley-Shubik"),
            rows=power_rows,
            note="Exact indices of the weighted majority game of the seats (Banzhaf 1965, "
            "Shapley and Shubik 1954).",
        ),
        Section(
            title="Minimal winning coalitions",
            header=("lists", "seats"),
            rows=tuple(
                (", ".join(c.members), str(c.weight or 0)) for c in coalitions[:SHOWN_COALITIONS]
            ),
            note=f"{len(coalitions)} minimal winning coalition(s); the smallest are listed.",
        ),
    )


def offices_section(
    seats: Mapping[str, int], count: int, method: str, votes: Mapping[str, int] | None = None
) -> Section:
    """Offices filled one by one from the seats (Northern Ireland Act 1998 s.18 for d'Hondt);
    equal figures are recalculated with the lists' votes when known (s.18(6))."""
    held = {n: s for n, s in seats.items() if s}
    tie_votes = {n: v for n, v in (votes or {}).items() if n in held} or None
    allocation = allocate_offices(held, method=method, count=count, tie_votes=tie_votes)
    return Section(
        title=f"{count} offices by {method}",
        header=("pick", "list", "figure"),
        rows=tuple(
            (str(pick.pick), pick.party, number_text(str(pick.value))) for pick in allocation.picks
        ),
    )


def outcome_record(outcome: Outcome) -> dict[str, Any]:
    """The JSON kept for an outcome: ``hemicycle tabulate``'s object, with the ties met, the
    districts left out of a partial count, and the seed of any drawing of lots."""
    document = outcome.as_json()
    document["ties"] = [
        {
            "seat": tie.seat,
            "tied": sorted(tie.tied),
            "places": tie.places,
            "winners": list(tie.winners),
            "rule": tie.rule,
        }
        for tie in outcome.ties
    ]
    document["missing_districts"] = list(outcome.missing_districts)
    document["seed"] = outcome.seed
    return document


def build_outcome_report(
    outcome: Mapping[str, Any],
    inputs: OutcomeInputs,
    *,
    votes: Mapping[str, int] | None = None,
    title: str | None = None,
    offices: tuple[int, str] | None = None,
    extra_sections: Sequence[Section] = (),
    generated_at: datetime | None = None,
    order: Sequence[str] | Mapping[str, Rational] | None = None,
    mark_reserved: bool = True,
    communities: Sequence[str] = (),
) -> Report:
    """The report of an outcome (its JSON), with power indices and, if asked, offices.

    The diagram orders the lists by size, or by ``order`` (names from left to right, or
    positions on a left-right axis), and rings the reserved seats (:func:`reserved_seats`,
    with the ``communities`` districts) unless ``mark_reserved`` is false.
    """
    seats: dict[str, int] = {name: int(n) for name, n in outcome["seats"].items()}
    reserved, reserved_label = reserved_seats(outcome, communities) if mark_reserved else ({}, "")
    known = dict(votes or {})
    total_votes = sum(known.values())
    house = sum(seats.values())
    names = sorted(seats, key=lambda n: (-seats[n], -known.get(n, 0), n))
    names += [n for n in known if n not in seats]
    lists = tuple(
        ListLine(
            name=name,
            votes=known.get(name, 0),
            vote_share=share_text(known.get(name, 0), total_votes) if known else "–",
            seats=seats.get(name, 0),
            seat_share=share_text(seats.get(name, 0), house),
            excluded=False,
        )
        for name in names
    )
    sections: list[Section] = [district_section(outcome)]
    elected = elected_section(outcome)
    if elected is not None:
        sections.append(elected)
    sections.extend(disproportionality_sections(known, seats))
    try:
        sections.extend(power_sections(seats))
        if offices is not None:
            sections.append(offices_section(seats, *offices, votes=known or None))
    except HemicycleError as error:
        sections.append(Section(title="Power and offices", header=(), rows=(), note=str(error)))
    sections.extend(extra_sections)
    missing = outcome.get("missing_districts", ())
    ties = tuple(
        f"Seat {tie['seat']}: tie between {', '.join(tie['tied'])} for {tie['places']} "
        f"place(s); {', '.join(tie['winners'])} chosen by {tie['rule']}"
        for tie in outcome.get("ties", ())
    )
    when = (generated_at or datetime.now(UTC)).replace(microsecond=0).isoformat()
    law = str(outcome.get("law", inputs.law_id))
    subtitle = f"{law}, {house} seats"
    if missing:
        subtitle += f"; not counted (no results): {', '.join(missing)}"
    parameters: dict[str, Any] = {"law": inputs.law_id}
    if inputs.election:
        parameters["election"] = inputs.election
    if inputs.outcome_id is not None:
        parameters["outcome"] = inputs.outcome_id
    return Report(
        title=title or (f"{inputs.election}: {law}" if inputs.election else law),
        subtitle=subtitle,
        house_size=house,
        majority=majority(house) if house else 0,
        lists=lists,
        diagram_svg=hemicycle_svg(
            seats,
            title=title or law,
            order=order,
            reserved={name: n for name, n in reserved.items() if seats.get(name)},
            reserved_label=reserved_label,
        )
        if house
        else "",
        trace=trace_lines(outcome),
        ties=ties,
        sections=tuple(sections),
        provenance=Provenance(
            inputs=tuple(
                Source(name=role, sha256=digest)
                for role, digest in sorted(inputs.input_hashes.items())
            ),
            rule=inputs.law_id,
            rule_sha256=inputs.law_sha256,
            parameters=parameters,
            version=inputs.version,
            seeds=inputs.seeds,
            result_sha256=record_sha256(outcome),
            generated_at=when,
        ),
    )


__all__ = [
    "MAX_POWER_PLAYERS",
    "POWER_INDICES",
    "RESERVED_HOW",
    "OutcomeInputs",
    "build_outcome_report",
    "community_districts",
    "district_section",
    "elected_section",
    "offices_section",
    "outcome_record",
    "plain_numbers",
    "power_sections",
    "reserved_seats",
    "stored_law_communities",
    "trace_lines",
]
