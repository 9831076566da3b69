"""Biproportional ("double proportional") apportionment, as in Zurich, Zug, Uri and Aargau.

Seats are shared twice in proportion. The *upper apportionment* gives each party its seats in the
whole house by a divisor method applied to its vote total; district magnitudes are fixed in
advance. Where each voter casts as many list votes as the district has seats, the party totals
are *voter numbers*: each district's list votes divided by its seats, rounded as the law says
(Zurich, Gesetz über die politischen Rechte §102: to the nearest whole number), then added up.
The *lower apportionment* then finds a divisor for every district and every party such that
rounding each party's votes in each district, divided by both divisors, gives every district and
every party exactly its seats (Balinski & Demange, *Math. Programming* 45, 1989; Pukelsheim,
*Proportional Representation*, 2017, ch. 14; Pukelsheim & Schuhmacher, *AJP* 2004).

A quorum of the Zurich/Zug type keeps out parties that reach neither a share of the votes in at
least one district nor a share of all votes (Zug 2018: 5% in one municipality or 3% canton-wide).

The result carries the divisors as a certificate: :func:`verify` checks it with nothing but
exact divisions and the method's rounding.

>>> result = biproportional(
...     {"North": {"A": 123, "B": 912, "C": 312}, "Centre": {"A": 45, "B": 714, "C": 255},
...      "South": {"A": 815, "B": 414, "C": 215}},
...     {"North": 7, "Centre": 5, "South": 8})
>>> dict(result.party_seats), dict(result.seats["South"])
({'A': 5, 'B': 11, 'C': 4}, {'A': 4, 'B': 3, 'C': 1})
>>> verify(result)
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

from hemicycle.core import divisors
from hemicycle.core.biproportional_lower import (
    DistrictTieError,
    LowerTie,
    lower_apportionment,
)
from hemicycle.core.biproportional_rounding import Signposts
from hemicycle.core.certificates import ties_json
from hemicycle.core.methods import apportion, get_method
from hemicycle.core.options import Threshold
from hemicycle.core.result import Allocation, Step, fraction_text
from hemicycle.core.ties import REFUSE, TieBreak, parse_tie_break
from hemicycle.errors import DataError, InfeasibleError
from hemicycle.types import DistrictId, PartyId

VoterNumberRounding = Literal["none", "half_up", "half_even", "floor"]
_ROUNDINGS = ("none", "half_up", "half_even", "floor")


def voter_number(votes: int, seats: int, rounding: VoterNumberRounding = "none") -> Fraction:
    """A party's voter number in a district: its list votes divided by the district's seats.

    ``rounding`` is the law's: ``none`` keeps the exact fraction, ``half_up`` rounds to the
    nearest whole number with halves up (Zurich GPR §102), ``half_even`` with halves to even,
    ``floor`` down.

    >>> voter_number(2993, 15), voter_number(2993, 15, "half_up"), voter_number(15, 2, "half_even")
    (Fraction(2993, 15), Fraction(200, 1), Fraction(8, 1))
    """
    exact = Fraction(votes, seats)
    if rounding == "none":
        return exact
    if rounding == "half_up":
        return Fraction(math.floor(exact + Fraction(1, 2)))
    if rounding == "half_even":
        return Fraction(round(exact))
    if rounding == "floor":
        return Fraction(math.floor(exact))
    raise DataError(
        f"voter number rounding must be one of {', '.join(_ROUNDINGS)} (got {rounding!r})"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Quorum:
    """A party takes part if it reaches ``district`` in at least one district or ``total``
    overall (either suffices; without both, every party takes part).

    ``total_of`` says what the overall share is taken of: the list ``votes`` (Zug) or the
    ``voter_numbers``.

    >>> zug = Quorum(district=Threshold.parse("5%"), total=Threshold.parse("3%"))
    >>> zug.qualifies({"Baar": 2993}, {"Baar": 86783}, Fraction(2993), Fraction(332609))
    False
    """

    district: Threshold | None = None
    total: Threshold | None = None
    total_of: Literal["votes", "voter_numbers"] = "votes"

    def qualifies(
        self,
        party_votes: Mapping[DistrictId, int],
        district_totals: Mapping[DistrictId, int],
        party_total: Fraction,
        grand_total: Fraction,
    ) -> bool:
        """Whether a party with these votes per district and this total takes part."""
        if self.district is None and self.total is None:
            return True
        if self.district is not None and any(
            self.district.qualifies(votes, district_totals[d]) for d, votes in party_votes.items()
        ):
            return True
        return self.total is not None and _reaches(self.total, party_total, grand_total)

    def describe(self) -> str:
        parts = []
        if self.district is not None:
            parts.append(f"{self.district.describe()} in at least one district")
        if self.total is not None:
            parts.append(f"{self.total.describe()} overall")
        return " or ".join(parts)


def _reaches(rule: Threshold, amount: Fraction, total: Fraction) -> bool:
    if rule.share is not None and amount < rule.share * total:
        return False
    return rule.votes is None or amount >= rule.votes


@dataclass(frozen=True, slots=True, kw_only=True)
class Biproportional:
    """A biproportional apportionment and the divisors that certify it.

    Attributes:
        method: the divisor method of both apportionments.
        house_size: seats in all.
        parties, districts: in input order.
        votes: list votes, district → party.
        district_seats: the fixed district magnitudes.
        party_weights: what the upper apportionment shares by (voter numbers when weighted).
        upper: the upper apportionment of the house among the parties (its ``votes`` are the
            weights scaled by a common factor to whole numbers).
        seats: district → party → seats.
        party_seats: seats of each party in the whole house.
        district_divisors, party_divisors: exact divisors: rounding ``votes / (D · P)`` gives
            every cell's seats (for Huntington-Hill the divisors and signposts are squared:
            ``votes² / (D · P)`` is compared with ``k(k+1)``).
        signposts: the rounding rule of the method.
        excluded: parties below the quorum or excluded by name.
        ties: ties in the lower apportionment (those of the upper one are in ``upper.ties``).
        steps: what was done and why.
    """

    method: str
    house_size: int
    parties: tuple[PartyId, ...]
    districts: tuple[DistrictId, ...]
    votes: Mapping[DistrictId, Mapping[PartyId, int]]
    district_seats: Mapping[DistrictId, int]
    party_weights: Mapping[PartyId, Fraction]
    upper: Allocation
    seats: Mapping[DistrictId, Mapping[PartyId, int]]
    party_seats: Mapping[PartyId, int]
    district_divisors: Mapping[DistrictId, Fraction]
    party_divisors: Mapping[PartyId, Fraction]
    signposts: Signposts
    excluded: tuple[PartyId, ...]
    ties: tuple[LowerTie, ...]
    steps: tuple[Step, ...]

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle biproportional --format json``."""
        ties: list[dict[str, object]] = [
            {"stage": "upper", "district": None, **row} for row in ties_json(self.upper.ties)
        ]
        ties.extend(
            {"stage": "lower", "district": tie.district, **row}
            for tie, row in zip(self.ties, ties_json(self.ties), strict=True)
        )
        return {
            "method": self.method,
            "house_size": self.house_size,
            "seats": {d: dict(row) for d, row in self.seats.items()},
            "party_seats": dict(self.party_seats),
            "district_seats": dict(self.district_seats),
            "district_divisors": {d: fraction_text(x) for d, x in self.district_divisors.items()},
            "party_divisors": {p: fraction_text(x) for p, x in self.party_divisors.items()},
            "excluded": list(self.excluded),
            "ties": ties,
        }


def _read_only(
    table: Mapping[DistrictId, Mapping[PartyId, int]],
) -> Mapping[DistrictId, Mapping[PartyId, int]]:
    return MappingProxyType({d: MappingProxyType(dict(row)) for d, row in table.items()})


def _check(
    votes: Mapping[DistrictId, Mapping[PartyId, int]], district_seats: Mapping[DistrictId, int]
) -> tuple[list[DistrictId], list[PartyId], dict[DistrictId, dict[PartyId, int]]]:
    """Districts, parties (in order of first appearance) and the full vote table."""
    if not votes:
        raise DataError("no votes were given")
    for district, seats in district_seats.items():
        if not isinstance(district, str) or not district:
            raise DataError(f"district names must be non-empty text (got {district!r})")
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
            raise DataError(
                f"seats of district {district!r} must be a whole number >= 1 (got {seats!r})"
            )
    parties: dict[PartyId, None] = {}
    for district, row in votes.items():
        if district not in district_seats:
            raise DataError(
                f"district {district!r} has votes but no seats; the districts with seats are "
                f"{', '.join(map(repr, district_seats)) or 'none'}"
            )
        if not isinstance(row, Mapping):
            raise DataError(f"votes of district {district!r} must map parties to votes")
        for party, count in row.items():
            if not isinstance(party, str) or not party:
                raise DataError(f"party names must be non-empty text (got {party!r})")
            if isinstance(count, bool) or not isinstance(count, int):
                raise DataError(
                    f"votes of {party!r} in {district!r} must be a whole number (got {count!r})"
                )
            if count < 0:
                raise DataError(
                    f"votes of {party!r} in {district!r} must be non-negative (got {count})"
                )
            parties.setdefault(party)
    if not parties:
        raise DataError("no parties were given")
    districts = list(district_seats)
    table = {d: {p: votes.get(d, {}).get(p, 0) for p in parties} for d in districts}
    return districts, list(parties), table


def _divisor_method(
    method: str, first_divisor: Fraction | int | str | None
) -> divisors.DivisorMethod:
    entry = get_method(method)
    if entry.divisor is None:
        raise DataError(
            f"biproportional apportionment needs a divisor method; {entry.id!r} is a "
            f"{entry.family} method"
        )
    if first_divisor is None:
        return entry.divisor
    if entry.id != "modified_sainte_lague":
        raise DataError(f"first divisor applies to modified_sainte_lague only (method {method!r})")
    return divisors.modified_sainte_lague(first_divisor)


def _weights(
    table: Mapping[DistrictId, Mapping[PartyId, int]],
    district_seats: Mapping[DistrictId, int],
    parties: list[PartyId],
    *,
    weighted: bool,
    rounding: VoterNumberRounding,
) -> dict[PartyId, Fraction]:
    if rounding not in _ROUNDINGS:
        raise DataError(
            f"voter number rounding must be one of {', '.join(_ROUNDINGS)} (got {rounding!r})"
        )
    if not weighted:
        return {p: Fraction(sum(row[p] for row in table.values())) for p in parties}
    return {
        p: sum(
            (voter_number(row[p], district_seats[d], rounding) for d, row in table.items()),
            Fraction(0),
        )
        for p in parties
    }


def biproportional(
    votes: Mapping[DistrictId, Mapping[PartyId, int]],
    district_seats: Mapping[DistrictId, int],
    *,
    method: str = "sainte_lague",
    first_divisor: Fraction | int | str | None = None,
    weighted: bool = False,
    voter_number_rounding: VoterNumberRounding = "none",
    quorum_district: str | int | Fraction | Threshold | None = None,
    quorum_total: str | int | Fraction | Threshold | None = None,
    quorum_total_of: Literal["votes", "voter_numbers"] = "votes",
    exclude: Iterable[PartyId] = (),
    tie_break: str | TieBreak | None = REFUSE,
) -> Biproportional:
    """Biproportional apportionment of the districts' seats among the parties.

    Args:
        votes: list votes, district → party → votes; a party missing in a district has 0.
        district_seats: the fixed seats of every district (each at least 1).
        method: the divisor method of both apportionments (Sainte-Laguë, as in Zurich).
        first_divisor: the first divisor of ``modified_sainte_lague``.
        weighted: share the house by voter numbers (votes divided by the district's seats).
        voter_number_rounding: ``none``, ``half_up`` (Zurich), ``half_even`` or ``floor``.
        quorum_district, quorum_total: the quorum (``"5%"``, ``"3%"``): a party takes part
            when it reaches the first in at least one district or the second overall.
        quorum_total_of: ``votes`` or ``voter_numbers``: what the overall share is taken of.
        exclude: parties that take no part whatever their votes.
        tie_break: ``refuse`` (raise :class:`~hemicycle.errors.TieError`), ``votes`` or
            ``lot:SEED``; used in both apportionments.

    Raises:
        DataError: bad input. InfeasibleError: no seat matrix has the totals (a district with
        seats but no votes of a party that takes part). TieError: an unresolved tie.
    """
    rule = parse_tie_break(tie_break)
    districts, parties, table = _check(votes, district_seats)
    signposts = Signposts(_divisor_method(method, first_divisor))
    weights = _weights(
        table, district_seats, parties, weighted=weighted, rounding=voter_number_rounding
    )
    quorum = Quorum(
        district=None if quorum_district is None else Threshold.parse(quorum_district),
        total=None if quorum_total is None else Threshold.parse(quorum_total),
        total_of=quorum_total_of,
    )
    if quorum_total_of not in ("votes", "voter_numbers"):
        raise DataError(
            f"the overall quorum is taken of votes or voter_numbers (got {quorum_total_of!r})"
        )
    by_name = set(exclude)
    unknown = by_name - set(parties)
    if unknown:
        raise DataError(f"exclusion list names unknown party {sorted(unknown)[0]!r}")
    district_totals = {d: sum(row.values()) for d, row in table.items()}
    raw = {p: Fraction(sum(table[d][p] for d in districts)) for p in parties}
    basis = weights if quorum_total_of == "voter_numbers" else raw
    grand = sum(basis.values(), Fraction(0))
    steps: list[Step] = []
    excluded: list[PartyId] = []
    for party in parties:
        if party in by_name:
            excluded.append(party)
            steps.append(Step(kind="excluded", unit=party, text=f"{party} is excluded by name"))
        elif not quorum.qualifies(
            {d: table[d][party] for d in districts}, district_totals, basis[party], grand
        ):
            excluded.append(party)
            steps.append(
                Step(
                    kind="threshold",
                    unit=party,
                    text=f"{party} reaches neither {quorum.describe()}",
                )
            )
    house = sum(district_seats.values())
    if not any(weights[p] for p in parties if p not in excluded):
        raise InfeasibleError(f"no party that takes part has votes; {house} seats cannot be shared")
    scale = math.lcm(*(w.denominator for w in weights.values()))
    upper = apportion(
        {p: int(weights[p] * scale) for p in parties},
        house,
        method=method,
        first_divisor=first_divisor,
        exclude=excluded,
        tie_break=rule,
    )
    taking_part = [p for p in parties if p not in excluded]
    lower = lower_apportionment(
        [[table[d][p] for d in districts] for p in taking_part],
        [upper.seats[p] for p in taking_part],
        [district_seats[d] for d in districts],
        signposts,
        parties=taking_part,
        districts=districts,
        tie_break=rule,
    )
    row_of = {p: i for i, p in enumerate(taking_part)}
    seats = {
        d: {p: (lower.seats[row_of[p]][j] if p in row_of else 0) for p in parties}
        for j, d in enumerate(districts)
    }
    for tie in lower.ties:
        steps.append(
            Step(
                kind="tie",
                text=f"{tie.district}, seat {tie.seat}: equal claims of "
                f"{', '.join(sorted(tie.tied))}; {', '.join(tie.winners)} chosen by {tie.rule}",
            )
        )
    return Biproportional(
        method=upper.method,
        house_size=house,
        parties=tuple(parties),
        districts=tuple(districts),
        votes=_read_only(table),
        district_seats=MappingProxyType({d: district_seats[d] for d in districts}),
        party_weights=MappingProxyType(weights),
        upper=upper,
        seats=_read_only(seats),
        party_seats=MappingProxyType({p: upper.seats[p] for p in parties}),
        district_divisors=MappingProxyType(
            dict(zip(districts, lower.district_divisors, strict=True))
        ),
        party_divisors=MappingProxyType(dict(zip(taking_part, lower.party_divisors, strict=True))),
        signposts=signposts,
        excluded=tuple(excluded),
        ties=lower.ties,
        steps=upper.steps + tuple(steps),
    )


def certificate_problems(result: Biproportional) -> tuple[str, ...]:
    """Everything that keeps the divisors of ``result`` from certifying its seats.

    Checks, with exact arithmetic only: every district's seats add up to its magnitude and every
    party's to its upper apportionment; excluded parties hold nothing; and every cell's seats
    are a rounding of ``votes / (district divisor · party divisor)`` by the method's signposts
    (on a signpost, either neighbour is a rounding: a tie).
    """
    problems: list[str] = []
    signposts = result.signposts
    for district in result.districts:
        total = sum(result.seats[district].values())
        if total != result.district_seats[district]:
            problems.append(f"{district} has {total} seats, not {result.district_seats[district]}")
    for party in result.parties:
        total = sum(result.seats[d][party] for d in result.districts)
        if total != result.party_seats[party]:
            problems.append(f"{party} has {total} seats, not {result.party_seats[party]}")
        if party in result.excluded:
            if total:
                problems.append(f"{party} is excluded but holds {total} seats")
            continue
        divisor = result.party_divisors.get(party)
        if divisor is None or divisor <= 0:
            problems.append(f"{party} has no positive party divisor")
            continue
        for district in result.districts:
            seats = result.seats[district][party]
            votes = result.votes[district][party]
            scale = result.district_divisors.get(district)
            if scale is None or scale <= 0:
                problems.append(f"{district} has no positive district divisor")
                continue
            if votes == 0:
                if seats:
                    problems.append(f"{party} holds {seats} seats in {district} without votes")
                continue
            quotient = Fraction(votes**signposts.power) / (scale * divisor)
            if not signposts.admits(quotient, seats):
                problems.append(
                    f"{party} in {district}: {fraction_text(quotient)} does not round to {seats}"
                )
    return tuple(problems)


def verify(result: Biproportional) -> bool:
    """Whether the divisors of ``result`` certify its seat matrix (see
    :func:`certificate_problems`)."""
    return not certificate_problems(result)


__all__ = [
    "Biproportional",
    "DistrictTieError",
    "LowerTie",
    "Quorum",
    "VoterNumberRounding",
    "biproportional",
    "certificate_problems",
    "verify",
    "voter_number",
]
