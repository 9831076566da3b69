"""The exceptions hemicycle raises.

Every error is a :class:`HemicycleError` and also the builtin exception it refines, so callers
that know only the builtins still catch it::

    HemicycleError(Exception)
    ├── DataError(ValueError)          bad input data: names file, row and column when known
    ├── LawError(ValueError)           a law file or law object that does not hold together
    ├── UnknownMethodError(ValueError) a method id that is not registered; lists the valid ids
    ├── InfeasibleError(ValueError)    constraints that no allocation satisfies
    └── TieError(RuntimeError)         a tie the declared tie rule does not resolve

Messages say what is wrong, the bad value, and what is allowed; the parts are kept as attributes.
"""

from collections.abc import Iterable


class HemicycleError(Exception):
    """Base class of every error hemicycle raises."""


class DataError(HemicycleError, ValueError):
    """Input data that cannot be used as given.

    >>> str(DataError("votes must be a non-negative integer (got '-3')", file="r.csv", row=4,
    ...               column="votes"))
    "r.csv: row 4, column 'votes': votes must be a non-negative integer (got '-3')"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        place = ", ".join(where)
        prefix = ": ".join(p for p in (self.file, place) if p)
        return f"{prefix}: {self.message}" if prefix else self.message


class LawError(HemicycleError, ValueError):
    """A law that does not hold together; the message points into the law file.

    >>> str(LawError("tiers[0].districts[3].seats must be >= 1 (got 0)", file="iraq-2021.toml"))
    'iraq-2021.toml: tiers[0].districts[3].seats must be >= 1 (got 0)'
    """

    def __init__(self, message: str, *, file: str | None = None) -> None:
        self.message = message
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


class UnknownMethodError(HemicycleError, ValueError):
    """A method id that is not in the registry.

    >>> str(UnknownMethodError("dhont", ["dhondt", "hare"]))
    "unknown method 'dhont'; valid ids: dhondt, hare"
    """

    def __init__(self, name: str, valid: Iterable[str]) -> None:
        self.name = name
        self.valid = tuple(sorted(valid))
        super().__init__(f"unknown method {name!r}; valid ids: {', '.join(self.valid)}")


class InfeasibleError(HemicycleError, ValueError):
    """Constraints that no allocation satisfies, such as minimum seats above the house size."""


TIE_ADVICE = 'give a tie rule such as tie_break="lot:SEED"'
"""How a tie message ends: the Python option that resolves it (the CLI names its own)."""


class TieError(HemicycleError, RuntimeError):
    """A tie for a seat that the declared tie rule leaves unresolved.

    >>> print(TieError(frozenset({"B", "A"}), seat=10, places=1))
    tie for seat 10 between A, B (1 place for 2 units); give a tie rule such as tie_break="lot:SEED"
    """

    def __init__(self, tied: frozenset[str], *, seat: int, places: int = 1) -> None:
        self.tied = tied
        self.seat = seat
        self.places = places
        names = ", ".join(sorted(tied))
        plural = "place" if places == 1 else "places"
        super().__init__(
            f"tie for seat {seat} between {names} ({places} {plural} for {len(tied)} units); "
            + TIE_ADVICE
        )


__all__ = [
    "TIE_ADVICE",
    "DataError",
    "HemicycleError",
    "InfeasibleError",
    "LawError",
    "TieError",
    "UnknownMethodError",
]
