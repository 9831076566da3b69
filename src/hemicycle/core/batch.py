"""Many allocations at once: a vectorised path for simulations, exact by certification.

Rows of a vote matrix are allocated together with numpy. Divisor methods find each row's
divisor in floating point, then a row is accepted only when its smallest winning claim clears
its largest losing claim by a margin far above rounding error; quota methods compare
remainders as exact integers (``votes·(seats + offset) mod total``). Every other row — a tie,
or a near-tie within rounding — is handed to the exact engine, so the batch always agrees
with :func:`hemicycle.core.methods.apportion` row by row.

Supported options are the threshold (a share of each row's total) and the tie rule; bounds and
prior seats need the exact engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from hemicycle.core import divisors, quotas
from hemicycle.core.methods import apportion, get_method
from hemicycle.core.options import Threshold
from hemicycle.core.ties import REFUSE, TieBreak
from hemicycle.errors import DataError, InfeasibleError

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_MARGIN = 1e-9


def row_totals(votes: IntArray) -> IntArray:
    """The sum of every row of a vote matrix, as a column.

    A product with a vector of ones: several times faster than ``sum(axis=1)`` over the few
    columns of an allocation, with the same exact integer result.

    >>> row_totals(np.array([[600, 300, 100], [1, 2, 3]])).tolist()
    [[1000], [6]]
    """
    totals: IntArray = (votes @ np.ones(votes.shape[1], dtype=votes.dtype))[:, None]
    return totals


def any_in_row(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Whether each row of a boolean matrix has a true entry (a logical matrix product).

    >>> any_in_row(np.array([[False, True], [False, False]])).tolist()
    [True, False]
    """
    found: npt.NDArray[np.bool_] = mask @ np.ones(mask.shape[1], dtype=bool)
    return found


def _eligible(votes: IntArray, threshold: Threshold | None) -> npt.NDArray[np.bool_]:
    """Which entries reach the threshold of their row's total, compared exactly in integers."""
    if threshold is None:
        return np.ones(votes.shape, dtype=bool)
    totals = row_totals(votes)
    keep = np.ones(votes.shape, dtype=bool)
    if threshold.share is not None:
        num, den = threshold.share.numerator, threshold.share.denominator
        if int(votes.max(initial=0)) * den >= 2**62 or int(totals.max(initial=0)) * num >= 2**62:
            raise DataError("votes too large for the batch path; use apportion row by row")
        keep &= votes * den >= num * totals
    if threshold.votes is not None:
        keep &= votes >= threshold.votes
    return keep


@dataclass(frozen=True, slots=True)
class _Table:
    """A divisor method's first ``seats + 2`` divisors as floats (square roots for
    Huntington-Hill), their mean step, whether they are evenly spaced, and the reciprocals
    that turn a unit's votes into its claims: ``per_next[k]`` of the seat after ``k``
    (infinite after a zero divisor) and ``per_last[k]`` of the ``k``-th seat (``per_last[0]``
    unused)."""

    root: FloatArray
    slope: float
    linear: bool
    per_next: FloatArray
    per_last: FloatArray


@lru_cache(maxsize=64)
def _table(method: divisors.DivisorMethod, seats: int) -> _Table:
    root = method.float_divisors(np.arange(seats + 2, dtype=np.int64)) ** (1 / method.power)
    with np.errstate(divide="ignore"):
        per_next = 1.0 / root
    per_last = np.concatenate(([np.inf], per_next[:-1]))
    for array in (root, per_next, per_last):
        array.setflags(write=False)
    slope = float(root[-1] - root[0]) / (seats + 1)
    return _Table(
        root=root,
        slope=slope,
        linear=bool(np.all(np.diff(root) == slope)),
        per_next=per_next,
        per_last=per_last,
    )


def _counts(table: _Table, x: FloatArray) -> IntArray:
    """``#{k : root[k] < x}`` for every entry: a linear guess, corrected against the table
    unless the divisors are linear (where the guess is off only at rounding, which the
    certification catches)."""
    root, top = table.root, len(table.root) - 1
    scaled = x - root[0]
    scaled /= table.slope
    np.ceil(scaled, out=scaled)
    np.clip(scaled, 0, top, out=scaled)
    guess: IntArray = scaled.astype(np.int64)
    if table.linear:
        return guess
    for _ in range(3):
        up = (guess < top) & (root[guess] < x)
        down = (guess > 0) & (root[np.maximum(guess - 1, 0)] >= x)
        if not (up.any() or down.any()):
            return guess
        guess += up.astype(np.int64) - down.astype(np.int64)
    return np.searchsorted(root, x, side="left").astype(np.int64)


def _claims(
    values: FloatArray, absent: npt.NDArray[np.bool_], held: IntArray, table: _Table
) -> tuple[FloatArray, FloatArray]:
    """Each unit's lowest winning claim (infinite without a seat) and highest losing claim
    (zero without votes), by units × rows."""
    lowest_win = values * table.per_last[held]
    np.putmask(lowest_win, held == 0, np.inf)
    highest_loss = values * table.per_next[held]
    np.putmask(highest_loss, absent, 0.0)
    return lowest_win, highest_loss


def _settle_rows(
    values: FloatArray,
    positive: npt.NDArray[np.bool_],
    held: IntArray,
    root: FloatArray,
    seats: int,
    todo: IntArray,
) -> None:
    """Move ``held`` (units × rows) to ``seats`` in the ``todo`` rows, a seat at a time: the
    highest losing claim wins, or the lowest winning claim loses."""
    cap = len(root) - 1
    for _ in range(held.shape[0] * 4 + 8):
        if todo.size == 0:
            return
        gap = held[:, todo].sum(axis=0) - seats
        short, over = todo[gap < 0], todo[gap > 0]
        if short.size:
            claims = values[:, short] / root[np.minimum(held[:, short], cap)]
            claims[~positive[:, short]] = -1.0
            held[np.argmax(claims, axis=0), short] += 1
        if over.size:
            part = held[:, over]
            won = values[:, over] / root[np.maximum(part - 1, 0)]
            won[part == 0] = np.inf
            held[np.argmin(won, axis=0), over] -= 1
        todo = todo[held[:, todo].sum(axis=0) != seats]


def _divisor_rows(
    votes: IntArray, seats: int, method: divisors.DivisorMethod
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Seats by a divisor method for every row, and which rows are certified.

    The work is done on the transpose (a row per unit), so that sums, minima and maxima over
    the units of every allocation are element-wise operations on contiguous rows.
    """
    units = votes.shape[1]
    table = _table(method, seats)
    root, slope = table.root, table.slope
    values = np.array(votes.T, dtype=np.float64, order="C")
    positive = values > 0
    absent = ~positive
    if root[0] == 0 and (positive.sum(axis=0) > seats).any():
        most = int(positive.sum(axis=0).max())
        raise InfeasibleError(
            f"{method.name} gives {most} seats before any ranking (a first seat for every "
            f"unit with votes), more than the {seats} seats to allocate"
        )
    total = values.sum(axis=0)
    total[total == 0] = 1.0
    scale = np.maximum((slope * (seats - units / 2) + units * root[0]) / total, 1e-300)
    held = _counts(table, values * scale)
    np.minimum(held, seats, out=held)
    with np.errstate(divide="ignore", invalid="ignore"):
        lowest_win, highest_loss = _claims(values, absent, held, table)
        gap = held.sum(axis=0) - seats
        if gap.any():
            # Every allocation a seat closer at once: where seats are missing the highest
            # losing claim wins one, where there are too many the lowest winning claim loses
            # one (a tie moves several, and the certification below refuses the row).
            held += (highest_loss == highest_loss.max(axis=0)) & (gap < 0)
            held -= (lowest_win == lowest_win.min(axis=0)) & (gap > 0)
            todo = np.flatnonzero(held.sum(axis=0) != seats)
            if todo.size:
                _settle_rows(values, positive, held, root, seats, todo)
            lowest_win, highest_loss = _claims(values, absent, held, table)
    certified = (held.sum(axis=0) == seats) & (
        lowest_win.min(axis=0) > highest_loss.max(axis=0) * (1 + _MARGIN)
    )
    return np.ascontiguousarray(held.T), certified


def _quota_rows(
    votes: IntArray, seats: int, rule: quotas.QuotaRule
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Seats by largest remainder for every row, exact in integers; uncertain rows flagged.

    A row whose products ``votes·(seats + offset)`` or total could pass 2**62 is flagged too
    (int64 would wrap), and goes to the exact engine.
    """
    units, offset = votes.shape[1], max(rule.offset, 1)
    fits = votes.max(axis=1, initial=0) < 2**62 // (units * (seats + offset))
    votes = np.where(fits[:, None], votes, 0)
    total = votes.sum(axis=1, keepdims=True)
    safe_total = np.where(total == 0, 1, total)
    if rule.integer:
        quota = safe_total // (seats + 1) + 1
        whole = votes // quota
        remainder = votes - whole * quota
        scale = quota
    else:
        whole = votes * (seats + rule.offset) // safe_total
        remainder = votes * (seats + rule.offset) - whole * safe_total
        scale = safe_total
    del scale
    left = seats - whole.sum(axis=1)
    order = np.argsort(-remainder, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(votes.shape[1])[None, :], axis=1)
    held = whole + (ranks < left[:, None])
    ranked = np.take_along_axis(remainder, order, axis=1)
    clipped = np.clip(left, 1, votes.shape[1] - 1)
    boundary_tie = (
        (left > 0)
        & (left < votes.shape[1])
        & (
            np.take_along_axis(ranked, (clipped - 1)[:, None], axis=1)[:, 0]
            == np.take_along_axis(ranked, clipped[:, None], axis=1)[:, 0]
        )
    )
    certified = (left >= 0) & (left <= votes.shape[1]) & ~boundary_tie & (total[:, 0] > 0) & fits
    return held.astype(np.int64), certified


def apportion_batch(
    votes: npt.ArrayLike,
    seats: int,
    *,
    method: str = "sainte_lague",
    first_divisor: Fraction | int | str | None = None,
    threshold: str | int | Fraction | Threshold | None = None,
    tie_break: str | TieBreak | None = REFUSE,
) -> IntArray:
    """Allocate ``seats`` for every row of a (rows × units) vote matrix.

    Row ``r`` of the answer equals ``apportion`` of row ``r`` exactly (units named by their
    column index); rows the fast path cannot certify are computed by the exact engine.

    >>> apportion_batch([[600, 300, 100], [100, 100, 800]], 10, method="dhondt").tolist()
    [[6, 3, 1], [1, 1, 8]]
    """
    matrix = np.asarray(votes)
    if matrix.ndim != 2 or matrix.shape[1] == 0:
        raise DataError("votes must be a matrix with one row per allocation and a column per unit")
    if not np.issubdtype(matrix.dtype, np.integer):
        raise DataError(f"votes must be whole numbers (got dtype {matrix.dtype})")
    matrix = matrix.astype(np.int64, copy=False)
    if (matrix < 0).any():
        raise DataError("votes must be non-negative")
    if seats < 0:
        raise DataError(f"seats must be non-negative (got {seats})")
    rule = None if threshold is None else Threshold.parse(threshold)
    counted = matrix
    if rule is not None:
        keep = _eligible(matrix, rule)
        counted = np.where(keep, matrix, 0)
    entry = get_method(method)
    if entry.divisor is not None:
        divisor = entry.divisor
        if first_divisor is not None:
            divisor = divisors.modified_sainte_lague(first_divisor)
        held, certified = _divisor_rows(counted, seats, divisor)
    elif entry.quota is not None:
        held, certified = _quota_rows(counted, seats, entry.quota)
    else:
        raise DataError(f"method {method!r} has no batch path")
    if rule is not None:  # a row where no unit passes goes to the exact engine's error
        certified &= any_in_row(keep) | (seats == 0)
    names = [str(column) for column in range(matrix.shape[1])]
    for row in np.flatnonzero(~certified):
        exact = apportion(
            dict(zip(names, (int(v) for v in matrix[row]), strict=True)),
            seats,
            method=method,
            first_divisor=first_divisor,
            threshold=rule,
            tie_break=tie_break,
        )
        held[row] = [exact.seats[name] for name in names]
    return held


def apportion_array(
    votes: npt.ArrayLike,
    seats: int,
    *,
    method: str = "sainte_lague",
    first_divisor: Fraction | int | str | None = None,
    threshold: str | int | Fraction | Threshold | None = None,
    min_seats: int = 0,
    max_seats: int | None = None,
    tie_break: str | TieBreak | None = REFUSE,
) -> IntArray:
    """Allocate ``seats`` among the units of one vote vector, for large houses.

    The answer equals :func:`hemicycle.core.methods.apportion` on the same votes (units named by
    index); it skips the per-unit bookkeeping of the exact result, and hands any vector it
    cannot certify to the exact engine.

    >>> apportion_array([4_802_982, 721_523, 6_412_700], 20, method="huntington_hill",
    ...                 min_seats=1).tolist()
    [8, 1, 11]
    """
    vector = np.asarray(votes)
    if vector.ndim != 1 or vector.size == 0:
        raise DataError("votes must be a non-empty vector")
    if not np.issubdtype(vector.dtype, np.integer):
        raise DataError(f"votes must be whole numbers (got dtype {vector.dtype})")
    counts = vector.astype(np.int64)
    if (counts < 0).any() or seats < 0 or min_seats < 0:
        raise DataError("votes, seats and minimum seats must be non-negative")
    rule = None if threshold is None else Threshold.parse(threshold)
    keep = _eligible(counts[None, :], rule)[0]
    entry = get_method(method)
    held: IntArray | None = None
    if entry.divisor is not None:
        divisor = entry.divisor
        if first_divisor is not None:
            divisor = divisors.modified_sainte_lague(first_divisor)
        cap = divisors.NO_CAP if max_seats is None else max_seats
        units = divisors.UnitArrays(
            values=np.where(keep, counts, 0).astype(np.float64) ** divisor.power,
            start=np.zeros_like(counts),
            caps=np.where(keep, cap, 0),
            prior=np.zeros_like(counts),
        )
        start, _ = divisors.forced_seats(
            divisor, np.where(keep, counts, 0), np.where(keep, min_seats, 0), units.caps,
            units.prior,
        )  # fmt: skip
        units = divisors.UnitArrays(
            values=units.values, start=start, caps=units.caps, prior=units.prior
        )
        if int(start.sum()) <= seats and (max_seats is None or int(units.caps.sum()) >= seats):
            guess = divisors.float_seats(divisor, units, seats)
            if guess is not None and divisors.certified(divisor, units, guess):
                held = guess
    elif entry.quota is not None and min_seats == 0 and max_seats is None:
        row, ok = _quota_rows(np.where(keep, counts, 0)[None, :], seats, entry.quota)
        if ok[0] and keep.any():
            held = row[0]
    if held is not None:
        return held
    names = [str(index) for index in range(len(counts))]
    exact = apportion(
        dict(zip(names, counts.tolist(), strict=True)),
        seats,
        method=method,
        first_divisor=first_divisor,
        threshold=rule,
        min_seats=min_seats or None,
        max_seats=max_seats,
        tie_break=tie_break,
    )
    return np.array([exact.seats[name] for name in names], dtype=np.int64)


__all__ = ["any_in_row", "apportion_array", "apportion_batch", "row_totals"]
