"""The certificates of a tabulation: every allocation, count and placement the law engine
made, with the tier and district it belongs to and the seats of the outcome it gives.

:func:`tabulate_certified` runs the engine while recording each allocation among lists
(:func:`~hemicycle.law.lists.allocate_lists`), each split of one list's seats over districts
(:mod:`hemicycle.law.compensation`, :mod:`hemicycle.law.regional`), each count of candidates
(:func:`~hemicycle.law.persons.elect_persons`, :func:`~hemicycle.law.ranked.elect_ranked`) and
each seat-by-seat placement of levelling seats
(:func:`~hemicycle.law.levelling.place_in_districts`); the record lives in a context
variable, so tabulations in other threads or tasks never mix.

An entry is *direct* when its seats are seats of the outcome: a district's lists (district,
additional-member and undivided national tiers), a candidate count's winners by their lists, one
list's seats over districts (``list``), a placement's seats, or a national levelling
allocation less the seats each list won in the tier it levels (``less_tier``). An entry that is
not direct gives seats that a later entry divides further; such an entry names where its seats
come from (``source``). The verifier requires every seat of the outcome to be the sum of its
certified parts (:mod:`hemicycle.verify.document`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from fractions import Fraction

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount
from hemicycle.core.certificates import number_json
from hemicycle.core.result import Allocation
from hemicycle.core.ties import Tie
from hemicycle.law.outcome import Outcome
from hemicycle.law.schema import Law
from hemicycle.types import Results


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacementDistrict:
    """A district of a placement: its room, valid votes, base seats, votes and seats held."""

    name: str
    room: int
    valid: int
    seats: int
    votes: Mapping[str, int]
    held: Mapping[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Placed:
    """One seat of a placement: the list, the district, and the figure that won it."""

    list: str
    district: str
    figure: Fraction


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacementCertificate:
    """Levelling seats placed one by one, best figure first (Norway §11-6, Iceland art. 108,
    Denmark §78): every figure that competed for each seat can be recomputed from the votes,
    the seats held and the divisors, so each placement's decisive comparison can be checked.

    ``figure`` is the tier's placement (``district_share``, ``district_quota``, ``regional``);
    ``order`` the list of each seat in turn when the law fixes it (Iceland), with the national
    count it comes from in ``order_votes``/``order_prior`` and ``order_method``.
    """

    method: str
    first_divisor: Fraction | None
    figure: str
    districts: tuple[PlacementDistrict, ...]
    due: Mapping[str, int]
    placed: tuple[Placed, ...]
    order: tuple[str, ...] | None = None
    order_method: str | None = None
    order_votes: Mapping[str, int] = field(default_factory=lambda: {})
    order_prior: Mapping[str, int] = field(default_factory=lambda: {})
    ties: tuple[Tie, ...] = ()

    @property
    def certificate(self) -> PlacementCertificate:
        """The placement is its own certificate."""
        return self

    def as_json(self) -> dict[str, object]:
        """The ``kind: placement`` certificate (checked by :mod:`hemicycle.verify.placement`)."""
        body: dict[str, object] = {"kind": "placement", "method": self.method}
        if self.first_divisor is not None:
            body["first_divisor"] = number_json(self.first_divisor)
        body.update(
            {
                "figure": self.figure,
                "districts": [
                    {
                        "name": d.name,
                        "room": d.room,
                        "valid": d.valid,
                        "seats": d.seats,
                        "votes": dict(d.votes),
                        "held": dict(d.held),
                    }
                    for d in self.districts
                ],
                "due": dict(self.due),
                "placed": [
                    {"list": p.list, "district": p.district, "figure": number_json(p.figure)}
                    for p in self.placed
                ],
                "ties": [
                    {"seat": t.seat, "tied": sorted(t.tied), "winners": list(t.winners)}
                    for t in self.ties
                ],
            }
        )
        if self.order is not None:
            body["order"] = {
                "method": self.order_method,
                "lists": list(self.order),
                "votes": dict(self.order_votes),
                "prior": dict(self.order_prior),
            }
        return body


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where the seats an entry divides come from: the seats of ``list`` in ``district`` of
    the non-direct entries of ``tier``, less the seats the list won in ``less_tier``."""

    tier: str
    district: str
    list: str | None = None
    less_tier: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "tier": self.tier,
            "district": self.district,
            "list": self.list,
            "less_tier": self.less_tier,
        }


Made = Allocation | CandidateCount | PlacementCertificate


@dataclass(frozen=True, slots=True, kw_only=True)
class Certified:
    """One allocation, count or placement of a tabulation, where it was made and how its
    seats enter the outcome (see the module's docstring)."""

    tier: str
    district: str | None
    made: Made
    direct: bool | None = None
    list: str | None = None
    lists: Mapping[str, str] | None = None
    less_tier: str | None = None
    prior_tier: str | None = None
    source: Source | None = None
    superseded: bool = False


_RECORD: ContextVar[list[Certified] | None] = ContextVar("hemicycle_certified", default=None)


def recording() -> bool:
    """Whether a certified tabulation is running (so that a certificate is worth building)."""
    return _RECORD.get() is not None


def record(
    tier: str,
    district: str | None,
    made: Made,
    *,
    direct: bool | None = None,
    list: str | None = None,
    lists: Mapping[str, str] | None = None,
    less_tier: str | None = None,
    prior_tier: str | None = None,
    source: Source | None = None,
) -> None:
    """Note an allocation, count or placement, when a certified tabulation is running.

    ``direct`` None leaves the choice to the law (:meth:`OutcomeCertificate.direct`);
    ``prior_tier`` names the tier whose seats are the seats held beforehand in each district.
    """
    entries = _RECORD.get()
    if entries is not None:
        entries.append(
            Certified(
                tier=tier,
                district=district,
                made=made,
                direct=direct,
                list=list,
                lists=lists,
                less_tier=less_tier,
                prior_tier=prior_tier,
                source=source,
            )
        )


def annotate(
    made: Made,
    *,
    direct: bool | None = None,
    less_tier: str | None = None,
    superseded: bool = False,
) -> None:
    """Say how an entry already recorded (``made``) enters the outcome: directly, less the
    seats of an earlier tier, or not at all (an allocation repeated without some lists)."""
    entries = _RECORD.get()
    if entries is None:
        return
    for index in range(len(entries) - 1, -1, -1):
        if entries[index].made is made:
            entries[index] = replace(
                entries[index],
                direct=entries[index].direct if direct is None else direct,
                less_tier=less_tier or entries[index].less_tier,
                superseded=superseded,
            )
            return


def reseat(tier: str, district: str, to_tier: str, party: str) -> None:
    """Record again, as a direct part of ``to_tier``, the count of ``tier`` in ``district``
    whose winner holds a seat there for ``party`` (a successful independent, BWahlG §6(2))."""
    entries = _RECORD.get()
    if entries is None:
        return
    for entry in entries:
        if entry.tier == tier and entry.district == district:
            if isinstance(entry.made, CandidateCount):
                winners = dict.fromkeys(entry.made.elected, party)
                record(to_tier, district, entry.made, direct=True, lists=winners)
            return


@contextmanager
def _recording() -> Iterator[list[Certified]]:
    entries: list[Certified] = []
    token = _RECORD.set(entries)
    try:
        yield entries
    finally:
        _RECORD.reset(token)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeCertificate:
    """The certificates of a tabulation, in the order they were made."""

    law: Law
    entries: tuple[Certified, ...]

    def direct(self, entry: Certified) -> bool:
        """Whether the entry's seats are seats of the outcome (see the module's docstring)."""
        if entry.superseded or entry.tier in self.law.covered_tiers:
            return False
        if entry.direct is not None:
            return entry.direct
        tier = self.law.tier(entry.tier)
        if isinstance(entry.made, CandidateCount):
            return entry.lists is not None
        return tier.kind in ("district", "additional") or (
            tier.kind == "national" and tier.lower is None and entry.district == tier.id
        )

    def as_json(self) -> dict[str, object]:
        """The ``certificate`` object of ``hemicycle tabulate --certificate``."""
        allocations = []
        for entry in self.entries:
            proof = entry.made.certificate
            body: dict[str, object] = {
                "tier": entry.tier,
                "district": entry.district,
                "direct": self.direct(entry),
                "certificate": None if proof is None else proof.as_json(),
            }
            if entry.list is not None:
                body["list"] = entry.list
            if entry.lists is not None:
                body["lists"] = dict(entry.lists)
            if entry.less_tier is not None:
                body["less_tier"] = entry.less_tier
            if entry.prior_tier is not None:
                body["prior_tier"] = entry.prior_tier
            if entry.source is not None:
                body["source"] = entry.source.as_json()
            if entry.superseded:
                body["superseded"] = True
            allocations.append(body)
        return {"allocations": allocations}


def tabulate_certified(
    law: Law,
    results: Results,
    *,
    ballots: Mapping[str, Ballots] | None = None,
    partial: bool = False,
    seed: str | None = None,
) -> tuple[Outcome, OutcomeCertificate]:
    """:func:`~hemicycle.law.engine.tabulate`, with the certificate of every allocation.

    >>> from hemicycle.law.load import load_law
    >>> from hemicycle.types import ResultRow
    >>> rows = tuple(ResultRow(district="Erbil", list=name, candidate=None, votes=votes)
    ...              for name, votes in [("KDP", 369724), ("PUK", 97411)])
    >>> outcome, proof = tabulate_certified(load_law("iraq-2023"), Results(rows=rows),
    ...                                     partial=True)
    >>> [entry.made.certificate.as_json()["kind"] for entry in proof.entries]
    ['divisor']
    """
    from hemicycle.law.engine import tabulate  # the engine's modules record into this one

    with _recording() as entries:
        outcome = tabulate(law, results, ballots=ballots, partial=partial, seed=seed)
    return outcome, OutcomeCertificate(law=law, entries=tuple(entries))


__all__ = [
    "Certified",
    "OutcomeCertificate",
    "Placed",
    "PlacementCertificate",
    "PlacementDistrict",
    "Source",
    "annotate",
    "record",
    "recording",
    "reseat",
    "tabulate_certified",
]
