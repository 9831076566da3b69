"""The record of a verification: every check made, whether it passed, and why not.

A certificate is data from outside, so nothing in it is trusted: a missing field or a number
that does not parse is a failed check, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeVar

from hemicycle.errors import DataError

T = TypeVar("T")


class MalformedError(DataError):
    """A certificate that does not have the shape of one (a field missing or mistyped)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One check: what was checked (``name``), whether it held, and what was found."""

    name: str
    passed: bool
    detail: str = ""

    def as_json(self) -> dict[str, object]:
        return {"check": self.name, "passed": self.passed, "detail": self.detail}


@dataclass(slots=True)
class Report:
    """Every check made on a document, in order."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every check passed (and at least one was made)."""
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def first_failure(self) -> Check | None:
        """The first check that failed, if any."""
        return next((check for check in self.checks if not check.passed), None)

    def require(self, condition: bool, name: str, detail: str = "") -> bool:
        """Record a check; ``detail`` says what was found when it fails."""
        self.checks.append(Check(name=name, passed=condition, detail="" if condition else detail))
        return condition

    def guarded(self, name: str, run: Callable[[], T]) -> T | None:
        """Run a group of checks; a malformed certificate fails it instead of raising."""
        try:
            return run()
        except MalformedError as error:
            self.require(False, name, f"malformed certificate: {error.message}")
            return None

    def as_json(self) -> dict[str, object]:
        failure = self.first_failure
        return {
            "verified": self.ok,
            "checks": len(self.checks),
            "failed": None if failure is None else failure.as_json(),
            "failures": [c.as_json() for c in self.checks if not c.passed],
        }


def exact(value: object, what: str) -> Fraction:
    """An exact number from JSON: an integer or ``"p/q"`` text (never a float).

    >>> exact("7/30", "quota"), exact(12, "quota")
    (Fraction(7, 30), Fraction(12, 1))
    """
    if isinstance(value, bool):
        raise MalformedError(f"{what} must be an exact number (got {value!r})")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, str):
        numerator, slash, denominator = value.partition("/")
        try:
            if slash:
                return Fraction(int(numerator), int(denominator))
            return Fraction(int(numerator))
        except (ValueError, ZeroDivisionError):
            pass
    raise MalformedError(f"{what} must be an integer or 'p/q' text (got {value!r})")


def optional_exact(value: object, what: str) -> Fraction | None:
    return None if value is None else exact(value, what)


def whole(value: object, what: str) -> int:
    """A non-negative JSON integer."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedError(f"{what} must be a non-negative integer (got {value!r})")
    return value


def optional_whole(value: object, what: str) -> int | None:
    return None if value is None else whole(value, what)


def table(value: object, what: str) -> Mapping[str, object]:
    """A JSON object."""
    if not isinstance(value, Mapping):
        raise MalformedError(f"{what} must be an object (got {type(value).__name__})")
    return value


def items(value: object, what: str) -> Sequence[object]:
    """A JSON array."""
    if not isinstance(value, list):
        raise MalformedError(f"{what} must be an array (got {type(value).__name__})")
    return value


def text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise MalformedError(f"{what} must be text (got {value!r})")
    return value


def field_of(body: Mapping[str, object], key: str, where: str) -> object:
    if key not in body:
        raise MalformedError(f"{where} has no {key!r}")
    return body[key]


def show(value: Fraction | None) -> str:
    """A number for the report: exact, with its decimal value when it is not whole."""
    if value is None:
        return "none"
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator} (≈{float(value):.6g})"


__all__ = [
    "Check",
    "MalformedError",
    "Report",
    "exact",
    "field_of",
    "items",
    "optional_exact",
    "optional_whole",
    "show",
    "table",
    "text",
    "whole",
]
