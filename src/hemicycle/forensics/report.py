"""Every forensic test on one set of polling-station results, as data for the CLI and reports.

:func:`analyse` runs the accounting checks, the digit tests of every list, the integer-percentage
test, the fingerprint, Shpilkin's clean-peak estimate, the Klimek fit and the outlier search on
the whole country, then the digit and integer-percentage tests region by region. The
Benjamini–Hochberg procedure controls the false discovery rate twice: across the country-wide
family (every digit test of every list and the three integer-percentage counts, by their
normal-approximation p-values) and across regions × tests. Turnout is
ballots issued / registered, or ballots cast / registered where the ballots issued are not
recorded (a note says so).

The input is plain numpy columns (see :class:`Stations`), so this layer does not depend on how
the stations were read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from hemicycle.forensics import accounting, digits, multiple, outliers, round_numbers, shpilkin
from hemicycle.forensics.fingerprint import Fingerprint, fingerprint
from hemicycle.forensics.fraud_model import KlimekFit, fit_klimek

Counts = npt.NDArray[np.int64]
Progress = Callable[[str, int, int], None]
"""Called as ``progress(phase, done, total)``."""

REGION_TESTS = ("second_digit", "last_digit", "last_digit_zero_five", "integer_percentages")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stations:
    """Station columns as the tests need them (list ``leader`` is an index into ``lists``)."""

    units: npt.NDArray[np.object_]
    regions: npt.NDArray[np.object_] | None
    lists: tuple[str, ...]
    votes: npt.NDArray[np.int64]
    leader: int
    registered: Counts | None = None
    issued: Counts | None = None
    cast: Counts | None = None
    valid: Counts | None = None
    invalid: Counts | None = None
    blank: Counts | None = None

    def totals_for_lists(self) -> Counts:
        """The total each list's count is a part of: valid votes, else ballots cast."""
        for total in (self.valid, self.cast):
            if total is not None:
                return total
        return np.asarray(self.votes.sum(axis=1), dtype=np.int64)

    def voted(self) -> Counts | None:
        """The turnout's numerator: ballots issued, else ballots cast (None when neither)."""
        return self.issued if self.issued is not None else self.cast

    def ballots(self) -> Counts:
        """Ballots in the boxes: ``cast``, else valid + invalid (+ blank), else the lists' sum."""
        if self.cast is not None:
            return self.cast
        if self.valid is not None:
            total = self.valid + (self.invalid if self.invalid is not None else 0)
            return np.asarray(total + (self.blank if self.blank is not None else 0))
        return np.asarray(self.votes.sum(axis=1), dtype=np.int64)

    def subset(self, mask: npt.NDArray[np.bool_]) -> Stations:
        def take(column: Counts | None) -> Counts | None:
            return None if column is None else column[mask]

        return Stations(
            units=self.units[mask],
            regions=None if self.regions is None else self.regions[mask],
            lists=self.lists,
            votes=self.votes[mask],
            leader=self.leader,
            registered=take(self.registered),
            issued=take(self.issued),
            cast=take(self.cast),
            valid=take(self.valid),
            invalid=take(self.invalid),
            blank=take(self.blank),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionResult:
    """One test in one region, with its Benjamini–Hochberg adjusted p-value."""

    region: str
    test: str
    stations: int
    p_value: float
    effect: float
    adjusted: float = float("nan")
    rejected: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "region": self.region,
            "test": self.test,
            "stations": self.stations,
            "p_value": _number(self.p_value),
            "effect": _number(self.effect),
            "adjusted_p_value": _number(self.adjusted),
            "rejected": self.rejected,
        }


def _number(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryTest:
    """One country-wide test (``scope`` a list, or ``all`` for the integer percentages) with
    its Benjamini–Hochberg adjusted p-value across the country-wide family."""

    scope: str
    test: str
    p_value: float
    adjusted: float
    rejected: bool


def _country_family(
    digit_tests: Mapping[str, tuple[digits.DigitTest, ...]],
    integer: round_numbers.IntegerPercentages | None,
    fdr: float,
) -> tuple[CountryTest, ...]:
    """Benjamini–Hochberg across every applicable digit test of every list and the three
    integer-percentage counts (their normal p-values: Monte Carlo ones stop at 1/(R + 1))."""
    found = [
        (name, t.test, t.p_value) for name, tests in digit_tests.items() for t in tests
        if t.applicable
    ]  # fmt: skip
    if integer is not None and integer.kept:
        found.extend(
            ("all", f"integer_percentages_{kind}", p)
            for kind, p in zip(round_numbers.KINDS, integer.normal_p_values, strict=True)
        )
    p_values = [p for _, _, p in found]
    adjusted = multiple.benjamini_hochberg(p_values)
    flags = multiple.rejected(p_values, fdr)
    return tuple(
        CountryTest(scope=scope, test=test, p_value=p, adjusted=a, rejected=flag)
        for (scope, test, p), a, flag in zip(found, adjusted, flags, strict=True)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ForensicReport:
    """Everything :func:`analyse` found."""

    stations: int
    lists: tuple[str, ...]
    leader: str
    violations: tuple[accounting.Violation, ...]
    digit_tests: Mapping[str, tuple[digits.DigitTest, ...]]
    integer: round_numbers.IntegerPercentages | None
    fingerprint: Fingerprint | None
    clean_peak: shpilkin.CleanPeakExcess | None
    klimek: KlimekFit | None
    outliers: tuple[outliers.Outlier, ...]
    regions: tuple[RegionResult, ...]
    fdr: float
    seed: int
    country: tuple[CountryTest, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def country_test(self, scope: str, test: str) -> CountryTest | None:
        """The country-wide family's entry for ``test`` on ``scope`` (None if it was not run)."""
        for entry in self.country:
            if entry.scope == scope and entry.test == test:
                return entry
        return None

    def as_json(self, *, units: npt.NDArray[np.object_] | None = None) -> dict[str, object]:
        """One JSON object; station indices are replaced by ids when ``units`` is given.

        Every broken identity and every outlier flag is listed (no cut-off); each country-wide
        test carries its adjusted p-value and whether it is rejected at ``false_discovery_rate``.
        """

        def station(i: int) -> object:
            return str(units[i]) if units is not None else i

        def digit_json(name: str, test: digits.DigitTest) -> dict[str, object]:
            entry = self.country_test(name, test.test) if test.applicable else None
            return {
                **test.as_json(),
                "adjusted_p_value": None if entry is None else _number(entry.adjusted),
                "rejected": entry is not None and entry.rejected,
            }

        integer: dict[str, object] | None = None
        if self.integer is not None:
            kinds = [
                self.country_test("all", f"integer_percentages_{k}") for k in round_numbers.KINDS
            ]
            integer = {
                **self.integer.as_json(),
                "adjusted_p_values": [None if k is None else _number(k.adjusted) for k in kinds],
                "rejected": [k is not None and k.rejected for k in kinds],
            }

        return {
            "stations": self.stations,
            "lists": list(self.lists),
            "leader": self.leader,
            "seed": self.seed,
            "accounting": {
                "violations": len(self.violations),
                "by_rule": accounting.summarise(self.violations),
                "stations": [
                    {**v.as_json(), "station": station(v.station)} for v in self.violations
                ],
            },
            "digit_tests": {
                name: [digit_json(name, test) for test in tests]
                for name, tests in self.digit_tests.items()
            },
            "integer_percentages": integer,
            "clean_peak": None if self.clean_peak is None else self.clean_peak.as_json(),
            "klimek": None if self.klimek is None else self.klimek.as_json(),
            "fingerprint": None
            if self.fingerprint is None
            else {
                "bins": int(self.fingerprint.counts.shape[0]),
                "stations": self.fingerprint.stations,
            },
            "outliers": [{**o.as_json(), "station": station(o.station)} for o in self.outliers],
            "outlier_count": len(self.outliers),
            "regions": [r.as_json() for r in self.regions],
            "false_discovery_rate": self.fdr,
            "warnings": list(self.warnings),
        }


def _region_tests(
    stations: Stations, *, repetitions: int, seed: int, digit_repetitions: int
) -> list[tuple[str, int, float, float]]:
    """``(test, stations, p, effect)`` for the region tests that the columns allow."""
    found: list[tuple[str, int, float, float]] = []
    leader = np.ascontiguousarray(stations.votes[:, stations.leader])
    totals = stations.totals_for_lists()
    draws = digits.null_draws(leader, totals, repetitions=digit_repetitions, seed=seed)
    for test in (digits.second_digit_test, digits.last_digit_test, digits.zero_five_test):
        result = test(leader, totals, draws=draws)
        found.append((result.test, result.n, result.p_value, result.effect))
    voted = stations.voted()
    if stations.registered is not None and voted is not None:
        integer = round_numbers.integer_percentage_test(
            stations.registered,
            voted,
            stations.ballots(),
            leader,
            repetitions=repetitions,
            seed=seed,
        )
        # the normal p-value: Monte Carlo ones stop at 1/(R + 1), too coarse for FDR control
        p = integer.normal_p_values[0] if integer.kept else float("nan")
        found.append(("integer_percentages", integer.kept, p, integer.excess[0]))
    return found


def analyse(
    stations: Stations,
    *,
    repetitions: int = 1000,
    region_repetitions: int = 200,
    digit_repetitions: int = 20,
    seed: int = 0,
    fdr: float = 0.05,
    fit_model: bool = True,
    progress: Progress | None = None,
) -> ForensicReport:
    """Run every forensic test (see the module docstring)."""
    notes: list[str] = []
    step = 0
    phases = 6 + (0 if stations.regions is None else 1)

    def advance(phase: str) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(phase, step, phases)

    violations = accounting.check_accounting(
        registered=stations.registered,
        issued=stations.issued,
        cast=stations.cast,
        valid=stations.valid,
        invalid=stations.invalid,
        blank=stations.blank,
        votes=stations.votes,
    )
    advance("accounting")
    totals = stations.totals_for_lists()
    digit_tests = {
        name: digits.all_digit_tests(
            np.ascontiguousarray(stations.votes[:, j]),
            totals,
            repetitions=digit_repetitions,
            seed=seed + j,
        )
        for j, name in enumerate(stations.lists)
    }
    for name, tests in digit_tests.items():
        notes.extend(f"{name}: {t.test} not run: {t.reason}" for t in tests if not t.applicable)
    advance("digit tests")
    leader = np.ascontiguousarray(stations.votes[:, stations.leader])
    ballots = stations.ballots()
    voted = stations.voted()
    integer = fp = clean_peak = klimek = None
    if stations.issued is None and voted is not None:
        notes.append("ballots issued are not recorded: turnout is ballots cast / registered")
    if stations.registered is not None and voted is not None:

        def mc(done: int, total: int) -> None:
            if progress is not None:
                progress("integer percentages", done, total)

        integer = round_numbers.integer_percentage_test(
            stations.registered,
            voted,
            ballots,
            leader,
            repetitions=repetitions,
            seed=seed,
            progress=mc,
        )
        fp = fingerprint(stations.registered, voted, ballots, leader)
        others = np.asarray(stations.votes.sum(axis=1) - leader, dtype=np.int64)
        clean_peak = shpilkin.clean_peak_excess(stations.registered, voted, leader, others)
        if fit_model:
            klimek = fit_klimek(stations.registered, voted, ballots, leader, seed=seed)
    else:
        notes.append(
            "registered voters or ballots (issued or cast) are missing: no integer-percentage "
            "test, fingerprint, clean-peak estimate or fraud-model fit"
        )
    advance("turnout tests")
    found: tuple[outliers.Outlier, ...] = ()
    if stations.registered is not None and voted is not None and stations.valid is not None:
        regions = (
            stations.regions
            if stations.regions is not None
            else np.full(len(leader), "", dtype=object)
        )
        found = outliers.outlier_stations(
            regions=regions,
            registered=stations.registered,
            issued=voted,
            cast=ballots,
            valid=stations.valid,
            votes=stations.votes,
            leader=stations.leader,
        )
    advance("outliers")
    region_results: list[RegionResult] = []
    if stations.regions is not None:
        names = sorted(set(stations.regions.tolist()))
        for k, name in enumerate(names):
            subset = stations.subset(stations.regions == name)
            for test, n, p, effect in _region_tests(
                subset,
                repetitions=region_repetitions,
                seed=seed + 1000 + k,
                digit_repetitions=digit_repetitions,
            ):
                region_results.append(
                    RegionResult(region=str(name), test=test, stations=n, p_value=p, effect=effect)
                )
            if progress is not None:
                progress("regions", k + 1, len(names))
        adjusted = multiple.benjamini_hochberg([r.p_value for r in region_results])
        rejected = multiple.rejected([r.p_value for r in region_results], fdr)
        region_results = [
            RegionResult(
                region=r.region,
                test=r.test,
                stations=r.stations,
                p_value=r.p_value,
                effect=r.effect,
                adjusted=a,
                rejected=flag,
            )
            for r, a, flag in zip(region_results, adjusted, rejected, strict=True)
        ]
        advance("regions")
    advance("done")
    return ForensicReport(
        stations=len(leader),
        lists=stations.lists,
        leader=stations.lists[stations.leader],
        violations=violations,
        digit_tests=digit_tests,
        integer=integer,
        fingerprint=fp,
        clean_peak=clean_peak,
        klimek=klimek,
        outliers=found,
        regions=tuple(region_results),
        fdr=fdr,
        seed=seed,
        country=_country_family(digit_tests, integer, fdr),
        warnings=tuple(notes),
    )


__all__ = ["REGION_TESTS", "CountryTest", "ForensicReport", "RegionResult", "Stations", "analyse"]
