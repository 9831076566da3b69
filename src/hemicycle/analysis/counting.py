"""Exact counting of swings and winning coalitions, by coalition size.

Every power index is a ratio of counts: for each player ``i`` and size ``k``, the number of
coalitions ``S`` of ``k`` other players that lose without ``i`` and win with it (the *swings*),
and the number of winning coalitions of each size. Three exact engines count them:

- weighted games: the generating function ``∏ (1 + t·x^wᵢ)`` truncated below the quota
  (Brams & Affuso 1976; Uno, *Efficient computation of power indices for weighted majority
  games*, 2012). The coefficients are counted modulo ``2**64`` (numpy's wrapping ``uint64``) and
  modulo primes below ``2**40``, as many as ``2**n`` needs, and recombined by the Chinese
  remainder theorem — never in floating point. One table serves every player: the
  generating function without player ``i`` is the table divided by ``1 + t·x^wᵢ``, whose
  window sums are alternating sums of prefix sums;
- multi-layer games: the players other than ``i`` are split in two halves whose subset sums
  are enumerated, grouped by size and small layers, and matched by binary search on the
  largest layer (meet in the middle);
- any game of at most :data:`~hemicycle.analysis.games.ENUMERATION_LIMIT` players: the table
  of all ``2**n`` coalitions.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from hemicycle.analysis.games import (
    ENUMERATION_LIMIT,
    DualGame,
    Game,
    MultiLayerGame,
    WeightedGame,
    subset_sums,
)
from hemicycle.errors import DataError

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Residues = npt.NDArray[np.integer[Any]]

TABLE_LIMIT = 400_000_000
"""Largest generating-function table (cells) the weighted engine builds."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SwingProfile:
    """Swings and winning coalitions counted by size.

    Attributes:
        n: number of players.
        swings: ``swings[i][k]``: coalitions of ``k`` players other than ``i`` that lose
            alone and win with ``i``.
        winning: ``winning[k]``: winning coalitions of ``k`` players.
    """

    n: int
    swings: tuple[tuple[int, ...], ...]
    winning: tuple[int, ...]

    def total_swings(self, player: int) -> int:
        return sum(self.swings[player])

    @property
    def total_winning(self) -> int:
        return sum(self.winning)


@dataclass(frozen=True, slots=True, kw_only=True)
class MinimalProfile:
    """Minimal winning coalitions and critical players, for the indices that use them.

    Attributes:
        minimal: ``minimal[i][k]``: minimal winning coalitions of size ``k`` containing ``i``.
        minimal_total: ``minimal_total[k]``: minimal winning coalitions of size ``k``.
        johnston: ``Σ 1/c(S)`` over winning ``S`` in which ``i`` is critical, ``c(S)`` the
            number of critical members of ``S`` (Johnston 1978).
    """

    minimal: tuple[tuple[int, ...], ...]
    minimal_total: tuple[int, ...]
    johnston: tuple[Fraction, ...]


# --- modular arithmetic -------------------------------------------------------------------


def _is_prime(candidate: int) -> bool:
    """Deterministic Miller-Rabin for numbers below 3.3·10²⁴."""
    if candidate < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for p in small:
        if candidate % p == 0:
            return candidate == p
    d, r = candidate - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for base in small:
        x = pow(base, d, candidate)
        if x in (1, candidate - 1):
            continue
        for _ in range(r - 1):
            x = x * x % candidate
            if x == candidate - 1:
                break
        else:
            return False
    return True


@cache
def primes_below_2_40(count: int) -> tuple[int, ...]:
    """The ``count`` largest primes below ``2**40``.

    >>> primes_below_2_40(1)
    (1099511627689,)
    """
    found: list[int] = []
    candidate = 2**40 - 1
    while len(found) < count:
        if _is_prime(candidate):
            found.append(candidate)
        candidate -= 2
    return tuple(found)


def _moduli(bits: int) -> tuple[int, ...]:
    """``2**64`` and enough primes below ``2**40`` that their product exceeds ``2**bits``."""
    extra = max(0, math.ceil((bits + 1 - 64) / 39))
    return (2**64, *primes_below_2_40(extra))


def crt(residues: list[list[int]], moduli: tuple[int, ...]) -> list[int]:
    """Recombine residues (one list per modulus) into the integers in ``[0, ∏ moduli)``.

    >>> crt([[3, 0], [4, 1]], (5, 7))
    [18, 15]
    """
    values = list(residues[0])
    product = moduli[0]
    for residue, modulus in zip(residues[1:], moduli[1:], strict=True):
        inverse = pow(product % modulus, -1, modulus)
        values = [
            v + product * ((r - v) * inverse % modulus)
            for v, r in zip(values, residue, strict=True)
        ]
        product *= modulus
    return values


def _reduce(table: U64, modulus: int) -> None:
    if modulus != 2**64:
        np.remainder(table, np.uint64(modulus), out=table)


# --- weighted games: generating functions -------------------------------------------------


def _weighted_table(weights: list[int], quota: int, modulus: int, sizes: bool) -> U64:
    """Coefficients of ``∏(1 + t·x^w)`` for ``x`` powers below ``quota`` (rows: powers of t
    when ``sizes``), modulo ``modulus``; players are added lightest first so that each row's
    support stays narrow."""
    order = sorted(weights)
    n = len(order)
    prefix = [0, *itertools.accumulate(order)]
    rows = n + 1 if sizes else 1
    table = np.zeros((rows, quota), dtype=np.uint64)
    table[0, 0] = 1
    # lazily reduced: with moduli below 2**40 values stay below 2**63 for 23 additions
    since_reduced = 0
    for added, weight in enumerate(order):
        if weight >= quota:
            continue
        if sizes:
            for k in range(min(added, n - 1), -1, -1):
                low = prefix[k]  # lightest k players so far
                if low + weight >= quota:
                    continue
                high = min(prefix[added] - prefix[added - k], quota - 1 - weight)
                table[k + 1, low + weight : high + weight + 1] += table[k, low : high + 1]
        else:
            row = table[0]
            row[weight:] += row[: quota - weight].copy()
        since_reduced += 1
        if since_reduced == 22:
            # rows whose lightest coalition is already past the quota stay empty
            active = next((k for k in range(rows) if prefix[k] >= quota), rows)
            _reduce(table[: min(active, added + 2)], modulus)
            since_reduced = 0
    _reduce(table, modulus)
    return table


def _prefix_sums(table: U64, modulus: int) -> Residues:
    """Exclusive prefix sums along each row (``prefix[:, x] = Σ_{w < x}``), modulo
    ``modulus``; in column blocks of ``2**22`` so that sums of residues below ``2**40``
    never overflow."""
    rows, width = table.shape
    if modulus == 2**64:
        prefix64 = np.zeros((rows, width + 1), dtype=np.uint64)
        np.cumsum(table, axis=1, out=prefix64[:, 1:])
        return prefix64
    prefix = np.zeros((rows, width + 1), dtype=np.int64)
    block = 2**22
    carry = np.zeros(rows, dtype=np.int64)
    for start in range(0, width, block):
        stop = min(start + block, width)
        part = np.cumsum(table[:, start:stop].astype(np.int64), axis=1)
        part += carry[:, None]
        np.remainder(part, modulus, out=part)
        prefix[:, start + 1 : stop + 1] = part
        carry = part[:, -1].copy()
    return prefix


def _window_counts(prefix: Residues, weight: int, quota: int, modulus: int) -> Residues:
    """For one player of ``weight``: per row ``k``, the coefficients of the generating function
    without that player summed over the window ``[quota - weight, quota)``, modulo ``modulus``.

    Dividing by ``1 + t·x^w`` gives ``Σⱼ (-1)^j t^j x^{jw}``, so the window of row ``k`` is
    ``Σⱼ (-1)^j (window shifted down by j·w of row k - j)``; the shifted windows tile
    ``[0, quota)`` downwards. Without the size dimension every ``j`` falls on the one row.
    """
    rows = prefix.shape[0]
    result = np.zeros(rows, dtype=prefix.dtype)
    if weight == 0:
        return result
    if rows == 1:
        tops = np.arange(quota, 0, -weight)
        bottoms = np.maximum(tops - weight, 0)
        windows = prefix[0, tops] - prefix[0, bottoms]
        if modulus == 2**64:
            total = int(windows[0::2].sum()) - int(windows[1::2].sum())
        else:
            total = sum(int(v) for v in windows[0::2]) - sum(int(v) for v in windows[1::2])
        result[0] = total % modulus
        return result
    top = quota
    j = 0
    while top > 0 and j < rows:
        bottom = max(top - weight, 0)
        window = prefix[: rows - j, top] - prefix[: rows - j, bottom]
        if j % 2 == 0:
            result[j:] += window
        else:
            result[j:] -= window
        if modulus != 2**64:
            np.remainder(result, modulus, out=result)
        top = bottom
        j += 1
    return result


def _check_table(rows: int, quota: int) -> None:
    """Refuse a generating-function table of more than :data:`TABLE_LIMIT` cells."""
    if rows * quota > TABLE_LIMIT:
        raise DataError(
            f"the exact table for this game has {rows * quota:,} cells (limit "
            f"{TABLE_LIMIT:,}); divide the weights by their common factor or use fewer players"
        )


def _weighted_profile(game: WeightedGame, sizes: bool) -> SwingProfile:
    n, quota, weights = game.n, game.quota, list(game.weights)
    rows = n + 1 if sizes else 1
    _check_table(rows, quota)
    moduli = _moduli(n + 1)
    swing_residues: list[list[int]] = []
    losing_residues: list[list[int]] = []
    for modulus in moduli:
        table = _weighted_table(weights, quota, modulus, sizes)
        prefix = _prefix_sums(table, modulus)
        per_weight = {w: _window_counts(prefix, w, quota, modulus) for w in set(weights)}
        per_player = [per_weight[w] for w in weights]  # players of equal weight swing alike
        swing_residues.append([int(v) % modulus for row in per_player for v in row])
        losing_residues.append([int(v) % modulus for v in prefix[:, quota]])
    swing_values = crt(swing_residues, moduli)
    losing = crt(losing_residues, moduli)
    if sizes:
        swings = tuple(tuple(swing_values[i * rows : i * rows + n]) for i in range(n))
        winning = tuple(math.comb(n, k) - losing[k] for k in range(n + 1))
    else:
        swings = tuple((swing_values[i],) for i in range(n))
        winning = (2**n - losing[0],)
    return SwingProfile(n=n, swings=swings, winning=winning)


# --- multi-layer games: meet in the middle -------------------------------------------------


def _half_sums(columns: list[list[int]], width: int) -> I64:
    """Subset sums of a group of players: one row per subset, one column per layer (the
    first column is the size)."""
    if not columns:
        return np.zeros((1, width), dtype=np.int64)
    return np.stack([subset_sums(c) for c in zip(*columns, strict=True)], axis=1)


def _multilayer_profile(game: MultiLayerGame, *, swings_too: bool = True) -> SwingProfile:
    if game.n > 2 * ENUMERATION_LIMIT:
        raise DataError(
            f"multi-layer games are counted by meeting in the middle; limited to "
            f"{2 * ENUMERATION_LIMIT} players (got {game.n})"
        )
    n = game.n
    big = max(range(len(game.layers)), key=lambda layer: sum(game.layers[layer].weights))
    small = [layer for layer in range(len(game.layers)) if layer != big]
    # per player: (size, small-layer weights…, big-layer weight)
    player_rows = [
        [1, *(game.layers[s].weights[p] for s in small), game.layers[big].weights[p]]
        for p in range(n)
    ]
    small_quotas = np.array([game.layers[s].quota for s in small], dtype=np.int64)
    big_quota = game.layers[big].quota
    never = sum(game.layers[big].weights) + max(game.layers[big].weights) + 1
    swings = [np.zeros(n + 1, dtype=np.int64) for _ in range(n)]
    winning = np.zeros(n + 2, dtype=np.int64)

    def threshold(size: I64, smalls: I64) -> I64:
        """The least big-layer weight with which coalitions of these sizes and small sums
        win: 0 when they win anyway, ``never`` when they cannot."""
        passes = np.all(smalls >= small_quotas, axis=1)
        needed = np.where(passes, big_quota, never)
        return np.where(n - size < game.blocking_minimum, 0, needed)

    radix = [n + 1] + [sum(game.layers[s].weights) + 1 for s in small]
    if math.prod(radix) >= 2**62:
        raise DataError(
            "the layers of this game other than the largest have too many distinct sums to "
            "group exactly; give the members layer and one weighted layer"
        )

    def grouped(sums: I64) -> list[tuple[I64, I64]]:
        """Subsets grouped by (size, small sums), each group's big sums sorted."""
        key = np.zeros(len(sums), dtype=np.int64)
        for column, base in enumerate(radix):
            key = key * base + sums[:, column]
        order = np.argsort(sums[:, -1], kind="stable")
        order = order[np.argsort(key[order], kind="stable")]
        keys, starts = np.unique(key[order], return_index=True)
        bounds = [*starts.tolist(), len(order)]
        ordered = sums[order]
        return [
            (ordered[bounds[g], :-1], ordered[bounds[g] : bounds[g + 1], -1])
            for g in range(len(keys))
        ]

    def count(others: list[int], extra: list[int] | None, target: I64) -> None:
        """Add to ``target[k]`` the coalitions of ``k`` of ``others`` that win (``extra`` is
        None) or that are swings for the player whose row is ``extra``."""
        half = len(others) // 2
        width = len(player_rows[0])
        left = _half_sums([player_rows[p] for p in others[:half]], width)
        right = _half_sums([player_rows[p] for p in others[half:]], width)
        lbig = left[:, -1]
        for key, rbig in grouped(right):
            size = left[:, 0] + key[0]
            smalls = left[:, 1:-1] + key[1:]
            lose_below = threshold(size, smalls)
            if extra is None:
                below = np.searchsorted(rbig, lose_below - lbig, side="left")
                np.add.at(target, size, len(rbig) - below)
                continue
            with_i = threshold(size + 1, smalls + np.array(extra[1:-1], dtype=np.int64))
            low = with_i - extra[-1]  # S ∪ {i} wins from here on
            high = lose_below  # S alone wins from here on
            valid = (with_i != never) & (lose_below != 0) & (high > low)
            hi_count = np.where(
                high == never, len(rbig), np.searchsorted(rbig, high - lbig, side="left")
            )
            lo_count = np.searchsorted(rbig, low - lbig, side="left")
            np.add.at(target, size, np.where(valid, hi_count - lo_count, 0))

    for player in range(n) if swings_too else ():
        others = [p for p in range(n) if p != player]
        count(others, player_rows[player], swings[player])
    count(list(range(n)), None, winning)
    return SwingProfile(
        n=n,
        swings=tuple(tuple(int(c) for c in s[:n]) for s in swings),
        winning=tuple(int(c) for c in winning[: n + 1]),
    )


# --- weighted games: minimal winning coalitions --------------------------------------------


def _window_sums(block: U64, modulus: int) -> list[int]:
    """Each row's sum modulo ``modulus`` (columns in blocks of ``2**22``, so that sums of
    residues below ``2**40`` never overflow)."""
    if modulus == 2**64:
        return [int(v) for v in block.sum(axis=1, dtype=np.uint64)]
    totals = [0] * block.shape[0]
    for start in range(0, block.shape[1], 2**22):
        part = np.remainder(block[:, start : start + 2**22], np.uint64(modulus))
        for row, value in enumerate(part.sum(axis=1, dtype=np.uint64).tolist()):
            totals[row] = (totals[row] + value) % modulus
    return totals


def _minimal_counts(weights: list[int], quota: int, modulus: int, rows: int) -> list[int]:
    """Minimal winning coalitions of ``[quota; weights]`` counted by size ``0 … rows − 1``
    (``rows`` above the number of players), or in total (``rows`` 1), modulo ``modulus``.

    A winning coalition is minimal iff it loses without its lightest member (every other member
    weighs at least as much). Players are added heaviest first to the table of subsets of the
    players added so far (by size and weight, weights below the quota); adding player ``j`` as
    the lightest member closes exactly the subsets ``T`` with ``quota − wⱼ ≤ w(T) < quota``.
    Players of weight 0 are in no minimal winning coalition.
    """
    order = sorted((w for w in weights if w), reverse=True)
    sizes = rows > 1
    table = np.zeros((rows, quota), dtype=np.uint64)
    table[0, 0] = 1
    found = [0] * rows
    since_reduced = 0
    for added, weight in enumerate(order):
        low = max(quota - weight, 0)
        window = _window_sums(table[: added + 1, low:quota], modulus)
        if sizes:
            for k, count in enumerate(window):
                found[k + 1] = (found[k + 1] + count) % modulus
        else:
            found[0] = (found[0] + window[0]) % modulus
        if weight >= quota or added == len(order) - 1:
            continue
        if sizes:
            for k in range(added, -1, -1):
                lightest = sum(order[added - k : added])  # k lightest players added so far
                if lightest + weight < quota:
                    table[k + 1, lightest + weight :] += table[k, lightest : quota - weight]
        else:
            row = table[0]
            row[weight:] += row[: quota - weight].copy()
        since_reduced += 1
        if since_reduced == 22:
            _reduce(table, modulus)
            since_reduced = 0
    return found


def weighted_minimal_profile(game: WeightedGame, *, sizes: bool = True) -> MinimalProfile:
    """Minimal winning coalitions of a weighted game, per player and by size, counted exactly
    by dynamic programming over the weights (no enumeration; Johnston values are not counted).

    The minimal winning coalitions containing player ``i`` are all of them less those of the
    game without ``i`` (a coalition without ``i`` is minimal in both or in neither); players of
    equal weight share one count. Counts are taken modulo ``2**64`` and primes below ``2**40``
    and recombined by the Chinese remainder theorem. With ``d`` distinct weights the work is
    ``d·n²·quota`` cell additions by size, ``d·n·quota`` with ``sizes=False`` (one total per
    player in ``minimal[i][0]``, enough for Holler's index).

    >>> profile = weighted_minimal_profile(WeightedGame(("A", "B", "C"), (2, 1, 1), 3))
    >>> profile.minimal, profile.minimal_total
    (((0, 0, 2, 0), (0, 0, 1, 0), (0, 0, 1, 0)), (0, 0, 2, 0))
    """
    n, quota, weights = game.n, game.quota, list(game.weights)
    rows = n + 1 if sizes else 1
    _check_table(rows, quota)
    distinct = sorted({w for w in weights if w})
    moduli = _moduli(n + 1)
    residues: list[list[int]] = []
    for modulus in moduli:
        values = _minimal_counts(weights, quota, modulus, rows)
        for weight in distinct:
            others = list(weights)
            others.remove(weight)
            if sum(others) >= quota:
                values += _minimal_counts(others, quota, modulus, rows)
            else:
                values += [0] * rows
        residues.append(values)
    counts = crt(residues, moduli)
    total = tuple(counts[:rows])
    without = {weight: counts[(j + 1) * rows : (j + 2) * rows] for j, weight in enumerate(distinct)}
    minimal = tuple(
        tuple(total[k] - without[w][k] for k in range(rows)) if w else (0,) * rows for w in weights
    )
    return MinimalProfile(minimal=minimal, minimal_total=total, johnston=())


# --- weighted games: Johnston's critical members --------------------------------------------

JOHNSTON_WORK_LIMIT = 3_000_000_000
"""Most cell operations the weighted Johnston count undertakes (``≈ d·n²·quota``)."""


def _subsets_after(weights: list[int], quota: int) -> list[npt.NDArray[np.object_]]:
    """For each position ``m``: ``P[s]`` = subsets of the players after ``m`` weighing less
    than ``s``, for ``s`` in ``0 … quota`` (exact integers)."""
    n = len(weights)
    table = np.zeros(quota, dtype=object)
    table[0] = 1
    found: list[npt.NDArray[np.object_]] = [table] * n
    for m in range(n - 1, -1, -1):
        prefix = np.zeros(quota + 1, dtype=object)
        prefix[1:] = np.cumsum(table)
        found[m] = prefix
        if weights[m] < quota:
            table[weights[m] :] += table[: quota - weights[m]].copy()
    return found


def weighted_johnston(game: WeightedGame) -> tuple[Fraction, ...]:
    """Johnston's raw values ``Σ 1/c(S)`` over the winning coalitions ``S`` in which each player
    is critical, for a weighted game, exactly and without enumerating coalitions.

    In a weighted game the critical members of a winning ``S`` are exactly those heavier than
    its excess ``e = w(S) − quota``. With the players in decreasing weight, they are the first
    ``c(S)`` members of ``S``; let ``j`` be the last of them. Then ``S = A ∪ {j} ∪ B`` with ``A``
    any players before ``j`` and ``B`` players after ``j``, and (1) ``w(A) + w(B) < quota ≤
    w(A) + w_j + w(B)`` (``S`` wins, ``j`` is critical) and (2) the heaviest ``m`` of ``B``
    is not critical: ``S ∖ {m}`` still wins. The subsets ``A`` are counted by size and weight
    below the quota (players added heaviest first); the subsets ``B`` by their heaviest member
    ``m`` and the weight ``s`` of the rest (players after ``m``), which (1) and (2) confine to
    ``quota − w_j − w(A) ≤ s < quota − w(A) − w_m``. The members of ``A`` containing player
    ``i`` are those of the table without ``i`` (divided by ``1 + t·x^wᵢ``), one division per
    distinct weight. Counts are exact integers; the work is about ``d·n²·quota`` (``d``
    distinct weights).

    >>> weighted_johnston(WeightedGame(("A", "B", "C"), (50, 49, 1), 51))
    (Fraction(2, 1), Fraction(1, 2), Fraction(1, 2))
    """
    n, quota = game.n, game.quota
    order = sorted(range(n), key=lambda p: -game.weights[p])
    weights = [game.weights[p] for p in order]
    distinct = len(set(weights))
    if distinct * n * n * quota > JOHNSTON_WORK_LIMIT:
        raise DataError(
            f"Johnston's index of this game needs about {distinct * n * n * quota:,} cell "
            f"operations (limit {JOHNSTON_WORK_LIMIT:,}); divide the weights by their common "
            "factor or use fewer players"
        )
    after = _subsets_after(weights, quota)
    excess = np.arange(quota)  # w(A), the column of the table of subsets A
    counts = [[0] * (n + 2) for _ in range(n)]  # counts[position][c(S)]
    before = np.zeros((n + 1, quota), dtype=object)
    before[0, 0] = 1
    for j, wj in enumerate(weights):
        if wj == 0:
            break  # players of weight 0 are never critical; the rest weigh 0 too
        # closing[x]: subsets B that complete an A of weight x with j as last critical member
        closing = np.zeros(quota, dtype=object)
        closing[max(quota - wj, 0) :] += 1  # B empty
        for m in range(j + 1, n):
            if weights[m] >= wj:
                continue
            low = np.maximum(quota - wj - excess, 0)
            high = quota - excess - weights[m]  # exclusive
            valid = high > low
            prefix = after[m]
            closing[valid] += prefix[high[valid]] - prefix[low[valid]]
        rows = j + 1  # subsets A of the j players before j have 0 … j members
        for a, value in enumerate(before[:rows].dot(closing)):
            counts[j][a + 1] += value
        for weight in sorted(set(weights[:j])):
            if weight >= quota:
                continue  # such a player alone wins: it is never in a losing A
            without = before[:rows].copy()
            for a in range(1, rows):
                without[a, weight:] -= without[a - 1, : quota - weight]
            shared = without[: rows - 1, : quota - weight].dot(closing[weight:])
            for i in range(j):
                if weights[i] == weight:
                    for a, value in enumerate(shared):
                        counts[i][a + 2] += value
        if wj < quota:
            before[1:, wj:] += before[:-1, : quota - wj].copy()
    raw = [Fraction(0)] * n
    for position, player in enumerate(order):
        raw[player] = sum(
            (Fraction(int(c), k) for k, c in enumerate(counts[position]) if k and c), Fraction(0)
        )
    return tuple(raw)


# --- any game: enumeration ------------------------------------------------------------------


def coalition_sizes(n: int) -> npt.NDArray[np.int8]:
    """The number of members of every coalition, indexed by bit mask."""
    sizes = np.zeros(1, dtype=np.int8)
    for _ in range(n):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes


def _enumerated_swings(table: npt.NDArray[np.bool_], n: int) -> SwingProfile:
    sizes = coalition_sizes(n)
    swings = []
    for player in range(n):
        shaped = table.reshape(-1, 2, 2**player)
        swing = shaped[:, 1, :] & ~shaped[:, 0, :]
        size = sizes.reshape(-1, 2, 2**player)[:, 0, :]
        counts = np.bincount(size[swing], minlength=n)
        swings.append(tuple(int(c) for c in counts[:n]))
    winning = np.bincount(sizes[table], minlength=n + 1)
    return SwingProfile(n=n, swings=tuple(swings), winning=tuple(int(c) for c in winning))


def swing_profile(game: Game, *, sizes: bool = True) -> SwingProfile:
    """Swings and winning coalitions of ``game``, counted exactly by the fastest engine.

    With ``sizes=False`` a weighted game is counted without the size dimension (enough for
    Banzhaf and Coleman); ``swings[i]`` and ``winning`` then hold one total each.

    >>> profile = swing_profile(WeightedGame(("A", "B", "C"), (2, 1, 1), 3))
    >>> profile.swings, profile.winning
    (((0, 2, 1), (0, 1, 0), (0, 1, 0)), (0, 0, 2, 1))
    """
    if isinstance(game, WeightedGame):
        return _weighted_profile(game, sizes)
    if isinstance(game, DualGame):
        inner = swing_profile(game.game)
        n = inner.n
        return SwingProfile(
            n=n,
            swings=tuple(tuple(reversed(s)) for s in inner.swings),
            winning=tuple(math.comb(n, k) - inner.winning[n - k] for k in range(n + 1)),
        )
    if game.n <= 16:
        return _enumerated_swings(game.winning_table(), game.n)
    return _multilayer_profile(game)


def winning_count(game: Game) -> int:
    """The number of winning coalitions ``|W|``, counted exactly without the swings.

    >>> winning_count(WeightedGame(("A", "B", "C"), (2, 1, 1), 3))
    3
    """
    if isinstance(game, WeightedGame):
        return swing_profile(game, sizes=False).total_winning
    if isinstance(game, DualGame):
        # S wins the dual game iff its complement loses the game
        total: int = 2**game.n
        return total - winning_count(game.game)
    if game.n <= 16:
        return int(np.count_nonzero(game.winning_table()))
    return _multilayer_profile(game, swings_too=False).total_winning


def enumerated_swings(game: Game) -> SwingProfile:
    """Swings counted by enumerating every coalition (the reference the engines are tested
    against)."""
    return _enumerated_swings(game.winning_table(), game.n)


def critical_coalitions(table: npt.NDArray[np.bool_], player: int) -> npt.NDArray[np.bool_]:
    """Coalitions containing ``player`` that win with it and lose without it."""
    shaped = table.reshape(-1, 2, 2**player)
    mine = np.zeros(shaped.shape, dtype=np.bool_)
    mine[:, 1, :] = shaped[:, 1, :] & ~shaped[:, 0, :]
    return mine.reshape(-1)


def minimal_profile(game: Game) -> MinimalProfile:
    """Minimal winning coalitions and critical players, by enumerating every coalition.

    A member of a winning coalition is *critical* when the coalition loses without it; a
    winning coalition is *minimal* when every member is critical.
    """
    n = game.n
    table = game.winning_table()
    sizes = coalition_sizes(n)
    critical_count = np.zeros(2**n, dtype=np.int8)
    for player in range(n):
        critical_count += critical_coalitions(table, player)
    is_minimal = table & (critical_count == sizes)
    minimal_total = np.bincount(sizes[is_minimal], minlength=n + 1)
    minimal = []
    johnston = []
    for player in range(n):
        mine = critical_coalitions(table, player)
        minimal.append(
            tuple(int(c) for c in np.bincount(sizes[mine & is_minimal], minlength=n + 1))
        )
        by_count = np.bincount(critical_count[mine], minlength=n + 1)
        johnston.append(
            sum((Fraction(int(c), k) for k, c in enumerate(by_count) if k and c), Fraction(0))
        )
    return MinimalProfile(
        minimal=tuple(minimal),
        minimal_total=tuple(int(c) for c in minimal_total),
        johnston=tuple(johnston),
    )


__all__ = [
    "JOHNSTON_WORK_LIMIT",
    "TABLE_LIMIT",
    "MinimalProfile",
    "SwingProfile",
    "coalition_sizes",
    "critical_coalitions",
    "crt",
    "enumerated_swings",
    "minimal_profile",
    "primes_below_2_40",
    "swing_profile",
    "weighted_johnston",
    "weighted_minimal_profile",
    "winning_count",
]
