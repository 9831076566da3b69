"""The results of an election indexed for the law engine, and checked against the law.

List votes are the votes cast for the list only plus the personal votes of its candidates, as in
every open-list and preferential law the presets transcribe (Lebanon, Law 44/2017 art. 98-99;
Iraq, Law 12/2018 as amended by Law 4/2023).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hemicycle.errors import DataError
from hemicycle.types import CandidateRow, DistrictTotals, Results


@dataclass(slots=True, kw_only=True)
class DistrictBallots:
    """Votes in one district: per list, and per candidate of each list."""

    district: str
    lists: dict[str, int] = field(default_factory=dict)
    personal: dict[str, dict[str, int]] = field(default_factory=dict)
    candidates: dict[str, dict[str, CandidateRow]] = field(default_factory=dict)
    totals: DistrictTotals | None = None

    @property
    def valid(self) -> int:
        """Votes of all lists (list-only and personal votes)."""
        return sum(self.lists.values())

    @property
    def blank(self) -> int:
        """Blank ballots, when the totals give them."""
        return (self.totals.blank or 0) if self.totals is not None else 0

    def candidates_of(self, party: str) -> dict[str, CandidateRow]:
        """Every known candidate of a list: from the candidates table, else from the votes."""
        known = dict(self.candidates.get(party, {}))
        for name in self.personal.get(party, {}):
            known.setdefault(name, CandidateRow(district=self.district, list=party, candidate=name))
        return known

    def votes_of(self, party: str, candidate: str) -> int:
        """Personal votes of a candidate (0 when none were recorded)."""
        return self.personal.get(party, {}).get(candidate, 0)


def index_results(
    results: Results, known_districts: Iterable[str], law_id: str
) -> dict[str, DistrictBallots]:
    """Results per district, refusing rows the law cannot place.

    >>> from hemicycle.types import ResultRow
    >>> rows = (ResultRow(district="N", list="A", candidate=None, votes=10),
    ...         ResultRow(district="N", list="A", candidate="Ana", votes=5))
    >>> index_results(Results(rows=rows), ["N"], "toy")["N"].lists
    {'A': 15}
    """
    known = set(known_districts)
    ballots: dict[str, DistrictBallots] = {}
    seen: set[tuple[str, str, str | None]] = set()

    def district(name: str) -> DistrictBallots:
        if name not in known:
            listed = ", ".join(sorted(known)[:8]) + (", …" if len(known) > 8 else "")
            raise DataError(f"district {name!r} is not in law {law_id!r} (its districts: {listed})")
        if name not in ballots:
            ballots[name] = DistrictBallots(district=name)
        return ballots[name]

    for row in results.rows:
        if isinstance(row.votes, bool) or not isinstance(row.votes, int) or row.votes < 0:
            raise DataError(
                f"votes of {row.list!r} in {row.district!r} must be a non-negative whole number "
                f"(got {row.votes!r})"
            )
        if not row.list:
            raise DataError(f"a row in {row.district!r} names no list")
        key = (row.district, row.list, row.candidate or None)
        if key in seen:
            who = f"candidate {row.candidate!r} of " if row.candidate else ""
            raise DataError(f"{who}list {row.list!r} appears twice in {row.district!r}")
        seen.add(key)
        entry = district(row.district)
        entry.lists[row.list] = entry.lists.get(row.list, 0) + row.votes
        if row.candidate:
            entry.personal.setdefault(row.list, {})[row.candidate] = row.votes
    for candidate in results.candidates:
        entry = district(candidate.district)
        roster = entry.candidates.setdefault(candidate.list, {})
        if candidate.candidate in roster:
            raise DataError(
                f"candidate {candidate.candidate!r} of {candidate.list!r} appears twice in "
                f"{candidate.district!r}"
            )
        roster[candidate.candidate] = candidate
        entry.lists.setdefault(candidate.list, 0)
    if results.candidates:
        for entry in ballots.values():
            for party, people in entry.personal.items():
                for name in people:
                    if name not in entry.candidates.get(party, {}):
                        raise DataError(
                            f"candidate {name!r} has votes on list {party!r} in "
                            f"{entry.district!r} but is not among the candidates"
                        )
    for totals in results.totals:
        entry = district(totals.district)
        if entry.totals is not None:
            raise DataError(f"totals of {totals.district!r} appear twice")
        entry.totals = totals
    return ballots


def national_votes(
    ballots: Mapping[str, DistrictBallots], districts: Iterable[str]
) -> dict[str, int]:
    """Votes per list summed over ``districts``, in order of first appearance."""
    total: dict[str, int] = {}
    for name in districts:
        entry = ballots.get(name)
        if entry is None:
            continue
        for party, votes in entry.lists.items():
            total[party] = total.get(party, 0) + votes
    return total


__all__ = ["DistrictBallots", "index_results", "national_votes"]
