"""Accounting identities of polling-station protocols, checked station by station.

Each identity that the totals present allow is checked; a station that breaks one is listed as
evidence (station, row, rule, the two sides), never dropped. The rules:

- ``issued ≤ registered`` and ``cast ≤ registered`` (no more ballots than voters);
- ``cast ≤ issued`` (no more ballots in the boxes than were handed out);
- ``valid + invalid = cast`` (``valid + invalid + blank = cast`` when blank ballots are counted
  apart from invalid ones);
- ``Σ lists = valid`` (the lists add up to the valid votes);
- every list ``≤ valid``.

>>> v = check_accounting(registered=np.array([100, 100]), issued=np.array([80, 90]),
...                      cast=np.array([80, 91]), valid=np.array([78, 88]),
...                      invalid=np.array([2, 3]), votes=np.array([[50, 28], [60, 20]]))
>>> [(x.station, x.rule) for x in v]
[(1, 'cast <= issued'), (1, 'lists = valid')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One broken identity at one station (``station`` is its index in the table)."""

    station: int
    rule: str
    left: int
    right: int

    def as_json(self) -> dict[str, object]:
        return {"station": self.station, "rule": self.rule, "left": self.left, "right": self.right}


def check_accounting(
    *,
    registered: Counts | None = None,
    issued: Counts | None = None,
    cast: Counts | None = None,
    valid: Counts | None = None,
    invalid: Counts | None = None,
    blank: Counts | None = None,
    votes: npt.NDArray[np.int64] | None = None,
) -> tuple[Violation, ...]:
    """Every violation of the identities the given totals allow, ordered by station."""
    rules: list[tuple[str, Counts, Counts, str]] = []
    if issued is not None and registered is not None:
        rules.append(("issued <= registered", issued, registered, "le"))
    if cast is not None and registered is not None:
        rules.append(("cast <= registered", cast, registered, "le"))
    if cast is not None and issued is not None:
        rules.append(("cast <= issued", cast, issued, "le"))
    if valid is not None and invalid is not None and cast is not None:
        if blank is not None:
            rules.append(("valid + invalid + blank = cast", valid + invalid + blank, cast, "eq"))
        else:
            rules.append(("valid + invalid = cast", valid + invalid, cast, "eq"))
    if votes is not None and valid is not None:
        rules.append(("lists = valid", votes.sum(axis=1), valid, "eq"))
        rules.append(("each list <= valid", votes.max(axis=1), valid, "le"))
    found: list[Violation] = []
    for rule, left, right, kind in rules:
        broken = left > right if kind == "le" else left != right
        found.extend(
            Violation(station=int(i), rule=rule, left=int(left[i]), right=int(right[i]))
            for i in np.flatnonzero(broken)
        )
    return tuple(sorted(found, key=lambda v: v.station))


def summarise(violations: Sequence[Violation]) -> dict[str, int]:
    """Number of stations breaking each rule."""
    out: dict[str, int] = {}
    for violation in violations:
        out[violation.rule] = out.get(violation.rule, 0) + 1
    return out


__all__ = ["Violation", "check_accounting", "summarise"]
