"""Whether a seat matrix with given row and column totals exists: a small transport problem.

A matrix of non-negative integers with row totals ``supply``, column totals ``demand`` and each
cell at most its capacity (0 where a party has no votes in a district) exists exactly when the
maximum flow from the rows to the columns carries every seat (Ford & Fulkerson 1956; Gale 1957).
When it does not, the rows still reachable from the source in the residual network are a set of
parties that claim more seats than the districts where they have votes can give them (Hall's
condition fails for them), which makes a clear error message.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Transport:
    """The outcome of :func:`transport`.

    Attributes:
        flow: one feasible (or maximal) matrix, rows by columns.
        carried: how many seats it places.
        blocked: when not every seat is placed, rows whose seats cannot all be placed.
    """

    flow: tuple[tuple[int, ...], ...]
    carried: int
    blocked: tuple[int, ...]


def transport(
    supply: Sequence[int], demand: Sequence[int], capacity: Sequence[Sequence[int | None]]
) -> Transport:
    """A maximum flow from rows (``supply``) to columns (``demand``) through capacitated cells.

    ``capacity[i][j]`` is ``None`` for an unbounded cell and ``0`` for a cell that must stay 0.

    >>> result = transport([2, 1], [1, 2], [[None, None], [0, None]])
    >>> result.flow, result.carried
    (((1, 1), (0, 1)), 3)
    >>> transport([2, 1], [2, 1], [[0, None], [None, None]]).blocked
    (0,)
    """
    rows, cols = len(supply), len(demand)
    flow = [[0] * cols for _ in range(rows)]
    sent = [0] * rows
    received = [0] * cols

    def room(i: int, j: int) -> int | None:
        cap = capacity[i][j]
        return None if cap is None else cap - flow[i][j]

    while True:
        # breadth-first search from the source; a row is entered from the source or a column
        row_from: dict[int, int | None] = {i: None for i in range(rows) if sent[i] < supply[i]}
        col_from: dict[int, int] = {}
        queue = deque(row_from)
        end = None
        while queue and end is None:
            i = queue.popleft()
            for j in range(cols):
                if j in col_from:
                    continue
                left = room(i, j)
                if left is not None and left <= 0:
                    continue
                col_from[j] = i
                if received[j] < demand[j]:
                    end = j
                    break
                for k in range(rows):
                    if k not in row_from and flow[k][j] > 0:
                        row_from[k] = j
                        queue.append(k)
        if end is None:
            carried = sum(sent)
            return Transport(
                flow=tuple(tuple(row) for row in flow),
                carried=carried,
                blocked=tuple(sorted(row_from)) if carried < sum(supply) else (),
            )
        # walk back to the source, finding the bottleneck, then push it
        path: list[tuple[int, int, int]] = []  # (row, column, +1 forward / -1 backward)
        j = end
        while True:
            i = col_from[j]
            path.append((i, j, 1))
            back = row_from[i]
            if back is None:
                break
            path.append((i, back, -1))
            j = back
        start = path[-1][0]
        amount = min(supply[start] - sent[start], demand[end] - received[end])
        for i, j, sign in path:
            if sign > 0:
                left = room(i, j)
                if left is not None:
                    amount = min(amount, left)
            else:
                amount = min(amount, flow[i][j])
        for i, j, sign in path:
            flow[i][j] += sign * amount
        sent[start] += amount
        received[end] += amount


__all__ = ["Transport", "transport"]
