"""The certificates of a tabulation: every allocation and count the law engine made, with the
tier and district it belongs to.

:func:`tabulate_certified` runs the engine while recording each allocation among lists
(:func:`~hemicycle.law.lists.allocate_lists`) and each count of candidates
(:func:`~hemicycle.law.persons.elect_persons`); the record lives in a context variable, so
tabulations in other threads or tasks never mix. An allocation is *direct* when its seats are
the tier's seats in that district as they stand in the outcome (district, additional-member and
undivided national tiers); the verifier then checks them against the outcome itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from hemicycle.core.ballots import Ballots
from hemicycle.core.candidates import CandidateCount
from hemicycle.core.result import Allocation
from hemicycle.law.outcome import Outcome
from hemicycle.law.schema import Law
from hemicycle.types import Results


@dataclass(frozen=True, slots=True, kw_only=True)
class Certified:
    """One allocation or count of a tabulation and where it was made."""

    tier: str
    district: str | None
    made: Allocation | CandidateCount


_RECORD: ContextVar[list[Certified] | None] = ContextVar("hemicycle_certified", default=None)


def record(tier: str, district: str | None, made: Allocation | CandidateCount) -> None:
    """Note an allocation or count, when a certified tabulation is running."""
    entries = _RECORD.get()
    if entries is not None:
        entries.append(Certified(tier=tier, district=district, made=made))


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

    def _direct(self, entry: Certified) -> bool:
        if not isinstance(entry.made, Allocation) or entry.tier in self.law.covered_tiers:
            return False
        tier = self.law.tier(entry.tier)
        return tier.kind in ("district", "additional") or (
            tier.kind == "national" and tier.lower is None and entry.district == tier.id
        )

    def as_json(self) -> dict[str, object]:
        """The ``certificate`` object of ``hemicycle tabulate --certificate``."""
        allocations = []
        for entry in self.entries:
            proof = entry.made.certificate
            allocations.append(
                {
                    "tier": entry.tier,
                    "district": entry.district,
                    "direct": self._direct(entry),
                    "certificate": None if proof is None else proof.as_json(),
                }
            )
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


__all__ = ["Certified", "OutcomeCertificate", "record", "tabulate_certified"]
