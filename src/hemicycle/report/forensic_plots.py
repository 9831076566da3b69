"""Plots of the forensic tests (matplotlib, Agg backend) and a self-contained HTML summary.

- the fingerprint: turnout × leader's share as a 2-D histogram (Klimek et al. 2012);
- digit histograms: observed digit shares against the simulated null with its 95% band (and
  Benford's law where it applies);
- integer-percentage histograms: turnout and the leader's share in 0.1-point bins, with the whole
  percentages marked (Kobak, Shpilkin & Pshenichnikov 2016, Fig. 1).

Every function writes one file (``.png`` or ``.svg``, from the suffix) and returns its path.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from hemicycle.forensics.digits import DigitTest
from hemicycle.forensics.fingerprint import Fingerprint
from hemicycle.forensics.report import ForensicReport, Stations
from hemicycle.forensics.round_numbers import kobak_filter

matplotlib.use("Agg")
import matplotlib.pyplot as plt

Counts = npt.NDArray[np.int64]
FORMATS = (".png", ".svg")


def _save(figure: Figure, path: Path) -> Path:
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"plots are written as {' or '.join(FORMATS)} (got {path.name!r})")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)
    return path


def fingerprint_figure(fp: Fingerprint, title: str = "Election fingerprint") -> Figure:
    figure, axes = plt.subplots(figsize=(5.5, 5))
    image = np.log1p(fp.counts)
    axes.imshow(
        image.T,
        origin="lower",
        extent=(0, 100, 0, 100),
        cmap="viridis",
        aspect="equal",
        interpolation="nearest",
    )
    axes.set_xlabel("turnout (%)")
    axes.set_ylabel("leader's share of ballots cast (%)")
    axes.set_title(f"{title}\n{fp.stations:,} stations, log(1 + {fp.weights})")
    return figure


def plot_fingerprint(fp: Fingerprint, path: Path, title: str = "Election fingerprint") -> Path:
    """The turnout × share histogram on a log colour scale."""
    return _save(fingerprint_figure(fp, title), path)


def digit_figure(test: DigitTest, title: str) -> Figure:
    if not test.applicable or not test.observed:
        raise ValueError(f"{test.test} has no digit distribution to plot ({test.reason})")
    size = len(test.observed)
    first = 10 - size
    positions = np.arange(first, 10)
    figure, axes = plt.subplots(figsize=(6, 3.5))
    low = [b[0] for b in test.band]
    high = [b[1] for b in test.band]
    axes.fill_between(positions, low, high, color="0.85", step="mid", label="null, 95% band")
    axes.plot(positions, test.expected, "k-", drawstyle="steps-mid", label="null")
    axes.plot(positions, test.observed, "o", color="C3", label="observed")
    if test.benford:
        axes.plot(positions, test.benford, "--", color="C0", label="Benford")
    axes.set_xticks(positions)
    axes.set_xlabel("digit")
    axes.set_ylabel("share")
    axes.set_title(f"{title}\n{test.test}: n = {test.n:,}, p = {test.p_value:.3g}")
    axes.legend(fontsize=8)
    return figure


def plot_digit_test(test: DigitTest, path: Path, title: str = "") -> Path:
    """Observed digit shares against the null band."""
    return _save(digit_figure(test, title), path)


def integer_figure(
    registered: Counts, issued: Counts, cast: Counts, leader: Counts, title: str = ""
) -> Figure:
    keep = kobak_filter(registered, issued, cast)  # the stations the test itself keeps
    turnout = 100 * issued[keep] / registered[keep]
    share = 100 * leader[keep] / cast[keep]
    edges = np.arange(-0.05, 100.1, 0.1)
    figure, rows = plt.subplots(2, 1, figsize=(9, 5), sharex=True)
    for axes, values, label in ((rows[0], turnout, "turnout"), (rows[1], share, "leader's share")):
        counts, _ = np.histogram(values, bins=edges)
        centres = (edges[:-1] + edges[1:]) / 2
        axes.plot(centres, counts, lw=0.6, color="0.2")
        whole = np.isclose(centres, np.round(centres))
        axes.plot(centres[whole], counts[whole], ".", color="C3", ms=3)
        inner = counts[1:-1]
        if inner.size and inner.max() > 0:
            axes.set_ylim(0, 1.15 * inner.max())  # 0% and 100% may tower over the rest
        axes.set_ylabel(f"stations\n({label})")
    rows[1].set_xlabel(
        f"percent (0.1-point bins; whole percentages in red); {int(keep.sum()):,} stations kept"
    )
    rows[0].set_title(title or "Integer percentages")
    return figure


def plot_integer_percentages(
    registered: Counts, issued: Counts, cast: Counts, leader: Counts, path: Path, title: str = ""
) -> Path:
    """Histograms of turnout and the leader's share in 0.1-point bins."""
    return _save(integer_figure(registered, issued, cast, leader, title), path)


def figure_svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element to place inline in a page (closes the figure).

    Text is drawn as paths and the ids are salted with a constant, so the same figure gives the
    same markup.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "hemicycle", "svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def forensic_figures(report: ForensicReport, stations: Stations) -> list[tuple[str, Figure]]:
    """The plots of a forensic report, named: the fingerprint, the integer percentages and the
    leader's digit tests (those with a distribution to draw)."""
    figures = []
    if report.fingerprint is not None:
        figures.append(("fingerprint", fingerprint_figure(report.fingerprint)))
    voted = stations.voted()
    if stations.registered is not None and voted is not None:
        leader = np.ascontiguousarray(stations.votes[:, stations.leader])
        figures.append(
            (
                "integer_percentages",
                integer_figure(stations.registered, voted, stations.ballots(), leader),
            )
        )
    for test in report.digit_tests.get(report.leader, ()):
        if test.applicable and test.observed and len(test.observed) > 1:
            figures.append((test.test, digit_figure(test, report.leader)))
    return figures


def write_html_report(
    report: ForensicReport,
    path: Path,
    *,
    figures: Sequence[Figure] = (),
    title: str = "Election forensics",
) -> Path:
    """A single HTML file: the findings as tables and the figures inline as SVG."""
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "td,th{padding:2px 8px;border-bottom:1px solid #ddd}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{report.stations:,} stations; leader: {e(report.leader)}; seed {report.seed}.</p>",
        "<h2>Accounting identities</h2>",
    ]
    summary: dict[str, int] = {}
    for violation in report.violations:
        summary[violation.rule] = summary.get(violation.rule, 0) + 1
    parts.append(
        "<p>No station breaks an identity.</p>"
        if not summary
        else "<table>"
        + "".join(f"<tr><td>{e(k)}</td><td>{v:,} stations</td></tr>" for k, v in summary.items())
        + "</table>"
    )
    if report.integer is not None:
        r = report.integer
        parts.append(
            "<h2>Integer percentages</h2><table><tr><th></th><th>observed</th>"
            "<th>expected</th><th>excess</th><th>p</th></tr>"
        )
        for i, kind in enumerate(("either", "leader", "turnout")):
            parts.append(
                f"<tr><td>{kind}</td><td>{r.observed[i]:,}</td><td>{r.expected[i]:,.1f}</td>"
                f"<td>{r.excess[i]:,.1f}</td><td>{r.p_values[i]:.3g}</td></tr>"
            )
        parts.append(f"</table><p>{r.kept:,} stations kept. Null: {e(r.null)}.</p>")
    parts.append(
        "<h2>Digit tests</h2><table><tr><th>list</th><th>test</th><th>n</th>"
        "<th>statistic</th><th>p</th><th>effect</th></tr>"
    )
    for name, tests in report.digit_tests.items():
        for t in tests:
            if t.applicable:
                parts.append(
                    f"<tr><td>{e(name)}</td><td>{t.test}</td><td>{t.n:,}</td>"
                    f"<td>{t.statistic:.3g}</td><td>{t.p_value:.3g}</td><td>{t.effect:.3g}</td></tr>"
                )
    parts.append("</table>")
    if report.regions:
        flagged = [r for r in report.regions if r.rejected]
        parts.append(
            f"<h2>Regions</h2><p>{len(flagged)} of {len(report.regions)} region tests rejected "
            f"at a false discovery rate of {report.fdr:g} (Benjamini–Hochberg).</p><table>"
        )
        parts.extend(
            f"<tr><td>{e(r.region)}</td><td>{r.test}</td><td>{r.adjusted:.3g}</td></tr>"
            for r in flagged
        )
        parts.append("</table>")
    for figure in figures:
        parts.append(f"<figure>{figure_svg(figure)}</figure>")
    parts.append("</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


__all__ = [
    "digit_figure",
    "figure_svg",
    "fingerprint_figure",
    "forensic_figures",
    "integer_figure",
    "plot_digit_test",
    "plot_fingerprint",
    "plot_integer_percentages",
    "write_html_report",
]
