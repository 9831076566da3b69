"""Divisor (highest averages) methods: one exact engine, each method a divisor sequence.

A unit holding ``s`` seats claims its next seat with priority ``votes / d(s)``; seats go one
by one to the highest claim. Equivalently there is a divisor λ such that every unit receives
the number of seats whose claims exceed λ (Balinski & Young, *Fair Representation*, 2001;
Pukelsheim, *Proportional Representation*, 2017, ch. 4).

Each method is data: the sequence ``d(0), d(1), …``. Huntington-Hill uses the geometric mean
``sqrt(s(s+1))``; to stay rational it is stored squared (``power=2``) and claims are compared as
``votes² / (s(s+1))`` — the cross-multiplied comparison ``v_i²·s_j(s_j+1)`` against
``v_j²·s_i(s_i+1)``. A zero divisor (Huntington-Hill, Adams, Dean at ``s=0``) gives every unit
with votes its first seat automatically.

The engine finds a divisor with numpy in floating point, then certifies the result exactly: it
is accepted only when the smallest claim that won clears the largest claim that lost by a
margin far above rounding error. Otherwise the exact engine (``Fraction`` keys, heaps) takes
the floating result as its start, finishes it, and detects ties.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

from hemicycle.core.certificates import divisor_certificate
from hemicycle.core.options import Bound, Prepared, Threshold, prepare
from hemicycle.core.result import Allocation, Priority, Step, fraction_text, frozen_mapping
from hemicycle.core.ties import REFUSE, ByVotes, Refuse, Tie, TieBreak, parse_tie_break
from hemicycle.errors import DataError, InfeasibleError, TieError
from hemicycle.types import UnitId

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Relative margin the floating result must clear to be accepted without exact arithmetic:
# each float claim is within a few units of 2**-52 of the true value.
_MARGIN = 1e-9


@dataclass(frozen=True, slots=True, kw_only=True)
class DivisorMethod:
    """A divisor method given as its sequence of divisors.

    Attributes:
        id: registry id (``dhondt``).
        name: name for people (``D'Hondt``).
        power: 1, or 2 when the divisors are square roots and are stored squared.
        divisor: ``d(s)`` (to the given power): the divisor of a unit's seat ``s + 1``.
        float_divisors: the same, vectorised over an array of ``s``, in floating point.
        float_counts: ``#{s : d(s) < x}`` for an array of ``x`` in closed form, in floating
            point (off by one at most, at a boundary; the certification catches that), or
            None to look the divisors up.
    """

    id: str
    name: str
    power: int
    divisor: Callable[[int], Fraction]
    float_divisors: Callable[[npt.NDArray[np.int64]], FloatArray]
    float_counts: Callable[[FloatArray], FloatArray] | None = None

    def claim(self, votes: int, held: int) -> Fraction:
        """The exact claim (to the method's power) of a unit with ``votes`` holding ``held``.

        A unit without votes claims nothing, whatever its divisor.

        >>> SAINTE_LAGUE.claim(300, 1)
        Fraction(100, 1)
        """
        if votes == 0:
            return Fraction(0)
        return Fraction(votes**self.power) / self.divisor(held)

    def claim_text(self, votes: int, held: int) -> str:
        """The exact claim as text: a fraction, or ``votes/sqrt(d)`` for Huntington-Hill."""
        if votes == 0:
            return "0"
        if self.power == 2:
            return f"{votes}/sqrt({fraction_text(self.divisor(held))})"
        return fraction_text(Fraction(votes) / self.divisor(held))


def linear(method_id: str, name: str, step: int, first: int) -> DivisorMethod:
    """The method with divisors ``first, first + step, first + 2·step, …``."""

    def divisor(held: int) -> Fraction:
        return Fraction(step * held + first)

    def float_divisors(held: npt.NDArray[np.int64]) -> FloatArray:
        return (step * held + first).astype(np.float64)

    def float_counts(x: FloatArray) -> FloatArray:
        return np.asarray(np.maximum(np.ceil((x - first) / step), 0.0), dtype=np.float64)

    return DivisorMethod(
        id=method_id,
        name=name,
        power=1,
        divisor=divisor,
        float_divisors=float_divisors,
        float_counts=float_counts,
    )


def _number(value: object, what: str) -> Fraction:
    """``value`` as an exact number, or a :class:`DataError` naming ``what`` it was meant to be.

    A float is read as the decimal it prints as (``1.7`` is 17/10, not the binary fraction
    nearest to it), which is what a law's divisor means.

    >>> _number("1,7", "first divisor")
    Traceback (most recent call last):
    ...
    hemicycle.errors.DataError: first divisor must be a number such as 1.7 or 17/10, with a \
decimal point (got '1,7')
    """
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return Fraction(value)
    try:
        if isinstance(value, str | float):
            return Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError, OverflowError):
        pass
    raise DataError(
        f"{what} must be a number such as 1.7 or 17/10, with a decimal point (got {value!r})"
    )


@lru_cache(maxsize=64)
def modified_sainte_lague(first_divisor: Fraction | int | str = Fraction(7, 5)) -> DivisorMethod:
    """Sainte-Laguë with its first divisor raised: ``first, 3, 5, 7, …``.

    Sweden uses 1.2 (Vallag 2005:837 ch. 14 §3, since 2018), Norway 1.4 (Valgloven §11-4),
    Iraq 1.6 (Law 45/2013) and 1.7 (Law 9/2020 before its repeal, Law 4/2023 art. 16).

    >>> modified_sainte_lague("1.7").divisor(0), modified_sainte_lague("1.7").divisor(2)
    (Fraction(17, 10), Fraction(5, 1))
    """
    first = _number(first_divisor, "first divisor")
    if not 0 < first <= 3:
        raise DataError(f"first divisor must be above 0 and at most 3 (got {first_divisor})")

    def divisor(held: int) -> Fraction:
        return first if held == 0 else Fraction(2 * held + 1)

    def float_divisors(held: npt.NDArray[np.int64]) -> FloatArray:
        return np.where(held == 0, float(first), 2.0 * held + 1.0)

    def float_counts(x: FloatArray) -> FloatArray:
        counts = np.where(x > float(first), np.maximum(np.ceil((x - 1.0) / 2.0), 1.0), 0.0)
        return np.asarray(counts, dtype=np.float64)

    return DivisorMethod(
        id="modified_sainte_lague",
        name=f"modified Sainte-Laguë (first divisor {float(first):g})",
        power=1,
        divisor=divisor,
        float_divisors=float_divisors,
        float_counts=float_counts,
    )


def _hill_divisor(held: int) -> Fraction:
    return Fraction(held * (held + 1))


def _hill_float(held: npt.NDArray[np.int64]) -> FloatArray:
    h = held.astype(np.float64)
    return h * (h + 1.0)


def _hill_counts(x: FloatArray) -> FloatArray:
    # s(s+1) < x  <=>  s < (sqrt(1 + 4x) - 1) / 2
    counts = np.maximum(np.ceil((np.sqrt(1.0 + 4.0 * x) - 1.0) / 2.0), 0.0)
    return np.asarray(counts, dtype=np.float64)


def _dean_divisor(held: int) -> Fraction:
    return Fraction(2 * held * (held + 1), 2 * held + 1)


def _dean_float(held: npt.NDArray[np.int64]) -> FloatArray:
    h = held.astype(np.float64)
    return 2.0 * h * (h + 1.0) / (2.0 * h + 1.0)


def custom(divisors: Sequence[Fraction | int | str]) -> DivisorMethod:
    """A divisor method with the divisors given, continued by the last step when they run out.

    >>> method = custom(["1", "2.5", "4"])
    >>> [method.divisor(s) for s in range(5)]
    [Fraction(1, 1), Fraction(5, 2), Fraction(4, 1), Fraction(11, 2), Fraction(7, 1)]
    """
    given = tuple(_number(d, f"divisor {place}") for place, d in enumerate(divisors, start=1))
    if len(given) < 2:
        raise DataError("a divisor sequence needs at least two divisors")
    if given[0] < 0 or any(b <= a for a, b in itertools.pairwise(given)):
        raise DataError(
            "divisors must be non-negative and strictly increasing "
            f"(got {', '.join(fraction_text(d) for d in given)})"
        )
    step = given[-1] - given[-2]

    def divisor(held: int) -> Fraction:
        if held < len(given):
            return given[held]
        return given[-1] + step * (held - len(given) + 1)

    table = np.array([float(d) for d in given])

    def float_divisors(held: npt.NDArray[np.int64]) -> FloatArray:
        beyond = table[-1] + float(step) * (held - len(given) + 1)
        return np.where(held < len(given), table[np.minimum(held, len(given) - 1)], beyond)

    return DivisorMethod(
        id="divisors",
        name=f"divisors {', '.join(fraction_text(d) for d in given)}, …",
        power=1,
        divisor=divisor,
        float_divisors=float_divisors,
    )


DHONDT = linear("dhondt", "D'Hondt", 1, 1)
SAINTE_LAGUE = linear("sainte_lague", "Sainte-Laguë", 2, 1)
ADAMS = linear("adams", "Adams", 1, 0)
DANISH = linear("danish", "Danish", 3, 1)
IMPERIALI = linear("imperiali", "Imperiali", 1, 2)
HUNTINGTON_HILL = DivisorMethod(
    id="huntington_hill",
    name="Huntington-Hill",
    power=2,
    divisor=_hill_divisor,
    float_divisors=_hill_float,
    float_counts=_hill_counts,
)
DEAN = DivisorMethod(
    id="dean", name="Dean", power=1, divisor=_dean_divisor, float_divisors=_dean_float
)


class _Claims:
    """Exact claims of the eligible units: the seats each holds, and the seats it held before
    any ranking (``start``), which it can never give up."""

    def __init__(
        self,
        method: DivisorMethod,
        prep: Prepared,
        held: dict[UnitId, int],
        start: Mapping[UnitId, int],
    ) -> None:
        self.method = method
        self.prep = prep
        self.held = held
        self.order = {unit: index for index, unit in enumerate(prep.eligible)}
        self.start = dict(start)

    def next_claim(self, unit: UnitId) -> Fraction | None:
        cap = self.prep.upper[unit]
        if cap is not None and self.held[unit] >= cap:
            return None
        return self.method.claim(self.prep.votes[unit], self.held[unit])

    def last_claim(self, unit: UnitId) -> Fraction | None:
        if self.held[unit] <= self.start[unit]:
            return None
        return self.method.claim(self.prep.votes[unit], self.held[unit] - 1)


@dataclass(frozen=True, slots=True)
class UnitArrays:
    """The eligible units as arrays: votes (as floats raised to the method's power), seats
    held before ranking, caps, and prior seats."""

    values: FloatArray
    start: IntArray
    caps: IntArray
    prior: IntArray


NO_CAP = np.iinfo(np.int64).max // 4
_HUGE = 2**62


def forced_seats(
    method: DivisorMethod, votes: IntArray, lower: IntArray, caps: IntArray, prior: IntArray
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Seats held before any ranking — prior seats, minimums and zero-divisor first seats —
    and which units received such a first seat."""
    start = np.maximum(lower, prior)
    if method.divisor(0) != 0:
        # divisors increase, so only the first can be zero
        return start, np.zeros(len(start), dtype=bool)
    automatic = (start == 0) & (votes > 0) & (start < caps)
    return start + automatic, automatic


def float_seats(
    method: DivisorMethod, units: UnitArrays, seats: int, *, nearest: bool = False
) -> IntArray | None:
    """Seats from a divisor found in floating point, or None when none could be found.

    Few units in a small house take a shorter route that always ranks the float claims up to
    the house size; at a tie its answer is one :func:`certified` refuses. With ``nearest``, a
    plateau (equal claims straddling the target, as at a tie) gives the seats of the closest
    divisor below the target instead of None: a start from which the exact engine has only
    the last few seats to settle."""
    target = seats + int(np.add.reduce(units.prior))
    if not nearest and len(units.start) <= SMALL and seats < SMALL_HOUSE:
        # no unit can hold more than its start and every seat of the house
        horizon = int(np.maximum.reduce(units.start)) + seats
        if horizon <= SMALL_HOUSE:
            return _small_float_seats(method, units, target, horizon)
    horizon = int(units.start.max()) + seats - int((units.start - units.prior).sum()) + 2
    if method.float_counts is None:
        table = method.float_divisors(np.arange(horizon, dtype=np.int64))

    def totals(scale: float) -> IntArray:
        # seats whose claim beats the divisor 1/scale**power: d(k) < votes * scale**power
        x = units.values * scale**method.power
        if method.float_counts is None:
            counts = np.searchsorted(table, x, side="left")
        else:
            counts = np.minimum(method.float_counts(x), horizon).astype(np.int64)
        return np.asarray(np.minimum(np.maximum(counts, units.start), units.caps), dtype=np.int64)

    mass = float(np.sum(units.values ** (1 / method.power)))
    if mass == 0:
        return None
    # Find a scale whose seat count hits the target: interpolate between the closest scales
    # below and above it (seats grow almost linearly with the scale), bisecting as a fallback.
    low, high = (0.0, -target), (float("inf"), 0)
    below: IntArray | None = None
    scale = target / mass
    for _ in range(100):
        held = totals(scale)
        gap = int(held.sum()) - target
        if gap == 0:
            return held
        if gap < 0:
            low, below = (scale, gap), held
        else:
            high = (scale, gap)
        if high[0] == float("inf"):
            guess = scale * target / max(target + gap, 1)
        else:
            guess = low[0] + (high[0] - low[0]) * -low[1] / (high[1] - low[1])
            if not low[0] < guess < high[0]:
                guess = (low[0] + high[0]) / 2
        if guess == scale or high[0] - low[0] <= 1e-15 * max(low[0], 1e-300):
            # a plateau: equal claims straddle the target, which is exact work
            return below if nearest else None
        scale = guess
    return below if nearest else None


def certified(method: DivisorMethod, units: UnitArrays, held: IntArray) -> bool:
    """Whether the smallest winning claim clears the largest losing claim by the margin."""
    if len(held) <= SMALL:
        horizon = int(np.maximum.reduce(held))
        if horizon <= SMALL_HOUSE:
            return _small_certified(method, units, held, horizon)
    won = held > units.start
    waiting = (held < units.caps) & (units.values > 0)
    if not won.any() or not waiting.any():
        return True
    lowest_win = float(np.min(units.values[won] / method.float_divisors(held[won] - 1)))
    highest_loss = float(np.max(units.values[waiting] / method.float_divisors(held[waiting])))
    return lowest_win > highest_loss * (1 + _MARGIN)


# Few units in a small house (the US House: 50 states, 435 seats): there the general search
# spends its time in numpy's per-call overhead, not in arithmetic. The routes below take a
# dozen calls each on a cached table of the divisors; the answer is certified the same way,
# and anything uncertain still goes to the exact engine.
SMALL = 256
SMALL_HOUSE = 4096
_TINY = 1e-200  # a zero divisor's stand-in: any vote count squared over it stays finite


@dataclass(frozen=True, slots=True)
class _SmallTable:
    """The first divisors as floats (``safe``: zero replaced by a tiny divisor, so that its
    claim is huge but finite), ``before[k] = safe[k - 1]``, their roots (``safe_root``
    likewise; ``search``: all roots but the last, so that a count indexes the others), and
    the line ``slope·k + intercept`` the roots approach."""

    size: int
    search: FloatArray
    safe: FloatArray
    before: FloatArray
    root: FloatArray
    safe_root: FloatArray
    slope: float
    intercept: float


def _small_table(method: DivisorMethod, horizon: int) -> _SmallTable:
    """A table covering seat counts up to ``horizon`` (sizes are powers of two, so that a
    few tables serve every house)."""
    return _sized_table(method, max(64, 1 << (horizon + 1).bit_length()))


@lru_cache(maxsize=128)
def _sized_table(method: DivisorMethod, size: int) -> _SmallTable:
    divisors = method.float_divisors(np.arange(size, dtype=np.int64))
    root = divisors if method.power == 1 else divisors ** (1 / method.power)
    safe = np.where(divisors == 0, _TINY, divisors)
    safe_root = np.where(root == 0, _TINY, root)
    before = np.concatenate(([1.0], safe[:-1]))
    slope = float(root[-1] - root[-2])
    for array in (safe, before, root, safe_root):
        array.setflags(write=False)
    return _SmallTable(
        size=size,
        search=root[:-1],
        safe=safe,
        before=before,
        root=root,
        safe_root=safe_root,
        slope=slope,
        intercept=float(root[-1]) - slope * (size - 1),
    )


def _small_float_seats(
    method: DivisorMethod, units: UnitArrays, target: int, horizon: int
) -> IntArray | None:
    """:func:`float_seats` for few units in a small house.

    The divisor is guessed from the line the divisors approach (a unit's seats fall short of
    its quotient by about the intercept, less one half); the seats then missing or in excess
    go to, or come from, the highest or lowest claims all at once."""
    table = _small_table(method, horizon)
    start, caps = units.start, units.caps
    votes = units.values if method.power == 1 else np.sqrt(units.values)
    mass = float(np.add.reduce(votes))
    if mass == 0:
        return None
    count = len(start)
    scale = max((table.slope * (target - count / 2) + count * table.intercept) / mass, 1e-300)
    held: IntArray = table.search.searchsorted(votes * scale)
    np.maximum(held, start, out=held)
    np.minimum(held, caps, out=held)
    for _ in range(4):
        gap = int(np.add.reduce(held)) - target
        if gap == 0:
            return held
        if gap < 0:
            claims = votes / table.safe_root[held]
            claims[held >= caps] = -1.0
            if gap == -1:
                unit = int(claims.argmax())
                if claims[unit] <= 0:
                    return None
                held[unit] += 1
            else:
                pick = np.argsort(claims)[gap:]
                held[pick[claims[pick] > 0]] += 1
        else:
            claims = units.values / table.before[held]
            claims[held <= start] = np.inf
            if gap == 1:
                unit = int(claims.argmin())
                if claims[unit] == np.inf:
                    return None
                held[unit] -= 1
            else:
                pick = np.argsort(claims)[:gap]
                held[pick[claims[pick] < np.inf]] -= 1
    return None


def _small_certified(
    method: DivisorMethod, units: UnitArrays, held: IntArray, horizon: int
) -> bool:
    """:func:`certified` on a cached table of the divisors."""
    table = _small_table(method, horizon)
    values = units.values
    won = values / table.before[held]
    won[held <= units.start] = np.inf
    lost = values / table.safe[held]
    lost[held >= units.caps] = 0.0
    lowest_win = float(np.minimum.reduce(won))
    return lowest_win == np.inf or lowest_win > float(np.maximum.reduce(lost)) * (1 + _MARGIN)


def _names(units: Sequence[UnitId], limit: int = 30) -> str:
    if len(units) <= limit:
        return ", ".join(units)
    return f"{', '.join(units[:limit])} and {len(units) - limit} more"


def _settle(claims: _Claims, tie_break: TieBreak) -> list[Tie]:
    """Move seats until every winning claim is at least every losing claim; resolve ties."""
    prep, held = claims.prep, claims.held
    target = prep.seats + sum(prep.prior[u] for u in prep.eligible)
    ties: list[Tie] = []
    version = dict.fromkeys(prep.eligible, 0)
    nexts: list[tuple[Fraction, int, UnitId, int]] = []
    lasts: list[tuple[Fraction, int, UnitId, int]] = []

    def push(unit: UnitId) -> None:
        version[unit] += 1
        claim = claims.next_claim(unit)
        if claim is not None:
            heapq.heappush(nexts, (-claim, claims.order[unit], unit, version[unit]))
        claim = claims.last_claim(unit)
        if claim is not None:
            heapq.heappush(lasts, (claim, -claims.order[unit], unit, version[unit]))

    def top(heap: list[tuple[Fraction, int, UnitId, int]]) -> tuple[Fraction, UnitId] | None:
        while heap and heap[0][3] != version[heap[0][2]]:
            heapq.heappop(heap)
        return (heap[0][0], heap[0][2]) if heap else None

    for unit in prep.eligible:
        push(unit)
    total = sum(held[u] for u in prep.eligible)
    while total != target:
        entry = top(lasts if total > target else nexts)
        if entry is None:
            raise InfeasibleError("no unit can take or give up a seat")
        unit = entry[1]
        held[unit] += -1 if total > target else 1
        total += -1 if total > target else 1
        push(unit)
    while True:
        best, worst = top(nexts), top(lasts)
        if best is None or worst is None or worst[0] > -best[0]:
            return ties
        if worst[0] < -best[0]:
            held[worst[1]] -= 1
            held[best[1]] += 1
            push(worst[1])
            push(best[1])
            continue
        level = worst[0]
        if level == 0:
            ties.extend(_settle_without_votes(claims, tie_break))
            return ties
        # a unit with votes has one claim at any level: it holds or awaits one place
        holders = [u for u in prep.eligible if claims.last_claim(u) == level]
        waiting = [u for u in prep.eligible if claims.next_claim(u) == level]
        tied = sorted({*holders, *waiting}, key=claims.order.__getitem__)
        seat = prep.seats - len(holders) + 1
        winners = tie_break.choose(tied, len(holders), seat=seat, votes=prep.votes)
        for unit in holders:
            held[unit] -= 1
        for unit in winners:
            held[unit] += 1
        ties.append(
            Tie(
                seat=seat,
                tied=frozenset(tied),
                places=len(holders),
                winners=winners,
                rule=tie_break.name,
            )
        )
        for unit in tied:
            # the tie is decided: its seats are final and no longer traded at the tied level
            claims.start[unit] = held[unit]
            push(unit)


def _settle_without_votes(claims: _Claims, tie_break: TieBreak) -> list[Tie]:
    """Seats that only units without votes can take (every unit with votes is at its cap).

    All their claims are zero, so every such seat is in doubt among them, and a unit may
    take several. The rules that refuse equal votes refuse it, naming every seat in doubt;
    a drawing of lots draws the seats one by one among the units with room left."""
    prep, held, start = claims.prep, claims.held, claims.start
    without = [u for u in prep.eligible if prep.votes[u] == 0]
    doubtful = sum(held[u] - start[u] for u in without)
    first = prep.seats - doubtful + 1
    for unit in without:
        held[unit] = start[unit]

    def room() -> list[UnitId]:
        return [u for u in without if prep.upper[u] is None or held[u] < (prep.upper[u] or 0)]

    if isinstance(tie_break, Refuse | ByVotes) and len(room()) > 1:
        raise TieError(frozenset(room()), seat=first, places=doubtful)
    ties: list[Tie] = []
    for seat in range(first, first + doubtful):
        open_units = room()
        if len(open_units) == 1:
            winner = open_units[0]
        else:
            winner = tie_break.choose(open_units, 1, seat=seat, votes=prep.votes)[0]
            ties.append(
                Tie(seat=seat, tied=frozenset(open_units), places=1, winners=(winner,),
                    rule=tie_break.name)
            )  # fmt: skip
        held[winner] += 1
    return ties


def _priority_list(
    method: DivisorMethod, prep: Prepared, held: Mapping[UnitId, int], start: Mapping[UnitId, int]
) -> tuple[tuple[Priority, ...], Priority | None]:
    order = {unit: index for index, unit in enumerate(prep.eligible)}
    awarded = [
        (method.claim(prep.votes[unit], k), unit, k)
        for unit in prep.eligible
        for k in range(start[unit], held[unit])
    ]
    awarded.sort(key=lambda item: (-item[0], order[item[1]]))
    before = sum(start[unit] - prep.prior[unit] for unit in prep.eligible)
    ranked = tuple(
        Priority(
            rank=rank,
            house_seat=before + rank,
            unit=unit,
            seat=k + 1,
            value=value,
            text=method.claim_text(prep.votes[unit], k),
        )
        for rank, (value, unit, k) in enumerate(awarded, start=1)
    )
    waiting = [
        (method.claim(prep.votes[unit], held[unit]), unit)
        for unit in prep.eligible
        if prep.upper[unit] is None or held[unit] < (prep.upper[unit] or 0)
    ]
    if not waiting:
        return ranked, None
    value, unit = min(waiting, key=lambda item: (-item[0], order[item[1]]))
    following = Priority(
        rank=len(ranked) + 1,
        house_seat=prep.seats + 1,
        unit=unit,
        seat=held[unit] + 1,
        value=value,
        text=method.claim_text(prep.votes[unit], held[unit]),
    )
    return ranked, following


def allocate(
    votes: Mapping[UnitId, int],
    seats: int,
    method: DivisorMethod,
    *,
    threshold: str | int | Fraction | Threshold | None = None,
    valid_total: int | None = None,
    min_seats: Bound = None,
    max_seats: Bound = None,
    prior_seats: Mapping[UnitId, int] | None = None,
    exclude: Iterable[UnitId] = (),
    exempt: Iterable[UnitId] = (),
    tie_break: str | TieBreak | None = REFUSE,
) -> Allocation:
    """Allocate ``seats`` among units by the divisor ``method``.

    Prior seats count in the divisor: a unit that already holds ``p`` seats claims its next
    seat with ``votes / d(p + s)``, as list seats are allocated in the Scottish Parliament
    (Scotland Act 1998 s.7) and the Senedd.

    >>> a = allocate({"A": 600, "B": 300, "C": 100}, 7, DHONDT)
    >>> dict(a.seats), [p.unit for p in a.priority][:4]
    ({'A': 5, 'B': 2, 'C': 0}, ['A', 'A', 'B', 'A'])
    >>> dict(allocate({"A": 600, "B": 300}, 3, DHONDT, prior_seats={"A": 3}).seats)
    {'A': 1, 'B': 2}
    """
    rule = parse_tie_break(tie_break)
    prep = prepare(
        votes,
        seats,
        threshold=threshold,
        valid_total=valid_total,
        min_seats=min_seats,
        max_seats=max_seats,
        prior_seats=prior_seats,
        exclude=exclude,
        exempt=exempt,
    )
    names = prep.eligible
    counted = [prep.votes[u] for u in names]
    # beyond 2**62 votes numpy's integers overflow: the arrays hold a stand-in (only the sign
    # of a vote count is read from them then) and the exact engine ranks every seat
    huge = max(counted, default=0) >= _HUGE
    votes_array = np.array([min(v, _HUGE) for v in counted] if huge else counted, dtype=np.int64)
    prior = np.array([prep.prior[u] for u in names], dtype=np.int64)
    caps = np.array([NO_CAP if prep.upper[u] is None else prep.upper[u] for u in names],
                    dtype=np.int64)  # fmt: skip
    lower = np.array([prep.lower[u] for u in names], dtype=np.int64)
    start_array, automatic = forced_seats(method, votes_array, lower, caps, prior)
    steps: list[Step] = []
    minimum = [u for u, given in zip(names, np.maximum(lower, prior) > prior, strict=True) if given]
    if minimum:
        steps.append(Step(kind="minimum", text=f"minimum seats given to {_names(minimum)}"))
    if automatic.any():
        first = [u for u, given in zip(names, automatic, strict=True) if given]
        steps.append(
            Step(kind="automatic", text=f"a first seat (divisor 0) given to {_names(first)}")
        )
    forced = int((start_array - prior).sum())
    if forced > prep.seats:
        raise InfeasibleError(
            f"{method.name} gives {forced} seats before any ranking (minimums and a first seat "
            f"for every unit with votes), more than the {prep.seats} seats to allocate"
        )
    start = dict(zip(names, start_array.tolist(), strict=True))
    held = dict(start)
    ties: list[Tie] = []
    if prep.seats > forced:
        units = UnitArrays(
            values=votes_array.astype(np.float64) ** method.power,
            start=start_array,
            caps=caps,
            prior=prior,
        )
        guess = None if huge else float_seats(method, units, prep.seats, nearest=True)
        if guess is not None:
            held = dict(zip(names, guess.tolist(), strict=True))
        target = prep.seats + int(prior.sum())
        if guess is None or int(guess.sum()) != target or not certified(method, units, guess):
            claims = _Claims(method, prep, held, start)
            ties = _settle(claims, rule)
            held = claims.held
    for tie in ties:
        steps.append(
            Step(
                kind="tie",
                text=f"seat {tie.seat}: equal claims of {', '.join(sorted(tie.tied))}; "
                f"{', '.join(tie.winners)} chosen by {tie.rule}",
            )
        )
    seat_map = dict.fromkeys(prep.votes, 0)
    seat_map.update((unit, count - prep.prior[unit]) for unit, count in held.items())
    final = dict(held)
    return Allocation(
        method=method.id,
        house_size=prep.seats,
        votes=frozen_mapping(prep.votes),
        seats=frozen_mapping(seat_map),
        prior_seats=frozen_mapping({u: p for u, p in prep.prior.items() if p}),
        excluded=prep.excluded,
        ties=tuple(ties),
        steps=prep.steps + tuple(steps),
        priority_fn=cache(lambda: _priority_list(method, prep, final, start)),
        certificate_fn=cache(lambda: divisor_certificate(method, prep, final, ties)),
    )


__all__ = [
    "ADAMS",
    "DANISH",
    "DEAN",
    "DHONDT",
    "HUNTINGTON_HILL",
    "IMPERIALI",
    "SAINTE_LAGUE",
    "DivisorMethod",
    "allocate",
    "custom",
    "linear",
    "modified_sainte_lague",
]
