"""Ranked ballots: each ballot ranks candidates in order of preference and carries a weight.

A :class:`RankedBallot` is a ranking (first preference first) and a weight: the number of
identical papers it stands for. :class:`Ballots` holds the candidates, the ballots and the
candidates withdrawn before the count (as the BLT format of ERS and OpenSTV allows), and
checks them: every name ranked must be a candidate, no candidate may be ranked twice on a
paper, weights are positive whole numbers. Papers that rank no candidate are not valid votes
(a ballot paper "on which the figure 1 standing alone is not placed so as to indicate a first
preference for some candidate" is void: Electoral Law Act (NI) 1962 Sch. 5 r. 46(1)(b);
SSI 2007/42 Sch. 1 r. 44), so they are refused here rather than silently counted.

>>> box = Ballots.from_rankings({("A", "B"): 3, ("B",): 2, ("C", "A"): 1})
>>> box.total, dict(box.first_preferences())
(6, {'A': 3, 'B': 2, 'C': 1})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hemicycle.errors import DataError
from hemicycle.types import CandidateId


@dataclass(frozen=True, slots=True, kw_only=True)
class RankedBallot:
    """A ranking of candidates, first preference first, standing for ``weight`` papers."""

    ranking: tuple[CandidateId, ...]
    weight: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Ballots:
    """The candidates and the ranked ballots of one count.

    Attributes:
        candidates: every candidate, in ballot-paper order (the order of the BLT file or of
            first appearance).
        ballots: the ballots; identical rankings may appear more than once.
        withdrawn: candidates withdrawn before the count; preferences for them are skipped
            and a paper that ranks only withdrawn candidates is not a valid vote.
        title: the title of the election, when the input gives one.
        seats: the number of seats the input declares (the BLT header), if any.
    """

    candidates: tuple[CandidateId, ...]
    ballots: tuple[RankedBallot, ...]
    withdrawn: frozenset[CandidateId] = field(default_factory=frozenset)
    title: str | None = None
    seats: int | None = None

    def __post_init__(self) -> None:
        known: set[CandidateId] = set()
        for name in self.candidates:
            if not isinstance(name, str) or not name.strip():
                raise DataError(f"candidate names must be non-empty text (got {name!r})")
            if name in known:
                raise DataError(f"candidate {name!r} appears twice in the candidate list")
            known.add(name)
        unknown = sorted(self.withdrawn - known)
        if unknown:
            raise DataError(f"withdrawn candidate {unknown[0]!r} is not a candidate")
        for number, ballot in enumerate(self.ballots, start=1):
            _check_ballot(ballot, number, known)
        if self.seats is not None and self.seats < 1:
            raise DataError(f"seats must be >= 1 (got {self.seats})")

    @classmethod
    def from_rankings(
        cls,
        rankings: Mapping[tuple[CandidateId, ...], int] | Iterable[Sequence[CandidateId]],
        *,
        candidates: Sequence[CandidateId] | None = None,
        withdrawn: Iterable[CandidateId] = (),
    ) -> Ballots:
        """Ballots from ``{ranking: weight}`` or from a sequence of rankings (weight 1 each).

        Candidates default to the names in order of first appearance.

        >>> Ballots.from_rankings([["B", "A"], ["A"]]).candidates
        ('B', 'A')
        """
        if isinstance(rankings, Mapping):
            items = [
                RankedBallot(ranking=tuple(r), weight=w) for r, w in rankings.items() if w != 0
            ]
        else:
            items = [RankedBallot(ranking=tuple(r)) for r in rankings]
        if candidates is None:
            seen: dict[CandidateId, None] = {}
            for ballot in items:
                for name in ballot.ranking:
                    seen.setdefault(name, None)
            candidates = tuple(seen)
        return cls(
            candidates=tuple(candidates), ballots=tuple(items), withdrawn=frozenset(withdrawn)
        )

    @property
    def running(self) -> tuple[CandidateId, ...]:
        """The candidates in the count: all candidates but the withdrawn, in paper order."""
        return tuple(c for c in self.candidates if c not in self.withdrawn)

    def effective(self) -> dict[tuple[CandidateId, ...], int]:
        """Rankings without withdrawn candidates, identical ones merged, papers that rank no
        running candidate left out; in order of first appearance."""
        merged: dict[tuple[CandidateId, ...], int] = {}
        for ballot in self.ballots:
            ranking = tuple(c for c in ballot.ranking if c not in self.withdrawn)
            if ranking:
                merged[ranking] = merged.get(ranking, 0) + ballot.weight
        return merged

    @property
    def total(self) -> int:
        """The number of valid papers: those that rank a running candidate."""
        return sum(self.effective().values())

    def first_preferences(self) -> dict[CandidateId, int]:
        """First-preference votes of every running candidate (0 for those with none)."""
        tally = dict.fromkeys(self.running, 0)
        for ranking, weight in self.effective().items():
            tally[ranking[0]] += weight
        return tally


def _check_ballot(ballot: RankedBallot, number: int, known: set[CandidateId]) -> None:
    where = f"ballot {number}"
    if isinstance(ballot.weight, bool) or not isinstance(ballot.weight, int) or ballot.weight < 1:
        raise DataError(f"{where}: weight must be a whole number >= 1 (got {ballot.weight!r})")
    if not ballot.ranking:
        raise DataError(f"{where}: ranks no candidate (a paper without a first preference is void)")
    seen: set[CandidateId] = set()
    for name in ballot.ranking:
        if name not in known:
            raise DataError(f"{where}: {name!r} is not a candidate")
        if name in seen:
            raise DataError(f"{where}: candidate {name!r} is ranked twice")
        seen.add(name)


__all__ = ["Ballots", "RankedBallot"]
