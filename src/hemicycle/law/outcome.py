"""The outcome of a tabulation: seats per list and district, who was elected and how, and why.

Frozen data, never printed: the CLI, the report and the web app render it. ``as_json`` is the
object of ``hemicycle tabulate --format json`` (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from hemicycle.core.ties import Tie

HOW = {
    "list_rank": "next on the closed list",
    "personal_votes": "most personal votes on the list",
    "preferential_rank": "share of the preferential votes in the minor district (Lebanon)",
    "plurality": "most votes",
    "stv_quota": "reached the quota on first preferences",
    "stv_surplus": "reached the quota on the transfer of a surplus",
    "stv_exclusion": "reached the quota on the papers of excluded candidates",
    "stv_remaining": "last remaining when seats were left",
    "stv_last_vacancy": "more votes than the other continuing candidates together",
    "irv_majority": "a majority of the papers still in the count",
    "irv_remaining": "the last continuing candidate",
    "next_in_ranking": "next in the preferential ranking for a seat its list could not fill",
    "women_quota": "replacement for the women's quota",
    "reserved": "reserved seat",
    "constituency": "won the constituency",
    "constituency_covered": "won the constituency, covered by the list's seats",
    "list": "list seat",
    "levelling": "levelling seat",
}
"""How a member can be elected, with the words used for people."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Elected:
    """An elected member: where, for which list, and how (a key of :data:`HOW`)."""

    district: str
    list: str
    candidate: str
    how: str
    votes: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceStep:
    """One step of the count, for people: the tier and district it belongs to, and what
    happened (``kind``: threshold, quota, remainder, seat (one seat in the order of award),
    award, tie, elected, skipped, replaced, covered, uncovered, levelling…)."""

    tier: str
    district: str | None
    kind: str
    text: str

    def as_json(self) -> dict[str, str | None]:
        return {"tier": self.tier, "district": self.district, "kind": self.kind, "text": self.text}


def _frozen_nested(items: Mapping[str, Mapping[str, int]]) -> Mapping[str, Mapping[str, int]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in items.items()})


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """Seats per list (``seats``) and per district (``districts``), the elected members in the
    order they were elected, the trace, and the ties met on the way.

    ``missing_districts`` lists the law's districts that had no results when the tabulation was
    asked to be partial; ``seed`` is the seed every lot was drawn with.
    """

    law: str
    total_seats: int
    seats: Mapping[str, int]
    districts: Mapping[str, Mapping[str, int]]
    elected: tuple[Elected, ...] = ()
    steps: tuple[TraceStep, ...] = ()
    ties: tuple[Tie, ...] = ()
    missing_districts: tuple[str, ...] = ()
    seed: str | None = None
    tiers: Mapping[str, Mapping[str, int]] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "seats", MappingProxyType(dict(self.seats)))
        object.__setattr__(self, "districts", _frozen_nested(self.districts))
        object.__setattr__(self, "tiers", _frozen_nested(self.tiers))

    def as_json(self) -> dict[str, object]:
        """The JSON object of ``hemicycle tabulate --format json``."""
        return {
            "law": self.law,
            "total_seats": self.total_seats,
            "seats": dict(self.seats),
            "districts": {name: dict(seats) for name, seats in self.districts.items()},
            "elected": [
                {"district": e.district, "list": e.list, "candidate": e.candidate, "how": e.how}
                for e in self.elected
            ],
            "steps": [step.as_json() for step in self.steps],
        }

    def elected_in(self, district: str) -> tuple[Elected, ...]:
        """The members elected in a district, in the order they were elected."""
        return tuple(e for e in self.elected if e.district == district)


__all__ = ["HOW", "Elected", "Outcome", "TraceStep"]
