"""The lower apportionment of biproportional apportionment, computed exactly.

Given votes ``v[i][j]`` of party ``i`` in district ``j``, party totals ``r`` and district totals
``c`` (with equal sums), find party divisors ``P_i`` and district divisors ``D_j`` such that
rounding every quotient ``v[i][j] / (D_j · P_i)`` by the divisor method's rounding gives seats
that add up to ``r`` in every row and ``c`` in every column (Balinski & Demange, *Math.
Programming* 45, 1989; Pukelsheim, *Proportional Representation*, 2017, ch. 14).

How it is computed:

1. *Alternating scaling* in floating point (numpy): fit every district to its total, then every
   party, and repeat until both fit. When every quotient then lies clearly between two
   signposts, the result is the exact one and only the certificate remains to be made exact.
2. Otherwise an *exact finish* in ``Fraction`` arithmetic from that start: every district is fitted
   exactly, then the *tie-and-transfer* algorithm (Balinski & Demange 1989; Maier, Zachariassen &
   Zachariasen, *Management Science* 56, 2010) moves seats from parties with too many to parties
   with too few along paths of cells that sit on a signpost, scaling the divisors of the parties
   and districts reached until a new such cell appears.
3. *Ties.* Cells on a signpost that lie on a cycle of such cells can be rounded either way: every
   seat matrix that rounds them differently and keeps the totals is an equally valid answer, with
   the same divisors (Gaffke & Pukelsheim, *Math. Programming* 112, 2008). These are the ties;
   the declared tie rule chooses, district by district. Cells on a signpost but on no cycle are
   not ties: the divisors are moved off the signposts, so that the certificate is strict.
4. The divisors are finally made short: each is replaced by the simplest fraction that keeps the
   same seats, party divisors near 1 first, then district divisors, which come out whole, as
   published in Zurich (:mod:`hemicycle.core.biproportional_certificate`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from hemicycle.core.biproportional_certificate import short_divisors
from hemicycle.core.biproportional_flow import transport
from hemicycle.core.biproportional_rounding import Signposts
from hemicycle.core.ties import TieBreak
from hemicycle.errors import TIE_ADVICE, InfeasibleError, TieError
from hemicycle.types import DistrictId, PartyId

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# A float quotient accepted without exact arithmetic must clear its signposts by this margin:
# it is within a few units of 2**-52 of the exact quotient of the same (binary) multipliers.
_MARGIN = 1e-9
_SCALING_ROUNDS = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class LowerTie:
    """A tie in the lower apportionment: parties with equal claims to seats of a district.

    Attributes:
        district: the district whose seats are in doubt.
        seat: the first seat of that district that the tie decides (counting its other seats
            first).
        tied: the parties whose cells sit on a signpost on a cycle of such cells.
        places: how many of them receive the seat.
        winners: the parties chosen.
        rule: the tie rule that chose them.
    """

    district: DistrictId
    seat: int
    tied: frozenset[PartyId]
    places: int
    winners: tuple[PartyId, ...]
    rule: str


class DistrictTieError(TieError):
    """A tie in the lower apportionment that the tie rule leaves unresolved; names the district."""

    def __init__(
        self, tied: frozenset[PartyId], *, district: DistrictId, seat: int, places: int
    ) -> None:
        super().__init__(tied, seat=seat, places=places)
        self.district = district
        plural = "place" if places == 1 else "places"
        self.args = (
            f"tie in district {district!r} for its seat {seat} between "
            f"{', '.join(sorted(tied))} ({places} {plural} for {len(tied)} parties); " + TIE_ADVICE,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LowerApportionment:
    """Seats per party (rows) and district (columns) with the divisors that certify them."""

    seats: tuple[tuple[int, ...], ...]
    party_divisors: tuple[Fraction, ...]
    district_divisors: tuple[Fraction, ...]
    ties: tuple[LowerTie, ...]


# --- 1. alternating scaling in floating point -------------------------------------------------


def _fit_claims(base: FloatArray, targets: IntArray, table: FloatArray, size: int) -> FloatArray:
    """``1/m`` per line between the claim that wins its last seat and the first that does not
    (at their geometric mean), from the claims ``base / s(k)`` of each cell's first ``size``
    seats; ``inf`` where no multiplier fits."""
    lines = base.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        claims = base[:, :, None] / table[None, None, :size]
    claims[np.isnan(claims)] = 0.0
    ordered = -np.sort(-claims.reshape(lines, -1), axis=1)
    index = np.arange(lines)
    last = np.where(targets > 0, ordered[index, np.maximum(targets - 1, 0)], np.inf)
    following = ordered[index, np.minimum(targets, ordered.shape[1] - 1)]
    following = np.where(targets < ordered.shape[1], following, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        middle = np.where(following > 0, np.sqrt(last * following), last / 2)
        inverse = np.where(np.isinf(last), np.where(following > 0, 2 * following, 1.0), middle)
        inverse = np.where(inverse > 0, inverse, 1.0)
    return np.asarray(np.where(np.isinf(following), np.inf, inverse), dtype=np.float64)


def _fit_lines(
    base: FloatArray, targets: IntArray, table: FloatArray, cap: int
) -> FloatArray | None:
    """Multipliers ``m`` with ``sum_j round(base[l, j] · m[l]) = targets[l]`` for every line.

    Only the claims of each cell's first ``cap + 1`` seats are sorted (a cell cannot hold more
    than the total of the line crossing it); a line where some cell would pass that is fitted
    again with all its claims.
    """
    most = int(targets.max(initial=0))
    size = min(cap, most) + 1
    inverse = _fit_claims(base, targets, table, size)
    if size < most + 1:
        seats = _float_seats(base / inverse[:, None], table)
        again = np.nonzero((seats >= size).any(axis=1) & np.isfinite(inverse))[0]
        if again.size:
            inverse[again] = _fit_claims(base[again], targets[again], table, most + 1)
    if np.any(np.isinf(inverse)):
        return None
    return np.asarray(1.0 / inverse, dtype=np.float64)


def _float_seats(quotients: FloatArray, table: FloatArray) -> IntArray:
    return np.asarray(np.searchsorted(table, quotients, side="left"), dtype=np.int64)


def _alternate(
    weights: FloatArray, rows: IntArray, cols: IntArray, table: FloatArray
) -> tuple[FloatArray, FloatArray, bool] | None:
    """Row and column multipliers by alternating scaling; whether both totals fit."""
    a = np.ones(weights.shape[0])
    b: FloatArray = np.ones(weights.shape[1])
    for _ in range(_SCALING_ROUNDS):
        fitted = _fit_lines((weights * a[:, None]).T, cols, table, int(rows.max(initial=0)))
        if fitted is None:
            return None
        b = fitted
        if np.array_equal(_float_seats(weights * a[:, None] * b, table).sum(axis=1), rows):
            return a, b, True
        fitted = _fit_lines(weights * b[None, :], rows, table, int(cols.max(initial=0)))
        if fitted is None:
            return None
        a = fitted
        if np.array_equal(_float_seats(weights * a[:, None] * b, table).sum(axis=0), cols):
            return a, b, True
        # keep the multipliers near 1 so that nothing overflows over many rounds
        scale = float(np.exp(np.mean(np.log(a))))
        a, b = a / scale, b * scale
    return a, b, False


def _clear(weights: FloatArray, a: FloatArray, b: FloatArray, table: FloatArray) -> bool:
    """Whether every float quotient clears both of its signposts by the margin."""
    quotients = weights * a[:, None] * b[None, :]
    seats = _float_seats(quotients, table)
    if np.any(seats >= len(table)):
        return False
    upper = table[seats]
    lower = np.where(seats > 0, table[np.maximum(seats - 1, 0)], -np.inf)
    positive = weights > 0
    inside = (quotients < upper * (1 - _MARGIN)) & (quotients > lower * (1 + _MARGIN))
    return bool(np.all(inside | ~positive))


# --- 2. the exact finish --------------------------------------------------------------------


class _Exact:
    """Exact multipliers ``a`` (parties) and ``b`` (districts), quotients and seats."""

    def __init__(
        self,
        weights: Sequence[Sequence[int]],
        rows: Sequence[int],
        cols: Sequence[int],
        signposts: Signposts,
        a: list[Fraction],
        b: list[Fraction],
        districts: Sequence[DistrictId],
    ) -> None:
        self.districts = districts
        self.w = weights
        self.rows, self.cols = rows, cols
        self.s = signposts
        self.a, self.b = a, b
        self.n_rows, self.n_cols = len(rows), len(cols)
        self.q = [[w * a[i] * b[j] for j, w in enumerate(line)] for i, line in enumerate(weights)]
        self.n = [[0] * self.n_cols for _ in range(self.n_rows)]
        for i in range(self.n_rows):
            for j in range(self.n_cols):
                self.n[i][j] = self.s.round(self.q[i][j])[0] if weights[i][j] else 0

    def can_rise(self, i: int, j: int) -> bool:
        """The cell sits on its upper signpost: one more seat is also a rounding."""
        return self.w[i][j] > 0 and self.q[i][j] == self.s.at(self.n[i][j])

    def can_fall(self, i: int, j: int) -> bool:
        """The cell sits on its lower signpost: one seat fewer is also a rounding."""
        n = self.n[i][j]
        return n > 0 and self.w[i][j] > 0 and self.q[i][j] == self.s.at(n - 1)

    def _set_column(self, j: int, multiplier: Fraction) -> None:
        self.b[j] = multiplier
        for i in range(self.n_rows):
            self.q[i][j] = self.w[i][j] * self.a[i] * multiplier

    def fit_column(self, j: int) -> None:
        """Move the district's multiplier from breakpoint to breakpoint until its total fits."""
        total = sum(self.n[i][j] for i in range(self.n_rows))
        while total != self.cols[j]:
            rising = total < self.cols[j]
            best: tuple[Fraction, int] | None = None
            for i in range(self.n_rows):
                e = self.w[i][j] * self.a[i]
                if e == 0:
                    continue
                n = self.n[i][j]
                if rising:
                    point = self.s.at(n) / e
                elif n > 0 and self.s.at(n - 1) > 0:
                    point = self.s.at(n - 1) / e
                else:
                    continue
                if best is None or (point < best[0] if rising else point > best[0]):
                    best = (point, i)
            if best is None:
                raise InfeasibleError(
                    f"district {self.districts[j]!r} cannot have {self.cols[j]} seats: "
                    f"{self.s.method.name} gives a seat to every party with votes there"
                )
            self._set_column(j, best[0])
            self.n[best[1]][j] += 1 if rising else -1
            total += 1 if rising else -1

    def transfer(self) -> None:
        """Tie-and-transfer until every party has its total; the district totals stay fixed."""
        while True:
            sums = [sum(line) for line in self.n]
            short = [i for i in range(self.n_rows) if sums[i] < self.rows[i]]
            if not short:
                return
            row_from: dict[int, int | None] = dict.fromkeys(short)
            col_from: dict[int, int] = {}
            queue = deque(short)
            found: int | None = None
            while queue and found is None:
                i = queue.popleft()
                for j in range(self.n_cols):
                    if j in col_from or not self.can_rise(i, j):
                        continue
                    col_from[j] = i
                    for k in range(self.n_rows):
                        if k not in row_from and self.can_fall(k, j):
                            row_from[k] = j
                            if sums[k] > self.rows[k]:
                                found = k
                                break
                            queue.append(k)
                    if found is not None:
                        break
            if found is not None:
                self._augment(found, row_from, col_from)
            else:
                self._scale(set(row_from), set(col_from))

    def _augment(self, end: int, row_from: dict[int, int | None], col_from: dict[int, int]) -> None:
        k = end
        while (j := row_from[k]) is not None:
            i = col_from[j]
            self.n[k][j] -= 1
            self.n[i][j] += 1
            k = i

    def _scale(self, rows: set[int], cols: set[int]) -> None:
        """Raise the reached parties' multipliers (and lower the reached districts') by the
        smallest factor that puts a new cell on a signpost."""
        factor: Fraction | None = None
        for i in range(self.n_rows):
            for j in range(self.n_cols):
                if (i in rows) == (j in cols) or self.w[i][j] == 0:
                    continue
                n = self.n[i][j]
                if i in rows:  # quotient grows towards its upper signpost
                    limit = self.s.at(n) / self.q[i][j]
                elif n > 0 and self.s.at(n - 1) > 0:  # quotient shrinks towards its lower one
                    limit = self.q[i][j] / self.s.at(n - 1)
                else:
                    continue
                if factor is None or limit < factor:
                    factor = limit
        if factor is None:
            raise InfeasibleError(
                "the parties short of seats have no votes where other parties could give "
                "them up; no seat matrix has these totals"
            )
        for i in rows:
            self.a[i] *= factor
        for j in cols:
            self.b[j] /= factor
        for i in range(self.n_rows):
            for j in range(self.n_cols):
                if (i in rows) != (j in cols):
                    self.q[i][j] = self.w[i][j] * self.a[i] * self.b[j]

    # --- 3. ties ---------------------------------------------------------------------------

    def components(self) -> list[int]:
        """Strongly connected components of the graph of cells on signposts (Tarjan 1972).

        Nodes are parties ``0..R-1`` and districts ``R..R+C-1``; a cell that can rise is an arc
        party → district, one that can fall an arc district → party. Components are numbered in
        topological order: every arc between components goes to a higher number.
        """
        size = self.n_rows + self.n_cols
        arcs: list[list[int]] = [[] for _ in range(size)]
        for i in range(self.n_rows):
            for j in range(self.n_cols):
                if self.can_rise(i, j):
                    arcs[i].append(self.n_rows + j)
                elif self.can_fall(i, j):
                    arcs[self.n_rows + j].append(i)
        index: list[int | None] = [None] * size
        low = [0] * size
        component = [-1] * size
        stack: list[int] = []
        on_stack = [False] * size
        counter = 0
        found = 0
        for root in range(size):
            if index[root] is not None:
                continue
            work = [(root, 0)]
            while work:
                node, position = work.pop()
                if position == 0:
                    index[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack[node] = True
                if position < len(arcs[node]):
                    work.append((node, position + 1))
                    nxt = arcs[node][position]
                    if index[nxt] is None:
                        work.append((nxt, 0))
                    elif on_stack[nxt]:
                        low[node] = min(low[node], index[nxt] or 0)
                    continue
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component[member] = found
                        if member == node:
                            break
                    found += 1
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        # Tarjan closes sinks first; reverse to number components in topological order
        return [found - 1 - c for c in component]

    def off_signposts(self, component: list[int]) -> None:
        """Move the divisors so that only cells inside a component stay on a signpost.

        Every node is scaled by ``β`` to the power of its component's topological number
        (parties up, districts down): arcs between components then leave their signposts in the
        right direction, and ``β`` is close enough to 1 that no other cell reaches one.
        """
        slack: Fraction | None = None
        for i in range(self.n_rows):
            for j in range(self.n_cols):
                if self.w[i][j] == 0:
                    continue
                n, q = self.n[i][j], self.q[i][j]
                gaps = [self.s.at(n) / q]
                if n > 0 and self.s.at(n - 1) > 0:
                    gaps.append(q / self.s.at(n - 1))
                for gap in gaps:
                    if gap > 1 and (slack is None or gap < slack):
                        slack = gap
        spread = max(component) + 1
        room = min(slack - 1, Fraction(1)) if slack is not None else Fraction(1)
        # (1 + x/(4M))^M <= e^(x/4) < 1 + x for 0 < x <= 1
        beta = 1 + Fraction(1, -(-4 * spread // room))
        powers = [beta**k for k in range(spread)]
        for i in range(self.n_rows):
            self.a[i] *= powers[component[i]]
        for j in range(self.n_cols):
            self.b[j] /= powers[component[self.n_rows + j]]
        self.q = [
            [w * self.a[i] * self.b[j] for j, w in enumerate(line)] for i, line in enumerate(self.w)
        ]


def _tied_cells(state: _Exact, component: list[int]) -> list[tuple[int, int]]:
    rows = state.n_rows
    return [
        (i, j)
        for j in range(state.n_cols)
        for i in range(rows)
        if component[i] == component[rows + j] and (state.can_rise(i, j) or state.can_fall(i, j))
    ]


class _TieResolver:
    """Chooses, district by district, how the tied cells are rounded, keeping every total."""

    def __init__(self, state: _Exact, tied: list[tuple[int, int]]) -> None:
        self.state = state
        self.base = {cell: state.n[cell[0]][cell[1]] - state.can_fall(*cell) for cell in tied}
        self.open = set(tied)
        self.high: set[tuple[int, int]] = set()
        self.low: set[tuple[int, int]] = set()

    def feasible(self, high: set[tuple[int, int]], low: set[tuple[int, int]]) -> bool:
        st = self.state
        supply = list(st.rows)
        demand = list(st.cols)
        for i in range(st.n_rows):
            for j in range(st.n_cols):
                seats = self.base.get((i, j), st.n[i][j])
                if (i, j) in high:
                    seats += 1
                supply[i] -= seats
                demand[j] -= seats
        if min(supply, default=0) < 0 or min(demand, default=0) < 0:
            return False
        capacity: list[list[int | None]] = [[0] * st.n_cols for _ in range(st.n_rows)]
        for i, j in self.open - high - low:
            capacity[i][j] = 1
        return transport(supply, demand, capacity).carried == sum(supply) == sum(demand)

    def settle(self) -> None:
        """Fix every open cell that only one rounding keeps feasible."""
        changed = True
        while changed:
            changed = False
            for cell in sorted(self.open):
                if not self.feasible(self.high | {cell}, self.low):
                    self.low.add(cell)
                elif not self.feasible(self.high, self.low | {cell}):
                    self.high.add(cell)
                else:
                    continue
                self.open.discard(cell)
                changed = True

    def resolve(
        self,
        parties: Sequence[PartyId],
        districts: Sequence[DistrictId],
        votes: Sequence[Sequence[int]],
        tie_break: TieBreak,
    ) -> list[LowerTie]:
        """Let the tie rule choose the winners of each district's tied seats, in district order.

        The rule chooses among the parties whose cells are still open; a choice that would
        break a party total is replaced by a choice of one place at a time, which never does.
        """
        st = self.state
        ties: list[LowerTie] = []
        for j in range(st.n_cols):
            while True:
                self.settle()
                cells = sorted(cell for cell in self.open if cell[1] == j)
                if not cells:
                    break
                fixed = sum(self.base.get((i, j), st.n[i][j]) for i in range(st.n_rows))
                places = st.cols[j] - fixed - sum(1 for cell in self.high if cell[1] == j)
                names = [parties[i] for i, _ in cells]
                seat = st.cols[j] - places + 1
                in_district = {parties[i]: votes[i][j] for i, _ in cells}
                try:
                    winners = tie_break.choose(names, places, seat=seat, votes=in_district)
                    chosen = {cell for cell in cells if parties[cell[0]] in winners}
                    rest = set(cells) - chosen
                    if not self.feasible(self.high | chosen, self.low | rest):
                        places = 1
                        winners = tie_break.choose(names, 1, seat=seat, votes=in_district)
                        chosen = {cell for cell in cells if parties[cell[0]] in winners}
                        rest = set()
                except TieError:
                    raise DistrictTieError(
                        frozenset(names), district=districts[j], seat=seat, places=places
                    ) from None
                self.high |= chosen
                self.low |= rest
                self.open -= chosen | rest
                ties.append(
                    LowerTie(
                        district=districts[j],
                        seat=seat,
                        tied=frozenset(names),
                        places=places,
                        winners=tuple(winners),
                        rule=tie_break.name,
                    )
                )
        for cell, base in self.base.items():
            st.n[cell[0]][cell[1]] = base + (cell in self.high)
        return ties


def lower_apportionment(
    votes: Sequence[Sequence[int]],
    party_seats: Sequence[int],
    district_seats: Sequence[int],
    signposts: Signposts,
    *,
    parties: Sequence[PartyId],
    districts: Sequence[DistrictId],
    tie_break: TieBreak,
) -> LowerApportionment:
    """Seats of every party in every district with the totals given, and their divisors.

    ``votes`` is indexed ``[party][district]``. Raises :class:`InfeasibleError` when no seat
    matrix has these totals and :class:`DistrictTieError` for a tie the rule leaves open.

    >>> from hemicycle.core.divisors import SAINTE_LAGUE
    >>> from hemicycle.core.ties import REFUSE
    >>> result = lower_apportionment([[123, 45, 815], [912, 714, 414], [312, 255, 215]],
    ...     [5, 11, 4], [7, 5, 8], Signposts(SAINTE_LAGUE),
    ...     parties=["A", "B", "C"], districts=["I", "II", "III"], tie_break=REFUSE)
    >>> result.seats
    ((1, 0, 4), (4, 4, 3), (2, 1, 1))
    """
    rows, cols = list(party_seats), list(district_seats)
    _check_feasible(votes, rows, cols, signposts, parties, districts)
    power = signposts.power
    weights = [[v**power for v in line] for line in votes]
    table = signposts.floats(max(max(rows, default=0), max(cols, default=0)) + 2)
    matrix = np.array(weights, dtype=np.float64).reshape(len(rows), len(cols))
    start = _alternate(
        matrix, np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), table
    )
    if start is not None and start[2] and _clear(matrix, start[0], start[1], table):
        # every quotient clears its signposts: the float seats are the exact ones
        seats = _float_seats(matrix * start[0][:, None] * start[1][None, :], table).tolist()
        party = [1 / Fraction(float(x)) for x in start[0]]
        district = [1 / Fraction(float(x)) for x in start[1]]
        party, district = short_divisors(weights, seats, party, district, signposts)
        return LowerApportionment(
            seats=tuple(tuple(line) for line in seats),
            party_divisors=tuple(party),
            district_divisors=tuple(district),
            ties=(),
        )
    if start is None:
        a = [Fraction(1)] * len(rows)
        b = [Fraction(1)] * len(cols)
    else:
        a = [Fraction(float(x)) for x in start[0]]
        b = [Fraction(float(x)) for x in start[1]]
    state = _Exact(weights, rows, cols, signposts, a, b, districts)
    for j in range(len(cols)):
        state.fit_column(j)
    state.transfer()
    component = state.components()
    tied = _tied_cells(state, component)
    if max(component, default=0) > 0:
        state.off_signposts(component)
    ties = _TieResolver(state, tied).resolve(parties, districts, votes, tie_break) if tied else []
    party, district = short_divisors(
        weights,
        state.n,
        [1 / a for a in state.a],
        [1 / b for b in state.b],
        signposts,
        pinned_rows={i for i, _ in tied},
        pinned_cols={j for _, j in tied},
    )
    return LowerApportionment(
        seats=tuple(tuple(line) for line in state.n),
        party_divisors=tuple(party),
        district_divisors=tuple(district),
        ties=tuple(ties),
    )


def _seats(count: int) -> str:
    return f"{count} seat" if count == 1 else f"{count} seats"


def _check_feasible(
    votes: Sequence[Sequence[int]],
    rows: Sequence[int],
    cols: Sequence[int],
    signposts: Signposts,
    parties: Sequence[PartyId],
    districts: Sequence[DistrictId],
) -> None:
    """Raise a clear :class:`InfeasibleError` when no seat matrix has the totals.

    A cell without votes holds no seat; with a first signpost of 0 (Adams, Dean,
    Huntington-Hill) a cell with votes holds at least one.
    """
    for j, seats in enumerate(cols):
        if seats > 0 and not any(line[j] for line in votes):
            raise InfeasibleError(
                f"district {districts[j]!r} has {_seats(seats)} but no votes for any party that "
                "takes part"
            )
    floor = 1 if signposts.at(0) == 0 else 0
    name = signposts.method.name
    rest_rows = [r - floor * sum(1 for v in line if v) for r, line in zip(rows, votes, strict=True)]
    rest_cols = [c - floor * sum(1 for line in votes if line[j]) for j, c in enumerate(cols)]
    for i, rest in enumerate(rest_rows):
        if rest < 0:
            raise InfeasibleError(
                f"{parties[i]} has {_seats(rows[i])} but votes in {rows[i] - rest} districts, and "
                f"{name} gives a seat wherever a party has votes"
            )
    for j, rest in enumerate(rest_cols):
        if rest < 0:
            raise InfeasibleError(
                f"district {districts[j]!r} has {_seats(cols[j])} but {cols[j] - rest} parties "
                f"with votes, and {name} gives a seat to each of them"
            )
    if all(all(line) for line in votes):
        return  # every cell may hold seats: any totals with equal sums fit (north-west corner)
    capacity: list[list[int | None]] = [[None if v else 0 for v in line] for line in votes]
    result = transport(rest_rows, rest_cols, capacity)
    if result.blocked:
        group = result.blocked
        where = [j for j in range(len(cols)) if any(votes[i][j] for i in group)]
        raise InfeasibleError(
            f"{', '.join(parties[i] for i in group)} must receive {sum(rows[i] for i in group)} "
            f"seats but the districts where they have votes ("
            f"{', '.join(districts[j] for j in where) or 'none'}) have "
            f"{sum(cols[j] for j in where)}"
            + (f" (with a seat for every party with votes there, as {name} gives)" if floor else "")
            + "; no seat matrix has these totals"
        )


__all__ = ["DistrictTieError", "LowerApportionment", "LowerTie", "lower_apportionment"]
