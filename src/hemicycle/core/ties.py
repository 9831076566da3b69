"""Tie rules: what happens when two or more units have exactly the same claim to a seat.

A tie is never resolved silently. By default (:data:`REFUSE`) it raises
:class:`~hemicycle.errors.TieError` naming the tied units and the seat; a law declares its own
rule instead: more votes wins (:class:`ByVotes`), or a drawing of lots (:class:`Lot`) that is
reproducible from its seed and recorded in the result. :func:`all_outcomes` lists every result
that some resolution of the ties would give (as ``resolute=False`` does in abcvoting).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from hemicycle.errors import DataError, TieError

if TYPE_CHECKING:
    from hemicycle.types import UnitId


@dataclass(frozen=True, slots=True, kw_only=True)
class Tie:
    """A tie that was found and how it was resolved.

    Attributes:
        seat: the first seat of the house (counting from 1) that the tie decides.
        tied: the units with equal claims.
        places: how many of them receive a seat.
        winners: the units that received the places, in order.
        rule: the rule that chose them (``"votes"``, ``"lot:SEED"``, ``"given"``).
    """

    seat: int
    tied: frozenset[UnitId]
    places: int
    winners: tuple[UnitId, ...]
    rule: str


class TieBreak(Protocol):
    """A rule that chooses ``places`` winners among tied units, or raises :class:`TieError`."""

    @property
    def name(self) -> str: ...

    def choose(
        self, tied: Sequence[UnitId], places: int, *, seat: int, votes: Mapping[UnitId, int]
    ) -> tuple[UnitId, ...]: ...


@dataclass(frozen=True, slots=True)
class Refuse:
    """Refuse to resolve: every tie raises :class:`TieError` (the default)."""

    @property
    def name(self) -> str:
        return "refuse"

    def choose(
        self, tied: Sequence[UnitId], places: int, *, seat: int, votes: Mapping[UnitId, int]
    ) -> tuple[UnitId, ...]:
        raise TieError(frozenset(tied), seat=seat, places=places)


@dataclass(frozen=True, slots=True)
class ByVotes:
    """More votes wins; a tie that remains among equal votes raises :class:`TieError`.

    >>> ByVotes().choose(["A", "B", "C"], 1, seat=3, votes={"A": 600, "B": 100, "C": 50})
    ('A',)
    """

    @property
    def name(self) -> str:
        return "votes"

    def choose(
        self, tied: Sequence[UnitId], places: int, *, seat: int, votes: Mapping[UnitId, int]
    ) -> tuple[UnitId, ...]:
        ranked = sorted(tied, key=lambda unit: -votes[unit])
        boundary = votes[ranked[places - 1]]
        if places < len(ranked) and votes[ranked[places]] == boundary:
            still = [unit for unit in ranked if votes[unit] == boundary]
            decided = [unit for unit in ranked[:places] if votes[unit] > boundary]
            raise TieError(frozenset(still), seat=seat + len(decided), places=places - len(decided))
        return tuple(ranked[:places])


@dataclass(frozen=True, slots=True)
class Lot:
    """A drawing of lots, reproducible from ``seed`` and the tie itself.

    The draw uses a generator seeded by SHA-256 of the seed, the seat and the sorted names, so
    the same tie with the same seed is always drawn the same way, whatever came before it.

    >>> Lot("2025").choose(["A", "B"], 1, seat=7, votes={"A": 5, "B": 5})
    ('A',)
    """

    seed: str

    @property
    def name(self) -> str:
        return f"lot:{self.seed}"

    def choose(
        self, tied: Sequence[UnitId], places: int, *, seat: int, votes: Mapping[UnitId, int]
    ) -> tuple[UnitId, ...]:
        material = "\x1f".join([self.seed, str(seat), *sorted(tied)]).encode()
        rng = random.Random(hashlib.sha256(material).digest())
        return tuple(rng.sample(sorted(tied), places))


REFUSE = Refuse()
"""The default tie rule."""


def parse_tie_break(rule: str | TieBreak | None) -> TieBreak:
    """Read a tie rule: ``"refuse"``, ``"votes"``, ``"lot:SEED"``, or a rule object.

    >>> parse_tie_break("lot:42").name
    'lot:42'
    >>> parse_tie_break("coin")
    Traceback (most recent call last):
    ...
    hemicycle.errors.DataError: tie-break must be refuse, votes or lot:SEED (got 'coin')
    """
    if rule is None:
        return REFUSE
    if not isinstance(rule, str):
        return rule
    if rule == "refuse":
        return REFUSE
    if rule == "votes":
        return ByVotes()
    if rule.startswith("lot:") and len(rule) > len("lot:"):
        return Lot(rule[len("lot:") :])
    raise DataError(f"tie-break must be refuse, votes or lot:SEED (got {rule!r})")


class _NeedChoiceError(Exception):
    """Raised by :class:`_Scripted` when the script runs out: there are ``options`` choices."""

    def __init__(self, options: int) -> None:
        super().__init__(options)
        self.options = options


@dataclass(frozen=True, slots=True)
class _Scripted:
    """Follows a fixed list of choices, one per tie, to walk every resolution."""

    script: tuple[int, ...]
    used: list[int]

    @property
    def name(self) -> str:
        return "given"

    def choose(
        self, tied: Sequence[UnitId], places: int, *, seat: int, votes: Mapping[UnitId, int]
    ) -> tuple[UnitId, ...]:
        options = list(itertools.combinations(sorted(tied), places))
        position = len(self.used)
        if position >= len(self.script):
            raise _NeedChoiceError(len(options))
        self.used.append(self.script[position])
        return options[self.script[position]]


R = TypeVar("R")


def _same(first: object, second: object) -> bool:
    """Whether two results are equal (results without a truth value, arrays, never are)."""
    try:
        return bool(first == second)
    except ValueError:
        return False


def _decided(result: object) -> object:
    """What a result decides: the seats, and who is elected where a result names members
    (a candidate count's ``seats`` is only their number)."""
    seats = getattr(result, "seats", result)
    elected = getattr(result, "elected", None)
    if elected is None:
        return seats
    try:
        return seats, frozenset(elected)
    except TypeError:  # members that cannot be hashed: compared in order
        return seats, tuple(elected)


def all_outcomes(run: Callable[[TieBreak], R]) -> list[R]:
    """Every result that some resolution of the ties gives, in a fixed order.

    ``run`` performs the allocation with the tie rule it is given. Without ties there is one
    result. Resolutions that end in the same seats and the same members (drawn one by one in
    another order) are listed once. Example: 100 and 600 votes, 10 seats, Huntington-Hill:
    the last seat is an exact tie (600²·1·2 = 100²·8·9), so there are two outcomes.

    >>> from hemicycle.core.methods import apportion
    >>> outs = all_outcomes(lambda tb: apportion({"A": 100, "B": 600}, 10,
    ...                                         method="huntington_hill", tie_break=tb))
    >>> [dict(o.seats) for o in outs]
    [{'A': 2, 'B': 8}, {'A': 1, 'B': 9}]
    """
    results: list[R] = []
    seen: list[object] = []
    stack: list[tuple[int, ...]] = [()]
    while stack:
        script = stack.pop()
        try:
            result = run(_Scripted(script, []))
        except _NeedChoiceError as need:
            stack.extend((*script, choice) for choice in reversed(range(need.options)))
            continue
        key = _decided(result)
        if not any(_same(key, earlier) for earlier in seen):
            seen.append(key)
            results.append(result)
    return results


__all__ = [
    "REFUSE",
    "ByVotes",
    "Lot",
    "Refuse",
    "Tie",
    "TieBreak",
    "all_outcomes",
    "parse_tie_break",
]
