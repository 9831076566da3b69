"""The forensic sections of a report: the tests on the polling stations, their p-values, the
regions flagged, and the fingerprint, integer-percentage and digit plots.

Built from :func:`hemicycle.forensics.report.analyse`'s findings (see ``docs/forensics.md`` for
each test and its null); the plots are :mod:`.forensic_plots`' figures, inline as SVG.
"""

from __future__ import annotations

from hemicycle.forensics.report import ForensicReport, Stations
from hemicycle.report.forensic_plots import figure_svg, forensic_figures
from hemicycle.report.model import Section

KINDS = ("either", "leader", "turnout")
"""The integer-percentage counts: stations with an integer turnout or leader's share, or both."""

SHOWN_FLAGS = 50
"""Flagged region tests listed at most (the count is always given)."""


def _p(value: float) -> str:
    return "–" if value != value else f"{value:.3g}"  # NaN: the test could not run


def summary_section(report: ForensicReport) -> Section:
    """What was tested and the headline figures: accounting, clean peak, fraud model, outliers."""
    rows: list[tuple[str, str]] = [
        ("polling stations", f"{report.stations:,}"),
        ("leader", report.leader),
        ("broken accounting identities", f"{len(report.violations):,}"),
        ("outlier flags", f"{len(report.outliers):,}"),
    ]
    by_rule: dict[str, int] = {}
    for violation in report.violations:
        by_rule[violation.rule] = by_rule.get(violation.rule, 0) + 1
    rows.extend((f"  {rule}", f"{count:,} stations") for rule, count in by_rule.items())
    if report.clean_peak is not None:
        peak = report.clean_peak
        rows.append(
            (
                "clean-peak excess (Shpilkin)",
                f"{peak.excess_votes:,.0f} votes above the peak at {peak.peak_turnout:.0%} "
                f"turnout; leader {peak.official_share:.2%} official, "
                f"{peak.corrected_share:.2%} corrected",
            )
        )
    if report.klimek is not None:
        fit = report.klimek.parameters
        rows.append(
            (
                "fraud model (Klimek et al. 2012)",
                f"incremental {fit.incremental:.3f}, extreme {fit.extreme:.3f}",
            )
        )
    notes = "; ".join(report.warnings)
    return Section(
        title="Election forensics",
        header=("finding", "value"),
        rows=tuple(rows),
        note=f"Seed {report.seed}. " + (f"Notes: {notes}." if notes else ""),
    )


def integer_section(report: ForensicReport) -> Section | None:
    """Stations with a whole-number turnout or leader's share, against the binomial null
    (Kobak, Shpilkin and Pshenichnikov 2016)."""
    found = report.integer
    if found is None:
        return None
    return Section(
        title="Integer percentages",
        header=("stations with an integer", "observed", "expected", "excess", "p-value"),
        rows=tuple(
            (
                kind,
                f"{found.observed[i]:,}",
                f"{found.expected[i]:,.1f}",
                f"{found.excess[i]:+,.1f}",
                _p(found.p_values[i]),
            )
            for i, kind in enumerate(KINDS)
        ),
        note=f"{found.kept:,} stations kept. Null: {found.null}.",
    )


def digit_section(report: ForensicReport) -> Section:
    """Every digit test that could run, list by list, with its p-value and effect."""
    return Section(
        title="Digit tests",
        header=("list", "test", "n", "statistic", "p-value", "effect"),
        rows=tuple(
            (name, t.test, f"{t.n:,}", f"{t.statistic:.3g}", _p(t.p_value), f"{t.effect:+.3g}")
            for name, tests in report.digit_tests.items()
            for t in tests
            if t.applicable
        ),
        note="Each station's counts redrawn under the binomial null, not Benford's law alone "
        "(see docs/forensics.md).",
    )


def region_section(report: ForensicReport) -> Section | None:
    """The region tests rejected at the false discovery rate (Benjamini and Hochberg 1995)."""
    if not report.regions:
        return None
    flagged = sorted((r for r in report.regions if r.rejected), key=lambda r: r.adjusted)
    return Section(
        title="Regions flagged",
        header=("region", "test", "stations", "p-value", "adjusted p-value"),
        rows=tuple(
            (r.region, r.test, f"{r.stations:,}", _p(r.p_value), _p(r.adjusted))
            for r in flagged[:SHOWN_FLAGS]
        ),
        note=f"{len(flagged)} of {len(report.regions)} region tests rejected at a false "
        f"discovery rate of {report.fdr:g} (Benjamini–Hochberg across regions and tests).",
    )


def plots_section(report: ForensicReport, stations: Stations) -> Section | None:
    """The fingerprint, the integer-percentage histograms and the leader's digit plots."""
    figures = tuple(figure_svg(figure) for _, figure in forensic_figures(report, stations))
    if not figures:
        return None
    return Section(
        title="Forensic plots",
        header=(),
        rows=(),
        note="Turnout × leader's share (Klimek et al. 2012); turnout and leader's share in "
        "0.1-point bins with whole percentages in red; the leader's digits against the null.",
        figures=figures,
    )


def forensic_sections(
    report: ForensicReport, stations: Stations, *, plots: bool = True
) -> tuple[Section, ...]:
    """Every forensic section of a report, in reading order."""
    found = [
        summary_section(report),
        integer_section(report),
        digit_section(report),
        region_section(report),
        plots_section(report, stations) if plots else None,
    ]
    return tuple(section for section in found if section is not None)


__all__ = [
    "KINDS",
    "SHOWN_FLAGS",
    "digit_section",
    "forensic_sections",
    "integer_section",
    "plots_section",
    "region_section",
    "summary_section",
]
